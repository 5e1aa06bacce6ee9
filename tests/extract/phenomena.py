"""Documents laid out the way agencies publish them, one per layout phenomenon, built
here with python-docx, LibreOffice and headless Chromium, never with ogi's renderer.

Every document is a report of a fictional body. Its tables are typed below as an agency
would print them (labels included), and the cells a reader must return are typed as
literal numbers beside them, so a reader and a renderer cannot be wrong together.
`build(name, directory)` writes one document and returns its path and expected result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
# Tables as printed: rows of (text, rowspan, colspan)
# ---------------------------------------------------------------------------------------
GridRows = list[list[tuple[str, int, int]]]


def t2_grid(values: Values, raw: dict[str, str]) -> GridRows:
    def v(path: str) -> tuple[str, int, int]:
        return (_show(values[path], raw, path), 1, 1)

    def wide(path: str) -> tuple[str, int, int]:
        return (_show(values[path], raw, path), 1, 3)

    a = "t2.art20_1"
    return [
        [("第二十条第（一）项", 1, 4)],
        [
            ("信息内容", 1, 1),
            ("本年制发件数", 1, 1),
            ("本年废止件数", 1, 1),
            ("现行有效件数", 1, 1),
        ],
        [
            ("规章", 1, 1),
            v(f"{a}.rules.issued"),
            v(f"{a}.rules.repealed"),
            v(f"{a}.rules.in_force"),
        ],
        [
            ("行政规范性文件", 1, 1),
            v(f"{a}.normative_documents.issued"),
            v(f"{a}.normative_documents.repealed"),
            v(f"{a}.normative_documents.in_force"),
        ],
        [("第二十条第（五）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政许可", 1, 1), wide("t2.art20_5.licensing.decisions")],
        [("第二十条第（六）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政处罚", 1, 1), wide("t2.art20_6.penalty.decisions")],
        [("行政强制", 1, 1), wide("t2.art20_6.coercion.decisions")],
        [("第二十条第（八）项", 1, 4)],
        [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
        [("行政事业性收费", 1, 1), wide("t2.art20_8.admin_fees.fee_amount")],
    ]


T3_HEADER: GridRows = [
    [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        ("申请人情况", 1, 7),
    ],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    [
        ("商业企业", 1, 1),
        ("科研机构", 1, 1),
        ("社会公益组织", 1, 1),
        ("法律服务机构", 1, 1),
        ("其他", 1, 1),
    ],
]


def t3_grid(values: Values, raw: dict[str, str]) -> GridRows:
    rows = [list(r) for r in T3_HEADER]
    for key, labels, _ in T3_ROWS:
        cells = [(_show(values[f"t3.{key}.{c}"], raw, f"t3.{key}.{c}"), 1, 1) for c in T3_COLUMNS]
        rows.append(list(labels) + cells)
    return rows


def t4_grid(values: Values, raw: dict[str, str]) -> GridRows:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(o, 2, 1) for o in outcomes] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(o, 1, 1) for o in outcomes * 2],
        [(_show(values[f"t4.{k}"], raw, f"t4.{k}"), 1, 1) for k in T4_KEYS],
    ]


def placed(rows: GridRows) -> list[tuple[int, int, str, int, int]]:
    """(row, col, text, rowspan, colspan) with columns counted past merged cells."""
    covered: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in covered:
                c += 1
            out.append((r, c, text, rs, cs))
            covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            c += cs
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


@dataclass
class Doc:
    """What one phenomenon document holds and what reading it must give."""

    parts: list[tuple[str, str] | Table]  # ("title"|"heading"|"para"|"small", text)
    cells: Values
    raw: dict[str, str] = field(default_factory=dict)  # cell path → printed text
    report_year: int | None = 2024
    agency: str | None = "示例镇人民政府"
    published: str | None = None


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
        if isinstance(part, Table):
            _docx_table(doc, part, Cm, Pt, OxmlElement, qn)
            continue
        kind, text = part
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


def _docx_table(doc, t: Table, Cm, Pt, OxmlElement, qn) -> None:  # type: ignore[no-untyped-def]
    ncols = len(t.widths)
    table = doc.add_table(rows=len(t.rows), cols=ncols)
    table.style = "Table Grid"
    table.autofit = False
    for r, c, text, rs, cs in placed(t.rows):
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = text
        if _is_number(text):
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


def html_table(t: Table) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">']
    by_row: dict[int, list[str]] = {}
    for r, _c, text, rs, cs in placed(t.rows):
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        by_row.setdefault(r, []).append(f"<td{span}>{text}</td>")
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
) -> Path:
    """A portal page: navigation, breadcrumbs, a metadata line, the report, a footer."""
    body: list[str] = []
    for part in parts:
        if isinstance(part, Table):
            body.append(html_table(part))
            continue
        kind, text = part
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


def write_text(
    parts: list[tuple[str, str] | Table], path: Path, head: list[str] | None = None
) -> Path:
    """A page copied as text: paragraphs and headings on their own lines, table cells
    one per line."""
    lines = list(head or [])
    for part in parts:
        if isinstance(part, Table):
            lines += [text for _r, _c, text, _rs, _cs in placed(part.rows)]
        else:
            lines.append(part[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def to_pdf_libreoffice(docx: Path) -> Path:
    if SOFFICE is None:
        import pytest

        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    out = docx.parent
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return docx.with_suffix(".pdf")


def to_pdf_chromium(html: Path) -> Path:
    if CHROMIUM is None or not Path(CHROMIUM).exists():
        import pytest

        pytest.skip("Chromium is not installed (set OGI_TEST_CHROMIUM)")
    pdf = html.with_suffix(".pdf")
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={html.parent / 'chromium-profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return pdf
