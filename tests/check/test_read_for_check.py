"""`read_for_check`: the reports a check of files and folders reads, in one process."""

from __future__ import annotations

from pathlib import Path

from ogi.extract import extract
from ogi.model import Report
from ogi.services.check import read_for_check
from tests.shared import SAMPLES


def test_folders_give_reports_then_ogi_json_and_a_stray_json_is_only_skipped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "b.html").write_bytes((SAMPLES / "示例镇-2024.html").read_bytes())
    read = extract(SAMPLES / "示例镇-2023.txt")
    (folder / "a.json").write_text(read.model_dump_json(), encoding="utf-8")
    (folder / "truth.json").write_text('{"cells": {}}', encoding="utf-8")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    skipped: list[str] = []
    got = list(read_for_check([empty, folder], skipped))
    assert len(got) == 3
    assert got[0] == (str(empty), "文件为空（0 字节）")
    # the folder's report files first, then ogi's JSON found in it
    assert isinstance(got[1], Report) and got[1].report_year == 2024
    assert isinstance(got[2], Report) and got[2].report_year == 2023
    assert got[1].source.path == str(folder / "b.html")
    assert skipped == [str(folder / "truth.json")]


def test_a_json_file_named_by_the_user_that_is_no_report_fails(tmp_path: Path) -> None:
    truth = tmp_path / "truth.json"
    truth.write_text('{"cells": {}}', encoding="utf-8")
    skipped: list[str] = []
    got = list(read_for_check([truth], skipped))
    assert skipped == []
    assert len(got) == 1 and isinstance(got[0], tuple) and got[0][0] == str(truth)
