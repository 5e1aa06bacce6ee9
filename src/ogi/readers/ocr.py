"""Scanned pages: the page image read by OCR into the same blocks as the text layer.

The OCR engine is RapidOCR (`rapidocr_onnxruntime`): PP-OCRv4 detection and Chinese
recognition models shipped inside the wheel and run by onnxruntime on the CPU, so a
read never downloads anything. Table rules are found in the image itself (long runs of
dark pixels), turned into the same `Rule`s the text-layer reader takes from path
objects, and rebuilt into grids by `pdf_tables.find_grids`, so merged cells follow one
convention for both kinds of page. Text boxes are detected on the page as it is (the
rules keep neighbouring cells' text apart; without them `数` and `现行…` in adjacent
header cells become one box) and cut where a column rule still crosses one; they are
recognised with the table rules painted white, since a rule touching a glyph is read
as `1` or `|`.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ogi.blocks import Block, Cell, Where
from ogi.readers.pdf_chars import Char, Line, group_lines
from ogi.readers.pdf_tables import Grid, Rule, cell_text, find_grids
from ogi.readers.pdf_text import MARGIN, is_page_number, paragraphs

MIN_CONFIDENCE = 0.8  # below this a value is reported, not trusted
DET_SIDE = 1280  # detection runs on the page scaled to this longer side (px)
REC_CHUNK = 24  # text boxes recognised per call, between time-limit checks
INK = 150  # grey level below which a pixel is ink
MIN_HRULE = 24.0  # pt; longer than two characters, so no glyph stroke qualifies
MIN_VRULE = 12.0  # pt; taller than a character of body text, shorter than a table row
MAX_RULE_WIDTH = 4.0  # pt; a thicker dark band is a filled box, not a rule
BOX_SIZE = 1.35  # detected box height / font size (detection pads the glyphs)
SPECK = 1.0  # pt; a dark dot no wider than this is dust (a printed full stop is ~1.3)
SCAN_COVER = 0.5  # share of the page an image must cover to count as a scan
SCAN_MIN_CHARS = 40  # a scan whose text layer has fewer chars is OCR'd as well

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class OcrBox:
    """Recognised text and its box (x0, top, x1, bottom) in image pixels."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


@functools.cache
def _engine() -> Any:
    """The RapidOCR engine, loaded once (about a second) and only when a page needs it;
    None when the package is not installed."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    # pages come upright from pdfium (the page's /Rotate is applied when rendering),
    # so the 180° classifier would only cost time
    return RapidOCR(use_cls=False)


def available() -> bool:
    return _engine() is not None


# ---------------------------------------------------------------------------------------
# Recognition


def _as_array(image: Any) -> np.ndarray:
    """A PIL image or an array as an RGB uint8 array."""
    if not isinstance(image, np.ndarray):
        image = np.asarray(image.convert("RGB"))
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif image.shape[2] == 4:
        image = image[:, :, :3]
    return np.ascontiguousarray(image, dtype=np.uint8)


def _detect(engine: Any, img: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Text boxes of the image. Detection needs far fewer pixels than recognition, so
    it runs on a reduced copy (0.2 s instead of 1–5 s for an A4 page) and the boxes
    are scaled back to crop the full-resolution image."""
    h, w = img.shape[:2]
    ratio = min(1.0, DET_SIDE / max(h, w))
    small = img
    if ratio < 1.0:
        import cv2  # a dependency of rapidocr_onnxruntime

        small = cv2.resize(img, (int(w * ratio), int(h * ratio)), interpolation=cv2.INTER_AREA)
    quads, _ = engine.text_det(small)
    if quads is None:
        return []
    boxes = []
    for q in np.asarray(quads, dtype=np.float64) / ratio:
        x0, y0 = q.min(axis=0)
        x1, y1 = q.max(axis=0)
        x0, y0, x1, y1 = max(x0, 0.0), max(y0, 0.0), min(x1, w), min(y1, h)
        if x1 - x0 >= 2 and y1 - y0 >= 2:
            boxes.append((float(x0), float(y0), float(x1), float(y1)))
    boxes.sort(key=lambda b: (b[1], b[0]))
    return boxes


