"""Every bad input gets one clear line on stderr and its exit code, never a traceback.

Files (empty, binary, broken encodings, web pages, traditional characters, 50 MB), the command
line (unknown names, formats, output paths) and the error boundary itself (--debug, closed pipes).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hrcli.errors import ExitStatus
from hrcli.parse.notice import parse_notice
from hrcli.read.documents import HTML_IN_TEXT_WARNING
from hrcli.read.textio import TRADITIONAL_WARNING, decode_notice

from .conftest import ROOT, one_error_line, read_corpus
from .test_config import add_key, drop_key
from .test_textio import corrupt_gb18030, html_page, traditional


def parsed(cli, path: Path, *options: str) -> dict:
    """`hrcli parse FILE` as JSON, checked to have succeeded."""
    result = cli([*options, "parse", str(path)])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def tasks_of(document: dict) -> list[tuple]:
    return [(t["label"], t["title"], t["note"], [d["name"] for d in t["departments"]]) for t in document["tasks"]]


@pytest.fixture
def linfen_tasks(cli, tmp_path):
    """Linfen's tasks as `hrcli parse` gives them for the UTF-8 file."""
    path = tmp_path / "linfen.txt"
    path.write_text(read_corpus("linfen"), encoding="utf-8")
    return tasks_of(parsed(cli, path))


# ---- files that are not a notice ------------------------------------------------------------
@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\n\t \r\n", "holds only whitespace"),
    # A PDF or image renamed to .txt is read as what it is: here a PDF cut short, and an image.
    ("notice.txt", b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<</Type/Catalog>>", "cannot be read as a PDF"),
    ("notice.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "is a PNG image, not a document with text"),
    ("notice.txt", random.Random(3).randbytes(3000).replace(b"\x00", b"") + b"\x00\x01\x02\x00" * 50,
     "looks like a binary file, not text"),
])
def test_a_file_that_is_not_text_is_an_input_error(cli, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli(["show", str(path)])
    assert result.exit_code == ExitStatus.INPUT == 3
    assert one_error_line(result).startswith(f"hrcli: error: {path} {message}")
    assert result.stdout == ""


def test_empty_standard_input_is_an_input_error(cli):
    result = cli(["show", "-"], input=b"")
    assert result.exit_code == 3
    assert one_error_line(result).startswith("hrcli: error: - is empty")


def feed(target: str | int, data: bytes) -> threading.Thread:
    """Write data into a FIFO (a path) or a pipe (its write end), then close it, from another thread."""
    def write() -> None:
        with open(target, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_a_pipe_path_is_read_like_a_file(cli):
    # `hrcli show <(cat corpus/linfen.txt)` names a pipe such as /dev/fd/63.
    read_end, write_end = os.pipe()
    writer = feed(write_end, read_corpus("linfen").encode("utf-8"))
    try:
        result = cli(["show", f"/dev/fd/{read_end}", "-f", "json"])
    finally:
        writer.join(timeout=10)
        os.close(read_end)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["tasks"]) == len(parse_notice(read_corpus("linfen"), "linfen").tasks)


def test_a_named_pipe_is_read_like_a_file(cli, tmp_path):
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    writer = feed(str(fifo), read_corpus("qinghai").encode("utf-8"))
    result = cli(["compare", str(fifo), "linfen", "-f", "json"])
    writer.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["regions"] == ["draft", "linfen"]


def test_show_jsonl_is_the_json_tasks_one_per_line_with_their_region(cli):
    document = json.loads(cli(["show", "linfen", "-f", "json"]).stdout)
    lines = cli(["show", "linfen", "-f", "jsonl"]).stdout.splitlines()
    assert [json.loads(line) for line in lines] == [{"region": "linfen", **task} for task in document["tasks"]]


def a_corpus(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_list_skips_a_notice_that_cannot_be_read(cli, tmp_path):
    folder = a_corpus(tmp_path / "notices", {
        "linfen.txt": read_corpus("linfen").encode("utf-8"), "empty.txt": b"",
        "letter.txt": "各县(市、区)人民政府:\n现将有关事项通知如下。\n".encode(),
        "qinghai.txt": read_corpus("qinghai").encode("utf-8"),
    })
    result = cli(["--corpus", str(folder), "list", "-f", "tsv"])
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[1:]] == ["linfen", "qinghai"]
    assert result.stderr.splitlines() == [
        f"hrcli: warning: empty: skipped: {folder / 'empty.txt'} is empty (give a file that holds the text of a notice)",
        (f"hrcli: warning: letter: skipped: no numbered tasks found in {folder / 'letter.txt'} "
         "(a notice numbers its tasks (一)、(二)… or 1. 2.; is this the right file?)"),
    ]
    assert cli(["--quiet", "--corpus", str(folder), "list"]).stderr == ""
    # The corpus-wide views skip them the same way.
    for command, column in (("topics", "{}"), ("departments", "{}_lead")):
        result = cli(["--corpus", str(folder), command, "-f", "json"])
        assert result.exit_code == 0, result.stderr
        assert "hrcli: warning: empty: skipped:" in result.stderr
        row = json.loads(result.stdout)[0]
        assert column.format("linfen") in row and column.format("qinghai") in row and column.format("empty") not in row


def test_list_of_a_corpus_without_one_readable_notice_is_an_input_error(cli, tmp_path):
    folder = a_corpus(tmp_path / "notices", {"a.txt": b"", "b.txt": b"%PDF-1.4\n"})
    result = cli(["--corpus", str(folder), "list"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"hrcli: warning: a: skipped: {folder / 'a.txt'} is empty (give a file that holds the text of a notice)",
        f"hrcli: error: {folder / 'b.txt'} cannot be read as a PDF (PDFSyntaxError) (open it in a PDF reader and save it again)",
    ]


def test_a_text_without_numbered_tasks_is_a_parse_error(cli, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("各县(市、区)人民政府:\n现将有关事项通知如下,请认真贯彻落实。\n临汾市人民政府办公室\n2022年12月6日\n", encoding="utf-8")
    result = cli(["show", str(path)])
    assert result.exit_code == 3
    assert one_error_line(result).startswith(f"hrcli: error: no numbered tasks found in {path}")


# ---- encodings and line endings: the same tasks ---------------------------------------------
@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8 with BOM"),
    pytest.param(lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), id="utf-16-le with BOM"),
    pytest.param(lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), id="utf-16-be with BOM"),
    pytest.param(lambda text: text.encode("gb18030"), id="gb18030"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="CRLF"),
    pytest.param(lambda text: text.replace("\n", "\r").encode("utf-8"), id="old Mac CR"),
])
def test_encodings_and_line_endings_give_the_same_tasks(cli, tmp_path, linfen_tasks, encode):
    path = tmp_path / "linfen.txt"
    path.write_bytes(encode(read_corpus("linfen")))
    assert tasks_of(parsed(cli, path)) == linfen_tasks


