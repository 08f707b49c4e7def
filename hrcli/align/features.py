"""What a task's text becomes for scoring: one implementation for the aligner (Matcher) and the corpus index.

A task is read after folding synonyms and blanking stop phrases and place names (normalize.Normalizer);
its lexical features are character n-grams within word runs, weighted by sublinear tf and smoothed idf
and scaled to unit length; its topic profile is the unit vector of its topic-term counts. The fast
helpers (PlaceBlanker, gram_keys) give exactly what the plain ones give, for thousands of texts at once;
tests/test_index.py keeps them equal. Topic weights are counted by analyse.topics.TopicCounter, the one
counter that enrichment uses too.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hrcli.analyse.topics import SEPARATOR, bigrams
from hrcli.parse.normalize import Normalizer, Terms, ngrams

# Gram keys: each character of a word run (normalize.WORD_RUNS: CJK U+4E00-U+9FFF, A-Z, a-z, +) as a 15-bit
# code, a gram of up to PACKED_SIZE characters as its codes side by side in one integer (never 0 in front,
# so grams of different sizes never share a key); longer grams as a 62-bit hash above every packed key.
CODE_BITS = 15
PACKED_SIZE = 4
HASHED = 1 << 62


def sublinear(count: float) -> float:
    """Sublinear term frequency: 1 + log(count)."""
    return 1 + math.log(count)


def sublinear_counts(tf):
    """sublinear() of every count of an integer array (numpy), through a table of the counts that occur (one
    lookup instead of a log each)."""
    import numpy as np

    if not len(tf):
        return np.zeros(0)
    return np.take(sublinear_table(int(tf.max())), tf, mode="clip")


def sublinear_squares(tf):
    """sublinear()^2 of every count of an integer array (numpy): a task's squared tf weights, for its norm."""
    import numpy as np

    if tf.dtype == np.uint16:
        return np.take(sublinear_tables()["squares"], tf, mode="clip")
    return sublinear_counts(tf) ** 2


def sublinear_tables() -> dict:
    """Tables made once a process, of every uint16 count (the index's usual tf): its sublinear weight ("counts"),
    that squared ("squares"), and both weights of every pair of uint8 counts ("pairs", the first count in the
    first column, as a little-endian uint16 holds its bytes).

    A prefix of a longer table holds the same numbers as a shorter one (np.log of each count alone), so a look-up
    here gives what sublinear_table(tf.max()) gives.
    """
    import sys

    import numpy as np

    if not _TABLES:
        counts = sublinear_table(65535)
        pairs = np.arange(65536)
        low, high = (pairs & 255, pairs >> 8) if sys.byteorder == "little" else (pairs >> 8, pairs & 255)
        _TABLES.update(counts=counts, squares=counts**2, pairs=np.stack([counts[low], counts[high]], axis=1))
    return _TABLES


_TABLES: dict = {}


def sublinear_table(largest: int):
    """1 + log tf for tf = 1 … largest, and 0 for tf = 0 (an empty cell of the index's dense block).

    Looked up with np.take(mode="clip"): no count exceeds the table, and without the bounds check (and with `out`)
    np.take is a third faster than indexing (0.115 -> 0.08 s for a dense block of 88,000 tasks).
    """
    import numpy as np

    return np.concatenate(([0.0], 1.0 + np.log(np.arange(1, largest + 1, dtype=np.float64))))


def smoothed_idf(documents: int, frequency: int) -> float:
    """Smoothed inverse document frequency of a gram held by `frequency` of `documents` tasks."""
    return math.log((1 + documents) / (1 + frequency)) + 1.0


def task_grams(normalizer: Normalizer, places: Sequence[str], text: str, sizes: Sequence[int]) -> Counter:
    """The n-gram counts of a task's text as the matcher reads it."""
    return ngrams(normalizer.matchable(text, places), sizes)


def tfidf_vector(grams: Mapping[str, int], idf: Callable[[str], float]) -> dict[str, float]:
    """Unit-length tf-idf vector (sublinear term frequency) of a task's gram counts."""
    vector = {gram: (1 + math.log(count)) * idf(gram) for gram, count in grams.items()}
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {gram: value / norm for gram, value in vector.items()}


def char_code(character: str) -> int:
    """The 15-bit code of a word-run character (0 for anything else)."""
    point = ord(character)
    if 0x4E00 <= point <= 0x9FFF:
        return point - 0x4E00 + 1
    if 0x41 <= point <= 0x5A:
        return point - 0x41 + 20993
    if 0x61 <= point <= 0x7A:
        return point - 0x61 + 21019
    return 21045 if point == 0x2B else 0


def gram_key(gram: str) -> int:
    """The integer key of a gram (packed codes, or a hash for grams longer than PACKED_SIZE)."""
    if len(gram) > PACKED_SIZE:
        import hashlib

        digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
        return HASHED | (int.from_bytes(digest, "little") & (HASHED - 1))
    key = 0
    for character in gram:
        key = (key << CODE_BITS) | char_code(character)
    return key


