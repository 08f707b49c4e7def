"""Reading a comparison: the pager, the compact table, the detail view and pair, filters, labels, CLI habits."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from hrcli.output import render
from hrcli.output.pager import should_page
from hrcli.output.render import Format, render_text
from hrcli.terminal import DEFAULT_PAGER, Terminal, pager_command

from .conftest import CORPUS, ROOT, Result, current_settings, one_error_line, read_corpus

HRCLI = str(Path(sys.executable).with_name("hrcli"))
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TTY = Terminal(is_tty=True, color=False, width=80, height=24, pager="less -FRX")
LONG, SHORT = "line\n" * 40, "line\n" * 3


def run_ok(cli, args, **kwargs):
    result = cli(args, **kwargs)
    assert result.exit_code == 0, result.stderr
    return result


def table(cli, args: list[str], columns: int) -> list[str]:
    """The terminal table of a command at a fixed width (as a terminal of that many columns gets it), lines unpadded."""
    result = run_ok(cli, [*args, "-f", "table"], env={"COLUMNS": str(columns)})
    return [line.rstrip() for line in result.stdout.splitlines()]


@pytest.fixture
def draft(tmp_path) -> Path:
    """Linfen's notice as a draft that raises the DRG target of task (七) from 30% to 40%."""
    text = read_corpus("linfen")
    edited = text.replace("住院医保基金支出的比例不低于 30%", "住院医保基金支出的比例不低于 40%")
    assert edited != text
    path = tmp_path / "draft.txt"
    path.write_text(edited, encoding="utf-8")
    return path


# --- the pager: one decision from the terminal's facts -------------------------------------------------------------


@pytest.mark.parametrize("terminal, text, pages", [
    (TTY, LONG, True),  # a terminal, a pager, taller than the screen
    (TTY, SHORT, False),  # fits the screen: printed as it is
    (replace(TTY, height=None), SHORT, True),  # height unknown: the pager decides (less -F quits at once)
    (replace(TTY, pager=None), LONG, False),  # --no-pager, HRCLI_PAGER= or cat
    (replace(TTY, is_tty=False), LONG, False),  # a pipe
    (Terminal(is_tty=False, color=False, width=None), LONG, False),
    (replace(TTY, height=40), LONG, True),  # 40 lines and the prompt do not fit 40
    (replace(TTY, height=41), LONG, False),
])
def test_pager_decision(terminal, text, pages):
    assert should_page(terminal, text) is pages


def test_pager_command_from_the_environment():
    assert pager_command({"HRCLI_PAGER": "most", "PAGER": "more"}) == "most"
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"HRCLI_PAGER": "", "PAGER": "more"}) is None  # an empty HRCLI_PAGER turns paging off
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"PAGER": " "}) is None
    assert pager_command({}) == (DEFAULT_PAGER if shutil.which("less") else None)


def test_terminal_detect_finds_the_pager_only_on_a_terminal():
    import io

    class FakeTTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    environ = {"HRCLI_PAGER": "more", "LINES": "30", "COLUMNS": "90"}
    assert Terminal.detect(FakeTTY(), environ) == Terminal(is_tty=True, color=True, width=90, pager="more", height=30)
    assert Terminal.detect(FakeTTY(), {**environ, "HRCLI_PAGER": ""}).pager is None
    assert Terminal.detect(io.StringIO(), environ) == Terminal(is_tty=False, color=False, width=90)


def test_long_output_goes_through_the_pager(tmp_path, capsys, notices):
    from hrcli.output.views import show_view

    paged = tmp_path / "paged.txt"
    view = show_view(notices["linfen"])
    terminal = Terminal(is_tty=True, color=False, width=100, height=10, pager=f"cat > {paged}")
    render.render(view, Format.tsv, terminal=terminal)
    assert capsys.readouterr().out == ""
    assert paged.read_text(encoding="utf-8") == render_text(view, Format.tsv, terminal)
    # the same on a tall screen, or into a file: no pager
    paged.unlink()
    render.render(view, Format.tsv, terminal=replace(terminal, height=100))
    render.render(view, Format.tsv, str(tmp_path / "out.tsv"), terminal)
    assert not paged.exists() and capsys.readouterr().out.startswith("id\tnumber\tlabel")


