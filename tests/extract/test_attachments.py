"""A web page whose report is in the file it links to (详见附件) says so, naming the
files, instead of only "not a report"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ogi.blocks import ReadError
from ogi.extract import extract
from tests.shared import SAMPLES

LINKS = (
    '<p>附件：<a href="/up/P0201.pdf">示例镇人民政府2024年政府信息公开工作年度报告</a>'
    '<a href="/up/P0202.doc">下载</a></p>'
)


def test_a_page_that_only_links_its_report_names_the_files(tmp_path: Path) -> None:
    page = tmp_path / "详见附件.html"
    page.write_text(
        "<html><head><title>示例镇人民政府2024年政府信息公开工作年度报告</title></head><body>"
        f"<h1>示例镇人民政府2024年政府信息公开工作年度报告</h1><p>详见附件。</p>{LINKS}"
        "</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ReadError) as e:
        extract(page)
    assert str(e.value) == (
        "没有找到年度报告的表格或章节；网页附有文件：示例镇人民政府2024年政府信息公开工作年度报告、"
        "P0202.doc，报告可能在附件中，请下载附件后读取"
    )


def test_a_report_page_whose_tables_are_attached_says_where_they_may_be(tmp_path: Path) -> None:
    html = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    without_tables = re.sub(r"<table.*?</table>", "", html, flags=re.S)
    page = tmp_path / "正文.html"
    page.write_text(without_tables.replace("</body>", LINKS + "</body>"), encoding="utf-8")
    r = extract(page)
    assert r.cells == {}
    assert (
        "网页中没有统计表格；网页附有文件：示例镇人民政府2024年政府信息公开工作年度报告、"
        "P0202.doc，表格可能在附件中" in r.problems
    )


def test_a_report_page_with_its_tables_and_an_attachment_is_not_told_to_look_there(
    tmp_path: Path,
) -> None:
    html = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    page = tmp_path / "全文.html"
    page.write_text(html.replace("</body>", LINKS + "</body>"), encoding="utf-8")
    r = extract(page)
    assert len(r.cells) == 200
    assert not [p for p in r.problems if "附件" in p]
