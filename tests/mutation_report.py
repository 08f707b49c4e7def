"""Kill rate per module from the last `make mutation` (mutmut's mutants/**/*.meta), and each surviving mutant.

A mutant counts as killed when a test failed on it or it ran past its time limit (an endless loop is caught);
it survived when every test passed; "no tests" means no selected test reaches the function, and counts as a
survivor. Every survivor must be explained in tests/mutation_survivors.yaml (why no test can tell it from the
code), keyed by its function and the line mutmut changed, not by mutmut's number, which shifts when the
function changes. Exits 1 when a module is below the goal or a survivor is unexplained.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

GOAL = 90.0
EXPLAINED = Path(__file__).with_name("mutation_survivors.yaml")
KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}


@dataclass(frozen=True)
class Survivor:
    """One mutant no test noticed: its mutmut name, its function and the line(s) it changed."""

    name: str
    function: str
    change: str

    @property
    def key(self) -> tuple[str, str]:
        return self.function, self.change


def outcome(code: int | None) -> str:
    """mutmut's exit code of one mutant as killed / survived / no tests / not checked."""
    if code in KILLED:
        return "killed"
    return {0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}.get(code, "suspicious")


def function_of(name: str) -> str:
    """`hrcli.parse.notes.x__segments__mutmut_8` -> `hrcli.parse.notes._segments` (methods: `Class.method`)."""
    module, _, mangled = name.rpartition(".")
    function = mangled.rsplit("__mutmut_", 1)[0].removeprefix("x")
    function = function[1:] if function.startswith("_") else function
    return f"{module}.{function.replace('ǁ', '.').strip('.')}"


def changed_lines(source: list[str], spans: dict[str, list[int]], mangled: str) -> str:
    """The lines of a mutant that differ from the original function, stripped and joined by ` / `."""
    original = mangled.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"

    def body(key: str) -> list[str]:
        start, end = spans[key]
        # The def line differs by the mutant's name; without it, a mutated default argument shows.
        return [re.sub(r"__mutmut_\w+\(", "(", line.strip()) for line in source[start:end]]

    diff = list(difflib.ndiff(body(original), body(mangled)))
    added = [line[2:] for line in diff if line.startswith("+ ")]
    return " / ".join(added) if added else " / ".join("removed: " + line[2:] for line in diff if line.startswith("- "))


def survivors_of(meta: Path, codes: dict[str, int | None]) -> list[Survivor]:
    """The survivors of one module's run, with the change of each read from the mutated source."""
    names = [name for name, code in codes.items() if outcome(code) in ("survived", "no tests")]
    if not names:
        return []
    source_file = meta.with_suffix("")  # mutants/hrcli/x.py.meta -> mutants/hrcli/x.py
    source = source_file.read_text(encoding="utf-8").splitlines()
    spans = json.loads(meta.with_suffix(".spans").read_text(encoding="utf-8"))["spans"]
    return [Survivor(name, function_of(name), changed_lines(source, spans, name.rpartition(".")[2])) for name in names]


def load_explained() -> dict[tuple[str, str], str]:
    """(function, change) -> why, from tests/mutation_survivors.yaml."""
    entries = yaml.safe_load(EXPLAINED.read_text(encoding="utf-8")) or []
    return {(entry["function"], entry["change"]): entry["why"] for entry in entries}


def main(*folders: str) -> int:
    """Print one line per module and the total, then every survivor, explained or not (mutmut's mutants/ folders)."""
    explained = load_explained()
    survivors: list[Survivor] = []
    total: Counter = Counter()
    below_goal = []
    print("module\tmutants\tkilled\tsurvived\tno tests\tnot checked\tkill rate")
    metas = sorted((root, meta) for root in folders or ("mutants",) for meta in Path(root).glob("hrcli/**/*.py.meta"))
    for folder, meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(outcome(code) for code in codes.values())
        if not codes or counts["not checked"] == len(codes):
            continue
        survivors += survivors_of(meta, codes)
        total.update(counts)
        rate = kill_rate(counts)
        if rate is not None and rate < GOAL:
            below_goal.append(str(meta.relative_to(folder))[: -len(".meta")])
        print(_line(str(meta.relative_to(folder))[: -len(".meta")], len(codes), counts))
    print(_line("total", sum(total.values()), total))
    unexplained = [survivor for survivor in survivors if survivor.key not in explained]
    for survivor in sorted(survivors, key=lambda s: s.name):
        why = explained.get(survivor.key)
        print(f"{'equivalent' if why else 'UNEXPLAINED'}: {survivor.name}: {survivor.change}" + (f"\n    {why}" if why else ""))
    print(f"{len(survivors)} survivors, {len(unexplained)} unexplained (tests/mutation_survivors.yaml); "
          f"modules below {GOAL:.0f}%: {', '.join(below_goal) or 'none'}")
    return 1 if unexplained or below_goal else 0


def kill_rate(counts: Counter) -> float | None:
    """Killed as a percentage of the mutants run (survivors and those no test reaches included)."""
    checked = counts["killed"] + counts["survived"] + counts["no tests"]
    return 100 * counts["killed"] / checked if checked else None


def _line(name: str, mutants: int, counts: Counter) -> str:
    rate = kill_rate(counts)
    shown = f"{rate:.1f}%" if rate is not None else "-"
    return "\t".join(map(str, [name, mutants, counts["killed"], counts["survived"], counts["no tests"], counts["not checked"], shown]))


def explain(name: str, why: str, folder: str = "mutants") -> int:
    """Add a survivor of the last run to tests/mutation_survivors.yaml with the reason no test can tell it apart."""
    module = name.rpartition(".")[0]
    meta = Path(folder, *module.split(".")).with_suffix(".py.meta")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    found = [survivor for survivor in survivors_of(meta, codes) if survivor.name == name]
    if not found:
        print(f"{name} did not survive the last run", file=sys.stderr)
        return 1
    lines = EXPLAINED.read_text(encoding="utf-8").splitlines(keepends=True)
    header = "".join(line for line in lines if line.startswith("#"))
    entries = yaml.safe_load("".join(line for line in lines if not line.startswith("#"))) or []
    entries.append({"function": found[0].function, "change": found[0].change, "why": why})
    EXPLAINED.write_text(header + yaml.safe_dump(entries, allow_unicode=True, width=1000, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["explain"]:
        sys.exit(explain(*sys.argv[2:]))
    sys.exit(main(*sys.argv[1:]))  # the folders of the groups run (make mutation), else mutants/
