"""The corpus of published reports: a filterable, sortable table of the FOI measures per
agency and year with trend lines, an agency's years side by side, any two reports
compared, and a public upload for administrators. Every view downloads as CSV or xlsx."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from ogi.format import editions
from ogi.services.analysis import STATUSES, Filter, agency_years, corpus_rows, facets, trends
from ogi.services.compare import compare
from ogi.services.jobs import job_state
from ogi.services.measures import BY_KEY, MEASURES, cells_for_edition, cells_of
from ogi.services.uploads import allowed_suffixes
from ogi.store.review import ReportIndex
from ogi.web.charts import sparkline
from ogi.web.downloads import table_response
from ogi.web.params import OptionalId, int_param
from ogi.web.permissions import Admin, Reader
from ogi.web.routes.reports import load_report
from ogi.web.routes.review import UploadTooLarge, queue_upload, receive_files
from ogi.web.templating import page

router = APIRouter()

MAIN_KEYS = (
    "received",
    "carried_over",
    "granted",
    "partially_granted",
    "withheld",
    "not_held",
    "carried_forward",
    "reviews",
    "lawsuits",
    "granted_share",
    "corrected_share",
)
GROUND_KEYS = tuple(m.key for m in MEASURES if m.group == "grounds")


def read_filter(request: Request, public_only: bool) -> Filter:
    p = request.query_params
    return Filter(
        q=p.get("q", "")[:100],
        region=p.get("region", ""),
        level=p.get("level", ""),
        year=int_param(p.get("year")),
        edition=p.get("edition", ""),
        status=p.get("status", "") if p.get("status", "") in STATUSES else "",
        rule=p.get("rule", ""),
        public_only=public_only,
        all_sources=p.get("sources") == "all",
    )


def cells_link(report_id: int, paths: list[str]) -> str:
    return f"/reports/{report_id}?" + urlencode({"cells": ",".join(paths)})


def figure_links(
    request: Request, row: ReportIndex, keys: tuple[str, ...], user: object
) -> dict[str, str]:
    """Each figure's link to the cells it was computed from. A report whose tables follow
    one edition needs no reading; a mixed one is read for its tables' editions."""
    if row.edition in editions():
        return {k: cells_link(row.report_id, cells_for_edition(k, row.edition)) for k in keys}
    report = load_report(request, row.report_id, user).report  # type: ignore[arg-type]
    return {k: cells_link(row.report_id, cells_of(report, k)) for k in keys}


