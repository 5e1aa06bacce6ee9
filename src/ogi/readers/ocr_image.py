"""Scanned page images before recognition: cleaning (contrast, skew, dust) and the
table rules found in the image, handed to the grid builder the text-layer reader uses."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ogi.readers.pdf_tables import Grid, GridCell, Rule

INK = 150  # grey level below which a pixel is ink
MIN_HRULE = 24.0  # pt; longer than two characters, so no glyph stroke qualifies
MIN_VRULE = 12.0  # pt; taller than a character of body text, shorter than a table row
MAX_RULE_WIDTH = 4.0  # pt; a thicker dark band is a filled box, not a rule
SPECK = 1.0  # pt; a dark dot no wider than this is dust (a printed full stop is ~1.3)
DUSTY = 400  # more dust-sized dots than this and the page is dusty all over


def darkest(img: np.ndarray) -> np.ndarray:
    """Each pixel's darkest channel (a coloured rule or stamp is as dark as that): the
    same as `img.min(axis=2)`, eight times faster on a page (numpy reduces a last axis
    of three slowly)."""
    return np.minimum(np.minimum(img[..., 0], img[..., 1]), img[..., 2])


# ---------------------------------------------------------------------------------------
# Cleaning a scan: contrast and skew


RED = 60  # a pixel whose red channel exceeds its green and blue by this much is red ink


def see_through_red(img: np.ndarray) -> np.ndarray:
    """The page with red ink seen through, as a red filter does: an agency's round seal
    stamped over a table draws arcs that pass for rules and strokes over its digits.
    Where a pixel is red, it is taken at its red channel, in which red ink is about
    as light as paper and black print under it stays dark."""
    red = img[..., 0].astype(np.int16) - np.maximum(img[..., 1], img[..., 2]) > RED
    if not red.any():
        return img
    out = img.copy()
    out[red] = img[red][:, :1]
    return out


def stretch(img: np.ndarray) -> np.ndarray:
    """A grey or faded scan stretched so that paper is white and ink dark: the fixed
    ink level that rules and boxes are found with assumes it."""
    gray = darkest(img[::3, ::3])  # a sample is enough for two percentiles
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


def deskew(img: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The page levelled, and the pixels of it the scan covers (None: all of them)."""
    angle = _skew(darkest(img))
    if abs(angle) < 0.1:
        return img, None
    import cv2

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    level = cv2.warpAffine(
        img,
        m,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(255, 255, 255),
    )
    covered = cv2.warpAffine(
        np.ones((h, w), np.uint8), m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0
    )
    return level, covered.astype(bool)


def despeckle(img: np.ndarray, scale: float) -> np.ndarray:
    """Dust and toner specks painted white: a speck beside a number is read as a
    decimal point (`17.`), and specks in a cell make its box too loose to read. Only
    dots of up to `SPECK` across go (by area, so a thin stroke of a glyph never does)."""
    import cv2

    ink = (darkest(img) < INK).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    area = stats[:, cv2.CC_STAT_AREA]
    # a full stop of small type is as small as dust, so dots that size go only on a
    # page that is dusty all over; elsewhere only what is too small to be printed
    dusty = np.count_nonzero(area <= (SPECK * scale) ** 2) > DUSTY
    tiny = area <= ((SPECK if dusty else SPECK / 2) * scale) ** 2
    tiny[0] = False  # label 0 is the background
    if not tiny.any():
        return img
    out = img.copy()
    out[tiny[labels]] = 255
    return out


# An agency's round seal is 38 to 45 mm across (the ring drawn some 3 pt inside it): a
# ring of radius SEAL_RADIUS (pt) is one. No table rule, glyph or box of a report draws a
# circle that size.
SEAL_RADIUS = (40.0, 75.0)
SEAL_SCALE = 0.7  # px per pt the page is looked at for seals (a 50 dpi view is enough)
# what a seal's ink reaches past the circle found (pt): the circle runs along its ring,
# which is up to some 1.5 mm wide
SEAL_RING = 4.0


