"""Pictures of report pages as files of their own (.tif, .jpg, .png): read by the OCR
that reads scanned PDFs, page after page, or refused with the reason."""

from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from ogi.blocks import ReadError
from ogi.extract import extract
from ogi.readers import PdfOptions, read_file, sniff_form
from tests.extract.phenomena import SOFFICE, save_as_libreoffice
from tests.shared import SAMPLES, sample_cells

CELLS = sample_cells("示例镇-2024.docx")
needs_ocr = pytest.mark.skipif(
    importlib.util.find_spec("rapidocr_onnxruntime") is None or SOFFICE is None,
    reason="needs rapidocr_onnxruntime and LibreOffice",
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> list[Image.Image]:
    """The sample DOCX printed by LibreOffice, its pages drawn at 200 dpi in grey, as a
    scanner saves them."""
    folder = tmp_path_factory.mktemp("scan")
    [pdf] = save_as_libreoffice("pdf", Path(shutil.copy(SAMPLES / "示例镇-2024.docx", folder)))
    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(doc))]
    doc.close()
    assert len(pages) == 4
    return pages


@needs_ocr
def test_a_multipage_tiff_reads_as_the_report(scanned: list[Image.Image], tmp_path: Path) -> None:
    path = tmp_path / "年报扫描件.tif"
    first, *rest = scanned
    first.save(path, save_all=True, append_images=rest, dpi=(200, 200), compression="tiff_lzw")
    r = extract(path)
    assert r.source.form == "image"
    assert r.cells == CELLS
    assert (r.report_year, r.agency) == (2024, "示例镇人民政府")
    # every value keeps its page (表三 is on the third)
    assert r.origins["t3.results.granted.natural_person"].page == 3


@needs_ocr
@pytest.mark.parametrize("form", ["jpg", "png-on-its-side"])
def test_one_page_picture_reads_its_table(
    scanned: list[Image.Image], tmp_path: Path, form: str
) -> None:
    page = scanned[2]  # 表三
    if form == "jpg":
        path = tmp_path / "第3页.jpg"
        page.save(path, quality=90, dpi=(200, 200))
    else:
        # a phone's photo: stored on its side, an orientation mark to show it upright
        path = tmp_path / "第3页.png"
        exif = Image.Exif()
        exif[0x0112] = 6  # shown turned 90° clockwise
        page.transpose(Image.Transpose.ROTATE_90).save(path, exif=exif)
    r = extract(path)
    assert r.cells == {k: v for k, v in CELLS.items() if k.startswith("t3.")}
    assert {(p.where, p.message) for p in r.problems} >= {
        ("表二", "未找到该表格"),
        ("表四", "未找到该表格"),
    }


def test_without_ocr_a_picture_says_it_needs_it(tmp_path: Path) -> None:
    path = tmp_path / "扫描.png"
    Image.new("L", (1654, 2339), 255).save(path)
    with pytest.raises(ReadError) as e:
        extract(path, PdfOptions(ocr=False))
    assert (
        str(e.value) == "没有找到年度报告的表格或章节（第1页没有文字层（可能是扫描件），需要 OCR）"
    )


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("坏.png", b"\x89PNG\r\n\x1a\n" + bytes(range(200)), "图片文件已损坏或格式无法识别"),
        ("坏.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "图片文件已损坏或格式无法识别"),
    ],
)
def test_a_damaged_picture_is_refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == message


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_drawn(tmp_path: Path) -> None:
    path = tmp_path / "巨幅.png"
    Image.new("1", (8000, 6000), 1).save(path)  # 48 million pixels, a few kilobytes
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert (
        str(e.value)
        == "第1页图片（48,000,000 像素）像素过多（上限 40,000,000 像素），不像一页扫描件"
    )


@pytest.mark.parametrize(
    "name, head, form",
    [
        ("a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
        ("a.txt", b"\x89PNG\r\n\x1a\n", "image"),  # by content first
        ("a.tif", b"II*\x00\x08\x00", "image"),
        ("a.tiff", b"MM\x00*\x00\x00", "image"),
        ("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image"),
        ("a.bmp", b"BM6\x00\x00\x00", "image"),
        ("a.txt", b"BMW \xe8\xbd\xa6\xe8\xbe\x86", "txt"),  # BM in text is not a picture
    ],
)
def test_pictures_are_told_by_content(name: str, head: bytes, form: str) -> None:
    assert sniff_form(Path(name), head) == form


def test_the_pdf_made_for_a_picture_keeps_a_jpeg_as_stored() -> None:
    from ogi.readers.image import _as_pdf

    buf = io.BytesIO()
    Image.new("L", (400, 300), 200).save(buf, "JPEG", dpi=(300, 300))
    jpeg = buf.getvalue()
    made, cut = _as_pdf(jpeg, 300)
    assert cut == 0
    pdf = pdfium.PdfDocument(made)
    page = pdf[0]
    # 400 × 300 pixels at 300 dpi: 96 × 72 points
    assert [round(v, 2) for v in page.get_size()] == [96.0, 72.0]
    [obj] = list(page.get_objects())
    assert obj.get_filters() == ["DCTDecode"]
    assert bytes(obj.get_data(decode_simple=False)) == jpeg


def test_pages_past_the_files_pixel_bound_are_not_read_and_this_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ogi.readers import image

    monkeypatch.setattr(image, "TOTAL_PIXELS", 250_000)  # two pages of 400 × 300 fit
    path = tmp_path / "多页.tif"
    first, *rest = [Image.new("L", (400, 300), 255) for _ in range(5)]
    first.save(path, save_all=True, append_images=rest)
    doc = read_file(path, PdfOptions(ocr=False))
    assert doc.problems == [
        "第1页没有文字层（可能是扫描件），需要 OCR",
        "第2页没有文字层（可能是扫描件），需要 OCR",
        "图片各页像素合计超过 250,000，只读取了前 2 页，其后各页未读取",
    ]
