"""Tables as copies and converters print them: a pipe table typed with full-width bars,
table 四 with a second row of values, a row of 表二 printed twice in one table, rows
of 表二 lost with their heading. Where the copy does not tell the report's numbers,
none is given and the problem says why."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ogi.extract import extract
from ogi.model import Report
from tests.shared import SAMPLES, sample_cells, sample_cells_without

T4_ROW = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"


def _read(tmp_path: Path, suffix: str, text: str) -> Report:
    """`text` saved as a report file of `suffix` and read."""
    path = tmp_path / f"报告{suffix}"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def _sample_md() -> str:
    text = (SAMPLES / "示例镇-2024.md").read_text(encoding="utf-8")
    assert text.count(T4_ROW) == 1
    return text


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_pipe_table_typed_with_full_width_bars_reads_as_one_typed_with_pipes(
    tmp_path: Path, suffix: str
) -> None:
    text = "\n".join(
        ln.replace("|", "｜") if ln.startswith("|") else ln for ln in _sample_md().split("\n")
    )
    path = tmp_path / f"报告{suffix}"
    path.write_text(text, encoding="utf-8")
    got = extract(path)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def test_a_full_width_bar_in_prose_is_left_alone(tmp_path: Path) -> None:
    text = _sample_md().replace(
        "## 五、存在的主要问题及改进情况",
        "联系电话｜0000-0000000\n\n## 五、存在的主要问题及改进情况",
    )
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert "联系电话｜0000-0000000" in got.text


def test_table_four_with_two_rows_of_values_is_withheld(tmp_path: Path) -> None:
    # last year's row typed under this year's
    last_year = "| 2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |\n"
    got = _read(tmp_path, ".md", _sample_md().replace(T4_ROW, T4_ROW + last_year))
    want = sample_cells_without("示例镇-2024.md", "t4.")
    assert got.cells == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表四",
            "t4",
            "表头下有两行数值（1｜0｜0｜0｜1｜0｜0｜0｜0｜0｜0｜0｜0｜0｜0；"
            "2｜1｜0｜0｜3｜1｜0｜0｜0｜1｜0｜0｜0｜0｜0），无法确定哪一行是本年度的数值，未取值",
        )
    ]


def test_table_four_printed_twice_alike_in_one_table_is_read(tmp_path: Path) -> None:
    text = _sample_md().replace(T4_ROW, T4_ROW + T4_ROW)
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")


def test_rows_of_table_two_lost_with_their_heading_are_named(tmp_path: Path) -> None:
    # the heading 第二十条第（一）项 lost in the copy: its two rows cannot be placed
    text = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
    assert text.count("第二十条第（一）项\n") == 1
    got = _read(tmp_path, ".txt", text.replace("第二十条第（一）项\n", ""))
    assert not any(k.startswith("t2.art20_1.") for k in got.cells)
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        ("表二", None, "未找到以下行：规章、行政规范性文件")
    ]


LICENSING = "t2.art20_5.licensing.decisions"


@pytest.mark.parametrize("form", ["md", "docx"])
def test_a_row_printed_twice_in_one_table_with_other_values_is_withheld(
    tmp_path: Path, form: str
) -> None:
    # a leftover row of 行政许可 (99) above the one the report means (46)
    if form == "md":
        path = tmp_path / "报告.md"
        text = _sample_md()
        assert text.count("| 行政许可 | 46 |  |  |\n") == 1
        text = text.replace(
            "| 行政许可 | 46 |  |  |\n", "| 行政许可 | 99 |  |  |\n| 行政许可 | 46 |  |  |\n"
        )
        path.write_text(text, encoding="utf-8")
    else:
        document = docx.Document(str(SAMPLES / "示例镇-2024.docx"))
        [row] = [
            r
            for t in document.tables
            for r in t.rows
            if r.cells[0].text == "行政许可" and r.cells[1].text == "46"
        ]
        leftover = copy.deepcopy(row._tr)
        row._tr.addprevious(leftover)
        for t in leftover.iter(qn("w:t")):
            if t.text == "46":
                t.text = "99"
        path = tmp_path / "报告.docx"
        document.save(str(path))
    got = extract(path)
    want = {**sample_cells(f"示例镇-2024.{form}"), LICENSING: None}
    assert {k: got.cells.get(k) for k in want} == want
    assert [(p.path, p.message) for p in got.problems] == [
        (
            "t2.art20_5.licensing",
            "本行在文中出现两次，数值不同（99；46），无法确定哪一处是报告的数值，未取值",
        )
    ]


def test_a_row_printed_twice_alike_in_one_table_is_read(tmp_path: Path) -> None:
    path = tmp_path / "报告.md"
    row = "| 行政许可 | 46 |  |  |\n"
    path.write_text(_sample_md().replace(row, row + row), encoding="utf-8")
    got = extract(path)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


@pytest.mark.parametrize(
    ("printed", "message"),
    [
        ("O", "单元格印有的不是数字：O，未取数"),  # a letter a converter read for 0
        ("l", "单元格印有的不是数字：l，未取数"),
        ("十二", "单元格印有的不是数字：十二，未取数"),
        ("不涉及", None),  # a word that says none, as / and 无 do
        ("暂无", None),
    ],
)
def test_words_where_a_number_stands(tmp_path: Path, printed: str, message: str | None) -> None:
    path = tmp_path / "报告.md"
    row = "| 规章 | 0 | 0 | 0 |\n"
    assert _sample_md().count(row) == 1
    path.write_text(_sample_md().replace(row, f"| 规章 | 0 | {printed} | 0 |\n"), encoding="utf-8")
    got = extract(path)
    repealed = "t2.art20_1.rules.repealed"
    assert got.cells == {**sample_cells("示例镇-2024.md"), repealed: None}
    assert [(p.path, p.message) for p in got.problems] == ([(repealed, message)] if message else [])


def test_table_three_printed_again_one_cell_a_line_withholds_the_rows_that_differ(
    tmp_path: Path,
) -> None:
    # last year's 表三 (the sample's, its first row 7 0 0 0 0 1 8) put before this
    # year's, in a copy with one cell a line: only the rows the copies print alike stand
    text = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    head = lines.index("申请人情况")
    tail = lines.index("四、结转下年度继续办理") + 8
    table = lines[head:tail]
    first = table.index("一、本年新收政府信息公开申请数量")
    assert table[first + 1 : first + 8] == ["10", "1", "0", "0", "1", "0", "12"]
    last_year = [*table[: first + 1], "7", "0", "0", "0", "0", "1", "8", *table[first + 8 :]]
    got = _read(tmp_path, ".txt", "\n".join([*lines[:head], *last_year, *lines[head:]]))
    row = "t3.new_received"
    want = sample_cells("示例镇-2024.txt")
    assert {k: v for k, v in got.cells.items() if not k.startswith(row + ".")} == {
        k: v for k, v in want.items() if not k.startswith(row + ".")
    }
    assert not any(k.startswith(row + ".") and v is not None for k, v in got.cells.items())
    assert [(p.path, p.message) for p in got.problems] == [
        (
            row,
            "本行在文中出现两次，数值不同（7｜0｜0｜0｜0｜1｜8；10｜1｜0｜0｜1｜0｜12），"
            "无法确定哪一处是报告的数值，未取值",
        )
    ]


@pytest.mark.parametrize(
    ("header", "replaced", "table", "shown"),
    [
        # 表三 with 其他 printed first among the kinds of 法人 and again for the last
        # (法律服务机构): which column is which cannot be told
        (
            "|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |\n",
            "|  |  |  |  | 其他 | 商业企业 | 科研机构 | 社会公益组织 | 其他 |  |\n",
            "t3",
            "其他、商业企业、科研机构、社会公益组织、其他",
        ),
        # 表二 with 现行有效件数 printed first and again for the last (本年废止件数):
        # which column is which cannot be told
        (
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n",
            "| 信息内容 | 现行有效件数 | 本年制发件数 | 现行有效件数 |\n",
            "t2",
            "信息内容、现行有效件数、本年制发件数、现行有效件数",
        ),
        # 表四 with 总计 printed first under 行政复议 and again for the last (结果维持
        # lost): which column is which cannot be told
        (
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |",
            "| 总计 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |",
            "t4",
            "总计、结果纠正、其他结果、尚未审结、总计、未经复议直接起诉、复议后起诉",
        ),
    ],
)
def test_a_table_whose_header_prints_the_columns_in_another_order_is_withheld(
    tmp_path: Path, header: str, replaced: str, table: str, shown: str
) -> None:
    text = _sample_md()
    assert text.count(header) == 1
    text = text.replace(header, replaced)
    got = _read(tmp_path, ".md", text)
    want = sample_cells_without("示例镇-2024.md", table)
    assert {k: v for k, v in got.cells.items() if v is not None} == {
        k: v for k, v in want.items() if v is not None
    }
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            {"t2": "表二", "t3": "表三", "t4": "表四"}[table],
            table,
            f"表头各列的次序与法定格式不同（{shown}），无法确定各数值所在的列，未取值",
        )
    ]


def test_rows_of_table_three_printed_outside_its_table_are_read_and_the_lost_one_named_once(
    tmp_path: Path,
) -> None:
    # a conversion put two rows of 表三 out of the pipe table as lines of text, and lost
    # one row altogether
    lines = []
    for line in _sample_md().split("\n"):
        if "| 4.保护第三方合法权益 |" in line or "| 2.重复申请 |" in line:
            lines += ["", " ".join(line.replace("|", " ").split()), ""]
        elif "| 8.属于行政查询事项 |" not in line:
            lines.append(line)
    got = _read(tmp_path, ".md", "\n".join(lines))
    lost = "t3.results.withheld.admin_inquiry."
    assert got.cells == sample_cells_without("示例镇-2024.md", lost)
    assert got.cells["t3.results.not_processed.duplicate.natural_person"] == 1
    assert [(p.where, p.message) for p in got.problems] == [
        ("表三", "未找到以下行：8.属于行政查询事项"),
        ("表三", "表格结构中缺少2行，已从正文文字中按行标签读取"),
    ]


def test_table_three_short_of_two_rows_is_not_read_in_the_other_editions_order(
    tmp_path: Path,
) -> None:
    # a conversion parted 表三's values from their labels (only the first three rows keep
    # theirs) and lost two rows: 23 rows of values are left, as many as the 2019 edition
    # has, but the report is of 2024 and its table has 2021's 25 rows. Read in 2019's
    # order the rows after the lost ones came out shifted (2.重复申请 read 0 for 1)
    lines, k = [], 0
    for line in _sample_md().split("\n"):
        if line.startswith("| ") and ("一、本年新收" in line or k > 0):
            k += 1
            cells = line.split("|")[1:-1]
            if k in (16, 17):  # （五）1 and 2
                continue
            if k > 3:
                cells[:3] = ["", "", ""]
            line = "|" + "|".join(cells) + "|"
            if k == 25:
                k = -1
        lines.append(line)
    got = _read(tmp_path, ".md", "\n".join(lines))
    assert got.report_year == 2024
    read = {k.rpartition(".")[0] for k in got.cells if k.startswith("t3.")}
    assert read == {"t3.new_received", "t3.carried_over", "t3.results.granted"}
    sample = sample_cells("示例镇-2024.md")
    assert {k: v for k, v in got.cells.items() if k.startswith("t3.")} == {
        k: v for k, v in sample.items() if k.rpartition(".")[0] in read
    }
    assert not any(p.message.startswith("行标签与数值错位") for p in got.problems)


@pytest.mark.parametrize("printed", ["1．193", "1.193", "10.5"])
def test_a_count_printed_with_a_fraction_is_withheld(tmp_path: Path, printed: str) -> None:
    # a thousands mark typed as a point, or a misprint: 1.193 was given as a count
    text = _sample_md()
    row = "| 一、本年新收政府信息公开申请数量 |  |  | 10 |"
    assert text.count(row) == 1
    got = _read(tmp_path, ".md", text.replace(row, row.replace("| 10 |", f"| {printed} |")))
    key = "t3.new_received.natural_person"
    assert got.cells == {**sample_cells("示例镇-2024.md"), key: None}
    shown = printed.replace("．", ".")
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表三 一、本年新收政府信息公开申请数量 自然人",
            key,
            f"单元格印有小数，本栏是件数：{shown}，未取数",
        )
    ]


def test_a_count_printed_with_a_point_and_no_fraction_is_read(tmp_path: Path) -> None:
    text = _sample_md()
    row = "| 一、本年新收政府信息公开申请数量 |  |  | 10 |"
    got = _read(tmp_path, ".md", text.replace(row, row.replace("| 10 |", "| 10.0 |")))
    assert got.cells["t3.new_received.natural_person"] == 10
    assert got.problems == []


KINDS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]  # 法人或其他组织's


def _t3_in_columns(header: list[str], order: list[int]) -> str:
    """The sample's text, one cell a line, with 表三's header lines replaced by `header`
    and each row's seven values put in the columns `order` gives (the format's column
    printed at each place, 0 = 自然人 … 6 = 总计): the numbers stand under the headings
    that name them."""
    lines = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8").split("\n")
    head = lines.index("申请人情况") + 1
    assert lines[head : head + 8] == [
        "自然人",
        "法人或其他组织",
        "总计",
        *KINDS,
    ]
    lines[head : head + 8] = header
    end = lines.index("四、结转下年度继续办理") + 8
    k, rows = head + 8, 0
    while k < end:
        if lines[k].isdigit():
            values = lines[k : k + 7]
            lines[k : k + 7] = [values[i] for i in order]
            k, rows = k + 7, rows + 1
        else:
            k += 1
    assert rows == 25
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("header", "order"),
    [
        # 科研机构 printed before 商业企业
        (
            ["自然人", "法人或其他组织", "总计", "科研机构", "商业企业", *KINDS[2:]],
            [0, 2, 1, 3, 4, 5, 6],
        ),
        # 总计 printed first
        (
            ["总计", "自然人", "法人或其他组织", *KINDS],
            [6, 0, 1, 2, 3, 4, 5],
        ),
    ],
)
def test_table_three_in_text_is_read_in_the_columns_its_header_prints(
    tmp_path: Path, header: list[str], order: list[int]
) -> None:
    """A copy of 表三 one cell a line whose header names its columns in another order
    than the format's, each number under its heading: the numbers were read in the
    format's order, under other headings, without a word (科研机构 first: 6 of 175
    wrong; 总计 first: 33)."""
    got = _read(tmp_path, ".txt", _t3_in_columns(header, order))
    assert got.cells == sample_cells("示例镇-2024.txt")
    assert got.problems == []


def test_table_three_in_text_whose_columns_cannot_be_told_is_withheld(tmp_path: Path) -> None:
    """法人或其他组织 printed before 自然人 and 总计, then its five kinds: a header of
    法人's five columns, 自然人 and 总计 prints so, read row by row, and so does the
    format's own with the headings that span both rows on a line of their own, as a
    PDF's text may put them. Which one cannot be told: the table is withheld (its
    numbers were read in the format's order, 29 of 175 wrong)."""
    header = ["法人或其他组织", "自然人", "总计", *KINDS]
    got = _read(tmp_path, ".txt", _t3_in_columns(header, [1, 2, 3, 4, 5, 0, 6]))
    want = sample_cells_without("示例镇-2024.txt", "t3.")
    assert {k: v for k, v in got.cells.items() if v is not None} == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表三",
            "t3",
            "表头各列的次序与法定格式不同（法人或其他组织、自然人、总计、商业企业、"
            "科研机构、社会公益组织、法律服务机构、其他），无法确定各数值所在的列，未取值",
        )
    ]


