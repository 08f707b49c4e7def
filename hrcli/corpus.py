"""Region slug, file path or "-" -> Notice, through the parse cache."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hrcli.config import Region, Regions
from hrcli.errors import InputError, OutputError, UnknownRegionError, UsageError
from hrcli.schema import Notice, json_fields
from hrcli.settings import SHARED_CONFIGS, Settings

# Text, and the documents hrcli/read/documents.py reads (PDF, Word .docx, saved web pages).
NOTICE_SUFFIXES = (".txt", ".text", ".md", ".pdf", ".docx", ".html", ".htm")
# Bumped when the parser's output for the same text changes (part of the parse-cache key); kept
# here so that a notice read from the cache needs no import of the parser.
PARSER_VERSION = "1"
# The code that decides what a notice parses into: the bytes of these packages and modules of hrcli are
# part of the parse-cache key (an edit elsewhere, in the aligner or the output, keeps the cache).
PARSER_CODE = ("read", "parse", "analyse", "schema.py", "config.py")
# The largest notice read (a real one is 10-100 KB; a 50 MB paste of many still parses).
MAX_NOTICE_BYTES = 256 * 2**20
# Level suffixes a region's Chinese name may be given without (临汾 for 临汾市, 青海 for 青海省), longest first.
PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "省", "市", "县", "区")


# An unknown region's error lists this many of the corpus's regions (a corpus of 10,000 would fill the screen).
REGIONS_SHOWN = 10


def short_name(name: str) -> str:
    """A place name without its level suffix (临汾市 -> 临汾); a name that would keep one character stays whole (泗县)."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass
class Source:
    """Where one notice comes from."""

    slug: str
    path: Path | None  # None for standard input
    region: Region | None = None
    renamed_from: str | None = None  # the slug it would have had, when another argument has it
    # (the corpus folder's absolute path ending in a separator, the file's name) when listed from the folder: an index
    # update stats 10,000 files by name in the folder, and spells their absolute paths without pathlib
    listed: tuple[str, str] | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "-"


