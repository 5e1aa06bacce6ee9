"""A report as Markdown: pipe tables, with merged cells repeated as empty cells."""

from __future__ import annotations

from ogi import patterns
from ogi.model import Report
from ogi.render.tables import Grid, metadata_items, outline, report_title

# What Markdown reads as markup in running text: emphasis, code, links, HTML and entities,
# and a pipe (a table row); a backslash before each makes it the character itself.
_MARKUP = patterns.compile(r"([\\`*_\[\]<>&|!])")
# What starts a heading, a list, a quote or a numbered list at the start of a line.
_LINE_START = patterns.compile(r"^(\s*)(#|[-+>]\s|\d+[.)]\s)")


def inline(text: str) -> str:
    """Text shown as written by every Markdown reader: `A<B>C & D`, `a*b*c`, `1.主动公开`
    stay as they are instead of becoming a tag, emphasis or a list."""
    lines = []
    for line in text.split("\n"):
        line = _MARKUP.sub(r"\\\1", line)
        m = _LINE_START.match(line)
        if m:
            mark = m.group(2)
            digits = len(mark) - len(mark.lstrip("0123456789"))
            # the backslash goes before the mark's punctuation: \#, \-, 1\.
            line = m.group(1) + mark[:digits] + "\\" + mark[digits:] + line[m.end() :]
        lines.append(line)
    return "\n".join(lines)


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
    out = [f"# {inline(report_title(report))}", ""]
    meta = metadata_items(report)
    if meta:
        out += [f"- {inline(k)}：{inline(v)}" for k, v in meta] + [""]
    for part in outline(report):
        if part.kind == "heading":
            out += [f"## {inline(part.text)}", ""]
        elif part.kind in ("paragraph", "signature"):
            out += [inline(part.text), ""]
        elif part.grid is not None:
            out += [table_markdown(part.grid), ""]
    return "\n".join(out)
