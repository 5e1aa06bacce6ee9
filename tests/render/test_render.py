"""Rendering: one grid per statutory table, printed identically in every form."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from lxml import html as lxml_html

from ogi.format import edition
from ogi.model import RawCell, Report, Section, Source
from ogi.render import (
    build_docx,
    grid,
    outline,
    render_docx,
    render_html,
    render_markdown,
    render_text,
    report_title,
)
from ogi.render.tables import (
    Grid,
    default_edition_name,
    empty_grid,
    format_value,
    table_edition,
)
from tests.shared import sample_builder

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def make_report(year: int = 2024, name: str | None = None, **kw: object) -> Report:
    """A report with every cell numbered 1, 2, 3 … in reading order, so that any cell
    printed in the wrong place shows."""
    ed = edition(name or default_edition_name(year))
    fields: dict[str, object] = {
        "source": Source(path="test", sha256="", form="ledger"),
        "report_year": year,
        "agency": "测试县人民政府",
        "cells": {p: i + 1 for i, p in enumerate(ed.cell_paths())},
        "sections": [
            Section(key=s.key, ordinal=s.ordinal, title=s.title, text=f"{s.title}的说明。")
            for s in ed.sections
        ],
    }
    fields.update(kw)
    return Report(**fields)  # type: ignore[arg-type]


def spans(g: Grid) -> dict[str, tuple[int, int]]:
    return {c.text: (c.rowspan, c.colspan) for row in g.rows for c in row if c.role != "value"}


def covers_once(g: Grid) -> bool:
    seen: dict[tuple[int, int], int] = {}
    for r, c, cell in g.placed():
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                seen[(r + dr, c + dc)] = seen.get((r + dr, c + dc), 0) + 1
    full = {(r, c) for r in range(len(g.rows)) for c in range(g.ncols)}
    return set(seen) == full and set(seen.values()) == {1}


# -- grids ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["2019", "2021"])
@pytest.mark.parametrize("table", ["t2", "t3", "t4"])
def test_every_grid_is_a_full_rectangle(table: str, name: str) -> None:
    assert covers_once(empty_grid(table, name))


def test_t3_2021_layout() -> None:
    g = empty_grid("t3", "2021")
    assert (len(g.rows), g.ncols) == (3 + 25, 10)
    assert [(c.text, c.rowspan, c.colspan) for c in g.rows[0]] == [
        (CORNER, 3, 3),
        ("申请人情况", 1, 7),
    ]
    assert [(c.text, c.rowspan, c.colspan) for c in g.rows[1]] == [
        ("自然人", 2, 1),
        ("法人或其他组织", 1, 5),
        ("总计", 2, 1),
    ]
    assert [c.text for c in g.rows[2]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    s = spans(g)
    assert s["三、本年度办理结果"] == (22, 1)
    assert s["（三）不予公开"] == (8, 1)
    assert s["（四）无法提供"] == (3, 1)
    assert s["（五）不予处理"] == (5, 1)
    assert s["（六）其他处理"] == (3, 1)
    for label in (
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "四、结转下年度继续办理",
    ):
        assert s[label] == (1, 3)
    for label in ("（一）予以公开", "（七）总计"):
        assert s[label] == (1, 2)
    assert s["1.属于国家秘密"] == (1, 1)
    # The first outcome row opens with the level-1 label, then its own label.
    assert [c.text for c in g.rows[5][:2]] == ["三、本年度办理结果", "（一）予以公开"]
    assert [c.text for c in g.rows[7][:3]] == ["（三）不予公开", "1.属于国家秘密", ""]
    assert [c.path for c in g.rows[7][2:4]] == [
        "t3.results.withheld.state_secret.natural_person",
        "t3.results.withheld.state_secret.commercial_enterprise",
    ]


def test_t3_2019_layout() -> None:
    g = empty_grid("t3", "2019")
    assert (len(g.rows), g.ncols) == (3 + 23, 10)
    s = spans(g)
    assert s["三、本年度办理结果"] == (20, 1)
    assert s["（六）其他处理"] == (1, 2)  # a data row in 2019
    assert (s["（三）不予公开"], s["（四）无法提供"], s["（五）不予处理"]) == (
        (8, 1),
        (3, 1),
        (5, 1),
    )


def test_t2_2021_layout() -> None:
    g = empty_grid("t2", "2021")
    assert g.ncols == 4
    blocks = [c.text for row in g.rows for c in row if c.role == "block"]
    assert blocks == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert all(c.colspan == 4 for row in g.rows for c in row if c.role == "block")
    assert [(c.text, c.colspan) for c in g.rows[1]] == [
        ("信息内容", 1),
        ("本年制发件数", 1),
        ("本年废止件数", 1),
        ("现行有效件数", 1),
    ]
    assert [(c.text, c.colspan) for c in g.rows[-2]] == [
        ("信息内容", 1),
        ("本年收费金额（单位：万元）", 3),
    ]
    assert [(c.role, c.colspan, c.path) for c in g.rows[-1]][1] == (
        "value",
        3,
        "t2.art20_8.admin_fees.fee_amount",
    )


def test_t2_2019_has_five_blocks() -> None:
    g = empty_grid("t2", "2019")
    blocks = [c.text for row in g.rows for c in row if c.role == "block"]
    assert blocks[-1] == "第二十条第（九）项"
    assert len(blocks) == 5
    assert len(g.rows) == 5 + 5 + 8
    assert g.rows[-1][0].text == "政府集中采购"
    # Two columns share three value columns; the last takes the rest.
    assert [(c.text, c.colspan) for c in g.rows[-2]] == [
        ("信息内容", 1),
        ("采购项目数量", 1),
        ("采购总金额", 2),
    ]
    values = [c.path for row in g.rows for c in row if c.role == "value"]
    assert values == edition("2019").t2_cell_paths()


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_t4_layout(name: str) -> None:
    g = empty_grid("t4", name)
    assert g.ncols == 15
    assert [(c.text, c.rowspan, c.colspan) for c in g.rows[0]] == [
        ("行政复议", 1, 5),
        ("行政诉讼", 1, 10),
    ]
    assert [(c.text, c.rowspan, c.colspan) for c in g.rows[1]] == [
        *((o, 2, 1) for o in OUTCOMES),
        ("未经复议直接起诉", 1, 5),
        ("复议后起诉", 1, 5),
    ]
    assert [c.text for c in g.rows[2]] == OUTCOMES * 2
    assert [c.path for c in g.rows[3]] == edition(name).t4_cell_paths()


def test_values_in_reading_order() -> None:
    r = make_report(2024)
    ed = edition("2021")
    for table in ("t2", "t3", "t4"):
        printed = [c.text for row in grid(r, table).rows for c in row if c.role == "value"]
        assert printed == [str(r.cells[p]) for p in ed.cell_paths(table)]


def test_value_formatting() -> None:
    assert format_value(12) == "12"
    assert format_value(12.5) == "12.5"
    assert format_value(12.50) == "12.5"
    assert format_value(3.0) == "3"
    assert format_value(0.1 + 0.2) == "0.3"
    assert format_value(0.0) == "0"
    assert format_value(None) == ""
    r = make_report(2024)
    r.cells["t3.new_received.research_institution"] = None
    r.cells["t2.art20_8.admin_fees.fee_amount"] = 1.250
    r.cells["t3.carried_over.other_org"] = None
    r.raw.append(RawCell(path="t3.carried_over.other_org", text="/"))
    row = grid(r, "t3").rows[3]  # 一、
    assert [c.text for c in row][3] == ""
    assert grid(r, "t3").rows[4][-2].text == "/"
    assert grid(r, "t2").rows[-1][-1].text == "1.25"


def test_default_and_mixed_editions() -> None:
    assert [default_edition_name(y) for y in (2019, 2020, 2021, 2024)] == [
        "2019",
        "2019",
        "2021",
        "2021",
    ]
    assert default_edition_name(2015) == "2019"
    assert default_edition_name(None) == "2021"
    r = make_report(2021, table_editions={"t2": "2019", "t3": None})
    assert table_edition(r, "t2").name == "2019"
    assert table_edition(r, "t3").name == "2021"
    assert grid(r, "t2").edition == "2019"


def test_outline_inserts_missing_table_sections() -> None:
    ed = edition("2021")
    r = make_report(2024, sections=[Section(key="overview", ordinal="一、", title="总体情况")])
    parts = outline(r)
    headings = [p.text for p in parts if p.kind == "heading"]
    assert headings == [
        "一、总体情况",
        f"二、{ed.sections[1].title}",
        f"三、{ed.sections[2].title}",
        f"四、{ed.sections[3].title}",
    ]
    assert [p.grid.table for p in parts if p.grid] == ["t2", "t3", "t4"]
    assert report_title(r) == "测试县人民政府2024年政府信息公开工作年度报告"


# -- HTML ----------------------------------------------------------------------------------
def test_html_page_and_tables() -> None:
    r = make_report(
        2024,
        metadata={"index_number": "A-1", "issuer": "测试县人民政府", "document_number": None},
    )
    page = render_html(r)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    assert "<h1>测试县人民政府2024年政府信息公开工作年度报告</h1>" in page
    assert "<dt>索引号</dt><dd>A-1</dd>" in page
    assert "<dt>发布机构</dt><dd>测试县人民政府</dd>" in page
    assert "文件编号" not in page
    assert '<td rowspan="22">三、本年度办理结果</td>' in page
    assert '<td rowspan="8">（三）不予公开</td>' in page
    assert '<td colspan="2">（七）总计</td>' in page
    assert f'<td rowspan="3" colspan="3" class="h">{CORNER}</td>' in page
    assert '<td colspan="5" class="h">行政复议</td><td colspan="10" class="h">行政诉讼</td>' in page
    assert '<td colspan="4" class="b">第二十条第（一）项</td>' in page
    assert "仿宋" in page and "border" in page
    doc = lxml_html.fromstring(page.encode("utf-8"))
    tables = doc.findall(".//table")
    assert [len(t.findall("tr")) for t in tables] == [14, 28, 4]
    assert [h.text for h in doc.findall(".//h2")][:2] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
    ]
    t4_values = [td.text for td in tables[2].findall("tr")[3].findall("td")]
    assert t4_values == [str(r.cells[p]) for p in edition("2021").t4_cell_paths()]


def test_html_2019_edition() -> None:
    page = render_html(make_report(2020))
    assert '<td rowspan="20">三、本年度办理结果</td>' in page
    assert '<td colspan="2">（六）其他处理</td>' in page
    assert "第二十条第（九）项" in page
    assert "<dl" not in page  # no metadata, no block


def test_html_none_and_raw_cells() -> None:
    r = make_report(2024)
    r.cells["t4.review.upheld"] = None
    r.cells["t4.review.corrected"] = None
    r.raw.append(RawCell(path="t4.review.corrected", text="—"))
    page = render_html(r)
    third = r.cells["t4.review.other"]
    assert f'<tr><td class="v"></td><td class="v">—</td><td class="v">{third}</td>' in page


def test_html_escapes_text() -> None:
    r = make_report(2024, agency="A<B>&C")
    assert "<h1>A&lt;B&gt;&amp;C2024年" in render_html(r)


# -- DOCX ----------------------------------------------------------------------------------
def docx_xml(report: Report) -> tuple[etree._Element, etree._Element, bytes]:
    buf = io.BytesIO()
    render_docx(report, buf)
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    return body, styles, data


def merge_counts(tbl: etree._Element) -> tuple[dict[int, int], int, int]:
    grid_spans: dict[int, int] = {}
    for gs in tbl.iterfind(".//w:tcPr/w:gridSpan", NS):
        n = int(gs.get(f"{W}val"))
        grid_spans[n] = grid_spans.get(n, 0) + 1
    vmerge = tbl.findall(".//w:tcPr/w:vMerge", NS)
    restart = [v for v in vmerge if v.get(f"{W}val") == "restart"]
    return grid_spans, len(vmerge), len(restart)


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def fonts_and_size(st: etree._Element) -> tuple[str | None, str | None, str | None]:
    fonts = st.find("w:rPr/w:rFonts", NS)
    size = st.find("w:rPr/w:sz", NS)
    assert fonts is not None and size is not None
    return fonts.get(f"{W}eastAsia"), fonts.get(f"{W}ascii"), size.get(f"{W}val")


def test_docx_page_and_fonts() -> None:
    body, styles, _ = docx_xml(make_report(2024))
    pg = body.find(".//w:sectPr/w:pgSz", NS)
    mar = body.find(".//w:sectPr/w:pgMar", NS)
    assert (pg.get(f"{W}w"), pg.get(f"{W}h")) == ("11906", "16838")
    assert {k: mar.get(f"{W}{k}") for k in ("top", "bottom", "left", "right")} == {
        "top": "2098",
        "bottom": "1984",
        "left": "1587",
        "right": "1474",
    }
    assert fonts_and_size(style(styles, "Normal")) == ("仿宋_GB2312", "仿宋_GB2312", "32")
    assert fonts_and_size(style(styles, "Heading1")) == ("黑体", "黑体", "32")
    title = style(styles, "报告标题")
    assert fonts_and_size(title) == ("方正小标宋简体", "方正小标宋简体", "44")
    assert title.find("w:pPr/w:jc", NS).get(f"{W}val") == "center"
    cell = style(styles, "表格文字")
    assert fonts_and_size(cell) == ("仿宋_GB2312", "仿宋_GB2312", "21")
    assert cell.find("w:pPr/w:jc", NS).get(f"{W}val") == "center"
    # Theme fonts would override the named ones.
    for sid in ("Normal", "Heading1", "报告标题", "表格文字"):
        fonts = style(styles, sid).find("w:rPr/w:rFonts", NS)
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    first = body.find("w:body/w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "报告标题"
    assert "".join(first.itertext()) == "测试县人民政府2024年政府信息公开工作年度报告"


def test_docx_merged_cells_2021() -> None:
    body, _, _ = docx_xml(make_report(2024))
    t2, t3, t4 = body.findall(".//w:tbl", NS)
    # 表三: corner 3×3 (three rows with gridSpan 3), 申请人情况 7, 法人或其他组织 5,
    # 一、二、四、 span 3, （一）（二）（七） span 2.
    assert merge_counts(t3) == ({3: 6, 7: 1, 5: 1, 2: 3}, 3 + 2 + 2 + 22 + 8 + 3 + 5 + 3, 8)
    assert merge_counts(t2) == ({4: 4, 3: 7}, 0, 0)
    assert merge_counts(t4) == ({5: 3, 10: 1}, 10, 5)
    for tbl in (t2, t3, t4):
        edges = tbl.find("w:tblPr/w:tblBorders", NS)
        assert [e.tag[len(W) :] for e in edges] == [
            "top",
            "left",
            "bottom",
            "right",
            "insideH",
            "insideV",
        ]
        assert {e.get(f"{W}val") for e in edges} == {"single"}
    assert len(t3.findall("w:tr", NS)) == 28
    rows = t3.findall("w:tr", NS)
    first = rows[5].findall("w:tc", NS)[0]
    assert first.find("w:tcPr/w:vMerge", NS).get(f"{W}val") == "restart"
    assert "".join(first.itertext()) == "三、本年度办理结果"


def test_docx_cells_read_back() -> None:
    r = make_report(2024)
    r.cells["t3.results.total.total"] = None
    r.raw.append(RawCell(path="t4.litigation.after_review.total", text="无"))
    doc = Document(io.BytesIO(docx_xml(r)[2]))
    t2, t3, t4 = doc.tables
    assert t3.cell(0, 0).text == CORNER
    assert t3.cell(2, 2).text == CORNER  # merged: same cell
    assert t3.cell(5, 0).text == t3.cell(26, 0).text == "三、本年度办理结果"
    assert t3.cell(26, 1).text == t3.cell(26, 2).text == "（七）总计"
    assert t3.cell(26, 9).text == ""
    assert t3.cell(3, 3).text == str(r.cells["t3.new_received.natural_person"])
    assert [t4.cell(1, i).text for i in range(5)] == OUTCOMES
    assert t4.cell(2, 0).text == "结果维持"
    assert t4.cell(3, 14).text == "无"
    assert t2.cell(0, 3).text == "第二十条第（一）项"
    value = t3.cell(3, 3).paragraphs[0]
    assert value.style.name == "表格文字" and value.alignment is None  # centred by style
    label = t3.cell(3, 0).paragraphs[0]
    assert label.alignment is not None and label.alignment.name == "LEFT"


def test_docx_2019_edition() -> None:
    body, _, data = docx_xml(make_report(2019))
    _, t3, _ = body.findall(".//w:tbl", NS)
    assert merge_counts(t3)[0] == {3: 6, 7: 1, 5: 1, 2: 4}
    assert merge_counts(t3)[1] == 3 + 2 + 2 + 20 + 8 + 3 + 5
    doc = Document(io.BytesIO(data))
    texts = [c.text for c in doc.tables[0].columns[0].cells]
    assert "第二十条第（九）项" in texts and "其他对外管理服务事项" in texts


def test_docx_page_numbers_and_parts() -> None:
    data = docx_xml(make_report(2024))[2]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        footer = etree.fromstring(z.read("word/footer1.xml"))
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not [n for n in names if "thumbnail" in n]
    assert footer.find(".//w:fldSimple", NS).get(f"{W}instr") == "PAGE"
    assert "".join(footer.itertext()) == "— 1 —"
    assert {sz.get(f"{W}val") for sz in footer.iterfind(".//w:sz", NS)} == {"28"}


def test_docx_is_reproducible(tmp_path: Path) -> None:
    r = make_report(2024)
    render_docx(r, tmp_path / "a.docx")
    render_docx(r, str(tmp_path / "b.docx"))
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    core = build_docx(r).core_properties
    assert core.created is not None and core.created.year == 2025


# -- Markdown and text ---------------------------------------------------------------------
ODD = "A<B>C & D，<script>alert(1)</script> 和 &amp; 实体，a*b*c_d_ `code` [链接](http://x)"


def test_markdown_shows_the_text_as_written() -> None:
    from markdown_it import MarkdownIt

    from ogi.readers.markdown import read_markdown

    r = make_report(2024)
    r.sections[0].text = ODD + "\n1. 不是列表\n# 不是标题"
    md = render_markdown(r)
    html = MarkdownIt("commonmark").render(md)
    # a CommonMark reader shows the characters, makes no tag, emphasis, code or link
    assert (
        "<p>A&lt;B&gt;C &amp; D，&lt;script&gt;alert(1)&lt;/script&gt; 和 &amp;amp; 实体，"
        "a*b*c_d_ `code` [链接](http://x)</p>\n<p>1. 不是列表</p>\n<p># 不是标题</p>"
    ) in html
    for tag in ("<em>", "<code>", "<a ", "<script>", "<ol>", "<h1>不是"):
        assert tag not in html
    # and ogi reads back what was written
    texts = [b.text for b in read_markdown("r.md", md).blocks if b.kind == "paragraph"]
    assert texts[texts.index(ODD) : texts.index(ODD) + 3] == [ODD, "1. 不是列表", "# 不是标题"]


def test_markdown_tables() -> None:
    r = make_report(2024)
    md = render_markdown(r)
    lines = md.splitlines()
    assert lines[0] == "# 测试县人民政府2024年政府信息公开工作年度报告"
    assert "## 三、收到和处理政府信息公开申请情况" in lines
    start = lines.index(f"| {CORNER} |  |  | 申请人情况 |  |  |  |  |  |  |")
    assert lines[start + 1] == "|---|---|---|---|---|---|---|---|---|---|"
    assert lines[start + 2] == "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |"
    assert (
        lines[start + 3]
        == "|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |"
    )
    state_secret = [
        str(r.cells[f"t3.results.withheld.state_secret.{c.key}"])
        for c in edition("2021").t3_columns
    ]
    assert "|  |  | 2.其他法律行政法规禁止公开 |" in md
    assert "| （三）不予公开 | 1.属于国家秘密 | " + " | ".join(state_secret) + " |" in md
    assert "| 行政复议 |  |  |  |  | 行政诉讼 |" + "  |" * 9 in md
    table_lines = [ln for ln in lines if ln.startswith("|")]
    assert {ln.count(" | ") for ln in table_lines if not ln.startswith("|-")} == {3, 9, 14}


# -- plain text ----------------------------------------------------------------------------
def edge_report() -> Report:
    """A 2024 report with an empty cell, zeros, a big number and a fee with decimals."""
    r = make_report(2024)
    r.cells.update(
        {
            "t2.art20_1.rules.issued": 0,
            "t2.art20_1.rules.repealed": None,
            "t2.art20_1.rules.in_force": 12,
            "t2.art20_1.normative_documents.issued": 1,
            "t2.art20_1.normative_documents.repealed": 0,
            "t2.art20_1.normative_documents.in_force": 1234567,
            "t2.art20_5.licensing.decisions": 46,
            "t2.art20_6.penalty.decisions": 18,
            "t2.art20_6.coercion.decisions": 0,
            "t2.art20_8.admin_fees.fee_amount": 12.5,
        }
    )
    t4 = [None, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2]
    r.cells.update(zip(edition("2021").t4_cell_paths(), t4, strict=True))
    return r


def table_at(lines: list[str], first: str) -> list[str]:
    """The lines of the table whose first line is `first`, up to the blank line after it."""
    at = lines.index(first)
    return lines[at : lines.index("", at)]


def test_text_table_two_is_rows_of_aligned_cells() -> None:
    lines = render_text(edge_report()).splitlines()
    assert table_at(lines, "第二十条第（一）项") == [
        "第二十条第（一）项",
        "信息内容      \t本年制发件数\t本年废止件数\t现行有效件数",
        "规章          \t           0\t            \t          12",
        "行政规范性文件\t           1\t           0\t     1234567",
        "第二十条第（五）项",
        "信息内容      \t本年处理决定数量",
        "行政许可      \t              46",
        "第二十条第（六）项",
        "信息内容      \t本年处理决定数量",
        "行政处罚      \t              18",
        "行政强制      \t               0",
        "第二十条第（八）项",
        "信息内容      \t本年收费金额（单位：万元）",
        "行政事业性收费\t                      12.5",
    ]


def test_text_table_four_names_its_columns_once_then_its_row() -> None:
    lines = render_text(edge_report()).splitlines()
    e8, e4 = " " * 8, " " * 4  # the empty cells of an 8 and a 4 columns wide column
    assert table_at(lines, f"行政复议\t{e8}\t{e8}\t{e8}\t{e4}\t行政诉讼") == [
        f"行政复议\t{e8}\t{e8}\t{e8}\t{e4}\t行政诉讼",
        f"{e8}\t{e8}\t{e8}\t{e8}\t{e4}\t未经复议直接起诉\t{e8}\t{e8}\t{e8}\t{e4}\t复议后起诉",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持        \t结果纠正\t其他结果"
        "\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        f"{e8}\t       0\t       0\t       0\t   1\t               0\t       0\t       0"
        "\t       0\t   0\t       2\t       0\t       0\t       0\t   2",
    ]


def expand(line: str, tab: int) -> list[int]:
    """Where each cell of `line` starts on a CJK monospace display with tab stops every
    `tab` columns."""
    starts, col = [0], 0
    for ch in line:
        if ch == "\t":
            col += tab - col % tab
            starts.append(col)
        else:
            col += 2 if unicodedata.east_asian_width(ch) in "WFA" else 1
    return starts


@pytest.mark.parametrize("tab", [4, 8])
def test_text_columns_line_up_at_any_tab_width(tab: int) -> None:
    lines = render_text(make_report(2024)).splitlines()
    t3 = table_at(lines, next(ln for ln in lines if ln.startswith(CORNER)))
    rows = [expand(ln, tab) for ln in t3 if "\t" in ln]
    assert len(rows) == 3 + 25 and all(len(r) == 8 for r in rows[2:])
    assert {tuple(r) for r in rows[2:]} == {tuple(rows[2])}
    # each column's name and each group's name start where the column does
    assert rows[0] == [0, rows[2][1]] and rows[1] == rows[2][:3]


def test_text_table_three_header_and_indented_groups() -> None:
    r = make_report(2024)
    r.cells["t3.results.granted.total"] = None
    lines = render_text(r).splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith(CORNER))
    cells = [[c.strip() for c in ln.split("\t")] for ln in lines[at : at + 10]]
    assert cells[:3] == [
        [CORNER, "申请人情况"],
        ["", "", "法人或其他组织"],
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    values = [str(r.cells[f"t3.new_received.{c.key}"]) for c in edition("2021").t3_columns]
    assert cells[3] == ["一、本年新收政府信息公开申请数量", *values]
    assert lines[at + 5] == "三、本年度办理结果"
    assert lines[at + 6].startswith("  （一）予以公开 ")
    assert lines[at + 6].endswith("\t")  # its empty 总计 is still a cell
    assert lines[at + 8] == "  （三）不予公开"
    assert lines[at + 9].startswith("    1.属于国家秘密 ")


def test_text_metadata_and_2019_blocks() -> None:
    r = make_report(2020, metadata={"written": "2021-01-10", "validity": "有效"})
    lines = render_text(r).splitlines()
    assert lines[:5] == [
        "测试县人民政府2020年政府信息公开工作年度报告",
        "",
        "成文日期：2021-01-10",
        "有效性：有效",
        "",
    ]
    i = lines.index("第二十条第（九）项")
    items = r.cells["t2.art20_9.central_procurement.procurement_items"]
    amount = r.cells["t2.art20_9.central_procurement.procurement_amount"]
    assert [[c.strip() for c in ln.split("\t")] for ln in lines[i + 1 : i + 3]] == [
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", str(items), str(amount)],
    ]


# -- bundled samples -----------------------------------------------------------------------
def test_samples_rebuild_byte_for_byte(tmp_path: Path) -> None:
    written = sample_builder().main(tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "示例镇-2024.html",
            "示例镇-2024.docx",
            "示例镇-2024.md",
            "示例镇-2024.txt",
            "示例镇-2023.txt",
            "truth.jsonl",
        ]
    )
    for name in names:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_samples_truth_and_mistakes() -> None:
    lines = [json.loads(ln) for ln in (SAMPLES / "truth.jsonl").read_text("utf-8").splitlines()]
    ed = edition("2021")
    assert [t["file"] for t in lines] == [
        "示例镇-2024.html",
        "示例镇-2024.docx",
        "示例镇-2024.md",
        "示例镇-2024.txt",
        "示例镇-2023.txt",
    ]
    assert [t["form"] for t in lines] == ["html", "docx", "markdown", "text", "text"]
    for t in lines:
        assert list(t["cells"]) == ed.cell_paths() and len(t["cells"]) == 200
        assert t["agency"] == "示例镇人民政府" and t["edition"] == "2021"
    html, _, md, txt, txt23 = lines
    cells = html["cells"]
    assert cells["t3.new_received.total"] == 12 and cells["t3.carried_over.total"] == 2
    assert cells["t4.review.total"] == 1
    for col in ed.t3_columns:  # the correct report adds up in every column
        outcomes = sum(cells[f"t3.{leaf}.{col.key}"] for leaf in ed.t3_outcome_leaves)
        assert outcomes == cells[f"t3.results.total.{col.key}"]
        assert (
            cells[f"t3.new_received.{col.key}"] + cells[f"t3.carried_over.{col.key}"]
            == outcomes + cells[f"t3.carried_forward.{col.key}"]
        )
    assert html["mistakes"] == []
    wrong = {p: txt["cells"][p] - cells[p] for p in cells if txt["cells"][p] != cells[p]}
    assert wrong == {"t3.results.total.natural_person": -1, "t3.results.total.total": -1}
    assert txt["mistakes"][0]["kind"] == "sum_mismatch"
    text24 = (SAMPLES / "示例镇-2024.txt").read_text("utf-8").splitlines()
    i = text24.index("（七）总计")
    assert text24[i + 1] == "10" and text24[i + 7] == "12"
    assert md["mistakes"][0]["printed"] == "3.危机“三安全一稳定”"
    md_text = (SAMPLES / "示例镇-2024.md").read_text("utf-8")
    assert "危机“三安全一稳定”" in md_text and "危及“三安全一稳定”" not in md_text
    text23 = (SAMPLES / "示例镇-2023.txt").read_text("utf-8")
    assert "(一)予以公开" in text23 and "（一）予以公开" not in text23
    assert "第二十条第(八)项" in text23
    assert "（一）主动公开。" in text23  # section text keeps its full-width brackets
    assert txt23["mistakes"][0]["kind"] == "half_width_brackets"
    assert txt23["report_year"] == 2023
    assert "示例镇人民政府2024年政府信息公开工作年度报告" in (
        SAMPLES / "示例镇-2024.html"
    ).read_text("utf-8")
