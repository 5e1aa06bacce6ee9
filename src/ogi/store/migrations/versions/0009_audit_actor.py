"""Who made a change outside the web: `ogi ledger` runs have no web account, so the
audit log keeps their actor as text (命令行：the system user) beside `user_id`.

Revision ID: 0009_audit_actor
Revises: 0008_primary_index
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_audit_actor"
down_revision = "0008_primary_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("actor", sa.String(80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("actor")
