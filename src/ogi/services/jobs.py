"""Background work: a jobs table in the store and a worker that runs queued jobs.

Every process that serves the application runs one worker thread. A job is claimed with
an update that only one process can win, beats a heartbeat while it runs, and records
its progress; the rows it works on keep their own state, so a job left running by a
process that died is picked up again (at once when that process was on this machine,
else once its heartbeat is stale) and does only what is left.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ogi.store import Store
from ogi.store.jobs import Job

log = logging.getLogger("ogi.jobs")

STALE_AFTER = timedelta(minutes=10)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def enqueue(session: Session, kind: str, params: dict[str, Any], total: int = 0) -> Job:
    job = Job(kind=kind, params=params, status="queued", total=total, done=0, message="")
    session.add(job)
    session.flush()
    return job


@dataclass
class Progress:
    """Handed to a job's handler: report what is done, keep the heartbeat fresh."""

    store: Store
    job_id: int

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        values: dict[str, Any] = {"done": done, "heartbeat": now(), "message": message[:500]}
        if total is not None:
            values["total"] = total
        with self.store.session() as s:
            s.execute(update(Job).where(Job.id == self.job_id).values(**values))


Handler = Callable[[Store, dict[str, Any], Progress], None]


def handlers() -> dict[str, Handler]:
    from ogi.services.batches import read_uploads_job
    from ogi.services.indexing import index_job

    return {"read_uploads": read_uploads_job, "index_reports": index_job}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Worker:
    def __init__(self, store: Store, *, poll: float = 2.0, stale_after: timedelta = STALE_AFTER):
        self.store = store
        self.poll = poll
        self.stale_after = stale_after
        self.host = socket.gethostname()
        self.ident = f"{self.host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- claiming ------------------------------------------------------------------------
    def recover(self) -> int:
        """Queue again the jobs whose worker is gone: a process of this machine that no
        longer runs, or any worker silent for longer than `stale_after`."""
        again = 0
        with self.store.session() as s:
            for job in s.scalars(select(Job).where(Job.status == "running")):
                host, _, rest = (job.worker or "").partition(":")
                pid = rest.split(":", 1)[0]
                dead_here = host == self.host and pid.isdigit() and not _pid_alive(int(pid))
                mine_before = (job.worker or "") == self.ident
                stale = job.heartbeat is None or job.heartbeat < now() - self.stale_after
                if (dead_here or stale) and not mine_before:
                    job.status, job.worker = "queued", None
                    again += 1
        return again

    def claim(self) -> int | None:
        # the writers' lock first: a read then a write in one SQLite transaction fails at
        # once when another writer committed in between
        with self.store.session(write=True) as s:
            ids = list(
                s.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.id).limit(5))
            )
            for job_id in ids:
                won = s.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == "queued")
                    .values(status="running", worker=self.ident, started=now(), heartbeat=now())
                )
                if won.rowcount == 1:  # type: ignore[attr-defined]
                    return job_id
        return None

    # -- running -------------------------------------------------------------------------
    def run(self, job_id: int) -> None:
        with self.store.session() as s:
            job = s.get(Job, job_id)
            assert job is not None
            kind, params = job.kind, dict(job.params)
        handler = handlers().get(kind)
        status, error = "done", None
        try:
            if handler is None:
                raise ValueError(f"未知的任务类型：{kind}")
            handler(self.store, params, Progress(self.store, job_id))
        except Exception:  # a failed job is recorded, never fatal to the worker
            # the traceback goes to the server's log; the page shows a Chinese line only
            log.exception("job %s failed", job_id)
            status, error = "failed", "后台任务出错，详情已记入服务器日志；请稍后重试或联系管理员"
        with self.store.session() as s:
            s.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(status=status, error=error, finished=now(), heartbeat=now())
            )

    def drain(self) -> int:
        """Run every job that can be claimed now, here; returns how many ran."""
        n = 0
        self.recover()
        while (job_id := self.claim()) is not None:
            self.run(job_id)
            n += 1
        return n

    # -- the thread ----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="ogi-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.drain()
            except Exception:  # the database may be briefly unavailable: try again later
                log.exception("worker loop")
            self._wake.wait(self.poll)
            self._wake.clear()


def job_state(session: Session, job_id: int) -> dict[str, Any] | None:
    job = session.get(Job, job_id)
    if job is None:
        return None
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "error": job.error,
    }
