"""The ledger's vocabulary and checks: which codes a field may hold, their Chinese
labels (from the format edition of the year concerned), and what makes an entry valid.

Every message is Chinese and names the entry, because the office reads them.
"""

from __future__ import annotations

import math
import os
import unicodedata
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.compose.workdays import WorkCalendar, load_holiday_file
from ogi.format import Edition, edition, edition_for_year, editions
from ogi.normalize import foreign_digit
from ogi.store.models import (
    CHANNELS,
    REVIEW_KINDS,
    REVIEW_OUTCOMES,
    Agency,
    Application,
    Holiday,
    Review,
)

MAX_EXTENSION = 20  # 《条例》第三十三条：延长最长不超过20个工作日
FIRST_YEAR = 2008  # the Regulation took effect on 1 May 2008: no earlier application
YEARS_ENV = "OGI_LEDGER_YEARS"  # e.g. "2015-2030": the years a ledger date may fall in


class LedgerError(ValueError):
    """An entry that cannot be stored or counted; the message says which and why."""


def edition_of(year: int) -> Edition:
    """The edition of a report year; before the first edition, the first one."""
    found = edition_for_year(year)
    if found is not None:
        return found
    return min(editions().values(), key=lambda e: e.first_year)


def applicant_types(ed: Edition | None = None) -> dict[str, str]:
    """t3 leaf column key → label, without the total column."""
    ed = ed or edition("2021")
    return {c.key: c.label for c in ed.t3_columns if c.key != "total"}


def outcome_labels(ed: Edition) -> dict[str, str]:
    """Outcome leaf path → a label that is unique on its own: a leaf under a group is
    qualified by the group, since 其他 alone would be ambiguous."""
    out: dict[str, str] = {}
    for leaf in ed.t3_outcome_leaves:
        row = ed.row("t3", leaf)
        assert row is not None
        text = row.text.split("（", 1)[0]
        parent = ed.row("t3", leaf.rsplit(".", 1)[0]) if leaf.count(".") > 1 else None
        out[leaf] = f"{parent.text}：{text}" if parent is not None else text
    return out


def parse_choice(value: str, choices: dict[str, str]) -> str | None:
    """A code from its code, its label, or a label that only one choice ends with."""
    v = value.strip()
    if v in choices:
        return v
    for key, label in choices.items():
        if v == label:
            return key
    tails = [k for k, label in choices.items() if label.split("：")[-1] == v]
    return tails[0] if len(tails) == 1 else None


def find_agency(session: Session, name: str | None, create: bool = False) -> Agency:
    """The named agency; without a name, the only one in the store."""
    if name:
        found = session.scalar(select(Agency).where(Agency.name == name))
        if found is None:
            if not create:
                raise LedgerError(
                    f"台账中没有机关“{name}”，请先运行 ogi ledger init --agency {name}"
                )
            found = Agency(name=name)
            session.add(found)
            session.flush()
        return found
    agencies = list(session.scalars(select(Agency)))
    if len(agencies) == 1:
        return agencies[0]
    if not agencies:
        raise LedgerError("台账中还没有机关，请先运行 ogi ledger init --agency 机关名称")
    names = "、".join(a.name for a in agencies)
    raise LedgerError(f"台账中有多个机关，请用 --agency 指定（{names}）")


def ledger_years() -> tuple[int, int]:
    """The years a ledger date may fall in: from 2008 to next year, unless the
    ``OGI_LEDGER_YEARS`` environment variable (``2015-2030``) says otherwise. A date
    outside is a typing error (0001-01-01, 9999-12-31), not a case to count."""
    from ogi.compose.workdays import today

    value = os.environ.get(YEARS_ENV, "").strip()
    if value:
        first, _, last = value.replace("—", "-").partition("-")
        try:
            return int(first), int(last or first)
        except ValueError:
            raise LedgerError(
                f"环境变量 {YEARS_ENV}=“{value}”无效，应写成 2015-2030 的形式"
            ) from None
    return FIRST_YEAR, today().year + 1


