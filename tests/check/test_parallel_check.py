"""`ogi check` on several processes and on a Dask cluster gives exactly what it gives in
one process: the same findings in the same order, the same duplicates, failures and
skipped files, the cross-year, regional and baseline comparisons included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app
from ogi.services.check import check_files
from tests.check.check_builders import build
from tests.shared import SAMPLES

runner = CliRunner()
COUNTY = "示例县人民政府"


def _json(folder: Path, report) -> None:
    name = Path(report.source.path).stem + ".json"
    (folder / name).write_text(report.model_dump_json(), encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_batch(tmp_path_factory.mktemp("batch"))


def make_batch(d: Path) -> Path:
    """Fictional bodies of one county over three years: a carry-over that does not chain
    (2021 → 2022), a table-four sum that is wrong, a region whose own total is below its
    departments', a second copy of one agency-year, two text reports read from the
    samples, a file that cannot be read and a JSON file that is no report."""
    for year, carried in ((2021, 3), (2022, 0), (2023, 0)):
        _json(
            d,
            build(
                {
                    "agency": "示例县财政局",
                    "file": f"财政局-{year}.txt",
                    "year": year,
                    "cells": {"t3.carried_forward.total": carried, "t3.new_received.total": 4},
                }
            ),
        )
    defect = {"t4.review.upheld": 2, "t4.review.total": 1}
    _json(d, build({"agency": "示例县教育局", "file": "教育局-2023.txt", "year": 2023}))
    _json(d, build({"agency": "示例县教育局", "file": "教育局-2023-副本.txt", "year": 2023}))
    _json(
        d,
        build({"agency": COUNTY, "file": "县政府-2023.txt", "year": 2023, "cells": defect}),
    )
    for name in ("示例镇-2023.txt", "示例镇-2024.txt"):
        (d / name).write_bytes((SAMPLES / name).read_bytes())
    (d / "损坏.docx").write_bytes(b"PK\x03\x04 cut short")
    (d / "truth.jsonl").write_text('{"file": "x"}\n', encoding="utf-8")
    return d


def check(*args: str) -> tuple[int, str, list[str]]:
    result = runner.invoke(app, ["check", *args])
    # the last line of standard error is the timing summary, which differs per run
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("共 10 个文件：成功 9，失败 1；用时"), result.stderr
    return result.exit_code, result.stdout, lines[:-1]


@pytest.fixture(scope="module")
def baseline(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An earlier round: the county's report only, with one defect fewer."""
    d = tmp_path_factory.mktemp("round1")
    _json(d, build({"agency": COUNTY, "file": "县政府-2023.txt", "year": 2023}))
    (d / "示例镇-2024.txt").write_bytes((SAMPLES / "示例镇-2024.txt").read_bytes())
    out = d / "round1.jsonl"
    assert runner.invoke(app, ["check", str(d), "-o", str(out), "-j", "1"]).exit_code == 1
    return out


def options(baseline: Path) -> list[str]:
    return ["-f", "json", "--baseline", str(baseline), "--region-parent", "示例县"]


def test_one_process_gives_the_expected_findings(folder: Path, baseline: Path) -> None:
    code, out, err = check(str(folder), *options(baseline), "-j", "1")
    assert code == 2  # one file could not be read
    found = [json.loads(line) for line in out.splitlines()]
    rules = {(f["rule"], f["agency"], f["year"], f.get("status")) for f in found}
    assert ("T3-CARRY-CHAIN", "示例县财政局", 2022, "new") in rules
    assert ("T4-REVIEW-SUM", COUNTY, 2023, "new") in rules
    assert ("B-REGION-TOTALS", COUNTY, 2023, "new") in rules
    assert any(f["status"] == "persisting" for f in found)
    assert [f["file"] for f in found if f.get("status") == "fixed"] == []
    assert err == [
        f"{folder / '损坏.docx'}: DOCX 文件已损坏（压缩包无法打开）",
        # the reports name the files they were read from (副本 sorts first)
        "教育局-2023.txt: 与 教育局-2023-副本.txt 同为示例县教育局2023年度报告，"
        "按一份报告核查，本文件未重复核查",
        # the township prints no county in its name: not placed in 示例县
        "示例镇人民政府 不属于示例县，未计入 示例县 2023年度的地区汇总核对",
        f"跳过 1 个不是 ogi 报告的 JSON 文件：{folder / 'truth.jsonl'}",
    ]


