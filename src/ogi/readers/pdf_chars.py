"""Characters of a PDF page with their boxes, cleaned of the usual PDF defects, and
their grouping into lines.

Coordinates are top-down (y grows downwards from the top of the page) so that sorting
by y gives reading order; PDF's own bottom-up space is converted once, here.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# Simplified-Chinese forms from the CJK Radicals Supplement that broken fonts emit in
# place of the ordinary character; NFKC does not fold these, so they are listed.
_RADICALS_SUPPLEMENT = {
    "\u2e9f": "母",
    "\u2ea0": "民",
    "\u2ec4": "西",
    "\u2ec5": "见",
    "\u2ec6": "角",
    "\u2ec8": "讠",
    "\u2ec9": "贝",
    "\u2ecb": "车",
    "\u2ed0": "钅",
    "\u2ed3": "长",
    "\u2ed4": "门",
    "\u2ed9": "韦",
    "\u2eda": "页",
    "\u2edb": "风",
    "\u2edc": "飞",
    "\u2edd": "食",
    "\u2ee0": "饣",
    "\u2ee2": "马",
    "\u2ee3": "骨",
    "\u2ee5": "鱼",
    "\u2ee6": "鸟",
    "\u2ee7": "卤",
    "\u2ee8": "麦",
    "\u2ee9": "黄",
    "\u2eea": "黾",
    "\u2eec": "齐",
    "\u2eee": "齿",
    "\u2ef0": "龙",
    "\u2ef3": "龟",
}


def normalize_char(ch: str) -> str:
    """Fold the radical look-alikes that some PDF producers emit to the ordinary
    character. Only those blocks are touched: NFKC on everything would also turn
    full-width punctuation into ASCII, which the report's own text uses."""
    cp = ord(ch)
    if 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF:
        return unicodedata.normalize("NFKC", ch)
    return _RADICALS_SUPPLEMENT.get(ch, ch)


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageChars:
    chars: list[Char]
    total: int  # characters in the text layer before cleaning (spaces excluded)
    garbage: int  # replacement, private-use or unmapped characters


# Characters pdfium reports that print nothing: spaces, line ends, byte-order marks.
_BLANK = frozenset((0x20, 0xA0, 0x3000, 0x0D, 0x0A, 0x09, 0xFFFE, 0xFEFF, 0))

# FPDFText_GetTextObject with the object returned as a plain address, usable as a key
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)


_ODD_UNITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd-\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _codepoints(tp: object, n: int) -> list[int]:
    """The code point of each char index, the text read in one call. That text has one
    UTF-16 unit per char index unless a char lies outside the BMP (then it is read char
    by char), and shows control characters other than line ends and tabs as U+FFFE:
    those few are asked for again."""
    buf = (ctypes.c_ushort * (n + 1))()
    if pdfium_c.FPDFText_GetText(tp, 0, n, buf) != n + 1:  # n units and the final zero
        return [pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n)]
    text = bytes(buf)[: 2 * n].decode("utf-16-le", "surrogatepass")
    if _SURROGATE.search(text):
        return [pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n)]
    units = buf[:n]
    for m in _ODD_UNITS.finditer(text):
        i = m.start()
        units[i] = pdfium_c.FPDFText_GetUnicode(tp, i)
    return units


