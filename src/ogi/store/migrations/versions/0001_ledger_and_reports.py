"""Ledger tables (agencies, applications, reviews, proactive counts, holidays) and the
corpus table of reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("level", sa.String(50)),
        sa.Column("created", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("serial_no", sa.String(50), nullable=False),
        sa.Column("applicant_name", sa.String(200), nullable=False),
        sa.Column("applicant_type", sa.String(40), nullable=False),
        sa.Column("received", sa.Date, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("outcome", sa.String(80)),
        sa.Column("reply_date", sa.Date),
        sa.Column("extended", sa.Boolean, nullable=False),
        sa.Column("extension_days", sa.Integer, nullable=False),
        sa.Column("correction_start", sa.Date),
        sa.Column("correction_end", sa.Date),
        sa.Column("consult_start", sa.Date),
        sa.Column("consult_end", sa.Date),
        sa.Column("fee", sa.Float, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.UniqueConstraint("agency_id", "year", "serial_no"),
    )
    op.create_index("ix_applications_agency_id", "applications", ["agency_id"])
    op.create_index("ix_applications_year", "applications", ["year"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("case_no", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("filed", sa.Date, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("concluded", sa.Date),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_index("ix_reviews_agency_id", "reviews", ["agency_id"])
    op.create_table(
        "proactive_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("path", sa.String(120), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.UniqueConstraint("agency_id", "year", "path"),
    )
    op.create_index("ix_proactive_counts_agency_id", "proactive_counts", ["agency_id"])
    op.create_table(
        "holidays",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("workday", sa.Boolean, nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency", sa.String(200)),
        sa.Column("year", sa.Integer),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("form", sa.String(10), nullable=False),
        sa.Column("edition", sa.String(10)),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("cells", sa.JSON, nullable=False),
        sa.Column("sections", sa.JSON, nullable=False),
        sa.Column("problems", sa.JSON, nullable=False),
        sa.Column("added", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_reports_agency", "reports", ["agency"])
    op.create_index("ix_reports_year", "reports", ["year"])


def downgrade() -> None:
    for table in ("reports", "holidays", "proactive_counts", "reviews", "applications"):
        op.drop_table(table)
    op.drop_table("agencies")
