"""Documents laid out the way agencies publish them, one per layout phenomenon, built
here with python-docx, LibreOffice and headless Chromium, never with ogi's renderer.

Every document is a report of a fictional body. Its tables are typed below as an agency
would print them (labels included), and the cells a reader must return are typed as
literal numbers beside them, so a reader and a renderer cannot be wrong together.
`build(name, directory)` writes one document and returns its path and expected result.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = os.environ.get("OGI_TEST_CHROMIUM") or shutil.which("chromium")

# ---------------------------------------------------------------------------------------
# Values, typed as printed
# ---------------------------------------------------------------------------------------
T3_COLUMNS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]
T4_KEYS = [
    f"{group}.{outcome}"
    for group in ("review", "litigation.direct", "litigation.after_review")
    for outcome in ("upheld", "corrected", "other", "pending", "total")
]

# (row key, printed label cells left to right with their spans, values)
# A label cell is (text, rowspan, colspan).
T3_ROWS: list[tuple[str, list[tuple[str, int, int]], list[int]]] = [
    ("new_received", [("一、本年新收政府信息公开申请数量", 1, 3)], [16, 3, 0, 1, 0, 1, 21]),
    ("carried_over", [("二、上年结转政府信息公开申请数量", 1, 3)], [2, 0, 0, 0, 0, 0, 2]),
    (
        "results.granted",
        [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)],
        [7, 1, 0, 0, 0, 0, 8],
    ),
    (
        "results.partially_granted",
        [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)],
        [2, 1, 0, 0, 0, 0, 3],
    ),
    (
        "results.withheld.state_secret",
        [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)],
        [0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "results.withheld.prohibited_by_law",
        [("2.其他法律行政法规禁止公开", 1, 1)],
        [1, 0, 0, 0, 0, 0, 1],
    ),
    (
        "results.withheld.security_stability",
        [("3.危及“三安全一稳定”", 1, 1)],
        [0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "results.withheld.third_party_rights",
        [("4.保护第三方合法权益", 1, 1)],
        [1, 0, 0, 0, 0, 0, 1],
    ),
    (
        "results.withheld.internal_affairs",
        [("5.属于三类内部事务信息", 1, 1)],
        [0, 0, 0, 0, 0, 0, 0],
    ),
    ("results.withheld.process_info", [("6.属于四类过程性信息", 1, 1)], [1, 0, 0, 0, 0, 0, 1]),
    ("results.withheld.enforcement_files", [("7.属于行政执法案卷", 1, 1)], [0, 0, 0, 0, 0, 0, 0]),
    ("results.withheld.admin_inquiry", [("8.属于行政查询事项", 1, 1)], [0, 0, 0, 0, 0, 0, 0]),
    (
        "results.unable.not_held",
        [("（四）无法提供", 3, 1), ("1.本机关不掌握相关政府信息", 1, 1)],
        [3, 0, 0, 1, 0, 0, 4],
    ),
    (
        "results.unable.needs_creation",
        [("2.没有现成信息需要另行制作", 1, 1)],
        [1, 0, 0, 0, 0, 0, 1],
    ),
    ("results.unable.still_unclear", [("3.补正后申请内容仍不明确", 1, 1)], [0, 0, 0, 0, 0, 0, 0]),
    (
        "results.not_processed.petition_complaint",
        [("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1)],
        [1, 0, 0, 0, 0, 0, 1],
    ),
    ("results.not_processed.duplicate", [("2.重复申请", 1, 1)], [0, 1, 0, 0, 0, 0, 1]),
    ("results.not_processed.publications", [("3.要求提供公开出版物", 1, 1)], [0, 0, 0, 0, 0, 0, 0]),
    (
        "results.not_processed.excessive",
        [("4.无正当理由大量反复申请", 1, 1)],
        [0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "results.not_processed.confirm_or_reissue",
        [("5.要求行政机关确认或重新出具已获取信息", 1, 1)],
        [0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "results.other.no_correction",
        [
            ("（六）其他处理", 3, 1),
            ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 1),
        ],
        [0, 0, 0, 0, 0, 1, 1],
    ),
    (
        "results.other.fee_unpaid",
        [("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1, 1)],
        [0, 0, 0, 0, 0, 0, 0],
    ),
    ("results.other.other", [("3.其他", 1, 1)], [0, 0, 0, 0, 0, 0, 0]),
    ("results.total", [("（七）总计", 1, 2)], [17, 3, 0, 1, 0, 1, 22]),
    ("carried_forward", [("四、结转下年度继续办理", 1, 3)], [1, 0, 0, 0, 0, 0, 1]),
]

T2_VALUES: dict[str, int | float] = {
    "t2.art20_1.rules.issued": 0,
    "t2.art20_1.rules.repealed": 0,
    "t2.art20_1.rules.in_force": 2,
    "t2.art20_1.normative_documents.issued": 5,
    "t2.art20_1.normative_documents.repealed": 1,
    "t2.art20_1.normative_documents.in_force": 38,
    "t2.art20_5.licensing.decisions": 126,
    "t2.art20_6.penalty.decisions": 57,
    "t2.art20_6.coercion.decisions": 4,
    "t2.art20_8.admin_fees.fee_amount": 12.5,
}
T4_VALUES = [2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1]

Values = dict[str, int | float | None]
# a cell the reading tests print in odd ways, where `base_values` prints 57
PENALTY = "t2.art20_6.penalty.decisions"
PENALTY_WHERE = "表二 行政处罚 本年处理决定数量"


def base_values() -> Values:
    out: Values = dict(T2_VALUES)
    for key, _labels, values in T3_ROWS:
        for col, v in zip(T3_COLUMNS, values, strict=True):
            out[f"t3.{key}.{col}"] = v
    for key, v in zip(T4_KEYS, T4_VALUES, strict=True):
        out[f"t4.{key}"] = v
    return out


def _show(v: int | float | None, raw: dict[str, str], path: str) -> str:
    if path in raw:
        return raw[path]
    if v is None:
        return ""
    return str(v)


# ---------------------------------------------------------------------------------------
# Tables as printed: rows of cells with their spans, value cells with their path
# ---------------------------------------------------------------------------------------
class C(NamedTuple):
    text: str
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None


GridRows = list[list[C]]


def t2_grid(values: Values, raw: dict[str, str]) -> GridRows:
    def v(path: str, span: int = 1) -> C:
        return C(_show(values[path], raw, path), 1, span, path)

    a = "t2.art20_1"
    head = C("信息内容")
    return [
        [C("第二十条第（一）项", 1, 4)],
        [head, C("本年制发件数"), C("本年废止件数"), C("现行有效件数")],
        [C("规章"), v(f"{a}.rules.issued"), v(f"{a}.rules.repealed"), v(f"{a}.rules.in_force")],
        [
            C("行政规范性文件"),
            v(f"{a}.normative_documents.issued"),
            v(f"{a}.normative_documents.repealed"),
            v(f"{a}.normative_documents.in_force"),
        ],
        [C("第二十条第（五）项", 1, 4)],
        [head, C("本年处理决定数量", 1, 3)],
        [C("行政许可"), v("t2.art20_5.licensing.decisions", 3)],
        [C("第二十条第（六）项", 1, 4)],
        [head, C("本年处理决定数量", 1, 3)],
        [C("行政处罚"), v("t2.art20_6.penalty.decisions", 3)],
        [C("行政强制"), v("t2.art20_6.coercion.decisions", 3)],
        [C("第二十条第（八）项", 1, 4)],
        [head, C("本年收费金额（单位：万元）", 1, 3)],
        [C("行政事业性收费"), v("t2.art20_8.admin_fees.fee_amount", 3)],
    ]


T3_HEADER: GridRows = [
    [
        C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        C("申请人情况", 1, 7),
    ],
    [C("自然人", 2, 1), C("法人或其他组织", 1, 5), C("总计", 2, 1)],
    [C("商业企业"), C("科研机构"), C("社会公益组织"), C("法律服务机构"), C("其他")],
]


def t3_grid(values: Values, raw: dict[str, str]) -> GridRows:
    rows = [list(r) for r in T3_HEADER]
    for key, labels, _ in T3_ROWS:
        paths = [f"t3.{key}.{c}" for c in T3_COLUMNS]
        rows.append(
            [C(*lab) for lab in labels] + [C(_show(values[p], raw, p), 1, 1, p) for p in paths]
        )
    return rows


def t4_grid(values: Values, raw: dict[str, str]) -> GridRows:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [C("行政复议", 1, 5), C("行政诉讼", 1, 10)],
        [C(o, 2, 1) for o in outcomes] + [C("未经复议直接起诉", 1, 5), C("复议后起诉", 1, 5)],
        [C(o) for o in outcomes * 2],
        [C(_show(values[f"t4.{k}"], raw, f"t4.{k}"), 1, 1, f"t4.{k}") for k in T4_KEYS],
    ]


def placed(rows: GridRows) -> list[tuple[int, int, C]]:
    """(row, col, cell) with columns counted past merged cells."""
    covered: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            out.append((r, c, cell))
            covered |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    return out


# ---------------------------------------------------------------------------------------
# A report as a list of parts
# ---------------------------------------------------------------------------------------
@dataclass
class Table:
    key: str  # t2 / t3 / t4
    rows: GridRows
    widths: list[float]  # cm per grid column
    header_rows: int = 0  # rows marked to repeat on every page
    can_split: bool = True
    value_align: str | None = None  # vertical alignment of value cells: top/center/bottom
    value_space_before: float = 0.0  # pt of paragraph spacing above a value
    # text direction of the tall merged label cells (Word's btLr, tbRl): printed turned
    tall_labels: str | None = None


@dataclass
class Doc:
    """What one phenomenon document holds and what reading it must give."""

    # ("title"|"heading"|"para"|"small", text), or ("picture", path of a PNG)
    parts: list[tuple[str, str] | Table]
    cells: Values
    raw: dict[str, str] = field(default_factory=dict)  # cell path → printed text
    report_year: int | None = 2024
    agency: str | None = "示例镇人民政府"
    published: str | None = None
    options: dict[str, object] = field(default_factory=dict)  # how the writer lays it out


T2_WIDTHS = [4.5, 3.6, 3.6, 3.6]
T3_WIDTHS = [1.2, 1.6, 4.2] + [1.25] * 7
T4_WIDTHS = [1.05] * 15

OVERVIEW = (
    "示例镇人民政府坚持以公开为常态、不公开为例外，围绕全镇中心工作，"
    "扎实推进政府信息公开工作，进一步提升政务公开的质量和实效。"
)


def report_parts(
    values: Values,
    raw: dict[str, str] | None = None,
    *,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
    overview: list[str] | None = None,
    t3: Callable[[GridRows], Table] | None = None,
    t2_widths: list[float] | None = None,
    title: str | None = "示例镇人民政府2024年政府信息公开工作年度报告",
    signature: list[str] | None = None,
) -> list[tuple[str, str] | Table]:
    raw = raw or {}
    before = before or {}
    after = after or {}
    parts: list[tuple[str, str] | Table] = []
    if title:
        parts.append(("title", title))
    parts.append(("heading", "一、总体情况"))
    parts += [("para", p) for p in (overview or [OVERVIEW])]
    grids = {"t2": t2_grid(values, raw), "t3": t3_grid(values, raw), "t4": t4_grid(values, raw)}
    tables = {
        "t2": Table("t2", grids["t2"], t2_widths or T2_WIDTHS),
        "t3": t3(grids["t3"]) if t3 else Table("t3", grids["t3"], T3_WIDTHS),
        "t4": Table("t4", grids["t4"], T4_WIDTHS),
    }
    for key, heading in (
        ("t2", "二、主动公开政府信息情况"),
        ("t3", "三、收到和处理政府信息公开申请情况"),
        ("t4", "四、政府信息公开行政复议、行政诉讼情况"),
    ):
        parts.append(("heading", heading))
        if key in before:
            parts.append(("para", before[key]))
        parts.append(tables[key])
        if key in after:
            parts.append(("para", after[key]))
    parts += [
        ("heading", "五、存在的主要问题及改进情况"),
        ("para", "一是公开内容还不够丰富；二是工作人员业务能力有待提升。下一步将加强培训。"),
        ("heading", "六、其他需要报告的事项"),
        ("para", "本机关2024年未收取信息处理费。"),
    ]
    parts += [("small", s) for s in (signature or [])]
    return parts


# ---------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------
def write_docx(
    parts: list[tuple[str, str] | Table],
    path: Path,
    font_pt: float = 10.5,
    widow_control: bool = True,
    bottom_margin_cm: float = 2.2,
    borders: str = "single",
    sheets: bool = False,
) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(font_pt)
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    style.paragraph_format.widow_control = widow_control
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = Cm(2.2)
    section.bottom_margin = Cm(bottom_margin_cm)
    for part in parts:
        if isinstance(part, Table) and sheets:
            _docx_sheet(doc, part)
            continue
        if isinstance(part, Table):
            _docx_table(doc, part, Cm, Pt, OxmlElement, qn, borders)
            continue
        kind, text = part
        if kind == "picture":
            _docx_picture(doc, Path(text), Cm)
            continue
        p = doc.add_paragraph(text)
        if kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.runs[0].font.size = Pt(16)
            p.runs[0].bold = True
        elif kind == "heading":
            p.runs[0].bold = True
        elif kind == "small":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            p.paragraph_format.first_line_indent = Pt(font_pt * 2)
    doc.save(str(path))
    return path


def _docx_sheet(doc, t: Table) -> None:  # type: ignore[no-untyped-def]
    """The table as an Excel worksheet embedded as an object, as Word stores one pasted
    from Excel or inserted (插入 → 对象)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, c, cell in placed(t.rows):
        text = cell.text
        value: object = text or None
        if re.fullmatch(r"\d+", text):
            value = int(text)
        elif re.fullmatch(r"\d+\.\d+", text):
            value = float(text)
        ws.cell(r + 1, c + 1, value)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=r + 1,
                start_column=c + 1,
                end_row=r + cell.rowspan,
                end_column=c + cell.colspan,
            )
    book = io.BytesIO()
    wb.save(book)
    embed_object(doc, book.getvalue())


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def embed_object(  # type: ignore[no-untyped-def]
    doc,
    data: bytes,
    progid: str = "Excel.Sheet.12",
    content_type: str = XLSX,
    suffix: str = ".xlsx",
    shown: bytes | None = None,
) -> None:
    """An embedded object in a paragraph of its own: `data` in word/embeddings, and the
    picture Word shows of it (`shown`, PNG bytes; by default a blank one: Word's own is
    an EMF drawing)."""
    import io

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from PIL import Image

    if shown is None:
        blank = io.BytesIO()
        Image.new("RGB", (600, 300), "white").save(blank, "PNG")
        shown = blank.getvalue()
    package = doc.part.package
    n = sum(1 for p in package.iter_parts() if "embeddings" in str(p.partname)) + 1
    name = f"/word/embeddings/object{n}{suffix}"
    kept = Part(PackURI(name), content_type, data, package)
    picture = Part(PackURI(f"/word/media/object{n}.png"), "image/png", shown, package)
    kind = RT.PACKAGE if suffix == ".xlsx" else RT.OLE_OBJECT
    rid, rid_picture = doc.part.relate_to(kept, kind), doc.part.relate_to(picture, RT.IMAGE)
    run = doc.add_paragraph().add_run()
    run._r.append(
        parse_xml(
            '<w:object xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'w:dxaOrig="9000" w:dyaOrig="4500">'
            f'<v:shape id="_x0000_i10{n}" type="#_x0000_t75" '
            'style="width:450pt;height:225pt" o:ole="">'
            f'<v:imagedata r:id="{rid_picture}" o:title=""/></v:shape>'
            f'<o:OLEObject Type="Embed" ProgID="{progid}" ShapeID="_x0000_i10{n}" '
            f'DrawAspect="Content" ObjectID="_178{n}" r:id="{rid}"/></w:object>'
        )
    )


