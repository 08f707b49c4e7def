"""Forms of writing a notice that the five corpus notices do not use, each on a realistic excerpt.

The excerpts are written in the style of real notices of other levels and years (国务院办公厅 国办发,
a province, a 直辖市 whose 市 offices are provincial, a county), with the debris web copies carry.
"""

from __future__ import annotations

import pytest

from hrcli.analyse.departments import load_departments

from .conftest import shared


@pytest.fixture(scope=shared("module"))
def index():
    return load_departments()


# Names of other levels, regions and eras, with the body each must resolve to.
OTHER_NAMES = {
    "health": ["国家卫生健康委", "国家卫生计生委", "市卫生健康委员会", "区卫生健康委", "旗卫健委", "县卫计局"],
    "healthcare_security": ["国家医保局", "县医保分局", "区医疗保障局"],
    "finance": ["财政部", "区财政局"],
    "development_reform": ["国家发展改革委", "区发展改革委"],
    "human_resources": ["人力资源社会保障部", "市人力社保局", "县人力社保局"],
    "education": ["市教委", "教育部", "区教委"],
    "industry_it": ["工业和信息化部", "市经济信息化委", "市经信局"],
    "drug_administration": ["国家药监局", "市食品药品监管局", "食品药品监管局", "国家食品药品监管总局"],
    "market_regulation": ["国家市场监管总局", "市工商局"],
    "tcm_administration": ["国家中医药局", "市中医局", "市中医管理局"],
    "disease_control": ["国家疾控局"],
    "healthreform_office": ["国务院医改办"],
    "staffing_office": ["中央编办"],
    "science_technology": ["科技部", "市科委"],
    "natural_resources": ["市规划自然资源委"],
    "housing": ["市住房城乡建设委"],
    "audit": ["审计署"],
    "taxation": ["税务总局"],
    "disabled_federation": ["中国残联"],
    "aging_office": ["全国老龄办"],
    "culture_tourism": ["国家旅游局", "文化部"],
    "customs": ["海关总署"],
    "emergency_management": ["市应急局"],
    "state_assets": ["省政府国资委", "国务院国资委"],
    "cdc_center": ["市疾控中心"],
    "medical_institutions": ["各医疗机构", "各级公立医院"],
    "banking_insurance_regulation": ["市保监局"],
    "government_office": ["县政府办", "省政府办公厅", "市政府办公室"],
    "lower_governments": ["各区人民政府", "各乡镇(街道)", "街道办事处", "各省(区、市)", "各盟市人民政府"],
}


@pytest.mark.parametrize("key,name", [(key, name) for key, names in OTHER_NAMES.items() for name in names])
def test_names_of_other_levels_regions_and_eras_resolve(index, key, name):
    assert index.resolve(name) == key


def parse(text: str, region: str = "x"):
    from hrcli.parse.notice import parse_notice

    return parse_notice(text, region)


def units(task) -> list[tuple[str, str]]:
    return [(d.name, d.role) for d in task.departments]


# A national notice as the State Council's site shows it: breadcrumb, cover letter, notes in brackets.
NATIONAL = """您现在所在的位置：首页 > 政府信息公开 > 国务院文件 > 卫生、体育
国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知
国办发〔2023〕22号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　《深化医药卫生体制改革2023年下半年重点工作任务》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2023年7月13日
（本文有删减）
深化医药卫生体制改革2023年下半年重点工作任务
　　2023年下半年深化医药卫生体制改革工作要以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神。
　　一、促进优质医疗资源扩容和区域均衡布局
　　（一）推进国家医学中心和国家区域医疗中心建设。推动项目加快实施。（国家发展改革委、国家卫生健康委、国家中医药局、国家疾控局等按职责分工负责）
　　（二）发挥省级高水平医院辐射带动作用。（国家卫生健康委、国家中医药局、国家疾控局分别负责）
　　二、深化以公益性为导向的公立医院改革
　　（三）推动公立医院薪酬制度改革。（人力资源社会保障部、财政部、国家卫生健康委、国家医保局负责，排在第一位的为牵头部门，下同）
　　（四）深化医疗服务价格改革。（国家医保局、国家卫生健康委负责）
　　（五）开展药品耗材集中带量采购。（国家医保局、工业和信息化部、国家药监局按职责分工负责）
　　各地、各有关部门要加强组织领导，确保各项任务落到实处。
"""


def test_national_notice_metadata_never_comes_from_the_site():
    notice = parse(NATIONAL)
    assert notice.title == "深化医药卫生体制改革2023年下半年重点工作任务"
    assert notice.cover_title == "国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知"
    assert notice.issuer == "国务院办公厅" and notice.issuers == ["国务院办公厅"]
    assert notice.doc_number == "国办发〔2023〕22号"
    assert notice.level == "national" and notice.place is None
    assert notice.years == [2023] and notice.dates["signed"] == "2023-07-13"
    assert "位置" not in notice.preamble


