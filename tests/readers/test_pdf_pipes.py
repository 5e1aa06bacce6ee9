"""A Markdown report printed as plain text to PDF: its pipe rows are read as the pipe
table they are, not as a table of numbers standing in columns; a row the page's width
wrapped onto the next line is joined back, and a number the wrap may have cut is not
read, there or in the text saved as a text file."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ogi.extract import extract
from ogi.readers.markdown import CUT_NUMBER
from ogi.readers.ruled import display_width
from tests.readers.test_pdf import Page, build_pdf
from tests.shared import SAMPLES, sample_cells

SAMPLE = "示例镇-2024.md"
ROW = "| 一、本年新收政府信息公开申请数量 |"  # its total, 12, is the last cell
COLUMNS = 84  # the printed width, in monospaced columns (a Chinese character two)
SIZE = 10.0


def _wrapped(line: str, columns: int) -> list[str]:
    """`line` cut where it reaches `columns`, as a text printer wraps a long line: at
    any character, mid-word or mid-number."""
    out, cur, width = [], "", 0
    for ch in line:
        w = display_width(ch)
        if cur and width + w > columns:
            out.append(cur)
            cur, width = "", 0
        cur += ch
        width += w
    return [*out, cur]


def _printed(lines: list[str], at: int = 0, per_page: int = 54) -> bytes:
    """The lines drawn one under the other, `per_page` a page and a page beginning with
    line `at` (the writer's Latin characters are half as wide as its Chinese ones, as a
    monospaced font's are)."""
    pages = []
    first = at % per_page or per_page
    for k in [0, *range(first, len(lines), per_page)]:
        p = Page()
        for j, line in enumerate(lines[k : k + (first if k == 0 else per_page)]):
            p.text(57, 40 + 14.5 * j, line, SIZE)
        pages.append(p)
    return build_pdf(pages)


def _source() -> list[str]:
    return [ln.replace("|  |", "| |") for ln in (SAMPLES / SAMPLE).read_text().splitlines()]


@pytest.mark.parametrize("columns", [64, 76, 84])
@pytest.mark.parametrize("break_in_a_row", [False, True])
def test_pipe_rows_wrapped_by_the_page_width_read_as_the_markdown(
    tmp_path: Path, columns: int, break_in_a_row: bool
) -> None:
    # the rows were taken for a table without rules, their numbers placed in columns
    # where they stood: values wrong, nearly all the rest lost
    lines = [part for ln in _source() for part in _wrapped(ln, columns)]
    continued = [
        k for k, ln in enumerate(lines) if "|" in ln and not ln.startswith(("|", "-", "#"))
    ]
    assert len(continued) >= 5  # rows of tables 三 and 四 wrapped, labels cut mid-word
    assert not any(a[-1:].isdigit() and b[:1].isdigit() for a, b in itertools.pairwise(lines))
    # a page break between a row of table 三 and the end of it the wrap moved on
    start = next(k for k, ln in enumerate(lines) if ln.startswith(ROW))
    at = next(k for k in continued if k > start) if break_in_a_row else 0
    path = tmp_path / "示例镇-2024.pdf"
    path.write_bytes(_printed(lines, at))
    got = extract(path)
    assert got.cells == sample_cells(SAMPLE)
    assert got.problems == []


@pytest.mark.parametrize("form", ["pdf", "txt"])
@pytest.mark.parametrize("padded", [True, False])
def test_a_wrap_that_cuts_a_number_withholds_it(tmp_path: Path, padded: bool, form: str) -> None:
    # the total 12 of a row cut after its 1, the row padded to the page's width (its
    # two lines joined back) or not (a line short of the others: each is a row); read
    # from the PDF, or from the text as a text file saved so holds it (where 1 was read)
    lines = []
    for ln in _source():
        if ln.startswith(ROW):
            cut = ln.rindex("12 |") + 1
            pad = COLUMNS - display_width(ln[:cut]) if padded else 0
            ln = ln.replace("| | ", "| " + " " * pad + "| ", 1)
            cut += pad
            lines += [ln[:cut], ln[cut:]]  # | … | 1, then 2 |
            assert padded == (_wrapped(ln, COLUMNS) == lines[-2:])
        else:
            lines += _wrapped(ln, COLUMNS)
    path = tmp_path / f"示例镇-2024.{form}"
    if form == "pdf":
        path.write_bytes(_printed(lines))
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = extract(path)
    assert got.cells == {**sample_cells(SAMPLE), "t3.new_received.total": None}
    assert [(p.path, p.message) for p in got.problems] == [
        ("t3.new_received.total", CUT_NUMBER.format("1 2" if padded else "1"))
    ]


def _shown_in(data: bytes, page: int, box: tuple[float, float, float, float]) -> str:
    """The text pdfium finds within `box` (top-down page coordinates) on `page`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        p = pdf[page - 1]
        height = p.get_height()
        x0, top, x1, bottom = box
        return p.get_textpage().get_text_bounded(x0 - 0.5, height - bottom, x1 + 0.5, height - top)
    finally:
        pdf.close()


@pytest.mark.parametrize("columns", [64, 84])
@pytest.mark.parametrize("break_in_a_row", [False, True])
def test_each_value_is_placed_where_it_is_printed(
    tmp_path: Path, columns: int, break_in_a_row: bool
) -> None:
    # each value of the pipe rows had its page and its row's first line, and no box: a
    # value a wrap moved onto the next line, or the next page, was placed on its row's
    lines = [part for ln in _source() for part in _wrapped(ln, columns)]
    start = next(k for k, ln in enumerate(lines) if ln.startswith(ROW))
    # (the page breaks between a row of table 三 and the end of it the wrap moved on)
    ends = [k for k, ln in enumerate(lines) if k > start and "|" in ln and ln[:1] != "|"]
    at = ends[0] if break_in_a_row else 0
    data = _printed(lines, at)
    path = tmp_path / "示例镇-2024.pdf"
    path.write_bytes(data)
    got = extract(path)
    assert len(got.origins) == 200
    for key, origin in got.origins.items():
        assert origin.box is not None and origin.page is not None, key
        shown = _shown_in(data, origin.page, origin.box)
        assert shown.strip() == origin.text.strip() == str(got.cells[key]), key
    if break_in_a_row:
        # the row cut by the page break: its values on the next page are placed there
        assert {o.page for o in got.origins.values()} == {2, 3}


def test_a_cell_a_wrap_cut_over_two_lines_has_no_box() -> None:
    from ogi.readers.pdf import read_pdf

    lines = [part for ln in _source() for part in _wrapped(ln, 64)]
    data = _printed(lines)
    printed = [ln.replace(" ", "") for ln in lines]
    cells = [
        c for b in read_pdf("示例镇-2024.pdf", data, ocr=False).blocks for r in b.rows for c in r
    ]
    assert len(cells) == 396
    cut = [c.text for c in cells if c.box is None]
    # four labels the wrap cut: printed whole on no one line
    assert len(cut) == 4
    assert all(not any(t.replace(" ", "") in ln for ln in printed) for t in cut)
    for c in cells:
        if c.box is not None:
            assert c.page is not None
            shown = _shown_in(data, c.page, c.box)
            assert shown.replace(" ", "") == c.text.replace(" ", ""), c
