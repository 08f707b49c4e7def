"""NoticeDiff -> the rows `hrcli diff` shows: one row per task added, dropped, renumbered or changed."""

from __future__ import annotations

from pathlib import Path

from hrcli.diff.notice import NoticeDiff, TaskChange, word_diff
from hrcli.output.labels import label_kind
from hrcli.output.render import Styled, View, split_marks
from hrcli.schema import Task

DIFF_COLUMNS = ["kind", "old_task", "new_task", "title", "detail", "old_text", "new_text"]
# The colour of each kind of change on a terminal (as git colours added and removed lines).
CHANGE_STYLES = {"added": "bold green", "dropped": "bold red", "changed": "bold yellow", "renumbered": "bold cyan"}


def diff_view(diff: NoticeDiff) -> View:
    """The changes as flat rows (detail lines carry word-diff marks), a compact table, and a nested JSON document."""
    rows, records, display_rows = [], [], []
    for change in diff.changes:
        detail = change_lines(change)
        rows.append({
            "kind": change.kind,
            "old_task": change.old.label if change.old else "",
            "new_task": change.new.label if change.new else "",
            "title": (change.new or change.old).title,
            "detail": detail,
            "old_text": change.old.text if change.old else "",
            "new_text": change.new.text if change.new else "",
        })
        records.append(change_record(change))
        display_rows.append({"change": Styled(change.kind, CHANGE_STYLES[change.kind]), "task": _numbers(change),
                             "title": (change.new or change.old).title, "detail": detail})
    title = f"{_name(diff.old)} -> {_name(diff.new)}: {_summary(diff)}"
    display = View(["change", "task", "title", "detail"], display_rows, title=title, marked=["detail"])
    document = {"old": _notice_ref(diff.old), "new": _notice_ref(diff.new), "unchanged": diff.unchanged, "changes": records}
    return View(DIFF_COLUMNS, rows, document=document, display=display, records=records, title=title,
                marked=["detail"], name="diff", report=diff_page(diff))


def diff_page(diff: NoticeDiff) -> dict:
    """What the HTML page of a diff shows: each change with its detail and the whole task marked word by word."""
    changes = []
    for change in diff.changes:
        old, new = change.old.text if change.old else "", change.new.text if change.new else ""
        whole = word_diff(old, new) if old and new else (f"{{+{new}+}}" if new else f"[-{old}-]")
        changes.append({
            "kind": change.kind, "badge": label_kind(change.kind) or "related", "task": _numbers(change),
            "title": (change.new or change.old).title,
            "detail": [split_marks(line) for line in change_lines(change)], "whole": split_marks(whole),
        })
    return {"template": "diff.html.j2", "old": {"name": _name(diff.old), **_notice_ref(diff.old)},
            "new": {"name": _name(diff.new), **_notice_ref(diff.new)},
            "unchanged": diff.unchanged, "changes": changes}


def change_lines(change: TaskChange) -> list[str]:
    """What changed inside a task, one line each, in words, with [-removed-] and {+added+} marks."""
    if change.kind in ("added", "dropped"):
        task = change.new or change.old
        mark = "{+%s+}" if change.kind == "added" else "[-%s-]"
        return [f"task {change.kind}: " + mark % (task.label + task.title)]
    lines = []
    if change.renumbered:
        lines.append(f"renumbered: [-{change.old.label}-]{{+{change.new.label}+}}")
    lines += [f"sentence {sentence.kind}: {sentence.marked}" for sentence in change.sentences]
    for target in change.targets:
        old, new = (target.old.text if target.old else ""), (target.new.text if target.new else "")
        arrow = f"{old} -> {new}" if old and new else old or new
        lines.append(f"target {target.kind}: {target.measure} {arrow}")
    if change.units_added:
        lines.append("units added: " + "、".join(f"{{+{unit}+}}" for unit in change.units_added))
    if change.units_removed:
        lines.append("units removed: " + "、".join(f"[-{unit}-]" for unit in change.units_removed))
    if change.lead:
        lines.append(f"lead: [-{change.lead[0] or 'none'}-]{{+{change.lead[1] or 'none'}+}}")
    if change.deadline:
        lines.append(f"deadline: [-{change.deadline[0] or 'none'}-]{{+{change.deadline[1] or 'none'}+}}")
    return lines


def change_record(change: TaskChange) -> dict:
    """A change as the JSON gives it."""
    return {
        "kind": change.kind,
        "old": _task_ref(change.old),
        "new": _task_ref(change.new),
        "similarity": change.similarity,
        "renumbered": change.renumbered,
        "sentences": [{"kind": s.kind, "old": s.old, "new": s.new, "marked": s.marked} for s in change.sentences],
        "targets": [
            {"kind": t.kind, "measure": t.measure, "old": t.old.text if t.old else None, "new": t.new.text if t.new else None}
            for t in change.targets
        ],
        "units_added": change.units_added,
        "units_removed": change.units_removed,
        "lead": {"old": change.lead[0], "new": change.lead[1]} if change.lead else None,
        "deadline": {"old": change.deadline[0], "new": change.deadline[1]} if change.deadline else None,
    }


def _task_ref(task: Task | None) -> dict | None:
    """A task as the diff's JSON names it (the full text included, so a script can show it)."""
    if task is None:
        return None
    return {"id": task.id, "number": task.number, "label": task.label, "title": task.title, "lead": task.lead, "text": task.text}


def _notice_ref(notice) -> dict:
    """A version as the diff's JSON names it."""
    return {"region": notice.region, "source": notice.source, "title": notice.title, "tasks": len(notice.tasks)}


def _numbers(change: TaskChange) -> str:
    """(五) -> (六), (五), or -> (九) for an added task."""
    old, new = change.old.label if change.old else "", change.new.label if change.new else ""
    if old == new:
        return old
    return f"{old} -> {new}".strip()


def _name(notice) -> str:
    """The notice as the title names it: its file's name (linfen.txt), else its slug."""
    return Path(notice.source).name if notice.source and notice.source != "-" else notice.region


def _summary(diff: NoticeDiff) -> str:
    """How many tasks of each kind: the title of the table."""
    counts = {kind: sum(1 for change in diff.changes if change.kind == kind) for kind in ("added", "dropped", "renumbered", "changed")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items()) + f", {diff.unchanged} unchanged"
