"""The compiled loops of the table reader against the Python they stand in for: the
rules made of a page's paths' segments (`_layout.rules`, for `pdf_tables._make_rules`,
path by path and with arrays), the pieces of one rule joined (`_layout.merge`, for
`_merge_collinear`), the rules that touch grouped (`_layout.groups`, for `_groups`)
and the chars put into a grid's cells (`_layout.fill`, for `fill_grid`). On real pages
and on made-up input (ties at the thresholds, moves, curves, closes, unusable points,
chains of positions, merged and overlapping cells, centres on a grid's lines and at
its edges, NaN and infinities) the answers are the Python's to the bit; input of
another type or size, and values whose order or extremes Python takes its own way
(zero, NaN), are handed back (None) for the Python to run; and a few cases are checked
against answers worked out by hand."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.blocks import Cell
from ogi.readers import pdf_chars, pdf_tables
from ogi.readers.ocr import OcrCell
from ogi.readers.pdf_chars import Char
from ogi.readers.pdf_tables import (
    _LINETO,
    _MOVETO,
    MIN_RULE,
    THIN,
    Grid,
    GridCell,
    Rule,
    cell_text,
    page_rules,
)
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


def _grouped(rules: list[Rule], layout: Any, many: int) -> list[list[int]]:
    """`_groups(rules)` as the positions of the rules, with the compiled loop or the
    Python (pairs one by one, or with arrays past `many` pairs)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        m.setattr(pdf_tables, "MANY_PAIRS", many)
        where = {id(r): k for k, r in enumerate(rules)}
        return [[where[id(r)] for r in g] for g in pdf_tables._groups(rules)]


_edge = st.sampled_from([0.0, -0.0, 5.0, -5.0, 10.0, 15.0, float("nan"), float("inf"), -1e308])
_rule = st.builds(
    Rule,
    st.booleans(),
    st.one_of(st.floats(-30, 30), _edge, st.sampled_from([0.0, 5.0, 10.0, 20.0])),
    st.one_of(st.floats(-30, 30), _edge),
    st.one_of(st.floats(-30, 30), _edge),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_rule, max_size=40))
def test_rules_are_grouped_as_python_groups_them(rules: list[Rule]) -> None:
    compiled = _grouped(rules, _compiled(), 512)
    assert compiled == _grouped(rules, None, 10**9)
    assert compiled == _grouped(rules, None, 0)
    assert sorted(k for g in compiled for k in g) == list(range(len(rules)))


def test_groups_worked_by_hand_and_odd_rules() -> None:
    layout = _compiled()
    top, left = Rule(True, 10.0, 0.0, 100.0), Rule(False, 0.0, 10.0, 50.0)
    apart = Rule(True, 300.0, 0.0, 100.0)  # far below: a group of its own
    near = Rule(False, 105.0, 0.0, 10.0)  # 5 right of top's end: touches it
    far = Rule(False, 105.1, 0.0, 10.0)  # just past JOIN
    rules = [apart, top, far, left, near]
    assert layout.groups(rules, pdf_tables.JOIN) == [[apart], [top, left, near], [far]]
    assert layout.groups([], 5.0) == []
    # what the compiled loop does not read: handed back, or the error Python raises
    assert layout.groups((top, left), 5.0) is None
    assert layout.groups([top, Rule(1, 0.0, 10.0, 50.0)], 5.0) is None  # type: ignore[arg-type]
    assert layout.groups([top, Rule(False, 0, 10.0, 50.0)], 5.0) is None
    with pytest.raises(AttributeError):
        layout.groups([top, object()], 5.0)
    with pytest.raises(TypeError):
        layout.groups([top])
    for odd in ([top, Rule(1, 0.0, 10.0, 50.0)], [top, Rule(False, 0, 10.0, 50.0)]):
        assert _grouped(odd, layout, 512) == _grouped(odd, None, 512)  # type: ignore[arg-type]


def _merged(rules: list[Rule], layout: Any) -> str:
    """repr of `_merge_collinear` of copies of the rules (the Python changes the rules it
    makes as it goes), and that the rules given are left as they were."""
    given = repr(rules)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        out = repr(pdf_tables._merge_collinear(list(rules)))
    assert repr(rules) == given
    return out


