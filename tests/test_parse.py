"""The parser on the five real notices: every requirement of the foundation issue, one test each."""

from __future__ import annotations

import pytest

from hrcli.errors import ParseError
from hrcli.parse.clean import clean_text
from hrcli.parse.notice import chinese_number, parse_notice

from .conftest import read_corpus


@pytest.mark.parametrize(
    ("slug", "tasks", "sections"),
    [("linfen", 18, 4), ("qinghai", 24, 8), ("sixian", 19, 4), ("nanchang", 23, 4), ("shanxi", 2, 2)],
)
def test_task_and_section_counts(notices, slug, tasks, sections):
    notice = notices[slug]
    assert len(notice.tasks) == tasks
    assert len(notice.sections) == sections
    assert [task.number for task in notice.tasks] == list(range(1, tasks + 1))


@pytest.mark.parametrize(("numeral", "value"), [("一", 1), ("十", 10), ("十六", 16), ("二十四", 24), ("一百零三", 103)])
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


def test_qinghai_task_16_is_payment_reform_led_by_insurance_bureau(notices):
    task = notices["qinghai"].task(16)
    assert task.label == "(十六)"
    assert task.title == "持续深化医保支付方式改革"
    assert task.lead == "省医保局"
    assert task.section == 5


def test_linfen_task_9_departments_in_order_with_inherited_government(notices):
    task = notices["linfen"].task(9)
    assert [d.name for d in task.departments] == ["市工信局", "市医保局", "市市场监管局", "市卫健委", "各县市区人民政府"]
    assert [d.inherited for d in task.departments] == [False, False, False, False, True]
    assert task.lead == "市工信局"


def test_linfen_carry_forward_applies_from_task_4_on(notices):
    tasks = notices["linfen"].tasks
    inherited = [t.number for t in tasks if any(d.inherited and d.name == "各县市区人民政府" for d in t.departments)]
    assert inherited == list(range(4, 19))
    # Task (三) lists the county governments itself, and carries no "不再列出" junk department.
    assert [d.name for d in tasks[2].departments] == ["市卫健委", "市财政局", "市医保局", "各县市区人民政府"]


def test_shanxi_summary_part_is_not_tasks_and_group_items_are(notices):
    notice = notices["shanxi"]
    assert [s.kind for s in notice.sections] == ["summary", "tasks"]
    assert [t.label for t in notice.tasks] == ["1.", "2."]
    assert all(t.section == 2 and t.group == "全面深化公立医院改革" for t in notice.tasks)
    assert notice.tasks[0].title == "破除以药补医,推动建立科学补偿机制"


def test_shanxi_legend_and_carried_lead_rule(notices):
    first, second = notices["shanxi"].tasks
    assert first.lead == "省卫生计生委" and first.lead_rule == "stated"
    assert second.lead == "省物价局" and second.lead_rule == "carried"
    assert [d.name for d in first.departments] == ["省卫生计生委", "省财政厅", "省物价局", "省人力资源社会保障厅"]


def test_shanxi_truncation_is_a_warning(notices):
    warnings = notices["shanxi"].warnings
    assert any("truncated" in w and "分享到" in w for w in warnings)
    assert notices["shanxi"].closing == ""


def test_page_break_joins_words_without_spaces(notices):
    linfen_2 = notices["linfen"].task(2).text
    assert "市中医医院、市急救中心" in linfen_2
    assert "建立健全防范因病致贫返贫" in notices["qinghai"].task(15).text
    # Linfen (四)'s page break falls inside "加强对\n\n基层医务人员".
    assert "加强对基层医务人员的培训" in notices["linfen"].task(4).text


def test_note_split_over_a_page_break_still_parses(notices):
    task = notices["linfen"].task(12)
    assert task.note == "市卫健委等按职责分工负责"
    assert task.lead == "市卫健委"


def test_spaces_inside_numbers_and_dates_are_removed(notices):
    notice = notices["linfen"]
    assert "县域内就诊率达90%以上" in notice.task(3).text
    assert notice.dates["printed"] == "2022-12-06"
    assert "2022年重点工作任务" in notice.implements


def test_fullwidth_brackets_and_nested_note_brackets(notices):
    task = notices["sixian"].task(1)
    assert task.label == "(一)"
    assert [d.name for d in task.departments] == ["县新冠疫情防控指挥部成员单位", "各镇人民政府(开发区工委)"]


def test_stray_separator_and_deng_dropped(notices):
    task = notices["sixian"].task(10)
    assert [d.name for d in task.departments] == ["县卫生健康委", "县发改委", "县财政局", "县医保局", "县教体局"]


def test_he_and_ji_split_names_but_not_inside_a_name(notices):
    assert [d.name for d in notices["linfen"].task(1).departments] == ["市发展改革委", "市卫健委", "市财政局"]
    names = [d.name for d in notices["nanchang"].task(4).departments]
    assert "市人力资源和社会保障局" in names


def test_debris_is_not_content(notices):
    for notice in notices.values():
        everything = notice.preamble + notice.closing + "".join(t.text + (t.note or "") for t in notice.tasks)
        for debris in ("您当前所在位置", "访问量", "浏览次数", "作者:", "扫码浏览", "分享到", "bookmark", "此件公开发布"):
            assert debris not in everything, (notice.region, debris)
    assert notices["sixian"].task(10).label == "(十)"


