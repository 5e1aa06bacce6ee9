"""Where a finding sits in a report as the format prints it: the cells, row, part and
sentence a report's page marks, and the place in the format's words (表三 总计/自然人).

The checker names the place (`Finding.cell`, `section`, `quote`); the table, row and
column keys are used only for a finding about a whole row or column, which names no
single cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from ogi.check import Finding
from ogi.model import Report
from ogi.render.tables import table_edition
from ogi.services.check_workbook import place


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
    """Where a finding is, in the format's words, as the agency's workbook puts it in its
    表格或部分 / 行 / 列 columns: 表三 （七）总计 自然人."""
    table = f.table or (f.cell.split(".", 1)[0] if f.cell else None)
    if table is None and f.section and f.section.isdigit():
        return f"第{f.section}部分"
    if table is None and not f.section:
        return "全文"
    ed = table_edition(report, table or "t2") if report else None
    return " ".join(x for x in place(f, ed) if x)
