"""The renderer on real views: every format parses back, CSV is safe in a spreadsheet, tables fit the terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import sys
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrcli.errors import UsageError
from hrcli.output import render
from hrcli.output.render import (
    Format,
    Terminal,
    choose_format,
    defuse_formula,
    render_text,
    undo_defuse,
)
from hrcli.output.views import COMPARE_LEGEND, compare_view, list_view, show_view

from .conftest import current_settings

PIPE = Terminal(is_tty=False, color=False, width=None)
# What a spreadsheet runs as a formula (OWASP's CSV injection list), written out here, not taken from render.py.
FORMULA = ("=", "+", "-", "@", "\t", "\r")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def alignment_view():
    """linfen vs qinghai vs nanchang, through the library (the test's private cache)."""
    from hrcli.comparison import compare_notices
    from hrcli.corpus import Corpus

    corpus = Corpus(current_settings())
    return compare_view(compare_notices(corpus, [corpus.load(slug) for slug in ("linfen", "qinghai", "nanchang")]))


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def cell_width(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(ANSI.sub("", line))


# --- CSV: formulas defused, text recoverable -------------------------------------------------------------------


def test_csv_defuses_formula_cells_of_a_real_task_and_keeps_the_rest(notices):
    view = show_view(notices["linfen"])
    task = view.rows[6]  # Linfen (七) 推进医保支付方式改革
    original_title, original_lead = task["title"], task["lead"]
    task["title"] = '=HYPERLINK("http://example.com/x","点击")' + original_title
    task["lead"] = "@" + original_lead
    task["departments"] = ["-" + name for name in task["departments"]]
    task["label"] = "+1"

    rows = csv_rows(render_text(view, Format.csv, PIPE))
    header, body = rows[0], rows[1:]
    assert header == view.columns
    cells = dict(zip(header, body[6]))
    assert cells["title"].startswith("'=HYPERLINK(")
    assert cells["lead"] == "'@" + original_lead
    assert cells["label"] == "'+1"
    assert cells["departments"].startswith("'-")
    assert undo_defuse(cells["title"]) == task["title"]
    assert undo_defuse(cells["lead"]) == task["lead"]
    assert undo_defuse(cells["departments"]) == "; ".join(task["departments"])
    for row in body:  # no cell of the written file starts a formula
        assert not any(cell.startswith(FORMULA) for cell in row)
    # the untouched rows come out as in TSV
    tsv = [line.split("\t") for line in render_text(view, Format.tsv, PIPE).splitlines()]
    assert [r for i, r in enumerate(body) if i != 6] == [r for i, r in enumerate(tsv[1:]) if i != 6]


@given(st.text(alphabet=st.sampled_from(list("'=+-@\t\r a中")), max_size=8) | st.text(max_size=12))
def test_defuse_is_undone_exactly_and_never_starts_a_formula(text):
    defused = defuse_formula(text)
    assert undo_defuse(defused) == text
    assert not defused.startswith(FORMULA)


@pytest.mark.parametrize(
    ("cell", "defused"),
    [("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+86 0351", "'+86 0351"), ("-5%", "'-5%"), ("@市卫健委", "'@市卫健委"),
     ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("''=x", "'''=x")],
)
def test_each_formula_start_is_defused(cell, defused):
    assert defuse_formula(cell) == defused
    assert undo_defuse(defused) == cell


@pytest.mark.parametrize("cell", ["市卫健委", "达到90%", "1=1", "a@b", "DRG-DIP", " =1", "", "'引号"])
def test_cells_that_start_no_formula_are_kept(cell):
    assert defuse_formula(cell) == cell
    assert undo_defuse(cell) == cell


def test_defuse_keeps_cells_that_start_with_a_quote_apart():
    # A title that really starts with ' must not lose it when read back.
    assert undo_defuse(defuse_formula("'=x")) == "'=x"
    assert undo_defuse(defuse_formula("'引号")) == "'引号"
    assert defuse_formula("'引号") == "'引号"


def test_csv_on_stdout_has_no_bom_and_crlf_rows(notices):
    text = render_text(show_view(notices["qinghai"]), Format.csv, PIPE)
    assert not text.startswith("\ufeff")
    assert text.count("\r\n") == len(notices["qinghai"].tasks) + 1


# --- TSV: one line per row --------------------------------------------------------------------------------------


def test_tsv_keeps_every_row_on_one_line_with_all_columns(notices):
    view = show_view(notices["nanchang"])
    view.rows[0]["title"] = "第一行\n第二行\r第三行\r\n第四行\u2028第五行\tTab"
    lines = render_text(view, Format.tsv, PIPE).splitlines()
    assert len(lines) == len(view.rows) + 1
    assert all(len(line.split("\t")) == len(view.columns) for line in lines)
    title = dict(zip(lines[0].split("\t"), lines[1].split("\t")))["title"]
    assert title == "第一行 / 第二行 / 第三行 / 第四行 / 第五行 Tab"


# --- JSON, JSONL, YAML, Markdown --------------------------------------------------------------------------------


def test_json_yaml_and_jsonl_agree(notices):
    import yaml

    view = show_view(notices["linfen"])
    document = json.loads(render_text(view, Format.json, PIPE))
    assert yaml.safe_load(render_text(view, Format.yaml, PIPE)) == document
    assert document["tasks"][6]["title"] == "推进医保支付方式改革"
    lines = render_text(view, Format.jsonl, PIPE).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [task["id"] for task in document["tasks"]]


def markdown_table(text: str) -> tuple[list[str], list[list[str]]]:
    """Header cells and data rows of the first Markdown table in the text (escapes undone)."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[1]), lines[1]

    def cells(line: str) -> list[str]:
        return [re.sub(r"\\(.)", r"\1", cell).strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]

    return cells(lines[0]), [cells(line) for line in lines[2:]]


def test_markdown_escapes_cell_syntax_and_reads_back_like_tsv(notices):
    view = show_view(notices["sixian"])
    view.rows[2]["title"] = r"a|b *强调* `代码` <b>标签</b> C:\路径"
    header, rows = markdown_table(render_text(view, Format.markdown, PIPE))
    tsv = [line.split("\t") for line in render_text(view, Format.tsv, PIPE).splitlines()]
    assert header == tsv[0]
    assert rows == tsv[1:]
    assert rows[2][header.index("title")] == r"a|b *强调* `代码` <b>标签</b> C:\路径"


# --- the terminal table ------------------------------------------------------------------------------------------


def test_table_without_colour_has_no_escape_codes(alignment_view):
    plain = render_text(alignment_view, Format.table, Terminal(is_tty=True, color=False, width=80))
    coloured = render_text(alignment_view, Format.table, Terminal(is_tty=True, color=True, width=80))
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured  # the same table with colour on does carry codes
    words, plain_words = ANSI.sub("", coloured).split(), plain.split()
    assert words[: len(plain_words)] == plain_words
    assert words[len(plain_words):] == COMPARE_LEGEND.split()  # what the colours mean, only when there are colours


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
def test_table_lines_fit_the_width(alignment_view, notices, width):
    for view in (alignment_view, show_view(notices["linfen"]), list_view(list(notices.values()), {})):
        text = render_text(view, Format.table, Terminal(is_tty=True, color=True, width=width))
        assert max(cell_width(line) for line in text.splitlines()) <= width


def table_cells(text: str, column: int) -> list[str]:
    """The text of one column of a rich table, one string per body row (wrapped lines joined)."""
    cells, current = [], []
    for line in text.splitlines():
        if line.startswith(("├", "└")) and current:
            cells.append("".join(current))
            current = []
        elif line.startswith("│"):
            current.append(line.split("│")[column + 1].strip())
    return cells


def test_long_cjk_titles_wrap_whole_in_a_narrow_table(notices):
    notice = notices["qinghai"]
    view = show_view(notice)
    text = render_text(view, Format.table, Terminal(is_tty=True, color=False, width=70))
    titles = table_cells(text, view.columns.index("title"))
    assert titles == [task.title.replace(" ", "") for task in notice.tasks]
    longest = max(notice.tasks, key=lambda task: len(task.title))
    assert longest.title not in text  # it did not fit on one line, and wrapped instead of being cut


def test_table_prints_notice_text_that_looks_like_rich_markup(notices):
    view = show_view(notices["linfen"])
    view.rows[0]["title"] = "[/x] 方括号 [bold]粗[/bold] :smile:"
    view.title = "[red]标题"
    text = render_text(view, Format.table, Terminal(is_tty=True, color=True, width=200))
    assert "[/x] 方括号 [bold]粗[/bold] :smile:" in ANSI.sub("", text)
    assert "[red]标题" in ANSI.sub("", text)


def test_table_on_a_terminal_uses_the_compact_display(alignment_view):
    text = render_text(alignment_view, Format.table, Terminal(is_tty=True, color=False, width=200))
    assert "linfen_number" not in text and "(七)推进医保支付方式改革" in text


# --- deciding about the terminal ---------------------------------------------------------------------------------


def test_terminal_detect_follows_no_color_term_and_pager():
    environ = {"TERM": "xterm-256color", "COLUMNS": "57"}
    less = "less -FRX" if shutil.which("less") else None  # the default pager, where there is one
    assert Terminal.detect(FakeTTY(), environ) == Terminal(is_tty=True, color=True, width=57, pager=less, colors="256")
    assert Terminal.detect(FakeTTY(), {**environ, "COLORTERM": "truecolor"}).colors == "truecolor"
    assert Terminal.detect(FakeTTY(), {**environ, "COLORTERM": "24bit"}).colors == "truecolor"
    assert Terminal.detect(FakeTTY(), {"TERM": "xterm"}).colors == "standard"
    assert Terminal.detect(FakeTTY(), {**environ, "LINES": "21"}).height == 21
    assert Terminal.detect(FakeTTY(), {**environ, "NO_COLOR": "1"}).color is False
    # no-color.org: an empty value does not count
    assert Terminal.detect(FakeTTY(), {**environ, "NO_COLOR": ""}).color is True
    assert Terminal.detect(FakeTTY(), {**environ, "TERM": "dumb"}).color is False
    assert Terminal.detect(FakeTTY(), {**environ, "PAGER": "more"}).pager == "more"
    assert Terminal.detect(FakeTTY(), {**environ, "PAGER": "more", "HRCLI_PAGER": "most"}).pager == "most"
    assert Terminal.detect(io.StringIO(), environ) == Terminal(is_tty=False, color=False, width=57)
    assert Terminal.detect(io.StringIO(), {}) == Terminal(is_tty=False, color=False, width=None)


def test_format_from_option_extension_or_terminal():
    tty = Terminal(is_tty=True, color=True, width=80)
    assert choose_format(None, None, tty) is Format.table
    assert choose_format(None, None, PIPE) is Format.tsv
    assert choose_format(None, "-", PIPE) is Format.tsv
    assert choose_format(None, None, PIPE, default=Format.json) is Format.json
    assert choose_format(Format.csv, "out.json", PIPE) is Format.csv
    expected = {"a.csv": Format.csv, "a.TSV": Format.tsv, "a.json": Format.json, "a.jsonl": Format.jsonl,
                "a.md": Format.markdown, "a.yaml": Format.yaml, "dir.d/a.csv": Format.csv, "r.html": Format.html,
                "r.HTM": Format.html, "r.xlsx": Format.xlsx}
    for name, fmt in expected.items():
        assert choose_format(None, name, tty, default=Format.json) is fmt
    for name in ("diff.xls", "diff", "diff.csv.bak"):
        with pytest.raises(UsageError) as error:
            choose_format(None, name, PIPE)
        assert name in str(error.value) and "--format" in str(error.value)


# --- writing: standard output and files --------------------------------------------------------------------------


def test_stdout_that_cannot_encode_chinese_gets_utf8_in_a_pipe(monkeypatch, notices):
    view = show_view(notices["linfen"])
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="latin-1"))
    render.render(view, Format.tsv, terminal=PIPE)
    assert raw.getvalue().decode("utf-8") == render_text(view, Format.tsv, PIPE)


def test_terminal_that_cannot_encode_chinese_gets_question_marks(monkeypatch, notices):
    view = list_view([notices["linfen"]], {})
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    render.render(view, Format.tsv, terminal=Terminal(is_tty=True, color=False, width=80))
    assert raw.getvalue().decode("ascii").splitlines()[1].startswith("linfen\t???")


def test_file_output_is_atomic_and_keeps_the_mode(tmp_path, notices):
    target = tmp_path / "tasks.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    view = show_view(notices["linfen"])
    render.render(view, Format.csv, str(target))
    assert os.listdir(tmp_path) == ["tasks.csv"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert csv_rows(data.decode("utf-8-sig"))[7][view.columns.index("title")] == "推进医保支付方式改革"


def test_only_csv_files_get_a_bom(tmp_path, notices):
    view = show_view(notices["linfen"])
    for fmt in (Format.tsv, Format.json, Format.jsonl, Format.markdown, Format.yaml, Format.table):
        target = tmp_path / f"out.{fmt.value}"
        render.render(view, fmt, str(target))
        assert not target.read_bytes().startswith(b"\xef\xbb\xbf"), fmt


def test_interrupted_write_leaves_the_existing_file_and_no_temporary(tmp_path, monkeypatch, notices):
    target = tmp_path / "diff.json"
    target.write_text('{"kept": true}\n', encoding="utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render.render(show_view(notices["linfen"]), Format.json, str(target))
    assert os.listdir(tmp_path) == ["diff.json"]
    assert json.loads(target.read_text(encoding="utf-8")) == {"kept": True}


def test_output_through_a_symlink_replaces_the_target_not_the_link(tmp_path, notices):
    real = tmp_path / "real.tsv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    render.render(show_view(notices["linfen"]), Format.tsv, str(link))
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("id\tnumber\t")


def written_into_fifo(folder, write) -> bytes:
    """What `write(path)` sends into a named pipe in the folder, read by another thread; the pipe stays a pipe."""
    fifo = folder / "fifo"
    os.mkfifo(fifo)
    received = []
    # daemon: were the pipe replaced, the reader would wait forever on the old one
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe: not replaced by a renamed temporary file
    assert sorted(os.listdir(folder)) == ["fifo"]
    reader.join(timeout=60)
    return received[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_to_a_named_pipe_writes_into_it(tmp_path, notices):
    data = written_into_fifo(tmp_path, lambda fifo: render.render(show_view(notices["linfen"]), Format.csv, str(fifo)))
    assert data.startswith(b"\xef\xbb\xbf") and not data[3:].startswith(b"\xef\xbb\xbf")  # Excel's mark, once
    assert csv_rows(data[3:].decode("utf-8"))[0] == show_view(notices["linfen"]).columns


def test_topic_map_on_a_terminal_is_one_line_per_topic(notices):
    from hrcli.analyse.topics import load_topics
    from hrcli.output.views import topics_view

    taxonomy = load_topics()
    view = topics_view([notices["linfen"], notices["qinghai"]], taxonomy)
    text = render_text(view, Format.table, Terminal(is_tty=True, color=False, width=200))
    lines = text.splitlines()
    # Title, three header rules and the header, one line per topic and the unassigned row, the bottom rule.
    assert len(lines) == 1 + 4 + len(taxonomy.topics) + 1
    payment = next(line for line in lines if "医保支付方式改革" in line)
    assert [cell.strip() for cell in payment.split("│")[2:4]] == ["(七)", "(十六)"]  # the labels every command shows
    centres = next(line for line in lines if line.startswith("│ 区域医疗中心"))
    assert [cell.strip() for cell in centres.split("│")[2:4]] == ["(一), (二)", "(六), (十二)"]  # several tasks read across


# --- YAML, terminal width, devices ------------------------------------------------------------------------------


def test_yaml_of_rows_keeps_chinese_order_and_long_lines(notices):
    view = show_view(notices["qinghai"])
    assert view.document is None or isinstance(view.document, (dict, list))
    flat = render.View(columns=view.columns, rows=view.rows)  # no document: the rows are printed
    text = render_text(flat, Format.yaml, PIPE)
    import yaml

    assert yaml.safe_load(text) == json.loads(json.dumps(view.rows))
    assert "持续深化医保支付方式改革" in text and "\\u" not in text  # Chinese as itself, not escaped
    assert list(yaml.safe_load(text)[0]) == list(view.rows[0])  # keys in the JSON's order, not sorted
    long = render.View(columns=["title"], rows=[{"title": "Reform of payment by diagnosis related groups " * 2}])
    assert render_text(long, Format.yaml, PIPE).count("\n") == 1  # 92 characters with spaces: not folded at 80


@pytest.mark.parametrize(("columns", "width"), [("57", 57), ("1", 1), ("0", None), ("", None), ("wide", None), (None, None)])
def test_terminal_width_from_columns_else_none(columns, width):
    from hrcli.terminal import terminal_width

    environ = {} if columns is None else {"COLUMNS": columns}
    assert terminal_width(io.StringIO(), environ) == width  # a stream with no terminal behind it


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("columns", [132, 0])
def test_terminal_width_from_the_terminal(columns):
    import fcntl
    import struct
    import termios

    from hrcli.terminal import terminal_width

    master, slave = os.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        with os.fdopen(slave, "w", closefd=False) as stream:
            assert terminal_width(stream, {}) == (columns or None)  # a new terminal says 0 until it is sized
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_tsv_into_a_named_pipe_has_no_bom(tmp_path, notices):
    data = written_into_fifo(tmp_path, lambda fifo: render.render(show_view(notices["linfen"]), Format.tsv, str(fifo)))
    assert data.decode("utf-8") == render_text(show_view(notices["linfen"]), Format.tsv, PIPE)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is Linux's always-full device")
def test_a_full_device_is_an_output_error_naming_it(notices, tmp_path):
    import stat

    from hrcli.errors import OutputError

    # Through a link of our own: a writer that wrongly renamed a file into place (a mutant of `make mutation`,
    # run as root, once did) replaces the link, never the system's device.
    device = tmp_path / "full"
    device.symlink_to("/dev/full")
    with pytest.raises(OutputError) as caught:
        render.render(show_view(notices["linfen"]), Format.tsv, str(device))
    assert str(caught.value) == f"cannot write {device}: No space left on device (check that it can be written to)"
    assert device.is_symlink() and stat.S_ISCHR(os.stat("/dev/full").st_mode)


# ---- the small helpers, exactly (each test kills mutants `make mutation` found alive; README "Testing") --------


def compact(columns, rows, flexible, spare=()):
    """compact_widths of a compact view of these rows (cells as plain text)."""
    view = render.View(columns=columns, rows=rows, compact=True, flexible=list(flexible), spare=list(spare))
    cells = [[row[column] for column in columns] for row in rows]
    return lambda width: render.compact_widths(view, columns, cells, width)


def test_compact_widths_water_fill_and_the_spare_column_at_its_thresholds():
    # "id" is 2 cells wide; two columns with a rule between take 3 more; the text wants 100.
    text_and_why = compact(["id", "text", "why"], [{"id": "1", "text": "x" * 100, "why": "y" * 12}], ["text"], ["why"])
    # The spare column gets its 12 cells plus 3 for its rule: exactly SPARE_MIN, so it is shown.
    assert text_and_why(105) == [2, 100 - 15, 12]
    # A spare column of 7 cells is below SPARE_MIN: left out, its room goes to the text.
    short_why = compact(["id", "text", "why"], [{"id": "1", "text": "x" * 100, "why": "y" * 7}], ["text"], ["why"])
    assert short_why(105) == [2, 100, 0]
    # The flexible column keeps exactly SHARE_MIN (24) beside a reserve of 24: both shown.
    long_why = compact(["id", "text", "why"], [{"id": "1", "text": "x" * 100, "why": "y" * 50}], ["text"], ["why"])
    assert long_why(5 + 48) == [2, 24, 21]
    assert long_why(5 + 46) == [2, 46, 0]


def test_compact_widths_never_go_below_four_cells_and_measure_the_longest_line():
    narrow = compact(["id", "a", "b"], [{"id": "ab\ncdef", "a": "x" * 30, "b": "x" * 30}], ["a", "b"])
    # 4 + 6 for two rules, 7 left for two flexible columns: each still gets 4.
    assert narrow(4 + 6 + 7) == [4, 4, 4]


def test_visible_escapes_of_controls_on_one_line():
    assert render.one_line("a\tb\nc\rd\x1be\x9f\u202e") == "a\\tb\\nc\\rd\\x1be\\x9f\\u202e"
    assert render.terminal_safe("a\tb\x00") == "a\tb\\x00"


def test_markdown_escapes_only_its_special_characters_and_titles_its_table():
    view = render.View(columns=["a"], rows=[{"a": "x|y*z`<w\\v_u"}], title="标题")
    assert render.render_markdown(view) == "### 标题\n\n| a                 |\n|-------------------|\n| x\\|y\\*z\\`\\<w\\\\v_u |\n"
    assert render.render_markdown(render.View(columns=["a"], rows=[{"a": "b"}])).startswith("| a   |")


def test_undo_defuse_drops_only_the_quote_it_added():
    assert render.undo_defuse("'=SUM(A1)") == "=SUM(A1)"
    assert render.undo_defuse("''=x") == "'=x"  # the text was "'=x"
    assert render.undo_defuse("'X=1") == "'X=1"  # not defused: nothing to undo
    assert render.undo_defuse("'abc") == "'abc"


def test_jsonl_and_yaml_keep_chinese_and_quote_only_what_needs_escaping():
    view = render.View(columns=["a"], rows=[{"b": "医改", "a": "x\u202ey"}, {"b": "普通", "a": "z"}])
    assert render.render_jsonl(view) == '{"b": "医改", "a": "x\\u202ey"}\n{"b": "普通", "a": "z"}\n'
    assert render.render_yaml(view) == '- b: 医改\n  a: "x\\u202ey"\n- b: 普通\n  a: z\n'
    long = render.View(columns=["a"], rows=[{"a": "词 " * 70}])  # 140 characters: folded at the 120 asked for
    assert [len(line) for line in render.render_yaml(long).splitlines()] == [121, 29]


def test_word_diff_marks_split_at_their_edges():
    assert render.split_marks("[-旧-]{+新+}") == [("-", "旧"), ("+", "新")]
    assert render.split_marks("a[-b-]c") == [("", "a"), ("-", "b"), ("", "c")]
    text = render._coloured_marks("保留[-删去-]{+新增+}")
    assert text.plain == "保留删去新增"
    assert [(span.start, span.end, span.style) for span in text.spans] == [(2, 4, "red strike"), (4, 6, "green")]


def test_stdout_error_names_the_cause_and_the_fix():
    import errno as codes

    full = render.stdout_error(OSError(codes.ENOSPC, "No space left on device"))
    assert str(full) == ("cannot write to standard output: No space left on device "
                         "(check the free space where the output goes, or write it elsewhere)")
    quota = render.stdout_error(OSError(codes.EDQUOT, "Disk quota exceeded"))
    assert quota.hint == "check the free space where the output goes, or write it elsewhere"
    other = render.stdout_error(OSError(codes.EIO, "Input/output error"))
    assert str(other) == "cannot write to standard output: Input/output error (give hrcli an output it can write to, or use -o FILE)"
    assert str(render.stdout_error(OSError("bare"))).startswith("cannot write to standard output: bare (")


def test_point_at_devnull_sends_the_stream_to_dev_null(tmp_path):
    target = tmp_path / "out"
    with open(target, "w") as stream:
        stream.write("pending")
        render.point_at_devnull(stream)
        stream.write("more")
    assert target.read_text() == ""  # neither the pending text nor the later one reached the file
    render.point_at_devnull(None)  # a stream closed from the start: nothing to do


class FakeStdout(io.StringIO):
    """Standard output as a terminal with a byte layer and an encoding."""

    def __init__(self, encoding):
        super().__init__()
        self.buffer = io.BytesIO()
        self._encoding = encoding

    @property
    def encoding(self):
        return self._encoding

    def isatty(self) -> bool:
        return True


class BareStdout:
    """A standard output with no encoding attribute at all (an IDE's console)."""

    def flush(self):
        pass


@pytest.mark.parametrize("encoding, expected", [("gb18030", "医改".encode("gb18030")), (None, "医改".encode()),
                                                ("absent", "医改".encode())])
def test_the_pager_gets_the_text_in_the_terminals_encoding(tmp_path, monkeypatch, encoding, expected):
    monkeypatch.setattr(sys, "stdout", BareStdout() if encoding == "absent" else FakeStdout(encoding))
    paged = tmp_path / "paged"
    terminal = Terminal(is_tty=True, color=False, width=80, pager=f"cat > {paged}", height=1)
    render.render(render.View(columns=["a"], rows=[{"a": "医改"}]), Format.tsv, None, terminal)
    assert paged.read_bytes() == b"a\n" + expected + b"\n"


def test_a_workbook_on_a_terminal_is_refused_and_in_a_pipe_is_written(monkeypatch):
    view = render.View(columns=["a"], rows=[{"a": "医改"}])
    with pytest.raises(UsageError) as caught:
        render.render(view, Format.xlsx, None, Terminal(is_tty=True, color=False, width=80))
    assert str(caught.value) == "an Excel workbook cannot be shown on a terminal (write it to a file: -o report.xlsx)"
    monkeypatch.setattr(sys, "stdout", FakeStdout("utf-8"))
    render.render(view, Format.xlsx, "-", PIPE)
    assert sys.stdout.buffer.getvalue().startswith(b"PK\x03\x04")  # a zip: the workbook


def test_bytes_into_a_named_pipe_are_written_as_they_are(tmp_path):
    assert written_into_fifo(tmp_path, lambda fifo: render.write_output(fifo, b"\x00\xffbytes")) == b"\x00\xffbytes"


# ---- writing a file atomically, exactly -------------------------------------------------------------------------


def test_a_file_written_atomically_has_no_bom_unless_asked(tmp_path):
    render.write_atomic(tmp_path / "a.txt", "医改")
    render.write_output(tmp_path / "b.txt", "医改")
    render.write_output(tmp_path / "c.csv", "医改", bom=True)
    render.write_atomic(tmp_path / "d.bin", b"\x00\xffPK")
    assert [(tmp_path / name).read_bytes() for name in ("a.txt", "b.txt", "c.csv", "d.bin")] == [
        "医改".encode(), "医改".encode(), b"\xef\xbb\xbf" + "医改".encode(), b"\x00\xffPK"]


def test_the_temporary_file_lies_beside_the_target_and_is_named_for_the_sweeper(tmp_path, monkeypatch):
    seen = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (seen.append(source), replace(source, target)))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    render.write_atomic(tmp_path / "out" / "a.csv", "x")
    render.write_atomic(render.Path("b.csv"), "y")  # a bare name: the current folder
    assert [os.path.dirname(path) for path in seen] == [str(tmp_path / "out"), str(tmp_path)]
    names = [os.path.basename(path) for path in seen]
    assert all(render.TEMPORARY.match(name) for name in names), names
    assert names[0].startswith(f".a.csv.hrcli-{os.getpid()}-") and names[0].endswith(".tmp")
    assert (tmp_path / "b.csv").read_text() == "y"


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_modes_the_umask_allows(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        render.write_atomic(tmp_path / "new.csv", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == mode


def test_write_errors_name_the_path_and_the_fix(tmp_path, monkeypatch):
    from hrcli.errors import OutputError

    (tmp_path / "notes.txt").write_text("")
    cases = [
        (tmp_path / "notes.txt" / "out.csv",
         f"cannot write {tmp_path}/notes.txt/out.csv: {tmp_path}/notes.txt is a file, not a folder (name a folder, or write beside the file)"),
        (tmp_path / "missing" / "out.csv",
         f"cannot write {tmp_path}/missing/out.csv: folder {tmp_path}/missing does not exist (create the folder first)"),
        (tmp_path, f"cannot write {tmp_path}: it is a folder (name a file)"),
    ]
    for path, message in cases:
        with pytest.raises(OutputError) as caught:
            render.write_atomic(path, "x")
        assert str(caught.value) == message
    denied = OSError(13, "Permission denied")
    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", lambda **options: (_ for _ in ()).throw(denied))
    with pytest.raises(OutputError) as caught:
        render.write_atomic(tmp_path / "a.csv", "x")
    assert str(caught.value) == f"cannot write {tmp_path}/a.csv: Permission denied (choose a folder you can write to)"


def test_a_failed_write_removes_its_temporary_and_says_so(tmp_path, monkeypatch):
    from hrcli.errors import OutputError

    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OutputError) as caught:
        render.write_atomic(tmp_path / "a.csv", "x")
    assert str(caught.value) == f"cannot write {tmp_path}/a.csv: No space left on device (check free space and permissions)"
    assert os.listdir(tmp_path) == []


def test_sigterm_while_writing_removes_the_temporary_then_ends_as_before(tmp_path, monkeypatch):
    import signal

    from hrcli.errors import OutputError

    received = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    monkeypatch.setattr(os, "fsync", lambda fd: os.kill(os.getpid(), signal.SIGTERM))
    try:
        with pytest.raises(OutputError):  # the temporary was removed under the writer: the rename fails
            render.write_atomic(tmp_path / "a.csv", "x")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert received == [signal.SIGTERM] and os.listdir(tmp_path) == []


DEAD = 2**22 + 1  # above Linux's largest pid_max: no process has this id


def temporary_of(folder, pid: int, age: float, name: str = "out.csv"):
    """A temporary file as write_atomic names it, of that process, last written `age` seconds ago."""
    import time

    path = folder / f".{name}.hrcli-{pid}-abcd1234.tmp"
    path.write_text("half")
    os.utime(path, (time.time() - age, time.time() - age))
    return path


def test_the_sweeper_removes_only_stale_temporaries(tmp_path):
    import time

    dead = DEAD
    for k in range(20):
        (tmp_path / f"kept{k}.csv").write_text("")
    stale = temporary_of(tmp_path, dead, 120)
    fresh = temporary_of(tmp_path, dead, 5, "fresh.csv")
    mine = temporary_of(tmp_path, os.getpid(), 3600, "mine.csv")
    ancient = temporary_of(tmp_path, os.getpid(), 2 * 86400, "ancient.csv")
    link = tmp_path / f".link.csv.hrcli-{dead}-abcd1234.tmp"
    link.symlink_to(tmp_path / "gone")
    os.utime(link, (time.time() - 120, time.time() - 120), follow_symlinks=False)
    render.sweep_temporaries(tmp_path)
    assert not stale.exists() and not ancient.exists() and not os.path.lexists(link)
    assert fresh.exists() and mine.exists() and len(list(tmp_path.glob("kept*.csv"))) == 20


def test_writing_a_file_sweeps_its_folder(tmp_path):
    stale = temporary_of(tmp_path, DEAD, 2 * 86400)
    render.write_atomic(tmp_path / "a.csv", "x")
    assert not stale.exists()


def test_html_and_workbooks_written_to_files(tmp_path, notices):
    view = show_view(notices["linfen"])
    render.render(view, Format.xlsx, str(tmp_path / "a.xlsx"))
    assert (tmp_path / "a.xlsx").read_bytes().startswith(b"PK\x03\x04")
    page = render_text(view, Format.html, PIPE)
    assert page.lstrip().lower().startswith("<!doctype html") and notices["linfen"].tasks[0].title in page


def test_compact_widths_give_a_second_spare_column_what_the_first_left():
    two_spare = compact(["id", "text", "why", "note"], [{"id": "1", "text": "x" * 30, "why": "y" * 60, "note": "z" * 60}],
                        ["text"], ["why", "note"])
    # 100 cells after id and its rule: each spare reserves 33; the text takes its 30, the first spare 34 of the
    # 4 left plus its reserve less its rule, the second what remains of its own reserve.
    assert two_spare(105) == [2, 30, 34, 30]
    # A first spare column narrower than its reserve hands nothing on, and takes nothing from the second.
    narrow_first = compact(["id", "text", "why", "note"], [{"id": "1", "text": "x" * 30, "why": "y" * 20, "note": "z" * 60}],
                           ["text"], ["why", "note"])
    assert narrow_first(105) == [2, 30, 20, 44]


def test_shorten_lines_cuts_every_line_and_keeps_the_style_of_the_cut():
    from rich.text import Text

    assert render.shorten_lines("一二三四五\nabcdefgh\nab", 6) == "一二…\nabcde…\nab"
    assert render.shorten_lines("a b c", 6) == "a b c"  # lines are cut at line breaks, never at spaces
    styled = Text("abcdefgh")
    styled.stylize("red", 2, 8)
    cut = render.shorten_lines(Text("\n").join([styled, Text("ab")]), 5)
    assert cut.plain == "abcd…\nab"
    assert [(span.start, span.end, span.style) for span in cut.spans] == [(2, 4, "red"), (4, 5, "red")]
    plain = render.shorten_lines(Text("abcdefgh"), 5)
    assert plain.plain == "abcd…" and plain.spans == []


def test_an_output_error_names_the_path_as_given(tmp_path, monkeypatch):
    from hrcli.errors import OutputError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as caught:
        render.write_output(render.Path("missing/out.csv"), "x")
    assert str(caught.value) == "cannot write missing/out.csv: folder missing does not exist (create the folder first)"


def test_a_coloured_table_shows_its_styles_title_and_folds_long_words():
    view = render.View(columns=["区域", "任务"], rows=[{"区域": "临汾", "任务": "x" * 60}], title="标题", styles={"区域": "red"})
    bold, red, italic, end = "\x1b[1m", "\x1b[31m", "\x1b[3m", "\x1b[0m"
    assert render.render_table(view, Terminal(is_tty=True, color=True, width=40)).splitlines() == [
        f"{italic}标题{' ' * 36}{end}",  # the title on the left
        "┏━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
        f"┃{bold} {end}{bold}区域{end}{bold} {end}┃{bold} {end}{bold}任务{' ' * 25}{end}{bold} {end}┃",  # a bold header
        "┡━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
        f"│{red} {end}{red}临汾{end}{red} {end}│ {'x' * 29} │",  # the column's style
        f"│{red}      {end}│ {'x' * 29} │",  # a word longer than the column folds: nothing is lost
        f"│{red}      {end}│ xx{' ' * 27} │",
        "└──────┴───────────────────────────────┘",
    ]


def test_styled_cells_keep_their_style_and_plain_ones_have_none():
    view = render.View(columns=["a"], rows=[{"a": [render.Styled("p", "green"), "q"]}])
    assert render.render_table(view, Terminal(is_tty=True, color=True, width=40)).splitlines()[3:5] == [
        "│ \x1b[32mp\x1b[0m │", "│ q │"]


def test_every_text_of_a_view_is_made_safe_for_a_terminal():
    bad = "a\x1bb"  # ESC: shown as \x1b
    sheet = render.View(columns=[bad], rows=[])
    view = render.View(columns=[bad], rows=[{bad: [bad, render.Styled(bad, "red")]}], title=bad, styles={bad: "red"},
                       heat=[bad], legend=bad, flexible=[bad], spare=[bad], marked=[bad], name=bad, sheets=[sheet],
                       display=render.View(columns=[bad], rows=[]))
    safe = render.safe_view(view)
    good = "a\\x1bb"
    assert (safe.columns, safe.title, safe.legend, safe.styles, safe.heat, safe.flexible, safe.spare, safe.marked, safe.name) == (
        [good], good, good, {good: "red"}, [good], [good], [good], [good], good)
    assert safe.rows == [{good: [good, render.Styled(good, "red")]}]
    assert safe.sheets[0].columns == [good] and safe.display.columns == [good]
    assert render.safe_view(render.View(columns=[], rows=[])).display is None


def test_cells_as_text():
    assert [render.cell_text(value) for value in (True, False, None, 0.5, 3, ["a", 1.0], render.Styled("s"))] == [
        "yes", "no", "", "0.50", "3", "a; 1.00", "s"]


def test_json_is_indented_by_two_and_keeps_chinese():
    view = render.View(columns=["a"], rows=[{"a": "医改"}])
    assert render.render_json(view) == '[\n  {\n    "a": "医改"\n  }\n]\n'
    assert render.render_json(render.View(columns=[], rows=[], document={"b": 1})) == '{\n  "b": 1\n}\n'


@pytest.mark.parametrize("colors, shades", [
    ("standard", ["", "\x1b[100m", "\x1b[42m", "\x1b[42m", "\x1b[42m"]),  # 16 colours: the greens look alike
    ("256", ["", "\x1b[48;5;237m", "\x1b[48;5;22m", "\x1b[48;5;28m", "\x1b[48;5;40m"]),
])
def test_heat_map_cells_darken_with_their_count_and_read_across(colors, shades):
    from rich.style import Style

    # rich keeps a style's codes for the first colour system it met in the process (parsed and added styles are cached)
    Style.parse.cache_clear()
    Style._add.cache_clear()
    view = render.View(columns=["n", "h"], rows=[{"n": n, "h": [str(k) for k in range(n)]} for n in range(6)], heat=["h"])
    lines = render.render_table(view, Terminal(is_tty=True, color=True, width=60, colors=colors)).splitlines()[3:9]
    for n, line in enumerate(lines):
        shade = shades[min(n, 4)]
        cell = ", ".join(str(k) for k in range(n))
        assert (f"{shade}{cell}" if shade else cell) in line, (n, line)


def test_word_diff_columns_are_coloured_also_when_a_cell_is_a_list():
    end = "\x1b[0m"
    marked = render.View(columns=["a"], rows=[{"a": ["保留[-删去-]", "{+新增+}"]}], marked=["a"])
    lines = render.render_table(marked, Terminal(is_tty=True, color=True, width=40)).splitlines()
    assert lines[3] == f"│ 保留\x1b[9;31m删去{end} │" and lines[4] == f"│ \x1b[32m新增{end}     │"
    plain = render.render_table(marked, Terminal(is_tty=True, color=False, width=40)).splitlines()
    assert plain[3] == "│ 保留[-删去-] │"  # without colour the marks stay, as git diff --word-diff writes them


def test_an_unknown_extension_names_every_known_one():
    with pytest.raises(UsageError) as caught:
        choose_format(None, "diff.docx", PIPE)
    assert str(caught.value) == ("cannot tell the format of diff.docx from its extension (add --format, or use one of "
                                 ".csv .htm .html .json .jsonl .markdown .md .ndjson .tab .tsv .txt .xlsx .yaml .yml)")
    assert choose_format(None, "-", Terminal(is_tty=True, color=False, width=80)) is Format.table


def test_render_text_is_each_formats_renderer_on_the_safe_view():
    view = render.View(columns=["a"], rows=[{"a": "x\x1by"}], title="t")
    safe = render.safe_view(view)
    makers = {Format.csv: render.render_csv, Format.tsv: render.render_tsv, Format.markdown: render.render_markdown}
    for fmt, make in makers.items():
        assert render_text(view, fmt, PIPE) == make(safe), fmt
    for fmt, make in {Format.json: render.render_json, Format.jsonl: render.render_jsonl, Format.yaml: render.render_yaml}.items():
        assert render_text(view, fmt, PIPE) == make(view), fmt  # escaped in their own syntax
    assert render_text(view, Format.table, PIPE) == render.render_table(safe, PIPE)
    shown = render.View(columns=["b"], rows=[{"b": "compact"}])
    assert "compact" in render_text(render.View(columns=["a"], rows=[{"a": "full"}], display=shown), Format.table, PIPE)
    with pytest.raises(ValueError) as caught:
        render_text(view, Format.xlsx, PIPE)
    assert str(caught.value) == "render_text makes text; a workbook is bytes: use render() or output.xlsx.render_xlsx"


def test_render_writes_files_at_the_file_width_and_stdout_as_the_terminal_says(tmp_path, monkeypatch):
    view = render.View(columns=["a"], rows=[{"a": "词" * 200}])
    render.render(view, Format.table, str(tmp_path / "t.txt"), Terminal(is_tty=True, color=True, width=40))
    lines = (tmp_path / "t.txt").read_text(encoding="utf-8").splitlines()
    assert max(map(len, lines)) == 160 and "\x1b" not in "".join(lines)  # the rules are 160 cells wide, no colour
    render.render(view, Format.csv, str(tmp_path / "t.csv"))
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setattr(sys, "stdout", FakeStdout("utf-8"))
    render.render(view, Format.tsv, "-", PIPE)
    assert sys.stdout.buffer.getvalue() == render_text(view, Format.tsv, PIPE).encode()
    shown = []
    monkeypatch.setattr(render, "_page", lambda text, terminal, warn: shown.append(text) or True)
    render.render(view, Format.tsv, None, Terminal(is_tty=True, color=False, width=40, pager="less"))
    render.render(view, Format.tsv, None, Terminal(is_tty=True, color=False, width=40))  # no pager: printed
    render.render(view, Format.tsv, None, PIPE)  # a pipe is never paged
    assert len(shown) == 1


class Trickle(io.RawIOBase):
    """A byte stream that takes at most three bytes a write (an unbuffered standard output may take part)."""

    def __init__(self):
        self.taken = b""

    def write(self, data):
        self.taken += bytes(data[:3])
        return min(3, len(data))


def test_every_byte_is_written_to_a_stream_that_takes_a_few_at_a_time():
    stream = Trickle()
    render._write_all(stream, "医改 DRG".encode())
    assert stream.taken == "医改 DRG".encode()

    class Full(io.RawIOBase):
        def write(self, data):
            return 0

    with pytest.raises(BlockingIOError):
        render._write_all(Full(), b"x")


def test_the_legend_is_dim_and_nothing_is_highlighted():
    view = render.View(columns=["分数"], rows=[{"分数": "0.50 种 2022年 http://a.cn True"}], legend="分数 0.50 以上为相同")
    lines = render.render_table(view, Terminal(is_tty=True, color=True, width=60)).splitlines()
    assert lines[3] == "│ 0.50 种 2022年 http://a.cn True │"  # numbers, links and words as written: no colours
    assert lines[-1] == "\x1b[2m分数 0.50 以上为相同\x1b[0m"
    assert render.render_table(view, Terminal(is_tty=True, color=False, width=60)).splitlines()[-1].startswith("└")


def test_heat_map_cells_only_in_heat_columns_and_marks_in_strings():
    view = render.View(columns=["h", "l", "m"], rows=[{"h": ["a", "b"], "l": ["c", "d"], "m": "x[-y-]"}], heat=["h"], marked=["m"])
    lines = render.render_table(view, Terminal(is_tty=True, color=True, width=60)).splitlines()
    assert "a, b" in lines[3] and "│ c " in lines[3] and "│ d " in lines[4]  # another list column stacks its items
    assert "x\x1b[9;31my\x1b[0m" in lines[3]


def test_defuse_formula_looks_past_quotes_only():
    assert render.defuse_formula("X=1") == "X=1" and render.defuse_formula("''=1") == "'''=1"


def test_a_closed_standard_output_is_an_output_error(monkeypatch):
    from hrcli.errors import OutputError

    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(OutputError) as caught:
        render.render(render.View(columns=["a"], rows=[]), Format.tsv, None, PIPE)
    assert str(caught.value) == ("cannot write to standard output: Bad file descriptor "
                                 "(give hrcli an output it can write to, or use -o FILE)")


class TextOnly(io.StringIO):
    """A standard output with no byte layer (an IDE's console), that may fail."""

    def __init__(self, error=None):
        super().__init__()
        self.error = error

    def write(self, text):
        if self.error:
            raise self.error
        return super().write(text)


def test_a_stream_without_bytes_gets_the_text_or_an_output_error(monkeypatch):
    from hrcli.errors import OutputError

    view = render.View(columns=["a"], rows=[{"a": "医改"}])
    monkeypatch.setattr(sys, "stdout", TextOnly())
    render.render(view, Format.tsv, None, PIPE)
    assert sys.stdout.getvalue() == "a\n医改\n"
    monkeypatch.setattr(sys, "stdout", TextOnly(OSError(28, "No space left on device")))
    with pytest.raises(OutputError, match=r"^cannot write to standard output: No space left on device"):
        render.render(view, Format.tsv, None, PIPE)
    monkeypatch.setattr(sys, "stdout", TextOnly(BrokenPipeError(32, "Broken pipe")))
    with pytest.raises(BrokenPipeError):
        render.render(view, Format.tsv, None, PIPE)


class FailingBytes(FakeStdout):
    """A standard output whose byte layer refuses every write."""

    def __init__(self, error):
        super().__init__("utf-8")
        self.buffer = self
        self.error = error

    def write(self, data):
        raise self.error


def test_a_failed_byte_write_is_an_output_error_naming_the_cause(monkeypatch):
    from hrcli.errors import OutputError

    monkeypatch.setattr(sys, "stdout", FailingBytes(OSError(27, "File too large")))
    with pytest.raises(OutputError) as caught:
        render.render(render.View(columns=["a"], rows=[]), Format.tsv, None, PIPE)
    assert str(caught.value) == "cannot write to standard output: File too large (check the free space where the output goes, or write it elsewhere)"


def test_a_stream_without_an_encoding_gets_utf8(monkeypatch):
    stream = FakeStdout(None)
    monkeypatch.setattr(sys, "stdout", stream)
    render.render(render.View(columns=["a"], rows=[{"a": "医改"}]), Format.tsv, None, PIPE)
    assert stream.buffer.getvalue() == "a\n医改\n".encode()


class BufferOnly:
    """A standard output with a byte layer but no encoding attribute."""

    def __init__(self):
        self.buffer = io.BytesIO()

    def flush(self):
        pass


def test_a_byte_stream_without_an_encoding_attribute_gets_utf8(monkeypatch):
    stream = BufferOnly()
    monkeypatch.setattr(sys, "stdout", stream)
    render.render(render.View(columns=["a"], rows=[{"a": "医改"}]), Format.tsv, None, PIPE)
    assert stream.buffer.getvalue() == "a\n医改\n".encode()


def test_a_stream_that_takes_nothing_is_an_output_error_saying_so(monkeypatch):
    from hrcli.errors import OutputError

    class Stuck(FakeStdout):
        def __init__(self):
            super().__init__("utf-8")
            self.buffer = self

        def write(self, data):
            return 0

    monkeypatch.setattr(sys, "stdout", Stuck())
    with pytest.raises(OutputError) as caught:
        render.render(render.View(columns=["a"], rows=[]), Format.tsv, None, PIPE)
    assert str(caught.value) == ("cannot write to standard output: Resource temporarily unavailable "
                                 "(give hrcli an output it can write to, or use -o FILE)")


def test_a_table_without_a_known_width_is_80_cells_wide():
    view = render.View(columns=["a"], rows=[{"a": "x" * 200}])
    assert max(len(line) for line in render.render_table(view, PIPE).splitlines()) == 80
