"""Headings printed in one merged cell over a ruled table's columns.

Some agencies rule a table's rows and columns of values but leave the rules out of its
header: every heading of the header (自然人, 法人或其他组织, 商业企业 … 总计) then stands
in one cell that spans the columns of values, and the table's columns cannot be told
from it. The rules below say where the columns are: each heading stands over the column
its text stands in, or over the columns a group heading is centred on, so the cell is
read as rows of headings, one cell each, as a header with its rules would be. A heading
its position does not place in one column (crossing a rule) is put over every column
it crosses, which the grid reader does not take for a column's
heading (`ogi.layout.grid`): a table printing its columns in another order is then
withheld.
"""

from __future__ import annotations

import itertools

from ogi.readers.pdf_chars import Line, group_lines
from ogi.readers.pdf_columns import Piece, chars_text, is_numeric, pieces_apart, unwrapped_lines
from ogi.readers.pdf_tables import Grid, GridCell

SLACK = 1.0  # pt a heading may reach past its column's rules (a glyph's side bearing)


def split_header_cells(grid: Grid) -> None:
    """Read each merged cell of `grid` that holds the headings of several columns of
    values (see the module's note) as rows of headings, in place."""
    # the columns of values, found once: every cell is judged before any is split
    first: dict[int, int] | None = None
    held = []
    for c in grid.cells:
        if not _may_hold_headings(c):
            continue
        if first is None:
            first = _first_values(grid.cells)
        if _holds_headings(first, c):
            held.append(c)
    for cell in held:
        _split(grid, cell)


def _may_hold_headings(cell: GridCell) -> bool:
    """Whether the cell spans two columns at least and holds text without digits."""
    return cell.colspan >= 2 and bool(cell.chars) and not any(map(str.isdigit, cell.text))


def _first_values(cells: list[GridCell]) -> dict[int, int]:
    """Of each column holding a value (a one-column cell holding a number), the first
    row that holds one."""
    first: dict[int, int] = {}
    for g in cells:
        if g.colspan == 1 and is_numeric(g.text):
            row = first.get(g.col)
            if row is None or g.row < row:
                first[g.col] = g.row
    return first


def _holds_headings(first: dict[int, int], cell: GridCell) -> bool:
    """A cell above every number of the columns it spans, over two columns of values
    at least, holding text without digits with two headings side by side on a line
    (`first`: the first row of values of each column that holds any, `_first_values`)."""
    rows = [first[c] for c in range(cell.col, cell.col + cell.colspan) if c in first]
    if len(rows) < 2 or min(rows) < cell.row + cell.rowspan:
        return False
    return any(len(pieces_apart(ln)) > 1 for ln in group_lines(cell.chars))


def _split(grid: Grid, cell: GridCell) -> None:
    """Put the headings of `cell` in rows of their own where it stood. The cells beside
    it in its rows (the labels' corner) must span the same rows, to span the new rows;
    otherwise the cell is left as it is."""
    first, end = cell.row, cell.row + cell.rowspan
    beside = [g for g in grid.cells if g is not cell and g.row < end and g.row + g.rowspan > first]
    if any(g.row != first or g.rowspan != cell.rowspan for g in beside):
        return
    bands = [(grid.xs[c], grid.xs[c + 1]) for c in range(cell.col, cell.col + cell.colspan)]
    lines = unwrapped_lines(group_lines(cell.chars), bands)
    n = len(lines)
    tops = [cell.top, *((a.bottom + b.top) / 2 for a, b in itertools.pairwise(lines))]
    bottoms = [*tops[1:], cell.bottom]
    new: list[GridCell] = []
    for r, ln in enumerate(lines):
        new += _heading_row(ln, bands, first + r, cell.col, tops[r], bottoms[r])
    for g in grid.cells:
        if g in beside:
            g.rowspan = n
        elif g.row >= end:
            g.row += n - cell.rowspan
    grid.ys[first : end + 1] = [*tops, cell.bottom]
    grid.cells.remove(cell)
    grid.cells = sorted([*grid.cells, *new], key=lambda g: (g.row, g.col))


def _heading_row(
    line: Line, bands: list[tuple[float, float]], row: int, col0: int, top: float, bottom: float
) -> list[GridCell]:
    """One header line as cells: each heading over its columns (`_columns`), an empty
    cell over each column no heading stands over; two headings over one column share
    its cell."""
    taken: dict[int, GridCell] = {}
    out: list[GridCell] = []
    for p in pieces_apart(line):
        a, b = _columns(p, bands)
        held = next((taken[c] for c in range(a, b + 1) if c in taken), None)
        if held is not None:
            held.chars += p.chars
            held.text = chars_text(held.chars)
            continue
        g = GridCell(row, col0 + a, 1, b - a + 1, bands[a][0], bands[b][1], top, bottom, False)
        g.chars = list(p.chars)
        g.text = chars_text(g.chars)
        out.append(g)
        taken.update(dict.fromkeys(range(a, b + 1), g))
    for c, (x0, x1) in enumerate(bands):
        if c not in taken:
            out.append(GridCell(row, col0 + c, 1, 1, x0, x1, top, bottom, False))
    return out


def _columns(p: Piece, bands: list[tuple[float, float]]) -> tuple[int, int]:
    """The first and last column (indices into `bands`) a heading stands over: the one
    its text stands within, else every one it crosses (a group heading; a column's
    heading crossing a rule is not placed by the grid reader)."""
    return _band_at(bands, p.x0 + SLACK), _band_at(bands, p.x1 - SLACK)


def _band_at(bands: list[tuple[float, float]], x: float) -> int:
    """The column x stands in (the outer ones past the cell's sides)."""
    for c, (_, b) in enumerate(bands):
        if x < b:
            return c
    return len(bands) - 1