def _md_t3_in_columns(header: tuple[str, str], order: list[int]) -> str:
    """The sample's Markdown with 表三's two rows of column headings replaced by
    `header`, and each row's seven values put in the columns `order` gives (as
    `_t3_in_columns`)."""
    lines = _sample_md().split("\n")
    at = lines.index("|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |")
    lines[at : at + 2] = header
    end = next(k for k, ln in enumerate(lines) if ln.startswith("## 四、"))
    rows = 0
    for k in range(at + 2, end):
        if lines[k].startswith("|"):
            cells = lines[k].strip("|").split("|")
            values = cells[3:]
            cells[3:] = [values[i] for i in order]
            lines[k] = "|" + "|".join(cells) + "|"
            rows += 1
    assert rows == 25
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("header", "order"),
    [
        # 其他 printed first among the kinds of 法人
        (
            (
                "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |",
                "|  |  |  |  | 其他 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 |  |",
            ),
            [0, 5, 1, 2, 3, 4, 6],
        ),
        # 法人或其他组织 first, then 自然人 and 总计
        (
            (
                "|  |  |  | 法人或其他组织 |  |  |  |  | 自然人 | 总计 |",
                "|  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |  |",
            ),
            [1, 2, 3, 4, 5, 0, 6],
        ),
    ],
)
def test_table_three_is_read_in_the_columns_its_header_prints(
    tmp_path: Path, header: tuple[str, str], order: list[int]
) -> None:
    """A table's header that names every column of 表三 once, each over a column of its
    own, tells for sure which number is whose: the table was withheld whole (175 cells),
    as its values were placed by the format's order."""
    got = _read(tmp_path, ".md", _md_t3_in_columns(header, order))
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def _md_t3_without(column: int) -> str:
    """The sample's Markdown with one of 表三's seven columns of values (0 自然人 … 6
    总计) left out of its header and its rows, as a table printed without it."""
    lines = _sample_md().split("\n")
    at = lines.index("|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |")
    end = next(k for k, ln in enumerate(lines) if ln.startswith("## 四、"))
    for k in range(at - 2, end):
        if lines[k].startswith("|"):
            cells = lines[k].strip("|").split("|")
            del cells[3 + column]
            lines[k] = "|" + "|".join(cells) + "|"
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("column", "heading"),
    [(6, "总计"), (5, "其他")],
)
def test_table_three_printed_without_a_column_reads_the_others(
    tmp_path: Path, column: int, heading: str
) -> None:
    """Without 总计 the first two rows were read one column to the right (自然人 blank,
    商业企业 10 for 自然人's 10: 25 cells wrong); without 法人's 其他, 19. The header
    names the six columns it prints over the numbers: they are read, the seventh is
    not printed and is said."""
    got = _read(tmp_path, ".md", _md_t3_without(column))
    keys = ("natural_person", "commercial_enterprise", "research_institution")
    keys += ("social_welfare_org", "legal_service_org", "other_org", "total")
    lost = keys[column]
    want = {
        k: v
        for k, v in sample_cells("示例镇-2024.md").items()
        if not (k.startswith("t3.") and k.endswith("." + lost))
    }
    assert {k: v for k, v in got.cells.items() if v is not None} == {
        k: v for k, v in want.items() if v is not None
    }
    assert got.cells["t3.new_received.natural_person"] == 10
    assert got.cells["t3.new_received.commercial_enterprise"] == 1
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        ("表三", "t3", f"表头没有印出“{heading}”一栏，各行该栏未取值")
    ]


