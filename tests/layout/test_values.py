"""Reading the cells between two labels."""

from __future__ import annotations

from ogi.layout.values import parse_fragment, worded


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


def doubts(text: str, whole: bool) -> list[tuple[str, str, str | None]]:
    chunks, _ = parse_fragment(text, 0, whole, [])
    return [(c.kind, c.text, c.doubt) for c in chunks]


def test_a_note_mark_after_a_number_is_not_a_digit() -> None:
    # NFKC would make 18① and 18¹ into 181
    for printed in ("18①", "18¹", "18*", "18⑴", "18❶", "18 ①", "18¹²"):
        want = [("raw", printed, f"单元格印有注释标记：{printed}，未取数")]
        assert doubts(printed, True) == want
    assert doubts("１８①", True) == [("raw", "18①", "单元格印有注释标记：18①，未取数")]
    # in a line of run-together text too
    assert doubts("行政处罚18①行政强制0", False) == [
        ("raw", "18①", "单元格印有注释标记：18①，未取数"),
        ("num", "0", None),
    ]
    assert doubts("行政处罚 18¹ 行政强制 0", False)[0] == (
        "raw",
        "18¹",
        "单元格印有注释标记：18¹，未取数",
    )


def test_a_circled_number_before_a_label_is_not_a_mark() -> None:
    # ① 行政许可: the enumerator of the next label, not a mark on 10
    assert kinds("10 ① 行政许可 46", False)[0] == ("num", "10")
    _, other = parse_fragment("①自然人", 0, True, [])
    assert other == "1自然人"


def test_a_number_like_cell_is_doubted_and_a_placeholder_is_not() -> None:
    assert doubts("1,2", True) == [("raw", "1,2", "单元格印有的不是单纯的数字：1,2，未取数")]
    assert doubts("18a", True) == [("raw", "18a", "单元格印有的不是单纯的数字：18a，未取数")]
    for placeholder in ("/", "—", "无", "*", "×"):
        assert [d for _, _, d in doubts(placeholder, True)] == [None]


def test_digits_of_other_scripts_and_number_signs_are_not_read_as_digits() -> None:
    # NFKC and int() would read each of these as a plain number
    for printed in ("①", "٣", "𝟓", "⑽", "½", "٣٤", "1٣"):
        want = [("raw", printed, f"单元格印有的不是单纯的数字：{printed}，未取数")]
        assert doubts(printed, True) == want, printed
    # a superscript alone is a mark
    assert doubts("²", True) == [("raw", "²", "单元格印有注释标记：²，未取数")]
    # full-width digits are digits
    assert doubts("１２", True) == [("num", "12", None)]
    # in run-together text they stand for nothing: no number is made of them or of the
    # digits they touch
    assert kinds("行政许可 ٣٤ 行政处罚 5", False) == [("num", "5")]
    assert kinds("行政许可 1٣ 行政处罚 5", False) == [("num", "5")]
    # a label with a circled enumerator is still a label
    assert parse_fragment("①自然人", 0, True, []) == ([], "1自然人")


def test_a_cell_with_ink_nothing_could_be_read_of_is_withheld() -> None:
    # (U+FFFD is what the OCR reader gives such a cell: `ogi.blocks.UNREAD`)
    assert doubts("\ufffd", True) == [("raw", "\ufffd", "单元格有字迹但未能识别，未取数")]


def test_a_number_with_a_character_nobody_could_read_is_withheld() -> None:
    # a PDF glyph whose font names no character (U+FFFD for it) in 176: not 16
    for printed in ("1\ufffd6", "\ufffd2", "5\ufffd"):
        want = [("raw", printed, f"单元格中的数字有未能识别的字符：{printed}，未取数")]
        assert doubts(printed, True) == want, printed


def test_a_comma_groups_thousands_only_in_groups_of_three() -> None:
    # a typist in full-width mode writes 1，246; NFKC makes it 1,246
    for whole, alone in ((True, False), (False, True)):
        for printed, number in (("1，246", "1246"), ("1,246", "1246"), ("1，246，000", "1246000")):
            chunks, _ = parse_fragment(printed, 0, whole, [], alone)
            assert [(c.kind, c.text) for c in chunks] == [("num", number)]
        for printed in ("12，46", "1，2464", "1，", "，246", "0，246", "1、246", "12,46"):
            chunks, _ = parse_fragment(printed, 0, whole, [], alone)
            assert [(c.kind, c.text, c.doubt) for c in chunks] == [
                ("raw", printed, f"单元格印有的不是单纯的数字：{printed}，未取数")
            ]


