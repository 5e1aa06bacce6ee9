"""Born-digital PDFs: text from pdfium's text layer, tables rebuilt from ruling lines.

Each page is read on its own (`read_page`) into text lines and ruled grids; then the
document step drops running headers and page numbers, joins tables that run over a
page break and turns lines into paragraphs. A page without a usable text layer is
handed to OCR (`ogi.readers.ocr`) when it is on and installed, otherwise reported in
`Document.problems`.
"""

from __future__ import annotations

import bisect
import logging
import operator
import os
import re
import select
import signal
import time
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ogi import limits, patterns
from ogi.blocks import EDGE, UNSEEN, Block, Cell, Document, ReadError, Where
from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_chars
from ogi.readers.ocr import OcrSettings, PicturesRead, ScanPage, available
from ogi.readers.pdf_chars import (
    Char,
    Line,
    centres,
    extract_chars,
    group_lines,
    join_spans,
    line_centres,
    unread_apart,
)
from ogi.readers.pdf_columns import find_column_tables, unwrapped_headings
from ogi.readers.pdf_headings import split_header_cells
from ogi.readers.pdf_pictures import (
    hidden_text_over_scan,
    picture_boxes,
    pictures,
    read_picture,
)
from ogi.readers.pdf_pipes import PipeRun, pipe_block, pipe_lines
from ogi.readers.pdf_streams import inflation_problem
from ogi.readers.pdf_tables import (
    Grid,
    GridCell,
    dark_boxes,
    fill_grid,
    find_grids,
    holds_forms,
    mark_struck,
    page_objects,
    page_rules,
)
from ogi.readers.pdf_text import Para, drop_running_lines, paragraphs
from ogi.readers.pdf_unseen import Backdrop
from ogi.readers.pdf_view import View
from ogi.readers.pdfium_lock import PDFIUM

log = logging.getLogger("ogi.read")

GARBAGE_SHARE = 0.5  # above this share of unreadable chars the text layer is useless


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    table_lines: list[float] = field(default_factory=list)  # centres of lines in tables
    blocks: list[Block] | None = None  # set when the page came from OCR
    no_text: bool = False
    turned: bool = False  # its text read turned back by a quarter or a half (`pdf_view`)
    ocr_read_nothing: bool = False  # a page without text that OCR found nothing on
    # whether the page draws a picture or a form (which may hold one): a page without
    # either is no scan, and is not asked whether it is one
    drawn: bool = True
    problems: list[str] = field(default_factory=list)  # what reading the page found
    pipes: list[list[Line]] = field(default_factory=list)  # runs of pipe rows (`pipe_lines`)


# How pdfium can be trusted to open a file quickly: its cross-reference is where the
# trailer says. pdfium rebuilds a cross-reference it cannot use by scanning the whole
# file, which is what a hostile file can make take minutes; one it can use is read
# directly. So a file whose every cross-reference section (the one `startxref` names and
# each `/Prev` before it) is where it is said to be, whose table entries each point at
# the object they name and whose `/Root` is among them, is opened in-process; anything
# else is opened first in a child process killed at the bound.
_STARTXREF = patterns.compile(rb"startxref\s+(\d{1,12})\s+%%EOF[\s\x00]*\Z")
_SUBSECTION = patterns.compile(rb"[ \t\r\n]*(\d{1,10})[ \t]+(\d{1,10})[ \t]*\r?\n")
_ENTRY = patterns.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_TRAILER = patterns.compile(rb"[ \t\r\n]*trailer[ \t\r\n]*<<")
_OBJ = patterns.compile(rb"[ \t\r\n]*(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b")
_XREF_STREAM = patterns.compile(rb"[ \t\r\n]*<<.{0,2000}?/Type[ \t\r\n]*/XRef\b", re.S)
_PREV = patterns.compile(rb"/Prev[ \t\r\n]+(\d{1,12})\b")
_XREFSTM = patterns.compile(rb"/XRefStm[ \t\r\n]+(\d{1,12})\b")
_ROOT = patterns.compile(rb"/Root[ \t\r\n]+(\d{1,10})[ \t\r\n]+\d{1,5}[ \t\r\n]+R\b")
_CATALOG = patterns.compile(rb"[ \t\r\n]*<<(?:(?!endobj).){0,4000}?/Type[ \t\r\n]*/Catalog\b", re.S)
_MAX_SECTIONS = 64
_MAX_ENTRIES = 50_000  # past this, checking costs more than the child process


