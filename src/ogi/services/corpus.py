"""Published reports as a dataset: ingest them into the store, export them as tables.

Ingest hashes each file first and reads only what the store does not hold, on every
core (or a Dask cluster); rows are written in batches, each batch one transaction,
inserted if absent. A killed ingest therefore leaves only whole batches behind, and
running it again finishes the job; two ingests at once neither fail nor duplicate.

Export streams: rows are read from the store a few hundred at a time and written as
they come, as CSV, Excel or Parquet, one row per report (wide: every cell a column,
named by its cell path) or one row per cell (long).
"""

from __future__ import annotations

import csv
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ogi.model import Report
from ogi.services.batch import ReadSpec, run_files

META_COLUMNS = (
    "agency",
    "report_year",
    "edition",
    "t2_edition",
    "t3_edition",
    "published",
    "form",
    "source",
    "sha256",
    "problems",
)
META_ZH = {
    "agency": "机关",
    "report_year": "年度",
    "edition": "格式版本",
    "t2_edition": "表二版本",
    "t3_edition": "表三版本",
    "published": "发布日期",
    "form": "文件形式",
    "source": "来源文件",
    "sha256": "sha256",
    "problems": "读取问题数",
}
LONG_COLUMNS = ["agency", "report_year", "sha256", "table", "cell", "value", "printed"]

BATCH_ROWS = 100  # rows per write transaction
BATCH_SECONDS = 2.0  # ... or fewer, when this long has passed since the last write
HASH_CHUNK = 256  # files hashed, and looked up in the store, at a time


@dataclass
class IngestResult:
    added: int = 0
    already: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


# Reported for each file as it is settled: (path, error or None, whether it was skipped
# because the store holds its content already).
IngestProgress = Callable[[Path, str | None, bool], None]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def rows_of(path: Path, reports: list[Report]) -> list[dict[str, Any]]:
    """A file's reports as what the store keeps of them, identified, checked and
    measured in the worker that read them (`ogi.services.ingest_rows.prepare`)."""
    from ogi.services.ingest_rows import prepare

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
) -> IngestResult:
    """Read each file not yet stored and keep its report; a file that cannot be read is
    listed and the rest goes on."""
    from ogi.services.ingest_rows import store_prepared, worker_modules
    from ogi.store.reports import stored_hashes

    result = IngestResult()
    note = progress or (lambda _p, _e, _s: None)
    seen: set[str] = set()

    def unstored() -> Iterator[Path]:
        it = iter(paths)
        while chunk := list(islice(it, HASH_CHUNK)):
            hashed: list[tuple[Path, str | None]] = []
            for p in chunk:
                try:
                    hashed.append((p, file_sha256(p)))
                except OSError:
                    hashed.append((p, None))  # the reader will say why it cannot be read
            with _store_errors(store), store.session() as s:
                stored = stored_hashes(s, [h for _, h in hashed if h])
            for p, sha in hashed:
                if sha is not None and (sha in stored or sha in seen):
                    result.already += 1
                    note(p, None, True)
                    continue
                if sha is not None:
                    seen.add(sha)
                yield p

    rows: list[dict[str, Any]] = []
    touched: list[str] = []
    known: dict[int, Any] = {}  # what the cross-year rules need of the reports stored
    last = time.monotonic()

    def write(batch_rows: list[dict[str, Any]]) -> None:
        with _store_errors(store), store.session(write=True) as s:
            # rows, agencies, findings, figures and agency-years in one transaction,
            # one writer at a time from its first statement (`serialise_writes`)
            added = store_prepared(s, batch_rows, known)
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
        preload=(
            "ogi.services.corpus",
            "ogi.services.ingest_rows",
            "ogi.store.reports",
            *worker_modules(),
        ),
    )
    import gc

    gc.freeze()  # what start-up loaded lives to the end: full collections skip it
    try:
        for o in run_files(unstored(), spec, jobs=jobs, dask=dask, ordered=False):
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
            regroup_stored(s, touched)
    return result


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


# -- export ---------------------------------------------------------------------------------


@dataclass
class StoredReport:
    """What export needs of a stored report, read without building the whole `Report`."""

    agency: str | None
    year: int | None
    sha256: str
    form: str
    edition: str | None
    source: str
    published: str | None
    cells: dict[str, Any]
    problems: int
    table_editions: dict[str, str]
    raw: dict[str, str]


def _query(agency: str | None, year: int | None, columns: bool) -> Any:
    from sqlalchemy import select

    from ogi.store.models import ReportRecord as R

    what = (
        [R.agency, R.year, R.sha256, R.form, R.edition, R.source_path, R.published, R.document]
        if columns
        else [R]
    )
    q = select(*what).order_by(R.agency, R.year, R.id)
    if agency:
        q = q.where(R.agency == agency)
    if year:
        q = q.where(R.year == year)
    return q.execution_options(yield_per=200)  # a server-side cursor where there is one


def stored_reports(
    store: Any, agency: str | None = None, year: int | None = None
) -> Iterator[Report]:
    """Stored reports as `Report`s, streamed."""
    from ogi.store.reports import report_of

    with store.session() as s:
        for row in s.scalars(_query(agency, year, columns=False)):
            yield report_of(row)


