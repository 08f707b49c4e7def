"""Clean text -> Notice: numbering levels, sections, tasks, notes, metadata, closing text."""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field

from hrcli.errors import ParseError
from hrcli.parse import metadata
from hrcli.parse.clean import CleanText, clean_text, line_spans
from hrcli.parse.notes import (
    LEGEND,
    LEGEND_WORDS,
    UNIT_LABEL,
    NoteInfo,
    is_deadline,
    is_role_sentence,
    looks_like_note,
    looks_like_units,
    parse_note,
)
from hrcli.schema import Department, Notice, Section, Task

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "[一二三四五六七八九十百零]+"
# Numbering styles of Chinese official documents, outermost first: 一、 (一) 1. (1)
LEVELS = [
    (1, re.compile(rf"^({CN_NUMERAL})、")),
    (2, re.compile(rf"^\(({CN_NUMERAL})\)")),
    (3, re.compile(r"^(\d{1,3})[.、](?!\d)")),
    (4, re.compile(r"^\((\d{1,3})\)")),
]
# What a label of LEVELS can open with, besides a digit.
LABEL_OPENINGS = frozenset("(一二三四五六七八九十百零")
SUMMARY_TITLE = re.compile(r"总结|回顾|工作进展|进展情况|工作成效|取得.{0,4}成效")
# Paragraphs after the last task that close the notice rather than continue the task.
CLOSING_START = re.compile(r"^(?:抄送|附件|\d{4}年\d{1,2}月\d{1,2}日|各.{0,40}要|.{0,20}(?:医改领导|领导小组|医改办).{0,20}要)")
# A text pasted together from many notices repeats its numbering thousands of times: name the
# first few, count the rest.
MAX_NUMBERING_WARNINGS = 5
# A sentence ends at 。 (or ！？；); the task title is the first one, which a colon ends too
# ("(一)加强组织领导:各地要…"), but not the colon of a web address (http://…) that a title may quote.
# (Led by the class of all five marks, the colon's exception checked after it: re skips to the marks of a paragraph.)
SENTENCE_END = re.compile(r"[。!?;:](?!(?<=:)//)")
# What may follow a note that closes its paragraph: "(市卫健委负责)。", and "(市卫健委负责);" in a notice whose tasks
# read as one long list.
NOTE_TRAILER = "。; "
# What ends a sentence before a unit line ("…。牵头单位:…").
SENTENCE_BREAK = re.compile("[。;]")


def chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral up to 999: 七 -> 7, 十六 -> 16, 二十四 -> 24."""
    total, current = 0, 0
    for char in numeral:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[char]
    return total + current


@dataclass(slots=True)  # (a notice makes one per numbered paragraph: slots make them faster to build and read)
class Item:
    """A numbered paragraph and what follows it up to the next numbered paragraph."""

    level: int
    label: str
    number: int
    start: int  # clean offset of the label
    end: int = 0
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # clean spans of own paragraphs
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None
    note_content: str | None = None
    note_span: tuple[int, int] | None = None  # clean span of the note, brackets included
    note_cut: bool = False  # the note's bracket never closes: the copy was cut off inside it
    list_note: bool = False  # the note closes the list of sub-items inside the task (it stands in the last one)


def parse_notice(text: str, region: str = "notice", source: str | None = None) -> Notice:
    """Parse the decoded text of a notice. Raises ParseError when it holds no numbered tasks."""
    clean = clean_text(text)
    body = clean.text
    items = _numbered_items(body)
    if not items:
        raise ParseError(
            f"no numbered tasks found in {source or region}",
            "a notice numbers its tasks (一)、(二)… or 1. 2.; is this the right file?",
        )
    roots = _build_tree(items)
    for item in items:
        _find_note(body, item)
    for item in items:
        _lift_list_note(item)
    notice = Notice(region=region, title="", source=source, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    notice.preamble = body[: items[0].start].strip()
    metadata.fill(notice, notice.preamble, body)
    has_notes = any(item.note_content for item in items)
    sections = [item for item in roots if item.level == 1]
    notice.sections = [_section(body, clean, item, has_notes) for item in sections]
    summary = {section.number for section in notice.sections if section.kind == "summary"}
    task_items = [
        item
        for item in _task_items(roots, has_notes)
        if _section_number(item) not in summary
    ]
    if not task_items:
        raise ParseError(f"no numbered tasks found in {source or region}", "only a summary or headings were found")
    notice.warnings.extend(clean.warnings)
    notice.warnings.extend(_summary_warnings(notice.sections))
    notice.warnings.extend(_noteless_section_warnings(roots, has_notes, summary))
    notice.closing = _cut_closing(body, task_items[-1])
    infos = [parse_note(item.note_content) if item.note_content else None for item in task_items]
    notice.tasks = _tasks(body, clean, task_items, infos, region)
    _apply_carried_rules(notice, task_items, infos, _notice_legend_start(body, items, task_items))
    notice.warnings.extend(_numbering_warnings(task_items))
    notice.warnings.extend(
        f"the responsibility note of task {item.label} has no closing bracket (a copy cut off?): read as far as it goes"
        for item in task_items
        if item.note_cut
    )
    if not has_notes:
        notice.warnings.append("no responsibility notes found: departments are empty")
    notice.warnings.extend(_truncation_warnings(notice, clean, task_items[-1], body))
    return notice


def _numbered_items(body: str) -> list[Item]:
    """Every paragraph that starts with a numbering label, in order."""
    items: list[Item] = []
    for start, end in line_spans(body):
        label = _label(body[start:end])
        if label:
            level, text, number = label
            items.append(Item(level, text, number, start))
        if items:
            items[-1].paragraphs.append((start, end))
    for item, following in itertools.pairwise(items):
        item.end = following.start
    if items:
        items[-1].end = len(body)
    return items


def _label(line: str) -> tuple[int, str, int] | None:
    """(level, label as printed, number) when the line starts with a numbering label."""
    if not line or not (line[0] in LABEL_OPENINGS or line[0].isdecimal()):  # \d is a decimal digit of any script
        return None  # most lines: no need to try the four patterns
    for level, pattern in LEVELS:
        match = pattern.match(line)
        if match:
            raw = match.group(1)
            return level, match.group(0), int(raw) if raw.isdigit() else chinese_number(raw)
    return None


def _build_tree(items: list[Item]) -> list[Item]:
    """Nest items by level; a deeper item belongs to the nearest shallower one before it."""
    roots: list[Item] = []
    stack: list[Item] = []
    for item in items:
        while stack and stack[-1].level >= item.level:
            stack.pop()
        if stack:
            item.parent = stack[-1]
            stack[-1].children.append(item)
        else:
            roots.append(item)
        stack.append(item)
    return roots


def _find_note(body: str, item: Item) -> None:
    """Find the item's responsibility note: a bracket closing a paragraph, unit lines, or both."""
    bracket = _bracket_note(body, item)
    lines = _unit_lines(body, item)
    if bracket and lines and _only_marks_between(body, bracket[1][1], lines[1][0]):  # "(…负责)" then "完成时限:…"
        item.note_content = f"{bracket[0]}\n{lines[0]}"
        item.note_span = (bracket[1][0], lines[1][1])
    elif lines or bracket:
        item.note_content, item.note_span = lines or bracket
    else:
        cut = _cut_note(body, item)
        if cut:
            item.note_content, item.note_span = cut
            item.note_cut = True
        else:
            found = _role_sentence(body, item) or _title_note(body, item)
            if found:
                item.note_content, item.note_span = found


def _only_marks_between(body: str, end: int, start: int) -> bool:
    """Nothing but sentence marks and line breaks from `end` to `start` ("(…负责)。。\n完成时限:…" has a typo)."""
    return end <= start and not body[end:start].strip(NOTE_TRAILER + "\n")


def _title_note(body: str, item: Item) -> tuple[str, tuple[int, int]] | None:
    """A note closing the task's first sentence, before its text ("(一)完善分级诊疗(市卫健委牵头,市医保局配合)。…")."""
    start, end = item.paragraphs[0]
    paragraph = body[start:end]
    sentence_end = paragraph.find("。")
    if sentence_end < 0 or not paragraph[:sentence_end].endswith((")", "】")) or not paragraph[sentence_end + 1 :].strip():
        return None
    open_at = _matching_open(paragraph[:sentence_end])
    if open_at is None or open_at <= len(item.label):
        return None
    content = paragraph[open_at + 1 : sentence_end - 1]
    if not (UNIT_LABEL.search(content) or is_role_sentence(content)):
        return None
    return content, (start + open_at, start + sentence_end)