def seals(gray: np.ndarray, scale: float) -> list[tuple[float, float, float]]:
    """The round seals stamped on the page (centre x, y and the radius its ink reaches,
    in points), found as circles (Hough transform) on a small view of it. A seal
    printed in the ink of the print, as a grey or black-and-white scan leaves a red
    one, cannot be seen through: its ring and star strike through digits that OCR then
    reads with full confidence as other digits (0 as 6)."""
    import cv2

    h, w = gray.shape
    r = SEAL_SCALE / scale
    if r < 1:
        size = (max(int(w * r), 1), max(int(h * r), 1))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    else:
        r = 1.0
    px = scale * r  # pixels of the view per point
    found = cv2.HoughCircles(
        cv2.medianBlur(gray, 3),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=SEAL_RADIUS[0] * px,
        param1=100,
        param2=40,
        minRadius=int(SEAL_RADIUS[0] * px),
        maxRadius=int(SEAL_RADIUS[1] * px) + 1,
    )
    if found is None:
        return []
    return [(float(x) / px, float(y) / px, float(rad) / px + SEAL_RING) for x, y, rad in found[0]]


def under_seal(
    box: tuple[float, float, float, float], found: Sequence[tuple[float, float, float]]
) -> bool:
    """Whether the box (x0, top, x1, bottom, in points) meets a seal's disc."""
    x0, top, x1, bottom = box
    for cx, cy, rad in found:
        dx = max(x0 - cx, 0.0, cx - x1)
        dy = max(top - cy, 0.0, cy - bottom)
        if dx * dx + dy * dy < rad * rad:
            return True
    return False


# ---------------------------------------------------------------------------------------
# Table rules in the image


