"""The agency workspace as operations: the audit log, the year's report text by part,
and its review (a filler submits; a reviewer who is a different person returns it with
comments or approves it, which publishes and freezes it; a correction after publishing
is a new version with its reason).

Functions take an open `Session` (the caller owns the transaction); the acting user is
passed in so every change is logged with who made it. Refusals are `WorkspaceError`
with a Chinese message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.check.finding import Finding
from ogi.compose import workdays
from ogi.model import Report, Section, Signature
from ogi.services.ledger import Change, draft_parts
from ogi.store.accounts import AGENCY_ROLES, User
from ogi.store.ledger import LedgerError, edition_of
from ogi.store.models import Agency
from ogi.store.workspace import DRAFT_STATUSES, AuditEntry, ReportDraft

__all__ = ["DRAFT_STATUSES", "WorkspaceError"]


class WorkspaceError(ValueError):
    """An action the workspace refuses; the message says why, in Chinese."""


# -- who may do what -------------------------------------------------------------------------
def region_of(agency: Agency) -> str:
    return "".join(p for p in (agency.province, agency.city, agency.county) if p) or agency.name


def can_read(user: User | None, agency: Agency) -> bool:
    """Staff of the agency, administrators and viewers, and a supervisor whose region
    covers the agency (by its province/city/county, or its name)."""
    if user is None:
        return False
    if user.role in AGENCY_ROLES:
        return user.agency_id == agency.id
    if user.role in ("admin", "viewer"):
        return True
    if user.role == "supervisor" and user.region:
        region = user.region.strip()
        return any(
            (p or "").startswith(region) for p in (region_of(agency), agency.county, agency.name)
        )
    return False


def can_write(user: User | None, agency: Agency) -> bool:
    """Only the agency's own filler and reviewer change its records and text."""
    return user is not None and user.role in AGENCY_ROLES and user.agency_id == agency.id


def require_write(user: User | None, agency: Agency) -> User:
    if user is None or not can_write(user, agency):
        raise WorkspaceError(f"只有“{agency.name}”的填报人或审核人可以修改其台账和报告")
    return user


# -- the audit log ---------------------------------------------------------------------------
COMMAND_LINE = "命令行"


def command_line_actor() -> str:
    """Who runs `ogi ledger`, for the log: the system user when known."""
    import getpass

    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError, ImportError):  # no such user, no login name
        name = ""
    return f"{COMMAND_LINE}：{name}" if name else COMMAND_LINE


def record(
    session: Session,
    user: User | str,
    agency: Agency,
    changes: Iterable[Change],
    note: str = "",
) -> int:
    """Log each change (who, when, before, after); how many were logged. `user` is the
    web account, or for a change made without one (the command line) who made it."""
    user_id, actor = (None, user[:80]) if isinstance(user, str) else (user.id, None)
    n = 0
    for c in changes:
        if c.before == c.after:
            continue  # an update that changed nothing
        session.add(
            AuditEntry(
                agency_id=agency.id,
                user_id=user_id,
                actor=actor,
                entity=c.entity,
                key=c.key,
                before=c.before,
                after=c.after,
                note=note,
            )
        )
        n += 1
    session.flush()
    return n


def _year(value: Any) -> int | None:
    text = str(value or "")
    return int(text[:4]) if text[:4].isdigit() else None


