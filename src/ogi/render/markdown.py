"""A report as Markdown: pipe tables, with merged cells repeated as empty cells."""

from __future__ import annotations

from ogi.model import Report
from ogi.render.tables import Grid, metadata_items, outline, report_title


def _cell(text: str) -> str:
    # A pipe would split the cell; a line break would end the table row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table_markdown(grid: Grid) -> str:
    """Pipe tables have no spans: a merged cell prints its text once, at its top-left
    position, and every position it covers is an empty cell."""
    rows = [[_cell(c.text) if c is not None else "" for c in row] for row in grid.matrix()]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * grid.ncols]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    out = [f"# {report_title(report)}", ""]
    meta = metadata_items(report)
    if meta:
        out += [f"- {k}：{v}" for k, v in meta] + [""]
    for part in outline(report):
        if part.kind == "heading":
            out += [f"## {part.text}", ""]
        elif part.kind in ("paragraph", "signature"):
            out += [part.text, ""]
        elif part.grid is not None:
            out += [table_markdown(part.grid), ""]
    return "\n".join(out)
