"""Re-issuing a 2019-edition report in the 2021 layout, and back."""

from __future__ import annotations

from ogi.format import edition
from ogi.model import Report, Source
from ogi.render.migrate import to_edition


def report_2019(other: int) -> Report:
    cells = {p: 0 for p in edition("2019").cell_paths()}
    cells["t3.results.other.natural_person"] = other
    cells["t3.results.other.total"] = other
    cells["t2.art20_5.licensing.decisions"] = 46
    cells["t4.review.upheld"] = 1
    return Report(
        source=Source(path="x.txt", sha256="", form="txt"),
        report_year=2020,
        edition="2019",
        table_editions={"t2": "2019", "t3": "2019"},
        cells=cells,
    )


def test_shared_keys_carry_over_and_the_rest_is_listed() -> None:
    out, unmapped = to_edition(report_2019(0), "2021")
    assert out.table_editions == {"t2": "2021", "t3": "2021"}
    assert set(out.cells) == set(edition("2021").cell_paths())
    assert out.cells["t2.art20_5.licensing.decisions"] == 46
    assert out.cells["t4.review.upheld"] == 1
    # a zero 其他处理 is zero in each of its three 2021 parts
    assert out.cells["t3.results.other.fee_unpaid.total"] == 0
    assert unmapped == [
        "t2.art20_1.rules.issued",
        "t2.art20_1.rules.repealed",
        "t2.art20_1.rules.in_force",
        "t2.art20_1.normative_documents.issued",
        "t2.art20_1.normative_documents.repealed",
        "t2.art20_1.normative_documents.in_force",
        "t2.art20_8.admin_fees.fee_amount",
    ]
    assert out.problems[-1].message.startswith("7 格无法由原报告数据得出")


def test_a_nonzero_other_row_cannot_be_split() -> None:
    out, unmapped = to_edition(report_2019(2), "2021")
    assert "t3.results.other.no_correction.natural_person" in unmapped
    assert out.cells["t3.results.other.no_correction.natural_person"] is None
    assert out.cells["t3.results.other.no_correction.commercial_enterprise"] == 0


def test_2021_parts_sum_into_the_2019_row() -> None:
    cells = {p: 0 for p in edition("2021").cell_paths()}
    cells["t3.results.other.no_correction.total"] = 2
    cells["t3.results.other.other.total"] = 1
    r = Report(
        source=Source(path="y.txt", sha256="", form="txt"),
        report_year=2022,
        table_editions={"t2": "2021", "t3": "2021"},
        cells=cells,
    )
    out, _ = to_edition(r, "2019")
    assert out.cells["t3.results.other.total"] == 3
