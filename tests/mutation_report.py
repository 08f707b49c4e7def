"""Kill rate per module from the last `make mutation` (mutmut's mutants/**/*.meta), and the surviving mutants.

A mutant counts as killed when a test failed on it or it ran past its time limit (an endless loop is caught);
it survived when every test passed; "no tests" means no selected test reaches the function.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}


def outcome(code: int | None) -> str:
    """mutmut's exit code of one mutant as killed / survived / no tests / not checked."""
    if code in KILLED:
        return "killed"
    return {0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}.get(code, "suspicious")


def main(folder: str = "mutants") -> int:
    """Print one line per module, the total, then each survivor's name."""
    survivors: list[str] = []
    total: Counter = Counter()
    print("module\tmutants\tkilled\tsurvived\tno tests\tnot checked\tkill rate")
    for meta in sorted(Path(folder).glob("hrcli/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(outcome(code) for code in codes.values())
        if not codes:
            continue
        survivors += [name for name, code in codes.items() if outcome(code) in ("survived", "no tests")]
        total.update(counts)
        print(_line(str(meta.relative_to(folder))[: -len(".meta")], len(codes), counts))
    print(_line("total", sum(total.values()), total))
    for name in sorted(survivors):
        print(f"survived: {name}")
    return 0


def _line(name: str, mutants: int, counts: Counter) -> str:
    checked = counts["killed"] + counts["survived"] + counts["no tests"]
    rate = f"{100 * counts['killed'] / checked:.1f}%" if checked else "-"
    return "\t".join(map(str, [name, mutants, counts["killed"], counts["survived"], counts["no tests"], counts["not checked"], rate]))


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
