"""The command line: arguments -> library calls -> one renderer. Nothing else lives here."""

# No `from __future__ import annotations`: Typer reads every command's annotations on every run, and strings
# would be evaluated again each time (twice as slow to build the command line, measured).
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from hrcli import __version__
from hrcli.errors import ClosedPipe, UsageError
from hrcli.output.render import Format, View, choose_format, one_line, point_at_devnull, render
from hrcli.settings import Settings
from hrcli.terminal import Terminal

app = typer.Typer(
    name="hrcli",
    help="Compare China's healthcare-reform key-task notices (深化医药卫生体制改革重点工作任务) across regions.",
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Launch:
    """What main() is run with (the environment, a terminal to pretend), and the Settings the callback makes of it."""

    environ: Optional[Mapping[str, str]] = None
    terminal: Optional[Terminal] = None
    settings: Optional[Settings] = None
    command: Optional[str] = None  # the command being run (names a workbook's sheet)
    corpus: Optional[object] = None  # the corpus the command opened: -o may not replace a file it reads


# The launch of the run in progress (set by main(), one per call, so runs in one process never mix).
_LAUNCH: ContextVar[Launch] = ContextVar("launch")


def settings() -> Settings:
    """The settings of this run, made once by the callback from the global options."""
    return _LAUNCH.get().settings

def _complete_region(incomplete: str) -> List[str]:
    """The corpus's region slugs that start with what was typed (shell completion; none: the shell completes files)."""
    from hrcli.corpus import Corpus
    from hrcli.errors import HrcliError

    try:
        return [slug for slug in Corpus(Settings.from_environment()).slugs() if slug.startswith(incomplete)]
    except HrcliError:
        return []


# The output options, declared once and shared by every command that prints rows.
FormatOption = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", case_sensitive=False, help="Output format. Default: table on a terminal, tsv in a pipe, or the -o file's extension."),
]
OutputOption = Annotated[
    Optional[str],
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output; - is standard output."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hrcli {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    context: typer.Context,
    corpus: Annotated[Optional[str], typer.Option("--corpus", help="Folder of notices [env: HRCLI_CORPUS; default: ./corpus if there is one, else the demo notices].")] = None,
    config_dir: Annotated[Optional[str], typer.Option("--config-dir", help="Folder of the configs *.yaml [env: HRCLI_CONFIG_DIR; default: a configs/ beside the corpus, else the defaults].")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse and align afresh, without the cache.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings about the notices.")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Print long output straight to the terminal, without $HRCLI_PAGER, $PAGER or less.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    region_files_anywhere: Annotated[bool, typer.Option(
        "--region-files-anywhere", help="Let the corpus's regions.yaml name notice files outside the corpus folder.")] = False,
) -> None:
    """Compare China's healthcare-reform key-task notices across regions.

    The options above may also follow the command: hrcli compare linfen qinghai --corpus DIR -q.
    """
    launch = _LAUNCH.get()
    made = Settings.from_environment(launch.environ, corpus=corpus, config_dir=config_dir, no_cache=no_cache, quiet=quiet, debug=debug,
                                     region_files_anywhere=region_files_anywhere)
    if launch.terminal is not None:
        made.terminal = launch.terminal
    if no_pager:
        made.terminal = replace(made.terminal, pager=None)
    launch.settings = made
    launch.command = context.invoked_subcommand


def emit(view: View, fmt: Optional[Format], output: Optional[str], default: Optional[Format] = None) -> None:
    """Render a view with the shared output options."""
    terminal = settings().terminal
    if view.name is None:  # a workbook's sheet is named after the command
        view.name = _LAUNCH.get().command
    corpus = _LAUNCH.get().corpus
    if output and output != "-" and corpus is not None:
        corpus.check_output(output)
    try:
        render(view, choose_format(fmt, output, terminal, default), output, terminal, warn)
    except BrokenPipeError:
        raise ClosedPipe() from None


def warn(message: str) -> None:
    """A message for the person, on standard error."""
    if not settings().quiet:
        to_stderr(f"hrcli: warning: {message}")


def to_stderr(line: str) -> None:
    """One line for the person on standard error, kept on one line; a full disk there does not stop the command."""
    try:
        typer.echo(one_line(line), err=True)
    except OSError:
        point_at_devnull(sys.stderr)


def _corpus():
    """The corpus; the warnings of every config file are printed here, once, for every command."""
    from hrcli.corpus import Corpus

    run = settings()
    corpus = Corpus(run)
    _LAUNCH.get().corpus = corpus
    for message in [*corpus.config_warnings, *run.config_warnings()]:
        warn(message)
    return corpus


