"""What matching agencies costs an ingest's writer as the store grows: N agencies matched
in batches of 100, as `ogi ingest`'s writer does, for the baseline commit and the
current code, interleaved in one run: half with no known place (their names are matched
one character away against every stored spelling), half placed in a fictional city
(each is looked for among the agencies without a place one character away). Also
checks that both give the same agencies, other names and candidates.

    python benchmarks/agency_match.py [--sizes 2000,8000] [--baseline REV] [--rounds 1]
        [--db-url URL]

Figures: CPU seconds of the matching (the writer's process, its store's reads included)
for each size, and current/baseline. Names are made of a small alphabet so that many
share a length, and one in ten is another with one character changed (a misread name).
`--db-url` as in `ingest_parent.py` (a PostgreSQL server) instead of SQLite files.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _baseline import ROOT, env_for, export
from ingest_parent import Databases

# Runs in the code under test: matches the names batch by batch, prints CPU and outcome.
MATCH = r"""
import json, random, sys, time
from sqlalchemy import select
from ogi.agencies.identify import Identity
from ogi.agencies.regions import Region
from ogi.services.agencies import Lookup, agency_for
from ogi.store import open_store
from ogi.store.models import Agency, AgencyCandidate, AgencyName
try:
    from ogi.services.agency_spellings import SpellingIndex
except ImportError:
    SpellingIndex = None
url, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
alphabet = "岚霁翠澜蘅枫檀栖溪黛岫芷苓榕谷峰川湖原野泽"
tails = ["教育局", "财政局", "人民政府", "卫生健康委员会", "自然资源局", "办事处"]
names, seen = [], set()
while len(names) < n:
    if names and rng.random() < 0.1:
        base = rng.choice(names)
        i = rng.randrange(len(base))
        name = base[:i] + rng.choice(alphabet) + base[i + 1:]
    else:
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 5)))
        name += rng.choice(tails)
    if name not in seen:
        seen.add(name)
        names.append(name)
cities = ["岚川市", "霁岭市", "翠湖市"]
places = {c: Region("澜原省", c, None, f"99{k:02d}00", "city") for k, c in enumerate(cities)}
def ident(x):
    if x[:3] in places:  # placed: its city is the name's first three characters
        return Identity(x, x, places[x[:3]], "department", "city")
    return Identity(x, x, None, "department", None)
names = [rng.choice(cities) + x if rng.random() < 0.5 else x for x in names]
names = list(dict.fromkeys(names))
store = open_store(url)
index = SpellingIndex() if SpellingIndex else None
start = time.process_time()
for k in range(0, n, 100):
    idents = [ident(x) for x in names[k:k + 100]]
    with store.session(write=True) as s:
        lookup = Lookup(s, idents, index=index) if index is not None else Lookup(s, idents)
        for i in sorted(idents, key=lambda i: (i.region is None, i.canonical)):
            agency_for(s, i, lookup)
cpu = time.process_time() - start
with store.session() as s:
    name = {a.id: a.name for a in s.scalars(select(Agency))}
    out = {
        "agencies": sorted(name.values()),
        "names": sorted((name[x.agency_id], x.name) for x in s.scalars(select(AgencyName))),
        "candidates": sorted(
            (name[c.agency_id], c.candidate) for c in s.scalars(select(AgencyCandidate))
        ),
    }
store.close()
print(json.dumps({"cpu": cpu, "outcome": out}, ensure_ascii=False))
"""


def run(env: dict[str, str], url: str, n: int, seed: int) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, "-c", MATCH, url, str(n), str(seed)],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(out.stderr[-3000:])
    return json.loads(out.stdout.splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2000,8000")
    ap.add_argument("--baseline", default=os.environ.get("OGI_BASELINE", "6e3f1af"))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db-url", help="a PostgreSQL server to run against")
    a = ap.parse_args()
    envs = {"baseline": env_for(export(a.baseline)), "now": env_for(ROOT / "src")}
    tmp = Path(tempfile.mkdtemp(prefix="ogi-agency-match-"))
    import atexit
    import shutil

    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    dbs = Databases(tmp, a.db_url)
    rows = []
    try:
        for n in [int(x) for x in a.sizes.split(",")]:
            cpu: dict[str, list[float]] = {k: [] for k in envs}
            outcome = {}
            for k in range(a.rounds):
                for name, env in envs.items():
                    db = dbs.new(f"{name}_{n}_{k}")
                    url = db if "://" in db else f"sqlite:///{db}"
                    r = run(env, url, n, a.seed)
                    cpu[name].append(r["cpu"])
                    outcome[name] = r["outcome"]
                    print(name, n, k, round(r["cpu"], 2), flush=True)
            same = outcome["baseline"] == outcome["now"]
            cands = len(outcome["now"]["candidates"])
            b, c = statistics.median(cpu["baseline"]), statistics.median(cpu["now"])
            rows.append((n, b, c, cands, same))
    finally:
        dbs.drop()
    print(
        f"\n机关名称匹配（每批 100 个，一半无地区），基线 {a.baseline} 与当前代码交替运行 "
        f"{a.rounds} 轮（CPU 秒，中位数）；数据库：{'PostgreSQL' if a.db_url else 'SQLite'}"
    )
    print(f"{'机关数':>8} {'基线':>8} {'当前':>8} {'当前/基线':>10} {'可能匹配':>8}  结果")
    for n, b, c, cands, same in rows:
        print(f"{n:8d} {b:8.2f} {c:8.2f} {c / b:9.2f}× {cands:8d}  {'相同' if same else '不同'}")


if __name__ == "__main__":
    main()
