"""The aligner on the real notices: split topics, boilerplate, determinism, symmetry, gold F1."""

from __future__ import annotations

import json

import pytest

from hrcli.align.evaluate import predicted_pairs, read_gold, score_alignment
from hrcli.align.matcher import Matcher, align_tasks, link_tasks
from hrcli.analyse.topics import load_topics
from hrcli.config import load_matching
from hrcli.parse.notice import parse_notice

from .conftest import DEVGOLD, GOLD


@pytest.fixture(scope="module")
def matcher(notices):
    return Matcher(load_matching(), load_topics(), list(notices.values()))


def row_of(alignment, region, number):
    for row in alignment.rows:
        if any(task.number == number for task in row.tasks[region]):
            return row
    raise AssertionError(f"{region} {number} in no row")


def numbers(row, region):
    return [task.number for task in row.tasks[region]]


def test_split_topic_puts_one_task_beside_two(notices, matcher):
    # Linfen (八) 人事薪酬制度改革 = Nanchang (四) 人事制度改革 + (五) 薪酬制度改革.
    alignment = align_tasks([notices["linfen"], notices["nanchang"]], matcher)
    row = row_of(alignment, "linfen", 8)
    assert numbers(row, "nanchang") == [4, 5]
    assert row.label == "partial: split topic"


def test_payment_reform_rows_explain_the_match(notices, matcher):
    alignment = align_tasks([notices["linfen"], notices["qinghai"]], matcher)
    row = row_of(alignment, "linfen", 7)
    assert numbers(row, "qinghai") == [16]
    assert row.status == "matched" and row.label == "same measure"
    assert "DRG" in row.why and "30%" in row.why


def test_rows_follow_the_first_notice_then_unmatched(notices, matcher):
    alignment = align_tasks([notices["linfen"], notices["qinghai"]], matcher)
    statuses = [row.status for row in alignment.rows]
    assert statuses == sorted(statuses, key=lambda s: {"matched": 0, "only_linfen": 1, "only_qinghai": 2}[s])
    firsts = [row.tasks["linfen"][0].number for row in alignment.rows if row.status == "matched"]
    assert firsts == sorted(firsts)
    every_task = sorted(t.number for row in alignment.rows for t in row.tasks["qinghai"])
    assert every_task == list(range(1, 25))


def test_boilerplate_alone_never_matches(matcher):
    text_a = "一、甲\n(一)推进甲项工作。加强组织领导,完善工作机制,深化改革。(市卫健委等按职责分工负责)\n"
    text_b = "一、乙\n(一)推进乙项工作。加强统筹协调,完善配套措施,深化落实。(省医保局等按职责分工负责)\n"
    a, b = parse_notice(text_a, "a"), parse_notice(text_b, "b")
    score = matcher.score_matrix(a.tasks, b.tasks)[0][0]
    assert score < load_matching().threshold / 2
    assert all(row.status != "matched" for row in align_tasks([a, b], matcher).rows)


def test_same_input_same_output(notices, matcher):
    first = align_tasks([notices["linfen"], notices["qinghai"], notices["nanchang"]], matcher)
    second = align_tasks([notices["linfen"], notices["qinghai"], notices["nanchang"]], matcher)
    assert [(r.status, r.score, r.why, {k: [t.id for t in v] for k, v in r.tasks.items()}) for r in first.rows] == [
        (r.status, r.score, r.why, {k: [t.id for t in v] for k, v in r.tasks.items()}) for r in second.rows
    ]


def test_scores_are_in_unit_range_and_symmetric(notices, matcher):
    forward = matcher.score_matrix(notices["linfen"].tasks, notices["sixian"].tasks)
    backward = matcher.score_matrix(notices["sixian"].tasks, notices["linfen"].tasks)
    assert all(0.0 <= x <= 1.0 for line in forward for x in line)
    assert forward == [list(column) for column in zip(*backward)]


