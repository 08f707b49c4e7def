"""The one place where errors become a message and an exit code (httpie's core.main does the same)."""

from __future__ import annotations

import os
import sys
from typing import Any

from hrcli.errors import ClosedPipe, ExitStatus, HrcliError
from hrcli.output.render import one_line


def run(app: Any, argv: list[str], launch: Any) -> int:
    """Run the Typer app on argv; return the exit status (launch.settings tells whether --debug was given)."""
    from typer.exceptions import Abort, Exit, TyperException

    debug = "--debug" in argv
    try:
        result = app(args=argv, prog_name="hrcli", standalone_mode=False)
        _flush_stdout()
        if result == ExitStatus.INTERRUPTED:  # typer turns Ctrl-C into a silent Exit(130)
            return _fail("interrupted", ExitStatus.INTERRUPTED)
        return int(result) if isinstance(result, int) else ExitStatus.OK
    except (BrokenPipeError, ClosedPipe):
        return _closed_pipe()
    except HrcliError as error:
        if debug or (launch.settings is not None and launch.settings.debug):
            raise
        return _fail(str(error), error.exit_status)
    except Exit as error:
        return int(getattr(error, "exit_code", 0) or 0)
    except (Abort, KeyboardInterrupt):
        return _fail("interrupted", ExitStatus.INTERRUPTED)
    except TyperException as error:  # the command line itself is wrong (click's UsageError family)
        context = getattr(error, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        message = message.replace("Value error, ", "")  # pydantic's prefix on a bad choice
        return _fail(message + hint, ExitStatus.USAGE)
    except Exception as error:  # a bug: one line, or the traceback with --debug
        if debug or (launch.settings is not None and launch.settings.debug):
            raise
        return _fail(f"unexpected {type(error).__name__}: {error} (run again with --debug and report it)", ExitStatus.ERROR)


def _fail(message: str, status: int) -> int:
    try:
        sys.stderr.write(f"hrcli: error: {one_line(message)}\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass
    return int(status)


def _flush_stdout() -> None:
    sys.stdout.flush()


def _closed_pipe() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return ExitStatus.CLOSED_PIPE
