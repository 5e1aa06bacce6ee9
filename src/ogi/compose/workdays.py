"""The statutory clock on the official Chinese working-day calendar.

Working days (R-WORKING-DAYS) exclude weekends and statutory holidays and include the
调休 make-up days; the official schedule comes from `chinese_calendar`. The office can
keep its own table of days (a YAML/CSV file, or the store's `holidays` table) that wins
over the library and covers years the library does not know yet: each year's schedule
is published only late in the year before. Without either, a year falls back to
weekends only, with a warning, because a wrong due date is better flagged than hidden.

The clock (R-REPLY-DEADLINE, R-CORRECTION, R-THIRD-PARTY):
* it counts from the day after receipt: the nth working day after receipt is the due
  date for an n-day limit (20, or 20 + the extension of at most 20);
* after a 补正 notice it stands still, and restarts in full from the day the
  correction arrives, counted again from the day after (Art. 30);
* days of a third-party or other-agency consultation, from the day the consultation
  letter goes out to the day the opinion arrives, both included, are not counted
  (Art. 32/33); while the opinion is awaited there is no due date.
"""

from __future__ import annotations

import csv
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

import chinese_calendar
import yaml

BASE_LIMIT = 20  # 《条例》第三十三条第二款
ONE_DAY = timedelta(days=1)


class CalendarWarning(UserWarning):
    """A year computed without an official schedule."""


class HolidayFileError(ValueError):
    pass


class WorkCalendar:
    """Official working days, overridden and extended by an office table."""

    def __init__(self, days: Mapping[date, bool] | None = None) -> None:
        self.days: dict[date, bool] = dict(days or {})
        self._table_years = {d.year for d in self.days}
        self._warned: set[int] = set()

    def update(self, days: Mapping[date, bool]) -> None:
        self.days.update(days)
        self._table_years |= {d.year for d in days}

    def is_workday(self, d: date) -> bool:
        if d in self.days:
            return self.days[d]
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:
            pass
        if d.year not in self._table_years and d.year not in self._warned:
            self._warned.add(d.year)
            warnings.warn(
                f"{d.year}年的法定节假日安排尚未收录，按仅扣除周末计算工作日；"
                "请在节假日表中补充该年的放假与调休安排",
                CalendarWarning,
                stacklevel=3,
            )
        return d.weekday() < 5


_DEFAULT = WorkCalendar()


def today() -> date:
    """The reference day when a command is given none: one function, so that every
    command (and a test) agrees on what "today" is."""
    return date.today()


def default_calendar() -> WorkCalendar:
    return _DEFAULT


_WORK = {"班", "上班", "工作日", "workday", "work", "1", "true"}
_OFF = {"休", "放假", "休息", "节假日", "holiday", "off", "0", "false"}


# A holiday or a stretch of 调休 lasts days, an office's own closure weeks: a range
# longer than a year is a typing error (至 9999-12-31), not a schedule.
MAX_RANGE_DAYS = 366


