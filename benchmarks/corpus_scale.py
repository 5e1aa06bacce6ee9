"""`ogi ingest`, re-ingest, `ogi export` and `ogi check` on a few thousand files: time,
share of the cores used, and peak memory, against the baseline commit in the same run.

    python benchmarks/corpus_scale.py [--agencies 134] [--years 2020-2024]
        [--forms txt,md,html] [--corpus DIR] [--baseline REV]

The files come from `national_corpus.py` (default: 134 fictional agencies × 5 years ×
3 forms = 2,010 files). The baseline (a7f7a7d, main before the scale work, or
OGI_BASELINE) is exported to a temporary folder and run with the same interpreter.
Each command runs in a child process that reports its own peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus
from _baseline import BASELINE, ROOT, env_for, export
from _process import run_tree

# the command in-process; its peak memory printed to stderr at exit (KB on Linux)
ENTRY = (
    "import sys, atexit, resource\n"
    "def _peak():\n"
    "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    sys.stderr.write(f'\\nPEAK {r.ru_maxrss} {r.ru_utime + r.ru_stime}\\n')\n"
    "atexit.register(_peak)\n"
    "from ogi.cli import app\n"
    "sys.argv[0] = 'ogi'\n"
    "app()\n"
)


def _become_subreaper() -> None:
    """Orphaned descendants (worker processes started by a fork server, which outlive
    the command by a moment) are handed to this process, so their CPU time is counted."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


PARENT_CPU: list[float] = []  # CPU seconds of each run's main process alone, in order


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of it and all its descendants, peak MB of the main
    process); the main process's own CPU seconds are appended to `PARENT_CPU`."""
    out, wall, cpu = run_tree(ENTRY, args, env)
    peaks = [ln.split() for ln in out.stderr.splitlines() if ln.startswith("PEAK ")]
    PARENT_CPU.append(float(peaks[-1][2]) if peaks else float("nan"))
    return wall, cpu, (int(peaks[-1][1]) / 1024 if peaks else float("nan"))


def measure(
    name: str, env: dict[str, str], corpus: Path, half: Path, tmp: Path, ingest_only: bool
) -> dict:
    """Every figure of one version of ogi."""
    tmp.mkdir(parents=True, exist_ok=True)
    db = str(tmp / f"{name}.db")
    files = sum(1 for _ in corpus.iterdir())
    r: dict[str, float] = {"files": files}
    r["ingest_wall"], r["ingest_cpu"], _ = run(["ingest", str(corpus), "--db", db], env)
    r["ingest_parent_cpu"] = PARENT_CPU[-1]
    r["reingest_wall"], r["reingest_cpu"], _ = run(["ingest", str(corpus), "--db", db], env)
    if name == "now":  # the same code on one core, for the speed-up on two
        r["ingest_j1_wall"], r["ingest_j1_cpu"], _ = run(
            ["ingest", str(corpus), "--db", str(tmp / "j1.db"), "-j", "1"], env
        )
    if ingest_only:
        return r
    _, _, r["export_peak"] = run(["export", str(tmp / f"{name}.csv"), "--db", db], env)
    small = str(tmp / f"{name}-quarter.db")
    run(["ingest", str(half), "--db", small], env)
    _, _, r["export_quarter_peak"] = run(["export", str(tmp / f"{name}-q.csv"), "--db", small], env)
    _, _, r["check_peak"] = run(["check", str(corpus), "--format", "json", "--exit-zero"], env)
    _, _, r["check_half_peak"] = run(["check", str(half), "--format", "json", "--exit-zero"], env)
    return r


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_ceiling(n: int = 6_000_000) -> float:
    """What two processes can gain on this machine at best: the same pure-Python work
    done twice in one process, then once in each of two (cores shared with other
    programs, or hyper-threads, show here as less than 2×)."""
    import multiprocessing

    t = time.perf_counter()
    _spin(n)
    _spin(n)
    one = time.perf_counter() - t
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [1000, 1000])  # workers started before the clock
        t = time.perf_counter()
        pool.map(_spin, [n, n], chunksize=1)
        two = time.perf_counter() - t
    return one / two


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=134)
    ap.add_argument("--years", default="2020-2024")
    ap.add_argument("--forms", default="txt,md,html")
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--ingest-only", action="store_true", help="only ingest and re-ingest")
    ap.add_argument("--rounds", type=int, default=1, help="baseline and current, interleaved")
    a = ap.parse_args()
    _become_subreaper()
    tmp = Path(tempfile.mkdtemp(prefix="ogi-corpus-scale-"))
    corpus = a.corpus
    if corpus is None:
        corpus = tmp / "corpus"
        first, last = (int(x) for x in a.years.split("-"))
        counts = national_corpus.write(
            corpus, a.agencies, list(range(first, last + 1)), national_corpus.parse_forms(a.forms)
        )
        print(f"生成：{counts}")
    # every report file, and a quarter of them, each in a folder of links: memory growth
    # per report compares two batches made alike. (The generator's reports.jsonl, the
    # reports' true values, is no input: read as one, it is one file of every report,
    # whose results are held at once: it would weigh on the whole batch and not the quarter)
    all_files = sorted(p for p in corpus.rglob("*.*") if p.name != "reports.jsonl")
    whole, half = tmp / "all", tmp / "quarter"
    for folder, chosen in ((whole, all_files), (half, all_files[::4])):
        folder.mkdir()
        for p in chosen:
            (folder / p.name).symlink_to(p)
    n_half = len(all_files[::4])
    runs: dict[str, list[dict]] = {a.baseline: [], "now": []}
    envs = {a.baseline: env_for(export(a.baseline)), "now": env_for(ROOT / "src")}
    ceilings = []
    for k in range(a.rounds):
        ceilings.append(machine_ceiling())
        for name, env in envs.items():
            runs[name].append(measure(name, env, whole, half, tmp / f"{name}-{k}", a.ingest_only))
        ceilings.append(machine_ceiling())
    # each figure: the median over the rounds
    results = {
        name: {key: statistics.median(r[key] for r in rs) for key in rs[0]}
        for name, rs in runs.items()
    }
    b, n = results[a.baseline], results["now"]
    files = n["files"]
    print(f"\n{files} 个文件，2 核；基线 {a.baseline} 与当前代码在同一次运行中测得")

    def share(x: dict) -> float:
        return x["ingest_cpu"] / (x["ingest_wall"] * 2)

    ceiling = statistics.median(ceilings)
    if a.ingest_only:
        _print_ingest(a.baseline, b, n, ceiling)
        return
    rows = [
        ("ingest 用时（秒）", b["ingest_wall"], n["ingest_wall"]),
        ("ingest 核心利用率", share(b), share(n)),
        ("ingest CPU（秒）", b["ingest_cpu"], n["ingest_cpu"]),
        ("重新 ingest 用时（秒）", b["reingest_wall"], n["reingest_wall"]),
        ("重新 ingest CPU（秒）", b["reingest_cpu"], n["reingest_cpu"]),
        (
            "首次/重新 ingest 用时比",
            b["ingest_wall"] / b["reingest_wall"],
            n["ingest_wall"] / n["reingest_wall"],
        ),
        ("export 峰值内存（MB）", b["export_peak"], n["export_peak"]),
        (
            "export 每份报告内存增长（KB）",
            (b["export_peak"] - b["export_quarter_peak"]) * 1024 / (files - n_half),
            (n["export_peak"] - n["export_quarter_peak"]) * 1024 / (files - n_half),
        ),
        ("check 峰值内存（MB）", b["check_peak"], n["check_peak"]),
        (
            "check 每份报告内存增长（KB）",
            (b["check_peak"] - b["check_half_peak"]) * 1024 / (files - n_half),
            (n["check_peak"] - n["check_half_peak"]) * 1024 / (files - n_half),
        ),
    ]
    print(f"{'指标':28} {a.baseline:>10} {'当前':>10} {'当前/基线':>10}")
    for label, x, y in rows:
        print(f"{label:28} {x:10.2f} {y:10.2f} {y / x if x else float('nan'):9.2f}×")
    _print_ingest(a.baseline, b, n, ceiling)


