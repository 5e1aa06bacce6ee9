"""Markdown (as PDF converters write it) into blocks.

Converters write tables that a strict Markdown parser would reject: rows without outer
pipes, separator rows in the middle or repeated, rows of different lengths. We read any
run of consecutive pipe lines as one table and keep what it says. Some converters write
HTML tables instead; those go through the HTML reader's table logic.

A block quote's markers (`> `, also nested) are not part of its lines: a table quoted so
is the table it quotes, its separator row a separator.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter

from ogi import patterns
from ogi.blocks import Block, Cell, Document, Where, raised
from ogi.memo import short_memo
from ogi.readers.html import blocks_from_fragment
from ogi.readers.ruled import display_width, ruled_table

_HEADING = patterns.compile(r"^ {0,3}(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?\s*$")
# "---", ":--", "--:"; a lone "-" is how reports print "none", so it is data.
_SEPARATOR_CELL = patterns.compile(r"^\s*(?::-+:?|-+:|-{2,})\s*$")
# The second line of a pipe table is its delimiter row (GFM), also where it is typed with
# single hyphens, dashes or full-width ones (| — | — |): there it prints no cells.
_DELIMITER_CELL = patterns.compile(r"^\s*:?[-—－─–‒―]+:?\s*$")
_BR = patterns.compile(r"<br\s*/?>", re.IGNORECASE)
_TABLE_OPEN = patterns.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = patterns.compile(r"</table\s*>", re.IGNORECASE)
_RULE = patterns.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")  # thematic breaks carry no text
_IMAGE = patterns.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_COMMENT = patterns.compile(r"^\s*<!--.*-->\s*$")
_BOLD = patterns.compile(r"^(\*\*|__)(.+)\1$")
# a whole cell set in bold or italics (**3**, *3*, __3__): the markers print nothing
_EMPHASIS = patterns.compile(r"^(\*{1,3}|_{1,3})(\S(?:.*\S)?)\1$")
# a whole cell set as code (`3`, ``3``), as converters mark figures: the backticks print
# nothing (CommonMark strips one space at either end inside them)
_CODE = patterns.compile(r"^(`+) ?([^`]+?) ?\1$")
# a backslash before ASCII punctuation makes it that character (CommonMark), as ogi's own
# Markdown and converters such as pandoc write `A\<B`, `\*`, `1\. `
_ESCAPED = patterns.compile(r"\\([!-/:-@\[-`{-~])")
# A grid table's border (+----+----+, under its header +====+, :s for alignment) and
# a line of its cells (| 行政许可 | 46 |)
_GRID_BORDER = patterns.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_RULE = patterns.compile(r"[-=:]+")
_GRID_CORNERS = patterns.compile(r"[+|]")  # where a grid table's cells meet
_GRID_LINE = patterns.compile(r"^\s*\|.*\|\s*$")
# A footnote's reference ([^1], [^注]): after a number, a note on it, as 18（注1） is
_FOOTNOTE = patterns.compile(r"\[\^([^\]\s]+)\]")
_QUOTED = patterns.compile(r"^ {0,3}>(?: {0,3}>)* ?")


def read_markdown(path: str, text: str) -> Document:
    """Read Markdown into heading, paragraph and table blocks, one paragraph per line."""
    lines = [_QUOTED.sub("", ln) if ">" in ln else ln for ln in text.splitlines()]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        # (each kind of line is first told by a character it must hold: most lines are
        # text, and each pattern tried on each line was a tenth of reading the file)
        if "<" in line and _TABLE_OPEN.search(line):
            end = _html_table_end(lines, i)
            blocks.extend(blocks_from_fragment("\n".join(lines[i : end + 1]), first_line=i + 1))
            i = end + 1
            continue
        if "+" in line and _GRID_BORDER.match(line) and (grid := _grid_table(lines, i)):
            rows, end = grid
            blocks.append(Block(kind="table", rows=rows, where=Where(line=i + 1)))
            i = end + 1
            continue
        if (ruled := ruled_table(lines, i)) is not None:
            rows, end = ruled
            blocks.append(Block(kind="table", rows=rows, where=Where(line=i + 1)))
            i = end + 1
            continue
        if _has_pipe(line):
            end = i
            while end + 1 < len(lines) and _has_pipe(lines[end + 1]):
                end += 1
            run = lines[i : end + 1]
            if _is_table(run):
                rows = _table_rows(run, i + 1)
                if rows:
                    blocks.append(Block(kind="table", rows=rows, where=Where(line=i + 1)))
                i = end + 1
                continue
        heading = _HEADING.match(line) if "#" in line else None
        if heading:
            title = _unescaped_marks(_unbold(heading.group(2).strip()))
            if title:
                level = len(heading.group(1))
                blocks.append(
                    Block(kind="heading", text=title, level=level, where=Where(line=i + 1))
                )
        elif (text := line.strip()) and not _prints_nothing(text):
            blocks.append(
                Block(
                    kind="paragraph",
                    text=_unescaped_marks(_unbold(text)),
                    where=Where(line=i + 1),
                )
            )
        i += 1
    for n, block in enumerate(blocks):
        block.where.block = n
    return Document(path=path, form="md", blocks=blocks)


def _grid_table(lines: list[str], start: int) -> tuple[list[list[Cell]], int] | None:
    """A grid table (pandoc's) from its top border on line `start`: its rows, each the
    lines between two borders, a cell's text its lines in its column (joined as lines,
    as `<br>` is), and the index of its last border. A border blank over a column
    (|      +------+) is a cell that goes on into the next row, spanning it. None where
    the table is not a grid of the top border's columns (a cell across columns, a bar
    inside a cell): its lines are then read one row a line, as any pipe lines are."""
    ncols = len(_grid_segments(lines[start]) or ())
    rows: list[list[Cell]] = []
    texts: dict[int, list[str]] = {}  # id of an open cell → its lines of text
    cells: list[Cell | None] = [None] * ncols  # the cell open in each column
    pending: list[tuple[int, list[str]]] = []  # (line index, its cells) since the last border
    goes_on = [False] * ncols
    end = start
    for k in range(start + 1, len(lines)):
        segments = _grid_segments(lines[k])
        if segments is not None:
            if len(segments) != ncols or (not pending and k > start + 1):
                return None
            _grid_row(rows, pending, cells, texts, goes_on)
            goes_on = [not seg.strip() for seg in segments]
            pending = []
            end = k
            if not any(goes_on):
                continue
            if not rows or any(g and cells[c] is None for c, g in enumerate(goes_on)):
                return None
            continue
        line = lines[k]
        if not _GRID_LINE.match(line):
            break
        parts = line.strip()[1:-1].split("|")
        if len(parts) != ncols:
            return None
        pending.append((k, parts))
    if pending or any(goes_on) or not rows:
        return None  # (a table not closed by a border)
    for row in rows:
        for cell in row:
            cell.text = _ESCAPED.sub(r"\1", "\n".join(texts[id(cell)]))
    return rows, end


def _grid_segments(line: str) -> list[str] | None:
    """The segments of a grid table's border between its + (or, beside a cell that
    goes on, |): each all rule or all blank, one at least a rule; None for any other
    line."""
    s = line.strip()
    if len(s) < 3 or "+" not in s or s[0] not in "+|" or s[-1] not in "+|":
        return None
    segments = _GRID_CORNERS.split(s[1:-1])
    if not all(_GRID_RULE.fullmatch(seg) or not seg.strip() for seg in segments):
        return None
    return segments if any(seg.strip() for seg in segments) else None


def _grid_row(
    rows: list[list[Cell]],
    lines: list[tuple[int, list[str]]],
    cells: list[Cell | None],
    texts: dict[int, list[str]],
    goes_on: list[bool],
) -> None:
    """The row of `lines`: a new cell in each column, but where the cell above goes on."""
    if not lines:
        return
    r = len(rows)
    row = []
    for c in range(len(cells)):
        cell = cells[c]
        if goes_on[c] and cell is not None:
            cell.rowspan += 1
        else:
            cell = cells[c] = Cell("", r, c, line=lines[0][0] + 1)
            texts[id(cell)] = []
            row.append(cell)
        texts[id(cell)] += [t for _, parts in lines if (t := _cell_text(parts[c]))]
    rows.append(row)


def _prints_nothing(text: str) -> bool:
    """Whether a line (stripped) is a thematic break, an image or a comment."""
    first = text[0]
    return bool(
        (first in "-*_=" and _RULE.match(text))
        or (first == "!" and _IMAGE.match(text))
        or (first == "<" and _COMMENT.match(text))
    )


def _unescaped_marks(text: str) -> str:
    """Text without the backslashes that escape Markdown's marks (\\* prints *)."""
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def _unbold(text: str) -> str:
    # Converters often bold a whole heading line; the markers are not part of its text.
    m = _BOLD.match(text)
    return m.group(2).strip() if m else text


