"""The compiled loops of the table reader's grid lines against the Python they stand in
for: a group's lines across and down (`_layout.grid_lines`, for
`pdf_tables._grid_lines`: the rules' positions with the crossing rules' far ends,
clustered, an outer band trimmed, cell spacing closed) and the look for rules running
on after short gaps (`_layout.broken`, for `_broken_lines`). Made-up groups with ties at
SNAP, JOIN, SPACING, TEXT_BAND and OVERSHOOT, signed zeros and the tables of
`test_pdf_grid_lines` give Python's answers to the bit; infinities and NaN are handed
back (None) for the Python to run, errors included; a few cases are worked by hand."""

from __future__ import annotations

import math
import random
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.readers import pdf_chars, pdf_tables
from ogi.readers.pdf_tables import JOIN, MAX_SPACING, OVERSHOOT, SNAP, SPACING, TEXT_BAND, Rule
from tests.readers.test_pdf_grid_lines import _table_rules
from tests.readers.test_pdf_layout import _compiled

# From 3.12 Python's sum compensates the rounding of three floats or more, so that a
# cluster of three positions is handed back there.
_PLAIN_SUM = sys.version_info < (3, 12)


def _lines(rules: list[Rule], layout: Any) -> Any:
    """`_grid_lines` with `layout` (None: the Python), as a repr, or the error's type."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        try:
            return repr(pdf_tables._grid_lines(rules))
        except (ValueError, OverflowError) as e:
            return type(e)


def _raw_lines(rules: list[Rule]) -> Any:
    return _compiled().grid_lines(rules, SNAP, JOIN, SPACING, TEXT_BAND, OVERSHOOT)


# positions about the thresholds from a few bases: SNAP, JOIN and SPACING apart, and a
# float's width either side of them
_BASES = [0.0, -0.0, 10.0, 40.0, 100.0]
_STEPS = [0.0, 1.5, SNAP, JOIN, SPACING, OVERSHOOT, TEXT_BAND, 2 * SNAP, 20.0]
_edge = st.builds(
    lambda base, step, sign, nudge: (
        math.nextafter(base + sign * step, nudge) if nudge else base + sign * step
    ),
    st.sampled_from(_BASES),
    st.sampled_from(_STEPS),
    st.sampled_from([1.0, -1.0]),
    st.sampled_from([0.0, math.inf, -math.inf]),
)
_coord = st.one_of(_edge, st.floats(-60, 160))
_rule = st.builds(Rule, st.booleans(), _coord, _coord, _coord)


def _both_sides(rules: list[Rule]) -> bool:
    return any(r.horizontal for r in rules) and not all(r.horizontal for r in rules)


@settings(max_examples=800, deadline=None)
@given(st.lists(_rule, min_size=2, max_size=24).filter(_both_sides))
def test_made_up_groups_have_the_lines_of_python(rules: list[Rule]) -> None:
    got = _lines(rules, _compiled())
    assert got == _lines(rules, None)
    if _PLAIN_SUM:  # (done by the compiled loop indeed, not handed back)
        assert _raw_lines(rules) is not None


def test_tables_have_the_lines_of_python() -> None:
    rng = random.Random(31)
    compiled = 0
    for _ in range(400):
        rules = _table_rules(rng)
        assert _lines(rules, _compiled()) == _lines(rules, None)
        compiled += _raw_lines(rules) is not None
    assert compiled == 400 if _PLAIN_SUM else compiled > 0


def test_grid_lines_worked_by_hand() -> None:
    hs = [
        Rule(True, 10.0, 0.0, 100.0),
        Rule(True, 30.0, 0.0, 100.0),
        Rule(True, 31.0, 0.0, 100.0),  # a double rule: one line, between the two
        Rule(True, 50.0, 0.0, 100.0),
    ]
    vs = [
        Rule(False, 0.0, 10.0, 50.0),
        Rule(False, 40.0, 10.0, 54.0),  # runs on 4 pt: stops at a frame's inner line
        Rule(False, 100.0, 10.0, 50.0),
        Rule(False, 44.0, 10.0, 50.0),  # 4 pt from the rule at 40: cell spacing, closed
    ]
    rules = [hs[0], vs[0], hs[1], vs[1], hs[2], vs[2], hs[3], vs[3]]
    assert _raw_lines(rules) == (hs, vs, [0.0, 42.0, 100.0], [10.0, 30.5, 50.0])
    # running on 8 pt, it stops short of no rule: its end is a line, and the band it
    # makes, which one of four vertical rules reaches, is trimmed
    vs[1] = Rule(False, 40.0, 10.0, 58.0)
    rules[3] = vs[1]
    assert _raw_lines(rules) == (hs, vs, [0.0, 42.0, 100.0], [10.0, 30.5, 50.0])
    # in a frame, a band reached by every vertical rule stays if OVERSHOOT wide, and
    # goes if narrower
    frame_h = [Rule(True, y, 0.0, 100.0) for y in (10.0, 30.0, 50.0)]
    for end, ys in ((56.0, [10.0, 30.0, 50.0, 56.0]), (55.5, [10.0, 30.0, 50.0])):
        frame_v = [Rule(False, x, 10.0, end) for x in (0.0, 50.0, 100.0)]
        assert _raw_lines(frame_h + frame_v) == (frame_h, frame_v, [0.0, 50.0, 100.0], ys)
    # with no frame (no rule at an outer line) a band as wide as a line of text stays
    inner_h = [Rule(True, 30.0, 0.0, 100.0), Rule(True, 50.0, 0.0, 100.0)]
    inner_v = [Rule(False, 40.0, 20.0, 60.0), Rule(False, 70.0, 20.0, 60.0)]
    assert _raw_lines(inner_h + inner_v) == (
        inner_h,
        inner_v,
        [0.0, 40.0, 70.0, 100.0],
        [20.0, 30.0, 50.0, 60.0],
    )
    # a band narrower than that is dropped; one exactly as wide stays
    short_v = [Rule(False, 40.0, 25.0, 60.0), Rule(False, 70.0, 25.0, 60.0)]
    assert _raw_lines(inner_h + short_v)[3] == [30.0, 50.0, 60.0]
    line_v = [Rule(False, 40.0, 30.0 - TEXT_BAND, 60.0), Rule(False, 70.0, 25.0, 60.0)]
    assert _raw_lines(inner_h + line_v)[3] == [30.0 - TEXT_BAND, 30.0, 50.0, 60.0]


def test_odd_groups_are_handed_back_to_python() -> None:
    layout = _compiled()
    h, v = Rule(True, 10.0, 0.0, 50.0), Rule(False, 0.0, 10.0, 40.0)
    for odd in (math.inf, -math.inf, math.nan):
        for field in ("pos", "a", "b"):
            rules = [h, Rule(False, 0.0, 10.0, 40.0), Rule(True, 40.0, 0.0, 50.0)]
            setattr(rules[1], field, odd)
            assert _raw_lines(rules) is None
            assert _lines(rules, layout) == _lines(rules, None)
    assert _raw_lines([h, h]) is None  # no vertical rule: Python's min() raises
    assert _lines([h, h], layout) is ValueError
    assert _raw_lines((h, v)) is None  # type: ignore[arg-type]
    assert _raw_lines([h, Rule(False, 0, 10.0, 40.0)]) is None  # an int: not read
    with pytest.raises(AttributeError):
        layout.grid_lines([h, object()], SNAP, JOIN, SPACING, TEXT_BAND, OVERSHOOT)
    with pytest.raises(TypeError):
        layout.grid_lines([h, v])
    # three positions in one cluster: compiled up to 3.11, handed back from 3.12
    three = [Rule(True, y, 0.0, 50.0) for y in (10.0, 11.0, 12.1)] + [
        v,
        Rule(False, 50.0, 10.0, 40.0),
    ]
    assert (_raw_lines(three) is None) == (not _PLAIN_SUM)
    assert _lines(three, layout) == _lines(three, None)


def _broken(rules: list[Rule], layout: Any) -> Any:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pdf_chars, "LAYOUT", layout)
        try:
            return pdf_tables._broken_lines(rules)
        except (ValueError, OverflowError) as e:
            return type(e)


# rules in line (a few positions, rounding to the same or next point) with ends a gap of
# about SNAP and MAX_SPACING apart
_in_line = st.builds(
    Rule,
    st.booleans(),
    st.sampled_from([0.0, -0.0, 0.5, 1.5, 2.5, 10.4, 10.6]),
    st.sampled_from([0.0, 10.0, 13.0, 25.0, 40.0, 55.0, math.nextafter(13.0, 99.0)]),
    st.sampled_from([10.0, 25.0, 40.0, 55.0, 70.0, math.nextafter(10.0, 0.0)]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_in_line, _rule), max_size=30))
def test_broken_lines_are_those_of_python(rules: list[Rule]) -> None:
    assert _broken(rules, _compiled()) == _broken(rules, None)
    assert _compiled().broken(rules, SNAP, MAX_SPACING, pdf_tables.BROKEN_RUNS) is not None


def test_broken_lines_worked_by_hand() -> None:
    layout = _compiled()

    def broken(rules: list[Rule]) -> Any:
        return layout.broken(rules, SNAP, MAX_SPACING, pdf_tables.BROKEN_RUNS)

    # four pieces of one line, 5 pt apart: three gaps
    row = [Rule(True, 20.0, x, x + 20.0) for x in (0.0, 25.0, 50.0, 75.0)]
    assert broken(row) is True
    assert broken(row[:3]) is False  # two gaps are not enough
    # a gap of exactly SNAP is pieces touching; one of exactly MAX_SPACING still counts
    touching = [Rule(True, 20.0, x, x + 20.0) for x in (0.0, 23.0, 46.0, 69.0)]
    assert broken(touching) is False
    widest = [Rule(True, 20.0, x, x + 20.0) for x in (0.0, 35.0, 70.0, 105.0)]
    assert broken(widest) is True
    # the same pieces at rounded positions that differ are not in line; 20.4 is
    widest[2] = Rule(True, 20.6, 70.0, 90.0)
    assert broken(widest) is False
    widest[2] = Rule(True, 20.4, 70.0, 90.0)
    assert broken(widest) is True
    # positions rounded as Python rounds them, half to even: 1.5 and 2.5 are both at 2
    halves = [Rule(True, y, x, x + 20.0) for y, x in ((1.5, 0.0), (2.5, 25.0), (1.5, 50.0))]
    assert broken([*halves, Rule(True, 2.5, 75.0, 95.0)]) is True
    assert broken([*halves, Rule(True, 3.5, 75.0, 95.0)]) is False
    # a vertical piece is another line
    widest[2] = Rule(False, 20.0, 70.0, 90.0)
    assert broken(widest) is False
    assert broken([]) is False
    for odd in (math.inf, math.nan):
        rules = [*row, Rule(True, odd, 0.0, 1.0)]
        assert broken(rules) is None
        assert _broken(rules, layout) == _broken(rules, None)
    assert broken(tuple(row)) is None  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        layout.broken(row, SNAP)
