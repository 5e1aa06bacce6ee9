"""Published reports into the store: ingest, and reading them back.

Ingest hashes each file first and reads only what the store does not hold, on every
core (or a Dask cluster); rows are written in batches, each batch one transaction,
inserted if absent. A killed ingest therefore leaves only whole batches behind, and
running it again finishes the job; two ingests at once neither fail nor duplicate.

Export (tables, dictionary, findings) is `ogi.services.dataset`'s.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ogi.model import Report
from ogi.services.batch import ReadSpec, run_files
from ogi.services.ingest_skip import HASH_CHUNK, file_sha256

BATCH_ROWS = 100  # rows per write transaction
BATCH_SECONDS = 2.0  # ... or fewer, when this long has passed since the last write
LOOKAHEAD_CHUNKS = 7  # chunks hashed ahead while the workers' server loads
SETTLED_MAX = 200_000  # agency-years whose settling an ingest remembers (~0.3 KB each)


@dataclass
class IngestResult:
    added: int = 0
    already: int = 0
    published: int = 0  # of those already stored, drafts under review now published
    failed: list[tuple[str, str]] = field(default_factory=list)


# Reported for each file as it is settled: (path, error or None, whether it was skipped
# because the store holds its content already).
IngestProgress = Callable[[Path, str | None, bool], None]


def rows_of(path: Path, reports: list[Report]) -> list[dict[str, Any]]:
    """A file's reports as what the store keeps of them, identified, checked and
    measured in the worker that read them (`ogi.services.ingest_prepare.prepare`)."""
    from ogi.services.ingest_prepare import prepare

    return [prepare(r) for r in reports]


def ingest(
    store: Any,
    paths: Iterable[Path],
    *,
    pdf: Any = None,
    jobs: int | None = None,
    dask: str | None = None,
    progress: IngestProgress | None = None,
    batch: int = BATCH_ROWS,
    hashes: Mapping[Path, str] | None = None,
) -> IngestResult:
    """Read each file not yet stored and keep its report; a file that cannot be read is
    listed and the rest goes on. `hashes` are SHA-256s already taken of some files."""
    import gc

    from ogi.services.batch import start_workers_server
    from ogi.store.reports import stored_hashes

    gc.freeze()  # what start-up loaded lives to the end: full collections skip it

    result = IngestResult()
    note = progress or (lambda _p, _e, _s: None)
    seen: set[str] = set()
    drafts: list[bool] = []  # whether the store holds any draft (asked once)

    def store_has_drafts() -> bool:
        if not drafts:
            from sqlalchemy import select

            from ogi.store.review import draft_report_ids

            with _store_errors(store), store.session() as s:
                drafts.append(s.execute(select(draft_report_ids().exists())).scalar() or False)
        return drafts[0]

    def checked(chunk: list[Path]) -> list[Path]:
        """The files of `chunk` to read: those whose content is not stored (nor met
        before in this ingest); the others are noted as skipped."""
        hashed: list[tuple[Path, str | None]] = []
        for p in chunk:
            if hashes is not None and p in hashes:
                hashed.append((p, hashes[p]))
                continue
            try:
                hashed.append((p, file_sha256(p)))
            except OSError:
                hashed.append((p, None))  # the reader will say why it cannot be read
        with _store_errors(store), store.session() as s:
            stored = stored_hashes(s, [h for _, h in hashed if h])
        if stored and store_has_drafts():
            from ogi.services.dataset import publish_drafts

            with _store_errors(store), store.session(write=True) as s:
                result.published += publish_drafts(s, stored)
        out: list[Path] = []
        for p, sha in hashed:
            if sha is not None and (sha in stored or sha in seen):
                result.already += 1
                note(p, None, True)
                continue
            if sha is not None:
                seen.add(sha)
            out.append(p)
        return out

    preload: tuple[str, ...] = ()  # what the workers' server imports, once known needed

    def unstored() -> Iterator[Path]:
        nonlocal preload
        it = iter(paths)
        started = False
        ahead: list[Path] = []
        while chunk := list(islice(it, HASH_CHUNK)):
            ahead += checked(chunk)
            if len(ahead) > 1 and not started:
                # files to read: the workers' server starts loading now, and this process
                # gets ahead with its own work (hashing, the writer's rules) meanwhile
                # instead of waiting for the server once the first file is handed over
                from ogi.services.ingest_rows import warm_up

                started = True
                preload = _worker_preload()
                start_workers_server(jobs, dask, preload)
                warm_up()
                for _ in range(LOOKAHEAD_CHUNKS):
                    if not (chunk := list(islice(it, HASH_CHUNK))):
                        break
                    ahead += checked(chunk)
            if started or len(ahead) > 1:
                yield from ahead
                ahead.clear()
        yield from ahead

    files = unstored()
    head = list(islice(files, 2))
    if not head:  # every file stored already: nothing more is loaded
        return result
    from ogi.services.agency_spellings import SpellingIndex
    from ogi.services.ingest_rows import store_prepared

    rows: list[dict[str, Any]] = []
    touched: list[str] = []
    known: dict[int, Any] = {}  # what the cross-year rules need of the reports stored
    settled: dict[Any, frozenset[int]] = {}  # agency-year → the reports it was settled on
    spellings = SpellingIndex()  # the stored agencies' spellings, read once, kept up to date
    last = time.monotonic()

    def write(batch_rows: list[dict[str, Any]]) -> None:
        with _store_errors(store), store.session(write=True) as s:
            # rows, agencies, findings, figures and agency-years in one transaction,
            # one writer at a time from its first statement (`serialise_writes`)
            if len(settled) > SETTLED_MAX:
                settled.clear()  # bounded memory: what is forgotten is settled again at the end
            added = store_prepared(s, batch_rows, known, settled, spellings)
        touched.extend(r["report"]["sha256"] for r in batch_rows)
        result.added += added
        result.already += len(batch_rows) - added  # stored meanwhile by another ingest

    # with workers, batches are written beside the reading, so they never wait for it
    writer = _BatchWriter(write, threaded=dask is not None or jobs is None or jobs > 1)

    def flush() -> None:
        nonlocal last
        if rows:
            writer.put(list(rows))
            rows.clear()
        last = time.monotonic()

    spec = ReadSpec(
        pdf=pdf,
        ogi_json=False,
        after=rows_of,
        keep_reports=False,
        preload=preload or _worker_preload(),
    )
    try:
        for o in run_files(chain(head, files), spec, jobs=jobs, dask=dask, ordered=False):
            if o.error:
                result.failed.append((str(o.path), o.error))
            else:
                rows.extend(o.value)
            note(o.path, o.error, False)
            if len(rows) >= batch or time.monotonic() - last >= BATCH_SECONDS:
                flush()
        flush()
    except BaseException:
        writer.abandon()
        raise
    writer.close()
    if touched:
        from ogi.services.dataset import regroup_stored

        with _store_errors(store), store.session(write=True) as s:
            regroup_stored(s, touched, settled)
    return result


def start_workers(jobs: int | None = None, dask: str | None = None) -> None:
    """Start loading the server ingest's local workers are forked from, ahead of `ingest`
    (which starts it itself once it finds files to read): for a caller that knows every
    file will be read, e.g. into a store not created yet."""
    from ogi.services.batch import start_workers_server

    start_workers_server(jobs, dask, _worker_preload())


def _worker_preload() -> tuple[str, ...]:
    """The modules ingest's workers use, imported once by the server they are forked from."""
    from ogi.services.ingest_prepare import worker_modules

    return (
        "ogi.services.corpus",
        "ogi.services.ingest_prepare",
        "ogi.store.report_values",
        *worker_modules(),
    )


