"""Score an alignment against a hand-made gold file: precision, recall and F1 over task pairs."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from hrcli.align.matcher import Alignment
from hrcli.errors import InputError
from hrcli.schema import Notice


@dataclass
class Gold:
    """A gold alignment of two regions: `core` pairs must be found, `related` ones may be."""

    path: Path
    regions: tuple[str, str]
    core: set[tuple[int, int]]
    related: set[tuple[int, int]]


@dataclass
class Score:
    gold: Gold
    precision: float
    recall: float
    f1: float
    predicted: set[tuple[int, int]]
    missed: list[tuple[int, int]] = field(default_factory=list)  # core pairs not found
    wrong: list[tuple[int, int]] = field(default_factory=list)  # predicted pairs in neither grade


def read_gold(path: str | Path) -> Gold:
    """Read REGIONA__REGIONB.tsv with columns a, b, grade (core | related)."""
    path = Path(path)
    stem = path.stem
    if "__" not in stem:
        raise InputError(f"{path}: the file name must be REGIONA__REGIONB.tsv", "name the file after the two regions, e.g. linfen__qinghai.tsv")
    first, second = stem.split("__", 1)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from error
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    missing = {"a", "b", "grade"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}", "the header must be a, b, grade (tab-separated)")
    core, related = set(), set()
    for line, row in enumerate(reader, start=2):
        try:
            pair = (int(row["a"]), int(row["b"]))
        except (TypeError, ValueError):
            raise InputError(f"{path}:{line}: a and b must be task numbers, got {row['a']!r}, {row['b']!r}") from None
        grade = (row["grade"] or "").strip()
        if grade == "core":
            core.add(pair)
        elif grade == "related":
            related.add(pair)
        else:
            raise InputError(f"{path}:{line}: grade must be core or related, not {grade!r}")
    return Gold(path, (first, second), core, related)


def predicted_pairs(alignment: Alignment, first: Notice, second: Notice) -> set[tuple[int, int]]:
    """Task-number pairs the alignment links between two notices (either direction)."""
    numbers_a = {task.id: task.number for task in first.tasks}
    numbers_b = {task.id: task.number for task in second.tasks}
    pairs = set()
    for link in alignment.links:
        if link.a in numbers_a and link.b in numbers_b:
            pairs.add((numbers_a[link.a], numbers_b[link.b]))
        elif link.b in numbers_a and link.a in numbers_b:
            pairs.add((numbers_a[link.b], numbers_b[link.a]))
    return pairs


def score_alignment(gold: Gold, predicted: set[tuple[int, int]]) -> Score:
    """Recall over core pairs; precision counts a predicted pair right when it is core or related."""
    acceptable = gold.core | gold.related
    recall = len(predicted & gold.core) / len(gold.core) if gold.core else 1.0
    if predicted:
        precision = len(predicted & acceptable) / len(predicted)
    else:  # nothing predicted is right only when there was nothing to find
        precision = 0.0 if gold.core else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        gold=gold, precision=precision, recall=recall, f1=f1, predicted=predicted,
        missed=sorted(gold.core - predicted), wrong=sorted(predicted - acceptable),
    )
