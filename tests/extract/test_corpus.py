"""Real published reports: every cell read equals the hand-checked value, and a cell
that is not read is one the report prints ambiguously and `problems` says so."""

from __future__ import annotations

import pytest

from ogi.extract import extract
from tests.shared import SHARED, need_shared, truth

# Cells each report cannot give unambiguously in the form we have, and why. Anything
# else missing or different is a failure.
UNREADABLE = {
    # the crawler ran table 二's cells together; 2019 table 二 has no arithmetic to split
    # them by (truth was read from the HTML page)
    "pingtan-2020.txt": {
        "t2.art20_1.normative_documents": 3,
        "t2.art20_5.licensing": 3,
        "t2.art20_5.other_services": 3,
        "t2.art20_6.penalty": 3,
        "t2.art20_6.coercion": 3,
        "t2.art20_9.central_procurement": 2,
    },
    # the conversion pulled two 表二 cells with notes out of their rows
    "shanghai-gov-office-2025.md": {
        "t2.art20_1.rules": 3,
        "t2.art20_1.normative_documents": 3,
    },
    # printed blank in the conversion; the truth infers 1 from the row sum
    "shanghai-stcsm-2024.md": {"t3.carried_forward.total": 1},
}


def _corpus() -> list[dict]:
    path = SHARED / "corpus" / "truth.jsonl"
    return truth(path) if path.exists() else [{"file": "absent"}]


@pytest.mark.parametrize("t", _corpus(), ids=lambda t: t["file"])
def test_corpus_report(t: dict) -> None:
    shared = need_shared()
    r = extract(shared / "corpus" / t["file"])
    assert r.report_year == t["report_year"]
    assert r.table_editions == t["table_editions"]
    wrong = {k: (v, r.cells[k]) for k, v in t["cells"].items() if k in r.cells and r.cells[k] != v}
    unread = {k for k, v in t["cells"].items() if r.cells.get(k, "absent") != v} - set(wrong)
    allowed = UNREADABLE.get(t["file"], {})
    # values that were read must be right, except printed blanks (None) the truth fills
    assert {k: w for k, w in wrong.items() if w[1] is not None} == {}
    unread |= {k for k, w in wrong.items() if w[1] is None}
    by_row: dict[str, int] = {}
    for k in unread:
        row = next((p for p in allowed if k.startswith(p)), k)
        by_row[row] = by_row.get(row, 0) + 1
    # no cell outside the list is wrong or missing; a listed cell that reads is welcome
    assert {row: n for row, n in by_row.items() if n > allowed.get(row, 0)} == {}
    # every unread row of table 二 is named, with its path, in problems
    for row in by_row:
        if row.startswith("t2."):
            assert any(p.path == row for p in r.problems), row
