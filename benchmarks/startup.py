"""Start-up cost of `ogi` commands: CPU seconds of the whole process (user + system),
median of several runs, against `python -c pass` and against the baseline commit.

    python benchmarks/startup.py [--runs 9] [--baseline REV] [--instructions]

With --instructions each command is also counted in machine instructions by valgrind's
callgrind (one run each, after the run that fills the caches): a figure that does not
move with the machine's load, as CPU time on a shared machine does.

The baseline (default a7f7a7d, main before the scale work; or OGI_BASELINE) is exported
to a temporary folder and run with the same interpreter and libraries.

Both run as an installed ogi does from its second command on: with the bytecode Python
caches beside each module. A first, unmeasured run writes that cache, even where the
environment says not to (PYTHONDONTWRITEBYTECODE): without it every run compiles every
module it imports again, which is not start-up but compiling, and weighs on the side with
more code.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _baseline import BASELINE, ROOT, env_for, export
from _process import callgrind

ONE = str(ROOT / "samples" / "示例镇-2024.txt")
ENTRY = "import sys; from ogi.cli import app; sys.argv[0] = 'ogi'; app()"
CASES = {
    "ogi --help": ["--help"],
    "ogi extract one.txt": ["extract", ONE],
    "ogi rules": ["rules"],
}


def cached(env: dict[str, str]) -> dict[str, str]:
    """`env` with Python allowed to cache the bytecode of what it imports."""
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """Median CPU seconds of `cmd` over `runs` runs, after one run that fills the
    bytecode cache."""
    env = cached(env)
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions of one run of `cmd`, after a run that fills the caches."""
    env = cached(env)
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return callgrind(cmd, {**env, "PYTHONHASHSEED": "0"})


def imported(args: list[str], env: dict[str, str]) -> set[str]:
    dump = "atexit.register(lambda: sys.stderr.write('\\n'.join(sys.modules)))"
    code = f"import sys, atexit; {dump}; {ENTRY}"
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )
    return {m.split(".")[0] for m in out.stderr.splitlines() if m and " " not in m}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--instructions", action="store_true", help="also count instructions")
    a = ap.parse_args()
    base_env = env_for(export(a.baseline))
    here_env = env_for(ROOT / "src")
    empty = cpu([sys.executable, "-c", "pass"], dict(os.environ), a.runs)
    print(f"python -c pass: {empty * 1000:.0f} ms CPU (median of {a.runs})")
    print(f"{'command':24} {a.baseline:>10} {'now':>10} {'now/base':>9} {'now/pass':>9}")
    for name, args in CASES.items():
        cmd = [sys.executable, "-c", ENTRY, *args]
        b = cpu(cmd, base_env, a.runs)
        n = cpu(cmd, here_env, a.runs)
        print(f"{name:24} {b * 1000:8.0f}ms {n * 1000:8.0f}ms {n / b:8.2f}× {n / empty:8.1f}×")
    if a.instructions:
        print(f"{'instructions (M)':24} {a.baseline:>10} {'now':>10} {'now/base':>9}")
        for name, args in CASES.items():
            cmd = [sys.executable, "-c", ENTRY, *args]
            b, n = instructions(cmd, base_env) / 1e6, instructions(cmd, here_env) / 1e6
            print(f"{name:24} {b:10.0f} {n:10.0f} {n / b:8.3f}×")
    heavy = {"alembic", "sqlalchemy", "mako", "pygments", "pkg_resources", "numpy", "pypdfium2"}
    for name, args in CASES.items():
        print(f"{name}: heavy modules imported now: {sorted(imported(args, here_env) & heavy)}")


if __name__ == "__main__":
    main()
