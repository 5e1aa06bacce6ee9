"""`ogi.services.check`: a batch checked as a stream, one agency-year one report, rounds
of correction against a baseline, and the workbook an agency receives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ogi.check import run_checks
from ogi.check.finding import Finding, finding_id, finding_place, status_text
from ogi.check.registry import region_of
from ogi.services.check import (
    Baseline,
    check_files,
    check_reports,
    compare_rounds,
    findings_jsonl,
    write_workbook,
    write_workbooks_by_agency,
)
from tests.check.check_builders import EDU, FINANCE, LAND, REVIEW_DEFECT, build, write_reports

DIRECT_DEFECT = {"t4.litigation.direct.upheld": 3, "t4.litigation.direct.total": 0}
# S-SECTION-NUMBERING (warning), not touched between the rounds
ARABIC = {
    "sections": [
        ["overview", "1、", "总体情况", "本机关认真贯彻落实《条例》。"],
        ["proactive_disclosure", "2、", "主动公开政府信息情况", ""],
        ["applications", "3、", "收到和处理政府信息公开申请情况", ""],
        ["review_litigation", "4、", "政府信息公开行政复议、行政诉讼情况", ""],
        [
            "problems_improvements",
            "5、",
            "存在的主要问题及改进情况",
            "问题是宣传不够。下一步将加强宣传。",
        ],
        ["other_matters", "6、", "其他需要报告的事项", "本年度未收取信息处理费。"],
    ]
}


def test_finding_ids_are_stable_and_name_the_defect_not_the_run() -> None:
    a = run_checks([build({**FINANCE, "cells": REVIEW_DEFECT})], config=False)
    b = run_checks(
        [build({**EDU}), build({**FINANCE, "file": "改名后.docx", "cells": REVIEW_DEFECT})],
        config=False,
    )
    (fa,) = [f for f in a if f.rule == "T4-REVIEW-SUM"]
    (fb,) = [f for f in b if f.rule == "T4-REVIEW-SUM"]
    # Same agency-year, same place and values: same id, whatever the file or the order.
    assert fa.id == fb.id == finding_id(fa)
    assert fa.id.startswith("T4-REVIEW-SUM-")
    other_values = run_checks(
        [build({**FINANCE, "cells": {"t4.review.upheld": 5, "t4.review.total": 1}})],
        config=False,
    )
    assert [f.id for f in other_values if f.rule == "T4-REVIEW-SUM"] != [fa.id]
    assert (fa.agency, fa.year, fa.cell, fa.audience) == (
        "示例县财政局",
        2021,
        "t4.review.total",
        "agency",
    )


def test_round_trip_one_fixed_one_new_rest_persisting(tmp_path: Path) -> None:
    round1 = [
        build({**FINANCE, "cells": REVIEW_DEFECT}),
        build({**LAND, **ARABIC}),
        build({**EDU}),
    ]
    write_reports(tmp_path / "r1", round1)
    first = check_files([tmp_path / "r1"], config=False)
    assert len(first.reports) == 3 and not first.compared
    baseline_file = tmp_path / "round1.jsonl"
    baseline_file.write_text("\n".join(findings_jsonl(first.findings)) + "\n", encoding="utf-8")
    before = {f.id for f in first.findings}
    assert any(f.rule == "T4-REVIEW-SUM" for f in first.findings)

    # Round 2: 财政局 fixes its table 四, 教育局 adds a defect, 自然资源局 changes nothing.
    round2 = [build({**FINANCE}), build({**LAND, **ARABIC}), build({**EDU, "cells": DIRECT_DEFECT})]
    write_reports(tmp_path / "r2", round2)
    second = check_files([tmp_path / "r2"], config=False, baseline=Baseline.load(baseline_file))
    assert second.counts() == {"new": 1, "persisting": len(before) - 1, "fixed": 1}
    (fixed,) = second.fixed
    assert (fixed.rule, fixed.agency, fixed.status) == ("T4-REVIEW-SUM", "示例县财政局", "fixed")
    (new,) = [f for f in second.findings if f.status == "new"]
    assert (new.rule, new.agency) == ("T4-DIRECT-SUM", "示例县教育局")
    assert {f.id for f in second.findings if f.status == "persisting"} == before - {fixed.id}
    assert "与上一轮相比：新增 1 条，仍存在" in second.rounds_text()
    land = next(r for r in second.reports if r.agency == "示例县自然资源局")
    assert land.status_counts["persisting"] >= 1 and not land.status_counts["new"]


def test_a_report_not_checked_again_has_nothing_fixed(tmp_path: Path) -> None:
    first = check_reports([build({**FINANCE, "cells": REVIEW_DEFECT})], config=False)
    second = check_reports([build({**EDU})], config=False, baseline=Baseline(first.findings))
    assert second.counts() == {"new": 0, "persisting": 0, "fixed": 0}


def test_one_agency_year_is_one_report_and_duplicates_are_named_once(tmp_path: Path) -> None:
    html = build({**FINANCE, "file": "财政局.html", "cells": REVIEW_DEFECT})
    pdf = build({**FINANCE, "file": "财政局.pdf", "cells": REVIEW_DEFECT})
    r2020 = build({**FINANCE, "file": "财政局-2022.txt", "year": 2022})
    result = check_reports([html, pdf, r2020], config=False)
    assert [r.path for r in result.reports] == ["财政局.html", "财政局-2022.txt"]
    (dup,) = result.duplicates
    assert (dup.path, dup.same_as) == ("财政局.pdf", "财政局.html")
    assert (
        dup.message
        == "与 财政局.html 同为示例县财政局2021年度报告，按一份报告核查，本文件未重复核查"
    )
    # Only the one checked copy's findings, once.
    assert [f.file for f in result.findings if f.rule == "T4-REVIEW-SUM"] == ["财政局.html"]


def test_two_versions_of_one_report_are_both_checked_and_their_differences_named() -> None:
    # The same agency-year from two files whose tables differ: each file's own error is
    # found whichever comes first, and the later one is told where the two differ.
    wrong = {"t4.review.upheld": 2, "t4.review.total": 1}  # 1 ≠ 2 + 0 + 0 + 0
    sent = build({**FINANCE, "file": "财政局-送审稿.html", "cells": wrong})
    right = {"t4.review.upheld": 2, "t4.review.total": 2}
    fixed = build({**FINANCE, "file": "财政局-修改稿.html", "cells": right})
    for first, second in ((sent, fixed), (fixed, sent)):
        result = check_reports([first, second], config=False)
        assert result.duplicates == []
        assert [r.path for r in result.reports] == [first.source.path, second.source.path]
        assert [f.file for f in result.findings if f.rule == "T4-REVIEW-SUM"] == [
            "财政局-送审稿.html"
        ]
        (differ,) = [f for f in result.findings if f.rule == "X-SOURCES-DIFFER"]
        assert (differ.file, differ.severity, differ.cell) == (
            second.source.path,
            "warning",
            "t4.review.total",
        )
        assert differ.message == (
            f"同一机关同一年度另有一份表格读数不同的报告 {first.source.path}，两份都已核查："
            f"表四 行政复议 总计 为 {second.cells['t4.review.total']}"
            f"（另一份为 {first.cells['t4.review.total']}）"
        )
    # Tables that read the same (another form of one report): one check, no finding.
    again = build({**FINANCE, "file": "财政局.pdf", "cells": right})
    result = check_reports([fixed, again], config=False)
    assert [d.path for d in result.duplicates] == ["财政局.pdf"]
    assert not [f for f in result.findings if f.rule == "X-SOURCES-DIFFER"]


def test_a_version_that_differs_is_named_once_for_each_other_reading() -> None:
    base = {**FINANCE, "cells": {"t3.new_received.natural_person": 1}}
    a = build({**base, "file": "a.html", "cells": {"t2.art20_5.licensing.decisions": 4}})
    b = build(
        {
            **base,
            "file": "b.txt",
            "cells": {"t2.art20_5.licensing.decisions": 4},
            "labels": {"t3.results.granted": "予以公开"},
        }
    )
    c = build({**base, "file": "c.docx", "cells": {"t2.art20_5.licensing.decisions": 5}})
    result = check_reports([a, b, c], select=["X-SOURCES-DIFFER"], config=False)
    # b reads as a does in every cell: only its label differs, so it is checked (not the
    # same tables) but has no cell to name; c differs from the one reading of a and b
    assert [(f.file, f.found, f.expected) for f in result.findings] == [("c.docx", 5, 4)]
    assert result.findings[0].message.endswith(
        "：表二 第二十条第（五）项 行政许可 本年处理决定数量 为 5（另一份为 4）"
    )


def test_duplicates_do_not_disable_the_cross_year_rules() -> None:
    a = build({**FINANCE, "year": 2021, "cells": {"t3.carried_forward.total": 2}})
    a_copy = build(
        {
            **FINANCE,
            "file": "财政局-副本.txt",
            "year": 2021,
            "cells": {"t3.carried_forward.total": 2},
        }
    )
    b = build({**FINANCE, "file": "财政局-2022.txt", "year": 2022})
    result = check_reports([a, a_copy, b], select=["T3-CARRY-CHAIN"], config=False)
    assert [(f.rule, f.column, f.expected, f.found) for f in result.findings] == [
        ("T3-CARRY-CHAIN", "total", 2, 0)
    ]


def test_streaming_keeps_counts_not_findings() -> None:
    seen: list[str] = []
    result = check_reports(
        (
            build(
                {
                    **FINANCE,
                    "file": f"f{i}.txt",
                    "agency": f"示例县第{i}局",
                    "cells": REVIEW_DEFECT if i == 2 else {},
                }
            )
            for i in range(5)
        ),
        config=False,
        keep_findings=False,
        on_checked=lambda e: seen.append(e.summary.path),
    )
    assert seen == [f"f{i}.txt" for i in range(5)]
    # nothing of the reports is held: the count and the totals only
    assert result.findings == [] and result.reports == [] and result.checked == 5
    assert result.totals == {"error": 1}
    # The checker keeps of each report only what the cross-report rules read.
    from ogi.check.registry import Checker, chosen_rules

    checker = Checker(chosen_rules(config=False))
    checker.check(build({**FINANCE}))
    (kept,) = checker.kept
    assert "t3.results.granted.total" not in kept.cells
    assert {"t3.carried_over.total", "t2.art20_1.rules.in_force"} <= set(kept.cells)
    assert len(kept.cells) < len(build({**FINANCE}).cells) / 5
    assert kept.table_editions == {"t2": "2021", "t3": "2021"}
    from ogi.check.rules._common import prose

    assert prose(kept) == prose(build({**FINANCE})) != ""


def test_folder_of_ogi_json_is_checked_and_foreign_json_skipped(tmp_path: Path) -> None:
    write_reports(tmp_path, [build({**FINANCE, "cells": REVIEW_DEFECT})])
    (tmp_path / "truth.jsonl").write_text('{"file": "x"}\n', encoding="utf-8")
    result = check_files([tmp_path], config=False)
    assert [r.agency for r in result.reports] == ["示例县财政局"]
    assert result.skipped == [str(tmp_path / "truth.jsonl")]
    assert result.has_errors


def test_baseline_that_is_not_findings_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "round1.jsonl"
    bad.write_text('{"a": 1}\n', encoding="utf-8")
    with pytest.raises(ValueError) as e:
        Baseline.load(bad)
    assert str(e.value) == (
        f"{bad} 第 1 行：不是 ogi check 的核查结果（应为 ogi check -f json 的输出）"
    )


# -- the workbook ----------------------------------------------------------------------
def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_workbook_speaks_the_format_and_prints_on_a4_landscape(tmp_path: Path) -> None:
    first = check_reports(
        [build({**FINANCE, "cells": REVIEW_DEFECT}), build({**EDU})], config=False
    )
    result = check_reports(
        [
            build({**FINANCE, "cells": {"t3.results.total.natural_person": 3}}),
            build({**EDU, "problems": [{"where": "表二 规章", "message": "数字连在一起"}]}),
        ],
        config=False,
        baseline=Baseline(first.findings),
    )
    path = write_workbook(tmp_path / "核查意见.xlsx", result)
    wb = load_workbook(path)
    assert wb.sheetnames == ["问题清单", "报告汇总", "已修正", "读取疑点"]
    ws = wb["问题清单"]
    rows = _rows(ws)
    assert rows[0][0] == (
        "政府信息公开工作年度报告核查意见（共 2 份报告）\n"
        "错误 3 条，警告 0 条，提示 0 条；与上一轮相比：新增 3 条，仍存在 0 条，已修正 1 条"
    )
    head = rows[1]
    assert head == (
        "序号", "机关", "年度", "严重程度", "本轮", "表格或部分", "行", "列",
        "应为", "实为", "问题说明", "修改建议", "规则",
    )  # fmt: skip
    body = [dict(zip(head, r, strict=True)) for r in rows[2:]]
    sums = [b for b in body if b["规则"] == "T3-RESULTS-SUM"]
    assert [(b["表格或部分"], b["行"], b["列"], b["应为"], b["实为"], b["本轮"]) for b in sums] == [
        ("表三", "（七）总计", "自然人", "0", "3", "新增")
    ]
    every = " ".join(str(v) for r in rows for v in r if v is not None)
    for key in ("results.total", "natural_person", "review.total", "t3.", "t4."):
        assert key not in every
    # Print setup a clerk can use: A4 landscape, one page wide, header row on every page.
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$2:$2"
    assert ws.cell(3, 11).alignment.wrap_text
    fixed = _rows(wb["已修正"])
    assert fixed[2][:4] == ("示例县财政局", 2021, "错误", "表四")
    assert fixed[2][5] == "行政复议 总计"
    summary = {r[0]: r for r in _rows(wb["报告汇总"])[2:]}
    assert summary["示例县财政局"][-4:] == (3, 0, 1, "需修改")
    assert summary["示例县教育局"][-1] == "通过"
    doubts = _rows(wb["读取疑点"])
    assert (
        "教育局.txt",
        "示例县教育局",
        2021,
        "表二 规章",
        "数字连在一起",
        "对照原文核对",
    ) in doubts


def test_workbook_with_a_supervisors_decisions(tmp_path: Path) -> None:
    """The same workbook, sent after a supervisor's review: a dismissed finding is left
    out (and out of the counts), a comment is shown in 审核意见."""
    import io

    result = check_reports(
        [build({**FINANCE, "cells": {**REVIEW_DEFECT, "t3.results.total.natural_person": 3}})],
        config=False,
    )
    ids = {f.rule: f.id for f in result.findings}
    assert sorted(ids) == ["T3-BALANCE", "T3-RESULTS-SUM", "T3-TOTAL-COLUMN", "T4-REVIEW-SUM"]
    decisions = {
        ids["T4-REVIEW-SUM"]: ("dismissed", "复议案件另有说明"),
        ids["T3-RESULTS-SUM"]: ("confirmed", "请核对总计"),
    }
    buf = io.BytesIO()
    write_workbook(buf, result, decisions=decisions)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    rows = _rows(wb["问题清单"])
    assert rows[0][0] == (
        "示例县财政局2021年度政府信息公开工作年度报告核查意见\n错误 3 条，警告 0 条，提示 0 条"
    )
    head = rows[1]
    assert head[-3:] == ("修改建议", "审核意见", "规则")
    body = {r[-1]: r[-2] for r in rows[2:]}
    assert body == {
        "T3-BALANCE": None,
        "T3-RESULTS-SUM": "已确认。请核对总计",
        "T3-TOTAL-COLUMN": None,
    }
    assert "复议案件另有说明" not in str(rows)
    assert _rows(wb["报告汇总"])[2][4:] == (3, 0, 0, "需修改")
    # The result itself is untouched: the terminal and JSON still list every finding.
    assert len(result.findings) == 4 and result.totals["error"] == 4
    # Without decisions there is no 审核意见 column.
    plain = load_workbook(write_workbook(tmp_path / "x.xlsx", result))  # type: ignore[arg-type]
    assert "审核意见" not in _rows(plain["问题清单"])[1]


def _t4(total: int, upheld: int = 1, **spec: object) -> Finding:
    """The one finding of 示例镇人民政府's table 四 when 行政复议 总计 is not the sum."""
    cells = {"t4.review.upheld": upheld, "t4.review.total": total}
    report = build({"agency": "示例镇人民政府", "file": "示例镇.txt", "cells": cells, **spec})
    (f,) = check_reports([report], config=False).findings
    return f


