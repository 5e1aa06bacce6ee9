"""The agency's records as operations: what `ogi ledger …` and the web workspace both do.

Every function takes an open `Session` (the caller owns the transaction) and the
agency, and returns plain data. Each change is one function returning a `Change` (what
was changed, its values before and after), so an audit log can record who and when
around it without the operation knowing about users.

Errors are `LedgerError` with a Chinese message naming the entry; files that cannot be
read raise `LedgerFileError` (the command line exits 2 for those).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi import patterns
from ogi.compose import workdays
from ogi.compose.stats import LedgerStats, compute_stats
from ogi.compose.workdays import ClockStatus, WorkCalendar, status
from ogi.format import Edition
from ogi.normalize import clean
from ogi.store.ledger import (
    LedgerError,
    applicant_types,
    bound_error,
    check_application,
    check_review,
    echo,
    edition_of,
    money_error,
    outcome_labels,
    parse_choice,
    plain,
)
from ogi.store.ledger_io import (
    LedgerFileError,
    LedgerImportError,
    _parse_date,
    import_ledger,
    read_review_sheet,
    read_t2_sheet,
)
from ogi.store.models import (
    CHANNELS,
    REVIEW_KINDS,
    REVIEW_OUTCOMES,
    STATUSES,
    Agency,
    Application,
    ProactiveCount,
    Review,
)

__all__ = [
    "CaseView",
    "Change",
    "InvalidValue",
    "LedgerError",
    "LedgerFileError",
    "ReviewView",
    "T2Entry",
    "add_application",
    "add_review",
    "delete_application",
    "delete_review",
    "draft_parts",
    "due_list",
    "export_workbook",
    "import_workbook",
    "init_agency",
    "list_applications",
    "list_reviews",
    "narrative_draft",
    "read_t2_file",
    "set_t2",
    "statistics",
    "t2_cell",
    "t2_entries",
    "t2_missing",
    "update_application",
    "update_review",
    "write_template",
]


class InvalidValue(LedgerError):
    """A field value that is not one of its kind (an unknown label, a malformed date)."""


# -- changes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One change to the records: `entity` (application / review / t2 / agency), its key,
    and its fields before and after (None for an addition or a deletion)."""

    entity: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


# an application's fields as a clerk enters them (forms, audit snapshots)
APP_FIELDS = (
    "serial_no",
    "applicant_name",
    "applicant_type",
    "received",
    "channel",
    "content",
    "outcome",
    "reply_date",
    "extended",
    "extension_days",
    "correction_start",
    "correction_end",
    "consult_start",
    "consult_end",
    "fee",
    "notes",
)
_REVIEW_FIELDS = ("case_no", "kind", "filed", "outcome", "concluded", "notes")
_DATE_FIELDS = {
    "received": "收到申请日期",
    "reply_date": "答复日期",
    "correction_start": "补正告知日期",
    "correction_end": "收到补正日期",
    "consult_start": "征求意见开始日期",
    "consult_end": "征求意见结束日期",
    "filed": "立案日期",
    "concluded": "审结日期",
}
NO_SERIAL = "申请编号不能为空"  # as the import says of a row without one
CLEARABLE = frozenset(
    {"outcome", "reply_date", "correction_start", "correction_end", "consult_start", "consult_end"}
)


def _snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    out = {}
    for n in names:
        v = getattr(obj, n)
        out[n] = v.isoformat() if isinstance(v, date) else v
    return out


