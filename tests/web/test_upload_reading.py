"""Reading uploads in the background on SQLite: an upload beside a slow reading does not
wait for it (the reading holds no writers' lock), an error no reader foresaw is logged
with its traceback and told as one Chinese line, and a database error is never told as
a damaged file."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

import ogi.services.batch as batch_module
from ogi.store.review import Upload
from tests.shared import SAMPLES
from tests.web.helpers import add_user, login, new_batch, token

SLOW = "示例镇-2024.txt"


def _post(client: TestClient, batch_id: int, name: str, data: bytes, csrf: str) -> int:
    r = client.post(
        f"/batches/{batch_id}/upload",
        data={"csrf_token": csrf},
        files=[("files", (name, data))],
        follow_redirects=False,
    )
    return r.status_code


def _statuses(app: FastAPI) -> list[tuple[str, str, str | None]]:
    with app.state.store.session() as s:
        return [(u.filename, u.status, u.error) for u in s.query(Upload).order_by(Upload.id)]


def test_an_upload_beside_a_slow_reading_does_not_wait_for_it(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(app, "sup", "supervisor", "示例县")
    login(client, "sup")
    batch_id = new_batch(client)
    csrf = token(client, f"/batches/{batch_id}")
    reading, release = threading.Event(), threading.Event()
    real = batch_module.load_reports

    def slow(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.read_bytes() == (SAMPLES / SLOW).read_bytes():
            reading.set()
            release.wait(60)  # a scanned PDF being read
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch_module, "load_reports", slow)
    assert _post(client, batch_id, SLOW, (SAMPLES / SLOW).read_bytes(), csrf) == 303
    worker = threading.Thread(target=app.state.worker.drain)
    worker.start()
    try:
        assert reading.wait(30)
        # while the reading goes on, three more uploads are taken at once
        done: list[int] = []
        for i in range(3):
            small = (SAMPLES / "示例镇-2023.txt").read_bytes() + f"\n{i}".encode()
            t = threading.Thread(
                target=lambda d=small, n=i: done.append(
                    _post(client, batch_id, f"{n}.txt", d, csrf)
                )
            )
            t.start()
            t.join(10)
            assert not t.is_alive(), "the upload waited for the reading"
        assert done == [303, 303, 303]
    finally:
        release.set()
        worker.join(60)
    app.state.worker.drain()
    assert [(n, st) for n, st, _ in _statuses(app)] == [
        (SLOW, "done"),
        ("0.txt", "done"),
        ("1.txt", "done"),
        ("2.txt", "done"),
    ]


def test_an_unforeseen_reading_error_is_logged_and_told_in_chinese(
    app: FastAPI,
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_user(app, "sup", "supervisor", "示例县")
    login(client, "sup")
    batch_id = new_batch(client)

    def broken(path: Path, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug of the reader")

    monkeypatch.setattr(batch_module, "load_reports", broken)
    csrf = token(client, f"/batches/{batch_id}")
    assert _post(client, batch_id, "a.txt", (SAMPLES / SLOW).read_bytes(), csrf) == 303
    with caplog.at_level(logging.ERROR):
        app.state.worker.drain()
    assert _statuses(app) == [("a.txt", "failed", "文本文件内容异常，无法读取（文件可能已损坏）")]
    (record,) = [r for r in caplog.records if r.name == "ogi.services.uploads"]
    assert record.getMessage().startswith("读取上传的文件“a.txt”（")
    assert record.exc_info is not None and "a bug of the reader" in str(record.exc_info[1])
    page = client.get(f"/batches/{batch_id}").text
    assert "a bug of the reader" not in page and "RuntimeError" not in page


def test_a_database_error_is_not_told_as_a_damaged_file(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(app, "sup", "supervisor", "示例县")
    login(client, "sup")
    batch_id = new_batch(client)

    def locked(path: Path, *args: Any, **kwargs: Any) -> Any:
        raise OperationalError("INSERT INTO blobs", {}, Exception("database is locked"))

    monkeypatch.setattr(batch_module, "load_reports", locked)
    csrf = token(client, f"/batches/{batch_id}")
    r = client.post(
        f"/batches/{batch_id}/upload",
        data={"csrf_token": csrf},
        files=[("files", ("a.txt", (SAMPLES / SLOW).read_bytes()))],
        follow_redirects=False,
    )
    job = r.headers["location"].rsplit("job=", 1)[1]
    app.state.worker.drain()
    # the file is still to be read; the job failed with a Chinese line, the log has the rest
    assert _statuses(app) == [("a.txt", "queued", None)]
    state = client.get(f"/jobs/{job}").json()
    assert state["status"] == "failed"
    assert state["error"] == "后台任务出错，详情已记入服务器日志；请稍后重试或联系管理员"
