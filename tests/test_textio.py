"""Bytes -> text: encodings, BOMs, refusing binary files, and the repairs of HTML and traditional text."""

from __future__ import annotations

import codecs
import html
import random

import pytest

from hrcli.errors import InputError
from hrcli.parse.notice import parse_notice
from hrcli.read.textio import (
    HTML_WARNING,
    SIMPLIFIED,
    STRAY_TRADITIONAL_WARNING,
    TRADITIONAL,
    TRADITIONAL_WARNING,
    decode_notice,
    html_edits,
    looks_like_html,
    to_simplified,
)

from .conftest import REGIONS, read_corpus

# The characters of the Linfen notice that traditional script writes differently, with their
# traditional form (most frequent first), for making a traditional copy of a real notice.
LINFEN_SIMPLIFIED = (
    "医卫疗实责务进药设机发职县动强级体监负构区关点项临开综应标结业诊学专联采现乡续优员办会为经对层门领内与单规范评挥养组国质验购围"
    "资财个创产达网费导总预于带盖继确协价测护复团准统励绩识贯绕见这势术传条备试担广调态种织断审编严坚彻将决头脑长紧干兴两师况积极"
    "余类衔码库据场从济给热属宁队扩妇床远争战岗训当纵际台选群众报并过约数链时维检风险络运筹输触划号们请认厅钟楼异伤儿难枢稳线帮"
    "册农订历驻邻处习账巩参减轻占许权挂钩称录后双随执则厉击诈骗剂隐销灵转载别细爱无烟马筛尘储弹针练响递仓谋拨党镇馆龄边签牵踪闻"
)
LINFEN_TRADITIONAL = (
    "醫衛療實責務進藥設機發職縣動強級體監負構區關點項臨開綜應標結業診學專聯採現鄉續優員辦會爲經對層門領內與單規範評揮養組國質驗購圍"
    "資財個創產達網費導總預於帶蓋繼確協價測護復團準統勵績識貫繞見這勢術傳條備試擔廣調態種織斷審編嚴堅徹將決頭腦長緊幹興兩師況積極"
    "餘類銜碼庫據場從濟給熱屬寧隊擴婦牀遠爭戰崗訓當縱際臺選羣衆報並過約數鏈時維檢風險絡運籌輸觸劃號們請認廳鍾樓異傷兒難樞穩線幫"
    "冊農訂歷駐鄰處習賬鞏參減輕佔許權掛鉤稱錄後雙隨執則厲擊詐騙劑隱銷靈轉載別細愛無煙馬篩塵儲彈針練響遞倉謀撥黨鎮館齡邊籤牽蹤聞"
)


def traditional(text: str) -> str:
    """A traditional-character copy of a text (of the characters the table above knows)."""
    return text.translate(str.maketrans(LINFEN_SIMPLIFIED, LINFEN_TRADITIONAL))


def html_page(text: str) -> str:
    """A notice as a saved web page: a head, paragraphs in <p>, <br> inside the cover, entities."""
    paragraphs = [html.escape(line, quote=False) for line in text.split("\n") if line.strip()]
    body = "\n".join(f'<p style="text-indent:2em">&nbsp;&nbsp;{line}</p>' for line in paragraphs[3:])
    cover = "<br>\n".join(paragraphs[:3])
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>临汾市人民政府 - 政策文件</title>"
        "<style>p { margin: 0 }</style><script>var x = 1 < 2;</script></head>\n"
        f"<body><div class=\"content\"><p>{cover}</p>\n{body}\n<!-- footer --></div></body></html>\n"
    )


def task_facts(notice):
    return [(t.label, t.title, t.text, t.note, t.departments, t.lead) for t in notice.tasks]


# ---- refusing what is not text --------------------------------------------------------------
@pytest.mark.parametrize("data,message", [
    (b"", "is empty"),
    (b" \n\t\r\n  \n", "holds only whitespace"),
    (codecs.BOM_UTF8 + b"\n\n", "holds only whitespace"),
    (codecs.BOM_UTF16_LE, "is empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image"),
    (b"PK\x03\x04\x14\x00\x06\x00", "is a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Office document"),
])
def test_non_text_is_refused_with_what_it_is(data, message):
    with pytest.raises(InputError) as error:
        decode_notice(data, "notice.txt")
    assert message in str(error.value)
    assert str(error.value).startswith("notice.txt ")


