"""Reports checked per second by `run_checks` on already-built Reports.

    .venv/bin/python benchmarks/check_speed.py [--reports N] [--repeat R]

Uses the hand-checked truth cells of ../shared (seeds and corpus) when present, with
six text parts added, else reports built from the edition files; extraction is not
timed. Prints the overall rate and the slowest rules.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ogi.check import run_checks, select_rules
from ogi.check.registry import Context
from ogi.format import edition
from ogi.model import Report, Section, Source

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
TEXT = {
    "overview": "本机关认真贯彻落实《条例》，主动公开、依申请公开、政府信息管理、"
    "政府信息公开平台建设、监督保障各方面工作有序推进。" * 6,
    "problems_improvements": "存在的主要问题是公开质量不高。下一步将加强培训。" * 4,
    "other_matters": "本年度未收取信息处理费。",
}


def sample_reports() -> list[Report]:
    sections = [
        Section(key=s.key, ordinal=s.ordinal, title=s.title, text=TEXT.get(s.key, ""))
        for s in edition("2021").sections
    ]
    out: list[Report] = []
    for which in ("seeds", "corpus"):
        path = SHARED / which / "truth.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text("utf-8").splitlines():
            d = json.loads(line)
            out.append(
                Report(
                    source=Source(path=d["file"], sha256="", form="txt"),
                    report_year=d["report_year"],
                    agency=d.get("agency"),
                    published=d.get("published"),
                    edition=d.get("edition"),
                    table_editions=d.get("table_editions") or {},
                    cells=d["cells"],
                    sections=sections,
                )
            )
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
                    sections=sections,
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
