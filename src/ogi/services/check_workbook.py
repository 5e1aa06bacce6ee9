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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ogi import patterns
from ogi.check.finding import SEVERITY_ZH, Finding, report_identity, status_text
from ogi.format import Edition, edition, edition_for_year, editions
from ogi.format.labels import (
    cell_label,
    column_label,
    number_text,
    row_label,
    section_label,
    table_label,
)
from ogi.spreadsheet import text_cell

if TYPE_CHECKING:
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
        return number_text(value)
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
# Every sheet is written row by row in openpyxl's write-only mode, so a workbook of a
# national batch is written from the check's spool without holding its rows: a title
# merged over the columns (row 1), a grey header (row 2), every cell bordered and
# wrapped, each row as high as its longest wrapped text, A4 landscape.
FONT = "等线"  # the default font of Chinese Excel; LibreOffice substitutes a CJK font
FONT_SIZE = 10
LINE_HEIGHT = 13  # points per line of 10-point text
TITLE_ROW, HEADER_ROW = 1, 2


def text_units(text: str) -> int:
    """Width of a text in column-width units: a CJK character takes two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` units takes (spreadsheets do not size rows of
    wrapped text when they open a file, so the workbook sets each row's height)."""
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in text.split("\n"))


class _Styles:
    """The styles of every sheet, made once per workbook (write-only cells take them as
    they are written)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.font = Font(name=FONT, size=FONT_SIZE)
        self.head_font = Font(name=FONT, bold=True, size=FONT_SIZE)
        self.head_fill = PatternFill("solid", fgColor=HEAD_FILL)
        self.head_align = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.title_font = Font(name=FONT, bold=True, size=12)
        self.title_align = Alignment(wrap_text=True, vertical="center")
        self.fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}


class _Sheet:
    """One sheet of the workbook, written as its rows come."""

    def __init__(
        self,
        wb: Any,
        styles: _Styles,
        name: str,
        title: str,
        head: Sequence[str],
        widths: Sequence[float],
    ) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.properties import PageSetupProperties

        self.ws = ws = wb.create_sheet(name)
        self.styles, self.widths, self.cell = styles, list(widths), WriteOnlyCell
        self.rows = 0  # below the header
        ncols = len(widths)
        # what the sheet's XML holds before its rows must be set before the first row
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.merged_cells.add(f"A{TITLE_ROW}:{get_column_letter(ncols)}{TITLE_ROW}")
        ws.row_dimensions[TITLE_ROW].height = 40
        first = text_cell(ws, title)
        first.font, first.alignment = styles.title_font, styles.title_align
        ws.append([first])
        del ws.row_dimensions[TITLE_ROW]
        cells = []
        for text in head:
            c = text_cell(ws, text)
            c.font, c.fill = styles.head_font, styles.head_fill
            c.alignment, c.border = styles.head_align, styles.border
            cells.append(c)
        self._append(cells, list(head))

    def _append(self, cells: list[Any], values: Sequence[Any]) -> None:
        lines = 1
        for value, width in zip(values, self.widths, strict=False):
            if value is not None:
                lines = max(lines, lines_needed(str(value), width))
        row = HEADER_ROW + self.rows
        self.ws.row_dimensions[row].height = lines * LINE_HEIGHT + 4
        self.ws.append(cells)
        del self.ws.row_dimensions[row]  # written with its row; kept, one per row adds up

    def add(self, values: Sequence[Any], severity: str | None = None) -> None:
        """A row of values (missing ones empty), bordered; `severity` colours column 4."""
        s = self.styles
        values = list(values) + [None] * (len(self.widths) - len(values))
        cells = []
        for value in values:
            # a finding quotes the report's text, which may start with "="
            c = text_cell(self.ws, value) if isinstance(value, str) else self.cell(self.ws, value)
            c.alignment, c.border, c.font = s.wrap, s.border, s.font
            cells.append(c)
        if severity is not None:
            cells[3].fill = s.fills[severity]
        self.rows += 1
        self._append(cells, values)

    def done(self, empty: Sequence[Any] | None = None, *, autofilter: bool = False) -> None:
        """After the last row: `empty` as the only row of a sheet without rows."""
        from openpyxl.utils import get_column_letter

        if not self.rows and empty is not None:
            self.add(empty)
        if autofilter:
            last = f"{get_column_letter(len(self.widths))}{HEADER_ROW + self.rows}"
            self.ws.auto_filter.ref = f"A{HEADER_ROW}:{last}"


def _counts_text(result: BatchResult) -> str:
    t = result.totals
    text = f"错误 {t['error']} 条，警告 {t['warning']} 条，提示 {t['info']} 条"
    if result.compared:
        text += "；" + result.rounds_text()
    return text


def _heading(result: BatchResult, agencies: set[str], years: set[int], n: int) -> str:
    """The findings sheet's title, from the agencies and years of the `n` reports."""
    names = sorted(agencies - {""})
    text = "、".join(str(y) for y in sorted(years))
    if len(names) == 1:
        what = f"{names[0]}{text + '年度' if text else ''}政府信息公开工作年度报告核查意见"
    else:
        what = f"政府信息公开工作年度报告核查意见（共 {n} 份报告）"
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


