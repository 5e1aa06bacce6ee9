"""Report → PDF: the DOCX rendering printed by LibreOffice, with the fonts named for the
machine it is printed on (`fonts.pdf_plan`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from ogi.libreoffice import ConvertError, convert, soffice
from ogi.render.fonts import FontPlan, pdf_plan


def render_pdf(report: Any, out: Path, fonts: FontPlan | None = None) -> FontPlan:
    """DOCX converted by LibreOffice: the only converter that keeps the merged cells.
    Returns the fonts used, whose `notes` say what replaced an absent official face."""
    from ogi.render import render_docx

    if soffice() is None:
        raise RuntimeError(
            "生成 PDF 需要 LibreOffice：请安装 LibreOffice（soffice 命令），或改为输出 docx"
        )
    plan = fonts or pdf_plan()
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / (out.stem + ".docx")
        render_docx(report, docx, plan)
        try:
            made = convert(docx, "pdf", Path(tmp), timeout=300)
        except ConvertError as e:
            raise RuntimeError(f"生成 PDF 失败：{e}") from None
        shutil.move(str(made), out)
    return plan
