"""Pictures on a PDF page that has a text layer: a table pasted into the report as a
screenshot, then printed to PDF with the text around it. The text layer holds the
paragraphs but not the table, and the page is not a scan, so the scanned-page OCR never
sees it. Each such picture (large, and with no text of the layer over it) is rendered
alone, read by the same OCR, and its lines and grids are moved to where the picture
stands on the page, so the page is assembled as if the table had been typeset
(continued over a page break, numbered lines, origins on the page).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ogi.readers import ocr
from ogi.readers import pdf_calls as calls
from ogi.readers.pdf_chars import Char, Line
from ogi.readers.pdf_tables import Grid
from ogi.readers.pdf_unseen import looks
from ogi.readers.pdfium_lock import PDFIUM
from ogi.readers.pictures import holds_report, read_note

# A table's picture is wide and tall enough to hold rows: smaller pictures are seals,
# logos, rules and signatures.
MIN_WIDTH_PT = 180.0
MIN_HEIGHT_PT = 40.0
MIN_AREA_SHARE = 0.04  # of the page
# A picture with more of the text layer's characters over it than this is a scan with
# its own text layer (read as text already) or a background.
MAX_CHARS_OVER = 5
MAX_PICTURES = 6  # per page
MAX_OBJECTS = 5000
# A searchable scan: most of its text drawn invisible (asked of a sample of the chars).
HIDDEN_SHARE = 0.8
SAMPLED_CHARS = 200


@dataclass(frozen=True)
class Picture:
    """An image object's place on the page, in top-down points of the page box."""

    x0: float
    top: float
    x1: float
    bottom: float


def _images(page: pdfium.PdfPage, top: float) -> list[Picture]:
    """Where the page's image objects stand (those inside forms too), top-down. The
    objects' kinds are asked in one call (`pdf_calls`): a page has thousands of paths."""
    raw = page.raw
    n = min(max(pdfium_c.FPDFPage_CountObjects(raw), 0), MAX_OBJECTS)
    where = calls.addresses(calls.PAGE_OBJECT, calls.address(raw), np.arange(n))
    kinds = calls.ints(calls.OBJECT_TYPE, where)
    image, form = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    found: list[Picture] = []
    left, bottom, right, upper = (ctypes.c_float() for _ in range(4))
    for address in where[(kinds == image) | (kinds == form)].tolist():
        obj = ctypes.cast(ctypes.c_void_p(address), pdfium_c.FPDF_PAGEOBJECT)
        if ocr.holds_image(obj) and pdfium_c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(upper)
        ):
            found.append(Picture(left.value, top - upper.value, right.value, top - bottom.value))
    return found


def picture_boxes(page: pdfium.PdfPage, top: float) -> np.ndarray:
    """Where the page's image objects stand (`_images`), as rows of left, bottom, right,
    top in the page's own space (`top`: the media box's top)."""
    found = _images(page, top)
    return np.array([(p.x0, top - p.bottom, p.x1, top - p.top) for p in found], np.float64).reshape(
        -1, 4
    )


def pictures(
    page: pdfium.PdfPage, top: float, centres: Callable[[], list[tuple[float, float]]]
) -> list[Picture]:
    """The pictures of `page` that may hold a table: image objects (at the page's top
    level or in a form) large enough, with few text-layer characters over them
    (`centres`: gives the centres of the page's characters, top-down, asked only when a
    picture is large enough). `top` is the media box's top."""
    if page.get_rotation() % 360:
        return []  # the render's rotation would have to be undone: not worth it here
    w, h = page.get_width(), page.get_height()
    found: list[Picture] = []
    chars: list[tuple[float, float]] | None = None
    for pic in _images(page, top):
        pw, ph = pic.x1 - pic.x0, pic.bottom - pic.top
        if pw < MIN_WIDTH_PT or ph < MIN_HEIGHT_PT or pw * ph < MIN_AREA_SHARE * w * h:
            continue
        chars = centres() if chars is None else chars
        over = sum(1 for cx, cy in chars if pic.x0 <= cx <= pic.x1 and pic.top <= cy <= pic.bottom)
        if over <= MAX_CHARS_OVER:
            found.append(pic)
        if len(found) >= MAX_PICTURES:
            break
    return found


