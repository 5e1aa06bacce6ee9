"""The ogi store: the agency's records (台账) and the corpus of reports, in SQLite by
default or PostgreSQL by URL. Opening a store brings its schema to the newest migration.

Where the database is, in order: the `url` argument (``--db``), the ``OGI_DB``
environment variable, else ``ogi.db`` in the current directory.

Importing this package is cheap: the database layer (SQLAlchemy, the models) is loaded
on first use of a name below, so a command that never opens a store never pays for it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

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
    "StoreError",
    "Upload",
    "User",
    "in_chunks",
    "is_new",
    "load_models",
    "migrations_config",
    "open_store",
    "resolve_url",
    "sqlite_file",
    "upgrade",
]

DEFAULT_FILE = "ogi.db"
IN_LIST_MAX = 500  # values in one `IN (…)`: under every backend's parameter limit

T = TypeVar("T")


def in_chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """`values` in pieces small enough for one `IN (…)` list each."""
    for i in range(0, len(values), IN_LIST_MAX):
        yield values[i : i + IN_LIST_MAX]


_LAZY = {
    "Agency": "ogi.store.models",
    "Application": "ogi.store.models",
    "Base": "ogi.store.models",
    "Holiday": "ogi.store.models",
    "ProactiveCount": "ogi.store.models",
    "ReportRecord": "ogi.store.models",
    "Review": "ogi.store.models",
    "Store": "ogi.store.database",
    "migrations_config": "ogi.store.database",
    "open_store": "ogi.store.database",
    "upgrade": "ogi.store.database",
    "StoreError": "ogi.store.errors",
    "Setting": "ogi.store.accounts",
    "User": "ogi.store.accounts",
    "Job": "ogi.store.jobs",
    "Batch": "ogi.store.review",
    "Blob": "ogi.store.review",
    "FindingRecord": "ogi.store.review",
    "FindingReview": "ogi.store.review",
    "ReportIndex": "ogi.store.review",
    "Upload": "ogi.store.review",
    "AuditEntry": "ogi.store.workspace",
    "ReportDraft": "ogi.store.workspace",
}
# Every module that defines tables: imported together whenever the schema as a whole
# matters (opening a store, repairing one, migrations), so that none is left out.
MODEL_MODULES = (
    "ogi.store.models",
    "ogi.store.accounts",
    "ogi.store.jobs",
    "ogi.store.review",
    "ogi.store.workspace",
)


def load_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)


def resolve_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, ``OGI_DB`` or the default file. A bare path means
    a SQLite file, so the office can write ``--db 台账.db``."""
    value = db or os.environ.get("OGI_DB") or DEFAULT_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL written the plain way (``sqlite:///path``, no query);
    None for any other URL, a store in memory included."""
    if not url.startswith("sqlite:///") or "?" in url or url == "sqlite:///:memory:":
        return None
    return Path(url.removeprefix("sqlite:///"))


def is_new(url: str) -> bool:
    """Whether the store at `url` surely holds nothing yet: a SQLite file not created yet
    (or empty), or one in memory. A server's database is not asked (False)."""
    if url in ("sqlite://", "sqlite:///:memory:"):
        return True
    path = sqlite_file(url)
    if path is None:
        return False
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ogi.store' has no attribute {name!r}")
