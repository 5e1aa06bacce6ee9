"""Reading many files: which files a path names, one report source per file, and the
engine that reads them on every core or on a Dask cluster.

Every command that takes report files (extract, check, ingest, render) reads them
here, so they agree on what a directory holds, on ogi's own JSON being accepted as a
report, and on a bad file being reported without stopping the rest.

The engine (`run_files`) maps files to `Outcome`s over a pool of worker processes
(`jobs`, all cores by default) or a Dask cluster (`dask`, a scheduler address):

- it streams: at most a few files per worker are in flight or waiting to be handed
  back, so memory stays constant however many files there are; outcomes come in input
  order (`ordered=True`) or as they complete;
- work on a file's reports that belongs next to the reading (checking one report,
  turning it into a database row or JSON) runs in the worker too: `ReadSpec.after`;
- a scanned PDF's pages are OCR'd as tasks of their own (`ogi.services.ocr_tasks`);
- a file that cannot be read, or whose worker dies, becomes an outcome with a Chinese
  one-line `error` (an `after` hook gives its own by raising `ReadError`); the batch
  goes on.

A caller that needs its own work per file passes `after` (a module-level function, so
it can be sent to a worker process): ``run_files(paths, ReadSpec(after=check_one))``
yields each file's outcome with ``outcome.value = check_one(path, reports)``.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ogi.blocks import ReadError
from ogi.oserrors import reason
from ogi.readers.suffixes import SUFFIX_FORMS
from ogi.services import archives
from ogi.services.file_list import FileList, suffix_of

if TYPE_CHECKING:
    from ogi.model import Report

REPORT_SUFFIXES = set(SUFFIX_FORMS)
NOT_REPORTS = {"README", "LICENSE", "CHANGELOG", "NOTES"}  # a folder's own notes
log = logging.getLogger("ogi.read")


class EngineError(RuntimeError):
    """The engine cannot run at all (a Dask cluster unreachable or not installed)."""


WORKER_DIED = "读取时处理进程意外终止（文件可能使读取程序崩溃，或内存不足）"


def report_name(suffixes: frozenset[str] | set[str]) -> Callable[[str], bool]:
    """Whether a file name in a folder is a report file (or an archive of them) of one
    of `suffixes`, not the folder's own notes (README, LICENSE...)."""

    def wanted(name: str) -> bool:
        suffix = suffix_of(name)
        return (suffix in suffixes or suffix == archives.ZIP) and (
            name[: -len(suffix)] if suffix else name
        ).upper() not in NOT_REPORTS

    return wanted


def expand_paths(
    paths: Iterable[Path], *, json: bool = False, skip: Iterable[Path | None] = ()
) -> FileList:
    """Files as given; directories expanded to the report files inside them (and to
    ogi's own JSON reports too, with `json`); zip archives, given or in a folder, to
    the report files they hold, unpacked (`ogi.services.archives`). Walked as it is
    iterated, in path order (`ogi.services.file_list`); `len()` counts. What `skip` names
    (the command's own output) is passed over in folders."""
    suffixes = REPORT_SUFFIXES | ({".json", ".jsonl"} if json else set())
    return FileList(paths, report_name(suffixes), suffixes, skip=skip)


def load_reports_json(path: Path) -> list[Report]:
    """Reports already read or composed by ogi (`ogi extract`/`ogi compose` output):
    one JSON object, or JSON Lines."""
    from pydantic import ValidationError

    from ogi.model import Report

    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix.lower() == ".jsonl" or (text.lstrip().startswith("{") and "\n{" in text):
            return [Report.model_validate_json(ln) for ln in text.splitlines() if ln.strip()]
        return [Report.model_validate_json(text)]
    except ValidationError as e:
        raise ReadError(f"不是 ogi 的报告 JSON（{e.error_count()} 处不符）") from None


def load_reports(
    path: Path, read: Callable[[Path], Report] | None = None, *, ogi_json: bool = True
) -> list[Report]:
    """The reports one file holds: ogi's JSON as is (when `ogi_json`), any other form
    read by `read` (`extract` by default)."""
    if ogi_json and path.suffix.lower() in (".json", ".jsonl"):
        return load_reports_json(path)
    if read is None:
        from ogi.extract import extract as read
    return [read(path)]


