"""Responsibility notes in the forms notices of other regions and years write them (parse_note alone)."""

from __future__ import annotations

import pytest

from hrcli.parse.notes import LEGEND, LEGEND_WORDS, UNIT_LABEL, looks_like_note, looks_like_units, parse_note, unit_labels
from hrcli.parse.notice import parse_notice


def roles(note: str) -> list[tuple[str, str]]:
    return [(d.name, d.role) for d in parse_note(note).departments]


def test_labelled_lines_give_lead_participating_and_deadline():
    info = parse_note("牵头单位:省发展改革委、省卫生健康委\n配合单位:省财政厅、省医保局\n完成时限:2022年12月底前")
    assert [(d.name, d.role) for d in info.departments] == [
        ("省发展改革委", "lead"), ("省卫生健康委", "lead"), ("省财政厅", "participating"), ("省医保局", "participating")]
    assert info.deadline == "2022年12月底前"
    assert info.lead_named


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("牵头责任单位:省卫生健康委\n主要协作单位:省教育厅、省财政厅\n时间节点:持续推进",
         [("省卫生健康委", "lead"), ("省教育厅", "participating"), ("省财政厅", "participating")]),
        ("责任单位:市卫生健康委、市医保局;协作单位:市财政局",
         [("市卫生健康委", "lead"), ("市医保局", "responsible"), ("市财政局", "participating")]),
        ("牵头单位:县卫健局;责任单位:各乡镇人民政府",
         [("县卫健局", "lead"), ("各乡镇人民政府", "responsible")]),
    ],
)
def test_every_unit_label_gives_its_role(note, expected):
    assert roles(note) == expected


def test_a_label_of_time_is_the_deadline_not_a_unit():
    info = parse_note("责任单位:区卫生健康委\n时间节点:2023年6月底前完成")
    assert [d.name for d in info.departments] == ["区卫生健康委"]
    assert info.deadline == "2023年6月底前完成"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("省医保局、省民政厅共同牵头,省财政厅、省乡村振兴局参与",
         [("省医保局", "lead"), ("省民政厅", "lead"), ("省财政厅", "participating"), ("省乡村振兴局", "participating")]),
        ("市卫生健康委牵头,市发展改革委、市财政局配合",
         [("市卫生健康委", "lead"), ("市发展改革委", "participating"), ("市财政局", "participating")]),
        ("省卫生健康委、省市场监管局分别牵头,省公安厅协同,省医保局协作",
         [("省卫生健康委", "lead"), ("省市场监管局", "lead"), ("省公安厅", "participating"), ("省医保局", "participating")]),
        ("县卫健局负责,县财政局协助", [("县卫健局", "lead"), ("县财政局", "participating")]),
    ],
)
def test_several_leads_and_every_participating_verb(note, expected):
    assert roles(note) == expected
    assert parse_note(note).lead_named == (expected[1][1] == "lead" or "牵头" in note)


def test_legend_in_the_same_clause_as_the_names():
    info = parse_note("人力资源社会保障部、财政部、国家卫生健康委负责,排在第一位的为牵头部门,下同")
    assert [(d.name, d.role) for d in info.departments] == [
        ("人力资源社会保障部", "lead"), ("财政部", "responsible"), ("国家卫生健康委", "responsible")]
    assert info.legend and info.carries_rule


def test_legend_in_brackets_among_the_names_is_never_a_unit():
    info = parse_note("责任单位:省医保局(排在第一位的为牵头单位)、省卫生健康委")
    assert [(d.name, d.role) for d in info.departments] == [("省医保局", "lead"), ("省卫生健康委", "responsible")]
    assert info.legend and not info.carries_rule


def test_shanxi_legend_explanation_is_not_a_unit():
    note = "省卫生计生委、省财政厅分别负责。排在第一位的部门为牵头部门,分别负责为各部门按职责分别牵头,下同"
    assert [name for name, _ in roles(note)] == ["省卫生计生委", "省财政厅"]


def test_a_list_of_units_looks_like_units_and_a_phrase_does_not():
    assert looks_like_units("省中医药局、省卫生健康委")
    assert looks_like_units("市卫生健康委、市医保")  # cut in the middle of the last name
    assert not looks_like_units("含中医医院")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("省医保局、省民政厅共同牵头,省财政厅、省乡村振兴局参与", True), ("县卫健局负责", True),
     ("各县(市、区)人民政府负责", True), ("医共体牵头医院负责", False), ("由基层医疗卫生机构负责", False),
     ("推动公立医院牵头组建医联体", False)],
)
def test_a_sentence_that_only_names_units_is_a_note(sentence, expected):
    from hrcli.parse.notes import is_role_sentence

    assert is_role_sentence(sentence) == expected


