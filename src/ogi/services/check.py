"""Checking a batch of reports, comparing with an earlier round, and the workbook an
agency receives. `ogi check` and the web application's batch pages call these.

    result = check_files([Path("2024年报")])                      # one round
    base = Baseline.load(Path("round1.jsonl"))                     # `ogi check -f json`
    result = check_files([Path("2024年报-修改后")], baseline=base)  # the next round
    result.counts()            # {"new": 1, "persisting": 7, "fixed": 2}
    write_workbook(Path("核查意见.xlsx"), result)

A batch streams: each report is checked as it is read (by worker processes or a Dask
cluster: `check_paths`), its findings are handed on, and what the batch must remember
of it (its agency-year and hash, to name a second copy; what the cross-report rules
need) goes to a temporary SQLite file, so memory does not grow with the batch. Only a
batch kept for a workbook (`keep_findings`) holds its findings and one short summary
per report. One agency-year is one report: a second file of the same agency and year
whose tables read the same (the web page and its PDF, two encodings of one text) is
named once as a duplicate and not checked again. A second file whose tables differ is
another version of the report: it is checked too (the rule X-SOURCES-DIFFER names
where the versions differ), so that neither version's errors go unseen and nothing
hangs on which file came first.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import IO

from ogi.check.finding import Finding, finding_id, finding_place, report_identity
from ogi.check.registry import Checker, KeptReport, agency_key, all_rules, chosen_rules
from ogi.model import Problem, Report
from ogi.oserrors import reason
from ogi.services.file_list import FileList, suffix_of

__all__ = [
    "Baseline",
    "BatchCheck",
    "BatchResult",
    "CheckSettings",
    "Checked",
    "Duplicate",
    "ReportSummary",
    "RoundDiff",
    "check_file",
    "check_files",
    "check_one",
    "check_paths",
    "check_reports",
    "compare_rounds",
    "findings_jsonl",
    "read_for_check",
    "write_spooled_by_agency",
    "write_workbook",
    "write_workbooks_by_agency",
]


@dataclass(slots=True)
class ReportSummary:
    """What a batch keeps of one checked report."""

    path: str
    identity: str  # agency|year, or the file name when either is unknown
    agency: str | None
    year: int | None
    title: str | None
    edition: str | None
    table_editions: dict[str, str | None]
    problems: list[Problem]  # reading doubts recorded by the reader
    counts: Counter[str] = field(default_factory=Counter)  # severity → agency findings
    status_counts: Counter[str] = field(default_factory=Counter)  # new / persisting / fixed

    @property
    def verdict(self) -> str:
        """通过 / 建议修改 / 需修改, from the agency's findings."""
        if self.counts["error"]:
            return "需修改"
        return "建议修改" if self.counts["warning"] else "通过"


@dataclass
class Duplicate:
    """A file not checked because the batch already holds its agency-year."""

    path: str
    same_as: str  # the file that was checked
    agency: str | None
    year: int | None
    identical: bool  # the same bytes, not only the same agency and year

    @property
    def message(self) -> str:
        what = "内容完全相同" if self.identical else f"同为{self.agency}{self.year}年度报告"
        return f"与 {self.same_as} {what}，按一份报告核查，本文件未重复核查"