def years_of(
    entity: str, key: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> set[int] | None:
    """The report years a change concerns (None: every year, as for the agency's name).
    An application concerns the years from its receipt to its reply (carried over in
    between; the next year too while it is open), a case from its filing to its
    conclusion likewise; table 二, the text and the report
    are keyed by their year."""
    if entity in ("t2", "text", "report"):
        year = _year(key)
        return {year} if year is not None else None
    if entity not in ("application", "review"):
        return None
    start, end = ("received", "reply_date") if entity == "application" else ("filed", "concluded")
    out: set[int] = set()
    for snap in (before, after):
        if not snap:
            continue
        first = _year(snap.get(start))
        if first is None:
            continue
        # still open: carried into next year's report (上年结转, 尚未审结 again)
        last = _year(snap.get(end)) or first + 1
        out.update(range(first, max(first, last) + 1))
    return out


def pending_years(session: Session, agency: Agency) -> set[int]:
    """The years whose report waits for review (the latest version is 待审核)."""
    drafts = session.scalars(select(ReportDraft).where(ReportDraft.agency_id == agency.id))
    newest: dict[int, ReportDraft] = {}
    for d in drafts:
        if d.year not in newest or d.version > newest[d.year].version:
            newest[d.year] = d
    return {y for y, d in newest.items() if d.status == "submitted"}


@dataclass(frozen=True)
class AuditRow:
    """One logged change as the log page shows it: the entity and its key in the words
    the office uses, the fields that changed with their values as printed (labels, not
    codes; 12, not 12.0)."""

    at: str
    user: str
    entity: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str
    kind: str = ""  # the entity's code: application / review / t2 / text / report / agency

    @property
    def fields(self) -> list[tuple[str, Any, Any]]:
        """The fields that differ: name (in Chinese), before, after."""
        b, a = self.before or {}, self.after or {}
        # an addition lists what was entered, a deletion what was held: not empty fields
        blank = (None, "")
        return [
            (
                _field_name(self.kind, k),
                shown(self.kind, k, b.get(k)),
                shown(self.kind, k, a.get(k)),
            )
            for k in dict.fromkeys([*b, *a])
            if b.get(k) != a.get(k) and not (b.get(k) in blank and a.get(k) in blank)
        ]


# Names of the record fields as the log shows them.
FIELDS = {
    "serial_no": "申请编号",
    "applicant_name": "申请人",
    "applicant_type": "申请人类型",
    "received": "收到申请日期",
    "channel": "申请方式",
    "content": "申请内容",
    "outcome": "办理结果",
    "reply_date": "答复日期",
    "extended": "延期",
    "extension_days": "延期工作日",
    "correction_start": "补正告知日期",
    "correction_end": "收到补正日期",
    "consult_start": "征求意见开始日期",
    "consult_end": "征求意见结束日期",
    "fee": "信息处理费",
    "notes": "备注",
    "case_no": "案号",
    "kind": "类型",
    "filed": "立案日期",
    "concluded": "审结日期",
    "value": "数值",
    "text": "正文",
    "name": "名称",
    "level": "层级",
}


def _field_name(kind: str, name: str) -> str:
    if kind == "review" and name in ("kind", "outcome"):
        return {"kind": "案件类型", "outcome": "结果"}[name]
    return FIELDS.get(name, name)


@cache
def _labels(kind: str, name: str) -> dict[Any, str]:
    """Code → printed label of a field of an entity (empty when it holds no codes). The
    outcomes of every edition: a log keeps changes of many years."""
    from ogi.format import editions
    from ogi.store.ledger import applicant_types, outcome_labels
    from ogi.store.models import CHANNELS, REVIEW_KINDS, REVIEW_OUTCOMES

    if kind == "application":
        if name == "applicant_type":
            return applicant_types()
        if name == "channel":
            return CHANNELS
        if name == "outcome":
            out: dict[Any, str] = {}
            for ed in sorted(editions().values(), key=lambda e: e.first_year):
                out.update(outcome_labels(ed))
            return out
        if name == "extended":
            return {True: "是", False: "否"}
    if kind == "review":
        return {"kind": REVIEW_KINDS, "outcome": REVIEW_OUTCOMES}.get(name, {})
    if kind == "report":
        return DRAFT_STATUSES
    return {}


def shown(kind: str, name: str, value: Any) -> Any:
    """A logged value as printed: a code as its label, a whole number without ".0"."""
    if value is None:
        return None
    if isinstance(value, bool | str):
        return _labels(kind, name).get(value, value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return value


def _key_shown(kind: str, key: str, after: Mapping[str, Any] | None, before: Any) -> str:
    """The changed entry named as the office knows it: the table 二 cell by its labels,
    the report's version and part, an application with its 申请编号."""
    from ogi.format.labels import section_label, t2_cell_label

    year, _, rest = key.partition(":") if kind == "t2" else key.partition("v")
    if kind == "t2" and year.isdigit():
        return f"{year}年 {t2_cell_label(edition_of(int(year)), f't2.{rest}')}"
    if kind in ("report", "text") and year.isdigit():
        version, _, part = rest.partition(":")
        where = f"{year}年 第{version}版"
        if part:
            ed = edition_of(int(year))
            names = {"preamble": "开头段", "signer": "落款", "signed": "成文日期"}
            where += f" {names.get(part) or section_label(ed, part)}"
        return where
    if kind == "application":
        serial = (after or before or {}).get("serial_no")
        return f"{key}（{serial}）" if serial else key
    return key


ENTITIES = {
    "application": "申请",
    "review": "复议诉讼",
    "t2": "表二",
    "text": "正文",
    "report": "报告",
    "agency": "机关",
}


def audit_log(
    session: Session, agency: Agency, year: int | None = None, limit: int = 500
) -> list[AuditRow]:
    """The agency's log, newest first; with `year`, the changes that concern that year's
    report (`years_of`) and those of no particular year (the agency's name)."""
    names = {u.id: u.label for u in session.scalars(select(User))}
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.agency_id == agency.id)
        .order_by(AuditEntry.id.desc())
        .execution_options(yield_per=500)
    )
    out: list[AuditRow] = []
    for e in rows:
        if year is not None:
            years = years_of(e.entity, e.key, e.before, e.after)
            if years is not None and year not in years:
                continue
        out.append(
            AuditRow(
                e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "",
                names.get(e.user_id, "—") if e.user_id else (e.actor or "—"),
                ENTITIES.get(e.entity, e.entity),
                _key_shown(e.entity, e.key, e.after, e.before),
                e.before,
                e.after,
                e.note,
                e.entity,
            )
        )
        if len(out) >= limit:
            break
    return out


