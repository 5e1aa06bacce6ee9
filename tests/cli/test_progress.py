"""The progress bar every batch command shows on a terminal (extract, check, ingest,
render): files done of all, failures, rate and time left; nothing when standard error
is not a terminal, and one summary line at the end."""

from __future__ import annotations

import io
import sys

import pytest

from ogi.cli.progress import BatchProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_counts_files_failures_rate_and_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    monkeypatch.setenv("COLUMNS", "120")
    with BatchProgress(4, "核查") as bar:
        bar.advance()
        bar.advance(failed=True)
        bar.print("坏.docx: DOCX 文件已损坏（压缩包无法打开）")
        bar._bar.refresh()
        frame = term.getvalue()
    assert "坏.docx: DOCX 文件已损坏（压缩包无法打开）" in frame
    assert "核查" in frame and "2/4" in frame and "失败 1" in frame
    assert "个/秒" in frame and "剩余" in frame
    assert bar.summary().startswith("共 2 个文件：成功 1，失败 1；用时 ")


def test_not_on_a_terminal_only_the_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with BatchProgress(2, "读取") as bar:
        bar.advance(failed=True)
        bar.print("坏.pdf: 不是 PDF 文件")
        bar.advance()
    assert pipe.getvalue() == "坏.pdf: 不是 PDF 文件\n"
    assert bar.summary().startswith("共 2 个文件：成功 1，失败 1；用时 ")


def test_export_counts_each_report_as_it_streams(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ogi.cli import app
    from tests.shared import SAMPLES

    db = str(tmp_path / "x.db")
    runner = CliRunner()
    for name in ("示例镇-2023.txt", "示例镇-2024.txt"):
        assert runner.invoke(app, ["ingest", str(SAMPLES / name), "--db", db]).exit_code == 0
    bars: list[tuple[int | None, str, int]] = []
    real_exit = BatchProgress.__exit__

    def record(self: BatchProgress, *exc: object) -> None:
        bars.append((self.total, self.verb, self.done))
        real_exit(self, *exc)

    monkeypatch.setattr(BatchProgress, "__exit__", record)
    result = runner.invoke(app, ["export", str(tmp_path / "out.csv"), "--db", db])
    assert result.exit_code == 0, result.output
    assert bars == [(None, "导出", 2)]
    assert result.stdout.startswith("已导出 2 行到 ")
