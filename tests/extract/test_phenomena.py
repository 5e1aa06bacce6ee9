"""Documents laid out the way agencies publish them (built in `phenomena.py` with
python-docx, LibreOffice and Chromium) read exactly: every cell as printed, the year,
the issuing body and the publication date, and every cell's origin points at the place
it was printed. Each document is first checked to show its phenomenon, so a test cannot
pass because the layout it is about did not happen."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ogi.extract import extract
from tests.extract.phenomena import (
    BROWSER,
    DOCUMENTS,
    SOFFICE,
    Built,
    build_all,
    placed,
    wrong_cells,
)
from tests.extract.phenomena import CHROMIUM as CHROMIUM_PATH

HAVE_CHROMIUM = CHROMIUM_PATH is not None and Path(CHROMIUM_PATH).exists()


def _needs(name: str) -> str | None:
    kind, _, form = name.rpartition("_")
    if form != "pdf":
        return None
    if kind in BROWSER:
        return None if HAVE_CHROMIUM else "Chromium is not installed (set OGI_TEST_CHROMIUM)"
    return None if SOFFICE else "LibreOffice is not installed"


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    names = [n for n in DOCUMENTS if _needs(n) is None]
    return build_all(names, tmp_path_factory.mktemp("phenomena"))


def _document(documents: dict[str, Built], name: str) -> Built:
    why = _needs(name)
    if why:
        pytest.skip(why)
    return documents[name]


def _pdf_text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def _top_of(text: pdfium.PdfTextPage, s: str) -> float:
    """The top edge (PDF space, upwards) of the first character of `s` on the page."""
    found = text.search(s).get_next()
    assert found is not None, s
    return text.get_charbox(found[0])[3]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------------
# Each document shows its phenomenon
# ---------------------------------------------------------------------------------------
def test_a_row_of_table_three_is_cut_by_the_page_break(documents: dict[str, Built]) -> None:
    for name in ("page_split_repeated_header_pdf", "page_split_no_header_pdf"):
        pages = [_flat(t) for t in _pdf_text(_document(documents, name).path)]
        # the label is never whole on a page: its first half ends one page, the rest
        # opens the next
        assert not any("本机关不掌握相关政府信息" in p for p in pages)
        k = next(i for i, p in enumerate(pages) if "1.本机关不掌握相关政" in p)
        assert pages[k + 1].index("府信息") < pages[k + 1].index("2.没有现成信息")


def test_header_rows_are_printed_again_or_not(documents: dict[str, Built]) -> None:
    again = _pdf_text(_document(documents, "page_split_repeated_header_pdf").path)
    once = _pdf_text(_document(documents, "page_split_no_header_pdf").path)
    assert [("申请人情况" in p) for p in again[:2]] == [True, True]
    assert [("申请人情况" in p) for p in once[:2]] == [True, False]


def test_numbers_wrap_inside_narrow_cells(documents: dict[str, Built]) -> None:
    text = "\n".join(_pdf_text(_document(documents, "narrow_cells_pdf").path))
    lines = [ln.strip() for ln in text.splitlines()]
    for number in ("3001", "3006", "2986", "24252.311082"):
        assert not any(number in ln for ln in lines)  # never printed on one line
        assert number in _flat(text)


def test_the_tall_labels_of_table_three_are_printed_turned(documents: dict[str, Built]) -> None:
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(_document(documents, "turned_labels_pdf").path))
    angles = set()
    for page in pdf:
        text = page.get_textpage()
        search = text.search("办理结果")
        while (found := search.get_next()) is not None:
            angles.add(round(pdfium_c.FPDFText_GetCharAngle(text.raw, found[0]) * 57.3))
    # 三、本年度办理结果 turned a quarter (pdfium counts clockwise)
    assert angles & {90, 270}


def test_the_unruled_page_has_no_rules_and_wraps_labels_around_numbers(
    documents: dict[str, Built],
) -> None:
    b = _document(documents, "unruled_web_page_pdf")
    page = pdfium.PdfDocument(str(b.path))[2]
    objects = list(page.get_objects())
    assert not any(o.type == pdfium.raw.FPDF_PAGEOBJ_PATH for o in objects)
    text = page.get_textpage()
    # the label's two lines, with its row's numbers printed between them
    first, numbers, second = (
        _top_of(text, s)
        for s in ("1.申请人无正当理由逾期不补正", "0 0 0 0 0 1 1", "不再处理其政府信息公开申请")
    )
    assert first > numbers > second  # PDF y grows upwards


def test_the_web_page_prints_its_chrome_and_splits_table_three(
    documents: dict[str, Built],
) -> None:
    b = _document(documents, "web_page_pdf")
    text = "".join(_pdf_text(b.path))
    for chrome in ("当前位置：首页 > 政务公开", "版权所有：示例县人民政府", "政务服务", "1/3"):
        assert chrome in text
    r = extract(b.path)
    pages = {r.origins[k].page for k in r.cells if k.startswith("t3.")}
    assert pages == {2, 3}


# ---------------------------------------------------------------------------------------
# Every document reads exactly
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_reads_exactly(documents: dict[str, Built], name: str) -> None:
    b = _document(documents, name)
    r = extract(b.path)
    assert wrong_cells(b.doc, r.cells) == {}
    assert r.cells == b.doc.cells  # nothing more either
    assert {c.path: c.text for c in r.raw} == b.doc.raw
    assert (r.report_year, r.agency, r.published) == (
        b.doc.report_year,
        b.doc.agency,
        b.doc.published,
    )
    assert [p for p in r.problems if p.path] == []
    assert [s.key for s in r.sections] == [
        "overview",
        "proactive_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]


def _printed(b: Built) -> dict[str, tuple[int, int, int, str]]:
    """Where the builder put each value: path → (table, row, column, text)."""
    out = {}
    tables = [p for p in b.doc.parts if not isinstance(p, tuple)]
    for t, table in enumerate(tables):
        for r, c, cell in placed(table.rows):
            if cell.path:
                out[cell.path] = (t, r, c, cell.text)
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_cell_keeps_its_origin(documents: dict[str, Built], name: str) -> None:
    b = _document(documents, name)
    r = extract(b.path)
    printed = _printed(b)
    assert set(r.origins) == set(r.cells)
    form = name.rpartition("_")[2]
    pdf = pdfium.PdfDocument(str(b.path)) if form == "pdf" else None
    lines = b.path.read_text(encoding="utf-8").splitlines() if form in ("txt", "html") else []
    for path, o in r.origins.items():
        table, row, col, text = printed[path]
        if form in ("docx", "html"):
            # the table element, and the row and column of the cell in it
            assert (o.table, o.row, o.col) == (table, row, col), path
            assert _flat(o.text or "") == _flat(text), path
        if form == "html":
            assert o.line is not None and text in lines[o.line - 1], path
        if form == "txt":
            assert o.line is not None and lines[o.line - 1].strip() == text, path
        if pdf is not None:
            # what is printed inside the box on that page is the cell's text
            assert o.page is not None and o.box is not None, path
            page = pdf[o.page - 1]
            height = page.get_height()
            x0, top, x1, bottom = o.box
            inside = page.get_textpage().get_text_bounded(x0, height - bottom, x1, height - top)
            assert _flat(inside) == _flat(text), path


@pytest.mark.parametrize("name", ["narrative_docx", "web_page_html", "narrow_cells_pdf"])
def test_headings_keep_their_origin(documents: dict[str, Built], name: str) -> None:
    r = extract(_document(documents, name).path)
    for s in r.sections:
        assert s.origin is not None and _flat(s.origin.text or "").startswith(
            _flat(s.ordinal + s.title)
        )
        if name.endswith("_pdf"):
            assert s.origin.page is not None and s.origin.box is not None


@pytest.mark.skipif(not HAVE_CHROMIUM, reason="Chromium is not installed (set OGI_TEST_CHROMIUM)")
@pytest.mark.parametrize("form", ["docx", "html", "pdf", "mht", "altchunk"])
def test_tables_published_as_screenshots_read_exactly(tmp_path: Path, form: str) -> None:
    name = f"table_pictures_{form}"
    if form == "pdf" and not SOFFICE:
        pytest.skip("LibreOffice is not installed")
    b = build_all([name], tmp_path)[name]
    # the phenomenon: the document holds no table, only the three screenshots (a PDF
    # printed from the DOCX has the text around them in its text layer, not theirs)
    if form == "pdf":
        text = "".join(_pdf_text(b.path))
        assert "三、收到和处理政府信息公开申请情况" in _flat(text)
        assert "结果纠正" not in text and "商业企业" not in text
    elif form in ("mht", "altchunk"):
        # a web archive (on its own, or as a DOCX's one embedded chunk): the page in GBK
        # quoted-printable, and the three screenshots
        data = b.path.read_bytes()
        if form == "altchunk":
            body = zipfile.ZipFile(b.path).read("word/document.xml").decode()
            assert "<w:altChunk" in body and "<w:tbl>" not in body
            data = zipfile.ZipFile(b.path).read("word/afchunk.mht")
        assert b'charset="gb2312"' in data and data.count(b"Content-Type: image/png") == 3
    else:
        body = (
            b.path.read_text(encoding="utf-8")
            if form == "html"
            else zipfile.ZipFile(b.path).read("word/document.xml").decode()
        )
        assert "<table" not in body and "<w:tbl>" not in body
        assert body.count("<img" if form == "html" else "<a:blip") == 3
    r = extract(b.path)
    assert wrong_cells(b.doc, r.cells) == {}
    assert r.cells == b.doc.cells
    assert (r.report_year, r.agency) == (2024, "示例镇人民政府")
    where = (
        ["第1页的图片", "第2页的图片", "第2页的图片"]
        if form == "pdf"
        else [f"第{n}张图片" for n in (1, 2, 3)]
    )
    assert [p.message for p in r.problems] == [
        f"{w}中的表格由 OCR 识别读取，数值请与原图核对" for w in where
    ]
