"""Raw notice text -> clean paragraphs, with a map from every clean offset back to the original."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from hrcli.parse.notes import UNIT_LABEL
from hrcli.parse.regex import first_characters
from hrcli.read.textio import HTML_WARNING, PINYIN_WARNING, html_edits, looks_like_html, pinyin_edits, to_simplified

# Full-width ASCII variants (（）：，％ and digits) to their half-width form, and the ideographic
# space to a plain one. One character for one, so offsets do not move.
WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}
WIDE_CHARACTER = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(WIDTH_TABLE)) + "]")

# Several patterns below open with one character class and test what precedes it by a lookbehind, rather
# than opening with the lookbehind, an alternation or a repeat: re then skips straight to the characters a
# match can start with, instead of trying the whole pattern at every position of the text (10x faster).

# Inline conversion debris: Word's bookmark marker (Sixian: "[bookmark: _GoBack]（十）…"), private-use
# glyphs a web copy leaves at line ends (Shanxi: U+E004), zero-width characters and stray BOMs.
INLINE_DEBRIS = re.compile(r"[\[\ue000-\uf8ff\u200b-\u200f\u2060\ufeff](?:(?<=\[)bookmark:[^\]\n]*\]|(?<!\[))")
# Whole lines that are web-page or conversion debris, never content.
DEBRIS_LINES = [
    ("breadcrumb", re.compile(r"^(?:您当前所在位置|您的位置|当前位置)[:].*$")),
    ("breadcrumb", re.compile(r"^(?:您(?:当前|现在)?所在的?位置|您现在的位置|所在位置)[:]?.*$")),
    ("breadcrumb", re.compile(r"^(?:网站)?首页\s*(?:>|»|›|→|/|\\|-)\s*.*$")),
    ("breadcrumb", re.compile(r"^(?:[>»›]\s*[^>»›。,:]{1,16}\s*)+$")),  # its rest, on a line of its own: ">政务公开 >本局文件"
    ("greeting", re.compile(r"^(?:欢迎(?:您)?(?:访问|来到|光临|进入)).{0,40}$")),
    ("menu", re.compile(r"^(?:(?:网站首页|首页|设为首页|加入收藏|无障碍(?:浏览|阅读)?|长者模式|关怀版|繁体版?|简体版?|English|"
                        r"登录|注册|网站地图|联系我们|智能问答|搜索|返回顶部|政务公开|政务服务|互动交流|新闻中心|信息公开|"
                        r"政府信息公开|办事服务|数据开放)[ |·/]*){2,}$")),
    ("counter", re.compile(r"^(?:访问量|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量)[:]?\s*\d*\s*$")),
    ("author", re.compile(r"^(?:作者|编辑|责任编辑|发布者|供稿)[:].{0,40}$")),
    ("empty date field", re.compile(r"^(?:发布时间|发布日期|时间)[:]\s*$")),
    ("share footer", re.compile(r"^(?:分享到|分享)[:]?.{0,30}$")),
    ("scan footer", re.compile(r"^(?:扫码浏览|扫一扫|手机扫码|扫描二维码).{0,20}$")),
    ("page tools", re.compile(r"^(?:【?打印本页】?|【?关闭窗口】?|打印|关闭|字号[:].*|【字体[:].*|上一篇[:].*|下一篇[:].*)$")),
    ("publication mark", re.compile(r"^\(此件(?:公开发布|主动公开|依申请公开|不予公开|不公开)\)$")),
]
# The same as one pattern, kind number N matching as group dN: one match per line, not one per kind.
DEBRIS_LINE = re.compile("|".join(f"(?P<d{number}>{pattern.pattern})" for number, (_, pattern) in enumerate(DEBRIS_LINES)))
# The characters a debris line can start with: a line starting otherwise (most) is not matched against the 15 kinds.
DEBRIS_OPENINGS = first_characters(DEBRIS_LINE.pattern)
# PDF extraction puts spaces between CJK characters and numbers ("2022 年 12 月 6 日", "90% 以上");
# a space is kept only between two ASCII letters or digits ("Word Word").
# (Spaces after a non-ASCII character, before one, or after %.)
STRAY_SPACE = re.compile(r"[ \t](?:(?<=[^\x00-\x7f][ \t])[ \t]*|[ \t]*(?=[^\x00-\x7f])|(?<=%[ \t])[ \t]*)")
EDGE_SPACE = re.compile(r"[ \t](?:(?<=^[ \t])[ \t]*|[ \t]*$)", re.MULTILINE)  # at a line's start or end
# The two, led by a plain space, for a text without a tab (nearly all): re finds a literal at C speed (4 us a notice),
# a class of two only by testing each character (40 us). In such a text [ \t] matches a space and nothing else.
SPACE_LED = {pattern: re.compile(pattern.pattern.replace(r"[ \t]", " ", 1), pattern.flags) for pattern in (EDGE_SPACE, STRAY_SPACE)}
NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x0b|\x0c|\x85")
# What NEWLINES looks for, one character each: `in` tells a text without any (most) in 4 us, the pattern in 30.
NEWLINE_CHARACTERS = "\r\u2028\u2029\x0b\x0c\x85"
# A line ending in one of these closes its paragraph; otherwise a long line was cut by a page break.
TERMINAL_MARKS = "。!?;:)]》】」』"
TERMINAL_WORD = "通知"
# Lines that always begin a paragraph: numbered items, closing lists, dates, a page's facts.
NUMBER_LABEL = r"[一二三四五六七八九十百]+、|\([一二三四五六七八九十百]+\)|\d{1,3}[.、](?!\d)|\(\d{1,3}\)"
# A web page's facts about the document, one per line: "•时间:2023-05-04", "发文字号:…", "来源:…".
PAGE_FACT = r"[•·]|(?:时间|发布|来源|发布时间|发布日期|成文日期|发文字号|发文机关|标题|索引号|主题分类)[:]"
ITEM_START = (
    rf"^(?:{NUMBER_LABEL}|第[一二三四五六七八九十]+[部分章条]|抄送|附件|\d{{4}}年\d{{1,2}}月\d{{1,2}}日|各.{{0,40}}:$|"
    rf"{PAGE_FACT})"
)
PARAGRAPH_START = re.compile(f"{ITEM_START}|{UNIT_LABEL.pattern}")
ITEM_START_ONLY = re.compile(ITEM_START)
# How far back a line's end looks for an open bracket: a note broken over lines is joined (_inside_bracket).
# Notes have no length cap of their own (a note naming thousands of units is read: tests/test_hardening2.py).
MAX_NOTE = 400
SIGNATURE = re.compile(r"^.{2,20}(?:办公厅|办公室|人民政府|委员会)$")
MAX_SIGNATURE = 24  # the longest line SIGNATURE can match: 20 characters and 人民政府
# Lines shorter than this are titles, signatures and dates, not text cut by a page break.
MIN_BROKEN_LINE = 20
# A line that stands alone (a heading, a title, a unit line "牵头单位:…") and ends without punctuation is
# still whole when it is clearly narrower than the lines wrapped at the page width: by more than
# WRAP_TOLERANCE characters (a PDF's lines differ by one where punctuation is squeezed). A text is taken
# as wrapped when at least MIN_WRAPPED_LINES of its long lines, and WRAPPED_SHARE of them, have one width.
WRAP_TOLERANCE = 1.5
MIN_WRAPPED_LINES = 5
WRAPPED_SHARE = 0.3
# Punctuation that makes a line prose rather than a heading or title.
PROSE_MARK = re.compile(r"[。,;:!?、《》“”\"]")
HEADING_LABEL = re.compile(rf"^(?:{NUMBER_LABEL})")
SENTENCE_MARK = re.compile(r"[。;!?:]")
# A line starting with one of these continues the line before it, whatever that line ends with.
CONTINUATION = re.compile(r"^[的之等、,。;:!?)》”]")


@dataclass
class StepMap:
    """Where each piece of one cleaning step's output came from in its input."""

    new_starts: list[int] = field(default_factory=list)
    old_starts: list[int] = field(default_factory=list)
    verbatim: list[bool] = field(default_factory=list)


