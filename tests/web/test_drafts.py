"""Files uploaded to a review batch are drafts under review: they stay out of every
corpus view, statistic and export (web and command line, SQLite and PostgreSQL), and
only those who may see their batch open them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ogi.cli import app as cli
from ogi.services.accounts import create_user
from ogi.store.review import Upload
from ogi.web import create_app
from tests.shared import SAMPLES
from tests.web.helpers import (
    PASSWORD,
    corrected_txt,
    login,
    new_batch,
    publish,
    token,
    upload,
    with_overview_line,
)

runner = CliRunner()


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def site(db_url: str) -> Iterator[tuple[FastAPI, TestClient, dict[str, int]]]:
    """示例镇人民政府's 2023 and 2024 reports published; a 示例县 batch holding a draft of
    each year. Report ids by name: pub2023, pub2024, draft2023, draft2024."""
    application = create_app(db_url, worker=False)
    with application.state.store.session() as s:
        create_user(s, "admin", PASSWORD, "admin")
        create_user(s, "viewer", PASSWORD, "viewer")
        create_user(s, "sup", PASSWORD, "supervisor", "示例县")
        create_user(s, "other", PASSWORD, "supervisor", "别的县")
    with TestClient(application) as client:
        login(client, "admin")
        publish(
            client,
            application,
            [(n, (SAMPLES / n).read_bytes()) for n in ("示例镇-2023.txt", "示例镇-2024.docx")],
        )
        with application.state.store.session() as s:  # its agency known once published
            create_user(s, "filler", PASSWORD, "filler", agency="示例镇人民政府")
        batch = new_batch(client, "示例县", 2024)
        upload(
            client,
            application,
            batch,
            [
                ("示例镇-2023-送审.txt", with_overview_line("本机关认真落实条例。")),
                ("示例镇-2024-送审.txt", corrected_txt()),
            ],
        )
        with application.state.store.session() as s:
            ids: dict[str, int] = {}
            for u in s.query(Upload).order_by(Upload.id):
                kind = "draft" if u.batch_id else "pub"
                assert u.report_id is not None and u.year is not None
                ids[f"{kind}{u.year}"] = u.report_id
            ids["batch"] = batch
        assert sorted(ids) == ["batch", "draft2023", "draft2024", "pub2023", "pub2024"]
        yield application, client, ids
    application.state.store.close()


@pytest.mark.parametrize("role", ["admin", "viewer", "sup"])
def test_drafts_stay_out_of_the_corpus(
    site: tuple[FastAPI, TestClient, dict[str, int]], role: str
) -> None:
    _app, client, ids = site
    client.cookies.clear()
    login(client, role)
    for query in ("", "?sources=all"):
        page = client.get(f"/corpus{query}").text
        assert "共 2 份报告" in page
        assert f'href="/reports/{ids["draft2023"]}"' not in page
        assert f'href="/reports/{ids["draft2024"]}"' not in page
        rows = _csv(client.get(f"/corpus.csv{query}"))
        assert sorted(int(r["报告编号"]) for r in rows) == [ids["pub2023"], ids["pub2024"]]
    assert _csv(client.get("/corpus.csv?year=2024"))[0]["本年新收政府信息公开申请数量"] == "12"
    outcomes = _csv(client.get("/analysis/outcomes.csv"))
    assert [(r["年度"], r["报告数"], r["予以公开"]) for r in outcomes] == [
        ("2023", "1", "4"),
        ("2024", "1", "6"),
    ]
    agency = client.get("/agency?name=示例镇人民政府").text
    assert "另有同年度文件" not in agency
    assert f"/reports/{ids['draft2024']}" not in agency
    received = {r["指标"]: r for r in _csv(client.get("/agency.csv?name=示例镇人民政府"))}
    assert received["本年新收政府信息公开申请数量"]["2024年"] == "12"


def test_drafts_stay_out_of_the_command_line(
    site: tuple[FastAPI, TestClient, dict[str, int]], db_url: str, tmp_path: Path
) -> None:
    r = runner.invoke(cli, ["corpus", "list", "--all-sources", "--db", db_url])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.rstrip().endswith("共 2 份")
    out = tmp_path / "stats.csv"
    r = runner.invoke(cli, ["stats", "-o", str(out), "--db", db_url])
    assert r.exit_code == 0, r.stderr
    with out.open(encoding="utf-8-sig") as f:
        stats = list(csv.DictReader(f))
    assert [(x["agency"], x["report_year"], x["reports"]) for x in stats] == [
        ("示例镇人民政府", "2023", "1"),
        ("示例镇人民政府", "2024", "1"),
    ]
    out = tmp_path / "export.csv"
    r = runner.invoke(cli, ["export", str(out), "--all-sources", "--db", db_url])
    assert r.exit_code == 0, r.stderr
    with out.open(encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == 2
    # indexing the store again files no draft under its agency-year
    r = runner.invoke(cli, ["corpus", "index", "--db", db_url])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(cli, ["corpus", "list", "--all-sources", "--db", db_url])
    assert r.stdout.rstrip().endswith("共 2 份")


DRAFT_ROUTES = [
    "/reports/{d}",
    "/reports/{d}/original",
    "/reports/{d}/findings.csv",
    "/reports/{d}/findings.xlsx",
    "/compare?a={d}&b={p}",
    "/compare?ids={p}&ids={d}",
    "/compare.csv?a={p}&b={d}",
    "/uploads/{u}",
]


def _upload_of(app: FastAPI, report_id: int) -> int:
    with app.state.store.session() as s:
        return s.query(Upload).filter(Upload.report_id == report_id).one().id


@pytest.mark.parametrize("route", DRAFT_ROUTES)
def test_a_draft_opens_only_for_who_may_see_its_batch(
    site: tuple[FastAPI, TestClient, dict[str, int]], route: str
) -> None:
    app, client, ids = site
    draft = route.format(d=ids["draft2024"], p=ids["pub2023"], u=_upload_of(app, ids["draft2024"]))
    published = route.format(d=ids["pub2024"], p=ids["pub2023"], u=0)
    seen = {}
    for role in ("admin", "viewer", "sup", "other", "filler"):
        client.cookies.clear()
        login(client, role)
        r = client.get(draft, follow_redirects=False)
        seen[role] = r.status_code
        if r.status_code == 403:
            assert "您没有查看" in r.text and "Traceback" not in r.text
        # a published report opens for every logged-in role, as before
        if not published.startswith("/uploads"):
            assert client.get(published, follow_redirects=False).status_code == 200
    assert seen == {"admin": 200, "viewer": 200, "sup": 200, "other": 403, "filler": 403}


@pytest.mark.parametrize("route", DRAFT_ROUTES[:-1])
def test_a_visitor_never_opens_a_draft(
    site: tuple[FastAPI, TestClient, dict[str, int]], route: str
) -> None:
    _app, client, ids = site
    client.post("/admin/settings", data={"public": "1", "csrf_token": token(client, "/admin")})
    client.cookies.clear()
    url = route.format(d=ids["draft2024"], p=ids["pub2023"])
    r = client.get(url, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    published = route.format(d=ids["pub2024"], p=ids["pub2023"])
    assert client.get(published, follow_redirects=False).status_code == 200


def test_a_draft_leaves_the_published_reports_findings_as_they_were(db_url: str) -> None:
    # A 2023 draft that carries 5 applications over (the published 2023 report: 2) would
    # make the published 2024 report's 上年结转 2 wrong, if the draft were one of the
    # agency's years. It is not: only the draft itself is checked against them.
    from ogi.store.review import FindingRecord

    def findings(app: FastAPI, rid: int) -> list[tuple[str, str]]:
        with app.state.store.session() as s:
            rows = s.query(FindingRecord).filter(FindingRecord.report_id == rid)
            return sorted((f.rule, f.message) for f in rows)

    text = (SAMPLES / "示例镇-2023.txt").read_text("utf-8").split("\n")
    at = text.index("四、结转下年度继续办理")
    assert (text[at + 1], text[at + 7]) == ("2", "2")
    text[at + 1], text[at + 7] = "5", "5"
    application = create_app(db_url, worker=False)
    with application.state.store.session() as s:
        create_user(s, "admin", PASSWORD, "admin")
    with TestClient(application) as client:
        login(client, "admin")
        names = ("示例镇-2023.txt", "示例镇-2024.docx")
        publish(client, application, [(n, (SAMPLES / n).read_bytes()) for n in names])
        with application.state.store.session() as s:
            pub = {u.year: u.report_id for u in s.query(Upload)}
        before = {y: findings(application, rid) for y, rid in pub.items()}
        assert not [f for f in before[2024] if f[0] == "T3-CARRY-CHAIN"]
        batch = new_batch(client, "示例县", 2023)
        upload(client, application, batch, [("示例镇-2023-送审.txt", "\n".join(text).encode())])
        assert {y: findings(application, rid) for y, rid in pub.items()} == before
        with application.state.store.session() as s:
            (draft,) = [u.report_id for u in s.query(Upload) if u.batch_id == batch]
        # the draft's own findings: those of its text (its sums no longer hold), and no
        # finding was moved onto it from the published years
        own = findings(application, draft)
        assert [r for r, _ in own if r.startswith("T3-BALANCE")]
        assert all(r != "T3-CARRY-CHAIN" for r, _ in own)
    application.state.store.close()


def test_a_draft_ingested_later_is_published(
    site: tuple[FastAPI, TestClient, dict[str, int]], db_url: str, tmp_path: Path
) -> None:
    # the same bytes as the 2024 draft, now ingested as a published report: ingest holds
    # its content already, and files it as published instead of skipping it
    _app, client, ids = site
    f = tmp_path / "示例镇-2024-送审.txt"
    f.write_bytes(corrected_txt())
    r = runner.invoke(cli, ["ingest", str(f), "--db", db_url])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[-2].startswith("已存入 0 份报告，1 份此前已存入，0 个文件无法读取")
    assert lines[-1] == "其中 1 份此前只是核查批次中的送审稿，现已作为公开的报告存入"
    r = runner.invoke(cli, ["corpus", "list", "--all-sources", "--db", db_url])
    assert r.stdout.rstrip().endswith("共 3 份")
    page = client.get("/corpus?sources=all").text
    assert f'href="/reports/{ids["draft2024"]}"' in page
    # the other draft stays one
    assert f'href="/reports/{ids["draft2023"]}"' not in page
    # once published, an ingest of it again has nothing to do
    r = runner.invoke(cli, ["ingest", str(f), "--db", db_url])
    assert r.exit_code == 0, r.stderr
    assert "送审稿" not in r.stdout
