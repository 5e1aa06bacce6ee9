"""Commands for the agency's records: `ogi ledger …`. Mounted by `ogi.cli`.

Each command parses its options, calls one function of `ogi.services.ledger` and prints
the result. Exit codes, as for the other commands: 0 done; 1 the ledger refuses the
change or cannot be counted (the message says why); 2 an input file or value that
cannot be used (missing, unreadable, rejected rows).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from ogi.cli import command_group
from ogi.store.ledger import LedgerError
from ogi.store.ledger_io import LedgerFileError, LedgerImportError

ledger_app = command_group("依申请公开台账：登记、期限提醒、导入导出、统计。")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"),
]
AgencyOpt = Annotated[
    str | None, typer.Option("--agency", help="机关名称（台账只有一个机关时可省略）")
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="按哪一天计算期限（默认今天），如 2024-03-04")
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


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


@contextmanager
def _guard(prefix: str = "") -> Iterator[None]:
    """One Chinese line (or a list of rows) instead of a traceback: exit 2 for an input
    that cannot be used, 1 for a ledger that refuses."""
    from ogi.compose.narrative import NarrativeError, NarrativeFileError
    from ogi.compose.workdays import HolidayFileError
    from ogi.services.ledger import InvalidValue

    try:
        yield
    except (
        LedgerFileError,
        LedgerImportError,
        HolidayFileError,
        NarrativeFileError,
        InvalidValue,
    ) as e:
        _fail(f"{prefix}{e}", 2)
    except (LedgerError, NarrativeError) as e:
        _fail(f"{prefix}{e}", 1)


def _log(s: Any, agency: Any, changes: Any, note: str = "") -> None:
    """Record the changes in the workspace's 修改记录, as the web does, with the system
    user as who made them: a change is logged whichever way it was made."""
    from ogi.services.workspace import command_line_actor, pending_years, record, years_of

    done = [c for c in changes if c is not None and c.before != c.after]
    record(s, command_line_actor(), agency, done, note)
    pending = pending_years(s, agency)
    touched: set[int] = set()
    for c in done:
        years = years_of(c.entity, c.key, c.before, c.after)
        touched |= pending if years is None else years & pending
    for year in sorted(touched):
        typer.echo(
            f"注意：{year}年度报告已提交审核，本次修改改变了该年的数据；"
            "审核人将在报告页看到提交后的变动",
            err=True,
        )


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


def _today(value: str | None) -> date:
    from ogi.compose import workdays

    return _date(value, "日期") or workdays.today()


def _calendar(s: Any, holidays: Path | None) -> Any:
    from ogi.store.ledger import store_calendar

    return store_calendar(s, str(holidays) if holidays else None)


def _number(v: float) -> str:
    """A stored count or amount in full: 1234567, 0.35 (":g" would print 1.23457e+06)."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def table(title: str, *heads: str) -> Table:
    """A rich table whose cells wrap instead of being cut with "…" at 80 columns."""
    t = Table(title=title)
    for h in heads:
        t.add_column(h, overflow="fold")
    return t


def console() -> Console:
    return Console(soft_wrap=False)


@ledger_app.callback()
def _ledger() -> None:
    """依申请公开台账。"""


@ledger_app.command("init")
def init_cmd(
    agency: Annotated[str, typer.Option("--agency", help="机关名称，如 示例镇人民政府")],
    level: Annotated[str | None, typer.Option("--level", help="层级（如 乡镇、县级）")] = None,
    new_agency: Annotated[
        bool,
        typer.Option("--new-agency", help="台账中已有其他机关时，确认再建一个机关"),
    ] = False,
    db: DbOpt = None,
) -> None:
    """建立（或升级）台账数据库并登记机关。"""
    from ogi.services.ledger import init_agency

    store = _store(db)
    with _guard(), store.session() as s:
        found, change = init_agency(s, agency, level, new_agency)
        _log(s, found, [change])
    typer.echo(f"台账已就绪：{store.url}；机关：{agency}")


