from __future__ import annotations

from collections.abc import Callable

from ogi.memo import short_memo


def _counted_shout() -> tuple[Callable[[str], str], list[str]]:
    """A function kept for texts of up to 4 characters, and the texts it was asked."""
    asked: list[str] = []

    @short_memo(4)
    def shout(text: str) -> str:
        asked.append(text)
        return text.upper()

    return shout, asked


def test_answers_for_short_texts_are_kept_and_long_ones_asked_afresh() -> None:
    shout, asked = _counted_shout()
    assert [shout("示例镇"), shout("示例镇"), shout("示例镇人民政府"), shout("示例镇人民政府")] == [
        "示例镇",
        "示例镇",
        "示例镇人民政府",
        "示例镇人民政府",
    ]
    # the three characters were asked once; the seven, over the bound, each time
    assert asked == ["示例镇", "示例镇人民政府", "示例镇人民政府"]


def test_the_size_of_the_arguments_may_be_measured_otherwise() -> None:
    asked: list[tuple[str, ...]] = []

    def total(texts: tuple[str, ...], sep: str) -> int:
        return sum(map(len, texts))

    @short_memo(5, size=total)
    def joined(texts: tuple[str, ...], sep: str) -> str:
        asked.append(texts)
        return sep.join(texts)

    for _ in range(2):
        assert joined(("规章", "0"), "|") == "规章|0"
        assert joined(("行政许可", "12"), "|") == "行政许可|12"
    assert asked == [("规章", "0"), ("行政许可", "12"), ("行政许可", "12")]


def test_what_is_kept_can_be_counted_and_let_go() -> None:
    shout, asked = _counted_shout()
    shout("示例镇")
    shout("示例镇人民政府")  # over the bound: not kept
    assert shout.cache_info().currsize == 1  # type: ignore[attr-defined]
    shout.cache_clear()  # type: ignore[attr-defined]
    assert shout.cache_info().currsize == 0  # type: ignore[attr-defined]
    shout("示例镇")
    assert asked == ["示例镇", "示例镇人民政府", "示例镇"]
