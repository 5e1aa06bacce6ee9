"""The original file beside a report: PDF pages as images with the boxes of marked
cells outlined (from `Report.origins`), text forms as numbered lines, HTML shown with
scripts and outside requests disabled, DOCX offered for download."""

from __future__ import annotations

import io
from dataclasses import dataclass

from ogi.blocks import ReadError
from ogi.model import Report
from ogi.readers.encoding import decode
from ogi.readers.suffixes import SUFFIX_FORMS, suffixes_of

TEXT_FORMS = suffixes_of("txt", "md")
HTML_FORMS = suffixes_of("html", "mht")
MAX_PAGES_SHOWN = 60
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".wps": "application/msword",
    ".rtf": "application/rtf",
    ".mht": "application/x-mimearchive",
    ".mhtml": "application/x-mimearchive",
    ".html": "text/plain; charset=utf-8",
    ".htm": "text/plain; charset=utf-8",
    ".shtml": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".markdown": "text/plain; charset=utf-8",
}


def suffix_of_form(form: str) -> str:
    return {
        "txt": ".txt",
        "md": ".md",
        "html": ".html",
        "docx": ".docx",
        "doc": ".doc",
        "pdf": ".pdf",
    }.get(form, "")


def download_name(path: str, form: str) -> tuple[str, str]:
    """The name an original is downloaded under, and its suffix: the file's own name,
    given the suffix of its form unless it has one of that form already (a .wps or RTF
    file is read as form doc and keeps its suffix)."""
    suffix = suffix_of_form(form)
    name = path.rsplit("/", 1)[-1] or f"report{suffix}"
    own = name[name.rfind(".") :].lower() if "." in name else ""
    if _FORM_OF.get(own) == form:
        return name, own
    return (name if name.lower().endswith(suffix) else name + suffix), suffix


# the form of the report each suffix is read into (a web archive's is its page's)
_FORM_OF = {s: "html" if f == "mht" else f for s, f in SUFFIX_FORMS.items()}


@dataclass
class Box:
    target: str  # element id of the marked cell on the report page
    left: float  # percent of the page
    top: float
    width: float
    height: float
    kind: str


@dataclass
class PageView:
    number: int  # 1-based
    ratio: float  # height / width, to reserve the image's space
    boxes: list[Box]


def pdf_pages(data: bytes, report: Report, kinds: dict[str, str]) -> list[PageView]:
    """Page sizes and the outlined boxes of the cells `kinds` (cell id → severity)."""
    import pypdfium2 as pdfium

    from ogi.readers.pdfium_lock import PDFIUM
    from ogi.web.report_view import cell_id

    with PDFIUM:  # request threads and the reading thread share one pdfium
        doc = pdfium.PdfDocument(data)
        try:
            sizes = [doc.get_page_size(i) for i in range(min(len(doc), MAX_PAGES_SHOWN))]
        finally:
            doc.close()
    pages = [PageView(i + 1, h / w if w else 1.414, []) for i, (w, h) in enumerate(sizes)]
    for path, origin in report.origins.items():
        target = cell_id(path)
        if target not in kinds or origin.page is None or origin.box is None:
            continue
        if not 1 <= origin.page <= len(pages):
            continue
        w, h = sizes[origin.page - 1]
        x0, y0, x1, y1 = origin.box
        pages[origin.page - 1].boxes.append(
            Box(
                target,
                100 * x0 / w,
                100 * y0 / h,
                100 * (x1 - x0) / w,
                100 * (y1 - y0) / h,
                kinds[target],
            )
        )
    return pages


def render_page(data: bytes, number: int, scale: float = 1.5) -> bytes | None:
    """One PDF page as PNG, or None when there is no such page."""
    import pypdfium2 as pdfium

    from ogi.readers.pdfium_lock import PDFIUM

    with PDFIUM:  # request threads and the reading thread share one pdfium
        doc = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= min(len(doc), MAX_PAGES_SHOWN):
                return None
            page = doc[number - 1]
            image = page.render(scale=scale).to_pil()
            page.close()
        finally:
            doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def text_lines(data: bytes) -> list[str] | None:
    try:
        return decode(data).splitlines()
    except ReadError:
        return None


def page_lines(data: bytes) -> list[str] | None:
    """The lines of a web page original: of its page, for a web archive (.mht), whose
    lines the cells' origins count."""
    from ogi.readers.mht import looks_like_mht, read_archive

    if not looks_like_mht(data[:4096]):
        return text_lines(data)
    try:
        return read_archive(data).html.splitlines()
    except ReadError:
        return None


def marked_lines(report: Report, kinds: dict[str, str]) -> dict[int, str]:
    """Line number (1-based) → the gravest kind of the marked cells printed on it."""
    from ogi.web.report_view import ORDER, cell_id

    out: dict[int, str] = {}
    for path, origin in report.origins.items():
        kind = kinds.get(cell_id(path))
        if kind is None or origin.line is None:
            continue
        if origin.line not in out or ORDER[kind] < ORDER[out[origin.line]]:
            out[origin.line] = kind
    return out
