"""The corpus, an agency's years, two reports compared and the analysis, at the HTTP
level, over the bundled samples uploaded as published reports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from ogi.store.models import ReportRecord
from ogi.web import create_app
from tests.web.helpers import add_user, login, publish, sample_files, token


@pytest.fixture
def corpus(app: FastAPI, client: TestClient) -> dict[str, int]:
    """The five samples in the public corpus; file name → report id."""
    add_user(app, "admin", "admin")
    login(client, "admin")
    publish(client, app, [(p.name, p.read_bytes()) for p in sample_files()])
    assert "已接收 5 个文件，正在后台读取和核查" in client.get("/corpus").text
    with app.state.store.session() as s:
        return {row.source_path: row.id for row in s.query(ReportRecord)}


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_corpus_table(client: TestClient, corpus: dict[str, int]) -> None:
    # the 2024 report's four forms are sources of one report, shown once: its primary,
    # the DOCX (most structured of four equally full readings)
    page = client.get("/corpus").text
    assert "共 2 份报告" in page
    docx, txt = corpus["示例镇-2024.docx"], corpus["示例镇-2024.txt"]
    assert f'<a href="/reports/{docx}">2024</a>' in page
    assert f'<a href="/reports/{txt}">2024</a>' not in page
    # A figure links to the cells it was computed from.
    assert f'href="/reports/{docx}?cells=t3.new_received.total">12</a>' in page
    assert (
        f'href="/reports/{docx}?cells=t3.results.granted.total%2Ct3.results.partially_granted'
        f'.total%2Ct3.results.total.total">53.8%</a>'
    ) in page
    # every source on request: the text file, whose totals row is misprinted, among them
    every = client.get("/corpus?sources=all").text
    assert "共 5 份报告" in every and 'name="sources" value="all" checked' in every
    assert (
        f'href="/reports/{txt}?cells=t3.results.granted.total%2Ct3.results.partially_granted'
        f'.total%2Ct3.results.total.total">58.3%</a>'
    ) in every
    only_2023 = client.get("/corpus?year=2023").text
    assert "共 1 份报告" in only_2023
    assert (
        f'href="/reports/{corpus["示例镇-2023.txt"]}?cells=t3.new_received.total">8</a>'
        in only_2023
    )
    # the errors and the misprinted label are in sources that are not the primary
    assert "没有符合条件的报告" in client.get("/corpus?status=errors").text
    assert "共 1 份报告" in client.get("/corpus?status=errors&sources=all").text
    labelled = client.get("/corpus?rule=S-LABELS&sources=all").text
    assert "共 1 份报告" in labelled and f'href="/reports/{corpus["示例镇-2024.md"]}"' in labelled
    # Sorted by applications received, smallest first: the 2023 report leads.
    rows = re.findall(
        r'<a href="/reports/(\d+)">(\d{4})</a>', client.get("/corpus?sort=received").text
    )
    assert [y for _, y in rows] == ["2023", "2024"]
    rows = re.findall(
        r'<a href="/reports/(\d+)">(\d{4})</a>',
        client.get("/corpus?sort=received&sources=all").text,
    )
    assert rows[0][1] == "2023" and [y for _, y in rows[1:]] == ["2024"] * 4
    rows = re.findall(
        r'<a href="/reports/(\d+)">(\d{4})</a>', client.get("/corpus?sort=received&desc=1").text
    )
    assert rows[-1][1] == "2023"
    grounds = client.get("/corpus?detail=grounds").text
    assert "保护第三方合法权益" in grounds and "属于国家秘密" in grounds
    nothing = client.get("/corpus?q=无此机关").text
    assert "没有符合条件的报告" in nothing


def test_corpus_downloads(client: TestClient, corpus: dict[str, int]) -> None:
    rows = _csv(client.get("/corpus.csv?year=2023"))
    assert len(rows) == 1
    row = rows[0]
    assert row["机关"] == "示例镇人民政府" and row["年度"] == "2023"
    expected = {
        "本年新收政府信息公开申请数量": "8",
        "上年结转政府信息公开申请数量": "1",
        "予以公开": "4",
        "部分公开": "1",
        "不予公开": "0",
        "无法提供": "2",
        "本年度办理结果总计": "7",
        "结转下年度继续办理": "2",
        "行政复议": "0",
    }
    assert {k: row[k] for k in expected} == expected
    assert float(row["公开率（予以公开与部分公开占办理结果总计）"]) == pytest.approx(5 / 7)
    assert row["复议诉讼纠错率（结果纠正占复议诉讼总计）"] == ""  # no cases: no share
    wb = load_workbook(io.BytesIO(client.get("/corpus.xlsx").content))
    assert wb.active.max_row == 1 + 2  # a header, one row an agency-year
    wb = load_workbook(io.BytesIO(client.get("/corpus.xlsx?sources=all").content))
    assert wb.active.max_row == 1 + 5


def test_agency_page(client: TestClient, corpus: dict[str, int]) -> None:
    page = client.get("/agency?name=示例镇人民政府").text
    assert "另有同年度文件 3 个" in page
    assert '<span class="delta-up">+4（+50%）</span>' in page  # received 8 → 12
    assert '<span class="delta-down">-1（-50%）</span>' in page  # carried forward 2 → 1
    primary_2024 = corpus["示例镇-2024.docx"]
    assert f'href="/compare?a={corpus["示例镇-2023.txt"]}&amp;b={primary_2024}"' in page
    rows = {r["指标"]: r for r in _csv(client.get("/agency.csv?name=示例镇人民政府"))}
    received = rows["本年新收政府信息公开申请数量"]
    assert (received["2023年"], received["2024年"], received["2024年比上年增减"]) == (
        "8",
        "12",
        "4",
    )
    assert received["2024年比上年增减（%）"] == "50.0"


def test_two_reports_compared(client: TestClient, corpus: dict[str, int]) -> None:
    a, b = corpus["示例镇-2023.txt"], corpus["示例镇-2024.txt"]
    page = client.get(f"/compare?a={a}&b={b}").text
    assert re.search(
        r'<td class="value diff" data-path="t3.new_received.total"><span class="a">8</span>'
        r'<span class="b">12</span></td>',
        page,
    )
    assert '<td class="value" data-path="t4.review.corrected">0</td>' in page
    assert (
        '<mark class="copied">本年度，示例镇人民政府未收取政府信息公开信息处理费。</mark>' in page
    )
    # Checkboxes of the corpus table send ids=…&ids=…
    assert client.get(f"/compare?ids={a}&ids={b}").text == page
    rows = _csv(client.get(f"/compare.csv?a={a}&b={b}"))
    cell = next(r for r in rows if r["单元格"] == "t3.new_received.total")
    assert (cell["报告A"], cell["报告B"], cell["不同"]) == ("8", "12", "是")
    same = next(r for r in rows if r["单元格"] == "t4.review.corrected")
    assert same["不同"] == ""
    other = next(r for r in rows if r["单元格"] == "六、其他需要报告的事项")
    assert other["不同"].startswith("文字重合 ")


def test_analysis(client: TestClient, corpus: dict[str, int]) -> None:
    page = client.get("/analysis").text
    # the 2024 report counted once, though stored as four files
    assert "<title>2024年 予以公开：6</title>" in page
    assert "<title>2023年 予以公开：4</title>" in page
    assert 'href="/corpus?year=2024&amp;sort=granted&amp;desc=1"' in page
    # its primary carries the disagreements of its sources
    assert '<a href="/corpus?rule=X-SOURCES-DIFFER">X-SOURCES-DIFFER</a>' in page
    # only the text file's misprinted total fails T3-RESULTS-SUM (the rule list of the
    # filter still offers it)
    assert 'href="/corpus?rule=T3-RESULTS-SUM' not in page
    assert "1 / 1（100.0%）" in page
    rows = _csv(client.get("/analysis/outcomes.csv"))
    assert [(r["年度"], r["报告数"], r["予以公开"], r["无法提供"]) for r in rows] == [
        ("2023", "1", "4", "2"),
        ("2024", "1", "6", "3"),
    ]
    grounds = _csv(client.get("/analysis/grounds.csv"))
    assert [r["保护第三方合法权益"] for r in grounds] == ["0", "1"]
    # every source on request: then each of the four files counts
    every = _csv(client.get("/analysis/outcomes.csv?sources=all"))
    assert [(r["年度"], r["报告数"], r["予以公开"]) for r in every] == [
        ("2023", "1", "4"),
        ("2024", "4", "24"),
    ]
    rules = _csv(client.get("/analysis/rules.csv?sources=all"))
    assert {r["规则"]: r["2024年未通过报告数"] for r in rules}["T3-BALANCE"] == "1"
    all_page = client.get("/analysis?sources=all").text
    assert '<a href="/corpus?rule=T3-RESULTS-SUM&amp;sources=all">T3-RESULTS-SUM</a>' in all_page
    wb = load_workbook(io.BytesIO(client.get("/analysis/regions.xlsx").content))
    assert [c.value for c in wb.active[2]] == ["（未知）", 0, 1, 0, 1]
    wb = load_workbook(io.BytesIO(client.get("/analysis/regions.xlsx?sources=all").content))
    assert [c.value for c in wb.active[2]] == ["（未知）", 0, 1, 1, 4]
    assert client.get("/analysis/nothing.csv").status_code == 404


def test_visitor_reads_published_reports(
    app: FastAPI, client: TestClient, corpus: dict[str, int]
) -> None:
    client.post("/admin/settings", data={"public": "1", "csrf_token": token(client, "/admin")})
    client.cookies.clear()
    assert "共 2 份报告" in client.get("/corpus").text
    page = client.get(f"/reports/{corpus['示例镇-2024.txt']}").text
    assert 'id="c-t3-results-total-natural_person"' in page
    assert "审核决定" not in page and '<form method="post" action="/uploads' not in page
    assert client.get(f"/reports/{corpus['示例镇-2024.txt']}/original").status_code == 200
    assert client.get("/analysis").status_code == 200


def test_reports_ingested_from_the_command_line_are_indexed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ogi.services.corpus import ingest
    from ogi.store import open_store

    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    store = open_store(url)
    assert ingest(store, sample_files(), jobs=1).added == 5
    store.close()
    app = create_app(url, worker=False)
    add_user(app, "view", "viewer")
    with TestClient(app) as c:
        assert app.state.worker.drain() == 0  # ingest checked and indexed them already
        login(c, "view")
        page = c.get("/corpus").text
        every = c.get("/corpus?sources=all").text
    # the 2024 report's four forms are sources of one report: counted once, unless every
    # source is asked for
    assert "共 2 份报告" in page and "共 5 份报告" in every
    app.state.store.close()


@pytest.mark.parametrize("how", ["ingest", "upload"])
def test_an_agency_is_named_as_the_store_names_it(tmp_path, how: str) -> None:  # type: ignore[no-untyped-def]
    # a report signed 示例县科委: ingest and the corpus upload identify the agency as
    # 示例县科学技术委员会, and every page lists and finds it by that name, as ogi export
    # and ogi stats do
    from ogi.services.corpus import ingest
    from ogi.store import open_store
    from ogi.store.review import ReportIndex
    from tests.shared import SAMPLES

    text = (SAMPLES / "示例镇-2023.txt").read_text("utf-8").replace("示例镇人民政府", "示例县科委")
    f = tmp_path / "科委-2023.txt"
    f.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    if how == "ingest":
        store = open_store(url)
        assert ingest(store, [f], jobs=1).added == 1
        store.close()
    app = create_app(url, worker=False)
    add_user(app, "admin", "admin")
    with TestClient(app) as c:
        login(c, "admin")
        if how == "upload":
            publish(c, app, [(f.name, f.read_bytes())])
        with app.state.store.session() as s:
            rows = [(r.agency, r.year) for r in s.query(ReportIndex)]
        assert rows == [("示例县科学技术委员会", 2023)]
        page = c.get("/corpus").text
        assert "示例县科学技术委员会" in page and "示例县科委" not in page
        assert "共 1 份报告" in c.get("/corpus?q=示例县科学技术委员会").text
        assert c.get("/agency?name=示例县科学技术委员会").status_code == 200
    app.state.store.close()
