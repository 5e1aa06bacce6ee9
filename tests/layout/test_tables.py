"""The token-stream reading (forms without table structure): prose is not a source of
values, digits run together are split by the table's own arithmetic and signs."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import settings

from ogi.blocks import Block, Document
from ogi.extract import extract
from ogi.format import edition
from ogi.layout import build_report, furniture_tokens, prose_tokens
from ogi.layout.specs import T3_IN_ORDER, T3_UNKNOWN, t3_printed_columns
from ogi.layout.stream import Stream
from ogi.layout.tables import TableReader
from ogi.model import Report
from tests.layout.test_forms import base_report, report_of
from tests.shared import SAMPLES, pasted_text, sample_cells, sample_cells_without


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


@pytest.mark.parametrize(
    "margins",
    [
        # Chromium's header and footer, on one line each, apart by runs of spaces
        [f"12/2/26, 9:51 AM   {TITLE}", "file:///D:/下载/示例镇-2024.html   2/4"],
        # each on a line of its own, a Chinese clock
        ["2025/1/20 下午3:05", TITLE, "https://www.example.gov.cn/art/2025/1/18/art_1.html", "2/4"],
        # the title and the address atop, the page count and the clock below
        [
            f"{TITLE}   https://www.example.gov.cn/art/2025/1/18/art_1.html",
            "第 2 页，共 4 页   2025/1/20 15:05",
        ],
        ["Page 2 of 4   1/20/25, 3:05 PM"],
    ],
)
def test_what_a_browser_prints_in_a_page_s_margins_is_no_value(
    tmp_path: Path, margins: list[str]
) -> None:
    # a web page printed with the browser's headers and footers, copied into text: the
    # clock, the page count and the title's year were read as more values of （一）予以公开
    # (5 1 0 0 0 0 6 9 51 2024 / /), which was withheld
    got = _extract(tmp_path, _after_row(_sample_lines(), "（一）予以公开", 7, margins))
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


def test_lines_with_a_clock_or_an_address_among_other_text_are_not_margins() -> None:
    lines = [
        "会议于2024/1/5 10:00召开。",
        "2024/1/5 10:00 召开全镇政务公开工作会议，部署全年工作。",
        "发布时间：  2025-01-18 10:30",
        "网址：https://www.example.gov.cn",
        "规章  0  0  0",
        "10:30",
        f"12/2/26, 9:51 AM   {TITLE}",
        "https://www.example.gov.cn/a.html   3/4",
    ]
    s = Stream(lines_doc(lines))
    assert furniture_tokens(s) == {6, 7}


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
    want = sample_cells_without(SAMPLE_TXT, row + ".")
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
    want = sample_cells_without(SAMPLE_TXT, row + ".")
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


# The sample's lines after which a copy of its PDF prints a page's number bare: the end
# of 一、总体情况, and the sentence that opens 三 (or 四).
OVERVIEW_END = "（五）监督保障。"
PART_THREE = "本年度新收政府信息公开申请12件"
PART_FOUR = "本年度因政府信息公开工作被申请行政复议1件"


def _paged(lines: list[str], pages: dict[str, str]) -> list[str]:
    """`lines` with each page number of `pages` on a line of its own after the line that
    begins with its key."""
    out = []
    for ln in lines:
        out.append(ln)
        out += [page for start, page in pages.items() if ln.startswith(start)]
    return out


def _rules(values: list[str], page: str) -> list[str]:
    """表二's 规章 printed one cell a line with `values` and then `page`."""
    lines = _sample_lines()
    at = lines.index("规章")
    assert lines[at + 1 : at + 4] == ["0", "0", "0"]
    return [*lines[: at + 1], *values, page, *lines[at + 4 :]]


@pytest.mark.parametrize("form", ["{}", "— {} —", "第{}页"])
def test_a_page_number_the_others_tell_is_no_value_of_a_row_that_lost_a_blank_cell(
    tmp_path: Path, form: str
) -> None:
    # 规章 printed 0 0 _ one cell a line, the page's number 4 after it, the pages before
    # and after it numbered 3 and 5 between paragraphs: it was read 0 | 0 | 4
    pages = {OVERVIEW_END: form.format(3), PART_THREE: form.format(5)}
    lines = _paged(_rules(["0", "0"], "4"), pages)
    got = _extract(tmp_path, lines)
    row = "t2.art20_1.rules"
    want = sample_cells_without(SAMPLE_TXT, row + ".")
    assert got.cells == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表二 规章（第24行）",
            row,
            "本行应有3个数值，只读到2个（本行单独一行的“4”按前后页码是页码，未计入本行）："
            "可能漏了空白单元格，无法确定各列，未取值",
        )
    ]


