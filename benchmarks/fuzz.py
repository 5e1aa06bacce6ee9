"""Long fuzzing run: thousands of damaged and hostile files read by `extract` (and checked).

    nice -n 19 .venv/bin/python benchmarks/fuzz.py --cases 20000 [--seed 9] [--jobs 2]
        [--forms txt,md,html,docx,pdf] [--timeout 60] [--save failures/] [--log run.jsonl]

Cases are made by `tests/fuzz/harness.py` from the samples and documents built from
them; each is read in its own forked process with a capped address space. Prints cases
and outcomes per form, failures by signature (with case numbers: `--only N` re-runs one),
the slowest case (CPU time: the machine may be shared), the peak memory, and the time per
case against the baseline of the unchanged seeds read in the same run. Exit status 1
when any case failed, was killed, or went over 20 s of CPU or 2 GB resident.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz import harness  # noqa: E402

SLOW_S = 20.0
BIG_MB = 2048.0


def baseline(seeds: harness.Seeds) -> dict[str, float]:
    """CPU seconds to read each unchanged seed, per form (median), in this process."""
    import tempfile

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for form, items in seeds.items():
            times = []
            for name, data in items:
                p = Path(tmp) / name
                p.write_bytes(data)
                harness.read_case(p, form)  # warm
                t = time.process_time()
                status, detail = harness.read_case(p, form)
                times.append(time.process_time() - t)
                if status != "read":
                    print(f"  seed {name} is not read cleanly: {status} {detail}")
            out[form] = statistics.median(times)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--start", type=int, default=0, help="first case number")
    ap.add_argument("--only", type=int, nargs="*", help="run only these case numbers")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--forms", default=",".join(harness.FORMS))
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--mem-gb", type=float, default=4.0, help="address-space cap per case")
    ap.add_argument("--save", type=Path, help="write failing cases to this directory")
    ap.add_argument("--log", type=Path, help="one JSON line per case")
    ap.add_argument(
        "--summarize", type=Path, nargs="+", help="only print the figures of earlier --log files"
    )
    args = ap.parse_args()
    if args.summarize:
        return summarize(args.summarize)

    forms = tuple(f for f in args.forms.split(",") if f)
    t0 = time.perf_counter()
    seeds = harness.build_seeds(pdf="pdf" in forms)
    print("seeds:", {f: len(v) for f, v in seeds.items()}, f"({time.perf_counter() - t0:.1f} s)")
    if "pdf" in forms and "pdf" not in seeds:
        print("  no PDF seeds: LibreOffice (soffice) is not installed")
    base = baseline(seeds)
    print("baseline (unchanged seeds, median CPU s):", {f: round(v, 4) for f, v in base.items()})

    indices = args.only or range(args.start, args.start + args.cases)
    log = args.log.open("w", encoding="utf-8") if args.log else None
    per_form: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[int]] = defaultdict(list)
    refusals: Counter[str] = Counter()
    mutations: Counter[str] = Counter()
    times: dict[str, list[float]] = defaultdict(list)
    wall_times: list[float] = []
    slowest: harness.Outcome | None = None
    biggest: harness.Outcome | None = None
    over: list[harness.Outcome] = []
    n = 0
    t0 = time.perf_counter()
    for o in harness.run_cases(
        seeds,
        args.seed,
        indices,
        jobs=args.jobs,
        timeout=args.timeout,
        mem_bytes=int(args.mem_gb * (1 << 30)),
        forms=forms,
    ):
        n += 1
        per_form[o.form][o.status] += 1
        mutations.update(o.mutations)
        times[o.form].append(o.cpu)
        wall_times.append(o.seconds)
        if o.status in ("failed", "killed"):
            failures[f"{o.form}: {o.detail}"].append(o.index)
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                case = harness.make_case(seeds, args.seed, o.index, forms)
                (args.save / f"case-{o.index}{harness.SUFFIX[o.form]}").write_bytes(case.data)
        elif o.status == "refused":
            refusals[o.detail] += 1
        if slowest is None or o.cpu > slowest.cpu:
            slowest = o
        if biggest is None or o.peak_mb > biggest.peak_mb:
            biggest = o
        if o.cpu > SLOW_S or o.peak_mb > BIG_MB:
            over.append(o)
        if log:
            log.write(json.dumps(harness.as_dict(o), ensure_ascii=False) + "\n")
        if n % 1000 == 0:
            bad = sum(len(v) for v in failures.values())
            print(f"  {n} cases, {bad} failures, {time.perf_counter() - t0:.0f} s", flush=True)
    if log:
        log.close()
    wall = time.perf_counter() - t0

    print(f"\n{n} cases in {wall:.0f} s ({args.jobs} jobs, seed {args.seed})")
    print("per form (read / refused with a reason / failed / killed):")
    for form in forms:
        c = per_form.get(form, Counter())
        t = sorted(times.get(form, [0.0]))
        p99 = t[min(len(t) - 1, int(len(t) * 0.99))]
        ratio = f"{statistics.median(t) / base[form]:.1f}x" if base.get(form) else "-"
        print(
            f"  {form:5} {sum(c.values()):6}: {c['read']} / {c['refused']} / {c['failed']} / "
            f"{c['killed']}   CPU median {statistics.median(t):.3f} s ({ratio} baseline), "
            f"p99 {p99:.2f} s, max {t[-1]:.2f} s"
        )
    print("mutations applied:", dict(mutations.most_common()))
    print("most common refusals:")
    for msg, k in refusals.most_common(12):
        print(f"  {k:6}  {msg}")
    print(f"failures by signature: {sum(len(v) for v in failures.values())}")
    for sig, idx in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(idx):6}  {sig}   cases {idx[:8]}")
    if slowest:
        print(
            f"slowest case: #{slowest.index} {slowest.form} {slowest.mutations} "
            f"{slowest.seconds:.2f} s wall, {slowest.cpu:.2f} s CPU ({slowest.status})"
        )
    if biggest:
        print(
            f"peak memory: #{biggest.index} {biggest.form} {biggest.mutations} "
            f"{biggest.peak_mb:.0f} MB resident ({biggest.status})"
        )
    print(f"cases over {SLOW_S:.0f} s of CPU or {BIG_MB:.0f} MB: {len(over)}")
    for o in over[:10]:
        print(f"  #{o.index} {o.form} {o.mutations} {o.cpu:.1f} s CPU {o.peak_mb:.0f} MB")
    by_wall = sorted(wall_times, reverse=True)[:3]
    print("longest wall times (shared machine, niced):", [f"{s:.1f} s" for s in by_wall])
    return 1 if failures or over else 0


def summarize(logs: list[Path]) -> int:
    """The figures of one or more logged runs (parts of one long run, or several runs):
    each case number counted once."""
    seen: dict[tuple[int, str], harness.Outcome] = {}
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                o = harness.Outcome(**json.loads(line))
            except (ValueError, TypeError):
                continue  # a line cut short when a run was stopped
            seen[(o.index, o.form)] = o
    outcomes = sorted(seen.values(), key=lambda o: o.index)
    per_form: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[int]] = defaultdict(list)
    refusals: Counter[str] = Counter()
    for o in outcomes:
        per_form[o.form][o.status] += 1
        if o.status in ("failed", "killed"):
            failures[f"{o.form}: {o.detail}"].append(o.index)
        elif o.status == "refused":
            refusals[o.detail] += 1
    print(f"{len(outcomes)} cases (case numbers {outcomes[0].index}–{outcomes[-1].index})")
    for form, c in sorted(per_form.items()):
        cpu = sorted(o.cpu for o in outcomes if o.form == form)
        print(
            f"  {form:5} {sum(c.values()):6}: read {c['read']}, refused {c['refused']}, "
            f"failed {c['failed']}, killed {c['killed']}; CPU median {statistics.median(cpu):.3f}"
            f" s, max {cpu[-1]:.2f} s"
        )
    print("most common refusals:")
    for msg, k in refusals.most_common(12):
        print(f"  {k:6}  {msg}")
    print(f"failures by signature: {sum(len(v) for v in failures.values())}")
    for sig, idx in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(idx):6}  {sig}   cases {idx[:8]}")
    slow = max(outcomes, key=lambda o: o.cpu)
    big = max(outcomes, key=lambda o: o.peak_mb)
    wall = max(outcomes, key=lambda o: o.seconds)
    print(f"slowest case (CPU): #{slow.index} {slow.form} {slow.mutations} {slow.cpu:.2f} s")
    print(f"longest wall time: #{wall.index} {wall.form} {wall.mutations} {wall.seconds:.2f} s")
    print(f"peak memory: #{big.index} {big.form} {big.mutations} {big.peak_mb:.0f} MB resident")
    over = [o for o in outcomes if o.cpu > SLOW_S or o.peak_mb > BIG_MB]
    print(f"cases over {SLOW_S:.0f} s of CPU or {BIG_MB:.0f} MB: {len(over)}")
    return 1 if failures or over else 0


if __name__ == "__main__":
    sys.exit(main())