def _role_sentence(body: str, item: Item) -> tuple[str, tuple[int, int]] | None:
    """A last sentence without brackets that only names the units ("…。省医保局牵头,省财政厅参与。")."""
    if not item.paragraphs:
        return None
    start, end = item.paragraphs[-1]
    paragraph = body[start:end].rstrip("。 ")
    sentence_start = max(paragraph.rfind("。"), paragraph.rfind(";")) + 1
    if sentence_start == 0 and len(item.paragraphs) == 1:
        return None  # the whole task would be its note
    sentence = paragraph[sentence_start:]
    if not is_role_sentence(sentence):
        return None
    return sentence, (start + sentence_start, start + len(paragraph))


def _unit_line_label(paragraph: str) -> re.Match | None:
    """The first unit label that opens the paragraph or follows a sentence, outside any bracket (not "(牵头单位:…)").

    Tried only where a sentence starts, not searched for through the paragraph (a task's paragraph took 6 us):
    a label holds no 。 or ;, so none found elsewhere can reach such a place.
    """
    if ":" not in paragraph and "】" not in paragraph:
        return None  # every label ends with one of them
    for at in (0, *(mark.end() for mark in SENTENCE_BREAK.finditer(paragraph))):
        label = UNIT_LABEL.match(paragraph, at)
        if label and _bracket_depth(paragraph, at) == 0:
            return label
    return None


def _cut_note(body: str, item: Item) -> tuple[str, tuple[int, int]] | None:
    """A note whose bracket never closes at the end of the item ("…(省中医药局、省卫生健康委"): read as far as it goes."""
    if not item.paragraphs:
        return None
    start, end = item.paragraphs[-1]
    paragraph = body[start:end]
    open_at = paragraph.rfind("(")
    if open_at <= len(item.label) or ")" in paragraph[open_at:]:
        return None
    content = paragraph[open_at + 1 :].rstrip("。,、 ")
    if looks_like_note(content) or looks_like_units(content):
        return content, (start + open_at, end)
    return None


def _lift_list_note(item: Item) -> None:
    """A note after a list inside a task belongs to the task: "(一)…:\n1.…\n2.…(省卫生健康委负责)".

    When only the last of two or more sub-items carries a note, and the item itself none, the note
    closes the whole list.
    """
    if item.note_content or item.level == 1 or len(item.children) < 2:
        return
    last = item.children[-1]
    if not last.note_content or last.children or any(_carries_note(child) for child in item.children[:-1]):
        return
    item.note_content, item.note_span, item.note_cut = last.note_content, last.note_span, last.note_cut
    last.note_content, last.note_span, last.note_cut = None, None, False
    item.list_note = True


def _bracket_note(body: str, item: Item) -> tuple[str, tuple[int, int]] | None:
    """The bracketed note that closes one of the item's own paragraphs: (content, clean span).

    A deadline in a bracket of its own after the note ("(省卫健委负责)(2023年底前完成)") belongs to it.
    """
    for start, end in item.paragraphs:
        paragraph = body[start:end].rstrip(NOTE_TRAILER)
        if not paragraph.endswith((")", "】")):
            continue
        open_at = _matching_open(paragraph)
        if open_at is None:
            continue
        content = paragraph[open_at + 1 : -1]
        deadline = None
        if paragraph[:open_at].endswith((")", "】")) and is_deadline(content):
            deadline, note_end = content, open_at
            open_at = _matching_open(paragraph[:note_end])
            if open_at is None:
                continue
            content = paragraph[open_at + 1 : note_end - 1]
        if looks_like_note(content) and (open_at > len(item.label) or start > item.start):
            return (f"{content};{deadline}" if deadline else content), (start + open_at, start + len(paragraph))
    return None