def test_table_three_whose_total_is_headed_otherwise_reads_whole(tmp_path: Path) -> None:
    """A heading worded otherwise (合计 for 总计) is not a column left out: its numbers
    stand beside the six headings known, and the table reads in the format's order."""
    path = tmp_path / "报告.md"
    path.write_text(_sample_md().replace("|  |  |  |  | 总计 |", "|  |  |  |  | 合计 |"), "utf-8")
    got = extract(path)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


T2_HEAD = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"


def _md_t2_in_columns(order: list[int]) -> str:
    """The sample's Markdown with 第二十条第（一）项's three columns (0 本年制发件数, 1
    本年废止件数, 2 现行有效件数) printed in the order `order` gives, headings and values
    alike."""
    lines = _sample_md().split("\n")
    at = lines.index(T2_HEAD)
    for k in range(at, at + 3):
        cells = lines[k].strip("|").split("|")
        cells[1:] = [cells[1 + i] for i in order]
        lines[k] = "|" + "|".join(cells) + "|"
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("order", "head", "documents"),
    [
        # 现行有效件数 first
        ([2, 0, 1], "| 信息内容 | 现行有效件数 | 本年制发件数 | 本年废止件数 |", "| 3 | 1 | 0 |"),
        # the three reversed
        ([2, 1, 0], "| 信息内容 | 现行有效件数 | 本年废止件数 | 本年制发件数 |", "| 3 | 0 | 1 |"),
    ],
)
def test_table_two_is_read_in_the_columns_its_block_header_prints(
    tmp_path: Path, order: list[int], head: str, documents: str
) -> None:
    """A block's header that names each of its columns once, over a column of its own,
    tells which number is whose: the whole of 表二 was withheld (10 cells), as the
    block's values were placed by the format's order."""
    text = _md_t2_in_columns(order)
    assert head in text and f"| 行政规范性文件 {documents}" in text
    got = _read(tmp_path, ".md", text)
    assert got.cells["t2.art20_1.normative_documents.issued"] == 1
    assert got.cells["t2.art20_1.normative_documents.in_force"] == 3
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