def test_rounds_compared_by_stable_id() -> None:
    """One comparison for `ogi check --baseline` and a batch page's rounds."""
    two, three, fixed_now = _t4(2), _t4(3), _t4(2, upheld=0)
    assert two.id != three.id  # the values are part of the id
    diff = compare_rounds([two], [two])
    assert (diff.fixed, diff.persisting, diff.new, diff.changed) == ([], [two.id], [], {})
    # 总计 2 → 3, still not the sum: the same defect, still there
    diff = compare_rounds([two], [three])
    assert (diff.fixed, diff.persisting, diff.new) == ([], [three.id], [])
    assert diff.changed == {three.id: two.id}
    assert [diff.status(x) for x in (two.id, three.id)] == ["fixed", "persisting"]
    # 行政复议 总计 right now, 结果维持 wrong: another place, so fixed + new
    (other,) = check_reports(
        [build({"agency": "示例镇人民政府", "file": "示例镇.txt", "cells": DIRECT_DEFECT})],
        config=False,
    ).findings
    diff = compare_rounds([two], [other])
    assert (diff.fixed, diff.persisting, diff.new) == ([two.id], [], [other.id])
    assert fixed_now.rule == "T4-REVIEW-SUM"


def test_baseline_marks_a_changed_value_persisting_with_the_earlier_message() -> None:
    first = [_t4(2)]
    report = build(
        {"agency": "示例镇人民政府", "file": "示例镇-修改稿.html", "cells": {"t4.review.total": 3,
         "t4.review.upheld": 1}}
    )  # fmt: skip
    second = check_reports([report], config=False, baseline=Baseline(first))
    (f,) = second.findings
    assert (f.status, status_text(f)) == ("persisting", "仍存在（数值有变化）")
    assert f.message == (
        "表四 行政复议 总计 = 3，但结果维持、结果纠正、其他结果、尚未审结之和 = 1（结果维持 1）"
    )
    assert f.was == (
        "表四 行政复议 总计 = 2，但结果维持、结果纠正、其他结果、尚未审结之和 = 1（结果维持 1）"
    )
    assert second.counts() == {"new": 0, "persisting": 1, "fixed": 0}
    # the same values: persisting, nothing to say of a change
    (same,) = check_reports([report], config=False, baseline=Baseline(second.findings)).findings
    assert (same.status, same.was, status_text(same)) == ("persisting", None, "仍存在")


