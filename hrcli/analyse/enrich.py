"""Parsed notice -> enriched notice: topics, canonical departments and targets of every task."""

from __future__ import annotations

from hrcli.config import SHARED_CONFIGS
from hrcli.schema import Notice

# Config files whose content changes an enriched notice (part of the notice cache key).
ENRICH_CONFIGS = SHARED_CONFIGS


def enrich(notice: Notice, matching=None, taxonomy=None, departments=None, weigh=None) -> Notice:
    """Fill Task.topics, Department.canonical and Task.targets (in place); warn about unknown departments.

    The configs are loaded when not given (a corpus build loads them once for thousands of notices);
    `weigh(title, text)`, when given, computes topic_weights over the folded terms (the index's faster
    counter, whose results it also keeps for the topic profiles).
    """
    from hrcli.analyse.departments import canonicalize, load_departments
    from hrcli.analyse.targets import extract_targets
    from hrcli.analyse.topics import assign, load_topics, topic_weights
    from hrcli.config import load_matching
    from hrcli.parse.normalize import Normalizer

    matching = matching or load_matching()
    normalizer = Normalizer(matching.synonyms, ())
    taxonomy = taxonomy or load_topics()
    folded_terms = taxonomy.folded(normalizer)
    for task in notice.tasks:
        title, text = normalizer.fold(task.title), normalizer.fold(task.text)
        weights = weigh(title, text) if weigh else topic_weights(title, text, folded_terms, taxonomy.title_weight)
        task.topics = assign(weights, taxonomy)
        task.targets = extract_targets(task.text)
    unknown = canonicalize(notice, departments or load_departments())
    if unknown:
        notice.warnings.append(f"departments not in configs/departments.yaml (kept as written): {'、'.join(unknown)}")
    return notice
