"""Reports per second and peak memory of `extract`, per input form.

    python benchmarks/extract_speed.py [DIR ...]

Defaults to the bundled samples plus ../shared/seeds and ../shared/corpus where present.
Each file is read several times in a fresh process per form so that peak memory
(ru_maxrss) belongs to that form alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
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
files, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
extract(files[0])  # warm caches (format data, regex)
t = time.perf_counter()
n = 0
for _ in range(rounds):
    for f in files:
        try:
            extract(f)
        except ReadError:
            pass
        n += 1
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"n": n, "seconds": dt, "peak_mb": peak}))
"""


def main() -> None:
    dirs = [Path(a) for a in sys.argv[1:]] or [
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
    print(f"{'form':<6}{'files':>6}{'reports/s':>12}{'ms/report':>12}{'peak MB':>10}")
    for form, files in sorted(by_form.items()):
        rounds = 3 if form == "pdf" else 10
        out = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(files), str(rounds)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rate = r["n"] / r["seconds"]
        print(f"{form:<6}{len(files):>6}{rate:>12.1f}{1000 / rate:>12.1f}{r['peak_mb']:>10.0f}")


if __name__ == "__main__":
    main()
