"""Scanned pages: the page image read by OCR into the lines and grids the text-layer
reader makes, so the PDF reader assembles both kinds of page alike (paragraphs, running
headers, tables continued over a page break).

The engine is RapidOCR (`rapidocr_onnxruntime`): PP-OCRv4 detection and Chinese
recognition models shipped inside the wheel and run by onnxruntime on the CPU, so a
read never downloads anything. A page goes through:
- cleaning: contrast stretched, skew levelled, dust removed;
- table rules found in the image (long runs of dark pixels), turned into the same
  `Rule`s the text-layer reader takes from path objects and rebuilt into grids by
  `pdf_tables.find_grids`, so merged cells follow one convention for both kinds of page;
- text boxes detected on the page with its rules (they keep neighbouring cells' text
  apart: without them `数` and `现行…` in adjacent header cells become one box), cut
  at cell borders and between the lines of a wrapped cell, shrunk to their ink;
- recognition with the table rules painted white (a rule touching a glyph is read as
  `1` or `|`), columns of characters written downwards laid out as a row first;
- boxes put into cells; numbers cleaned of look-alikes (O for 0, l for 1); each cell
  keeps the least confidence of its boxes, and unsure cells and lines are reported.
"""

from __future__ import annotations

import bisect
import collections
import ctypes
import dataclasses
import functools
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ogi import patterns
from ogi.blocks import UNREAD, Block, Cell, Where
from ogi.gcpause import collecting
from ogi.normalize import is_cjk
from ogi.readers.ocr_image import (
    INK,
    ScanImage,
    cell_ink,
    darkest,
    deskew,
    despeckle,
    edge_borders,
    erase_rules,
    image_rules,
    missed_cells,
    seals,
    see_through_red,
    split_at_rules,
    stretch,
    under_seal,
)
from ogi.readers.pdf_chars import Char, Line, group_lines
from ogi.readers.pdf_tables import SNAP, Grid, GridCell, cell_text, find_grids
from ogi.readers.pdf_text import MARGIN, is_page_number, paragraphs

MIN_CONFIDENCE = 0.8  # below this a value is reported, not trusted
# below this a number is taken only where its row's sum holds with it: a 0 under a stamp
# read as 6 comes with a confidence of 0.8 to 0.9, a clean digit with 0.95 and more
VOUCH_CONFIDENCE = 0.95
DET_SIDE = 1280  # detection runs on the page scaled to this longer side (px)
REC_CHUNK = 24  # text boxes recognised per call, between time-limit checks
BOX_SIZE = 1.3  # box height / font size: ink (about 0.9 em) plus a fifth above and below
SCAN_COVER = 0.5  # share of the page an image must cover to count as a scan
SCAN_MIN_CHARS = 40  # a scan whose text layer has fewer chars is OCR'd as well

_CJK = patterns.compile(r"[\u4e00-\u9fff]")
_DIGIT = patterns.compile(r"\d")  # (any digit: full-width ones too)


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
    # so the 180° classifier would only cost time. The recogniser pads every crop of a
    # batch to the widest, and by default to at least 320 px: a table's boxes are
    # mostly a digit or two, so a 96 px floor and batches of three read the sample
    # report's table pages twice as fast with the same text (a 48 px floor loses lone
    # digits; cells read as nothing are tried again at the default width). One thread
    # per session: the batches are small, so a second thread costs more in handing work
    # over than it gives (recognition took 2.1 times the CPU and 1.9 times as long with
    # onnxruntime's default of one per core, same text and scores), and a batch runs a
    # process per core anyway.
    return RapidOCR(
        use_cls=False,
        rec_img_shape=[3, 48, 96],
        rec_batch_num=3,
        intra_op_num_threads=1,
        inter_op_num_threads=1,
    )


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


_HALF_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_WIDE = "\u3000-\u9fff\uff00-\uffef"  # CJK characters and full-width punctuation
_SPACE_BY_WIDE = patterns.compile(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])")