def test_the_pager_gets_less_options_unless_the_user_set_them(tmp_path, monkeypatch, notices):
    from hrcli.output.views import show_view

    seen = tmp_path / "env.txt"
    terminal = Terminal(is_tty=True, color=False, width=100, height=5, pager=f"env > {seen}")
    monkeypatch.delenv("LESS", raising=False)
    render.render(show_view(notices["linfen"]), Format.tsv, terminal=terminal)
    assert "LESS=FRX" in seen.read_text().splitlines()
    monkeypatch.setenv("LESS", "-S")
    render.render(show_view(notices["linfen"]), Format.tsv, terminal=terminal)
    assert "LESS=-S" in seen.read_text().splitlines()


def test_a_pager_that_cannot_run_prints_with_a_warning(capsys, notices):
    from hrcli.output.views import show_view

    warnings = []
    view = show_view(notices["sixian"])
    terminal = Terminal(is_tty=True, color=False, width=100, height=5, pager="no-such-pager-hrcli")
    render.render(view, Format.tsv, terminal=terminal, warn=warnings.append)
    assert capsys.readouterr().out == render_text(view, Format.tsv, terminal)
    assert warnings == ["the pager 'no-such-pager-hrcli' could not be run; printed without it (set HRCLI_PAGER, or use --no-pager)"]


def run_on_fake_terminal(args: list[str], terminal: Terminal) -> Result:
    """hrcli in-process with standard output taken for the given terminal (main's terminal argument)."""
    from typer.testing import CliRunner

    from hrcli import cli

    with CliRunner().isolation() as streams:
        code = cli.main(list(args), terminal=terminal)
        sys.stdout.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(code, out.decode("utf-8"), err.decode("utf-8"))


def test_cli_pages_long_output_and_no_pager_turns_it_off(tmp_path):
    paged = tmp_path / "paged.txt"
    terminal = Terminal(is_tty=True, color=False, width=100, height=10, pager=f"cat > {paged}")
    result = run_on_fake_terminal(["compare", "linfen", "qinghai"], terminal)
    assert result.exit_code == 0 and result.stdout == ""
    assert "(七)推进医保支付方式改革" in paged.read_text(encoding="utf-8")
    paged.unlink()
    for args in (["--no-pager", "compare", "linfen", "qinghai"], ["compare", "linfen", "qinghai", "--no-pager"]):
        assert "(七)推进医保支付方式改革" in run_on_fake_terminal(args, terminal).stdout
    assert not paged.exists()
    assert run_on_fake_terminal(["list", "-f", "tsv"], terminal).stdout.startswith("region\t")  # 6 lines fit 10: no pager
    assert not paged.exists()


# --- the compact table ----------------------------------------------------------------------------------------------


def test_compact_table_exact_at_80_columns(cli):
    assert table(cli, ["compare", "linfen", "qinghai", "--topic", "payment"], 80) == [
        "linfen vs qinghai: 14 matched rows; 4 only in linfen, 9 only in qinghai (showing",
        "1 of 27 rows: topic payment)",
        "linfen                     qinghai                          score   match",
        "─" * 80,
        "(七)推进医保支付方式改革   (十六)持续深化医保支付方式改革   0.44    same measure",
    ]


def test_compact_table_cuts_titles_by_display_width(cli):
    lines = table(cli, ["compare", "linfen", "qinghai", "--only", "unmatched"], 60)
    assert lines[2].split() == ["linfen", "qinghai", "score", "match"]
    # an unmatched task's nearest candidate in the other region, score first (dimmed on a colour terminal)
    assert lines[4] == "(三)强化县级医…    ≈0.19 (十二)提…           only in linfen"
    assert lines[8] == "≈0.20 (五)推广…    (二)健全考核评…           only in qinghai"
    from rich.cells import cell_len

    assert all(cell_len(line) <= 60 for line in lines)


def test_compact_table_is_one_line_per_row_except_split_topics(cli, notices):
    document = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    lines = table(cli, ["compare", "linfen", "qinghai"], 120)
    body = lines[lines.index("─" * 120) + 1:]
    extra = sum(max(len(tasks) for tasks in row["tasks"].values()) - 1 + ("lead" in row["label"]) for row in document["rows"])
    assert len(body) == len(document["rows"]) + extra
    assert all(len(line) <= 120 for line in lines)
    # the row whose lead differs shows each region's lead under it
    lead_line = body[body.index(next(line for line in body if line.startswith("(九)"))) + 1]
    assert lead_line.split() == ["lead", "市工信局", "lead", "省卫生健康委"]


