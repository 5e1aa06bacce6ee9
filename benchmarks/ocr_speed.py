"""Speed and accuracy of OCR on scanned pages.

Usage: .venv/bin/python benchmarks/ocr_speed.py [--pages N] [--ocr-dpi D]

Two kinds of scan, each made at 150 and at 300 dpi and read with `read_pdf`:
- the test suite's drawn page (a heading, a ruled table with merged cells, a
  paragraph), N copies; its cells are checked against the values drawn;
- the shared corpus sample report (when present) printed to pictures page by page; its
  cells are checked against the reading of its own text layer.
Prints pages per second and the share of table cells read exactly. Loading the models
(once per process) is timed apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _scan_helpers():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scan_pages", ROOT / "tests/readers/test_ocr.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _cells(doc) -> list[set[tuple[int, int, int, int, str]]]:  # type: ignore[no-untyped-def]
    return [
        {(c.row, c.col, c.rowspan, c.colspan, c.text) for row in b.rows for c in row}
        for b in doc.blocks
        if b.is_table
    ]


def _measure(name: str, data: bytes, pages: int, want: list[set], ocr_dpi: int) -> None:  # type: ignore[type-arg]
    from ogi.readers.pdf import read_pdf

    start = time.perf_counter()
    doc = read_pdf("bench.pdf", data, ocr_dpi=ocr_dpi, time_limit=3600)
    took = time.perf_counter() - start
    got = _cells(doc)
    total = sum(len(w) for w in want)
    right = sum(len(g & w) for g, w in zip(got, want, strict=False))
    low = sum(1 for p in doc.problems if "识别置信度低" in p)
    print(
        f"{name}：{pages} 页 {took:.1f} 秒，{pages / took:.2f} 页/秒；"
        f"单元格正确 {right}/{total}（{right / max(total, 1):.1%}），低置信度提示 {low} 条"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--ocr-dpi", type=int, default=200)
    args = ap.parse_args()

    from ogi.readers import ocr
    from ogi.readers.pdf import read_pdf

    t = _scan_helpers()
    start = time.perf_counter()
    if not ocr.available():
        raise SystemExit("未安装 rapidocr_onnxruntime")
    print(f"加载识别模型：{time.perf_counter() - start:.2f} 秒；渲染 {args.ocr_dpi} dpi")
    drawn = set(t.CELLS)
    for dpi in (150, 300):
        data = t.image_pdf(*[t.draw_page(dpi)] * args.pages, dpi=dpi)
        _measure(f"自绘表格页 {dpi} dpi", data, args.pages, [drawn] * args.pages, args.ocr_dpi)
    if t.SAMPLE.exists():
        text_pdf = t.SAMPLE.read_bytes()
        want = _cells(read_pdf("text.pdf", text_pdf))
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(text_pdf))
        for dpi in (150, 300):
            data = t.rasterised(text_pdf, dpi)
            _measure(f"样本报告 {t.SAMPLE.name} {dpi} dpi", data, pages, want, args.ocr_dpi)


if __name__ == "__main__":
    main()
