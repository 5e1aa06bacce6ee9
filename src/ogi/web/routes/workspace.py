"""The agency workspace: the ledger of applications with their statutory clock, table 二
and the reconsideration/litigation cases as forms, the Excel workbook, and the audit
log. The year's report (text, live check, review, downloads) is in `workspace_report`.

Every page works on one agency: a filler's or reviewer's own, or for an administrator,
viewer or supervisor the one named by ``?agency=`` (read only)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from ogi.compose import workdays
from ogi.services import ledger
from ogi.services import workspace as ws
from ogi.store.accounts import AGENCY_ROLES, User
from ogi.store.ledger import applicant_types, edition_of, outcome_labels, plain
from ogi.store.ledger_io import LedgerImportError
from ogi.store.models import CHANNELS, REVIEW_KINDS, REVIEW_OUTCOMES, Agency, Application
from ogi.web.downloads import XLSX, attachment
from ogi.web.params import Id, int_param
from ogi.web.permissions import LoggedIn
from ogi.web.security import Forbidden, flash, verify_csrf
from ogi.web.templating import page

router = APIRouter(prefix="/ws")
MAX_WORKBOOK = 10 * 1024 * 1024


@dataclass(frozen=True)
class Here:
    """The agency and year a workspace page is about, and what the user may do there."""

    agency: Agency
    year: int
    writable: bool

    def link(self, path: str, **params: object) -> str:
        q = {"year": self.year, **params}
        return f"{path}?" + "&".join(f"{k}={v}" for k, v in q.items() if v is not None)


def default_year() -> int:
    """The year a workspace opens on. Until 31 March, last year's: its report is being
    written (due by 31 January, a government's own by 31 March). From April, the year
    under way: its ledger is being kept, and its report is the next one due."""
    today = workdays.today()
    return today.year - 1 if (today.month, today.day) <= (3, 31) else today.year


def here(request: Request, user: User, agency: int | None, year: int | None) -> Here:
    with request.app.state.store.session() as s:
        if user.role in AGENCY_ROLES:
            if user.agency_id is None:
                raise Forbidden("您的账户尚未指定所属机关，请联系管理员")
            if agency is not None and agency != user.agency_id:
                raise Forbidden("您只能查看本机关的台账和报告")
            found = s.get(Agency, user.agency_id)
        else:
            found = s.get(Agency, agency) if agency is not None else None
        if found is None:
            raise HTTPException(404)
        if not ws.can_read(user, found):
            raise Forbidden(f"您没有查看“{found.name}”台账和报告的权限")
        s.expunge(found)
    return Here(found, year or default_year(), ws.can_write(user, found))


def _agency_param(request: Request) -> int | None:
    raw = request.query_params.get("agency")
    return int_param(raw)


def _year_param(request: Request) -> int | None:
    raw = request.query_params.get("year")
    return int_param(raw, 2008, 2100)


def current(request: Request, user: User) -> Here:
    return here(request, user, _agency_param(request), _year_param(request))


def writable(request: Request, user: User) -> Here:
    h = current(request, user)
    if not h.writable:
        raise Forbidden(f"只有“{h.agency.name}”的填报人或审核人可以修改")
    return h


def _ag(s: Session, h: Here) -> Agency:
    found = s.get(Agency, h.agency.id)
    assert found is not None
    return found


def download(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type, headers={"Content-Disposition": attachment(name)})


def _back(h: Here, path: str, **params: object) -> RedirectResponse:
    return RedirectResponse(h.link(path, **params), status_code=303)


# -- the home page ---------------------------------------------------------------------------
@router.get("")
def home(request: Request, user: LoggedIn) -> Response:
    if user.role not in AGENCY_ROLES and _agency_param(request) is None:
        return agencies_page(request, user)
    h = current(request, user)
    with request.app.state.store.session() as s:
        ag = _ag(s, h)
        due = ledger.due_list(s, ag, days=5)
        stats = ledger.statistics(s, ag, h.year)
        draft = ws.latest(s, ag, h.year)
        status = ws.DRAFT_STATUSES[draft.status] if draft else "尚未起草"
        missing = len(ledger.t2_missing(s, ag, h.year))
        cases = len(ledger.list_applications(s, ag, year=h.year))
        reviews = len(ledger.list_reviews(s, ag, h.year))
    return page(
        request,
        "workspace/home.html",
        title=f"{h.agency.name} 工作台",
        h=h,
        due=due,
        stats=stats,
        status=status,
        missing=missing,
        cases=cases,
        reviews=reviews,
        today=workdays.today(),
    )


def agencies_page(request: Request, user: User) -> Response:
    year = _year_param(request) or default_year()
    with request.app.state.store.session() as s:
        rows = []
        for ag in s.scalars(select(Agency).order_by(Agency.name)):
            if not ws.can_read(user, ag):
                continue
            draft = ws.latest(s, ag, year)
            rows.append((ag.id, ag.name, ws.DRAFT_STATUSES[draft.status] if draft else "尚未起草"))
    return page(request, "workspace/agencies.html", title="各机关年报", rows=rows, year=year)


# -- the ledger ------------------------------------------------------------------------------
def _choices(year: int) -> dict[str, dict[str, str]]:
    return {
        "applicant_type": applicant_types(),
        "channel": CHANNELS,
        "outcome": outcome_labels(edition_of(year)),
    }


@router.get("/cases")
def cases(
    request: Request,
    user: LoggedIn,
    q: str = "",
    state: str = "",
    kind: str = "",
) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        rows = ledger.list_applications(
            s,
            _ag(s, h),
            year=h.year,
            open_only=state == "open",
            search=q or None,
            applicant_type=kind or None,
        )
    if state == "overdue":
        rows = [r for r in rows if r.clock.overdue]
    return page(
        request,
        "workspace/cases.html",
        title="依申请公开台账",
        h=h,
        rows=rows,
        q=q,
        state=state,
        kind=kind,
        kinds=applicant_types(),
    )


@router.get("/cases/new")
def case_new(request: Request, user: LoggedIn) -> Response:
    h = writable(request, user)
    return page(
        request,
        "workspace/case.html",
        title="登记申请",
        h=h,
        case=None,
        values={"received": workdays.today().isoformat(), "channel": "online"},
        choices=_choices(h.year),
        error=None,
    )


# the form asks for 延期天数 only: whether the reply was extended follows from it
_FORM_FIELDS = tuple(f for f in ledger.APP_FIELDS if f != "extended")


def _case_values(form: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    values: dict[str, object] = {}
    clear = []
    for name in _FORM_FIELDS:
        v = (form.get(name) or "").strip()
        if v == "" and name in ledger.CLEARABLE:
            clear.append(name)
        elif v != "":
            values[name] = v
    typed = str(values.get("extension_days") or "0")
    # full-width digits are digits; ² and ٣ are not (str.isdigit() says they are)
    n = int_param(plain(typed), 0, 1000)
    if n is None:
        raise ledger.InvalidValue(f"延期天数“{typed}”应为 0 至 1000 的整数")
    values["extension_days"] = n
    values["extended"] = n > 0
    values.setdefault("fee", 0)
    return values, clear


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/cases", dependencies=[Depends(verify_csrf)])
async def case_add(request: Request, user: LoggedIn) -> Response:
    h = writable(request, user)
    form = await _form(request)
    try:
        with request.app.state.store.session() as s:
            values, _ = _case_values(form)
            app, change = ledger.add_application(s, _ag(s, h), values)
            ws.record(s, user, _ag(s, h), [change])
            new_id = app.id
    except ledger.LedgerError as e:
        return page(
            request,
            "workspace/case.html",
            422,
            title="登记申请",
            h=h,
            case=None,
            values=form,
            choices=_choices(h.year),
            error=str(e),
        )
    flash(request, f"已登记申请 {form.get('serial_no', '')}")
    return _back(h, f"/ws/cases/{new_id}")


@router.get("/cases/{case_id}")
def case_page(request: Request, user: LoggedIn, case_id: Id) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        found = next((c for c in ledger.list_applications(s, _ag(s, h)) if c.id == case_id), None)
        if found is None:
            raise HTTPException(404)
        row = s.get(Application, case_id)
        assert row is not None
        values = {n: getattr(row, n) for n in _FORM_FIELDS}
        values = {
            k: ("" if v is None else v.isoformat() if isinstance(v, date) else v)
            for k, v in values.items()
        }
    return page(
        request,
        "workspace/case.html",
        title=f"申请 {found.serial_no}",
        h=h,
        case=found,
        values=values,
        choices=_choices(found.received.year),
        error=None,
    )


@router.post("/cases/{case_id}", dependencies=[Depends(verify_csrf)])
async def case_update(request: Request, user: LoggedIn, case_id: Id) -> Response:
    h = writable(request, user)
    form = await _form(request)
    try:
        with request.app.state.store.session() as s:
            values, clear = _case_values(form)
            _, change = ledger.update_application(s, _ag(s, h), case_id, values, clear)
            if change.before != change.after:
                ws.record(s, user, _ag(s, h), [change])
    except ledger.LedgerError as e:
        flash(request, str(e), "error")
        return _back(h, f"/ws/cases/{case_id}")
    flash(request, "已保存")
    return _back(h, f"/ws/cases/{case_id}")


@router.post("/cases/{case_id}/delete", dependencies=[Depends(verify_csrf)])
def case_delete(request: Request, user: LoggedIn, case_id: Id) -> Response:
    h = writable(request, user)
    try:
        with request.app.state.store.session() as s:
            change = ledger.delete_application(s, _ag(s, h), case_id)
            ws.record(s, user, _ag(s, h), [change])
    except ledger.LedgerError as e:
        flash(request, str(e), "error")
        return _back(h, "/ws/cases")
    flash(request, "已删除该申请")
    return _back(h, "/ws/cases")


# -- the workbook ----------------------------------------------------------------------------
@router.post("/import", dependencies=[Depends(verify_csrf)])
async def import_page(request: Request, user: LoggedIn) -> Response:
    h = writable(request, user)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        flash(request, "请选择要导入的 Excel 台账（.xlsx）", "error")
        return _back(h, "/ws/cases")
    if not upload.filename.lower().endswith(".xlsx"):
        flash(request, f"{upload.filename}：只能导入 Excel 台账（.xlsx）", "error")
        return _back(h, "/ws/cases")
    data = await upload.read(MAX_WORKBOOK + 1)
    if len(data) > MAX_WORKBOOK:
        flash(request, f"{upload.filename}：文件超过 10 MB", "error")
        return _back(h, "/ws/cases")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"  # the name sent is never used as a path
        path.write_bytes(data)
        try:
            with request.app.state.store.session() as s:
                done = ledger.import_workbook(s, _ag(s, h), path)
                ws.record(s, user, _ag(s, h), done.changes, note=f"导入 {upload.filename}")
        except LedgerImportError as e:
            flash(request, f"{upload.filename}：未导入，{e}", "error")
            return _back(h, "/ws/cases")
        except ledger.LedgerError as e:
            flash(request, f"{upload.filename}：未导入，{e}", "error")
            return _back(h, "/ws/cases")
    flash(request, f"已导入 {upload.filename}：{done.summary()}")
    return _back(h, "/ws/cases")


@router.get("/export.xlsx")
def export(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        with request.app.state.store.session() as s:
            ledger.export_workbook(s, _ag(s, h), path, h.year)
        data = path.read_bytes()
    return download(data, f"{h.agency.name}{h.year}年台账.xlsx", XLSX)


@router.get("/template.xlsx")
def template(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template.xlsx"
        ledger.write_template(path, h.year)
        data = path.read_bytes()
    return download(data, f"{h.year}年台账模板.xlsx", XLSX)


# -- table 二 --------------------------------------------------------------------------------
@router.get("/t2")
def t2_page(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        entries = ledger.t2_entries(s, _ag(s, h), h.year)
    blocks: dict[str, list[ledger.T2Entry]] = {}
    for e in entries:
        blocks.setdefault(e.block, []).append(e)
    return page(request, "workspace/t2.html", title="表二 主动公开情况", h=h, blocks=blocks)


@router.post("/t2", dependencies=[Depends(verify_csrf)])
async def t2_save(request: Request, user: LoggedIn) -> Response:
    h = writable(request, user)
    form = await _form(request)
    values = {k[3:]: v.strip() for k, v in form.items() if k.startswith("t2:") and v.strip() != ""}
    try:
        with request.app.state.store.session() as s:
            changes = [
                c for c in ledger.set_t2(s, _ag(s, h), h.year, values) if c.before != c.after
            ]
            ws.record(s, user, _ag(s, h), changes)
    except ledger.LedgerError as e:
        flash(request, f"未保存：{e}", "error")
        return _back(h, "/ws/t2")
    flash(request, f"已保存表二，改动 {len(changes)} 格")
    return _back(h, "/ws/t2")


# -- reconsideration and litigation ----------------------------------------------------------
@router.get("/reviews")
def reviews_page(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        rows = ledger.list_reviews(s, _ag(s, h))
        last = len(ledger.list_reviews(s, _ag(s, h), h.year - 1))
    return page(
        request,
        "workspace/reviews.html",
        title="行政复议、行政诉讼案件",
        h=h,
        rows=rows,
        last=last,
        kinds=REVIEW_KINDS,
        outcomes=REVIEW_OUTCOMES,
    )


def _review_values(form: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    values: dict[str, object] = {}
    clear = []
    for name in ("case_no", "kind", "filed", "outcome", "concluded", "notes"):
        v = (form.get(name) or "").strip()
        if v == "" and name == "concluded":
            clear.append(name)
        elif v != "":
            values[name] = v
    return values, clear


@router.post("/reviews", dependencies=[Depends(verify_csrf)])
async def review_add(request: Request, user: LoggedIn) -> Response:
    h = writable(request, user)
    form = await _form(request)
    try:
        with request.app.state.store.session() as s:
            values, _ = _review_values(form)
            _, change = ledger.add_review(s, _ag(s, h), values)
            ws.record(s, user, _ag(s, h), [change])
    except ledger.LedgerError as e:
        flash(request, f"未登记：{e}", "error")
        return _back(h, "/ws/reviews")
    flash(request, "已登记案件")
    return _back(h, "/ws/reviews")


@router.post("/reviews/{review_id}", dependencies=[Depends(verify_csrf)])
async def review_update(request: Request, user: LoggedIn, review_id: Id) -> Response:
    h = writable(request, user)
    form = await _form(request)
    try:
        with request.app.state.store.session() as s:
            if form.get("delete"):
                change = ledger.delete_review(s, _ag(s, h), review_id)
            else:
                values, clear = _review_values(form)
                _, change = ledger.update_review(s, _ag(s, h), review_id, values, clear)
            if change.before != change.after:
                ws.record(s, user, _ag(s, h), [change])
    except ledger.LedgerError as e:
        flash(request, f"未保存：{e}", "error")
        return _back(h, "/ws/reviews")
    flash(request, "已删除案件" if form.get("delete") else "已保存案件")
    return _back(h, "/ws/reviews")


# -- the audit log ---------------------------------------------------------------------------
@router.get("/audit")
def audit_page(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        rows = ws.audit_log(s, _ag(s, h), h.year)
    return page(request, "workspace/audit.html", title="修改记录", h=h, rows=rows)
