"""A table turned by a quarter with CSS (transform: rotate) in a web page that Chromium
prints: its text is turned on an upright page, and what does not fit where the page
left room for the table upright is printed over its neighbours and over its own cells.
Read so, values fall into other cells or leave theirs blank; such a table is withheld
and named, never read wrong."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ogi.extract import extract
from tests.extract.phenomena import (
    NARRATIVE_AFTER,
    NARRATIVE_BEFORE,
    Doc,
    base_values,
    report_parts,
    to_pdf_chromium,
    write_html,
    wrong_cells,
)
from tests.shared import SAMPLES, truth


def _turned_page(d: Path, turn: str, which: int | None) -> tuple[Path, Doc]:
    """The sample report as a web page whose table `which` (0: 表二, 1: 表三), or whole
    body (None), is turned by CSS, printed by Chromium."""
    values = base_values()
    doc = Doc(report_parts(values, before=NARRATIVE_BEFORE, after=NARRATIVE_AFTER), values)
    html = write_html(doc.parts, d / "turned.html")
    page = html.read_text("utf-8")
    if which is None:
        css = f"body{{transform:rotate({turn})}}</style>"
        html.write_text(page.replace("</style>", css, 1), "utf-8")
        return to_pdf_chromium(html), doc
    at = [m.start() for m in re.finditer("<table", page)][which]
    style = f'<table style="transform:rotate({turn})"'
    html.write_text(page[:at] + style + page[at + len("<table") :], "utf-8")
    return to_pdf_chromium(html), doc


@pytest.mark.parametrize("turn", ["-90deg", "90deg"])
def test_a_table_turned_by_css_is_withheld_not_read_wrong(tmp_path: Path, turn: str) -> None:
    pdf, doc = _turned_page(tmp_path, turn, 1)
    # the phenomenon: 表三's values are printed turned a quarter on an upright page
    angles = set()
    for page in pdfium.PdfDocument(str(pdf)):
        text = page.get_textpage()
        search = text.search("予以公开")
        while (found := search.get_next()) is not None:
            angles.add(round(pdfium_c.FPDFText_GetCharAngle(text.raw, found[0]) * 57.3))
    assert angles & {90, 270}
    report = extract(pdf)
    wrong = {k: v for k, v in wrong_cells(doc, report.cells).items() if v[1] != "absent"}
    assert wrong == {}
    assert any("文字相互叠印" in p.message for p in report.problems)


def test_a_body_turned_by_css_reads_no_row_cut_off_at_the_margin(tmp_path: Path) -> None:
    # the bundled sample web page with its whole body turned a quarter, printed
    page = (SAMPLES / "示例镇-2024.html").read_text("utf-8")
    html = tmp_path / "turned.html"
    html.write_text(page.replace("</style>", "body{transform:rotate(90deg)}</style>", 1), "utf-8")
    pdf = to_pdf_chromium(html)
    # the phenomenon: the turned body runs past the page's margin, where Chromium clips
    # it; of a row of 表三 cut off there the page keeps some of its label's chars,
    # clipped, and none of its values, as if they were blank
    clipped = []
    for page_ in pdfium.PdfDocument(str(pdf)):
        text = page_.get_textpage()
        for i in range(text.count_chars()):
            obj = pdfium_c.FPDFText_GetTextObject(text.raw, i)
            if pdfium_c.FPDFClipPath_CountPaths(pdfium_c.FPDFPageObj_GetClipPath(obj)) > 0:
                clipped.append(chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)))
    assert "要求提供公开出版物" in "".join(clipped)
    report = extract(pdf)
    [want] = [t for t in truth(SAMPLES / "truth.jsonl") if t["file"] == "示例镇-2024.html"]
    wrong = {k: (v, report.cells[k]) for k, v in want["cells"].items() if k in report.cells}
    assert {k: got for k, (v, got) in wrong.items() if got != v} == {}
    # the cut rows are named, not read
    assert any("3.要求提供公开出版物" in p.message for p in report.problems)


def test_chars_printed_over_chars_of_another_text_are_found() -> None:
    from ogi.readers.pdf_chars import _overprinted

    # a 0 with 一 printed over it (centres 1 pt apart at size 10), two digits side by
    # side (5 pt apart), a fake-bold copy of 3 (0.5 pt off), the ligature fi (its two
    # chars at one place), and a 0 at size 10 beside a 1 at size 4, 1.5 pt apart (a
    # quarter of 4 is 1)
    keys = np.array([ord(c) for c in "0一1233fi01"])
    cx = np.array([100.0, 101.0, 200.0, 205.0, 300.0, 300.5, 400.0, 400.0, 500.0, 501.5])
    cy = np.full(10, 50.0)
    size = np.array([10.0] * 9 + [4.0])
    assert _overprinted(keys, cx, cy, size).tolist() == [
        True,
        True,
        *[False] * 8,
    ]
