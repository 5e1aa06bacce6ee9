"""Tables aligned by runs of spaces, as `pdftotext -layout` and fixed-width copies print
them: every column starts at one position, a blank cell is only more spaces, and no rule
marks the columns.

The columns are where the values stand: the spans, in the columns a monospaced font
gives (a Chinese character takes two), that the pieces of the rows holding a number
cover, pieces parted by two or more spaces. A heading or label over none of them stands
in a column of its own (a column blank in every row). A piece over two columns, or a
number not wholly under a heading's span, does not tell which column it belongs to: the
lines are then not read so, and stay lines of text, as before.
"""

from __future__ import annotations

from itertools import pairwise

from ogi import patterns
from ogi.blocks import Cell
from ogi.memo import short_memo
from ogi.readers.ruled import Span, display_width, placed_rows

# a piece of a line: text with at most single spaces inside, two or more around it
_PIECE = patterns.compile(r"\S+(?: \S+)*")
_NUMBER = patterns.compile(r"^\d+(?:\.\d+)?$")
_DIGIT = patterns.compile(r"\d")

Pieces = tuple[tuple[str, Span], ...]  # a line's pieces and their spans

# the reader asks from every line on: a text without blank lines is looked at this many
# lines from each (a report's table is far shorter), and this many lines of one piece
# after a table (a paragraph set right under it) are tried off its end, so that such a
# text costs lines × a bound, not lines squared
MOST_LINES = 100
MOST_DROPPED = 30


def spaced_table(lines: list[str], start: int) -> tuple[list[list[Cell]], int] | None:
    """The rows of the table in the lines from `start` (0-based) to the next blank line,
    and the index of its last line; None where they are no table aligned by spaces, or
    a piece of them is not certainly in one column. `pdftotext -layout` sets a table
    right under its paragraph and over the next: a line of one piece may stand just
    before a table whose first line has several, and lines of one piece at its end that
    keep it from being read are left to be read as text."""
    if "\t" in lines[start]:
        return None  # (how wide a tab prints, the text does not say: see below)
    after_text = start > 0 and bool(lines[start - 1].strip())
    if after_text and (not _one_piece(lines[start - 1]) or not _several(lines[start])):
        return None
    end = start
    while end < len(lines) and end - start < MOST_LINES and lines[end].strip():
        end += 1
    if any("\t" in ln for ln in lines[start:end]):
        return None  # (how wide a tab prints, the text does not say)
    # what follows needs two lines of several pieces and a digit in one of them: most
    # runs of text have neither, and then where their pieces stand is not worked out
    several_lines = [ln for ln in lines[start:end] if _several(ln)]
    if len(several_lines) < 2 or not any(_DIGIT.search(ln) for ln in several_lines):
        return None
    pieces = [_pieces(ln) for ln in lines[start:end]]
    # what `_table` asks first, asked once: it holds alike for every end tried below,
    # which drop lines of one piece only
    several = [p for p in pieces if len(p) > 1]
    if len(several) < 2 or not any(_NUMBER.match(t) for p in several for t, _ in p):
        return None
    for _ in range(MOST_DROPPED + 1):
        if end <= start + 1:
            break
        if (rows := _table(lines, start, pieces[: end - start])) is not None:
            return rows, end - 1
        if len(pieces[end - start - 1]) != 1:
            return None
        end -= 1
    return None


def _table(lines: list[str], start: int, pieces: list[Pieces]) -> list[list[Cell]] | None:
    """The rows of the lines from `start` whose `pieces` are given, or None where they
    are no table aligned by spaces or a piece of them is not certainly in one column."""
    valued = [p for p in pieces if len(p) > 1 and any(_NUMBER.match(t) for t, _ in p)]
    if not valued or sum(len(p) > 1 for p in pieces) < 2:
        return None
    spans = _columns(pieces, valued)
    if spans is None or len(spans) < 2 or not _headed(pieces):
        return None
    return placed_rows(lines, [[start + k] for k in range(len(pieces))], spans)


def _headed(pieces: list[Pieces]) -> bool:
    """Whether every number stands wholly under a heading (a piece of a line without
    numbers): one beside its heading's end (right-aligned under a heading set left, or
    moved) is as near the next column's, and its column is not certain."""
    heads = [s for p in pieces if not any(_NUMBER.match(t) for t, _ in p) for _, s in p]
    return all(
        any(h[0] <= s[0] and s[1] <= h[1] for h in heads)
        for p in pieces
        for t, s in p
        if _NUMBER.match(t)
    )


def _one_piece(line: str) -> bool:
    """Whether `line` has exactly one piece (`_pieces`, without their spans)."""
    text = line.strip()
    return bool(text) and _PIECE.fullmatch(text) is not None


def _several(line: str) -> bool:
    """Whether `line` has two pieces or more (`_pieces`, without their spans)."""
    text = line.strip()
    return bool(text) and _PIECE.fullmatch(text) is None


# how long a line is kept for asking again (a table's line is a few hundred columns at
# most; a hostile file's long lines would fill memory)
KEPT_LINE = 1000


@short_memo(KEPT_LINE, maxsize=4096)
def _pieces(line: str) -> Pieces:
    """The pieces of `line` and their spans, a character of ambiguous width (“, ·) taken
    one column wide (`placed_rows` checks it two wide places it alike). Kept for each line:
    the reader asks from every line on, so a line is asked again for each above it."""
    out: list[tuple[str, Span]] = []
    x = 0
    at = 0
    for m in _PIECE.finditer(line):
        x += display_width(line[at : m.start()])
        w = display_width(m.group())
        out.append((m.group(), (x, x + w)))
        x += w
        at = m.end()
    return tuple(out)


def _columns(pieces: list[Pieces], valued: list[Pieces]) -> list[Span] | None:
    """The columns: the spans the rows with numbers cover, and those the other pieces
    cover beside them; None where a piece lies over two of them."""
    of_values = _merged([s for p in valued for _, s in p])
    others = [s for p in pieces for _, s in p if not any(_overlap(s, c) for c in of_values)]
    spans = sorted(of_values + _merged(others))
    for p in pieces:
        for _, s in p:
            if sum(_overlap(s, c) for c in spans) != 1:
                return None
    widened = _widened(spans, pieces)
    if any(a[1] > b[0] for a, b in pairwise(widened)):
        return None  # (two pieces over one another's columns)
    return widened


def _widened(spans: list[Span], pieces: list[Pieces]) -> list[Span]:
    """Each column widened to the pieces over it."""
    out: list[Span] = []
    for c in spans:
        lo = min([c[0], *(s[0] for p in pieces for _, s in p if _overlap(s, c))])
        hi = max([c[1], *(s[1] for p in pieces for _, s in p if _overlap(s, c))])
        out.append((lo, hi))
    return out


def _merged(spans: list[Span]) -> list[Span]:
    """The spans joined where they overlap."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _overlap(s: Span, c: Span) -> bool:
    return s[0] < c[1] and c[0] < s[1]