def test_a_page_number_the_others_tell_after_a_whole_row_is_left_out(tmp_path: Path) -> None:
    # 规章 0 0 0 and the page's number 4: the row had four values and was withheld
    lines = _paged(_rules(["0", "0", "0"], "4"), {OVERVIEW_END: "3", PART_THREE: "5"})
    got = _extract(tmp_path, lines)
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


def test_table_four_short_of_a_blank_cell_before_a_page_number_the_others_tell_is_withheld(
    tmp_path: Path,
) -> None:
    # 表四 printed 1 0 0 0 1 | 0 _ 0 0 0 | 0 0 0 0 0 one cell a line, the page's number 4
    # after it, pages 3 and 5 numbered after the sentence that opens 三 and at the end
    lines = _sample_lines()
    at = lines.index("五、存在的主要问题及改进情况")
    assert lines[at - 15 : at] == ["1", "0", "0", "0", "1", *["0"] * 10]
    lines = [*lines[: at - 9], *lines[at - 8 : at], "4", *lines[at:]]
    while not lines[-1]:
        lines.pop()
    got = _extract(tmp_path, _paged([*lines, "5"], {PART_THREE: "3"}))
    want = sample_cells_without(SAMPLE_TXT, "t4.")
    assert got.cells == want
    assert [(p.path, p.message) for p in got.problems] == [
        (
            "t4",
            "本行应有15个数值，只读到14个（本行单独一行的“4”按前后页码是页码，未计入本行）："
            "可能漏了空白单元格，无法确定各列，未取值",
        )
    ]


def test_a_last_value_that_may_be_the_page_number_the_others_tell_is_withheld(
    tmp_path: Path,
) -> None:
    # pages 2 and 4 around 表二, the page's number 3 after 规章 0 0 _: 行政规范性文件's
    # last value is a 3 alone on its line too, and which of the two is the page's number
    # nothing tells. 规章 was read 0 | 0 | 3; both rows are withheld.
    lines = _paged(_rules(["0", "0"], "3"), {OVERVIEW_END: "2", PART_THREE: "4"})
    got = _extract(tmp_path, lines)
    rows = ["t2.art20_1.rules", "t2.art20_1.normative_documents"]
    want = sample_cells_without(SAMPLE_TXT, *(r + "." for r in rows))
    assert got.cells == want
    doubt = (
        "本行末值“3”单独一行，按前后页码可能是第3页的页码（本行漏了空白单元格），"
        "也可能是本行的数值，无法确定各列，未取值"
    )
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        ("表二 规章（第24行）", rows[0], doubt),
        ("表二 行政规范性文件（第28行）", rows[1], doubt),
    ]


def test_page_numbers_in_the_tables_before_the_first_one_between_paragraphs_are_told(
    tmp_path: Path,
) -> None:
    # pages 2 and 3 numbered inside the tables, page 4 after the sentence that opens
    # 四: 规章 0 0 _ took the page's number 2 and was read 0 | 0 | 2. 2 is also
    # 上年结转's last value, whose sum settles it as the row's; 行政规范性文件's last
    # value 3 may be page 3's number as well as the 3 after （一）予以公开.
    lines = _paged(_rules(["0", "0"], "2"), {PART_FOUR: "4"})
    lines = _after_row(lines, "（一）予以公开", 7, ["3"])
    got = _extract(tmp_path, lines)
    rows = ["t2.art20_1.rules", "t2.art20_1.normative_documents", "t3.results.granted"]
    want = sample_cells_without(SAMPLE_TXT, *(r + "." for r in rows))
    assert got.cells == want
    assert [(p.path, p.message) for p in got.problems] == [
        (
            rows[0],
            "本行末值“2”单独一行，按前后页码可能是第2页的页码（本行漏了空白单元格），"
            "也可能是本行的数值，无法确定各列，未取值",
        ),
        (
            rows[1],
            "本行末值“3”单独一行，按前后页码可能是第3页的页码（本行漏了空白单元格），"
            "也可能是本行的数值，无法确定各列，未取值",
        ),
        (rows[2], "本行应有7个数值，读到8个（5 1 0 0 0 0 6 3），无法确定各列，未取值"),
    ]