def test_a_baseline_of_an_older_version_is_matched_by_place() -> None:
    """A line written by an earlier ogi (no `was`, an id of another making) still meets
    its finding: by id when it is the same, else by rule, report and place."""
    old = _t4(2).model_dump(exclude={"was"})
    old["id"] = "T4-REVIEW-SUM-0123456789"
    base = Baseline.load_lines([json.dumps(old, ensure_ascii=False)])
    second = check_reports(
        [build({"agency": "示例镇人民政府", "file": "示例镇.txt", "cells": REVIEW_DEFECT})],
        config=False,
        baseline=base,
    )
    assert second.counts() == {"new": 0, "persisting": 1, "fixed": 0}


def test_a_sentence_quoted_with_other_numbers_is_the_same_place() -> None:
    a = Finding(
        rule="C-TEXT-TABLE",
        severity="error",
        agency="示例镇人民政府",
        year=2024,
        section="applications",
        quote="本年度新收政府信息公开申请15件。",
        message="a",
    )
    b = a.model_copy(update={"quote": "本年度新收政府信息公开申请 16 件。", "message": "b"})
    c = a.model_copy(update={"quote": "上年结转5件。", "message": "c"})
    assert finding_place(a) == finding_place(b) != finding_place(c)  # fmt: skip


def test_baseline_fixed_only_of_rules_run_and_reports_checked() -> None:
    first = check_reports([build({**FINANCE, "cells": REVIEW_DEFECT})], config=False)
    base = Baseline(first.findings)
    (only,) = first.findings
    fixed = base.fixed(set(), {"示例县财政局|2021"}, ["T4-REVIEW-SUM"])
    assert [(f.rule, f.status) for f in fixed] == [("T4-REVIEW-SUM", "fixed")]
    assert base.fixed(set(), {"示例县教育局|2021"}, ["T4-REVIEW-SUM"]) == []
    assert base.fixed(set(), {"示例县财政局|2021"}, ["T3-BALANCE"]) == []
    assert base.fixed({only.id}, {"示例县财政局|2021"}, ["T4-REVIEW-SUM"]) == []
    doubt = only.model_copy(update={"id": "S-TABLES-PRESENT-0000000000", "audience": "supervisor"})
    both = Baseline([only, doubt]).fixed(set(), {"示例县财政局|2021"}, ["T4-REVIEW-SUM"])
    assert [f.id for f in both] == [only.id]


