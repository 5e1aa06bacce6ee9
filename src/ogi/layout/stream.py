"""A document as one stream of tokens: lines of text and table cells, in reading order.

Every input form becomes the same stream, so the table parser does not care whether a
row came from an HTML table, a line of tab-separated cells, one cell per line or a
crawler's run-together text. Table cells know their row, which lets the parser tell
a blank cell from the gap between two rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel

from ogi import patterns
from ogi.blocks import Block, Document
from ogi.model import Origin
from ogi.normalize import CleanText

# Pinyin printed after a character, as ruby text flattened by a copy: 根據(jù). It
# annotates the text and is not part of it.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# (kept as text, compiled by `re` when a text first has a toned letter: most reports have
# none, and a pattern with a class of Chinese characters takes a millisecond to compile)
_RUBY = rf"(?<=[\u4e00-\u9fff])\s*[(（]\s*(?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\s*[)）]"
_HAS_TONED = patterns.compile(f"[{_TONED}]")


def strip_ruby(text: str) -> str:
    """Text without the pinyin that ruby annotations leave after characters."""
    if "(" not in text and "（" not in text:
        return text
    text = unicodedata.normalize("NFC", text)
    # (pinyin has a toned letter: text without one has no ruby, and is not searched for it)
    return re.sub(_RUBY, "", text) if _HAS_TONED.search(text) else text


@dataclass(slots=True)
class Token:
    text: str
    block: int
    row: tuple[int, int] | None = None  # (block, row) for a table cell
    col: int | None = None
    page: int | None = None
    line: int | None = None
    heading: bool = False
    box: tuple[float, float, float, float] | None = None
    spans: list[tuple[float, float]] | None = None  # PDF: x edges of each character
    # the reader's word on a table cell (`ogi.blocks.Cell`): why its number is not to be
    # taken, or why it is unsure of it and whether that number is taken where no sum can
    # vouch for it; on a line, why its numbers are unsure (`Block.line_unsure`). A reading
    # of the stream keeps them as a reading of the grid does
    doubt: str | None = None
    unsure: str | None = None
    weak: bool = False

    @property
    def is_cell(self) -> bool:
        return self.row is not None


def _block_tokens(i: int, b: Block) -> list[Token]:
    page, line = b.where.page, b.where.line
    if b.kind == "table":
        out = []
        for r, row in enumerate(b.rows):
            rid = (i, r)  # (one tuple for the row's cells)
            for c in row:
                text = c.text
                if "(" in text or "（" in text:
                    text = strip_ruby(text)
                # (positional: a report has a few hundred cells, and keywords cost)
                out.append(
                    Token(
                        text,
                        i,
                        rid,
                        c.col,
                        c.page or page,
                        c.line or line,
                        False,
                        c.box,
                        None,
                        c.doubt,
                        c.unsure,
                        c.weak,
                    )
                )
        return out
    out = []
    boxes = b.line_boxes or []
    spans = b.line_spans or []
    unsure = b.line_unsure or []
    for k, ln in enumerate(b.text.split("\n")):
        if ln.strip():
            pg, box = boxes[k] if k < len(boxes) else (page, None)
            text = strip_ruby(ln)
            out.append(
                Token(
                    text,
                    i,
                    None,
                    None,
                    pg,
                    (line + k) if line else None,
                    b.kind == "heading",
                    box,
                    spans[k] if k < len(spans) and text == ln else None,
                    unsure=unsure[k] if k < len(unsure) else None,
                )
            )
    return out


class Stream:
    def __init__(self, doc: Document):
        self.doc = doc
        self.tokens: list[Token] = []
        # block index → index of the table among the document's tables
        self.table_index: dict[int, int] = {}
        tokens = self.tokens
        for i, b in enumerate(doc.blocks):
            if b.kind == "table":
                self.table_index[i] = len(self.table_index)
            elif "\n" not in b.text and not (b.line_boxes or b.line_spans or b.line_unsure):
                # one line of text, as most paragraphs of text forms are: one token
                if b.text.strip():
                    where = b.where
                    tokens.append(
                        Token(
                            strip_ruby(b.text),
                            i,
                            None,
                            None,
                            where.page,
                            where.line or None,
                            b.kind == "heading",
                        )
                    )
                continue
            tokens += _block_tokens(i, b)
        self.clean = CleanText.of([t.text for t in self.tokens])
        # the tokens that are lines of text, not table cells, with their indexes
        self.lines: list[tuple[int, Token]] = [
            (ti, t) for ti, t in enumerate(tokens) if t.row is None
        ]

    def where(self, ti: int) -> str:
        """Token `ti`'s place in words: 第3页 / 第12行 / 表格2第4行第1列."""
        t = self.tokens[ti]
        parts = []
        if t.page is not None:
            parts.append(f"第{t.page}页")
        if t.line is not None:
            parts.append(f"第{t.line}行")
        if t.row is not None and t.col is not None:
            table = self.table_index.get(t.block, 0)
            parts.append(f"表格{table + 1}第{t.row[1] + 1}行第{t.col + 1}列")
        return "".join(parts) or f"第{t.block + 1}块"

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