def test_link_tasks_takes_best_of_row_or_column():
    scores = [[0.5, 0.3], [0.1, 0.25]]
    # (0, 1) is not the best of row 0 but is the best of column 1; (1, 0) is the best of neither.
    assert link_tasks(scores, threshold=0.2, relative=1.0) == [(0, 0, 0.5), (0, 1, 0.3), (1, 1, 0.25)]
    assert link_tasks(scores, threshold=0.4, relative=1.0) == [(0, 0, 0.5)]


def test_max_partners_caps_a_row(notices, matcher):
    matcher.settings.max_partners, saved = 1, matcher.settings.max_partners
    try:
        alignment = align_tasks([notices["linfen"], notices["nanchang"]], matcher)
    finally:
        matcher.settings.max_partners = saved
    assert all(len(tasks) <= 1 for row in alignment.rows for tasks in row.tasks.values())


def test_many_regions_one_column_each(notices, matcher):
    regions = ["linfen", "qinghai", "nanchang", "sixian"]
    alignment = align_tasks([notices[r] for r in regions], matcher)
    assert alignment.regions == regions
    row = row_of(alignment, "linfen", 6)  # procurement: every region has a task on it
    assert all(row.tasks[r] for r in regions)
    assert numbers(row, "qinghai") == [19] and numbers(row, "nanchang") == [2] and numbers(row, "sixian") == [18]


def gold_files():
    return [GOLD / "linfen__qinghai.tsv", *sorted(DEVGOLD.glob("*.tsv"))]


def test_visible_gold_f1(notices, matcher):
    gold = read_gold(GOLD / "linfen__qinghai.tsv")
    alignment = align_tasks([notices["linfen"], notices["qinghai"]], matcher)
    score = score_alignment(gold, predicted_pairs(alignment, notices["linfen"], notices["qinghai"]))
    assert score.f1 >= 0.88, (score.missed, score.wrong)


def test_macro_f1_over_dev_gold(notices, matcher):
    f1s = []
    for path in gold_files():
        gold = read_gold(path)
        first, second = (notices[r] for r in gold.regions)
        alignment = align_tasks([first, second], matcher)
        f1s.append(score_alignment(gold, predicted_pairs(alignment, first, second)).f1)
    assert len(f1s) == 10
    assert sum(f1s) / len(f1s) >= 0.9


def test_compare_json_contract(cli):
    result = cli(["compare", "linfen", "qinghai", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["regions"] == ["linfen", "qinghai"]
    assert {row["status"] for row in data["rows"]} == {"matched", "only_linfen", "only_qinghai"}
    for row in data["rows"]:
        assert set(row) >= {"status", "score", "why", "tasks"}
        assert set(row["tasks"]) == {"linfen", "qinghai"}
        for tasks in row["tasks"].values():
            for task in tasks:
                assert {"id", "number", "title"} <= set(task) and isinstance(task["number"], int)
    dr = next(row for row in data["rows"] if [t["number"] for t in row["tasks"]["linfen"]] == [7])
    assert [t["number"] for t in dr["tasks"]["qinghai"]] == [16]
    assert dr["tasks"]["qinghai"][0]["title"] == "持续深化医保支付方式改革"


def test_eval_prints_precision_recall_f1(cli):
    result = cli(["eval", str(GOLD / "linfen__qinghai.tsv"), "--format", "tsv"])
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()[:2]
    assert header.split("\t")[:4] == ["gold", "precision", "recall", "f1"]
    cells = dict(zip(header.split("\t"), row.split("\t")))
    assert cells["gold"] == "linfen__qinghai.tsv" and float(cells["f1"]) >= 0.88
    assert cells["core"] == "13"


def test_threshold_option_changes_the_alignment(cli):
    loose = cli(["compare", "linfen", "qinghai", "-t", "0.1"]).stdout.count("\nmatched")
    strict = cli(["compare", "linfen", "qinghai", "-t", "0.4"]).stdout.count("\nmatched")
    assert strict < loose
