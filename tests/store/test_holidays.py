"""The office's holiday table kept in the store, and used by the clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ogi.compose.workdays import add_workdays, load_holiday_file
from ogi.store import Holiday, open_store
from ogi.store.ledger import save_holidays, store_calendar


def test_store_table_and_file(tmp_path: Path, db_url: str) -> None:
    store = open_store(db_url)
    with store.session() as s:
        # A local day off on Tue 5 Mar 2024 moves the Spring Festival due date a day.
        assert save_holidays(s, {date(2024, 3, 5): False}, "本地假日") == 1
    with store.session() as s:
        assert s.get(Holiday, date(2024, 3, 5)).name == "本地假日"  # type: ignore[union-attr]
        cal = store_calendar(s)
        assert add_workdays(date(2024, 2, 1), 20, cal) == date(2024, 3, 6)
        f = tmp_path / "h.csv"
        f.write_text("日期,类型\n2024-03-05,班\n", encoding="utf-8")
        # The file passed for this run wins over the stored table.
        assert add_workdays(date(2024, 2, 1), 20, store_calendar(s, str(f))) == date(2024, 3, 5)
        assert load_holiday_file(f) == {date(2024, 3, 5): True}
    with store.session() as s:
        save_holidays(s, {date(2024, 3, 5): True})
    with store.session() as s:
        assert s.get(Holiday, date(2024, 3, 5)).workday is True  # type: ignore[union-attr]


def test_unreadable_holiday_files_are_named(tmp_path: Path) -> None:
    import pytest

    from ogi.compose.workdays import HolidayFileError

    with pytest.raises(HolidayFileError, match=r"^无.yaml：文件不存在$"):
        load_holiday_file(tmp_path / "无.yaml")
    bad = tmp_path / "坏.yaml"
    bad.write_text("- 日期: [2024\n", encoding="utf-8")
    with pytest.raises(HolidayFileError, match=r"^坏.yaml：不是有效的 YAML$"):
        load_holiday_file(bad)
    gbk = tmp_path / "g.csv"
    gbk.write_bytes("日期,类型\n2024-03-05,班\n".encode("gbk"))
    with pytest.raises(HolidayFileError, match=r"^g.csv：无法读取，应为 UTF-8 的 YAML 或 CSV$"):
        load_holiday_file(gbk)
