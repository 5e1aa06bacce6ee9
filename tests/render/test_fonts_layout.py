"""Fonts (official in the DOCX, the closest installed ones in the PDF), the title broken
between words, tables that keep together, and the closing signature."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ogi.extract import extract
from ogi.model import Signature
from ogi.render import build_docx, render_docx
from ogi.render.docx import title_lines
from ogi.render.fonts import OFFICIAL, FontPlan, pdf_plan
from tests.render.test_render import make_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def _parts(report, fonts: FontPlan = OFFICIAL) -> tuple[etree._Element, etree._Element]:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    render_docx(report, buf, fonts)
    with zipfile.ZipFile(buf) as z:
        return etree.fromstring(z.read("word/document.xml")), etree.fromstring(
            z.read("word/styles.xml")
        )


def _style_font(styles: etree._Element, style_id: str) -> tuple[str | None, bool]:
    st = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert st is not None
    fonts = st.find("w:rPr/w:rFonts", NS)
    bold = st.find("w:rPr/w:b", NS)
    on = bold is not None and bold.get(f"{W}val") not in ("0", "false")
    return fonts.get(f"{W}eastAsia"), on  # type: ignore[union-attr]


def test_pdf_plan_without_official_fonts() -> None:
    plan = pdf_plan({"Noto Sans CJK SC", "Noto Serif CJK SC", "DejaVu Sans"})
    assert (plan.body, plan.title, plan.heading, plan.page_number) == (
        "Noto Serif CJK SC",
        "Noto Sans CJK SC",
        "Noto Sans CJK SC",
        "Noto Serif CJK SC",
    )
    assert plan.title_bold and plan.heading_bold
    assert plan.notes == (
        "正文字体 仿宋_GB2312 未安装，改用 Noto Serif CJK SC",
        "标题字体 方正小标宋简体 未安装，改用 Noto Sans CJK SC",
        "一级标题字体 黑体 未安装，改用 Noto Sans CJK SC",
        "页码字体 宋体 未安装，改用 Noto Serif CJK SC",
    )


def test_pdf_plan_prefers_fangsong_and_official_faces() -> None:
    # The families passed are those fontconfig lists for zh-cn: a 仿宋 face among them
    # covers simplified characters.
    plan = pdf_plan({"FangSong", "Noto Serif CJK SC", "SimHei"})
    assert plan.body == "FangSong" and plan.heading == "SimHei" and not plan.heading_bold
    assert plan.notes[0] == "正文字体 仿宋_GB2312 未安装，改用 FangSong"
    official = pdf_plan({"仿宋_GB2312", "方正小标宋简体", "黑体", "宋体"})
    assert official == OFFICIAL


def test_docx_names_official_fonts_and_pdf_docx_the_substitutes() -> None:
    report = make_report(2024)
    _, styles = _parts(report)
    assert _style_font(styles, "Normal") == ("仿宋_GB2312", False)
    assert _style_font(styles, "报告标题") == ("方正小标宋简体", False)
    assert _style_font(styles, "Heading1") == ("黑体", False)
    _, styles = _parts(report, pdf_plan(set()))
    assert _style_font(styles, "Normal") == ("Noto Serif CJK SC", False)
    assert _style_font(styles, "报告标题") == ("Noto Sans CJK SC", True)
    assert _style_font(styles, "Heading1") == ("Noto Sans CJK SC", True)
    assert _style_font(styles, "表格文字") == ("Noto Serif CJK SC", False)


def test_title_breaks_between_agency_and_year() -> None:
    assert title_lines("示例镇人民政府2024年政府信息公开工作年度报告", "示例镇人民政府", 18) == [
        "示例镇人民政府",
        "2024年政府信息公开工作年度报告",
    ]
    assert title_lines("某局2024年政府信息公开工作年度报告", "某局", 18) == [
        "某局2024年政府信息公开工作年度报告"
    ]
    body, _ = _parts(make_report(2024, agency="示例镇人民政府"))
    title = body.find("w:body/w:p", NS)
    runs = [("br" if r.find("w:br", NS) is not None else "".join(r.itertext())) for r in title]
    assert [r for r in runs if r] == ["示例镇人民政府", "br", "2024年政府信息公开工作年度报告"]


def test_tables_keep_together_and_repeat_headers() -> None:
    body, _ = _parts(make_report(2024))
    t2, t3, t4 = body.findall(".//w:tbl", NS)
    for tbl, heads in ((t2, 2), (t3, 3), (t4, 3)):
        rows = tbl.findall("w:tr", NS)
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
        repeated = [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows]
        assert repeated == [True] * heads + [False] * (len(rows) - heads)
        for i, r in enumerate(rows):
            keeps = {p.find("w:pPr/w:keepNext", NS) is not None for p in r.iterfind(".//w:p", NS)}
            assert keeps == ({False} if i == len(rows) - 1 else {True})
    # The heading above table 四, and the text under it, keep with the table.
    heading = next(
        p
        for p in body.iterfind(".//w:p", NS)
        if "".join(p.itertext()) == "四、政府信息公开行政复议、行政诉讼情况"
    )
    intro = heading.getnext()
    assert "".join(intro.itertext()) == "政府信息公开行政复议、行政诉讼情况的说明。"
    assert intro.find("w:pPr/w:keepNext", NS) is not None
    assert intro.getnext() is t4


def test_signature_closes_the_report() -> None:
    report = make_report(
        2024,
        preamble="本报告根据《条例》编制。",
        signature=Signature(name="测试县人民政府", date="2025-01-20"),
    )
    doc = build_docx(report)
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert paragraphs[1].text == "本报告根据《条例》编制。"
    assert [p.text for p in paragraphs[-2:]] == ["测试县人民政府", "2025年1月20日"]
    assert {p.alignment.name for p in paragraphs[-2:]} == {"RIGHT"}  # type: ignore[union-attr]


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed here",
)
def test_pdf_uses_the_planned_fonts_and_reads_back(tmp_path: Path) -> None:
    from ogi.render.pdf import render_pdf

    report = make_report(
        2024,
        agency="示例镇人民政府",
        preamble="本报告根据《条例》编制。",
        signature=Signature(name="示例镇人民政府", date="2025-01-20"),
    )
    out = tmp_path / "r.pdf"
    plan = render_pdf(report, out, pdf_plan(set()))
    data = out.read_bytes()
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z-]+)", data))
    assert any(f.startswith(b"NotoSerifCJK") for f in fonts), fonts
    assert any(f.startswith(b"NotoSansCJK") and b"Bold" in f for f in fonts), fonts
    assert plan.notes[0] == "正文字体 仿宋_GB2312 未安装，改用 Noto Serif CJK SC"
    back = extract(out)
    assert back.cells == report.cells
    assert back.agency == "示例镇人民政府" and back.report_year == 2024


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed here",
)
def test_table_four_stays_with_its_heading(tmp_path: Path) -> None:
    """Fourteen lines under 三 put 四's heading at the foot of page 2 when nothing keeps
    it with its table (measured with the Noto CJK fonts the setup installs); the heading,
    the header rows and the data row of table 四 must share one page."""
    import pypdfium2 as pdfium

    from ogi.render.pdf import render_pdf

    report = make_report(2024)
    for s in report.sections:
        if s.key == "applications":
            s.text = "\n".join(["申请办理情况的说明文字，用来把后面的表格推到页面底部。"] * 14)
    for i, path in enumerate(p for p in report.cells if p.startswith("t4.")):
        report.cells[path] = 9901 + i
    out = tmp_path / "r.pdf"
    render_pdf(report, out, pdf_plan(set()))
    pdf = pdfium.PdfDocument(str(out))
    texts = [
        pdf[i].get_textpage().get_text_range().replace("\r", "").replace("\n", "")
        for i in range(len(pdf))
    ]

    def page(needle: str) -> int:
        return next(i for i, t in enumerate(texts) if needle in t)

    assert page("四、政府信息公开行政复议") == page("结果维持结果纠正") == page("9915")
