"""A report's page (the document as the format prints it, with every finding on its
place) and its original file. The same page serves the corpus and, with decisions and
the round comparison, a batch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from ogi.check.finding import CHANGED_ZH, SEVERITY_ZH, STATUS_ZH
from ogi.model import Report
from ogi.services.batches import (
    RoundView,
    current,
    decisions_of,
    findings_of,
)
from ogi.services.indexing import finding_of
from ogi.store.accounts import User
from ogi.store.models import ReportRecord
from ogi.store.reports import report_of
from ogi.store.review import DECISIONS, Batch, Blob, ReportIndex, Upload
from ogi.web import originals
from ogi.web.downloads import attachment, table_response
from ogi.web.params import Id
from ogi.web.permissions import Reader, require_report_read
from ogi.web.report_view import build
from ogi.web.templating import page

router = APIRouter()


@dataclass
class Loaded:
    record: ReportRecord
    report: Report
    public: bool
    blob: Blob | None


def load_report(request: Request, report_id: int, user: User | None) -> Loaded:
    """The stored report, if this user (or visitor) may read it; 404 otherwise."""
    with request.app.state.store.session() as s:
        record = s.get(ReportRecord, report_id)
        if record is None:
            raise HTTPException(404)
        index = s.get(ReportIndex, report_id)
        public = bool(index and index.public)
        require_report_read(s, user, report_id, public)
        blob = s.get(Blob, record.sha256)
        report = report_of(record)
        s.expunge_all()
    return Loaded(record, report, public, blob)


def report_context(
    request: Request,
    loaded: Loaded,
    *,
    upload: Upload | None = None,
    batch: Batch | None = None,
    rounds: RoundView | None = None,
    can_edit: bool = False,
) -> dict[str, Any]:
    rid = loaded.record.id
    with request.app.state.store.session() as s:
        records = findings_of(s, rid)
        history = decisions_of(s, [rid])
    changes: dict[str, str] = {}
    if rounds is not None:
        changes = {
            fid: STATUS_ZH["persisting"] + (CHANGED_ZH if fid in rounds.diff.changed else "")
            for fid in rounds.diff.persisting
        }
        changes.update({fid: STATUS_ZH["new"] for fid in rounds.diff.new})
    decisions = {
        rec.fid: (current(history.get((rid, rec.fid))), history.get((rid, rec.fid), []))
        for rec in records
    }
    view = build(
        loaded.report,
        [(rec.fid, finding_of(rec)) for rec in records],
        decisions,
        changes,
    )
    kinds = {}
    for m in [*view.findings, *view.doubts]:
        for t in m.targets:
            kinds.setdefault(t, m.kind)
    suffix = upload.suffix if upload else originals.suffix_of_form(loaded.report.source.form)
    original: dict[str, Any] = {"kind": None}
    if loaded.blob is not None:
        data = loaded.blob.data
        if suffix == ".pdf":
            try:
                original = {"kind": "pdf", "pages": originals.pdf_pages(data, loaded.report, kinds)}
            except Exception:  # a PDF pdfium cannot open: offer the download only
                original = {"kind": "download"}
        elif suffix in originals.TEXT_FORMS:
            lines = originals.text_lines(data)
            original = (
                {
                    "kind": "text",
                    "lines": lines,
                    "marked": originals.marked_lines(loaded.report, kinds),
                }
                if lines is not None
                else {"kind": "download"}
            )
        elif suffix in originals.HTML_FORMS:
            original = {"kind": "html"}
        else:
            original = {"kind": "download"}
    fixed = []
    if rounds is not None:
        fixed = [
            (fid, finding_of(rounds.earlier[fid]), rounds.earlier[fid]) for fid in rounds.diff.fixed
        ]
    return {
        "record": loaded.record,
        "report": loaded.report,
        "view": view,
        "upload": upload,
        "batch": batch,
        "rounds": rounds,
        "fixed": fixed,
        "can_edit": can_edit,
        "original": original,
        "public": loaded.public,
        "title": view.title,
    }


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: Id, user: Reader) -> Response:
    loaded = load_report(request, report_id, user)
    return page(request, "report.html", **report_context(request, loaded))


@router.get("/reports/{report_id}/findings.{fmt}")
def report_findings(request: Request, report_id: Id, fmt: str, user: Reader) -> Response:
    loaded = load_report(request, report_id, user)
    ctx = report_context(request, loaded)
    view = ctx["view"]
    header = ["编号", "类别", "规则", "位置", "应为", "实为", "说明", "修改建议", "审核决定"]
    rows = [
        [
            m.id,
            SEVERITY_ZH.get(m.kind, "读取疑问"),
            m.rule,
            m.where,
            m.expected,
            m.found,
            m.message,
            m.hint,
            DECISIONS.get(m.decision or "", ""),
        ]
        for m in [*view.findings, *view.doubts]
    ]
    name = f"{loaded.report.agency or '报告'}-{loaded.report.report_year or ''}-问题"
    return table_response(header, rows, fmt, name)


# -- the original file -----------------------------------------------------------------------
def _blob(request: Request, report_id: int, user: User | None) -> tuple[Loaded, bytes, str]:
    loaded = load_report(request, report_id, user)
    if loaded.blob is None:
        raise HTTPException(404)
    suffix = originals.suffix_of_form(loaded.report.source.form)
    return loaded, loaded.blob.data, suffix


@router.get("/reports/{report_id}/original")
def original_download(request: Request, report_id: Id, user: Reader) -> Response:
    loaded, data, _ = _blob(request, report_id, user)
    name, suffix = originals.download_name(loaded.report.source.path, loaded.report.source.form)
    return Response(
        data,
        media_type=originals.MEDIA_TYPES.get(suffix, "application/octet-stream"),
        headers={"Content-Disposition": attachment(name)},
    )


@router.get("/reports/{report_id}/original/view")
def original_view(request: Request, report_id: Id, user: Reader) -> Response:
    """An HTML original as the agency published it, in a sandbox: no scripts, no
    requests to other sites, no access to this site's cookies."""
    _, data, suffix = _blob(request, report_id, user)
    if suffix not in originals.HTML_FORMS:
        raise HTTPException(404)
    lines = originals.page_lines(data)
    if lines is None:
        raise HTTPException(404)
    return Response(
        "\n".join(lines),
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": "sandbox; default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:",
        },
    )


@router.get("/reports/{report_id}/pages/{number}.png")
def original_page(request: Request, report_id: Id, number: Id, user: Reader) -> Response:
    _, data, suffix = _blob(request, report_id, user)
    if suffix != ".pdf":
        raise HTTPException(404)
    png = originals.render_page(data, number)
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
