"""Machine instructions per report for each text form, now and at the baseline commit,
counted by valgrind's callgrind: a figure that does not move with the machine's load.

    python benchmarks/instructions.py [--files 40] [--forms txt,md,html] [--baseline REV]

Files come from `national_corpus.py`. Each count is of one process that extracts the
files in turn (after two unmeasured files, with garbage collection off), less the same
process with no files: start-up and the first reading's caches are not counted. Timing
benchmarks (`forms_speed.py`) say the same in reports per second, with the noise of a
shared machine; this one says it in instructions, the same on every run.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus
from _baseline import BASELINE, ROOT, env_for, export

CHILD = r"""
import gc, json, sys
from ogi.extract import extract
files = json.loads(sys.argv[1])
warm = json.loads(sys.argv[2])
for f in warm:
    extract(f)
gc.disable()
for f in files:
    extract(f)
"""

_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(files: list[Path], warm: list[Path], env: dict[str, str]) -> int:
    """Instructions of a process that extracts `files` after `warm`."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            CHILD,
            json.dumps([str(f) for f in files]),
            json.dumps([str(f) for f in warm]),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    m = _COLLECTED.search(out.stderr)
    if m is None:
        raise SystemExit(f"callgrind 未给出指令数：{out.stderr[-400:]}")
    return int(m.group(1))


def per_report(files: list[Path], warm: list[Path], env: dict[str, str]) -> float:
    """Millions of instructions a report: `files` read, less none read."""
    return (instructions(files, warm, env) - instructions([], warm, env)) / len(files) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--forms", default="txt,md,html")
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--corpus", type=Path)
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("需要 valgrind（Debian 软件包 valgrind）")
    forms = a.forms.split(",")
    corpus = a.corpus
    if corpus is None:
        corpus = Path(tempfile.mkdtemp(prefix="ogi-instructions-"))
        # a fifth of the agencies, five years each: `--files` reports of each form
        national_corpus.write(
            corpus, max(1, (a.files + 2) // 5 + 1), list(range(2020, 2025)), dict.fromkeys(forms)
        )
    base, now = env_for(export(a.baseline)), env_for(ROOT / "src")
    head = f"{'形式':6} {'份数':>5} {a.baseline:>12} {'当前':>12} {'基线/当前':>10}"
    print(head + "  （百万条指令/份）")
    for form in forms:
        found = sorted((corpus / form).glob(f"*.{form}"))
        warm, files = found[:2], found[2 : 2 + a.files]
        if not files:
            continue
        b, n = per_report(files, warm, base), per_report(files, warm, now)
        print(f"{form:6} {len(files):5d} {b:12.2f} {n:12.2f} {b / n:9.2f}×")


if __name__ == "__main__":
    main()
