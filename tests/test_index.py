"""The corpus task index: search and one-against-all on the real notices, the same numbers as the matcher, the cache."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import shutil
import signal
import time
from collections import Counter

import pytest

from hrcli.align.features import PlaceBlanker, gram_key
from hrcli.align.matcher import Matcher, align_tasks
from hrcli.analyse.topics import TopicCounter, load_topics
from hrcli.comparison import _alignment_to
from hrcli.config import load_matching
from hrcli.corpus import Corpus
from hrcli.index.build import build_index
from hrcli.index.query import index_matcher, rank_against, search_tasks
from hrcli.parse.normalize import Normalizer, ngrams, place_names

from .conftest import CORPUS, REGIONS, current_settings, shared


@pytest.fixture(scope=shared("module"))
def settings():
    return load_matching(), load_topics()


@pytest.fixture(scope=shared("module"))
def index(notices, settings):
    """The index of the five real notices (in memory, no cache)."""
    return build_index([notices[slug] for slug in sorted(REGIONS)], *settings)


def by_region(hits) -> list[tuple[str, int]]:
    return [(hit.region, hit.number) for hit in hits]


# --- what a search and a ranking find ------------------------------------------------------------------------------


def test_search_drg_finds_the_payment_reform_tasks_of_linfen_and_qinghai_first(index):
    hits = search_tasks(index, "DRG付费", 10)
    # Both name DRG付费 and 支付方式改革; their order is a matter of text length, not of relevance.
    assert sorted(by_region(hits[:2])) == [("linfen", 7), ("qinghai", 16)]
    assert sorted(hit.title for hit in hits[:2]) == sorted(["推进医保支付方式改革", "持续深化医保支付方式改革"])
    assert all("DRG付费" in hit.why for hit in hits[:2])
    # the other regions' payment-reform tasks come next, before anything else
    assert {hit.region for hit in hits[2:4]} == {"nanchang", "sixian"}
    assert all(0 <= hit.score <= 1 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_search_reads_the_query_like_task_text(index):
    # 按疾病诊断相关分组付费 is folded to DRG, as in compare
    assert by_region(search_tasks(index, "按疾病诊断相关分组付费", 2)) == by_region(search_tasks(index, "DRG付费", 2))


def test_a_query_that_shares_nothing_finds_nothing(index):
    assert search_tasks(index, "xyzzy", 5) == []
    assert search_tasks(index, "推进", 5) == []  # a stop phrase only


def test_search_limit(index):
    assert len(search_tasks(index, "医保", 3)) == 3
    assert len(search_tasks(index, "医保", 1000)) <= index.tasks


def test_linfen_against_all_puts_qinghai_payment_reform_beside_linfen_7(index, notices):
    ranked = rank_against(index, notices["linfen"], 3)
    assert [task.id for task, _ in ranked] == [task.id for task in notices["linfen"].tasks]
    hits = {task.number: hits for task, hits in ranked}[7]
    assert by_region(hits)[0] == ("qinghai", 16)
    assert {"DRG付费", "30%"} <= set(hits[0].why)
    for _, hits in ranked:
        assert len(hits) == 3  # every Linfen task has partners elsewhere: a ranking that finds none is wrong
        assert all(0 <= hit.score <= 1 and hit.region != "linfen" for hit in hits)


def test_against_leaves_out_the_notice_itself_by_content_too(index, notices):
    draft = dataclasses.replace(notices["linfen"], region="draft")  # the same text under another name
    ranked = rank_against(index, draft, 50)
    assert len(ranked) == len(draft.tasks) and all(hits for _, hits in ranked)
    assert all(hit.region != "linfen" for _, hits in ranked for hit in hits)
    assert by_region({task.number: hits for task, hits in ranked}[7])[0] == ("qinghai", 16)


def test_against_some_regions_only(index, notices):
    ranked = rank_against(index, notices["linfen"], 5, regions=["qinghai", "sixian"])
    assert {hit.region for _, hits in ranked for hit in hits} == {"qinghai", "sixian"}


# --- the same numbers as compare -----------------------------------------------------------------------------------


def test_scores_are_the_matchers_scores(index, notices, settings):
    matcher = Matcher(*settings, [notices[slug] for slug in REGIONS])
    ranked = {task.id: hits for task, hits in rank_against(index, notices["linfen"], 1000, terms=False)}
    for other in ("qinghai", "nanchang"):
        matrix = matcher.score_matrix(notices["linfen"].tasks, notices[other].tasks)
        for i, task in enumerate(notices["linfen"].tasks):
            found = {hit.id: hit.score for hit in ranked[task.id]}
            for j, partner in enumerate(notices[other].tasks):
                assert found.get(partner.id, 0.0) == pytest.approx(matrix[i][j], abs=1e-5)


@pytest.mark.parametrize("pair", [("linfen", "qinghai"), ("nanchang", "sixian"), ("qinghai", "shanxi")])
def test_idf_from_the_index_gives_the_same_alignment(index, notices, settings, pair):
    """compare.build_matcher takes idf from the index for large corpora: nothing may change."""
    compared = [notices[slug] for slug in pair]
    direct = Matcher(*settings, [notices[slug] for slug in REGIONS])
    indexed = index_matcher(index, compared, *settings)
    assert indexed.score_matrix(compared[0].tasks, compared[1].tasks) == direct.score_matrix(compared[0].tasks, compared[1].tasks)
    assert _alignment_to(align_tasks(compared, indexed)) == _alignment_to(align_tasks(compared, direct))


def test_idf_from_the_index_counts_a_draft_outside_the_corpus(index, notices, settings):
    draft = dataclasses.replace(notices["nanchang"], region="draft", sha256="not-in-the-corpus", place="草稿市")
    reference = [notices[slug] for slug in REGIONS] + [draft]
    direct = Matcher(*settings, reference)
    indexed = index_matcher(index, [draft, notices["linfen"]], *settings)
    assert indexed.score_matrix(draft.tasks, notices["linfen"].tasks) == direct.score_matrix(draft.tasks, notices["linfen"].tasks)


def test_other_settings_than_the_index_are_not_served_from_it(index, notices, settings):
    matching, taxonomy = settings
    other = dataclasses.replace(matching, ngram_sizes=(2,))
    assert index_matcher(index, [notices["linfen"]], other, taxonomy) is None


@pytest.mark.parametrize("sizes", [(2,), (1, 2, 3), (2, 2, 4)])
def test_counting_with_numpy_gives_normalize_ngrams(notices, settings, sizes):
    """Every size, repeated sizes, and grams too long to pack (the Python path)."""
    matching, taxonomy = settings
    matching = dataclasses.replace(matching, ngram_sizes=sizes)
    chosen = [notices["linfen"], notices["sixian"]]
    built = build_index(chosen, matching, taxonomy)
    matcher = Matcher(matching, taxonomy, chosen)
    df: Counter = Counter()
    for notice in chosen:
        for task in notice.tasks:
            df.update(ngrams(matcher.matchable(task), sizes).keys())
    [segment] = built.segments
    keys = {gram_key(gram): gram for gram in df}
    assert segment.arrays["keys"].tolist() == sorted(keys)
    assert segment.stats["gdf"].tolist() == [df[keys[key]] for key in sorted(keys)]
    ranked = {task.id: hits for task, hits in rank_against(built, chosen[0], 1000, terms=False)}
    matrix = matcher.score_matrix(chosen[0].tasks, chosen[1].tasks)
    for i, task in enumerate(chosen[0].tasks):
        found = {hit.id: hit.score for hit in ranked[task.id]}
        assert [found.get(t.id, 0.0) for t in chosen[1].tasks] == pytest.approx(matrix[i], abs=1e-5)


def test_place_blanking_is_normalizers_for_many_overlapping_names(settings):
    """The index blanks thousands of place names fast; the text must come out as Normalizer.matchable makes it."""
    rng = random.Random(6)
    syllables = "东西南北安宁平江"
    places = place_names(*{"".join(rng.choices(syllables, k=2)) + rng.choice("市县") for _ in range(40)}, "A", "长 江市")
    normalizer = Normalizer(settings[0].synonyms, settings[0].stop_phrases)
    blanker = PlaceBlanker(normalizer, places)
    for _ in range(300):
        text = "".join(rng.choices(syllables + "市县推进医保A 长江,", k=rng.randint(0, 40)))
        assert blanker.matchable(text) == normalizer.matchable(text, places), text


def every_term_counted(title: str, text: str, folded_terms: list[list[str]], title_weight: float) -> list[float]:
    """The definition of a task's topic weights: every term of every topic counted, a title's count weighted."""
    return [sum(text.count(term) + (title_weight - 1) * title.count(term) for term in terms) for terms in folded_terms]


def test_topic_counter_counts_every_term(notices, settings):
    matching, taxonomy = settings
    normalizer = Normalizer(matching.synonyms, matching.stop_phrases)
    counter = TopicCounter(taxonomy.folded(normalizer), taxonomy.title_weight)
    for notice in notices.values():
        for task in notice.tasks:
            title, text = normalizer.fold(task.title), normalizer.fold(task.text)
            assert counter.weights(title, text) == every_term_counted(title, text, taxonomy.folded(normalizer), taxonomy.title_weight)


# --- deterministic --------------------------------------------------------------------------------------------------


def test_ties_go_by_region_then_task_order(notices, settings):
    twin = dataclasses.replace(notices["linfen"], region="aaa", sha256="another-file")
    built = build_index([twin, notices["linfen"]], *settings)  # the same text twice: every score tied
    hits = search_tasks(built, "DRG付费", 4)
    assert [(hit.region, hit.number) for hit in hits[:2]] == [("aaa", 7), ("linfen", 7)]
    assert hits[0].score == hits[1].score


def test_the_same_corpus_gives_the_same_index_and_answers(notices, settings, index):
    again = build_index([notices[slug] for slug in sorted(REGIONS)], *settings)
    for segment, other in zip(index.segments, again.segments):
        for name, array in segment.arrays.items():
            assert array.tolist() == other.arrays[name].tolist(), name
    assert len(search_tasks(index, "医共体", 10)) == 10
    assert search_tasks(again, "医共体", 10) == search_tasks(index, "医共体", 10)


def test_a_repeated_notice_is_indexed_once(notices, settings):
    built = build_index([notices["linfen"], dataclasses.replace(notices["linfen"], region="copy")], *settings)
    assert [entry.region for entry in built.notices] == ["linfen"]


def test_an_empty_corpus_has_an_empty_index(settings):
    built = build_index([], *settings)
    assert built.tasks == 0 and search_tasks(built, "DRG", 5) == []


# --- the cache: incremental, verified, side by side, swept ----------------------------------------------------------


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A copy of the corpus in its own folder, and a private cache; counts the segments written."""
    from hrcli.index import build

    folder = tmp_path / "corpus"
    folder.mkdir()
    for slug in REGIONS:
        shutil.copyfile(CORPUS / f"{slug}.txt", folder / f"{slug}.txt")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "cache"))
    writes = []
    real = build.write_segment

    def counting(prepared, *args):
        writes.append([notice.slug for notice in prepared])
        return real(prepared, *args)

    monkeypatch.setattr(build, "write_segment", counting)
    corpus = Corpus(current_settings(corpus=folder))
    corpus.writes = writes
    return corpus