def _docx_picture(doc, png: Path, Cm) -> None:  # type: ignore[no-untyped-def]
    """A screenshot pasted as Word pastes it: an inline picture in a paragraph of its
    own, shown at most the text's width (17 cm)."""
    from PIL import Image

    with Image.open(png) as im:
        width_cm = min(17.0, im.width / 96 * 2.54)
    doc.add_picture(str(png), width=Cm(width_cm))


def _docx_table(doc, t: Table, Cm, Pt, OxmlElement, qn, borders: str = "single") -> None:  # type: ignore[no-untyped-def]
    ncols = len(t.widths)
    table = doc.add_table(rows=len(t.rows), cols=ncols)
    table.style = "Table Grid"
    if borders != "single":  # every border drawn in another Word line style
        edges = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), borders)
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
            edges.append(el)
        table._tbl.tblPr.append(edges)
    table.autofit = False
    for r, c, spec in placed(t.rows):
        cell = table.cell(r, c)
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(table.cell(r + spec.rowspan - 1, c + spec.colspan - 1))
        cell.text = spec.text
        if t.tall_labels and spec.rowspan > 2 and not _is_number(spec.text):
            direction = OxmlElement("w:textDirection")
            direction.set(qn("w:val"), t.tall_labels)
            cell._tc.get_or_add_tcPr().append(direction)
        if _is_number(spec.text):
            if t.value_align:
                v_align = OxmlElement("w:vAlign")
                v_align.set(qn("w:val"), t.value_align)
                cell._tc.get_or_add_tcPr().append(v_align)
            if t.value_space_before:
                cell.paragraphs[0].paragraph_format.space_before = Pt(t.value_space_before)
    # LibreOffice lays out by the grid columns, Word by the cells: set both
    for k, col in enumerate(table.columns):
        col.width = Cm(t.widths[k])
    for row in table.rows:
        for tc in row._tr.tc_lst:
            start = sum(int(c.grid_span) for c in row._tr.tc_lst[: row._tr.tc_lst.index(tc)])
            tc.width = Cm(sum(t.widths[start : start + int(tc.grid_span)]))
    for k, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if k < t.header_rows:
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            tr_pr.append(el)
        if not t.can_split:
            el = OxmlElement("w:cantSplit")
            el.set(qn("w:val"), "true")
            tr_pr.append(el)


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()


