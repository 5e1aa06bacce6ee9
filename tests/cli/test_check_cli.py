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
