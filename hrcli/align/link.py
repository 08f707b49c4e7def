"""Scores -> links between two notices, and links of several notices -> rows that say nothing false."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Node = tuple[int, int]  # (region index, task index)


def pair_links(scores: list[list[float]], threshold: float, relative: float, partner_ratio: float,
               max_partners: int, allowed: Callable[[int, int], bool] | None = None) -> list[tuple[int, int, float]]:
    """(i, j, score) for the pairs two tasks' scores justify linking.

    A pair is linked when its score reaches `threshold`, it is (`relative` of) the best of one of the two tasks, and
    it reaches `partner_ratio` of the other task's best (so a task whose own best lies elsewhere accepts a
    second partner only when that one is nearly as good: a split topic, not a neighbouring area). Each task
    keeps at most `max_partners` partners, the strongest. `allowed(i, j)` is a veto (the two tasks share no
    reform area): a vetoed pair is neither linked nor counted as a task's best.
    """
    if not scores or not scores[0]:
        return []
    if allowed is not None:
        scores = [[x if allowed(i, j) else 0.0 for j, x in enumerate(line)] for i, line in enumerate(scores)]
    row_best = [max(line) for line in scores]
    column_best = [max(line[j] for line in scores) for j in range(len(scores[0]))]
    links = []
    for i, line in enumerate(scores):
        for j, score in enumerate(line):
            if score < threshold or score <= 0:
                continue
            shares = (score / row_best[i], score / column_best[j])
            if max(shares) >= relative and min(shares) >= partner_ratio:
                links.append((i, j, score))
    return _cap(links, max_partners)


def _cap(links: list[tuple[int, int, float]], limit: int) -> list[tuple[int, int, float]]:
    """Keep each task's `limit` strongest links (ties: notice order)."""
    counts: dict[tuple[int, int], int] = {}
    kept = []
    for i, j, score in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        if counts.get((0, i), 0) < limit and counts.get((1, j), 0) < limit:
            counts[(0, i)] = counts.get((0, i), 0) + 1
            counts[(1, j)] = counts.get((1, j), 0) + 1
            kept.append((i, j, score))
    return sorted(kept)


def cover_rows(links: dict[frozenset, float], limit: int) -> list[list[Node]]:
    """Rows in which every two tasks of different regions are linked: a clique cover of the link graph.

    Strongest uncovered link first; a row takes every task linked to all of the row's tasks of other regions
    (at most `limit` per region). A task may sit in several rows (one per partner group); rows never chain
    A1-B2-C3-A4 into one, so every pair a reader takes from a row is a link.
    """
    neighbours: dict[Node, set[Node]] = {}
    for pair in links:
        a, b = sorted(pair)
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    covered: set[frozenset] = set()
    rows = []
    for pair in sorted(links, key=lambda p: (-links[p], sorted(p))):
        if pair in covered:
            continue
        row = sorted(pair)
        candidates = sorted(set().union(*(neighbours[node] for node in row)) - set(row),
                            key=lambda node: (-sum(links.get(frozenset((node, m)), 0.0) for m in row), node))
        for node in candidates:
            others = [frozenset((node, m)) for m in row if m[0] != node[0]]
            same = sum(1 for m in row if m[0] == node[0])
            # Join only where every pair it makes is a link, and it adds one not yet shown elsewhere.
            if same < limit and all(p in links for p in others) and any(p not in covered for p in others):
                row.append(node)
        row.sort()
        covered.update(frozenset((a, b)) for a in row for b in row if a[0] != b[0])
        rows.append(row)
    return rows


def nearest(scores: list[list[float]], i: int, count: int = 1) -> list[tuple[int, float]]:
    """The `count` best partners (index, score) of left task i in a score matrix, best first."""
    ranked = sorted(range(len(scores[i])), key=lambda j: (-scores[i][j], j)) if scores and scores[i] else []
    return [(j, scores[i][j]) for j in ranked[:count]]


def transpose(scores: Sequence[Sequence[float]]) -> list[list[float]]:
    """The score matrix seen from the other notice."""
    return [list(column) for column in zip(*scores)]
