"""Tables of the agency workspace: the audit log of every change to the records and the
text, and the year's report as it goes from the filler to the reviewer (one row per
version; a correction after publishing is a new version with its reason)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from ogi.store.models import Base

# The year's report: editing → submitted → (returned → submitted …) → published.
DRAFT_STATUSES: dict[str, str] = {
    "editing": "编辑中",
    "submitted": "待审核",
    "returned": "已退回",
    "published": "已审核发布",
}


class AuditEntry(Base):
    """One change: who, when, what (entity and key) and its fields before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # who, when no web account made the change (`ogi ledger`: "命令行：<system user>")
    actor: Mapped[str | None] = mapped_column(String(80), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    entity: Mapped[str] = mapped_column(String(30))  # application/review/t2/text/report
    key: Mapped[str] = mapped_column(String(120))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class ReportDraft(Base):
    """One version of an agency's report for a year: its text by part, where it stands,
    and once published the report as approved (frozen: later edits make a new version)."""

    __tablename__ = "report_drafts"
    __table_args__ = (UniqueConstraint("agency_id", "year", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="editing")  # DRAFT_STATUSES
    # {"preamble": str, "signer": str, "signed": iso date, "sections": {key: text}}
    parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")  # the reviewer's, when returned
    reason: Mapped[str] = mapped_column(Text, default="")  # why this correction version
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    updated: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
