"""What a rule reports: one finding per failing cell group, row, column or section."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

# Values shown on both sides of a finding: a number, a short text, or a list of cell paths.
FindingValue = int | float | str | list[int | float | str | None] | None


class Finding(BaseModel):
    rule: str  # stable id from rules.yaml, e.g. "T3-RESULTS-SUM"
    severity: Severity
    file: str = ""
    table: Literal["t2", "t3", "t4"] | None = None
    row: str | None = None  # spec row path, e.g. "results.total"
    column: str | None = None  # spec leaf column key, e.g. "natural_person" or "review.total"
    section: str | None = None  # spec section key, e.g. "other_matters"
    expected: FindingValue = None
    found: FindingValue = None
    message: str  # Chinese, concrete, with the values on both sides
    message_en: str = ""
    hint: str = ""  # Chinese: how to fix

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (
            self.file,
            SEVERITY_ORDER[self.severity],
            self.rule,
            self.row or "",
            self.column or "",
        )
