"""A row of 表二 printed with one value fewer than its columns, in text copied from a
page whose blank cell was lost: 规章 3 27 is 3 | blank | 27 as much as 3 | 2 | 7 with
two digits run together, and 表二 has no sum to tell the two apart. Neither is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.extract import extract

HEAD = (
    "示例镇人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"
    "2024年，示例镇持续做好政府信息公开工作。\n二、主动公开政府信息情况\n"
)

SHORT_ROW = {
    # one cell a line
    "lines": (
        "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
        "规章\n3\n27\n行政规范性文件\n15\n4\n88\n"
    ),
    # cells apart by spaces
    "spaces": (
        "第二十条第（一）项\n信息内容  本年制发件数  本年废止件数  现行有效件数\n"
        "规章  3  27\n行政规范性文件  15  4  88\n"
    ),
}
TAIL = "第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n46\n"
RULES = ("t2.art20_1.rules.issued", "t2.art20_1.rules.repealed", "t2.art20_1.rules.in_force")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ("lines", "本行应有3个数值，只读到2个"),
        (
            "spaces",
            "本行应有3个数值，读到2个（3 27），可能漏了空白单元格，也可能数字连写，"
            "无法确定各列，未取值",
        ),
    ],
)
def test_a_row_short_of_a_value_is_withheld_not_split(
    tmp_path: Path, form: str, message: str
) -> None:
    path = tmp_path / "报告.txt"
    path.write_text(HEAD + SHORT_ROW[form] + TAIL, encoding="utf-8")
    got = extract(path)
    assert [got.cells.get(p) for p in RULES] == [None, None, None]
    assert [
        got.cells[f"t2.art20_1.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")
    ] == [15, 4, 88]
    assert got.cells["t2.art20_5.licensing.decisions"] == 46
    assert [(p.path, p.message) for p in got.problems if p.path == "t2.art20_1.rules"] == [
        ("t2.art20_1.rules", message)
    ]


def test_digits_run_together_in_one_group_are_still_split(tmp_path: Path) -> None:
    # a crawler's run-together page: 规章007 is 0 | 0 | 7, the only way three cells
    # make three digits
    path = tmp_path / "报告.txt"
    text = HEAD + (
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章007行政规范性文件15488\n"
    )
    path.write_text(text + TAIL, encoding="utf-8")
    got = extract(path)
    assert [got.cells.get(p) for p in RULES] == [0, 0, 7]
