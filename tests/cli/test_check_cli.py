"""`ogi check` and `ogi rules` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ogi.cli import app
from tests.shared import SAMPLES, need_shared

runner = CliRunner()


def findings(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_seed_004_gets_exactly_the_outcome_sum_errors() -> None:
    seed = need_shared() / "seeds" / "004_138be65b98b13b66.txt"
    result = runner.invoke(app, ["check", "--format", "json", str(seed)])
    assert result.exit_code == 1
    errors = [f for f in findings(result) if f["severity"] == "error"]
    assert {(f["rule"], f["column"]) for f in errors} == {
        ("T3-RESULTS-SUM", "natural_person"),
        ("T3-RESULTS-SUM", "total"),
    }
    msg = next(f["message"] for f in errors if f["column"] == "natural_person")
    assert msg == (
        "表三 （七）总计 自然人 = 4，但各项办理结果之和 = 5"
        "（予以公开 3 + 部分公开 1 + 本机关不掌握相关政府信息 1）"
    )


def test_clean_sample_exits_zero_and_prints_a_summary() -> None:
    result = runner.invoke(app, ["check", str(SAMPLES / "示例镇-2024.html")])
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1].startswith("共检查 1 份报告：错误 0 条")


def test_select_and_ignore() -> None:
    path = str(SAMPLES / "示例镇-2024.txt")
    only = runner.invoke(app, ["check", "-f", "json", "--select", "T3-BALANCE", path])
    assert {f["rule"] for f in findings(only)} == {"T3-BALANCE"}
    assert only.exit_code == 1
    none = runner.invoke(app, ["check", "-f", "json", "--ignore", "arithmetic", path])
    assert not any(f["rule"].startswith("T3-") for f in findings(none))
    bad = runner.invoke(app, ["check", "--select", "NO-SUCH-RULE", path])
    assert bad.exit_code == 2


def test_unreadable_file_exits_two_and_the_rest_is_checked(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(
        app, ["check", "-f", "json", str(empty), str(SAMPLES / "示例镇-2024.txt")]
    )
    assert result.exit_code == 2
    assert f"{empty}: 文件为空（0 字节）" in result.stderr
    assert any(f["rule"] == "T3-RESULTS-SUM" for f in findings(result))


def test_rules_list_and_explain() -> None:
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0 and "T3-BALANCE" in listing.stdout
    one = runner.invoke(app, ["rules", "t3-results-sum"])
    assert one.exit_code == 0
    assert "反例" in one.stdout and "正例" in one.stdout
    assert "每一列：（七）总计＝（一）至（六）所有末级办理结果之和。" in one.stdout
    missing = runner.invoke(app, ["rules", "X-NONE"])
    assert missing.exit_code == 2


def test_exit_zero_keeps_findings_but_exits_zero() -> None:
    result = runner.invoke(app, ["check", "--exit-zero", str(SAMPLES / "示例镇-2024.txt")])
    assert result.exit_code == 0
    assert "T3-RESULTS-SUM" in result.stdout


def test_check_reads_extracted_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(SAMPLES / "示例镇-2024.txt"), "-o", str(out)])
    result = runner.invoke(app, ["check", "-f", "json", str(out / "示例镇-2024.txt.json")])
    assert result.exit_code == 1
    assert {f["column"] for f in findings(result) if f["rule"] == "T3-RESULTS-SUM"} == {
        "natural_person",
        "total",
    }
    bad = tmp_path / "other.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: 不是 ogi 的报告 JSON（1 处不符）" in result.stderr


def _write(folder: Path, reports) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for r in reports:
        (folder / (Path(r.source.path).stem + ".json")).write_text(
            r.model_dump_json(), encoding="utf-8"
        )


def test_output_suffix_decides_the_format(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = str(SAMPLES / "示例镇-2024.txt")
    xlsx = tmp_path / "核查.xlsx"
    result = runner.invoke(app, ["check", "-o", str(xlsx), path])
    assert result.exit_code == 1
    assert load_workbook(xlsx).sheetnames[:2] == ["问题清单", "报告汇总"]
    jsonl = tmp_path / "round1.jsonl"
    result = runner.invoke(app, ["check", "-o", str(jsonl), path])
    lines = [json.loads(x) for x in jsonl.read_text("utf-8").splitlines()]
    assert {f["rule"] for f in lines} == {"T3-BALANCE", "T3-RESULTS-SUM"}
    assert all(f["id"].startswith(f["rule"] + "-") for f in lines)
    bad = runner.invoke(app, ["check", "-o", str(tmp_path / "x.docx"), path])
    assert bad.exit_code == 2
    assert (
        "无法从输出文件名 x.docx 判断格式：用 .xlsx、.json、.jsonl 或 .txt 结尾，或用 --format 指定"
        in bad.stderr
    )


def test_the_same_report_twice_is_checked_once(tmp_path: Path) -> None:
    # the web page and the DOCX of the 2024 sample read the same tables: one report
    result = runner.invoke(
        app,
        ["check", str(SAMPLES / "示例镇-2024.docx"), str(SAMPLES / "示例镇-2024.html")],
    )
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == (
        "共检查 1 份报告：错误 0 条，警告 0 条，提示 0 条；重复文件 1 个（未重复核查）"
    )
    assert (
        f"{SAMPLES / '示例镇-2024.html'}: 与 {SAMPLES / '示例镇-2024.docx'} "
        "同为示例镇人民政府2024年度报告，按一份报告核查，本文件未重复核查"
    ) in result.stderr


def test_two_versions_of_one_report_are_both_checked_whatever_their_order() -> None:
    # the text form of the 2024 sample prints other totals in table 三 than the DOCX:
    # its four errors are found in either order, and the later file is told of the
    # difference
    txt, docx = str(SAMPLES / "示例镇-2024.txt"), str(SAMPLES / "示例镇-2024.docx")
    for first, second in ((txt, docx), (docx, txt)):
        result = runner.invoke(app, ["check", first, second])
        assert result.exit_code == 1
        out = result.stdout
        assert out.strip().splitlines()[-1] == ("共检查 2 份报告：错误 4 条，警告 1 条，提示 0 条")
        assert out.count("错误 T3-") == 4
        assert (
            f"警告 X-SOURCES-DIFFER 同一机关同一年度另有一份表格读数不同的报告 {first}，"
            "两份都已核查：表三 （七）总计 自然人 为 "
        ) in out
        assert "未重复核查" not in result.stderr


def test_baseline_round_trip_on_the_command_line(tmp_path: Path) -> None:
    from tests.check.check_builders import build

    finance = {"agency": "示例县财政局", "file": "财政局.txt"}
    edu = {"agency": "示例县教育局", "file": "教育局.txt"}
    land = {"agency": "示例县自然资源局", "file": "自然资源局.txt"}
    defect = {"t4.review.upheld": 2, "t4.review.total": 1}
    _write(tmp_path / "r1", [build({**finance, "cells": defect}), build(edu), build(land)])
    base = tmp_path / "round1.jsonl"
    first = runner.invoke(app, ["check", str(tmp_path / "r1"), "-o", str(base)])
    assert first.exit_code == 1
    n = len(base.read_text("utf-8").splitlines())
    added = {"t4.litigation.after_review.upheld": 1, "t4.litigation.after_review.total": 0}
    _write(tmp_path / "r2", [build(finance), build({**edu, "cells": added}), build(land)])
    second = runner.invoke(app, ["check", str(tmp_path / "r2"), "--baseline", str(base)])
    assert second.exit_code == 1
    assert second.stdout.strip().splitlines()[-1] == (
        f"共检查 3 份报告：错误 1 条，警告 0 条，提示 0 条；与上一轮相比：新增 1 条，"
        f"仍存在 {n - 1} 条，已修正 1 条"
    )
    assert "已修正 T4-REVIEW-SUM 示例县财政局" in second.stdout
    assert "错误 新增 T4-AFTER-REVIEW-SUM" in second.stdout
    out = tmp_path / "round2.xlsx"
    runner.invoke(app, ["check", str(tmp_path / "r2"), "--baseline", str(base), "-o", str(out)])
    from openpyxl import load_workbook

    title = load_workbook(out)["问题清单"].cell(1, 1).value
    assert f"新增 1 条，仍存在 {n - 1} 条，已修正 1 条" in title
    missing = runner.invoke(app, ["check", str(tmp_path / "r2"), "--baseline", "nope.jsonl"])
    assert missing.exit_code == 2
    assert missing.stderr == "nope.jsonl：无法读取上一轮核查结果（文件不存在）\n"


def test_split_by_agency_and_region_parent(tmp_path: Path) -> None:
    from tests.check.check_builders import build

    county = build(
        {"agency": "示例县人民政府", "file": "县政府.txt", "cells": {"t3.new_received.total": 5}}
    )
    depts = [
        build(
            {"agency": "示例县财政局", "file": "财政局.txt", "cells": {"t3.new_received.total": 4}}
        ),
        build(
            {"agency": "示例县教育局", "file": "教育局.txt", "cells": {"t3.new_received.total": 3}}
        ),
    ]
    _write(tmp_path / "in", [county, *depts])
    result = runner.invoke(
        app,
        [
            "check", str(tmp_path / "in"), "--split-by-agency", str(tmp_path / "out"),
            "--region-parent", "示例县", "--select", "B-REGION-TOTALS",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "示例县人民政府.xlsx",
        "示例县教育局.xlsx",
        "示例县财政局.xlsx",
    ]
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "out" / "示例县人民政府.xlsx")["问题清单"].values)
    assert rows[2][3] == "警告" and rows[2][-1] == "B-REGION-TOTALS"
    assert rows[2][9].startswith("表三 本年新收政府信息公开申请数量/总计 = 5，小于同批 2 个")


def test_fee_printed_in_yuan_is_quoted_as_printed(tmp_path: Path) -> None:
    text = (SAMPLES / "示例镇-2024.txt").read_text("utf-8")
    path = tmp_path / "示例镇-2024.txt"
    path.write_text(text.replace("行政事业性收费\n0\n", "行政事业性收费\n1200元\n"), "utf-8")
    result = runner.invoke(app, ["check", "-f", "json", "--select", "T2-FEE-UNIT", str(path)])
    [f] = findings(result)
    assert f["message"] == (
        "表二 行政事业性收费 本年收费金额 以“元”书写（1200元），格式规定单位为万元"
    )
    assert f["hint"] == "换算为万元后填 0.12（1200元 = 0.12万元）。"


def _round2_text() -> str:
    """The 2024 sample with （七）总计 自然人 printed 9 instead of 10: still not the sum."""
    lines = (SAMPLES / "示例镇-2024.txt").read_text("utf-8").split("\n")
    at = lines.index("（七）总计")
    assert lines[at + 1] == "10"
    lines[at + 1] = "9"
    return "\n".join(lines)


def test_a_value_changed_but_still_wrong_persists_in_every_output(tmp_path: Path) -> None:
    base = tmp_path / "round1.jsonl"
    runner.invoke(app, ["check", str(SAMPLES / "示例镇-2024.txt"), "-o", str(base)])
    (tmp_path / "r2").mkdir()
    (tmp_path / "r2" / "示例镇-修改稿.txt").write_text(_round2_text(), "utf-8")
    args = ["check", str(tmp_path / "r2"), "--baseline", str(base)]
    text = runner.invoke(app, args).stdout
    assert text.strip().splitlines()[-1] == (
        "共检查 1 份报告：错误 5 条，警告 0 条，提示 0 条；"
        "与上一轮相比：新增 1 条，仍存在 4 条，已修正 0 条"
    )
    assert "错误 仍存在（数值有变化） T3-RESULTS-SUM 表三 （七）总计 自然人 = 9，" in text
    assert "      上一轮：表三 （七）总计 自然人 = 10，但各项办理结果之和 = 11" in text
    assert "错误 新增 T3-TOTAL-COLUMN" in text
    runner.invoke(app, [*args, "--split-by-agency", str(tmp_path / "out")])
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "out" / "示例镇人民政府.xlsx")["问题清单"]
    rows = list(ws.values)
    assert rows[0][0].endswith("与上一轮相比：新增 1 条，仍存在 4 条，已修正 0 条")
    assert sorted(r[4] for r in rows[2:]) == [
        "仍存在", "仍存在", "仍存在（数值有变化）", "仍存在（数值有变化）", "新增",
    ]  # fmt: skip


def test_rules_left_out_by_select_are_not_reported_fixed(tmp_path: Path) -> None:
    base = tmp_path / "round1.jsonl"
    runner.invoke(app, ["check", str(SAMPLES / "示例镇-2024.txt"), "-o", str(base)])
    args = ["check", str(SAMPLES / "示例镇-2024.txt"), "--baseline", str(base)]
    only = runner.invoke(app, [*args, "--select", "T3-BALANCE"]).stdout
    assert only.strip().splitlines()[-1].endswith("新增 0 条，仍存在 2 条，已修正 0 条")
    assert "已修正" not in only.replace("已修正 0 条", "")
    ignored = runner.invoke(app, [*args, "--ignore", "T3-BALANCE,T3-RESULTS-SUM"]).stdout
    assert ignored.strip().splitlines()[-1].endswith("新增 0 条，仍存在 0 条，已修正 0 条")


def test_region_parent_that_is_a_department_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["check", str(SAMPLES / "示例镇-2024.txt"), "--region-parent", "示例县财政局"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("--region-parent 示例县财政局：不是人民政府的名称。")
    absent = runner.invoke(
        app, ["check", str(SAMPLES / "示例镇-2024.txt"), "--region-parent", "示例县人民政府"]
    )
    assert "本批报告中没有 示例县人民政府 的报告（--region-parent），未作地区汇总核对" in (
        absent.stderr
    )


def test_an_output_path_through_a_file_is_refused_in_chinese_before_checking(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "r1"
    blocker.write_text("", "utf-8")
    sample = str(SAMPLES / "示例镇-2024.txt")
    for args in (
        ["-o", str(blocker / "round1.txt")],
        ["-o", str(blocker / "round1.jsonl")],
        ["-o", str(blocker / "round1.xlsx")],
        ["--split-by-agency", str(blocker)],
    ):
        result = runner.invoke(app, ["check", sample, *args])
        assert result.exit_code == 2, args
        assert result.stderr == f"无法写出结果：{blocker}：路径中有同名文件，不是目录\n", args
        assert result.stdout == ""  # nothing was checked


def test_json_output_is_one_document_and_jsonl_one_finding_a_line(tmp_path: Path) -> None:
    sample = str(SAMPLES / "示例镇-2024.txt")
    runner.invoke(app, ["check", sample, "-o", str(tmp_path / "r1.json")])
    runner.invoke(app, ["check", sample, "-o", str(tmp_path / "r1.jsonl")])
    with (tmp_path / "r1.json").open(encoding="utf-8") as f:
        document = json.load(f)
    lines = (tmp_path / "r1.jsonl").read_text("utf-8").splitlines()
    assert document == [json.loads(line) for line in lines]
    assert [f["rule"] for f in document] == [
        "T3-BALANCE", "T3-BALANCE", "T3-RESULTS-SUM", "T3-RESULTS-SUM",
    ]  # fmt: skip
    # either form is a baseline
    for base in ("r1.json", "r1.jsonl"):
        again = runner.invoke(app, ["check", sample, "--baseline", str(tmp_path / base)])
        assert (
            again.stdout.strip()
            .splitlines()[-1]
            .endswith("与上一轮相比：新增 0 条，仍存在 4 条，已修正 0 条")
        ), base
    clean = tmp_path / "clean.json"
    runner.invoke(app, ["check", str(SAMPLES / "示例镇-2024.html"), "-o", str(clean)])
    assert json.loads(clean.read_text("utf-8")) == []


def test_a_check_does_not_read_its_own_output_in_the_folder_it_checks(tmp_path: Path) -> None:
    # a .txt output and a JSON one, each in a folder walked after the check has begun
    # writing it (z sorts after a.html)
    for name in ("结果.txt", "结果.json"):
        folder = tmp_path / name.replace(".", "-")
        folder.mkdir()
        (folder / "a.html").write_bytes((SAMPLES / "示例镇-2024.html").read_bytes())
        out = folder / "z" / name
        result = runner.invoke(app, ["check", str(folder), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "结果" not in result.output
        if name.endswith(".json"):
            assert json.loads(out.read_text(encoding="utf-8")) == []
        else:
            assert out.read_text(encoding="utf-8").splitlines()[-1].startswith("共检查 1 份报告")