def _unit_lines(body: str, item: Item) -> tuple[str, tuple[int, int]] | None:
    """Units written as labelled lines ("牵头单位:…", "配合单位:…", "完成时限:…"): (content, clean span).

    The note starts at the first label that opens a paragraph or follows a sentence, and runs
    over the paragraphs right after it that open with a label too.
    """
    first = None
    bare_label = False  # the line before was a label alone ("牵头单位:"): this line holds its names
    for index, (start, end) in enumerate(item.paragraphs):
        paragraph = body[start:end]
        if first is None:
            # (In the first paragraph a label opens a unit line only after a sentence: never the task's own label.)
            label = _unit_line_label(paragraph)
            if label is not None:
                first, note_start, note_end = index, start + label.start(), end
                bare_label = label.end() == len(paragraph)
        elif UNIT_LABEL.match(paragraph) or bare_label:
            note_end = end
            label = UNIT_LABEL.match(paragraph)
            bare_label = bool(label) and label.end() == len(paragraph)
        else:
            break
    if first is None:
        return None
    note_end = note_start + len(body[note_start:note_end].rstrip("。; "))
    return body[note_start:note_end], (note_start, note_end)


def _matching_open(paragraph: str) -> int | None:
    """Index of the "(" that matches the final ")" (or "【" the final "】"), counting nested brackets.

    Steps from bracket to bracket with rfind, not character by character (a long paragraph was read through).
    """
    close = paragraph[-1]
    opening = "【" if close == "】" else "("
    depth = 0
    index = len(paragraph)
    while True:
        closes, opens = paragraph.rfind(close, 0, index), paragraph.rfind(opening, 0, index)
        if closes > opens:
            depth, index = depth + 1, closes
        elif opens >= 0:
            depth, index = depth - 1, opens
            if depth == 0:
                return index
        else:
            return None


def _task_items(roots: list[Item], has_notes: bool) -> list[Item]:
    """The tasks: the lowest numbered items, the ones that carry notes.

    A parent whose children mostly carry notes is a group (Shanxi "(一)全面深化公立医院改革" with
    tasks 1. and 2.); a parent whose children mostly do not is itself the task, its children
    being a list inside it. A section ("一、") is never itself a task: a notice that gives
    notes for only a few of a section's tasks still has all of them.
    """
    tasks: list[Item] = []

    def visit(item: Item) -> None:
        noted_children = sum(1 for child in item.children if _carries_note(child))
        if item.children and (item.level == 1 or not has_notes or 2 * noted_children >= len(item.children)):
            for child in item.children:
                visit(child)
        elif item.level > 1 or not has_notes or item.note_content:  # (a section here has no items)
            tasks.append(item)

    for root in roots:
        visit(root)
    return tasks


def _carries_note(item: Item) -> bool:
    return bool(item.note_content) or any(_carries_note(child) for child in item.children)


def _number_path(item: Item) -> str:
    """The numbers from the item's section down to it: "2.1.3" for task 3. of group (一) of section 二、 ("0.3" for
    one outside any section). Groups numbered 1. 2. 1. 2. in each (一) (二) keep apart ids this way."""
    numbers = []
    while item.parent is not None:
        numbers.append(item.number)
        item = item.parent
    numbers.append(item.number)
    if item.level != 1:
        numbers.append(0)
    return ".".join(map(str, reversed(numbers)))


def _section_number(item: Item) -> int | None:
    while item.parent is not None:
        item = item.parent
    return item.number if item.level == 1 else None


def _section(body: str, clean: CleanText, item: Item, has_notes: bool) -> Section:
    """A top-level part: title from its heading, goal from the paragraphs before its first item."""
    start, end = item.paragraphs[0]
    heading = body[start + len(item.label) : end].strip()
    title, _, rest = heading.partition("。")
    goal_parts = [rest.strip()] if rest.strip("。 ") else []
    goal_parts += [body[s:e] for s, e in item.paragraphs[1:]]
    kind = "tasks"
    # Items without notes are a summary of past work, unless their numbers go on from the tasks before
    # ("五、加强组织实施" with (二十)(二十一) after (十九)): then they are tasks whose notes were left out.
    noteless = has_notes and item.children and not _carries_note(item) and item.children[0].number == 1
    if SUMMARY_TITLE.search(title) or noteless:
        kind = "summary"
    return Section(
        number=item.number,
        label=item.label,
        title=title,
        goal="\n".join(goal_parts),
        kind=kind,
        span=clean.original_span(item.start, item.end),
    )


