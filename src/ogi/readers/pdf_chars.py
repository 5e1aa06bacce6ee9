"""Characters of a PDF page with their boxes, cleaned of the usual PDF defects, and
their grouping into lines.

Coordinates are top-down (y grows downwards from the top of the page) so that sorting
by y gives reading order; PDF's own bottom-up space is converted once, here.
"""

from __future__ import annotations

import ctypes
import functools
import math
import operator
import os
import unicodedata
from dataclasses import dataclass, field, replace
from types import ModuleType

import numpy as np
import pypdfium2.raw as pdfium_c

from ogi.blocks import TURNED, UNREAD, UNSEEN, raised
from ogi.readers import pdf_calls as calls
from ogi.readers.pdf_unseen import Backdrop, unseen
from ogi.readers.pdf_view import QUARTER, TURNED_SHARE, View, turn_of, upright_view

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
    # each char's centre, (x0 + x1) / 2 and (top + bottom) / 2, as arrays
    cx: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cy: np.ndarray = field(default_factory=lambda: np.zeros(0))
    view: View = field(default_factory=lambda: upright_view(0.0))  # how they were read
    # chars off the part of the page shown (marked unseen but for CJK ones), apart
    outside: list[Char] = field(default_factory=list)
    # on a page whose text runs two ways, chars printed over another char (`_overprinted`)
    overprinted: list[Char] = field(default_factory=list)
    # each char's half width and half height, (x1 - x0) / 2 and (bottom - top) / 2, as
    # arrays, where they are at hand (`pdf_tables.mark_struck` asks the chars otherwise)
    half: tuple[np.ndarray, np.ndarray] | None = None


# Two chars of different texts whose centres are within this share of the usual size
# both ways are printed one over the other (`_overprinted`).
OVERPRINT = 0.25

# Characters pdfium reports that print nothing: spaces, line ends, byte-order marks.
_BLANK = frozenset((0x20, 0xA0, 0x3000, 0x0D, 0x0A, 0x09, 0xFFFE, 0xFEFF, 0))


# whether each code point of the Basic Multilingual Plane is in _BLANK (U+FFFF is not,
# and stands for every code point past it)
_IS_BLANK = np.zeros(0x10000, bool)
_IS_BLANK[sorted(_BLANK)] = True


# whether each UTF-16 unit is asked for again (`_codepoints`): a control character
# other than a line end or tab, one of U+FFFD to U+FFFF, or half of a surrogate pair;
# one lookup a page where comparisons took a dozen array passes
_ASKED_AGAIN = np.zeros(0x10000, bool)
_ASKED_AGAIN[[*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000)]] = True
_ASKED_AGAIN[0xFFFD:] = True


def _codepoints(tp: object, n: int) -> np.ndarray:
    """The code point of each char index, the text read in one call. That text has one
    UTF-16 unit per char index unless a char lies outside the BMP (then it is read char
    by char), and shows control characters other than line ends and tabs as U+FFFE:
    those few are asked for again."""
    units = calls.text_units(tp, n)
    odd = [] if units is None else np.flatnonzero(_ASKED_AGAIN[units]).tolist()
    if units is None or any(0xD800 <= units[i] <= 0xDFFF for i in odd):
        return np.array([pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n)], np.int64)
    points = units.astype(np.int64)
    for i in odd:
        points[i] = pdfium_c.FPDFText_GetUnicode(tp, i)
    return points


