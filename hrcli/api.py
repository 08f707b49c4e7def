"""hrcli from Python, without the command line: `from hrcli import load_notice, compare`.

Both take an optional Settings; without one they use the configs and demo notices shipped with hrcli and no
cache, and read nothing from the environment (`Settings.from_environment()` gives what the CLI would use).
"""

from __future__ import annotations

from pathlib import Path

from hrcli.corpus import Corpus
from hrcli.errors import UsageError
from hrcli.schema import Alignment, Notice
from hrcli.settings import Settings


def load_notice(notice: str | Path, settings: Settings | None = None) -> Notice:
    """One notice, parsed and enriched: a region of the corpus (slug or name) or the path of a notice file."""
    return Corpus(settings or Settings()).load(str(notice))


def compare(*notices: str | Path | Notice, settings: Settings | None = None, threshold: float | None = None) -> Alignment:
    """Align two or more notices (regions, paths, or Notices already loaded) as `hrcli compare` does."""
    from hrcli.comparison import compare_notices

    corpus = Corpus(settings or Settings())
    named = iter(corpus.load_distinct([str(item) for item in notices if not isinstance(item, Notice)]))
    loaded = [item if isinstance(item, Notice) else next(named) for item in notices]
    if len({notice.region for notice in loaded}) < len(loaded):
        raise UsageError("two of the notices have the same region slug", "compare different notices")
    return compare_notices(corpus, loaded, threshold)