# -- applications ----------------------------------------------------------------------------
def _values(**given: Any) -> dict[str, Any]:
    return {k: v for k, v in given.items() if v is not None}


@ledger_app.command("add")
def add_cmd(
    serial: Annotated[str, typer.Option("--serial", help="申请编号")],
    applicant_type: Annotated[str, typer.Option("--type", help="申请人类型，如 自然人、商业企业")],
    received: Annotated[str, typer.Option("--received", help="收到申请日期，如 2024-01-31")],
    applicant: Annotated[str, typer.Option("--applicant", help="申请人")] = "",
    channel: Annotated[
        str, typer.Option("--channel", help="申请方式：当面、信函、网络、传真、电话、其他")
    ] = "网络",
    content: Annotated[str, typer.Option("--content", help="申请内容")] = "",
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="办理结果（表三项目，如 予以公开）")
    ] = None,
    reply_date: Annotated[str | None, typer.Option("--reply-date", help="答复日期")] = None,
    extended: Annotated[bool, typer.Option("--extended/--no-extended", help="是否延期")] = False,
    extension_days: Annotated[
        int, typer.Option("--extension-days", help="延期工作日数（最长20）")
    ] = 0,
    correction_start: Annotated[
        str | None, typer.Option("--correction-start", help="补正告知日期")
    ] = None,
    correction_end: Annotated[
        str | None, typer.Option("--correction-end", help="收到补正日期（期限自此重新计算）")
    ] = None,
    consult_start: Annotated[
        str | None, typer.Option("--consult-start", help="征求第三方意见开始日期")
    ] = None,
    consult_end: Annotated[
        str | None, typer.Option("--consult-end", help="征求意见结束日期（期间不计入期限）")
    ] = None,
    # text, read by the ledger (full-width digits as typed by an input method)
    fee: Annotated[str, typer.Option("--fee", help="信息处理费（元）")] = "0",
    notes: Annotated[str, typer.Option("--notes", help="备注")] = "",
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """登记一件政府信息公开申请。"""
    from ogi.compose.workdays import due_date
    from ogi.services.ledger import add_application
    from ogi.store.ledger import find_agency

    store = _store(db)
    with _guard(), store.session() as s:
        ag = find_agency(s, agency)
        app, change = add_application(
            s,
            ag,
            _values(
                serial_no=serial,
                applicant_name=applicant,
                applicant_type=applicant_type,
                received=received,
                channel=channel,
                content=content,
                reply_date=reply_date,
                extended=extended or bool(extension_days),
                extension_days=extension_days,
                correction_start=correction_start,
                correction_end=correction_end,
                consult_start=consult_start,
                consult_end=consult_end,
                fee=fee,
                notes=notes,
                outcome=outcome,
            ),
        )
        _log(s, ag, [change])
        with _calendar_notes():
            due = due_date(app, _calendar(s, holidays))
        due_text = due or "暂停计算"
        typer.echo(f"已登记：系统编号 {app.id}，申请编号 {app.serial_no}，答复期限 {due_text}")


