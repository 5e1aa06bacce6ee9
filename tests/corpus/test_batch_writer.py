"""Batches written beside the reading: every batch written in order, and a failure of the
writing reaches the reading loop instead of being lost in the writer's thread."""

from __future__ import annotations

from typing import Any

import pytest

from ogi.services.corpus import _BatchWriter


def test_batches_are_written_in_order_in_a_thread() -> None:
    written: list[list[dict[str, Any]]] = []
    w = _BatchWriter(written.append, threaded=True)
    for k in range(5):
        w.put([{"k": k}])
    w.close()
    assert written == [[{"k": 0}], [{"k": 1}], [{"k": 2}], [{"k": 3}], [{"k": 4}]]


@pytest.mark.parametrize("threaded", [True, False])
def test_a_failed_write_is_raised_and_later_batches_are_not_written(threaded: bool) -> None:
    written: list[int] = []

    def write(rows: list[dict[str, Any]]) -> None:
        if rows[0]["k"] == 1:
            raise RuntimeError("库已被锁定")
        written.append(rows[0]["k"])

    w = _BatchWriter(write, threaded=threaded)
    with pytest.raises(RuntimeError, match="库已被锁定"):
        for k in range(4):
            w.put([{"k": k}])
        w.close()
    assert written[0] == 0 and 1 not in written
    if threaded:
        w.abandon()
        assert w.thread is None
    assert written == [0]  # the batches after the failure were dropped
