"""A usual page's chars asked of pdfium and cleaned in one compiled call
(`pdf_calls.page_chars`, behind `pdf_chars._asked_at_once`) against `_asked`, the Python
it stands in for: the same chars to the bit where it answers, and no answer (so that
`_asked` does the work) on every page it is not made for."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pypdfium2 as pdfium
import pytest

from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_chars
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_view import View
from tests.readers.test_pdf import Page, build_pdf, text_page
from tests.readers.test_pdf_calls import _table_page
from tests.shared import need_shared

CHARS = calls.NATIVE_CHARS


@pytest.fixture(autouse=True)
def _built() -> None:
    if CHARS is None:
        pytest.skip("the native module was not built here (no C compiler at install)")


def test_the_compiled_chars_are_built_where_they_are_required() -> None:
    if os.environ.get("OGI_REQUIRE_NATIVE") != "1":
        pytest.skip("OGI_REQUIRE_NATIVE is not set")
    assert CHARS is not None


def _in_form(dx: float, dy: float, scale: float = 1.0) -> Page:
    inner = Page().text(80, 100, "示例镇政务公开 2024").text(80, 130, "主动公开 46 件")
    return Page().text(80, 60, "表外的字 7").group(inner, dx, dy, scale, text=True)


def _both(data: bytes, forms: bool = False) -> list[tuple[pdf_chars._Asked, object]]:
    """Of each page of `data`: `_asked` and `_asked_at_once` (None where it does not
    answer)."""
    out = []
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        tp, n = textpage.raw, textpage.count_chars()
        view = View(0, *page.get_mediabox())
        out.append(
            (
                pdf_chars._asked(tp, calls.address(tp), n, view, forms),
                pdf_chars._asked_at_once(tp, n, view, forms),
            )
        )
    return out


def _same(a: pdf_chars._Asked, b: pdf_chars._Asked) -> None:
    """Field by field, arrays of the same type and bits."""
    for f in dataclasses.fields(pdf_chars._Asked):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert (x.dtype, x.shape, x.tobytes()) == (y.dtype, y.shape, y.tobytes()), f.name
        else:
            assert x == y, f.name


@pytest.mark.parametrize(
    ("pages", "to_unicode", "forms", "kept", "garbage"),
    [
        ([text_page(1)], None, False, None, 0),
        ([_table_page()], None, False, None, 0),
        # a control char and U+FFFD, asked for again by index: both garbage
        ([Page().text(90, 100, "示例镇人民政府")], {"镇": "\x07", "民": "\ufffd"}, False, 7, 2),
        # a char mapped past the BMP (pdfium keeps its low bits)
        ([Page().text(90, 100, "示例镇人民政府")], {"镇": "\U00020000"}, False, 7, 0),
        # text in a form drawn where it stands: the boxes are already on the page
        ([_in_form(0, 0)], None, True, None, 0),
    ],
)
def test_a_usual_page_is_answered_as_the_python_answers_it(
    pages: list[Page],
    to_unicode: dict[str, str] | None,
    forms: bool,
    kept: int | None,
    garbage: int,
) -> None:
    for python, compiled in _both(build_pdf(pages, to_unicode=to_unicode), forms):
        assert compiled is not None
        _same(python, compiled)
        assert compiled.garbage == garbage
        if kept is not None:
            assert len(compiled.index) == kept


def test_the_numbers_of_a_page_are_those_typed() -> None:
    # 12 pt at x 100, its em box's top at 200 on a page 842 tall, in a font of ascent
    # 0.8 and descent 0.2: the loose box runs from the ascent to the descent about the
    # baseline
    [(python, compiled)] = _both(build_pdf([Page().text(100, 200, "7 1", 12)], metrics=(800, 200)))
    assert compiled is not None
    assert compiled.code.tolist() == [ord("7"), ord("1")]
    assert compiled.index.tolist() == [0, 2]  # (the space between is left out)
    assert compiled.size.tolist() == [12.0, 12.0]
    assert compiled.total == 2
    assert compiled.left[0] == pytest.approx(100.0, abs=0.01)
    baseline = 842 - 200 - 12 * 0.88
    assert compiled.bottom.tolist() == pytest.approx([baseline - 12 * 0.2] * 2, abs=0.01)
    assert compiled.top.tolist() == pytest.approx([baseline + 12 * 0.8] * 2, abs=0.01)
    _same(python, compiled)


@pytest.mark.parametrize(
    ("pages", "to_unicode", "metrics", "forms"),
    [
        # a diagonal watermark: slanted chars, dropped by the Python
        ([text_page(2).text(150, 600, "示例镇人民政府内部资料", 40, turn=45)], None, None, False),
        # text turned by a quarter
        ([Page().text(300, 100, "示例镇人民政府信息公开 12", 12, turn=90)], None, None, False),
        # a font whose ascent and descent reach far past its glyphs: boxes rebuilt
        ([_table_page()], None, (2000, 1000), False),
        # text in a form moved and scaled: its boxes are in the form's space
        ([_in_form(20, 10, 0.8)], None, None, True),
    ],
)
def test_a_page_it_is_not_made_for_is_left_to_the_python(
    pages: list[Page],
    to_unicode: dict[str, str] | None,
    metrics: tuple[int, int] | None,
    forms: bool,
) -> None:
    data = build_pdf(pages, to_unicode=to_unicode, metrics=metrics)
    answers = _both(data, forms)
    assert [compiled for _, compiled in answers] == [None] * len(pages)
    assert all(len(python.index) for python, _ in answers)


def test_a_page_read_turned_is_left_to_the_python() -> None:
    pdf = pdfium.PdfDocument(build_pdf([text_page(1)]))
    textpage = pdf[0].get_textpage()
    view = dataclasses.replace(View(0, *pdf[0].get_mediabox()), turn=90)
    assert pdf_chars._asked_at_once(textpage.raw, textpage.count_chars(), view, False) is None


def _blocks(data: bytes) -> list:
    return [dataclasses.asdict(b) for b in read_pdf("t.pdf", data, ocr=False).blocks]


def test_a_whole_read_is_the_same_without_the_compiled_chars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [
        build_pdf([_table_page(), text_page(1), _in_form(0, 0), _in_form(20, 10, 0.8)]),
        build_pdf([text_page(2).text(150, 600, "示例镇人民政府内部资料", 40, turn=45)]),
        build_pdf([_table_page()], metrics=(2000, 1000)),
    ]
    compiled = [_blocks(d) for d in files]
    monkeypatch.setattr(calls, "NATIVE_CHARS", None)
    assert [_blocks(d) for d in files] == compiled
    assert any(b["kind"] == "table" for b in compiled[0])


def test_the_real_report_is_answered_as_the_python_answers_it() -> None:
    data = (need_shared() / "corpus" / "huaian-hongze-2023.pdf").read_bytes()
    answers = _both(data, forms=True)
    # (page 3 has a heading set in a vertical font, whose boxes are rebuilt)
    assert [compiled is None for _, compiled in answers] == [False, False, True, False, False]
    for python, compiled in answers:
        if compiled is not None:
            _same(python, compiled)


def test_the_entry_checks_what_it_is_given() -> None:
    pdf = pdfium.PdfDocument(build_pdf([text_page(1)]))
    textpage = pdf[0].get_textpage()
    tp, n = calls.address(textpage.raw), textpage.count_chars()
    fns = calls._CHAR_FNS
    ints, floats = np.empty((3, n), np.int64), np.empty((5, n), np.float64)
    assert CHARS(fns, tp, n, False, ints, floats)[0] > 0
    cases = [
        ((fns, tp, n, False, ints), TypeError, "chars takes 6 arguments"),
        ((fns[:-1], tp, n, False, ints, floats), ValueError, "tuple of 9 function addresses"),
        (((0, *fns[1:]), tp, n, False, ints, floats), ValueError, "no function at address 0"),
        ((fns, 0, n, False, ints, floats), ValueError, "no text page at address 0"),
        ((fns, tp, -1, False, ints, floats), ValueError, "out of the range of a C int"),
        ((fns, tp, n, False, np.empty((3, n - 1), np.int64), floats), ValueError, "ints: too"),
        ((fns, tp, n, False, ints, np.zeros((5, n), np.float32)), ValueError, "floats: too"),
        ((fns, tp, n, False, ints[:, ::2], floats), ValueError, "not C-contiguous"),
    ]
    for args, error, words in cases:
        with pytest.raises(error, match=words):
            CHARS(*args)
    frozen = floats.copy()
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        CHARS(fns, tp, n, False, ints, frozen)