@dataclass
class CleanText:
    """Clean text, the debris that was removed, and the way back to original offsets."""

    text: str
    steps: list[StepMap] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, line) of each debris line
    warnings: list[str] = field(default_factory=list)  # repairs the reader should know of (HTML, traditional)

    def original_offset(self, index: int) -> int:
        """The offset in the original (decoded) text of clean offset `index`."""
        for step in reversed(self.steps):  # each step maps an offset in its output to one in its input
            k = bisect_right(step.new_starts, index) - 1
            if k >= 0:
                index = step.old_starts[k] + (index - step.new_starts[k]) if step.verbatim[k] else step.old_starts[k]
        return index

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the clean span [start, end)."""
        if end <= start:
            first = self.original_offset(start)
            return first, first
        return self.original_offset(start), self.original_offset(end - 1) + 1


def clean_text(raw: str) -> CleanText:
    """Strip HTML, simplify, fold widths, drop debris, remove stray spaces, join lines cut by page breaks."""
    result = CleanText(raw)
    _repair(result)
    if any(char in result.text for char in NEWLINE_CHARACTERS):
        _apply(result, NEWLINES, "\n")
    result.text = fold_widths(result.text)
    _apply(result, INLINE_DEBRIS, "")
    tabs = "\t" in result.text
    if tabs or " " in result.text:  # both patterns start at a space or tab: a text without any is left as it is
        for pattern in (EDGE_SPACE, STRAY_SPACE):
            _apply(result, pattern if tabs else SPACE_LED[pattern], "")
    _drop_debris_lines(result)
    _join_broken_lines(result)
    return result


def fold_widths(text: str) -> str:
    """text.translate(WIDTH_TABLE), one kind of wide character at a time.

    A notice holds a few kinds (，：（）); str.translate looks up every character of it (0.5 ms a notice).
    """
    match = WIDE_CHARACTER.search(text)
    while match:
        text = text.replace(match.group(), chr(WIDTH_TABLE[ord(match.group())]))
        match = WIDE_CHARACTER.search(text, match.start() + 1)  # the text before is folded already
    return text


def _repair(result: CleanText) -> None:
    """Undo what a wrong way of saving did: a web page's tags, pinyin glosses, traditional characters."""
    if looks_like_html(result.text):
        _edit(result, html_edits(result.text))
        result.warnings.append(HTML_WARNING)
    glosses = pinyin_edits(result.text)
    if glosses:
        _edit(result, glosses)
        result.warnings.append(PINYIN_WARNING.format(count=len(glosses)))
    result.text, warning = to_simplified(result.text)
    if warning:
        result.warnings.append(warning)


