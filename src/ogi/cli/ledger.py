"""Commands for the agency's records and for composing the report: `ogi ledger …`,
`ogi compose`, `ogi render`. Mounted by `ogi.cli`."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ogi.store.ledger import LedgerError

ledger_app = typer.Typer(
    help="依申请公开台账：登记、期限提醒、导入导出、统计。",
    no_args_is_help=True,
    add_completion=False,
)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"),
]
AgencyOpt = Annotated[
    str | None, typer.Option("--agency", help="机关名称（台账只有一个机关时可省略）")
]
HolidayOpt = Annotated[
    Path | None, typer.Option("--holidays", help="节假日表（YAML/CSV），补充或覆盖官方安排")
]


@contextmanager
def _calendar_notes() -> Iterator[None]:
    """Show the calendar's warnings (a year without an official schedule) as plain
    Chinese lines instead of Python's warning format."""
    from ogi.compose.workdays import CalendarWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CalendarWarning)
        yield
    for w in caught:
        if issubclass(w.category, CalendarWarning):
            typer.echo(f"注意：{w.message}", err=True)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _store(db: str | None) -> Any:
    from ogi.store import open_store

    return open_store(db)


def _date(value: str | None, what: str) -> date | None:
    from ogi.store.ledger_io import _parse_date

    if value is None or value == "":
        return None
    try:
        return _parse_date(value)
    except ValueError:
        raise typer.BadParameter(f"{what}“{value}”不是有效日期（应写成 2024-01-31）") from None


def _choice(value: str, choices: dict[str, str], what: str) -> str:
    from ogi.store.ledger import parse_choice

    found = parse_choice(value, choices)
    if found is None:
        raise typer.BadParameter(
            f"“{value}”不是有效的{what}（可选：{'、'.join(choices.values())}）"
        )
    return found


@ledger_app.callback()
def _ledger() -> None:
    """依申请公开台账。"""


@ledger_app.command("init")
def init_cmd(
    agency: Annotated[str, typer.Option("--agency", help="机关名称")],
    level: Annotated[str | None, typer.Option("--level", help="层级（如 乡镇、县级）")] = None,
    db: DbOpt = None,
) -> None:
    """建立（或升级）台账数据库并登记机关。"""
    from ogi.store.ledger import find_agency

    store = _store(db)
    with store.session() as s:
        ag = find_agency(s, agency, create=True)
        if level:
            ag.level = level
    typer.echo(f"台账已就绪：{store.url}；机关：{agency}")


# -- applications ----------------------------------------------------------------------------
def _set_fields(app: Any, given: dict[str, Any]) -> None:
    from ogi.store.ledger import applicant_types, edition_of, outcome_labels
    from ogi.store.models import CHANNELS

    for key, value in given.items():
        if value is None:
            continue
        if key == "applicant_type":
            value = _choice(value, applicant_types(), "申请人类型")
        elif key == "channel":
            value = _choice(value, CHANNELS, "申请方式")
        elif key in _DATE_FIELDS:
            value = _date(value, _DATE_FIELDS[key])
        setattr(app, key, value)
    if given.get("outcome") is not None:
        year = (app.reply_date or app.received or date.today()).year
        app.outcome = _choice(given["outcome"], outcome_labels(edition_of(year)), "办理结果")


_DATE_FIELDS = {
    "received": "收到申请日期",
    "reply_date": "答复日期",
    "correction_start": "补正告知日期",
    "correction_end": "收到补正日期",
    "consult_start": "征求意见开始日期",
    "consult_end": "征求意见结束日期",
}
_CLEARABLE = {
    "outcome",
    "reply_date",
    "correction_start",
    "correction_end",
    "consult_start",
    "consult_end",
}