@dataclass
class Outcome:
    path: Path
    reports: list[Report]
    error: str | None = None  # one line, Chinese, when the file could not be read
    value: Any = None  # what `ReadSpec.after` made of the reports, in the worker
    detail: str | None = None  # the traceback of an unexpected error, for --verbose


def read_each(
    paths: Iterable[Path],
    read: Callable[[Path], Report] | None = None,
    *,
    ogi_json: bool = True,
) -> Iterator[Outcome]:
    """Each file's reports, or the reason it could not be read; never raises for a file.
    `ogi_json=False` reads published files only (extract, ingest). In this process, one
    file after another; `run_files` is the parallel engine."""
    for p in paths:
        why = archives.refusal(p)
        if why is not None:
            yield Outcome(p, [], why)
            continue
        name = archives.shown(p)
        try:
            yield Outcome(name, _named(load_reports(p, read, ogi_json=ogi_json), p, name))
        except ReadError as e:
            yield Outcome(name, [], str(e))
        except Exception as e:  # one bad file must not stop a batch
            from ogi.readers.unexpected import explain

            log.debug("%s: 读取时出现异常", name, exc_info=True)
            yield Outcome(name, [], explain(e, name))


def _named(reports: list[Report], read: Path, name: Path) -> list[Report]:
    """The reports read from the file at `read`, their source named `name` (a file
    unpacked from an archive, or a copy of a file read from its bytes); ogi's JSON
    keeps its own source."""
    if read != name:
        for r in reports:
            if r.source.path == str(read):
                r.source.path = str(name)
    return reports


# -- the work for one file (runs in a worker) ---------------------------------------------


@dataclass(frozen=True)
class ReadSpec:
    """How each file is read and what is done with its reports in the worker."""

    pdf: Any = None  # ogi.extract.PdfOptions; None for the defaults
    ogi_json: bool = True  # accept ogi's own JSON as a report
    after: Callable[[Path, list[Report]], Any] | None = None  # → Outcome.value
    keep_reports: bool = True  # hand the reports back (False when `after` has all needed)
    split_ocr: bool = True  # OCR a scan's pages as separate tasks
    preload: tuple[str, ...] = ()  # modules `after` needs, imported once for all workers


@dataclass
class _NeedsOcr:
    pages: list[tuple[int, int]]  # (page number, characters of its text layer)
    pictures: dict[int, Any]  # what the pictures on text-layer pages held, by page


def _pdf_options(spec: ReadSpec) -> Any:
    from ogi.extract import PdfOptions

    return spec.pdf or PdfOptions()


def read_one(
    source: str,
    spec: ReadSpec,
    data: bytes | None = None,
    pages: dict | None = None,
    pictures: dict | None = None,
    shown: str | None = None,
) -> Outcome | _NeedsOcr:
    """Read one file (from `data` when given: a worker on another machine) and apply
    `spec.after`; with `pages`, its scanned pages come already OCR'd, and with
    `pictures` the pictures of its text-layer pages already read. `shown` is the name
    the file goes by when it is not its path (one unpacked from an archive). Never
    raises."""
    path = Path(source)
    name = Path(shown) if shown else path
    opts = _pdf_options(spec)
    defer = None
    # only a PDF may need OCR: other forms never load the OCR and PDF libraries
    if pages is not None:
        from ogi.services.ocr_tasks import PrecomputedOcr

        precomputed = PrecomputedOcr(
            opts.ocr_dpi, opts.ocr_page_limit, pages=pages, pictures=pictures or {}
        )
        opts = replace(opts, ocr_settings=precomputed)
    elif spec.split_ocr and opts.ocr and _may_be_pdf(path, data):
        from ogi.services.ocr_tasks import DeferredOcr

        defer = DeferredOcr(opts.ocr_dpi, opts.ocr_page_limit)
        opts = replace(opts, ocr_settings=defer)

    def read(p: Path) -> Report:
        from ogi.extract import extract

        return extract(p, opts)

    detail = None
    with _LocalCopy(path, data) as local:
        error = None
        reports: list[Report] = []
        try:
            reports = load_reports(local, read, ogi_json=spec.ogi_json)
        except ReadError as e:
            error = str(e)
        except Exception as e:  # one bad file must not stop a batch
            import traceback

            from ogi.readers.unexpected import explain

            # the worker may be another process: the detail travels with the outcome
            detail = f"{name}: 读取时出现异常\n{traceback.format_exc()}"
            error = explain(e, name)
    if defer is not None and defer.wanted_pages and _ocr_available():
        return _NeedsOcr(list(defer.wanted_pages), dict(defer.pictures))
    _named(reports, local, name)
    value = None
    if spec.after is not None and error is None:
        try:
            value = spec.after(name, reports)
        except ReadError as e:  # the hook's own one-line reason for this file
            error = str(e)
        except Exception as e:
            log.debug("%s: 处理时出现异常", name, exc_info=True)
            error = f"处理时出现意外错误（{type(e).__name__}），详情见 --verbose 的日志"
    return Outcome(name, reports if spec.keep_reports else [], error, value, detail)