def _date_value(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return _parse_date(value)
    except (ValueError, TypeError):
        raise InvalidValue(f"{what}“{echo(value)}”不是有效日期（应写成 2024-01-31）") from None


def _choice(value: str, choices: dict[str, str], what: str) -> str:
    found = parse_choice(str(value), choices)
    if found is None:
        raise InvalidValue(
            f"“{echo(value)}”不是有效的{what}（可选：{'、'.join(choices.values())}）"
        )
    return found


# -- agencies --------------------------------------------------------------------------------
def init_agency(
    session: Session, name: str, level: str | None = None, new: bool = False
) -> tuple[Agency, Change | None]:
    """The agency `name`, created if absent. A ledger normally keeps one agency: a second
    one is created only when `new` says so, since a different name is more often a typing
    error than a second office."""
    found = session.scalar(select(Agency).where(Agency.name == name))
    change = None
    if found is None:
        others = [a.name for a in session.scalars(select(Agency))]
        if others and not new:
            raise LedgerError(
                f"台账中已有机关“{'”“'.join(others)}”，没有“{name}”。"
                "名称写错的，请改用已有名称；确要在同一台账中再建一个机关的，请加 --new-agency"
            )
        found = Agency(name=name)
        session.add(found)
        session.flush()
        change = Change("agency", name, None, {"name": name, "level": level})
    if level and found.level != level:
        before = {"name": name, "level": found.level}
        found.level = level
        change = change or Change("agency", name, before, {"name": name, "level": level})
    return found, change


# -- applications ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseView:
    """An application with its statutory clock on a given day, labels in Chinese."""

    id: int
    serial_no: str
    applicant_name: str
    applicant_type: str  # label
    received: date
    channel: str  # label
    content: str
    status: str  # 办理中 / 待补正 / 征求意见中 / 已办结
    outcome: str | None  # label
    reply_date: date | None
    clock: ClockStatus
    pauses: tuple[str, ...] = ()  # 补正 and 征求意见 periods, as sentences
    extension: int = 0  # working days of extension granted (0: none)
    fee: float = 0.0
    notes: str = ""

    @property
    def due(self) -> date | None:
        return self.clock.due

    @property
    def days_left(self) -> int | None:
        """Working days left (negative when overdue); None while the clock stands still."""
        return self.clock.left


def _pauses(a: Application) -> tuple[str, ...]:
    out = []
    if a.correction_start is not None:
        end = a.correction_end or "尚未收到"
        out.append(f"补正：{a.correction_start} 告知，{end} 补正（期限自收到补正之日重新计算）")
    if a.consult_start is not None:
        end = a.consult_end or "尚未结束"
        out.append(f"征求意见：{a.consult_start} 至 {end}（不计入期限）")
    return tuple(out)


def case_view(a: Application, day: date, calendar: WorkCalendar | None = None) -> CaseView:
    labels = outcome_labels(edition_of((a.reply_date or a.received).year))
    return CaseView(
        id=a.id,
        serial_no=a.serial_no,
        applicant_name=a.applicant_name,
        applicant_type=applicant_types().get(a.applicant_type, a.applicant_type),
        received=a.received,
        channel=CHANNELS.get(a.channel, a.channel),
        content=a.content,
        status=STATUSES.get(a.status, a.status),
        outcome=labels.get(a.outcome, a.outcome) if a.outcome else None,
        reply_date=a.reply_date,
        clock=status(a, day, calendar),
        pauses=_pauses(a),
        extension=(a.extension_days or 0) if a.extended else 0,
        fee=a.fee or 0.0,
        notes=a.notes,
    )


def _apps(session: Session, agency: Agency, year: int | None = None) -> list[Application]:
    q = select(Application).where(Application.agency_id == agency.id)
    if year is not None:
        q = q.where(Application.year == year)
    return list(session.scalars(q.order_by(Application.received, Application.serial_no)))


def list_applications(
    session: Session,
    agency: Agency,
    *,
    year: int | None = None,
    open_only: bool = False,
    search: str | None = None,
    applicant_type: str | None = None,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> list[CaseView]:
    """The agency's applications (of one year received, open only, of one applicant
    type, or whose serial, applicant, content or notes contain `search`), each with its
    clock as of `today`."""
    day = today or workdays.today()
    kind = _choice(applicant_type, applicant_types(), "申请人类型") if applicant_type else None
    needle = clean(search).lower() if search else ""
    out = []
    for a in _apps(session, agency, year):
        if open_only and a.reply_date is not None:
            continue
        if kind and a.applicant_type != kind:
            continue
        if needle:
            hay = clean(" ".join((a.serial_no, a.applicant_name, a.content, a.notes))).lower()
            if needle not in hay:
                continue
        out.append(case_view(a, day, calendar))
    return out


def due_list(
    session: Session,
    agency: Agency,
    *,
    days: int = 5,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> list[CaseView]:
    """Open applications overdue or due within `days` working days, soonest first."""
    day = today or workdays.today()
    rows = []
    for a in _apps(session, agency):
        if not a.is_open_on(day):
            continue
        view = case_view(a, day, calendar)
        st = view.clock
        if st.overdue or (st.left is not None and st.left <= days):
            rows.append(view)
    rows.sort(key=lambda v: (v.clock.due or date.max, v.serial_no))
    return rows


def statistics(
    session: Session,
    agency: Agency,
    year: int,
    *,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> LedgerStats:
    """Replies, time used, extensions, overdue cases and fees of a year, as of `today`
    (the real day by default, the same day `due_list` uses)."""
    return compute_stats(session, agency, year, today or workdays.today(), calendar)


def _apply(app: Application, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if key not in APP_FIELDS:
            raise LedgerError(f"申请没有字段“{key}”")
        if value is None:
            continue
        if key == "applicant_type":
            value = _choice(value, applicant_types(), "申请人类型")
        elif key == "channel":
            value = _choice(value, CHANNELS, "申请方式")
        elif key in _DATE_FIELDS:
            value = _date_value(value, _DATE_FIELDS[key])
        elif key == "fee":
            try:
                value = float(plain(value).replace(",", "").removesuffix("元"))
            except (TypeError, ValueError):
                raise InvalidValue(f"收费金额“{echo(value)}”不是数") from None
            problem = money_error(value)
            if problem:
                raise InvalidValue(problem)
        elif key == "outcome":
            continue  # after the dates: its labels depend on the year of the reply
        elif key == "serial_no":
            value = str(value).strip()
            if not value:
                raise InvalidValue(NO_SERIAL)
        setattr(app, key, value)
    if values.get("outcome") is not None:
        year = (app.reply_date or app.received or workdays.today()).year
        app.outcome = _choice(values["outcome"], outcome_labels(edition_of(year)), "办理结果")


def add_application(
    session: Session, agency: Agency, values: Mapping[str, Any]
) -> tuple[Application, Change]:
    """Register an application from field values (codes or Chinese labels, dates as
    text or `date`)."""
    app = Application(agency_id=agency.id)
    _apply(app, values)
    if not app.serial_no:  # a form leaves out a field left blank
        raise InvalidValue(NO_SERIAL)
    if app.extension_days and app.extended is None:
        app.extended = True
    check_application(app)
    clash = session.scalar(
        select(Application).where(
            Application.agency_id == agency.id,
            Application.year == app.year,
            Application.serial_no == app.serial_no,
        )
    )
    if clash is not None:
        raise LedgerError(f"申请编号 {app.serial_no} 在{app.year}年已登记（系统编号 {clash.id}）")
    session.add(app)
    session.flush()
    return app, Change("application", str(app.id), None, _snapshot(app, APP_FIELDS))


def _own(session: Session, model: Any, agency: Agency, id: int, what: str) -> Any:
    obj = session.get(model, id)
    if obj is None or obj.agency_id != agency.id:
        raise LedgerError(f"没有系统编号为 {id} 的{what}")
    return obj


def update_application(
    session: Session,
    agency: Agency,
    id: int,
    values: Mapping[str, Any],
    clear: Iterable[str] = (),
) -> tuple[Application, Change]:
    """Change the given fields of one application (None leaves a field as it is; names
    in `clear` are emptied)."""
    app = _own(session, Application, agency, id, "申请")
    before = _snapshot(app, APP_FIELDS)
    for name in clear:
        if name not in CLEARABLE:
            raise LedgerError(f"不能清空“{name}”（可清空：{'、'.join(sorted(CLEARABLE))}）")
        setattr(app, name, None)
    _apply(app, values)
    if values.get("extension_days") and values.get("extended") is None:
        app.extended = True
    if app.extended is False:
        app.extension_days = 0
    check_application(app)
    session.flush()
    return app, Change("application", str(id), before, _snapshot(app, APP_FIELDS))


def _delete(
    session: Session, agency: Agency, model: Any, id: int, what: str, entity: str, fields: Any
) -> Change:
    """Delete one of the agency's own records; the change keeps what it held."""
    row = _own(session, model, agency, id, what)
    before = _snapshot(row, fields)
    session.delete(row)
    session.flush()
    return Change(entity, str(id), before, None)


def delete_application(session: Session, agency: Agency, id: int) -> Change:
    return _delete(session, agency, Application, id, "申请", "application", APP_FIELDS)


# -- reconsideration and litigation cases (table 四) ------------------------------------------
@dataclass(frozen=True)
class ReviewView:
    id: int
    case_no: str
    kind: str  # label
    filed: date
    outcome: str  # label
    concluded: date | None
    notes: str


def review_view(r: Review) -> ReviewView:
    return ReviewView(
        id=r.id,
        case_no=r.case_no,
        kind=REVIEW_KINDS.get(r.kind, r.kind),
        filed=r.filed,
        outcome=REVIEW_OUTCOMES.get(r.outcome, r.outcome),
        concluded=r.concluded,
        notes=r.notes,
    )


def list_reviews(session: Session, agency: Agency, year: int | None = None) -> list[ReviewView]:
    """The agency's cases; with `year`, those table 四 of that year counts (filed in the
    year, or filed earlier and not concluded before it)."""
    q = select(Review).where(Review.agency_id == agency.id).order_by(Review.filed, Review.id)
    out = []
    for r in session.scalars(q):
        if year is not None and (
            r.filed.year > year or (r.concluded is not None and r.concluded.year < year)
        ):
            continue
        out.append(review_view(r))
    return out


def _apply_review(r: Review, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if key not in _REVIEW_FIELDS:
            raise LedgerError(f"案件没有字段“{key}”")
        if value is None:
            continue
        if key == "kind":
            value = _choice(value, REVIEW_KINDS, "案件类型")
        elif key == "outcome":
            value = _choice(value, REVIEW_OUTCOMES, "案件结果")
        elif key in _DATE_FIELDS:
            value = _date_value(value, _DATE_FIELDS[key])
        setattr(r, key, value)


def add_review(
    session: Session, agency: Agency, values: Mapping[str, Any]
) -> tuple[Review, Change]:
    r = Review(agency_id=agency.id)
    _apply_review(r, values)
    if r.kind is None:
        raise LedgerError("缺少案件类型（行政复议、行政诉讼（未经复议直接起诉）…）")
    check_review(r)
    session.add(r)
    session.flush()
    return r, Change("review", str(r.id), None, _snapshot(r, _REVIEW_FIELDS))


def update_review(
    session: Session,
    agency: Agency,
    id: int,
    values: Mapping[str, Any],
    clear: Iterable[str] = (),
) -> tuple[Review, Change]:
    r = _own(session, Review, agency, id, "案件")
    before = _snapshot(r, _REVIEW_FIELDS)
    for name in clear:
        if name != "concluded":
            raise LedgerError(f"不能清空“{name}”（可清空：concluded）")
        r.concluded = None
        if "outcome" not in values:
            r.outcome = "pending"
    _apply_review(r, values)
    check_review(r)
    session.flush()
    return r, Change("review", str(id), before, _snapshot(r, _REVIEW_FIELDS))


def delete_review(session: Session, agency: Agency, id: int) -> Change:
    return _delete(session, agency, Review, id, "案件", "review", _REVIEW_FIELDS)


# -- table 二 --------------------------------------------------------------------------------
_SEPARATORS = str.maketrans("", "", " \t.．·・/／:：-—_、|｜>＞")


_UNIT_NOTE = patterns.compile(r"[（(][^（()）]*[）)]$")


def _key(text: str) -> str:
    """A label reduced for matching: no separators, no trailing unit note in brackets."""
    return _UNIT_NOTE.sub("", clean(str(text)).strip()).translate(_SEPARATORS)


def _t2_names(ed: Edition) -> dict[str, str | None]:
    """Every way a table 二 cell may be named → its path (None when ambiguous): the row
    label and the column label as printed (with or without the block label), the row
    label alone for a block of one column, and the path itself."""
    names: dict[str, str | None] = {}

    def add(name: str, path: str) -> None:
        k = _key(name)
        names[k] = path if names.get(k, path) == path else None

    for block in ed.t2_blocks:
        for row in block.rows:
            for col in block.columns:
                path = f"{row.path}.{col.key}"
                for c in {col.label, col.text}:
                    add(row.label + c, path)
                    add(block.label + row.label + c, path)
                if len(block.columns) == 1:
                    add(row.label, path)
                    add(block.label + row.label, path)
    for p in ed.t2_cell_paths():
        names[p.removeprefix("t2.")] = p.removeprefix("t2.")
    return names


def t2_cell(ed: Edition, name: str) -> str:
    """The table 二 cell path (without "t2.") that `name` means: a path such as
    ``art20_1.rules.issued`` or labels as the format prints them, ``规章 本年制发件数``,
    ``规章.本年制发件数``, ``第二十条第（一）项/规章/本年制发件数``, or ``行政许可`` for a
    block of one column."""
    text = str(name).strip().removeprefix("t2.")
    names = _t2_names(ed)
    found = names.get(text) if text in names else names.get(_key(text))
    if found is None:
        rows = "、".join(dict.fromkeys(r.label for b in ed.t2_blocks for r in b.rows))
        why = "有歧义" if _key(text) in names else "不是表二的单元格"
        raise LedgerError(
            f"“{name}”{why}（{ed.name}年版表二：行 {rows}；写成“行标签 列标签”，"
            "如“规章 本年制发件数”）"
        )
    return found


def _t2_value(ed: Edition, path: str, value: Any) -> float:
    col = ed.column_of(f"t2.{path}")
    text = plain(value).replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise LedgerError(f"表二“{_t2_label(ed, path)}”：“{echo(value)}”不是数") from None
    if not math.isfinite(number):
        raise LedgerError(f"表二“{_t2_label(ed, path)}”：“{echo(value)}”不是有限的数")
    problem = bound_error(number, f"表二“{_t2_label(ed, path)}”：", value)
    if problem:
        raise LedgerError(problem)
    if col is not None and col.type != "decimal" and not number.is_integer():
        raise LedgerError(f"表二“{_t2_label(ed, path)}”：“{echo(value)}”应为整数")
    if number < 0 and not (col is not None and col.signed):
        raise LedgerError(f"表二“{_t2_label(ed, path)}”：不能为负数")
    return number


def _t2_label(ed: Edition, path: str) -> str:
    block_key, row_key, col_key = path.split(".")
    block = next(b for b in ed.t2_blocks if b.key == block_key)
    row = next(r for r in block.rows if r.path == f"{block_key}.{row_key}")
    col = next(c for c in block.columns if c.key == col_key)
    return f"{row.label} {col.label}"


@dataclass(frozen=True)
class T2Entry:
    """One cell of table 二 for a year: labels as printed, the value entered (None when
    nothing was entered) and last year's value for reference."""

    path: str
    block: str
    row: str
    column: str
    value: float | None
    last_year: float | None
    unit: str | None = None


def _counts(session: Session, agency: Agency, year: int) -> dict[str, float]:
    return {
        c.path: c.value
        for c in session.scalars(
            select(ProactiveCount).where(
                ProactiveCount.agency_id == agency.id, ProactiveCount.year == year
            )
        )
    }


def t2_entries(session: Session, agency: Agency, year: int) -> list[T2Entry]:
    ed = edition_of(year)
    now, last = _counts(session, agency, year), _counts(session, agency, year - 1)
    out = []
    for block in ed.t2_blocks:
        for row in block.rows:
            for col in block.columns:
                path = f"{row.path}.{col.key}"
                out.append(
                    T2Entry(
                        path,
                        block.label,
                        row.label,
                        col.label,
                        now.get(path),
                        last.get(path),
                        col.unit,
                    )
                )
    return out


def t2_missing(session: Session, agency: Agency, year: int) -> list[T2Entry]:
    """The cells of table 二 nothing was entered for."""
    return [e for e in t2_entries(session, agency, year) if e.value is None]


def set_t2(session: Session, agency: Agency, year: int, values: Mapping[str, Any]) -> list[Change]:
    """Enter table 二 cells, named by path or by their printed labels (see `t2_cell`).
    All or nothing: every name and value is checked before anything is stored."""
    ed = edition_of(year)
    resolved: dict[str, float] = {}
    errors = []
    for name, value in values.items():
        try:
            path = t2_cell(ed, name)
            resolved[path] = _t2_value(ed, path, value)
        except LedgerError as e:
            errors.append(str(e))
    if errors:
        raise LedgerError("\n".join(errors))
    changes = []
    existing = {
        c.path: c
        for c in session.scalars(
            select(ProactiveCount).where(
                ProactiveCount.agency_id == agency.id, ProactiveCount.year == year
            )
        )
    }
    for path, value in resolved.items():
        row = existing.get(path)
        before = None if row is None else {"value": row.value}
        if row is None:
            row = ProactiveCount(agency_id=agency.id, year=year, path=path)
            session.add(row)
        row.value = value
        changes.append(Change("t2", f"{year}:{path}", before, {"value": value}))
    session.flush()
    return changes


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, Mapping):
        return {prefix: data}
    out: dict[str, Any] = {}
    for k, v in data.items():
        out.update(_flatten(v, f"{prefix} {k}".strip()))
    return out


def read_t2_file(path: str | Path) -> dict[str, Any]:
    """Table 二 values from a YAML file: labels as printed, flat (``规章 本年制发件数:
    0``) or nested (``规章: {本年制发件数: 0}``); empty values are skipped."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LedgerFileError(f"{p.name}：文件不存在") from None
    except (OSError, UnicodeDecodeError):
        raise LedgerFileError(f"{p.name}：无法读取，应为 UTF-8 的 YAML 文件") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise LedgerFileError(f"{p.name}：不是有效的 YAML") from None
    if not isinstance(data, Mapping):
        raise LedgerFileError(f"{p.name}：应为“单元格: 数值”的映射")
    return {k: v for k, v in _flatten(data).items() if v is not None and str(v).strip() != ""}


# -- the Excel workbook ----------------------------------------------------------------------
@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    t2_cells: int = 0
    reviews_added: int = 0
    reviews_updated: int = 0
    changes: list[Change] = dataclass_field(default_factory=list)  # one per entry changed

    def summary(self) -> str:
        out = f"新增 {self.added} 件，更新 {self.updated} 件"
        if self.t2_cells:
            out += f"；表二 {self.t2_cells} 格"
        if self.reviews_added or self.reviews_updated:
            out += f"；复议诉讼案件新增 {self.reviews_added} 件，更新 {self.reviews_updated} 件"
        return out


def import_workbook(session: Session, agency: Agency, path: str | Path) -> ImportResult:
    """The applications of a spreadsheet, and of an Excel workbook also its 表二 and
    复议诉讼 sheets. All or nothing: on any error nothing is stored and
    `LedgerImportError` lists every error by sheet and row."""
    before = {a.id: _snapshot(a, APP_FIELDS) for a in _apps(session, agency)}
    added, updated = import_ledger(session, agency, path)
    done = ImportResult(added, updated)
    for a in _apps(session, agency):
        after = _snapshot(a, APP_FIELDS)
        if before.get(a.id) != after:
            done.changes.append(Change("application", str(a.id), before.get(a.id), after))
    if Path(path).suffix.lower() != ".xlsx":
        return done
    errors: list[str] = []
    for year, values in read_t2_sheet(path, required=False).items():
        try:
            changes = set_t2(session, agency, year, values)
            done.t2_cells += len(changes)
            done.changes += [c for c in changes if c.before != c.after]
        except LedgerError as e:
            errors += [f"表二（{year}年）：{line}" for line in str(e).splitlines()]
    existing = {
        r.case_no: r
        for r in session.scalars(select(Review).where(Review.agency_id == agency.id))
        if r.case_no
    }
    for number, values in read_review_sheet(path) or []:
        try:
            case_no = str(values.get("case_no") or "").strip()
            if not case_no:
                raise LedgerError("“案号”不能为空")
            found = existing.get(case_no)
            if found is None:
                r, change = add_review(session, agency, values)
                existing[case_no] = r
                done.reviews_added += 1
            else:
                _, change = update_review(session, agency, found.id, values)
                done.reviews_updated += 1
            if change.before != change.after:
                done.changes.append(change)
        except LedgerError as e:
            errors.append(f"复议诉讼 第{number}行：{e}")
    if errors:
        session.rollback()
        raise LedgerImportError(errors)
    return done


def export_workbook(
    session: Session, agency: Agency, path: str | Path, year: int | None = None
) -> int:
    """The applications (of one year received, or all) as xlsx — with the 表二 and
    复议诉讼 sheets — or csv; how many applications were written."""
    from ogi.store.ledger_io import export_ledger

    return export_ledger(session, agency, path, year)


def write_template(path: str | Path, year: int) -> None:
    """The blank Excel template of a report year: 台账, 表二, 复议诉讼 and instructions."""
    from ogi.store.ledger_io import write_template as write

    write(path, edition_of(year), year)


# -- the narrative ---------------------------------------------------------------------------
def draft_parts(session: Session, agency: Agency, year: int, signed: date | None = None):  # type: ignore[no-untyped-def]
    """The narrative draft as parts (`ogi.compose.narrative.Narrative`): a text per
    section, the opening paragraph and the signature, with the year's counts in it."""
    from ogi.compose.draft import draft_parts as parts

    return parts(session, agency.name, year, signed or workdays.today())


def narrative_draft(session: Session, agency: Agency, year: int, signed: date | None = None) -> str:
    """The same draft as the Markdown file `compose --narrative` reads."""
    from ogi.compose.draft import draft_narrative

    return draft_narrative(session, agency.name, year, signed or workdays.today())