@pytest.mark.parametrize("legend", ["排在第一位的为牵头单位", "排在首位的为牵头部门", "排名第一的为牵头单位", "列在首位的部门牵头"])
def test_every_way_of_writing_the_legend(legend):
    info = parse_note(f"责任单位:省医保局({legend})、省卫生健康委")
    assert [(d.name, d.role) for d in info.departments] == [("省医保局", "lead"), ("省卫生健康委", "responsible")]
    assert info.legend


@pytest.mark.parametrize(
    ("note", "expected"),
    [("省医保局会同省卫生健康委负责", [("省医保局", "lead"), ("省卫生健康委", "responsible")]),
     ("由市卫生健康委负责", [("市卫生健康委", "lead")]),
     ("国家卫生健康委与国家医保局负责", [("国家卫生健康委", "lead"), ("国家医保局", "responsible")])],
)
def test_huitong_you_and_yu_join_names(note, expected):
    assert roles(note) == expected


def test_labels_in_lenticular_brackets():
    info = parse_note("【牵头单位】省卫生健康委\n【配合单位】省财政厅、省医保局\n【完成时限】2023年底前")
    assert [(d.name, d.role) for d in info.departments] == [
        ("省卫生健康委", "lead"), ("省财政厅", "participating"), ("省医保局", "participating")]
    assert info.deadline == "2023年底前"


@pytest.mark.parametrize(
    ("note", "expected"),
    [("省卫生健康委(牵头)、省财政厅、省医保局", [("省卫生健康委", "lead"), ("省财政厅", "responsible"), ("省医保局", "responsible")]),
     ("责任单位:市医保局、市卫生健康委(牵头)、市财政局(配合)",
      [("市医保局", "responsible"), ("市卫生健康委", "lead"), ("市财政局", "participating")])],
)
def test_a_role_in_brackets_after_a_name(note, expected):
    assert roles(note) == expected
    assert parse_note(note).lead_named


def test_any_unit_label_makes_a_bracket_a_note():
    from hrcli.parse.notes import looks_like_note

    assert looks_like_note("主责单位:市医保局") and looks_like_note("【参加单位】市财政局")
    assert not looks_like_note("含中医医院") and not looks_like_note("以下简称医改领导小组")


@pytest.mark.parametrize(
    "note",
    ["省卫生健康委、省财政厅、省医保局负责,排在第一位的为牵头单位,其他为配合单位",
     "责任单位:省卫生健康委、省财政厅、省医保局(排在第一位的为牵头单位,其余为配合单位)"],
)
def test_a_legend_saying_the_others_assist(note):
    assert roles(note) == [("省卫生健康委", "lead"), ("省财政厅", "participating"), ("省医保局", "participating")]


def test_luoshi_and_shishi_are_roles_after_unit_names_only():
    from hrcli.parse.notes import looks_like_note

    assert roles("省卫生健康委牵头,省直有关部门配合,各市州政府落实") == [
        ("省卫生健康委", "lead"), ("省直有关部门", "participating"), ("各市州政府", "responsible")]
    assert looks_like_note("各县区人民政府组织实施") and not looks_like_note("确保政策落实")


def test_a_unit_named_twice_is_listed_once_with_its_strongest_role():
    assert roles("省卫生健康委、省医保局、省财政厅按职责分工负责,省卫生健康委牵头") == [
        ("省卫生健康委", "lead"), ("省医保局", "responsible"), ("省财政厅", "responsible")]


# --- forms none of the five notices uses; each test kills a mutant that once survived (README "Testing") ---


@pytest.mark.parametrize("verb", ["配合", "协助", "协同", "参与"])
def test_a_unit_before_a_helping_verb_participates(verb):
    assert roles(f"市卫健委牵头,市财政局、市医保局{verb}") == [
        ("市卫健委", "lead"), ("市财政局", "participating"), ("市医保局", "participating")]


@pytest.mark.parametrize("verb", ["负责", "按职责分工负责", "分别负责"])
def test_a_unit_before_a_responsible_verb_is_responsible(verb):
    assert roles(f"县卫生健康局、县医保局{verb}") == [("县卫生健康局", "lead"), ("县医保局", "responsible")]


