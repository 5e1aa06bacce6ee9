"""The routes the other web tests do not reach: the home page, job progress, the batch
and findings downloads, the public-corpus upload for the wrong roles, the assets."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.shared import SAMPLES
from tests.web.helpers import add_user, login, new_batch, token, upload_ids


def test_home_sends_each_to_their_start(app: FastAPI, client: TestClient) -> None:
    add_user(app, "admin", "admin")
    add_user(app, "view", "viewer")
    assert client.get("/", follow_redirects=False).headers["location"] == "/corpus"
    login(client, "admin")
    assert client.get("/", follow_redirects=False).headers["location"] == "/batches"
    client.cookies.clear()
    login(client, "view")
    assert client.get("/", follow_redirects=False).headers["location"] == "/corpus"


def test_job_progress_and_batch_downloads(app: FastAPI, client: TestClient) -> None:
    add_user(app, "admin", "admin")
    login(client, "admin")
    bid = new_batch(client)
    r = client.post(
        f"/batches/{bid}/upload",
        data={"csrf_token": token(client, f"/batches/{bid}")},
        files=[("files", ("示例镇-2024.txt", (SAMPLES / "示例镇-2024.txt").read_bytes()))],
        follow_redirects=False,
    )
    job = int(r.headers["location"].rsplit("=", 1)[1])
    page = client.get(r.headers["location"]).text
    assert f'data-job="{job}"' in page and '<span class="badge queued">排队中</span>' in page
    assert client.get(f"/jobs/{job}").json() == {
        "id": job,
        "kind": "read_uploads",
        "status": "queued",
        "done": 0,
        "total": 1,
        "message": "",
        "error": None,
    }
    app.state.worker.drain()
    state = client.get(f"/jobs/{job}").json()
    assert (state["status"], state["done"], state["message"]) == ("done", 1, "全部读取完毕")
    assert client.get("/jobs/999").status_code == 404
    client.cookies.clear()
    assert client.get(f"/jobs/{job}", follow_redirects=False).status_code == 303
    login(client, "admin")

    rows = list(
        csv.reader(io.StringIO(client.get(f"/batches/{bid}/rows.csv").content.decode("utf-8-sig")))
    )
    assert rows[0][:11] == [
        "机关",
        "年度",
        "轮次",
        "文件",
        "错误",
        "警告",
        "提示",
        "读取疑问",
        "已确认",
        "已排除",
        "状态",
    ]
    assert rows[1][:11] == [
        "示例镇人民政府",
        "2024",
        "1",
        "示例镇-2024.txt",
        "4",
        "0",
        "0",
        "0",
        "0",
        "0",
        "需修改",
    ]
    wb = load_workbook(io.BytesIO(client.get(f"/batches/{bid}/rows.xlsx").content))
    assert wb.active["K2"].value == "需修改"
    assert client.get(f"/batches/{bid}/rows.json").status_code == 404

    up = upload_ids(client.get(f"/batches/{bid}").text)["示例镇-2024.txt"]
    rid = re.search(r'href="/reports/(\d+)/findings.csv"', client.get(f"/uploads/{up}").text).group(
        1
    )
    found = list(
        csv.DictReader(
            io.StringIO(client.get(f"/reports/{rid}/findings.csv").content.decode("utf-8-sig"))
        )
    )
    assert sorted(f["规则"] for f in found) == [
        "T3-BALANCE",
        "T3-BALANCE",
        "T3-RESULTS-SUM",
        "T3-RESULTS-SUM",
    ]
    total = next(f for f in found if f["位置"] == "表三 （七）总计 自然人")
    assert (total["应为"], total["实为"], total["类别"]) == ("11", "10", "错误")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/{rid}/findings.xlsx").content))
    assert wb.active.max_row == 5


def test_public_corpus_upload_is_for_administrators(app: FastAPI, client: TestClient) -> None:
    add_user(app, "sup", "supervisor", "示例县")
    add_user(app, "view", "viewer")
    for name in ("sup", "view"):
        client.cookies.clear()
        login(client, name)
        page = client.get("/corpus").text
        assert 'action="/corpus/upload"' not in page
        r = client.post(
            "/corpus/upload",
            data={"csrf_token": token(client, "/corpus")},
            files=[("files", ("a.txt", b"abc"))],
        )
        assert r.status_code == 403 and "只有管理员可以进行此操作" in r.text


def test_assets_come_from_the_package_only(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "setupFindings" in js.text
    # No page or asset names another site: the application works with no internet.
    web = resources.files("ogi.web")

    def files(folder):  # type: ignore[no-untyped-def]
        for f in folder.iterdir():
            yield from files(f) if f.is_dir() else (f,)

    for folder in ("templates", "static"):
        for f in files(web.joinpath(folder)):
            text = f.read_text("utf-8")
            assert not re.search(r"(?:src|href|url)\s*[=(]\s*[\"']?(?:https?:)?//", text), f.name
    assert "default-src 'self'" in client.get("/login").headers["content-security-policy"]
