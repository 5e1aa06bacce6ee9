"""`StoreProbe`: which file contents a SQLite store holds, read without SQLAlchemy, and
None whenever it cannot be sure (the caller then opens the store the usual way)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from ogi.cli import app
from ogi.store.probe import StoreProbe
from tests.shared import SAMPLES

runner = CliRunner()
ABSENT = "0" * 64


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _stored(tmp_path: Path, *names: str) -> str:
    url = f"sqlite:///{tmp_path / '语料.db'}"
    files = [str(SAMPLES / n) for n in names]
    assert runner.invoke(app, ["ingest", *files, "--db", url, "-j", "1"]).exit_code == 0
    return url


def test_it_answers_which_contents_are_stored(tmp_path: Path) -> None:
    url = _stored(tmp_path, "示例镇-2024.txt", "示例镇-2023.txt")
    held, other = _sha(SAMPLES / "示例镇-2024.txt"), _sha(SAMPLES / "示例镇-2023.txt")
    not_held = _sha(SAMPLES / "示例镇-2024.md")
    with StoreProbe(url) as probe:
        assert probe.holding({held, other, not_held, ABSENT}) == {held, other}
        assert probe.holding(set()) == set()
        # more hashes than one IN (…) list takes
        many = {f"{i:064x}" for i in range(1200)} | {held}
        assert probe.holding(many) == {held}


def test_a_store_not_at_the_newest_revision_is_not_read(tmp_path: Path) -> None:
    url = _stored(tmp_path, "示例镇-2024.txt")
    with sqlite3.connect(tmp_path / "语料.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001_older'")
    with StoreProbe(url) as probe:
        assert probe.holding({_sha(SAMPLES / "示例镇-2024.txt")}) is None


def test_a_store_missing_its_reports_table_gives_no_answer(tmp_path: Path) -> None:
    url = _stored(tmp_path, "示例镇-2024.txt")
    with sqlite3.connect(tmp_path / "语料.db") as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE reports")
    probe = StoreProbe(url)
    assert probe.holding({ABSENT}) is None
    assert probe.holding({ABSENT}) is None  # and stays without an answer


def test_what_it_cannot_read_gives_no_answer(tmp_path: Path) -> None:
    junk = tmp_path / "不是数据库.db"
    junk.write_bytes(b"not a database\n" * 200)
    empty = tmp_path / "空.db"
    empty.touch()
    for url in (
        f"sqlite:///{junk}",
        f"sqlite:///{empty}",
        f"sqlite:///{tmp_path / '没有这个文件.db'}",
        f"sqlite:///{tmp_path}",  # a folder
        "sqlite://",
        "sqlite:///:memory:",
        f"sqlite:///{junk}?timeout=5",  # options: the usual path reads them
        "postgresql+psycopg://ogi:ogi@127.0.0.1:5432/ogi",
    ):
        with StoreProbe(url) as probe:
            assert probe.holding({ABSENT}) is None, url
    assert junk.read_bytes() == b"not a database\n" * 200  # read-only: left as it was
