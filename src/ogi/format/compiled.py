"""The format data in compiled form, so a process does not parse YAML to start.

The editions and rules are built from `data/*.yaml` once and kept as a pickle in the
user's cache folder (``OGI_CACHE_DIR``, else ``$XDG_CACHE_HOME/ogi`` or ``~/.cache/ogi``),
named by the size and modification time of the data files and of the loader's own
source, so an edited file or a new ogi builds it again. A cache that cannot be read or
written is skipped: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ogi.cache import cache_dir

FORMAT = 1  # bump when the pickled shape changes in a way file times would not show


def _key(sources: list[Path]) -> str:
    h = hashlib.sha1(f"{FORMAT}|{sys.version}".encode())
    for p in sorted(sources):
        st = p.stat()
        h.update(f"|{p.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def cached(name: str, sources: list[Path], build: Callable[[], Any]) -> Any:
    """`build()`'s result, from the cache when `sources` have not changed since."""
    try:
        target = cache_dir() / f"{name}-{_key(sources)}.pickle"
    except OSError:
        return build()
    try:
        with target.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)  # readers never see half a file
    except OSError:
        pass
    return value
