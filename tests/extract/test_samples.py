"""The bundled samples read to the values recorded when they were written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ogi.extract import extract
from ogi.model import Report
from ogi.render import render_html, render_markdown, render_text
from tests.extract.phenomena import to_pdf_chromium
from tests.shared import SAMPLES, truth

SAMPLE_TRUTH = truth(SAMPLES / "truth.jsonl")


@pytest.mark.parametrize("t", SAMPLE_TRUTH, ids=lambda t: t["file"])
def test_sample_extracts_to_truth(t: dict) -> None:
    r = extract(SAMPLES / t["file"])
    assert r.cells == t["cells"]
    assert r.report_year == t["report_year"]
    assert r.agency == t["agency"]
    assert r.edition == t["edition"]
    assert [s.key for s in r.sections] == [
        "overview",
        "proactive_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]


@pytest.mark.parametrize("spacing", ["6px", "10px", "8px 3px"])
def test_sample_page_with_cells_spaced_apart_prints_and_reads(spacing: str, tmp_path: Path) -> None:
    """The sample web page with its tables' cells drawn apart (border-spacing) and the
    table's own border around them, printed by Chromium: every table is read as a
    table, the rows cut by the pages included, to the sample's values and with nothing
    to report."""
    [t] = [t for t in SAMPLE_TRUTH if t["file"] == "示例镇-2024.html"]
    page = (SAMPLES / t["file"]).read_text(encoding="utf-8")
    style = f"table{{border-collapse:separate;border-spacing:{spacing};border:1px solid #000}}"
    html = tmp_path / "spaced.html"
    html.write_text(page.replace("</style>", style + "\n</style>"), encoding="utf-8")
    r = extract(to_pdf_chromium(html))
    assert r.cells == t["cells"]
    assert r.problems == []


def test_sample_typo_is_kept_as_printed() -> None:
    r = extract(SAMPLES / "示例镇-2024.md")
    assert r.labels["t3.results.withheld.security_stability"] == "危机“三安全一稳定”"


# What the samples' author wrote in the parts that hold a table, typed again here: the
# table's header cells are the table's, not text of the part.
PART_TEXTS = {
    "示例镇-2024.txt": {
        "proactive_disclosure": "本年度主动公开政府信息的有关数据如下。",
        "applications": "本年度新收政府信息公开申请12件，上年结转2件；"
        "办结13件，结转下年度继续办理1件。",
        "review_litigation": "本年度因政府信息公开工作被申请行政复议1件，"
        "复议机关维持了原答复；未发生行政诉讼。",
    },
    "示例镇-2023.txt": {
        "proactive_disclosure": "本年度主动公开政府信息的有关数据如下。",
        "applications": "本年度新收政府信息公开申请8件，上年结转1件；"
        "办结7件，结转下年度继续办理2件。",
        "review_litigation": "本年度未发生因政府信息公开工作引起的行政复议和行政诉讼。",
    },
}


@pytest.mark.parametrize("name", list(PART_TEXTS))
def test_table_headers_are_not_text_of_their_part(name: str) -> None:
    r = extract(SAMPLES / name)
    assert {s.key: s.text for s in r.sections if s.key in PART_TEXTS[name]} == PART_TEXTS[name]


@pytest.mark.parametrize("render", [render_text, render_html, render_markdown])
def test_a_read_sample_prints_each_header_once(render: Callable[[Report], str]) -> None:
    printed = render(extract(SAMPLES / "示例镇-2024.txt"))
    assert printed.count("第二十条第（一）项") == 1
    assert printed.count("申请人情况") == 1
    assert printed.count("未经复议直接起诉") == 1
