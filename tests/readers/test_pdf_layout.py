"""The compiled loops of line grouping (`_layout.c`), of the making of a page's chars and
of the look for their fake-bold copies, against the Python they stand in for: on real
pages and on made-up chars (NaN, infinities, ints, empty and long texts, ties) every
answer is the Python's to the bit, or None where the Python is left to run; and a few
small cases are checked against values worked out by hand."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.readers import pdf_chars
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_chars import (
    Char,
    extract_chars,
    group_lines,
    join_chars,
    join_spans,
    line_centres,
    line_texts,
)
from ogi.readers.pdf_tables import cell_text
from tests.readers.test_pdf import XS, Page, build_pdf, cell, ruled, text_page, two_page_table

LAYOUT = pdf_chars.LAYOUT


def _compiled() -> Any:
    if LAYOUT is None:
        pytest.skip("the layout loops were not built here (no C compiler at install)")
    return LAYOUT


@pytest.fixture(params=["compiled", "python"])
def loops(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test with the compiled loops (skipped where they were not built) and with
    the Python ones."""
    if request.param == "compiled":
        monkeypatch.setattr(pdf_chars, "LAYOUT", _compiled())
    else:
        monkeypatch.setattr(pdf_chars, "LAYOUT", None)
    yield request.param


def test_the_layout_loops_are_built_where_they_are_required() -> None:
    # CI installs a C compiler and sets OGI_REQUIRE_NATIVE: there the module must exist
    if os.environ.get("OGI_REQUIRE_NATIVE") != "1":
        pytest.skip("OGI_REQUIRE_NATIVE is not set")
    assert LAYOUT is not None


def test_ogi_pdf_native_0_asks_for_the_python_loops() -> None:
    code = "from ogi.readers import pdf_chars; print(pdf_chars.LAYOUT is None)"
    env = {**os.environ, "OGI_PDF_NATIVE": "0"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "True"
    env.pop("OGI_PDF_NATIVE")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == str(LAYOUT is None)


def test_a_module_built_from_another_version_is_passed_over() -> None:
    _compiled()
    assert pdf_chars._load_layout() is not None
    assert pdf_chars._load_layout(pdf_chars.LAYOUT_VERSION + 1) is None


def _both(fn: Callable[[list[Char]], Any], chars: list[Char]) -> tuple[str, str]:
    """repr of `fn(chars)` with the compiled loops and with the Python ones (repr tells
    -0.0 from 0.0 and compares NaN), each given its own copy of the list."""
    saved = pdf_chars.LAYOUT
    try:
        pdf_chars.LAYOUT = _compiled()
        compiled = repr(fn(list(chars)))
        pdf_chars.LAYOUT = None
        python = repr(fn(list(chars)))
    finally:
        pdf_chars.LAYOUT = saved
    return compiled, python


_FUNCTIONS: list[Callable[[list[Char]], Any]] = [
    group_lines,
    line_texts,
    line_centres,
    lambda chars: pdf_chars._rows(chars),
    lambda chars: pdf_chars._rows(chars, ordered=True),
    join_chars,
    join_spans,
    cell_text,
]


def _same_everywhere(chars: list[Char]) -> None:
    for fn in _FUNCTIONS:
        compiled, python = _both(fn, chars)
        assert compiled == python, fn


# values that test the edges: ties, signed zeros, NaN, infinities, the smallest and
# largest doubles, ints where floats are usual
_edge = st.sampled_from(
    [0.0, -0.0, 0.1, 0.2, 0.3, 1.0, 1e-300, 5e-324, 1.7976931348623157e308, -1e308, 3, 0]
)
_coord = st.one_of(
    st.floats(-50, 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), float("-inf")]),
    _edge,
)
_text = st.sampled_from(
    ["1", "2", "a", "Z", "%", ".", "一", "（", "12", "ab", "", "口\ufe00", "😀"]
)


@st.composite
def _chars(draw: st.DrawFn, odd: bool) -> list[Char]:
    coord = _coord if odd else st.floats(-50, 50)
    out = []
    for _ in range(draw(st.integers(0, 25))):
        x0, top = draw(coord), draw(coord)
        width = draw(st.one_of(st.floats(0, 12), _edge) if odd else st.floats(0, 12))
        height = draw(st.sampled_from([0.5, 1.0, 10.0, 12.0]))
        size = draw(
            st.one_of(st.sampled_from([0.5, 1.0, 10.5, 12.0]), _edge) if odd else st.just(10.5)
        )
        text = draw(_text if odd else st.sampled_from(["1", "2", "a", "%", "一", "12"]))
        # (a quarter of the chars snapped to a few lines: rows with many ties)
        if draw(st.booleans()) and not odd:
            top = float(draw(st.integers(0, 3)) * 11)
        out.append(Char(text, x0, x0 + width, top, top + height, size))
    return out


