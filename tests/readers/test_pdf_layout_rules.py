"""The compiled loop that makes a page's rules of its paths' segments (`_layout.rules`)
against the Python it stands in for (`pdf_tables._make_rules`, path by path and with
arrays): on real pages and on made-up paths (ties at the thresholds, moves, curves,
closes, unusable points) the rules are the Python's to the bit; arrays of another type
or size, and points that are zero, NaN or infinite, are handed back (None) for the
Python to run; and a few cases are checked against rules worked out by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.readers import pdf_chars, pdf_tables
from ogi.readers.pdf_tables import _LINETO, _MOVETO, MIN_RULE, THIN, Rule, page_rules
from tests.readers.test_pdf_calls import _curvy_page, _form_page, _table_page
from tests.readers.test_pdf_layout import _compiled

_BEZIER = 1  # (FPDF_SEGMENT_BEZIERTO)
assert _BEZIER not in (_LINETO, _MOVETO)

Arrays = tuple[np.ndarray, ...]


def _python(arrays: Arrays, few: bool) -> list[Rule]:
    """`_make_rules` by the Python: path by path (`few`) or with arrays."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", None)
        m.setattr(pdf_tables, "FEW_SEGMENTS", 10**9 if few else -1)
        return pdf_tables._make_rules(*arrays)


def _compiled_rules(arrays: Arrays) -> list[Rule]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", _compiled())
        return pdf_tables._make_rules(*arrays)


def _raw(arrays: Arrays) -> Any:
    """`_layout.rules` itself on the arrays `_make_rules` takes."""
    drawn, counts, filled, stroked, x, y, usable, kinds, closes = arrays
    return _compiled().rules(
        counts, filled[drawn], stroked[drawn], x, y, usable, kinds, closes, _LINETO, THIN, MIN_RULE
    )


def _arrays(paths: list[list[tuple[float, float, int, bool, bool]]], flags: list[tuple]) -> Arrays:
    """`_make_rules`'s arrays for paths given as lists of segments (x, y, kind, close,
    usable) and their (filled, stroked) flags."""
    segs = [s for p in paths for s in p]
    n = len(paths)
    return (
        np.arange(n),
        np.array([len(p) for p in paths], np.int64),
        np.array([f for f, _ in flags], bool),
        np.array([s for _, s in flags], bool),
        np.array([s[0] for s in segs], np.float64),
        np.array([s[1] for s in segs], np.float64),
        np.array([s[4] for s in segs], bool),
        np.array([s[2] for s in segs], np.int64),
        np.array([int(s[3]) for s in segs], np.int64),
    )


# coordinates that make ties at every threshold likely: widths of 0.5, THIN and MIN_RULE,
# widths equal to heights
_coord = st.one_of(
    st.sampled_from([1.0, 1.5, 3.5, 4.0, 4.5, 5.0, 7.0, 100.0, -2.0, -5.5]),
    st.floats(-200, 200).filter(lambda v: v != 0.0),
)
_segment = st.tuples(
    _coord,
    _coord,
    st.sampled_from([_LINETO, _LINETO, _LINETO, _MOVETO, _BEZIER]),
    st.sampled_from([False, False, False, True]),
    st.sampled_from([True, True, True, False]),
)


@st.composite
def _paths(draw: st.DrawFn) -> Arrays:
    paths = draw(st.lists(st.lists(_segment, max_size=8), max_size=8))
    flags = [(draw(st.booleans()), draw(st.booleans())) for _ in paths]
    return _arrays(paths, flags)


@settings(max_examples=500, deadline=None)
@given(_paths())
def test_made_up_paths_make_the_rules_of_python(arrays: Arrays) -> None:
    expected = _python(arrays, few=True)
    assert repr(_compiled_rules(arrays)) == repr(expected)
    assert repr(_python(arrays, few=False)) == repr(expected)
    # and such paths are done by the compiled loop indeed, not handed back
    assert _raw(arrays) is not None


_odd = st.sampled_from([0.0, -0.0, float("nan"), float("inf"), float("-inf")])


@settings(max_examples=200, deadline=None)
@given(_paths(), st.data())
def test_odd_points_are_handed_back_to_python(arrays: Arrays, data: st.DataObject) -> None:
    x, y = arrays[4], arrays[5]
    if not len(x):
        return
    k = data.draw(st.integers(0, len(x) - 1))
    (x if data.draw(st.booleans()) else y)[k] = data.draw(_odd)
    assert _raw(arrays) is None
    assert repr(_compiled_rules(arrays)) == repr(_python(arrays, few=True))


