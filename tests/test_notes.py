"""Responsibility notes in the forms notices of other regions and years write them (parse_note alone)."""

from __future__ import annotations

import pytest

from hrcli.parse.notes import looks_like_units, parse_note


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