# positions a few points apart (chains of clusters), starts and ends that touch, tie
_near_pos = st.sampled_from([0.0, -0.0, 1.0, 2.5, 3.0, 4.0, 6.0, 6.5, 9.0, 100.0, float("inf")])
_merge_rule = st.builds(
    Rule,
    st.booleans(),
    st.one_of(_near_pos, st.floats(-20, 20)),
    st.one_of(st.sampled_from([0.0, 3.0, 10.0, 13.0, 20.0]), st.floats(-50, 50)),
    st.one_of(st.sampled_from([0.0, 10.0, 13.0, 40.0, float("nan")]), st.floats(-50, 50)),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_merge_rule, max_size=30))
def test_pieces_are_merged_as_python_merges_them(rules: list[Rule]) -> None:
    assert _merged(rules, _compiled()) == _merged(rules, None)
    assert _compiled().merge(rules, Rule, pdf_tables.SNAP) is not None


def test_merges_worked_by_hand_and_odd_rules() -> None:
    layout = _compiled()
    rules = [
        Rule(True, 10.0, 0.0, 50.0),
        Rule(True, 11.0, 52.0, 80.0),  # 2 pt on, 1 pt lower: the same rule
        Rule(True, 10.0, 90.0, 99.0),  # 10 pt on: another
        Rule(False, 5.0, 0.0, 20.0),
    ]
    assert layout.merge(rules, Rule, 3.0) == [
        Rule(False, 5.0, 0.0, 20.0),
        Rule(True, 10.0, 0.0, 80.0),
        Rule(True, 10.0, 90.0, 99.0),
    ]
    assert layout.merge([], Rule, 3.0) == []
    # a chain of positions 2.5 apart: only pieces near their own position join
    chain = [Rule(False, 0.5, 0.0, 10.0), Rule(False, 3.0, 5.0, 20.0), Rule(False, 5.5, 0.0, 30.0)]
    assert layout.merge(chain, Rule, 3.0) == [
        Rule(False, 0.5, 0.0, 20.0),
        Rule(False, 5.5, 0.0, 30.0),
    ]
    nan = float("nan")
    for odd in (
        [Rule(True, nan, 0.0, 1.0)],
        [Rule(True, 1.0, nan, 1.0)],
        [Rule(1, 1.0, 0.0, 1.0)],  # type: ignore[arg-type]
        [Rule(True, 1, 0.0, 1.0)],
    ):
        assert layout.merge(odd, Rule, 3.0) is None
        assert _merged(odd, layout) == _merged(odd, None)
    assert layout.merge((rules[0],), Rule, 3.0) is None
    assert layout.merge(rules, tuple, 3.0) is None  # not a class of Rule's slots
    with pytest.raises(AttributeError):
        layout.merge([object()], Rule, 3.0)
    with pytest.raises(TypeError):
        layout.merge(rules, Rule)


def _filled(grid: Grid, chars: list[Char], cx: np.ndarray, cy: np.ndarray, layout: Any) -> str:
    """What `fill_grid` does to a copy of `grid` (each cell's chars, by their place in
    `chars`, and text) and what it answers (the chars left, by place, whether they are
    `chars` itself, and the centres left, to the bit), or the error it raises (an
    empty text on a line: where, and the cells as it left them), with the compiled loop
    or the Python."""
    grid = copy.deepcopy(grid)
    where = {id(c): k for k, c in enumerate(chars)}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        try:
            rest, rx, ry = pdf_tables.fill_grid(grid, chars, cx, cy)
        except IndexError as e:
            answer: Any = repr(e)
        else:
            left = [where[id(c)] for c in rest]
            answer = (left, rest is chars, rx.tobytes(), ry.tobytes(), rx is cx, ry is cy)
    cells = [([where.get(id(c), c) for c in g.chars], g.text) for g in grid.cells]
    return repr((cells, answer))


def _lines(rng: np.random.Generator, n: int) -> list[float]:
    """`n` grid lines in order, some of them equal (a row or column of no height)."""
    steps = rng.choice([0.0, 0.5, 10.0, 12.25, 30.0], n - 1, p=[0.1, 0.1, 0.4, 0.2, 0.2])
    start = float(rng.choice([0.0, -20.0, 100.5]))
    return [start, *(start + np.cumsum(steps)).tolist()]