@pytest.mark.parametrize("regions, columns, why", [
    (["linfen", "qinghai"], 80, False), (["linfen", "qinghai"], 120, True), (["linfen", "qinghai"], 160, True),
    (["linfen", "qinghai", "nanchang", "sixian"], 120, False),  # four titles come first
    (["linfen", "qinghai", "nanchang", "sixian"], 200, True),
])
def test_why_is_shown_when_the_titles_leave_room(cli, regions, columns, why):
    lines = table(cli, ["compare", *regions, "-q"], columns)
    header = lines[lines.index("─" * columns) - 1].split()
    assert header[:len(regions)] == regions and ("why" in header) is why
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= columns


def test_compact_table_shows_differing_targets(cli, draft):
    lines = table(cli, ["compare", str(draft), "qinghai", "--only", "changed", "--topic", "payment"], 100)
    assert lines[4].split()[-2:] == ["different", "targets"]
    assert lines[5].split() == ["不低于40%", "不低于30%", "DRG付费的医保基金…"]


def test_wide_keeps_the_full_table(cli):
    lines = table(cli, ["compare", "linfen", "qinghai", "--wide"], 100)
    assert lines[1].startswith("┏") and "same measure," in "\n".join(lines)  # the whole label, wrapped
    assert sum(line.startswith("├") for line in lines) == 26  # a rule between the 27 rows


def test_colours_mean_the_label_and_score(notices):
    from hrcli.comparison import compare_notices
    from hrcli.corpus import Corpus
    from hrcli.output.views import COMPARE_LEGEND, compare_view

    corpus = Corpus(current_settings())
    view = compare_view(compare_notices(corpus, [corpus.load("linfen"), corpus.load("qinghai")]))
    coloured = render_text(view, Format.table, Terminal(is_tty=True, color=True, width=120))
    drg = next(line for line in coloured.splitlines() if "(七)" in line)
    assert "\x1b[32msame measure" in drg  # green: the same measure
    assert "\x1b[1m0.44" in drg  # bold: a strong score
    weak = next(line for line in coloured.splitlines() if "(二)提升" in line)
    assert "\x1b[2m0.21" in weak  # dim: a weak score
    related = next(line for line in coloured.splitlines() if "(四)夯实" in line)
    assert "\x1b[36mrelated" in related  # cyan: related
    assert " ".join(COMPARE_LEGEND.split()) in " ".join(ANSI.sub("", coloured).split())
    plain = render_text(view, Format.table, Terminal(is_tty=True, color=False, width=120))
    assert "\x1b[" not in plain and "match: green" not in plain


# --- one label for a task, one why separator ---------------------------------------------------------------------


def test_every_command_names_tasks_by_their_printed_label(cli):
    def tsv(args):
        lines = run_ok(cli, args).stdout.splitlines()
        return [dict(zip(lines[0].split("\t"), line.split("\t"))) for line in lines[1:]]

    compared = next(row for row in tsv(["compare", "linfen", "qinghai"]) if row["linfen_task"] == "(七)")
    assert compared["qinghai_task"] == "(十六)"
    topic = next(row for row in tsv(["topics", "linfen", "qinghai"]) if row["topic"] == "payment")
    assert (topic["linfen"], topic["qinghai"]) == ("(七)", "(十六)")
    target = next(row for row in tsv(["targets", "linfen", "qinghai"]) if row["measure"].startswith("DRG"))
    assert (target["linfen_task"], target["qinghai_task"]) == ("(七)", "(十六)")
    led = tsv(["departments", "linfen", "--dept", "医保局"])
    assert {row["task"] for row in led} >= {"(六)", "(七)"}