def gram_text(key: int) -> str:
    """The gram of a packed key (gram_key's inverse for grams of up to PACKED_SIZE characters)."""
    characters = []
    while key:
        characters.append(_code_char(key & ((1 << CODE_BITS) - 1)))
        key >>= CODE_BITS
    return "".join(reversed(characters))


def _code_char(code: int) -> str:
    """The word-run character of a 15-bit code (char_code's inverse)."""
    if code <= 20992:
        return chr(0x4E00 + code - 1)
    if code <= 21018:
        return chr(0x41 + code - 20993)
    return chr(0x61 + code - 21019) if code <= 21044 else "+"


def gram_names(texts: Sequence[str], sizes: Sequence[int], keys) -> list[str]:
    """The grams of `keys` (keys of the texts' grams): packed ones decoded, hashed ones found in the texts."""
    hashed = {}
    if max(sizes, default=0) > PACKED_SIZE:
        long_sizes = [size for size in sizes if size > PACKED_SIZE]
        hashed = {gram_key(gram): gram for text in texts for gram in ngrams(text, long_sizes)}
    return [hashed[key] if key >= HASHED else gram_text(key) for key in keys.tolist()]


def count_grams(texts: Sequence[str], sizes: Sequence[int]):
    """(text number, gram key, count) of each distinct gram of each text: three int64 arrays sorted by text, then key.

    The counts of normalize.ngrams.
    """
    import numpy as np

    pieces = list(_gram_counts(texts, sizes))
    if not pieces:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    return tuple(np.concatenate(parts) for parts in zip(*pieces))


