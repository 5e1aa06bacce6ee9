"""Readers: one per input form, each turning a file into a `Document` of blocks.

`read_file` picks the reader by content first and by file name second, so a DOCX
saved as `.doc` or an HTML page saved as `.txt` still reads, and a binary file named
`.txt` is refused with a reason instead of producing garbage.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from pathlib import Path
from stat import S_ISDIR
from typing import TYPE_CHECKING, Any

from ogi import limits, patterns
from ogi.blocks import Document, ReadError
from ogi.oserrors import reason
from ogi.readers.image import is_image
from ogi.readers.legacy_word import is_legacy_word, odf_kind
from ogi.readers.mht import looks_like_mht
from ogi.readers.suffixes import SUFFIX_FORMS

if TYPE_CHECKING:
    from ogi.readers.pictures import Pictures


def sniff_form(path: Path, head: bytes) -> str:
    """Which reader a file needs: txt, md, html, mht (a web archive), docx, doc (a Word
    file older than DOCX, RTF or OpenDocument), pdf or image (pictures of pages)."""
    suffix = path.suffix.lower()
    named = SUFFIX_FORMS.get(suffix)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        # (an OpenDocument file is converted as a .doc is, or refused there)
        return "doc" if odf_kind(head) else "docx"
    if is_legacy_word(head):
        return "doc"  # (Word's own XML included: converted as a .doc is)
    if named == "mht" or looks_like_mht(head):
        return "mht"
    if is_image(head, suffix):
        return "image"
    low = head[:2048].lower()
    if named == "html" or suffix == ".xhtml" or b"<html" in low or b"<!doctype html" in low:
        return "html"
    if suffix == ".xml":
        return "doc"  # Word saves as .xml; the Word reader refuses other XML, saying so
    return named if named in ("md", "docx", "doc", "pdf") else "txt"


# Tables drawn with box-drawing characters (┌─┬─┐ │ ├─┼─┤), as text exports and
# converters print them: read as the pipe tables they are. Each character stands for
# one, so columns and line numbers stay where they were.
_BOX_TO_ASCII = str.maketrans(
    "│┃║╎╏┆┇┊┋"
    "─━═╌╍┄┅┈┉"
    "┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋"
    "╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬",
    "|" * 9 + "-" * 9 + "+" * 91,
)
_BOX_ROW = patterns.compile(r"^[ \t]*[│┃║].*[│┃║][ \t]*$", re.MULTILINE)


# A row of a pipe table typed with full-width bars (｜), as Chinese input methods give
# them: read with ASCII pipes, only on such rows (a ｜ in prose is left alone).
_FULL_WIDTH_ROW = patterns.compile(r"^[ \t]*｜.*｜[ \t]*$", re.MULTILINE)


def _unboxed(text: str) -> str:
    """Text whose tables are drawn with box-drawing characters or full-width bars, with
    ASCII ones."""
    if "｜" in text:
        text = _FULL_WIDTH_ROW.sub(lambda m: m.group(0).replace("｜", "|"), text)
    # (a box row begins with one of three bars: looked for first, as a few searches of
    # the text at C speed, since most text has none)
    if "│" not in text and "┃" not in text and "║" not in text:
        return text
    return text.translate(_BOX_TO_ASCII) if _BOX_ROW.search(text) else text


def _looks_like_markdown(text: str) -> bool:
    """Text files converted from PDF often hold Markdown pipe tables."""
    if text.count("|", 0, 200_000) < 5:
        return False  # (most text files have no pipe at all)
    pipes = sum(1 for ln in text[:200_000].splitlines() if ln.lstrip().startswith("|"))
    return pipes >= 5


@dataclass(frozen=True)
class PdfOptions:
    """Bounds on PDF reading, so that a 500-page scan cannot run for hours."""

    max_pages: int = 300
    time_limit: float = 120.0  # seconds for the whole file
    ocr: bool = True
    ocr_dpi: int = 200
    ocr_page_limit: float = 30.0  # seconds per scanned page
    # how scanned pages are read, when not by the settings above: the batch engine
    # passes pages it had OCR'd as tasks of their own (`ogi.services.ocr_tasks`)
    ocr_settings: Any = None


def read_file(path: str | Path, pdf: PdfOptions | None = None) -> Document:
    """Read one file into blocks, or raise `ReadError` with a one-line Chinese reason."""
    return read_file_bytes(path, pdf)[0]


def read_file_bytes(path: str | Path, pdf: PdfOptions | None = None) -> tuple[Document, bytes]:
    """`read_file`, and the file's bytes as read (to hash them without reading again)."""
    p = Path(path)
    try:
        # (os calls, not pathlib's three for every file; stat first, so a pipe or a
        # device is never opened)
        st = os.stat(p)
        if S_ISDIR(st.st_mode):
            raise ReadError("这是一个目录，不是文件")
        if st.st_size == 0:
            raise ReadError("文件为空（0 字节）")
        if st.st_size > limits.FILE_BYTES.value:
            raise ReadError(limits.FILE_BYTES.say(size=limits.megabytes(st.st_size)))
        with open(p, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ReadError(f"无法打开文件：{reason(e)}") from None
    return _bounded(_read(p, data, pdf)), data


def _read(p: Path, data: bytes, pdf: PdfOptions | None) -> Document:
    form = sniff_form(p, data[:4096])
    if form in ("pdf", "image"):
        from ogi.readers.pdf import read_pdf

        o = pdf or PdfOptions()
        options = {
            "max_pages": o.max_pages,
            "time_limit": o.time_limit,
            "ocr": o.ocr,
            "ocr_dpi": o.ocr_dpi,
            "ocr_page_limit": o.ocr_page_limit,
            "ocr_settings": o.ocr_settings,
        }
        if form == "image":
            from ogi.readers.image import read_image_file

            return read_image_file(str(p), data, **options)
        return read_pdf(str(p), data, **options)
    if form == "docx":
        if not data.startswith(b"PK\x03\x04"):
            raise ReadError("不是有效的 DOCX 文件（文件已损坏或格式无法识别）")
        # (which part holds the text is the package's to say: `read_docx` finds it)
        from ogi.readers.docx import read_docx

        return read_docx(str(p), data, _pictures(pdf))
    if form == "doc":
        from ogi.readers.legacy_word import read_legacy_word

        timeout = (pdf or PdfOptions()).time_limit
        return read_legacy_word(str(p), data, _pictures(pdf), timeout)
    if form in ("html", "mht"):
        from ogi.readers.html import read_web_page

        return read_web_page(str(p), data, _pictures(pdf), archive=form == "mht")
    from ogi.readers.encoding import decode

    text = decode(data, str(p))
    if len(text) > limits.TEXT_CHARS.value:
        raise ReadError(limits.TEXT_CHARS.say(n=len(text)))
    text = _unboxed(text)
    if form == "txt" and _looks_like_markdown(text):
        form = "md"
    if form == "md":
        from ogi.readers.markdown import read_markdown

        return read_markdown(str(p), text)
    from ogi.readers.text import read_text

    return read_text(str(p), text)


def _pictures(pdf: PdfOptions | None) -> Pictures:
    """How the pictures of a DOCX or web page are read: by the OCR that reads scanned PDF
    pages, on the same terms."""
    from ogi.readers.pictures import Pictures

    o = pdf or PdfOptions()
    return Pictures(ocr=o.ocr, seconds=o.ocr_page_limit, total=o.time_limit)


_ROWS = attrgetter("rows")
_TEXT = attrgetter("text")


def _bounded(doc: Document) -> Document:
    """The document within the bounds the layout step relies on: no more than `BLOCKS`
    paragraphs and cells, no text longer than `LINE_CHARS`, no more text than
    `TEXT_CHARS`."""
    # (C loops: a report has a few hundred cells)
    cells = list(chain.from_iterable(chain.from_iterable(map(_ROWS, doc.blocks))))
    pieces = len(doc.blocks) + len(cells)
    if pieces > limits.BLOCKS.value:
        raise ReadError(limits.BLOCKS.say(n=pieces))
    cap = limits.LINE_CHARS.value
    lengths = list(map(len, map(_TEXT, chain(doc.blocks, cells))))
    # (every text within the cap, as in nearly every file: counted, not walked one by one)
    if max(lengths, default=0) > cap:
        _cut_long_texts(doc, cap)
        lengths = list(map(len, map(_TEXT, chain(doc.blocks, cells))))
    total = sum(lengths)
    if total > limits.TEXT_CHARS.value:
        raise ReadError(limits.TEXT_CHARS.say(n=total))
    return doc


def _cut_long_texts(doc: Document, cap: int) -> None:
    """Each paragraph and cell longer than `cap` cut to it, saying so in `problems`."""
    for i, block in enumerate(doc.blocks):
        if len(block.text) > cap:
            doc.problems.append(limits.LINE_CHARS.say(line=i + 1, n=len(block.text)))
            block.text = block.text[:cap]
        for row in block.rows:
            for cell in row:
                if len(cell.text) > cap:
                    doc.problems.append(limits.LINE_CHARS.say(line=i + 1, n=len(cell.text)))
                    cell.text = cell.text[:cap]