@dataclass
class BatchResult:
    """The outcome of checking a batch: per report, the findings, what could not be read."""

    reports: list[ReportSummary] = field(default_factory=list)  # empty when not kept
    findings: list[Finding] = field(default_factory=list)  # empty when not kept
    duplicates: list[Duplicate] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    fixed: list[Finding] = field(default_factory=list)  # in the baseline, gone now
    skipped: list[str] = field(default_factory=list)  # JSON in a folder that is no report
    compared: bool = False  # checked against a baseline round
    totals: Counter[str] = field(default_factory=Counter)  # severity → agency findings
    doubts: int = 0  # reading doubts: the readers' problems and findings for the supervisor
    checked: int = 0  # reports checked (duplicates not counted), kept or not
    status_totals: Counter[str] = field(default_factory=Counter)  # new / persisting
    notes: list[str] = field(default_factory=list)  # about the batch as declared (its region)

    def rounds_text(self) -> str:
        """与上一轮相比：新增 n 条，仍存在 n 条，已修正 n 条 (empty without a baseline)."""
        if not self.compared:
            return ""
        c = self.counts()
        return (
            f"与上一轮相比：新增 {c['new']} 条，仍存在 {c['persisting']} 条，已修正 {c['fixed']} 条"
        )

    def counts(self) -> dict[str, int]:
        """Against the baseline: 新增 (new), 仍存在 (persisting), 已修正 (fixed)."""
        if self.reports:
            c = Counter(s for r in self.reports for s in r.status_counts.elements())
        else:  # a batch that kept no summaries
            c = self.status_totals
        return {"new": c["new"], "persisting": c["persisting"], "fixed": len(self.fixed)}

    @property
    def has_errors(self) -> bool:
        return self.totals["error"] > 0

    def for_agency(self, identity_or_agency: str) -> BatchResult:
        """The part of the result about one agency (all its years)."""
        keep = {r.path for r in self.reports if identity_or_agency in (r.agency, r.identity)}
        sub = BatchResult(
            reports=[r for r in self.reports if r.path in keep],
            findings=[f for f in self.findings if f.file in keep],
            duplicates=[d for d in self.duplicates if d.same_as in keep],
            fixed=[f for f in self.fixed if f.agency == identity_or_agency],
            compared=self.compared,
        )
        sub.checked = len(sub.reports)
        for r in sub.reports:
            sub.totals.update(r.counts)
        sub.doubts = sum(1 for f in sub.findings if f.audience == "supervisor") + sum(
            len(r.problems) for r in sub.reports
        )
        return sub


@dataclass
class RoundDiff:
    """Finding ids of a later round against an earlier one, each list in its round's
    order: 已修正 (fixed, earlier ids), 仍存在 (persisting, later ids), 新增 (new, later
    ids); `changed` maps a persisting later id to the earlier id it continues when the
    values differ (the same place, another id)."""

    fixed: list[str] = field(default_factory=list)  # in the earlier round only
    persisting: list[str] = field(default_factory=list)  # in both
    new: list[str] = field(default_factory=list)  # in the later round only
    changed: dict[str, str] = field(default_factory=dict)  # later id → earlier id

    def status(self, fid: str) -> str:
        """new / persisting / fixed of one id, as `Finding.status` and `STATUS_ZH` say."""
        if fid in self.new:
            return "new"
        return "persisting" if fid in self.persisting else "fixed"

    def without(self, later_ids: set[str]) -> RoundDiff:
        """The diff with these later findings left out (dismissed by a supervisor): they
        count neither as new nor as persisting, and what they continue is not fixed."""
        return RoundDiff(
            fixed=self.fixed,
            persisting=[x for x in self.persisting if x not in later_ids],
            new=[x for x in self.new if x not in later_ids],
            changed={k: v for k, v in self.changed.items() if k not in later_ids},
        )


