"""The array paths of the PDF char step against the plain ones they stand in for."""

from __future__ import annotations

import bisect
from unittest import mock

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.readers import pdf_tables
from ogi.readers.pdf_chars import (
    Char,
    _codepoints,
    _drop_doubled_of,
    _raise_marks,
    centres,
    drop_doubled,
    group_lines,
    join_chars,
    join_spans,
    line_texts,
)
from ogi.readers.pdf_tables import (
    Grid,
    GridCell,
    Rule,
    _grid,
    _groups,
    _merged_cells,
    cell_text,
    fill_grid,
)


def _doubled_of(chars: list[Char]) -> list[Char]:
    def col(name: str) -> np.ndarray:
        return np.array([getattr(c, name) for c in chars], np.float64)

    keys = np.array([ord(c.text) for c in chars], np.int64)
    return _drop_doubled_of(
        chars, keys, col("x0"), col("x1"), col("top"), col("bottom"), col("size")
    )


def test_copy_beside_its_char_dropped_and_neighbours_kept() -> None:
    a = Char("政", 90.0, 106.0, 100.0, 116.0, 16.0)
    copy = Char("政", 90.3, 106.3, 100.2, 116.2, 16.0)
    far = Char("政", 96.0, 112.0, 100.0, 116.0, 16.0)  # 6 pt on: more than a quarter em
    other = Char("务", 90.2, 106.2, 100.0, 116.0, 16.0)  # same place, another character
    chars = [a, other, copy, far]
    assert _doubled_of(chars) == [a, other, far]
    assert drop_doubled(chars) == [a, other, far]


def test_box_that_is_not_finite_is_left_to_the_plain_check() -> None:
    # the plain check cannot place such a char and fails, as the page then does
    chars = [Char("1", float("nan"), 5.0, 0.0, 10.0, 10.0), Char("1", 0.0, 5.0, 0.0, 10.0, 10.0)]
    for check in (drop_doubled, _doubled_of):
        try:
            check(chars)
        except ValueError as e:
            assert "NaN" in str(e)
        else:
            raise AssertionError("a NaN box was placed")


_char = st.builds(
    Char,
    st.sampled_from("00一一二"),
    st.floats(0, 60, allow_nan=False).map(lambda v: round(v * 4) / 4),
    st.floats(0.1, 12),
    st.floats(0, 40, allow_nan=False).map(lambda v: round(v * 4) / 4),
    st.floats(0.1, 12),
    st.sampled_from([0.5, 4.0, 10.5, 16.0, 30.0]),
).map(lambda c: Char(c.text, c.x0, c.x0 + c.x1, c.top, c.top + c.bottom, c.size))


@settings(max_examples=300, deadline=None)
@given(st.lists(_char, max_size=40))
def test_array_check_drops_exactly_what_the_plain_check_drops(chars: list[Char]) -> None:
    assert _doubled_of(chars) == drop_doubled(chars)


_on_one_line = st.lists(
    st.tuples(
        st.sampled_from(["1", "2", "a", "一", "（", "x"]),
        st.sampled_from([0.0, 3.0, 5.5, 6.0, 9.0, 20.0, float("nan")]),
        st.sampled_from([1.5, 4.0, 6.0]),
        st.sampled_from([0.5, 4.0, 6.0]),
    ),
    min_size=2,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_on_one_line, st.sampled_from([(10.0, 16.0), (10.0, 10.5), (0.0, float("inf"))]))
def test_cell_of_chars_printed_alike_reads_as_its_lines(
    row: list[tuple[str, float, float, float]], band: tuple[float, float]
) -> None:
    # chars sharing a top and bottom are one line unless a value is not finite: the
    # quick path for them gives the text of the lines group_lines makes
    top, bottom = band
    chars = [Char(t, x, x + w, top, bottom, size) for t, x, w, size in row]
    lines = [ln.text for ln in group_lines(list(chars))]
    if len(lines) >= 3 and all(len(t) == 1 and not t.isdigit() for t in lines):
        expected = "".join(lines)
    else:
        expected = "\n".join(lines)
    assert cell_text(chars) == expected


@pytest.mark.parametrize(
    "odd",
    [
        {},
        {"镇": "\x07", "民": "\ufffd", "府": "\t"},  # control, replacement, tab
        {"镇": "\U00020000"},  # past the BMP: two units in the page's text
    ],
)
def test_code_points_read_at_once_are_those_asked_char_by_char(odd: dict[str, str]) -> None:
    from tests.readers.test_pdf import Page, build_pdf

    page = Page().text(90, 100, "示例镇人民政府信息公开").text(90, 130, "第 3 页")
    pdf = pdfium.PdfDocument(build_pdf([page], to_unicode=odd or None))
    textpage = pdf[0].get_textpage()
    n = textpage.count_chars()
    got = _codepoints(textpage.raw, n).tolist()
    assert got == [pdfium_c.FPDFText_GetUnicode(textpage.raw, i) for i in range(n)]
    assert all(ord(v) in got for v in odd.values() if v < "\uffff")


