"""hrcli.parse.regex.scanner: patterns led by a lookahead of their first characters match exactly as before."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrcli.parse.normalize import Normalizer
from hrcli.parse.notice import parse_notice
from hrcli.parse.regex import first_characters, required_strings, scanner, sieved

from .conftest import REGIONS, current_settings, read_corpus

# Patterns of the shapes stop_patterns and the parser use: optional openings, alternations, lookarounds, anchors.
PATTERNS = [
    r"(?:各|[省市县区州]直)?(?:有关|相关|成员|责任)(?:部门|单位)",
    r"(?:按|根据)?(?:职责)?(?:分工)?(?:分别|共同|牵头|配合)?负责|按职责分工(?:落实)?",
    r"(?<=[^\x00-\x7f])[ \t]+|[ \t]+(?=[^\x00-\x7f])|(?<=%)[ \t]+",
    r"(?P<open>【)?(?:(?P<lead>牵头单位)|(?P<deadline>完成时限))(?(open)】|\s*[:])\s*",
    r"^[ \t]+|[ \t]+$",
    r"(?:到|至)?20\d\d年(?:底|末)?前?",
    r"\b(?:DRG|DIP)付费",
    r"a*?b+",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_scanner_finds_what_the_pattern_finds_in_real_and_random_text(pattern):
    plain, quick = re.compile(pattern), scanner(pattern)
    rng = random.Random(pattern)
    pieces = [" ", "\t", "\n", "%", "a", "b", "【", "】", ":", "牵头单位", "完成时限", "各", "省直", "有关部门", "按职责分工",
              "负责", "到", "2023年底前", "DRG付费", "医"]
    texts = [read_corpus(slug) for slug in REGIONS]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert quick.sub("_", text) == plain.sub("_", text)


@given(st.text(alphabet="ab各省有关部门负责按职责分工 \t\n%【】:", max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_scanner_keeps_every_match_and_its_groups(text):
    for pattern in PATTERNS:
        plain, quick = re.compile(pattern), scanner(pattern)
        assert [(m.span(), m.groupdict()) for m in quick.finditer(text)] == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


def test_the_first_characters_of_optional_openings_and_alternations():
    assert first_characters(r"(?:各|[省市]直)?(?:有关|相关)") == set("各省市有相")
    assert first_characters(r"(?<=[^\x00-\x7f])[ \t]+|%") == {" ", "\t", "%"}


@pytest.mark.parametrize("pattern", [r"(?:有关)?", r"a|", r"\d+年", r"[^a]b", r"(?i)drg", r"(a)?\1", r"(?=a)", r".", r"[\u4e00-\u9fff]+"])
def test_patterns_that_can_match_nothing_or_any_character_are_left_as_they_are(pattern):
    assert first_characters(pattern) is None
    assert scanner(pattern).pattern == pattern


def test_the_stop_patterns_of_the_configs_blank_the_same_text():
    normalizer_patterns = current_settings().matching.stop_patterns
    tasks = [task.text for slug in REGIONS for task in parse_notice(read_corpus(slug), slug).tasks]
    for pattern in normalizer_patterns:
        plain, quick = re.compile(pattern), scanner(pattern)
        assert [quick.sub(" ", text) for text in tasks] == [plain.sub(" ", text) for text in tasks]


def test_a_synonym_alternation_prefers_the_longest_form_among_those_sharing_a_first_character():
    normalizer = Normalizer({"集采": ["集中采购", "集中带量采购", "集采"], "DRG": ["DRG付费", "D", "按疾病诊断相关分组付费"]}, ["集中"])
    assert normalizer.fold("推进集中带量采购、集中采购和DRG付费及按疾病诊断相关分组付费,DIP") == "推进集采、集采和DRG及DRG,DRGIP"
    assert normalizer.matchable("集中力量") == " 力量"


@pytest.mark.parametrize("pattern", [*PATTERNS, r"各(?:级|[省市县]){1,12}(?:人民)?政府", r"(?:ab)+c?", r"a(?i:b)c", r"(a)\1b"])
def test_every_match_holds_one_of_the_required_strings(pattern):
    needles, regex = required_strings(pattern), re.compile(pattern)
    rng = random.Random(pattern)
    pieces = ["a", "b", "c", "各", "级", "省", "人民", "政府", "有关", "部门", "单位", "负责", "按职责分工", "分别", "2023年底", "DRG付费",
              " ", "%", "医", "abc", "aBc", "aab", "ab", "cd", "【牵头单位】", "完成时限:"]
    texts = [read_corpus(slug) for slug in REGIONS]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    matched = [text for text in texts if regex.search(text)]
    assert matched, "the texts exercise the pattern"
    if needles is not None:
        assert all(any(needle in text for needle in needles) for text in matched)


@pytest.mark.parametrize(("pattern", "needles"), [
    (r"(?:各|[省市县区州]直)?(?:有关|相关|成员|责任)(?:部门|单位)", ("单位", "部门")),  # of equal length: the fewer
    (r"(?:按|根据)?(?:职责)?(?:分工)?(?:分别|共同|牵头|配合)?负责|按职责分工(?:落实)?", ("按职责分工", "负责")),
    (r"各(?:级|[省市县]){1,12}(?:人民)?政府", ("政府",)),  # the longest of the runs every match holds
    (r"(?:ab|cd){1,3}", ("ab", "cd")),
    (r"a(?i:b)c", ("a",)),  # a part with flags of its own requires nothing
    (r"(?=abc)d", ("d",)),
    (r"\d+元", ("元",)),
    (r"a|", None), (r"x*", None), (r"(?i)abc", None), (r"[ab]", None), (r"(", None),
])
def test_required_strings_of_a_pattern(pattern, needles):
    assert required_strings(pattern) == needles


def test_a_pattern_opening_with_a_character_is_not_sieved():
    """re skips ahead to its first character by itself: a test before it would only cost."""
    assert sieved(r"各(?:级|[省市县]){1,12}政府").needles is None
    assert sieved(r"(?:各|[省市县区州]直)?(?:有关|相关)(?:部门|单位)").needles == ("有关", "相关")  # a tie: the first