def test_national_legend_in_the_clause_with_the_names_and_carried_on():
    notice = parse(NATIONAL)
    third, fourth, fifth = notice.tasks[2:]
    assert units(third) == [("人力资源社会保障部", "lead"), ("财政部", "responsible"), ("国家卫生健康委", "responsible"),
                            ("国家医保局", "responsible")]
    assert third.lead_rule == "stated" and fourth.lead_rule == "carried" and fifth.lead == "国家医保局"


def test_national_units_all_resolve(index):
    from hrcli.analyse.departments import canonicalize

    assert canonicalize(parse(NATIONAL), index) == []


# A provincial notice with its units on lines of their own, and the other ways of naming leads.
PROVINCE = """首页 > 政务公开 > 政府文件
欢迎访问湖南省人民政府门户网站
湖南省人民政府办公厅关于印发《湖南省深化医药卫生体制改革2022年重点工作任务》的通知
湘政办发〔2022〕31号
各市州、县市区人民政府，省政府各厅委、各直属机构：
　　《湖南省深化医药卫生体制改革2022年重点工作任务》已经省人民政府同意，现印发给你们，请认真组织实施。
湖南省人民政府办公厅
2022年7月6日
湖南省深化医药卫生体制改革2022年重点工作任务
一、加快构建有序就医和诊疗新格局
（一）推进国家区域医疗中心和省级区域医疗中心建设与管理
积极争取国家区域医疗中心项目落地，推动省级区域医疗中心建设，加快优质医疗资源扩容和区域均衡布局。
牵头单位：省发展改革委、省卫生健康委
配合单位：省财政厅、省医保局
完成时限：2022年12月底前
（二）发展壮大医疗卫生队伍
加强全科医生培养，推进住院医师规范化培训。
牵头责任单位：省卫生健康委
主要协作单位：省教育厅、省人力资源社会保障厅、省财政厅
时间节点：持续推进
（三）推进医保支付方式改革。推进DRG/DIP支付方式改革，扩大覆盖范围。
责任单位：省医保局（排在第一位的为牵头单位）、省卫生健康委
协作单位：省财政厅
二、深化医疗保障制度改革
（四）健全重特大疾病医疗保险和救助制度。省医保局、省民政厅共同牵头，省财政厅、省乡村振兴局参与。
（五）完善药品供应保障。（省医保局牵头，省卫生健康委、省药监局配合）
（六）加强综合监管。（省卫生健康委、省市场监管局分别牵头，省公安厅协同，省医保局协作）
（七）推进智慧医疗建设。（省卫生健康委、省大数据局负责，排在第一位的为牵头部门，下同）
（八）加强中医药服务。（省中医药局、省卫生健康委
"""


def test_units_on_lines_of_their_own_attach_to_their_task():
    first, second, third = parse(PROVINCE).tasks[:3]
    assert first.title == "推进国家区域医疗中心和省级区域医疗中心建设与管理"
    assert units(first) == [("省发展改革委", "lead"), ("省卫生健康委", "lead"), ("省财政厅", "participating"),
                            ("省医保局", "participating")]
    assert first.deadline == "2022年12月底前" and first.lead_rule == "stated"
    assert "牵头单位" not in first.text and "完成时限" not in first.text
    assert first.text.endswith("加快优质医疗资源扩容和区域均衡布局。")
    assert second.title == "发展壮大医疗卫生队伍" and second.deadline == "持续推进"
    assert units(second) == [("省卫生健康委", "lead"), ("省教育厅", "participating"),
                             ("省人力资源社会保障厅", "participating"), ("省财政厅", "participating")]
    assert units(third) == [("省医保局", "lead"), ("省卫生健康委", "responsible"), ("省财政厅", "participating")]
    assert third.title == "推进医保支付方式改革" and third.lead_rule == "stated"


def test_several_leads_and_participating_verbs_in_brackets():
    tasks = parse(PROVINCE).tasks
    assert units(tasks[3]) == [("省医保局", "lead"), ("省民政厅", "lead"), ("省财政厅", "participating"),
                               ("省乡村振兴局", "participating")]
    assert units(tasks[4]) == [("省医保局", "lead"), ("省卫生健康委", "participating"), ("省药监局", "participating")]
    assert units(tasks[5]) == [("省卫生健康委", "lead"), ("省市场监管局", "lead"), ("省公安厅", "participating"),
                               ("省医保局", "participating")]


def test_a_note_cut_off_by_a_truncated_copy_is_read_with_a_warning():
    notice = parse(PROVINCE)
    last = notice.tasks[-1]
    assert last.label == "(八)" and last.title == "加强中医药服务"
    assert units(last) == [("省中医药局", "lead"), ("省卫生健康委", "responsible")]
    assert last.lead_rule == "carried"
    assert any("(八) has no closing bracket" in warning for warning in notice.warnings)


def test_provincial_metadata_skips_breadcrumb_and_greeting():
    notice = parse(PROVINCE)
    assert notice.title == "湖南省深化医药卫生体制改革2022年重点工作任务"
    assert notice.issuers == ["湖南省人民政府办公厅"] and notice.level == "province" and notice.place == "湖南省"
    assert notice.doc_number == "湘政办发〔2022〕31号"
    assert [t.number for t in notice.tasks] == list(range(1, 9))


