"""Recovering cells from digits a rendering ran together.

Crawlers and some converters drop the separators between table cells, so a row of
seven cells 20 | 0 | 0 | 0 | 0 | 1 | 21 can arrive as `200 000121`. The cells are
recovered by enumerating every way to cut the digit runs into numbers (no leading
zeros, signs and decimals only where the column allows them) and keeping the cuts
that satisfy the table's own arithmetic. More than one survivor means the split is
ambiguous: the caller reports it instead of guessing.

The enumeration is bounded by the work it does (`SPLIT_STEPS`), not only by the
splits it finds: a long run of digits that fails the arithmetic at every cut would
otherwise be explored for minutes. Past the bound the caller is told (`TooComplex`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ogi import limits, patterns

_PART = patterns.compile(r"^(0|[1-9][0-9]*)(\.[0-9]+)?$")
MAX_CANDIDATES = 5000


class TooComplex(Exception):
    """Splitting would take more work than `limits.SPLIT_STEPS` allows, or a run has
    more digits than `limits.RUN_DIGITS`; the message says which, in Chinese."""


# Steps left for the report being read (see `report_budget`); None outside one.
_report_left: ContextVar[list[int] | None] = ContextVar("split_steps_left", default=None)


@contextmanager
def report_budget() -> Iterator[None]:
    """Bound the splitting work of all rows of one report by `SPLIT_STEPS_TOTAL`."""
    token = _report_left.set([limits.SPLIT_STEPS_TOTAL.value])
    try:
        yield
    finally:
        _report_left.reset(token)


class _Budget:
    def __init__(self, text: str) -> None:
        self.left = limits.SPLIT_STEPS.value
        self.text = text
        self.report = _report_left.get()

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooComplex(limits.SPLIT_STEPS.say(text=self.text))
        if self.report is not None:
            self.report[0] -= 1
            if self.report[0] < 0:
                raise TooComplex(limits.SPLIT_STEPS_TOTAL.say(text=self.text))


def _digit_count(s: str) -> int:
    return len(s.lstrip("+-").replace(".", ""))


def _cuts(chunk: str, k: int, budget: _Budget | None = None) -> Iterator[list[str]]:
    """All ways to cut one chunk (digits, optional leading '-', optional decimal
    part at the end) into k numbers of at most `NUMBER_DIGITS` digits each."""
    budget = budget or _Budget(chunk)
    budget.spend()
    sign = ""
    if chunk.startswith(("-", "+")):
        sign, chunk = chunk[0].replace("+", ""), chunk[1:]
    widest = limits.NUMBER_DIGITS.value
    if k == 1:
        if _PART.match(chunk) and _digit_count(chunk) <= widest:
            yield [sign + chunk]
        return
    dot = chunk.find(".")
    limit = len(chunk) if dot < 0 else dot  # the first part may not contain the decimal
    # The head leaves at least one digit for each of the k - 1 numbers after it.
    for i in range(max(1, limit - (k - 1) * widest), min(limit, widest + 1)):
        budget.spend()
        head = chunk[:i]
        if not _PART.match(head):
            continue
        for rest in _cuts(chunk[i:], k - 1, budget):
            yield [sign + head, *rest]


def splits(chunks: list[str], n: int, budget: _Budget | None = None) -> Iterator[list[str]]:
    """Every way to turn the chunks into exactly n numbers, in order."""
    budget = budget or _Budget(" ".join(chunks))
    if not chunks:
        if n == 0:
            yield []
        return
    first, rest = chunks[0], chunks[1:]
    digits = _digit_count(first)
    for k in range(1, min(n - len(rest), digits) + 1):
        budget.spend()
        for head in _cuts(first, k, budget):
            for tail in splits(rest, n - k, budget):
                yield head + tail


def number(s: str) -> int | float:
    """A number as printed; `ValueError` beyond `NUMBER_DIGITS` digits (no count or
    amount in a report is that long, and Python refuses to parse very long ints)."""
    if _digit_count(s) > limits.NUMBER_DIGITS.value:
        raise ValueError(limits.NUMBER_DIGITS.say(text=s[:20] + "…", n=_digit_count(s)))
    return float(s) if "." in s else int(s)


def candidates(
    chunks: list[str], n: int, ok: Callable[[list[int | float]], bool]
) -> list[list[int | float]]:
    """Splits into n numbers that pass `ok`, at most MAX_CANDIDATES of them. Raises
    `TooComplex` when the run is too long or the work exceeds its budget."""
    text = " ".join(chunks)
    if sum(map(_digit_count, chunks)) > limits.RUN_DIGITS.value:
        raise TooComplex(limits.RUN_DIGITS.say(n=sum(map(_digit_count, chunks))))
    out = []
    for parts in splits(chunks, n, _Budget(text)):
        values = [number(p) for p in parts]
        if ok(values):
            out.append(values)
            if len(out) >= MAX_CANDIDATES:
                break
    return out
