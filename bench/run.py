"""Benchmarks of hrcli: start-up, parsing, one-vs-all comparison and search, as a Markdown table.

    make bench                   # full run: start-up, parsing, and 1,000 / 3,000 / 10,000 / 30,000 synthetic notices
    make bench SCALE=1000,10000  # the corpus-index rows only, at these sizes
    python bench/run.py --quick  # fast check: median of 3, 1,000 notices only

Prints the table and writes it to bench/out/results.md (see bench/README.md for what each row means).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import generate
from _common import (
    BENCH_OUT,
    HRCLI,
    PROJECT_ROOT,
    REAL_CORPUS,
    VENV_PYTHON,
    use_project_python,
)

# The goals of issue 6.
COMPARE_FLOOR_RATIO = 1.5  # warm `hrcli compare` within 1.5x of `python -c "import typer"`
AGAINST_1000_SECONDS = 2.0  # one notice against 1,000, warm cache
SEARCH_10000_SECONDS = 5.0  # a search over 10,000 notices, warm cache
# The goals of issue 14 (seconds, MiB): (command, size, cache) -> limits.
GOALS = {
    ("compare linfen --against all", 1000, "warm"): (1.0, 100),
    ("compare linfen --against all", 10000, "warm"): (1.0, 300),
    ("compare linfen --against all", 1000, "cold"): (None, 200),
    ("compare linfen --against all", 10000, "cold"): (30.0, 1024),
    ("search after one notice changed", 10000, "update"): (1.0, None),
}
# Cold runs of this many notices or more are run once (each parses the whole corpus) ...
COLD_ONCE_FROM = 3000
# ... or this many times where a goal is set on their time: one run on a machine whose speed varies by a quarter from
# run to run (measured, CPU time too) decides nothing.
COLD_GOAL_REPEATS = 3
# The corpus sizes of a full run (the curve of time and memory against corpus size).
SIZES = [1000, 3000, 10000, 30000]
SEARCH_QUERY = "DRG付费"
COMMAND_TIMEOUT = 3600  # seconds; a cold run over 30,000 notices parses all of them
NOT_BUILT = "n/a (not built)"
HRCLI_VARIABLES = ("HRCLI_CACHE_DIR", "HRCLI_NO_CACHE", "HRCLI_CORPUS", "HRCLI_CONFIG_DIR")


@dataclass
class Plan:
    """How much to measure."""

    repeats: int  # runs of each process timing (the median is reported)
    inprocess_repeats: int  # passes of each in-process throughput loop
    sizes: list[int]  # synthetic corpus sizes for the one-vs-all and search runs
    seed: int


@dataclass
class Runs:
    """Wall-clock seconds, CPU seconds (user + system) and peak resident memory (KiB) of repeated runs of one thing."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.peak_kib) / 1024 if self.peak_kib else None


@dataclass
class Row:
    """One line of the results table."""

    measurement: str
    value: str
    runs: str = ""
    peak_mib: float | None = None
    cpu: float | None = None  # median CPU seconds (user + system) of a process, its waited-for children included
    goal: str = ""
    verdict: str = ""
    case: tuple = ()  # (command, corpus size, cache) of the scale runs, for the memory note


