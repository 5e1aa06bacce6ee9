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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus
from _baseline import BASELINE, ROOT, env_for, export
from _process import callgrind

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


def instructions(files: list[Path], warm: list[Path], env: dict[str, str]) -> int:
    """Instructions of a process that extracts `files` after `warm`."""
    args = [json.dumps([str(f) for f in files]), json.dumps([str(f) for f in warm])]
    return callgrind([sys.executable, "-c", CHILD, *args], env)


def per_report(files: list[Path], warm: list[Path], env: dict[str, str]) -> float:
    """Millions of instructions a report: `files` read, less none read. Both sides run as
    an installed ogi does, with the bytecode Python caches beside each module: a first,
    unmeasured run writes it even where the environment says not to
    (PYTHONDONTWRITEBYTECODE). Without it the same code counts more per report (md at
    b2adc75: 25.76 M instructions without the cache, 20.96 with it), and the side just
    exported would have none."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONHASHSEED", "0")
    subprocess.run(
        [sys.executable, "-c", CHILD, "[]", json.dumps([str(f) for f in warm])],
        env=env,
        capture_output=True,
        check=True,
    )
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