def _xref_is_sound(data: bytes) -> bool:
    """Whether pdfium will read the file's cross-reference as it stands (see above)."""
    end = _STARTXREF.search(data, max(0, len(data) - 1024))
    if end is None:
        return False
    offset: int | None = int(end.group(1))
    seen: set[int] = set()
    found: dict[int, int] = {}  # where the tables place objects: after `N G obj`
    root: int | None = None
    streams = False
    while offset is not None:
        if offset in seen or len(seen) >= _MAX_SECTIONS or offset >= len(data):
            return False
        seen.add(offset)
        if data.startswith(b"xref", offset):
            dictionary = _table_section(data, offset + 4, found)
            if dictionary is None:
                return False
            stm = _XREFSTM.search(dictionary)
            if stm is not None and not _is_xref_stream(data, int(stm.group(1))):
                return False
            streams |= stm is not None
        else:
            if not _is_xref_stream(data, offset):
                return False
            dictionary = data[offset : offset + 2100]
            streams = True
        if root is None and (r := _ROOT.search(dictionary)) is not None:
            root = int(r.group(1))
        prev = _PREV.search(dictionary)
        offset = int(prev.group(1)) if prev is not None else None
    # a root that is not the catalog makes pdfium rebuild too; one placed by a
    # cross-reference stream (inside an object stream) is not looked into here
    if root is None:
        return False
    if root not in found:
        return streams
    return _CATALOG.match(data, found[root]) is not None


def _is_xref_stream(data: bytes, offset: int) -> bool:
    obj = _OBJ.match(data, offset)
    return obj is not None and _XREF_STREAM.match(data, obj.end()) is not None


def _table_section(data: bytes, pos: int, found: dict[int, int]) -> bytes | None:
    """Check one `xref` table from `pos`: every entry in use points at the object it
    names. Returns its trailer dictionary's text, or None when anything is amiss."""
    while (sub := _SUBSECTION.match(data, pos)) is not None:
        first, count = int(sub.group(1)), int(sub.group(2))
        if count > _MAX_ENTRIES - len(found):
            return None
        pos = sub.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, pos)
            if entry is None:
                return None
            pos = entry.end()
            if entry.group(3) == b"f" or number in found:
                continue  # free, or replaced by a later section (read first)
            obj = _OBJ.match(data, int(entry.group(1)))
            if obj is None or int(obj.group(1)) != number:
                return None
            found[number] = obj.end()
    trailer = _TRAILER.match(data, pos)
    if trailer is None:
        return None
    close = data.find(b">>", trailer.end())  # nested dictionaries end later; enough
    if close < 0:
        return None
    stop = data.find(b"startxref", trailer.end())
    return data[trailer.end() : stop if stop > close else close + 2]


def _opens_in_time(data: bytes, seconds: float) -> bool:
    """Whether pdfium opens (or refuses) the file within `seconds`, tried in a forked
    child that is killed when it takes longer. Costs a fork, about 2 ms of CPU, so it is
    used only for files whose cross-reference is not sound (`_xref_is_sound`)."""
    if not hasattr(os, "fork") or not hasattr(os, "pidfd_open"):
        return True
    pid = os.fork()
    if pid == 0:  # pragma: no cover (child)
        try:
            pdfium.PdfDocument(data).close()
        finally:
            os._exit(0)
    fd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([fd], [], [], seconds)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return bool(ready)
    finally:
        os.close(fd)


def _open(data: bytes) -> pdfium.PdfDocument:
    bomb = inflation_problem(data)
    if bomb is not None:
        raise ReadError(bomb)
    if not _xref_is_sound(data) and not _opens_in_time(data, limits.PDF_OPEN_SECONDS.value):
        raise ReadError(limits.PDF_OPEN_SECONDS.say())
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        # pdfium leaves its last error as it was when some loads fail (a document without
        # pages), so the code could be the previous file's: set it to a format error with
        # a load that certainly fails, then load again; the code is then this file's own
        # or that format error, whatever was read before
        pdfium_c.FPDF_LoadMemDocument64(b"", 0, None)
        try:
            return pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            code = getattr(e, "err_code", None)
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        raise ReadError("PDF 文件已加密，无法读取（请提供未加密的文件）")
    if code == pdfium_c.FPDF_ERR_FORMAT:
        raise ReadError("PDF 文件已损坏：文件结构无法识别或不完整")
    if code == pdfium_c.FPDF_ERR_FILE:
        raise ReadError("PDF 文件已损坏：文件无法读取")
    raise ReadError("PDF 文件已损坏：无法打开")


