"""Layout on hand-written inputs: the shapes real reports take, with exact results."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.blocks import ReadError
from ogi.extract import extract
from ogi.format import edition
from ogi.layout.grid import grid_rows, read_t3
from ogi.model import Report, Section, Source
from ogi.readers import read_file
from ogi.render import render_html, render_markdown, render_text
from tests.shared import pasted_text

ED = edition("2021")


def base_report(**cells: int) -> Report:
    values = {p: 0 for p in ED.cell_paths()}
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return report_of("2021", 2024, values)


def report_of(name: str, year: int, cells: dict[str, int]) -> Report:
    """示例镇's report for `year` in the edition `name`, with `cells` as they are."""
    ed = edition(name)
    return Report(
        source=Source(path="x", sha256="", form="txt"),
        report_year=year,
        agency="示例镇人民政府",
        edition=name,
        table_editions={"t2": name, "t3": name},
        cells=cells,
        sections=[
            Section(key=s.key, ordinal=s.ordinal, title=s.title, text="示例镇本年度的说明。")
            for s in ed.sections
        ],
    )


def write(tmp_path: Path, text: str, name: str = "r.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_run_together_rows_are_split_by_the_row_sum(tmp_path: Path) -> None:
    r = base_report(
        **{
            "t3__new_received__natural_person": 12,
            "t3__new_received__total": 12,
            "t3__results__granted__natural_person": 12,
            "t3__results__granted__total": 12,
            "t3__results__total__natural_person": 12,
            "t3__results__total__total": 12,
        }
    )
    # a crawler's rendering: every line of the table run into one
    lines = pasted_text(r).split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("（本列数据"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开行政复议"))
    text = (
        "\n".join(lines[:start]) + "\n" + "".join(lines[start:end]) + "\n" + "\n".join(lines[end:])
    )
    got = extract(write(tmp_path, text))
    assert got.cells["t3.new_received.natural_person"] == 12
    assert got.cells["t3.new_received.total"] == 12
    assert got.cells["t3.results.granted.total"] == 12
    assert got.cells == r.cells
    # values split out of a run of digits point at that run, on the line it is printed
    o = got.origins["t3.new_received.total"]
    assert (o.line, o.text) == (start + 1, "120000012")
    assert got.origins["t3.carried_over.total"].text == "0000000"


def test_blank_slash_and_none_are_not_zero(tmp_path: Path) -> None:
    html = """<html><body><h1>示例镇人民政府2024年政府信息公开工作年度报告</h1>
    <h2>二、主动公开政府信息情况</h2>
    <table><tr><td colspan="4">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>/</td><td>—</td><td></td></tr>
    <tr><td>行政规范性文件</td><td>3</td><td>无</td><td>12</td></tr></table>
    <h2>三、收到和处理政府信息公开申请情况</h2><p>无。</p></body></html>"""
    got = extract(write(tmp_path, html, "r.html"))
    assert got.cells["t2.art20_1.rules.issued"] is None
    assert got.cells["t2.art20_1.rules.repealed"] is None
    assert got.cells["t2.art20_1.rules.in_force"] is None
    assert got.cells["t2.art20_1.normative_documents.issued"] == 3
    assert got.cells["t2.art20_1.normative_documents.in_force"] == 12
    assert {(c.path, c.text) for c in got.raw} == {
        ("t2.art20_1.rules.issued", "/"),
        ("t2.art20_1.rules.repealed", "-"),
        ("t2.art20_1.normative_documents.repealed", "无"),
    }


def test_traditional_characters_and_half_width_punctuation(tmp_path: Path) -> None:
    r = base_report(**{"t3__results__unable__not_held__total": 0})
    text = render_text(r)
    text = text.replace("（", "(").replace("）", ")").replace("本機關", "本機關")
    text = text.replace("本年新收政府信息公开申请数量", "本年新收政府資訊公開申請數量")
    text = text.replace("3.危及“三安全一稳定”", '3.危及"三安全一稳定"')
    got = extract(write(tmp_path, text))
    assert got.cells == r.cells
    assert got.labels["t3.new_received"] == "本年新收政府資訊公開申請數量"


def test_fee_in_yuan_is_converted_to_wan_yuan(tmp_path: Path) -> None:
    r = base_report()
    text = pasted_text(r).replace("行政事业性收费\n0", "行政事业性收费\n12500元")
    got = extract(write(tmp_path, text))
    assert got.cells["t2.art20_8.admin_fees.fee_amount"] == 1.25
    assert got.units["t2.art20_8.admin_fees.fee_amount"] == "元"


def test_headings_numbered_differently(tmp_path: Path) -> None:
    text = render_text(base_report())
    text = text.replace("一、总体情况", "1、总体情况").replace("五、存在", "（五）存在")
    got = extract(write(tmp_path, text))
    assert [(s.key, s.ordinal) for s in got.sections][:2] == [
        ("overview", "1、"),
        ("proactive_disclosure", "二、"),
    ]
    # （五） is a second-level number, kept as printed for the checker to report
    five = got.section("problems_improvements")
    assert five is not None and (five.ordinal, five.title) == ("（五）", "存在的主要问题及改进情况")


def test_part_five_without_heading_is_found_by_its_place(tmp_path: Path) -> None:
    r = base_report()
    body = "栏目更新不够及时。下一步将建立更新台账，明确责任人和时限。"
    r.sections[4].text = body
    text = render_text(r).replace("五、存在的主要问题及改进情况\n", "")
    got = extract(write(tmp_path, text))
    five = got.section("problems_improvements")
    assert five is not None and (five.ordinal, five.title, five.text) == ("", "", body)
    assert any(p.where == "第五部分" for p in got.problems)


def test_header_cells_wrapped_over_two_lines_belong_to_the_table(tmp_path: Path) -> None:
    text = pasted_text(base_report())
    text = text.replace("\n商业企业\n", "\n商业\n企业\n").replace(
        "\n本年制发件数\n", "\n本年制发\n件数\n"
    )
    got = extract(write(tmp_path, text))
    texts = {s.key: s.text for s in got.sections}
    assert texts["proactive_disclosure"] == texts["applications"] == "示例镇本年度的说明。"


def test_metadata_block_and_dates(tmp_path: Path) -> None:
    text = (
        "索引号: 000000/2025-00001 主题分类: 综合政务 发布机构: 示例镇\n"
        "成文日期: 2025-01-20 文件编号: 有  效  性: 有效\n" + render_text(base_report())
    )
    got = extract(write(tmp_path, text))
    assert got.metadata == {
        "index_number": "000000/2025-00001",
        "topic": "综合政务",
        "issuer": "示例镇",
        "written": "2025-01-20",
        "document_number": None,
        "validity": "有效",
    }
    assert got.published == "2025-01-20"
    assert got.report_year == 2024
    assert got.agency == "示例镇人民政府"


def test_report_from_another_country_is_refused(tmp_path: Path) -> None:
    text = "Annual Report 2024\nFreedom of Information requests received: 120\nGranted: 80\n"
    with pytest.raises(ReadError) as e:
        extract(write(tmp_path, text))
    assert str(e.value) == "没有找到年度报告的表格或章节，可能不是政府信息公开工作年度报告"


@pytest.mark.parametrize("form", ["md", "txt"])
def test_outdated_single_row_other_is_not_read_as_the_2021_row_three(
    tmp_path: Path, form: str
) -> None:
    # A 2022 report with table 三 still in the 2019 edition, its single row （六）其他处理
    # printed short as "（六）其他". Its values are the whole of 其他处理, not 2021's
    # sub-row 3.其他 under （六）: they are not emitted as that row, and the rows not
    # found are said.
    old = edition("2019")
    values = {p: 0 for p in (*ED.cell_paths("t2"), *old.cell_paths("t3"), *ED.cell_paths("t4"))}
    other = [5, 4, 3, 2, 1, 6, 21]
    for col, v in zip(old.t3_columns, other, strict=True):
        values[f"t3.results.other.{col.key}"] = v
    values["t3.new_received.natural_person"] = values["t3.new_received.total"] = 8
    r = base_report().model_copy(
        update={
            "report_year": 2022,
            "cells": values,
            "table_editions": {"t2": "2021", "t3": "2019"},
        }
    )
    text = render_markdown(r) if form == "md" else pasted_text(r)
    assert text.count("（六）其他处理") == 1
    got = extract(write(tmp_path, text.replace("（六）其他处理", "（六）其他"), f"r.{form}"))
    assert got.table_editions["t3"] == "2021"
    assert not [p for p in got.cells if p.startswith("t3.results.other.")]
    assert got.cells["t3.new_received.natural_person"] == 8
    assert got.cells["t3.results.total.total"] == 0
    assert [p.message for p in got.problems if p.where == "表三" and not p.path] == [
        "未找到以下行：1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请、"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请、3.其他"
    ]


def report_2019(year: int, **cells: int) -> Report:
    """示例镇's report for `year` with tables 二 and 三 in the 2019 edition."""
    old = edition("2019")
    values = {p: 0 for p in (*old.cell_paths("t2"), *old.cell_paths("t3"), *ED.cell_paths("t4"))}
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return base_report().model_copy(
        update={
            "report_year": year,
            "cells": values,
            "edition": "2019",
            "table_editions": {"t2": "2019", "t3": "2019"},
        }
    )


# 2019's single row （六）其他处理 with values in every column, and the rows it adds up to
OTHER_2019 = {
    f"t3__{row}__{col}": v
    for row in ("new_received", "results__other", "results__total")
    for col, v in zip(
        ("natural_person", "commercial_enterprise", "research_institution"),
        (5, 4, 3),
        strict=True,
    )
} | {f"t3__{row}__total": 12 for row in ("new_received", "results__other", "results__total")}


@pytest.mark.parametrize("printed", ["（六）其他", "(六)其他"])
@pytest.mark.parametrize("year", [2019, 2020])
@pytest.mark.parametrize("form", ["md", "txt"])
def test_the_2019_single_row_other_printed_short_is_read_in_a_2019_edition_report(
    tmp_path: Path, form: str, year: int, printed: str
) -> None:
    # A 2020 report in the 2019 edition whose row （六）其他处理 is printed "（六）其他":
    # the row was not found, and in a text copy 5.要求行政机关确认或重新出具已获取信息
    # took its values as well and was withheld with it (14 cells). In the year's edition
    # the ordinal （六） and 其他 name one row only.
    r = report_2019(year, **OTHER_2019)
    text = render_markdown(r) if form == "md" else pasted_text(r)
    assert text.count("（六）其他处理") == 1
    got = extract(write(tmp_path, text.replace("（六）其他处理", printed), f"r.{form}"))
    assert got.table_editions["t3"] == "2019"
    cols = [c.key for c in edition("2019").t3_columns]
    assert [got.cells[f"t3.results.other.{c}"] for c in cols] == [5, 4, 3, 0, 0, 0, 12]
    row = "t3.results.not_processed.confirm_or_reissue"
    assert [got.cells[f"{row}.{c}"] for c in cols] == [0, 0, 0, 0, 0, 0, 0]
    assert got.cells == r.cells
    # (the Markdown table's grid does not know the row: the text gives it)
    grid = [("表三", "表格结构中缺少1行，已从正文文字中按行标签读取")] if form == "md" else []
    assert [(p.where, p.message) for p in got.problems] == grid


@pytest.mark.parametrize("form", ["md", "txt"])
def test_table_three_is_read_in_the_edition_it_is_printed_in_whatever_the_year(
    tmp_path: Path, form: str
) -> None:
    # A 2022 report printing 2019's table 三 whole, and a 2020 report printing 2021's: each
    # table is read in the edition it prints, not in the year's, and every cell is read
    old = report_2019(2022, **OTHER_2019)
    new = base_report(**OTHER_HANDLING).model_copy(
        update={"report_year": 2020, "table_editions": {"t2": "2021", "t3": "2021"}}
    )
    for k, (r, printed, year_edition) in enumerate(((old, "2019", "2021"), (new, "2021", "2019"))):
        text = render_markdown(r) if form == "md" else pasted_text(r)
        path = write(tmp_path, text, f"r{k}.{form}")
        got = extract(path)
        assert got.table_editions["t3"] == printed
        assert got.cells == r.cells
        assert [p for p in got.problems if p.where.startswith("表三")] == []
        if form == "md":  # (the pasted text has no grid: its lines are read as text)
            # the table's grid alone, the year's edition tried first, tells it so too
            grid = read_t3(grid_rows(read_file(path)), year_edition)
            assert grid is not None and grid[0].edition == printed


@pytest.mark.parametrize("form", ["md", "txt"])
def test_a_2021_group_other_printed_short_in_a_2020_report_is_not_2019_s_row(
    tmp_path: Path, form: str
) -> None:
    # The same short label over 2021's three rows of other handling in a 2020 report:
    # they are read as the three rows, not as 2019's single row
    r = base_report(**OTHER_HANDLING).model_copy(
        update={"report_year": 2020, "table_editions": {"t2": "2021", "t3": "2021"}}
    )
    text = render_markdown(r) if form == "md" else pasted_text(r)
    assert text.count("（六）其他处理") == 1
    got = extract(write(tmp_path, text.replace("（六）其他处理", "（六）其他"), f"r.{form}"))
    assert got.table_editions["t3"] == "2021"
    assert "t3.results.other.natural_person" not in got.cells
    assert got.cells["t3.results.other.no_correction.natural_person"] == 4
    assert got.cells["t3.results.other.other.total"] == 1
    assert got.cells == r.cells


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("其他对外管理服务", True),
        ("其他对外管理", True),
        # too short to be told from other text: withheld as before
        ("其他对外管", False),
        ("其他对外", False),
    ],
)
@pytest.mark.parametrize("form", ["md", "txt"])
def test_table_two_s_row_other_services_printed_cut_short(
    tmp_path: Path, form: str, printed: str, read: bool
) -> None:
    # 其他对外管理服务事项 printed 其他对外管理服务: the row was not found and its
    # values ran into 行政许可's, both withheld
    r = report_2019(
        2020,
        t2__art20_5__licensing__prev_year_items=6,
        t2__art20_5__licensing__change=-2,
        t2__art20_5__licensing__decisions=15,
        t2__art20_5__other_services__prev_year_items=4,
        t2__art20_5__other_services__change=1,
        t2__art20_5__other_services__decisions=9,
    )
    text = render_markdown(r) if form == "md" else pasted_text(r)
    assert text.count("其他对外管理服务事项") == 1
    got = extract(write(tmp_path, text.replace("其他对外管理服务事项", printed), f"r.{form}"))
    block = "t2.art20_5"
    cols = ("prev_year_items", "change", "decisions")
    if read:
        assert [got.cells[f"{block}.other_services.{c}"] for c in cols] == [4, 1, 9]
        assert [got.cells[f"{block}.licensing.{c}"] for c in cols] == [6, -2, 15]
        assert got.cells == r.cells
        assert got.labels[f"{block}.other_services"] == printed
    else:
        assert not [p for p in got.cells if p.startswith(f"{block}.other_services.")]
        assert "表二：未找到以下行：其他对外管理服务事项" in [
            f"{p.where}：{p.message}" for p in got.problems
        ]


