"""PDF, Word and web-page copies of each corpus notice give the tasks of its .txt; broken documents one clear error."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from hrcli.corpus import Source, load_notice
from hrcli.errors import ExitStatus
from hrcli.parse.notice import parse_notice
from hrcli.read.documents import read_document

from . import make_documents as make
from .conftest import REGIONS, current_settings, one_error_line, read_corpus, shared

DOCUMENTS = make.DOCUMENTS


def facts(notice) -> list[tuple]:
    """What a copy must keep of every task: number, title, units in order, lead, deadline."""
    return [(t.number, t.title, [d.name for d in t.departments], t.lead, t.deadline) for t in notice.tasks]


@pytest.fixture(scope=shared("module"))
def originals():
    return {slug: parse_notice(read_corpus(slug), slug) for slug in REGIONS}


def copies(slug: str, original) -> dict[str, tuple[bytes, str]]:
    """Every copy of a notice: (bytes, file name)."""
    return {
        "docx paragraphs": (make.docx_paragraphs(slug), f"{slug}.docx"),
        "docx plain labels": (make.docx_paragraphs(slug, numbered=False), f"{slug}.docx"),
        "docx task table after a cover letter": (make.docx_table(slug, original, attachment=True), f"{slug}.docx"),
        "docx task table alone": (make.docx_table(slug, original, attachment=False), f"{slug}.docx"),
        "pdf": ((DOCUMENTS / f"{slug}.pdf").read_bytes(), f"{slug}.pdf"),
        "web page": (make.html_page(slug).encode("utf-8"), f"{slug}.html"),
        "web page with a task table": (make.html_table_page(slug, original).encode("utf-8"), f"{slug}.htm"),
    }


@pytest.mark.parametrize("kind", ["docx paragraphs", "docx plain labels", "docx task table after a cover letter",
                                  "docx task table alone", "pdf", "web page", "web page with a task table"])
@pytest.mark.parametrize("slug", REGIONS)
def test_every_copy_of_a_notice_gives_the_tasks_of_its_text(originals, slug, kind):
    data, name = copies(slug, originals[slug])[kind]
    document = read_document(data, name)
    assert facts(parse_notice(document.text, slug)) == facts(originals[slug])


def test_word_numbering_is_rebuilt_from_numbering_xml():
    import docx

    data = make.docx_paragraphs("linfen")
    texts = [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]
    assert not any(text.startswith(("(一)", "（一）", "一、")) for text in texts)  # the labels are Word's, not text
    lines = read_document(data, "linfen.docx").text.splitlines()
    assert "（十八）" in "".join(lines) and any(line.startswith("四、") for line in lines)


@pytest.mark.parametrize("slug,footer", [("linfen", "— 2 —"), ("nanchang", "第2页共"), ("sixian", "-2-"), ("shanxi", "第2页")])
def test_pdf_page_number_footers_are_dropped(slug, footer):
    lines = read_document((DOCUMENTS / f"{slug}.pdf").read_bytes(), f"{slug}.pdf").text.splitlines()
    assert not [line for line in lines if re.fullmatch(r"第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|-\d+-|—\s*\d+\s*—", line.strip())]
    assert not any(footer.replace(" ", "") in line.replace(" ", "") for line in lines)


def test_pdf_page_numbers_and_running_heads_are_not_content():
    text = read_document((DOCUMENTS / "linfen.pdf").read_bytes(), "linfen.pdf").text
    assert "—" not in text.replace("——", "")  # "— 3 —" footers
    assert text.count("临汾市人民政府办公室文件") == 2  # the document's own head and the first page's running head
    assert "推进传染病区域医疗中心建设，发挥专科优势" in text  # joined across the break of pages 1 and 2


@pytest.mark.parametrize("line", ["— 3 —", "-3-", "- 12 -", "第3页", "第 3 页 共 9 页", "3/9", "Page 3 of 9", "·5·", "7"])
def test_page_number_forms(line):
    from hrcli.read.pdf import PAGE_NUMBER

    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["3.加强组织领导", "2022年底前完成", "一、总体要求", "第三部分 保障措施"])
def test_text_is_not_a_page_number(line):
    from hrcli.read.pdf import PAGE_NUMBER

    assert not PAGE_NUMBER.match(line)


# ---- task tables written for these tests: header variants, deadlines, units one per line ----------------------
def word_table(rows: list[list[str]], before: list[str] = ()) -> bytes:
    import docx

    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_task_table_with_deadlines_and_several_columns_of_units():
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进医保支付方式改革", "全面推开DRG付费。", "市医保局", "市卫健委\n市财政局", "2022年12月底前"],
        ["2", "加强公共卫生体系建设", "完善疾控体系。", "市卫健委", "", "长期坚持"],
        ["3", "深化药品集中采购", "落实国家集采结果。", "市医保局、市卫健委", "市市场监管局", "2022年底前完成"],
    ]
    notice = parse_notice(read_document(word_table(rows, ["某市2022年深化医改重点工作任务分工表"]), "a.docx").text, "a")
    assert [(t.number, t.title, t.lead, t.deadline) for t in notice.tasks] == [
        (1, "推进医保支付方式改革", "市医保局", "2022年12月底前完成"),
        (2, "加强公共卫生体系建设", "市卫健委", "长期坚持"),
        (3, "深化药品集中采购", "市医保局", "2022年底前完成"),
    ]
    assert [(d.name, d.role) for d in notice.tasks[0].departments] == [
        ("市医保局", "lead"), ("市卫健委", "participating"), ("市财政局", "participating")]
    assert [d.name for d in notice.tasks[2].departments] == ["市医保局", "市卫健委", "市市场监管局"]


@pytest.mark.parametrize("header", [
    ["序号", "工作任务", "责任单位", "完成时间"],
    ["编号", "主要任务", "牵头部门", "配合部门", "时间进度"],
    ["序号", "任务名称", "工作内容", "责任部门", "完成时间"],
])
def test_task_table_header_variants(header):
    row = {"序号": "1", "编号": "1", "工作任务": "提升基层服务能力", "主要任务": "提升基层服务能力", "任务名称": "提升基层服务能力",
           "工作内容": "建设紧密型医共体。", "责任单位": "县卫健委、县医保局", "牵头部门": "县卫健委", "配合部门": "县医保局",
           "责任部门": "县卫健委、县医保局", "完成时间": "2023年6月底", "时间进度": "2023年6月底"}
    notice = parse_notice(read_document(word_table([header, [row[h] for h in header]]), "t.docx").text, "t")
    task = notice.tasks[0]
    assert (task.number, task.title, task.lead, task.deadline) == (1, "提升基层服务能力", "县卫健委", "2023年6月底完成")
    assert [d.name for d in task.departments] == ["县卫健委", "县医保局"]


@pytest.mark.parametrize("column", ["协办单位", "协作部门", "参与单位", "协同单位"])
def test_every_participating_column_header_marks_its_units_participating(column):
    rows = [["序号", "重点任务", "牵头单位", column], ["1", "推进医保支付方式改革", "县医保局", "县卫健委、县财政局"]]
    notice = parse_notice(read_document(word_table(rows), "t.docx").text, "t")
    assert [(d.name, d.role) for d in notice.tasks[0].departments] == [
        ("县医保局", "lead"), ("县卫健委", "participating"), ("县财政局", "participating")]


def test_an_html_task_table_with_merged_cells():
    page = """<html><body><div class="nav"><a href="/">首页</a></div><div class="content"><p>某县2023年医改重点任务</p>
    <table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
    <tr><td colspan="5">一、深化医疗改革</td></tr>
    <tr><td>1</td><td>推进县域医共体建设</td><td rowspan="2">县卫健委</td><td>县医保局<br>县财政局</td><td>2023年底前</td></tr>
    <tr><td>2</td><td>加强乡村医生队伍建设</td><td>县人社局</td><td>持续推进</td></tr></table></div>
    <div class="footer">版权所有：某县人民政府办公室</div></body></html>"""
    notice = parse_notice(read_document(page.encode(), "p.html").text, "p")
    assert [(t.number, t.section, t.title, t.lead, t.deadline) for t in notice.tasks] == [
        (1, 1, "推进县域医共体建设", "县卫健委", "2023年底前完成"), (2, 1, "加强乡村医生队伍建设", "县卫健委", "持续推进")]
    assert [d.name for d in notice.tasks[0].departments] == ["县卫健委", "县医保局", "县财政局"]


def test_site_chrome_of_a_web_page_is_dropped():
    text = read_document(make.html_page("qinghai").encode(), "q.html").text
    for chrome in ("首页", "政务服务", "分享到", "浏览次数", "ICP备案", "相关文章", "打印本页", "请输入关键词"):
        assert chrome not in text, chrome
    assert text.startswith("青海省人民政府办公厅关于印发青海省2022年综合医改重点工作任务的通知")


@pytest.mark.parametrize("value,fmt,expected", [
    (3, "chineseCounting", "三"), (10, "chineseCounting", "十"), (16, "chineseCountingThousand", "十六"),
    (24, "chineseCounting", "二十四"), (105, "chineseCounting", "一百零五"), (3, "decimal", "3"),
    (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"), (4, "lowerRoman", "iv"), (28, "upperLetter", "BB"),
])
def test_word_number_formats(value, fmt, expected):
    from hrcli.read.docx import format_number

    assert format_number(value, fmt) == expected


# ---- what cannot be read: one line, exit 3 -------------------------------------------------------------
def fake_docx(tmp_path):
    path = tmp_path / "notice.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/1.jpg", b"\xff\xd8\xff not really")
    return path


def empty_docx(tmp_path):
    import docx

    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    return path


@pytest.mark.parametrize("make_file,message", [
    (lambda tmp: DOCUMENTS / "scanned.pdf", "is a PDF without a text layer (a scan) (OCR is needed"),
    (lambda tmp: DOCUMENTS / "locked.pdf", "is a password-protected PDF"),
    (lambda tmp: DOCUMENTS / "notice.doc", "is an old Word document (.doc), which hrcli cannot read (open it in Word or WPS and save it as .docx or PDF)"),
    (empty_docx, ": the Word document holds no text"),
    (fake_docx, "is a ZIP archive that holds no Word document"),
    (lambda tmp: _write(tmp / "n.ofd", _zip({"OFD.xml": b"<ofd:OFD/>"})), "is an OFD document, which hrcli cannot read"),
    (lambda tmp: _write(tmp / "cut.docx", make.docx_paragraphs("sixian")[:5000]), "is a damaged ZIP archive"),
])
def test_a_document_hrcli_cannot_read_is_one_clear_line(cli, tmp_path, make_file, message):
    path = make_file(tmp_path)
    result = cli(["show", str(path)])
    assert result.exit_code == ExitStatus.INPUT == 3
    assert one_error_line(result).startswith(f"hrcli: error: {path}{'' if message.startswith(':') else ' '}{message}")
    assert result.stdout == ""


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


# ---- the corpus and the parse cache see documents ---------------------------------------------------------
def test_a_corpus_of_documents_is_listed_searched_and_compared(cli, tmp_path, originals):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "linfen.pdf").write_bytes((DOCUMENTS / "linfen.pdf").read_bytes())
    (folder / "qinghai.docx").write_bytes(make.docx_table("qinghai", originals["qinghai"], attachment=True))
    (folder / "nanchang.html").write_bytes(make.html_page("nanchang").encode())
    listed = cli(["--corpus", str(folder), "list", "--format", "json"])
    assert listed.exit_code == 0, listed.stderr
    assert sorted(row["region"] for row in json.loads(listed.stdout)) == ["linfen", "nanchang", "qinghai"]
    found = cli(["--corpus", str(folder), "search", "DRG付费", "--format", "tsv"])
    assert {line.split("\t")[2] for line in found.stdout.splitlines()[1:]} >= {"linfen", "qinghai"}
    against = cli(["--corpus", str(folder), "compare", "linfen", "--against", "all", "--format", "tsv"])
    assert against.exit_code == 0 and "qinghai" in against.stdout


def test_a_pdf_is_read_once_then_comes_from_the_parse_cache(monkeypatch):
    import hrcli.read.pdf

    data = (DOCUMENTS / "shanxi.pdf").read_bytes()
    source = Source("shanxi", DOCUMENTS / "shanxi.pdf")
    settings = current_settings()
    first = load_notice(data, source, settings)

    def no_second_read(*args):
        raise AssertionError("the PDF was read again")

    monkeypatch.setattr(hrcli.read.pdf, "pdf_text", no_second_read)
    assert facts(load_notice(data, source, settings)) == facts(first)


def test_a_task_over_several_rows_of_measures_is_one_task():
    import docx

    document = docx.Document()
    document.add_paragraph("某市深化医改重点任务分工表")
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "配合单位"],
        ["1", "推进分级诊疗", "建设紧密型医联体。", "市卫健委", "市医保局"],
        ["1", "推进分级诊疗", "完善家庭医生签约服务。", "市卫健委", "市财政局"],
        ["2", "深化医保支付方式改革", "推行DRG付费。", "市医保局", "市卫健委"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if r != 2 or c > 1:
                table.cell(r, c).text = text
    for column in (0, 1):
        table.cell(1, column).merge(table.cell(2, column))  # Word's vertically merged cells
    out = io.BytesIO()
    document.save(out)
    notice = parse_notice(read_document(out.getvalue(), "m.docx").text, "m")
    assert [(t.number, t.title, t.lead) for t in notice.tasks] == [(1, "推进分级诊疗", "市卫健委"), (2, "深化医保支付方式改革", "市医保局")]
    assert "完善家庭医生签约服务" in notice.tasks[0].text
    assert [d.name for d in notice.tasks[0].departments] == ["市卫健委", "市医保局", "市财政局"]


def test_a_notice_inside_a_one_cell_frame_keeps_its_paragraphs():
    import docx

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "某县深化医改重点任务"
    for line in ["一、深化医疗改革", "（一）推进县域医共体建设。完善考核。（县卫健委负责）", "（二）加强基层队伍。（县人社局负责）"]:
        cell.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    notice = parse_notice(read_document(out.getvalue(), "frame.docx").text, "frame")
    assert [(t.number, t.title, t.lead) for t in notice.tasks] == [(1, "推进县域医共体建设", "县卫健委"), (2, "加强基层队伍", "县人社局")]


def _rewrite(docx_bytes: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """A .docx with one part edited, as a hand-edited or badly converted file has it."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data.replace(old, new) if item.filename == member else data)
    return out.getvalue()


