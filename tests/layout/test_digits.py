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


def test_no_part_longer_than_fifteen_digits() -> None:
    assert list(splits(["1" * 16], 1)) == []
    assert list(splits(["1" * 20], 2)) == [["1" * i, "1" * (20 - i)] for i in range(5, 16)]


def test_work_per_row_is_bounded() -> None:
    import pytest

    from ogi.layout.digits import TooComplex

    with pytest.raises(TooComplex) as e:
        candidates(["1234567890" * 4], 7, row_ok)
    assert str(e.value) == (
        "数字连写“1234567890123456789012345678901234567890”拆分不唯一/过于复杂"
        "（超过 1,000,000 步），未取值"
    )
    with pytest.raises(TooComplex) as e:
        candidates(["1" * 81], 7, row_ok)
    assert str(e.value) == "数字连写过长（81 位，上限 80 位），未拆分"


def test_work_per_report_is_bounded(monkeypatch) -> None:
    import pytest

    from ogi import limits
    from ogi.layout.digits import TooComplex, report_budget

    small = limits.Limit(500, limits.SPLIT_STEPS_TOTAL.message)
    monkeypatch.setattr(limits, "SPLIT_STEPS_TOTAL", small)
    with report_budget():
        assert candidates(["200", "000121"], 7, row_ok) == [[20, 0, 0, 0, 0, 1, 21]]
        with pytest.raises(TooComplex) as e:
            for _ in range(20):
                candidates(["370000037"], 7, row_ok)
    assert str(e.value) == (
        "数字连写“370000037”未拆分："
        "本报告拆分连写数字的总工作量已超过 500 步（拆分不唯一/过于复杂）"
    )
    # Outside a report only the bound per row applies.
    assert candidates(["370000037"], 7, row_ok) == [[37, 0, 0, 0, 0, 0, 37]]
