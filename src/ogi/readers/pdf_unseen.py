"""Characters a PDF page holds in its text layer but does not show: text drawn invisible
(render mode 3, or a fill of alpha 0), outside the part of the page shown, white on
white, or at a size no eye reads. pdfium gives them with the rest, so a white 7 after
46 reads 467.

Invisible text is certainly not seen and is left out; but not
invisible text over a picture, or on a page whose text is nearly all invisible: that is
the picture's text, a scanner's own recognition, which the scan and picture paths judge
(`pdf_pictures`). Whether white text is seen depends on what lies under it, which is
only known for a dark box drawn under it; and a tiny char may be a producer's oddity:
such chars are kept marked (`ogi.blocks.UNSEEN`), so that no value is read from them
and the cell is named in a problem.

Most pages draw no such text: the colour and render mode are asked of each text object
of the page (far fewer than its chars), and only a page with a suspect one asks for
its chars' objects.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import pypdfium2.raw as pdfium_c

from ogi.readers import pdf_calls as calls

# (render modes 3 and 7 draw nothing; 0 and 4 fill only, so their fill colour is all;
# 1 and 5 stroke only, so their stroke colour is; 2 and 6 do both)
_INVISIBLE_MODES = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
_FILL_MODES = (
    pdfium_c.FPDF_TEXTRENDERMODE_FILL,
    pdfium_c.FPDF_TEXTRENDERMODE_FILL_CLIP,
    pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE,
    pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP,
)
_STROKE_MODES = (
    pdfium_c.FPDF_TEXTRENDERMODE_STROKE,
    pdfium_c.FPDF_TEXTRENDERMODE_STROKE_CLIP,
    pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE,
    pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP,
)
# of each render mode 0 to 7: whether it fills, strokes, and whether it draws nothing
_MODE_FLAGS = np.array(
    [[m in _FILL_MODES, m in _STROKE_MODES, m in _INVISIBLE_MODES] for m in range(8)], bool
)
# every channel at least this: white (text unseen, and a rule or box not drawn, `pdf_tables`)
WHITE = 245
# A page on which at least this share of the text is invisible carries a scan's layer
# (as `pdf_pictures.HIDDEN_SHARE`).
SCAN_LAYER_SHARE = 0.8
# A char at most this size (pt), and at most this share of the page's usual size, is
# too small to be read.
TINY = 2.0
TINY_SHARE = 0.2

_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT

Boxes = np.ndarray  # rows of left, bottom, right, top in the page's space


@dataclass(frozen=True)
class Backdrop:
    """What a page shows its text on. `objects`: its own objects, addresses and kinds
    (`pdf_tables.page_objects`); the text objects inside forms are found through the
    chars. `dark` and `pictures` give the boxes it fills in a dark colour and where its
    pictures stand, asked only when white or invisible text is found. `shown`: the part
    of the page shown (its crop box within its media box), left, bottom, right, top."""

    objects: tuple[np.ndarray, np.ndarray] | None = None
    dark: Callable[[], Boxes] | None = None
    pictures: Callable[[], Boxes] | None = None
    shown: tuple[float, float, float, float] | None = None


def looks(objs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of each text object: whether it is drawn invisible, and whether in white. Each
    paint its render mode draws (fill, stroke, or both) is unseen (alpha 0), white, or
    seen; text is invisible when all it draws is unseen, and white when all it draws
    is unseen or white. The stroke colour is asked only of text that strokes."""
    modes = calls.ints(calls.RENDER_MODE, objs)
    if not modes.any():
        # every object filled only (mode 0), as nearly every page: all it draws is its
        # fill, so it is invisible where the fill is unseen and white where it is white
        return _paint(calls.FILL_COLOR, objs)
    # each mode's flags looked up in a table (modes are 0 to 7; any other is in no set)
    known = (modes >= 0) & (modes < len(_MODE_FLAGS))
    flags = _MODE_FLAGS[np.where(known, modes, 0)] & known[:, None]
    filled, stroked, unpainted = flags.T
    fill_gone, fill_white = _paint(calls.FILL_COLOR, objs)
    stroke_gone, stroke_white = np.zeros(len(objs), bool), np.zeros(len(objs), bool)
    if stroked.any():
        k = np.flatnonzero(stroked)
        stroke_gone[k], stroke_white[k] = _paint(calls.STROKE_COLOR, objs[k])
    drawn = filled | stroked
    fill_seen, stroke_seen = filled & ~fill_gone, stroked & ~stroke_gone
    invisible = unpainted | (drawn & ~fill_seen & ~stroke_seen)
    white = ~invisible & drawn & ~(fill_seen & ~fill_white) & ~(stroke_seen & ~stroke_white)
    return invisible, white


