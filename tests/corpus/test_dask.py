"""Past one machine: the same pipeline on a Dask cluster of worker processes writing to
the real PostgreSQL, and a scan's pages OCR'd as tasks of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app
from ogi.services.batch import ReadSpec, run_files
from tests.corpus.corpus_files import exported, make_corpus, scanned_report

pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("reports")
    make_corpus(d, 6)
    scanned_report(d / "scan.pdf", pages=1, lines_per_page=4)
    (d / "broken.docx").write_bytes(b"PK\x03\x04 cut short")
    return d


def test_scan_pages_as_tasks_read_as_one_file(folder: Path, tmp_path: Path) -> None:
    """The pages OCR'd by separate workers assemble into exactly the report that reading
    the file in one go gives."""
    from ogi.extract import extract

    scan = scanned_report(tmp_path / "scan.pdf", pages=2, lines_per_page=4)
    whole = extract(scan)
    split, _ = run_files([scan, folder / "000-示例镇-2024.txt"], ReadSpec(), jobs=2)
    assert split.error is None
    assert split.reports[0].model_dump() == whole.model_dump()
    assert whole.agency == "示例镇人民政府" and whole.report_year == 2024


def test_ingest_on_a_cluster_into_postgresql(
    cluster: str, folder: Path, pg_url: str, tmp_path: Path
) -> None:
    first = runner.invoke(app, ["ingest", str(folder), "--db", pg_url, "--dask", cluster])
    assert first.exit_code == 2, first.output
    assert first.stdout.startswith("已存入 7 份报告，0 份此前已存入，1 个文件无法读取")
    assert f"{folder / 'broken.docx'}: " in first.stderr
    # idempotent and resumable exactly as locally: nothing is read again
    again = runner.invoke(app, ["ingest", str(folder), "--db", pg_url, "--dask", cluster])
    assert again.stdout.startswith("已存入 0 份报告，7 份此前已存入，1 个文件无法读取")
    # the same rows as an ingest on this machine
    local = f"sqlite:///{tmp_path / 'local.db'}"
    assert runner.invoke(app, ["ingest", str(folder), "--db", local, "-j", "1"]).exit_code == 2
    assert exported(pg_url, tmp_path) == exported(local, tmp_path)


def test_extract_on_a_cluster_keeps_input_order(cluster: str, folder: Path) -> None:
    files = sorted(folder.glob("*.txt"))
    result = runner.invoke(app, ["extract", *map(str, files), "--dask", cluster])
    assert result.exit_code == 0, result.output
    paths = [line.split('"path": "')[1].split('"')[0] for line in result.stdout.splitlines()]
    assert paths == [str(p) for p in files]


def test_unreachable_scheduler_is_one_line(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OGI_DASK_TIMEOUT", "1")
    result = runner.invoke(
        app,
        ["ingest", str(folder), "--db", str(tmp_path / "x.db"), "--dask", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("无法连接 Dask 调度器 tcp://127.0.0.1:9：")
    assert len(result.stderr.strip().splitlines()) == 1