class _Earlier:
    """An earlier round's findings, looked up by id and by place (`finding_place`)."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.by_id: dict[str, Finding] = {}
        self.by_place: dict[str, list[str]] = {}
        for f in findings:
            fid = f.id or finding_id(f)
            if fid in self.by_id:
                continue
            self.by_id[fid] = f
            self.by_place.setdefault(finding_place(f), []).append(fid)

    def pair(self, later: Sequence[Finding], taken: set[str]) -> list[str | None]:
        """For each finding of `later`, the earlier id it continues, or None (new). The
        same id first, then the same place with other values; each earlier finding is
        continued once (`taken`, updated, holds those already continued)."""
        out: list[str | None] = [None] * len(later)
        for n, f in enumerate(later):
            if f.id in self.by_id and f.id not in taken:
                taken.add(f.id)
                out[n] = f.id
        for n, f in enumerate(later):
            if out[n] is None:
                ids = self.by_place.get(finding_place(f), [])
                out[n] = next((i for i in ids if i not in taken), None)
                if out[n] is not None:
                    taken.add(out[n])  # type: ignore[arg-type]
        return out


def compare_rounds(earlier: Iterable[Finding], later: Iterable[Finding]) -> RoundDiff:
    """Two rounds of one report compared, by stable id and then by place: what `ogi check
    --baseline` marks on each finding and what a batch page shows of a corrected
    report."""
    before = _Earlier(earlier)
    after = list({f.id or finding_id(f): f for f in later}.values())
    taken: set[str] = set()
    diff = RoundDiff()
    for f, prev in zip(after, before.pair(after, taken), strict=True):
        fid = f.id or finding_id(f)
        if prev is None:
            diff.new.append(fid)
            continue
        diff.persisting.append(fid)
        if prev != fid:
            diff.changed[fid] = prev
    diff.fixed = [x for x in before.by_id if x not in taken]
    return diff


class Baseline:
    """The findings of an earlier round, by stable id and place (`ogi check -f json`
    output, or the findings stored for a batch's previous round)."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        # a round's list of what it saw fixed is not a finding
        self.earlier = _Earlier(f for f in findings if f.status != "fixed")
        self.by_id = self.earlier.by_id

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a JSON Lines file of findings; a line that is not a finding is an error
        naming the file and line."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise ValueError(f"{path}：无法读取上一轮核查结果（{reason(e)}）") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path}：不是 UTF-8 文本，不是 ogi check 的核查结果") from None
        if text.lstrip().startswith("["):  # `ogi check -o x.json`: one array
            return cls.load_array(text, str(path))
        return cls.load_lines(text.splitlines(), str(path))

    @classmethod
    def load_array(cls, text: str, name: str = "上一轮核查结果") -> Baseline:
        """Findings from one JSON array (what `ogi check -o x.json` writes)."""
        from pydantic import ValidationError

        try:
            items = json.loads(text)
        except ValueError:
            raise ValueError(f"{name}：不是完整的 JSON，不是 ogi check 的核查结果") from None
        findings = []
        for n, item in enumerate(items if isinstance(items, list) else [items], start=1):
            try:
                findings.append(Finding.model_validate(item))
            except ValidationError:
                raise ValueError(
                    f"{name} 第 {n} 项：不是 ogi check 的核查结果（应为 ogi check 的 JSON 输出）"
                ) from None
        return cls(findings)

    @classmethod
    def load_lines(cls, lines: Iterable[str], name: str = "上一轮核查结果") -> Baseline:
        """Findings from JSON Lines already in memory (an uploaded file); `name` is used
        in the error naming the line that is not a finding."""
        from pydantic import ValidationError

        findings = []
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                findings.append(Finding.model_validate_json(line))
            except ValidationError:
                raise ValueError(
                    f"{name} 第 {n} 行：不是 ogi check 的核查结果（应为 ogi check -f json 的输出）"
                ) from None
        return cls(findings)

    def identities(self) -> set[str]:
        return {report_identity(f.agency, f.year, f.file) for f in self.by_id.values()}

    def mark(self, findings: Sequence[Finding], taken: set[str]) -> None:
        """Set each finding's status: persisting when it continues an earlier finding not
        yet continued (`taken`, updated), by id or by place; with other values, `was`
        holds the earlier message. Else new."""
        for f, prev in zip(findings, self.earlier.pair(findings, taken), strict=True):
            f.status = "new" if prev is None else "persisting"
            if prev is not None and prev != f.id:
                f.was = self.by_id[prev].message

    def fixed(self, taken: set[str], checked: set[str], rules: Iterable[str]) -> list[Finding]:
        """The earlier round's findings of the reports `checked` now (by identity) that
        no finding now continues (`taken` are those continued), marked fixed, sorted.
        Only of the `rules` run now: a rule not run says nothing of its findings. Only
        the agency's: a reading doubt gone is no correction of the agency (and 新增 /
        仍存在 count only the agency's findings too)."""
        run = set(rules)
        out = [
            f.model_copy(update={"status": "fixed"})
            for fid, f in self.by_id.items()
            if fid not in taken
            and f.audience == "agency"
            and f.rule in run
            and _identity(f) in checked
        ]
        return sorted(out, key=Finding.sort_key)


def _identity(f: Finding) -> str:
    return report_identity(f.agency, f.year, f.file)


