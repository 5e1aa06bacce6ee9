"""A national corpus through ogi: ingest-and-check speed per form on this machine and on
a local Dask cluster, and the latency of dashboard queries at scale.

    python benchmarks/national.py [--agencies 40] [--years 2020-2024]
        [--forms txt,md,html,docx:40,pdf:6] [--sizes 10000,100000] [--pg URL]
        [--corpus DIR] [--skip-files] [--skip-scale] [--baseline REV]

1. Files: the corpus of `national_corpus.py` (fictional agencies across provinces,
   cities and counties at every level, random ledgers composed for several years and
   rendered into every form, a share with defects) is ingested (read, identified,
   checked, indexed) into a fresh store, per form: by the baseline commit (a7f7a7d,
   main before the scale work: one process, no checking), and by this tree in one
   process (``-j 1``), on both cores (``-j 2``) and on a Dask LocalCluster of 1 and 2
   worker processes (into PostgreSQL when ``--pg`` is given). Printed: reports/s, each
   against the baseline's, the speed-up -j1→-j2, the scaling efficiency (rate / (n ×
   rate with one)), and the database size per report against the baseline's.
2. Scale: the composed reports, prepared as ingest prepares them
   (`ogi.services.ingest_prepare.prepare`: identified, checked, measured), are cloned under
   new agencies, regions and years and written through ingest's own store functions
   (`insert_new`, `insert_indexed`) in batches of 1,000: 10,000 and then 100,000 reports,
   on SQLite and on PostgreSQL (rendering and reading 100,000 files would take days on
   this machine; reading speed is part 1). Each agency-year has one source and the
   cross-year rules are not run here. Printed: write rate, database size per report,
   and the median latency of the queries a dashboard runs, each against the named
   baseline ``SELECT count(*) FROM report_index`` timed the same way in the same run.

``--pg`` is a server URL whose role may create databases (e.g. the tests' OGI_TEST_PG);
each run makes its own scratch databases and drops them.
"""

from __future__ import annotations

import argparse
import copy
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus
from _baseline import BASELINE, ROOT, env_for, export

ENTRY = "import sys; from ogi.cli import app; sys.argv[0] = 'ogi'; app()"

BASELINE_QUERY = "SELECT count(*) FROM report_index"
QUERIES = {
    "SELECT 1": "SELECT 1",
    "机关×年度合计（前 50 行）": (
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
        " JOIN reports r ON r.id = s.report_id WHERE s.year = :year AND s.region = :region"
        " ORDER BY s.agency"
    ),
    "按规则统计错误数": (
        "SELECT rule, count(*) FROM findings WHERE severity = 'error' GROUP BY rule"
        " ORDER BY count(*) DESC"
    ),
}


# -- scratch PostgreSQL databases -------------------------------------------------------------


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


def db_size(url: str) -> int:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if url.startswith("sqlite"):
        return os.path.getsize(make_url(url).database or "")
    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    engine.dispose()
    return int(n or 0)


# -- 1. files ---------------------------------------------------------------------------------


def ingest_rate(folder: Path, db: str, args: list[str], env: dict[str, str]) -> tuple[int, float]:
    """(reports stored, seconds) of `ogi ingest folder` into `db`."""
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", ENTRY, "ingest", str(folder), "--db", db, *args],
        capture_output=True,
        text=True,
        env=env,
    )
    took = time.perf_counter() - t
    if "已存入" not in out.stdout:
        raise SystemExit(f"ingest 失败：{out.stderr.strip()[-500:]}")
    return int(out.stdout.split("已存入 ")[1].split(" ")[0]), took


