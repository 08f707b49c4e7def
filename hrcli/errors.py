"""Error types of the library, each with the exit code the CLI turns it into."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of hrcli (documented in the README)."""

    OK = 0
    ERROR = 1  # an unexpected failure (a bug: run again with --debug and report it)
    USAGE = 2  # bad command line: unknown option, region or format
    INPUT = 3  # a notice that cannot be read or parsed
    CONFIG = 4  # a configs/*.yaml file that is malformed or inconsistent
    OUTPUT = 5  # the output cannot be written
    INTERRUPTED = 130  # Ctrl-C
    CLOSED_PIPE = 141  # the reader of standard output went away (`| head`): 128 + SIGPIPE, like `yes | head`


class HrcliError(Exception):
    """Base of every error hrcli reports as one line."""

    exit_status = ExitStatus.ERROR

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(HrcliError):
    """The command line names something that does not exist or does not fit."""

    exit_status = ExitStatus.USAGE


class UnknownRegionError(UsageError):
    """A region slug that is neither in the corpus nor a file."""


class InputError(HrcliError):
    """A notice file that cannot be read: missing, empty, binary, undecodable."""

    exit_status = ExitStatus.INPUT


class ParseError(InputError):
    """A text that is readable but holds no numbered tasks."""


class ConfigError(HrcliError):
    """A configuration file that is malformed or inconsistent."""

    exit_status = ExitStatus.CONFIG


class OutputError(HrcliError):
    """An output file that cannot be written."""

    exit_status = ExitStatus.OUTPUT


class ClosedPipe(Exception):
    """The reader of standard output went away (`hrcli … | head`).

    Not an OSError on purpose: typer turns an EPIPE OSError into a bare exit 1, and this must
    reach the boundary, which ends quietly with 141 like `yes | head`.
    """
