"""Bytes to text: BOMs, UTF-8, UTF-16, GB18030, and refusing what is not text.

Also the repairs a decoded text may need before cleaning, each reported as a warning: HTML tags of a
saved web page (`html_edits`), pinyin glosses after characters (`pinyin_edits`) and traditional
characters (`to_simplified`).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from itertools import islice

from hrcli.errors import InputError

# Magic numbers of the binary files people rename to .txt (a PDF export, a scan, a Word file).
BINARY_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx?)",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc)",
    b"{\\rtf": "an RTF document",
}

# GB18030 text with a few broken bytes is still worth reading; more than this share of
# replacement characters means the guess of encoding was wrong.
MAX_REPLACEMENT_SHARE = 0.01

# A file is read line by line in UTF-8 and GB18030 when each holds at least this many bytes of its lines
# (fewer is a stray line: the file is read in the encoding of the rest).
MIN_MIXED_BYTES = 60
MAX_RANGES_NAMED = 4
# Four Chinese characters in a row in UTF-8: GB18030 text holds such a byte run about once in 10^9 characters.
UTF8_CHINESE_RUN = re.compile(rb"[\xe4-\xe9][\x80-\xbf][\x80-\xbf]" * 4)  # unrolled: 4x faster than {4}
# Control characters other than the whitespace ones (\t \n \v \f \r): binary files hold them, text does not.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
MIXED_ENCODING_WARNING = "text mixes encodings (pasted from two files?): each part read in its own: {parts}"

# The text of a saved web page: a doctype or <html>, or several tags people wrap text in.
HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(?:p|br|div|span|body|head|title|meta|table|tr|td|font|strong|b|li|ul|h[1-6])\b[^<>]*>", re.IGNORECASE)
MIN_HTML_TAGS = 3
# Tags that end a line of text; other tags (span, font, b, a) sit inside a line.
HTML_BLOCK_TAGS = {
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}
# Not part of the notice: code, and the page <title> (a site name, or the heading the body repeats).
HTML_HIDDEN_TAGS = {"script", "style", "title"}
HTML_WARNING = "input looked like HTML; tags were removed"

# Characters that exist only in traditional script are always converted: correct simplified text
# never holds them. A few traditional forms are also simplified characters (於 后/後 乾 徵 …, all
# in GB2312); they are converted only in a text taken as traditional: one with this many
# traditional-only characters, making at least this share of the characters the two scripts
# write differently.
MIN_TRADITIONAL = 5
MIN_TRADITIONAL_SHARE = 0.2
TRADITIONAL_SAMPLE = 50000
TRADITIONAL_WARNING = "text is in traditional characters: converted to simplified before parsing"
STRAY_TRADITIONAL_WARNING = "{count} characters in traditional form converted to simplified"


def decode_notice(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode a notice file; return (text, encoding used). Raises InputError for non-text."""
    if not data:
        raise InputError(f"{name} is empty", "give a file that holds the text of a notice")
    for magic, what in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not text", "save or export the notice as plain text first")
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise InputError(f"{name} looks like a binary file, not text", "save or export the notice as plain text first")
    if not text.strip():
        what = "holds only whitespace" if text else "is empty"
        raise InputError(f"{name} {what}", "give a file that holds the text of a notice")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    """Try the BOMs, then UTF-16 without BOM, then UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            return body.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:  # a GBK part pasted into a file Notepad saved as UTF-8 with BOM?
            return _decode_by_line(body) or (body.decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data[:2000]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _decode_by_line(data)
    if mixed is not None:
        return mixed
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > MAX_REPLACEMENT_SHARE * len(text):
        utf8 = data.decode("utf-8", errors="replace")
        if utf8.count("\ufffd") < text.count("\ufffd"):
            return utf8, "utf-8 (with invalid bytes replaced)"
    return text, "gb18030"


def _decode_by_line(data: bytes) -> tuple[str, str] | None:
    """Text pasted together from a UTF-8 file and a GB18030 one: each line read in its own encoding.

    Line breaks are the same bytes in both (no GB18030 byte pair holds \\n or \\r), so lines can be told
    apart before decoding. A line is UTF-8 when it decodes as UTF-8 with at most a tenth of its characters
    broken (a damaged UTF-8 line stays UTF-8); GB18030 text read as UTF-8 breaks at nearly every character.
    None when one encoding holds (nearly) all the text: the whole file is then decoded as before.
    """
    if not UTF8_CHINESE_RUN.search(data):  # no UTF-8 Chinese at all: GB18030 throughout (checked at C speed)
        return None
    lines = data.splitlines(keepends=True)
    kinds = [_line_encoding(line) for line in lines]
    weight = {"utf-8": 0, "gb18030": 0}
    for line, kind in zip(lines, kinds):
        if kind is not None:
            weight[kind] += len(line)
    if min(weight.values()) < MIN_MIXED_BYTES:
        return None
    text = "".join(line.decode(kind or "ascii", errors="replace") for line, kind in zip(lines, kinds))
    return text, "mixed: " + ", ".join(_line_ranges(kinds))


def _line_encoding(line: bytes) -> str | None:
    """utf-8 or gb18030 for a line with non-ASCII bytes, None for an ASCII line (both read it alike)."""
    if line.isascii():
        return None
    text = line.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", errors="ignore"))
    return "utf-8" if broken * 10 <= wide else "gb18030"


def _line_ranges(kinds: list[str | None]) -> list[str]:
    """'utf-8 lines 1-120', 'gb18030 lines 121-300': runs of one encoding (ASCII lines join a run)."""
    runs: list[list] = []  # [encoding, first line, last line]
    for number, kind in enumerate(kinds, 1):
        if runs and runs[-1][0] is None:  # ASCII lines at the start join the first run
            runs[-1][0:3:2] = [kind, number]
        elif runs and kind in (None, runs[-1][0]):
            runs[-1][2] = number
        else:
            runs.append([kind, number, number])
    named = [f"{kind or 'ascii'} lines {first}-{last}" for kind, first, last in runs]
    return named if len(named) <= MAX_RANGES_NAMED else [*named[:MAX_RANGES_NAMED], f"{len(named) - MAX_RANGES_NAMED} more"]


def decode_warnings(encoding: str) -> list[str]:
    """The warning a decoding deserves: a file of mixed encodings is named with its parts."""
    return [MIXED_ENCODING_WARNING.format(parts=encoding.split(": ", 1)[1])] if encoding.startswith("mixed: ") else []


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM (Notepad's "Unicode"): NUL bytes that no UTF-8 or GB18030 text has.

    Chinese text in UTF-16 has NULs only in its ASCII characters, so the guess is the byte order
    whose decoded sample reads as Chinese, ASCII and punctuation.
    """
    for encoding in ("utf-16-le", "utf-16-be"):
        sample = data[:4000].decode(encoding, errors="replace")
        if sum(map(_plausible, sample)) >= 0.95 * len(sample):
            return data.decode(encoding, errors="replace"), encoding
    return None