def files_part(corpus: Path, pg: str | None, baseline: str) -> None:
    from distributed import LocalCluster

    base_env, now_env = env_for(export(baseline)), env_for(ROOT / "src")
    print(f"\n## 入库并核查（报告/秒；基线 {baseline} 与当前代码同一次运行）")
    print(
        f"{'形式':5} {'份数':>5} {'基线':>7} {'-j 1':>7} {'×基线':>6} {'-j 2':>7} {'加速':>6}"
        f" {'效率':>5} {'Dask×1':>7} {'Dask×2':>7} {'效率':>5} {'KB/份':>6} {'×基线':>6}"
    )
    # (each cluster's HTTP server on a free port: the second would warn that 8787 is taken)
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as one,
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as two,
    ):
        for form_dir in sorted(p for p in corpus.iterdir() if p.is_dir()):
            rates: dict[str, float] = {}
            sizes: dict[str, float] = {}
            runs = [
                ("base", [], base_env),
                ("j1", ["-j", "1"], now_env),
                ("j2", ["-j", "2"], now_env),
                ("d1", ["--dask", one.scheduler_address], now_env),
                ("d2", ["--dask", two.scheduler_address], now_env),
            ]
            for key, args, env in runs:
                with tempfile.TemporaryDirectory() as tmp:
                    db, dbname = f"sqlite:///{tmp}/b.db", None
                    if key.startswith("d") and pg:
                        dbname, db = create_pg(pg)
                    n, took = ingest_rate(form_dir, db, args, env)
                    if key in ("base", "j1"):
                        sizes[key] = db_size(db) / n / 1024
                    if dbname:
                        drop_pg(pg, dbname)  # type: ignore[arg-type]
                rates[key] = n / took if took else 0.0
            b, j1, j2, d1, d2 = (rates[k] for k in ("base", "j1", "j2", "d1", "d2"))
            print(
                f"{form_dir.name:5} {n:5d} {b:7.1f} {j1:7.1f} {j1 / b:5.2f}× {j2:7.1f}"
                f" {j2 / j1:5.2f}× {j2 / (2 * j1):5.0%} {d1:7.1f} {d2:7.1f} {d2 / (2 * d1):5.0%}"
                f" {sizes['j1']:6.1f} {sizes['j1'] / sizes['base']:5.2f}×"
            )


# -- 2. scale ---------------------------------------------------------------------------------


def templates(reports_jsonl: Path) -> dict[int, list[dict[str, Any]]]:
    """Each composed report prepared as ingest prepares it, by report year."""
    from ogi.model import Report
    from ogi.services.ingest_prepare import prepare

    out: dict[int, list[dict[str, Any]]] = {}
    for line in reports_jsonl.read_text("utf-8").splitlines():
        b = prepare(Report.model_validate_json(line))
        out.setdefault(b["figures"]["year"], []).append(b)
    return out


LEVELS = [("county", "县级"), ("township", "乡镇级"), ("county", "县级"), ("city", "市级")]


