"""Cells right and pages per second on PDFs: ogi's reader against pdfplumber's
`extract_tables`, both feeding the same layout step, scored against truth values.

    python benchmarks/pdf_accuracy.py

Uses ../shared/corpus (PDFs listed in truth.jsonl) and, when LibreOffice is installed,
the seed reports rendered to DOCX and printed to PDF, plus those PDFs rasterised at 150
dpi (scanned; pdfplumber finds no tables in images, ogi reads them through OCR).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT))

from ogi.blocks import Block, Cell, Document, Where  # noqa: E402
from ogi.extract import extract  # noqa: E402
from ogi.layout import build_report  # noqa: E402


def plumber_document(path: Path) -> Document:
    """pdfplumber's tables and text lines as ogi blocks, so the same layout step reads them."""
    doc = Document(path=str(path), form="pdf")
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            for line in (page.extract_text() or "").splitlines():
                doc.blocks.append(Block(kind="paragraph", text=line, where=Where(page=n)))
            for table in page.extract_tables():
                rows = [
                    [Cell(text=c, row=r, col=k) for k, c in enumerate(row) if c is not None]
                    for r, row in enumerate(table)
                ]
                doc.blocks.append(Block(kind="table", rows=rows, where=Where(page=n)))
    return doc


def score(cells: dict, truth: dict) -> int:
    return sum(1 for k, v in truth.items() if k in cells and cells[k] == v)


def pages(path: Path) -> int:
    return len(pdfium.PdfDocument(str(path)))


def run(name: str, path: Path, truth: dict) -> None:
    n = pages(path)
    t = time.perf_counter()
    ours = extract(path).cells
    t_ours = time.perf_counter() - t
    t = time.perf_counter()
    theirs = build_report(plumber_document(path), "").cells
    t_theirs = time.perf_counter() - t
    total = len(truth)
    print(
        f"{name:<28}{n:>4} 页  ogi {score(ours, truth):>3}/{total} 格 {n / t_ours:>7.2f} 页/秒"
        f"   pdfplumber {score(theirs, truth):>3}/{total} 格 {n / t_theirs:>7.2f} 页/秒"
    )


def seeds_as_pdf(out: Path) -> list[tuple[str, Path, dict]]:
    soffice = shutil.which("soffice")
    if soffice is None or not (SHARED / "seeds" / "truth.jsonl").exists():
        return []
    from tests.extract.test_roundtrip import _report, _seeds, _write

    seeds = _seeds()
    docs = [_write(_report(t), "docx", out / f"{t['file'][:3]}.docx") for t in seeds]
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)],
        check=True,
        capture_output=True,
    )
    found = []
    for t in seeds:
        pdf = out / f"{t['file'][:3]}.pdf"
        found.append((f"种子 {t['file'][:3]}（文字层）", pdf, t["cells"]))
        doc = pdfium.PdfDocument(str(pdf))
        imgs = [doc[i].render(scale=150 / 72).to_pil().convert("RGB") for i in range(len(doc))]
        scan = out / f"{t['file'][:3]}-scan150.pdf"
        imgs[0].save(scan, save_all=True, append_images=imgs[1:], resolution=150)
        found.append((f"种子 {t['file'][:3]}（扫描150dpi）", scan, t["cells"]))
    return found


def main() -> None:
    items: list[tuple[str, Path, dict]] = []
    truth_file = SHARED / "corpus" / "truth.jsonl"
    if truth_file.exists():
        for line in truth_file.read_text(encoding="utf-8").splitlines():
            t = json.loads(line)
            if t["file"].endswith(".pdf"):
                items.append((t["file"], SHARED / "corpus" / t["file"], t["cells"]))
    with tempfile.TemporaryDirectory() as d:
        items += seeds_as_pdf(Path(d))
        for name, path, truth in items:
            run(name, path, truth)


if __name__ == "__main__":
    main()