def token_origin(
    stream: Stream, ti: int, text: str | None = None, at: tuple[int, int] | None = None
) -> Origin:
    """Where token `ti` was printed; `text` is what to show (the token's own text by
    default, a fragment of it where only part of a line is meant), `at` where in the
    token's text that fragment stands, when known."""
    if ti >= len(stream.tokens):
        return Origin(text=text)
    t = stream.tokens[ti]
    shown = t.text if text is None else text
    if t.row is not None:
        if t.box is None and type(shown) is str:
            return unchecked_origin(
                {
                    "page": t.page,
                    "box": None,
                    "table": stream.table_index.get(t.block),
                    "row": t.row[1],
                    "col": t.col,
                    "line": t.line,
                    "text": shown,
                }
            )
        return Origin(
            page=t.page,
            box=t.box,
            table=stream.table_index.get(t.block),
            row=t.row[1],
            col=t.col,
            line=t.line,
            text=t.text if text is None else text,
        )
    if at is not None and 0 <= at[0] < at[1] <= len(t.text):
        text = t.text[at[0] : at[1]]
    if t.box is None and type(t.text if text is None else text) is str:
        return unchecked_origin(
            {
                "page": t.page,
                "box": None,
                "table": None,
                "row": None,
                "col": None,
                "line": t.line,
                "text": t.text if text is None else text,
            }
        )
    return Origin(
        page=t.page, box=_part_box(t, at), line=t.line, text=t.text if text is None else text
    )


# An Origin of a token without a box holds ints (page, line, table, row, col) and a str
# straight from the stream, which validation would return unchanged: it is made as
# `Origin(...)` makes it without running the validator (~200 values a report). Only a
# plain str is taken as it is (lxml's string results keep their element alive). Every
# field is given, so every origin shares one set of the fields given: pydantic only ever
# adds a field's name to it, and each is in it already.
_ALL_FIELDS = set(Origin.model_fields)
_new = object.__new__
# (the setters of BaseModel's four slots, called directly: `object.__setattr__` looks
# each one up again on every call)
_SLOTS = BaseModel.__dict__
_set_dict = _SLOTS["__dict__"].__set__
_set_fields = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def unchecked_origin(values: dict[str, object]) -> Origin:
    """An Origin of `values`, which name every field of Origin."""
    o = _new(Origin)
    _set_dict(o, values)
    _set_fields(o, _ALL_FIELDS)
    _set_extra(o, None)
    _set_private(o, None)
    return o


def _part_box(t: Token, at: tuple[int, int] | None) -> tuple[float, float, float, float] | None:
    """The box of characters `at` of a PDF line (a number in "行政许可 126"); the line's
    box where the characters' places are not known."""
    if t.box is None or at is None or t.spans is None or len(t.spans) != len(t.text):
        return t.box
    a, b = at
    if not 0 <= a < b <= len(t.spans):
        return t.box
    return (t.spans[a][0], t.box[1], t.spans[b - 1][1], t.box[3])
