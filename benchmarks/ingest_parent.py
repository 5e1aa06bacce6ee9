"""Where the CPU of `ogi ingest -j 2` goes: the main process (which writes to the store)
against its worker processes, and how long only one core works at the start and at the
end, for the baseline commit and the current code, interleaved in one run. Also checks
that both leave the same database.

    python benchmarks/ingest_parent.py [--corpus DIR] [--baseline REV] [--rounds 3]
        [--jobs 2] [--j1] [--db-url URL]

On a machine shared with other programs, wall times vary from one minute to the next;
CPU seconds of each process hardly do. With `-j 2` the main process competes with the
two workers for two cores, so each of its CPU seconds costs the speed-up.

Figures (medians over the rounds):
- main: CPU seconds of the `ogi` process itself (RUSAGE_SELF, every thread);
- workers: CPU seconds of every other process it started (fork server and workers);
- dispatch: seconds from launch until the first task is handed to a running worker (the
  interpreter, the store opened, files hashed, the workers' server's imports);
- start: seconds until the first outcome is back (dispatch, then the first group read);
- end: seconds from the last file's outcome until the process has exited (the last
  batch written, agency-years settled again, the workers stopped);
- with `--j1`: wall seconds of `-j 1` and `-j 2` and their ratio.

The corpus defaults to `national_corpus.py`'s 134 agencies × 5 years × txt/md/html
(2,010 files). `--db-url` (a PostgreSQL server URL ending in a database that may be
dropped and created, e.g. postgresql+psycopg://ogi:ogi@127.0.0.1:5432/postgres) runs
against fresh databases on that server instead of SQLite files.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus
from _baseline import ROOT, env_for, export
from _process import run_tree

# Runs `ogi` in-process, timing the first and the last outcome of the reading engine.
ENTRY = r"""
import sys, os, time, json, atexit, resource
LAUNCH = float(os.environ["OGI_BENCH_LAUNCH"])
marks = {}
def _report():
    r = resource.getrusage(resource.RUSAGE_SELF)
    marks["exit"] = time.monotonic() - LAUNCH
    marks["main_cpu"] = r.ru_utime + r.ru_stime
    sys.stderr.write("\nMARKS " + json.dumps(marks) + "\n")
atexit.register(_report)
import ogi.services.corpus as corpus
_run_files = corpus.run_files
def run_files(*a, **k):
    for o in _run_files(*a, **k):
        now = time.monotonic() - LAUNCH
        marks.setdefault("first", now)
        marks.setdefault("first_cpu", time.process_time())
        marks["last"] = now
        marks["last_cpu"] = time.process_time()
        yield o
corpus.run_files = run_files
import ogi.services.batch as batch
_submit = batch._Pool.submit
def submit(self, *a):
    f = _submit(self, *a)  # the first waits until a worker is running
    marks.setdefault("dispatch", time.monotonic() - LAUNCH)
    return f