def date_errors(values: dict[str, date | None]) -> list[str]:
    """A sentence for every date (label → value) outside the ledger's years."""
    first, last = ledger_years()
    return [
        f"{label} {d} 不在台账的合理年份范围（{first}—{last}年）内"
        for label, d in values.items()
        if d is not None and not first <= d.year <= last
    ]


NOT_A_DIGIT = "\ufffd"  # what a digit of another script becomes: no parser reads it


def plain(value: object) -> str:
    """A typed date or number in ASCII: full-width digits and punctuation, as a Chinese
    input method types them (２０２４－０２－０１, ０．５), become 2024-02-01 and 0.5.
    Every date and number of the ledger is read through here (NFKC). Digits of other
    scripts and number signs become `NOT_A_DIGIT`, so the value is refused as not a
    date or a number, with the field's usual message, never read as other digits."""
    text = str(value)
    if not text.isascii():
        text = "".join(NOT_A_DIGIT if foreign_digit(c) else c for c in text)
    return unicodedata.normalize("NFKC", text).strip()


def echo(value: object) -> str:
    """A value as quoted in a message: its first `limits.ECHO_CHARS` characters and its
    length when it is longer."""
    from ogi.limits import ECHO_CHARS

    text = str(value)
    if len(text) <= ECHO_CHARS:
        return text
    return f"{text[:ECHO_CHARS]}…（共 {len(text):,} 字符）"


def bound_error(value: float, what: str, text: object = None) -> str | None:
    """Why a count or an amount is beyond what a ledger holds (`limits.LEDGER_NUMBER`)."""
    from ogi.limits import LEDGER_NUMBER

    if math.isfinite(value) and abs(value) <= LEDGER_NUMBER.value:
        return None
    return LEDGER_NUMBER.say(what=what, text=echo(value if text is None else text))


