"""The notice's own facts from its cover letter and title: issuer, number, dates, years, place."""

from __future__ import annotations

import re

from hrcli.parse.clean import ITEM_START_ONLY
from hrcli.parse.regex import scanner
from hrcli.schema import Notice

# The most signature lines read above a date (a joint notice of many departments signs one per line).
MAX_SIGNERS = 10
# Words that end a title and never stand in a number's prefix (国办发, 湘政办发, 国卫体改发).
NOT_IN_NUMBER = ("通知", "的", "任务", "方案", "意见")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【(]\d{4}[〕\]】)]\d{1,4}号")
DATE = re.compile(r"(\d{4})(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2}))")
# A date in Chinese numerals, as a signature may write it: 二〇二三年七月十三日.
CN_DATE = scanner(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
CN_DIGIT = {char: str(value) for value, chars in enumerate(["〇○零", "一", "二", "三", "四", "五", "六", "七", "八", "九"])
            for char in chars}
QUOTED = re.compile(r"《([^》]{4,120})》")
IMPLEMENTS = re.compile(r"(?:按照|根据|依据|贯彻落实|落实)《([^》]{4,200})》")
PLAN_TITLE = re.compile(r"(?:任务|要点|方案|计划|安排)$")
# A page title's site part after the notice's title: "…的通知_国务院文件_中国政府网", "…任务 - 某某市人民政府".
SITE_SUFFIX = re.compile(r"(?<=通知|任务|方案|要点|安排|意见)\s*[_|–—-]\s*[^。,;]{1,40}$")
SITE_SEPARATORS = "_|–—-"  # one of them is in every SITE_SUFFIX
# A government site's table of the document's facts: 标题:…, 发文机关:…, 发文字号:…, 成文日期:…
META_TITLE = re.compile(r"^(?:标题|名称|文件名称|公文标题)[:]")
META_ISSUER = re.compile(r"^(?:发文机关|发布机构|发文单位|发布单位|制发机关)[:](.+)$")
# A notice that is the letter itself: "省卫生健康委关于做好2023年深化医改重点工作的通知".
LETTER_TITLE = re.compile(r"^(?P<issuer>[^。,;:]{0,60}?)关于(?!印发|转发)[^。,;:]{4,100}的(?:通知|意见|实施意见|决定|函)$")
LETTER_LINES = 8
# The cover letter: "X关于印发Y的通知", or 转发 when it passes on a plan another body drew up.
COVER_TITLE = re.compile(r"^(?P<issuer>.*?)关于(?:印发|转发)(?P<title>.+?)的通知$")
COVER_VERB = re.compile(r"关于(?:印发|转发)")
ISSUER_SUFFIX = re.compile(r"(?:办公厅|办公室|人民政府|政府|委员会|领导小组|局|厅|委|部|署|办)$")
# Site chrome a web copy puts around the notice: never a title or an issuer.
# (Each alternative opens with its own character, 字号's lookbehind checked after it: re skips to those characters,
# where an opening class or lookbehind made it try every alternative at every position.)
CHROME = re.compile(r">|»|›|\||首页|位置|欢迎|网站|浏览|打印|分享|字号(?<!文字号)|责任编辑|来源[:]|索引号|主题分类")
# Where one issuer of a notice signed by several ends and the next begins, once the spaces between
# them are gone: after 部/署/厅/局 always, after 委/办/政府/委员会/小组 when a level or place comes next.
ISSUER_BOUNDARY = re.compile(
    r"(?<=[部署厅局])(?!门|长|属)(?=[\u4e00-\u9fff])|"
    r"(?<=委|办|府|会|组|室)(?=国家|国务院|中央|中共|(?:[^\W\d委办局厅部府会组室员公政]{1,6}?(?:自治区|省|市|县|区|州|盟|旗))?"
    r"(?:省|市|县|区|州|盟|旗)?(?:委|人民政府|政府|卫生|财政|医疗|发展|人力|教育|民政|科技|工业|药品|市场|中医))"
)
# Words a document title holds ("…重点工作任务", "…的通知"); a heading without one is not taken as the title.
TITLE_WORD = re.compile(r"任务|要点|方案|计划|安排|通知|意见|办法|规划|措施|重点|工作")
# National notices: issued by the State Council's office or a ministry, numbered 国办发, 国卫…
NATIONAL_ISSUER = re.compile(r"^(?:国务院|国家|中共中央|中央|财政部|人力资源社会保障部|民政部|教育部|工业和信息化部)")
NATIONAL_NUMBER = re.compile(r"^国(?:办|发|卫|医保|药监|中医药|疾控)")
# The four 直辖市: their 市 offices are provincial ones.
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# A place name: Chinese characters, not a year or a word for "the whole" (2014年全市, 全省, 本市, 各县).
PLACE = re.compile(r"^([^\W\d全本各我该][^\W\d]{0,9}?(?:自治区|自治州|特别行政区|省|市|州|盟|县|区|旗))(?<!州(?=[市省]))")
# A district or county named after its city ("北京市朝阳区", "重庆市万州区"): the level is the last one.
SUB_PLACE = re.compile(r"^[^\d医药卫生体制改革深化重点工作任务年度关于印发的]{1,7}?(?:自治县|县|区|旗|市)")
YEAR_RANGE = re.compile(r"(\d{4})年?\s*[-—–~至到]+\s*(\d{4})年")
YEAR = re.compile(r"(\d{4})年")
LEVEL_BY_SUFFIX = [("自治区", "province"), ("省", "province"), ("自治州", "city"), ("市", "city"), ("州", "city"),
                   ("盟", "city"), ("县", "county"), ("区", "county"), ("旗", "county")]


def fill(notice: Notice, preamble: str, body: str) -> None:
    """Set title, cover title, issuer(s), number, dates, years, place, level and implements."""
    lines = [
        _arabic_dates(_without_site_suffix(META_TITLE.sub("", line)))
        for line in preamble.split("\n")
        if line.strip() and not _is_chrome(line)
    ]
    notice.cover_title, cover_issuer = _cover_title(lines)
    letter, letter_issuer = (None, None) if notice.cover_title else _letter_title(lines)
    cover_issuer = cover_issuer or letter_issuer
    notice.title = _title(lines, notice.cover_title, letter)
    # A notice without a cover letter signs at its end, after the tasks ("…落到实处。" / "某县人民政府办公室" / date).
    signed = _signature_issuers(lines) or _signature_issuers(_last_lines(body))
    notice.issuers = split_issuers(cover_issuer or "") or _meta_issuers(lines) or _header_issuers(lines) or signed
    if len(notice.issuers) == 1 and len(signed) == 1 and _same_office(notice.issuers[0], signed[0]):
        notice.issuers = signed  # "市政府办公室关于印发…" signed "泰州市人民政府办公室": the full name
    notice.issuer = notice.issuers[0] if notice.issuers else None
    notice.doc_number = _doc_number(lines)
    notice.dates = _dates(body)
    notice.years = _years(notice.title or "", notice.dates)
    notice.place = _place(notice.title or "") or _place(notice.issuer or "")
    notice.level = _level(notice.place, notice.issuer, notice.doc_number)
    implements = IMPLEMENTS.search(preamble)
    notice.implements = implements.group(1) if implements else None


def _cover_title(lines: list[str]) -> tuple[str | None, str | None]:
    """The "X关于印发Y的通知" line, joined with an issuer line before it when split."""
    for index, line in enumerate(lines):
        if COVER_VERB.search(line) and not line.endswith("通知") and index + 1 < len(lines) and lines[index + 1].endswith("通知"):
            line += lines[index + 1]  # a cover title over two short lines ("…关于印发2014年" / "全市…的通知")
        if COVER_VERB.search(line) and line.endswith("通知"):
            if line.startswith("关于") and index > 0 and ISSUER_SUFFIX.search(lines[index - 1]):
                line = lines[index - 1] + line
            match = COVER_TITLE.match(line)
            issuer = re.split(r"[>»›:]", match.group("issuer"))[-1].strip() if match else None
            return line, issuer if issuer and ISSUER_SUFFIX.search(issuer) else None
    return None, None


def _without_site_suffix(line: str) -> str:
    """The line without a page title's site part ("…的通知_国务院文件_中国政府网").

    SITE_SUFFIX opens with a lookbehind, tried at every position: a line without one of its separators is left as it is.
    """
    return SITE_SUFFIX.sub("", line) if any(mark in line for mark in SITE_SEPARATORS) else line


def _arabic_dates(line: str) -> str:
    """A line with its dates in Chinese numerals written in digits: 二〇二三年七月十三日 -> 2023年7月13日."""
    if "年" not in line or "月" not in line or "日" not in line:
        return line  # CN_DATE holds all three, and would try its opening numerals (一二三…) everywhere

    def digits(match: re.Match) -> str:
        year = "".join(CN_DIGIT[char] for char in match.group(1))
        month, day = (_small_number(match.group(k)) for k in (2, 3))
        return f"{year}年{month}月{day}日"

    return CN_DATE.sub(digits, line)


def _small_number(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十三 -> 13, 二十一 -> 21, 三十 -> 30."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return int(CN_DIGIT[numeral])
    return int(CN_DIGIT.get(tens, "1") if tens else 1) * 10 + (int(CN_DIGIT[units]) if units else 0)


def _same_office(short: str, full: str) -> bool:
    """True when `short` (市政府办公室, no place) is `full` (扬州市人民政府办公室) named without its place."""
    return not _place(short) and full.replace("人民政府", "政府").endswith(short.replace("人民政府", "政府"))


def _is_chrome(line: str) -> bool:
    """A short line of the site around the notice: breadcrumb, greeting, menu, page tools."""
    return len(line) <= 60 and bool(CHROME.search(line)) and not TITLE_WORD.search(line.split(">")[-1])


def split_issuers(text: str) -> list[str]:
    """The offices of a notice signed by several ("国家卫生健康委国家发展改革委财政部" -> three), each an office.

    Returns [] when the text is not a list of offices.
    """
    if not text:
        return []
    chunks = re.split(r"[、,]|(?<=[办厅局委部府室])(?:和|及)", text)  # "中共X市委办公室、X市人民政府办公室"
    parts = [part for chunk in chunks for part in ISSUER_BOUNDARY.split(chunk) if part]
    if all(ISSUER_SUFFIX.search(part) and len(part) >= 2 for part in parts):
        return parts
    return [text] if ISSUER_SUFFIX.search(text) else []


def _letter_title(lines: list[str]) -> tuple[str | None, str | None]:
    """A notice that is itself the letter ("X关于做好…工作的通知", no 印发): (its title, its issuer)."""
    for line in lines[:LETTER_LINES]:
        match = LETTER_TITLE.match(line)
        if match:
            issuer = match.group("issuer")
            return line, issuer if ISSUER_SUFFIX.search(issuer) else None
    return None, None


def _title(lines: list[str], cover_title: str | None, letter: str | None = None) -> str | None:
    """The document's own title: the plan the cover letter quotes, the letter's own title, or the first short lines."""
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
    if letter:
        return letter
    heading = []
    for line in lines:
        # A part heading ("第一部分 总体要求") or a numbered one starts the text, never continues the title.
        if len(line) > 40 or re.search(r"[。,:]", line) or _doc_number_in(line) or DATE.search(line) \
                or ITEM_START_ONLY.match(line):
            break
        heading.append(line)
    title = "".join(heading)
    return title if TITLE_WORD.search(title) else None


def _meta_issuers(lines: list[str]) -> list[str]:
    """The issuer in a site's table of the document's facts ("发文机关:国务院办公厅")."""
    for line in lines:
        match = META_ISSUER.match(line)
        if match:
            return split_issuers(match.group(1))
    return []


def _header_issuers(lines: list[str]) -> list[str]:
    """ "临汾市人民政府办公室文件" -> [临汾市人民政府办公室]; a joint red head names several."""
    for line in lines[:5]:
        if line.endswith("文件") and len(line) <= 60:
            return split_issuers(line[: -len("文件")])
    return []


def _last_lines(body: str, count: int = 12) -> list[str]:
    """The last non-empty lines of the text, dates in Arabic figures (where a notice without a cover letter signs)."""
    return [_arabic_dates(line.strip()) for line in body.rsplit("\n", count)[-count:] if line.strip()]


def _signature_issuers(lines: list[str]) -> list[str]:
    """The offices on the lines just above the signing date (several lines when several sign)."""
    for index, line in enumerate(lines):
        if not DATE.fullmatch(line):
            continue
        issuers: list[str] = []
        for previous in reversed(lines[max(0, index - MAX_SIGNERS) : index]):
            names = split_issuers(previous) if len(previous) <= 60 else []
            if not names:
                break
            issuers[:0] = names
        if issuers:
            return issuers
    return []


def _doc_number(lines: list[str]) -> str | None:
    """The notice's own number (临政办发〔2022〕48号), from a line of its own or the cover."""
    for line in lines:
        match = _doc_number_in(line)
        if match and (match.group(0) == line or not QUOTED.search(line)):
            return _number_only(match.group(0))
    return None


def _doc_number_in(line: str) -> re.Match | None:
    """DOC_NUMBER.search(line), only in a line holding 号 (DOC_NUMBER, opening with a class of every character,
    was tried at every position of every line of the cover)."""
    return DOC_NUMBER.search(line) if "号" in line else None


def _number_only(number: str) -> str:
    """The number without the end of a title glued before it: "务的通知国办发〔2023〕22号" -> "国办发〔2023〕22号"."""
    prefix = re.match(r"[\u4e00-\u9fff]*", number).group(0)
    cut = max((prefix.rfind(word) + len(word) for word in NOT_IN_NUMBER if word in prefix), default=0)
    return number[cut:]


def _iso(match: re.Match) -> str:
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _dates(body: str) -> dict[str, str]:
    """signed (a date on its own line), printed (…日印发), published (发布日期:…)."""
    dates: dict[str, str] = {}
    for line in map(_arabic_dates, _dated_lines(body)):
        match = DATE.search(line)
        if not match:
            continue
        if re.match(r"^[•·]?(?:发布日期|发布时间|日期|时间)[:]", line):
            dates.setdefault("published", _iso(match))
        elif re.match(r"^(?:成文日期|成文时间|印发日期)[:]", line):
            dates.setdefault("signed", _iso(match))
        elif line.endswith("印发") and DATE.fullmatch(line[: -len("印发")]):
            dates.setdefault("printed", _iso(match))
        elif DATE.fullmatch(line):
            dates.setdefault("signed", _iso(match))
    return dates


def _dated_lines(body: str) -> list[str]:
    """The lines of the text that may hold a date: every date, in digits or Chinese numerals, holds 年月日 or "-".

    `in` tells the other lines at C speed, where the date patterns were tried on each (0.1 ms a notice).
    """
    return [line for line in body.split("\n") if "-" in line or ("年" in line and "月" in line and "日" in line)]


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
    """The place a title or issuer starts with: 临汾市, 青海省, 北京市朝阳区 (a district of its city)."""
    match = PLACE.match(text)
    if not match:
        return None
    place = match.group(1)
    for _ in range(2):  # province, city, county at most
        sub = SUB_PLACE.match(text[len(place) :])
        if place.endswith(("县", "区", "旗")) or not sub:
            break
        place += sub.group(0)
    return place


def _level(place: str | None, issuer: str | None = None, doc_number: str | None = None) -> str | None:
    """national, province (a 直辖市 too), city or county: from the issuer, number and place."""
    if (issuer and NATIONAL_ISSUER.match(issuer)) or (doc_number and NATIONAL_NUMBER.match(doc_number)):
        return "national"
    if not place:
        # An office named without its place ("省政府办公厅", "县卫健局"): its level word says the level.
        bare = {"省": "province", "市": "city", "县": "county", "区": "county"}
        return bare.get(issuer[0]) if issuer else None
    if place in MUNICIPALITIES:
        return "province"
    for suffix, level in LEVEL_BY_SUFFIX:
        if place.endswith(suffix):
            return level
    return None