def test_one_why_separator_in_compare_and_search(cli):
    compared = run_ok(cli, ["compare", "linfen", "qinghai"]).stdout
    assert "医保支付, 支付方式改革, DRG付费" in compared
    searched = run_ok(cli, ["search", "DRG付费 30%", "--limit", "1"]).stdout.splitlines()
    why = searched[1].split("\t")[-1]
    assert ", " in why and "; " not in why
    hits = json.loads(run_ok(cli, ["search", "DRG付费 30%", "--limit", "1", "-f", "json"]).stdout)["hits"]
    assert ", ".join(hits[0]["why"]) == why  # JSON keeps the list


def test_compare_json_carries_each_task_text(cli, notices):
    document = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    for row in document["rows"]:
        for region, tasks in row["tasks"].items():
            for task in tasks:
                assert task["text"] == next(t.text for t in notices[region].tasks if t.id == task["id"])


# --- the detail view and pair ---------------------------------------------------------------------------------------


def test_pair_shows_both_texts_with_shared_phrases(cli, notices):
    document = json.loads(run_ok(cli, ["pair", "linfen:7", "qinghai:16", "-f", "json"]).stdout)
    [row] = document["rows"]
    assert (row["status"], round(row["score"], 2), row["label"]) == ("matched", 0.44, "same measure")
    assert "DRG付费" in row["why"]
    assert {"住院医保基金支出", "医保支付方式改革", "不低于30%"} <= set(row["shared"])
    linfen, qinghai = row["tasks"]["linfen"][0], row["tasks"]["qinghai"][0]
    assert linfen["text"] == notices["linfen"].task(7).text and qinghai["text"] == notices["qinghai"].task(16).text
    for task in (linfen, qinghai):
        marked = [task["text"][start:end] for start, end in task["shared_spans"]]  # adjacent phrases make one span
        assert all(any(phrase in piece for phrase in task["shared"]) for piece in marked)
        assert any("住院医保基金支出" in piece for piece in marked) and all(any(phrase in longer for longer in row["shared"]) for phrase in task["shared"])
    assert linfen["units"] == ["市医保局(lead)", "市卫健委", "各县市区人民政府*"]


@pytest.mark.parametrize("spec", ["7", "(七)", "（七）", "七", "linfen-7", "(七) "])
def test_pair_accepts_a_task_by_number_label_numeral_or_id(cli, spec):
    expected = run_ok(cli, ["pair", "linfen:7", "qinghai:16"]).stdout
    assert run_ok(cli, ["pair", f"linfen:{spec}", "qinghai:(十六)"]).stdout == expected
    assert run_ok(cli, ["pair", f"临汾:{spec}", "青海:16"]).stdout == expected


def test_pair_on_a_terminal_shows_texts_side_by_side(cli, notices):
    lines = table(cli, ["pair", "linfen:9", "qinghai:20"], 100)
    assert lines[1].startswith("0.28  same measure, different lead ─")
    header = lines[2].split()
    assert header == ["linfen", "(九)强化药品供应保障能力", "qinghai", "(二十)规范药品合理使用"]
    text = "\n".join(lines)
    assert "市工信局(lead)" in text and "省卫生健康委(lead)" in text
    assert "不低于25%; 47%; 50%" in text
    assert lines[-2].startswith("shared: 使用基本药物, 城市医疗集团")
    assert lines[4].split() == ["text", "强化药品供应保障能力。完善公立医疗机构优先", "规范药品合理使用。优先使用基本药物、集中招标"]
    assert max(len(line) for line in lines) <= 100


def test_pair_of_tasks_the_aligner_did_not_link(cli):
    [row] = json.loads(run_ok(cli, ["pair", "linfen:3", "qinghai:24", "-f", "json"]).stdout)["rows"]
    assert row["status"] == "not linked" and row["label"].startswith("not linked")
    assert 0 <= row["score"] < 0.22


@pytest.mark.parametrize("args, message", [
    (["pair", "linfen:7"], "hrcli: error: pair takes two tasks (e.g. hrcli pair linfen:7 qinghai:16)"),
    (["pair", "linfen", "qinghai:16"], "hrcli: error: linfen is not REGION:TASK (e.g. hrcli pair linfen:7 qinghai:16, or linfen:(七))"),
    (["pair", "linfen:99", "qinghai:16"],
     "hrcli: error: linfen has no task 99 (its tasks run (一) to (十八); 'hrcli show linfen' lists them)"),
])
def test_pair_usage_errors(cli, args, message):
    result = cli(args)
    assert result.exit_code == 2 and one_error_line(result) == message


