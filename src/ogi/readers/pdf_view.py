"""The page as it is read: top-down coordinates in which the page's text runs left to
right.

pdfium answers in the page's own space (PDF units, y upwards, before the page's
/Rotate). Most pages print upright in that space. Some print their text turned by a
quarter: a landscape table drawn sideways on a portrait page, shown upright by the
page's /Rotate or left sideways. Their characters, and the rules of their tables, are
turned back here, so that lines, cells and paragraphs are found as on any page. Which
way a page is turned is told by its text (`turn_of`), not by /Rotate: the two
disagree when the content was turned and /Rotate set to show it upright.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

QUARTER = math.pi / 2
# A page is taken as turned when more than this share of its characters is turned the
# same way (a rotated label in a table cell does not turn the page).
TURNED_SHARE = 0.6


@dataclass(frozen=True)
class View:
    """How a page's own coordinates become the page as read. `turn`: how far its text
    is turned, counter-clockwise, in degrees (0, 90, 180 or 270); the media box's
    edges. Upright pages keep the coordinates ogi has always given (x as it is, y from
    the media box's top down), so nothing about them changes."""

    turn: int
    left: float
    bottom: float
    right: float
    top: float

    @property
    def height(self) -> float:
        """The height of the page as read."""
        if self.turn in (90, 270):
            return self.right - self.left
        return self.top - self.bottom

    def xy(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points of the page's space (x, y upwards) as read (x, y downwards)."""
        if self.turn == 90:
            return y - self.bottom, x - self.left
        if self.turn == 180:
            return self.right - x, y - self.bottom
        if self.turn == 270:
            return self.top - y, self.right - x
        return x, self.top - y

    def box(
        self, left: np.ndarray, bottom: np.ndarray, right: np.ndarray, top: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Boxes of the page's space as read: (x0, top, x1, bottom), top-down."""
        ax, ay = self.xy(left, bottom)
        bx, by = self.xy(right, top)
        return np.minimum(ax, bx), np.minimum(ay, by), np.maximum(ax, bx), np.maximum(ay, by)


def turn_of(angles: np.ndarray) -> int:
    """How a page's text is turned, from its characters' angles (radians, counter-
    clockwise; upright characters need not be given, `angles` holds the others and
    the upright ones as 0): the quarter turn most of them share, or 0."""
    if not len(angles):
        return 0
    quarters = np.round(angles / QUARTER).astype(np.int64) % 4
    counts = np.bincount(quarters, minlength=4)
    best = int(counts.argmax())
    return best * 90 if best and counts[best] > TURNED_SHARE * len(angles) else 0


def upright_view(top: float, bottom: float = 0.0) -> View:
    """The view of an upright page whose media box spans `bottom` to `top`."""
    return View(0, 0.0, bottom, 0.0, top)
