"""Whether an ingest has anything to read, found out cheaply.

Each file is hashed (what ingest does first anyway) and its content looked up through a
read-only probe of the store (`ogi.store.probe`), chunk by chunk. The first chunk with a
file the store lacks, or that cannot be hashed, or a store the probe cannot read, ends
the look: the ingest then runs as usual and reuses the hashes taken so far. Only when
every file is stored does the answer spare loading the database layer and the readers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

HASH_CHUNK = 256  # files hashed, and looked up in the store, at a time


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def all_stored(url: str, files: Iterable[Path]) -> tuple[bool, dict[Path, str]]:
    """Whether the store at `url` surely holds the content of every one of `files`, and
    the hashes taken on the way to the answer."""
    from ogi.store.probe import StoreProbe

    hashes: dict[Path, str] = {}
    with StoreProbe(url) as probe:
        it = iter(files)
        while chunk := list(islice(it, HASH_CHUNK)):
            try:
                for p in chunk:
                    hashes[p] = file_sha256(p)
            except OSError:
                return False, hashes  # the ingest's reader will say why it cannot be read
            held = probe.holding({hashes[p] for p in chunk})
            if held is None or any(hashes[p] not in held for p in chunk):
                return False, hashes
    return bool(hashes), hashes