def _run_mask(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels lying in a horizontal run of at least `length` ink pixels: a morphological
    opening by a row of `length` pixels (erosion marks where a full run starts, dilation
    spreads each start over its run), with nothing counted as ink past the edges."""
    import cv2

    if length > ink.shape[1]:
        return np.zeros_like(ink)
    row = np.ones((1, length), np.uint8)
    edge = {"borderType": cv2.BORDER_CONSTANT, "borderValue": 0}
    starts = cv2.erode(ink.astype(np.uint8), row, anchor=(0, 0), **edge)
    return cv2.dilate(starts, row, anchor=(length - 1, 0), **edge).astype(bool)


def _close_gaps(ink: np.ndarray) -> np.ndarray:
    """Bridge one-pixel breaks along rows: scanned rules are rarely unbroken."""
    out = ink.copy()
    out[:, 1:-1] |= ink[:, :-2] & ink[:, 2:]
    return out


def _rules_of_mask(mask: np.ndarray, horizontal: bool, scale: float) -> list[Rule]:
    """Each connected piece of a row-wise rule mask as a rule (in points). Pieces are
    taken one by one, not as bands of rows across the page: strokes of text elsewhere
    on the same rows would otherwise widen a band past a rule's width."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    rules: list[Rule] = []
    for x, y, w, h, area in stats[1:count]:
        # mean thickness, not the box's height, so a rule a little askew still counts
        if area / max(w, 1) / scale > MAX_RULE_WIDTH:
            continue
        pos = (y + h / 2) / scale
        rules.append(Rule(horizontal, float(pos), float(x) / scale, float(x + w) / scale))
    return rules


RULE_CONTRAST = 40  # grey levels a faint rule is darker than the paper either side of it


def _faint_rule(gray: np.ndarray, scale: float, horizontal: bool) -> np.ndarray:
    """Pixels darker by `RULE_CONTRAST` than the pixels a point above and below them
    (left and right of them, for vertical rules): a hairline rule blurred or scanned
    coarsely comes out grey (around 155 on white), lighter than the ink level text is
    read at, and its table would be lost. Taken across the rule only, so that the grey
    between a stroke of text and the rule above it, as dark above as below, does not
    join them into a vertical rule."""
    d = max(2, round(scale))
    g = gray.astype(np.int16)
    out = np.zeros(gray.shape, bool)
    if horizontal:
        side = np.minimum(g[: -2 * d], g[2 * d :])
        out[d:-d] = g[d:-d] < side - RULE_CONTRAST
    else:
        side = np.minimum(g[:, : -2 * d], g[:, 2 * d :])
        out[:, d:-d] = g[:, d:-d] < side - RULE_CONTRAST
    return out


def image_rules(gray: np.ndarray, scale: float) -> tuple[list[Rule], np.ndarray]:
    """Horizontal and vertical rules of a page image (points, top-down) and the mask of
    their pixels. Long strokes of large type that meet no other rule are in neither,
    so painting the mask out never takes a stroke from a glyph."""
    ink = gray < INK
    hlong, vlong = max(int(MIN_HRULE * scale), 8), max(int(MIN_VRULE * scale), 6)
    hmask = _run_mask(_close_gaps(ink), hlong)
    vmask = _run_mask(_close_gaps(ink.T), vlong).T
    # runs with faint pixels in them must be twice as long: at a screen's resolution
    # the grey edges of adjacent characters run on into two characters' width
    hfaint = ink | _faint_rule(gray, scale, True)
    vfaint = ink | _faint_rule(gray, scale, False)
    hmask |= _run_mask(_close_gaps(hfaint), 2 * hlong)
    vmask |= _run_mask(_close_gaps(vfaint.T), 2 * vlong).T
    rules = _crossing(_rules_of_mask(hmask, True, scale) + _rules_of_mask(vmask.T, False, scale))
    near = np.zeros_like(ink)
    half = MAX_RULE_WIDTH / 2 * scale
    for r in rules:
        p0, p1 = max(int(r.pos * scale - half), 0), int(r.pos * scale + half) + 1
        a0, a1 = max(int(r.a * scale) - 1, 0), int(r.b * scale) + 2
        if r.horizontal:
            near[p0:p1, a0:a1] = True
        else:
            near[a0:a1, p0:p1] = True
    return rules, (hmask | vmask) & near


def _crossing(rules: list[Rule], tol: float = 2.0) -> list[Rule]:
    """Only rules that meet a rule of the other direction. Upright strokes of large
    body text (16 pt type has strokes of 13 pt) pass for short vertical rules; alone
    they build no grid, but one that lies within a snap of a real column rule gets
    merged with it and cuts it short, so they are dropped here."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]

    def meet(h: Rule, v: Rule) -> bool:
        return h.a - tol <= v.pos <= h.b + tol and v.a - tol <= h.pos <= v.b + tol

    return [h for h in hs if any(meet(h, v) for v in vs)] + [
        v for v in vs if any(meet(h, v) for h in hs)
    ]


def edge_borders(
    rules: list[Rule], width: int, scale: float, covered: np.ndarray | None = None
) -> list[Rule]:
    """Borders standing in for the ones a tight crop cut off: where two or more rules of
    one table (crossed by the same column rule) run off the scan's left or right edge,
    a rule along the edge joins their ends. Without it a side that only some rows'
    rules reach (labels in merged cells) is dropped from the grid, and the labels
    there with it. They build grids only: the table has no border of its own there."""
    out = []
    for right in (False, True):
        ends = sorted(
            (h for h in rules if h.horizontal and _off_edge(h, right, width, scale, covered)),
            key=lambda h: h.pos,
        )
        vs = [v for v in rules if not v.horizontal]
        run: list[Rule] = []
        for h in ends:
            if run and not any(_joins(v, run[-1], h) for v in vs):
                out += _border(run, right)
                run = []
            run.append(h)
        out += _border(run, right)
    return out


EDGE_TOUCH = 2.0  # pt: a rule ending this close to the scan's edge runs off it


def _off_edge(h: Rule, right: bool, width: int, scale: float, covered: np.ndarray | None) -> bool:
    """Whether a horizontal rule ends at the scan's edge (of the covered pixels, on a
    levelled page)."""
    lo, hi = 0, width
    if covered is not None:
        row = covered[min(max(int(h.pos * scale), 0), covered.shape[0] - 1)]
        inside = np.flatnonzero(row)
        if inside.size:
            lo, hi = int(inside[0]), int(inside[-1]) + 1
    end = h.b * scale if right else h.a * scale
    return abs(end - (hi if right else lo)) <= EDGE_TOUCH * scale


def _joins(v: Rule, upper: Rule, lower: Rule) -> bool:
    """Whether the column rule `v` crosses both rules: they are one table's."""
    tol = 2.0
    return (
        v.a - tol <= upper.pos
        and lower.pos <= v.b + tol
        and max(upper.a, lower.a) - tol <= v.pos <= min(upper.b, lower.b) + tol
    )


def _border(run: list[Rule], right: bool) -> list[Rule]:
    if len(run) < 2:
        return []
    x = max(h.b for h in run) if right else min(h.a for h in run)
    return [Rule(False, x, run[0].pos, run[-1].pos)]


def erase_rules(img: np.ndarray, mask: np.ndarray, grids: list[Grid], scale: float) -> np.ndarray:
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