def _cells(rng: np.random.Generator, xs: list[float], ys: list[float]) -> list[GridCell]:
    """The cells of a grid: one a row and column, merged rectangles, boxes that overlap
    (the last wins), or some missing (no cell there)."""
    nr, nc = len(ys) - 1, len(xs) - 1
    kind = rng.integers(4)
    places = []
    if kind == 0:
        places = [(r, c, 1, 1) for r in range(nr) for c in range(nc)]
    elif kind == 1:  # merged cells tiling the grid
        taken = np.zeros((nr, nc), bool)
        for r in range(nr):
            for c in range(nc):
                if taken[r, c]:
                    continue
                rs, cs = 1, 1
                if rng.random() < 0.4:
                    rs, cs = int(rng.integers(1, nr - r + 1)), int(rng.integers(1, nc - c + 1))
                    while taken[r : r + rs, c : c + cs].any():
                        rs, cs = 1, 1
                taken[r : r + rs, c : c + cs] = True
                places.append((r, c, rs, cs))
    else:  # boxes anywhere, overlapping or leaving holes
        for _ in range(int(rng.integers(0, nr * nc + 2))):
            r, c = int(rng.integers(nr)), int(rng.integers(nc))
            places.append(
                (r, c, int(rng.integers(1, nr - r + 1)), int(rng.integers(1, nc - c + 1)))
            )
    return [
        GridCell(r, c, rs, cs, xs[c], xs[c + cs], ys[r], ys[r + rs], False)
        for r, c, rs, cs in places
    ]


def _grid_chars(rng: np.random.Generator, grid: Grid) -> tuple[list[Char], np.ndarray, np.ndarray]:
    """Chars in and about `grid`, several on one line of a cell, on lines of their own
    or on wrapped numbers; and their centres, some put on the grid's lines, on its
    edges to the point (1 pt out) and just past them, far away, NaN or infinite."""
    x0, top, x1, bottom = grid.bbox
    chars = []
    for _ in range(int(rng.integers(0, 40))):
        x = float(rng.uniform(x0 - 15, x1 + 15))
        y = rng.choice([top + 2.0, top + 11.0, bottom - 3.0, rng.uniform(top - 15, bottom + 15)])
        w = float(rng.choice([2.0, 5.25, 10.5]))
        text = str(rng.choice(["1", "2", "0", ".", "a", "一", "表", "12", ""]))
        chars.append(Char(text, x, x + w, float(y), float(y) + 10.5, 10.5))
    cx, cy = pdf_chars.centres(chars)
    nan, inf = float("nan"), float("inf")
    odd_x = [*grid.xs, x0 - 1, x1 + 1, x0 - 1.0000001, x1 + 1.0000001, nan, inf, -1e300]
    odd_y = [*grid.ys, top - 1, bottom + 1, top - 1.0000001, nan, -inf, 1e300]
    for k in range(len(chars)):
        if rng.random() < 0.3:
            cx[k] = rng.choice(odd_x)
        if rng.random() < 0.3:
            cy[k] = rng.choice(odd_y)
    return chars, cx, cy


def test_chars_are_put_into_grids_as_python_puts_them() -> None:
    layout = _compiled()
    rng = np.random.default_rng(20250607)
    for _ in range(1500):
        xs = _lines(rng, int(rng.integers(2, 7)))
        ys = _lines(rng, int(rng.integers(2, 7)))
        grid = Grid(xs, ys, _cells(rng, xs, ys))
        chars, cx, cy = _grid_chars(rng, grid)
        if rng.random() < 0.1:  # cells that held chars already
            for g in grid.cells[:2]:
                g.chars.append(Char("口", g.x0, g.x0 + 5.0, g.top, g.top + 10.0, 10.0))
        expected = _filled(grid, chars, cx, cy, None)
        assert _filled(grid, chars, cx, cy, layout) == expected
        # and such grids are filled by the compiled loop indeed, not handed back
        rest = np.empty(len(chars), bool)
        copied = copy.deepcopy(grid)
        if "IndexError" not in expected:
            assert layout.fill(xs, ys, copied.cells, chars, cx, cy, rest, cell_text) is not None