def _html_table_end(lines: list[str], start: int) -> int:
    """Index of the line that closes the HTML table opened on `start` (nesting counted)."""
    depth = 0
    for j in range(start, len(lines)):
        depth += len(_TABLE_OPEN.findall(lines[j])) - len(_TABLE_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j
    return len(lines) - 1


# how long a line or cell is kept for asking again: a table's lines and cells are short,
# and a text's long lines would fill memory
KEPT_CHARS = 400


@short_memo(KEPT_CHARS)  # (asked of each line of a table more than once)
def _split(line: str) -> tuple[str, ...]:
    """Cells of a pipe row; `\\|` is a literal pipe, outer pipes are optional."""
    # without an escaped pipe, every pipe divides
    cells = line.split("|") if "\\|" not in line else _split_escaped(line)
    if line.strip().startswith("|"):
        cells = cells[1:]
    if _ends_with_pipe(line) and cells:
        cells = cells[:-1]
    return tuple(cells)


def _split_escaped(line: str) -> list[str]:
    cells: list[str] = []
    cur: list[str] = []
    k = 0
    while k < len(line):
        ch = line[k]
        if ch == "\\" and k + 1 < len(line) and line[k + 1] == "|":
            cur.append("|")
            k += 2
            continue
        if ch == "|":
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        k += 1
    cells.append("".join(cur))
    return cells


def _ends_with_pipe(line: str) -> bool:
    s = line.rstrip()
    return s.endswith("|") and not s.endswith("\\|")


def _has_pipe(line: str) -> bool:
    """Whether a line has a pipe that is not escaped (\\|)."""
    if "|" not in line:
        return False  # (most lines: told without a copy of the line)
    return "\\|" not in line or "|" in line.replace("\\|", "")


def pipe_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Where a text read as lines (a PDF's) holds pipe tables: (first, last) index of
    each run of consecutive lines with a pipe that holds a row with its outer pipes
    (| 规章 | 0 |), its other lines the ends of rows a wrap cut. Prose with a pipe
    (甲 | 乙) is no table there: only a Markdown source typed with outer pipes prints
    so."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        if not _has_pipe(lines[k]):
            k += 1
            continue
        end = k
        while end + 1 < len(lines) and _has_pipe(lines[end + 1]):
            end += 1
        if any(_is_row(ln) for ln in lines[k : end + 1]):
            out.append((k, end))
        k = end + 1
    return out


def _is_row(line: str) -> bool:
    """A pipe row typed with its outer pipes and two cells at least."""
    return line.strip().startswith("|") and _ends_with_pipe(line) and len(_split(line)) >= 2


def _is_separator(cells: tuple[str, ...]) -> bool:
    # (each cell of one has a hyphen: most rows have none, and are told by that at once)
    if "-" not in "".join(cells):
        return False
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def _is_delimiter(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_DELIMITER_CELL.match(c) for c in filled)


def _is_table(run: list[str]) -> bool:
    """A lone line like "甲 | 乙" in running text is not a table; a piped row, a
    separator row or several pipe lines in a row are."""
    return (
        len(run) > 1
        or run[0].strip().startswith("|")
        or _ends_with_pipe(run[0])
        or _is_separator(_split(run[0]))
    )


def _unwrapped(
    run: list[str], widths: list[float] | None = None, slack: float | None = None
) -> list[tuple[int, str, frozenset[int]]]:
    """The rows of a pipe table whose lines a fixed width wrapped (a row cut mid-row, its
    end on the next line): (the row's first line in `run`, its text, the cells of it a
    wrap may have cut a number in). In a table typed with outer pipes, a line short of
    the table's cells or of its last pipe joins the lines after it when an outer pipe is
    missing where they meet, the line cut is about as wide as the widest (the width it
    was cut at: a row typed short of its last pipe is not) and together they make
    exactly its number of cells; otherwise each line is a row, as typed. `widths`: how
    wide each line is printed, where not its `display_width` (a PDF's lines in points),
    and `slack` how much narrower a line cut may be."""
    counts = [len(_split(ln)) for ln in run]
    starts = [ln.strip().startswith("|") for ln in run]
    piped = [s and _ends_with_pipe(ln) for s, ln in zip(starts, run, strict=True)]
    # (a row wrapped starts one line with its pipe and not the next: most lines of a
    # table typed with outer pipes start with one, those of one typed without do not)
    if len(run) < 3 or not any(piped) or sum(starts) * 2 <= len(run):
        return [(k, ln, frozenset()) for k, ln in enumerate(run)]
    if min(counts) == max(counts):
        return [(k, ln, frozenset()) for k, ln in enumerate(run)]  # (as most tables)
    n = Counter(c for c, p in zip(counts, piped, strict=True) if p).most_common(1)[0][0]
    if min(counts) >= n:
        # no line short of the table's cells: none was cut
        return [(k, ln, frozenset()) for k, ln in enumerate(run)]
    if widths is None:
        widths = [display_width(ln.rstrip()) for ln in run]
    cut = max(widths) - (WRAP_SLACK if slack is None else slack)
    out: list[tuple[int, str, frozenset[int]]] = []
    k = 0
    while k < len(run):
        line, j = run[k], k
        cells: set[int] = set()
        while (
            # (a line of all the table's cells that ends before its last pipe is cut in
            # its last cell: | … | 0 | 1, then 2 |)
            (counts[k] < n or not _ends_with_pipe(line))
            and j + 1 < len(run)
            and widths[j] >= cut
            and not (_ends_with_pipe(line) and starts[j + 1])
            and len(_split(joined := _join(line, run[j + 1]))) <= n
        ):
            if _cuts_a_number(line, run[j + 1]):
                cells.add(len(_split(line)) - 1)
            line, j = joined, j + 1
        if j > k and len(_split(line)) == n:
            out.append((k, line, frozenset(cells)))
            k = j + 1
        else:
            out.append((k, run[k], frozenset()))
            k += 1
    # a number cut where lines were not joined: the end of one row and the start of the
    # next are both pieces of it
    for m in range(1, len(out)):
        (a, text, cells), (b, nxt, next_cells) = out[m - 1], out[m]
        if _cuts_a_number(run[b - 1], nxt):
            out[m - 1] = (a, text, cells | {len(_split(text)) - 1})
            out[m] = (b, nxt, next_cells | {0})
    return out


def _join(line: str, more: str) -> str:
    """A row's line and the line a wrap moved its end to. Chinese text cut mid-word is
    joined as it was (there was no space to lose); other text with a space, which a wrap
    may have taken."""
    head, tail = line.rstrip(), more.strip()
    if head and tail and display_width(head[-1]) == 2 and display_width(tail[0]) == 2:
        return head + tail
    return f"{head} {tail}"


def _cuts_a_number(line: str, more: str) -> bool:
    """Whether a wrap between the two lines may have cut a number (one ends in a digit,
    the next begins with one): 12 cut so prints 1 and 2, and 1 and 2 may as well be
    two numbers whose pipe between them the wrap did not cut. Neither is read."""
    head, tail = line.rstrip(), more.lstrip()
    return bool(head and tail) and head[-1].isdigit() and tail[0].isdigit()


# how much narrower than the widest line a line cut by a wrap may be: a wide character
# that did not fit, or a word moved whole to the next line
WRAP_SLACK = 12

# what a cell a wrap may have cut a number in says, its value not read
CUT_NUMBER = "单元格中的数字被折行断开，无法确定原数值：{}，未取数"


def pipe_rows(
    run: list[str],
    widths: list[float] | None = None,
    slack: float | None = None,
    spans: list[range] | None = None,
    first_line: int = 0,
) -> list[list[Cell]]:
    """The rows of a run of pipe lines, a row wrapped over lines joined back
    (`_unwrapped`), separator rows left out. A cell's `line` is the index in `run` of
    its row's first line, plus `first_line`; a cell a wrap may have cut a number in has
    its `doubt`.
    `spans`, when given, gets the indices in `run` of each row's lines."""
    rows: list[list[Cell]] = []
    unwrapped = _unwrapped(run, widths, slack)
    ends = [k for k, _, _ in unwrapped[1:]] + [len(run)]
    kept = _cell_text.kept  # (the bound checked here: asked for every cell)
    for (k, line, cut), end in zip(unwrapped, ends, strict=True):
        cells = _split(line)
        # (a separator row has a hyphen in each cell: most rows have none at all)
        if ("-" in line and _is_separator(cells)) or (k == 1 and rows and _is_delimiter(cells)):
            continue
        r = len(rows)
        texts = [kept(t) if len(t) <= KEPT_CHARS else _cell_text(t) for t in cells]
        # (positional: text, row, col, rowspan, colspan, confidence, page, box, line)
        at = first_line + k
        row = [Cell(t, r, c, 1, 1, None, None, None, at) for c, t in enumerate(texts)]
        for c in cut:
            row[c].doubt = CUT_NUMBER.format(" ".join(row[c].text.split()) or "（空）")
        rows.append(row)
        if spans is not None:
            spans.append(range(k, end))
    return rows


def cell_ranges(line: str) -> list[tuple[int, int]]:
    """Where each cell of a pipe row stands in `line`, as `_split` divides it: the start
    and end of its characters (an escaped pipe, \\|, is part of its cell)."""
    cuts = [k for k, ch in enumerate(line) if ch == "|" and not (k and line[k - 1] == "\\")]
    bounds = [-1, *cuts, len(line)]
    ranges = [(a + 1, b) for a, b in itertools.pairwise(bounds)]
    if line.strip().startswith("|"):
        ranges = ranges[1:]
    if _ends_with_pipe(line) and ranges:
        ranges = ranges[:-1]
    return ranges


def joins_a_cell(line: str, more: str) -> bool:
    """Whether a row wrapped from `line` onto `more` (`_join`) has a cell cut in two
    there: no pipe where the lines meet."""
    return not _ends_with_pipe(line) and not more.strip().startswith("|")


def _table_rows(run: list[str], first_line: int) -> list[list[Cell]]:
    return pipe_rows(run, first_line=first_line)


# (reports print the same few cells, 0 and the labels, over and over)
@short_memo(KEPT_CHARS, maxsize=16384)
def _cell_text(raw: str) -> str:
    if "[^" in raw:
        raw = _FOOTNOTE.sub(_note_mark, raw)
    if "<" not in raw:  # no <br>
        return _plain(_unescaped(raw).strip())
    return "\n".join(_plain(_unescaped(part).strip()) for part in _BR.split(raw)).strip("\n")


def _unescaped(text: str) -> str:
    """Text with its character references as the characters they print (&nbsp; a space,
    &#52; a 4), as a Markdown reader shows them."""
    return html.unescape(text) if "&" in text else text


def _note_mark(m: re.Match[str]) -> str:
    """A footnote's reference as the mark it prints: its number raised (46[^1] prints
    46¹), or a star for a named note."""
    label = m.group(1)
    return raised(label) if label.isdigit() else "*"


def _plain(text: str) -> str:
    """A cell's line without the emphasis or code markers around all of it."""
    if not text or text[0] not in "*_`":
        return text
    m = (_CODE if text[0] == "`" else _EMPHASIS).match(text)
    return _plain(m.group(2).strip()) if m else text
