"""Keep each stored report's whole typed document (editions, metadata, raw cells,
labels) beside the columns used for queries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("document", sa.JSON, nullable=True))
        batch.add_column(sa.Column("published", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("published")
        batch.drop_column("document")
