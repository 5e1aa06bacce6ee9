"""The web application's tables: accounts and settings, background jobs, uploaded files,
batches, findings with people's decisions on them, and a row of figures per report.

Revision ID: 0004_web_review
Revises: 0003_agencies
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_web_review"
down_revision = "0003_agencies"
branch_labels = None
depends_on = None

MEASURES = (
    "received",
    "carried_over",
    "granted",
    "partially_granted",
    "withheld",
    "withheld_state_secret",
    "withheld_prohibited_by_law",
    "withheld_security_stability",
    "withheld_third_party_rights",
    "withheld_internal_affairs",
    "withheld_process_info",
    "withheld_enforcement_files",
    "withheld_admin_inquiry",
    "unable",
    "not_held",
    "not_processed",
    "other_handling",
    "results_total",
    "carried_forward",
    "reviews",
    "reviews_corrected",
    "lawsuits",
    "lawsuits_corrected",
)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("region", sa.String(200)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("worker", sa.String(200)),
        sa.Column("created", sa.DateTime, server_default=sa.func.now(), nullable=False),
        sa.Column("started", sa.DateTime),
        sa.Column("finished", sa.DateTime),
        sa.Column("heartbeat", sa.DateTime),
    )
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("created", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_batches_region", "batches", ["region"])
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id", ondelete="CASCADE")),
        sa.Column("action", sa.String(36), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("suffix", sa.String(10), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id")),
        sa.Column("agency", sa.String(200)),
        sa.Column("year", sa.Integer),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("uploaded", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    for col in ("action", "batch_id", "report_id", "sha256"):
        op.create_index(f"ix_uploads_{col}", "uploads", [col])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id",
            sa.Integer,
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fid", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("tbl", sa.String(4)),
        sa.Column("row", sa.String(120)),
        sa.Column("col", sa.String(80)),
        sa.Column("section", sa.String(60)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("message_en", sa.Text, nullable=False),
        sa.Column("hint", sa.Text, nullable=False),
        sa.Column("expected", sa.JSON),
        sa.Column("found", sa.JSON),
        sa.UniqueConstraint("report_id", "fid"),
    )
    op.create_index("ix_findings_rule", "findings", ["rule"])
    op.create_table(
        "finding_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id",
            sa.Integer,
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fid", sa.String(64), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id", ondelete="SET NULL")),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("created", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_finding_reviews_report_fid", "finding_reviews", ["report_id", "fid"])
    op.create_table(
        "report_index",
        sa.Column(
            "report_id",
            sa.Integer,
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("agency", sa.String(200)),
        sa.Column("year", sa.Integer),
        sa.Column("region", sa.String(200)),
        sa.Column("level", sa.String(50)),
        sa.Column("edition", sa.String(10)),
        sa.Column("form", sa.String(10)),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("problems", sa.Integer, nullable=False),
        sa.Column("indexed", sa.DateTime, server_default=sa.func.now(), nullable=False),
        *(sa.Column(m, sa.Integer) for m in MEASURES),
        sa.Column("granted_share", sa.Float),
        sa.Column("corrected_share", sa.Float),
    )
    for col in ("agency", "level", "public", "region", "year"):
        op.create_index(f"ix_report_index_{col}", "report_index", [col])


def downgrade() -> None:
    for table in (
        "report_index",
        "finding_reviews",
        "findings",
        "uploads",
        "batches",
        "blobs",
        "jobs",
        "settings",
        "users",
    ):
        op.drop_table(table)
