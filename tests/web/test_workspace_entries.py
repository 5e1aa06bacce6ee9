"""The workspace forms refuse what the ledger cannot hold with a field message (422 or
a flash line), never a server error: a blank 申请编号, counts beyond any real report."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from ogi.store.models import Application, ProactiveCount
from tests.web.test_workspace import Y, as_user, post, ws  # noqa: F401  (fixture)

CASE = {
    "applicant_name": "王五",
    "applicant_type": "natural_person",
    "received": "2024-05-06",
    "channel": "letter",
    "content": "道路修缮",
    "extension_days": "0",
}


def _cases(app: FastAPI) -> int:
    with app.state.store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Application)) or 0)


@pytest.mark.parametrize("serial", ["", "   ", "\u3000"])
def test_a_blank_serial_is_a_field_message(ws: FastAPI, serial: str) -> None:  # noqa: F811
    clerk = as_user(ws, "clerk")
    n = _cases(ws)
    r = post(clerk, "/ws/cases" + Y, {**CASE, "serial_no": serial})
    assert r.status_code == 422
    assert "申请编号不能为空" in r.text
    assert _cases(ws) == n
    # the field left out of the form altogether: the same
    r = post(clerk, "/ws/cases" + Y, CASE)
    assert r.status_code == 422 and "申请编号不能为空" in r.text


@pytest.mark.parametrize("typed", ["1e20", "99999999999999999999", "12345678901234567"])
def test_table_two_refuses_counts_beyond_any_report(ws: FastAPI, typed: str) -> None:  # noqa: F811
    clerk = as_user(ws, "clerk")
    post(clerk, "/ws/t2" + Y, {"t2:art20_5.licensing.decisions": typed})
    page = clerk.get("/ws/t2" + Y).text
    assert (
        f"未保存：表二“行政许可 本年处理决定数量”：“{typed}”超出上限（999,999,999,999,999），请核对"
        in page
    )
    with ws.state.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ProactiveCount)) == 0


def test_the_cases_page_says_what_table_four_counts(ws: FastAPI) -> None:  # noqa: F811
    page = as_user(ws, "clerk").get("/ws/reviews" + Y).text
    rule = page.split('id="t4-rule">', 1)[1].split("</p>", 1)[0]
    assert rule == (
        "2024 年表四计入 2024 年立案的案件，以及此前立案、到 2024 年仍未审结的案件（上年结转）："
        "其中在 2024 年内审结的按结果计入，其余计入“尚未审结”。2023 年表四计入 0 件，供参考。"
    )


@pytest.mark.parametrize("days", ["²", "٣", "99999999999999999999", "-1"])
def test_odd_extension_days_are_a_field_message(ws: FastAPI, days: str) -> None:  # noqa: F811
    clerk = as_user(ws, "clerk")
    n = _cases(ws)
    r = post(clerk, "/ws/cases" + Y, {**CASE, "serial_no": "示例-2024-099", "extension_days": days})
    assert r.status_code == 422
    assert f"延期天数“{days}”应为 0 至 1000 的整数" in r.text
    assert _cases(ws) == n
