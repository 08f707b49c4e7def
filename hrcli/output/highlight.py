"""The phrases two task texts share, as marked segments of a text (for the HTML report's highlighting)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Shorter common runs are fragments ("医疗") that every pair of tasks shares.
MIN_PHRASE = 4
RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9%.+]+")
# Characters that glue a phrase to its neighbours: a shared phrase does not start or end with one ("的投入" -> "投入").
FUNCTION_CHARS = "的和与及在中等为将对把以了是并或其各到由向从按"


def shared_phrases(text: str, others: Iterable[str], min_length: int = MIN_PHRASE) -> list[str]:
    """Maximal runs of `text`, at least min_length characters, that also occur in one of the other texts, longest first."""
    found: set[str] = set()
    for other in others:
        for run in RUN.finditer(text):
            found.update(_common_runs(run.group(0), other, min_length))
    return sorted(found, key=lambda phrase: (-len(phrase), phrase))


def _common_runs(run: str, other: str, min_length: int) -> list[str]:
    """Greedy left to right: the longest piece of `run` starting at each place that `other` holds too."""
    phrases, start = [], 0
    while start <= len(run) - min_length:
        end = start + min_length
        if run[start:end] not in other:
            start += 1
            continue
        while end < len(run) and run[start : end + 1] in other:
            end += 1
        phrase = run[start:end].strip(FUNCTION_CHARS)
        if len(phrase) >= min_length:
            phrases.append(phrase)
        start = end
    return phrases


def segments(text: str, phrases: Iterable[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, shared) segments: every occurrence of a phrase is marked."""
    marked = [False] * len(text)
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            marked[match.start() : match.end()] = [True] * len(phrase)
    pieces: list[tuple[str, bool]] = []
    for index, char in enumerate(text):
        if pieces and pieces[-1][1] == marked[index]:
            pieces[-1] = (pieces[-1][0] + char, marked[index])
        else:
            pieces.append((char, marked[index]))
    return pieces
