"""A report as a DOCX laid out after GB/T 9704 (党政机关公文格式).

A4 paper, margins 37/35/28/26 mm, body 仿宋_GB2312 三号, title 方正小标宋简体 二号,
headings 黑体 三号; the statutory tables with real merged cells, as in `tables.py`.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path
from typing import IO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ogi.model import Report
from ogi.render.fonts import OFFICIAL, FontPlan
from ogi.render.tables import Grid, GridCell, outline, report_title

BODY_FONT = OFFICIAL.body
TITLE_FONT = OFFICIAL.title
HEADING_FONT = OFFICIAL.heading
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号
LINE = Pt(28)  # fixed line pitch: 22 lines on the GB/T 9704 type area
INDENT = Pt(32)  # two characters of 三号
CELL_MARGIN = 57  # twips, 0.1 cm

PAGE_NUMBER_FONT = OFFICIAL.page_number
SIGN_INDENT = Pt(64)  # GB/T 9704: the date written ends four characters from the right
PAGE_NUMBER_SIZE = Pt(14)  # 四号
TITLE_STYLE = "报告标题"
TABLE_STYLE = "表格文字"


def _mm(mm: float) -> Twips:
    # Word stores page geometry in twips; round once so the XML holds whole twips.
    return Twips(round(mm * 1440 / 25.4))


PAGE_WIDTH, PAGE_HEIGHT = _mm(210), _mm(297)  # 11906 × 16838 twips
MARGINS = {"top": _mm(37), "bottom": _mm(35), "left": _mm(28), "right": _mm(26)}

# Share of the text width taken by the label columns, by how many there are.
_LABEL_SHARE = {0: (), 1: (0.36,), 3: (0.08, 0.11, 0.33)}


def _set_font(rpr_owner: object, name: str) -> None:
    """Name the font for every script. Theme attributes would override explicit names,
    so they go; `w:eastAsia` is what Word uses for Chinese characters."""
    rpr = rpr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)


def _style_font(style: ParagraphStyle, name: str, size: Pt, bold: bool = False) -> None:
    _set_font(style.element, name)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)


def _setup(doc: DocxDocument, fonts: FontPlan) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]

    normal = doc.styles["Normal"]
    _style_font(normal, fonts.body, BODY_SIZE)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)

    title = doc.styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    # 小标宋 is a heavy face already; bolding it again would smear the strokes.
    _style_font(title, fonts.title, TITLE_SIZE, fonts.title_bold)
    tf = title.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tf.space_after = LINE

    heading = doc.styles["Heading 1"]
    _style_font(heading, fonts.heading, BODY_SIZE, fonts.heading_bold)
    hf = heading.paragraph_format
    hf.space_before = hf.space_after = Pt(0)
    hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    hf.line_spacing = LINE
    hf.first_line_indent = INDENT
    hf.keep_with_next = True

    cell = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    _style_font(cell, fonts.body, TABLE_SIZE)
    cf = cell.paragraph_format
    cf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cf.first_line_indent = Pt(0)


def _borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{attr}"), value)
        borders.append(el)
    # Narrow cell margins: 表四 has fifteen value columns, and with Word's default
    # margins a label such as 结果维持 would print one character per line.
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(CELL_MARGIN))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    # The schema fixes the order of tblPr children: borders, shd, layout, margins, look.
    tbl_pr.remove_all("w:tblBorders", "w:tblCellMar")
    look = tbl_pr.find(qn("w:tblLook"))
    layout = tbl_pr.find(qn("w:tblLayout"))
    shd = tbl_pr.find(qn("w:shd"))
    first_after = next((el for el in (shd, layout, look) if el is not None), None)
    if first_after is not None:
        first_after.addprevious(borders)
    else:
        tbl_pr.append(borders)
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _widths(grid: Grid, total: int) -> list[int]:
    starts = [c for _, c, cell in grid.placed() if cell.role == "value"]
    labels = min(starts) if starts else 0
    shares = list(_LABEL_SHARE.get(labels, (0.4 / labels,) * labels if labels else ()))
    rest = (1 - sum(shares)) / (grid.ncols - labels)
    return [round(total * s) for s in shares + [rest] * (grid.ncols - labels)]


def _fill(cell: _Cell, g: GridCell) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p = paragraphs[0]
    p.style = TABLE_STYLE
    if g.role == "label":
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if g.text:
        p.add_run(g.text)


def _keep_together(table: Table, grid: Grid) -> None:
    """No row breaks across a page, and every row but the last keeps with the next, so a
    table that fits on a page never leaves its header alone at the foot of one; the
    header rows repeat when a long table does run over."""
    heads = 0
    for row in grid.rows:
        if row and all(c.role in ("head", "block") for c in row):
            heads += 1
        else:
            break
    last = len(table.rows) - 1
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < heads:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if i < last:
            # Every paragraph of the row's XML: `row.cells` skips the covered parts of
            # vertically merged cells.
            for p in row._tr.iter(qn("w:p")):
                Paragraph(p, None).paragraph_format.keep_with_next = True  # type: ignore[arg-type]


def _add_table(doc: DocxDocument, grid: Grid, total: int) -> Table:
    table = doc.add_table(rows=len(grid.rows), cols=grid.ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    widths = _widths(grid, total)
    for i, column in enumerate(table.columns):
        column.width = Twips(widths[i])
    for row in table.rows:
        for i, c in enumerate(row.cells):
            c.width = Twips(widths[i])
    for r, c, g in grid.placed():
        target = table.cell(r, c)
        if g.rowspan > 1 or g.colspan > 1:
            target = target.merge(table.cell(r + g.rowspan - 1, c + g.colspan - 1))
        _fill(target, g)
    _keep_together(table, grid)
    return table


def _page_numbers(doc: DocxDocument, font: str) -> None:
    """GB/T 9704 page numbers: 四号 宋体 with a dash on either side, “— 1 —”."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    placeholder = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    placeholder.append(text)
    field.append(placeholder)
    p.add_run("— ")
    p._p.append(field)
    p.add_run(" —")
    for r in p._p.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        _set_font(r, font)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(int(PAGE_NUMBER_SIZE.pt * 2)))
        rpr.append(size)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with a fixed timestamp on every member, so the same report
    always gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _width(text: str) -> float:
    """Printed width in ems: CJK characters one, Latin letters and digits half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def title_lines(title: str, agency: str | None, per_line: int) -> list[str]:
    """The title in lines that break between words: one line when it fits, else the
    agency on the first line and the rest (…年政府信息公开工作年度报告) on the second,
    never "…工作年 / 度报告"."""
    if _width(title) <= per_line or not agency or not title.startswith(agency):
        return [title]
    rest = title[len(agency) :]
    return [agency, rest] if rest else [title]


def build_docx(report: Report, fonts: FontPlan = OFFICIAL) -> DocxDocument:
    """The python-docx document, for callers that want to add to it. `fonts` names the
    faces (the official ones by default; the PDF printer passes installed substitutes)."""
    doc = Document()
    # The stock template carries a preview image of some other document; drop it.
    rels = doc.part.package.rels
    for r_id in [k for k, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        rels.pop(r_id)
    _setup(doc, fonts)
    _page_numbers(doc, fonts.page_number)
    section = doc.sections[0]
    total = int(section.page_width - section.left_margin - section.right_margin) // 635
    title = report_title(report)
    heading = doc.add_paragraph(style=TITLE_STYLE)
    per_line = total // int(TITLE_SIZE.pt * 20)  # a CJK character is one em wide
    for i, line in enumerate(title_lines(title, report.agency, per_line)):
        if i:
            heading.add_run().add_break()
        heading.add_run(line)
    for part in outline(report):
        if part.kind == "heading":
            doc.add_paragraph(part.text, style="Heading 1")
        elif part.kind == "paragraph":
            p = doc.add_paragraph(part.text, style="Normal")
            p.paragraph_format.first_line_indent = INDENT
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif part.kind == "signature":
            p = doc.add_paragraph(part.text, style="Normal")
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = SIGN_INDENT
            if report.signature is not None and part.text == report.signature.name:
                # Two blank lines above the signature, which keeps with its date.
                p.paragraph_format.space_before = LINE * 2
                p.paragraph_format.keep_with_next = True
        elif part.grid is not None:
            if doc.paragraphs:
                # The text introducing a table stays on the table's page.
                doc.paragraphs[-1].paragraph_format.keep_with_next = True
            _add_table(doc, part.grid, total)
    # Fixed core properties: the file must not depend on when or where it was made.
    core = doc.core_properties
    when = datetime((report.report_year or 1999) + 1, 1, 1)
    core.title = title
    core.author = report.agency or ""
    core.last_modified_by = report.agency or ""
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.category = ""
    core.revision = 1
    core.created = core.modified = core.last_printed = when
    return doc


def render_docx(
    report: Report, path_or_stream: str | Path | IO[bytes], fonts: FontPlan = OFFICIAL
) -> None:
    buf = io.BytesIO()
    build_docx(report, fonts).save(buf)
    data = _fixed_zip(buf.getvalue())
    if isinstance(path_or_stream, str | Path):
        Path(path_or_stream).write_bytes(data)
    else:
        path_or_stream.write(data)
