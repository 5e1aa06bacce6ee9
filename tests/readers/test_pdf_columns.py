"""`pdf_columns.is_numeric`, what a table's value cell holds: values worked by hand, and
its quick test of the first character against the pattern itself over every character
of the Basic Multilingual Plane."""

from __future__ import annotations

import pytest

from ogi.readers.pdf_columns import _NUMBER, is_numeric


@pytest.mark.parametrize(
    ("text", "numeric"),
    [
        ("12", True),
        (" 1,234 ", True),
        ("-3", True),
        ("+0.5", True),
        (",5", True),  # (the pattern allows a comma first)
        ("５", True),  # a full-width digit is a decimal digit
        ("12万元", True),
        ("3元", True),
        ("/", True),
        ("—", True),
        ("－", True),
        ("", False),
        ("   ", False),
        ("规章", False),
        ("1.属于国家秘密", False),
        ("12 34", False),
        ("一", False),  # a Chinese numeral is no decimal digit
        ("1.", False),
    ],
)
def test_numbers_worked_by_hand(text: str, numeric: bool) -> None:
    assert is_numeric(text) is numeric


def test_the_first_character_test_leaves_the_pattern_its_answers() -> None:
    for cp in range(0x10000):
        for tail in ("", "1", "0.5", "元", "万元"):
            text = chr(cp) + tail
            stripped = text.strip()
            expected = bool(stripped) and _NUMBER.match(stripped) is not None
            assert is_numeric(text) is expected, repr(text)