def test_random_bytes_are_refused_as_binary():
    data = random.Random(7).randbytes(5000) + b"\x00" * 10
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_notice(data, "scan.txt")


# ---- encodings ------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
])
def test_a_bom_names_the_encoding(encoding, bom):
    text = read_corpus("qinghai")
    decoded, _ = decode_notice(bom + text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(encoding):
    text = read_corpus("sixian")
    decoded, used = decode_notice(text.encode(encoding))
    assert (decoded, used) == (text, encoding)


def test_gbk_text_is_read_as_gb18030():
    text = read_corpus("nanchang")
    decoded, used = decode_notice(text.encode("gb18030"))
    assert (decoded, used) == (text, "gb18030")


def corrupt_gb18030(text: str, count: int = 6) -> bytes:
    """The text in GB18030 with `count` characters inside task bodies replaced by invalid bytes."""
    data = bytearray()
    notice = parse_notice(text, "x")
    targets = {task.span[0] + 12 for task in notice.tasks[:count]}  # the middle of a task's first sentence
    for index, char in enumerate(text):
        data += b"\xff\xff" if index in targets else char.encode("gb18030")
    return bytes(data)


@pytest.mark.parametrize("slug", ["linfen", "qinghai"])
def test_gb18030_with_invalid_bytes_still_parses_with_the_same_tasks(slug):
    text = read_corpus(slug)
    decoded, used = decode_notice(corrupt_gb18030(text))
    assert used == "gb18030"
    assert decoded.count("\ufffd") >= 6
    assert [t.label for t in parse_notice(decoded, slug).tasks] == [t.label for t in parse_notice(text, slug).tasks]


def test_a_utf8_file_with_a_few_invalid_bytes_stays_utf8():
    text = read_corpus("linfen")
    data = text.encode("utf-8")
    data = data[:3000] + b"\xff" + data[3000:6000] + b"\xfe" + data[6000:]
    decoded, used = decode_notice(data)
    assert used.startswith("utf-8")
    assert len(parse_notice(decoded, "linfen").tasks) == len(parse_notice(text, "linfen").tasks)


# ---- HTML -----------------------------------------------------------------------------------
def test_plain_notices_do_not_look_like_html():
    assert not any(looks_like_html(read_corpus(slug)) for slug in REGIONS)
    assert not looks_like_html("a < b and c > d, 1 <2> 3")


def test_html_edits_remove_tags_decode_entities_and_keep_text_in_place():
    page = '<html><body><p>一、总体&nbsp;要求 &lt;甲&gt; &#65288;乙&#x29;</p><br/>\n<p>(一)做好\n工作。</p><!-- c --></body></html>'
    edits = html_edits(page)
    pieces, position = [], 0
    for start, end, replacement in edits:
        assert position <= start < end <= len(page)
        pieces += [page[position:start], replacement]
        position = end
    text = "".join(pieces) + page[position:]
    assert "<" not in text.replace("<甲>", "")
    assert "一、总体\xa0要求 <甲> （乙)" in text
    assert "(一)做好 工作。" in text  # a line break inside a paragraph is a space in HTML
    assert "<!--" not in text and "c -->" not in text


@pytest.mark.parametrize("slug", REGIONS)
def test_a_saved_web_page_parses_like_the_plain_text(slug):
    text = read_corpus(slug)
    plain = parse_notice(text, slug)
    page = parse_notice(html_page(text), slug)
    assert task_facts(page) == task_facts(plain)
    assert HTML_WARNING in page.warnings
    assert HTML_WARNING not in plain.warnings
    assert page.title == plain.title  # the page's <title> is not taken for the notice's


# ---- traditional characters -----------------------------------------------------------------
def test_the_table_maps_one_character_to_one():
    assert len(TRADITIONAL) == len(SIMPLIFIED) == len(set(TRADITIONAL))
    assert not set(TRADITIONAL) & set(SIMPLIFIED)  # converting twice changes nothing more
    table = dict(zip(TRADITIONAL, SIMPLIFIED))
    assert [table[c] for c in "衛負責醫療發幹後於衞"] == list("卫负责医疗发干后于卫")


def test_a_traditional_copy_converts_back_to_the_original():
    text = read_corpus("linfen")
    assert to_simplified(traditional(text)) == (text, TRADITIONAL_WARNING)


def test_the_corpus_has_nothing_to_convert():
    assert all(to_simplified(read_corpus(slug)) == (read_corpus(slug), None) for slug in REGIONS)


def test_a_simplified_text_with_a_few_traditional_characters_keeps_the_ambiguous_ones():
    # 臺灣醫療衛生 exists only in traditional script; 於 is also a simplified character (a surname).
    text = read_corpus("qinghai").replace("青海省", "青海省(臺灣醫療衛生於)", 1)
    converted, warning = to_simplified(text)
    assert converted == read_corpus("qinghai").replace("青海省", "青海省(台湾医疗卫生於)", 1)
    assert warning == STRAY_TRADITIONAL_WARNING.format(count=5)


def test_a_text_is_traditional_from_a_fifth_of_the_characters_the_scripts_write_differently():
    # 臺灣醫療衛: 5 traditional-only characters; with 20 simplified-only ones they are a fifth, with 21 fewer.
    simplified_only = "".join(char for char in dict.fromkeys(SIMPLIFIED) if char not in TRADITIONAL)
    assert to_simplified("臺灣醫療衛" + simplified_only[:20])[1] == TRADITIONAL_WARNING
    assert to_simplified("臺灣醫療衛" + simplified_only[:21])[1] == STRAY_TRADITIONAL_WARNING.format(count=5)
    assert to_simplified("臺灣醫療" + simplified_only[:1])[1] == STRAY_TRADITIONAL_WARNING.format(count=4)


def test_in_a_traditional_text_the_ambiguous_characters_convert_too():
    text = traditional(read_corpus("linfen"))
    assert "於" in text and "後" in text
    converted, _ = to_simplified(text)
    assert "於" not in converted and "後" not in converted


def test_a_traditional_notice_finds_the_same_tasks_and_departments():
    text = read_corpus("linfen")
    plain = parse_notice(text, "linfen")
    converted = parse_notice(traditional(text), "linfen")
    assert task_facts(converted) == task_facts(plain)
    assert any(task.departments for task in converted.tasks)
    assert TRADITIONAL_WARNING in converted.warnings
    assert converted.title == plain.title


def test_opencc_converts_hong_kong_and_taiwan_copies_and_phrases():
    opencc = pytest.importorskip("opencc")
    text = read_corpus("qinghai")
    for config in ("s2t", "s2hk"):
        assert to_simplified(opencc.OpenCC(config).convert(text)) == (text, TRADITIONAL_WARNING)
    # Phrases: 乾淨 is 干净, 乾隆 stays; Hong Kong's 衞 is 卫.
    converted, _ = to_simplified(traditional(text) + "乾淨衞生乾隆")
    assert converted.endswith("干净卫生乾隆")


def test_conversion_is_the_same_without_opencc(monkeypatch):
    from hrcli.read import textio

    text = traditional(read_corpus("linfen"))
    with_opencc = to_simplified(text)
    monkeypatch.setattr(textio, "_opencc", lambda: None)
    assert to_simplified(text) == with_opencc


# ---- pinyin glosses ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("glossed", "plain"),
    [("深化医(yī)药卫(wèi)生体制改革", "深化医药卫生体制改革"), ("重（zhòng）点工作", "重点工作"), ("医(yi1)保", "医保"),
     ("(一)推进DRG(ABC)付费", "(一)推进DRG(ABC)付费"), ("医保局(sic)负责", "医保局(sic)负责"), ("附件(A1)格式", "附件(A1)格式"), ("血氧(O2)", "血氧(O2)")],
)
def test_pinyin_glosses_after_characters_are_removed_and_nothing_else(glossed, plain):
    from hrcli.parse.clean import clean_text

    assert clean_text(glossed).text == plain


def test_a_glossed_notice_parses_like_the_plain_one():
    import re

    text = read_corpus("qinghai")
    marks = dict(zip("医卫生改革", ["(yī)", "(wèi)", "(shēng)", "(gǎi)", "(gé)"]))
    glossed = re.sub("[医卫生改革]", lambda m: m.group(0) + marks[m.group(0)], text)
    plain, page = parse_notice(text, "qinghai"), parse_notice(glossed, "qinghai")
    assert task_facts(page) == task_facts(plain)
    assert (page.title, page.cover_title, page.doc_number) == (plain.title, plain.cover_title, plain.doc_number)