def index_folders(tmp_path):
    return sorted(path for path in (tmp_path / "cache").glob("v*/index/*") if not path.name.startswith("."))


def fresh(corpus):
    """The corpus as a command would open it now (its settings made from the environment as it is now)."""
    from hrcli.corpus import Corpus

    renewed = Corpus(current_settings(corpus=corpus.directory))
    renewed.writes = getattr(corpus, "writes", [])
    return renewed


def answers(corpus) -> str:
    """Everything a search and a ranking show, as text: what must not change between builds."""
    from hrcli.index.build import load_index

    corpus = fresh(corpus)
    index = load_index(corpus)
    found = [dataclasses.asdict(hit) for query in ("DRG付费", "医共体", "家庭医生签约") for hit in search_tasks(index, query, 20)]
    ranked = [[task.id, [dataclasses.asdict(hit) for hit in hits]] for task, hits in rank_against(index, corpus.load("linfen"), 5)]
    notices = [dataclasses.astuple(entry) for entry in index.notices]
    return json.dumps([found, ranked, notices, index.tasks, index.places], ensure_ascii=False)


def cold(corpus, tmp_path, monkeypatch) -> str:
    """answers() from an index built from nothing, in another cache."""
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / f"cold-{time.monotonic_ns()}"))
    try:
        return answers(corpus)
    finally:
        monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "cache"))