@pytest.mark.parametrize(
    ("slug", "number", "closing_start"),
    [("linfen", 18, "市县两级医改领导组办公室要"), ("sixian", 19, "各有关部门要高度重视"), ("nanchang", 23, "各县区各有关部门要"),
     ("qinghai", 24, "附件:")],
)
def test_closing_text_is_not_part_of_the_last_task(notices, slug, number, closing_start):
    notice = notices[slug]
    assert notice.closing.startswith(closing_start)
    assert closing_start not in notice.task(number).text
    assert "抄送" not in notice.task(number).text


def test_linfen_metadata(notices):
    notice = notices["linfen"]
    assert notice.doc_number == "临政办发〔2022〕48号"
    assert notice.issuer == "临汾市人民政府办公室"
    assert notice.title == "临汾市深化医药卫生体制改革近期重点工作任务"
    assert notice.years == [2022]
    assert notice.level == "city" and notice.place == "临汾市"


def test_other_metadata(notices):
    assert notices["qinghai"].dates == {"published": "2022-05-20", "signed": "2022-05-11"}
    assert notices["sixian"].years == [2021, 2022]
    assert notices["nanchang"].dates["signed"] == "2021-10-27"
    assert notices["shanxi"].title == "山西省深化医药卫生体制改革2022年工作总结和2022年重点工作任务"
    assert notices["shanxi"].dates["signed"] == "2022-06-17"
    assert notices["shanxi"].level == "province"


def test_every_field_traces_back_to_the_original_text():
    for slug in ("linfen", "qinghai", "sixian", "nanchang", "shanxi"):
        raw = read_corpus(slug)
        notice = parse_notice(raw, slug)
        for task in notice.tasks:
            start, end = task.span
            original = raw[start:end]
            assert original.lstrip().startswith(task.label[0]) or original.lstrip()[0] in "(（"
            assert task.title[:4] in clean_text(original).text
            if task.note_span:
                note = clean_text(raw[task.note_span[0] : task.note_span[1]]).text
                assert task.note[:4] in note


def test_utf8_bom_gbk_and_crlf_parse_identically(notices):
    from hrcli.read.textio import decode_notice

    raw = read_corpus("qinghai")
    variants = [
        raw.encode("utf-8"),
        b"\xef\xbb\xbf" + raw.encode("utf-8"),
        raw.encode("gb18030"),
        raw.replace("\n", "\r\n").encode("gb18030"),
    ]
    for data in variants:
        text, _ = decode_notice(data)
        notice = parse_notice(text, "qinghai")
        assert [(t.number, t.title, t.lead) for t in notice.tasks] == [
            (t.number, t.title, t.lead) for t in notices["qinghai"].tasks
        ]


def test_text_without_numbered_tasks_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_notice("这是一段没有编号任务的文字。\n第二段文字。", "x")


GENERAL_FORMS = """关于印发某市深化医药卫生体制改革2017年重点工作任务的通知
某政办发〔2017〕5号
各县(市、区)人民政府,市直各部门:
现将《某市深化医药卫生体制改革2017年重点工作任务》印发给你们,请认真贯彻执行。
某市人民政府办公室
2017年5月2日
某市深化医药卫生体制改革2017年重点工作任务
一、深化公立医院改革
1.全面推开公立医院综合改革。取消药品加成。(市卫生计生委负责,2017年6月底前完成)
2.完善医疗服务价格。(市卫生计生委、市财政局负责,市编办、市人力资源社会保障局参与)
3.推进薪酬制度改革。(排在第一位的为牵头部门,下同。市人社局、市财政局负责)
二、推进分级诊疗
4.建设医联体。(市卫生计生委、市医保局负责)
"""


def test_general_forms_cover_letter_direct_numbering_deadline_and_participants():
    notice = parse_notice(GENERAL_FORMS, "mou")
    assert [t.number for t in notice.tasks] == [1, 2, 3, 4]
    assert notice.doc_number == "某政办发〔2017〕5号"
    assert notice.dates["signed"] == "2017-05-02"
    assert notice.years == [2017]
    first, second, third, fourth = notice.tasks
    assert first.deadline == "2017年6月底前完成"
    assert [(d.name, d.role) for d in second.departments] == [
        ("市卫生计生委", "lead"), ("市财政局", "responsible"), ("市编办", "participating"), ("市人力资源社会保障局", "participating")]
    assert third.lead == "市人社局" and third.lead_rule == "stated"
    assert fourth.lead_rule == "carried"
    assert "(市、区)" in notice.preamble


def test_tasks_without_any_section_heading():
    notice = parse_notice("某县2023年医改重点任务\n1.推进医共体建设。(县卫健委负责)\n2.做好疫情防控。(县卫健委负责)\n", "x")
    assert [t.section for t in notice.tasks] == [None, None]
    assert [t.title for t in notice.tasks] == ["推进医共体建设", "做好疫情防控"]


def test_numbering_gap_is_a_warning():
    text = "一、改革\n(一)甲任务。(市卫健委负责)\n(三)丙任务。(市卫健委负责)\n"
    notice = parse_notice(text, "x")
    assert any("(三) follows (一)" in w for w in notice.warnings)


@pytest.mark.parametrize("mark", [";", "；", "。"])
def test_a_semicolon_ends_the_title_like_a_full_stop(mark):
    text = f"一、重点任务\n(一)推进分级诊疗制度建设{mark}完善家庭医生签约服务,提高签约率。(市卫健委负责)\n"
    task = parse_notice(text, "x").tasks[0]
    assert task.title == "推进分级诊疗制度建设"
    assert task.text.startswith("推进分级诊疗制度建设")


