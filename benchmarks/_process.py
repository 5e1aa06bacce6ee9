"""One command run as a process tree, with what it cost: its wall time and the CPU of the
process and every descendant (workers, servers they were forked from)."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time


def _reap(seconds: float = 30) -> None:
    """Wait for every descendant left over, so their CPU time lands in RUSAGE_CHILDREN."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def run_tree(
    code: str, args: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """`python -c code args…` (standard error kept): the finished process, its wall
    seconds and the CPU seconds of it and all its descendants."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.monotonic() - t
    _reap()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return out, wall, cpu


_COLLECTED = re.compile(r"Collected : (\d+)")


def callgrind(cmd: list[str], env: dict[str, str]) -> int:
    """Machine instructions of one run of `cmd`, counted by valgrind's callgrind: a figure
    that does not move with the machine's load."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    m = _COLLECTED.search(out.stderr)
    if m is None:
        raise SystemExit(f"callgrind 未给出指令数：{out.stderr[-400:]}")
    return int(m.group(1))