# -- the year's report -----------------------------------------------------------------------
TEXT_KEYS = ("preamble", "signer", "signed")


def latest(session: Session, agency: Agency, year: int) -> ReportDraft | None:
    return session.scalar(
        select(ReportDraft)
        .where(ReportDraft.agency_id == agency.id, ReportDraft.year == year)
        .order_by(ReportDraft.version.desc())
    )


def versions(session: Session, agency: Agency, year: int) -> list[ReportDraft]:
    return list(
        session.scalars(
            select(ReportDraft)
            .where(ReportDraft.agency_id == agency.id, ReportDraft.year == year)
            .order_by(ReportDraft.version)
        )
    )


def start(
    session: Session, user: User, agency: Agency, year: int, signed: date | None = None
) -> ReportDraft:
    """The year's current version; the first is made from the draft with the year's
    counts (`draft_parts`), and its making is logged."""
    found = latest(session, agency, year)
    if found is not None:
        return found
    require_write(user, agency)
    n = draft_parts(session, agency, year, signed or workdays.today())
    parts = {
        "preamble": n.preamble,
        "signer": n.signer or agency.name,
        "signed": n.signed or "",
        "sections": dict(n.sections),
    }
    draft = ReportDraft(
        agency_id=agency.id,
        year=year,
        version=1,
        status="editing",
        parts=parts,
        comment="",
        reason="",
    )
    session.add(draft)
    session.flush()
    record(session, user, agency, [Change("report", f"{year}v1", None, {"状态": "编辑中"})])
    return draft


def _editable(draft: ReportDraft) -> None:
    if draft.status == "submitted":
        raise WorkspaceError("报告已提交审核，审核人退回后才能修改")
    if draft.status == "published":
        raise WorkspaceError("报告已审核发布，已冻结；如需更正，请建立更正版本并写明理由")


