"""Each seed rendered into other forms reads back to the same values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ogi.extract import extract
from ogi.format import edition
from ogi.model import RawCell, Report, Section, Source
from ogi.render import render_docx, render_html, render_markdown, render_text
from tests.shared import SAMPLES, SHARED, need_shared, truth


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


# ---------------------------------------------------------------------------------------
# The sample report with numbers in its text, rendered in every form and read back. The
# values are also checked against literals, as printed in the rendered file and as read,
# so renderer and reader cannot agree on a wrong cell.

NARRATIVE = {
    "overview": "2024年，本机关主动公开政府信息312条，受理政府信息公开申请12件，办结率100%。",
    "proactive_disclosure": "2024年，本机关主动公开政府信息312条，其中行政规范性文件1件。",
    "applications": "2024年，本机关共收到政府信息公开申请12件，其中自然人申请10件，"
    "结转下年度继续办理1件。",
    "review_litigation": "2024年，本机关因政府信息公开引发行政复议1件、行政诉讼0件，"
    "与上年相比减少2件。",
    "problems_improvements": "一是公开内容还不够丰富；二是队伍能力有待提升。2024年将组织培训3次。",
    "other_matters": "本机关2024年收取信息处理费0元。办理人大代表建议5件、政协提案3件。",
}
# samples/示例镇-2024.txt as its author typed it
TOTAL_ROW = ["10", "1", "0", "0", "1", "0", "12"]  # （七）总计
LITERAL = {
    "t2.art20_5.licensing.decisions": 46,
    "t2.art20_6.penalty.decisions": 18,
    "t3.new_received.natural_person": 10,
    "t3.results.total.total": 12,
    "t3.carried_forward.total": 1,
    "t4.review.upheld": 1,
    "t4.review.total": 1,
    "t4.litigation.direct.total": 0,
}


def _printed_row(path: Path, form: str, label: str) -> list[str]:
    """The cells printed after `label` in a rendered file, read without ogi."""
    if form == "txt":
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.split("\t")]
            if cells[0] == label:
                return cells[1:]
    if form == "md":
        line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if label in ln)
        cells = [c.strip() for c in line.strip("|").split("|")]
        return [c for c in cells[cells.index(label) + 1 :] if c]
    if form == "html":
        import lxml.html

        root = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        td = next(td for td in root.iter("td", "th") if td.text_content().strip() == label)
        return [x.text_content().strip() for x in td.itersiblings() if x.tag in ("td", "th")]
    from docx import Document

    for table in Document(str(path)).tables:
        for row in table.rows:
            tcs = []
            for c in row.cells:  # a merged cell comes back once per grid column
                if not tcs or tcs[-1]._tc is not c._tc:
                    tcs.append(c)
            texts = [c.text.strip() for c in tcs]
            if label in texts:
                return texts[texts.index(label) + 1 :]
    raise AssertionError(label)


def _narrated(tmp_path: Path) -> Report:
    r = extract(SAMPLES / "示例镇-2024.txt")
    for s in r.sections:
        s.text = NARRATIVE.get(s.key or "", s.text)
    return r


@pytest.mark.parametrize("form", ["html", "docx", "md", "txt"])
def test_report_with_numbers_in_every_part_reads_back(form: str, tmp_path: Path) -> None:
    src = _narrated(tmp_path)
    path = _write(src, form, tmp_path / f"report.{form}")
    assert _printed_row(path, form, "（七）总计") == TOTAL_ROW
    r = extract(path)
    assert {k: r.cells[k] for k in LITERAL} == LITERAL
    assert r.cells == src.cells
    assert [p for p in r.problems if p.path] == []


def test_report_with_numbers_in_every_part_reads_back_from_pdf(tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    from ogi.render.pdf import render_pdf

    src = _narrated(tmp_path)
    path = tmp_path / "report.pdf"
    render_pdf(src, path)
    r = extract(path)
    assert {k: r.cells[k] for k in LITERAL} == LITERAL
    assert r.cells == src.cells


# ---------------------------------------------------------------------------------------
# Plain text read back exactly: every value, empty cells as empty, text in cells, the
# metadata and the text of every part.
SAME = ("report_year", "agency", "title", "edition", "table_editions", "cells", "metadata")


def _same_report(got: Report, src: Report) -> None:
    for name in SAME:
        assert getattr(got, name) == getattr(src, name), name
    assert sorted((c.path, c.text) for c in got.raw) == sorted((c.path, c.text) for c in src.raw)
    assert [(s.key, s.ordinal, s.title, s.text) for s in got.sections] == [
        (s.key, s.ordinal, s.title, s.text) for s in src.sections
    ]
    assert [p for p in got.problems if p.path] == []


@pytest.mark.parametrize("name", ["示例镇-2024.txt", "示例镇-2023.txt"])
def test_sample_rendered_as_text_reads_back_the_same(name: str, tmp_path: Path) -> None:
    src = extract(SAMPLES / name)
    got = extract(_write(src, "txt", tmp_path / "r.txt"))
    _same_report(got, src)
    assert got.published == src.published


def _edge(name: str, year: int, cells: dict[str, object], raw: dict[str, str]) -> Report:
    ed = edition(name)
    return Report(
        source=Source(path="r.txt", sha256="", form="txt"),
        report_year=year,
        agency="示例镇人民政府",
        title=f"示例镇人民政府{year}年政府信息公开工作年度报告",
        edition=name,  # type: ignore[arg-type]
        table_editions={"t2": name, "t3": name},
        metadata={"index_number": f"000000000/{year + 1}-00007", "written": f"{year + 1}-01-15"},
        cells={**cells, **dict.fromkeys(raw)},  # type: ignore[arg-type]
        raw=[RawCell(path=p, text=t) for p, t in raw.items()],
        sections=[
            Section(key=s.key, ordinal=s.ordinal, title=s.title, text=f"示例镇{s.title}的说明。")
            for s in ed.sections
        ],
    )


def _edge_reports() -> dict[str, Report]:
    out: dict[str, Report] = {}
    for name, year in (("2021", 2024), ("2019", 2020)):
        paths = edition(name).cell_paths()
        out[f"{name}-empty"] = _edge(name, year, dict.fromkeys(paths), {})
        # every third cell empty, the others big; a fee or an amount with decimals
        big: dict[str, object] = {
            p: None if i % 3 == 0 else i * 1000003 for i, p in enumerate(paths)
        }
        big.update({p: 12.5 for p in paths if p.endswith(("fee_amount", "procurement_amount"))})
        out[f"{name}-big"] = _edge(name, year, big, {})
        # zeros; table 三's first and last column empty; table 四's first value empty;
        # 2019's change column signed; text kept as printed in two cells
        zeros: dict[str, object] = {p: 0 for p in paths}
        for p in paths:
            if p.startswith("t3.") and p.endswith((".natural_person", ".total")):
                zeros[p] = None
            if p.endswith(".change"):
                zeros[p] = -3
        zeros["t4.review.upheld"] = None
        out[f"{name}-zeros"] = _edge(
            name, year, zeros, {"t3.carried_over.other_org": "/", "t4.review.corrected": "无"}
        )
    return out


EDGES = _edge_reports()


@pytest.mark.parametrize("key", list(EDGES))
def test_edge_cases_rendered_as_text_read_back_exactly(key: str, tmp_path: Path) -> None:
    src = EDGES[key]
    got = extract(_write(src, "txt", tmp_path / "r.txt"))
    _same_report(got, src)