def _punctuate(text: str) -> str:
    """Chinese text as printed: the recogniser often gives ASCII brackets and commas
    for the full-width ones the reports use (`（单位：万元)`), and puts a space where
    the print has a wide gap. A comma or colon between digits stays (1,234; 10:30)."""
    if not _CJK.search(text):
        return text
    text = _SPACE_BY_WIDE.sub("", text)
    out = []
    for i, ch in enumerate(text):
        full = _HALF_TO_FULL.get(ch)
        between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        if ch in ",:" and between_digits:
            full = None
        out.append(full or ch)
    return "".join(out)


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
    ink = darkest(img[y0:y1, x0:x1]) < INK
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return None
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    # a sliver of the line above or below, caught at the box's edge, is not this line's
    # ink: left in, the box grows into its neighbour and the two merge into one line
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        if last[-1] == ink.shape[0] - 1 and len(last) < 0.4 * (runs[-2][-1] - rows[0] + 1):
            ink[last[0] :] = False
        if first[0] == 0 and len(first) < 0.4 * (rows[-1] - runs[1][0] + 1):
            ink[: first[-1] + 1] = False
    ys, xs = np.nonzero(ink)
    if ys.size == 0:
        return None
    # a fifth of the line's thickness: its height, or for a column of characters
    # written downwards, its width
    pad = 0.2 * min(ys.max() - ys.min() + 1, 1.5 * (xs.max() - xs.min() + 1))
    return (
        max(x0 + xs.min() - pad, 0.0),
        max(y0 + ys.min() - pad, 0.0),
        min(x0 + xs.max() + 1 + pad, float(w)),
        min(y0 + ys.max() + 1 + pad, float(h)),
    )


def _text_lines(
    img: np.ndarray, box: tuple[float, float, float, float]
) -> list[tuple[float, float, float, float]]:
    """A box holding two or more lines (detection joins the lines of a wrapped cell
    such as `结果/维持`) cut between them. Rows of ink are grouped while a group stays
    under 0.6 of the whole height, which keeps the strokes of 三 or 二 together; a cut
    is made only where both sides are real lines, each at least 0.3 of it."""
    x0, y0, x1, y1 = box
    crop = img[int(y0) : int(np.ceil(y1)), int(x0) : int(np.ceil(x1))]
    if crop.size == 0:
        return [box]
    ink = darkest(crop) < INK
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return [box]
    height = rows[-1] - rows[0] + 1
    cols = np.flatnonzero(ink.any(axis=0))
    if height > 1.15 * (cols[-1] - cols[0] + 1):
        return [box]  # characters stacked downwards: `_upright_line` reads those
    groups: list[list[int]] = []
    for run in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        a, b = int(run[0]), int(run[-1]) + 1
        if groups and b - groups[-1][0] <= 0.6 * height:
            groups[-1][1] = b
        else:
            groups.append([a, b])
    if len(groups) < 2 or any(b - a < 0.3 * height for a, b in groups):
        return [box]
    cuts = [y0 + (groups[i][1] + groups[i + 1][0]) / 2 for i in range(len(groups) - 1)]
    edges = [y0, *cuts, y1]
    return [(x0, a, x1, b) for a, b in itertools.pairwise(edges)]