def _has_drawing(page: pdfium.PdfPage) -> bool:
    """Whether a page without text still shows something: an image (a scan) or many
    paths (text converted to outlines). A blank page or one with a few rules is not
    worth an OCR pass."""
    raw = page.raw
    paths = 0
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i))
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            return True
        paths += kind == pdfium_c.FPDF_PAGEOBJ_PATH
    return paths > 50


def _shown_box(crop: calls.Box, view: View) -> tuple[float, float, float, float]:
    """The part of the page a reader sees: its crop box, within its media box."""
    left, bottom, right, top = crop
    return (
        max(left, view.left),
        max(bottom, view.bottom),
        min(right, view.right),
        min(top, view.top),
    )


def _holds(grid: Grid, ch: Char) -> bool:
    """Whether the char's centre lies within the grid."""
    x0, top, x1, bottom = grid.bbox
    cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    """One page into text lines (outside tables) and filled table grids."""
    # pdfium's char and path coordinates are in unrotated page space, while
    # get_height() reports the displayed (rotated) size: flip against the media box,
    # and turn back a page whose text is turned (`pdf_view`)
    media, crop = calls.page_boxes(page)
    view = View(0, *media)
    content = PageContent(number, view.height)
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count > limits.PDF_PAGE_OBJECTS.value:
        raise ReadError(limits.PDF_PAGE_OBJECTS.say(page=number, n=count))
    # (the text page's own handle, as pypdfium2's `get_textpage` loads it and `close`
    # closes it, without the wrapper that costs more than the loading on a short page)
    textpage = calls.RawText(pdfium_c.FPDFText_LoadPage(page.raw))
    if not textpage.raw:
        raise pdfium.PdfiumError("Failed to load text page.")
    try:
        n = pdfium_c.FPDFText_CountChars(textpage.raw)
        if n < 0:
            raise pdfium.PdfiumError("Failed to get character count.")
        if n > limits.PDF_PAGE_CHARS.value:
            raise ReadError(limits.PDF_PAGE_CHARS.say(page=number, n=n))
        objects = page_objects(page)
        forms = holds_forms(objects)
        content.drawn = forms or bool(np.count_nonzero(objects[1] == pdfium_c.FPDF_PAGEOBJ_IMAGE))
        shown = _shown_box(crop, view)
        backdrop = Backdrop(
            objects,
            lambda: dark_boxes(page, objects),
            lambda: picture_boxes(page, view.top),
            shown,
        )
        found = extract_chars(textpage, view, forms, backdrop)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage.raw)
    if found.total == 0 or found.garbage > found.total * GARBAGE_SHARE:
        content.no_text = found.total > 0 or _has_drawing(page)
        return content
    chars, cx, cy, view = found.chars, found.cx, found.cy, found.view
    content.height, content.turned = view.height, view.turn != 0
    rules = page_rules(page, view, objects=objects)
    mark_struck(chars, cx, cy, rules, found.half)
    grids = find_grids(rules)
    if found.outside:
        # a table running off the part of the page shown: what it holds there is kept
        # in its cells, marked unseen, so that those cells are named rather than read
        # as blank (the rest off the page: `_off_the_page`)
        held, more_x, more_y = _held(found.outside, grids, None if view.turn else shown)
        chars, cx, cy = _plus(chars, cx, cy, held, more_x, more_y)
    if found.overprinted:
        grids, chars, cx, cy = _without_overprinted(
            grids, found.overprinted, chars, cx, cy, content
        )
    for grid in grids:
        chars, cx, cy = fill_grid(grid, chars, cx, cy)
        if any(c.text for c in grid.cells):
            split_header_cells(grid)
            content.grids.append(grid)
            content.table_lines += line_centres([ch for c in grid.cells for ch in c.chars])
        else:
            back = [ch for c in grid.cells for ch in c.chars]
            chars, cx, cy = _plus(chars, cx, cy, back, *centres(back))
    if found.outside and len(chars):
        chars, cx, cy = _off_the_page(found.outside, grids, chars, cx, cy)
    lines = group_lines(unread_apart(chars))
    # a Markdown source printed as text: its pipe rows are a table's rows as they
    # stand, their numbers in no columns of the page (`pdf_pipes`)
    content.pipes, lines = pipe_lines(lines)
    content.table_lines += [(ln.top + ln.bottom) / 2 for run in content.pipes for ln in run]
    # tables without ruling lines: numbers that stand in columns
    unruled, content.lines = find_column_tables(lines, rules)
    content.lines = unwrapped_headings(content.lines)
    for grid in unruled:
        content.grids.append(grid)
        content.table_lines += line_centres([ch for c in grid.cells for ch in c.chars])
    content.grids.sort(key=lambda g: g.ys[0])
    if not view.turn:
        _mark_at_the_edge(unruled, content.lines, shown)
    return content


