"""A report as one self-contained HTML5 page, styled like a published government report."""

from __future__ import annotations

from html import escape

from ogi.model import Report
from ogi.render.tables import Grid, metadata_items, outline, report_title

# 仿宋/小标宋 are named first for machines that have the official fonts; the rest are
# the usual fallbacks so the page still reads as an official document elsewhere.
CSS = """\
body { margin: 0; background: #f4f4f4; color: #000;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, serif; font-size: 16pt; }
main { max-width: 794px; margin: 24px auto; padding: 96px 80px; background: #fff; }
h1 { font-family: "方正小标宋简体", "小标宋", "华文中宋", STZhongsong, "宋体", SimSun, serif;
  font-size: 22pt; font-weight: bold; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2 { font-family: "黑体", SimHei, "Heiti SC", sans-serif; font-size: 16pt;
  font-weight: normal; margin: 0.8em 0 0.4em; text-indent: 2em; }
p { line-height: 1.8; margin: 0; text-indent: 2em; text-align: justify; }
p.sign { text-indent: 0; text-align: right; padding-right: 4em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr;
  gap: 4px 12px; font-size: 11pt; margin: 0 0 24px; padding: 8px 12px;
  border: 1px solid #999; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 10.5pt; }
td { border: 1px solid #000; padding: 3px 4px; text-align: left; vertical-align: middle; }
td.h, td.v { text-align: center; }
td.b { text-align: center; font-weight: bold; }
"""

# Header and value cells carry a class for centring; row labels carry none, so a label
# cell prints as plainly as in the format (`<td rowspan="22">三、本年度办理结果</td>`).
_CLASS = {"block": "b", "head": "h", "label": "", "value": "v"}


def _td(text: str, role: str, rowspan: int, colspan: int) -> str:
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if _CLASS[role]:
        attrs += f' class="{_CLASS[role]}"'
    return f"<td{attrs}>{escape(text)}</td>"


def table_html(grid: Grid) -> str:
    lines = [f'<table class="{grid.table}" data-edition="{grid.edition}">']
    for row in grid.rows:
        cells = "".join(_td(c.text, c.role, c.rowspan, c.colspan) for c in row)
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def render_html(report: Report) -> str:
    title = report_title(report)
    body: list[str] = []
    meta = metadata_items(report)
    if meta:
        body.append('<dl class="meta">')
        body += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in meta]
        body.append("</dl>")
    body.append(f"<h1>{escape(title)}</h1>")
    for part in outline(report):
        if part.kind == "heading":
            body.append(f"<h2>{escape(part.text)}</h2>")
        elif part.kind == "paragraph":
            body.append(f"<p>{escape(part.text)}</p>")
        elif part.kind == "signature":
            body.append(f'<p class="sign">{escape(part.text)}</p>')
        elif part.grid is not None:
            body.append(table_html(part.grid))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>\n{CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )
