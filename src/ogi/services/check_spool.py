"""What a batch check must remember of every report, on disk instead of in memory.

A check of a national batch meets each report once and must still know, at the end,
which agency-years and which files it has seen (a second copy is a duplicate) and what
the cross-report rules need of each report (a few cells and the compressed prose,
`ogi.check.registry.KeptReport`), and then the cross-report findings, in the order they
are written out. Kept in memory that is a few KiB per report; here it is a temporary
SQLite file, so a batch of any size is checked in the same memory, and the cross-report
rules get one agency (or one year) at a time.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from ogi.check.finding import Finding
from ogi.check.registry import KeptReport, agency_key

_SCHEMA = """
CREATE TABLE seen (seq INTEGER PRIMARY KEY, identity TEXT, sha TEXT, path TEXT, tables TEXT);
CREATE INDEX seen_identity ON seen (identity);
CREATE INDEX seen_sha ON seen (sha);
CREATE INDEX seen_path ON seen (path);
CREATE TABLE kept (seq INTEGER PRIMARY KEY, agency TEXT, year INTEGER, data BLOB);
CREATE TABLE late (seq INTEGER PRIMARY KEY, file TEXT, severity INTEGER, rule TEXT,
                   row TEXT, col TEXT, data BLOB);
CREATE TABLE summaries (seq INTEGER PRIMARY KEY, grp TEXT, path TEXT, ident TEXT,
                        problems INTEGER, data BLOB);