def save_text(
    session: Session, user: User, agency: Agency, year: int, values: Mapping[str, str]
) -> list[Change]:
    """Store the parts sent (``preamble``, ``signer``, ``signed`` or a section key),
    logging each part that changed."""
    require_write(user, agency)
    draft = start(session, user, agency, year)
    _editable(draft)
    ed = edition_of(year)
    keys = {s.key for s in ed.sections}
    parts = {**draft.parts, "sections": dict(draft.parts.get("sections") or {})}
    changes = []
    for key, raw in values.items():
        text = raw.replace("\r\n", "\n").strip()
        if key == "signed" and text:
            try:
                text = date.fromisoformat(text).isoformat()
            except ValueError:
                raise WorkspaceError(f"成文日期“{text}”不是有效日期（应写成 2025-01-20）") from None
        if key in TEXT_KEYS:
            old = parts.get(key, "")
            parts[key] = text
        elif key in keys:
            old = parts["sections"].get(key, "")
            parts["sections"][key] = text
        else:
            raise WorkspaceError(f"没有“{key}”这一部分")
        if old != text:
            changes.append(
                Change("text", f"{year}v{draft.version}:{key}", {"text": old}, {"text": text})
            )
    draft.parts = parts
    record(session, user, agency, changes)
    return changes


def compose(
    session: Session, agency: Agency, year: int, parts: Mapping[str, Any] | None = None
) -> Report:
    """The report as it will print: the tables counted from the records and the text of
    `parts` (the current version's when not given)."""
    from ogi.compose.tables import compose_report

    report = compose_report(session, agency.name, year)
    if parts is None:
        draft = latest(session, agency, year)
        parts = draft.parts if draft is not None else {}
    texts = parts.get("sections") or {}
    sections = [
        Section(key=s.key, ordinal=s.ordinal, title=s.title, text=texts.get(s.key or "", ""))
        for s in report.sections
    ]
    signer, signed = parts.get("signer") or "", parts.get("signed") or ""
    signature = Signature(name=signer or agency.name, date=signed) if signed else None
    return report.model_copy(
        update={
            "sections": sections,
            "preamble": parts.get("preamble") or "",
            "signature": signature,
            "published": signature.date if signature else None,  # as `compose_report`
        }
    )


def printed(session: Session, agency: Agency, year: int) -> Report:
    """The report to preview and download: as approved once published, else composed."""
    draft = latest(session, agency, year)
    if draft is not None and draft.status == "published" and draft.document:
        return Report.model_validate(draft.document)
    return compose(session, agency, year)


def check(report: Report) -> list[Finding]:
    from ogi.services.check import check_one

    return check_one(report)


