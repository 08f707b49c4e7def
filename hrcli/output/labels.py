"""What a label means, for colour: one kind per label value, shared by the HTML report and the workbook."""

from __future__ import annotations

from typing import Any

# Columns whose values are labels (compare's status and label, targets' comparison, diff's kind).
LABEL_COLUMNS = ("status", "label", "comparison", "kind", "match", "change")
# kind -> (background, text) colour; the HTML page uses the kind as a class name with the same colours.
COLOURS = {
    "same": ("#d9f2d9", "#14521f"),
    "differs": ("#ffe2b8", "#7a3d00"),
    "related": ("#fff6c2", "#5c5200"),
    "partial": ("#dbe8ff", "#123d7a"),
    "only": ("#e8e8e8", "#333333"),
    "added": ("#d9f2d9", "#14521f"),
    "dropped": ("#ffd6d6", "#7a0f0f"),
}
# Heat-map shades by how many items a cell holds (0, 1, 2, 3, 4+), light to dark.
HEAT = ("#ffffff", "#e3f1e3", "#bfe0bf", "#8cc98c", "#5aa95a")


def label_kind(value: Any) -> str | None:
    """The kind of a label value: same, differs, related, partial, only, added, dropped; None for other text."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().lower()
    if text.startswith(("only_", "only in")):
        return "only"
    if text.startswith("partial"):
        return "partial"
    if text.startswith("same measure, different") or text in ("differs", "changed"):
        return "differs"
    if text in ("same measure", "same", "matched"):
        return "same"
    if text in ("related", "other unit", "renumbered"):
        return "related"
    if text in ("added", "dropped"):
        return text
    return None


def heat_level(value: Any) -> int:
    """0-4: how many items a heat-map cell holds, capped."""
    count = len(value) if isinstance(value, (list, tuple)) else (value if isinstance(value, int) else 0)
    return max(0, min(count, len(HEAT) - 1))
