"""The detail view of corresponding tasks (compare --detail, pair): full texts side by side, shared phrases marked.

`detail_view` builds plain data (rows for CSV/TSV, records for JSON); `render_detail` draws it on a terminal.
"""

from __future__ import annotations

from hrcli.errors import UsageError
from hrcli.output.highlight import segments, shared_phrases
from hrcli.output.render import View, make_console
from hrcli.output.views import department_names, match_text, task_record, why_text
from hrcli.schema import Notice, Row, Task
from hrcli.terminal import Terminal

SHARED_STYLE, LEAD_STYLE, DIFFERS_STYLE = "bold green", "bold", "yellow"


def shared_spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Where the phrases occur in the text: [start, end) offsets of its marked segments."""
    spans, position = [], 0
    for piece, shared in segments(text, phrases):
        if shared:
            spans.append((position, position + len(piece)))
        position += len(piece)
    return spans


def _units(task: Task) -> list[str]:
    """The units of a task as printed, the lead marked "(lead)", carried-forward ones with *."""
    return [name + ("(lead)" if department.role == "lead" and not department.inherited else "")
            for department, name in zip(task.departments, department_names(task))]


def _task_detail(task: Task, others: list[str], differing: set[str]) -> dict:
    """A task as the detail view shows it: the compare record, with units, deadline and the phrases it shares."""
    phrases = shared_phrases(task.text, others)
    return {**task_record(task), "units": _units(task), "deadline": task.deadline, "shared": phrases,
            "shared_spans": [list(span) for span in shared_spans(task.text, phrases)],
            "differing_targets": [target.text for target in task.targets if target.text in differing]}


def detail_view(regions: list[str], rows: list[Row], title: str) -> View:
    """Each row's tasks in full, side by side: one line per row for CSV/TSV, a record per row for JSON."""
    columns = ["status", "score", "label", "why", "shared"]
    for region in regions:
        columns += [f"{region}_{name}" for name in ("task", "title", "units", "deadline", "targets", "text")]
    flat_rows, records = [], []
    for row in rows:
        differing = {text for difference in row.target_differences for key, text in difference.items() if key != "measure"}
        details = {region: [_task_detail(task, _other_texts(row, region), differing) for task in row.tasks[region]]
                   for region in regions}
        phrases = _longest({phrase for items in details.values() for task in items for phrase in task["shared"]})
        records.append({"status": row.status, "score": row.score, "label": row.label, "why": row.why, "shared": phrases,
                        "tasks": details, "target_differences": row.target_differences})
        flat = {"status": row.status, "score": row.score, "label": row.label, "why": row.why, "shared": why_text(phrases)}
        for region in regions:
            items = details[region]
            flat[f"{region}_task"] = [t["label"] for t in items]
            flat[f"{region}_title"] = [t["title"] for t in items]
            flat[f"{region}_units"] = [unit for t in items for unit in t["units"]]
            flat[f"{region}_deadline"] = [t["deadline"] or "" for t in items]
            flat[f"{region}_targets"] = [target["text"] for t in items for target in t["targets"]]
            flat[f"{region}_text"] = [t["text"] for t in items]
        flat_rows.append(flat)
    display = View(regions, records, title=title, table=render_detail)
    return View(columns, flat_rows, document={"regions": regions, "rows": records}, display=display, records=records)


def _longest(phrases: set[str]) -> list[str]:
    """The phrases not inside a longer one of them, longest first (医保基金支出 goes in 住院医保基金支出)."""
    kept = [phrase for phrase in phrases if not any(phrase != other and phrase in other for other in phrases)]
    return sorted(kept, key=lambda phrase: (-len(phrase), phrase))


def _other_texts(row: Row, region: str) -> list[str]:
    """The texts of the row's tasks of every other region: what a task of this region is read against."""
    return [task.text for other, tasks in row.tasks.items() if other != region for task in tasks]


def render_detail(view: View, terminal: Terminal) -> str:
    """Each row as a block: a rule with the score and label, the tasks in columns, the evidence under them."""
    import io

    from rich.rule import Rule

    buffer = io.StringIO()
    console = make_console(buffer, terminal)
    if view.title:
        console.print(view.title, style="italic")
    for record in view.rows:
        score = f"{record['score']:.2f}  " if record["score"] is not None else ""
        console.print(Rule(f"{score}{_match(record)}", align="left", style="dim"))
        console.print(_block(view.columns, record))
        if record["why"]:
            console.print(f"why: {record['why']}")
        if record["shared"]:
            console.print(f"shared: {why_text(record['shared'])}", style=SHARED_STYLE if terminal.color else "")
        console.print()
    return buffer.getvalue()


