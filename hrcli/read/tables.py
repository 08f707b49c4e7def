"""A table of a Word file or web page -> lines of text; a task table (任务分工表) -> numbered task lines.

A task table has a row of headers naming what each column holds (序号, 重点任务, 具体措施, 牵头单位,
配合单位, 完成时限 and their variants). Each of its rows becomes one numbered paragraph with a
responsibility note in brackets, the form the parser reads in a notice written as text:

    3.推进医保支付方式改革。具体措施……(市医保局牵头,市卫健委、市财政局配合,2022年底前完成)

so one parser serves tasks written as paragraphs and tasks written as a table. A row that spans
the whole table ("一、深化医疗改革") is a heading line. Any other table is read row by row, its
cells joined by spaces.
"""

from __future__ import annotations

import re

from hrcli.schema import PARTICIPATING_VERBS

# Header words -> the role of a column, most specific first (配合单位 before 单位).
COLUMN_ROLES = [
    ("number", re.compile(r"^(?:序号|编号|序|No\.?)$", re.IGNORECASE)),
    ("participating", re.compile("|".join(PARTICIPATING_VERBS))),
    ("lead", re.compile(r"牵头")),
    ("responsible", re.compile(r"责任单位|责任部门|负责单位|负责部门|承办单位|落实单位|主体|单位|部门")),
    ("deadline", re.compile(r"时限|时间|进度|期限|完成|节点")),
    ("title", re.compile(r"重点任务|主要任务|工作任务|任务名称|重点工作|任务|事项|项目|内容|工作")),
    ("measures", re.compile(r"措施|举措|具体|目标|要求|内容|说明")),
]
# A deadline cell is written as a deadline the parser reads ("2022年底" -> "2022年底完成").
# The words that make a clause a deadline to the parser (parse/notes.py DEADLINE).
DEADLINE_WORD = re.compile(r"(?:完成|启动|出台|建成|长期坚持|持续推进)$")
CN_NUMERAL = re.compile(r"^[一二三四五六七八九十百]+$")
LABEL = re.compile(r"^(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百\d]+[)）]|\d{1,3}[.、．])")
# Marks of the lines _task_lines makes before the rows are counted: a heading, a row without a number.
HEADING, UNNUMBERED = "\x00", "\x01"
# A note's separators and brackets, full width: the parser folds them to half width itself.
NOTE_OPEN, NOTE_CLOSE, NOTE_COMMA = "（", "）", "，"


