"""Task text -> quantitative targets ("达到400种以上", "不低于30%"), and how two regions' targets compare.

What counts as a target (each rule cites the notice that needs it):
  - A figure in Arabic digits. Chinese numerals name things, not goals ("十四五", "三个渠道", "六统一").
  - Never inside quotation marks or book-title marks: those are names ("511"计划, "3个10%"经验,
    "15分钟就医圈", 《…(2022—2025年)》). Sixian 13 cites Zhejiang's "3个10%" as an experience to learn from;
    the targets are the three "不低于10%" that follow it.
  - A rate (%, ‰, 个百分点, 倍) is always a target ("45%二级以上综合医院设置老年医学科", Linfen 18).
  - A count (个, 种, 所, 万人次, …) is a target when a comparator word precedes it ("新增托位至少530个",
    Sixian 10), or when it stands after its noun at the end of a phrase: "=" then means "build or reach this
    many" ("建设…传承工作室12个、…流派工作室8个", Qinghai 21). A count that precedes its noun describes the
    scope of the work ("6个异地新建项目", Linfen 2; "在5所省级医院…开展试点", Qinghai 7; "65岁以上老年人").
  - A bare figure (no unit) needs a comparator word and must end its phrase ("千人口托位数达到1.2左右",
    Sixian 10), so "120急救指挥中心", "5G" and "8大项目" are not targets.
  - Dates and durations are not targets: a figure followed by 年/月/日 has no unit and no comparator
    ("到2022年底", "3年内"); they become the target's deadline instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from hrcli.config import Matching
from hrcli.parse.normalize import Normalizer
from hrcli.parse.regex import sre_parse
from hrcli.schema import Target, Task

# Two measures of different regions above this similarity (0..1) are read as the same measure
# (configs/matching.yaml target_cutoff overrides it).
DEFAULT_CUTOFF = Matching.target_cutoff

RATE_UNITS = ("个百分点", "%", "‰", "倍")
COUNT_UNITS = (
    "万人次", "万人", "人次", "万元", "亿元", "元", "万", "亿", "种", "个", "所", "家", "项", "次", "人", "名",
    "张", "台", "辆", "支", "座", "间", "户", "例", "岁", "天", "小时", "分钟", "公里", "平方米", "床", "套", "批", "类",
)


def _alternation(words: Sequence[str]) -> str:
    """A regex alternative of the words, longest first ("个百分点" before "个", "不得超过" before "超过")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# Comparator words printed right before the figure.
BEFORE_WORDS = {
    ">=": (
        "不低于", "不少于", "至少", "达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到",
        "增至", "扩大到", "扩展到", "超过", "高于", "大于",
    ),
    "<=": ("不得超过", "不超过", "不得高于", "不高于", "低于", "少于", "小于", "控制在", "降低到", "降低至", "降至", "下降到"),
    "~": ("约", "大约"),
    # Verbs that only lead into the figure: the comparator comes from a word after it, else "=".
    "": ("保持在", "稳定在", "为"),
}
# Comparator words printed right after the figure; they win over the word before ("达到1.2左右" is "~").
AFTER_WORDS = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "左右": "~"}
BEFORE_COMPARATOR = {word: comparator for comparator, words in BEFORE_WORDS.items() for word in words}


def _comparator_alternation(words: Sequence[str]) -> str:
    """A regex alternative of comparator words; 约 not where it ends a word ("签约100%全覆盖", Linfen 18)."""
    return _alternation(words).replace("约", "(?<![签制节预契履违])约")


COMPARATOR_WORDS = _comparator_alternation(list(BEFORE_COMPARATOR))
# "最高不得超过" (Linfen 8): the bound word is part of the comparator as printed.
BOUND = r"(?:最高|最低|最多|最少)?"