@settings(max_examples=400, deadline=None)
@given(_chars(odd=False))
def test_ordinary_chars_are_read_by_the_compiled_loops_as_by_python(chars: list[Char]) -> None:
    _same_everywhere(chars)
    # and ordinary chars are read by the compiled loops indeed, not handed back
    layout = _compiled()
    assert layout.rows(list(chars), True) is not None
    assert layout.line_centres(list(chars)) is not None
    assert layout.lines(list(chars)) is not None
    assert layout.join(list(chars), True) is not None


@settings(max_examples=600, deadline=None)
@given(_chars(odd=True))
def test_odd_chars_are_read_by_the_compiled_loops_as_by_python(chars: list[Char]) -> None:
    for fn in _FUNCTIONS:
        try:
            python = repr(_python(fn, chars))
        except Exception as e:  # (an empty text's [-1], say: the compiled raises alike)
            with pytest.raises(type(e)):
                _both(fn, chars)
            continue
        assert _both(fn, chars) == (python, python), fn


def _python(fn: Callable[[list[Char]], Any], chars: list[Char]) -> Any:
    saved = pdf_chars.LAYOUT
    try:
        pdf_chars.LAYOUT = None
        return fn(list(chars))
    finally:
        pdf_chars.LAYOUT = saved


def test_small_cases_worked_by_hand() -> None:
    layout = _compiled()
    a = Char("1", 10.0, 16.0, 0.0, 12.0, 12.0)
    b = Char("2", 25.0, 31.0, 0.5, 12.5, 12.0)  # gap 9 > 0.6 × 12: apart
    c = Char("一", 40.0, 52.0, 20.0, 32.0, 12.0)
    d = Char("ab", 60.0, 70.0, 20.0, 32.0, 12.0)  # gap 8, not past 2.5 ems; 一 is CJK
    assert layout.rows([c, b, a], False) == [[a, b], [c]]
    assert layout.rows([d, c], True) == [[c, d]]
    assert layout.join([a, b], False) == "1 2"
    assert layout.join([a, b], True) == ("1 2", [(10.0, 16.0), (16.0, 25.0), (25.0, 31.0)])
    assert layout.join([c, d], True) == ("一ab", [(40.0, 52.0), (60.0, 65.0), (65.0, 70.0)])
    # the row's centre is 6.0, then 6.25: (0 + 12.5) / 2
    assert layout.line_centres([a, b, c]) == [6.25, 26.0]
    assert layout.lines([b, a]) == [
        ([a, b], "1 2", 10.0, 31.0, 0.0, 12.5, 12.0, [(10.0, 16.0), (16.0, 25.0), (25.0, 31.0)])
    ]
    assert layout.one_line([d, c]) == "一ab"
    assert layout.one_line([a, b]) is None  # two tops: not one line by the quick test
    close = Char("3", 16.1, 22.0, 0.0, 12.0, 12.0)  # a gap of 0.1 pt: one number
    assert layout.join([a, close], False) == "13"