@ledger_app.command("add")
def add_cmd(
    serial: Annotated[str, typer.Option("--serial", help="申请编号")],
    applicant_type: Annotated[str, typer.Option("--type", help="申请人类型，如 自然人、商业企业")],
    received: Annotated[str, typer.Option("--received", help="收到申请日期 2024-01-31")],
    applicant: Annotated[str, typer.Option("--applicant", help="申请人")] = "",
    channel: Annotated[
        str, typer.Option("--channel", help="当面/信函/网络/传真/电话/其他")
    ] = "网络",
    content: Annotated[str, typer.Option("--content", help="申请内容")] = "",
    outcome: Annotated[str | None, typer.Option("--outcome", help="办理结果（表三项目）")] = None,
    reply_date: Annotated[str | None, typer.Option("--reply-date", help="答复日期")] = None,
    extended: Annotated[bool, typer.Option("--extended/--no-extended", help="是否延期")] = False,
    extension_days: Annotated[int, typer.Option("--extension-days", help="延期工作日数")] = 0,
    correction_start: Annotated[str | None, typer.Option("--correction-start")] = None,
    correction_end: Annotated[str | None, typer.Option("--correction-end")] = None,
    consult_start: Annotated[str | None, typer.Option("--consult-start")] = None,
    consult_end: Annotated[str | None, typer.Option("--consult-end")] = None,
    fee: Annotated[float, typer.Option("--fee", help="信息处理费（元）")] = 0.0,
    notes: Annotated[str, typer.Option("--notes", help="备注")] = "",
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """登记一件政府信息公开申请。"""
    from ogi.compose.workdays import due_date
    from ogi.store.ledger import check_application, find_agency, store_calendar
    from ogi.store.models import Application

    store = _store(db)
    try:
        with store.session() as s:
            ag = find_agency(s, agency)
            app = Application(agency_id=ag.id, serial_no=serial)
            _set_fields(
                app,
                {
                    "applicant_name": applicant,
                    "applicant_type": applicant_type,
                    "received": received,
                    "channel": channel,
                    "content": content,
                    "reply_date": reply_date,
                    "extended": extended or bool(extension_days),
                    "extension_days": extension_days,
                    "correction_start": correction_start,
                    "correction_end": correction_end,
                    "consult_start": consult_start,
                    "consult_end": consult_end,
                    "fee": fee,
                    "notes": notes,
                    "outcome": outcome,
                },
            )
            check_application(app)
            s.add(app)
            s.flush()
            with _calendar_notes():
                due = due_date(app, store_calendar(s, str(holidays) if holidays else None))
            typer.echo(
                f"已登记：系统编号 {app.id}，申请编号 {serial}，答复期限 {due or '暂停计算'}"
            )
    except LedgerError as e:
        _fail(str(e))


@ledger_app.command("update")
def update_cmd(
    id: Annotated[int, typer.Argument(help="系统编号（ledger list 第一列）")],
    serial: Annotated[str | None, typer.Option("--serial")] = None,
    applicant_type: Annotated[str | None, typer.Option("--type")] = None,
    received: Annotated[str | None, typer.Option("--received")] = None,
    applicant: Annotated[str | None, typer.Option("--applicant")] = None,
    channel: Annotated[str | None, typer.Option("--channel")] = None,
    content: Annotated[str | None, typer.Option("--content")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome")] = None,
    reply_date: Annotated[str | None, typer.Option("--reply-date")] = None,
    extended: Annotated[bool | None, typer.Option("--extended/--no-extended")] = None,
    extension_days: Annotated[int | None, typer.Option("--extension-days")] = None,
    correction_start: Annotated[str | None, typer.Option("--correction-start")] = None,
    correction_end: Annotated[str | None, typer.Option("--correction-end")] = None,
    consult_start: Annotated[str | None, typer.Option("--consult-start")] = None,
    consult_end: Annotated[str | None, typer.Option("--consult-end")] = None,
    fee: Annotated[float | None, typer.Option("--fee")] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option("--clear", help="清空字段：outcome、reply_date、correction_start …"),
    ] = None,
    db: DbOpt = None,
) -> None:
    """修改一件申请（只改给出的字段）。"""
    from ogi.store.ledger import check_application
    from ogi.store.models import STATUSES, Application

    store = _store(db)
    try:
        with store.session() as s:
            app = s.get(Application, id)
            if app is None:
                _fail(f"没有系统编号为 {id} 的申请")
            for name in clear or []:
                if name not in _CLEARABLE:
                    _fail(f"不能清空“{name}”（可清空：{'、'.join(sorted(_CLEARABLE))}）")
                setattr(app, name, None)
            if extension_days == 0 and extended is None:
                extended = False
            _set_fields(
                app,
                {
                    "serial_no": serial,
                    "applicant_name": applicant,
                    "applicant_type": applicant_type,
                    "received": received,
                    "channel": channel,
                    "content": content,
                    "reply_date": reply_date,
                    "extended": extended,
                    "extension_days": extension_days,
                    "correction_start": correction_start,
                    "correction_end": correction_end,
                    "consult_start": consult_start,
                    "consult_end": consult_end,
                    "fee": fee,
                    "notes": notes,
                    "outcome": outcome,
                },
            )
            if app.extended is False:
                app.extension_days = 0
            check_application(app)
            state = STATUSES.get(app.status, app.status)
            typer.echo(f"已更新：系统编号 {id}（{app.serial_no}），状态：{state}")
    except LedgerError as e:
        _fail(str(e))


def _apps(s: Any, agency: str | None, year: int | None = None) -> list[Any]:
    from sqlalchemy import select

    from ogi.store.ledger import find_agency
    from ogi.store.models import Application

    ag = find_agency(s, agency)
    q = select(Application).where(Application.agency_id == ag.id)
    if year is not None:
        q = q.where(Application.year == year)
    return list(s.scalars(q.order_by(Application.received, Application.serial_no)))


@ledger_app.command("list")
def list_cmd(
    year: Annotated[int | None, typer.Option("--year", help="收到申请的年度")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="只列未办结的申请")] = False,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """列出台账中的申请。"""
    from ogi.store.ledger import applicant_types, edition_of, outcome_labels
    from ogi.store.models import STATUSES

    types = applicant_types()
    try:
        with _store(db).session() as s:
            apps = [a for a in _apps(s, agency, year) if not open_only or a.reply_date is None]
    except LedgerError as e:
        _fail(str(e))
        return
    table = Table(title=f"依申请公开台账（{len(apps)}件）")
    for head in (
        "系统编号",
        "申请编号",
        "申请人",
        "申请人类型",
        "收到日期",
        "状态",
        "答复日期",
        "办理结果",
    ):
        table.add_column(head)
    for a in apps:
        labels = outcome_labels(edition_of((a.reply_date or a.received).year))
        table.add_row(
            str(a.id),
            a.serial_no,
            a.applicant_name,
            types.get(a.applicant_type, a.applicant_type),
            str(a.received),
            STATUSES.get(a.status, a.status),
            str(a.reply_date or ""),
            labels.get(a.outcome or "", a.outcome or ""),
        )
    Console().print(table)


@ledger_app.command("due")
def due_cmd(
    days: Annotated[int, typer.Option("--days", help="提醒剩余不超过几个工作日的申请")] = 5,
    today: Annotated[str | None, typer.Option("--today", help="按哪一天计算（默认今天）")] = None,
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """列出已超期和即将到期的未办结申请（按工作日计算）。"""
    from ogi.compose.workdays import status
    from ogi.store.ledger import store_calendar

    day = _date(today, "日期") or date.today()
    rows = []
    try:
        with _store(db).session() as s, _calendar_notes():
            cal = store_calendar(s, str(holidays) if holidays else None)
            for a in _apps(s, agency):
                if not a.is_open_on(day):
                    continue
                st = status(a, day, cal)
                if st.overdue or (st.left is not None and st.left <= days):
                    rows.append((a, st))
    except LedgerError as e:
        _fail(str(e))
    table = Table(title=f"{day} 已超期和{days}个工作日内到期的申请（{len(rows)}件）")
    for head in ("申请编号", "申请人", "收到日期", "答复期限", "已用工作日", "剩余工作日", "状态"):
        table.add_column(head)
    rows.sort(key=lambda r: r[1].due or date.max)
    for a, st in rows:
        style = "bold red" if st.overdue else None
        table.add_row(
            a.serial_no,
            a.applicant_name,
            str(a.received),
            str(st.due or "暂停计算"),
            "" if st.used is None else str(st.used),
            "" if st.left is None else str(st.left),
            st.label,
            style=style,
        )
    Console().print(table)


@ledger_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="台账文件（.xlsx 或 .csv）")],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """从 Excel 或 CSV 导入台账（有任何错误则不导入）。"""
    from ogi.store.ledger import find_agency
    from ogi.store.ledger_io import import_ledger

    try:
        with _store(db).session() as s:
            added, updated = import_ledger(s, find_agency(s, agency), file)
    except LedgerError as e:
        _fail(f"{file.name} 未导入：\n{e}")
        return
    typer.echo(f"已导入 {file.name}：新增 {added} 件，更新 {updated} 件")


