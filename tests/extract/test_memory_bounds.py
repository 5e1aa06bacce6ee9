"""What reading a report leaves in memory once it is read. Readers keep answers for
asking again, for the short texts that recur (a table's headings, "0" in a cell); a
hostile file's long cells must not be kept, or a batch's worker grows with every such
file it reads (40 cells of 7,000 characters kept some 40 MB a file)."""

from __future__ import annotations

import gc
import random
import tracemalloc
from pathlib import Path

import docx
import pytest

from ogi.extract import extract
from tests.shared import SAMPLES

WORDS = "规章规范性文件行政许可处罚强制收费项目数量本年新制作公开总上一年增减处理决定"


def _long_cells(seed: int) -> list[list[str]]:
    """10 rows of 3 cells of 2,000 characters, other ones for each seed."""
    rnd = random.Random(seed)
    return [["".join(rnd.choices(WORDS, k=2000)) + f"{r}{c}" for c in range(3)] for r in range(10)]


def _write(form: str, folder: Path, seed: int) -> Path:
    """The sample report with a table of long cells after it."""
    cells = _long_cells(seed)
    path = folder / f"示例镇-{seed}.{form}"
    sample = SAMPLES / f"示例镇-2024.{form}"
    if form == "docx":
        d = docx.Document(str(sample))
        table = d.add_table(rows=len(cells), cols=3)
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        d.save(str(path))
    elif form == "html":
        rows = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in cells)
        page = sample.read_text(encoding="utf-8")
        path.write_text(page.replace("</body>", f"<table>{rows}</table></body>"), "utf-8")
    elif form == "md":
        table = "\n".join("| " + " | ".join(row) + " |" for row in cells)
        text = sample.read_text(encoding="utf-8")
        path.write_text(f"{text}\n\n| 甲 | 乙 | 丙 |\n|---|---|---|\n{table}\n", "utf-8")
    else:
        lines = "\n".join("    ".join(row) for row in cells)
        path.write_text(sample.read_text(encoding="utf-8") + "\n" + lines + "\n", "utf-8")
    return path


@pytest.mark.parametrize("form", ["html", "md", "txt", "docx"])
def test_a_report_with_long_cells_leaves_nothing_kept(tmp_path: Path, form: str) -> None:
    first, second = _write(form, tmp_path, 1), _write(form, tmp_path, 2)
    # the first read fills what any read keeps (the format's labels, the sample's
    # cells); the second, of the same report with other long cells, may add nothing
    assert extract(first).cells == extract(SAMPLES / f"示例镇-2024.{form}").cells
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        report = extract(second)
        del report
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 500_000, f"{kept:,} bytes kept after the read"