def extract_chars(
    textpage: object,
    page: float | View,
    forms: bool = True,
    backdrop: Backdrop | None = None,
) -> PageChars:
    """All visible characters of a page, in top-down coordinates. Generated spaces and
    line breaks (pdfium inserts them) and real spaces are dropped: spacing is rebuilt
    from positions, which is what Chinese layouts with justified spacing need.

    `page`: the page's media box as an upright `View` (or its top edge, for a page whose
    box starts at 0); a page whose text is turned by a quarter is read turned back
    (`ogi.readers.pdf_view`), and the view it was read in is returned with the chars.
    `forms`: whether the page may draw chars inside a form XObject (`_boxes_in_forms`).
    `backdrop`: what the page shows its text on, through which chars it holds but does
    not show are found (`pdf_unseen`); without it, only the chars' own look is asked.

    The time of a text-layer page goes on asking pdfium about each char. On the usual
    page (every char upright, its box fitting it) one compiled call asks and cleans
    them all (`_asked_at_once`); otherwise `_asked` reads the text in one call, the
    slant from the text matrix, and asks each other question of all chars at once
    (`map` over the indices), answered as arrays."""
    tp = textpage.raw  # type: ignore[attr-defined]
    n = max(pdfium_c.FPDFText_CountChars(tp), 0)
    at = calls.address(tp)
    view = page if isinstance(page, View) else upright_view(page)
    if n == 0:
        return PageChars([], 0, 0, view=view)
    asked = _asked_at_once(tp, n, view, forms) or _asked(tp, at, n, view, forms)
    view, total, garbage, two_ways = asked.view, asked.total, asked.garbage, asked.two_ways
    left, top, right, bottom, size = asked.left, asked.top, asked.right, asked.bottom, asked.size
    box = (left, bottom, right, top)
    gone, marked, outside = unseen(
        at, asked.index, box, size, asked.code, backdrop or Backdrop(), LAYOUT
    )
    keys, unread, across = asked.code, asked.bad, asked.across
    if np.count_nonzero(gone):
        keys, unread, across, left, right, top, bottom, size, marked, outside = (
            v[~gone]
            for v in (keys, unread, across, left, right, top, bottom, size, marked, outside)
        )
    if np.count_nonzero(unread):
        keys = np.where(unread, ord(UNREAD), keys)
    texts, keys = _texts(keys, marked)
    if two_ways:
        for k in np.flatnonzero(across & _digits(keys)).tolist():
            texts[k] += TURNED
    if view.turn:
        left, tops, right, bottoms = view.box(left, bottom, right, top)
    else:
        tops, bottoms = view.top - top, view.top - bottom
    _raise_marks(texts, keys, left, right, tops, bottoms, size)
    # (the compiled loop makes them at C speed; None where it cannot, as below)
    chars: list[Char] | None = None
    if LAYOUT is not None:
        chars = LAYOUT.chars(Char, texts, left, right, tops, bottoms, size)
    if chars is None:
        chars = list(
            map(
                Char,
                texts,
                left.tolist(),
                right.tolist(),
                tops.tolist(),
                bottoms.tolist(),
                size.tolist(),
            )
        )
    off: list[Char] = []
    if np.count_nonzero(outside):
        off = [chars[k] for k in np.flatnonzero(outside).tolist()]
        on = ~outside
        chars = [c for c, k in zip(chars, on.tolist(), strict=True) if k]
        keys, left, right, tops, bottoms, size = (
            v[on] for v in (keys, left, right, tops, bottoms, size)
        )
    over: list[Char] = []
    if two_ways:
        cx, cy = (left + right) / 2, (tops + bottoms) / 2
        over = [chars[k] for k in np.flatnonzero(_overprinted(keys, cx, cy, size)).tolist()]
    kept = _drop_doubled_of(chars, keys, left, right, tops, bottoms, size)
    if kept is chars:
        found = PageChars(chars, total, garbage, (left + right) / 2, (tops + bottoms) / 2, view)
        found.half = (right - left) / 2, (bottoms - tops) / 2
    else:
        found = PageChars(kept, total, garbage, *centres(kept), view=view)
    found.outside, found.overprinted = off, over
    return found


