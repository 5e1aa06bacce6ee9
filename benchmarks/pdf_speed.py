"""Speed of the PDF reader on text-layer PDFs, against pypdfium2's own text extraction
of the same pages and against a baseline revision of ogi, all measured in one run.

Usage: .venv/bin/python benchmarks/pdf_speed.py [--baseline REV] [--rounds N] [PDF ...]
       .venv/bin/python benchmarks/pdf_speed.py --instructions [--reads N] [PDF ...]

Without PDFs it measures the real report of the shared corpus (made by WPS; when
present), the bundled sample report as Chromium prints its web page and as LibreOffice
converts its DOCX (where they are installed), and two PDFs made by the test suite's
writer: a text-and-table report and 40 pages of ruled tables. For each it prints pages
per second of CPU time for
- ogi: `read_pdf` of the whole file (without OCR: these pages have a text layer), with
  the garbage collector paused as `ogi.extract` pauses it (`ogi.gcpause`),
- pypdfium2: each page loaded and its text read (`get_textpage().get_text_range()`),
- the baseline revision's `read_pdf` (default a7f7a7d, main before the scale work),
and the ratios ogi/pypdfium2 (time; the target is at most 2) and baseline/ogi (speed-up).
Where the native loop (`ogi/readers/_pdfium_map.c`) is built, ogi is also measured with
the Python loop it falls back on without a C compiler (OGI_PDF_NATIVE=0); a baseline
exported from git has no built loop and runs the Python one.
The working tree and the baseline each run in child processes, alternated round by
round (A B A B …), and the median round is kept, so a busy machine weighs on both.
Within a child each engine reads a file `--repeat` times in a row and the quickest read
counts. Children run as the `ogi` command does, numpy's OpenBLAS on one thread (its
spinning threads would otherwise be counted in a child's CPU time).

With `--instructions` it counts instead, with valgrind's callgrind, the machine
instructions of a read by each engine (a process reading each file `--reads` times,
less the same process reading it none): a figure that does not move with the load of
a shared machine, where CPU time does by a third from run to run. Python's bytecode
takes more time per instruction than pdfium's loops, so the time ratio runs higher.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(1, str(ROOT))  # (the test modules loaded below import the suite's helpers)
CORPUS_PDF = ROOT.parent / "shared" / "corpus" / "huaian-hongze-2023.pdf"
SAMPLES = ROOT / "samples"

# Run in a child whose PYTHONPATH selects the ogi under test: CPU seconds per read of
# each file, for ogi's reader and for pypdfium2's text extraction, interleaved.
CHILD = r"""
import json, sys, time
import pypdfium2 as pdfium
from ogi.readers.pdf import read_pdf

def pdfium_text(data):
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()

try:  # (read as `ogi.extract` reads: the collector paused; a baseline without it reads as it did)
    from ogi.gcpause import paused
except ImportError:
    from contextlib import nullcontext as paused

def ogi(data):
    with paused():
        read_pdf("bench.pdf", data, ocr=False)

paths, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
if len(sys.argv) > 3:  # (counted by callgrind: one engine, `repeat` reads, after a warm one)
    data = open(paths[0], "rb").read()
    engine = ogi if sys.argv[3] == "ogi" else pdfium_text
    ogi(data); pdfium_text(data)
    for _ in range(repeat):
        engine(data)
    sys.exit()
out = {}
for path in paths:
    data = open(path, "rb").read()
    ogi(data); pdfium_text(data)  # warm up imports and caches
    # each engine's reads one after another, as a batch runs them: read by read in
    # turn, pypdfium2 would start each read with the caches ogi's read left it
    times = {"ogi": [], "pdfium": []}
    for name, fn in (("ogi", ogi), ("pdfium", pdfium_text)):
        for _ in range(repeat):
            start = time.process_time()
            fn(data)
            times[name].append(time.process_time() - start)
    out[path] = {k: min(v) for k, v in times.items()}
try:  # (a baseline from before pdf_calls has no native loop either)
    from ogi.readers import pdf_calls
    out["_native"] = getattr(pdf_calls, "NATIVE", None) is not None
except ImportError:
    out["_native"] = False
print(json.dumps(out))
"""


def _test_module(name: str, path: str):  # type: ignore[no-untyped-def]
    """A module of the test suite, loaded from its file (the tests are not a package the
    benchmark imports)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # (dataclasses look their module up while it loads)
    spec.loader.exec_module(mod)
    return mod


def generated() -> list[tuple[str, bytes]]:
    t = _test_module("pdf_writer", "tests/readers/test_pdf.py")
    report = [t.text_page(1), *t.two_page_table(repeat_header=False)]
    pages = []
    for n in range(40):
        p = t.Page()
        ys = [60.0 + 22 * i for i in range(31)]
        t.ruled(p, ys, t.XS, set())
        for r, top in enumerate(ys[:-1]):
            for c, x in enumerate(t.XS[:-1]):
                t.cell(p, x, top, f"第{r}行" if c == 0 else str(n * 100 + r * c))
        pages.append(p)
    return [
        ("生成：文字与续表", t.build_pdf(report)),
        ("生成：40 页满表格", t.build_pdf(pages)),
    ]