def test_gb18030_with_invalid_bytes_keeps_every_task(cli, tmp_path, linfen_tasks):
    path = tmp_path / "linfen.txt"
    path.write_bytes(corrupt_gb18030(read_corpus("linfen")))
    document = parsed(cli, path)
    assert [task[0] for task in tasks_of(document)] == [task[0] for task in linfen_tasks]
    assert any("\ufffd" in task["text"] for task in document["tasks"])


def test_crlf_spans_point_into_the_crlf_text(tmp_path):
    text = read_corpus("qinghai").replace("\n", "\r\n")
    for task in parse_notice(text, "qinghai").tasks:
        assert text[task.span[0]:].translate({0xFF08: "(", 0xFF09: ")"}).startswith(task.label)


# ---- saved web page ---------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_saved_web_page_is_read_and_a_page_in_a_text_file_warned_of(cli, tmp_path, linfen_tasks, suffix):
    path = tmp_path / f"linfen{suffix}"
    path.write_text(html_page(read_corpus("linfen")), encoding="utf-8")
    result = cli(["parse", str(path)])
    assert result.exit_code == 0
    assert tasks_of(json.loads(result.stdout)) == linfen_tasks
    warned = f"hrcli: warning: linfen: {HTML_IN_TEXT_WARNING}" in result.stderr.splitlines()
    assert warned == (suffix == ".txt")


