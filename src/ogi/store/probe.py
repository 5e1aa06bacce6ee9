"""Which file contents a SQLite store holds already, asked without the database layer.

Running `ogi ingest` again over a folder whose files are all stored (a nightly run, a
re-run after a kill that had finished) should cost little more than hashing the files.
Loading SQLAlchemy and the models just to ask takes longer than the hashing itself, so a
SQLite store at the newest revision is asked through the standard library, read-only.
Whatever this cannot answer (a server's URL, a store to migrate, a file that cannot be
opened read-only, a lock held too long) gives None, and the caller opens the store the
usual way, which migrates, waits for locks and explains every error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from pathlib import Path
from types import TracebackType

from ogi.store import in_chunks, sqlite_file
from ogi.store.revisions import head_revision

PROBE_BUSY_SECONDS = 1.0  # a writer's commit is waited for this long, then the usual path

# `ogi.store.models.ReportRecord`: its table and the column of the file's SHA-256
# (tests/store/test_probe.py holds the two together)
# a draft (a report sent to a review batch and not published) is not held: an ingest of
# its file publishes it (`ogi.services.dataset.publish_drafts`)
_QUERY = (
    "SELECT sha256 FROM reports WHERE sha256 IN ({}) AND id NOT IN ("
    "SELECT u.report_id FROM uploads u LEFT JOIN report_index i ON i.report_id = u.report_id"
    " WHERE u.batch_id IS NOT NULL AND u.report_id IS NOT NULL"
    " AND (i.public IS NULL OR NOT i.public))"
)


class StoreProbe:
    """A read-only look into the SQLite store at `url`; `holding` answers None once any
    question could not be answered, and for every question when the store is not one
    this can read (not SQLite, absent, or not at the newest revision)."""

    def __init__(self, url: str) -> None:
        self._conn: sqlite3.Connection | None = None
        path = sqlite_file(url)
        if path is not None and path.is_file():
            self._conn = _open_at_head(path)

    def holding(self, hashes: Collection[str]) -> set[str] | None:
        """Which of `hashes` the store holds; None when it cannot tell."""
        if self._conn is None:
            return None
        found: set[str] = set()
        try:
            for chunk in in_chunks(list(hashes)):
                sql = _QUERY.format(",".join("?" * len(chunk)))
                found.update(sha for (sha,) in self._conn.execute(sql, chunk))
        except sqlite3.Error:
            self.close()
            return None
        return found

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> StoreProbe:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()


def _open_at_head(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to `path`, if it is a store at the newest revision."""
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=PROBE_BUSY_SECONDS
        )
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if versions == [(head_revision(),)]:
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None
