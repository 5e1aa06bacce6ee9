"""The batch's memory on disk hands the cross-report rules the same groups, in the same
order, as the list in memory, and the cross-report findings in `Finding.sort_key` order."""

from __future__ import annotations

from ogi.check.finding import Finding
from ogi.check.registry import KeptList, KeptReport, KeptSource
from ogi.services.check_spool import CheckSpool


def kept(agency: str | None, year: int, path: str) -> KeptReport:
    return KeptReport(
        source=KeptSource(path),
        report_year=year,
        agency=agency,
        title=None,
        edition="2021",
        table_editions={"t2": "2021", "t3": "2021"},
        cells={"t3.carried_over.total": year},
    )


# agencies first seen in the order 教育局, 财政局, 县政府; two reports of one year
ARRIVALS = [
    kept("示例县教育局", 2023, "a"),
    kept("示例县财政局", 2022, "b"),
    kept("示例县教育局", 2021, "c"),
    kept(None, 2022, "d"),  # no agency (nor title): in no series, in its year's region
    kept("示例县人民政府", 2022, "e"),
    kept("示例县财政局", 2021, "f"),
    kept("示例县教育局", 2023, "g"),
]


def paths(groups) -> list[list[str]]:
    return [[r.source.path for r in g] for g in groups]


def test_groups_as_the_list_in_memory_gives_them() -> None:
    in_memory = KeptList(ARRIVALS)
    for on_disk in (True, False):
        spool = CheckSpool(on_disk=on_disk)
        for r in ARRIVALS:
            spool.append(r)
        assert (
            paths(spool.by_agency())
            == paths(in_memory.by_agency())
            == [
                ["c", "a", "g"],
                ["f", "b"],
                ["e"],
            ]
        )
        assert (
            paths(spool.by_year())
            == paths(in_memory.by_year())
            == [
                ["a", "g"],
                ["b", "d", "e"],
                ["c", "f"],
            ]
        )
        assert next(spool.by_agency())[0] == ARRIVALS[2]
        spool.close()


def test_duplicates_are_found_by_identity_and_tables_and_by_bytes() -> None:
    spool = CheckSpool()
    spool.add_seen("示例县财政局|2021", "abc", "财政局.html", "t1")
    spool.add_seen("示例县财政局|2022", None, "财政局-2022.txt", "t2")
    spool.add_seen("示例县财政局|2021", "def", "财政局-改.txt", "t3")
    assert spool.path_with_tables("示例县财政局|2021", "t1") == "财政局.html"
    assert spool.path_with_tables("示例县财政局|2021", "t3") == "财政局-改.txt"
    assert spool.path_with_tables("示例县财政局|2021", "t2") is None
    assert spool.path_with_sha("abc") == "财政局.html"
    assert spool.path_with_tables("示例县教育局|2021", "t1") is None
    assert spool.has_path("财政局-2022.txt") and not spool.has_path("财政局.pdf")
    spool.close()


def test_late_findings_come_back_sorted_as_python_sorts_them() -> None:
    def f(file: str, severity: str, rule: str, row: str | None = None) -> Finding:
        return Finding(file=file, severity=severity, rule=rule, row=row, message="")

    findings = [
        f("教育局.txt", "warning", "T3-CARRY-CHAIN"),
        f("財政局.txt", "error", "T3-CARRY-CHAIN"),  # a traditional character sorts after
        f("教育局.txt", "error", "T3-YEAR-JUMP", "new_received"),
        f("教育局.txt", "error", "T3-YEAR-JUMP"),
        f("Ｂ.txt", "info", "C-COPIED-TEXT"),  # full-width letter: beyond the CJK block
        f("a.txt", "warning", "C-COPIED-TEXT"),
        f("教育局.txt", "error", "T3-YEAR-JUMP"),  # equal key: stays after its twin
    ]
    for n, x in enumerate(findings):
        x.message = str(n)  # which one is which
    spool = CheckSpool()
    for x in findings:
        spool.add_late(x)
    got = list(spool.late())
    assert [x.message for x in got] == [x.message for x in sorted(findings, key=Finding.sort_key)]
    assert [x.file for x in got] == [
        "a.txt",
        "教育局.txt",
        "教育局.txt",
        "教育局.txt",
        "教育局.txt",
        "財政局.txt",
        "Ｂ.txt",
    ]
    spool.close()
