"""Tables printed without ruling lines: rows of numbers whose columns line up.

A web page printed by a browser, or a report whose table borders were switched off,
leaves only text: each row of table 三 is a line with a label and seven numbers standing
in columns, a label too long for its cell wraps onto lines of its own above and below the
numbers (a browser centres the numbers in the row). The columns are where the numbers of
several lines line up; a label line without numbers belongs to the row of numbers nearest
to it, unless a rule drawn between them says otherwise (a table ruled only across, between
its rows). The result is a `Grid` like the ruled ones, so the rest of the reader (tables
run over pages, blocks, line numbers) treats both the same.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from ogi import patterns
from ogi.readers.pdf_chars import Char, Line, join_chars, join_spans
from ogi.readers.pdf_tables import Grid, GridCell, Rule

_NUMBER = patterns.compile(r"^[+-]?[\d,]+(?:\.\d+)?(?:万元|元)?$|^[/\-—–－]$")
MIN_NUMBERS = 3  # numbers a line needs to count as a row of a table
GAP = 0.5  # ems of white space that end a piece of text in a line
# Lines of one cell stand closer than this (ems from one's foot to the next one's top);
# rows of a table printed without rules may too
TIGHT = 0.5


@dataclass
class Piece:
    """Characters of one line that stand together (a cell's text on that line)."""

    chars: list[Char]

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def text(self) -> str:
        return join_chars(self.chars)

    @property
    def number(self) -> bool:
        return bool(_NUMBER.match(self.text))


def pieces(line: Line) -> list[Piece]:
    out: list[Piece] = []
    for c in line.chars:
        if out:
            prev = out[-1].chars[-1]
            size = max(prev.size, c.size, 1.0)
            both_digits = prev.text[-1:].isdigit() and c.text[:1].isdigit()
            if c.x0 - prev.x1 <= size * (0.6 if both_digits else GAP):
                out[-1].chars.append(c)
                continue
        out.append(Piece([c]))
    return out


def _cluster(values: list[float], tol: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def _columns(rows: list[list[Piece]], size: float) -> list[tuple[float, float]] | None:
    """The value columns as x bands, from where the numbers of the rows line up (by
    their left edges, right edges or centres, whichever lines them up tightest); the
    rows given are those with numbers in most columns."""
    nums = [p for row in rows for p in row if p.number]
    best: list[list[Piece]] | None = None
    for key in (lambda p: p.x0, lambda p: p.x1, lambda p: (p.x0 + p.x1) / 2):
        groups = _cluster([key(p) for p in nums], size * 0.8)
        if best is None or len(groups) < len(best):
            bands = []
            for g in groups:
                lo, hi = g[0], g[-1]
                bands.append([p for p in nums if lo <= key(p) <= hi])
            best = bands
    if best is None:
        return None
    # a column is printed in most rows; a stray number is not a column
    cols = [(min(p.x0 for p in b), max(p.x1 for p in b)) for b in best if len(b) * 2 >= len(rows)]
    if len(cols) < MIN_NUMBERS:
        return None
    cols.sort()
    if any(a[1] >= b[0] for a, b in itertools.pairwise(cols)):
        return None  # bands that overlap are not columns
    return cols


def find_column_tables(
    lines: list[Line], rules: list[Rule] | None = None
) -> tuple[list[Grid], list[Line]]:
    """Grids of the tables whose columns line up, and the lines left outside them.
    `rules`: the page's rules, of which those drawn across part a label line from a row
    beyond them."""
    across = [r for r in rules or () if r.horizontal]
    lines = sorted(lines, key=lambda ln: ln.top)
    # most lines hold no table: only a line with enough digits is cut into pieces
    split = [pieces(ln) if sum(map(str.isdigit, ln.text)) >= MIN_NUMBERS else [] for ln in lines]
    counts = [sum(p.number for p in ps) for ps in split]
    if sum(n >= MIN_NUMBERS for n in counts) < 2:
        return [], lines
    split = [ps or pieces(ln) for ps, ln in zip(split, lines, strict=True)]
    grids: list[Grid] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if counts[i] < MIN_NUMBERS:
            i += 1
            continue
        # a run of lines from this row of numbers to the last one close below it (a
        # row with blank cells shows fewer numbers); a line of text reaching into the
        # numbers' columns (a heading, a header row printed again) ends it
        first_number = min(p.x0 for p in split[i] if p.number)
        # the first part of a number wrapped in its narrow cell ("119" over "3") stands
        # on a line of its own just above the row, right of the row's label (the wrapped
        # cell may be the row's first value, then left of all its numbers' line)
        label_end = max((p.x1 for p in split[i] if not p.number and p.x1 < first_number), default=0)
        values_from = min(first_number - 1, label_end + 1) if label_end else first_number - 1
        while (
            i > 0
            and i - 1 not in used
            and lines[i].top - lines[i - 1].bottom < TIGHT * lines[i].size
            and split[i - 1]
            and all(p.number and p.x0 >= values_from for p in split[i - 1])
        ):
            i -= 1
        j = last = i
        while j + 1 < len(lines):
            nxt = lines[j + 1]
            if nxt.top - lines[j].bottom > 2.5 * lines[j].size or "。" in nxt.text:
                break
            if any(p.x1 > first_number and not p.number for p in split[j + 1]):
                break
            j += 1
            if counts[j]:
                last = j
        # label lines just under the last row still belong to it
        pitch = _pitch([lines[k] for k in range(i, last + 1) if counts[k]])
        while (
            last + 1 <= j
            and not counts[last + 1]
            and lines[last + 1].top - lines[last].top <= 0.75 * pitch
        ):
            last += 1
        run = list(range(i, last + 1))
        grid = _grid(
            [lines[k] for k in run], [split[k] for k in run], [counts[k] for k in run], across
        )
        if grid is not None:
            head = _header_lines(lines, i, used, grid)
            if head:
                _with_header(grid, [lines[k] for k in head])
                run = head + run
            grids.append(grid)
            used.update(run)
        i = last + 1
    return grids, [ln for k, ln in enumerate(lines) if k not in used]


def _header_lines(lines: list[Line], i: int, used: set[int], grid: Grid) -> list[int]:
    """The lines of a header printed close above a table without rules whose first row
    is line `i`: text without digits or a sentence's stop, within the table's width,
    one at least reaching over its values' columns (a caption over the labels only
    does not), top to bottom; none when no line reaches the values."""
    x0, x1 = grid.xs[0], grid.xs[-1]
    # where the values' columns start, as a header centred over them stands
    values_from = _header_bands(grid)[_first_value_col(grid)][0]
    out: list[int] = []
    below = lines[i]
    for k in range(i - 1, max(-1, i - 1 - HEADER_LINES), -1):
        ln = lines[k]
        size = max(ln.size, 1.0)
        if k in used or below.top - ln.bottom > 1.5 * size:
            break
        if any(ch.isdigit() for ch in ln.text) or "。" in ln.text:
            break
        if ln.x0 < x0 - size or ln.x1 > x1 + size:
            break
        if any(p.x0 < values_from - 1 < p.x1 for p in pieces_apart(ln)):
            break  # text running from the labels into the values: a heading, not a cell
        out.insert(0, k)
        below = ln
    while out and lines[out[0]].x1 <= values_from:
        out.pop(0)  # a line over the labels only: a caption, or a heading of the part
    return out if any(lines[k].x1 > values_from for k in out) else []


def _first_value_col(grid: Grid) -> int:
    """The first column of values: the one after the label columns (`_grid` puts the
    label columns first; the last column is a value column)."""
    return next(
        (
            c
            for c in range(len(grid.xs) - 1)
            if any(is_numeric(g.text) for g in grid.cells if g.col == c)
        ),
        len(grid.xs) - 2,
    )


# what `_NUMBER` can start with, besides a decimal digit (`\d`: str.isdecimal)
_NUMBER_FIRST = frozenset("+-,/—–－")


def is_numeric(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return False
    # (most cells of a table's labels start with a letter: no match is tried)
    first = stripped[0]
    return (first in _NUMBER_FIRST or first.isdecimal()) and _NUMBER.match(stripped) is not None


def _with_header(grid: Grid, head: list[Line]) -> None:
    """Put the header lines above the grid as its first rows: each heading in the
    column its centre stands in, one wider than its column over the columns it covers;
    a heading wrapped in its narrow column put back together (`unwrapped_lines`)."""
    bands = _header_bands(grid)
    rebuilt = unwrapped_lines(head, bands)
    n = len(rebuilt)
    for c in grid.cells:
        c.row += n
    ncols = len(bands)
    ys = [ln.top for ln in rebuilt]
    bottoms = [*ys[1:], grid.ys[0]]
    cells: list[GridCell] = []
    for r, ln in enumerate(rebuilt):
        taken: dict[int, GridCell] = {}
        for p in pieces_apart(ln):
            first = _band_at(bands, p.x0 + 1)
            last = max(first, _band_at(bands, p.x1 - 1))
            if _band_of(p, bands) is not None:
                first = last = _band_of(p, bands)  # type: ignore[assignment]
            held = next((taken[c] for c in range(first, last + 1) if c in taken), None)
            if held is not None:  # (two headings over one column: one cell holds both)
                held.chars += p.chars
                held.text = chars_text(held.chars)
                continue
            cell = GridCell(
                r,
                first,
                1,
                last - first + 1,
                bands[first][0],
                bands[last][1],
                ys[r],
                bottoms[r],
                open_top=False,
                chars=list(p.chars),
            )
            cell.text = chars_text(cell.chars)
            for c in range(first, last + 1):
                taken[c] = cell
            cells.append(cell)
        for c in range(ncols):
            if c not in taken:
                cells.append(
                    GridCell(
                        r, c, 1, 1, bands[c][0], bands[c][1], ys[r], bottoms[r], open_top=False
                    )
                )
    grid.ys[:0] = ys
    grid.cells[:0] = sorted(cells, key=lambda g: (g.row, g.col))


def _header_bands(grid: Grid) -> list[tuple[float, float]]:
    """The columns as a header stands over them: the label columns as the grid has
    them; each column of values centred on its numbers (a heading is centred over its
    cell, as the numbers are, while the grid's columns start at the numbers' left)."""
    first = _first_value_col(grid)
    mids = []
    for c in range(first, len(grid.xs) - 1):
        held = [(g.x0 + g.x1) / 2 for g in grid.cells if g.col == c and g.text.strip()]
        mids.append(sum(held) / len(held) if held else (grid.xs[c] + grid.xs[c + 1]) / 2)
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(mids)]
    half = (cuts[0] - mids[0]) if cuts else (grid.xs[-1] - grid.xs[first]) / 2
    edges = [max(grid.xs[first - 1] if first else grid.xs[0], mids[0] - half), *cuts]
    edges.append(mids[-1] + half)
    labels = list(itertools.pairwise([*grid.xs[:first], edges[0]])) if first else []
    return labels + list(itertools.pairwise(edges))


def _band_at(bands: list[tuple[float, float]], x: float) -> int:
    """The column that x stands in (the outer ones past the table's edges)."""
    for c, (_, b) in enumerate(bands):
        if x < b:
            return c
    return len(bands) - 1


def _pitch(rows: list[Line]) -> float:
    """The usual distance from one row of numbers to the next."""
    steps = sorted(b.top - a.top for a, b in itertools.pairwise(rows))
    return steps[len(steps) // 2] if steps else 0.0


def _grid(
    lines: list[Line], split: list[list[Piece]], counts: list[int], across: list[Rule]
) -> Grid | None:
    full = [ps for ps, n in zip(split, counts, strict=True) if n >= MIN_NUMBERS]
    if len(full) < 2:
        return None
    numeric = [n > 0 for n in counts]
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    cols = _columns(full, size)
    if cols is None:
        return None
    first_value = cols[0][0]
    # a line of numbers only, too few to count (the last part of a wrapped number)
    numeric = [
        n or (bool(ps) and all(p.number and p.x0 >= first_value - 1 for p in ps))
        for n, ps in zip(numeric, split, strict=True)
    ]
    # label columns: where the pieces left of the numbers start
    starts = _cluster([p.x0 for ps in split for p in ps if p.x1 <= first_value + 1], size * 0.8)
    label_starts = [g[0] for g in starts]
    # rows: each line of numbers; a line of label text joins the nearest of them
    anchors = [k for k, n in enumerate(numeric) if n]
    members: dict[int, list[int]] = {k: [k] for k in anchors}
    anchors = _wrapped_together(anchors, members, lines, split, first_value)
    labels = [k for k, n in enumerate(numeric) if not n]
    if any(p.x0 >= first_value - 1 for k in labels for p in split[k]):
        return None  # text in the value columns: not a table this reader knows
    for k, a in _label_rows(labels, anchors, members, lines, across).items():
        members[a].append(k)
    xs = [*label_starts, *(c[0] for c in cols), cols[-1][1]]
    ncols = len(xs) - 1
    tops = [min(lines[m].top for m in members[a]) for a in anchors]
    ys = [*tops, max(lines[m].bottom for m in members[anchors[-1]])]
    cells: list[GridCell] = []
    for r, a in enumerate(anchors):
        by_col: dict[int, list[Char]] = {}
        for m in sorted(members[a], key=lambda m: lines[m].top):
            for p in split[m]:
                c = _column_of(p, xs, len(label_starts), cols)
                by_col.setdefault(c, []).extend(p.chars)
        for c in range(ncols):
            chars = by_col.get(c, [])
            x0, x1 = xs[c], xs[c + 1]
            cell = GridCell(r, c, 1, 1, x0, x1, ys[r], ys[r + 1], open_top=False, chars=chars)
            cell.text = chars_text(chars)
            if chars:
                cell.x0 = min(ch.x0 for ch in chars)
                cell.x1 = max(ch.x1 for ch in chars)
                cell.top = min(ch.top for ch in chars)
                cell.bottom = max(ch.bottom for ch in chars)
            cells.append(cell)
    return Grid(xs, ys, cells)


def _label_rows(
    labels: list[int],
    anchors: list[int],
    members: dict[int, list[int]],
    lines: list[Line],
    across: list[Rule],
) -> dict[int, int]:
    """The row (its anchor) each line of label text goes with.

    A line of a wrapped label stands closer to the label's other lines than to the next
    row's (a cell's padding parts rows): a line clearly closer to the line above it, or
    below it, of the same column goes where that line goes. Otherwise, and where rows
    are printed as tight as lines, it goes with the nearest row of numbers that no rule
    drawn across parts it from. (A label wrapped over four lines has its numbers
    centred between its second and third lines: its last line stands nearer the next
    row's numbers than its own.)"""
    row_of = {m: a for a in anchors for m in members[a]}

    def nearest(k: int) -> int:
        centre = (lines[k].top + lines[k].bottom) / 2
        unparted = [a for a in anchors if not _parted(lines[k], lines[a], across)] or anchors
        return min(unparted, key=lambda a: abs((lines[a].top + lines[a].bottom) / 2 - centre))

    def column(k: int) -> list[int]:
        """The lines that share line k's left-to-right extent, top to bottom."""
        x0, x1 = lines[k].x0, lines[k].x1
        return [m for m in range(len(lines)) if lines[m].x0 < x1 and x0 < lines[m].x1]

    link: dict[int, int] = {}
    for k in labels:
        same = column(k)
        at = same.index(k)
        if at == 0 or at + 1 == len(same):
            continue
        up, down = same[at - 1], same[at + 1]
        if _parted(lines[k], lines[up], across) or _parted(lines[k], lines[down], across):
            continue
        above = lines[k].top - lines[up].bottom
        below = lines[down].top - lines[k].bottom
        margin = 0.25 * lines[k].size
        if above + margin < below:
            link[k] = up
        elif below + margin < above:
            link[k] = down
    out: dict[int, int] = {}
    for k in labels:
        seen, m = {k}, k
        while m not in row_of and m in link and link[m] not in seen:
            m = link[m]
            seen.add(m)
        if m in row_of:
            out[k] = row_of[m]
        else:
            out[k] = out[m] if m in out else nearest(m)
    return out


def _parted(label: Line, row: Line, across: list[Rule]) -> bool:
    """Whether a rule drawn across the label line's width stands in the white space
    between it and a row's line of numbers (1 pt of slack: a rule may touch the text's
    box; an underline stands inside it, not between the lines)."""
    upper, lower = (label, row) if label.top < row.top else (row, label)
    width = label.x1 - label.x0
    return any(
        upper.bottom - 1 <= r.pos <= lower.top + 1
        and min(r.b, label.x1) - max(r.a, label.x0) >= width / 2
        for r in across
    )


def _wrapped_together(
    anchors: list[int],
    members: dict[int, list[int]],
    lines: list[Line],
    split: list[list[Piece]],
    first_value: float,
) -> list[int]:
    """Lines of numbers that are parts of one row: a number too wide for its narrow
    cell wraps ("119" over "3"), and the browser centres the row's other cells, so the
    parts stand on lines of their own, closer than rows stand and without a label. Such
    a line is put in the row of the line it touches; a cell then holds two numbers, one
    above the other, and is reported rather than read as either part (rows printed as
    tight as lines, each with its label, stay apart). Returns the anchors left."""

    def labelled(k: int) -> bool:
        return any(p.x1 <= first_value + 1 for p in split[k])

    def foot(unit: list[int]) -> float:
        return max(lines[m].bottom for k in unit for m in members[k])

    groups: list[list[int]] = []
    pending: list[int] = []  # unlabelled lines going with the next line
    for at, k in enumerate(anchors):
        unit, pending = [*pending, k], []
        if labelled(k):
            groups.append(unit)
            continue
        # an unlabelled line goes with the nearer of the lines above and below it
        tight = TIGHT * lines[k].size
        up = lines[unit[0]].top - foot(groups[-1]) if groups else math.inf
        down = lines[anchors[at + 1]].top - foot(unit) if at + 1 < len(anchors) else math.inf
        if min(up, down) >= tight:
            groups.append(unit)
        elif up <= down:
            groups[-1] += unit
        else:
            pending = unit
    if pending:
        groups.append(pending)
    for g in groups:
        members[g[0]] = [m for k in g for m in members.pop(k)]
    return [g[0] for g in groups]


def _column_of(p: Piece, xs: list[float], labels: int, cols: list[tuple[float, float]]) -> int:
    if p.x0 >= cols[0][0] - 1:
        # the value band this number overlaps most
        overlap = [min(p.x1, b) - max(p.x0, a) for a, b in cols]
        return labels + max(range(len(cols)), key=lambda k: overlap[k])
    return max((k for k in range(labels) if xs[k] <= p.x0 + 1), default=0)


def chars_text(chars: list[Char]) -> str:
    from ogi.readers.pdf_tables import cell_text

    return cell_text(chars)


# A row of a table printed without rules that holds numbers only (no label): at least
# this many, each standing apart (table 四's fifteen)
ROW_OF_VALUES = 5
HEADER_LINES = 8  # lines of a header looked at above such a row, at most
HEADING_GAP = 0.3  # ems of white space that part two headings on a header line


def unwrapped_headings(lines: list[Line]) -> list[Line]:
    """`lines` with the header of each table printed without rules above a row of
    numbers only put back together, column by column.

    Such a table's narrow headings wrap ("结果" over "维持") and stand closer than the
    em that would make `join_chars` part them, so each header line reads as one run of
    every column's part ("结果结果其他尚未总计") and no heading can be told, nor its
    order checked. The row of numbers says where the columns are: on each header line
    the headings stand apart by white space, and the part on the next line, close
    below and inside the same column, goes on the heading it wraps from. A heading
    wider than its column (over a group of columns) is left as it stands."""
    lines = sorted(lines, key=lambda ln: ln.top)
    out = list(lines)
    for i, ln in enumerate(lines):
        bands = _value_bands(ln)
        if bands is None:
            continue
        head = _header_above(lines, i, bands)
        if head:
            rebuilt = unwrapped_lines(head, bands)
            out = [ln for ln in out if all(ln is not h for h in head)] + rebuilt
    return sorted(out, key=lambda ln: ln.top)


def _value_bands(line: Line) -> list[tuple[float, float]] | None:
    """The columns of a line of numbers only, each from halfway to its neighbours."""
    if sum(map(str.isdigit, line.text)) < ROW_OF_VALUES:
        return None  # (most lines: cut into pieces only a line with enough digits)
    ps = pieces(line)
    if len(ps) < ROW_OF_VALUES or not all(p.number for p in ps):
        return None
    mids = [(p.x0 + p.x1) / 2 for p in ps]
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(mids)]
    first, last = mids[0] - (cuts[0] - mids[0]), mids[-1] + (mids[-1] - cuts[-1])
    edges = [first, *cuts, last]
    return list(itertools.pairwise(edges))


def _header_above(lines: list[Line], i: int, bands: list[tuple[float, float]]) -> list[Line]:
    """The lines of text without digits standing close above line `i` and within its
    columns, top to bottom (a sentence, a number or a line wider than the table ends
    them). The numbers may stand to one side of their cells (set right or left) while
    the headings are centred: a line may reach half a column past the outer ones."""
    half = min(b - a for a, b in bands) / 2
    lo, hi = bands[0][0] - half, bands[-1][1] + half
    head: list[Line] = []
    below = lines[i]
    for k in range(i - 1, max(-1, i - 1 - HEADER_LINES), -1):
        ln = lines[k]
        if below.top - ln.bottom > 2.5 * max(ln.size, 1.0):
            break
        if any(ch.isdigit() for ch in ln.text) or "。" in ln.text:
            break
        if ln.x0 < lo or ln.x1 > hi:
            break
        head.insert(0, ln)
        below = ln
    return head


def _band_of(p: Piece, bands: list[tuple[float, float]]) -> int | None:
    """The column a piece of text stands in, by its centre; None for one wider than
    its column (a heading over a group of columns)."""
    mid = (p.x0 + p.x1) / 2
    for c, (a, b) in enumerate(bands):
        if a <= mid < b or (c == 0 and mid < a) or (c == len(bands) - 1 and mid >= b):
            return c if p.x1 - p.x0 <= b - a + 1 else None
    return None


def unwrapped_lines(head: list[Line], bands: list[tuple[float, float]]) -> list[Line]:
    """The header lines with each heading's wrapped parts joined to its first part and
    the headings of a line parted by a space; a line left empty is dropped."""
    split = [pieces_apart(ln) for ln in head]
    # (line, piece) → the parts that follow it on the lines below
    tails: dict[tuple[int, int], list[Piece]] = {}
    open_in: dict[int, tuple[int, int]] = {}  # column → the heading that may go on in it
    gone: set[tuple[int, int]] = set()
    for k, ps in enumerate(split):
        tight = k > 0 and head[k].top - head[k - 1].bottom < TIGHT * max(head[k].size, 1.0)
        now: dict[int, tuple[int, int]] = {}
        for j, p in enumerate(ps):
            c = _band_of(p, bands)
            if c is None:
                continue
            if tight and c in open_in:
                owner = open_in[c]
                tails.setdefault(owner, []).append(p)
                gone.add((k, j))
                now[c] = owner
            else:
                now[c] = (k, j)
        # a heading goes on only onto the next line; one wider than a column ends all
        # that stand under it
        open_in = now
    out: list[Line] = []
    for k, ps in enumerate(split):
        kept = [(j, p) for j, p in enumerate(ps) if (k, j) not in gone]
        if not kept:
            continue
        chars: list[Char] = []
        text: list[str] = []
        spans: list[tuple[float, float]] = []
        for j, p in kept:
            part = [p, *tails.get((k, j), [])]
            if text:
                text.append(" ")
                spans.append((chars[-1].x1, p.x0))
            for q in part:
                t, s = join_spans(q.chars)
                text.append(t)
                spans += s
                chars += q.chars
        ln = head[k]
        out.append(
            Line(
                chars,
                "".join(text),
                min(c.x0 for c in chars),
                max(c.x1 for c in chars),
                ln.top,
                max(ln.bottom, *(c.bottom for c in chars)),
                ln.size,
                spans,
            )
        )
    return out


def pieces_apart(line: Line) -> list[Piece]:
    """A header line's pieces: its characters parted wherever white space of a third
    of an em stands between them (a heading's characters touch; narrow columns leave
    less than half an em between their headings)."""
    out: list[Piece] = []
    for c in line.chars:
        if out and c.x0 - out[-1].chars[-1].x1 <= max(c.size, 1.0) * HEADING_GAP:
            out[-1].chars.append(c)
        else:
            out.append(Piece([c]))
    return out
