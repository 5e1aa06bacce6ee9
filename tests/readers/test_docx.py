"""DOCX reading: body order, headings, merged cells, numbering, text boxes, bad files."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from ogi.blocks import Cell, ReadError
from ogi.readers.docx import (
    _Defaults,
    _format_number,
    _Reader,
    _Style,
    _StyleCuts,
    read_docx,
)
from tests.shared import SAMPLES, sample_cells

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

NUMBERING = f"""<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="7">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="5"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""

TEXT_BOX_RUN = f"""<w:r xmlns:w="{W}"
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
    xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
    xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>
      <wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>文本框：本报告数据截至2023年12月31日。</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx></wps:wsp>
    </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>文本框：本报告数据截至2023年12月31日。</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>"""


def _numbered(document: docx.document.Document, text: str, ilvl: int) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="5"/></w:numPr>')
    )


def _read(document: docx.document.Document, tmp_path: Path):
    out = tmp_path / "报告.docx"
    document.save(str(out))
    return read_docx(str(out), out.read_bytes())


def test_headings_paragraphs_and_merged_table_in_body_order(tmp_path: Path) -> None:
    d = docx.Document()
    d.core_properties.title = "示例镇人民政府2023年政府信息公开工作年度报告"
    d.add_heading("示例镇人民政府2023年政府信息公开工作年度报告", level=1)
    d.add_paragraph("本报告由示例镇人民政府办公室编制。")
    table = d.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "第二十条第（一）项"
    table.cell(1, 0).text = "信息内容"
    table.cell(1, 1).text = "本年制发件数"
    table.cell(1, 2).text = "现行有效件数"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "规范性文件"
    table.cell(2, 1).text = "4"
    table.cell(2, 2).text = "9"
    table.cell(3, 1).text = "2"
    table.cell(3, 2).text = "6"
    d.add_paragraph("")  # empty paragraphs are not blocks
    d.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("二、主动公开政府信息情况", style="标题 2")

    doc = _read(d, tmp_path)

    assert doc.form == "docx"
    assert doc.title == "示例镇人民政府2023年政府信息公开工作年度报告"
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1),
        ("paragraph", None),
        ("table", None),
        ("heading", 2),
    ]
    assert doc.blocks[1].text == "本报告由示例镇人民政府办公室编制。"
    assert doc.blocks[3].text == "二、主动公开政府信息情况"
    assert [b.where.block for b in doc.blocks] == [0, 1, 2, 3]
    assert doc.blocks[2].rows == [
        [Cell("第二十条第（一）项", 0, 0, 1, 3)],
        [Cell("信息内容", 1, 0), Cell("本年制发件数", 1, 1), Cell("现行有效件数", 1, 2)],
        [Cell("规范性文件", 2, 0, 2, 1), Cell("4", 2, 1), Cell("9", 2, 2)],
        [Cell("2", 3, 1), Cell("6", 3, 2)],
    ]


def test_block_merge_spanning_rows_and_columns(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "申请人情况"
    for r, c, text in ((0, 2, "自然人"), (1, 2, "5"), (2, 0, "甲"), (2, 1, "乙"), (2, 2, "丙")):
        table.cell(r, c).text = text
    doc = _read(d, tmp_path)
    assert doc.blocks[0].rows == [
        [Cell("申请人情况", 0, 0, 2, 2), Cell("自然人", 0, 2)],
        [Cell("5", 1, 2)],
        [Cell("甲", 2, 0), Cell("乙", 2, 1), Cell("丙", 2, 2)],
    ]


def test_cell_paragraphs_and_nested_table_after_parent(tmp_path: Path) -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "收到申请"
    outer.cell(0, 0).add_paragraph("（件）")
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "当面"
    inner.cell(0, 1).text = "网上"
    d.add_paragraph("表后说明。")
    doc = _read(d, tmp_path)
    assert [b.kind for b in doc.blocks] == ["table", "table", "paragraph"]
    assert doc.blocks[0].rows == [[Cell("收到申请\n（件）", 0, 0), Cell("", 0, 1)]]
    assert doc.blocks[1].rows == [[Cell("当面", 0, 0), Cell("网上", 0, 1)]]
    assert doc.blocks[2].text == "表后说明。"


def test_automatic_numbering_is_rendered_into_text(tmp_path: Path) -> None:
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(NUMBERING)
    _numbered(d, "总体情况", 0)
    _numbered(d, "主动公开", 1)
    _numbered(d, "依申请公开", 1)
    _numbered(d, "办理时限", 2)
    _numbered(d, "主动公开政府信息情况", 0)
    _numbered(d, "规章", 1)
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "1. 办理时限",
        "二、主动公开政府信息情况",
        "（一）规章",
    ]
    assert {b.kind for b in doc.blocks} == {"paragraph"}


