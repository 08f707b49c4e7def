"""The groups `make mutation` runs one at a time: the mutants of some modules, and the tests that may kill them.

A mutant no test kills runs every test that reached its function, and every test of a notice reaches the parser:
with the renderer's and aligner's tests selected too, one surviving parser mutant cost over a minute. Each group
selects the tests of its modules' own behaviour, plus the golden files and the CLI tests, which see everything.
"""

from __future__ import annotations

import sys

# group -> (mutmut name patterns, test files)
GROUPS = {
    "parse": (["hrcli.parse.notice.*", "hrcli.parse.notes.*"],
              ["test_parse.py", "test_notes.py", "test_forms.py", "test_golden.py", "test_cli.py"]),
    "render": (["hrcli.output.render.*"],
               ["test_render.py", "test_exports.py", "test_reading.py", "test_diff.py", "test_golden.py", "test_cli.py"]),
    "align": (["hrcli.align.matcher.*", "hrcli.align.link.*"],
              ["test_align.py", "test_align_blocks.py", "test_split_topic.py", "test_golden.py", "test_cli.py"]),
}


def tests_of(group: str) -> list[str]:
    """The test files (names in tests/) of a group."""
    return GROUPS[group][1]


if __name__ == "__main__":
    print(" ".join(GROUPS[sys.argv[1]][0]))
