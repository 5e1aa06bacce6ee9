"""A formula cell whose file holds no result is named as a formula (not as blank, not
skipped); one with a saved result is read as that result. A value quoted in a message
is cut to its first 20 characters and its length."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from ogi.format import edition
from ogi.store import Application, open_store
from ogi.store.ledger import echo, find_agency
from ogi.store.ledger_io import (
    REVIEW_HEADERS,
    SHEET,
    T2_HEADERS,
    T2_SHEET,
    LedgerImportError,
    import_ledger,
    read_review_sheet,
    read_t2_sheet,
)
from tests.store.ledger_rows import AGENCY, HEADERS
from tests.store.ledger_rows import ledger_row as _row


def _save(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _import(tmp_path: Path, path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        done = import_ledger(s, ag, path)
        return done, [a.serial_no for a in s.scalars(select(Application))]


def test_a_formula_without_a_result_is_named_as_a_formula(tmp_path: Path) -> None:
    path = _save(
        tmp_path / "台账.xlsx",
        {
            SHEET: [
                HEADERS,
                _row("=cmd|'/c calc'!A1", 申请人='=HYPERLINK("http://例子.invalid","点击")'),
                _row("2024-002", 收到申请日期="=DATE(2024,2,1)", 收费金额="=1+1"),
                _row("2024-003", **{"收费金额（元）": "=1+1", "是否延期": "=TRUE()"}),
                [None, None, None, None, None, None, "=1+1"],  # only a formula: not blank
            ]
        },
    )
    with pytest.raises(LedgerImportError) as e:
        _import(tmp_path, path)
    assert e.value.errors == [
        "第2行“申请编号”：单元格是公式且没有计算结果，请直接填写文字",
        "第2行“申请人”：单元格是公式且没有计算结果，请直接填写文字",
        "第3行“收到申请日期”：单元格是公式且没有计算结果，请直接填写日期",
        "第4行“是否延期”：单元格是公式且没有计算结果，请直接填写“是”或“否”",
        "第4行“收费金额（元）”：单元格是公式且没有计算结果，请直接填写金额",
        "第5行“申请编号”：不能为空",
        "第5行“申请人类型”：不能为空",
        "第5行“收到申请日期”：不能为空",
        "第5行“申请方式”：不能为空",
        "第5行“申请内容”：单元格是公式且没有计算结果，请直接填写文字",
    ]


def test_a_formula_with_a_saved_result_is_read_as_that_result(tmp_path: Path) -> None:
    path = _save(tmp_path / "written.xlsx", {SHEET: [HEADERS, _row('="2024-"&"009"')]})
    saved = tmp_path / "台账.xlsx"
    # what Excel writes: the formula and its result (openpyxl writes no result)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(saved, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                assert '<c r="B2"><f>"2024-"&amp;"009"</f><v></v></c>' in xml
                xml = xml.replace(
                    '<c r="B2"><f>"2024-"&amp;"009"</f><v></v></c>',
                    '<c r="B2" t="str"><f>"2024-"&amp;"009"</f><v>2024-009</v></c>',
                )
                data = xml.encode()
            z.writestr(info, data)
    assert _import(tmp_path, saved) == ((1, 0), ["2024-009"])


def test_formulas_in_the_t2_and_review_sheets_are_named(tmp_path: Path) -> None:
    path = _save(
        tmp_path / "台账.xlsx",
        {
            T2_SHEET: [list(T2_HEADERS), [2024, "", "", "", "=1+1", None, "t2.regulations.made"]],
            "复议诉讼": [list(REVIEW_HEADERS), [None, "(2024)示复1号", "行政复议", "=TODAY()"]],
        },
    )
    with pytest.raises(LedgerImportError) as e:
        read_t2_sheet(path)
    assert e.value.errors == ["表二 第2行“数值”：单元格是公式且没有计算结果，请直接填写数值"]
    with pytest.raises(LedgerImportError) as e:
        read_review_sheet(path)
    assert e.value.errors == ["复议诉讼 第2行“立案日期”：单元格是公式且没有计算结果，请直接填写"]


def test_echo_cuts_long_values() -> None:
    assert echo("9" * 20) == "9" * 20
    assert echo("9" * 5000) == "99999999999999999999…（共 5,000 字符）"
    assert echo(edition("2021").name) == "2021"


def test_long_values_are_quoted_cut(tmp_path: Path) -> None:
    long_serial = "示" * 300
    path = _save(
        tmp_path / "台账.xlsx",
        {
            SHEET: [
                HEADERS,
                _row("2024-001", **{"收费金额（元）": "9" * 5000}),
                _row("2024-002", 申请人类型="企" * 100),
                _row(long_serial),
                _row(long_serial),
                _row("2024-005", 收到申请日期="2" * 400),
            ]
        },
    )
    with pytest.raises(LedgerImportError) as e:
        _import(tmp_path, path)
    assert e.value.errors == [
        "第2行“收费金额（元）”：“99999999999999999999…（共 5,000 字符）”不是有限的金额",
        f"第3行“申请人类型”：“{'企' * 20}…（共 100 字符）”不是有效的申请人类型"
        "（可选：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）",
        f"第5行“申请编号”：“{'示' * 20}…（共 300 字符）”与第4行重复（2024年）",
        f"第6行“收到申请日期”：“{'2' * 20}…（共 400 字符）”不是有效的日期（应写成 2024-01-31）",
    ]


def test_the_ledger_services_quote_long_values_cut(tmp_path: Path) -> None:
    from ogi.services.ledger import set_t2
    from ogi.store.ledger import LedgerError

    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        with pytest.raises(LedgerError) as e:
            set_t2(s, ag, 2024, {"行政许可": "x" * 1000})
        assert str(e.value) == (
            "表二“行政许可 本年处理决定数量”：“xxxxxxxxxxxxxxxxxxxx…（共 1,000 字符）”不是数"
        )
