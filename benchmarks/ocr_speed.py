"""Speed and accuracy of OCR on scanned pages, against a baseline revision in one run.

Usage: .venv/bin/python benchmarks/ocr_speed.py [--pages N] [--ocr-dpi D] [--baseline REV]
                                                [--rounds R]

Scans, each read with `read_pdf` and OCR'd at `--ocr-dpi` (default 200):
- the test suite's drawn page (a heading, a ruled table with merged cells, a
  paragraph), N copies scanned at 150 and at 300 dpi; its cells are checked against
  the values drawn;
- the table pages of the shared corpus sample report (when present) printed to
  pictures at 300 dpi; its cells are checked against the reading of its own
  text layer.
The working tree and the baseline (default a7f7a7d, main before the scale work) each read
every scan in a child process (then all of them again with two worker processes, as a
batch on both cores of the machine does), alternated round by round (A B A B …); the figures are
the medians over rounds of pages per second (wall clock and CPU time of the process,
all its threads) and of the table cells read exactly. Loading the models (once per
process) is left out. Last, `ogi extract` of one scanned file of --whole-pages drawn
pages at 200 dpi, as a user runs it (default -j), by wall clock of the whole process.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

# Run with PYTHONPATH selecting the ogi under test: per scan, the seconds taken and the
# table cells read.
CHILD = r"""
import json, sys, time
from ogi.readers import ocr
from ogi.readers.pdf import read_pdf

scans, dpi = json.loads(sys.argv[1]), int(sys.argv[2])
if not ocr.available():
    raise SystemExit("未安装 rapidocr_onnxruntime")
out = {}
for path in scans:
    data = open(path, "rb").read()
    wall, cpu = time.perf_counter(), time.process_time()
    doc = read_pdf("bench.pdf", data, ocr_dpi=dpi, time_limit=3600, ocr_page_limit=3600)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    cells = [
        [[c.row, c.col, c.rowspan, c.colspan, c.text] for row in b.rows for c in row]
        for b in doc.blocks if b.is_table
    ]
    out[path] = {"wall": wall, "cpu": cpu, "cells": cells}

# the whole box: two worker processes (a model each, loaded before the clock starts)
# reading the same scans, as a batch over both cores does
if __name__ == "__main__":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, wait
    from benchmarks_ocr_child import load, read
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx, initializer=load) as pool:
        wait([pool.submit(time.sleep, 0.5) for _ in range(4)])
        wall = time.perf_counter()
        wait([pool.submit(read, path, dpi) for path in scans])
        out["two workers"] = time.perf_counter() - wall
print(json.dumps(out, ensure_ascii=False))
"""

# Functions the two worker processes run (importable by name under spawn).
WORKER = r"""
def load():
    from ogi.readers import ocr
    ocr._engine()

def read(path, dpi):
    from ogi.readers.pdf import read_pdf
    read_pdf("bench.pdf", open(path, "rb").read(), ocr_dpi=dpi, time_limit=3600,
             ocr_page_limit=3600)
