"""Properties of the parser and the aligner on generated text (hypothesis).

Default runs try a few dozen inputs per property so CI stays fast. HRCLI_FUZZ_EXAMPLES scales
every property up; `make fuzz-properties` runs the campaign entry point (test_fuzz_campaign) with
200000. `make fuzz` is the coverage-guided campaign (bench/fuzz_parse.py, atheris).
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hrcli.errors import ParseError
from hrcli.parse.clean import INLINE_DEBRIS, WIDTH_TABLE, clean_text
from hrcli.parse.notice import parse_notice
from hrcli.read.textio import SIMPLIFIED, TRADITIONAL, looks_like_html
from hrcli.schema import Notice

from .conftest import current_settings, shared

CAMPAIGN = int(os.environ.get("HRCLI_FUZZ_EXAMPLES") or 0)


def examples(default: int, share: float = 1.0) -> settings:
    """Hypothesis settings: `default` examples in CI, a share of HRCLI_FUZZ_EXAMPLES in a campaign.

    CI runs are derandomized (the same inputs every run); a campaign explores afresh.
    """
    count = max(default, int(CAMPAIGN * share)) if CAMPAIGN else default
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=not CAMPAIGN,
        # function_scoped_fixture: while mutmut credits tests, shared fixtures are per test (conftest.shared);
        # they hold read-only notices, which the examples of one test may share.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture],
    )


# ---- what notices are made of -------------------------------------------------------------
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
WORDS = st.text(CHINESE, min_size=1, max_size=24)
LABELS = ["一、", "二、", "三、", "十、", "(一)", "(二)", "(三)", "(十一)", "（一）", "（二）", "（十二）",
          "1.", "2.", "3、", "10.", "(1)", "（2）", "第一部分", "(", "一", "、"]
NOTES = ["(市卫健委负责)", "（市医保局、市财政局按职责分工负责）", "(省卫生健康委牵头,省财政厅参与)",
         "(责任单位:县卫健局、县医保局)", "(以下各项均需各县市区人民政府负责,不再列出)",
         "(排在第一位的部门为牵头部门,下同)", "(2022年底前完成)", "(市卫健委等按职责\n\n分工负责)",
         "（各镇人民政府(开发区工委)负责）", "(衛健委負責)"]
PUNCTUATION = ["。", "，", ",", "；", "：", ":", "、", "(", ")", "（", "）", "《", "》", "“", "”", "%", " ", "\u3000",
               "\t", "2022年", "12月6日", "2022 年 12 月 6 日", "抄送:", "附件", "分享到:", "您当前所在位置:",
               "[bookmark: _GoBack]", "\ue004", "\u200b", "\ufeff", "\xa0", "各县(市、区)人民政府:", "临汾市人民政府办公室"]
MARKUP = ["<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<span>", "</span>", "&nbsp;", "&amp;", "&#12290;", "<html>",
          "<!-- x -->", "<script>a<b</script>"]
NEWLINES = ["\n", "\n", "\n\n", "\r\n", "\r", "\u2028"]

PIECE = st.one_of(
    st.sampled_from(LABELS), st.sampled_from(NOTES), st.sampled_from(PUNCTUATION), st.sampled_from(NEWLINES),
    WORDS, st.text(max_size=4),
)
FREE_TEXT = st.lists(PIECE, max_size=80).map("".join)
# Numbered paragraphs with notes, the shape of a real notice, with noise between the parts.
PARAGRAPH = st.tuples(
    st.sampled_from(NEWLINES), st.sampled_from(LABELS), WORDS, st.sampled_from(["", "。", "。" * 2]),
    st.one_of(st.just(""), st.sampled_from(NOTES)), st.one_of(st.just(""), PIECE),
).map("".join)
NOTICE_TEXT = st.tuples(WORDS, st.lists(PARAGRAPH, min_size=1, max_size=30), FREE_TEXT).map(
    lambda parts: parts[0] + "".join(parts[1]) + "\n" + parts[2]
)
HTML_TEXT = st.lists(st.one_of(PARAGRAPH, st.sampled_from(MARKUP)), min_size=1, max_size=30).map("".join)
TEXT = st.one_of(FREE_TEXT, NOTICE_TEXT, NOTICE_TEXT, HTML_TEXT)


# ---- the properties, each a function so the campaign can run them all on one input ---------
def parse_or_none(text: str) -> Notice | None:
    """parse_notice's result, None for a ParseError; any other exception fails the test."""
    try:
        notice = parse_notice(text, "gen")
    except ParseError:
        return None
    assert isinstance(notice, Notice)
    return notice


def check_clean_idempotent(text: str) -> None:
    """Cleaning clean text changes nothing."""
    once = clean_text(text).text
    assert clean_text(once).text == once


