"""The newest schema revision, read from the migration files without importing Alembic
or SQLAlchemy: asking whether a store is up to date must stay cheap."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"


@cache
def head_revision() -> str:
    """The newest migration: the one revision no other revision comes after."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for entry in (MIGRATIONS / "versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        source = entry.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*"([^"]+)"', source, re.M)
        down = re.search(r'^down_revision\s*=\s*"([^"]+)"', source, re.M)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()