def test_rules_not_run_in_this_round_are_neither_fixed_nor_new() -> None:
    round1 = build({**FINANCE, **ARABIC, "cells": REVIEW_DEFECT})
    first = check_reports([round1], config=False)
    assert {f.rule for f in first.findings} == {
        "T4-REVIEW-SUM",
        "S-SECTION-NUMBERING",
        "C-OVERVIEW-TOPICS",
    }
    base = Baseline(first.findings)
    only = check_reports([round1], config=False, select=["T4-REVIEW-SUM"], baseline=base)
    assert only.counts() == {"new": 0, "persisting": 1, "fixed": 0}
    ignored = check_reports([round1], config=False, ignore=["T4-REVIEW-SUM"], baseline=base)
    assert ignored.counts() == {"new": 0, "persisting": 2, "fixed": 0}
    assert ignored.fixed == []


def test_split_by_agency_leaves_the_doubts_to_the_supervisor(tmp_path: Path) -> None:
    result = check_reports(
        [
            build({**FINANCE, "cells": REVIEW_DEFECT}),
            build({**EDU, "problems": [{"where": "表三", "message": "行标签错位"}]}),
        ],
        config=False,
    )
    written = write_workbooks_by_agency(tmp_path / "分发", result)
    assert sorted(p.name for p in written) == sorted(
        ["示例县财政局.xlsx", "示例县教育局.xlsx", "读取疑点（审核人员）.xlsx"]
    )
    finance = load_workbook(tmp_path / "分发" / "示例县财政局.xlsx")
    assert finance.sheetnames == ["问题清单", "报告汇总"]
    rules = {r[-1] for r in _rows(finance["问题清单"])[2:]}
    assert "T4-REVIEW-SUM" in rules
    agencies = {r[1] for r in _rows(finance["问题清单"])[2:]}
    assert agencies == {"示例县财政局"}
    doubts = _rows(load_workbook(tmp_path / "分发" / "读取疑点（审核人员）.xlsx")["读取疑点"])
    assert any(r[4] == "行标签错位" for r in doubts)


