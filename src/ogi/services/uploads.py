"""Files people upload: what is accepted (forms, sizes, how many, zip archives of
folders), how they are kept (bytes in the store, the name only shown), and reading one
uploaded file into a stored report.

An uploaded file's name is never a path: the bytes are kept by their sha256, and reading
writes them to a private temporary file named by that hash.
"""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ogi.model import Report
from ogi.readers.legacy_word import is_legacy_word
from ogi.readers.mht import looks_like_mht
from ogi.readers.suffixes import suffixes_of
from ogi.services.archives import ZIP, member_name
from ogi.services.batch import REPORT_SUFFIXES
from ogi.store.review import Blob, Upload

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    max_file_mb: int = 50  # one file, or one member of a zip
    max_files: int = 200  # files in one upload, zip members counted
    max_total_mb: int = 500  # one upload altogether

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def max_total_bytes(self) -> int:
        return self.max_total_mb * 1024 * 1024


def allowed_suffixes() -> list[str]:
    return sorted({*REPORT_SUFFIXES, ZIP})


@dataclass
class Incoming:
    name: str  # for people to read; never a path
    suffix: str
    data: bytes


@dataclass
class Screened:
    accepted: list[Incoming] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, Chinese reason)


def display_name(raw: str | None) -> str:
    """A name fit to show: the last part of whatever path a browser or archive sent,
    without control characters, at most 200 characters."""
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    return text[:200] or "未命名文件"


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _content_fits(suffix: str, data: bytes) -> bool:
    """The bytes are what the suffix says: a PDF begins %PDF, a DOCX is a zip archive;
    text forms are not binary."""
    if suffix == ".pdf":
        return data[:1024].lstrip().startswith(b"%PDF")
    if suffix in (".docx", ZIP):
        return data[:4] == b"PK\x03\x04"
    if suffix in suffixes_of("mht"):
        return looks_like_mht(data[:4096])
    if suffix in suffixes_of("doc"):
        # a binary Word file or RTF, or what portals also serve as .doc: a DOCX or a web
        # page under that name (the reader tells them apart by content)
        head = data[:4096]
        return is_legacy_word(head) or head[:4] == b"PK\x03\x04" or _content_fits(".html", data)
    # txt/md/html: text in some encoding; NULs mean binary unless it is UTF-16.
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    return head.count(b"\x00") <= len(head) // 20 and not head.startswith(b"PK\x03\x04")


def screen(files: Iterable[tuple[str | None, bytes]], limits: Limits) -> Screened:
    """Accept the report files among `files` (name, bytes), expanding zip archives;
    each refusal says which file and why."""
    out = Screened()
    total = 0
    for raw_name, data in files:
        name = display_name(raw_name)
        suffix = suffix_of(name)
        if suffix not in REPORT_SUFFIXES and suffix != ZIP:
            out.rejected.append((name, _wrong_type(suffix)))
            continue
        if len(data) > limits.max_file_bytes:
            out.rejected.append((name, f"超过单个文件 {limits.max_file_mb} MB 的上限"))
            continue
        if not data:
            out.rejected.append((name, "文件为空（0 字节）"))
            continue
        if not _content_fits(suffix, data):
            out.rejected.append((name, f"内容不是 {suffix} 文件（扩展名与内容不符）"))
            continue
        if suffix == ZIP:
            total = _expand(name, data, limits, out, total)
            continue
        total += len(data)
        out.accepted.append(Incoming(name, suffix, data))
    if len(out.accepted) > limits.max_files:
        n = len(out.accepted)
        out.rejected.append(("（全部）", f"一次最多上传 {limits.max_files} 个文件，本次有 {n} 个"))
        out.accepted = []
    elif total > limits.max_total_bytes:
        out.rejected.append(("（全部）", f"一次上传合计超过 {limits.max_total_mb} MB 的上限"))
        out.accepted = []
    return out


def _wrong_type(suffix: str) -> str:
    shown = "、".join(allowed_suffixes())
    return f"不支持的文件类型{('“' + suffix + '”') if suffix else ''}（可上传：{shown}）"


