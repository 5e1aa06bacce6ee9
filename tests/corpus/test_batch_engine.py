"""The batch engine: every core, outcomes in input order or as completed, bad files and
crashing workers reported without stopping the batch, scans OCR'd page by page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.services.batch import WORKER_DIED, ReadSpec, run_files
from tests.corpus.corpus_files import agency_of, crash_on_marked, make_corpus
from tests.readers.test_ocr import needs_engine, slow


@pytest.fixture
def mixed(tmp_path: Path) -> list[Path]:
    files = make_corpus(tmp_path, 9)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return [*files[:4], tmp_path / "empty.txt", *files[4:], tmp_path / "broken.pdf"]


def test_outcomes_in_input_order_with_reasons(mixed: list[Path]) -> None:
    spec = ReadSpec(ogi_json=False, after=agency_of, keep_reports=False)
    got = list(run_files(mixed, spec, jobs=2))
    assert [o.path for o in got] == mixed
    errors = {o.path.name: o.error for o in got if o.error}
    assert errors == {
        "empty.txt": "文件为空（0 字节）",
        "broken.pdf": "PDF 文件已损坏：文件结构无法识别或不完整",
    }
    assert all(o.reports == [] for o in got)  # keep_reports=False: only the value comes back
    assert [o.value for o in got if not o.error] == [["示例镇人民政府"]] * 9
    # in this process, one file after another: the same outcomes
    inline = list(run_files(mixed, spec, jobs=1))
    assert [(o.path, o.error, o.value) for o in inline] == [(o.path, o.error, o.value) for o in got]


def test_as_completed_gives_every_file_once(mixed: list[Path]) -> None:
    got = list(run_files(mixed, ReadSpec(ogi_json=False), jobs=2, ordered=False))
    assert sorted(o.path for o in got) == sorted(mixed)
    assert {o.reports[0].source.path for o in got if o.reports} == {
        str(p) for p in mixed if p.suffix != ".pdf" and p.name != "empty.txt"
    }


def test_a_crashing_worker_is_isolated(tmp_path: Path) -> None:
    files = make_corpus(tmp_path, 6)
    crash = files[2].rename(files[2].with_name("crash-" + files[2].name))
    files[2] = crash
    spec = ReadSpec(ogi_json=False, after=crash_on_marked)
    got = {o.path: o for o in run_files(files, spec, jobs=2)}
    assert got[crash].error == WORKER_DIED
    assert [got[p].value for p in files if p != crash] == [1] * 5
    assert all(got[p].error is None for p in files if p != crash)


def test_no_file_starts_no_worker() -> None:
    assert list(run_files(iter([]), jobs=2)) == []


def test_render_a_batch_on_every_core(tmp_path: Path) -> None:
    """`ogi render` of several reports and a folder: each printed beside its input (or
    in -o), read back to the same cells; a bad input is named and the rest printed."""
    from typer.testing import CliRunner

    from ogi.cli import app
    from ogi.extract import extract

    src = tmp_path / "in"
    src.mkdir()
    reports = {}
    for p in make_corpus(src, 3):
        r = extract(p)
        reports[p.stem] = r
        (src / f"{p.stem}.json").write_text(r.model_dump_json(), encoding="utf-8")
        p.unlink()
    (src / "bad.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(src), "-f", "md", "-o", str(out), "-j", "2"])
    assert result.exit_code == 2, result.output
    assert f"{src / 'bad.json'}: 不是 ogi 的报告 JSON（" in result.stderr
    assert result.stderr.strip().endswith("个/秒）")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.md" for s in reports)
    for stem, r in reports.items():
        assert f"已输出：{out / (stem + '.md')}" in result.stdout
        assert extract(out / f"{stem}.md").cells == r.cells


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """(workers, task) for each task handed to a pool of worker processes."""
    import ogi.services.batch

    sent: list[tuple[int, str]] = []
    submit = ogi.services.batch._Pool.submit

    def counted(self: ogi.services.batch._Pool, fn: object, *args: object) -> object:
        sent.append((self.capacity, getattr(fn, "__name__", "")))
        return submit(self, fn, *args)

    monkeypatch.setattr(ogi.services.batch._Pool, "submit", counted)
    return sent


def test_one_scanned_file_gets_every_core(tmp_path: Path, pools: list[tuple[int, str]]) -> None:
    """One file is read in this process, but its scanned pages go to as many worker
    processes as there are jobs, and assemble into the report one read in one go gives."""
    from ogi.extract import extract
    from tests.corpus.corpus_files import scanned_report

    scan = scanned_report(tmp_path / "scan.pdf", pages=2, lines_per_page=4)
    [split] = run_files([scan], ReadSpec(), jobs=2)
    assert pools == [(2, "ocr_page"), (2, "ocr_page")]
    assert split.error is None
    assert split.reports[0].model_dump() == extract(scan).model_dump()


def test_one_file_with_a_text_layer_starts_no_worker(
    tmp_path: Path, pools: list[tuple[int, str]]
) -> None:
    [txt] = make_corpus(tmp_path, 1)
    [got] = run_files([txt], ReadSpec(ogi_json=False, after=agency_of), jobs=2)
    assert (got.error, got.value) == (None, ["示例镇人民政府"])
    assert pools == []


def test_small_files_go_to_workers_a_few_at_a_time(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Local workers get small files in groups of `GROUP` (each task costs both sides
    some work of its own); a large file goes alone; outcomes keep the input order."""
    from ogi.services import batch

    tasks: list[tuple[str, int]] = []

    class Recording(batch._Pool):
        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            tasks.append((fn.__name__, len(args[0]) if fn is batch.read_group else 1))
            return super().submit(fn, *args)

    monkeypatch.setattr(batch, "_executor", lambda jobs, dask, n, preload=(): Recording(2))
    monkeypatch.setattr(batch, "GROUP", 4)
    files = make_corpus(tmp_path, 10)
    big = tmp_path / "big.txt"
    big.write_bytes(files[0].read_bytes() + b"\n" * batch.SMALL_FILE)
    files.insert(5, big)
    spec = ReadSpec(ogi_json=False, after=agency_of, keep_reports=False)
    got = list(run_files(files, spec, jobs=2))
    assert [o.path for o in got] == files
    assert [o.value for o in got] == [["示例镇人民政府"]] * 11
    assert tasks == [("read_group", 4), ("read_one", 1), ("read_group", 4), ("read_group", 2)]


