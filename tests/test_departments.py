"""Canonical departments (configs/departments.yaml, hrcli/departments.py) on the real corpus notices."""

from __future__ import annotations

import copy

import pytest

from hrcli.analyse.departments import (
    canonicalize,
    department_matrix,
    load_departments,
    notice_places,
    tasks_of,
)
from hrcli.errors import ConfigError
from hrcli.schema import Department

from .conftest import shared

# The variants named in the issue, each with the body it must resolve to.
ISSUE_ALIASES = {
    "health": ["市卫健委", "市卫生健康委", "省卫生健康委", "县卫生健康委", "省卫生计生委", "县卫健委"],
    "healthcare_security": ["市医保局", "省医保局", "县医保局"],
    "development_reform": ["发改委", "发展改革委", "发展和改革委员会"],
    "human_resources": ["人社局", "人力资源和社会保障局", "人力资源社会保障厅"],
    "market_regulation": ["市场监管局", "市场监督局", "市场监督管理局", "市市场监管局", "县市场监督局"],
    "staffing_office": ["编办", "委编办", "省委编办", "县委编办"],
    "finance": ["财政局", "财政厅"],
    "price_bureau": ["物价局", "省物价局"],
    "industry_it": ["工信局"],
    "civil_affairs": ["民政局"],
    "education": ["教育局", "教育厅", "教体局"],
    "lower_governments": ["各县市区人民政府", "各市州政府", "各镇人民政府(开发区工委)", "各县(市、区)人民政府", "各县（市、区）人民政府"],
    "healthreform_office": ["医改领导小组秘书处", "医改办", "医改领导组办公室"],
    "relevant_departments": ["各相关部门", "省直相关部门", "各有关部门"],
    "member_units": ["成员单位"],
}

VALID_ENTRY = "departments:\n  health:\n    zh: 卫生健康委\n    en: Health Commission\n    kind: agency\n    aliases: [卫健委]\n"


@pytest.fixture(scope=shared("module"))
def index():
    return load_departments()


@pytest.fixture
def fresh(notices):
    """A private copy of the parsed notices (canonicalize writes into them)."""
    return copy.deepcopy(notices)