def _plain_fill(grid: Grid, chars: list[Char]) -> tuple[list[list[Char]], list[Char]]:
    """Each cell's chars and the chars left, placed one by one with bisect."""
    owner = {}
    for k, cell in enumerate(grid.cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                owner[(r, c)] = k
    x0, top, x1, bottom = grid.bbox
    got: list[list[Char]] = [[] for _ in grid.cells]
    rest = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (top - 1 <= cy <= bottom + 1 and x0 - 1 <= cx <= x1 + 1):
            rest.append(ch)
            continue
        r = min(max(bisect.bisect_right(grid.ys, cy) - 1, 0), len(grid.ys) - 2)
        c = min(max(bisect.bisect_right(grid.xs, cx) - 1, 0), len(grid.xs) - 2)
        if (r, c) in owner:
            got[owner[(r, c)]].append(ch)
        else:
            rest.append(ch)
    return got, rest


def _cells(spans: list[tuple[int, int, int, int]]) -> list[GridCell]:
    xs, ys = [10.0, 30.0, 50.0, 70.0], [0.0, 10.0, 20.0]
    return [
        GridCell(r, c, rs, cs, xs[c], xs[c + cs], ys[r], ys[r + rs], open_top=False)
        for r, c, rs, cs in spans
    ]


_coord = st.one_of(
    st.sampled_from([9.0, 10.0, 29.5, 30.0, 71.0, 72.0, float("nan")]), st.floats(0, 80)
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_coord, st.floats(-2, 24, allow_nan=False)), max_size=30),
    st.sampled_from(
        [
            [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)],
            [(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 1, 1)],  # merged cells; one spot left empty
        ]
    ),
)
def test_grid_filled_at_once_as_char_by_char(
    at: list[tuple[float, float]], spans: list[tuple[int, int, int, int]]
) -> None:
    chars = [Char(str(k % 10), x - 2, x + 2, y - 3, y + 3, 6.0) for k, (x, y) in enumerate(at)]
    grid = Grid([10.0, 30.0, 50.0, 70.0], [0.0, 10.0, 20.0], _cells(spans))
    want, want_rest = _plain_fill(Grid(grid.xs, grid.ys, _cells(spans)), chars)
    rest, cx, cy = fill_grid(grid, chars, *centres(chars))
    assert [c.chars for c in grid.cells] == want
    assert [id(c) for c in rest] == [id(c) for c in want_rest]
    ex, ey = centres(rest)
    assert np.array_equal(cx, ex, equal_nan=True) and np.array_equal(cy, ey, equal_nan=True)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "a", "Z", "%", "一", "（", "12", "ab"]),
            st.floats(0, 3),
            st.sampled_from([0.5, 2.0, 5.0]),
            st.sampled_from([0.5, 1.0, 4.0, 10.0]),
        ),
        max_size=10,
    )
)
def test_text_of_a_line_is_that_of_its_spans(row: list[tuple[str, float, float, float]]) -> None:
    # join_chars keeps join_spans's rule for spaces, without making the spans
    chars, x = [], 0.0
    for text, gap, width, size in row:
        chars.append(Char(text, x + gap * size, x + gap * size + width, 0.0, size, size))
        x = chars[-1].x1
    assert join_chars(chars) == join_spans(chars)[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(_char, max_size=40))
def test_line_texts_are_those_of_the_lines(chars: list[Char]) -> None:
    assert line_texts(list(chars)) == [ln.text for ln in group_lines(list(chars))]


def _merged_cells_one_by_one(nr: int, nc: int, right: set[int], down: set[int]) -> list[list[int]]:
    # the grid step as it was written first: grid cells joined as the rows are walked
    # (to the right neighbour when in `right`, to the one below when in `down`), then
    # each cell's first and last row and column and count, in the order first met
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            i = r * nc + c
            if c + 1 < nc and i in right:
                parent[find(i + 1)] = find(i)
            if r + 1 < nr and i in down:
                parent[find(i + nc)] = find(i)
    comps: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            b = comps.setdefault(find(r * nc + c), [r, r, c, c, 0])
            b[1], b[2], b[3], b[4] = r, min(b[2], c), max(b[3], c), b[4] + 1
    return list(comps.values())


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_merged_cells_are_those_of_joining_grid_cells_one_by_one(
    nr: int, nc: int, data: st.DataObject
) -> None:
    # any sides left out, so merges that are not rectangles too
    cells = st.integers(0, nr * nc - 1)
    right = data.draw(st.sets(cells.filter(lambda i: i % nc < nc - 1)))
    down = data.draw(st.sets(cells.filter(lambda i: i < (nr - 1) * nc)))
    joins = data.draw(st.permutations([(i, i + 1) for i in right] + [(i, i + nc) for i in down]))
    assert _merged_cells(nr, nc, joins) == _merged_cells_one_by_one(nr, nc, right, down)