def _plausible(char: str) -> bool:
    """A character a notice is made of: ASCII text, CJK ideographs and punctuation, full-width forms."""
    code = ord(char)
    return (
        32 <= code < 127 or char in "\t\n\r" or 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x206F
    )


def _looks_binary(text: str) -> bool:
    """Control characters (other than whitespace) or a wall of replacement characters."""
    sample = text[:20000]
    controls = len(CONTROL.findall(sample))
    if "\x00" in sample or controls > 0.01 * len(sample):
        return True
    return sample.count("\ufffd") > 0.2 * len(sample)


def looks_like_html(text: str) -> bool:
    """A saved web page, or text with tags in it: a doctype or <html>, or several common tags."""
    sample = text[:20000]
    if "<" not in sample:
        return False  # both patterns start with one: told by `in` at C speed (a notice is read twice)
    return bool(HTML_DOCUMENT.search(sample)) or len(HTML_TAG.findall(sample)) >= MIN_HTML_TAGS


def html_edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) edits that turn HTML into its text: tags out, entities decoded.

    A block tag (<p>, <br>, <div>, <td>…) becomes a line break; script, style and the page title
    vanish with their content. Text between tags is kept as it is, so offsets map back to the page.
    """
    from html import unescape
    from html.parser import HTMLParser

    events: list[tuple[int, str]] = []  # (start, what to do up to the next event's start)
    breaks: list[tuple[int, int, str]] = []
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    class Collector(HTMLParser):
        hidden = 0

        def _at(self, action: str) -> int:
            line, column = self.getpos()
            start = line_starts[line - 1] + column
            events.append((start, "drop" if self.hidden else action))
            return start

        def _tag(self, tag: str) -> None:
            self._at("break" if tag in HTML_BLOCK_TAGS else "drop")

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in HTML_HIDDEN_TAGS
            self._tag(tag)

        def handle_endtag(self, tag):
            self.hidden = max(0, self.hidden - (tag in HTML_HIDDEN_TAGS))
            self._tag(tag)

        def handle_data(self, data):
            start = self._at("keep")
            if not self.hidden:  # a line break inside a paragraph's source is only a space
                breaks.extend((start + m.start(), start + m.end(), " ") for m in re.finditer(r"[\r\n]+", data))

        def handle_entityref(self, name):
            self._at("entity")

        def handle_comment(self, data):
            self._at("drop")

        def handle_startendtag(self, tag, attrs):
            self._tag(tag)

        handle_charref = handle_entityref
        handle_decl = handle_pi = unknown_decl = handle_comment

    parser = Collector(convert_charrefs=False)
    parser.feed(text)
    parser.close()
    ends = [start for start, _ in events[1:]] + [len(text)]
    replacements = {"drop": lambda raw: "", "break": lambda raw: "\n", "entity": unescape}
    markup = [
        (start, end, replacements[action](text[start:end]))
        for (start, action), end in zip(events, ends)
        if action != "keep" and end > start
    ]
    return sorted(markup + breaks)


# A pinyin gloss some sites put after each character: "医(yī)药卫(wèi)生". A syllable in brackets, with a
# tone mark (or a tone number), right after a CJK character; brackets half- or full-width.
TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# Lower case only: "(A1)" or "(O2)" after a character is a label, not a gloss. The bracket comes first and the
# character before it is checked by a lookbehind: re then skips straight to the brackets of the text.
PINYIN_GLOSS = re.compile(
    rf"[(（](?<=[\u4e00-\u9fff][(（])\s*(?:[a-zü]*[{TONE_MARKED}][a-zü]*|[bcdfghjklmnpqrstwxyz]{{0,2}}[aeiouü][a-zü]{{0,4}}[1-5])\s*[)）]"
)
# The same, one pattern per bracket: led by one character, re finds it at C speed (9 us a notice for both, where the
# class of two took 36). A gloss holds no bracket, so the matches of the two never overlap.
PINYIN_GLOSSES = [re.compile(PINYIN_GLOSS.pattern.replace("[(（]", re.escape(bracket), 1)) for bracket in "(（"]
PINYIN_WARNING = "{count} pinyin glosses removed from the text"


def pinyin_edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "") edits that remove the pinyin glosses after characters ("医(yī)" -> "医")."""
    return sorted((match.start(), match.end(), "") for pattern in PINYIN_GLOSSES for match in pattern.finditer(text))


