"""Synthetic notices for the benchmarks: the real ones reshuffled, reworded and renamed, deterministic by seed.

    python bench/generate.py --count 1000 --seed 1 --out bench/out/c1000

Each synthetic notice starts from one real notice of corpus/ and keeps its cover letter, section
headings, goal paragraphs, responsibility notes and closing text. Within each run of tasks (the tasks
between two headings) it reorders, drops and merges tasks and renumbers them; it swaps domain
synonyms (configs/matching.yaml `synonyms`), varies quantities (400种 -> 380种), the prefixes and
aliases of department names, and renames the region to an invented place.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from _common import PROJECT_ROOT, REAL_CORPUS, use_project_python

if TYPE_CHECKING:
    from hrcli.schema import Task

# A base needs enough tasks for every synthetic notice to keep MIN_TASKS; the Shanxi copy in
# corpus/ is cut off after its second task, so it is never a base.
MIN_TASKS = 5
DROP_RATE = 0.1
MERGE_RATE = 0.1
SYNONYM_SWAP_RATE = 0.5
NUMBER_CHANGE_RATE = 0.7
PREFIX_CHANGE_RATE = 0.8
# Syllables of invented place names. None of them is a place suffix (省市县区州) or a word the
# note parser splits names on (和及与), so "X市" stays one name everywhere.
SYLLABLES = "安宁平江华阳兴丰永清源泰康嘉禾云溪长乐明德青石桂林东西南北海山川金玉宝昌盛远通泉"
PREFIX_OF_LEVEL = {"province": "省", "city": "市", "county": "县"}
CN_DIGITS = "零一二三四五六七八九"
# A quantity: a number and the measure word after it ("400种", "80%", "6 个"); years (2022年) are not one.
QUANTITY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(\s*)(%|％|种|个|家|所|项|名|人|张|床|分钟|万|亿|次|户|台|辆)")
LABEL_PARTS = re.compile(r"^(\D*?)([一二三四五六七八九十百零]+|\d+)(\D*)$")
# A unit name starts after the note's opening bracket, a list separator, a colon or 和/及.
UNIT_PREFIX = re.compile(r"(?<=[(（、,，:：和及])([省市县])(?=[\u4e00-\u9fff]{2})")
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# An open vocabulary: each task gains NEW_TERMS_PER_TASK terms drawn from an unbounded, Zipf-like list of
# invented words (2-4 simplified characters of WORD_CODES), so larger corpora hold more distinct n-grams, as
# real ones do (new programmes, places, institutions), instead of reusing the base notices' words.
NEW_TERMS_PER_TASK = 2
ZIPF_SHAPE = 0.8
ZIPF_SCALE = 50
WORD_CODES = range(0x4E00, 0x6200)
TERM_FRAMES = ("，推进{}建设", "，实施{}项目", "，开展{}试点", "，完善{}机制")


@dataclass
class BaseTask:
    """One task of a real notice, cut from its text as printed."""

    label: str  # as printed, full-width brackets kept: "（一）"
    number: int
    body: str  # after the label, up to the note
    note: str  # the responsibility note, brackets included; "" when none
    after: str = ""  # what follows the note inside the task


@dataclass
class TaskRun:
    """Tasks printed one after another, and the heading text before them."""

    lead_in: str  # section heading, goal paragraph, or only the line break before the first task
    tasks: list[BaseTask] = field(default_factory=list)
    separator: str = "\n"  # the whitespace between two of its tasks
    continues: bool = False  # its first task's number follows the previous run's last one


@dataclass
class Base:
    """A real notice cut into runs of tasks, with what a synthetic copy needs to rename."""

    slug: str
    runs: list[TaskRun]
    tail: str  # the closing text after the last task
    place_names: list[str]  # 临汾市, 临汾: replaced by the invented name
    unit_prefix: str  # 市 for a city's departments (市卫健委)

    @property
    def task_count(self) -> int:
        return sum(len(run.tasks) for run in self.runs)


def load_bases(corpus: Path = REAL_CORPUS) -> list[Base]:
    """Every notice of the corpus folder that has enough tasks, cut into runs."""
    bases = [cut_base(path) for path in sorted(corpus.glob("*.txt"))]
    return [base for base in bases if base.task_count >= MIN_TASKS]


def cut_base(path: Path) -> Base:
    """Parse one real notice and cut its text at the task spans the parser reports."""
    from hrcli.parse.normalize import place_names
    from hrcli.parse.notice import parse_notice
    from hrcli.read.textio import decode_notice

    text, _encoding = decode_notice(path.read_bytes(), str(path))
    notice = parse_notice(text, region=path.stem, source=str(path))
    runs: list[TaskRun] = []
    previous_end = 0
    for task in notice.tasks:
        start, end = task.span
        gap = text[previous_end:start]
        if not runs or gap.strip():
            continues = bool(runs) and task.number == runs[-1].tasks[-1].number + 1
            runs.append(TaskRun(lead_in=gap, continues=continues))
        elif len(runs[-1].tasks) == 1:
            runs[-1].separator = gap
        runs[-1].tasks.append(_base_task(text, task))
        previous_end = end
    prefix = PREFIX_OF_LEVEL.get(notice.level or "", "市")
    return Base(path.stem, runs, text[previous_end:], place_names(notice.place), prefix)


def _base_task(text: str, task: Task) -> BaseTask:
    """Split a task's printed text into label, body, note and the rest."""
    start, end = task.span
    printed = text[start:end]
    label = printed[: len(task.label)]
    if label.translate(FULL_WIDTH) != task.label:
        raise ValueError(f"task {task.id}: its span starts with {label!r}, not the label {task.label!r}")
    if task.note_span is None:
        return BaseTask(label, task.number, printed[len(label) :], "")
    note_start, note_end = task.note_span[0] - start, task.note_span[1] - start
    body, note, after = printed[len(label) : note_start], printed[note_start:note_end], printed[note_end:]
    return BaseTask(label, task.number, body, note, after)


