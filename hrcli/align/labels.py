"""What kind of match a row is, from evidence (shared reform and key words), not from a score cliff.

- same measure: the two tasks' strongest reform area (configs/topics.yaml) is the same and they share at least
  one key word of the word list (`why` is not empty);
- related: linked by score, but without that evidence (a neighbouring measure, or one part of a broad task);
- partial: split topic: a region has several tasks in the row (one region split what the other keeps together).
A same-measure row adds ", different lead" when both tasks name a lead and the leads differ after aliases are
resolved, and ", different targets" when a target of one measure and unit has another value.
"""

from __future__ import annotations

from hrcli.schema import Task

SAME = "same measure"
RELATED = "related"
SPLIT = "partial: split topic"


def pair_label(same_area: bool, shared: list[str]) -> str:
    """same measure when both tasks belong to one reform area and share a key word; else related."""
    return SAME if same_area and shared else RELATED


def row_label(tasks: dict[str, list[Task]], pair_labels: list[str], targets_differ: bool) -> str:
    """The row's label from its pairs' labels, its shape, and its leads and targets."""
    if any(len(items) > 1 for items in tasks.values()):
        return SPLIT
    if not pair_labels or any(label != SAME for label in pair_labels):
        return RELATED
    differing = [name for name, differs in (("targets", targets_differ), ("lead", leads_differ(tasks))) if differs]
    return f"{SAME}, different {' and '.join(differing)}" if differing else SAME


def leads_differ(tasks: dict[str, list[Task]]) -> bool:
    """True only when every region's task names a lead and two of them differ (a notice without units never differs)."""
    leads = [lead_key(items[0]) for items in tasks.values() if items]
    return None not in leads and len(set(leads)) > 1


def lead_key(task: Task) -> str | None:
    """The lead department's canonical key (its name when unknown), so 市医保局 and 省医保局 agree."""
    for department in task.departments:
        if department.role == "lead":
            return department.canonical or department.name
    return None
