"""Cells read right, wrong and withheld on scans of the sample report, the way agencies'
scans look.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/scan_accuracy.py [VARIANT ...]
                                                                   [--list] [--why] [--fresh]

The bundled sample report (samples/示例镇-2024.docx) is printed to PDF by LibreOffice
(as tests/extract/phenomena.py does), its pages rendered to pictures (pypdfium2) and
made into scans with a fixed seed: 150, 200 and 300 dpi, grey and black-and-white,
skewed, JPEG-compressed, speckled, stamped in red over 表三 (and scanned in grey or in
black and white, which cannot see through it), a page turned on its side or upside
down, margins cropped through a table's border, unevenly lit on grey paper, blurred,
two pages on one sheet, and one with several of these at once. Each scan is an
image-only PDF (the test suite's writer, tests/readers/test_ocr.py) read by
`ogi.extract`, and scored against the sample's truth (samples/truth.jsonl):
- right: the value read is the one printed;
- wrong: a value is given and it is not the one printed (each is named): ogi's rule is
  that this never happens;
- withheld: no value given (a doubt in `problems`); `--why` prints the reasons.
Run it with PYTHONPATH pointing at the ogi to measure (a checkout's src/). Variant
names select scans (a prefix selects all that start with it: `skew`). The scans are
kept in a temporary folder between runs (`--fresh` makes them again); about a page a
second is read, some two minutes for all of them.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import math
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例镇-2024.docx"
TRUTH = ROOT / "samples" / "truth.jsonl"
CACHE = Path(tempfile.gettempdir()) / "ogi-scan-accuracy"
SEED = 2024
T3_PAGE = 2  # 0-based: the page of 表三 in LibreOffice's print of the sample


def _test_module(name: str, path: str):  # type: ignore[no-untyped-def]
    """A module of the test suite, loaded from its file (the tests are no package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------------------
# The sample, printed and rendered


def printed_sample(folder: Path) -> bytes:
    """The sample DOCX as LibreOffice prints it to PDF (cached by the DOCX's hash)."""
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()[:16]
    pdf = folder / f"sample-{digest}.pdf"
    if not pdf.exists():
        ph = _test_module("phenomena", "tests/extract/phenomena.py")
        work = Path(tempfile.mkdtemp(prefix="ogi-lo-"))
        try:
            docx = Path(shutil.copy(SAMPLE, work / "sample.docx"))
            [out] = ph.to_pdf_libreoffice(docx)
            shutil.copy(out, pdf)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return pdf.read_bytes()


def render(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    """Each page as a greyscale picture at `dpi`, as a scanner returns it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


# ---------------------------------------------------------------------------------------
# What scanning does to a page


def skew(img: Image.Image, degrees: float) -> Image.Image:
    white = 255 if img.mode == "L" else (255, 255, 255)
    return img.rotate(degrees, resample=Image.BICUBIC, fillcolor=white)


def threshold(img: Image.Image, level: int = 160) -> Image.Image:
    """Black and white, as a fax-mode scanner gives it."""
    return img.convert("L").point(lambda v: 0 if v < level else 255)


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)


def speckle(img: Image.Image, rng: np.random.Generator, share: float = 1 / 400) -> Image.Image:
    """Dust: single dark pixels and a few 2×2 specks."""
    a = np.asarray(img).copy()
    h, w = a.shape[:2]
    a[rng.random((h, w)) < share] = 40
    for y, x in zip(rng.integers(0, h - 2, 300), rng.integers(0, w - 2, 300), strict=True):
        a[y : y + 2, x : x + 2] = 60
    return Image.fromarray(a)


def uneven(img: Image.Image, paper: int = 205) -> Image.Image:
    """Grey paper lit unevenly: the page darker towards one corner, ink lifted a little."""
    a = np.asarray(img.convert("L")).astype(np.float32)
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w]
    light = 1.0 - 0.25 * (xx / w + yy / h) / 2  # 1 at top left, 0.75 at bottom right
    out = (a / 255 * (paper - 35) + 35) * light
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def blur(img: Image.Image, radius: float) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(radius))


def stamp(img: Image.Image, centre: tuple[float, float], dpi: int) -> Image.Image:
    """A red round seal (ring, star, the agency's name round the top) printed over the
    page: red ink multiplies with what is under it."""
    s = dpi / 72
    size = round(120 * s)  # a 42 mm seal
    seal = Image.new("L", (size, size), 0)  # ink coverage
    d = ImageDraw.Draw(seal)
    r = size / 2
    d.ellipse((3 * s, 3 * s, size - 3 * s, size - 3 * s), outline=255, width=round(3 * s))
    star = [
        (
            r + (18 if k % 2 == 0 else 7) * s * math.sin(math.pi * k / 5),
            r - (18 if k % 2 == 0 else 7) * s * math.cos(math.pi * k / 5),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=255)
    font = _test_module("ocr_scans", "tests/readers/test_ocr.py").font(15 * s)
    name = "示例镇人民政府"
    for k, ch in enumerate(name):
        angle = -110 + 220 * k / (len(name) - 1)  # degrees from the top, clockwise
        glyph = Image.new("L", (round(20 * s), round(20 * s)), 0)
        ImageDraw.Draw(glyph).text((2 * s, 0), ch, font=font, fill=255)
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        gx = r + (r - 17 * s) * math.sin(math.radians(angle)) - glyph.width / 2
        gy = r - (r - 17 * s) * math.cos(math.radians(angle)) - glyph.height / 2
        seal.paste(255, (round(gx), round(gy)), glyph)
    rgb = np.asarray(img.convert("RGB")).astype(np.float32)
    cover = np.zeros(rgb.shape[:2], np.float32)
    x0, y0 = round(centre[0] * s - r), round(centre[1] * s - r)
    cover[y0 : y0 + size, x0 : x0 + size] = np.asarray(seal, np.float32) / 255 * 0.85
    red = np.array([215, 35, 45], np.float32)
    out = rgb * (1 - cover[..., None]) + rgb * (red / 255) * cover[..., None]
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _right_border(img: Image.Image) -> int | None:
    """x of the rightmost rule that runs down a fifth of the page (a table's border)."""
    ink = np.asarray(img.convert("L")) < 128
    tall = np.flatnonzero(ink.sum(axis=0) > 0.05 * ink.shape[0])
    return int(tall[-1]) if tall.size else None


def _left_border(img: Image.Image) -> int | None:
    ink = np.asarray(img.convert("L")) < 128
    tall = np.flatnonzero(ink.sum(axis=0) > 0.05 * ink.shape[0])
    return int(tall[0]) if tall.size else None


def crop_borders(pages: list[Image.Image]) -> list[Image.Image]:
    """The margins cut off through the tables' outer borders, left and right (a scan
    trimmed too tight): the rules are gone, the digits next to them whole."""
    lefts = [x for p in pages if (x := _left_border(p)) is not None]
    rights = [x for p in pages if (x := _right_border(p)) is not None]
    left, right = min(lefts) + 2, max(rights) - 1  # past the 1–2 px rule
    return [p.crop((left, 0, right, p.height)) for p in pages]


def crop_digits(pages: list[Image.Image], dpi: int, turn: float = 0.0) -> list[Image.Image]:
    """The right margin cut off through the middle of the tables' last column, where
    their totals are printed (`turn`: the page fed askew first, so that the cut runs
    slantwise across the table once the page is levelled): those numbers are not
    whole, and no value may be read from them."""
    rights = [x for p in pages if (x := _right_border(p)) is not None]
    right = max(rights) - round(15 * dpi / 72)
    return [skew(p, turn).crop((0, 0, right, p.height)) for p in pages]


def two_up(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two pages side by side on one sheet (an A3 scan of an open booklet)."""
    sheet = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width, 0))
    return sheet


# ---------------------------------------------------------------------------------------
# The scans


@dataclass(frozen=True)
class Variant:
    name: str
    dpi: int
    make: Callable[[list[Image.Image], np.random.Generator], list[Image.Image]]
    about: str


def _each(fn: Callable[[Image.Image], Image.Image]) -> Callable[..., list[Image.Image]]:
    return lambda pages, rng: [fn(p) for p in pages]


def _rng_each(
    fn: Callable[[Image.Image, np.random.Generator], Image.Image],
) -> Callable[..., list[Image.Image]]:
    return lambda pages, rng: [fn(p, rng) for p in pages]


def _turn(page: int, angle: int) -> Callable[..., list[Image.Image]]:
    def make(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
        out = list(pages)
        out[page] = out[page].rotate(angle, expand=True)
        return out

    return make


def _stamped(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    out = list(pages)
    # over the lower right of 表三: the columns 社会公益组织 to 总计, rows （五）–（六）
    out[T3_PAGE] = stamp(out[T3_PAGE], (450.0, 590.0), 200)
    return out


def _stamped_grey(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    """The stamped page scanned in grey: the seal's ink is as dark as the print's."""
    return [p.convert("L") for p in _stamped(pages, rng)]


def _stamped_left_grey(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    """Scanned in grey with the seal over the first columns of values, 自然人 and
    商业企业, rows （四）–（五）: its ring crosses the digits of 自然人."""
    out = [p.convert("L") for p in pages]
    out[T3_PAGE] = stamp(pages[T3_PAGE], (357.0, 464.0), 200).convert("L")
    return out


def _stamped_bw(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    """Scanned in black and white with the seal over 表三's rows （二）–（三） at its first
    columns of values: the ring as black as the print, through the digits of 自然人."""
    out = list(pages)
    out[T3_PAGE] = stamp(pages[T3_PAGE], (268.0, 295.0), 200)
    return [threshold(p) for p in out]


def _booklet(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    return [two_up(pages[0], pages[1]), two_up(pages[2], pages[3])]


def _office(pages: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    """An office scanner on a bad day: fed askew, grey paper, dust, saved as JPEG."""
    out = []
    for k, p in enumerate(pages):
        p = uneven(skew(p, (0.8, -0.6, 1.1, -0.9)[k % 4]), paper=215)
        out.append(jpeg(speckle(p, rng, 1 / 800), 50))
    return out


VARIANTS = [
    Variant("grey-150", 150, _each(lambda p: p), "灰度 150 dpi"),
    Variant("grey-200", 200, _each(lambda p: p), "灰度 200 dpi"),
    Variant("grey-300", 300, _each(lambda p: p), "灰度 300 dpi"),
    Variant("bw-200", 200, _each(threshold), "黑白（阈值）200 dpi"),
    Variant("bw-150", 150, _each(threshold), "黑白（阈值）150 dpi"),
    Variant("skew-0.5", 200, _each(lambda p: skew(p, 0.5)), "倾斜 0.5° 200 dpi"),
    Variant("skew-1.2", 200, _each(lambda p: skew(p, -1.2)), "倾斜 -1.2° 200 dpi"),
    Variant("skew-2", 150, _each(lambda p: skew(p, 2.0)), "倾斜 2° 150 dpi"),
    Variant("jpeg-30", 150, _each(lambda p: jpeg(p, 30)), "JPEG 质量 30，150 dpi"),
    Variant("jpeg-70", 200, _each(lambda p: jpeg(p, 70)), "JPEG 质量 70，200 dpi"),
    Variant("speckle", 200, _rng_each(speckle), "污点 200 dpi"),
    Variant("stamp", 200, _stamped, "红色圆章压在表三上 200 dpi"),
    Variant("stamp-grey", 200, _stamped_grey, "圆章压在表三上，灰度扫描 200 dpi"),
    Variant(
        "stamp-grey-left",
        200,
        _stamped_left_grey,
        "圆章压在表三前两列数值上，灰度扫描 200 dpi",
    ),
    Variant("stamp-bw", 200, _stamped_bw, "圆章压在表三上，黑白扫描 200 dpi"),
    Variant("rot-90", 150, _turn(T3_PAGE, 90), "表三页横置 150 dpi"),
    Variant("rot-180", 150, _turn(1, 180), "表二页上下颠倒 150 dpi"),
    Variant("crop", 200, lambda pages, rng: crop_borders(pages), "裁边切掉表格外框 200 dpi"),
    Variant(
        "crop-cut",
        200,
        lambda pages, rng: crop_digits(pages, 200),
        "裁边切过表格末列的数字 200 dpi",
    ),
    Variant(
        "crop-skew",
        200,
        lambda pages, rng: crop_digits(pages, 200, turn=1.0),
        "倾斜 1° 后裁边斜切过末列数字 200 dpi",
    ),
    Variant("uneven", 200, _each(uneven), "灰底、光照不均 200 dpi"),
    Variant("blur", 200, _each(lambda p: blur(p, 1.2)), "轻微模糊 200 dpi"),
    Variant("two-up", 150, _booklet, "两页拼在一张上 150 dpi"),
    Variant("office", 200, _office, "倾斜、灰底、污点、JPEG 50，200 dpi"),
]


def scan(variant: Variant, sample: bytes, folder: Path) -> Path:
    """The variant's image PDF (made once per version of this script and the sample)."""
    key = hashlib.sha256(Path(__file__).read_bytes() + sample).hexdigest()[:12]
    path = folder / f"{variant.name}-{key}.pdf"
    if not path.exists():
        pages = variant.make(render(sample, variant.dpi), np.random.default_rng(SEED))
        writer = _test_module("ocr_scans", "tests/readers/test_ocr.py")
        path.write_bytes(writer.image_pdf(*pages, dpi=variant.dpi))
    return path


# ---------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    right: int
    wrong: dict[str, tuple[object, object]]  # path → (printed, read)
    withheld: list[str]
    why: Counter[str]
    seconds: float


def truth() -> dict[str, object]:
    for line in TRUTH.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        if t["file"] == SAMPLE.name:
            return dict(t["cells"])
    raise SystemExit(f"{TRUTH} 中没有 {SAMPLE.name}")


def _reason(message: str) -> str:
    """A problem's message without the value it quotes, so like ones count together."""
    head = message.split("：", 1)[0].split("（", 1)[0]
    tail = message.rsplit("，", 1)[-1] if "，" in message else ""
    return f"{head}…{tail}" if tail and not head.endswith(tail) else head


def score(path: Path, want: dict[str, object]) -> Score:
    from ogi.extract import extract

    start = time.perf_counter()
    report = extract(path)
    seconds = time.perf_counter() - start
    got = report.cells
    wrong = {k: (v, got[k]) for k, v in want.items() if got.get(k) is not None and got[k] != v}
    withheld = [k for k in want if got.get(k) is None]
    right = sum(1 for k, v in want.items() if got.get(k) == v)
    said = {p.path: _reason(p.message) for p in report.problems if p.path}

    def reason(cell: str) -> str:
        # a problem of the cell, or of its row (a row withheld whole names the row)
        row = cell.rsplit(".", 1)[0]
        return said.get(cell) or said.get(row) or "无说明（未读到）"

    why = Counter(reason(k) for k in withheld)
    return Score(right, wrong, withheld, why, seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("variants", nargs="*", help="variant names or prefixes (default: all)")
    ap.add_argument("--list", action="store_true", help="list the variants and exit")
    ap.add_argument("--why", action="store_true", help="reasons the withheld cells were given")
    ap.add_argument("--fresh", action="store_true", help="make the scans again")
    args = ap.parse_args()
    if args.list:
        for v in VARIANTS:
            print(f"{v.name:<10} {v.about}")
        return
    chosen = [
        v for v in VARIANTS if not args.variants or any(v.name.startswith(n) for n in args.variants)
    ]
    if not chosen:
        raise SystemExit(f"没有这样的扫描：{' '.join(args.variants)}（--list 列出全部）")
    if args.fresh:
        shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    sample, want = printed_sample(CACHE), truth()
    print(f"{'扫描':<10} {'对':>4} {'错':>4} {'未取':>4} / {len(want)}   秒")
    right = wrong = withheld = 0
    seconds = 0.0
    for v in chosen:
        s = score(scan(v, sample, CACHE), want)
        right, wrong, withheld = right + s.right, wrong + len(s.wrong), withheld + len(s.withheld)
        seconds += s.seconds
        figures = f"{s.right:>4} {len(s.wrong):>4} {len(s.withheld):>4}"
        print(f"{v.name:<10} {figures}   {s.seconds:5.1f}  {v.about}")
        for k, (printed, read) in sorted(s.wrong.items()):
            print(f"    错：{k} 印 {printed} 读作 {read}")
        if args.why:
            for reason, n in s.why.most_common():
                print(f"    未取 {n:>3}：{reason}")
    figures = f"{right:>4} {wrong:>4} {withheld:>4} / {len(want) * len(chosen)}"
    print(f"{'合计':<10} {figures}   {seconds:5.1f}")


if __name__ == "__main__":
    main()
