"""Broken configs/*.yaml: one line naming the file and the line, exit 4; unknown keys only warn."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hrcli.config import load_matching, load_regions, load_yaml
from hrcli.errors import ConfigError, ExitStatus

from .conftest import CORPUS, one_error_line


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line of the file that contains text."""
    lines = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return lines[occurrence - 1]


# Tuned settings (threshold, max_partners, min_score…) are found by their YAML node, never by their value as text:
# retuning configs/ must not break a test of error messages.
def value_node(text: str, key: str) -> yaml.Node:
    """The node of a top-level key's value, with its position in the text."""
    for key_node, value in yaml.compose(text).value:
        if key_node.value == key:
            return value
    raise KeyError(key)


def set_value(path: Path, key: str, new: str) -> int:
    """Write `new` as the YAML text of a top-level key's value; return the 1-based line it is on."""
    text = path.read_text(encoding="utf-8")
    node = value_node(text, key)
    path.write_text(text[: node.start_mark.index] + new + text[node.end_mark.index :], encoding="utf-8")
    return node.start_mark.line + 1


def drop_key(path: Path, key: str) -> None:
    """Remove a top-level `key: value` from the file, comment and all."""
    text = path.read_text(encoding="utf-8")
    node = value_node(text, key)
    start = text.rindex("\n", 0, node.start_mark.index) + 1
    end = text.find("\n", node.end_mark.index) + 1 or len(text)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def add_key(path: Path, line: str) -> int:
    """Append a top-level `key: value` line; return its 1-based line."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_the_project_configs_load_without_warnings(configs, cli):
    assert load_regions(CORPUS, configs).warnings == []
    assert load_matching(configs).warnings == []
    result = cli(["list"])
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_malformed_yaml_names_file_and_line(configs, cli):
    regions = configs / "regions.yaml"
    edit(regions, "name: 泗县", "name: 泗县: 安徽")
    result = cli(["show", "linfen"])
    assert result.exit_code == ExitStatus.CONFIG == 4
    line = one_error_line(result)
    assert line.startswith(f"hrcli: error: {regions}:{line_of(regions, '泗县: 安徽')}: malformed YAML: mapping values")


def test_an_unclosed_bracket_also_names_the_line_where_it_opens(configs, cli):
    matching = configs / "matching.yaml"
    opened = set_value(matching, "ngram_sizes", "[1, 2, 3")
    result = cli(["compare", "linfen", "qinghai"])
    assert result.exit_code == 4
    line = one_error_line(result)
    assert f"{matching}:" in line and "malformed YAML" in line
    assert f"starts at line {opened}" in line


def test_a_tab_in_the_indentation_is_malformed_yaml(configs, cli):
    regions = configs / "regions.yaml"
    edit(regions, "    name_en: Qinghai", "\tname_en: Qinghai")
    result = cli(["list"])
    assert result.exit_code == 4
    assert f"{regions}:{line_of(regions, 'name_en: Qinghai')}: malformed YAML" in one_error_line(result)


def test_a_region_pointing_to_a_missing_file_names_file_and_line(configs, cli):
    regions = configs / "regions.yaml"
    edit(regions, "file: qinghai.txt", "file: qinghai-2023.txt")
    result = cli(["show", "linfen"])
    assert result.exit_code == 4
    line = one_error_line(result)
    assert line.startswith(f"hrcli: error: {regions}:{line_of(regions, 'qinghai-2023.txt')}: region 'qinghai'")
    assert "qinghai-2023.txt" in line and "does not exist" in line


def test_a_duplicate_slug_names_both_lines(configs, cli):
    regions = configs / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") + "  linfen:\n    file: linfen.txt\n", encoding="utf-8")
    result = cli(["list"])
    assert result.exit_code == 4
    first, second = line_of(regions, "  linfen:", 1), line_of(regions, "  linfen:", 2)
    line = one_error_line(result)
    assert f"{regions}:{second}: duplicate key 'linfen'" in line
    assert f"first at line {first}" in line


def test_an_unknown_key_warns_with_file_and_line_and_the_command_works(configs, cli):
    regions = configs / "regions.yaml"
    edit(regions, "    name_en: Nanchang\n", "    name_en: Nanchang\n    colour: red\n")
    result = cli(["list"])
    assert result.exit_code == 0
    assert f"hrcli: warning: {regions}:{line_of(regions, 'colour: red')}: unknown key 'colour'" in result.stderr
    assert len(result.stdout.splitlines()) == 1 + 5  # header and the five regions


def test_an_unknown_matching_key_is_a_warning_with_its_line(configs):
    matching = configs / "matching.yaml"
    partners = load_matching(configs).max_partners
    line = add_key(matching, f"max_partner: {partners + 1}")
    settings = load_matching(configs)
    assert settings.max_partners == partners  # a misspelt key sets nothing
    known = ("families, key_terms, label_margin, max_partners, measure_stop_words, ngram_sizes, partner_ratio, place_campaigns, "
             "relative_threshold, "
             "stop_patterns, stop_phrases, synonyms, target_cutoff, threshold, topic_veto, topic_weight, why_max_df")
    assert settings.warnings == [f"{matching}:{line}: unknown key 'max_partner' ignored (known: {known})"]


@pytest.mark.parametrize("name,key,new,message", [
    ("matching.yaml", "threshold", "1.5", "threshold must be a number from 0 to 1, not 1.5"),
    ("matching.yaml", "threshold", "high", "threshold must be a number from 0 to 1, not 'high'"),
    ("matching.yaml", "ngram_sizes", "[true]", "ngram_sizes must be a list of whole numbers from 1 to 6"),
    ("matching.yaml", "ngram_sizes", "[]", "ngram_sizes must be a list of whole numbers from 1 to 6"),
    ("matching.yaml", "max_partners", "0", "max_partners must be a number from 1 to 50, not 0"),
    ("topics.yaml", "min_score", "many", "min_score must be a number from 0.1 to 100, not 'many'"),
    ("topics.yaml", "min_score", "0", "min_score must be a number from 0.1 to 100, not 0"),
    ("topics.yaml", "relative", "1.5", "relative must be a number from 0 to 1, not 1.5"),
    ("topics.yaml", "title_weight", "true", "title_weight must be a number from 1 to 100, not True"),
    ("topics.yaml", "title_weight", "[3]", "title_weight must be a number from 1 to 100, not [3]"),
    ("departments.yaml", "fuzzy_cutoff", "101", "fuzzy_cutoff must be a number from 0 to 100, not 101"),
])
def test_a_bad_number_names_its_file_and_line(configs, cli, name, key, new, message):
    path = configs / name
    line = set_value(path, key, new)
    assert f"{key}: {new}" in path.read_text(encoding="utf-8").splitlines()[line - 1]
    result = cli(["compare", "linfen", "qinghai"])
    assert result.exit_code == 4
    assert f"{path}:{line}: {message}" in one_error_line(result)


def test_a_bad_level_names_its_line(configs, cli):
    regions = configs / "regions.yaml"
    edit(regions, "    level: county", "    level: township")
    result = cli(["show", "sixian"])
    assert result.exit_code == 4
    assert f"{regions}:{line_of(regions, 'township')}: region 'sixian': level must be one of" in one_error_line(result)


def test_a_missing_config_file_says_how_to_restore_it(configs, cli):
    (configs / "matching.yaml").unlink()
    result = cli(["compare", "linfen", "qinghai"])
    assert result.exit_code == 4
    assert one_error_line(result) == (
        f"hrcli: error: {configs / 'matching.yaml'}: file not found "
        "(restore it, or point --config-dir (HRCLI_CONFIG_DIR) at a full configs folder)"
    )


def test_a_config_that_is_not_utf8_cannot_be_read(configs, cli):
    regions = configs / "regions.yaml"
    regions.write_bytes(regions.read_text(encoding="utf-8").encode("gb18030"))
    result = cli(["list"])
    assert result.exit_code == 4
    assert f"{regions}: cannot be read" in one_error_line(result)


def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_yaml(path)


def test_regions_that_is_not_a_mapping_is_an_error(configs, cli):
    regions = configs / "regions.yaml"
    regions.write_text("regions:\n  - linfen\n  - qinghai\n", encoding="utf-8")
    result = cli(["list"])
    assert result.exit_code == 4
    assert f"{regions}:2: expected a mapping under regions" in one_error_line(result)