def test_a_paragraph_starting_with_a_decimal_figure_is_not_a_numbered_item():
    text = (
        "一、重点任务\n"
        "(一)加强基层医疗卫生队伍建设。推进乡镇卫生院标准化建设。\n"
        "2.5万名乡村医生全部纳入培训计划,年内完成轮训。(市卫健委负责)\n"
        "(二)推进医保支付方式改革。全面推行按病种分值付费。(市医保局负责)\n"
    )
    notice = parse_notice(text, "x")
    assert [t.label for t in notice.tasks] == ["(一)", "(二)"]
    assert "2.5万名乡村医生" in notice.tasks[0].text
    assert notice.tasks[0].note == "市卫健委负责"


def test_a_line_cut_before_a_decimal_figure_is_joined():
    # A page break left "…培训乡村医生" at a line end; the next line starts with a figure, not a label.
    text = "(一)加强基层医疗卫生队伍建设。全市各县区要统筹培训乡村医生\n1.2万人次,年内完成轮训。(市卫健委负责)\n"
    assert clean_text(text).text == "(一)加强基层医疗卫生队伍建设。全市各县区要统筹培训乡村医生1.2万人次,年内完成轮训。(市卫健委负责)"


def test_a_line_of_twenty_odd_characters_cut_by_a_page_break_is_joined():
    first = "(三)推进分级诊疗制度建设。完善家庭医生签约服"  # a sentence mark: a task's text, not a heading
    assert 20 <= len(first) < 40
    text = f"{first}\n务,提高重点人群签约率。(市卫健委负责)\n"
    assert clean_text(text).text == f"{first}务,提高重点人群签约率。(市卫健委负责)"
    task = parse_notice(f"一、重点任务\n{text}", "x").tasks[0]
    assert task.note == "市卫健委负责" and "签约服务" in task.text


def test_a_short_title_line_is_not_joined_to_the_next():
    text = "某县医改重点任务\n一、重点任务\n"
    assert clean_text(text).text == "某县医改重点任务\n一、重点任务"


# A notice whose tasks carry no responsibility notes: the closing text is found by how its paragraphs start.
NO_NOTES = """某县2023年深化医药卫生体制改革重点工作任务
一、重点任务
(一)推进紧密型县域医共体建设。完善医共体内人员统筹使用机制。
(二)加强医保基金监管。开展打击欺诈骗保专项行动。
健全医保基金智能监控系统,实现定点医疗机构全覆盖。
{closing}
"""


@pytest.mark.parametrize(
    "closing",
    [
        "各乡镇、各有关部门要高度重视,结合实际制定具体措施,确保各项任务落到实处。",
        "县医改领导小组办公室要加强统筹协调,定期调度任务进展。",
        "抄送:县委办公室,县人大常委会办公室。",
        "附件:重点工作任务分工表",
        "2023年3月15日",
    ],
)
def test_closing_paragraphs_after_a_task_without_a_note(closing):
    notice = parse_notice(NO_NOTES.format(closing=closing), "x")
    last = notice.tasks[-1]
    assert notice.closing == closing
    assert closing not in last.text
    assert last.text.endswith("实现定点医疗机构全覆盖。")  # the task's own second paragraph stays its own


def test_the_first_date_on_its_own_line_is_the_signing_date():
    # A web copy adds the page's date below the text; the date under the signature comes first.
    text = (
        "关于印发某市2023年深化医药卫生体制改革重点工作任务的通知\n"
        "各县(市、区)人民政府,市直各部门:\n现将《重点工作任务》印发给你们,请认真贯彻执行。\n"
        "某市人民政府办公室\n2023年4月3日\n"
        "一、重点任务\n(一)推进医共体建设。(市卫健委负责)\n"
        "2023年4月10日\n"
    )
    assert parse_notice(text, "x").dates["signed"] == "2023-04-03"


# ---- forms each a rule of parse/notice.py reads, exactly (mutants make mutation found alive) --------------------
HEAD = "某市2022年深化医药卫生体制改革重点工作任务\n"


def parsed_tasks(body: str) -> list[tuple]:
    """(label, title, text, note, [(unit, role)]) of each task of a notice with this body."""
    notice = parse_notice(HEAD + body, "t")
    return [(t.label, t.title, t.text, t.note, [(d.name, d.role) for d in t.departments]) for t in notice.tasks]


def test_a_section_heading_splits_into_title_and_goal_at_its_first_full_stop():
    notice = parse_notice(HEAD + "一、深化医疗改革。坚持以人民健康为中心。\n（一）推进分级诊疗。（市卫健委负责）\n"
                          "二、加强公共卫生。\n（二）完善疾控体系。（市卫健委负责）\n"
                          "三、强化保障。统筹推进。持续改善。\n（三）推进医保支付方式改革。（市医保局负责）\n"
                          "四、加强组织实施。好\n（四）加强督导。（市医改办负责）\n", "t")
    assert [(s.title, s.goal) for s in notice.sections] == [
        ("深化医疗改革", "坚持以人民健康为中心。"), ("加强公共卫生", ""), ("强化保障", "统筹推进。持续改善。"), ("加强组织实施", "好")]


