"""Reading the cells between two labels."""

from __future__ import annotations

from ogi.layout.values import parse_fragment


def kinds(text: str, whole: bool) -> list[tuple[str, str]]:
    chunks, _ = parse_fragment(text, 0, whole, ["本年增/减"])
    return [(c.kind, c.text) for c in chunks]


def test_whole_cells() -> None:
    assert kinds(" 0", True) == [("num", "0")]
    assert kinds("", True) == [("blank", "")]
    assert kinds("/", True) == [("raw", "/")]
    assert kinds("—", True) == [("raw", "-")]
    assert kinds("无", True) == [("raw", "无")]
    assert kinds("１２", True) == [("num", "12")]
    # a header cell with a digit is not a value
    assert kinds("数据1", True) == []


def test_number_with_note_and_unit() -> None:
    chunks, _ = parse_fragment("22（其中修订16件）", 0, True, [])
    assert (chunks[0].text, chunks[0].note) == ("22", "其中修订16件")
    chunks, _ = parse_fragment("73802895.90元", 0, True, [])
    assert (chunks[0].text, chunks[0].unit) == ("73802895.90", "元")


def test_fragments_of_run_together_text() -> None:
    assert kinds("8100009（三）不予公开 ", False) == [("num", "8100009")]
    assert kinds("4 0 0 0 0 0 4", False) == [("num", "4"), ("num", "0")] + [("num", "0")] * 3 + [
        ("num", "0"),
        ("num", "4"),
    ]
    assert kinds("2648-18538本年增/减", False) == [("num", "2648"), ("num", "-18538")]


def test_a_count_with_its_measure_word_is_a_number() -> None:
    assert kinds("3件", True) == [("num", "3")]
    assert kinds("12 项", True) == [("num", "12")]
    chunks, _ = parse_fragment("3件", 0, True, [])
    assert chunks[0].unit is None
    # a measure word alone, or before the number, is text
    assert kinds("件", True) == []
    assert kinds("共3", True) == []