@pytest.mark.parametrize(
    ("label", "printed"),
    [
        ("一、本年新收政府信息公开申请数量", "一、本年新收政府"),
        ("5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认"),
        # shorter, but its ordinal and words begin no other row's label
        ("4.保护第三方合法权益", "4.保护第三方"),
    ],
)
def test_a_row_label_of_table_three_cut_short_is_read(
    tmp_path: Path, label: str, printed: str
) -> None:
    # the first row's label cut short lost the whole table (175 cells); another's, that
    # row and the one above
    r = base_report(**OTHER_HANDLING)
    text = pasted_text(r)
    assert text.count(label + "\n") == 1
    got = extract(write(tmp_path, text.replace(label + "\n", printed + "\n")))
    assert got.cells["t3.new_received.natural_person"] == 5
    assert got.cells["t3.new_received.total"] == 7
    assert got.cells == r.cells
    assert got.problems == []


@pytest.mark.parametrize("typo", [False, True])
@pytest.mark.parametrize("form", ["md", "txt"])
def test_a_block_of_table_two_in_the_other_editions_columns(
    tmp_path: Path, form: str, typo: bool
) -> None:
    # A 2020 report whose table 二 is the 2019 edition's but for 第二十条第（一）项, printed
    # with 2021's columns 本年制发件数 | 本年废止件数 | 现行有效件数: its values were put
    # under 2019's 本年新制作数量 | 本年新公开数量 | 对外公开总数量, in silence. They go
    # under the columns printed now, and the block is said; also where the column names
    # are misprinted (本年制发数 | 本年废止数 | 现行有效数).
    old, new = edition("2019"), ED
    values = {p: 0 for p in (*old.cell_paths("t2"), *old.cell_paths("t3"), *ED.cell_paths("t4"))}
    printed = {"rules": [3, 1, 7], "normative_documents": [2, 0, 9]}
    for row, vals in printed.items():
        for col, v in zip(old.t2_blocks[0].columns, vals, strict=True):
            values[f"t2.art20_1.{row}.{col.key}"] = v
    r = base_report().model_copy(
        update={
            "report_year": 2020,
            "cells": values,
            "edition": "2019",
            "table_editions": {"t2": "2019", "t3": "2019"},
        }
    )
    text = render_markdown(r) if form == "md" else pasted_text(r)
    for a, b in zip(old.t2_blocks[0].columns, new.t2_blocks[0].columns, strict=True):
        assert text.count(a.label) == 1
        text = text.replace(a.label, b.label.replace("件数", "数") if typo else b.label)
    got = extract(write(tmp_path, text, f"r.{form}"))
    assert got.table_editions["t2"] == "2019"
    assert {p: v for p, v in got.cells.items() if p.startswith("t2.art20_1.")} == {
        "t2.art20_1.rules.issued": 3,
        "t2.art20_1.rules.repealed": 1,
        "t2.art20_1.rules.in_force": 7,
        "t2.art20_1.normative_documents.issued": 2,
        "t2.art20_1.normative_documents.repealed": 0,
        "t2.art20_1.normative_documents.in_force": 9,
    }
    assert [(p.where, p.message) for p in got.problems] == [
        (
            "表二 第二十条第（一）项",
            "本部分按2021版格式的列印制（本年制发件数、本年废止件数、现行有效件数），"
            "与表二其余部分（2019版）不同，已按所印的列取值",
        )
    ]