# A 直辖市: its 市 offices are provincial; the legend stands once, above the tasks.
MUNICIPALITY = """上海市人民政府办公厅关于印发《上海市深化医药卫生体制改革2021年重点工作安排》的通知
沪府办发〔2021〕15号
各区人民政府，市政府各委、办、局：
经市政府同意，现将《上海市深化医药卫生体制改革2021年重点工作安排》印发给你们，请认真按照执行。
上海市人民政府办公厅
2021年6月30日
上海市深化医药卫生体制改革2021年重点工作安排
各项任务中排在第一位的为牵头单位。
一、推进公立医院高质量发展
1.推进市级医院高质量发展。（市卫生健康委、市发展改革委、市财政局负责）
2.深化人事薪酬制度改革。（市人力资源社会保障局、市卫生健康委、市财政局、市委编办负责）
二、加强公共卫生体系建设
3.加强学校卫生工作。（市教委、市卫生健康委负责）
4.推进药品监管。（市药品监管局、市市场监管局负责）
"""


def test_municipality_is_provincial_and_its_legend_applies_to_every_task(index):
    from hrcli.analyse.departments import canonicalize

    notice = parse(MUNICIPALITY)
    assert notice.level == "province" and notice.place == "上海市"
    assert [t.lead_rule for t in notice.tasks] == ["carried"] * 4
    assert notice.tasks[2].lead == "市教委"
    assert canonicalize(notice, index) == []


@pytest.mark.parametrize(
    ("issuer", "level"),
    [("北京市朝阳区人民政府办公室", "county"), ("重庆市万州区人民政府办公室", "county"), ("天津市人民政府办公厅", "province"),
     ("内蒙古自治区人民政府办公厅", "province"), ("鄂尔多斯市伊金霍洛旗人民政府办公室", "county"),
     ("浙江省温州市平阳县人民政府办公室", "county"), ("国家卫生健康委办公厅", "national")],
)
def test_level_from_the_issuer(issuer, level):
    text = f"{issuer}关于印发深化医药卫生体制改革2023年重点工作任务的通知\n一、改革\n(一)推进医共体建设。(卫生健康部门负责)\n"
    assert parse(text).level == level


# A county notice, pinyin glosses left by the site, units on lines in one task and a sentence in another.
COUNTY = """平阳县人民政府办公室关于印发平阳县深化医药卫生体制改革2022年重点工作任务的通知
平政办发〔2022〕40号
各乡镇人民政府、街道办事处，县政府直属各单位：
　　《平阳县深化医(yī)药卫(wèi)生体制改革2022年重点工作任务》已经县政府同意，现印发给你们，请认真贯彻落实。
平阳县人民政府办公室
2022年6月1日
平阳县深化医(yī)药卫(wèi)生体制改革2022年重(zhòng)点工作任务
一、推进县域医共体建设
1.深化县域医共体改革
完善医共体运行机制，推进医共体内人员统筹使用。
牵头单位：县卫健局
配合单位：县委编办、县人力社保局、县财政局、县医保分局
2.加强基层医疗卫生服务能力。提升乡镇卫生院服务能力。（县卫健局牵头，县财政局、县发改局、各乡镇人民政府配合）
抄送：县委办，县人大常委会办公室，县政协办公室。
"""


def test_pinyin_glosses_are_gone_before_anything_reads_the_text(index):
    from hrcli.analyse.departments import canonicalize

    notice = parse(COUNTY)
    assert notice.title == "平阳县深化医药卫生体制改革2022年重点工作任务"
    assert "(yī)" not in notice.preamble and "yī" not in notice.preamble
    assert any("pinyin" in warning for warning in notice.warnings)
    assert notice.level == "county" and notice.place == "平阳县"
    first, second = notice.tasks
    assert first.title == "深化县域医共体改革"
    assert units(first)[0] == ("县卫健局", "lead") and {r for _, r in units(first)[1:]} == {"participating"}
    assert second.lead == "县卫健局"
    assert notice.closing.startswith("抄送")
    assert canonicalize(notice, index) == []


JOINT = """国家卫生健康委 国家发展改革委 财政部 人力资源社会保障部 国家医保局关于印发深化医药卫生体制改革近期重点工作任务的通知
国卫体改发〔2023〕10号
各省、自治区、直辖市及新疆生产建设兵团卫生健康委、发展改革委、财政厅（局）、人力资源社会保障厅（局）、医保局：
现将《深化医药卫生体制改革近期重点工作任务》印发给你们，请认真贯彻落实。
一、推进分级诊疗
（一）推进紧密型县域医共体建设。（国家卫生健康委、国家医保局负责）
"""

JOINT_SIGNED = """关于印发某省深化医药卫生体制改革2019年重点工作任务的通知
各市州卫生健康委、发展改革委、财政局、医保局：
现将《某省深化医药卫生体制改革2019年重点工作任务》印发给你们，请认真贯彻落实。
省卫生健康委　　省发展改革委
省财政厅　　省医保局
2019年8月2日
一、推进分级诊疗
（一）推进城市医疗集团建设。（省卫生健康委、省医保局负责）
"""


