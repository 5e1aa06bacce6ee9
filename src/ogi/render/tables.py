"""The statutory tables and the report outline, independent of any output form.

Every label comes from the `Edition` data; this module only decides where each label
sits in the printed grid (rows of cells with row and column spans), so that HTML, DOCX,
Markdown and plain text all print the same table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ogi.format import Edition, edition, edition_for_year, editions
from ogi.model import Report, Value

Role = Literal["block", "head", "label", "value"]
TABLE_KEYS = ("t2", "t3", "t4")

# Report.metadata keys → the labels government websites print above a report.
METADATA_LABELS: dict[str, str] = {
    "index_number": "索引号",
    "topic": "主题分类",
    "issuer": "发布机构",
    "written": "成文日期",
    "document_number": "文件编号",
    "validity": "有效性",
}


@dataclass(frozen=True)
class GridCell:
    """One printed cell; a merged cell exists once, at its top-left position."""

    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None  # cell path of a value cell


@dataclass
class Grid:
    """One statutory table as printed: `rows` hold only the cells that start in a row."""

    table: str
    edition: str
    ncols: int
    rows: list[list[GridCell]] = field(default_factory=list)

    def placed(self) -> Iterator[tuple[int, int, GridCell]]:
        """(row, column, cell) for every cell, in reading order, skipping positions a
        merged cell above or to the left already covers."""
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in covered:
                    c += 1
                yield r, c, cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        covered.add((r + dr, c + dc))
                c += cell.colspan

    def matrix(self) -> list[list[GridCell | None]]:
        """The full rectangle; positions covered by a merged cell hold None."""
        out: list[list[GridCell | None]] = [[None] * self.ncols for _ in self.rows]
        for r, c, cell in self.placed():
            out[r][c] = cell
        return out


# -- values --------------------------------------------------------------------------------
def format_value(value: Value) -> str:
    """int as is, float without trailing zeros, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        # A fixed number of places hides binary noise such as 0.30000000000000004.
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text
    return str(value)


def cell_text(report: Report, path: str) -> str:
    """A cell as printed: non-numeric text from `report.raw` wins over an empty value."""
    for raw in report.raw:
        if raw.path == path:
            return raw.text
    return format_value(report.cells.get(path))


# -- editions ------------------------------------------------------------------------------
def default_edition_name(year: int | None) -> str:
    """The edition a report year must follow; outside every edition's years, the nearest."""
    ordered = sorted(editions().values(), key=lambda e: e.first_year)
    if year is None:
        return ordered[-1].name
    found = edition_for_year(year)
    if found is not None:
        return found.name
    return ordered[0].name if year < ordered[0].first_year else ordered[-1].name


def table_edition(report: Report, table: str) -> Edition:
    name = report.table_editions.get(table)
    if name not in editions():
        name = default_edition_name(report.report_year)
    return edition(name)


# -- grids ---------------------------------------------------------------------------------
def _spans(total: int, parts: int) -> list[int]:
    """Split `total` grid columns among `parts` printed columns; the last takes the rest
    (a block with one column spans the whole value area, as the format prints it)."""
    each = total // parts
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def t2_grid(ed: Edition) -> Grid:
    value_cols = max(len(b.columns) for b in ed.t2_blocks)
    grid = Grid("t2", ed.name, 1 + value_cols)
    corner = ed.raw["tables"]["t2"]["row_label_header"]
    for block in ed.t2_blocks:
        spans = _spans(value_cols, len(block.columns))
        grid.rows.append([GridCell(block.label, "block", colspan=grid.ncols)])
        grid.rows.append(
            [GridCell(corner, "head")]
            + [
                GridCell(c.label, "head", colspan=s)
                for c, s in zip(block.columns, spans, strict=True)
            ]
        )
        for row in block.rows:
            grid.rows.append(
                [GridCell(row.label, "label")]
                + [
                    GridCell("", "value", colspan=s, path=f"t2.{row.path}.{c.key}")
                    for c, s in zip(block.columns, spans, strict=True)
                ]
            )
    return grid


def _depth(cols: list[dict[str, Any]]) -> int:
    return max(1 + (_depth(c["children"]) if c.get("children") else 0) for c in cols)


def _leaves(col: dict[str, Any]) -> int:
    return sum(_leaves(c) for c in col["children"]) if col.get("children") else 1


def _header_rows(cols: list[dict[str, Any]]) -> list[list[GridCell]]:
    """Nested column headers: a group spans its leaves, a leaf spans down to the last
    header row."""
    depth = _depth(cols)
    rows: list[list[GridCell]] = [[] for _ in range(depth)]

    def walk(nodes: list[dict[str, Any]], level: int) -> None:
        for node in nodes:
            if node.get("children"):
                rows[level].append(GridCell(node["label"], "head", colspan=_leaves(node)))
                walk(node["children"], level + 1)
            else:
                rows[level].append(GridCell(node["label"], "head", rowspan=depth - level))

    walk(cols, 0)
    return rows