class CommandFailed(RuntimeError):
    """A measured command exited with an error."""


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Run a command with standard output to a pipe; its wall-clock seconds, peak RSS (KiB) and CPU seconds.

    os.wait4 gives this one child's resource usage (its own waited-for children, the build's pool workers,
    included); RUSAGE_CHILDREN would give the maximum over every child so far, which hides a smaller run
    after a bigger one.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=env, cwd=PROJECT_ROOT)
        timer = threading.Timer(COMMAND_TIMEOUT, process.kill)
        timer.start()
        while process.stdout.read(1 << 16):
            pass
        _pid, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise CommandFailed(f"{' '.join(argv)} exited {process.returncode}: {' / '.join(tail)}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def child_env(cache_dir: Path | None) -> dict[str, str]:
    """The environment without the user's hrcli settings, with the given cache folder."""
    env = {key: value for key, value in os.environ.items() if key not in HRCLI_VARIABLES}
    if cache_dir is not None:
        env["HRCLI_CACHE_DIR"] = str(cache_dir)
    return env


@contextmanager
def scratch_dir(parent: Path) -> Iterator[Path]:
    """A fresh folder (an empty cache) removed afterwards."""
    path = Path(tempfile.mkdtemp(dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def time_command(argv: list[str], repeats: int, scratch: Path, cache: str = "warm") -> Runs:
    """Run `argv` `repeats` times: "cold" with an empty cache each time, "warm" after one untimed run."""
    runs = Runs()
    if cache == "cold":
        for _ in range(repeats):
            with scratch_dir(scratch) as cache_dir:
                _record(runs, run_once(argv, child_env(cache_dir)))
        return runs
    with scratch_dir(scratch) as cache_dir:
        env = child_env(cache_dir)
        run_once(argv, env)
        for _ in range(repeats):
            _record(runs, run_once(argv, env))
    return runs


def _record(runs: Runs, result: tuple[float, int, float]) -> None:
    runs.seconds.append(result[0])
    runs.peak_kib.append(result[1])
    runs.cpu.append(result[2])


def command_available(probe: list[str], needle: str = "") -> bool:
    """True when `hrcli <probe>` succeeds (and its output mentions `needle`)."""
    result = subprocess.run([str(HRCLI), *probe], check=False, capture_output=True, text=True, env=child_env(None))
    return result.returncode == 0 and needle in result.stdout


def process_row(name: str, runs: Runs, goal: str = "", verdict: str = "", note: str = "") -> Row:
    """A row for a timed command: median seconds, number of runs, peak memory."""
    value = f"{runs.median:.3f} s" + (f" ({note})" if note else "")
    return Row(name, value, str(len(runs.seconds)), runs.peak_mib, cpu=runs.cpu_median, goal=goal, verdict=verdict)


def passes(ok: bool) -> str:
    return "pass" if ok else "miss"


def startup_rows(plan: Plan, scratch: Path) -> list[Row]:
    """`import typer` floor, --help, compare cold and warm (with their ratio to the floor), list warm."""
    floor = time_command([str(VENV_PYTHON), "-c", "import typer"], plan.repeats, scratch)
    help_runs = time_command([str(HRCLI), "--help"], plan.repeats, scratch)
    compare = [str(HRCLI), "compare", "linfen", "qinghai"]
    cold = time_command(compare, plan.repeats, scratch, cache="cold")
    warm = time_command(compare, plan.repeats, scratch, cache="warm")
    listing = time_command([str(HRCLI), "list"], plan.repeats, scratch)
    warm_ratio, cold_ratio = warm.median / floor.median, cold.median / floor.median
    return [
        process_row('floor: python -c "import typer"', floor),
        process_row("hrcli --help", help_runs),
        process_row("hrcli compare linfen qinghai, cold cache (TSV)", cold, note=f"{cold_ratio:.2f}x floor"),
        process_row(
            "hrcli compare linfen qinghai, warm cache (TSV)", warm, f"<= {COMPARE_FLOOR_RATIO}x floor",
            passes(warm_ratio <= COMPARE_FLOOR_RATIO), note=f"{warm_ratio:.2f}x floor",
        ),
        process_row("hrcli list, warm cache", listing),
    ]


def throughput_rows(plan: Plan, corpus: Path, scratch: Path) -> list[Row]:
    """Parse throughput in MB/s over the generated notices: parsing afresh, and loading from the cache."""
    paths = sorted(corpus.glob("syn*.txt"))
    megabytes = sum(path.stat().st_size for path in paths) / 1e6
    what = f"{len(paths):,} notices, {megabytes:.1f} MB"
    parse = time_inprocess(lambda: parse_all(paths), plan.inprocess_repeats)
    with scratch_dir(scratch) as cache_dir, cache_at(cache_dir):
        load_all(corpus, paths)  # fills the cache
        entries = count_files(cache_dir)
        load = time_inprocess(lambda: load_all(corpus, paths), plan.inprocess_repeats)
        misses = count_files(cache_dir) - entries
    # hrcli's cache keys include its source files' times: an edit during the run turns "warm" into cold.
    warning = f" ({misses} cache misses: hrcli changed during the run?)" if misses else ""
    return [
        Row(f"parse_notice, in-process ({what})", f"{megabytes / parse.median:.2f} MB/s", str(len(parse.seconds))),
        Row(
            f"Corpus.load from a warm cache, in-process ({what})",
            f"{megabytes / load.median:.2f} MB/s{warning}", str(len(load.seconds)),
        ),
    ]


def count_files(folder: Path) -> int:
    """Files under `folder` (cache entries)."""
    return sum(len(files) for _root, _dirs, files in os.walk(folder))


def time_inprocess(work, repeats: int) -> Runs:
    """Seconds of `repeats` calls of `work` in this process."""
    runs = Runs()
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        runs.seconds.append(time.perf_counter() - started)
    return runs


def parse_all(paths: list[Path]) -> None:
    """Decode and parse every file (no cache)."""
    from hrcli.parse.notice import parse_notice

    for path in paths:
        parse_notice(path.read_bytes().decode("utf-8"), region=path.stem, source=str(path))


def load_all(corpus: Path, paths: list[Path]) -> None:
    """Load every notice through hrcli's corpus and cache."""
    from hrcli.corpus import Corpus
    from hrcli.settings import Settings

    notices = Corpus(Settings.from_environment(corpus=corpus))
    for path in paths:
        notices.load(path.stem)


@contextmanager
def cache_at(cache_dir: Path) -> Iterator[None]:
    """Point hrcli's cache (read from the environment on each use) at `cache_dir` for a while."""
    saved = {key: os.environ.pop(key) for key in HRCLI_VARIABLES if key in os.environ}
    os.environ["HRCLI_CACHE_DIR"] = str(cache_dir)
    try:
        yield
    finally:
        del os.environ["HRCLI_CACHE_DIR"]
        os.environ.update(saved)


@dataclass
class ScaleCase:
    """A command run over a whole synthetic corpus, and the size whose warm run has a time goal."""

    name: str
    arguments: list[str]
    built: bool
    goal_size: int
    goal_seconds: float

    def goal(self, size: int, cache: str) -> str:
        goals = []
        if size == self.goal_size and cache == "warm":
            goals.append(f"< {self.goal_seconds:g} s")
        seconds, mebibytes = GOALS.get((self.name, size, cache), (None, None))
        if seconds is not None and not goals:
            goals.append(f"<= {seconds:g} s")
        if mebibytes is not None:
            goals.append(f"<= {mebibytes:,} MiB")
        return ", ".join(goals)

    def verdict(self, size: int, cache: str, runs: Runs) -> str:
        """pass or miss on wall time and memory; a miss on wall time only that CPU time meets says so."""
        seconds, mebibytes = GOALS.get((self.name, size, cache), (None, None))
        if size == self.goal_size and cache == "warm":
            seconds = min(self.goal_seconds, seconds or self.goal_seconds)
        memory = mebibytes is None or (runs.peak_mib or 0) <= mebibytes
        if seconds is None or runs.median <= seconds:
            return passes(memory)
        cpu = runs.cpu_median
        return "miss (CPU time meets it: a busy machine?)" if memory and cpu is not None and cpu <= seconds else "miss"


def cold_repeats(plan: Plan, name: str, size: int) -> int:
    """How many cold runs of a scale case: all of the plan's below COLD_ONCE_FROM notices, else one, or
    COLD_GOAL_REPEATS where its time has a goal."""
    if size < COLD_ONCE_FROM:
        return plan.repeats
    timed = GOALS.get((name, size, "cold"), (None, None))[0] is not None
    return min(plan.repeats, COLD_GOAL_REPEATS) if timed else 1


def scale_rows(plan: Plan, corpora: dict[int, Path], scratch: Path) -> list[Row]:
    """One-vs-all compare and search over each corpus size, cold and warm; their peak memory."""
    cases = [
        ScaleCase(
            "compare linfen --against all", ["compare", "linfen", "--against", "all"],
            command_available(["compare", "--help"], "--against"), 1000, AGAINST_1000_SECONDS,
        ),
        ScaleCase(
            f'search "{SEARCH_QUERY}"', ["search", SEARCH_QUERY],
            command_available(["search", "--help"]), 10000, SEARCH_10000_SECONDS,
        ),
    ]
    rows = []
    for size, corpus in corpora.items():
        with scratch_dir(scratch) as cache_dir:  # one index per size: built cold once, then used warm and updated
            for case in cases:
                for cache in ("cold", "warm"):
                    if cache == "cold" and case is not cases[0]:
                        continue  # every command builds the same index: one cold row per size
                    argv = [str(HRCLI), "--corpus", str(corpus), *case.arguments]
                    name = f"{case.name}, {size:,} notices, {cache} cache" + (" (builds the index)" if cache == "cold" else "")
                    repeats = cold_repeats(plan, case.name, size) if cache == "cold" else plan.repeats
                    row = measured_row(name, case, argv, repeats, scratch, cache, size, cache_dir)
                    row.case = (case.name, size, cache)
                    rows.append(row)
            rows += update_rows(plan, size, corpus, cache_dir)
    return rows


LONG_TASKS = 10000


def long_compare_rows(plan: Plan, corpus: Path, scratch: Path) -> list[Row]:
    """`compare` of two notices of LONG_TASKS tasks each (made from the generated ones): the blocked links."""
    folder = BENCH_OUT / f"long-{LONG_TASKS}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, first in (("a", 0), ("b", 3000)):
        path = folder / f"long-{name}.txt"
        path.write_text(generate.long_notice(corpus, LONG_TASKS, first), encoding="utf-8")
        paths.append(str(path))
    argv = [str(HRCLI), "--quiet", "compare", *paths]
    name = f"compare of two notices of {LONG_TASKS:,} tasks each, cold cache"
    try:
        runs = time_command(argv, 1, scratch, "cold")
    except CommandFailed as error:
        return [Row(name, f"failed: {error}")]
    return [process_row(name, runs)]


def measured_row(name: str, case: ScaleCase, argv: list[str], repeats: int, scratch: Path, cache: str, size: int,
                 cache_dir: Path) -> Row:
    """Time a command that may not exist yet, against its goals (time, and memory where issue 14 sets one).

    The last cold run, and the warm runs, use `cache_dir` (so the index is built once per corpus size).
    """
    goal = case.goal(size, cache)
    if not case.built:
        return Row(name, NOT_BUILT, goal=goal)
    try:
        runs = Runs()
        if cache == "cold":
            for _ in range(repeats - 1):
                fresh = time_command(argv, 1, scratch, "cold")
                runs.seconds += fresh.seconds
                runs.peak_kib += fresh.peak_kib
                runs.cpu += fresh.cpu
            _record(runs, run_once(argv, child_env(cache_dir)))
        else:
            env = child_env(cache_dir)
            run_once(argv, env)
            for _ in range(repeats):
                _record(runs, run_once(argv, env))
    except CommandFailed as error:
        return Row(name, f"failed: {error}", goal=goal)
    return process_row(name, runs, goal, case.verdict(size, cache, runs) if goal else "")


UPDATES = ("changed", "touched", "added")


def update_rows(plan: Plan, size: int, corpus: Path, cache_dir: Path) -> list[Row]:
    """`search` right after one notice of the indexed corpus changed, was touched, or was added: the update's cost."""
    argv = [str(HRCLI), "--corpus", str(corpus), "search", SEARCH_QUERY]
    notice = corpus / "syn00007.txt"
    original = notice.read_bytes()
    added = corpus / "syn-added.txt"
    results = {kind: Runs() for kind in UPDATES}
    env = child_env(cache_dir)  # the index of this size is there already
    run_once(argv, env)
    try:
        for attempt in range(plan.repeats):
            text = original.decode("utf-8")
            notice.write_bytes(text.replace("。", f"。第{attempt}次修改。", 1).encode("utf-8"))
            _record(results["changed"], run_once(argv, env))
            notice.write_bytes(original)
            run_once(argv, env)
            os.utime(notice)
            _record(results["touched"], run_once(argv, env))
            added.write_bytes(text.replace("。", f"。新增第{attempt}份。", 1).encode("utf-8"))
            _record(results["added"], run_once(argv, env))
            added.unlink()
            run_once(argv, env)
    except CommandFailed as error:
        return [Row(f"search after one notice {UPDATES[0]}, {size:,} notices", f"failed: {error}")]
    finally:
        notice.write_bytes(original)
        added.unlink(missing_ok=True)
    rows = []
    for kind, runs in results.items():
        seconds, _ = GOALS.get((f"search after one notice {kind}", size, "update"), (None, None))
        goal = f"< {seconds:g} s" if seconds else ""
        row = process_row(f"search after one notice {kind}, {size:,} notices", runs, goal,
                          passes(runs.median < seconds) if seconds else "")
        row.case = (f"search after one notice {kind}", size, "update")
        rows.append(row)
    return rows


def machine() -> list[str]:
    """CPU model, cores, RAM, Python, OS, the code measured, and the load average (others' work on the machine)."""
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    memory = _proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024**2:.1f} GiB RAM" if memory else "RAM unknown"
    cores = f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable)"
    python = f"Python {platform.python_version()} ({os.path.normpath(sys.executable)})"
    load = "load average (1, 5, 15 min) at the end: " + ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [f"{cpu}, {cores}, {ram}", f"{python}, {platform.platform()}", f"hrcli at {_git_revision()}", load]


def _proc_field(path: str, name: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() == name:
                    return value.strip()
    except OSError:
        pass
    return None


def _git_revision() -> str:
    """Commit and whether the working tree has changes; "unknown" outside git."""
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], check=False, capture_output=True, text=True, cwd=PROJECT_ROOT)
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" + uncommitted changes" if git("status", "--porcelain", "--", "hrcli", "configs") else "")


