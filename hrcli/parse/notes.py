"""A responsibility note ("(市医保局、市卫健委等按职责分工负责)") -> departments, roles, deadline, rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hrcli.schema import Department

# Words that make a bracketed tail a responsibility note rather than an aside.
NOTE_MARKERS = re.compile(r"负责|牵头|参与|配合|协同|责任单位|责任部门|承办|落实单位")
PREFIX = re.compile(r"^(?:责任单位|责任部门|牵头单位|负责单位|落实单位|承办单位|牵头部门)\s*[:]\s*")
# One run of names closed by the verb that gives them their role; longest verbs first.
ROLE_RUN = re.compile(
    r"(?P<names>.*?)(?P<verb>按职责分工负责|按职责分别负责|按职能分工负责|按职责负责|分工负责|分别负责|共同负责|"
    r"牵头负责|配合负责|负责落实|负责|牵头|参与|配合|协助|协同)"
)
PARTICIPATING_VERBS = {"参与", "配合", "协助", "协同", "配合负责"}
# "排在第一位的部门为牵头部门" (Shanxi): a legend saying the first-listed unit leads.
LEGEND = re.compile(r"排在第一位|排名第一|第一位的|列第一位|首位.{0,4}牵头")
CARRIES_RULE = re.compile(r"下同")
# "以下各项均需各县市区人民政府负责,不再列出" (Linfen task (三)).
CARRY_FORWARD = re.compile(r"以下(?:各项|任务|各条)?(?:均需|均由|均应|均为|由)(?P<names>.+?)(?:负责|牵头|参与)")
DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月)?(?:底|末|中旬|上旬|下旬)?(?:前|以前|内)?(?:完成|启动|出台|建成)|"
    r"年内完成|年底前完成|长期坚持|持续推进"
)
NAME_SPLIT = re.compile(r"[、,;]|(?:和|及|与|以及)(?=[省市县区镇乡州各])")
VAGUE_TAIL = re.compile(r"等(?:相关|有关)?(?:部门|单位)?$")
# Words left over from a note's sentence that are not unit names ("…负责,不再列出").
NOT_A_NAME = re.compile(r"^(?:不再(?:单独)?列出|下同|以下同|同上|按职责分工|各自职责)$")


@dataclass
class NoteInfo:
    """What one note says."""

    departments: list[Department] = field(default_factory=list)
    deadline: str | None = None
    legend: bool = False  # this note states that the first-listed unit leads
    carries_rule: bool = False  # "下同": the legend applies to the notes that follow
    carry_forward: list[str] = field(default_factory=list)  # units every later task also has


def looks_like_note(content: str) -> bool:
    """True when a bracketed text names responsible units."""
    return bool(NOTE_MARKERS.search(content)) and len(content) <= 400


def parse_note(note: str) -> NoteInfo:
    """Split a note (brackets removed) into its departments and rules."""
    info = NoteInfo()
    for clause in _clauses(PREFIX.sub("", note.strip())):
        if LEGEND.search(clause):
            info.legend = True
            info.carries_rule = info.carries_rule or bool(CARRIES_RULE.search(clause))
            continue
        forward = CARRY_FORWARD.search(clause)
        if forward:
            info.carry_forward.extend(split_names(forward.group("names")))
            continue
        deadline = DEADLINE.search(clause)
        if deadline and not ROLE_RUN.search(clause):
            info.deadline = clause.strip()
            continue
        info.departments.extend(_departments_of(clause, have_lead=bool(info.departments)))
    return info


def _clauses(note: str) -> list[str]:
    """Split at 。 and ；, and at a comma that follows a verb ("…负责,省编办…参与")."""
    parts: list[str] = []
    for sentence in re.split(r"[。;]", note):
        if CARRY_FORWARD.search(sentence) or LEGEND.search(sentence):
            parts.append(sentence)  # "以下各项均需…负责,不再列出" is one rule, not two clauses
            continue
        parts.extend(re.split(r"(?<=负责|参与|配合|牵头|完成),", sentence))
    return [p for p in (part.strip() for part in parts) if p]


def _departments_of(clause: str, have_lead: bool) -> list[Department]:
    """The names in one clause, each with its role; the first responsible name leads."""
    departments: list[Department] = []
    matched_until = 0
    runs = list(ROLE_RUN.finditer(clause))
    for run in runs:
        role = "participating" if run.group("verb") in PARTICIPATING_VERBS else "responsible"
        for name in split_names(run.group("names")):
            departments.append(Department(name=name, role=role))
        matched_until = run.end()
    tail = clause[matched_until:]
    if not runs or (tail.strip() and not DEADLINE.search(tail)):
        departments.extend(Department(name=name) for name in split_names(tail))
    if not have_lead:
        for department in departments:
            if department.role == "responsible":
                department.role = "lead"
                break
    return departments


def split_names(text: str) -> list[str]:
    """Split a list of unit names on 、，, 和 及; drop "等" tails and empty pieces.

    Splitting happens only outside brackets, so "各镇人民政府(开发区工委)" stays whole (Sixian).
    """
    masked = _mask_brackets(text)
    names, start = [], 0
    for match in NAME_SPLIT.finditer(masked):
        names.append(text[start : match.start()])
        start = match.end()
    names.append(text[start:])
    cleaned = []
    for name in names:
        name = VAGUE_TAIL.sub("", name.strip(" ,、:")).strip()
        if name and not NOT_A_NAME.match(name) and name not in cleaned:
            cleaned.append(name)
    return cleaned


def _mask_brackets(text: str) -> str:
    """The text with everything inside brackets replaced by spaces (same length)."""
    out, depth = [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
            out.append(char)
            continue
        out.append(" " if depth else char)
    return "".join(out)
