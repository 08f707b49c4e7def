"""Hardening, second pass: what a hostile or unlucky user finds by probing (issue 15).

Terminal escapes in notices, file names and configs; failed writes to standard output; mixed encodings
and long notes; hostile corpus folders; signals during -o; foot-guns (writing onto an input, a relative
XDG_CACHE_HOME, a newline in a file name).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hrcli.errors import ExitStatus

from .conftest import ROOT, one_error_line, read_corpus

# ESC[2J clears the screen, OSC 52 writes the clipboard, U+009B is a one-character CSI, U+202E reverses the line.
HOSTILE = "\x1b[2J\x1b]52;c;aGk=\x07\x9b31m\u202e"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def hrcli(*args: str, env: dict | None = None, **options) -> subprocess.CompletedProcess:
    """Run the real hrcli in a child process, its output as bytes (what a terminal would receive)."""
    options = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "hrcli", *args], cwd=ROOT, timeout=120, check=False, env=full_env,
                          **options)


def hostile_notice(folder: Path, name: str = "evil.txt") -> Path:
    """Linfen with escape sequences in the first task's title and text."""
    path = folder / name
    path.write_text(read_corpus("linfen").replace("(一)", f"(一){HOSTILE}", 1), encoding="utf-8")
    return path


def assert_no_raw_controls(data: bytes | str) -> None:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    for char in RAW_CONTROLS:
        assert char not in text, repr(char)


