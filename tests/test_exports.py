"""Exports and shell pipelines through the CLI: every format parses back to the same rows, -o files, pipes, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hrcli.output.render import undo_defuse

from .conftest import CORPUS, DEVGOLD, read_corpus

HRCLI = str(Path(sys.executable).parent / "hrcli")
COMMANDS = {
    "list": ["list"],
    "show": ["show", "linfen"],
    "compare": ["compare", "linfen", "qinghai"],
    "targets": ["targets", "linfen", "qinghai"],
    "topics": ["topics", "linfen", "qinghai", "sixian"],
    "departments": ["departments", "linfen", "qinghai"],
}
FLAT_FORMATS = ["tsv", "csv", "markdown"]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BOM = b"\xef\xbb\xbf"
# What a spreadsheet runs as a formula, written out here, not taken from render.py.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


# --- reading every format back -----------------------------------------------------------------------------------


def read_tsv(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines()]


def read_csv(text: str) -> list[list[str]]:
    return [[undo_defuse(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]


def read_markdown(text: str) -> list[list[str]]:
    """Header and data rows of the Markdown table (after any heading), escapes undone."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[1]), "second table line is the separator"

    def cells(line: str) -> list[str]:
        return [re.sub(r"\\(.)", r"\1", cell).strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]

    return [cells(lines[0])] + [cells(line) for line in lines[2:]]


READERS = {"tsv": read_tsv, "csv": read_csv, "markdown": read_markdown}


def flat(value) -> str:
    """How a JSON value reads in a TSV cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(flat(item) for item in value)
    return str(value)


def records(header: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(header, row, strict=True)) for row in rows]


def tsv_records(text: str) -> list[dict[str, str]]:
    header, *rows = read_tsv(text)
    return records(header, rows)


def run_ok(cli, args, **kwargs):
    result = cli(args, **kwargs)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def shell(command: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run a shell pipeline with the installed hrcli (the test's cache and corpus in the environment)."""
    if "input" not in kwargs:
        kwargs.setdefault("stdin", subprocess.DEVNULL)  # never pytest's own standard input: CI may leave it open
    return subprocess.run(command, shell=True, check=False, capture_output=True, cwd=cwd, timeout=300, **kwargs)


# --- every format on every listing command --------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fmt", FLAT_FORMATS)
def test_flat_formats_give_the_same_rows_and_cells_as_tsv(cli, command, fmt):
    tsv = read_tsv(run_ok(cli, COMMANDS[command]).stdout)  # a pipe gets TSV by default
    assert tsv == read_tsv(run_ok(cli, COMMANDS[command] + ["--format", "tsv"]).stdout)
    rows = READERS[fmt](run_ok(cli, COMMANDS[command] + ["-f", fmt]).stdout)
    assert rows == tsv
    assert len(tsv) > 2 and all(len(row) == len(tsv[0]) for row in tsv)


@pytest.mark.parametrize("command", COMMANDS)
def test_jsonl_is_the_json_rows_one_per_line(cli, command):
    document = json.loads(run_ok(cli, COMMANDS[command] + ["-f", "json"]).stdout)
    lines = run_ok(cli, COMMANDS[command] + ["-f", "jsonl"]).stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert all(isinstance(item, dict) for item in objects)
    if command == "show":  # the JSON is the whole notice; its tasks are the rows
        assert [o["id"] for o in objects] == [t["id"] for t in document["tasks"]]
        assert [o["title"] for o in objects] == [t["title"] for t in document["tasks"]]
    elif command in ("compare", "targets"):
        assert objects == document["rows"]
    else:
        assert objects == document


def test_list_json_matches_tsv(cli):
    document = json.loads(run_ok(cli, ["list", "-f", "json"]).stdout)
    tsv = read_tsv(run_ok(cli, ["list"]).stdout)
    assert [{key: flat(value) for key, value in row.items()} for row in document] == records(tsv[0], tsv[1:])
    assert [row["region"] for row in document] == ["linfen", "shanxi", "qinghai", "sixian", "nanchang"]


