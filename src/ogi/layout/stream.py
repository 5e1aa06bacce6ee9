"""A document as one stream of tokens: lines of text and table cells, in reading order.

Every input form becomes the same stream, so the table parser does not care whether a
row came from an HTML table, a line of tab-separated cells, one cell per line or a
crawler's run-together text. Table cells know their row, which lets the parser tell
a blank cell from the gap between two rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ogi.blocks import Block, Document
from ogi.normalize import CleanText


@dataclass
class Token:
    text: str
    block: int
    row: tuple[int, int] | None = None  # (block, row) for a table cell
    col: int | None = None
    page: int | None = None
    line: int | None = None
    heading: bool = False

    @property
    def is_cell(self) -> bool:
        return self.row is not None

    def where(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None and self.col is not None:
            parts.append(f"表格{self.row[0] + 1}第{self.row[1] + 1}行第{self.col + 1}列")
        return "".join(parts) or f"第{self.block + 1}块"


def _block_tokens(i: int, b: Block) -> list[Token]:
    page, line = b.where.page, b.where.line
    if b.kind == "table":
        out = []
        for r, row in enumerate(b.rows):
            for c in row:
                out.append(Token(c.text, i, (i, r), c.col, page, line))
        return out
    out = []
    for k, ln in enumerate(b.text.split("\n")):
        if ln.strip():
            out.append(
                Token(ln, i, None, None, page, (line + k) if line else None, b.kind == "heading")
            )
    return out


class Stream:
    def __init__(self, doc: Document):
        self.doc = doc
        self.tokens: list[Token] = []
        for i, b in enumerate(doc.blocks):
            self.tokens += _block_tokens(i, b)
        self.clean = CleanText.of([t.text for t in self.tokens])

    def slice_text(self, start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, str]]:
        """The original text between two (token, offset) positions, as (token, fragment)
        pairs; a fragment is a whole token when it spans the token completely."""
        (ts, os_), (te, oe) = start, end
        out: list[tuple[int, str]] = []
        for ti in range(ts, min(te, len(self.tokens) - 1) + 1):
            text = self.tokens[ti].text
            a = os_ if ti == ts else 0
            b = oe if ti == te else len(text)
            if ti > te or a > b:
                continue
            out.append((ti, text[a:b]))
        return out

    def is_whole(self, ti: int, fragment: str) -> bool:
        return fragment.strip() == self.tokens[ti].text.strip()
