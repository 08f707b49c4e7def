"""Corpus notices saved as the documents users have: .docx (paragraphs, Word numbering, a task table),
PDF and web pages. The tests build the .docx and HTML copies themselves (python-docx, no other tool);
the PDFs need LibreOffice and a CJK font, so they are made once by running this file and committed:

    apt-get install libreoffice-writer-nogui fonts-noto-cjk
    .venv/bin/python -m tests.make_documents        # writes tests/data/documents/

Each PDF is LibreOffice's rendering of the paragraph .docx (Word's automatic numbering for the
labels, a footer with the page number: "— N —", "-N-", "第N页" or "第 N 页 共 M 页", a running head on some), so its text layer, page
numbers and line wrapping are those of a real office PDF writer.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOCUMENTS = ROOT / "tests" / "data" / "documents"
REGIONS = ["linfen", "shanxi", "qinghai", "sixian", "nanchang"]
FONT = "Noto Serif CJK SC"
NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Numbering levels of Chinese official documents and Word's numbering for each: format, label text.
LEVELS = [
    (re.compile(r"^([一二三四五六七八九十百]+)、"), "chineseCounting", "%1、"),
    (re.compile(r"^[(（]([一二三四五六七八九十百]+)[)）]"), "chineseCounting", "（%2）"),
    (re.compile(r"^(\d{1,3})[.．](?!\d)"), "decimal", "%3."),
    (re.compile(r"^[(（](\d{1,3})[)）]"), "decimal", "（%4）"),
]
# Task tables of three kinds of headers: (header, role of each column).
TABLE_LAYOUTS = [
    (["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"], ["number", "title", "measures", "lead", "others", "deadline"]),
    (["序号", "工作任务", "责任单位", "完成时间"], ["cn_number", "text", "units", "deadline"]),
    (["编号", "主要任务", "工作内容", "牵头部门", "配合部门", "时间进度"], ["number", "title", "measures", "lead", "others", "deadline"]),
]


def lines_of(slug: str) -> list[str]:
    """The non-empty lines of a corpus notice."""
    text = (CORPUS / f"{slug}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


# ---- Word ----------------------------------------------------------------------------------------------
def _new_document(header: str | None = None, page_footer: str = "— PAGE —"):
    """An A4 document in a CJK font, page numbers in the footer ("— 3 —"), a running head if given."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(14)
    style.font.name = FONT
    style.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(PAGE|NUMPAGES)", page_footer):
        if piece in ("PAGE", "NUMPAGES"):
            _page_field(footer.add_run(), piece)
        elif piece:
            footer.add_run(piece)
    if header:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.add_run(header)
    return document


def _page_field(run, field: str = "PAGE") -> None:
    """A PAGE (or NUMPAGES) field in a run: Word and LibreOffice write the page's number (the page count) there."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.text = f" {field} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _paragraph(document, text: str, indent: bool = True):
    """A justified body paragraph indented by two characters, as official documents are."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(28)
    return paragraph


def docx_paragraphs(slug: str, numbered: bool = True, header: str | None = None, page_footer: str = "— PAGE —") -> bytes:
    """The notice as .docx paragraphs; with `numbered`, its labels as Word's automatic numbering."""
    document = _new_document(header, page_footer)
    lines = lines_of(slug)
    levels, separate = _numbering(lines) if numbered else (None, False)
    lists = _add_numbering(document, separate) if levels else {}
    for line, level in zip(lines, levels or [None] * len(lines)):
        if level is None:
            _paragraph(document, line)
            continue
        paragraph = _paragraph(document, LEVELS[level][0].sub("", line, count=1))
        _set_numbering(paragraph, *lists[level])
    return _save(document)


def _numbering(lines: list[str]) -> tuple[list[int | None] | None, bool]:
    """The list level of every line, and whether each level is a list of its own, when Word's counting gives
    the printed labels: one list of four levels, deeper ones restarting under each parent (Shanxi's 1. 2.
    under each (一)), or a list per level counting on through the document (Linfen's (一) to (十八) across
    its sections). (None, False) when neither does (a gap in the numbering)."""
    for separate in (False, True):
        levels = _numbering_levels(lines, separate)
        if levels:
            return levels, separate
    return None, False


