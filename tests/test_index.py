"""The corpus task index: search and one-against-all on the real notices, the same numbers as the matcher, the cache."""

from __future__ import annotations

import dataclasses
import random
import shutil
from collections import Counter

import pytest

from hrcli.align.matcher import Matcher, align_tasks
from hrcli.analyse.topics import load_topics, topic_weights
from hrcli.comparison import _alignment_to
from hrcli.config import load_matching
from hrcli.corpus import Corpus
from hrcli.index import taskindex as index_module
from hrcli.index.taskindex import (
    build_index,
    index_matcher,
    load_index,
    rank_against,
    read_index,
    search_tasks,
)
from hrcli.parse.normalize import Normalizer, ngrams, place_names

from .conftest import CORPUS, REGIONS, current_settings


@pytest.fixture(scope="module")
def settings():
    return load_matching(), load_topics()


@pytest.fixture(scope="module")
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
        assert len(hits) <= 3
        assert all(0 <= hit.score <= 1 and hit.region != "linfen" for hit in hits)


def test_against_leaves_out_the_notice_itself_by_content_too(index, notices):
    draft = dataclasses.replace(notices["linfen"], region="draft")  # the same text under another name
    ranked = rank_against(index, draft, 50)
    assert all(hit.region != "linfen" for _, hits in ranked for hit in hits)


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
    assert list(built.arrays["vocabulary"]) == sorted(df)
    assert built.arrays["df"].tolist() == [df[gram] for gram in sorted(df)]
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
    blanker = index_module._PlaceBlanker(normalizer, places)
    for _ in range(300):
        text = "".join(rng.choices(syllables + "市县推进医保A 长江,", k=rng.randint(0, 40)))
        assert blanker.matchable(text) == normalizer.matchable(text, places), text


def test_topic_profiles_are_topic_weights(notices, settings):
    matching, taxonomy = settings
    normalizer = Normalizer(matching.synonyms, matching.stop_phrases)
    counter = index_module._TopicCounter(taxonomy.folded(normalizer), taxonomy.title_weight)
    for notice in notices.values():
        for task in notice.tasks:
            title, text = normalizer.fold(task.title), normalizer.fold(task.text)
            assert counter.weights(title, text) == topic_weights(title, text, taxonomy.folded(normalizer), taxonomy.title_weight)


# --- deterministic --------------------------------------------------------------------------------------------------


def test_ties_go_by_region_then_task_order(notices, settings):
    twin = dataclasses.replace(notices["linfen"], region="aaa", sha256="another-file")
    built = build_index([twin, notices["linfen"]], *settings)  # the same text twice: every score tied
    hits = search_tasks(built, "DRG付费", 4)
    assert [(hit.region, hit.number) for hit in hits[:2]] == [("aaa", 7), ("linfen", 7)]
    assert hits[0].score == hits[1].score


def test_the_same_corpus_gives_the_same_index_and_answers(notices, settings, index):
    again = build_index([notices[slug] for slug in sorted(REGIONS)], *settings)
    for name, array in index.arrays.items():
        assert array.tolist() == again.arrays[name].tolist(), name
    assert search_tasks(again, "医共体", 10) == search_tasks(index, "医共体", 10)


def test_a_repeated_notice_is_indexed_once(notices, settings):
    built = build_index([notices["linfen"], dataclasses.replace(notices["linfen"], region="copy")], *settings)
    assert [entry.region for entry in built.notices] == ["linfen"]


def test_an_empty_corpus_has_an_empty_index(settings):
    built = build_index([], *settings)
    assert built.tasks == 0 and search_tasks(built, "DRG", 5) == []


# --- the cache ------------------------------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A copy of the corpus in its own folder, and a private cache; counts the index builds."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for slug in REGIONS:
        shutil.copyfile(CORPUS / f"{slug}.txt", folder / f"{slug}.txt")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "cache"))
    builds = []
    real = index_module.build_index

    def counting(*args, **kwargs):
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module, "build_index", counting)
    corpus = Corpus(current_settings(corpus=folder))
    corpus.builds = builds
    return corpus


def index_folders(tmp_path):
    return sorted((tmp_path / "cache").glob("v*/index/*"))


def test_the_second_load_reads_the_cache(corpus, tmp_path):
    first = load_index(corpus)
    second = load_index(corpus)
    assert len(corpus.builds) == 1 and first.built and not second.built
    assert search_tasks(second, "DRG付费", 5) == search_tasks(first, "DRG付费", 5)
    assert len(index_folders(tmp_path)) == 1


def test_a_changed_notice_file_rebuilds_and_replaces_the_old_index(corpus, tmp_path):
    load_index(corpus)
    path = corpus.directory / "sixian.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("DIP", "DRG"), encoding="utf-8")
    changed = load_index(corpus)
    assert len(corpus.builds) == 2 and changed.built
    assert len(index_folders(tmp_path)) == 1  # the index of the old state is gone
    (corpus.directory / "qinghai.txt").unlink()
    assert "qinghai" not in {entry.region for entry in load_index(corpus).notices}
    assert len(corpus.builds) == 3


@pytest.mark.parametrize("damage", ["truncate rows", "garbage meta", "empty values", "missing offsets", "wrong shape"])
def test_a_damaged_cache_is_rebuilt_without_an_error(corpus, tmp_path, damage):
    expected = search_tasks(load_index(corpus), "DRG付费", 5)
    folder = index_folders(tmp_path)[0]
    if damage == "truncate rows":
        data = (folder / "rows.npy").read_bytes()
        (folder / "rows.npy").write_bytes(data[: len(data) // 2])
    elif damage == "garbage meta":
        (folder / "meta.json").write_text("{not json", encoding="utf-8")
    elif damage == "empty values":
        (folder / "values.npy").write_bytes(b"")
    elif damage == "missing offsets":
        (folder / "offsets.npy").unlink()
    else:
        import numpy as np

        np.save(folder / "df.npy", np.zeros(3, dtype=np.int32))
    assert read_index(folder) is None
    rebuilt = load_index(corpus)
    assert rebuilt.built and len(corpus.builds) == 2
    assert search_tasks(rebuilt, "DRG付费", 5) == expected
    assert read_index(index_folders(tmp_path)[0]) is not None


def test_two_processes_writing_the_same_index_both_succeed(corpus, tmp_path):
    built = load_index(corpus)
    folder = index_folders(tmp_path)[0]
    index_module.write_index(built, folder)  # the rename of the second writer fails: its copy is dropped
    assert index_folders(tmp_path) == [folder]
    assert not list(folder.parent.glob(".tmp-*"))
    assert not load_index(corpus).built


def test_no_cache_writes_nothing(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("HRCLI_NO_CACHE", "1")
    corpus.settings = current_settings(corpus=corpus.directory)
    load_index(corpus)
    load_index(corpus)
    assert len(corpus.builds) == 2 and not (tmp_path / "cache").exists()


def test_an_unreadable_notice_is_left_out_and_reported(corpus):
    (corpus.directory / "broken.txt").write_bytes(b"")
    built = load_index(corpus)
    assert [entry.region for entry in built.notices] == sorted(REGIONS)
    assert len(built.skipped) == 1 and built.skipped[0].startswith("broken: ")
    assert load_index(corpus).skipped == built.skipped  # from the cache too
