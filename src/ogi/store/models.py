"""Tables of the agency's records (台账) and of published reports.

Codes are stored, never Chinese labels: labels belong to the format edition and to the
channel/status lists below, so a relabelled edition needs no data migration.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import (
    true as sa_true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# 申请方式（收到申请的渠道），《条例》第二十九条、第三十一条
CHANNELS: dict[str, str] = {
    "in_person": "当面",
    "letter": "信函",
    "online": "网络",
    "fax": "传真",
    "phone": "电话",
    "other": "其他",
}

# 办理状态：由日期推出（见 Application.derive_status），不由人工填写，免得与日期矛盾。
STATUSES: dict[str, str] = {
    "open": "办理中",
    "awaiting_correction": "待补正",
    "consulting": "征求意见中",
    "closed": "已办结",
}

REVIEW_KINDS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}

REVIEW_OUTCOMES: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Agency(Base):
    """An administrative body: its canonical full name, where it sits and a stable id
    (`ogi.agencies.identify`). Names it was printed under are its `names`."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str | None] = mapped_column(String(50))  # national/province/city/county/township
    created: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # revision 0003: agencies as entities
    code: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    province: Mapped[str | None] = mapped_column(String(50), nullable=True)
    city: Mapped[str | None] = mapped_column(String(50), nullable=True)
    county: Mapped[str | None] = mapped_column(String(50), nullable=True)
    adcode: Mapped[str | None] = mapped_column(String(6), nullable=True, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    # "person" once someone merged or renamed it: automatic matching never undoes that
    decided_by: Mapped[str] = mapped_column(String(10), default="auto", server_default="auto")

    applications: Mapped[list[Application]] = relationship(back_populates="agency")
    reviews: Mapped[list[Review]] = relationship(back_populates="agency")
    proactive_counts: Mapped[list[ProactiveCount]] = relationship(back_populates="agency")


class AgencyName(Base):
    """A name an agency was printed under, or one a person gave it (merge, rename)."""

    __tablename__ = "agency_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source: Mapped[str] = mapped_column(String(10), default="seen")  # seen / person


class AgencyCandidate(Base):
    """An uncertain match kept for a person to decide: `agency` may be `candidate`
    (a misread place name, a county name several provinces have)."""

    __tablename__ = "agency_candidates"
    __table_args__ = (UniqueConstraint("agency_id", "candidate"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    candidate: Mapped[str] = mapped_column(String(400))  # canonical name(s) it may be
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")  # open/accepted/rejected


class Application(Base):
    """One entry of the 依申请公开台账."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("agency_id", "year", "serial_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # year received
    serial_no: Mapped[str] = mapped_column(String(50))
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    applicant_type: Mapped[str] = mapped_column(String(40))  # a t3 leaf column key
    received: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20), default="online")
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="open")
    outcome: Mapped[str | None] = mapped_column(String(80))  # a t3 outcome leaf path
    reply_date: Mapped[date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    correction_start: Mapped[date | None] = mapped_column(Date)  # 补正告知书发出
    correction_end: Mapped[date | None] = mapped_column(Date)  # 收到补正
    consult_start: Mapped[date | None] = mapped_column(Date)  # 征求第三方/其他机关意见
    consult_end: Mapped[date | None] = mapped_column(Date)
    fee: Mapped[float] = mapped_column(Float, default=0.0)  # 信息处理费，元
    notes: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Agency] = relationship(back_populates="applications")

    def derive_status(self) -> str:
        if self.reply_date is not None:
            return "closed"
        if self.correction_start is not None and self.correction_end is None:
            return "awaiting_correction"
        if self.consult_start is not None and self.consult_end is None:
            return "consulting"
        return "open"

    def is_open_on(self, day: date) -> bool:
        """Received by `day` and not yet replied to at its end."""
        return self.received <= day and (self.reply_date is None or self.reply_date > day)


class Review(Base):
    """An administrative reconsideration or lawsuit about the agency's disclosure work."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    case_no: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[str] = mapped_column(String(40))  # REVIEW_KINDS
    filed: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20), default="pending")  # REVIEW_OUTCOMES
    concluded: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Agency] = relationship(back_populates="reviews")


class ProactiveCount(Base):
    """One cell of table 二 for one agency and year, e.g. ``art20_1.rules.issued``."""

    __tablename__ = "proactive_counts"
    __table_args__ = (UniqueConstraint("agency_id", "year", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(120))  # cell path without the "t2." prefix
    value: Mapped[float] = mapped_column(Float, default=0.0)

    agency: Mapped[Agency] = relationship(back_populates="proactive_counts")


class Holiday(Base):
    """An office-maintained calendar day: overrides the official calendar library, and
    covers years it does not know yet (the State Council publishes each year's schedule
    only in November or December)."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)  # True = 调休上班日, False = 放假
    name: Mapped[str] = mapped_column(String(50), default="")


class ReportRecord(Base):
    """A published (or composed) annual report, kept as its `Report` JSON parts."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str | None] = mapped_column(String(200), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    form: Mapped[str] = mapped_column(String(10))
    edition: Mapped[str | None] = mapped_column(String(10))
    source_path: Mapped[str] = mapped_column(Text, default="")
    cells: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sections: Mapped[list[Any]] = mapped_column(JSON, default=list)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    added: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # the whole `Report` as JSON (revision 0002); rows stored before it have None
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    published: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # revision 0003: one report per agency-year. Every file is a source; the most
    # complete reading of an agency-year is its primary, the others point to it.
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id"), nullable=True, index=True
    )
    # indexed (revision 0008): the corpus and its charts leave out the few that are not
    primary: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=sa_true(), index=True
    )