def test_a_notice_signed_by_several_departments_lists_them_all():
    notice = parse(JOINT)
    assert notice.issuers == ["国家卫生健康委", "国家发展改革委", "财政部", "人力资源社会保障部", "国家医保局"]
    assert notice.issuer == "国家卫生健康委" and notice.level == "national"
    signed = parse(JOINT_SIGNED)
    assert signed.issuers == ["省卫生健康委", "省发展改革委", "省财政厅", "省医保局"]
    assert signed.title == "某省深化医药卫生体制改革2019年重点工作任务"


def test_a_title_is_the_notices_or_none_never_a_menu():
    text = "网站首页 政务公开 互动交流\n当前位置：首页>通知公告\n索引号：11530000/2023-00054\n一、改革\n(一)推进医共体建设。(县卫健局负责)\n"
    notice = parse(text)
    assert notice.title is None and notice.issuer is None and notice.issuers == []


# A city notice: a note on a line of its own, labels inside the brackets, deadlines as bare dates.
CITY = """遵义市人民政府办公室关于印发遵义市深化医药卫生体制改革2020年重点工作任务的通知
遵府办发〔2020〕18号
各县、自治县、市、区人民政府，新区管委会，市政府各工作部门：
　　《遵义市深化医药卫生体制改革2020年重点工作任务》已经市人民政府同意，现印发给你们，请认真贯彻执行。
遵义市人民政府办公室
2020年7月20日
遵义市深化医药卫生体制改革2020年重点工作任务
一、加强公共卫生体系建设
（一）改革完善疾病预防控制体系。完善疾病预防控制机构职能设置，健全医防协同机制。
（市卫生健康局负责，2020年底前）
（二）健全重大疫情救治体系。（牵头单位：市卫生健康局；配合单位：市发展改革委、市财政局）
二、深化医疗保障制度改革
（三）推进医保支付方式改革。（市医保局负责，2020年12月31日前）
（四）加强医保基金监管。（市医保局、市卫生健康局、市公安局按职责分工负责，长期坚持）
"""


def test_city_note_on_its_own_line_labels_in_brackets_and_bare_dates():
    notice = parse(CITY)
    first, second, third, fourth = notice.tasks
    assert units(first) == [("市卫生健康局", "lead")] and first.deadline == "2020年底前"
    assert first.text == "改革完善疾病预防控制体系。完善疾病预防控制机构职能设置,健全医防协同机制。"
    assert units(second) == [("市卫生健康局", "lead"), ("市发展改革委", "participating"), ("市财政局", "participating")]
    assert units(third) == [("市医保局", "lead")] and third.deadline == "2020年12月31日前"
    assert fourth.deadline == "长期坚持" and len(fourth.departments) == 3
    assert notice.level == "city" and notice.place == "遵义市"


@pytest.mark.parametrize("excerpt", ["NATIONAL", "PROVINCE", "MUNICIPALITY", "COUNTY", "CITY"])
@pytest.mark.parametrize("config", ["s2t", "s2hk", "s2tw"])
def test_a_traditional_web_copy_reads_like_the_simplified_one(excerpt, config):
    opencc = pytest.importorskip("opencc")
    text = globals()[excerpt]
    plain, copy = parse(text), parse(opencc.OpenCC(config).convert(text))

    def facts(notice):
        tasks = [(t.label, t.title, units(t), t.lead, t.deadline) for t in notice.tasks]
        return notice.title, notice.issuers, notice.doc_number, notice.level, notice.place, tasks

    assert facts(copy) == facts(plain)


def test_leaders_named_among_the_unit_lines_are_people_not_units():
    text = ("某市深化医药卫生体制改革2023年重点工作任务\n一、推进分级诊疗\n(一)推进紧密型城市医疗集团建设\n完善集团运行机制。\n"
            "牵头市领导:李某某副市长\n牵头单位:市卫生健康委\n配合单位:市医保局、市财政局\n")
    task = parse(text).tasks[0]
    assert units(task) == [("市卫生健康委", "lead"), ("市医保局", "participating"), ("市财政局", "participating")]
    assert task.text == "推进紧密型城市医疗集团建设\n完善集团运行机制。"


def wrapped(text: str, width: int) -> str:
    """The text as a PDF's text layer gives it: every paragraph cut into lines of `width` characters."""
    lines = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip(" \u3000")
        lines.extend([paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""])
    return "\n".join(lines)


@pytest.mark.parametrize("excerpt", ["NATIONAL", "PROVINCE", "MUNICIPALITY", "COUNTY", "CITY", "linfen", "qinghai", "nanchang"])
@pytest.mark.parametrize("width", [30, 35, 40])
def test_lines_wrapped_at_the_page_width_are_joined_and_headings_are_not(excerpt, width):
    from .conftest import read_corpus

    text = globals()[excerpt] if excerpt.isupper() else read_corpus(excerpt)
    plain, pdf = parse(text), parse(wrapped(text, width))

    def facts(notice):
        tasks = [(t.label, t.title, units(t), t.deadline) for t in notice.tasks]
        return notice.title, notice.cover_title, notice.issuers, notice.doc_number, tasks

    assert facts(pdf) == facts(plain)


