"""The common schema: plain dataclasses every stage passes along (JSON keys are stable)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

# The verbs that make a named unit a participating one rather than the lead ("市卫健委牵头，市财政局配合"):
# one list for the note parser and for the column headers of a task table ("配合单位", "协办单位").
PARTICIPATING_VERBS = ("参与", "配合", "协助", "协同", "协作", "协办")


@dataclass
class Department:
    """One unit named in a responsibility note."""

    name: str
    role: str = "responsible"  # "lead", "responsible" or "participating"
    inherited: bool = False  # carried forward from an earlier note ("以下各项均需…负责")
    canonical: str | None = None  # filled by the department resolver (configs/departments.yaml)


@dataclass
class Target:
    """A quantitative target found in a task ("400种以上", "不低于30%")."""

    measure: str
    comparator: str  # ">=", "<=", "~", "="
    value: float
    unit: str
    text: str  # the words as printed
    deadline: str | None = None
    span: tuple[int, int] = (0, 0)  # offsets into the task text


@dataclass
class Task:
    """The lowest numbered item of a notice: the unit that carries a responsibility note."""

    id: str
    label: str  # as printed: "(七)", "1."
    number: int  # the integer of its own label: (七) -> 7
    section: int | None  # number of the section ("一、" -> 1) it belongs to
    group: str | None  # title of an intermediate numbered group, if any (Shanxi "(一)全面深化公立医院改革")
    title: str  # the first sentence
    text: str  # the full body, label and note removed
    note: str | None  # the responsibility note as printed, brackets removed
    departments: list[Department] = field(default_factory=list)
    lead: str | None = None
    lead_rule: str | None = None  # "stated" (a legend in this note), "carried" (下同), "convention" (first listed)
    deadline: str | None = None
    span: tuple[int, int] = (0, 0)  # offsets of the whole item in the original (decoded) text
    note_span: tuple[int, int] | None = None
    targets: list[Target] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A top-level part ("一、…"): its title, goal paragraph and kind."""

    number: int
    label: str
    title: str
    goal: str = ""
    kind: str = "tasks"  # "tasks" or "summary"
    span: tuple[int, int] = (0, 0)


@dataclass
class Notice:
    """One parsed notice."""

    region: str
    title: str | None  # None when the text does not give one (never a site's breadcrumb or menu)
    cover_title: str | None = None
    issuer: str | None = None  # the (first) issuing office
    issuers: list[str] = field(default_factory=list)  # every office that signs (joint notices name several)
    doc_number: str | None = None
    dates: dict[str, str] = field(default_factory=dict)  # signed / printed / published -> ISO date
    years: list[int] = field(default_factory=list)
    level: str | None = None
    place: str | None = None  # the region's Chinese name as the text gives it
    implements: str | None = None  # the higher-level notice it says it implements
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    closing: str = ""
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # file path, or "-" for standard input
    sha256: str | None = None

    def task(self, number: int) -> Task:
        """The task whose own label is `number` (first one if numbering repeats)."""
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(number)

    def years_label(self) -> str:
        """Years covered as people write them: "2022" or "2021-2022"."""
        if not self.years:
            return ""
        if len(self.years) == 1:
            return str(self.years[0])
        return f"{self.years[0]}-{self.years[-1]}"

    def to_dict(self) -> dict[str, Any]:
        """The notice as JSON-ready data (what dataclasses.asdict gives, without its deep copies: 5x faster)."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        """Rebuild a notice from `to_dict` output (used by the parse cache)."""
        data = dict(data)
        data["sections"] = [_section_from(s) for s in data.get("sections", [])]
        data["tasks"] = [_task_from(t) for t in data.get("tasks", [])]
        return cls(**data)


_FIELDS: dict[type, tuple[str, ...]] = {}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """dataclasses.asdict for the schema's types: dataclasses to dicts, lists and tuples and dicts walked."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELDS.get(kind) or _field_names(kind)
    # scalars taken as they are, without a call (most of a notice's values: a parse-cache write made 850 calls)
    if names is not None:
        return {name: item if type(item := getattr(value, name)) in _SCALARS else _plain(item) for name in names}
    if kind is list:
        return [item if type(item) in _SCALARS else _plain(item) for item in value]
    if kind is tuple:
        return tuple(_plain(item) for item in value)
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, in order (None for another type); remembered per type."""
    if not hasattr(kind, "__dataclass_fields__"):
        return None
    names = _FIELDS[kind] = tuple(field_of.name for field_of in fields(kind))
    return names


def json_fields(value: Any) -> dict[str, Any]:
    """json.dumps' `default` for the schema's dataclasses: the JSON of to_dict() without building its dicts.

    A dataclass's __dict__ is its fields in order unless something was added or removed: then the fields are
    taken one by one. Half the cost of a parse-cache write (0.33 of 0.7 ms a notice, measured).
    """
    names = _FIELDS.get(type(value)) or _field_names(type(value))
    if names is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    attributes = value.__dict__
    return attributes if tuple(attributes) == names else {name: getattr(value, name) for name in names}


def _section_from(data: dict[str, Any]) -> Section:
    return Section(**{**data, "span": tuple(data["span"])})


def _task_from(data: dict[str, Any]) -> Task:
    data = dict(data)
    data["departments"] = [Department(**d) for d in data.get("departments", [])]
    data["targets"] = [Target(**{**t, "span": tuple(t["span"])}) for t in data.get("targets", [])]
    data["span"] = tuple(data["span"])
    if data.get("note_span") is not None:
        data["note_span"] = tuple(data["note_span"])
    return Task(**data)


@dataclass
class Link:
    """Two tasks of different regions that correspond, with their score."""

    a: str
    b: str
    score: float


@dataclass
class Row:
    """One line of the comparison: corresponding tasks of each region (a list, possibly empty)."""

    status: str  # "matched" or "only_<slug>"
    score: float | None
    label: str  # what kind of match (see label_row)
    why: str  # the shared key terms
    tasks: dict[str, list[Task]]
    # Targets of the same measure and unit set differently: {"measure": …, region: target text, …}
    target_differences: list[dict[str, str]] = field(default_factory=list)
    # Every linked pair of the row: {"a": id, "b": id, "score": …, "label": …, "why": […]} (align/matcher.py).
    pairs: list[dict] = field(default_factory=list)
    # An unmatched task's closest task in each other region: {region: [{"id", "number", "label", "title", "score"}]}.
    nearest: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Alignment:
    regions: list[str]
    rows: list[Row]
    links: list[Link] = field(default_factory=list)
