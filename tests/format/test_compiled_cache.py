"""The format data compiled once and kept: the same editions as parsing the YAML, and
rebuilt when a data file changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ogi.format import compiled


def test_cached_editions_equal_parsed_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ogi.format as fmt

    monkeypatch.setenv("OGI_CACHE_DIR", str(tmp_path))
    sources = [*fmt._data_files(), Path(fmt.__file__)]
    built = compiled.cached("format", sources, fmt._compile)
    [pickle_file] = tmp_path.glob("format-*.pickle")
    loaded = compiled.cached("format", sources, lambda: pytest.fail("should come from the cache"))
    assert loaded["rules"] == built["rules"]
    for name, ed in built["editions"].items():
        other = loaded["editions"][name]
        assert other.cell_paths() == ed.cell_paths()
        assert other.t3_rows == ed.t3_rows and other.sections == ed.sections
        assert other.raw == ed.raw
    assert pickle_file.stat().st_size > 0


def test_changed_data_file_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OGI_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "x.yaml"
    data.write_text("a: 1\n", encoding="utf-8")
    calls = []

    def build() -> dict:
        calls.append(1)
        return {"text": data.read_text("utf-8")}

    assert compiled.cached("x", [data], build) == {"text": "a: 1\n"}
    assert compiled.cached("x", [data], build) == {"text": "a: 1\n"}
    assert len(calls) == 1
    data.write_text("a: 22\n", encoding="utf-8")
    os.utime(data, ns=(1, 1))
    assert compiled.cached("x", [data], build) == {"text": "a: 22\n"}
    assert len(calls) == 2


def test_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("OGI_CACHE_DIR", str(blocker / "sub"))
    assert compiled.cached("y", [blocker], lambda: {"ok": 1}) == {"ok": 1}
