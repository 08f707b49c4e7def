"""Parsed notice -> enriched notice: topics, canonical departments and targets of every task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcli.schema import Notice

if TYPE_CHECKING:
    from hrcli.settings import Settings

# Unknown departments named in the warning; a county's note of every township would make it a page long.
MAX_UNKNOWN_NAMED = 30


def enrich(notice: Notice, settings: Settings, weigh=None) -> Notice:
    """Fill Task.topics, Department.canonical and Task.targets (in place); warn about unknown departments.

    `weigh(title, text)`, when given, computes topic_weights over the folded terms (the corpus index's faster
    counter, which keeps its results for the topic profiles: one count per task).
    """
    from hrcli.analyse.departments import canonicalize
    from hrcli.analyse.targets import extract_targets
    from hrcli.analyse.topics import assign, topic_weights
    from hrcli.parse.normalize import Normalizer

    normalizer = Normalizer(settings.matching.synonyms, ())
    taxonomy = settings.taxonomy
    folded_terms = taxonomy.folded(normalizer)
    for task in notice.tasks:
        title, text = normalizer.fold(task.title), normalizer.fold(task.text)
        weights = weigh(title, text) if weigh else topic_weights(title, text, folded_terms, taxonomy.title_weight)
        task.topics = assign(weights, taxonomy)
        task.targets = extract_targets(task.text)
    unknown = canonicalize(notice, settings.departments)
    if unknown:
        more = f" and {len(unknown) - MAX_UNKNOWN_NAMED} more" if len(unknown) > MAX_UNKNOWN_NAMED else ""
        notice.warnings.append(
            f"departments not in configs/departments.yaml (kept as written): {'、'.join(unknown[:MAX_UNKNOWN_NAMED])}{more}")
    return notice
