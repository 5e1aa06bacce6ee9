"""The workbook an agency receives after a check: its findings in the words of the
format, ready to print on A4 landscape.

Sheets: 问题清单 (the agency's findings: where, what it should be, what it is, how to fix
it; with a supervisor's decisions, those dismissed left out and the comments in 审核意见),
报告汇总 (one line per report with its counts and verdict), 已修正 (against a
baseline round: what was fixed since), and 读取疑点 (for whoever runs the check: what ogi
could not read with certainty, duplicates, files it could not read; an agency cannot
act on these, so a workbook split per agency leaves them out and the folder gets one
workbook of doubts for the supervisor).
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ogi.check.finding import SEVERITY_ZH, STATUS_ZH, Finding, report_identity
from ogi.format import Edition, edition, edition_for_year, editions
from ogi.format.labels import cell_label, column_label, row_label, section_label, table_label

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ogi.services.check import BatchResult, ReportSummary

FILLS = {"error": "F8D7DA", "warning": "FFF3CD", "info": "D1ECF1"}
HEAD_FILL = "D9D9D9"
DOUBTS_FILE = "读取疑点（审核人员）.xlsx"


# -- readable values -------------------------------------------------------------------
def edition_of(summary: ReportSummary | None, table: str | None) -> Edition | None:
    """The edition whose words name a place in this report's table."""
    if summary is None:
        return edition("2021")
    name = (summary.table_editions or {}).get(table or "") or summary.edition
    if name in editions():
        return edition(name)  # type: ignore[arg-type]
    if summary.year:
        return edition_for_year(summary.year)
    return edition("2021")


def readable(value: Any, ed: Edition | None) -> str:
    """A finding's expected or found value as a clerk reads it: cell paths and part keys
    in the format's words, whole numbers without .0, lists joined with 、."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(readable(v, ed) for v in value if v is not None)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return f"{m[1]}年{int(m[2])}月{int(m[3])}日"
    if re.fullmatch(r"t[234]\.[a-z0-9_.]+", text):
        return cell_label(ed, text)
    if ed is not None and any(s.key == text for s in ed.sections):
        return section_label(ed, text)
    if re.fullmatch(r"20\d\d", text):
        return f"{text}版格式" if text in editions() else text
    return text


def place(f: Finding, ed: Edition | None) -> tuple[str, str, str]:
    """(table or part, row, column) in the format's words."""
    if f.table:
        return (
            table_label(f.table),
            row_label(ed, f.table, f.row),
            column_label(ed, f.table, f.column),
        )
    if f.section:
        return section_label(ed, f.section), "", ""
    return "", "", ""


