"""Statistics the tables do not show: how long replies took on the statutory clock,
how many came on the last allowed day, extensions, overdue cases and fees.

Scope for report year Y: replies are those given in Y; overdue cases are replies in Y
given after their due date, plus applications still open on the reference day (31
December of Y, or `today` — by default the real day — if earlier) whose due date has
passed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.compose import workdays
from ogi.compose.workdays import WorkCalendar, days_used, due_date, limit_of
from ogi.store.ledger import unpaid
from ogi.store.models import Agency, Application

# Buckets of working days used, as the office reads them against the 20-day limit.
BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("当场答复", 0, 0),
    ("1—5个工作日", 1, 5),
    ("6—10个工作日", 6, 10),
    ("11—15个工作日", 11, 15),
    ("16—20个工作日", 16, 20),
    ("21—30个工作日", 21, 30),
    ("31—40个工作日", 31, 40),
    ("40个工作日以上", 41, 10**9),
)


@dataclass(frozen=True)
class Overdue:
    serial_no: str
    received: date
    due: date
    replied: date | None
    days_over: int  # working days past the due date


@dataclass
class LedgerStats:
    year: int
    replied: int = 0
    days_used: Counter[int] = field(default_factory=Counter)  # exact working days → count
    buckets: dict[str, int] = field(default_factory=dict)
    median_days: float | None = None
    last_day: int = 0  # replied on the due date itself
    extended: int = 0
    corrections: int = 0
    consultations: int = 0
    overdue: list[Overdue] = field(default_factory=list)
    fees_total: float = 0.0
    fees_count: int = 0

    def share(self, n: int) -> float:
        return n / self.replied if self.replied else 0.0

    @property
    def last_day_share(self) -> float:
        return self.share(self.last_day)

    @property
    def extended_share(self) -> float:
        return self.share(self.extended)


def ledger_stats(
    apps: list[Application],
    year: int,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> LedgerStats:
    start, end = date(year, 1, 1), date(year, 12, 31)
    # Without a day given, "now": a case is overdue once its due date has passed, not
    # because 31 December of a year still under way will come (`ledger due` agrees).
    ref = min(end, today or workdays.today())
    st = LedgerStats(year)
    used_all: list[int] = []
    for a in apps:
        if a.reply_date is not None and start <= a.reply_date <= end:
            st.replied += 1
            due = due_date(a, calendar)
            used = days_used(a, a.reply_date, calendar)
            if used is not None:
                st.days_used[used] += 1
                used_all.append(used)
            if due is not None and a.reply_date == due:
                st.last_day += 1
            if due is not None and a.reply_date > due:
                over = (used or 0) - limit_of(a)
                st.overdue.append(Overdue(a.serial_no, a.received, due, a.reply_date, over))
            st.extended += bool(a.extended)
            st.corrections += a.correction_start is not None
            st.consultations += a.consult_start is not None
            if a.fee and not unpaid(a.outcome):  # (a fee never paid was not collected)
                st.fees_total += a.fee
                st.fees_count += 1
        elif a.is_open_on(ref):
            due = due_date(a, calendar)
            if due is not None and ref > due:
                over = (days_used(a, ref, calendar) or 0) - limit_of(a)
                st.overdue.append(Overdue(a.serial_no, a.received, due, None, over))
    st.buckets = {
        label: sum(n for d, n in st.days_used.items() if lo <= d <= hi) for label, lo, hi in BUCKETS
    }
    st.median_days = float(median(used_all)) if used_all else None
    st.overdue.sort(key=lambda o: (o.due, o.serial_no))
    return st


def compute_stats(
    session: Session,
    agency: Agency,
    year: int,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> LedgerStats:
    apps = list(
        session.scalars(
            select(Application)
            .where(Application.agency_id == agency.id, Application.received <= date(year, 12, 31))
            .order_by(Application.received, Application.serial_no)
        )
    )
    return ledger_stats(apps, year, today, calendar)
