"""`mark_struck`: a horizontal rule through the middle of a char, across most of its
width, strikes it; one between lines, or short of its width, does not. Its half sizes
given as arrays (as `extract_chars` hands them on) mark the same chars."""

from __future__ import annotations

import numpy as np
import pytest

from ogi.blocks import STRIKE
from ogi.readers.pdf_chars import Char, centres
from ogi.readers.pdf_tables import Rule, mark_struck


def _chars() -> list[Char]:
    # two lines of 10 pt chars: 5 6 at top 100, 7 8 at top 120
    return [
        Char("5", 50.0, 56.0, 100.0, 110.0, 10.0),
        Char("6", 56.0, 62.0, 100.0, 110.0, 10.0),
        Char("7", 50.0, 56.0, 120.0, 130.0, 10.0),
        Char("8", 56.0, 62.0, 120.0, 130.0, 10.0),
    ]


RULES = [
    Rule(True, 105.0, 49.0, 57.0),  # through the middle of 5 only
    Rule(True, 115.0, 40.0, 80.0),  # between the lines: strikes nothing
    Rule(True, 125.5, 57.5, 61.0),  # through 8's middle, short of its width (6 pt)
    Rule(False, 53.0, 90.0, 140.0),  # vertical: strikes nothing
]


@pytest.mark.parametrize("given", [False, True])
def test_a_rule_through_a_chars_middle_strikes_it(given: bool) -> None:
    chars = _chars()
    cx, cy = centres(chars)
    half = None
    if given:
        half = (
            np.array([(c.x1 - c.x0) / 2 for c in chars]),
            np.array([(c.bottom - c.top) / 2 for c in chars]),
        )
    mark_struck(chars, cx, cy, RULES, half)
    assert [c.text for c in chars] == ["5" + STRIKE, "6", "7", "8"]
    mark_struck(chars, cx, cy, RULES, half)  # (marked once only)
    assert chars[0].text == "5" + STRIKE


def test_no_horizontal_rule_near_any_char_marks_nothing() -> None:
    chars = _chars()
    cx, cy = centres(chars)
    mark_struck(chars, cx, cy, [Rule(True, 300.0, 0.0, 600.0)])
    assert [c.text for c in chars] == ["5", "6", "7", "8"]
