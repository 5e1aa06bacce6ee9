"""Speed and accuracy of OCR on scanned pages.

Usage: .venv/bin/python benchmarks/ocr_speed.py [--pages N] [--ocr-dpi D]

Draws the test suite's scanned report page (a heading, a ruled table with merged
cells, a paragraph) at 150 and 300 dpi, saves N copies of it as an image-only PDF and
reads that with `read_pdf`. Prints pages per second and the share of table cells read
exactly; the first page also pays for loading the models, which is timed apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _scan_pages():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scan_pages", ROOT / "tests/readers/test_ocr.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--ocr-dpi", type=int, default=200)
    args = ap.parse_args()

    from ogi.readers import ocr
    from ogi.readers.pdf import read_pdf

    t = _scan_pages()
    start = time.perf_counter()
    if not ocr.available():
        raise SystemExit("未安装 rapidocr_onnxruntime")
    print(f"加载识别模型：{time.perf_counter() - start:.2f} 秒")
    want = {(r, c, rs, cs, text) for r, c, rs, cs, text in t.CELLS}
    for dpi in (150, 300):
        page = t.draw_page(dpi)
        data = t.image_pdf(*[page] * args.pages, dpi=dpi)
        start = time.perf_counter()
        doc = read_pdf("bench.pdf", data, ocr_dpi=args.ocr_dpi, time_limit=3600)
        took = time.perf_counter() - start
        tables = [b for b in doc.blocks if b.is_table]
        right = total = 0
        for table in tables:
            got = {(c.row, c.col, c.rowspan, c.colspan, c.text) for row in table.rows for c in row}
            right += len(got & want)
            total += len(want)
        low = sum(1 for p in doc.problems if "识别置信度低" in p)
        print(
            f"扫描 {dpi} dpi（渲染 {args.ocr_dpi} dpi）：{args.pages} 页 {took:.2f} 秒，"
            f"{args.pages / took:.2f} 页/秒；表格 {len(tables)} 个，"
            f"单元格正确 {right}/{total}（{right / max(total, 1):.1%}），低置信度提示 {low} 条"
        )


if __name__ == "__main__":
    main()
