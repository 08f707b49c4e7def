"""Quantitative targets read from the real notices' task texts, and how two regions' targets compare."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrcli.analyse.targets import (
    DEFAULT_CUTOFF,
    differs,
    extract_targets,
    pair_targets,
    same_measure,
)
from hrcli.parse.clean import clean_text

from .conftest import read_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def targets_of(notices, region: str, number: int):
    """The targets extracted from one task of a corpus notice."""
    return extract_targets(notices[region].task(number).text)


def the_target(notices, region: str, number: int, value: float, unit: str):
    """The one target of a task with this value and unit (fails when there is none or several)."""
    found = [t for t in targets_of(notices, region, number) if t.value == value and t.unit == unit]
    assert len(found) == 1, f"{region} {number}: {value}{unit} in {targets_of(notices, region, number)}"
    return found[0]


def all_task_targets(notices):
    """(region, task, target) for every target of every task of the corpus."""
    return [
        (region, task, target)
        for region, notice in notices.items()
        for task in notice.tasks
        for target in extract_targets(task.text)
    ]


# (region, task, value, unit, comparator, words the printed text contains)
PINNED = [
    ("linfen", 6, 400, "种", ">=", "400种以上"),
    ("linfen", 6, 70, "种", ">=", "70种以上"),
    ("linfen", 7, 30, "%", ">=", "不低于30%"),
    ("linfen", 3, 90, "%", ">=", "达90%以上"),
    ("linfen", 8, 5, "倍", "<=", "不得超过"),
    ("qinghai", 19, 450, "个", ">=", "达到450个"),
    ("qinghai", 19, 70, "%", ">=", "不低于70%"),
    ("qinghai", 8, 60, "%", ">=", "达到60%"),
    ("qinghai", 16, 30, "%", ">=", "不低于30%"),
    ("qinghai", 17, 35, "%", ">=", "35%以上"),
    ("qinghai", 1, 1, "次", ">=", "不少于1次"),
    ("sixian", 10, 530, "个", ">=", "至少530个"),
    ("sixian", 10, 1.2, "", "~", "1.2左右"),
    ("qinghai", 21, 12, "个", "=", "12个"),
    ("qinghai", 21, 8, "个", "=", "8个"),
    ("sixian", 4, 1, "个", "=", "1个"),
]


@pytest.mark.parametrize("region, number, value, unit, comparator, printed", PINNED)
def test_pinned_targets(notices, region, number, value, unit, comparator, printed):
    target = the_target(notices, region, number, value, unit)
    assert target.comparator == comparator
    assert printed in target.text


@pytest.mark.parametrize("region, number, value, unit, measure", [
    ("linfen", 6, 400, "种", "实施带量采购的药品品种"),
    ("linfen", 6, 70, "种", "医用耗材"),
    ("linfen", 7, 30, "%", "DRG付费的医保基金占全部符合条件住院医保基金支出的比例"),
    ("linfen", 3, 90, "%", "县域内就诊率"),
    ("qinghai", 8, 60, "%", "人员薪酬中固定部分占比"),
    ("qinghai", 19, 70, "%", "公立医疗机构集中招标采购药品使用率"),
    ("sixian", 10, 530, "个", "新增托位"),
    ("sixian", 10, 1.2, "", "千人口托位数"),
    # "=": what is built, after the verb ("建设…工作室12个", "设置120急救指挥中心1个").
    ("qinghai", 21, 12, "个", "全国基层名老中医药专家传承工作室"),
    ("qinghai", 21, 8, "个", "省级中藏医流派工作室"),
    ("sixian", 4, 1, "个", "120急救指挥中心"),
])
def test_measure_is_what_is_counted(notices, region, number, value, unit, measure):
    assert the_target(notices, region, number, value, unit).measure == measure


def test_linfen_pay_cap_reads_its_measure_from_the_clause_before(notices):
    # "合理确定公立医院绩效工资总量,最高不得超过公益一类事业单位绩效工资总量的5倍"
    target = the_target(notices, "linfen", 8, 5, "倍")
    assert target.measure == "公立医院绩效工资总量"
    assert target.text == "最高不得超过公益一类事业单位绩效工资总量的5倍"


def test_deadline_of_a_sentence_governs_its_targets(notices):
    assert the_target(notices, "linfen", 6, 400, "种").deadline == "到2022年底"
    assert the_target(notices, "linfen", 6, 70, "种").deadline == "到2022年底"
    assert the_target(notices, "qinghai", 17, 35, "%").deadline == "年内"
    assert the_target(notices, "linfen", 7, 30, "%").deadline is None


@pytest.mark.parametrize("printed", ["2022年6月底前", "3年内", "年底前"])
def test_other_deadline_forms(notices, printed):
    text = notices["linfen"].task(6).text.replace("到2022年底", printed)
    assert the_target_in(text, 400, "种").deadline == printed


def the_target_in(text: str, value: float, unit: str):
    found = [t for t in extract_targets(text) if t.value == value and t.unit == unit]
    assert len(found) == 1, found
    return found[0]


def test_qinghai_levels_list_gives_one_target_per_level(notices):
    # "三、二、一级及以下医疗机构基本药物使用金额占比不低于25%、47%、50%"
    targets = targets_of(notices, "qinghai", 20)
    assert [(t.value, t.unit, t.comparator) for t in targets] == [(25, "%", ">="), (47, "%", ">="), (50, "%", ">=")]
    assert [t.measure for t in targets] == [
        "三级医疗机构基本药物使用金额占比",
        "二级医疗机构基本药物使用金额占比",
        "一级及以下医疗机构基本药物使用金额占比",
    ]
    assert [t.text for t in targets] == ["不低于25%", "47%", "50%"]


def test_sixian_three_ten_percent_rules_but_not_the_named_experience(notices):
    # "学习借鉴浙江“3个10%”经验 … 差距不低于10%, … 差距不低于10%, … 比例不低于10%"
    task = notices["sixian"].task(13)
    targets = extract_targets(task.text)
    assert [(t.value, t.unit, t.comparator) for t in targets] == [(10, "%", ">=")] * 3
    quoted = task.text.index("“3个10%”")
    assert all(t.span[0] > quoted + len("“3个10%”") for t in targets)
    assert targets[0].measure == "统筹区内外报销比例差距"


def test_list_joined_by_and_shares_measure_and_comparator():
    # A sentence of the Shanxi notice's work summary (outside its tasks): a list ending in 和.
    text = clean_text((CORPUS / "shanxi.txt").read_text(encoding="utf-8")).text
    sentence = next(s for s in re.split("。", text) if "分别达到86%" in s)
    targets = extract_targets(sentence)
    assert [(t.value, t.comparator) for t in targets] == [(86, ">="), (75, ">="), (77, ">=")]
    assert len({t.measure for t in targets}) == 1
    assert targets[0].measure.endswith("住院费用支付比例")


def test_rate_before_its_nouns_takes_them_as_measure(notices):
    # Linfen 18: "45%二级以上综合医院设置老年医学科", "覆盖80%以上二级综合医院…", "签约100%全覆盖" (签约 is no 约).
    by_value = {t.value: t for t in targets_of(notices, "linfen", 18)}
    assert by_value[45].measure == "二级以上综合医院设置老年医学科"
    assert by_value[45].comparator == "="
    assert by_value[80].comparator == ">="
    assert "二级综合医院" in by_value[80].measure
    assert by_value[100].comparator == "="
    assert by_value[100].measure == "养老机构与周边医疗机构签约"


def test_counts_before_their_noun_are_not_targets(notices):
    # Linfen 4: "17个县(市、区)…达标率达90%以上" has one target, of 90%; "6个重点帮扶县" none.
    assert [(t.value, t.unit) for t in targets_of(notices, "linfen", 4)] == [(60, "%"), (90, "%")]
    # Qinghai 7: "在5所省级医院…、5所市(州)级医院…和3所县级医院…开展…试点", 《…(2022—2025年)》.
    assert targets_of(notices, "qinghai", 7) == []
    # Linfen 2: "“15分钟就医圈”", "6个异地新建项目等8大项目"; Linfen 11: "以16个专项行动为有效载体".
    assert targets_of(notices, "linfen", 2) == []
    assert targets_of(notices, "linfen", 11) == []


@pytest.mark.parametrize("region, number, printed", [
    ("sixian", 4, "120急救指挥中心"),
    ("sixian", 9, "“511”计划"),
    ("nanchang", 19, "5G"),
    ("nanchang", 9, "2021年度"),
    ("qinghai", 12, "“十四五”"),
])
def test_names_and_years_are_not_targets(notices, region, number, printed):
    task = notices[region].task(number)
    assert printed in task.text
    figure = re.search(r"\d+", printed)
    values = {t.value for t in extract_targets(task.text)}
    assert figure is None or float(figure.group(0)) not in values


def test_no_target_anywhere_is_a_year_or_a_quoted_name(notices):
    found = all_task_targets(notices)
    assert len(found) >= 30
    for region, task, target in found:
        assert not 1990 <= target.value <= 2035, (region, task.number, target)
        assert target.value not in (120, 511), (region, task.number, target)
        before = task.text[: target.span[0]]
        assert before.count("“") == before.count("”"), (region, task.number, target)  # not inside quotes


def test_spans_point_at_the_printed_text_and_fields_are_filled(notices):
    for region, task, target in all_task_targets(notices):
        assert task.text[target.span[0] : target.span[1]] == target.text
        assert target.comparator in {">=", "<=", "~", "="}
        assert target.measure, (region, task.number, target)
        number = f"{target.value:g}"
        assert number in target.text.replace(",", ""), (region, task.number, target)


def test_same_measure_of_two_regions(notices):
    linfen = the_target(notices, "linfen", 7, 30, "%")
    qinghai = the_target(notices, "qinghai", 16, 30, "%")
    score = same_measure(linfen, qinghai)
    assert DEFAULT_CUTOFF <= score <= 1
    assert score == same_measure(qinghai, linfen)
    assert same_measure(linfen, linfen) == 1.0
    consumables = the_target(notices, "linfen", 6, 70, "种")
    nursery = the_target(notices, "sixian", 10, 530, "个")
    assert same_measure(consumables, nursery) < DEFAULT_CUTOFF
    assert same_measure(linfen, nursery) < DEFAULT_CUTOFF


def test_same_target_in_two_regions_does_not_differ(notices):
    # Linfen 7 and Qinghai 16 both ask that DRG payment be at least 30% of inpatient fund spending.
    assert not differs(the_target(notices, "linfen", 7, 30, "%"), the_target(notices, "qinghai", 16, 30, "%"))


def test_another_value_or_comparator_differs(notices):
    text = notices["linfen"].task(3).text
    original = the_target_in(text, 90, "%")
    assert differs(original, the_target_in(text.replace("达90%以上", "达95%以上"), 95, "%"))
    assert differs(original, the_target_in(text.replace("达90%以上", "达90%左右"), 90, "%"))
    assert not differs(original, original)


def test_targets_in_other_units_or_of_other_measures_are_not_comparable(notices):
    # 400种 (Linfen 6) and 450个 (Qinghai 19) count drugs, in units that cannot be set side by side.
    assert not differs(the_target(notices, "linfen", 6, 400, "种"), the_target(notices, "qinghai", 19, 450, "个"))
    assert not differs(the_target(notices, "linfen", 3, 90, "%"), the_target(notices, "qinghai", 19, 70, "%"))


def test_pair_targets_sets_corresponding_targets_side_by_side(notices):
    left = targets_of(notices, "linfen", 7) + targets_of(notices, "linfen", 3)
    right = targets_of(notices, "qinghai", 16)
    pairs = pair_targets(left, right, DEFAULT_CUTOFF)
    assert pairs[0] == (left[0], right[0])
    assert pairs[1:] == [(left[1], None)]


def test_pair_targets_uses_each_target_once_best_first(notices):
    levels = targets_of(notices, "qinghai", 20)
    shuffled = [levels[2], levels[0], levels[1]]
    pairs = pair_targets(levels, shuffled, DEFAULT_CUTOFF)
    assert pairs == [(target, target) for target in levels]
    right = targets_of(notices, "linfen", 6)
    pairs = pair_targets(levels, right, 0.0)
    assert sorted(id(a) for a, _ in pairs if a) == sorted(id(t) for t in levels)
    assert sorted(id(b) for _, b in pairs if b) == sorted(id(t) for t in right)
    scores = [same_measure(a, b) for a, b in pairs if a and b]
    assert scores == sorted(scores, reverse=True)


def test_pair_targets_keeps_unpaired_ones(notices):
    left = targets_of(notices, "sixian", 10)
    assert pair_targets(left, [], DEFAULT_CUTOFF) == [(t, None) for t in left]
    assert pair_targets([], left, DEFAULT_CUTOFF) == [(None, t) for t in left]


ALPHABET = list("0123456789.%,、。个种所倍年月底前内以上下不低于至少达到超过约左右的覆盖率药品建设和及第G ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_gives_well_formed_targets(text):
    for target in extract_targets(text):
        assert text[target.span[0] : target.span[1]] == target.text
        assert target.comparator in {">=", "<=", "~", "="}
        assert target.value >= 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_nothing_inside_quotes_is_a_target(text):
    assert extract_targets(f"学习“{text}”经验") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, max_size=40))
def test_a_sentence_reads_the_same_after_another_one(first, second):
    alone = extract_targets(second)
    after = extract_targets(f"{first}。{second}")
    shift = len(first) + 1
    tail = [t for t in after if t.span[0] >= shift]
    assert [(t.measure, t.value, t.unit, t.comparator, (t.span[0] - shift, t.span[1] - shift)) for t in tail] == [
        (t.measure, t.value, t.unit, t.comparator, t.span) for t in alone
    ]


# --- targets in the enriched notice, in compare and in `hrcli targets` ------------------------------------------


def test_enriched_tasks_carry_their_targets(notices):
    # The notices fixture is enriched as the CLI sees it: show, parse and compare all read task.targets.
    assert [(t.value, t.unit) for t in notices["linfen"].task(6).targets] == [(400, "种"), (70, "种")]
    assert [t.text for t in notices["qinghai"].task(16).targets] == ["不低于30%"]


def test_targets_command_lines_up_procured_drugs_and_drg_share(cli):
    result = cli(["targets", "linfen", "qinghai", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["regions"] == ["linfen", "qinghai"]
    by_pair = {
        (row["targets"]["linfen"]["target"], row["targets"]["qinghai"]["target"]): row
        for row in document["rows"]
        if len(row["targets"]) == 2
    }
    # 400种 vs 450个 count the same thing in units that cannot be ranked; 30% vs 30% is the same target.
    assert by_pair[("达到400种以上", "达到450个")]["comparison"] == "other unit"
    drg = by_pair[("不低于30%", "不低于30%")]
    assert drg["comparison"] == "same"
    assert (drg["targets"]["linfen"]["task"], drg["targets"]["qinghai"]["task"]) == (7, 16)
    # Targets of tasks with no counterpart come after the matched rows.
    statuses = [row["status"] for row in document["rows"]]
    assert statuses == sorted(statuses, key=lambda status: status != "matched")
    only = [(row["measure"], row["targets"]["linfen"]["target"]) for row in document["rows"] if row["status"] == "only_linfen"]
    assert ("县域内就诊率", "达90%以上") in only


@pytest.fixture
def draft(tmp_path):
    """Linfen's notice as a draft that raises two targets: 县域内就诊率 90% -> 95%, DRG share 30% -> 40%."""
    text = read_corpus("linfen")
    # As printed (PDF extraction left spaces inside the figures).
    assert text.count("就诊率达 90% 以上") == 1 and text.count("不低于 30%") == 1
    path = tmp_path / "draft.txt"
    path.write_text(text.replace("就诊率达 90% 以上", "就诊率达 95% 以上").replace("不低于 30%", "不低于 40%"), encoding="utf-8")
    return str(path)


