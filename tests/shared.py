"""Where the shared real reports live (beside the repository), and how to skip without them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SAMPLES = ROOT / "samples"


def need_shared() -> Path:
    if not (SHARED / "seeds" / "truth.jsonl").exists():
        pytest.skip("../shared is absent: real reports are not available here")
    return SHARED


def truth(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
