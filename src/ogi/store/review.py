"""Tables of review work: uploaded files, batches of a region and year, the findings of
each stored report with the decisions people took on them, and one row of figures per
report for the corpus and analysis pages.

Findings and figures belong to a report (a row of ``reports``), whichever way it came in:
`ogi ingest`, the public corpus upload, or a supervisor's batch.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import ColumnElement, Select

from ogi.store.models import Base

UPLOAD_STATUSES: dict[str, str] = {
    "queued": "等待读取",
    "done": "已读取并核查",
    "failed": "无法读取",
}

DECISIONS: dict[str, str] = {
    "confirmed": "确认",
    "dismissed": "排除",
    "reopened": "撤销决定",
}


class Blob(Base):
    """The bytes of an uploaded file, once per content. Kept in the store itself so that
    several processes or machines serving one database see the same files, and so that
    no uploaded file name ever becomes a path on the server."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Batch(Base):
    """The reports of one region and year that a supervisor checks together."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(200), index=True)
    year: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Upload(Base):
    """One uploaded file (a zip's member counts as one file). `action` groups the files
    of one upload; `round` counts the uploads of the same agency and year in a batch."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("batches.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # shown only, never a path
    suffix: Mapped[str] = mapped_column(String(10))  # from the allowed list
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # UPLOAD_STATUSES
    error: Mapped[str | None] = mapped_column(Text)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    agency: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer, default=1)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class FindingRecord(Base):
    """One finding of the checker on one stored report. `fid` is the checker's stable
    `Finding.id` (rule, report, place and values), so decisions and round comparisons
    refer to it. `audience` "supervisor" marks a reading doubt: not the agency's error."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("report_id", "fid"),
        Index("ix_findings_severity_rule", "severity", "rule"),  # error counts by rule
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    fid: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    tbl: Mapped[str | None] = mapped_column(String(4))
    row: Mapped[str | None] = mapped_column(String(120))
    col: Mapped[str | None] = mapped_column(String(80))
    section: Mapped[str | None] = mapped_column(String(60))
    audience: Mapped[str] = mapped_column(String(12), default="agency", server_default="agency")
    cell: Mapped[str | None] = mapped_column(String(200))
    quote: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text, default="")
    hint: Mapped[str] = mapped_column(Text, default="")
    expected: Mapped[Any] = mapped_column(JSON, nullable=True)
    found: Mapped[Any] = mapped_column(JSON, nullable=True)


class FindingReview(Base):
    """A person's decision on a finding, with a comment. Never updated: the newest row
    of a (report, fid) is the finding's state, the older ones its history."""

    __tablename__ = "finding_reviews"
    __table_args__ = (Index("ix_finding_reviews_report_fid", "report_id", "fid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    fid: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20))  # DECISIONS
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ReportIndex(Base):
    """One row of figures per stored report: who, where, which year, what the checker
    found, and the measures FOI statistics offices publish, as columns the corpus and
    analysis pages filter, sort and add up in SQL. Derived from the report; rebuilt by
    `ogi.services.analysis.index_reports`. Region and level are filled from the batch
    today and from the agency register once agencies are entities."""

    __tablename__ = "report_index"
    __table_args__ = (  # a dashboard's totals by agency and year, a region's year
        Index("ix_report_index_agency_year", "agency", "year"),
        Index("ix_report_index_year_region", "year", "region"),
    )

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    agency: Mapped[str | None] = mapped_column(String(200), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    level: Mapped[str | None] = mapped_column(String(50), index=True)
    edition: Mapped[str | None] = mapped_column(String(10))
    form: Mapped[str | None] = mapped_column(String(10))
    public: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    indexed: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # measures (see ogi.services.measures); None where the report does not give them
    received: Mapped[int | None] = mapped_column(Integer)
    carried_over: Mapped[int | None] = mapped_column(Integer)
    granted: Mapped[int | None] = mapped_column(Integer)
    partially_granted: Mapped[int | None] = mapped_column(Integer)
    withheld: Mapped[int | None] = mapped_column(Integer)
    withheld_state_secret: Mapped[int | None] = mapped_column(Integer)
    withheld_prohibited_by_law: Mapped[int | None] = mapped_column(Integer)
    withheld_security_stability: Mapped[int | None] = mapped_column(Integer)
    withheld_third_party_rights: Mapped[int | None] = mapped_column(Integer)
    withheld_internal_affairs: Mapped[int | None] = mapped_column(Integer)
    withheld_process_info: Mapped[int | None] = mapped_column(Integer)
    withheld_enforcement_files: Mapped[int | None] = mapped_column(Integer)
    withheld_admin_inquiry: Mapped[int | None] = mapped_column(Integer)
    unable: Mapped[int | None] = mapped_column(Integer)
    not_held: Mapped[int | None] = mapped_column(Integer)
    not_processed: Mapped[int | None] = mapped_column(Integer)
    other_handling: Mapped[int | None] = mapped_column(Integer)
    results_total: Mapped[int | None] = mapped_column(Integer)
    carried_forward: Mapped[int | None] = mapped_column(Integer)
    reviews: Mapped[int | None] = mapped_column(Integer)
    reviews_corrected: Mapped[int | None] = mapped_column(Integer)
    lawsuits: Mapped[int | None] = mapped_column(Integer)
    lawsuits_corrected: Mapped[int | None] = mapped_column(Integer)
    granted_share: Mapped[float | None] = mapped_column(Float)
    corrected_share: Mapped[float | None] = mapped_column(Float)


# -- what is published ------------------------------------------------------------------------
def draft_report_ids() -> Select[tuple[int]]:
    """The stored reports that are only submissions under review: files uploaded to a
    batch and not published otherwise (not indexed as public, as `ogi ingest` and the
    corpus upload index theirs). The one definition every corpus view, statistic and
    export leaves out; a report id is published when it is not in it."""
    return (
        select(Upload.report_id)
        .outerjoin(ReportIndex, ReportIndex.report_id == Upload.report_id)
        .where(
            Upload.batch_id.is_not(None),
            Upload.report_id.is_not(None),
            or_(ReportIndex.public.is_(None), ReportIndex.public == false()),
        )
    )


def published(report_id: Any) -> ColumnElement[bool]:
    """A condition on a column of report ids: the report is a published one."""
    return report_id.not_in(draft_report_ids())
