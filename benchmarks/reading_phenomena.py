"""Cells right / cells total on documents laid out the way agencies publish them: one
document per layout phenomenon (sentences with numbers around each table, a table over a
page break with a row cut in two, repeated or missing header rows, blank cells, numbers
wrapped in narrow cells, a web page printed by a browser, a page without a title,
traditional characters with pinyin, publication dates), built by
`tests/extract/phenomena.py` with python-docx, LibreOffice and Chromium, next to the
same figures for a baseline revision read in the same run.

    python benchmarks/reading_phenomena.py [--baseline REV] [--keep DIR]

Besides the cells, each document counts whether the report year, the issuing body and
the publication date came out as printed ("meta" 3/3), and how many cells were emitted
wrong (a wrong number is worse than a missing one).
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
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, sys
from ogi.extract import extract
out = {}
for name, path in json.loads(sys.argv[1]).items():
    try:
        r = extract(path)
        out[name] = {"cells": r.cells, "year": r.report_year, "agency": r.agency,
                     "published": r.published}
    except Exception as e:  # a baseline that cannot read a document scores nothing
        out[name] = {"error": str(e)}
print(json.dumps(out, ensure_ascii=False))
"""


def read_all(paths: dict[str, str], src: Path) -> dict[str, dict]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def score(doc: object, got: dict) -> tuple[int, int, int, int]:
    """(cells right, cells total, cells wrong, metadata right of 3)."""
    want = doc.cells  # type: ignore[attr-defined]
    cells = got.get("cells", {})
    right = sum(1 for k, v in want.items() if k in cells and cells[k] == v)
    wrong = sum(1 for k, v in want.items() if k in cells and cells[k] != v)
    meta = [
        got.get("year") == doc.report_year,  # type: ignore[attr-defined]
        got.get("agency") == doc.agency,  # type: ignore[attr-defined]
        got.get("published") == doc.published,  # type: ignore[attr-defined]
    ]
    return right, len(want), wrong, sum(meta)


def main() -> None:
    from tests.extract.phenomena import DOCUMENTS, build_all

    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", default="main", help="git revision to compare with")
    ap.add_argument("--keep", type=Path, help="write the documents here and keep them")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = a.keep or Path(tmp) / "docs"
        built = build_all(DOCUMENTS, where)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", a.baseline, "src"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        paths = {n: str(b.path) for n, b in built.items()}
        here = read_all(paths, ROOT / "src")
        base = read_all(paths, Path(tmp) / "src")
    print(f"baseline: {a.baseline}")
    head = f"{'cells':>10}{'wrong':>7}{'meta':>6}"
    print(f"{'document':<34}{head}   {'baseline':>9}{'wrong':>7}{'meta':>6}")
    totals = [0, 0, 0, 0, 0, 0]
    for name, b in built.items():
        r, n, w, m = score(b.doc, here[name])
        br, _, bw, bm = score(b.doc, base[name])
        totals = [x + y for x, y in zip(totals, [r, n, w, m, br, bw], strict=True)]
        print(f"{name:<34}{r:>6}/{n:<3}{w:>7}{m:>5}/3   {br:>5}/{n:<3}{bw:>7}{bm:>5}/3")
    r, n, w, m, br, bw = totals
    print(f"{'all':<34}{r:>6}/{n:<3}{w:>7}{m:>4}/{3 * len(built)}  {br:>5}/{n:<3}{bw:>7}")


if __name__ == "__main__":
    main()
