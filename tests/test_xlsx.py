"""-o report.xlsx: every listing command writes a workbook; read back with openpyxl."""

from __future__ import annotations

import json

import pytest

from hrcli.errors import UsageError
from hrcli.output import render
from hrcli.output.render import Format, Terminal, View
from hrcli.output.xlsx import render_xlsx, text_width
from tests.conftest import one_error_line, read_corpus, run_cli, shared

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl (the test extra) reads the workbooks back")


def workbook(path, rich_text: bool = False):
    return openpyxl.load_workbook(path, rich_text=rich_text)


def header(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


@pytest.fixture(scope=shared("module"))
def compare_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    result = run_cli(["compare", "linfen", "qinghai", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_compare_writes_one_sheet_per_view(compare_book):
    book = workbook(compare_book)
    assert book.sheetnames == ["compare", "targets", "departments", "topics"]
    expected = json.loads(run_cli(["compare", "linfen", "qinghai", "--format", "json"]).stdout)["rows"]
    sheet = book["compare"]
    assert header(sheet)[:4] == ["status", "score", "label", "why"]
    assert sheet.max_row == len(expected) + 1
    first = dict(zip(header(sheet), [cell.value for cell in sheet[2]]))
    assert first["score"] == pytest.approx(expected[0]["score"])  # a number, not text
    assert first["linfen_title"] == expected[0]["tasks"]["linfen"][0]["title"]
    assert first["linfen_task"] == expected[0]["tasks"]["linfen"][0]["label"]
    split = next(row for row in expected if len(row["tasks"]["qinghai"]) > 1)
    cells = {dict(zip(header(sheet), [c.value for c in line]))["why"]: dict(zip(header(sheet), [c.value for c in line]))
             for line in sheet.iter_rows(min_row=2)}
    assert cells[split["why"]]["qinghai_task"] == "\n".join(t["label"] for t in split["tasks"]["qinghai"])  # one a line
    targets = book["targets"]
    assert header(targets) == run_cli(["targets", "linfen", "qinghai", "--format", "tsv"]).stdout.splitlines()[0].split("\t")
    assert "达到400种以上" in [cell.value for column in targets.iter_cols() for cell in column]
    topics = book["topics"]
    assert header(topics) == ["topic", "zh", "en", "linfen", "qinghai"]


def test_every_sheet_has_a_frozen_filtered_header_wrapped_text_and_fitted_widths(compare_book):
    book = workbook(compare_book)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])
        assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=2, max_row=4) for cell in row)
    sheet = book["compare"]
    columns = header(sheet)
    title = columns.index("linfen_title") + 1
    letter = openpyxl.utils.get_column_letter(title)
    longest = max(text_width(str(sheet.cell(row, title).value or "")) for row in range(2, sheet.max_row + 1))
    # Wide enough for the longest title counting a Chinese character as two, up to the cap where text wraps.
    assert sheet.column_dimensions[letter].width >= min(longest, 60)
    assert sheet.column_dimensions[letter].width <= 62 + 1
    status = openpyxl.utils.get_column_letter(columns.index("status") + 1)
    assert sheet.column_dimensions[status].width < 20


def test_labels_are_coloured_by_what_they_mean(compare_book):
    sheet = workbook(compare_book)["compare"]
    label = header(sheet).index("label")
    fills = {}
    for row in sheet.iter_rows(min_row=2):
        if row[label].value:
            fills.setdefault(row[label].value, row[label].fill.fgColor.rgb)
    assert fills["same measure"].endswith("D9F2D9")
    assert fills["related"].endswith("FFF6C2")
    assert fills["same measure, different lead"].endswith("FFE2B8")
    status = header(sheet).index("status")
    only = next(row[status] for row in sheet.iter_rows(min_row=2) if str(row[status].value).startswith("only_"))
    assert only.fill.fgColor.rgb.endswith("E8E8E8")


