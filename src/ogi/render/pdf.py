"""Report → PDF: the DOCX rendering printed by LibreOffice, with the fonts named for the
machine it is printed on (`fonts.pdf_plan`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ogi.render.fonts import FontPlan, pdf_plan


def render_pdf(report: Any, out: Path, fonts: FontPlan | None = None) -> FontPlan:
    """DOCX converted by LibreOffice: the only converter that keeps the merged cells.
    Returns the fonts used, whose `notes` say what replaced an absent official face."""
    from ogi.render import render_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "生成 PDF 需要 LibreOffice：请安装 LibreOffice（soffice 命令），或改为输出 docx"
        )
    plan = fonts or pdf_plan()
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / (out.stem + ".docx")
        render_docx(report, docx, plan)
        # A private profile: a user's LibreOffice settings (or a running instance) must
        # not change or block the printing.
        profile = Path(tmp, "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(docx),
                ],
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError("LibreOffice 转换 PDF 超时（300 秒）") from None
        made = Path(tmp) / (out.stem + ".pdf")
        if done.returncode != 0 or not made.exists():
            raise RuntimeError(f"LibreOffice 转换 PDF 失败：{(done.stderr or done.stdout).strip()}")
        shutil.move(str(made), out)
    return plan
