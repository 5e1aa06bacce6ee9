"""Values that fail their table's arithmetic the way a misread does are taken back out;
a table that merely does not add up is left as printed, for the checks to report."""

from __future__ import annotations

from ogi.layout.specs import TableResult
from ogi.layout.verify import check_misreads
from tests.extract.phenomena import T3_COLUMNS, base_values

ROW = "t3.results.granted"


def t3_result(**rows: list[int]) -> TableResult:
    cells = {k: v for k, v in base_values().items() if k.startswith("t3.")}
    for key, values in rows.items():
        for col, v in zip(T3_COLUMNS, values, strict=True):
            cells[f"t3.{key.replace('__', '.')}.{col}"] = v
    return TableResult("t3", "2021", cells=dict(cells))


def test_a_row_pushed_one_place_by_a_stray_number_is_taken_out() -> None:
    # 予以公开 is 7 1 0 0 0 0 8: a stray 3 in front pushed its values one place on, and
    # its 8 into the next row
    res = t3_result(
        results__granted=[3, 7, 1, 0, 0, 0, 0], results__partially_granted=[8, 2, 1, 0, 0, 0, 0]
    )
    check_misreads(res, 2024, from_stream=True)
    assert not any(k.startswith(ROW + ".") for k in res.cells)
    [p, *_] = res.problems
    assert (p.path, p.message) == (
        ROW,
        "本行合计不符，数值整体后移一列即相符（可能混入了其他数字），疑为误读，未取值",
    )


def test_a_row_that_does_not_add_up_is_kept_when_read_from_cells() -> None:
    res = t3_result(results__granted=[3, 7, 1, 0, 0, 0, 0])
    check_misreads(res, 2024, from_stream=False)
    assert [res.cells[f"{ROW}.{c}"] for c in T3_COLUMNS] == [3, 7, 1, 0, 0, 0, 0]
    assert res.problems == []


def test_the_report_year_in_a_row_that_does_not_add_up_is_taken_out() -> None:
    res = t3_result(results__granted=[2024, 1, 0, 0, 0, 0, 8])
    check_misreads(res, 2024, from_stream=False)
    assert not any(k.startswith(ROW + ".") for k in res.cells)
    assert res.problems[0].message == (
        "本行合计不符且含有与报告年度相同的数值2024，疑为误读，未取值"
    )


def test_a_large_count_that_adds_up_is_kept() -> None:
    res = t3_result(results__granted=[2024, 1, 0, 0, 0, 0, 2025])
    check_misreads(res, 2024, from_stream=True)
    assert res.cells[f"{ROW}.natural_person"] == 2024


def test_an_unsure_value_stays_where_a_sum_vouches_for_it() -> None:
    from ogi.layout.verify import check_unsure

    # base_values adds up; OCR was unsure of 予以公开 自然人 (7) and of a 0 under a stamp
    res = t3_result()
    granted = f"{ROW}.natural_person"
    zero = "t3.results.unable.needs_creation.legal_service_org"
    assert res.cells[zero] == 0
    res.vouch = {
        granted: ("识别置信度低（0.70）：“7”", "表三 （一）予以公开 自然人", False),
        zero: ("识别置信度不高（0.90）：“0”", "表三 2.没有现成信息需要另行制作 法律服务机构", True),
    }
    check_unsure(res)
    assert (res.cells[granted], res.cells[zero], res.problems) == (7, 0, [])
    # the 0 under the stamp read as 4: neither its row nor its column adds up with it
    res = t3_result()
    res.cells[zero] = 4
    res.vouch = {zero: ("识别置信度不高（0.90）：“4”", "表三 … 法律服务机构", True)}
    check_unsure(res)
    assert zero not in res.cells
    [p] = res.problems
    assert (p.path, p.message) == (
        zero,
        "识别置信度不高（0.90）：“4”，所在行、列的合计不能印证，未取数",
    )


def test_without_a_sum_only_a_weakly_unsure_value_stays() -> None:
    from ogi.layout.verify import check_unsure

    res = TableResult("t2", "2021", cells={"t2.art20_5.licensing.decisions": 46, "t2.a.b": 3})
    res.vouch = {
        "t2.art20_5.licensing.decisions": ("识别置信度不高（0.90）：“46”", "表二 行政许可", True),
        "t2.a.b": ("识别置信度低（0.60）：“3”", "表二", False),
    }
    check_unsure(res)
    assert res.cells == {"t2.art20_5.licensing.decisions": 46}
    assert [p.message for p in res.problems] == [
        "识别置信度低（0.60）：“3”，没有合计可以印证，未取数"
    ]


