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
    Table,
    base_values,
    placed,
    report_parts,
    write_docx,
    write_html,
    write_text,
)

PENALTY = "t2.art20_6.penalty.decisions"  # printed 57 in `base_values`
PENALTY_WHERE = "表二 行政处罚 本年处理决定数量"
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