def read_group(sources: list[tuple[str, str | None]], spec: ReadSpec) -> list[Outcome | _NeedsOcr]:
    """`read_one` for several small files (each its path and the name it goes by, see
    `read_one`) handed to a worker as one task: each task costs both processes some
    work of its own, worth sharing over files that take a few milliseconds each."""
    return [read_one(source, spec, shown=shown) for source, shown in sources]


def reports_json(indent: int | None, path: Path, reports: list[Report]) -> list[str]:
    """A file's reports as JSON text: an `after` hook, so the worker that read them
    also serialises them."""
    import json

    return [
        json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=indent) for r in reports
    ]


def _may_be_pdf(path: Path, data: bytes | None) -> bool:
    """Whether the file is a PDF (by content, as the readers decide), or may be one."""
    if data is not None:
        return data.startswith(b"%PDF")
    try:
        with path.open("rb") as f:
            return f.read(4) == b"%PDF"
    except OSError:
        return False


def _ocr_available() -> bool:
    from ogi.readers.ocr import available

    return available()


class _LocalCopy:
    """The file itself, or `data` written to a temporary file of the same name."""

    def __init__(self, path: Path, data: bytes | None) -> None:
        self.path, self.data = path, data
        self.tmp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Path:
        if self.data is None:
            return self.path
        self.tmp = tempfile.TemporaryDirectory(prefix="ogi-")
        local = Path(self.tmp.name) / (self.path.name or "file")
        local.write_bytes(self.data)
        return local

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()


# -- executors ----------------------------------------------------------------------------


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Inline:
    """Runs each task at once, in this process: one file, or `-j 1`."""

    capacity = 1
    sends_data = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures import Future

        f: Future = Future()
        try:
            f.set_result(fn(*args))
        except BaseException as e:
            f.set_exception(e)
        return f

    def wait(self, fs: Iterable[Any]) -> set[Any]:
        return set(fs)

    def close(self) -> None:
        pass


class _Pool:
    """Worker processes on this machine, started from a clean server process
    (forkserver) that has the readers imported already."""

    sends_data = False

    def __init__(self, jobs: int, preload: tuple[str, ...] = ()) -> None:
        self.capacity = jobs
        self._ctx = _worker_context(preload)
        self.ex = self._executor()

    def _executor(self) -> Any:
        """A pool of workers (at start, and again after one died)."""
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            self.capacity,
            mp_context=self._ctx,
            initializer=_worker_started,
            initargs=(os.getpid(),),
        )

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.ex.submit(fn, *args)

    def wait(self, fs: Iterable[Any]) -> set[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        return set(wait(list(fs), return_when=FIRST_COMPLETED).done)

    def restart(self) -> None:
        self.ex.shutdown(wait=False, cancel_futures=True)
        self.ex = self._executor()

    def close(self) -> None:
        self.ex.shutdown(wait=True, cancel_futures=True)


# A batch killed outright leaves its pool's semaphores to multiprocessing's resource
# tracker, which cleans them up and says so in English on the terminal: nothing a user
# can act on. The tracker is a process of its own, started later; it takes its warning
# filters from the environment.
_TRACKER_QUIET = "ignore::UserWarning:multiprocessing.resource_tracker"


def _quiet_resource_tracker() -> None:
    current = os.environ.get("PYTHONWARNINGS", "")
    if _TRACKER_QUIET not in current:
        os.environ["PYTHONWARNINGS"] = ",".join(w for w in (current, _TRACKER_QUIET) if w)


def _worker_context(preload: tuple[str, ...]) -> Any:
    """How worker processes start: forked from a clean server process that has the
    readers imported already (imported once in the server, inherited by every worker it
    forks; only the first pool of a process starts the server: later lists change
    nothing); spawned where there is no fork server."""
    import multiprocessing as mp

    _quiet_resource_tracker()
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["ogi.extract", "ogi.services.batch", *preload])
    return ctx


