"""Findings keep who acts on them (the agency, or the supervisor for a reading doubt),
their exact cell and the sentence they quote, as the checker gives them.

Findings stored before keep the audience "agency" and no cell or quote until their
report is indexed again (`ogi.services.indexing.index_reports`).

Revision ID: 0005_findings_place
Revises: 0004_web_review
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_findings_place"
down_revision = "0004_web_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as b:
        b.add_column(sa.Column("audience", sa.String(12), nullable=False, server_default="agency"))
        b.add_column(sa.Column("cell", sa.String(200)))
        b.add_column(sa.Column("quote", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("findings") as b:
        b.drop_column("quote")
        b.drop_column("cell")
        b.drop_column("audience")
