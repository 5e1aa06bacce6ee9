"""`ogi check`: rules derived from the national format, one module per rule.

from ogi.check import run_checks
findings = run_checks(reports, select=["arithmetic"], ignore=["T3-INTEGER"])
"""

from ogi.check.finding import Finding, Severity
from ogi.check.registry import Context, Rule, all_rules, load_config, run_checks, select_rules

__all__ = [
    "Context",
    "Finding",
    "Rule",
    "Severity",
    "all_rules",
    "load_config",
    "run_checks",
    "select_rules",
]