def markdown(rows: list[Row], plan: Plan, notes: list[str]) -> str:
    """The report: machine, options, the table, notes."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# hrcli benchmarks", "", f"Run {when}.", ""]
    lines += [f"- {line}" for line in machine()]
    repeats = f"median of {plan.repeats} runs per command, of {plan.inprocess_repeats} per in-process loop"
    lines += [f"- {repeats}; corpora of seed {plan.seed}", ""]
    header = ("Measurement", "Median", "CPU", "Runs", "Peak RSS", "Goal", "Result")
    lines += ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for row in rows:
        memory = f"{row.peak_mib:.0f} MiB" if row.peak_mib is not None else ""
        cpu = f"{row.cpu:.2f} s" if row.cpu is not None else ""
        cells = (row.measurement, row.value, cpu, row.runs, memory, row.goal, row.verdict)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def memory_notes(rows: list[Row]) -> list[str]:
    """How the peak memory of each warm scale run grows from the smallest corpus to the largest."""
    notes = []
    for command in dict.fromkeys(row.case[0] for row in rows if row.case):
        warm = [row for row in rows if row.case and row.case[0] == command and row.case[2] == "warm"]
        peaks = {row.case[1]: row.peak_mib for row in warm if row.peak_mib is not None}
        if len(peaks) >= 2:
            small, large = min(peaks), max(peaks)
            growth = peaks[large] / peaks[small]
            notes.append(f"{command}: peak memory x{growth:.1f} from {small:,} to {large:,} notices (x{large // small} notices)")
    return notes


def curve(rows: list[Row]) -> list[str]:
    """Wall time, CPU time and peak memory of each scale measurement against corpus size, one line per measurement."""
    lines = []
    for command, cache in dict.fromkeys((row.case[0], row.case[2]) for row in rows if row.case):
        points = [row for row in rows if row.case and row.case[0] == command and row.case[2] == cache and row.runs]
        if len(points) >= 2:
            cells = "; ".join(f"{row.case[1]:,}: {row.value.split(' (')[0]} ({row.cpu:.2f} s CPU), {row.peak_mib:.0f} MiB"
                              for row in points)
            lines.append(f"curve of {command} ({cache}): {cells}")
    return lines


def bench_corpus(size: int, seed: int) -> Path:
    """The generated corpus of `size` notices (made once, then reused) with the real notices copied in."""
    folder = generate.ensure_corpus(size, seed, BENCH_OUT / f"corpus-{size}-seed{seed}")
    for real in REAL_CORPUS.glob("*.txt"):  # `compare linfen` needs linfen in the folder
        shutil.copyfile(real, folder / real.name)
    return folder


def compile_hrcli() -> None:
    """Bytecode for hrcli, as an installed package has: without it every timed run compiles the source."""
    import compileall

    compileall.compile_dir(str(PROJECT_ROOT / "hrcli"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Command line: --quick, --repeats, --seed, --sizes, --scale-only."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs each and no 10,000-notice corpus")
    parser.add_argument("--repeats", type=int, help="runs per command (default 5, or 3 with --quick)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora (default 1)")
    parser.add_argument("--sizes", help="corpus sizes, comma-separated (default 1000,3000,10000,30000; 1000 with --quick)")
    parser.add_argument("--skip-startup", action="store_true", help="no start-up or parse rows")
    parser.add_argument("--scale-only", action="store_true",
                        help="only the corpus index rows and their curve (no start-up, parse or long-compare rows)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 5)
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [1000] if args.quick else SIZES
    plan = Plan(repeats, 1 if args.quick else 3, sizes, args.seed)
    BENCH_OUT.mkdir(parents=True, exist_ok=True)
    compile_hrcli()
    corpora = {size: bench_corpus(size, plan.seed) for size in plan.sizes}
    with tempfile.TemporaryDirectory(prefix="hrcli-bench-") as scratch:
        startup = not (args.skip_startup or args.scale_only)
        rows = startup_rows(plan, Path(scratch)) if startup else []
        if startup and 1000 in corpora:
            rows += throughput_rows(plan, corpora[1000], Path(scratch))
        rows += scale_rows(plan, corpora, Path(scratch))
        if 10000 in corpora and not args.scale_only:
            rows += long_compare_rows(plan, corpora[10000], Path(scratch))
    report = markdown(rows, plan, memory_notes(rows) + curve(rows))
    (BENCH_OUT / "results.md").write_text(report, encoding="utf-8")
    print(report, end="")
    return 0


if __name__ == "__main__":
    use_project_python()
    sys.exit(main())
