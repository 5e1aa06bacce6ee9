"""What a batch command shows while it works: a progress bar on a terminal (files done,
failures, rate, time left) and one summary line at the end."""

from __future__ import annotations

import sys
import time
from typing import Any


class BatchProgress:
    """``with BatchProgress(total, "读取") as bar: ... bar.advance(failed=...)``; the bar
    appears only when standard error is a terminal (rich is loaded only then)."""

    def __init__(self, total: int | None, verb: str) -> None:
        self.total, self.verb = total, verb
        self.console: Any = None
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> BatchProgress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.console = Console(stderr=True, highlight=False, soft_wrap=True)
            self._bar = Progress(
                TextColumn(self.verb),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("失败 {task.fields[failed]}"),
                TextColumn("{task.fields[rate]}"),
                TextColumn("剩余"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total, failed=0, rate="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def advance(self, *, failed: bool = False, n: int = 1) -> None:
        self.done += n
        self.failed += failed
        if self._bar is not None:
            self._bar.update(
                self._task, advance=n, failed=self.failed, rate=f"{self.rate():.1f} 个/秒"
            )

    def print(self, line: str) -> None:
        """A line above the bar (a file's error)."""
        if self.console is not None:
            self.console.print(line, markup=False, highlight=False)
        else:
            sys.stderr.write(line + "\n")

    def summary(self) -> str:
        return (
            f"共 {self.done} 个文件：成功 {self.done - self.failed}，失败 {self.failed}；"
            f"用时 {self.elapsed:.1f} 秒（{self.rate():.1f} 个/秒）"
        )
