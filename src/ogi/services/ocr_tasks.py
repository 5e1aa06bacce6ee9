"""Scanned PDF pages as tasks of their own, so one long scan spreads over every worker
instead of holding one for minutes.

A PDF is read first with `DeferredOcr`, which notes the pages that need OCR instead of
reading them. Each such page is then OCR'd by `ocr_page` (a task), and the file is read
again with `PrecomputedOcr` holding those pages: the PDF reader assembles them exactly
as if it had OCR'd them itself.

The pictures of tables on text-layer pages are read in the first reading, which is
all there is when no page wants OCR; `DeferredOcr` keeps what they hold, and
`PrecomputedOcr` hands it to the second reading, so no picture is OCR'd twice.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogi.readers.ocr import OcrSettings, PicturesRead

PageResult = tuple[Any, list[str]]  # (the page read by OCR or None, problems found)


@dataclass(frozen=True)
class DeferredOcr(OcrSettings):
    """Notes (page number, characters of its text layer) for each page that wants OCR,
    and keeps what the pictures on each text-layer page hold, by page number."""

    wanted_pages: list[tuple[int, int]] = field(default_factory=list)
    pictures: dict[int, PicturesRead] = field(default_factory=dict)
    reads = False

    def read(self, pdf_page: Any, page_no: int, problems: list[str], chars: int = 0) -> Any:
        self.wanted_pages.append((page_no, chars))
        return None

    def read_pictures(self, page_no: int, read: Callable[[], PicturesRead]) -> PicturesRead:
        found = read()
        # a copy: this reading goes on to assemble the page, changing what it was given
        self.pictures[page_no] = copy.deepcopy(found)
        return found


@dataclass(frozen=True)
class PrecomputedOcr(OcrSettings):
    """Pages already read by `ocr_page`, and pictures already read by `DeferredOcr`,
    handed to the PDF reader."""

    pages: dict[int, PageResult] = field(default_factory=dict)
    pictures: dict[int, PicturesRead] = field(default_factory=dict)

    def read(self, pdf_page: Any, page_no: int, problems: list[str], chars: int = 0) -> Any:
        scan, found = self.pages.get(page_no, (None, []))
        problems.extend(found)
        return scan

    def read_pictures(self, page_no: int, read: Callable[[], PicturesRead]) -> PicturesRead:
        kept = self.pictures.get(page_no)
        return kept if kept is not None else read()


def ocr_page(
    source: str | Path | bytes, page_no: int, chars: int, dpi: int, page_limit: float
) -> PageResult:
    """OCR page `page_no` (from 1) of the PDF at `source` (a path, or the file's bytes
    on a worker that cannot see the file); never raises."""
    import pypdfium2 as pdfium

    from ogi.readers.pdfium_lock import PDFIUM

    found: list[str] = []
    try:
        with PDFIUM:
            pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except Exception:
        return None, [f"第{page_no}页无法打开，未能识别"]
    try:
        with PDFIUM:
            page = pdf[page_no - 1]
        try:
            # (drawing the page takes the lock; the recognition does not need it)
            scan = OcrSettings(dpi=dpi, page_limit=page_limit).read(page, page_no, found, chars)
        finally:
            with PDFIUM:
                page.close()
    except Exception as e:  # one page's failure is that page's problem
        return None, [f"第{page_no}页识别出错（{type(e).__name__}）"]
    finally:
        with PDFIUM:
            pdf.close()
    return scan, found