def t3_grid(ed: Edition) -> Grid:
    spec = ed.raw["tables"]["t3"]
    label_cols = max(r.level for r in ed.t3_rows)
    value_cols = len(ed.t3_columns)
    grid = Grid("t3", ed.name, label_cols + value_cols)
    heads = [[GridCell(spec["column_header"], "head", colspan=value_cols)]]
    heads += _header_rows(spec["columns"])
    heads[0].insert(
        0, GridCell(spec["corner_note"], "head", rowspan=len(heads), colspan=label_cols)
    )
    grid.rows += heads
    # A group row prints no row of its own: its label spans its data rows vertically and
    # opens the next data row.
    pending: list[GridCell] = []
    data = ed.t3_data_rows
    for row in ed.t3_rows:
        colspan = label_cols - row.level + 1
        if row.group:
            under = sum(1 for d in data if d.path.startswith(row.path + "."))
            pending.append(GridCell(row.label, "label", rowspan=under))
            continue
        grid.rows.append(
            pending
            + [GridCell(row.label, "label", colspan=colspan)]
            + [GridCell("", "value", path=f"t3.{row.path}.{c.key}") for c in ed.t3_columns]
        )
        pending = []
    return grid


def t4_grid(ed: Edition) -> Grid:
    cols = ed.raw["tables"]["t4"]["columns"]
    grid = Grid("t4", ed.name, len(ed.t4_columns))
    grid.rows += _header_rows(cols)
    grid.rows.append([GridCell("", "value", path=f"t4.{c.key}") for c in ed.t4_columns])
    return grid


_BUILDERS = {"t2": t2_grid, "t3": t3_grid, "t4": t4_grid}


def empty_grid(table: str, edition_name: str) -> Grid:
    """The blank form of one table in one edition."""
    return _BUILDERS[table](edition(edition_name))


def grid(report: Report, table: str) -> Grid:
    """One table of `report`, in the edition the report uses for it, with its values."""
    blank = empty_grid(table, table_edition(report, table).name)
    filled = Grid(blank.table, blank.edition, blank.ncols)
    for row in blank.rows:
        filled.rows.append(
            [
                GridCell(cell_text(report, c.path), c.role, c.rowspan, c.colspan, c.path)
                if c.path
                else c
                for c in row
            ]
        )
    return filled


# -- outline -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One piece of the printed report, in order."""

    kind: Literal["heading", "paragraph", "table", "signature"]
    text: str = ""
    grid: Grid | None = None


def report_title(report: Report) -> str:
    if report.agency and report.report_year:
        return f"{report.agency}{report.report_year}年政府信息公开工作年度报告"
    return report.title or "政府信息公开工作年度报告"


def metadata_items(report: Report) -> list[tuple[str, str]]:
    """(label, value) of the metadata entries that have a value, in the website order."""
    out = [
        (label, str(report.metadata[key]))
        for key, label in METADATA_LABELS.items()
        if report.metadata.get(key)
    ]
    out += [
        (key, str(value))
        for key, value in report.metadata.items()
        if key not in METADATA_LABELS and value
    ]
    return out


def chinese_date(iso: str) -> str:
    """2025-01-20 → 2025年1月20日, as GB/T 9704 prints the date written; any other text
    as it is."""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.year}年{d.month}月{d.day}日"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def outline(report: Report) -> list[Part]:
    """Headings, paragraphs and tables in printed order.

    A section the format puts a table under gets it after its text. A report that lacks
    such a section still gets the table, under the format's heading, where the format
    puts it: a rendered report is always complete.
    """
    spec = table_edition(report, "t2").sections
    table_of = {s.key: s.table for s in spec if s.table}
    order = {s.key: i for i, s in enumerate(spec)}
    sections: list[tuple[str | None, str, str, str]] = [
        (s.key, s.ordinal, s.title, s.text) for s in report.sections
    ]
    have = {s[0] for s in sections}
    for s in spec:
        if s.table and s.key not in have:
            # Insert after the last present section that the format puts before it.
            at = 0
            for i, present in enumerate(sections):
                if present[0] in order and order[present[0]] < order[s.key]:
                    at = i + 1
            sections.insert(at, (s.key, s.ordinal, s.title, ""))
    parts: list[Part] = [Part("paragraph", p) for p in _paragraphs(report.preamble)]
    for key, ordinal, title, text in sections:
        parts.append(Part("heading", f"{ordinal}{title}"))
        parts += [Part("paragraph", p) for p in _paragraphs(text)]
        table = table_of.get(key) if key else None
        if table:
            parts.append(Part("table", grid=grid(report, table)))
    if report.signature is not None:
        parts.append(Part("signature", report.signature.name))
        parts.append(Part("signature", chinese_date(report.signature.date)))
    return parts
