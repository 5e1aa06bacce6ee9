"""A store that cannot be opened is one Chinese line: which database (password hidden),
what failed, what to check; never a driver's traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app
from ogi.store.errors import mask_password

runner = CliRunner()
PG = os.environ.get("OGI_TEST_PG", "")


def one_line(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_mask_password() -> None:
    assert (
        mask_password("postgresql+psycopg://ogi:s3cret@db.example:5432/ogi")
        == "postgresql+psycopg://ogi:***@db.example:5432/ogi"
    )
    assert mask_password("sqlite:///a.db") == "sqlite:///a.db"


def test_closed_port(tmp_path: Path) -> None:
    url = "postgresql+psycopg://ogi:secret@127.0.0.1:9/ogi"
    assert one_line(["export", str(tmp_path / "x.csv"), "--db", url]) == (
        "无法打开数据库 postgresql+psycopg://ogi:***@127.0.0.1:9/ogi：连接被拒绝，"
        "该主机和端口上没有数据库服务器在运行；请检查服务器是否已启动，URL 中的主机和端口是否正确"
    )


@pytest.mark.skipif(not PG, reason="OGI_TEST_PG is not set")
def test_missing_database_and_wrong_password(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    base = make_url(PG)
    missing = base.set(database="ogi_no_such_db").render_as_string(hide_password=False)
    assert one_line(["ingest", str(tmp_path), "--db", missing]) == (
        f"无法打开数据库 {mask_password(missing)}：服务器上没有数据库 ogi_no_such_db；"
        "请检查 URL 中的数据库名，或先建立该数据库（createdb ogi_no_such_db）"
    )
    wrong = base.set(password="not-the-password").render_as_string(hide_password=False)
    line = one_line(["ledger", "due", "--db", wrong])
    assert line == (
        f"无法打开数据库 {mask_password(wrong)}：用户名或密码不对；请检查 URL 中的用户名和密码"
    )
    assert "not-the-password" not in line
    nobody = base.set(username="ogi_nobody").render_as_string(hide_password=False)
    assert "ogi_nobody" in one_line(["db", "status", "--db", nobody])


def test_unknown_scheme_and_missing_folder(tmp_path: Path) -> None:
    assert one_line(["db", "upgrade", "--db", "foo://x@h/db"]).startswith(
        "无法打开数据库 foo://x@h/db：不认识的数据库类型“foo”；请检查 URL"
    )
    assert one_line(["db", "upgrade", "--db", "mysql://x@h/db"]) == (
        "无法打开数据库 mysql://x@h/db：没有安装该数据库的驱动（MySQLdb）；"
        "ogi 支持 SQLite（sqlite:///文件路径）和 PostgreSQL（postgresql+psycopg://…）"
    )
    db = tmp_path / "no" / "such" / "ogi.db"
    assert one_line(["export", str(tmp_path / "x.csv"), "--db", str(db)]) == (
        f"无法打开数据库 sqlite:///{db}：无法打开数据库文件（所在目录不存在或没有权限）；"
        "请检查路径是否正确、目录是否存在、是否有写权限"
    )


def test_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"this is a text file, not SQLite " * 100)
    assert one_line(["db", "status", "--db", str(db)]) == (
        f"无法打开数据库 sqlite:///{db}：该文件不是 SQLite 数据库；"
        "请检查 --db 或 OGI_DB 是否指向了别的文件"
    )