def test_a_number_two_tasks_share_asks_for_the_id(notices):
    from hrcli.errors import UsageError
    from hrcli.output.detail import find_task
    from hrcli.parse.notice import parse_notice

    text = "一、总体要求\n1.推进医保支付方式改革。(市医保局负责)\n二、重点任务\n1.加强综合监管。(市卫健委负责)\n"
    notice = parse_notice(text, region="draft")
    assert len(notice.tasks) == 2
    with pytest.raises(UsageError, match=re.escape("draft has several tasks 1: draft-1.1, draft-2.1")):
        find_task(notice, "1")
    assert find_task(notice, "2.1").title.startswith("加强综合监管")


def test_compare_detail_shows_every_matched_row(cli):
    document = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    detail = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "--detail", "-f", "json"]).stdout)
    matched = [row for row in document["rows"] if row["status"] == "matched"]
    assert [row["score"] for row in detail["rows"]] == [row["score"] for row in matched]
    tsv = run_ok(cli, ["compare", "linfen", "qinghai", "--detail"]).stdout.splitlines()
    assert len(tsv) == len(matched) + 1 and "linfen_text" in tsv[0].split("\t")
    lines = table(cli, ["compare", "linfen", "qinghai", "--detail", "--topic", "payment"], 100)
    assert lines[0].startswith("linfen vs qinghai: 1 matched rows in full")


def test_shared_spans_are_the_offsets_of_the_phrases():
    from hrcli.output.detail import shared_spans
    from hrcli.output.highlight import shared_phrases

    a = "推进医保支付方式改革。DRG付费的比例不低于30%,加强监管。"
    b = "持续深化医保支付方式改革,DRG付费占比不低于30%。"
    phrases = shared_phrases(a, [b])
    assert set(phrases) == {"医保支付方式改革", "不低于30%", "DRG付费"}
    assert [a[start:end] for start, end in shared_spans(a, phrases)] == ["医保支付方式改革", "DRG付费", "不低于30%"]


# --- filters ----------------------------------------------------------------------------------------------------------


def test_topic_filter_by_id_name_or_part(cli, notices):
    def rows(args):
        return json.loads(run_ok(cli, ["compare", "linfen", "qinghai", *args, "-f", "json"]).stdout)["rows"]

    payment = rows(["--topic", "payment"])
    assert rows(["--topic", "医保支付方式改革"]) == payment == rows(["--topic", "PAYMENT"])
    assert all(any("payment" in t["topics"] for tasks in row["tasks"].values() for t in tasks) for row in payment)
    both = rows(["--topic", "医保"])  # part of two topics' names: 医保支付方式改革, 综合监管与医保基金监管
    assert len(both) > len(payment) and all(row in both for row in payment)


def test_dept_filter_resolves_names_across_levels(cli):
    def rows(dept):
        return json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "--dept", dept, "-f", "json"]).stdout)["rows"]

    found = rows("医保局")
    assert found == rows("省医保局") == rows("市医保局")
    assert all(any("医保局" in "".join(t["departments"]) for tasks in row["tasks"].values() for t in tasks) for row in found)
    everything = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)["rows"]
    missing = [row for row in everything if row not in found]
    assert missing and all("医保局" not in "".join(t["departments"]) for row in missing for tasks in row["tasks"].values() for t in tasks)


def test_only_matched_unmatched_changed(cli, draft):
    def statuses(only, first="linfen"):
        document = json.loads(run_ok(cli, ["compare", first, "qinghai", "--only", only, "-f", "json"]).stdout)
        return document["rows"]

    assert {row["status"] for row in statuses("matched")} == {"matched"}
    assert {row["status"] for row in statuses("unmatched")} == {"only_linfen", "only_qinghai"}
    changed = statuses("changed", str(draft))
    drg = next(row for row in changed if row["tasks"]["draft"][0]["number"] == 7)
    assert drg["target_differences"][0]["draft"] == "不低于40%"
    kept = statuses("changed")
    assert any("different lead" in row["label"] for row in kept)
    left = [row for row in statuses("matched") if row not in kept]  # 市医保局 and 省医保局 are one department
    assert left and all(not row["target_differences"] and "different" not in row["label"] for row in left)


