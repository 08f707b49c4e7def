"""The corpus build's batched look-ups give exactly what the one-text-at-a-time ones give (the index's numbers
depend on it): the terms found in many texts at once, place blanking and topic weights."""

from __future__ import annotations

import random

import pytest

from hrcli.align import features
from hrcli.align.features import PlaceBlanker
from hrcli.analyse.topics import TopicCounter, load_topics
from hrcli.config import load_matching
from hrcli.parse import normalize
from hrcli.parse.normalize import Normalizer, Terms, place_names

from .conftest import shared


@pytest.fixture(scope=shared("module"))
def settings():
    return load_matching(), load_topics()


def test_terms_found_are_the_terms_each_text_holds(monkeypatch):
    """Found for every text as `term in text`, also across the blocks the texts are cut into; too short never."""
    monkeypatch.setattr(normalize, "PAIRS_CHARACTERS", 40)  # many blocks
    rng = random.Random(3)
    alphabet = "医保支付改革DRG付费 \x00𠀀临汾"
    terms = ["".join(rng.choices(alphabet, k=rng.randint(2, 5))) for _ in range(80)]
    terms += ["医保", "医保", "付费", "𠀀临汾", "A", "", "长江市", "\x00医", "医\x00"]
    finder = Terms(terms)
    texts = ["", "医", "医保", "付费医保付费"] + ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(300)]
    looked = [k for k, term in enumerate(terms) if len(term) >= 2 and "\x00" not in term[:2]]
    found = finder.found(texts)
    for text, present in zip(texts, found):
        assert present == sorted(set(present))
        holds = [k for k in looked if terms[k] in text]
        assert holds == [k for k in present if terms[k] in text]  # every term held found
        assert all(k in holds or "\x00" in terms[k] for k in present)  # a term holding a NUL may span two texts
    assert found[2] == [k for k in looked if terms[k] == "医保"] and len(found[2]) == 2
    assert sum(map(len, found)) > 200
    assert Terms(["A", ""]).found(["A", ""]) == [[], []]
    assert finder.found([]) == []


def test_place_blanking_of_many_texts_is_one_by_ones(settings, monkeypatch):
    """blank_many: every text as blank() leaves it, names that overlap, hold a blank or a NUL included."""
    monkeypatch.setattr(normalize, "PAIRS_CHARACTERS", 64)
    monkeypatch.setattr(features, "MATCHABLE_BLOCK", 7)
    rng = random.Random(8)
    syllables = "东西南北安宁平江"
    places = place_names(*{"".join(rng.choices(syllables, k=2)) + rng.choice("市县") for _ in range(60)},
                         "A", "长 江市", "\x00西安")
    normalizer = Normalizer(settings[0].synonyms, settings[0].stop_phrases)
    blanker = PlaceBlanker(normalizer, places)
    texts = ["".join(rng.choices(syllables + "市县推进医保A 长江,\x00", k=rng.randint(0, 40))) for _ in range(400)]
    assert blanker.blank_many(texts) == [blanker.blank(text) for text in texts]
    assert blanker.matchable_many(texts) == [normalizer.matchable(text, places) for text in texts]
    assert sum(a != b for a, b in zip(blanker.blank_many(texts), texts)) > 100  # names were blanked
    assert PlaceBlanker(normalizer, []).blank_many(texts) == texts


def test_topic_weights_of_many_tasks_are_one_by_ones(notices, settings):
    """weights_many on the real notices' tasks: exactly weights(), title weight and every term included."""
    matching, taxonomy = settings
    normalizer = Normalizer(matching.synonyms, matching.stop_phrases)
    counter = TopicCounter(taxonomy.folded(normalizer), taxonomy.title_weight)
    for notice in notices.values():
        pairs = [(normalizer.fold(task.title), normalizer.fold(task.text)) for task in notice.tasks]
        expected = [counter.weights(title, text) for title, text in pairs]
        assert counter.weights_many(pairs) == expected
        assert sum(1 for weights in expected if any(weights)) > len(pairs) // 2


