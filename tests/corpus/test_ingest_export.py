"""Reports into the store and out as data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
from openpyxl import load_workbook
from typer.testing import CliRunner

from ogi.cli import app
from ogi.services.corpus import cell_columns
from tests.shared import SAMPLES, truth

runner = CliRunner()
SAMPLE_TRUTH = {t["file"]: t for t in truth(SAMPLES / "truth.jsonl")}


def test_ingest_is_idempotent_and_lists_bad_files(tmp_path: Path, db_url: str) -> None:
    db = db_url
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    first = runner.invoke(app, ["ingest", str(SAMPLES), str(bad), "--db", db])
    assert first.exit_code == 2
    assert first.stdout.strip().startswith(
        "已存入 5 份报告，0 份此前已存入，1 个文件无法读取（数据库："
    )
    assert f"{bad}: 文件为空（0 字节）" in first.stderr
    again = runner.invoke(app, ["ingest", str(SAMPLES), "--db", db])
    assert again.exit_code == 0
    assert again.stdout.startswith("已存入 0 份报告，5 份此前已存入")


def test_export_wide_and_long(tmp_path: Path, db_url: str) -> None:
    db = db_url
    runner.invoke(app, ["ingest", str(SAMPLES / "示例镇-2023.txt"), "--db", db])
    t = SAMPLE_TRUTH["示例镇-2023.txt"]

    out = tmp_path / "data.csv"
    assert runner.invoke(app, ["export", str(out), "--db", db]).exit_code == 0
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    assert rows[0]["agency"] == "示例镇人民政府" and rows[0]["report_year"] == "2023"
    assert rows[0]["t3.new_received.total"] == str(t["cells"]["t3.new_received.total"])
    assert rows[0]["t2.art20_9.central_procurement.procurement_amount"] == ""  # 2019 only

    pq_out = tmp_path / "data.parquet"
    runner.invoke(app, ["export", str(pq_out), "--db", db])
    table = pq.read_table(pq_out)
    from ogi.services.dataset import META
    from ogi.services.measures import MEASURES

    assert table.num_columns == len(META) + len(cell_columns()) + len(MEASURES)
    assert table.column("t4.review.total").to_pylist() == [t["cells"]["t4.review.total"]]
    assert str(table.schema.field("t4.review.total").type) == "int64"

    long_out = tmp_path / "cells.xlsx"
    result = runner.invoke(app, ["export", "--long", str(long_out), "--db", db])
    assert result.stdout.strip() == (
        f"已导出 {len(t['cells'])} 行到 {long_out}（含数据字典和问题工作表）"
    )
    wb = load_workbook(long_out)
    assert wb.sheetnames == ["数据", "字典", "问题"]
    assert [c.value for c in wb["数据"][1]] == [
        "agency_id",
        "agency",
        "report_year",
        "sha256",
        "table",
        "cell",
        "value",
        "printed",
    ]  # comparability only in the harmonised long export: as printed, each value is its cell


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", str(tmp_path / "x.json"), "--db", str(tmp_path / "d.db")]
    )
    assert result.exit_code == 2
    assert "不支持的导出格式：.json（可选：.csv、.xlsx、.parquet）" in result.stderr


def test_stored_report_keeps_the_whole_document(db_url: str) -> None:
    from ogi.services.corpus import stored_reports
    from ogi.store import open_store

    db = db_url
    runner.invoke(app, ["ingest", str(SAMPLES / "示例镇-2024.md"), "--db", db])
    (r,) = list(stored_reports(open_store(db)))
    assert r.table_editions == {"t2": "2021", "t3": "2021"}
    assert r.labels["t3.results.withheld.security_stability"] == "危机“三安全一稳定”"
    assert json.loads(r.model_dump_json())["source"]["form"] == "md"


def test_ingest_keeps_figures_and_findings(db_url: str) -> None:
    """`ingest` stores each report's figures and its findings (the tables the web pages
    and the dashboards query): the figures equal the hand-checked truth, and the sample
    printed with a wrong total has that error stored on its cell."""
    from sqlalchemy import select

    from ogi.store import open_store
    from ogi.store.models import ReportRecord
    from ogi.store.review import FindingRecord, ReportIndex

    result = runner.invoke(app, ["ingest", str(SAMPLES), "--db", db_url])
    assert result.exit_code == 0, result.output
    store = open_store(db_url)
    with store.session() as s:
        by_file = {
            Path(src).name: (ix, rid)
            for src, ix, rid in s.execute(
                select(ReportRecord.source_path, ReportIndex, ReportRecord.id).join(
                    ReportIndex, ReportIndex.report_id == ReportRecord.id
                )
            )
        }
        assert set(by_file) == set(SAMPLE_TRUTH)
        for name, (ix, _rid) in by_file.items():
            t = SAMPLE_TRUTH[name]
            assert (ix.agency, ix.year) == (t["agency"], t["report_year"])
            assert ix.received == t["cells"]["t3.new_received.total"]
            assert ix.results_total == t["cells"]["t3.results.total.total"]
            assert ix.reviews == t["cells"]["t4.review.total"]
        txt = by_file["示例镇-2024.txt"]
        rules = {
            (f.rule, f.row, f.col)
            for f in s.scalars(select(FindingRecord).where(FindingRecord.report_id == txt[1]))
        }
        assert txt[0].errors > 0
        assert ("T3-RESULTS-SUM", "results.total", "natural_person") in rules
        assert by_file["示例镇-2024.html"][0].errors == 0
    store.close()