def test_helping_verbs_in_a_whole_notice():
    text = (
        "某区2023年深化医药卫生体制改革重点工作任务\n"
        "一、重点任务\n"
        "(一)推进紧密型县域医共体建设。完善医共体内人员统筹使用机制。(区卫健局牵头,区委编办、区人社局配合)\n"
        "(二)加强医保基金监管。开展打击欺诈骗保专项行动。(区医保局负责,区公安分局协助)\n"
        "(三)完善医防协同机制。推进慢性病医防融合管理。(区卫健局负责,区疾控中心协同)\n"
    )
    first, second, third = parse_notice(text, "qu").tasks
    assert [(d.name, d.role) for d in first.departments] == [
        ("区卫健局", "lead"), ("区委编办", "participating"), ("区人社局", "participating")]
    assert [(d.name, d.role) for d in second.departments] == [("区医保局", "lead"), ("区公安分局", "participating")]
    assert [(d.name, d.role) for d in third.departments] == [("区卫健局", "lead"), ("区疾控中心", "participating")]


# A province's note can name a dozen units and a deadline: well over 100 characters, still a note.
LONG_NOTE = (
    "省卫生健康委、省发展改革委、省财政厅、省人力资源社会保障厅、省委编办、省医保局、省教育厅、省科技厅、"
    "省民政厅、省市场监管局、省药监局、省工业和信息化厅、省中医药管理局、省疾控局、"
    "各市州人民政府、各县市区人民政府按职责分工负责,2023年12月底前完成"
)


def test_a_long_note_naming_many_units_is_a_note():
    assert 100 < len(LONG_NOTE) < 400
    assert looks_like_note(LONG_NOTE)
    text = f"一、重点任务\n(一)推进优质医疗资源扩容和区域均衡布局。建设省级区域医疗中心。({LONG_NOTE})\n"
    task = parse_notice(text, "sheng").tasks[0]
    assert task.note == LONG_NOTE
    assert task.lead == "省卫生健康委"
    assert len(task.departments) == 16 and task.departments[-1].name == "各县市区人民政府"
    assert task.deadline == "2023年12月底前完成"


def test_the_lead_is_the_first_responsible_unit_of_the_whole_note():
    # Only the first clause's first responsible unit leads; a later clause's responsible units do not.
    assert roles("市卫健委牵头,市财政局、市医保局分别负责") == [
        ("市卫健委", "lead"), ("市财政局", "responsible"), ("市医保局", "responsible")]


@pytest.mark.parametrize("note", [
    "市卫健委牵头、市财政局、市医保局",  # units after the verb, in the same clause
    "市卫健委牵头,市财政局、市医保局",  # units of a clause with no verb
])
def test_units_named_without_a_verb_of_their_own_are_responsible(note):
    info = parse_note(note)
    assert [(d.name, d.role) for d in info.departments] == [
        ("市卫健委", "lead"), ("市财政局", "responsible"), ("市医保局", "responsible")]
    assert info.deadline is None


def test_a_deadline_after_the_last_verb_is_no_unit():
    assert roles("市卫健委牵头,市财政局配合2023年6月底前完成") == [("市卫健委", "lead"), ("市财政局", "participating")]


@pytest.mark.parametrize("prefix", ["责任单位:", "责任部门:", "落实单位:"])
def test_a_label_before_the_units_is_not_part_of_a_name(prefix):
    assert roles(f"{prefix}县卫健局、县医保局") == [("县卫健局", "lead"), ("县医保局", "responsible")]


@pytest.mark.parametrize("order", ["deadline first", "carry-forward first"])
def test_a_rule_clause_before_the_units_keeps_them(order):
    rule = "2023年6月底前完成" if order == "deadline first" else "以下各项均需各县区人民政府负责,不再列出"
    info = parse_note(f"{rule}。市卫健委牵头,市财政局参与")
    assert [(d.name, d.role) for d in info.departments] == [("市卫健委", "lead"), ("市财政局", "participating")]
    assert info.deadline == ("2023年6月底前完成" if order == "deadline first" else None)
    assert info.carry_forward == ([] if order == "deadline first" else ["各县区人民政府"])


def test_a_legend_with_a_comma_still_carries_its_rule():
    info = parse_note("市卫健委、市财政局负责。排在第一位的单位牵头,下同")
    assert info.legend and info.carries_rule
    assert [d.name for d in info.departments] == ["市卫健委", "市财政局"]


