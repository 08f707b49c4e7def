"""Two versions of one notice -> what changed: tasks added, dropped, renumbered and changed.

Tasks are paired by edit similarity (rapidfuzz `ratio`), not by the aligner's tf-idf score: two versions of
one notice share most of their wording, and what a reader asks is "what was edited", which is exactly
what an edit distance measures. The aligner's score is built to find paraphrases across regions; here it
would pair a task with a rewritten neighbour as readily as with its own earlier text.

Inside a changed task the text is split into sentences (at 。；; ！？ and line ends); sentences are lined up
as difflib lines up lines, and a removed sentence beside an added one that is mostly the same becomes a
reworded sentence with character marks ([-400-]{+450+}). Targets (analyse/targets) and units
(Task.departments) are compared on their own, so "target raised" is said in words, not left to the marks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from hrcli.analyse.targets import DEFAULT_CUTOFF, pair_targets
from hrcli.parse.normalize import Normalizer
from hrcli.schema import Notice, Target, Task

# Two tasks this alike (0-1) are one task in two versions. Measured on the corpus: two different tasks of one
# notice score at most 0.48 (Nanchang; Linfen 0.30), a Linfen task against its edited copy in tests 0.97-1.0.
TASK_CUTOFF = 0.5
# A removed and an added sentence this alike (0-1) are one reworded sentence; below it, a removal and an addition.
SENTENCE_CUTOFF = 0.5
SENTENCE = re.compile(r"[^。;；!！?？\n]*(?:[。;；!！?？]|\n|$)")
SPACE = re.compile(r"\s+")
TOKEN = re.compile(r"\d+(?:\.\d+)?%?|[A-Za-z]+|.", re.S)


@dataclass
class SentenceChange:
    """A sentence added, removed or reworded inside a changed task."""

    kind: str  # "added", "removed", "reworded"
    old: str | None
    new: str | None
    marked: str  # the sentence with word-diff marks: [-removed-] {+added+}


@dataclass
class TargetChange:
    """A quantitative target raised, lowered, otherwise changed, added or removed."""

    kind: str  # "raised", "lowered", "changed", "added", "removed"
    measure: str
    old: Target | None
    new: Target | None


@dataclass
class TaskChange:
    """One task of either version and what happened to it."""

    kind: str  # "added", "dropped", "renumbered" (same text, another place), "changed"
    old: Task | None
    new: Task | None
    similarity: float | None = None
    renumbered: bool = False
    sentences: list[SentenceChange] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    units_added: list[str] = field(default_factory=list)
    units_removed: list[str] = field(default_factory=list)
    lead: tuple[str | None, str | None] | None = None  # (old, new) when the lead changed
    deadline: tuple[str | None, str | None] | None = None  # (old, new) when the stated deadline changed


@dataclass
class NoticeDiff:
    """The changes from an old to a new version of a notice, in the new version's order."""

    old: Notice
    new: Notice
    changes: list[TaskChange]
    unchanged: int  # tasks found in both versions, same text, same place


def diff_notices(old: Notice, new: Notice, normalizer: Normalizer | None = None, target_cutoff: float = DEFAULT_CUTOFF) -> NoticeDiff:
    """Every task added, dropped, renumbered or changed between two versions of a notice."""
    pairs = pair_tasks(old.tasks, new.tasks)
    moved = _renumbered(pairs, old.tasks, new.tasks)
    changes: list[TaskChange] = []
    unchanged = 0
    new_of = {i: j for i, j, _ in pairs}
    for i, j, similarity in pairs:
        change = task_change(old.tasks[i], new.tasks[j], similarity, (i, j) in moved, normalizer, target_cutoff)
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    paired_new = set(new_of.values())
    changes += [TaskChange("added", None, task) for j, task in enumerate(new.tasks) if j not in paired_new]
    changes += [TaskChange("dropped", task, None) for i, task in enumerate(old.tasks) if i not in new_of]
    changes.sort(key=lambda change: _order(change, old.tasks, new.tasks, new_of))
    return NoticeDiff(old, new, changes, unchanged)