# The number opens with a digit, the character before it checked by a lookbehind after that digit: led by \d, re
# skips straight to the digits of a clause instead of trying the lookbehind at every position.
FIGURE = re.compile(
    r"(?P<number>\d(?<![\dA-Za-z.第]\d)"  # not part of a longer token ("H7N9") nor an ordinal ("第3")
    r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"  # 1,000 keeps its separator after cleaning
    rf"(?P<unit>{_alternation(RATE_UNITS + COUNT_UNITS)})?"
    rf"(?P<after>{_alternation(list(AFTER_WORDS))})?"
)
# A comparator word right before the figure, as the end of the text that precedes it.
# "个人缴费标准提高到人均70元" (Shanxi summary): a per-head word may sit between the comparator and the figure.
PER = r"(?:人均|年均|每人|每年)?"
COMPARATOR_BEFORE = re.compile(rf"{BOUND}(?P<word>{COMPARATOR_WORDS}){PER}$")
COMPARATOR_BEFORE_WIDTH = 1 + sre_parse.parse(COMPARATOR_BEFORE.pattern).getwidth()[1]  # the longest match, and "\n"
# A comparator that bounds a rate against a reference, printed before it: "最高不得超过公益一类事业单位绩效
# 工资总量的5倍" (Linfen 8). Lead-in verbs ("为") are too common to start a reference.
BOUNDING_WORD = re.compile(rf"{BOUND}(?P<word>{_comparator_alternation([w for w, c in BEFORE_COMPARATOR.items() if c])})")
# What may follow a figure that ends its phrase: punctuation, the end, or a list connector.
PHRASE_END = re.compile(r"$|[,，。;；:：、!！?？)）\]]|和|及|与|或")
# Text between two figures of one list ("25%、47%、50%", Qinghai 20; "86%、75%和77%", Shanxi summary).
LIST_GLUE = re.compile(r"[、和及与或/\s]*|以及")

# Every figure holds one (FIGURE's number): a sentence without a digit has no target.
DIGIT = re.compile(r"\d")
QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|\"[^\"\n]*\"")
SENTENCE_END = re.compile(r"[。;；!！?？\n]")
# Clauses end at commas and colons, but not at a thousands separator ("1,000"; "25%,470家" has two clauses).
# (Led by the class of the four marks, the separator test after the comma: re skips straight to the marks.)
CLAUSE_END = re.compile(r"[，:：,](?!(?<=\d,)\d{3}(?!\d))")

DEADLINE = re.compile(
    r"(?:到|至|截至|截止到?)\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?"  # 到2022年底 (Linfen 6)
    r"|\d{4}年(?:\d{1,2}月)?(?:(?:底|末)(?:前|以前)?|前|以前)"  # 2022年6月底前, 2022年底
    r"|(?:\d+|[一两二三四五六七八九十]+)年内"  # 3年内 (Sixian 11)
    r"|年内|年(?:底|末)前?"  # 年内 (Qinghai 17)
)
# Every deadline holds 年: a text without it (most clauses) is not searched (DEADLINE is tried at every position).
DEADLINE_MARK = "年"

# Words that open a clause but say nothing of what is measured ("力争实现县域内就诊率…", Linfen 3;
# "原则上医疗技术服务价格调整补偿40%", Shanxi; "合理确定公立医院绩效工资总量", Linfen 8).
LEADING_FILLER = re.compile(r"^(?:[的、和及与并且,，\s]|以及|其中|同时|此外|原则上|力争|确保|争取|努力|实现|(?:合理|科学)?确定)+")
# Auxiliaries between the measure and its comparator ("药品品种要达到…", Linfen 6; "分别达到", Shanxi).
TRAILING_FILLER = re.compile(r"(?:要|应|应当|须|需|需要|必须|将|(?<![人年])均|分别|都|要求|力争|确保|逐步|基本|总体|的|[、和及与,，\s])+$")
# A plain count names what is built after the verb: "依托县人民医院设置120急救指挥中心1个" (Sixian 4).
BUILD_VERB = re.compile(r"^.*(?:新建|建成|建设|设置|设立|打造|创建|组建|培育|建立)")
# "覆盖80%以上二级综合医院…" (Linfen 18): the rate is of the nouns after it, which complete the measure.
COVERAGE_VERB = re.compile(r"(?:覆盖|涵盖)$")
# "力争实现县域内就诊率达90%以上的目标" (Linfen 3): after 的 comes the goal's name, not the measure.
GOAL_WORDS = re.compile(r"^的?(?:目标|要求|任务|水平)")
# "三、二、一级及以下医疗机构基本药物使用金额占比不低于25%、47%、50%" (Qinghai 20): one level per value.
LEVEL_LIST = re.compile(
    r"^(?P<levels>(?:[一二三四五六七八九十]+级?、)+[一二三四五六七八九十]+)级(?P<qualifier>及以[上下])?(?P<rest>.+)$"
)


@dataclass(slots=True)
class _Figure:
    """A figure found in a clause, with what the clause says around it (offsets within the clause)."""

    value: float
    unit: str
    start: int  # where its text starts: the comparator word before it, or the figure
    number_start: int
    end: int  # after the unit and any comparator word after it
    comparator: str | None  # None when no comparator word is printed