def _warn_about(notice) -> None:
    for message in notice.warnings:
        warn(f"{notice.region}: {message}")


def _load(corpus, argument: str):
    notice = corpus.load(argument)
    _warn_about(notice)
    return notice


def _load_distinct(corpus, arguments: List[str]) -> list:
    """The notices of several region arguments, each a different notice under its own slug."""

    def renamed(argument, source) -> None:
        warn(f"{argument} is shown as {source.slug} ({source.renamed_from} names another notice here)")

    notices = corpus.load_distinct(arguments, renamed)
    for notice in notices:
        _warn_about(notice)
    return notices


def _all_notices(corpus) -> list:
    """Every readable notice of the corpus; the files skipped are named in a warning each."""
    for message in corpus.folder_warnings:
        warn(message)
    return corpus.all_notices(lambda slug, error: warn(f"{slug}: skipped: {error}"))


@app.command("list")
def list_command(fmt: FormatOption = None, output: OutputOption = None) -> None:
    """List the regions in the corpus: name, level, years, issuer, date, number of tasks."""
    from hrcli.output.views import list_view

    corpus = _corpus()
    notices = _all_notices(corpus)
    extra = {slug: {"name": r.name, "province": r.province} for slug, r in corpus._registry.items()}
    emit(list_view(notices, extra), fmt, output)


@app.command("show")
def show_command(
    region: Annotated[str, typer.Argument(help="Region slug, notice file, or - for standard input.", autocompletion=_complete_region)],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one notice: its tasks with number, title and departments (lead first)."""
    from hrcli.output.views import show_view

    emit(show_view(_load(_corpus(), region)), fmt, output)


@app.command("parse")
def parse_command(
    path: Annotated[str, typer.Argument(help="A notice file, or - for standard input.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Parse any notice file and print the full schema (JSON by default)."""
    from hrcli.output.views import parse_view

    emit(parse_view(_load(_corpus(), path)), fmt, output, default=Format.json)


ThresholdOption = Annotated[
    Optional[float],
    typer.Option("--threshold", "-t", min=0.0, max=1.0, help="Link tasks scoring at least this (0-1); default from configs/matching.yaml."),
]
AgainstOption = Annotated[
    Optional[str],
    typer.Option("--against", help="Rank each task of ONE region against the rest of the corpus: 'all', or a comma list of regions."),
]
LimitOption = Annotated[
    Optional[int],
    typer.Option("--limit", "-n", min=1, help="How many tasks to show: search 10 by default, compare --against 3 per task."),
]


def _aligned(command: str, regions: List[str], threshold: Optional[float]):
    """The alignment of two or more distinct regions (compare and targets)."""
    return _aligned_notices(command, regions, threshold)[0]


def _aligned_notices(command: str, regions: List[str], threshold: Optional[float]):
    """The alignment of two or more distinct regions, and their notices."""
    from hrcli.comparison import compare_notices

    if len(regions) < 2:
        raise UsageError(f"{command} needs at least two regions", f"e.g. hrcli {command} linfen qinghai")
    corpus = _corpus()
    notices = _load_distinct(corpus, regions)
    return compare_notices(corpus, notices, threshold), notices


class Only(str, Enum):
    """Which rows compare --only keeps."""

    matched = "matched"
    unmatched = "unmatched"
    changed = "changed"


def _is_report(fmt: Optional[Format], output: Optional[str]) -> bool:
    """True when the output is an HTML page or a workbook, which show compare's full report."""
    return choose_format(fmt, output, settings().terminal) in (Format.html, Format.xlsx)


def _compare_report(alignment, notices) -> View:
    """compare's report: the rows with their texts, then the targets, departments and topics views."""
    from hrcli.output.report import compare_report

    run = settings()
    return compare_report(alignment, notices, run.taxonomy, run.departments, run.matching)


@app.command("compare")
def compare_command(
    regions: Annotated[List[str], typer.Argument(help="Two or more region slugs, notice files, or - for standard input (one with --against).", autocompletion=_complete_region)],
    threshold: ThresholdOption = None,
    against: AgainstOption = None,
    limit: LimitOption = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="Only rows with a task of this topic: id or Chinese name (医保 matches every topic naming it).")] = None,
    dept: Annotated[Optional[str], typer.Option("--dept", "-d", help="Only rows with a task of this department (leading or sharing it), e.g. 医保局.")] = None,
    only: Annotated[Optional[Only], typer.Option("--only", case_sensitive=False, help="Only matched rows, unmatched tasks, or changed rows (targets or lead differ).")] = None,
    wide: Annotated[bool, typer.Option("--wide", help="The full table on a terminal: whole titles wrapped, the shared terms beside.")] = False,
    detail: Annotated[bool, typer.Option("--detail", help="Every matched row in full: the tasks' texts side by side, shared phrases marked.")] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Put corresponding tasks of two or more regions side by side; list the tasks only one region has.

    With --against all: each task of one region beside its closest tasks in every other notice of the corpus.
    """
    from hrcli.output.views import compare_view

    if against is not None:
        if topic or dept or only or wide or detail:
            raise UsageError("--topic, --dept, --only, --wide and --detail do not go with --against", "they read a comparison of named regions, e.g. hrcli compare linfen qinghai --only changed")
        emit(_against(regions, against, limit, threshold), fmt, output)
        return
    if limit is not None:
        raise UsageError("--limit goes with --against (or search)", "e.g. hrcli compare linfen --against all --limit 5")
    alignment, notices = _aligned_notices("compare", regions, threshold)
    whole = alignment
    alignment, scope = _filtered(alignment, notices, topic, dept, only.value if only else None)
    if detail:
        from hrcli.output.detail import detail_view

        matched = [row for row in alignment.rows if row.status == "matched"]
        emit(detail_view(alignment.regions, matched, f"{' vs '.join(alignment.regions)}: {len(matched)} matched rows in full{scope}"), fmt, output)
        return
    if _is_report(fmt, output):  # a page or a workbook: the rows with their texts, targets, departments, topics
        emit(_compare_report(alignment, notices), fmt, output)
        return
    emit(compare_view(alignment, wide=wide, scope=scope, whole=whole), fmt, output)


def _filtered(alignment, notices: list, topic: Optional[str], dept: Optional[str], only: Optional[str]):
    """The rows compare's filters keep, and words for the title saying which (empty when nothing is filtered)."""
    if topic is None and dept is None and only is None:
        return alignment, ""
    from hrcli.output.filters import select_rows

    said, topics, task_ids = [], None, None
    if topic is not None:
        from hrcli.output.filters import topic_keys

        topics = topic_keys(topic, settings().taxonomy)
        said.append(f"topic {', '.join(topics)}")
    if dept is not None:
        from hrcli.analyse.departments import tasks_of
        from hrcli.output.filters import department_key, unknown_department

        index = settings().departments
        task_ids = {task.id for notice in notices for task, _ in tasks_of(notice, dept, index)}
        if not task_ids and department_key(dept, index) is None:
            raise unknown_department(dept, index)
        said.append(f"department {dept}")
    if only is not None:
        said.append(only)
    kept = select_rows(alignment, topics, task_ids, only)
    return kept, f" (showing {len(kept.rows)} of {len(alignment.rows)} rows: {'; '.join(said)})"


