"""Published reports as a dataset: ingest them into the store, export them as tables.

Ingest is idempotent by content hash, so a folder can be ingested again after new
reports are added. Export writes one row per report (wide: every cell a column, named
by its cell path) or one row per cell (long), as CSV, Excel or Parquet.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ogi.format import editions
from ogi.model import Report
from ogi.services.batch import read_each
from ogi.store import Store
from ogi.store.models import ReportRecord
from ogi.store.reports import add_report, report_of

META_COLUMNS = (
    "agency",
    "report_year",
    "edition",
    "t2_edition",
    "t3_edition",
    "published",
    "form",
    "source",
    "sha256",
    "problems",
)
META_ZH = {
    "agency": "机关",
    "report_year": "年度",
    "edition": "格式版本",
    "t2_edition": "表二版本",
    "t3_edition": "表三版本",
    "published": "发布日期",
    "form": "文件形式",
    "source": "来源文件",
    "sha256": "sha256",
    "problems": "读取问题数",
}


@dataclass
class IngestResult:
    added: int = 0
    already: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def ingest(
    store: Store,
    paths: Iterable[Path],
    read: Callable[[Path], Report],
    progress: Callable[[Path], None] | None = None,
) -> IngestResult:
    """Read each file and keep its report; a file that cannot be read is listed and the
    rest goes on. Each report is committed on its own, so an interruption loses nothing."""
    result = IngestResult()
    for o in read_each(paths, read, ogi_json=False):
        if progress:
            progress(o.path)
        if o.error:
            result.failed.append((str(o.path), o.error))
        for report in o.reports:
            from ogi.services.dataset import index

            with store.session() as s:
                row, added = add_report(s, report)
                if added or row.findings is None:
                    # agency entity, findings and agency-year, in the same transaction
                    index(s, row, report)
            if added:
                result.added += 1
            else:
                result.already += 1
    return result


def stored_reports(
    store: Store, agency: str | None = None, year: int | None = None
) -> Iterator[Report]:
    with store.session() as s:
        q = select(ReportRecord).order_by(ReportRecord.agency, ReportRecord.year, ReportRecord.id)
        if agency:
            q = q.where(ReportRecord.agency == agency)
        if year:
            q = q.where(ReportRecord.year == year)
        for row in s.scalars(q):
            yield report_of(row)


def cell_columns() -> list[str]:
    """Every cell path of every edition, in printed order, each once."""
    out: dict[str, None] = {}
    for ed in sorted(editions().values(), key=lambda e: e.name, reverse=True):
        out.update(dict.fromkeys(ed.cell_paths()))
    return list(out)


def _meta(r: Report) -> dict[str, object]:
    return {
        "agency": r.agency,
        "report_year": r.report_year,
        "edition": r.edition,
        "t2_edition": r.table_editions.get("t2"),
        "t3_edition": r.table_editions.get("t3"),
        "published": r.published,
        "form": r.source.form,
        "source": r.source.path,
        "sha256": r.source.sha256,
        "problems": len(r.problems),
    }


def wide_rows(reports: Iterable[Report]) -> tuple[list[str], list[list[object]]]:
    cols = cell_columns()
    header = [*META_COLUMNS, *cols]
    rows = []
    for r in reports:
        meta = _meta(r)
        rows.append([*(meta[k] for k in META_COLUMNS), *(r.cells.get(c) for c in cols)])
    return header, rows


def long_rows(reports: Iterable[Report]) -> tuple[list[str], list[list[object]]]:
    header = ["agency", "report_year", "sha256", "table", "cell", "value", "printed"]
    rows: list[list[object]] = []
    for r in reports:
        raw = {x.path: x.text for x in r.raw}
        for path, value in r.cells.items():
            rows.append(
                [r.agency, r.report_year, r.source.sha256, path[:2], path, value, raw.get(path)]
            )
    return header, rows


def write_table(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """CSV (UTF-8 with BOM, so Excel shows Chinese), XLSX or Parquet, by suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook(write_only=False)
        ws = wb.active
        ws.title = "年报数据"
        ws.append([META_ZH.get(h, h) for h in header])
        for row in rows:
            ws.append(row)
        for c in ws[1]:
            c.font = Font(bold=True)
        ws.freeze_panes = "B2"
        wb.save(path)
    elif suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {h: [row[i] for row in rows] for i, h in enumerate(header)}
        # Cells mix ints and decimal amounts; one float column type keeps both exact
        # enough (counts stay below 2**53).
        arrays = {}
        for h, values in columns.items():
            if h in META_COLUMNS or h in ("table", "cell", "printed", "agency", "sha256"):
                arrays[h] = pa.array(values)
            else:
                arrays[h] = pa.array(
                    [None if v is None else float(v) for v in values], pa.float64()
                )  # type: ignore[arg-type]
        pq.write_table(pa.table(arrays), path)
    else:
        raise ValueError(f"不支持的导出格式：{path.suffix}（可选：.csv、.xlsx、.parquet）")