def _tighten(
    img: np.ndarray, box: tuple[float, float, float, float]
) -> tuple[float, float, float, float] | None:
    """The box shrunk to the ink inside it and padded by a fifth of the ink's height, or
    None when it holds no ink. Detection boxes vary in their margins (a lone `0` can
    get one twice its height), and the recogniser reads a loose box badly: on the test
    scans the least sure cell went from 0.32 to 0.91 with boxes made uniform."""
    h, w = img.shape[:2]
    x0, y0 = max(int(box[0]), 0), max(int(box[1]), 0)
    x1, y1 = min(int(np.ceil(box[2])), w), min(int(np.ceil(box[3])), h)
    ys, xs = np.nonzero(img[y0:y1, x0:x1].min(axis=2) < INK)
    if ys.size == 0:
        return None
    pad = 0.2 * (ys.max() - ys.min() + 1)
    return (
        max(x0 + xs.min() - pad, 0.0),
        max(y0 + ys.min() - pad, 0.0),
        min(x0 + xs.max() + 1 + pad, float(w)),
        min(y0 + ys.max() + 1 + pad, float(h)),
    )


def _recognise(
    engine: Any,
    img: np.ndarray,
    boxes: list[tuple[float, float, float, float]],
    deadline: float | None = None,
) -> tuple[list[OcrBox], bool]:
    """Recognise each box; stop at `deadline` and say whether everything was read."""
    out: list[OcrBox] = []
    tight = [t for t in (_tighten(img, b) for b in boxes) if t is not None]
    for start in range(0, len(tight), REC_CHUNK):
        if deadline is not None and time.monotonic() > deadline:
            return out, False
        chunk = tight[start : start + REC_CHUNK]
        crops = [
            img[int(y0) : int(np.ceil(y1)), int(x0) : int(np.ceil(x1))] for x0, y0, x1, y1 in chunk
        ]
        results, _ = engine.text_rec(crops)
        for box, res in zip(chunk, results, strict=True):
            text, score = str(res[0]).strip(), float(res[1])
            if text:
                out.append(OcrBox(text, box, score))
    return out, True


def ocr_page(image: Any) -> list[OcrBox]:
    """All text of a page image (PIL image or array), box by box, in reading order."""
    engine = _engine()
    if engine is None:
        raise RuntimeError("未安装 rapidocr_onnxruntime，无法识别扫描页")
    img = _as_array(image)
    boxes, _ = _recognise(engine, img, _detect(engine, img))
    return boxes


# ---------------------------------------------------------------------------------------
# Cleaning a scan: contrast and skew


def _stretch(img: np.ndarray) -> np.ndarray:
    """A grey or faded scan stretched so that paper is white and ink dark: the fixed
    ink level that rules and boxes are found with assumes it."""
    gray = img[::3, ::3].min(axis=2)  # a sample is enough for two percentiles
    paper = float(np.percentile(gray, 90))  # most of a page is paper
    dark = gray[gray < paper - 40]
    if dark.size < 50:
        return img  # blank, or nothing but paper
    ink = float(np.percentile(dark, 5))
    if ink <= 60 and paper >= 230:
        return img
    out = (img.astype(np.float32) - ink) * (255.0 / max(paper - ink, 1.0))
    return np.clip(out, 0, 255).astype(np.uint8)


def _skew(gray: np.ndarray) -> float:
    """The angle (degrees, anticlockwise) that levels the page's rows: rules and text
    lines make the row profile sharpest when they lie flat. A scan fed at an angle of
    more than about half a degree has its rules broken into steps too short to find."""
    import cv2

    h, w = gray.shape
    r = min(1.0, 800 / max(h, w))
    small = cv2.resize(gray, (max(int(w * r), 1), max(int(h * r), 1)), interpolation=cv2.INTER_AREA)
    ink = (small < INK).astype(np.float32)
    if ink.sum() < 100:
        return 0.0
    size = (ink.shape[1], ink.shape[0])
    centre = (size[0] / 2, size[1] / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rows = cv2.warpAffine(ink, m, size, flags=cv2.INTER_LINEAR).sum(axis=1)
        return float(np.dot(rows, rows))

    coarse = max(np.arange(-3.0, 3.01, 0.25), key=sharpness)
    return float(max(np.arange(coarse - 0.2, coarse + 0.21, 0.05), key=sharpness))


def _deskew(img: np.ndarray) -> np.ndarray:
    angle = _skew(img.min(axis=2))
    if abs(angle) < 0.1:
        return img
    import cv2

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        img,
        m,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(255, 255, 255),
    )


