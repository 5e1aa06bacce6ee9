"""Markdown reading: headings, tolerant pipe tables, embedded HTML tables."""

from __future__ import annotations

from dataclasses import replace

from ogi.blocks import Cell
from ogi.readers.markdown import CUT_NUMBER, read_markdown

SAMPLE = """# **示例镇人民政府2023年政府信息公开工作年度报告**

本报告由示例镇人民政府办公室编制。
## 二、主动公开政府信息情况 ##

| 信息内容 | 本年制发件数 | 现行有效件数 |
|---|:-:|---:|
| 规章 | 0 | 0 |
|---|---|---|
规范性文件 | 4 | 9 | 多出的一格
| 行政许可\\|审批 | 1<br>（件） |
|  | 2 |

表后说明：以上数据截至年底。
---
![](page_3_picture.png)
"""


def test_blocks_in_order_with_lines() -> None:
    doc = read_markdown("示例.md", SAMPLE)
    assert doc.form == "md"
    assert [(b.kind, b.level, b.where.line) for b in doc.blocks] == [
        ("heading", 1, 1),
        ("paragraph", None, 3),
        ("heading", 2, 4),
        ("table", None, 6),
        ("paragraph", None, 14),
    ]
    assert doc.blocks[0].text == "示例镇人民政府2023年政府信息公开工作年度报告"
    assert doc.blocks[2].text == "二、主动公开政府信息情况"
    assert doc.blocks[4].text == "表后说明：以上数据截至年底。"
    assert [b.where.block for b in doc.blocks] == [0, 1, 2, 3, 4]
    assert doc.title is None
    assert doc.metadata == {}


def without_lines(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [[replace(c, line=None) for c in r] for r in rows]


def test_broken_pipe_table() -> None:
    rows = read_markdown("示例.md", SAMPLE).blocks[3].rows
    # each cell knows its line in the file (the separator row is not a row)
    assert [{c.line for c in r} for r in rows] == [{6}, {8}, {10}, {11}, {12}]
    assert without_lines(rows) == [
        [Cell("信息内容", 0, 0), Cell("本年制发件数", 0, 1), Cell("现行有效件数", 0, 2)],
        [Cell("规章", 1, 0), Cell("0", 1, 1), Cell("0", 1, 2)],
        [Cell("规范性文件", 2, 0), Cell("4", 2, 1), Cell("9", 2, 2), Cell("多出的一格", 2, 3)],
        [Cell("行政许可|审批", 3, 0), Cell("1\n（件）", 3, 1)],
        [Cell("", 4, 0), Cell("2", 4, 1)],
    ]


def test_blank_line_and_text_line_end_a_table() -> None:
    text = "| 甲 | 乙 |\n| 1 | 2 |\n\n| 丙 | 丁 |\n说明文字\n| 3 | 4 |\n"
    doc = read_markdown("x.md", text)
    assert [(b.kind, b.where.line) for b in doc.blocks] == [
        ("table", 1),
        ("table", 4),
        ("paragraph", 5),
        ("table", 6),
    ]
    assert doc.blocks[1].rows == [[Cell("丙", 0, 0, line=4), Cell("丁", 0, 1, line=4)]]


def test_lone_pipe_in_text_is_a_paragraph() -> None:
    doc = read_markdown("x.md", "申请渠道：当面 | 网上\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", "申请渠道：当面 | 网上")]


def test_embedded_html_table_uses_html_spans() -> None:
    text = """前言段落。
<table>
<tr><td rowspan="2">申请人</td><td>自然人</td></tr>
<tr><td>法人</td></tr>
</table>
结语段落。
"""
    doc = read_markdown("x.md", text)
    assert [(b.kind, b.where.line) for b in doc.blocks] == [
        ("paragraph", 1),
        ("table", 2),
        ("paragraph", 6),
    ]
    assert doc.blocks[1].rows == [
        [Cell("申请人", 0, 0, 2, 1, line=3), Cell("自然人", 0, 1, line=3)],
        [Cell("法人", 1, 1, line=4)],
    ]


def test_windows_line_endings_and_empty_heading() -> None:
    doc = read_markdown("x.md", "#\r\n### 三、收到和处理政府信息公开申请情况\r\n")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 3, "三、收到和处理政府信息公开申请情况")
    ]


def test_dash_cells_are_data_not_separators() -> None:
    doc = read_markdown("x.md", "| 项目 | 数量 |\n|:--|--:|\n| - | - |\n")
    assert doc.blocks[0].rows == [
        [Cell("项目", 0, 0, line=1), Cell("数量", 0, 1, line=1)],
        [Cell("-", 1, 0, line=3), Cell("-", 1, 1, line=3)],
    ]


def test_emphasis_around_a_whole_cell_prints_nothing() -> None:
    text = (
        "| 项目 | 数量 | 备注 |\n|---|---|---|\n"
        "| **行政许可** | **46** | *18* |\n| 3* | _7_ | **5 |\n"
    )
    doc = read_markdown("x.md", text)
    assert [c.text for c in doc.blocks[0].rows[1]] == ["行政许可", "46", "18"]
    # a mark on one side only is not emphasis: 3* keeps its note mark
    assert [c.text for c in doc.blocks[0].rows[2]] == ["3*", "7", "**5"]


def test_emphasis_in_cell_lines_split_by_br() -> None:
    doc = read_markdown("x.md", "| 项目 | 数量 |\n|---|---|\n| 行政许可 | **46**<br>__（件）__ |\n")
    assert doc.blocks[0].rows[1][1].text == "46\n（件）"