def test_text_box_read_once_after_its_paragraph(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("示例镇概况。")
    p._p.append(parse_xml(TEXT_BOX_RUN))
    d.add_paragraph("其后段落。")
    doc = _read(d, tmp_path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "示例镇概况。"),
        ("paragraph", "文本框：本报告数据截至2023年12月31日。"),
        ("paragraph", "其后段落。"),
    ]


def test_line_breaks_and_tabs_in_runs(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    run = p.add_run("第一行")
    run.add_break()
    run.add_text("第二行\t末尾")
    doc = _read(d, tmp_path)
    assert doc.blocks[0].text == "第一行\n第二行 末尾"
    assert doc.title is None


def test_other_number_formats() -> None:
    assert _format_number(3, "decimalEnclosedCircle") == "③"
    assert _format_number(2, "ideographTraditional") == "乙"
    assert _format_number(4, "upperRoman") == "IV"
    assert _format_number(7, "decimal") == "7"


def test_ideograph_digit_formats() -> None:
    """w:numFmt ideographDigital prints each digit as an ideograph (not 1、 but 一、),
    ideographEnclosedCircle circled ideographs for 1 to 10."""
    assert _format_number(1, "ideographDigital") == "一"
    assert _format_number(10, "ideographDigital") == "一〇"
    assert _format_number(3, "ideographEnclosedCircle") == "㊂"
    assert _format_number(10, "ideographEnclosedCircle") == "㊉"


def _zip(tmp_path: Path, members: dict[str, bytes]) -> bytes:
    out = tmp_path / "bad.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.read_bytes()


def test_corrupt_document_xml(tmp_path: Path) -> None:
    data = _zip(tmp_path, {"word/document.xml": b"\x00\x01 not xml <w:body"})
    with pytest.raises(ReadError) as e:
        read_docx("bad.docx", data)
    assert str(e.value) == "DOCX 文件已损坏：word/document.xml 不是有效的 XML"


def test_document_nested_deeper_than_the_xml_parser_goes(tmp_path: Path) -> None:
    # libxml2 stops at its depth bound (2,048 with huge trees): the file is built to be
    # deep, not damaged, and the reason says so
    deep = "<w:tbl><w:tr><w:tc>" * 1000 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 1000
    body = f'<w:document xmlns:w="{W}"><w:body>{deep}</w:body></w:document>'
    data = _zip(tmp_path, {"word/document.xml": body.encode()})
    with pytest.raises(ReadError) as e:
        read_docx("deep.docx", data)
    assert str(e.value) == "DOCX 文件结构异常（嵌套层次过深），无法读取"


def test_zip_without_document_xml(tmp_path: Path) -> None:
    data = _zip(tmp_path, {"readme.txt": "示例".encode()})
    with pytest.raises(ReadError) as e:
        read_docx("bad.docx", data)
    assert str(e.value) == "压缩包中没有 word/document.xml，不是 DOCX 文件"


def test_document_without_body(tmp_path: Path) -> None:
    data = _zip(tmp_path, {"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()})
    with pytest.raises(ReadError) as e:
        read_docx("bad.docx", data)
    assert str(e.value) == "DOCX 文件已损坏：word/document.xml 中没有正文"


def test_encrypted_docx() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(ReadError) as e:
        read_docx("secret.docx", data)
    assert str(e.value) == "DOCX 文件已加密，无法读取（请去除密码后重试）"


def test_not_a_zip() -> None:
    with pytest.raises(ReadError) as e:
        read_docx("x.docx", b"PK\x03\x04 truncated")
    assert str(e.value) == "DOCX 文件已损坏（压缩包无法打开）"


def test_broken_numbering_part_is_reported_not_fatal(tmp_path: Path) -> None:
    body = (
        f'<w:document xmlns:w="{W}">'
        "<w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"
    )
    data = _zip(tmp_path, {"word/document.xml": body.encode(), "word/numbering.xml": b"<oops"})
    doc = read_docx("x.docx", data)
    assert [b.text for b in doc.blocks] == ["正文"]
    assert doc.problems == ["word/numbering.xml 已损坏，已忽略其中的自动编号"]


def test_heading_style_carries_numbering(tmp_path: Path) -> None:
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(NUMBERING)
    style = d.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:numId w:val="5"/></w:numPr>')
    )
    for text in ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"):
        d.add_paragraph(text, style="标题 1")
    doc = _read(d, tmp_path)
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "一、总体情况"),
        ("heading", 1, "二、主动公开政府信息情况"),
        ("heading", 1, "三、收到和处理政府信息公开申请情况"),
    ]


