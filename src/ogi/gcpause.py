"""The cyclic garbage collector paused while one document is read.

Reading a report makes tens of thousands of small objects that live until the report
is built (chars, rules, cells, lines, blocks) and almost no reference cycles, which
reference counting does not free. Yet every few hundred allocations the collector walks
the young objects, and now and then all of them: about 7% of the instructions a text
report takes and 5% of a 40-page PDF of tables, and more of their time, as the walks
miss the caches. Paused for the read, it walks what is left once, after.

OCR makes page-sized arrays; it runs with the collector on (`collecting`), so that a
long scan's garbage, if any is in cycles, is freed page by page as before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# whether this thread paused the collector (`paused`): only that thread turns it back on
_held = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off within the block, and on again after, if it was on. Nested, or
    while another thread holds it paused, the block changes nothing (a thread that
    finds it off leaves it off, and the one that turned it off turns it on)."""
    if getattr(_held, "paused", False) or not gc.isenabled():
        yield
        return
    gc.disable()
    _held.paused = True
    try:
        yield
    finally:
        _held.paused = False
        gc.enable()


def collecting(fn: Callable[P, T]) -> Callable[P, T]:
    """`fn` run with the collector on, where this thread paused it (`paused`)."""

    @wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        if not getattr(_held, "paused", False):
            return fn(*args, **kwargs)
        gc.enable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.disable()

    return call
