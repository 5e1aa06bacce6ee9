"""Pictures inside a DOCX or a web page that hold part of the report: a statutory table
pasted as a screenshot, a page scanned and pasted whole. Many agencies publish their
tables that way, because the format's multi-level tables are hard to build in a web
editor. Such a picture is read by the OCR that reads scanned PDF pages
(`ogi.readers.ocr`), and its tables and lines become blocks where the picture stood.

A picture is read only when it can hold a table or text: icons, rules and seals are too
small or read as nothing of a report, and are passed over without a word. What the OCR
is unsure of goes to `problems` as on a scanned page, named by the picture instead of a
page.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING

from ogi import limits
from ogi.blocks import Block, Where

if TYPE_CHECKING:
    from ogi.readers import ocr

# A screenshot taken at screen resolution (text 12 to 16 px high) reads best as it is:
# enlarged, its lone 0s come out less sure. A picture much smaller than a screenshot of
# a table (its longer side under SMALL_SIDE) was shrunk and is enlarged to READ_SIDE.
SMALL_SIDE = 700
READ_SIDE = 1000
MAX_ENLARGE = 2.0
# Smaller than this a picture is an icon, a bullet or a rule, never a table.
MIN_SIDE = 120
MIN_AREA = 300 * 200
# A picture whose ink is mostly red is a seal (a report's signature often carries the
# seal as a picture): not worth a second of OCR. Tables and text are printed black.
RED_INK_SHARE = 0.5
# The OCR of one picture takes one to three seconds: a document of hundreds of pictures
# (a photo album) is not read whole, and all of its pictures together get at most
# TOTAL_SECONDS, as a whole PDF does (`PdfOptions.time_limit`).
MAX_PICTURES = 30
TOTAL_SECONDS = 120.0
# When the displayed size is not known, a picture is taken as shown at 96 dpi.
POINTS_PER_PIXEL = 0.75

_FORMATS = frozenset(("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "MPO"))


@dataclass
class Pictures:
    """Reads the pictures of one document, in order, within the bounds above.
    `ocr`: whether pictures are read at all (off: only counted, and said once);
    `seconds`: the time one picture may take; `min_confidence` as for scanned pages."""

    ocr: bool = True
    seconds: float = 30.0
    min_confidence: float | None = None
    problems: list[str] = field(default_factory=list)
    seen: int = 0  # pictures big enough to hold a table
    skipped: int = 0  # of those, the ones not read (OCR off or unavailable, or too many)
    total: float = TOTAL_SECONDS  # seconds all the pictures may take together
    spent: float = 0.0  # seconds of OCR so far
    why: set[str] = field(default_factory=set)  # why pictures were not read

    def blocks(self, data: bytes, where: str, width_pt: float | None = None) -> list[Block]:
        """The blocks a picture's bytes hold; `where` names the picture in messages
        (第3张图片), `width_pt` is its width as displayed, in points, when known."""
        from PIL import Image, UnidentifiedImageError

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow's decompression-bomb warning
                img = Image.open(BytesIO(data))
                w, h = img.size
        except Image.DecompressionBombError:
            self.problems.append(limits.PICTURE_PIXELS.say(where=where))
            return []
        except (UnidentifiedImageError, OSError, ValueError):
            return []  # a vector drawing (EMF, WMF, SVG) or damaged bytes: no scan to read
        if img.format not in _FORMATS or w < MIN_SIDE or h < MIN_SIDE or w * h < MIN_AREA:
            return []
        if w * h > limits.PICTURE_PIXELS.value:
            self.problems.append(limits.PICTURE_PIXELS.say(where=where))
            return []
        try:
            img.load()
            img = _on_white(img)
        except (OSError, ValueError, Image.DecompressionBombError):
            self.problems.append(f"{where}已损坏，未识别")
            return []
        if _red_ink(img) > RED_INK_SHARE:
            return []
        self.seen += 1
        from ogi.readers import ocr

        left = self.total - self.spent
        why = (
            "未启用 OCR"
            if not self.ocr
            else f"超过上限 {MAX_PICTURES} 张"
            if self.seen > MAX_PICTURES
            else f"识别用时超过上限 {self.total:g} 秒"
            if left <= 0
            else "OCR 不可用"
            if not ocr.available()
            else None
        )
        if why is not None:
            self.skipped += 1
            self.why.add(why)
            return []
        scale = w / width_pt if width_pt and width_pt > 0 else 1 / POINTS_PER_PIXEL
        side = max(w, h)
        grow = min(MAX_ENLARGE, READ_SIDE / side) if side < SMALL_SIDE else 1.0
        if grow > 1.05:
            img = img.resize((round(w * grow), round(h * grow)), Image.Resampling.LANCZOS)
            scale *= grow
        found: list[str] = []
        settings = {} if self.min_confidence is None else {"min_confidence": self.min_confidence}
        started = time.monotonic()
        deadline = started + min(self.seconds, left)
        try:
            page = ocr.read_image(img, 1, scale, problems=found, deadline=deadline, **settings)
        finally:
            self.spent += time.monotonic() - started
        if page is None or not holds_report(page):
            return []  # a seal, a logo, a photo
        out = ocr.scan_blocks(page, 1)
        for b in out:
            # the picture's page and pixel boxes mean nothing in the document: its
            # blocks are placed by the reader that holds the picture
            b.where = Where()
            for row in b.rows:
                for c in row:
                    c.page, c.box = None, None
        self.problems.append(read_note(where, page))
        self.problems += [_named(p, where) for p in found]
        return out

    def finish(self) -> None:
        """Say once what was not read."""
        if self.skipped:
            why = "、".join(sorted(self.why))
            self.problems.append(
                f"文档中有 {self.skipped} 张图片可能含有表格或文字，未识别（{why}）"
            )


def holds_report(page: ocr.ScanPage) -> bool:
    """Whether a picture read by OCR holds part of the report: a table, or the report's
    words; not a seal, a logo or a photo."""
    from ogi.readers import ocr

    return any(g.cells for g in page.grids) or ocr.reads_as_report(page)


def read_note(where: str, page: ocr.ScanPage) -> str:
    """What a user is told of a picture read: its values come from OCR."""
    kind = "表格" if any(g.cells for g in page.grids) else "文字"
    return f"{where}中的{kind}由 OCR 识别读取，数值请与原图核对"


def _red_ink(img: object) -> float:
    """The share of a picture's ink (pixels well off white) that is red, on a thumbnail."""
    import numpy as np
    from PIL import Image

    assert isinstance(img, Image.Image)
    small = img.copy()
    small.thumbnail((200, 200))
    rgb = np.asarray(small.convert("RGB"), dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    ink = rgb.min(axis=2) < 200
    red = ink & (r > 150) & (r - np.maximum(g, b) > 60)
    return float(red.sum()) / max(int(ink.sum()), 1)


def _on_white(img: object) -> object:
    """The picture as RGB, transparent parts on white (a PNG screenshot of a table with a
    transparent background would otherwise turn black)."""
    from PIL import Image

    assert isinstance(img, Image.Image)
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        back = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(back, rgba).convert("RGB")
    return img.convert("RGB")


def _named(problem: str, where: str) -> str:
    """An OCR message about page 1 (the picture) named by the picture instead."""
    for head in ("第1页第", "第1页 ", "第1页"):
        if problem.startswith(head):
            rest = problem[len(head) :]
            return f"{where}第{rest}" if head == "第1页第" else f"{where} {rest.lstrip()}"
    return f"{where}：{problem}"