class Corpus:
    """The notices of one corpus folder, known by slug; files and stdin accepted too."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.directory = settings.corpus_dir
        if not self.directory.is_dir():
            raise UsageError(f"corpus folder {self.directory} does not exist", "give --corpus an existing folder, or unset HRCLI_CORPUS")
        self._stdin_used = False
        self.inputs: list[Path] = []  # the files this run reads (notices, gold files): -o may not replace one
        self._listing: tuple[int, tuple[dict[str, Source], list[str]], bool] | None = None  # (folder mtime, listing, settled)

    @cached_property
    def _regions(self) -> Regions:
        """regions.yaml: the corpus folder's own, else the configs' one where it describes this corpus."""
        return self.settings.regions()

    @property
    def _registry(self) -> dict[str, Region]:
        return self._regions.entries

    @property
    def config_warnings(self) -> list[str]:
        """Warnings about regions.yaml (unknown keys)."""
        return self._regions.warnings

    def slugs(self) -> list[str]:
        """Every region: registered ones in registry order, then other notice files by name, each slug distinct."""
        return list(self._folder()[0])

    def files(self) -> list[Source]:
        """The source of every region, as source(slug) gives it, in slugs() order (one pass over the folder)."""
        return list(self._folder()[0].values())

    @property
    def folder_warnings(self) -> list[str]:
        """Notice files listed under another slug than their name, because their name was taken: those of the
        listing this run used last, while the folder keeps its modification time (a command's warnings name the
        files it read, even in the second after a file was added, when the listing is not kept for reuse)."""
        return self._folder(settled=False)[1]

    def _folder(self, settled: bool = True) -> tuple[dict[str, Source], list[str]]:
        """_list_folder, listed again only when the folder changed (a file added, removed or renamed changes its
        modification time): a command at 10,000 notices asks twice, for the index and for the warnings.

        A change within the clock tick of the stamp would not move it, so a listing of a folder changed less than a
        second before it was made is reused only when `settled` is false ("racy git" has the same rule).
        """
        import time

        stamp = os.stat(self.directory).st_mtime_ns
        if self._listing is not None and self._listing[0] == stamp and (self._listing[2] or not settled):
            return self._listing[1]
        listing = self._list_folder()
        self._listing = (stamp, listing, stamp < time.time_ns() - 1_000_000_000)
        return listing

    def _list_folder(self) -> tuple[dict[str, Source], list[str]]:
        """The notices of the folder by slug, and a warning for each file whose
        name gives a slug already taken. One pass over the folder, no stat per file (a folder of 10,000 notices).

        A file's slug is its name, unless that names something else here: a region of regions.yaml (by slug,
        Chinese name, short name or English name: `Linfen.txt` beside the region Linfen), a file of the same name
        (`notice.pdf` beside `notice.txt`: the first of NOTICE_SUFFIXES keeps the name) or standard input (`-.txt`).
        Then it is NAME-2, NAME-3, … (never another file's name), so every file is listed and `hrcli show NAME-2`
        finds it.
        """
        registry = self._registry
        sources = {slug: Source(slug, region.file, region) for slug, region in registry.items()}
        owners = {"-": "standard input"}
        for region in registry.values():
            for name in (region.slug, region.name, region.name and short_name(region.name), region.name_en):
                if name:
                    owners.setdefault(str(name).lower(), f"region {region.slug} of regions.yaml")
        registered_files = {region.file.resolve() for region in registry.values()}
        files = []
        with os.scandir(self.directory) as entries:
            for entry in entries:
                stem, suffix = _split_suffix(entry.name)
                if suffix not in NOTICE_SUFFIXES or not entry.is_file():
                    continue
                if registered_files and Path(entry.path).resolve() in registered_files:
                    continue
                files.append((stem, NOTICE_SUFFIXES.index(suffix), entry.name))
        files.sort()
        stems = {stem.lower() for stem, *_ in files}
        warnings = []
        child = _child_path(self.directory)
        prefix = os.path.join(os.path.abspath(self.directory), "")
        for stem, _, name in files:
            path = child(name)
            slug = stem
            if slug.lower() in owners:
                number = 2
                while f"{stem}-{number}".lower() in owners or f"{stem}-{number}".lower() in stems:
                    number += 1
                slug = f"{stem}-{number}"
                warnings.append(f"{path} is listed as {slug}: {stem} already names {owners[stem.lower()]}")
            owners[slug.lower()] = name
            sources[slug] = Source(slug, path, listed=(prefix, name))
        return sources, warnings

    def source(self, argument: str) -> Source:
        """Resolve a region argument: "-" (stdin), a slug, a Chinese/English name, or a file path."""
        if argument == "-":
            return Source(slug="stdin", path=None)
        if argument in self._registry:
            return Source(argument, self._registry[argument].file, self._registry[argument])
        for region in self._registry.values():
            if argument in (region.name, region.name_en) or (region.name_en and argument.lower() == region.name_en.lower()):
                return Source(region.slug, region.file, region)
        short = [region for region in self._registry.values() if region.name and short_name(region.name) == argument]
        if len(short) > 1:
            names = ", ".join(f"{region.name} ({region.slug})" for region in short)
            raise UsageError(f"{argument} names several regions: {names}", "give the full name or the slug")
        if short:
            return Source(short[0].slug, short[0].file, short[0])
        for suffix in NOTICE_SUFFIXES:
            candidate = self.directory / f"{argument}{suffix}"
            if candidate.is_file():
                return Source(argument, candidate)
        if "/" not in argument and not argument.lower().endswith(NOTICE_SUFFIXES):  # a slug of a file: notice-2, NOTE.TXT
            listed = self._folder()[0].get(argument)
            if listed is not None:
                return listed
        path = Path(argument).expanduser()
        if path.is_dir():
            raise UsageError(f"{argument} is a folder, not a notice file", "name a .txt file, or use --corpus to point at a folder of notices")
        if path.exists():  # a file, or a pipe: process substitution <(…) gives /dev/fd/63
            return Source(path.stem, path)
        raise self._unknown(argument)

    def sources(self, arguments: Sequence[str]) -> list[Source]:
        """Resolve several region arguments; different files that would share a slug get -2, -3, ….

        a/notice.txt and b/notice.txt become notice and notice-2, a linfen.txt compared with the
        corpus's linfen becomes linfen-2: the slug names a comparison's columns and its task ids.
        """
        sources = [self.source(argument) for argument in arguments]
        taken = {source.slug for source in sources}
        used: set[str] = set()
        for source in sources:
            if source.slug in used:
                number = 2
                while f"{source.slug}-{number}" in taken:
                    number += 1
                source.renamed_from, source.slug = source.slug, f"{source.slug}-{number}"
                taken.add(source.slug)
            used.add(source.slug)
        return sources

    def _unknown(self, argument: str) -> UnknownRegionError:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        slugs = self.slugs()
        best = process.extractOne(argument.lower(), slugs, scorer=Levenshtein.normalized_similarity, score_cutoff=0.5)
        shown = ", ".join(slugs[:REGIONS_SHOWN]) + (f" and {len(slugs) - REGIONS_SHOWN} more" if len(slugs) > REGIONS_SHOWN else "")
        hint = f"did you mean {best[0]}?" if best else f"known regions: {shown}"
        looks_like_path = "/" in argument or argument.lower().endswith(NOTICE_SUFFIXES)
        what = "no such file" if looks_like_path else "unknown region"
        return UnknownRegionError(f"{what}: {argument}", f"{hint} ('hrcli list' shows the corpus)")

    def read(self, source: Source) -> bytes:
        """The notice's bytes; standard input can be read once."""
        if source.path is None:
            if self._stdin_used:
                raise UsageError("standard input ('-') can be given only once")
            self._stdin_used = True
            return _read_capped(sys.stdin.buffer, "-")
        self.inputs.append(source.path)
        return read_notice_file(source.path)

    def check_output(self, output: str | Path) -> None:
        """Refuse an -o file that is an input of this run: a notice or gold file read, or a notice of the corpus folder."""
        path = Path(output)
        try:
            if not path.is_file():
                return
        except OSError:  # a name too long for the file system: the writer says so
            return
        in_corpus = path.suffix in NOTICE_SUFFIXES and _same_file(path.parent, self.directory)
        if in_corpus or any(_same_file(path, other) for other in [*self.inputs, *(r.file for r in self._registry.values())]):
            raise OutputError(f"cannot write {path}: it is an input of this command", "name another output file")

    def load(self, argument: str) -> Notice:
        """Parse the notice a region argument names, using the parse cache."""
        return self.load_source(self.source(argument))

    def load_source(self, source: Source) -> Notice:
        """Parse the notice of a resolved source, using the parse cache."""
        return load_notice(self.read(source), source, self.settings)

    def load_distinct(self, arguments: Sequence[str], on_rename: Callable[[str, Source], None] | None = None) -> list[Notice]:
        """The notices of several region arguments, each a different notice under its own slug.

        A region named twice, or one notice under two names (linfen and corpus/linfen.txt, or two copies of a
        file), is refused; different files that would share a slug become x and x-2 (on_rename is told).
        """
        named = [argument for argument in arguments if argument != "-"]
        for argument in named:
            if named.count(argument) > 1:
                raise UsageError(f"region {argument} is named twice", "name each region once")
        sources = self.sources(arguments)
        notices = [self.load_source(source) for source in sources]
        first: dict[str, str] = {}
        for argument, notice in zip(arguments, notices):
            if notice.sha256 in first:
                raise UsageError(f"{first[notice.sha256]} and {argument} are the same notice", "name each notice once")
            first[notice.sha256] = argument
        for argument, source in zip(arguments, sources):
            if source.renamed_from and on_rename is not None:
                on_rename(argument, source)
        return notices

    def readable_notices(self, skipped: list[tuple[str, InputError]], slugs: Sequence[str] | None = None) -> Iterator[Notice]:
        """The notices of the corpus (or of these slugs) one by one; a file that cannot be read or parsed is
        appended to `skipped` with its error instead: one broken file must not hide the rest of the corpus.
        """
        for slug in self.slugs() if slugs is None else slugs:
            try:
                yield self.load(slug)
            except InputError as error:
                skipped.append((slug, error))

    def all_notices(self, on_skip: Callable[[str, InputError], None]) -> list[Notice]:
        """Every readable notice; each file skipped is passed to on_skip, but when none can be read, the last
        problem is raised as the error (there is nothing to show).
        """
        skipped: list[tuple[str, InputError]] = []
        notices = list(self.readable_notices(skipped))
        for slug, error in skipped[: None if notices else -1]:
            on_skip(slug, error)
        if not notices and skipped:
            raise skipped[-1][1]
        return notices


def _split_suffix(name: str) -> tuple[str, str]:
    """(stem, lower-case suffix) of a file name, as os.path.splitext splits it (a name of only leading dots and a
    suffix, `.txt`, has none), in a third of its time (10,000 names a run)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem.strip("."):
        return name, ""
    return stem, f".{suffix.lower()}"


def _child_path(directory: Path) -> Callable[[str], Path]:
    """directory / name for a file name of a listing, made without parsing the name again: pathlib's own way for
    the entries of a folder (Path.iterdir) where this Python has it (a third of `/`'s time, 10,000 files a run)."""
    return getattr(directory, "_make_child_relpath", directory.joinpath)


def _same_file(path: Path, other: Path) -> bool:
    """True when both name one file (or folder), through links and relative paths."""
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def read_notice_file(path: Path) -> bytes:
    """The bytes of a notice file, capped at MAX_NOTICE_BYTES; InputError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return _read_capped(handle, str(path))
    except PermissionError:
        raise InputError(f"{path}: permission denied", "check the file's permissions") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from error


def _read_capped(stream, label: str) -> bytes:
    """All bytes of a stream, refusing more than MAX_NOTICE_BYTES (`hrcli show /dev/zero` must end).

    Read as io's readall() reads: as much as the file's size first, then in growing pieces. One read of
    MAX_NOTICE_BYTES + 1 made a buffer of that size for each file: 30 instead of 8 µs a notice (a cold build reads
    10,000).
    """
    pieces, total = [], 0
    want = _size_of(stream) + 1
    while total <= MAX_NOTICE_BYTES:
        piece = stream.read(min(want, MAX_NOTICE_BYTES + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
        want = min(max(want, 1 << 16) * 2, 1 << 24)
    data = b"".join(pieces)
    if len(data) > MAX_NOTICE_BYTES:
        raise InputError(
            f"{label}: larger than {MAX_NOTICE_BYTES // 2**20} MB, too large for a notice",
            "give the file of one notice; a corpus of many notices goes in a folder (--corpus DIR)",
        )
    return data


def _size_of(stream) -> int:
    """The size of the file behind a stream, 0 when it has none (a pipe, a terminal, a stream without a file)."""
    try:
        return max(0, os.fstat(stream.fileno()).st_size)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return 0


def load_notice(data: bytes, source: Source, settings: Settings, weigh=None, hashed=None) -> Notice:
    """Bytes of a notice -> enriched Notice, cached by content hash and slug in the folder of the parser's key.

    `weigh`: enrich's topic counter, when the caller has a faster one (the corpus index). `hashed`: a
    hashlib.sha256 object fed with `data`, when the caller has one (the corpus index hashes every file): the bytes
    are hashed once.
    """
    # The suffix is part of the key: the same bytes read as .html and as .txt give different warnings.
    suffix = source.path.suffix.lower() if source.path else ""
    digest = hashed.copy() if hashed is not None else hashlib.sha256(data)
    digest.update(f"\0{source.slug}\0{suffix}".encode())
    key = digest.hexdigest()
    version = parser_key(settings)
    kind = f"notice/{version}"
    notice = _from_cache(settings, kind, key)
    if notice is None:
        from hrcli.analyse.enrich import enrich
        from hrcli.parse.notice import parse_notice
        from hrcli.read.documents import read_document

        document = read_document(data, source.label)
        notice = enrich(parse_notice(document.text, region=source.slug, source=source.label), settings, weigh)
        notice.warnings[:0] = document.warnings
        settings.cache.put(kind, key, notice, default=json_fields)
    settings.cache.sweep_versions("notice", version)
    notice.source = source.label
    _apply_registry(notice, source.region)
    return notice


def parser_key(settings: Settings) -> str:
    """What a parse depends on besides the bytes: PARSER_VERSION, the parsing code and the configs it reads.

    Old keys' cache folders are removed (Cache.sweep_versions); two versions of hrcli keep their own.
    """
    return hashlib.sha256(f"{_parser_code()}\0{settings.fingerprint(*SHARED_CONFIGS)}".encode()).hexdigest()[:20]


def _parser_code() -> str:
    """PARSER_VERSION and the names, sizes and times of the parsing code's files (one stat each, no reading)."""
    from hrcli.cache import code_fingerprint

    return f"{PARSER_VERSION}\0{code_fingerprint(*PARSER_CODE)}"


def _from_cache(settings: Settings, kind: str, key: str) -> Notice | None:
    cached = settings.cache.get(kind, key)
    if cached is None:
        return None
    try:
        return Notice.from_dict(cached)
    except (TypeError, KeyError, ValueError, AttributeError):
        return None  # an entry of another layout: rebuild it


def _apply_registry(notice: Notice, region: Region | None) -> None:
    """regions.yaml states the level where the text leaves it ambiguous (a 市 may be county-level)."""
    if region is None:
        return
    notice.level = region.level or notice.level
    notice.place = region.name or notice.place
