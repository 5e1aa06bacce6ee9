"""Excel worksheets embedded in a Word document as objects (插入 → 对象 → Excel 工作表, or
a table pasted from Excel as a worksheet object). Word shows such an object as a
picture of the sheet, an EMF drawing no OCR reads; the workbook itself is in the file,
so the sheet is read as the table it is: each value as the sheet holds it (a formula
by the result the file saved), merged cells as spans.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from typing import Any

from ogi import limits
from ogi.blocks import Block, Cell

# The object types that hold a workbook in the Office Open XML form (Excel 2007 and
# later; WPS's spreadsheet objects use their own names for the same).
SHEET_PROGIDS = ("Excel.Sheet", "Excel.SheetMacroEnabled", "KET.Sheet", "ET.Sheet")
# A used range larger than this is a data sheet pasted whole, not a statutory table.
MAX_CELLS = 20_000
MAX_COLUMNS = 200  # columns looked at for values
# cells of the recorded dimensions looked through for values (formatted empty cells
# around a table make the dimensions larger than the table)
MAX_SCANNED = 10 * MAX_CELLS


def is_sheet_object(progid: str) -> bool:
    return progid.startswith(SHEET_PROGIDS)


def sheet_table(data: bytes, where: str) -> tuple[Block | None, list[str]]:
    """The table on the shown sheet of an embedded workbook (`data`: its xlsx bytes),
    and the problems found; None for the table when the workbook cannot be read, with
    the reason. `where` names the object in messages (第1个嵌入的 Excel 表格)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            # (zipfile never unpacks more of a part than its directory declares)
            unpacked = sum(max(i.file_size, 0) for i in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None, [f"{where}已损坏，未读取"]
    if unpacked > limits.EMBEDDED_SHEET_BYTES.value:
        return None, [limits.EMBEDDED_SHEET_BYTES.say(where=where)]
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions
            values = load_workbook(io.BytesIO(data), data_only=True).active
            formulas = load_workbook(io.BytesIO(data), data_only=False).active
    except Exception:  # openpyxl raises many kinds for a damaged workbook; all mean that
        return None, [f"{where}已损坏，未读取"]
    if values is None or formulas is None:
        return None, [f"{where}中没有工作表，未读取"]
    return _table(values, formulas, where)


def _table(ws: Any, formulas: Any, where: str) -> tuple[Block | None, list[str]]:
    if formulas.max_row * formulas.max_column > MAX_SCANNED:
        return None, [f"{where}超过 {MAX_CELLS:,} 个单元格，不像统计表，未读取"]
    top, left, bottom, right = _used(formulas)  # (a formula without its result counts)
    if bottom < top:
        return None, [f"{where}是空表，未读取"]
    if (bottom - top + 1) * (right - left + 1) > MAX_CELLS:
        return None, [f"{where}超过 {MAX_CELLS:,} 个单元格，不像统计表，未读取"]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        r0, c0, r1, c1 = merged.min_row, merged.min_col, merged.max_row, merged.max_col
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    problems: list[str] = []
    rows: list[list[Cell]] = []
    for r in range(top, bottom + 1):
        row: list[Cell] = []
        for c in range(left, right + 1):
            if (r, c) in covered and (r, c) not in spans:
                continue
            cell = ws.cell(r, c)
            text = _shown(cell.value, cell.number_format)
            written = formulas.cell(r, c).value
            if cell.value is None and isinstance(written, str) and written.startswith("="):
                problems.append(f"{where}第{r}行第{c}列是公式，文件中没有保存计算结果，未读取")
            rowspan, colspan = spans.get((r, c), (1, 1))
            row.append(Cell(text, r - top, c - left, min(rowspan, bottom - r + 1), colspan))
        rows.append(row)
    return Block(kind="table", rows=rows), problems


def _used(ws: Any) -> tuple[int, int, int, int]:
    """The first and last row and column that hold a value (a sheet's recorded
    dimensions often take in formatted empty cells around the table)."""
    rows, cols = min(ws.max_row, MAX_CELLS), min(ws.max_column, MAX_COLUMNS)
    filled = [
        (c.row, c.column)
        for line in ws.iter_rows(max_row=rows, max_col=cols)
        for c in line
        if c.value is not None and str(c.value).strip()
    ]
    if not filled:
        return 1, 1, 0, 0
    rows = [r for r, _ in filled]
    cols = [c for _, c in filled]
    return min(rows), min(cols), max(rows), max(cols)


def _shown(value: object, number_format: str) -> str:
    """A cell's value as the sheet shows it, near enough for reading: whole numbers
    without a decimal point, percentages with their sign, dates as dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            value = value * 100
            return f"{_number(value)}%"
        return _number(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _number(value: float) -> str:
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:.10g}"
