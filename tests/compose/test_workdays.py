"""Due dates on the official calendar, worked out by hand from the State Council's
holiday schedules (2023: 国办发明电〔2022〕16号; 2024: 国办发明电〔2023〕7号)."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from ogi.compose.workdays import (
    CalendarWarning,
    HolidayFileError,
    WorkCalendar,
    add_workdays,
    days_used,
    due_date,
    load_holiday_file,
    status,
    workdays_between,
)


def app(received: date, **kw: object) -> SimpleNamespace:
    base: dict[str, object] = {
        "received": received,
        "reply_date": None,
        "extended": False,
        "extension_days": 0,
        "correction_start": None,
        "correction_end": None,
        "consult_start": None,
        "consult_end": None,
    }
    base.update(kw)
    return SimpleNamespace(**base)


def test_spring_festival_2024() -> None:
    # Received Thu 1 Feb. Counted days: 2/2 (1), Sun 2/4 make-up (2), 2/5–2/9 (3–7);
    # 2/10–2/17 off; Sun 2/18 make-up (8), 2/19–2/23 (9–13), 2/26–3/1 (14–18),
    # 3/4 (19), 3/5 (20).
    assert due_date(app(date(2024, 2, 1))) == date(2024, 3, 5)
    assert add_workdays(date(2024, 2, 1), 2) == date(2024, 2, 4)
    assert add_workdays(date(2024, 2, 9), 1) == date(2024, 2, 18)


def test_national_day_2023() -> None:
    # Received Wed 27 Sep. 9/28 (1); 9/29–10/6 off; Sat 10/7 (2) and Sun 10/8 (3) are
    # working days; 10/9–10/13 (4–8), 10/16–20 (9–13), 10/23–27 (14–18), 10/30 (19),
    # 10/31 (20).
    assert due_date(app(date(2023, 9, 27))) == date(2023, 10, 31)
    assert add_workdays(date(2023, 9, 28), 1) == date(2023, 10, 7)
    assert workdays_between(date(2023, 9, 28), date(2023, 10, 8)) == 2


def test_extension_adds_twenty_more() -> None:
    # From the 20th day, 3/5: 3/6–3/8 (23), 3/11–15 (28), 3/18–22 (33), 3/25–29 (38),
    # 4/1 (39), 4/2 (40) — before the Qingming break of 4/4–4/6.
    extended = app(date(2024, 2, 1), extended=True, extension_days=20)
    assert due_date(extended) == date(2024, 4, 2)
    shorter = app(date(2024, 2, 1), extended=True, extension_days=5)
    assert due_date(shorter) == date(2024, 3, 12)


def test_correction_restarts_the_clock() -> None:
    # Correction received Mon 11 Mar: 3/12–15 (4), 3/18–22 (9), 3/25–29 (14),
    # 4/1–4/3 (17); 4/4–4/6 Qingming off; Sun 4/7 make-up (18), 4/8 (19), 4/9 (20).
    a = app(date(2024, 3, 1), correction_start=date(2024, 3, 5), correction_end=date(2024, 3, 11))
    assert due_date(a) == date(2024, 4, 9)
    waiting = app(date(2024, 3, 1), correction_start=date(2024, 3, 5))
    assert due_date(waiting) is None
    assert status(waiting, date(2024, 3, 20)).state == "待补正"


def test_third_party_consultation_is_not_counted() -> None:
    # Received Mon 3 Jun: 6/4 (1); consultation 6/5–6/14 not counted (6/10 is the Dragon
    # Boat holiday anyway); 6/17–21 (6), 6/24–28 (11), 7/1–5 (16), 7/8–7/11 (20).
    a = app(date(2024, 6, 3), consult_start=date(2024, 6, 5), consult_end=date(2024, 6, 14))
    assert due_date(a) == date(2024, 7, 11)
    waiting = app(date(2024, 6, 3), consult_start=date(2024, 6, 5))
    assert due_date(waiting) is None
    st = status(waiting, date(2024, 6, 20))
    assert (st.state, st.used, st.overdue) == ("征求意见中", 1, False)


def test_status_days_used_left_and_overdue() -> None:
    a = app(date(2024, 2, 1))
    st = status(a, date(2024, 3, 5))
    assert (st.due, st.used, st.left, st.overdue) == (date(2024, 3, 5), 20, 0, False)
    st = status(a, date(2024, 3, 6))
    assert (st.used, st.left, st.overdue, st.label) == (21, -1, True, "已超期")
    replied = app(date(2024, 2, 1), reply_date=date(2024, 2, 18))
    st = status(replied, date(2024, 12, 31))
    assert (st.used, st.left, st.overdue, st.state) == (8, 12, False, "已办结")
    assert days_used(replied, date(2024, 2, 1)) == 0


def test_office_table_overrides_and_extends(tmp_path: Path) -> None:
    f = tmp_path / "节假日.yaml"
    f.write_text(
        "- {日期: 2027-01-01, 至: 2027-01-03, 类型: 休, 名称: 元旦}\n"
        "- {日期: 2027-01-04, 类型: 休, 名称: 假想的补休}\n"
        "- {日期: 2027-01-09, 类型: 班, 名称: 调休上班}\n",
        encoding="utf-8",
    )
    cal = WorkCalendar(load_holiday_file(f))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a year the table covers must not warn
        # 2026-12-31 Thu; 1/1–1/4 off; 1/5–1/8 (4), Sat 1/9 (5).
        assert add_workdays(date(2026, 12, 31), 5, cal) == date(2027, 1, 9)
    csv_file = tmp_path / "节假日.csv"
    csv_file.write_text("日期,类型,名称\n2024-03-05,休,本地假日\n", encoding="utf-8")
    local = WorkCalendar(load_holiday_file(csv_file))
    assert due_date(app(date(2024, 2, 1)), local) == date(2024, 3, 6)


def test_unknown_year_falls_back_to_weekends_with_a_warning() -> None:
    cal = WorkCalendar()
    with pytest.warns(CalendarWarning, match="2031年的法定节假日安排尚未收录"):
        # Wed 1 Jan 2031 counts as a working day without a schedule.
        assert add_workdays(date(2030, 12, 31), 1, cal) == date(2031, 1, 1)


def test_bad_holiday_file(tmp_path: Path) -> None:
    f = tmp_path / "h.csv"
    f.write_text("日期,类型\n2027-01-01,放风\n", encoding="utf-8")
    with pytest.raises(HolidayFileError) as e:
        load_holiday_file(f)
    assert str(e.value) == "h.csv 第1条：类型“放风”应为“休”或“班”"
