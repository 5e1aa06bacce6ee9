"""Ingest's writer takes the cross-year findings of a year's older source from the year's
newest source when what the rules keep of the two is alike; the findings must be those
that running the rules over the older source's own group gives."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ogi.check.registry import KeptSource
from ogi.extract import extract
from ogi.services.ingest_prepare import prepare
from ogi.services.ingest_rows import _cross, _cross_of_agency, _Member, finding_row, year_groups
from tests.corpus.corpus_files import TEXT_SAMPLES
from tests.shared import SAMPLES


def _members() -> list[_Member]:
    """Sources of two years of one agency, in the order stored: 2023 as printed (1), then
    twice with its carried-forward total misread (5, 7); 2024 as text, Markdown and a web
    page (2, 3, 4), once with its carried-over total misread (6), then again as a web page
    (8). The newest of each year are 7 and 8; 5 is alike 7, and 3, 4 alike 8."""
    bundles = [prepare(extract(SAMPLES / name)) for name in TEXT_SAMPLES]
    by_name = dict(zip(TEXT_SAMPLES, bundles, strict=True))
    kept = {
        1: by_name["示例镇-2023.txt"]["kept"],
        2: by_name["示例镇-2024.txt"]["kept"],
        3: by_name["示例镇-2024.md"]["kept"],
        4: by_name["示例镇-2024.html"]["kept"],
    }
    old, late = kept[1], kept[4]
    misread = {**old.cells, "t3.carried_forward.total": old.cells["t3.carried_forward.total"] + 7}
    kept[5] = kept[7] = replace(old, cells=misread)
    kept[6] = replace(late, cells={**late.cells, "t3.carried_over.total": 99})
    kept[8] = late
    members = []
    for rid, k in sorted(kept.items()):
        k = replace(k, source=KeptSource(f"#{rid}"))
        members.append(_Member(rid, k.report_year, f"sha{rid}", k, []))
    return members


def _rows(found: dict[int, list[Any]]) -> dict[int, list[dict[str, Any]]]:
    return {rid: [finding_row(rid, f) for f in fs] for rid, fs in sorted(found.items())}


def test_older_sources_alike_get_the_findings_of_their_own_group(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ogi.services import ingest_rows

    members = _members()
    by_id = {m.rid: m for m in members}
    every_group: dict[int, list[Any]] = {}
    groups = list(year_groups([(m.rid, m.year, m.sha) for m in members]))
    for group, only in groups:
        found = _cross([by_id[i].kept for i in group])
        if only is None:
            every_group.update(found)
        else:
            every_group[only] = found.get(only, [])
    runs: list[int] = []
    monkeypatch.setattr(ingest_rows, "_cross", lambda kept: runs.append(1) or _cross(kept))
    got = _rows(_cross_of_agency(members))
    assert got == _rows(every_group)
    # the rules ran over the newest sources, and again only for those unlike their year's
    # newest: 1, 6, and 2 (the sample's text reads one cell otherwise than its web page)
    assert (len(groups), len(runs)) == (7, 4)
    assert [f["rule"] for f in got[6]] == ["T3-CARRY-CHAIN"]
    assert [f["rule"] for f in got[8]] == ["T3-CARRY-CHAIN"]
    assert got[3] == [{**f, "report_id": 3} for f in got[8]]
    assert got[4] == [{**f, "report_id": 4} for f in got[8]]
    assert got[6][0]["fid"] != got[8][0]["fid"]