def test_the_second_load_reads_the_cache(corpus, tmp_path):
    from hrcli.index.build import load_index

    first = load_index(fresh(corpus))
    second = load_index(fresh(corpus))
    assert len(corpus.writes) == 1 and first.built and not second.built
    assert len(search_tasks(first, "DRG付费", 5)) == 5
    assert search_tasks(second, "DRG付费", 5) == search_tasks(first, "DRG付费", 5)
    assert len(index_folders(tmp_path)) == 1


def edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("change", ["change", "add", "remove", "touch", "rename", "copy", "new place"])
def test_an_update_gives_what_a_cold_build_gives_byte_for_byte(corpus, tmp_path, monkeypatch, change):
    folder = corpus.directory
    answers(corpus)
    assert len(corpus.writes) == 1
    if change == "change":
        edit(folder / "sixian.txt", "DIP", "DRG")
    elif change == "add":
        shutil.copyfile(folder / "nanchang.txt", folder / "draft.txt")
        edit(folder / "draft.txt", "公立医院", "公立医疗机构")
    elif change == "remove":
        (folder / "qinghai.txt").unlink()
    elif change == "touch":
        os.utime(folder / "qinghai.txt", ns=(1, 1))
    elif change == "rename":
        (folder / "qinghai.txt").rename(folder / "qinghai2022.txt")
    elif change == "copy":  # the same text twice: indexed once, under the first slug
        shutil.copyfile(folder / "linfen.txt", folder / "a-copy.txt")
    else:  # a notice of a new place: its name is blanked in every task, so every task holding it changes
        text = (folder / "nanchang.txt").read_text(encoding="utf-8").replace("南昌市", "医保市").replace("南昌", "医保")
        (folder / "yibao.txt").write_text(text, encoding="utf-8")
    updated = answers(corpus)
    if change == "touch":
        assert len(corpus.writes) == 1  # nothing was re-indexed
    elif change in ("change", "add", "rename"):
        assert len(corpus.writes) == 2 and len(corpus.writes[1]) < len(REGIONS) + 1  # only the changed notices
    assert updated == cold(corpus, tmp_path, monkeypatch)
    assert len(index_folders(tmp_path)) == 1


