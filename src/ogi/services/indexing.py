"""Findings and figures of stored reports: check them (an agency's years together, so
the cross-year rules apply), keep the findings, and keep one row of figures per report
(`ReportIndex`) that the corpus and analysis pages query.

Indexing is idempotent: a report indexed again gets its findings replaced and its
figures recomputed; its region, level and public flag stay unless given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ogi.check.finding import Finding
from ogi.check.registry import agency_key
from ogi.model import Report
from ogi.services.check import check_reports
from ogi.store.models import ReportRecord
from ogi.store.reports import report_of
from ogi.store.review import FindingRecord, ReportIndex, Upload, draft_report_ids, published


def unindexed_report_ids(session: Session) -> list[int]:
    q = (
        select(ReportRecord.id)
        .outerjoin(ReportIndex, ReportIndex.report_id == ReportRecord.id)
        .where(ReportIndex.report_id.is_(None))
        .order_by(ReportRecord.id)
    )
    return list(session.scalars(q))


def _with_same_agency(session: Session, ids: list[int]) -> list[ReportRecord]:
    """The reports `ids` and the published reports of their agencies (another batch's
    drafts are no part of an agency's years)."""
    rows = list(session.scalars(select(ReportRecord).where(ReportRecord.id.in_(ids))))
    names = {r.agency for r in rows if r.agency}
    if names:
        more = session.scalars(
            select(ReportRecord).where(ReportRecord.agency.in_(names), published(ReportRecord.id))
        )
        rows = list({r.id: r for r in [*rows, *more]}.values())
    return sorted(rows, key=lambda r: r.id)


def index_reports(
    session: Session,
    ids: Iterable[int],
    *,
    public: bool | None = None,
    region: str | None = None,
    level: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Check and index the reports `ids` and the other reports of their agencies;
    `public`, `region` and `level` are set on `ids` when given. Returns how many
    reports were indexed."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return 0
    rows = _with_same_agency(session, ids)
    reports: dict[int, Report] = {}
    # the agency as the store names it (the entity ingest identified: 上海市科学技术委员会
    # for a report signed 上海市科委), for the figures every page lists and searches
    named = {row.id: row.agency for row in rows}
    for row in rows:
        r = report_of(row)
        # A unique file name per report, so each finding maps back to its report.
        reports[row.id] = r.model_copy(
            update={"source": r.source.model_copy(update={"path": f"#{row.id}"})}
        )
    groups: dict[str, list[int]] = defaultdict(list)
    for rid, r in reports.items():
        groups[agency_key(r) or f"#{rid}"].append(rid)
    wanted = set(ids)
    drafts = set(session.scalars(draft_report_ids().where(Upload.report_id.in_(ids))))
    if public:  # being published now
        drafts.clear()
    done = 0
    for members in groups.values():
        by_report = _check_agency(reports, members)
        # A draft is checked with its agency's published years (the cross-year rules
        # tell its reviewer how it fits them), but the published reports' own findings
        # stay what their published years make them.
        with_draft = any(rid in drafts for rid in members)
        for rid in members:
            if with_draft and rid not in wanted:
                continue
            given: dict[str, Any] = {}
            if rid in wanted:
                given = {"public": public, "region": region, "level": level}
            _store(session, rid, reports[rid], by_report.get(rid, []), given, named[rid])
            done += 1
            if progress:
                progress(rid)
    return done


def _check(reports: list[Report]) -> dict[int, list[Finding]]:
    # The configuration files of the server's working directory do not apply: every
    # user of the application sees the same rules.
    by_report: dict[int, list[Finding]] = defaultdict(list)
    for f in check_reports(reports, config=False).findings:
        by_report[int(f.file[1:])].append(f)
    return by_report


def _check_agency(reports: dict[int, Report], members: list[int]) -> dict[int, list[Finding]]:
    """The findings of each stored report of one agency, the cross-year rules included,
    the reports grouped as ingest groups them (`year_groups`: one report per year)."""
    from ogi.services.ingest_rows import year_groups

    by_report: dict[int, list[Finding]] = defaultdict(list)
    keys = [(i, reports[i].report_year, reports[i].source.sha256) for i in members]
    for group, only in year_groups(keys):
        found = _check([reports[i] for i in group])
        if only is None:
            by_report.update(found)
        else:
            by_report[only] = found.get(only, [])
    return by_report


def _store(
    session: Session,
    rid: int,
    report: Report,
    findings: list[Finding],
    given: dict[str, Any],
    agency: str | None = None,
) -> None:
    from ogi.services.dataset import SOURCES_DIFFER
    from ogi.services.ingest_rows import figures_of, finding_row, index_row

    # the disagreement of an agency-year's sources is the settling's (`regroup_many`), not
    # the checker's: indexing another year of the agency leaves it on the primary, counted
    F = FindingRecord
    settled = list(session.scalars(select(F).where(F.report_id == rid, F.rule == SOURCES_DIFFER)))
    session.execute(delete(F).where(F.report_id == rid, F.rule != SOURCES_DIFFER))
    session.add_all(FindingRecord(**finding_row(rid, f)) for f in findings)
    row = session.get(ReportIndex, rid)
    if row is None:
        row = ReportIndex(report_id=rid, public=False)
        session.add(row)
    # figures and counts as ingest makes them; who may see it and where it is placed stay
    values = index_row(rid, figures_of(report), [*findings, *settled], public=False)
    for key in ("report_id", "public", "region", "level"):
        del values[key]
    if agency:
        values["agency"] = agency
    for key, value in values.items():
        setattr(row, key, value)
    for key, value in given.items():
        if value is not None:
            setattr(row, key, value)
    session.flush()


def finding_of(
    rec: FindingRecord, file: str = "", agency: str | None = None, year: int | None = None
) -> Finding:
    """A stored finding as the checker's `Finding`, with its stable id."""
    return Finding(
        id=rec.fid,
        rule=rec.rule,
        severity=rec.severity,  # type: ignore[arg-type]
        audience=rec.audience or "agency",  # type: ignore[arg-type]
        file=file,
        agency=agency,
        year=year,
        table=rec.tbl,  # type: ignore[arg-type]
        row=rec.row,
        column=rec.col,
        section=rec.section,
        cell=rec.cell,
        quote=rec.quote,
        expected=rec.expected,
        found=rec.found,
        message=rec.message,
        message_en=rec.message_en,
        hint=rec.hint,
    )


def index_job(store: Any, params: dict[str, Any], progress: Callable[..., None]) -> None:
    """The `index_reports` job: the reports named in ``ids``, or every stored report not
    indexed yet (``unindexed``, e.g. after `ogi ingest`); reports ingested from the
    command line are published reports, so they are public. Commits per chunk, so a
    restart goes on from what is not indexed yet."""
    with store.session() as s:
        ids = list(params.get("ids") or []) or (
            unindexed_report_ids(s) if params.get("unindexed") else []
        )
    public = params.get("public")
    total = len(ids)
    done = 0
    progress(0, total, "核查并统计报告")
    for start in range(0, total, 50):
        chunk = ids[start : start + 50]
        with store.session() as s:
            if params.get("unindexed"):
                have = set(
                    s.scalars(select(ReportIndex.report_id).where(ReportIndex.report_id.in_(chunk)))
                )
                chunk = [i for i in chunk if i not in have]
            index_reports(s, chunk, public=public)
        done = min(total, start + 50)
        progress(done, total, f"已核查 {done} / {total} 份报告")