def _marks(chars: list[Char]) -> str:
    """The texts of `chars` once `_raise_marks` has looked at them."""
    texts = [c.text for c in chars]

    def col(name: str) -> np.ndarray:
        return np.array([getattr(c, name) for c in chars], np.float64)

    keys = np.array([ord(t) for t in texts])
    _raise_marks(texts, keys, col("x0"), col("x1"), col("top"), col("bottom"), col("size"))
    return "".join(texts)


def test_a_small_raised_char_after_a_digit_is_a_note_mark() -> None:
    digits = [Char("1", 100, 107, 88, 98, 11), Char("8", 107, 114, 88, 98, 11)]
    # LibreOffice's superscript: 58% of the size, its foot 5 pt higher
    mark = [Char("1", 114, 118, 87, 93, 6.4), Char("2", 118, 122, 87, 93, 6.4)]
    assert _marks(digits + mark) == "18¹²"
    assert _marks([*digits, Char("①", 114, 119, 87, 93, 6.4)]) == "18①"
    # a mark of 80% of the size set with its top at the digits' top: its foot 1.9 pt
    # (a fifth of the digits' height) higher; read as one more digit (181) before
    assert _marks([*digits, Char("1", 114, 120, 88, 96.1, 8.8)]) == "18¹"
    # a smaller digit on the digits' baseline: its foot higher by its shorter descent
    assert _marks([*digits, Char("1", 114, 119, 90.5, 97.5, 7)]) == "181"
    # the same size, or smaller on the same foot (a unit), or far off: no mark
    assert _marks([*digits, Char("1", 114, 121, 88, 98, 11)]) == "181"
    assert _marks([*digits, Char("件", 114, 121, 91, 98, 7)]) == "18件"
    assert _marks([*digits, Char("1", 140, 144, 87, 93, 6.4)]) == "181"
    # after a letter, not a digit
    assert _marks([Char("m", 100, 107, 88, 98, 11), Char("2", 107, 111, 87, 93, 6.4)]) == "m2"


def _cells_of(grid: Grid | None) -> list[tuple[int, int, int, int, bool]]:
    assert grid is not None
    return [(c.row, c.col, c.rowspan, c.colspan, c.open_top) for c in grid.cells]


def test_top_rule_short_of_a_merged_cell_leaves_it_open() -> None:
    # 示例镇人民政府's table: the top rule stops at x 200, so the merged cell of columns
    # 1 and 2 (its rule at x 200 missing in row 0, the one at y 20 past x 100 too) has
    # half its top ruled, and is open; the rules at y 40 and 60 run the whole width
    h = [Rule(True, 0, 0, 200), Rule(True, 20, 0, 100), Rule(True, 40, 0, 300)]
    v = [Rule(False, 0, 0, 60), Rule(False, 100, 0, 60), Rule(False, 200, 20, 60)]
    rules = [*h, Rule(True, 60, 0, 300), *v, Rule(False, 300, 0, 60)]
    assert _cells_of(_grid(rules)) == [
        (0, 0, 1, 1, False),
        (0, 1, 2, 2, True),
        (1, 0, 1, 1, False),
        (2, 0, 1, 1, False),
        (2, 1, 1, 1, False),
        (2, 2, 1, 1, False),
    ]


# a few places, so that rules meet, and values no comparison holds for
_edge = st.sampled_from([0.0, 30.0, 60.0, 90.0, 120.0, 150.0, float("nan"), float("inf")])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _edge, _edge, _edge), max_size=60))
def test_groups_of_rules_are_those_of_touching_pairs_one_by_one(
    drawn: list[tuple[bool, float, float, float]],
) -> None:
    rules = [Rule(h, pos, min(a, b), max(a, b)) for h, pos, a, b in drawn]
    n = len(rules)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, h in enumerate(rules):
        for j, v in enumerate(rules):
            touch = h.a - 5 <= v.pos <= h.b + 5 and v.a - 5 <= h.pos <= v.b + 5
            if h.horizontal and not v.horizontal and touch:
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    assert _groups(rules) == list(groups.values())
    with mock.patch.object(pdf_tables, "MANY_PAIRS", 0):  # the arrays' way, whatever the count
        assert _groups(rules) == list(groups.values())
