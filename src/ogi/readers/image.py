"""Pictures of report pages as files of their own (.jpg, .png, .tif …): a scan saved as
pictures rather than as a PDF, one page a picture, or several in a multi-page TIFF.

Each page is put on a page of its own of a PDF made in memory, at the picture's
resolution, and that PDF is read as a scanned PDF is (`ogi.readers.pdf`): by the
offline OCR, page after page, a table continued over pages joined, within the same
bounds. A JPEG goes in as its own bytes and any other picture as its pixels, so the OCR
sees what the file holds.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from ogi import limits
from ogi.blocks import Document, ReadError

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")

# A picture's resolution is taken from the file where it is a scanner's; otherwise (a
# screenshot at 72 or 96 dpi, a photo) the picture is laid out so that the OCR, which
# draws pages at 200 dpi, sees it pixel for pixel; a page larger than a long A4 side at
# that is made smaller.
SCAN_DPI = (100, 1200)
DEFAULT_DPI = 200
LONGEST_INCHES = 11.7 * 1.5
# The pages of one file are held in memory together while its PDF is made: past this
# many pixels in all, the pages after are not read (and the reading says so).
TOTAL_PIXELS = 4 * limits.PICTURE_PIXELS.value


def is_image(head: bytes, suffix: str = "") -> bool:
    """Whether a file's first bytes are a picture's (a BMP's, whose mark is two letters,
    only when its name says so too)."""
    if head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return True
    return suffix == ".bmp" and head.startswith(b"BM")


def read_image_file(path: str, data: bytes, **pdf_options: Any) -> Document:
    """Read a picture file of report pages, or raise `ReadError` with the reason;
    `pdf_options` are `read_pdf`'s (its bounds, OCR on or off)."""
    from ogi.readers.pdf import read_pdf

    pages = int(pdf_options.get("max_pages", 300))
    pdf, cut = _as_pdf(data, pages)
    doc = read_pdf(path, pdf, **pdf_options)
    doc.form = "image"
    if cut:
        doc.problems.append(
            f"图片各页像素合计超过 {TOTAL_PIXELS:,}，只读取了前 {cut} 页，其后各页未读取"
        )
    return doc


def _as_pdf(data: bytes, max_pages: int) -> tuple[bytes, int]:
    """A PDF of the picture's pages (frames), at most max_pages + 1 of them (so that the
    PDF reader says the file was longer than it reads), and, where the pages' pixels ran
    past TOTAL_PIXELS, how many were taken (else 0)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's decompression-bomb warning
            img = Image.open(io.BytesIO(data))
            frames = []
            held = cut = 0
            for k, frame in enumerate(ImageSequence.Iterator(img)):
                if k > max_pages:
                    break
                w, h = frame.size
                if w * h > limits.PICTURE_PIXELS.value:
                    raise ReadError(_too_many_pixels(f"第{k + 1}页图片（{w * h:,} 像素）"))
                held += w * h
                if held > TOTAL_PIXELS and frames:
                    cut = k
                    break
                frames.append(_page_picture(frame, img.format, data))
    except Image.DecompressionBombError:
        raise ReadError(_too_many_pixels("图片")) from None
    except (UnidentifiedImageError, OSError, ValueError, EOFError):
        raise ReadError("图片文件已损坏或格式无法识别") from None
    if not frames:
        raise ReadError("图片文件中没有图像")
    return _pdf_of(frames), cut


def _too_many_pixels(what: str) -> str:
    return f"{what}像素过多（上限 {limits.PICTURE_PIXELS.value:,} 像素），不像一页扫描件"


def _page_picture(frame: Any, fmt: str | None, data: bytes) -> tuple:
    """What one page's picture is put on its page as: ("jpeg", the file's bytes) for a
    JPEG shown as stored, else ("pixels", the picture upright, on white where it is
    transparent); with its size in points."""
    from PIL import Image, ImageOps

    w, h = frame.size
    dpi = _dpi(frame.info.get("dpi"), max(w, h))
    turned = frame.getexif().get(0x0112, 1) != 1  # a photo's orientation mark
    if fmt == "JPEG" and not turned and frame.mode in ("L", "RGB"):
        return "jpeg", data, (w * 72 / dpi, h * 72 / dpi)
    upright = ImageOps.exif_transpose(frame)
    if upright.mode in ("RGBA", "LA", "P", "PA"):
        upright = upright.convert("RGBA")
        back = Image.new("RGB", upright.size, "white")
        back.paste(upright, mask=upright.getchannel("A"))
        upright = back
    elif upright.mode not in ("L", "RGB"):
        upright = upright.convert("L" if upright.mode in ("1", "I", "I;16", "F") else "RGB")
    w, h = upright.size
    return "pixels", upright, (w * 72 / dpi, h * 72 / dpi)


def _dpi(given: Any, longest_px: int) -> float:
    try:
        dpi = float(given[0]) if given else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if not SCAN_DPI[0] <= dpi <= SCAN_DPI[1]:
        dpi = DEFAULT_DPI
    return max(dpi, longest_px / LONGEST_INCHES)


def _pdf_of(frames: list[tuple]) -> bytes:
    import pypdfium2 as pdfium

    from ogi.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        pdf = pdfium.PdfDocument.new()
        try:
            for kind, picture, (width, height) in frames:
                page = pdf.new_page(width, height)
                obj = pdfium.PdfImage.new(pdf)
                if kind == "jpeg":
                    obj.load_jpeg(io.BytesIO(picture), inline=True)
                else:
                    obj.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
                obj.set_matrix(pdfium.PdfMatrix().scale(width, height))
                page.insert_obj(obj)
                page.gen_content()
                page.close()
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
        finally:
            pdf.close()