def _day(value: object, where: str, what: str = "日期") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        raise HolidayFileError(f"{where}：缺少{what}")
    try:
        return date.fromisoformat(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        raise HolidayFileError(f"{where}：{what}“{value}”应写成 2027-01-01 的形式") from None


def _get(row: Mapping[str, object], *keys: str) -> object:
    return next((row[k] for k in keys if row.get(k) not in (None, "")), None)


def _entries(rows: Iterable[object], name: str) -> dict[date, bool]:
    out: dict[date, bool] = {}
    for i, row in enumerate(rows, start=1):
        where = f"{name} 第{i}条"
        if not isinstance(row, Mapping):
            # quote a date or a word as written, never a Python list or repr
            shown = f"“{row}”" if isinstance(row, date | str | int | float) else ""
            raise HolidayFileError(
                f"{where}：{shown}应写成“{{日期: 2027-01-01, 类型: 休}}”（类型为 休 或 班）"
            )
        start = _day(_get(row, "日期", "date", "开始"), where)
        end = _day(_get(row, "至", "end", "结束") or start, where, "至")
        if end < start:
            raise HolidayFileError(f"{where}：至 {end} 早于日期 {start}")
        days = (end - start).days + 1
        if days > MAX_RANGE_DAYS:
            raise HolidayFileError(
                f"{where}：{start} 至 {end} 共 {days:,} 天，一条最多 {MAX_RANGE_DAYS} 天"
            )
        kind = str(_get(row, "类型", "type") or "").strip().lower()
        if kind not in _WORK | _OFF:
            raise HolidayFileError(f"{where}：类型“{kind}”应为“休”或“班”")
        for n in range(days):
            out[start + timedelta(days=n)] = kind in _WORK
    return out


def load_holiday_file(path: str | Path) -> dict[date, bool]:
    """Days from a YAML list or a CSV with the columns 日期, 至 (optional), 类型 (休/班),
    名称 (optional); a range 日期…至 sets every day in it."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise HolidayFileError(f"{p.name}：文件不存在") from None
    except (OSError, UnicodeDecodeError):
        raise HolidayFileError(f"{p.name}：无法读取，应为 UTF-8 的 YAML 或 CSV") from None
    if p.suffix.lower() == ".csv":
        return _entries(csv.DictReader(text.splitlines()), p.name)
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError:
        raise HolidayFileError(f"{p.name}：不是有效的 YAML") from None
    if isinstance(data, dict):  # {节假日: [...]} is accepted as well as a bare list
        data = next(iter(data.values()), [])
    if not isinstance(data, list):
        raise HolidayFileError(f"{p.name}：应为一个列表，每项含 日期、类型")
    return _entries(data, p.name)


# -- the clock -------------------------------------------------------------------------------
class Clocked(Protocol):
    received: date
    reply_date: date | None
    extended: bool
    extension_days: int
    correction_start: date | None
    correction_end: date | None
    consult_start: date | None
    consult_end: date | None


def add_workdays(d: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The nth working day after `d` (`d` itself is not counted)."""
    cal = calendar or _DEFAULT
    count = 0
    while count < n:
        d += ONE_DAY
        if cal.is_workday(d):
            count += 1
    return d


def workdays_between(a: date, b: date, calendar: WorkCalendar | None = None) -> int:
    """Working days after `a` up to and including `b` (0 when b <= a)."""
    cal = calendar or _DEFAULT
    count, d = 0, a
    while d < b:
        d += ONE_DAY
        if cal.is_workday(d):
            count += 1
    return count


def limit_of(app: Clocked) -> int:
    return BASE_LIMIT + ((app.extension_days or BASE_LIMIT) if app.extended else 0)


def clock_start(app: Clocked) -> date | None:
    """The day the clock counts from; None while a correction is awaited."""
    if app.correction_start is not None:
        return app.correction_end
    return app.received


def _paused(app: Clocked, d: date) -> bool:
    if app.consult_start is None or d < app.consult_start:
        return False
    return app.consult_end is None or d <= app.consult_end


def due_date(app: Clocked, calendar: WorkCalendar | None = None) -> date | None:
    """The last day to reply, or None while the clock stands still (补正 awaited or a
    consultation under way before the limit was reached)."""
    cal = calendar or _DEFAULT
    start = clock_start(app)
    if start is None:
        return None
    n, count, d = limit_of(app), 0, start
    while count < n:
        d += ONE_DAY
        if app.consult_start is not None and app.consult_end is None and d >= app.consult_start:
            return None
        if cal.is_workday(d) and not _paused(app, d):
            count += 1
    return d


def days_used(app: Clocked, upto: date, calendar: WorkCalendar | None = None) -> int | None:
    """Working days counted by the clock through `upto`; None before the clock runs."""
    cal = calendar or _DEFAULT
    start = clock_start(app)
    if start is None:
        return None
    count, d = 0, start
    while d < upto:
        d += ONE_DAY
        if cal.is_workday(d) and not _paused(app, d):
            count += 1
    return count


@dataclass(frozen=True)
class ClockStatus:
    limit: int
    due: date | None
    used: int | None  # working days counted so far (or until the reply)
    left: int | None  # negative when overdue
    overdue: bool
    state: str  # 办理中 / 待补正 / 征求意见中 / 已办结

    @property
    def label(self) -> str:
        if self.overdue:
            return "已超期" if self.state != "已办结" else "超期答复"
        return self.state


def status(app: Clocked, today: date, calendar: WorkCalendar | None = None) -> ClockStatus:
    """Where an application stands on `today` (or at its reply, once replied)."""
    due = due_date(app, calendar)
    n = limit_of(app)
    end = app.reply_date if app.reply_date is not None else today
    used = days_used(app, end, calendar)
    left = None if used is None else n - used
    if app.reply_date is not None:
        state = "已办结"
    elif clock_start(app) is None:
        state = "待补正"
    elif _paused(app, today):
        state = "征求意见中"
    else:
        state = "办理中"
    overdue = due is not None and end > due
    return ClockStatus(n, due, used, left, overdue, state)