def task_facts(notice: Notice | None) -> list[tuple] | None:
    """What a task is, without where it is."""
    if notice is None:
        return None
    return [(t.id, t.label, t.number, t.section, t.title, t.text, t.note, t.departments, t.lead, t.deadline)
            for t in notice.tasks]


def check_same_tasks_from_clean_text(text: str, notice: Notice | None) -> None:
    """The tasks found in the cleaned text are the tasks found in the original."""
    assert task_facts(parse_or_none(clean_text(text).text)) == task_facts(notice)


SIMPLIFY = str.maketrans(TRADITIONAL, SIMPLIFIED)


def comparable(text: str) -> str:
    """Text as cleaning leaves it inside a line: simplified, widths folded, spaces and debris dropped."""
    return re.sub(r"\s+", "", INLINE_DEBRIS.sub("", text.translate(SIMPLIFY).translate(WIDTH_TABLE)))


def check_spans(text: str, notice: Notice | None) -> None:
    """Every task span lies in the original text and its slice holds the label (and the note)."""
    if notice is None:
        return
    for task in notice.tasks:
        start, end = task.span
        assert 0 <= start < end <= len(text)
        if task.note_span:
            note_start, note_end = task.note_span
            assert start <= note_start < note_end <= end
        if looks_like_html(text):
            continue  # markup and entities of the page sit between the characters
        assert comparable(text[start:end]).startswith(comparable(task.label))
        if task.note_span:
            assert comparable(task.note) in comparable(text[note_start:note_end])


def check_all(text: str) -> None:
    notice = parse_or_none(text)
    check_clean_idempotent(text)
    check_same_tasks_from_clean_text(text, notice)
    check_spans(text, notice)


@examples(150)
@given(TEXT)
def test_parse_returns_a_notice_or_raises_parse_error(text):
    parse_or_none(text)


@examples(150)
@given(TEXT)
def test_cleaning_is_idempotent(text):
    check_clean_idempotent(text)


@examples(100)
@given(TEXT)
def test_tasks_of_the_cleaned_text_are_the_tasks_of_the_original(text):
    check_same_tasks_from_clean_text(text, parse_or_none(text))


@examples(100)
@given(NOTICE_TEXT)
def test_task_spans_map_back_to_the_labels_in_the_original(text):
    notice = parse_or_none(text)
    assume(notice is not None)
    check_spans(text, notice)


# Inputs earlier campaigns found (see the README, "Fuzzing"), kept as regression cases.
FOUND = [
    "（市医保局、市财政局按职责分工负责）一、\n(市卫健委等按职责\n\n分工负责)",
    "一\n一、一\n2022 年 12 月 6 日\n(市卫健委负责)(市卫健委负责)",
    "一\n一、一\n(一)一一一一一一一一一一一一一一一一一\n(一一一一一一一。。临汾市人民政府办公室\n(市卫健委负责)",
    "您当前所在位置:" + "（市医保局、市财政局按职责分工负责）" * 3 + "\n(衛健委負責)(衛健委負責)",
]


@pytest.mark.parametrize("text", FOUND)
def test_inputs_found_by_fuzzing(text):
    check_all(text)


@examples(30)
@given(TEXT)
def test_fuzz_campaign(text):
    """The long campaign (`make fuzz-properties`): every parser property on each input."""
    check_all(text)


# ---- the aligner -------------------------------------------------------------------------
@pytest.fixture(scope=shared("module"))
def corpus():
    from hrcli.corpus import Corpus

    return Corpus(current_settings())


def check_scores(matcher, left, right) -> None:
    """Scores lie in [0, 1] and scoring the other way round gives the transpose."""
    forward = matcher.score_matrix(left.tasks, right.tasks)
    backward = matcher.score_matrix(right.tasks, left.tasks)
    assert len(forward) == len(left.tasks)
    assert all(len(line) == len(right.tasks) for line in forward)
    assert all(0.0 <= score <= 1.0 for line in forward for score in line)
    for i, line in enumerate(forward):
        for j, score in enumerate(line):
            assert score == pytest.approx(backward[j][i], abs=1e-6)


@pytest.mark.parametrize("first,second", [("linfen", "qinghai"), ("shanxi", "sixian"), ("nanchang", "linfen")])
def test_scores_of_real_notices_are_bounded_and_symmetric(corpus, notices, first, second):
    from hrcli.comparison import build_matcher

    matcher = build_matcher(corpus, [notices[first], notices[second]])
    check_scores(matcher, notices[first], notices[second])


@examples(25, share=0.02)
@given(NOTICE_TEXT, st.sampled_from(["linfen", "qinghai", "sixian"]))
def test_fuzz_scores_of_generated_notices_are_bounded_and_symmetric(corpus, notices, text, real):
    from hrcli.comparison import build_matcher

    generated = parse_or_none(text)
    assume(generated is not None)
    matcher = build_matcher(corpus, [generated, notices[real]])
    check_scores(matcher, generated, notices[real])
    check_scores(matcher, generated, generated)
