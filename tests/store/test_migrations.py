"""The store's schema comes from its migrations, applied on open."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from ogi.model import Report, Source
from ogi.store import Base, ReportRecord, open_store, resolve_url
from ogi.store.ledger import find_agency

TABLES = {
    "agencies",
    "applications",
    "reviews",
    "proactive_counts",
    "holidays",
    "reports",
    "alembic_version",
}


def test_fresh_sqlite_file_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "新台账.db"
    store = open_store(str(db))
    assert db.exists()
    assert set(inspect(store.engine).get_table_names()) == TABLES
    with store.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0001"
        # The migration and the models describe the same schema.
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    store.close()
    # Opening again is a no-op, and the data stays.
    with open_store(str(db)).session() as s:
        find_agency(s, "示例镇人民政府", create=True)
    with open_store(str(db)).session() as s:
        assert find_agency(s, None).name == "示例镇人民政府"


def test_where_the_database_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OGI_DB", raising=False)
    assert resolve_url() == "sqlite:///ogi.db"
    monkeypatch.setenv("OGI_DB", str(tmp_path / "a.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'a.db'}"
    url = "postgresql+psycopg://ogi@localhost/ogi"
    assert resolve_url(url) == url  # --db wins over OGI_DB


def test_reports_table_keeps_a_report_once(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    report = Report(
        source=Source(path="a.txt", sha256="ab" * 32, form="txt"),
        report_year=2024,
        agency="示例镇人民政府",
        edition="2021",
        cells={"t3.new_received.total": 3},
    )
    store = open_store(str(tmp_path / "ogi.db"))

    def record() -> ReportRecord:
        return ReportRecord(
            agency=report.agency,
            year=report.report_year,
            sha256=report.source.sha256,
            form=report.source.form,
            edition=report.edition,
            source_path=report.source.path,
            cells=report.cells,
            sections=[s.model_dump() for s in report.sections],
            problems=[],
        )

    with store.session() as s:
        s.add(record())
    with store.session() as s:
        got = s.scalar(select(ReportRecord))
        assert got is not None and got.cells == {"t3.new_received.total": 3}
    with pytest.raises(IntegrityError), store.session() as s:
        s.add(record())
