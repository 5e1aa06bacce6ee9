"""A report as plain text: every paragraph on its own line, and each statutory table as
lines of cells, a row's label followed by its values on one line.

The cells of a line are separated by tabs and padded with spaces to their column's
width on a CJK monospace display. Tabs, because a tab is a cell's edge that every reader
agrees on: an empty cell stays a cell (spaces alone cannot show one, and every value
after it would move a column), two numbers never run together, a spreadsheet pastes
the lines into columns, and it is how Word and WPS copy a table as text, which ogi's
text reader reads as rows. Padding, because every line of a table puts the same cells
in the same columns: padded to the same widths, they reach each tab at the same place,
so the tab stops line the columns up at any tab width.

Headers are printed once above the rows: each column's name on the last header line,
a group's name (申请人情况, 法人或其他组织, 行政诉讼) above its first column. Table 三's
group labels (三、本年度办理结果, （三）不予公开) get a line of their own, with the rows
under them indented.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ogi.model import Report
from ogi.render.tables import Grid, GridCell, metadata_items, outline, report_title

INDENT = "  "  # a row label one level under its group label


@dataclass
class Placed:
    """A cell of a text line: its column (0 holds the row labels), its text, and whether
    it is a value (right-aligned, as numbers are)."""

    col: int
    text: str
    value: bool = False
    # Whether its column must be as wide as its text: a title, or a group's name with
    # nothing after it on its line, may run on to the right.
    fits: bool = True


@dataclass
class Line:
    cells: list[Placed]
    head: bool = False  # a line of column names


def display_width(text: str) -> int:
    """Columns `text` takes on a CJK monospace display: wide and full-width characters
    take two, and so do the ambiguous ones (“ ” in 3.危及“三安全一稳定”), which CJK
    fonts print full-width."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _one_line(text: str) -> str:
    # a tab would split the cell and a line break end the row
    return " ".join(text.split()) if "\t" in text or "\n" in text else text


def text_lines(grid: Grid) -> list[Line]:
    """The lines of a table before padding: the grid's label columns become one column
    of indented labels, and a column name spanning header rows moves to the lowest."""
    first = min(c for _, c, cell in grid.placed() if cell.role == "value")

    def column(c: int) -> int:
        return c - first + (1 if first else 0)

    by_row: dict[int, list[tuple[int, GridCell]]] = {}
    for r, c, cell in grid.placed():
        at = r + cell.rowspan - 1 if cell.role == "head" and c >= first else r
        by_row.setdefault(at, []).append((c, cell))
    lines: list[Line] = []
    for r in range(len(grid.rows)):
        cells = sorted(by_row.get(r, []), key=lambda x: x[0])
        if not cells:
            continue
        if any(cell.role == "value" for _, cell in cells):
            lines += _row_lines(cells, column)
        elif cells[0][1].role == "block":
            lines.append(Line([Placed(0, cells[0][1].text, fits=False)]))
        else:
            heads = [Placed(column(c) if c >= first else 0, cell.text) for c, cell in cells]
            lines.append(Line(heads, head=True))
    _free_group_names(lines)
    return lines


def _row_lines(cells: list[tuple[int, GridCell]], column: Callable[[int], int]) -> list[Line]:
    """A row of values, after a line for each group label that opens it."""
    labels = [(c, cell) for c, cell in cells if cell.role == "label"]
    out = [Line([Placed(0, INDENT * c + cell.text)]) for c, cell in labels[:-1]]
    row = [Placed(0, INDENT * c + cell.text) for c, cell in labels[-1:]]
    row += [
        Placed(column(c), _one_line(cell.text), value=True)
        for c, cell in cells
        if cell.role == "value"
    ]
    return [*out, Line(row)]


def _free_group_names(lines: list[Line]) -> None:
    """A header line above another header line names groups of columns; the last name
    on it may run on over the rest of its group."""
    for line, below in pairwise(lines):
        if line.head and below.head and line.cells[-1].col > 0:
            line.cells[-1].fits = False


def _widths(lines: list[Line]) -> list[dict[int, int]]:
    """Each line's column widths. The labels' column is one for the whole table; the
    value columns are measured per band (a header and the rows under it), as each
    block of table 二 names its own columns."""
    label = max((_width(p) for ln in lines for p in ln.cells if p.col == 0), default=0)
    out: list[dict[int, int]] = []
    band: dict[int, int] = {}
    for i, line in enumerate(lines):
        if line.head and (i == 0 or not lines[i - 1].head):
            band = {}
        band[0] = label
        for p in line.cells:
            if p.col > 0:
                band[p.col] = max(band.get(p.col, 0), _width(p))
        out.append(band)  # (the band's dict: its later lines widen it for all)
    return out


def _width(p: Placed) -> int:
    return display_width(p.text) if p.fits else 0


def _format(line: Line, widths: dict[int, int]) -> str:
    by_col = {p.col: p for p in line.cells}
    parts = []
    for c in range(max(by_col) + 1):
        p = by_col.get(c)
        text = p.text if p else ""
        pad = " " * (widths.get(c, 0) - display_width(text))
        parts.append(pad + text if p and p.value else text + pad)
    # No spaces at the end; the tab before an empty last value stays: it keeps the cell.
    return "\t".join(parts).rstrip(" ")


def table_lines(grid: Grid) -> list[str]:
    lines = text_lines(grid)
    return [_format(ln, w) for ln, w in zip(lines, _widths(lines), strict=True)]


def render_text(report: Report) -> str:
    out = [report_title(report), ""]
    meta = metadata_items(report)
    if meta:
        out += [f"{k}：{v}" for k, v in meta] + [""]
    for part in outline(report):
        if part.kind == "table" and part.grid is not None:
            # a blank line above and below sets the table apart from the text
            out += ["", *table_lines(part.grid), ""]
        else:
            out.append(part.text)
    return "\n".join(out) + "\n"