# how near the left or right edge of the part of a page shown a digit stands that is
# taken to be cut by it (pt): a table's text is set well inside the page's margins
AT_THE_EDGE = 3.0
_NUMBER_CELL = patterns.compile(r"^[\s\d.,+\-]+$")


def _mark_at_the_edge(
    grids: list[Grid], lines: list[Line], shown: tuple[float, float, float, float]
) -> None:
    """Mark (`ogi.blocks.EDGE`) the digits against the left or right edge of the part of
    the page shown, in the value cells of the page's tables without rules and in its
    lines of text: a table wider than the page, printed by a producer that leaves out
    what falls off the page (cairo does), keeps 1 of 12 there, and nothing else tells
    that the rest is gone. (A ruled table closes its cells with its rules, or runs its
    rules off the page, where what it holds there is kept: `_held`.)"""
    left, right = shown[0] + AT_THE_EDGE, shown[2] - AT_THE_EDGE

    def cut(ch: Char) -> bool:
        return (ch.x1 >= right or ch.x0 <= left) and ch.text[:1].isdigit()

    def kept(chars: list[Char]) -> bool:
        """Whether what runs off the page is kept there, marked (`_off_the_page`)."""
        return any(ch.text.endswith(UNSEEN) for ch in chars)

    for grid in grids:
        if left < grid.xs[0] and grid.xs[-1] < right:
            continue  # (most tables: within the page, off both edges)
        for cell in grid.cells:
            # (a value's cell: a label's ordinal at the edge, 1.属于…, is no number)
            if (
                _NUMBER_CELL.match(cell.text)
                and any(cut(ch) for ch in cell.chars)
                and not kept(cell.chars)
            ):
                cell.text += EDGE
    for line in lines:
        if (left < line.x0 and line.x1 < right) or kept(line.chars):
            continue
        marked = [ch for ch in line.chars if cut(ch) and not ch.text.endswith(EDGE)]
        for ch in marked:
            ch.text += EDGE
        if marked:
            line.text, line.spans = join_spans(line.chars)


def _held(
    outside: list[Char], grids: list[Grid], shown: tuple[float, float, float, float] | None
) -> tuple[list[Char], np.ndarray, np.ndarray]:
    """The chars off the part of the page shown that a table running off it holds, and
    where each is placed in it: its centre; or, for one beyond the page's left or right
    edge beside a table whose outer rule stands at that edge (its rules cut there, as
    LibreOffice clips a table wider than the page: 规章 shows as 章), a point just
    inside the table's outer column, so that its cell's text is whole. `shown`: the
    part of the page shown (left, bottom, right, top), None for a page read turned."""
    held: list[Char] = []
    xs: list[float] = []
    ys: list[float] = []
    for ch in outside:
        x, y = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if any(_holds(g, ch) for g in grids):
            held.append(ch)
            xs.append(x)
            ys.append(y)
            continue
        if shown is None:
            continue
        left, right = shown[0], shown[2]
        for g in grids:
            if not g.ys[0] <= y <= g.ys[-1]:
                continue
            if x < left and g.xs[0] <= left + 1:
                x = g.xs[0] + 0.5
            elif x > right and g.xs[-1] >= right - 1:
                x = g.xs[-1] - 0.5
            else:
                continue
            held.append(ch)
            xs.append(x)
            ys.append(y)
            break
    return held, np.array(xs, np.float64), np.array(ys, np.float64)


def _plus(
    chars: list[Char],
    cx: np.ndarray,
    cy: np.ndarray,
    more: list[Char],
    mx: np.ndarray,
    my: np.ndarray,
) -> tuple[list[Char], np.ndarray, np.ndarray]:
    """The chars and their centres with `more` and theirs (`mx`, `my`) after them."""
    if not more:
        return chars, cx, cy
    return chars + more, np.concatenate([cx, mx]), np.concatenate([cy, my])


