"""Leave-one-region-out cross-validation of the aligner's settings against the gold files (`make cv`).

For each region: the settings in GRID (matching.yaml keys) that score best on the gold pairs without that
region are scored on the pairs with it. Prints one line per fold, then the macro-F1 over every (fold, pair)
score: the figure README "How matching works" reports. `strict` counts a predicted `related` pair as wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _common import PROJECT_ROOT, REAL_CORPUS, use_project_python

GRID = {
    "threshold": [x / 100 for x in range(14, 36, 2)],
    "partner_ratio": [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    "topic_weight": [0.1, 0.2, 0.3],
}
GOLD = [PROJECT_ROOT / "tests/data/gold/linfen__qinghai.tsv", *sorted((PROJECT_ROOT / "tests/data/devgold").glob("*.tsv"))]


def main(paths: list[Path], tune: list[str], objective: str = "f1") -> None:
    """Run the cross-validation over the given gold files (default: the visible and the dev gold)."""
    from hrcli.align.evaluate import cross_validate, read_gold
    from hrcli.comparison import build_matcher
    from hrcli.corpus import Corpus
    from hrcli.settings import Settings

    corpus = Corpus(Settings.from_environment(corpus=REAL_CORPUS))
    golds = [read_gold(path) for path in paths]
    notices = {region: corpus.load(region) for gold in golds for region in gold.regions}
    matcher = build_matcher(corpus, list(notices.values()))
    folds = cross_validate(golds, notices, matcher, {key: GRID[key] for key in tune}, objective)
    for fold in folds:
        scores = ", ".join(f"{s.gold.path.stem} {s.f1:.3f}/{s.strict_f1:.3f}" for s in fold.scores)
        print(f"without {fold.region}: tuned {fold.settings} (train F1 {fold.train_f1:.3f}); held out: {scores}")
    f1s = [s.f1 for fold in folds for s in fold.scores]
    strict = [s.strict_f1 for fold in folds for s in fold.scores]
    print(f"leave-one-region-out macro-F1 {sum(f1s) / len(f1s):.3f} (strict {sum(strict) / len(strict):.3f}) "
          f"over {len(f1s)} held-out pair scores; micro-F1 {micro_f1([s for fold in folds for s in fold.scores]):.3f}")
    table_f1(golds, notices, matcher, TABLE)


def micro_f1(scores) -> float:
    """F1 over the pooled pairs of all scores (a pair of a two-task notice weighs what any other pair weighs)."""
    predicted = sum(len(s.predicted) for s in scores)
    right = sum(len(s.predicted & (s.gold.core | s.gold.related)) for s in scores)
    found = sum(len(s.predicted & s.gold.core) for s in scores)
    core = sum(len(s.gold.core) for s in scores)
    precision, recall = right / max(predicted, 1), found / max(core, 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# The N-region table measured like the pairwise compare: the pairs a reader takes from its rows.
TABLE = ["linfen", "qinghai", "nanchang", "sixian"]


def table_f1(golds, notices, matcher, regions: list[str]) -> None:
    """Macro-F1 of the pairs read off the rows of `compare REGIONS...` (shipped settings), per gold pair inside."""
    from hrcli.align.evaluate import predicted_pairs, score_alignment
    from hrcli.align.matcher import align_tasks

    table = align_tasks([notices[region] for region in regions], matcher)
    scores = [score_alignment(gold, predicted_pairs(table, *(notices[r] for r in gold.regions)))
              for gold in golds if set(gold.regions) <= set(regions)]
    listed = ", ".join(f"{s.gold.path.stem} {s.f1:.3f}" for s in scores)
    mean = sum(s.f1 for s in scores) / len(scores)
    strict = sum(s.strict_f1 for s in scores) / len(scores)
    print(f"compare {' '.join(regions)}: pairs read off the rows, macro-F1 {mean:.3f} (strict {strict:.3f}): {listed}")


if __name__ == "__main__":
    use_project_python()
    arguments = sys.argv[1:]
    # --tune threshold,partner_ratio: tune only these (the others stay as matching.yaml has them).
    # --strict: tune for strict F1 (a predicted related pair counts as wrong), as a precision-minded gold would.
    keys, objective = list(GRID), "f1"
    while arguments[:1] in (["--tune"], ["--strict"]):
        if arguments[0] == "--strict":
            objective, arguments = "strict_f1", arguments[1:]
        else:
            keys, arguments = arguments[1].split(","), arguments[2:]
    main([Path(arg) for arg in arguments] or GOLD, keys, objective)
