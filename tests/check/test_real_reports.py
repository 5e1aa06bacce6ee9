"""Expected findings on real reports, built from their hand-checked truth cells (the
reports themselves stay in ../shared; these tests skip without it). Truth has no text
parts, so the seed tests split the seed texts into parts with a small heading matcher."""

from __future__ import annotations

import re

import pytest

from ogi.check import all_rules, run_checks
from ogi.format import edition
from ogi.model import Report, Section
from tests.check.check_builders import SHARED, truth_records, truth_reports

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not available")

ARITHMETIC = {r.id for r in all_rules() if r.group == "arithmetic"}
_HEADING = re.compile(r"^(?P<ord>[一二三四五六七八九十]+、|\d+、)\s*(?P<title>[^。]{2,40})$")
_T3_ROWS = {r.text for name in ("2019", "2021") for r in edition(name).t3_rows}


def _key(title: str) -> str | None:
    for s in edition("2021").sections:
        if s.title in title or (len(title) >= 4 and title in s.title):
            return s.key
    return None


def split_sections(text: str) -> list[Section]:
    """Top-level headings of a seed text; table cells (tab-indented lines, table 三 row
    labels) are not headings."""
    out = [Section(key=None, ordinal="", title="", text="")]
    for line in text.splitlines():
        m = _HEADING.match(line.strip())
        title = m and m.group("title").strip()
        if m and not line.startswith("\t") and title not in _T3_ROWS:
            out.append(Section(key=_key(title), ordinal=m.group("ord"), title=title))
        elif line.strip():
            out[-1].text += line.strip() + "\n"
    return out


# Labels seed 003 prints (row keys as an extractor would record them).
LABELS_003 = {
    "t3.new_received": "一、本年新收到政府信息公开申请数量",
    "t3.carried_over": "二、上年结转政府信息公开数量",
    "t3.results.withheld.security_stability": "3.危机“三安全一稳定”",
    "t3.results.withheld.enforcement_files": "7.属于行政法案卷",
    "t3.results.unable.needs_creation": "2.没有现成信息需另行制作",
    "t3.results.granted": "（一）予以公开",
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Report]:
    reports = {}
    records = {r["file"]: r for r in truth_records("seeds")}
    for report in truth_reports("seeds"):
        name = report.source.path
        text = (SHARED / "seeds" / name).read_text("utf-8")
        report.sections = split_sections(text)
        report.metadata = records[name].get("metadata") or {}
        if name.startswith("003"):
            report.labels = LABELS_003
        reports[name[:3]] = report
    return reports


@pytest.fixture(scope="module")
def seed_findings(seeds):
    found = run_checks(seeds.values(), config=False)
    return {k: [f for f in found if f.file == r.source.path] for k, r in seeds.items()}


def errors(findings, rule=None):
    return [f for f in findings if f.severity == "error" and rule in (None, f.rule)]


def test_seed_sections_split_as_printed(seeds):
    keys = [s.key for s in seeds["001"].sections if s.ordinal]
    assert keys == [
        "overview",
        None,
        "proactive_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
    ]


def test_004_results_sum_in_two_columns_only(seed_findings):
    errs = errors(seed_findings["004"])
    assert {(f.rule, f.column) for f in errs} == {
        ("T3-RESULTS-SUM", "natural_person"),
        ("T3-RESULTS-SUM", "total"),
    }
    assert len(errs) == 2
    assert errs[0].message == (
        "表三 （七）总计 自然人 = 4，但各项办理结果之和 = 5"
        "（予以公开 3 + 部分公开 1 + 本机关不掌握相关政府信息 1）"
    )


def test_004_text_agrees_with_table_and_deadline_met(seed_findings):
    rules = {f.rule for f in seed_findings["004"]}
    assert not rules & {"C-TEXT-TABLE", "D-PERIOD", "D-DEADLINE-DEPT", "S-SECTIONS"}
    assert "C-OTHER-NONEMPTY" in rules  # part 六 is a bare heading


def test_000_mixed_editions(seed_findings):
    # One cause, one finding: the 2019-shaped table 三 is named once with what it lacks.
    (only,) = errors(seed_findings["000"])
    assert (only.rule, only.table, only.expected, only.found) == (
        "E-EDITION-CONSISTENT",
        "t3",
        "2021",
        "2019",
    )
    assert "表三缺少2021版（六）其他处理下的3项" in only.message
    numbering = [f for f in seed_findings["000"] if f.rule == "S-SECTION-NUMBERING"]
    assert [(f.found, f.expected) for f in numbering] == [("1、", "一、")]


def test_001_wrong_edition_and_parts(seed_findings):
    assert {f.rule for f in errors(seed_findings["001"])} == {"E-EDITION-BY-YEAR", "S-SECTIONS"}
    sections = [f for f in seed_findings["001"] if f.rule == "S-SECTIONS"]
    assert [(f.severity, f.section) for f in sections] == [
        ("error", "other_matters"),
        ("warning", None),
    ]


def test_002_no_error(seed_findings):
    assert errors(seed_findings["002"]) == []


def test_003_no_error_and_misspelt_labels(seed_findings):
    assert errors(seed_findings["003"]) == []
    labels = [f for f in seed_findings["003"] if f.rule == "S-LABELS"]
    assert {f.row for f in labels} == {k[3:] for k in LABELS_003} - {"results.granted"}
    numbering = [f for f in seed_findings["003"] if f.rule == "S-SECTION-NUMBERING"]
    assert [f.found for f in numbering] == [["1、", "5、"]]


# -- development corpus ----------------------------------------------------------------
# Each `arithmetic_check_failures` entry of corpus/truth.jsonl as (rule, column).
CORPUS_FAILURES = {
    "huaian-hongze-2023.pdf": {
        ("T4-REVIEW-SUM", "review.total"),
        ("T4-AFTER-REVIEW-SUM", "litigation.after_review.total"),
    },
    "pingtan-2020.txt": {("T3-RESULTS-SUM", "natural_person"), ("T3-RESULTS-SUM", "total")},
}


def test_corpus_arithmetic_failures_found_and_nothing_else():
    reports = truth_reports("corpus")
    found = run_checks(reports, select=sorted(ARITHMETIC), config=False)
    for record in truth_records("corpus"):
        errs = {
            (f.rule, f.column) for f in found if f.file == record["file"] and f.severity == "error"
        }
        assert errs == CORPUS_FAILURES.get(record["file"], set()), record["file"]
        assert len(errs) == len(record["arithmetic_check_failures"]), record["file"]
    assert not [f for f in found if f.severity == "info"]


def test_corpus_huaian_review_message():
    reports = [r for r in truth_reports("corpus") if r.source.path.startswith("huaian")]
    (finding,) = run_checks(reports, select=["T4-REVIEW-SUM"], config=False)
    assert finding.message == (
        "表四 行政复议 总计 = 0，但结果维持、结果纠正、其他结果、尚未审结之和 = 11"
        "（结果维持 10 + 结果纠正 1）"
    )
