"""Answers kept for asking again, for inputs that are not long.

Readers ask the same questions of the same short texts over and over (a table's
headings, a report's statutory labels, a line of cells asked twice), so their answers are
worth keeping. A hostile file's texts may be long, and kept they would fill memory: an
input longer than `most` characters is answered afresh and not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def _first_length(*args: Any) -> int:
    return len(args[0])


def short_memo(
    most: int, maxsize: int = 4096, size: Callable[..., int] = _first_length
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep a pure function's answers (at most `maxsize`) where `size` of its arguments
    (by default the length of the first) is at most `most`."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        kept = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            return (kept if size(*args) <= most else fn)(*args, **kwargs)

        return call

    return wrap
