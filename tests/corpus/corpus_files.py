"""A folder of distinct report files made from the bundled samples, and helpers to run
`ogi` as a separate process (so it can be killed) and compare stores."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from tests.shared import SAMPLES

ENTRY = "import sys; from ogi.cli import app; sys.argv[0] = 'ogi'; app()"
TEXT_SAMPLES = ("示例镇-2024.txt", "示例镇-2023.txt", "示例镇-2024.md", "示例镇-2024.html")


def make_corpus(folder: Path, n: int) -> list[Path]:
    """`n` files, each a sample with its own trailing blank characters: the same reading,
    different bytes, so each is a report of its own in the store."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        name = TEXT_SAMPLES[i % len(TEXT_SAMPLES)]
        data = (SAMPLES / name).read_bytes()
        p = folder / f"{i:03d}-{name}"
        p.write_bytes(data + b"\n" + b" " * (i + 1) + b"\n")
        out.append(p)
    return out


def ogi(*args: str, **kw: object) -> subprocess.Popen[bytes]:
    """`ogi args…` as a child process of its own."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        **kw,  # type: ignore[arg-type]
    )


def run(*args: str) -> tuple[int, str, str]:
    p = ogi(*args)
    out, err = p.communicate(timeout=300)
    return p.returncode, out.decode(), err.decode()


def exported(db: str, folder: Path) -> list[tuple[str, ...]]:
    """The store's reports as sorted CSV rows (order of insertion does not matter)."""
    target = folder / f"export-{abs(hash(db))}.csv"
    code, _, err = run("export", str(target), "--all-sources", "--db", db)
    assert code == 0, err
    with target.open(encoding="utf-8-sig") as f:
        rows = [tuple(r) for r in csv.reader(f)]
    return [rows[0], *sorted(rows[1:])]


# -- work done in worker processes by the engine tests (module-level, so it pickles) -----


def crash_on_marked(path: Path, reports: list) -> int:
    """Kill the worker process when the file's name says so (as a crash in a native
    library would); otherwise the number of reports."""
    if "crash" in path.name:
        os._exit(70)
    return len(reports)


def worker_pid(path: Path, reports: list) -> int:
    """An `after` hook: the process that read the file."""
    return os.getpid()


def agency_of(path: Path, reports: list) -> list[str | None]:
    return [r.agency for r in reports]


# -- a scanned report: the sample's first lines printed to pictures, no text layer --------


def _cjk_font(size: int):  # type: ignore[no-untyped-def]
    import glob

    import pytest
    from PIL import ImageFont

    found = sorted(glob.glob("/usr/share/fonts/**/NotoSansCJK*.tt[cf]", recursive=True))
    if not found:
        pytest.skip("没有中文字体（apt-get install fonts-noto-cjk）")
    for index in range(10):  # the .ttc face that draws simplified forms
        f = ImageFont.truetype(found[0], size, index=index)
        if "SC" in " ".join(f.getname()):
            return f
    return ImageFont.truetype(found[0], size)


def scanned_report(path: Path, pages: int = 2, lines_per_page: int = 6) -> Path:
    """A PDF of `pages` scanned pages (150 dpi pictures) holding the sample report's
    title and first section."""
    import io

    from PIL import Image, ImageDraw

    text = [ln for ln in (SAMPLES / "示例镇-2024.txt").read_text("utf-8").splitlines() if ln]
    text = [ln[:28] for ln in text if "：" not in ln]  # title, headings, sentences
    font = _cjk_font(24)
    images = []
    for k in range(pages):
        img = Image.new("RGB", (1240, 1754), "white")
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(text[k * lines_per_page : (k + 1) * lines_per_page]):
            draw.text((150, 200 + 60 * i), line, fill="black", font=font)
        images.append(img)
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=150, save_all=True, append_images=images[1:])
    path.write_bytes(buf.getvalue())
    return path