def test_a_grid_filled_by_hand() -> None:
    layout = _compiled()
    xs, ys = [0.0, 10.0, 20.0], [0.0, 10.0, 20.0]
    merged = GridCell(0, 0, 2, 1, 0.0, 10.0, 0.0, 20.0, False)  # the left column, merged
    right = [GridCell(r, 1, 1, 1, 10.0, 20.0, 10.0 * r, 10.0 * r + 10, False) for r in (0, 1)]
    over = GridCell(1, 1, 1, 1, 10.0, 20.0, 10.0, 20.0, False)  # over right[1]: it wins
    grid = Grid(xs, ys, [merged, *right, over])
    chars = [
        Char("a", 2.0, 4.0, 2.0, 4.0, 10.0),  # in the merged cell
        Char("x", 30.0, 32.0, 2.0, 4.0, 10.0),  # right of the grid
        Char("1", 9.0, 11.0, 14.0, 16.0, 10.0),  # centre on the line x=10: the right cell
        Char("2", 19.0, 23.0, 20.0, 22.0, 10.0),  # centre 21, 21: within 1 pt, kept in
        Char("b", 0.0, 2.0, 18.0, 20.0, 10.0),  # the merged cell's second line
    ]
    cx, cy = pdf_chars.centres(chars)
    cy[3] = 21.0
    rest = np.empty(len(chars), bool)
    kept = layout.fill(xs, ys, grid.cells, chars, cx, cy, rest, cell_text)
    assert kept == [chars[1]] and rest.tolist() == [False, True, False, False, False]
    assert merged.chars == [chars[0], chars[4]] and merged.text == "a\nb"
    assert right[0].chars == [] and right[0].text == ""
    assert right[1].chars == [] and over.chars == [chars[2], chars[3]] and over.text == "12"
    # nothing in the grid: `chars` itself
    grid = Grid(xs, ys, [GridCell(0, 0, 1, 1, 0.0, 10.0, 0.0, 10.0, False)])
    far = [chars[1]]
    assert layout.fill(xs, ys, grid.cells, far, cx[1:2], cy[1:2], rest[:1], cell_text) is far


def test_grids_not_read_by_the_compiled_loop_are_handed_back() -> None:
    layout = _compiled()
    xs, ys = [0.0, 10.0, 20.0], [0.0, 10.0]
    chars = [Char("a", 2.0, 4.0, 2.0, 4.0, 10.0), Char("b", 12.0, 14.0, 2.0, 4.0, 10.0)]
    cx, cy = pdf_chars.centres(chars)

    def cells(**change: Any) -> list[GridCell]:
        out = [GridCell(0, c, 1, 1, xs[c], xs[c + 1], 0.0, 10.0, False) for c in (0, 1)]
        for name, value in change.items():
            setattr(out[1], name, value)
        return out

    def rest(n: int = 2) -> np.ndarray:
        return np.empty(n, bool)

    odd: list[tuple[Any, ...]] = [
        ((0.0, 10.0, 20.0), ys, cells(), chars, cx, cy, rest()),  # lines not a list
        ([0.0, 10, 20.0], ys, cells(), chars, cx, cy, rest()),  # an int
        ([0.0, np.float64(10.0), 20.0], ys, cells(), chars, cx, cy, rest()),
        ([0.0, 20.0, 10.0], ys, cells(), chars, cx, cy, rest()),  # out of order
        ([0.0, float("nan"), 20.0], ys, cells(), chars, cx, cy, rest()),
        (xs, [0.0], cells(), chars, cx, cy, rest()),  # no row
        (xs, ys, cells(row=1), chars, cx, cy, rest()),  # past the grid
        (xs, ys, cells(col=-1), chars, cx, cy, rest()),
        (xs, ys, cells(colspan=2), chars, cx, cy, rest()),
        (xs, ys, cells(rowspan=0), chars, cx, cy, rest()),
        (xs, ys, cells(row=False), chars, cx, cy, rest()),  # a bool
        (xs, ys, cells(row=np.int64(0)), chars, cx, cy, rest()),
        (xs, ys, cells(row=2**70), chars, cx, cy, rest()),
        (xs, ys, cells(chars=()), chars, cx, cy, rest()),  # chars not a list
        (xs, ys, tuple(cells()), chars, cx, cy, rest()),
        (xs, ys, cells(), tuple(chars), cx, cy, rest()),
        (xs, ys, cells(), chars, cx.astype(np.float32), cy, rest()),
        (xs, ys, cells(), chars, cx, cy[:1], rest()),
        (xs, ys, cells(), chars, cx, cy, rest(3)),
        (xs, ys, cells(), chars, cx, cy, np.empty(2, np.int8)),
        (xs, ys, cells(), chars, cx, cy, np.ones(4, bool)[::2]),  # not contiguous
    ]
    frozen = np.empty(2, bool)
    frozen.flags.writeable = False
    odd.append((xs, ys, cells(), chars, cx, cy, frozen))
    for args in odd:
        assert layout.fill(*args, cell_text) is None, args
        # handed back before anything is changed
        assert all(g.chars in ([], ()) and g.text == "" for g in args[2])
    # and fill_grid runs the Python on them, with its answers
    for change in ({"row": False}, {"rowspan": 0}, {"colspan": 2}, {"col": -1}):
        grid = Grid(xs, ys, cells(**change))
        assert _filled(grid, chars, cx, cy, layout) == _filled(grid, chars, cx, cy, None)
    grid = Grid([0.0, 20.0, 10.0], ys, cells())
    assert _filled(grid, chars, cx, cy, layout) == _filled(grid, chars, cx, cy, None)
    # what cell_text raises, and a char without a text, raise as in Python
    grid = Grid(xs, ys, cells())
    two = [chars[0], Char("c", 5.0, 6.0, 6.0, 8.0, 10.0)]
    tx, ty = pdf_chars.centres(two)

    def fails(chars: list[Char], bounds: tuple[float, float]) -> str:
        raise ValueError(bounds)

    with pytest.raises(ValueError, match=r"\(0.0, 10.0\)"):
        layout.fill(xs, ys, grid.cells, two, tx, ty, rest(), fails)
    with pytest.raises(AttributeError):
        layout.fill(xs, ys, cells(), [object()], cx[:1], cy[:1], rest(1), cell_text)
    with pytest.raises(TypeError):
        layout.fill(xs, ys, cells(), chars, cx, cy, rest())