def _gram_counts(texts: Sequence[str], sizes: Sequence[int], chunk: int = 2048):
    """count_grams of `chunk` texts at a time (the temporaries stay small)."""
    import numpy as np

    for start in range(0, len(texts), chunk):
        rows, keys = gram_keys(texts[start : start + chunk], sizes)
        if len(keys) and keys.max() < 1 << (63 - chunk.bit_length()):  # no hashed key: one sort of (row, key) packed
            packed = np.sort((rows << (63 - chunk.bit_length())) | keys)
            rows, keys = packed >> (63 - chunk.bit_length()), packed & ((1 << (63 - chunk.bit_length())) - 1)
        else:
            order = np.lexsort((keys, rows))
            rows, keys = rows[order], keys[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
        starts = np.flatnonzero(first)
        yield rows[starts] + start, keys[starts], np.diff(np.append(starts, len(rows)))


@dataclass
class SparseRows:
    """Unit tf-idf vectors as sparse rows: row r's entries are indptr[r]:indptr[r + 1] of columns and values."""

    indptr: Any
    columns: Any
    values: Any
    width: int  # the number of columns (distinct grams of all the rows)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def split(self, count: int) -> tuple[SparseRows, SparseRows]:
        """The first `count` rows and the rest."""
        cut = self.indptr[count]
        return (SparseRows(self.indptr[: count + 1], self.columns[:cut], self.values[:cut], self.width),
                SparseRows(self.indptr[count:] - cut, self.columns[cut:], self.values[cut:], self.width))


def sparse_tfidf(texts: Sequence[str], sizes: Sequence[int], idf: Callable[[str], float]) -> SparseRows:
    """tfidf_vector of each text, as sparse rows over the texts' distinct grams (in key order).

    The weights are tfidf_vector's: (1 + log count) * idf(gram), divided by the row's length.
    """
    import numpy as np

    pieces = [(rows.astype(np.int32), keys, counts.astype(np.int32)) for rows, keys, counts in _gram_counts(texts, sizes)]
    vocabulary = np.unique(np.concatenate([np.zeros(0, np.int64), *(np.unique(keys) for _, keys, _ in pieces)]))
    weights = np.array([idf(gram) for gram in gram_names(texts, sizes, vocabulary)], dtype=float)
    most = max((int(counts.max()) for _, _, counts in pieces if len(counts)), default=1)
    tf = np.array([0.0, *(sublinear(count) for count in range(1, most + 1))])
    rows, columns, values = [np.zeros(0, np.int32)], [np.zeros(0, np.int32)], [np.zeros(0)]
    while pieces:
        piece_rows, keys, counts = pieces.pop(0)
        where = np.searchsorted(vocabulary, keys).astype(np.int32)
        rows.append(piece_rows)
        columns.append(where)
        values.append(tf[counts] * weights[where])
    rows, columns, values = np.concatenate(rows), np.concatenate(columns), np.concatenate(values)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    values /= norms[rows]  # a row without grams has no entry to divide
    indptr = np.searchsorted(rows, np.arange(len(texts) + 1))
    return SparseRows(indptr, columns, values, len(vocabulary))


def document_frequencies(texts: Sequence[str], sizes: Sequence[int]) -> dict[str, int]:
    """How many of the texts hold each gram (what a Counter updated with each text's ngrams keys gives)."""
    import numpy as np

    pieces = [np.unique(keys, return_counts=True) for _, keys, _ in _gram_counts(texts, sizes)]
    if not pieces:
        return {}
    distinct, where = np.unique(np.concatenate([keys for keys, _ in pieces]), return_inverse=True)
    frequencies = np.bincount(where, weights=np.concatenate([counts for _, counts in pieces])).astype(np.int64)
    return dict(zip(gram_names(texts, sizes, distinct), frequencies.tolist()))


@functools.cache
def _code_table():
    """char_code of every character of the basic plane, as an int64 array (one look-up per character of a batch:
    a quarter of gram_keys' cost went to masks of each range)."""
    import numpy as np

    table = np.zeros(0x10000, dtype=np.int64)
    table[0x4E00:0xA000] = np.arange(1, 0xA000 - 0x4E00 + 1)
    table[0x41:0x5B] = np.arange(20993, 20993 + 26)
    table[0x61:0x7B] = np.arange(21019, 21019 + 26)
    table[0x2B] = 21045
    return table


def gram_keys(texts: Sequence[str], sizes: Sequence[int]):
    """(text number, gram key) of every gram occurrence of the texts, as two int64 arrays (numpy).

    The same grams as normalize.ngrams: within word runs only, one entry per occurrence and per
    listed size (a size listed twice counts twice).
    """
    import numpy as np

    joined = SEPARATOR.join(text.replace(SEPARATOR, " ") for text in texts) + SEPARATOR
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    codes = _code_table()[np.minimum(points, 0xFFFF)]  # every word-run character is in the basic plane
    text_of = np.cumsum(points == 0)
    inside = codes != 0
    # grams of each size from those one shorter, over the whole batch (contiguous passes, not gathers at
    # positions: 30% less time); `whole`: the gram starting there lies within a word run
    key, whole, found = codes, inside, {}
    for size in range(1, max(sizes, default=0) + 1):
        if size > 1:
            whole = whole[:-1] & inside[size - 1 :]
            key = (key[:-1] << CODE_BITS) | codes[size - 1 :] if size <= PACKED_SIZE else None
        if size in sizes:
            positions = np.flatnonzero(whole)
            if key is not None:
                found[size] = (text_of[positions], key[positions])
            else:
                hashed = [gram_key(joined[p : p + size]) for p in positions.tolist()]
                found[size] = (text_of[positions], np.array(hashed, dtype=np.int64))
    rows = [np.zeros(0, np.int64), *(found[size][0] for size in sizes)]
    keys = [np.zeros(0, np.int64), *(found[size][1] for size in sizes)]
    return np.concatenate(rows), np.concatenate(keys)


class PlaceBlanker:
    """Normalizer.matchable's place blanking, fast for thousands of places: the same replacements in the same
    order, tried only for names whose first two characters occur in the text (a replacement by a blank never
    makes a new occurrence of a name holding none, so the others could not match; names holding one are all tried)."""

    def __init__(self, normalizer: Normalizer, places: Sequence[str]):
        self.normalizer = normalizer
        self.places = list(places)
        # A name holding a blank is always tried (as Terms' unsure ones): a blank made by an earlier name can
        # complete it.
        self._found = Terms(["" if " " in name else name for name in self.places])

    def blank(self, text: str, present: set[str] | None = None) -> str:
        """Place names replaced by a blank (text already folded and stop phrases blanked).

        `present`: the two-character strings of the text, or of a text it was made from by blanking.
        """
        if not self.places:
            return text
        present = bigrams(text) if present is None else present
        return self._replace(text, self._found.starting_with(present))

    def _replace(self, text: str, candidates: list[int]) -> str:
        """The names of these (every name the text holds among them) and the short ones replaced, in order."""
        # the short ones are all tried: a blank can make a name holding one appear (absent: no change)
        for order in sorted(candidates + self._found.unsure):
            text = text.replace(self.places[order], " ")
        return text

    def blank_many(self, texts: Sequence[str]) -> list[str]:
        """blank() of many texts, the names they hold found all at once (most hold none)."""
        if not self.places:
            return list(texts)
        return [self._replace(text, found) for text, found in zip(texts, self._found.found(texts))]

    def matchable(self, text: str) -> str:
        """Exactly Normalizer.matchable(text, places)."""
        return self.blank(self.normalizer.matchable(text))

    def matchable_many(self, texts: Sequence[str], folded: bool = False) -> list[str]:
        """matchable() of many texts (a block at a time: the intermediate texts of a whole segment weigh 60 MB).

        `folded`: the texts are the normalizer's fold() of the texts already.
        """
        result: list[str] = []
        for start in range(0, len(texts), MATCHABLE_BLOCK):
            block = texts[start : start + MATCHABLE_BLOCK]
            result.extend(self.blank_many(self.normalizer.matchable_many(block, folded=folded)))
        return result


# Texts made matchable at a time by PlaceBlanker.matchable_many.
MATCHABLE_BLOCK = 4096