@ledger_app.command("export")
def export_cmd(
    file: Annotated[Path, typer.Argument(help="输出文件（.xlsx 或 .csv）")],
    year: Annotated[int | None, typer.Option("--year", help="只导出该年度收到的申请")] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """导出台账为 Excel 或 CSV。"""
    from ogi.store.ledger import find_agency
    from ogi.store.ledger_io import export_ledger

    try:
        with _store(db).session() as s:
            n = export_ledger(s, find_agency(s, agency), file, year)
    except LedgerError as e:
        _fail(str(e))
        return
    typer.echo(f"已导出 {n} 件申请到 {file}")


@ledger_app.command("template")
def template_cmd(
    file: Annotated[Path, typer.Argument(help="输出的 .xlsx 模板")],
    year: Annotated[int | None, typer.Option("--year", help="报告年度（决定办理结果选项）")] = None,
) -> None:
    """生成带下拉列表和填写说明的 Excel 台账模板。"""
    from ogi.store.ledger import edition_of
    from ogi.store.ledger_io import write_template

    write_template(file, edition_of(year or date.today().year))
    typer.echo(f"已生成模板：{file}")


@ledger_app.command("holidays")
def holidays_cmd(
    file: Annotated[Path, typer.Argument(help="节假日表（YAML/CSV：日期、至、类型 休/班、名称）")],
    db: DbOpt = None,
) -> None:
    """把节假日表存入台账，今后计算期限时使用。"""
    from ogi.compose.workdays import HolidayFileError, load_holiday_file
    from ogi.store.ledger import save_holidays

    try:
        days = load_holiday_file(file)
    except HolidayFileError as e:
        _fail(str(e))
        return
    with _store(db).session() as s:
        n = save_holidays(s, days, file.stem)
    typer.echo(f"已保存 {n} 天的节假日安排")


@ledger_app.command("review-add")
def review_add_cmd(
    kind: Annotated[
        str, typer.Option("--kind", help="review / litigation_direct / litigation_after_review")
    ],
    filed: Annotated[str, typer.Option("--filed", help="立案（申请）日期")],
    case_no: Annotated[str, typer.Option("--case-no", help="案号")] = "",
    outcome: Annotated[
        str, typer.Option("--outcome", help="upheld/corrected/other/pending")
    ] = "pending",
    concluded: Annotated[str | None, typer.Option("--concluded", help="审结日期")] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """登记一件行政复议或行政诉讼案件（表四）。"""
    from ogi.store.ledger import check_review, find_agency
    from ogi.store.models import REVIEW_KINDS, REVIEW_OUTCOMES, Review

    try:
        with _store(db).session() as s:
            ag = find_agency(s, agency)
            r = Review(
                agency_id=ag.id,
                case_no=case_no,
                kind=_choice(kind, REVIEW_KINDS, "案件类型"),
                filed=_date(filed, "立案日期"),
                outcome=_choice(outcome, REVIEW_OUTCOMES, "案件结果"),
                concluded=_date(concluded, "审结日期"),
            )
            check_review(r)
            s.add(r)
    except LedgerError as e:
        _fail(str(e))
    typer.echo(f"已登记{REVIEW_KINDS[r.kind]}案件 {case_no}".rstrip())


@ledger_app.command("proactive-set")
def proactive_set_cmd(
    path: Annotated[str, typer.Argument(help="表二单元格，如 art20_1.normative_documents.issued")],
    value: Annotated[float, typer.Argument(help="数值")],
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """登记表二（主动公开）的一个数值。"""
    from sqlalchemy import select

    from ogi.store.ledger import edition_of, find_agency
    from ogi.store.models import ProactiveCount

    ed = edition_of(year)
    if f"t2.{path}" not in ed.t2_cell_paths():
        allowed = "、".join(p.removeprefix("t2.") for p in ed.t2_cell_paths())
        _fail(f"“{path}”不是{ed.name}年版表二的单元格（可选：{allowed}）")
    try:
        with _store(db).session() as s:
            ag = find_agency(s, agency)
            row = s.scalar(
                select(ProactiveCount).where(
                    ProactiveCount.agency_id == ag.id,
                    ProactiveCount.year == year,
                    ProactiveCount.path == path,
                )
            )
            if row is None:
                row = ProactiveCount(agency_id=ag.id, year=year, path=path)
                s.add(row)
            row.value = value
    except LedgerError as e:
        _fail(str(e))
    typer.echo(f"表二 {path} = {value:g}（{year}年）")


@ledger_app.command("stats")
def stats_cmd(
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    today: Annotated[str | None, typer.Option("--today", help="计算超期的参照日")] = None,
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """答复用时分布、最后一天答复、延期、超期与收费统计。"""
    from ogi.compose.stats import compute_stats
    from ogi.store.ledger import find_agency, store_calendar

    try:
        with _store(db).session() as s, _calendar_notes():
            cal = store_calendar(s, str(holidays) if holidays else None)
            st = compute_stats(s, find_agency(s, agency), year, _date(today, "日期"), cal)
    except LedgerError as e:
        _fail(str(e))
        return
    console = Console()
    console.print(f"[bold]{year}年依申请公开办理统计[/bold]：本年答复 {st.replied} 件")
    dist = Table(title="答复用时（工作日）")
    dist.add_column("用时")
    dist.add_column("件数", justify="right")
    for label, n in st.buckets.items():
        dist.add_row(label, str(n))
    console.print(dist)
    median = "—" if st.median_days is None else f"{st.median_days:g}"
    console.print(f"用时中位数：{median} 个工作日")
    console.print(f"在期限最后一天答复：{st.last_day} 件（{st.last_day_share:.1%}）")
    console.print(f"延期答复：{st.extended} 件（{st.extended_share:.1%}）")
    console.print(f"要求补正：{st.corrections} 件；征求意见：{st.consultations} 件")
    console.print(f"收取信息处理费：{st.fees_count} 件，共 {st.fees_total:g} 元")
    if st.overdue:
        over = Table(title=f"超期（{len(st.overdue)}件）")
        for head in ("申请编号", "收到日期", "答复期限", "答复日期", "超出工作日"):
            over.add_column(head)
        for o in st.overdue:
            over.add_row(
                o.serial_no,
                str(o.received),
                str(o.due),
                str(o.replied or "未答复"),
                str(o.days_over),
            )
        console.print(over)
    else:
        console.print("超期：无")
