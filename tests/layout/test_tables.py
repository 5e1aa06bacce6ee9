"""The token-stream reading (forms without table structure): prose is not a source of
values, digits run together are split by the table's own arithmetic and signs."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import settings

from ogi.blocks import Block, Document
from ogi.extract import extract
from ogi.layout import build_report, prose_tokens
from ogi.layout.specs import T3_IN_ORDER, T3_UNKNOWN, t3_printed_columns
from ogi.layout.stream import Stream
from ogi.layout.tables import TableReader
from ogi.model import Report
from tests.shared import SAMPLES, sample_cells


def lines_doc(lines: list[str]) -> Document:
    return Document(path="x.txt", form="txt", blocks=[Block("paragraph", text=ln) for ln in lines])


T2_2019 = [
    "示例镇人民政府2020年政府信息公开工作年度报告",
    "二、主动公开政府信息情况",
    "第二十条第（五）项",
    "信息内容 上一年项目数量 本年增/减 处理决定数量",
]


def test_a_run_together_row_whose_only_split_breaks_a_sign_is_not_emitted() -> None:
    # 2019 table 二: 上一年项目数量 and 处理决定数量 are never negative, only 本年增/减
    # is. "10-5" splits into three numbers one way only, 1 | 0 | -5, and that puts a
    # negative number in 处理决定数量: the row is not read.
    r = build_report(lines_doc([*T2_2019, "行政许可10-5", "其他对外管理服务事项 2 -1 1"]), "")
    assert "t2.art20_5.licensing.decisions" not in r.cells
    [p] = [p for p in r.problems if p.path == "t2.art20_5.licensing"]
    assert p.message == "数字连写“10 -5”无法拆成3个符合勾稽关系的数值"
    # the signed column may be negative
    assert [
        r.cells[f"t2.art20_5.other_services.{c}"]
        for c in ("prev_year_items", "change", "decisions")
    ] == [2, -1, 1]


def test_a_run_together_row_split_by_sign_and_type() -> None:
    # "7-24" as three values: 7 | -2 | 4 is the only split with a sign where one is
    # allowed (7 | -24 | ? has too few digits)
    r = build_report(lines_doc([*T2_2019, "行政许可7-24", "其他对外管理服务事项 0 0 0"]), "")
    assert [
        r.cells[f"t2.art20_5.licensing.{c}"] for c in ("prev_year_items", "change", "decisions")
    ] == [7, -2, 4]


def test_sentences_are_masked_and_page_numbers_too() -> None:
    doc = lines_doc(
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "2024年因政府信息公开引发行政复议2件、行政诉讼1件。",
            "行政复议",
            "行政诉讼",
            "— 4 —",
            "与上年相比减少3件",
        ]
    )
    s = Stream(doc)
    assert prose_tokens(s) == {1, 4, 5}
    # the header cell 行政复议 is found, not the word in the sentence
    reader = TableReader(s, "2021", "", prose_tokens(s))
    assert reader._t4_anchor(0, len(reader.c)) == s.clean.text.index("行政复议行政诉讼")


def test_table_four_after_a_sentence_with_its_numbers(tmp_path: Path) -> None:
    body = [
        "示例镇人民政府2024年政府信息公开工作年度报告",
        "四、政府信息公开行政复议、行政诉讼情况",
        "2024年，本机关因政府信息公开引发行政复议2件、行政诉讼1件，与上年相比减少2件。",
        "行政复议",
        "行政诉讼",
        *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        "未经复议直接起诉",
        "复议后起诉",
        *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        *["1", "1", "0", "0", "2", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0"],
        "五、存在的主要问题及改进情况",
        "一是公开内容还不够丰富。",
    ]
    f = tmp_path / "r.txt"
    f.write_text("\n".join(body), encoding="utf-8")
    r = extract(f)
    assert [v for k, v in r.cells.items() if k.startswith("t4.")] == [
        1,
        1,
        0,
        0,
        2,
        0,
        0,
        0,
        1,
        1,
        0,
        0,
        0,
        0,
        0,
    ]
    o = r.origins["t4.review.total"]
    assert (o.line, o.text) == (27, "2")


def test_a_row_label_not_found_does_not_carry_the_rows_into_the_next_part(
    tmp_path: Path,
) -> None:
    # （七）合计 printed for （七）总计: the 总计 in table 四's header further on must not be
    # taken for it, which took the rows past 四、结转下年度继续办理 and part 四 with them.
    sample = Path(__file__).parents[2] / "samples" / "示例镇-2024.txt"
    text = sample.read_text("utf-8")
    assert text.count("（七）总计") == 1
    f = tmp_path / "r.txt"
    f.write_text(text.replace("（七）总计", "（七）合计"), encoding="utf-8")
    r = extract(f)
    assert [s.key for s in r.sections] == [
        "overview",
        "proactive_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]
    # the row after it and table 四 are read as printed
    assert [r.cells[f"t3.carried_forward.{c}"] for c in ("natural_person", "total")] == [1, 1]
    assert (r.cells["t4.review.upheld"], r.cells["t4.review.total"]) == (1, 1)
    # the row itself is not read, and says so; its values are not given to another row
    assert not [k for k in r.cells if k.startswith("t3.results.total.")]
    assert not [k for k in r.cells if k.startswith("t3.results.other.other.")]
    assert "表三：未找到以下行：（七）总计" in [f"{p.where}：{p.message}" for p in r.problems]


def test_hypothesis_runs_derandomised() -> None:
    # a property test that fails in CI fails the same way on the next run
    assert settings.default.derandomize is True


# A report's PDF copied into text: the page's furniture stands between the table's rows.
SAMPLE_TXT = "示例镇-2024.txt"


def _sample_lines() -> list[str]:
    return (SAMPLES / SAMPLE_TXT).read_text(encoding="utf-8").split("\n")


def _after_row(lines: list[str], label: str, n: int, furniture: list[str]) -> list[str]:
    """`lines` with `furniture` after the `n` values printed one a line under `label`."""
    at = lines.index(label) + n + 1
    return [*lines[:at], *furniture, *lines[at:]]


def _extract(tmp_path: Path, lines: list[str], suffix: str = ".txt") -> Report:
    path = tmp_path / f"报告{suffix}"
    if suffix == ".html":
        body = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines if ln)
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    else:
        path.write_text("\n".join(lines), encoding="utf-8")
    return extract(path)


HEADINGS = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构"]
HEADINGS += ["社会公益组织", "法律服务机构", "其他"]


@pytest.mark.parametrize("suffix", [".txt", ".html"])
@pytest.mark.parametrize("one_line", [False, True])
def test_table_three_s_headings_printed_again_on_the_next_page_are_not_rows(
    tmp_path: Path, suffix: str, one_line: bool
) -> None:
    # Their 其他 was taken for the row 3.其他, which put the rows of the 2019 format,
    # without 2.申请人逾期未按收费通知…, over the table, and lost the three rows of （六）.
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    headings = [" ".join(HEADINGS)] if one_line else HEADINGS
    got = _extract(tmp_path, _after_row(_sample_lines(), label, 7, ["- 9 -", *headings]), suffix)
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


TITLE = "示例镇人民政府2024年政府信息公开工作年度报告"


def test_the_report_s_title_atop_the_next_page_is_not_a_value(tmp_path: Path) -> None:
    # "2024" of the running title was read as an eighth value of （一）予以公开
    got = _extract(tmp_path, _after_row(_sample_lines(), "（一）予以公开", 7, [TITLE, "- 4 -"]))
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


@pytest.mark.parametrize(
    "line",
    [
        f"{TITLE} - 4 -",
        f"4 {TITLE}",
        f"{TITLE} 第4页 共9页",
        "示例镇人民政府2024年度政府信息公开工作报告",
    ],
)
def test_the_title_with_the_page_s_number_on_its_line_is_not_a_value(
    tmp_path: Path, line: str
) -> None:
    # 2024 and 4 were read as more values of （一）予以公开, which was withheld
    got = _extract(tmp_path, _after_row(_sample_lines(), "（一）予以公开", 7, [line]))
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


def test_a_row_short_of_a_blank_cell_that_took_the_page_number_is_withheld(
    tmp_path: Path,
) -> None:
    # （一）予以公开 printed 5 1 _ 0 0 0 6: its empty cell lost in the copy, the page's
    # number 3 made its seven values up and it was read 5 1 0 0 0 6 3.
    lines = _sample_lines()
    at = lines.index("（一）予以公开")
    assert lines[at + 1 : at + 8] == ["5", "1", "0", "0", "0", "0", "6"]
    lines = [*lines[: at + 3], *lines[at + 4 : at + 8], "3", *lines[at + 8 :]]
    got = _extract(tmp_path, lines)
    row = "t3.results.granted"
    want = {k: v for k, v in sample_cells(SAMPLE_TXT).items() if not k.startswith(row + ".")}
    assert got.cells == want
    assert [p.message for p in got.problems if p.path == row] == [
        "本行合计不符，去掉单独一行的末值“3”即相符：可能漏了空白单元格，“3”可能是页码，"
        "无法确定各列，未取值"
    ]


def test_a_row_of_one_line_short_of_a_blank_cell_before_a_page_number_is_withheld(
    tmp_path: Path,
) -> None:
    # 行政规范性文件 printed 1 _ 3 on its line, the page's number 3 on the next: read
    # 1 | 3 | 3, though 本年废止件数 was empty and 现行有效件数 3. A line wrapped before
    # its last value reads alike, and table 二 has no sum to tell.
    lines = _sample_lines()
    at = lines.index("行政规范性文件")
    assert lines[at + 1 : at + 4] == ["1", "0", "3"]
    lines = [*lines[:at], "行政规范性文件 1 3", "3", *lines[at + 4 :]]
    got = _extract(tmp_path, lines)
    row = "t2.art20_1.normative_documents"
    want = {k: v for k, v in sample_cells(SAMPLE_TXT).items() if not k.startswith(row + ".")}
    assert got.cells == want
    assert [p.message for p in got.problems if p.path == row] == [
        "本行末值“3”单独一行，可能是页码（本行漏了空白单元格），也可能是折行的数值，"
        "无法确定各列，未取值"
    ]


@pytest.mark.parametrize("furniture", [["- 9 -"], ["第 9 页 共 12 页", "续表"]])
def test_the_last_row_of_table_three_goes_on_after_the_page_s_furniture(
    tmp_path: Path, furniture: list[str]
) -> None:
    # 四、结转下年度继续办理 1 0 0 | page break | 0 0 0 1: its values ended at the page
    # number, and the row was short of four
    got = _extract(tmp_path, _after_row(_sample_lines(), "四、结转下年度继续办理", 3, furniture))
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


@pytest.mark.parametrize(
    ("label", "values", "page"),
    [("（一）予以公开", "5 1 0 0 0 0 6", "7"), ("行政许可", "46", "12")],
)
def test_a_page_number_alone_after_a_row_printed_on_its_line_is_left_out(
    tmp_path: Path, label: str, values: str, page: str
) -> None:
    # the row's values on its own line, the page's number alone on the next: the row
    # had one value too many and was withheld
    lines = _sample_lines()
    at = lines.index(label)
    n = len(values.split())
    assert " ".join(lines[at + 1 : at + n + 1]) == values
    got = _extract(tmp_path, [*lines[:at], f"{label} {values}", page, *lines[at + n + 1 :]])
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert [p.message for p in got.problems] == [
        f"本行数值之后单独一行的“{page}”视为页码，未计入本行"
    ]


@pytest.mark.parametrize("page", ["共 12 页，第 3 页", "共12页 第3页"])
def test_a_page_number_printed_with_the_page_count_first_is_no_value(
    tmp_path: Path, page: str
) -> None:
    # its 12 and 3 were read as two more values of （一）予以公开, which was withheld
    got = _extract(tmp_path, _after_row(_sample_lines(), "（一）予以公开", 7, [page]))
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


def test_the_title_atop_a_page_between_a_label_and_its_value_is_not_the_value(
    tmp_path: Path,
) -> None:
    # 行政事业性收费 | title | - 6 - | 0: 本年收费金额 was read as 2024
    got = _extract(tmp_path, _after_row(_sample_lines(), "行政事业性收费", 0, [TITLE, "- 6 -"]))
    assert got.cells["t2.art20_8.admin_fees.fee_amount"] == 0
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


def test_a_last_value_of_0_alone_on_its_line_is_no_page_number(tmp_path: Path) -> None:
    # 行政规范性文件 1 3 with 0 on the next line: no page is numbered 0, so the line is
    # the row wrapped before its last value (or a row as printed), not a page number
    lines = _sample_lines()
    at = lines.index("规章")
    assert lines[at + 1 : at + 4] == ["0", "0", "0"]
    got = _extract(tmp_path, [*lines[:at], "规章 0 0", "0", *lines[at + 4 :]])
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


_KINDS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


@pytest.mark.parametrize(
    ("printed", "told"),
    [
        # the format's header read row by row, with the headings spanning both rows on
        # the lower row's line, or with the note and 申请人情况 before it
        (["自然人", "法人或其他组织", "总计", *_KINDS], T3_IN_ORDER),
        (["法人或其他组织", "自然人", *_KINDS, "总计"], T3_IN_ORDER),
        (["申请人情况", "自然人", "法人或其他组织", "总计", *_KINDS], T3_IN_ORDER),
        # headings missing or printed twice tell nothing, unless 法人's five are shuffled
        (["自然人", "总计", *_KINDS], T3_IN_ORDER),
        (["自然人", "法人或其他组织", "总计", *_KINDS, "自然人"], T3_IN_ORDER),
        (["自然人", "总计", "其他", *_KINDS[:4]], T3_UNKNOWN),
        # another order, one layout only prints so
        (
            ["法人或其他组织", "自然人", "科研机构", "商业企业", *_KINDS[2:], "总计"],
            ("自然人", "科研机构", "商业企业", "社会公益组织", "法律服务机构", "其他", "总计"),
        ),
        (
            ["自然人", "总计", "法人或其他组织", *_KINDS],
            ("自然人", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
        ),
        # 法人或其他组织 first, then 自然人 and 总计: several layouts print so
        (["法人或其他组织", "自然人", "总计", *_KINDS], T3_UNKNOWN),
    ],
)
def test_the_order_of_table_three_columns_is_told_from_its_header(
    printed: list[str], told: tuple[str, ...] | str
) -> None:
    assert t3_printed_columns(printed, "2021") == told