def _finding_columns(compared: bool, decisions: Decisions | None) -> list[tuple[str, int]]:
    columns = [c for c in FINDING_HEAD if c[0] != "本轮" or compared]
    if decisions is not None:
        columns.insert(-1, ("审核意见", 24))
    return columns


def _finding_line(
    n: int,
    f: Finding,
    summary: ReportSummary | None,
    compared: bool,
    decisions: Decisions | None,
) -> list[Any]:
    """Line `n` of 问题清单: an agency's finding in the format's words."""
    ed = edition_of(summary, f.table)
    where, row, col = place(f, ed)
    line: list[Any] = [
        n,
        (summary.agency if summary else f.agency) or "",
        (summary.year if summary else f.year) or "",
        SEVERITY_ZH[f.severity],
    ]
    if compared:
        line.append(status_text(f))
    line += [where, row, col, readable(f.expected, ed), readable(f.found, ed), f.message, f.hint]
    if decisions is not None:
        line.append(decided_text(decisions.get(f.id)))
    line.append(f.rule)
    return line


def _summary_columns(compared: bool) -> tuple[list[str], list[int]]:
    head = ["机关", "年度", "文件", "格式版本", "错误", "警告", "提示"]
    widths = [22, 7, 44, 9, 7, 7, 7]
    if compared:
        head += ["新增", "仍存在", "已修正"]
        widths += [7, 7, 7]
    return [*head, "结论"], [*widths, 10]


def _summary_line(r: ReportSummary, compared: bool) -> list[Any]:
    """A line of 报告汇总: one report's counts and verdict."""
    line: list[Any] = [
        r.agency or "",
        r.year or "",
        r.path,
        f"{r.edition}版" if r.edition in editions() else ("混用" if r.edition else ""),
        r.counts["error"],
        r.counts["warning"],
        r.counts["info"],
    ]
    if compared:
        line += [r.status_counts[s] for s in ("new", "persisting", "fixed")]
    line.append(r.verdict)
    return line


FIXED_HEAD = ["机关", "年度", "严重程度", "表格或部分", "行", "列", "上一轮的问题说明", "规则"]
FIXED_WIDTHS = [16, 7, 8, 14, 22, 14, 70, 12]


def _fixed_line(f: Finding, summary: ReportSummary | None) -> list[Any]:
    """A line of 已修正: a finding of the baseline round that is gone."""
    where, row, col = place(f, edition_of(summary, f.table))
    return [
        f.agency or "",
        f.year or "",
        SEVERITY_ZH[f.severity],
        where,
        row,
        col,
        f.message,
        f.rule,
    ]


DOUBTS_HEAD = ["文件", "机关", "年度", "位置", "疑点", "处理建议"]
DOUBTS_WIDTHS = [36, 16, 7, 16, 60, 36]
DOUBTS_TITLE = "读取疑点（供审核人员核对原文；不属于机关报告的问题，不发给机关）"


def _doubt_lines(
    with_problems: Iterable[ReportSummary],
    supervisor: Iterable[Finding],
    result: BatchResult,
) -> Iterator[list[Any]]:
    """The lines of 读取疑点: the readers' problems of the reports, the findings for the
    supervisor, duplicates, files that could not be read, JSON that is no report."""
    for r in with_problems:
        for p in r.problems:
            yield [r.path, r.agency or "", r.year or "", p.where, p.message, "对照原文核对"]
    for f in supervisor:
        where = " ".join(x for x in place(f, edition_of(None, f.table)) if x)
        yield [f.file, f.agency or "", f.year or "", where, f.message, f.hint]
    for d in result.duplicates:
        yield [
            d.path,
            d.agency or "",
            d.year or "",
            "整份文件",
            d.message,
            "如两份内容不同，请确认以哪一份为准",
        ]
    for path, reason in result.failed:
        yield [
            path,
            "",
            "",
            "整份文件",
            f"无法读取：{reason}",
            "检查文件是否完整，或另存为其他格式后重新核查",
        ]
    for path in result.skipped:
        yield [path, "", "", "整份文件", "不是 ogi 的报告 JSON，未核查", ""]


