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