def start_workers_server(jobs: int | None, dask: str | None, preload: tuple[str, ...] = ()) -> None:
    """Start loading the server that `run_files` forks its local workers from, without
    waiting for it: a caller that knows files are coming does its own remaining work
    while the server imports the readers (the first worker is forked once it is ready).
    Nothing happens when the files would be read by one process or a Dask cluster."""
    if dask or (jobs or default_jobs()) < 2:
        return
    ctx = _worker_context(preload)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _worker_started(parent: int) -> None:
    """What a worker inherits (the readers and their tables, loaded before the fork)
    lives as long as it does: full collections skip it rather than walk it again and
    again (and touching it would copy the shared pages). And the worker ends when the
    process it works for does (`_end_with`)."""
    import gc

    gc.freeze()
    _end_with(parent)


def _end_with(parent: int) -> None:
    """End this worker as soon as process `parent` ends. A worker waits for its next
    task on a queue whose other end it holds itself, and keeps the server it was forked
    from alive: when the command was killed (kill -9, a closed terminal), they would
    both wait for ever, holding their memory."""
    import select
    import threading

    if not hasattr(os, "pidfd_open"):
        return
    try:
        fd = os.pidfd_open(parent)
    except OSError:  # gone already
        os._exit(1)

    def watch() -> None:
        select.select([fd], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=watch, name="ogi-parent-watch", daemon=True).start()


class _OneFile(_Pool):
    """One file with several cores: read in this process (no worker starts for a file
    with a text layer), but a scan's pages, when there are several, OCR'd by worker
    processes started then, so one scanned file gets every core."""

    def __init__(self, jobs: int, preload: tuple[str, ...] = ()) -> None:
        self.capacity, self._preload = jobs, preload
        self._pool: _Pool | None = None

    def for_pages(self, n: int) -> Any:
        """Where `n` OCR pages of the file go: one page is done here."""
        if n < 2:
            return _Inline()
        if self._pool is None:
            self._pool = _Pool(min(self.capacity, n), self._preload)
        return self._pool

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return _Inline().submit(fn, *args)

    def restart(self) -> None:
        if self._pool is not None:
            self._pool.restart()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()


class _Dask:
    """A Dask distributed cluster: tasks carry the file's bytes, so workers on other
    machines need not see the same files."""

    sends_data = True

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise EngineError("没有安装 Dask 分布式组件；请安装：pip install 'ogi[dask]'") from None
        try:
            self.client = Client(address, timeout=float(os.environ.get("OGI_DASK_TIMEOUT", 10)))
        except (OSError, TimeoutError) as e:
            # distributed says why in English ("Timed out trying to connect …")
            why = reason(e) if isinstance(e, OSError) and e.errno else "在限定时间内未能连接"
            raise EngineError(f"无法连接 Dask 调度器 {address}：{why}") from None
        self.capacity = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def scatter(self, data: bytes) -> Any:
        return self.client.scatter(data, hash=False)

    def wait(self, fs: Iterable[Any]) -> set[Any]:
        from distributed import wait

        return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

    def close(self) -> None:
        self.client.close()


def _executor(
    jobs: int | None, dask: str | None, n_hint: int | None, preload: tuple[str, ...] = ()
) -> Any:
    if dask:
        return _Dask(dask)
    jobs = jobs or default_jobs()
    if n_hint is not None and n_hint > 1:
        jobs = min(jobs, n_hint)
    if jobs > 1 and n_hint == 1:
        return _OneFile(jobs, preload)
    return _Pool(jobs, preload) if jobs > 1 else _Inline()


# -- the engine ---------------------------------------------------------------------------