@app.command("pair")
def pair_command(
    tasks: Annotated[List[str], typer.Argument(help="Two tasks as REGION:TASK, e.g. linfen:7 qinghai:16 (or linfen:(七)).")],
    threshold: ThresholdOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Two tasks of two regions in full, side by side: texts with shared phrases marked, units, targets, score."""
    from hrcli.output.detail import detail_view, find_task, split_task_argument

    if len(tasks) != 2:
        raise UsageError("pair takes two tasks", "e.g. hrcli pair linfen:7 qinghai:16")
    specs = [split_task_argument(argument) for argument in tasks]
    alignment, notices = _aligned_notices("pair", [region for region, _ in specs], threshold)
    chosen = [find_task(notice, spec) for notice, (_, spec) in zip(notices, specs)]
    row = _pair_row(alignment, notices, chosen)
    title = f"{' vs '.join(alignment.regions)}: {chosen[0].label} and {chosen[1].label}"
    emit(detail_view(alignment.regions, [row], title), fmt, output)


def _pair_row(alignment, notices: list, chosen: list):
    """The row the two tasks share (only these two kept), or a row of their own when the aligner did not link them."""
    from hrcli.schema import Row

    tasks = {notice.region: [task] for notice, task in zip(notices, chosen)}
    for row in alignment.rows:
        if all(task in row.tasks[notice.region] for notice, task in zip(notices, chosen)):
            return Row(row.status, row.score, row.label, row.why, tasks, row.target_differences)
    from hrcli.comparison import build_matcher
    from hrcli.corpus import Corpus
    from hrcli.output.views import why_text

    matcher = build_matcher(Corpus(settings()), notices)  # the corpus's idf, as compare scores (its warnings are out)
    score = round(matcher.score_matrix([chosen[0]], [chosen[1]])[0][0], 3)
    why = why_text(matcher.shared_terms(chosen[0], chosen[1]))
    return Row("not linked", score, "not linked (below the threshold, or another task fits better)", why, tasks)


@app.command("targets")
def targets_command(
    regions: Annotated[List[str], typer.Argument(help="Two or more region slugs, notice files, or - for standard input.", autocompletion=_complete_region)],
    threshold: ThresholdOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Quantitative targets of corresponding tasks side by side; values set differently are flagged."""
    from hrcli.analyse.targets import alignment_targets
    from hrcli.output.views import targets_view

    alignment = _aligned("targets", regions, threshold)
    emit(targets_view(alignment.regions, alignment_targets(alignment, settings().matching)), fmt, output)


@app.command("eval")
def eval_command(
    gold: Annotated[List[str], typer.Argument(help="Gold files named REGIONA__REGIONB.tsv (columns a, b, grade).")],
    threshold: ThresholdOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Precision, recall and F1 of the alignment against hand-made gold alignments."""
    from hrcli.align.evaluate import predicted_pairs, read_gold, score_alignment
    from hrcli.comparison import compare_notices
    from hrcli.output.views import eval_view

    corpus = _corpus()
    corpus.inputs.extend(Path(path) for path in gold)
    scores = []
    for path in gold:
        entry = read_gold(path)
        first, second = (corpus.load(region) for region in entry.regions)
        alignment = compare_notices(corpus, [first, second], threshold)
        scores.append(score_alignment(entry, predicted_pairs(alignment, first, second)))
    emit(eval_view(scores), fmt, output)


RegionsArgument = Annotated[
    Optional[List[str]],
    typer.Argument(help="Region slugs, notice files or - (default: every notice in the corpus).", autocompletion=_complete_region),
]


def _notices(regions: Optional[List[str]]):
    """The named notices, or every notice of the corpus."""
    corpus = _corpus()
    if regions:
        return _load_distinct(corpus, regions)
    notices = _all_notices(corpus)
    for notice in notices:
        _warn_about(notice)
    return notices


@app.command("topics")
def topics_command(regions: RegionsArgument = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Coverage map: reform-area topic x region, each cell the task numbers that cover it."""
    from hrcli.output.views import topics_view

    notices = _notices(regions)
    for notice in notices:
        loose = [task.label for task in notice.tasks if not task.topics]
        if loose:
            warn(f"{notice.region}: tasks that fit no topic in configs/topics.yaml: {' '.join(loose)}")
    emit(topics_view(notices, settings().taxonomy), fmt, output)


@app.command("departments")
def departments_command(
    regions: RegionsArgument = None,
    dept: Annotated[Optional[str], typer.Option("--dept", "-d", help="List the tasks of this department (key, Chinese or English name).")] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Department x region matrix of tasks led and shared; --dept lists one department's tasks."""
    from hrcli.analyse.departments import department_matrix, tasks_of
    from hrcli.output.views import department_tasks_view, departments_view

    notices = _notices(regions)
    index = settings().departments
    if dept is None:
        emit(departments_view(department_matrix(notices, index), [n.region for n in notices]), fmt, output)
        return
    found = [(notice.region, task, role) for notice in notices for task, role in tasks_of(notice, dept, index)]
    if not found and index.key_for(dept) is None:
        from hrcli.output.filters import unknown_department

        raise unknown_department(dept, index)
    emit(department_tasks_view(found, dept), fmt, output)


def _index(corpus):
    """The corpus's task index (built on first use, then updated and read from the cache)."""
    from contextlib import nullcontext

    from hrcli.index.build import load_index
    from hrcli.output.progress import ProgressBar

    # A bar when standard error is a terminal only: a pipe or a log file gets nothing.
    bar = ProgressBar() if sys.stderr.isatty() and not settings().quiet else None
    with bar or nullcontext():
        index = load_index(corpus, progress=bar)
    for message in corpus.folder_warnings:
        warn(message)
    if index.skipped:
        more = f" and {len(index.skipped) - 3} more" if len(index.skipped) > 3 else ""
        warn(f"{len(index.skipped)} notices of the corpus cannot be read and are left out: {'; '.join(index.skipped[:3])}{more}")
    return index


def _against(regions: List[str], against: str, limit: Optional[int], threshold: Optional[float]) -> View:
    """compare REGION --against all|A,B: each task of the region ranked against the other notices."""
    from hrcli.index.query import rank_against
    from hrcli.output.views import against_view

    if len(regions) != 1:
        raise UsageError("compare --against takes one region", "e.g. hrcli compare linfen --against all")
    if threshold is not None:
        raise UsageError("--threshold does not go with --against", "--limit sets how many tasks each task is shown with")
    corpus = _corpus()
    notice = _load(corpus, regions[0])
    index = _index(corpus)
    wanted = None if against.strip().lower() == "all" else _against_regions(corpus, index, against)
    return against_view(notice, rank_against(index, notice, limit or 3, wanted), wanted, len(index.notices))


def _against_regions(corpus, index, against: str) -> list[str]:
    """The slugs of a comma list of regions of the corpus (slugs or names)."""
    names = [name.strip() for name in against.split(",")]
    if not all(names):
        raise UsageError(f"--against {against!r} has an empty region", "give all, or regions separated by commas: qinghai,nanchang")
    indexed = {entry.region for entry in index.notices}
    slugs = []
    for name in names:
        slug = corpus.source(name).slug
        if slug not in indexed:
            raise UsageError(f"--against: {name} is not a notice of the corpus", "'hrcli list' shows the regions; use all for every one")
        slugs.append(slug)
    return list(dict.fromkeys(slugs))


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words to look for, e.g. "DRG付费" (read like task text: synonyms folded).')],
    limit: LimitOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The tasks of the whole corpus closest to a query, scored as compare scores two tasks."""
    from hrcli.index.query import search_tasks
    from hrcli.output.views import search_view

    if not query.strip():
        raise UsageError("the search query is empty", 'give words to look for, e.g. hrcli search "DRG付费"')
    index = _index(_corpus())
    emit(search_view(query, search_tasks(index, query, limit or 10), len(index.notices)), fmt, output)


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The earlier version: region slug, notice file, or - for standard input.")],
    new: Annotated[str, typer.Argument(help="The later version: region slug, notice file, or - for standard input.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Two versions of one notice: tasks added, dropped, renumbered and changed (sentences, targets, units)."""
    from hrcli.diff.notice import diff_notices
    from hrcli.output.diffview import diff_view

    if old == new and old != "-":
        raise UsageError(f"diff compares two versions, and {old} is named twice", "name the old version, then the new one")
    corpus = _corpus()
    before, after = _load(corpus, old), _load(corpus, new)
    matching = settings().matching
    emit(diff_view(diff_notices(before, after, matching.measure_normalizer, matching.target_cutoff)), fmt, output)


# The global options that may also follow the command (--version and the completion options stay in front).
GLOBAL_OPTIONS = ("--corpus", "--config-dir", "--no-cache", "--debug", "--quiet", "-q", "--no-pager", "--region-files-anywhere")


def hoist_global_options(argv: List[str], group) -> List[str]:
    """Global options given after the command (hrcli compare a b --corpus DIR -q) moved before it, where click reads them."""
    takes_value = {name: not param.is_flag for param in group.params for name in param.opts if name in GLOBAL_OPTIONS}
    position = 0
    while position < len(argv) and argv[position].startswith("-") and argv[position] != "--":
        position += 2 if takes_value.get(argv[position]) else 1  # the global options already before the command
    command = group.commands.get(argv[position]) if position < len(argv) else None
    if command is None:
        return argv
    own = {name: not getattr(param, "is_flag", False) and param.nargs == 1
           for param in command.params if hasattr(param, "opts") and param.param_type_name == "option" for name in param.opts}
    moved, kept, k = [], argv[: position + 1], position + 1
    while k < len(argv):
        word = argv[k]
        name = word.split("=", 1)[0]
        if word == "--":
            kept += argv[k:]
            break
        if name in takes_value and name not in own:
            width = 2 if takes_value[name] and "=" not in word else 1
            moved += argv[k: k + width]
            k += width
            continue
        width = 2 if own.get(word) else 1  # an option of the command and its value (--dept -q would be a value)
        kept += argv[k: k + width]
        k += width
    return moved + kept


def main(argv: Optional[List[str]] = None, environ: Optional[Mapping[str, str]] = None, terminal: Optional[Terminal] = None) -> int:
    """Entry point: run the app and turn every failure into one line and an exit code.

    environ stands in for the process environment and terminal for what standard output is (tests pass a fake one).
    """
    from hrcli.boundary import run

    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # bare hrcli: the help, and success (as git and gh do)
        argv = ["--help"]
    elif any(word.split("=", 1)[0] in GLOBAL_OPTIONS for word in argv[1:]):
        argv = hoist_global_options(argv, typer.main.get_command(app))
    launch = Launch(environ, terminal)
    token = _LAUNCH.set(launch)
    try:
        return run(app, argv, launch)
    finally:
        _LAUNCH.reset(token)
