"""Page latency of the web application with a province's reports in the store.

    .venv/bin/python benchmarks/web_latency.py [--reports 10000] [--repeat 20] [--db URL]

Synthesises N reports directly in a fresh store (2,000 agencies × 5 years by default,
20 regions, figures and findings as indexing would leave them; no file is read), then
times the corpus table (default order, and filtered and sorted by a measure), an
agency page and a two-report comparison through the application, in process (no
network). Each page is printed as median and 95th percentile in milliseconds, and as a
ratio to the baseline measured in the same run: the log-in page, which renders a
template and touches no report. Target: < 200 ms for each page on SQLite.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from ogi.extract import extract  # noqa: E402
from ogi.services.accounts import create_user  # noqa: E402
from ogi.services.check import check_one  # noqa: E402
from ogi.services.ingest_rows import finding_row  # noqa: E402
from ogi.services.measures import measures_of  # noqa: E402
from ogi.store.models import ReportRecord  # noqa: E402
from ogi.store.review import FindingRecord, ReportIndex  # noqa: E402
from ogi.web import create_app  # noqa: E402
from tests.shared import SAMPLES  # noqa: E402

YEARS = (2020, 2021, 2022, 2023, 2024)


def synthesise(app, n: int, seed: int = 7) -> tuple[str, int, int]:  # type: ignore[no-untyped-def]
    """N reports of fictional agencies, varied from the bundled 2024 sample; returns an
    agency name and two report ids to open."""
    rng = random.Random(seed)
    base = extract(SAMPLES / "示例镇-2024.html")
    wrong = extract(SAMPLES / "示例镇-2024.txt")
    agencies = max(1, n // len(YEARS))
    reports, index, findings = [], [], []
    rid = 0
    for a in range(agencies):
        name = f"示例县第{a + 1:04d}镇人民政府"
        region = f"示例市第{a % 20 + 1:02d}县"
        for year in YEARS:
            rid += 1
            if rid > n:
                break
            model = wrong if rng.random() < 0.1 else base
            scale = rng.randint(1, 9)
            cells = {k: (v * scale if isinstance(v, int) else v) for k, v in model.cells.items()}
            sha = hashlib.sha256(f"{name}{year}".encode()).hexdigest()
            report = model.model_copy(
                update={
                    "agency": name,
                    "report_year": year,
                    "cells": cells,
                    "source": model.source.model_copy(
                        update={"path": f"{name}-{year}.html", "sha256": sha}
                    ),
                }
            )
            doc = report.model_dump(mode="json")
            reports.append(
                {
                    "id": rid,
                    "agency": name,
                    "year": year,
                    "sha256": sha,
                    "form": "html",
                    "edition": "2021",
                    "source_path": report.source.path,
                    "cells": doc["cells"],
                    "sections": doc["sections"],
                    "problems": [],
                    "document": doc,
                    "published": f"{year + 1}-01-20",
                }
            )
            found = check_one(report) if model is wrong else []
            mine = [f for f in found if f.audience == "agency"]
            counts = {s: sum(f.severity == s for f in mine) for s in ("error", "warning", "info")}
            index.append(
                {
                    "report_id": rid,
                    "agency": name,
                    "year": year,
                    "region": region,
                    "level": "乡镇",
                    "edition": "2021",
                    "form": "html",
                    "public": True,
                    "errors": counts["error"],
                    "warnings": counts["warning"],
                    "infos": counts["info"],
                    "problems": len(found) - len(mine),
                    **measures_of(report),
                }
            )
            findings += [finding_row(rid, f) for f in found]
    with app.state.store.session() as s:
        for start in range(0, len(reports), 1000):
            s.execute(insert(ReportRecord), reports[start : start + 1000])
        for start in range(0, len(index), 2000):
            s.execute(insert(ReportIndex), index[start : start + 2000])
        if findings:
            s.execute(insert(FindingRecord), findings)
        create_user(s, "viewer", "benchmark-pass", "viewer")
    return "示例县第0001镇人民政府", 1, 2


def timed(client: TestClient, path: str, repeat: int) -> list[float]:
    client.get(path)  # warm: templates compiled, caches filled
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = client.get(path)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--db", help="store URL (default: a new SQLite file)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    app = create_app(url, worker=False)
    t = time.perf_counter()
    agency, a, b = synthesise(app, args.reports)
    took = time.perf_counter() - t
    print(f"{args.reports} reports synthesised in {took:.1f} s ({url.split(':')[0]})")
    with TestClient(app) as client:
        page = client.get("/login").text
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post(
            "/login", data={"username": "viewer", "password": "benchmark-pass", "csrf_token": token}
        )
        pages = {
            "baseline: log-in page": "/login",
            "corpus table (first page)": "/corpus",
            "corpus, 2024, by received desc": "/corpus?year=2024&sort=received&desc=1",
            "corpus, region + errors filter": "/corpus?region=示例市第03县&status=errors",
            "agency page (5 years)": f"/agency?name={agency}",
            "two reports compared": f"/compare?a={a}&b={b}",
            "analysis charts": "/analysis",
        }
        results = {name: timed(client, path, args.repeat) for name, path in pages.items()}
    base = statistics.median(results["baseline: log-in page"])
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'× baseline':>11}  target < 200 ms")
    for name, times in results.items():
        med = statistics.median(times)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        mark = "" if name.startswith("baseline") else ("ok" if p95 < 200 else "SLOW")
        print(f"{name:34} {med:10.1f} {p95:8.1f} {med / base:11.1f}  {mark}")
    app.state.store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