def test_rules_worked_by_hand() -> None:
    box = [  # a stroked box, closed: four sides
        (10.0, 20.0, _MOVETO, False, True),
        (110.0, 20.0, _LINETO, False, True),
        (110.0, 70.0, _LINETO, False, True),
        (10.0, 70.0, _LINETO, True, True),
    ]
    bar = [  # a thin filled bar: one rule along its middle
        (5.0, 100.0, _MOVETO, False, True),
        (55.0, 100.0, _LINETO, False, True),
        (55.0, 101.0, _LINETO, False, True),
        (5.0, 101.0, _LINETO, True, True),
    ]
    curve = [  # a curve breaks the run; the line after it is a rule; a short one is not
        (1.0, 1.0, _MOVETO, False, True),
        (30.0, 40.0, _BEZIER, False, True),
        (60.0, 40.0, _LINETO, False, True),
        (63.0, 40.2, _LINETO, False, True),
    ]
    arrays = _arrays([box, bar, curve], [(False, True), (True, False), (False, True)])
    assert _raw(arrays) == (
        [True, False, True, False, True, True],
        [20.0, 110.0, 70.0, 10.0, 100.5, 40.0],
        [10.0, 20.0, 10.0, 20.0, 5.0, 30.0],
        [110.0, 70.0, 110.0, 70.0, 55.0, 60.0],
    )
    assert _compiled_rules(arrays) == [
        Rule(True, 20.0, 10.0, 110.0),
        Rule(False, 110.0, 20.0, 70.0),
        Rule(True, 70.0, 10.0, 110.0),
        Rule(False, 10.0, 20.0, 70.0),
        Rule(True, 100.5, 5.0, 55.0),
        Rule(True, 40.0, 30.0, 60.0),
    ]
    # a point pdfium could not give is skipped; a filled box not thin draws nothing
    arrays = _arrays([[box[0], (1.0, 1.0, _LINETO, False, False), *box[1:]]], [(True, False)])
    assert _raw(arrays) == ([], [], [], [])
    # no paths at all
    assert _raw(_arrays([], [])) == ([], [], [], [])


def test_arrays_of_another_type_or_size_are_handed_back() -> None:
    layout = _compiled()
    line = [(1.0, 1.0, _MOVETO, False, True), (9.0, 1.0, _LINETO, False, True)]
    _, counts, filled, stroked, x, y, usable, kinds, closes = _arrays([line], [(False, True)])
    args = [counts, filled, stroked, x, y, usable, kinds, closes]
    assert layout.rules(*args, _LINETO, THIN, MIN_RULE) == ([True], [1.0], [1.0], [9.0])
    odd = {
        0: [counts.astype(np.int32), np.array([3], np.int64), np.array([-1], np.int64), [2]],
        1: [filled.astype(np.int64), np.ones(2, bool), None],
        2: [np.ones(0, bool)],
        3: [x.astype(np.float32), x[:1], x.tolist(), np.ones((2, 1))],
        4: [y.astype(np.int64), np.ones(3)],
        5: [usable.astype(np.uint8), np.ones(1, bool)],
        6: [kinds.astype(np.float64), kinds.astype(np.int32), np.zeros(3, np.int64)],
        7: [closes.astype(np.uint64), "ab"],
    }
    for k, values in odd.items():
        for v in values:
            changed = list(args)
            changed[k] = v
            assert layout.rules(*changed, _LINETO, THIN, MIN_RULE) is None, (k, v)
    with pytest.raises(TypeError):
        layout.rules(*args)
    with pytest.raises(TypeError):
        layout.rules(*args, "0", THIN, MIN_RULE)
    with pytest.raises(OverflowError):
        layout.rules(*args, 2**80, THIN, MIN_RULE)
    # a non-contiguous array: handed back too
    changed = list(args)
    changed[3] = np.ones((2, 2))[:, 0]
    assert layout.rules(*changed, _LINETO, THIN, MIN_RULE) is None


def _pages() -> list[Any]:
    from tests.readers.test_pdf import build_pdf  # (the made pages of the PDF tests)

    p = _curvy_page()
    p.bar(60, 400, 260, 440)
    for y in (400.0, 420.0, 440.0):
        p.bar(60, y - 0.4, 260, y + 0.4)
    p.ops.append("300 300 m 400 300 l 300 320 m 400 320 l S")
    return [build_pdf([_table_page(), _form_page(), p])]


def test_rules_of_real_pages_are_those_of_python(monkeypatch: pytest.MonkeyPatch) -> None:
    _compiled()
    for data in _pages():
        pdf = pdfium.PdfDocument(data)
        for i in range(len(pdf)):
            page = pdf[i]
            monkeypatch.setattr(pdf_chars, "LAYOUT", _compiled())
            compiled = page_rules(page, 842.0)
            monkeypatch.setattr(pdf_chars, "LAYOUT", None)
            for few in (0, 10**6):
                monkeypatch.setattr(pdf_tables, "FEW_SEGMENTS", few)
                assert repr(page_rules(page, 842.0)) == repr(compiled)
            assert compiled
            page.close()
        pdf.close()
