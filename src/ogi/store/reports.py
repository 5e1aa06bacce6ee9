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
from ogi.store import in_chunks
from ogi.store.models import ReportRecord
from ogi.store.report_values import record_values

# Stored reports fetched at a time when every report of a store is read in turn (an
# export, a re-check): a row's JSON decodes to about 250 KB of Python objects, so 50
# rows hold about 13 MB, whatever the size of the store.
REPORT_ROWS = 50


def bundle(report: Report) -> dict[str, Any]:
    """What is stored of one report, as plain data made in the worker that read it. Its
    agency, findings and figures are added by `ogi.services.dataset.index` in the writer."""
    return {"report": record_values(report)}


def stored_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """Which of `hashes` the store holds already."""
    wanted = list(dict.fromkeys(hashes))
    found: set[str] = set()
    for chunk in in_chunks(wanted):
        found.update(
            session.scalars(select(ReportRecord.sha256).where(ReportRecord.sha256.in_(chunk)))
        )
    return found


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def insert_reports(session: Session, bundles: Iterable[dict[str, Any]]) -> int:
    """Insert each report (a `bundle`) unless one with its sha256 is there; how many
    were added."""
    insert = _insert(session)
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