# ---- traditional characters -------------------------------------------------------------------
def test_a_traditional_notice_is_converted_with_a_warning(cli, tmp_path, linfen_tasks):
    path = tmp_path / "linfen.txt"
    path.write_text(traditional(read_corpus("linfen")), encoding="utf-8")
    result = cli(["parse", str(path)])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert tasks_of(document) == linfen_tasks
    assert document["tasks"][0]["departments"][0]["name"] == "市发展改革委"
    assert f"hrcli: warning: linfen: {TRADITIONAL_WARNING}" in result.stderr.splitlines()


# ---- notes and numbering ------------------------------------------------------------------------
def without_notes(text: str) -> str:
    """The notice with every responsibility note cut out (at the spans the parser found)."""
    spans = sorted((task.note_span for task in parse_notice(text, "x").tasks if task.note_span), reverse=True)
    for start, end in spans:
        text = text[:start] + text[end:]
    return text


@pytest.mark.parametrize("slug", ["linfen", "qinghai", "nanchang"])
def test_a_notice_without_notes_keeps_its_tasks_with_empty_departments(cli, tmp_path, slug):
    path = tmp_path / f"{slug}.txt"
    text = without_notes(read_corpus(slug))
    assert "负责)" not in text and "负责）" not in text
    path.write_text(text, encoding="utf-8")
    result = cli(["parse", str(path)])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [t["label"] for t in document["tasks"]] == [t.label for t in parse_notice(read_corpus(slug), slug).tasks]
    assert all(t["departments"] == [] and t["lead"] is None for t in document["tasks"])
    assert "no responsibility notes found: departments are empty" in document["warnings"]
    assert f"hrcli: warning: {slug}: no responsibility notes found" in result.stderr


def test_a_section_without_notes_among_noted_ones_is_named_in_a_warning():
    # Linfen with the notes of every section but 三、 cut out: 一、 (numbered from (一)) reads as a summary;
    # 二、 and 四、 number on from the tasks before them, so they stay tasks, without departments.
    text = read_corpus("linfen")
    notice = parse_notice(text, "linfen")
    for task in sorted(notice.tasks, key=lambda t: t.span, reverse=True):
        if task.section != 3:
            text = text[:task.note_span[0]] + text[task.note_span[1]:]
    partial = parse_notice(text, "linfen")
    assert [t.label for t in partial.tasks] == [t.label for t in notice.tasks if t.section != 1]
    assert [w.split(" was read")[0] for w in partial.warnings if "read as a summary" in w] == ["section 一、"]
    assert [w.split(" gives")[0] for w in partial.warnings if "gives no responsibility notes" in w] == [
        "section 二、", "section 四、"]


def test_numbering_that_skips_or_repeats_is_named(cli, tmp_path):
    text = read_corpus("linfen")
    skipped = text.replace("(二)提升市级医院带动能力", "(四)提升市级医院带动能力", 1)
    assert skipped != text
    path = tmp_path / "linfen.txt"
    path.write_text(skipped, encoding="utf-8")
    result = cli(["show", str(path)])
    assert result.exit_code == 0
    assert "hrcli: warning: linfen: task numbering skips: (四) follows (一)" in result.stderr.splitlines()
    assert "hrcli: warning: linfen: task numbering repeats: (三) follows (四)" in result.stderr.splitlines()


def task_block(slug: str) -> tuple[str, str, str, int]:
    """A real notice cut into (text before the tasks, the task paragraphs, closing text, number of tasks)."""
    text = read_corpus(slug)
    notice = parse_notice(text, slug)
    first, last = notice.tasks[0].span[0], notice.tasks[-1].span[1]
    return text[:first], text[first:last] + "\n", text[last:], len(notice.tasks)


def repeated_tasks(slug: str, repeats: int) -> tuple[str, int]:
    """A real notice whose task paragraphs are repeated `repeats` times, and its number of tasks."""
    head, tasks, tail, count = task_block(slug)
    return head + tasks * repeats + tail, count


def test_many_numbering_repeats_give_a_few_warnings():
    text, count = repeated_tasks("linfen", 12)  # (一) follows (十八) eleven times
    notice = parse_notice(text, "linfen")
    assert len(notice.tasks) == 12 * count
    assert [w for w in notice.warnings if w.startswith("task numbering")] == [
        "task numbering repeats: (一) follows (十八)"] * 5 + ["task numbering: 6 more gaps or repeats"]