def test_an_empty_numbered_paragraph_takes_its_number(tmp_path: Path) -> None:
    """Word prints an empty numbered paragraph's label with nothing after it, so the
    items after it are numbered one on: (三) shows where (二) was before; an empty
    one whose mark is not printed (hidden, or deleted as a tracked change) is no line
    and takes none."""
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(NUMBERING)
    _numbered(d, "总体情况", 0)
    _numbered(d, "主动公开", 1)
    _numbered(d, "", 1)  # printed as "（二）" alone
    _numbered(d, "依申请公开", 1)
    for mark in ("<w:vanish/>", '<w:del w:id="1" w:author="甲" w:date="2024-01-01T00:00:00Z"/>'):
        _numbered(d, "", 1)
        d.paragraphs[-1]._p.pPr.append(parse_xml(f'<w:rPr xmlns:w="{W}">{mark}</w:rPr>'))
    _numbered(d, "政府信息管理", 1)
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况",
        "（一）主动公开",
        "（三）依申请公开",
        "（四）政府信息管理",
    ]


def test_an_empty_numbered_cell_paragraph_takes_its_number(tmp_path: Path) -> None:
    """Row labels of 表三 numbered automatically down a column: an empty numbered
    paragraph above one label is printed as a bare label, and that label one on."""
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(NUMBERING)
    table = d.add_table(rows=3, cols=2)
    for row, label in enumerate(("予以公开", "部分公开", "不予公开")):
        cell = table.cell(row, 0)
        cell.paragraphs[0].add_run(label)
        if row == 2:
            cell.paragraphs[0].insert_paragraph_before("")
        num_pr = f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr>'
        for p in cell.paragraphs:
            p._p.get_or_add_pPr().append(parse_xml(num_pr))
        table.cell(row, 1).text = str(row)
    doc = _read(d, tmp_path)
    labels = [r[0].text for r in doc.blocks[0].rows]
    assert labels == ["（一）予以公开", "（二）部分公开", "（四）不予公开"]


def test_a_paragraph_s_own_level_stands_over_its_style_s(tmp_path: Path) -> None:
    """A paragraph of a numbered style that sets only its level (w:numPr/w:ilvl, no
    w:numId) is numbered in the style's list at its own level: （一）, not 二、."""
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(NUMBERING)
    style = d.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>')
    )
    d.add_paragraph("总体情况", style="标题 1")
    p = d.add_paragraph("主动公开", style="标题 1")
    p._p.pPr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="1"/></w:numPr>'))
    d.add_paragraph("主动公开政府信息情况", style="标题 1")
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况",
        "（一）主动公开",
        "二、主动公开政府信息情况",
    ]


def test_start_override_restarts_a_list(tmp_path: Path) -> None:
    numbering = NUMBERING.replace(
        "</w:numbering>",
        '<w:num w:numId="6"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        "</w:numbering>",
    )
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(numbering)
    _numbered(d, "甲项", 0)
    p = d.add_paragraph("乙项")
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="6"/></w:numPr>')
    )
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == ["一、甲项", "五、乙项"]


def _listed(d: docx.document.Document, text: str, ilvl: int, num_id: int) -> None:
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def test_a_level_that_never_restarts_counts_on_under_the_next_heading(tmp_path: Path) -> None:
    """w:lvlRestart 0: the level is not started again when a higher one is used (ECMA-376
    17.9.11), so the items under 二、 go on from those under 一、; one that names a
    level restarts only after that level."""
    numbering = NUMBERING.replace(
        '<w:lvlText w:val="（%2）"/>', '<w:lvlText w:val="（%2）"/><w:lvlRestart w:val="0"/>'
    ).replace('<w:lvlText w:val="%3."/>', '<w:lvlText w:val="%3."/><w:lvlRestart w:val="1"/>')
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(numbering)
    for text, ilvl in (
        ("总体情况", 0),
        ("主动公开", 1),
        ("办理时限", 2),
        ("依申请公开", 1),
        ("答复期限", 2),
        ("主动公开政府信息情况", 0),
        ("规章", 1),
        ("行政规范性文件", 2),
    ):
        _numbered(d, text, ilvl)
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况",
        "（一）主动公开",
        "1. 办理时限",
        "（二）依申请公开",
        "2. 答复期限",
        "二、主动公开政府信息情况",
        "（三）规章",
        "1. 行政规范性文件",
    ]


