"""The settings of one run, made once and passed down: configs, corpus folder, cache, terminal.

The only module that reads the environment (httpie's Environment, sqlite-utils' Database): the library
below takes a Settings, so a test can hand it any configs, corpus, cache and terminal it likes.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hrcli.cache import Cache, code_fingerprint
from hrcli.config import (
    DEFAULT_CONFIG_DIR,
    DEMO_CORPUS_DIR,
    Matching,
    Regions,
    fingerprint,
    load_matching,
    load_regions,
)
from hrcli.terminal import PIPE, Terminal

if TYPE_CHECKING:
    from hrcli.analyse.departments import DepartmentIndex
    from hrcli.analyse.topics import Taxonomy

# The configs every notice is enriched with (regions.yaml aside): their bytes are part of every cache key.
SHARED_CONFIGS = ("matching.yaml", "topics.yaml", "departments.yaml")


@dataclass
class Settings:
    """Everything a command depends on besides its arguments; configs are loaded when first asked for."""

    config_dir: Path = DEFAULT_CONFIG_DIR
    corpus_dir: Path = DEMO_CORPUS_DIR
    cache: Cache = field(default_factory=lambda: Cache(None))
    terminal: Terminal = PIPE
    quiet: bool = False
    debug: bool = False
    region_files_anywhere: bool = False  # the corpus's regions.yaml may name files outside the corpus folder
    _fingerprints: dict[tuple[str, ...], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        corpus: str | Path | None = None,
        config_dir: str | Path | None = None,
        no_cache: bool = False,
        quiet: bool = False,
        debug: bool = False,
        region_files_anywhere: bool = False,
        stdout: TextIO | None = None,
        cwd: Path | None = None,
    ) -> Settings:
        """Settings from the command line's options, then the environment, then the defaults."""
        environ = os.environ if environ is None else environ
        corpus_dir = corpus_folder(corpus, environ, cwd or Path.cwd())
        return cls(
            config_dir=configs_folder(config_dir, environ, corpus_dir),
            corpus_dir=corpus_dir,
            cache=Cache(None if no_cache or environ.get("HRCLI_NO_CACHE") else cache_folder(environ)),
            terminal=Terminal.detect(stdout or sys.stdout, environ),
            quiet=quiet,
            debug=debug,
            region_files_anywhere=region_files_anywhere,
        )

    @cached_property
    def matching(self) -> Matching:
        """configs/matching.yaml, validated."""
        return load_matching(self.config_dir, self.cache)

    @cached_property
    def taxonomy(self) -> Taxonomy:
        """configs/topics.yaml, validated."""
        from hrcli.analyse.topics import load_topics

        return load_topics(self.config_dir, self.cache)

    @cached_property
    def departments(self) -> DepartmentIndex:
        """configs/departments.yaml, validated."""
        from hrcli.analyse.departments import load_departments

        return load_departments(self.config_dir, self.cache)

    def regions(self) -> Regions:
        """The corpus folder's regions.yaml, else the configs' one where it describes this corpus, else none.

        The configs' regions.yaml names the files of the demo corpus; it describes a user's corpus only when
        that corpus keeps its configs/ beside it (a research group's project/corpus and project/configs).
        """
        if (self.corpus_dir / "regions.yaml").is_file():
            return load_regions(self.corpus_dir, self.corpus_dir, self.cache, self.region_files_anywhere)
        beside = self.config_dir.resolve() == (self.corpus_dir / ".." / "configs").resolve()
        if (beside or self.is_demo_corpus) and (self.config_dir / "regions.yaml").is_file():
            return load_regions(self.corpus_dir, self.config_dir, self.cache, self.region_files_anywhere)
        return Regions({}, [])

    @property
    def is_demo_corpus(self) -> bool:
        return self.corpus_dir.resolve() == DEMO_CORPUS_DIR.resolve()

    def fingerprint(self, *names: str) -> str:
        """A hash of the named config files' bytes (part of cache keys), read once per run as the configs are.

        Every notice a corpus build parses asks for it: reading and hashing three files again each time cost
        0.08 ms a notice (measured).
        """
        if names not in self._fingerprints:
            self._fingerprints[names] = fingerprint(*names, directory=self.config_dir)
        return self._fingerprints[names]

    def config_warnings(self) -> list[str]:
        """The warnings of matching.yaml, topics.yaml and departments.yaml (unknown keys, repeated aliases).

        Every command that loads a notice reads these files, so every one prints their warnings, not
        only the run that happens to parse. They are cached by the files' folder and bytes and by
        hrcli's code: a warm run loads none of the three.
        """
        identity = f"{self.config_dir.resolve()}\0{self.fingerprint(*SHARED_CONFIGS)}\0{code_fingerprint()}"
        key = hashlib.sha256(identity.encode()).hexdigest()
        cached = self.cache.get("config-warnings", key)
        if isinstance(cached, list):
            return cached
        warnings = [*self.matching.warnings, *self.taxonomy.warnings, *self.departments.warnings]
        self.cache.put("config-warnings", key, warnings)
        return warnings


def corpus_folder(option: str | Path | None, environ: Mapping[str, str], cwd: Path) -> Path:
    """--corpus, else $HRCLI_CORPUS, else ./corpus when there is one, else the demo corpus shipped with hrcli."""
    chosen = option or environ.get("HRCLI_CORPUS")
    if chosen:
        return Path(chosen).expanduser()
    local = cwd / "corpus"
    return local if local.is_dir() else DEMO_CORPUS_DIR


def configs_folder(option: str | Path | None, environ: Mapping[str, str], corpus_dir: Path) -> Path:
    """--config-dir, else $HRCLI_CONFIG_DIR, else a configs/ beside the corpus folder, else the defaults."""
    chosen = option or environ.get("HRCLI_CONFIG_DIR")
    if chosen:
        return Path(chosen).expanduser()
    beside = corpus_dir / ".." / "configs"
    return beside.resolve() if (beside / "matching.yaml").is_file() else DEFAULT_CONFIG_DIR


def cache_folder(environ: Mapping[str, str]) -> Path:
    """$HRCLI_CACHE_DIR, else $XDG_CACHE_HOME/hrcli, else ~/.cache/hrcli.

    A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory specification says: it would put
    the cache under whatever folder the command happens to run in.
    """
    explicit = environ.get("HRCLI_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path(environ.get("HOME") or Path.home()) / ".cache"
    return base / "hrcli"