def test_a_heading_narrower_than_the_page_stands_alone_and_a_note_broken_in_its_bracket_is_joined():
    text = wrapped(PROVINCE, 35)
    assert "(一)推进国家区域医疗中心和省级区域医疗中心建设与管理\n" in text.replace("（", "(").replace("）", ")")
    from hrcli.parse.clean import clean_text

    clean = clean_text("(一)推进医共体建设。完善医共体运行机制,推进人员统筹使用和医保基金打包付费(县卫\n健局负责。排在第一位的为牵头部门,\n下同)\n(二)推进集采。(县医保局负责)").text
    assert clean.split("\n")[0].endswith("(县卫健局负责。排在第一位的为牵头部门,下同)")


# An older city notice: the cover title over two short lines, without the place (市政府办公室); a 州 city.
OLDER_CITY = """市政府办公室关于印发2015年
全市深化医药卫生体制改革重点工作安排的通知
各市(区)人民政府,市各有关部门:
《2015年全市深化医药卫生体制改革重点工作安排》已经市政府同意,现印发给你们,请结合实际,认真组织实施。
扬州市人民政府办公室
2015年5月8日
2015年全市深化医药卫生体制改革重点工作安排
一、加快推进公立医院改革
(一)全面推进县级公立医院综合改革。破除以药补医机制。(市卫生计生委、市财政局、市物价局负责)
(二)深化城市公立医院改革试点。(市卫生计生委、市编办、市人社局负责)
"""


def test_cover_title_over_two_lines_and_the_issuer_named_in_full_by_the_signature():
    notice = parse(OLDER_CITY)
    assert notice.cover_title == "市政府办公室关于印发2015年全市深化医药卫生体制改革重点工作安排的通知"
    assert notice.title == "2015年全市深化医药卫生体制改革重点工作安排"
    assert notice.issuers == ["扬州市人民政府办公室"]
    assert notice.place == "扬州市" and notice.level == "city" and notice.years == [2015]


@pytest.mark.parametrize(
    ("issuer", "place"),
    [("贵州省人民政府办公厅", "贵州省"), ("杭州市人民政府办公厅", "杭州市"), ("广州市越秀区人民政府办公室", "广州市越秀区"),
     ("甘孜藏族自治州人民政府办公室", "甘孜藏族自治州")],
)
def test_a_place_ending_in_zhou_keeps_its_suffix(issuer, place):
    text = f"{issuer}关于印发深化医药卫生体制改革重点工作任务的通知\n一、改革\n(一)推进医共体建设。(卫生健康部门负责)\n"
    assert parse(text).place == place


def test_a_traditional_copy_with_pinyin_glosses_reads_like_the_plain_notice():
    opencc = pytest.importorskip("opencc")
    glosses = {"醫": "(yī)", "衛": "(wèi)", "務": "(wù)", "關": "(guān)", "實": "(shí)", "國": "(guó)"}
    copy = "".join(char + glosses.get(char, "") for char in opencc.OpenCC("s2t").convert(NATIONAL))
    assert "衛(wèi)生" in copy
    plain, page = parse(NATIONAL), parse(copy)
    assert (page.title, page.cover_title, page.issuers, page.doc_number, page.level) == (
        plain.title, plain.cover_title, plain.issuers, plain.doc_number, plain.level)
    assert [(t.title, units(t)) for t in page.tasks] == [(t.title, units(t)) for t in plain.tasks]


# A district notice: a note closing the title, a note in 【】, a title ended by a colon.
DISTRICT = """北京市朝阳区人民政府办公室关于印发朝阳区深化医药卫生体制改革2023年重点工作任务的通知
朝政办发〔2023〕9号
各街道办事处、地区办事处，区政府各委、办、局，各区属机构：
　　经区政府同意，现将《朝阳区深化医药卫生体制改革2023年重点工作任务》印发给你们，请认真贯彻落实。
北京市朝阳区人民政府办公室
2023年4月20日
朝阳区深化医药卫生体制改革2023年重点工作任务
一、推进分级诊疗
（一）完善区域医疗中心建设（区卫生健康委牵头，区发展改革委、区财政局配合）。推进区属医院与市属医院合作共建，提升专科服务能力。
（二）加强家庭医生签约服务：扩大签约覆盖面，提高签约服务质量。【责任单位：区卫生健康委、区医保局】
（三）推进医保支付方式改革。落实DRG付费。（区医保分局负责，2023年底前完成）
"""


def test_a_note_closing_the_title_a_note_in_lenticular_brackets_and_a_colon_title():
    notice = parse(DISTRICT)
    first, second, third = notice.tasks
    assert first.title == "完善区域医疗中心建设"
    assert units(first) == [("区卫生健康委", "lead"), ("区发展改革委", "participating"), ("区财政局", "participating")]
    assert first.text == "完善区域医疗中心建设。推进区属医院与市属医院合作共建,提升专科服务能力。"
    assert second.title == "加强家庭医生签约服务"
    assert units(second) == [("区卫生健康委", "lead"), ("区医保局", "responsible")]
    assert "【" not in second.text
    assert third.deadline == "2023年底前完成"
    assert notice.level == "county" and notice.place == "朝阳区"


