"""View -> one self-contained HTML page (Jinja2, imported only here): no network, inline CSS, prints as shown.

Everything that comes from a notice goes through Jinja2's autoescaping; the page's own script is allowed by its
hash in a Content-Security-Policy, so even a tag that slipped through escaping could not run or load anything.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from hrcli import __version__
from hrcli.output.labels import LABEL_COLUMNS, heat_level, label_kind
from hrcli.output.render import View, cell_text, split_marks

# Open every folded text before printing (a closed <details> prints closed); the buttons open or close them all;
# page.html#open opens them on loading (the screenshots of docs/ use it).
SCRIPT = """
(function () {
  function all(open) { document.querySelectorAll("details").forEach(function (d) { d.open = open; }); }
  var expand = document.getElementById("expand"), collapse = document.getElementById("collapse");
  if (expand) { expand.addEventListener("click", function () { all(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { all(false); }); }
  window.addEventListener("beforeprint", function () { all(true); });
  if (location.hash === "#open") { all(true); }
})();
"""


# A cell of at most this many characters (a task number, "(五) -> (六)") is kept on one line.
SHORT = 12


def render_html(view: View) -> str:
    """The view as a page: compare's report when the view carries one, else its table(s)."""
    from markupsafe import Markup

    context = {
        "title": view.title or (view.display.title if view.display else None) or "hrcli",
        "version": __version__,
        "script": Markup(SCRIPT),
        "script_hash": "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode(),
    }
    if view.report is not None:  # compare's report, or diff's page
        sections = [table_model(part, anchor=part.name or f"part{k}") for k, part in enumerate(view.sheets)]
        columns = len(view.report.get("regions", [])) or 2
        page = _environment().get_template(view.report.get("template", "compare.html.j2"))
        return page.render(**context, page=view.report, sections=sections, columns=columns)
    tables = [table_model(part, anchor=part.name or f"part{k}") for k, part in enumerate([view, *view.sheets])]
    return _environment().get_template("table.html.j2").render(**context, tables=tables)


@lru_cache(maxsize=1)
def _environment():
    """Templates from the package, autoescaped (every file here is HTML), undefined names an error."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("hrcli.output", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def table_model(view: View, anchor: str) -> dict:
    """A view's human table (its display form when it has one) as cells the template prints as they are."""
    shown = view.display or view
    if shown.table is not None:  # drawn by a renderer of its own (the detail view): terminal only
        shown = view
    heat = set(shown.heat or [])
    rows = [[_cell(column, row.get(column), column in heat, column in shown.marked) for column in shown.columns]
            for row in shown.rows]
    heading = (view.name or "table").capitalize()
    return {"anchor": anchor, "heading": heading, "title": shown.title, "columns": shown.columns, "rows": rows}


def _cell(column: str, value: Any, heat: bool, marked: bool) -> dict:
    """One cell: its lines (word-diff pieces per line when marked), its label kind (a badge) or its heat level."""
    if isinstance(value, (list, tuple)):
        lines = [", ".join(cell_text(v) for v in value)] if heat else [cell_text(v) for v in value]
    else:
        lines = cell_text(value).splitlines() or [""]
    text = "\n".join(lines)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    css = f"heat-{heat_level(value)}" if heat else ("num" if number else ("short" if max(map(len, lines), default=0) <= SHORT else ""))
    pieces = [split_marks(line) for line in lines] if marked else []
    kind = label_kind(text) if column in LABEL_COLUMNS and not heat else None
    return {"text": text, "lines": lines, "css": css, "kind": kind,
            "pieces": pieces if any(k for line in pieces for k, _ in line) else []}
