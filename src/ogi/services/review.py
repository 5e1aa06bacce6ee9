"""Checking for review work, in one place: which findings a set of reports has, the
stable id of a finding, what changed between two rounds of an agency's report, where a
finding sits in the printed form, and the workbook sent back to an agency.

The web application calls only these functions for that work, so moving them onto the
batch checker (stable ids, baselines, agency workbooks) is a change to this module alone.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ogi.check import Finding, run_checks
from ogi.check.rules._common import TABLE_ZH, cell_label, t3_col_label, t3_row_label
from ogi.format import Edition
from ogi.model import Problem, Report
from ogi.render.tables import table_edition

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def check_reports(reports: Sequence[Report]) -> list[Finding]:
    """Findings of `reports`, cross-year rules included for reports of one agency. The
    configuration files of the server's working directory do not apply: every user of
    the application sees the same rules."""
    return run_checks(reports, config=False)


def finding_id(f: Finding) -> str:
    """Stable across runs and rounds: the rule, the place and the values involved."""
    key = [f.rule, f.table, f.row, f.column, f.section, f.expected, f.found]
    raw = json.dumps(key, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def finding_ids(findings: Iterable[Finding]) -> list[str]:
    """Ids of findings of one report, made unique when two findings coincide."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        fid = finding_id(f)
        seen[fid] = seen.get(fid, 0) + 1
        out.append(fid if seen[fid] == 1 else f"{fid}-{seen[fid]}")
    return out


@dataclass
class RoundDiff:
    """Finding ids of a later round against an earlier one."""

    fixed: list[str] = field(default_factory=list)  # in the earlier round only
    still: list[str] = field(default_factory=list)  # in both
    new: list[str] = field(default_factory=list)  # in the later round only


def compare_rounds(earlier: Iterable[str], later: Iterable[str]) -> RoundDiff:
    before, after = list(dict.fromkeys(earlier)), list(dict.fromkeys(later))
    b, a = set(before), set(after)
    return RoundDiff(
        fixed=[x for x in before if x not in a],
        still=[x for x in after if x in b],
        new=[x for x in after if x not in b],
    )


# -- where a finding sits --------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """What a finding points at in the printed form: cells, a row, a column, a table, a
    part of the text. Cell paths are exact; a row or column is every cell in it."""

    table: str | None = None
    cells: tuple[str, ...] = ()
    row: str | None = None  # spec row path, for the row's label cell
    section: str | None = None
    quote: str | None = None  # a sentence of the text the finding quotes


def _quoted(message: str) -> list[str]:
    out, start = [], 0
    while (i := message.find("“", start)) >= 0:
        j = message.find("”", i + 1)
        if j < 0:
            break
        # A quote may itself hold quotes (“危及“三安全一稳定””): take the outer pair.
        while message.count("“", i + 1, j) > message.count("”", i + 1, j):
            k = message.find("”", j + 1)
            if k < 0:
                break
            j = k
        out.append(message[i + 1 : j])
        start = j + 1
    return out


def place_of(f: Finding, report: Report) -> Place:
    """The place of `f` in `report`'s printed tables and text."""
    quote = next((q for q in _quoted(f.message) if len(q) >= 6 and q in report.text), None)
    table = f.table
    if table is None:
        return Place(section=f.section, quote=quote)
    ed = table_edition(report, table)
    paths = ed.cell_paths(table)
    if table == "t4":
        cells = [p for p in paths if f.column and p == f"t4.{f.column}"]
    elif f.row and f.column:
        cells = [p for p in paths if p == f"{table}.{f.row}.{f.column}"]
    elif f.row:
        prefix = f"{table}.{f.row}."
        cells = [p for p in paths if p.startswith(prefix) and p.count(".") == prefix.count(".")]
    elif f.column:
        cells = [p for p in paths if p.endswith(f".{f.column}")]
    else:
        cells = []
    return Place(table=table, cells=tuple(cells), row=f.row, section=f.section, quote=quote)


