"""Indexes for the queries a dashboard runs over a national corpus: totals by agency and
year, one region's reports of a year, and error counts by rule (a covering index, so
counting reads no finding's text).

Revision ID: 0007_dashboard_indexes
Revises: 0006_workspace
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0007_dashboard_indexes"
down_revision = "0006_workspace"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_findings_severity_rule", "findings", ["severity", "rule"])
    op.create_index("ix_report_index_agency_year", "report_index", ["agency", "year"])
    op.create_index("ix_report_index_year_region", "report_index", ["year", "region"])


def downgrade() -> None:
    op.drop_index("ix_report_index_year_region", table_name="report_index")
    op.drop_index("ix_report_index_agency_year", table_name="report_index")
    op.drop_index("ix_findings_severity_rule", table_name="findings")
