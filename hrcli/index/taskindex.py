"""The corpus task index (kept for imports of before the split): see store.py, build.py and query.py."""

from __future__ import annotations

from hrcli.index.build import load_index
from hrcli.index.query import Hit, IndexedNotice, TaskIndex, index_matcher, rank_against, search_tasks

__all__ = ["Hit", "IndexedNotice", "TaskIndex", "index_matcher", "load_index", "rank_against", "search_tasks"]