def errors_of(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def _blocked(session: Session, agency: Agency, year: int, draft: ReportDraft) -> Report:
    """The report as composed now; refused while it has errors."""
    report = compose(session, agency, year, draft.parts)
    errors = errors_of(check(report))
    if errors:
        raise WorkspaceError(
            f"报告还有 {len(errors)} 个错误，改正后才能提交或发布：{errors[0].message}"
        )
    return report


def submit(session: Session, user: User, agency: Agency, year: int) -> ReportDraft:
    require_write(user, agency)
    draft = start(session, user, agency, year)
    if draft.status not in ("editing", "returned"):
        raise WorkspaceError("只有编辑中或已退回的报告可以提交审核")
    report = _blocked(session, agency, year, draft)
    before = draft.status
    draft.status, draft.submitted_by = "submitted", user.id
    # The tables as submitted: the records stay open to changes while the report waits
    # (the ledger of the year under way is kept every day, from the web and from
    # `ogi ledger`), so the reviewer is shown what changed since (`changed_since_submitted`).
    # `printed` reads `document` only once the report is published.
    draft.document = report.model_dump(mode="json")
    record(
        session,
        user,
        agency,
        [Change("report", f"{year}v{draft.version}", {"状态": before}, {"状态": "submitted"})],
    )
    return draft


@dataclass(frozen=True)
class CellChange:
    """A cell of the tables whose count differs from the report as submitted."""

    label: str  # as printed: 表二 第二十条第（一）项 规章 本年制发件数
    submitted: Any
    now: Any


def changed_since_submitted(session: Session, agency: Agency, year: int) -> list[CellChange]:
    """The cells of a report waiting for review that the records have changed since it
    was submitted (empty when none, or when no report waits): what the reviewer would
    approve differs from what the filler submitted."""
    from ogi.format.labels import cell_label, table_label

    draft = latest(session, agency, year)
    if draft is None or draft.status != "submitted" or not draft.document:
        return []
    was = draft.document.get("cells") or {}
    try:
        now = compose(session, agency, year, draft.parts).cells
    except LedgerError as e:  # the records no longer count: the biggest change of all
        return [CellChange("台账", "可以编制", str(e).splitlines()[0])]
    ed = edition_of(year)
    return [
        CellChange(f"{table_label(path.split('.', 1)[0])} {cell_label(ed, path)}", old, new)
        for path in [*now, *(p for p in was if p not in now)]  # in the order printed
        if (old := was.get(path)) != (new := now.get(path))
    ]


def _review_rights(user: User, agency: Agency, draft: ReportDraft | None) -> ReportDraft:
    if user.role != "reviewer" or user.agency_id != agency.id:
        raise WorkspaceError(f"只有“{agency.name}”的审核人可以审核报告")
    if draft is None or draft.status != "submitted":
        raise WorkspaceError("报告尚未提交审核")
    if draft.submitted_by == user.id:
        raise WorkspaceError("谁提供谁审核：提交人不能审核自己提交的报告，请由另一位审核人审核")
    return draft


def return_draft(
    session: Session, user: User, agency: Agency, year: int, comment: str
) -> ReportDraft:
    draft = _review_rights(user, agency, latest(session, agency, year))
    comment = comment.strip()
    if not comment:
        raise WorkspaceError("退回须写明意见")
    draft.status, draft.comment = "returned", comment
    record(
        session,
        user,
        agency,
        [
            Change(
                "report",
                f"{year}v{draft.version}",
                {"状态": "submitted"},
                {"状态": "returned", "意见": comment},
            )
        ],
    )
    return draft


def approve(session: Session, user: User, agency: Agency, year: int) -> ReportDraft:
    """Approve and publish: the report as composed now is kept (frozen)."""
    draft = _review_rights(user, agency, latest(session, agency, year))
    _blocked(session, agency, year, draft)
    report = compose(session, agency, year, draft.parts)
    draft.status, draft.approved_by = "published", user.id
    draft.document = report.model_dump(mode="json")
    record(
        session,
        user,
        agency,
        [Change("report", f"{year}v{draft.version}", {"状态": "submitted"}, {"状态": "published"})],
    )
    return draft


def correct(session: Session, user: User, agency: Agency, year: int, reason: str) -> ReportDraft:
    """A correction of the published report: a new version, its text copied, with the
    reason kept and printed nowhere but in the log and the version list."""
    require_write(user, agency)
    draft = latest(session, agency, year)
    if draft is None or draft.status != "published":
        raise WorkspaceError("只有已发布的报告需要建立更正版本；未发布的报告直接修改即可")
    reason = reason.strip()
    if not reason:
        raise WorkspaceError("更正须写明理由")
    new = ReportDraft(
        agency_id=agency.id,
        year=year,
        version=draft.version + 1,
        status="editing",
        parts=dict(draft.parts),
        comment="",
        reason=reason,
    )
    session.add(new)
    session.flush()
    record(
        session,
        user,
        agency,
        [Change("report", f"{year}v{new.version}", None, {"状态": "editing", "理由": reason})],
        note=reason,
    )
    return new