def _agency(a: int) -> dict[str, Any]:
    """The `a`-th fictional agency: a county government, a township, a county department
    or a city department, in one of the fictional places."""
    from ogi.agencies.identify import stable_id

    p = national_corpus
    prov = p.PROVINCES[a % len(p.PROVINCES)]
    city = p.CITIES[(a // 5) % len(p.CITIES)]
    county = p.COUNTIES[(a // 30) % len(p.COUNTIES)]
    dept = p.DEPARTMENTS[(a // 7) % len(p.DEPARTMENTS)]
    kind = a % 4
    body = ["人民政府", p.TOWNS[a % len(p.TOWNS)] + "人民政府", dept, dept][kind]
    place = f"{prov}{city}{county}" if kind < 3 else f"{prov}{city}"
    name = f"{place}{body}（{a}）"  # the number keeps every name distinct
    return {
        "name": name,
        "code": stable_id(name, None),
        "level": LEVELS[kind][0],
        "kind": "department" if kind >= 2 else ("township" if kind == 1 else "government"),
        "province": prov,
        "city": city,
        "county": county if kind < 3 else None,
    }


def synthesise(url: str, tpl: dict[int, list[dict[str, Any]]], start: int, n: int) -> None:
    """Reports `start`…`start + n - 1`: agency i // 5, years 2020–2024, each a template of
    that year under the agency's name, written in batches through ingest's functions."""
    from sqlalchemy import select

    from ogi.services.ingest_rows import finding_row, index_row, insert_indexed, insert_new
    from ogi.store import open_store
    from ogi.store.models import Agency

    rng = random.Random(start)
    years = sorted(tpl)
    parsed: dict[int, dict[str, Any]] = {}
    store = open_store(url, notify=lambda _m: None)
    for lo in range(start, start + n, 1000):
        hi = min(lo + 1000, start + n)
        with store.session(write=True) as s:
            wanted = {i // len(years): _agency(i // len(years)) for i in range(lo, hi)}
            have = dict(
                s.execute(
                    select(Agency.name, Agency.id).where(
                        Agency.name.in_([a["name"] for a in wanted.values()])
                    )
                ).all()
            )
            fresh = [a for a in wanted.values() if a["name"] not in have]
            if fresh:
                s.execute(Agency.__table__.insert(), fresh)
                have = dict(
                    s.execute(
                        select(Agency.name, Agency.id).where(
                            Agency.name.in_([a["name"] for a in wanted.values()])
                        )
                    ).all()
                )
            bundles, meta = [], {}
            for i in range(lo, hi):
                ag = wanted[i // len(years)]
                year = years[i % len(years)]
                b = rng.choice(tpl[year])
                sha = f"{i:064x}"
                path = f"synthetic/{i}.txt"
                # the worker hands the document over as JSON text (see ingest_rows)
                if id(b) not in parsed:
                    parsed[id(b)] = json.loads(b["report"]["document"])
                doc = copy.copy(parsed[id(b)])
                doc["agency"] = ag["name"]
                doc["source"] = {**doc["source"], "sha256": sha, "path": path}
                bundles.append(
                    {
                        "report": {
                            **b["report"],
                            "agency": ag["name"],
                            "sha256": sha,
                            "source_path": path,
                            "document": json.dumps(doc),
                            "agency_id": have[ag["name"]],
                            "primary": True,
                        }
                    }
                )
                meta[sha] = (b, ag)
            ids = insert_new(s, bundles)
            index_rows, finding_rows = [], []
            for sha, rid in ids.items():
                b, ag = meta[sha]
                row = index_row(rid, {**b["figures"], "agency": ag["name"]}, b["own"], True)
                row["region"] = "".join(x for x in (ag["province"], ag["city"], ag["county"]) if x)
                row["level"] = dict(LEVELS)[ag["level"]]
                index_rows.append(row)
                finding_rows += [finding_row(rid, f) for f in b["own"]]
            insert_indexed(s, index_rows, finding_rows)
    store.close()


def latency(url: str, n: int) -> dict[str, float]:
    """Median milliseconds of each query (and of the baseline), five runs after a warm-up."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    first = _agency(n // 10)
    params = {
        "agency": first["name"],
        "year": 2023,
        "region": first["province"] + first["city"] + (first["county"] or ""),
    }
    out: dict[str, float] = {}
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        for name, sql in {"基线 count(*)": BASELINE_QUERY, **QUERIES}.items():
            times = []
            for _ in range(6):
                t = time.perf_counter()
                rows = conn.execute(text(sql), params).all()
                times.append(time.perf_counter() - t)
            assert rows, name  # every query answers something
            out[name] = statistics.median(times[1:]) * 1000
    engine.dispose()
    return out


def scale_part(tpl: dict[int, list[dict[str, Any]]], sizes: list[int], pg: str | None) -> None:
    backends: list[tuple[str, str | None]] = [("SQLite", None)]
    if pg:
        backends.append(("PostgreSQL", pg))
    for label, admin in backends:
        tmp = tempfile.mkdtemp(prefix="ogi-scale-")
        name = None
        if admin:
            name, url = create_pg(admin)
        else:
            url = f"sqlite:///{tmp}/scale.db"
        done = 0
        try:
            for size in sizes:
                t = time.perf_counter()
                synthesise(url, tpl, done, size - done)
                took = time.perf_counter() - t
                rate = (size - done) / took if took else 0.0
                done = size
                size_b = db_size(url)
                lat = latency(url, size)
                base = lat.pop("基线 count(*)")
                print(
                    f"\n## {label}，{size:,} 份报告（合成写入 {rate:.0f} 份/秒；"
                    f"库 {size_b / 2**20:.0f} MB，每份 {size_b / size / 1024:.1f} KB）"
                )
                print(f"  {'基线 ' + BASELINE_QUERY:34} {base:8.2f} ms {1:8.2f}×")
                for q, ms in lat.items():
                    mark = "" if q == "SELECT 1" else ("✓ <200 ms" if ms < 200 else "✗ ≥200 ms")
                    print(f"  {q:34} {ms:8.2f} ms {ms / base:8.2f}× {mark}")
        finally:
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
    ap.add_argument("--baseline", default=BASELINE)
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
        files_part(corpus, a.pg, a.baseline)
    if a.skip_scale:
        return
    tpl = templates(corpus / "reports.jsonl")
    print(f"\n模板：{sum(map(len, tpl.values()))} 份编制、核查并统计的报告")
    scale_part(tpl, [int(x) for x in a.sizes.split(",")], a.pg)


if __name__ == "__main__":
    main()
