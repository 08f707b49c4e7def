"""Score an alignment against a hand-made gold file: precision, recall and F1 over task pairs."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hrcli.align.matcher import Alignment, Matcher
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
    strict_f1: float = 0.0  # F1 with precision over core pairs only (a related pair counts as wrong)


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
    """Task-number pairs a reader takes from the rows: every task of `first` beside every task of `second` in a row."""
    pairs = set()
    for row in alignment.rows:
        for a in row.tasks.get(first.region, []):
            for b in row.tasks.get(second.region, []):
                pairs.add((a.number, b.number))
    return pairs


def score_alignment(gold: Gold, predicted: set[tuple[int, int]]) -> Score:
    """Recall over core pairs; precision counts a predicted pair right when it is core or related."""
    acceptable = gold.core | gold.related
    recall = len(predicted & gold.core) / len(gold.core) if gold.core else 1.0
    if predicted:
        precision = len(predicted & acceptable) / len(predicted)
    else:  # nothing predicted is right only when there was nothing to find
        precision = 0.0 if gold.core else 1.0
    strict = len(predicted & gold.core) / len(predicted) if predicted else precision
    return Score(
        gold=gold, precision=precision, recall=recall, f1=_f1(precision, recall), predicted=predicted,
        missed=sorted(gold.core - predicted), wrong=sorted(predicted - acceptable), strict_f1=_f1(strict, recall),
    )


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Fold:
    """One fold of leave-one-region-out cross-validation: settings tuned without `region`, scored on its pairs."""

    region: str
    settings: dict[str, float]
    train_f1: float
    scores: list[Score]


def cross_validate(golds: Sequence[Gold], notices: Mapping[str, Notice], matcher: Matcher,
                   grid: Mapping[str, Sequence[float]], objective: str = "f1") -> list[Fold]:
    """Leave-one-region-out: for each region, tune `grid` on the gold pairs without it, score the pairs with it.

    The settings tried are matching.yaml keys (threshold, partner_ratio, topic_weight); a tie goes to the
    setting nearest the shipped one, so the shipped configs are not favoured otherwise. `objective` is the Score
    field tuned for: "f1", or "strict_f1" (a predicted related pair counts as wrong).
    """
    from hrcli.align.link import pair_links

    shipped = {key: getattr(matcher.settings, key) for key in grid}
    keys = sorted(grid)
    combos = [dict(zip(keys, values)) for values in itertools.product(*(grid[key] for key in keys))]
    matrices: dict[tuple, list[list[float]]] = {}
    vetoes: dict[Path, object] = {}
    saved = matcher.settings.topic_weight
    try:
        for weight in sorted({combo.get("topic_weight", saved) for combo in combos}):
            matcher.settings.topic_weight = weight
            for gold in golds:
                first, second = (notices[region] for region in gold.regions)
                matrices[(weight, gold.path)] = matcher.score_matrix(first.tasks, second.tasks)
                vetoes[gold.path] = matcher.veto(first.tasks, second.tasks)
    finally:
        matcher.settings.topic_weight = saved

    def score(gold: Gold, combo: dict) -> Score:
        values = {**shipped, **combo}
        links = pair_links(matrices[(values.get("topic_weight", saved), gold.path)], values["threshold"],
                           matcher.settings.relative_threshold, values.get("partner_ratio", matcher.settings.partner_ratio),
                           matcher.settings.max_partners, vetoes[gold.path])
        return score_alignment(gold, {(i + 1, j + 1) for i, j, _ in links})

    def mean_f1(combo: dict, train: list[Gold]) -> float:
        return round(sum(getattr(score(gold, combo), objective) for gold in train) / len(train), 9)

    def fitness(combo: dict, train: list[Gold]) -> tuple:
        # Ties go to the middle of a plateau (the most grid steps, in each setting, before the F1 drops), then to
        # the shipped settings: at the edge of a plateau a held-out pair falls off.
        best = mean_f1(combo, train)
        margin = sum(_plateau_margin(grid[key], combo[key], lambda v, key=key: mean_f1({**combo, key: v}, train) >= best)
                     for key in keys)
        return (best, margin, -sum(abs(combo[key] - shipped[key]) for key in keys))

    folds = []
    for region in sorted({region for gold in golds for region in gold.regions}):
        train = [gold for gold in golds if region not in gold.regions]
        test = [gold for gold in golds if region in gold.regions]
        if train and test:
            best = max(combos, key=lambda combo, train=train: fitness(combo, train))
            folds.append(Fold(region, best, fitness(best, train)[0], [score(gold, best) for gold in test]))
    return folds


def _plateau_margin(values: Sequence[float], value: float, holds) -> int:
    """Grid steps from `value` to the nearer end of the run of values where `holds(v)` (the plateau it is on)."""
    ordered = sorted(values)
    k = ordered.index(value)
    left = next((d for d in range(1, k + 1) if not holds(ordered[k - d])), k + 1)
    right = next((d for d in range(1, len(ordered) - k) if not holds(ordered[k + d])), len(ordered) - k)
    return min(left, right)
