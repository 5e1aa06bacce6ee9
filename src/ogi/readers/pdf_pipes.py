"""A Markdown report printed as text to PDF: its pipe rows are a table's rows as they
stand (their numbers in no columns of the page), read as the Markdown reader reads
them, each cell placed where its characters are printed."""

from __future__ import annotations

from dataclasses import dataclass

from ogi.blocks import Block, Box, Cell, Where
from ogi.readers.markdown import cell_ranges, joins_a_cell, pipe_rows, pipe_runs
from ogi.readers.pdf_chars import Line, join_spans


def pipe_lines(lines: list[Line]) -> tuple[list[list[Line]], list[Line]]:
    """The page's runs of lines that are rows of a pipe table (`markdown.pipe_runs`),
    top down, and its other lines."""
    if not any("|" in ln.text for ln in lines):
        return [], lines
    lines = sorted(lines, key=lambda ln: ln.top)
    runs = [lines[a : b + 1] for a, b in pipe_runs([ln.text for ln in lines])]
    if not runs:
        return [], lines
    taken = {id(ln) for run in runs for ln in run}
    return runs, [ln for ln in lines if id(ln) not in taken]


@dataclass
class PipeRun:
    """A pipe table's lines, possibly over several pages: (page, line number, line)."""

    lines: list[tuple[int, int, Line]]


# how much narrower than the widest line of a pipe table a line cut by the page's width
# may be, in ems: a wide character that did not fit, or a word moved whole to the next
# line (the Markdown reader's WRAP_SLACK of 12 columns)
PIPE_WRAP_EMS = 6.0


def pipe_block(run: PipeRun) -> Block | None:
    """A pipe table printed as text, read as the Markdown reader reads one: a row the
    page's width wrapped onto the next line joined back, a number the wrap may have cut
    not read (`markdown.pipe_rows`). Each cell is placed by its page and line, and by
    its box where it is printed whole on one line (`_place`)."""
    lines = [ln for _, _, ln in run.lines]
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    spans: list[range] = []
    rows = pipe_rows(
        [ln.text for ln in lines],
        widths=[ln.x1 - ln.x0 for ln in lines],
        slack=PIPE_WRAP_EMS * max(size, 1.0),
        spans=spans,
    )
    if not rows:
        return None
    for row, span in zip(rows, spans, strict=True):
        _place(row, [run.lines[k] for k in span])
    page, number, _ = run.lines[0]
    return Block("table", rows=rows, where=Where(page=page, line=number))


def _place(row: list[Cell], lines: list[tuple[int, int, Line]]) -> None:
    """Give each cell of a row printed on `lines` (page, line number, line) the page and
    line it is printed on and its box there: from the left edge of its first printed
    character to the right edge of its last (a blank cell: the space between its
    pipes). A cell a wrap cut over two lines keeps its first line's page and line, and
    has no box (no one box holds it). Where the lines cannot be matched to the row's
    cells, cells keep the row's first page and line only."""
    page, number, _ = lines[0]
    for cell in row:
        cell.page, cell.line = page, number
    placed: list[tuple[int, int, Box] | None] = []
    prev = ""
    for page, number, line in lines:
        boxes = _boxes(line)
        if boxes is None:
            return
        here = [(page, number, box) for box in boxes]
        if placed and joins_a_cell(prev, line.text):
            if not here:  # (a line of one cell's text alone: cell_ranges gives it one)
                return
            placed[-1] = None
            here = here[1:]
        placed += here
        prev = line.text
    if len(placed) != len(row):
        return
    for cell, where in zip(row, placed, strict=True):
        if where is not None:
            cell.page, cell.line, cell.box = where


def _boxes(line: Line) -> list[Box] | None:
    """The box of each cell of a printed pipe row (`markdown.cell_ranges`); None where
    the line's characters do not make its text."""
    text, spans = join_spans(line.chars)
    if text != line.text or len(spans) != len(text):
        return None
    out: list[Box] = []
    for a, b in cell_ranges(text):
        inked = [spans[i] for i in range(a, b) if not text[i].isspace()]
        if inked:
            x0, x1 = min(s[0] for s in inked), max(s[1] for s in inked)
        else:  # a blank cell: between the pipes either side of it
            x0 = spans[a - 1][1] if a > 0 else line.x0
            x1 = spans[b][0] if b < len(spans) else line.x1
        out.append((x0, line.top, x1, line.bottom))
    return out