class Synonyms:
    """Swaps a domain term for another form of it (集中带量采购 <-> 集采 <-> 带量采购)."""

    def __init__(self, groups: dict[str, list[str]]):
        self._group_of = {form: [key, *forms] for key, forms in groups.items() for form in [key, *forms]}
        forms = sorted(self._group_of, key=len, reverse=True)  # longest first: 医保局 before 医保
        self._pattern = re.compile("|".join(map(re.escape, forms)))

    @classmethod
    def from_config(cls, path: Path = PROJECT_ROOT / "configs" / "matching.yaml") -> Synonyms:
        """The `synonyms` section of matching.yaml."""
        import yaml

        return cls(yaml.safe_load(path.read_text(encoding="utf-8"))["synonyms"])

    def swap(self, text: str, rng: random.Random) -> str:
        """Replace some of the terms by another form of the same group."""

        def other(match: re.Match) -> str:
            if rng.random() >= SYNONYM_SWAP_RATE:
                return match.group(0)
            return rng.choice(self._group_of[match.group(0)])

        return self._pattern.sub(other, text)


def vary_quantities(text: str, rng: random.Random) -> str:
    """Move some quantities by up to 20%, keeping round numbers round and shares within 100%."""

    def vary(match: re.Match) -> str:
        number, space, unit = match.groups()
        if rng.random() >= NUMBER_CHANGE_RATE:
            return match.group(0)
        return f"{_nearby(number, unit, rng)}{space}{unit}"

    return QUANTITY.sub(vary, text)


def _nearby(number: str, unit: str, rng: random.Random) -> str:
    """A number within 20% of `number`, printed like it (decimals, round tens)."""
    value = float(number)
    if unit in "%％" and value == 100:
        return number  # "100%全覆盖" is a target of its own kind, not a share that drifts
    changed = value * rng.uniform(0.8, 1.2)
    if "." in number:
        decimals = len(number.split(".")[1])
        return f"{changed:.{decimals}f}"
    step = 10 if value >= 100 and value % 10 == 0 else 1
    result = max(step, round(changed / step) * step)
    if unit in "%％":
        result = min(result, 100)
    return str(int(result))


def vary_units(note: str, base_prefix: str, new_prefix: str, rng: random.Random) -> str:
    """Give most of the note's own-level units the new region's prefix (市卫健委 -> 县卫健委)."""

    def prefix(match: re.Match) -> str:
        if match.group(1) == base_prefix and rng.random() < PREFIX_CHANGE_RATE:
            return new_prefix
        return match.group(1)

    return UNIT_PREFIX.sub(prefix, note)


def invented_word(rank: int) -> str:
    """Word number `rank` of the open vocabulary (the same word for the same rank in every corpus)."""
    rng = random.Random(f"word:{rank}")
    characters = word_characters()
    return "".join(rng.choice(characters) for _ in range(rng.randint(2, 4)))


@functools.cache
def word_characters() -> str:
    """The characters of WORD_CODES a simplified notice may hold: no traditional-only ones (乾 is both; 惲 is not),
    which would make hrcli convert nearly every synthetic notice as a traditional copy, as no real one is."""
    from hrcli.read.textio import to_simplified

    return "".join(chr(code) for code in WORD_CODES if to_simplified(chr(code))[1] is None)


def add_terms(body: str, rng: random.Random) -> str:
    """Put invented terms into a task's body, in a clause before its first full stop (or at its end)."""
    for _ in range(NEW_TERMS_PER_TASK):
        clause = rng.choice(TERM_FRAMES).format(invented_word(int(ZIPF_SCALE * rng.paretovariate(ZIPF_SHAPE))))
        stop = body.find("。")
        body = body[:stop] + clause + body[stop:] if stop >= 0 else body + clause
    return body


def invent_place(rng: random.Random, real_stems: set[str]) -> str:
    """A place name: two syllables and 市 or 县, never a base's own (南+昌 would give 南昌市)."""
    while True:
        stem = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if stem not in real_stems:
            return stem + rng.choice("市县")


