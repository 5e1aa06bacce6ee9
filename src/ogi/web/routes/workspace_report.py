"""The year's report in the workspace: the text as a form per part (prefilled with the
draft), the checker run as the clerk types, the preview as it will print, DOCX and PDF,
and the review (submit, return with comments, approve and publish, correct)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response

from ogi.check.finding import Finding
from ogi.services import workspace as ws
from ogi.store.accounts import User
from ogi.store.ledger import edition_of
from ogi.web.permissions import LoggedIn
from ogi.web.routes.workspace import Here, _ag, _back, _form, current, download, writable
from ogi.web.security import flash, verify_csrf
from ogi.web.templating import page

router = APIRouter(prefix="/ws/report")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _finding(f: Finding) -> dict[str, object]:
    return {
        "severity": f.severity,
        "rule": f.rule,
        "message": f.message,
        "hint": f.hint,
        "section": f.section,
        "quote": f.quote,
        "cell": f.cell,
    }


def _names(request: Request) -> dict[int, str]:
    from sqlalchemy import select

    with request.app.state.store.session() as s:
        return {u.id: u.label for u in s.scalars(select(User))}


@router.get("")
def report_page(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        ag = _ag(s, h)
        draft = ws.start(s, user, ag, h.year) if h.writable else ws.latest(s, ag, h.year)
        findings = ws.check(ws.compose(s, ag, h.year, draft.parts)) if draft else []
        changed = ws.changed_since_submitted(s, ag, h.year)
        history = [
            (v.version, ws.DRAFT_STATUSES[v.status], v.reason) for v in ws.versions(s, ag, h.year)
        ]
        state = None
        if draft is not None:
            state = {
                "version": draft.version,
                "status": draft.status,
                "label": ws.DRAFT_STATUSES[draft.status],
                "comment": draft.comment,
                "reason": draft.reason,
                "parts": draft.parts,
                "submitted_by": draft.submitted_by,
                "approved_by": draft.approved_by,
            }
    names = _names(request)
    return page(
        request,
        "workspace/report.html",
        title=f"{h.year}年度报告",
        h=h,
        state=state,
        sections=edition_of(h.year).sections,
        findings=[_finding(f) for f in findings],
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        history=history,
        changed=changed,
        names=names,
        me=user,
    )


def _parts_from(form: dict[str, str], h: Here) -> dict[str, str]:
    keys = {*ws.TEXT_KEYS, *(s.key for s in edition_of(h.year).sections)}
    return {k[5:]: v for k, v in form.items() if k.startswith("part:") and k[5:] in keys}


@router.post("/save", dependencies=[Depends(verify_csrf)])
async def save(request: Request, user: LoggedIn) -> Response:
    h = writable(request, user)
    form = await _form(request)
    try:
        with request.app.state.store.session() as s:
            changes = ws.save_text(s, user, _ag(s, h), h.year, _parts_from(form, h))
    except ws.WorkspaceError as e:
        flash(request, f"未保存：{e}", "error")
        return _back(h, "/ws/report")
    flash(request, f"已保存正文，改动 {len(changes)} 处")
    return _back(h, "/ws/report")


@router.post("/check", dependencies=[Depends(verify_csrf)])
async def live_check(request: Request, user: LoggedIn) -> Response:
    """The findings of the report with the text being typed (nothing is stored)."""
    h = current(request, user)
    form = await _form(request)

    def run() -> list[Finding]:
        with request.app.state.store.session() as s:
            ag = _ag(s, h)
            draft = ws.latest(s, ag, h.year)
            base = draft.parts if draft else {}
            sent = _parts_from(form, h)
            sections = dict(base.get("sections") or {})
            parts = {**base, "sections": sections}
            for k, v in sent.items():
                if k in ws.TEXT_KEYS:
                    parts[k] = v.replace("\r\n", "\n").strip()
                else:
                    sections[k] = v.replace("\r\n", "\n").strip()
            return ws.check(ws.compose(s, ag, h.year, parts))

    findings = await run_in_threadpool(run)
    return JSONResponse(
        {
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "findings": [_finding(f) for f in findings],
        }
    )


def _act(request: Request, h: Here, user: User, action: str, text: str = "") -> Response:
    messages = {
        "submit": "已提交审核",
        "return": "已退回填报人",
        "approve": "已审核通过并发布，报告已冻结",
        "correct": "已建立更正版本",
    }
    try:
        with request.app.state.store.session() as s:
            ag = _ag(s, h)
            if action == "submit":
                ws.submit(s, user, ag, h.year)
            elif action == "return":
                ws.return_draft(s, user, ag, h.year, text)
            elif action == "approve":
                ws.approve(s, user, ag, h.year)
            else:
                ws.correct(s, user, ag, h.year, text)
    except ws.WorkspaceError as e:
        flash(request, str(e), "error")
        return _back(h, "/ws/report")
    flash(request, messages[action])
    return _back(h, "/ws/report")


@router.post("/submit", dependencies=[Depends(verify_csrf)])
def submit(request: Request, user: LoggedIn) -> Response:
    return _act(request, writable(request, user), user, "submit")


@router.post("/return", dependencies=[Depends(verify_csrf)])
def return_(request: Request, user: LoggedIn, comment: str = Form("")) -> Response:
    return _act(request, writable(request, user), user, "return", comment)


@router.post("/approve", dependencies=[Depends(verify_csrf)])
def approve(request: Request, user: LoggedIn) -> Response:
    return _act(request, writable(request, user), user, "approve")


@router.post("/correct", dependencies=[Depends(verify_csrf)])
def correct(request: Request, user: LoggedIn, reason: str = Form("")) -> Response:
    return _act(request, writable(request, user), user, "correct", reason)


# -- preview and downloads -------------------------------------------------------------------
@router.get("/preview")
def preview(request: Request, user: LoggedIn) -> Response:
    h = current(request, user)
    with request.app.state.store.session() as s:
        report = ws.printed(s, _ag(s, h), h.year)
        draft = ws.latest(s, _ag(s, h), h.year)
    findings = ws.check(report)
    return page(
        request,
        "workspace/preview.html",
        title=f"{h.year}年度报告预览",
        h=h,
        findings=[_finding(f) for f in findings],
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        status=ws.DRAFT_STATUSES[draft.status] if draft else "尚未起草",
    )


@router.get("/printed.html")
def printed_html(request: Request, user: LoggedIn) -> Response:
    from ogi.render import render_html

    h = current(request, user)
    with request.app.state.store.session() as s:
        report = ws.printed(s, _ag(s, h), h.year)
    return HTMLResponse(render_html(report))


def _file_name(h: Here, suffix: str) -> str:
    return f"{h.agency.name}{h.year}年政府信息公开工作年度报告.{suffix}"


@router.get("/report.docx")
def docx(request: Request, user: LoggedIn) -> Response:
    from ogi.render import render_docx

    h = current(request, user)
    with request.app.state.store.session() as s:
        report = ws.printed(s, _ag(s, h), h.year)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.docx"
        render_docx(report, path)
        data = path.read_bytes()
    return download(data, _file_name(h, "docx"), DOCX)


@router.get("/report.pdf")
async def pdf(request: Request, user: LoggedIn) -> Response:
    from ogi.render.pdf import render_pdf

    h = current(request, user)
    with request.app.state.store.session() as s:
        report = ws.printed(s, _ag(s, h), h.year)

    def run() -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "report.pdf"
            render_pdf(report, path)
            return path.read_bytes()

    try:
        data = await run_in_threadpool(run)
    except RuntimeError as e:
        return page(request, "error.html", 503, message=str(e), title="无法生成 PDF")
    return download(data, _file_name(h, "pdf"), "application/pdf")