def test_topic_weights_count_terms_spanning_nothing_and_short_terms():
    """A one-character term and a term starting with the title/text separator are counted too (never looked up)."""
    counter = TopicCounter([["医保", "医"], ["\x00付"], ["付费改革"]], title_weight=3)
    pairs = [("医保", "付费改革医保"), ("", "付费改"), ("医", "")]
    assert counter.weights_many(pairs) == [counter.weights(title, text) for title, text in pairs]
    assert counter.weights_many(pairs)[0] == [6.0, 0.0, 1.0]  # 医保 and 医 in title (x3) and text; 付费改革 once


def test_families_marked_in_many_texts_as_in_one(settings, monkeypatch):
    """mark_families_many: the real families (members inside others included) and odd members tried one by one."""
    monkeypatch.setattr(normalize, "PAIRS_CHARACTERS", 50)
    matching = settings[0]
    normalizer = Normalizer.for_matching(matching)
    members = [member for names in normalizer.families.values() for member in names]
    rng = random.Random(5)
    texts = ["".join(rng.choice([*members, "推进", "，", " ", "医", "疗"]) for _ in range(rng.randint(0, 6)))
             for _ in range(300)]
    marked = normalizer.mark_families_many(texts)
    assert marked == [normalizer.mark_families(text) for text in texts]
    assert sum(a != b for a, b in zip(marked, texts)) > 200
    assert normalizer.matchable_many(texts) == [normalizer.matchable(text) for text in texts]
    odd = Normalizer({}, (), families={"甲": ["A", "乙\x00丙", "医保"]})
    texts = ["A", "乙\x00丙", "乙", "医保", "", "B\x00医"]
    assert odd.mark_families_many(texts) == [odd.mark_families(text) for text in texts] == [
        "A 甲", "乙\x00丙 甲", "乙", "医保 甲", "", "B\x00医"]


def test_a_notice_prepared_while_enriched_is_one_prepared_from_the_parse_cache(tmp_path, monkeypatch):
    """The topic profiles of a notice parsed now (enrich's weights handed over) are those of one read back from
    the parse cache (weights counted again), bit for bit, and its records and texts the same."""
    import numpy as np

    from hrcli.corpus import Corpus
    from hrcli.index.build import Features, prepare_source

    from .conftest import current_settings

    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "cache"))
    settings = current_settings()
    features = Features(settings.matching, settings.taxonomy, settings)
    sources = sorted(Corpus(settings).files(), key=lambda source: source.slug)
    parsed = [prepare_source(source, features) for source in sources]  # empty cache: parsed and enriched
    assert features.weighed is None
    cached = [prepare_source(source, features) for source in sources]  # from the parse cache: counted in prepare()
    for fresh, again in zip(parsed, cached):
        assert fresh.records == again.records and fresh.texts == again.texts
        assert fresh.profiles.tobytes() == again.profiles.tobytes()
        assert np.count_nonzero(fresh.profiles.any(axis=1)) > len(fresh.texts) // 2
        assert fresh.folded == again.folded == [features.normalizer.fold(text) for text in fresh.texts]
    assert any(notice.folded != notice.texts for notice in parsed)  # the corpus's notices name reforms by synonyms


def test_a_segment_of_notices_with_their_folded_texts_is_one_of_notices_without():
    """invert() takes the texts prepare() folded (no second fold); a notice read back from an old segment has none
    and is folded there: the same arrays either way."""
    import dataclasses

    from hrcli.corpus import Corpus
    from hrcli.index.build import Features, invert, place_names, prepare

    from .conftest import current_settings

    settings = current_settings()
    features = Features(settings.matching, settings.taxonomy, settings)
    corpus = Corpus(settings)
    prepared = [prepare(corpus.load(slug), "", features) for slug in corpus.slugs()]
    places = place_names(*(notice.place for notice in prepared))
    with_folded, _ = invert(prepared, places, settings.matching)
    without, _ = invert([dataclasses.replace(notice, folded=None) for notice in prepared], places, settings.matching)
    assert with_folded.keys() == without.keys()
    for name, array in with_folded.items():
        assert array.tobytes() == without[name].tobytes(), name
