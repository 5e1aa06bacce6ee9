"""Tables whose columns a rule of hyphens marks, as pandoc and other converters write
them in Markdown and plain text: a simple table (a header line, under it one run of
hyphens a column, then a row a line up to a blank line) and a multiline table (the same
between two long rules, a row's cells wrapped over lines and rows parted by blank lines).

Only the rule tells where a column is: every character of the table is placed in the
column whose run of hyphens it stands over, counted in the columns a monospaced font
gives it (a Chinese character takes two). A table with a character over no run, or over
the gap between two, is not read so: its lines stay lines of text, as before, and what
they hold is read from the text.
"""

from __future__ import annotations

import unicodedata

from ogi import patterns
from ogi.blocks import Cell

_RUNS = patterns.compile(r"-{3,}")
_COLUMN_RULE = patterns.compile(r"^ *-{3,}(?: +-{3,})+ *$")
_LONG_RULE = patterns.compile(r"^ *-{8,} *$")

Span = tuple[int, int]  # display columns [start, end)

HEADER_LINES = 12  # a multiline table's heading lines over its rule of columns, at most
TABLE_LINES = 400  # its lines between the rule of columns and the closing rule, at most


def ruled_table(lines: list[str], start: int) -> tuple[list[list[Cell]], int] | None:
    """The rows of the table that begins on line `start` (0-based), and the index of its
    last line; None where no ruled table begins there or its text does not keep to its
    columns."""
    below = lines[start + 1] if start + 1 < len(lines) else ""
    if "---" not in lines[start] and "---" not in below:
        return None
    if _LONG_RULE.match(lines[start]):
        return _multiline(lines, start)
    if (
        lines[start].strip()
        and _COLUMN_RULE.match(below)
        and (start == 0 or not lines[start - 1].strip())
    ):
        return _simple(lines, start)
    return None


def _simple(lines: list[str], start: int) -> tuple[list[list[Cell]], int] | None:
    spans = _spans(lines[start + 1])
    end = start + 2
    while end < len(lines) and lines[end].strip() and not _COLUMN_RULE.match(lines[end]):
        end += 1
    groups = [[start], *([k] for k in range(start + 2, end))]
    rows = placed_rows(lines, groups, spans)
    return (rows, end - 1) if rows is not None and len(rows) > 1 else None


def _multiline(lines: list[str], start: int) -> tuple[list[list[Cell]], int] | None:
    # the header's lines, up to the rule of columns (no blank line among them); looked
    # for a few lines down only, and the closing rule a table's length down, since the
    # reader asks from every long rule: a text of rules without blank lines would
    # otherwise cost lines squared
    rule = None
    for k in range(start + 1, min(len(lines), start + 2 + HEADER_LINES)):
        if not lines[k].strip():
            break
        if _COLUMN_RULE.match(lines[k]):
            rule = k
            break
    if rule is None or rule == start + 1:
        return None
    spans = _spans(lines[rule])
    groups: list[list[int]] = [list(range(start + 1, rule))]
    current: list[int] = []
    for k in range(rule + 1, min(len(lines), rule + 1 + TABLE_LINES)):
        if _LONG_RULE.match(lines[k]):
            if current:
                groups.append(current)
            rows = placed_rows(lines, groups, spans)
            return (rows, k) if rows is not None and len(rows) > 1 else None
        if lines[k].strip():
            current.append(k)
        elif current:
            groups.append(current)
            current = []
    return None  # (no closing rule: not a table)


def _spans(rule: str) -> list[Span]:
    return [(m.start(), m.end()) for m in _RUNS.finditer(rule)]


def display_width(text: str) -> int:
    """Columns `text` takes in a monospaced font: a Chinese (wide or full-width) character
    two, any other one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def placed_rows(
    lines: list[str], groups: list[list[int]], spans: list[Span]
) -> list[list[Cell]] | None:
    """A row of cells for each group of lines, or None where a character of them stands
    outside every column."""
    rows: list[list[Cell]] = []
    for group in groups:
        texts: list[list[str]] = [[] for _ in spans]
        for k in group:
            placed = _placed(lines[k], spans)
            if placed is None:
                return None
            for c, piece in enumerate(placed):
                if piece:
                    texts[c].append(piece)
        r = len(rows)
        rows.append([Cell("\n".join(t), r, c, line=group[0] + 1) for c, t in enumerate(texts)])
    return rows


def _placed(line: str, spans: list[Span]) -> list[str] | None:
    """The text of `line` over each column's span, or None where a character stands
    over none of them. A character whose width depends on the font (“, ·, №) is taken
    one column wide and two: where both place the text, and differently, which is meant
    the line does not say."""
    if "\t" in line:
        return None  # (how wide a tab prints, the text does not say)
    narrow = _placed_as(line, spans, "WF")
    if not any(unicodedata.east_asian_width(ch) == "A" for ch in line):
        return narrow
    wide = _placed_as(line, spans, "WFA")
    if narrow is None or wide is None:
        return narrow or wide
    return narrow if narrow == wide else None


def _placed_as(line: str, spans: list[Span], wide: str) -> list[str] | None:
    out = [""] * len(spans)
    x = 0
    for ch in line.rstrip():
        w = 2 if unicodedata.east_asian_width(ch) in wide else 1
        if not ch.isspace():
            c = next((j for j, (a, b) in enumerate(spans) if a <= x and x + w <= b), None)
            if c is None:
                return None
            out[c] += ch
        elif (c := next((j for j, (a, b) in enumerate(spans) if a <= x < b), None)) is not None:
            out[c] += ch
        x += w
    return [t.strip() for t in out]