@pytest.mark.parametrize("args, message", [
    (["--topic", "医保x"], "hrcli: error: unknown topic: 医保x (did you mean 医保支付方式改革? 'hrcli topics' lists them)"),
    (["--dept", "医保"], "hrcli: error: unknown department: 医保 (did you mean 医保局? see 'hrcli departments' for the names in use)"),
    (["--only", "all"], None),
    (["--against", "all", "--only", "changed"], "hrcli: error: --topic, --dept, --only, --wide and --detail do not go with --against "
     "(they read a comparison of named regions, e.g. hrcli compare linfen qinghai --only changed)"),
])
def test_filter_errors_suggest_the_closest_name(cli, args, message):
    result = cli(["compare", "linfen", "qinghai", *args])
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line == message if message else "--only" in line


# --- CLI habits ----------------------------------------------------------------------------------------------------


def test_bare_hrcli_prints_the_help_and_succeeds(cli):
    result = run_ok(cli, [])
    assert result.stdout.startswith("Usage: hrcli") and "compare" in result.stdout and result.stderr == ""


def test_short_chinese_names(cli):
    assert run_ok(cli, ["compare", "临汾", "青海"]).stdout == run_ok(cli, ["compare", "linfen", "qinghai"]).stdout
    assert run_ok(cli, ["show", "南昌"]).stdout == run_ok(cli, ["show", "nanchang"]).stdout
    assert cli(["show", "泗"]).exit_code == 2  # 泗县 keeps its suffix: one character is not a name


def test_a_short_name_of_two_regions_is_refused(cli, tmp_path):
    for slug in ("jilin", "jilinshi"):
        shutil.copy(CORPUS / "linfen.txt", tmp_path / f"{slug}.txt")
    (tmp_path / "regions.yaml").write_text(
        "regions:\n  jilin:\n    name: 吉林省\n    level: province\n  jilinshi:\n    name: 吉林市\n    level: city\n", encoding="utf-8")
    result = cli(["--corpus", str(tmp_path), "show", "吉林"])
    assert one_error_line(result) == ("hrcli: error: 吉林 names several regions: 吉林省 (jilin), 吉林市 (jilinshi) "
                                      "(give the full name or the slug)")
    assert run_ok(cli, ["--corpus", str(tmp_path), "show", "吉林市"]).stdout.startswith("id\t")


def test_global_options_after_the_command(cli, tmp_path):
    shutil.copy(CORPUS / "nanchang.txt", tmp_path / "draft.txt")
    after = run_ok(cli, ["list", "--corpus", str(tmp_path)]).stdout
    assert after == run_ok(cli, ["--corpus", str(tmp_path), "list"]).stdout
    assert after.splitlines()[1].startswith("draft\t")
    assert run_ok(cli, ["list", f"--corpus={tmp_path}"]).stdout == after
    assert "warning" in cli(["show", "shanxi"]).stderr
    for args in (["show", "shanxi", "-q"], ["show", "shanxi", "--quiet", "--no-cache"], ["show", "-q", "shanxi"]):
        assert run_ok(cli, args).stderr == "", args
    # an option's value is never taken for a global option, and -- ends the options
    assert run_ok(cli, ["departments", "linfen", "--dept", "医保局", "-q"]).stdout.startswith("region\tid\ttask")
    result = cli(["compare", "linfen", "qinghai", "--corpus", str(tmp_path / "missing")])
    assert "corpus folder" in one_error_line(result)


def test_debug_after_the_command_shows_the_traceback(cli):
    from hrcli.errors import UnknownRegionError

    with pytest.raises(UnknownRegionError):
        cli(["show", "nowhere", "--debug"])


def test_hoisting_leaves_other_arguments_alone():
    import typer.main

    from hrcli.cli import app, hoist_global_options

    group = typer.main.get_command(app)
    assert hoist_global_options(["compare", "a", "b", "--corpus", "D", "-q"], group) == ["--corpus", "D", "-q", "compare", "a", "b"]
    assert hoist_global_options(["-q", "show", "x", "--debug"], group) == ["--debug", "-q", "show", "x"]
    assert hoist_global_options(["search", "--", "-q"], group) == ["search", "--", "-q"]
    assert hoist_global_options(["compare", "a", "-o", "-q"], group) == ["compare", "a", "-o", "-q"]  # -q is -o's value
    assert hoist_global_options(["nosuch", "-q"], group) == ["nosuch", "-q"]