def html_table(t: Table, borders: bool = True) -> str:
    border = "1" if borders else "0"
    out = [
        f'<table border="{border}" cellspacing="0" cellpadding="4" '
        'style="border-collapse:collapse">'
    ]
    by_row: dict[int, list[str]] = {}
    for r, _c, cell in placed(t.rows):
        rs, cs = cell.rowspan, cell.colspan
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        by_row.setdefault(r, []).append(f"<td{span}>{cell.text}</td>")
    for r in range(len(t.rows)):
        out.append("<tr>" + "".join(by_row.get(r, [])) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(
    parts: list[tuple[str, str] | Table],
    path: Path,
    *,
    chrome: bool = False,
    head_title: str = "示例县人民政府门户网站",
    metadata: str = "",
    borders: bool = True,
) -> Path:
    """A portal page: navigation, breadcrumbs, a metadata line, the report, a footer."""
    body: list[str] = []
    for part in parts:
        if isinstance(part, Table):
            body.append(html_table(part, borders))
            continue
        kind, text = part
        if kind == "picture":  # saved beside the page, as a browser's 另存为 does
            body.append(f'<p style="text-align:center"><img src="{Path(text).name}"></p>')
            continue
        tag = {"title": "h1", "heading": "h3"}.get(kind, "p")
        body.append(f"<{tag}>{text}</{tag}>")
    top = bottom = ""
    if chrome:
        top = (
            '<div class="header"><div class="logo">示例县人民政府</div>'
            '<ul class="menu"><li><a href="#">首页</a></li><li><a href="#">政务公开</a></li>'
            '<li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li>'
            '<li><a href="#">走进示例</a></li></ul></div>'
            '<div class="position">当前位置：<a href="#">首页</a> &gt; '
            '<a href="#">政务公开</a> &gt; <a href="#">政府信息公开年报</a></div>'
        )
        bottom = (
            '<div class="footer"><p>主办单位：示例县人民政府办公室　联系电话：0000-0000000</p>'
            "<p>版权所有：示例县人民政府　网站标识码：0000000000</p></div>"
        )
    meta = f'<div class="info">{metadata}</div>' if metadata else ""
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{head_title}</title>"
        "<style>body{font-family:'Noto Sans CJK SC';font-size:15px;margin:24px}"
        ".menu li{display:inline;margin-right:18px} td{font-size:13px}</style>"
        f'</head><body>{top}<div class="article">{meta}'
        + "\n".join(body)
        + f"</div>{bottom}</body></html>"
    )
    path.write_text(html, encoding="utf-8")
    return path


