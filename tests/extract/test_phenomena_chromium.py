"""The suite's Chromium runner (`phenomena._chromium`): a run that dies of a signal is
tried once more with a fresh profile; an error Chromium reports fails at once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.extract import phenomena


def _fake(tmp_path: Path, body: str) -> Path:
    """A stand-in for Chromium: a shell script counting its runs in `runs`."""
    script = tmp_path / "chromium"
    script.write_text(f"#!/bin/sh\necho run >> {tmp_path / 'runs'}\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _runs(tmp_path: Path) -> int:
    return len((tmp_path / "runs").read_text().splitlines())


def test_a_run_killed_by_a_signal_is_tried_once_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first run kills itself with SIGSEGV, the second succeeds
    body = f'[ "$(wc -l < {tmp_path / "runs"})" -eq 1 ] && kill -SEGV $$\nexit 0'
    monkeypatch.setattr(phenomena, "CHROMIUM", str(_fake(tmp_path, body)))
    phenomena._chromium(tmp_path, "--print-to-pdf=x.pdf", "file:///x.html")
    assert _runs(tmp_path) == 2


def test_a_run_killed_twice_or_failing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phenomena, "CHROMIUM", str(_fake(tmp_path, "kill -SEGV $$")))
    with pytest.raises(subprocess.CalledProcessError) as e:
        phenomena._chromium(tmp_path, "file:///x.html")
    assert e.value.returncode == -11 and _runs(tmp_path) == 2
    (tmp_path / "runs").unlink()
    monkeypatch.setattr(phenomena, "CHROMIUM", str(_fake(tmp_path, "exit 3")))
    with pytest.raises(subprocess.CalledProcessError) as e:
        phenomena._chromium(tmp_path, "file:///x.html")
    assert e.value.returncode == 3 and _runs(tmp_path) == 1
