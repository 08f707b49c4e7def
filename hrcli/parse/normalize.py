"""Text as the matcher reads it: synonyms folded, boilerplate and place names blanked, n-grams counted."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from hrcli.parse.regex import sieved

# Runs of Chinese characters and Latin letters; digits and punctuation separate them.
WORD_RUNS = re.compile(r"[\u4e00-\u9fffA-Za-z+]+")
PLACE_SUFFIXES = ("自治区", "自治州", "省", "市", "州", "县", "区", "旗", "盟")
# The country's own names: 健康中国 is the national action, never a place-named campaign.
NATIONAL_NAMES = frozenset({"中国", "全国", "国家", "中华人民共和国"})
# Between texts (a task's title and text, the texts of a batch) when looked up together: no term spans it.
SEPARATOR = "\x00"


class Normalizer:
    """Folds synonyms to one form and blanks stop phrases (matching.yaml)."""

    def __init__(self, synonyms: dict[str, list[str]], stop_phrases: Iterable[str], stop_patterns: Iterable[str] = (),
                 families: dict[str, list[str]] | None = None, place_campaigns: dict[str, list[str]] | None = None,
                 places: Iterable[str] = ()):
        forms = {form: canonical for canonical, variants in synonyms.items() for form in variants}
        self._synonyms = _alternation(forms)
        self._forms = forms
        self._stop = _alternation({phrase: " " for phrase in stop_phrases})
        # Shapes rather than phrases (各X人民政府, 有关部门): tried before the literal phrases.
        self._stop_patterns = [sieved(pattern) for pattern in stop_patterns]
        self.families = {self.fold(key): [self.fold(member) for member in members] for key, members in (families or {}).items()}
        members = sorted({member for family in self.families.values() for member in family})
        # Any member at all: half the tasks name none, and one search tells it (each member's `in` costs more).
        self._any_member = _alternation(dict.fromkeys(members)) if all(members) else None
        self._campaigns = [(prefix, key) for key, prefixes in (place_campaigns or {}).items() for prefix in prefixes]
        self._places = frozenset(places) - NATIONAL_NAMES
        self._longest_place = max(map(len, self._places), default=0)

    @classmethod
    def for_matching(cls, settings, places: Iterable[str] = ()) -> Normalizer:
        """The normalizer of a Matching (matching.yaml): what the matcher and the task index both read text with.

        `places`: the names of every region compared or indexed (normalize.place_names), for place-named campaigns.
        """
        return cls(settings.synonyms, settings.stop_phrases, settings.stop_patterns, settings.families,
                   settings.place_campaigns, places)

    def name_campaigns(self, text: str) -> str:
        """A campaign named after a region read as its kind: 健康南昌, 健康泗县 -> 健康城市 (place_campaigns).

        Before place names are blanked, which would leave only 健康 of it.
        """
        for prefix, key in self._campaigns:
            start = text.find(prefix)
            while start >= 0:
                after = start + len(prefix)
                size = next((n for n in range(min(self._longest_place, len(text) - after), 1, -1)
                             if text[after : after + n] in self._places), 0)
                if size:
                    text = text[:start] + key + text[after + size :]
                start = text.find(prefix, start + (len(key) if size else len(prefix)))
        return text

    def is_stop(self, term: str) -> bool:
        """Whether a term is boilerplate: a stop phrase, holds a long one (4+ characters), or fits a stop pattern."""
        if self._stop is not None and any(m.group(0) == term or len(m.group(0)) >= 4 for m in self._stop.finditer(term)):
            return True
        return any(regex.fullmatch(term) for regex, _ in self._stop_patterns)

    def fold(self, text: str) -> str:
        """Replace every synonym form by its key ("按疾病诊断相关分组付费" -> "DRG")."""
        if self._synonyms is None:
            return text
        return self._synonyms.sub(lambda m: self._forms[m.group(0)], text)

    def matchable(self, text: str, places: Iterable[str] = ()) -> str:
        """Synonyms folded, stop phrases and the given place names blanked."""
        return self.mark_families(self._unmarked(text, places))

    def matchable_many(self, texts: Sequence[str], folded: bool = False) -> list[str]:
        """matchable() of many texts (no place names), the families' members found in all at once.

        `folded`: the texts are fold()'s already (the corpus index folds each task's text once, to count its topics).
        """
        return self.mark_families_many([self._unmarked(text, folded=folded) for text in texts])

    def _unmarked(self, text: str, places: Iterable[str] = (), folded: bool = False) -> str:
        """matchable() before the families are marked."""
        text = self.name_campaigns(text if folded else self.fold(text))
        for regex, needles in self._stop_patterns:
            if needles is None or any(map(text.__contains__, needles)):
                text = regex.sub(" ", text)
        if self._stop is not None:
            text = self._stop.sub(" ", text)
        for place in places:
            text = text.replace(place, " ")
        return text

    def mark_families(self, text: str) -> str:
        """The text followed by the name of every reform family one of its members is named in (城市医疗集团 -> 医联体).

        Two names of one reform then meet, while the same name still scores higher.
        """
        if self._any_member is not None and not self._any_member.search(text):
            return text
        marks = [family for family, members in self.families.items() if any(member in text for member in members)]
        return " ".join([text, *marks]) if marks else text

    def mark_families_many(self, texts: Sequence[str]) -> list[str]:
        """mark_families() of many texts, the members they hold found all at once (numpy)."""
        if not self.families:
            return list(texts)
        members = [(family, member) for family, names in self.families.items() for member in names]
        # a member Terms cannot look for (or one holding SEPARATOR, which could span two texts) is tried with `in`
        unsure = [(family, member) for family, member in members if len(member) < 2 or SEPARATOR in member]
        finder = Terms(["" if (family, member) in unsure else member for family, member in members])
        result = []
        for text, found in zip(texts, finder.found(texts)):
            held = {members[k][0] for k in found} | {family for family, member in unsure if member in text}
            marks = [family for family in self.families if family in held]
            result.append(" ".join([text, *marks]) if marks else text)
        return result


def _alternation(mapping: dict[str, str]) -> re.Pattern | None:
    """One regex matching any key, longest first (so 集中带量采购 wins over 带量采购).

    Keys are grouped by their first character, in that order within each group ("集(?:中带量采购|采)|…"): at a
    position only one group can match, so the same key wins, after one test per group instead of one per key.
    """
    if not mapping:
        return None
    groups: dict[str, list[str]] = {}
    for key in sorted(mapping, key=len, reverse=True):
        groups.setdefault(key[0], []).append(re.escape(key[1:]))
    return re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()))


def place_names(*places: str | None) -> list[str]:
    """Names to blank for a notice's own region: 临汾市 and 临汾 (a region's name says nothing of a measure)."""
    names: list[str] = []
    for place in places:
        if not place:
            continue
        names.append(place)
        for suffix in PLACE_SUFFIXES:
            if place.endswith(suffix) and len(place) - len(suffix) >= 2:
                names.append(place[: -len(suffix)])
                break
    # Longest first; equal lengths in a fixed order, so that overlapping names blank the same way in every process.
    return sorted(set(names), key=lambda name: (-len(name), name))


def ngrams(text: str, sizes: Iterable[int]) -> Counter:
    """Character n-grams within word runs (never across punctuation, digits or blanks)."""
    counts: Counter = Counter()
    runs = WORD_RUNS.findall(text)
    for size in sizes:
        for run in runs:
            for start in range(len(run) - size + 1):
                counts[run[start : start + size]] += 1
    return counts


class Terms:
    """Which of some terms occur in each of many texts, found for thousands of texts at once (numpy): each
    character pair of the texts as one integer, looked up in a sorted array of the terms' first two characters,
    the rest of a term compared where they are found. A Python set of every text's two-character strings, then
    str.count of every term starting with one, cost more than the rest of the topic counting.

    Terms shorter than two characters, or with SEPARATOR in their first two, are never found: `unsure` lists
    them, for callers to try.
    """

    def __init__(self, terms: Sequence[str]):
        self.terms = list(terms)
        self._tables: tuple | None = None  # made on first use (numpy)
        self.unsure: list[int] = []  # positions of the terms never found
        self._by_start: dict[str, list[int]] = {}  # positions of the others by their first two characters
        for position, term in enumerate(self.terms):
            if _searchable(term):
                self._by_start.setdefault(term[:2], []).append(position)
            else:
                self.unsure.append(position)

    def starting_with(self, present: set[str]) -> list[int]:
        """The positions of the terms whose first two characters are among `present` (one text's two-character
        strings): the candidates of one text, without numpy."""
        by_start = self._by_start  # a few strings looked up in the dict (set.intersection(dict) walks the whole dict)
        return [position for start in present if start in by_start for position in by_start[start]]

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

        looked = [k for k, term in enumerate(self.terms) if _searchable(term)]
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
        # tables of the basic plane (64 KB, not 2 MB); a character above it is looked up as U+FFFF
        first, second = np.zeros(1 << 16, dtype=bool), np.zeros(1 << 16, dtype=bool)
        first[np.minimum(codes >> 21, 0xFFFF)] = True
        second[np.minimum(codes & ((1 << 21) - 1), 0xFFFF)] = True
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
        plane = np.minimum(points, 0xFFFF)
        hits = np.flatnonzero(first[plane[:-1]] & second[plane[1:]])
        pairs = (points[hits] << 21) | points[hits + 1]
        where = np.minimum(np.searchsorted(codes, pairs), len(codes) - 1)
        known = codes[where] == pairs
        hits, where = hits[known], where[known]
        # each hit against every term of its first two characters, their other characters compared
        counts = pointers[where + 1] - pointers[where]
        positions = np.repeat(hits, counts)
        term = by_prefix[np.repeat(pointers[where] - np.cumsum(counts) + counts, counts) + np.arange(len(positions))]
        if characters.shape[1] > 2:
            padded = np.concatenate([points, np.full(characters.shape[1], -2, dtype=np.intp)])
            wanted = characters[term, 2:]
            held = padded[positions[:, None] + np.arange(2, characters.shape[1])]
            match = ((wanted < 0) | (held == wanted)).all(axis=1)
            positions, term = positions[match], term[match]
        if not len(positions):
            return
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        starts = np.cumsum(lengths) - lengths
        owner = np.searchsorted(starts, positions, side="right") - 1  # a term holding SEPARATOR may span two texts:
        distinct = np.sort(owner * len(self.terms) + term)  # then found in the first (a superset is harmless)
        distinct = distinct[np.concatenate(([True], distinct[1:] != distinct[:-1]))]
        for text, found in zip((distinct // len(self.terms)).tolist(), (distinct % len(self.terms)).tolist()):
            result[offset + text].append(found)


# Characters of text looked up at a time.
PAIRS_CHARACTERS = 1 << 18


def _searchable(term: str) -> bool:
    """A term Terms can look up by its first two characters (two or more, no SEPARATOR among them)."""
    return len(term) >= 2 and SEPARATOR not in term[:2]
