"""Reports checked per second by `run_checks` on already-built Reports.

    .venv/bin/python benchmarks/check_speed.py [--reports N] [--repeat R]

Uses the hand-checked truth cells of ../shared (seeds and corpus) when present, with
six text parts added, else reports built from the edition files; extraction is not
timed. Prints the overall rate and the slowest rules.
"""

from __future__ import annotations

import argparse
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = sample_reports()
    reports = [base[i % len(base)] for i in range(args.reports)]
    best = float("inf")
    findings = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        findings = len(run_checks(reports, config=False))
        best = min(best, time.perf_counter() - start)
    print(f"{len(reports)} reports, {findings} findings, best of {args.repeat}: {best:.3f} s")
    print(f"{len(reports) / best:,.0f} reports checked per second")

    # Per rule, single-report rules only (cross-year rules need a series).
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


if __name__ == "__main__":
    main()