def test_edges_empty_one_and_many() -> None:
    layout = _compiled()
    assert layout.rows([], False) == []
    assert layout.line_centres([]) == []
    assert layout.lines([]) == []
    assert layout.join([], True) == ("", [])
    assert layout.one_line([]) is None
    one = Char("字", 1.0, 2.0, 3.0, 4.0, 1.0)
    assert layout.lines([one]) == [([one], "字", 1.0, 2.0, 3.0, 4.0, 1.0, [(1.0, 2.0)])]
    # what is not a list of chars: None (the Python runs and says what is wrong), or
    # the error Python raises
    assert layout.rows((one,), False) is None
    assert layout.join("ab", False) is None
    with pytest.raises(AttributeError):
        layout.rows([one, object()], False)
    with pytest.raises(TypeError):
        layout.rows([one])
    nan = Char("字", float("nan"), 2.0, 3.0, 4.0, 1.0)
    assert layout.rows([one, nan], False) is None
    assert layout.lines([Char("字", 1.0, 2.0, 3.0, 4.0, float("nan"))]) is None
    assert layout.lines([Char("字", 1, 2.0, 3.0, 4.0, 1.0)]) is None  # an int
    # a page of many chars, in many rows of many ties
    many = []
    for k in range(60000):
        x, y = float(k % 300), float(k // 300)
        many.append(Char(str(k % 10), x, x + 1.0, y, y + 0.5, 1.0))
    _same_everywhere(many)


def _slotted() -> type:
    """A new class of its own with Char's six fields as slots: read from them as Char's."""
    return dataclasses.make_dataclass(
        "Slotted", [(f.name, f.type) for f in dataclasses.fields(Char)], slots=True
    )


_Slotted = _slotted()


class _Dicted:
    """Chars of a class without slots: each field looked up by name."""

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size = size

    def __repr__(self) -> str:
        return f"_Dicted({self.text!r}, {self.x0}, {self.x1}, {self.top}, {self.bottom})"


def _row(cls: type) -> list[Any]:
    return [cls("1", 10.0, 16.0, 0.0, 12.0, 12.0), cls("2", 25.0, 31.0, 0.5, 12.5, 12.0)]


def test_fields_are_read_from_the_slots_of_the_class_as_by_name() -> None:
    """Fields are read straight from the slots of a class seen before; what they read is
    what looking them up by name gives, for chars of another class, of a class without
    slots, of several classes in one list, and of a class changed since it was seen."""
    layout = _compiled()
    for cls in (Char, _Slotted, _Dicted, Char, _Dicted, _Slotted):
        assert layout.join(_row(cls), True) == (
            "1 2",
            [(10.0, 16.0), (16.0, 25.0), (25.0, 31.0)],
        )
    mixed = [_Dicted("字", 40.0, 52.0, 20.0, 32.0, 12.0), *_row(Char), *_row(_Slotted)]
    assert [[c.text for c in row] for row in layout.rows(mixed, True)] == [
        ["1", "1", "2", "2"],
        ["字"],
    ]
    # a slot left empty: Python's own error, as looking it up by name raises it
    empty = _Slotted.__new__(_Slotted)
    empty.text, empty.x0, empty.x1 = "3", 1.0, 2.0
    with pytest.raises(AttributeError, match="top"):
        layout.rows([*_row(_Slotted), empty], False)
    # a field no longer a float: handed back, as Python's would be read
    odd = _row(_Slotted)
    odd[1].x0 = 25
    assert layout.join(odd, False) is None

    changing = _slotted()
    row = _row(changing)
    assert layout.join(row, False) == "1 2"
    assert layout.line_centres(row) == [6.25]
    # the class changed: its `top` now a property (the slot left as it was) is read by
    # name, not from the slot it had when it was first seen
    changing.top = property(lambda c: 100.0)  # type: ignore[attr-defined]
    assert layout.line_centres(row) == [56.25]
    assert [c.top for c in row] == [100.0, 100.0]
    assert layout.join([Char("一", 1.0, 2.0, 0.0, 1.0, 1.0), *row], False) == "一1 2"


def _pages() -> list[Page]:
    table = Page()
    ys = [60.0 + 22 * i for i in range(8)]
    ruled(table, ys, XS, set())
    for r, top in enumerate(ys[:-1]):
        for c, x in enumerate(XS[:-1]):
            cell(table, x, top, f"第{r}行" if c == 0 else str(r * 1000 + c))
    return [text_page(1), *two_page_table(repeat_header=False), table]


def test_chars_of_real_pages_are_read_alike() -> None:
    _compiled()
    pdf = pdfium.PdfDocument(build_pdf(_pages()))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            chars = extract_chars(textpage, page.get_mediabox()[3]).chars
            textpage.close()
            page.close()
            assert chars
            _same_everywhere(chars)
    finally:
        pdf.close()


def test_a_whole_read_is_the_same_with_either(loops: str) -> None:
    data = build_pdf(_pages())
    doc = read_pdf("t.pdf", data, ocr=False)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", None)
        expected = read_pdf("t.pdf", data, ocr=False)
    assert repr(doc) == repr(expected)
    assert "1003" in repr(doc)


def _made(texts: list[str], *columns: Any) -> tuple[Any, str]:
    """The chars `_layout.chars` makes, and the repr of those Python makes."""
    python = list(map(Char, texts, *(np.asarray(c).tolist() for c in columns)))
    return _compiled().chars(Char, texts, *columns), repr(python)


_floats = st.lists(_coord.map(float), min_size=5, max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_text, _floats), max_size=30), st.booleans())
def test_chars_are_made_as_python_makes_them(
    rows: list[tuple[str, list[float]]], strided: bool
) -> None:
    texts = [t for t, _ in rows]
    table = np.array([v for _, v in rows], np.float64).reshape(len(rows), 5)
    # (columns of a table: strided, as a page's boxes often are)
    columns = list(table.T) if strided else [np.ascontiguousarray(c) for c in table.T]
    made, python = _made(texts, *columns)
    assert made is not None
    assert repr(made) == python
    assert all(
        type(getattr(c, f)) is float for c in made for f in ("x0", "x1", "top", "bottom", "size")
    )


