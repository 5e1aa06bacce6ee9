"""Zip archives given to a batch command (`extract`, `check`, `ingest`, `report render`),
alone or found in a folder: reports are often downloaded and passed on zipped.

Each archive's report files are unpacked into a private temporary folder, with the
archive's own folders, so that a saved web page keeps the pictures and frames beside
it; they are then read as any file. A file unpacked is named as the archive's path
followed by its place inside (`报告.zip/某镇/2024.pdf`) in messages and in its
report's source: `shown` gives that name, the temporary path never reaches a user.

What cannot be unpacked (a damaged archive, a member with a password, one past the
bounds below) is not dropped: it stands in the batch as a path that names it and
cannot exist on disk (the archive is a file), and `refusal` says why, so the batch
lists it among the files that failed and goes on.

Bounds: sizes are counted while unpacking, never taken from the archive's directory,
which a damaged or hostile archive can falsify (a zip bomb); a member may not exceed
what a reader accepts of one file, nor all of an archive's members together
`limits.ARCHIVE_BYTES`; archives inside archives are unpacked to a depth of
`ARCHIVE_DEPTH`.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ogi import limits
from ogi.oserrors import reason

ZIP = ".zip"
ARCHIVE_DEPTH = 3  # an archive of archives of archives, as a province passes on counties'


@dataclass
class _Unpacked:
    shown: dict[Path, Path] = field(default_factory=dict)  # unpacked file → its name
    refused: dict[Path, str] = field(default_factory=dict)  # stand-in path → why
    folder: Path | None = None  # the private folder everything is unpacked into


_STATE = _Unpacked()


def shown(path: Path) -> Path:
    """The name a file unpacked from an archive goes by (`报告.zip/某镇/2024.pdf`);
    any other path as it is."""
    return _STATE.shown.get(path, path)


def shown_name(path: Path) -> str | None:
    """`shown(path)` as text, for a file unpacked from an archive; else None."""
    name = _STATE.shown.get(path)
    return None if name is None else str(name)


def refusal(path: Path) -> str | None:
    """Why the archive member that `path` stands for could not be unpacked, or None."""
    return _STATE.refused.get(path)


def is_archive(path: Path) -> bool:
    return path.suffix.lower() == ZIP


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its archiver meant it. Without the UTF-8 flag zipfile decodes
    a name as CP437. Info-ZIP on Linux and macOS stores UTF-8 that way (often with a
    Unicode Path field), archives made on Chinese Windows store GBK: UTF-8 is tried
    first, since GBK names are almost never valid UTF-8 while UTF-8 names often decode
    as GBK into other characters."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    named = _unicode_path(info)
    if named is not None:
        return named
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    return name


def _unicode_path(info: zipfile.ZipInfo) -> str | None:
    """The name in Info-ZIP's Unicode Path extra field (0x7075: version 1, the CRC-32 of
    the name as stored, then the name in UTF-8), when it has one for this name."""
    extra, at = info.extra, 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        at += 4 + size
        if kind == 0x7075 and len(body) > 5 and body[0] == 1:
            stored = info.filename.encode("cp437", errors="replace")
            if struct.unpack_from("<I", body, 1)[0] == zlib.crc32(stored):
                with contextlib.suppress(UnicodeDecodeError):
                    return body[5:].decode("utf-8")
    return None


def member_parts(name: str) -> list[str] | None:
    """The folders and file name of a member, or None for the archiver's own
    bookkeeping (`__MACOSX/`, dot files)."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("", ".")]
    if not parts or parts[0] == "__MACOSX" or parts[-1].startswith("."):
        return None
    return parts


def _climbs(parts: list[str]) -> bool:
    """Whether a member's name would land outside the folder it is unpacked into: `..`,
    an absolute path, a drive."""
    return any(p == ".." or p.startswith("/") or ":" in p for p in parts)


def _folder() -> Path:
    if _STATE.folder is None:
        _STATE.folder = Path(tempfile.mkdtemp(prefix="ogi-zip-"))
        atexit.register(shutil.rmtree, _STATE.folder, ignore_errors=True)
    return _STATE.folder