def test_a_cell_s_doubt_holds_where_the_text_s_stream_reads_the_table() -> None:
    """A table the grid's reading cannot pair (行政许可 and its 46 each a row of their
    own, as some scans' tables come out) is read from the document's stream of tokens.
    The reader's word on the cell went with it no further: a 46 OCR was unsure of, or a
    number it doubted, was taken as if sure. Now the stream reads such a cell as the
    grid does: doubted, it is withheld with the reason; unsure, it is taken only where
    a sum vouches for it (table 二 has none) or where OCR was sure enough (`weak`)."""
    from ogi.blocks import Block, Cell
    from ogi.layout import build_report
    from ogi.readers import read_file
    from tests.shared import SAMPLES

    def licensing(cell: Cell) -> tuple[int | None, list[str]]:
        doc = read_file(SAMPLES / "示例镇-2024.txt")
        at = next(i for i, b in enumerate(doc.blocks) if b.text == "行政许可")
        assert doc.blocks[at + 1].text == "46"
        doc.blocks[at : at + 2] = [Block("table", rows=[[Cell("行政许可", 0, 0)], [cell]])]
        r = build_report(doc, "0" * 64)
        path = "t2.art20_5.licensing.decisions"
        return r.cells.get(path), [p.message for p in r.problems if p.path == path]

    assert licensing(Cell("46", 1, 0, confidence=0.99)) == (46, [])
    unsure = "识别置信度低（0.42）：“46”"
    assert licensing(Cell("46", 1, 0, confidence=0.42, unsure=unsure)) == (
        None,
        ["识别置信度低（0.42）：“46”，没有合计可以印证，未取数"],
    )
    weak = "识别置信度不高（0.90）：“46”"
    assert licensing(Cell("46", 1, 0, confidence=0.9, unsure=weak, weak=True)) == (46, [])
    doubt = "单元格被页面边缘截断，数字可能不全：“46”，未取数"
    assert licensing(Cell("46", 1, 0, confidence=0.99, doubt=doubt)) == (None, [doubt])


def test_a_number_of_a_line_ocr_was_unsure_of_waits_for_a_sum() -> None:
    """A table without rules on a scan is read as lines of text. A number OCR read below
    the minimum confidence on such a line was taken as sure (the line only named on the
    page's list of problems); now the line's numbers are unsure as a cell's are."""
    from ogi.layout import build_report
    from ogi.readers import read_file
    from tests.shared import SAMPLES

    def licensing(unsure: list[str | None] | None) -> tuple[int | None, list[str]]:
        doc = read_file(SAMPLES / "示例镇-2024.txt")
        [block] = [b for b in doc.blocks if b.text == "46"]
        block.line_unsure = unsure
        r = build_report(doc, "0" * 64)
        path = "t2.art20_5.licensing.decisions"
        return r.cells.get(path), [p.message for p in r.problems if p.path == path]

    assert licensing(None) == (46, [])
    assert licensing([None]) == (46, [])
    why = "所在行识别置信度低（0.42）：“46”"
    assert licensing([why]) == (None, [f"{why}，没有合计可以印证，未取数"])


def test_a_row_taken_from_the_stream_keeps_what_its_reader_was_unsure_of() -> None:
    """The grid's reading of table 三 lost 1.属于国家秘密 (a seal over its label); the
    stream's reading found it, with 自然人's 1 under the seal, unsure. The row was taken
    without that word: a 0 struck by the seal's ring went out as 1."""
    from ogi.layout import fill_missing_rows
    from ogi.layout.verify import check_unsure

    row = "t3.results.withheld.state_secret"
    structured = t3_result()
    for k in [k for k in structured.cells if k.startswith(row + ".")]:
        del structured.cells[k]
    stream = t3_result(results__withheld__state_secret=[1, 0, 0, 0, 0, 0, 0])
    why = ("数字被印章覆盖：“1”", "表三 1.属于国家秘密 自然人", False)
    stream.vouch[f"{row}.natural_person"] = why
    assert fill_missing_rows(structured, stream)
    assert structured.vouch == {f"{row}.natural_person": why}
    check_unsure(structured)  # its row adds up to 0, not 1; its column to one more
    assert f"{row}.natural_person" not in structured.cells
    assert [p.message for p in structured.problems if p.path == f"{row}.natural_person"] == [
        "数字被印章覆盖：“1”，所在行、列的合计不能印证，未取数"
    ]
