"""The clean form of text that labels are matched in, and where each clean character
came from (`ogi.normalize.CleanText`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ogi.normalize import CleanText, norm_char, soft


def test_each_clean_character_knows_its_token_and_place() -> None:
    # a space goes, full-width digits and quotes become half-width, ½ becomes three
    # characters and ﬁ two, a traditional character its simplified one
    c = CleanText.of(["行政 许可", "１２", "“甲”", "a½", "ﬁ資"])
    assert c.text == '行政许可12"甲"a1⁄2fi资'
    assert c.token == [0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4]
    assert c.offset == [0, 1, 3, 4, 0, 1, 0, 1, 2, 0, 1, 1, 1, 0, 0, 1]
    assert c.origin(4) == (1, 0)  # the clean 1 is the token １２'s first character
    assert c.end_origin(4) == (0, 5)  # 许可 ends after the fifth character of its token
    assert c.origin(len(c.text)) == (5, 0)  # past the end: past the last token


def _reference(tokens: list[str]) -> tuple[str, list[int], list[int]]:
    text, token, offset = "", [], []
    for ti, t in enumerate(tokens):
        for ci, ch in enumerate(t):
            n = norm_char(ch)
            text += n
            token += [ti] * len(n)
            offset += [ci] * len(n)
    return text, token, offset


@given(st.lists(st.text(alphabet="行政許可 \u3000１２3ａ⺠“”—\u200b①½ﬁ\t丶（）x", max_size=12)))
def test_the_clean_text_is_its_characters_clean_forms_in_order(tokens: list[str]) -> None:
    c = CleanText.of(tokens)
    assert (c.text, c.token, c.offset) == _reference(tokens)


def test_soft_keeps_one_space_for_each_run_of_whitespace() -> None:
    assert soft("  １２\u3000\u3000３４ \t5 ") == "12 34 5"
    assert soft("行政 \n許可") == "行政 许可"
    # an invisible character between two runs still parts them (its clean form is empty)
    assert soft("1 \u200b 2") == "1  2"
    assert soft("\u3000") == ""


def _soft_reference(text: str) -> str:
    out: list[str] = []
    for c in text:
        if c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        out.append(norm_char(c))
    return "".join(out).strip()


@given(st.text(alphabet="ab1２，（）\u3000 \t\n\u200b\u00a0⼀國—“\u2003\x0b"))
def test_soft_is_each_character_clean_with_whitespace_runs_as_one_space(text: str) -> None:
    assert soft(text) == _soft_reference(text)