batch._Pool.submit = submit
from ogi.cli import app
sys.argv[0] = "ogi"
app()
"""


def _become_subreaper() -> None:
    """Orphaned descendants (the fork server's workers) are handed to this process, so
    their CPU time is counted in RUSAGE_CHILDREN once reaped."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """One `ogi` command: its marks, wall time, and CPU of the main process and of the
    rest of its process tree."""
    env = {**env, "OGI_BENCH_LAUNCH": repr(time.monotonic())}
    out, wall, total = run_tree(ENTRY, args, env)
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith("MARKS ")]
    if out.returncode not in (0, 2) or not lines:
        sys.exit(f"ogi {' '.join(args)} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    m = json.loads(lines[-1][6:])
    for k in ("first", "last"):  # no file read (all stored already): no outcome
        m.setdefault(k, m["exit"])
        m.setdefault(k + "_cpu", m["main_cpu"])
    m.setdefault("dispatch", m["first"])
    return {
        "wall": wall,
        "main": m["main_cpu"],
        "workers": total - m["main_cpu"],
        "dispatch": m["dispatch"],
        "start": m["first"],
        "start_main_cpu": m["first_cpu"],
        "end": m["exit"] - m["last"],
        "during_main_cpu": m["last_cpu"] - m["first_cpu"],
        "end_main_cpu": m["main_cpu"] - m["last_cpu"],
    }


class Databases:
    """Fresh databases: SQLite files in a folder, or databases on a PostgreSQL server."""

    def __init__(self, tmp: Path, server: str | None) -> None:
        self.tmp, self.server, self.made = tmp, server, []

    def new(self, name: str) -> str:
        if self.server is None:
            return str(self.tmp / f"{name}.db")
        from sqlalchemy import create_engine, text

        db = f"ogi_bench_{name}".replace("-", "_")
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {db}"))
            c.execute(text(f"CREATE DATABASE {db}"))
        engine.dispose()
        self.made.append(db)
        return self.server.rsplit("/", 1)[0] + "/" + db

    def drop(self) -> None:
        if self.server is None:
            return
        from sqlalchemy import create_engine, text

        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            for db in self.made:
                c.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        engine.dispose()


def dump(url: str) -> dict[str, list[Any]]:
    """Every table's rows, sorted, without row ids, timestamps or the order things were
    stored in: a reference to a report is its sha256, to an agency its name."""
    from sqlalchemy import DateTime, MetaData, create_engine, select

    if "://" not in url:
        url = f"sqlite:///{url}"
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, list[Any]] = {}
    with engine.connect() as c:
        rep, ag = meta.tables["reports"], meta.tables["agencies"]
        sha = {i: h for i, h in c.execute(select(rep.c.id, rep.c.sha256))}
        name = {i: n for i, n in c.execute(select(ag.c.id, ag.c.name))}
        for t in meta.sorted_tables:
            if t.name == "alembic_version":
                continue
            keep = [
                col
                for col in t.columns
                if not isinstance(col.type, DateTime) and not (col.primary_key and col.name == "id")
            ]
            rows = []
            for row in c.execute(select(*keep)):
                values = []
                for col, v in zip(keep, row, strict=True):
                    targets = {fk.column.table.name for fk in col.foreign_keys}
                    if "reports" in targets:
                        v = sha.get(v, v)
                    elif "agencies" in targets:
                        v = name.get(v, v)
                    values.append(json.dumps(v, ensure_ascii=False, sort_keys=True, default=str))
                rows.append(tuple(values))
            out[t.name] = sorted(rows)
    engine.dispose()
    return out


def compare(a: dict[str, list[Any]], b: dict[str, list[Any]]) -> list[str]:
    diffs = []
    for t in sorted(set(a) | set(b)):
        x, y = a.get(t, []), b.get(t, [])
        if x != y:
            only_a = len(set(x) - set(y))
            only_b = len(set(y) - set(x))
            diffs.append(f"{t}: {len(x)} vs {len(y)} rows, {only_a} / {only_b} differ")
    return diffs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--baseline", default=os.environ.get("OGI_BASELINE", "dcb3325"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--j1", action="store_true", help="also -j 1, for the wall-time speed-up")
    ap.add_argument("--db-url", help="a PostgreSQL server to run against (see above)")
    a = ap.parse_args()
    _become_subreaper()
    tmp = Path(tempfile.mkdtemp(prefix="ogi-ingest-parent-"))
    import atexit
    import shutil

    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # its databases take gigabytes
    corpus = a.corpus
    if corpus is None:
        corpus = tmp / "corpus"
        national_corpus.write(
            corpus, 134, list(range(2020, 2025)), national_corpus.parse_forms("txt,md,html")
        )
    files = sum(1 for p in corpus.rglob("*.*") if p.name != "reports.jsonl")
    envs = {"baseline": env_for(export(a.baseline)), "now": env_for(ROOT / "src")}
    dbs = Databases(tmp, a.db_url)
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in envs}
    last_db: dict[str, str] = {}
    try:
        for k in range(a.rounds):
            for name, env in envs.items():
                db = dbs.new(f"{name}_{k}")
                r = run(["ingest", str(corpus), "--db", db, "-j", str(a.jobs)], env)
                if a.j1:
                    r["j1_wall"] = run(
                        ["ingest", str(corpus), "--db", dbs.new(f"{name}_{k}_j1"), "-j", "1"],
                        env,
                    )["wall"]
                runs[name].append(r)
                last_db[name] = db
                print(name, k, {key: round(v, 2) for key, v in r.items()}, flush=True)
        reingest = {
            name: run(["ingest", str(corpus), "--db", last_db[name]], env)["wall"]
            for name, env in envs.items()
        }
        diffs = compare(dump(last_db["baseline"]), dump(last_db["now"]))
    finally:
        dbs.drop()
    med = {n: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for n, rs in runs.items()}
    b, n = med["baseline"], med["now"]
    print(
        f"\n{files} 个文件，ogi ingest -j {a.jobs}，基线 {a.baseline} 与当前代码交替运行 "
        f"{a.rounds} 轮（中位数）；数据库：{'PostgreSQL' if a.db_url else 'SQLite'}"
    )
    rows = [
        ("主进程 CPU（秒）", "main"),
        ("  其中开始读取前", "start_main_cpu"),
        ("  读取期间", "during_main_cpu"),
        ("  最后一个文件之后", "end_main_cpu"),
        ("工作进程 CPU（秒）", "workers"),
        ("开始：至第一个任务交给工作进程（秒）", "dispatch"),
        ("开始：至第一批文件读完（秒）", "start"),
        ("结束：最后一个文件之后（秒）", "end"),
        (f"-j {a.jobs} 用时（秒）", "wall"),
    ]
    if a.j1:
        rows.append(("-j 1 用时（秒）", "j1_wall"))
    print(f"{'指标':30} {'基线':>8} {'当前':>8} {'当前/基线':>10}")
    for label, key in rows:
        x, y = b[key], n[key]
        print(f"{label:30} {x:8.2f} {y:8.2f} {y / x if x else float('nan'):9.2f}×")
    if a.j1:
        print(
            f"-j 1 → -j {a.jobs} 加速：基线 {b['j1_wall'] / b['wall']:.2f}×，"
            f"当前 {n['j1_wall'] / n['wall']:.2f}×"
        )
    for name in envs:
        first = statistics.median(r["wall"] for r in runs[name])
        print(f"{name}：首次入库/重新入库 用时比 {first / reingest[name]:.1f}×")
    print("数据库内容（全部表，排序后，不含时间与行号）：" + ("相同" if not diffs else "不同"))
    for d in diffs:
        print("  " + d)


if __name__ == "__main__":
    main()