def test_a_note_closing_the_first_sentence_in_round_or_square_brackets():
    assert parsed_tasks("一、重点任务\n（一）完善分级诊疗（市卫健委牵头，市医保局配合）。推进医联体建设，提升基层能力。\n"
                        "（二）推进医共体建设【牵头单位：县卫健委】。完善县乡村一体化管理。\n"
                        "（三）推进改革（市卫健委牵头）。好\n（四）（市卫健委牵头）。推进医联体建设。\n") == [
        ("(一)", "完善分级诊疗", "完善分级诊疗。推进医联体建设,提升基层能力。", "市卫健委牵头,市医保局配合",
         [("市卫健委", "lead"), ("市医保局", "participating")]),
        ("(二)", "推进医共体建设", "推进医共体建设。完善县乡村一体化管理。", "牵头单位:县卫健委", [("县卫健委", "lead")]),
        ("(三)", "推进改革", "推进改革。好", "市卫健委牵头", [("市卫健委", "lead")]),
        # a bracket right after the label is the title, not a note closing it
        ("(四)", "(市卫健委牵头)", "(市卫健委牵头)。推进医联体建设。", None, []),
    ]


def test_a_last_sentence_naming_the_units_is_the_note():
    both = [("市医保局", "lead"), ("市卫健委", "participating")]
    assert parsed_tasks("一、重点任务\n1.推进改革）。具体措施如下。\n"
                        "2.推进药品集中采购。落实国家集采结果。开展监测。市医保局牵头，市卫健委参与。\n"
                        "3.推进药品使用监测；落实集采；市医保局牵头，市卫健委参与。\n"
                        "4.市医保局牵头，市卫健委参与。\n"
                        "5.推进药品集中采购。\n市医保局牵头，市卫健委参与。\n") == [
        ("1.", "推进改革)", "推进改革)。具体措施如下。", None, []),  # a stray bracket closes no note
        ("2.", "推进药品集中采购", "推进药品集中采购。落实国家集采结果。开展监测。", "市医保局牵头,市卫健委参与", both),
        ("3.", "推进药品使用监测", "推进药品使用监测;落实集采;", "市医保局牵头,市卫健委参与", both),
        ("4.", "市医保局牵头,市卫健委参与", "市医保局牵头,市卫健委参与。", None, []),  # the whole task is not its own note
        ("5.", "推进药品集中采购", "推进药品集中采购。", "市医保局牵头,市卫健委参与", both),  # a paragraph of its own
    ]


def test_unit_lines_a_bracket_before_the_note_and_a_cut_off_note():
    both = [("市医保局", "lead"), ("市卫健委", "participating")]
    assert parsed_tasks("一、重点任务\n13.推进价格改革（牵头单位：市医保局；配合单位：市卫健委）\n"
                        "14.推进价格改革。牵头单位：市医保局；配合单位：市卫健委\n"
                        "15.开展按病种付费（DIP）（市医保局负责）\n16.推进中医药发展。（省中医药局、省卫生健康委、") == [
        ("13.", "推进价格改革", "推进价格改革", "牵头单位:市医保局;配合单位:市卫健委", both),
        ("14.", "推进价格改革", "推进价格改革。", "牵头单位:市医保局;配合单位:市卫健委", both),
        ("15.", "开展按病种付费(DIP)", "开展按病种付费(DIP)", "市医保局负责", [("市医保局", "lead")]),
        ("16.", "推进中医药发展", "推进中医药发展。", "省中医药局、省卫生健康委", [("省中医药局", "lead"), ("省卫生健康委", "responsible")]),
    ]


def test_is_deadline():
    from hrcli.parse.notes import is_deadline

    assert is_deadline("2022年底前完成") and is_deadline("长期坚持")
    assert not is_deadline("市医保局负责") and not is_deadline("DIP")


def test_a_bracket_note_ends_the_last_paragraph_that_carries_one():
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗。\n完善家庭医生签约服务（试点）。\n建设医联体。（市卫健委负责）\n"
                        "（二）推进X。（市卫健委负责）。\n（三）（市卫健委负责）\n（四）推进药品集采（市医保局负责）（2022年底前完成）\n") == [
        ("(一)", "推进分级诊疗", "推进分级诊疗。\n完善家庭医生签约服务(试点)。\n建设医联体。", "市卫健委负责", [("市卫健委", "lead")]),
        ("(二)", "推进X", "推进X。", "市卫健委负责", [("市卫健委", "lead")]),  # a full stop after the bracket
        ("(三)", "(市卫健委负责)", "(市卫健委负责)", None, []),  # a task that is only a bracket: its title
        ("(四)", "推进药品集采", "推进药品集采", "市医保局负责;2022年底前完成", [("市医保局", "lead")]),
    ]
    assert parse_notice(HEAD + "一、重点任务\n（一）推进药品集采（市医保局负责）（2022年底前完成）\n", "t").tasks[0].deadline == "2022年底前完成"


def test_the_closing_text_is_cut_from_the_last_task():
    notice = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗：\n1.做实家庭医生签约；\n2.建设医联体。（省卫健委负责）\n"
                          "（二）推进医保改革。（省医保局负责）\n各地要加强组织领导。\n抄送：省委办公厅。\n", "t")
    assert [(t.text, t.note) for t in notice.tasks] == [
        ("推进分级诊疗:\n1.做实家庭医生签约;\n2.建设医联体。", "省卫健委负责"), ("推进医保改革。", "省医保局负责")]
    assert notice.closing == "各地要加强组织领导。\n抄送:省委办公厅。" and notice.warnings == []
    unnoted = parse_notice(HEAD + "一、重点任务\n（一）推进医保改革。（市医保局负责）\n（二）推进分级诊疗。\n抄送：市委办公室。\n", "t")
    assert unnoted.tasks[-1].text == "推进分级诊疗。" and unnoted.closing == "抄送:市委办公室。"


