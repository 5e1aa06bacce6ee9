"""Where the shared real reports live (beside the repository), and how to skip without them."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from ogi.model import Report

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SAMPLES = ROOT / "samples"


def need_shared() -> Path:
    if not (SHARED / "seeds" / "truth.jsonl").exists():
        pytest.skip("../shared is absent: real reports are not available here")
    return SHARED


def truth(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def sample_cells(name: str) -> dict:
    """The cells recorded for bundled sample `name` (samples/truth.jsonl)."""
    return next(t for t in truth(SAMPLES / "truth.jsonl") if t["file"] == name)["cells"]


def sample_cells_without(name: str, *prefixes: str) -> dict:
    """`sample_cells(name)` less the cells whose path starts with any of `prefixes`: what
    a reading that withholds those rows or tables gives."""
    return {k: v for k, v in sample_cells(name).items() if not k.startswith(prefixes)}


@cache
def sample_builder() -> ModuleType:
    """samples/build.py, which writes the bundled samples."""
    spec = importlib.util.spec_from_file_location("samples_build", SAMPLES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pasted_text(report: Report) -> str:
    """`report` as the bundled text samples print it: text copied from a web page, every
    table cell on its own line."""
    text: str = sample_builder().pasted_text(report)
    return text