def similarity_matrix(old: Sequence[Task], new: Sequence[Task]) -> list[list[float]]:
    """How alike every old task is to every new one (0-1): their texts, or titles and texts together when the title
    carries more.

    A task whose body was rewritten under the same title is still found (title 1.0, body 0.4 -> 0.7);
    two tasks with look-alike titles and different bodies are not (0.67 and 0.3 -> 0.48).
    """
    if not old or not new:
        return [[0.0] * len(new) for _ in old]
    from rapidfuzz import fuzz, process

    def ratios(pick) -> list[list[float]]:
        matrix = process.cdist([_bare(pick(t)) for t in old], [_bare(pick(t)) for t in new], scorer=fuzz.ratio)
        return [[float(x) / 100 for x in line] for line in matrix]

    texts, titles = ratios(lambda task: task.text), ratios(lambda task: task.title)
    return [[max(text, (text + title) / 2) for text, title in zip(*lines)] for lines in zip(texts, titles)]


def pair_tasks(old: Sequence[Task], new: Sequence[Task], cutoff: float = TASK_CUTOFF) -> list[tuple[int, int, float]]:
    """(old index, new index, similarity) of the tasks that are one task in two versions, best pairs first."""
    matrix = similarity_matrix(old, new)
    scored = [(score, i, j) for i, line in enumerate(matrix) for j, score in enumerate(line) if score >= cutoff]
    # Best first; among equals, the pair whose places in the two lists are nearest (a repeated boilerplate task).
    scored.sort(key=lambda item: (-item[0], abs(item[1] - item[2]), item[1]))
    pairs, used_old, used_new = [], set(), set()
    for similarity, i, j in scored:
        if i not in used_old and j not in used_new:
            pairs.append((i, j, round(similarity, 3)))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs, key=lambda pair: pair[1])


def _renumbered(pairs: list[tuple[int, int, float]], old: Sequence[Task], new: Sequence[Task]) -> set[tuple[int, int]]:
    """The pairs whose number changed for another reason than tasks added or dropped before them.

    A task inserted at (三) shifts every later number by one; that is the insertion, not a renumbering
    of each later task (git does not call every line after an inserted line "moved"). A task that kept its
    number is never renumbered, even when the tasks around it moved.
    """
    in_order = _longest_increasing([i for i, _, _ in pairs])
    paired_old = {i for i, _, _ in pairs}
    paired_new = {j for _, j, _ in pairs}
    found = set()
    for i, j, _ in pairs:
        if old[i].label == new[j].label:
            continue
        if i not in in_order:
            found.add((i, j))  # moved against the other tasks
            continue
        run_old, run_new = _numbering_run(old, i), _numbering_run(new, j)
        dropped = sum(1 for k in run_old if k < i and k not in paired_old)
        added = sum(1 for k in run_new if k < j and k not in paired_new)
        if new[j].number != old[i].number - dropped + added:
            found.add((i, j))
    return found


def _numbering_run(tasks: Sequence[Task], index: int) -> list[int]:
    """The indices of the tasks numbered in one sequence with tasks[index]: the notice, or its section when numbering restarts."""
    restarts = any(task.number <= previous.number and task.section != previous.section for previous, task in pairwise(tasks))
    if not restarts:
        return list(range(len(tasks)))
    return [k for k, task in enumerate(tasks) if task.section == tasks[index].section]


def _longest_increasing(values: list[int]) -> set[int]:
    """The values of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []  # positions into values
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect.bisect_left(tail_values, value)
        previous[position] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(position)
            tail_values.append(value)
        else:
            tails[k] = position
            tail_values[k] = value
    chosen, position = set(), tails[-1] if tails else -1
    while position != -1:
        chosen.add(values[position])
        position = previous[position]
    return chosen


def task_change(old: Task, new: Task, similarity: float, renumbered: bool, normalizer: Normalizer | None = None,
                target_cutoff: float = DEFAULT_CUTOFF) -> TaskChange | None:
    """What changed between two versions of one task; None when nothing did."""
    change = TaskChange("changed", old, new, similarity, renumbered)
    change.sentences = sentence_changes(old.text, new.text)
    change.targets = target_changes(old.targets, new.targets, target_cutoff, normalizer)
    before, after = _units(old), _units(new)
    change.units_added = [unit for unit in after if unit not in before]
    change.units_removed = [unit for unit in before if unit not in after]
    if (old.lead or None) != (new.lead or None):
        change.lead = (old.lead, new.lead)
    if (old.deadline or None) != (new.deadline or None):
        change.deadline = (old.deadline, new.deadline)
    edited = change.sentences or change.targets or change.units_added or change.units_removed or change.lead or change.deadline
    if not edited:
        if not renumbered:
            return None
        change.kind = "renumbered"
    return change


def _units(task: Task) -> list[str]:
    """The units a task names (inherited ones too), each once, in the order given."""
    return list(dict.fromkeys(department.name for department in task.departments))


def split_sentences(text: str) -> list[str]:
    """A task's text in sentences, each with its closing mark; whitespace-only pieces dropped."""
    return [piece for piece in (m.group(0) for m in SENTENCE.finditer(text)) if piece.strip()]


