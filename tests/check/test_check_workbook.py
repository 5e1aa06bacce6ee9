"""The workbook of a batch written from the check's spool (row by row, the memory of a
national batch) is the workbook written from a batch kept in memory, cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ogi.services.check import (
    Baseline,
    BatchCheck,
    check_files,
    check_paths,
    findings_jsonl,
    write_spooled_workbook,
    write_workbook,
)
from tests.check.check_builders import EDU, FINANCE, LAND, REVIEW_DEFECT, build, write_reports

RESULTS_DEFECT = {"t3.results.total.natural_person": 3}  # T3-RESULTS-SUM and others


def snapshot(path: Path) -> dict[str, Any]:
    """Everything a reader of the workbook sees: values and styles of every cell, merged
    ranges, widths and heights, print setup, frozen panes, filter."""
    wb = load_workbook(path)
    out: dict[str, Any] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = [
            (
                c.coordinate,
                c.value,
                c.font.name,
                c.font.b,
                c.font.sz,
                c.fill.fill_type,
                c.fill.fgColor.rgb,
                c.alignment.wrap_text,
                c.alignment.vertical,
                c.alignment.horizontal,
                c.border.left.style,
                c.border.bottom.style,
            )
            for row in ws.iter_rows()
            for c in row
        ]
        setup = ws.page_setup
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "heights": {k: d.height for k, d in ws.row_dimensions.items()},
            "print": (
                setup.orientation,
                str(setup.paperSize),
                setup.fitToWidth,
                setup.fitToHeight,
                ws.sheet_properties.pageSetUpPr.fitToPage,
                ws.print_title_rows,
                ws.page_margins.left,
                ws.page_margins.top,
                ws.print_options.horizontalCentered,
                ws.oddFooter.center.text,
            ),
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
        }
    return out


def test_the_spooled_workbook_is_the_workbook_kept_in_memory(tmp_path: Path) -> None:
    write_reports(
        tmp_path / "r1", [build({**FINANCE, "cells": REVIEW_DEFECT}), build(EDU), build(LAND)]
    )
    first = check_files([tmp_path / "r1"], config=False)
    base = tmp_path / "round1.jsonl"
    base.write_text("\n".join(findings_jsonl(first.findings)) + "\n", encoding="utf-8")
    round2 = [
        build(FINANCE),  # its T4-REVIEW-SUM fixed
        build({**EDU, "cells": RESULTS_DEFECT}),  # new findings
        build({**LAND, "problems": [{"where": "表二 规章", "message": "数字连在一起"}]}),
        build({**LAND, "year": 2020, "file": "自然资源局-2020.txt"}),
    ]
    folder = tmp_path / "r2"
    write_reports(folder, round2)
    (folder / "重复.json").write_text(round2[1].model_dump_json(), encoding="utf-8")
    (folder / "损坏.docx").write_bytes(b"not a docx")
    books = {}
    for keep in (True, False):
        batch = BatchCheck(
            config=False, baseline=Baseline.load(base), keep_findings=keep, spool_findings=True
        )
        for _ in check_paths(batch, [folder]):
            pass
        batch.finish()
        books[keep] = tmp_path / f"keep-{keep}.xlsx"
        if keep:
            write_workbook(books[keep], batch.result)
        else:
            write_spooled_workbook(books[keep], batch)
            batch.spool.close()
    kept, spooled = snapshot(books[True]), snapshot(books[False])
    assert spooled == kept
    # what the comparison covers is there: findings of both rounds, what was fixed, the
    # reading doubts, the duplicate, the file that could not be read
    assert kept["sheets"] == ["问题清单", "报告汇总", "已修正", "读取疑点"]
    values = {s: [c[1] for c in kept[s]["cells"]] for s in kept["sheets"]}
    assert "T3-RESULTS-SUM" in values["问题清单"] and "新增" in values["问题清单"]
    assert "T4-REVIEW-SUM" in values["已修正"]
    assert "数字连在一起" in values["读取疑点"]
    assert any(str(v).startswith("无法读取") for v in values["读取疑点"])
    assert any("本文件未重复核查" in str(v) for v in values["读取疑点"])
    sheet = kept["问题清单"]
    assert sheet["merged"] == ["A1:M1"]
    assert sheet["freeze"] == "A3"
    assert sheet["widths"]["K"] == 44
    assert sheet["print"][:6] == ("landscape", "9", 1, 0, True, "$2:$2")
    assert sheet["filter"].startswith("A2:M")
    head = next(c for c in sheet["cells"] if c[0] == "D2")
    assert head[3] is True and head[6] == "00D9D9D9"
    error = next(c for c in sheet["cells"] if c[0].startswith("D") and c[1] == "错误")
    assert error[6] == "00F8D7DA"


def test_check_command_writes_the_batch_workbook_and_the_agencies_from_one_spool(
    tmp_path: Path,
) -> None:
    """`ogi check -o X.xlsx --split-by-agency D` writes both from the spool: the one
    workbook first (the per-agency ones close the spool)."""
    from typer.testing import CliRunner

    from ogi.cli import app

    write_reports(tmp_path / "in", [build({**FINANCE, "cells": REVIEW_DEFECT}), build(EDU)])
    one, split = tmp_path / "核查意见.xlsx", tmp_path / "分发"
    args = ["check", str(tmp_path / "in"), "-o", str(one), "--split-by-agency", str(split)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in split.iterdir()) == ["示例县教育局.xlsx", "示例县财政局.xlsx"]
    write_workbook(tmp_path / "kept.xlsx", check_files([tmp_path / "in"]))
    assert snapshot(one) == snapshot(tmp_path / "kept.xlsx")
    cells = snapshot(one)["问题清单"]["cells"]
    rules = [c[1] for c in cells if c[0].startswith("L") and c[0] != "L1"]
    assert rules == ["规则", "T4-REVIEW-SUM"]
