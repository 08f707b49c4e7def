"""Reform-area topics (configs/topics.yaml): a task's topic profile and the topics it covers."""

from __future__ import annotations

import math
from collections.abc import Sequence
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
        self._found = Terms([term for _, term in self._terms])

    def weights(self, title: str, text: str, present: set[str] | None = None) -> list[float]:
        """The weight of each topic in the task; `present`: the two-character strings of title, NUL, text."""
        present = bigrams(f"{title}{SEPARATOR}{text}") if present is None else present
        by_start = self._by_start  # a few strings looked up in the dict (set.intersection(dict) walks the whole dict)
        return self._count(title, text, [order for start in present if start in by_start for order in by_start[start]]
                           + self._short)

    def weights_many(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """weights() of many (title, text) pairs, the terms they hold found all at once (numpy): only those counted."""
        found = self._found.found([f"{title}{SEPARATOR}{text}" for title, text in pairs])
        return [self._count(title, text, present + self._short) for (title, text), present in zip(pairs, found)]

    def _count(self, title: str, text: str, candidates: list[int]) -> list[float]:
        """The topic weights from these terms (every term the task holds among them), in the terms' order."""
        weights = [0.0] * self.topics
        for order in sorted(candidates):
            topic, term = self._terms[order]
            weights[topic] += text.count(term) + (self.title_weight - 1) * title.count(term)
        return weights


def bigrams(text: str) -> set[str]:
    """The two-character strings of a text."""
    return {text[k : k + 2] for k in range(len(text) - 1)}


class Terms:
    """Which of some terms occur in each of many texts, found for thousands of texts at once (numpy): each
    character pair of the texts as one integer, looked up in a sorted array of the terms' first two characters,
    the rest of a term compared where they are found. A Python set of every text's two-character strings, then
    str.count of every term starting with one, cost more than the rest of the topic counting.

    Terms shorter than two characters, or with SEPARATOR in their first two, are never found (callers try them).
    """

    def __init__(self, terms: Sequence[str]):
        self.terms = list(terms)
        self._tables: tuple | None = None  # made on first use (numpy)

    def found(self, texts: Sequence[str]) -> list[list[int]]:
        """The positions in `terms` of the terms occurring in each text, ascending."""
        result: list[list[int]] = [[] for _ in texts]
        start, size = 0, 0
        for end, text in enumerate(texts):  # a block of PAIRS_CHARACTERS at a time (bounded temporaries)
            size += len(text) + 1
            if size >= PAIRS_CHARACTERS or end == len(texts) - 1:
                self._block(texts[start : end + 1], result, start)
                start, size = end + 1, 0
        return result

    def _make_tables(self):
        import numpy as np

        looked = [k for k, term in enumerate(self.terms) if len(term) >= 2 and SEPARATOR not in term[:2]]
        # (a << 21) | b orders as the pairs do: code points are below 2^21
        prefix = np.array([(ord(self.terms[k][0]) << 21) | ord(self.terms[k][1]) for k in looked], dtype=np.int64)
        codes, which = np.unique(prefix, return_inverse=True)
        order = np.lexsort((np.array(looked, dtype=np.int64), which))  # by first two characters, then position
        by_prefix = np.array(looked, dtype=np.int64)[order]
        pointers = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(np.bincount(which, minlength=len(codes)), out=pointers[1:])
        longest = max((len(self.terms[k]) for k in looked), default=2)
        characters = np.full((len(self.terms), longest), -1, dtype=np.intp)  # -1 past a term's end
        for k in looked:
            characters[k, : len(self.terms[k])] = [ord(c) for c in self.terms[k]]
        first, second = np.zeros(1 << 21, dtype=bool), np.zeros(1 << 21, dtype=bool)
        first[codes >> 21] = True
        second[codes & ((1 << 21) - 1)] = True
        return codes, pointers, by_prefix, characters, first, second

    def _block(self, texts: Sequence[str], result: list[list[int]], offset: int) -> None:
        import numpy as np

        if self._tables is None:
            self._tables = self._make_tables()
        codes, pointers, by_prefix, characters, first, second = self._tables
        if not len(codes):
            return
        points = np.frombuffer(SEPARATOR.join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.intp)
        # a table look-up of both characters first: the sorted search only for the few pairs that pass
        hits = np.flatnonzero(first[points[:-1]] & second[points[1:]])
        pairs = (points[hits] << 21) | points[hits + 1]
        where = np.minimum(np.searchsorted(codes, pairs), len(codes) - 1)
        known = codes[where] == pairs
        hits, where = hits[known], where[known]
        # each hit against every term of its first two characters, their other characters compared
        counts = pointers[where + 1] - pointers[where]
        positions = np.repeat(hits, counts)
        term = by_prefix[np.repeat(pointers[where] - np.cumsum(counts) + counts, counts) + np.arange(len(positions))]
        padded = np.concatenate([points, np.full(characters.shape[1], -2, dtype=np.intp)])
        match = np.ones(len(positions), dtype=bool)
        for k in range(2, characters.shape[1]):
            wanted = characters[term, k]
            match &= (wanted < 0) | (padded[positions + k] == wanted)
        positions, term = positions[match], term[match]
        if not len(positions):
            return
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        starts = np.cumsum(lengths) - lengths
        owner = np.searchsorted(starts, positions, side="right") - 1  # a term holding SEPARATOR may span two texts:
        distinct = np.unique(owner * len(self.terms) + term)  # then found in the first (a superset is harmless)
        for text, found in zip((distinct // len(self.terms)).tolist(), (distinct % len(self.terms)).tolist()):
            result[offset + text].append(found)


# Characters of text looked up at a time.
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
