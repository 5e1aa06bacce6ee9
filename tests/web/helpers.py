"""Helpers of the web tests: an application over a fresh store, users, log-in with the
CSRF token a page gives, uploads whose background reading is run in the test."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ogi.services.accounts import create_user
from tests.shared import SAMPLES

PASSWORD = "correct-horse-1"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("示例镇-*"))


def add_user(app: FastAPI, name: str, role: str, region: str | None = None) -> None:
    with app.state.store.session() as s:
        create_user(s, name, PASSWORD, role, region)


def token(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    found = TOKEN.search(page.text)
    assert found, f"{path} has no CSRF token"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> None:
    r = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token(client), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def new_batch(client: TestClient, region: str = "示例县", year: int = 2024) -> int:
    r = client.post(
        "/batches",
        data={
            "name": f"{region}{year}年度年报核查",
            "region": region,
            "year": str(year),
            "csrf_token": token(client, "/batches"),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def upload(client: TestClient, app: FastAPI, batch_id: int, files: list[tuple[str, bytes]]) -> str:
    """Upload to a batch and run the background reading; the batch page's HTML."""
    r = client.post(
        f"/batches/{batch_id}/upload",
        data={"csrf_token": token(client, f"/batches/{batch_id}")},
        files=[("files", (name, data)) for name, data in files],
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    app.state.worker.drain()
    return client.get(r.headers["location"]).text


def publish(client: TestClient, app: FastAPI, files: list[tuple[str, bytes]]) -> None:
    """Upload to the public corpus (as an administrator) and run the background reading."""
    r = client.post(
        "/corpus/upload",
        data={"csrf_token": token(client, "/corpus")},
        files=[("files", (name, data)) for name, data in files],
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/corpus?job="), r.text
    app.state.worker.drain()


def upload_ids(html: str) -> dict[str, int]:
    """File name → upload id, from a batch page's links."""
    return {name: int(i) for i, name in re.findall(r'href="/uploads/(\d+)">([^<]+)</a>', html)}


def corrected_txt() -> bytes:
    """The 2024 text sample with table 三's （七）总计 printed right (自然人 11, 总计 13)."""
    lines = (SAMPLES / "示例镇-2024.txt").read_text("utf-8").split("\n")
    at = lines.index("（七）总计")
    assert lines[at + 1] == "10" and lines[at + 7] == "12"
    lines[at + 1], lines[at + 7] = "11", "13"
    return "\n".join(lines).encode("utf-8")


def with_overview_line(extra: str) -> bytes:
    """The 2023 text sample with one more sentence in part 一."""
    text = (SAMPLES / "示例镇-2023.txt").read_text("utf-8")
    first = "（一）主动公开。"
    assert first in text
    return text.replace(first, f"{extra}\n{first}", 1).encode("utf-8")


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def serve(app: FastAPI) -> Iterator[tuple[str, FastAPI]]:
    """The application served by uvicorn on a free local port for a browser test: its
    base URL while the test runs, stopped and closed afterwards. The socket listens
    before the server starts, so the browser's first request waits in its queue instead
    of racing the start-up."""
    import socket
    import threading

    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", app
    srv.should_exit = True
    thread.join(30)
    sock.close()
    app.state.store.close()
