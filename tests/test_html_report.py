"""The HTML report: one self-contained page, everything from a notice escaped, looked at in a real headless browser."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, read_corpus, run_cli, shared

# A task whose title and text hold markup and ampersands, as a notice copied from a web page can.
HOSTILE_TASK = ("(十八)推进<script>alert('x')</script>医保&医疗协同。落实“三医联动”&改革,"
                "<img src=x onerror=alert(1)>按疾病诊断相关分组付费覆盖率达到100%。（市医保局、市卫健委按职责分工负责）\n")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope=shared("module"))
def report(tmp_path_factory) -> Path:
    """compare linfen qinghai -o report.html through the command line."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = run_cli(["compare", "linfen", "qinghai", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_the_report_is_one_file_that_loads_nothing(report):
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*(?!["']?#)""", page), "a link or source outside the page"
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # even a tag that escaped escaping could load nothing
    assert "@media print" in page


def test_the_report_has_every_row_its_texts_and_the_other_views(report):
    page = report.read_text(encoding="utf-8")
    rows = run_cli(["compare", "linfen", "qinghai", "--format", "json"])
    import json

    document = json.loads(rows.stdout)
    matched = [row for row in document["rows"] if row["status"] == "matched"]
    assert page.count('<section class="row">') == len(matched)
    for row in document["rows"]:
        for tasks in row["tasks"].values():
            for task in tasks:
                assert f"{task['label']} {html.escape(task['title'])}" in page
    assert page.count("<details>") == sum(len(tasks) for row in document["rows"] for tasks in row["tasks"].values())
    for heading in ('id="targets"', 'id="departments"', 'id="topics"', 'id="unmatched"'):
        assert heading in page
    assert "heat-3" in page or "heat-2" in page  # the coverage map is shaded by count


def test_differences_of_lead_and_targets_are_flagged(report):
    page = report.read_text(encoding="utf-8")
    sections = page.split('<section class="row">')[1:]
    different_lead = [s for s in sections if "same measure, different lead" in s.split("</header>")[0]]
    assert different_lead and all("⚑ different lead" in s for s in different_lead)
    assert all("⚑ different" not in s for s in sections if "same measure</span>" in s.split("</header>")[0])


def test_shared_phrases_are_marked_in_both_texts(report):
    page = report.read_text(encoding="utf-8")
    # Linfen (七) and Qinghai (十六) share the DRG measure word for word.
    row = next(s for s in page.split('<section class="row">')[1:] if "(七) 推进医保支付方式改革" in s)
    marked = re.findall(r"<mark>([^<]*)</mark>", row)
    assert sum("住院医保基金支出" in phrase for phrase in marked) >= 2  # once in each text
    assert "不低于30%" in "".join(marked)


def test_everything_from_the_notice_is_escaped(tmp_path):
    notice = tmp_path / "draft.txt"
    text = read_corpus("linfen")
    assert text.count("(十八)") == 1
    notice.write_text(text.replace("(十八)", HOSTILE_TASK + "\n(十九)"), encoding="utf-8")
    for command in (["compare", str(notice), "qinghai"], ["show", str(notice)], ["diff", "linfen", str(notice)]):
        out = tmp_path / f"{command[0]}.html"
        result = run_cli([*command, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        page = out.read_text(encoding="utf-8")
        assert page.count("<script>") == 1, command  # the page's own script, nothing from the notice
        assert "<img" not in page and "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
        assert "医保&amp;医疗协同" in page


def test_a_listing_command_gets_a_table_page(tmp_path):
    out = tmp_path / "targets.html"
    result = run_cli(["targets", "linfen", "qinghai", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<table>" in page and "达到400种以上" in page and '<span class="badge related">other unit</span>' in page


def test_the_templates_are_in_the_wheel():
    """pyproject's package data covers every template (an installed hrcli has no source tree to read them from)."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["hrcli.output"]
    templates = sorted((ROOT / "hrcli" / "output" / "templates").iterdir())
    assert templates
    assert all(any(template.match(pattern) for pattern in patterns) for template in templates)
    assert {"hrcli.output", "hrcli.diff"} <= set(config["packages"])


# ---- in a real browser ---------------------------------------------------------------------------------------------


def browser() -> str:
    """A headless Chromium on PATH, or the test is skipped with the reason (pytest -ra prints it)."""
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium on PATH: `make test` installs it when run as root (apt-get install chromium), else install it")


def run_browser(page: Path, tmp_path: Path, *flags: str, fragment: str = "") -> subprocess.CompletedProcess:
    """Open the page in headless Chromium with the given action (--dump-dom, --screenshot=…)."""
    command = [browser(), *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *flags, page.as_uri() + fragment]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def console_messages(stderr: str) -> list[str]:
    """What the page wrote to the console (errors, CSP refusals, uncaught exceptions)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def visible_text(dom: str) -> str:
    """The text of a dumped DOM, tags removed and entities decoded (what a reader sees, folded or not)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_report_loads_in_a_browser_without_errors_and_shows_the_comparison(report, tmp_path):
    result = run_browser(report, tmp_path, "--dump-dom", fragment="#open")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    dom = result.stdout
    text = visible_text(dom)
    for words in ("临汾市", "青海省", "(七) 推进医保支付方式改革", "(十六) 持续深化医保支付方式改革", "Unmatched tasks",
                  "Topic coverage", "Departments"):
        assert words in text, words
    # The page's script ran (its hash is allowed by the page's policy): #open unfolded every text.
    assert "<details open" in dom and "<details>" not in dom
    assert "<mark>DRG付费</mark>" in dom


def test_a_screenshot_of_the_report_is_taken(report, tmp_path):
    shot = tmp_path / "report.png"
    result = run_browser(report, tmp_path, f"--screenshot={shot}", "--window-size=1400,1800", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 1800)
    assert len(data) > 50_000  # a page of text and colour, not a blank image


def raised_target_page(tmp_path: Path, command: str) -> str:
    """The page of `hrcli COMMAND linfen draft.txt`, the draft being Linfen with the target of (六) raised to 450."""
    draft = tmp_path / "draft.txt"
    draft.write_text(read_corpus("linfen").replace("达到400种以上", "达到450种以上"), encoding="utf-8")
    out = tmp_path / f"{command}.html"
    assert run_cli([command, "linfen", str(draft), "-o", str(out)]).exit_code == 0
    return out.read_text(encoding="utf-8")


def test_a_target_set_differently_is_flagged_with_both_values(tmp_path):
    page = raised_target_page(tmp_path, "compare")
    row = next(s for s in page.split('<section class="row">')[1:] if "(六) 常态化推进药品耗材集中带量采购" in s)
    assert "⚑ different targets" in row
    assert "实施带量采购的药品品种: linfen 达到400种以上 / draft 达到450种以上" in row
    assert sum("⚑ different targets" in s for s in page.split('<section class="row">')[1:]) == 1


def test_diff_marks_are_struck_out_and_inserted_in_a_page(tmp_path):
    page = raised_target_page(tmp_path, "diff")
    assert "<del>400</del><ins>450</ins>" in page and "[-" not in page
    changes = page.split('<section class="row">')[1:]
    assert len(changes) == 1 and "(六)" in changes[0] and "target raised: 实施带量采购的药品品种" in changes[0]
    whole = changes[0].split("<details>")[1]  # the whole task, word by word: the change in its context
    assert whole.count("<del>") == 1 and "常态化推进药品耗材集中带量采购。" in whole


def test_unmatched_tasks_show_their_nearest_candidates(report):
    from hrcli.schema import Row

    if "nearest" not in Row.__dataclass_fields__:
        pytest.skip("the alignment does not carry Row.nearest yet (the aligner's work of issue 13): the page says so")
    page = report.read_text(encoding="utf-8")
    table = page.split('id="unmatched"')[1].split("</table>")[0]
    assert "not carried by this alignment" not in table
    # Linfen (十四) 做好新冠肺炎疫情防控 has no partner in Qinghai; its nearest Qinghai candidates are listed with scores.
    row = next(r for r in table.split("<tr>") if "做好新冠肺炎疫情防控" in r)
    assert re.search(r"qinghai \(\S+\) \S+ \(0\.\d\d\)", row)


def test_the_printed_report_holds_the_folded_texts(report, tmp_path):
    """Printing opens every folded text (a closed <details> would print closed): the PDF has the full texts."""
    pdf = tmp_path / "report.pdf"
    result = run_browser(report, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0 and console_messages(result.stderr) == []
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the printed report back")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "推进癌症区域医疗中心建设" in flat  # inside Linfen (一)'s folded text
    assert "Expandalltexts" not in flat  # the buttons are not printed


def test_nearest_candidates_a_row_carries_are_listed_with_their_scores():
    """The page lists every unmatched task's Row.nearest as the aligner gives it, with the matcher's own scores."""
    from hrcli.comparison import build_matcher, compare_notices
    from hrcli.corpus import Corpus
    from hrcli.output.html import render_html
    from hrcli.output.report import compare_report
    from tests.conftest import current_settings

    settings = current_settings()
    corpus = Corpus(settings)
    linfen, qinghai = corpus.load("linfen"), corpus.load("qinghai")
    alignment = compare_notices(corpus, [linfen, qinghai])
    scores = build_matcher(corpus, [linfen, qinghai]).score_matrix(linfen.tasks, qinghai.tasks)
    expected = []
    for row in alignment.rows:
        if row.status == "only_linfen":
            line = scores[linfen.tasks.index(row.tasks["linfen"][0])]
            best = max(range(len(line)), key=line.__getitem__)
            [candidate] = row.nearest["qinghai"][:1]
            assert candidate["id"] == qinghai.tasks[best].id and candidate["score"] == pytest.approx(line[best], abs=5e-4)
            expected.append(f"qinghai {candidate['label']} {candidate['title']} ({candidate['score']:.2f}): {candidate['reason']}")
    page = render_html(compare_report(alignment, [linfen, qinghai], settings.taxonomy, settings.departments, settings.matching))
    table = page.split('id="unmatched"')[1].split("</table>")[0]
    assert expected and all(html.escape(line) in table for line in expected), (expected, table[:2000])


def test_the_detail_view_as_a_page_shows_each_pair_in_full(tmp_path):
    out = tmp_path / "pair.html"
    assert run_cli(["pair", "linfen:7", "qinghai:16", "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<th scope=\"col\">linfen_text</th>" in page and "推进医保支付方式改革。在全市范围内" in page