def test_two_processes_give_the_same(folder: Path, baseline: Path) -> None:
    assert check(str(folder), *options(baseline), "-j", "2") == check(
        str(folder), *options(baseline), "-j", "1"
    )
    # and the report printed for people, report by report
    text1 = check(str(folder), "--region-parent", "示例县", "-j", "1")
    text2 = check(str(folder), "--region-parent", "示例县", "-j", "2")
    assert text1 == text2
    # 示例镇人民政府 is not of 示例县 by its name: its 2023 counts are not the county's
    assert text1[1].splitlines()[-1] == (
        "共检查 7 份报告：错误 12 条，警告 4 条，提示 0 条；"
        "重复文件 1 个（未重复核查）；1 个文件无法读取"
    )


def test_the_workbook_batch_is_the_same_on_every_engine(folder: Path) -> None:
    one = check_files([folder], jobs=1, config=False, region_parent="示例县")
    two = check_files([folder], jobs=2, config=False, region_parent="示例县")
    assert [f.model_dump() for f in two.findings] == [f.model_dump() for f in one.findings]
    assert two.reports == one.reports and two.totals == one.totals
    assert (two.duplicates, two.failed, two.skipped) == (one.duplicates, one.failed, one.skipped)
    assert len(one.reports) == one.checked == 7


def test_a_dask_cluster_gives_the_same(folder: Path, baseline: Path, cluster: str) -> None:
    local = check(str(folder), *options(baseline), "-j", "1")
    assert check(str(folder), *options(baseline), "--dask", cluster) == local


def test_unreachable_scheduler_is_one_line(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OGI_DASK_TIMEOUT", "1")
    monkeypatch.setenv("OGI_DASK", "tcp://127.0.0.1:9")
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.startswith("无法连接 Dask 调度器 tcp://127.0.0.1:9：")
    assert len(result.stderr.strip().splitlines()) == 1


def workbooks(folder: Path) -> dict[str, dict[str, list]]:
    from openpyxl import load_workbook

    out = {}
    for p in sorted(folder.iterdir()):
        wb = load_workbook(p)
        out[p.name] = {ws.title: [list(r) for r in ws.values] for ws in wb.worksheets}
    return out


def test_workbooks_per_agency_written_from_the_spool_are_those_of_the_whole_batch(
    tmp_path: Path,
) -> None:
    """`--split-by-agency` alone keeps no findings in memory: it writes each agency's
    workbook from the spool. The workbooks are those written from the whole batch in
    memory (with `-o` too), fixed, new and persisting findings and doubts included."""
    from ogi.services.check import Baseline, findings_jsonl, write_workbooks_by_agency

    finance = {"agency": "示例县财政局", "year": 2023}
    edu = {"agency": "示例县教育局", "year": 2023}
    defect = {"t4.review.upheld": 2, "t4.review.total": 1}
    doubt = [{"where": "表三 （七）总计", "message": "数字模糊，按 3 读取"}]
    r1 = tmp_path / "r1"
    r1.mkdir()
    for r in (
        build({**finance, "file": "财政局.txt", "cells": defect}),
        build({**edu, "file": "教育局.txt"}),
    ):
        _json(r1, r)
    first = check_files([r1], config=False)
    base = tmp_path / "round1.jsonl"
    base.write_text("\n".join(findings_jsonl(first.findings)) + "\n", encoding="utf-8")
    r2 = tmp_path / "r2"
    r2.mkdir()
    for r in (
        build({**finance, "file": "财政局.txt"}),
        build({**edu, "file": "教育局.txt", "cells": defect, "problems": doubt}),
        build({**edu, "file": "教育局-2022.txt", "year": 2022}),
    ):
        _json(r2, r)
    (r2 / "坏.docx").write_bytes(b"PK\x03\x04 cut short")
    args = ["check", str(r2), "--baseline", str(base), "-j", "1"]
    spooled = runner.invoke(app, [*args, "--split-by-agency", str(tmp_path / "spooled")])
    assert spooled.exit_code == 2, spooled.output
    whole = check_files([r2], config=False, baseline=Baseline.load(base))
    write_workbooks_by_agency(tmp_path / "whole", whole)
    got, want = workbooks(tmp_path / "spooled"), workbooks(tmp_path / "whole")
    assert got == want
    assert list(got) == ["示例县教育局.xlsx", "示例县财政局.xlsx", "读取疑点（审核人员）.xlsx"]
    assert got["示例县财政局.xlsx"]["已修正"][2][-1] == "T4-REVIEW-SUM"
    edu_rows = got["示例县教育局.xlsx"]["问题清单"]
    assert [(row[4], row[-1]) for row in edu_rows[2:]] == [
        ("新增", "T4-REVIEW-SUM"),
        ("新增", "C-COPIED-TEXT"),
    ]
    doubts = got["读取疑点（审核人员）.xlsx"]["读取疑点"]
    assert [row[4] for row in doubts[2:]][:1] == ["数字模糊，按 3 读取"]
