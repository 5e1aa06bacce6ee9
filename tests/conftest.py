"""Stores the tests run against: the embedded SQLite and a real PostgreSQL server.

`db_url` gives each test a fresh, empty database on each backend. PostgreSQL is the
server named by ``OGI_TEST_PG`` (a SQLAlchemy URL to an administrative database, e.g.
``postgresql+psycopg://ogi:ogi@127.0.0.1:5432/postgres``); `.ci/run` starts one and sets
it. Without it the PostgreSQL half is skipped, unless ``OGI_REQUIRE_PG=1`` (set in CI),
where a missing server is a failure rather than a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run and every machine, so a failure in
# CI is reproduced by running the test again, and a pass means the same thing everywhere.
settings.register_profile("ogi", derandomize=True, print_blob=True)
settings.load_profile("ogi")

PG_ADMIN = os.environ.get("OGI_TEST_PG", "")
REQUIRE_PG = os.environ.get("OGI_REQUIRE_PG") == "1"


def _pg_available() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    if not PG_ADMIN:
        return "OGI_TEST_PG is not set (see .ci/run)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[pg]')"
    return None


def pg_database() -> Iterator[str]:
    """A new database on the test server, dropped afterwards; yields its URL."""
    why = _pg_available()
    if why:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required here: {why}")
        pytest.skip(f"PostgreSQL not available: {why}")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ogi_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty store URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ogi.db'}"
    else:
        yield from pg_database()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh empty PostgreSQL database (for tests that only make sense on a server)."""
    yield from pg_database()


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The address of a local Dask cluster of two worker processes (one per module)."""
    distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    # (its HTTP server on a free port: with no address it takes 8787, and another
    # cluster on the machine, another test run's, makes it move there with a warning)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as c:
        yield c.scheduler_address