def split_at_rules(
    boxes: list[tuple[float, float, float, float]], grids: list[Grid], scale: float
) -> list[tuple[float, float, float, float]]:
    """Cut a detected box where a cell border crosses it: numbers in neighbouring
    narrow cells are sometimes detected as one line. Only borders that are drawn in the
    box's row count; a column line that a merged cell interrupts would cut its text."""
    out = []
    for box in boxes:
        x0, y0, x1, y1 = box
        cy = (y0 + y1) / 2 / scale
        cuts: list[float] = []
        for g in grids:
            if not g.ys[0] <= cy <= g.ys[-1]:
                continue
            r = min(max(bisect.bisect_right(g.ys, cy) - 1, 0), len(g.ys) - 2)
            cuts += [
                c.x0 * scale
                for c in g.cells
                if c.row <= r < c.row + c.rowspan and x0 + 2 < c.x0 * scale < x1 - 2
            ]
        edges = [x0, *sorted(cuts), x1]
        out += [(a, y0, b, y1) for a, b in itertools.pairwise(edges) if b - a >= 3]
    return out


def missed_cells(
    gray: np.ndarray,
    grids: list[Grid],
    boxes: list[tuple[float, float, float, float]],
    scale: float,
) -> list[tuple[float, float, float, float]]:
    """Boxes around the ink of cells where detection found nothing: a lone small
    digit (`0`, `1`) is the text detection misses most, and exactly the one a table
    of counts is full of."""
    out = []
    for g in grids:
        for cell in g.cells:
            x0, x1, top, bottom = (v * scale for v in (cell.x0, cell.x1, cell.top, cell.bottom))
            if any(
                x0 <= (b[0] + b[2]) / 2 <= x1 and top <= (b[1] + b[3]) / 2 <= bottom for b in boxes
            ):
                continue
            found = cell_ink(gray, cell, scale)
            if found is not None:
                out.append(found)
    return out


def cell_ink(
    gray: np.ndarray, cell: GridCell, scale: float
) -> tuple[float, float, float, float] | None:
    """The box around the ink inside a cell's borders (pixels), None when it holds
    none: past the erased rules and their blur, and more than a speck."""
    inset = int(1.5 * scale) + 2  # past the erased rule and its blur
    min_ink = max(4, int(2 * scale * scale))  # about 2 pt²: less is a speck
    x0, x1, top, bottom = (v * scale for v in (cell.x0, cell.x1, cell.top, cell.bottom))
    left, upper = int(x0) + inset, int(top) + inset
    ys, xs = np.nonzero(gray[upper : int(bottom) - inset, left : int(x1) - inset] < INK)
    if len(ys) < min_ink:
        return None
    return (left + xs.min(), upper + ys.min(), left + xs.max() + 1, upper + ys.max() + 1)


@dataclass(frozen=True)
class ScanImage:
    """A levelled page image as the edge tests see it: its darkest channel, pixels per
    point, and the pixels the scan covers (None: all of them; levelling a page turns
    white corners in, and an edge that cut the page runs along them, askew)."""

    gray: np.ndarray
    scale: float
    covered: np.ndarray | None = None

    def _rows(self, cell: GridCell) -> slice:
        inset = int(1.5 * self.scale) + 2  # past the erased rules above and below
        return slice(int(cell.top * self.scale) + inset, int(cell.bottom * self.scale) - inset)

    def span(self, cell: GridCell) -> tuple[int, int]:
        """The columns (pixels, end exclusive) the scan covers in all the cell's rows."""
        width = self.gray.shape[1]
        if self.covered is None:
            return 0, width
        full = self.covered[self._rows(cell)].all(axis=0)
        middle = min(max(int((cell.x0 + cell.x1) / 2 * self.scale), 0), width - 1)
        gaps = np.flatnonzero(~full)
        before, after = gaps[gaps < middle], gaps[gaps > middle]
        return (int(before[-1]) + 1 if before.size else 0), (int(after[0]) if after.size else width)

    def clear_of_edge(self, cell: GridCell, right: bool) -> bool:
        """Whether the cell's ink stops short of the scan's right (or left) edge by at
        least the ink's own height. A digit the edge cut leaves ink at the edge, and
        one wholly past it leaves no more than the space between two digits (under
        half a digit's height; full-width digits', under three quarters): a wider clear
        margin means nothing was lost. A cell without ink says nothing."""
        inset = int(1.5 * self.scale) + 2  # past the erased rule on the far side
        lo, hi = self.span(cell)
        rows = self.gray[self._rows(cell)]
        if right:
            band = rows[:, int(cell.x0 * self.scale) + inset : hi]
        else:  # turned so that the edge is at the band's end
            band = rows[:, lo : max(int(cell.x1 * self.scale) - inset, lo)][:, ::-1]
        ink = band < INK
        cols, lines = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
        if cols.size == 0:
            return False
        return bool(band.shape[1] - 1 - cols[-1] >= lines[-1] - lines[0] + 1)
