"""Recovering cells from digits a rendering ran together.

Crawlers and some converters drop the separators between table cells, so a row of
seven cells 20 | 0 | 0 | 0 | 0 | 1 | 21 can arrive as `200 000121`. The cells are
recovered by enumerating every way to cut the digit runs into numbers (no leading
zeros, signs and decimals only where the column allows them) and keeping the cuts
that satisfy the table's own arithmetic. More than one survivor means the split is
ambiguous: the caller reports it instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

_PART = re.compile(r"^(0|[1-9]\d*)(\.\d+)?$")
MAX_CANDIDATES = 5000


def _cuts(chunk: str, k: int) -> Iterator[list[str]]:
    """All ways to cut one chunk (digits, optional leading '-', optional decimal
    part at the end) into k numbers."""
    sign = ""
    if chunk.startswith(("-", "+")):
        sign, chunk = chunk[0].replace("+", ""), chunk[1:]
    if k == 1:
        if _PART.match(chunk):
            yield [sign + chunk]
        return
    dot = chunk.find(".")
    limit = len(chunk) if dot < 0 else dot  # the first part may not contain the decimal
    for i in range(1, limit):
        head = chunk[:i]
        if not _PART.match(head):
            continue
        for rest in _cuts(chunk[i:], k - 1):
            yield [sign + head, *rest]


def splits(chunks: list[str], n: int) -> Iterator[list[str]]:
    """Every way to turn the chunks into exactly n numbers, in order."""
    if not chunks:
        if n == 0:
            yield []
        return
    first, rest = chunks[0], chunks[1:]
    digits = len(first.lstrip("+-").replace(".", ""))
    for k in range(1, min(n - len(rest), digits) + 1):
        for head in _cuts(first, k):
            for tail in splits(rest, n - k):
                yield head + tail


def number(s: str) -> int | float:
    return float(s) if "." in s else int(s)


def candidates(
    chunks: list[str], n: int, ok: Callable[[list[int | float]], bool]
) -> list[list[int | float]]:
    """Splits into n numbers that pass `ok`, at most MAX_CANDIDATES of them."""
    out = []
    for parts in islice(splits(chunks, n), MAX_CANDIDATES * 20):
        values = [number(p) for p in parts]
        if ok(values):
            out.append(values)
            if len(out) >= MAX_CANDIDATES:
                break
    return out