def test_a_note_after_a_list_inside_a_task_belongs_to_the_task():
    text = """某省深化医药卫生体制改革2021年重点工作任务
一、推动公立医院高质量发展
(一)推进公立医院综合改革。重点做好以下工作:
1.落实政府投入责任。
2.深化薪酬制度改革。(省卫生健康委牵头,省人力资源社会保障厅、省财政厅配合)
(二)加强医院内部管理。(省卫生健康委负责)
二、深化医保改革
(三)推进支付方式改革。(省医保局负责)
"""
    notice = parse(text)
    assert [t.label for t in notice.tasks] == ["(一)", "(二)", "(三)"]
    first = notice.tasks[0]
    assert first.title == "推进公立医院综合改革"
    assert units(first) == [("省卫生健康委", "lead"), ("省人力资源社会保障厅", "participating"), ("省财政厅", "participating")]
    assert "2.深化薪酬制度改革。" in first.text and "配合" not in first.text


def test_closing_text_after_a_list_in_the_last_task_is_not_the_tasks():
    text = """某县深化医药卫生体制改革2022年重点工作任务
一、推进医共体建设
(一)做实县域医共体。(县卫健局负责)
(二)加强组织保障。重点做好以下工作:
1.加强组织领导。
2.强化督查考核。(县卫健局牵头,县委编办配合)
各乡镇、各有关部门要高度重视,确保各项任务落到实处。
抄送:县委办,县人大常委会办公室。
"""
    notice = parse(text)
    last = notice.tasks[-1]
    assert last.label == "(二)" and units(last)[0] == ("县卫健局", "lead")
    assert notice.closing.startswith("各乡镇、各有关部门要高度重视")
    assert "抄送" not in last.text and "高度重视" not in last.text


# A notice that is itself the letter (no 印发, no separate plan), signed and dated in Chinese numerals.
LETTER = """湖北省卫生健康委员会关于做好2023年深化医药卫生体制改革重点工作的通知
鄂卫通〔2023〕12号
各市、州、直管市及神农架林区卫生健康委：
　　为贯彻落实国家和省深化医改工作部署，现就做好2023年重点工作通知如下：
一、推进分级诊疗
（一）推进紧密型县域医共体建设。（省卫生健康委基层卫生处负责）
（二）推进城市医疗集团建设。（省卫生健康委医政医管处负责）
湖北省卫生健康委员会
二〇二三年三月十日
"""


def test_a_letter_notice_is_its_own_title_and_a_chinese_numeral_date_is_read():
    notice = parse(LETTER)
    assert notice.title == "湖北省卫生健康委员会关于做好2023年深化医药卫生体制改革重点工作的通知"
    assert notice.cover_title is None
    assert notice.issuers == ["湖北省卫生健康委员会"] and notice.level == "province"
    assert notice.doc_number == "鄂卫通〔2023〕12号"
    assert notice.dates["signed"] == "2023-03-10" and notice.years == [2023]


# The State Council site's table of the document's facts above the text.
FACTS_TABLE = """索　引　号：000014349/2023-00054
主题分类：卫生、体育\\医药管理
发文机关：国务院办公厅
成文日期：2023年07月13日
标　　题：国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知
发文字号：国办发〔2023〕22号
发布日期：2023年07月24日
一、促进优质医疗资源扩容和区域均衡布局
（一）推进国家医学中心建设。（国家发展改革委、国家卫生健康委负责）
"""


def test_a_sites_table_of_facts_gives_title_issuer_number_and_dates():
    notice = parse(FACTS_TABLE)
    assert notice.cover_title == "国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知"
    assert notice.title == "深化医药卫生体制改革2023年下半年重点工作任务"
    assert notice.issuers == ["国务院办公厅"] and notice.level == "national"
    assert notice.doc_number == "国办发〔2023〕22号"
    assert notice.dates == {"signed": "2023-07-13", "published": "2023-07-24"}


def test_unit_lines_with_labels_in_lenticular_brackets():
    import re

    bracketed = re.sub(r"^(牵头单位|配合单位|完成时限|牵头责任单位|主要协作单位|时间节点)：", r"【\1】", PROVINCE, flags=re.MULTILINE)
    assert "【牵头单位】省发展改革委" in bracketed
    plain, copy = parse(PROVINCE), parse(bracketed)
    assert [(t.title, units(t), t.deadline) for t in copy.tasks] == [(t.title, units(t), t.deadline) for t in plain.tasks]


def test_a_number_glued_to_the_title_before_it():
    text = "国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知国办发〔2023〕22号\n一、改革\n(一)推进医共体建设。(国家卫生健康委负责)\n"
    assert parse(text).doc_number == "国办发〔2023〕22号"


def test_six_departments_signing_one_per_line_are_all_issuers():
    signers = ["国家卫生健康委", "国家发展改革委", "财政部", "人力资源社会保障部", "国家医保局", "国家药监局"]
    text = ("关于印发深化医药卫生体制改革近期重点工作任务的通知\n各省、自治区、直辖市卫生健康委:\n"
            "现将《深化医药卫生体制改革近期重点工作任务》印发给你们。\n" + "\n".join(signers) +
            "\n2023年5月10日\n一、改革\n(一)推进医共体建设。(国家卫生健康委负责)\n")
    notice = parse(text)
    assert notice.issuers == signers and notice.level == "national"


