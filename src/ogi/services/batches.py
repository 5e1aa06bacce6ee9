"""Batches of a region and year: reading the uploaded files in the background, one row
per agency with its findings and status, people's decisions on findings, rounds of
correction compared, and the workbook each agency receives."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogi.check.finding import Finding
from ogi.check.registry import agency_key
from ogi.model import Report
from ogi.services.check import (
    Baseline,
    BatchCheck,
    BatchResult,
    RoundDiff,
    compare_rounds,
    write_workbook,
)
from ogi.services.indexing import finding_of, index_reports
from ogi.services.uploads import read_bytes, read_upload
from ogi.store import Store
from ogi.store.accounts import User
from ogi.store.models import ReportRecord
from ogi.store.reports import add_report, report_of
from ogi.store.review import DECISIONS, Batch, Blob, FindingRecord, FindingReview, Upload

ROW_STATUSES = {
    "queued": "等待读取",
    "failed": "无法读取",
    "errors": "需修改",
    "warnings": "建议修改",
    "passed": "通过",
}


class BatchError(ValueError):
    """A request about a batch that cannot be done; Chinese, one line."""


def create_batch(session: Session, name: str, region: str, year: int, user: User | None) -> Batch:
    name, region = name.strip(), region.strip()
    if not name or not region:
        raise BatchError("请填写批次名称和地区")
    if not 1990 <= year <= 2100:
        raise BatchError(f"年度 {year} 不合理")
    batch = Batch(
        name=name, region=region, year=year, note="", created_by=user.id if user else None
    )
    session.add(batch)
    session.flush()
    return batch


# -- reading uploads (the background job) ----------------------------------------------------
def read_uploads_job(store: Store, params: dict[str, Any], progress: Callable[..., None]) -> None:
    """Read each queued upload of ``upload_ids`` into a stored report, check it with the
    other reports of its agency, and place it in its batch's rounds. One upload per
    transaction: after a restart only the uploads still queued are read."""
    ids = list(params.get("upload_ids") or [])
    total = len(ids)
    for n, upload_id in enumerate(ids, start=1):
        with store.session() as s:
            upload = s.get(Upload, upload_id)
            if upload is None or upload.status != "queued":
                continue
            name, sha, suffix = upload.filename, upload.sha256, upload.suffix
            blob = s.get(Blob, sha)
            data = blob.data if blob is not None else None
        # progress is written by its own connection: never while this job holds the
        # writers' lock, or each would wait for the other
        progress(n - 1, total, f"正在读取 {name}")
        # Read with no transaction open: a scanned PDF can take minutes, and on SQLite
        # the writers' lock held that long made uploads beside it fail.
        if data is None:
            read: tuple[list[Report], str | None] = ([], "文件内容已不在库中")
        else:
            read = read_bytes(data, sha, suffix, name)
        with store.session(write=True) as s:  # short: only what was read is stored
            upload = s.get(Upload, upload_id)
            if upload is None or upload.status != "queued":
                continue
            store_read(s, upload, *read)
        progress(n, total, f"已读取 {n} / {total} 个文件")
    progress(total, total, "全部读取完毕")


def read_one(session: Session, upload: Upload) -> None:
    """Read an upload and store what was read, in one transaction (for callers that
    hold no other writer back)."""
    store_read(session, upload, *read_upload(session, upload))


def store_read(session: Session, upload: Upload, reports: list[Report], error: str | None) -> None:
    """Keep what was read of `upload`: its report, checked and placed in its batch's
    rounds (or filed in the corpus), or the reason it could not be read."""
    if not reports:
        upload.status, upload.error = "failed", error or "没有读到报告"
        return
    report = reports[0]
    row, _ = add_report(session, report)
    upload.report_id = row.id
    upload.agency = report.agency or agency_key(report) or upload.filename
    upload.year = report.report_year
    batch = session.get(Batch, upload.batch_id) if upload.batch_id else None
    if batch is not None:
        earlier = session.scalar(
            select(func.max(Upload.round)).where(
                Upload.batch_id == batch.id,
                Upload.agency == upload.agency,
                Upload.year == upload.year,
                Upload.status == "done",
                Upload.action != upload.action,
            )
        )
        upload.round = (earlier or 0) + 1
    if upload.public and batch is None:
        # a report published to the corpus is filed as `ogi ingest` files it: its agency
        # found, and its place among the sources of its agency-year (one is the primary)
        from ogi.services.dataset import index

        index(session, row, report)
    else:  # a submission under review stays apart from the published reports
        index_reports(
            session,
            [row.id],
            public=True if upload.public else None,
            region=batch.region if batch else None,
        )
    upload.status, upload.error = "done", None


# -- decisions -------------------------------------------------------------------------------
def decide(
    session: Session,
    report_id: int,
    fid: str,
    decision: str,
    comment: str,
    user: User,
    batch_id: int | None = None,
) -> FindingReview:
    if decision not in DECISIONS:
        raise BatchError(f"未知的决定：{decision}")
    found = session.scalar(
        select(FindingRecord).where(FindingRecord.report_id == report_id, FindingRecord.fid == fid)
    )
    if found is None:
        raise BatchError("没有这条问题（报告可能已重新核查）")
    comment = comment.strip()
    if decision == "dismissed" and not comment:
        raise BatchError("排除一条问题须写明理由")
    row = FindingReview(
        report_id=report_id,
        fid=fid,
        batch_id=batch_id,
        decision=decision,
        comment=comment[:2000],
        user_id=user.id,
    )
    session.add(row)
    session.flush()
    return row


@dataclass
class Decision:
    decision: str
    comment: str
    user: str
    when: str


def decisions_of(
    session: Session, report_ids: Iterable[int]
) -> dict[tuple[int, str], list[Decision]]:
    """Every decision on the findings of `report_ids`, oldest first, by (report, fid)."""
    ids = list(report_ids)
    out: dict[tuple[int, str], list[Decision]] = defaultdict(list)
    if not ids:
        return out
    q = (
        select(FindingReview, User)
        .outerjoin(User, User.id == FindingReview.user_id)
        .where(FindingReview.report_id.in_(ids))
        .order_by(FindingReview.id)
    )
    for rev, user in session.execute(q):
        out[(rev.report_id, rev.fid)].append(
            Decision(
                rev.decision,
                rev.comment,
                user.label if user else "（已删除的用户）",
                rev.created.strftime("%Y-%m-%d %H:%M") if rev.created else "",
            )
        )
    return out


def current(history: list[Decision] | None) -> str | None:
    """confirmed / dismissed, or None when undecided (or reopened)."""
    if not history or history[-1].decision == "reopened":
        return None
    return history[-1].decision


# -- the batch page --------------------------------------------------------------------------
@dataclass
class AgencyRow:
    agency: str
    year: int | None
    uploads: list[Upload]
    round: int
    counts: Counter[str] = field(default_factory=Counter)  # undismissed findings by severity
    dismissed: int = 0
    confirmed: int = 0
    problems: int = 0
    status: str = "queued"
    diff: RoundDiff | None = None  # against the previous round, from round 2 on
    earlier: int = 0  # uploads of earlier rounds


def uploads_of(session: Session, batch_id: int) -> list[Upload]:
    return list(
        session.scalars(select(Upload).where(Upload.batch_id == batch_id).order_by(Upload.id))
    )


def batch_rows(session: Session, batch_id: int) -> list[AgencyRow]:
    uploads = uploads_of(session, batch_id)
    groups: dict[tuple[str, int | None], list[Upload]] = defaultdict(list)
    for u in uploads:
        key = (u.agency, u.year) if u.status == "done" and u.agency else (f"#{u.id}", None)
        groups[key].append(u)
    report_ids = [u.report_id for u in uploads if u.report_id]
    fcounts = _finding_counts(session, report_ids)
    decided = decisions_of(session, report_ids)
    rows = []
    for (agency, year), members in groups.items():
        latest = max(u.round for u in members)
        current_uploads = [u for u in members if u.round == latest]
        first = current_uploads[0]
        row = AgencyRow(
            agency=agency if not agency.startswith("#") else first.filename,
            year=year,
            uploads=current_uploads,
            round=latest,
            earlier=len(members) - len(current_uploads),
        )
        for u in current_uploads:
            if u.report_id is None:
                continue
            for fid, severity, audience in fcounts.get(u.report_id, []):
                if audience == "supervisor":  # a reading doubt, not the agency's
                    row.problems += 1
                    continue
                state = current(decided.get((u.report_id, fid)))
                if state == "dismissed":
                    row.dismissed += 1
                    continue
                if state == "confirmed":
                    row.confirmed += 1
                row.counts[severity] += 1
        row.problems += sum(_problems(session, u) for u in current_uploads)
        if all(u.status == "queued" for u in current_uploads):
            row.status = "queued"
        elif all(u.status == "failed" for u in current_uploads):
            row.status = "failed"
        elif row.counts["error"]:
            row.status = "errors"
        elif row.counts["warning"]:
            row.status = "warnings"
        else:
            row.status = "passed"
        if latest > 1:
            prev = previous_upload(session, first)
            if prev is not None and prev.report_id and first.report_id:
                # As the workbook counts: matched over all findings, then the ones
                # dismissed now left out of 新增 and 仍存在.
                later = _agency_findings(session, first.report_id)
                row.diff = compare_rounds(_agency_findings(session, prev.report_id), later).without(
                    {
                        f.id
                        for f in later
                        if current(decided.get((first.report_id, f.id))) == "dismissed"
                    }
                )
        rows.append(row)
    rows.sort(key=lambda r: (r.agency, r.year or 0))
    return rows


def _problems(session: Session, upload: Upload) -> int:
    if upload.report_id is None:
        return 0
    row = session.get(ReportRecord, upload.report_id)
    return len(row.problems or []) if row else 0


def _finding_counts(
    session: Session, report_ids: list[int]
) -> dict[int, list[tuple[str, str, str]]]:
    """Report id → (fid, severity, audience) of each of its findings."""
    out: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    if report_ids:
        q = select(
            FindingRecord.report_id,
            FindingRecord.fid,
            FindingRecord.severity,
            FindingRecord.audience,
        ).where(FindingRecord.report_id.in_(report_ids))
        for rid, fid, sev, audience in session.execute(q):
            out[rid].append((fid, sev, audience))
    return out


def previous_upload(session: Session, upload: Upload) -> Upload | None:
    """The upload of the previous round of the same agency and year in the batch; of
    several files in that round, the one of the same form."""
    if upload.batch_id is None or upload.round <= 1:
        return None
    q = select(Upload).where(
        Upload.batch_id == upload.batch_id,
        Upload.agency == upload.agency,
        Upload.year == upload.year,
        Upload.round == upload.round - 1,
        Upload.status == "done",
    )
    candidates = list(session.scalars(q.order_by(Upload.id)))
    same = [u for u in candidates if u.suffix == upload.suffix]
    return (same or candidates or [None])[0]


@dataclass
class RoundView:
    previous: Upload
    diff: RoundDiff
    earlier: dict[str, FindingRecord]
    later: dict[str, FindingRecord]


def round_view(session: Session, upload: Upload) -> RoundView | None:
    prev = previous_upload(session, upload)
    if prev is None or prev.report_id is None or upload.report_id is None:
        return None
    # The agency's findings: reading doubts are not corrected by the agency.
    earlier = {f.fid: f for f in findings_of(session, prev.report_id) if f.audience == "agency"}
    later = {f.fid: f for f in findings_of(session, upload.report_id) if f.audience == "agency"}
    diff = compare_rounds(map(finding_of, earlier.values()), map(finding_of, later.values()))
    return RoundView(prev, diff, earlier, later)


def _agency_findings(session: Session, report_id: int) -> list[Finding]:
    """The agency's findings of a stored report (reading doubts are not corrected by the
    agency), for comparing rounds of one report: no file, agency or year is needed."""
    return [finding_of(f) for f in findings_of(session, report_id) if f.audience == "agency"]


def findings_of(session: Session, report_id: int) -> list[FindingRecord]:
    order = {"error": 0, "warning": 1, "info": 2}
    rows = session.scalars(select(FindingRecord).where(FindingRecord.report_id == report_id))
    return sorted(rows, key=lambda f: (order.get(f.severity, 3), f.rule, f.id))


# -- the workbook ----------------------------------------------------------------------------
def round_result(session: Session, upload: Upload) -> tuple[Report, BatchResult]:
    """The stored report of `upload` and its stored findings as a checked batch of one
    report, compared with the previous round when there is one: what `ogi check`
    gives, without checking the report again."""
    if upload.report_id is None:
        raise BatchError("该文件未能读取，没有核查意见")
    record = session.get(ReportRecord, upload.report_id)
    assert record is not None
    report = report_of(record)
    agency, year = agency_key(report), report.report_year
    baseline = None
    prev = previous_upload(session, upload)
    if prev is not None and prev.report_id is not None:
        earlier = findings_of(session, prev.report_id)
        baseline = Baseline(finding_of(f, f"#{prev.report_id}", agency, year) for f in earlier)
    batch = BatchCheck(config=False, baseline=baseline)
    path = upload.filename  # as the clerk named the file (shown only, never opened)
    stored = [finding_of(f, path, agency, year) for f in findings_of(session, upload.report_id)]
    batch.add(
        report.model_copy(update={"source": report.source.model_copy(update={"path": path})}),
        stored,
    )
    batch.finish()
    return report, batch.result


def workbook_for(session: Session, upload: Upload) -> tuple[str, bytes]:
    """(file name, xlsx bytes) of the corrections for the agency of `upload`: the same
    workbook `ogi check -o 核查意见.xlsx` writes, with the supervisor's decisions (the
    dismissed findings left out, the comments shown) and, from the second round on, the
    comparison with the previous round."""
    _, result = round_result(session, upload)
    history = decisions_of(session, [upload.report_id or 0])
    decided = {}
    for (_, fid), h in history.items():
        state = current(h)
        if state is not None:
            decided[fid] = (state, h[-1].comment)
    buf = io.BytesIO()
    write_workbook(buf, result, decisions=decided)
    name = f"{upload.agency or '报告'}-{upload.year or ''}-第{upload.round}轮核查意见.xlsx"
    return name, buf.getvalue()
