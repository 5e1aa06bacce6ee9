"""Composing (编制) an annual report from the agency's records: the statutory clock,
the tables counted from the ledger, the narrative, and statistics beyond the tables."""

from __future__ import annotations

from typing import Any

from ogi.compose.workdays import (
    WorkCalendar,
    add_workdays,
    due_date,
    status,
    workdays_between,
)

__all__ = [
    "WorkCalendar",
    "add_workdays",
    "compose_report",
    "due_date",
    "status",
    "workdays_between",
]


def __getattr__(name: str) -> Any:
    # Imported on first use: composing needs the store, and the store needs the clock.
    if name == "compose_report":
        from ogi.compose.tables import compose_report

        return compose_report
    raise AttributeError(name)