@dataclass(slots=True)
class _Found:
    """A target being built: its figure and how it reads its measure."""

    figure: _Figure
    base: str  # the measure words before the figure (or inherited from the head of its list)
    tail: str | None  # the nouns after a rate that complete the measure, if any
    comparator: str
    head: _Found | None = None  # the first target of its list
    position: int = 0  # place in its list (0 for the head)
    size: int = 1  # how many values its list has (kept on the head)


def extract_targets(text: str) -> list[Target]:
    """Every quantitative target of a task's text, in reading order."""
    if not DIGIT.search(text):
        return []  # no figure at all (masking quotes only removes digits)
    masked = _mask_quoted(text)
    targets: list[Target] = []
    for sentence_start, sentence_end in _pieces(masked, SENTENCE_END, 0, len(masked)):
        if not DIGIT.search(masked, sentence_start, sentence_end):
            continue  # no figure, so no target (most sentences): not split into clauses nor searched for deadlines
        clauses = list(_pieces(masked, CLAUSE_END, sentence_start, sentence_end))
        deadlines = []
        if masked.find(DEADLINE_MARK, sentence_start, sentence_end) >= 0:
            deadlines = [(m.start(), m.group(0)) for m in DEADLINE.finditer(masked, sentence_start, sentence_end)]
        for index, (clause_start, clause_end) in enumerate(clauses):
            if not DIGIT.search(masked, clause_start, clause_end):
                continue  # no figure (most clauses of a sentence that holds one)
            previous = text[clauses[index - 1][0] : clauses[index - 1][1]] if index else ""
            clause = text[clause_start:clause_end]
            for found in _clause_targets(clause, masked[clause_start:clause_end], previous):
                start = clause_start + found.figure.start
                end = clause_start + found.figure.end
                targets.append(Target(
                    measure=_measure(found),
                    comparator=found.comparator,
                    value=found.figure.value,
                    unit=found.figure.unit,
                    text=text[start:end],
                    deadline=_deadline(deadlines, clause_start + found.figure.number_start, clause_end),
                    span=(start, end),
                ))
    return targets


def _mask_quoted(text: str) -> str:
    """The text with every quoted name blanked to "□" (same length, so offsets hold)."""
    return QUOTED.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _pieces(text: str, separator: re.Pattern, start: int, end: int):
    """(start, end) of the non-empty pieces of text[start:end] between separators."""
    for match in separator.finditer(text, start, end):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if end > start:
        yield start, end


def _figures(clause: str) -> list[_Figure]:
    """Every figure of a clause that reads as a target (see the module docstring for the rules)."""
    figures = []
    for match in FIGURE.finditer(clause):
        figure = _read_figure(clause, match)
        if figure is not None:
            figures.append(figure)
    return figures


def _read_figure(clause: str, match: re.Match) -> _Figure | None:
    """One figure with its comparator, or None when it is a name, a date or a count inside a description."""
    unit, after = match.group("unit") or "", match.group("after")
    before = _comparator_before(clause[: match.start()], unit)
    word_comparator = BEFORE_COMPARATOR[before.group("word")] if before else ""
    comparator = AFTER_WORDS.get(after or "") or word_comparator or None
    ends_phrase = PHRASE_END.match(clause, match.end()) is not None
    if unit in RATE_UNITS:
        keep = True
    elif unit:
        keep = bool(word_comparator) or ends_phrase
    else:
        keep = comparator is not None and ends_phrase and not _followed_by_letter(clause, match.end())
    if not keep:
        return None
    return _Figure(
        value=float(match.group("number").replace(",", "")),
        unit=unit,
        start=before.start() if before else match.start(),
        number_start=match.start(),
        end=match.end(),
        comparator=comparator,
    )


def _comparator_before(before_text: str, unit: str) -> re.Match | None:
    """The comparator words printed before a figure: right before it, or before a reference ("…的5倍")."""
    # A match ends the text (or precedes its final line break): searched for only where one can start, not from
    # the clause's start (the lookbehind of 约 still sees the character before).
    adjacent = COMPARATOR_BEFORE.search(before_text, max(0, len(before_text) - COMPARATOR_BEFORE_WIDTH))
    if adjacent or unit not in RATE_UNITS or not before_text.endswith("的"):
        return adjacent
    words = list(BOUNDING_WORD.finditer(before_text))
    return words[-1] if words else None


def _followed_by_letter(clause: str, index: int) -> bool:
    """True when a Latin letter follows ("5G" is a name, not a figure)."""
    return index < len(clause) and clause[index].isascii() and clause[index].isalpha()