def _numbering_levels(lines: list[str], separate: bool) -> list[int | None] | None:
    """The list level of every line, when Word's counting gives its labels; else None."""
    levels: list[int | None] = []
    counts: dict[int, int] = {}
    for line in lines:
        level = next((index for index, (pattern, _, _) in enumerate(LEVELS) if pattern.match(line)), None)
        levels.append(level)
        if level is None:
            continue
        counts[level] = counts.get(level, 0) + 1
        for deeper in [key for key in counts if key > level and not separate]:
            del counts[deeper]
        printed = LEVELS[level][0].match(line).group(1)
        if _number(printed) != counts[level]:
            return None
    return levels


def _number(printed: str) -> int:
    from hrcli.parse.notice import chinese_number

    return int(printed) if printed.isdigit() else chinese_number(printed)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _add_numbering(document, separate: bool) -> dict[int, tuple[str, int]]:
    """List definitions for the four levels of official documents: level -> (numId, ilvl)."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{NS}}}num")
    definitions = [(0, [(0, fmt, text) for fmt, text in ((f, t) for _, f, t in LEVELS)])] if not separate else [
        (index, [(0, fmt, re.sub(r"%\d", "%1", text))]) for index, (_, fmt, text) in enumerate(LEVELS)
    ]
    lists = {}
    for offset, levels in definitions:
        number = 90 + offset
        lvls = "".join(
            f'<w:lvl w:ilvl="{ilvl if separate else index}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl>'
            for index, (ilvl, fmt, text) in enumerate(levels)
        )
        abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{number}">{lvls}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(abstract)  # the schema wants every abstractNum before the first num
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'))
        if separate:
            lists[offset] = (str(number), 0)
        else:
            lists.update({index: (str(number), index) for index in range(len(LEVELS))})
    return lists


def _set_numbering(paragraph, num_id: str, ilvl: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().insert(0, parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def table_model(slug: str, notice) -> tuple[list[str], list[list[str]], str]:
    """A notice's tasks as a 任务分工表: (preamble lines, rows, header kind); rows of one cell are headings."""
    layout = REGIONS.index(slug) % len(TABLE_LAYOUTS)
    header, roles = TABLE_LAYOUTS[layout]
    rows: list[list[str]] = [header]
    sections = {section.number: section for section in notice.sections}
    seen_sections, seen_groups = set(), set()
    for task in notice.tasks:
        if task.section not in seen_sections and task.section in sections:
            seen_sections.add(task.section)
            rows.append([f"{sections[task.section].label}{sections[task.section].title}"])
        if task.group and (task.section, task.group) not in seen_groups:
            seen_groups.add((task.section, task.group))
            rows.append([f"（{_cn(len(seen_groups))}）{task.group}"])
        rows.append([_cell(task, role) for role in roles])
    preamble = [line for line in notice.preamble.splitlines() if line.strip()]
    return preamble, rows, header[0]


def _cn(number: int) -> str:
    from hrcli.read.docx import chinese_numeral

    return chinese_numeral(number)


def _cell(task, role: str) -> str:
    """One cell of a task's row."""
    units = [department.name for department in task.departments]
    lead = task.lead or (units[0] if units else "")
    rest = task.text[len(task.title) :].lstrip("。;；").replace("\n", "")
    return {
        "number": str(task.number),
        "cn_number": str(task.number) if task.group else _cn(task.number),  # (一) would clash with the groups
        "title": task.title,
        "measures": rest,
        "text": task.text.replace("\n", ""),
        "lead": lead,
        "others": "\n".join(unit for unit in units if unit != lead),  # one unit per line, as tables often are
        "units": "、".join(units),
        "deadline": task.deadline or "",
    }[role]


