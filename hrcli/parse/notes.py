"""A responsibility note ("(市医保局、市卫健委等按职责分工负责)") -> departments, roles, deadline, rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from hrcli.parse.regex import first_characters, scanner
from hrcli.schema import PARTICIPATING_VERBS as UNIT_VERBS
from hrcli.schema import Department

# Words that make a bracketed tail a responsibility note rather than an aside.
NOTE_MARKERS = re.compile(r"负责|牵头|参与|配合|协同|协作|协助|协办|责任单位|责任部门|承办|落实单位")
# A label that gives the role of the names after it, in a note or on a line of its own
# ("牵头单位:省卫生健康委", "【配合单位】省财政厅", "完成时限:2022年底前"). Group names say the role.
UNIT_LABEL = scanner(
    r"(?P<open>【)?(?:(?P<lead>牵头责任单位|牵头单位|牵头部门|牵头责任部门|主责单位|主责部门|牵头处室|牵头科室)|"
    r"(?P<responsible>责任单位|责任部门|负责单位|负责部门|落实单位|承办单位|实施单位|责任主体|责任处室|责任科室)|"
    r"(?P<participating>(?:主要)?(?:配合单位|配合部门|协作单位|协作部门|协办单位|参与单位|参与部门|参加单位|协同单位|"
    r"协同部门|配合处室|配合科室))|"
    r"(?P<deadline>完成时限|完成时间|时间节点|时间安排|进度安排|时限要求|时限)|"
    r"(?P<leader>(?:牵头|责任|分管|联系)(?:市|省|县|区)?领导))(?(open)】|\s*[:])\s*"
)
# How the name of a unit ends: an office, a government, a committee ("省卫生健康委", "各县人民政府").
UNIT_NAME = re.compile(r"(?:委|局|厅|办|部|署|处|科|政府|委员会|中心|小组|办公室|单位|部门|机构|管委会|工委|联|会)$")
# A sentence, not a name, starts with one of these ("由基层医疗卫生机构负责").
PROSE_START = re.compile(r"^(?:由|对|将|在|把|要|并|各级|加强|推动|推进|完善|建立|健全|鼓励|支持)")
# The verbs that close a run of names and give them their role; longest verbs first.
ROLE_VERBS = (
    r"按职责分工负责|按职责分别负责|按职能分工负责|按职责负责|分工负责|分别负责|共同负责|"
    r"共同牵头|分别牵头|联合牵头|牵头负责|配合负责|负责落实|负责|牵头|参与|配合|协助|协同|协作|协办|"
    r"组织落实|抓好落实|具体落实|组织实施|落实"
)
# One run of names closed by its verb (for a whole clause). To find the runs of a note, the verbs are searched
# alone and the names sliced off before each: "(.*?)(verb)" rescans the rest of a long note at every position.
ROLE_RUN = re.compile(rf"(?P<names>.*?)(?P<verb>{ROLE_VERBS})")
ROLE_VERB = re.compile(ROLE_VERBS)
PARTICIPATING_VERBS = {*UNIT_VERBS, "配合负责"}
# Every name before one of these leads ("A、B共同牵头": two leads).
LEAD_VERBS = {"共同牵头", "分别牵头", "联合牵头", "牵头负责", "牵头"}
# "排在第一位的部门为牵头部门" (Shanxi): a legend saying the first-listed unit leads.
LEGEND = re.compile(r"排在第一位|排名第一|第一位的|列第一位|首位.{0,4}牵头|排在首位|列在首位|排列第一|排第一|第一个.{0,4}为牵头")
LEGEND_WORDS = ("第一", "首位")  # every legend holds one: a text without either (`in`, at C speed) holds none
CARRIES_RULE = re.compile(r"下同")
# The legend in brackets among the names: "责任单位:省医保局(排在第一位的为牵头单位)、省卫生健康委".
LEGEND_ASIDE = re.compile(rf"\([^()]*(?:{LEGEND.pattern})[^()]*\)")
# A role in brackets after one name: "省卫生健康委(牵头)、省财政厅、省医保局".
ROLE_ASIDE = re.compile(r"(?P<name>[^、,;:()\n]+)\((?P<role>牵头|牵头单位|牵头部门|主责|配合|参与|协办)\)")
# A legend's second half: the units after the first assist ("排在第一位的为牵头单位,其他为配合单位").
OTHERS_ASSIST = re.compile(r"(?:其他|其余|其它)(?:单位|部门)?(?:为|是)(?:配合|参与|协作|协同|协助)(?:单位|部门)?")
# The sentence that explains a legend: "分别负责为各部门按职责分别牵头" (Shanxi).
LEGEND_EXPLANATION = re.compile(r"^.{0,8}为.{0,16}(?:牵头|负责)")
# "以下各项均需各县市区人民政府负责,不再列出" (Linfen task (三)).
CARRY_FORWARD = re.compile(r"以下(?:各项|任务|各条)?(?:均需|均由|均应|均为|由)(?P<names>.+?)(?:负责|牵头|参与)")
DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月)?(?:底|末|中旬|上旬|下旬)?(?:前|以前|内)?(?:完成|启动|出台|建成)|"
    r"年内完成|年底前完成|长期坚持|持续推进"
)
# A clause that is only a date or a period: "2023年6月30日前", "2023年底前", "年内", "长期".
DEADLINE_CLAUSE = re.compile(
    r"^(?:(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|年底|年末|上半年|下半年|中旬|上旬|下旬)?(?:前|以前|之前|内|起)?"
    r"(?<=[\d年月日底末旬前内起])|年内|年底前|长期|持续|持续实施|长期实施|\d{4}年(?:起|开始).{0,10})$"
)
# A note's sentences, and a comma after a verb, which ends a clause ("A负责,B参与"). The comma comes first and
# the verb before it is checked by a lookbehind: re skips straight to the commas.
SENTENCES = re.compile(r"[。;\n]")
COMMA_AFTER_VERB = re.compile(r",(?<=(?:负责|参与|配合|牵头|完成|协同|协作|协助|协办|落实|实施),)")
# "A会同B负责": 会同 (together with) joins two names like 和.
# (Written to open with the class of the separators' first characters, each one's rest checked after it: re skips
# straight to them; a lookahead-led pattern was tried at every position, 1.5 us a note.)
NAME_SPLIT = re.compile(r"[、,;会和及与以](?:(?<=[、,;])|(?<=会)同|(?<=[和及与])(?=[省市县区镇乡州各国])|(?<=以)及(?=[省市县区镇乡州各国]))")
LEADING_BY = re.compile(r"^由(?=[省市县区镇乡州各国])")  # "由省医保局负责"
VAGUE_TAIL = re.compile(r"等(?:相关|有关)?(?:部门|单位)?$")
# Words left over from a note's sentence that are not unit names ("…负责,不再列出").
NOT_A_NAME = re.compile(r"^(?:不再(?:单独)?列出|下同|以下同|同上|按职责分工|各自职责)$")
NOT_A_NAME_OPENINGS = first_characters(NOT_A_NAME.pattern)  # a name starting otherwise (nearly all) is not tried


@dataclass(slots=True)
class NoteInfo:
    """What one note says."""

    departments: list[Department] = field(default_factory=list)
    deadline: str | None = None
    legend: bool = False  # this note states that the first-listed unit leads
    carries_rule: bool = False  # "下同": the legend applies to the notes that follow
    carry_forward: list[str] = field(default_factory=list)  # units every later task also has
    lead_named: bool = False  # a label or verb names the lead ("牵头单位:", "A牵头"), not the convention
    others_assist: bool = False  # the legend says the units after the lead assist ("其他为配合单位")


def looks_like_note(content: str) -> bool:
    """True when a bracketed text names responsible units, however many (a county's note may list every township)."""
    # "(各县区人民政府组织实施)": 落实/实施 name a note only after unit names, never after prose ("(确保政策落实)").
    return bool(NOTE_MARKERS.search(content) or UNIT_LABEL.search(content) or is_role_sentence(content))


def is_deadline(text: str) -> bool:
    """True when a text is only a deadline ("2023年底前完成", "年内完成", "长期坚持")."""
    text = text.strip()
    return bool(DEADLINE_CLAUSE.match(text) or (DEADLINE.fullmatch(text) and text))


def looks_like_units(content: str) -> bool:
    """True when a text is a list of unit names ("省中医药局、省卫生健康委"), as a cut-off note is."""
    names = split_names(content)
    return bool(names) and all(UNIT_NAME.search(name) for name in names[:-1]) and bool(UNIT_NAME.search(names[0]))


def is_role_sentence(sentence: str) -> bool:
    """True when a sentence only says who does the task ("省医保局、省民政厅共同牵头,省财政厅参与").

    Every clause is a list of unit names closed by a role verb, and nothing else.
    """
    clauses = [clause for clause in sentence.split(",") if clause]
    for clause in clauses:
        run = ROLE_RUN.fullmatch(clause)
        names = split_names(run.group("names")) if run else []
        if not names or not all(UNIT_NAME.search(name) and not PROSE_START.match(name) for name in names):
            return False
    return bool(clauses)


def parse_note(note: str) -> NoteInfo:
    """Split a note (brackets removed) into its departments and rules."""
    info = NoteInfo()
    note = _without_legend_asides(note, info)
    note, marked = _without_role_asides(note)
    for role, segment in _segments(note):
        if role == "deadline":
            info.deadline = info.deadline or segment
            continue
        if role == "leader":
            continue  # a person ("牵头领导:张三副省长"), not a unit
        for clause, is_legend in _clauses(segment):
            if is_legend:
                info.legend = True
                info.carries_rule = info.carries_rule or bool(CARRIES_RULE.search(clause))
                info.others_assist = info.others_assist or bool(OTHERS_ASSIST.search(clause))
                continue
            forward = CARRY_FORWARD.search(clause)
            if forward:
                info.carry_forward.extend(split_names(forward.group("names")))
                continue
            # DEADLINE is tried at every position of the clause: looked for only in a clause without a role verb.
            if role is None and not ROLE_VERB.search(clause) and (DEADLINE.search(clause) or DEADLINE_CLAUSE.match(clause)):
                info.deadline = clause.strip()
                continue
            info.departments.extend(_departments_of(clause, role))
    for department in info.departments if marked else ():
        department.role = marked.get(department.name, department.role)
    info.departments = _merged(info.departments)
    info.lead_named = any(department.role == "lead" for department in info.departments)
    if not info.lead_named:  # the convention: the first responsible unit leads
        first = next((d for d in info.departments if d.role == "responsible"), None)
        if first is not None:
            first.role = "lead"
    if info.others_assist:  # "其他为配合单位": every unit but the lead assists
        for department in info.departments:
            department.role = "participating" if department.role == "responsible" else department.role
    return info


def _without_legend_asides(note: str, info: NoteInfo) -> str:
    """Drop a legend in brackets among the names ("省医保局(排在第一位的为牵头单位)、…"), noting it."""

    def drop(match: re.Match) -> str:
        info.legend = True
        info.carries_rule = info.carries_rule or bool(CARRIES_RULE.search(match.group(0)))
        info.others_assist = info.others_assist or bool(OTHERS_ASSIST.search(match.group(0)))
        return ""

    note = note.strip()
    return LEGEND_ASIDE.sub(drop, note) if "(" in note else note  # an aside opens with "(" (most notes hold none)


ROLE_RANK = {"lead": 0, "responsible": 1, "participating": 2}


def _merged(departments: list[Department]) -> list[Department]:
    """One entry per name, at its first place, with its strongest role ("A、B负责,A牵头": A leads)."""
    merged: dict[str, Department] = {}
    for department in departments:
        kept = merged.setdefault(department.name, department)
        if ROLE_RANK[department.role] < ROLE_RANK[kept.role]:
            kept.role = department.role
    return list(merged.values())


def _without_role_asides(note: str) -> tuple[str, dict[str, str]]:
    """Drop a role in brackets after a name ("省卫生健康委(牵头)、省财政厅"): the note without them, name -> role."""
    marked: dict[str, str] = {}

    def drop(match: re.Match) -> str:
        name = match.group("name").strip()
        marked[name] = "participating" if match.group("role") in PARTICIPATING_VERBS else "lead"
        return name

    if "(" not in note:  # ROLE_ASIDE would try every position, each as far as the next separator
        return note, marked
    return ROLE_ASIDE.sub(drop, note), marked


def _segments(note: str) -> list[tuple[str | None, str]]:
    """(role given by a label, text) pieces: "牵头单位:A 配合单位:B" -> [("lead", "A"), ("participating", "B")].

    Text before the first label, or a note without labels, has role None: its verbs say the roles.
    """
    labels = list(unit_labels(note))
    pieces: list[tuple[str | None, str]] = []
    if not labels or labels[0].start() > 0:
        pieces.append((None, note[: labels[0].start()] if labels else note))
    for label, following in zip(labels, [*labels[1:], None]):
        text = note[label.end() : following.start() if following else len(note)]
        pieces.append((label.lastgroup, text))
    stripped = [(role, text.strip(" \n;。,")) for role, text in pieces]
    return [(role, text) for role, text in stripped if text]


def unit_labels(text: str) -> Iterator[re.Match]:
    """UNIT_LABEL.finditer(text); none in a text without 】 or a colon, one of which ends every label.

    Most paragraphs hold neither: they are not scanned at all (UNIT_LABEL, opening with an optional 【, is
    tried at every position even led by its first characters).
    """
    return UNIT_LABEL.finditer(text) if ":" in text or "】" in text else iter(())


def _clauses(note: str) -> list[tuple[str, bool]]:
    """(clause, is a legend) pieces: split at 。 ; and line ends, and at a comma that follows a verb.

    In a sentence holding a legend, the comma-separated pieces that explain the convention
    ("排在第一位的为牵头部门", "下同") are the legend; the others ("A、B负责") are names.
    """
    parts: list[tuple[str, bool]] = []
    for sentence in SENTENCES.split(note):
        if CARRY_FORWARD.search(sentence):
            parts.append((sentence, False))  # "以下各项均需…负责,不再列出" is one rule, not two clauses
        elif LEGEND.search(sentence):
            parts.extend((piece, _is_legend_piece(piece)) for piece in sentence.split(","))
        else:
            parts.extend((piece, False) for piece in COMMA_AFTER_VERB.split(sentence))
    stripped = [(part.strip(), legend) for part, legend in parts]
    return [(part, legend) for part, legend in stripped if part]


def _is_legend_piece(piece: str) -> bool:
    """A piece of a legend sentence that states or explains the convention rather than naming units."""
    piece = piece.strip()
    return bool(
        LEGEND.search(piece) or CARRIES_RULE.fullmatch(piece) or LEGEND_EXPLANATION.match(piece) or OTHERS_ASSIST.search(piece)
    )


def _departments_of(clause: str, label_role: str | None = None) -> list[Department]:
    """The names in one clause, each with the role its verb or label gives it.

    `label_role` is the role a label gave the clause ("牵头单位:" -> lead for every name).
    """
    departments: list[Department] = []
    matched_until = 0
    verbs = list(ROLE_VERB.finditer(clause))
    for verb in verbs:
        role = _verb_role(verb.group(), label_role)
        departments.extend(Department(name, role) for name in split_names(clause[matched_until : verb.start()]))
        matched_until = verb.end()
    tail = clause[matched_until:]
    if not verbs or (tail.strip() and not DEADLINE.search(tail)):
        departments.extend(Department(name=name, role=label_role or "responsible") for name in split_names(tail))
    return departments


def _verb_role(verb: str, label_role: str | None) -> str:
    """The role a verb gives the names before it, under the role of the label, if any."""
    if verb in PARTICIPATING_VERBS:
        return "participating"
    if verb in LEAD_VERBS or label_role == "lead":
        return "lead"
    return label_role or "responsible"


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
    cleaned: dict[str, None] = {}  # in order, each once (a list's `in` made a note of 20,000 units quadratic)
    for name in names:
        name = _bare_name(name)
        if name and (name[0] not in NOT_A_NAME_OPENINGS or not NOT_A_NAME.match(name)):
            cleaned.setdefault(name)
    return list(cleaned)


def _bare_name(name: str) -> str:
    """A piece of a list without separators, a leading 由 and a "等" tail; each pattern tried only where it can match
    (a list of 3 names paid 6 substitutions that nearly never matched)."""
    name = name.strip(" ,、:")
    if name.startswith("由"):
        name = LEADING_BY.sub("", name)
    if "等" in name:
        name = VAGUE_TAIL.sub("", name)
    return name.strip()


def _mask_brackets(text: str) -> str:
    """The text with everything inside brackets replaced by spaces (same length)."""
    if "(" not in text:
        return text  # nothing is inside a bracket (most lists of names)
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
