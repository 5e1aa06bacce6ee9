"""PDF bounds on the command line: page limit, time limit, OCR off."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw
from typer.testing import CliRunner

from ogi.cli import app
from tests.shared import SAMPLES, need_shared

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


def test_many_files_in_input_order_with_a_summary(tmp_path: Path) -> None:
    """A folder is read on every core; the JSON Lines come in the files' order, a bad
    file is one line on standard error, and the last line sums the batch up."""
    names = ["a.txt", "b.md", "c.html", "d.docx", "e.txt"]
    sources = ["示例镇-2024.txt", "示例镇-2024.md", "示例镇-2024.html", "示例镇-2024.docx"]
    for name, src in zip(names, sources, strict=False):
        (tmp_path / name).write_bytes((SAMPLES / src).read_bytes())
    (tmp_path / "e.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path), "-j", "2"])
    assert result.exit_code == 2
    lines = [json.loads(ln) for ln in result.stdout.splitlines()]
    assert [ln["source"]["path"] for ln in lines] == [str(tmp_path / n) for n in names[:4]]
    assert {ln["agency"] for ln in lines} == {"示例镇人民政府"}
    err = result.stderr.strip().splitlines()
    assert err[0] == f"{tmp_path / 'e.txt'}: 文件为空（0 字节）"
    assert err[-1].startswith("共 5 个文件：成功 4，失败 1；用时 ")
