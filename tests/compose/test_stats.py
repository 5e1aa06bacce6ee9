"""Statistics beyond the tables, worked out by hand on the town's ledger."""

from __future__ import annotations

from datetime import date

from ogi.compose.stats import Overdue, ledger_stats
from tests.compose.ledger_fixtures import application, two_years


def test_stats_2024() -> None:
    late = application(
        "2024-010", date(2024, 2, 1), reply_date=date(2024, 3, 7), outcome="results.granted"
    )
    extended = application(
        "2024-011",
        date(2024, 2, 1),
        extended=True,
        reply_date=date(2024, 3, 20),
        outcome="results.granted",
    )
    st = ledger_stats([*two_years(), late, extended], 2024)
    # Replies in 2024: 2023-006 after 15 working days (1 Jan off), 2024-001 and 2024-004
    # on their 20th day, 2024-002 with no clock (the correction never came), 2024-010 on
    # its 22nd day, 2024-011 on its 31st day of 40.
    assert st.replied == 6
    assert dict(st.days_used) == {15: 1, 20: 2, 22: 1, 31: 1}
    assert st.buckets["11—15个工作日"] == 1
    assert st.buckets["16—20个工作日"] == 2
    assert st.buckets["21—30个工作日"] == 1
    assert st.buckets["31—40个工作日"] == 1
    assert st.median_days == 20
    assert (st.last_day, st.extended, st.corrections) == (2, 1, 1)
    assert round(st.last_day_share, 4) == round(2 / 6, 4)
    # 2024-004's 200 was asked for and never paid (逾期未缴费): nothing collected
    assert (st.fees_total, st.fees_count) == (0.0, 0)
    # Overdue, by due date: 2023-005, still open, due 16 Jan 2024 (12/19–22, 12/25–29,
    # 1/2–5, 1/8–12, 1/15, 1/16 — 1 Jan off); 2024-010, replied two working days late.
    assert st.overdue[1] == Overdue(
        "2024-010", date(2024, 2, 1), date(2024, 3, 5), date(2024, 3, 7), 2
    )
    open_case = st.overdue[0]
    assert (open_case.serial_no, open_case.due, open_case.replied) == (
        "2023-005",
        date(2024, 1, 16),
        None,
    )
    assert len(st.overdue) == 2


def test_no_replies() -> None:
    st = ledger_stats([], 2024)
    assert st.replied == 0 and st.median_days is None and st.last_day_share == 0.0
