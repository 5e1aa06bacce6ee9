"""An index on `reports.primary`: the corpus page, its charts and its downloads count each
agency-year once, leaving out the sources that are not its primary (few, so they are
found through the index rather than by reading every report).

Revision ID: 0008_primary_index
Revises: 0007_dashboard_indexes
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0008_primary_index"
down_revision = "0007_dashboard_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reports_primary", "reports", ["primary"])


def downgrade() -> None:
    op.drop_index("ix_reports_primary", table_name="reports")