def test_chars_are_made_only_of_what_fits() -> None:
    layout = _compiled()
    one = np.ones(2)
    made = layout.chars(Char, ["1", "字"], one, one * 2, one * 3, one * 4, one * 5)
    assert made == [Char("1", 1.0, 2.0, 3.0, 4.0, 5.0), Char("字", 1.0, 2.0, 3.0, 4.0, 5.0)]
    assert layout.chars(Char, [], *[np.zeros(0)] * 5) == []

    @dataclasses.dataclass
    class Loose:  # no slots
        text: str
        x0: float
        x1: float
        top: float
        bottom: float
        size: float

    @dataclasses.dataclass(slots=True)
    class Short:  # a slot missing
        text: str
        x0: float
        x1: float
        top: float
        bottom: float

    class Sub(Char):  # slots of another class
        __slots__ = ()

    refused: list[tuple[Any, ...]] = [
        (Loose, ["1", "2"], one, one, one, one, one),
        (Short, ["1", "2"], one, one, one, one, one),
        (Sub, ["1", "2"], one, one, one, one, one),
        (1, ["1", "2"], one, one, one, one, one),  # not a class
        (Char, ("1", "2"), one, one, one, one, one),
        (Char, ["1"], one, one, one, one, one),  # lengths differ
        (Char, ["1", "2"], one.astype(np.float32), one, one, one, one),
        (Char, ["1", "2"], one, one.astype(np.int64), one, one, one),
        (Char, ["1", "2"], one, one, np.ones((2, 1)), one, one),
        (Char, ["1", "2"], one, one, one, [1.0, 1.0], one),
        (Char, ["1", "2"], one, one, one, one, None),
    ]
    for args in refused:
        assert layout.chars(*args) is None, args
    with pytest.raises(TypeError):
        layout.chars(Char, ["1", "2"], one, one, one, one)


def test_chars_of_real_pages_are_made_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    _compiled()
    pdf = pdfium.PdfDocument(build_pdf(_pages()))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            found = []
            for layout in (_compiled(), None):
                monkeypatch.setattr(pdf_chars, "LAYOUT", layout)
                textpage = page.get_textpage()
                found.append(repr(extract_chars(textpage, page.get_mediabox()[3])))
                textpage.close()
            page.close()
            assert found[0] == found[1]
            assert "Char(" in found[0]
    finally:
        pdf.close()


