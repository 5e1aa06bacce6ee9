"""Label matching tolerant of the typos real reports print."""

from __future__ import annotations

from ogi.layout.match import errors_of, find, find_any
from ogi.layout.specs import numbered_above, numbered_below, numbering_level
from ogi.normalize import clean


def test_exact_and_typo_matches() -> None:
    text = clean("0 0 3.危机“三安全一稳定” 0 0")
    m = find(text, clean("危及“三安全一稳定”"))
    assert m is not None and text[m[0] : m[1]] == '危机"三安全一稳定"' and m[2] == 1


def test_missing_character() -> None:
    text = clean("7.属于行政法案卷00000008.属于行政查询事项")
    m = find(text, clean("属于行政执法案卷"))
    assert m is not None and text[m[0] : m[1]] == "属于行政法案卷"


def test_edges_must_match_so_numbers_are_not_swallowed() -> None:
    text = clean("4000004属于国家秘密")
    m = find(text, clean("属于国家秘密"))
    assert m is not None and m[0] == 7


def test_short_labels_are_exact() -> None:
    assert find(clean("其它"), clean("其他")) is None
    assert find(clean("3.其他 0"), clean("其他")) == (2, 4, 0)


def test_best_alternative_wins() -> None:
    text = clean("行政规范性文件 1 0 3")
    m = find_any(text, [clean("规范性文件"), clean("行政规范性文件")])
    assert m == (0, 7, 0)


def test_normalisation_of_forms() -> None:
    assert clean("（二）部分公開（區分處理的）") == "(二)部分公开(区分处理的)"
    assert clean("⽂件　０") == "文件0"


def test_a_label_printed_exactly_is_the_match_the_tolerant_pattern_finds() -> None:
    """`find` looks for the label as printed before it runs the tolerant pattern: where
    the label is printed exactly, that must be the very match the pattern gives (the
    earliest exact one), bounds included."""
    import random

    from ogi.layout.match import _pattern, budget

    rng = random.Random(2026)
    labels = [
        "本年新收政府信息公开申请数量",
        "危及国家安全公共安全经济安全社会稳定",
        "予以公开",
        "不予公开",
    ]
    alphabet = "本年新收政府信息公开申请数量危及国家安全予以不0123"
    for _ in range(3000):
        label = rng.choice(labels)
        parts = []
        for _ in range(rng.randrange(1, 5)):
            r = rng.random()
            if r < 0.3:
                parts.append(label)
            elif r < 0.6:
                typo = list(label)
                typo[rng.randrange(1, len(typo) - 1)] = rng.choice(alphabet)
                parts.append("".join(typo))
            else:
                parts.append("".join(rng.choices(alphabet, k=rng.randrange(0, 30))))
        text = "".join(parts)
        start = rng.randrange(0, max(1, len(text) // 2))
        end = rng.choice([None, rng.randrange(start, len(text) + 5)])
        k = budget(len(label))
        m = _pattern(label, k).search(
            text, start, len(text) if end is None else min(end, len(text))
        )
        expected = None if m is None else (m.start(), m.end(), errors_of(m, k))
        assert find(text, label, start, end) == expected, (text, label, start, end)


def test_a_misprinted_last_character_is_one_edit_and_only_a_chinese_one() -> None:
    # 清 for 请, 科 for 可: the last character misprinted as another character
    assert find("2.重复申清 0 0", "重复申请") == (2, 6, 1)
    assert find("行政许科46", "行政许可") == (0, 4, 1)
    # two edits are more than a four-character label allows: 行政处罚 is not 行政许可
    assert find("行政处罚 3", "行政许可") is None
    # a digit in its place is a number, never swallowed
    assert find("予以公1 2", "予以公开") is None
    # the first candidate over the budget (予以全本: two edits) does not hide a later one
    text = "量政府信1不予以全本息信危数开予以予开予以公开"
    assert find(text, "予以公开", 5, 22) == (15, 19, 1)  # 予以予开
    # printed right, still exact
    assert find("（五）不予处理 重复申请 1", "重复申请") == (8, 12, 0)


def test_a_window_just_long_enough_for_the_label_less_its_edits_still_matches() -> None:
    """A fuzzy search is skipped only where no match could fit: a label with all its
    edits spent on deletions fills the shortest window that can hold it."""
    label = "本机关不掌握相关政府信息"  # 12 characters, 3 edits
    text = "0本关不掌握相政信息0"  # 机, 关 and 府 dropped: 9 characters at 1..10
    assert find(text, label) == (1, 10, 3)
    assert find(text, label, 1, 10) == (1, 10, 3)
    assert find(text, label, 1, 9) is None  # one character short
    assert find(text, label, 2, 10) is None  # its first character left out
    # no edit allowed: only the exact label
    assert find("本机关不掌握相关政府信", label, max_errors=0) is None
    assert find("予以公", "予以公开") is None and find("予以公开", "予以公开") == (0, 4, 0)


def test_numbering_levels_tell_what_numbered_above_and_below_do() -> None:
    printed = ["", "（一）", "(六)", " （ 十 ）", "1.", "3、", "12．", "一、", "（1）", "其他"]
    for a in printed:
        for b in printed:
            wrong = numbered_above(a, b) or numbered_below(a, b)
            level = numbering_level(a)
            assert (level != 0 and level + numbering_level(b) == 5) == wrong, (a, b)