def test_a_list_with_a_phrase_among_its_names_is_not_a_list_of_units():
    # Every name but the last (which a cut may have shortened) must be a unit's.
    assert looks_like_units("省卫生健康委、省财政厅、省医保")
    assert not looks_like_units("省卫生健康委、提升服务能力、省医保局")
    assert not looks_like_units("省卫生健康委、省财政厅、提升服务能力、省医保局")


@pytest.mark.parametrize("first", ["牵头市领导:王某某副市长", "完成时限:2023年6月底前"])
def test_a_leader_or_deadline_line_before_the_units_keeps_them(first):
    info = parse_note(f"{first}\n牵头单位:市卫生健康委\n配合单位:市财政局、市医保局")
    assert [(d.name, d.role) for d in info.departments] == [
        ("市卫生健康委", "lead"), ("市财政局", "participating"), ("市医保局", "participating")]
    assert info.deadline == ("2023年6月底前" if first.startswith("完成时限") else None)


def test_a_lead_label_makes_every_unit_it_names_lead_whatever_their_verb():
    assert roles("牵头单位:省发展改革委、省卫生健康委负责") == [("省发展改革委", "lead"), ("省卫生健康委", "lead")]


@pytest.mark.parametrize(("note", "expected"), [
    ("市财政局、市医保局配合", [("市财政局", "participating"), ("市医保局", "participating")]),
    ("2023年12月底前完成", []),
])
def test_a_note_without_a_responsible_unit_has_no_lead(note, expected):
    assert roles(note) == expected


def test_a_legend_in_brackets_among_the_names_carries_its_rule():
    info = parse_note("省医保局(排在第一位的为牵头单位,下同)、省财政厅、省卫生健康委负责")
    assert info.legend and info.carries_rule
    assert [d.name for d in info.departments] == ["省医保局", "省财政厅", "省卫生健康委"]


def test_units_before_the_first_label_are_read_once():
    assert roles("市卫生健康委负责\n配合单位:市财政局\n配合单位:市医保局") == [
        ("市卫生健康委", "lead"), ("市财政局", "participating"), ("市医保局", "participating")]


def test_a_label_gives_its_role_to_units_closed_by_a_plain_verb():
    assert roles("牵头单位:市卫生健康委\n配合单位:市财政局、市医保局按职责分工负责") == [
        ("市卫生健康委", "lead"), ("市财政局", "participating"), ("市医保局", "participating")]


@pytest.mark.parametrize(("note", "names"), [
    ("县卫健委、各镇人民政府(开发区工委)、县医保局负责", ["县卫健委", "各镇人民政府(开发区工委)", "县医保局"]),
    ("县卫健委、各镇人民政府(含开发区(园区)、街道办事处)、县医保局负责",
     ["县卫健委", "各镇人民政府(含开发区(园区)、街道办事处)", "县医保局"]),
])
def test_names_are_split_outside_brackets_only(note, names):
    assert [d.name for d in parse_note(note).departments] == names


@pytest.mark.parametrize("text", [
    "牵头单位:省卫生健康委\n配合单位 : 省财政厅", "【牵头单位】省卫生健康委【配合单位】省财政厅", "时限要求:2023年底前",
    "各地要加强领导,牵头单位落实责任", "牵头领导:张三;责任单位:县医保局", "【完成时限2023年】", "牵头单位】", "【牵头单位:",
    "(一)推进改革。责任单位:市卫健委。", "",
])
def test_unit_labels_finds_what_the_label_pattern_finds(text):
    # unit_labels skips texts without 】 or a colon: every label ends with one.
    assert [m.span() for m in unit_labels(text)] == [m.span() for m in UNIT_LABEL.finditer(text)]


def test_every_legend_holds_one_of_the_legend_words():
    # _notice_legend_start searches a notice for a legend only when it holds one of LEGEND_WORDS.
    alternatives = LEGEND.pattern.split("|")
    assert len(alternatives) > 5 and all(any(word in alternative for word in LEGEND_WORDS) for alternative in alternatives)
    assert LEGEND.search("各项任务中排在第一位的为牵头单位") and not any(word in "由省医保局牵头" for word in LEGEND_WORDS)


def test_words_of_a_notes_sentence_that_name_no_unit_are_not_units():
    from hrcli.parse.notes import split_names

    for words in ("不再列出", "不再单独列出", "下同", "以下同", "同上", "按职责分工", "各自职责"):
        assert split_names(f"省卫生健康委、{words}、省医保局") == ["省卫生健康委", "省医保局"], words
    assert split_names("同仁医院、按医院") == ["同仁医院", "按医院"]  # opening like them, whole names stay