def to_simplified(text: str) -> tuple[str, str | None]:
    """The text in simplified characters, and a warning when any were converted (else None).

    One character for one, so offsets do not move. A text taken as traditional is converted by
    OpenCC (hk2s: phrase-aware, 乾淨 -> 干净 but 乾隆 kept; Hong Kong and Taiwan variants too) when it is
    installed and keeps the length, else by the table below. Converting only what is unambiguous in a
    simplified text keeps cleaning idempotent: its output holds no traditional-only character, so a
    second pass changes nothing.
    """
    # One pass over a notice (the sample is the whole of it): the stray characters are simplified and counted at once.
    sample = text[:TRADITIONAL_SAMPLE]
    simplified, count = _simplify_unambiguous(sample)
    if _taken_as_traditional(sample, count):
        return _traditional_to_simplified(text), TRADITIONAL_WARNING
    rest, count_in_rest = _simplify_unambiguous(text[len(sample) :])
    if not count + count_in_rest:
        return text, None
    return simplified + rest, STRAY_TRADITIONAL_WARNING.format(count=count + count_in_rest)


def _taken_as_traditional(sample: str, traditional: int) -> bool:
    """Enough traditional-only characters (`traditional` of them in the sample), making enough of the characters
    the two scripts write differently.
    """
    if traditional < MIN_TRADITIONAL:
        return False
    # Past this many simplified-only characters the share is missed whatever follows: stop counting there
    # (a notice with a few stray traditional characters need not be read through character by character).
    enough = int(traditional / MIN_TRADITIONAL_SHARE) + 1
    simplified_only = _script_sets()[1]
    simplified = sum(1 for _ in islice((char for char in sample if char in simplified_only), enough))
    return traditional >= MIN_TRADITIONAL_SHARE * (traditional + simplified)


def _simplify_unambiguous(text: str) -> tuple[str, int]:
    """The text with its traditional-only characters simplified, and how many there were."""
    table = _unambiguous_table()
    return _traditional_only().subn(lambda match: table[match.group()], text)


def _traditional_to_simplified(text: str) -> str:
    """A traditional text in simplified script: OpenCC where available and length-preserving, else the table."""
    converter = _opencc()
    converted = converter.convert(text) if converter is not None else None
    if converted is None or len(converted) != len(text):
        return text.translate(_simplifying_table())
    # OpenCC keeps a few rare forms (甦, 簷); the unambiguous ones go, so a second pass changes nothing.
    return _simplify_unambiguous(converted)[0]


@lru_cache(maxsize=1)
def _opencc():
    """OpenCC's Hong Kong/traditional -> simplified converter, or None when the package is missing."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("hk2s")


@lru_cache(maxsize=1)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Characters written only in traditional script, and only in simplified script."""
    traditional, simplified = frozenset(TRADITIONAL), frozenset(SIMPLIFIED)
    return frozenset(char for char in traditional if not _is_simplified(char)), simplified - traditional


def _is_simplified(char: str) -> bool:
    """A character of GB2312, the simplified character set (於 and 後 are in it too)."""
    return bool(char.encode("gb2312", errors="ignore"))  # no exception per character: 3x faster


@lru_cache(maxsize=1)
def _traditional_only() -> re.Pattern:
    """One traditional-only character: a notice without any is told in microseconds (str.translate took 1 ms)."""
    return re.compile("[" + "".join(sorted(_script_sets()[0])) + "]")


@lru_cache(maxsize=1)
def _simplifying_table() -> dict[int, int]:
    """Traditional -> simplified for every character of the table (str.translate's form)."""
    return {ord(t): ord(s) for t, s in zip(TRADITIONAL, SIMPLIFIED)}


@lru_cache(maxsize=1)
def _unambiguous_table() -> dict[str, str]:
    """Traditional -> simplified for the traditional-only characters."""
    unambiguous = _script_sets()[0]
    return {t: s for t, s in zip(TRADITIONAL, SIMPLIFIED) if t in unambiguous}