Boxes = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _suspects(boxes: Boxes, layout: Any) -> Any:
    """`_suspects` of the keys and boxes, with the compiled loop or the Python."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        return pdf_chars._suspects(*boxes)


def _dropped(boxes: Boxes, layout: Any) -> list[int]:
    """The places of the chars `_drop_doubled_of` keeps of chars of those boxes."""
    keys, x0, x1, top, bottom, size = boxes
    chars = list(map(Char, map(str, keys.tolist()), x0, x1, top, bottom, size))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        kept = pdf_chars._drop_doubled_of(chars, *boxes)
    where = {id(c): k for k, c in enumerate(chars)}
    return [where[id(c)] for c in kept]


def _copies(rng: np.random.Generator) -> Boxes:
    """Keys and boxes of a made-up page: few texts, so that a text's chars often share a
    band; quarter points, so that copies lie at their tolerance to the bit (and just
    within or past it); centres on the edges of both grids of bands; sizes unlike (the
    largest sets the band); and now and then a char far down (Python's other sort)."""
    n = int(rng.integers(2, 50))
    keys = rng.choice([0, 49, 50, 0x4E00, 0x4E8C, 2**29 - 1], n).astype(np.int64)
    size = rng.choice([0.5, 1.0, 4.0, 10.5, 16.0], n)
    x0 = np.round(rng.uniform(-40, 120, n) * 4) / 4
    top = np.round(rng.uniform(-20, 80, n) * 4) / 4
    width = rng.choice([0.5, 2.0, 5.25, 10.5], n)
    height = rng.choice([0.5, 10.5, 12.0], n)
    band = 2 * float((np.maximum(size, 1.0) * 0.25).max()) + 1.0
    for k in range(n):
        j = int(rng.integers(n))
        tol = max(float(size[j]), 1.0) * 0.25
        roll = rng.random()
        if roll < 0.4:  # a copy of char j, or a char of its text beside it
            keys[k] = keys[j]
            shift = rng.choice([0.0, 0.125, tol, tol + 0.25, -tol, -tol - 0.125, 2 * tol])
            x0[k], width[k] = x0[j] + shift, width[j]
            top[k], height[k] = top[j] + rng.choice([0.0, 0.25, -1.0, band / 2]), height[j]
        elif roll < 0.55:  # centred on an edge of a band, or of a shifted one
            edge = (int(rng.integers(-3, 10)) + rng.choice([0.0, 0.5])) * band
            top[k] = edge - height[k] / 2
        elif roll < 0.58:
            top[k] = rng.choice([1e11, -3e11, 5e11 + 0.5])
    return keys, x0, x0 + width, top, top + height, size


def test_doubled_chars_are_suspected_as_python_suspects_them() -> None:
    layout = _compiled()
    rng = np.random.default_rng(7)
    found = 0
    for _ in range(3000):
        boxes = _copies(rng)
        expected = _suspects(boxes, None)
        assert layout.doubled(*boxes) == expected
        found += bool(expected)
        if rng.random() < 0.2:
            assert _dropped(boxes, layout) == _dropped(boxes, None)
    assert 300 < found < 2900  # (both answers are common)
    # columns of a table, strided, are read as well
    keys, *columns = _copies(rng)
    table = np.array(columns)
    assert layout.doubled(keys, *table) == _suspects((keys, *table), None)


def test_doubled_chars_worked_by_hand_and_boxes_handed_back() -> None:
    layout = _compiled()

    def boxes(*chars: tuple[int, float, float, float]) -> Boxes:
        """(key, x0, top, size) of chars 16 wide and tall"""
        keys, x0, top, size = (np.array(v) for v in zip(*chars, strict=True))
        return keys.astype(np.int64), x0, x0 + 16.0, top, top + 16.0, size.astype(np.float64)

    a, copy = (0x653F, 90.0, 100.0, 16.0), (0x653F, 90.3, 100.2, 16.0)
    far = (0x653F, 96.0, 100.0, 16.0)  # 6 pt on: more than a quarter of its size
    other = (0x52A1, 90.2, 100.0, 16.0)  # the same place, another text
    assert layout.doubled(*boxes(a, other, copy, far)) == {0x653F}
    assert layout.doubled(*boxes(a, other, far)) == set()
    assert layout.doubled(*boxes((7, 0.0, 0.0, 16.0), (7, 4.0, 0.0, 16.0))) == {7}  # 4: a tie
    assert layout.doubled(*boxes((7, 0.0, 0.0, 16.0), (7, 4.25, 0.0, 16.0))) == set()
    ordinary = boxes(a, other, copy, far)
    nan, inf = float("nan"), float("inf")
    for k in range(1, 6):  # a box or size not finite: Python's drop_doubled runs
        for odd in (nan, inf, -inf):
            changed = [np.array(v) for v in ordinary]
            changed[k][1] = odd
            # (but a size of -inf is taken as 1.0, as np.maximum takes it)
            expected = {0x653F} if k == 5 and odd == -inf else None
            assert layout.doubled(*changed) == expected
            assert _suspects(tuple(changed), None) == expected  # type: ignore[arg-type]
    keys, x0, x1, top, bottom, size = ordinary
    handed_back: list[tuple[Any, ...]] = [
        (keys - 0x653F - 1, x0, x1, top, bottom, size),  # a key below 0
        (keys + 2**29, x0, x1, top, bottom, size),  # past what Python packs
        (keys, x0 + 2e12, x1 + 2e12, top, bottom, size),  # far off
        (keys, x0, x1, top - 3e12, bottom - 3e12, size),
        (keys.astype(np.int32), x0, x1, top, bottom, size),
        (keys.astype(np.float64), x0, x1, top, bottom, size),
        (keys.tolist(), x0, x1, top, bottom, size),
        (keys, x0.astype(np.float32), x1, top, bottom, size),
        (keys, x0, x1, top[:3], bottom, size),
        (keys, x0, x1, top, bottom, size.reshape(2, 2)),
        (keys.reshape(2, 2), x0, x1, top, bottom, size),
    ]
    for args in handed_back:
        assert layout.doubled(*args) is None, args
    for args in handed_back[:4]:
        assert _dropped(args, layout) == _dropped(args, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        layout.doubled(keys, x0, x1, top, bottom)