def _covered(lines: list[list[Rule]], bounds: list[float], layout: Any) -> str:
    """repr of `_covered_lines` with the compiled loop or the Python."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        return repr(pdf_tables._covered_lines(lines, bounds))


# ends at and about the bounds below (0, 10, 20, 30), where a rule covers exactly 0.6 of
# a span or stops at its edge
_end = st.one_of(
    st.sampled_from([0.0, -0.0, 4.0, 6.0, 10.0, 14.0, 16.0, 20.0, 30.0, float("nan")]),
    st.sampled_from([float("inf"), float("-inf"), 1e308]),
    st.floats(-40, 40),
)
_span_rule = st.builds(Rule, st.booleans(), st.floats(0, 30), _end, _end)
_bounds = st.one_of(
    st.just([0.0, 10.0, 20.0, 30.0]),
    st.lists(st.one_of(st.floats(-40, 40), _end), max_size=6),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(_span_rule, max_size=5), max_size=5), _bounds)
def test_spans_are_found_covered_as_python_finds_them(
    lines: list[list[Rule]], bounds: list[float]
) -> None:
    compiled = _covered(lines, bounds, _compiled())
    assert compiled == _covered(lines, bounds, None)
    assert _compiled().covered(lines, bounds) is not None


def test_covered_spans_worked_by_hand_and_odd_input() -> None:
    layout = _compiled()
    bounds = [0.0, 10.0, 20.0, 30.0]
    whole = Rule(True, 5.0, 0.0, 30.0)
    six = Rule(True, 5.0, 10.0, 16.0)  # 6 of 10: covered, just
    under = Rule(True, 5.0, 20.0, 25.9)  # 5.9 of 10: not
    pieces = [Rule(True, 5.0, 20.0, 23.0), Rule(True, 5.0, 26.0, 29.0)]  # 3 + 3 of 10
    assert layout.covered([[whole], [six, under], pieces, []], bounds) == [
        [True, True, True],
        [False, True, False],
        [False, False, True],
        [False, False, False],
    ]
    # a span of no width, or turned back, is covered; one bound makes no span
    assert layout.covered([[], [six]], [5.0, 5.0, 3.0]) == [[True, True], [True, True]]
    assert layout.covered([[whole]], [1.0]) == [[]]
    assert layout.covered([], bounds) == []
    # what the compiled loop does not read: handed back, or the error Python raises
    assert layout.covered(([whole],), bounds) is None
    assert layout.covered([[whole]], (0.0, 10.0)) is None
    assert layout.covered([[whole]], [0.0, 10]) is None  # an int
    assert layout.covered([[whole]], [0.0, np.float64(10.0)]) is None
    assert layout.covered([(whole,)], bounds) is None
    assert layout.covered([[Rule(True, 5.0, 0, 30.0)]], bounds) is None
    with pytest.raises(AttributeError):
        layout.covered([[whole, object()]], bounds)
    with pytest.raises(TypeError):
        layout.covered([[whole]])
    for odd in ([[Rule(True, 5.0, 0, 30.0)]], [[whole, Rule(True, 5.0, 10.0, 20)]]):
        assert _covered(odd, bounds, layout) == _covered(odd, bounds, None)


def _gridded(rules: list[Rule], layout: Any) -> str:
    """repr of `_grid(rules)` with the compiled loops or the Python."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        return repr(pdf_tables._grid(list(rules)))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 12.5, 30.0, 31.0, 55.0, 80.0]), min_size=2, max_size=6),
    st.lists(st.sampled_from([0.0, 20.0, 40.0, 41.5, 60.0]), min_size=2, max_size=5),
    st.sets(st.integers(0, 40), max_size=8),
)
def test_grids_are_made_as_python_makes_them(
    xs: list[float], ys: list[float], dropped: set[int]
) -> None:
    """A grid of rules at the positions drawn, some of its sides left out (cells merged,
    an open top, a side half drawn): the grid and its cells are Python's."""
    xs, ys = sorted(set(xs)), sorted(set(ys))
    rules = [Rule(True, y, xs[0], xs[-1]) for y in ys] + [Rule(False, x, ys[0], ys[-1]) for x in xs]
    for k in sorted(dropped, reverse=True):
        if k < len(rules):
            r = rules[k]
            rules[k] = Rule(r.horizontal, r.pos, r.a, (r.a + r.b) / 2)
    assert _gridded(rules, _compiled()) == _gridded(rules, None)