@dataclass
class Checked:
    """One report's outcome, as the batch streams it."""

    summary: ReportSummary
    findings: list[Finding]


@dataclass(frozen=True)
class CheckSettings:
    """The rules a batch runs, resolved where the batch starts (from its configuration
    file), so that a worker process, here or on another machine, runs exactly those."""

    rules: tuple[str, ...]
    region_parent: str | None = None

    def checker(self) -> Checker:
        return _checker(self)


@lru_cache(maxsize=8)
def _checker(settings: CheckSettings) -> Checker:
    # one per worker process and batch: building the rules is not free
    chosen = set(settings.rules)
    rules = [cls() for cls in all_rules() if cls.id in chosen]
    return Checker(rules, region_parent=settings.region_parent)


@dataclass(slots=True)
class Examined:
    """One report checked by its own rules: what a worker hands back to the batch (the
    summary, its findings and what the cross-report rules need, not the report)."""

    summary: ReportSummary
    sha256: str
    findings: list[Finding]
    kept: KeptReport | None
    tables: str = ""  # `tables_key` of the report


def tables_key(report: Report) -> str:
    """What two files of one agency-year must share to be one report for a check: their
    tables as read (numbers, row labels as printed, cells printed with other text)."""
    content = {
        "cells": report.cells,
        "labels": report.labels,
        "raw": sorted((r.path, r.text) for r in report.raw),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode()).hexdigest()


def _summary(report: Report, agency: str | None, identity: str) -> ReportSummary:
    return ReportSummary(
        path=report.source.path,
        identity=identity,
        agency=agency,
        year=report.report_year,
        title=report.title,
        edition=report.edition,
        table_editions=dict(report.table_editions),
        problems=list(report.problems),
    )


def _examine(checker: Checker, report: Report) -> Examined:
    agency = agency_key(report)
    identity = report_identity(agency, report.report_year, report.source.path)
    return Examined(
        _summary(report, agency, identity),
        report.source.sha256 or "",
        checker.check_single(report),
        checker.slim(report),
        tables_key(report),
    )


def check_file(settings: CheckSettings, path: Path, reports: list[Report]) -> list[Examined]:
    """The reports one file holds, each checked by its own rules: the batch engine's
    per-file work (`ogi.services.batch.ReadSpec.after`), done in the worker."""
    checker = settings.checker()
    return [_examine(checker, r) for r in reports]


