"""Answers kept for asking again, for inputs that are not long.

Readers ask the same questions of the same short texts over and over (a table's
headings, a report's statutory labels, a line of cells asked twice), so their answers are
worth keeping. A hostile file's texts may be long, and kept they would fill memory: an
input longer than `most` characters is answered afresh and not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])


def short_memo(
    most: int, maxsize: int = 4096, size: Callable[..., int] | None = None
) -> Callable[[F], F]:
    """Keep a pure function's answers (at most `maxsize`) where `size` of its positional
    arguments (by default the length of the first) is at most `most`. The kept function
    is the wrapper's `kept`: a hot loop that checks the size inline calls it directly
    (the wrapper's own call costs about as much as the cache's)."""

    def wrap(fn: F) -> F:
        kept = lru_cache(maxsize=maxsize)(fn)
        # (called for every cell and heading: the common case measures with len alone)
        if size is None:

            def call(*args: object) -> object:
                return (kept if len(args[0]) <= most else fn)(*args)  # type: ignore[arg-type]

        else:

            def call(*args: object) -> object:
                return (kept if size(*args) <= most else fn)(*args)

        out = wraps(fn)(call)
        # (a caller asking in a hot loop, that has measured the input itself, calls
        # `kept` and saves the wrapper's call)
        out.kept = kept  # type: ignore[attr-defined]
        out.cache_clear = kept.cache_clear  # type: ignore[attr-defined]
        out.cache_info = kept.cache_info  # type: ignore[attr-defined]
        return out  # type: ignore[return-value]

    return wrap
