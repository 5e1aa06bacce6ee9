"""Report → PDF: the DOCX rendering printed by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any


def render_pdf(report: Any, out: Path) -> None:
    """DOCX converted by LibreOffice: the only converter that keeps the merged cells."""
    from ogi.render import render_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "生成 PDF 需要 LibreOffice：请安装 LibreOffice（soffice 命令），或改为输出 docx"
        )
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / (out.stem + ".docx")
        render_docx(report, docx)
        # a LibreOffice profile of this conversion's own, so that conversions running at
        # once (a batch on every core) do not hand their files to one running instance
        profile = Path(tmp) / "profile"
        done = subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx),
                f"-env:UserInstallation={profile.as_uri()}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        made = Path(tmp) / (out.stem + ".pdf")
        if done.returncode != 0 or not made.exists():
            raise RuntimeError(f"LibreOffice 转换 PDF 失败：{(done.stderr or done.stdout).strip()}")
        shutil.move(str(made), out)
