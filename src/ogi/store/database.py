"""Opening a store: the engine, its transactions, and the schema brought up to date.

Three things make a store survive kills and races:

- On SQLite every transaction is a real one, DDL included (pysqlite would otherwise
  commit each CREATE TABLE on its own, so a kill during the first creation left tables
  without a migration version). Creating or upgrading the schema is therefore atomic.
- Writers serialise: a write transaction on SQLite starts with ``BEGIN IMMEDIATE`` and
  waits for the lock; on PostgreSQL migrations take an advisory lock. Two commands that
  open a new store at once do not both create it.
- A SQLite store left half-created by an older ogi (tables, no version, no rows) is
  rebuilt on open, with a message.

Opening a store that is already at the newest revision reads one row and never imports
Alembic.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ogi.store import resolve_url
from ogi.store.errors import StoreError, describe, mask_password
from ogi.store.revisions import MIGRATIONS, head_revision

SQLITE_BUSY_SECONDS = 60  # how long a writer waits for another writer's lock
PG_MIGRATION_LOCK = 0x6F6769  # advisory lock key held while migrating ("ogi")


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transactions away from pysqlite (which does not wrap DDL in them) and
        # emit BEGIN ourselves below; SQLite ignores foreign keys unless asked.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("ogi_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite with real transactions and a patient lock wait."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
            _sqlite_setup(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ModuleNotFoundError) as e:
        raise StoreError(describe(url, e)) from None
    return engine


# -- migrations ---------------------------------------------------------------------------


def current_revision(conn: Any) -> str | None:
    """The revision the database is at; None for a database without one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrations_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _repair_half_created(conn: Any, url: str, notify: Callable[[str], None]) -> None:
    """A SQLite store whose first creation was killed by an older ogi: its tables exist
    (some or all) without a version. When they hold no row, drop them so the migrations
    build the store again; otherwise refuse, naming what is there."""
    from ogi.store import load_models
    from ogi.store.models import Base

    load_models()
    known = set(Base.metadata.tables)
    tables = set(inspect(conn).get_table_names()) - {"alembic_version", "sqlite_sequence"}
    ours = tables & known
    if not ours:
        return
    where = mask_password(url)
    if tables - known:
        raise StoreError(
            f"数据库 {where} 中有 ogi 以外的表（{'、'.join(sorted(tables - known))}），"
            "且没有迁移版本记录；请换一个数据库文件或 URL"
        )
    full = [t for t in sorted(ours) if conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()]
    if full:
        raise StoreError(
            f"数据库 {where} 有数据（{'、'.join(full)}）但没有迁移版本记录，无法判断其版本；"
            "请用备份恢复，或换一个数据库文件"
        )
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in ours:
            conn.exec_driver_sql(f'DROP TABLE "{table.name}"')
    conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    notify(f"数据库 {where} 上次建立时被中断（{len(ours)} 张空表，没有版本记录），已重新建立")


def upgrade(engine: Engine, notify: Callable[[str], None] | None = None) -> tuple[str | None, str]:
    """Apply every migration not yet applied, in one transaction that holds the writers'
    lock; (revision before, revision after)."""
    from alembic import command

    notify = notify or _stderr
    url = engine.url.render_as_string(hide_password=False)
    cfg = migrations_config(url)
    with engine.execution_options(ogi_write=True).begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        before = current_revision(conn)
        if before is None and engine.dialect.name == "sqlite":
            _repair_half_created(conn, url, notify)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        after = current_revision(conn)
    return before, after or ""


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


# -- the store ----------------------------------------------------------------------------


@dataclass
class Store:
    url: str
    engine: Engine
    factory: sessionmaker[Session]

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session committed on success and rolled back on error. `write=True` takes
        the writers' lock at the start (SQLite), so a batch of writes waits for another
        writer instead of failing half-way."""
        s = self.factory(bind=self.writer) if write else self.factory()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @property
    def writer(self) -> Engine:
        return self.engine.execution_options(ogi_write=True)

    @property
    def shown_url(self) -> str:
        """The URL with its password hidden."""
        return mask_password(self.url)

    def close(self) -> None:
        self.engine.dispose()


def open_store(
    db: str | None = None, *, migrate: bool = True, notify: Callable[[str], None] | None = None
) -> Store:
    """The store at `db` (see `resolve_url`), its schema brought to the newest revision.
    Raises `StoreError` with a one-line reason when it cannot be opened."""
    from ogi.store import load_models

    load_models()  # every table's model known before any query
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        if migrate:
            with engine.connect() as conn:
                at_head = current_revision(conn) == head_revision()
            if not at_head:
                upgrade(engine, notify)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as e:
        engine.dispose()
        raise StoreError(describe(url, e)) from None
    return Store(url, engine, sessionmaker(engine, expire_on_commit=False))
