from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ogi.services.uploads import Limits
from ogi.web import create_app


@pytest.fixture
def app(tmp_path) -> Iterator[FastAPI]:  # type: ignore[no-untyped-def]
    """The application over a fresh SQLite store; background jobs run when a test
    calls ``app.state.worker.drain()``."""
    application = create_app(
        f"sqlite:///{tmp_path / 'ogi.db'}", worker=False, limits=Limits(max_file_mb=1, max_files=8)
    )
    yield application
    application.state.store.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
