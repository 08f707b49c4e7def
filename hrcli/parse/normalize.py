"""Text as the matcher reads it: synonyms folded, boilerplate and place names blanked, n-grams counted."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Runs of Chinese characters and Latin letters; digits and punctuation separate them.
WORD_RUNS = re.compile(r"[\u4e00-\u9fffA-Za-z+]+")
PLACE_SUFFIXES = ("自治区", "自治州", "省", "市", "州", "县", "区", "旗", "盟")


class Normalizer:
    """Folds synonyms to one form and blanks stop phrases (matching.yaml)."""

    def __init__(self, synonyms: dict[str, list[str]], stop_phrases: Iterable[str]):
        forms = {form: canonical for canonical, variants in synonyms.items() for form in variants}
        self._synonyms = _alternation(forms)
        self._forms = forms
        self._stop = _alternation({phrase: " " for phrase in stop_phrases})

    def fold(self, text: str) -> str:
        """Replace every synonym form by its key ("按疾病诊断相关分组付费" -> "DRG")."""
        if self._synonyms is None:
            return text
        return self._synonyms.sub(lambda m: self._forms[m.group(0)], text)

    def matchable(self, text: str, places: Iterable[str] = ()) -> str:
        """Synonyms folded, stop phrases and the given place names blanked."""
        text = self.fold(text)
        if self._stop is not None:
            text = self._stop.sub(" ", text)
        for place in places:
            text = text.replace(place, " ")
        return text


def _alternation(mapping: dict[str, str]) -> re.Pattern | None:
    """One regex matching any key, longest first (so 集中带量采购 wins over 带量采购)."""
    if not mapping:
        return None
    return re.compile("|".join(re.escape(key) for key in sorted(mapping, key=len, reverse=True)))


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
