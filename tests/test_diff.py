"""hrcli diff: two versions of one notice -> tasks added, dropped, renumbered and changed."""

from __future__ import annotations

import json
import re

import pytest

from hrcli.diff.notice import diff_notices, sentence_changes, split_sentences, word_diff
from hrcli.output.diffview import diff_view
from hrcli.output.render import Format, Terminal, render_text
from tests.conftest import CORPUS, one_error_line, read_corpus, run_cli

NUMERALS = "一二三四五六七八九"
REMOVED = "指导自主评审的三甲综合医院做好高级职称评审工作。"  # the last sentence of Linfen (八)
NEW_TASK = ("（九）推进紧密型县域医共体建设。在全市推行县域医疗集团一体化管理，到2022年底紧密型县域医共体覆盖率"
            "达到100%。（市卫健委、市医保局等按职责分工负责）\n\n")


def numeral(n: int) -> str:
    """1..99 as a notice writes it: 九, 十, 十三."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")) + (NUMERALS[ones - 1] if ones else "")


def renumber_from(text: str, first: int, by: int) -> str:
    """Every task label (N) with N >= first moved by `by`, as an editor does after inserting a task."""
    numbers = {numeral(n): n for n in range(1, 40)}

    def shift(match: re.Match) -> str:
        n = numbers[match.group(2)]
        return f"{match.group(1)}{numeral(n + by)}{match.group(3)}" if n >= first else match.group(0)

    return re.sub(r"^([(（])([一二三四五六七八九十]+)([)）])", shift, text, flags=re.M)


def edited_linfen() -> str:
    """Linfen with one sentence removed from (八), the target of (六) raised, and a task inserted as (九)."""
    text = read_corpus("linfen")
    assert text.count(REMOVED) == 1 and text.count("达到400种以上") == 1
    text = text.replace(REMOVED, "").replace("达到400种以上", "达到450种以上")
    text = renumber_from(text, 9, 1)
    at = text.index("（十）强化药品供应保障能力")
    return text[:at] + NEW_TASK + text[at:]


def diff_json(tmp_path, old: str, new: str) -> dict:
    """`hrcli diff` of two texts written to files, as JSON."""
    (tmp_path / "old").mkdir(exist_ok=True)
    (tmp_path / "new").mkdir(exist_ok=True)
    (tmp_path / "old" / "notice.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new" / "notice.txt").write_text(new, encoding="utf-8")
    result = run_cli(["diff", str(tmp_path / "old" / "notice.txt"), str(tmp_path / "new" / "notice.txt"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_one_sentence_removed_one_target_raised_one_task_added_are_exactly_three_changes(tmp_path):
    document = diff_json(tmp_path, read_corpus("linfen"), edited_linfen())
    changes = document["changes"]
    assert [(c["kind"], (c["old"] or {}).get("label"), (c["new"] or {}).get("label")) for c in changes] == [
        ("changed", "(六)", "(六)"), ("changed", "(八)", "(八)"), ("added", None, "(九)")]
    raised, removed, added = changes
    assert raised["targets"] == [{"kind": "raised", "measure": "实施带量采购的药品品种", "old": "达到400种以上", "new": "达到450种以上"}]
    assert [s["kind"] for s in raised["sentences"]] == ["reworded"]
    assert "达到[-400-]{+450+}种以上" in raised["sentences"][0]["marked"]
    assert removed["sentences"] == [{"kind": "removed", "old": REMOVED, "new": None, "marked": f"[-{REMOVED}-]"}]
    assert removed["targets"] == [] and not removed["units_added"] and not removed["units_removed"] and removed["lead"] is None
    assert added["new"]["title"] == "推进紧密型县域医共体建设"
    # Tasks (九)…(十八) became (十)…(十九): the insertion explains it, so none of them is reported.
    assert not any(c["renumbered"] for c in changes)
    assert document["unchanged"] == 16


def test_the_same_text_has_no_changes(tmp_path):
    document = diff_json(tmp_path, read_corpus("qinghai"), read_corpus("qinghai") + "\n")
    assert document["changes"] == []
    assert document["unchanged"] == document["old"]["tasks"] == document["new"]["tasks"]


def test_a_dropped_task_stands_where_it_was_and_later_numbers_close_up(tmp_path):
    text = read_corpus("linfen")
    start = text.index("(五)推广三明医改经验")
    end = text.index("(六)常态化推进")
    edited = renumber_from(text[:start] + text[end:], 6, -1)
    changes = diff_json(tmp_path, text, edited)["changes"]
    assert [(c["kind"], c["old"]["label"], c["new"]) for c in changes] == [("dropped", "(五)", None)]


def test_two_tasks_swapped_are_both_renumbered_and_nothing_else(tmp_path, notices):
    text = read_corpus("nanchang")
    first, second = notices["nanchang"].tasks[2], notices["nanchang"].tasks[3]
    changes = diff_json(tmp_path, text, _swap_bodies(text, first, second))["changes"]
    assert sorted((c["kind"], c["old"]["label"], c["new"]["label"]) for c in changes) == sorted(
        [("renumbered", first.label, second.label), ("renumbered", second.label, first.label)])


def _swap_bodies(text: str, first, second) -> str:
    """The bodies (and notes) of two tasks swapped, their labels left in order, as a moved paragraph."""
    def parts(task):
        start, end = task.span
        label_end = start + re.match(r"\s*[(（][^)）]+[)）]", text[start:end]).end()
        return text[start:label_end], text[label_end:end]

    (label_a, body_a), (label_b, body_b) = parts(first), parts(second)
    between = text[first.span[1] : second.span[0]]
    return text[: first.span[0]] + label_a + body_b + between + label_b + body_a + text[second.span[1] :]


def test_units_and_lead_changes_are_named(tmp_path):
    text = read_corpus("linfen")
    note = "（市医保局、市卫健委等按职责分工负责）"
    assert note in text
    edited = text.replace(note, "（市卫健委、市医保局、市财政局等按职责分工负责）", 1)
    changes = diff_json(tmp_path, text, edited)["changes"]
    assert len(changes) == 1
    change = changes[0]
    assert change["kind"] == "changed" and change["sentences"] == []
    assert change["units_added"] == ["市财政局"]
    assert change["lead"] == {"old": "市医保局", "new": "市卫健委"}


def test_sentences_are_split_on_chinese_stops_and_semicolons():
    assert split_sentences("甲乙。丙丁；戊己;庚") == ["甲乙。", "丙丁；", "戊己;", "庚"]


def test_a_reworded_sentence_is_marked_by_words_and_numbers():
    assert word_diff("到2022年底覆盖率达90%以上。", "到2023年底覆盖率达95%以上。") == "到[-2022-]{+2023+}年底覆盖率达[-90%-]{+95%+}以上。"
    changes = sentence_changes("开展试点工作。加强人才培养。", "开展试点工作。加快人才队伍培养。新增一项任务内容。")
    assert [(c.kind, c.marked) for c in changes] == [
        ("reworded", "加[-强-]{+快+}人才{+队伍+}培养。"), ("added", "{+新增一项任务内容。+}")]


def test_text_that_only_differs_in_spaces_is_unchanged():
    assert sentence_changes("达到 90% 以上。", "达到90%以上。") == []


def test_every_format_carries_the_changes(notices, tmp_path):
    from hrcli.analyse.enrich import enrich
    from hrcli.parse.notice import parse_notice
    from hrcli.settings import Settings

    defaults = Settings()
    new = enrich(parse_notice(edited_linfen(), "linfen", source="new.txt"), defaults)
    view = diff_view(diff_notices(notices["linfen"], new, defaults.matching.measure_normalizer))
    pipe = Terminal(is_tty=False, color=False, width=None)
    tsv = render_text(view, Format.tsv, pipe).splitlines()
    assert tsv[0].split("\t") == ["kind", "old_task", "new_task", "title", "detail", "old_text", "new_text"]
    assert [line.split("\t")[0] for line in tsv[1:]] == ["changed", "changed", "added"]
    assert "target raised: 实施带量采购的药品品种 达到400种以上 -> 达到450种以上" in tsv[1]
    assert len(render_text(view, Format.jsonl, pipe).splitlines()) == 3
    import csv
    import io

    import yaml

    rows = list(csv.DictReader(io.StringIO(render_text(view, Format.csv, pipe))))
    assert [row["kind"] for row in rows] == ["changed", "changed", "added"] and rows[2]["new_task"] == "(九)"
    assert yaml.safe_load(render_text(view, Format.yaml, pipe)) == json.loads(render_text(view, Format.json, pipe))
    assert "达到[-400-]{+450+}种以上" in render_text(view, Format.markdown, pipe).replace("\\", "")
    plain = render_text(view, Format.table, Terminal(is_tty=True, color=False, width=200))
    assert "[-400-]{+450+}" in plain
    coloured = render_text(view, Format.table, Terminal(is_tty=True, color=True, width=200))
    assert "[-400-]" not in coloured and "\x1b[9;31m400\x1b[0m\x1b[32m450" in coloured
    assert "\x1b[1;33mchanged" in coloured and "\x1b[1;32madded" in coloured  # each kind of change its colour


def test_diff_of_one_name_twice_is_a_usage_error():
    result = run_cli(["diff", "linfen", "linfen"])
    assert result.exit_code == 2
    assert "named twice" in one_error_line(result)


@pytest.mark.parametrize("old,new", [("linfen", str(CORPUS / "linfen.txt"))])
def test_a_region_against_its_own_file_has_no_changes(old, new):
    result = run_cli(["diff", old, new, "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["kind\told_task\tnew_task\ttitle\tdetail\told_text\tnew_text"]


SECTIONED = """某市深化医药卫生体制改革2023年重点工作任务