# ---- 1. terminal escape injection ------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "markdown"])
def test_escape_sequences_in_a_notice_are_shown_not_obeyed(tmp_path, fmt):
    result = hrcli("show", str(hostile_notice(tmp_path)), "-f", fmt, env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert "\\x1b[2J" in result.stdout.decode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_json_and_yaml_escape_controls_and_keep_the_text(tmp_path, fmt):
    path = hostile_notice(tmp_path)
    result = hrcli("parse", str(path), "-f", fmt)
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    document = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert HOSTILE in document["tasks"][0]["text"]  # escaped in the syntax of the format: nothing lost


def test_jsonl_escapes_bidirectional_controls(tmp_path):
    result = hrcli("show", str(hostile_notice(tmp_path)), "-f", "jsonl")
    assert result.returncode == 0
    assert_no_raw_controls(result.stdout)
    assert HOSTILE in json.loads(result.stdout.splitlines()[0])["text"]


def test_a_hostile_file_name_is_shown_safely_in_output_and_warnings(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "linfen.txt").write_text(read_corpus("linfen"), encoding="utf-8")
    (folder / f"x{HOSTILE}.txt").write_text(read_corpus("qinghai"), encoding="utf-8")
    (folder / f"empty{HOSTILE}.txt").write_bytes(b"")
    result = hrcli("--corpus", str(folder), "list", "-f", "table")
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert_no_raw_controls(result.stderr)
    assert b"skipped" in result.stderr and b"\\x1b]52" in result.stderr


def test_a_hostile_name_in_regions_yaml_is_shown_safely(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "linfen.txt").write_text(read_corpus("linfen"), encoding="utf-8")
    escaped = '\\e[2J\\e]52;c;aGk=\\a\\x9b31m\\u202e'  # YAML's own escapes: raw ESC is not allowed in YAML
    (folder / "regions.yaml").write_text(f'regions:\n  linfen:\n    name: "临汾市{escaped}"\n    "colour{escaped}": red\n',
                                         encoding="utf-8")
    result = hrcli("--corpus", str(folder), "list", "-f", "tsv")
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert b"unknown key" in result.stderr


def test_an_error_naming_a_hostile_argument_is_one_safe_line():
    result = hrcli("show", f"nowhere{HOSTILE}\nhrcli: error: fake.txt")
    assert result.returncode == ExitStatus.USAGE
    assert_no_raw_controls(result.stderr)
    assert len(result.stderr.splitlines()) == 1 and b"\\n" in result.stderr


# ---- 2. failed writes to standard output ---------------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED=1"])
@pytest.mark.parametrize("command", [["show", "linfen", "-f", "table"], ["show", "linfen", "-f", "json"],
                                     ["compare", "linfen", "qinghai", "-f", "xlsx"]])
def test_a_full_disk_on_standard_output_is_one_output_error(unbuffered, command):
    with open("/dev/full", "wb") as full:
        result = hrcli(*command, stdout=full, env={"PYTHONUNBUFFERED": unbuffered})
    assert result.returncode == ExitStatus.OUTPUT
    assert result.stderr.decode() == ("hrcli: error: cannot write to standard output: No space left on device "
                                      "(check the free space where the output goes, or write it elsewhere)\n")


def limit_file_size() -> None:
    """In the child: files may grow to 16 KB; a longer write is cut short, the next one fails (EFBIG)."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as on Linux")
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED=1"])
def test_a_short_write_to_standard_output_is_not_ignored(tmp_path, unbuffered):
    # A disk that fills during the write takes part of it (here: the size limit does); with PYTHONUNBUFFERED=1
    # Python's text layer ignored the rest and hrcli exited 0 with a truncated file.
    target = tmp_path / "o.json"
    with open(target, "wb") as out:
        result = hrcli("show", "linfen", "-f", "json", stdout=out, preexec_fn=limit_file_size, env={"PYTHONUNBUFFERED": unbuffered})
    assert target.stat().st_size == 16384 < len(hrcli("show", "linfen", "-f", "json").stdout)
    assert result.returncode == ExitStatus.OUTPUT
    assert result.stderr.decode().splitlines() == [
        "hrcli: error: cannot write to standard output: File too large "
        "(check the free space where the output goes, or write it elsewhere)"]


# ---- 7. foot-guns ----------------------------------------------------------------------------------------
def test_output_onto_the_notice_read_is_refused(cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(read_corpus("qinghai"), encoding="utf-8")
    for command in (["show", str(draft)], ["compare", "linfen", str(draft)], ["topics", "linfen", str(draft)]):
        result = cli(["-q", *command, "-f", "csv", "-o", str(tmp_path / "." / "draft.txt")])
        assert result.exit_code == ExitStatus.OUTPUT, result.stderr
        assert one_error_line(result).endswith("draft.txt: it is an input of this command (name another output file)")
    assert draft.read_text(encoding="utf-8") == read_corpus("qinghai")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


def test_output_onto_a_link_to_the_notice_read_is_refused(cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(read_corpus("qinghai"), encoding="utf-8")
    (tmp_path / "link.tsv").symlink_to(draft)
    result = cli(["show", str(draft), "-o", str(tmp_path / "link.tsv")])
    assert result.exit_code == ExitStatus.OUTPUT
    assert draft.read_text(encoding="utf-8") == read_corpus("qinghai")


def test_output_onto_a_notice_of_the_corpus_is_refused(cli, tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    for slug in ("linfen", "qinghai"):
        (folder / f"{slug}.txt").write_text(read_corpus(slug), encoding="utf-8")
    # search reads the notices through its index: on a warm run it opens none of them, yet they are its input
    assert cli(["--corpus", str(folder), "search", "DRG付费"]).exit_code == 0
    result = cli(["--corpus", str(folder), "search", "DRG付费", "-f", "tsv", "-o", str(folder / "linfen.txt")])
    assert result.exit_code == ExitStatus.OUTPUT
    assert (folder / "linfen.txt").read_text(encoding="utf-8") == read_corpus("linfen")
    assert cli(["--corpus", str(folder), "search", "DRG付费", "-o", str(tmp_path / "hits.tsv")]).exit_code == 0


def test_output_onto_the_gold_file_is_refused(cli, tmp_path):
    gold = tmp_path / "linfen__qinghai.tsv"
    gold.write_bytes((ROOT / "tests" / "data" / "gold" / "linfen__qinghai.tsv").read_bytes())
    result = cli(["eval", str(gold), "-o", str(gold)])
    assert result.exit_code == ExitStatus.OUTPUT
    assert gold.read_bytes() == (ROOT / "tests" / "data" / "gold" / "linfen__qinghai.tsv").read_bytes()


def test_a_relative_xdg_cache_home_is_ignored(tmp_path):
    from hrcli.settings import cache_folder

    home = "/home/someone"
    assert cache_folder({"XDG_CACHE_HOME": "cache", "HOME": home}) == Path(home) / ".cache" / "hrcli"
    assert cache_folder({"XDG_CACHE_HOME": "./x", "HOME": home}) == Path(home) / ".cache" / "hrcli"
    assert cache_folder({"XDG_CACHE_HOME": "/var/cache/me", "HOME": home}) == Path("/var/cache/me/hrcli")
    assert cache_folder({"XDG_CACHE_HOME": "", "HOME": home}) == Path(home) / ".cache" / "hrcli"
    # The real program, run in a folder of the user's: nothing appears there.
    env = {key: value for key, value in os.environ.items() if key != "HRCLI_CACHE_DIR"}
    env.update(XDG_CACHE_HOME="relative-cache", HOME=str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([sys.executable, "-m", "hrcli", "--corpus", str(ROOT / "corpus"), "show", "linfen"],
                            cwd=work, env=env, capture_output=True, timeout=120, stdin=subprocess.DEVNULL, check=False)
    assert result.returncode == 0, result.stderr
    assert list(work.iterdir()) == []
    assert (tmp_path / "home" / ".cache" / "hrcli").is_dir()


def test_a_line_break_in_a_file_name_does_not_split_the_error_line(cli, tmp_path):
    path = tmp_path / "draft\nhrcli: error: forged.txt"
    path.write_bytes(b"")
    result = cli(["show", str(path)])
    assert result.exit_code == ExitStatus.INPUT
    line = one_error_line(result)
    assert "draft\\nhrcli: error: forged.txt is empty" in line
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "linfen.txt").write_text(read_corpus("linfen"), encoding="utf-8")
    (folder / "a\rb\n.txt").write_bytes(b"")
    result = cli(["--corpus", str(folder), "list"])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "skipped" in line] == [
        f"hrcli: warning: a\\rb\\n: skipped: {folder}/a\\rb\\n.txt is empty (give a file that holds the text of a notice)"]


# ---- 4. hostile corpus folders ----------------------------------------------------------------------------
def shared_folder(folder: Path, files: dict[str, str], regions: str | None = None) -> Path:
    """A corpus folder as someone might share it: notices (by corpus slug) under the given names."""
    folder.mkdir()
    for name, slug in files.items():
        (folder / name).write_text(read_corpus(slug), encoding="utf-8")
    if regions is not None:
        (folder / "regions.yaml").write_text(regions, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [["list"], ["topics"], ["departments"], ["search", "DRG付费"]])
def test_a_file_named_dash_is_a_file_not_standard_input(cli, tmp_path, command):
    folder = shared_folder(tmp_path / "shared", {"linfen.txt": "linfen", "-.txt": "nanchang"})
    result = cli(["--corpus", str(folder), *command, "-f", "json"], input=read_corpus("qinghai").encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "stdin" not in result.stdout and "qinghai" not in result.stdout and "青海" not in result.stdout
    assert '"--2' in result.stdout  # the file's own notice, under a slug that does not mean standard input
    assert f"hrcli: warning: {folder / '-.txt'} is listed as --2: - already names standard input" in result.stderr


def test_a_region_named_dash_is_refused(cli, tmp_path):
    folder = shared_folder(tmp_path / "shared", {"linfen.txt": "linfen", "x.txt": "qinghai"},
                           regions="regions:\n  linfen:\n    name: 临汾市\n  '-':\n    file: x.txt\n")
    result = cli(["--corpus", str(folder), "list"], input=read_corpus("nanchang").encode("utf-8"))
    assert result.exit_code == ExitStatus.CONFIG
    assert one_error_line(result).startswith(
        f"hrcli: error: {folder / 'regions.yaml'}:5: region '-': a slug cannot be - (it means standard input)")


def test_files_whose_names_collide_are_all_listed_under_distinct_slugs(cli, tmp_path):
    folder = shared_folder(tmp_path / "shared", {
        "linfen.txt": "linfen", "Linfen.txt": "qinghai", "notice.txt": "sixian", "notice.md": "nanchang",
        "notice-2.txt": "shanxi",  # a renamed file never takes another file's name
    }, regions="regions:\n  linfen:\n    name: 临汾市\n    name_en: Linfen\n")
    result = cli(["--corpus", str(folder), "list", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    listed = {row["region"]: row["name"] for row in json.loads(result.stdout)}
    assert listed == {"linfen": "临汾市", "Linfen-2": "青海省", "notice": "泗县", "notice-3": "南昌市", "notice-2": "山西省"}
    assert [line for line in result.stderr.splitlines() if "is listed as" in line] == [
        f"hrcli: warning: {folder / 'Linfen.txt'} is listed as Linfen-2: Linfen already names region linfen of regions.yaml",
        f"hrcli: warning: {folder / 'notice.md'} is listed as notice-3: notice already names notice.txt",
    ]
    shown = cli(["--corpus", str(folder), "show", "notice-3", "-f", "json"])
    assert json.loads(shown.stdout)["place"] == "南昌市"
    hits = json.loads(cli(["--corpus", str(folder), "search", "DRG付费", "-f", "json"]).stdout)["hits"]
    assert {"Linfen-2", "notice-3"} <= {hit["region"] for hit in hits}


def alias_bomb(levels: int = 9) -> str:
    """The billion laughs in YAML: each level lists the one before nine times (477 bytes, gigabytes expanded)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + f"\nregions:\n  linfen:\n    name: *a{levels - 1}\n"


def limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS as on Linux")
def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    folder = shared_folder(tmp_path / "shared", {"linfen.txt": "linfen"}, regions=alias_bomb())
    assert (folder / "regions.yaml").stat().st_size < 500
    result = hrcli("--corpus", str(folder), "list", preexec_fn=limit_memory)
    assert result.returncode == ExitStatus.CONFIG, result.stderr
    assert result.stderr.decode() == (f"hrcli: error: {folder / 'regions.yaml'}:2: YAML alias *a0 refused "
                                      "(hrcli's configs take no aliases: write the value out in full)\n")


def test_an_alias_in_a_config_is_refused_with_its_line(cli, configs):
    text = (configs / "matching.yaml").read_text(encoding="utf-8")
    (configs / "matching.yaml").write_text(text + "\nextra: &x [1]\nmore: *x\n", encoding="utf-8")
    result = cli(["compare", "linfen", "qinghai"])
    assert result.exit_code == ExitStatus.CONFIG
    line = len(text.splitlines()) + 3
    assert one_error_line(result).startswith(f"hrcli: error: {configs / 'matching.yaml'}:{line}: YAML alias *x refused")


@pytest.mark.parametrize("file", ["/etc/passwd", "../outside.txt", "sub/../../outside.txt"])
def test_regions_yaml_may_not_point_outside_the_corpus_folder(cli, tmp_path, file):
    (tmp_path / "outside.txt").write_text(read_corpus("qinghai"), encoding="utf-8")
    regions = f"regions:\n  linfen:\n    name: 临汾市\n  other:\n    file: {file}\n"
    folder = shared_folder(tmp_path / "shared", {"linfen.txt": "linfen"}, regions=regions)
    result = cli(["--corpus", str(folder), "list"])
    assert result.exit_code == ExitStatus.CONFIG
    assert one_error_line(result) == (
        f"hrcli: error: {folder / 'regions.yaml'}:5: region 'other' points to {folder / file if file[0] != '/' else file}, "
        "outside the corpus folder (keep the notices in the corpus folder, or give --region-files-anywhere if you trust "
        "this regions.yaml)")
    if file == "../outside.txt":  # the user says otherwise
        result = cli(["--region-files-anywhere", "--corpus", str(folder), "list", "-f", "tsv"])
        assert result.exit_code == 0, result.stderr
        assert [line.split("\t")[0] for line in result.stdout.splitlines()[1:]] == ["linfen", "other"]


def test_regions_yaml_may_point_into_a_subfolder(cli, tmp_path):
    folder = shared_folder(tmp_path / "shared", {"linfen.txt": "linfen"}, regions="regions:\n  q:\n    file: 2022/q.txt\n")
    (folder / "2022").mkdir()
    (folder / "2022" / "q.txt").write_text(read_corpus("qinghai"), encoding="utf-8")
    result = cli(["--corpus", str(folder), "list", "-f", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[1:]] == ["q", "linfen"]


# ---- 6. leftovers of -o ------------------------------------------------------------------------------------
KILLED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from hrcli.output import render

def killed(fd):
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))

