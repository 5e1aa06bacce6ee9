"""Finding a printed label in clean text, tolerant of the typos real reports make.

A label matches with a small number of edits in its middle (危机 for 危及, a dropped
执 in 属于行政执法案卷, an added 到 in 本年新收到…). Its first character must be exact
and its last one too, or else another Chinese character in its place (重复申清 for
重复申请, 行政许科 for 行政许可, counted as an edit): a match never swallows a
neighbouring number or starts inside the text before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex


def budget(n: int) -> int:
    """Edits allowed in a label of n clean characters."""
    if n <= 3:
        return 0
    if n <= 6:
        return 1
    if n <= 10:
        return 2
    return 3


@cache
def _regex() -> ModuleType:
    """The `regex` module, imported on the first fuzzy search: a report printed as it
    should be finds its labels exactly and never pays for the import."""
    import regex

    return regex


@lru_cache(maxsize=4096)
def _pattern(label: str, max_errors: int) -> regex.Pattern[str]:
    """`label` with up to `max_errors` edits between an exact first character and an
    exact last one or a Chinese character in its place. Only for a fuzzy search
    (max_errors > 0 and more than three characters): an exact one is `str.find`."""
    rx = _regex()
    first, mid, last = label[0], label[1:-1], label[-1]
    body = f"(?:{rx.escape(mid)}){{e<={max_errors}}}{rx.escape(last)}"
    if rx.match(r"\p{Han}", last):
        # or (group 1) a typo of the last character, a Chinese character only, which
        # takes one of the edits allowed
        body += f"|(?:{rx.escape(mid)}){{e<={max_errors - 1}}}(\\p{{Han}})"
    return rx.compile(f"{rx.escape(first)}(?:{body})", flags=rx.BESTMATCH)


def find(
    text: str, label: str, start: int = 0, end: int | None = None, max_errors: int | None = None
) -> tuple[int, int, int] | None:
    """Best match of `label` in text[start:end] as (start, end, errors), or None."""
    if not label:
        return None
    k = budget(len(label)) if max_errors is None else max_errors
    end = len(text) if end is None else min(end, len(text))
    exact = text.find(label, start, end)
    if exact >= 0:  # printed as it should be: the best match there is, found in C
        return exact, exact + len(label), 0
    if k == 0 or len(label) <= 3:
        return None  # no edit allowed, and it is not printed exactly
    # A match starts with the label's first character and is at least as long as the
    # label less its edits (all deletions): where no such start fits in the window, no
    # pattern need be compiled or run. Most fuzzy searches end here, in the narrow
    # windows between the labels of a table printed as it should be.
    shortest = max(2, len(label) - k)
    if text.find(label[0], start, end - shortest + 1) < 0:
        return None
    m = _pattern(label, k).search(text, start, end)
    if m is None:
        return None
    return m.start(), m.end(), errors_of(m, k)


def errors_of(m: regex.Match[str], max_errors: int) -> int:
    """The edits a match of `_pattern(label, max_errors)` made: those of its fuzzy part,
    and one for a misprinted last character."""
    if not max_errors:
        return 0
    return sum(m.fuzzy_counts) + (m.re.groups > 0 and m.group(1) is not None)


def find_any(
    text: str, labels: Sequence[str], start: int = 0, end: int | None = None
) -> tuple[int, int, int] | None:
    """The best of several alternative labels: fewest errors, then earliest (the first
    label of a tie)."""
    # A label printed as it should be beats every typo of another, and a fuzzy match
    # with no edit is an exact one: where any label is printed exactly, no pattern is
    # compiled or searched.
    stop = len(text) if end is None else min(end, len(text))
    best: tuple[int, int, int] | None = None
    for lab in labels:
        i = text.find(lab, start, stop) if lab else -1
        if i >= 0 and (best is None or i < best[0]):
            best = i, i + len(lab), 0
    if best is not None:
        return best
    for lab in labels:
        m = find(text, lab, start, end)
        if m and (best is None or (m[2], m[0]) < (best[2], best[0])):
            best = m
    return best
