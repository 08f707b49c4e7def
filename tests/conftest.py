"""Shared fixtures: the real corpus notices, an isolated cache, and an in-process CLI runner."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "data" / "gold"  # a copy of ../shared/gold: CI clones the project alone
DEVGOLD = ROOT / "tests" / "data" / "devgold"
REGIONS = ["linfen", "shanxi", "qinghai", "sixian", "nanchang"]


def crediting_tests() -> bool:
    """True while mutmut runs the suite once to see which tests call which function (`make mutation`)."""
    return os.environ.get("MUTANT_UNDER_TEST") == "stats"


def pytest_collection_modifyitems(config, items):
    """Under `make mutation`, only the tests of the group being run (tests/mutation_groups.py)."""
    group = os.environ.get("HRCLI_MUTATION_GROUP")
    if not group:
        return
    from .mutation_groups import tests_of

    files = set(tests_of(group))
    kept = [item for item in items if item.path.name in files]
    config.hook.pytest_deselected(items=[item for item in items if item.path.name not in files])
    items[:] = kept


def shared(scope: str):
    """A fixture scope: `scope`, but one value per test while mutmut credits functions to tests.

    mutmut runs, for each mutant, the tests it saw calling the mutated function; a value shared between tests
    (or a cached parse) is computed during one test only, and the others would never be credited. When a mutant
    runs, sharing is safe again (every value is computed with that mutant) and makes its tests several times faster.
    """
    return lambda fixture_name, config: "function" if crediting_tests() else scope


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test uses a private cache folder (never the user's) and the project's corpus.

    The folder is shared by the session, but is the test's own while mutmut credits tests (see `shared`).
    """
    cache = tmp_path_factory.mktemp("cache") if crediting_tests() else tmp_path_factory.getbasetemp() / "cache"
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(cache))
    monkeypatch.delenv("HRCLI_NO_CACHE", raising=False)
    monkeypatch.delenv("HRCLI_CORPUS", raising=False)
    monkeypatch.delenv("HRCLI_CONFIG_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def configs(tmp_path, monkeypatch) -> Path:
    """A private copy of the project's configs/, used through HRCLI_CONFIG_DIR."""
    folder = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", folder)
    monkeypatch.setenv("HRCLI_CONFIG_DIR", str(folder))
    return folder


def read_corpus(slug: str) -> str:
    return (CORPUS / f"{slug}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope=shared("session"))
def notices():
    """Every corpus notice, parsed and enriched once with the default configs, as the CLI sees it: {slug: Notice}."""
    from hrcli.analyse.enrich import enrich
    from hrcli.parse.notice import parse_notice
    from hrcli.settings import Settings

    defaults = Settings()
    return {slug: enrich(parse_notice(read_corpus(slug), slug, source=f"corpus/{slug}.txt"), defaults) for slug in REGIONS}


def current_settings(**options):
    """The settings a command would make now from the test's environment (its private cache, the project corpus)."""
    from hrcli.settings import Settings

    return Settings.from_environment(cwd=ROOT, **options)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def one_error_line(result) -> str:
    """The single stderr line of a failed command: `hrcli: error: …`, no traceback."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hrcli: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def run_cli(args: list[str], input: str | bytes | None = None, env: dict | None = None) -> Result:
    """Run hrcli in-process through the same boundary as the console script (Typer's CliRunner isolation)."""
    from typer.testing import CliRunner

    from hrcli import cli

    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        code = cli.main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(code, out.decode("utf-8"), err.decode("utf-8"))


@pytest.fixture
def cli():
    return run_cli