def location_zh(f: Finding, report: Report | None) -> str:
    """Where a finding is, in the format's words: 表三 （七）总计 / 自然人."""
    if f.table is None:
        return f"第{f.section}部分" if f.section and f.section.isdigit() else _section_zh(f, report)
    ed: Edition | None = table_edition(report, f.table) if report else None
    head = TABLE_ZH.get(f.table, f.table)
    if ed is None:
        return " ".join(x for x in (head, f.row, f.column) if x)
    if f.table == "t3" and f.row and f.column:
        return f"{head} {cell_label(ed, f't3.{f.row}.{f.column}')}"
    if f.table == "t3" and f.row:
        return f"{head} {t3_row_label(ed, f.row)} 行"
    if f.table == "t3" and f.column:
        return f"{head} {t3_col_label(ed, f.column)} 列"
    if f.table == "t4" and f.column:
        return f"{head} {cell_label(ed, 't4.' + f.column)}"
    if f.table == "t2" and f.row and f.column:
        return f"{head} {cell_label(ed, f't2.{f.row}.{f.column}')}"
    if f.table == "t2" and f.row:
        row = ed.row("t2", f.row)
        return f"{head} {row.label if row else f.row} 行"
    return head


def _section_zh(f: Finding, report: Report | None) -> str:
    if not f.section:
        return "全文"
    ed = table_edition(report, "t2") if report else None
    spec = next((s for s in ed.sections if s.key == f.section), None) if ed else None
    return f"{spec.ordinal}{spec.title}" if spec else f.section


def value_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "、".join("" if x is None else str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# -- the workbook an agency receives ---------------------------------------------------------
@dataclass
class WorkbookRow:
    finding: Finding
    decision: str | None = None  # confirmed / dismissed / None
    comment: str = ""
    change: str = ""  # 新增 / 仍存在 against the previous round, "" in the first


def agency_workbook(
    agency: str,
    year: int | None,
    report: Report,
    rows: Sequence[WorkbookRow],
    problems: Sequence[Problem],
    fixed: Sequence[Finding] = (),
) -> bytes:
    """The corrections one agency receives: its findings (those a supervisor dismissed
    left out), what the previous round had that is now fixed, and, on a sheet of its own
    for the supervisor, the reading doubts. Printed on A4 landscape, header repeated."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    fills = {
        "error": PatternFill("solid", fgColor="F8D7DA"),
        "warning": PatternFill("solid", fgColor="FFF3CD"),
        "info": PatternFill("solid", fgColor="D1ECF1"),
    }

    def setup(ws: Worksheet, widths: list[int], title: str) -> None:
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = w
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:2"
        ws.oddHeader.center.text = title
        ws.freeze_panes = "A3"

    wb = Workbook()
    ws = wb.active
    ws.title = "需修改的问题"
    year_text = f"{year}年度" if year else ""
    title = f"{agency}{year_text}政府信息公开工作年度报告 核查意见"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    head = [
        "序号",
        "严重程度",
        "位置",
        "应为",
        "实为",
        "问题说明",
        "修改建议",
        "与上一轮相比",
        "审核意见",
    ]
    ws.append(head)
    for c in ws[2]:
        c.font = bold
    n = 0
    for r in rows:
        if r.decision == "dismissed":
            continue
        n += 1
        f = r.finding
        ws.append(
            [
                n,
                SEVERITY_ZH[f.severity],
                location_zh(f, report),
                value_text(f.expected),
                value_text(f.found),
                f.message,
                f.hint,
                r.change,
                ("已确认。" if r.decision == "confirmed" else "") + r.comment,
            ]
        )
        ws.cell(ws.max_row, 2).fill = fills[f.severity]
        for c in ws[ws.max_row]:
            c.alignment = wrap
    if n == 0:
        ws.append(["", "", "未发现需要修改的问题"])
    setup(ws, [6, 9, 28, 10, 10, 60, 44, 12, 30], title)

    if fixed:
        done = wb.create_sheet("已改正")
        done.append([title])
        done.append(["序号", "位置", "上一轮的问题"])
        for c in done[2]:
            c.font = bold
        for i, f in enumerate(fixed, start=1):
            done.append([i, location_zh(f, report), f.message])
            for c in done[done.max_row]:
                c.alignment = wrap
        setup(done, [6, 28, 90], title)

    doubts = wb.create_sheet("读取疑问（供审核人）")
    doubts.append([title])
    doubts.append(["序号", "位置", "说明"])
    for c in doubts[2]:
        c.font = bold
    for i, p in enumerate(problems, start=1):
        doubts.append([i, p.where, p.message])
        for c in doubts[doubts.max_row]:
            c.alignment = wrap
    setup(doubts, [6, 30, 90], title)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
