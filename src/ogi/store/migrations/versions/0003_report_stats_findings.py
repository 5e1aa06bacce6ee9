"""Narrow per-report figures (with one covering index led by agency and year) and
stored findings (indexed by severity and rule), for the queries a dashboard runs over a
national corpus; figures of reports stored before are filled in.

Revision ID: 0003_report_stats_findings
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import context, op

revision = "0003_report_stats_findings"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_stats",
        sa.Column(
            "report_id",
            sa.Integer,
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("agency", sa.String(200)),
        sa.Column("year", sa.Integer),
        *(
            sa.Column(name, sa.Float)
            for name in (
                "received",
                "carried_over",
                "granted",
                "partially_granted",
                "results_total",
                "carried_forward",
                "review_total",
                "litigation_total",
            )
        ),
        sa.Column("errors", sa.Integer),
        sa.Column("warnings", sa.Integer),
    )
    # covering: the dashboard queries read this index alone (see ogi.store.models)
    op.create_index(
        "ix_report_stats_agency_year", "report_stats", ["agency", "year", *STAT_COLUMNS[3:]]
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id",
            sa.Integer,
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("table", sa.String(4)),
        sa.Column("row", sa.String(120)),
        sa.Column("column", sa.String(80)),
        sa.Column("section", sa.String(40)),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_findings_report_id", "findings", ["report_id"])
    op.create_index("ix_findings_severity_rule", "findings", ["severity", "rule"])
    _fill_stats()


def _fill_stats() -> None:
    """Figures of the reports already stored, from their cells (the mapping as it was
    when this revision was written: a migration does not follow later code)."""
    if context.is_offline_mode():  # `alembic --sql`: no data to read
        return
    conn = op.get_bind()
    reports = sa.table(
        "reports", sa.column("id"), sa.column("agency"), sa.column("year"), sa.column("cells")
    )
    stats = sa.table("report_stats", *(sa.column(c) for c in STAT_COLUMNS))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(reports).where(reports.c.id > last).order_by(reports.c.id).limit(500)
        ).all()
        if not rows:
            return
        values = []
        for rid, agency, year, cells in rows:
            if isinstance(cells, str):
                cells = json.loads(cells)
            values.append({"report_id": rid, **_stats(agency, year, cells or {})})
        conn.execute(stats.insert(), values)
        last = rows[-1][0]


CELLS = {
    "received": "t3.new_received.total",
    "carried_over": "t3.carried_over.total",
    "granted": "t3.results.granted.total",
    "partially_granted": "t3.results.partially_granted.total",
    "results_total": "t3.results.total.total",
    "carried_forward": "t3.carried_forward.total",
    "review_total": "t4.review.total",
}
LITIGATION = ("t4.litigation.direct.total", "t4.litigation.after_review.total")


def _stats(agency: str | None, year: int | None, cells: dict) -> dict:
    out: dict = {"agency": agency, "year": year, "errors": None, "warnings": None}
    for name, path in CELLS.items():
        v = cells.get(path)
        out[name] = float(v) if isinstance(v, int | float) else None
    lit = [cells.get(p) for p in LITIGATION if isinstance(cells.get(p), int | float)]
    out["litigation_total"] = float(sum(lit)) if lit else None
    return out


STAT_COLUMNS = (
    "report_id",
    "agency",
    "year",
    "received",
    "carried_over",
    "granted",
    "partially_granted",
    "results_total",
    "carried_forward",
    "review_total",
    "litigation_total",
    "errors",
    "warnings",
)


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("report_stats")