@ledger_app.command("update")
def update_cmd(
    id: Annotated[int, typer.Argument(metavar="系统编号", help="系统编号（ledger list 第一列）")],
    serial: Annotated[str | None, typer.Option("--serial", help="申请编号")] = None,
    applicant_type: Annotated[str | None, typer.Option("--type", help="申请人类型")] = None,
    received: Annotated[str | None, typer.Option("--received", help="收到申请日期")] = None,
    applicant: Annotated[str | None, typer.Option("--applicant", help="申请人")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="申请方式")] = None,
    content: Annotated[str | None, typer.Option("--content", help="申请内容")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help="办理结果（表三项目）")] = None,
    reply_date: Annotated[str | None, typer.Option("--reply-date", help="答复日期")] = None,
    extended: Annotated[
        bool | None, typer.Option("--extended/--no-extended", help="是否延期")
    ] = None,
    extension_days: Annotated[
        int | None, typer.Option("--extension-days", help="延期工作日数（最长20）")
    ] = None,
    correction_start: Annotated[
        str | None, typer.Option("--correction-start", help="补正告知日期")
    ] = None,
    correction_end: Annotated[
        str | None, typer.Option("--correction-end", help="收到补正日期")
    ] = None,
    consult_start: Annotated[
        str | None, typer.Option("--consult-start", help="征求意见开始日期")
    ] = None,
    consult_end: Annotated[
        str | None, typer.Option("--consult-end", help="征求意见结束日期")
    ] = None,
    fee: Annotated[str | None, typer.Option("--fee", help="信息处理费（元）")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option("--clear", help="清空字段：outcome、reply_date、correction_start …"),
    ] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """修改一件申请（只改给出的字段）。"""
    from ogi.services.ledger import update_application
    from ogi.store.ledger import find_agency
    from ogi.store.models import STATUSES

    if extension_days == 0 and extended is None:
        extended = False
    with _guard(), _store(db).session() as s:
        ag = find_agency(s, agency)
        app, change = update_application(
            s,
            ag,
            id,
            _values(
                serial_no=serial,
                applicant_name=applicant,
                applicant_type=applicant_type,
                received=received,
                channel=channel,
                content=content,
                reply_date=reply_date,
                extended=extended,
                extension_days=extension_days,
                correction_start=correction_start,
                correction_end=correction_end,
                consult_start=consult_start,
                consult_end=consult_end,
                fee=fee,
                notes=notes,
                outcome=outcome,
            ),
            clear or (),
        )
        _log(s, ag, [change])
        state = STATUSES.get(app.status, app.status)
        typer.echo(f"已更新：系统编号 {id}（{app.serial_no}），状态：{state}")