def test_page_numbers_in_the_tables_after_the_last_one_between_paragraphs_are_told(
    tmp_path: Path,
) -> None:
    # page 2 numbered after 一、总体情况, pages 3 and 4 inside the tables, no number after
    # a paragraph later: 规章 0 0 _ took the page's number 3 and was read 0 | 0 | 3, and
    # （一）予以公开 was withheld with the page's number 4 as an eighth value. Page 4's
    # number is the only line that can be; page 3's may be 规章's last value or
    # 行政规范性文件's.
    lines = _paged(_rules(["0", "0"], "3"), {OVERVIEW_END: "2"})
    lines = _after_row(lines, "（一）予以公开", 7, ["4"])
    got = _extract(tmp_path, lines)
    rows = ["t2.art20_1.rules", "t2.art20_1.normative_documents"]
    want = sample_cells_without(SAMPLE_TXT, *(r + "." for r in rows))
    assert got.cells == want
    doubt = (
        "本行末值“3”单独一行，按前后页码可能是第3页的页码（本行漏了空白单元格），"
        "也可能是本行的数值，无法确定各列，未取值"
    )
    assert [(p.path, p.message) for p in got.problems] == [(rows[0], doubt), (rows[1], doubt)]


def _report_2020(cells: dict[str, int]) -> Report:
    """示例镇's report for 2020, in the 2019 edition, with `cells`."""
    return report_of("2019", 2020, cells)


# A page break that cut a row's label in two: the page's furniture between its halves
PAGE_BREAKS = [["— 3 —"], [TITLE, "- 3 -"], ["第 3 页 共 9 页", "续表"]]


def _cut(lines: list[str], label: str, at: int, furniture: list[str], values: int = 0) -> list[str]:
    """`lines` with `label` printed in two halves cut at `at`, `furniture` between them,
    and its first `values` values printed on the line of its second half."""
    i = lines.index(label)
    tail = " ".join([label[at:], *lines[i + 1 : i + 1 + values]])
    return [*lines[:i], label[:at], *furniture, tail, *lines[i + 1 + values :]]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
@pytest.mark.parametrize("furniture", PAGE_BREAKS)
@pytest.mark.parametrize(
    ("label", "at"),
    [
        ("行政规范性文件", 4),  # 表二
        ("一、本年新收政府信息公开申请数量", 8),  # 表三's first row
        ("（三）不予公开", 5),  # a group's label
        ("2.重复申请", 4),
        ("（七）总计", 4),  # 总计 is printed again in 表四's header
        ("行政复议", 2),  # 表四's first header cell
    ],
)
def test_a_row_label_cut_by_a_page_break_is_read_whole(
    tmp_path: Path, suffix: str, furniture: list[str], label: str, at: int
) -> None:
    # 2.重复 | — 3 — | 申请 0 … : the row and the one before it were withheld, named
    # only as rows not found (表四 as a table not found)
    got = _extract(tmp_path, _cut(_sample_lines(), label, at, furniture), suffix)
    assert got.cells == sample_cells(SAMPLE_TXT)
    assert got.problems == []


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_cut_label_s_row_and_the_one_before_read_their_own_values(
    tmp_path: Path, suffix: str
) -> None:
    lines = _cut(_sample_lines(), "2.重复申请", 4, ["— 3 —"], values=7)
    assert "申请 1 0 0 0 0 0 1" in lines
    got = _extract(tmp_path, lines, suffix)
    cols = ["natural_person", "commercial_enterprise", "research_institution"]
    cols += ["social_welfare_org", "legal_service_org", "other_org", "total"]
    row = "t3.results.not_processed"
    assert [got.cells[f"{row}.duplicate.{c}"] for c in cols] == [1, 0, 0, 0, 0, 0, 1]
    assert [got.cells[f"{row}.petition_complaint.{c}"] for c in cols] == [0, 0, 0, 0, 0, 0, 0]
    # the label as printed, without the page's number between its halves
    assert got.labels[f"{row}.duplicate"] == "重复申请"
    assert got.problems == []


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("values", [0, 3])
def test_a_2019_row_of_table_two_cut_by_a_page_break_is_read(
    tmp_path: Path, suffix: str, values: int
) -> None:
    # 其他对外管理服务事 | — 3 — | 项 4 1 9 in a 2020 report: the row and 行政许可
    # above it were withheld
    old, new = edition("2019"), edition("2021")
    cells = {p: 0 for p in (*old.cell_paths("t2"), *old.cell_paths("t3"), *new.cell_paths("t4"))}
    printed = {"licensing": [6, -2, 15], "other_services": [4, 1, 9]}
    for row, vals in printed.items():
        for col, v in zip(old.t2_blocks[1].columns, vals, strict=True):
            cells[f"t2.art20_5.{row}.{col.key}"] = v
    report = _report_2020(cells)
    lines = _cut(pasted_text(report).split("\n"), "其他对外管理服务事项", 9, ["— 3 —"], values)
    got = _extract(tmp_path, lines, suffix)
    block = "t2.art20_5"
    cols = ("prev_year_items", "change", "decisions")
    assert [got.cells[f"{block}.licensing.{c}"] for c in cols] == [6, -2, 15]
    assert [got.cells[f"{block}.other_services.{c}"] for c in cols] == [4, 1, 9]
    assert got.cells == cells
    assert got.problems == []


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_table_four_short_of_a_blank_cell_that_took_the_page_number_is_withheld(
    tmp_path: Path, suffix: str
) -> None:
    # 表四 printed one cell a line, 1 0 0 0 1 | 0 _ 0 0 0 | 0 0 0 0 0: its empty cell lost
    # in the copy, the page's number 3 below made its fifteen values up and it was read
    # with 3 for 复议后起诉's 总计, though that group's sum fails with it and holds with
    # the blank put back
    lines = _sample_lines()
    at = lines.index("五、存在的主要问题及改进情况")
    assert lines[at - 15 : at] == ["1", "0", "0", "0", "1", *["0"] * 10]
    lines = [*lines[: at - 9], *lines[at - 8 : at], "3", *lines[at:]]
    got = _extract(tmp_path, lines, suffix)
    want = sample_cells_without(SAMPLE_TXT, "t4.")
    assert got.cells == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表四（第300行）",
            "t4",
            "表内合计不符，去掉单独一行的末值“3”、补回一个空白单元格即相符：可能漏了空白单元格，"
            "“3”可能是页码，无法确定各栏，未取值",
        )
    ]