def test_many_updates_in_a_row_still_match_a_cold_build(corpus, tmp_path, monkeypatch):
    folder = corpus.directory
    answers(corpus)
    edit(folder / "sixian.txt", "DIP", "DRG")
    answers(corpus)
    shutil.copyfile(folder / "nanchang.txt", folder / "zz.txt")
    edit(folder / "zz.txt", "公立医院", "医院")
    answers(corpus)
    (folder / "sixian.txt").unlink()
    answers(corpus)
    edit(folder / "zz.txt", "医院", "医疗机构")
    assert answers(corpus) == cold(corpus, tmp_path, monkeypatch)


@pytest.mark.parametrize("damage", ["garble a body byte", "truncate rows", "garbage manifest", "empty tf",
                                    "missing texts", "garble stats"])
def test_a_damaged_index_is_rebuilt_without_an_error(corpus, tmp_path, damage):
    from hrcli.index import store
    from hrcli.index.build import load_index

    expected = answers(corpus)
    folder = index_folders(tmp_path)[0]
    [segment] = sorted(folder.glob("seg-*"))
    if damage == "garble a body byte":  # the header and every shape stay right: only the checksum tells
        data = bytearray((segment / "rows.npy").read_bytes())
        data[-3] ^= 0x7F
        (segment / "rows.npy").write_bytes(bytes(data))
        assert not store.verify(segment)
    elif damage == "truncate rows":
        data = (segment / "rows.npy").read_bytes()
        (segment / "rows.npy").write_bytes(data[: len(data) // 2])
    elif damage == "garbage manifest":
        (folder / "manifest.json").write_text('{"crc": "0", "body": {}}', encoding="utf-8")
    elif damage == "empty tf":
        (segment / "tf.npy").write_bytes(b"")
    elif damage == "missing texts":
        (segment / "texts.npy").unlink()
    else:
        [stats] = folder.glob("stats-*")
        data = bytearray(next(stats.glob("b-*")).read_bytes())
        data[-1] ^= 0x01
        next(stats.glob("b-*")).write_bytes(bytes(data))
    rebuilt = load_index(fresh(corpus))
    assert rebuilt.built
    assert answers(corpus) == expected
    assert all(store.verify(path) for path in index_folders(tmp_path)[0].glob("seg-*"))


def test_a_copied_index_is_verified_once_then_trusted_at_its_new_stat(corpus, tmp_path, monkeypatch):
    """Copying (or restoring, or touching) an index moves its files' times: each file is checked against its CRC
    once, and its new stat recorded, not checked again on every later query (0.3 s of each at 10,000 notices)."""
    from hrcli.index import store
    from hrcli.index.build import load_index

    expected = answers(corpus)
    cache = tmp_path / "cache"
    shutil.copytree(cache, tmp_path / "copied")  # new inodes and change times
    shutil.rmtree(cache)
    os.rename(tmp_path / "copied", cache)
    checked = []
    real = store.checksum
    monkeypatch.setattr(store, "checksum", lambda path: checked.append(path.name) or real(path))
    assert answers(corpus) == expected
    assert "rows.npy" in checked and "b-" in " ".join(checked)
    checked.clear()
    assert answers(corpus) == expected and checked == []
    assert not load_index(fresh(corpus)).built and len(corpus.writes) == 1
    [segment] = index_folders(tmp_path)[0].glob("seg-*")
    data = bytearray((segment / "rows.npy").read_bytes())
    data[-3] ^= 0x7F  # damage after the new stat was recorded: its times move again, so it is checked again
    (segment / "rows.npy").write_bytes(bytes(data))
    assert load_index(fresh(corpus)).built and answers(corpus) == expected


def test_two_config_folders_keep_their_own_index_side_by_side(corpus, tmp_path, configs, monkeypatch):
    monkeypatch.delenv("HRCLI_CONFIG_DIR")
    answers(corpus)
    monkeypatch.setenv("HRCLI_CONFIG_DIR", str(configs))
    text = (configs / "matching.yaml").read_text(encoding="utf-8")
    (configs / "matching.yaml").write_text(re.sub(r"(?m)^topic_weight: .*$", "topic_weight: 0.35", text), encoding="utf-8")
    answers(corpus)
    assert len(index_folders(tmp_path)) == 2
    monkeypatch.delenv("HRCLI_CONFIG_DIR")
    writes = len(corpus.writes)
    answers(corpus)  # the first settings' index is still there
    monkeypatch.setenv("HRCLI_CONFIG_DIR", str(configs))
    answers(corpus)
    assert len(corpus.writes) == writes


def test_stale_temporaries_and_unused_indexes_are_swept(corpus, tmp_path):
    from hrcli.index import store

    answers(corpus)
    folder = index_folders(tmp_path)[0]
    root = folder.parent
    dead = folder / ".tmp-999999999-abc"  # a writer killed with SIGKILL: its pid is gone
    dead.mkdir()
    (dead / "rows.npy").write_bytes(b"x" * 100)
    mine = folder / f".tmp-{os.getpid()}-abc"  # a writer still running (this process) is left alone
    mine.mkdir()
    old = root / "0123456789abcdef-0123456789abcdef"  # another corpus's index, unused for a month
    old.mkdir()
    month = time.time() - 31 * 24 * 3600
    os.utime(old, (month, month))
    recent = root / "fedcba9876543210-0123456789abcdef"  # another settings' index, used yesterday
    recent.mkdir()
    (folder / "sixian.txt").write_text("", encoding="utf-8")  # anything: a load sweeps
    answers(corpus)
    assert not dead.exists() and mine.exists() and not old.exists() and recent.exists()
    store.sweep_temporaries(folder)
    assert mine.exists()


def test_a_signal_during_a_write_leaves_no_temporary_folder(tmp_path):
    from hrcli.index import store

    with pytest.raises(SystemExit) as stopped, store.temporary_folder(tmp_path) as temporary:
        (temporary / "rows.npy").write_bytes(b"x")
        os.kill(os.getpid(), signal.SIGTERM)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KeyboardInterrupt), store.temporary_folder(tmp_path):
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_no_cache_writes_nothing(corpus, tmp_path, monkeypatch):
    from hrcli.index.build import load_index

    monkeypatch.setenv("HRCLI_NO_CACHE", "1")
    corpus.settings = current_settings(corpus=corpus.directory)
    load_index(fresh(corpus))
    load_index(fresh(corpus))
    assert len(corpus.writes) == 2 and not (tmp_path / "cache").exists()


def test_an_unreadable_notice_is_left_out_and_reported(corpus):
    from hrcli.index.build import load_index

    (corpus.directory / "broken.txt").write_bytes(b"")
    built = load_index(fresh(corpus))
    assert [entry.region for entry in built.notices] == sorted(REGIONS)
    assert len(built.skipped) == 1 and built.skipped[0].startswith("broken: ")
    assert load_index(fresh(corpus)).skipped == built.skipped  # from the cache too


@pytest.mark.parametrize("pieces", [
    {"CHUNK_CHARACTERS": 37},  # counted in chunks that end inside texts and inside runs of one gram
    {"PIECE_CHARACTERS": 3000, "ENTRIES_AT_ONCE": 500},  # inverted in pieces, merged a group of columns at a time
    {"PIECE_CHARACTERS": 1, "ENTRIES_AT_ONCE": 1},  # a piece per task, one column at a time
])
def test_counting_in_small_pieces_gives_the_same_columns(notices, settings, monkeypatch, pieces):
    from hrcli.index import build

    chosen = [notices[slug] for slug in sorted(REGIONS)]
    whole = build_index(chosen, *settings)
    for name, value in pieces.items():
        monkeypatch.setattr(build, name, value)
    cut = build_index(chosen, *settings)
    for name in ("keys", "indptr", "rows", "tf", "dense_columns", "dense"):
        assert cut.segments[0].arrays[name].tolist() == whole.segments[0].arrays[name].tolist(), name
        assert cut.segments[0].arrays[name].dtype == whole.segments[0].arrays[name].dtype, name
    assert cut.segments[0].arrays["norm_a"].tolist() == pytest.approx(whole.segments[0].arrays["norm_a"].tolist(), rel=1e-12)


def test_a_parallel_build_gives_what_one_process_gives(tmp_path, monkeypatch):
    """With many notices a process pool parses and inverts (two segments); the answers do not change."""
    from hrcli.corpus import Corpus
    from hrcli.index import build

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(70):
        slug = REGIONS[number % len(REGIONS)]
        text = (CORPUS / f"{slug}.txt").read_text(encoding="utf-8")
        (folder / f"n{number:02d}.txt").write_text(text.replace("。", f"。第{number}号。", 1), encoding="utf-8")
    shutil.copyfile(CORPUS / "linfen.txt", folder / "linfen.txt")
    corpus = Corpus(current_settings(corpus=folder))
    monkeypatch.setattr(build, "workers", lambda: 2)
    monkeypatch.setattr(build, "POOL_FROM", 20)
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "pool"))
    parallel = answers(corpus)
    assert len(list((tmp_path / "pool").glob("v*/index/*/seg-*"))) == 2
    assert not list((tmp_path / "pool").glob("v*/index/*/.tmp-*"))
    monkeypatch.setattr(build, "workers", lambda: 1)
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "single"))
    assert answers(corpus) == parallel


