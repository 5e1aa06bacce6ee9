"""What a rule reports: one finding per defect, with enough to point at its place.

A finding names its place with format keys (table, row, column, section) and, for one
cell, the cell path that `Report.origins` is keyed by; for a sentence of the text, the
part's key and the sentence itself, so a page can highlight it. Its `id` is stable
across runs and rounds of correction: it is made of the rule, the report (agency and
year), the place and the values involved, never of the order findings were produced in.
Rounds of correction are compared by id and then by place (`finding_place`, the id
without the values): a defect whose numbers changed but that is still there persists.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel

from ogi import patterns

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# Who acts on a finding: the agency that wrote the report (a defect of the report), or
# whoever runs the check (a doubt about how ogi read the file: the agency cannot act on it).
Audience = Literal["agency", "supervisor"]
# Against a baseline round: found before and still there, or not found before.
Status = Literal["new", "persisting"]
STATUS_ZH: dict[str, str] = {"new": "新增", "persisting": "仍存在", "fixed": "已修正"}
CHANGED_ZH = "（数值有变化）"  # after 仍存在: the same defect, with other values than before


def status_text(f: Finding) -> str:
    """本轮 of a finding against a baseline: 新增, 仍存在 (数值有变化), or empty."""
    if not f.status:
        return ""
    return STATUS_ZH[f.status] + (CHANGED_ZH if f.was else "")


# Values shown on both sides of a finding: a number, a short text, or a list of cell paths.
FindingValue = int | float | str | list[int | float | str | None] | None


class Finding(BaseModel):
    id: str = ""  # stable id, see `finding_id`; filled by the runner
    rule: str  # stable id from rules.yaml, e.g. "T3-RESULTS-SUM"
    severity: Severity
    audience: Audience = "agency"
    file: str = ""
    agency: str | None = None  # the report's agency, as the batch groups reports
    year: int | None = None  # the report's year
    table: Literal["t2", "t3", "t4"] | None = None
    row: str | None = None  # spec row path, e.g. "results.total"
    column: str | None = None  # spec leaf column key, e.g. "natural_person" or "review.total"
    section: str | None = None  # spec section key, e.g. "other_matters"
    cell: str | None = None  # full cell path (key of Report.cells and Report.origins)
    quote: str | None = None  # the sentence of the text the finding is about, as printed
    expected: FindingValue = None
    found: FindingValue = None
    message: str  # Chinese, concrete, with the values on both sides
    message_en: str = ""
    hint: str = ""  # Chinese: how to fix
    status: Status | None = None  # set when checked against a baseline round
    # Against a baseline, a finding still there with other values: the earlier message.
    was: str | None = None

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (
            self.file,
            SEVERITY_ORDER[self.severity],
            self.rule,
            self.row or "",
            self.column or "",
        )


_SPACE = patterns.compile(r"\s+")


def report_identity(agency: str | None, year: int | None, file: str) -> str:
    """One agency-year is one report: the same report checked again, even from another
    file or form, has the same identity. Without an agency or year, the file's name."""
    if agency and year:
        return f"{_SPACE.sub('', agency)}|{year}"
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def finding_id(f: Finding) -> str:
    """Rule + report + place + values, hashed: the same defect in the same report gets the
    same id in every run and every round."""
    parts = [*_place(f, _SPACE.sub("", f.quote or "")), f.expected, f.found]
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return f.rule + "-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]


def _place(f: Finding, quote: str) -> list[object]:
    """Rule, report and place of a finding, with the quoted sentence as given."""
    return [
        f.rule,
        report_identity(f.agency, f.year, f.file),
        f.table,
        f.row,
        f.column,
        f.section,
        f.cell,
        quote,
    ]


_NUMBER = patterns.compile(r"\d+(?:\.\d+)?")


def finding_place(f: Finding) -> str:
    """Rule + report + place, without the values: what a later round's finding must share
    with an earlier one to be the same defect still there (表四 行政复议 总计 2 → 3, still
    not the sum of its parts). A quoted sentence is the place of a text finding; its
    numbers are values, so they do not count."""
    parts = _place(f, _NUMBER.sub("#", _SPACE.sub("", f.quote or "")))
    return json.dumps(parts, ensure_ascii=False)


def assign_ids(findings: list[Finding]) -> None:
    """Give each finding its stable id; two findings alike in every part that counts get
    a suffix in their (sorted, hence stable) order."""
    seen: dict[str, int] = {}
    for f in findings:
        base = finding_id(f)
        n = seen.get(base, 0)
        seen[base] = n + 1
        f.id = base if n == 0 else f"{base}.{n + 1}"
