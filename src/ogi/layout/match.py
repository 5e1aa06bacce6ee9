"""Finding a printed label in clean text, tolerant of the typos real reports make.

A label matches with a small number of edits in its middle (危机 for 危及, a dropped
执 in 属于行政执法案卷, an added 到 in 本年新收到…), but its first and last characters
must be exact so that a match never swallows a neighbouring number.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

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


@lru_cache(maxsize=4096)
def _pattern(label: str, max_errors: int) -> regex.Pattern[str]:
    if max_errors == 0 or len(label) <= 3:
        return regex.compile(regex.escape(label))
    first, mid, last = label[0], label[1:-1], label[-1]
    return regex.compile(
        f"{regex.escape(first)}(?:{regex.escape(mid)}){{e<={max_errors}}}{regex.escape(last)}",
        flags=regex.BESTMATCH,
    )


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
    m = _pattern(label, k).search(text, start, end)
    if m is None:
        return None
    errors = sum(m.fuzzy_counts) if k else 0
    return m.start(), m.end(), errors


def find_any(
    text: str, labels: Sequence[str], start: int = 0, end: int | None = None
) -> tuple[int, int, int] | None:
    """The best of several alternative labels: fewest errors, then earliest."""
    best: tuple[int, int, int] | None = None
    for lab in labels:
        m = find(text, lab, start, end)
        if m and (best is None or (m[2], m[0]) < (best[2], best[0])):
            best = m
    return best