def _despeckle(img: np.ndarray, scale: float) -> np.ndarray:
    """Dust and toner specks painted white: a speck beside a number is read as a
    decimal point (`17.`), and specks in a cell make its box too loose to read. Only
    dots of up to `SPECK` across go (by area, so a thin stroke of a glyph never does)."""
    import cv2

    ink = (img.min(axis=2) < INK).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tiny = stats[:, cv2.CC_STAT_AREA] <= (SPECK * scale) ** 2
    tiny[0] = False  # label 0 is the background
    if not tiny.any():
        return img
    out = img.copy()
    out[tiny[labels]] = 255
    return out


# ---------------------------------------------------------------------------------------
# Table rules in the image


def _run_mask(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels lying in a horizontal run of at least `length` ink pixels."""
    h, w = ink.shape
    if length > w:
        return np.zeros_like(ink)
    c = np.zeros((h, w + 1), np.int32)
    np.cumsum(ink, axis=1, out=c[:, 1:])
    starts = np.zeros((h, w + 1), np.int32)
    starts[:, 1 : w - length + 2] = (c[:, length:] - c[:, : w + 1 - length]) == length
    np.cumsum(starts, axis=1, out=starts)
    hi = np.arange(1, w + 1)
    lo = np.maximum(np.arange(w) - length + 1, 0)
    return (starts[:, hi] - starts[:, lo]) > 0


def _close_gaps(ink: np.ndarray) -> np.ndarray:
    """Bridge one-pixel breaks along rows: scanned rules are rarely unbroken."""
    out = ink.copy()
    out[:, 1:-1] |= ink[:, :-2] & ink[:, 2:]
    return out


def _rules_of_mask(mask: np.ndarray, horizontal: bool, scale: float) -> list[Rule]:
    """Runs of a row-wise rule mask into rules (in points); rows that touch form one
    thick rule."""
    rules: list[Rule] = []
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return rules
    breaks = np.flatnonzero(np.diff(rows) > 1)
    for band in np.split(rows, breaks + 1):
        top, bottom = int(band[0]), int(band[-1]) + 1
        if (bottom - top) / scale > MAX_RULE_WIDTH:
            continue
        cols = mask[top:bottom].any(axis=0).astype(np.int8)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], cols, [0]))))
        pos = (top + bottom) / 2 / scale
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            rules.append(Rule(horizontal, pos, float(a) / scale, float(b) / scale))
    return rules


def image_rules(gray: np.ndarray, scale: float) -> tuple[list[Rule], np.ndarray]:
    """Horizontal and vertical rules of a page image (points, top-down) and the mask of
    their pixels."""
    ink = gray < INK
    hmask = _run_mask(_close_gaps(ink), max(int(MIN_HRULE * scale), 8))
    vmask = _run_mask(_close_gaps(ink.T), max(int(MIN_VRULE * scale), 6)).T
    rules = _rules_of_mask(hmask, True, scale) + _rules_of_mask(vmask.T, False, scale)
    return rules, hmask | vmask


def _erase(img: np.ndarray, mask: np.ndarray, grids: list[Grid], scale: float) -> np.ndarray:
    """The image with the rules of the grids painted white (one pixel of margin, for
    the antialiased edge)."""
    keep = np.zeros_like(mask)
    for g in grids:
        x0, top, x1, bottom = (round(v * scale) for v in g.bbox)
        keep[max(top - 3, 0) : bottom + 4, max(x0 - 3, 0) : x1 + 4] = True
    m = mask & keep
    grown = m.copy()
    grown[1:] |= m[:-1]
    grown[:-1] |= m[1:]
    grown[:, 1:] |= m[:, :-1]
    grown[:, :-1] |= m[:, 1:]
    out = img.copy()
    out[grown] = 255
    return out


def _split_at_rules(
    boxes: list[tuple[float, float, float, float]], grids: list[Grid], scale: float
) -> list[tuple[float, float, float, float]]:
    """Cut a detected box where a column rule of a grid crosses it: numbers in
    neighbouring narrow cells are sometimes detected as one line."""
    out = []
    for box in boxes:
        x0, y0, x1, y1 = box
        cy = (y0 + y1) / 2 / scale
        cuts: list[float] = []
        for g in grids:
            if g.ys[0] <= cy <= g.ys[-1]:
                cuts += [x * scale for x in g.xs if x0 + 2 < x * scale < x1 - 2]
        edges = [x0, *sorted(cuts), x1]
        out += [(a, y0, b, y1) for a, b in itertools.pairwise(edges) if b - a >= 3]
    return out


def _missed_cells(
    gray: np.ndarray,
    grids: list[Grid],
    boxes: list[tuple[float, float, float, float]],
    scale: float,
) -> list[tuple[float, float, float, float]]:
    """Boxes around the ink of cells where detection found nothing: a lone small
    digit (`0`, `1`) is the text detection misses most, and exactly the one a table
    of counts is full of."""
    out = []
    inset = int(1.5 * scale) + 2  # past the erased rule and its blur
    min_ink = max(4, int(2 * scale * scale))  # about 2 pt²: less is a speck
    for g in grids:
        for cell in g.cells:
            x0, x1, top, bottom = (v * scale for v in (cell.x0, cell.x1, cell.top, cell.bottom))
            if any(
                x0 <= (b[0] + b[2]) / 2 <= x1 and top <= (b[1] + b[3]) / 2 <= bottom for b in boxes
            ):
                continue
            left, upper = int(x0) + inset, int(top) + inset
            ys, xs = np.nonzero(gray[upper : int(bottom) - inset, left : int(x1) - inset] < INK)
            if len(ys) < min_ink:
                continue
            out.append(
                (left + xs.min(), upper + ys.min(), left + xs.max() + 1, upper + ys.max() + 1)
            )
    return out


# ---------------------------------------------------------------------------------------
# Cells and numbers

_LOOKALIKE = str.maketrans(
    {"O": "0", "o": "0", "〇": "0", "○": "0", "Ｏ": "0", "l": "1", "I": "1", "|": "1", "丨": "1"}
)
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")


def _fold_digits(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in text)


def numeric_cell(text: str, column_numeric: bool = False) -> str | None:
    """The number a cell holds once OCR's look-alikes (O for 0, l for 1 …) are undone,
    or None when it is not a number. A cell of look-alikes alone (`O`) counts only in a
    column that holds real numbers."""
    raw = _fold_digits(text).replace(" ", "")
    fixed = raw.translate(_LOOKALIKE)
    if not _NUMBER.match(fixed):
        return None
    if fixed != raw and not any(c.isdigit() for c in raw) and not column_numeric:
        return None
    return fixed


def _box_char(b: OcrBox, scale: float) -> Char:
    """One OCR box as one wide 'char' in points, so the text-layer line and paragraph
    code applies unchanged."""
    x0, y0, x1, y1 = (v / scale for v in b.box)
    return Char(b.text, x0, x1, y0, y1, (y1 - y0) / BOX_SIZE)


@dataclass
class _Filled:
    grid: Grid
    boxes: dict[tuple[int, int], list[tuple[OcrBox, Char]]]


def _fill(grids: list[Grid], items: list[tuple[OcrBox, Char]]) -> tuple[list[_Filled], list[Char]]:
    """Assign boxes to the cell holding their centre; return the boxes outside tables."""
    filled = [_Filled(g, {}) for g in grids]
    rest: list[Char] = []
    for box, ch in items:
        for f in filled:
            g = f.grid
            x0, top, x1, bottom = g.bbox
            if not (x0 <= ch.cx <= x1 and top <= ch.cy <= bottom):
                continue
            r = min(max(bisect.bisect_right(g.ys, ch.cy) - 1, 0), len(g.ys) - 2)
            c = min(max(bisect.bisect_right(g.xs, ch.cx) - 1, 0), len(g.xs) - 2)
            for cell in g.cells:
                if (
                    cell.row <= r < cell.row + cell.rowspan
                    and cell.col <= c < cell.col + cell.colspan
                ):
                    f.boxes.setdefault((cell.row, cell.col), []).append((box, ch))
                    break
            break
        else:
            rest.append(ch)
    return filled, rest


def _table(
    f: _Filled, page: int, line: int, min_confidence: float, problems: list[str]
) -> Block | None:
    texts: dict[tuple[int, int], str] = {}
    confs: dict[tuple[int, int], float] = {}
    for key, items in f.boxes.items():
        texts[key] = cell_text([ch for _, ch in items])
        confs[key] = min(b.confidence for b, _ in items)
    if not texts:
        return None
    numeric_cols = {c for (_, c), t in texts.items() if numeric_cell(t) is not None}
    rows: list[list[Cell]] = [[] for _ in range(len(f.grid.ys) - 1)]
    for gc in sorted(f.grid.cells, key=lambda g: (g.row, g.col)):
        key = (gc.row, gc.col)
        text = texts.get(key, "")
        number = numeric_cell(text, gc.col in numeric_cols) if text else None
        if number is not None:
            text = number
        conf = confs.get(key)
        rows[gc.row].append(Cell(text, gc.row, gc.col, gc.rowspan, gc.colspan, conf))
        if conf is not None and conf < min_confidence:
            problems.append(
                f"第{page}页 表格第{gc.row + 1}行第{gc.col + 1}列 识别置信度低"
                f"（{conf:.2f}）：“{text}”"
            )
    return Block("table", rows=[r for r in rows if r], where=Where(page=page, line=line))


# ---------------------------------------------------------------------------------------
# A PDF page


def render(pdf_page: pdfium.PdfPage, dpi: int) -> Any:
    return pdf_page.render(scale=dpi / 72).to_pil()


def blocks_of_image(
    image: Any,
    page_no: int,
    scale: float,
    *,
    problems: list[str] | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    deadline: float | None = None,
) -> list[Block]:
    """Paragraph and table blocks of one page image; `scale` is pixels per point."""
    engine = _engine()
    if engine is None:
        return []
    problems = problems if problems is not None else []
    img = _despeckle(_deskew(_stretch(_as_array(image))), scale)
    gray = img.min(axis=2)  # a coloured rule or stamp is as dark as its darkest channel
    rules, mask = image_rules(gray, scale)
    grids = find_grids(rules)
    # detection sees the rules, which keep neighbouring cells' text apart; recognition
    # reads the same boxes with the rules painted out
    boxes = _split_at_rules(_detect(engine, img), grids, scale)
    if grids:
        img = _erase(img, mask, grids, scale)
        boxes += _missed_cells(img.min(axis=2), grids, boxes, scale)
    found, complete = _recognise(engine, img, boxes, deadline)
    if not complete:
        problems.append(f"第{page_no}页 识别超时，只识别了部分文字（{len(found)}/{len(boxes)} 段）")
    # these reports are Chinese: an unsure box of Latin letters is a speck or a stroke
    # read as a letter, and a page without a single Chinese character or digit is noise
    found = [b for b in found if _legible(b.text) or b.confidence >= min_confidence]
    if not any(_legible(b.text) for b in found):
        return []
    items = [(b, _box_char(b, scale)) for b in found]
    confidence = {id(ch): b.confidence for b, ch in items}
    filled, rest = _fill(grids, items)
    height = img.shape[0] / scale
    lines = [
        ln for ln in group_lines(rest) if not (_in_margin(ln, height) and is_page_number(ln.text))
    ]
    return _assemble_page(lines, confidence, filled, page_no, min_confidence, problems)


def _legible(text: str) -> bool:
    return bool(_CJK.search(text)) or any(c.isdigit() for c in text)


def _in_margin(ln: Line, height: float) -> bool:
    return ln.bottom < height * MARGIN or ln.top > height * (1 - MARGIN)


def _assemble_page(
    lines: list[Line],
    confidence: dict[int, float],
    filled: list[_Filled],
    page_no: int,
    min_confidence: float,
    problems: list[str],
) -> list[Block]:
    # line numbers count the printed lines of the page, those inside tables too, as the
    # text-layer reader does
    centres = [(ln.top + ln.bottom) / 2 for ln in lines]
    for f in filled:
        inside = [ch for items in f.boxes.values() for _, ch in items]
        centres += [(ln.top + ln.bottom) / 2 for ln in group_lines(inside)]
    centres.sort()

    def line_no(ln: Line) -> int:
        return bisect.bisect_left(centres, (ln.top + ln.bottom) / 2 - 0.01) + 1

    entries: list[tuple[float, Block]] = [
        (p.top, p.block) for p in paragraphs(lines, page_no, line_no)
    ]
    for ln in lines:
        conf = min(confidence.get(id(ch), 1.0) for ch in ln.chars)
        if conf < min_confidence:
            problems.append(
                f"第{page_no}页第{line_no(ln)}行 识别置信度低（{conf:.2f}）：“{ln.text}”"
            )
    for f in filled:
        line = bisect.bisect_left(centres, f.grid.ys[0]) + 1
        block = _table(f, page_no, line, min_confidence, problems)
        if block is not None:
            entries.append((f.grid.ys[0], block))
    entries.sort(key=lambda e: e[0])
    return [b for _, b in entries]


def page_blocks(
    pdf_page: pdfium.PdfPage,
    page_no: int,
    dpi: int = 200,
    *,
    problems: list[str] | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    time_limit: float | None = None,
) -> list[Block]:
    """OCR one PDF page into blocks; problems (low confidence, time-out) are appended to
    `problems`. An empty list means nothing legible was found."""
    deadline = time.monotonic() + time_limit if time_limit is not None else None
    image = render(pdf_page, dpi)
    return blocks_of_image(
        image,
        page_no,
        dpi / 72,
        problems=problems,
        min_confidence=min_confidence,
        deadline=deadline,
    )


def _holds_image(obj: Any, depth: int = 0) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    if kind != pdfium_c.FPDF_PAGEOBJ_FORM or depth > 4:
        return False
    n = min(pdfium_c.FPDFFormObj_CountObjects(obj), 1000)
    return any(_holds_image(pdfium_c.FPDFFormObj_GetObject(obj, i), depth + 1) for i in range(n))


def image_cover(pdf_page: pdfium.PdfPage) -> float:
    """Share of the page covered by its largest image, counting a form XObject that
    holds an image by its own bounds (some scanners wrap each page's picture in one)."""
    raw = pdf_page.raw
    w, h = pdf_page.get_width(), pdf_page.get_height()
    if w <= 0 or h <= 0:
        return 0.0
    best = 0.0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(min(pdfium_c.FPDFPage_CountObjects(raw), 5000)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if not _holds_image(obj):
            continue
        if pdfium_c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            area = (right.value - left.value) * (top.value - bottom.value)
            best = max(best, area / (w * h))
    return min(best, 1.0)


def thin_text_layer(pdf_page: pdfium.PdfPage, chars: int) -> bool:
    """A scan carrying a few words of text (a stamped header, a half-done OCR layer):
    an image over most of the page and far fewer characters than a page of a report
    holds. Such a page is OCR'd too, and the richer reading kept."""
    return chars < SCAN_MIN_CHARS and image_cover(pdf_page) >= SCAN_COVER


@dataclass(frozen=True)
class OcrSettings:
    """How the PDF reader OCRs a page without a usable text layer."""

    dpi: int = 200
    page_limit: float = 30.0  # seconds per page, so a long scan stays bounded
    min_confidence: float = MIN_CONFIDENCE

    def wanted(self, pdf_page: pdfium.PdfPage, no_text: bool, chars: int) -> bool:
        return no_text or thin_text_layer(pdf_page, chars)

    def read(
        self, pdf_page: pdfium.PdfPage, page_no: int, problems: list[str], chars: int = 0
    ) -> list[Block] | None:
        """The page's blocks from OCR, or None when OCR is not installed, found nothing
        legible, or read fewer characters than the text layer already has."""
        if not available():
            return None
        found: list[str] = []
        blocks = page_blocks(
            pdf_page,
            page_no,
            self.dpi,
            problems=found,
            min_confidence=self.min_confidence,
            time_limit=self.page_limit,
        )
        if not blocks:
            problems.extend(found)  # a time-out is worth saying even when nothing was read
            return None
        read = sum(len(b.text) + sum(len(c.text) for r in b.rows for c in r) for b in blocks)
        if read <= chars:
            return None
        problems.extend(found)
        return blocks
