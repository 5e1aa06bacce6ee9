"""Published (or composed) reports kept in the store, one row per source file."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.model import Report
from ogi.store.models import ReportRecord


def add_report(session: Session, report: Report) -> tuple[ReportRecord, bool]:
    """Store `report` unless a report from the same file (same sha256) is there;
    (the stored row, whether it was added)."""
    found = session.scalar(select(ReportRecord).where(ReportRecord.sha256 == report.source.sha256))
    if found is not None:
        return found, False
    row = ReportRecord(
        agency=report.agency,
        year=report.report_year,
        sha256=report.source.sha256,
        form=report.source.form,
        edition=report.edition,
        source_path=report.source.path,
        cells=dict(report.cells),
        sections=[s.model_dump(mode="json") for s in report.sections],
        problems=[p.model_dump(mode="json") for p in report.problems],
        document=report.model_dump(mode="json"),
        published=report.published,
    )
    session.add(row)
    session.flush()
    return row, True


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
