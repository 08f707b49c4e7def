"""A saved web page -> the notice's text: the main content found, the site around it dropped.

Parsed with lxml's HTML parser (already installed for python-docx). The main content is the
smallest element that still holds most of the page's text outside links; menus, breadcrumbs,
share buttons, visit counters and footers are links, or outside it, or named so in their tag,
class or id. Data tables are read by read/tables.py, like a Word table.
"""

from __future__ import annotations

import re

from hrcli.read.tables import table_lines

# Tags that end a line of text; the others (span, font, b, a) sit inside a line.
BLOCK_TAGS = {
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "td", "th", "tr", "ul", "center", "caption",
}
HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "button",
               "select", "input", "textarea", "form", "nav", "aside", "footer"}
# class or id words of site chrome (navigation, breadcrumbs, share bars, counters, footers, sidebars).
CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|share|bdshare|jiathis|social|footer|foot|"
    r"copyright|sidebar|side|toolbar|tools|print|related|relevant|friendlink|links|search|login|banner|qrcode|ewm)(?:$|[\s_-])",
    re.IGNORECASE,
)
CJK = re.compile(r"[\u4e00-\u9fff]")
# How much of its parent's text a child must hold to be taken as the content instead of it.
CONTENT_SHARE = 0.8
# A heading of the notice sits just outside its body (<h1> above the body's <div>).
TITLE_CLASS = re.compile(r"title|biaoti|bt", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


def html_text(page: str) -> str:
    """The notice's text in a web page: its title, then its content, one line per block."""
    root = _parse(page)
    if root is None:
        return ""
    content = _main_content(root)
    title = _title_before(root, content)
    lines = _lines(content)
    if title and not any(title in line for line in lines[:5]):
        lines.insert(0, title)
    return "\n".join(lines)


def _parse(page: str):
    """The page's root element, or None for a page of no elements."""
    import lxml.etree
    import lxml.html

    page = re.sub(r"^\s*<\?xml[^>]*>", "", page)  # lxml refuses a str that declares its encoding
    try:
        return lxml.html.document_fromstring(page)
    except (lxml.etree.ParserError, ValueError):
        return None


def _main_content(root):
    """The smallest element holding most of the visible text: go down while one child holds 80% of it."""
    node = root.find("body") if root.find("body") is not None else root
    counts: dict = {}  # keyed by element: lxml keeps a referenced element's proxy, so id() would be reused
    _fill_counts(node, counts)
    while True:
        children = [child for child in node if isinstance(child.tag, str)]
        if not children:
            return node
        best = max(children, key=lambda child: counts.get(child, 0))
        if counts.get(best, 0) < CONTENT_SHARE * counts.get(node, 0) or counts.get(best, 0) == 0:
            return node
        node = best


def _fill_counts(element, counts: dict) -> int:
    """CJK characters of the visible text outside links of every element under `element`."""
    if not isinstance(element.tag, str) or element.tag in HIDDEN_TAGS or element.tag == "a" or _is_chrome(element):
        counts[element] = 0
        return 0
    total = len(CJK.findall(element.text or ""))
    for child in element:
        total += _fill_counts(child, counts) + len(CJK.findall(child.tail or ""))
    counts[element] = total
    return total


def _is_chrome(element) -> bool:
    """An element whose class or id names it site chrome (menu, breadcrumb, share bar, footer)."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and bool(CHROME.search(names))


def _title_before(root, content) -> str | None:
    """The heading just before the content (<h1>, or a class named title), when outside it."""
    ancestors = set(content.iterancestors()) | {content}
    title = None
    for element in root.iter():
        if element is content:
            break
        if not isinstance(element.tag, str) or element in ancestors or _hidden(element):
            continue
        if element.tag in ("h1", "h2", "h3") or TITLE_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            text = SPACES.sub(" ", element.text_content()).strip()
            if 4 <= len(text) <= 120 and CJK.search(text):
                title = text
    return title


def _hidden(element) -> bool:
    """Inside a hidden or chrome element."""
    return any(
        isinstance(node.tag, str) and (node.tag in HIDDEN_TAGS or _is_chrome(node)) for node in [element, *element.iterancestors()]
    )


def _lines(element) -> list[str]:
    """The element's text, one line per block; data tables through read/tables.py."""
    pieces: list[str] = []
    _walk(element, pieces)
    text = "".join(pieces)
    return [line.strip() for line in text.split("\n") if line.strip()]


def _walk(element, pieces: list[str]) -> None:
    """Append the visible text of `element` (not its tail), a newline around each block."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag or tag in HIDDEN_TAGS or _is_chrome(element):
        return
    if tag == "table" and _is_data_table(element):
        pieces.append("\n" + "\n".join(table_lines(_table_rows(element))) + "\n")
        return
    block = tag in BLOCK_TAGS
    if block:
        pieces.append("\n")
    pieces.append(SPACES.sub(" ", element.text or ""))
    for child in element:
        _walk(child, pieces)
        pieces.append(SPACES.sub(" ", child.tail or ""))
    if block:
        pieces.append("\n")


def _is_data_table(table) -> bool:
    """A table of rows and columns, not a page laid out in a table: no nested table, two columns somewhere."""
    if table.find(".//table") is not None:
        return False
    return any(len(row.findall("td") + row.findall("th")) >= 2 for row in _rows(table))


def _rows(table) -> list:
    """The <tr> of a table, in <thead>/<tbody>/<tfoot> or directly under it."""
    return list(table.iter("tr"))


def _table_rows(table) -> list[list[str]]:
    """Cell texts by row, a cell spanning columns or rows repeated in each (as Word's merged cells)."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) of a rowspan cell
    for row in _rows(table):
        cells: list[str] = []
        column = 0
        for cell in [child for child in row if child.tag in ("td", "th")]:
            while column in pending:
                cells.append(_take(pending, column))
                column += 1
            pieces: list[str] = []
            _walk_cell(cell, pieces)
            text = "\n".join(line.strip() for line in "".join(pieces).split("\n") if line.strip())
            span, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            for _ in range(span):
                if down > 1:
                    pending[column] = (down - 1, text)
                cells.append(text)
                column += 1
        while column in pending:
            cells.append(_take(pending, column))
            column += 1
        grid.append(cells)
    return grid


def _walk_cell(cell, pieces: list[str]) -> None:
    """A cell's text with its line breaks (<br>, <p>), for unit names one per line."""
    pieces.append(SPACES.sub(" ", cell.text or ""))
    for child in cell:
        _walk(child, pieces)
        pieces.append(SPACES.sub(" ", child.tail or ""))


def _take(pending: dict[int, tuple[int, str]], column: int) -> str:
    """The text of a rowspan cell in one more row."""
    left, text = pending[column]
    if left <= 1:
        del pending[column]
    else:
        pending[column] = (left - 1, text)
    return text


def _span(value: str | None) -> int:
    """colspan/rowspan as a number from 1 to 50 (a page may say anything there)."""
    try:
        return max(1, min(50, int(value or 1)))
    except ValueError:
        return 1