def test_an_unwritable_cache_only_costs_speed(corpus, tmp_path, monkeypatch):
    from hrcli.index.build import load_index

    expected = answers(corpus)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(blocker))
    assert load_index(fresh(corpus)).built
    assert answers(corpus) == expected


def test_the_dense_block_gives_the_columns_answers(corpus, tmp_path, monkeypatch):
    """The most frequent grams are also a dense matrix (read by rankings); without it the answers are the same."""
    from hrcli.index import build

    with_block = answers(corpus)
    assert any(len(path.read_bytes()) > 200 for path in (tmp_path / "cache").glob("v*/index/*/seg-*/dense.npy"))
    monkeypatch.setattr(build, "DENSE_COLUMNS", 0)
    assert cold(corpus, tmp_path, monkeypatch) == with_block


def test_reading_ranges_from_the_files_gives_the_arrays_entries(tmp_path):
    """Scoring reads columns with read_ranges/read_slice (not through the mapping): the same entries, in order."""
    import numpy as np

    from hrcli.index import store

    generator = np.random.default_rng(7)
    for dtype in (np.int32, np.uint16, np.int64):
        values = generator.integers(0, 30000, 50000).astype(dtype)
        np.save(tmp_path / "a.npy", values)
        np.save(tmp_path / "b.npy", 2 * values)
        mapped = np.load(tmp_path / "a.npy", mmap_mode="r")
        for trial in range(60):
            starts = np.sort(generator.integers(0, 49000, generator.integers(0, 40)))
            lengths = np.minimum(generator.integers(0, 3000 if trial % 2 else 20, len(starts)), len(values) - starts)
            if trial % 3 == 0:  # disjoint ranges (columns), else overlapping ones too
                lengths = np.minimum(lengths, np.append(starts[1:], len(values)) - starts)
            expected = [value for start, length in zip(starts, lengths) for value in values[start : start + length]]
            doubled = np.load(tmp_path / "b.npy", mmap_mode="r")
            for found in (store.read_ranges([mapped, doubled], starts, lengths), store.read_ranges([values, 2 * values], starts, lengths)):
                assert found[0].tolist() == expected
                assert found[1].tolist() == [2 * value for value in expected]
        assert store.read_slice(mapped, 100, 4000).tolist() == values[100:4000].tolist()
    matrix = generator.integers(0, 255, (1000, 7)).astype(np.uint8)
    np.save(tmp_path / "m.npy", matrix)
    mapped = np.load(tmp_path / "m.npy", mmap_mode="r")
    assert store.read_slice(mapped, 990, 2000).tolist() == matrix[990:].tolist()


