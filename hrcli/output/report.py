"""An alignment -> the report of `compare -o report.html|xlsx`: the rows side by side with full texts, the shared
phrases, what differs, and the targets, departments and topics views as further sections (sheets)."""

from __future__ import annotations

from collections.abc import Sequence

from hrcli.analyse.departments import DepartmentIndex, department_matrix
from hrcli.analyse.targets import alignment_targets
from hrcli.analyse.topics import Taxonomy
from hrcli.config import Matching
from hrcli.output.highlight import segments, shared_phrases
from hrcli.output.labels import label_kind
from hrcli.output.render import View
from hrcli.output.views import compare_view, departments_view, difference_text, targets_view, topics_view
from hrcli.schema import Alignment, Notice, Row, Task


def compare_report(alignment: Alignment, notices: Sequence[Notice], taxonomy: Taxonomy, departments: DepartmentIndex,
                   matching: Matching) -> View:
    """compare's view with the report's further views (targets, departments, topics) and the page model of the HTML report."""
    regions = alignment.regions
    view = compare_view(alignment)
    view.name = "compare"
    targets = targets_view(regions, alignment_targets(alignment, matching))
    targets.name = "targets"
    matrix = departments_view(department_matrix(notices, departments), regions)
    matrix.name = "departments"
    topics = topics_view(notices, taxonomy)
    topics.name = "topics"
    view.sheets = [targets, matrix, topics]
    view.report = compare_page(alignment, notices)
    return view


def compare_page(alignment: Alignment, notices: Sequence[Notice]) -> dict:
    """What the HTML report shows of the alignment itself, as plain data for its template."""
    regions = alignment.regions
    matched = [row for row in alignment.rows if row.status == "matched"]
    unmatched = [row for row in alignment.rows if row.status != "matched"]
    return {
        "regions": [_notice_model(notice) for notice in notices],
        "rows": [_row_model(number, row, regions) for number, row in enumerate(matched, 1)],
        "unmatched": [_unmatched_model(row, regions) for row in unmatched],
        "summary": {"matched": len(matched),
                    "only": {region: sum(1 for row in unmatched if row.status == f"only_{region}") for region in regions}},
    }


def _notice_model(notice: Notice) -> dict:
    """A notice's heading in the report: place, title, years, issuer, number of tasks."""
    return {"slug": notice.region, "place": notice.place or notice.region, "title": notice.title, "issuer": notice.issuer,
            "doc_number": notice.doc_number, "years": notice.years_label(), "tasks": len(notice.tasks)}


def _row_model(number: int, row: Row, regions: list[str]) -> dict:
    """A matched row: each region's tasks with their shared phrases marked, and the flags of what differs."""
    cells = []
    for region in regions:
        others = [task.text for other in regions if other != region for task in row.tasks[other]]
        why = [term.strip() for term in row.why.split(",") if term.strip()]
        cells.append({"region": region, "tasks": [_task_model(task, others, why) for task in row.tasks[region]]})
    flags = [flag for flag in ("lead", "targets") if f"different {flag}" in row.label or (flag == "targets" and row.target_differences)]
    return {"number": number, "score": row.score, "label": row.label, "kind": label_kind(row.label) or "same",
            "why": row.why, "flags": flags,
            "target_differences": [difference_text(d, regions) for d in row.target_differences], "cells": cells}


def _task_model(task: Task, others: Sequence[str], why: Sequence[str] = ()) -> dict:
    """A task for the page: number, title, units (lead marked), targets, deadline, and its text in marked segments."""
    phrases = list(dict.fromkeys([*(shared_phrases(task.text, others) if others else []), *(t for t in why if t in task.text)]))
    return {
        "id": task.id, "label": task.label, "title": task.title, "lead": task.lead, "deadline": task.deadline,
        "departments": [{"name": d.name, "lead": d.role == "lead" and not d.inherited} for d in task.departments],
        "targets": [target.text for target in task.targets],
        "segments": segments(task.text, phrases),
        "shared": phrases,
    }


def _unmatched_model(row: Row, regions: list[str]) -> dict:
    """A task only one region has, with its nearest candidates in the other regions when the alignment carries them."""
    region = row.status[len("only_"):]
    # Hook: the aligner (align branch) adds Row.nearest = {region: [{"id", "number", "label", "title", "score"}]};
    # an alignment made before that has none, and the page says so instead of inventing candidates.
    nearest = getattr(row, "nearest", None)
    return {"region": region, "tasks": [_task_model(task, []) for task in row.tasks[region]],
            "nearest": [{"region": other, **candidate} for other in regions for candidate in (nearest or {}).get(other, [])],
            "has_nearest": nearest is not None}