def _cut_closing(body: str, last: Item) -> str:
    """Split the closing text (instructions, 抄送, signature, 附件) off the last task.

    It follows the task's last paragraph, which is in its last sub-item when the task holds a list.
    """
    target = _last_leaf(last)
    note = last.note_span if last.note_span and any(s < last.note_span[1] <= e for s, e in target.paragraphs) else None
    cut_at = None
    for index, (start, end) in enumerate(target.paragraphs):
        if note and start < note[1] <= end:
            if index + 1 < len(target.paragraphs):
                cut_at = index + 1
            break
        # Closing text follows the task's note: a date or 抄送 before the note is still the task's.
        if index > 0 and note is None and CLOSING_START.match(body[start:end]):
            cut_at = index
            break
    if cut_at is None:
        return ""
    closing = "\n".join(body[s:e] for s, e in target.paragraphs[cut_at:])
    target.paragraphs = target.paragraphs[:cut_at]
    item: Item | None = target
    while item is not None and item is not last.parent:
        item.end = target.paragraphs[-1][1]
        item = item.parent
    return closing


def _tasks(body: str, clean: CleanText, items: list[Item], infos: list[NoteInfo | None], region: str) -> list[Task]:
    """Build the Task records (`infos`: what each item's note says); ids are region-number, or the numbers of the
    item's section, group and its own (region-section.group.number, 0 for no section) if numbers repeat, and ID-2
    for a number repeated under one parent.
    """
    numbers = [item.number for item in items]
    unique = len(set(numbers)) == len(numbers)
    tasks = []
    seen: set[str] = set()
    for item, note_info in zip(items, infos):
        section = _section_number(item)
        text = _own_text(body, item)
        task_id = f"{region}-{item.number}" if unique else f"{region}-{_number_path(item)}"
        # A number repeated under one parent ("1." twice, warned about): the second is ID-2, so every id
        # still names one task (hrcli pair REGION:ID).
        if task_id in seen:
            task_id = next(f"{task_id}-{k}" for k in itertools.count(2) if f"{task_id}-{k}" not in seen)
        seen.add(task_id)
        group = None
        if item.parent is not None and item.parent.level > 1:
            s, e = item.parent.paragraphs[0]
            group = _first_sentence(body[s + len(item.parent.label) : e])
        end = _last_leaf(item).paragraphs[-1][1]
        if item.note_span:  # a list's note stands after the list (_lift_list_note): the task runs to it
            end = max(end, item.note_span[1])
        task = Task(
            id=task_id,
            label=item.label,
            number=item.number,
            section=section,
            group=group,
            title=_first_sentence(text),
            text=text,
            note=item.note_content,
            departments=list(note_info.departments) if note_info else [],
            deadline=note_info.deadline if note_info else None,
            span=clean.original_span(item.start, end),
            note_span=clean.original_span(*item.note_span) if item.note_span else None,
        )
        tasks.append(task)
    return tasks


def _last_leaf(item: Item) -> Item:
    """The item holding the item's last paragraph: the last of its list when it holds one ("(三)…:\n1.…\n2.…")."""
    while item.children:
        item = item.children[-1]
    return item


def _own_text(body: str, item: Item) -> str:
    """The item's text without its label and note; children (a list inside a task) included."""
    parts = []
    for start, end in item.paragraphs:
        if item.note_span and item.note_span[0] <= start < item.note_span[1]:
            continue  # a line of units ("配合单位:…") is note, not text
        if item.note_span and start <= item.note_span[0] < end:
            rest = body[item.note_span[1] : end]
            # Text after a note in the middle of the paragraph (a note closing the title) is still text.
            parts.append(body[start : item.note_span[0]] + (rest if rest.strip("。;, ") else ""))
            continue
        parts.append(body[start:end])
    for child in item.children:
        start, end = child.start, child.end
        if item.list_note and item.note_span and start <= item.note_span[0] < end:
            end = item.note_span[0]  # the list's note, standing in its last item
        parts.append(body[start:end].strip())
    text = "\n".join(part for part in parts if part.strip())
    return text[len(item.label) :].strip()


