"""Ruled tables of a PDF page: ruling lines from the page's path objects, clustered
into a grid; characters assigned to cells; merged cells found where an internal rule is
missing.

Ruling lines come from pypdfium2's page objects (path segments and their matrices),
not from pdfplumber: on the sample report pdfium finds the same 96 stroked rules that
pdfplumber's `page.lines` lists (15, 39 and 42 on pages 2–4), in 0.04 s against
pdfplumber's 0.39 s for the five pages, so there is no second PDF parser in the read
path. Filled boxes thicker than a rule are cell shading and are not used as edges.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import operator
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pypdfium2.raw as pdfium_c

from ogi import patterns
from ogi.blocks import STRIKE, Cell
from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_chars
from ogi.readers.pdf_chars import Char, Line, group_lines, join_chars, line_texts
from ogi.readers.pdf_unseen import WHITE
from ogi.readers.pdf_view import View, upright_view

_left = operator.attrgetter("x0")

SNAP = 3.0  # rules closer than this (pt) are the same rule (double or thick borders)
# A rule that stops this short of a crossing rule still meets it: in a thick-and-thin or
# double frame the cells' rules stop at the frame's inner line, points inside its outer
# one. No cell is this narrow (a character is wider).
JOIN = 5.0
THIN = 3.0  # a filled rectangle thinner than this is a rule, not a shaded cell
# Cells drawn apart, each in its own box (a web table's cell spacing, Word's 单元格间距):
# a row's and the next one's sides stand this far apart at most. No row or column of
# text is this narrow, so a band this thin between two grid lines is the spacing.
SPACING = JOIN
MIN_RULE = 4.0  # shorter segments are glyph strokes or tick marks, not table rules


@dataclass(slots=True)
class Rule:
    """A horizontal (at y, from a to b in x) or vertical (at x, from a to b in y) rule,
    in top-down page coordinates."""

    horizontal: bool
    pos: float
    a: float
    b: float


_RULE_FIELDS = tuple(f.name for f in fields(Rule))  # (in the order Rule takes them)

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _mul_rows(m: np.ndarray, n: np.ndarray) -> np.ndarray:
    """`_mul` of each column of `m` by that of `n` (six rows each; `n` may have one
    column for all): the same products, added in the same order, row by row of the six
    rather than in twelve arrays of their own."""
    out = m[[0, 0, 2, 2, 4, 4]] * n[[0, 1, 0, 1, 0, 1]]
    out += m[[1, 1, 3, 3, 5, 5]] * n[[2, 3, 2, 3, 2, 3]]
    out[4:] += n[4:]
    return out


_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO, _LINETO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO


def _object_matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not calls.OBJECT_MATRIX(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def mark_struck(
    chars: list[Char],
    cx: np.ndarray,
    cy: np.ndarray,
    rules: list[Rule],
    half: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Mark the chars a rule strikes through (a value crossed out and another written
    beside it, a tracked change printed with its deletions): a horizontal rule across
    the middle of a char, over most of its width. Their text gets U+0336 after it,
    which no reading takes for a value: which number the writer meant is not told.
    `half`: each char's half width and half height as arrays, if at hand."""
    if not chars or not rules:
        return
    struck: list[int] | None = None
    if half is not None and pdf_chars.LAYOUT is not None:
        # (compiled, the same questions asked; None where it leaves them to `_struck`)
        struck = pdf_chars.LAYOUT.struck(rules, cx, cy, half[0], half[1], np.sort(cy))
    if struck is None:
        struck = _struck(chars, cx, cy, rules, half)
    for k in struck:
        if not chars[k].text.endswith(STRIKE):
            chars[k].text += STRIKE


def _struck(
    chars: list[Char],
    cx: np.ndarray,
    cy: np.ndarray,
    rules: list[Rule],
    half: tuple[np.ndarray, np.ndarray] | None,
) -> list[int]:
    """Where `mark_struck` finds the chars struck through, in order."""
    flat = [r for r in rules if r.horizontal]
    if not flat:
        return []
    pos = np.array([r.pos for r in flat])
    half_h = (
        np.fromiter(((c.bottom - c.top) / 2 for c in chars), np.float64, len(chars))
        if half is None
        else half[1]
    )
    # only the rules that pass through the middle band of some char: a table's rules lie
    # between its rows of text, so nearly all go at once, before anything per char
    order = np.argsort(cy)
    ys, band = cy[order], float(half_h.max()) * 0.4
    near_some = np.searchsorted(ys, pos + band, "right") > np.searchsorted(ys, pos - band, "left")
    if not near_some.any():
        return []
    picked = [flat[k] for k in np.flatnonzero(near_some).tolist()]
    pos = np.array([r.pos for r in picked])
    a = np.array([r.a for r in picked])
    b = np.array([r.b for r in picked])
    half_w = (
        np.fromiter(((c.x1 - c.x0) / 2 for c in chars), np.float64, len(chars))
        if half is None
        else half[0]
    )
    near = np.abs(pos[None, :] - cy[:, None]) <= half_h[:, None] * 0.4
    left, right = cx - half_w * 0.6, cx + half_w * 0.6
    over = (a[None, :] <= left[:, None]) & (b[None, :] >= right[:, None])
    return np.flatnonzero((near & over).any(axis=1)).tolist()


PageObjects = tuple[np.ndarray, np.ndarray]  # the page's objects: addresses, kinds


def page_objects(page: object) -> PageObjects:
    """The addresses and kinds of the page's own objects, asked of all at once."""
    n = max(pdfium_c.FPDFPage_CountObjects(page.raw), 0)  # type: ignore[attr-defined]
    where = calls.addresses(calls.PAGE_OBJECT, calls.address(page.raw), np.arange(n))  # type: ignore[attr-defined]
    return where, calls.ints(calls.OBJECT_TYPE, where)


def holds_forms(objects: PageObjects) -> bool:
    """Whether the page draws a form XObject (a group of objects with a matrix of its
    own)."""
    # (count_nonzero: a fraction of the time of `.any()`, asked of every page)
    return bool(np.count_nonzero(objects[1] == _FORM))


def _path_objects(
    page: object, max_objects: int, objects: PageObjects | None = None
) -> tuple[np.ndarray, list[Matrix] | None]:
    """The addresses of the page's path objects, those inside form XObjects too, and
    the matrix of the forms holding each (None when no path is in a form); the first
    `max_objects` objects only. `objects`: the page's own (`page_objects`), if known."""
    where, kinds = objects if objects is not None else page_objects(page)
    n = len(where)
    if n <= max_objects and not holds_forms((where, kinds)):
        return where[kinds == _PATH], None
    found: list[Any] = []
    outers: list[Matrix] = []
    count = 0

    def walk(objs: list[Any], kinds: list[int], outer: Matrix) -> None:
        nonlocal count
        for obj, kind in zip(objs, kinds, strict=True):
            count += 1
            if count > max_objects:
                return
            if kind == _PATH:
                found.append(obj)
                outers.append(outer)
            elif kind == _FORM:
                k = max(calls.COUNT_FORM_OBJECTS(obj), 0)
                children = [c for c in map(calls.FORM_OBJECT, itertools.repeat(obj), range(k)) if c]
                inner = list(map(calls.OBJECT_TYPE, children))
                walk(children, inner, _mul(_object_matrix(obj), outer))

    walk(where.tolist(), kinds.tolist(), _IDENTITY)
    return calls.handle_array(found), outers


