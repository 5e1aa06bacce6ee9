"""Batches of a region and year: create, upload (files, folders as zip, drag and drop),
follow the reading in the background, review each agency's report, decide on findings,
compare rounds, download the workbooks."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from ogi.check.finding import STATUS_ZH
from ogi.services.batches import (
    ROW_STATUSES,
    BatchError,
    batch_rows,
    create_batch,
    decide,
    round_view,
    workbook_for,
)
from ogi.services.jobs import enqueue, job_state
from ogi.services.uploads import Limits, Screened, allowed_suffixes, keep, screen
from ogi.store.accounts import User
from ogi.store.review import Batch, Upload
from ogi.web.downloads import XLSX, attachment, table_response
from ogi.web.params import Id, OptionalId, int_param
from ogi.web.permissions import (
    LoggedIn,
    can_create_batch,
    can_edit_batch,
    can_view_batch,
    require_batch_edit,
    require_batch_view,
)
from ogi.web.routes.reports import load_report, report_context
from ogi.web.security import Forbidden, flash, verify_csrf
from ogi.web.templating import page

router = APIRouter()


def _batch(request: Request, batch_id: int) -> Batch:
    with request.app.state.store.session() as s:
        batch = s.get(Batch, batch_id)
        if batch is None:
            raise HTTPException(404)
        s.expunge(batch)
    return batch


@router.get("/batches")
def batches_page(request: Request, user: LoggedIn) -> Response:
    with request.app.state.store.session() as s:
        batches = [b for b in s.scalars(select(Batch).order_by(Batch.year.desc(), Batch.id.desc()))]
        counts = {b.id: len(batch_rows(s, b.id)) for b in batches if can_view_batch(user, b)}
    visible = [b for b in batches if can_view_batch(user, b)]
    return page(
        request,
        "batches.html",
        title="核查批次",
        batches=visible,
        counts=counts,
        can_create=can_create_batch(user),
    )


@router.post("/batches", dependencies=[Depends(verify_csrf)])
def batches_create(
    request: Request,
    user: LoggedIn,
    name: str = Form(""),
    region: str = Form(""),
    year: int = Form(...),
) -> Response:
    if not can_create_batch(user, region.strip() or None):
        raise Forbidden(
            "只有管理员或该地区的审核人可以建立批次"
            + (f"（您审核的地区：{user.region}）" if user.region else "")
        )
    try:
        with request.app.state.store.session() as s:
            batch = create_batch(s, name, region, year, user)
            bid = batch.id
    except BatchError as e:
        flash(request, str(e), "error")
        return RedirectResponse("/batches", status_code=303)
    flash(request, f"已建立批次“{name.strip()}”，现在可以上传报告", "ok")
    return RedirectResponse(f"/batches/{bid}", status_code=303)


@router.get("/batches/{batch_id}")
def batch_page(request: Request, batch_id: Id, user: LoggedIn, job: OptionalId = None) -> Response:
    batch = _batch(request, batch_id)
    require_batch_view(user, batch)
    with request.app.state.store.session() as s:
        rows = batch_rows(s, batch_id)
        state = job_state(s, job) if job else None
        s.expunge_all()
    limits: Limits = request.app.state.limits
    return page(
        request,
        "batch.html",
        title=batch.name,
        batch=batch,
        rows=rows,
        statuses=ROW_STATUSES,
        job=state,
        can_edit=can_edit_batch(user, batch),
        limits=limits,
        suffixes="、".join(allowed_suffixes()),
        accept=",".join(allowed_suffixes()),
    )


def _batch_table(rows: list) -> tuple[list[str], list[list[object]]]:
    header = [
        "机关",
        "年度",
        "轮次",
        "文件",
        "错误",
        "警告",
        "提示",
        "读取疑问",
        "已确认",
        "已排除",
        "状态",
        STATUS_ZH["fixed"],
        STATUS_ZH["persisting"],
        STATUS_ZH["new"],
    ]
    out = []
    for r in rows:
        out.append(
            [
                r.agency,
                r.year,
                r.round,
                "；".join(u.filename for u in r.uploads),
                r.counts["error"],
                r.counts["warning"],
                r.counts["info"],
                r.problems,
                r.confirmed,
                r.dismissed,
                ROW_STATUSES[r.status],
                len(r.diff.fixed) if r.diff else None,
                len(r.diff.persisting) if r.diff else None,
                len(r.diff.new) if r.diff else None,
            ]
        )
    return header, out


@router.get("/batches/{batch_id}/rows.{fmt}")
def batch_download(request: Request, batch_id: Id, fmt: str, user: LoggedIn) -> Response:
    batch = _batch(request, batch_id)
    require_batch_view(user, batch)
    with request.app.state.store.session() as s:
        header, rows = _batch_table(batch_rows(s, batch_id))
    return table_response(header, rows, fmt, f"{batch.name}-各机关核查情况")


# -- uploads ---------------------------------------------------------------------------------
async def receive_files(request: Request, limits: Limits) -> Screened:
    """The files of a multipart upload, screened; the whole upload refused at once when
    it says it is larger than allowed."""
    declared = request.headers.get("content-length")
    size = int_param(declared)
    if size is not None and size > limits.max_total_bytes + 1024 * 1024:
        raise UploadTooLarge(f"一次上传合计超过 {limits.max_total_mb} MB 的上限")
    try:
        form = await request.form(max_files=limits.max_files * 2, max_fields=50)
    except Exception as e:  # malformed multipart, too many parts
        raise UploadTooLarge(f"上传内容无法解析或文件过多（一次最多 {limits.max_files} 个）") from e
    await verify_csrf(request)
    files: list[tuple[str | None, bytes]] = []
    for item in [*form.getlist("files"), *form.getlist("folder")]:
        if not isinstance(item, UploadFile):
            continue
        if not item.filename and not item.size:
            continue  # the browser's empty file input
        data = await item.read(limits.max_file_bytes + 1)
        files.append((item.filename, data))
    if not files:
        screened = Screened()
        screened.rejected.append(("（无）", "没有选择文件"))
        return screened
    return await run_in_threadpool(screen, files, limits)


class UploadTooLarge(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def queue_upload(
    request: Request, screened: Screened, batch_id: int | None, public: bool, user: User
) -> int | None:
    for name, reason in screened.rejected:
        flash(request, f"{name}：{reason}", "error")
    if not screened.accepted:
        return None
    # the writers' lock from the start (SQLite): reading first and writing then could
    # fail at once ("database is locked") when the reading job committed in between
    with request.app.state.store.session(write=True) as s:
        _, ids = keep(s, screened.accepted, batch_id=batch_id, public=public, user_id=user.id)
        job = enqueue(s, "read_uploads", {"upload_ids": ids}, total=len(ids))
        job_id = job.id
    request.app.state.worker.wake()
    flash(request, f"已接收 {len(screened.accepted)} 个文件，正在后台读取和核查", "ok")
    return job_id


@router.post("/batches/{batch_id}/upload")
async def batch_upload(request: Request, batch_id: Id, user: LoggedIn) -> Response:
    batch = _batch(request, batch_id)
    require_batch_edit(user, batch)
    try:
        screened = await receive_files(request, request.app.state.limits)
    except UploadTooLarge as e:
        return page(request, "error.html", 413, title="上传被拒绝", message=e.message)
    job_id = await run_in_threadpool(queue_upload, request, screened, batch_id, False, user)
    target = f"/batches/{batch_id}" + (f"?job={job_id}" if job_id else "")
    return RedirectResponse(target, status_code=303)


@router.get("/jobs/{job_id}")
def job_progress(request: Request, job_id: Id, user: LoggedIn) -> Response:
    with request.app.state.store.session() as s:
        state = job_state(s, job_id)
    if state is None:
        raise HTTPException(404)
    return JSONResponse(state)


# -- one agency's report in a batch ----------------------------------------------------------
def _upload(request: Request, upload_id: int, user: User) -> tuple[Upload, Batch]:
    with request.app.state.store.session() as s:
        upload = s.get(Upload, upload_id)
        if upload is None or upload.batch_id is None:
            raise HTTPException(404)
        batch = s.get(Batch, upload.batch_id)
        assert batch is not None
        s.expunge_all()
    require_batch_view(user, batch)
    return upload, batch


@router.get("/uploads/{upload_id}")
def upload_page(request: Request, upload_id: Id, user: LoggedIn) -> Response:
    upload, batch = _upload(request, upload_id, user)
    if upload.report_id is None:
        message = (
            f"文件“{upload.filename}”无法读取：{upload.error}"
            if upload.status == "failed"
            else f"文件“{upload.filename}”尚在读取中，请稍后刷新"
        )
        return page(request, "error.html", 409, title=upload.filename, message=message)
    loaded = load_report(request, upload.report_id, user)
    with request.app.state.store.session() as s:
        rounds = round_view(s, upload)
        if rounds is not None:
            s.expunge_all()
    ctx = report_context(
        request,
        loaded,
        upload=upload,
        batch=batch,
        rounds=rounds,
        can_edit=can_edit_batch(user, batch),
    )
    return page(request, "report.html", **ctx)


@router.post("/uploads/{upload_id}/findings/{fid}", dependencies=[Depends(verify_csrf)])
def upload_decide(
    request: Request,
    upload_id: Id,
    fid: str,
    user: LoggedIn,
    decision: str = Form(...),
    comment: str = Form(""),
) -> Response:
    upload, batch = _upload(request, upload_id, user)
    require_batch_edit(user, batch)
    if upload.report_id is None:
        raise HTTPException(404)
    try:
        with request.app.state.store.session() as s:
            decide(s, upload.report_id, fid, decision, comment, user, batch.id)
        flash(request, "已记录审核决定", "ok")
    except BatchError as e:
        flash(request, str(e), "error")
    return RedirectResponse(f"/uploads/{upload_id}#f-{fid}", status_code=303)


@router.get("/uploads/{upload_id}/workbook.xlsx")
def upload_workbook(request: Request, upload_id: Id, user: LoggedIn) -> Response:
    _upload(request, upload_id, user)  # may this user see it
    try:
        with request.app.state.store.session() as s:
            name, data = workbook_for(s, s.get(Upload, upload_id))  # type: ignore[arg-type]
    except BatchError as e:
        return page(request, "error.html", 409, title="无法生成", message=str(e))
    return Response(data, media_type=XLSX, headers={"Content-Disposition": attachment(name)})
