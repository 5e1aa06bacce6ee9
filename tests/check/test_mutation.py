"""Mutation test: change one table 三/四 cell of a consistent real report by a nonzero
amount; every arithmetic rule must fire on exactly the changed column (column rules) or
row (row rules), and nowhere else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ogi.check import all_rules, run_checks
from ogi.check.rules._common import t3_edition
from ogi.model import Report
from tests.check.check_builders import SHARED, truth_reports

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not available")

ARITHMETIC = sorted(r.id for r in all_rules() if r.group == "arithmetic")
BALANCE_ROWS = {"new_received", "carried_over", "results.total", "carried_forward"}
T4_RULES = {
    "review": "T4-REVIEW-SUM",
    "litigation.direct": "T4-DIRECT-SUM",
    "litigation.after_review": "T4-AFTER-REVIEW-SUM",
}


def _consistent() -> Report:
    """The first 2021-edition truth report with no arithmetic finding at all."""
    for report in truth_reports("corpus") + truth_reports("seeds"):
        if report.table_editions.get("t3") != "2021":
            continue
        if not run_checks([report], select=ARITHMETIC, config=False):
            return report
    raise AssertionError("no consistent report in truth")


BASE = _consistent() if SHARED.is_dir() else None
PATHS = sorted(p for p in BASE.cells if p[:3] in ("t3.", "t4.")) if BASE else ["t3.x"]


def _errors(report: Report) -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {r: set() for r in ARITHMETIC}
    for f in run_checks([report], select=ARITHMETIC, config=False):
        assert f.severity == "error", f
        out[f.rule].add(f.row if f.rule == "T3-TOTAL-COLUMN" else f.column)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), delta=st.integers(-40, 40).filter(bool))
def test_one_changed_cell_fires_on_its_column_or_row(path: str, delta: int) -> None:
    value = BASE.cells[path]
    assume(value + delta >= 0)  # a negative count is T3-INTEGER's business, tested apart
    report = BASE.model_copy(update={"cells": {**BASE.cells, path: value + delta}})
    want: dict[str, set[str | None]] = {r: set() for r in ARITHMETIC}
    if path.startswith("t3."):
        row, _, col = path[3:].rpartition(".")
        ed = t3_edition(report)
        if row in BALANCE_ROWS:
            want["T3-BALANCE"] = {col}
        if row in ed.t3_outcome_leaves or row == "results.total":
            want["T3-RESULTS-SUM"] = {col}
        want["T3-TOTAL-COLUMN"] = {row}
    else:
        group = path[3:].rsplit(".", 1)[0]
        want[T4_RULES[group]] = {f"{group}.total"}
    assert _errors(report) == want


def test_base_report_is_consistent() -> None:
    assert _errors(BASE) == {r: set() for r in ARITHMETIC}
    assert len(PATHS) == 175 + 15


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from(PATHS), value=st.one_of(st.integers(-50, -1), st.just(2.5)))
def test_one_bad_cell_fires_integer_rule_on_that_cell_only(path: str, value: float) -> None:
    report = BASE.model_copy(update={"cells": {**BASE.cells, path: value}})
    rule = "T3-INTEGER" if path.startswith("t3.") else "T4-INTEGER"
    found = run_checks([report], select=["T3-INTEGER", "T4-INTEGER"], config=False)
    assert [(f.rule, f.table, f.row, f.column) for f in found] == [
        (rule, path[:2], *(path[3:].rsplit(".", 1) if rule == "T3-INTEGER" else (None, path[3:])))
    ]