def test_a_level_redefined_for_one_list_prints_as_redefined(tmp_path: Path) -> None:
    """w:lvlOverride holding a w:lvl replaces that level for the paragraphs of its
    w:num only: "（%1）" in place of "%1、", counting from its own w:start."""
    numbering = NUMBERING.replace(
        "</w:numbering>",
        '<w:num w:numId="6"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%1）"/></w:lvl></w:lvlOverride></w:num>'
        "</w:numbering>",
    )
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(numbering)
    _listed(d, "予以公开", 0, 6)
    _listed(d, "部分公开", 0, 6)
    _listed(d, "不予公开", 0, 6)
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == ["（一）予以公开", "（二）部分公开", "（三）不予公开"]


def test_a_start_override_is_the_start_of_its_own_list_only(tmp_path: Path) -> None:
    """A w:num that starts a level at 3 (w:startOverride) does so for its own paragraphs;
    the level of another w:num of the same list, started again under the next heading,
    starts at the list's own w:start (1)."""
    numbering = NUMBERING.replace(
        "</w:numbering>",
        '<w:num w:numId="6"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
        "</w:numbering>",
    )
    d = docx.Document()
    d.part.numbering_part._element = parse_xml(numbering)
    _listed(d, "总体情况", 0, 5)
    _listed(d, "政府信息管理", 1, 6)
    _listed(d, "主动公开政府信息情况", 0, 5)
    _listed(d, "规章", 1, 5)
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况",
        "（三）政府信息管理",
        "二、主动公开政府信息情况",
        "（一）规章",
    ]


def test_styles_part_seen_again_reads_the_same_and_another_reads_its_own(tmp_path: Path) -> None:
    """Documents of one template share their styles part, which is then kept once read;
    a document whose part differs under the same style ids still reads its own."""
    d = docx.Document()
    d.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("二、主动公开政府信息情况", style="标题 2")
    d.add_paragraph("本年制发规范性文件4件。")
    first = tmp_path / "模板一.docx"
    d.save(str(first))
    second = tmp_path / "模板二.docx"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(second, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/styles.xml":
                assert b'w:val="\xe6\xa0\x87\xe9\xa2\x98 2"' in data  # 标题 2
                data = data.replace("标题 2".encode(), "说明 2".encode())
            dst.writestr(item, data)

    def kinds(path: Path) -> list[tuple[str, int | None]]:
        return [(b.kind, b.level) for b in read_docx(str(path), path.read_bytes()).blocks]

    for _ in range(3):  # read, seen again (kept), read from what was kept
        assert kinds(first) == [("heading", 2), ("paragraph", None)]
    for _ in range(3):
        assert kinds(second) == [("paragraph", None), ("paragraph", None)]
    assert kinds(first) == [("heading", 2), ("paragraph", None)]


def _styles_part(tmp_path: Path) -> bytes:
    d = docx.Document()
    style = d.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr>')
    )
    path = tmp_path / "模板.docx"
    d.save(str(path))
    with zipfile.ZipFile(path) as z:
        return z.read("word/styles.xml")


def test_styles_cut_from_the_part_read_as_the_parsed_part(tmp_path: Path) -> None:
    """Style definitions cut out of the part's bytes and parsed when named read exactly
    as those of the whole part parsed at once, in the same order."""
    raw = _styles_part(tmp_path)
    whole = _Reader(W)
    whole.load_styles(parse_xml(raw))
    cut = _Reader(W)
    assert cut.load_styles_part(raw) is True
    assert cut.styles.cuts is not None
    assert all(isinstance(m, bytes) for m in cut.styles.elements.values())
    assert list(cut.styles.elements) == list(whole.styles.elements)
    assert len(cut.styles.elements) > 100  # python-docx's template defines many
    assert cut.styles.get("标题1") == _Style(name="标题 1", based_on=None, num_id="5", ilvl=1)
    assert cut.styles.every() == whole.styles.every()
    # the default paragraph and table styles, as the part marks them
    assert cut.defaults == whole.defaults == _Defaults(False, "Normal", "TableNormal")


@pytest.mark.parametrize(
    "change",
    [
        (b"<w:docDefaults>", b"<!-- <w:style w:styleId='x'/> --><w:docDefaults>"),
        (b"<w:docDefaults>", b"<![CDATA[ </w:style> ]]><w:docDefaults>"),
        (b"<w:docDefaults>", b'<w:docDefaults xmlns="urn:x">'),
        (b"UTF-8", b"GB2312"),
    ],
)
def test_styles_part_with_unusual_markup_is_parsed_whole(tmp_path: Path, change) -> None:
    raw = _styles_part(tmp_path).replace(*change, 1)
    assert _StyleCuts.of(raw, W) is None