@dataclass(eq=False)  # one per file, compared by identity
class _File:
    index: int
    path: Path
    data: Any = None  # bytes (or their future on a cluster) when tasks carry them
    pages: dict = field(default_factory=dict)
    pictures: dict = field(default_factory=dict)  # read by the first reading, for the second
    waiting: int = 0  # OCR pages still out
    attempts: int = 0  # times its worker died under it


def run_files(
    paths: Iterable[Path],
    spec: ReadSpec | None = None,
    *,
    jobs: int | None = None,
    dask: str | None = None,
    ordered: bool = True,
    total: int | None = None,
) -> Iterator[Outcome]:
    """Each file's `Outcome`, read by `jobs` worker processes (all cores by default; one
    file, or `jobs=1`, is read in this process, a single scan's pages still OCR'd by
    `jobs` workers) or by the Dask cluster at `dask`.
    `paths` is consumed lazily; `total` (when known) avoids starting more workers than
    files, and no worker starts before the first file arrives. Raises `EngineError`
    only when the cluster cannot be reached."""
    spec = spec or ReadSpec()
    it = iter(paths)
    # Look ahead before starting workers: no file, no pool; one file, no pool either.
    want = jobs or default_jobs()
    head = list(islice(it, want))
    if not head:
        return
    if len(head) < want:
        total = len(head)
    ex = _executor(jobs, dask, total, spec.preload)
    if isinstance(ex, _Inline):
        spec = replace(spec, split_ocr=False)  # one process: nothing to spread a scan over
    try:
        for o in _Run(ex, spec, chain(head, it), ordered).outcomes():
            if o.detail:
                log.debug("%s", o.detail)
            yield o
    finally:
        ex.close()


GROUP = 8  # small files handed to a local worker in one task
SMALL_FILE = 512 * 1024  # bytes: a file this small is read in milliseconds


