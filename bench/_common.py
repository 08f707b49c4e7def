"""What the benchmark scripts share: project paths and running under the project's virtual environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_OUT = PROJECT_ROOT / "bench" / "out"
REAL_CORPUS = PROJECT_ROOT / "corpus"
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
VENV_PYTHON = VENV_BIN / "python"
HRCLI = VENV_BIN / "hrcli"


def use_project_python() -> None:
    """Re-run the calling script under the venv's python when started by another one.

    The scripts import hrcli, which is installed (editable) only in the project's venv;
    `python bench/run.py` from a plain shell should still measure that install.
    """
    if not VENV_PYTHON.exists() or Path(sys.prefix).resolve() == VENV_PYTHON.parent.parent.resolve():
        return
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
