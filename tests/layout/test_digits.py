"""Splitting run-together digits by the table's own arithmetic."""

from __future__ import annotations

from ogi.layout.digits import candidates, splits


def row_ok(v: list[int | float]) -> bool:
    return all(isinstance(x, int) and x >= 0 for x in v) and sum(v[:-1]) == v[-1]


def test_seven_digits_are_seven_cells() -> None:
    assert candidates(["4000004"], 7, row_ok) == [[4, 0, 0, 0, 0, 0, 4]]


def test_row_sum_picks_the_one_split() -> None:
    # 20 | 0 | 0 | 0 | 0 | 1 | 21 printed as "200 000121"
    assert candidates(["200", "000121"], 7, row_ok) == [[20, 0, 0, 0, 0, 1, 21]]
    # 37 | 0 | 0 | 0 | 0 | 0 | 37
    assert candidates(["370000037"], 7, row_ok) == [[37, 0, 0, 0, 0, 0, 37]]


def test_no_leading_zeros() -> None:
    assert ["0", "05"] not in list(splits(["005"], 2))
    assert list(splits(["005"], 3)) == [["0", "0", "5"]]


def test_sign_and_decimal_stay_where_they_can() -> None:
    got = list(splits(["-185"], 2))
    assert got == [["-1", "85"], ["-18", "5"]]
    assert list(splits(["12.5"], 2)) == [["1", "2.5"]]


def test_ambiguous_split_returns_every_candidate() -> None:
    got = candidates(["107105"], 3, lambda v: all(isinstance(x, int) for x in v))
    assert [10, 7, 105] in got and [107, 10, 5] in got and len(got) == 5


def test_impossible_split_returns_nothing() -> None:
    assert candidates(["12"], 7, row_ok) == []