def test_cells_of_a_grid_worked_by_hand_and_odd_input() -> None:
    layout = _compiled()
    xs, ys = [0.0, 10.0, 25.0], [5.0, 20.0]
    made = layout.cells(GridCell, xs, ys, [[True, False]], [[], [True]], [[]])
    assert made == [
        GridCell(0, 0, 1, 1, 0.0, 10.0, 5.0, 20.0, False),
        GridCell(0, 1, 1, 1, 10.0, 25.0, 5.0, 20.0, True),
    ]
    assert made[0].chars == [] and made[0].chars is not made[1].chars
    assert (made[1].text, made[1].page) == ("", 0)
    assert layout.cells(GridCell, [0.0], [0.0], [], [], []) == []
    # a 3 × 3 grid: the top row's first two cells joined (their side not ruled), a cell
    # over two rows in the last column; the joined cell's top is ruled by the two rules
    # over it together (7 + 5 of its 20: 0.6, just enough)
    xs, ys = [0.0, 10.0, 20.0, 30.0], [0.0, 10.0, 20.0, 30.0]
    top = [[True] * 3, [True, True, False], [True] * 3]
    left = [[], [False, True, True], [True] * 3]
    at_y = [[Rule(True, 0.0, 0.0, 7.0), Rule(True, 0.0, 15.0, 20.0)], [], [], []]
    assert layout.cells(GridCell, xs, ys, top, left, at_y) == [
        GridCell(0, 0, 1, 2, 0.0, 20.0, 0.0, 10.0, False),
        GridCell(0, 2, 2, 1, 20.0, 30.0, 0.0, 20.0, False),
        GridCell(1, 0, 1, 1, 0.0, 10.0, 10.0, 20.0, False),
        GridCell(1, 1, 1, 1, 10.0, 20.0, 10.0, 20.0, False),
        GridCell(2, 0, 1, 1, 0.0, 10.0, 20.0, 30.0, False),
        GridCell(2, 1, 1, 1, 10.0, 20.0, 20.0, 30.0, False),
        GridCell(2, 2, 1, 1, 20.0, 30.0, 20.0, 30.0, False),
    ]
    at_y[0] = [Rule(True, 0.0, 0.0, 6.0), Rule(True, 0.0, 16.0, 20.0)]  # 10 of 20: open
    assert layout.cells(GridCell, xs, ys, top, left, at_y)[0].open_top is True
    # a merge that is no rectangle (an L of three grid cells): the Python's to keep the
    # first of the boxes that overlap
    corner = [[True] * 3, [True, False, True], [True] * 3]
    assert layout.cells(GridCell, xs, ys, corner, left, at_y) is None
    # what the compiled loop does not make: handed back for the Python
    one = ([[True, False]], [[], [True]], [[]])
    assert layout.cells(GridCell, [0.0, 10, 25.0], [5.0, 20.0], *one) is None  # an int
    assert layout.cells(GridCell, (0.0, 10.0, 25.0), [5.0, 20.0], *one) is None
    assert layout.cells(GridCell, [0.0, 10.0], [5.0, 20.0], *one) is None  # a row too long
    assert layout.cells(GridCell, [0.0, 10.0, 25.0], [5.0, 20.0], [[True, 1]], *one[1:]) is None
    assert layout.cells(GridCell, [0.0, 10.0, 25.0], [5.0, 20.0], one[0], [[], [1]], [[]]) is None
    assert layout.cells(GridCell, [0.0, 10.0, 25.0], [5.0, 20.0], one[0], [[]], [[]]) is None
    assert layout.cells(GridCell, [0.0, 10.0, 25.0], [5.0, 20.0], one[0], one[1], []) is None
    assert layout.cells(GridCell, [], [5.0, 20.0], [], [], []) is None
    odd_rules = [[Rule(True, 0.0, 0, 6.0)], [], [], []]  # an int end, for a merged top
    assert layout.cells(GridCell, xs, ys, top, left, odd_rules) is None
    with pytest.raises(AttributeError):
        layout.cells(GridCell, xs, ys, top, left, [[object()], [], [], []])

    @dataclasses.dataclass(slots=True)
    class More(GridCell):  # a slot more: its __init__ has more to set
        extra: int = 0

    @dataclasses.dataclass
    class Plain:  # no slots
        row: int

    for cls in (More, Plain, int):
        assert layout.cells(cls, [0.0, 10.0, 25.0], [5.0, 20.0], *one) is None
    with pytest.raises(TypeError):
        layout.cells(GridCell, xs, ys, top)