def test_show_json_tasks_match_tsv(cli, notices):
    document = json.loads(run_ok(cli, ["show", "linfen", "-f", "json"]).stdout)
    table = tsv_records(run_ok(cli, ["show", "linfen"]).stdout)
    assert len(table) == len(document["tasks"]) == len(notices["linfen"].tasks)
    for row, task in zip(table, document["tasks"]):
        assert (row["id"], row["number"], row["title"], row["lead"]) == (task["id"], str(task["number"]), task["title"], flat(task["lead"]))
        assert row["departments"].replace("*", "") == "; ".join(d["name"] for d in task["departments"])


# --- the compare JSON contract -----------------------------------------------------------------------------------


def test_compare_json_contract(cli, notices):
    document = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "--format", "json"]).stdout)
    assert document["regions"] == ["linfen", "qinghai"]
    seen = {"linfen": [], "qinghai": []}
    for row in document["rows"]:
        assert row["status"] in ("matched", "only_linfen", "only_qinghai")
        assert set(row["tasks"]) == {"linfen", "qinghai"}
        assert "why" in row and "score" in row
        for region, tasks in row["tasks"].items():
            for task in tasks:
                assert isinstance(task["number"], int) and task["id"] == f"{region}-{task['number']}" and task["title"]
                seen[region].append(task["number"])
        filled = [region for region, tasks in row["tasks"].items() if tasks]
        if row["status"] == "matched":
            assert filled == ["linfen", "qinghai"] and isinstance(row["score"], float)
        else:
            assert filled == [row["status"][len("only_"):]]
    for region, numbers in seen.items():  # every task in exactly one row
        assert sorted(numbers) == [task.number for task in notices[region].tasks]
    partners = [row for row in document["rows"] if 7 in [t["number"] for t in row["tasks"]["linfen"]]]
    assert partners[0]["status"] == "matched"
    assert 16 in [t["number"] for t in partners[0]["tasks"]["qinghai"]]  # both reform DRG/DIP payment


def test_compare_tsv_columns_carry_the_json_rows(cli):
    document = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    tsv = read_tsv(run_ok(cli, ["compare", "linfen", "qinghai"]).stdout)
    table = records(tsv[0], tsv[1:])
    assert len(table) == len(document["rows"])
    for row, record in zip(table, document["rows"]):
        assert (row["status"], row["score"], row["why"], row["label"]) == (record["status"], flat(record["score"]), record["why"], record["label"])
        for region in document["regions"]:
            tasks = record["tasks"][region]
            assert row[f"{region}_task"] == flat([t["label"] for t in tasks])
            assert row[f"{region}_title"] == flat([t["title"] for t in tasks])
            assert row[f"{region}_lead"] == flat([t["lead"] or "" for t in tasks])


def test_parse_yaml_is_the_json(cli):
    import yaml

    path = str(CORPUS / "sixian.txt")
    as_json = json.loads(run_ok(cli, ["parse", path]).stdout)
    assert yaml.safe_load(run_ok(cli, ["parse", path, "--format", "yaml"]).stdout) == as_json
    assert as_json["tasks"] and as_json["region"] == "sixian"


def test_eval_exports(cli):
    gold = sorted(str(path) for path in DEVGOLD.glob("*.tsv"))
    rows = read_csv(run_ok(cli, ["eval", *gold, "-f", "csv"]).stdout)
    document = json.loads(run_ok(cli, ["eval", *gold, "-f", "json"]).stdout)
    assert [row[0] for row in rows[1:]] == [row["gold"] for row in document] == [Path(g).name for g in gold] + ["macro average"]


# --- -o files ----------------------------------------------------------------------------------------------------


def test_compare_to_csv_file_for_a_spreadsheet(cli, in_tmp):
    result = run_ok(cli, ["compare", "linfen", "qinghai", "-o", "diff.csv"])
    assert result.stdout == ""
    assert os.listdir(in_tmp) == ["diff.csv"]  # no temporary file left behind
    data = (in_tmp / "diff.csv").read_bytes()
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    rows = read_csv(data.decode("utf-8-sig"))
    header = rows[0]
    for column in ("status", "score", "why", "label"):
        assert column in header
    for region in ("linfen", "qinghai"):
        for column in ("task", "title", "lead", "departments"):
            assert f"{region}_{column}" in header
    assert rows == read_tsv(run_ok(cli, ["compare", "linfen", "qinghai"]).stdout)
    drg = [row for row in records(header, rows[1:]) if row["linfen_task"] == "(七)"]
    assert drg[0]["status"] == "matched" and "(十六)" in drg[0]["qinghai_task"].split("; ")