def test_which_items_are_tasks_a_list_inside_a_task_or_a_group_of_tasks():
    notice = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗。（市卫健委负责）\n（二）推进医保改革：\n1.做实DRG；\n2.推进DIP。\n"
                          "3.加强监管。（市医保局负责）\n（三）推进X。\n1.做A。（市卫健委负责）\n2.做B。\n3.做C。\n"
                          "（四）加强监管。\n1.做D。（市医保局负责）\n2.做E。\n", "t")
    assert [(t.label, t.note, t.text.count("\n")) for t in notice.tasks] == [
        ("(一)", "市卫健委负责", 0),
        ("(二)", "市医保局负责", 3),  # the note after the list is the task's
        ("(三)", None, 3),  # one child of three with a note: a list inside the task
        ("1.", "市医保局负责", 0), ("2.", None, 0),  # one of two: a group of two tasks
    ]


def test_unit_lines_with_the_names_on_the_next_lines_and_a_section_that_is_a_task():
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗。\n牵头单位：\n市卫健委\n配合单位：\n市医保局\n"
                        "（二）推进医保改革。（市医保局负责）\n二、加强保障。（市财政局负责）\n三、做好宣传。\n") == [
        ("(一)", "推进分级诊疗", "推进分级诊疗。", "牵头单位:\n市卫健委\n配合单位:\n市医保局",
         [("市卫健委", "lead"), ("市医保局", "participating")]),
        ("(二)", "推进医保改革", "推进医保改革。", "市医保局负责", [("市医保局", "lead")]),
        ("二、", "加强保障", "加强保障。", "市财政局负责", [("市财政局", "lead")]),  # "三、" carries no note: not a task
    ]


def numbering_warnings(body: str) -> list[str]:
    return [w for w in parse_notice(HEAD + body + "\n各地要抓好落实。\n", "t").warnings if w.startswith("task numbering")]


def test_numbering_warnings_name_each_gap_and_repeat_exactly():
    task = "推进改革。（市卫健委负责）"
    assert numbering_warnings(f"一、重点任务\n（一）{task}\n（三）{task}\n（三）{task}\n（二）{task}\n") == [
        "task numbering skips: (三) follows (一)", "task numbering repeats: (三) follows (三)",
        "task numbering repeats: (二) follows (三)"]
    # Numbers start again at 1 under each section: no warning; a 1 under the same parent is a repeat.
    assert numbering_warnings(f"一、重点任务\n1.{task}\n2.{task}\n二、保障\n1.{task}\n2.{task}\n") == []
    assert numbering_warnings(f"一、重点任务\n1.{task}\n2.{task}\n1.{task}\n") == ["task numbering repeats: 1. follows 2."]
    labels = "".join(f"{k}.{task}\n" for k in (1, 3, 5, 7, 9, 11, 13))  # six gaps: five named, then the count
    assert numbering_warnings(f"一、重点任务\n{labels}") == [
        "task numbering skips: 3. follows 1.", "task numbering skips: 5. follows 3.", "task numbering skips: 7. follows 5.",
        "task numbering skips: 9. follows 7.", "task numbering skips: 11. follows 9.", "task numbering: 1 more gaps or repeats"]
    five = "".join(f"{k}.{task}\n" for k in (1, 3, 5, 7, 9, 11))  # exactly five: all named
    assert len(numbering_warnings(f"一、重点任务\n{five}")) == 5


@pytest.mark.parametrize("text, number", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百", 100),
                                          ("百", 100), ("一百零五", 105), ("一百一十", 110), ("三百二十一", 321)])
def test_chinese_numbers_up_to_hundreds(text, number):
    assert chinese_number(text) == number


def test_a_copy_cut_off_after_its_last_task_is_named():
    notice = parse_notice(HEAD + "一、重点任务\n（一）推进改革。（市卫健委负责）\n（二）推进医保。（市医保局负责）\n", "t")
    assert notice.warnings == ["document appears truncated: it ends with task (二) and has no closing text"]


def test_a_text_without_numbered_tasks_is_refused_naming_the_file():
    with pytest.raises(ParseError) as caught:
        parse_notice("没有编号的文字。\n", "r", source="f.txt")
    assert str(caught.value) == "no numbered tasks found in f.txt (a notice numbers its tasks (一)、(二)… or 1. 2.; is this the right file?)"


def test_what_a_parsed_notice_records_besides_its_tasks():
    import hashlib

    text = HEAD + "各县区：\n现将任务印发。\n一、重点任务\n目标明确。\n继续推进。\n（一）推进改革。\n二、保障\n（一）加强保障。\n"
    notice = parse_notice(text)
    assert (notice.region, notice.source, notice.sha256) == ("notice", None, hashlib.sha256(text.encode()).hexdigest())
    assert notice.preamble == "某市2022年深化医药卫生体制改革重点工作任务\n各县区:\n现将任务印发。"
    assert notice.warnings[0] == "no responsibility notes found: departments are empty"
    assert [(s.title, s.goal, text[s.span[0] : s.span[1]]) for s in notice.sections] == [
        ("重点任务", "目标明确。\n继续推进。", "一、重点任务\n目标明确。\n继续推进。\n"), ("保障", "", "二、保障\n")]  # heading and goal
    assert [task.id for task in notice.tasks] == ["notice-1.1", "notice-2.1"]  # numbers repeat: the section says which


