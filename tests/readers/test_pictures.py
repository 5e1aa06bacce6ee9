"""Pictures in DOCX files and web pages that hold a table (a screenshot pasted in place
of the table) are read by OCR where they stand; small pictures, pictures of nothing
legible and pictures that cannot be had are passed over, and what was not read is said.

The table is the one `test_ocr` draws (a 表二-like table with merged cells and made-up
numbers), cropped from a page drawn at 110 dpi, as a screenshot is taken on screen."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from ogi.blocks import Block, Document
from ogi.readers import read_file
from ogi.readers.docx import read_docx
from ogi.readers.html import read_html
from ogi.readers.pictures import Pictures
from tests.readers.test_ocr import (
    CELLS,
    XS,
    YS,
    as_cells,
    draw_page,
    font,
    needs_engine,
    slow,
)

SHOT_DPI = 110
BEFORE = "二、主动公开政府信息情况"
AFTER = "三、收到和处理政府信息公开申请情况"
WANT = sorted(CELLS)


def screenshot() -> bytes:
    """The drawn table alone, as PNG bytes."""
    s = SHOT_DPI / 72
    page = draw_page(SHOT_DPI)
    crop = page.crop(
        (
            round((XS[0] - 6) * s),
            round((YS[0] - 6) * s),
            round((XS[-1] + 6) * s),
            round((YS[-1] + 6) * s),
        )
    )
    buf = io.BytesIO()
    crop.save(buf, "PNG")
    return buf.getvalue()


def png(width: int, height: int, colour: str = "white") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, "PNG")
    return buf.getvalue()


def docx_with(*pictures: bytes, width_cm: float = 15.0) -> bytes:
    """A DOCX: a heading, each picture in a paragraph of its own, a heading after."""
    from docx import Document as Word
    from docx.shared import Cm

    doc = Word()
    doc.add_paragraph(BEFORE)
    for data in pictures:
        doc.add_picture(io.BytesIO(data), width=Cm(width_cm))
    doc.add_paragraph(AFTER)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.is_table]


@slow
@needs_engine
def test_a_table_pasted_as_a_picture_into_a_docx_is_read_where_it_stands() -> None:
    doc = read_docx("r.docx", docx_with(screenshot()))
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert [doc.blocks[0].text, doc.blocks[2].text] == [BEFORE, AFTER]
    [table] = tables(doc)
    assert as_cells(table) == WANT
    # the picture's pixels are no place in the document: cells point at their block
    assert {(c.page, c.box) for row in table.rows for c in row} == {(None, None)}
    assert table.where.block == 1
    assert "第1张图片中的表格由 OCR 识别读取，数值请与原图核对" in doc.problems


@slow
@needs_engine
def test_read_file_reads_the_pictures_of_a_docx_and_says_when_ocr_is_off(tmp_path: Path) -> None:
    from ogi.readers import PdfOptions

    path = tmp_path / "r.docx"
    path.write_bytes(docx_with(png(40, 40), screenshot()))
    [table] = tables(read_file(path))
    assert as_cells(table) == WANT
    off = read_file(path, PdfOptions(ocr=False))
    assert tables(off) == []
    # the 40-pixel icon is no table: only the screenshot is counted
    assert off.problems == ["文档中有 1 张图片可能含有表格或文字，未识别（未启用 OCR）"]


@slow
@needs_engine
def test_pictures_of_nothing_legible_are_passed_over_without_a_word() -> None:
    seal = Image.new("RGB", (300, 300), "white")
    pen = ImageDraw.Draw(seal)
    pen.ellipse((10, 10, 290, 290), outline="red", width=8)
    pen.regular_polygon((150, 150, 40), 5, fill="red")
    pen.text((60, 210), "示例镇人民政府", font=font(26), fill="red")
    buf = io.BytesIO()
    seal.save(buf, "PNG")
    # a blank sheet is read and found empty; the seal is passed over unread (its ink
    # is red), even with OCR off
    doc = read_docx("r.docx", docx_with(png(600, 400), buf.getvalue()))
    assert [b.text for b in doc.blocks] == [BEFORE, AFTER]
    assert doc.problems == []
    assert read_docx("r.docx", docx_with(buf.getvalue()), Pictures(ocr=False)).problems == []


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` pixels over a few bytes of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_damaged_and_oversized_pictures_are_refused_with_the_reason() -> None:
    p = Pictures()
    assert p.blocks(b"not a picture at all", "第1张图片") == []
    assert p.blocks(_png_claiming(20000, 20000), "第2张图片") == []
    assert p.problems == ["第2张图片像素过多（上限 4,000 万像素），不像表格截图，未识别"]
    assert p.blocks(_png_claiming(8000, 6000), "第3张图片") == []
    assert p.problems[1:] == ["第3张图片像素过多（上限 4,000 万像素），不像表格截图，未识别"]
    truncated = screenshot()[:400]
    assert p.blocks(truncated, "第4张图片") == []
    assert p.problems[2:] == ["第4张图片已损坏，未识别"]


def test_the_shown_width_of_a_docx_picture_sets_its_scale() -> None:
    from lxml import etree

    from ogi.readers.docx import _shown_width

    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    v = "urn:schemas-microsoft-com:vml"
    inline = etree.fromstring(
        f'<wp:inline xmlns:wp="{wp}" xmlns:a="{a}"><wp:extent cx="5400675" cy="100"/>'
        "<a:graphic><a:blip/></a:graphic></wp:inline>"
    )
    assert _shown_width(inline.find(f".//{{{a}}}blip")) == pytest.approx(425.25)
    shape = etree.fromstring(
        f'<v:shape xmlns:v="{v}" style="position:absolute;width:6in;height:2in">'
        "<v:imagedata/></v:shape>"
    )
    assert _shown_width(shape[0]) == pytest.approx(432.0)
    bare = etree.fromstring(f'<v:shape xmlns:v="{v}" style="height:2in"><v:imagedata/></v:shape>')
    assert _shown_width(bare[0]) is None


def page(img: str) -> str:
    return (
        '<html><head><meta charset="utf-8"></head><body><div class="article">'
        f"<h3>{BEFORE}</h3><p>本年度主动公开政府信息如下表。</p>"
        f'<p style="text-align:center">{img}</p><h3>{AFTER}</h3>'
        "<p>本年度共收到政府信息公开申请12件。</p></div></body></html>"
    )


@slow
@needs_engine
def test_a_web_page_picture_inline_or_saved_beside_the_page_is_read(tmp_path: Path) -> None:
    shot = screenshot()
    inline = f'<img src="data:image/png;base64,{base64.b64encode(shot).decode()}">'
    (tmp_path / "页面_files").mkdir()
    (tmp_path / "页面_files" / "表二.png").write_bytes(shot)
    beside = '<img src="%E9%A1%B5%E9%9D%A2_files/%E8%A1%A8%E4%BA%8C.png?v=2" width="620">'
    for img in (inline, beside):
        doc = read_html(str(tmp_path / "页面.html"), page(img))
        [table] = tables(doc)
        assert as_cells(table) == WANT
        kinds = [b.kind for b in doc.blocks]
        assert kinds == ["heading", "paragraph", "table", "heading", "paragraph"]
        assert doc.problems == ["第1张图片中的表格由 OCR 识别读取，数值请与原图核对"]


def test_web_page_pictures_not_saved_with_it_are_counted_never_fetched(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(screenshot())
    folder = tmp_path / "page"
    folder.mkdir()
    imgs = (
        '<img src="https://www.example.gov.cn/表二.png">'
        '<img src="/uploads/表三.jpg">'
        '<img src="../secret.png">'  # outside the page's folder: never opened
        '<img src="images/missing.png">'
        '<img src="icon.gif" width="16" height="16">'  # an icon: not worth saying
    )
    doc = read_html(str(folder / "页面.html"), page(imgs))
    assert tables(doc) == []
    assert doc.problems == [
        "正文中有 4 张图片未随网页保存，图片中若有表格或文字，未能读取（请连同图片一起保存网页）"
    ]
    # an icon inside a sentence leaves the sentence whole
    doc = read_html(str(folder / "p.html"), '<p>本年度<img src="dot.png">收到申请12件。</p>')
    assert [b.text for b in doc.blocks] == ["本年度收到申请12件。"]


@slow
@needs_engine
def test_pictures_past_the_time_bound_are_counted_not_read() -> None:
    shot = screenshot()
    doc = read_docx("r.docx", docx_with(shot, shot), Pictures(total=0.0))
    assert tables(doc) == []
    assert doc.problems == ["文档中有 2 张图片可能含有表格或文字，未识别（识别用时超过上限 0 秒）"]


def pdf_with_picture(shot: bytes) -> bytes:
    """The suite's text page with the screenshot placed below its text, 400 pt wide."""
    from tests.readers.test_pdf import build_pdf, text_page

    pdf = pdfium.PdfDocument(build_pdf([text_page(1)]))
    page = pdf[0]
    picture = Image.open(io.BytesIO(shot)).convert("RGB")
    width = 400.0
    height = width * picture.height / picture.width
    obj = pdfium.PdfImage.new(pdf)
    obj.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
    obj.set_matrix(pdfium.PdfMatrix().scale(width, height).translate(90, 120))
    page.insert_obj(obj)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


@slow
@needs_engine
def test_a_picture_of_a_table_on_a_text_page_of_a_pdf_is_read_where_it_stands() -> None:
    from ogi.readers.ocr import OcrSettings
    from ogi.readers.pdf import read_pdf

    data = pdf_with_picture(screenshot())
    doc = read_pdf("p.pdf", data)
    [table] = tables(doc)
    assert as_cells(table) == WANT
    # below the page's text, on its page, where the picture is
    assert doc.blocks[-1] is table and table.where.page == 1
    assert {c.page for row in table.rows for c in row} == {1}
    assert doc.problems == ["第1页的图片中的表格由 OCR 识别读取，数值请与原图核对"]
    # without OCR, or out of time, the page is its text alone
    assert tables(read_pdf("p.pdf", data, ocr=False)) == []
    late = read_pdf("p.pdf", data, ocr_settings=OcrSettings(page_limit=0.0))
    assert tables(late) == []
    assert late.problems == ["第1页的图片识别超时，其余图片未识别"]
