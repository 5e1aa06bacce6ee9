"""Zip archives given to the batch commands: their reports are read as files named by
the archive's path and the place inside it; what cannot be unpacked fails alone."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi import limits
from ogi.cli import app
from tests.shared import SAMPLES

runner = CliRunner()
TXT = (SAMPLES / "示例镇-2024.txt").read_bytes()
DOCX = (SAMPLES / "示例镇-2024.docx").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _encrypted_first(data: bytes) -> bytes:
    """The archive with its first member marked as having a password, as an archiver
    marks it (bit 0 of the flags, in the member's header and in the directory)."""
    out = bytearray(data)
    local = out.index(b"PK\x03\x04")
    central = out.index(b"PK\x01\x02")
    out[local + 6] |= 0x1
    out[central + 8] |= 0x1
    return bytes(out)


def _paths(stdout: str) -> list[str]:
    return [json.loads(ln)["source"]["path"] for ln in stdout.splitlines()]


def test_an_archive_is_read_file_by_file(tmp_path: Path) -> None:
    """Before, a zip was taken for a DOCX: `压缩包中没有 word/document.xml，不是 DOCX 文件`."""
    archive = tmp_path / "报告.zip"
    archive.write_bytes(
        _zip({"某镇/示例镇-2024.txt": TXT, "示例镇-2024.docx": DOCX, "说明.xlsx": b"x"})
    )
    result = runner.invoke(app, ["extract", str(archive)])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(ln) for ln in result.stdout.splitlines()]
    # members in the order of their names (某 U+67D0 before 示 U+793A); the
    # spreadsheet is no report and is not read
    assert [ln["source"]["path"] for ln in lines] == [
        f"{archive}/某镇/示例镇-2024.txt",
        f"{archive}/示例镇-2024.docx",
    ]
    assert [ln["source"]["form"] for ln in lines] == ["txt", "docx"]
    assert [ln["cells"]["t3.new_received.total"] for ln in lines] == [12, 12]
    assert {ln["agency"] for ln in lines} == {"示例镇人民政府"}


def test_archives_in_a_folder_and_within_archives(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TXT)
    inner = _zip({"县/示例镇-2024.txt": TXT})
    (tmp_path / "b.zip").write_bytes(_zip({"省/县.zip": inner, "__MACOSX/._x.txt": b"x"}))
    result = runner.invoke(app, ["extract", str(tmp_path), "-j", "2"])
    assert result.exit_code == 0, result.stderr
    assert _paths(result.stdout) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.zip" / "省" / "县.zip" / "县" / "示例镇-2024.txt"),
    ]
    assert result.stderr.strip().splitlines()[-1].startswith("共 2 个文件：成功 2，失败 0；")


def test_what_cannot_be_unpacked_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "坏.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    deep = _zip({"示例镇-2024.txt": TXT})
    for _ in range(3):
        deep = _zip({"下一层.zip": deep})
    locked = _encrypted_first(_zip({"加密.txt": b"\x00" * 40, "示例镇-2024.txt": TXT}))
    (tmp_path / "深.zip").write_bytes(deep)
    (tmp_path / "锁.zip").write_bytes(locked)
    (tmp_path / "逃.zip").write_bytes(_zip({"../../逃出.txt": TXT}))
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    assert _paths(result.stdout) == [str(tmp_path / "锁.zip" / "示例镇-2024.txt")]
    err = result.stderr.strip().splitlines()
    nested = tmp_path / "深.zip" / "下一层.zip" / "下一层.zip" / "下一层.zip"
    assert err[:-1] == [
        f"{tmp_path / '坏.zip'}: 压缩包已损坏，无法打开",
        f"{nested}: 压缩包嵌套超过 3 层，未展开",
        f"{tmp_path / '逃.zip' / '逃出.txt'}: 压缩包成员的路径指向压缩包之外，未解压",
        f"{tmp_path / '锁.zip' / '加密.txt'}: 压缩包成员有密码保护，无法读取",
    ]
    assert err[-1].startswith("共 5 个文件：成功 1，失败 4；")
    assert not (tmp_path.parent / "逃出.txt").exists()


def test_bounds_on_what_an_archive_unpacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member is never unpacked past a reader's bound on one file, nor an archive past
    its bound on all, whatever its directory declares (here the bounds are lowered)."""
    member = replace(limits.ARCHIVE_MEMBER_BYTES, value=len(TXT) + 10)
    monkeypatch.setattr(limits, "ARCHIVE_MEMBER_BYTES", member)
    # what a refused member unpacked counts too: 1, 2 and 3 fit (3 × len + 100), 4 does not
    total = replace(limits.ARCHIVE_BYTES, value=3 * len(TXT) + 150)
    monkeypatch.setattr(limits, "ARCHIVE_BYTES", total)
    archive = tmp_path / "炸.zip"
    archive.write_bytes(
        _zip(
            {
                "1.txt": TXT,
                "2.txt": TXT + b"\n" * 100,  # over the bound on one file
                "3.txt": TXT,
                "4.txt": TXT,  # past the archive's bound
                "5.txt": TXT,  # not unpacked at all
            }
        )
    )
    result = runner.invoke(app, ["extract", str(archive)])
    assert result.exit_code == 2
    assert _paths(result.stdout) == [f"{archive}/1.txt", f"{archive}/3.txt"]
    assert result.stderr.strip().splitlines()[:-1] == [
        f"{archive}/2.txt: 解压后超过 200 MB（单个文件的上限），未读取",
        f"{archive}/4.txt: 压缩包解压后合计超过 2 GB（可能是压缩炸弹），其余文件未解压",
    ]


def test_ingest_keeps_the_name_inside_the_archive(tmp_path: Path, db_url: str) -> None:
    archive = tmp_path / "报告.zip"
    archive.write_bytes(_zip({"某镇/示例镇-2024.txt": TXT, "示例镇-2024.docx": DOCX}))
    first = runner.invoke(app, ["ingest", str(archive), "--db", db_url])
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("已存入 2 份报告，0 份此前已存入，0 个文件无法读取")
    again = runner.invoke(app, ["ingest", str(archive), "--db", db_url])
    assert again.stdout.startswith("已存入 0 份报告，2 份此前已存入")
    from ogi.store import open_store
    from ogi.store.models import ReportRecord

    store = open_store(db_url)
    with store.session() as s:
        paths = sorted(row.source_path for row in s.query(ReportRecord))
    assert paths == [f"{archive}/某镇/示例镇-2024.txt", f"{archive}/示例镇-2024.docx"]


def test_check_names_the_member(tmp_path: Path) -> None:
    archive = tmp_path / "报告.zip"
    archive.write_bytes(_zip({"示例镇-2024.txt": TXT, "空.txt": b""}))
    result = runner.invoke(app, ["check", str(archive)])
    assert f"{archive}/空.txt" in result.stdout + result.stderr
    assert "文件为空（0 字节）" in result.stdout + result.stderr