def test_a_raised_target_is_flagged_in_compare(cli, draft):
    result = cli(["compare", "linfen", draft, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    flagged = {row["tasks"]["linfen"][0]["number"]: row for row in rows if row["target_differences"]}
    assert sorted(flagged) == [3, 7]
    assert flagged[7]["label"] == "same measure, different targets"
    assert flagged[7]["target_differences"] == [
        {"measure": "DRG付费的医保基金占全部符合条件住院医保基金支出的比例", "linfen": "不低于30%", "draft": "不低于40%"}
    ]
    unflagged = [row for row in rows if row["status"] == "matched" and not row["target_differences"]]
    assert unflagged and all("different targets" not in row["label"] for row in unflagged)


def test_a_raised_target_is_flagged_in_the_csv_and_targets(cli, draft):
    result = cli(["compare", "linfen", draft, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["target_differences"] for row in rows if row["target_differences"]] == [
        "县域内就诊率: linfen 达90%以上 / draft 达95%以上",
        "DRG付费的医保基金占全部符合条件住院医保基金支出的比例: linfen 不低于30% / draft 不低于40%",
    ]
    result = cli(["targets", "linfen", draft, "--format", "json"])
    comparisons = {row["measure"]: row["comparison"] for row in json.loads(result.stdout)["rows"]}
    assert comparisons["县域内就诊率"] == comparisons["DRG付费的医保基金占全部符合条件住院医保基金支出的比例"] == "differs"
    assert set(comparisons.values()) == {"differs", "same"}


def test_show_lists_each_tasks_targets(cli):
    rows = list(csv.DictReader(io.StringIO(cli(["show", "linfen", "--format", "csv"]).stdout)))
    assert rows[5]["targets"] == "达到400种以上; 达70种以上"
