"""Label matching tolerant of the typos real reports print."""

from __future__ import annotations

from ogi.layout.match import find, find_any
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