def test_csv_on_stdout_has_no_bom(cli):
    assert not run_ok(cli, ["compare", "linfen", "qinghai", "-f", "csv"]).stdout.startswith("\ufeff")
    assert run_ok(cli, ["list", "-f", "csv"]).stdout.startswith("region,")


@pytest.mark.parametrize("name, reader", [("out.tsv", read_tsv), ("out.md", read_markdown), ("out.csv", read_csv)])
def test_output_format_from_extension(cli, in_tmp, name, reader):
    run_ok(cli, ["show", "linfen", "-o", name])
    text = (in_tmp / name).read_text(encoding="utf-8-sig")
    assert reader(text) == read_tsv(run_ok(cli, ["show", "linfen"]).stdout)
    assert os.listdir(in_tmp) == [name]


def test_json_and_jsonl_files_from_extension(cli, in_tmp):
    run_ok(cli, ["compare", "linfen", "qinghai", "-o", "diff.json"])
    run_ok(cli, ["compare", "linfen", "qinghai", "-o", "diff.jsonl"])
    document = json.loads((in_tmp / "diff.json").read_text(encoding="utf-8"))
    lines = (in_tmp / "diff.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == document["rows"]
    assert sorted(os.listdir(in_tmp)) == ["diff.json", "diff.jsonl"]


def test_format_option_wins_over_the_extension(cli, in_tmp):
    run_ok(cli, ["list", "-o", "regions.txt", "--format", "csv"])
    assert read_csv((in_tmp / "regions.txt").read_text(encoding="utf-8-sig"))[1][0] == "linfen"
    run_ok(cli, ["list", "-o", "regions.data", "-f", "jsonl"])
    assert json.loads((in_tmp / "regions.data").read_text(encoding="utf-8").splitlines()[0])["region"] == "linfen"


def test_unknown_extension_is_a_usage_error_naming_the_fix(cli, in_tmp):
    result = cli(["compare", "linfen", "qinghai", "-o", "diff.xls"])  # .xlsx is a workbook, .xls (Excel 97) is not written
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "diff.xls" in result.stderr and "--format" in result.stderr and ".csv" in result.stderr
    assert os.listdir(in_tmp) == []


def test_overwriting_keeps_no_temporary_and_an_interrupt_keeps_the_old_file(cli, in_tmp, monkeypatch):
    from hrcli.output import render

    (in_tmp / "diff.csv").write_text("old,file\n", encoding="utf-8")
    run_ok(cli, ["compare", "linfen", "qinghai", "-o", "diff.csv"])
    written = (in_tmp / "diff.csv").read_bytes()
    assert written.startswith(BOM + b"status,") and os.listdir(in_tmp) == ["diff.csv"]

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.os, "fsync", interrupted)
    result = cli(["compare", "linfen", "qinghai", "nanchang", "-o", "diff.csv"])
    assert result.exit_code == 130
    assert (in_tmp / "diff.csv").read_bytes() == written
    assert os.listdir(in_tmp) == ["diff.csv"]


# --- formulas in a real notice ----------------------------------------------------------------------------------


@pytest.fixture
def draft(in_tmp):
    """Linfen's notice saved as draft.txt, task (七) edited to start with a spreadsheet formula."""
    original = read_corpus("linfen")
    edited = original.replace("（七）推进医保支付方式改革。", '（七）=HYPERLINK("http://example.com","点我")推进医保支付方式改革。')
    assert edited != original
    path = in_tmp / "draft.txt"
    path.write_text(edited, encoding="utf-8")
    return path