class _BatchWriter:
    """Writes batches one after another, in a thread of its own when `threaded`: the
    reading loop then goes on handing files to the workers while a batch is written.
    An error of the writing is raised in the reading loop at its next batch, or at
    `close`."""

    def __init__(self, write: Callable[[list[dict[str, Any]]], None], threaded: bool) -> None:
        self.write = write
        self.error: BaseException | None = None
        self.stopped = False
        self.thread: threading.Thread | None = None
        if threaded:
            self.queue: queue.Queue[list[dict[str, Any]] | None] = queue.Queue(maxsize=2)
            self.thread = threading.Thread(target=self._run, name="ogi-ingest-writer", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while (rows := self.queue.get()) is not None:
            if self.error is None and not self.stopped:  # else dropped until the end
                try:
                    self.write(rows)
                except BaseException as e:
                    self.error = e

    def put(self, rows: list[dict[str, Any]]) -> None:
        if self.thread is None:
            self.write(rows)
            return
        self._raise()
        self.queue.put(rows)

    def close(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        self._raise()

    def abandon(self) -> None:
        """The reading failed: the batches not begun are not written (what is written is
        whole, and a re-run reads the rest)."""
        if self.thread is not None:
            self.stopped = True
            self.queue.put(None)
            self.thread = None

    def _raise(self) -> None:
        if self.error is not None:  # kept: the batches still queued are dropped
            raise self.error


@contextmanager
def _store_errors(store: Any) -> Iterator[None]:
    """A database failure mid-way (a lock held too long by another program, a server
    gone) as one line naming the store; what was committed stays, a re-run goes on."""
    from sqlalchemy.exc import OperationalError

    from ogi.store.errors import StoreError, describe

    try:
        yield
    except OperationalError as e:
        raise StoreError(describe(store.url, e)) from None


# -- reading back ---------------------------------------------------------------------------
# (tables for export are made by `ogi.services.dataset`)


def stored_reports(
    store: Any, agency: str | None = None, year: int | None = None
) -> Iterator[Report]:
    """Stored published reports (no batch's draft) as `Report`s, streamed a few hundred
    rows at a time."""
    from sqlalchemy import select

    from ogi.store.models import ReportRecord as R
    from ogi.store.reports import REPORT_ROWS, report_of
    from ogi.store.review import published

    q = select(R).where(published(R.id)).order_by(R.agency, R.year, R.id)
    if agency:
        q = q.where(R.agency == agency)
    if year:
        q = q.where(R.year == year)
    with store.session() as s:
        for row in s.scalars(q.execution_options(yield_per=REPORT_ROWS)):
            yield report_of(row)


def cell_columns() -> list[str]:
    """Every cell path of every edition, in printed order, each once."""
    from ogi.format import editions

    out: dict[str, None] = {}
    for ed in sorted(editions().values(), key=lambda e: e.name, reverse=True):
        out.update(dict.fromkeys(ed.cell_paths()))
    return list(out)
