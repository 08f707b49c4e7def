"""Which rows of a comparison to show: by topic, by department, by kind (compare --topic/--dept/--only)."""

from __future__ import annotations

from collections.abc import Iterable

from hrcli.errors import UsageError
from hrcli.schema import Alignment, Row, Task

ONLY = ("matched", "unmatched", "changed")


def topic_keys(query: str, taxonomy) -> list[str]:
    """The topics a --topic names: its key, Chinese or English name, or every topic whose Chinese name holds it."""
    wanted = query.strip().casefold()
    for topic in taxonomy.topics:
        if wanted in (topic.key.casefold(), topic.zh.casefold(), topic.en.casefold()):
            return [topic.key]
    holding = [topic.key for topic in taxonomy.topics if wanted and (wanted in topic.zh.casefold() or wanted in topic.en.casefold())]
    if holding:
        return holding
    names = {topic.zh: topic.key for topic in taxonomy.topics} | {topic.key: topic.key for topic in taxonomy.topics}
    raise UsageError(f"unknown topic: {query}", f"{did_you_mean(query, names)}'hrcli topics' lists them")


def department_key(query: str, index) -> str | None:
    """The canonical department a --dept names (key, Chinese or English name, an alias); None when unknown."""
    return index.key_for(query.strip())


def unknown_department(query: str, index) -> UsageError:
    """The error for a --dept that names no department, with the closest name."""
    names = {entry.zh: key for key, entry in index.entries.items()}
    return UsageError(f"unknown department: {query}", f"{did_you_mean(query, names)}see 'hrcli departments' for the names in use")


def did_you_mean(query: str, names: dict[str, str]) -> str:
    """"did you mean X? " for the closest of the names (empty when none is close)."""
    from rapidfuzz import fuzz, process

    best = process.extractOne(query, list(names), scorer=fuzz.WRatio, score_cutoff=60)
    return f"did you mean {best[0]}? " if best else ""


def changed(row: Row) -> bool:
    """A matched row whose regions set a target differently or give it to different leads."""
    if row.status != "matched":
        return False
    leads = {frozenset(_lead_key(task) for task in tasks) for tasks in row.tasks.values() if tasks}
    return bool(row.target_differences) or len(leads) > 1


def _lead_key(task: Task) -> str | None:
    """The lead as a department key (市医保局 and 省医保局 are one), else as written."""
    lead = next((d for d in task.departments if d.role == "lead"), None)
    return (lead.canonical or lead.name) if lead else task.lead


def select_rows(alignment: Alignment, topics: Iterable[str] | None = None, task_ids: set[str] | None = None,
                only: str | None = None) -> Alignment:
    """The rows holding a task of one of the topics, a task of the department, and of the kind asked for."""
    topics = set(topics) if topics is not None else None
    kept = []
    for row in alignment.rows:
        tasks = [task for items in row.tasks.values() for task in items]
        if topics is not None and not any(topics & set(task.topics) for task in tasks):
            continue
        if task_ids is not None and not any(task.id in task_ids for task in tasks):
            continue
        if (only == "matched" and row.status != "matched") or (only == "unmatched" and row.status == "matched"):
            continue
        if only == "changed" and not changed(row):
            continue
        kept.append(row)
    return Alignment(regions=alignment.regions, rows=kept, links=alignment.links)