CREATE INDEX summaries_grp ON summaries (grp);
CREATE INDEX summaries_path ON summaries (path);
CREATE INDEX summaries_ident ON summaries (ident);
CREATE TABLE findings (seq INTEGER PRIMARY KEY, path TEXT, supervisor INTEGER, data BLOB);
CREATE INDEX findings_path ON findings (path);
"""


class CheckSpool:
    """The reports a batch has checked (identity, content hash, path) and the slim
    reports its cross-report rules read (`ogi.check.registry.KeptStore`)."""

    def __init__(self, *, on_disk: bool = True) -> None:
        # a page checking one report needs no file (creating one costs milliseconds)
        self._dir = tempfile.TemporaryDirectory(prefix="ogi-check-") if on_disk else None
        where = Path(self._dir.name) / "spool.db" if self._dir else ":memory:"
        # no journal, no fsync: the file dies with the batch
        self.db = sqlite3.connect(where, isolation_level=None)
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1024;" + _SCHEMA
        )
        self.db.execute("BEGIN")

    # the reports seen
    def add_seen(self, identity: str, sha: str | None, path: str, tables: str = "") -> None:
        """A report checked: its agency-year (`identity`), bytes, file, and its tables
        (`ogi.services.check.tables_key`)."""
        self.db.execute(
            "INSERT INTO seen (identity, sha, path, tables) VALUES (?, ?, ?, ?)",
            (identity, sha or None, path, tables),
        )

    def path_with_tables(self, identity: str, tables: str) -> str | None:
        """The file of the first report of this identity (agency-year) seen whose tables
        read as `tables` says."""
        row = self.db.execute(
            "SELECT path FROM seen WHERE identity = ? AND tables = ? ORDER BY seq LIMIT 1",
            (identity, tables),
        ).fetchone()
        return row[0] if row else None

    def path_with_sha(self, sha: str) -> str | None:
        """The file of the first report of these bytes seen."""
        return self._one("SELECT path FROM seen WHERE sha = ? ORDER BY seq", sha)

    def has_identity(self, identity: str) -> bool:
        return self._one("SELECT 1 FROM seen WHERE identity = ?", identity) is not None

    def has_path(self, path: str) -> bool:
        return self._one("SELECT 1 FROM seen WHERE path = ?", path) is not None

    def _one(self, sql: str, value: str) -> Any:
        row = self.db.execute(sql + " LIMIT 1", (value,)).fetchone()
        return row[0] if row else None

    # the slim reports (a KeptStore)
    def append(self, kept: KeptReport) -> None:
        self.db.execute(
            "INSERT INTO kept (agency, year, data) VALUES (?, ?, ?)",
            (agency_key(kept), kept.report_year, pickle.dumps(kept, protocol=5)),  # type: ignore[arg-type]
        )

    def by_agency(self) -> Iterator[list[KeptReport]]:
        # agencies in the order first seen; one agency's years sorted, a year's reports
        # in the order they came (as `KeptList.by_agency`)
        rows = self.db.execute(
            "SELECT agency, data FROM (SELECT agency, year, seq, data,"
            " min(seq) OVER (PARTITION BY agency) AS first FROM kept WHERE agency IS NOT NULL)"
            " ORDER BY first, year, seq"
        )
        for _, group in groupby(rows, key=lambda row: row[0]):
            yield [pickle.loads(data) for _, data in group]

    def by_year(self) -> Iterator[list[KeptReport]]:
        rows = self.db.execute(
            "SELECT year, data FROM (SELECT year, seq, data,"
            " min(seq) OVER (PARTITION BY year) AS first FROM kept) ORDER BY first, seq"
        )
        for _, group in groupby(rows, key=lambda row: row[0]):
            yield [pickle.loads(data) for _, data in group]

    # the cross-report findings, handed back in `Finding.sort_key` order
    def add_late(self, f: Finding) -> None:
        self.db.execute(
            "INSERT INTO late (file, severity, rule, row, col, data) VALUES (?, ?, ?, ?, ?, ?)",
            (*f.sort_key(), pickle.dumps(f, protocol=5)),
        )

    def late(self) -> Iterator[Finding]:
        # TEXT compares as UTF-8 bytes, which order as Python orders the characters
        rows = self.db.execute("SELECT data FROM late ORDER BY file, severity, rule, row, col, seq")
        for (data,) in rows:
            yield pickle.loads(data)

    # a batch's summaries and findings, for one workbook per agency written at the end
    def add_summary(self, group: str, summary: Any) -> None:
        self.db.execute(
            "INSERT INTO summaries (grp, path, ident, problems, data) VALUES (?, ?, ?, ?, ?)",
            (
                group,
                summary.path,
                summary.identity,
                len(summary.problems),
                pickle.dumps(summary, protocol=5),
            ),
        )

    def add_finding(self, f: Finding) -> None:
        self.db.execute(
            "INSERT INTO findings (path, supervisor, data) VALUES (?, ?, ?)",
            (f.file, f.audience == "supervisor", pickle.dumps(f, protocol=5)),
        )

    def groups(self) -> list[str]:
        """The agencies (or, without one, report identities) in the order first seen."""
        rows = self.db.execute("SELECT grp FROM summaries GROUP BY grp ORDER BY min(seq)")
        return [g for (g,) in rows]

    def summaries(self, group: str | None = None) -> Iterator[Any]:
        """The summaries of one group (all with `group=None` that have reading doubts)."""
        if group is None:
            rows = self.db.execute("SELECT data FROM summaries WHERE problems > 0 ORDER BY seq")
        else:
            rows = self.db.execute(
                "SELECT data FROM summaries WHERE grp = ? ORDER BY seq", (group,)
            )
        for (data,) in rows:
            yield pickle.loads(data)

    def summaries_in_order(self) -> Iterator[Any]:
        """Every summary, in the order the reports came."""
        for (data,) in self.db.execute("SELECT data FROM summaries ORDER BY seq"):
            yield pickle.loads(data)

    def summaries_with_last(self) -> Iterator[tuple[Any, bool]]:
        """Every summary in order, and whether it is the last one of its file (a file
        may hold several reports)."""
        rows = self.db.execute(
            "SELECT data, seq = max(seq) OVER (PARTITION BY path) FROM summaries ORDER BY seq"
        )
        for data, last in rows:
            yield pickle.loads(data), bool(last)

    def summary_with_identity(self, identity: str) -> Any:
        """The summary of the report of this identity (agency-year), or None."""
        data = self._one("SELECT data FROM summaries WHERE ident = ? ORDER BY seq DESC", identity)
        return pickle.loads(data) if data is not None else None

    def unplaced_findings(self) -> Iterator[Finding]:
        """The findings naming a file no report of the batch came from."""
        rows = self.db.execute(
            "SELECT data FROM findings WHERE path NOT IN (SELECT path FROM summaries) ORDER BY seq"
        )
        for (data,) in rows:
            yield pickle.loads(data)

    def findings(self, path: str | None = None) -> Iterator[Finding]:
        """The findings of the report at `path` (with None: all for the supervisor)."""
        if path is None:
            rows = self.db.execute("SELECT data FROM findings WHERE supervisor ORDER BY seq")
        else:
            rows = self.db.execute("SELECT data FROM findings WHERE path = ? ORDER BY seq", (path,))
        for (data,) in rows:
            yield pickle.loads(data)

    def position(self, path: str) -> int:
        """Where the report at `path` came in the batch (the last one of that path)."""
        value = self._one("SELECT max(seq) FROM summaries WHERE path = ?", path)
        return value or 0

    def close(self) -> None:
        self.db.close()
        if self._dir is not None:
            self._dir.cleanup()
