"""What a reader produces: a document as blocks that keep where they came from.

Readers know file forms and nothing of the format; the layout step knows the format
and nothing of file forms. Blocks are the contract between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Form = Literal["txt", "md", "html", "docx", "doc", "pdf", "image"]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, top-down (PDF)


@dataclass(slots=True)
class Where:
    """A place in the source: any of page (1-based), line (1-based), block index."""

    page: int | None = None
    line: int | None = None
    block: int | None = None
    box: Box | None = None  # PDF: the block's extent on its page

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if not parts and self.block is not None:
            parts.append(f"第{self.block + 1}块")
        return "".join(parts)


@dataclass(slots=True)
class Cell:
    """One table cell as printed. A cell spanned by another is not repeated: it exists
    once, at its top-left position, with its spans recorded."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None  # OCR only
    # Where the cell was printed, when the form tells more than its table block does: the
    # page and box of a PDF cell (a table may run over several pages), the source line of
    # an HTML or Markdown cell.
    page: int | None = None
    box: Box | None = None
    line: int | None = None
    # why the reader could not vouch for the cell's value (OCR unsure of it, a cell cut by
    # the page's edge): its value is not taken, and the reason goes to `problems`
    doubt: str | None = None
    # why the reader is unsure of the cell's value (OCR's low confidence): it is taken
    # only where the table's own sums vouch for it (`ogi.layout.verify`), or, when `weak`
    # (unsure, yet sure enough), where no sum can
    unsure: str | None = None
    weak: bool = False


@dataclass(slots=True)
class Block:
    """A heading, a paragraph (possibly several lines) or a table."""

    kind: Literal["heading", "paragraph", "table"]
    text: str = ""  # heading/paragraph text; lines separated by "\n"
    # table only; a heading or paragraph shares the empty tuple (blocks are only read
    # once made, and a report's few hundred lines need no list each)
    rows: Sequence[list[Cell]] = ()
    where: Where = field(default_factory=Where)
    level: int | None = None  # heading level where the source states one
    line_boxes: list[tuple[int, Box]] | None = None  # PDF: (page, box) of each line of `text`
    # PDF: for each line of `text`, the left and right edge of each of its characters
    line_spans: list[list[tuple[float, float]]] | None = None
    # OCR: for each line of `text`, why its numbers are unsure (a digit read below the
    # minimum confidence), or None: each such number is taken only where a sum vouches
    # for it, as an unsure cell's (`Cell.unsure`)
    line_unsure: list[str | None] | None = None

    @property
    def is_table(self) -> bool:
        return self.kind == "table"

    def join_below(self, below: Block) -> None:
        """Take the lines of `below` (the rest of this paragraph, cut by a page break)
        as this block's next lines, with what is said of each line: its box and spans
        where both halves have them, why it is unsure where either half says (a line
        of the other half is then sure)."""
        if self.line_unsure is not None or below.line_unsure is not None:
            above_n, below_n = self.text.count("\n") + 1, below.text.count("\n") + 1
            self.line_unsure = (self.line_unsure or [None] * above_n) + (
                below.line_unsure or [None] * below_n
            )
        self.text += "\n" + below.text
        if self.line_boxes is not None and below.line_boxes is not None:
            self.line_boxes += below.line_boxes
        if self.line_spans is not None and below.line_spans is not None:
            self.line_spans += below.line_spans


@dataclass(slots=True)
class Document:
    """A file read into blocks, with what the reader found around the text."""

    path: str
    form: Form
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None  # e.g. the HTML <title> or a crawler's 标题 line
    metadata: dict[str, str] = field(default_factory=dict)  # raw label → value (索引号 …)
    problems: list[str] = field(default_factory=list)
    # files a web page links to that can hold a report (附件：…年度报告.pdf), by the
    # name shown: a page that only says 详见附件 holds no report of its own
    attachments: list[str] = field(default_factory=list)


# Text printed raised (HTML <sup>, a Word run in superscript) is given with its digits
# and signs as superscript characters, so that a note mark after a number (18 and a
# raised 1) is not read as one more digit: the value parser knows them for marks.
_RAISED = str.maketrans("0123456789+-=()０１２３４５６７８９", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹")


# The text of a cell that holds ink of which nothing could be read (OCR): not a blank.
UNREAD = "\ufffd"


# After each character a rule strikes through in print (`readers.pdf_tables.mark_struck`):
# a value crossed out is not read as one.
STRIKE = "\u0336"

# After each character a page holds but may not show (`readers.pdf_unseen`: white on
# white, too small to read): no value is read from a number with one.
UNSEEN = "\u0337"

# After each digit a PDF page prints turned against the way its text is read (a table
# turned by a quarter on an upright page): read so, its digits fall apart or in the
# wrong order (10 as 01), so no value is read from a number with one.
TURNED = "\u0338"

# After the text of a PDF table's cell holding a digit printed against the page's left
# or right edge (`readers.pdf`): a table wider than the page is cut there, and what the
# page keeps of a number (1 of 12) is not read as the number.
EDGE = "\u0335"

# A colour of text with each channel at least this is white or nearly: unseen on a white
# page (the web page and DOCX readers judge text so; a PDF page's text is judged as its
# rules are, `readers.pdf_unseen`).
NEAR_WHITE = 240


# brackets a line set right to left prints mirrored (Unicode's Bidi_Mirrored pairs)
_PAIRS = "()[]{}<>（）［］｛｝《》〈〉「」『』【】"
_MIRRORED = str.maketrans(_PAIRS[::2] + _PAIRS[1::2], _PAIRS[1::2] + _PAIRS[::2])


def right_to_left(text: str) -> str:
    """Text set to print right to left whatever it is (Word's w:bdo, HTML's <bdo> and
    unicode-bidi: bidi-override), as a reader sees it on one line: its characters in
    the reverse order, brackets mirrored (64 set so prints 46)."""
    return text[::-1].translate(_MIRRORED)


def raised(text: str) -> str:
    """Text printed raised, as `Block` and `Cell` text gives it."""
    return text.translate(_RAISED)


class ReadError(Exception):
    """A file that cannot be read at all. The message is one line, in Chinese, and says
    why (and, where useful, what to do)."""
