"""The token stream's own reading of text: pinyin left by ruby annotations
(`ogi.layout.stream.strip_ruby`)."""

from __future__ import annotations

import pytest

from ogi.layout.stream import strip_ruby


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("根據(jù)規定", "根據規定"),
        ("信息（xìn xī）公开", "信息（xìn xī）公开"),  # (two syllables: not one character's)
        ("公开（gōng）", "公开"),
        ("根據(ju\u0300)", "根據"),  # a tone mark typed after its letter
        ("根據(ju)", "根據(ju)"),  # no tone: words in brackets, not pinyin
        ("条例(2024年)", "条例(2024年)"),
        ("（三）行政许可", "（三）行政许可"),
        ("cafe\u0301(x)", "café(x)"),  # a text with brackets is given composed
        ("cafe\u0301", "cafe\u0301"),  # (one without is given as it is)
    ],
)
def test_pinyin_after_a_character_is_taken_out(text: str, read: str) -> None:
    assert strip_ruby(text) == read
