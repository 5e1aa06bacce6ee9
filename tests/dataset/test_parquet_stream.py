"""Parquet export streams: the data and the findings each go out `BATCH` rows to a row
group, read from an iterator as they come, never gathered into one table first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ogi.services.dataset import BATCH, write

HEADER = ["agency", "report_year", "m.received"]
FINDINGS_HEADER = ["agency", "rule", "message"]


def _rows(n: int, seen: list[int]) -> Iterator[list[Any]]:
    for i in range(n):
        seen.append(i)
        yield [f"示例镇人民政府{i}", 2020 + i % 5, i]


def _findings(n: int, seen: list[int]) -> Iterator[list[Any]]:
    for i in range(n):
        seen.append(i)
        yield [f"示例镇人民政府{i}", "T3-SUM", f"合计不符 {i}" if i % 7 else None]


def test_rows_and_findings_go_out_a_row_group_at_a_time(tmp_path: Path) -> None:
    rows_seen: list[int] = []
    findings_seen: list[int] = []
    n, m = 2 * BATCH + 3, 3 * BATCH + 1
    out = write(
        tmp_path / "数据.parquet",
        HEADER,
        _rows(n, rows_seen),
        (FINDINGS_HEADER, _findings(m, findings_seen)),
    )
    assert out.rows == n
    assert out.files == [str(tmp_path / "数据.parquet"), str(tmp_path / "数据-findings.parquet")]

    data = pq.ParquetFile(tmp_path / "数据.parquet")
    assert [data.metadata.row_group(k).num_rows for k in range(3)] == [BATCH, BATCH, 3]
    table = data.read()
    assert table.column("agency")[n - 1].as_py() == f"示例镇人民政府{n - 1}"
    assert table.column("report_year").to_pylist()[:6] == [2020, 2021, 2022, 2023, 2024, 2020]
    assert table.column("m.received").to_pylist()[BATCH] == float(BATCH)

    found = pq.ParquetFile(tmp_path / "数据-findings.parquet")
    assert [found.metadata.row_group(k).num_rows for k in range(4)] == [BATCH] * 3 + [1]
    ft = found.read()
    assert ft.num_rows == m
    assert ft.column("message").to_pylist()[:8] == [None] + [
        f"合计不符 {i}" for i in range(1, 7)
    ] + [None]
    assert rows_seen == list(range(n)) and findings_seen == list(range(m))


def test_no_findings_is_an_empty_table_with_its_columns(tmp_path: Path) -> None:
    write(tmp_path / "空.parquet", HEADER, iter([]), (FINDINGS_HEADER, iter([])))
    assert pq.read_table(tmp_path / "空.parquet").num_rows == 0
    empty = pq.read_table(tmp_path / "空-findings.parquet")
    assert (empty.num_rows, empty.column_names) == (0, FINDINGS_HEADER)