def _apply(result: CleanText, pattern: re.Pattern, replacement: str) -> None:
    """Replace every match of `pattern`, recording the step."""
    _edit(result, [(m.start(), m.end(), replacement) for m in pattern.finditer(result.text)])


def _edit(result: CleanText, edits: list[tuple[int, int, str]]) -> None:
    """Apply sorted, non-overlapping (start, end, replacement) edits and record the step map."""
    if not edits:
        return
    text = result.text
    pieces: list[str] = []
    step = StepMap()
    position = length = 0
    for start, end, replacement in edits:
        if start > position:
            step.new_starts.append(length)
            step.old_starts.append(position)
            step.verbatim.append(True)
            pieces.append(text[position:start])
            length += start - position
        if replacement:
            step.new_starts.append(length)
            step.old_starts.append(start)
            step.verbatim.append(False)
            pieces.append(replacement)
            length += len(replacement)
        position = end
    step.new_starts.append(length)
    step.old_starts.append(position)
    step.verbatim.append(True)
    pieces.append(text[position:])
    result.text = "".join(pieces)
    result.steps.append(step)


def _drop_debris_lines(result: CleanText) -> None:
    """Remove whole debris lines (with their newline), remembering what they were."""
    edits = []
    text = result.text
    start = 0
    for content in text.split("\n"):
        end = start + len(content)
        if content and (DEBRIS_OPENINGS is None or content[0] in DEBRIS_OPENINGS):
            debris = DEBRIS_LINE.match(content)
            if debris:
                result.removed.append((DEBRIS_LINES[int(debris.lastgroup[1:])][0], content))
                edits.append((start, min(end + 1, len(text)), ""))
        start = end + 1
    _edit(result, edits)