def hidden_text_over_scan(page: pdfium.PdfPage, top: float) -> bool:
    """Whether the page is a scan carrying an invisible text layer (a "searchable" scan:
    the scanner's own OCR, drawn in render mode 3, transparent or white, under or over
    the picture): a picture covering most of the page, and most of the text invisible.
    Such a layer is neither checked nor sure of its digits, and it brings no table rules
    (those are pixels)."""
    w, h = page.get_width(), page.get_height()
    cover = max(((p.x1 - p.x0) * (p.bottom - p.top) for p in _images(page, top)), default=0.0)
    if w <= 0 or h <= 0 or cover < ocr.SCAN_COVER * w * h:
        return False
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        step = max(n // SAMPLED_CHARS, 1)
        objs = calls.addresses(
            calls.TEXT_OBJECT, calls.address(textpage.raw), np.arange(0, n, step)
        )
    finally:
        textpage.close()
    objs = objs[objs != 0]  # (a generated space or line break has none)
    if not len(objs):
        return False
    # drawn invisible, transparent or white, as scanners draw their layer
    invisible, white = looks(objs)
    return bool((invisible | white).sum() >= HIDDEN_SHARE * len(objs))


def read_picture(
    page: pdfium.PdfPage,
    pic: Picture,
    top: float,
    settings: ocr.OcrSettings,
    page_no: int,
    problems: list[str],
    deadline: float,
) -> ocr.ScanPage | None:
    """The picture's region of the page rendered alone and read by OCR by `deadline`
    (the page's pictures share the time one scanned page gets), in the page's
    coordinates; None when it holds no table and no text of a report."""
    box_left, box_bottom, box_right, box_top = page.get_cropbox()
    crop = (
        max(pic.x0 - box_left, 0.0),
        max((top - pic.bottom) - box_bottom, 0.0),
        max(box_right - pic.x1, 0.0),
        max(box_top - (top - pic.top), 0.0),
    )
    scale = settings.dpi / 72
    with PDFIUM:
        image = page.render(scale=scale, crop=crop).to_pil()
    found: list[str] = []
    scan = ocr.read_image(
        image,
        page_no,
        scale,
        problems=found,
        min_confidence=settings.min_confidence,
        deadline=deadline,
    )
    if scan is None or not holds_report(scan):
        return None
    problems.append(read_note(f"第{page_no}页的图片", scan))
    problems += found
    # the render starts at the crop's corner: move everything back onto the page
    dx = box_left + crop[0]
    dy = (top - box_top) + crop[3]
    return _moved(scan, dx, dy)


def _moved(scan: ocr.ScanPage, dx: float, dy: float) -> ocr.ScanPage:
    """The page read from a picture, moved by (dx, dy) points."""

    def char(c: Char) -> Char:
        return replace(c, x0=c.x0 + dx, x1=c.x1 + dx, top=c.top + dy, bottom=c.bottom + dy)

    def line(ln: Line) -> Line:
        return replace(
            ln,
            chars=[char(c) for c in ln.chars],
            x0=ln.x0 + dx,
            x1=ln.x1 + dx,
            top=ln.top + dy,
            bottom=ln.bottom + dy,
            spans=[(a + dx, b + dx) for a, b in ln.spans] if ln.spans is not None else None,
        )

    grids = []
    for g in scan.grids:
        for c in g.cells:
            c.x0, c.x1, c.top, c.bottom = c.x0 + dx, c.x1 + dx, c.top + dy, c.bottom + dy
            c.chars = [char(ch) for ch in c.chars]
        grids.append(Grid([x + dx for x in g.xs], [y + dy for y in g.ys], g.cells))
    return ocr.ScanPage(
        scan.height + dy,
        [line(ln) for ln in scan.lines],
        grids,
        [y + dy for y in scan.table_lines],
    )