def _upright_line(crop: np.ndarray) -> np.ndarray:
    """A column of characters written top to bottom (a label in a tall merged cell)
    laid out as a row, which is all the recogniser reads. Characters are told apart by
    blank rows; pieces of one character (the strokes of 三) are joined while they stay
    about as tall as the column is wide. Anything else is returned as it is."""
    h, w = crop.shape[:2]
    if h <= 1.15 * w:
        return crop
    ink = darkest(crop) < INK
    rows = np.flatnonzero(ink.any(axis=1))
    profile = ink.sum(axis=0)
    cols = np.flatnonzero(profile >= 0.1 * profile.max())  # past stray marks at the side
    if rows.size == 0:
        return crop
    width = int(cols[-1] - cols[0] + 1)
    pieces: list[list[int]] = []
    for run in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        a, b = int(run[0]), int(run[-1]) + 1
        if pieces and b - pieces[-1][0] <= 1.15 * width:
            pieces[-1][1] = b
        else:
            pieces.append([a, b])
    if len(pieces) < 2:
        return crop
    tall = max(b - a for a, b in pieces)
    pad, gap = max(2, tall // 5), max(2, width // 6)
    out = np.full((tall + 2 * pad, len(pieces) * (width + gap) + 2 * pad, 3), 255, np.uint8)
    x = pad
    for a, b in pieces:
        top = pad + (tall - (b - a)) // 2
        out[top : top + b - a, x : x + width] = crop[a:b, cols[0] : cols[0] + width]
        x += width + gap
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _drop_contained(
    boxes: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Boxes less the ones lying (four fifths) inside a bigger one: detection sometimes adds
    a second box over the end of a word, and its half character is read as another
    character (the right half of 他 as 也)."""
    kept: list[tuple[float, float, float, float]] = []
    for b in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True):
        area = (b[2] - b[0]) * (b[3] - b[1])
        if all(_overlap(b, k) < 0.8 * area for k in kept):
            kept.append(b)
    kept.sort(key=lambda b: (b[1], b[0]))
    return kept


def _pad_wide(crop: np.ndarray) -> np.ndarray:
    """The crop padded on the right to 320/48 of its height with mid grey, which is
    what the recogniser itself pads with (0 after its normalisation): a lone digit it
    reads as nothing in a narrow batch it reads right at the default width."""
    h, w = crop.shape[:2]
    want = int(h * 320 / 48)
    if w >= want:
        return crop
    out = np.full((h, want, 3), 128, np.uint8)
    out[:, :w] = crop
    return out


def _recognise(
    engine: Any,
    img: np.ndarray,
    boxes: list[tuple[float, float, float, float]],
    deadline: float | None = None,
    wide: bool = False,
) -> tuple[list[OcrBox], bool]:
    """Recognise each box; stop at `deadline` and say whether everything was read.
    `wide` pads each crop as the recogniser's default width would (see `_engine`)."""
    out: list[OcrBox] = []
    tight = _drop_contained(
        [t for b in boxes for line in _text_lines(img, b) if (t := _tighten(img, line)) is not None]
    )
    for start in range(0, len(tight), REC_CHUNK):
        if deadline is not None and time.monotonic() > deadline:
            return out, False
        chunk = tight[start : start + REC_CHUNK]
        crops = [
            img[int(y0) : int(np.ceil(y1)), int(x0) : int(np.ceil(x1))] for x0, y0, x1, y1 in chunk
        ]
        if wide:
            crops = [_pad_wide(c) for c in crops]
        # a tall box is read both as it is and laid out as a row, and the surer reading
        # kept: a downward label (三、本年度…) needs the row, a lone 7 whose bar comes
        # apart from its stem must stay as it is
        rows = {i: row for i, c in enumerate(crops) if (row := _upright_line(c)) is not c}
        results, _ = engine.text_rec(crops + list(rows.values()))
        for i, j in zip(rows, range(len(crops), len(results)), strict=True):
            (as_is, p), (as_row, q) = results[i][:2], results[j][:2]
            # the row may also win by reading more: `三、` against a sure `三`
            if q > p or (len(as_row) > len(as_is) and q >= 0.7):
                results[i] = results[j]
        for box, res in zip(chunk, results, strict=False):
            text, score = _punctuate(str(res[0]).strip()), float(res[1])
            if text:
                out.append(OcrBox(text, box, score))
    return out, True


def _reread_numbers(
    engine: Any,
    img: np.ndarray,
    found: list[OcrBox],
    grids: list[Grid],
    scale: float,
    deadline: float | None = None,
) -> list[OcrBox]:
    """Numbers in tables read with less than `VOUCH_CONFIDENCE`, read again twice: at
    the recogniser's own width (`_pad_wide`; `_engine` narrows it for speed) and
    written out twice in a row. On the narrow canvas a lone digit is given 0.6 to 0.9
    however clean it is; read again, a clean one 0.9 to 0.99 both ways. Where both
    readings give the same number (twice over, for the second) it takes the lesser of
    their confidences if that is higher: a blot read as a digit is read differently,
    or no surer (on blotted 表三 scans, none was raised)."""
    unsure = [
        k
        for k, b in enumerate(found)
        if b.confidence < VOUCH_CONFIDENCE
        and _digits(b.text) is not None
        and _in_grid(b, grids, scale)
    ]
    if not unsure or (deadline is not None and time.monotonic() > deadline):
        return found
    crops = [_crop(img, found[k].box) for k in unsure]
    wide, _ = engine.text_rec([_pad_wide(c) for c in crops])
    twice, _ = engine.text_rec([np.concatenate([c, c], axis=1) for c in crops])
    out = list(found)
    for k, (w, w_score), (t, t_score) in zip(
        unsure, (r[:2] for r in wide), (r[:2] for r in twice), strict=True
    ):
        number = _digits(found[k].text)
        if _digits(str(w)) == number and _digits(str(t)) == 2 * number:
            score = min(float(w_score), float(t_score))
            if score > found[k].confidence:
                out[k] = dataclasses.replace(found[k], confidence=score)
    return out


def _digits(text: str) -> str | None:
    """The digits of a number read (look-alikes undone), None for anything else."""
    number = numeric_cell(text.strip(), True)
    return number if number is not None and number.replace(",", "").isdigit() else None


def _crop(img: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return img[int(y0) : int(np.ceil(y1)), int(x0) : int(np.ceil(x1))]


def ocr_page(image: Any) -> list[OcrBox]:
    """All text of a page image (PIL image or array), box by box, in reading order."""
    engine = _engine()
    if engine is None:
        raise RuntimeError("未安装 rapidocr_onnxruntime，无法识别扫描页")
    img = _as_array(image)
    boxes, _ = _recognise(engine, img, _detect(engine, img))
    return boxes


# ---------------------------------------------------------------------------------------
# Cells and numbers

_LOOKALIKE = str.maketrans(
    {"O": "0", "o": "0", "〇": "0", "○": "0", "Ｏ": "0", "l": "1", "I": "1", "|": "1", "丨": "1"}
)
_NUMBER = patterns.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")


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
class OcrCell(GridCell):
    """A grid cell read by OCR: its text, the least confidence of its boxes, and why its
    value is not to be taken (`ogi.blocks.Cell.doubt`)."""

    confidence: float | None = None
    doubt: str | None = None
    unsure: str | None = None
    weak: bool = False  # unsure, but sure enough to take where no sum can vouch

    def to_cell(self, page: int) -> Cell:
        cell = super().to_cell(page)
        cell.confidence, cell.doubt = self.confidence, self.doubt
        cell.unsure, cell.weak = self.unsure, self.weak
        return cell


def _ocr_grid(g: Grid) -> Grid:
    cells = [
        OcrCell(c.row, c.col, c.rowspan, c.colspan, c.x0, c.x1, c.top, c.bottom, c.open_top)
        for c in g.cells
    ]
    return Grid(g.xs, g.ys, list(cells))


def _fill(grids: list[Grid], items: list[tuple[OcrBox, Char]]) -> list[Char]:
    """Put each box into the cell holding its centre; return the boxes outside tables."""
    rest: list[Char] = []
    for box, ch in items:
        for g in grids:
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
                    cell.chars.append(ch)
                    if isinstance(cell, OcrCell):
                        least = cell.confidence
                        cell.confidence = min(box.confidence, 1.0 if least is None else least)
                    break
            break
        else:
            rest.append(ch)
    return rest


def _upright(c: Char) -> bool:
    """Text of two or more characters in a box taller than wide runs top to bottom."""
    return len(c.text) >= 2 and c.bottom - c.top > c.x1 - c.x0


def _cell_texts(
    g: Grid,
    page: int,
    min_confidence: float,
    problems: list[str],
    width: float = 0.0,
    ruled: tuple[bool, bool] = (False, False),
    scan: ScanImage | None = None,
    stamped: Sequence[tuple[float, float, float]] = (),
) -> None:
    """Set each cell's text, numbers cleaned of look-alikes, and name the unsure ones. A
    number read with a minus sign (a count is never negative: a speck or a rule's end),
    one in a cell the page's edge cuts (`width`: the page's, in points; `scan`: its
    image, to tell whether the ink stops clear of the edge; a digit past it is lost)
    and text that is no number in a row or column of numbers are not vouched for: the
    cell's `doubt` says why. A number OCR is unsure of, or one under a seal (`stamped`:
    `ogi.readers.ocr_image.seals`, whose strokes OCR reads as digits however sure), is
    marked `unsure`: its row's sum decides (`ogi.layout.verify.check_unsure`)."""
    for cell in g.cells:
        upright = [c for c in cell.chars if _upright(c)]
        if upright and all(len(c.text) == 1 or _upright(c) for c in cell.chars):
            # a label printed top to bottom, read piece by piece: one string, as the
            # text-layer reader makes of a column of single characters
            cell.text = "".join(c.text for c in sorted(cell.chars, key=lambda c: c.top))
        else:
            cell.text = cell_text(cell.chars, (cell.x0, cell.x1))
    numbers = [c for c in g.cells if c.text and numeric_cell(c.text) is not None]
    numeric_cols = {c.col for c in numbers}
    # a row of numbers too: in a table of one row of values under its headers (表四)
    # every column holds one number, so a lone `o` has no number above or below it
    # (look-alikes count towards the three: 表二's `0 o 0` has two numbers only)
    alike = [c for c in g.cells if c.text and numeric_cell(c.text, True) is not None]
    per_row = collections.Counter(c.row for c in alike)
    numeric_rows = {c.row for c in numbers if per_row[c.row] >= 3}
    for cell in sorted(g.cells, key=lambda c: (c.row, c.col)):
        if not cell.text:
            if (
                cell.col
                and width
                and _cut_by_edge(cell, width, ruled, scan)
                and isinstance(cell, OcrCell)
            ):
                # a cell the edge cuts is not shown blank: what it held may be past it
                cell.doubt = "单元格被页面边缘截断，内容可能不全，未取数"
            continue
        numeric = cell.col in numeric_cols or cell.row in numeric_rows
        number = numeric_cell(cell.text, numeric)
        if number is not None:
            cell.text = number
        conf = cell.confidence if isinstance(cell, OcrCell) else None
        doubt = None
        if number is not None and number.startswith("-"):
            doubt = f"识别出负号（多为污点或表格线）：“{number}”，未取数"
        elif number is not None and width and _cut_by_edge(cell, width, ruled, scan):
            doubt = f"单元格被页面边缘截断，数字可能不全：“{number}”，未取数"
        elif number is None and numeric and not any(map(is_cjk, cell.text)):
            doubt = f"识别结果不是数字：“{cell.text}”，未取数"
        elif (
            number is None
            and conf is not None
            and conf < min_confidence
            and cell.col in numeric_cols
            and per_row[cell.row] >= 2
        ):
            # a character OCR barely made out in a column of values, in a row of values
            # (a seal or a blot over the number): no label, which would take the cells
            # before it and move the row's values one column on
            doubt = f"数值栏中识别出的不是数字（置信度{conf:.2f}）：“{cell.text}”，未取数"
        if doubt is not None and isinstance(cell, OcrCell):
            cell.doubt = doubt
            continue
        if number is not None and isinstance(cell, OcrCell) and under_seal(cell.box, stamped):
            cell.unsure = f"数字被印章覆盖：“{number}”"
            continue
        if number is not None and conf is not None and conf < max(VOUCH_CONFIDENCE, min_confidence):
            # taken where its row's sum holds with it (`ogi.layout.verify.check_unsure`);
            # where there is no sum, only when OCR was sure enough
            if isinstance(cell, OcrCell):
                low = "识别置信度低" if conf < min_confidence else "识别置信度不高"
                cell.unsure = f"{low}（{conf:.2f}）：“{number}”"
                cell.weak = conf >= min_confidence
            continue
        if conf is not None and conf < min_confidence:
            problems.append(
                f"第{page}页 表格第{cell.row + 1}行第{cell.col + 1}列 识别置信度低"
                f"（{conf:.2f}）：“{cell.text}”"
            )


EDGE = 3.0  # pt: a cell this close to the page's edge may have lost what was past it


def _cut_by_edge(
    cell: GridCell,
    width: float,
    ruled: tuple[bool, bool] = (False, False),
    scan: ScanImage | None = None,
) -> bool:
    """Whether the page's edge cuts `cell`: it reaches the edge on a side of the table
    that has no rule of its own there (`ruled`: left, right; a border drawn at the edge
    is the table's own, nothing is past it), and, where the page image is given, its
    ink does not stop well clear of that edge (a number centred in a cell whose border
    alone was cropped off is whole). The edge is the scan's, askew on a levelled page."""
    lo, hi = 0.0, width
    if scan is not None:
        lo, hi = (x / scan.scale for x in scan.span(cell))
    left = cell.x0 <= lo + EDGE and not ruled[0]
    right = cell.x1 >= hi - EDGE and not ruled[1]
    if scan is not None:
        left = left and not scan.clear_of_edge(cell, right=False)
        right = right and not scan.clear_of_edge(cell, right=True)
    return left or right


def _sides_ruled(g: Grid, rules: list[Any]) -> tuple[bool, bool]:
    """Whether a vertical rule stands at the table's left and at its right end."""
    xs = [r.pos for r in rules if not r.horizontal]
    return (
        any(abs(x - g.xs[0]) <= SNAP for x in xs),
        any(abs(x - g.xs[-1]) <= SNAP for x in xs),
    )


def _unread_cells(g: Grid, gray: np.ndarray, scale: float, page: int, problems: list[str]) -> None:
    """A cell with ink inside its borders of which nothing was read (a 0 on a skewed
    scan) is not blank: it is given as U+FFFD, which the value parser withholds with a
    problem (`ogi.layout.values`), and named here."""
    for cell in g.cells:
        if not cell.text and cell_ink(gray, cell, scale) is not None:
            cell.text = UNREAD
            problems.append(f"第{page}页 表格第{cell.row + 1}行第{cell.col + 1}列 有字迹但未能识别")


# ---------------------------------------------------------------------------------------
# A PDF page


@collecting
def render(pdf_page: pdfium.PdfPage, dpi: int) -> Any:
    from ogi.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        return pdf_page.render(scale=dpi / 72).to_pil()


@dataclass
class ScanPage:
    """A page read by OCR in the text-layer reader's terms (points, top-down): text
    lines outside tables, filled grids, and the centres of the lines inside them."""

    height: float
    lines: list[Line]
    grids: list[Grid]
    table_lines: list[float]

    def chars(self) -> int:
        cells = sum(len(c.text) for g in self.grids for c in g.cells)
        return sum(len(ln.text) for ln in self.lines) + cells

    def line_no(self, ln: Line) -> int:
        """The line's number among the printed lines of the page, those in tables too,
        as the text-layer reader counts them."""
        centres = sorted([(x.top + x.bottom) / 2 for x in self.lines] + self.table_lines)
        return bisect.bisect_left(centres, (ln.top + ln.bottom) / 2 - 0.01) + 1


@collecting
def read_image(
    image: Any,
    page_no: int,
    scale: float,
    *,
    problems: list[str] | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    deadline: float | None = None,
) -> ScanPage | None:
    """OCR a page image (`scale` pixels per point) into lines and grids; None when it
    holds nothing legible. Unsure cells and lines and a time-out go to `problems`."""
    engine = _engine()
    if engine is None:
        return None
    problems = problems if problems is not None else []
    img, covered = deskew(stretch(see_through_red(_as_array(image))))
    img = despeckle(img, scale)
    gray = darkest(img)
    rules, mask = image_rules(gray, scale)
    stamped = seals(gray, scale)  # (a red one is seen through already: none is found)
    edges = edge_borders(rules, gray.shape[1], scale, covered)
    grids = [_ocr_grid(g) for g in find_grids(rules + edges)]
    # detection sees the rules, which keep neighbouring cells' text apart; recognition
    # reads the same boxes with the rules painted out
    boxes = split_at_rules(_detect(engine, img), grids, scale)
    if grids:
        img = erase_rules(img, mask, grids, scale)
        gray = darkest(img)
        boxes += missed_cells(gray, grids, boxes, scale)
    found, complete = _recognise(engine, img, boxes, deadline)
    if grids and complete:
        # a cell whose only box read as nothing (a lone `0` cropped badly) is tried
        # once more from the ink inside its borders
        read = [b.box for b in found]
        missed = missed_cells(gray, grids, read, scale)
        again, complete = _recognise(engine, img, missed, deadline, wide=True)
        found += again
    if grids and complete:
        found = _reread_numbers(engine, img, found, grids, scale, deadline)
    if not complete:
        problems.append(f"第{page_no}页 识别超时，只识别了部分文字（{len(found)}/{len(boxes)} 段）")
    # these reports are Chinese: an unsure box of Latin letters is a speck or a stroke
    # read as a letter (unless it stands for a digit in a table), and a page without a
    # single Chinese character or digit is noise
    found = [
        b
        for b in found
        if _legible(b.text)
        or b.confidence >= min_confidence
        or (numeric_cell(b.text, True) is not None and _in_grid(b, grids, scale))
    ]
    if not any(_legible(b.text) for b in found):
        return None
    items = [(b, _box_char(b, scale)) for b in found]
    confidence = {id(ch): b.confidence for b, ch in items}
    rest = _fill(grids, items)
    grids = [g for g in grids if any(c.chars for c in g.cells)]
    table_lines = [
        (ln.top + ln.bottom) / 2
        for g in grids
        for ln in group_lines([ch for c in g.cells for ch in c.chars])
    ]
    page = ScanPage(img.shape[0] / scale, group_lines(rest), grids, table_lines)
    for g in grids:
        ruled = _sides_ruled(g, rules)
        scan = ScanImage(gray, scale, covered)
        _cell_texts(
            g, page_no, min_confidence, problems, img.shape[1] / scale, ruled, scan, stamped
        )
        _unread_cells(g, gray, scale, page_no, problems)
    for ln in page.lines:
        conf = min(confidence.get(id(ch), 1.0) for ch in ln.chars)
        if conf < min_confidence:
            problems.append(
                f"第{page_no}页第{page.line_no(ln)}行 识别置信度低（{conf:.2f}）：“{ln.text}”"
            )
        ln.unsure = _unsure_numbers(ln, confidence, min_confidence, stamped)
    return page


def _unsure_numbers(
    ln: Line,
    confidence: dict[int, float],
    min_confidence: float,
    stamped: Sequence[tuple[float, float, float]],
) -> str | None:
    """Why the numbers of a line (a table without rules is read as lines) are unsure,
    if they are: a digit read below the minimum confidence, or under a seal; they are
    then taken only where a sum vouches for them, as an unsure cell's. `confidence`:
    each of the line's chars' (a box OCR read), by id."""
    digits = [ch for ch in ln.chars if _DIGIT.search(ch.text)]
    if not digits:
        return None
    least = min(confidence.get(id(ch), 1.0) for ch in digits)
    if least < min_confidence:
        return f"所在行识别置信度低（{least:.2f}）：“{ln.text}”"
    if any(under_seal((ch.x0, ch.top, ch.x1, ch.bottom), stamped) for ch in digits):
        return f"所在行数字被印章覆盖：“{ln.text}”"
    return None


def _in_grid(b: OcrBox, grids: list[Grid], scale: float) -> bool:
    """Whether the box's centre is in a table: an unsure `o` there is a 0."""
    cx, cy = (b.box[0] + b.box[2]) / 2 / scale, (b.box[1] + b.box[3]) / 2 / scale
    return any(g.xs[0] <= cx <= g.xs[-1] and g.ys[0] <= cy <= g.ys[-1] for g in grids)


def _legible(text: str) -> bool:
    return bool(_CJK.search(text)) or any(c.isdigit() for c in text)


def scan_blocks(page: ScanPage, page_no: int) -> list[Block]:
    """One OCR'd page on its own as blocks (the PDF reader instead joins its lines and
    grids with the neighbouring pages')."""
    lines = [
        ln for ln in page.lines if not (_in_margin(ln, page.height) and is_page_number(ln.text))
    ]
    entries: list[tuple[float, Block]] = [
        (p.top, p.block) for p in paragraphs(lines, page_no, page.line_no)
    ]
    centres = sorted([(x.top + x.bottom) / 2 for x in page.lines] + page.table_lines)
    for g in page.grids:
        rows: list[list[Cell]] = [[] for _ in range(len(g.ys) - 1)]
        for c in sorted(g.cells, key=lambda c: (c.row, c.col)):
            rows[c.row].append(c.to_cell(page_no))
        where = Where(page=page_no, line=bisect.bisect_left(centres, g.ys[0]) + 1)
        entries.append((g.ys[0], Block("table", rows=[r for r in rows if r], where=where)))
    entries.sort(key=lambda e: e[0])
    return [b for _, b in entries]


def _in_margin(ln: Line, height: float) -> bool:
    return ln.bottom < height * MARGIN or ln.top > height * (1 - MARGIN)


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
    page = scan_page(pdf_page, page_no, dpi, problems, min_confidence, time_limit)
    return scan_blocks(page, page_no) if page is not None else []


def scan_page(
    pdf_page: pdfium.PdfPage,
    page_no: int,
    dpi: int = 200,
    problems: list[str] | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    time_limit: float | None = None,
) -> ScanPage | None:
    deadline = time.monotonic() + time_limit if time_limit is not None else None
    image = render(pdf_page, dpi)
    found: list[str] = []
    page = read_image(
        image, page_no, dpi / 72, problems=found, min_confidence=min_confidence, deadline=deadline
    )
    if page is None or not reads_as_report(page):
        # a page scanned upside down or turned on its side reads as a few characters
        # and a run of 0s and 1s (which read the same upside down, in the wrong columns):
        # read turned, and kept turned where the report's words come out
        for angle in (180, 90, 270):
            if deadline is not None and time.monotonic() > deadline:
                break
            again: list[str] = []
            turned = read_image(
                image.rotate(angle, expand=True),
                page_no,
                dpi / 72,
                problems=again,
                min_confidence=min_confidence,
                deadline=deadline,
            )
            if turned is not None and reads_as_report(turned):
                found = [f"第{page_no}页 页面{_TURNED[angle]}，已转正后识别", *again]
                page = turned
                break
    if problems is not None:
        problems += found
    return page


_TURNED = {180: "上下颠倒", 90: "横置", 270: "横置"}
# Words every page of a report prints (its headings, table labels or running text).
_REPORT_WORDS = ("政府信息", "公开", "申请", "行政", "总计", "报告", "本年", "工作")


def reads_as_report(page: ScanPage) -> bool:
    text = "".join(ln.text for ln in page.lines)
    text += "".join(c.text for g in page.grids for c in g.cells)
    return sum(text.count(w) for w in _REPORT_WORDS) >= 2


def holds_image(obj: Any, depth: int = 0) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    if kind != pdfium_c.FPDF_PAGEOBJ_FORM or depth > 4:
        return False
    n = min(pdfium_c.FPDFFormObj_CountObjects(obj), 1000)
    return any(holds_image(pdfium_c.FPDFFormObj_GetObject(obj, i), depth + 1) for i in range(n))


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
        if not holds_image(obj):
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


# What the pictures of tables on a text-layer page hold (`pdf_pictures`): the pictures
# read, and the problems found reading them.
PicturesRead = tuple[list[ScanPage], list[str]]


@dataclass(frozen=True)
class OcrSettings:
    """How the PDF reader OCRs a page without a usable text layer."""

    dpi: int = 200
    page_limit: float = 30.0  # seconds per page, so a long scan stays bounded
    min_confidence: float = MIN_CONFIDENCE

    # whether `read` reads (the batch engine's first pass only notes the pages)
    reads = True

    def wanted(self, pdf_page: pdfium.PdfPage, no_text: bool, chars: int) -> bool:
        return no_text or thin_text_layer(pdf_page, chars)

    def read(
        self, pdf_page: pdfium.PdfPage, page_no: int, problems: list[str], chars: int = 0
    ) -> ScanPage | None:
        """The page read by OCR, or None when OCR is not installed, found nothing
        legible, or read fewer characters than the text layer already has."""
        if not available():
            return None
        found: list[str] = []
        page = scan_page(pdf_page, page_no, self.dpi, found, self.min_confidence, self.page_limit)
        if page is None:
            problems.extend(found)  # a time-out is worth saying even when nothing was read
            return None
        if page.chars() <= chars:
            return None
        problems.extend(found)
        return page

    def read_pictures(self, page_no: int, read: Callable[[], PicturesRead]) -> PicturesRead:
        """What the pictures of tables on text-layer page `page_no` hold: `read` reads
        them. (The batch engine reads them once for two readings of a file.)"""
        return read()
