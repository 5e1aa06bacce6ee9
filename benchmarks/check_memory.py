"""Peak memory of `ogi check` on 1,000, 2,000 and 4,000 reports: the baseline commit
(a7f7a7d, or OGI_BASELINE: every report read into a list, then checked) against the
working tree (`-j 1`, and the main process of `-j 2`), measured in the same run.

    .venv/bin/python benchmarks/check_memory.py [--reports 1000 2000 4000]

Writes N reports as ogi JSON (the hand-checked truth of ../shared with six text parts,
else all-zero reports; four years of each fictional agency, so the cross-year rules
have series to check), then runs `ogi check FILES -f json` in a child process per way
and size, interleaved; and `ogi check FOLDER -f json`, which does not hold the list of
files that a command line of N files is. The child reports the peak of Python's allocations while
checking (tracemalloc, after a warm-up check of a few files that loads the rules) and
its peak resident size (ru_maxrss, which also counts SQLite's and the libraries'
memory). What must hold: the working tree's peak at 4,000 reports within a few MB of
its peak at 1,000.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _baseline import BASELINE, ROOT, env_for, export

# in the child: a warm-up check, then the measured one; figures on the last line
CHILD = r"""
import contextlib, io, resource, sys, tracemalloc
from pathlib import Path
from ogi.cli import app

folder, jobs = Path(sys.argv[1]), sys.argv[2]
files = sorted(str(p) for p in folder.glob("*.json"))
extra = ["-j", jobs] if jobs != "-" else []
how = sys.argv[3] if len(sys.argv) > 3 else "json"
if how == "split":  # one workbook per agency
    extra += ["--split-by-agency", str(folder / "wb")]
elif how == "one":  # one workbook for the batch
    extra += ["-o", str(folder / "wb.xlsx")]
else:
    extra += ["-f", "json"]
given = [str(folder)] if how == "folder" else files  # the folder named, not its files

def check(paths, warm=False):
    # the warm-up's output kept to look at; the measured output is not held
    sink = io.StringIO() if warm else open("/dev/null", "w")
    with contextlib.redirect_stdout(sink):
        try:
            app(["check", *paths, *extra])
        except SystemExit:
            pass

check(files[:5], warm=True)
tracemalloc.start()
check(given)
_, peak = tracemalloc.get_traced_memory()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"FIGURES {peak} {rss * 1024}")
"""


def write_batch(folder: Path, n: int) -> None:
    """`n` reports as ogi JSON: agency i // 4, years 2021–2024, each its own bytes."""
    from benchmarks.check_speed import sample_reports

    base = sample_reports()
    for i in range(n):
        r = base[i % len(base)]
        r = r.model_copy(
            update={
                "agency": f"示例县第{i // 4:05d}局",
                "report_year": 2021 + i % 4,
                "source": r.source.model_copy(update={"path": f"r{i:05d}.txt", "sha256": str(i)}),
            }
        )
        (folder / f"r{i:05d}.json").write_text(r.model_dump_json(), encoding="utf-8")


def measure(src: Path, folder: Path, jobs: str, *workbook: str) -> tuple[float, float]:
    """(tracemalloc peak MiB, ru_maxrss MiB) of one `ogi check` of `folder`."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), jobs, *workbook],
        env=env_for(src),
        capture_output=True,
        text=True,
        cwd=folder,
        check=True,
    )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("FIGURES "))
    peak, rss = (int(x) / 2**20 for x in line.split()[1:])
    return peak, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument(
        "--workbooks",
        action="store_true",
        help="instead: one workbook for the batch, before and now, and one per agency",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    ways = [
        (f"baseline {BASELINE}", export(), "-"),
        ("now -j 1", ROOT / "src", "1"),
        ("now -j 2 (main process)", ROOT / "src", "2"),
        ("now -j 1, the folder", ROOT / "src", "1", "folder"),
    ]
    if args.workbooks:
        workbooks(args.reports)
        return
    rows: dict[tuple[str, int], tuple[float, float]] = {}
    for n in args.reports:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_batch(folder, n)
            for name, src, jobs, *how in ways:
                rows[name, n] = measure(src, folder, jobs, *how)
                print(f"{n:>6} reports  {name:<26} {rows[name, n][0]:8.1f} MiB"
                      f" {rows[name, n][1]:8.1f} MiB", file=sys.stderr)  # fmt: skip
    print(f"{'reports':>8}  {'way':<26} {'Python peak MiB':>16} {'max RSS MiB':>12}")
    for (name, n), (peak, rss) in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{n:>8}  {name:<26} {peak:>16.1f} {rss:>12.1f}")
    lo, hi = min(args.reports), max(args.reports)
    print(f"\ngrowth from {lo:,} to {hi:,} reports (Python peak; max RSS):")
    for name, *_ in ways:
        (p0, r0), (p1, r1) = rows[name, lo], rows[name, hi]
        per = (p1 - p0) * 2**20 / (hi - lo) / 1024
        print(f"  {name:<26} +{p1 - p0:6.1f} MiB ({per:5.2f} KiB per report); +{r1 - r0:6.1f} MiB")
    base = f"baseline {BASELINE}"
    for n in args.reports:
        ratio = rows["now -j 1", n][0] / rows[base, n][0]
        rss = rows["now -j 1", n][1] / rows[base, n][1]
        print(f"at {n:,} reports, now -j 1 / baseline: Python peak ×{ratio:.2f}, RSS ×{rss:.2f}")


# the commit before one workbook was written from the spool (it held every finding)
WORKBOOK_BASELINE = "5230b75"


def workbooks(sizes: list[int]) -> None:
    """One workbook for the batch (`-o one.xlsx`): the commit before it was written from
    the spool (WORKBOOK_BASELINE, the batch's findings held for it) against the working
    tree, and `--split-by-agency` of the working tree; all -j 1, interleaved per size."""
    ways = (
        (f"-o one.xlsx {WORKBOOK_BASELINE}", export(WORKBOOK_BASELINE), "one"),
        ("-o one.xlsx now", ROOT / "src", "one"),
        ("--split-by-agency now", ROOT / "src", "split"),
    )
    print(f"{'reports':>8}  {'way':<26} {'Python peak MiB':>16} {'max RSS MiB':>12}")
    rows = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_batch(folder, n)
            for name, src, how in ways:
                rows[name, n] = measure(src, folder, "1", how)
                print(f"{n:>8}  {name:<26} {rows[name, n][0]:>16.1f} {rows[name, n][1]:>12.1f}")
    lo, hi = min(sizes), max(sizes)
    for name, _, _ in ways:
        per = (rows[name, hi][0] - rows[name, lo][0]) * 2**20 / (hi - lo) / 1024
        print(f"  {name:<26} Python peak grows {per:5.2f} KiB per report ({lo:,} → {hi:,})")
    for n in sizes:
        now, before = rows["-o one.xlsx now", n], rows[f"-o one.xlsx {WORKBOOK_BASELINE}", n]
        print(
            f"at {n:,} reports, one workbook now / {WORKBOOK_BASELINE}: "
            f"Python peak ×{now[0] / before[0]:.2f}, RSS ×{now[1] / before[1]:.2f}"
        )


if __name__ == "__main__":
    main()
