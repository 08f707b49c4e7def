"""Text as the matcher reads it: synonyms folded, boilerplate and place names blanked, n-grams counted."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from hrcli.parse.regex import scanner

# Runs of Chinese characters and Latin letters; digits and punctuation separate them.
WORD_RUNS = re.compile(r"[\u4e00-\u9fffA-Za-z+]+")
PLACE_SUFFIXES = ("自治区", "自治州", "省", "市", "州", "县", "区", "旗", "盟")
# The country's own names: 健康中国 is the national action, never a place-named campaign.
NATIONAL_NAMES = frozenset({"中国", "全国", "国家", "中华人民共和国"})


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
        self._stop_patterns = [scanner(pattern) for pattern in stop_patterns]
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
        return any(pattern.fullmatch(term) for pattern in self._stop_patterns)

    def fold(self, text: str) -> str:
        """Replace every synonym form by its key ("按疾病诊断相关分组付费" -> "DRG")."""
        if self._synonyms is None:
            return text
        return self._synonyms.sub(lambda m: self._forms[m.group(0)], text)

    def matchable(self, text: str, places: Iterable[str] = ()) -> str:
        """Synonyms folded, stop phrases and the given place names blanked."""
        text = self.name_campaigns(self.fold(text))
        for pattern in self._stop_patterns:
            text = pattern.sub(" ", text)
        if self._stop is not None:
            text = self._stop.sub(" ", text)
        for place in places:
            text = text.replace(place, " ")
        return self.mark_families(text)

    def mark_families(self, text: str) -> str:
        """The text followed by the name of every reform family one of its members is named in (城市医疗集团 -> 医联体).

        Two names of one reform then meet, while the same name still scores higher.
        """
        if self._any_member is not None and not self._any_member.search(text):
            return text
        marks = [family for family, members in self.families.items() if any(member in text for member in members)]
        return " ".join([text, *marks]) if marks else text


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