def test_table_four_one_cell_a_line_whose_sums_hold_is_read_with_its_last_value(
    tmp_path: Path,
) -> None:
    # the same last value where the table adds up: 复议后起诉 1 0 0 0 1 is its row
    lines = _sample_lines()
    at = lines.index("五、存在的主要问题及改进情况")
    lines = [*lines[: at - 5], "1", "0", "0", "0", "1", *lines[at:]]
    got = _extract(tmp_path, lines)
    assert [got.cells[f"t4.litigation.after_review.{c}"] for c in ("upheld", "total")] == [1, 1]
    assert got.problems == []


def test_a_row_short_of_a_blank_cell_whose_page_number_doubles_its_total_is_withheld(
    tmp_path: Path,
) -> None:
    # （一）予以公开 printed 5 1 _ 0 0 0 6 with the page's number 12 below: its sum holds
    # with 12 (5+1+0+0+0+6) as well as without it, and it was read 5 1 0 0 0 6 12. The
    # columns 其他 and 总计 fail with it and hold with the blank put back.
    lines = _sample_lines()
    at = lines.index("（一）予以公开")
    assert lines[at + 1 : at + 8] == ["5", "1", "0", "0", "0", "0", "6"]
    lines = [*lines[: at + 3], *lines[at + 4 : at + 8], "12", *lines[at + 8 :]]
    got = _extract(tmp_path, lines)
    row = "t3.results.granted"
    want = sample_cells_without(SAMPLE_TXT, row + ".")
    assert got.cells == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        (
            "表三 （一）予以公开（第77行）",
            row,
            "本行合计相符，但本表有的列合计不符，去掉本行单独一行的末值“12”、"
            "补回一个空白单元格可使其相符：可能漏了空白单元格，“12”可能是页码，"
            "无法确定各列，未取值",
        )
    ]
    assert got.problems[0].origin is not None and got.problems[0].origin.line == 84


def test_a_row_whose_sum_holds_both_ways_and_whose_columns_add_up_is_read(
    tmp_path: Path,
) -> None:
    # 1 0 0 0 0 1 2 one cell a line: 2 could be a page's number by the row alone, but the
    # table's columns add up with it
    r = base_report(
        **{
            f"t3__{row}__{col}": v
            for row in ("new_received", "results__granted", "results__total")
            for col, v in (("natural_person", 1), ("other_org", 1), ("total", 2))
        }
    )
    got = _extract(tmp_path, pasted_text(r).split("\n"))
    cols = ("natural_person", "other_org", "total")
    assert [got.cells[f"t3.results.granted.{c}"] for c in cols] == [1, 1, 2]
    assert got.cells == r.cells
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