@router.get("/corpus")
def corpus_page(request: Request, user: Reader, job: OptionalId = None) -> Response:
    flt = read_filter(request, public_only=user is None)
    p = request.query_params
    sort = p.get("sort", "agency")
    descending = p.get("desc") == "1"
    page_no = int_param(p.get("page"), 1, 10**9) or 1
    keys = MAIN_KEYS + (GROUND_KEYS if p.get("detail") == "grounds" else ())
    with request.app.state.store.session() as s:
        rows, total = corpus_rows(s, flt, sort, descending, page_no)
        found = facets(s, flt.public_only)
        lines = trends(s, sorted({r.agency for r in rows if r.agency}), flt.public_only)
        state = job_state(s, job) if job else None
        s.expunge_all()
    links = {r.report_id: figure_links(request, r, keys, user) for r in rows}
    sparks = {
        r.report_id: sparkline(
            [(y, v, f"/reports/{rid}") for y, v, rid in lines.get(r.agency or "", [])],
            mark=r.year,
        )
        for r in rows
    }
    return page(
        request,
        "corpus.html",
        title="报告库",
        rows=rows,
        total=total,
        page_no=page_no,
        pages=max(1, (total + 49) // 50),
        flt=flt,
        facets=found,
        statuses=STATUSES,
        keys=keys,
        measures=BY_KEY,
        sort=sort,
        descending=descending,
        links=links,
        sparks=sparks,
        job=state,
        suffixes="、".join(allowed_suffixes()),
        accept=",".join(allowed_suffixes()),
    )


def _corpus_table(rows: list[ReportIndex]) -> tuple[list[str], list[list[object]]]:
    header = ["报告编号", "机关", "年度", "地区", "层级", "格式版本", "错误", "警告"]
    header += [m.label for m in MEASURES]
    out = []
    for r in rows:
        out.append(
            [r.report_id, r.agency, r.year, r.region, r.level, r.edition, r.errors, r.warnings]
            + [getattr(r, m.key) for m in MEASURES]
        )
    return header, out


@router.get("/corpus.{fmt}")
def corpus_download(request: Request, fmt: str, user: Reader) -> Response:
    flt = read_filter(request, public_only=user is None)
    p = request.query_params
    with request.app.state.store.session() as s:
        rows, _ = corpus_rows(s, flt, p.get("sort", "agency"), p.get("desc") == "1", per_page=0)
        header, data = _corpus_table(rows)
    return table_response(header, data, fmt, "报告库")


@router.post("/corpus/upload")
async def corpus_upload(request: Request, admin: Admin) -> Response:
    """Published reports into the public corpus (administrators only)."""
    try:
        screened = await receive_files(request, request.app.state.limits)
    except UploadTooLarge as e:
        return page(request, "error.html", 413, title="上传被拒绝", message=e.message)
    job_id = await run_in_threadpool(queue_upload, request, screened, None, True, admin)
    return RedirectResponse("/corpus" + (f"?job={job_id}" if job_id else ""), status_code=303)


# -- an agency -------------------------------------------------------------------------------
@router.get("/agency")
def agency_page(request: Request, user: Reader, name: str = "") -> Response:
    with request.app.state.store.session() as s:
        years = agency_years(s, name, public_only=user is None)
        if years is None:
            raise HTTPException(404)
        s.expunge_all()
    keys = tuple(m.key for m in MEASURES)
    links = {r.report_id: figure_links(request, r, keys, user) for r in years.reports}
    return page(
        request,
        "agency.html",
        title=name,
        years=years,
        measures=MEASURES,
        links=links,
    )


@router.get("/agency.{fmt}")
def agency_download(request: Request, fmt: str, user: Reader, name: str = "") -> Response:
    with request.app.state.store.session() as s:
        years = agency_years(s, name, public_only=user is None)
        if years is None:
            raise HTTPException(404)
        header = ["指标"]
        for r in years.reports:
            header += [f"{r.year}年", f"{r.year}年比上年增减", f"{r.year}年比上年增减（%）"]
        rows = []
        for m in MEASURES:
            row: list[object] = [m.label]
            for i, r in enumerate(years.reports):
                delta, ratio = years.changes[m.key][i]
                row += [getattr(r, m.key), delta, None if ratio is None else round(ratio * 100, 1)]
            rows.append(row)
    return table_response(header, rows, fmt, f"{name}-历年指标")


# -- two reports -----------------------------------------------------------------------------
def _pair(request: Request) -> tuple[int, int] | None:
    p = request.query_params
    ids = [i for i in map(int_param, p.getlist("ids")) if i is not None]
    a, b = int_param(p.get("a")), int_param(p.get("b"))
    if a is not None and b is not None:
        return a, b
    if len(ids) >= 2:
        return ids[0], ids[1]
    return None


@router.get("/compare")
def compare_page(request: Request, user: Reader) -> Response:
    pair = _pair(request)
    if pair is None:
        return page(
            request,
            "error.html",
            400,
            title="报告对比",
            message="请在报告库中勾选两份报告后点“对比所选”，或在机关页面选择两个年度",
        )
    a, b = (load_report(request, i, user) for i in pair)
    result = compare(a.report, b.report)
    return page(
        request,
        "compare.html",
        title="报告对比",
        a=a,
        b=b,
        result=result,
    )


@router.get("/compare.{fmt}")
def compare_download(request: Request, fmt: str, user: Reader) -> Response:
    pair = _pair(request)
    if pair is None:
        raise HTTPException(404)
    a, b = (load_report(request, i, user) for i in pair)
    result = compare(a.report, b.report)
    header = ["表格", "单元格", "报告A", "报告B", "不同"]
    rows: list[list[object]] = []
    for t in result.tables:
        for row in t.rows:
            for c in row:
                if c.path:
                    rows.append([t.key, c.path, c.text, c.other, "是" if c.differs else ""])
    for tp in result.texts:
        share = None if tp.share is None else round(tp.share * 100, 1)
        rows.append(["正文", tp.title, "", "", f"文字重合 {share}%" if share is not None else ""])
    return table_response(header, rows, fmt, f"报告对比-{pair[0]}-{pair[1]}")