def test_the_collector_pause_restores_the_collector_as_it_was():
    """Reading the manifest pauses the cyclic collector (its passes over the parsed tables cost a warm query 0.1 s)."""
    import gc

    from hrcli.index import store

    assert gc.isenabled()
    with pytest.raises(ValueError), store.collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with store.collector_paused():
            pass
        assert not gc.isenabled()  # left off by whoever turned it off
    finally:
        gc.enable()


def test_a_build_within_a_collector_pause_runs_with_the_collector_on():
    """load_index pauses the collector over the manifest; the work of a build runs with it as it was before."""
    import gc

    from hrcli.index import store

    with store.collector_paused():
        with store.collector_as_before():
            assert gc.isenabled()
        assert not gc.isenabled()
        with store.collector_paused(), store.collector_as_before():
            assert gc.isenabled()  # as before the outermost pause
    assert gc.isenabled()
    gc.disable()
    try:
        with store.collector_paused(), store.collector_as_before():
            assert not gc.isenabled()  # it was off before the pause: it stays off
    finally:
        gc.enable()


def test_a_file_changed_within_the_clock_tick_it_was_indexed_in_is_read_again(corpus, tmp_path, monkeypatch):
    """A change in place that keeps the size, in the tick of a coarse file clock (the mtime does not move), is seen:
    a file changed this lately when it was read has its mtime recorded as unknown, so the next run hashes it."""
    path = corpus.directory / "sixian.txt"
    answers(corpus)  # indexed just after the copy: every file changed within the last two seconds
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"DIP", b"DRG"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # what a 1-2 s clock would show
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    updated = answers(corpus)
    assert len(corpus.writes) == 2
    assert updated == cold(corpus, tmp_path, monkeypatch)