# A mirror site's copy: greeting, a breadcrumb over two lines, bullet lines of page facts, the cover
# title broken by spaces, the signature pushed right with spaces. Made traditional and glossed below.
MIRROR = """欢迎访问宁夏经济信息网!
当前位置: 首页
>文件汇编 >正文
宁夏回族自治区人民政府办公厅关于 印发宁夏回族自治区深化医药卫生体制改革 2021年重点工作任务的通知
  • 时间:2021-08-02 09:15:20
  • 点击:0
  • 来源:自治区政府办公厅

宁政办发〔2021〕45号

各市、县（区）人民政府，自治区政府各部门、各直属机构：

  《宁夏回族自治区深化医药卫生体制改革2021年重点工作任务》已经自治区人民政府同意，现印发给你们，请认真贯彻执行。

                                       宁夏回族自治区人民政府办公厅

                                        2021年7月28日

（此件公开发布）

宁夏回族自治区深化医药卫生体制改革

2021年重点工作任务

  一、加强公共卫生体系建设

  （一）改革完善疾病预防控制体系。加强疾控机构能力建设。（自治区卫生健康委、发展改革委、财政厅按职责分工负责）

  （二）健全医疗救治体系。（自治区卫生健康委负责）
"""


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_mirror_sites_copy_keeps_only_the_document(script):
    text = MIRROR
    if script == "traditional":
        opencc = pytest.importorskip("opencc")
        glosses = {"醫": "(yī)", "衛": "(wèi)", "務": "(wù)", "關": "(guān)", "發": "(fā)", "經": "(jīng)", "網": "(wǎng)"}
        text = "".join(char + glosses.get(char, "") for char in opencc.OpenCC("s2t").convert(MIRROR))
    notice = parse(text)
    assert notice.title == "宁夏回族自治区深化医药卫生体制改革2021年重点工作任务"
    assert notice.cover_title == "宁夏回族自治区人民政府办公厅关于印发宁夏回族自治区深化医药卫生体制改革2021年重点工作任务的通知"
    assert notice.issuers == ["宁夏回族自治区人民政府办公厅"]
    assert notice.doc_number == "宁政办发〔2021〕45号"
    assert notice.level == "province" and notice.place == "宁夏回族自治区"
    assert notice.dates == {"published": "2021-08-02", "signed": "2021-07-28"}
    assert "首页" not in notice.preamble and "欢迎" not in notice.preamble and "文件汇编" not in notice.preamble
    assert [(t.title, t.lead) for t in notice.tasks] == [("改革完善疾病预防控制体系", "自治区卫生健康委"), ("健全医疗救治体系", "自治区卫生健康委")]


def test_a_cover_letter_that_passes_on_another_bodys_plan():
    text = """化隆县人民政府办公室关于转发县卫计局化隆县深化医药卫生体制改革综合试点方案的通知
各乡镇人民政府,县政府有关部门:
县卫计局拟定的《化隆县深化医药卫生体制改革综合试点方案》已经县人民政府研究同意,现转发给你们,请认真贯彻执行。
化隆县人民政府办公室
2015年9月7日
一、重点任务
(一)推进县级公立医院综合改革。(县卫计局、县财政局负责)
"""
    notice = parse(text)
    assert notice.title == "化隆县深化医药卫生体制改革综合试点方案"
    assert notice.issuers == ["化隆县人民政府办公室"] and notice.level == "county"


def test_unit_lines_after_a_list_inside_a_task_belong_to_the_task():
    text = """某市深化医药卫生体制改革2022年重点工作任务
一、推进公立医院高质量发展
(一)推进公立医院综合改革
1.落实政府投入责任。
2.深化薪酬制度改革。
牵头单位:市卫生健康委
配合单位:市人力资源社会保障局、市财政局
完成时限:2022年底
(二)加强医院内部管理。(市卫生健康委负责)
"""
    first, second = parse(text).tasks
    assert first.label == "(一)" and first.title == "推进公立医院综合改革"
    assert units(first) == [("市卫生健康委", "lead"), ("市人力资源社会保障局", "participating"), ("市财政局", "participating")]
    assert first.deadline == "2022年底" and "牵头单位" not in first.text
    assert second.lead == "市卫生健康委"


@pytest.mark.parametrize(("issuer", "level"), [("省政府办公厅", "province"), ("市政府办公室", "city"), ("县卫健局", "county")])
def test_the_level_of_an_office_named_without_its_place(issuer, level):
    text = f"{issuer}关于印发深化医药卫生体制改革重点工作任务的通知\n一、改革\n(一)推进医共体建设。(卫生健康部门负责)\n"
    assert parse(text).level == level