def test_cells_are_turned_into_table_cells_as_to_cell_turns_them() -> None:
    layout = _compiled()
    a = GridCell(0, 0, 1, 2, 0.0, 20.0, 5.0, 15.0, False, text="规章")
    b = GridCell(0, 2, 2, 1, 20.0, 30.0, 5.0, 25.0, True, text="12")
    b.page = 3  # (a cell continued from its own page keeps it)
    made = layout.to_cells([a, b], GridCell, Cell, 7)
    assert made == [a.to_cell(7), b.to_cell(7)]
    assert made == [
        Cell("规章", 0, 0, 1, 2, None, 7, (0.0, 5.0, 20.0, 15.0)),
        Cell("12", 0, 2, 2, 1, None, 3, (20.0, 5.0, 30.0, 25.0)),
    ]
    assert made[0].text is a.text and made[0].box[0] is a.x0
    assert layout.to_cells([], GridCell, Cell, 1) == []
    # what the compiled loop does not make: handed back for `to_cell` to make
    ocr = OcrCell(0, 0, 1, 1, 0.0, 1.0, 0.0, 1.0, False, confidence=0.5)
    assert layout.to_cells([a, ocr], GridCell, Cell, 1) is None  # its own `to_cell`
    empty = GridCell.__new__(GridCell)
    assert layout.to_cells([empty], GridCell, Cell, 1) is None
    odd = GridCell(0, 0, 1, 1, 0.0, 1.0, 0.0, 1.0, False)
    odd.page = None  # type: ignore[assignment]
    assert layout.to_cells([odd], GridCell, Cell, 1) is None
    assert layout.to_cells((a,), GridCell, Cell, 1) is None
    assert layout.to_cells([a], GridCell, Cell, 1.0) is None
    assert layout.to_cells([a], GridCell, OcrCell, 1) is None  # not a class of slots
    with pytest.raises(TypeError):
        layout.to_cells([a], GridCell, Cell)


