"""Every composed report satisfies the table arithmetic, for any ledger: the balance of
each table 三 column, the outcome sum, the total column, table 四's sums and the chain
from one year's 结转下年度 to the next year's 上年结转. Checked directly and with the
rules of `ogi check`."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi.check import run_checks
from ogi.compose.tables import t2_cells, t3_cells, t4_cells
from ogi.format import edition
from ogi.model import Report, Source
from ogi.store import Application, Review
from ogi.store.ledger import applicant_types, check_application, check_review

ED = edition("2021")
YEARS = (2022, 2023, 2024, 2025)
DAY0 = date(2021, 6, 1)
SPAN = (date(2025, 12, 31) - DAY0).days


@st.composite
def applications(draw: st.DrawFn) -> list[Application]:
    out = []
    for i in range(draw(st.integers(0, 40))):
        received = DAY0 + timedelta(days=draw(st.integers(0, SPAN)))
        app = Application(
            serial_no=f"S{i}",
            received=received,
            applicant_type=draw(st.sampled_from(list(applicant_types(ED)))),
        )
        if draw(st.booleans()):
            app.reply_date = received + timedelta(days=draw(st.integers(0, 500)))
            app.outcome = draw(st.sampled_from(ED.t3_outcome_leaves))
        check_application(app)
        out.append(app)
    return out


@st.composite
def reviews(draw: st.DrawFn) -> list[Review]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        filed = DAY0 + timedelta(days=draw(st.integers(0, SPAN)))
        r = Review(
            case_no=f"C{i}",
            kind=draw(st.sampled_from(["review", "litigation_direct", "litigation_after_review"])),
            filed=filed,
        )
        if draw(st.booleans()):
            r.outcome = draw(st.sampled_from(["upheld", "corrected", "other"]))
            r.concluded = filed + timedelta(days=draw(st.integers(0, 700)))
        check_review(r)
        out.append(r)
    return out


def _report(year: int, cells: dict) -> Report:
    return Report(
        source=Source(path=f"ledger-{year}", sha256=str(year), form="ledger"),
        report_year=year,
        agency="示例镇人民政府",
        edition="2021",
        table_editions={"t2": "2021", "t3": "2021", "t4": "2021"},
        cells=cells,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applications(), reviews())
def test_composed_tables_always_add_up(apps: list[Application], cases: list[Review]) -> None:
    people = [c for c in applicant_types(ED)]
    reports = []
    for year in YEARS:
        cells = {**t2_cells([], ED), **t3_cells(apps, year, ED), **t4_cells(cases, year, ED)}
        for col in [*people, "total"]:
            v = {r.path: cells[f"t3.{r.path}.{col}"] for r in ED.t3_data_rows}
            assert v["new_received"] + v["carried_over"] == (
                v["results.total"] + v["carried_forward"]
            )
            assert v["results.total"] == sum(v[leaf] for leaf in ED.t3_outcome_leaves)
        for r in ED.t3_data_rows:
            assert cells[f"t3.{r.path}.total"] == sum(cells[f"t3.{r.path}.{c}"] for c in people)
        for kind in ("review", "litigation.direct", "litigation.after_review"):
            parts = ("upheld", "corrected", "other", "pending")
            assert cells[f"t4.{kind}.total"] == sum(cells[f"t4.{kind}.{p}"] for p in parts)
        assert all(isinstance(v, int) and v >= 0 for k, v in cells.items() if k[:2] != "t2")
        # Counted from the ledger directly, independent of the composition.
        assert cells["t3.new_received.total"] == sum(a.received.year == year for a in apps)
        reports.append(_report(year, cells))
    for before, after in itertools.pairwise(reports):
        for col in [*people, "total"]:
            assert (
                before.cells[f"t3.carried_forward.{col}"] == after.cells[f"t3.carried_over.{col}"]
            )
    findings = run_checks(reports, select=["arithmetic", "T3-CARRY-CHAIN"], config=False)
    assert [f.message for f in findings if f.severity == "error"] == []


def test_the_checks_would_notice_a_typed_total() -> None:
    from tests.compose.ledger_fixtures import two_years

    apps = two_years()
    reports = [
        _report(y, {**t2_cells([], ED), **t3_cells(apps, y, ED), **t4_cells([], y, ED)})
        for y in (2023, 2024)
    ]
    assert run_checks(reports, select=["arithmetic", "T3-CARRY-CHAIN"], config=False) == []
    reports[1].cells["t3.carried_over.natural_person"] += 1  # type: ignore[operator]
    rules = {
        f.rule for f in run_checks(reports, select=["arithmetic", "T3-CARRY-CHAIN"], config=False)
    }
    assert rules == {"T3-BALANCE", "T3-TOTAL-COLUMN", "T3-CARRY-CHAIN"}
