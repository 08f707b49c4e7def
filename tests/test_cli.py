"""The CLI in-process against exact output: golden files for the corpus, errors, global options."""

from __future__ import annotations

import pytest

from .conftest import REGIONS, ROOT, one_error_line, run_cli
from .make_golden import CASES, GOLDEN


def check_golden(name: str, text: str) -> None:
    """Compare output with its golden file; the test run never writes one (`make golden` does, for review)."""
    path = GOLDEN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make golden`, read the diff, commit it")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (if the change is right: `make golden`, review)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden(cli, name):
    result = cli(CASES[name])
    assert result.exit_code == 0
    check_golden(name, result.stdout)


def test_no_golden_file_without_a_case():
    """A golden file no test reads would go stale unnoticed."""
    assert sorted(path.name for path in GOLDEN.glob("*")) == sorted(CASES)


def test_list_shows_all_five_regions(cli):
    result = cli(["list"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0][:8] == ["region", "name", "level", "province", "years", "issuer", "date", "tasks"]
    assert [row[0] for row in rows[1:]] == REGIONS
    assert rows[1][:8] == ["linfen", "临汾市", "city", "山西省", "2022", "临汾市人民政府办公室", "2022-12-06", "18"]


def test_show_warns_on_stderr_only(cli):
    result = cli(["show", "shanxi"])
    assert result.exit_code == 0
    assert "hrcli: warning: shanxi: document appears truncated" in result.stderr
    assert "warning" not in result.stdout
    assert cli(["--quiet", "show", "shanxi"]).stderr == ""


def test_parse_reads_standard_input_as_json(cli):
    from .conftest import read_corpus

    result = cli(["parse", "-"], input=read_corpus("sixian").encode("gb18030"))
    assert result.exit_code == 0
    import json

    data = json.loads(result.stdout)
    assert data["region"] == "stdin" and len(data["tasks"]) == 19 and data["source"] == "-"


def test_parse_yaml(cli):
    import yaml

    result = cli(["parse", "corpus/qinghai.txt", "--format", "yaml"])
    data = yaml.safe_load(result.stdout)
    assert data["tasks"][15]["title"] == "持续深化医保支付方式改革"


def test_region_by_chinese_or_english_name(cli):
    assert cli(["show", "青海省"]).stdout == cli(["show", "qinghai"]).stdout
    assert cli(["show", "Qinghai"]).stdout == cli(["show", "qinghai"]).stdout


def test_unknown_region_suggests_the_closest(cli):
    result = cli(["show", "linfne"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["hrcli: error: unknown region: linfne (did you mean linfen? ('hrcli list' shows the corpus))"]


def test_an_unknown_region_of_a_large_corpus_lists_a_few_regions_and_how_many_more(cli, tmp_path):
    text = (ROOT / "corpus" / "sixian.txt").read_text(encoding="utf-8")
    for number in range(12):
        (tmp_path / f"county{number:02d}.txt").write_text(text, encoding="utf-8")
    result = cli(["--corpus", str(tmp_path), "show", "zzzzzz"])
    assert result.exit_code == 2
    shown = ", ".join(f"county{number:02d}" for number in range(10))
    assert result.stderr.splitlines() == [
        f"hrcli: error: unknown region: zzzzzz (known regions: {shown} and 2 more ('hrcli list' shows the corpus))"]


def test_usage_errors_are_one_line(cli):
    for args in (["show"], ["bogus"], ["list", "--format", "xml"], ["compare", "linfen"]):
        result = cli(args)
        assert result.exit_code == 2, args
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("hrcli: error:"), args


def test_version(cli):
    from hrcli import __version__

    assert cli(["--version"]).stdout == f"hrcli {__version__}\n"


def test_corpus_option_uses_another_folder(cli, tmp_path):
    from .conftest import read_corpus

    (tmp_path / "draft.txt").write_text(read_corpus("nanchang"), encoding="utf-8")
    result = cli(["--corpus", str(tmp_path), "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith("draft\t南昌市\tcity\t\t2021")


LONG = "/tmp/" + "x" * 300  # longer than any file system's name limit (255 bytes)


@pytest.mark.parametrize("args", [["show", LONG + ".txt"], ["--corpus", LONG, "list"], ["--config-dir", LONG, "list"],
                                  ["compare", LONG, "linfen"]])
def test_a_path_the_system_refuses_is_one_line_naming_it(args):
    result = run_cli(args)
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line.startswith("hrcli: error: cannot use /tmp/xxx") and line.endswith(": File name too long (check the path)")


def test_an_output_name_the_system_refuses_is_an_output_error():
    result = run_cli(["list", "-o", LONG + ".csv"])
    assert result.exit_code == 5
    assert one_error_line(result) == f"hrcli: error: cannot write {LONG}.csv: File name too long (check the name and the folder of the file)"


# The libraries a warm `hrcli compare A B` into a pipe must not import: each is imported by the run that needs it
# (numpy for the index and the scores, yaml for configs not yet cached, rich on a terminal, tempfile for -o, …).
NOT_AT_START = ("numpy", "yaml", "rich", "tabulate", "rapidfuzz", "tempfile", "random", "jinja2", "xlsxwriter",
                "openpyxl", "opencc", "lxml", "pdfminer", "pdfplumber", "docx", "selectolax", "threadpoolctl")
IMPORTED = """
import contextlib, io, sys
import hrcli.cli
sys.argv = ["hrcli", "compare", "linfen", "qinghai"]
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    hrcli.cli.main()
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_warm_compare_imports_none_of_the_heavy_libraries(tmp_path):
    """Start-up is most of a warm compare (the 1.5x `import typer` goal of make bench): a cold run imports what it
    needs, the warm one that follows none of these."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith("HRCLI_")}
    env["HRCLI_CACHE_DIR"] = str(tmp_path / "cache")
    runs = [subprocess.run([sys.executable, "-c", IMPORTED], env=env, capture_output=True, text=True, check=True,
                           cwd=ROOT).stdout.split() for _ in range(2)]
    assert {"numpy", "yaml", "rapidfuzz"} <= set(runs[0])  # the cold run parsed, aligned and cached
    assert [name for name in NOT_AT_START if name in runs[1]] == []
