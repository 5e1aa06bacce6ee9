"""Changes made with `ogi ledger` are the workspace's changes too: they appear in its
修改记录 with who made them, and a reviewer of a report waiting for review sees the
counts that changed since it was submitted."""

from __future__ import annotations

import re

import pytest
import typer
from fastapi import FastAPI
from typer.testing import CliRunner

from ogi.cli.ledger import ledger_app
from tests.web.test_workspace import Y, _report_form, as_user, post, ws  # noqa: F401

cli = typer.Typer()
cli.add_typer(ledger_app, name="ledger")


@pytest.fixture
def ledger(ws: FastAPI, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]  # noqa: F811
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "zhangsan")
    db = str(ws.state.store.url)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["ledger", *args, "--db", db, "--agency", "示例镇人民政府"])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def _rows(page: str) -> list[str]:
    """The audit table's rows as text, newest first."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = (re.sub(r"<[^>]+>", "", r.replace("</td>", " ")) for r in body.split("<tr>")[1:])
    return [re.sub(r"\s+", " ", r).strip() for r in cells]


def test_command_line_changes_are_in_the_log(ws: FastAPI, ledger) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ledger("proactive-set", "--year", "2024", "规章 本年制发件数=2")
    ledger("add", "--serial", "2024-009", "--type", "自然人", "--received", "2024-05-06")
    ledger("update", "3", "--notes", "电话催办")
    ledger("update", "3", "--notes", "电话催办")  # no change: nothing logged
    ledger("review-add", "--kind", "行政复议", "--filed", "2024-06-03", "--case-no", "示复1号")
    ledger("delete", "3")
    rows = _rows(as_user(ws, "clerk").get("/ws/audit" + Y).text)
    assert len(rows) == 5
    assert all(" 命令行：zhangsan " in r for r in rows)
    assert (
        rows[0]
        .split(" 命令行：zhangsan ")[1]
        .startswith("申请 3（2024-009） 删除 申请编号：2024-009 → （空）")
    )
    assert "复议诉讼 1 新增 案号：（空） → 示复1号" in rows[1]
    assert "备注： → 电话催办" in rows[2]
    assert "申请编号：（空） → 2024-009" in rows[3]
    assert "表二" in rows[4] and "1 新增" not in rows[4]


def test_a_reviewer_sees_counts_changed_after_submission(ws: FastAPI, ledger) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clerk, chief = as_user(ws, "clerk"), as_user(ws, "chief")
    ledger("proactive-set", "--year", "2024", "规章 本年制发件数=2")
    parts = {k: re.sub(r"【[^】]*】", "按计划完成。", v) for k, v in _report_form(clerk).items()}
    post(clerk, "/ws/report/save" + Y, parts)
    post(clerk, "/ws/report/submit" + Y, {})
    page = chief.get("/ws/report" + Y).text
    assert "待审核" in page and "changed-since-submitted" not in page
    # a later year's change, and one that changes no count, say nothing
    ledger("proactive-set", "--year", "2025", "规章 本年制发件数=9")
    ledger("update", "1", "--notes", "已归档")
    assert "changed-since-submitted" not in chief.get("/ws/report" + Y).text
    out = ledger("proactive-set", "--year", "2024", "规章 本年制发件数=5")
    assert "注意：2024年度报告已提交审核，本次修改改变了该年的数据" in out
    out = ledger("add", "--serial", "2024-010", "--type", "商业企业", "--received", "2024-07-01")
    assert "注意：2024年度报告已提交审核" in out
    page = chief.get("/ws/report" + Y).text
    box = page.split('id="changed-since-submitted"', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", box)
    assert items == [
        "表二 第二十条第（一）项 规章 本年制发件数：提交时 2 → 现在 5",
        "表三 本年新收政府信息公开申请数量/商业企业：提交时 0 → 现在 1",
        "表三 本年新收政府信息公开申请数量/总计：提交时 1 → 现在 2",
        "表三 结转下年度继续办理/商业企业：提交时 0 → 现在 1",
        "表三 结转下年度继续办理/总计：提交时 0 → 现在 1",
    ]
    assert "共 5 格" in box


def test_the_log_shows_labels_and_whole_numbers_by_year(ws: FastAPI, ledger) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clerk = as_user(ws, "clerk")
    ledger("proactive-set", "--year", "2024", "行政许可=12")
    ledger("proactive-set", "--year", "2024", "行政许可=46")
    ledger("proactive-set", "--year", "2025", "行政许可=3")
    ledger("add", "--serial", "2024-009", "--type", "自然人", "--received", "2024-12-20")
    ledger(
        "update", "3", "--type", "商业企业", "--reply-date", "2025-01-10",
        "--outcome", "属于国家秘密", "--extension-days", "5",
    )  # fmt: skip
    ledger("review-add", "--kind", "行政诉讼（复议后起诉）", "--filed", "2025-02-03")
    rows = _rows(clerk.get("/ws/audit" + Y).text)
    assert [r.split(" 命令行：zhangsan ")[1] for r in rows] == [
        "申请 3（2024-009） 申请人类型：自然人 → 商业企业"
        "办理结果：（空） → 不予公开：属于国家秘密"
        "答复日期：（空） → 2025-01-10"
        "延期：否 → 是"
        "延期工作日：0 → 5",
        "申请 3（2024-009） 新增 申请编号：（空） → 2024-009"
        "申请人类型：（空） → 自然人"
        "收到申请日期：（空） → 2024-12-20"
        "申请方式：（空） → 网络"
        "延期：（空） → 否"
        "延期工作日：（空） → 0"
        "信息处理费：（空） → 0",
        "表二 2024年 第二十条第（五）项 行政许可 本年处理决定数量 数值：12 → 46",
        "表二 2024年 第二十条第（五）项 行政许可 本年处理决定数量 新增 数值：（空） → 12",
    ]
    # the 2025 page: the 2025 count, the case filed in 2025, the application answered then
    rows = _rows(clerk.get("/ws/audit?year=2025").text)
    assert [r.split(" 命令行：zhangsan ")[1] for r in rows] == [
        "复议诉讼 1 新增 案件类型：（空） → 行政诉讼（复议后起诉）"
        "立案日期：（空） → 2025-02-03"
        "结果：（空） → 尚未审结",
        rows[1].split(" 命令行：zhangsan ")[1],  # the update, as on the 2024 page
        rows[2].split(" 命令行：zhangsan ")[1],  # the addition: open, carried into 2025
        "表二 2025年 第二十条第（五）项 行政许可 本年处理决定数量 新增 数值：（空） → 3",
    ]
    assert rows[1].endswith("延期工作日：0 → 5") and "新增 申请编号：（空） → 2024-009" in rows[2]
