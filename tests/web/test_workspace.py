"""The agency workspace over HTTP: who sees and changes which agency's records, the
ledger, table 二 and review-case forms, the text with its live check, the review
(submit, return, approve by another person, correction) and the audit log."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ogi.services.accounts import create_user
from ogi.services.ledger import add_application, init_agency
from ogi.store.workspace import AuditEntry, ReportDraft
from tests.web.helpers import PASSWORD, login, token

AGENCY = "示例镇人民政府"
OTHER = "样例乡人民政府"
Y = "?year=2024"


@pytest.fixture
def ws(app: FastAPI) -> FastAPI:
    with app.state.store.session() as s:
        ag, _ = init_agency(s, AGENCY, "乡镇")
        ag.county = "示例县"
        other, _ = init_agency(s, OTHER, "乡镇", new=True)
        other.county = "另一县"
        add_application(
            s,
            ag,
            {
                "serial_no": "2024-001",
                "applicant_name": "张三",
                "applicant_type": "自然人",
                "received": "2024-03-01",
                "content": "示例镇集市管理办法",
                "outcome": "予以公开",
                "reply_date": "2024-03-12",
            },
        )
        add_application(
            s,
            other,
            {
                "serial_no": "Y-001",
                "applicant_name": "李四",
                "applicant_type": "自然人",
                "received": "2024-04-01",
                "content": "样例乡秘密事项",
            },
        )
        create_user(s, "clerk", PASSWORD, "filler", agency=AGENCY)
        create_user(s, "chief", PASSWORD, "reviewer", agency=AGENCY)
        create_user(s, "chief2", PASSWORD, "reviewer", agency=AGENCY)
        create_user(s, "outsider", PASSWORD, "filler", agency=OTHER)
        create_user(s, "county", PASSWORD, "supervisor", region="示例县")
    return app


def as_user(app: FastAPI, name: str) -> TestClient:
    c = TestClient(app)
    login(c, name)
    return c


def audit_count(app: FastAPI) -> int:
    with app.state.store.session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def post(c: TestClient, path: str, data: dict[str, str], page: str = "/ws") -> object:
    return c.post(path, data={**data, "csrf_token": token(c, page)}, follow_redirects=False)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        ("2025-01-15", 2024),  # last year's report being written, due 31 January
        ("2025-03-31", 2024),  # a government's own is due 31 March
        ("2025-04-01", 2025),  # from then on, the year under way
        ("2025-12-01", 2025),  # its ledger kept, its report the next one due
        ("2025-12-31", 2025),
    ],
)
def test_the_workspace_opens_on_the_year_being_written_or_kept(
    ws: FastAPI, monkeypatch: pytest.MonkeyPatch, today: str, year: int
) -> None:
    from datetime import date

    from ogi.compose import workdays

    monkeypatch.setattr(workdays, "today", lambda: date.fromisoformat(today))
    page = as_user(ws, "county").get("/ws").text
    assert f"各机关 {year} 年度报告" in page
    assert f"各机关 {year - 1} 年度报告" not in page and f"各机关 {year + 1} 年度报告" not in page


def test_agency_users_need_an_agency() -> None:
    from ogi.services.accounts import AccountError
    from ogi.store import open_store

    store = open_store("sqlite://")
    with store.session() as s, pytest.raises(AccountError, match="须指定所属机关"):
        create_user(s, "x1", PASSWORD, "filler")
    with store.session() as s, pytest.raises(AccountError, match="没有机关“无此机关”"):
        create_user(s, "x2", PASSWORD, "reviewer", agency="无此机关")


def test_the_administrator_adds_a_filler_of_an_agency(ws: FastAPI) -> None:
    from ogi.store.accounts import User

    with ws.state.store.session() as s:
        create_user(s, "root", PASSWORD, "admin")
    admin = as_user(ws, "root")
    form = {"username": "clerk9", "password": PASSWORD, "role": "filler"}
    post(admin, "/admin/users", form, "/admin")
    assert "填报人须填写所属机关全称" in admin.get("/admin").text
    r = post(admin, "/admin/users", {**form, "agency": AGENCY}, "/admin")
    assert r.status_code == 303
    with ws.state.store.session() as s:
        user = s.scalar(select(User).where(User.username == "clerk9"))
        assert user is not None and user.agency_id is not None
    assert "张三" in as_user(ws, "clerk9").get("/ws/cases" + Y).text


def test_a_user_sees_only_the_own_agency_ledger(ws: FastAPI) -> None:
    clerk = as_user(ws, "clerk")
    page = clerk.get("/ws/cases" + Y)
    assert page.status_code == 200
    assert "2024-001" in page.text and "张三" in page.text
    assert "Y-001" not in page.text and "李四" not in page.text
    with ws.state.store.session() as s:
        from ogi.store.models import Agency, Application

        other = s.scalar(select(Agency).where(Agency.name == OTHER))
        foreign = s.scalar(select(Application).where(Application.serial_no == "Y-001"))
        assert other is not None and foreign is not None
        other_id, foreign_id = other.id, foreign.id
    # Naming the other agency, or one of its cases, is refused or not found.
    r = clerk.get(f"/ws/cases?year=2024&agency={other_id}")
    assert r.status_code == 403 and "您只能查看本机关的台账和报告" in r.text
    assert clerk.get(f"/ws/cases/{foreign_id}{Y}").status_code == 404
    before = audit_count(ws)
    r = post(
        clerk,
        f"/ws/cases/{foreign_id}{Y}",
        {
            "serial_no": "Y-001",
            "applicant_type": "natural_person",
            "received": "2024-04-01",
            "notes": "改",
        },
    )
    assert r.status_code == 303
    with ws.state.store.session() as s:
        assert s.get(Application, foreign_id).notes == ""  # type: ignore[union-attr]
    assert audit_count(ws) == before
    outsider = as_user(ws, "outsider")
    assert "张三" not in outsider.get("/ws/cases" + Y).text
    # A supervisor of 示例县 reads 示例镇 (read only) but not the other county's agency.
    county = as_user(ws, "county")
    listing = county.get("/ws" + Y)
    assert AGENCY in listing.text and OTHER not in listing.text
    assert county.get(f"/ws/cases?year=2024&agency={other_id}").status_code == 403
    own = listing.text.split("/ws?agency=")[1].split("&")[0]
    read = county.get(f"/ws/cases?year=2024&agency={own}")
    assert read.status_code == 200 and "张三" in read.text and "只读" in read.text
    r = county.post(
        f"/ws/t2?year=2024&agency={own}",
        data={"t2:art20_1.rules.issued": "1", "csrf_token": token(county, "/ws" + Y)},
    )
    assert r.status_code == 403
    assert audit_count(ws) == before


def test_anonymous_visitors_are_sent_to_log_in(ws: FastAPI) -> None:
    clerk = as_user(ws, "clerk")
    # The live check, like every post, needs the session's CSRF token.
    r = clerk.post("/ws/report/check" + Y, data={"part:preamble": "x"})
    assert r.status_code == 403 and "CSRF" in r.text
    c = TestClient(ws)
    r = c.get("/ws/cases" + Y, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert c.post("/ws/t2" + Y, data={"t2:art20_1.rules.issued": "1"}).status_code == 403


def test_every_change_is_logged_with_before_and_after(ws: FastAPI) -> None:
    clerk = as_user(ws, "clerk")
    n = audit_count(ws)
    r = post(
        clerk,
        "/ws/cases" + Y,
        {
            "serial_no": "2024-002",
            "applicant_name": "王五",
            "applicant_type": "natural_person",
            "received": "2024-05-06",
            "channel": "letter",
            "content": "道路修缮",
            "extension_days": "0",
        },
    )
    assert r.status_code == 303, r.text
    case_url = r.headers["location"].split("?")[0]
    assert audit_count(ws) == n + 1
    page = clerk.get(case_url + Y)
    # Received Monday 6 May 2024: 20 working days from the 7th, Saturday 11 May worked
    # (调休 for 劳动节), end on Friday 31 May.
    assert '<dd id="due-date">2024-05-31</dd>' in page.text
    r = post(
        clerk,
        case_url + Y,
        {
            "serial_no": "2024-002",
            "applicant_name": "王五",
            "applicant_type": "natural_person",
            "received": "2024-05-06",
            "channel": "letter",
            "content": "道路修缮",
            "extension_days": "10",
        },
    )
    assert r.status_code == 303
    assert audit_count(ws) == n + 2
    # 30 working days: 10 more from 3 June, 10 June (端午节) off: Monday 17 June.
    assert '<dd id="due-date">2024-06-17</dd>' in clerk.get(case_url + Y).text
    # A bad value changes nothing and logs nothing.
    r = post(
        clerk,
        case_url + Y,
        {
            "serial_no": "2024-002",
            "applicant_type": "natural_person",
            "received": "2024-13-40",
            "extension_days": "0",
        },
    )
    assert audit_count(ws) == n + 2
    assert "不是有效日期" in clerk.get(case_url + Y).text
    r = post(
        clerk, "/ws/t2" + Y, {"t2:art20_1.rules.issued": "2", "t2:art20_1.rules.in_force": "15"}
    )
    assert r.status_code == 303
    assert audit_count(ws) == n + 4
    t2 = clerk.get("/ws/t2" + Y).text
    assert 'name="t2:art20_1.rules.issued"' in t2 and 'value="2"' in t2
    r = post(
        clerk,
        "/ws/reviews" + Y,
        {
            "case_no": "示复〔2024〕1号",
            "kind": "review",
            "filed": "2024-06-03",
            "outcome": "upheld",
            "concluded": "2024-08-01",
        },
    )
    assert r.status_code == 303
    assert audit_count(ws) == n + 5
    assert "示复〔2024〕1号" in clerk.get("/ws/reviews" + Y).text
    r = post(clerk, case_url + "/delete" + Y, {})
    assert audit_count(ws) == n + 6
    log = clerk.get("/ws/audit" + Y).text
    assert "删除" in log and "道路修缮" in log and "clerk" in log
    with ws.state.store.session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.after is None
        assert last.before is not None and last.before["serial_no"] == "2024-002"


def _report_form(c: TestClient) -> dict[str, str]:
    page = c.get("/ws/report" + Y).text
    fields = dict(re.findall(r'<textarea name="(part:[a-z_]+)"[^>]*>(.*?)</textarea>', page, re.S))
    import html

    return {k: html.unescape(v) for k, v in fields.items()}


def test_review_a_filler_submits_another_person_approves(ws: FastAPI) -> None:
    clerk, chief, chief2 = as_user(ws, "clerk"), as_user(ws, "chief"), as_user(ws, "chief2")
    parts = _report_form(clerk)
    # The draft states the year's count and leaves placeholders, which the check marks.
    assert "2024年，本机关共收到政府信息公开申请1件（其中自然人1件）" in parts["part:overview"]
    check = clerk.post(
        "/ws/report/check" + Y,
        data=parts,
        headers={"x-csrf-token": token(clerk, "/ws" + Y)},
    ).json()
    assert check["errors"] >= 1
    r = post(clerk, "/ws/report/submit" + Y, {})
    assert "改正后才能提交或发布" in clerk.get("/ws/report" + Y).text
    # A sentence contradicting table 三 is quoted by the check.
    filled = {k: re.sub(r"【[^】]*】", "按计划完成。", v) for k, v in parts.items()}
    wrong = dict(filled)
    wrong["part:other_matters"] += "\n\n本年度共收到政府信息公开申请5件。"
    found = clerk.post(
        "/ws/report/check" + Y, data=wrong, headers={"x-csrf-token": token(clerk, "/ws" + Y)}
    ).json()
    quotes = [f["quote"] for f in found["findings"] if f["quote"]]
    assert any("收到政府信息公开申请5件" in q for q in quotes), found
    n = audit_count(ws)
    r = post(clerk, "/ws/report/save" + Y, filled)
    assert r.status_code == 303
    assert audit_count(ws) > n
    ok = clerk.post(
        "/ws/report/check" + Y, data=filled, headers={"x-csrf-token": token(clerk, "/ws" + Y)}
    ).json()
    assert ok["errors"] == 0, ok
    # A filler cannot approve; neither can the person who submitted.
    post(clerk, "/ws/report/submit" + Y, {})
    assert "待审核" in clerk.get("/ws/report" + Y).text
    n = audit_count(ws)
    post(clerk, "/ws/report/approve" + Y, {})
    assert "只有“示例镇人民政府”的审核人可以审核报告" in clerk.get("/ws/report" + Y).text
    post(chief, "/ws/report/return" + Y, {"comment": ""})
    assert "退回须写明意见" in chief.get("/ws/report" + Y).text
    assert audit_count(ws) == n
    post(chief, "/ws/report/return" + Y, {"comment": "请补充主动公开情况"})
    page = clerk.get("/ws/report" + Y).text
    assert "审核人退回意见：请补充主动公开情况" in page
    post(chief, "/ws/report/submit" + Y, {})  # the reviewer resubmits after fixing
    post(chief, "/ws/report/approve" + Y, {})
    assert "提交人不能审核自己提交的报告" in chief.get("/ws/report" + Y).text
    post(chief2, "/ws/report/approve" + Y, {})
    page = chief2.get("/ws/report" + Y).text
    assert "已审核发布" in page
    with ws.state.store.session() as s:
        draft = s.scalar(select(ReportDraft))
        assert draft is not None and draft.status == "published" and draft.document
    # Frozen: a count entered afterwards is logged but does not change the published
    # report, which is what the preview and the downloads show.
    post(clerk, "/ws/t2" + Y, {"t2:art20_1.rules.issued": "7"})
    with ws.state.store.session() as s:
        from ogi.services import workspace as wsvc
        from ogi.store.models import Agency

        ag = s.scalar(select(Agency).where(Agency.name == AGENCY))
        assert ag is not None
        assert wsvc.compose(s, ag, 2024).cells["t2.art20_1.rules.issued"] == 7
        assert wsvc.printed(s, ag, 2024).cells["t2.art20_1.rules.issued"] == 0
    # Saving the text is refused and logs nothing.
    n = audit_count(ws)
    post(clerk, "/ws/report/save" + Y, {"part:preamble": "改"})
    assert "已冻结" in clerk.get("/ws/report" + Y).text
    assert audit_count(ws) == n
    # A correction is a new version with its reason.
    post(clerk, "/ws/report/correct" + Y, {"reason": "表二数字更正"})
    page = clerk.get("/ws/report" + Y).text
    assert "第 2 版" in page and "表二数字更正" in page
    docx = clerk.get("/ws/report/report.docx" + Y)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx.headers["content-disposition"]


def test_workbook_export_and_import_round_trip(ws: FastAPI, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk = as_user(ws, "clerk")
    data = clerk.get("/ws/export.xlsx" + Y)
    assert data.status_code == 200 and data.content[:2] == b"PK"
    n = audit_count(ws)
    tok = token(clerk, "/ws/cases" + Y)
    r = clerk.post(
        "/ws/import" + Y,
        data={"csrf_token": tok},
        files={"file": ("台账.xlsx", data.content, "application/octet-stream")},
    )
    assert "已导入 台账.xlsx：新增 0 件" in r.text
    assert audit_count(ws) == n  # nothing changed, nothing logged
    r = clerk.post(
        "/ws/import" + Y,
        data={"csrf_token": tok},
        files={"file": ("../台账.txt", b"x", "text/plain")},
    )
    assert "../台账.txt：只能导入 Excel 台账（.xlsx）" in r.text
    r = clerk.post(
        "/ws/import" + Y,
        data={"csrf_token": tok},
        files={"file": ("坏.xlsx", b"not a workbook", "application/octet-stream")},
    )
    assert "坏.xlsx：未导入" in r.text
