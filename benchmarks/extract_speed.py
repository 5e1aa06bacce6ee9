"""Reports per second and peak memory of `extract`, per input form, against a baseline
revision measured in the same run.

    python benchmarks/extract_speed.py [--baseline REV] [--repeat N] [DIR ...]

Defaults to the bundled samples plus ../shared/seeds and ../shared/corpus where present,
and to `main` as the baseline: that revision is unpacked with `git archive` into a
temporary directory and imported from there. Each form's files are read over and over
for `--seconds` in a fresh process per form and revision (so peak memory belongs to that
form alone); the two
revisions take turns `--repeat` times and each keeps its best rate. Time is the reading
process's CPU time, so that other work on a shared machine does not count.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

CHILD = r"""
import json, resource, sys, time
from ogi.extract import ReadError, extract
files, seconds = json.loads(sys.argv[1]), float(sys.argv[2])
for f in files:  # warm caches (format data, regex, labels)
    try:
        extract(f)
    except ReadError:
        pass
t = time.process_time()
n = 0
while n == 0 or time.process_time() - t < seconds:  # whole rounds over the files
    for f in files:
        try:
            extract(f)
        except ReadError:
            pass
        n += 1
dt = time.process_time() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"n": n, "seconds": dt, "peak_mb": peak}))
"""


def unpack(rev: str, into: Path) -> Path:
    """The source tree of `rev`, for importing ogi as it was there."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def measure(files: list[str], seconds: float, src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(files), str(seconds)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--baseline", default="main", help="git revision to compare with")
    ap.add_argument("--repeat", type=int, default=3, help="turns each revision takes")
    ap.add_argument("--seconds", type=float, default=2.0, help="CPU seconds of reading a turn")
    a = ap.parse_args()
    dirs = a.dirs or [
        ROOT / "samples",
        ROOT / ".." / "shared" / "seeds",
        ROOT / ".." / "shared" / "corpus",
    ]
    by_form: dict[str, list[str]] = {}
    for d in dirs:
        if d.is_dir():
            for p in sorted(d.iterdir()):
                form = FORMS.get(p.suffix.lower())
                if form and p.name != "README.md":
                    by_form.setdefault(form, []).append(str(p))
    with tempfile.TemporaryDirectory() as tmp:
        base_src = unpack(a.baseline, Path(tmp))
        here = ROOT / "src"
        print(f"baseline: {a.baseline}; best of {a.repeat} turns each")
        print(
            f"{'form':<6}{'files':>6}{'reports/s':>11}{'baseline':>10}{'ratio':>8}"
            f"{'ms/report':>11}{'peak MB':>9}{'base MB':>9}"
        )
        for form, files in sorted(by_form.items()):
            best: dict[str, dict[str, float]] = {}
            for _ in range(a.repeat):
                for name, src in (("base", base_src), ("here", here)):
                    r = measure(files, a.seconds, src)
                    r["rate"] = r["n"] / r["seconds"]
                    if name not in best or r["rate"] > best[name]["rate"]:
                        best[name] = r
            h, b = best["here"], best["base"]
            print(
                f"{form:<6}{len(files):>6}{h['rate']:>11.1f}{b['rate']:>10.1f}"
                f"{h['rate'] / b['rate']:>8.2f}{1000 / h['rate']:>11.1f}"
                f"{h['peak_mb']:>9.0f}{b['peak_mb']:>9.0f}"
            )


if __name__ == "__main__":
    main()
