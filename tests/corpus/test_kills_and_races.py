"""A store survives kills and races: SIGKILL during the first creation and during an
ingest, then any command works and a re-run gives exactly the clean result; two ingests
at once into one store both succeed and store each report once."""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from ogi.store.database import head_revision
from tests.corpus.corpus_files import exported, make_corpus, ogi, run

N_FILES = 16


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder, N_FILES)
    return folder


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, ...]]:
    """The export of an ingest that nobody disturbed."""
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    code, out, err = run("ingest", str(corpus), "--db", db)
    assert code == 0, err
    assert out.startswith(f"已存入 {N_FILES} 份报告，0 份此前已存入，0 个文件无法读取")
    rows = exported(db, corpus.parent)
    assert len(rows) == N_FILES + 1
    return rows


def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("reports"):
                return 0
            return conn.execute(text("SELECT count(*) FROM reports")).scalar() or 0
    except Exception:  # locked or being created: not yet
        return 0
    finally:
        engine.dispose()


def _wait_for(condition: object, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.002)
    return False


def test_kill_during_first_creation_of_a_sqlite_store(
    corpus: Path, clean: list[tuple[str, ...]], tmp_path: Path
) -> None:
    for i in range(2):
        db = tmp_path / f"new-{i}.db"
        journal = tmp_path / f"new-{i}.db-journal"
        p = ogi("ingest", str(corpus), "--db", str(db), "-j", "1")
        # the first write transaction of a new store is the one creating its schema
        assert _wait_for(journal.exists)
        p.send_signal(signal.SIGKILL)
        p.wait()
        with sqlite3.connect(db) as conn:  # opening rolls the interrupted creation back
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            done = "alembic_version" in tables and conn.execute(
                "SELECT version_num FROM alembic_version"
            ).fetchall() == [(head_revision(),)]
        assert tables == set() or done  # all or nothing, never tables without a version
        # any command works on what the kill left
        code, _out, err = run("db", "status", "--db", str(db))
        assert code == 0, err
        assert "Traceback" not in err
        code, _out, err = run("ingest", str(corpus), "--db", str(db))
        assert code == 0, err
        assert exported(str(db), tmp_path) == clean


def test_half_created_store_of_an_older_ogi_is_rebuilt(tmp_path: Path) -> None:
    """What a kill used to leave: some of the tables, no migration version."""
    db = tmp_path / "half.db"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE agencies (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE,"
            " level VARCHAR(50), created DATETIME NOT NULL)"
        )
        conn.exec_driver_sql("CREATE TABLE holidays (day DATE PRIMARY KEY)")
    engine.dispose()
    code, out, err = run("db", "upgrade", "--db", str(db))
    assert code == 0, err
    assert err.strip() == (
        f"数据库 sqlite:///{db} 上次建立时被中断（2 张空表，没有版本记录），已重新建立"
    )
    assert out.strip().startswith(f"数据库 sqlite:///{db} 已升级：空库 → ")
    code, out, err = run("ingest", str(tmp_path / "none"), "--db", str(db))
    assert "Traceback" not in err


def test_tables_with_rows_but_no_version_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "odd.db"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE holidays (day DATE PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO holidays VALUES ('2024-10-01')")
    engine.dispose()
    code, _out, err = run("export", str(tmp_path / "x.csv"), "--db", str(db))
    assert code == 2
    assert err.strip() == (
        f"数据库 sqlite:///{db} 有数据（holidays）但没有迁移版本记录，无法判断其版本；"
        "请用备份恢复，或换一个数据库文件"
    )


def test_kill_during_ingest_then_rerun_gives_the_clean_result(
    corpus: Path, clean: list[tuple[str, ...]], tmp_path: Path, db_url: str
) -> None:
    rng = random.Random(11)
    # the store exists before the first kill, so each kill lands in the ingest itself
    code, _, err = run("db", "upgrade", "--db", db_url)
    assert code == 0, err
    kills = 0
    for _ in range(6):
        stored = _count(db_url)
        if stored >= N_FILES:
            break
        target = stored + rng.randint(1, 3)  # kill once this many rows are committed
        p = ogi("ingest", str(corpus), "--db", db_url, "--batch", "2", "-j", "2")
        _wait_for(lambda t=target, p=p: _count(db_url) >= t or p.poll() is not None)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        # read to the end: the pool's resource tracker, left behind, writes to the same
        # stderr before it exits; its English warning about leaked semaphores is not
        # for a user
        err = p.stderr.read().decode()  # type: ignore[union-attr]
        assert "resource_tracker" not in err and "leaked" not in err, err
        assert _count(db_url) <= N_FILES
    assert kills >= 2
    code, _out, err = run("ingest", str(corpus), "--db", db_url)
    assert code == 0, err
    assert exported(db_url, tmp_path) == clean


def test_two_ingests_at_once_store_each_report_once(
    corpus: Path, clean: list[tuple[str, ...]], tmp_path: Path, db_url: str
) -> None:
    # both start on a store that does not exist yet: both create it at once
    a = ogi("ingest", str(corpus), "--db", db_url, "--batch", "3", "-j", "1")
    b = ogi("ingest", str(corpus), "--db", db_url, "--batch", "3", "-j", "1")
    results = [(p.wait(timeout=300), p.communicate()) for p in (a, b)]
    for code, (_, err) in results:
        assert code == 0, err.decode()
        assert b"Traceback" not in err
    added = [int(out.decode().split("已存入 ")[1].split(" ")[0]) for _, (out, _) in results]
    assert sum(added) == N_FILES
    assert exported(db_url, tmp_path) == clean
