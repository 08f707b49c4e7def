"""The package layout: imports point down the data flow, nothing reads the environment but the settings loader,
and the wheel lists every subpackage and carries the default configs and demo notices."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "hrcli"

# Each part of the package and its place in the data flow; a module may import only from parts of a lower or
# the same rank (the README's "How it works" draws the same picture).
RANKS = {
    "errors": 0, "schema": 0, "cache": 0, "terminal": 0, "signals": 0, "data": 0,
    "read": 1,
    "parse": 2,
    "config": 3,
    "analyse": 4,
    "settings": 5,
    "corpus": 6, "align": 6,
    "index": 7,
    "comparison": 8, "diff": 8,
    "output": 9,
    "boundary": 10, "api": 10,
    "cli": 11, "__main__": 12,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The hrcli modules a file imports at run time (imports only for type checkers left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "hrcli":
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "hrcli")
    return found


def part(name: str) -> str | None:
    """The part of the package a dotted name lies in (hrcli.parse.clean -> parse); None for hrcli itself."""
    pieces = name.split(".")
    return pieces[1] if len(pieces) > 1 else None


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_of_the_package_has_a_rank():
    parts = {part(module_name(path)) for path in MODULES} - {None}
    assert parts <= set(RANKS), f"give these a rank in RANKS and the README: {sorted(parts - set(RANKS))}"
    assert {"read", "parse", "analyse", "align", "index", "output", "settings", "cli"} <= parts


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_imports_point_down_the_data_flow(path):
    here = part(module_name(path))
    if here is None:
        return
    upward = [name for name in imports_of(path) if part(name) in RANKS and RANKS[part(name)] > RANKS[here]]
    assert not upward, f"{module_name(path)} ({here}, rank {RANKS[here]}) imports up the flow: {upward}"


def test_the_rank_check_sees_an_upward_import(tmp_path):
    # The checker itself must be able to fail: a parse module importing the aligner is caught.
    bad = tmp_path / "hrcli" / "parse" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("def f():\n    from hrcli.align.matcher import Matcher\n", encoding="utf-8")
    assert imports_of(bad) == {"hrcli.align.matcher.Matcher"}
    assert RANKS[part("hrcli.align.matcher.Matcher")] > RANKS["parse"]


def test_no_module_reads_the_environment_but_the_settings_loader():
    readers = []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bos\.(environ|getenv|putenv)\b|\bgetenv\(|from os import .*environ", text):
            readers.append(module_name(path))
    assert readers == ["hrcli.settings"]


def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_wheel_lists_every_subpackage_and_maps_the_data_folders():
    setuptools = pyproject()["tool"]["setuptools"]
    folders = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    assert folders | {"hrcli.data.configs", "hrcli.data.corpus"} == set(setuptools["packages"])
    assert setuptools["package-dir"]["hrcli.data.configs"] == "configs"
    assert setuptools["package-dir"]["hrcli.data.corpus"] == "corpus"


def test_the_version_is_written_in_one_place():
    from hrcli import __version__

    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "hrcli.__version__"}
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