def _paint(colour: calls.Fn, objs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of each object, whether the paint `colour` asks is unseen (alpha 0), and whether
    white (a colour not given is neither)."""
    ok, rgba = calls.into(colour, objs, out=ctypes.c_uint, width=4)
    gone = ok & (rgba[:, 3] == 0)
    return gone, ok & ~gone & (rgba[:, :3].min(axis=1) >= WHITE)


def unseen(
    at: int,
    index: np.ndarray,
    box: tuple[Boxes, Boxes, Boxes, Boxes],
    size: np.ndarray,
    code: np.ndarray,
    backdrop: Backdrop,
    layout: ModuleType | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of each char of text page `at` (its indices `index`, its box left, bottom, right,
    top in the page's space, its size and its code point): whether it is left out
    (invisible), whether it is kept marked (white on no dark box, tiny, or off the part
    of the page shown; not a CJK character: those make labels, and a heading printed
    white on a shading not found would lose its label, while no value is read from
    them), and whether it is off the part shown (kept only where a table stands: a
    table running off the page's edge has its cells there, while a paragraph off the
    page is no one's to read). `layout`: the compiled loops (`pdf_chars.LAYOUT`), which
    answer for a plain page without a tiny char in one call."""
    n = len(index)
    objects = backdrop.objects
    plain = objects is not None and calls.plain_text(*objects, WHITE)
    if plain and layout is not None:
        marked, outside = np.zeros(n, bool), np.zeros(n, bool)
        if layout.shown_marks(size, code, *box, backdrop.shown, TINY, marked, outside):
            return np.zeros(n, bool), marked, outside
    marked = (size > 0) & (size <= TINY)
    if marked.any():  # (the page's usual size only matters where some char is tiny)
        marked &= size <= float(np.median(size)) * TINY_SHARE
    if plain:
        # (as nearly every page: each text object plainly filled, none clipped, asked
        # in one compiled call; the questions below would all answer no)
        gone, white = np.zeros(n, bool), np.zeros(n, bool)
        clipped = np.zeros(n, bool)
    else:
        gone, white = _drawn_unseen(at, index, objects)
        if gone.sum() >= SCAN_LAYER_SHARE * max(n, 1):
            gone[:] = False
        elif gone.any():
            gone &= ~_within(backdrop.pictures, box, gone)
        clipped = _clipped(at, index, box, objects)
    outside = np.zeros(n, bool)
    if backdrop.shown is not None:
        x0, y0, x1, y1 = backdrop.shown
        left, bottom, right, top = box
        cx, cy = (left + right) / 2, (bottom + top) / 2
        # (off the page whether or not a clip the size of the page cuts it off too, as
        # LibreOffice clips a table wider than the page: 12 shows as 1)
        outside = ~gone & ((cx < x0) | (cx > x1) | (cy < y0) | (cy > y1))
    gone |= clipped & ~outside
    if white.any():
        marked |= white & ~_within(backdrop.dark, box, white)
    marked |= outside
    if marked.any():
        marked &= ~(((code >= 0x4E00) & (code <= 0x9FFF)) | ((code >= 0x3400) & (code <= 0x4DBF)))
    return gone, marked, outside


def _drawn_unseen(
    at: int, index: np.ndarray, objects: tuple[np.ndarray, np.ndarray] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Of each char: whether its text object is drawn invisible, and whether white."""
    n = len(index)
    gone, white = np.zeros(n, bool), np.zeros(n, bool)
    if n == 0:
        return gone, white
    if objects is not None and not (objects[1] == pdfium_c.FPDF_PAGEOBJ_FORM).any():
        texts = objects[0][objects[1] == _TEXT]
        if not len(texts):
            return gone, white
        invisible, whites = looks(texts)
        if not (invisible | whites).any():
            return gone, white
        objs = calls.addresses(calls.TEXT_OBJECT, at, index)
        return np.isin(objs, texts[invisible]), np.isin(objs, texts[whites])
    # objects in forms are known through the chars only
    objs = calls.addresses(calls.TEXT_OBJECT, at, index)
    some = objs != 0
    found, where = np.unique(objs[some], return_inverse=True)
    if len(found):
        invisible, whites = looks(found)
        gone[some], white[some] = invisible[where.reshape(-1)], whites[where.reshape(-1)]
    return gone, white


def _clipped(
    at: int,
    index: np.ndarray,
    box: tuple[Boxes, Boxes, Boxes, Boxes],
    objects: tuple[np.ndarray, np.ndarray] | None,
) -> np.ndarray:
    """Of each char: whether the clip path of its text object leaves it out, its centre
    outside the box that holds the clip (a cell that hides what overflows it, a page
    that cuts off what runs past its margin: Chromium clips only such objects). Only
    the page's own text objects are asked, each whether it has a clip at all; the
    shape of a clip is asked of those that have one."""
    out = np.zeros(len(index), bool)
    if objects is None or not len(index):
        return out
    texts = objects[0][objects[1] == _TEXT]
    if not len(texts):
        return out
    clips = calls.addresses(calls.CLIP_PATH, texts)
    counts = calls.ints(calls.COUNT_CLIP_PATHS, clips)
    has = np.flatnonzero(counts > 0)
    if not len(has):
        return out
    order = np.argsort(texts[has])
    clipped, bounds = texts[has][order], np.array([_clip_box(clips[k], counts[k]) for k in has])
    bounds = bounds[order]
    objs = calls.addresses(calls.TEXT_OBJECT, at, index)
    at_clip = np.minimum(np.searchsorted(clipped, objs), len(clipped) - 1)
    mine = np.flatnonzero(clipped[at_clip] == objs)
    if not len(mine):
        return out
    x0, y0, x1, y1 = bounds[at_clip[mine]].T
    left, bottom, right, top = (v[mine] for v in box)
    cx, cy = (left + right) / 2, (bottom + top) / 2
    out[mine] = (cx < x0) | (cx > x1) | (cy < y0) | (cy > y1)
    return out


def _clip_box(clip: int, paths: int) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top, in the page's space) that holds the clip: the
    overlap of its paths' boxes (a clip shows what lies inside all of its paths)."""
    handle = ctypes.cast(int(clip), pdfium_c.FPDF_CLIPPATH)
    counts = calls.ints(calls.COUNT_CLIP_SEGMENTS, int(clip), np.arange(int(paths)))
    left, bottom, right, top = -np.inf, -np.inf, np.inf, np.inf
    for j, n in enumerate(counts.tolist()):
        if n <= 0:
            continue
        get = pdfium_c.FPDFClipPath_GetPathSegment
        segments = np.fromiter((calls.address(get(handle, j, k)) for k in range(n)), np.uint64, n)
        ok, points = calls.into(calls.SEGMENT_POINT, segments, out=ctypes.c_float, width=2)
        if not ok.any():
            continue
        xs, ys = points[ok, 0], points[ok, 1]
        left, bottom = max(left, float(xs.min())), max(bottom, float(ys.min()))
        right, top = min(right, float(xs.max())), min(top, float(ys.max()))
    return left, bottom, right, top


def _within(
    boxes: Callable[[], Boxes] | None, box: tuple[Boxes, Boxes, Boxes, Boxes], picked: np.ndarray
) -> np.ndarray:
    """Of the chars where `picked`, those whose centre lies in one of the boxes that
    `boxes` gives."""
    out = np.zeros(len(picked), bool)
    found = boxes() if boxes is not None else np.zeros((0, 4))
    if not len(found):
        return out
    bl, bb, br, bt = found.T
    left, bottom, right, top = box
    k = np.flatnonzero(picked)
    cx, cy = (left[k] + right[k]) / 2, (bottom[k] + top[k]) / 2
    inside = (
        (bl[None, :] <= cx[:, None])
        & (cx[:, None] <= br[None, :])
        & (bb[None, :] <= cy[:, None])
        & (cy[:, None] <= bt[None, :])
    )
    out[k] = inside.any(axis=1)
    return out
