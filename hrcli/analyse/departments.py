"""Department names as printed ("市卫健委", "省卫生健康委") -> canonical departments (configs/departments.yaml)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hrcli.cache import NO_CACHE, Cache
from hrcli.config import (
    DEFAULT_CONFIG_DIR,
    Loaded,
    check_keys,
    load_yaml,
    require_mapping,
    require_number,
    string_list,
)
from hrcli.parse.clean import WIDTH_TABLE
from hrcli.parse.normalize import place_names
from hrcli.schema import Notice, Task

KINDS = ("agency", "government", "party", "leadership", "generic")
TOP_KEYS = {"fuzzy_cutoff", "level_prefixes", "departments"}
ENTRY_KEYS = {"zh", "en", "kind", "aliases"}
DEFAULT_FUZZY_CUTOFF = 85.0
SPACES = re.compile(r"\s+")
UNSEEN = object()  # a name the memo has no answer for yet (None is an answer: unknown)


@dataclass
class CanonicalDepartment:
    """One body, whatever level or era names it."""

    key: str
    zh: str
    en: str
    kind: str
    aliases: list[str]


@dataclass
class DepartmentIndex:
    """Every alias of every canonical department, and the rules for matching a printed name."""

    entries: dict[str, CanonicalDepartment]
    aliases: dict[str, str]  # folded alias (zh included) -> key
    level_prefixes: tuple[str, ...]  # longest first
    fuzzy_cutoff: float
    warnings: list[str] = field(default_factory=list)
    _memo: dict[tuple[str, tuple[str, ...]], str | None] = field(default_factory=dict, repr=False)
    # The level prefixes by their first character, longest first in each: a name is tried against the few that start
    # like it, not all 32 (the same one is stripped: only a prefix starting with the name's first character can match).
    _prefixes_by_first: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        for prefix in self.level_prefixes:
            self._prefixes_by_first.setdefault(prefix[0], []).append(prefix)

    def resolve(self, name: str, places: Iterable[str] = ()) -> str | None:
        """Canonical key of a printed name, or None when it is unknown.

        `places` are the notice's own place names, removed from the front ("青海银保监局", Qinghai).
        """
        memo_key = (name, tuple(places))
        found = self._memo.get(memo_key, UNSEEN)  # one look-up for the names seen before (most)
        if found is UNSEEN:
            found = self._memo[memo_key] = self._resolve(name, memo_key[1])
        return found

    def _resolve(self, name: str, places: tuple[str, ...]) -> str | None:
        """Exact alias without the level prefix, then as written, then the closest alias."""
        candidates = self._candidates(name, places)
        for candidate in candidates:
            if candidate in self.aliases:
                return self.aliases[candidate]
        return self._fuzzy(candidates)

    def _candidates(self, name: str, places: tuple[str, ...]) -> list[str]:
        """The name without its level prefix, then the name as written (place removed, folded)."""
        written = _without_place(fold(name), places)
        stripped = self.strip_level(written)
        return [stripped, written] if stripped != written else [written]

    def strip_level(self, name: str) -> str:
        """The name without its longest level prefix ("省委编办" -> "编办"); nothing left means keep it."""
        for prefix in self._prefixes_by_first.get(name[:1], ()):
            if name.startswith(prefix) and len(name) > len(prefix):
                return name[len(prefix):]
        return name

    def _fuzzy(self, candidates: list[str]) -> str | None:
        """The key of the closest alias reaching the cutoff, if any (a typo, a missing 和)."""
        from rapidfuzz import fuzz, process

        best: tuple[str, float] | None = None
        for candidate in candidates:
            match = process.extractOne(candidate, list(self.aliases), scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff)
            if match is not None and (best is None or match[1] > best[1]):
                best = (match[0], match[1])
        return self.aliases[best[0]] if best else None

    def key_for(self, query: str, places: Iterable[str] = ()) -> str | None:
        """A department given as canonical key, English name or any Chinese name -> its key."""
        if query in self.entries:
            return query
        for entry in self.entries.values():
            if entry.en.casefold() == query.strip().casefold():
                return entry.key
        return self.resolve(query, places)


def fold(name: str) -> str:
    """A name as the index compares it: half-width brackets, no spaces."""
    return SPACES.sub("", name.translate(WIDTH_TABLE))


def _without_place(name: str, places: Iterable[str]) -> str:
    """The name without a leading place name of its own notice ("青海银保监局" -> "银保监局")."""
    for place in places:
        if name.startswith(place) and len(name) > len(place):
            return name[len(place):]
    return name


def load_departments(directory: Path = DEFAULT_CONFIG_DIR, cache: Cache = NO_CACHE) -> DepartmentIndex:
    """departments.yaml -> DepartmentIndex; bad entries and duplicate aliases are errors with a line."""
    loaded = load_yaml(directory / "departments.yaml", cache)
    data = require_mapping(loaded, loaded.data)
    check_keys(loaded, data, TOP_KEYS)
    raw = data.get("departments")
    if not isinstance(raw, dict) or not raw:
        raise loaded.error("expected a mapping 'departments' of department keys", "departments")
    entries: dict[str, CanonicalDepartment] = {}
    aliases: dict[str, str] = {}
    for key, entry in raw.items():
        department = _entry(loaded, str(key), entry)
        _register_aliases(loaded, department, aliases)
        entries[department.key] = department
    return DepartmentIndex(
        entries=entries,
        aliases=aliases,
        level_prefixes=_level_prefixes(loaded, data),
        fuzzy_cutoff=require_number(loaded, data, "fuzzy_cutoff", 0, 100, default=DEFAULT_FUZZY_CUTOFF),
        warnings=loaded.warnings,
    )


def _entry(loaded: Loaded, key: str, entry: object) -> CanonicalDepartment:
    """One validated entry: zh and en strings, a known kind, a list of aliases."""
    path = ("departments", key)
    entry = require_mapping(loaded, entry, *path)
    check_keys(loaded, entry, ENTRY_KEYS, *path)
    for name in ("zh", "en"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise loaded.error(f"department {key!r} needs a non-empty {name} name", *path, name)
    if entry.get("kind") not in KINDS:
        raise loaded.error(f"department {key!r}: kind must be one of {', '.join(KINDS)}, not {entry.get('kind')!r}", *path, "kind")
    if "aliases" not in entry:
        raise loaded.error(f"department {key!r} needs a list of aliases (may be [])", *path)
    aliases = string_list(loaded, entry["aliases"], *path, "aliases")
    return CanonicalDepartment(key, entry["zh"].strip(), entry["en"].strip(), entry["kind"], aliases)


def _register_aliases(loaded: Loaded, department: CanonicalDepartment, aliases: dict[str, str]) -> None:
    """Add the entry's zh and aliases to the index; one alias naming two entries is an error."""
    forms = [(department.zh, ("departments", department.key, "zh"))]
    forms += [(alias, ("departments", department.key, "aliases", i)) for i, alias in enumerate(department.aliases)]
    for form, where in forms:
        folded = fold(form)
        if not folded:
            raise loaded.error(f"department {department.key!r}: empty alias", *where)
        owner = aliases.get(folded)
        if owner is None:
            aliases[folded] = department.key
        elif owner == department.key:
            loaded.warn(f"department {department.key!r}: alias {form!r} is listed twice", *where)
        else:
            raise loaded.error(f"alias {form!r} of {department.key!r} already names department {owner!r}", *where)