def to_mht(html: Path) -> Path:
    """The page and the pictures saved beside it as one web archive, as Word saves a
    单个文件网页: the page in GBK (labelled gb2312, as Word labels it) quoted-printable,
    each picture base64 under an address in the page's folder named by the page."""
    import quopri
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    page = html.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    folder = f"{html.stem}.files"
    names = re.findall(r'<img src="([^"]+)"', page)
    for name in names:
        page = page.replace(f'<img src="{name}"', f'<img src="{folder}/{name}"')
    archive = MIMEMultipart("related", type="text/html")
    text = MIMENonMultipart("text", "html", charset="gb2312")
    text["Content-Transfer-Encoding"] = "quoted-printable"
    text.set_payload(quopri.encodestring(page.encode("gbk")).decode("ascii"))
    base = "file:///C:/D3A1F0/"
    text["Content-Location"] = base + html.stem + ".htm"
    archive.attach(text)
    for name in names:
        image = MIMEImage((html.parent / name).read_bytes(), "png")
        image["Content-Location"] = f"{base}{folder}/{name}"
        archive.attach(image)
    out = html.with_suffix(".mht")
    out.write_bytes(archive.as_bytes())
    return out


def to_altchunk_docx(mht: Path) -> Path:
    """A DOCX whose body is one embedded chunk (w:altChunk) holding the web archive, as
    web-to-Word exporters write a page out as Word."""
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    part = Part(
        PackURI("/word/afchunk.mht"), "message/rfc822", mht.read_bytes(), document.part.package
    )
    rid = document.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    )
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), rid)
    body = document.element.body
    body.insert(0, chunk)
    out = mht.with_suffix(".docx")
    document.save(out)
    return out