def test_jsonl_round_trips_through_baseline() -> None:
    result = check_reports([build({**FINANCE, "cells": REVIEW_DEFECT})], config=False)
    lines = list(findings_jsonl(result.findings))
    assert [json.loads(x)["id"] for x in lines] == [f.id for f in result.findings]
    assert set(Baseline.load_lines(lines).by_id) == {f.id for f in result.findings}


def test_check_one_points_at_cells_and_sentences() -> None:
    from ogi.services.check import check_one

    report = build(
        {
            **FINANCE,
            "cells": REVIEW_DEFECT,
            "texts": {"overview": "全年共收到政府信息公开申请57件，其中自然人申请20件，占35.2%。"},
        }
    )
    found = {f.rule: f for f in check_one(report)}
    assert found["T4-REVIEW-SUM"].cell == "t4.review.total"
    text = found["C-TEXT-TABLE"]
    assert (text.section, text.quote, text.audience) == (
        "overview",
        "全年共收到政府信息公开申请57件，其中自然人申请20件，占35.2%",
        "agency",
    )
    assert text.quote in report.sections[0].text


def test_region_parent_is_a_government_and_the_batch_is_told_what_was_not_compared() -> None:
    county = build({"agency": "示例县人民政府", "file": "县政府.txt"})
    finance = build({"agency": "示例县财政局", "file": "财政局.txt"})
    neighbour = build({"agency": "邻县财政局", "file": "邻县财政局.txt"})
    with pytest.raises(ValueError) as e:
        check_reports([county, finance], config=False, region_parent="示例县财政局")
    assert str(e.value) == (
        "--region-parent 示例县财政局：不是人民政府的名称。地区汇总核对以区县（或市、乡镇）"
        "人民政府的报告与同批本地区各机关报告之和比较，请填写人民政府名称，如 示例县人民政府"
    )
    absent = check_reports([finance], config=False, region_parent="示例县人民政府")
    assert absent.notes == [
        "本批报告中没有 示例县人民政府 的报告（--region-parent），未作地区汇总核对；"
        "请核对机关名称是否与报告所署一致"
    ]
    mixed = check_reports(
        [county, finance, neighbour], config=False, region_parent="示例县人民政府"
    )
    assert mixed.notes == ["邻县财政局 不属于示例县，未计入 示例县人民政府 2021年度的地区汇总核对"]
    whole = check_reports([county, finance], config=False, region_parent="示例县")
    assert whole.notes == []


def test_region_members_placed_by_the_division_they_name() -> None:
    """Real places: the agencies module places 淮安市洪泽区财政局 in 洪泽区, not 淮安市财政局
    nor a body of another district."""
    region = region_of("洪泽区人民政府")
    assert region.name == "洪泽区"
    assert [region.holds(a) for a in ("淮安市洪泽区财政局", "洪泽区教育局")] == [True, True]
    assert [region.holds(a) for a in ("淮安市财政局", "淮安市淮阴区财政局")] == [False, False]
    assert region_of("淮安市人民政府").holds("淮安市洪泽区财政局")