def _expand(name: str, data: bytes, limits: Limits, out: Screened, total: int) -> int:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        out.rejected.append((name, "压缩包已损坏，无法打开"))
        return total
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        for info in members:
            inner = member_name(info)
            shown = f"{name}/{display_name(inner)}"
            parts = inner.replace("\\", "/").split("/")
            if parts[0] == "__MACOSX" or parts[-1].startswith("."):
                continue  # the archiver's own bookkeeping
            suffix = suffix_of(parts[-1])
            if suffix == ZIP:
                out.rejected.append((shown, "压缩包中的压缩包不展开，请解压后再上传"))
                continue
            if suffix not in REPORT_SUFFIXES:
                out.rejected.append((shown, _wrong_type(suffix)))
                continue
            if info.flag_bits & 0x1:
                out.rejected.append((shown, "压缩包成员有密码保护，无法读取"))
                continue
            if info.file_size > limits.max_file_bytes:
                out.rejected.append((shown, f"超过单个文件 {limits.max_file_mb} MB 的上限"))
                continue
            # The declared size may lie: read no more than the limit allows.
            with archive.open(info) as f:
                content = f.read(limits.max_file_bytes + 1)
            if len(content) > limits.max_file_bytes:
                out.rejected.append((shown, f"超过单个文件 {limits.max_file_mb} MB 的上限"))
                continue
            total += len(content)
            if total > limits.max_total_bytes:
                out.rejected.append((shown, f"一次上传合计超过 {limits.max_total_mb} MB 的上限"))
                break
            if not content or not _content_fits(suffix, content):
                out.rejected.append((shown, f"内容不是 {suffix} 文件（扩展名与内容不符）"))
                continue
            out.accepted.append(Incoming(shown, suffix, content))
    return total


def keep(
    session: Session,
    files: list[Incoming],
    *,
    batch_id: int | None,
    public: bool,
    user_id: int | None,
) -> tuple[str, list[int]]:
    """Store accepted files (bytes once per content) and one upload row each; returns
    the upload's action id and the new upload ids."""
    action = uuid.uuid4().hex
    ids = []
    for f in files:
        sha = hashlib.sha256(f.data).hexdigest()
        if session.get(Blob, sha) is None:
            session.add(Blob(sha256=sha, size=len(f.data), data=f.data))
            session.flush()
        row = Upload(
            batch_id=batch_id,
            action=action,
            filename=f.name,
            suffix=f.suffix,
            sha256=sha,
            size=len(f.data),
            public=public,
            status="queued",
            round=1,
            uploaded_by=user_id,
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    return action, ids


def read_upload(session: Session, upload: Upload) -> tuple[list[Report], str | None]:
    """The reports an uploaded file holds, or the one-line reason it cannot be read."""
    blob = session.get(Blob, upload.sha256)
    if blob is None:
        return [], "文件内容已不在库中"
    return read_bytes(blob.data, upload.sha256, upload.suffix, upload.filename)


def read_bytes(
    data: bytes, sha256: str, suffix: str, filename: str
) -> tuple[list[Report], str | None]:
    """The reports of an uploaded file's bytes, or the one-line reason they cannot be
    read; no database is touched, so no transaction need be open while it runs. An error
    no reader foresaw is logged with its traceback (the user sees only the reason); a
    database error is raised, never told as a damaged file."""
    from sqlalchemy.exc import SQLAlchemyError

    from ogi.blocks import ReadError
    from ogi.readers.unexpected import explain
    from ogi.services.batch import load_reports

    with tempfile.TemporaryDirectory(prefix="ogi-upload-") as tmp:
        path = Path(tmp) / f"{sha256}{suffix}"
        path.write_bytes(data)
        try:
            reports = load_reports(path, ogi_json=False)
        except ReadError as e:
            return [], str(e)
        except SQLAlchemyError:
            raise
        except Exception as e:  # one bad file must not stop the others
            log.exception("读取上传的文件“%s”（%s）时出现意外错误", filename, sha256)
            return [], explain(e, path)
    return [
        r.model_copy(update={"source": r.source.model_copy(update={"path": filename})})
        for r in reports
    ], None
