"""Notice / Alignment -> the rows each command shows (plain data, no rendering)."""

from __future__ import annotations

from typing import Optional

from .render import View
from .schema import Notice, Task

LIST_COLUMNS = ["region", "name", "level", "province", "years", "issuer", "date", "tasks", "warnings"]
SHOW_COLUMNS = ["id", "number", "label", "section", "title", "lead", "departments"]


def notice_date(notice: Notice) -> str:
    """The date people cite a notice by: signed, else printed, else published."""
    for key in ("signed", "printed", "published"):
        if key in notice.dates:
            return notice.dates[key]
    return ""


def list_view(notices: list[Notice], names: dict[str, dict[str, Optional[str]]]) -> View:
    """One row per region of the corpus."""
    rows = []
    for notice in notices:
        extra = names.get(notice.region, {})
        rows.append({
            "region": notice.region,
            "name": extra.get("name") or notice.place,
            "level": notice.level,
            "province": extra.get("province"),
            "years": notice.years_label(),
            "issuer": notice.issuer,
            "date": notice_date(notice),
            "tasks": len(notice.tasks),
            "warnings": len(notice.warnings),
        })
    return View(LIST_COLUMNS, rows, title="Notices in the corpus")


def department_names(task: Task) -> list[str]:
    """Departments in the order given, inherited ones marked with *."""
    return [d.name + ("*" if d.inherited else "") for d in task.departments]


def show_view(notice: Notice) -> View:
    """Every task of a notice; JSON/YAML get the full schema."""
    sections = {section.number: section for section in notice.sections}
    rows = []
    for task in notice.tasks:
        section = sections.get(task.section) if task.section is not None else None
        rows.append({
            "id": task.id,
            "number": task.number,
            "label": task.label,
            "section": f"{section.label}{section.title}" if section else "",
            "title": task.title,
            "lead": task.lead,
            "departments": department_names(task),
        })
    title = f"{notice.region}: {notice.title} ({notice.years_label()}, {notice.issuer or 'issuer not stated'})"
    return View(SHOW_COLUMNS, rows, document=notice.to_dict(), title=title)


def parse_view(notice: Notice) -> View:
    """The full schema of one notice (the rows are its tasks, for the flat formats)."""
    view = show_view(notice)
    view.title = None
    return view
