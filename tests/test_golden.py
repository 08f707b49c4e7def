"""The golden compare file against the project's gold: a golden file must hold output a careful reader checked.

tests/golden/compare_linfen_qinghai.tsv freezes what `hrcli compare linfen qinghai` prints;
tests/data/gold/linfen__qinghai.tsv is the hand-made alignment of the same two notices. Where they
disagree, the test names the pair. Disagreements known today are marked xfail(strict=True) with the
reason: when the aligner is fixed and `make golden` rewrites the file, the mark makes the test fail
until it is removed, so the fix is seen.
"""

from __future__ import annotations

import csv

import pytest

from hrcli.config import load_matching
from hrcli.parse.notice import chinese_number

from .conftest import GOLD
from .make_golden import GOLDEN

COMPARE = GOLDEN / "compare_linfen_qinghai.tsv"
# Phrases of everyday words that hrcli/align/matcher.py says it keeps out of `why` (they say nothing about the measure).
EVERYDAY_PHRASES = ("符合条件",)


def read_tsv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def numbers(cell: str) -> list[int]:
    """'(一); (二十三)' (the task labels of a row) -> [1, 23]; '' -> []."""
    return [chinese_number(part.strip("()")) for part in cell.split("; ") if part]


GOLD_ROWS = read_tsv(GOLD / "linfen__qinghai.tsv")
CORE = [(int(row["a"]), int(row["b"])) for row in GOLD_ROWS if row["grade"] == "core"]
LINKED = {(int(row["a"]), int(row["b"])) for row in GOLD_ROWS}  # core and related: showing them together is right
LINFEN_TASKS, QINGHAI_TASKS = 18, 24


def known(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


def golden_rows() -> list[dict]:
    return [
        {"status": row["status"], "why": row["why"], "linfen": numbers(row["linfen_task"]), "qinghai": numbers(row["qinghai_task"])}
        for row in read_tsv(COMPARE)
    ]


def row_of(linfen: int) -> dict:
    rows = [row for row in golden_rows() if linfen in row["linfen"]]
    assert len(rows) == 1, f"Linfen task {linfen} is in {len(rows)} rows of {COMPARE.name}"
    return rows[0]


def test_the_gold_has_core_pairs_to_check():
    assert len(CORE) >= 10 and len(LINKED) > len(CORE)


def test_every_task_of_both_notices_is_in_exactly_one_row():
    rows = golden_rows()
    assert sorted(n for row in rows for n in row["linfen"]) == list(range(1, LINFEN_TASKS + 1))
    assert sorted(n for row in rows for n in row["qinghai"]) == list(range(1, QINGHAI_TASKS + 1))
    for row in rows:
        assert (row["status"] == "matched") == bool(row["linfen"] and row["qinghai"]), row


@pytest.mark.parametrize(
    ("linfen", "qinghai"),
    [
        pytest.param(a, b, marks=known("Linfen (三) is only-in-Linfen; the gold pairs it with Qinghai (十一) (county integration)"))
        if (a, b) == (3, 11) else (a, b)
        for a, b in CORE
    ],
)
def test_every_core_pair_of_the_gold_shares_a_row(linfen, qinghai):
    row = row_of(linfen)
    assert qinghai in row["qinghai"], f"gold pairs Linfen {linfen} with Qinghai {qinghai} (core); the golden row has {row}"
    assert row["status"] == "matched"


@pytest.mark.parametrize(
    "linfen",
    range(1, LINFEN_TASKS + 1),
)
def test_every_pair_in_a_golden_row_is_linked_in_the_gold(linfen):
    row = row_of(linfen)
    wrong = [qinghai for qinghai in row["qinghai"] if (linfen, qinghai) not in LINKED]
    assert not wrong, f"Linfen {linfen} beside Qinghai {wrong}: the gold links them neither core nor related"


@pytest.mark.parametrize(
    "linfen",
    sorted({a for a, _ in LINKED}),
)
def test_why_names_no_stop_phrase(linfen):
    banned = [*load_matching().stop_phrases, *EVERYDAY_PHRASES]
    terms = [term for term in row_of(linfen)["why"].split(", ") if term]
    assert not [term for term in terms if any(phrase in term for phrase in banned)], terms