def test_a_line_of_numbers_listed_by_commas_is_several_numbers() -> None:
    # a row copied with its cells joined by commas
    chunks, _ = parse_fragment("1,0,3", 0, False, [], alone=True)
    assert [(c.kind, c.text) for c in chunks] == [("num", "1"), ("num", "0"), ("num", "3")]
    # in run-together text a comma separates, whatever it groups
    assert kinds("行政许可1,246行政处罚", False) == [("num", "1"), ("num", "246")]


def test_words_that_qualify_a_number_stay_with_it_in_run_together_text() -> None:
    # stripping the label text around them would leave the bare 18
    assert doubts("行政处罚约18行政强制0", False) == [
        ("raw", "约18", "单元格印有的不是单纯的数字：约18，未取数"),
        ("num", "0", None),
    ]
    assert doubts("行政处罚 18注 行政强制 0", False)[0] == (
        "raw",
        "18注",
        "单元格印有注释标记：18注，未取数",
    )
    assert doubts("行政处罚18（注1）行政强制0", False)[0] == (
        "raw",
        "18（注1）",
        "单元格印有注释标记：18（注1），未取数",
    )
    # a footnote after the last value is no mark on it
    assert kinds("0 0 1注：本表为示例", False) == [("num", "0"), ("num", "0"), ("num", "1")]


def test_a_whole_line_of_words_around_one_number_is_not_read() -> None:
    for printed in ("18份", "共18", "18人次"):
        chunks, _ = parse_fragment(printed, 0, False, [], alone=True)
        assert [(c.kind, c.text, c.doubt) for c in chunks] == [
            ("raw", printed, f"单元格印有的不是单纯的数字：{printed}，未取数")
        ]
    # a label: an ordinal before its words, a circled enumerator, or longer words
    for label in ("3.其他", "2、重复申请", "(1)予以公开", "①自然人", "1本机关不掌握相关政府信息"):
        assert worded(label, 0) is None, label
    got = worded("共18", 0)
    assert got is not None
    assert (got.kind, got.text, got.doubt) == (
        "raw",
        "共18",
        "单元格印有的不是单纯的数字：共18，未取数",
    )


def test_a_value_with_an_unseen_digit_is_not_read() -> None:
    [chunk], _ = parse_fragment("467\u0337", 0, True, [])
    assert (chunk.kind, chunk.text, chunk.doubt) == (
        "raw",
        "46",
        "单元格中有看不见的文字“7”（以白色或极小字号印出，或在页面显示范围之外），未取数",
    )


def test_a_worded_value_with_an_unseen_digit_is_one_doubt() -> None:
    chunk = worded("46件7\u0337", 0)
    assert chunk is not None
    assert (chunk.kind, chunk.text, chunk.doubt) == (
        "raw",
        "46件",
        "单元格中有看不见的文字“7”（以白色或极小字号印出，或在页面显示范围之外），未取数",
    )


def test_unseen_chars_in_a_cell_without_digits_are_left_out() -> None:
    [chunk], _ = parse_fragment("/\u0337无", 0, True, [])
    assert (chunk.kind, chunk.text, chunk.doubt) == ("raw", "无", None)


def test_a_value_struck_through_is_not_read() -> None:
    [chunk], _ = parse_fragment("9\u03360\u033689", 0, True, [])
    assert (chunk.kind, chunk.doubt) == ("raw", "单元格中有删除线划去的内容：9̶0̶89，未取数")


def test_digits_printed_turned_against_the_page_are_not_read() -> None:
    # 10 turned a quarter on an upright page: read upright, its digits come as 01
    [chunk], _ = parse_fragment("0\u03381\u0338", 0, True, [])
    assert (chunk.kind, chunk.text, chunk.doubt) == (
        "raw",
        "01",
        "单元格中的数字“01”与页面其余文字方向不同（转向印出），未取数",
    )