def reshape(tasks: list[BaseTask], rng: random.Random) -> list[BaseTask]:
    """Reorder the tasks of one run, drop some and merge some neighbours; at least one stays."""
    shuffled = tasks[:]
    rng.shuffle(shuffled)
    kept = [task for task in shuffled if rng.random() >= DROP_RATE] or shuffled[:1]
    result: list[BaseTask] = []
    for task in kept:
        if result and rng.random() < MERGE_RATE:
            result[-1] = merge(result[-1], task)
        else:
            result.append(task)
    return result


def merge(first: BaseTask, second: BaseTask) -> BaseTask:
    """One task saying both: the first one's text, then the second's text and note."""
    return replace(first, body=first.body.rstrip() + second.body, note=second.note, after=second.after)


def label(printed: str, number: int) -> str:
    """The label `printed` renumbered, in its own style: "（三）" with 5 -> "（五）"."""
    opening, numeral, closing = LABEL_PARTS.match(printed).groups()
    return f"{opening}{number if numeral.isdigit() else chinese_numeral(number)}{closing}"


def chinese_numeral(number: int) -> str:
    """1 -> 一, 10 -> 十, 16 -> 十六, 24 -> 二十四 (up to 99, as task numbers go)."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def synthetic_notice(bases: list[Base], synonyms: Synonyms, seed: int, index: int) -> str:
    """The text of synthetic notice number `index` of the corpus of `seed`."""
    rng = random.Random(f"{seed}:{index}")  # one stream per notice: notice 42 is the same in every corpus size
    base = rng.choice(bases)
    place = invent_place(rng, {name[:-1] for real in bases for name in real.place_names})
    runs = [reshape(run.tasks, rng) for run in base.runs]
    if sum(len(tasks) for tasks in runs) < MIN_TASKS:
        runs = [run.tasks for run in base.runs]
    parts: list[str] = []
    counter = 0
    for run, tasks in zip(base.runs, runs):
        parts.append(run.lead_in)
        # Numbering either runs on across headings (Linfen (一)…(十八)) or restarts under each one.
        counter = counter if run.continues else run.tasks[0].number - 1
        printed = []
        for task in tasks:
            counter += 1
            note = vary_units(synonyms.swap(task.note, rng), base.unit_prefix, place[-1], rng)
            body = add_terms(vary_quantities(synonyms.swap(task.body, rng), rng), rng)
            printed.append(label(task.label, counter) + body + note + task.after)
        parts.append(run.separator.join(printed))
    parts.append(base.tail)
    return rename(base, "".join(parts), place)


def rename(base: Base, text: str, place: str) -> str:
    """Replace the base region's names (临汾市, then 临汾) by the invented place (and its stem)."""
    for name in base.place_names:  # longest first
        text = text.replace(name, place if name == base.place_names[0] else place[:-1])
    return text


def long_notice(corpus: Path, count: int, first: int, per_section: int = 500) -> str:
    """One notice of `count` tasks: the task lines of the generated notices from number `first` on, numbered
    1. 2. … under a heading every `per_section` tasks (a compare of two such notices is the benchmark of
    long notices)."""
    lines: list[str] = []
    for path in sorted(corpus.glob("syn*.txt"))[first:]:
        for line in path.read_text(encoding="utf-8").splitlines():
            found = re.match(r"^[（(][一二三四五六七八九十百]+[）)](.*)$", line)
            if found:
                lines.append(found.group(1))
        if len(lines) >= count:
            break
    parts = ["长县深化医药卫生体制改革重点工作任务"]
    for number, text in enumerate(lines[:count]):
        if number % per_section == 0:
            parts.append(f"{chinese_numeral(number // per_section + 1)}、重点任务")
        parts.append(f"{number % per_section + 1}. {text}")
    return "\n".join(parts) + "\n"


def fingerprint(corpus: Path = REAL_CORPUS) -> str:
    """What a generated corpus depends on: this script, the base notices and the synonyms."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in [*sorted(corpus.glob("*.txt")), PROJECT_ROOT / "configs" / "matching.yaml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


STAMP = ".generated.json"


def generate_corpus(count: int, seed: int, out: Path) -> list[Path]:
    """Write `count` synthetic notices syn00000.txt… into `out`; returns their paths."""
    bases = load_bases()
    synonyms = Synonyms.from_config()
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("syn*.txt"):
        stale.unlink()
    paths = []
    for index in range(count):
        path = out / f"syn{index:05d}.txt"
        path.write_text(synthetic_notice(bases, synonyms, seed, index), encoding="utf-8")
        paths.append(path)
    (out / STAMP).write_text(json.dumps({"count": count, "seed": seed, "fingerprint": fingerprint()}), encoding="utf-8")
    return paths


def ensure_corpus(count: int, seed: int, out: Path) -> Path:
    """`out` holding the corpus of `count` and `seed`: reused when its stamp matches, else generated."""
    stamp = out / STAMP
    wanted = {"count": count, "seed": seed, "fingerprint": fingerprint()}
    try:
        current = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = None
    if current != wanted or len(list(out.glob("syn*.txt"))) != count:
        generate_corpus(count, seed, out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: --count, --seed, --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="number of notices (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (syn*.txt files in it are replaced)")
    args = parser.parse_args(argv)
    paths = generate_corpus(args.count, args.seed, args.out)
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} notices ({size / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    use_project_python()
    sys.exit(main())
