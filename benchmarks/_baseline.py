"""The code a benchmark compares against: a commit of ogi exported to a temporary folder,
run with the same interpreter and libraries as the working tree."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = os.environ.get("OGI_BASELINE", "a7f7a7d")  # main before the scale work


def export(rev: str = BASELINE) -> Path:
    """`rev`'s src/ in a temporary folder (removed at exit); returns the src path."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"],
        check=True,
        capture_output=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix=f"ogi-{rev}-"))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    import atexit
    import shutil

    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder / "src"


def env_for(src: Path) -> dict[str, str]:
    """Environment that makes `import ogi` load the code under `src`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    return env