def _bare(text: str) -> str:
    """Text without whitespace: a PDF copy's stray spaces are not an edit."""
    return SPACE.sub("", text)


def sentence_changes(old: str, new: str) -> list[SentenceChange]:
    """The sentences removed, added and reworded from one text to the other, in reading order."""
    from difflib import SequenceMatcher

    before, after = split_sentences(old), split_sentences(new)
    matcher = SequenceMatcher(None, [_bare(s) for s in before], [_bare(s) for s in after], autojunk=False)
    changes: list[SentenceChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changes += _block_changes(before[i1:i2], after[j1:j2])
    return changes


def _block_changes(before: list[str], after: list[str]) -> list[SentenceChange]:
    """A run of differing sentences: the most alike pair is one reworded sentence, then each side of it likewise."""
    best = max(((_ratio(a, b), i, j) for i, a in enumerate(before) for j, b in enumerate(after)), default=None)
    if best is None or best[0] < SENTENCE_CUTOFF:
        return ([SentenceChange("removed", s, None, f"[-{s}-]") for s in before]
                + [SentenceChange("added", None, s, f"{{+{s}+}}") for s in after])
    _, i, j = best
    reworded = SentenceChange("reworded", before[i], after[j], word_diff(before[i], after[j]))
    return [*_block_changes(before[:i], after[:j]), reworded, *_block_changes(before[i + 1 :], after[j + 1 :])]


def _ratio(a: str, b: str) -> float:
    """Edit similarity (0-1) of two sentences, white space ignored."""
    from rapidfuzz import fuzz

    return fuzz.ratio(_bare(a), _bare(b)) / 100


def word_diff(old: str, new: str) -> str:
    """The new sentence with marks where it differs from the old: kept text plain, [-removed-] and {+added+}.

    Compared by tokens: a number (400, 2.5, 90%) or Latin word is one token, a Chinese character is one,
    so a raised target reads [-400-]{+450+}, not 4[-0-]{+5+}0.
    """
    from difflib import SequenceMatcher

    a, b = TOKEN.findall(_bare(old)), TOKEN.findall(_bare(new))
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            parts.append(f"[-{''.join(a[i1:i2])}-]")
        if j2 > j1:
            parts.append(f"{{+{''.join(b[j1:j2])}+}}")
    return "".join(parts)


def target_changes(old: Sequence[Target], new: Sequence[Target], cutoff: float = DEFAULT_CUTOFF,
                   normalizer: Normalizer | None = None) -> list[TargetChange]:
    """Targets of the same measure set to another value or comparator, and targets added or removed."""
    changes = []
    for before, after in pair_targets(old, new, cutoff, normalizer):
        if before is None or after is None:
            kind, target = ("added", after) if before is None else ("removed", before)
            changes.append(TargetChange(kind, target.measure, before, after))
        elif (before.value, before.comparator, before.unit) != (after.value, after.comparator, after.unit):
            changes.append(TargetChange(_direction(before, after), after.measure, before, after))
    return changes


def _direction(before: Target, after: Target) -> str:
    """raised or lowered when only the value moved (same unit and comparator), else changed."""
    if before.unit != after.unit or before.comparator != after.comparator or before.value == after.value:
        return "changed"
    higher = after.value > before.value
    # For a ceiling (不超过 30%), a higher value is a looser target, but the figure was still raised.
    return "raised" if higher else "lowered"


def _order(change: TaskChange, old: Sequence[Task], new: Sequence[Task], new_of: dict[int, int]) -> tuple[float, int]:
    """A change's place in the new version; a dropped task goes right after where its old predecessor went."""
    if change.new is not None:
        return (new.index(change.new), 0)
    position = old.index(change.old)
    anchor = max((new_of[i] for i in new_of if i < position), default=-1)
    return (anchor + 0.5, position)