"""


def _scan_helpers():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scan_pages", ROOT / "tests/readers/test_ocr.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


Cells = list[set[tuple[int, int, int, int, str]]]


def _cells(doc) -> Cells:  # type: ignore[no-untyped-def]
    return [
        {(c.row, c.col, c.rowspan, c.colspan, c.text) for row in b.rows for c in row}
        for b in doc.blocks
        if b.is_table
    ]


def _right(got: list[list[list]], want: Cells) -> int:  # type: ignore[type-arg]
    return sum(len({tuple(c) for c in g} & w) for g, w in zip(got, want, strict=False))


def scans(pages: int) -> list[tuple[str, bytes, int, Cells]]:
    """(name, PDF, pages, cells wanted) of each scan measured."""
    from ogi.readers.pdf import read_pdf

    t = _scan_helpers()
    out = []
    for dpi in (150, 300):
        data = t.image_pdf(*[t.draw_page(dpi)] * pages, dpi=dpi)
        out.append((f"自绘表格页 {dpi} dpi", data, pages, [set(t.CELLS)] * pages))
    if t.SAMPLE.exists():
        import pypdfium2 as pdfium

        text_pdf = t.table_pages(t.SAMPLE.read_bytes())
        want = _cells(read_pdf("text.pdf", text_pdf))
        n = len(pdfium.PdfDocument(text_pdf))
        out.append(("样本报告表格页 300 dpi", t.rasterised(text_pdf, 300), n, want))
    return out


def _child(src: Path, paths: list[str], dpi: int) -> dict:  # type: ignore[type-arg]
    from _baseline import env_for

    folder = Path(paths[0]).parent
    (folder / "benchmarks_ocr_child.py").write_text(WORKER)
    (folder / "child.py").write_text(CHILD)
    env = env_for(src)
    env["PYTHONPATH"] += os.pathsep + str(folder)
    run = subprocess.run(
        [sys.executable, str(folder / "child.py"), json.dumps(paths), str(dpi)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


# `ogi extract FILE` as a user runs it (default -j: every core), whole process.
WHOLE = "import sys; from ogi.cli import app; sys.argv = ['ogi', *sys.argv[1:]]; app()"


def _whole_file(src: Path, path: str, *options: str) -> float:
    """Wall-clock seconds of `ogi extract path` with the ogi under `src`."""
    import time

    from _baseline import env_for

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", WHOLE, "extract", *options, path],
        env=env_for(src),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    from _baseline import BASELINE, export

    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1)
    ap.add_argument("--ocr-dpi", type=int, default=200)
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--whole-pages", type=int, default=6, help="pages of the one-file scan")
    args = ap.parse_args()

    measured = scans(args.pages)
    folder = Path(tempfile.mkdtemp(prefix="ogi-ocr-speed-"))
    paths = []
    for k, (_, data, _, _) in enumerate(measured):
        path = folder / f"{k}.pdf"
        path.write_bytes(data)
        paths.append(str(path))
    trees = {"ogi": ROOT / "src", "基线": export(args.baseline)}
    runs: dict[str, list[dict]] = {name: [] for name in trees}  # type: ignore[type-arg]
    # one scanned file of several pages, as `ogi extract scan.pdf` reads it
    t = _scan_helpers()
    whole = folder / "whole.pdf"
    whole.write_bytes(t.image_pdf(*[t.draw_page(200)] * args.whole_pages, dpi=200))
    walls: dict[str, list[float]] = {name: [] for name in trees}
    single: list[float] = []  # the working tree with -j 1: one process, one core
    for _ in range(args.rounds):
        for name, src in trees.items():
            runs[name].append(_child(src, paths, args.ocr_dpi))
            walls[name].append(_whole_file(src, str(whole)))
        single.append(_whole_file(trees["ogi"], str(whole), "-j", "1"))

    print(f"识别 {args.ocr_dpi} dpi；基线 {args.baseline}；{args.rounds} 轮交替取中位数")
    totals = {name: [0.0, 0.0, 0, 0, 0] for name in trees}  # wall, cpu, pages, right, cells
    for (name, _, pages, want), path in zip(measured, paths, strict=True):
        cells = sum(len(w) for w in want)
        line = [f"{name}（{pages} 页）"]
        for tree, rs in runs.items():
            wall = statistics.median(r[path]["wall"] for r in rs)
            cpu = statistics.median(r[path]["cpu"] for r in rs)
            right = min(_right(r[path]["cells"], want) for r in rs)
            t = totals[tree]
            t[0] += wall
            t[1] += cpu
            t[2] += pages
            t[3] += right
            t[4] += cells
            line.append(
                f"{tree} {pages / wall:.2f} 页/秒（CPU {pages / cpu:.2f}），单元格 {right}/{cells}"
            )
        print("；".join(line))
    pages = totals["ogi"][2]
    box = {tree: statistics.median(r["two workers"] for r in rs) for tree, rs in runs.items()}
    print(
        f"两个工作进程（整机 2 核）：ogi {pages / box['ogi']:.2f} 页/秒，"
        f"基线 {pages / box['基线']:.2f} 页/秒，提速 {box['基线'] / box['ogi']:.2f}×"
    )
    one = {tree: statistics.median(w) for tree, w in walls.items()}
    print(
        f"ogi extract 一个 {args.whole_pages} 页扫描文件（默认 -j，整个进程，含启动与载入模型）："
        f"ogi {one['ogi']:.1f} 秒（{args.whole_pages / one['ogi']:.2f} 页/秒），"
        f"基线 {one['基线']:.1f} 秒（{args.whole_pages / one['基线']:.2f} 页/秒），"
        f"提速 {one['基线'] / one['ogi']:.2f}×；ogi -j 1 {statistics.median(single):.1f} 秒"
    )
    ours, base = totals["ogi"], totals["基线"]
    print(
        f"合计：ogi {ours[2] / ours[0]:.2f} 页/秒（CPU {ours[2] / ours[1]:.2f}），"
        f"单元格 {ours[3]}/{ours[4]}；基线 {base[2] / base[0]:.2f} 页/秒"
        f"（CPU {base[2] / base[1]:.2f}），单元格 {base[3]}/{base[4]}；"
        f"提速 {base[0] / ours[0]:.2f}×（CPU {base[1] / ours[1]:.2f}×）"
    )


if __name__ == "__main__":
    main()
