"""Reform-area topics (configs/topics.yaml): a task's topic profile and the topics it covers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hrcli.cache import NO_CACHE, Cache
from hrcli.config import DEFAULT_CONFIG_DIR, check_keys, load_yaml, require_mapping, require_number, string_list
from hrcli.parse.normalize import SEPARATOR, Normalizer, Terms

TOPIC_FIELDS = {"zh", "en", "terms"}


@dataclass
class Topic:
    key: str
    zh: str
    en: str
    terms: list[str]


@dataclass
class Taxonomy:
    """The topics, and the rule for assigning them."""

    topics: list[Topic]
    min_score: float
    relative: float
    title_weight: float
    warnings: list[str]

    def folded(self, normalizer: Normalizer) -> list[list[str]]:
        """Each topic's terms in the matcher's folded form."""
        return [[normalizer.fold(term) for term in topic.terms] for topic in self.topics]


def load_topics(directory: Path = DEFAULT_CONFIG_DIR, cache: Cache = NO_CACHE) -> Taxonomy:
    """topics.yaml -> Taxonomy, each topic with zh, en and a non-empty list of terms."""
    loaded = load_yaml(directory / "topics.yaml", cache)
    data = require_mapping(loaded, loaded.data)
    check_keys(loaded, data, {"topics", "min_score", "relative", "title_weight"})
    raw = require_mapping(loaded, data.get("topics"), "topics")
    if not raw:
        raise loaded.error("expected at least one topic under 'topics'", "topics")
    topics = []
    for key, entry in raw.items():
        entry = require_mapping(loaded, entry, "topics", key)
        check_keys(loaded, entry, TOPIC_FIELDS, "topics", key)
        terms = string_list(loaded, entry.get("terms"), "topics", key, "terms")
        if not terms:
            raise loaded.error(f"topic {key!r} needs a non-empty list of terms", "topics", key)
        topics.append(Topic(str(key), str(entry.get("zh", key)), str(entry.get("en", key)), terms))
    return Taxonomy(
        topics=topics,
        # min_score 0 would give every topic to a task that holds none of its terms.
        min_score=require_number(loaded, data, "min_score", 0.1, 100, default=2.0),
        relative=require_number(loaded, data, "relative", 0, 1, default=0.5),
        title_weight=require_number(loaded, data, "title_weight", 1, 100, default=3),
        warnings=loaded.warnings,
    )


class TopicCounter:
    """How strongly each topic's terms occur in a task (a term in the title counts title_weight times).

    Only the terms whose first two characters occur in the task are counted: a text holds few of the 300
    terms, and a term absent adds 0 to its topic, so the sums are those of counting every term in order.
    """

    def __init__(self, folded_terms: list[list[str]], title_weight: float):
        self.topics = len(folded_terms)
        self.title_weight = title_weight
        self._terms = [(topic, term) for topic, terms in enumerate(folded_terms) for term in terms]
        self._found = Terms([term for _, term in self._terms])  # its unsure terms are always counted (absent: 0)

    def weights(self, title: str, text: str, present: set[str] | None = None) -> list[float]:
        """The weight of each topic in the task; `present`: the two-character strings of title, NUL, text."""
        present = bigrams(f"{title}{SEPARATOR}{text}") if present is None else present
        return self._count(title, text, self._found.starting_with(present) + self._found.unsure)

    def weights_many(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """weights() of many (title, text) pairs, the terms they hold found all at once (numpy): only those counted."""
        found = self._found.found([f"{title}{SEPARATOR}{text}" for title, text in pairs])
        return [self._count(title, text, present + self._found.unsure) for (title, text), present in zip(pairs, found)]

    def _count(self, title: str, text: str, candidates: list[int]) -> list[float]:
        """The topic weights from these terms (every term the task holds among them), in the terms' order."""
        weights = [0.0] * self.topics
        terms, extra = self._terms, self.title_weight - 1
        for order in sorted(candidates):
            topic, term = terms[order]
            weights[topic] += text.count(term) + extra * title.count(term)
        return weights


def bigrams(text: str) -> set[str]:
    """The two-character strings of a text."""
    return {text[k : k + 2] for k in range(len(text) - 1)}


def unit(vector: list[float]) -> list[float]:
    """The vector scaled to length 1 (all zeros stay zeros)."""
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector] if norm else vector


def assign(weights: list[float], taxonomy: Taxonomy) -> list[str]:
    """Topic keys whose weight reaches min_score and `relative` of the strongest, strongest first."""
    strongest = max(weights, default=0.0)
    if not weights or strongest < taxonomy.min_score:
        return []
    floor = max(taxonomy.min_score, taxonomy.relative * strongest)
    kept = [k for k, weight in enumerate(weights) if weight >= floor]  # few topics reach the floor: only they are ranked
    kept.sort(key=lambda k: (-weights[k], k))
    return [taxonomy.topics[k].key for k in kept]