def _clause_targets(clause: str, masked: str, previous_clause: str) -> list[_Found]:
    """The targets of one clause; a list of values shares the measure and comparator of its first.

    Figures are read in the masked clause (quoted names blanked), words in the clause as printed.
    """
    figures = _figures(masked)
    found: list[_Found] = []
    cursor = 0
    for index, figure in enumerate(figures):
        next_start = figures[index + 1].start if index + 1 < len(figures) else len(clause)
        lead = clause[cursor : figure.start]
        head = None
        if found and LIST_GLUE.fullmatch(lead):
            head = found[-1].head or found[-1]
        if head is not None:
            base = head.base
            comparator = figure.comparator or head.comparator
            wants_tail = head.tail is not None
        else:
            base = _clean(lead)
            if not base and not _takes_tail(clause, figure, base):
                base = _clean(previous_clause)  # Linfen 8: "合理确定公立医院绩效工资总量,最高不得超过…的5倍"
            comparator = figure.comparator or "="
            wants_tail = _takes_tail(clause, figure, base)
        tail = _clean(clause[figure.end : next_start]) if wants_tail else None
        if comparator == "=" and head is None and not tail and figure.unit not in RATE_UNITS:
            base = BUILD_VERB.sub("", base)
        position = 0
        if head is not None:
            position = head.size
            head.size += 1
        found.append(_Found(figure, base, tail or None, comparator, head, position))
        cursor = next_start if tail else figure.end
    return found


def _takes_tail(clause: str, figure: _Figure, base: str) -> bool:
    """True when the nouns after a figure are what it measures ("45%二级以上综合医院…", Linfen 18)."""
    rest = clause[figure.end :]
    if PHRASE_END.match(rest):
        return False
    if rest.startswith("的"):
        # "各市州至少50%的县域医共体完成信息化建设" (Qinghai 14), but not "…达90%以上的目标" (Linfen 3).
        return GOAL_WORDS.match(rest) is None
    return not base or COVERAGE_VERB.search(base) is not None


def _clean(words: str) -> str:
    """Measure words without deadlines, connectors, fillers and auxiliaries."""
    if DEADLINE_MARK in words:
        words = DEADLINE.sub("", words)
    previous = None
    while previous != words:
        previous = words
        words = TRAILING_FILLER.sub("", LEADING_FILLER.sub("", words))
    return words


def _measure(found: _Found) -> str:
    """What the target counts: its measure words, completed by the nouns after it, one level per list value."""
    measure = found.base + (found.tail or "")
    head = found.head or found
    return _level_of(head, found, measure)


def _level_of(head: _Found, found: _Found, measure: str) -> str:
    """The measure naming its own level when the list's head enumerates levels (Qinghai 20)."""
    match = LEVEL_LIST.match(head.base)
    if match is None:
        return measure
    levels = [level.rstrip("级") for level in match.group("levels").split("、")]
    if len(levels) != head.size:
        return measure
    qualifier = (match.group("qualifier") or "") if found.position == len(levels) - 1 else ""
    return f"{levels[found.position]}级{qualifier}{match.group('rest')}{found.tail or ''}"


def _deadline(deadlines: list[tuple[int, str]], figure_start: int, clause_end: int) -> str | None:
    """The deadline that governs a figure: the last one before it in its sentence, else one later in its clause."""
    # "到2022年底实施带量采购的药品品种要达到400种以上,医用耗材达70种以上" (Linfen 6): one deadline, two targets.
    before = [text for start, text in deadlines if start < figure_start]
    if before:
        return before[-1]
    after = [text for start, text in deadlines if figure_start <= start < clause_end]
    return after[0] if after else None


@cache
def default_measure_normalizer() -> Normalizer:
    """The measure normalizer of the configs shipped with hrcli (files that do not change while it runs)."""
    from hrcli.config import load_matching

    return load_matching().measure_normalizer


def _comparable_form(measure: str, normalizer: Normalizer | None) -> str:
    """A measure as the fuzzy scorer reads it: synonyms folded, stop words blanked, character bigrams as tokens."""
    folded = (normalizer or default_measure_normalizer()).matchable(measure)
    runs = re.findall(r"[\u4e00-\u9fffA-Za-z+]+", folded)
    return " ".join(run[i : i + 2] for run in runs for i in range(max(len(run) - 1, 1)))