def table_lines(rows: list[list[str]]) -> list[str]:
    """The lines of text a table stands for: numbered task lines for a task table, else its rows."""
    rows = [[_clean_cell(cell) for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    for index, row in enumerate(rows[:3]):
        roles = column_roles(row)
        if _is_task_header(roles):
            return [line for line in _task_lines(rows[index + 1 :], roles) if line]
    return [line for row in rows for line in _plain_row(row)]


def _plain_row(row: list[str]) -> list[str]:
    """A row of a table that is not a task table: its cells side by side on one line; a row of one cell
    (a page laid out in a one-cell frame, as some red-head templates are) keeps its own lines."""
    cells = [cell for cell in row if cell]
    if len(set(cells)) == 1:
        return cells[0].split("\n")
    return [" ".join(_distinct(row))]


def column_roles(header: list[str]) -> list[str | None]:
    """The role of each column from its header text (None for a column of no known role)."""
    roles: list[str | None] = []
    for cell in header:
        text = re.sub(r"\s+", "", cell)
        role = next((role for role, pattern in COLUMN_ROLES if len(text) <= 12 and pattern.search(text)), None)
        if role in roles and role in ("title", "responsible"):
            role = "measures" if role == "title" else role  # 重点任务 then 工作内容: the second is the body
        roles.append(role)
    return roles


def _is_task_header(roles: list[str | None]) -> bool:
    """A header row with a task column and a unit column."""
    has_task = "title" in roles or "measures" in roles
    return has_task and any(role in roles for role in ("lead", "responsible", "participating"))


def _task_lines(rows: list[list[str]], roles: list[str | None]) -> list[str]:
    """One numbered paragraph per task; heading lines for rows that span the table.

    Rows whose number and task cells are one merged cell (a 重点任务 over several 具体措施 rows) are one
    task: their measures joined, their units listed once each, the first deadline kept.
    """
    lines: list[str] = []
    tasks: list[dict[str, str]] = []  # the fields of the tasks since the last heading
    for row in rows:
        if _is_heading(row):
            lines.extend(map(_task_line, tasks))
            tasks = []
            lines.append(HEADING + _distinct(row)[0])  # a merged row: a section heading ("一、…") or a group
            continue
        fields = _fields(row, roles)
        if not fields.get("title") and not fields.get("measures"):
            continue
        if tasks and _continues(tasks[-1], fields):
            _merge(tasks[-1], fields)
        else:
            tasks.append(fields)
    lines.extend(map(_task_line, tasks))
    return _numbered(lines)


def _continues(previous: dict[str, str], fields: dict[str, str]) -> bool:
    """A row of the same task: its number and title are the previous row's (a cell merged down)."""
    return bool(fields.get("title")) and fields.get("title") == previous.get("title") and fields.get("number") == previous.get("number")


def _merge(task: dict[str, str], fields: dict[str, str]) -> None:
    """Add one more row's measures and units to a task."""
    if fields.get("measures") and fields["measures"] != task.get("measures"):
        task["measures"] = "".join(part.rstrip("。") + "。" for part in (task.get("measures", ""), fields["measures"]) if part)
    for role in ("lead", "responsible", "participating"):
        names = _names(task.get(role, "")).split("、") + _names(fields.get(role, "")).split("、")
        task[role] = "、".join(dict.fromkeys(name for name in names if name))
    task.setdefault("deadline", fields.get("deadline", ""))


def _numbered(lines: list[str]) -> list[str]:
    """Headings unmarked; rows without their own number counted 1, 2, 3 … through the table."""
    out, count = [], 0
    for line in lines:
        if line.startswith(HEADING):
            out.append(line[len(HEADING) :])
            continue
        count += 1
        out.append(line.replace(UNNUMBERED, f"{count}.", 1))
    return out


def _is_heading(row: list[str]) -> bool:
    """A row of one text: merged over the table's width, or a lone numbered heading ("二、…")."""
    cells = [cell for cell in row if cell]
    if len(set(cells)) != 1:
        return False
    return len(cells) > 1 or bool(re.match(r"^(?:[一二三四五六七八九十百]+、|第[一二三四五六七八九十]+部分)", cells[0]))


def _fields(row: list[str], roles: list[str | None]) -> dict[str, str]:
    """The row's cells by role; two cells of one role are joined."""
    fields: dict[str, str] = {}
    for cell, role in zip(row, roles):
        if role and cell and cell != fields.get(role):
            fields[role] = f"{fields[role]}{cell}" if role in fields else cell
    return fields


def _task_line(fields: dict[str, str]) -> str:
    """The paragraph of one task row: label, title, measures, responsibility note."""
    label = _label(fields.get("number", ""))
    title = fields.get("title", "")
    body = fields.get("measures", "")
    text = title if not body else body if not title else f"{title.rstrip('。；;')}。{body}"
    if LABEL.match(text):
        label = ""  # the task cell carries its own number
    note = _note(fields)
    text = text.replace("\n", "").rstrip("。；; ")
    return f"{label}{text}{NOTE_OPEN}{note}{NOTE_CLOSE}" if note else f"{label}{text}。"


def _label(number: str) -> str:
    """The task's label as the parser reads it: 3 -> "3.", 三 -> "(三)", a printed label as it is;
    UNNUMBERED (counted in _numbered) for a row without one."""
    number = number.strip().rstrip(".、．")
    if number.isdigit():
        return f"{int(number)}."
    if CN_NUMERAL.match(number):
        return f"（{number}）"
    if number and LABEL.match(number + "、"):
        return number if LABEL.match(number) else f"{number}、"
    return UNNUMBERED


def _note(fields: dict[str, str]) -> str:
    """The responsibility note: "A牵头，B、C配合，2022年底前完成", or "A、B负责" from one unit column."""
    clauses = []
    if fields.get("lead"):
        clauses.append(f"{_names(fields['lead'])}牵头")
    if fields.get("responsible"):
        clauses.append(f"{_names(fields['responsible'])}负责")
    if fields.get("participating"):
        clauses.append(f"{_names(fields['participating'])}配合")
    deadline = fields.get("deadline", "").rstrip("。；; ")
    if deadline:
        clauses.append(deadline if DEADLINE_WORD.search(deadline) else f"{deadline}完成")
    return NOTE_COMMA.join(clauses)


def _names(cell: str) -> str:
    """Unit names of one cell, one per line or separated by spaces or commas, as "A、B、C"."""
    names = [name for name in re.split(r"[\n、，,；;\s]+", cell) if name]
    return "、".join(names)


def _clean_cell(cell: str) -> str:
    """A cell's text on one line: line breaks inside a cell are only wrapping, except between unit names."""
    lines = [line.strip() for line in (cell or "").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _distinct(row: list[str]) -> list[str]:
    """The row's non-empty cells, a cell merged over several columns once."""
    cells: list[str] = []
    for cell in row:
        if cell and (not cells or cells[-1] != cell):
            cells.append(cell.replace("\n", ""))
    return cells
