"""PDF bounds on the command line: page limit, time limit, OCR off."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw
from typer.testing import CliRunner

from ogi.cli import app
from tests.shared import need_shared

runner = CliRunner()


def test_page_limit_is_reported() -> None:
    pdf = need_shared() / "corpus" / "huaian-hongze-2023.pdf"
    result = runner.invoke(app, ["extract", "--max-pages", "1", str(pdf)])
    assert result.exit_code == 0
    problems = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert problems[0] == "PDF 共 5 页，超过上限 1 页，只读取了前 1 页"


def test_scanned_page_without_ocr_says_it_needs_ocr(tmp_path: Path) -> None:
    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for y in range(200, 1500, 60):
        draw.rectangle([150, y, 1100, y + 25], fill="black")  # lines of "text"
    pdf = tmp_path / "scan.pdf"
    img.save(pdf, resolution=150)
    result = runner.invoke(app, ["extract", "--no-ocr", str(pdf)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{pdf}: 没有找到年度报告的表格或章节（第1页没有文字层（可能是扫描件），需要 OCR）"
    )