def test_formula_in_a_notice_is_defused_in_csv_only(cli, draft):
    formula = '=HYPERLINK("http://example.com","点我")推进医保支付方式改革'
    run_ok(cli, ["compare", "draft.txt", "qinghai", "-o", "diff.csv"])
    raw = list(csv.reader(io.StringIO((draft.parent / "diff.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert not any(cell.startswith(FORMULA) for row in raw for cell in row)
    table = records(raw[0], raw[1:])
    row = next(row for row in table if row["draft_task"] == "(七)")
    assert row["draft_title"] == "'" + formula and undo_defuse(row["draft_title"]) == formula
    assert row["status"] == "matched" and "(十六)" in row["qinghai_task"].split("; ")
    # programs get the text as it is: TSV and JSON are not spreadsheet input
    tsv = tsv_records(run_ok(cli, ["show", "draft.txt"]).stdout)
    assert tsv[6]["title"] == formula
    assert json.loads(run_ok(cli, ["show", str(draft), "-f", "json"]).stdout)["tasks"][6]["title"] == formula
    shown = read_csv(run_ok(cli, ["show", "draft.txt", "-f", "csv"]).stdout)
    assert shown[7][shown[0].index("title")] == formula


# --- regions as files and standard input -------------------------------------------------------------------------


def matched_pairs(document: dict, first: str, second: str) -> set[tuple[int, int]]:
    return {(a["number"], b["number"]) for row in document["rows"] if row["status"] == "matched"
            for a in row["tasks"][first] for b in row["tasks"][second]}


def test_compare_a_draft_file_with_a_region(cli, draft):
    reference = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    document = json.loads(run_ok(cli, ["compare", "draft.txt", "qinghai", "-f", "json"]).stdout)
    assert document["regions"] == ["draft", "qinghai"]
    assert matched_pairs(document, "draft", "qinghai") == matched_pairs(reference, "linfen", "qinghai")


def test_compare_standard_input_with_a_region(cli):
    reference = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    document = json.loads(run_ok(cli, ["compare", "-", "qinghai", "-f", "json"], input=read_corpus("linfen")).stdout)
    assert document["regions"] == ["stdin", "qinghai"]
    assert matched_pairs(document, "stdin", "qinghai") == matched_pairs(reference, "linfen", "qinghai")


def test_standard_input_twice_is_an_error(cli):
    result = cli(["compare", "-", "-"], input=read_corpus("linfen"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "standard input" in result.stderr and len(result.stderr.splitlines()) == 1


def test_cat_into_compare_in_a_real_pipeline(in_tmp):
    result = shell(f"cat {shlex.quote(str(CORPUS / 'linfen.txt'))} | {HRCLI} compare - qinghai --format json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["regions"] == ["stdin", "qinghai"] and (7, 16) in matched_pairs(document, "stdin", "qinghai")


# --- shell pipelines ---------------------------------------------------------------------------------------------


def test_head_ends_the_pipeline_quietly():
    result = shell(f"{HRCLI} compare linfen qinghai nanchang | head -1")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").split("\t")[:4] == ["status", "score", "label", "why"]
    assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr
    assert result.stderr == b""


def test_closed_pipe_exits_141_without_a_word():
    """The reader is gone before hrcli writes anything: every write meets a closed pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run([HRCLI, "compare", "linfen", "qinghai", "nanchang"], stdout=write_end,
                                 stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300, check=False)
    finally:
        os.close(write_end)
    assert b"Traceback" not in process.stderr and b"BrokenPipe" not in process.stderr
    assert process.stderr == b""
    assert process.returncode == 141  # README: like `yes | head`


def test_grep_and_cut_on_the_default_output():
    header = shell(f"{HRCLI} compare linfen qinghai | head -1").stdout.decode("utf-8").rstrip("\n").split("\t")
    fields = f"{header.index('linfen_task') + 1},{header.index('qinghai_task') + 1}"
    result = shell(f"{HRCLI} compare linfen qinghai | grep DRG | cut -f{fields}")
    assert result.returncode == 0, result.stderr
    assert "(七)\t(十六)" in result.stdout.decode("utf-8").splitlines()


JQ_EQUIVALENT = (
    "import json, sys\n"
    "for row in json.load(sys.stdin)['rows']:\n"
    "    if row['status'] == 'matched':\n"
    "        print(row['tasks']['linfen'][0]['number'])\n"
)


def test_json_through_a_filter_like_jq(cli):
    """`hrcli compare linfen qinghai --format json | jq '.rows[] | select(.status=="matched") | .tasks.linfen[0].number'`"""
    result = shell(f"{HRCLI} compare linfen qinghai --format json | {shlex.quote(sys.executable)} -c {shlex.quote(JQ_EQUIVALENT)}")
    assert result.returncode == 0, result.stderr
    numbers = [int(line) for line in result.stdout.decode().split()]
    document = json.loads(run_ok(cli, ["compare", "linfen", "qinghai", "-f", "json"]).stdout)
    assert len(numbers) == sum(row["status"] == "matched" for row in document["rows"])
    assert 7 in numbers and numbers == sorted(numbers)


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_readme_jq_pipeline():
    program = '.rows[] | select(.status=="matched") | [.tasks.linfen[0].number, (.tasks.qinghai | map(.number) | join(";"))] | @tsv'
    result = shell(f"{HRCLI} compare linfen qinghai --format json | jq -r {shlex.quote(program)}")
    assert result.returncode == 0, result.stderr
    pairs = dict(line.split("\t") for line in result.stdout.decode().splitlines())
    assert "16" in pairs["7"].split(";")


def test_spreadsheet_example_from_the_readme(in_tmp):
    result = shell(f"{HRCLI} compare linfen qinghai -o diff.csv", cwd=in_tmp)
    assert result.returncode == 0 and result.stdout == b"" and result.stderr == b""
    with open(in_tmp / "diff.csv", encoding="utf-8-sig", newline="") as handle:  # how Excel reads it
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() >= {"status", "score", "label", "why", "linfen_task", "linfen_title", "qinghai_title"}
    assert {row["status"] for row in rows} == {"matched", "only_linfen", "only_qinghai"}


# --- the terminal, through a real pseudo-terminal ----------------------------------------------------------------


def run_on_terminal(args: list[str], columns: int, env: dict[str, str]) -> tuple[int, str, bytes]:
    """Run hrcli with standard output on a pseudo-terminal of the given width; return code, output, stderr."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    # No pager: these tests read what hrcli prints, and a pager would wait for keys.
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")} | {"HRCLI_PAGER": ""} | env
    process = subprocess.Popen([HRCLI, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=environment)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # Linux: EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    stderr = process.stderr.read()
    process.wait(timeout=300)
    return process.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), stderr


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("args", [["compare", "linfen", "qinghai"], ["show", "qinghai"], ["list"]])
def test_terminal_gets_a_table_fitted_to_its_width(args):
    from rich.cells import cell_len

    code, output, stderr = run_on_terminal(args, 72, {"TERM": "xterm-256color"})
    assert code == 0, stderr
    assert "\x1b[" in output  # colour on a terminal
    lines = ANSI.sub("", output).splitlines()
    assert any(line.startswith(("┏", "───")) for line in lines)  # compare's compact table has a rule under its header
    assert max(cell_len(line) for line in lines) <= 72
    assert "\t" not in output


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_no_color_on_a_terminal():
    code, output, stderr = run_on_terminal(["compare", "linfen", "qinghai"], 100, {"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert code == 0, stderr
    assert "\x1b[" not in output and "───" in output


# --- Ctrl-C ------------------------------------------------------------------------------------------------------


def blocked_reading_stdin(pid: int) -> bool:
    """Linux: the process sleeps in read() on a pipe (its standard input)."""
    wchan = Path(f"/proc/{pid}/wchan").read_text()
    syscall = Path(f"/proc/{pid}/syscall").read_text()
    return "pipe" in wchan or syscall.startswith("0 0x0 ")  # x86-64: read(0, ...)


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux /proc to know when hrcli waits")
def test_ctrl_c_exits_130_with_one_line():
    # A shell without job control starts background jobs with SIGINT ignored, and a child inherits that
    # (CI run as `nohup .ci/run &` did): give hrcli the default disposition a terminal's Ctrl-C meets.
    process = subprocess.Popen([HRCLI, "show", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120  # a guard against hanging, not a timing assertion
        while not blocked_reading_stdin(process.pid):
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "hrcli never started reading standard input"
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert stdout == b""
    assert stderr.decode("utf-8") == "hrcli: error: interrupted\n"