KILLED_MIDWAY = r"""
import sys
from pathlib import Path
from ogi.services.batch import ReadSpec, run_files
from tests.corpus.corpus_files import worker_pid

files = [Path(p) for p in sys.argv[1:]]
spec = ReadSpec(ogi_json=False, after=worker_pid, keep_reports=False)
seen = set()
for o in run_files(files, spec, jobs=2):
    seen.add(o.value)
    if len(seen) == 2:
        print(*sorted(seen), flush=True)
        sys.stdin.read()  # workers idle, waiting for more: here the command is killed
"""


def test_workers_end_when_the_command_is_killed(tmp_path: Path) -> None:
    """A command killed while its workers wait (kill -9, a closed terminal) must not
    leave them behind: they end with it, and so does the server they were forked from."""
    import os
    import select
    import signal
    import subprocess
    import sys

    files = make_corpus(tmp_path, 40)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MIDWAY, *map(str, files)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    workers = [int(p) for p in child.stdout.readline().split()]
    assert len(workers) == 2 and child.pid not in workers
    handles = [os.pidfd_open(pid) for pid in workers]
    child.send_signal(signal.SIGKILL)
    child.wait()
    ended: set[int] = set()
    while len(ended) < len(handles):  # each handle turns readable when its worker ends
        ready, _, _ = select.select([h for h in handles if h not in ended], [], [], 30)
        assert ready, "workers still running 30 s after the command was killed"
        ended.update(ready)
    for h in handles:
        os.close(h)


# -- a scan and a picture of a table in one file: each read by OCR once -------------------

SCANNER_LAYER = "Page 1 of the scanned report 2804 2804 0 1001 68 100 7 4590 12 11 3 105"