def test_rules_are_made_of_their_columns_as_map_makes_them() -> None:
    layout = _compiled()
    names = pdf_tables._RULE_FIELDS
    assert names == ("horizontal", "pos", "a", "b")
    columns = [[True, False], [10.0, 5.0], [0.0, -0.0], [100.0, float("nan")]]
    made = layout.made(Rule, names, *columns)
    assert repr(made) == repr(list(map(Rule, *columns)))
    assert made[1].a is columns[2][1]  # (the very objects given)
    assert layout.made(Rule, names, [], [], [], []) == []
    # what the compiled loop does not make: handed back for `map` to make
    assert layout.made(Rule, names, *columns[:3]) is None  # a column short
    assert layout.made(Rule, names, columns[0], [1.0], *columns[2:]) is None  # lengths
    assert layout.made(Rule, names, (True,), [1.0], [1.0], [1.0]) is None  # a tuple
    assert layout.made(Rule, ("horizontal", "pos", "b", "a"), *columns) is not None
    assert layout.made(Rule, ["horizontal", "pos", "a", "b"], *columns) is None
    assert layout.made(Rule, ("horizontal", "pos", "a", "c"), *columns) is None
    assert layout.made(Rule, ("horizontal", "pos", "a"), *columns[:3]) is None  # a slot left

    @dataclasses.dataclass
    class Plain:  # no slots
        horizontal: bool
        pos: float
        a: float
        b: float

    assert layout.made(Plain, names, *columns) is None
    assert layout.made(int, names, *columns) is None
    with pytest.raises(TypeError):
        layout.made(Rule)


def _near_lines(rules: list[Rule], lines: list[float], layout: Any) -> list[list[int]]:
    """`_at_lines` with the compiled loop or the Python, as the rules' places."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        where = {id(r): k for k, r in enumerate(rules)}
        return [[where[id(r)] for r in found] for found in pdf_tables._at_lines(rules, lines)]


# positions at and about SNAP (3) and the window (4) from the lines below, and the far
_line_pos = st.one_of(
    st.sampled_from([0.0, -0.0, 3.0, 3.0000001, 4.0, 7.0, 10.0, 13.0, 14.0, 1e9, -1e9, 1e308]),
    st.sampled_from([float("nan"), float("inf")]),
    st.floats(-20, 20),
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.builds(Rule, st.booleans(), _line_pos, st.just(0.0), st.just(1.0)), max_size=12),
    st.lists(st.one_of(st.sampled_from([0.0, 10.0, float("nan")]), st.floats(-20, 20)), max_size=6),
)
def test_rules_at_lines_are_found_as_python_finds_them(
    rules: list[Rule], lines: list[float]
) -> None:
    assert _near_lines(rules, lines, _compiled()) == _near_lines(rules, lines, None)


def test_rules_at_lines_worked_by_hand_and_odd_input() -> None:
    layout = _compiled()
    far, snap, window = pdf_tables._FAR, pdf_tables.SNAP, pdf_tables._WINDOW
    r = [Rule(True, p, 0.0, 1.0) for p in (13.0, 7.0, 10.0, 3.0, 10.0)]
    # within 3 of 10: 13, 7 and both 10s, in their order given; of 0: 3 only
    assert layout.at_lines(r, [10.0, 0.0, 100.0], snap, window, far) == [
        [r[0], r[1], r[2], r[4]],
        [r[3]],
        [],
    ]
    assert layout.at_lines([], [1.0], snap, window, far) == [[]]
    # what the compiled loop does not read: handed back, or the error Python raises
    assert layout.at_lines(r, [10], snap, window, far) is None  # an int line
    assert layout.at_lines(tuple(r), [10.0], snap, window, far) is None
    assert layout.at_lines([Rule(True, 1e10, 0.0, 1.0)], [1.0], snap, window, far) is None
    assert layout.at_lines([Rule(True, float("nan"), 0.0, 1.0)], [1.0], snap, window, far) is None
    assert layout.at_lines([Rule(True, 1, 0.0, 1.0)], [1.0], snap, window, far) is None
    with pytest.raises(AttributeError):
        layout.at_lines([object()], [1.0], snap, window, far)
    with pytest.raises(TypeError):
        layout.at_lines(r, [1.0])