# Traditional -> simplified, one character for one: every pair of OpenCC's TSCharacters.txt
# (Apache License 2.0) whose simplified form is in GB2312, first choice where OpenCC lists two,
# plus the Hong Kong and Taiwan variants (衞 -> 卫). TRADITIONAL[k] becomes SIMPLIFIED[k].
TRADITIONAL = (
    "丟並乾亂亙亞佇佈佔併來侖侶侷俁係俠俬倀倆倉個們倖倫偉側偵偽傑傖傘備傢傭傯傳傴債傷傾僂僅僉僑僕僞僥僨僱"
    "價儀儁儂億儈儉儐儔儕儘償優儲儷儺儻儼兇兌兒兗內兩冊冑冪凈凍凜凱別刪剄則剋剎剛剝剮剴創剷劃劇劉劊劌劍劑"
    "勁動務勛勝勞勢勱勳勵勸勻匭匯匱區協卹卻卽厙厠厤厭厲厴參叄叢吒吳吶呂咼員唄唸問啓啞啟喚喪喫喬單喲嗆嗇嗎"
    "嗚嗩嗶嘆嘍嘔嘖嘗嘜嘩嘮嘯嘰嘵嘸噁噓噝噠噥噦噯噲噴噸噹嚀嚇嚌嚐嚕嚙嚥嚦嚨嚮嚳嚴嚶囀囁囂囅囈囌囑囪圇國圍"
    "園圓圖團垻埡埰執堅堊堖堝堯報場塊塋塏塒塗塚塢塤塵塹墊墜墮墰墳墻墾壇壎壓壘壙壚壜壞壟壠壢壩壯壺壽夠夢夥"
    "夾奐奧奩奪奬奮奼妝姍姦娛婁婦婭媧媯媼媽嫋嫗嫵嫺嫻嬀嬈嬋嬌嬙嬡嬤嬪嬰嬸孃孌孫學孿宮寀寢實寧審寫寬寵寶將"
    "專尋對導尷屆屍屜屢層屨屬岡峯峴島峽崍崑崗崙崢崬嵐嵗嶁嶄嶇嶗嶠嶧嶸嶺嶼嶽巋巒巔巖巰巹帥師帳帶幀幃幗幘幟"
    "幣幫幬幹幾庫廁廂廄廈廕廚廝廟廠廡廢廣廩廬廳弒弔弳張強彆彈彌彎彔彙彥彫彿後徑從徠復徵徹恆恥悅悵悶悽惡惱"
    "惲惻愛愜愨愴愷愾慄態慍慘慚慟慣慤慪慫慮慳慶慼慾憂憊憐憑憒憚憤憫憮憲憶懇應懌懍懞懟懣懨懲懶懷懸懺懼懾戀"
    "戇戔戧戩戰戲戶拋挱挾捨捫捱捲掃掄掙掛採揀揚換揮損搖搗搶摑摜摟摯摳摶摺摻撈撐撓撟撣撥撫撲撳撻撾撿擁擄擇"
    "擊擋擔據擠擣擬擯擰擱擲擴擷擺擻擼擾攄攆攏攔攖攙攛攜攝攢攣攤攪攬敍敎敗敘敵數斂斃斕斬斷於旂旣昇時晉晝暈"
    "暉暢暫曄曆曇曉曏曖曠曬書會朧朮東枱枴柵柺査桿梔梘條梟棄棊棖棗棟棧棲椏楊楓楨業極榘榦榪榮榿構槍槓槧槨槳"
    "樁樂樅樑樓標樞樣樸樹樺橈橋機橢橫檁檉檔檜檢檣檯檳檸檻櫃櫓櫚櫛櫝櫞櫟櫥櫧櫨櫪櫫櫬櫱櫳櫸櫻欄欅權欏欒欖欞"
    "欽歎歐歟歡歲歷歸歿殘殞殤殫殭殮殯殲殺殻殼毀毆毿氂氈氌氣氫氬氳氾汎汙決沒沖況泝洩洶浹涇涼淒淚淥淨淩淪淵"
    "淶淺渙減渦測渾湊湞湧湯溈準溝溫溼滄滅滌滎滙滬滯滲滷滸滾滿漁漚漢漣漬漲漵漸漿潁潑潔潙潛潤潯潰潷潿澀澆澇"
    "澗澠澤澩澮澱濁濃濕濘濛濟濤濫濰濱濺濼濾瀅瀆瀉瀋瀏瀕瀘瀝瀟瀠瀦瀧瀨瀰瀲瀾灃灄灑灕灘灝灣灤灧灩災為烏烴無"
    "煉煒煙煢煥煩煬熒熗熱熾燁燈燉燒燙燜營燦燬燭燴燻燼燾爍爐爛爭爲爺爾牀牆牘牽犖犛犢犧狀狹狽猙猶猻獁獃獄獅"
    "獎獨獪獫獰獲獵獷獸獺獻獼玀現琱琺琿瑋瑣瑤瑩瑪璉璣璦環璽璿瓊瓏瓔瓚甌甕產産甦甯畝畢畫異畵當疇疊痙痠痺痾"
    "瘂瘋瘍瘓瘞瘡瘧瘺瘻療癆癇癉癒癘癟癡癢癤癥癧癩癬癭癮癰癱癲發皁皚皰皸皺盃盜盞盡監盤盧盪眞眥眾睏睜睞睪瞘"
    "瞞瞼矇矚矯硃硤硨硯碩碭碸確碼磚磣磧磯磽礆礎礙礦礪礫礬礱祕祿禍禎禦禪禮禰禱禿秈稅稈稜稟種稱穀穌積穎穡穢"
    "穩穫窩窪窮窯窶窺竄竅竇竈竊竪競筆筍筧箇箋箏節範築篋篤篩篳簀簍簑簞簡簣簫簷簽簾籃籌籜籟籠籤籩籪籬籮籲粧"
    "粵糉糝糞糧糭糰糲糴糶糹糾紀紂約紅紆紇紈紉紋納紐紓純紕紗紙級紛紜紡紮細紱紲紳紹紺紼紿絀終絃組絆絎結絕絛"
    "絝絞絡絢給絨統絲絳絶絹綁綃綆綈綉綏綑經綜綞綠綢綣綫綬維綰綱網綳綴綵綸綹綺綻綽綾綿緄緇緊緋緑緒緔緗緘緙"
    "線緝緞締緡緣緦編緩緬緯緱緲練緶緹緻縈縉縊縋縐縑縛縝縞縟縣縧縫縭縮縱縲縴縵縶縷縹總績繃繅繆繒織繕繚繞繡"
    "繢繩繪繫繭繮繯繰繳繹繼繽繾纈纊續纍纏纓纔纖纘纜缽罈罌罎罰罵罷羅羆羈羋羣羥羨義羶習翫翹耬耮聖聞聯聰聲聳"
    "聵聶職聹聽聾肅脅脈脛脣脩脫脹腎腖腡腦腫腳腸膃膚膠膩膽膾膿臉臍臏臘臚臟臠臥臨臺與興舉舊舘艙艤艦艫艱艷芻"
    "苧茲荊莊莖莢莧華菴菸萇萊萬萵葉葒葤葦葯葷蒐蒓蒔蒞蒼蓀蓆蓋蓮蓯蓴蓽蔔蔘蔞蔣蔥蔦蔭蕁蕆蕎蕒蕓蕕蕘蕢蕩蕪蕭"
    "蕷薈薊薌薑薔薟薦薩薹薺藍藎藝藥藪藴藶藹藺蘄蘆蘇蘊蘋蘚蘞蘢蘭蘺蘿處虛虜號虧虯蛺蛻蜆蝕蝟蝦蝨蝸螄螞螢螻蟄"
    "蟈蟎蟣蟬蟯蟲蟶蟻蠅蠆蠍蠐蠑蠔蠟蠣蠱蠶蠻衆衊術衕衚衛衝衞衹袞裊裏補裝裡製複褲褳褸褻襇襉襖襝襠襤襪襬襯襲"
    "覈見規覓視覘覡覦親覬覯覲覷覺覽覿觀觴觶觸訁訂訃計訊訌討訐訓訕訖託記訛訝訟訣訥訪設許訴訶診註証詁詆詎詐"
    "詒詔評詘詛詞詠詡詢詣試詩詫詬詭詮詰話該詳詵詼詿誄誅誆誇誌認誑誒誕誘誚語誠誡誣誤誥誦誨說説誰課誶誹誼調"
    "諂諄談諉請諍諏諑諒論諗諛諜諞諡諢諤諦諧諫諭諮諱諳諶諷諸諺諼諾謀謁謂謄謅謊謎謐謔謖謗謙謚講謝謠謡謨謫謬"
    "謭謳謹謾譁證譎譏譖識譙譚譜譟譫譭譯議譴護譽譾讀變讎讒讓讕讖讚讜讞豈豎豐豔豬貓貝貞負財貢貧貨販貪貫責貯"
    "貰貲貳貴貶買貸貺費貼貽貿賀賁賂賃賄賅資賈賊賑賒賓賕賚賜賞賠賡賢賣賤賦賧質賫賬賭賴賺賻購賽賾贄贅贈贊贋"
    "贍贏贐贓贖贗贛贜趕趙趨趲跡踐踰踴蹌蹕蹟蹠蹣蹤蹺躉躊躋躍躑躒躓躕躚躡躥躦躪軀車軋軌軍軒軔軛軟軤軫軲軸軹"
    "軺軻軼軾較輅輇載輊輒輓輔輕輛輜輝輞輟輥輦輩輪輯輳輸輻輾輿轂轄轅轆轉轍轎轔轟轡轢轤辦辭辮辯農迴逕這連週"
    "進遊運過達違遙遜遞遠遡適遲遷選遺遼邁還邇邊邏邐郟郵鄆鄉鄒鄔鄖鄧鄭鄰鄲鄴鄶鄺酈醃醖醜醞醣醫醬釀釁釃釅釋"
    "釐釒釓釔釕釗釘釙針釣釤釦釧釩釵釷釹釺鈀鈁鈄鈅鈈鈉鈍鈎鈐鈑鈔鈕鈞鈡鈣鈥鈦鈧鈮鈰鈳鈴鈷鈸鈹鈺鈽鈾鈿鉀鉅鉆"
    "鉈鉉鉍鉑鉕鉗鉚鉛鉞鉢鉤鉦鉬鉭鉳鉸鉺鉻鉿銀銃銅銑銓銖銘銚銜銠銣銥銦銨銩銪銫銬銱銳銷銹銻銼鋁鋃鋅鋇鋌鋏鋒"
    "鋝鋟鋣鋤鋥鋦鋨鋪鋭鋮鋯鋰鋱鋶鋸鋼錁錄錆錇錈錐錒錕錘錙錚錛錟錠錢錦錨錫錮錯録錳錶錸錼鍀鍁鍃鍅鍆鍇鍊鍋鍍"
    "鍔鍘鍛鍤鍥鍩鍬鍰鍵鍶鍺鍼鍾鎂鎄鎇鎊鎌鎖鎘鎚鎢鎣鎦鎧鎩鎪鎬鎭鎮鎰鎳鎵鎸鎿鏃鏇鏈鏌鏍鏑鏗鏘鏜鏝鏞鏟鏡鏢鏤"
    "鏨鏵鏷鏹鏽鐃鐋鐐鐒鐓鐔鐘鐙鐝鐠鐦鐧鐨鐫鐮鐲鐳鐵鐸鐺鐿鑄鑊鑌鑑鑒鑔鑠鑣鑥鑭鑰鑲鑷鑹鑼鑽鑾鑿钁長門閂閃閆"
    "閉開閌閎閏閑閒間閔閘閡閣閤閥閨閩閫閬閭閱閲閶閹閻閼閽閾閿闃闆闇闈闊闋闌闐闔闕闖關闞闡闢闥陘陝陞陣陰陳"
    "陸陽隉隊階隕際隨險隱隴隸隻雋雖雙雛雜雞離難雲電霑霧霽靂靄靈靚靜靦靨鞏鞝鞦鞽韁韃韆韉韋韌韓韙韜韝韞韻響"
    "頁頂頃項順頇須頊頌頎頏預頑頒頓頗領頜頡頤頦頭頰頷頸頹頻頽顆題額顎顏顓顔願顙顛類顢顥顧顫顬顯顰顱顳顴風"
    "颮颯颱颳颶颼飄飆飈飛飠飢飩飪飫飭飯飱飲飴飼飽飾餃餅餈餉養餌餑餒餓餘餚餛餞餡館餬餱餳餵餷餼餾餿饃饅饈饉"
    "饊饋饌饑饒饗饜饞饢馬馭馮馱馳馴駁駐駑駒駔駕駘駙駛駝駟駡駢駭駱駿騁騅騍騎騏騖騙騫騭騮騰騶騷騸騾驀驁驂驃"
    "驄驅驊驍驏驕驗驚驛驟驢驤驥驪骯髏髒體髕髖髮鬆鬍鬚鬢鬥鬧鬨鬩鬮鬱魎魘魚魯魴魷鮁鮃鮎鮐鮑鮒鮚鮝鮞鮪鮫鮭鮮"
    "鯀鯁鯇鯉鯊鯔鯖鯗鯛鯝鯡鯢鯤鯧鯨鯪鯫鯰鯴鯽鯿鰈鰉鰍鰐鰒鰓鰠鰣鰥鰨鰩鰭鰱鰲鰳鰵鰷鰹鰻鰾鱅鱈鱉鱒鱔鱖鱗鱘鱝"
    "鱟鱧鱭鱷鱸鱺鳥鳧鳩鳬鳳鳴鳶鴆鴇鴉鴕鴛鴝鴟鴣鴦鴨鴯鴰鴻鴿鵂鵑鵒鵓鵜鵝鵠鵡鵪鵬鵯鵰鵲鶇鶉鶓鶘鶚鶥鶩鶯鶴鶻"
    "鶼鶿鷀鷂鷄鷓鷗鷙鷚鷥鷦鷯鷲鷳鷴鷸鷹鷺鸌鸕鸚鸛鸝鸞鹵鹹鹺鹼鹽麗麥麩麪麫麯麴麵麼麽黃黌點黨黲黴黷黽黿鼉鼕"
    "鼴齊齋齎齏齒齔齙齜齟齠齡齣齦齧齪齬齲齶齷龍龐龔龕龜"
)
SIMPLIFIED = (
    "丢并干乱亘亚伫布占并来仑侣局俣系侠私伥俩仓个们幸伦伟侧侦伪杰伧伞备家佣偬传伛债伤倾偻仅佥侨仆伪侥偾雇"
    "价仪俊侬亿侩俭傧俦侪尽偿优储俪傩傥俨凶兑儿兖内两册胄幂净冻凛凯别删刭则克刹刚剥剐剀创铲划剧刘刽刿剑剂"
    "劲动务勋胜劳势劢勋励劝匀匦汇匮区协恤却即厍厕历厌厉厣参叁丛咤吴呐吕呙员呗念问启哑启唤丧吃乔单哟呛啬吗"
    "呜唢哔叹喽呕啧尝唛哗唠啸叽哓呒恶嘘咝哒哝哕嗳哙喷吨当咛吓哜尝噜啮咽呖咙向喾严嘤啭嗫嚣冁呓苏嘱囱囵国围"
    "园圆图团坝垭采执坚垩垴埚尧报场块茔垲埘涂冢坞埙尘堑垫坠堕坛坟墙垦坛埙压垒圹垆坛坏垄垅坜坝壮壶寿够梦伙"
    "夹奂奥奁夺奖奋姹妆姗奸娱娄妇娅娲妫媪妈袅妪妩娴娴妫娆婵娇嫱嫒嬷嫔婴婶娘娈孙学孪宫采寝实宁审写宽宠宝将"
    "专寻对导尴届尸屉屡层屦属冈峰岘岛峡崃昆岗仑峥岽岚岁嵝崭岖崂峤峄嵘岭屿岳岿峦巅岩巯卺帅师帐带帧帏帼帻帜"
    "币帮帱干几库厕厢厩厦荫厨厮庙厂庑废广廪庐厅弑吊弪张强别弹弥弯录汇彦雕佛后径从徕复征彻恒耻悦怅闷凄恶恼"
    "恽恻爱惬悫怆恺忾栗态愠惨惭恸惯悫怄怂虑悭庆戚欲忧惫怜凭愦惮愤悯怃宪忆恳应怿懔蒙怼懑恹惩懒怀悬忏惧慑恋"
    "戆戋戗戬战戏户抛挲挟舍扪挨卷扫抡挣挂采拣扬换挥损摇捣抢掴掼搂挚抠抟折掺捞撑挠挢掸拨抚扑揿挞挝捡拥掳择"
    "击挡担据挤捣拟摈拧搁掷扩撷摆擞撸扰摅撵拢拦撄搀撺携摄攒挛摊搅揽叙教败叙敌数敛毙斓斩断于旗既升时晋昼晕"
    "晖畅暂晔历昙晓向暧旷晒书会胧术东台拐栅拐查杆栀枧条枭弃棋枨枣栋栈栖桠杨枫桢业极矩干杩荣桤构枪杠椠椁桨"
    "桩乐枞梁楼标枢样朴树桦桡桥机椭横檩柽档桧检樯台槟柠槛柜橹榈栉椟橼栎橱槠栌枥橥榇蘖栊榉樱栏榉权椤栾榄棂"
    "钦叹欧欤欢岁历归殁残殒殇殚僵殓殡歼杀壳壳毁殴毵牦毡氇气氢氩氲泛泛污决没冲况溯泄汹浃泾凉凄泪渌净凌沦渊"
    "涞浅涣减涡测浑凑浈涌汤沩准沟温湿沧灭涤荥汇沪滞渗卤浒滚满渔沤汉涟渍涨溆渐浆颍泼洁沩潜润浔溃滗涠涩浇涝"
    "涧渑泽泶浍淀浊浓湿泞蒙济涛滥潍滨溅泺滤滢渎泻沈浏濒泸沥潇潆潴泷濑弥潋澜沣滠洒漓滩灏湾滦滟滟灾为乌烃无"
    "炼炜烟茕焕烦炀荧炝热炽烨灯炖烧烫焖营灿毁烛烩熏烬焘烁炉烂争为爷尔床墙牍牵荦牦犊牺状狭狈狰犹狲犸呆狱狮"
    "奖独狯猃狞获猎犷兽獭献猕猡现雕珐珲玮琐瑶莹玛琏玑瑷环玺璇琼珑璎瓒瓯瓮产产苏宁亩毕画异画当畴叠痉酸痹疴"
    "痖疯疡痪瘗疮疟瘘瘘疗痨痫瘅愈疠瘪痴痒疖症疬癞癣瘿瘾痈瘫癫发皂皑疱皲皱杯盗盏尽监盘卢荡真眦众困睁睐睾眍"
    "瞒睑蒙瞩矫朱硖砗砚硕砀砜确码砖碜碛矶硗硷础碍矿砺砾矾砻秘禄祸祯御禅礼祢祷秃籼税秆棱禀种称谷稣积颖穑秽"
    "稳获窝洼穷窑窭窥窜窍窦灶窃竖竞笔笋笕个笺筝节范筑箧笃筛筚箦篓蓑箪简篑箫檐签帘篮筹箨籁笼签笾簖篱箩吁妆"
    "粤粽糁粪粮粽团粝籴粜纟纠纪纣约红纡纥纨纫纹纳纽纾纯纰纱纸级纷纭纺扎细绂绁绅绍绀绋绐绌终弦组绊绗结绝绦"
    "绔绞络绚给绒统丝绛绝绢绑绡绠绨绣绥捆经综缍绿绸绻线绶维绾纲网绷缀彩纶绺绮绽绰绫绵绲缁紧绯绿绪绱缃缄缂"
    "线缉缎缔缗缘缌编缓缅纬缑缈练缏缇致萦缙缢缒绉缣缚缜缟缛县绦缝缡缩纵缧纤缦絷缕缥总绩绷缫缪缯织缮缭绕绣"
    "缋绳绘系茧缰缳缲缴绎继缤缱缬纩续累缠缨才纤缵缆钵坛罂坛罚骂罢罗罴羁芈群羟羡义膻习玩翘耧耢圣闻联聪声耸"
    "聩聂职聍听聋肃胁脉胫唇修脱胀肾胨脶脑肿脚肠腽肤胶腻胆脍脓脸脐膑腊胪脏脔卧临台与兴举旧馆舱舣舰舻艰艳刍"
    "苎兹荆庄茎荚苋华庵烟苌莱万莴叶荭荮苇药荤搜莼莳莅苍荪席盖莲苁莼荜卜参蒌蒋葱茑荫荨蒇荞荬芸莸荛蒉荡芜萧"
    "蓣荟蓟芗姜蔷莶荐萨苔荠蓝荩艺药薮蕴苈蔼蔺蕲芦苏蕴苹藓蔹茏兰蓠萝处虚虏号亏虬蛱蜕蚬蚀猬虾虱蜗蛳蚂萤蝼蛰"
    "蝈螨虮蝉蛲虫蛏蚁蝇虿蝎蛴蝾蚝蜡蛎蛊蚕蛮众蔑术同胡卫冲卫只衮袅里补装里制复裤裢褛亵裥裥袄裣裆褴袜摆衬袭"
    "核见规觅视觇觋觎亲觊觏觐觑觉览觌观觞觯触讠订讣计讯讧讨讦训讪讫托记讹讶讼诀讷访设许诉诃诊注证诂诋讵诈"
    "诒诏评诎诅词咏诩询诣试诗诧诟诡诠诘话该详诜诙诖诔诛诓夸志认诳诶诞诱诮语诚诫诬误诰诵诲说说谁课谇诽谊调"
    "谄谆谈诿请诤诹诼谅论谂谀谍谝谥诨谔谛谐谏谕咨讳谙谌讽诸谚谖诺谋谒谓誊诌谎谜谧谑谡谤谦谥讲谢谣谣谟谪谬"
    "谫讴谨谩哗证谲讥谮识谯谭谱噪谵毁译议谴护誉谫读变雠谗让谰谶赞谠谳岂竖丰艳猪猫贝贞负财贡贫货贩贪贯责贮"
    "贳赀贰贵贬买贷贶费贴贻贸贺贲赂赁贿赅资贾贼赈赊宾赇赉赐赏赔赓贤卖贱赋赕质赍账赌赖赚赙购赛赜贽赘赠赞赝"
    "赡赢赆赃赎赝赣赃赶赵趋趱迹践逾踊跄跸迹跖蹒踪跷趸踌跻跃踯跞踬蹰跹蹑蹿躜躏躯车轧轨军轩轫轭软轷轸轱轴轵"
    "轺轲轶轼较辂辁载轾辄挽辅轻辆辎辉辋辍辊辇辈轮辑辏输辐辗舆毂辖辕辘转辙轿辚轰辔轹轳办辞辫辩农回迳这连周"
    "进游运过达违遥逊递远溯适迟迁选遗辽迈还迩边逻逦郏邮郓乡邹邬郧邓郑邻郸邺郐邝郦腌酝丑酝糖医酱酿衅酾酽释"
    "厘钅钆钇钌钊钉钋针钓钐扣钏钒钗钍钕钎钯钫钭钥钚钠钝钩钤钣钞钮钧钟钙钬钛钪铌铈钶铃钴钹铍钰钸铀钿钾巨钻"
    "铊铉铋铂钷钳铆铅钺钵钩钲钼钽锫铰铒铬铪银铳铜铣铨铢铭铫衔铑铷铱铟铵铥铕铯铐铞锐销锈锑锉铝锒锌钡铤铗锋"
    "锊锓铘锄锃锔锇铺锐铖锆锂铽锍锯钢锞录锖锫锩锥锕锟锤锱铮锛锬锭钱锦锚锡锢错录锰表铼镎锝锨锪钫钔锴炼锅镀"
    "锷铡锻锸锲锘锹锾键锶锗针钟镁锿镅镑镰锁镉锤钨蓥镏铠铩锼镐镇镇镒镍镓镌镎镞旋链镆镙镝铿锵镗镘镛铲镜镖镂"
    "錾铧镤镪锈铙铴镣铹镦镡钟镫镢镨锎锏镄镌镰镯镭铁铎铛镱铸镬镔鉴鉴镲铄镳镥镧钥镶镊镩锣钻銮凿镢长门闩闪闫"
    "闭开闶闳闰闲闲间闵闸阂阁合阀闺闽阃阆闾阅阅阊阉阎阏阍阈阌阒板暗闱阔阕阑阗阖阙闯关阚阐辟闼陉陕升阵阴陈"
    "陆阳陧队阶陨际随险隐陇隶只隽虽双雏杂鸡离难云电沾雾霁雳霭灵靓静腼靥巩绱秋鞒缰鞑千鞯韦韧韩韪韬鞲韫韵响"
    "页顶顷项顺顸须顼颂颀颃预顽颁顿颇领颌颉颐颏头颊颔颈颓频颓颗题额颚颜颛颜愿颡颠类颟颢顾颤颥显颦颅颞颧风"
    "飑飒台刮飓飕飘飙飚飞饣饥饨饪饫饬饭飧饮饴饲饱饰饺饼糍饷养饵饽馁饿余肴馄饯馅馆糊糇饧喂馇饩馏馊馍馒馐馑"
    "馓馈馔饥饶飨餍馋馕马驭冯驮驰驯驳驻驽驹驵驾骀驸驶驼驷骂骈骇骆骏骋骓骒骑骐骛骗骞骘骝腾驺骚骟骡蓦骜骖骠"
    "骢驱骅骁骣骄验惊驿骤驴骧骥骊肮髅脏体髌髋发松胡须鬓斗闹哄阋阄郁魉魇鱼鲁鲂鱿鲅鲆鲇鲐鲍鲋鲒鲞鲕鲔鲛鲑鲜"
    "鲧鲠鲩鲤鲨鲻鲭鲞鲷鲴鲱鲵鲲鲳鲸鲮鲰鲶鲺鲫鳊鲽鳇鳅鳄鳆鳃鳋鲥鳏鳎鳐鳍鲢鳌鳓鳘鲦鲣鳗鳔鳙鳕鳖鳟鳝鳜鳞鲟鲼"
    "鲎鳢鲚鳄鲈鲡鸟凫鸠凫凤鸣鸢鸩鸨鸦鸵鸳鸲鸱鸪鸯鸭鸸鸹鸿鸽鸺鹃鹆鹁鹈鹅鹄鹉鹌鹏鹎雕鹊鸫鹑鹋鹕鹗鹛鹜莺鹤鹘"
    "鹣鹚鹚鹞鸡鹧鸥鸷鹨鸶鹪鹩鹫鹇鹇鹬鹰鹭鹱鸬鹦鹳鹂鸾卤咸鹾碱盐丽麦麸面面曲曲面么么黄黉点党黪霉黩黾鼋鼍冬"
    "鼹齐斋赍齑齿龀龅龇龃龆龄出龈啮龊龉龋腭龌龙庞龚龛龟"
)
