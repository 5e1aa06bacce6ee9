"""Values that fail their table's arithmetic the way a misread does are taken back out;
a table that merely does not add up is left as printed, for the checks to report."""

from __future__ import annotations

from ogi.layout.specs import TableResult
from ogi.layout.verify import check_misreads
from tests.extract.phenomena import T3_COLUMNS, base_values

ROW = "t3.results.granted"


def t3_result(**rows: list[int]) -> TableResult:
    cells = {k: v for k, v in base_values().items() if k.startswith("t3.")}
    for key, values in rows.items():
        for col, v in zip(T3_COLUMNS, values, strict=True):
            cells[f"t3.{key.replace('__', '.')}.{col}"] = v
    return TableResult("t3", "2021", cells=dict(cells))


def test_a_row_pushed_one_place_by_a_stray_number_is_taken_out() -> None:
    # 予以公开 is 7 1 0 0 0 0 8: a stray 3 in front pushed its values one place on, and
    # its 8 into the next row
    res = t3_result(
        results__granted=[3, 7, 1, 0, 0, 0, 0], results__partially_granted=[8, 2, 1, 0, 0, 0, 0]
    )
    check_misreads(res, 2024, from_stream=True)
    assert not any(k.startswith(ROW + ".") for k in res.cells)
    [p, *_] = res.problems
    assert (p.path, p.message) == (
        ROW,
        "本行合计不符，数值整体后移一列即相符（可能混入了其他数字），疑为误读，未取值",
    )


def test_a_row_that_does_not_add_up_is_kept_when_read_from_cells() -> None:
    res = t3_result(results__granted=[3, 7, 1, 0, 0, 0, 0])
    check_misreads(res, 2024, from_stream=False)
    assert [res.cells[f"{ROW}.{c}"] for c in T3_COLUMNS] == [3, 7, 1, 0, 0, 0, 0]
    assert res.problems == []


def test_the_report_year_in_a_row_that_does_not_add_up_is_taken_out() -> None:
    res = t3_result(results__granted=[2024, 1, 0, 0, 0, 0, 8])
    check_misreads(res, 2024, from_stream=False)
    assert not any(k.startswith(ROW + ".") for k in res.cells)
    assert res.problems[0].message == (
        "本行合计不符且含有与报告年度相同的数值2024，疑为误读，未取值"
    )


def test_a_large_count_that_adds_up_is_kept() -> None:
    res = t3_result(results__granted=[2024, 1, 0, 0, 0, 0, 2025])
    check_misreads(res, 2024, from_stream=True)
    assert res.cells[f"{ROW}.natural_person"] == 2024
