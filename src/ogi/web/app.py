"""The application factory: one store, one background worker per process, the routes of
each area, and pages (never tracebacks) for every error."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import event, select
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from ogi.services.accounts import session_secret
from ogi.services.indexing import unindexed_report_ids
from ogi.services.jobs import Worker, enqueue
from ogi.services.uploads import Limits
from ogi.store import Store, open_store
from ogi.store.jobs import Job
from ogi.web.security import CsrfFailed, Forbidden, LoginRequired
from ogi.web.templating import page

log = logging.getLogger("ogi.web")

# Every asset comes from this package; nothing is loaded from elsewhere.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'self'; "
    "base-uri 'self'; form-action 'self'"
)


def _sqlite_for_many_threads(store: Store) -> None:
    # Requests and the worker write from several threads: let readers go on during a
    # write (WAL) and wait for a lock instead of failing at once.
    if store.engine.dialect.name != "sqlite":
        return

    @event.listens_for(store.engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    store.engine.dispose()


def index_stored_reports(store: Store) -> int | None:
    """Queue the indexing of reports stored without figures (e.g. by `ogi ingest`);
    the job's id, or None when there is nothing to do or it is already queued."""
    with store.session() as s:
        if not unindexed_report_ids(s):
            return None
        pending = s.scalar(
            select(Job.id).where(Job.kind == "index_reports", Job.status.in_(("queued", "running")))
        )
        if pending is not None:
            return None
        return enqueue(s, "index_reports", {"unindexed": True, "public": True}).id


def create_app(
    db: str | None = None,
    *,
    limits: Limits | None = None,
    worker: bool = True,
    https_only: bool = False,
) -> FastAPI:
    """The application over the store `db` (a URL, a file, or ``OGI_DB``). `worker=False`
    leaves background jobs to the caller (tests run them with ``app.state.worker.drain``)."""
    store = open_store(db)
    _sqlite_for_many_threads(store)
    with store.session() as s:
        secret = session_secret(s)
    jobs = Worker(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        index_stored_reports(store)
        if worker:
            jobs.start()
        try:
            yield
        finally:
            jobs.stop()

    app = FastAPI(
        title="ogi",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.store = store
    app.state.worker = jobs
    app.state.limits = limits or Limits()
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="ogi_session",
        same_site="lax",
        https_only=https_only,
        max_age=12 * 3600,
    )

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    static = resources.files("ogi.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    from ogi.web.routes import analysis, auth, corpus, reports, review, workspace, workspace_report

    for module in (auth, review, reports, corpus, analysis, workspace, workspace_report):
        app.include_router(module.router)
    _errors(app)
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.method != "GET":
            return page(request, "error.html", 401, message="请先登录", title="需要登录")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return page(request, "error.html", 403, message=exc.message, title="没有权限")

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        message = "表单缺少有效的安全令牌（CSRF），可能已过期或来自其他网站；请刷新页面后重试"
        return page(request, "error.html", 403, message=message, title="请求被拒绝")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        messages = {404: "没有这个页面或记录", 405: "不支持这种请求方式", 413: "上传内容过大"}
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        text = message if message and not message.isascii() else messages.get(exc.status_code)
        return page(
            request, "error.html", exc.status_code, message=text or "请求无法处理", title="出错了"
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # an id in the address that is no id (letters, “²”, twenty digits): no such record;
        # a bad query or form value: the request is wrong. The parameter names are
        # the code's (English), so they are not shown.
        if any((e.get("loc") or ("",))[0] == "path" for e in exc.errors()):
            return page(request, "error.html", 404, message="没有这个页面或记录", title="出错了")
        return page(
            request,
            "error.html",
            400,
            message="请求中的参数不正确（数字过大或不是数字），请检查后重试",
            title="参数错误",
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return page(
            request,
            "error.html",
            500,
            message="服务器内部错误，已记录在服务器日志中；请稍后重试或联系管理员",
            title="出错了",
        )


def app_from_environment() -> FastAPI:
    """The application as `ogi serve` and ASGI servers start it: the store from ``OGI_DB``,
    upload limits from ``OGI_MAX_FILE_MB`` and ``OGI_MAX_FILES``. For gunicorn or
    uvicorn directly: ``uvicorn --factory ogi.web.app:app_from_environment``."""
    import os

    limits = Limits(
        max_file_mb=int(os.environ.get("OGI_MAX_FILE_MB", "50")),
        max_files=int(os.environ.get("OGI_MAX_FILES", "200")),
    )
    return create_app(os.environ.get("OGI_DB"), limits=limits)
