"""The figures every page lists name a report's agency as the store names it (the entity
ingest identified: 上海市科学技术委员会), not as the report signs itself (上海市科委),
so the web pages, `ogi export` and `ogi stats` name and find the same agency.

Revision ID: 0010_index_agency_names
Revises: 0009_audit_actor
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0010_index_agency_names"
down_revision = "0009_audit_actor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE report_index SET agency = (SELECT r.agency FROM reports r"
        " WHERE r.id = report_index.report_id)"
        " WHERE EXISTS (SELECT 1 FROM reports r WHERE r.id = report_index.report_id"
        " AND r.agency_id IS NOT NULL AND r.agency IS NOT NULL)"
    )


def downgrade() -> None:
    pass  # the signed names are in each report's document; indexing again restores them
