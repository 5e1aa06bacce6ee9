"""A ledger sheet's rows for import tests: an application row by its headers."""

from __future__ import annotations

from ogi.store.ledger_io import FIELDS

AGENCY = "示例镇人民政府"
HEADERS = [f.header for f in FIELDS]


def ledger_row(serial: object, **values: object) -> list[object]:
    """One application's cells in the sheet's column order: a natural person's online
    request of 2024-02-01 unless `values` (by header) say otherwise."""
    base = {
        "申请编号": serial,
        "申请人": "张三",
        "申请人类型": "自然人",
        "收到申请日期": "2024-02-01",
        "申请方式": "网络",
        **values,
    }
    return [base.get(h) for h in HEADERS]