# 表四's values in the format's order, each cell its own number so that one read under
# another heading shows: 行政复议, then suits without and after review, each 结果维持,
# 结果纠正, 其他结果, 尚未审结, 总计
T4_DISTINCT = dict(
    zip(
        [
            f"t4.{group}.{outcome}"
            for group in ("review", "litigation.direct", "litigation.after_review")
            for outcome in ("upheld", "corrected", "other", "pending", "total")
        ],
        [1, 2, 3, 4, 10, 5, 6, 7, 8, 26, 9, 11, 12, 13, 45],
        strict=True,
    )
)


def _md_t4(header: tuple[str, str, str], values: str) -> str:
    """The sample's Markdown with 表四's three rows of headings and its row of values
    replaced."""
    text = _sample_md()
    lines = text.split("\n")
    at = lines.index("| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |")
    assert lines[at + 4] == T4_ROW.strip()
    lines[at : at + 5] = [header[0], lines[at + 1], header[1], header[2], values]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("header", "values"),
    [
        # 总计 first in every group
        (
            (
                "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |",
                "| 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 未经复议直接起诉 |  |  |  |  "
                "| 复议后起诉 |  |  |  |  |",
                "|  |  |  |  |  | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 "
                "| 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 |",
            ),
            "| 10 | 1 | 2 | 3 | 4 | 26 | 5 | 6 | 7 | 8 | 45 | 9 | 11 | 12 | 13 |",
        ),
        # suits after review before direct ones
        (
            (
                "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |",
                "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 复议后起诉 |  |  |  |  "
                "| 未经复议直接起诉 |  |  |  |  |",
                "|  |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
                "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            ),
            "| 1 | 2 | 3 | 4 | 10 | 9 | 11 | 12 | 13 | 45 | 5 | 6 | 7 | 8 | 26 |",
        ),
        # 行政诉讼 first, 行政复议 last
        (
            (
                "| 行政诉讼 |  |  |  |  |  |  |  |  |  | 行政复议 |  |  |  |  |",
                "| 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  "
                "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
                "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
                "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |  |  |  |  |  |",
            ),
            "| 5 | 6 | 7 | 8 | 26 | 9 | 11 | 12 | 13 | 45 | 1 | 2 | 3 | 4 | 10 |",
        ),
    ],
)
def test_table_four_is_read_in_the_columns_its_header_prints(
    tmp_path: Path, header: tuple[str, str, str], values: str
) -> None:
    """A header whose every heading is printed once within its group, over a column of
    its own, each outcome under the heading of its group, tells which number is whose:
    the table was withheld whole (15 cells), its values placed by the format's order."""
    got = _read(tmp_path, ".md", _md_t4(header, values))
    want = sample_cells_without("示例镇-2024.md", "t4.")
    assert got.cells == {**want, **T4_DISTINCT}
    assert got.problems == []


