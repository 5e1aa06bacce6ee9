"""A re-run of `ogi ingest` over files all stored says so without loading the database
layer; as soon as one file is new (or unreadable) it runs as usual, reusing the hashes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ogi.cli import app
from ogi.services.ingest_skip import all_stored, file_sha256
from tests.corpus.corpus_files import make_corpus

runner = CliRunner()

# `ogi …` in a child process that says, last, whether SQLAlchemy was loaded
ENTRY = (
    "import sys, atexit\n"
    "atexit.register(lambda: print('SQLALCHEMY', 'sqlalchemy' in sys.modules))\n"
    "from ogi.cli import app\n"
    "sys.argv[0] = 'ogi'\n"
    "app()\n"
)


def _ogi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_a_rerun_over_stored_files_loads_no_database_layer(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "报告", 6)
    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    first = _ogi("ingest", str(tmp_path / "报告"), "--db", url, "-j", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("已存入 6 份报告，0 份此前已存入，0 个文件无法读取")
    assert first.stdout.rstrip().endswith("SQLALCHEMY True")

    again = _ogi("ingest", str(tmp_path / "报告"), "--db", url)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(
        f"已存入 0 份报告，6 份此前已存入，0 个文件无法读取（数据库：{url}；用时 "
    )
    assert again.stdout.rstrip().endswith("SQLALCHEMY False")
    assert again.stderr == ""

    ok, hashes = all_stored(url, files)
    assert ok
    assert hashes == {p: file_sha256(p) for p in files}


def test_one_new_file_makes_the_usual_ingest_run(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "报告", 4)
    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    assert runner.invoke(app, ["ingest", *map(str, files[:3]), "--db", url]).exit_code == 0

    ok, hashes = all_stored(url, files)
    assert not ok
    assert hashes == {p: file_sha256(p) for p in files}  # all four taken: one chunk

    res = _ogi("ingest", *map(str, files), "--db", url, "-j", "1")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("已存入 1 份报告，3 份此前已存入，0 个文件无法读取")
    assert res.stdout.rstrip().endswith("SQLALCHEMY True")


def test_an_unreadable_file_is_reported_by_the_usual_ingest(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "报告", 2)
    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    assert runner.invoke(app, ["ingest", *map(str, files), "--db", url]).exit_code == 0
    gone = tmp_path / "报告" / "已删除.txt"

    assert all_stored(url, [*files, gone]) == (
        False,
        {files[0]: file_sha256(files[0]), files[1]: file_sha256(files[1])},
    )
    res = runner.invoke(app, ["ingest", *map(str, files), str(gone), "--db", url])
    assert res.exit_code == 2
    assert res.stdout.startswith("已存入 0 份报告，2 份此前已存入，1 个文件无法读取")
    assert str(gone) in res.stderr


def test_nothing_to_ingest_is_not_everything_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    assert all_stored(url, []) == (False, {})