def _visible(getter: calls.Fn, objs: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Of the objects where `on`, those whose colour from `getter` is not white or fully
    transparent (a colour that cannot be read counts as visible)."""
    out = on.copy()
    picked = np.flatnonzero(on)
    if len(picked):
        ok, rgba = calls.into(getter, objs[picked], out=ctypes.c_uint, width=4)
        white = (rgba[:, 3] == 0) | (rgba[:, :3].min(axis=1) >= WHITE)
        out[picked] = ~(ok & white)
    return out


def page_rules(
    page: object, view: float | View, max_objects: int = 20000, objects: PageObjects | None = None
) -> list[Rule]:
    """Every horizontal and vertical rule drawn on the page, form XObjects included.
    pdfium is asked about all paths at once, then about all their segments at once
    (`pdf_calls`); the rules are then made path by path."""
    if not isinstance(view, View):  # the top of an upright page
        view = upright_view(view)
    objs, outers = _path_objects(page, max_objects, objects)
    if not len(objs):
        return []
    # (in one compiled call where no path is in a form)
    found = calls.drawn_paths(objs, _IDENTITY, WHITE) if outers is None else None
    filled, stroked, drawn, matrix, counts = found or _drawn_paths(objs, outers)
    if not len(drawn):
        return []
    paths = objs[drawn]
    rules: list[Rule] = []
    # (in batches of about SEGMENTS_AT_ONCE segments, which bounds their arrays' memory)
    for lo, hi in _batches(counts.tolist()):
        rules += _rules_of_paths(
            paths[lo:hi], drawn[lo:hi], counts[lo:hi], matrix[:, lo:hi], view, filled, stroked
        )
    return rules


def _drawn_paths(objs: np.ndarray, outers: list[Matrix] | None) -> tuple[np.ndarray, ...]:
    """`pdf_calls.drawn_paths` with arrays, forms around the paths included (`outers`:
    the forms' matrix around each of `objs`, or None where none is in a form): whether
    each path is filled and whether stroked in a paint that shows; the drawn ones'
    indices, matrices (six rows) and counts of segments."""
    # drawn in something visible: not a clipping path, not a white box
    ok, modes = calls.into(calls.DRAW_MODE, objs, out=ctypes.c_int, width=2)
    filled = _visible(calls.FILL_COLOR, objs, ok & (modes[:, 0] != 0))
    stroked = _visible(calls.STROKE_COLOR, objs, ok & (modes[:, 1] != 0))
    drawn = np.flatnonzero(filled | stroked)
    if not len(drawn):
        return filled, stroked, drawn, np.zeros((6, 0)), np.zeros(0, np.int64)
    paths = objs[drawn]
    # each drawn path's matrix, then the forms' around it (see _mul)
    has, own = calls.into(calls.OBJECT_MATRIX, paths, out=ctypes.c_float, width=6)
    m = np.where(has[:, None], own.astype(np.float64), np.array(_IDENTITY)).T
    if outers is None:  # no form around any path (the same products)
        outer = np.array(_IDENTITY)[:, None]
    else:
        outer = np.array([outers[k] for k in drawn.tolist()], np.float64).T
    counts = calls.ints(calls.COUNT_SEGMENTS, paths).clip(0)
    return filled, stroked, drawn, _mul_rows(m, outer), counts


# White text shows on a fill this dark (luminance, 0 to 255).
DARK = 160


def dark_boxes(page: object, objects: PageObjects | None = None) -> np.ndarray:
    """The bounds of the paths the page fills in a dark colour, those inside forms too,
    as rows of left, bottom, right, top in the page's space: where white text may be
    seen (`pdf_unseen`)."""
    objs, outers = _path_objects(page, 20000, objects)
    none = np.zeros((0, 4))
    if not len(objs):
        return none
    ok, modes = calls.into(calls.DRAW_MODE, objs, out=ctypes.c_int, width=2)
    got, rgba = calls.into(calls.FILL_COLOR, objs, out=ctypes.c_uint, width=4)
    r, g, b = rgba[:, :3].T.astype(np.float64)
    dark = ok & got & (modes[:, 0] != 0) & (rgba[:, 3] >= 128)
    picked = np.flatnonzero(dark & (0.299 * r + 0.587 * g + 0.114 * b <= DARK))
    if not len(picked):
        return none
    found, bounds = calls.into(calls.OBJECT_BOUNDS, objs[picked], out=ctypes.c_float, width=4)
    picked, bounds = picked[found], bounds[found].astype(np.float64)
    if outers is None or not len(picked):
        return bounds
    # a path inside a form: its bounds are in the form's space, taken through the forms'
    a, b_, c, d, e, f = np.array([outers[k] for k in picked.tolist()], np.float64).T
    xs = bounds[:, [0, 2, 0, 2]]
    ys = bounds[:, [1, 1, 3, 3]]
    px = xs * a[:, None] + ys * c[:, None] + e[:, None]
    py = xs * b_[:, None] + ys * d[:, None] + f[:, None]
    return np.stack([px.min(1), py.min(1), px.max(1), py.max(1)], axis=1)


SEGMENTS_AT_ONCE = 16384  # segments asked about in one go: bounds the memory a page takes
FEW_SEGMENTS = 256  # up to this many, rules are made path by path (see _make_rules)


def _batches(counts: list[int]) -> list[tuple[int, int]]:
    """Runs of paths holding at most SEGMENTS_AT_ONCE segments (or one path, if it
    holds more), as (first, end) positions."""
    if sum(counts) <= SEGMENTS_AT_ONCE:
        return [(0, len(counts))]
    out, lo, held = [], 0, 0
    for k, n in enumerate(counts):
        if held and held + n > SEGMENTS_AT_ONCE:
            out.append((lo, k))
            lo, held = k, 0
        held += n
    out.append((lo, len(counts)))
    return out


def _rules_of_paths(
    paths: np.ndarray,
    drawn: np.ndarray,
    counts: np.ndarray,
    matrix: np.ndarray,
    view: View,
    filled: np.ndarray,
    stroked: np.ndarray,
) -> list[Rule]:
    """Rules of `paths` (at positions `drawn` among the page's paths, whose flags are
    given for all; `matrix`: the six numbers of each of `paths`, a row for each of the
    six), their segments asked about all at once."""
    box = (view.left, view.bottom, view.right, view.top)
    found = calls.path_points(paths, counts, matrix, view.turn, box)  # (compiled)
    if found is not None:
        x, y, usable, kinds, closes = found
        return _make_rules(drawn, counts, filled, stroked, x, y, usable, kinds, closes)
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    index = np.arange(total) - np.repeat(starts, counts)
    segs = calls.addresses(calls.SEGMENT, np.repeat(paths, counts), index)
    # a NULL segment is no point either (pdfium answers false for it)
    usable, xy = calls.into(calls.SEGMENT_POINT, segs, out=ctypes.c_float, width=2)
    kinds = calls.ints(calls.SEGMENT_TYPE, segs)
    closes = calls.ints(calls.SEGMENT_CLOSE, segs)
    ma, mb, mc, md, me, mf = np.repeat(matrix, counts, axis=1)
    px, py = xy.T.astype(np.float64)
    x, y = view.xy(ma * px + mc * py + me, mb * px + md * py + mf)
    return _make_rules(drawn, counts, filled, stroked, x, y, usable, kinds, closes)


def _make_rules(
    drawn: np.ndarray,
    counts: np.ndarray,
    filled: np.ndarray,
    stroked: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    usable: np.ndarray,
    kinds: np.ndarray,
    closes: np.ndarray,
) -> list[Rule]:
    """The rules of the drawn paths (`drawn`: their positions among all paths, whose
    `filled` and `stroked` flags are given; `counts`: their segments, whose points `x`
    and `y` are in top-down page coordinates). A path of one straight run (a line, or
    a box: one move, then lines, closed or not at the end; nearly every path of a
    table) is done for all such paths at once with arrays; any other path segment by
    segment (`_subpaths`, `_rules_of_path`). Rules come in path order, as drawn."""
    is_filled, is_stroked = filled[drawn], stroked[drawn]
    if pdf_chars.LAYOUT is not None:  # (path by path, compiled)
        made = pdf_chars.LAYOUT.rules(
            counts, is_filled, is_stroked, x, y, usable, kinds, closes, _LINETO, THIN, MIN_RULE
        )
        if made is not None:
            # (the Rules made at C speed too, as `map(Rule, ...)` makes them, or None)
            rules: list[Rule] | None = pdf_chars.LAYOUT.made(Rule, _RULE_FIELDS, *made)
            return rules if rules is not None else list(map(Rule, *made))
    npaths, total = len(drawn), len(x)
    starts = np.cumsum(counts) - counts
    if total <= FEW_SEGMENTS:
        # few segments (most pages): path by path, what the arrays stand in for, is
        # quicker than setting them up
        lists = usable.tolist(), kinds.tolist(), closes.tolist()
        xs, ys = x.tolist(), y.tolist()
        rules: list[Rule] = []
        for at, n, fill, stroke in zip(
            starts.tolist(), counts.tolist(), is_filled.tolist(), is_stroked.tolist(), strict=True
        ):
            subs = _subpaths(range(at, at + n), *lists)
            if subs:
                rules += _rules_of_path(subs, xs, ys, fill, stroke)
        return rules
    path = np.repeat(np.arange(npaths), counts)
    ends = starts + counts - 1
    first = np.zeros(total, bool)
    first[starts[counts > 0]] = True
    last = np.zeros(total, bool)
    last[ends[counts > 0]] = True
    odd = ~usable | (~first & (kinds != _LINETO)) | (~last & (closes != 0))
    # min and max as Python takes them: no NaN, and no zero (0.0 and -0.0 tie)
    odd |= ~np.isfinite(x) | ~np.isfinite(y) | (x == 0) | (y == 0)
    simple = (counts >= 2) & (np.bincount(path, odd, npaths) == 0)
    # columns of the rules found: path, order in the path, horizontal, pos, a, b
    found: list[tuple[np.ndarray, ...]] = []
    done = np.flatnonzero(simple)
    if len(done):
        at, n = starts[done], counts[done]
        lo_x, hi_x, lo_y, hi_y = _bounds(x, y, at, n)
        w, h = hi_x - lo_x, hi_y - lo_y
        thin = is_filled[done] & ((w < THIN) | (h < THIN))
        across = thin & (w >= h) & (w >= MIN_RULE)
        down = thin & ~across & (h > w) & (h >= MIN_RULE)
        for sel, horizontal, pos, a, b in (
            (across, True, (lo_y + hi_y) / 2, lo_x, hi_x),
            (down, False, (lo_x + hi_x) / 2, lo_y, hi_y),
        ):
            k = int(sel.sum())
            found.append(
                (done[sel], np.zeros(k, np.int64), np.full(k, horizontal), pos[sel], a[sel], b[sel])
            )
        # a shaded cell background (filled, not thin, not stroked) draws no edges
        edged = done[~thin & is_stroked[done]]
        if len(edged):
            found.append(_edges(edged, starts[edged], counts[edged], closes, x, y))
    ordered: list[tuple[int, int, Rule]] = []
    others = np.flatnonzero(~simple).tolist()
    if others:
        lists = usable.tolist(), kinds.tolist(), closes.tolist()
        xs, ys = x.tolist(), y.tolist()
    for k in others:
        subs = _subpaths(range(starts[k], starts[k] + counts[k]), *lists)
        if subs:
            more = _rules_of_path(subs, xs, ys, bool(is_filled[k]), bool(is_stroked[k]))
            ordered += [(k, j, r) for j, r in enumerate(more)]
    if not found:
        return [r for _, _, r in ordered]
    cols = [np.concatenate(c) for c in zip(*found, strict=True)]
    order = np.lexsort((cols[1], cols[0]))
    path_of, seq, horizontal, pos, a, b = (c[order].tolist() for c in cols)
    made = list(map(Rule, horizontal, pos, a, b))
    if not ordered:
        return made
    ordered += zip(path_of, seq, made, strict=True)
    ordered.sort(key=lambda t: (t[0], t[1]))
    return [r for _, _, r in ordered]


def _bounds(
    x: np.ndarray, y: np.ndarray, at: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    take = np.repeat(at - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
    sx, sy = x[take], y[take]
    cut = np.cumsum(n) - n
    return (
        np.minimum.reduceat(sx, cut),
        np.maximum.reduceat(sx, cut),
        np.minimum.reduceat(sy, cut),
        np.maximum.reduceat(sy, cut),
    )


def _edges(
    paths: np.ndarray,
    at: np.ndarray,
    n: np.ndarray,
    closes: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Rules along the straight runs of stroked paths: each pair of consecutive points,
    and the last point back to the first where the path is closed."""
    links = n - 1
    closed = closes[at + n - 1] != 0
    total = links + closed
    owner = np.repeat(np.arange(len(paths)), total)
    seq = np.arange(int(total.sum())) - np.repeat(np.cumsum(total) - total, total)
    src = at[owner] + seq
    dst = src + 1
    back = seq == links[owner]  # the closing link
    src = np.where(back, at[owner] + links[owner], src)
    dst = np.where(back, at[owner], dst)
    x0, x1, y0, y1 = x[src], x[dst], y[src], y[dst]
    dx, dy = np.abs(x1 - x0), np.abs(y1 - y0)
    across = (dy < 0.5) & (dx >= MIN_RULE)
    down = ~across & (dx < 0.5) & (dy >= MIN_RULE)
    keep = across | down
    pos = np.where(across, (y0 + y1) / 2, (x0 + x1) / 2)
    a = np.where(across, np.minimum(x0, x1), np.minimum(y0, y1))
    b = np.where(across, np.maximum(x0, x1), np.maximum(y0, y1))  # no NaN, no zero here
    return paths[owner][keep], seq[keep], across[keep], pos[keep], a[keep], b[keep]


def _subpaths(
    segments: range, usable: list[bool], kinds: list[int], closes: list[int]
) -> list[list[int]]:
    """Straight-line subpaths of one path, as lists of its segments' positions (curves
    are skipped: they draw rounded corners or glyphs, never table rules)."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i in segments:
        if not usable[i]:
            continue
        kind = kinds[i]
        if kind == _LINETO:
            cur.append(i)
        else:  # a move, or a Bézier point: either breaks the straight run
            if len(cur) > 1:
                out.append(cur)
            cur = [i]
        if closes[i] and cur:
            cur.append(cur[0])
            out.append(cur)
            cur = []
    if len(cur) > 1:
        out.append(cur)
    return out


def _rules_of_path(
    subs: list[list[int]], xs: list[float], ys: list[float], filled: bool, stroked: bool
) -> list[Rule]:
    """Rules of one path's subpaths; `xs` and `ys` are the points in top-down page
    coordinates."""
    rules: list[Rule] = []
    for sub in subs:
        sx = [xs[i] for i in sub]
        sy = [ys[i] for i in sub]
        w, h = max(sx) - min(sx), max(sy) - min(sy)
        if filled and (w < THIN or h < THIN):
            # a thin filled box is how many producers draw a rule
            if w >= h and w >= MIN_RULE:
                rules.append(Rule(True, (min(sy) + max(sy)) / 2, min(sx), max(sx)))
            elif h > w and h >= MIN_RULE:
                rules.append(Rule(False, (min(sx) + max(sx)) / 2, min(sy), max(sy)))
            continue
        if not stroked:
            continue  # a shaded cell background: its edges are not drawn
        for j in range(len(sub) - 1):
            x0, x1, y0, y1 = sx[j], sx[j + 1], sy[j], sy[j + 1]
            if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= MIN_RULE:
                rules.append(Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= MIN_RULE:
                rules.append(Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return rules


def _merge_collinear(rules: list[Rule]) -> list[Rule]:
    """Join pieces of one rule (same position, touching or overlapping). Rules at the same
    position that do not touch stay apart: the column rule of one table and that of the
    table under it are two rules, and joining them would lose one."""
    if pdf_chars.LAYOUT is not None:  # (compiled; None where it leaves it to the below)
        merged: list[Rule] | None = pdf_chars.LAYOUT.merge(rules, Rule, SNAP)
        if merged is not None:
            return merged
    out: list[Rule] = []
    for horizontal in (False, True):
        line = sorted((r for r in rules if r.horizontal == horizontal), key=lambda r: r.pos)
        clusters: list[list[Rule]] = []
        for r in line:
            if clusters and r.pos - clusters[-1][-1].pos <= SNAP:
                clusters[-1].append(r)
            else:
                clusters.append([r])
        for cluster in clusters:
            if cluster[-1].pos - cluster[0].pos <= SNAP:
                out += _joined(cluster)
                continue
            # a chain of positions (cells drawn apart: one box's side, a rule between,
            # the next box's side): pieces join only those near their own position
            current: list[Rule] = []
            for r in sorted(cluster, key=lambda r: r.a):
                near = [c for c in current if abs(c.pos - r.pos) <= SNAP and r.a <= c.b + SNAP]
                if near:
                    near[0].b = max(near[0].b, r.b)
                    continue
                current.append(Rule(horizontal, r.pos, r.a, r.b))
            out += current
    return out


def _joined(cluster: list[Rule]) -> list[Rule]:
    """The pieces of rules at one position joined where they touch or overlap."""
    out: list[Rule] = []
    current: Rule | None = None
    for r in sorted(cluster, key=lambda r: r.a):
        if current is not None and r.a <= current.b + SNAP:
            current.b = max(current.b, r.b)
            continue
        current = Rule(r.horizontal, r.pos, r.a, r.b)
        out.append(current)
    return out


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    x0: float
    x1: float
    top: float
    bottom: float
    open_top: bool  # no rule above: the cell may continue a cell of the previous page
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    page: int = 0  # set when the grid is placed in the document

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.x0, self.top, self.x1, self.bottom

    def to_cell(self, page: int) -> Cell:
        """The cell as a table block holds it, on `page` unless it knows its own (a
        cell read by OCR adds what OCR said of it: `ogi.readers.ocr.OcrCell`)."""
        box = (self.x0, self.top, self.x1, self.bottom)
        return Cell(
            self.text, self.row, self.col, self.rowspan, self.colspan, None, self.page or page, box
        )


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _covered(rules: list[Rule], a: float, b: float) -> bool:
    """Whether `rules` (those at one grid line) cover most of the span a..b. The sum
    adds max(0.0, min(b, r.b) - max(a, r.a)) for each rule in turn, each taken by
    comparisons in the order min and max take them."""
    span = b - a
    if span <= 0:
        return True
    got = 0.0
    for r in rules:
        hi = r.b if r.b < b else b
        lo = r.a if r.a > a else a
        d = hi - lo
        got += d if d > 0.0 else 0.0
    return got >= span * 0.6


def _covered_spans(rules: list[Rule], bounds: list[float]) -> list[bool]:
    """`_covered(rules, a, b)` for each pair of neighbours a, b in `bounds` (the same
    sums, added in the same order), the rules' ends read once."""
    out = []
    if len(rules) == 1:  # (most grid lines: one rule; its sum is its one length)
        ra, rb = rules[0].a, rules[0].b
        for a, b in itertools.pairwise(bounds):
            span = b - a
            if span <= 0:
                out.append(True)
                continue
            hi = rb if rb < b else b
            lo = ra if ra > a else a
            d = hi - lo
            out.append((0.0 + (d if d > 0.0 else 0.0)) >= span * 0.6)
        return out
    ends = [(r.a, r.b) for r in rules]
    for a, b in itertools.pairwise(bounds):
        span = b - a
        if span <= 0:
            out.append(True)
            continue
        got = 0.0
        for ra, rb in ends:
            hi = rb if rb < b else b
            lo = ra if ra > a else a
            d = hi - lo
            got += d if d > 0.0 else 0.0
        out.append(got >= span * 0.6)
    return out


def _covered_lines(lines: list[list[Rule]], bounds: list[float]) -> list[list[bool]]:
    """`_covered_spans(rules, bounds)` for the rules at each of several grid lines."""
    if pdf_chars.LAYOUT is not None:  # (compiled; None where it leaves it to the below)
        found: list[list[bool]] | None = pdf_chars.LAYOUT.covered(lines, bounds)
        if found is not None:
            return found
    return [_covered_spans(rules, bounds) for rules in lines]


# Rules are looked up by position (`_at_lines`) only within this (pt): far beyond any
# float's rounding, so that the window holds every rule within SNAP.
_WINDOW = SNAP + 1.0
_FAR = 1e9  # rules past this (or NaN) are not sorted by position: each is tested


def _at_lines(rules: list[Rule], lines: list[float]) -> list[list[Rule]]:
    """For each of `lines`, the rules within SNAP of it (`abs(r.pos - v) <= SNAP`), in
    their order in `rules`: only those in a window of the rules sorted by position are
    tested, not every rule for every line."""
    if pdf_chars.LAYOUT is not None:  # (compiled; None where it leaves it to the below)
        found: list[list[Rule]] | None = pdf_chars.LAYOUT.at_lines(
            rules, lines, SNAP, _WINDOW, _FAR
        )
        if found is not None:
            return found
    pos = [r.pos for r in rules]
    if not all(-_FAR < p < _FAR for p in pos):
        return [[r for r in rules if abs(r.pos - v) <= SNAP] for v in lines]
    order = sorted(range(len(pos)), key=pos.__getitem__)
    keys = [pos[i] for i in order]
    out = []
    for v in lines:
        lo = bisect.bisect_left(keys, v - _WINDOW)
        hi = bisect.bisect_right(keys, v + _WINDOW, lo)
        near = [i for i in order[lo:hi] if abs(pos[i] - v) <= SNAP]
        if len(near) > 1:
            near.sort()
        out.append([rules[i] for i in near])
    return out


# Past this many pairs of a horizontal and a vertical rule, which touch is asked of all
# at once with arrays; fewer (a page of a table or two) are quicker one by one.
MANY_PAIRS = 512


def _groups(rules: list[Rule]) -> list[list[Rule]]:
    """Rules that touch each other, transitively: one group per table."""
    if pdf_chars.LAYOUT is not None:  # (compiled: every pair asked at C speed)
        found: list[list[Rule]] | None = pdf_chars.LAYOUT.groups(rules, JOIN)
        if found is not None:
            return found
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    if len(hs) * len(vs) > MANY_PAIRS:
        # each horizontal rule against each vertical one at once: which pairs touch
        across = np.array([(rules[i].pos, rules[i].a, rules[i].b) for i in hs], np.float64)
        down = np.array([(rules[j].pos, rules[j].a, rules[j].b) for j in vs], np.float64)
        hp, ha, hb = (across[:, k, None] for k in range(3))
        vp, va, vb = down[:, 0], down[:, 1], down[:, 2]
        touch = (ha - JOIN <= vp) & (vp <= hb + JOIN) & (va - JOIN <= hp) & (hp <= vb + JOIN)
        ii, jj = np.nonzero(touch)
        for a, b in zip(ii.tolist(), jj.tolist(), strict=True):
            parent[find(hs[a])] = find(vs[b])
    else:
        for i in hs:
            h = rules[i]
            for j in vs:
                v = rules[j]
                if h.a - JOIN <= v.pos <= h.b + JOIN and v.a - JOIN <= h.pos <= v.b + JOIN:
                    parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


# An outer band this wide (pt) holds a line of text (9 pt print, the smallest a report's
# table uses, without its padding); a narrower one is a rule overshooting the table.
TEXT_BAND = 9.0
# In a framed table an outer band narrower than this (pt) holds no text: a rule overshooting.
OVERSHOOT = 6.0


def _trim_ends(
    bounds: list[float], rules: list[Rule], across: list[Rule], framed: bool = True
) -> list[float]:
    """Drop an outer band that no rule closes and that few crossing rules reach: a rule
    overshooting the table by a few points, or one cell's side running on alone (a
    merged cell cut by the page foot). Left in, it would merge its neighbours. In a
    table with no frame at all (`framed` false: Word's inside borders) the outer bands
    are open by design and only the inner rules bound them; there a band as wide as a
    line of text is the table's own (the labels left of a merged label cell's rules)."""

    def ruled(v: float) -> bool:
        return any(abs(v - r.pos) <= SNAP for r in rules)

    def weak(a: float, b: float) -> bool:
        if not framed:
            return b - a < TEXT_BAND
        mid = (a + b) / 2
        reach = sum(1 for r in across if r.a <= mid <= r.b)
        return b - a < OVERSHOOT or reach * 2 < len({round(r.pos) for r in across})

    if len(bounds) > 2 and not ruled(bounds[0]) and weak(bounds[0], bounds[1]):
        bounds = bounds[1:]
    if len(bounds) > 2 and not ruled(bounds[-1]) and weak(bounds[-2], bounds[-1]):
        bounds = bounds[:-1]
    return bounds


def _framed(xs: list[float], ys: list[float], hs: list[Rule], vs: list[Rule]) -> bool:
    """Whether a rule stands at any of the grid's outer lines (before `_trim_ends`): a
    frame, or one side of it. A table drawn with inner rules only has none."""
    return any(abs(v - r.pos) <= SNAP for v in (xs[0], xs[-1]) for r in vs) or any(
        abs(v - r.pos) <= SNAP for v in (ys[0], ys[-1]) for r in hs
    )


def _with_ends(lines: list[float], *ends: float) -> list[float]:
    """Grid line positions from rules, and the far ends of the crossing rules where they
    stop short of every rule (a table continued from the previous page has no top
    rule): an end within JOIN of a rule, but not within SNAP, stops at a frame's inner
    line and is the rule's own."""
    return lines + [e for e in ends if not any(SNAP < abs(e - v) <= JOIN for v in lines)]


def _spaced_apart(bounds: list[float]) -> list[float]:
    """Grid lines with the bands of cell spacing closed: the two sides of a gap between
    cells drawn apart become one line between them, so that each cell's box is one grid
    cell (the rules of both sides are within SNAP of it, and each covers its cells)."""
    out: list[float] = []
    for v in bounds:
        if out and v - out[-1] < SPACING and v - out[-1] > SNAP:
            out[-1] = (out[-1] + v) / 2
        else:
            out.append(v)
    return out


GridLines = tuple[list[Rule], list[Rule], list[float], list[float]]


def _grid_lines(rules: list[Rule]) -> GridLines:
    """The horizontal and the vertical rules of a group (each side at least one), and
    the lines of its grid across (xs) and down (ys)."""
    if pdf_chars.LAYOUT is not None:  # (compiled; None where it leaves it to the below)
        found: GridLines | None = pdf_chars.LAYOUT.grid_lines(
            rules, SNAP, JOIN, SPACING, TEXT_BAND, OVERSHOOT
        )
        if found is not None:
            return found
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    # the grid's lines are the rules themselves; the far ends of the crossing rules
    # bound it too (a table continued from the previous page has no top rule)
    ys = _cluster(_with_ends([r.pos for r in hs], min(r.a for r in vs), max(r.b for r in vs)))
    xs = _cluster(_with_ends([r.pos for r in vs], min(r.a for r in hs), max(r.b for r in hs)))
    framed = _framed(xs, ys, hs, vs)
    ys = _spaced_apart(_trim_ends(ys, hs, vs, framed))
    xs = _spaced_apart(_trim_ends(xs, vs, hs, framed))
    return hs, vs, xs, ys


def _grid(rules: list[Rule]) -> Grid | None:
    hs, vs, xs, ys = _grid_lines(rules)
    if len(xs) < 3 or len(ys) < 2:
        # a frame around text, or a page border crossed by a header rule: no report
        # table has a single column
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    # the rules at each grid line, in their order (so sums of lengths come out the same)
    at_x, at_y = _at_lines(vs, xs), _at_lines(hs, ys)
    # whether the top side of each grid cell is ruled (kept for the cells' open tops),
    # and whether the left side of each grid cell right of the first column is; a side
    # not ruled joins the grid cells on either side of it
    ruled_top = _covered_lines(at_y[:nr], xs)
    ruled_left = [[], *_covered_lines(at_x[1:nc], ys)]
    if pdf_chars.LAYOUT is not None:  # (compiled: the cells below made at C speed, or None)
        made = pdf_chars.LAYOUT.cells(GridCell, xs, ys, ruled_top, ruled_left, at_y)
        if made is not None:
            return Grid(xs, ys, made)
    if all(map(all, ruled_left)) and all(map(all, ruled_top[1:])):
        # (most tables: every side ruled, every grid cell a cell, made in order)
        cells = [
            GridCell(r, c, 1, 1, xs[c], xs[c + 1], ys[r], ys[r + 1], not ruled_top[r][c])
            for r in range(nr)
            for c in range(nc)
        ]
        return Grid(xs, ys, cells)
    joins = [
        (r * nc + c - 1, r * nc + c)
        for r in range(nr)
        for c in range(1, nc)
        if not ruled_left[c][r]
    ]
    joins += [
        ((r - 1) * nc + c, r * nc + c)
        for r in range(1, nr)
        for c in range(nc)
        if not ruled_top[r][c]
    ]
    comps = _merged_cells(nr, nc, joins)
    cells = [
        GridCell(
            r0,
            c0,
            r1 - r0 + 1,
            c1 - c0 + 1,
            xs[c0],
            xs[c1 + 1],
            ys[r0],
            ys[r1 + 1],
            not (ruled_top[r0][c0] if c0 == c1 else _covered(at_y[r0], xs[c0], xs[c1 + 1])),
        )
        for r0, r1, c0, c1, _ in comps
    ]
    if all(n == (r1 - r0 + 1) * (c1 - c0 + 1) for r0, r1, c0, c1, n in comps):
        # every merge a rectangle: the boxes cannot overlap, and the cells come in order
        # of their first grid cells, which is that of their rows and columns
        return Grid(xs, ys, cells)
    cells.sort(key=lambda g: (g.row, g.col))
    # a non-rectangular merge (rules drawn oddly) yields overlapping boxes; keep the first
    taken: set[tuple[int, int]] = set()
    kept = []
    for g in cells:
        spots = {
            (r, c) for r in range(g.row, g.row + g.rowspan) for c in range(g.col, g.col + g.colspan)
        }
        if spots & taken:
            continue
        taken |= spots
        kept.append(g)
    return Grid(xs, ys, kept)


def _merged_cells(nr: int, nc: int, joins: list[tuple[int, int]]) -> list[list[int]]:
    """The cells of an nr × nc grid whose grid cells (numbered row by row) are joined in
    pairs by `joins`: each cell's first and last row and column and how many grid cells
    it has, in the order of their first grid cells. Most grid cells are joined to none
    and are cells of their own."""
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in joins:
        parent[find(j)] = find(i)
    joined = {i for pair in joins for i in pair}
    comps: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            i = r * nc + c
            if i not in joined:
                comps[i] = [r, r, c, c, 1]
                continue
            root = find(i)
            b = comps.get(root)
            if b is None:
                comps[root] = [r, r, c, c, 1]
                continue
            b[1] = r  # rows come in order
            if c < b[2]:
                b[2] = c
            elif c > b[3]:
                b[3] = c
            b[4] += 1
    return list(comps.values())


MAX_RULES = 3000  # beyond this a page is a drawing (hatching, a chart), not ruled tables
# Cells drawn apart (`_spaced_cells`) stand at most this far apart (pt; the gap between
# two boxes' lines is the spacing and a line's width): 19 px of border-spacing, 0.5 cm of
# Word's 单元格间距. Further apart, boxes are separate frames, not one table's cells.
MAX_SPACING = 15.0
GAP_TOLERANCE = 1.0  # pt: one table's spacing is one figure, its gaps differ by rounding
BROKEN_RUNS = 3  # rules running on after a short gap: so many make a page worth a look
_Box = tuple[float, float, float, float]  # left, top, right, bottom
Pairs = list[tuple[int, int, float]]  # two boxes side by side, and the gap between them


def _corner_index(points: list[tuple[float, float]]) -> dict[tuple[int, int], list[int]]:
    index: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(points):
        index.setdefault((round(x), round(y)), []).append(i)
    return index


def _near(index: dict[tuple[int, int], list[int]], x: float, y: float) -> list[int]:
    """Entries of `index` within about a point and a half of (x, y)."""
    kx, ky = round(x), round(y)
    return [i for dx in (-1, 0, 1) for dy in (-1, 0, 1) for i in index.get((kx + dx, ky + dy), ())]


def _boxes(rules: list[Rule]) -> list[tuple[_Box, tuple[int, int, int, int]]]:
    """Boxes: two side rules of one height with a top or a bottom rule (or both) between
    their ends, each with the positions of its rules in `rules` (-1 for a side not drawn:
    a cell the page cuts has no bottom, and its rest on the next page no top)."""
    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    lefts = _corner_index([(rules[i].a, rules[i].pos) for i in hs])  # h rules by left end
    tops = _corner_index([(rules[i].pos, rules[i].a) for i in vs])  # v rules by top end

    def close(u: float, v: float) -> bool:
        return abs(u - v) <= 1.5

    def across(x0: float, x1: float, y: float) -> int:
        return next((hs[k] for k in _near(lefts, x0, y) if close(rules[hs[k]].b, x1)), -1)

    out = []
    for j in vs:
        left = rules[j]
        for h in (hs[k] for y in (left.a, left.b) for k in _near(lefts, left.pos, y)):
            x1 = rules[h].b
            right = next(
                (
                    vs[k]
                    for k in _near(tops, x1, left.a)
                    if vs[k] != j and close(rules[vs[k]].b, left.b)
                ),
                None,
            )
            if right is None:
                continue
            top, bottom = across(left.pos, x1, left.a), across(left.pos, x1, left.b)
            out.append(((left.pos, left.a, rules[right].pos, left.b), (top, bottom, j, right)))
            break
    return out


def _next_to(boxes: list[_Box], rules: list[Rule], across: bool) -> Pairs:
    """Pairs of boxes side by side (`across`: the second to the right of the first, else
    below it) with the gap between them: more than SNAP and at most MAX_SPACING, their
    spans overlapping, and no rule in the gap (boxes either side of a narrow cell of a
    ruled grid are not spaced apart)."""
    lo, hi = (0, 2) if across else (1, 3)  # the near and far side along the direction
    a0, a1 = (1, 3) if across else (0, 2)  # the span across it
    order = sorted(range(len(boxes)), key=lambda k: boxes[k][lo])
    starts = [boxes[k][lo] for k in order]
    between = sorted((r.pos, r.a, r.b) for r in rules if r.horizontal != across)
    at = [p for p, _, _ in between]
    pairs = []
    for i, b in enumerate(boxes):
        for k in order[bisect.bisect_right(starts, b[hi] + SNAP) :]:
            c = boxes[k]
            gap = c[lo] - b[hi]
            if gap > MAX_SPACING:
                break
            span = max(b[a0], c[a0]), min(b[a1], c[a1])
            if span[1] - span[0] <= SNAP:
                continue
            inner = between[
                bisect.bisect_right(at, b[hi] + SNAP) : bisect.bisect_left(at, c[lo] - SNAP)
            ]
            if not any(ra < span[1] and rb > span[0] for _, ra, rb in inner):
                pairs.append((i, k, gap))
    return pairs


def _lines_of(starts: list[float], ends: list[float], gap: float) -> list[float] | None:
    """Where the rows (or columns) of boxes starting at `starts` and ending at `ends`
    (along one direction; the sides drawn, of the boxes drawn whole) start, if the boxes
    stand in rows: between two starts some box ends, the last of them the gap before
    the later start, and no box ends nearer a start than the gap. (The rest of a cell
    the page cut ends where its content does, in Chromium's print, not at its row's
    end: those ends are not given.)"""
    lines, ends = _cluster(starts), sorted(ends)
    for k, v in enumerate(lines):
        before = ends[: bisect.bisect_left(ends, v)]
        if before and v - before[-1] < gap - GAP_TOLERANCE:
            return None  # a box reaches into the gap before this row
        if k and (not before or before[-1] <= lines[k - 1] or v - before[-1] > gap + GAP_TOLERANCE):
            return None  # no box ends the gap before this row starts
    return lines


def _widened(
    box: _Box,
    sides: tuple[int, int, int, int],
    lines: tuple[list[float], list[float]],
    gaps: tuple[float, float],
) -> list[Rule]:
    """The rules of a box widened to meet its neighbours: each side half the gap out,
    a side that ends sooner than its row (a cut cell) out to the row's line. A top or
    bottom the box lacks stays open (a cell cut by the page continues)."""
    (xs, ys), (hgap, vgap) = lines, gaps

    def end(v: float, starts: list[float], gap: float) -> float:
        # the line of the next row; a cut cell's end anywhere about a row's line is at it
        k = bisect.bisect_right(starts, v - gap / 2)
        return starts[k] - gap / 2 if k < len(starts) else v + gap / 2

    x0, x1 = box[0] - hgap / 2, end(box[2], xs, hgap)
    top, bottom = box[1] - vgap / 2, end(box[3], ys, vgap)
    out = [Rule(False, x0, top, bottom), Rule(False, x1, top, bottom)]
    return out + [Rule(True, y, x0, x1) for y, k in ((top, sides[0]), (bottom, sides[1])) if k >= 0]


def _broken_lines(rules: list[Rule]) -> bool:
    """Whether some rules run on in line with others after a short gap, as the sides of
    a row of cells drawn apart do (rules merely touching are already one)."""
    if pdf_chars.LAYOUT is not None:  # (compiled; None where it leaves it to the below)
        found: bool | None = pdf_chars.LAYOUT.broken(rules, SNAP, MAX_SPACING, BROKEN_RUNS)
        if found is not None:
            return found
    ends = sorted((r.horizontal, round(r.pos), r.a, r.b) for r in rules)
    gaps = 0
    for (h, y, _, b), (h2, y2, a2, _) in itertools.pairwise(ends):
        if h == h2 and y == y2 and SNAP < a2 - b <= MAX_SPACING:
            gaps += 1
    return gaps >= BROKEN_RUNS


def _spaced_cells(rules: list[Rule]) -> list[Rule]:
    """Cells drawn apart, each its own box (a web table's border-spacing, Word's
    单元格间距), further apart than the grid closes by itself (`_spaced_apart`): boxes
    that stand in rows and columns with one gap between them are one table. Each box is
    widened by half the gap so that the boxes meet as a ruled grid's cells do; a frame
    drawn around them the gap away (the table's own border) is dropped. Boxes with gaps
    that differ, or whose sides do not line up, are left as drawn (two tables, or a
    table and a text box, are not one grid)."""
    if not _broken_lines(rules):
        return rules  # (nearly every page: a cheap look first)
    found = _boxes(rules)
    if len(found) < 4:
        return rules
    boxes = [b for b, _ in found]
    across, down = _next_to(boxes, rules, True), _next_to(boxes, rules, False)
    if not across:
        return rules
    across, down = _usual_gaps(len(boxes), across, down)
    dropped: set[int] = set()
    made: list[Rule] = []
    for group in _linked(len(boxes), across + down):
        gx = [g for i, _, g in across if i in group]
        # (a cell continued from the previous page may end sooner than its row: Chromium
        # ends each cut cell's rest where its content does)
        gy = [g for i, _, g in down if i in group and found[i][1][0] >= 0] or [0.0]
        if (
            len(group) < 4
            or not gx
            or any(max(g) - min(g) > 2 * GAP_TOLERANCE for g in (gx, gy))
            or max(gx + gy) < SPACING  # closed by `_spaced_apart`, as pages cut rows unevenly
        ):
            continue
        gaps = sorted(gx)[len(gx) // 2], sorted(gy)[len(gy) // 2]
        xs = _lines_of([boxes[i][0] for i in group], [boxes[i][2] for i in group], gaps[0])
        ys = _lines_of(
            [boxes[i][1] for i in group if found[i][1][0] >= 0],
            [boxes[i][3] for i in group if min(found[i][1][:2]) >= 0],
            gaps[1],
        )
        if xs is None or ys is None:
            continue
        for i in group:
            dropped.update(found[i][1])
            made += _widened(boxes[i], found[i][1], (xs, ys), gaps)
        dropped |= _border(rules, [boxes[i] for i in group], gaps)
    if not made:
        return rules
    return _merge_collinear([r for i, r in enumerate(rules) if i not in dropped] + made)


def _usual_gaps(n: int, across: Pairs, down: Pairs) -> tuple[Pairs, Pairs]:
    """The pairs of boxes (of `n`) whose gap is their table's usual one, across and down
    (the median of the pairs linked with them): a text box or a note's frame standing
    near a table, at a gap of its own, is no part of it."""
    kept: tuple[Pairs, Pairs] = ([], [])
    for group in _linked(n, across + down):
        for pairs, out in zip((across, down), kept, strict=True):
            mine = [pair for pair in pairs if pair[0] in group]
            if mine:
                usual = sorted(g for _, _, g in mine)[len(mine) // 2]
                out += [pair for pair in mine if abs(pair[2] - usual) <= GAP_TOLERANCE]
    return kept


def _linked(n: int, pairs: Pairs) -> list[set[int]]:
    """The sets of items 0..n-1 that `pairs` link, transitively."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, k, _ in pairs:
        parent[find(k)] = find(i)
    groups: dict[int, set[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), set()).add(i)
    return list(groups.values())


def _border(rules: list[Rule], boxes: list[_Box], gaps: tuple[float, float]) -> set[int]:
    """The rules of a border drawn around `boxes`, about the gap outside their sides
    and along them: the table's own border (a CSS border on a table whose cells are
    spaced apart; on a page the table runs across, only its sides), which would
    otherwise stand as a thin band around the grid."""
    x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    hgap, vgap = gaps

    def outside(r: Rule) -> bool:
        lo, hi, gap, a, b = (
            (top, bottom, vgap, x0, x1) if r.horizontal else (x0, x1, hgap, top, bottom)
        )
        near = any(gap - GAP_TOLERANCE <= d <= gap + SNAP for d in (lo - r.pos, r.pos - hi))
        return near and min(r.b, b) - max(r.a, a) > (b - a) / 2

    return {i for i, r in enumerate(rules) if outside(r)}


def find_grids(rules: list[Rule]) -> list[Grid]:
    rules = _merge_collinear(rules)
    if len(rules) > MAX_RULES:
        return []
    rules = _spaced_cells(rules)
    grids = []
    for group in _groups(rules):
        if sum(r.horizontal for r in group) < 2 or sum(not r.horizontal for r in group) < 2:
            continue
        g = _grid(group)
        if g is not None:
            grids.append(g)
    grids.sort(key=lambda g: g.ys[0])
    return grids


_NUMBER_PIECE = patterns.compile(r"^[+-]?[\d,.]+$")
CELL_PADDING = 6.0  # pt on each side; Word's default is 5.4, LibreOffice's 5.7


def _full_line(line: Line, nxt: Line, x0: float, x1: float) -> bool:
    """Whether `line` filled its cell so that the first character of `nxt` could not fit
    after it: the line was broken by the cell's width, not by the writer."""
    first = nxt.chars[0]
    slack = (line.x0 - x0) + (x1 - line.x1)
    return slack < (first.x1 - first.x0) + 2 * CELL_PADDING


def cell_text(chars: list[Char], bounds: tuple[float, float] | None = None) -> str:
    """Lines of a cell joined by "\\n"; a column of single characters is vertical text
    (a label printed one character per line in a tall merged cell) and is read as one
    string. A number too wide for its narrow cell wraps (`3001` as `300` over `1`); when
    every line but the last fills the cell (`bounds`: its left and right edge), the
    pieces are one number and are joined. Otherwise they stay on their lines, and a cell
    holding two numbers is left for the layout step to report."""
    if len(chars) < 2:  # most cells of a table: one digit, or empty
        return chars[0].text if chars else ""
    if pdf_chars.LAYOUT is not None:  # (the one-line case below, compiled)
        found: str | None = pdf_chars.LAYOUT.one_line(chars)
        if found is not None:
            return found
    first = chars[0]
    top, bottom = first.top, first.bottom
    if top + bottom - (top + bottom) == 0.0 and all(
        c.top == top and c.bottom == bottom for c in chars
    ):
        # most other cells: one line of chars printed alike, the one line `group_lines`
        # would make of them (equal centres; no NaN to sort by, which tuples compare
        # otherwise)
        x0s = [c.x0 for c in chars]
        total = sum(x0s)
        if total == total:
            return join_chars(sorted(chars, key=_left))
    lines = line_texts(chars)
    if len(lines) >= 3 and all(len(t) == 1 and not t.isdigit() for t in lines):
        return "".join(lines)
    if (
        bounds is not None
        and len(lines) >= 2
        and all(_NUMBER_PIECE.match(t) for t in lines)
        and all(_full_line(a, b, *bounds) for a, b in itertools.pairwise(group_lines(chars)))
    ):
        return "".join(lines)
    return "\n".join(lines)


def fill_grid(
    grid: Grid, chars: list[Char], cx: np.ndarray, cy: np.ndarray
) -> tuple[list[Char], np.ndarray, np.ndarray]:
    """Put each char into the cell holding its centre (`cx`, `cy`: see
    `pdf_chars.centres`); return the chars outside the grid and their centres."""
    if pdf_chars.LAYOUT is not None:  # (compiled; None where it leaves it to the below)
        rest = np.empty(len(chars), bool)
        kept: list[Char] | None = pdf_chars.LAYOUT.fill(
            grid.xs, grid.ys, grid.cells, chars, cx, cy, rest, cell_text
        )
        if kept is chars:
            return chars, cx, cy
        if kept is not None:
            return kept, cx[rest], cy[rest]
    x0, top, x1, bottom = grid.bbox
    nr, nc = len(grid.ys) - 1, len(grid.xs) - 1
    # the cell of each row and column (where boxes overlap, the last of them)
    owner = np.full((nr, nc), -1, np.int64)
    if all(g.rowspan == 1 and g.colspan == 1 for g in grid.cells):
        where = ([g.row for g in grid.cells], [g.col for g in grid.cells])
        owner[where] = np.arange(len(grid.cells))
    else:
        for k, cell in enumerate(grid.cells):
            owner[cell.row : cell.row + cell.rowspan, cell.col : cell.col + cell.colspan] = k
    inside = np.flatnonzero((cy >= top - 1) & (cy <= bottom + 1) & (cx >= x0 - 1) & (cx <= x1 + 1))
    # the row and column of each centre as bisect_right places it, kept within the grid
    r = np.clip(np.searchsorted(np.array(grid.ys), cy[inside], side="right") - 1, 0, nr - 1)
    c = np.clip(np.searchsorted(np.array(grid.xs), cx[inside], side="right") - 1, 0, nc - 1)
    of = owner[r, c]
    placed = of >= 0
    cells = grid.cells
    for i, k in zip(inside[placed].tolist(), of[placed].tolist(), strict=True):
        cells[k].chars.append(chars[i])
    for cell in cells:
        held = cell.chars
        # (most cells hold one char or none: their text is cell_text's at once)
        if len(held) < 2:
            cell.text = held[0].text if held else ""
        else:
            cell.text = cell_text(held, (cell.x0, cell.x1))
    if not placed.any():
        return chars, cx, cy
    rest = np.ones(len(chars), bool)
    rest[inside[placed]] = False
    return list(itertools.compress(chars, rest.tolist())), cx[rest], cy[rest]
