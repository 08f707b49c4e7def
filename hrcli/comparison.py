"""Region arguments -> Alignment, with the reference set for idf and the alignment cache."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence

from hrcli.cache import code_fingerprint
from hrcli.config import Matching
from hrcli.corpus import Corpus
from hrcli.errors import UsageError
from hrcli.schema import Alignment, Link, Notice, Row

# Bumped when the aligner's output for the same input changes (part of the cache key);
# kept here so a cached comparison needs no import of the aligner (and numpy) at all.
ALIGN_VERSION = "3"  # 3: rows are cliques of pairwise links, with per-pair scores and `nearest`

CONFIG_FILES = ("matching.yaml", "topics.yaml")


def reference_notices(corpus: Corpus, extra: Sequence[Notice]) -> list[Notice]:
    """Every notice of the corpus plus the ones being compared: the documents idf is counted over."""
    notices = list(extra)
    seen = {notice.sha256 for notice in notices}
    for notice in corpus.readable_notices([]):  # a broken file elsewhere must not stop this comparison
        if notice.sha256 not in seen:
            seen.add(notice.sha256)
            notices.append(notice)
    return notices


# From this many notices on, idf comes from the corpus's task index (hrcli/index.py), counted once and cached,
# instead of from every notice of the corpus parsed again for each comparison. Both give the same numbers
# (tests/test_index.py); for a few notices the direct count is cheaper than building an index.
INDEX_FROM = 50


def build_matcher(corpus: Corpus, notices: Sequence[Notice], matching: Matching | None = None):
    """A Matcher with the configured settings and idf over the corpus."""
    from hrcli.align.matcher import Matcher

    matching, taxonomy = matching or corpus.settings.matching, corpus.settings.taxonomy
    if len(corpus.slugs()) >= INDEX_FROM:
        from hrcli.index.build import load_index
        from hrcli.index.query import index_matcher

        matcher = index_matcher(load_index(corpus), notices, matching, taxonomy)
        if matcher is not None:  # None: settings other than the configs' (the index has those)
            return matcher
    return Matcher(matching, taxonomy, reference_notices(corpus, notices))


def compare_notices(corpus: Corpus, notices: Sequence[Notice], threshold: float | None = None) -> Alignment:
    """Align two or more notices, from the cache when nothing relevant changed."""
    if len(notices) < 2:
        raise UsageError("compare needs at least two regions", "name two or more regions, e.g. hrcli compare linfen qinghai")
    cache = corpus.settings.cache
    key = _cache_key(corpus, notices, threshold)
    cached = cache.get("alignment", key)
    if cached is not None:
        alignment = _alignment_from(cached, notices)
        if alignment is not None:
            return alignment
    matching = corpus.settings.matching
    if threshold is not None:
        matching = dataclasses.replace(matching, threshold=threshold)
    from hrcli.align.matcher import align_tasks

    alignment = align_tasks(notices, build_matcher(corpus, notices, matching))
    cache.put("alignment", key, _alignment_to(alignment))
    return alignment


def _cache_key(corpus: Corpus, notices: Sequence[Notice], threshold: float | None) -> str:
    """Content of the compared notices, the corpus (names and sizes), the configs and the version."""
    digest = hashlib.sha256()
    for notice in notices:
        digest.update(f"{notice.region}:{notice.sha256};".encode())
    for path in sorted(corpus.directory.iterdir()):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    digest.update(corpus.settings.fingerprint(*CONFIG_FILES).encode())
    digest.update(f"{ALIGN_VERSION}:{threshold}:{code_fingerprint()}".encode())
    return digest.hexdigest()


def _alignment_to(alignment: Alignment) -> dict:
    return {
        "regions": alignment.regions,
        "links": [[link.a, link.b, link.score] for link in alignment.links],
        "rows": [
            {"status": row.status, "score": row.score, "label": row.label, "why": row.why,
             "tasks": {region: [task.id for task in tasks] for region, tasks in row.tasks.items()},
             "target_differences": row.target_differences, "pairs": row.pairs, "nearest": row.nearest}
            for row in alignment.rows
        ],
    }


def _alignment_from(data: dict, notices: Sequence[Notice]) -> Alignment | None:
    """Rebuild a cached alignment; None when it no longer fits the notices."""
    by_id = {task.id: task for notice in notices for task in notice.tasks}
    try:
        rows = [
            Row(status=row["status"], score=row["score"], label=row["label"], why=row["why"],
                tasks={region: [by_id[task_id] for task_id in ids] for region, ids in row["tasks"].items()},
                target_differences=row["target_differences"], pairs=row["pairs"], nearest=row["nearest"])
            for row in data["rows"]
        ]
        links = [Link(a, b, score) for a, b, score in data["links"]]
        return Alignment(regions=list(data["regions"]), rows=rows, links=links)
    except (KeyError, TypeError, ValueError):
        return None


def alignment_json(alignment: Alignment) -> str:
    """The cached form as text (for debugging and tests)."""
    return json.dumps(_alignment_to(alignment), ensure_ascii=False)