# -- sheets ----------------------------------------------------------------------------
def _setup_print(ws: Worksheet, header_row: int, widths: Sequence[float]) -> None:
    """A4 landscape, every column on the page's width, the header row on every page."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(header_row + 1, 1)


FONT = "等线"  # the default font of Chinese Excel; LibreOffice substitutes a CJK font
FONT_SIZE = 10
LINE_HEIGHT = 13  # points per line of 10-point text


def text_units(text: str) -> int:
    """Width of a text in column-width units: a CJK character takes two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` units takes (spreadsheets do not size rows of
    wrapped text when they open a file, so the workbook sets each row's height)."""
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in text.split("\n"))


def _style_table(ws: Worksheet, header_row: int, widths: Sequence[float]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ncols = len(widths)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    font = Font(name=FONT, size=FONT_SIZE)
    for row in ws.iter_rows(min_row=header_row, max_row=ws.max_row, max_col=ncols):
        lines = 1
        for c, width in zip(row, widths, strict=False):
            c.alignment = wrap
            c.border = border
            c.font = font
            if c.value is not None:
                lines = max(lines, lines_needed(str(c.value), width))
        ws.row_dimensions[row[0].row].height = lines * LINE_HEIGHT + 4
    for c in ws[header_row][:ncols]:
        c.font = Font(name=FONT, bold=True, size=FONT_SIZE)
        c.fill = PatternFill("solid", fgColor=HEAD_FILL)
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _title(ws: Worksheet, text: str, ncols: int) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)
    cell = ws.cell(ws.max_row, 1)
    cell.font = Font(name=FONT, bold=True, size=12)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[ws.max_row].height = 40


def _counts_text(result: BatchResult) -> str:
    t = result.totals
    text = f"错误 {t['error']} 条，警告 {t['warning']} 条，提示 {t['info']} 条"
    if result.compared:
        text += "；" + result.rounds_text()
    return text


def _heading(result: BatchResult) -> str:
    agencies = sorted({r.agency or "" for r in result.reports} - {""})
    years = "、".join(str(y) for y in sorted({r.year for r in result.reports if r.year}))
    if len(agencies) == 1:
        what = f"{agencies[0]}{years + '年度' if years else ''}政府信息公开工作年度报告核查意见"
    else:
        what = f"政府信息公开工作年度报告核查意见（共 {len(result.reports)} 份报告）"
    return f"{what}\n{_counts_text(result)}"


# A supervisor's decision on a finding, by finding id: (confirmed / dismissed, comment).
Decisions = Mapping[str, tuple[str, str]]


def decided_text(decision: tuple[str, str] | None) -> str:
    """What the 审核意见 column says of a finding: 已确认。 and the comment."""
    if decision is None:
        return ""
    state, comment = decision
    return ("已确认。" if state == "confirmed" else "") + (comment or "")


def without_dismissed(result: BatchResult, decisions: Decisions) -> BatchResult:
    """`result` without the findings a supervisor dismissed, its counts recomputed: the
    agency receives only what the supervisor stands by."""
    dismissed = [f for f in result.findings if decisions.get(f.id, ("", ""))[0] == "dismissed"]
    if not dismissed:
        return result
    gone = {id(f) for f in dismissed}
    reports = []
    for r in result.reports:
        counts, statuses = Counter(r.counts), Counter(r.status_counts)
        for f in dismissed:
            if f.file == r.path and f.audience == "agency":
                counts[f.severity] -= 1
                if f.status:
                    statuses[f.status] -= 1
        reports.append(replace(r, counts=+counts, status_counts=+statuses))
    totals: Counter[str] = Counter()
    for r in reports:
        totals.update(r.counts)
    return replace(
        result,
        reports=reports,
        findings=[f for f in result.findings if id(f) not in gone],
        totals=totals,
    )


FINDING_HEAD = (
    ("序号", 5),
    ("机关", 12),
    ("年度", 6),
    ("严重程度", 8),
    ("本轮", 7),
    ("表格或部分", 11),
    ("行", 16),
    ("列", 10),
    ("应为", 11),
    ("实为", 11),
    ("问题说明", 44),
    ("修改建议", 30),
    ("规则", 11),
)


def _findings_sheet(
    ws: Worksheet,
    result: BatchResult,
    by_path: dict[str, Any],
    decisions: Decisions | None = None,
) -> None:
    from openpyxl.styles import PatternFill

    columns = [c for c in FINDING_HEAD if c[0] != "本轮" or result.compared]
    if decisions is not None:
        columns.insert(-1, ("审核意见", 24))
    head = [h for h, _ in columns]
    widths = [w for _, w in columns]
    _title(ws, _heading(result), len(head))
    ws.append(head)
    header_row = ws.max_row
    agency_findings = [f for f in result.findings if f.audience == "agency"]
    for n, f in enumerate(agency_findings, start=1):
        summary = by_path.get(f.file)
        ed = edition_of(summary, f.table)
        where, row, col = place(f, ed)
        line = [
            n,
            (summary.agency if summary else f.agency) or "",
            (summary.year if summary else f.year) or "",
            SEVERITY_ZH[f.severity],
        ]
        if result.compared:
            line.append(STATUS_ZH.get(f.status or "", ""))
        line += [
            where,
            row,
            col,
            readable(f.expected, ed),
            readable(f.found, ed),
            f.message,
            f.hint,
        ]
        if decisions is not None:
            line.append(decided_text(decisions.get(f.id)))
        line.append(f.rule)
        ws.append(line)
        ws.cell(ws.max_row, 4).fill = PatternFill("solid", fgColor=FILLS[f.severity])
    if not agency_findings:
        ws.append([None, "未发现需要机关修改的问题"])
    _style_table(ws, header_row, widths)
    _setup_print(ws, header_row, widths)
    ws.auto_filter.ref = f"A{header_row}:{ws.cell(ws.max_row, len(head)).coordinate}"


def _summary_sheet(ws: Worksheet, result: BatchResult) -> None:
    head = ["机关", "年度", "文件", "格式版本", "错误", "警告", "提示"]
    widths = [22, 7, 44, 9, 7, 7, 7]
    if result.compared:
        head += ["新增", "仍存在", "已修正"]
        widths += [7, 7, 7]
    head.append("结论")
    widths.append(10)
    _title(ws, f"报告汇总（{_counts_text(result)}）", len(head))
    ws.append(head)
    header_row = ws.max_row
    for r in result.reports:
        line: list[Any] = [
            r.agency or "",
            r.year or "",
            r.path,
            f"{r.edition}版" if r.edition in editions() else ("混用" if r.edition else ""),
            r.counts["error"],
            r.counts["warning"],
            r.counts["info"],
        ]
        if result.compared:
            line += [r.status_counts[s] for s in ("new", "persisting", "fixed")]
        line.append(r.verdict)
        ws.append(line)
    _style_table(ws, header_row, widths)
    _setup_print(ws, header_row, widths)


def _fixed_sheet(ws: Worksheet, result: BatchResult, by_identity: dict[str, Any]) -> None:
    head = ["机关", "年度", "严重程度", "表格或部分", "行", "列", "上一轮的问题说明", "规则"]
    widths = [16, 7, 8, 14, 22, 14, 70, 12]
    _title(ws, f"与上一轮相比已修正的问题（共 {len(result.fixed)} 条）", len(head))
    ws.append(head)
    header_row = ws.max_row
    for f in result.fixed:
        summary = by_identity.get(report_identity(f.agency, f.year, f.file))
        ed = edition_of(summary, f.table)
        where, row, col = place(f, ed)
        ws.append(
            [
                f.agency or "",
                f.year or "",
                SEVERITY_ZH[f.severity],
                where,
                row,
                col,
                f.message,
                f.rule,
            ]
        )
    _style_table(ws, header_row, widths)
    _setup_print(ws, header_row, widths)


def _doubts_sheet(ws: Worksheet, result: BatchResult) -> None:
    head = ["文件", "机关", "年度", "位置", "疑点", "处理建议"]
    widths = [36, 16, 7, 16, 60, 36]
    _title(
        ws,
        "读取疑点（供审核人员核对原文；不属于机关报告的问题，不发给机关）",
        len(head),
    )
    ws.append(head)
    header_row = ws.max_row
    for r in result.reports:
        for p in r.problems:
            ws.append([r.path, r.agency or "", r.year or "", p.where, p.message, "对照原文核对"])
    for f in result.findings:
        if f.audience == "supervisor":
            ed = edition_of(None, f.table)
            where = " ".join(x for x in place(f, ed) if x)
            ws.append([f.file, f.agency or "", f.year or "", where, f.message, f.hint])
    for d in result.duplicates:
        ws.append(
            [
                d.path,
                d.agency or "",
                d.year or "",
                "整份文件",
                d.message,
                "如两份内容不同，请确认以哪一份为准",
            ]
        )
    for path, reason in result.failed:
        ws.append(
            [
                path,
                "",
                "",
                "整份文件",
                f"无法读取：{reason}",
                "检查文件是否完整，或另存为其他格式后重新核查",
            ]
        )
    for path in result.skipped:
        ws.append([path, "", "", "整份文件", "不是 ogi 的报告 JSON，未核查", ""])
    if ws.max_row == header_row:
        ws.append(["无读取疑点"])
    _style_table(ws, header_row, widths)
    _setup_print(ws, header_row, widths)


def write(
    path: Path | IO[bytes],
    result: BatchResult,
    *,
    doubts: bool = True,
    decisions: Decisions | None = None,
) -> Path | IO[bytes]:
    """Write the workbook of `result` to `path` (a file name or an open binary file);
    `doubts=False` leaves out the supervisor's sheet (a workbook sent to an agency).
    With a supervisor's `decisions` (by finding id), the findings dismissed are left
    out and the comments are shown."""
    from openpyxl import Workbook

    if decisions is not None:
        result = without_dismissed(result, decisions)
    by_path = {r.path: r for r in result.reports}
    by_identity = {r.identity: r for r in result.reports}
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    _findings_sheet(ws, result, by_path, decisions)
    _summary_sheet(wb.create_sheet("报告汇总"), result)
    if result.compared:
        _fixed_sheet(wb.create_sheet("已修正"), result, by_identity)
    if doubts:
        _doubts_sheet(wb.create_sheet("读取疑点"), result)
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def write_by_agency(folder: Path, result: BatchResult) -> list[Path]:
    """One workbook per agency (all its years) named after it, without the doubts sheet,
    and one workbook of the doubts for the supervisor when there are any."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    groups: dict[str, list[str]] = {}
    for r in result.reports:
        groups.setdefault(r.agency or r.identity, []).append(r.path)
    for name in groups:
        part = result.for_agency(name)
        stem = _UNSAFE.sub("_", name).strip("_") or "未知机关"
        written.append(folder / f"{stem}.xlsx")
        write(written[-1], part, doubts=False)
    has_doubts = (
        result.doubts
        or result.duplicates
        or result.failed
        or result.skipped
        or any(r.problems for r in result.reports)
    )
    if has_doubts:
        written.append(write_doubts(folder / DOUBTS_FILE, result))
    return written


def write_spooled(folder: Path, batch: Any) -> list[Path]:
    """`write_by_agency` from a finished `BatchCheck` that spooled its summaries and
    findings: each agency's part is loaded, counted and written, then dropped."""
    from ogi.services.check import BatchResult

    folder.mkdir(parents=True, exist_ok=True)
    result, spool = batch.result, batch.spool
    written: list[Path] = []
    position = 0  # of a report in the whole batch: the order its findings are listed in
    for name in spool.groups():
        reports = list(spool.summaries(name))
        order = {}
        for r in reports:
            order[r.path] = position
            position += 1
        findings = [f for path in order for f in spool.findings(path)]
        findings.sort(key=lambda f: (order[f.file], *f.sort_key()))
        part = BatchResult(
            reports=reports,
            findings=findings,
            fixed=[f for f in result.fixed if f.agency == name],
            compared=result.compared,
        )
        _count(part, result.fixed)
        stem = _UNSAFE.sub("_", name).strip("_") or "未知机关"
        written.append(folder / f"{stem}.xlsx")
        write(written[-1], part, doubts=False)
        if len(written) % 8 == 0:
            # a workbook written is a cycle of objects (sheets point at their book): left
            # to the collector's own pace, thousands of them pile up before they go
            gc.collect()
    if result.doubts or result.duplicates or result.failed or result.skipped:
        mine = list(spool.findings())  # the supervisor's: few, in the batch's order
        mine.sort(key=lambda f: (spool.position(f.file), *f.sort_key()))
        doubts = BatchResult(
            reports=list(spool.summaries()),
            findings=mine,
            duplicates=result.duplicates,
            failed=result.failed,
            skipped=result.skipped,
        )
        written.append(write_doubts(folder / DOUBTS_FILE, doubts))
    return written


def _count(part: BatchResult, fixed: list[Finding]) -> None:
    """Each report's counts from its findings, as the batch counted them."""
    by_path = {r.path: r for r in part.reports}
    by_identity = {r.identity: r for r in part.reports}
    for f in part.findings:
        r = by_path.get(f.file)
        if f.audience == "agency" and r is not None:
            r.counts[f.severity] += 1
            if f.status:
                r.status_counts[f.status] += 1
    for f in fixed:
        r = by_identity.get(report_identity(f.agency, f.year, f.file))
        if r is not None:
            r.status_counts["fixed"] += 1
    for r in part.reports:
        part.totals.update(r.counts)
    part.checked = len(part.reports)


def write_doubts(path: Path, result: BatchResult) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "读取疑点"
    _doubts_sheet(ws, result)
    wb.save(path)
    return path