def _join_broken_lines(result: CleanText) -> None:
    """Make one line per paragraph: join a line cut mid-sentence to the next, drop blank lines."""
    edits = []
    text = result.text
    lines = line_spans(text)
    if lines and lines[0][0] > 0:
        edits.append((0, lines[0][0], ""))
    paragraph_start = lines[0][0] if lines else 0
    standalone_below = _standalone_below(text, lines)
    for (start, end), (next_start, next_end) in pairwise(lines):
        # Judge the paragraph joined so far, not its last piece: cleaning clean text again
        # must join nothing more (a short middle piece of a paragraph cut twice).
        following = text[next_start:next_end]
        if _inside_bracket(text, paragraph_start, end) and not ITEM_START_ONLY.match(following):
            joined = True  # a note broken inside its bracket, even after its own "。"
        else:
            # A whole line (a heading standing alone) is never joined; asked only of a line that looks cut (few do,
            # most end in "。"): _stands_alone tries four patterns, _is_cut mostly one endswith.
            joined = _is_cut(text, paragraph_start, end, following) and not (
                start == paragraph_start
                and _width(text, start, end) < standalone_below
                and _stands_alone(text[start:end], following)
            )
        if joined or text[end:next_start] != "\n":  # where a gap is already a single newline the text stays as it is
            edits.append((end, next_start, "" if joined else "\n"))
        if not joined:
            paragraph_start = next_start
    if lines and lines[-1][1] < len(text):
        edits.append((lines[-1][1], len(text), ""))
    _edit(result, edits)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line of the text, as re.finditer(r"[^\\n]+") gives them, at str.split's speed."""
    spans = []
    end = -1
    for line in text.split("\n"):
        start, end = end + 1, end + 1 + len(line)
        if line:
            spans.append((start, end))
    return spans


def _standalone_below(text: str, lines: list[tuple[int, int]]) -> float:
    """How narrow a heading, title or unit line must be to stand alone: clearly narrower than the page.

    A text wrapped at the page width (a PDF's) has many lines of one width, most ending mid-sentence;
    a line two characters narrower was not wrapped. A text with one line per paragraph has no such
    width: every heading stands alone.
    """
    # A line of fewer characters is narrower still (a width is at most the length): its width is not worked out.
    widths = [round(_width(text, start, end)) for start, end in lines if end - start >= MIN_BROKEN_LINE]
    long = [width for width in widths if width >= MIN_BROKEN_LINE]
    if len(long) < MIN_WRAPPED_LINES:
        return math.inf
    page, count = Counter(long).most_common(1)[0]
    at_page_width = sum(1 for width in long if abs(width - page) <= 1)
    if count < MIN_WRAPPED_LINES or at_page_width < WRAPPED_SHARE * len(long):
        return math.inf
    return page - WRAP_TOLERANCE


def _width(text: str, start: int, end: int) -> float:
    """How wide a line prints: a Chinese character 1, a digit or Latin letter half of one."""
    line = text[start:end]
    return len(line) - len(line.encode("ascii", "ignore")) / 2


def _inside_bracket(text: str, start: int, end: int) -> bool:
    """True when the paragraph text[start:end] ends inside an open bracket (a note broken over lines)."""
    window = max(start, end - MAX_NOTE)
    return text.rfind("(", window, end) > text.rfind(")", window, end)


def _stands_alone(line: str, following: str) -> bool:
    """A heading, a title or a unit line: whole even without final punctuation.

    A heading or title followed by a line without punctuation may be one wrapped over two lines
    ("关于印发…2022年" / "工作总结和…的通知"): that is left to the page-break rule.
    """
    if UNIT_LABEL.match(line):
        return True
    if not PROSE_MARK.search(following):
        return False
    if HEADING_LABEL.match(line):
        return not SENTENCE_MARK.search(line)
    return not PROSE_MARK.search(line)


def _is_cut(text: str, start: int, end: int, following: str) -> bool:
    """True when the paragraph text[start:end] was cut by a page or line break and `following` continues it.

    Reads the paragraph in place: slicing a paragraph that grows line by line would be quadratic.
    """
    if CONTINUATION.match(following):
        return True  # no paragraph starts with 的 or a closing mark ("…重点工作任务》" / "的通知")
    if end - start < MIN_BROKEN_LINE or text[end - 1] in TERMINAL_MARKS:
        return False  # (the paragraph's last character, the line's: most lines end so, and nothing is sliced for them)
    # The paragraph's last characters as joined ("…的通" + "知" ends in 通知): the gaps are still in `text`.
    if text[max(start, end - 8) : end].replace("\n", "").endswith(TERMINAL_WORD):
        return False
    if SIGNATURE.match(following):
        return False  # an issuer's name on its own line (Shanxi's web title sits above one)
    if end - start <= MAX_SIGNATURE and SIGNATURE.match(text[start:end]):
        return False  # and one that stands alone before a line keeps standing alone after it
    if end - start < 60 and re.match(r"^[一二三四五六七八九十百]+、", text[start:end]):
        return False  # a section heading without final punctuation
    return not PARAGRAPH_START.match(following)