def extract_chars(textpage: object, page_height: float) -> PageChars:
    """All visible characters of a page, in top-down coordinates. Generated spaces and
    line breaks (pdfium inserts them) and real spaces are dropped: spacing is rebuilt
    from positions, which is what Chinese layouts with justified spacing need.

    The time of a text-layer page goes on asking pdfium about each char, so it is asked
    as little as it can be: the text comes in one call, the slant from the text matrix,
    and matrix and font size (the same for every char of a text object) once per text
    object where objects hold several chars (many producers draw each char alone)."""
    tp = textpage.raw  # type: ignore[attr-defined]
    n = max(pdfium_c.FPDFText_CountChars(tp), 0)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    is_generated = pdfium_c.FPDFText_IsGenerated
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    per_object: dict[int, tuple[float, float, float, bool]] | None = {}
    asked = looked = 0
    chars: list[Char] = []
    total = garbage = 0
    for i, cp in enumerate(_codepoints(tp, n)):
        if cp in _BLANK:
            continue
        # pdfium generates only spaces, line breaks and hyphens: all ASCII
        if cp < 0x80 and is_generated(tp, i) == 1:
            continue
        if per_object is None:
            state = _text_state(tp, i, matrix, matrix_ref)
        else:
            obj = _text_object(tp, i)
            state = per_object.get(obj) if obj else None  # type: ignore[arg-type]
            if state is None:
                state = _text_state(tp, i, matrix, matrix_ref)
                if obj:
                    per_object[obj] = state
                asked += 1
            looked += 1
            if looked in (64, 256) and asked * 4 > looked * 3:
                per_object = None  # mostly one char per object: the look-up only costs
        e, f, em, slanted = state
        if slanted:
            continue  # a diagonal watermark, not part of the report's text
        total += 1
        if cp == 0xFFFD or 0xE000 <= cp <= 0xF8FF or cp < 0x20 or map_error(tp, i) == 1:
            garbage += 1  # a replacement, private-use or control char, or unmapped
            continue
        if not loose_box(tp, i, rect_ref):
            continue
        # the loose box (font ascent to descent) gives every char of a line the same
        # height, which is what line grouping wants; vertical-writing fonts get a box
        # hundreds of points tall from pdfium, rebuilt from the text matrix (the origin
        # is the top centre of the glyph in vertical writing)
        left, right, top, bottom = rect.left, rect.right, rect.top, rect.bottom
        height = top - bottom
        size = height if em <= 0 else em
        if not (height > 0 and right - left <= size * 2.5 and height <= size * 2.5):
            if size <= 0:
                continue
            left, right, top, bottom = e - size / 2, e + size / 2, f, f - size
        ch = chr(cp) if cp < 0x2E80 else normalize_char(chr(cp))
        chars.append(Char(ch, left, right, page_height - top, page_height - bottom, size))
    return PageChars(drop_doubled(chars), total, garbage)


def _text_state(tp: object, i: int, m: object, m_ref: object) -> tuple[float, float, float, bool]:
    """Of char `i`: the origin of its text matrix (e, f), its em size (font size times
    the matrix scale: FPDFText_GetFontSize alone is the size before the matrix, hundreds
    of points in files that draw with a 0.05 matrix; 0 when unknown) and whether it runs
    at a slant. The slant is the angle FPDFText_GetCharAngle computes from the same
    matrix; `m` is the matrix to read into, `m_ref` a reference to it."""
    if not pdfium_c.FPDFText_GetMatrix(tp, i, m_ref):
        return 0.0, 0.0, 0.0, _slanted(pdfium_c.FPDFText_GetCharAngle(tp, i))
    a, b, c, d = m.a, m.b, m.c, m.d  # type: ignore[attr-defined]
    em = pdfium_c.FPDFText_GetFontSize(tp, i) * abs(a * d - b * c) ** 0.5
    if b == 0:
        slanted = False  # upright or upside down
    else:
        angle = math.atan2(b, a)
        slanted = _slanted(angle + 2 * math.pi if angle < 0 else angle)
    return m.e, m.f, em, slanted  # type: ignore[attr-defined]


def _slanted(angle: float) -> bool:
    """Text at an angle that is not a multiple of 90°."""
    if angle < 0:  # pdfium could not tell
        return False
    quarter = math.pi / 2
    off = angle % quarter
    return 0.05 < off < quarter - 0.05


