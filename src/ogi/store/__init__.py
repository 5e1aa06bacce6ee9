"""The ogi store: the agency's records (台账) and the corpus of reports, in SQLite by
default or PostgreSQL by URL. Opening a store brings its schema to the newest migration.

Where the database is, in order: the `url` argument (``--db``), the ``OGI_DB``
environment variable, else ``ogi.db`` in the current directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ogi.store.accounts import Setting, User
from ogi.store.jobs import Job
from ogi.store.models import (
    Agency,
    Application,
    Base,
    Holiday,
    ProactiveCount,
    ReportRecord,
    Review,
)
from ogi.store.review import (
    Batch,
    Blob,
    FindingRecord,
    FindingReview,
    ReportIndex,
    Upload,
)
from ogi.store.workspace import AuditEntry, ReportDraft

__all__ = [
    "Agency",
    "Application",
    "AuditEntry",
    "Base",
    "Batch",
    "Blob",
    "FindingRecord",
    "FindingReview",
    "Holiday",
    "Job",
    "ProactiveCount",
    "ReportDraft",
    "ReportIndex",
    "ReportRecord",
    "Review",
    "Setting",
    "Store",
    "Upload",
    "User",
    "open_store",
    "resolve_url",
]

DEFAULT_FILE = "ogi.db"


def resolve_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, ``OGI_DB`` or the default file. A bare path means
    a SQLite file, so the office can write ``--db 台账.db``."""
    value = db or os.environ.get("OGI_DB") or DEFAULT_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_foreign_keys(engine: Engine) -> None:
    # SQLite ignores foreign keys unless each connection asks for them.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


def migrations_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("ogi.store").joinpath("migrations")))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied (``alembic upgrade head``)."""
    cfg = migrations_config(str(engine.url))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class Store:
    url: str
    engine: Engine
    factory: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        s = self.factory()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: str | None = None, *, migrate: bool = True) -> Store:
    url = resolve_url(db)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _sqlite_foreign_keys(engine)
    if migrate:
        upgrade(engine)
    return Store(url, engine, sessionmaker(engine, expire_on_commit=False))
