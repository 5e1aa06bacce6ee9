"""The ledger spreadsheet: template, import, export, and errors that name the row and
the column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ogi.format import edition
from ogi.store import Application, open_store
from ogi.store.ledger import find_agency
from ogi.store.ledger_io import (
    FIELDS,
    HELP_SHEET,
    OPTIONS_SHEET,
    SHEET,
    LedgerImportError,
    export_ledger,
    import_ledger,
    write_template,
)

AGENCY = "示例镇人民政府"
HEADERS = [f.header for f in FIELDS]

ROWS = [
    {
        "申请编号": "2024-001",
        "申请人": "张三",
        "申请人类型": "自然人",
        "收到申请日期": date(2024, 2, 1),
        "申请方式": "网络",
        "申请内容": "村道修缮资金使用情况",
        "办理结果": "予以公开",
        "答复日期": date(2024, 3, 5),
        "是否延期": "否",
    },
    {
        "申请编号": "2024-002",
        "申请人": "某某科技有限公司",
        "申请人类型": "商业企业",
        "收到申请日期": "2024-05-06",
        "申请方式": "信函",
        "办理结果": "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "答复日期": "2024年6月20日",
        "补正告知日期": "2024/5/8",
        "收费金额（元）": 0,
    },
    {
        "申请编号": "2024-003",
        "申请人": "李四",
        "申请人类型": "其他",
        "收到申请日期": date(2024, 12, 23),
        "申请方式": "当面",
        "是否延期": "是",
        "延期工作日数": 10,
        "征求意见开始日期": date(2024, 12, 25),
    },
]


def _fill(path: Path, rows: list[dict]) -> None:
    wb = load_workbook(path)
    ws = wb[SHEET]
    for r in rows:
        ws.append([r.get(h) for h in HEADERS])
    wb.save(path)


def _store(db_url: str):  # type: ignore[no-untyped-def]
    store = open_store(db_url)
    with store.session() as s:
        find_agency(s, AGENCY, create=True)
    return store


def test_template_has_lists_and_instructions(tmp_path: Path) -> None:
    path = tmp_path / "台账模板.xlsx"
    write_template(path, edition("2021"))
    wb = load_workbook(path)
    assert wb.sheetnames == [SHEET, OPTIONS_SHEET, HELP_SHEET, "表二", "复议诉讼"]
    assert [c.value for c in wb[SHEET][1]] == HEADERS
    assert wb[OPTIONS_SHEET].sheet_state == "hidden"
    options = wb[OPTIONS_SHEET]
    assert [c.value for c in options["A"] if c.value] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert [c.value for c in options["B"] if c.value] == [
        "当面",
        "信函",
        "网络",
        "传真",
        "电话",
        "其他",
    ]
    outcomes = [c.value for c in options["C"] if c.value]
    assert len(outcomes) == 21 and outcomes[0] == "予以公开" and outcomes[1] == "部分公开"
    assert "不予公开：属于国家秘密" in outcomes and outcomes[-1] == "其他处理：其他"
    validations = {str(dv.sqref): dv.formula1 for dv in wb[SHEET].data_validations.dataValidation}
    assert validations == {
        "D2:D5000": f"{OPTIONS_SHEET}!$A$1:$A$6",
        "F2:F5000": f"{OPTIONS_SHEET}!$B$1:$B$6",
        "I2:I5000": f"{OPTIONS_SHEET}!$C$1:$C$21",
        "K2:K5000": f"{OPTIONS_SHEET}!$D$1:$D$2",
    }
    assert wb[HELP_SHEET]["A1"].value == "依申请公开台账填写说明"


def test_excel_round_trip(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "台账.xlsx"
    write_template(path, edition("2021"))
    _fill(path, ROWS)
    store = _store(db_url)
    with store.session() as s:
        assert import_ledger(s, find_agency(s, AGENCY), path) == (3, 0)
    with store.session() as s:
        apps = {a.serial_no: a for a in s.scalars(select(Application))}
    a1, a2, a3 = apps["2024-001"], apps["2024-002"], apps["2024-003"]
    assert (a1.applicant_type, a1.channel, a1.outcome, a1.reply_date, a1.status) == (
        "natural_person",
        "online",
        "results.granted",
        date(2024, 3, 5),
        "closed",
    )
    assert a2.outcome == "results.other.no_correction" and a2.correction_start == date(2024, 5, 8)
    assert (a3.applicant_type, a3.extended, a3.extension_days, a3.status) == (
        "other_org",
        True,
        10,
        "consulting",
    )

    out = tmp_path / "导出.xlsx"
    with store.session() as s:
        assert export_ledger(s, find_agency(s, AGENCY), out, 2024) == 3
    ws = load_workbook(out)[SHEET]
    exported = [
        dict(zip(HEADERS, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=2)
    ]
    assert [r["办理状态"] for r in exported] == ["已办结", "已办结", "征求意见中"]
    assert exported[1]["办理结果"] == ROWS[1]["办理结果"]

    # The exported file imports back as updates, changing nothing.
    before = _snapshot(store)
    with store.session() as s:
        assert import_ledger(s, find_agency(s, AGENCY), out) == (0, 3)
    assert _snapshot(store) == before

    # And into an empty store, it gives the same ledger.
    other = open_store(str(tmp_path / "other.db"))
    with other.session() as s:
        assert import_ledger(s, find_agency(s, AGENCY, create=True), out) == (3, 0)
    assert _snapshot(other) == before


def _snapshot(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    cols = [c.name for c in Application.__table__.columns if c.name not in ("id", "agency_id")]
    with store.session() as s:
        return sorted(tuple(getattr(a, c) for c in cols) for a in s.scalars(select(Application)))


def test_csv_round_trip(tmp_path: Path, db_url: str) -> None:
    xlsx = tmp_path / "台账.xlsx"
    write_template(xlsx, edition("2021"))
    _fill(xlsx, ROWS)
    store = _store(db_url)
    with store.session() as s:
        import_ledger(s, find_agency(s, AGENCY), xlsx)
    csv_path = tmp_path / "台账.csv"
    with store.session() as s:
        export_ledger(s, find_agency(s, AGENCY), csv_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    other = open_store(str(tmp_path / "other.db"))
    with other.session() as s:
        assert import_ledger(s, find_agency(s, AGENCY, create=True), csv_path) == (3, 0)
    assert _snapshot(other) == _snapshot(store)
    # A CSV saved by Excel in the Chinese locale is GB18030.
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(csv_path.read_text(encoding="utf-8-sig").encode("gb18030"))
    third = open_store(str(tmp_path / "third.db"))
    with third.session() as s:
        assert import_ledger(s, find_agency(s, AGENCY, create=True), gbk) == (3, 0)


def test_import_errors_name_row_and_column(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "有误.xlsx"
    write_template(path, edition("2021"))
    bad = [
        dict(ROWS[0]),
        {**ROWS[0], "申请编号": "2024-005", "申请人类型": "企业"},
        {**ROWS[0], "申请编号": "2024-006", "收到申请日期": "2024-13-01", "申请方式": "微信"},
        {**ROWS[0], "申请编号": "", "办理结果": "同意公开"},
        {**ROWS[0], "申请编号": "2024-001"},
        {**ROWS[0], "申请编号": "2024-008", "答复日期": date(2024, 1, 5)},
        {**ROWS[0], "申请编号": "2024-009", "延期工作日数": "三", "收费金额（元）": -5},
    ]
    _fill(path, bad)
    store = _store(db_url)
    with store.session() as s, pytest.raises(LedgerImportError) as e:
        import_ledger(s, find_agency(s, AGENCY), path)
    assert e.value.errors == [
        "第3行“申请人类型”：“企业”不是有效的申请人类型"
        "（可选：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）",
        "第4行“收到申请日期”：“2024-13-01”不是有效的日期（应写成 2024-01-31）",
        "第4行“申请方式”：“微信”不是有效的申请方式（可选：当面、信函、网络、传真、电话、其他）",
        "第5行“申请编号”：不能为空",
        "第5行“办理结果”：“同意公开”不是有效的办理结果（可选：" + "、".join(_outcomes()) + "）",
        "第6行“申请编号”：“2024-001”与第2行重复（2024年）",
        "第7行：答复日期早于收到日期",
        "第8行“延期工作日数”：“三”不是整数",
        "第8行“收费金额（元）”：“-5”不能为负数",
    ]
    with store.session() as s:
        assert s.scalars(select(Application)).all() == []  # nothing was imported


def _outcomes() -> list[str]:
    from ogi.store.ledger import outcome_labels

    return list(outcome_labels(edition("2021")).values())


def test_missing_header(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "缺表头.csv"
    path.write_text("申请编号,申请人\n1,张三\n", encoding="utf-8")
    store = _store(db_url)
    with store.session() as s, pytest.raises(LedgerImportError) as e:
        import_ledger(s, find_agency(s, AGENCY), path)
    assert str(e.value) == "第1行：缺少表头“申请人类型”“收到申请日期”“申请方式”"
