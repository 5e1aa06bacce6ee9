"""The agency workspace: users belong to an agency, the audit log, and the versions of
each agency's report with their review status.

Revision ID: 0006_workspace
Revises: 0005_findings_place
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_workspace"
down_revision = "0005_findings_place"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("agency_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_users_agency", "agencies", ["agency_id"], ["id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("at", sa.DateTime, server_default=sa.func.now(), nullable=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_agency_id", "audit_log", ["agency_id"])
    op.create_table(
        "report_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("parts", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("submitted_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("approved_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("document", sa.JSON),
        sa.Column("updated", sa.DateTime, server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("agency_id", "year", "version"),
    )
    op.create_index("ix_report_drafts_agency_id", "report_drafts", ["agency_id"])


def downgrade() -> None:
    op.drop_index("ix_report_drafts_agency_id", "report_drafts")
    op.drop_table("report_drafts")
    op.drop_index("ix_audit_log_agency_id", "audit_log")
    op.drop_table("audit_log")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_agency", type_="foreignkey")
        batch.drop_column("agency_id")