class BatchCheck:
    """A batch checked report by report (streaming); `finish` adds the cross-report
    findings and, with a baseline, what was fixed.

    `keep_findings=False` keeps only counts: a terminal or JSON Lines output that has
    already written each report's findings needs nothing more, and the batch's memory
    does not grow with the number of reports (what it must remember of each report is
    in a temporary SQLite file, `ogi.services.check_spool`).
    """

    def __init__(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        config: bool | Path = True,
        region_parent: str | None = None,
        baseline: Baseline | None = None,
        keep_findings: bool = True,
        on_disk: bool = True,
        spool_findings: bool = False,
    ) -> None:
        from ogi.services.check_spool import CheckSpool

        # Raises ValueError naming an unknown rule or group before any file is read.
        rules = chosen_rules(select, ignore, config=config)
        self.settings = CheckSettings(tuple(r.id for r in rules), region_parent)
        self.spool = CheckSpool(on_disk=on_disk)
        self.checker = Checker(rules, region_parent=region_parent, kept=self.spool)
        self.baseline = baseline
        self.keep = keep_findings
        # summaries and findings to the spool, for `write_spooled_by_agency`
        self.spooled = spool_findings and not keep_findings
        self.result = BatchResult(compared=baseline is not None)
        # kept only with the summaries (a workbook): a finding's report by path and identity
        self._by_identity: dict[str, ReportSummary] = {}
        self._by_path: dict[str, ReportSummary] = {}
        self._continued: set[str] = set()  # baseline ids a finding found now continues

    def add(self, report: Report, findings: list[Finding] | None = None) -> Checked | Duplicate:
        """Check one report, or name it as a duplicate of one already checked. With
        `findings` (those stored from an earlier check of it, with their ids) the report
        is not checked again: they are counted and compared with the baseline."""
        agency = agency_key(report)
        identity = report_identity(agency, report.report_year, report.source.path)
        dup = self._duplicate(
            report.source.path,
            identity,
            agency,
            report.report_year,
            report.source.sha256,
            tables_key(report),
        )
        if dup is not None:
            return dup
        if findings is None:
            return self._take(_examine(self.checker, report))
        item = Examined(
            _summary(report, agency, identity),
            report.source.sha256 or "",
            [f.model_copy(update={"file": report.source.path}) for f in findings],
            None,
            tables_key(report),
        )
        return self._take(item)

    def add_examined(self, item: Examined) -> Checked | Duplicate:
        """A report a worker has checked (`check_file`), or its duplicate."""
        s = item.summary
        dup = self._duplicate(s.path, s.identity, s.agency, s.year, item.sha256, item.tables)
        return dup if dup is not None else self._take(item)

    def add_failure(self, path: str, reason: str) -> None:
        self.result.failed.append((path, reason))

    def _duplicate(
        self,
        path: str,
        identity: str,
        agency: str | None,
        year: int | None,
        sha: str | None,
        tables: str,
    ) -> Duplicate | None:
        # the same agency-year is the same report only where the tables read the same
        first = self.spool.path_with_tables(identity, tables) if agency and year else None
        same_bytes = self.spool.path_with_sha(sha) if sha else None
        if first is None and same_bytes is None:
            return None
        dup = Duplicate(
            path=path,
            same_as=same_bytes or first,  # type: ignore[arg-type]
            agency=agency,
            year=year,
            identical=same_bytes is not None,
        )
        self.result.duplicates.append(dup)
        return dup

    def _take(self, item: Examined) -> Checked:
        summary = item.summary
        self.spool.add_seen(summary.identity, item.sha256, summary.path, item.tables)
        if self.keep:
            self._by_identity[summary.identity] = summary
            self._by_path[summary.path] = summary
            self.result.reports.append(summary)
        elif self.spooled:
            self.spool.add_summary(summary.agency or summary.identity, summary)
        self.result.checked += 1
        self.result.doubts += len(summary.problems)
        self.checker.keep(item.kept)
        self._account(item.findings, summary)
        return Checked(summary, item.findings)

    def _account(self, findings: list[Finding], summary: ReportSummary | None = None) -> None:
        """Count `findings` (of `summary`'s report, or each of the report its file names)
        and mark them against the baseline."""
        if self.baseline is not None:
            self.baseline.mark(findings, self._continued)
        for f in findings:
            if f.audience == "supervisor":
                self.result.doubts += 1
                continue
            mine = summary
            if mine is None:
                mine = self._by_path.get(f.file)
                if mine is None and (self.keep or not self.spool.has_path(f.file)):
                    continue
            if mine is not None:
                mine.counts[f.severity] += 1
                if f.status:
                    mine.status_counts[f.status] += 1
            if f.status:
                self.result.status_totals[f.status] += 1
            self.result.totals[f.severity] += 1
        if self.keep:
            self.result.findings += findings
        elif self.spooled:
            for f in findings:
                self.spool.add_finding(f)

    def finish(
        self, on_late: Callable[[Finding], None] | None = None
    ) -> tuple[list[Finding], list[Finding]]:
        """The cross-report findings, and (against a baseline) the findings fixed since:
        those of a report checked in this round that it no longer has. A report not
        checked in this round has nothing fixed. `on_late` is given each cross-report
        finding, sorted; the list of them is returned only when the batch keeps its
        findings (a national batch has one or more per report)."""
        for group in self.checker.finish_groups():
            self._account(group)
            for f in group:
                self.spool.add_late(f)
        self.result.notes = list(self.checker.notes)
        late: list[Finding] = []
        for f in self.spool.late():
            if on_late is not None:
                on_late(f)
            if self.keep:
                late.append(f)
        fixed: list[Finding] = []
        if self.baseline is not None:
            checked = {i for i in self.baseline.identities() if self.spool.has_identity(i)}
            fixed = self.baseline.fixed(self._continued, checked, self.settings.rules)
            for f in fixed:
                summary = self._by_identity.get(_identity(f))
                if summary is not None:
                    summary.status_counts["fixed"] += 1
            self.result.fixed = fixed
        if self.keep:
            order = {id(r): n for n, r in enumerate(self.result.reports)}
            by_path = self._by_path

            def position(path: str) -> int:
                summary = by_path.get(path)
                return order[id(summary)] if summary is not None else 0

            self.result.findings.sort(key=lambda f: (position(f.file), *f.sort_key()))
        if not self.spooled:  # else the workbooks are still to be written from it
            self.spool.close()
        return late, fixed


