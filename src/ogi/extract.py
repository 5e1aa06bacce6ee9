"""File → Report, the public entry point of reading."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ogi.blocks import ReadError
from ogi.gcpause import paused
from ogi.layout import build_report
from ogi.model import Report
from ogi.readers import PdfOptions, read_file_bytes

__all__ = ["PdfOptions", "ReadError", "extract"]


def extract(path: str | Path, pdf: PdfOptions | None = None) -> Report:
    """Read one published report. Raises `ReadError` (one-line Chinese reason) when the
    file cannot be read at all; anything read with doubts is listed in `problems`."""
    with paused():  # (the read's objects walked once, after: `ogi.gcpause`)
        doc, data = read_file_bytes(path, pdf)
        report = build_report(doc, hashlib.sha256(data).hexdigest())
    attached = "、".join(doc.attachments[:3]) + ("等" if len(doc.attachments) > 3 else "")
    if not report.cells and not report.sections:
        # Say why where the reader knows (a scan read without OCR, a page limit, a page
        # whose report is in the file it links to)
        reasons = [p for p in doc.problems if "页" in p][:1]
        if doc.attachments:
            why = f"；网页附有文件：{attached}，报告可能在附件中，请下载附件后读取"
        else:
            why = f"（{reasons[0]}）" if reasons else "，可能不是政府信息公开工作年度报告"
        raise ReadError(f"没有找到年度报告的表格或章节{why}")
    if doc.attachments and not report.cells:
        report.problems.append(f"网页中没有统计表格；网页附有文件：{attached}，表格可能在附件中")
    return report