def test_table_four_in_the_formats_order_reads_as_before(tmp_path: Path) -> None:
    head = (SAMPLES / "示例镇-2024.md").read_text(encoding="utf-8").split("\n")
    at = head.index("| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |")
    values = "| 1 | 2 | 3 | 4 | 10 | 5 | 6 | 7 | 8 | 26 | 9 | 11 | 12 | 13 | 45 |"
    got = _read(tmp_path, ".md", _md_t4((head[at], head[at + 2], head[at + 3]), values))
    want = sample_cells_without("示例镇-2024.md", "t4.")
    assert got.cells == {**want, **T4_DISTINCT}
    assert got.problems == []


def test_table_four_of_a_docx_is_read_in_the_columns_its_header_prints(tmp_path: Path) -> None:
    """Word's 表四 with 总计 printed first under 行政复议 and the two kinds of suit swapped,
    each number under its heading: withheld whole before (15 cells)."""
    document = docx.Document(str(SAMPLES / "示例镇-2024.docx"))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "行政复议"]
    texts = list(table._tbl.iter(qn("w:t")))
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [t.text for t in texts] == [
        "行政复议",
        "行政诉讼",
        *outcomes,
        "未经复议直接起诉",
        "复议后起诉",
        *outcomes * 2,
        *"100010000000000",
    ]
    printed = [
        "行政复议",
        "行政诉讼",
        "总计",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "复议后起诉",
        "未经复议直接起诉",
        *outcomes * 2,
        *["10", "1", "2", "3", "4", "9", "11", "12", "13", "45", "5", "6", "7", "8", "26"],
    ]
    for t, text in zip(texts, printed, strict=True):
        t.text = text
    path = tmp_path / "报告.docx"
    document.save(str(path))
    got = extract(path)
    want = sample_cells_without("示例镇-2024.docx", "t4.")
    assert got.cells == {**want, **T4_DISTINCT}
    assert got.problems == []


def _sample_txt_lines() -> list[str]:
    return (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8").split("\n")


T4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@pytest.mark.parametrize(
    ("suits", "outcomes", "shown"),
    [
        # the two kinds of suit swapped, headings and values alike
        (
            ["复议后起诉", "未经复议直接起诉"],
            T4_HEAD,
            "行政复议、行政诉讼、结果维持、结果纠正、其他结果、尚未审结、总计、复议后起诉、"
            "未经复议直接起诉",
        ),
        # 总计 first in every group
        (
            ["未经复议直接起诉", "复议后起诉"],
            ["总计", *T4_HEAD[:4]],
            "行政复议、行政诉讼、总计、结果维持、结果纠正、其他结果、尚未审结、"
            "未经复议直接起诉、复议后起诉",
        ),
    ],
)
def test_table_four_in_text_whose_header_is_in_another_order_is_withheld(
    tmp_path: Path, suits: list[str], outcomes: list[str], shown: str
) -> None:
    """A copy of 表四 one cell a line whose header prints its columns in another order
    (values printed under them) was read in the format's order without a word: 8 of 15
    cells wrong with the suits swapped, 9 with 总计 first. The order of a text's
    headings cannot say where each number stands for sure: the table is withheld."""
    lines = _sample_txt_lines()
    at = lines.index("行政复议")
    assert lines[at : at + 19] == [
        "行政复议",
        "行政诉讼",
        *T4_HEAD,
        "未经复议直接起诉",
        "复议后起诉",
        *T4_HEAD,
        *T4_HEAD,
    ]
    values = ["1", "0", "0", "0", "1", "2", "0", "0", "1", "3", "1", "1", "0", "0", "2"]
    lines[at : at + 34] = ["行政复议", "行政诉讼", *outcomes, *suits, *outcomes, *outcomes, *values]
    got = _read(tmp_path, ".txt", "\n".join(lines))
    assert [k for k in got.cells if k.startswith("t4.")] == []
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        ("表四", "t4", f"表头各列的次序与法定格式不同（{shown}），无法确定各数值所在的列，未取值")
    ]


@pytest.mark.parametrize(
    ("group", "outcomes", "name", "shown"),
    [
        (
            1,
            ["总计", *T4_HEAD[:4]],
            "未经复议直接起诉",
            "总计、结果维持、结果纠正、其他结果、尚未审结",
        ),
        (
            1,
            [*T4_HEAD[:2], "结果纠正", *T4_HEAD[3:]],
            "未经复议直接起诉",
            "结果维持、结果纠正、结果纠正、尚未审结、总计",
        ),
        (
            2,
            [T4_HEAD[1], T4_HEAD[0], *T4_HEAD[2:]],
            "复议后起诉",
            "结果纠正、结果维持、其他结果、尚未审结、总计",
        ),
    ],
    ids=["total_first", "outcome_twice", "swapped"],
)
def test_table_four_in_text_whose_later_group_is_in_another_order_is_withheld(
    tmp_path: Path, group: int, outcomes: list[str], name: str, shown: str
) -> None:
    """表四 one cell a line whose 行政复议 outcomes stand in the format's order but whose
    second or third group prints 总计 first, an outcome twice or two outcomes swapped:
    the order was checked where each heading is first printed, which is the first group
    only, so the row was read in the format's order (总计 first: 4 of the group's 5
    cells wrong; swapped: 2). Each group is checked: the table is withheld, the group
    named."""
    lines = _sample_txt_lines()
    at = lines.index("行政复议")
    values = ["1", "0", "0", "0", "1", "2", "0", "0", "1", "3", "3", "1", "0", "0", "4"]
    groups = [T4_HEAD, T4_HEAD, T4_HEAD]
    groups[group] = outcomes
    head = ["行政复议", "行政诉讼", *groups[0], "未经复议直接起诉", "复议后起诉", *groups[1]]
    lines[at : at + 34] = [*head, *groups[2], *values]
    got = _read(tmp_path, ".txt", "\n".join(lines))
    assert [k for k in got.cells if k.startswith("t4.")] == []
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表四",
            "t4",
            f"表头“{name}”下各列的次序与法定格式不同（{shown}），无法确定各数值所在的列，未取值",
        )
    ]


T4_LEAVES = (
    "|  |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
)


