"""Pages whose text is turned by a quarter or a half: a page drawn sideways and shown
upright by its /Rotate (what some printers and page tools make of a landscape table),
or left sideways. Each reads exactly as the same page printed upright: its paragraphs,
its table continued over the page break, and its problems. The turned documents are
made here from the test suite's own upright PDF, each page's content placed turned on
a new page with pdfium."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ogi.blocks import Document
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_view import View, turn_of
from tests.readers.test_pdf import build_pdf, text_page, two_page_table

UPRIGHT = build_pdf([text_page(1), *two_page_table(repeat_header=False)])


def turned(data: bytes, turn: int, shown_upright: bool) -> bytes:
    """Every page's content turned `turn` degrees counter-clockwise on a page of the
    turned size; with /Rotate set to show it upright again, or not."""
    src, out = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        size = (h, w) if turn in (90, 270) else (w, h)
        page = out.new_page(*size)
        obj = src.page_as_xobject(i, out).as_pageobject()
        matrix = {90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, w)}
        pdfium_c.FPDFPageObj_Transform(obj, *matrix[turn])
        page.insert_obj(obj)
        page.gen_content()
        if shown_upright:
            page.set_rotation(turn)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def read(doc: Document) -> list[tuple[str, str, list[list[str]]]]:
    return [(b.kind, b.text, [[c.text for c in r] for r in b.rows]) for b in doc.blocks]


@pytest.mark.parametrize("shown_upright", [True, False])
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_page_reads_as_the_upright_one(turn: int, shown_upright: bool) -> None:
    want = read_pdf("upright.pdf", UPRIGHT, ocr=False)
    assert any(b.is_table for b in want.blocks)
    data = turned(UPRIGHT, turn, shown_upright)
    # the phenomenon: pdfium's text of the page, in its own space, runs turned (pdfium
    # counts the angle clockwise)
    page = pdfium.PdfDocument(data)[0]
    textpage = page.get_textpage()
    angle = round(pdfium_c.FPDFText_GetCharAngle(textpage.raw, 0) * 180 / 3.14159265)
    assert angle == (360 - turn) % 360
    got = read_pdf("turned.pdf", data, ocr=False)
    assert read(got) == read(want)
    assert got.problems == want.problems


def test_the_turn_is_what_most_characters_share() -> None:
    import numpy as np

    q = np.pi / 2
    assert turn_of(np.array([q] * 7 + [0.0] * 3)) == 90
    assert turn_of(np.array([-q] * 7 + [0.0] * 3)) == 270
    assert turn_of(np.array([np.pi] * 9 + [0.0])) == 180
    # a few turned labels in a table do not turn the page
    assert turn_of(np.array([q] * 5 + [0.0] * 5)) == 0
    assert turn_of(np.array([])) == 0


def test_a_view_turns_points_and_boxes_back() -> None:
    import numpy as np

    # an A4 portrait page's content turned 90° onto a landscape box 842 wide, 595 high
    v = View(90, 0.0, 0.0, 842.0, 595.0)
    assert v.height == 842.0
    # the turned content's top-left corner (x 842, y 595 … ) is the page's top-left
    x, y = v.xy(np.array([595.0]), np.array([0.0]))
    assert (x.tolist(), y.tolist()) == ([0.0], [595.0])
    x0, top, x1, bottom = v.box(*(np.array([v]) for v in (100.0, 200.0, 110.0, 230.0)))
    assert [a.tolist() for a in (x0, top, x1, bottom)] == [[200.0], [100.0], [230.0], [110.0]]
    up = View(0, 0.0, 0.0, 595.0, 842.0)
    x, y = up.xy(np.array([10.0]), np.array([800.0]))
    assert (x.tolist(), y.tolist(), up.height) == ([10.0], [42.0], 842.0)
