"""configs/*.yaml -> validated settings; every error names the file and the line."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrcli.cache import NO_CACHE, Cache
from hrcli.errors import ConfigError

if TYPE_CHECKING:
    from hrcli.parse.normalize import Normalizer

PACKAGE = Path(__file__).resolve().parent
# Part of the cache key of a parsed config: bumped when what a config may hold changes, so a file read under the
# old rules is read again (2: aliases refused).
YAML_RULES = "2"
LEVELS = ("province", "city", "county")

# Allowed keys of each file (a typo is reported, not silently ignored).
REGION_KEYS = {"file", "name", "name_en", "level", "province", "parent"}
MATCHING_KEYS = {
    "threshold", "relative_threshold", "ngram_sizes", "topic_weight", "stop_phrases", "synonyms",
    "max_partners", "label_margin", "target_cutoff", "measure_stop_words",
    "partner_ratio", "stop_patterns", "families", "place_campaigns", "key_terms", "why_max_df", "topic_veto",
}


def packaged(name: str) -> Path:
    """The default configs/ or demo corpus/ shipped with hrcli: in the installed package (hrcli/data/NAME,
    see pyproject's package-dir), or, run from a checkout, the top-level folder the package data is built from.
    """
    installed = PACKAGE / "data" / name
    return installed if installed.is_dir() else PACKAGE.parent / name


DEFAULT_CONFIG_DIR = packaged("configs")
DEMO_CORPUS_DIR = packaged("corpus")


@dataclass
class Loaded:
    """A YAML file's data, with a way to find the line of any key path."""

    path: Path
    data: Any
    text: str
    warnings: list[str] = field(default_factory=list)
    _node: Any = None

    @property
    def node(self) -> Any:
        """The YAML node tree (with line marks), composed only when a line number is needed."""
        if self._node is None:
            import yaml

            self._node = yaml.compose(self.text, Loader=yaml.SafeLoader)
        return self._node

    def line_of(self, *keys: Any) -> int:
        """1-based line of the value at keys (or of the nearest parent found)."""
        node, line = self.node, 1
        for key in keys:
            if node is None:
                break
            line = node.start_mark.line + 1
            node = _child(node, key)
        return node.start_mark.line + 1 if node is not None else line

    def error(self, message: str, *keys: Any) -> ConfigError:
        """A ConfigError naming this file and the line of keys."""
        return ConfigError(f"{self.path}:{self.line_of(*keys)}: {message}", "fix the file, or restore it from git")

    def warn(self, message: str, *keys: Any) -> None:
        self.warnings.append(f"{self.path}:{self.line_of(*keys)}: {message}")


def _child(node: Any, key: Any) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def load_yaml(path: Path, cache: Cache = NO_CACHE) -> Loaded:
    """Read one YAML file safely; malformed YAML and duplicate keys are errors with a line.

    A file that parsed cleanly before is taken from the cache (keyed by its bytes): the CLI's
    warm path then never imports yaml.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found", "restore it, or point --config-dir (HRCLI_CONFIG_DIR) at a full configs folder") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})", "save it as UTF-8 text") from error
    key = _text_key(f"{YAML_RULES}\0{text}")
    cached = cache.get("yaml", key)
    if isinstance(cached, dict) and "data" in cached:
        return Loaded(path, cached["data"], text)
    loaded = _parse_yaml(path, text)
    if _json_safe(loaded.data):
        cache.put("yaml", key, {"data": loaded.data})
    return loaded


def _json_safe(data: Any) -> bool:
    """True when the data survives a JSON round trip unchanged (no dates, no non-string keys)."""
    import json

    try:
        return json.loads(json.dumps(data)) == data
    except (TypeError, ValueError):
        return False


def _text_key(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse_yaml(path: Path, text: str) -> Loaded:
    import yaml

    loader = None
    try:
        loader = _loader_without_aliases(path)(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise _malformed(path, error) from error
    except RecursionError:  # "[[[[…" thousands deep: PyYAML recurses once per level
        raise ConfigError(f"{path}: malformed YAML: nested too deeply", "check the brackets and indentation") from None
    finally:
        if loader is not None:
            loader.dispose()
    loaded = Loaded(path, data if data is not None else {}, text, _node=node)
    _check_duplicates(loaded, node)
    return loaded


def _loader_without_aliases(path: Path) -> Any:
    """yaml.SafeLoader refusing aliases (*name): a few hundred bytes of nested aliases expand to gigabytes.

    The configs never need one (each value is written out), so the first alias is an error naming its line.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise ConfigError(f"{path}:{event.start_mark.line + 1}: YAML alias *{event.anchor} refused",
                                  "hrcli's configs take no aliases: write the value out in full")
            return super().compose_node(parent, index)

    return Loader


def _malformed(path: Path, error: Any) -> ConfigError:
    """The line where YAML found the problem, and where the unfinished part began when elsewhere.

    An unclosed bracket or quote is found only at the end of the file; its start is the line to fix.
    """
    problem_mark, context_mark = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error).split("\n")[0]
    context = getattr(error, "context", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        problem += f" ({context} that starts at line {context_mark.line + 1})"
    return ConfigError(f"{path}:{line}: malformed YAML: {problem}", "check indentation and quoting on that line")


def _check_duplicates(loaded: Loaded, node: Any) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                raise ConfigError(
                    f"{loaded.path}:{line}: duplicate key {key_node.value!r} (first at line {seen[key_node.value]})",
                    "each key (a region slug, a department) may appear once",
                )
            seen[key_node.value] = line
            _check_duplicates(loaded, value_node)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_duplicates(loaded, child)


def require_mapping(loaded: Loaded, value: Any, *keys: Any) -> dict:
    if not isinstance(value, dict):
        raise loaded.error(f"expected a mapping under {'.'.join(map(str, keys)) or 'the top level'}", *keys)
    return value


def check_keys(loaded: Loaded, mapping: dict, allowed: set[str], *keys: Any) -> None:
    for key in mapping:
        if key not in allowed:
            loaded.warn(f"unknown key {key!r} ignored (known: {', '.join(sorted(allowed))})", *keys, key)


@dataclass
class Region:
    """One corpus entry from regions.yaml."""

    slug: str
    file: Path
    name: str | None = None
    name_en: str | None = None
    level: str | None = None
    province: str | None = None
    parent: str | None = None


@dataclass
class Regions:
    entries: dict[str, Region]
    warnings: list[str]


def load_regions(corpus: Path, directory: Path = DEFAULT_CONFIG_DIR, cache: Cache = NO_CACHE, anywhere: bool = False) -> Regions:
    """regions.yaml: slug -> file (relative to the corpus folder, and inside it unless anywhere) and metadata."""
    loaded = load_yaml(directory / "regions.yaml", cache)
    top = require_mapping(loaded, loaded.data)
    regions = require_mapping(loaded, top.get("regions", {}), "regions")
    entries = {}
    for slug, entry in regions.items():
        entry = require_mapping(loaded, entry or {}, "regions", slug)
        check_keys(loaded, entry, REGION_KEYS, "regions", slug)
        if str(slug) == "-":  # every command that goes through the corpus would read standard input for it
            raise loaded.error("region '-': a slug cannot be - (it means standard input)", "regions", slug)
        file = corpus / str(entry.get("file", f"{slug}.txt"))
        if not anywhere and not _inside(corpus, file):  # a shared folder's regions.yaml must not read ~/.ssh
            raise ConfigError(
                f"{loaded.path}:{loaded.line_of('regions', slug, 'file')}: region {slug!r} points to {file}, outside the corpus folder",
                "keep the notices in the corpus folder, or give --region-files-anywhere if you trust this regions.yaml",
            )
        if not file.is_file():
            raise loaded.error(f"region {slug!r} points to {file}, which does not exist", "regions", slug, "file")
        level = entry.get("level")
        if level is not None and level not in LEVELS:
            raise loaded.error(f"region {slug!r}: level must be one of {', '.join(LEVELS)}, not {level!r}", "regions", slug, "level")
        entries[str(slug)] = Region(
            slug=str(slug), file=file, name=entry.get("name"), name_en=entry.get("name_en"),
            level=level, province=entry.get("province"), parent=entry.get("parent"),
        )
    return Regions(entries, loaded.warnings)


def _inside(folder: Path, file: Path) -> bool:
    """True when the path, with its .. folded (links are the folder owner's choice), lies inside the folder."""
    folder_path, file_path = Path(os.path.abspath(folder)), Path(os.path.abspath(file))
    return folder_path in file_path.parents


@dataclass
class Matching:
    """Settings of the aligner (configs/matching.yaml)."""

    threshold: float
    relative_threshold: float
    ngram_sizes: tuple[int, ...]
    topic_weight: float
    stop_phrases: list[str]
    synonyms: dict[str, list[str]]
    max_partners: int
    label_margin: float
    target_cutoff: float = 0.6  # two targets whose measures are this alike (0-1) are the same measure
    measure_stop_words: list[str] = field(default_factory=list)  # blanked before measures are compared
    warnings: list[str] = field(default_factory=list)
    partner_ratio: float = 0.8  # a link that is one task's best must reach this share of the other task's best
    stop_patterns: list[str] = field(default_factory=list)  # regular expressions blanked like stop_phrases
    families: dict[str, list[str]] = field(default_factory=dict)  # reform family -> its members' names
    place_campaigns: dict[str, list[str]] = field(default_factory=dict)  # 健康城市 <- 健康 + a region's name
    key_terms: list[str] = field(default_factory=list)  # whole words `why` may show, besides topic terms
    why_max_df: float = 0.2  # a term in more than this share of the corpus's tasks is boilerplate for `why`
    topic_veto: bool = True  # two tasks that share no reform area (topics.yaml) are never linked

    @cached_property
    def measure_normalizer(self) -> Normalizer:
        """Synonym folding and measure stop words, for pairing targets by measure."""
        from hrcli.parse.normalize import Normalizer

        return Normalizer(self.synonyms, self.measure_stop_words)


def require_number(loaded: Loaded, data: dict, key: str, low: float, high: float, default: float | None = None) -> float:
    """data[key] as a number from low to high (default when the key is absent and a default is given)."""
    value = data.get(key, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
        raise loaded.error(f"{key} must be a number from {low} to {high}, not {value!r}", key)
    return float(value)


def string_list(loaded: Loaded, value: Any, *keys: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, (str, int)) for item in value):
        raise loaded.error(f"{'.'.join(map(str, keys))} must be a list of strings", *keys)
    return [str(item) for item in value]


def load_matching(directory: Path = DEFAULT_CONFIG_DIR, cache: Cache = NO_CACHE) -> Matching:
    """matching.yaml: thresholds, weights, stop phrases and synonyms of the aligner."""
    loaded = load_yaml(directory / "matching.yaml", cache)
    data = require_mapping(loaded, loaded.data)
    check_keys(loaded, data, MATCHING_KEYS)
    synonyms = string_lists(loaded, data, "synonyms")
    sizes = data.get("ngram_sizes", [2])
    if not isinstance(sizes, list) or not sizes or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 6 for n in sizes):
        raise loaded.error("ngram_sizes must be a list of whole numbers from 1 to 6", "ngram_sizes")
    return Matching(
        threshold=require_number(loaded, data, "threshold", 0, 1),
        relative_threshold=require_number(loaded, data, "relative_threshold", 0, 1),
        ngram_sizes=tuple(sizes),
        topic_weight=require_number(loaded, data, "topic_weight", 0, 1),
        stop_phrases=string_list(loaded, data.get("stop_phrases", []), "stop_phrases"),
        synonyms=synonyms,
        max_partners=int(require_number(loaded, data, "max_partners", 1, 50)),
        label_margin=require_number(loaded, data, "label_margin", 0, 1),
        target_cutoff=require_number(loaded, data, "target_cutoff", 0, 1, default=Matching.target_cutoff),
        measure_stop_words=string_list(loaded, data.get("measure_stop_words", []), "measure_stop_words"),
        warnings=loaded.warnings,
        partner_ratio=require_number(loaded, data, "partner_ratio", 0, 1, default=Matching.partner_ratio),
        stop_patterns=pattern_list(loaded, data.get("stop_patterns", []), "stop_patterns"),
        families=string_lists(loaded, data, "families"),
        place_campaigns=string_lists(loaded, data, "place_campaigns"),
        key_terms=string_list(loaded, data.get("key_terms", []), "key_terms"),
        why_max_df=require_number(loaded, data, "why_max_df", 0, 1, default=Matching.why_max_df),
        topic_veto=require_bool(loaded, data, "topic_veto", Matching.topic_veto),
    )


def require_bool(loaded: Loaded, data: dict, key: str, default: bool) -> bool:
    """data[key] as true or false (default when absent)."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise loaded.error(f"{key} must be true or false, not {value!r}", key)
    return value


def string_lists(loaded: Loaded, data: dict, key: str) -> dict[str, list[str]]:
    """data[key] as a mapping of names to lists of strings (empty when absent)."""
    raw = require_mapping(loaded, data.get(key, {}), key)
    return {str(name): string_list(loaded, forms, key, name) for name, forms in raw.items()}


def pattern_list(loaded: Loaded, value: Any, key: str) -> list[str]:
    """A list of regular expressions, each checked to compile."""
    patterns = string_list(loaded, value, key)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise loaded.error(f"{key}: {pattern!r} is not a valid regular expression ({error})", key) from None
    return patterns


def fingerprint(*names: str, directory: Path = DEFAULT_CONFIG_DIR) -> str:
    """A hash of the named config files' bytes: part of every cache key (no YAML parsing)."""
    import hashlib

    digest = hashlib.sha256()
    for name in names:
        path = directory / name
        digest.update(name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()[:16]