def test_table_four_in_markdown_whose_group_prints_an_outcome_twice_is_withheld(
    tmp_path: Path,
) -> None:
    """A Markdown 表四 whose 未经复议直接起诉 prints 结果维持 twice and no 总计: each header
    row was checked at its headings' first printings, which stand in the format's
    order, so the row 1 0 0 0 1 | 1 1 0 2 1 | … was read in the format's order (4 of
    the group's cells under other headings, its 尚未审结 value taken for 总计). The
    outcomes are taken group by group in the order of their columns: withheld, the
    group named."""
    text = _sample_md()
    assert text.count(T4_LEAVES) == 1
    direct = ["结果维持", "结果维持", "结果纠正", "其他结果", "尚未审结"]
    leaves = "|  |  |  |  |  | " + " | ".join([*direct, *T4_HEAD]) + " |\n"
    row = "| 1 | 0 | 0 | 0 | 1 | 1 | 1 | 0 | 2 | 1 | 0 | 0 | 0 | 0 | 0 |\n"
    got = _read(tmp_path, ".md", text.replace(T4_LEAVES, leaves).replace(T4_ROW, row))
    assert [k for k in got.cells if k.startswith("t4.")] == []
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表四",
            "t4",
            "表头“未经复议直接起诉”下各列的次序与法定格式不同（结果维持、结果维持、"
            "结果纠正、其他结果、尚未审结），无法确定各数值所在的列，未取值",
        )
    ]


def test_a_block_of_table_two_in_text_whose_header_is_in_another_order_is_withheld(
    tmp_path: Path,
) -> None:
    """第二十条第（一）项 printed 现行有效件数 before 本年废止件数, its values under them:
    1 3 0 for 行政规范性文件 was read as 3 repealed and 0 in force. The block is withheld,
    the other blocks read."""
    lines = _sample_txt_lines()
    at = lines.index("本年制发件数")
    assert lines[at : at + 12] == [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "规章",
        "0",
        "0",
        "0",
        "行政规范性文件",
        "1",
        "0",
        "3",
        "第二十条第（五）项",
    ]
    lines[at + 1 : at + 3] = ["现行有效件数", "本年废止件数"]
    lines[at + 9 : at + 11] = ["3", "0"]
    got = _read(tmp_path, ".txt", "\n".join(lines))
    want = sample_cells_without("示例镇-2024.txt", "t2.art20_1.")
    assert got.cells == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表二",
            "t2.art20_1",
            "表头各列的次序与法定格式不同（本年制发件数、现行有效件数、本年废止件数），"
            "无法确定各数值所在的列，未取值",
        )
    ]


def test_tables_in_a_block_quote_read_as_the_tables_they_quote(tmp_path: Path) -> None:
    # every line quoted ("> | 1 | 0 |…"): the quoted separator row of table 四 was read
    # as its row, blank, over the row of values
    text = "\n".join(f"> {ln}" if ln else ">" for ln in _sample_md().split("\n"))
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


T4_TOP = "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |\n" + "|---" * 15 + "|\n"


def test_a_row_of_dashes_above_table_fours_header_and_values_is_withheld(
    tmp_path: Path,
) -> None:
    # a row of dashes typed under the header's first row: it was taken for the row of
    # values, blank, and the numbers under the rest of the header left unsaid
    dashes = "| " + " | ".join(["—"] * 15) + " |\n"
    text = _sample_md()
    assert text.count(T4_TOP) == 1
    got = _read(tmp_path, ".md", text.replace(T4_TOP, T4_TOP + dashes))
    assert got.cells == sample_cells_without("示例镇-2024.md", "t4.")
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表四",
            "t4",
            "表头下有两行数值（—｜—｜—｜—｜—｜—｜—｜—｜—｜—｜—｜—｜—｜—｜—；"
            "1｜0｜0｜0｜1｜0｜0｜0｜0｜0｜0｜0｜0｜0｜0），无法确定哪一行是本年度的数值，未取值",
        )
    ]