def test_code_marks_around_a_whole_cell_print_nothing() -> None:
    text = "| 项目 | 数量 |\n|---|---|\n| `46` | ``0`` | **`3`** | `a` 和 `b` |\n"
    doc = read_markdown("x.md", text)
    assert [c.text for c in doc.blocks[0].rows[1]] == ["46", "0", "3", "`a` 和 `b`"]


GRID = """\
+----------+------+
| 第二十条 | 本年 |
| 第（五）项 | 件数 |
+:=========+=====:+
| 行政许可 | 46   |
|          |      |
+----------+------+
| 行政处罚 | 18   |
+----------+------+
"""


def test_a_grid_tables_cells_go_over_lines() -> None:
    [block] = read_markdown("x.md", GRID).blocks
    assert [[(c.text, c.line) for c in r] for r in block.rows] == [
        [("第二十条\n第（五）项", 2), ("本年\n件数", 2)],
        [("行政许可", 5), ("46", 5)],
        [("行政处罚", 8), ("18", 8)],
    ]


def test_a_grid_table_with_a_merged_cell_is_read_a_row_a_line() -> None:
    merged = GRID.replace("| 行政处罚 | 18   |", "| 行政处罚 18     |")
    rows = [b.rows for b in read_markdown("x.md", merged).blocks if b.kind == "table"]
    assert [[c.text for c in r] for t in rows for r in t] == [
        ["第二十条", "本年"],
        ["第（五）项", "件数"],
        ["行政许可", "46"],
        ["", ""],
        ["行政处罚 18"],
    ]


def test_a_row_cut_by_a_wrap_is_joined_and_rows_typed_short_are_not() -> None:
    text = "| 甲 | 乙 | 丙 |\n|---|---|---|\n| 规章 | 1\n| 2 |\n| 许可 | 3 |\n| 4 | 5 |\n"
    rows = read_markdown("x.md", text).blocks[0].rows
    assert [([c.text for c in r], r[0].line) for r in rows] == [
        (["甲", "乙", "丙"], 1),
        (["规章", "1", "2"], 3),
        (["许可", "3"], 5),
        (["4", "5"], 6),
    ]


def test_character_references_in_cells_print_their_characters() -> None:
    text = "| 项目 | 数量 |\n|---|---|\n| 规章&nbsp; | &#52;6&nbsp; | &lt;br&gt; |\n"
    rows = read_markdown("x.md", text).blocks[0].rows
    assert [c.text for c in rows[1]] == ["规章", "46", "<br>"]


def test_a_grid_tables_cell_spanning_rows_is_one_cell() -> None:
    spanned = """\
+------------+--------+----+
| 三、本年度 | （一） | 5  |
| 办理结果   |        |    |
|            +--------+----+
|            | （二） | 1  |
+------------+--------+----+
"""
    [block] = read_markdown("x.md", spanned).blocks
    assert [[(c.text, c.row, c.col, c.rowspan) for c in r] for r in block.rows] == [
        [("三、本年度\n办理结果", 0, 0, 2), ("（一）", 0, 1, 1), ("5", 0, 2, 1)],
        [("（二）", 1, 1, 1), ("1", 1, 2, 1)],
    ]


def test_a_row_typed_short_of_its_last_pipe_is_not_joined_to_the_next() -> None:
    text = (
        "| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可\n| 46 |\n"
        "| 第二十条第（六）项之行政处罚 | 18 |\n"
    )
    rows = read_markdown("x.md", text).blocks[0].rows
    assert [[c.text for c in r] for r in rows][1:3] == [["行政许可"], ["46"]]


def test_a_label_cut_by_a_wrap_is_joined_whole_and_a_number_cut_is_not_read() -> None:
    text = (
        "| 甲 | 乙 | 丙 |\n|---|---|---|\n| 本年新收政府信息公\n开申请数量 | 3 | 4 |\n"
        "| 规章 | 0 | 1\n2 |\n| 许可 | 5 | 6 |\n"
    )
    rows = read_markdown("x.md", text).blocks[0].rows
    assert [[(c.text, c.doubt) for c in r] for r in rows][1:] == [
        [("本年新收政府信息公开申请数量", None), ("3", None), ("4", None)],
        [("规章", None), ("0", None), ("1 2", CUT_NUMBER.format("1 2"))],
        [("许可", None), ("5", None), ("6", None)],
    ]


def test_cell_ranges_are_where_the_row_s_cells_stand() -> None:
    from ogi.readers.markdown import cell_ranges

    def cells(line: str) -> list[str]:
        return [line[a:b] for a, b in cell_ranges(line)]

    assert cells("| 规章 | 0 |") == [" 规章 ", " 0 "]
    assert cells("规章 | 0") == ["规章 ", " 0"]
    assert cells("| 一、本年新收 | 10 | 1") == [" 一、本年新收 ", " 10 ", " 1"]
    assert cells("2 | 0 |") == ["2 ", " 0 "]
    assert cells("|  | 12 |") == ["  ", " 12 "]
    assert cells(r"| a \| b | 3 |") == [r" a \| b ", " 3 "]  # (an escaped pipe divides no cells)
    assert cell_ranges("| 0 |") == [(1, 4)]


def test_cell_ranges_divide_as_the_rows_are_read() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ogi.readers.markdown import _split, cell_ranges

    @settings(derandomize=True, max_examples=400)
    @given(st.text(alphabet=" |\\a0一", max_size=24))
    def same(line: str) -> None:
        got = [line[a:b].replace("\\|", "|") for a, b in cell_ranges(line)]
        assert got == list(_split(line))

    same()