def _events(
    batch: BatchCheck, reports: Iterable[Report | tuple[str, str]]
) -> Iterator[Checked | Duplicate | tuple[str, str]]:
    for item in reports:
        if isinstance(item, tuple):
            batch.add_failure(*item)
            yield item
        else:
            yield batch.add(item)


JSON_SUFFIXES = (".json", ".jsonl")


def read_for_check(
    paths: Iterable[Path], skipped: list[str] | None = None
) -> Iterator[Report | tuple[str, str]]:
    """Each report of the files and folders given (`check_targets`), in this process, or
    (path, reason) for a file that cannot be read. A JSON file found in a folder that
    is not an ogi report is listed in `skipped`, not failed (`_not_a_report`)."""
    from ogi.services.batch import read_each

    paths = list(paths)
    given = {p for p in paths if not p.is_dir()}
    for outcome in read_each(check_targets(paths)):
        if outcome.error is None:
            yield from outcome.reports
        elif _not_a_report(outcome.path, given):
            if skipped is not None:
                skipped.append(str(outcome.path))
        else:
            yield (str(outcome.path), outcome.error)


def _not_a_report(path: Path, given: set[Path]) -> bool:
    """Whether a file that could not be read as a report is one a folder merely holds,
    not one the user named: a JSON file found beside the reports (a truth file, a
    configuration) is no failure."""
    return path.suffix.lower() in JSON_SUFFIXES and path not in given


def check_reports(
    reports: Iterable[Report | tuple[str, str]],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    config: bool | Path = True,
    region_parent: str | None = None,
    baseline: Baseline | None = None,
    keep_findings: bool = True,
    on_checked: Callable[[Checked | Duplicate | tuple[str, str]], None] | None = None,
    on_disk: bool = True,
) -> BatchResult:
    """Check reports as they come (a list or a generator); `on_checked` is told of each
    report checked, duplicate named and file that failed, in order, as it happens.
    `on_disk=False` keeps what the batch must remember in memory (a few reports)."""
    batch = BatchCheck(
        select=select,
        ignore=ignore,
        config=config,
        region_parent=region_parent,
        baseline=baseline,
        keep_findings=keep_findings,
        on_disk=on_disk,
    )
    for event in _events(batch, reports):
        if on_checked is not None:
            on_checked(event)
    batch.finish()
    return batch.result


def check_one(
    report: Report,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    config: bool | Path = False,
) -> list[Finding]:
    """The findings of one report (its own rules; cross-report rules need a batch),
    sorted, with stable ids: what a page showing one report lists and highlights."""
    return check_reports(
        [report], select=select, ignore=ignore, config=config, on_disk=False
    ).findings


def check_targets(paths: Iterable[Path], skip: Iterable[Path | None] = ()) -> FileList:
    """The files a check of `paths` reads, in order: files as given, the report files of
    folders, then ogi's own JSON found in the folders (`read_for_check`'s order); walked
    as it is iterated, `len()` counts. The check's own output (`skip`) is not read."""
    from ogi.services.batch import REPORT_SUFFIXES, report_name

    return FileList(paths, report_name(REPORT_SUFFIXES), REPORT_SUFFIXES, then=_is_json, skip=skip)


def _is_json(name: str) -> bool:
    return suffix_of(name) in JSON_SUFFIXES


Event = Checked | Duplicate | tuple[str, str]


