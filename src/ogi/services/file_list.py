"""The files a batch command reads, walked as they are needed.

A folder of 100,000 reports listed at once holds 100,000 `Path` objects (about 280 bytes
each) for the whole batch. `FileList` walks the folders instead, one directory's names
at a time, in the order a sort of the whole list would give (by path parts, so a
subfolder's files come where its name sorts among the files beside it); `len()` walks
them once more to count, for a progress bar. Archives are unpacked on the first walk
that meets them and remembered (their files are unpacked on disk anyway).

Which files a folder gives: every file (a link to a file too) below it whose name
`wanted` accepts; folders are entered, links to folders are not (a link back up would
loop), and a folder that cannot be listed is passed over, as `Path.rglob` does. What the
command itself writes (`skip`: a findings file, an output folder) is passed over too: a
folder walked after the command began writing would otherwise hand it its own output.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ogi.services import archives


def suffix_of(name: str) -> str:
    """A file name's suffix, lower-cased, as `Path.suffix` finds it ("" for ".txt")."""
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""


def walk_files(
    folder: Path, wanted: Callable[[str], bool], skip: frozenset[str] = frozenset()
) -> Iterator[Path]:
    """The files below `folder` whose name `wanted` accepts, in path order, but for the
    files and folders `skip` names (absolute paths, `skipped`)."""
    try:
        with os.scandir(folder) as it:
            # names only, the few this folder holds that matter: (name, is a folder)
            entries = sorted(_entries(it, wanted, skip))
    except (PermissionError, FileNotFoundError, NotADirectoryError):
        return
    for name, is_dir in entries:
        path = folder / name
        if is_dir:
            yield from walk_files(path, wanted, skip)
        else:
            yield path


def skipped(paths: Iterable[Path | None]) -> frozenset[str]:
    """The absolute paths of `paths`, as `walk_files` passes them over."""
    return frozenset(os.path.abspath(p) for p in paths if p is not None)


def _entries(
    it: Iterator[os.DirEntry[str]], wanted: Callable[[str], bool], skip: frozenset[str]
) -> Iterator[tuple[str, bool]]:
    for e in it:
        if skip and os.path.abspath(e.path) in skip:
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                yield e.name, True
            elif wanted(e.name) and e.is_file():
                yield e.name, False
        except OSError:
            continue


class FileList:
    """The files `paths` name, in order: a file as given, a folder's files (those
    `wanted` accepts, `walk_files`), then, with `then`, the files of each folder that
    `then` accepts; never what `skip` names (the command's own output). Archives among a
    folder's files, or given, stand for the files they hold whose suffix is in
    `suffixes` (`archives.unpack`). Iterable more than once."""

    def __init__(
        self,
        paths: Iterable[Path],
        wanted: Callable[[str], bool],
        suffixes: Iterable[str],
        then: Callable[[str], bool] | None = None,
        skip: Iterable[Path | None] = (),
    ) -> None:
        self.paths = list(paths)
        self.wanted = wanted
        self.suffixes = frozenset(suffixes)
        self.then = then
        self.skip = skipped(skip)
        self._unpacked: dict[Path, list[Path]] = {}
        self._len: int | None = None

    def __iter__(self) -> Iterator[Path]:
        for p in self.paths:
            found = walk_files(p, self.wanted, self.skip) if p.is_dir() else (p,)
            for q in found:
                if archives.is_archive(q):
                    yield from self._unpack(q)
                else:
                    yield q
        if self.then is not None:
            for p in self.paths:
                if p.is_dir():
                    yield from walk_files(p, self.then, self.skip)

    def _unpack(self, archive: Path) -> list[Path]:
        if archive not in self._unpacked:
            self._unpacked[archive] = archives.unpack(archive, self.suffixes)
        return self._unpacked[archive]

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None