def drop_doubled(chars: list[Char]) -> list[Char]:
    """Remove fake-bold copies: the same character drawn again at almost the same place
    (producers thicken strokes by overprinting with a small offset): within a quarter
    of its size both ways, and in the same 4 pt square or one beside it. Each
    character's chars are filed in 16 pt squares, so a copy is mostly looked for in one
    square only."""
    seen: dict[str, dict[tuple[int, int], list[tuple[float, float, int, int]]]] = {}
    out: list[Char] = []
    for c in chars:
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        kx, ky = int(cx // 4), int(cy // 4)
        squares = seen.get(c.text)
        if squares is None:
            seen[c.text] = {(kx >> 2, ky >> 2): [(cx, cy, kx, ky)]}
            out.append(c)
            continue
        tol = max(c.size, 1.0) * 0.25
        # the 16 pt squares that hold the 4 pt squares within reach
        x_lo = _clip((cx - tol) // 4, kx - 1, kx + 1) >> 2
        x_hi = _clip((cx + tol) // 4, kx - 1, kx + 1) >> 2
        y_lo = _clip((cy - tol) // 4, ky - 1, ky + 1) >> 2
        y_hi = _clip((cy + tol) // 4, ky - 1, ky + 1) >> 2
        if _near(squares, x_lo, x_hi, y_lo, y_hi, cx, cy, kx, ky, tol):
            continue
        squares.setdefault((kx >> 2, ky >> 2), []).append((cx, cy, kx, ky))
        out.append(c)
    return out


def _clip(v: float, lo: int, hi: int) -> int:
    return lo if v < lo else hi if v > hi else int(v)


def _near(
    squares: dict[tuple[int, int], list[tuple[float, float, int, int]]],
    x_lo: int,
    x_hi: int,
    y_lo: int,
    y_hi: int,
    cx: float,
    cy: float,
    kx: int,
    ky: int,
    tol: float,
) -> bool:
    for x in range(x_lo, x_hi + 1):
        for y in range(y_lo, y_hi + 1):
            for ox, oy, okx, oky in squares.get((x, y), ()):
                if (
                    abs(ox - cx) <= tol
                    and abs(oy - cy) <= tol
                    and -1 <= okx - kx <= 1
                    and -1 <= oky - ky <= 1
                ):
                    return True
    return False


@dataclass
class Line:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    spans: list[tuple[float, float]] | None = None  # x edges of each character of `text`


def _centre_then_left(c: Char) -> tuple[float, float]:
    return (c.top + c.bottom) / 2, c.x0


def _left(c: Char) -> float:
    return c.x0


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped by vertical position, top to bottom (each row unordered)."""
    rows: list[list[Char]] = []
    row: list[Char] = []
    centre = 0.0
    for c in sorted(chars, key=_centre_then_left):
        cy = (c.top + c.bottom) / 2
        if rows:
            h = c.bottom - c.top
            if h < 1.0:
                h = 1.0
            if abs(cy - centre) <= h * 0.45:
                row.append(c)
                centre += (cy - centre) / len(row)
                continue
        row = [c]
        rows.append(row)
        centre = cy
    return rows


def line_centres(chars: list[Char]) -> list[float]:
    """The vertical centre of each line `group_lines` would make of `chars`, without
    making them."""
    out = []
    for row in _rows(chars):
        if len(row) == 1:
            out.append((row[0].top + row[0].bottom) / 2)
        else:
            out.append((min([c.top for c in row]) + max([c.bottom for c in row])) / 2)
    return out


def group_lines(chars: list[Char]) -> list[Line]:
    """Chars into lines by vertical position, each line ordered left to right."""
    rows = _rows(chars)
    lines = []
    for row in rows:
        row.sort(key=_left)
        text, spans = join_spans(row)
        if len(row) == 1:
            c = row[0]
            lines.append(Line(row, text, c.x0, c.x1, c.top, c.bottom, c.size, spans))
            continue
        sizes = sorted([c.size for c in row])
        lines.append(
            Line(
                row,
                text,
                min([c.x0 for c in row]),
                max([c.x1 for c in row]),
                min([c.top for c in row]),
                max([c.bottom for c in row]),
                sizes[len(sizes) // 2],
                spans,
            )
        )
    return lines


def _wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.,-/:@()+")


def join_chars(row: list[Char]) -> str:
    """Text of one line. A space is put back only between Latin letters or numbers that
    stand apart; digits closer than about half an em are one number that letter
    spacing pulled apart (`3 88` → `388`), and CJK text never needs spaces. A gap of
    several ems is a column gap (a table printed without rules) and is kept as a
    space whatever the characters."""
    return join_spans(row)[0]


def join_spans(row: list[Char]) -> tuple[str, list[tuple[float, float]]]:
    """The text of `join_chars` and, for each of its characters, its left and right edge
    on the page (a space put back spans the gap it stands for)."""
    out: list[str] = []
    spans: list[tuple[float, float]] = []
    prev: Char | None = None
    for c in row:
        text = c.text
        if prev is not None:
            gap = c.x0 - prev.x1
            size = max(prev.size, c.size, 1.0)
            space = gap > size * 2.5
            a, b = prev.text[-1], text[0]
            if not space and a < "\x80" and b < "\x80" and _wordish(a) and _wordish(b):
                both_digits = a.isdigit() and b.isdigit()
                space = gap > size * (0.6 if both_digits else 0.2)
            if space:
                out.append(" ")
                spans.append((prev.x1, c.x0))
        out.append(text)
        # an OCR box is one "char" of several characters: share its width out
        x0 = c.x0
        step = (c.x1 - x0) / max(len(text), 1)
        if len(text) == 1:
            spans.append((x0 + 0 * step, x0 + step))
        else:
            spans += [(x0 + k * step, x0 + (k + 1) * step) for k in range(len(text))]
        prev = c
    return "".join(out), spans