os.fsync = killed  # the signal comes while the temporary file is being written
render.write_atomic(Path(sys.argv[1]), "任务\\n" * 100000)
"""


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_output_leaves_no_temporary_file(tmp_path, signal_name):
    import signal

    target = tmp_path / "out.tsv"
    target.write_text("old content\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, str(target), signal_name], cwd=ROOT,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == -getattr(signal, signal_name), result.stderr  # still ended by the signal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tsv"]
    assert target.read_text(encoding="utf-8") == "old content\n"


def test_temporary_files_of_killed_runs_are_swept_by_the_next(cli, tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead = int(finished.stdout)  # a process id no process has now
    stale = tmp_path / f".out.csv.hrcli-{dead}-abcd1234.tmp"  # left by a run killed with SIGKILL
    old = tmp_path / ".other.md.hrcli-1-k2x9_zq0.tmp"  # a day old: whatever its process id
    recent = tmp_path / f".out.csv.hrcli-{dead}-efgh5678.tmp"  # just written: maybe another machine's run
    running = tmp_path / f".out.csv.hrcli-{os.getpid()}-ijkl9012.tmp"  # a run still writing
    theirs = tmp_path / ".out.csv.swp.tmp"  # not hrcli's
    for path, age in ((stale, 3600), (old, 2 * 86400), (recent, 0), (running, 3600), (theirs, 3 * 86400)):
        path.write_text("part of a table", encoding="utf-8")
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    result = cli(["show", "linfen", "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.csv", recent.name, running.name, theirs.name])


# ---- 3. silent loss of tasks --------------------------------------------------------------------------------
def parsed_utf8(cli, folder: Path, text: str) -> dict:
    """`hrcli parse` of the text saved as UTF-8 under the name linfen.txt (the reference)."""
    folder.mkdir()
    path = folder / "linfen.txt"
    path.write_text(text, encoding="utf-8")
    return json.loads(cli(["parse", str(path)]).stdout)


def task_summary(document: dict) -> list[tuple]:
    return [(t["label"], t["title"], t["text"], [d["name"] for d in t["departments"]]) for t in document["tasks"]]


@pytest.mark.parametrize("first,second", [("utf-8", "gb18030"), ("gb18030", "utf-8"), ("utf-8-sig", "gb18030")])
def test_a_file_pasted_from_utf8_and_gb18030_keeps_every_task(cli, tmp_path, first, second):
    text = read_corpus("linfen")
    cut = text.index("(十)")
    path = tmp_path / "linfen.txt"
    path.write_bytes(text[:cut].encode(first) + text[cut:].encode(second))
    first = first.replace("-sig", "")  # a BOM, then UTF-8 (as Notepad saves it)
    result = cli(["parse", str(path)])
    assert result.exit_code == 0, result.stderr
    assert task_summary(json.loads(result.stdout)) == task_summary(parsed_utf8(cli, tmp_path / "utf8", text))
    line = text[:cut].count("\n") + 1
    assert result.stderr.splitlines() == [
        "hrcli: warning: linfen: text mixes encodings (pasted from two files?): each part read in its own: "
        f"{first} lines 1-{line - 1}, {second} lines {line}-{text.count(chr(10)) + 1}"]


def test_a_utf8_paragraph_pasted_into_a_gb18030_notice_is_read(cli, tmp_path):
    text = read_corpus("qinghai")
    start = text.index("(五)")
    end = text.index("(六)")
    path = tmp_path / "qinghai.txt"
    path.write_bytes(text[:start].encode("gb18030") + text[start:end].encode("utf-8") + text[end:].encode("gb18030"))
    document = json.loads(cli(["-q", "parse", str(path)]).stdout)
    assert task_summary(document) == task_summary(parsed_utf8(cli, tmp_path / "utf8", text))


def test_a_gb18030_notice_is_not_taken_for_mixed(cli, tmp_path):
    for slug in ("linfen", "qinghai", "nanchang", "sixian", "shanxi"):
        path = tmp_path / f"{slug}.txt"
        path.write_bytes(read_corpus(slug).encode("gb18030"))
        result = cli(["parse", str(path)])
        assert "mixes encodings" not in result.stderr and "traditional" not in result.stderr, slug


def with_long_note(units: int) -> tuple[str, list[str]]:
    """Linfen whose first note lists a number of townships besides its own units (a county's note may)."""
    towns = [f"第{number}镇人民政府" for number in range(1, units + 1)]
    note = "市卫健委牵头,市财政局、" + "、".join(towns) + "按职责分工负责"
    text = read_corpus("linfen").replace("市发展改革委、市卫健委和市财政局按职责分工负责", note, 1)
    return text, ["市卫健委", "市财政局", *towns]


@pytest.mark.parametrize("units", [45, 3000])
def test_the_units_of_a_long_note_are_read(cli, tmp_path, units):
    text, names = with_long_note(units)
    path = tmp_path / "county.txt"
    path.write_text(text, encoding="utf-8")
    result = cli(["parse", str(path)])
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout)["tasks"][0]
    assert len(first["note"]) > 400
    assert [d["name"] for d in first["departments"]] == names
    assert first["lead"] == "市卫健委"
    assert "镇人民政府" not in first["text"]
    unknown = [w for w in json.loads(result.stdout)["warnings"] if w.startswith("departments not in")]
    assert unknown and (units < 30 or unknown[0].endswith(f"第30镇人民政府 and {units - 30} more")), unknown


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED=1"])
def test_a_full_disk_on_standard_error_does_not_stop_the_command(tmp_path, unbuffered):
    path = tmp_path / "traditional.txt"  # a notice that gets a warning
    path.write_text(read_corpus("linfen").replace("(一)", "(一)衛健委", 1), encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = hrcli("show", str(path), "-f", "tsv", stderr=full, env={"PYTHONUNBUFFERED": unbuffered})
        assert result.returncode == 0
        assert result.stdout == hrcli("-q", "show", str(path), "-f", "tsv").stdout
        assert hrcli("show", str(path), stdout=full, stderr=full, env={"PYTHONUNBUFFERED": unbuffered}).returncode == 5


def test_an_alias_is_refused_also_when_an_older_run_cached_the_file(cli, configs):
    from hrcli.cache import Cache
    from hrcli.config import _text_key

    text = (configs / "matching.yaml").read_text(encoding="utf-8") + "\nextra: &x [1]\nmore: *x\n"
    (configs / "matching.yaml").write_text(text, encoding="utf-8")
    # what hrcli before the rule cached for this text: its data, keyed by the text alone
    Cache(Path(os.environ["HRCLI_CACHE_DIR"])).put("yaml", _text_key(text), {"data": yaml.safe_load(text)})
    assert cli(["compare", "linfen", "qinghai"]).exit_code == ExitStatus.CONFIG


@pytest.mark.parametrize("fmt", ["tsv", "markdown"])
def test_a_file_name_with_a_tab_or_a_pipe_keeps_the_columns_of_tsv_and_markdown(cli, tmp_path, fmt):
    folder = shared_folder(tmp_path / "shared", {"a\tb|c.txt": "linfen", "q.txt": "qinghai"})
    result = cli(["-q", "--corpus", str(folder), "topics", "-f", fmt])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    if fmt == "tsv":
        assert {len(line.split("\t")) for line in lines} == {5}
    else:
        assert {len(line.replace("\\|", "").split("|")) for line in lines} == {7}


@pytest.mark.parametrize("options", [["-f", "table"], ["-f", "table", "--wide"], ["-f", "table", "--detail"],
                                     ["-f", "tsv", "--only", "changed"], ["-f", "html"]])
def test_escape_sequences_in_a_compared_notice_are_shown_not_obeyed(tmp_path, options):
    # compare's terminal views: the compact table (cells with a style), the wide one, the detail view of its own
    result = hrcli("compare", str(hostile_notice(tmp_path, f"draft{HOSTILE}.txt")), "qinghai", *options,
                   env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "\\x1b[2J" in result.stdout.decode("utf-8")


def test_the_region_files_option_may_follow_the_command(cli, tmp_path):
    (tmp_path / "outside.txt").write_text(read_corpus("qinghai"), encoding="utf-8")
    folder = shared_folder(tmp_path / "shared", {"linfen.txt": "linfen"},
                           regions="regions:\n  linfen: {}\n  other:\n    file: ../outside.txt\n")
    assert cli(["--corpus", str(folder), "list"]).exit_code == ExitStatus.CONFIG
    result = cli(["list", "--corpus", str(folder), "--region-files-anywhere", "-f", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[1:]] == ["linfen", "other"]


def test_a_notice_beside_its_pdf_and_an_upper_case_name_are_all_listed_and_found(cli, tmp_path):
    folder = shared_folder(tmp_path / "shared", {"notice.txt": "linfen", "QH.TXT": "qinghai"})
    (folder / "notice.pdf").write_bytes(b"%PDF-1.4\n% a scan kept beside its text\n")
    result = cli(["--corpus", str(folder), "list", "-f", "tsv"])
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[1:]] == ["QH", "notice"]
    assert f"hrcli: warning: {folder / 'notice.pdf'} is listed as notice-2: notice already names notice.txt" in result.stderr
    assert "notice-2: skipped:" in result.stderr  # named, not silently dropped
    shown = cli(["--corpus", str(folder), "show", "QH", "-f", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["place"] == "青海省"


def test_a_closed_standard_output_or_error_is_no_traceback():
    closed = hrcli("show", "linfen", stdout=None, preexec_fn=lambda: os.close(1))
    assert closed.returncode == ExitStatus.OUTPUT
    assert closed.stderr.decode() == ("hrcli: error: cannot write to standard output: Bad file descriptor "
                                      "(give hrcli an output it can write to, or use -o FILE)\n")
    assert hrcli("show", "nowhere", stderr=None, preexec_fn=lambda: os.close(2)).returncode == ExitStatus.USAGE