def _first_sentence(text: str) -> str:
    """The task title: the first sentence of its first paragraph, without the final mark."""
    first = text.partition("\n")[0]
    end = len(first)
    for mark in SENTENCE_END.finditer(first):
        if _bracket_depth(first, mark.start()) <= 0:  # a mark inside a bracket does not end the title:
            end = mark.start()  # "推进分级诊疗(牵头单位:市卫健委)工作。"
            break
    return first[:end].strip()


def _bracket_depth(text: str, end: int | None = None) -> int:
    """How many brackets are open at the end of `text` (of text[:end]: counted in place, no copy)."""
    return text.count("(", 0, end) - text.count(")", 0, end)


def _notice_legend_start(body: str, items: list[Item], tasks: list[Item]) -> int | None:
    """Where a legend outside the notes ("各项任务中排在第一位的为牵头单位") starts to apply, if there is one.

    A legend before a task applies from there on; one in the closing text (a footnote) to every task.
    """
    if not any(word in body for word in LEGEND_WORDS):
        return None  # (LEGEND would be tried through the whole text)
    notes = [item.note_span for item in items if item.note_span]
    for match in LEGEND.finditer(body):
        if any(start <= match.start() < end for start, end in notes):
            continue
        return 0 if match.start() > tasks[-1].start else match.start()
    return None


def _apply_carried_rules(notice: Notice, items: list[Item], infos: list[NoteInfo | None], legend_start: int | None = None) -> None:
    """Leads by legend or convention; units carried forward ("以下各项均需…负责,不再列出")."""
    carried: list[str] = []
    rule_carried = False
    for task, item, info in zip(notice.tasks, items, infos):
        rule_carried = rule_carried or (legend_start is not None and item.start >= legend_start)
        names = {department.name for department in task.departments}
        for name in carried:
            if name not in names:
                task.departments.append(Department(name=name, role="responsible", inherited=True))
        leads = [d.name for d in task.departments if d.role == "lead"]
        task.lead = leads[0] if leads else None
        if info and (info.legend or info.lead_named):
            task.lead_rule = "stated"
        elif task.lead:
            task.lead_rule = "carried" if rule_carried else "convention"
        if info:
            rule_carried = rule_carried or (info.legend and info.carries_rule)
            carried.extend(name for name in info.carry_forward if name not in carried)


def _summary_warnings(sections: list[Section]) -> list[str]:
    """Name the sections left out only because none of their items carries a note."""
    return [
        f"section {section.label} was read as a summary, not as tasks: its numbered items carry no responsibility notes"
        for section in sections
        if section.kind == "summary" and not SUMMARY_TITLE.search(section.title)
    ]


def _noteless_section_warnings(roots: list[Item], has_notes: bool, summary: set[int]) -> list[str]:
    """Name the sections read as tasks although none of their items carries a note (their numbers go on)."""
    return [
        f"section {item.label} gives no responsibility notes: its tasks, numbered on from the ones before, have no departments"
        for item in roots
        if has_notes and item.level == 1 and item.children and not _carries_note(item) and item.number not in summary
    ]


def _numbering_warnings(items: list[Item]) -> list[str]:
    """Name gaps and repeats in task numbering: "(三) follows (一)"."""
    warnings = []
    previous: Item | None = None
    for item in items:
        if previous is not None and previous.level == item.level:
            expected_next = previous.number + 1
            restarted = item.number == 1 and item.parent is not previous.parent
            if item.number != expected_next and not restarted:
                kind = "repeats" if item.number <= previous.number else "skips"
                warnings.append(f"task numbering {kind}: {item.label} follows {previous.label}")
        previous = item
    if len(warnings) > MAX_NUMBERING_WARNINGS:
        more = len(warnings) - MAX_NUMBERING_WARNINGS
        warnings = [*warnings[:MAX_NUMBERING_WARNINGS], f"task numbering: {more} more gaps or repeats"]
    return warnings


def _truncation_warnings(notice: Notice, clean: CleanText, last: Item, body: str) -> list[str]:
    """Warn when the copy seems to stop mid-document (Shanxi's web copy ends at "分享到:")."""
    if notice.closing:
        return []
    footers = [line for kind, line in clean.removed if kind == "share footer"]
    tail = body[last.end :].strip()
    if not tail:
        reason = f" (followed only by the web-page footer {footers[-1]!r})" if footers else ""
        return [f"document appears truncated: it ends with task {last.label}{reason} and has no closing text"]
    return []
