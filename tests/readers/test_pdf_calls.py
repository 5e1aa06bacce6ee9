"""pdfium asked about many items at once (`pdf_calls`): the answers are pypdfium2's own,
and the scratch memory they pass through keeps nothing from one call to the next."""

from __future__ import annotations

import ctypes
import dataclasses

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_tables
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_tables import page_rules
from tests.readers.test_pdf import XS, Page, build_pdf, cell, ruled, text_page, two_page_table


def _table_page() -> Page:
    p = Page()
    ys = [60.0 + 22 * i for i in range(6)]
    ruled(p, ys, XS, set())
    for r, top in enumerate(ys[:-1]):
        for c, x in enumerate(XS[:-1]):
            cell(p, x, top, f"第{r}行" if c == 0 else str(r * 10 + c))
    return p


def test_boxes_and_matrices_are_those_pypdfium2_reads_one_by_one() -> None:
    pdf = pdfium.PdfDocument(build_pdf([text_page(1)]))
    textpage = pdf[0].get_textpage()
    n = textpage.count_chars()
    index = [*range(n), n + 5]  # one index past the end: the call fails
    ok, boxes = calls.each_into(
        calls.LOOSE_BOX, len(index), calls.same(textpage.raw), index, out=ctypes.c_float, width=4
    )
    assert ok.tolist() == [True] * n + [False]
    assert boxes[-1].tolist() == [0.0, 0.0, 0.0, 0.0]  # left as zeroed
    rect = pdfium_c.FS_RECTF()
    for i in range(n):
        assert pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, rect)
        assert boxes[i].tolist() == [rect.left, rect.top, rect.right, rect.bottom]
    sizes = calls.each(calls.FONT_SIZE, n, calls.same(textpage.raw), range(n), kind=float)
    assert sizes.tolist() == [pdfium_c.FPDFText_GetFontSize(textpage.raw, i) for i in range(n)]


def test_path_objects_come_back_as_handles_pdfium_takes_again() -> None:
    page = pdfium.PdfDocument(build_pdf([_table_page()]))[0]
    n = pdfium_c.FPDFPage_CountObjects(page.raw)
    objs = list(map(calls.PAGE_OBJECT, calls.same(page.raw), range(n + 1)))
    assert all(isinstance(o, calls.Handle) for o in objs)
    assert not objs[-1]  # past the end: NULL, and false
    kinds = calls.each(calls.OBJECT_TYPE, n, objs[:n]).tolist()
    assert kinds == [
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) for i in range(n)
    ]
    # ruled() draws each piece of rule as a path: 6 rows of 4 and 5 columns of 5
    assert kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) == 6 * 4 + 5 * 5
    # the same objects asked for as addresses: the type is the same through either
    where = list(map(calls.PAGE_OBJECT_ADDRESS, calls.same(page.raw), range(n + 1)))
    assert where == [o.value or 0 for o in objs]
    assert calls.each(calls.OBJECT_TYPE, n, where[:n]).tolist() == kinds


def test_a_failed_call_leaves_zeros_not_the_answer_before_it() -> None:
    # the scratch memory is reused call after call
    textpage = pdfium.PdfDocument(build_pdf([text_page(1)]))[0].get_textpage()
    tp, n = textpage.raw, textpage.count_chars()
    ok, boxes = calls.each_into(
        calls.LOOSE_BOX, n, calls.same(tp), range(n), out=ctypes.c_float, width=4
    )
    assert ok.all() and boxes[0].any()
    ok, boxes = calls.each_into(
        calls.LOOSE_BOX, 1, calls.same(tp), [n + 5], out=ctypes.c_float, width=4
    )
    assert not ok[0] and boxes.tolist() == [[0.0, 0.0, 0.0, 0.0]]


def test_pages_read_after_larger_ones_read_as_alone() -> None:
    files = [build_pdf([_table_page()] * 3), build_pdf([text_page(1), *two_page_table(False)])]

    def read(data: bytes) -> list[dict]:
        return [dataclasses.asdict(b) for b in read_pdf("t.pdf", data, ocr=False).blocks]

    alone = [read(d) for d in files]
    assert [read(d) for d in files * 3] == alone * 3


def test_more_calls_than_one_go_holds_are_asked_in_turn() -> None:
    textpage = pdfium.PdfDocument(build_pdf([text_page(1)]))[0].get_textpage()
    tp, n = textpage.raw, textpage.count_chars()
    index = [i % n for i in range(2 * calls._CHUNK + 7)]  # three goes, the last short
    ok, boxes = calls.each_into(
        calls.LOOSE_BOX, len(index), calls.same(tp), index, out=ctypes.c_float, width=4
    )
    assert ok.all()
    rect = pdfium_c.FS_RECTF()
    for k, i in enumerate(index):
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
        assert boxes[k].tolist() == [rect.left, rect.top, rect.right, rect.bottom]


def test_rules_found_in_batches_of_segments_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    page = pdfium.PdfDocument(build_pdf([_table_page()]))[0]
    whole = page_rules(page, 842.0)
    monkeypatch.setattr(pdf_tables, "SEGMENTS_AT_ONCE", 5)  # two-point rules: 2 or 3 a go
    assert pdf_tables._batches([2, 2, 2, 9, 2]) == [(0, 2), (2, 3), (3, 4), (4, 5)]
    assert page_rules(page, 842.0) == whole
    assert len(whole) == 6 * 4 + 5 * 5


def _curvy_page() -> Page:
    p = _table_page()
    p.ops.append("100 700 m 150 700 l 150 750 l 100 750 l h S")  # a box: 4 segments, closed
    p.ops.append("100 600 m 120 640 140 640 160 600 c 200 600 l S")  # a curve and a line
    return p


def test_rules_made_path_by_path_are_those_of_the_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    # a page of every kind of path: stroked rules, thin filled bars, a shaded box, a
    # stroked box closed with h, a curve, a path of two runs, and zero coordinates
    p = _curvy_page()
    p.bar(60, 400, 260, 440)
    for y in (400.0, 420.0, 440.0):
        p.bar(60, y - 0.4, 260, y + 0.4)
    p.ops.append("0 100 m 0 200 l 50 200 l S")
    p.ops.append("300 300 m 400 300 l 300 320 m 400 320 l S")
    page = pdfium.PdfDocument(build_pdf([p]))[0]
    monkeypatch.setattr(pdf_tables, "FEW_SEGMENTS", 0)
    arrays = page_rules(page, 842.0)
    monkeypatch.setattr(pdf_tables, "FEW_SEGMENTS", 10**6)
    one_by_one = page_rules(page, 842.0)
    assert one_by_one == arrays
    # the table; the box's four sides; the line after the curve; three bars; two and two
    assert len(arrays) == 6 * 4 + 5 * 5 + 4 + 1 + 3 + 2 + 2
