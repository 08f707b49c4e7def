"""CPU time of parsing and enriching one notice, per stage, in-process; optionally under a profiler.

    .venv/bin/python bench/profile_parse.py                      # 1,000 synthetic notices (seed 1) + corpus/
    .venv/bin/python bench/profile_parse.py --profile cprofile   # and the functions that cost most
    .venv/bin/python bench/profile_parse.py --profile pyinstrument --limit 200
    .venv/bin/python bench/profile_parse.py corpus/ some/folder/ notice.txt

Each notice goes through what a cold index build does per file, without the parse cache: read_document
(decode), parse_notice (cleaning, numbering, notes, metadata), enrich (folding, topics, targets,
departments), with the corpus index's topic counter (`--topics index`, the default) or enrich's own
(`--topics enrich`). The configs are loaded once, before timing. Times are CPU seconds of this process
(time.process_time), the best of `--repeat` passes. A second pass with timers around the stages gives the
breakdown (inclusive: "notes" is inside "parse").
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from _common import BENCH_OUT, REAL_CORPUS, use_project_python

# (stage, module, attribute): the functions timed, where the pipeline looks them up.
STAGES = [
    ("clean", "hrcli.parse.notice", "clean_text"),
    ("metadata", "hrcli.parse.metadata", "fill"),
    ("notes", "hrcli.parse.notice", "parse_note"),
    ("fold", "hrcli.parse.normalize", "Normalizer.fold"),
    ("topics", "hrcli.analyse.topics", "TopicCounter.weights"),  # --topics enrich
    ("topics", "hrcli.index.build", "Features.weigh"),  # --topics index
    ("topics", "hrcli.analyse.topics", "assign"),
    ("targets", "hrcli.analyse.targets", "extract_targets"),
    ("departments", "hrcli.analyse.departments", "canonicalize"),
]
SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")


@dataclass
class Input:
    """One notice file, read into memory before timing."""

    path: Path
    data: bytes


def inputs(paths: list[Path], limit: int | None) -> list[Input]:
    """The notice files named (folders: their notice files, sorted), at most `limit`."""
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
    return [Input(path, path.read_bytes()) for path in files[:limit]]


def pipeline(topics: str) -> Callable[[Input], object]:
    """One notice's read, parse and enrich, with the configs loaded once (as a build's worker has them)."""
    from hrcli.analyse.enrich import enrich
    from hrcli.cache import Cache
    from hrcli.errors import InputError
    from hrcli.parse.notice import parse_notice
    from hrcli.read.documents import read_document
    from hrcli.settings import Settings

    settings = Settings(cache=Cache(None))
    settings.matching, settings.taxonomy, settings.departments  # noqa: B018 (load them now, untimed)
    features = None
    if topics == "index":
        from hrcli.index.build import Features

        features = Features(settings.matching, settings.taxonomy, settings)

    def run(item: Input):
        try:
            document = read_document(item.data, str(item.path))
            notice = parse_notice(document.text, region=item.path.stem, source=str(item.path))
        except InputError:
            return None
        enrich(notice, settings, features.weigh if features else None)
        if features:
            features.weights.clear()  # as index.build.prepare does after each notice
        return notice

    return run


def cpu_seconds(run: Callable[[Input], object], items: list[Input]) -> float:
    """CPU seconds of one pass over the notices."""
    started = time.process_time()
    for item in items:
        run(item)
    return time.process_time() - started


@contextmanager
def stage_timers(totals: dict[str, float], calls: dict[str, int]) -> Iterator[None]:
    """Wrap each function of STAGES with a CPU timer for as long as the block runs."""
    saved = []
    for stage, module_name, attribute in STAGES:
        *path, name = attribute.split(".")
        owner = importlib.import_module(module_name)
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None)
        if original is None:  # renamed since: not timed
            continue
        setattr(owner, name, _timed(original, stage, totals, calls))
        saved.append((owner, name, original))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _timed(function: Callable, stage: str, totals: dict[str, float], calls: dict[str, int]) -> Callable:
    """`function`, adding its CPU time to totals[stage] (a recursive call is counted once)."""
    active = [0]

    def timed(*args, **kwargs):
        if active[0]:
            return function(*args, **kwargs)
        active[0] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[stage] += time.process_time() - started
            calls[stage] += 1
            active[0] -= 1

    return timed


def breakdown(run: Callable[[Input], object], items: list[Input]) -> list[tuple[str, float, int]]:
    """(stage, CPU seconds, calls) of one pass with the stages timed; the whole pass first."""
    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    started = time.process_time()
    with stage_timers(totals, calls):
        for item in items:
            run(item)
    whole = time.process_time() - started
    stages = list(dict.fromkeys(stage for stage, *_ in STAGES))
    return [("read + parse + enrich", whole, len(items)), *((stage, totals[stage], calls[stage]) for stage in stages)]


def profile(run: Callable[[Input], object], items: list[Input], profiler: str, top: int, out: Path | None) -> None:
    """One pass under cProfile (top functions by own time, and by cumulative time) or pyinstrument."""
    if profiler == "cprofile":
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            for item in items:
                run(item)
        if out:
            prof.dump_stats(out)
        stats = pstats.Stats(prof, stream=sys.stdout).strip_dirs()
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
        return
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("profile_parse: pyinstrument is not installed: .venv/bin/python -m pip install pyinstrument")
    sampler = Profiler(interval=0.0005)
    sampler.start()
    for item in items:
        run(item)
    sampler.stop()
    if out:
        out.write_text(sampler.output_html(), encoding="utf-8")
    print(sampler.output_text(unicode=True, show_all=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notice files or folders (default: corpus/ and a synthetic corpus)")
    parser.add_argument("--count", type=int, default=1000, help="synthetic notices when no paths are given (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="their seed (default 1)")
    parser.add_argument("--limit", type=int, help="read at most this many notices")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported (default 3)")
    parser.add_argument("--topics", choices=("index", "enrich"), default="index", help="whose topic counter enrich uses")
    parser.add_argument("--profile", choices=("cprofile", "pyinstrument"), help="also run one pass under a profiler")
    parser.add_argument("--top", type=int, default=30, help="functions cProfile lists (default 30)")
    parser.add_argument("--profile-out", type=Path, help="write the profile here (cProfile: pstats; pyinstrument: HTML)")
    args = parser.parse_args(argv)
    if not args.paths:
        import generate

        folder = generate.ensure_corpus(args.count, args.seed, BENCH_OUT / f"corpus-{args.count}-seed{args.seed}")
        args.paths = [REAL_CORPUS, *sorted(folder.glob("syn*.txt"))]
    items = inputs(args.paths, args.limit)
    run = pipeline(args.topics)
    run(items[0])  # imports and first-use caches, untimed
    best = min(cpu_seconds(run, items) for _ in range(args.repeat))
    megabytes = sum(len(item.data) for item in items) / 1e6
    print(f"{len(items)} notices, {megabytes:.1f} MB; CPU, best of {args.repeat}: {best:.2f} s, "
          f"{1000 * best / len(items):.2f} ms per notice, {megabytes / best:.2f} MB/s")
    rows = breakdown(run, items)
    whole = rows[0][1]
    print(f"\n{'stage (inclusive)':<24}{'ms/notice':>10}{'share':>8}{'calls':>9}")
    for stage, seconds, calls in rows:
        print(f"{stage:<24}{1000 * seconds / len(items):>10.3f}{seconds / whole:>8.1%}{calls:>9}")
    if args.profile:
        print()
        profile(run, items, args.profile, args.top, args.profile_out)
    return 0


if __name__ == "__main__":
    use_project_python()
    sys.exit(main())
