"""Memory of one process reading reports with long cells one after another, as a batch
worker does: the working tree against a baseline commit, in the same run.

    .venv/bin/python benchmarks/long_cells_memory.py [--files 16] [--baseline 1ff4b36]
        [--form html]

Each file is the bundled sample report (示例镇) with a table of 40 rows of three cells
of 7,000 characters after it, other characters in each file (a hostile or broken file:
no report prints cells so long). A child process per tree extracts the files in turn
and prints its resident size after each. What must hold: the working tree's size after
the last file within a few MB of its size after the first (what readers keep for asking
again is bounded whatever the cells hold); the baseline (1ff4b36, before the bound)
grows with every file.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _baseline import ROOT, env_for, export

SAMPLES = ROOT / "samples"
WORDS = "规章规范性文件行政许可处罚强制收费项目数量本年新制作公开总上一年增减处理决定"

CHILD = r"""
import json, resource, sys
from ogi.extract import extract
from ogi.readers import ReadError
sizes = []
for path in json.loads(sys.argv[1]):
    try:
        extract(path)
    except ReadError:
        pass
    with open("/proc/self/statm") as f:
        sizes.append(int(f.read().split()[1]) * resource.getpagesize())
print(json.dumps(sizes))
"""


def write(folder: Path, n: int, form: str) -> list[str]:
    """`n` copies of the sample report in `form` (html or txt), each with its own table
    of long cells after the report."""
    rnd = random.Random(11)
    sample = (SAMPLES / f"示例镇-2024.{form}").read_text(encoding="utf-8")
    paths = []
    for k in range(n):
        rows = [["".join(rnd.choices(WORDS, k=7000)) for _ in range(3)] for _ in range(40)]
        if form == "html":
            table = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in r) + "</tr>" for r in rows)
            text = sample.replace("</body>", f"<table>{table}</table></body>")
        else:
            text = sample + "\n" + "\n".join("    ".join(r) for r in rows) + "\n"
        path = folder / f"long-{k:03d}.{form}"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def sizes(src: Path, paths: list[str]) -> list[int]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths)],
        env=env_for(src),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=16)
    ap.add_argument("--baseline", default="1ff4b36")
    ap.add_argument("--form", choices=("html", "txt"), default="html")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write(Path(tmp), a.files, a.form)
        now = sizes(ROOT / "src", paths)
        base = sizes(export(a.baseline), paths)
    mb = 1024 * 1024
    print(f"{a.files} 份含超长单元格的 {a.form} 文件，逐份读取后的常驻内存（MB）")
    print(f"{'第几份':>6}{a.baseline:>12}{'当前':>10}")
    for k in sorted({0, 1, a.files // 4, a.files // 2, a.files - 1}):
        print(f"{k + 1:>6}{base[k] / mb:>12.0f}{now[k] / mb:>10.0f}")
    grow_base = (base[-1] - base[0]) / mb / max(a.files - 1, 1)
    grow_now = (now[-1] - now[0]) / mb / max(a.files - 1, 1)
    print(f"每份增长（MB）：基线 {grow_base:.1f}，当前 {grow_now:.1f}")


if __name__ == "__main__":
    main()