def _scorer():
    """The rapidfuzz scorer of two measures' bigram sets (a measure that contains the other scores high)."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio


def same_measure(a: Target, b: Target, normalizer: Normalizer | None = None) -> float:
    """How alike two targets' measures are, in [0, 1] (synonyms folded: 带量采购 reads as 集采)."""
    left, right = _comparable_form(a.measure, normalizer), _comparable_form(b.measure, normalizer)
    if not left or not right:
        return 0.0
    return _scorer()(left, right) / 100.0


def pair_targets(
    left: Sequence[Target],
    right: Sequence[Target],
    cutoff: float = DEFAULT_CUTOFF,
    normalizer: Normalizer | None = None,
) -> list[tuple[Target | None, Target | None]]:
    """Corresponding targets of two matched tasks side by side: best pairs first, then the unpaired ones."""
    pairs: list[tuple[Target | None, Target | None]] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for score, i, j in _ranked_pairs(left, right, normalizer):
        if score < cutoff:
            break
        if i not in used_left and j not in used_right:
            pairs.append((left[i], right[j]))
            used_left.add(i)
            used_right.add(j)
    pairs += [(target, None) for i, target in enumerate(left) if i not in used_left]
    pairs += [(None, target) for j, target in enumerate(right) if j not in used_right]
    return pairs


def _ranked_pairs(left: Sequence[Target], right: Sequence[Target], normalizer: Normalizer | None):
    """(score, i, j) of every left/right pair, best first; same unit breaks ties, then reading order."""
    if not left or not right:
        return []
    from rapidfuzz import process

    matrix = process.cdist(
        [_comparable_form(t.measure, normalizer) for t in left],
        [_comparable_form(t.measure, normalizer) for t in right],
        scorer=_scorer(),
    )
    ranked = [
        (float(matrix[i][j]) / 100.0, left[i].unit == right[j].unit, -i, -j)
        for i in range(len(left))
        for j in range(len(right))
    ]
    ranked.sort(reverse=True)
    return [(score, -i, -j) for score, _, i, j in ranked]


def differs(a: Target, b: Target, cutoff: float = DEFAULT_CUTOFF, normalizer: Normalizer | None = None) -> bool:
    """True when two targets measure the same thing in the same unit but set another value or comparator."""
    import math

    if a.unit != b.unit or same_measure(a, b, normalizer) < cutoff:
        return False
    return not math.isclose(a.value, b.value) or a.comparator != b.comparator


@dataclass
class TargetLine:
    """One measure across regions: at most one (task, target) per region, and whether the values differ."""

    measure: str  # as the first region that has it words it
    cells: dict[str, tuple[Task, Target]]
    differs: bool = False

    @property
    def comparison(self) -> str:
        """How the regions' targets compare: differs, same, other unit, or "" when one region has it."""
        values = [target for _, target in self.cells.values()]
        if len(values) < 2:
            return ""
        if self.differs:
            return "differs"
        if len({target.unit for target in values}) > 1:
            return "other unit"
        return "same"


def line_up_targets(
    tasks: dict[str, list[Task]],
    cutoff: float = DEFAULT_CUTOFF,
    normalizer: Normalizer | None = None,
) -> list[TargetLine]:
    """The targets of corresponding tasks (region -> tasks), one line per measure, in the first region's order.

    Each region's targets are paired with the lines so far (by the measure that opened each line);
    a target that pairs with none opens a line of its own.
    """
    lines: list[TargetLine] = []
    for region, items in tasks.items():
        found = [(task, target) for task in items for target in task.targets]
        owner = {id(target): task for task, target in found}
        heads = [next(iter(line.cells.values()))[1] for line in lines]
        line_of = {id(head): line for head, line in zip(heads, lines)}
        for head, target in pair_targets(heads, [target for _, target in found], cutoff, normalizer):
            if target is None:
                continue
            if head is None:
                lines.append(TargetLine(target.measure, {}))
                line = lines[-1]
            else:
                line = line_of[id(head)]
            line.cells[region] = (owner[id(target)], target)
    for line in lines:
        values = [target for _, target in line.cells.values()]
        line.differs = any(
            differs(a, b, cutoff, normalizer) for k, a in enumerate(values) for b in values[k + 1 :]
        )
    return lines


def alignment_targets(alignment, matching: Matching) -> list[tuple[object, TargetLine]]:
    """(row, line) for every target of an alignment: matched rows first, as the alignment orders them."""
    normalizer = matching.measure_normalizer
    return [(row, line) for row in alignment.rows for line in line_up_targets(row.tasks, matching.target_cutoff, normalizer)]
