"""Text lines outside tables: running headers, footers and page numbers removed, the
rest grouped into paragraphs."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ogi import patterns
from ogi.blocks import Block, Where
from ogi.readers.pdf_chars import Line, join_spans

MARGIN = 0.1  # top and bottom share of the page where running lines live

_PAGE_NUMBER = patterns.compile(
    r"第?[0-9]{1,4}页?(?:[/,，]?共?[0-9]{1,4}页?)?|共[0-9]{1,4}页[,，]?第[0-9]{1,4}页"
    r"|page[0-9]{1,4}(?:of[0-9]{1,4})?"
)
_NUMBERS = patterns.compile(r"\d+")
_PAGE_NUMBER_DASHES = patterns.compile(r"[\s\-—–－_·•]")  # - 3 -, —3—, 第 3 页
_HEADING = patterns.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+[.．、](?!\d))"
)


def is_page_number(text: str) -> bool:
    """`3`, `- 3 -`, `—3—`, `第3页`, `3/5`, `第3页 共5页`, `Page 3 of 5` and the like;
    never a row of numbers such as `0 0 1 1` (a table row at the top of a page)."""
    norm = unicodedata.normalize("NFKC", text)
    if len(_NUMBERS.findall(norm)) > 2:
        return False
    t = _PAGE_NUMBER_DASHES.sub("", norm).lower()
    return bool(_PAGE_NUMBER.fullmatch(t))


def _bare_number(text: str) -> int | None:
    """The number of a line that prints nothing but one (`3`, `１２`), or None."""
    t = unicodedata.normalize("NFKC", text).strip()
    return int(t) if len(t) <= 4 and t.isascii() and t.isdigit() else None


# pages of text from which a document without two bare numbers that agree on the
# pages' sequence is taken to print no bare page numbers (page numbers stand on most
# pages, and on two of three at least)
SEQUENCE_PAGES = 3


def _page_offsets(bare: list[tuple[int, int]], pages: int) -> set[int] | None:
    """The offsets (number printed less the page's own number) of the bare numbers in
    the margins, (page, number) pairs, that are pages' numbers: the most common one,
    where two or more pages print it (a document numbered from its cover, or from the
    page after it); none where no two agree in a document of SEQUENCE_PAGES pages or
    more; None in a shorter one (a bare number is taken as a page's number as it
    looks)."""
    counts = Counter(v - page for page, v in bare)
    offset, n = counts.most_common(1)[0] if counts else (0, 0)
    if n >= 2:
        return {offset}
    return set() if pages >= SEQUENCE_PAGES else None


def drop_running_lines(pages: list[tuple[list[Line], float, int]]) -> None:
    """Remove page numbers and lines repeated in the same margin on most pages
    (running headers and footers), of pages given as (lines, height, page number). The
    line lists are changed in place.

    A line of a bare number is a page's number only where it could be one: never 0,
    and only in the sequence the document's other bare numbers in the margins number
    its pages in (`_page_offsets`). A table printed one cell a line has its cells'
    numbers at the top and foot of pages too (0, 1 …), and pages of such a table repeat
    them in the same margin: they are not running lines either."""

    def in_margin(line: Line, height: float) -> bool:
        return line.bottom < height * MARGIN or line.top > height * (1 - MARGIN)

    def key(line: Line) -> str:
        return _NUMBERS.sub("#", line.text)

    counts: Counter[str] = Counter()
    bare: list[tuple[int, int]] = []
    for lines, height, number in pages:
        margin = [ln for ln in lines if in_margin(ln, height)]
        values = [_bare_number(ln.text) for ln in margin]
        counts.update({key(ln) for ln, v in zip(margin, values, strict=True) if v is None})
        bare += [(number, v) for v in values if v is not None and v >= 1]
    repeated = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages)}
    offsets = _page_offsets(bare, len(pages))

    def page_line(ln: Line, number: int) -> bool:
        v = _bare_number(ln.text)
        if v is None:
            return is_page_number(ln.text) or key(ln) in repeated
        return v >= 1 and (offsets is None or v - number in offsets)

    for lines, height, number in pages:
        lines[:] = [ln for ln in lines if not (in_margin(ln, height) and page_line(ln, number))]


def _is_heading(line: Line, width: float) -> bool:
    return bool(_HEADING.match(line.text)) and (line.x1 - line.x0) < width * 0.7


@dataclass
class Para:
    """A paragraph of one page, and whether it may run on across the page break:
    `open_start` when its first line is neither indented nor a heading (so it may
    continue the previous page's last paragraph), `open_end` when its last line runs
    to the right margin."""

    top: float
    block: Block
    open_start: bool
    open_end: bool


def paragraphs(lines: list[Line], page: int, line_no: Callable[[Line], int]) -> list[Para]:
    """Lines of one page into paragraph blocks.

    Chinese official documents mark a paragraph by a two-character indent and by the
    short last line of the one before, rarely by extra spacing, so all three count. A
    short numbered line such as `一、总体情况` stands alone."""
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: ln.top)
    long_lines = [ln for ln in lines if len(ln.text) >= 10] or lines
    left = min(ln.x0 for ln in long_lines)
    right = max(ln.x1 for ln in long_lines)
    gaps = sorted(b.top - a.bottom for a, b in itertools.pairwise(lines))
    usual_gap = gaps[len(gaps) // 2] if gaps else 0.0
    out: list[Para] = []
    current: list[Line] = []

    def indented(ln: Line) -> bool:
        return ln.x0 - left > 1.5 * max(ln.size, 1.0)

    def short(ln: Line) -> bool:
        return ln.x1 < right - 2 * max(ln.size, 1.0)

    def flush() -> None:
        if current:
            text = "\n".join(ln.text for ln in current)
            box = (
                min(ln.x0 for ln in current),
                current[0].top,
                max(ln.x1 for ln in current),
                current[-1].bottom,
            )
            where = Where(page=page, line=line_no(current[0]), box=box)
            first, last = current[0], current[-1]
            heading = _is_heading(first, right - left)
            boxes = [(page, (ln.x0, ln.top, ln.x1, ln.bottom)) for ln in current]
            spans = [ln.spans or join_spans(ln.chars)[1] for ln in current]
            block = Block("paragraph", text, where=where, line_boxes=boxes, line_spans=spans)
            if any(ln.unsure for ln in current):
                block.line_unsure = [ln.unsure for ln in current]
            out.append(
                Para(
                    first.top,
                    block,
                    open_start=not indented(first) and not heading,
                    open_end=not short(last) and not heading,
                )
            )

    for ln in lines:
        if current:
            p = current[-1]
            new = (
                ln.top - p.bottom > max(usual_gap * 1.5, 0.0) + 2
                or indented(ln)
                or short(p)
                or abs(ln.size - p.size) > 0.3 * max(ln.size, p.size)
                or _is_heading(ln, right - left)
                or _is_heading(p, right - left)
            )
            if new:
                flush()
                current = []
        current.append(ln)
    flush()
    return out