def _off_the_page(
    outside: list[Char], grids: list[Grid], chars: list[Char], cx: np.ndarray, cy: np.ndarray
) -> tuple[list[Char], np.ndarray, np.ndarray]:
    """The chars left outside the tables, less those off the part of the page shown
    (`outside`; one a table holds but no cell of it took is dropped too), and with those
    of them in no table that stand on a line of chars on the page: the line runs over
    the page's edge, as a table without rules wider than the page does. Those are kept,
    marked unseen (`pdf_unseen`: all but CJK characters), so that a number the edge cuts
    (12, of which 1 shows) is named, not read as what shows; the rest off the page, a
    line of its own, is left out."""
    off = {id(ch) for ch in outside}
    on = np.array([id(ch) not in off for ch in chars])
    chars, cx, cy = [ch for ch, k in zip(chars, on, strict=True) if k], cx[on], cy[on]
    if not chars:
        return chars, cx, cy
    height = np.array([max(c.bottom - c.top, 1.0) for c in chars], np.float64)
    placed = {id(ch) for g in grids for c in g.cells for ch in c.chars}
    cut = []
    for ch in outside:
        if not ch.text.endswith(UNSEEN) or id(ch) in placed or any(_holds(g, ch) for g in grids):
            continue
        y = (ch.top + ch.bottom) / 2
        # (on a line as `pdf_chars._rows` groups one: centres within 0.45 of a height)
        if (np.abs(cy - y) <= height * 0.45).any():
            cut.append(ch)
    return _plus(chars, cx, cy, cut, *centres(cut))


def _without_overprinted(
    grids: list[Grid],
    over: list[Char],
    chars: list[Char],
    cx: np.ndarray,
    cy: np.ndarray,
    content: PageContent,
) -> tuple[list[Grid], list[Char], np.ndarray, np.ndarray]:
    """The grids in which no char is printed over another (`PageChars.overprinted`), and
    the chars outside those left out. A table turned in a web page and printed over its
    neighbours, or over its own cells, has rules and text of both in one grid: its rows
    and columns are not the table's, and a value printed there may fall in another
    cell or leave its own blank. Such a grid is left out, its text with it (read as
    lines, its values would be read from the jumble), and the page named."""
    left = [g for g in grids if any(_holds(g, ch) for ch in over)]
    if not left:
        return grids, chars, cx, cy
    content.problems.append(
        f"第{content.number}页的表格中有文字相互叠印（表格转向印出，与其他内容重叠），该表格未读取"
    )
    out = np.zeros(len(chars), bool)
    for g in left:
        x0, top, x1, bottom = g.bbox
        out |= (x0 <= cx) & (cx <= x1) & (top <= cy) & (cy <= bottom)
    on = ~out
    kept = [g for g in grids if all(g is not d for d in left)]
    return kept, [ch for ch, k in zip(chars, on.tolist(), strict=True) if k], cx[on], cy[on]


@dataclass
class _Table:
    """A table being assembled, possibly over several pages. A long table runs on over
    many pages, so what continuing it needs is kept at hand rather than looked for
    among all its cells: its cells by first row, and the cells that reach its last row
    (in the order of `cells`)."""

    xs: list[float]
    cells: list[GridCell]
    nrows: int
    page: int
    line: int
    by_row: dict[int, list[GridCell]] = field(default_factory=dict)
    bottom: list[GridCell] = field(default_factory=list)

    def add(self, cells: list[GridCell], shift: int, nrows: int) -> None:
        """Append cells below, their rows moved down by `shift` (counted from the
        table's first then); the table has `nrows` rows after. (One pass: a table
        continued on every page of a long report adds a page's cells at a time.)"""
        # only cells of the old last row grew (by the halves joined to them)
        bottom = [c for c in self.bottom if c.row + c.rowspan == nrows]
        by_row = self.by_row
        for c in cells:
            c.row += shift
            by_row.setdefault(c.row, []).append(c)
            if c.row + c.rowspan == nrows:
                bottom.append(c)
        self.cells += cells
        self.nrows, self.bottom = nrows, bottom


def _table_of(grid: Grid, page: int, line: int) -> _Table:
    for c in grid.cells:
        c.page = page
    table = _Table(list(grid.xs), [], 0, page, line)
    table.add(grid.cells, 0, len(grid.ys) - 1)
    return table


def _join_cut(above: GridCell, below: GridCell) -> None:
    """Join the two halves of a cell cut by a page break; the cell keeps the place of the
    half that holds its text (the other is blank), or of its first half."""
    if not above.text.strip() and below.text.strip():
        above.page, above.x0, above.x1 = below.page, below.x0, below.x1
        above.top, above.bottom = below.top, below.bottom
    above.text = "\n".join(t for t in (above.text, below.text) if t)


# How a new row or a new group of rows begins: "1.", "（五）", "三、".
_ITEM = patterns.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,2}[.．、](?!\d))"
)
_NUMBER = patterns.compile(r"^[\s\d.,+\-/]+$")


