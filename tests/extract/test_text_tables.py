"""Tables of text copies as Chinese input methods and converters type them: a pipe
table with full-width bars, and table 四 printed with a second row of values."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.extract import extract
from tests.shared import SAMPLES, sample_cells

T4_ROW = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"


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
    path = tmp_path / "报告.md"
    path.write_text(text, encoding="utf-8")
    got = extract(path)
    assert got.cells == sample_cells("示例镇-2024.md")
    assert "联系电话｜0000-0000000" in got.text


def test_table_four_with_two_rows_of_values_is_withheld(tmp_path: Path) -> None:
    # last year's row typed under this year's
    last_year = "| 2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |\n"
    path = tmp_path / "报告.md"
    path.write_text(_sample_md().replace(T4_ROW, T4_ROW + last_year), encoding="utf-8")
    got = extract(path)
    want = {k: v for k, v in sample_cells("示例镇-2024.md").items() if not k.startswith("t4.")}
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
    path = tmp_path / "报告.md"
    path.write_text(text, encoding="utf-8")
    got = extract(path)
    assert got.cells == sample_cells("示例镇-2024.md")


def test_rows_of_table_two_lost_with_their_heading_are_named(tmp_path: Path) -> None:
    # the heading 第二十条第（一）项 lost in the copy: its two rows cannot be placed
    text = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
    assert text.count("第二十条第（一）项\n") == 1
    path = tmp_path / "报告.txt"
    path.write_text(text.replace("第二十条第（一）项\n", ""), encoding="utf-8")
    got = extract(path)
    assert not any(k.startswith("t2.art20_1.") for k in got.cells)
    assert [(p.where, p.path, p.message) for p in got.problems] == [
        ("表二", None, "未找到以下行：规章、行政规范性文件")
    ]
