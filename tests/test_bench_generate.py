"""The benchmark corpus generator: deterministic by seed, and every notice it writes parses."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from hrcli.parse.notice import parse_notice

from .conftest import shared

BENCH = Path(__file__).resolve().parent.parent / "bench"
COUNT = 20


@pytest.fixture(scope=shared("module"))
def generate():
    """bench/generate.py as a module (the bench scripts import their siblings by name)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        yield importlib.import_module("generate")


def corpus_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("syn*.txt"))}


@pytest.fixture(scope=shared("module"))
def seed_one(generate, tmp_path_factory):
    """A 20-notice corpus of seed 1."""
    folder = tmp_path_factory.mktemp("seed1")
    generate.generate_corpus(COUNT, 1, folder)
    return folder


def test_same_seed_gives_the_same_bytes(generate, seed_one, tmp_path):
    generate.generate_corpus(COUNT, 1, tmp_path)
    first, second = corpus_bytes(seed_one), corpus_bytes(tmp_path)
    assert len(first) == COUNT
    assert first == second


def test_another_seed_gives_other_notices(generate, seed_one, tmp_path):
    generate.generate_corpus(COUNT, 2, tmp_path)
    first, second = corpus_bytes(seed_one), corpus_bytes(tmp_path)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert len(differing) >= COUNT // 2


def test_every_generated_notice_parses_with_departments(seed_one):
    for path in sorted(seed_one.glob("syn*.txt")):
        notice = parse_notice(path.read_text(encoding="utf-8"), path.stem, source=str(path))
        assert len(notice.tasks) >= 5, path.name
        assert all(task.departments for task in notice.tasks), path.name
        numbers = [task.number for task in notice.tasks]
        assert numbers == list(range(1, len(numbers) + 1)), f"{path.name}: tasks are not renumbered consecutively"
        assert not any("numbering" in warning for warning in notice.warnings), path.name


def test_generated_notices_are_renamed_and_reworded(seed_one, notices):
    """No synthetic notice names its base region, and none is a copy of a real notice's tasks."""
    real_places = {notice.place for notice in notices.values()}
    real_titles = {tuple(task.title for task in notice.tasks) for notice in notices.values()}
    for path in sorted(seed_one.glob("syn*.txt")):
        notice = parse_notice(path.read_text(encoding="utf-8"), path.stem)
        assert notice.place not in real_places, path.name
        assert tuple(task.title for task in notice.tasks) not in real_titles, path.name


def test_chinese_numerals_round_trip(generate):
    from hrcli.parse.notice import chinese_number

    for number in range(1, 100):
        assert chinese_number(generate.chinese_numeral(number)) == number


def test_label_keeps_its_printed_style(generate):
    assert generate.label("（三）", 15) == "（十五）"
    assert generate.label("(一)", 2) == "(二)"
    assert generate.label("1.", 12) == "12."


def test_generated_notices_are_simplified_chinese_as_real_ones(seed_one):
    from hrcli.read.textio import to_simplified

    for path in sorted(seed_one.glob("syn*.txt")):
        assert to_simplified(path.read_text(encoding="utf-8"))[1] is None, path.name  # nothing to convert