def test_broken_styles_part_is_reported_as_before(tmp_path: Path) -> None:
    """A part that is cut without trouble but is not well-formed XML further on is still
    refused as a whole."""
    raw = _styles_part(tmp_path)
    broken = raw.replace(b"</w:docDefaults>", b"</w:docDefault>", 1)
    assert _StyleCuts.of(broken, W) is not None
    body = (
        f'<w:document xmlns:w="{W}">'
        "<w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"
    )
    data = _zip(tmp_path, {"word/document.xml": body.encode(), "word/styles.xml": broken})
    doc = read_docx("x.docx", data)
    assert [b.text for b in doc.blocks] == ["正文"]
    assert doc.problems == ["word/styles.xml 已损坏，已忽略其中的样式"]


def _hiding_styles_part(tmp_path: Path) -> bytes:
    """python-docx's styles part with its default paragraph style (Normal) hiding text,
    and a paragraph style 正文 that does not."""
    d = docx.Document()
    normal = d.styles["Normal"].element
    normal.get_or_add_rPr().append(parse_xml(f'<w:vanish xmlns:w="{W}"/>'))
    d.styles.add_style("正文", WD_STYLE_TYPE.PARAGRAPH)
    path = tmp_path / "模板.docx"
    d.save(str(path))
    with zipfile.ZipFile(path) as z:
        return z.read("word/styles.xml")


def test_defaults_cut_from_the_styles_part_read_as_the_parsed_part(tmp_path: Path) -> None:
    raw = _hiding_styles_part(tmp_path).replace(
        b"<w:rPrDefault><w:rPr>", b"<w:rPrDefault><w:rPr><w:vanish/>", 1
    )
    assert b"<w:vanish/>" in raw
    whole = _Reader(W)
    whole.load_styles(parse_xml(raw))
    cut = _Reader(W)
    assert cut.load_styles_part(raw) is True
    assert cut.styles.cuts is not None
    assert (cut.defaults.hidden, cut.defaults.paragraph_style) == (True, "Normal")
    assert cut.defaults == whole.defaults


def test_text_hidden_by_the_default_paragraph_style_is_not_read(tmp_path: Path) -> None:
    """A paragraph that names no style has the default one (Normal), which hides it."""
    body = (
        f'<w:document xmlns:w="{W}"><w:body>'
        "<w:p><w:r><w:t>隐藏的文字7</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>示例镇人民政府</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>18</w:t></w:r>'
        "<w:r><w:t>7</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    styles = _hiding_styles_part(tmp_path)
    style_id = next(
        sid
        for sid, st in _read_styles(styles).items()
        if st.name == "正文"  # (python-docx names the new style's id itself)
    )
    data = _zip(
        tmp_path,
        {
            "word/document.xml": body.replace('"a3"', f'"{style_id}"').encode(),
            "word/styles.xml": styles,
        },
    )
    doc = read_docx("x.docx", data)
    assert [b.text for b in doc.blocks] == ["示例镇人民政府", "18"]
    assert doc.problems == []


def _read_styles(raw: bytes) -> dict[str, _Style]:
    reader = _Reader(W)
    reader.load_styles(parse_xml(raw))
    return reader.styles.every()


def _text_box_run(text: str) -> str:
    return TEXT_BOX_RUN.replace("文本框：本报告数据截至2023年12月31日。", text)


def test_a_cell_whose_one_number_is_in_a_nested_table_or_text_box_reads_it(
    tmp_path: Path,
) -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=3)
    outer.cell(0, 0).text = "自然人"
    outer.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "10"
    outer.cell(0, 2).paragraphs[0]._p.append(parse_xml(_text_box_run("12")))
    doc = _read(d, tmp_path)
    # what the cell shows is read where it stands, once
    assert [b.kind for b in doc.blocks] == ["table"]
    assert doc.blocks[0].rows == [[Cell("自然人", 0, 0), Cell("10", 0, 1), Cell("12", 0, 2)]]
    assert doc.problems == []


def test_a_cell_holding_several_numbers_in_a_nested_table_is_not_a_blank(
    tmp_path: Path,
) -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=3)
    outer.cell(0, 0).text = "自然人"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "8"
    inner.cell(0, 1).text = "2"
    box = outer.cell(0, 2).paragraphs[0]._p
    box.append(parse_xml(_text_box_run("1")))
    box.append(parse_xml(_text_box_run("2")))
    doc = _read(d, tmp_path)
    assert [b.kind for b in doc.blocks] == ["table", "table", "paragraph", "paragraph"]
    assert doc.blocks[0].rows == [
        [
            Cell("自然人", 0, 0),
            Cell(
                "",
                0,
                1,
                doubt="单元格中的数字写在嵌套的表格或文本框中（8 | 2），无法确定单元格的值，未取数",
            ),
            Cell(
                "",
                0,
                2,
                doubt="单元格中的数字写在嵌套的表格或文本框中（1 | 2），无法确定单元格的值，未取数",
            ),
        ]
    ]
    assert doc.blocks[1].rows == [[Cell("8", 0, 0), Cell("2", 0, 1)]]
    assert [b.text for b in doc.blocks[2:]] == ["1", "2"]