def unpack(archive: Path, wanted: Iterable[str]) -> list[Path]:
    """The files of `archive` whose suffix is among `wanted`, unpacked (archives within
    it too); a member that cannot be unpacked is a stand-in path with its `refusal`.
    The archive itself, when it cannot be opened, stands for itself."""
    wanted = frozenset(wanted)
    budget = [limits.ARCHIVE_BYTES.value]
    into = Path(tempfile.mkdtemp(dir=_folder()))
    return _unpack(archive, Path(str(archive)), into, wanted, budget, 1)


def _refuse(path: Path, why: str) -> list[Path]:
    _STATE.refused[path] = why
    return [path]


def _unpack(
    source: Path, name: Path, into: Path, wanted: frozenset[str], budget: list[int], depth: int
) -> list[Path]:
    try:
        archive = zipfile.ZipFile(source)
    except OSError as e:
        return _refuse(name, f"无法打开文件：{reason(e)}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return _refuse(name, "压缩包已损坏，无法打开")
    out: list[Path] = []
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > limits.ARCHIVE_MEMBERS.value:
            return _refuse(name, limits.ARCHIVE_MEMBERS.say(n=len(members)))
        for info in sorted(members, key=member_name):
            parts = member_parts(member_name(info))
            if parts is None:
                continue
            suffix = PurePosixPath(parts[-1]).suffix.lower()
            nested = suffix == ZIP
            if not nested and suffix not in wanted:
                continue
            if _climbs(parts):
                shown_parts = [p for p in parts if p not in ("..", "/")] or ["?"]
                why = "压缩包成员的路径指向压缩包之外，未解压"
                out += _refuse(name.joinpath(*[p.replace(":", "_") for p in shown_parts]), why)
                continue
            inner = name.joinpath(*parts)
            if nested and depth >= ARCHIVE_DEPTH:
                out += _refuse(inner, f"压缩包嵌套超过 {ARCHIVE_DEPTH} 层，未展开")
                continue
            if info.flag_bits & 0x1:
                out += _refuse(inner, "压缩包成员有密码保护，无法读取")
                continue
            target = into.joinpath(*parts)
            if target in _STATE.shown or target.exists():
                out += _refuse(inner, "压缩包中有同名文件，只读取了第一个")
                continue
            why = _extract(archive, info, target, budget)
            if why is not None:
                out += _refuse(inner, why)
                if budget[0] < 0:
                    break  # the archive's bound is spent: the rest is not unpacked (said)
                continue
            if nested:
                out += _unpack(
                    target, inner, target.with_name(target.name + ".d"), wanted, budget, depth + 1
                )
                continue
            _STATE.shown[target] = inner
            out.append(target)
    return out


def _extract(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list[int]
) -> str | None:
    """Unpack one member to `target`, counting its bytes against the bounds as they
    come; None, or why it was not unpacked (nothing is left of it then)."""
    cap = limits.ARCHIVE_MEMBER_BYTES.value
    written = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as src, target.open("wb") as dst:
            while chunk := src.read(limits.ZIP_CHUNK):
                written += len(chunk)
                budget[0] -= len(chunk)
                if written > cap:
                    raise _Over(limits.ARCHIVE_MEMBER_BYTES.say())
                if budget[0] < 0:
                    raise _Over(limits.ARCHIVE_BYTES.say())
                dst.write(chunk)
    except _Over as e:
        _drop(target)
        return str(e)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
        _drop(target)
        if isinstance(e, NotImplementedError):
            return "压缩包成员的压缩方式不受支持，无法读取"
        return "压缩包成员已损坏，无法解压"
    except OSError as e:
        _drop(target)
        return f"无法解压：{reason(e)}"
    return None


def _drop(target: Path) -> None:
    with contextlib.suppress(OSError):
        target.unlink(missing_ok=True)


class _Over(Exception):
    """A member unpacked past a bound."""