def write_text(
    parts: list[tuple[str, str] | Table], path: Path, head: list[str] | None = None
) -> Path:
    """A page copied as text: paragraphs and headings on their own lines, table cells
    one per line."""
    lines = list(head or [])
    for part in parts:
        if isinstance(part, Table):
            lines += [cell.text for _r, _c, cell in placed(part.rows)]
        else:
            lines.append(part[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def to_pdf_libreoffice(*docx: Path) -> list[Path]:
    """Print DOCX files to PDF with LibreOffice (one run, its own profile)."""
    return save_as_libreoffice("pdf", *docx)


def save_as_libreoffice(to: str, *docx: Path) -> list[Path]:
    """Save DOCX files as `to` (pdf, doc, rtf) with LibreOffice (one run, its own
    profile)."""
    if SOFFICE is None:
        import pytest

        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    out = docx[0].parent
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [p.with_suffix("." + to) for p in docx]


def screenshot_table(t: Table, png: Path) -> Path:
    """The table as an agency pastes it into a web page or a Word file: a screenshot of
    it on screen (Chromium, 96 dpi, 13 px text), cropped to the table."""
    if CHROMIUM is None or not Path(CHROMIUM).exists():
        import pytest

        pytest.skip("Chromium is not installed (set OGI_TEST_CHROMIUM)")
    from PIL import Image, ImageOps

    page = png.with_suffix(".shot.html")
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "body{font-family:'Noto Sans CJK SC';margin:8px;background:#fff}"
        "td{font-size:13px}</style></head><body>" + html_table(t) + "</body></html>",
        encoding="utf-8",
    )
    _chromium(
        png.parent,
        "--hide-scrollbars",
        "--window-size=1000,1400",
        f"--screenshot={png}",
        page.as_uri(),
    )
    with Image.open(png) as im:
        grey = im.convert("L")
        box = ImageOps.invert(grey).getbbox()
        assert box is not None, "the screenshot is blank"
        x0, y0, x1, y1 = box
        grey.crop((max(x0 - 6, 0), max(y0 - 6, 0), x1 + 6, y1 + 6)).save(png)
    return png


def to_pdf_chromium(html: Path) -> Path:
    if CHROMIUM is None or not Path(CHROMIUM).exists():
        import pytest

        pytest.skip("Chromium is not installed (set OGI_TEST_CHROMIUM)")
    pdf = html.with_suffix(".pdf")
    _chromium(html.parent, f"--print-to-pdf={pdf}", html.as_uri())
    return pdf


def _chromium(folder: Path, *args: str) -> None:
    """Run headless Chromium with its profile in `folder`. Chromium now and then dies of
    a signal on a loaded machine (a crash of its own, SIGSEGV in CI): such a run is tried
    once more with a fresh profile; an error it reports itself fails at once."""
    assert CHROMIUM is not None
    for attempt in range(2):
        profile = folder / f"chromium-profile{attempt or ''}"
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu"]
        run = subprocess.run(
            [*command, f"--user-data-dir={profile}", *args], capture_output=True, timeout=300
        )
        if run.returncode >= 0 or attempt:
            run.check_returncode()
            return


# ---------------------------------------------------------------------------------------
# The documents, one per phenomenon
# ---------------------------------------------------------------------------------------
NARRATIVE_BEFORE = {
    "t2": "2024年，本机关主动公开政府信息312条，其中行政规范性文件5件，行政许可决定126件。",
    "t3": "本机关共收到政府信息公开申请21件，其中自然人申请16件，上年结转2件。",
    "t4": "2024年因政府信息公开引发行政复议4件、行政诉讼3件。",
}
NARRATIVE_AFTER = {
    "t2": "与上年相比，行政处罚决定减少3件。",
    "t3": "与上年相比，申请数量减少3件，结转下年度继续办理1件。",
    "t4": "与上年相比行政复议减少1件，行政诉讼增加2件。",
}
FILLER = (
    "本镇通过政府网站、政务新媒体和公开栏等渠道，及时发布各类政府信息，方便群众查阅，"
    "主动接受社会监督。"
)
SIGNATURE = ["示例镇人民政府", "2025年1月16日"]


@dataclass
class Built:
    """A document written to disk and what reading it must give."""

    path: Path
    doc: Doc
    source: Path | None = None  # the DOCX or HTML a PDF was printed from


def _narrative() -> Doc:
    values = base_values()
    parts = report_parts(values, before=NARRATIVE_BEFORE, after=NARRATIVE_AFTER)
    return Doc(parts, values)


def _table_pictures() -> Doc:
    """The three tables published as screenshots (pictures) instead of tables, the text
    around them as usual; `build_all` takes the screenshots."""
    values = base_values()
    parts = report_parts(values, before=NARRATIVE_BEFORE, after=NARRATIVE_AFTER)
    return Doc(parts, values, options={"pictures": True})


def _excel_objects() -> Doc:
    """The three tables pasted from Excel as embedded worksheet objects: Word shows each
    as a picture of the sheet, the workbook is inside the file."""
    values = base_values()
    return Doc(report_parts(values), values, options={"sheets": True})


def _turned_labels() -> Doc:
    """表三's tall merged labels (三、本年度办理结果, （三）不予公开 …) printed turned, as
    Word's text direction 从下至上 prints them: turned characters on an upright page."""
    values = base_values()

    def t3(rows: GridRows) -> Table:
        return Table("t3", rows, T3_WIDTHS, tall_labels="btLr")

    return Doc(report_parts(values, before=NARRATIVE_BEFORE, t3=t3), values)


def _framed(borders: str) -> Doc:
    """Every table ruled in a Word line style of several lines: double, or a thick and
    a thin line far apart (the cells' rules stop at the frame's inner line)."""
    doc = _narrative()
    doc.options["borders"] = borders
    return doc


def _page_split(repeat: bool) -> Doc:
    """Table 三 over a page break that cuts the row 1.本机关不掌握相关政府信息 in two (its
    label half on each page); the header rows printed again on the new page, or not and
    with every zero printed as a blank cell."""
    values = base_values()
    if not repeat:
        values = {k: (None if v == 0 else v) for k, v in values.items()}

    def t3(rows: GridRows) -> Table:
        return Table("t3", rows, T3_WIDTHS, header_rows=3 if repeat else 0)

    parts = report_parts(values, overview=[FILLER], t3=t3)
    return Doc(parts, values, options={"widow_control": False, "bottom_margin_cm": 1.9})


def _blanks() -> Doc:
    """Zeros printed as blank cells, and cells printed as / — 无."""
    values = base_values()
    raw = {
        "t2.art20_1.rules.issued": "/",
        "t2.art20_1.rules.repealed": "—",
        "t2.art20_6.coercion.decisions": "无",
    }
    shown = {k: (None if v == 0 else v) for k, v in values.items()}
    for k in raw:
        shown[k] = None
    parts = report_parts(shown, raw)
    # what reading gives: blank stays None, / — 无 stay raw (— as the dash "-")
    return Doc(parts, shown, raw={**raw, "t2.art20_1.rules.repealed": "-"})


def _narrow() -> Doc:
    """Narrow value columns: 3001 wraps as 300 over 1, 2986 as 298 over 6, and the fee
    24252.311082 over two lines."""
    values = base_values()
    values.update(
        {
            "t3.new_received.natural_person": 3001,
            "t3.new_received.total": 3006,
            "t3.carried_forward.natural_person": 2986,
            "t3.carried_forward.total": 2986,
            "t2.art20_8.admin_fees.fee_amount": 24252.311082,
        }
    )

    def t3(rows: GridRows) -> Table:
        return Table("t3", rows, [1.4, 1.8, 5.2] + [0.95] * 7)

    parts = report_parts(values, t3=t3, t2_widths=[6.8, 0.8, 0.8, 0.8])
    return Doc(parts, values)


def _webpage() -> Doc:
    """A portal page: menus, breadcrumbs, metadata, the report with sentences around its
    tables, a footer."""
    values = base_values()
    parts = report_parts(
        values,
        before=NARRATIVE_BEFORE,
        after=NARRATIVE_AFTER,
        title="示例县人民政府办公室2024年政府信息公开工作年度报告",
        overview=[FILLER] * 8,
    )
    return Doc(
        parts,
        values,
        agency="示例县人民政府办公室",
        published="2025-01-20",
        options={"chrome": True, "metadata": "发布时间：2025-01-20　来源：示例县人民政府办公室"},
    )


def _unruled_page() -> Doc:
    """The portal page with its tables printed without borders: only the numbers'
    columns show the table; long labels wrap above and below their row's numbers."""
    doc = _webpage()
    doc.options["borders"] = False
    return doc


NO_TITLE_OPENING = (
    "2023年，在区委、区政府的坚强领导下，示例街道办事处认真贯彻落实《中华人民共和国政府"
    "信息公开条例》，依托区门户网站，扎实推进政府信息公开工作。"
)


def _no_title() -> Doc:
    """A page with no title: breadcrumbs, then 一、总体情况 and its opening sentence."""
    values = base_values()
    parts = report_parts(
        values, title=None, overview=[NO_TITLE_OPENING, "全年运行平稳。依托区门户网站"]
    )
    return Doc(
        parts,
        values,
        report_year=2023,
        agency="示例街道办事处",
        published="2024-01-20",
        options={"chrome": True, "metadata": "日期：2024-01-20"},
    )


def _traditional(ruby: bool) -> Doc:
    """The report in traditional characters; the opening sentence with pinyin ruby."""
    import zhconv

    values = base_values()
    opening = (
        "根據《中華人民共和國政府信息公開條例》規定，現公布示例縣人民政府辦公室2024年"
        "政府信息公開工作年度報告。"
    )
    parts = report_parts(
        values,
        title="示例縣人民政府辦公室2024年政府信息公開工作年度報告",
        overview=[opening, zhconv.convert(FILLER, "zh-hant")],
    )
    converted: list[tuple[str, str] | Table] = []
    for part in parts:
        if isinstance(part, Table):
            rows = [
                [c._replace(text=zhconv.convert(c.text, "zh-hant")) for c in r] for r in part.rows
            ]
            converted.append(Table(part.key, rows, part.widths))
        else:
            converted.append((part[0], zhconv.convert(part[1], "zh-hant")))
    if ruby:
        converted = [_with_ruby(p) if not isinstance(p, Table) else p for p in converted]
    return Doc(converted, values, agency="示例县人民政府办公室")


# Characters a page's pinyin mode annotates, with their pinyin.
RUBY = {"據": "jù", "辦": "bàn", "開": "kāi"}


def _with_ruby(part: tuple[str, str]) -> tuple[str, str]:
    kind, text = part
    if kind not in ("title", "para"):
        return part
    for ch, py in RUBY.items():
        text = text.replace(ch, f"<ruby>{ch}<rt>{py}</rt></ruby>")
    return kind, text


def _dates(kind: str) -> Doc:
    values = base_values()
    if kind == "signature":
        parts = report_parts(values, signature=SIGNATURE)
        return Doc(parts, values, published="2025-01-16")
    parts = report_parts(values)
    meta = "发布时间：2025-01-20　来源：示例镇人民政府"
    return Doc(parts, values, published="2025-01-20", options={"metadata": meta})


def build_all(names: list[str], d: Path) -> dict[str, Built]:
    """Write the named documents into `d`; DOCX files to be printed go through one
    LibreOffice run, web pages through Chromium one by one."""
    d.mkdir(parents=True, exist_ok=True)
    out: dict[str, Built] = {}
    to_print: list[tuple[str, Path, Doc]] = []
    for name in names:
        kind, _, form = name.rpartition("_")
        doc = FACTORIES[kind]()
        stem = d / name
        if doc.options.get("pictures"):
            doc.parts = [
                ("picture", str(screenshot_table(p, d / f"{name}-{p.key}.png")))
                if isinstance(p, Table)
                else p
                for p in doc.parts
            ]
        if form == "docx" or (form == "pdf" and kind not in BROWSER):
            src = write_docx(doc.parts, stem.with_suffix(".docx"), **_docx_options(doc))
            if form == "pdf":
                to_print.append((name, src, doc))
            else:
                out[name] = Built(src, doc)
        elif form in ("html", "pdf", "mht", "altchunk"):
            src = write_html(
                doc.parts,
                stem.with_suffix(".html"),
                chrome=bool(doc.options.get("chrome")),
                metadata=str(doc.options.get("metadata", "")),
                borders=doc.options.get("borders", True) is not False,
            )
            if form == "pdf":
                out[name] = Built(to_pdf_chromium(src), doc, src)
            elif form == "mht":
                out[name] = Built(to_mht(src), doc, src)
            elif form == "altchunk":
                out[name] = Built(to_altchunk_docx(to_mht(src)), doc, src)
            else:
                out[name] = Built(src, doc)
        else:
            head = [str(doc.options["metadata"])] if doc.options.get("metadata") else []
            text = write_text(doc.parts, stem.with_suffix(".txt"), head=head)
            if kind == "traditional_ruby":
                # the ruby a copy of the page keeps: pinyin in brackets after its character
                body = re.sub(r"<ruby>(.)<rt>(.+?)</rt></ruby>", r"\1(\2)", text.read_text("utf-8"))
                text.write_text(body, encoding="utf-8")
            out[name] = Built(text, doc)
    if to_print:
        for name, pdf in zip(
            [n for n, _, _ in to_print],
            to_pdf_libreoffice(*[s for _, s, _ in to_print]),
            strict=True,
        ):
            src, doc = next((s, dc) for n, s, dc in to_print if n == name)
            out[name] = Built(pdf, doc, src)
    return {n: out[n] for n in names}


def _docx_options(doc: Doc) -> dict:
    keys = ("widow_control", "bottom_margin_cm", "borders", "sheets")
    return {k: v for k, v in doc.options.items() if k in keys}


FACTORIES: dict[str, Callable[[], Doc]] = {
    "narrative": _narrative,
    "page_split_repeated_header": lambda: _page_split(True),
    "page_split_no_header": lambda: _page_split(False),
    "blank_cells": _blanks,
    "narrow_cells": _narrow,
    "web_page": _webpage,
    "unruled_web_page": _unruled_page,
    "no_title": _no_title,
    "traditional": lambda: _traditional(False),
    "traditional_ruby": lambda: _traditional(True),
    "published_line": lambda: _dates("line"),
    "signature_date": lambda: _dates("signature"),
    "table_pictures": _table_pictures,
    "excel_objects": _excel_objects,
    "turned_labels": _turned_labels,
    "double_borders": lambda: _framed("double"),
    "thick_thin_borders": lambda: _framed("thickThinLargeGap"),
}
BROWSER = {"web_page", "unruled_web_page", "no_title", "traditional", "traditional_ruby"}

# Every phenomenon document, as <phenomenon>_<form>.
DOCUMENTS = [
    "narrative_docx",
    "narrative_pdf",
    "narrative_html",
    "narrative_txt",
    "page_split_repeated_header_pdf",
    "page_split_no_header_pdf",
    "blank_cells_docx",
    "blank_cells_pdf",
    "narrow_cells_pdf",
    "web_page_html",
    "web_page_pdf",
    "unruled_web_page_pdf",
    "no_title_html",
    "no_title_txt",
    "traditional_html",
    "traditional_ruby_html",
    "traditional_ruby_txt",
    "published_line_html",
    "signature_date_docx",
    "turned_labels_pdf",
    "double_borders_pdf",
    "thick_thin_borders_pdf",
    "excel_objects_docx",
]


def wrong_cells(doc: Doc, cells: dict[str, int | float | None]) -> dict[str, tuple]:
    """Cells read differently from what the document prints (expected, read)."""
    return {
        k: (v, cells.get(k, "absent")) for k, v in doc.cells.items() if cells.get(k, "absent") != v
    }