def test_a_task_of_a_group_records_the_group_and_where_its_note_is():
    text = HEAD + "一、重点任务\n（一）深化公立医院改革\n1.推进分级诊疗。（市卫健委负责）\n2.推进医联体。（市卫健委负责）\n"
    notice = parse_notice(text, "g")
    assert [(t.id, t.group, text[t.note_span[0] : t.note_span[1]]) for t in notice.tasks] == [
        ("g-1", "深化公立医院改革", "（市卫健委负责）"), ("g-2", "深化公立医院改革", "（市卫健委负责）")]


def test_every_task_id_names_one_task_even_when_a_section_repeats_a_number():
    notice = parse_notice("1.推进分级诊疗。（市卫健委负责）\n1.推进医联体。（市卫健委负责）\n2.推进医保。（市医保局负责）\n", "h")
    assert [task.id for task in notice.tasks] == ["h-0.1", "h-0.1-2", "h-0.2"]


def lead_rules(body: str, head: str = HEAD) -> list[tuple[str, str | None, str | None]]:
    """(label, lead, lead_rule) of each task of a notice with this body."""
    return [(t.label, t.lead, t.lead_rule) for t in parse_notice(head + body, "t").tasks]


def test_the_first_named_unit_leads_by_convention_and_carried_units_are_responsible(notices):
    assert lead_rules("一、重点任务\n（一）推进分级诊疗（市卫健委、市医保局负责）。\n（二）深化医保支付改革（市医保局、市卫健委负责）。\n") == [
        ("(一)", "市卫健委", "convention"), ("(二)", "市医保局", "convention")]
    carried = [d for t in notices["linfen"].tasks for d in t.departments if d.inherited]
    assert carried and {(d.name, d.role) for d in carried} == {("各县市区人民政府", "responsible")}


def test_a_legend_applies_from_where_it_stands_or_to_every_task_from_a_footnote():
    tasks = "（一）推进分级诊疗（市卫健委、市医保局负责）。\n（二）深化医保支付改革（市医保局、市卫健委负责）。\n"
    # Before the last section: the tasks after it follow it, the ones before follow the convention.
    assert lead_rules("一、重点任务\n" + tasks + "二、保障措施\n以下各项任务中，排在第一位的为牵头单位。\n"
                      "（三）加强组织领导（市医改办、市卫健委负责）。\n") == [
        ("(一)", "市卫健委", "convention"), ("(二)", "市医保局", "convention"), ("(三)", "市医改办", "carried")]
    # A footnote in the closing text applies to every task, the first one too when the text opens with it.
    footnote = "各县要结合实际抓好落实。注：各项任务中排在第一位的为牵头单位。\n"
    assert lead_rules(tasks + footnote, head="") == [("(一)", "市卫健委", "carried"), ("(二)", "市医保局", "carried")]
    # A legend inside a note states that note's lead; it carries on only with 下同, or from a footnote after it.
    noted = "一、重点任务\n（一）推进分级诊疗（市卫健委、市医保局负责，排在第一位的为牵头单位）。\n（二）深化医保支付改革（市医保局、市卫健委负责）。\n"
    assert lead_rules(noted) == [("(一)", "市卫健委", "stated"), ("(二)", "市医保局", "convention")]
    assert lead_rules(noted + footnote) == [("(一)", "市卫健委", "stated"), ("(二)", "市医保局", "carried")]
    # A legend's two words (第一, 首位) both in the text: still read (each is only a sign that one may be there).
    both = "注：各项任务中排在第一位的为牵头单位。坚持把人民健康放在首位。\n"
    assert lead_rules(tasks + both, head="") == [("(一)", "市卫健委", "carried"), ("(二)", "市医保局", "carried")]


def test_bracket_depth_counts_a_closing_bracket_anywhere_even_first():
    from hrcli.parse.notice import _bracket_depth

    assert _bracket_depth(")推进(工作", None) == 0 and _bracket_depth("))(", 2) == -2 and _bracket_depth("(a(b)", 3) == 2


def test_a_note_followed_by_a_semicolon_or_a_doubled_full_stop_is_still_the_note():
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗，加强基层能力（市卫健委负责）；\n"
                        "（二）推进医联体建设（市卫健委负责）。。\n完成时限：2023年底前\n") == [
        ("(一)", "推进分级诊疗,加强基层能力", "推进分级诊疗,加强基层能力", "市卫健委负责", [("市卫健委", "lead")]),
        ("(二)", "推进医联体建设", "推进医联体建设", "市卫健委负责\n完成时限:2023年底前", [("市卫健委", "lead")])]


def test_the_note_is_found_past_paragraphs_that_end_otherwise_or_with_a_stray_bracket():
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗。\n按照《实施方案》执行（见附件1、2））\n加强基层能力建设。（市卫健委负责）\n") == [
        ("(一)", "推进分级诊疗", "推进分级诊疗。\n按照《实施方案》执行(见附件1、2))\n加强基层能力建设。", "市卫健委负责",
         [("市卫健委", "lead")])]


def test_a_deadline_in_its_own_bracket_after_a_note_in_square_brackets():
    (task,) = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗。【省卫健委负责】（2023年底前完成）\n", "t").tasks
    assert (task.note, task.deadline, task.lead) == ("省卫健委负责;2023年底前完成", "2023年底前完成", "省卫健委")


CLOSING = "各县要结合实际抓好落实。"


