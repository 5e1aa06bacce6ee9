"""Published (or composed) reports kept in the store, one row per source file.

A row is keyed by the sha256 of the file's bytes. Rows are inserted "if absent"
(``ON CONFLICT DO NOTHING``), so two ingests of the same files at once, or a re-run
after a kill, neither fail nor duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.model import Report
from ogi.store.models import FindingRecord, ReportRecord, ReportStats

# The headline figures kept in `report_stats` for dashboards, by cell path.
STAT_CELLS = {
    "received": "t3.new_received.total",
    "carried_over": "t3.carried_over.total",
    "granted": "t3.results.granted.total",
    "partially_granted": "t3.results.partially_granted.total",
    "results_total": "t3.results.total.total",
    "carried_forward": "t3.carried_forward.total",
    "review_total": "t4.review.total",
}
LITIGATION_CELLS = ("t4.litigation.direct.total", "t4.litigation.after_review.total")


def record_values(report: Report) -> dict[str, Any]:
    """The column values of `report`'s row (plain data: made in a worker process, sent
    to the one that writes)."""
    return {
        "agency": report.agency,
        "year": report.report_year,
        "sha256": report.source.sha256,
        "form": report.source.form,
        "edition": report.edition,
        "source_path": report.source.path,
        "cells": dict(report.cells),
        "sections": [s.model_dump(mode="json") for s in report.sections],
        "problems": [p.model_dump(mode="json") for p in report.problems],
        "document": report.model_dump(mode="json"),
        "published": report.published,
    }


def stats_values(
    agency: str | None, year: int | None, cells: dict[str, Any], findings: list[Any] | None = None
) -> dict[str, Any]:
    """The `report_stats` row of a report (without its id); error and warning counts
    when the report was checked (`findings`), else None."""
    out: dict[str, Any] = {"agency": agency, "year": year}
    for name, path in STAT_CELLS.items():
        v = cells.get(path)
        out[name] = float(v) if isinstance(v, int | float) else None
    lit = [cells[p] for p in LITIGATION_CELLS if isinstance(cells.get(p), int | float)]
    out["litigation_total"] = float(sum(lit)) if lit else None
    sev = [f["severity"] for f in findings] if findings is not None else None
    out["errors"] = sev.count("error") if sev is not None else None
    out["warnings"] = sev.count("warning") if sev is not None else None
    return out


def finding_values(finding: Any) -> dict[str, Any]:
    """A `findings` row (without report id) of an `ogi.check.Finding`."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "table": finding.table,
        "row": finding.row,
        "column": finding.column,
        "section": finding.section,
        "message": finding.message,
    }


def bundle(report: Report, findings: list[Any] | None = None) -> dict[str, Any]:
    """Everything stored for one report: its row, its figures, its findings (when it
    was checked). Plain data, made in the worker that read the report."""
    found = [finding_values(f) for f in findings] if findings is not None else None
    return {
        "report": record_values(report),
        "stats": stats_values(report.agency, report.report_year, dict(report.cells), found),
        "findings": found or [],
    }


def stored_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """Which of `hashes` the store holds already."""
    wanted = list(dict.fromkeys(hashes))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):  # stay under every backend's parameter limit
        chunk = wanted[i : i + 500]
        found.update(
            session.scalars(select(ReportRecord.sha256).where(ReportRecord.sha256.in_(chunk)))
        )
    return found


def insert_reports(session: Session, bundles: Iterable[dict[str, Any]]) -> int:
    """Insert each report (a `bundle`) unless one with its sha256 is there, with its
    figures and findings; how many were added."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    added = 0
    for b in bundles:
        stmt = (
            insert(ReportRecord)
            .values(**b["report"])
            .on_conflict_do_nothing(index_elements=["sha256"])
            .returning(ReportRecord.id)
        )
        rid = session.execute(stmt).scalar()  # None: stored already (rowcount is unreliable)
        if rid is None:
            continue
        added += 1
        session.execute(insert(ReportStats).values(report_id=rid, **b["stats"]))
        if b["findings"]:
            session.execute(insert(FindingRecord), [{"report_id": rid, **f} for f in b["findings"]])
    return added


def add_report(session: Session, report: Report) -> tuple[ReportRecord, bool]:
    """Store `report` unless a report from the same file (same sha256) is there;
    (the stored row, whether it was added)."""
    added = insert_reports(session, [bundle(report)]) == 1
    row = session.scalar(select(ReportRecord).where(ReportRecord.sha256 == report.source.sha256))
    assert row is not None
    return row, added


def report_of(row: ReportRecord) -> Report:
    """The `Report` a stored row holds (the whole document where it was kept)."""
    if row.document:
        return Report.model_validate(row.document)
    return Report.model_validate(
        {
            "source": {"path": row.source_path, "sha256": row.sha256, "form": row.form},
            "report_year": row.year,
            "agency": row.agency,
            "edition": row.edition,
            "cells": row.cells,
            "sections": row.sections,
            "problems": row.problems,
        }
    )
