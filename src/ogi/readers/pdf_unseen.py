"""Characters a PDF page holds in its text layer but does not show: text drawn invisible
(render mode 3, or a fill of alpha 0), white on white, or at a size no eye reads.
pdfium gives them with the rest, so a white 7 after 46 reads 467.

Invisible text is certainly not seen and is left out, except on a page whose text is
nearly all invisible: that is a searchable scan's layer, which the scan path judges
(`pdf_pictures.hidden_text_over_scan`). Whether white text is seen depends on what lies
under it, which is only known for a dark box drawn under it; and a tiny char may be a
producer's oddity: such chars are kept marked (`ogi.blocks.UNSEEN`), so that no value
is read from them and the cell is named in a problem.

Most pages draw no such text: the colour and render mode are asked of each text object
of the page (far fewer than its chars), and only a page with a suspect one asks for
its chars' objects.
"""

from __future__ import annotations

import ctypes

import numpy as np
import pypdfium2.raw as pdfium_c

from ogi.readers import pdf_calls as calls

# (render modes 3 and 7 draw nothing; 0 and 4 fill only, so their fill colour is all)
_INVISIBLE_MODES = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
_FILL_MODES = (pdfium_c.FPDF_TEXTRENDERMODE_FILL, pdfium_c.FPDF_TEXTRENDERMODE_FILL_CLIP)
WHITE = 245  # every channel at least this: white (as rules are judged in `pdf_tables`)
# A page on which at least this share of the text is invisible carries a scan's layer
# (as `pdf_pictures.HIDDEN_SHARE`).
SCAN_LAYER_SHARE = 0.8
# White text shows on a box this dark drawn under it (luminance, 0 to 255).
DARK = 160
# A char at most this size (pt), and at most this share of the page's usual size, is
# too small to be read.
TINY = 2.0
TINY_SHARE = 0.2

_TEXT, _PATH = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH


def _looks(objs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of each text object: whether it is drawn invisible, and whether in white."""
    modes = calls.ints(calls.RENDER_MODE, objs)
    ok, rgba = calls.into(calls.FILL_COLOR, objs, out=ctypes.c_uint, width=4)
    fill = ok & np.isin(modes, _FILL_MODES)
    invisible = np.isin(modes, _INVISIBLE_MODES) | (fill & (rgba[:, 3] == 0))
    return invisible, fill & ~invisible & (rgba[:, :3].min(axis=1) >= WHITE)


def unseen(
    at: int,
    index: np.ndarray,
    objects: tuple[np.ndarray, np.ndarray] | None,
    box: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    size: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Of each char of text page `at` (its indices `index`, its box left, bottom, right,
    top in the page's space and its size): whether it is left out (drawn invisible) and
    whether it is kept marked (white on no dark box, or tiny). `objects`: the page's own
    objects, addresses and kinds (`pdf_tables.page_objects`), or None when not known;
    the text objects inside forms are found through the chars."""
    n = len(index)
    gone, marked = np.zeros(n, bool), np.zeros(n, bool)
    if n == 0:
        return gone, marked
    usual = float(np.median(size))
    marked |= (size > 0) & (size <= TINY) & (size <= usual * TINY_SHARE)
    in_forms = objects is None or bool((objects[1] == pdfium_c.FPDF_PAGEOBJ_FORM).any())
    if not in_forms:
        texts = objects[0][objects[1] == _TEXT]  # type: ignore[index]
        if not len(texts):
            return gone, marked
        invisible, white = _looks(texts)
        if not (invisible | white).any():
            return gone, marked
        objs = calls.addresses(calls.TEXT_OBJECT, at, index)
        gone = np.isin(objs, texts[invisible])
        white_chars = np.isin(objs, texts[white])
    else:
        objs = calls.addresses(calls.TEXT_OBJECT, at, index)
        found, where = np.unique(objs[objs != 0], return_inverse=True)
        if not len(found):
            return gone, marked
        invisible, white = _looks(found)
        gone[objs != 0] = invisible[where.reshape(-1)]
        white_chars = np.zeros(n, bool)
        white_chars[objs != 0] = white[where.reshape(-1)]
    if gone.sum() >= SCAN_LAYER_SHARE * n:
        gone[:] = False
    if white_chars.any():
        marked |= white_chars & ~_on_dark(objects, box, white_chars)
    return gone, marked


def _on_dark(
    objects: tuple[np.ndarray, np.ndarray] | None,
    box: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    picked: np.ndarray,
) -> np.ndarray:
    """Of the chars where `picked`, those whose centre lies on a box filled in a dark
    colour (the page's own paths only: a box inside a form is not looked for, and the
    char is then kept marked)."""
    out = np.zeros(len(picked), bool)
    if objects is None:
        return out
    paths = objects[0][objects[1] == _PATH]
    if not len(paths):
        return out
    ok, modes = calls.into(calls.DRAW_MODE, paths, out=ctypes.c_int, width=2)
    got, rgba = calls.into(calls.FILL_COLOR, paths, out=ctypes.c_uint, width=4)
    r, g, b = rgba[:, :3].T.astype(np.float64)
    dark = ok & got & (modes[:, 0] != 0) & (rgba[:, 3] >= 128)
    dark &= 0.299 * r + 0.587 * g + 0.114 * b <= DARK
    if not dark.any():
        return out
    found, bounds = calls.into(calls.OBJECT_BOUNDS, paths[dark], out=ctypes.c_float, width=4)
    bl, bb, br, bt = bounds[found].astype(np.float64).T
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