def check_paths(
    batch: BatchCheck,
    paths: Iterable[Path],
    *,
    jobs: int | None = 1,
    dask: str | None = None,
    targets: FileList | None = None,
) -> Iterator[tuple[Path, list[Event]]]:
    """Read and check files and folders (`check_targets`) into `batch`, file by file in
    input order: each file's reports checked by their own rules where they are read
    (`jobs` worker processes, all cores with None, this process with 1; or the Dask
    cluster at `dask`), then named as duplicates and counted here. Yields each file
    and what it gave: reports checked, duplicates named, or (path, reason) when it
    could not be read. A JSON file found in a folder that is not an ogi report is no
    failure: it goes to `batch.result.skipped`. The cross-report rules run at
    `batch.finish()`. Raises `ogi.services.batch.EngineError` when the cluster cannot
    be reached."""
    from ogi.services.batch import ReadSpec, run_files

    paths = list(paths)
    given = {p for p in paths if not p.is_dir()}
    spec = ReadSpec(
        after=partial(check_file, batch.settings),
        keep_reports=False,
        preload=("ogi.services.check", "ogi.check.registry"),
    )
    if targets is None:
        targets = check_targets(paths)
    for o in run_files(targets, spec, jobs=jobs, dask=dask, total=len(targets)):
        if o.error is None:
            yield o.path, [batch.add_examined(item) for item in o.value]
        elif _not_a_report(o.path, given):
            batch.result.skipped.append(str(o.path))
            yield o.path, []
        else:
            batch.add_failure(str(o.path), o.error)
            yield o.path, [(str(o.path), o.error)]


def check_files(
    paths: Iterable[Path],
    *,
    jobs: int | None = 1,
    dask: str | None = None,
    on_checked: Callable[[Event], None] | None = None,
    **options: object,
) -> BatchResult:
    """Read and check files and folders (report files and ogi's JSON) with `jobs` worker
    processes (this process by default; None: every core) or on the Dask cluster at
    `dask`; see `check_reports` for the other options. JSON files in a folder that are
    not ogi reports are in `skipped`."""
    batch = BatchCheck(**options)  # type: ignore[arg-type]
    for _, events in check_paths(batch, paths, jobs=jobs, dask=dask):
        for event in events:
            if on_checked is not None:
                on_checked(event)
    batch.finish()
    return batch.result


def write_workbook(
    path: Path | IO[bytes],
    result: BatchResult,
    *,
    doubts: bool = True,
    decisions: Mapping[str, tuple[str, str]] | None = None,
) -> Path | IO[bytes]:
    """The workbook an agency receives, to a file name or an open binary file; with a
    supervisor's `decisions` (finding id → (confirmed / dismissed, comment)) the
    dismissed findings are left out and the comments shown. See
    `ogi.services.check_workbook`."""
    from ogi.services.check_workbook import write

    return write(path, result, doubts=doubts, decisions=decisions)


def write_spooled_workbook(path: Path | IO[bytes], batch: BatchCheck) -> Path | IO[bytes]:
    """`write_workbook` of the whole batch from a finished batch that spooled its
    findings (`spool_findings=True`), row by row: the memory does not grow with the
    number of reports. The spool stays open (for `write_spooled_by_agency`); it is
    closed with the batch."""
    from ogi.services.check_workbook import write_spooled_book

    return write_spooled_book(path, batch)


def write_workbooks_by_agency(folder: Path, result: BatchResult) -> list[Path]:
    """One workbook per agency in `folder`, named after the agency."""
    from ogi.services.check_workbook import write_by_agency

    return write_by_agency(folder, result)


def write_spooled_by_agency(folder: Path, batch: BatchCheck) -> list[Path]:
    """One workbook per agency in `folder`, as `write_workbooks_by_agency` writes them,
    from a finished batch that spooled its findings (`spool_findings=True`): one
    agency's reports and findings in memory at a time."""
    from ogi.services.check_workbook import write_spooled

    try:
        return write_spooled(folder, batch)
    finally:
        batch.spool.close()


def findings_jsonl(findings: Iterable[Finding]) -> Iterator[str]:
    """Findings as JSON Lines, the form `Baseline.load` reads back."""
    for f in findings:
        yield json.dumps(f.model_dump(mode="json"), ensure_ascii=False)