def _match(record: dict) -> str:
    """The row's label, or what kind of row it is."""
    return match_text(Row(record["status"], record["score"], record["label"], record["why"], {}))


def _block(regions: list[str], record: dict):
    """The tasks of one row as a table: a column per region, a line per field."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("", style="dim", no_wrap=True)
    for region in regions:
        tasks = record["tasks"][region]
        table.add_column(f"{region} " + " ".join(f"{t['label']}{t['title']}" for t in tasks), ratio=1, overflow="fold")
    fields = (("text", _text_cell), ("units", _units_cell), ("deadline", _deadline_cell), ("targets", _targets_cell))
    for name, cell in fields:
        values = [_joined(record["tasks"][region], cell) for region in regions]
        if any(value.plain.strip() for value in values):
            table.add_row(name, *values)
    return table


def _joined(tasks: list[dict], cell):
    """One field of a region's tasks, one after the other; each under its label when the region has several."""
    from rich.text import Text

    parts = [(task, cell(task)) for task in tasks]
    if len(parts) > 1:
        parts = [(task, Text.assemble((task["label"], "bold"), part)) for task, part in parts if part.plain]
    return Text("\n\n").join(part for _, part in parts) if parts else Text("")


def _text_cell(task: dict):
    """The full text, shared phrases marked."""
    from rich.text import Text

    text = Text(task["text"])
    for start, end in task["shared_spans"]:
        text.stylize(SHARED_STYLE, start, end)
    return text


def _units_cell(task: dict):
    """The units, the lead in bold."""
    from rich.text import Text

    text = Text()
    for number, unit in enumerate(task["units"]):
        text.append(("、" if number else "") + unit, style=LEAD_STYLE if unit.endswith("(lead)") else "")
    return text


def _deadline_cell(task: dict):
    from rich.text import Text

    return Text(task["deadline"] or "")


def _targets_cell(task: dict):
    """The targets, those set differently by another region in yellow."""
    from rich.text import Text

    text = Text()
    for number, target in enumerate(task["targets"]):
        text.append(("; " if number else "") + target["text"], style=DIFFERS_STYLE if target["text"] in task["differing_targets"] else "")
    return text


# --- pair: one task of each of two regions -------------------------------------------------------------------------


def split_task_argument(argument: str) -> tuple[str, str]:
    """REGION:TASK -> (region, task); the last colon splits, so a path with colons still works."""
    region, colon, task = argument.rpartition(":")
    if not colon or not region or not task.strip():
        raise UsageError(f"{argument} is not REGION:TASK", "e.g. hrcli pair linfen:7 qinghai:16, or linfen:(七)")
    return region, task.strip()


def find_task(notice: Notice, spec: str) -> Task:
    """The task a spec names: its label as printed ((七), 1.), its id (linfen-7, 1.2), its number (7) or numeral (七)."""
    from hrcli.parse.clean import WIDTH_TABLE

    folded = spec.translate(WIDTH_TABLE).replace(" ", "")
    for task in notice.tasks:
        if folded in (task.label.translate(WIDTH_TABLE), task.id) or task.id == f"{notice.region}-{folded}":
            return task
    number = _number(folded)
    found = [task for task in notice.tasks if task.number == number]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(task.id for task in found)
        raise UsageError(f"{notice.region} has several tasks {spec}: {ids}", f"name one by its id, e.g. {notice.region}:{found[0].id}")
    first, last = notice.tasks[0].label, notice.tasks[-1].label
    raise UsageError(f"{notice.region} has no task {spec}", f"its tasks run {first} to {last}; 'hrcli show {notice.region}' lists them")


def _number(spec: str) -> int | None:
    """7, (七), 七、 or 7. as an integer; None when it is not a number."""
    from hrcli.parse.notice import CN_DIGITS, chinese_number

    core = spec.strip("()、.")
    if core.isdigit():
        return int(core)
    if core and all(char in CN_DIGITS or char in "十百" for char in core):
        return chinese_number(core)
    return None