def _starts_anew(below: GridCell, above: GridCell) -> bool:
    """Whether the first cell on the new page begins a cell of its own rather than
    finishing the one above: it opens with a row's numbering, or both hold a number (a
    number is one line, which a page break never cuts). Browsers draw no rule above a
    table continued on a new page, so a missing rule alone proves nothing."""
    if _ITEM.match(below.text):
        return True
    return bool(
        below.text.strip()
        and above.text.strip()
        and _NUMBER.match(below.text)
        and _NUMBER.match(above.text)
    )


def _row_texts(table: _Table, row: int) -> list[tuple[int, str]]:
    return sorted((c.col, c.text) for c in table.by_row.get(row, ()))


def _continue_table(prev: _Table, nxt: _Table) -> bool:
    """Append `nxt` (the first table on a page) to `prev` (the last table of the page
    before) when its column rules are the same ones; return whether it did."""
    index: list[int] = []
    xs = prev.xs
    for x in nxt.xs:
        # the nearest of `prev`'s column rules, the first of those as near
        j, best = 0, abs(xs[0] - x)
        for k in range(1, len(xs)):
            if (d := abs(xs[k] - x)) < best:
                j, best = k, d
        if best > 3:
            return False
        index.append(j)
    if index[0] != 0 or index[-1] != len(prev.xs) - 1:
        return False
    for c in nxt.cells:
        end = index[c.col + c.colspan]
        c.col = index[c.col]
        c.colspan = end - c.col
    # a header row printed again on the new page
    skip = 0
    while (
        skip < min(prev.nrows, nxt.nrows - 1)
        and _row_texts(nxt, skip)
        and _row_texts(nxt, skip) == _row_texts(prev, skip)
    ):
        skip += 1
    # how far the kept cells' rows move: below the rows of `prev`, less the header
    # rows left out and a row cut in two whose halves are one
    shift = prev.nrows - skip
    if skip:
        cells = [c for c in nxt.cells if c.row >= skip]
    else:
        cells = list(nxt.cells)
        # a cell cut by the page break has no rule above its second half
        first = nxt.by_row.get(0, [])
        pairs = []
        last_row = prev.bottom
        for c in first:
            above = [p for p in last_row if p.col == c.col and p.colspan == c.colspan]
            if c.open_top and above and not _starts_anew(c, above[0]):
                pairs.append((c, above[0]))
        whole_row = len(pairs) == len(first) > 0 and all(c.rowspan == 1 for c in first)
        for c, p in pairs:
            _join_cut(p, c)
            if not whole_row:
                p.rowspan += c.rowspan
            cells.remove(c)
        if whole_row:
            shift -= 1  # (one row cut in two: its halves are the same row)
    prev.add(cells, shift, nxt.nrows + shift)
    return True


_row_col = operator.attrgetter("row", "col")


def _table_block(t: _Table) -> Block:
    rows: list[list[Cell]] = [[] for _ in range(t.nrows)]
    cells = sorted(t.cells, key=_row_col)
    made = None
    if pdf_chars.LAYOUT is not None:  # (compiled: the `to_cell`s at C speed, or None)
        made = pdf_chars.LAYOUT.to_cells(cells, GridCell, Cell, t.page)
    if made is None:
        made = [c.to_cell(t.page) for c in cells]
    for c, cell in zip(cells, made, strict=True):
        rows[c.row].append(cell)
    return Block("table", rows=[r for r in rows if r], where=Where(page=t.page, line=t.line))


