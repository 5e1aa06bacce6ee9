"""`is_new`: whether a store surely holds nothing yet (ingest then starts its workers'
server while the store is being created)."""

from __future__ import annotations

from pathlib import Path

from ogi.store import is_new, open_store, resolve_url


def test_a_store_is_new_until_it_is_created(tmp_path: Path) -> None:
    db = tmp_path / "新建.db"
    assert is_new(resolve_url(str(db)))
    db.touch()  # an empty file is what SQLite makes of a store it has not written yet
    assert is_new(resolve_url(str(db)))
    open_store(str(db)).close()
    assert not is_new(resolve_url(str(db)))


def test_only_sqlite_files_and_memory_are_judged() -> None:
    assert is_new("sqlite://")
    assert is_new("sqlite:///:memory:")
    assert not is_new("postgresql+psycopg://ogi:ogi@127.0.0.1:5432/ogi")
