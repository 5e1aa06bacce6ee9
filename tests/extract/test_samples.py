"""The bundled samples read to the values recorded when they were written."""

from __future__ import annotations

import pytest

from ogi.extract import extract
from tests.shared import SAMPLES, truth

SAMPLE_TRUTH = truth(SAMPLES / "truth.jsonl")


@pytest.mark.parametrize("t", SAMPLE_TRUTH, ids=lambda t: t["file"])
def test_sample_extracts_to_truth(t: dict) -> None:
    r = extract(SAMPLES / t["file"])
    assert r.cells == t["cells"]
    assert r.report_year == t["report_year"]
    assert r.agency == t["agency"]
    assert r.edition == t["edition"]
    assert [s.key for s in r.sections] == [
        "overview",
        "proactive_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]


def test_sample_typo_is_kept_as_printed() -> None:
    r = extract(SAMPLES / "示例镇-2024.md")
    assert r.labels["t3.results.withheld.security_stability"] == "危机“三安全一稳定”"
