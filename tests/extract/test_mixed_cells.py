"""Cells that hold a number and something else: a thousands comma typed full-width
(1，246), a comma that groups nothing (12，46), words around the number (18注, 约18).
Each document is a whole report of 示例镇人民政府 (`phenomena.report_parts`) with one
cell printed differently, written in each form whose reader has a table structure or
none (HTML, Markdown, DOCX, text copied one cell per line): the cell is read as one
number only where that number is certain; otherwise it is empty, and one problem names
it and says why. Every other cell reads exactly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ogi.extract import extract
from ogi.model import Report
from tests.extract.phenomena import (
    PENALTY,
    PENALTY_WHERE,
    Table,
    base_values,
    placed,
    report_parts,
    to_pdf_libreoffice,
    write_docx,
    write_html,
    write_text,
)

FEE = "t2.art20_8.admin_fees.fee_amount"  # printed 12.5 (万元)
FEE_WHERE = "表二 行政事业性收费 本年收费金额（单位：万元）"


def _write_md(parts: list[tuple[str, str] | Table], path: Path) -> Path:
    """A Markdown page: headings, paragraphs and pipe tables (a merged cell printed once,
    the rest of its span left empty, as converters print it)."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Table):
            grid: dict[tuple[int, int], str] = {}
            for r, c, cell in placed(part.rows):
                grid[(r, c)] = cell.text
            rows = 1 + max(r for r, _ in grid)
            cols = 1 + max(c for _, c in grid)
            for r in range(rows):
                lines.append("| " + " | ".join(grid.get((r, c), "") for c in range(cols)) + " |")
                if r == 0:
                    lines.append("|" + "---|" * cols)
            lines.append("")
        elif part[0] in ("title", "heading"):
            lines += [("# " if part[0] == "title" else "## ") + part[1], ""]
        else:
            lines += [part[1], ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


Writer = Callable[[list[tuple[str, str] | Table], Path], Path]
FORMS: dict[str, Writer] = {
    "html": write_html,
    "md": _write_md,
    "docx": write_docx,
    "txt": write_text,
}


def _read(tmp_path: Path, form: str, raw: dict[str, str]) -> Report:
    parts = report_parts(base_values(), raw)
    return extract(FORMS[form](parts, tmp_path / f"r.{form}"))


def _withheld(got: Report, path: str, where: str, message: str) -> None:
    """Every cell but `path` as printed; `path` empty, and one problem, about it."""
    assert got.cells == {**base_values(), path: None}
    assert [(p.where, p.path, p.message) for p in got.problems] == [(where, path, message)]


@pytest.mark.parametrize("form", list(FORMS))
def test_the_forms_read_the_report_as_printed(tmp_path: Path, form: str) -> None:
    got = _read(tmp_path, form, {})
    assert got.cells == base_values()
    assert got.problems == []


# ---------------------------------------------------------------------------------------
# Commas
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("printed", ["1，246", "1,246"])
def test_a_thousands_comma_full_width_or_not_groups_the_number(
    tmp_path: Path, form: str, printed: str
) -> None:
    got = _read(tmp_path, form, {PENALTY: printed})
    assert got.cells == {**base_values(), PENALTY: 1246}
    assert got.problems == []


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(
    "printed", ["12，46", "1，2464", "1，", "，246", "0，246", "1、246", "12,46"]
)
def test_a_comma_that_groups_no_thousands_is_not_read(
    tmp_path: Path, form: str, printed: str
) -> None:
    got = _read(tmp_path, form, {PENALTY: printed})
    _withheld(got, PENALTY, PENALTY_WHERE, f"单元格印有的不是单纯的数字：{printed}，未取数")


# ---------------------------------------------------------------------------------------
# Words around a number
# ---------------------------------------------------------------------------------------
MARK = "单元格印有注释标记：{}，未取数"
NOT_PLAIN = "单元格印有的不是单纯的数字：{}，未取数"


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(
    ("printed", "message"),
    [
        # a reference to a note: what the note says of the number is not read
        ("57注", MARK),
        ("注57", MARK),
        ("57（注）", MARK),
        ("57（注1）", MARK),
        ("57件（注）", MARK),
        # not exact
        ("约57", NOT_PLAIN),
        ("57余", NOT_PLAIN),
        ("57左右", NOT_PLAIN),
        ("57（约）", NOT_PLAIN),
        # other words: which number the cell states is not sure
        ("57份", NOT_PLAIN),
        ("共57", NOT_PLAIN),
        ("57人次", NOT_PLAIN),
    ],
)
def test_a_number_with_words_around_it_is_not_read(
    tmp_path: Path, form: str, printed: str, message: str
) -> None:
    got = _read(tmp_path, form, {PENALTY: printed})
    _withheld(got, PENALTY, PENALTY_WHERE, message.format(printed))
    assert [(r.path, r.text) for r in got.raw] == [(PENALTY, printed)]


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("printed", ["57件", "57 件"])
def test_a_count_with_its_measure_word_is_read(tmp_path: Path, form: str, printed: str) -> None:
    got = _read(tmp_path, form, {PENALTY: printed})
    assert got.cells == base_values()
    assert got.problems == []


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(("printed", "unit"), [("12.5万元", "万元"), ("125000元", "元")])
def test_an_amount_with_its_money_unit_is_read_in_the_fee_column(
    tmp_path: Path, form: str, printed: str, unit: str
) -> None:
    got = _read(tmp_path, form, {FEE: printed})
    assert got.cells == base_values()
    assert got.units == {FEE: unit}
    assert got.problems == []


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(
    ("path", "where", "printed", "message"),
    [
        (
            PENALTY,
            PENALTY_WHERE,
            "57万元",
            "单元格印有的单位与本栏不符（本栏不是金额）：57万元，未取数",
        ),
        (
            PENALTY,
            PENALTY_WHERE,
            "0.5万元",
            "单元格印有的单位与本栏不符（本栏不是金额）：0.5万元，未取数",
        ),
        (FEE, FEE_WHERE, "12.5件", "单元格印有的单位与本栏不符（本栏是金额）：12.5件，未取数"),
    ],
)
def test_a_unit_the_column_does_not_count_in_is_not_read(
    tmp_path: Path, form: str, path: str, where: str, printed: str, message: str
) -> None:
    got = _read(tmp_path, form, {path: printed})
    _withheld(got, path, where, message)


@pytest.mark.parametrize("form", list(FORMS))
def test_a_note_that_says_what_the_number_holds_is_kept_beside_it(
    tmp_path: Path, form: str
) -> None:
    got = _read(tmp_path, form, {PENALTY: "57（其中简易程序20件）"})
    assert got.cells == base_values()
    assert got.problems == []
    assert [(r.path, r.text) for r in got.raw] == [(PENALTY, "57（其中简易程序20件）")]


# (printed, the cell as read, the problem's message or None)
PDF_CASES: list[tuple[str, int | None, str | None]] = [
    ("1，246", 1246, None),
    ("12，46", None, NOT_PLAIN.format("12，46")),
    ("1、246", None, NOT_PLAIN.format("1、246")),
    ("57注", None, MARK.format("57注")),
    ("约57", None, NOT_PLAIN.format("约57")),
    ("57份", None, NOT_PLAIN.format("57份")),
    ("57万元", None, "单元格印有的单位与本栏不符（本栏不是金额）：57万元，未取数"),
]


def test_pdf_printed_from_docx_reads_mixed_cells_alike(tmp_path: Path) -> None:
    """The same cells printed to PDF (one LibreOffice run for all of them)."""
    sources = []
    for i, (printed, _, _) in enumerate(PDF_CASES):
        parts = report_parts(base_values(), {PENALTY: printed})
        sources.append(write_docx(parts, tmp_path / f"r{i}.docx"))
    for pdf, (printed, value, message) in zip(to_pdf_libreoffice(*sources), PDF_CASES, strict=True):
        got = extract(pdf)
        assert got.cells == {**base_values(), PENALTY: value}, printed
        want = [] if message is None else [(PENALTY_WHERE, PENALTY, message)]
        assert [(p.where, p.path, p.message) for p in got.problems] == want, printed