def docx_table(slug: str, notice, attachment: bool) -> bytes:
    """The tasks in a Word table: after a cover letter as its 附件, or as the whole notice."""
    preamble, rows, _ = table_model(slug, notice)
    document = _new_document()
    if attachment:
        for line in preamble:
            _paragraph(document, line)
        _paragraph(document, "附件", indent=False)
    _paragraph(document, f"{notice.title or slug}任务分工表", indent=False)
    width = len(rows[0])
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
            continue
        for cell, text in zip(cells, row):
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    return _save(document)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---- web pages -----------------------------------------------------------------------------------------
CHROME_TOP = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - 政府信息公开</title>
<style>.nav li{{display:inline}}</style><script>var _hmt = _hmt || [];</script></head><body>
<div class="header"><div class="logo"><img src="logo.png" alt="人民政府门户网站"></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/zjxx">走进本市</a></li></ul>
<div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div></div>
<div class="position">您当前所在位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/wj">政府文件</a></div>
<div class="main"><div class="left-menu"><h3>政府文件</h3><ul><li><a href="#">政府令</a></li><li><a href="#">政府文件</a></li>
<li><a href="#">办公室文件</a></li></ul></div>
<div class="article"><h1 class="article-title">{title}</h1>
<div class="info">发布时间：2022-12-08 &nbsp; 来源：市政府办公室 &nbsp; 浏览次数：<span id="count">1024</span></div>
<div class="TRS_Editor" id="zoom">
"""
CHROME_BOTTOM = """</div>
<div class="bdshare">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="page-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div><div class="related"><h3>相关文章</h3><ul><li><a href="#">关于做好2022年医疗保障工作的通知</a></li>
<li><a href="#">关于印发卫生健康事业发展规划的通知</a></li></ul></div></div>
<div class="footer"><p>主办单位：市人民政府办公室 &nbsp; 承办单位：市大数据中心</p><p>地址：人民路1号 电话：0357-1234567</p>
<p>网站标识码：1410000001 &nbsp; ICP备案号：晋ICP备05000001号</p></div></body></html>"""


def html_page(slug: str) -> str:
    """The notice as a government web page: menus, breadcrumb, counter, share bar and footer around it."""
    from html import escape

    lines = lines_of(slug)
    body = "\n".join(f'<p style="text-indent:2em">{escape(line)}</p>' for line in lines)
    return CHROME_TOP.format(title=escape(lines[0])) + body + CHROME_BOTTOM


def html_table_page(slug: str, notice) -> str:
    """The notice's tasks as an HTML table (headings as rows spanning the table), with site chrome."""
    from html import escape

    preamble, rows, _ = table_model(slug, notice)
    width = len(rows[0])
    cells = []
    for row in rows:
        if len(row) == 1:
            cells.append(f'<tr><td colspan="{width}"><strong>{escape(row[0])}</strong></td></tr>')
        else:
            tag = "th" if row is rows[0] else "td"
            cells.append("<tr>" + "".join(f"<{tag}>{'<br>'.join(map(escape, cell.split(chr(10))))}</{tag}>" for cell in row) + "</tr>")
    body = "\n".join(f"<p>{escape(line)}</p>" for line in preamble)
    body += '\n<p>附件</p><table border="1" cellspacing="0">' + "\n".join(cells) + "</table>"
    return CHROME_TOP.format(title=escape(notice.title or slug)) + body + CHROME_BOTTOM


# ---- the committed PDFs ----------------------------------------------------------------------------------
RUNNING_HEADS = {"linfen": "临汾市人民政府办公室文件", "qinghai": "青海省人民政府办公厅文件"}
# The page-number footers of official documents: "— 3 —" by default.
PAGE_FOOTERS = {"nanchang": "第 PAGE 页 共 NUMPAGES 页", "sixian": "-PAGE-", "shanxi": "第PAGE页"}


def make_pdfs(folder: Path = DOCUMENTS) -> None:
    """Write a PDF of every corpus notice, and the broken documents of the error tests."""
    soffice = shutil.which("soffice") or sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for slug in REGIONS:
            footer = PAGE_FOOTERS.get(slug, "— PAGE —")
            (work / f"{slug}.docx").write_bytes(docx_paragraphs(slug, header=RUNNING_HEADS.get(slug), page_footer=footer))
        note = _new_document()
        _paragraph(note, "（一）推进医保支付方式改革。（市医保局负责）")
        (work / "short.docx").write_bytes(_save(note))
        docs = [str(work / f"{slug}.docx") for slug in [*REGIONS, "short"]]
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work), *docs], check=True, capture_output=True)
        subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", str(work), str(work / "short.docx")], check=True, capture_output=True)
        for slug in REGIONS:
            shutil.copy(work / f"{slug}.pdf", folder / f"{slug}.pdf")
        shutil.copy(work / "short.doc", folder / "notice.doc")
        _locked(work / "short.pdf", folder / "locked.pdf")
    _scanned(folder / "scanned.pdf")


def _locked(source: Path, target: Path) -> None:
    """A PDF that opens only with a password (AES-256, as Acrobat and WPS write it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    with open(target, "wb") as handle:
        writer.write(handle)


def _scanned(target: Path) -> None:
    """A page that is only an image, as a scanner writes it: no text layer."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(page)
    for top in range(80, 800, 24):
        draw.rectangle([60, top, 560, top + 10], fill=40)  # lines of "text" as ink
    page.save(target, "PDF", resolution=75)


if __name__ == "__main__":
    make_pdfs()
    for path in sorted(DOCUMENTS.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.relative_to(ROOT)}")
