"""`why`: the whole words two tasks share, from a word list, never boilerplate."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# A figure with its unit ("30%", "400种"): shared figures are evidence too.
NUMBER_TERM = re.compile(r"\d+(?:\.\d+)?\s*(?:%|个|种|所|倍|家|项|类)")


def lexicon(topic_terms: Iterable[Iterable[str]], synonyms: dict[str, list[str]],
            families: dict[str, list[str]], key_terms: Iterable[str]) -> list[str]:
    """Every whole word `why` may show: topic terms, synonym keys, reform families and their members, key terms.

    Terms are in the matcher's folded form (synonyms read as their key); longest first, so a longer
    term is tried before the words inside it.
    """
    words = {term for terms in topic_terms for term in terms}
    words.update(synonyms)
    for family, members in families.items():
        words.add(family)
        words.update(members)
    words.update(key_terms)
    return sorted((word for word in words if len(word) >= 2), key=lambda w: (-len(w), w))


def shared_terms(left: str, right: str, words: list[str], share: Callable[[str], float], most: float,
                 limit: int = 5) -> list[str]:
    """Words of the list in both folded texts, the rarest `limit` in the left task's order, then shared figures.

    A longer shared word hides the words inside it; `share(term)` is the share of the corpus's tasks that use
    the term, and a term above `most` (or a stop phrase: share 1.0) is boilerplate, never shown.
    """
    found: list[str] = []
    for word in words:
        if word in left and word in right and not any(word in longer for longer in found) and share(word) <= most:
            found.append(word)
    chosen = sorted(sorted(found, key=lambda word: (share(word), word))[:limit], key=left.index)
    figures = [m.group(0).replace(" ", "") for m in NUMBER_TERM.finditer(left)]
    squeezed = right.replace(" ", "")
    chosen.extend(dict.fromkeys(figure for figure in figures if figure in squeezed))
    return chosen[: limit + 2]