def write_config(tmp_path, text):
    (tmp_path / "departments.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("key,name", [(key, name) for key, names in ISSUE_ALIASES.items() for name in names])
def test_issue_aliases_resolve(index, key, name):
    assert index.resolve(name) == key


@pytest.mark.parametrize("key,kind", [
    ("lower_governments", "government"), ("healthreform_office", "leadership"), ("relevant_departments", "generic"),
    ("member_units", "generic"), ("staffing_office", "party"), ("publicity", "party"), ("health", "agency"),
])
def test_kinds(index, key, kind):
    assert index.entries[key].kind == kind


def test_names_starting_with_a_level_character_are_not_mangled(index):
    # 市场监管局 and 乡村振兴局 begin with 市 / 乡: stripping them would leave 场监管局 / 村振兴局.
    assert index.resolve("市场监管局") == "market_regulation"
    assert index.resolve("乡村振兴局") == "rural_revitalization"
    assert index.resolve("市乡村振兴局") == "rural_revitalization"


def test_every_corpus_department_resolves(index, fresh):
    for slug, notice in fresh.items():
        assert canonicalize(notice, index) == [], slug
        assert any(task.departments for task in notice.tasks), slug
        for task in notice.tasks:
            for department in task.departments:
                assert department.canonical in index.entries, (task.id, department.name)


def test_canonicalize_sets_keys_in_place(index, fresh):
    qinghai = fresh["qinghai"]
    canonicalize(qinghai, index)
    # Qinghai (十五): "省医保局、青海银保监局，各市州政府按职责分工负责"
    assert [d.canonical for d in qinghai.task(15).departments] == [
        "healthcare_security", "banking_insurance_regulation", "lower_governments",
    ]
    assert [d.name for d in qinghai.task(15).departments] == ["省医保局", "青海银保监局", "各市州政府"]


def test_place_name_is_removed_only_for_its_own_notice(index, notices):
    # "青海银保监局" is the central regulator's Qinghai office: the place is not a level prefix.
    assert index.resolve("青海银保监局", notice_places(notices["qinghai"])) == "banking_insurance_regulation"
    assert index.resolve("青海银保监局") is None


def test_two_names_of_one_body_in_one_notice_merge(index, notices):
    # Sixian writes 县卫生健康委 in 16 notes and 县卫健委 once (task 18); 县市场监管局 twice, 县市场监督局 once.
    rows = {row["department"]: row for row in department_matrix([notices["sixian"]], index)}
    assert (rows["health"]["sixian_lead"], rows["health"]["sixian_shared"]) == (15, 2)
    assert (rows["market_regulation"]["sixian_lead"], rows["market_regulation"]["sixian_shared"]) == (0, 3)
    assert "县卫健委" not in rows and "县市场监督局" not in rows


def test_matrix_counts_qinghai(index, notices):
    # Counted by reading corpus/qinghai.txt: 24 notes, all naming 各市州政府; it is listed first in
    # (一)(七)(十一)(十二)(十三)(十四)(二十二). 省医保局 is first in (十五)-(十九) and also named in
    # (六)(七)(九)(十一)(二十). 省卫生健康委 is first in (四)(五)(六)(九)(二十)(二十一) and named in 16 notes.
    rows = {row["department"]: row for row in department_matrix(notices, index)}
    assert (rows["healthcare_security"]["qinghai_lead"], rows["healthcare_security"]["qinghai_shared"]) == (5, 5)
    assert (rows["health"]["qinghai_lead"], rows["health"]["qinghai_shared"]) == (6, 10)
    assert (rows["lower_governments"]["qinghai_lead"], rows["lower_governments"]["qinghai_shared"]) == (7, 17)
    assert (rows["healthreform_office"]["qinghai_lead"], rows["healthreform_office"]["qinghai_shared"]) == (3, 0)


def test_matrix_counts_linfen_inherited_count_as_shared(index, notices):
    # corpus/linfen.txt: 市卫健委 is in all 18 notes, first in all but (一)(五)(六)(七)(八)(九)(十六).
    # 各县市区人民政府 is named in (三), whose note adds "以下各项均需各县市区人民政府负责": (三)-(十八) = 16, never lead.
    # 市医保局 is named in 8 notes, first in (六)(七).
    rows = {row["department"]: row for row in department_matrix(notices, index)}
    assert (rows["health"]["linfen_lead"], rows["health"]["linfen_shared"]) == (11, 7)
    assert (rows["lower_governments"]["linfen_lead"], rows["lower_governments"]["linfen_shared"]) == (0, 16)
    assert (rows["healthcare_security"]["linfen_lead"], rows["healthcare_security"]["linfen_shared"]) == (2, 6)


def test_matrix_counts_shanxi_price_bureau(index, notices):
    # Shanxi's legend ("排在第一位的部门为牵头部门…下同"): 省物价局 leads 2. and shares 1.
    rows = {row["department"]: row for row in department_matrix(notices, index)}
    assert (rows["price_bureau"]["shanxi_lead"], rows["price_bureau"]["shanxi_shared"]) == (1, 1)
    assert rows["price_bureau"]["en"].startswith("Price Bureau")


def test_matrix_shape_and_order(index, notices):
    rows = department_matrix(notices, index)
    regions = list(notices)
    assert list(rows[0])[:3] == ["department", "zh", "en"]
    assert list(rows[0])[3:] == [f"{slug}_{role}" for slug in regions for role in ("lead", "shared")]
    totals = [sum(value for name, value in row.items() if name.endswith(("_lead", "_shared"))) for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert rows[0]["department"] == "health" and rows[0]["zh"] == "卫生健康委"
    for slug, notice in notices.items():
        # every task with a lead contributes exactly one lead count; nothing is counted twice in a task
        assert sum(row[f"{slug}_lead"] for row in rows) == sum(1 for task in notice.tasks if task.lead)
        for row in rows:
            assert row[f"{slug}_lead"] + row[f"{slug}_shared"] <= len(notice.tasks)


def test_matrix_accepts_a_mapping_or_a_list(index, notices):
    assert department_matrix(notices, index) == department_matrix(list(notices.values()), index)


def test_tasks_of_healthcare_security_in_qinghai(index, notices):
    expected = {15: "lead", 16: "lead", 17: "lead", 18: "lead", 19: "lead", 6: "shared", 7: "shared", 9: "shared",
                11: "shared", 20: "shared"}
    for query in ("医保局", "省医保局", "医疗保障局", "healthcare_security", "Healthcare Security Administration"):
        found = tasks_of(notices["qinghai"], query, index)
        assert {task.number: role for task, role in found} == expected, query
        assert [task.number for task, _ in found] == sorted(expected)


def test_tasks_of_inherited_lower_governments_in_linfen(index, notices):
    found = tasks_of(notices["linfen"], "各县市区人民政府", index)
    assert [task.number for task, _ in found] == list(range(3, 19))
    assert {role for _, role in found} == {"shared"}


def test_unknown_name_stays_unknown(index, fresh):
    assert index.resolve("县气象局") is None
    sixian = fresh["sixian"]
    sixian.task(3).departments.append(Department(name="县气象局"))
    assert canonicalize(sixian, index) == ["县气象局"]
    assert sixian.task(3).departments[-1].name == "县气象局"
    assert sixian.task(3).departments[-1].canonical is None
    rows = {row["department"]: row for row in department_matrix([sixian], index)}
    assert rows["县气象局"]["zh"] == "县气象局" and rows["县气象局"]["en"] == ""
    assert rows["县气象局"]["sixian_shared"] == 1
    assert [task.number for task, _ in tasks_of(sixian, "县气象局", index)] == [3]


def test_fuzzy_match_takes_long_typos_only(index):
    assert index.resolve("县人力资源和社会保章局") == "human_resources"  # one wrong character in ten
    assert index.resolve("省卫生建康委员会") == "health"
    # short names one character apart are different bodies
    assert index.resolve("信访局") is None  # vs 工信局
    assert index.resolve("城市管理局") is None
    assert index.resolve("各市州卫生健康委") is None  # the lower levels' commissions, not the health commission


def test_malformed_yaml_names_the_line(tmp_path):
    write_config(tmp_path, VALID_ENTRY + "  finance:\n    zh: 财政局\n   en: Finance\n")
    with pytest.raises(ConfigError) as error:
        load_departments(tmp_path)
    assert "departments.yaml:9:" in str(error.value)


def test_bad_kind_names_the_line(tmp_path):
    write_config(tmp_path, VALID_ENTRY + "  finance:\n    zh: 财政局\n    en: Finance\n    kind: bureau\n    aliases: []\n")
    with pytest.raises(ConfigError, match=r"departments\.yaml:10: .*kind must be one of") as error:
        load_departments(tmp_path)
    assert "'bureau'" in str(error.value)


def test_missing_english_name_and_aliases_are_errors(tmp_path):
    write_config(tmp_path, "departments:\n  finance:\n    zh: 财政局\n    kind: agency\n    aliases: []\n")
    with pytest.raises(ConfigError, match="needs a non-empty en name"):
        load_departments(tmp_path)
    write_config(tmp_path, "departments:\n  finance:\n    zh: 财政局\n    en: Finance\n    kind: agency\n")
    with pytest.raises(ConfigError, match=r"departments\.yaml:3: .*needs a list of aliases"):
        load_departments(tmp_path)


def test_duplicate_alias_is_an_error(tmp_path):
    write_config(tmp_path, VALID_ENTRY + "  commission:\n    zh: 委员会\n    en: X\n    kind: agency\n    aliases: [发改委, 卫健委]\n")
    with pytest.raises(ConfigError, match=r"departments\.yaml:11: alias '卫健委' of 'commission' already names department 'health'"):
        load_departments(tmp_path)


def test_duplicate_alias_after_width_folding_is_an_error(tmp_path):
    text = ("departments:\n  a:\n    zh: 各县(市、区)人民政府\n    en: A\n    kind: government\n    aliases: []\n"
            "  b:\n    zh: B\n    en: B\n    kind: government\n    aliases: [各县（市、区）人民政府]\n")
    with pytest.raises(ConfigError, match=r"departments\.yaml:11: .*already names department 'a'"):
        load_departments(write_config(tmp_path, text))


def test_unknown_key_warns_with_line(tmp_path):
    index = load_departments(write_config(tmp_path, VALID_ENTRY + "    note: merged in 2018\n"))
    assert len(index.warnings) == 1
    assert "departments.yaml:7:" in index.warnings[0] and "'note'" in index.warnings[0]
    assert index.resolve("市卫健委") == "health"


def test_project_config_loads_without_warnings(index):
    assert index.warnings == []
    assert index.fuzzy_cutoff >= 80  # conservative: see the header of configs/departments.yaml
