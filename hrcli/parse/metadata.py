"""The notice's own facts from its cover letter and title: issuer, number, dates, years, place."""

from __future__ import annotations

import itertools
import re

from hrcli.schema import Notice

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【(]\d{4}[〕\]】)]\d{1,4}号")
DATE = re.compile(r"(\d{4})(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2}))")
QUOTED = re.compile(r"《([^》]{4,120})》")
IMPLEMENTS = re.compile(r"(?:按照|根据|依据|贯彻落实|落实)《([^》]{4,200})》")
PLAN_TITLE = re.compile(r"(?:任务|要点|方案|计划|安排)$")
COVER_TITLE = re.compile(r"^(?P<issuer>.*?)关于印发(?P<title>.+?)的通知$")
ISSUER_SUFFIX = re.compile(r"(?:办公厅|办公室|人民政府|政府|委员会|领导小组|局|厅)$")
PLACE = re.compile(r"^(.{1,10}?(?:自治区|自治州|特别行政区|省|市|州|盟|县|区|旗))")
YEAR_RANGE = re.compile(r"(\d{4})年?\s*[-—–~至到]+\s*(\d{4})年")
YEAR = re.compile(r"(\d{4})年")
LEVEL_BY_SUFFIX = [("自治区", "province"), ("省", "province"), ("自治州", "city"), ("市", "city"), ("州", "city"),
                   ("盟", "city"), ("县", "county"), ("区", "county"), ("旗", "county")]


def fill(notice: Notice, preamble: str, body: str, removed: list[tuple[str, str]]) -> None:
    """Set title, cover title, issuer, number, dates, years, place, level and implements."""
    lines = [line for line in preamble.split("\n") if line.strip()]
    notice.cover_title, cover_issuer = _cover_title(lines)
    notice.title = _title(lines, notice.cover_title) or notice.region
    notice.issuer = cover_issuer or _header_issuer(lines) or _signature_issuer(lines)
    notice.doc_number = _doc_number(lines)
    notice.dates = _dates(lines, body, removed)
    notice.years = _years(notice.title, notice.dates)
    notice.place = _place(notice.title) or _place(notice.issuer or "")
    notice.level = _level(notice.place)
    implements = IMPLEMENTS.search(preamble)
    notice.implements = implements.group(1) if implements else None


def _cover_title(lines: list[str]) -> tuple[str | None, str | None]:
    """The "X关于印发Y的通知" line, joined with an issuer line before it when split."""
    for index, line in enumerate(lines):
        if "关于印发" in line and line.endswith("通知"):
            if line.startswith("关于") and index > 0 and ISSUER_SUFFIX.search(lines[index - 1]):
                line = lines[index - 1] + line
            match = COVER_TITLE.match(line)
            issuer = match.group("issuer").strip() if match else None
            return line, issuer or None
    return None, None


def _title(lines: list[str], cover_title: str | None) -> str | None:
    """The document's own title: the plan the cover letter quotes, or the first short lines."""
    for line in lines:
        if IMPLEMENTS.search(line):
            continue
        for quoted in QUOTED.findall(line):
            if PLAN_TITLE.search(quoted) and ("印发" in line or "同意" in line or "现" in line):
                return quoted
    if cover_title:
        match = COVER_TITLE.match(cover_title)
        if match:
            return match.group("title")
    heading = []
    for line in lines:
        if len(line) > 40 or re.search(r"[。,:]", line):
            break
        heading.append(line)
    return "".join(heading) or None


def _header_issuer(lines: list[str]) -> str | None:
    """ "临汾市人民政府办公室文件" -> 临汾市人民政府办公室."""
    for line in lines[:5]:
        if line.endswith("文件") and len(line) <= 30:
            return line[: -len("文件")]
    return None


def _signature_issuer(lines: list[str]) -> str | None:
    """The line just above the signing date, when it names an office."""
    for previous, line in itertools.pairwise(lines):
        if DATE.fullmatch(line) and ISSUER_SUFFIX.search(previous) and len(previous) <= 30:
            return previous
    return None


def _doc_number(lines: list[str]) -> str | None:
    """The notice's own number (临政办发〔2022〕48号), from a line of its own or the cover."""
    for line in lines:
        match = DOC_NUMBER.search(line)
        if match and (match.group(0) == line or not QUOTED.search(line)):
            return match.group(0)
    return None


def _iso(match: re.Match) -> str:
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _dates(lines: list[str], body: str, removed: list[tuple[str, str]]) -> dict[str, str]:
    """signed (a date on its own line), printed (…日印发), published (发布日期:…)."""
    dates: dict[str, str] = {}
    for line in body.split("\n"):
        match = DATE.search(line)
        if not match:
            continue
        if re.match(r"^(?:发布日期|发布时间|日期)[:]", line):
            dates.setdefault("published", _iso(match))
        elif line.endswith("印发") and DATE.fullmatch(line[: -len("印发")]):
            dates.setdefault("printed", _iso(match))
        elif DATE.fullmatch(line):
            dates.setdefault("signed", _iso(match))
    return dates


def _years(title: str, dates: dict[str, str]) -> list[int]:
    """Years covered: a range in the title (2021年-2022年), the year before 重点工作任务, or the date's."""
    span = YEAR_RANGE.search(title)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        if first <= last <= first + 10:
            return list(range(first, last + 1))
    candidates = [(m.start(), int(m.group(1))) for m in YEAR.finditer(title)]
    for position, year in reversed(candidates):
        if re.search(r"任务|要点|计划|安排", title[position : position + 30]):
            return [year]
    if candidates:
        return [candidates[-1][1]]
    for key in ("signed", "printed", "published"):
        if key in dates:
            return [int(dates[key][:4])]
    return []


def _place(text: str) -> str | None:
    match = PLACE.match(text)
    return match.group(1) if match else None


def _level(place: str | None) -> str | None:
    if not place:
        return None
    for suffix, level in LEVEL_BY_SUFFIX:
        if place.endswith(suffix):
            return level
    return None