def _print_ingest(baseline: str, b: dict, n: dict, ceiling: float) -> None:
    for label, key in (("ingest", "ingest"), ("重新 ingest", "reingest")):
        print(
            f"{label}：基线 {baseline} 用时 {b[key + '_wall']:.2f} 秒"
            f"（CPU {b[key + '_cpu']:.2f} 秒），"
            f"当前 {n[key + '_wall']:.2f} 秒（CPU {n[key + '_cpu']:.2f} 秒）"
        )
    print(
        f"首次/重新 ingest 用时比：基线 {b['ingest_wall'] / b['reingest_wall']:.1f}×，"
        f"当前 {n['ingest_wall'] / n['reingest_wall']:.1f}×"
    )
    print(f"ingest 加速（基线用时/当前用时）：{b['ingest_wall'] / n['ingest_wall']:.2f}×")
    print(
        f"当前 -j 2 ingest 的 CPU：主进程 {n['ingest_parent_cpu']:.1f} 秒，"
        f"读取进程 {n['ingest_cpu'] - n['ingest_parent_cpu']:.1f} 秒"
    )
    print(
        f"当前代码 ingest：-j 1 用时 {n['ingest_j1_wall']:.1f} 秒"
        f"（CPU {n['ingest_j1_cpu']:.1f} 秒），"
        f"-j 2 用时 {n['ingest_wall']:.1f} 秒（CPU {n['ingest_cpu']:.1f} 秒）："
        f"加速 {n['ingest_j1_wall'] / n['ingest_wall']:.2f}×，"
        f"并行多用的 CPU {n['ingest_cpu'] / n['ingest_j1_cpu'] - 1:.0%}"
    )
    speedup = n["ingest_j1_wall"] / n["ingest_wall"]
    print(
        f"本机上限（同样的纯 Python 计算，1 个进程对 2 个进程，同一次运行中测得）：{ceiling:.2f}×；"
        f"ingest -j 2 达到上限的 {speedup / ceiling:.0%}"
    )


if __name__ == "__main__":
    main()