@pytest.mark.parametrize(("last", "text", "closing"), [
    # the note of the last task, then a sentence no closing pattern knows: still closing
    ("（二）深化医保支付改革（市医保局负责）。\n本通知自印发之日起施行。", "深化医保支付改革", "本通知自印发之日起施行。"),
    # a list of three inside the last task, its note on a line of its own, then the closing
    ("（二）深化医保支付改革，重点做好以下工作：\n1.推行DRG付费。\n2.开展按病种分值付费。\n3.完善总额预算管理。\n（市医保局负责）\n" + CLOSING,
     "深化医保支付改革,重点做好以下工作:\n1.推行DRG付费。\n2.开展按病种分值付费。\n3.完善总额预算管理。", CLOSING),
    # the note closes the last task's title, a list follows, then the closing
    ("（二）深化医保支付改革（市医保局负责）。重点做好以下工作：\n1.推行DRG付费。\n2.开展按病种分值付费。\n" + CLOSING,
     "深化医保支付改革。重点做好以下工作:\n1.推行DRG付费。\n2.开展按病种分值付费。", CLOSING),
    # a list within a list, no note, then the closing: every level of the list ends before it
    ("（二）深化医保支付改革，重点做好以下工作：\n1.推行DRG付费。\n2.完善支付政策：\n（1）开展按病种分值付费。\n（2）完善总额预算管理。\n" + CLOSING,
     "深化医保支付改革,重点做好以下工作:\n1.推行DRG付费。\n2.完善支付政策:\n(1)开展按病种分值付费。\n(2)完善总额预算管理。", CLOSING),
    # the note ends the last task's paragraph (no 。 after it), then a sentence no closing pattern knows
    ("（二）深化医保支付改革（市医保局负责）\n本通知自印发之日起施行。", "深化医保支付改革", "本通知自印发之日起施行。"),
    # a last task without a note whose first sentence names the leading group: a task, not closing text
    ("（二）加强组织领导。各级医改领导小组要切实履行职责。", "加强组织领导。各级医改领导小组要切实履行职责。", ""),
])
def test_the_closing_text_after_the_last_task_in_every_shape(last, text, closing):
    notice = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗（市卫健委负责）。\n" + last + "\n", "t")
    assert (notice.tasks[-1].text, notice.closing) == (text, closing)


def test_a_list_inside_the_last_task_with_its_note_at_the_end_of_the_text():
    notice = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗（市卫健委负责）。\n（二）深化医保支付改革：\n1.推行DRG付费。\n"
                          "2.开展按病种分值付费。（市医保局负责）", "t")
    assert (notice.tasks[-1].text, notice.tasks[-1].note) == ("深化医保支付改革:\n1.推行DRG付费。\n2.开展按病种分值付费。", "市医保局负责")


def test_which_sub_item_notes_stay_with_their_items():
    # Only the last task of a section has a note: it stays that task's (a section is never lifted a note).
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗。\n（二）深化医保支付改革（市医保局负责）。\n二、保障措施\n（三）加强组织领导（市卫健委负责）。\n") == [
        ("(一)", "推进分级诊疗", "推进分级诊疗。", None, []),
        ("(二)", "深化医保支付改革", "深化医保支付改革", "市医保局负责", [("市医保局", "lead")]),
        ("(三)", "加强组织领导", "加强组织领导", "市卫健委负责", [("市卫健委", "lead")])]
    # The last item has a note and a list of its own: the items are tasks, not a list closed by a note.
    nested = parsed_tasks("一、重点任务\n（一）深化医保支付改革：\n1.推行DRG付费。\n2.完善支付政策（市医保局负责）。\n"
                          "（1）开展按病种分值付费。\n（2）完善总额预算管理。\n")
    assert [(label, note) for label, _, _, note, _ in nested] == [("1.", None), ("2.", "市医保局负责")]
    # The last two of three items have notes: the items are tasks.
    three = parsed_tasks("一、重点任务\n（一）深化医保支付改革：\n1.推行DRG付费。\n2.开展按病种分值付费（市医保局负责）。\n"
                         "3.完善总额预算管理（市财政局负责）。\n")
    assert [(label, note) for label, _, _, note, _ in three] == [("1.", None), ("2.", "市医保局负责"), ("3.", "市财政局负责")]


def test_a_first_section_whose_items_carry_no_notes_is_a_summary_named_in_a_warning():
    notice = parse_notice(HEAD + "一、主要做法\n（一）推进分级诊疗。\n（二）深化医保支付改革。\n"
                          "二、重点任务\n（一）推进分级诊疗（市卫健委负责）。\n（二）深化医保支付改革（市医保局负责）。\n", "t")
    assert [s.kind for s in notice.sections] == ["summary", "tasks"]
    assert [t.note for t in notice.tasks] == ["市卫健委负责", "市医保局负责"]
    assert notice.warnings[0] == "section 一、 was read as a summary, not as tasks: its numbered items carry no responsibility notes"


def test_tasks_without_sections_a_list_without_a_note_and_a_summary_after_them():
    notice = parse_notice("（一）推进分级诊疗（市卫健委负责）。\n（二）深化医保支付改革（市医保局负责）。\n（三）加强组织领导：\n"
                          "1.健全工作机制。\n2.强化督导考核。\n", "t")
    assert notice.warnings == []  # (三) is a task with a list, not a section without notes
    last = notice.tasks[-1]
    assert (last.group, last.text) == (None, "加强组织领导:\n1.健全工作机制。\n2.强化督导考核。")
    text = "一、重点任务\n（一）推进分级诊疗（市卫健委负责）。\n（二）深化医保支付改革（市医保局负责）。\n二、2021年工作回顾\n（一）分级诊疗稳步推进。\n"
    notice = parse_notice(text, "t")
    assert (notice.warnings, [s.kind for s in notice.sections]) == ([], ["tasks", "summary"])  # not cut off: a part follows
    assert [(t.group, text[t.span[0] : t.span[1]]) for t in notice.tasks] == [
        (None, "（一）推进分级诊疗（市卫健委负责）。"), (None, "（二）深化医保支付改革（市医保局负责）。")]


