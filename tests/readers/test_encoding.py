"""Text refused as binary: the count of control and replacement characters it holds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.blocks import ReadError
from ogi.readers.encoding import binary_characters, decode

# what `binary_characters` counts, as a character class
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def test_control_and_replacement_characters_are_counted_and_the_rest_not() -> None:
    assert binary_characters("行政许可\t46\r\n") == 0
    assert binary_characters("\x00\x08\x0e\x1f\ufffd") == 5
    assert binary_characters("\x09\x0a\x0b\x0c\x0d\x20\x7f") == 0
    assert binary_characters("表\x00格\udc80") == 1  # (a lone surrogate is no control)


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40))
def test_the_count_is_the_character_class_s(text: str) -> None:
    assert binary_characters(text) == len(_BINARY.findall(text))


def test_text_mostly_of_control_characters_is_refused_and_a_few_pass() -> None:
    with pytest.raises(ReadError) as e:
        decode(("报告\x01\x02\x03" * 100).encode("utf-8"))
    assert str(e.value) == "内容像二进制数据，不是文本报告"
    few = "一、总体情况\x01" + "政府信息公开" * 100
    assert decode(few.encode("utf-8")) == few