# ---- a 50 MB file ---------------------------------------------------------------------------------
def test_a_50_mb_notice_parses(tmp_path):
    repeats = 50_000_000 // len(task_block("linfen")[1].encode("utf-8")) + 1
    text, count = repeated_tasks("linfen", repeats)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    del text
    data = path.read_bytes()
    assert len(data) >= 50_000_000
    big = parse_notice(decode_notice(data, str(path))[0], "big")
    assert len(big.tasks) == repeats * count
    assert big.tasks[-1].title == parse_notice(read_corpus("linfen"), "linfen").tasks[-1].title
    assert len(big.warnings) == 6  # five repeats named, the rest counted


def test_an_endless_stream_is_refused_not_read_forever(cli, monkeypatch, tmp_path):
    import hrcli.corpus

    monkeypatch.setattr(hrcli.corpus, "MAX_NOTICE_BYTES", 2**20)  # the real cap is 256 MB
    result = cli(["show", "/dev/zero"])
    assert result.exit_code == ExitStatus.INPUT
    assert one_error_line(result) == (
        "hrcli: error: /dev/zero: larger than 1 MB, too large for a notice (give the file of one notice; "
        "a corpus of many notices goes in a folder (--corpus DIR))"
    )
    result = cli(["show", "-"], input=b"\n" * (2**20 + 1))
    assert result.exit_code == ExitStatus.INPUT and "-: larger than 1 MB" in result.stderr
    exact = tmp_path / "exact.txt"
    exact.write_bytes(read_corpus("linfen").encode("utf-8").ljust(2**20, b"\n"))
    assert cli(["show", str(exact)]).exit_code == 0  # the cap itself is still read


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_537, 300_000, 2**20 - 1, 2**20, 2**20 + 1, 3 * 2**20])
@pytest.mark.parametrize("kind", ["file", "stream", "short reads"])
def test_a_notice_is_read_whole_up_to_the_cap_whatever_its_size_says(monkeypatch, tmp_path, size, kind):
    """A file is read by its size, a stream without one (a pipe) in growing pieces: every byte up to the cap, the same
    bytes in the same order, and one byte over it refused. A raw stream may return fewer bytes than asked: 1 + 1023 x
    1025 of them make the cap exactly, with one still to come."""
    import io

    class Short(io.RawIOBase):
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def read(self, size=-1):
            return self.data.read(min(size, 1023) if size >= 0 else 1023)

    import hrcli.corpus
    from hrcli.errors import InputError

    monkeypatch.setattr(hrcli.corpus, "MAX_NOTICE_BYTES", 2**20)
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    path = tmp_path / "notice.txt"
    path.write_bytes(data)
    streams = {"file": lambda: open(path, "rb"), "stream": lambda: io.BufferedReader(io.BytesIO(data)),  # noqa: SIM115
               "short reads": lambda: Short(data)}
    stream = streams[kind]()
    with stream:
        if size > 2**20:
            with pytest.raises(InputError, match="larger than 1 MB"):
                hrcli.corpus._read_capped(stream, "notice.txt")
        else:
            assert hrcli.corpus._read_capped(stream, "notice.txt") == data


# ---- the command line ----------------------------------------------------------------------------
def test_an_unknown_region_suggests_the_nearest(cli):
    result = cli(["show", "linfne"])
    assert result.exit_code == ExitStatus.USAGE == 2
    assert "unknown region: linfne (did you mean linfen?" in one_error_line(result)