def _texts(keys: np.ndarray, marked: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Each char's text of its code point (`keys`), normalised, with UNSEEN after it
    where `marked`; and the keys of the texts (a normalised text's own)."""
    # (made at C speed where each char normalised is one character; None otherwise)
    found = None if LAYOUT is None else LAYOUT.texts(keys, marked, UNSEEN, _normal_table())
    if found is not None:
        texts, changed = found
        if changed:
            keys = keys.copy()
            keys[changed] = [ord(texts[k][0]) for k in changed]
        return texts, keys
    texts = list(map(chr, keys.tolist()))
    # only the radical look-alikes change when normalised
    odd = (keys >= 0x2E80) & (keys <= 0x2FDF) | (keys >= 0xF900) & (keys <= 0xFAFF)
    if odd.any():
        keys = keys.copy()
        for k in np.flatnonzero(odd).tolist():
            texts[k] = t = normalize_char(texts[k])
            keys[k] = ord(t) if len(t) == 1 else 0x110000 + hash(t) % 0x10000000
    for k in np.flatnonzero(marked).tolist():
        texts[k] += UNSEEN
    return texts, keys


@functools.cache
def _normal_table() -> dict[int, str]:
    """`normalize_char` of each code point of the ranges it may change (radical
    look-alikes, compatibility ideographs), for the compiled `texts`."""
    points = [*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)]
    return {cp: normalize_char(chr(cp)) for cp in points}


@dataclass
class _Asked:
    """What pdfium answers about a page's chars, cleaned (`_asked`): the chars left,
    by their pdfium indices, with code points, whether unread, boxes in the page's
    space (left, top, right, bottom) and em sizes; the count of chars and of garbage
    before cleaning; the view they are read in; whether any char of the page runs
    across that view (`two_ways`) and which of those left do (`across`)."""

    view: View
    total: int
    garbage: int
    index: np.ndarray
    code: np.ndarray
    bad: np.ndarray
    left: np.ndarray
    top: np.ndarray
    right: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    two_ways: bool
    across: np.ndarray


def _asked(tp: object, at: int, n: int, view: View, forms: bool) -> _Asked:
    """The page's `n` chars as pdfium gives them (`extract_chars`): blanks and the
    chars pdfium generates dropped, diagonal text dropped, boxes that do not fit
    rebuilt or dropped, the view turned where most text is."""
    cps = _codepoints(tp, n)
    index = np.flatnonzero(~_IS_BLANK[np.minimum(cps, 0xFFFF)])
    # pdfium generates only spaces, line breaks and hyphens: all ASCII
    ascii_ = index[cps[index] < 0x80]
    if len(ascii_):
        asked = calls.ints(calls.IS_GENERATED, at, ascii_)
        generated = ascii_[asked == 1]
        if len(generated):
            index = np.setdiff1d(index, generated, assume_unique=True)
    count = len(index)
    has_matrix, matrix = calls.into(calls.CHAR_MATRIX, at, index, out=ctypes.c_float, width=6)
    a, b, c, d, e, f = matrix.T.astype(np.float64)
    # em size: font size times the matrix scale (FPDFText_GetFontSize alone is the size
    # before the matrix, hundreds of points in files that draw with a 0.05 matrix)
    det = np.abs(a * d - b * c)
    if count and (det == det[0]).all():  # one scale on the whole page, as is usual
        root = np.full(count, float(det[0]) ** 0.5)
    else:
        values, where = np.unique(det, return_inverse=True)
        root = np.array([v**0.5 for v in values.tolist()], np.float64)[where.reshape(-1)]
    em = calls.floats(calls.FONT_SIZE, at, index) * root
    # text turned by a quarter or upside down: most of a page's, when the page is
    turned = has_matrix & ((b != 0) | (a < 0))
    if turned.sum() > TURNED_SHARE * count:
        angles = np.zeros(count)
        angles[turned] = np.arctan2(b[turned], a[turned])
        view = replace(view, turn=turn_of(angles[has_matrix]))
    # chars turned against the view: a table turned on a page read upright, or what is
    # upright on a page read turned
    across = np.zeros(count, bool)
    if view.turn or turned.any():
        quarters = np.round(np.arctan2(b, a) / QUARTER).astype(np.int64) % 4
        across = has_matrix & (quarters != view.turn // 90)
    slanted = np.zeros(count, bool)
    for k in np.flatnonzero(~has_matrix | (b != 0)).tolist():
        if has_matrix[k]:
            angle = math.atan2(b[k], a[k])
            slanted[k] = _slanted(angle + 2 * math.pi if angle < 0 else angle)
        else:
            slanted[k] = _slanted(pdfium_c.FPDFText_GetCharAngle(tp, int(index[k])))
            e[k] = f[k] = em[k] = 0.0
    # a diagonal watermark is not part of the report's text
    upright = ~slanted
    total = int(upright.sum())
    code = cps[index]
    bad = (code == 0xFFFD) | ((code >= 0xE000) & (code <= 0xF8FF)) | (code < 0x20)
    bad |= calls.ints(calls.MAP_ERROR, at, index) == 1  # unmapped
    garbage = int((bad & upright).sum())
    # a glyph the font does not name is kept, as `UNREAD`: in a table's cell or beside a
    # digit it stands for a character nobody can read (`unread_apart` drops the others)
    keep = np.flatnonzero(upright)
    has_box, box = calls.into(calls.LOOSE_BOX, at, index[keep], out=ctypes.c_float, width=4)
    left, top, right, bottom = box.T.astype(np.float64)
    keep = keep[has_box]
    left, top, right, bottom = left[has_box], top[has_box], right[has_box], bottom[has_box]
    if forms:  # (two more questions a char: asked only of a page that draws a form)
        left, top, right, bottom = _boxes_in_forms(
            at, index[keep], matrix[keep], has_matrix[keep], left, top, right, bottom
        )
    e, f, em = e[keep], f[keep], em[keep]
    # the loose box (font ascent to descent) gives every char of a line the same
    # height, which is what line grouping wants; a box that does not fit the char is
    # rebuilt from the text matrix (`_rebuilt`)
    height = top - bottom
    size = np.where(em <= 0, height, em)
    fits = (height > 0) & (right - left <= size * 2.5) & (height <= size * 2.5)
    rebuilt = ~fits & (size > 0)
    if rebuilt.any():
        left, right, top, bottom = _rebuilt(
            tp, index[keep], rebuilt, e, f, size, (left, right, top, bottom)
        )
    shown = fits | rebuilt
    if not shown.all():
        keep, left, right, top, bottom, size = (
            v[shown] for v in (keep, left, right, top, bottom, size)
        )
    return _Asked(
        view,
        total,
        garbage,
        index[keep],
        code[keep],
        bad[keep],
        left,
        top,
        right,
        bottom,
        size,
        bool(across.any()),
        across[keep],
    )


def _asked_at_once(tp: object, n: int, view: View, forms: bool) -> _Asked | None:
    """`_asked` in one compiled call (`pdf_calls.page_chars`), for the usual page: every
    char upright, its box fitting it and, in a form, the box already on the page. None
    where the compiled call is not built or the page is not such a page."""
    if view.turn:
        return None
    found = calls.page_chars(tp, n, forms)
    if found is None:
        return None
    total, garbage, (index, code, bad), (left, top, right, bottom, size) = found
    return _Asked(
        view,
        total,
        garbage,
        index,
        code,
        bad != 0,
        left,
        top,
        right,
        bottom,
        size,
        False,
        np.zeros(len(index), bool),
    )


# the share of the em above the baseline a box rebuilt for horizontal text takes (the
# rest is below it), as CJK fonts draw
ASCENT = 0.88
# chars asked for their drawn box to tell how a page's unfitting boxes are to be rebuilt
DRAWN_ASKED = 64


def _rebuilt(
    tp: object,
    index: np.ndarray,
    rebuilt: np.ndarray,
    e: np.ndarray,
    f: np.ndarray,
    size: np.ndarray,
    box: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The boxes (left, right, top, bottom, in the page's space) of the chars, those
    `rebuilt` made from the text matrix's origin (e, f) and the em `size`, whose loose
    box does not fit them. Two kinds of font give such a box:
    - vertical-writing fonts, a box hundreds of points tall; the origin is the top
      centre of the glyph, which is drawn below it;
    - horizontal text in a font whose ascent and descent reach far past its glyphs (a
      subset re-embedded by cairo: 30 pt for 10.5 pt text), its glyphs drawn above the
      origin on the baseline: a box of the usual ascent and descent about the
      baseline, its sides kept where they fit. Rebuilt as vertical writing, each char
      stood an em below its line, in the next row of its table (12 read as the value
      of the row under its own).
    Which kind, the page's glyphs tell: where the drawn boxes (`FPDFText_GetCharBox`)
    of most of the first DRAWN_ASKED rebuilt chars stand above their origins, the
    text is horizontal."""
    left, right, top, bottom = box
    at = np.flatnonzero(rebuilt)[:DRAWN_ASKED]
    above = 0
    lo, hi = ctypes.c_double(), ctypes.c_double()
    x0, x1 = ctypes.c_double(), ctypes.c_double()
    for k in at.tolist():
        if pdfium_c.FPDFText_GetCharBox(tp, int(index[k]), x0, x1, lo, hi):
            above += (lo.value + hi.value) / 2 > f[k]
    if above * 2 > len(at):
        wide = rebuilt & (right - left > size * 2.5)
        return (
            np.where(wide, e, left),
            np.where(wide, e + size, right),
            np.where(rebuilt, f + ASCENT * size, top),
            np.where(rebuilt, f - (1 - ASCENT) * size, bottom),
        )
    half = size / 2
    return (
        np.where(rebuilt, e - half, left),
        np.where(rebuilt, e + half, right),
        np.where(rebuilt, f, top),
        np.where(rebuilt, f - size, bottom),
    )


def unread_apart(chars: list[Char]) -> list[Char]:
    """`chars` less the `UNREAD` ones (a glyph whose font does not say which character it
    is: replacement, private-use or unmapped) that stand beside no digit on their line.
    Outside a table's cells such a glyph is most often a bullet or an icon; beside a
    digit it is part of a number, which is not read then (left out, 176 read as 16)."""
    if not any(c.text == UNREAD for c in chars):
        return chars
    digits = [c for c in chars if c.text[:1].isdigit()]
    return [c for c in chars if c.text != UNREAD or any(_beside(c, d) for d in digits)]


def _beside(c: Char, d: Char) -> bool:
    """Whether two chars stand on one line with less than half a digit's height
    between them."""
    h = max(d.bottom - d.top, 1.0)
    dy = abs((c.top + c.bottom) - (d.top + d.bottom)) / 2
    return dy < h / 2 and max(c.x0 - d.x1, d.x0 - c.x1) < h / 2


def _overprinted(keys: np.ndarray, cx: np.ndarray, cy: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Which chars lie on another char of another text, a digit or a CJK character one
    of them, their centres within a quarter of the smaller one's size both ways: text
    printed over text, as a table turned by a quarter in a web page is printed over
    what stands beside it or over its own cells. (Chars of one text so close are a
    fake-bold copy, `drop_doubled`; Latin letters so close a ligature, fi, or a kerned
    pair.) The centres are filed in squares of a quarter of the usual size, four ways
    shifted by half a square, so that two chars within half a square of each other
    share a square in one of them."""
    out = np.zeros(len(keys), bool)
    if len(keys) < 2:
        return out
    strong = _digits(keys) | ((keys >= 0x4E00) & (keys <= 0x9FFF))
    side = max(float(np.median(size)), 1.0) * OVERPRINT
    for sx, sy in ((0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5)):
        bx, by = np.floor(cx / side + sx), np.floor(cy / side + sy)
        order = np.lexsort((keys, by, bx))
        x, y, k = bx[order], by[order], keys[order]
        a, b = order[:-1], order[1:]
        near = np.minimum(size[a], size[b]) * OVERPRINT
        hit = np.flatnonzero(
            (x[1:] == x[:-1])
            & (y[1:] == y[:-1])
            & (k[1:] != k[:-1])
            & (strong[a] | strong[b])
            & (np.abs(cx[a] - cx[b]) <= near)
            & (np.abs(cy[a] - cy[b]) <= near)
        )
        out[a[hit]] = out[b[hit]] = True
    return out


def _boxes_in_forms(
    at: int,
    index: np.ndarray,
    matrix: np.ndarray,
    has_matrix: np.ndarray,
    left: np.ndarray,
    top: np.ndarray,
    right: np.ndarray,
    bottom: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chars' boxes, with those pdfium left in a form XObject's space put on the
    page. pdfium gives a char shown under ActualText (Chromium prints some glyphs so:
    行, 二, digits) the bounds of its text object as its box, in the space of the form
    that holds it, without the form's matrix; a table printed inside a form (CSS opacity
    or a transform) then has such chars far from where they stand, a 3 out of its number
    or 行 out of its label. The char's matrix is right: it is the object's own matrix
    times the forms' (F), so where the two differ the char is in a form, and a box that
    is the object's bounds is taken through F."""
    objs = calls.addresses(calls.TEXT_OBJECT, at, index)
    got, own = calls.into(calls.OBJECT_MATRIX, objs, out=ctypes.c_float, width=6)
    moved = np.flatnonzero(
        has_matrix & got & (objs != 0) & (np.abs(matrix - own).max(axis=1) > 1e-4)
    )
    if not len(moved):
        return left, top, right, bottom
    found, bounds = calls.into(calls.OBJECT_BOUNDS, objs[moved], out=ctypes.c_float, width=4)
    # (bounds come left, bottom, right, top)
    here = np.stack([left[moved], bottom[moved], right[moved], top[moved]], axis=1)
    same = found & (np.abs(bounds - here).max(axis=1) < 0.01)
    left, top, right, bottom = left.copy(), top.copy(), right.copy(), bottom.copy()
    for k in moved[same].tolist():
        oa, ob, oc, od, oe, of = own[k].astype(np.float64)
        det = oa * od - ob * oc
        if abs(det) < 1e-9:
            continue
        # F = inverse(own) × matrix (PDF row-vector convention)
        inv = np.array([[od, -ob, 0], [-oc, oa, 0], [oc * of - od * oe, ob * oe - oa * of, det]])
        ma, mb, mc, md, me, mf = matrix[k].astype(np.float64)
        f = (inv / det) @ np.array([[ma, mb, 0], [mc, md, 0], [me, mf, 1]])
        xs = np.array([left[k], right[k], left[k], right[k]])
        ys = np.array([bottom[k], bottom[k], top[k], top[k]])
        px, py = xs * f[0, 0] + ys * f[1, 0] + f[2, 0], xs * f[0, 1] + ys * f[1, 1] + f[2, 1]
        left[k], right[k], bottom[k], top[k] = px.min(), px.max(), py.min(), py.max()
    return left, top, right, bottom


def _digits(keys: np.ndarray) -> np.ndarray:
    """Which keys are digits, ASCII (0x30 to 0x39) or full-width (0xFF10 to 0xFF19)."""
    return ((keys >= 0x30) & (keys <= 0x39)) | ((keys >= 0xFF10) & (keys <= 0xFF19))


def _raise_marks(
    texts: list[str],
    keys: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    tops: np.ndarray,
    bottoms: np.ndarray,
    size: np.ndarray,
) -> None:
    """Give a note mark printed smaller and raised right after a digit (18 and a small
    high 1, as Word's superscript and HTML's <sup> print) as superscript characters
    (`ogi.blocks.raised`), so that it is not read as one more digit. A mark is smaller
    (at most 0.9 of the digit's size), raised (its foot at least 0.15 of the digit's
    height above the digit's foot, yet below the digit's top: a smaller char on the
    digit's baseline stands at most some 0.1 higher, by its shorter descent) and next
    to the digit; the chars after it of its size and height, next to it, are marks
    too."""
    if len(texts) < 2:
        return
    marks: list[int] | None = None
    if LAYOUT is not None:  # (compiled, the same arithmetic; None where it cannot)
        marks = LAYOUT.raised_at(keys, size, left, right, tops, bottoms)
        if marks == []:
            return
    height = bottoms - tops
    if marks is None:
        # a digit followed by a smaller char (few on a page), then where that char stands
        at = np.flatnonzero(_digits(keys[:-1]) & (size[1:] <= size[:-1] * 0.9))
        if not len(at):
            return
        after = at + 1
        ph, pb, pr = height[at], bottoms[at], right[at]
        found = at[
            (bottoms[after] <= pb - ph * 0.15)
            & (bottoms[after] > tops[at])
            & (left[after] >= pr - ph * 0.25)
            & (left[after] - pr <= ph * 0.6)
        ]
        marks = (found + 1).tolist()
    for k in marks:
        first = k
        while True:
            texts[k] = raised(texts[k])
            nxt = k + 1
            if nxt >= len(texts) or not (
                abs(size[nxt] - size[first]) <= size[first] * 0.05
                and abs(bottoms[nxt] - bottoms[first]) <= height[first] * 0.1
                and -height[first] * 0.25 <= left[nxt] - right[k] <= height[first] * 0.6
            ):
                break
            k = nxt


def centres(chars: list[Char]) -> tuple[np.ndarray, np.ndarray]:
    """Each char's centre across and down, as arrays."""
    cx = np.array([(c.x0 + c.x1) / 2 for c in chars], np.float64)
    return cx, np.array([(c.top + c.bottom) / 2 for c in chars], np.float64)


def _drop_doubled_of(
    chars: list[Char],
    keys: np.ndarray,
    x0: np.ndarray,
    x1: np.ndarray,
    top: np.ndarray,
    bottom: np.ndarray,
    size: np.ndarray,
) -> list[Char]:
    """`drop_doubled(chars)`, given each char's text as an integer (`keys`; equal keys,
    equal texts) and its box as arrays: only the texts `_suspects` finds are handed to
    `drop_doubled` (most pages have none)."""
    if len(chars) < 2:
        return chars
    suspects = _suspects(keys, x0, x1, top, bottom, size)
    if suspects is None:
        return drop_doubled(chars)
    if not suspects:
        return chars
    picked = np.flatnonzero(np.isin(keys, list(suspects))).tolist()
    kept = {id(c) for c in drop_doubled([chars[i] for i in picked])}
    dropped = {i for i in picked if id(chars[i]) not in kept}
    return [c for i, c in enumerate(chars) if i not in dropped] if dropped else chars


def _suspects(
    keys: np.ndarray,
    x0: np.ndarray,
    x1: np.ndarray,
    top: np.ndarray,
    bottom: np.ndarray,
    size: np.ndarray,
) -> set[int] | None:
    """The keys of texts with two chars side by side within a quarter of their size (a
    copy lies that close to its char): the chars are sorted by text, band of height and
    x. None where a centre or size is not finite."""
    if LAYOUT is not None:  # (compiled, without the sorts; None where it leaves it to us)
        found: set[int] | None = LAYOUT.doubled(keys, x0, x1, top, bottom, size)
        if found is not None:
            return found
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    tol = np.maximum(size, 1.0) * 0.25
    if not (np.isfinite(cx).all() and np.isfinite(cy).all() and np.isfinite(tol).all()):
        return None
    # two chars less than half a band apart in height share a band of one of the two
    # grids (the second shifted by half a band)
    band = 2 * float(tol.max()) + 1.0
    suspects: set[int] = set()
    for shift in (0.0, 0.5):
        row = np.floor(cy / band + shift)
        low, high = row.min(), row.max()
        if high - low < 2**34:
            # text and band as one integer (keys are below 2**29): a sort on two keys
            both = keys * 2**34 + (row - low).astype(np.int64)
            order = np.lexsort((cx, both))
            b = both[order]
            same = b[1:] == b[:-1]
        else:
            order = np.lexsort((cx, row, keys))
            k, r = keys[order], row[order]
            same = (k[1:] == k[:-1]) & (r[1:] == r[:-1])
        x, t = cx[order], tol[order]
        close = same & (x[1:] - x[:-1] <= np.maximum(t[1:], t[:-1]))
        if close.any():
            suspects.update(keys[order][1:][close].tolist())
    return suspects


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
    unsure: str | None = None  # OCR: why its numbers are unsure (`ogi.blocks.Block`)


_left = operator.attrgetter("x0")

LAYOUT_VERSION = 9  # the functions of _layout.c (its VERSION)


def _load_layout(version: int = LAYOUT_VERSION) -> ModuleType | None:
    """The compiled loops of line grouping (`_layout.c`), or None where the module was
    not built, was built from another version of it, or OGI_PDF_NATIVE=0 asks for the
    Python ones. Each of its functions answers None for input out of the ordinary, and
    the Python below runs then."""
    if os.environ.get("OGI_PDF_NATIVE") == "0":
        return None
    try:
        from ogi.readers import _layout
    except ImportError:
        return None
    return _layout if getattr(_layout, "VERSION", None) == version else None


LAYOUT = _load_layout()  # (tests set it to None to run the Python)


def _rows(chars: list[Char], ordered: bool = False) -> list[list[Char]]:
    """Chars grouped by vertical position, top to bottom (each row unordered, or sorted
    by left edge when `ordered`)."""
    if LAYOUT is not None:
        found: list[list[Char]] | None = LAYOUT.rows(chars, ordered)
        if found is not None:
            return found
    rows = _py_rows(chars)
    if ordered:
        for row in rows:
            row.sort(key=_left)
    return rows


def _py_rows(chars: list[Char]) -> list[list[Char]]:
    """`_rows` in Python."""
    rows: list[list[Char]] = []
    row: list[Char] = []
    centre = 0.0
    # sorted by centre, then left edge, then place in `chars` (the order a stable sort
    # on the first two keeps)
    for cy, _, i in sorted([((c.top + c.bottom) / 2, c.x0, i) for i, c in enumerate(chars)]):
        c = chars[i]
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
    if LAYOUT is not None:
        found: list[float] | None = LAYOUT.line_centres(chars)
        if found is not None:
            return found
    out = []
    for row in _rows(chars):
        if len(row) == 1:
            out.append((row[0].top + row[0].bottom) / 2)
        else:
            out.append((min([c.top for c in row]) + max([c.bottom for c in row])) / 2)
    return out


def line_texts(chars: list[Char]) -> list[str]:
    """The text of each line `group_lines` would make of `chars`, without making them."""
    return [join_chars(row) for row in _rows(chars, ordered=True)]


def group_lines(chars: list[Char]) -> list[Line]:
    """Chars into lines by vertical position, each line ordered left to right."""
    if LAYOUT is not None:
        found = LAYOUT.lines(chars)
        if found is not None:
            return [Line(*fields) for fields in found]
    lines = []
    for row in _rows(chars, ordered=True):
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


def _spaced(prev: Char, c: Char) -> bool:
    """Whether a space stands between two chars of a line (the rule of `join_chars`)."""
    gap = c.x0 - prev.x1
    size = prev.size  # max(prev.size, c.size, 1.0), taken as max takes it
    if c.size > size:
        size = c.size
    if size < 1.0:
        size = 1.0
    if gap > size * 2.5:
        return True
    a, b = prev.text[-1], c.text[0]
    if a < "\x80" and b < "\x80" and _wordish(a) and _wordish(b):
        return gap > size * (0.6 if a.isdigit() and b.isdigit() else 0.2)
    return False


def join_chars(row: list[Char]) -> str:
    """Text of one line. A space is put back only between Latin letters or numbers that
    stand apart; digits closer than about half an em are one number that letter
    spacing pulled apart (`3 88` → `388`), and CJK text never needs spaces. A gap of
    several ems is a column gap (a table printed without rules) and is kept as a
    space whatever the characters (`_spaced`)."""
    if LAYOUT is not None:
        found: str | None = LAYOUT.join(row, False)
        if found is not None:
            return found
    out: list[str] = []
    prev: Char | None = None
    for c in row:
        text = c.text
        # (no space is put back in a gap of 0.2 pt or less, whatever the sizes: most
        # neighbours touch, and the test is skipped for them)
        if prev is not None and c.x0 - prev.x1 > 0.2 and _spaced(prev, c):
            out.append(" ")
        out.append(text)
        prev = c
    return "".join(out)


def join_spans(row: list[Char]) -> tuple[str, list[tuple[float, float]]]:
    """The text of `join_chars` and, for each of its characters, its left and right edge
    on the page (a space put back spans the gap it stands for)."""
    if LAYOUT is not None:
        found: tuple[str, list[tuple[float, float]]] | None = LAYOUT.join(row, True)
        if found is not None:
            return found
    out: list[str] = []
    spans: list[tuple[float, float]] = []
    prev: Char | None = None
    for c in row:
        text = c.text
        x0 = c.x0
        if prev is not None and x0 - prev.x1 > 0.2 and _spaced(prev, c):
            out.append(" ")
            spans.append((prev.x1, x0))
        out.append(text)
        if len(text) == 1:
            step = c.x1 - x0
            spans.append((x0 + 0 * step, x0 + step))
        else:
            # an OCR box is one "char" of several characters: share its width out
            step = (c.x1 - x0) / max(len(text), 1)
            spans += [(x0 + k * step, x0 + (k + 1) * step) for k in range(len(text))]
        prev = c
    return "".join(out), spans
