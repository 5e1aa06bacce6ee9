"""Agencies as entities (region, level, kind, stable id, names seen, uncertain matches)
and one report per agency-year (each stored file a source; the primary reading).

Revision ID: 0003_agencies
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_agencies"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("code", sa.String(40), nullable=True))
        batch.add_column(sa.Column("kind", sa.String(20), nullable=True))
        batch.add_column(sa.Column("province", sa.String(50), nullable=True))
        batch.add_column(sa.Column("city", sa.String(50), nullable=True))
        batch.add_column(sa.Column("county", sa.String(50), nullable=True))
        batch.add_column(sa.Column("adcode", sa.String(6), nullable=True))
        batch.add_column(sa.Column("parent_id", sa.Integer, nullable=True))
        batch.add_column(
            sa.Column("decided_by", sa.String(10), nullable=False, server_default="auto")
        )
        batch.create_unique_constraint("uq_agencies_code", ["code"])
        batch.create_index("ix_agencies_adcode", ["adcode"])
        batch.create_foreign_key("fk_agencies_parent", "agencies", ["parent_id"], ["id"])
    op.create_table(
        "agency_names",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("source", sa.String(10), nullable=False),
    )
    op.create_index("ix_agency_names_agency_id", "agency_names", ["agency_id"])
    op.create_table(
        "agency_candidates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("candidate", sa.String(400), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.UniqueConstraint("agency_id", "candidate"),
    )
    op.create_index("ix_agency_candidates_agency_id", "agency_candidates", ["agency_id"])
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("agency_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("primary", sa.Boolean, nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("errors", sa.Integer, nullable=True))
        batch.add_column(sa.Column("warnings", sa.Integer, nullable=True))
        batch.add_column(sa.Column("findings", sa.JSON, nullable=True))
        batch.create_index("ix_reports_agency_id", ["agency_id"])
        batch.create_foreign_key("fk_reports_agency", "agencies", ["agency_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_constraint("fk_reports_agency", type_="foreignkey")
        batch.drop_index("ix_reports_agency_id")
        for c in ("findings", "warnings", "errors", "primary", "agency_id"):
            batch.drop_column(c)
    op.drop_table("agency_candidates")
    op.drop_table("agency_names")
    with op.batch_alter_table("agencies") as batch:
        batch.drop_constraint("fk_agencies_parent", type_="foreignkey")
        batch.drop_index("ix_agencies_adcode")
        batch.drop_constraint("uq_agencies_code", type_="unique")
        for c in (
            "decided_by",
            "parent_id",
            "adcode",
            "county",
            "city",
            "province",
            "kind",
            "code",
        ):
            batch.drop_column(c)