# A 2021 table 三 with values in each of the three rows under （六）其他处理 and its
# totals kept whole
OTHER_HANDLING = {
    "t3__results__other__no_correction__natural_person": 4,
    "t3__results__other__no_correction__total": 4,
    "t3__results__other__fee_unpaid__commercial_enterprise": 2,
    "t3__results__other__fee_unpaid__total": 2,
    "t3__results__other__other__natural_person": 1,
    "t3__results__other__other__total": 1,
    "t3__results__total__natural_person": 5,
    "t3__results__total__commercial_enterprise": 2,
    "t3__results__total__total": 7,
    "t3__new_received__natural_person": 5,
    "t3__new_received__commercial_enterprise": 2,
    "t3__new_received__total": 7,
}


def test_long_row_labels_cut_to_their_first_clause(tmp_path: Path) -> None:
    # A text copy of a 2021-edition table 三 whose two long rows under （六）其他处理 are
    # printed with their first clause only (1.申请人无正当理由逾期不补正). The table was
    # taken for the 2019 edition, whose single row 其他处理 then had 21 values, and the
    # 21 values of the three rows were not read. The first clause names the row.
    r = base_report(**OTHER_HANDLING)
    text = pasted_text(r)
    for key in ("results.other.no_correction", "results.other.fee_unpaid"):
        row = ED.row("t3", key)
        assert row is not None and text.count(row.label) == 1
        text = text.replace(row.label, row.label.split("、")[0])
    assert "1.申请人无正当理由逾期不补正\n" in text
    got = extract(write(tmp_path, text))
    assert got.table_editions["t3"] == "2021"
    assert got.cells["t3.results.other.no_correction.natural_person"] == 4
    assert got.cells["t3.results.other.fee_unpaid.commercial_enterprise"] == 2
    assert got.cells["t3.results.other.other.total"] == 1
    assert got.cells == r.cells
    assert got.problems == []


