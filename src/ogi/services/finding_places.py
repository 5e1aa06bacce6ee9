"""Where a finding sits in a report as the format prints it: the cells, row, part and
sentence a report's page marks, and the place in the format's words (表三 总计/自然人).

The checker names the place (`Finding.cell`, `section`, `quote`); the table, row and
column keys are used only for a finding about a whole row or column, which names no
single cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from ogi.check import Finding
from ogi.format.labels import (
    cell_label,
    section_label,
    t2_row_label,
    t3_col_label,
    t3_row_label,
    table_label,
)
from ogi.model import Report
from ogi.render.tables import table_edition


@dataclass(frozen=True)
class Place:
    """What a finding points at in the printed form: cells, a row, a column, a table, a
    part of the text. Cell paths are exact; a row or column is every cell in it."""

    table: str | None = None
    cells: tuple[str, ...] = ()
    row: str | None = None  # spec row path, for the row's label cell
    section: str | None = None
    quote: str | None = None  # the sentence of the text the finding is about


def place_of(f: Finding, report: Report) -> Place:
    """The place of `f` in `report`'s printed tables and text."""
    quote = f.quote if f.quote and f.quote in report.text else None
    table = f.table or (f.cell.split(".", 1)[0] if f.cell else None)
    if table is None:
        return Place(section=f.section, quote=quote)
    paths = table_edition(report, table).cell_paths(table)
    if f.cell:
        cells = [f.cell] if f.cell in paths else []
    elif table == "t4":
        cells = [p for p in paths if f.column and p == f"t4.{f.column}"]
    elif f.row and f.column:
        cells = [p for p in paths if p == f"{table}.{f.row}.{f.column}"]
    elif f.row:
        prefix = f"{table}.{f.row}."
        cells = [p for p in paths if p.startswith(prefix) and p.count(".") == prefix.count(".")]
    elif f.column:
        cells = [p for p in paths if p.endswith(f".{f.column}")]
    else:
        cells = []
    return Place(table=table, cells=tuple(cells), row=f.row, section=f.section, quote=quote)


def location_zh(f: Finding, report: Report | None) -> str:
    """Where a finding is, in the format's words: 表三 总计/自然人."""
    table = f.table or (f.cell.split(".", 1)[0] if f.cell else None)
    if table is None:
        if not f.section:
            return "全文"
        if f.section.isdigit():
            return f"第{f.section}部分"
        ed = table_edition(report, "t2") if report else None
        return section_label(ed, f.section)
    head = table_label(table)
    if report is None:
        return " ".join(x for x in (head, f.row, f.column) if x)
    ed = table_edition(report, table)
    if f.cell:
        return f"{head} {cell_label(ed, f.cell)}"
    if table == "t3" and f.row and f.column:
        return f"{head} {cell_label(ed, f't3.{f.row}.{f.column}')}"
    if table == "t3" and f.row:
        return f"{head} {t3_row_label(ed, f.row)} 行"
    if table == "t3" and f.column:
        return f"{head} {t3_col_label(ed, f.column)} 列"
    if table == "t4" and f.column:
        return f"{head} {cell_label(ed, 't4.' + f.column)}"
    if table == "t2" and f.row and f.column:
        return f"{head} {cell_label(ed, f't2.{f.row}.{f.column}')}"
    if table == "t2" and f.row:
        return f"{head} {t2_row_label(ed, f.row)} 行"
    return head
