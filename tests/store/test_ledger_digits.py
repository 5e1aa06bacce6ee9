"""Only ASCII and full-width digits are digits of the ledger: digits of other scripts and
number signs (٣, ١٢, 𝟓, 5¹, ², ½, ①) are refused with the field's usual message, never
read as the digits NFKC or int() make of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from ogi.store import Application, open_store
from ogi.store.ledger import find_agency, plain
from ogi.store.ledger_io import FIELDS, SHEET, LedgerImportError, import_ledger

AGENCY = "示例镇人民政府"
HEADERS = [f.header for f in FIELDS]


def _import(tmp_path: Path, rows: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(HEADERS)
    for i, values in enumerate(rows, start=1):
        base = {
            "申请编号": f"2024-{i:03d}",
            "申请人类型": "自然人",
            "收到申请日期": "2024-02-01",
            "申请方式": "网络",
        }
        ws.append([{**base, **values}.get(h) for h in HEADERS])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        done = import_ledger(s, ag, path)
        return done, [
            (a.serial_no, a.received, a.fee, a.extension_days)
            for a in s.scalars(select(Application).order_by(Application.serial_no))
        ]


def test_plain_keeps_full_width_digits_and_drops_the_others() -> None:
    assert plain("２０２４－０２－０１") == "2024-02-01"
    assert plain("０．５") == "0.5"
    assert plain("5¹") == "5\ufffd"
    assert plain("١٢") == "\ufffd\ufffd"
    assert plain("𝟓") == "\ufffd"
    assert plain("二〇二四") == "二〇二四"  # Chinese numerals are words, not digits


def test_foreign_digits_are_refused_in_amounts_counts_and_dates(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {"收费金额（元）": "5¹"},
        {"收费金额（元）": "٣"},
        {"收费金额（元）": "١٢"},
        {"收费金额（元）": "𝟓"},
        {"收费金额（元）": "½"},
        {"是否延期": "是", "延期工作日数": "٣"},
        {"是否延期": "是", "延期工作日数": "①"},
        {"收到申请日期": "٢٠٢٤-٠٢-٠١"},
        {"收到申请日期": "2024-0²-01"},
    ]
    with pytest.raises(LedgerImportError) as e:
        _import(tmp_path, rows)
    assert e.value.errors == [
        "第2行“收费金额（元）”：“5¹”不是金额",
        "第3行“收费金额（元）”：“٣”不是金额",
        "第4行“收费金额（元）”：“١٢”不是金额",
        "第5行“收费金额（元）”：“𝟓”不是金额",
        "第6行“收费金额（元）”：“½”不是金额",
        "第7行“延期工作日数”：“٣”不是整数",
        "第8行“延期工作日数”：“①”不是整数",
        "第9行“收到申请日期”：“٢٠٢٤-٠٢-٠١”不是有效的日期（应写成 2024-01-31）",
        "第10行“收到申请日期”：“2024-0²-01”不是有效的日期（应写成 2024-01-31）",
    ]


def test_full_width_digits_are_still_read(tmp_path: Path) -> None:
    done, apps = _import(
        tmp_path,
        [
            {
                "收到申请日期": "２０２４－０３－０５",
                "收费金额（元）": "１２",
                "延期工作日数": "５",
                "是否延期": "是",
            }
        ],
    )
    assert done == (1, 0)
    assert apps == [("2024-001", date(2024, 3, 5), 12.0, 5)]


def test_the_ledger_services_refuse_them_too(tmp_path: Path) -> None:
    from ogi.services.ledger import InvalidValue, add_application, set_t2
    from ogi.store.ledger import LedgerError

    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        base = {"serial_no": "2024-001", "applicant_type": "自然人", "channel": "网络"}
        with pytest.raises(InvalidValue) as e:
            add_application(s, ag, {**base, "received": "2024-02-01", "fee": "٣"})
        assert str(e.value) == "收费金额“٣”不是数"
        with pytest.raises(InvalidValue) as e:
            add_application(s, ag, {**base, "received": "٢٠٢٤-٠٢-٠١"})
        assert str(e.value) == "收到申请日期“٢٠٢٤-٠٢-٠١”不是有效日期（应写成 2024-01-31）"
        with pytest.raises(LedgerError) as e:
            set_t2(s, ag, 2024, {"行政许可": "٤٦"})
        assert str(e.value) == "表二“行政许可 本年处理决定数量”：“٤٦”不是数"


def test_the_web_form_refuses_them_as_days() -> None:
    from ogi.services.ledger import InvalidValue
    from ogi.web.routes.workspace import _case_values

    for typed in ("²", "٣"):
        with pytest.raises(InvalidValue) as e:
            _case_values({"serial_no": "2024-001", "extension_days": typed})
        assert str(e.value) == f"延期天数“{typed}”应为 0 至 1000 的整数"
    values, _ = _case_values({"serial_no": "2024-001", "extension_days": "１０"})
    assert (values["extension_days"], values["extended"]) == (10, True)