def test_a_bad_numbering_value_is_read_and_a_broken_part_is_one_error(cli, tmp_path):
    data = make.docx_paragraphs("shanxi")
    odd = _rewrite(data, "word/numbering.xml", b'w:start w:val="1"', b'w:start w:val="one"')
    assert facts(parse_notice(read_document(odd, "odd.docx").text, "shanxi")) == facts(parse_notice(read_corpus("shanxi"), "shanxi"))
    path = tmp_path / "broken.docx"
    path.write_bytes(_rewrite(data, "word/styles.xml", b"<w:style ", b"<w:style <"))
    result = cli(["show", str(path)])
    assert result.exit_code == 3
    assert one_error_line(result).startswith(f"hrcli: error: {path} cannot be read as a Word document (")


def test_the_user_compares_a_pdf_and_pipes_a_docx(cli, tmp_path, originals):
    pdf = tmp_path / "临汾市重点任务.pdf"
    pdf.write_bytes((DOCUMENTS / "linfen.pdf").read_bytes())
    compared = cli(["compare", str(pdf), "qinghai", "--format", "json"])
    assert compared.exit_code == 0, compared.stderr
    with_text = cli(["compare", "linfen", "qinghai", "--format", "json"])
    matched = [[task["number"] for task in row["tasks"][row_region]] for row in json.loads(compared.stdout)["rows"]
               for row_region in ["临汾市重点任务"]]
    assert matched == [[task["number"] for task in row["tasks"]["linfen"]] for row in json.loads(with_text.stdout)["rows"]]
    piped = cli(["parse", "-"], input=make.docx_table("sixian", originals["sixian"], attachment=True))
    assert piped.exit_code == 0, piped.stderr
    assert [task["title"] for task in json.loads(piped.stdout)["tasks"]] == [task.title for task in originals["sixian"].tasks]


def test_a_pdf_whose_text_is_cid_codes_needs_ocr():
    from hrcli.errors import InputError
    from hrcli.read.pdf import _refuse_unmapped

    _refuse_unmapped(read_corpus("linfen")[:2000] + "(cid:1234)", "ok.pdf")  # a stray code is kept
    with pytest.raises(InputError, match=r"fonts do not say which characters they draw"):
        _refuse_unmapped("(cid:3021)(cid:881)(cid:17)(cid:3021)\n(cid:55)(cid:1)一、", "cid.pdf")
