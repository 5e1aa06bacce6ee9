"""A national corpus through ogi: ingest-and-check speed per form on this machine and on
a local Dask cluster, and the latency of dashboard queries at scale.

    python benchmarks/national.py [--agencies 40] [--years 2020-2024]
        [--forms txt,md,html,docx:40,pdf:6] [--sizes 10000,100000] [--pg URL] [--skip-files]

1. Files: the corpus of `national_corpus.py` (fictional agencies, composed ledgers,
   every form) is ingested with ``--check`` into a fresh store, per form: in one
   process (``-j 1``), on every core (``-j 2`` here), and on a Dask LocalCluster of
   1 and 2 worker processes (into PostgreSQL when ``--pg`` is given). Prints reports/s
   per form and the scaling efficiency (rate with 2 workers / twice the rate with 1).
2. Scale: the composed and checked reports are cloned under new agency names, regions
   and years straight into the store (rendering 100,000 files would take days here),
   10,000 and then 100,000 of them, on SQLite and on PostgreSQL. Prints the database
   size per report and the median latency of the queries a dashboard runs.

``--pg`` is a server URL whose role may create databases (e.g. the tests' OGI_TEST_PG);
each run makes its own databases and drops them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus

ENTRY = "import sys; from ogi.cli import app; sys.argv[0] = 'ogi'; app()"

QUERIES = {
    "机关×年度合计（首页 50 行）": (
        "SELECT agency, year, count(*), sum(received), sum(granted), sum(errors)"
        " FROM report_index GROUP BY agency, year ORDER BY agency, year LIMIT 50"
    ),
    "全国逐年合计": (
        "SELECT year, count(*), sum(received), sum(results_total), sum(errors)"
        " FROM report_index GROUP BY year ORDER BY year"
    ),
    "一个机关的各年度": (
        "SELECT year, received, granted, results_total, carried_forward, errors"
        " FROM report_index WHERE agency = :agency ORDER BY year"
    ),
    "一个地区某年度的报告": (
        "SELECT r.id, s.agency, s.received, s.errors, r.source_path FROM report_index s"
        " JOIN reports r ON r.id = s.report_id WHERE s.year = :year AND s.agency >= :lo"
        " AND s.agency < :hi ORDER BY s.agency"
    ),
    "按规则统计错误数": (
        "SELECT rule, count(*) FROM findings WHERE severity = 'error' GROUP BY rule"
        " ORDER BY count(*) DESC"
    ),
}


# -- 1. files -------------------------------------------------------------------------------


def ingest_rate(folder: Path, db: str, args: list[str]) -> tuple[int, float]:
    """(reports stored, seconds) of `ogi ingest --check folder` into a fresh store."""
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", ENTRY, "ingest", str(folder), "--db", db, *args],
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - t
    added = int(out.stdout.split("已存入 ")[1].split(" ")[0]) if "已存入" in out.stdout else 0
    return added, took


def dask_rate(folder: Path, db: str, workers: int) -> tuple[int, float]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        # workers warm (imports, OCR models load on first scan) before timing
        return ingest_rate(folder, db, ["--dask", cluster.scheduler_address])


def files_part(corpus: Path, pg: str | None) -> None:
    print("\n## 入库并核查（报告/秒）")
    print(
        f"{'形式':6} {'份数':>5} {'-j 1':>8} {'-j 2':>8} {'加速':>6} "
        f"{'Dask×1':>8} {'Dask×2':>8} {'效率':>6}"
    )
    for form_dir in sorted(p for p in corpus.iterdir() if p.is_dir()):
        rates = []
        for kind, arg in (("j", 1), ("j", 2), ("dask", 1), ("dask", 2)):
            with tempfile.TemporaryDirectory() as tmp:
                db = f"sqlite:///{tmp}/b.db"
                dbname = None
                if kind == "dask" and pg:
                    dbname, db = create_pg(pg)
                if kind == "j":
                    n, took = ingest_rate(form_dir, db, ["-j", str(arg)])
                else:
                    n, took = dask_rate(form_dir, db, arg)
                if dbname:
                    drop_pg(pg, dbname)  # type: ignore[arg-type]
            rates.append(n / took if took else 0.0)
        j1, j2, d1, d2 = rates
        print(
            f"{form_dir.name:6} {n:5d} {j1:8.1f} {j2:8.1f} {j2 / j1:5.2f}× "
            f"{d1:8.1f} {d2:8.1f} {d2 / (2 * d1):5.0%}"
        )


# -- 2. scale -------------------------------------------------------------------------------


def create_pg(admin: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ogi_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_pg(admin: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def templates(corpus_reports: Path) -> list[tuple[dict, list]]:
    """(report as JSON, its findings) of every composed report."""
    from ogi.check import run_checks
    from ogi.model import Report

    out = []
    for line in corpus_reports.read_text("utf-8").splitlines():
        r = Report.model_validate_json(line)
        out.append((json.loads(line), run_checks([r])))
    return out


def synthesise(store, tpl: list[tuple[dict, list]], start: int, n: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    """`n` reports cloned from `tpl` under new agencies (across fictional regions) and
    years, inserted in batches."""
    from ogi.model import Report
    from ogi.store.reports import bundle, insert_reports

    rng = random.Random(seed + start)
    places = [
        (p, c, k)
        for p in national_corpus.PROVINCES
        for c in national_corpus.CITIES
        for k in national_corpus.COUNTIES
    ]
    batch = []
    for i in range(start, start + n):
        doc, findings = rng.choice(tpl)
        prov, city, county = places[(i // 5) % len(places)]
        agency = f"{prov}{city}{county}第{i // 5 // len(places)}机关{i // 5 % 97}"
        year = 2019 + i % 5 if doc["edition"] == "2021" else 2019 + i % 2
        d = dict(doc)
        d["agency"], d["report_year"] = agency, year
        d["source"] = {**doc["source"], "sha256": f"{i:064x}", "path": f"synthetic/{i}.txt"}
        for f in findings:
            f.file = d["source"]["path"]
        batch.append(bundle(Report.model_validate(d), findings))
        if len(batch) == 500:
            with store.session(write=True) as s:
                insert_reports(s, batch)
            batch = []
    if batch:
        with store.session(write=True) as s:
            insert_reports(s, batch)


def db_size(store) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    if store.engine.dialect.name == "sqlite":
        return os.path.getsize(store.engine.url.database)
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT pg_database_size(current_database())")).scalar()


def latency(store, n: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    params = {"agency": None, "year": 2023, "lo": "东川省云港市", "hi": "东川省云港市\uffff"}
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
        params["agency"] = conn.execute(
            text("SELECT agency FROM report_index ORDER BY report_id LIMIT 1 OFFSET :k"),
            {"k": n // 2},
        ).scalar()
        out = {}
        for name, sql in QUERIES.items():
            times = []
            for _ in range(6):
                t = time.perf_counter()
                conn.execute(text(sql), params).all()
                times.append(time.perf_counter() - t)
            out[name] = statistics.median(times[1:]) * 1000
    return out


def scale_part(tpl: list[tuple[dict, list]], sizes: list[int], pg: str | None) -> None:
    from ogi.store import open_store

    backends = [("SQLite", None)] + ([("PostgreSQL", pg)] if pg else [])
    for label, admin in backends:
        tmp = tempfile.mkdtemp(prefix="ogi-scale-")
        name = None
        if admin:
            name, url = create_pg(admin)
        else:
            url = f"sqlite:///{tmp}/scale.db"
        store = open_store(url)
        done = 0
        try:
            for size in sizes:
                t = time.perf_counter()
                synthesise(store, tpl, done, size - done, seed=7)
                took = time.perf_counter() - t
                done = size
                size_b = db_size(store)
                lat = latency(store, size)
                print(
                    f"\n## {label}，{size:,} 份报告（合成写入 {took:.0f} 秒，"
                    f"{(size - 0) / took if took else 0:.0f} 份/秒；库 {size_b / 2**20:.0f} MB，"
                    f"每份 {size_b / size / 1024:.1f} KB）"
                )
                for q, ms in lat.items():
                    mark = "✓" if ms < 200 else "✗"
                    print(f"  {q:24} {ms:8.1f} ms {mark}")
        finally:
            store.close()
            if name:
                drop_pg(admin, name)  # type: ignore[arg-type]
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=40)
    ap.add_argument("--years", default="2020-2024")
    ap.add_argument("--forms", default="txt,md,html,docx:40,pdf:6")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--pg", default=os.environ.get("OGI_TEST_PG"))
    ap.add_argument("--corpus", type=Path, help="a corpus made already by national_corpus.py")
    ap.add_argument("--skip-files", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    a = ap.parse_args()
    corpus = a.corpus
    if corpus is None:
        corpus = Path(tempfile.mkdtemp(prefix="ogi-national-"))
        first, last = (int(x) for x in a.years.split("-"))
        t = time.perf_counter()
        counts = national_corpus.write(
            corpus, a.agencies, list(range(first, last + 1)), national_corpus.parse_forms(a.forms)
        )
        print(f"生成：{counts}（{time.perf_counter() - t:.0f} 秒）")
    if not a.skip_files:
        files_part(corpus, a.pg)
    if a.skip_scale:
        return
    tpl = templates(corpus / "reports.jsonl")
    print(f"\n模板：{len(tpl)} 份编制并核查的报告")
    scale_part(tpl, [int(x) for x in a.sizes.split(",")], a.pg)


if __name__ == "__main__":
    main()