@ledger_app.command("delete")
def delete_cmd(
    id: Annotated[int, typer.Argument(metavar="系统编号", help="系统编号（ledger list 第一列）")],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """删除一件登记错误的申请。"""
    from ogi.services.ledger import delete_application
    from ogi.store.ledger import find_agency

    with _guard(), _store(db).session() as s:
        ag = find_agency(s, agency)
        change = delete_application(s, ag, id)
        _log(s, ag, [change])
    assert change.before is not None
    typer.echo(f"已删除：系统编号 {id}（申请编号 {change.before['serial_no']}）")


@ledger_app.command("list")
def list_cmd(
    year: Annotated[int | None, typer.Option("--year", help="收到申请的年度")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="只列未办结的申请")] = False,
    search: Annotated[
        str | None, typer.Option("--search", help="按申请编号、申请人、内容或备注查找")
    ] = None,
    applicant_type: Annotated[str | None, typer.Option("--type", help="只列此类申请人")] = None,
    today: TodayOpt = None,
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """列出台账中的申请及其答复期限。"""
    from ogi.services.ledger import list_applications
    from ogi.store.ledger import find_agency

    day = _today(today)
    with _guard(), _store(db).session() as s, _calendar_notes():
        rows = list_applications(
            s,
            find_agency(s, agency),
            year=year,
            open_only=open_only,
            search=search,
            applicant_type=applicant_type,
            today=day,
            calendar=_calendar(s, holidays),
        )
    if not rows:
        asked = [f"{year}年收到" if year else "", "未办结" if open_only else ""]
        asked += [f"申请人类型“{applicant_type}”" if applicant_type else ""]
        asked += [f"与“{search}”相符" if search else ""]
        said = "、".join(a for a in asked if a)
        said = f"台账中没有符合条件（{said}）的申请。" if said else "台账中还没有申请。"
        console().print(said, soft_wrap=True)
        return
    t = table(
        f"依申请公开台账（{len(rows)}件）",
        "系统编号",
        "申请编号",
        "申请人",
        "申请人类型",
        "收到日期",
        "状态",
        "答复期限",
        "答复日期",
        "办理结果",
    )
    for v in rows:
        t.add_row(
            str(v.id),
            v.serial_no,
            v.applicant_name,
            v.applicant_type,
            str(v.received),
            v.clock.label,
            str(v.due or "暂停计算"),
            str(v.reply_date or ""),
            v.outcome or "",
        )
    console().print(t)


@ledger_app.command("due")
def due_cmd(
    days: Annotated[int, typer.Option("--days", help="提醒剩余不超过几个工作日的申请")] = 5,
    today: TodayOpt = None,
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """列出已超期和即将到期的未办结申请（按工作日计算）。"""
    from ogi.services.ledger import due_list
    from ogi.store.ledger import find_agency

    day = _today(today)
    with _guard(), _store(db).session() as s, _calendar_notes():
        rows = due_list(
            s, find_agency(s, agency), days=days, today=day, calendar=_calendar(s, holidays)
        )
    if not rows:  # a sentence, not a table of headings over nothing
        said = f"截至 {day}，没有已超期或{days}个工作日内到期的未办结申请。"
        console().print(said, soft_wrap=True)
        return
    t = table(
        f"{day} 已超期和{days}个工作日内到期的申请（{len(rows)}件）",
        "申请编号",
        "申请人",
        "收到日期",
        "答复期限",
        "已用工作日",
        "剩余工作日",
        "状态",
        "暂停与延期",
    )
    for v in rows:
        st = v.clock
        notes = list(v.pauses) + ([f"延期{v.extension}个工作日"] if v.extension else [])
        t.add_row(
            v.serial_no,
            v.applicant_name,
            str(v.received),
            str(st.due or "暂停计算"),
            "" if st.used is None else str(st.used),
            "" if st.left is None else str(st.left),
            st.label,
            "；".join(notes),
            style="bold red" if st.overdue else None,
        )
    console().print(t)


@ledger_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(metavar="台账文件", help="台账文件（.xlsx 或 .csv）")],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """从 Excel 或 CSV 导入台账；Excel 中的“表二”“复议诉讼”工作表一并导入。

    有任何错误则都不导入。"""
    from ogi.services.ledger import import_workbook
    from ogi.store.ledger import find_agency

    with _guard(f"{file.name} 未导入：\n"), _store(db).session() as s:
        ag = find_agency(s, agency)
        done = import_workbook(s, ag, file)
        _log(s, ag, done.changes, note=f"导入 {file.name}")
    typer.echo(f"已导入 {file.name}：{done.summary()}")


@ledger_app.command("export")
def export_cmd(
    file: Annotated[Path, typer.Argument(metavar="输出文件", help="输出文件（.xlsx 或 .csv）")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="只导出计入该年度报告的记录：该年收到的和上年结转的申请、该年表二、"
            "该年表四计入的案件（默认导出全部，含各年表二）",
        ),
    ] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """导出台账为 Excel（含表二、复议诉讼工作表）或 CSV（只含申请）。"""
    from ogi.services.ledger import export_workbook
    from ogi.store.ledger import find_agency

    with _guard(), _store(db).session() as s:
        n = export_workbook(s, find_agency(s, agency), file, year)
    typer.echo(f"已导出 {n} 件申请到 {file}")


@ledger_app.command("template")
def template_cmd(
    file: Annotated[Path, typer.Argument(metavar="模板文件", help="输出的 .xlsx 模板")],
    year: Annotated[int | None, typer.Option("--year", help="报告年度（决定办理结果选项）")] = None,
) -> None:
    """生成带下拉列表和填写说明的 Excel 台账模板（台账、表二、复议诉讼三张工作表）。"""
    from ogi.compose import workdays
    from ogi.services.ledger import write_template

    write_template(file, year or workdays.today().year)
    typer.echo(f"已生成模板：{file}")


@ledger_app.command("holidays")
def holidays_cmd(
    file: Annotated[
        Path,
        typer.Argument(metavar="节假日表", help="节假日表（YAML/CSV：日期、至、类型 休/班、名称）"),
    ],
    db: DbOpt = None,
) -> None:
    """把节假日表存入台账，今后计算期限时使用。"""
    from ogi.compose.workdays import load_holiday_file
    from ogi.store.ledger import save_holidays

    with _guard():
        days = load_holiday_file(file)
    with _store(db).session() as s:
        n = save_holidays(s, days, file.stem)
    typer.echo(f"已保存 {n} 天的节假日安排")


# -- reconsideration and litigation cases ----------------------------------------------------
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="案件类型：行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉），"
        "或 review、litigation_direct、litigation_after_review",
    ),
]
ReviewOutcomeOpt = Annotated[
    str | None,
    typer.Option("--outcome", help="结果：结果维持、结果纠正、其他结果、尚未审结"),
]