@pytest.mark.parametrize("form", ["md", "html"])
def test_sub_row_three_printed_with_the_wording_of_its_group(tmp_path: Path, form: str) -> None:
    # A 2021-edition table 三 whose row 3.其他 is printed "3.其他处理": the label named
    # the group （六）其他处理, so the table was taken for the 2019 edition and the row's
    # values came out as 2019's single row 其他处理 (the whole of other handling, of
    # which they are one part), the two rows above not read, nothing said. A label
    # numbered 1.…8. does not name a row numbered （一）…（七）.
    r = base_report(**OTHER_HANDLING)
    row = ED.row("t3", "results.other.other")
    group = ED.row("t3", "results.other")
    assert row is not None and group is not None
    text = render_markdown(r) if form == "md" else render_html(r)
    cell = f"| {row.label} |" if form == "md" else f">{row.label}<"
    assert text.count(cell) == 1
    text = text.replace(cell, cell.replace(row.label, row.ordinal + group.text))
    assert "3.其他处理" in text
    got = extract(write(tmp_path, text, f"r.{form}"))
    assert got.table_editions["t3"] == "2021"
    assert "t3.results.other.natural_person" not in got.cells
    assert got.cells["t3.results.other.other.natural_person"] == 1
    assert got.cells["t3.results.other.no_correction.natural_person"] == 4
    assert got.cells == r.cells