def test_the_coverage_map_is_a_heat_map(compare_book):
    sheet = workbook(compare_book)["topics"]
    linfen = header(sheet).index("linfen")
    shades = {len(str(row[linfen].value or "").split(", ")) if row[linfen].value else 0: row[linfen].fill.fgColor.rgb
              for row in sheet.iter_rows(min_row=2)}
    assert shades[1] != shades[2] and shades[1].endswith("E3F1E3")


@pytest.mark.parametrize("command", [["list"], ["show", "sixian"], ["targets", "linfen", "qinghai"], ["topics"],
                                     ["departments", "linfen", "qinghai"], ["departments", "--dept", "医保局"],
                                     ["eval", "tests/data/gold/linfen__qinghai.tsv"]])
def test_every_listing_command_writes_a_workbook(tmp_path, command):
    path = tmp_path / "out.xlsx"
    result = run_cli([*command, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    tsv = run_cli([*command, "--format", "tsv"]).stdout.splitlines()
    sheet = workbook(path).active
    assert sheet.title == command[0]
    assert header(sheet) == tsv[0].split("\t")
    assert sheet.max_row == len(tsv)


def test_formula_like_text_from_a_notice_stays_text(tmp_path):
    notice = tmp_path / "draft.txt"
    text = read_corpus("linfen").replace("(十八)协同推进相关领域改革", "(十八)=HYPERLINK(\"http://x\",\"点击\")协同推进相关领域改革", 1)
    notice.write_text(text.replace("(十七)实施中医药强市工程", "(十七)@SUM(1+1)实施中医药强市工程", 1), encoding="utf-8")
    path = tmp_path / "show.xlsx"
    assert run_cli(["show", str(notice), "-o", str(path)]).exit_code == 0
    cells = {cell.value: cell for row in workbook(path).active.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)}
    titles = [value for value in cells if "HYPERLINK" in value or "SUM" in value]
    assert sorted(titles) == ["'=HYPERLINK(\"http://x\",\"点击\")协同推进相关领域改革", "'@SUM(1+1)实施中医药强市工程"]
    assert all(cells[title].data_type == "s" for title in titles)


def test_diff_marks_become_red_and_green_runs(tmp_path):
    notice = tmp_path / "new.txt"
    notice.write_text(read_corpus("linfen").replace("达到400种以上", "达到450种以上"), encoding="utf-8")
    path = tmp_path / "diff.xlsx"
    assert run_cli(["diff", "linfen", str(notice), "-o", str(path)]).exit_code == 0
    sheet = workbook(path, rich_text=True).active
    detail = sheet.cell(2, header(sheet).index("detail") + 1).value
    blocks = {str(block.text): block.font for block in detail if hasattr(block, "font")}
    assert blocks["400"].strike and blocks["400"].color.rgb.endswith("B00020")
    assert blocks["450"].color.rgb.endswith("1B7F2A")
    assert "[-" not in str(detail)


def test_a_workbook_is_written_atomically_and_never_onto_a_terminal(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"old")
    view = View(["a"], [{"a": "x"}], name="a")
    render.render(view, Format.xlsx, str(path))
    assert path.read_bytes()[:2] == b"PK" and list(tmp_path.iterdir()) == [path]
    with pytest.raises(UsageError):
        render.render(view, Format.xlsx, None, Terminal(is_tty=True, color=True, width=80))
    result = run_cli(["list", "-o", str(tmp_path / "missing" / "x.xlsx")])
    assert result.exit_code == 5 and "does not exist" in one_error_line(result)


def test_a_single_number_in_a_list_is_written_as_a_number():
    import io

    view = View(["tasks", "heat"], [{"tasks": [7], "heat": [7]}, {"tasks": [7, 9], "heat": [7, 9]}], heat=["heat"])
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(view))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [[7, "7"], ["7\n9", "7, 9"]]


def test_sheet_names_are_what_excel_accepts():
    parts = [View(["a"], [], name="a/b:c*d?[e]"), View(["a"], [], name="a/b:c*d?[e]"), View(["a"], [], name="x" * 40)]
    first, *rest = parts
    first.sheets = rest
    import io

    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(first)))
    assert book.sheetnames == ["a b c d  e", "a b c d  e 2", "x" * 31]
