"""Reports per second per core for each form, in one process, now and at the baseline
commit in the same run; text-layer PDF pages per second against pypdfium2's own text
extraction of the same pages.

    python benchmarks/forms_speed.py [--per-form 40] [--rounds 3] [--baseline REV]

Files come from `national_corpus.py` (txt, md, html, docx, and PDF printed by
LibreOffice when it is installed). Each measurement runs in a fresh process after one
warm-up file, so start-up is not counted; baseline and current alternate round by
round (`--rounds`, one pass over the files each) and the median of each is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national_corpus
from _baseline import BASELINE, ROOT, env_for, export

CHILD = r"""
import json, sys, time
from ogi.extract import extract
files, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
extract(files[0])
t = time.process_time()
for _ in range(rounds):
    for f in files:
        extract(f)
print(json.dumps({"n": len(files) * rounds, "cpu": time.process_time() - t}))
"""

PDFIUM = r"""
import json, sys, time
import pypdfium2 as pdfium
files, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
pages = 0
t = time.process_time()
for _ in range(rounds):
    for f in files:
        pdf = pdfium.PdfDocument(f)
        for page in pdf:
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
            pages += 1
        pdf.close()
print(json.dumps({"n": pages, "cpu": time.process_time() - t}))
"""


def rate(code: str, files: list[Path], rounds: int, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps([str(f) for f in files]), str(rounds)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return r["n"] / r["cpu"]


def pdf_pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(str(f))) for f in files)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-form", type=int, default=40)
    ap.add_argument("--pdf", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--corpus", type=Path)
    a = ap.parse_args()
    corpus = a.corpus
    if corpus is None:
        import shutil

        corpus = Path(tempfile.mkdtemp(prefix="ogi-forms-"))
        forms = {"txt": None, "md": None, "html": None, "docx": a.per_form}
        if shutil.which("soffice"):
            forms["pdf"] = a.pdf
        national_corpus.write(corpus, max(1, a.per_form // 5), list(range(2020, 2025)), forms)
    base, now = env_for(export(a.baseline)), env_for(ROOT / "src")
    print(f"{'形式':6} {'份数':>5} {a.baseline:>12} {'当前':>12} {'当前/基线':>10}  （份/秒/核）")
    for form in ("txt", "md", "html", "docx", "pdf"):
        files = (
            sorted((corpus / form).glob(f"*.{form}"))[: a.per_form]
            if (corpus / form).is_dir()
            else []
        )
        if not files:
            continue
        # baseline and current alternate, one fresh process each per round, and the
        # median of each is kept: a machine whose speed drifts weighs on both alike
        bs, ns = [], []
        for _ in range(a.rounds):
            bs.append(rate(CHILD, files, 1, base))
            ns.append(rate(CHILD, files, 1, now))
        b, n = statistics.median(bs), statistics.median(ns)
        print(f"{form:6} {len(files):5d} {b:12.1f} {n:12.1f} {n / b:9.2f}×")
        if form == "pdf":
            pages = pdf_pages(files) / len(files)
            p = rate(PDFIUM, files, a.rounds, now)
            print(
                f"  文字层 PDF：当前 {n * pages:.0f} 页/秒，pypdfium2 自身提取文字 {p:.0f} 页/秒，"
                f"为其 {p / (n * pages):.1f} 分之一"
            )


if __name__ == "__main__":
    main()
