"""Plain text: one block per line.

Text copies of reports come from copy-paste (table cells one per line), from
spreadsheet-like exports (cells separated by tabs) and from crawlers that run a whole
page into a few long lines. This reader keeps lines as they are; recognising tables in
them is the layout step's job, because only the format tells what a label is.

A line with a tab after its text is a row of cells, every tab the edge of a cell: an
empty cell stays a cell, also at the end of a row (规章, then three empty cells) and at
its start (a row without a label whose first value is empty). A tab only before the
text indents a line of text. A line of nothing but tabs is a row of empty cells when it
follows a row of cells (table 四's one row, left empty); elsewhere it is a blank line,
as the empty cells of a copy with one cell a line are.

A line of nothing but long runs of hyphens or equals signs rules a table (the line under
a header that converters such as pandoc write, its borders): it prints no cell, and is
left out, or its runs would read as a row of blank cells ("-" prints "none"). Where
the rule marks the columns of the lines around it (`readers.ruled`), they are read as the
table they are. Lines aligned by runs of spaces with no rule, as `pdftotext -layout`
prints a table, are read so where the positions of their pieces tell every column
(`readers.spaced`); a blank cell there is only more spaces.
"""

from __future__ import annotations

from ogi import patterns
from ogi.blocks import Block, Cell, Document, Where
from ogi.readers.ruled import ruled_table
from ogi.readers.spaced import spaced_table

# Crawler archives put "标题: …" / "发布时间: …" lines above a 正文 marker.
_HEADER_LINE = patterns.compile(
    r"^\s*(标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|来源)\s*[:：]\s*(.*)$"
)
# a run of spaces beside a number in a cell: a gap between columns, not the cell's own
# spacing (总  计 is spaced so within its cell)
_GAP = patterns.compile(r"\d {2,}\S|\S {2,}\d")
_BODY_MARKER = patterns.compile(r"^\s*=+\s*正\s*文\s*=+\s*$")
# A table's rule: runs of at least three hyphens or equals signs (with a grid's + or an
# alignment colon), two or more of them, or one of at least eight. A cell printed "-" or
# "--" for none is never one, nor is a lone "---" (a cell a line may print it so).
_RULE_RUN = r"[:+]?(?:-{3,}|={3,})[:+]?"
_RULE = patterns.compile(
    rf"^\s*(?:{_RULE_RUN}(?:[ \t+]+{_RULE_RUN})+|[:+]?(?:-{{8,}}|={{8,}})[:+]?)\s*$"
)


def read_text(path: str, text: str) -> Document:
    doc = Document(path=path, form="txt")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    # A crawler header is only trusted when the body marker follows it.
    marker = next(
        (i for i, ln in enumerate(lines[:40]) if "=" in ln and _BODY_MARKER.match(ln)), None
    )
    if marker is not None:
        for ln in lines[:marker]:
            m = _HEADER_LINE.match(ln)
            if m and m.group(2).strip():
                if m.group(1) == "标题":
                    doc.title = m.group(2).strip()
                else:
                    doc.metadata[m.group(1)] = m.group(2).strip()
        start = marker + 1
    blocks = doc.blocks
    after = start  # (lines before it are read: a ruled table's)
    n = len(lines)
    for i in range(start, n):
        if i < after:
            continue
        line = lines[i]
        # (what each table reader asks first, asked here without its call: a ruled table
        # has a rule of hyphens on its first line or the next, one aligned by spaces no
        # tab on its first line)
        ruled = None
        if "---" in line or (i + 1 < n and "---" in lines[i + 1]):
            ruled = ruled_table(lines, i)
        if ruled is None and "\t" not in line:
            ruled = spaced_table(lines, i)
        if ruled is not None:
            rows, last = ruled
            blocks.append(Block(kind="table", rows=rows, where=Where(None, i + 1, len(blocks))))
            after = last + 1
            continue
        text = line.strip()
        if not text and not ("\t" in line and _follows_row(blocks, i)):
            continue
        if ("---" in line or "===" in line) and _RULE.match(line):
            continue  # (every rule has a run of three hyphens or equals signs)
        # (positional arguments: a report has a few hundred lines, and keywords cost)
        where = Where(None, i + 1, len(blocks))
        if "\t" in line and (not text or "\t" in line.lstrip()):
            # (the texts between tabs, split and stripped once for both uses)
            parts = [p.strip() for p in line.split("\t")]
            if not _aligned(parts):
                # (positional: text, row, col, rowspan, colspan, confidence, page, box, line)
                cells = [Cell(p, 0, j, 1, 1, None, None, None, i + 1) for j, p in enumerate(parts)]
                blocks.append(Block(kind="table", rows=[cells], where=where))
                continue
        blocks.append(Block("paragraph", text, (), where))
    return doc


def _aligned(parts: list[str]) -> bool:
    """Whether a line with tabs, whose texts between tabs (stripped) are `parts`, is
    aligned by runs of whitespace, as a copy padded to fixed columns prints it: some text
    between its tabs holds a number and, beyond a gap of two or more spaces, more text
    ("0     12"). Its tabs pad as its spaces do, so they are no edges of cells (a row so
    split would count pads as empty cells and shift its values); the line is read as
    text."""
    # (a gap is two spaces or more: most texts between tabs have none, told by one C
    # search of them all, tabs keeping runs of spaces apart)
    if "  " not in "\t".join(parts):
        return False
    return any("  " in text and _GAP.search(text) for text in parts)


def _follows_row(blocks: list[Block], i: int) -> bool:
    """Whether line `i` (0-based) comes right after a row of cells."""
    return bool(blocks) and blocks[-1].kind == "table" and blocks[-1].where.line == i