一、深化医疗服务体系改革
(一)推进分级诊疗制度建设。加快建设紧密型县域医共体,到2023年底紧密型县域医共体覆盖率达到90%以上。(市卫健委负责)
(二)推进医保支付方式改革。全面推行按疾病诊断相关分组付费,DRG付费的医保基金占住院医保基金支出的比例不低于30%。(市医保局负责)
二、加强公共卫生体系建设
(一)提升疾病预防控制能力。推进市疾控中心实验室建设,完善传染病监测预警机制。(市卫健委、市财政局负责)
(二)深入开展爱国卫生运动。开展城乡环境卫生整治,推进卫生城镇创建工作。(市卫健委负责)

抄送:市委办公室,市人大常委会办公室。
"""


def test_numbering_that_restarts_per_section_shifts_only_inside_its_section(tmp_path):
    inserted = SECTIONED.replace(
        "(二)推进医保支付方式改革",
        "(二)加强药品供应保障。完善国家基本药物制度,推动优先配备使用基本药物。(市卫健委、市医保局负责)\n(三)推进医保支付方式改革")
    document = diff_json(tmp_path, SECTIONED, inserted)
    assert [(c["kind"], c["new"]["id"].split("-")[-1]) for c in document["changes"]] == [("added", "1.2")]
    assert document["unchanged"] == 4  # section 一's (二) became (三): explained by the insertion, not renumbered


def test_a_task_that_kept_its_number_is_not_renumbered_when_its_neighbours_swap(tmp_path, notices):
    # Not Linfen: its (三) carries units forward to every later task, so moving a task past it changes its units.
    text = read_corpus("nanchang")
    first, third = notices["nanchang"].tasks[1], notices["nanchang"].tasks[3]
    changes = diff_json(tmp_path, text, _swap_bodies(text, first, third))["changes"]
    assert sorted((c["kind"], c["old"]["label"], c["new"]["label"]) for c in changes) == sorted(
        [("renumbered", first.label, third.label), ("renumbered", third.label, first.label)])
