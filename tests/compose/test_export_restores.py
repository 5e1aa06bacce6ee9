"""An exported workbook restores the ledger: imported into an empty store it composes
the identical reports — every year from a whole export, the year's report from a year
export (its carried-over applications, its 表二, the cases its table 四 counts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ogi.compose.tables import compose_report
from ogi.services.ledger import export_workbook, import_workbook, init_agency, set_t2
from ogi.store import Review, Store, open_store
from ogi.store.ledger import find_agency
from tests.compose.ledger_fixtures import AGENCY, store_with, two_years


def _reviews() -> list[Review]:
    d = date
    return [
        Review(
            case_no="示复〔2023〕1号",
            kind="review",
            filed=d(2023, 11, 1),
            outcome="upheld",
            concluded=d(2024, 2, 1),
        ),
        Review(
            case_no="示复〔2023〕2号",
            kind="review",
            filed=d(2023, 3, 1),
            outcome="corrected",
            concluded=d(2023, 5, 1),
        ),
        Review(case_no="示诉〔2024〕1号", kind="litigation_direct", filed=d(2024, 9, 1)),
    ]


@pytest.fixture
def town(tmp_path: Path) -> Store:
    store = store_with(tmp_path, two_years(), _reviews())
    with store.session() as s:
        ag = find_agency(s, AGENCY)
        set_t2(s, ag, 2023, {"规章 本年制发件数": 1, "行政许可": 30, "行政事业性收费": "0.2"})
        set_t2(s, ag, 2024, {"规章 本年制发件数": 2, "行政许可": 46, "行政事业性收费": "0.35"})
    return store


def _restored(tmp_path: Path, workbook: Path, name: str) -> Store:
    fresh = open_store(str(tmp_path / name))
    with fresh.session() as s:
        ag, _ = init_agency(s, AGENCY)
        import_workbook(s, ag, workbook)
    return fresh


def _cells(store: Store, year: int) -> dict[str, object]:
    with store.session() as s:
        return dict(compose_report(s, AGENCY, year).cells)


def test_a_whole_export_restores_every_year(town: Store, tmp_path: Path) -> None:
    out = tmp_path / "main.xlsx"
    with town.session() as s:
        assert export_workbook(s, find_agency(s, AGENCY), out) == 11
    t2 = load_workbook(out)["表二"]
    assert sorted({r[0] for r in t2.iter_rows(min_row=2, values_only=True)}) == [2023, 2024]
    fresh = _restored(tmp_path, out, "fresh.db")
    for year in (2023, 2024):
        assert _cells(fresh, year) == _cells(town, year)
    assert _cells(fresh, 2024)["t2.art20_5.licensing.decisions"] == 46
    assert _cells(fresh, 2023)["t2.art20_8.admin_fees.fee_amount"] == 0.2


def test_a_year_export_holds_what_the_year_counts(town: Store, tmp_path: Path) -> None:
    out = tmp_path / "main2024.xlsx"
    with town.session() as s:
        # 2024's four and the two of 2023 still open at its end (2023-005, 2023-006)
        assert export_workbook(s, find_agency(s, AGENCY), out, 2024) == 6
    cases = load_workbook(out)["复议诉讼"]
    assert [r[1] for r in cases.iter_rows(min_row=2, values_only=True)] == [
        "示复〔2023〕1号",
        "示诉〔2024〕1号",
    ]
    fresh = _restored(tmp_path, out, "fresh.db")
    restored = _cells(fresh, 2024)
    assert restored == _cells(town, 2024)
    assert restored["t3.carried_over.total"] == 2
    assert restored["t4.review.upheld"] == 1
