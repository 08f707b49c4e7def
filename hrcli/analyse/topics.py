"""Reform-area topics (configs/topics.yaml): a task's topic profile and the topics it covers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hrcli.cache import NO_CACHE, Cache
from hrcli.config import DEFAULT_CONFIG_DIR, check_keys, load_yaml, require_mapping, require_number, string_list
from hrcli.parse.normalize import Normalizer

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


# Between a task's title and text when their two-character strings are taken together: no term spans it.
SEPARATOR = "\x00"


class TopicCounter:
    """How strongly each topic's terms occur in a task (a term in the title counts title_weight times).

    Only the terms whose first two characters occur in the task are counted: a text holds few of the 300
    terms, and a term absent adds 0 to its topic, so the sums are those of counting every term in order.
    """

    def __init__(self, folded_terms: list[list[str]], title_weight: float):
        self.topics = len(folded_terms)
        self.title_weight = title_weight
        self._terms = [(topic, term) for topic, terms in enumerate(folded_terms) for term in terms]
        self._by_start: dict[str, list[int]] = {}
        self._short = []
        for order, (_, term) in enumerate(self._terms):
            if len(term) >= 2 and SEPARATOR not in term[:2]:
                self._by_start.setdefault(term[:2], []).append(order)
            else:  # always counted (a term that is absent adds 0)
                self._short.append(order)
        self._starts = Pairs(self._by_start)

    def weights(self, title: str, text: str, present: set[str] | None = None) -> list[float]:
        """The weight of each topic in the task; `present`: the two-character strings of title, NUL, text."""
        present = bigrams(f"{title}{SEPARATOR}{text}") if present is None else present
        by_start = self._by_start  # a few strings looked up in the dict (set.intersection(dict) walks the whole dict)
        candidates = [order for start in present if start in by_start for order in by_start[start]]
        weights = [0.0] * self.topics
        for order in sorted(candidates + self._short):
            topic, term = self._terms[order]
            weights[topic] += text.count(term) + (self.title_weight - 1) * title.count(term)
        return weights

    def weights_many(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """weights() of many (title, text) pairs, their two-character strings looked up all at once (numpy)."""
        found = self._starts.found([f"{title}{SEPARATOR}{text}" for title, text in pairs])
        return [self.weights(title, text, set(present)) for (title, text), present in zip(pairs, found)]


def bigrams(text: str) -> set[str]:
    """The two-character strings of a text."""
    return {text[k : k + 2] for k in range(len(text) - 1)}


class Pairs:
    """Which of some two-character strings occur in each of many texts (what bigrams(text) & strings gives), found
    for thousands of texts at once: each character pair of the texts as one integer, looked up in a sorted array.
    A Python set of every text's two-character strings cost more than the rest of the topic counting.
    """

    def __init__(self, strings: Iterable[str]):
        # A string holding SEPARATOR could span two texts joined by it: the callers test those one by one.
        self.strings = sorted(s for s in set(strings) if len(s) == 2 and SEPARATOR not in s)
        self._codes = None  # made on first use (numpy)

    def found(self, texts: Sequence[str]) -> list[list[str]]:
        """The strings occurring in each text, each once."""
        result: list[list[str]] = [[] for _ in texts]
        start, size = 0, 0
        for end, text in enumerate(texts):  # a block of PAIRS_CHARACTERS at a time (bounded temporaries)
            size += len(text) + 1
            if size >= PAIRS_CHARACTERS or end == len(texts) - 1:
                self._block(texts[start : end + 1], result, start)
                start, size = end + 1, 0
        return result

    def _block(self, texts: Sequence[str], result: list[list[str]], first: int) -> None:
        import numpy as np

        if self._codes is None:
            # (a << 21) | b orders as the strings do: code points are below 2^21
            self._codes = np.array([(ord(s[0]) << 21) | ord(s[1]) for s in self.strings], dtype=np.int64)
            self._first = np.zeros(1 << 21, dtype=bool)  # the strings' first characters, and second ones
            self._second = np.zeros(1 << 21, dtype=bool)
            self._first[self._codes >> 21] = True
            self._second[self._codes & ((1 << 21) - 1)] = True
        codes = self._codes
        if not len(codes):
            return
        joined = SEPARATOR.join(texts)
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.intp)
        # a table look-up of both characters first: the sorted search only for the few pairs that pass
        hits = np.flatnonzero(self._first[points[:-1]] & self._second[points[1:]])
        pairs = (points[hits] << 21) | points[hits + 1]
        where = np.minimum(np.searchsorted(codes, pairs), len(codes) - 1)
        found = codes[where] == pairs
        hits, where = hits[found], where[found]
        if not len(hits):
            return
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        starts = np.cumsum(lengths) - lengths
        owner = np.searchsorted(starts, hits, side="right") - 1  # no pair spans two texts (none holds SEPARATOR)
        distinct = np.unique(owner * len(codes) + where)
        strings = self.strings
        for text, string in zip((distinct // len(codes)).tolist(), (distinct % len(codes)).tolist()):
            result[first + text].append(strings[string])


# Characters of text whose pairs are looked up at a time.
PAIRS_CHARACTERS = 1 << 18


def unit(vector: list[float]) -> list[float]:
    """The vector scaled to length 1 (all zeros stay zeros)."""
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector] if norm else vector


def assign(weights: list[float], taxonomy: Taxonomy) -> list[str]:
    """Topic keys whose weight reaches min_score and `relative` of the strongest, strongest first."""
    if not weights or max(weights) < taxonomy.min_score:
        return []
    floor = max(taxonomy.min_score, taxonomy.relative * max(weights))
    kept = [k for k, weight in enumerate(weights) if weight >= floor]  # few topics reach the floor: only they are ranked
    kept.sort(key=lambda k: (-weights[k], k))
    return [taxonomy.topics[k].key for k in kept]
