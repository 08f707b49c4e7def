"""Parsed notice -> enriched notice: topics, canonical departments and targets of every task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcli.schema import Notice

if TYPE_CHECKING:
    from hrcli.analyse.topics import Taxonomy, TopicCounter
    from hrcli.config import Matching
    from hrcli.parse.normalize import Normalizer
    from hrcli.settings import Settings

# Unknown departments named in the warning; a county's note of every township would make it a page long.
MAX_UNKNOWN_NAMED = 30


def enrich(notice: Notice, settings: Settings, weigh=None) -> Notice:
    """Fill Task.topics, Department.canonical and Task.targets (in place); warn about unknown departments.

    `weigh(pairs)`, when given, computes the topic weights of the tasks' folded (title, text) pairs all at once
    (the corpus index's counter, which keeps its results for the topic profiles: one count per task).
    """
    from hrcli.analyse.departments import canonicalize
    from hrcli.analyse.targets import extract_targets
    from hrcli.analyse.topics import assign

    taxonomy = settings.taxonomy
    normalizer, counter = _folding(settings.matching, taxonomy)
    pairs = [(normalizer.fold(task.title), normalizer.fold(task.text)) for task in notice.tasks]
    every = weigh(pairs) if weigh else [counter.weights(title, text) for title, text in pairs]
    for task, weights in zip(notice.tasks, every):
        task.topics = assign(weights, taxonomy)
        task.targets = extract_targets(task.text)
    unknown = canonicalize(notice, settings.departments)
    if unknown:
        more = f" and {len(unknown) - MAX_UNKNOWN_NAMED} more" if len(unknown) > MAX_UNKNOWN_NAMED else ""
        notice.warnings.append(
            f"departments not in configs/departments.yaml (kept as written): {'、'.join(unknown[:MAX_UNKNOWN_NAMED])}{more}")
    return notice


_FOLDING: list[tuple] = []  # (matching, taxonomy, normalizer, topic counter) of the configs last enriched with


def _folding(matching: Matching, taxonomy: Taxonomy) -> tuple[Normalizer, TopicCounter]:
    """The synonym folder of these configs and the counter of the topic terms it folds, made once for a run's notices.

    Folding the 300 topic terms again for every notice cost more than counting them (a corpus build enriches
    thousands of notices with the same configs: one Settings, so the same objects).
    """
    if not _FOLDING or _FOLDING[0][0] is not matching or _FOLDING[0][1] is not taxonomy:
        from hrcli.analyse.topics import TopicCounter
        from hrcli.parse.normalize import Normalizer

        normalizer = Normalizer(matching.synonyms, ())
        _FOLDING[:] = [(matching, taxonomy, normalizer, TopicCounter(taxonomy.folded(normalizer), taxonomy.title_weight))]
    return _FOLDING[0][2], _FOLDING[0][3]