class _Book:
    """A workbook's sheets opened in order; rows go to any of them as they come."""

    def __init__(
        self,
        result: BatchResult,
        heading: str,
        *,
        doubts: bool,
        decisions: Decisions | None = None,
    ) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self.styles = _Styles()
        self.result, self.decisions = result, decisions
        columns = _finding_columns(result.compared, decisions)
        self.findings = self._sheet(
            "问题清单", heading, [h for h, _ in columns], [w for _, w in columns]
        )
        head, widths = _summary_columns(result.compared)
        self.summary = self._sheet("报告汇总", f"报告汇总（{_counts_text(result)}）", head, widths)
        self.fixed: _Sheet | None = None
        if result.compared:
            title = f"与上一轮相比已修正的问题（共 {len(result.fixed)} 条）"
            self.fixed = self._sheet("已修正", title, FIXED_HEAD, FIXED_WIDTHS)
        self.doubts: _Sheet | None = None
        if doubts:
            self.doubts = self._sheet("读取疑点", DOUBTS_TITLE, DOUBTS_HEAD, DOUBTS_WIDTHS)

    def _sheet(self, name: str, title: str, head: Sequence[str], widths: Sequence[float]) -> _Sheet:
        return _Sheet(self.wb, self.styles, name, title, head, widths)

    def finding(self, f: Finding, summary: ReportSummary | None) -> None:
        n = self.findings.rows + 1
        line = _finding_line(n, f, summary, self.result.compared, self.decisions)
        self.findings.add(line, f.severity)

    def save(self, path: Path | IO[bytes]) -> Path | IO[bytes]:
        self.findings.done([None, "未发现需要机关修改的问题"], autofilter=True)
        self.summary.done()
        if self.fixed is not None:
            self.fixed.done()
        if self.doubts is not None:
            self.doubts.done(["无读取疑点"])
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        self.wb.save(path)
        return path


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
    if decisions is not None:
        result = without_dismissed(result, decisions)
    by_path = {r.path: r for r in result.reports}
    by_identity = {r.identity: r for r in result.reports}
    agencies = {r.agency or "" for r in result.reports}
    years = {r.year for r in result.reports if r.year}
    book = _Book(
        result,
        _heading(result, agencies, years, len(result.reports)),
        doubts=doubts,
        decisions=decisions,
    )
    for f in result.findings:
        if f.audience == "agency":
            book.finding(f, by_path.get(f.file))
    for r in result.reports:
        book.summary.add(_summary_line(r, result.compared))
    if book.fixed is not None:
        for f in result.fixed:
            summary = by_identity.get(report_identity(f.agency, f.year, f.file))
            book.fixed.add(_fixed_line(f, summary))
    if book.doubts is not None:
        supervisor = (f for f in result.findings if f.audience == "supervisor")
        for line in _doubt_lines(result.reports, supervisor, result):
            book.doubts.add(line)
    return book.save(path)


def write_spooled_book(path: Path | IO[bytes], batch: Any) -> Path | IO[bytes]:
    """`write` of a finished `BatchCheck` that spooled its summaries and findings
    (`spool_findings=True`), row by row from the spool: the memory it takes does not
    grow with the batch. Each report's counts are taken from its spooled findings (as
    `write_spooled` counts them); findings and reports come in the batch's order."""
    result, spool = batch.result, batch.spool
    agencies: set[str] = set()
    years: set[int] = set()
    n = 0
    for r in spool.summaries_in_order():
        agencies.add(r.agency or "")
        if r.year:
            years.add(r.year)
        n += 1
    fixed = Counter(report_identity(f.agency, f.year, f.file) for f in result.fixed)
    book = _Book(result, _heading(result, agencies, years, n), doubts=True)
    for f in sorted(spool.unplaced_findings(), key=Finding.sort_key):  # of no report
        if f.audience == "agency":
            book.finding(f, None)
    for r, last in spool.summaries_with_last():
        # a file's findings are listed (and counted) with the last report of that file
        findings = sorted(spool.findings(r.path), key=Finding.sort_key) if last else []
        for f in findings:
            if f.audience == "agency":
                r.counts[f.severity] += 1
                if f.status:
                    r.status_counts[f.status] += 1
                book.finding(f, r)
        r.status_counts["fixed"] += fixed[r.identity]
        book.summary.add(_summary_line(r, result.compared))
    if book.fixed is not None:
        for f in result.fixed:
            identity = report_identity(f.agency, f.year, f.file)
            book.fixed.add(_fixed_line(f, spool.summary_with_identity(identity)))
    if book.doubts is not None:
        mine = list(spool.findings())  # the supervisor's: few, in the batch's order
        mine.sort(key=lambda f: (spool.position(f.file), *f.sort_key()))
        for line in _doubt_lines(spool.summaries(), mine, result):
            book.doubts.add(line)
    return book.save(path)


_UNSAFE = patterns.compile(r'[\\/:*?"<>|\s]+')


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
    """The supervisor's workbook of reading doubts (one sheet, 读取疑点)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = _Sheet(wb, _Styles(), "读取疑点", DOUBTS_TITLE, DOUBTS_HEAD, DOUBTS_WIDTHS)
    supervisor = (f for f in result.findings if f.audience == "supervisor")
    for line in _doubt_lines(result.reports, supervisor, result):
        sheet.add(line)
    sheet.done(["无读取疑点"])
    wb.save(path)
    return path