def printed(folder: Path) -> list[tuple[str, bytes]]:
    """The sample report as two producers agencies use print it, where they are installed:
    the web page by Chromium (OGI_TEST_CHROMIUM or chromium on the path), the DOCX by
    LibreOffice, each through the reading phenomena's printer (tests/extract/phenomena.py).
    Their pages differ from the generated ones in what pdfium has to do: Chromium embeds
    its fonts and draws every cell border apart, LibreOffice draws whole rules with a
    small font subset."""
    ph = _test_module("phenomena", "tests/extract/phenomena.py")
    out = []
    if ph.CHROMIUM and Path(ph.CHROMIUM).exists():
        html = Path(shutil.copy(SAMPLES / "示例镇-2024.html", folder / "sample.html"))
        out.append(("样例网页，Chromium 打印", ph.to_pdf_chromium(html).read_bytes()))
    if ph.SOFFICE:
        docx = Path(shutil.copy(SAMPLES / "示例镇-2024.docx", folder / "sample.docx"))
        [pdf] = ph.to_pdf_libreoffice(docx)
        out.append(("样例 DOCX，LibreOffice 转换", pdf.read_bytes()))
    return out


def _env(src: Path) -> dict[str, str]:
    from _baseline import env_for

    env = env_for(src)
    env["OPENBLAS_NUM_THREADS"] = "1"  # (as the `ogi` command sets it: ogi.cli)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def instructions(src: Path, path: str, reads: int) -> dict[str, float]:
    """Millions of instructions a read of `path` takes each engine, ogi's code under
    `src`: a process reading it `reads` times, less one reading it none."""
    from _process import callgrind

    def count(engine: str, n: int) -> int:
        return callgrind([sys.executable, "-c", CHILD, json.dumps([path]), str(n), engine], env)

    env = _env(src)
    none = count("ogi", 0)
    return {e: (count(e, reads) - none) / reads / 1e6 for e in ("ogi", "pdfium")}


def _child(src: Path, paths: list[str], repeat: int, native: bool = True) -> dict[str, Any]:
    env = _env(src)
    if not native:
        env["OGI_PDF_NATIVE"] = "0"
    run = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths), str(repeat)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    from _baseline import BASELINE, export

    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5, help="reads per file in a round")
    ap.add_argument("--instructions", action="store_true", help="count instructions instead")
    ap.add_argument("--reads", type=int, default=3, help="reads counted per file and engine")
    args = ap.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("需要 valgrind（Debian 软件包 valgrind）")

    import pypdfium2 as pdfium

    folder = Path(tempfile.mkdtemp(prefix="ogi-pdf-speed-"))
    samples = [(p, Path(p).read_bytes()) for p in args.pdfs]
    if not samples:
        if CORPUS_PDF.exists():
            samples.append((CORPUS_PDF.name, CORPUS_PDF.read_bytes()))
        samples += printed(folder)
        samples += generated()
    paths, pages = [], {}
    for k, (_, data) in enumerate(samples):
        path = folder / f"{k}.pdf"
        path.write_bytes(data)
        paths.append(str(path))
        pages[str(path)] = len(pdfium.PdfDocument(data))
    if args.instructions:
        print(f"callgrind 指令数（百万条/次读取），每个文件每个引擎读 {args.reads} 次")
        print("文件\t页数\togi\tpypdfium2\togi/pypdfium2（指令）")
        for (name, _), path in zip(samples, paths, strict=True):
            got = instructions(ROOT / "src", path, args.reads)
            row = f"{name}\t{pages[path]}\t{got['ogi']:.1f}\t{got['pdfium']:.1f}"
            print(f"{row}\t{got['ogi'] / got['pdfium']:.2f}×", flush=True)
        return
    ours, base = ROOT / "src", export(args.baseline)
    runs: dict[str, list[dict[str, Any]]] = {"ogi": [], "python": [], "base": []}
    for _ in range(args.rounds):
        runs["ogi"].append(_child(ours, paths, args.repeat))
        if runs["ogi"][0]["_native"]:
            runs["python"].append(_child(ours, paths, args.repeat, native=False))
        runs["base"].append(_child(base, paths, args.repeat))
    native = runs["ogi"][0]["_native"]

    def median(which: str, path: str, engine: str) -> float:
        return statistics.median(r[path][engine] for r in runs[which])

    def ratios(which: str, path: str) -> list[float]:
        # (each round's two engines were timed within a second of each other: the
        # ratio of a round is not moved by the machine slowing down between rounds,
        # which the ratio of the two medians is)
        return sorted(r[path]["ogi"] / r[path]["pdfium"] for r in runs[which])

    print(f"CPU 时间，{args.rounds} 轮交替、每轮每个文件读 {args.repeat} 次取最快，各轮取中位数")
    print(f"ogi 询问 pdfium：{'原生循环（已编译）' if native else 'Python 循环（原生循环未编译）'}")
    print("时间之比：每轮 ogi 与 pypdfium2 之比的中位数，括号内为各轮最小与最大")
    head = "文件\t页数\togi 页/秒\tpypdfium2 页/秒\togi/pypdfium2（时间）"
    if native:
        head += "\tPython 循环 页/秒\tPython 循环/pypdfium2"
    print(head + "\t基线 页/秒\t提速（基线/ogi）")
    for (name, _), path in zip(samples, paths, strict=True):
        n = pages[path]
        ogi, pdfium_t = median("ogi", path, "ogi"), median("ogi", path, "pdfium")
        baseline = median("base", path, "ogi")
        each = ratios("ogi", path)
        row = f"{name}\t{n}\t{n / ogi:.0f}\t{n / pdfium_t:.0f}"
        row += f"\t{statistics.median(each):.2f}×（{each[0]:.2f}–{each[-1]:.2f}）"
        if native:
            py = median("python", path, "ogi")
            row += f"\t{n / py:.0f}\t{statistics.median(ratios('python', path)):.2f}×"
        print(row + f"\t{n / baseline:.0f}\t{baseline / ogi:.2f}×")


if __name__ == "__main__":
    main()