@pytest.mark.parametrize("dash", ["—", "－", "-", ":—:"])
def test_a_delimiter_row_typed_with_dashes_prints_no_row(tmp_path: Path, dash: str) -> None:
    # every table's second line typed | — | — |…: table 四's was read as its row, blank
    text = _sample_md()
    assert text.count("\n|---|") == 3
    row = re.compile(r"^\|(---\|)+$", re.M)
    typed = row.sub(lambda m: "|" + f"{dash}|" * m[0].count("---"), text)
    got = _read(tmp_path, ".md", typed)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def test_numbers_set_as_code_read(tmp_path: Path) -> None:
    # | 行政许可 | `46` |: each of the 200 cells was withheld as "not a plain number"
    text = re.sub(r"\| (\d+) (?=\|)", r"| `\1` ", _sample_md())
    assert "| 行政许可 | `46` |" in text
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrapped(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` columns, as a fixed-width table wraps it."""
    pieces = [""]
    for ch in text:
        if _width(pieces[-1] + ch) > width:
            pieces.append("")
        pieces[-1] += ch
    return pieces


def _with_tables(
    markdown: str,
    flush: Callable[[], None],
    table: list[list[str]],
    out: list[str],
    plain: bool,
) -> str:
    """`markdown`'s lines into `out`, its pipe tables' rows (the delimiter row left out)
    gathered in `table` and printed by `flush` where each ends; `plain`: headings' #
    marks taken off, as a text file has them."""
    for line in markdown.split("\n"):
        if line.startswith("|"):
            if not set(line) <= set("|-"):
                table.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        out.append(line.lstrip("# ") if plain else line)
    return "\n".join(out)


def _grid_tables(markdown: str, width: int, merged: bool = False) -> str:
    """The pipe tables of `markdown` as pandoc writes grid tables: borders of + and -,
    += under the header, each cell wrapped over lines at `width` columns; `merged`: an
    empty cell of the first two columns in a row of values goes on the cell above (a
    border blank over it, as pandoc draws a cell spanning rows)."""
    out: list[str] = []
    table: list[list[str]] = []

    def border(goes_on: list[bool], rule: str) -> str:
        line = ""
        for c, on in enumerate(goes_on):
            edge = "|" if on and (c == 0 or goes_on[c - 1]) else "+"
            line += edge + (" " if on else rule) * (width + 2)
        return line + "+"

    def flush() -> None:
        if not table:
            return
        n = len(table[0])
        out.append(border([False] * n, "-"))
        for k, row in enumerate(table):
            cells = [_wrapped(c, width) for c in row]
            for j in range(max(map(len, cells))):
                texts = [c[j] if j < len(c) else "" for c in cells]
                out.append("| " + " | ".join(t + " " * (width - _width(t)) for t in texts) + " |")
            below = table[k + 1] if k + 1 < len(table) else [""] * n
            valued = merged and any(c.isdigit() for c in below)
            goes_on = [valued and c < 2 and not below[c] for c in range(n)]
            out.append(border(goes_on, "=" if k == 0 else "-"))
        table.clear()

    return _with_tables(markdown, flush, table, out, plain=False)


def test_grid_tables_whose_cells_go_over_lines_read(tmp_path: Path) -> None:
    # | 信息内容     | 本年处理决定 | over | | 数量 |: each line was read as a row, and
    # 63 cells of the rows so cut were not read
    text = _grid_tables(_sample_md(), 12)
    assert "| 信息内容     | 本年处理决定 |" in text and "|              | 数量         |" in text
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def _ruled_tables(markdown: str, multiline: bool, blank: str = "") -> str:
    """The pipe tables of `markdown` as pandoc writes simple tables (a row a line, a run
    of hyphens under the header for each column) or multiline ones (between two long
    rules, each cell wrapped at ten columns, rows parted by blank lines); the cells
    that print `blank` are left empty."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if not table:
            return
        n = len(table[0])
        widths = [10] * n if multiline else [max(_width(r[c]) for r in table) for c in range(n)]
        widths = [max(w, 3) for w in widths]
        if multiline:
            out.append("-" * (sum(widths) + 2 * (n - 1)))
        for k, row in enumerate(table):
            cells = [_wrapped(c if c != blank else "", w) for c, w in zip(row, widths, strict=True)]
            for j in range(max(map(len, cells))):
                texts = [c[j] if j < len(c) else "" for c in cells]
                padded = [t + " " * (w - _width(t)) for t, w in zip(texts, widths, strict=True)]
                out.append("  ".join(padded).rstrip())
            if k == 0:
                out.append("  ".join("-" * w for w in widths))
            elif multiline:
                out.append("")
        if multiline:
            out[-1] = "-" * (sum(widths) + 2 * (n - 1))
        out.append("")
        table.clear()

    return _with_tables(markdown, flush, table, out, plain=True)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_multiline_tables_read_in_the_columns_their_rule_marks(tmp_path: Path, suffix: str) -> None:
    # "行政规范性  1  0  3" over "文件": the lines were text, and 182 cells were withheld
    text = _ruled_tables(_sample_md(), multiline=True)
    assert "\n行政规范性  1           0           3\n文件\n" in text
    got = _read(tmp_path, suffix, text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_blank_cells_of_a_simple_table_stay_in_their_columns(tmp_path: Path, suffix: str) -> None:
    # its zeros printed as nothing: "（七）总计  11  1  1  13" was four values for
    # seven columns, withheld; the rule tells each value's column
    text = _ruled_tables(_sample_md(), multiline=False, blank="0")
    got = _read(tmp_path, suffix, text)
    total = "t3.results.total."
    assert {k: v for k, v in got.cells.items() if k.startswith(total)} == {
        "t3.results.total.natural_person": 11,
        "t3.results.total.commercial_enterprise": 1,
        "t3.results.total.research_institution": None,
        "t3.results.total.social_welfare_org": None,
        "t3.results.total.legal_service_org": 1,
        "t3.results.total.other_org": None,
        "t3.results.total.total": 13,
    }
    want = {k: (None if v == 0 else v) for k, v in sample_cells("示例镇-2024.md").items()}
    assert got.cells == want
    assert got.problems == []


def _folded(text: str, width: int) -> str:
    """`text` with each line cut every `width` columns, as a fixed-width wrap cuts it."""
    out: list[str] = []
    for line in text.split("\n"):
        out.append("")
        for ch in line:
            if out[-1] and _width(out[-1] + ch) > width:
                out.append("")
            out[-1] += ch
    return "\n".join(out)


def test_pipe_rows_cut_by_a_fixed_width_wrap_are_joined(tmp_path: Path) -> None:
    # "| 二、上年结转…数量 |  |  | 2 | 0 | 0 | 0 | 0" then " | 0 | 2 |": the cut-off
    # end was taken for a row of its own and its 2 put under 科研机构
    text = _folded(_sample_md(), 60)
    assert "| 二、上年结转政府信息公开申请数量 |  |  | 2 | 0 | 0 | 0 | 0\n | 0 | 2 |\n" in text
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


@pytest.mark.parametrize(("note", "shown"), [("[^1]", "46¹"), ("[^注]", "46*")])
def test_a_number_with_a_footnote_reference_is_withheld_as_one_with_a_note_mark(
    tmp_path: Path, note: str, shown: str
) -> None:
    # 46[^1] was read as 46, where 46¹ and 46（注1） are withheld: the note may qualify it
    text = _sample_md()
    assert text.count("| 行政许可 | 46 |") == 1
    text = text.replace("| 行政许可 | 46 |", f"| 行政许可 | 46{note} |") + "\n[^1]: 含延续。\n"
    got = _read(tmp_path, ".md", text)
    assert got.cells == {**sample_cells("示例镇-2024.md"), LICENSING: None}
    assert [(p.path, p.message) for p in got.problems] == [
        (LICENSING, f"单元格印有注释标记：{shown}，未取数")
    ]


def test_numbers_with_a_no_break_space_entity_read(tmp_path: Path) -> None:
    # | 46&nbsp; |, as converters from web pages write cells: each of the 200 was
    # withheld as not a plain number
    text = re.sub(r"\| (\d+) (?=\|)", r"| \1&nbsp; ", _sample_md())
    assert "| 行政许可 | 46&nbsp; |" in text
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def test_grid_tables_with_cells_spanning_rows_read(tmp_path: Path) -> None:
    # 三、本年度办理结果 and （三）不予公开 each one cell over their rows, the borders
    # blank under them: 21 cells were withheld, the table not read as a grid
    text = _grid_tables(_sample_md(), 14, merged=True)
    assert "\n|                |                +----------------+" in text
    got = _read(tmp_path, ".md", text)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


T4_LAST_HEADING = "|  |  |  |  |  | 结果维持 | 结果纠正 |"


@pytest.mark.parametrize("above", ["values", "last heading row"])
def test_an_empty_row_in_table_fours_header_is_passed_over(tmp_path: Path, above: str) -> None:
    # a row with nothing in it (a wrapped line's leftover, "|  |"): above the values it
    # was a second row of values, "（；1｜0｜0…）", above the header's last row a row of
    # dashes, and the table was withheld
    text = _sample_md()
    assert text.count(T4_ROW) == 1 and text.count(T4_LAST_HEADING) == 1
    at = T4_ROW if above == "values" else T4_LAST_HEADING
    got = _read(tmp_path, ".md", text.replace(at, "|  |\n" + at))
    assert got.cells == sample_cells("示例镇-2024.md")
    assert got.problems == []


def _spaced_tables(markdown: str, blank: str = "") -> str:
    """The pipe tables of `markdown` as `pdftotext -layout` and fixed-width copies print
    them: each column starting at one position (a Chinese character two columns wide),
    two spaces between columns, no rule; the cells that print `blank` are left empty."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if not table:
            return
        widths = [max(_width(r[c]) for r in table) for c in range(len(table[0]))]
        for row in table:
            texts = ["" if t == blank else t for t in row]
            padded = [t + " " * (w - _width(t)) for t, w in zip(texts, widths, strict=True)]
            out.append("  ".join(padded).rstrip())
        out.append("")
        table.clear()

    return _with_tables(markdown, flush, table, out, plain=True)


def test_lines_padded_by_tabs_and_runs_of_spaces_are_not_split_at_the_tabs(
    tmp_path: Path,
) -> None:
    # every eight spaces of the padding a tab: "…数量\t…\t  10\t  1\t       0\t 0\t
    # 1\t     0     12" was split at its tabs, the pads counted as empty cells, and 18
    # values of 表三 were read a column off (10 for 商业企业, 11 for its 总计 row)
    text = _spaced_tables(_sample_md()).replace(" " * 8, "\t")
    assert "\t  10\t  1\t       0\t 0\t     1\t     0     12\n" in text
    got = _read(tmp_path, ".txt", text)
    assert got.cells == sample_cells_without("示例镇-2024.md", "t2.art20_1.rules.")
    assert [(p.path, p.message) for p in got.problems] == [
        ("t2.art20_1.rules", "本行应有3个数值，读到5个单元格（0 空 空 0 0），无法确定各列，未取值"),
        (None, "表格结构中缺少2行，已从正文文字中按行标签读取"),
    ]


def test_blank_cells_of_a_table_aligned_by_spaces_stay_in_their_columns(tmp_path: Path) -> None:
    # its zeros printed as nothing and no rule under the header: "一、本年新收…数量
    # 10  1  1  12" was four values for seven columns, and 198 cells were withheld; the
    # positions the rows with numbers print tell each value's column
    text = _spaced_tables(_sample_md(), blank="0")
    assert "\n行政规范性文件      1" + " " * 41 + "3\n" in text
    got = _read(tmp_path, ".txt", text)
    new = "t3.new_received."
    assert {k: v for k, v in got.cells.items() if k.startswith(new)} == {
        "t3.new_received.natural_person": 10,
        "t3.new_received.commercial_enterprise": 1,
        "t3.new_received.research_institution": None,
        "t3.new_received.social_welfare_org": None,
        "t3.new_received.legal_service_org": 1,
        "t3.new_received.other_org": None,
        "t3.new_received.total": 12,
    }
    assert got.cells["t2.art20_1.normative_documents.in_force"] == 3
    assert got.cells["t4.litigation.direct.total"] is None
    want = {k: (None if v == 0 else v) for k, v in sample_cells("示例镇-2024.md").items()}
    assert got.cells == want
    assert got.problems == []


def test_a_value_between_two_columns_of_a_table_aligned_by_spaces_is_withheld(
    tmp_path: Path,
) -> None:
    # 12 moved three columns left stands over the end of 其他's heading and the gap
    # before 总计's: which column it is in, the positions do not say (it was read as
    # 其他's, 总计 left blank), and 表三 is withheld as before
    text = _spaced_tables(_sample_md(), blank="0")
    row = next(ln for ln in text.split("\n") if ln.startswith("一、本年新收"))
    assert row.endswith("1                   12")
    got = _read(tmp_path, ".txt", text.replace(row, row[: -len("   12")] + "12"))
    assert {k: v for k, v in got.cells.items() if k.startswith("t3.") and v is not None} == {}
    assert ("t3.new_received", "数字连写“10 1 1 12”无法拆成7个符合勾稽关系的数值") in [
        (p.path, p.message) for p in got.problems
    ]
    # 表二 and 表四, their own blocks, read by position still
    assert got.cells["t2.art20_1.normative_documents.in_force"] == 3
    assert got.cells["t4.review.total"] == 1


def test_a_table_aligned_by_spaces_right_under_its_paragraph_is_read(tmp_path: Path) -> None:
    # no blank line between a table and the paragraphs around it, as pdftotext -layout
    # prints a page: the paragraph's line, one piece over every column, kept the table
    # from being placed, and 190 cells were withheld
    lines = _spaced_tables(_sample_md(), blank="0").split("\n")
    near = [
        lines[k - 1 if k else 0].strip() + (lines[k + 1] if k + 1 < len(lines) else "").strip()
        for k in range(len(lines))
    ]
    text = "\n".join(ln for ln, n in zip(lines, near, strict=True) if ln.strip() or "  " not in n)
    assert "复议机关维持了原答复；未发生行政诉讼。\n行政复议  " in text
    got = _read(tmp_path, ".txt", text)
    want = {k: (None if v == 0 else v) for k, v in sample_cells("示例镇-2024.md").items()}
    assert got.cells == want
    assert got.problems == []
