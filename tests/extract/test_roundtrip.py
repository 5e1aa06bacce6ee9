"""Each seed rendered into other forms reads back to the same values."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.extract import extract
from ogi.format import edition
from ogi.model import Report, Section, Source
from ogi.render import render_docx, render_html, render_markdown, render_text
from tests.shared import SHARED, need_shared, truth


def _report(t: dict) -> Report:
    return Report(
        source=Source(path=t["file"], sha256="", form="txt"),
        report_year=t["report_year"],
        agency=t["agency"] or "示例镇人民政府",
        table_editions=t["table_editions"],
        cells=t["cells"],
        sections=[
            Section(key=s.key, ordinal=s.ordinal, title=s.title, text="本部分的说明文字。")
            for s in edition("2021").sections
        ],
    )


def _seeds() -> list[dict]:
    path = SHARED / "seeds" / "truth.jsonl"
    return truth(path) if path.exists() else [{"file": "absent"}]


def _write(report: Report, form: str, path: Path) -> Path:
    if form == "html":
        path.write_text(render_html(report), encoding="utf-8")
    elif form == "docx":
        render_docx(report, path)
    elif form == "md":
        path.write_text(render_markdown(report), encoding="utf-8")
    else:
        path.write_text(render_text(report), encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["html", "docx", "md", "txt"])
@pytest.mark.parametrize("t", _seeds(), ids=lambda t: t["file"][:3])
def test_rendered_seed_reads_back(t: dict, form: str, tmp_path: Path) -> None:
    need_shared()
    path = _write(_report(t), form, tmp_path / f"report.{form}")
    r = extract(path)
    assert r.source.form == form
    assert r.cells == t["cells"]
    assert r.table_editions == t["table_editions"]
    assert [s.key for s in r.sections] == [s.key for s in edition("2021").sections]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encoded_seed_reads_the_same(encoding: str, tmp_path: Path) -> None:
    shared = need_shared()
    src = shared / "seeds" / "004_138be65b98b13b66.txt"
    text = src.read_text(encoding="utf-8")
    copy = tmp_path / "004.txt"
    if encoding.startswith("gb"):
        text = text.replace("\xa0", " ")  # GBK has no no-break space; a GBK file has a space
    copy.write_bytes(text.encode(encoding))
    assert extract(copy).cells == extract(src).cells


def test_html_table_has_real_spans(tmp_path: Path) -> None:
    need_shared()
    t = next(x for x in _seeds() if x["file"].startswith("002"))
    html = render_html(_report(t))
    assert 'rowspan="22"' in html and 'colspan="5"' in html
