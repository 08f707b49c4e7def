"""Write the golden files (tests/golden/*.tsv) from hrcli's current output: `make golden`.

Only a person runs this, then reads `git diff tests/golden` before committing: a golden file holds
output a careful reader has checked (the compare file is checked against the gold by
tests/test_golden.py). The test run never writes one; a missing golden file fails its test.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
REGIONS = ["linfen", "shanxi", "qinghai", "sixian", "nanchang"]
# Golden file -> the hrcli command whose standard output (TSV, as in a pipe) it freezes.
CASES: dict[str, list[str]] = {
    "list.tsv": ["list"],
    **{f"show_{slug}.tsv": ["show", slug] for slug in REGIONS},
    "compare_linfen_qinghai.tsv": ["compare", "linfen", "qinghai"],
}


def main() -> int:
    """Run every case in-process, as the tests do, and write what it prints."""
    from tests.conftest import run_cli

    for variable in ("HRCLI_CORPUS", "HRCLI_CONFIG_DIR", "HRCLI_NO_CACHE", "NO_COLOR"):
        os.environ.pop(variable, None)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["HRCLI_CACHE_DIR"] = cache  # a fresh parse, not a cache another version wrote
        for name, args in CASES.items():
            result = run_cli(args)
            if result.exit_code != 0:
                print(f"make_golden: hrcli {' '.join(args)} failed: {result.stderr}", file=sys.stderr)
                return 1
            (GOLDEN / name).write_text(result.stdout, encoding="utf-8")
            print(f"wrote {GOLDEN / name}")
    print("now read `git diff tests/golden` before committing it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
