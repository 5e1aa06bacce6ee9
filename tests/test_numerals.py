"""Chinese numerals (ogi.numerals): what reports number their parts and lists with."""

from __future__ import annotations

import pytest

from ogi.numerals import chinese


@pytest.mark.parametrize(
    ("n", "written"),
    [
        (0, "〇"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (196, "一百九十六"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (9999, "九千九百九十九"),
        (10000, "10000"),
        (-1, "-1"),
    ],
)
def test_numbers_are_written_as_reports_write_them(n: int, written: str) -> None:
    assert chinese(n) == written
