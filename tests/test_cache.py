"""The parse and alignment caches: a hit skips the work, any change misses, a corrupt entry is rebuilt."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from hrcli import cache
from hrcli.cache import Cache
from hrcli.corpus import Corpus, load_notice
from hrcli.settings import Settings

from .conftest import CORPUS, ROOT


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """A fresh, empty cache folder for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch):
    """Counts the calls of parse_notice (what a cache hit must skip)."""
    import hrcli.parse.notice

    calls = []
    real = hrcli.parse.notice.parse_notice

    def counting(*args, **kwargs):
        calls.append(kwargs.get("region"))
        return real(*args, **kwargs)

    monkeypatch.setattr(hrcli.parse.notice, "parse_notice", counting)
    return calls


def entries(folder, kind):
    return sorted((folder / f"v{cache.CACHE_VERSION}" / kind).rglob("*.json"))


def current() -> Settings:
    """The settings a command makes from the environment as the test has set it now."""
    return Settings.from_environment(cwd=ROOT)


def load_linfen(data=None):
    corpus = Corpus(current())
    source = corpus.source("linfen")
    return load_notice(data if data is not None else corpus.read(source), source, corpus.settings)


def test_put_then_get_returns_the_value(cache_folder):
    store = Cache(cache_folder)
    store.put("notice", "k", {"tasks": ["一", 2]})
    assert store.get("notice", "k") == {"tasks": ["一", 2]}
    assert store.get("notice", "other") is None
    assert cache_folder.is_dir()


@pytest.mark.parametrize("environ,no_cache", [({"HRCLI_NO_CACHE": "1"}, False), ({}, True)])
def test_no_cache_disables_reading_and_writing(cache_folder, monkeypatch, environ, no_cache):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    store = Settings.from_environment(no_cache=no_cache, cwd=ROOT).cache
    store.put("notice", "k", [1])
    assert store.get("notice", "k") is None
    assert not cache_folder.exists()


def test_second_load_is_a_hit_and_gives_the_same_notice(cache_folder, parses):
    first = load_linfen()
    second = load_linfen()
    assert parses == ["linfen"]
    assert second.to_dict() == first.to_dict()
    assert len(second.tasks) == 18 and second.tasks[5].targets  # enrichment survives the round trip


def test_a_changed_file_is_parsed_again(cache_folder, parses):
    original = (CORPUS / "linfen.txt").read_bytes()
    load_linfen(original)
    changed = load_linfen(original.replace("不低于 30%".encode(), "不低于 40%".encode()))
    assert parses == ["linfen", "linfen"]
    assert [t.text for t in changed.task(7).targets] == ["不低于40%"]
    assert len(entries(cache_folder, "notice")) == 2


def test_a_changed_config_misses_the_cache(cache_folder, parses, tmp_path, monkeypatch):
    load_linfen()
    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    with open(configs / "topics.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n# an edit changes the enrichment's fingerprint\n")
    monkeypatch.setenv("HRCLI_CONFIG_DIR", str(configs))
    load_linfen()
    assert parses == ["linfen", "linfen"]