def scan_then_picture(path: Path, searchable: bool) -> Path:
    """Page 1 a scan (carrying the scanner's invisible text layer when `searchable`),
    page 2 the suite's text page with a screenshot of a table below its text."""
    import io

    import pypdfium2 as pdfium

    from tests.readers.test_ocr import _scan_with_text, draw_page, image_pdf
    from tests.readers.test_pictures import pdf_with_picture, screenshot

    if searchable:
        scan = _scan_with_text(SCANNER_LAYER, invisible=True)
    else:
        scan = image_pdf(draw_page(150), dpi=150)
    pdf = pdfium.PdfDocument(scan)
    pdf.import_pages(pdfium.PdfDocument(pdf_with_picture(screenshot())))
    buf = io.BytesIO()
    pdf.save(buf)
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture
def ocr_reads(monkeypatch: pytest.MonkeyPatch) -> dict[int, int]:
    """How many times OCR read an image of each page (the page, or a picture on it)."""
    from ogi.readers import ocr

    reads: dict[int, int] = {}
    read_image = ocr.read_image

    def counted(image: object, page_no: int, *args: object, **kwargs: object) -> object:
        reads[page_no] = reads.get(page_no, 0) + 1
        return read_image(image, page_no, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ocr, "read_image", counted)
    return reads


@slow
@needs_engine
@pytest.mark.parametrize("searchable", [False, True], ids=["scan", "searchable-scan"])
def test_a_picture_of_a_table_is_ocr_d_once_when_a_scan_has_the_file_read_again(
    tmp_path: Path, ocr_reads: dict[int, int], searchable: bool
) -> None:
    """The scan on page 1 sends the file round again (its page OCR'd as a task, then the
    file read with it): the picture on page 2, read the first time round, is not read
    again, and the report is the one a reading in one go gives."""
    from ogi.extract import extract

    path = scan_then_picture(tmp_path / "mixed.pdf", searchable)
    [split] = run_files([path], ReadSpec(), jobs=2)
    assert ocr_reads == {1: 1, 2: 1}
    assert split.error is None
    said = [p.message for p in split.reports[0].problems if p.where == "文件"]
    assert said == [
        *(["第1页是扫描件，所附不可见文字层（扫描时自动识别）未采用，已重新识别"] * searchable),
        "第2页的图片中的表格由 OCR 识别读取，数值请与原图核对",
    ]
    ocr_reads.clear()
    assert split.reports[0].model_dump() == extract(path).model_dump()
    assert ocr_reads == {1: 1, 2: 1}


@slow
@needs_engine
@pytest.mark.parametrize("searchable", [False, True], ids=["scan", "searchable-scan"])
def test_the_second_reading_takes_the_pictures_the_first_read(
    tmp_path: Path, ocr_reads: dict[int, int], searchable: bool
) -> None:
    """The two readings by hand: the first notes page 1 and reads the picture on page 2,
    the second reads nothing; the document (blocks, problems, their order) is the one
    a reading in one go gives."""
    from ogi.readers.pdf import read_pdf
    from ogi.services.ocr_tasks import DeferredOcr, PrecomputedOcr, ocr_page

    data = scan_then_picture(tmp_path / "mixed.pdf", searchable).read_bytes()
    defer = DeferredOcr()
    read_pdf("m.pdf", data, ocr_settings=defer)
    assert ocr_reads == {2: 1}
    assert defer.wanted_pages == [(1, 0)]  # (a searchable scan's layer is not weighed)
    assert list(defer.pictures) == [2]
    pages = {n: ocr_page(data, n, chars, 200, 30.0) for n, chars in defer.wanted_pages}
    assert ocr_reads == {1: 1, 2: 1}
    again = PrecomputedOcr(pages=pages, pictures=defer.pictures)
    split = read_pdf("m.pdf", data, ocr_settings=again)
    assert ocr_reads == {1: 1, 2: 1}
    ocr_reads.clear()
    whole = read_pdf("m.pdf", data)
    assert ocr_reads == {1: 1, 2: 1}
    assert split.problems == whole.problems
    assert split.blocks == whole.blocks
    assert len([b for b in split.blocks if b.is_table]) == 2


def test_a_picture_on_a_file_read_once_is_ocr_d_once(
    tmp_path: Path, ocr_reads: dict[int, int]
) -> None:
    """No page wants OCR: the first reading, pictures and all, is the file's."""
    from ogi.extract import extract
    from tests.readers.test_pictures import pdf_with_picture, screenshot

    path = tmp_path / "picture.pdf"
    path.write_bytes(pdf_with_picture(screenshot()))
    [got] = run_files([path], ReadSpec(), jobs=2)
    assert ocr_reads == {1: 1}
    assert [p.message for p in got.reports[0].problems if p.where == "文件"] == [
        "第1页的图片中的表格由 OCR 识别读取，数值请与原图核对"
    ]
    ocr_reads.clear()
    assert got.reports[0].model_dump() == extract(path).model_dump()
    assert ocr_reads == {1: 1}