@pytest.mark.parametrize("form", ["md", "txt"])
def test_a_2019_block_in_a_2021_table_two_keeps_its_own_rows(tmp_path: Path, form: str) -> None:
    # A 2022 table 二 whose 第二十条第（五）项 is still 2019's: three columns and the row
    # 其他对外管理服务事项, which 2021 does not have. The block is read in its columns,
    # that row too: it was not read, and in a text copy its values ran into 行政许可's.
    old = edition("2019")
    printed = {"licensing": [6, -2, 15], "other_services": [4, 1, 9]}
    values = {p: 0 for p in old.cell_paths("t2")}
    for row, vals in printed.items():
        for col, v in zip(old.t2_blocks[1].columns, vals, strict=True):
            values[f"t2.art20_5.{row}.{col.key}"] = v
    r19 = base_report().model_copy(
        update={"report_year": 2020, "cells": values, "table_editions": {"t2": "2019"}}
    )
    r21 = base_report().model_copy(update={"report_year": 2022})
    render = render_markdown if form == "md" else pasted_text
    block, after = ED.t2_blocks[1].label, ED.t2_blocks[2].label

    def part(text: str) -> tuple[int, int]:
        lines = text.split("\n")
        a = next(i for i, ln in enumerate(lines) if block in ln)
        b = next(i for i, ln in enumerate(lines) if after in ln)
        return a, b

    lines19, lines21 = render(r19).split("\n"), render(r21).split("\n")
    a19, b19 = part(render(r19))
    a21, b21 = part(render(r21))
    text = "\n".join(lines21[:a21] + lines19[a19:b19] + lines21[b21:])
    got = extract(write(tmp_path, text, f"r.{form}"))
    assert got.table_editions["t2"] == "2021"
    assert {p: v for p, v in got.cells.items() if p.startswith("t2.art20_5.")} == {
        "t2.art20_5.licensing.prev_year_items": 6,
        "t2.art20_5.licensing.change": -2,
        "t2.art20_5.licensing.decisions": 15,
        "t2.art20_5.other_services.prev_year_items": 4,
        "t2.art20_5.other_services.change": 1,
        "t2.art20_5.other_services.decisions": 9,
    }
    assert [(p.where, p.message) for p in got.problems] == [
        (
            "表二 第二十条第（五）项",
            "本部分按2019版格式的列印制（上一年项目数量、本年增/减、处理决定数量），"
            "与表二其余部分（2021版）不同，已按所印的列取值",
        )
    ]
