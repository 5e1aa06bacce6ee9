"""Excel worksheets embedded in a Word document as objects (插入 → 对象 → Excel 工作表, or
a table pasted from Excel as a worksheet object). Word shows such an object as a
picture of the sheet, an EMF drawing no OCR reads; the workbook itself is in the file,
so the sheet is read as the table it is: each value as the sheet shows it (a formula
by the result the file saved, a number as its format shows it), merged cells as spans,
hidden rows and columns left out as Excel leaves them out of the picture.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import warnings
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ogi import limits, patterns
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


# An Excel 97-2003 workbook (an OLE file) is converted by LibreOffice, the converter at
# hand that reads the binary format, within this time; a document holds a few such
# objects, and past LEGACY_SHEETS the rest are said and show their pictures.
LEGACY_SECONDS = 60.0
LEGACY_SHEETS = 10


def is_sheet_object(progid: str) -> bool:
    return progid.startswith(SHEET_PROGIDS)


def legacy_sheet_table(data: bytes, where: str) -> tuple[Block | None, list[str]]:
    """The table of an embedded Excel 97-2003 workbook (`data`: the object's OLE file),
    read as `sheet_table` reads the workbook LibreOffice converts it to; None with the
    reason when it cannot be converted."""
    from ogi.libreoffice import ConvertError, convert

    if len(data) > limits.EMBEDDED_SHEET_BYTES.value:
        return None, [f"{where}超过 {limits.EMBEDDED_SHEET_BYTES.shown}，不像统计表，未读取"]
    with tempfile.TemporaryDirectory(prefix="ogi-xls-") as tmp:
        source = Path(tmp) / "sheet.xls"
        source.write_bytes(data)
        try:
            made = convert(source, "xlsx", Path(tmp), LEGACY_SECONDS)
        except ConvertError as e:
            return None, [f"{where}是 Excel 97-2003 格式，须经 LibreOffice 转换后读取：{e}"]
        xlsx = made.read_bytes()
    return sheet_table(xlsx, where)


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
    # Word shows the sheet as Excel draws it: hidden rows and columns are not drawn
    hidden_rows, hidden_cols = _hidden(ws)
    shown_rows = [r for r in range(top, bottom + 1) if r not in hidden_rows]
    shown_cols = [c for c in range(left, right + 1) if c not in hidden_cols]
    at_row = {r: i for i, r in enumerate(shown_rows)}
    at_col = {c: i for i, c in enumerate(shown_cols)}
    # a merged range is drawn from its first shown row and column, over its shown ones
    spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        r0, c0, r1, c1 = merged.min_row, merged.min_col, merged.max_row, merged.max_col
        rs = [r for r in range(r0, r1 + 1) if r in at_row]
        cs = [c for c in range(c0, c1 + 1) if c in at_col]
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        if rs and cs:
            spans[(rs[0], cs[0])] = (r0, c0, len(rs), len(cs))
    problems: list[str] = []
    rows: list[list[Cell]] = []
    for r in shown_rows:
        row: list[Cell] = []
        for c in shown_cols:
            if (r, c) in covered and (r, c) not in spans:
                continue
            vr, vc, rowspan, colspan = spans.get((r, c), (r, c, 1, 1))
            cell = ws.cell(vr, vc)
            text, doubt = _shown(cell.value, cell.number_format), None
            if text is None:
                text = _number(cell.value)
                doubt = (
                    f"{where}第{vr}行第{vc}列的数字按格式“{cell.number_format}”显示，"
                    "无法确定显示的值，未取数"
                )
            written = formulas.cell(vr, vc).value
            if cell.value is None and isinstance(written, str) and written.startswith("="):
                problems.append(f"{where}第{vr}行第{vc}列是公式，文件中没有保存计算结果，未读取")
            row.append(Cell(text, at_row[r], at_col[c], rowspan, colspan, doubt=doubt))
        rows.append(row)
    return Block(kind="table", rows=rows), problems


def _hidden(ws: Any) -> tuple[set[int], set[int]]:
    """The sheet's hidden rows and columns, by number."""
    rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    cols = {
        c
        for dim in ws.column_dimensions.values()
        if dim.hidden and dim.min and dim.max
        for c in range(dim.min, min(dim.max, MAX_COLUMNS) + 1)
    }
    return rows, cols


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


def _shown(value: object, number_format: str) -> str | None:
    """A cell's value as the sheet shows it, near enough for reading: whole numbers
    without a decimal point, rounded to the places the format shows, with the words
    it adds (0"件"), percentages with their sign, dates as dates; "" when the format
    shows nothing (;;;). None for a number whose format shows it in a way not worked
    out here (a digit written into the format, 0"0" showing 46 as 460; a fraction)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _formatted(value, number_format or "General")
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


_PLACES = patterns.compile(r"[#0?,]*(?:\.([#0?]*))?")


def _formatted(value: float, number_format: str) -> str | None:
    """A number as its format shows it (`_shown`)."""
    if number_format.strip().lower() in ("general", "@", ""):
        return _number(value)
    sections = [m.group() for m in re.finditer(r'(?:"[^"]*"|\\.|[^;])*', number_format)][::2]
    if value < 0 and len(sections) > 1:
        return None  # its own section for negatives: no sign, or one written in it
    section = sections[2] if value == 0 and len(sections) > 2 else sections[0]
    if not section.strip():
        return ""  # ;;; : nothing shown
    words: list[str] = []
    pattern = []
    for m in re.finditer(r'"([^"]*)"|\\(.)|_.|\*.|\[[^\]]*\]|(.)', section):
        if m.group(1) is not None or m.group(2) is not None:
            words.append((m.group(1) or "") + (m.group(2) or ""))
        elif m.group(3) is not None:
            if m.group(3) in "#0?,.%":
                pattern.append(m.group(3))
                words.append("\0")  # where the number stands
            elif m.group(3).isascii() and (m.group(3).isalpha() or m.group(3) == "/"):
                return None  # an exponent, a fraction, a date's or time's part
            elif not m.group(3).isspace():
                words.append(m.group(3))
    shape = "".join(pattern)
    percent = shape.count("%")
    places = _PLACES.fullmatch(shape.replace("%", ""))
    said = "".join(w for w in words if w != "\0")
    if any("0" <= ch <= "9" for ch in said):
        return None
    if not shape.replace("%", ""):
        return said.strip()  # words only ("-" for a zero)
    if places is None:
        return None
    shown = Decimal(repr(value)) * (100**percent)
    try:
        shown = shown.quantize(Decimal(1).scaleb(-len(places.group(1) or "")), ROUND_HALF_UP)
    except InvalidOperation:
        return None
    before = "".join(words[: words.index("\0")])
    after = "".join(words[len(words) - words[::-1].index("\0") :])
    return f"{before}{_number(float(shown))}{'%' * percent}{after}".strip()


def _number(value: float) -> str:
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:.10g}"