@ledger_app.command("review-add")
def review_add_cmd(
    kind: KindOpt,
    filed: Annotated[str, typer.Option("--filed", help="立案（申请）日期")],
    case_no: Annotated[str, typer.Option("--case-no", help="案号")] = "",
    outcome: ReviewOutcomeOpt = "pending",
    concluded: Annotated[str | None, typer.Option("--concluded", help="审结日期")] = None,
    notes: Annotated[str, typer.Option("--notes", help="备注")] = "",
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """登记一件行政复议或行政诉讼案件（表四）。"""
    from ogi.services.ledger import add_review
    from ogi.store.ledger import find_agency
    from ogi.store.models import REVIEW_KINDS

    with _guard(), _store(db).session() as s:
        ag = find_agency(s, agency)
        r, change = add_review(
            s,
            ag,
            _values(
                kind=kind,
                filed=filed,
                case_no=case_no,
                outcome=outcome,
                concluded=concluded,
                notes=notes,
            ),
        )
        _log(s, ag, [change])
        typer.echo(f"已登记{REVIEW_KINDS[r.kind]}案件：系统编号 {r.id} {case_no}".rstrip())


@ledger_app.command("review-list")
def review_list_cmd(
    year: Annotated[int | None, typer.Option("--year", help="只列该年度表四计入的案件")] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """列出行政复议、行政诉讼案件。"""
    from ogi.services.ledger import list_reviews
    from ogi.store.ledger import find_agency

    with _guard(), _store(db).session() as s:
        rows = list_reviews(s, find_agency(s, agency), year)
    if not rows:
        which = f"{year}年度表四计入的" if year else ""
        console().print(f"没有{which}行政复议、行政诉讼案件。", soft_wrap=True)
        return
    t = table(
        f"行政复议、行政诉讼案件（{len(rows)}件）",
        "系统编号",
        "案号",
        "案件类型",
        "立案日期",
        "结果",
        "审结日期",
        "备注",
    )
    for r in rows:
        t.add_row(
            str(r.id), r.case_no, r.kind, str(r.filed), r.outcome, str(r.concluded or ""), r.notes
        )
    console().print(t)


@ledger_app.command("review-update")
def review_update_cmd(
    id: Annotated[
        int, typer.Argument(metavar="系统编号", help="系统编号（ledger review-list 第一列）")
    ],
    kind: KindOpt = None,
    filed: Annotated[str | None, typer.Option("--filed", help="立案（申请）日期")] = None,
    case_no: Annotated[str | None, typer.Option("--case-no", help="案号")] = None,
    outcome: ReviewOutcomeOpt = None,
    concluded: Annotated[str | None, typer.Option("--concluded", help="审结日期")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    clear: Annotated[
        list[str] | None, typer.Option("--clear", help="清空字段：concluded（改为尚未审结）")
    ] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """修改一件行政复议或行政诉讼案件（只改给出的字段）。"""
    from ogi.services.ledger import review_view, update_review
    from ogi.store.ledger import find_agency

    with _guard(), _store(db).session() as s:
        ag = find_agency(s, agency)
        r, change = update_review(
            s,
            ag,
            id,
            _values(
                kind=kind,
                filed=filed,
                case_no=case_no,
                outcome=outcome,
                concluded=concluded,
                notes=notes,
            ),
            clear or (),
        )
        _log(s, ag, [change])
        v = review_view(r)
    typer.echo(f"已更新案件：系统编号 {id} {v.case_no}，{v.kind}，{v.outcome}")


@ledger_app.command("review-delete")
def review_delete_cmd(
    id: Annotated[
        int, typer.Argument(metavar="系统编号", help="系统编号（ledger review-list 第一列）")
    ],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """删除一件登记错误的行政复议或行政诉讼案件（不再计入表四）。"""
    from ogi.services.ledger import delete_review
    from ogi.store.ledger import find_agency

    with _guard(), _store(db).session() as s:
        ag = find_agency(s, agency)
        change = delete_review(s, ag, id)
        _log(s, ag, [change])
    assert change.before is not None
    typer.echo(f"已删除案件：系统编号 {id} {change.before['case_no']}".rstrip())


# -- table 二 --------------------------------------------------------------------------------
@ledger_app.command("proactive-set")
def proactive_set_cmd(
    cells: Annotated[
        list[str],
        typer.Argument(
            metavar="单元格=数值",
            help="一个或多个“单元格=数值”，单元格写表二的行标签和列标签，"
            "如 “规章 本年制发件数=0” “行政许可=46” “行政事业性收费=0.35”（万元）；"
            "也可写路径 art20_1.rules.issued=0",
        ),
    ],
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """登记表二（主动公开）的数值，可一次登记多格。"""
    from ogi.services.ledger import set_t2, t2_entries
    from ogi.store.ledger import find_agency

    values: dict[str, str] = {}
    items = list(cells)
    # The older form `CELL VALUE` (two arguments, no "=") is still understood.
    if len(items) == 2 and "=" not in items[0] and "=" not in items[1]:
        items = [f"{items[0]}={items[1]}"]
    for item in items:
        name, sep, value = item.rpartition("=")
        if not sep or not name.strip() or not value.strip():
            _fail(f"“{item}”应写成“单元格=数值”，如“规章 本年制发件数=0”", 2)
        values[name.strip()] = value.strip()
    with _guard(), _store(db).session() as s:
        ag = find_agency(s, agency)
        changes = set_t2(s, ag, year, values)
        _log(s, ag, changes)
        entries = t2_entries(s, ag, year)
    labels = {e.path: f"{e.row} {e.column}" for e in entries}
    for c in changes:
        assert c.after is not None
        path = c.key.split(":", 1)[1]
        typer.echo(f"表二 {labels.get(path, path)} = {_number(c.after['value'])}（{year}年）")


@ledger_app.command("proactive-import")
def proactive_import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="文件",
            help="表二数值：YAML（“规章 本年制发件数: 0”）或 Excel 模板的“表二”工作表",
        ),
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="报告年度（YAML 必填；Excel 按“年度”列）")
    ] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """从 YAML 或 Excel 成批登记表二的数值。"""
    from ogi.services.ledger import read_t2_file, set_t2
    from ogi.store.ledger import find_agency
    from ogi.store.ledger_io import read_t2_sheet

    with _guard(f"{file.name} 未导入：\n"):
        if file.suffix.lower() == ".xlsx":
            by_year = read_t2_sheet(file)
            if year is not None:
                by_year = {y: v for y, v in by_year.items() if y == year}
        else:
            if year is None:
                _fail("从 YAML 导入表二需要 --year", 2)
            by_year = {year: read_t2_file(file)}
        with _store(db).session() as s:
            ag = find_agency(s, agency)
            n = 0
            for y, values in by_year.items():
                changes = set_t2(s, ag, y, values)
                _log(s, ag, changes, note=f"导入 {file.name}")
                n += len(changes)
    typer.echo(f"已登记表二 {n} 格（{'、'.join(f'{y}年' for y in sorted(by_year))}）")


@ledger_app.command("proactive-show")
def proactive_show_cmd(
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """显示表二各格的本年数值与上年数值，标出尚未填写的格。"""
    from ogi.services.ledger import t2_entries
    from ogi.store.ledger import find_agency

    with _guard(), _store(db).session() as s:
        rows = t2_entries(s, find_agency(s, agency), year)
    t = table(f"{year}年表二（主动公开）", "项目", "信息内容", "指标", "本年", "上年")
    for e in rows:
        t.add_row(
            e.block,
            e.row,
            e.column,
            "未填写" if e.value is None else _number(e.value),
            "" if e.last_year is None else _number(e.last_year),
            style="yellow" if e.value is None else None,
        )
    console().print(t)
    missing = sum(e.value is None for e in rows)
    if missing:
        sys.stdout.flush()  # the table first, where both streams go to one terminal or file
        typer.echo(f"注意：表二有 {missing} 格尚未填写，编制报告时按 0 印出", err=True)


# -- statistics and the narrative draft ------------------------------------------------------
@ledger_app.command("stats")
def stats_cmd(
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    today: Annotated[
        str | None,
        typer.Option("--today", help="计算超期的参照日（默认今天；年度已过则为12月31日）"),
    ] = None,
    agency: AgencyOpt = None,
    holidays: HolidayOpt = None,
    db: DbOpt = None,
) -> None:
    """答复用时分布、最后一天答复、延期、超期与收费统计。"""
    from ogi.services.ledger import statistics
    from ogi.store.ledger import find_agency

    day = _today(today)
    with _guard(), _store(db).session() as s, _calendar_notes():
        st = statistics(s, find_agency(s, agency), year, today=day, calendar=_calendar(s, holidays))
    out = console()
    out.print(f"[bold]{year}年依申请公开办理统计[/bold]：本年答复 {st.replied} 件")
    dist = table("答复用时（工作日）", "用时", "件数")
    for label, n in st.buckets.items():
        dist.add_row(label, str(n))
    out.print(dist)
    median = "—" if st.median_days is None else f"{st.median_days:g}"
    out.print(f"用时中位数：{median} 个工作日")
    out.print(f"在期限最后一天答复：{st.last_day} 件（{st.last_day_share:.1%}）")
    out.print(f"延期答复：{st.extended} 件（{st.extended_share:.1%}）")
    out.print(f"要求补正：{st.corrections} 件；征求意见：{st.consultations} 件")
    out.print(f"收取信息处理费：{st.fees_count} 件，共 {_number(st.fees_total)} 元")
    if st.overdue:
        over = table(
            f"超期（{len(st.overdue)}件）",
            "申请编号",
            "收到日期",
            "答复期限",
            "答复日期",
            "超出工作日",
        )
        for o in st.overdue:
            over.add_row(
                o.serial_no,
                str(o.received),
                str(o.due),
                str(o.replied or "未答复"),
                str(o.days_over),
            )
        out.print(over)
    else:
        out.print("超期：无")


@ledger_app.command("draft")
def draft_cmd(
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    out: Annotated[
        Path, typer.Option("-o", "--out", help="写出的正文草稿（Markdown），供修改后 compose 使用")
    ],
    signed: Annotated[
        str | None, typer.Option("--date", help="落款日期（默认今天），如 2025-01-20")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件")] = False,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """生成正文草稿：前言、六个部分的骨架，依申请公开、复议诉讼和收费的句子已填入台账统计的数字。"""
    from ogi.services.ledger import narrative_draft
    from ogi.store.ledger import find_agency

    if out.exists() and not force:
        _fail(f"{out} 已存在；要覆盖请加 --force", 2)
    day = _today(signed)
    with _guard(), _store(db).session() as s:
        text = narrative_draft(s, find_agency(s, agency), year, day)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"已生成正文草稿：{out}（修改后用 ogi compose --year {year} --narrative {out}）")
