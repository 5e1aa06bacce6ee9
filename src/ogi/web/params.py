"""Whole numbers from addresses and forms, read one way everywhere.

`str.isdigit` also accepts digits of other scripts and superscripts (“²”, “٣”) that
`int` refuses, and a number of twenty digits passes `int` but not SQLite (whose integers
end at 2**63 - 1): both used to become server errors. A number here is ASCII digits
within `MAX_INT`; anything else is “not given” (a filter) or not found (an id).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_INT = 2**62  # more than any id or year, less than the databases' largest integer

# path and query parameters: a value out of range is refused before any query runs
# (`ogi.web.app` answers 404 for an address, 400 for a query, in Chinese)
Id = Annotated[int, Path(ge=0, le=MAX_INT)]
OptionalId = Annotated[int | None, Query(ge=0, le=MAX_INT)]


def int_param(raw: str | None, low: int = 0, high: int = MAX_INT) -> int | None:
    """`raw` as a whole number in [low, high], or None when it is anything else."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(high)):
        return None
    value = int(raw)
    return value if low <= value <= high else None
