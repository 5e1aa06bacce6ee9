"""Excel worksheets embedded in a DOCX as objects: read as tables (values as the sheet
holds them, merges as spans), or said not read, with the object's picture read instead
where the workbook cannot be."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from ogi.readers import read_file
from ogi.readers.legacy_word import OLE_MAGIC
from tests.extract.phenomena import SOFFICE, embed_object, save_as_libreoffice

needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def _book(fill) -> bytes:  # type: ignore[no-untyped-def]
    wb = Workbook()
    fill(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx(tmp_path: Path, *objects: dict) -> Path:
    document = docx.Document()
    document.add_paragraph("表格如下。")
    for kwargs in objects:
        embed_object(document, **kwargs)
    path = tmp_path / "对象.docx"
    document.save(path)
    return path


def test_a_sheet_reads_as_its_used_range_with_merges_and_values_as_shown(tmp_path: Path) -> None:
    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        ws["B2"], ws["C2"], ws["D2"] = "信息内容", "本年收费金额（单位：万元）", None
        ws.merge_cells("C2:D2")
        ws["B3"], ws["C3"], ws["D3"] = "行政事业性收费", 12.5, 3
        ws["B4"], ws["C4"] = "满意率", 0.96
        ws["C4"].number_format = "0%"
        ws["B5"], ws["C5"] = "填报日期", dt.datetime(2025, 1, 16)
        ws["E9"].number_format = "0.00"  # formatted but empty: not part of the table

    doc = read_file(_docx(tmp_path, {"data": _book(fill)}))
    [text, table] = doc.blocks
    assert text.text == "表格如下。"
    assert [[(c.text, c.row, c.col, c.rowspan, c.colspan) for c in row] for row in table.rows] == [
        [("信息内容", 0, 0, 1, 1), ("本年收费金额（单位：万元）", 0, 1, 1, 2)],
        [("行政事业性收费", 1, 0, 1, 1), ("12.5", 1, 1, 1, 1), ("3", 1, 2, 1, 1)],
        [("满意率", 2, 0, 1, 1), ("96%", 2, 1, 1, 1), ("", 2, 2, 1, 1)],
        [("填报日期", 3, 0, 1, 1), ("2025-01-16", 3, 1, 1, 1), ("", 3, 2, 1, 1)],
    ]
    assert doc.problems == []


def test_a_formula_whose_result_the_file_did_not_keep_is_said(tmp_path: Path) -> None:
    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        ws["A1"], ws["B1"], ws["C1"] = "自然人", 16, "=B1+1"

    doc = read_file(_docx(tmp_path, {"data": _book(fill)}))
    assert [[c.text for c in row] for row in doc.blocks[1].rows] == [["自然人", "16", ""]]
    assert doc.problems == [
        "第1个嵌入的 Excel 表格第1行第3列是公式，文件中没有保存计算结果，未读取"
    ]


def test_a_damaged_workbook_is_said_and_its_picture_is_read_instead(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    from ogi.readers.pictures import Pictures

    monkeypatch.setattr(Pictures, "blocks", lambda self, data, where, w=None: seen.append(1) or [])
    doc = read_file(_docx(tmp_path, {"data": b"PK\x03\x04 not a workbook"}))
    assert [b.text for b in doc.blocks] == ["表格如下。"]
    assert doc.problems == ["第1个嵌入的 Excel 表格已损坏，未读取"]
    assert seen == [1]  # the picture Word shows of it was looked at


def _old_sheet(data: bytes) -> dict:
    """An Excel 97-2003 sheet object, stored as an OLE file."""
    return {
        "data": data,
        "progid": "Excel.Sheet.8",
        "content_type": "application/vnd.openxmlformats-officedocument.oleObject",
        "suffix": ".bin",
    }


def test_an_object_that_is_not_a_workbook_ogi_reads_shows_its_picture(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    from ogi.readers.pictures import Pictures

    monkeypatch.setattr(
        Pictures, "blocks", lambda self, data, where, w=None: seen.append(where) or []
    )
    # an Excel 97-2003 sheet LibreOffice cannot convert (here: it cannot be started)
    monkeypatch.setenv("OGI_SOFFICE", str(tmp_path / "无此程序"))
    old = _old_sheet(OLE_MAGIC + bytes(504))
    drawing = {"data": b"PK\x03\x04", "progid": "Visio.Drawing.15"}
    doc = read_file(_docx(tmp_path, old, drawing))
    assert [b.text for b in doc.blocks] == ["表格如下。"]
    assert doc.problems == [
        "第1个嵌入的 Excel 表格是 Excel 97-2003 格式，须经 LibreOffice 转换后读取："
        f"无法启动 LibreOffice（{tmp_path / '无此程序'}）：文件不存在"
    ]
    assert seen == ["第1张图片", "第2张图片"]


@needs_libreoffice
def test_an_excel_97_2003_sheet_reads_through_libreoffice(tmp_path: Path) -> None:
    # Word keeps a sheet inserted from Excel 97-2003 as the binary workbook itself, and
    # shows its EMF picture, which no OCR reads
    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        ws["A1"], ws["B1"] = "信息内容", "本年处理决定数量"
        ws["A2"], ws["B2"] = "行政许可", 46
        ws["A3"], ws["B3"] = "行政处罚", 18

    xlsx = tmp_path / "表.xlsx"
    xlsx.write_bytes(_book(fill))
    [xls] = save_as_libreoffice("xls", xlsx)
    data = xls.read_bytes()
    assert data.startswith(OLE_MAGIC)
    doc = read_file(_docx(tmp_path, _old_sheet(data)))
    [text, table] = doc.blocks
    assert text.text == "表格如下。"
    assert [[c.text for c in row] for row in table.rows] == [
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "46"],
        ["行政处罚", "18"],
    ]
    assert doc.problems == []


def test_a_sheet_too_large_for_a_statutory_table_is_not_read(tmp_path: Path) -> None:
    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        ws["A1"], ws["CV201"] = "起", "止"  # 100 columns × 201 rows

    doc = read_file(_docx(tmp_path, {"data": _book(fill)}))
    assert doc.problems == ["第1个嵌入的 Excel 表格超过 20,000 个单元格，不像统计表，未读取"]


def test_a_workbook_that_unpacks_too_large_is_not_opened(tmp_path: Path) -> None:
    import zipfile

    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        ws["A1"] = "自然人"

    book = io.BytesIO(_book(fill))
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", bytes(9_000_000))  # 9 MB of zeros: a few KB packed
    doc = read_file(_docx(tmp_path, {"data": book.getvalue()}))
    assert doc.problems == ["第1个嵌入的 Excel 表格解压后超过 8 MB，不像统计表，未读取"]


def test_hidden_rows_and_columns_of_a_sheet_are_not_read(tmp_path: Path) -> None:
    """Word shows the sheet as Excel draws it: a hidden row (last year's figures kept
    under this year's) and a hidden column are not on the page."""

    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        ws["A1"], ws["B1"], ws["C1"] = "信息内容", "上年数量", "本年处理决定数量"
        ws["A2"], ws["B2"], ws["C2"] = "行政许可", 40, 45
        ws["A3"], ws["B3"], ws["C3"] = "行政许可", 41, 46
        ws.merge_cells("A4:C4")
        ws["A4"] = "第二十条第（六）项"
        ws.row_dimensions[2].hidden = True
        ws.column_dimensions["B"].hidden = True

    [_, table] = read_file(_docx(tmp_path, {"data": _book(fill)})).blocks
    assert [[(c.text, c.row, c.col, c.colspan) for c in row] for row in table.rows] == [
        [("信息内容", 0, 0, 1), ("本年处理决定数量", 0, 1, 1)],
        [("行政许可", 1, 0, 1), ("46", 1, 1, 1)],
        [("第二十条第（六）项", 2, 0, 2)],
    ]


def test_numbers_read_as_their_format_shows_them(tmp_path: Path) -> None:
    def fill(ws) -> None:  # type: ignore[no-untyped-def]
        for r, (value, shape) in enumerate(
            [(45.6, "0"), (46, ";;;"), (46, '0"0"'), (46, '0_ "件"'), (0, '0;-0;"-"')], 1
        ):
            ws.cell(r, 1).value = f"第{r}项"
            ws.cell(r, 2).value = value
            ws.cell(r, 2).number_format = shape

    [_, table] = read_file(_docx(tmp_path, {"data": _book(fill)})).blocks
    assert [(row[1].text, row[1].doubt) for row in table.rows] == [
        ("46", None),  # rounded as shown, not 45.6
        ("", None),  # shown as nothing
        (
            "46",
            '第1个嵌入的 Excel 表格第3行第2列的数字按格式“0"0"”显示，无法确定显示的值，未取数',
        ),
        ("46件", None),
        ("-", None),
    ]