def test_a_deadline_in_a_bracket_of_its_own_after_the_note():
    text = "某县2023年医改重点任务\n一、改革\n(一)推进医共体建设。完善机制。(县卫健局负责)(2023年底前完成)\n(二)推进集采。(县医保局负责)\n"
    first = parse(text).tasks[0]
    assert units(first) == [("县卫健局", "lead")] and first.deadline == "2023年底前完成"
    assert first.text == "推进医共体建设。完善机制。"


def test_a_bracket_note_followed_by_a_deadline_line():
    text = "某县2023年医改重点任务\n一、改革\n(一)推进医共体建设。完善机制。(县卫健局负责)\n完成时限:2023年12月底前\n(二)推进集采。(县医保局负责)\n"
    first = parse(text).tasks[0]
    assert units(first) == [("县卫健局", "lead")] and first.deadline == "2023年12月底前"
    assert first.text == "推进医共体建设。完善机制。"


def test_items_without_notes_that_go_on_with_the_task_numbers_are_tasks():
    text = """深化医药卫生体制改革2023年重点工作任务
一、推进分级诊疗
(一)推进医联体建设。(国家卫生健康委负责)
(二)推进家庭医生签约。(国家卫生健康委负责)
二、加强组织实施
(三)强化组织领导。各地要把深化医改列入重要议事日程。
(四)加强宣传引导。做好政策解读。
"""
    notice = parse(text)
    assert [t.label for t in notice.tasks] == ["(一)", "(二)", "(三)", "(四)"]
    assert [s.kind for s in notice.sections] == ["tasks", "tasks"]
    assert notice.tasks[3].title == "加强宣传引导" and notice.tasks[3].departments == []


def test_two_offices_named_with_a_comma_in_the_cover_title():
    text = ("中共某某市委办公室、某某市人民政府办公室关于印发某某市深化医药卫生体制改革2022年重点工作任务的通知\n"
            "一、改革\n(一)推进医共体建设。(市卫生健康委负责)\n")
    assert parse(text).issuers == ["中共某某市委办公室", "某某市人民政府办公室"]


def test_a_unit_label_alone_on_its_line_takes_the_names_on_the_next():
    text = "某省2023年医改重点任务\n一、改革\n(一)推进医共体建设。完善机制。\n牵头单位:\n省卫生健康委\n配合单位:\n省财政厅、省医保局\n(二)推进集采。(省医保局负责)\n"
    first = parse(text).tasks[0]
    assert units(first) == [("省卫生健康委", "lead"), ("省财政厅", "participating"), ("省医保局", "participating")]
    assert first.text == "推进医共体建设。完善机制。"


def test_a_page_title_with_the_sites_name_after_it():
    text = ("国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知_卫生、体育_中国政府网\n"
            "国办发〔2023〕22号\n一、改革\n(一)推进医联体建设。(国家卫生健康委负责)\n")
    notice = parse(text)
    assert notice.cover_title == "国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知"
    assert notice.title == "深化医药卫生体制改革2023年下半年重点工作任务" and notice.issuers == ["国务院办公厅"]


def test_a_notice_without_a_cover_letter_signed_at_its_end():
    notice = parse("某县2023年深化医药卫生体制改革重点工作任务\n一、促进优质医疗资源扩容\n"
                   "1.推进县域医共体建设。(责任单位:县卫生健康局、县医保局;完成时限:2023年12月底)\n"
                   "2.推进DRG付费改革。(县医保局牵头,县卫生健康局配合)\n三、组织实施\n"
                   "各乡镇、各有关部门要高度重视,确保各项任务落到实处。\n某县人民政府办公室\n2023年5月10日\n")
    assert (notice.issuer, notice.dates, notice.level) == ("某县人民政府办公室", {"signed": "2023-05-10"}, "county")
    # A date at the end with a sentence above it, not an office, names no issuer.
    unsigned = parse("某县2023年深化医药卫生体制改革重点工作任务\n一、重点任务\n1.推进县域医共体建设。(县卫生健康局负责)\n"
                     "各乡镇要确保各项任务落到实处。\n2023年5月10日\n")
    assert (unsigned.issuer, unsigned.dates) == (None, {"signed": "2023-05-10"})


def test_a_notice_in_parts_keeps_its_title_and_its_tasks():
    notice = parse("某市2024年深化医药卫生体制改革重点工作任务\n第一部分 总体要求\n坚持以人民健康为中心,深入推广三明医改经验。\n"
                   "第二部分 重点任务\n一、促进医保、医疗、医药协同发展和治理\n"
                   "（一）深化医疗服务价格改革。２０２４年底前完成一轮医疗服务价格调整。（牵头单位：市医保局；配合单位：市卫生健康委）\n"
                   "（二）深化医保支付方式改革。ＤＲＧ付费覆盖率达到１００％。（牵头单位：市医保局）\n"
                   "第三部分 保障措施\n各县（市、区）要加强组织领导。\n")
    assert notice.title == "某市2024年深化医药卫生体制改革重点工作任务"
    assert [(t.title, t.lead) for t in notice.tasks] == [("深化医疗服务价格改革", "市医保局"), ("深化医保支付方式改革", "市医保局")]
    assert notice.tasks[1].text == "深化医保支付方式改革。DRG付费覆盖率达到100%。"
    assert notice.closing.startswith("第三部分保障措施")
