"""Whether every text object of a page is plainly seen, asked in one compiled call
(`pdf_calls.plain_text`, behind `pdf_unseen.unseen`): yes only where the Python's own
questions (`_drawn_unseen`, `_clipped`) would all answer no, and the same reads without
it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pypdfium2 as pdfium
import pytest

from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_unseen
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_tables import page_objects
from tests.readers.test_pdf import Page, build_pdf, cell, ruled

PLAIN = calls.NATIVE_PLAIN


@pytest.fixture(autouse=True)
def _built() -> None:
    if PLAIN is None:
        pytest.skip("the native module was not built here (no C compiler at install)")


def _row(state: str) -> Page:
    """行政许可 and 46 in a ruled row, then a 7 drawn in the graphics state `state`."""
    p = Page()
    ruled(p, [100.0, 120.0], [60.0, 160.0, 260.0], set())
    cell(p, 60, 100, "行政许可")
    cell(p, 160, 100, "46")
    p.ops.append(f"q {state}")
    p.text(173.5, 104, "7")
    p.ops.append("Q")
    return p


def _in_form() -> Page:
    return _row("").group(Page().hline(300, 60, 200), 0, 0)


def _no_text() -> Page:
    p = Page()
    ruled(p, [100.0, 120.0], [60.0, 160.0], set())
    return p


@pytest.mark.parametrize(
    ("page", "plain", "finds"),
    [
        (_row(""), True, False),
        (_row("0 Tr"), True, False),
        (_row("0.9 0.9 0.9 rg"), True, False),  # light grey: 230, short of white
        (_row("3 Tr"), False, True),  # drawn invisible
        (_row("/Clear gs"), False, True),  # a fill of alpha 0
        (_row("1 1 1 rg"), False, True),  # white
        (_row("0.97 0.97 0.97 rg"), False, True),  # 247: white
        # outlined in black: seen, but a mode the call leaves to the Python
        (_row("1 Tr 0 0 0 RG"), False, False),
        (_row("100 600 70 200 re W n"), False, True),  # clipped
        # a clip that holds the whole object: pdfium keeps none for it
        (_row("100 600 100 200 re W n"), True, False),
        (_in_form(), False, False),  # a form: its text is known through the chars only
        (_no_text(), True, False),
    ],
)
def test_plain_only_where_the_python_finds_nothing(page: Page, plain: bool, finds: bool) -> None:
    pdf = pdfium.PdfDocument(build_pdf([page]))
    page_ = pdf[0]  # (held: its objects live as long as it does)
    objects = page_objects(page_)
    assert calls.plain_text(*objects, pdf_unseen.WHITE) is plain
    textpage = page_.get_textpage()
    n = textpage.count_chars()
    at, index = calls.address(textpage.raw), np.arange(n)
    gone, white = pdf_unseen._drawn_unseen(at, index, objects)
    box = tuple(np.full(n, v) for v in (0.0, 0.0, 595.0, 842.0))
    clipped = pdf_unseen._clipped(at, index, box, objects)  # type: ignore[arg-type]
    assert bool((gone | white | clipped).any()) is finds


def _blocks(data: bytes) -> list:
    return [dataclasses.asdict(b) for b in read_pdf("t.pdf", data, ocr=False).blocks]


def test_a_whole_read_is_the_same_without_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    states = ["", "3 Tr", "/Clear gs", "1 1 1 rg", "100 600 70 200 re W n", "2 Tr 1 1 1 RG"]
    files = [build_pdf([_row(s)]) for s in states] + [build_pdf([_in_form()])]
    compiled = [_blocks(d) for d in files]
    monkeypatch.setattr(calls, "NATIVE_PLAIN", None)
    assert [_blocks(d) for d in files] == compiled
    # (the 7 read where it shows, marked where it is white, left out where unseen; in
    # mode 2 the white outline is drawn round a black fill)
    values = [b["rows"][0][1]["text"] for b, *_ in compiled]
    assert values == ["467", "46", "46", "467\u0337", "46", "467", "467"]


def test_the_entry_checks_what_it_is_given() -> None:
    pdf = pdfium.PdfDocument(build_pdf([_row("")]))
    page = pdf[0]  # (held: its objects live as long as it does)
    objs, kinds = page_objects(page)
    fns, text, form = calls._PLAIN_FNS, 1, 5
    assert PLAIN(fns, objs, kinds, text, form, 245) is True
    cases = [
        ((fns, objs, kinds, text, form), TypeError, "plain takes 6 arguments"),
        ((fns[:3], objs, kinds, text, form, 245), ValueError, "tuple of 4 function addresses"),
        ((fns, objs, kinds[:-1], text, form, 245), ValueError, "kinds: too small"),
        ((fns, objs, kinds.astype(np.int32), text, form, 245), ValueError, "kinds: too small"),
        ((fns, objs, kinds, text, form, 2**40), ValueError, "white out of the range"),
    ]
    for args, error, words in cases:
        with pytest.raises(error, match=words):
            PLAIN(*args)
    with pytest.raises(ValueError, match="2 kinds for 3 objects"):
        calls.plain_text(objs[:3], kinds[:2], 245)
