"""The collector is paused while a document is read, and on again after; OCR runs with
it on."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from ogi import extract as extract_module
from ogi.gcpause import collecting, paused
from ogi.readers import ocr
from tests.shared import SAMPLES


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_turns_the_collector_off_and_on_again() -> None:
    with paused():
        assert not gc.isenabled()
        with paused():  # (nested: the inner block does not turn it on)
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_turns_it_on_again_after_an_error() -> None:
    with pytest.raises(ValueError, match="坏"), paused():
        raise ValueError("坏")
    assert gc.isenabled()


def test_paused_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_only_the_thread_that_paused_turns_it_on() -> None:
    seen: list[bool] = []
    inside, done = threading.Event(), threading.Event()

    def other() -> None:
        inside.wait()
        with paused():  # (finds it off: changes nothing)
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
        done.set()

    t = threading.Thread(target=other)
    t.start()
    with paused():
        inside.set()
        done.wait()
        seen.append(gc.isenabled())
    t.join()
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_collecting_runs_with_the_collector_on_where_it_was_paused() -> None:
    @collecting
    def state(x: int) -> tuple[int, bool]:
        return x, gc.isenabled()

    with paused():
        assert state(7) == (7, True)
        assert not gc.isenabled()
    gc.disable()  # (not paused here: a collector the caller turned off stays off)
    assert state(8) == (8, False)


def test_ocr_runs_collecting() -> None:
    assert ocr.read_image.__wrapped__ is not None  # type: ignore[attr-defined]
    assert ocr.render.__wrapped__ is not None  # type: ignore[attr-defined]


def test_extract_reads_and_builds_with_the_collector_paused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = []
    build = extract_module.build_report

    def watched(doc, sha):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return build(doc, sha)

    monkeypatch.setattr(extract_module, "build_report", watched)
    report = extract_module.extract(SAMPLES / "示例镇-2024.txt")
    assert seen == [False]
    assert gc.isenabled()
    assert report.cells  # (the report is read as before)