def test_a_missing_file_is_named(cli, tmp_path):
    result = cli(["show", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 2
    assert f"no such file: {tmp_path / 'nowhere.txt'}" in one_error_line(result)


def test_a_folder_is_not_a_notice(cli, tmp_path):
    result = cli(["show", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder, not a notice file" in one_error_line(result)


def test_the_same_region_twice_is_a_usage_error(cli):
    result = cli(["compare", "linfen", "linfen"])
    assert result.exit_code == 2
    assert "region linfen is named twice" in one_error_line(result)


@pytest.mark.parametrize("command", ["compare", "targets", "topics", "departments"])
def test_the_same_notice_under_two_names_is_a_usage_error(cli, command):
    path = ROOT / "corpus" / "linfen.txt"
    result = cli([command, "linfen", str(path)])
    assert result.exit_code == 2
    assert one_error_line(result) == f"hrcli: error: linfen and {path} are the same notice (name each notice once)"


def test_two_copies_of_one_notice_are_the_same_notice(cli, tmp_path):
    (tmp_path / "a.txt").write_text(read_corpus("linfen"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(read_corpus("linfen").encode("gb18030"))  # the same text, saved otherwise
    result = cli(["compare", "qinghai", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.txt'} and {tmp_path / 'b.txt'} are the same notice" in one_error_line(result)


def test_two_files_with_the_same_name_are_told_apart(cli, tmp_path):
    (tmp_path / "linfen.txt").write_text(read_corpus("qinghai"), encoding="utf-8")
    result = cli(["compare", "linfen", str(tmp_path / "linfen.txt"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["regions"] == ["linfen", "linfen-2"]
    assert any(row["tasks"]["linfen"] and row["tasks"]["linfen-2"] for row in document["rows"])
    assert {task["id"].rsplit("-", 1)[0] for row in document["rows"] for task in row["tasks"]["linfen-2"]} == {"linfen-2"}
    warning = f"hrcli: warning: {tmp_path / 'linfen.txt'} is shown as linfen-2 (linfen names another notice here)"
    assert warning in result.stderr.splitlines()


def test_files_of_one_name_in_two_folders_get_distinct_slugs(cli, tmp_path):
    for folder, slug in (("a", "linfen"), ("b", "qinghai"), ("c", "sixian")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notice.txt").write_text(read_corpus(slug), encoding="utf-8")
    (tmp_path / "notice-2.txt").write_text(read_corpus("nanchang"), encoding="utf-8")  # the first free suffix is -3
    paths = [str(tmp_path / folder / "notice.txt") for folder in "abc"] + [str(tmp_path / "notice-2.txt")]
    result = cli(["-q", "topics", *paths, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert list(json.loads(result.stdout)[0])[-4:] == ["notice", "notice-3", "notice-4", "notice-2"]


def test_an_unknown_format_is_a_usage_error(cli):
    result = cli(["show", "linfen", "--format", "xml"])
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "'xml' is not one of" in line and "--format" in line


def test_an_output_extension_without_a_format_is_a_usage_error(cli, tmp_path):
    result = cli(["show", "linfen", "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "cannot tell the format of" in one_error_line(result)
    assert not (tmp_path / "out.docx").exists()


def test_output_into_a_missing_folder_is_an_output_error(cli, tmp_path):
    target = tmp_path / "missing" / "out.csv"
    result = cli(["show", "linfen", "-o", str(target)])
    assert result.exit_code == ExitStatus.OUTPUT == 5
    assert f"cannot write {target}" in one_error_line(result)
    assert not target.parent.exists()


def test_output_below_a_regular_file_is_an_output_error(cli, tmp_path):
    # Also the read-only case when running as root, who may write into read-only folders.
    (tmp_path / "file.txt").write_text("not a folder", encoding="utf-8")
    for target in (tmp_path / "file.txt" / "out.csv", tmp_path / "file.txt" / "sub" / "out.csv"):
        result = cli(["show", "linfen", "-o", str(target)])
        assert result.exit_code == 5
        assert one_error_line(result) == (f"hrcli: error: cannot write {target}: {tmp_path / 'file.txt'} is a file, "
                                          "not a folder (name a folder, or write beside the file)")
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_output_into_a_read_only_folder_is_an_output_error(cli, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = cli(["show", "linfen", "-o", str(folder / "out.csv")])
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 5
    assert f"cannot write {folder / 'out.csv'}" in one_error_line(result)
    assert list(folder.iterdir()) == []


def test_output_onto_an_existing_file_replaces_it(cli, tmp_path):
    target = tmp_path / "tasks.csv"
    target.write_text("old content\n", encoding="utf-8")
    result = cli(["show", "linfen", "-o", str(target)])
    assert result.exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,number,label")  # one BOM, then the header
    assert "old content" not in data.decode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.csv"]


def test_a_render_that_fails_leaves_the_old_file_whole(cli, tmp_path, monkeypatch):
    from hrcli.output import render

    def broken(view):
        raise RuntimeError("renderer broke half way")

    target = tmp_path / "tasks.csv"
    target.write_text("old content\n", encoding="utf-8")
    monkeypatch.setattr(render, "render_csv", broken)
    result = cli(["show", "linfen", "-o", str(target)])
    assert result.exit_code == ExitStatus.ERROR == 1
    assert "unexpected RuntimeError: renderer broke half way" in one_error_line(result)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.csv"]


def test_a_write_that_fails_half_way_leaves_the_old_file_whole(cli, tmp_path, monkeypatch):
    target = tmp_path / "tasks.tsv"
    target.write_text("old content\n", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = cli(["show", "linfen", "-o", str(target)])
    assert result.exit_code == 5
    assert f"cannot write {target}: No space left on device" in one_error_line(result)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.tsv"]


# ---- the configs ---------------------------------------------------------------------------------
UNKNOWN_KEYS = {  # file: (the line added, what the warning names); a top-level key goes at the end of its file
    "regions.yaml": ("    colour: red", "unknown key 'colour'"),  # inside the last region's entry
    "matching.yaml": ("max_partner: 2", "unknown key 'max_partner'"),
    "topics.yaml": ("title_weights: 2", "unknown key 'title_weights'"),
    "departments.yaml": ("fuzzy_cutof: 90", "unknown key 'fuzzy_cutof'"),
}


@pytest.mark.parametrize("command", [
    ["list"], ["show", "linfen"], ["parse", str(ROOT / "corpus" / "qinghai.txt")], ["compare", "linfen", "qinghai"],
    ["targets", "linfen", "qinghai"], ["topics", "linfen"], ["departments", "sixian"],
    ["eval", str(ROOT / "tests" / "data" / "gold" / "linfen__qinghai.tsv")],
])
def test_every_command_prints_the_warnings_of_every_config_once(cli, configs, command):
    expected = []
    for name, (added, what) in UNKNOWN_KEYS.items():
        expected.append(f"hrcli: warning: {configs / name}:{add_key(configs / name, added)}: {what} ignored")
    for run in ("cold", "warm"):  # a warm run reads the notices (and the warnings) from the cache
        result = cli(["--quiet", *command])
        assert result.exit_code == 0 and result.stderr == "", (run, result.stderr)
        result = cli(command)
        assert result.exit_code == 0, result.stderr
        printed = [line for line in result.stderr.splitlines() if "unknown key" in line]
        assert [line.split(" (known:")[0] for line in printed] == expected, run


def test_topics_numbers_have_defaults(configs):
    from hrcli.analyse.topics import load_topics

    drop_key(configs / "topics.yaml", "min_score")
    assert "min_score:" not in (configs / "topics.yaml").read_text(encoding="utf-8")
    assert load_topics(configs).min_score == 2.0  # hrcli's default


# ---- the cache -------------------------------------------------------------------------------------
def test_the_code_fingerprint_is_taken_once_per_process(monkeypatch):
    from hrcli import cache

    listed = []
    glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: listed.append(pattern) or glob(self, pattern))
    assert cache.code_fingerprint() == cache.code_fingerprint()
    assert len(listed) <= 1


# ---- the error boundary ----------------------------------------------------------------------------
def hrcli(*args: str, **options) -> subprocess.CompletedProcess:
    """Run the real hrcli in a child process (what a person's shell does)."""
    command = [sys.executable, "-m", "hrcli", *args]
    if "input" not in options:
        options.setdefault("stdin", subprocess.DEVNULL)  # never pytest's own standard input: CI may leave it open
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False, **options)


def test_a_user_error_never_shows_a_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = hrcli("show", str(tmp_path / "empty.txt"))
    assert result.returncode == 3
    assert result.stderr == f"hrcli: error: {tmp_path / 'empty.txt'} is empty (give a file that holds the text of a notice)\n"


def test_debug_shows_the_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = hrcli("--debug", "show", str(tmp_path / "empty.txt"))
    assert result.returncode != 0
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.rstrip().endswith("is empty (give a file that holds the text of a notice)")
    assert "hrcli.errors.InputError" in result.stderr


def test_debug_in_process_lets_the_error_through(cli, tmp_path):
    from hrcli.errors import InputError

    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError):
        cli(["--debug", "show", str(tmp_path / "empty.txt")])


def test_a_closed_pipe_ends_quietly_with_141():
    process = subprocess.Popen([sys.executable, "-m", "hrcli", "show", "linfen", "-f", "tsv"], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader goes away before hrcli writes a line (`| head -0`)
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert stderr == b""
