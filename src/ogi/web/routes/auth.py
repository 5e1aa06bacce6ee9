"""Log-in and log-out, the administrator's pages for accounts and settings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from ogi.services.accounts import (
    AccountError,
    authenticate,
    create_user,
    list_users,
    public_access,
    set_setting,
    update_user,
)
from ogi.store.models import Agency
from ogi.web.permissions import Admin
from ogi.web.security import current_user, flash, login, logout, verify_csrf
from ogi.web.templating import page

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # Only a path of this site: never an absolute URL or a scheme-relative one.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/")
def home(request: Request) -> Response:
    user = current_user(request)
    if user is not None and user.role in ("filler", "reviewer"):
        return RedirectResponse("/ws", status_code=303)
    if user is not None and user.role in ("admin", "supervisor"):
        return RedirectResponse("/batches", status_code=303)
    return RedirectResponse("/corpus", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    with request.app.state.store.session() as s:
        no_users = not list_users(s)
    return page(request, "login.html", title="登录", next=_safe_next(next), no_users=no_users)


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login_submit(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
) -> Response:
    with request.app.state.store.session() as s:
        user = authenticate(s, username, password)
        if user is not None:
            s.expunge(user)
    if user is None:
        return page(
            request,
            "login.html",
            401,
            title="登录",
            next=_safe_next(next),
            no_users=False,
            error="用户名或密码不正确，或账户已停用",
            username=username,
        )
    login(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout_submit(request: Request) -> Response:
    logout(request)
    return RedirectResponse("/login", status_code=303)


# -- administration --------------------------------------------------------------------------
@router.get("/admin")
def admin_page(request: Request, admin: Admin) -> Response:
    with request.app.state.store.session() as s:
        users = list_users(s)
        public = public_access(s)
        ids = {u.agency_id for u in users if u.agency_id}
        agencies = {a.id: a.name for a in s.scalars(select(Agency).where(Agency.id.in_(ids)))}
    return page(
        request, "admin.html", title="账户与设置", users=users, public=public, agencies=agencies
    )


@router.post("/admin/users", dependencies=[Depends(verify_csrf)])
def admin_create_user(
    request: Request,
    admin: Admin,
    username: str = Form(""),
    password: str = Form(""),
    role: str = Form("viewer"),
    region: str = Form(""),
    display_name: str = Form(""),
    agency: str = Form(""),
) -> Response:
    try:
        with request.app.state.store.session() as s:
            create_user(s, username, password, role, region or None, display_name, agency or None)
        flash(request, f"已创建用户 {username}", "ok")
    except AccountError as e:
        flash(request, e.web, "error")
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{username}", dependencies=[Depends(verify_csrf)])
def admin_update_user(
    request: Request,
    admin: Admin,
    username: str,
    role: str = Form(...),
    region: str = Form(""),
    active: str = Form(""),
    password: str = Form(""),
    agency: str = Form(""),
) -> Response:
    if username == admin.username and (role != "admin" or not active):
        flash(request, "不能取消自己的管理员角色或停用自己的账户", "error")
        return RedirectResponse("/admin", status_code=303)
    try:
        with request.app.state.store.session() as s:
            update_user(
                s,
                username,
                role=role,
                region=region,
                active=bool(active),
                password=password or None,
                agency=agency,
            )
        flash(request, f"已更新用户 {username}", "ok")
    except AccountError as e:
        flash(request, e.web, "error")
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/settings", dependencies=[Depends(verify_csrf)])
def admin_settings(request: Request, admin: Admin, public: str = Form("")) -> Response:
    with request.app.state.store.session() as s:
        set_setting(s, "public_access", "1" if public else "0")
    flash(request, "已开放公众访问已发布的报告" if public else "已关闭公众访问", "ok")
    return RedirectResponse("/admin", status_code=303)