@pytest.mark.parametrize("damage", [b"", b"{\"region\": \"linf", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"{}"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(cache_folder, parses, damage):
    expected = load_linfen().to_dict()
    [entry] = entries(cache_folder, "notice")
    entry.write_bytes(damage)
    assert load_linfen().to_dict() == expected
    assert parses == ["linfen", "linfen"]
    assert json.loads(entry.read_text(encoding="utf-8"))["region"] == "linfen"  # rewritten whole


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(blocker))
    assert len(load_linfen().tasks) == 18
    assert len(load_linfen().tasks) == 18
    assert parses == ["linfen", "linfen"]


def test_readers_never_see_a_half_written_entry(cache_folder):
    # Two processes running hrcli at once share the cache: an entry is replaced whole, never in place.
    big = {"text": "医" * 200_000}
    store = Cache(cache_folder)
    store.put("notice", "shared", big)
    seen, stop = [], threading.Event()

    def write():
        for number in range(30):
            store.put("notice", "shared", {**big, "n": number})
        stop.set()

    def read():
        while not stop.is_set():
            seen.append(store.get("notice", "shared"))

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen and all(value is not None and value["text"] == big["text"] for value in seen)
    assert not list((cache_folder / f"v{cache.CACHE_VERSION}" / "notice").rglob(".tmp-*"))


def test_alignment_cache_hit_and_miss_on_threshold(cache_folder, monkeypatch):
    import hrcli.align.matcher
    from hrcli.comparison import compare_notices

    calls = []
    real = hrcli.align.matcher.align_tasks
    monkeypatch.setattr(hrcli.align.matcher, "align_tasks", lambda *args: calls.append(1) or real(*args))
    corpus = Corpus(current())
    notices = [corpus.load("linfen"), corpus.load("qinghai")]
    first = compare_notices(corpus, notices)
    again = compare_notices(corpus, notices)
    assert len(calls) == 1
    assert [(r.status, r.score, r.label, r.target_differences) for r in again.rows] == [
        (r.status, r.score, r.label, r.target_differences) for r in first.rows
    ]
    assert [[t.id for t in r.tasks["qinghai"]] for r in again.rows] == [[t.id for t in r.tasks["qinghai"]] for r in first.rows]
    compare_notices(corpus, notices, threshold=0.5)
    assert len(calls) == 2


def test_the_parse_cache_is_kept_across_edits_of_code_that_does_not_parse(cache_folder, parses, monkeypatch):
    from hrcli import corpus

    load_linfen()
    real = cache.code_fingerprint  # the whole package's fingerprint changes, the parsing code's does not
    monkeypatch.setattr(cache, "code_fingerprint", lambda *parts: real(*parts) if parts else "the aligner or the output was edited")
    load_linfen()
    assert parses == ["linfen"]
    monkeypatch.setattr(corpus, "_parser_code", lambda: "the parser was edited")
    load_linfen()
    assert parses == ["linfen", "linfen"]


def test_old_parser_versions_are_removed_and_recent_ones_kept(cache_folder, parses, monkeypatch):
    import os
    import time

    from hrcli import corpus

    load_linfen()
    notice = cache_folder / f"v{cache.CACHE_VERSION}" / "notice"
    [first] = [path for path in notice.iterdir() if path.is_dir()]
    (notice / "flat-entry-of-the-old-layout.json").write_text("{}", encoding="utf-8")
    month = time.time() - 31 * 24 * 3600
    for name, age in (("stale", month), ("older", time.time() - 300), ("old", time.time() - 200)):
        (notice / name).mkdir()
        (notice / name / "x.json").write_text("{}", encoding="utf-8")
        os.utime(notice / name, (age, age))
    monkeypatch.setattr(corpus, "_parser_code", lambda: "a new parser")
    monkeypatch.setattr(cache, "_swept", set())
    load_linfen()
    left = sorted(path.name for path in notice.iterdir())
    # the new version, and the two most recently used others (a second hrcli sharing the cache keeps its own)
    assert len(left) == 3 and first.name in left and "old" in left
    assert not (notice / "stale").exists() and not (notice / "older").exists()
    assert not (notice / "flat-entry-of-the-old-layout.json").exists()


def test_to_dict_is_asdict(notices):
    """The parse cache stores Notice.to_dict(): the hand-written walk gives exactly dataclasses.asdict."""
    import dataclasses

    for notice in notices.values():
        fast, slow = notice.to_dict(), dataclasses.asdict(notice)
        assert fast == slow
        assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False)
        assert type(fast["tasks"][0]["span"]) is type(slow["tasks"][0]["span"])


def test_the_parse_cache_writes_what_to_dict_gives(notices, cache_folder):
    """Entries are written with schema.json_fields (no dicts built): the bytes of json.dumps(to_dict())."""
    from hrcli.schema import json_fields

    store = Cache(cache_folder)
    for name, notice in notices.items():
        store.put("notice", name, notice, default=json_fields)
        written = (cache_folder / f"v{cache.CACHE_VERSION}" / "notice" / f"{name}.json").read_text(encoding="utf-8")
        assert written == json.dumps(notice.to_dict(), ensure_ascii=False, separators=(",", ":"))


def test_json_fields_takes_the_fields_only_and_in_order(notices):
    """An attribute added to a task (or a field deleted and set again, which moves it last) changes nothing."""
    import copy

    from hrcli.schema import json_fields

    notice = copy.deepcopy(notices["qinghai"])
    task = notice.tasks[0]
    task.scratch = "not a field"
    title = task.title
    del task.title
    task.title = title
    assert list(json_fields(task)) == list(notice.to_dict()["tasks"][0])
    assert "scratch" not in json.dumps(notice, default=json_fields)
    with pytest.raises(TypeError):
        json_fields(object())


def test_a_put_leaves_no_temporary_file_and_makes_its_folder(cache_folder):
    store = Cache(cache_folder)
    store.put("deep/kind", "k", {"a": "一"})
    folder = cache_folder / f"v{cache.CACHE_VERSION}" / "deep" / "kind"
    assert [entry.name for entry in folder.iterdir()] == ["k.json"]
    assert store.get("deep/kind", "k") == {"a": "一"}


def test_a_failed_write_keeps_the_old_entry_and_no_temporary(cache_folder, monkeypatch):
    store = Cache(cache_folder)
    store.put("notice", "k", {"old": 1})

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "write", full)
    store.put("notice", "k", {"new": 2})
    folder = cache_folder / f"v{cache.CACHE_VERSION}" / "notice"
    assert [entry.name for entry in folder.iterdir()] == ["k.json"]
    assert store.get("notice", "k") == {"old": 1}


def test_a_notice_the_index_parsed_is_a_cache_hit_for_every_other_command(cache_folder, parses):
    """The index hands load_notice the hash of the bytes it has already taken: the entry's key is the same."""
    from hrcli.index.build import Features, prepare_source

    settings = current()
    prepare_source(Corpus(settings).source("linfen"), Features(settings.matching, settings.taxonomy, settings))
    assert parses == ["linfen"]
    load_linfen()
    assert parses == ["linfen"]