def _assemble(pages: list[PageContent]) -> list[Block]:
    items: list[Block | _Table | PipeRun] = []
    # what ended the previous page: "table", "pipe" (rows of a pipe table), "open"
    # paragraph, or other
    last_kind = ""
    for pc in pages:
        if pc.blocks is not None:
            items.extend(pc.blocks)
            last_kind = ""
            continue
        # line numbers count the printed lines of the page, those inside tables too
        centres = sorted([(ln.top + ln.bottom) / 2 for ln in pc.lines] + pc.table_lines)

        def line_no(ln: Line, centres: list[float] = centres) -> int:
            return bisect.bisect_left(centres, (ln.top + ln.bottom) / 2 - 0.01) + 1

        entries: list[tuple[float, Para | _Table | PipeRun]] = [
            (p.top, p) for p in paragraphs(pc.lines, pc.number, line_no)
        ]
        entries += [
            (g.ys[0], _table_of(g, pc.number, bisect.bisect_left(centres, g.ys[0]) + 1))
            for g in pc.grids
        ]
        entries += [
            (run[0].top, PipeRun([(pc.number, line_no(ln), ln) for ln in run])) for run in pc.pipes
        ]
        entries.sort(key=lambda e: e[0])
        for k, (_, item) in enumerate(entries):
            if k == 0 and isinstance(item, _Table) and last_kind == "table":
                prev = items[-1]
                if isinstance(prev, _Table) and _continue_table(prev, item):
                    continue
            if k == 0 and isinstance(item, PipeRun) and last_kind == "pipe":
                prev = items[-1]
                if isinstance(prev, PipeRun):
                    # a pipe table run on over the page break, a row perhaps cut by it
                    prev.lines += item.lines
                    continue
            if k == 0 and isinstance(item, Para) and item.open_start and last_kind == "open":
                prev = items[-1]
                if isinstance(prev, Block):
                    prev.join_below(item.block)  # (a paragraph cut by the page break)
                    continue
            items.append(item.block if isinstance(item, Para) else item)
        if entries:
            last = entries[-1][1]
            if isinstance(last, Para):
                last_kind = "open" if last.open_end else ""
            else:
                last_kind = "table" if isinstance(last, _Table) else "pipe"
    blocks: list[Block] = []
    for i in items:
        if isinstance(i, _Table):
            blocks.append(_table_block(i))
        elif isinstance(i, PipeRun):
            if (block := pipe_block(i)) is not None:
                blocks.append(block)
        else:
            blocks.append(i)
    return blocks


def _title(pdf: pdfium.PdfDocument) -> str | None:
    try:
        title = (pdf.get_metadata_value("Title") or "").strip()
    except Exception:  # a damaged info dictionary must not stop the read
        return None
    return title if re.search(r"[\u4e00-\u9fff]", title) else None


def read_pdf(
    path: str,
    data: bytes,
    *,
    max_pages: int = 300,
    time_limit: float = 120.0,
    ocr: bool = True,
    ocr_dpi: int = 200,
    ocr_page_limit: float = 30.0,
    ocr_min_confidence: float = 0.8,
    ocr_settings: OcrSettings | None = None,
) -> Document:
    """Read a PDF into blocks, or raise `ReadError` with the reason. Scanned pages are
    OCR'd when `ocr` is on, each within `ocr_page_limit` seconds (or as `ocr_settings`
    says, when given)."""
    if ocr and ocr_settings is None:
        ocr_settings = OcrSettings(ocr_dpi, ocr_page_limit, ocr_min_confidence)
    elif not ocr:
        ocr_settings = None
    with PDFIUM:  # (see ogi.readers.pdfium_lock)
        pdf = _open(data)
    doc = Document(path=path, form="pdf")
    try:
        with PDFIUM:
            total = len(pdf)
            title = _title(pdf)
        if total == 0:
            raise ReadError("PDF 文件已损坏：没有任何页面")
        doc.title = title
        started = time.monotonic()
        pages: list[PageContent] = []
        for i in range(min(total, max_pages)):
            if i > 0 and time.monotonic() - started > time_limit:
                doc.problems.append(
                    f"读取超时（超过 {time_limit:g} 秒），只读取了前 {i} 页，共 {total} 页"
                )
                break
            content = _read_one(pdf, i, doc.problems, ocr_settings)
            if content is not None:
                pages.append(content)
        if total > max_pages:
            doc.problems.append(
                f"PDF 共 {total} 页，超过上限 {max_pages} 页，只读取了前 {max_pages} 页"
            )
        drop_running_lines([(p.lines, p.height, p.number) for p in pages if p.blocks is None])
        doc.blocks = _assemble(pages)
    finally:
        with PDFIUM:
            pdf.close()
    if not doc.blocks and not doc.problems:
        doc.problems.append("PDF 中没有读到任何文字")
    return doc


def _read_pictures(
    page: pdfium.PdfPage, content: PageContent, ocr: OcrSettings, problems: list[str]
) -> None:
    """Add to a text-layer page what its pictures of tables hold (`pdf_pictures`)."""
    scans, found = ocr.read_pictures(content.number, lambda: _picture_scans(page, content, ocr))
    problems += found
    for scan in scans:
        content.lines += scan.lines
        content.grids += scan.grids
        content.grids.sort(key=lambda g: g.ys[0])
        content.table_lines += scan.table_lines