class _Run:
    def __init__(self, ex: Any, spec: ReadSpec, paths: Iterator[Path], ordered: bool) -> None:
        self.ex, self.spec, self.paths, self.ordered = ex, spec, paths, ordered
        # worker processes on this machine take small files a few at a time
        self.group = GROUP if isinstance(ex, _Pool) and not isinstance(ex, _OneFile) else 1
        self.window = max(2, ex.capacity * 4 * self.group)
        # future → (stage, file or files of a group, page)
        self.pending: dict[Any, tuple[str, Any, int]] = {}
        self.gathering: list[_File] = []  # small files waiting to make up a group
        self.done: dict[int, Outcome] = {}  # finished, waiting for their turn (ordered)
        self.ready: deque[Outcome] = deque()
        self.open_files = 0  # files submitted and not yet handed back
        self.next_index = 0  # next index to hand back (ordered)
        self.count = 0
        self.exhausted = False
        self.suspects: deque[_File] = deque()  # files in flight when a worker died

    # submitting
    def _submit_read(
        self, f: _File, pages: dict | None = None, pictures: dict | None = None
    ) -> None:
        data = f.data
        if self.ex.sends_data and data is None and f.path.is_file():
            try:
                data = f.path.read_bytes()
            except OSError as e:
                self._finish(f, Outcome(f.path, [], f"无法打开文件：{reason(e)}"))
                return
        shown = archives.shown_name(f.path)
        args: tuple[Any, ...] = (str(f.path), self.spec, data, pages, pictures, shown)
        self.pending[self.ex.submit(read_one, *args)] = ("read", f, 0)

    def _fill(self) -> None:
        if self.suspects:
            # after a worker died: the files it may have held run one at a time, so the
            # one that kills its worker is found and the others are not blamed
            if not self.pending:
                self._submit_read(self.suspects.popleft())
            return
        group = self.gathering
        while not self.exhausted and self.open_files < self.window:
            try:
                path = next(self.paths)
            except StopIteration:
                self.exhausted = True
                break
            f = _File(self.count, Path(path))
            self.count += 1
            self.open_files += 1
            why = archives.refusal(f.path)
            if why is not None:  # an archive's member that could not be unpacked
                self._finish(f, Outcome(f.path, [], why))
                continue
            if self.group > 1 and _small(f.path):
                group.append(f)
                if len(group) == self.group:
                    self._submit_group(group)
                    group.clear()
            else:
                self._submit_read(f)
        # a group is sent before it is whole only when a worker would otherwise wait
        if group and (self.exhausted or len(self.pending) < self.ex.capacity):
            self._submit_group(group)
            group.clear()

    def _submit_group(self, files: list[_File]) -> None:
        if len(files) == 1:
            self._submit_read(files[0])
            return
        sources = [(str(f.path), archives.shown_name(f.path)) for f in files]
        fut = self.ex.submit(read_group, sources, self.spec)
        self.pending[fut] = ("group", list(files), 0)

    # results
    def _finish(self, f: _File, outcome: Outcome) -> None:
        outcome.path = archives.shown(outcome.path)  # (a failure told here names the temp file)
        if self.ordered:
            self.done[f.index] = outcome
            while self.next_index in self.done:
                self.ready.append(self.done.pop(self.next_index))
                self.next_index += 1
        else:
            self.ready.append(outcome)

    def _on_result(self, stage: str, f: Any, page: int, result: Any) -> None:
        if stage == "group":
            for one, r in zip(f, result, strict=True):
                self._on_result("read", one, 0, r)
            return
        if stage == "read":
            if isinstance(result, _NeedsOcr):
                self._start_ocr(f, result)
            else:
                self._finish(f, result)
            return
        f.pages[page] = result
        f.waiting -= 1
        if f.waiting == 0:
            self._submit_read(f, f.pages, f.pictures)

    def _start_ocr(self, f: _File, need: _NeedsOcr) -> None:
        from ogi.services.ocr_tasks import ocr_page

        opts = _pdf_options(self.spec)
        source: Any = str(f.path)
        if self.ex.sends_data:
            try:
                data = f.path.read_bytes()
            except OSError as e:
                self._finish(f, Outcome(f.path, [], f"无法打开文件：{reason(e)}"))
                return
            f.data = self.ex.scatter(data) if hasattr(self.ex, "scatter") else data
            source = f.data
        f.pictures = need.pictures
        f.waiting = len(need.pages)
        ex = self.ex.for_pages(len(need.pages)) if isinstance(self.ex, _OneFile) else self.ex
        for page_no, chars in need.pages:
            fut = ex.submit(ocr_page, source, page_no, chars, opts.ocr_dpi, opts.ocr_page_limit)
            self.pending[fut] = ("ocr", f, page_no)

    def _on_failure(self, f: Any, error: BaseException) -> None:
        """A task that did not return: its worker died (a crash in a native library,
        memory) or the pool broke under another task. `f` is a file or a group's files."""
        files = f if isinstance(f, list) else [f]
        broken = type(error).__name__ in ("BrokenProcessPool", "KilledWorker")
        if broken and isinstance(self.ex, _Pool):
            # every file in flight is a suspect; rerun them one by one
            lost = list(files)
            for _, g, _ in self.pending.values():
                lost += g if isinstance(g, list) else [g]
            self.pending.clear()
            self.ex.restart()
            for g in dict.fromkeys(lost):
                g.attempts += 1
                g.pages, g.pictures, g.waiting = {}, {}, 0
                if g.attempts > 1:
                    self._finish(g, Outcome(g.path, [], WORKER_DIED))
                else:
                    self.suspects.append(g)
            return
        for g in files:
            self._finish(g, Outcome(g.path, [], WORKER_DIED if broken else _reason(error)))

    def outcomes(self) -> Iterator[Outcome]:
        while True:
            self._fill()
            while self.ready:
                self.open_files -= 1
                yield self.ready.popleft()
                self._fill()
            if not self.pending:
                if self.exhausted and not self.suspects:
                    return
                continue
            for fut in self.ex.wait(self.pending):
                if fut not in self.pending:
                    continue  # dropped when the pool was restarted
                stage, f, page = self.pending.pop(fut)
                try:
                    result = fut.result()
                except Exception as e:
                    self._on_failure(f, e)
                    if not self.pending and self.suspects:
                        break
                    continue
                self._on_result(stage, f, page, result)


def _small(path: Path) -> bool:
    try:
        return path.stat().st_size < SMALL_FILE
    except OSError:
        return False  # read alone: the reader says why it cannot be read


def _reason(error: BaseException) -> str:
    return f"读取时出现意外错误（{type(error).__name__}），详情见 --verbose 的日志"
