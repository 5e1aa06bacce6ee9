"""Accounts of the web application and its operator settings.

Roles are codes (``admin``, ``supervisor``, ``viewer``, and an agency's ``filler`` and
``reviewer``); a supervisor's region is the name (or, once agencies carry them, the
division code) of the area whose batches the supervisor may edit; a filler's or
reviewer's agency is the one whose records they keep.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ogi.store.models import Base

ROLES: dict[str, str] = {
    "admin": "管理员",
    "supervisor": "审核人",
    "viewer": "查看人",
    "filler": "填报人",
    "reviewer": "机关审核人",
}
# Roles of an agency's own staff: they see and change only their agency's records.
AGENCY_ROLES = frozenset({"filler", "reviewer"})


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))  # ROLES
    region: Mapped[str | None] = mapped_column(String(200))  # supervisors: the area supervised
    # revision 0005: a filler's or reviewer's agency
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    @property
    def label(self) -> str:
        return self.display_name or self.username


class Setting(Base):
    """One operator setting (``public_access``) or server secret (``session_secret``),
    shared by every process that serves the same store."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
