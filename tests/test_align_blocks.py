"""The blocked, sparse alignment (align/scores.py, link.LinkStream) gives what the whole score matrix gives.

compare of two long notices scores a block of rows at a time and keeps per task only the figures the linking rules
and the nearest candidates need; these tests force small blocks, the dense-only and the sparse-only product and
the pruning of kept pairs on the real notices, and hold the streaming rules to the rules read off a whole matrix.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from hrcli.align import features, scores
from hrcli.align.link import LinkStream, pair_links
from hrcli.align.matcher import Matcher, align_tasks
from hrcli.analyse.topics import load_topics
from hrcli.comparison import _alignment_to
from hrcli.config import load_matching
from hrcli.parse.normalize import ngrams

from .conftest import shared

FOUR = ["linfen", "qinghai", "nanchang", "sixian"]


@pytest.fixture(scope=shared("module"))
def matcher(notices):
    return Matcher(load_matching(), load_topics(), list(notices.values()))


def test_every_corpus_pair_aligns_the_same_three_rows_at_a_time(notices, matcher):
    # The real notices hold 2 to 35 tasks: one block by default, 1 to 12 blocks of 3 rows when forced.
    for first, second in itertools.combinations(sorted(notices), 2):
        pair = [notices[first], notices[second]]
        whole = _alignment_to(align_tasks(pair, matcher))
        assert _alignment_to(align_tasks(pair, matcher, block_rows=3)) == whole, (first, second)
    table = [notices[region] for region in FOUR]
    assert _alignment_to(align_tasks(table, matcher, block_rows=1)) == _alignment_to(align_tasks(table, matcher))


def test_a_block_of_rows_is_those_rows_of_the_whole_matrix(notices, matcher):
    left, right = notices["linfen"].tasks, notices["qinghai"].tasks
    scorer = matcher.scorer(left, right)
    whole = np.vstack([block for _, block in scorer.blocks()])
    assert whole.shape == (len(left), len(right))
    starts = [start for start, _ in scorer.blocks(rows=4)]
    assert starts == list(range(0, len(left), 4))
    assert np.array_equal(np.vstack([block for _, block in scorer.blocks(rows=4)]), whole)
    assert np.array_equal(whole, np.array(matcher.score_matrix(left, right)))
    assert whole.max() > 0.4 and whole.min() >= 0  # real scores, not an empty product


@pytest.mark.parametrize("share, columns", [(0.0, 1 << 20), (math.inf, 0)])
def test_the_dense_and_the_sparse_product_give_the_same_scores(notices, matcher, monkeypatch, share, columns):
    # Every gram dense (share 0), or none (share infinite): the split only decides how, never what, is summed.
    left, right = notices["nanchang"].tasks, notices["sixian"].tasks
    mixed = np.array(matcher.score_matrix(left, right))
    monkeypatch.setattr(scores, "DENSE_SHARE", share)
    monkeypatch.setattr(scores, "DENSE_COLUMNS", columns)
    monkeypatch.setattr(scores, "EXPAND", 7)  # the postings expanded a few entries at a time
    scorer = matcher.scorer(left, right)
    assert (scorer.right_dense.shape[1] > 100) == (share == 0.0)
    assert np.allclose(np.vstack([block for _, block in scorer.blocks(rows=5)]), mixed, rtol=0, atol=1.5e-6)
    assert np.mean(np.vstack([block for _, block in scorer.blocks(rows=5)]) == mixed) > 0.99


def test_sparse_tfidf_rows_are_the_tfidf_vectors(notices, matcher):
    tasks = notices["linfen"].tasks + notices["shanxi"].tasks
    texts = [matcher.matchable(task) for task in tasks]
    rows = features.sparse_tfidf(texts, matcher.settings.ngram_sizes, matcher.idf)
    keys = np.unique(np.concatenate([features.gram_keys([text], matcher.settings.ngram_sizes)[1] for text in texts]))
    names = features.gram_names(texts, matcher.settings.ngram_sizes, keys)
    assert len(rows) == len(tasks) and rows.width == len(names)
    for k, task in enumerate(tasks):
        expected = matcher.tfidf(task)
        span = slice(rows.indptr[k], rows.indptr[k + 1])
        got = {names[column]: value for column, value in zip(rows.columns[span].tolist(), rows.values[span].tolist())}
        assert got.keys() == expected.keys()
        assert all(math.isclose(got[gram], expected[gram], rel_tol=1e-12) for gram in expected)


def test_gram_names_decode_keys_and_find_long_grams():
    texts = ["DRG付费改革+医保", "医共体建设，DRG付费"]
    sizes = (1, 2, 5)
    _, keys, counts = features.count_grams(texts, sizes)
    names = features.gram_names(texts, sizes, keys)
    expected = [ngrams(text, sizes) for text in texts]
    assert Counter(names) == Counter(gram for grams in expected for gram in grams)
    assert sum(counts.tolist()) == sum(sum(grams.values()) for grams in expected)
    assert "DRG付费" in names and "+" in names


def test_the_code_table_is_char_code_of_every_character_of_the_basic_plane():
    table = features._code_table()
    assert table.tolist() == [features.char_code(chr(point)) for point in range(0x10000)]


@pytest.mark.parametrize("texts", [
    ["医保DRG+付费", "", "a𠀀b医\x00疗，z"],  # Latin, '+', an empty text, a character above the basic plane, a NUL
    ["健康中国行动2030，推进分级诊疗", "ＤＲＧ全角不算字母"],
])
@pytest.mark.parametrize("sizes", [(2, 3), (3, 2), (1, 2, 5), (2, 2), (6,)])
def test_gram_keys_are_the_keys_of_each_texts_ngrams(texts, sizes):
    rows, keys = features.gram_keys(texts, sizes)
    assert rows.dtype == keys.dtype == np.int64
    for number, text in enumerate(texts):
        expected = ngrams(text.replace("\x00", " "), sizes)
        got = Counter(keys[rows == number].tolist())
        assert got == Counter({features.gram_key(gram): count for gram, count in expected.items()})
    first = features.gram_keys(texts, sizes[:1])
    assert keys[: len(first[1])].tolist() == first[1].tolist()  # the sizes in the order listed


def test_document_frequencies_count_each_text_once(notices, matcher):
    texts = [matcher.matchable(task) for task in notices["qinghai"].tasks]
    counted: Counter = Counter()
    for text in texts:
        counted.update(ngrams(text, matcher.settings.ngram_sizes).keys())
    assert features.document_frequencies(texts, matcher.settings.ngram_sizes) == dict(counted)
    assert features.document_frequencies([], matcher.settings.ngram_sizes) == {}


def test_round6_is_pythons_round():
    generator = np.random.default_rng(7)
    values = np.concatenate([
        generator.random(20000),
        (np.arange(2000) + 0.5) / 1e6,  # halves: where rint of a product could differ from round
        np.nextafter((np.arange(2000) + 0.5) / 1e6, 1.0),
        np.array([0.0, 1.0, 0.1234565, 0.9999995]),
    ])
    rounded = scores.round6(values)
    assert rounded.tolist() == [round(value, 6) for value in values.tolist()]


def _rules(matrix, threshold, relative, ratio, limit, allowed):
    """The linking rules read off the whole matrix, as the README states them (the reference for the stream)."""
    vetoed = [[x if allowed[i][j] else 0.0 for j, x in enumerate(line)] for i, line in enumerate(matrix)]
    row_best = [max(line) for line in vetoed]
    column_best = [max(column) for column in zip(*vetoed)]
    found = []
    for i, j in itertools.product(range(len(matrix)), range(len(matrix[0]))):
        score = vetoed[i][j]
        if score >= threshold and score > 0:
            shares = (score / row_best[i], score / column_best[j])
            if max(shares) >= relative and min(shares) >= ratio:
                found.append((i, j, score))
    found.sort(key=lambda link: (-link[2], link[0], link[1]))
    counts: Counter = Counter()
    kept = []
    for i, j, score in found:
        if counts[(0, i)] < limit and counts[(1, j)] < limit:
            counts[(0, i)] += 1
            counts[(1, j)] += 1
            kept.append((i, j, score))
    return sorted(kept)


@pytest.mark.parametrize("seed", range(40))
def test_the_stream_keeps_the_rules_of_the_whole_matrix(seed, monkeypatch):
    rng = random.Random(seed)
    n, m = rng.randint(1, 25), rng.randint(1, 25)
    levels = [round(rng.random(), 2) for _ in range(rng.randint(2, 8))]  # few values: many ties
    matrix = [[rng.choice(levels) for _ in range(m)] for _ in range(n)]
    allowed = [[rng.random() > 0.2 for _ in range(m)] for _ in range(n)]
    threshold, relative = rng.choice([0.0, 0.16, 0.5]), rng.choice([0.0, 0.7, 1.0])
    ratio, limit = rng.choice([0.0, 0.5, 0.8, 1.0]), rng.choice([1, 3, 50])
    expected = _rules(matrix, threshold, relative, ratio, limit, allowed)
    assert pair_links(matrix, threshold, relative, ratio, limit, lambda i, j: allowed[i][j]) == expected
    monkeypatch.setattr(LinkStream, "SPARE", 0)  # drop ruled-out pairs after (nearly) every block
    stream = LinkStream(n, m, threshold, relative, ratio, limit)
    step = rng.randint(1, 4)
    for start in range(0, n, step):
        stream.add(start, np.array(matrix[start : start + step]), np.array(allowed[start : start + step]))
    assert stream.links() == expected
    for i in range(n):  # the closest candidate ignores the veto; ties go to the first
        assert stream.nearest(0, i) == min(enumerate(matrix[i]), key=lambda item: (-item[1], item[0]))
    for j in range(m):
        assert stream.nearest(1, j) == min(((i, line[j]) for i, line in enumerate(matrix)), key=lambda item: (-item[1], item[0]))


def test_a_notice_without_tasks_has_no_nearest_candidates(notices, matcher):
    stream = matcher.link_pair(notices["linfen"].tasks, [])
    assert stream.links() == [] and stream.nearest(0, 0) is None
    stream = matcher.link_pair([], notices["linfen"].tasks)
    assert stream.links() == [] and stream.nearest(1, 0) is None
    alignment = align_tasks([notices["linfen"], replace(notices["qinghai"], tasks=[])], matcher)
    assert all(row.nearest == {"qinghai": []} for row in alignment.rows)
    assert len(alignment.rows) == len(notices["linfen"].tasks)


# ---- the matcher's small rules, exactly (mutants make mutation found alive) --------------------------------------


def test_a_matcher_from_counts_made_elsewhere_scores_as_one_from_the_notices(notices, matcher):
    other = Matcher.from_frequencies(matcher.settings, matcher.taxonomy, matcher._documents, matcher._df, matcher._places)
    left, right = notices["linfen"].tasks[:6], notices["qinghai"].tasks[:6]
    assert other.score_matrix(left, right) == matcher.score_matrix(left, right)
    assert other.term_share("医保支付") == matcher.term_share("医保支付") > 0
    assert other.matchable(left[0]) == matcher.matchable(left[0])


def test_score_matrix_of_no_tasks():
    matching, taxonomy = load_matching(), load_topics()
    empty = Matcher(matching, taxonomy, [])
    assert empty.score_matrix([], []) == []
    tasks = [None, None]  # never read: there is nothing to score them against
    assert empty.score_matrix(tasks, []) == [[], []]


def test_term_share_is_the_share_of_tasks_holding_the_rarest_gram():
    matching, taxonomy = load_matching(), load_topics()
    size = max(matching.ngram_sizes)
    term = "医保支付方式改革"[: size + 1]
    grams = [term[k : k + size] for k in range(len(term) - size + 1)]
    counts = {grams[0]: 3, grams[-1]: 1}
    one = Matcher.from_frequencies(matching, taxonomy, 4, counts, [])
    assert one.term_share(term) == 1 / 4  # the rarer of its two grams
    assert one.term_share(grams[0]) == 3 / 4
    assert one.term_share("从未出现的词") == 0.0
    assert Matcher.from_frequencies(matching, taxonomy, 1, {grams[0]: 1}, []).term_share(grams[0]) == 1.0
    stop = next(iter(matching.stop_phrases), None)
    if stop is not None and one.normalizer.is_stop(stop):
        assert one.term_share(stop) == 1.0


def test_the_veto_allows_only_tasks_sharing_a_reform_area(notices, matcher):
    tasks = notices["linfen"].tasks
    keys = [matcher.topic_keys(task) for task in tasks]
    allowed = matcher.veto(tasks, tasks)
    pairs = [(i, j) for i in range(len(tasks)) for j in range(len(tasks))]
    assert any(not allowed(i, j) for i, j in pairs) and any(allowed(i, j) for i, j in pairs)
    assert all(allowed(i, j) == bool(keys[i] & keys[j]) for i, j in pairs)
    assert Matcher(replace(matcher.settings, topic_veto=False), matcher.taxonomy, []).veto(tasks, tasks) is None


def test_shared_terms_keep_the_limit_asked_for(notices, matcher):
    left, right = notices["linfen"].tasks, notices["qinghai"].tasks
    pairs = [(a, b) for a in left for b in right if len(matcher.shared_terms(a, b)) >= 2]
    assert pairs
    limited = [(matcher.shared_terms(a, b, limit=1), matcher.shared_terms(a, b)) for a, b in pairs]
    assert all(len(one) <= len(full) and set(one) <= set(full) for one, full in limited)  # the rarest words, then figures
    assert any(len(one) < len(full) for one, full in limited)


def test_not_linked_at_exactly_the_threshold_is_not_below_it(notices, matcher):
    from hrcli.align.matcher import _not_linked

    task, candidate = notices["linfen"].tasks[0], notices["linfen"].tasks[0]
    threshold = matcher.settings.threshold
    assert _not_linked(matcher, task, candidate, threshold - 0.01, 0.9) == f"below the threshold {threshold:.2f}"
    assert not _not_linked(matcher, task, candidate, threshold, 0.9).startswith("below")


def test_pair_links_of_no_scores_and_a_nearest_candidate_at_zero():
    assert pair_links([], 0.3, 0.9, 0.8, 3) == [] and pair_links([[]], 0.3, 0.9, 0.8, 3) == []
    stream = LinkStream(1, 2, 0.3, 0.9, 0.8, 3)
    stream.add(0, np.zeros((1, 2)))
    assert stream.nearest(0, 0) == (0, 0.0) and stream.nearest(1, 1) == (0, 0.0)  # shown as the closest, at 0.00
    assert stream.links() == []


def test_cover_rows_strongest_link_first_and_the_closest_candidate_joins():
    from hrcli.align.link import cover_rows

    a0, a1, b0, b1, c0, c1 = (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)
    links = {frozenset((a0, b0)): 0.9, frozenset((a0, c0)): 0.8, frozenset((b0, c0)): 0.7,
             frozenset((a1, b1)): 0.6, frozenset((a1, c1)): 0.5}
    assert cover_rows(links, 3) == [[a0, b0, c0], [a1, b1], [a1, c1]]
    # Two candidates of one region, one place each: the one more strongly linked to the row joins it first.
    rivals = {frozenset((a0, b0)): 0.9, frozenset((a0, c0)): 0.8, frozenset((b0, c0)): 0.7,
              frozenset((a0, c1)): 0.5, frozenset((b0, c1)): 0.4}
    assert cover_rows(rivals, 1) == [[a0, b0, c0], [a0, b0, c1]]
    assert cover_rows(rivals, 2) == [[a0, b0, c0, c1]]


def test_the_stream_links_a_score_of_exactly_the_threshold_and_never_a_zero():
    assert pair_links([[0.3, 0.1]], 0.3, 0.9, 0.8, 3) == [(0, 0, 0.3)]
    assert pair_links([[0.0, 0.5]], 0.0, 0.9, 0.8, 3) == [(0, 1, 0.5)]


def test_an_alignment_lists_its_links_in_order_with_scores_and_its_pairs(notices, matcher):
    three = [notices["linfen"], notices["qinghai"], notices["nanchang"]]
    alignment = align_tasks(three, matcher)
    order = {task.id: (r, k) for r, notice in enumerate(three) for k, task in enumerate(notice.tasks)}
    keys = [(order[link.a], order[link.b]) for link in alignment.links]
    assert {a[0] for a, _ in keys} == {0, 1}  # links of each pair of notices, merged in the notices' order
    assert keys == sorted(keys) and all(isinstance(link.score, float) and link.score > 0 for link in alignment.links)
    matched = [row for row in alignment.rows if row.status == "matched"]
    assert matched and all(row.pairs for row in matched)
    scores = [pair["score"] for row in matched for pair in row.pairs]
    assert all(round(score, 3) == score for score in scores) and any(round(score, 2) != score for score in scores)


def test_a_row_whose_targets_differ_lists_them_by_measure(matcher):
    from hrcli.analyse.targets import extract_targets
    from hrcli.parse.notice import parse_notice

    def notice(region, place, count):
        text = (f"{place}2022年深化医药卫生体制改革重点工作任务\n一、重点任务\n"
                f"(一)推进药品集中带量采购。集中带量采购药品品种达到{count}种以上，降低群众用药负担。({place[0]}医保局负责)\n")
        parsed = parse_notice(text, region)
        for task in parsed.tasks:
            task.targets = extract_targets(task.text)
        return parsed

    left, right = notice("a", "某市", 400), notice("b", "某省", 450)
    row = next(row for row in align_tasks([left, right], matcher).rows if row.status == "matched")
    assert [{key: value for key, value in line.items() if key != "measure"} for line in row.target_differences] == [
        {"a": "达到400种以上", "b": "达到450种以上"}]
    assert all(line["measure"] for line in row.target_differences)
    from hrcli.align.labels import row_label

    pair_labels = [pair["label"] for pair in row.pairs]
    assert row.label == row_label(row.tasks, pair_labels, True) != row_label(row.tasks, pair_labels, False)


def test_aligning_without_the_topic_veto(notices, matcher):
    free = Matcher(replace(matcher.settings, topic_veto=False), matcher.taxonomy, list(notices.values()))
    pair = [notices["linfen"], notices["qinghai"]]
    vetoed, unvetoed = align_tasks(pair, matcher), align_tasks(pair, free)
    assert len(unvetoed.links) >= len(vetoed.links)
    assert {(link.a, link.b) for link in vetoed.links} <= {(link.a, link.b) for link in unvetoed.links} | set()


def test_a_pair_best_for_neither_task_is_not_linked():
    # (0, 1) reaches partner_ratio of both tasks' bests, but is the best (relative) of neither.
    assert pair_links([[1.0, 0.85], [0.85, 1.0]], 0.3, 0.9, 0.8, 3) == [(0, 0, 1.0), (1, 1, 1.0)]


def test_idf_of_a_gram_no_reference_task_holds(matcher):
    assert matcher.idf("从未出现过") == features.smoothed_idf(matcher._documents, 0) > matcher.idf("医保")


def test_one_notice_given_twice_counts_once(notices, matcher):
    linfen = notices["linfen"]
    twice = Matcher(matcher.settings, matcher.taxonomy, [linfen, replace(linfen, region="linfen-copy")])
    once = Matcher(matcher.settings, matcher.taxonomy, [linfen])
    assert twice._documents == once._documents and twice._df == once._df


def test_the_compared_regions_places_are_blanked(notices, matcher):
    task = next(task for task in notices["linfen"].tasks if "临汾" in task.text)
    assert "临汾" not in matcher.matchable(task)


def test_main_area_of_a_task_without_or_with_one_topic_term(notices, matcher):
    from hrcli.schema import Task

    bare = Task(id="x-1", label="1.", number=1, section=None, group=None, title="按时完成", text="按时完成有关事项。", note=None)
    assert matcher.main_area(bare) is None
    term = matcher._topic_terms[0][0]
    once = Task(id="x-2", label="2.", number=2, section=None, group=None, title="做好工作", text=f"做好{term}工作。", note=None)
    assert matcher._topic_weights(once)[0] == 1.0 and matcher.main_area(once) == 0


def test_cover_rows_do_not_depend_on_the_order_links_come_in():
    from hrcli.align.link import cover_rows

    a0, a1, b0, b1, c0, c1 = (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)
    links = [((a1, c1), 0.5), ((a1, b1), 0.6), ((b0, c0), 0.7), ((a0, c0), 0.8), ((a0, b0), 0.9)]
    assert cover_rows({frozenset(pair): score for pair, score in links}, 3) == [[a0, b0, c0], [a1, b1], [a1, c1]]
    # Candidates are taken by how strongly they link to the row, not by their place in the notices.
    late = {frozenset((a0, b1)): 0.9, frozenset((a0, c1)): 0.8, frozenset((b1, c1)): 0.7,
            frozenset((a0, c0)): 0.3, frozenset((b1, c0)): 0.2}
    assert cover_rows(late, 1) == [[a0, b1, c1], [a0, b1, c0]]


def test_the_cap_on_partners_breaks_ties_by_the_first_notice_then_the_second():
    from hrcli.align.link import _cap

    # Three equal links, one partner each: (0, 0) comes first in notice order and takes both tasks' places.
    assert _cap([(1, 0, 0.5), (0, 2, 0.5), (0, 0, 0.5)], 1) == [(0, 0, 0.5)]
    assert _cap([(1, 0, 0.5), (0, 2, 0.5), (0, 0, 0.5)], 2) == [(0, 0, 0.5), (0, 2, 0.5), (1, 0, 0.5)]


def test_cover_rows_weigh_candidates_by_their_links_only_and_cover_every_pair_of_a_row():
    from hrcli.align.link import cover_rows

    a0, a1, b0, c0, c1 = (0, 0), (0, 1), (1, 0), (2, 0), (2, 1)
    # c1 links both tasks of the row (0.5 + 0.5), a1 only b0 (0.9): c1 is the closer candidate and joins first,
    # and a1, not linked to c1, then opens a row of its own.
    links = {frozenset((a0, b0)): 0.95, frozenset((a1, b0)): 0.9, frozenset((c1, a0)): 0.5, frozenset((c1, b0)): 0.5}
    assert cover_rows(links, 2) == [[a0, b0, c1], [a1, b0]]
    # A row of three covers its three pairs: the weaker links inside it open no row of their own.
    triangle = {frozenset((a1, c0)): 0.9, frozenset((a1, b0)): 0.5, frozenset((b0, c0)): 0.5}
    assert cover_rows(triangle, 3) == [[a1, b0, c0]]


def test_target_differences_pair_measures_with_the_matching_in_use():
    import dataclasses

    from hrcli.align.matcher import target_differences
    from hrcli.analyse.targets import extract_targets
    from hrcli.parse.notice import parse_notice

    def tasks(region, text):
        notice = parse_notice(f"某市2022年深化医药卫生体制改革重点工作任务\n一、重点任务\n(一){text}(市卫健委负责)\n", region)
        for task in notice.tasks:
            task.targets = extract_targets(task.text)
        return notice.tasks

    both = {"a": tasks("a", "发展互联网医疗。全市建成互联网医院达到10家。"), "b": tasks("b", "发展互联网医疗。全省建成线上医院达到12家。")}
    matching = load_matching()
    assert target_differences(both, matching) == []  # two measures by the shipped synonyms
    synonyms = {**matching.synonyms, "互联网医院": ["线上医院"]}  # a user's synonym makes them one
    assert target_differences(both, dataclasses.replace(matching, synonyms=synonyms)) == [
        {"measure": "全市建成互联网医院", "a": "达到10家", "b": "达到12家"}]


def test_a_matcher_reads_campaigns_named_after_the_regions_it_compares(notices):
    matcher = Matcher(load_matching(), load_topics(), [notices["nanchang"], notices["sixian"]])
    assert matcher.readable("深入开展健康南昌和健康泗县建设") == "深入开展健康城市和健康城市建设"
    alone = Matcher(load_matching(), load_topics(), [notices["linfen"]])
    assert alone.readable("深入开展健康南昌建设") == "深入开展健康南昌建设"  # not a place this matcher compares
