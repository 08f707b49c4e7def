"""hrcli search and hrcli compare REGION --against: output in every format, usage errors, the README."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .test_exports import READERS, flat, read_tsv, run_ok

COMMANDS = {
    "search": ["search", "DRG付费"],
    "against": ["compare", "linfen", "--against", "all", "--limit", "2"],
}
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_search_prints_ranked_tasks(cli):
    header, *rows = read_tsv(run_ok(cli, ["search", "DRG付费", "--limit", "4"]).stdout)
    assert header == ["rank", "score", "region", "task", "title", "lead", "why"]
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    # Both name DRG付费 and 支付方式改革; their order is a matter of text length, not of relevance.
    assert sorted((row[2], row[3]) for row in rows[:2]) == [("linfen", "(七)"), ("qinghai", "(十六)")]
    assert all(0 <= float(row[1]) <= 1 for row in rows)


def test_against_all_gives_each_task_its_closest_tasks_elsewhere(cli, notices):
    document = json.loads(run_ok(cli, ["compare", "linfen", "--against", "all", "-f", "json"]).stdout)
    assert document["region"] == "linfen" and document["against"] == "all" and document["notices"] == 5
    assert [row["task"]["id"] for row in document["rows"]] == [task.id for task in notices["linfen"].tasks]
    seventh = next(row for row in document["rows"] if row["task"]["number"] == 7)
    assert (seventh["matches"][0]["region"], seventh["matches"][0]["number"]) == ("qinghai", 16)
    assert all(len(row["matches"]) == 3 for row in document["rows"])  # the default limit
    assert all(match["region"] != "linfen" for row in document["rows"] for match in row["matches"])


def test_against_a_list_of_regions_by_slug_or_name(cli):
    document = json.loads(run_ok(cli, ["compare", "linfen", "--against", "qinghai, 南昌市", "-n", "5", "-f", "json"]).stdout)
    assert document["against"] == ["qinghai", "nanchang"]
    assert {match["region"] for row in document["rows"] for match in row["matches"]} == {"qinghai", "nanchang"}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fmt", sorted(READERS))
def test_flat_formats_parse_back_to_the_tsv(cli, command, fmt):
    tsv = read_tsv(run_ok(cli, COMMANDS[command]).stdout)
    assert READERS[fmt](run_ok(cli, COMMANDS[command] + ["-f", fmt]).stdout) == tsv
    assert len(tsv) > 2 and all(len(row) == len(tsv[0]) for row in tsv)


@pytest.mark.parametrize("command", COMMANDS)
def test_json_jsonl_and_yaml_carry_the_rows(cli, command):
    document = json.loads(run_ok(cli, COMMANDS[command] + ["-f", "json"]).stdout)
    lines = [json.loads(line) for line in run_ok(cli, COMMANDS[command] + ["-f", "jsonl"]).stdout.splitlines()]
    assert yaml.safe_load(run_ok(cli, COMMANDS[command] + ["-f", "yaml"]).stdout) == document
    header, *rows = read_tsv(run_ok(cli, COMMANDS[command]).stdout)
    if command == "search":
        assert lines == document["hits"]
        assert [[flat(hit[column]) for column in header] for hit in document["hits"]] == rows
    else:
        assert lines == document["rows"]
        matches = [match for row in document["rows"] for match in row["matches"]]
        assert [row[header.index("match_title")] for row in rows] == [match["title"] for match in matches]


@pytest.mark.parametrize("command", COMMANDS)
def test_table_and_output_file(cli, command, tmp_path):
    table = run_ok(cli, COMMANDS[command] + ["-f", "table"], env={"COLUMNS": "240"}).stdout
    assert "score" in table and ("推进医保支付方式改革" in table or "持续深化医保支付方式改革" in table)
    target = tmp_path / "out.csv"
    run_ok(cli, COMMANDS[command] + ["-o", str(target)])
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data[3:].startswith(b"\xef\xbb\xbf")
    assert READERS["csv"](data[3:].decode("utf-8")) == read_tsv(run_ok(cli, COMMANDS[command]).stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", ""], "the search query is empty"),
        (["search", "  "], "the search query is empty"),
        (["search", "DRG", "--limit", "0"], "--limit"),
        (["compare", "linfen", "qinghai", "--against", "all"], "compare --against takes one region"),
        (["compare", "linfen", "--against", "all", "--threshold", "0.3"], "--threshold does not go with --against"),
        (["compare", "linfen", "qinghai", "--limit", "3"], "--limit goes with --against"),
        (["compare", "linfen", "--against", "qinghai,,sixian"], "empty region"),
        (["compare", "linfen", "--against", "qinghia"], "unknown region: qinghia"),
    ],
)
def test_usage_errors(cli, args, message):
    result = cli(args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_draft_outside_the_corpus_against_all(cli, tmp_path):
    from .conftest import read_corpus

    draft = tmp_path / "draft.txt"
    draft.write_text(read_corpus("qinghai"), encoding="utf-8")
    document = json.loads(run_ok(cli, ["compare", str(draft), "--against", "all", "-f", "json"]).stdout)
    # the same text as qinghai: qinghai is left out, as the notice itself
    assert len(document["rows"]) == 24 and all(len(row["matches"]) == 3 for row in document["rows"])
    assert {match["region"] for row in document["rows"] for match in row["matches"]} <= {"linfen", "nanchang", "sixian", "shanxi"}


def test_compare_with_idf_from_the_index_prints_the_golden_output(cli, monkeypatch):
    """What a corpus of 50 notices or more does (compare.INDEX_FROM) gives the same comparison."""
    from hrcli import comparison as compare

    golden = (Path(__file__).parent / "golden" / "compare_linfen_qinghai.tsv").read_text(encoding="utf-8")
    monkeypatch.setattr(compare, "INDEX_FROM", 0)
    assert run_ok(cli, ["--no-cache", "compare", "linfen", "qinghai"]).stdout == golden


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_the_json_keys(cli, command):
    document = json.loads(run_ok(cli, COMMANDS[command] + ["-f", "json"]).stdout)
    keys = set(document)
    for value in document.values():
        for item in value if isinstance(value, list) else []:
            keys |= set(item)
            keys |= {key for match in item.get("matches", []) for key in match}
    for key in sorted(keys):
        assert f"`{key}`" in README, key
