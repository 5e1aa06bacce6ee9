"""Peak memory and throughput of checking a batch: streaming (`ogi.services.check`)
against the baseline "read every report, then check the list" (how `ogi check` worked
before it streamed), measured in the same run on the same files.

    .venv/bin/python benchmarks/check_memory.py [--reports 500 2000]

Writes N reports as ogi JSON into a temporary folder (the hand-checked truth of
../shared with six text parts, else all-zero reports; one agency each, so the cross-year
rules keep what they need of every report), then for each way: reports/s and the peak
of Python allocations (tracemalloc) while checking. Memory that grows with N is what the
streaming check must not have; the figure to read is the growth per report.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.check_speed import sample_reports  # noqa: E402
from ogi.check import run_checks  # noqa: E402
from ogi.services.batch import expand_paths, load_reports_json  # noqa: E402
from ogi.services.check import check_files  # noqa: E402


def write_batch(folder: Path, n: int) -> None:
    base = sample_reports()
    for i in range(n):
        r = base[i % len(base)]
        r = r.model_copy(
            update={
                "agency": f"示例县第{i:05d}局",
                "source": r.source.model_copy(update={"path": f"r{i:05d}.txt", "sha256": str(i)}),
            }
        )
        (folder / f"r{i:05d}.json").write_text(r.model_dump_json(), encoding="utf-8")


def baseline_list(folder: Path) -> int:
    """Before: every report read into a list, then checked, findings kept."""
    reports = [r for p in sorted(folder.glob("*.json")) for r in load_reports_json(p)]
    return len(run_checks(reports, config=False)) and len(reports)


def streaming(folder: Path) -> int:
    """Now: each report checked as it is read; counts and summaries kept."""
    result = check_files([folder], config=False, keep_findings=False)
    return len(result.reports)


def measure(fn: Callable[[Path], int], folder: Path) -> tuple[float, float, int]:
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    n = fn(folder)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[500, 2000])
    args = parser.parse_args()
    assert expand_paths  # the folder is read as `ogi check` reads it
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # Warm up: rule modules, edition caches and labels are loaded once per process.
        write_batch(Path(tmp), 5)
        baseline_list(Path(tmp))
        streaming(Path(tmp))
    for n in args.reports:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_batch(folder, n)
            for name, fn in (
                ("baseline: read all, then check", baseline_list),
                ("streaming", streaming),
            ):
                seconds, peak, checked = measure(fn, folder)
                rows.append((n, name, checked / seconds, peak))
    print(f"{'reports':>8}  {'way':<32} {'reports/s':>10} {'peak MiB':>9}")
    for n, name, rate, peak in rows:
        print(f"{n:>8}  {name:<32} {rate:>10,.0f} {peak:>9.1f}")
    if len(args.reports) >= 2:
        lo, hi = min(args.reports), max(args.reports)
        for name in ("baseline: read all, then check", "streaming"):
            a = next(r for r in rows if r[0] == lo and r[1] == name)
            b = next(r for r in rows if r[0] == hi and r[1] == name)
            per = (b[3] - a[3]) * 2**20 / (hi - lo) / 1024
            print(f"{name}: memory grows {per:.1f} KiB per report ({lo} → {hi})")
        sb = next(r for r in rows if r[0] == hi and r[1].startswith("baseline"))
        ss = next(r for r in rows if r[0] == hi and r[1] == "streaming")
        print(
            f"at {hi} reports, streaming / baseline: speed ×{ss[2] / sb[2]:.2f}, "
            f"peak memory ×{ss[3] / sb[3]:.2f}"
        )


if __name__ == "__main__":
    main()
