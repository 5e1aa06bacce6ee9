"""A report as plain text, the way a copy from a web page looks: every paragraph on its
own line and every table cell on its own line, merged cells once, in reading order."""

from __future__ import annotations

from ogi.model import Report
from ogi.render.tables import Grid, metadata_items, outline, report_title


def table_lines(grid: Grid) -> list[str]:
    # An empty cell stays an empty line: dropping it would shift every later value.
    return [cell.text for _, _, cell in grid.placed()]


def render_text(report: Report) -> str:
    out = [report_title(report), ""]
    meta = metadata_items(report)
    if meta:
        out += [f"{k}：{v}" for k, v in meta] + [""]
    for part in outline(report):
        if part.kind == "table" and part.grid is not None:
            out += table_lines(part.grid)
        else:
            out.append(part.text)
    return "\n".join(out) + "\n"
