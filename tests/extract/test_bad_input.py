"""Files that are not reports, or not readable, get one clear line each; a batch goes on."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.blocks import ReadError
from ogi.cli import app
from ogi.readers import read_file_bytes
from tests.shared import SAMPLES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["extract", *args])


def make_bad_files(d: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = d / "empty.txt"
    files["empty"].write_bytes(b"")
    files["garbage"] = d / "garbage.docx"
    files["garbage"].write_bytes(bytes(range(256)) * 10)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    files["zip"] = d / "notdocx.docx"
    files["zip"].write_bytes(buf.getvalue())
    files["page"] = d / "weather.html"
    files["page"].write_text(
        "<html><head><title>天气</title></head><body><h1>明日天气</h1><p>晴，20度。</p></body></html>",
        encoding="utf-8",
    )
    files["binary"] = d / "image.txt"
    files["binary"].write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 2000)
    return files


EXPECTED = {
    "empty": "文件为空（0 字节）",
    "garbage": "不是有效的 DOCX 文件（文件已损坏或格式无法识别）",
    "zip": "压缩包中没有 word/document.xml，不是 DOCX 文件",
    "page": "没有找到年度报告的表格或章节，可能不是政府信息公开工作年度报告",
    "binary": "内容像二进制数据，不是文本报告",
}


def test_each_bad_file_gets_its_reason_and_the_batch_goes_on(tmp_path: Path) -> None:
    files = make_bad_files(tmp_path)
    good = SAMPLES / "示例镇-2024.html"
    result = run(*[str(p) for p in files.values()], str(good))
    assert result.exit_code == 2
    *err, summary = result.stderr.strip().splitlines()
    assert err == [f"{files[k]}: {EXPECTED[k]}" for k in files]
    n = len(files) + 1
    assert summary.startswith(f"共 {n} 个文件：成功 1，失败 {len(files)}；用时 ")
    assert "Traceback" not in result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 1 and out[0]["report_year"] == 2024


def test_very_large_text_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("政府信息公开" * 9_000_000, encoding="utf-8")  # ~54 MB
    result = run(str(big))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{big}: 文本过长（54,000,000 字符，上限 1,000,000），不像一份年度报告"
    )


def test_missing_file(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.txt'}: 无法打开文件：文件不存在"


def test_os_errors_are_told_in_chinese() -> None:
    """The C library's English (File exists, No such file or directory) never reaches a
    user: every message takes its reason from `ogi.oserrors`."""
    import errno

    from ogi.oserrors import describe, reason

    assert reason(FileExistsError(errno.EEXIST, "File exists", "r1")) == "文件已存在"
    assert describe(FileNotFoundError(errno.ENOENT, "No such file", "a.txt")) == (
        "a.txt：文件不存在"
    )
    assert reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == (
        f"操作系统错误（错误码 {errno.ECONNRESET}）"
    )


def test_output_directory_gets_one_json_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(SAMPLES / "示例镇-2024.txt"), str(SAMPLES / "示例镇-2023.txt"), "-o", str(out))
    assert result.exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["示例镇-2023.txt.json", "示例镇-2024.txt.json"]
    data = json.loads((out / "示例镇-2023.txt.json").read_text(encoding="utf-8"))
    assert data["source"]["form"] == "txt" and len(data["source"]["sha256"]) == 64


def test_a_folder_a_pipe_and_an_unreadable_file_each_get_their_reason(tmp_path: Path) -> None:
    folder = tmp_path / "报告.txt"
    folder.mkdir()
    with pytest.raises(ReadError) as e:
        read_file_bytes(folder)
    assert str(e.value) == "这是一个目录，不是文件"
    # a named pipe is never opened (opening one waits for a writer): it has no bytes
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(ReadError) as e:
        read_file_bytes(pipe)
    assert str(e.value) == "文件为空（0 字节）"
    if os.geteuid() != 0:  # (root reads any file)
        locked = tmp_path / "locked.txt"
        locked.write_text("一、总体情况", encoding="utf-8")
        locked.chmod(0)
        with pytest.raises(ReadError) as e:
            read_file_bytes(locked)
        assert str(e.value) == "无法打开文件：没有权限"