def money_error(value: float | None, what: str = "收费金额") -> str | None:
    """Why an amount cannot be stored: not a finite number, too large, or negative."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{what}“{echo(value)}”不是有限的数"
    if value < 0:
        return f"{what}不能为负数"
    return bound_error(value, what)


def _order(errors: list[str], first: date | None, second: date | None, what: str) -> None:
    if first is not None and second is not None and second < first:
        errors.append(what)


def application_errors(app: Application) -> list[str]:
    """Everything wrong with one entry, as Chinese sentences (empty when valid)."""
    errors: list[str] = []
    if app.applicant_type not in applicant_types():
        errors.append(f"申请人类型“{echo(app.applicant_type)}”无效")
    if app.channel not in CHANNELS:
        errors.append(f"申请方式“{echo(app.channel)}”无效")
    if app.received is None:
        errors.append("缺少收到申请日期")
        return errors
    out_of_range = date_errors(
        {
            "收到申请日期": app.received,
            "答复日期": app.reply_date,
            "补正告知日期": app.correction_start,
            "收到补正日期": app.correction_end,
            "征求意见开始日期": app.consult_start,
            "征求意见结束日期": app.consult_end,
        }
    )
    if out_of_range:
        # Nothing else can be judged (or computed) on such a date.
        return errors + out_of_range
    if app.year != app.received.year:
        errors.append(f"年度 {app.year} 与收到日期 {app.received} 不一致")
    _order(errors, app.received, app.reply_date, "答复日期早于收到日期")
    _order(errors, app.received, app.correction_start, "补正告知日期早于收到日期")
    _order(errors, app.correction_start, app.correction_end, "收到补正日期早于补正告知日期")
    _order(errors, app.received, app.consult_start, "征求意见开始日期早于收到日期")
    _order(errors, app.consult_start, app.consult_end, "征求意见结束日期早于开始日期")
    if app.correction_end is not None and app.correction_start is None:
        errors.append("填写了收到补正日期，但没有补正告知日期")
    if app.consult_end is not None and app.consult_start is None:
        errors.append("填写了征求意见结束日期，但没有开始日期")
    if app.reply_date is not None and app.outcome is None:
        errors.append("已填答复日期，但没有办理结果")
    if app.outcome is not None:
        if app.reply_date is None:
            errors.append("已填办理结果，但没有答复日期")
        else:
            ed = edition_of(app.reply_date.year)
            if app.outcome not in ed.t3_outcome_leaves:
                errors.append(f"办理结果“{echo(app.outcome)}”不是{ed.name}年版格式表三的办理结果")
    days = app.extension_days or 0
    if days < 0 or days > MAX_EXTENSION:
        errors.append(f"延期工作日数 {echo(days)} 超出 0—{MAX_EXTENSION}")
    if days and not app.extended:
        errors.append("填写了延期工作日数，但未标记延期")
    fee_problem = money_error(app.fee)
    if fee_problem:
        errors.append(fee_problem)
    return errors


def unpaid(outcome: str | None) -> bool:
    """Whether the outcome is 申请人逾期未按收费通知要求缴纳费用: the fee recorded is the one
    the notice asked for, and none was collected."""
    return bool(outcome) and outcome.endswith(".fee_unpaid")  # type: ignore[union-attr]


_DEFAULTS: dict[str, object] = {
    "applicant_name": "",
    "channel": "online",
    "content": "",
    "extended": False,
    "extension_days": 0,
    "fee": 0.0,
    "notes": "",
}


def _named(what: str, number: str | None) -> str:
    """The start of a message about one entry: "申请 2024-001：", or "申请：" for an
    entry without a number yet (never "None")."""
    number = (number or "").strip()
    return f"{what} {echo(number)}：" if number else f"{what}："


def check_application(app: Application) -> None:
    """Normalise derived fields and raise `LedgerError` if the entry is invalid."""
    # Column defaults apply only at INSERT; an entry is checked before that.
    for name, empty in _DEFAULTS.items():
        if getattr(app, name) is None:
            setattr(app, name, empty)
    if app.received is not None:
        app.year = app.received.year
    if app.extended and not app.extension_days:
        app.extension_days = MAX_EXTENSION
    app.status = app.derive_status()
    errors = application_errors(app)
    # Refused on entry, yet not in `application_errors`: a ledger that already holds a
    # case without a number still counts it (the number changes no count).
    if not (app.serial_no or "").strip():
        errors.insert(0, "申请编号不能为空")
    if errors:
        raise LedgerError(f"{_named('申请', app.serial_no)}" + "；".join(errors))


def review_errors(r: Review) -> list[str]:
    errors: list[str] = []
    if r.kind not in REVIEW_KINDS:
        errors.append(f"案件类型“{r.kind}”无效（可选：{'、'.join(REVIEW_KINDS)}）")
    if r.outcome not in REVIEW_OUTCOMES:
        errors.append(f"案件结果“{r.outcome}”无效（可选：{'、'.join(REVIEW_OUTCOMES)}）")
    if r.filed is None:
        errors.append("缺少立案日期")
    errors += date_errors({"立案日期": r.filed, "审结日期": r.concluded})
    if r.outcome == "pending" and r.concluded is not None:
        errors.append("已填审结日期，结果不能是尚未审结")
    if r.outcome != "pending" and r.concluded is None:
        errors.append("已有结果，但没有审结日期")
    _order(errors, r.filed, r.concluded, "审结日期早于立案日期")
    return errors


def check_review(r: Review) -> None:
    r.case_no = r.case_no or ""
    r.notes = r.notes or ""
    r.outcome = r.outcome or "pending"
    errors = review_errors(r)
    if errors:
        raise LedgerError(
            _named("案件", r.case_no or (str(r.id) if r.id else "")) + "；".join(errors)
        )


def store_calendar(session: Session, holiday_file: str | None = None) -> WorkCalendar:
    """The official calendar, overridden by the store's `holidays` table and then by an
    office file (the file wins: it is what the office passed for this run)."""
    days = {h.day: h.workday for h in session.scalars(select(Holiday))}
    cal = WorkCalendar(days)
    if holiday_file:
        cal.update(load_holiday_file(holiday_file))
    return cal


def save_holidays(session: Session, days: dict[date, bool], name: str = "") -> int:
    """Store office calendar days (replacing the same days); how many were stored."""
    for day, workday in days.items():
        session.merge(Holiday(day=day, workday=workday, name=name))
    session.flush()
    return len(days)