def _level_prefixes(loaded: Loaded, data: dict) -> tuple[str, ...]:
    """The level prefixes, longest first (so 省委 is stripped before 省)."""
    prefixes = string_list(loaded, data.get("level_prefixes", []), "level_prefixes")
    return tuple(sorted({fold(p) for p in prefixes if fold(p)}, key=len, reverse=True))


def notice_places(notice: Notice) -> list[str]:
    """The notice's own place names, to remove from the front of a department name."""
    return place_names(notice.place)


def canonicalize(notice: Notice, index: DepartmentIndex) -> list[str]:
    """Set Department.canonical on every task (in place); return the names that stay unknown."""
    places = tuple(notice_places(notice))  # (resolve's memo key holds them as a tuple: made once, not per name)
    unresolved: dict[str, None] = {}  # in order, each once (a list's `in` is quadratic in a note of thousands of units)
    for task in notice.tasks:
        for department in task.departments:
            department.canonical = index.resolve(department.name, places)
            if department.canonical is None:
                unresolved.setdefault(department.name)
    return list(unresolved)


def task_roles(task: Task, index: DepartmentIndex, places: Iterable[str] = ()) -> dict[str, str]:
    """Each department of a task (canonical key, or the name as written when unknown) -> "lead" or "shared".

    A unit carried forward ("以下各项均需各县市区人民政府负责", Linfen) shares the task, never leads it.
    """
    places = tuple(places)
    roles: dict[str, str] = {}
    for department in task.departments:
        key = index.resolve(department.name, places) or fold(department.name)
        leads = department.role == "lead" and not department.inherited
        if leads or key not in roles:
            roles[key] = "lead" if leads else "shared"
    return roles


def department_matrix(notices: Iterable[Notice] | Mapping[str, Notice], index: DepartmentIndex) -> list[dict]:
    """One row per department: per region, how many tasks it leads and how many it shares.

    Rows are sorted by total involvement (most first), then key.
    """
    notices = list(notices.values()) if isinstance(notices, Mapping) else list(notices)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for notice in notices:
        places = notice_places(notice)
        for task in notice.tasks:
            for key, role in task_roles(task, index, places).items():
                counts[key][f"{notice.region}_{role}"] += 1
    rows = []
    for key, per_region in counts.items():
        entry = index.entries.get(key)
        row: dict = {"department": key, "zh": entry.zh if entry else key, "en": entry.en if entry else ""}
        for notice in notices:
            row[f"{notice.region}_lead"] = per_region[f"{notice.region}_lead"]
            row[f"{notice.region}_shared"] = per_region[f"{notice.region}_shared"]
        rows.append(row)
    return sorted(rows, key=lambda row: (-sum(counts[row["department"]].values()), row["department"]))


def tasks_of(notice: Notice, key: str, index: DepartmentIndex) -> list[tuple[Task, str]]:
    """The tasks a department (key, English or Chinese name) leads or shares, with the role."""
    places = notice_places(notice)
    target = index.key_for(key, places) or fold(key)
    found = []
    for task in notice.tasks:
        role = task_roles(task, index, places).get(target)
        if role is not None:
            found.append((task, role))
    return found
