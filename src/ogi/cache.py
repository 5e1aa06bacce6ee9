"""The user's cache folder, where ogi keeps what it can build again: the compiled format
data and the compiled regular expressions. Nothing kept there is ever needed; a folder
that cannot be read or written only costs time."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``OGI_CACHE_DIR``, else ``$XDG_CACHE_HOME/ogi``, else ``~/.cache/ogi``."""
    if os.environ.get("OGI_CACHE_DIR"):
        return Path(os.environ["OGI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ogi"