def _sample_with_value_cell(tmp_path: Path, fill) -> Path:
    """The 示例镇 sample with table 三's 本年新收 · 自然人 cell (10) emptied and given to
    `fill`."""
    d = docx.Document(str(SAMPLES / "示例镇-2024.docx"))
    cell = d.tables[1].rows[3].cells[3]
    assert cell.text == "10"
    for r in list(cell.paragraphs[0]._p.iterchildren(f"{{{W}}}r")):
        cell.paragraphs[0]._p.remove(r)
    fill(cell)
    out = tmp_path / "示例镇-2024.docx"
    d.save(str(out))
    return out


def _nested(cell, *texts: str) -> None:
    inner = cell.add_table(rows=1, cols=len(texts))
    for i, text in enumerate(texts):
        inner.cell(0, i).text = text


def test_a_value_in_a_nested_table_is_read_or_withheld_with_the_reason(tmp_path: Path) -> None:
    from ogi.extract import extract

    one = extract(_sample_with_value_cell(tmp_path, lambda c: _nested(c, "10")))
    assert one.cells == sample_cells("示例镇-2024.docx")
    assert one.problems == []

    two = extract(_sample_with_value_cell(tmp_path, lambda c: _nested(c, "8", "2")))
    assert two.cells["t3.new_received.natural_person"] is None
    assert [(p.path, p.message) for p in two.problems] == [
        (
            "t3.new_received.natural_person",
            "单元格中的数字写在嵌套的表格或文本框中（8 | 2），无法确定单元格的值，未取数",
        )
    ]


@pytest.mark.parametrize("runs_too", [False, True])
def test_a_row_deleted_as_a_tracked_change_is_not_read(tmp_path: Path, runs_too: bool) -> None:
    """Word shows the final text: a row marked deleted (w:trPr/w:del) is gone, whether
    or not its runs are marked deleted as well (Word marks both; others the row)."""
    d = docx.Document()
    table = d.add_table(rows=3, cols=2)
    for r, (label, value) in enumerate(
        [("行政许可", "46"), ("行政许可", "45"), ("行政处罚", "18")]
    ):
        table.cell(r, 0).text, table.cell(r, 1).text = label, value
    tr = table.rows[1]._tr
    tr.get_or_add_trPr().append(
        parse_xml(f'<w:del xmlns:w="{W}" w:id="5" w:author="审核" w:date="2024-01-05T00:00:00Z"/>')
    )
    if runs_too:
        for run in list(tr.iter(f"{{{W}}}r")):
            for t in run.findall(f"{{{W}}}t"):
                t.tag = f"{{{W}}}delText"
            wrapper = parse_xml(f'<w:del xmlns:w="{W}" w:id="6" w:author="审核"/>')
            run.addprevious(wrapper)
            wrapper.append(run)
    rows = _read(d, tmp_path).blocks[0].rows
    assert [[c.text for c in row] for row in rows] == [["行政许可", "46"], ["行政处罚", "18"]]
    assert [[c.row for c in row] for row in rows] == [[0, 0], [1, 1]]