def test_a_tasks_span_covers_its_list():
    text = "（一）推进分级诊疗（市卫健委负责）。\n（二）加强组织领导：\n1.健全工作机制。\n2.强化督导考核。\n"
    last = parse_notice(text, "t").tasks[-1]
    assert text[last.span[0] : last.span[1]] == "（二）加强组织领导：\n1.健全工作机制。\n2.强化督导考核。"


def test_text_around_a_note_stays_the_tasks_text():
    # (After the last task's note, what follows is the closing text: these are not the last task.)
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗（市卫健委负责）。加强基层能力。\n完善双向转诊制度。\n"
                        "（二）推进医联体建设。\n牵头单位：市卫健委\n加强城市医疗集团建设。\n（三）加强组织领导（市医改办负责）\n")[:2] == [
        ("(一)", "推进分级诊疗", "推进分级诊疗。加强基层能力。\n完善双向转诊制度。", "市卫健委负责", [("市卫健委", "lead")]),
        ("(二)", "推进医联体建设", "推进医联体建设。\n加强城市医疗集团建设。", "牵头单位:市卫健委", [("市卫健委", "lead")])]


def test_what_is_not_a_note_a_label_or_bracket_opening_the_task_and_a_bracket_inside_the_title():
    tasks = parsed_tasks("一、重点任务\n（一）牵头单位：市卫健委\n（二）推进分级诊疗（牵头单位：市卫健委）工作。加强基层能力。\n"
                         "（三）（市医保局、市卫健委\n")
    assert tasks == [
        ("(一)", "牵头单位", "牵头单位:市卫健委", None, []),
        ("(二)", "推进分级诊疗(牵头单位:市卫健委)工作", "推进分级诊疗(牵头单位:市卫健委)工作。加强基层能力。", None, []),
        ("(三)", "(市医保局、市卫健委", "(市医保局、市卫健委", None, [])]


def test_a_title_keeps_its_latin_words_and_a_notice_its_source():
    notice = parse_notice(HEAD + "一、重点任务\n（一）实施Healthy China行动。建设健康城市。（市卫健委负责）\n", "t", source="a/b.txt")
    assert (notice.tasks[0].title, notice.source) == ("实施Healthy China行动", "a/b.txt")


def test_a_text_of_summaries_only_is_refused_naming_the_file():
    with pytest.raises(ParseError) as caught:
        parse_notice("一、2021年工作总结\n（一）分级诊疗稳步推进。\n二、工作进展情况\n（一）医保支付改革取得成效。\n", "r",
                     source="f.txt")
    assert str(caught.value) == "no numbered tasks found in f.txt (only a summary or headings were found)"
    with pytest.raises(ParseError, match=r"^no numbered tasks found in r "):
        parse_notice("一、2021年工作总结\n（一）分级诊疗稳步推进。\n", "r")


def test_a_part_numbered_on_without_notes_is_tasks_named_in_a_warning():
    notice = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗（市卫健委负责）。\n（二）深化医保支付改革（市医保局负责）。\n"
                          "二、加强组织实施\n（三）强化督导考核。\n（四）加强宣传引导。\n各县要结合实际抓好落实。\n", "t")
    assert [(t.label, t.departments) for t in notice.tasks[2:]] == [("(三)", []), ("(四)", [])]
    assert notice.warnings == [
        "section 二、 gives no responsibility notes: its tasks, numbered on from the ones before, have no departments"]


def test_a_deadline_bracket_after_a_stray_bracket_does_not_stop_the_search_for_the_note():
    assert parsed_tasks("一、重点任务\n（一）推进分级诊疗（见附件1））（2023年底前完成）\n加强基层能力建设。（市卫健委负责）\n")[0][3:] == (
        "市卫健委负责", [("市卫健委", "lead")])


def test_unit_lines_after_other_text_leave_that_text_to_the_task():
    (task, _) = parse_notice(HEAD + "一、重点任务\n（一）推进分级诊疗（市卫健委负责）\n加强基层能力建设。\n完成时限：2023年底前\n"
                             "（二）深化医保支付改革（市医保局负责）。\n", "t").tasks
    # (The lines are taken as the note and the bracket stays in the text: README "Not read (yet)".)
    assert ("加强基层能力建设。" in task.text.split("\n"), task.deadline) == (True, "2023年底前")


def test_a_section_heading_ending_in_marks_has_no_goal():
    notice = parse_notice(HEAD + "一、重点任务。。\n（一）推进分级诊疗（市卫健委负责）。\n", "t")
    assert [(s.title, s.goal) for s in notice.sections] == [("重点任务", "")]


def test_ids_of_groups_numbered_afresh_name_the_group_too():
    text = ("一、重点任务\n（一）深化医保支付方式改革\n1.推行DRG付费。（市医保局负责）\n2.完善总额预算管理。（市医保局负责）\n"
            "（二）深化公立医院改革\n1.推进薪酬制度改革。（市人社局负责）\n2.完善公立医院补偿机制。（市财政局负责）\n"
            "（三）加强组织领导（市卫健委负责）。\n二、保障措施\n（一）强化督导（市医改办负责）。\n")
    assert [t.id for t in parse_notice(HEAD + text, "g").tasks] == ["g-1.1.1", "g-1.1.2", "g-1.2.1", "g-1.2.2", "g-1.3", "g-2.1"]
