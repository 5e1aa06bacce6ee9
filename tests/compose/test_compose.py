"""Tables composed from the ledger: carry-over between years, table 四's rule, table 二,
the narrative, and a composed report read back through the extractor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ogi.compose import compose_report
from ogi.compose.narrative import NarrativeError
from ogi.extract import extract
from ogi.format import edition
from ogi.render import render_text
from ogi.store import ProactiveCount, Review
from ogi.store.ledger import LedgerError, find_agency
from tests.compose.ledger_fixtures import AGENCY, application, store_with, two_years

NARRATIVE = """\
# 示例镇人民政府2024年政府信息公开工作年度报告

## 一、总体情况

2024年，示例镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。

### （一）主动公开

全年主动公开政府信息186条。

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

信息发布的及时性仍需提高。

## 六、其他需要报告的事项

本年度收取信息处理费200元。
"""


def test_carry_over_chains_two_years(tmp_path: Path) -> None:
    store = store_with(tmp_path, two_years())
    with store.session() as s:
        r23 = compose_report(s, AGENCY, 2023)
        r24 = compose_report(s, AGENCY, 2024)
    c23, c24 = r23.cells, r24.cells
    # 2023: six new, 2022-009 carried in; 2023-005 and 2023-006 open at year end.
    assert c23["t3.new_received.total"] == 6
    assert c23["t3.carried_over.total"] == 1
    assert c23["t3.carried_forward.natural_person"] == 1
    assert c23["t3.carried_forward.legal_service_org"] == 1
    assert c23["t3.carried_forward.total"] == 2
    assert c23["t3.results.total.total"] == 5
    # Every column of 2023's 结转下年度 is 2024's 上年结转.
    for col in edition("2021").t3_columns:
        assert c23[f"t3.carried_forward.{col.key}"] == c24[f"t3.carried_over.{col.key}"]
    assert c24["t3.new_received.total"] == 4
    assert c24["t3.results.not_processed.duplicate.legal_service_org"] == 1
    assert c24["t3.results.other.no_correction.other_org"] == 1
    assert c24["t3.results.other.fee_unpaid.natural_person"] == 1
    # Still open at the end of 2024: 2023-005 and 2024-003.
    assert c24["t3.carried_forward.natural_person"] == 1
    assert c24["t3.carried_forward.social_welfare_org"] == 1
    assert c24["t3.carried_forward.total"] == 2


def test_table_four_rule(tmp_path: Path) -> None:
    d = date
    reviews = [
        # filed 2023, pending at the start of 2024, upheld in 2024 → 2024 upheld
        Review(
            case_no="复2023-1",
            kind="review",
            filed=d(2023, 11, 1),
            outcome="upheld",
            concluded=d(2024, 2, 1),
        ),
        # filed and corrected in 2024
        Review(
            case_no="复2024-1",
            kind="review",
            filed=d(2024, 3, 1),
            outcome="corrected",
            concluded=d(2024, 5, 1),
        ),
        # filed 2024, concluded 2025 → pending in 2024
        Review(
            case_no="诉2024-1",
            kind="litigation_direct",
            filed=d(2024, 9, 1),
            outcome="other",
            concluded=d(2025, 3, 1),
        ),
        # concluded in 2023 → not in 2024
        Review(
            case_no="诉2023-1",
            kind="litigation_after_review",
            filed=d(2023, 1, 5),
            outcome="upheld",
            concluded=d(2023, 6, 1),
        ),
        Review(case_no="诉2024-2", kind="litigation_after_review", filed=d(2024, 10, 1)),
    ]
    store = store_with(tmp_path, reviews=reviews)
    with store.session() as s:
        c23 = compose_report(s, AGENCY, 2023).cells
        c24 = compose_report(s, AGENCY, 2024).cells
    assert (c24["t4.review.upheld"], c24["t4.review.corrected"], c24["t4.review.total"]) == (
        1,
        1,
        2,
    )
    assert (c24["t4.litigation.direct.pending"], c24["t4.litigation.direct.total"]) == (1, 1)
    assert c24["t4.litigation.after_review.pending"] == 1
    assert c24["t4.litigation.after_review.upheld"] == 0
    assert (c23["t4.review.pending"], c23["t4.litigation.after_review.upheld"]) == (1, 1)


def test_table_two_from_counts(tmp_path: Path) -> None:
    store = store_with(tmp_path)
    with store.session() as s:
        ag = find_agency(s, AGENCY)
        s.add(
            ProactiveCount(
                agency_id=ag.id, year=2024, path="art20_1.normative_documents.issued", value=1
            )
        )
        s.add(
            ProactiveCount(
                agency_id=ag.id, year=2024, path="art20_8.admin_fees.fee_amount", value=0.35
            )
        )
        s.add(
            ProactiveCount(agency_id=ag.id, year=2023, path="art20_5.licensing.decisions", value=9)
        )
    with store.session() as s:
        c = compose_report(s, AGENCY, 2024).cells
    assert c["t2.art20_1.normative_documents.issued"] == 1
    assert c["t2.art20_8.admin_fees.fee_amount"] == 0.35
    assert c["t2.art20_5.licensing.decisions"] == 0
    assert set(c) == set(edition("2021").cell_paths())


def test_invalid_entry_is_named(tmp_path: Path) -> None:
    bad = application("2024-009", date(2024, 4, 1))
    bad.reply_date = date(2024, 4, 10)  # replied without an outcome
    store = store_with(tmp_path, [bad])
    with (
        store.session() as s,
        pytest.raises(LedgerError, match="申请 2024-009：已填答复日期，但没有办理结果"),
    ):
        compose_report(s, AGENCY, 2024)


def test_narrative_sections(tmp_path: Path) -> None:
    store = store_with(tmp_path, two_years())
    md = tmp_path / "正文.md"
    md.write_text(NARRATIVE, encoding="utf-8")
    with store.session() as s:
        report = compose_report(s, AGENCY, 2024, md)
    overview = report.section("overview")
    assert overview is not None and "（一）主动公开" in overview.text
    assert report.section("other_matters").text == "本年度收取信息处理费200元。"  # type: ignore[union-attr]

    missing = tmp_path / "缺.md"
    missing.write_text(NARRATIVE.split("## 五、")[0], encoding="utf-8")
    with store.session() as s, pytest.raises(NarrativeError) as e:
        compose_report(s, AGENCY, 2024, missing)
    assert str(e.value) == (
        "缺.md：缺少章节或章节没有正文：五、存在的主要问题及改进情况、六、其他需要报告的事项"
        "（每个章节以标题行开头，如“## 五、存在的主要问题及改进情况”，其下写正文）"
    )

    wrong = tmp_path / "错.md"
    wrong.write_text(
        NARRATIVE.replace("## 五、存在的主要问题及改进情况", "## 五、存在问题"), encoding="utf-8"
    )
    with (
        store.session() as s,
        pytest.raises(NarrativeError, match="标题“五、存在问题”应为“五、存在的主要问题及改进情况”"),
    ):
        compose_report(s, AGENCY, 2024, wrong)

    y = tmp_path / "正文.yaml"
    y.write_text(
        "总体情况: 概述。\n存在的主要问题及改进情况: 问题。\nother_matters: 未收费。\n",
        encoding="utf-8",
    )
    with store.session() as s:
        assert compose_report(s, AGENCY, 2024, y).section("other_matters").text == "未收费。"  # type: ignore[union-attr]


def test_composed_report_reads_back(tmp_path: Path) -> None:
    reviews = [
        Review(
            case_no="复2024-1",
            kind="review",
            filed=date(2024, 3, 1),
            outcome="corrected",
            concluded=date(2024, 5, 1),
        ),
        Review(case_no="诉2024-1", kind="litigation_direct", filed=date(2024, 9, 1)),
    ]
    store = store_with(tmp_path, two_years(), reviews)
    with store.session() as s:
        ag = find_agency(s, AGENCY)
        s.add(
            ProactiveCount(
                agency_id=ag.id, year=2024, path="art20_1.normative_documents.in_force", value=3
            )
        )
        s.add(
            ProactiveCount(
                agency_id=ag.id, year=2024, path="art20_8.admin_fees.fee_amount", value=12.5
            )
        )
    md = tmp_path / "正文.md"
    md.write_text(NARRATIVE, encoding="utf-8")
    with store.session() as s:
        report = compose_report(s, AGENCY, 2024, md)
    path = tmp_path / "示例镇-2024.txt"
    path.write_text(render_text(report), encoding="utf-8")
    back = extract(path)
    assert back.cells == report.cells
    assert back.report_year == 2024 and back.agency == AGENCY
    assert [s.key for s in back.sections] == [s.key for s in report.sections]
    assert back.problems == []
