"""Render a `Report` as a complete annual report: HTML, DOCX, Markdown or plain text.

All forms share one outline and one grid per statutory table (`tables.py`), so the
tables print identically, with labels only from the format data.
"""

from __future__ import annotations

from ogi.render.docx import build_docx, render_docx
from ogi.render.html import render_html
from ogi.render.markdown import render_markdown
from ogi.render.tables import Grid, GridCell, grid, outline, report_title
from ogi.render.text import render_text

__all__ = [
    "Grid",
    "GridCell",
    "build_docx",
    "grid",
    "outline",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_text",
    "report_title",
]
