"""The registry: discovery, rule metadata from rules.yaml, selection, configuration and
the runner's grouping and failure handling."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.check import Finding, all_rules, load_config, run_checks, select_rules
from ogi.check.registry import rule_specs
from ogi.check.rules.t3_balance import T3Balance
from tests.check.check_builders import build

SINGLE_REPORT_RULES = {
    "E-EDITION-BY-YEAR", "E-EDITION-CONSISTENT", "T3-BALANCE", "T3-RESULTS-SUM",
    "T3-GROUP-SUMS", "T3-TOTAL-COLUMN", "T3-INTEGER", "T3-CARRY-CHAIN", "T4-REVIEW-SUM",
    "T4-DIRECT-SUM", "T4-AFTER-REVIEW-SUM", "T4-INTEGER", "T2-INTEGER", "T2-FEE-UNIT",
    "T2-IN-FORCE-CHAIN", "T2-2019-ITEM-CHAIN", "T2-2019-PUBLISHED-LE-TOTAL", "S-SECTIONS",
    "S-SECTION-NUMBERING", "S-TABLES-PRESENT", "S-LABELS", "S-EXTRA-ROWS", "S-TABLE-BLANK",
    "C-OVERVIEW-TOPICS", "C-GOV-ASSESSMENT", "C-PROBLEMS", "C-FEE-REPORTED",
    "C-OTHER-NONEMPTY", "C-TEXT-TABLE", "C-AGENCY-CONSISTENT", "C-PLACEHOLDER",
    "C-COPIED-TEXT", "D-DATE-WELLFORMED", "D-PERIOD", "D-DEADLINE-DEPT", "D-DEADLINE-GOV",
    "D-DEADLINE-OTHER", "T3-YEAR-JUMP", "C-ISSUER-NAMED", "B-REGION-TOTALS", "X-SOURCES-DIFFER",
}  # fmt: skip


def test_every_listed_rule_is_implemented_once():
    ids = [r.id for r in all_rules()]
    assert sorted(ids) == sorted(SINGLE_REPORT_RULES)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_metadata_comes_from_rules_yaml(rule):
    spec = rule_specs()[rule.id]
    assert rule.severity == spec["severity"]
    assert rule.statement_zh == spec["statement"]["zh"]
    assert rule.statement_en == spec["statement"]["en"]
    assert rule.group in {
        "arithmetic", "table2", "edition", "structure", "content", "timeliness", "cross-year",
        "cross-report",
    }  # fmt: skip
    doc = rule.__doc__ or ""
    for heading in ("规则说明", "为何重要", "反例", "正例"):
        assert f"{heading}：" in doc, (rule.id, heading)
    # One module per rule, named after the id: T3-BALANCE → rules/t3_balance.py.
    assert rule.__module__ == "ogi.check.rules." + rule.id.lower().replace("-", "_")


def test_select_by_id_group_and_prefix():
    assert [r.id for r in select_rules(["T3-BALANCE"])] == ["T3-BALANCE"]
    assert {r.id for r in select_rules(["timeliness"])} == {
        "D-DATE-WELLFORMED", "D-PERIOD", "D-DEADLINE-DEPT", "D-DEADLINE-GOV", "D-DEADLINE-OTHER",
    }  # fmt: skip
    assert {r.id for r in select_rules(["D-DEADLINE"])} == {
        "D-DEADLINE-DEPT", "D-DEADLINE-GOV", "D-DEADLINE-OTHER",
    }  # fmt: skip
    t4 = {r.id for r in select_rules(["T4"], ignore=["T4-INTEGER"])}
    assert t4 == {"T4-REVIEW-SUM", "T4-DIRECT-SUM", "T4-AFTER-REVIEW-SUM"}
    assert len(select_rules()) == len(all_rules())
    assert "T3-BALANCE" not in {r.id for r in select_rules(ignore=["arithmetic"])}


def test_unknown_selector_is_an_error_that_says_what_exists():
    with pytest.raises(ValueError, match=r"未知的规则或规则组：T9-NOPE.*arithmetic"):
        select_rules(["T9-NOPE"])


def test_config_from_pyproject_and_ogi_toml(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ogi.check]\nselect = ["arithmetic"]\nignore = ["T3-INTEGER"]\n', "utf-8"
    )
    nested = tmp_path / "reports" / "2021"
    nested.mkdir(parents=True)
    assert load_config(nested) == {"select": ["arithmetic"], "ignore": ["T3-INTEGER"]}
    (tmp_path / "reports" / "ogi.toml").write_text('[check]\nignore = "content"\n', "utf-8")
    assert load_config(nested) == {"ignore": ["content"]}


def test_run_checks_reads_config(tmp_path: Path):
    (tmp_path / "ogi.toml").write_text('[check]\nselect = ["S-SECTIONS"]\n', "utf-8")
    report = build({"sections": []})
    found = run_checks([report], config=tmp_path)
    assert {f.rule for f in found} == {"S-SECTIONS"}
    # An explicit selection wins over the file's.
    assert run_checks([report], select=["T3"], config=tmp_path) == []


def test_findings_sorted_errors_first():
    report = build({"edition": "2019", "year": 2021, "texts": {"other_matters": ""}})
    found = run_checks([report], config=False)
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert all(isinstance(f, Finding) and f.file == "case.txt" for f in found)


def test_cross_year_rules_need_the_same_agency():
    a = build({"year": 2021, "file": "a.txt", "cells": {"t3.carried_forward.total": 1}})
    b = build({"year": 2022, "file": "b.txt", "agency": "别的机关"})
    assert run_checks([a, b], select=["cross-year"], config=False) == []
    c = build({"year": 2022, "file": "c.txt", "agency": " 示例县 财政局 "})
    found = run_checks([a, c], select=["T3-CARRY-CHAIN"], config=False)
    assert [(f.file, f.column) for f in found] == [("c.txt", "total")]


def test_a_failing_rule_becomes_an_info_finding(monkeypatch):
    def boom(self, report, ctx):
        raise RuntimeError("坏了")

    monkeypatch.setattr(T3Balance, "check", boom)
    (finding,) = run_checks([build()], select=["T3-BALANCE"], config=False)
    assert finding.severity == "info"
    assert finding.message == "规则 T3-BALANCE 未能运行：RuntimeError: 坏了"


def test_a_lone_string_is_one_selector():
    assert [r.id for r in select_rules("T3-BALANCE")] == ["T3-BALANCE"]


def test_series_grouped_by_title_when_agency_is_unknown():
    title = "示例县财政局{}年度政府信息公开工作年度报告"
    a = build({"year": 2021, "file": "a.txt", "agency": None, "title": title.format(2021)})
    a.cells["t3.carried_forward.total"] = 1
    b = build({"year": 2022, "file": "b.txt", "agency": None, "title": title.format(2022)})
    found = run_checks([a, b], select=["T3-CARRY-CHAIN"], config=False)
    assert [(f.file, f.column) for f in found] == [("b.txt", "total")]
