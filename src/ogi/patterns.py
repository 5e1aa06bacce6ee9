"""Regular expressions compiled once per machine instead of once per process.

`re` compiles in Python, and ogi's patterns are full of classes of Chinese characters:
for each such class it walks every character of every range to build a bitmap. Compiling
the patterns a command imports cost about 15% of `ogi extract`'s start-up (175 of 1,136
million instructions), in every process, for programs that never change.

`compile()` keeps each pattern's compiled program (what `re` hands to its engine) in one
file of the user's cache folder, beside the compiled format data, and a later process
hands the program straight to the engine. The pattern object is the one `re.compile`
makes: patterns compare equal only when their programs are the same, and the tests
check that they do. The file is named by the Python build and the engine's version, and
carries the SHA-256 of its contents: a file from another Python, a damaged or foreign
file, or one that cannot be read or written only costs the compiling it would have
saved. Only patterns written in ogi's source go through here (never one built from a
document's text), so the file stays small; it is capped all the same.
"""

from __future__ import annotations

import _sre
import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any

FORMAT = 2  # bump when the file's shape changes
_HEAD = b"ogi-re\n"
_MAX_ENTRIES = 4096
_MAX_BYTES = 16 << 20
# Flags whose programs `re` builds as for any other pattern; DEBUG prints while
# compiling and is left to `re`.
_PLAIN_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII | re.UNICODE

Key = tuple[str, int]
# (flags, program, groups, group names → numbers, numbers → names); the program as the
# bytes of its code words, a quarter of a list of ints' memory, made a list when used
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_WORD = next(t for t in "ILQ" if array(t).itemsize == _sre.CODESIZE)


def cache_file(folder: Path) -> Path:
    """The file for this Python build in `folder`."""
    build = f"{FORMAT}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"
    return folder / f"patterns-{hashlib.sha1(build.encode()).hexdigest()[:20]}.bin"


def _read(path: Path) -> dict[Key, Entry]:
    """The programs kept in `path`; nothing if it is absent, too big or not intact."""
    try:
        with path.open("rb") as f:
            blob = f.read(_MAX_BYTES + 1)
    except OSError:
        return {}
    digest, payload = blob[len(_HEAD) : len(_HEAD) + 32], blob[len(_HEAD) + 32 :]
    if (
        len(blob) > _MAX_BYTES
        or not blob.startswith(_HEAD)
        or hashlib.sha256(payload).digest() != digest
    ):
        return {}
    try:
        kept = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _program(pattern: str, flags: int) -> Entry | None:
    """What `re` would hand its engine for `pattern`, or None where this Python's `re`
    is not built as expected (then the caller leaves the pattern to `re.compile`)."""
    try:
        from re import _compiler, _parser
    except ImportError:
        return None
    parsed = _parser.parse(pattern, flags)  # a bad pattern raises re.error, as re.compile
    try:
        code = _compiler._code(parsed, flags)
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        return (
            int(flags | state.flags),
            array(_WORD, code).tobytes(),
            state.groups - 1,
            dict(state.groupdict),
            tuple(indexgroup),
        )
    except (AttributeError, TypeError):
        return None


def _engine(pattern: str, entry: Entry) -> re.Pattern[str]:
    flags, program, groups, groupindex, indexgroup = entry
    code = array(_WORD, program).tolist()
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


class Programs:
    """The programs of one cache file: those read from it and those compiled since."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[Key, Entry] = _read(path) if path is not None else {}
        self.new: dict[Key, Entry] = {}

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        flags = int(flags)
        if type(pattern) is not str or flags & ~_PLAIN_FLAGS:
            return re.compile(pattern, flags)
        key = (pattern, flags)
        entry = self.known.get(key)
        if entry is not None:
            try:
                return _engine(pattern, entry)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                del self.known[key]  # not a program of this engine: compile it again
        entry = _program(pattern, flags)
        if entry is None:
            return re.compile(pattern, flags)
        compiled = _engine(pattern, entry)
        self.known[key] = self.new[key] = entry
        return compiled

    def save(self) -> None:
        """Add the programs compiled since to the file, as one replacement of it: what
        other processes added meanwhile is kept, and a reader never sees half a file."""
        if not self.new or self.path is None:
            return
        merged = _read(self.path)
        for key, entry in self.new.items():
            # (compiled here by this engine: it replaces what the file held for the key,
            # which may be an entry this engine refused)
            if key in merged or len(merged) < _MAX_ENTRIES:
                merged[key] = entry
        payload = marshal.dumps(merged)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(_HEAD + hashlib.sha256(payload).digest() + payload)
                os.replace(tmp, self.path)
            except OSError:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self.new.clear()


_programs: Programs | None = None


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the cache file when it holds the program."""
    global _programs
    if _programs is None:
        from ogi.cache import cache_dir

        try:
            path: Path | None = cache_file(cache_dir())
        except (OSError, RuntimeError):  # no home folder to find the cache in
            path = None
        _programs = Programs(path)
        atexit.register(_programs.save)
    return _programs.compile(pattern, flags)