def test_a_file_indexed_long_after_its_last_change_is_not_read_again(corpus, tmp_path):
    """A warm run reads no file whose size, mtime and inode are as recorded (the stat check stays a stat)."""
    from hrcli.index import build

    for path in corpus.directory.iterdir():
        os.utime(path, ns=(10**18, 10**18))  # 2001: long settled
    answers(corpus)
    read = []
    real = build.read_source
    build.read_source = lambda source: read.append(source.slug) or real(source)
    try:
        answers(corpus)
    finally:
        build.read_source = real
    assert read == []


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_pool_workers_keep_freed_memory_where_the_c_library_is_glibc():
    """The setting takes (mallopt accepts both values) in a process of its own, as in a pool worker."""
    import subprocess
    import sys

    code = "from hrcli.index.build import keep_freed_memory as keep; print(keep())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_without_glibc_freed_memory_is_left_to_the_c_library(monkeypatch):
    import ctypes

    from hrcli.index import build

    def missing(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert build.keep_freed_memory() is False
    assert build.give_back_freed_memory() is False


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_a_worker_gives_back_what_inverting_kept():
    """After a large job a pool worker's kept memory is returned: its resident set falls (the next job's peak
    would stand on it: 176 instead of 206 MiB for a cold build of 1,000 notices)."""
    import subprocess
    import sys

    code = """
from hrcli.index.build import give_back_freed_memory, keep_freed_memory
def resident():
    return int(next(line for line in open("/proc/self/status") if line.startswith("VmRSS")).split()[1])
keep_freed_memory()
blocks = [bytearray(1 << 20) for _ in range(200)]
for block in blocks:
    block[::4096] = b"x" * len(block[::4096])
del blocks
kept = resident()
print(give_back_freed_memory(), kept - resident() > 100_000)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]


def test_pool_workers_put_numpys_arrays_in_ordinary_pages():
    """In a process of its own, as in a pool worker: numpy's huge-page advice is off afterwards."""
    import subprocess
    import sys

    code = ("import numpy as np; from hrcli.index.build import small_pages; done = small_pages(); "
            "print(done, np._core.multiarray._set_madvise_hugepage(True))")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]  # the switch was found, and it was off


def test_without_numpys_switch_pages_are_left_as_numpy_has_them(monkeypatch):
    import numpy as np

    from hrcli.index import build

    monkeypatch.delattr(np._core.multiarray, "_set_madvise_hugepage")
    assert build.small_pages() is False


def test_the_tables_made_once_give_what_a_table_of_the_largest_count_gives():
    """The uint16 tables (counts, squares) are looked up instead of a table of each array's largest count: the same
    numbers, to the last bit, for any largest count (np.log of each count alone), so scores and norms do not move."""
    import numpy as np

    from hrcli.align.features import sublinear_counts, sublinear_squares, sublinear_table, sublinear_tables

    tables = sublinear_tables()
    for largest in (1, 2, 3, 7, 255, 256, 1000, 4097, 65535):
        table = sublinear_table(largest)
        assert np.array_equal(tables["counts"][: largest + 1], table)
        assert np.array_equal(tables["squares"][: largest + 1], table**2)
    generator = np.random.default_rng(5)
    for dtype, high in ((np.uint16, 65536), (np.uint32, 70000)):
        tf = generator.integers(0, high, 50_000).astype(dtype)
        assert np.array_equal(sublinear_squares(tf), sublinear_counts(tf) ** 2)
        assert np.array_equal(sublinear_counts(tf), np.where(tf > 0, 1 + np.log(np.maximum(tf, 1).astype(np.float64)), 0.0))


def test_the_best_rows_are_the_best_scores_as_shown_then_ties_by_order():
    """_top rounds only the rows near the limit-th best: the rows and order of sorting every rounded score."""
    import numpy as np

    from hrcli.index.query import _top

    generator = np.random.default_rng(11)
    for trial in range(300):
        size = int(generator.integers(1, 400))
        base = generator.choice([0.5, 0.1234565, 0.9999995, 1e-7, 0.0], size)  # on and around rounding boundaries
        scores = base + generator.choice([0.0, 1e-9, -1e-9, 4e-7, -4e-7, 6e-7], size) * (trial % 4 > 0)
        scores[generator.random(size) < 0.1] = -1.0  # left out (the notice itself, removed notices)
        scores = np.clip(scores, -1.0, 1.0) if trial % 2 else generator.random(size)
        order = generator.permutation(size).astype(np.int64)
        limit = int(generator.integers(1, 30))
        shown = np.round(scores, 6)
        expected = sorted((row for row in range(size) if shown[row] > 0), key=lambda row: (-shown[row], order[row]))[:limit]
        assert _top(scores, limit, order) == expected