def stored_rows(
    store: Any, agency: str | None = None, year: int | None = None
) -> Iterator[StoredReport]:
    """Stored reports as plain data for export, streamed a few hundred rows at a time."""
    from sqlalchemy import select

    from ogi.store.models import ReportRecord as R

    with store.session() as s:
        for agency_, year_, sha, form, edition, source, published, doc in s.execute(
            _query(agency, year, columns=True)
        ):
            if doc is None:  # stored before revision 0002: the columns hold the data
                cells, problems = s.execute(
                    select(R.cells, R.problems).where(R.sha256 == sha)
                ).one()
                doc = {"cells": cells, "problems": problems}
            yield StoredReport(
                agency_,
                year_,
                sha,
                form,
                edition,
                source,
                published,
                doc.get("cells") or {},
                len(doc.get("problems") or []),
                doc.get("table_editions") or {},
                {x["path"]: x["text"] for x in doc.get("raw") or []},
            )


def cell_columns() -> list[str]:
    """Every cell path of every edition, in printed order, each once."""
    from ogi.format import editions

    out: dict[str, None] = {}
    for ed in sorted(editions().values(), key=lambda e: e.name, reverse=True):
        out.update(dict.fromkeys(ed.cell_paths()))
    return list(out)


def _meta(r: StoredReport) -> dict[str, object]:
    return {
        "agency": r.agency,
        "report_year": r.year,
        "edition": r.edition,
        "t2_edition": r.table_editions.get("t2"),
        "t3_edition": r.table_editions.get("t3"),
        "published": r.published,
        "form": r.form,
        "source": r.source,
        "sha256": r.sha256,
        "problems": r.problems,
    }


def wide_header() -> list[str]:
    return [*META_COLUMNS, *cell_columns()]


def wide_rows(reports: Iterable[StoredReport]) -> Iterator[list[object]]:
    cols = cell_columns()
    for r in reports:
        meta = _meta(r)
        yield [*(meta[k] for k in META_COLUMNS), *(r.cells.get(c) for c in cols)]


def long_rows(reports: Iterable[StoredReport]) -> Iterator[list[object]]:
    for r in reports:
        for path, value in r.cells.items():
            yield [r.agency, r.year, r.sha256, path[:2], path, value, r.raw.get(path)]


@dataclass
class ExportResult:
    reports: int = 0
    rows: int = 0


def export(
    store: Any,
    out: Path,
    *,
    long: bool = False,
    agency: str | None = None,
    year: int | None = None,
) -> ExportResult:
    """Write the stored reports (or those of one agency / year) to `out`, streaming."""
    writer = table_writer(out)  # refuses an unknown suffix before anything is read
    result = ExportResult()

    def counted() -> Iterator[StoredReport]:
        for r in stored_rows(store, agency, year):
            result.reports += 1
            yield r

    header = LONG_COLUMNS if long else wide_header()
    rows = (long_rows if long else wide_rows)(counted())

    def tally() -> Iterator[list[object]]:
        for row in rows:
            result.rows += 1
            yield row

    with _store_errors(store):
        writer(out, header, tally())
    return result


# -- writers: each takes the header and an iterator of rows, and keeps only a batch -------

Writer = Callable[[Path, list[str], Iterator[list[object]]], None]


def table_writer(path: Path) -> Writer:
    """The writer for `path`'s suffix: CSV, XLSX or Parquet."""
    suffix = path.suffix.lower()
    writers: dict[str, Writer] = {
        ".csv": _write_csv,
        ".xlsx": _write_xlsx,
        ".parquet": _write_parquet,
    }
    if suffix not in writers:
        raise ValueError(f"不支持的导出格式：{path.suffix}（可选：.csv、.xlsx、.parquet）")
    return writers[suffix]


def write_table(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    """CSV (UTF-8 with BOM, so Excel shows Chinese), XLSX or Parquet, by suffix."""
    table_writer(path)(path, header, iter(rows))


def _write_csv(path: Path, header: list[str], rows: Iterator[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def _write_xlsx(path: Path, header: list[str], rows: Iterator[list[object]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)  # rows go to disk as they come
    ws = wb.create_sheet("年报数据")
    ws.freeze_panes = "B2"
    bold = Font(bold=True)
    head = []
    for h in header:
        c = WriteOnlyCell(ws, value=META_ZH.get(h, h))
        c.font = bold
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append(row)
    wb.save(path)


_TEXT_COLUMNS = {*META_COLUMNS, "table", "cell", "printed", "agency", "sha256"}


def _write_parquet(path: Path, header: list[str], rows: Iterator[list[object]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Cells mix ints and decimal amounts; one float column type keeps both exact enough
    # (counts stay below 2**53). Everything else is text or a whole number.
    types = {
        "report_year": pa.int64(),
        "problems": pa.int64(),
    }
    schema = pa.schema(
        [(h, types.get(h, pa.string() if h in _TEXT_COLUMNS else pa.float64())) for h in header]
    )
    with pq.ParquetWriter(path, schema) as w:
        while batch := list(islice(rows, 1000)):
            columns = []
            for i, f in enumerate(schema):
                values = [row[i] for row in batch]
                if f.type == pa.float64():
                    values = [None if v is None else float(v) for v in values]  # type: ignore[arg-type]
                elif f.type == pa.string():
                    values = [None if v is None else str(v) for v in values]
                columns.append(pa.array(values, f.type))
            w.write_table(pa.Table.from_arrays(columns, schema=schema))