def _chunk_in_cell(document: docx.document.Document, cell, name: str, data: bytes) -> None:
    """`cell`'s content replaced by one embedded chunk (w:altChunk) holding `data`."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    kind = "text/html" if name.endswith(".htm") else "application/rtf"
    part = Part(PackURI(f"/word/{name}"), kind, data, document.part.package)
    rid = document.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    )
    p = cell.paragraphs[0]._p
    p.addprevious(parse_xml(f'<w:altChunk xmlns:w="{W}" xmlns:r="{R}" r:id="{rid}"/>'))


def test_a_cell_whose_content_is_an_embedded_web_page_reads_what_it_shows(
    tmp_path: Path,
) -> None:
    # Word shows the chunk in the cell's place: 46 was read as a blank cell, unsaid
    d = docx.Document()
    table = d.add_table(rows=1, cols=4)
    table.cell(0, 0).text = "行政许可"
    pages = [b"<html><body><p>46</p></body></html>", b"<table><tr><td>8</td><td>2</td></tr>"]
    _chunk_in_cell(d, table.cell(0, 1), "chunk1.htm", pages[0])
    _chunk_in_cell(d, table.cell(0, 2), "chunk2.htm", pages[1])
    _chunk_in_cell(d, table.cell(0, 3), "chunk3.rtf", b"{\\rtf1 46}")
    doc = _read(d, tmp_path)
    assert doc.blocks[0].rows == [
        [
            Cell("行政许可", 0, 0),
            Cell("46", 0, 1),
            Cell(
                "",
                0,
                2,
                doubt="单元格中的数字写在嵌入的外部内容中（8 | 2），无法确定单元格的值，未取数",
            ),
            Cell(
                "",
                0,
                3,
                doubt="单元格中有未能读取的嵌入外部内容（altChunk），无法确定单元格的值，未取数",
            ),
        ]
    ]
    assert [[c.text for c in row] for row in doc.blocks[1].rows] == [["8", "2"]]
    assert doc.problems == ["文档中嵌入的外部内容（chunk3.rtf）不是网页，未读取"]


def test_the_sample_with_a_value_in_an_embedded_web_page_reads_it(tmp_path: Path) -> None:
    from ogi.extract import extract

    page = b"<html><body><p>10</p></body></html>"
    sample = _sample_with_value_cell(
        tmp_path, lambda cell: _chunk_in_cell(cell.part.document, cell, "a.htm", page)
    )
    report = extract(sample)
    assert report.cells == sample_cells("示例镇-2024.docx")
    assert report.problems == []


def test_a_subdocument_linked_in_is_said_not_read(tmp_path: Path) -> None:
    # a master document shows the linked file's text in its place; it is not in this file
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    rid = d.part.relate_to(
        "file:///C:/报告/表格.docx",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument",
        is_external=True,
    )
    d.add_paragraph()._p.append(parse_xml(f'<w:subDoc xmlns:w="{W}" xmlns:r="{R}" r:id="{rid}"/>'))
    doc = _read(d, tmp_path)
    assert [b.text for b in doc.blocks] == ["一、总体情况"]
    assert doc.problems == ["文档中链接了子文档（subDoc），其内容不在本文件中，未读取"]


PICTURED = "单元格中有图片，其中的内容未能读取，无法确定单元格显示的值，未取数"


def _digit_picture() -> BytesIO:
    """A small picture of a number, too small for OCR to be tried on."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (30, 16), "white")
    ImageDraw.Draw(img).text((2, 2), "5", fill="black")
    out = BytesIO()
    img.save(out, "PNG")
    out.seek(0)
    return out


@pytest.mark.parametrize(
    ("text", "width_pt", "shown"),
    [
        ("", 20, ("", PICTURED)),  # a number pasted as a picture: read blank, unsaid
        ("46", 20, ("46", PICTURED)),  # 46 beside a pictured 5: read 46
        ("行政许可", 20, ("行政许可", None)),  # an icon beside a label
        ("46", 1, ("46", None)),  # a spacer shows nothing
    ],
)
def test_a_cell_with_a_picture_beside_its_digits_or_none_is_withheld(
    tmp_path: Path, text: str, width_pt: float, shown: tuple[str, str | None]
) -> None:
    from docx.shared import Pt

    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run(text)
    cell.paragraphs[0].add_run().add_picture(_digit_picture(), width=Pt(width_pt))
    got = _read(d, tmp_path).blocks[0].rows[0][0]
    assert (got.text, got.doubt) == shown


def test_the_sample_with_a_value_pasted_as_a_picture_withholds_it(tmp_path: Path) -> None:
    from docx.shared import Pt

    from ogi.extract import extract

    def fill(cell) -> None:
        cell.paragraphs[0].add_run().add_picture(_digit_picture(), width=Pt(20))

    report = extract(_sample_with_value_cell(tmp_path, fill))
    assert report.cells == {
        **sample_cells("示例镇-2024.docx"),
        "t3.new_received.natural_person": None,
    }
    assert [(p.path, p.message) for p in report.problems] == [
        ("t3.new_received.natural_person", PICTURED)
    ]


