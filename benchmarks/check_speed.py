"""`ogi check` of a folder of published text reports: the baseline commit (a7f7a7d, or
OGI_BASELINE; one process) against the working tree with `-j 1` and `-j 2`, measured
in the same run, interleaved.

    .venv/bin/python benchmarks/check_speed.py [--reports 2000] [--repeat 2] [--rules]

Writes N text reports (the hand-checked truth of ../shared with six text parts, else
all-zero reports, printed by `ogi.render.render_text`; four years of each fictional
agency), then runs `ogi check FOLDER -f json` in a child process per way. Prints the
best wall time and the CPU time of the command and every process it started, as
reports/s and as ratios against the baseline. `--rules` adds the in-process rate of the
rules alone and the slowest rules.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from ogi.check import run_checks, select_rules
from ogi.check.registry import Context
from ogi.format import edition
from ogi.model import Report, Source

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.check.check_builders import SHARED, default_sections, truth_reports  # noqa: E402


def sample_reports() -> list[Report]:
    """The hand-checked truth of ../shared with six text parts added, else one
    all-zero report per edition."""
    sections = default_sections("2021")
    out: list[Report] = []
    for which in ("seeds", "corpus"):
        if (SHARED / which / "truth.jsonl").is_file():
            out += [r.model_copy(update={"sections": sections}) for r in truth_reports(which)]
    if not out:
        for name, year in (("2019", 2020), ("2021", 2022)):
            ed = edition(name)
            out.append(
                Report(
                    source=Source(path=f"synthetic-{name}.txt", sha256="", form="txt"),
                    report_year=year,
                    agency="示例县财政局",
                    edition=name,  # type: ignore[arg-type]
                    table_editions={"t2": name, "t3": name},
                    cells={p: 0 for p in ed.cell_paths()},
                    sections=default_sections(name),
                )
            )
    return out


def write_text_batch(folder: Path, n: int) -> None:
    """`n` published text reports: agency i // 4, years 2021–2024."""
    from ogi.render import render_text

    base = sample_reports()
    for i in range(n):
        agency = f"示例县第{i // 4:05d}局"
        year = 2021 + i % 4
        r = base[i % len(base)].model_copy(
            update={"agency": agency, "report_year": year, "title": None}
        )
        (folder / f"r{i:05d}.txt").write_text(render_text(r), encoding="utf-8")


def rules_timing(n: int, repeat: int) -> None:
    base = sample_reports()
    reports = [base[i % len(base)] for i in range(n)]
    best = float("inf")
    findings = 0
    for _ in range(repeat):
        start = time.perf_counter()
        findings = len(run_checks(reports, config=False))
        best = min(best, time.perf_counter() - start)
    print(f"\nrules alone, in this process: {len(reports)} reports, {findings} findings, "
          f"{len(reports) / best:,.0f} reports/s (best of {repeat})")  # fmt: skip
    timings = []
    for rule in select_rules():
        if rule.cross_report:
            continue
        start = time.perf_counter()
        for report in base:
            list(rule.check(report, Context.of(report)))
        timings.append(((time.perf_counter() - start) / len(base), rule.id))
    print("slowest rules (µs per report):")
    for seconds, rule_id in sorted(timings, reverse=True)[:5]:
        print(f"  {rule_id:<28} {seconds * 1e6:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--rules", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _baseline import BASELINE, env_for, export
    from corpus_scale import _become_subreaper, run

    _become_subreaper()
    base = f"baseline {BASELINE}"
    ways = [
        (base, env_for(export()), []),
        ("now -j 1", env_for(ROOT / "src"), ["-j", "1"]),
        ("now -j 2", env_for(ROOT / "src"), ["-j", "2"]),
    ]
    best: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        write_text_batch(folder, args.reports)
        for r in range(args.repeat):
            for name, env, extra in ways:  # interleaved: A B C A B C
                wall, cpu, _ = run(["check", str(folder), "-f", "json", *extra], env)
                print(f"round {r + 1} {name:<18} {wall:7.2f} s  CPU {cpu:7.2f} s", file=sys.stderr)
                old = best.get(name, (float("inf"), float("inf")))
                best[name] = (min(old[0], wall), min(old[1], cpu))
    n = args.reports
    print(f"`ogi check` of {n:,} text reports, best of {args.repeat} (2 cores shared)")
    print(f"{'way':<18} {'wall s':>8} {'reports/s':>10} {'CPU s':>8} {'× baseline speed':>17}")
    for name, _, _ in ways:
        wall, cpu = best[name]
        ratio = best[base][0] / wall
        print(f"{name:<18} {wall:>8.2f} {n / wall:>10.1f} {cpu:>8.2f} {ratio:>17.2f}")
    j1, j2 = best["now -j 1"], best["now -j 2"]
    print(f"-j 2 / -j 1: {j1[0] / j2[0]:.2f}× faster; CPU ×{j2[1] / j1[1]:.2f}")
    if args.rules:
        rules_timing(n, 3)


if __name__ == "__main__":
    main()
