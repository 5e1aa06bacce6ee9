"""Rows of table 三 whose first and last values are empty, in tables whose merged labels
leave empty cells beside them (Markdown, a text copy with tabs, an HTML or DOCX table
typed without spans). The empty cells at both ends are padding or empty values, so the
row's values fit two places: they are placed by the table's own columns, and withheld
with a problem where the table does not tell."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ogi.extract import extract
from ogi.format import edition
from ogi.model import Report
from ogi.render import render_docx, render_html, render_markdown, render_text
from tests.extract.phenomena import T3_COLUMNS
from tests.shared import pasted_text, sample_builder

EDGED = [None, 3, 0, 1, 0, 1, None]  # 自然人 and 总计 left empty
# one row for each place a label stands in: its own three columns, two, one
ROWS = ("t3.new_received", "t3.results.granted", "t3.results.withheld.third_party_rights")


def _report(others: int | None = 0, rows: tuple[str, ...] = ROWS) -> Report:
    """The sample agency's 2024 report, table 三's other cells `others`, and `rows`
    edged."""
    build = sample_builder()
    values: dict[str, int | None] = {
        p: others for p in edition("2021").cell_paths() if p.startswith("t3.")
    }
    values.update({f"{row}.{c}": v for row in rows for c, v in zip(T3_COLUMNS, EDGED, strict=True)})
    return build.build_report(2024, values, build.TEXT_2024)


def _row(cells: dict, row: str) -> list[object]:
    return [cells.get(f"{row}.{c}", "absent") for c in T3_COLUMNS]


def _pipe_rows(md: str) -> list[list[str]]:
    return [[c.strip() for c in ln.strip()[1:-1].split("|")] for ln in md.splitlines()]


def _as_tabs(md: str) -> str:
    """`md` as a spreadsheet copies it: every table row a line, its cells (the empty
    cells of merged labels included) between tabs."""
    out = []
    for ln, cells in zip(md.splitlines(), _pipe_rows(md), strict=True):
        if not ln.startswith("|"):
            out.append(ln)
        elif not ln.startswith("|-"):
            out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def _as_html(md: str) -> str:
    """`md` as a web page whose tables print every cell, none merged."""
    out = ["<html><body>"]
    in_table = False
    for ln, cells in zip(md.splitlines(), _pipe_rows(md), strict=True):
        if ln.startswith("|") != in_table:
            out.append("<table>" if not in_table else "</table>")
            in_table = not in_table
        if ln.startswith("|-"):
            continue
        if in_table:
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        elif ln.strip():
            out.append(f"<p>{ln.lstrip('# ')}</p>")
    out.append("</table></body></html>" if in_table else "</body></html>")
    return "\n".join(out)


def _as_docx(md: str, path: Path) -> Path:
    """`md` as a Word document whose tables print every cell, none merged."""
    document = docx.Document()
    rows: list[list[str]] = []
    for ln, cells in [*zip(md.splitlines(), _pipe_rows(md), strict=True), ("", [])]:
        if ln.startswith("|"):
            if not ln.startswith("|-"):
                rows.append(cells)
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells_ in enumerate(rows):
                for c, text in enumerate(cells_):
                    table.cell(r, c).text = text
            rows = []
        if ln.strip():
            document.add_paragraph(ln.lstrip("# "))
    document.save(str(path))
    return path


def _write(md: str, form: str, tmp_path: Path) -> Path:
    path = tmp_path / f"r.{form}"
    if form == "docx":
        return _as_docx(md, path)
    path.write_text({"md": md, "txt": _as_tabs(md), "html": _as_html(md)}[form], encoding="utf-8")
    return path


def test_the_markdown_prints_the_empty_cells_at_both_ends() -> None:
    md = render_markdown(_report())
    assert "| 一、本年新收政府信息公开申请数量 |  |  |  | 3 | 0 | 1 | 0 | 1 |  |" in md
    assert "| 三、本年度办理结果 | （一）予以公开 |  |  | 3 | 0 | 1 | 0 | 1 |  |" in md
    assert "|  |  | 4.保护第三方合法权益 |  | 3 | 0 | 1 | 0 | 1 |  |" in md


@pytest.mark.parametrize("form", ["md", "txt", "html", "docx"])
def test_edged_rows_keep_their_columns(form: str, tmp_path: Path) -> None:
    # every other row of table 三 holds numbers at both ends: they show the columns
    src = _report()
    r = extract(_write(render_markdown(src), form, tmp_path))
    for row in ROWS:
        assert _row(r.cells, row) == [None, 3, 0, 1, 0, 1, None], row
    assert r.cells == src.cells
    assert [p for p in r.problems if p.path] == []


def _labels_first(md: str, header: bool) -> str:
    """`md` with table 三 typed by hand: every row's label in the first of its three label
    columns (group labels left out), the other two left empty; its header kept or not."""
    lines = md.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("| （本列数据的勾稽关系"))
    end = next(i for i in range(at, len(lines)) if not lines[i].startswith("|"))
    rows = lines[at : at + 4] if header else []
    for cells in _pipe_rows("\n".join(lines[at + 4 : end])):
        label = next(c for c in reversed(cells[:3]) if c)
        rows.append("| " + " | ".join([label, "", "", *cells[3:]]) + " |")
    return "\n".join([*lines[:at], *rows, *lines[end:]]) + "\n"


@pytest.mark.parametrize("form", ["md", "txt", "html", "docx"])
def test_the_header_places_rows_when_no_row_shows_the_columns(form: str, tmp_path: Path) -> None:
    # table 三's other rows empty and every label in the first column: no row pins its
    # values, the header's 自然人 tells where they start
    src = _report(None)
    md = _labels_first(render_markdown(src), header=True)
    assert "| 4.保护第三方合法权益 |  |  |  | 3 | 0 | 1 | 0 | 1 |  |" in md
    assert "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |" in md
    r = extract(_write(md, form, tmp_path))
    for row in ROWS:
        assert _row(r.cells, row) == [None, 3, 0, 1, 0, 1, None], row
    assert r.cells == src.cells
    assert [p for p in r.problems if p.path] == []


WITHHELD = (
    "本行应有7个数值，读到{m}个单元格（{shown}），首尾都有空单元格，"
    "可能是空值，也可能是合并单元格留下的空位，无法确定各列，未取值"
)


@pytest.mark.parametrize("form", ["md", "txt"])
def test_rows_are_withheld_where_the_table_does_not_show_its_columns(
    form: str, tmp_path: Path
) -> None:
    # as above without the header: two places fit each edged row
    md = _labels_first(render_markdown(_report(None)), header=False)
    r = extract(_write(md, form, tmp_path))
    for row in ROWS:
        assert _row(r.cells, row) == ["absent"] * 7, row
    assert _row(r.cells, "t3.carried_over") == [None] * 7
    # each row named by its line, and by its row in its table (a text line is a table)
    places = {
        "md": ["第47行表格2第1行", "第49行表格2第3行", "第54行表格2第8行"],
        "txt": ["第46行表格15第1行", "第48行表格17第1行", "第53行表格22第1行"],
    }[form]
    shown = WITHHELD.format(m=9, shown="空 空 空 3 0 1 0 1 空")
    assert {p.path: (p.where, p.message) for p in r.problems if p.path} == {
        "t3.new_received": (f"表三 一、本年新收政府信息公开申请数量（{places[0]}）", shown),
        "t3.results.granted": (f"表三 （一）予以公开（{places[1]}）", shown),
        "t3.results.withheld.third_party_rights": (
            f"表三 4.保护第三方合法权益（{places[2]}）",
            shown,
        ),
    }


def test_rows_that_disagree_on_the_columns_do_not_place_an_edged_row(tmp_path: Path) -> None:
    # 二、上年结转 typed with one empty label cell fewer: its values start a column left
    # of every other row's, so where the edged rows' values start is not known
    md = render_markdown(_report())
    carried = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert carried in md
    md = md.replace(carried, "| 二、上年结转政府信息公开申请数量 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    r = extract(_write(md, "md", tmp_path))
    assert _row(r.cells, "t3.new_received") == ["absent"] * 7
    assert _row(r.cells, "t3.results.granted") == ["absent"] * 7
    assert _row(r.cells, "t3.carried_over") == [0] * 7
    # a label in its third column leaves no empty cell to doubt
    assert _row(r.cells, "t3.results.withheld.third_party_rights") == [None, 3, 0, 1, 0, 1, None]
    assert {p.path: p.message for p in r.problems if p.path} == {
        "t3.new_received": WITHHELD.format(m=9, shown="空 空 空 3 0 1 0 1 空"),
        "t3.results.granted": WITHHELD.format(m=8, shown="空 空 3 0 1 0 1 空"),
    }


@pytest.mark.parametrize("form", ["html", "docx", "txt"])
def test_rendered_forms_read_edged_rows_back(form: str, tmp_path: Path) -> None:
    # ogi's own HTML and DOCX merge the label cells, its text prints one label column
    src = _report()
    path = tmp_path / f"r.{form}"
    if form == "docx":
        render_docx(src, path)
    else:
        path.write_text(render_html(src) if form == "html" else render_text(src), encoding="utf-8")
    r = extract(path)
    for row in ROWS:
        assert _row(r.cells, row) == [None, 3, 0, 1, 0, 1, None], row
    assert [p for p in r.problems if p.path] == []


def test_a_pasted_copy_with_one_row_of_tabs(tmp_path: Path) -> None:
    # one cell a line, but row 一 copied as one line of cells: nothing shows its columns
    text = pasted_text(_report(rows=("t3.new_received",)))
    cells = "一、本年新收政府信息公开申请数量\n\n3\n0\n1\n0\n1\n\n"
    assert cells in text
    text = text.replace(cells, "一、本年新收政府信息公开申请数量\t\t\t\t3\t0\t1\t0\t1\t\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    r = extract(path)
    assert _row(r.cells, "t3.new_received") == ["absent"] * 7
    assert {p.path: (p.where, p.message) for p in r.problems if p.path} == {
        "t3.new_received": (
            "表三 一、本年新收政府信息公开申请数量（第60行表格1第1行第1列）",
            "本行应有7个数值，读到9个（空 空 空 3 0 1 0 1 空），首尾都有空单元格，"
            "可能是空值，也可能是合并单元格留下的空位，无法确定各列，未取值",
        )
    }
    assert _row(r.cells, "t3.carried_over") == [0] * 7


# Table 四 typed with one cell too many in its row of values: an empty cell at each end.
T4_TYPED = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
T4_EDGED = "|  | 2 | 0 | 1 | 3 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |  |"


def _t4(r: Report) -> list[object]:
    return [r.cells.get(p, "absent") for p in edition("2021").t4_cell_paths()]


def test_table_four_is_placed_by_its_header(tmp_path: Path) -> None:
    # 行政复议 heads the first column: the values start there, the last empty cell pads
    md = render_markdown(_report())
    assert md.count(T4_TYPED) == 1
    r = extract(_write(md.replace(T4_TYPED, T4_EDGED), "md", tmp_path))
    assert _t4(r) == [None, 2, 0, 1, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert [p for p in r.problems if p.path] == []


def test_table_four_apart_from_its_header_is_withheld(tmp_path: Path) -> None:
    # the row of values a table of its own, under the header's table: no column shows
    # where its values start
    md = render_markdown(_report())
    r = extract(_write(md.replace(T4_TYPED, "\n" + T4_EDGED), "md", tmp_path))
    assert _t4(r) == ["absent"] * 15
    assert [(p.where, p.path, p.message) for p in r.problems if p.path] == [
        (
            "表四 行政复议、行政诉讼",
            "t4",
            "本行应有15个数值，读到16个单元格（空 2 0 1 3 0 0 0 0 0 1 0 0 0 1 空），"
            "首尾都有空单元格，可能是空值，也可能是合并单元格留下的空位，无法确定各列，未取值",
        )
    ]