@pytest.mark.parametrize(
    ("own", "box", "shown"),
    [
        # a box of 5 in the line after 46 may print 465: neither can be taken
        (
            "46",
            "5",
            ("46", "单元格中的数字旁有文本框，其中也有数字（5），无法确定单元格的值，未取数"),
        ),
        ("46", "注：含网上申请", ("46", None)),  # a note of words takes nothing from it
        ("自然人", "10", ("自然人", None)),  # a label's cell, the box read after the table
    ],
)
def test_a_cell_with_digits_beside_a_text_box_of_digits_is_withheld(
    tmp_path: Path, own: str, box: str, shown: tuple[str, str | None]
) -> None:
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run(own)
    cell.paragraphs[0]._p.append(parse_xml(_text_box_run(box)))
    doc = _read(d, tmp_path)
    got = doc.blocks[0].rows[0][0]
    assert (got.text, got.doubt) == shown
    assert [b.text for b in doc.blocks[1:]] == [box]  # the box read once, after the table


@pytest.mark.parametrize(
    ("height", "shown"), [("20", False), ("40", False), ("41", True), ("0", True)]
)
def test_a_row_squeezed_to_a_line_is_not_read(tmp_path: Path, height: str, shown: bool) -> None:
    """A row whose height is set exactly to 2 pt or less (40 twips) clips its text
    away: last year's 45 kept in such a row above this year's 46 was read, the row
    twice with two values."""
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    for r, value in enumerate(("45", "46")):
        table.cell(r, 0).text, table.cell(r, 1).text = "行政许可", value
    table.rows[0]._tr.get_or_add_trPr().append(
        parse_xml(f'<w:trHeight xmlns:w="{W}" w:val="{height}" w:hRule="exact"/>')
    )
    rows = _read(d, tmp_path).blocks[0].rows
    values = [row[1].text for row in rows]
    assert values == (["45", "46"] if shown else ["46"])


def test_table_four_whose_merged_down_outcomes_are_typed_again_below_is_read(
    tmp_path: Path,
) -> None:
    """行政复议's outcomes no longer merged down its two lower header rows but typed in
    each, and 复议后起诉's outcomes lost (as LibreOffice writes the sample saved as Word
    2003 XML): each outcome typed twice in its own column is one heading, not an outcome
    printed twice in the group, and 表四 reads whole, in the format's order as before."""
    from ogi.extract import extract

    d = docx.Document(str(SAMPLES / "示例镇-2024.docx"))
    [table] = [t for t in d.tables if t.rows[0].cells[0].text == "行政复议"]
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for r in (1, 2):
        tcs = table.rows[r]._tr.tc_lst[:5]
        for tc, text in zip(tcs, outcomes, strict=True):
            for merge in tc.xpath("./w:tcPr/w:vMerge"):
                merge.getparent().remove(merge)
            if r == 2:
                tc.xpath("./w:p")[0].append(
                    parse_xml(f'<w:r xmlns:w="{W}"><w:t>{text}</w:t></w:r>')
                )
    # and 复议后起诉's five outcomes below it one empty cell, as that copy has them
    below = table.rows[2]._tr.tc_lst[10:]
    for tc in below[1:]:
        tc.getparent().remove(tc)
    for run in below[0].xpath("./w:p/w:r"):
        run.getparent().remove(run)
    below[0].get_or_add_tcPr().append(parse_xml(f'<w:gridSpan xmlns:w="{W}" w:val="5"/>'))
    assert [c.text for c in table.rows[2].cells[:6]] == [*outcomes, "结果维持"]
    out = tmp_path / "示例镇-2024.docx"
    d.save(str(out))
    got = extract(out)
    assert got.cells == sample_cells("示例镇-2024.docx")
    assert got.problems == []


@pytest.mark.parametrize(
    ("markup", "flag"),
    [
        ("<w:sdt/>", "_has_controls"),
        ("<w:shd/>", "_has_shading"),
        ("<w:highlight/>", "_has_shading"),
        ("<w:vanish/>", "_has_hiding"),
        ("<w:specVanish/>", "_has_hiding"),
        ("<w:del/>", "_has_hiding"),
        ("<w:moveFrom/>", "_has_hiding"),
        ("<w:del/>", "_has_row_rules"),
        ("<w:trHeight/>", "_has_row_rules"),
        ("<w:numPr/>", "_has_list_marks"),
    ],
)
def test_the_elements_a_check_looks_for_are_found_anywhere_in_the_body(
    markup: str, flag: str
) -> None:
    """A check of every cell or row is left out only where the body holds none of the
    elements it looks for: one deep in a nested table turns it on."""
    reader = _Reader(W)
    reader.survey(
        parse_xml(f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>示例镇</w:t></w:r></w:p></w:body>')
    )
    assert not getattr(reader, flag)
    inner = (
        f"<w:tbl><w:tr><w:tc><w:p><w:r><w:rPr>{markup}</w:rPr></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    nested = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    reader.survey(parse_xml(f'<w:body xmlns:w="{W}">{nested}</w:body>'))
    assert getattr(reader, flag)
