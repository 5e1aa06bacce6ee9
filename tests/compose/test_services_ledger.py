"""The ledger operations the command line and the web workspace share
(`ogi.services.ledger`): cases with their clock, search, changes with before and after,
table 二 with last year's values, review cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ogi.services.ledger import (
    Change,
    InvalidValue,
    add_application,
    add_review,
    delete_application,
    due_list,
    init_agency,
    list_applications,
    list_reviews,
    set_t2,
    statistics,
    t2_entries,
    t2_missing,
    update_application,
    update_review,
)
from ogi.store import open_store
from ogi.store.ledger import LedgerError

AGENCY = "示例镇人民政府"


@pytest.fixture
def ledger(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "ogi.db"))
    with store.session() as s:
        ag, change = init_agency(s, AGENCY, "乡镇")
        assert change == Change("agency", AGENCY, None, {"name": AGENCY, "level": "乡镇"})
        yield s, ag


def test_cases_with_their_clock(ledger) -> None:  # type: ignore[no-untyped-def]
    s, ag = ledger
    # Received Friday 2 February 2024, before the Spring Festival (10–17 February off,
    # 4 and 18 February worked): 补正 asked on 5 February and received on 19 February,
    # so the 20 working days run again from 20 February.
    app, change = add_application(
        s,
        ag,
        {
            "serial_no": "2024-007",
            "applicant_name": "王五",
            "applicant_type": "自然人",
            "received": "2024-02-02",
            "content": "春节期间集市管理",
            "correction_start": "2024-02-05",
            "correction_end": "2024-02-19",
        },
    )
    assert change.entity == "application" and change.before is None
    assert change.after is not None and change.after["received"] == "2024-02-02"
    add_application(
        s,
        ag,
        {
            "serial_no": "2024-008",
            "applicant_type": "商业企业",
            "received": date(2024, 3, 1),
            "extended": True,
            "extension_days": 10,
        },
    )
    views = list_applications(s, ag, today=date(2024, 3, 1))
    v = views[0]
    assert (v.serial_no, v.status, v.clock.due, v.days_left) == (
        "2024-007",
        "办理中",
        date(2024, 3, 18),
        11,
    )
    assert v.pauses == ("补正：2024-02-05 告知，2024-02-19 补正（期限自收到补正之日重新计算）",)
    w = views[1]
    # 30 working days from 1 March: Qingming (4–6 April) off, Sunday 7 April worked.
    assert (w.extension, w.clock.limit, w.clock.due) == (10, 30, date(2024, 4, 15))
    assert [
        c.serial_no for c in list_applications(s, ag, search="集市", today=date(2024, 3, 1))
    ] == ["2024-007"]
    assert [c.serial_no for c in list_applications(s, ag, applicant_type="商业企业")] == [
        "2024-008"
    ]
    # 20–23 and 26–29 February and 1 March used by then: 11 left on 1 March, 10 on the
    # 4th, so on 4 March it is due within 10 working days; 2024-008 (30 days) is not.
    assert [c.serial_no for c in due_list(s, ag, days=10, today=date(2024, 3, 4))] == ["2024-007"]
    # Statistics judge the open case on the same day.
    assert statistics(s, ag, 2024, today=date(2024, 3, 4)).overdue == []
    assert [o.serial_no for o in statistics(s, ag, 2024, today=date(2024, 3, 20)).overdue] == [
        "2024-007"
    ]

    app2, change = update_application(
        s, ag, app.id, {"outcome": "予以公开", "reply_date": "2024-03-15"}
    )
    assert change.before is not None and change.before["outcome"] is None
    assert change.after is not None and change.after["outcome"] == "results.granted"
    assert app2.status == "closed"
    with pytest.raises(InvalidValue, match="“企业”不是有效的申请人类型"):
        update_application(s, ag, app.id, {"applicant_type": "企业"})
    with pytest.raises(LedgerError, match="申请编号 2024-008 在2024年已登记"):
        add_application(
            s, ag, {"serial_no": "2024-008", "applicant_type": "自然人", "received": "2024-05-01"}
        )
    gone = delete_application(s, ag, app.id)
    assert gone.after is None and gone.before is not None and gone.before["serial_no"] == "2024-007"
    with pytest.raises(LedgerError, match="没有系统编号为"):
        delete_application(s, ag, app.id)


def test_other_agency_records_are_not_reachable(ledger) -> None:  # type: ignore[no-untyped-def]
    s, ag = ledger
    other, _ = init_agency(s, "另一街道办事处", new=True)
    app, _ = add_application(
        s, other, {"serial_no": "1", "applicant_type": "自然人", "received": "2024-01-02"}
    )
    with pytest.raises(LedgerError, match=f"没有系统编号为 {app.id} 的申请"):
        update_application(s, ag, app.id, {"notes": "x"})


def test_table_two_with_last_year(ledger) -> None:  # type: ignore[no-untyped-def]
    s, ag = ledger
    set_t2(s, ag, 2023, {"行政许可": 40, "规章 本年制发件数": 1})
    changes = set_t2(s, ag, 2024, {"行政许可": "46", "行政事业性收费": "0.35"})
    assert changes[0] == Change("t2", "2024:art20_5.licensing.decisions", None, {"value": 46.0})
    again = set_t2(s, ag, 2024, {"行政许可": 47})
    assert again[0].before == {"value": 46.0} and again[0].after == {"value": 47.0}
    entries = {e.path: e for e in t2_entries(s, ag, 2024)}
    lic = entries["art20_5.licensing.decisions"]
    assert (lic.block, lic.row, lic.column, lic.value, lic.last_year) == (
        "第二十条第（五）项",
        "行政许可",
        "本年处理决定数量",
        47.0,
        40.0,
    )
    assert entries["art20_8.admin_fees.fee_amount"].unit == "万元"
    assert len(t2_missing(s, ag, 2024)) == 8
    with pytest.raises(LedgerError) as e:
        set_t2(s, ag, 2024, {"行政处罚": "-1", "行政强制": "nan", "规章 本年废止件数": "1.5"})
    assert str(e.value).splitlines() == [
        "表二“行政处罚 本年处理决定数量”：不能为负数",
        "表二“行政强制 本年处理决定数量”：“nan”不是有限的数",
        "表二“规章 本年废止件数”：“1.5”应为整数",
    ]
    assert len(t2_missing(s, ag, 2024)) == 8  # all or nothing


def test_review_cases(ledger) -> None:  # type: ignore[no-untyped-def]
    s, ag = ledger
    r, _ = add_review(s, ag, {"kind": "行政复议", "filed": "2023-11-01", "case_no": "复2023-1"})
    add_review(
        s,
        ag,
        {
            "kind": "review",
            "filed": "2022-01-05",
            "case_no": "复2022-1",
            "outcome": "结果维持",
            "concluded": "2022-06-01",
        },
    )
    assert [v.case_no for v in list_reviews(s, ag, 2024)] == ["复2023-1"]
    r, change = update_review(s, ag, r.id, {"outcome": "结果纠正", "concluded": "2024-02-01"})
    assert change.before is not None and change.before["outcome"] == "pending"
    assert list_reviews(s, ag, 2024)[0].outcome == "结果纠正"
    with pytest.raises(LedgerError, match="审结日期早于立案日期"):
        update_review(s, ag, r.id, {"concluded": "2023-01-01"})


def test_workbook_round_trip(ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ogi.services.ledger import export_workbook, import_workbook

    s, ag = ledger
    add_application(
        s, ag, {"serial_no": "2024-001", "applicant_type": "自然人", "received": "2024-02-01"}
    )
    add_review(s, ag, {"kind": "行政复议", "filed": "2024-04-01", "case_no": "复2024-1"})
    set_t2(s, ag, 2024, {"行政许可": 46})
    set_t2(s, ag, 2023, {"行政许可": 40})
    path = tmp_path / "台账.xlsx"
    assert export_workbook(s, ag, path, 2024) == 1
    from openpyxl import load_workbook

    ws = load_workbook(path)["表二"]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == "行政许可")
    assert row[:6] == (2024, "第二十条第（五）项", "行政许可", "本年处理决定数量", 46, 40)
    done = import_workbook(s, ag, path)
    # Everything matched by its serial or case number, nothing doubled.
    assert (done.added, done.updated, done.t2_cells, done.reviews_added, done.reviews_updated) == (
        0,
        1,
        1,
        0,
        1,
    )
    assert len(list_reviews(s, ag)) == 1
    # An unchanged workbook changes nothing, so nothing is logged.
    assert done.changes == []
    ws2 = load_workbook(path)
    ws2["台账"]["R2"] = "补充说明"  # 备注 of 2024-001
    ws2.save(path)
    done = import_workbook(s, ag, path)
    assert [(c.entity, c.before["notes"], c.after["notes"]) for c in done.changes] == [  # type: ignore[index]
        ("application", "", "补充说明")
    ]


def test_draft_parts_prefill_a_form(ledger) -> None:  # type: ignore[no-untyped-def]
    from ogi.services.ledger import draft_parts

    s, ag = ledger
    add_application(
        s,
        ag,
        {
            "serial_no": "2024-001",
            "applicant_type": "法律服务机构",
            "received": "2024-02-01",
            "outcome": "本机关不掌握相关政府信息",
            "reply_date": "2024-02-20",
        },
    )
    parts = draft_parts(s, ag, 2024, date(2025, 1, 15))
    assert (parts.signer, parts.signed) == (AGENCY, "2025-01-15")
    assert parts.sections["overview"].split("\n\n")[3:5] == [
        "（二）依申请公开",
        "2024年，本机关共收到政府信息公开申请1件（其中法律服务机构1件），上年结转0件；"
        "本年度办结1件，其中无法提供1件；结转下年度继续办理0件。本年度未收取信息处理费。",
    ]
    assert parts.sections["other_matters"].startswith("本年度未收取信息处理费。")
    assert parts.sections["applications"] == ""