def test_the_dense_block_looked_up_two_counts_at_a_time_gives_the_table():
    """The dense block's weights, looked up for two uint8 counts at a time, are those of one count at a time."""
    import numpy as np

    from hrcli.align.features import sublinear_table
    from hrcli.index.query import _dense_weights

    generator = np.random.default_rng(5)
    table = sublinear_table(255)
    for shape in [(300, 256), (7, 6), (5, 7), (1, 2), (0, 4)]:
        counts = generator.integers(0, 256, shape).astype(np.uint8)
        for block in (counts, counts[:, ::-1]):  # contiguous, and not
            weights = _dense_weights(block, np.empty(block.shape))
            assert np.array_equal(weights, table[block])


def test_another_spelling_of_the_corpus_folder_reads_no_file_again(corpus, tmp_path, monkeypatch):
    """Files are recorded by absolute path: the same folder named relatively (or with ..) is the same index, warm."""
    from hrcli.corpus import Corpus
    from hrcli.index import build

    for path in corpus.directory.iterdir():
        os.utime(path, ns=(10**18, 10**18))  # long settled
    expected = answers(corpus)
    read = []
    real = build.read_source
    monkeypatch.setattr(build, "read_source", lambda source: read.append(source.slug) or real(source))
    monkeypatch.chdir(corpus.directory.parent)
    for spelling in ("corpus", "./corpus/", f"../{corpus.directory.parent.name}/corpus"):
        renamed = Corpus(current_settings(corpus=spelling))
        renamed.writes = corpus.writes
        assert answers(renamed) == expected
        index = build.load_index(Corpus(current_settings(corpus=spelling)))
        assert not index.built
    assert read == [] and len(corpus.writes) == 1


def test_reading_ranges_past_the_end_of_a_truncated_file_is_an_error_not_garbage(tmp_path):
    """A column file cut short after it was opened: the read says so (EOFError), it never returns stale bytes."""
    import numpy as np

    from hrcli.index import store

    np.save(tmp_path / "a.npy", np.arange(10000, dtype=np.int32))
    mapped = np.load(tmp_path / "a.npy", mmap_mode="r")
    assert store.read_ranges([mapped], np.array([10, 9000]), np.array([5, 1000]))[0].tolist() == [
        *range(10, 15), *range(9000, 10000)]
    os.truncate(tmp_path / "a.npy", mapped.offset + 4 * 9500)
    with pytest.raises(EOFError, match="shorter than its header says"):
        store.read_ranges([mapped], np.array([10, 9000]), np.array([5, 1000]))
    with pytest.raises(EOFError):
        store.read_slice(mapped, 9000, 10000)


def test_a_large_index_file_is_read_through_its_copy_only_while_the_copy_is_of_the_file_as_it_is(tmp_path):
    """read_json keeps a marshal copy of a large file: used while the file's size, times and inode are those it was
    made from, never after the file was replaced or damaged, and a garbled copy is read past (then made again)."""
    from hrcli.index import store

    path = tmp_path / "manifest.json"
    copy = tmp_path / f"manifest{store.COPY_SUFFIX}"
    first = {"known": {f"n{k:05d}": {"path": f"/c/n{k:05d}.txt", "stat": [k, 2 * k, 3]} for k in range(3000)}}
    store.write_json(path, first)
    assert store.read_json(path) == first and copy.is_file()  # the first read makes the copy
    assert store.read_json(path) == first
    copy.write_bytes(copy.read_bytes()[:-9] + b"garbled!!")
    assert store.read_json(path) == first  # the JSON read again, the copy made again
    assert store._read_copy(copy, [path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ctime_ns,
                                   path.stat().st_ino]) == (first,)
    second = {"known": {**first["known"], "n99999": {"path": "/c/x.txt", "stat": [1, 2, 3]}}}
    store.write_json(path, second)  # replaced: the old copy is of another file
    assert store.read_json(path) == second
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 1
    path.write_bytes(bytes(raw))  # damaged in place: its times move, so the copy is not used
    with pytest.raises(store.Damaged):
        store.read_json(path)
    small = tmp_path / "meta.json"
    store.write_json(small, {"files": {}})
    assert store.read_json(small) == {"files": {}} and not (tmp_path / f"meta{store.COPY_SUFFIX}").exists()


def test_without_preadv_or_stat_by_folder_the_index_reads_and_checks_the_same(corpus, monkeypatch):
    """Systems without os.preadv (seek and readv instead) or os.stat(dir_fd=...) (full paths instead): same answers."""
    import numpy as np

    from hrcli.index import store

    expected = answers(corpus)
    values = np.arange(5000, dtype=np.int32)
    mapped = np.lib.format.open_memmap(corpus.directory.parent / "v.npy", mode="w+", dtype=np.int32, shape=(5000,))
    mapped[:] = values
    mapped.flush()
    monkeypatch.delattr(os, "preadv")
    monkeypatch.setattr(os, "supports_dir_fd", set())
    assert store.read_ranges([mapped], np.array([3, 4000]), np.array([7, 999]))[0].tolist() == [*range(3, 10), *range(4000, 4999)]
    assert answers(corpus) == expected and len(corpus.writes) == 1
