"""The store's schema comes from its migrations, applied on open."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from ogi.store import Base, ReportRecord, open_store, resolve_url
from ogi.store.database import head_revision
from ogi.store.ledger import find_agency

TABLES = {
    "agencies",
    "applications",
    "reviews",
    "proactive_counts",
    "holidays",
    "reports",
    "agency_names",
    "agency_candidates",
    "alembic_version",
    "users",
    "settings",
    "jobs",
    "blobs",
    "batches",
    "uploads",
    "findings",
    "finding_reviews",
    "report_index",
    "audit_log",
    "report_drafts",
}


def test_fresh_sqlite_file_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "新台账.db"
    store = open_store(str(db))
    assert db.exists()
    assert set(inspect(store.engine).get_table_names()) == TABLES
    with store.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == (
            head_revision()
        )
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


def test_reports_table_keeps_a_report_once(db_url: str) -> None:
    from ogi.compose.tables import compose_report
    from ogi.store.reports import add_report, report_of

    store = open_store(db_url)
    with store.session() as s:
        find_agency(s, "示例镇人民政府", create=True)
        report = compose_report(s, None, 2024)
    with store.session() as s:
        row, added = add_report(s, report)
        assert added
    with store.session() as s:
        again, added = add_report(s, report)
        assert not added and again.id == row.id
        assert s.scalar(select(func.count()).select_from(ReportRecord)) == 1
        back = report_of(again)
    assert back.cells == report.cells and back.sections == report.sections
    # The uniqueness is the database's too, not only add_report's.
    with pytest.raises(IntegrityError), store.session() as s:
        s.add(
            ReportRecord(
                sha256=report.source.sha256,
                form="txt",
                source_path="",
                cells={},
                sections=[],
                problems=[],
            )
        )


def test_postgresql_migration_sql() -> None:
    """Without a server: the migration renders as PostgreSQL DDL (alembic --sql)."""
    import io

    from alembic import command

    from ogi.store import migrations_config

    cfg = migrations_config("postgresql+psycopg://ogi@localhost/ogi")
    cfg.output_buffer = io.StringIO()
    command.upgrade(cfg, "head", sql=True)
    sql = cfg.output_buffer.getvalue()
    for table in TABLES:
        assert f"CREATE TABLE {table} (" in sql
    assert "id SERIAL NOT NULL" in sql and "cells JSON NOT NULL" in sql


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    from alembic.script import ScriptDirectory

    from ogi.store import migrations_config

    script = ScriptDirectory.from_config(migrations_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_head_read_without_alembic_is_alembics_head() -> None:
    assert head_revision() == _revisions()[-1]


def test_every_earlier_revision_upgrades_to_head_with_its_data(db_url: str) -> None:
    """A database left at any earlier revision (a store of the previous ogi) is brought
    to the newest on open, its reports kept, its schema then the models' own."""
    from alembic import command
    from sqlalchemy import create_engine

    from ogi.store import migrations_config
    from ogi.store.reports import report_of

    cfg = migrations_config(db_url)
    for rev in _revisions()[:-1]:
        engine = create_engine(db_url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
            command.upgrade(cfg, rev)
            conn.execute(
                text(
                    "insert into reports (agency, year, sha256, form, edition, source_path,"
                    " cells, sections, problems, added) values ('示例镇人民政府', 2023, 'abc',"
                    " 'txt', '2021', 'a.txt', '{\"t4.review.total\": 1}', '[]', '[]',"
                    " CURRENT_TIMESTAMP)"
                )
            )
        engine.dispose()
        store = open_store(db_url)
        with store.engine.connect() as conn:
            assert conn.execute(text("select version_num from alembic_version")).scalar() == (
                head_revision()
            )
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        with store.session() as s:
            row = s.query(ReportRecord).one()
            r = report_of(row)
        store.close()
        assert (r.agency, r.report_year, r.cells) == (
            "示例镇人民政府",
            2023,
            {"t4.review.total": 1},
        ), rev


def test_figures_name_the_agency_as_the_store_names_it_after_0010(db_url: str) -> None:
    """A store of the previous ogi listed a report's agency as the report signs itself;
    the upgrade names it as the store does (the identified agency), and leaves a report
    without an identified agency as it was."""
    from alembic import command
    from sqlalchemy import create_engine

    from ogi.store import migrations_config

    cfg = migrations_config(db_url)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        command.upgrade(cfg, "0009_audit_actor")
        conn.execute(text("insert into agencies (id, name) values (7, '示例县科学技术委员会')"))
        for rid, agency, agency_id in ((1, "示例县科学技术委员会", 7), (2, "示例镇", None)):
            conn.execute(
                text(
                    "insert into reports (id, agency, agency_id, year, sha256, form, edition,"
                    " source_path, cells, sections, problems, added) values (:id, :agency,"
                    " :aid, 2023, :sha, 'txt', '2021', 'a.txt', '{}', '[]', '[]',"
                    " CURRENT_TIMESTAMP)"
                ),
                {"id": rid, "agency": agency, "aid": agency_id, "sha": f"sha{rid}"},
            )
        conn.execute(
            text(
                "insert into report_index (report_id, agency, year, public, errors, warnings,"
                " infos, problems) values (1, '示例县科委', 2023, true, 0, 0, 0, 0),"
                " (2, '示例镇', 2023, true, 0, 0, 0, 0)"
            )
        )
    engine.dispose()
    store = open_store(db_url)
    with store.engine.connect() as conn:
        rows = conn.execute(text("select report_id, agency from report_index order by 1"))
        assert list(rows) == [(1, "示例县科学技术委员会"), (2, "示例镇")]
    store.close()
