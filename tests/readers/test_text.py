"""The text reader: lines of text, and lines of tab-separated cells as table rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.blocks import Block
from ogi.extract import extract
from ogi.readers.text import read_text
from tests.shared import SAMPLES, pasted_text, sample_builder, sample_cells


def shapes(text: str) -> list[tuple[str, object]]:
    """Each block as (kind, its cells' texts) or (kind, its text)."""
    out: list[tuple[str, object]] = []
    for b in read_text("r.txt", text).blocks:
        out.append((b.kind, [c.text for c in b.rows[0]] if b.kind == "table" else b.text))
    return out


def test_empty_cells_at_either_end_of_a_row_stay_cells() -> None:
    assert shapes("规章\t\t\t\n行政许可\t\n\t0\t1\n") == [
        ("table", ["规章", "", "", ""]),
        ("table", ["行政许可", ""]),
        ("table", ["", "0", "1"]),
    ]


def test_a_line_padded_by_tabs_and_runs_of_spaces_is_text() -> None:
    # its tabs pad as its spaces do: split at them, "10" and "0     12" were cells
    line = "一、本年新收\t\t  10\t  1\t     0     12"
    assert shapes(line + "\n") == [("paragraph", "一、本年新收\t\t  10\t  1\t     0     12")]
    # a cell spaced within itself, no number beside the gap, keeps the row
    assert shapes("总  计\t13\t0\n") == [("table", ["总  计", "13", "0"])]


def test_a_tab_only_before_the_text_indents_it() -> None:
    assert shapes("\t信息内容\n\t0\n") == [("paragraph", "信息内容"), ("paragraph", "0")]


def test_a_line_of_tabs_after_a_row_is_a_row_of_empty_cells() -> None:
    blocks: list[Block] = read_text("r.txt", "结果维持\t总计\n  \t \n\n\t\t\n").blocks
    assert [[c.text for c in b.rows[0]] for b in blocks] == [["结果维持", "总计"], ["", ""]]
    # elsewhere it is a blank line, as in a copy with one cell a line
    assert shapes("正文\n\t\n\t0\n\t\n") == [("paragraph", "正文"), ("paragraph", "0")]


# Table 四 typed as lines of cells, its header over three lines, the group names above
# their first column; the first value is left empty.
T4_LINES = """\
行政复议\t\t\t\t\t行政诉讼
\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
\t2\t0\t1\t3\t0\t0\t0\t0\t0\t1\t0\t0\t0\t1
"""

T4_VALUES = {
    "t4.review.upheld": None,
    "t4.review.corrected": 2,
    "t4.review.other": 0,
    "t4.review.pending": 1,
    "t4.review.total": 3,
    "t4.litigation.direct.upheld": 0,
    "t4.litigation.direct.corrected": 0,
    "t4.litigation.direct.other": 0,
    "t4.litigation.direct.pending": 0,
    "t4.litigation.direct.total": 0,
    "t4.litigation.after_review.upheld": 1,
    "t4.litigation.after_review.corrected": 0,
    "t4.litigation.after_review.other": 0,
    "t4.litigation.after_review.pending": 0,
    "t4.litigation.after_review.total": 1,
}


def _with_t4(tmp_path: Path, t4: str) -> Path:
    """A sample report, its cells 0, in one-cell-a-line text, with `t4` for table 四."""
    build = sample_builder()
    text = pasted_text(build.build_report(2024, {}, build.TEXT_2024))
    start = text.index("行政复议\n行政诉讼")
    end = text.index("五、存在的主要问题")
    path = tmp_path / "r.txt"
    path.write_text(text[:start] + t4 + text[end:], encoding="utf-8")
    return path


def test_table_four_as_lines_of_cells_keeps_its_empty_first_value(tmp_path: Path) -> None:
    got = extract(_with_t4(tmp_path, T4_LINES))
    assert {k: v for k, v in got.cells.items() if k.startswith("t4.")} == T4_VALUES
    assert [p for p in got.problems if p.path] == []


def test_an_indented_row_of_table_four_under_a_header_of_lines(tmp_path: Path) -> None:
    # the header one cell a line, the values one row indented by a tab
    outcomes = "结果维持\n结果纠正\n其他结果\n尚未审结\n总计"
    header = (
        f"行政复议\n行政诉讼\n{outcomes}\n未经复议直接起诉\n复议后起诉\n{outcomes}\n{outcomes}\n"
    )
    row = "\t4\t2\t0\t1\t7\t0\t0\t0\t0\t0\t1\t0\t0\t0\t1\n"
    got = extract(_with_t4(tmp_path, header + row))
    t4 = [got.cells.get(k) for k in T4_VALUES]
    assert t4 == [4, 2, 0, 1, 7, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def _boxed(markdown: str, padded: bool, bar: str = "│") -> str:
    """The sample's pipe tables drawn with box-drawing characters, as text exports print
    them (a rule between rows); its headings as plain lines."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if not table:
            return
        n = len(table[0])
        edge = "──────"
        out.append("┌" + "┬".join([edge] * n) + "┐")
        for k, row in enumerate(table):
            cells = [f" {c} " if padded else c for c in row]
            out.append(bar + bar.join(cells) + bar)
            out.append(("├" + "┼".join([edge] * n) + "┤") if k < len(table) - 1 else "")
        out[-1] = "└" + "┴".join([edge] * n) + "┘"
        table.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                table.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        out.append(line.lstrip("#").strip())
    flush()
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("padded", "bar"), [(False, "│"), (True, "│"), (False, "┃"), (True, "║")])
def test_tables_drawn_with_box_characters_read(tmp_path: Path, padded: bool, bar: str) -> None:
    md = (SAMPLES / "示例镇-2024.md").read_text(encoding="utf-8")
    text = _boxed(md, padded, bar)
    path = tmp_path / "导出.txt"
    path.write_text(text, encoding="utf-8")
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.md")
    # each value is on the line of the file it was printed on
    origin = r.origins["t2.art20_5.licensing.decisions"]
    shown = ("│行政许可│46│││", "│ 行政许可 │ 46 │  │  │")
    assert text.splitlines()[origin.line - 1] in [s.replace("│", bar) for s in shown]


def test_a_box_character_in_prose_is_left_as_it_is() -> None:
    from ogi.readers import _unboxed

    prose = "示例镇│政务公开\n┌ 不是表格\n"
    assert _unboxed(prose) == prose


# Table 四 as pandoc and other converters write a simple table: columns aligned by
# spaces, the header's first line ruled by runs of hyphens, one run a column.
T4_RULED = """\
行政复议                                      行政诉讼
--------  --------  --------  --------  ----  ----------------  --------  --------  ----  ----------  --------  --------  --------  ----  ----
结果维持  结果纠正  其他结果  尚未审结  总计  未经复议直接起诉                                          复议后起诉
                                              结果维持          结果纠正  其他结果  尚未审结  总计  结果维持  结果纠正  其他结果  尚未审结  总计
       4         2         0         1     7                 0         0         0         0     0         1         0         0         0     1
"""  # noqa: E501


def test_the_rule_under_a_header_is_no_row_of_blank_cells(tmp_path: Path) -> None:
    # (its fifteen runs of hyphens were read as table 四's row, blank, over its values)
    got = extract(_with_t4(tmp_path, T4_RULED))
    assert [got.cells.get(k, "absent") for k in T4_VALUES] == [
        4, 2, 0, 1, 7, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1
    ]  # fmt: skip
    assert got.problems == []


def test_rules_are_left_out_and_dashes_for_none_kept() -> None:
    text = "规章\n-----  -----\n+-----+-----+\n==========\n-\n--  --\n---\n结束\n"
    assert shapes(text) == [
        ("paragraph", "规章"),
        ("paragraph", "-"),
        ("paragraph", "--  --"),
        ("paragraph", "---"),
        ("paragraph", "结束"),
    ]


def test_a_simple_tables_rule_places_each_cell_and_a_stray_character_undoes_it() -> None:
    from ogi.readers.ruled import ruled_table

    lines = ["", "信息内容  本年  现行", "--------  ----  ----", "规章         1     3"]
    lines.append("许可               2")
    rows, last = ruled_table(lines, 1) or ([], -1)
    assert last == 4
    assert [[c.text for c in r] for r in rows] == [
        ["信息内容", "本年", "现行"],
        ["规章", "1", "3"],
        ["许可", "", "2"],
    ]
    # a value over the gap between two columns: which column, the rule does not tell
    assert ruled_table([*lines[:4], "许可          2"], 1) is None


def test_a_ruled_table_with_a_tab_is_not_placed_by_the_rule() -> None:
    from ogi.readers.ruled import ruled_table

    # a tab's width is the viewer's: 1 under 本年 or under 现行
    lines = ["", "信息内容  本年  现行", "--------  ----  ----", "规章\t1"]
    assert ruled_table(lines, 1) is None


def test_a_ruled_line_placed_two_ways_by_characters_of_either_width_is_not_placed() -> None:
    from ogi.readers.ruled import ruled_table

    head = ["", "名称     本年 现行", "-------- ---- ----"]
    # “ and ” one column wide put the 1 under 本年; two wide, under 现行
    assert ruled_table([*head, "“甲”" + " " * 8 + "1"], 1) is None
    # where one width places the text and the other puts it over a gap, it is placed
    rows, _ = ruled_table([*head, "“甲”" + " " * 7 + "1"], 1) or ([], 0)
    assert [c.text for c in rows[1]] == ["“甲”", "1", ""]


def test_a_table_aligned_by_spaces_places_each_value_under_its_heading() -> None:
    from ogi.readers.spaced import spaced_table

    lines = [
        "信息内容        本年制发件数  本年废止件数  现行有效件数",
        "规章                                        2",
        "行政规范性文件  1                           3",
    ]
    rows, last = spaced_table(lines, 0) or ([], -1)
    assert last == 2
    assert [[c.text for c in r] for r in rows] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "", "", "2"],
        ["行政规范性文件", "1", "", "3"],
    ]
    # 2 set between two headings, or a heading over two columns: not placed
    between = "规章" + " " * 38 + "2"
    assert spaced_table([lines[0], between, lines[2]], 0) is None
    assert spaced_table(["信息内容        本年制发件数本年废止件数", *lines[1:]], 0) is None
    # a line with a tab: how wide it prints, the text does not say
    assert spaced_table([lines[0], "规章\t2", lines[2]], 0) is None


def test_a_table_aligned_by_spaces_between_lines_of_a_paragraph_is_read() -> None:
    from ogi.readers.spaced import spaced_table

    lines = [
        "本年度主动公开政府信息的有关数据如下，其中规章未制发，行政规范性文件制发1件。",
        "信息内容        本年制发件数  本年废止件数  现行有效件数",
        "行政规范性文件  1                           3",
        "以上数据截至2024年12月31日，均已在专栏中逐件标注有效性，供群众查询。",
    ]
    rows, last = spaced_table(lines, 1) or ([], -1)
    assert last == 2
    assert [[c.text for c in r] for r in rows][1] == ["行政规范性文件", "1", "", "3"]
    # the paragraph's line itself begins no table
    assert spaced_table(lines, 0) is None


def test_a_long_text_without_blank_lines_is_looked_at_a_bounded_way_from_each_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader asks from every line whether a table aligned by spaces starts there: in
    a text of 1,000 lines with no blank line, each ask looked at every line to the end
    and tried each of them off its end (lines squared, twice over: 12 s of CPU for a
    report's text repeated to 35,000 lines). Each ask now hands the table check at most
    MOST_LINES lines, at most MOST_DROPPED + 1 times, and none at all where fewer than
    two lines hold several pieces."""
    from ogi.readers import spaced

    asked: list[int] = []
    real = spaced._table
    monkeypatch.setattr(
        spaced,
        "_table",
        lambda lines, start, pieces: asked.append(len(pieces)) or real(lines, start, pieces),
    )
    prose = [f"第{i}段：本年度依申请公开工作平稳有序，办理情况见下表。" for i in range(1000)]
    assert all(spaced.spaced_table(prose, i) is None for i in range(len(prose)))
    assert asked == []
    # a row of several pieces with a number every tenth line: the check runs, bounded
    mixed = [f"行政规范性文件  {i}" if i % 10 == 0 else line for i, line in enumerate(prose)]
    for i in range(len(mixed)):
        before = len(asked)
        spaced.spaced_table(mixed, i)
        assert len(asked) - before <= spaced.MOST_DROPPED + 1
    assert asked and max(asked) <= spaced.MOST_LINES == 100


def test_a_text_of_long_rules_without_blank_lines_is_looked_at_a_bounded_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each long rule may open a multiline table: its rule of columns was looked for down
    to the next blank line, and in a text of rules without one that was every line to
    the end (22 s of CPU for 10,000 lines). It is looked for HEADER_LINES lines down."""
    from ogi.readers import ruled

    class Counted:
        def __init__(self) -> None:
            self.calls = 0

        def match(self, line: str) -> re.Match[str] | None:
            self.calls += 1
            return real.match(line)

    real = ruled._COLUMN_RULE
    counted = Counted()
    monkeypatch.setattr(ruled, "_COLUMN_RULE", counted)
    lines = ["-" * 40, "规章   1   2"] * 1000
    assert all(ruled.ruled_table(lines, i) is None for i in range(len(lines)))
    assert counted.calls <= len(lines) * 14  # HEADER_LINES + 2 a long rule
    assert ruled.HEADER_LINES == 12


@given(st.text(alphabet=" \u3000\t\xa0\u2003\x1ca1中.", max_size=10))
def test_the_count_of_a_lines_pieces_is_told_without_placing_them(line: str) -> None:
    # the space-aligned reader asks first whether a line has one piece or several,
    # without working out where its pieces stand: both answers agree with `_pieces`
    from ogi.readers.spaced import _one_piece, _pieces, _several

    n = len(_pieces(line))
    assert (_one_piece(line), _several(line)) == (n == 1, n >= 2)


def test_a_table_aligned_by_spaces_is_read_whatever_space_parts_its_pieces() -> None:
    from ogi.readers.spaced import spaced_table

    # pieces parted by an ideographic space, or by a tab-free run of other spaces,
    # are pieces as two spaces part them: the quick test before placing them says so
    lines = [
        "信息内容\u3000本年制发件数\u3000本年废止件数\u3000现行有效件数",
        "规章\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u30002",
    ]
    rows, last = spaced_table(lines, 0) or ([], -1)
    assert last == 1
    assert [c.text for c in rows[1]] == ["规章", "", "", "2"]