@pytest.mark.skipif(not Path(HRCLI).exists(), reason="needs the installed hrcli script")
def test_shell_completion_completes_commands_and_options():
    environment = {**os.environ, "_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": "hrcli comp", "COMP_CWORD": "1"}
    result = subprocess.run([HRCLI], env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split() == ["compare"]
    environment |= {"COMP_WORDS": "hrcli compare linfen qinghai --on", "COMP_CWORD": "4"}
    result = subprocess.run([HRCLI], env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split() == ["--only"]
    environment |= {"COMP_WORDS": "hrcli compare linfen s", "COMP_CWORD": "3"}  # region slugs of the corpus
    result = subprocess.run([HRCLI], env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split() == ["shanxi", "sixian"]
    script = subprocess.run([HRCLI], env={**os.environ, "_HRCLI_COMPLETE": "source_bash"}, capture_output=True, text=True,
                            timeout=60, check=False)
    assert "complete -o default" in script.stdout  # nothing to offer: the shell completes file names


def test_readme_documents_the_new_options():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for option in ("--no-pager", "--wide", "--detail", "--topic", "--dept", "--only", "HRCLI_PAGER", "--install-completion",
                   "--show-completion", "hrcli pair"):
        assert option in readme, option
    assert "docs/compare-table.png" in readme and (ROOT / "docs" / "compare-table.png").is_file()


# --- a real terminal: tmux runs hrcli, less pages it -----------------------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("less") is None, reason="needs tmux and less")
def test_a_real_terminal_pages_through_less_and_q_quits(tmp_path):
    """hrcli on a 100x30 tmux terminal: the table fits 100 columns, less shows its prompt, q ends with status 0."""
    import time

    socket = f"hrcli-test-{os.getpid()}"
    status = tmp_path / "status"
    environment = {k: v for k, v in os.environ.items() if k not in ("PAGER", "HRCLI_PAGER", "LESS", "COLUMNS", "LINES", "NO_COLOR")}
    tmux = ["tmux", "-L", socket, "-f", os.devnull]

    def screen() -> list[str]:
        return subprocess.run([*tmux, "capture-pane", "-p", "-t", "hrcli"], capture_output=True, text=True, check=True).stdout.splitlines()

    def wait_for(found, what: str) -> list[str]:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lines = screen()
            if found(lines):
                return lines
            time.sleep(0.2)
        raise AssertionError(f"no {what} on the screen:\n" + "\n".join(screen()))

    command = f"{HRCLI} compare linfen qinghai; echo $? > {status}; sleep 60"
    subprocess.run([*tmux, "new-session", "-d", "-s", "hrcli", "-x", "100", "-y", "30", command], env=environment, check=True)
    try:
        lines = wait_for(lambda lines: lines and lines[-1].startswith(":"), "less prompt")
        assert "(七)推进医保支付方式改革" in "\n".join(lines)  # the first screen of the table …
        assert "(二十四)加大宣传培训" not in "\n".join(lines)  # … and not its last row: the pager holds the rest
        from rich.cells import cell_len

        assert max(cell_len(line.rstrip()) for line in lines) <= 100  # … laid out for this terminal
        subprocess.run([*tmux, "send-keys", "-t", "hrcli", "q"], check=True)
        deadline = time.monotonic() + 60
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status.read_text().strip() == "0"
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)


def test_detail_of_a_split_topic_labels_each_task_and_skips_empty_fields(cli):
    lines = table(cli, ["compare", "linfen", "qinghai", "--detail", "--topic", "hospital_quality"], 110)
    text = "\n".join(lines)
    assert lines[1].startswith("0.28  partial: split topic")
    assert "(七)开展公立医院高质量发展试点。" in text and "(九)强化内部绩效评价。" in text  # qinghai split the topic in two
    assert "(七)各市州政府(lead)" in text and "(九)省卫生健康委(lead)" in text
    assert not any(line.startswith("deadline") for line in lines)  # no task of the row states one
