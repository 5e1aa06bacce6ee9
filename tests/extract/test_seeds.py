"""The five seed reports read exactly as their hand-checked values."""

from __future__ import annotations

import pytest

from ogi.extract import extract
from tests.shared import need_shared, truth

# Seeds whose only date is the one printed under the signature at the end.
SIGNED = {"003": "2021-01-26"}


def _seed_truth() -> list[dict]:
    try:
        return truth(need_shared() / "seeds" / "truth.jsonl")
    except BaseException:  # skipped at collection: let the test itself skip
        return [{"file": "absent"}]


@pytest.mark.parametrize("t", _seed_truth(), ids=lambda t: t["file"][:3])
def test_seed_extracts_to_truth(t: dict) -> None:
    shared = need_shared()
    r = extract(shared / "seeds" / t["file"])
    wrong = {
        k: (v, r.cells.get(k, "absent"))
        for k, v in t["cells"].items()
        if r.cells.get(k, "absent") != v
    }
    assert wrong == {}
    assert set(r.cells) == set(t["cells"])
    assert r.report_year == t["report_year"]
    assert r.edition == t["edition"]
    assert r.table_editions == t["table_editions"]
    names = {t["agency"], *t.get("agency_aliases", [])}
    assert r.agency in names
    # without a date in the page's metadata, the date under the signature
    assert r.published == (t.get("published") or SIGNED.get(t["file"][:3]))
    for key, value in (t.get("metadata") or {}).items():
        assert r.metadata[key] == value


def test_seed_sections() -> None:
    shared = need_shared()
    r = extract(shared / "seeds" / "001_0f4bbbd48f5ebef3.txt")
    assert [(s.key, s.ordinal) for s in r.sections] == [
        ("overview", "一、"),
        (None, "二、"),
        ("proactive_disclosure", "三、"),
        ("applications", "四、"),
        ("review_litigation", "五、"),
        ("problems_improvements", "六、"),
    ]
    r = extract(shared / "seeds" / "003_d6f47a2b38dcf6cb.txt")
    assert [s.ordinal for s in r.sections] == ["1、", "二、", "三、", "四、", "5、", "六、"]
    assert r.section("other_matters").text == "无。\n沈阳市辽中区于家房镇人民政府\n2021年1月26日"


def test_seed_labels_as_printed() -> None:
    r = extract(need_shared() / "seeds" / "003_d6f47a2b38dcf6cb.txt")
    assert r.labels["t3.results.withheld.security_stability"] == "危机“三安全一稳定”"
    assert r.labels["t3.results.withheld.enforcement_files"] == "属于行政法案卷"
    assert r.labels["t3.results.unable.needs_creation"] == "没有现成信息需另行制作"
