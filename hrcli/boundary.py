"""The one place where errors become a message and an exit code (httpie's core.main does the same)."""

from __future__ import annotations

import sys
from typing import Any

from hrcli.errors import ClosedPipe, ExitStatus, HrcliError
from hrcli.output.render import one_line, point_at_devnull, stdout_error


def run(app: Any, argv: list[str], launch: Any) -> int:
    """Run the Typer app on argv; return the exit status (launch.settings tells whether --debug was given)."""
    status = _run(app, argv, launch)
    return _finish_stdout(status)


def _run(app: Any, argv: list[str], launch: Any) -> int:
    """The app's exit status; every error turned into its line on standard error."""
    from typer.exceptions import Abort, Exit, TyperException

    debug = "--debug" in argv
    try:
        result = app(args=argv, prog_name="hrcli", standalone_mode=False)
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
    except OSError as error:
        if error.filename is None or debug or (launch.settings is not None and launch.settings.debug):
            raise
        # A path given on the command line that the system refuses before hrcli can look at it (a name too
        # long for the file system, a loop of links): the path is the user's to fix, not a bug.
        return _fail(f"cannot use {error.filename}: {error.strerror} (check the path)", ExitStatus.USAGE)
    except Exception as error:  # a bug: one line, or the traceback with --debug
        if debug or (launch.settings is not None and launch.settings.debug):
            raise
        return _fail(f"unexpected {type(error).__name__}: {error} (run again with --debug and report it)", ExitStatus.ERROR)


def _fail(message: str, status: int) -> int:
    if sys.stderr is None:  # started with standard error closed (`2>&-`): nowhere to say it
        return int(status)
    try:
        sys.stderr.write(f"hrcli: error: {one_line(message)}\n")
        sys.stderr.flush()
    except OSError:
        point_at_devnull(sys.stderr)
    return int(status)


def _finish_stdout(status: int) -> int:
    """Flush standard output now, not at exit, where a failure would print "Exception ignored" and exit 120.

    A write that fails here (a full disk) is an output error; after any failure standard output points at
    /dev/null, as the Python docs advise for SIGPIPE, so the flush at exit has nowhere to fail.
    """
    if sys.stdout is None:  # started with standard output closed: nothing was written
        return status
    try:
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        closed = _closed_pipe()
        return closed if status == ExitStatus.OK else status
    except OSError as error:
        _detach_stdout()
        if status == ExitStatus.OK:
            return _fail(str(stdout_error(error)), ExitStatus.OUTPUT)
        return status


def _closed_pipe() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining at exit."""
    _detach_stdout()
    return ExitStatus.CLOSED_PIPE


def _detach_stdout() -> None:
    """Nothing more can be written to standard output: point it at /dev/null."""
    point_at_devnull(sys.stdout)