def _picture_scans(page: pdfium.PdfPage, content: PageContent, ocr: OcrSettings) -> PicturesRead:
    """The pictures of tables on a text-layer page read by OCR, within the time one
    scanned page gets, in the page's coordinates; and the problems found."""

    def centres() -> list[tuple[float, float]]:
        chars = [ch for ln in content.lines for ch in ln.chars]
        chars += [ch for g in content.grids for c in g.cells for ch in c.chars]
        return [((ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2) for ch in chars]

    with PDFIUM:
        top = page.get_mediabox()[3]
        found = pictures(page, top, centres)
    scans: list[ScanPage] = []
    problems: list[str] = []
    if not found or not available():
        return scans, problems
    deadline = time.monotonic() + ocr.page_limit
    for pic in found:
        if time.monotonic() > deadline:
            problems.append(f"第{content.number}页的图片识别超时，其余图片未识别")
            break
        scan = read_picture(page, pic, top, ocr, content.number, problems, deadline)
        if scan is not None:
            scans.append(scan)
    return scans, problems


def _scanned(n: int, scan: ScanPage) -> PageContent:
    """Page `n` as OCR read it."""
    return PageContent(n, scan.height, scan.lines, scan.grids, scan.table_lines)


def _with_ocr(
    page: pdfium.PdfPage, content: PageContent, ocr: OcrSettings, problems: list[str]
) -> PageContent:
    """The page as OCR reads it, where its text layer cannot be used: a scan, a garbage
    text layer, a scan with a token text layer or with the scanner's invisible one; else
    the text-layer page with what its pictures of tables hold."""
    n = content.number
    chars = sum(len(ln.chars) for ln in content.lines) + sum(
        len(c.chars) for g in content.grids for c in g.cells
    )
    with PDFIUM:
        wanted = ocr.wanted(page, content.no_text, chars)
    if wanted:  # (the reading takes the lock for drawing the page only)
        scan = ocr.read(page, n, problems, chars)
        if scan is not None:
            return _scanned(n, scan)
        content.ocr_read_nothing = content.no_text and ocr.reads and available()
        return content
    if not chars or content.turned or not content.drawn:
        return content  # (no picture: neither a scan nor pictures of tables)
    # (the OCR engine is loaded only for a page that has something for it to read)
    with PDFIUM:
        hidden = hidden_text_over_scan(page, page.get_mediabox()[3])
    if not hidden:
        _read_pictures(page, content, ocr, problems)
        return content
    if not available():
        problems.append(scanner_text_problem(n))
        return content
    said = len(problems)
    scan = ocr.read(page, n, problems)
    if scan is None:
        return content
    problems.insert(said, f"第{n}页是扫描件，所附不可见文字层（扫描时自动识别）未采用，已重新识别")
    return _scanned(n, scan)


def scanner_text_problem(n: int) -> str:
    """What is said of page `n`, a scan whose invisible text layer (the scanner's own
    recognition) is read as it stands: OCR is off or not installed."""
    return f"第{n}页是扫描件，所附文字层为扫描时自动识别，数值未经核对"


def _scanner_text_only(page: pdfium.PdfPage, content: PageContent) -> bool:
    """Whether the page's text is a scan's invisible layer (`hidden_text_over_scan`)."""
    if not content.drawn or content.no_text or content.turned:
        return False
    if not (content.lines or content.grids):
        return False
    with PDFIUM:
        return hidden_text_over_scan(page, page.get_mediabox()[3])


def _read_one(
    pdf: pdfium.PdfDocument, i: int, problems: list[str], ocr: OcrSettings | None = None
) -> PageContent | None:
    n = i + 1
    try:
        with PDFIUM:
            page = calls.LoadedPage(pdf, i)
    except pdfium.PdfiumError:
        problems.append(f"第{n}页无法打开，已跳过")
        return None
    try:
        with PDFIUM:
            content = read_page(page, n)
        problems += content.problems
        if ocr is not None:
            content = _with_ocr(page, content, ocr, problems)
        elif _scanner_text_only(page, content):
            # read without OCR, the scanner's recognition is all there is: its values
            # are kept, the page named so that they are checked against the picture
            problems.append(scanner_text_problem(n))
        if content.ocr_read_nothing:
            problems.append(f"第{n}页没有文字层，OCR 也未识别出文字（可能是空白页或图片）")
        elif content.no_text:
            problems.append(f"第{n}页没有文字层（可能是扫描件），需要 OCR")
        return content
    except ReadError as e:  # a page over a bound
        problems.append(str(e))
        return None
    except Exception:  # a malformed page must not end the whole read
        log.debug("第%d页读取出错", n, exc_info=True)
        problems.append(f"第{n}页内容异常，读取出错，已跳过")
        return None
    finally:
        with PDFIUM:
            page.close()
