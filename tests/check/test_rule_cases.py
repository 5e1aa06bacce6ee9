"""Every rule's pass/fail cases from fixtures/<RULE-ID>.yaml (like sqlfluff's
std_rule_cases): a case builds one report (`report`) or one agency's series
(`reports`; `region_parent` declares the batch one region) and lists the findings
that rule must give, in order; keys not listed in an expected finding are not compared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ogi.check import all_rules, run_checks
from tests.check.check_builders import build

FIXTURES = Path(__file__).parent / "fixtures"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert data["rule"] == path.stem, path
        out += [(data["rule"], case) for case in data["cases"]]
    return out


CASES = _load()


@pytest.mark.parametrize(("rule_id", "case"), CASES, ids=[f"{r}: {c['name']}" for r, c in CASES])
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    specs = case["reports"] if "reports" in case else [case.get("report") or {}]
    findings = run_checks(
        [build(s) for s in specs],
        select=[rule_id],
        config=False,
        region_parent=case.get("region_parent"),
    )
    got = [f.model_dump() for f in findings]
    assert all(f["rule"] == rule_id for f in got)
    assert all(f["message"] and f["message_en"] and f["hint"] for f in got)
    want = case["expect"]
    assert [{k: g[k] for k in w} for g, w in zip(got, want, strict=False)] == want, got
    assert len(got) == len(want), got


def test_every_rule_has_failing_and_passing_cases() -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for rule_id, case in CASES:
        by_rule.setdefault(rule_id, []).append(case)
    for rule in all_rules():
        cases = by_rule.get(rule.id, [])
        assert any(c["expect"] for c in cases), f"{rule.id}: no failing case"
        assert any(not c["expect"] for c in cases), f"{rule.id}: no passing case"
