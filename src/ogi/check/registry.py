"""Rule base class, discovery of the rule modules, selection and the runner.

Every rule lives in its own module under ``ogi/check/rules/`` and subclasses `Rule` with
an ``id`` from ``rules.yaml``; severity and statements are read from that file, never
retyped, so the data file stays the single source of what a rule says.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import tomllib
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, ClassVar, Protocol

from ogi import patterns
from ogi.check.finding import Finding, Severity, assign_ids
from ogi.format import rules_spec
from ogi.model import Report

RULES_PACKAGE = "ogi.check.rules"


@cache
def rule_specs() -> dict[str, dict[str, Any]]:
    """Every rule entry of rules.yaml keyed by id, in file order."""
    out: dict[str, dict[str, Any]] = {}
    for value in rules_spec().values():
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict) and "id" in entry:
                    out[entry["id"]] = entry
    return out


@dataclass
class Context:
    """What a rule may know besides the report itself."""

    report: Report
    file: str
    agency: str | None = None
    year: int | None = None

    @classmethod
    def of(cls, report: Report) -> Context:
        return cls(
            report=report,
            file=report.source.path,
            agency=agency_key(report),
            year=report.report_year,
        )


class Rule:
    """Base class of every rule.

    Subclasses set ``id`` (as in rules.yaml) and ``group``; the docstring carries the
    sections 规则说明 / 为何重要 / 反例 / 正例. Single-report rules override `check`;
    rules over several reports of one agency set ``cross_report = True`` and override
    `check_series`; rules over a region (its government and its departments, in a batch
    declared as one region) set ``region = True`` and override `check_region`.

    A batch is checked as a stream: after a report's own rules have run, only what the
    cross-report rules name is kept of it, the cells under the prefixes in ``needs`` and,
    when ``needs_text``, the prose of its parts.
    """

    id: ClassVar[str] = ""
    group: ClassVar[str] = ""
    severity: ClassVar[Severity] = "error"
    statement_zh: ClassVar[str] = ""
    statement_en: ClassVar[str] = ""
    editions: ClassVar[tuple[str, ...]] = ("both",)
    cross_report: ClassVar[bool] = False
    region: ClassVar[bool] = False
    needs: ClassVar[tuple[str, ...]] = ()  # cell path prefixes a cross-report rule reads
    needs_text: ClassVar[bool] = False  # whether it reads the prose of the parts
    needs_tables: ClassVar[bool] = False  # whether it reads every cell (kept compressed)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("id"):
            return
        try:
            spec = rule_specs()[cls.id]
        except KeyError:
            raise KeyError(
                f"规则 {cls.id} 不在 rules.yaml 中；先在 rules.yaml 登记再实现"
            ) from None
        cls.severity = spec["severity"]
        cls.statement_zh = spec["statement"]["zh"]
        cls.statement_en = spec["statement"]["en"]
        cls.editions = tuple(str(e) for e in spec.get("editions") or ("both",))

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return ()

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        """`reports`: one agency's reports, sorted by report year."""
        return ()

    def check_region(self, parent: Report, members: Sequence[Report]) -> Iterable[Finding]:
        """`parent`: the region's own report for one year; `members`: the other reports of
        that year in the batch (its departments and townships)."""
        return ()

    def finding(
        self,
        ctx: Context,
        message: str,
        message_en: str = "",
        *,
        severity: Severity | None = None,
        **fields: Any,
    ) -> Finding:
        if "cell" not in fields:
            fields["cell"] = cell_path(fields.get("table"), fields.get("row"), fields.get("column"))
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            file=ctx.file,
            agency=ctx.agency,
            year=ctx.year,
            message=message,
            message_en=message_en,
            **fields,
        )


def cell_path(table: str | None, row: str | None, column: str | None) -> str | None:
    """The cell a finding's table, row and column name, when they name exactly one."""
    if table == "t4" and column:
        return f"t4.{column}"
    if table in ("t2", "t3") and row and column:
        return f"{table}.{row}.{column}"
    return None


# -- discovery -------------------------------------------------------------------------
@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class found in ogi/check/rules/, in rules.yaml order."""
    package = importlib.import_module(RULES_PACKAGE)
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{RULES_PACKAGE}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj.__dict__.get("id"):
                if obj.id in found and found[obj.id] is not obj:
                    raise ValueError(f"规则 {obj.id} 定义了两次")
                found[obj.id] = obj
    order = list(rule_specs())
    return tuple(sorted(found.values(), key=lambda r: order.index(r.id)))


def _matches(rule: type[Rule], selector: str) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    # An id, a group name, or an id prefix such as "T3" or "D-DEADLINE" (like ruff's codes).
    return s.upper() == rule.id or s.lower() == rule.group or rule.id.startswith(s.upper() + "-")


def _validate(selectors: Iterable[str]) -> None:
    rules = all_rules()
    for s in selectors:
        if not any(_matches(r, s) for r in rules):
            groups = sorted({r.group for r in rules})
            raise ValueError(
                f"未知的规则或规则组：{s}（规则组：{', '.join(groups)}；规则编号见 rules.yaml）"
            )


def select_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Rule]:
    """Rules chosen by id, group or id prefix; `ignore` wins over `select`."""
    # A lone string is one selector, not a sequence of characters.
    if isinstance(select, str):
        select = [select]
    if isinstance(ignore, str):
        ignore = [ignore]
    select = list(select) if select is not None else None
    ignore = list(ignore or ())
    _validate((select or []) + ignore)
    out = []
    for cls in all_rules():
        if select is not None and not any(_matches(cls, s) for s in select):
            continue
        if any(_matches(cls, s) for s in ignore):
            continue
        out.append(cls())
    return out


# -- configuration ---------------------------------------------------------------------
def load_config(start: Path | None = None) -> dict[str, list[str]]:
    """`select`/`ignore` from the nearest ogi.toml ``[check]`` or pyproject.toml
    ``[tool.ogi.check]``, searching upwards from `start` (default: the working directory).
    ogi.toml wins when a directory has both, as it exists only for ogi."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        ogi_toml = folder / "ogi.toml"
        if ogi_toml.is_file():
            section = tomllib.loads(ogi_toml.read_text("utf-8")).get("check") or {}
            return _config_lists(section, ogi_toml)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = tomllib.loads(pyproject.read_text("utf-8"))
            section = data.get("tool", {}).get("ogi", {}).get("check")
            if section is not None:
                return _config_lists(section, pyproject)
    return {}


def _config_lists(section: dict[str, Any], where: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in ("select", "ignore"):
        if key in section:
            value = section[key]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{where}：{key} 应为规则编号或规则组的列表")
            out[key] = value
    return out


# -- running ---------------------------------------------------------------------------
_YEAR = patterns.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年")


def agency_key(report: Report) -> str | None:
    """The agency a report belongs to, for the cross-year rules: its name, else the part
    of its title before the year (“XX局2021年度政府信息公开工作年度报告”)."""
    name = report.agency or _YEAR.split(report.title or "", maxsplit=1)[0]
    name = "".join(name.split())
    return name or None


def _safe(rule: Rule, ctx: Context, run: Any) -> list[Finding]:
    # One broken rule must not lose the findings of the others, nor stop a batch.
    try:
        return list(run())
    except Exception as exc:
        return [
            rule.finding(
                ctx,
                f"规则 {rule.id} 未能运行：{type(exc).__name__}: {exc}",
                f"Rule {rule.id} could not run: {type(exc).__name__}: {exc}",
                severity="info",
                audience="supervisor",
            )
        ]


def chosen_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    *,
    config: bool | Path = True,
) -> list[Rule]:
    """The rules a check runs: `select`/`ignore` given here take precedence over the
    configuration file's `select` and add to its `ignore`. `config=False` skips the
    configuration file; a Path names the directory to search from."""
    settings: dict[str, list[str]] = {}
    if config:
        settings = load_config(config if isinstance(config, Path) else None)
    if isinstance(ignore, str):
        ignore = [ignore]
    return select_rules(
        select if select is not None else settings.get("select"),
        [*settings.get("ignore", []), *(ignore or [])],
    )


class Checker:
    """Checks reports one at a time and keeps of each only what the cross-report rules
    need, so a batch of any size is checked in constant memory per report.

        checker = Checker(chosen_rules())
        for report in reports:
            for finding in checker.check(report): ...
        for finding in checker.finish(): ...

    `region_parent` names the body whose reports are the region's own (a district or
    county government); the batch's other reports of the same year are its members.
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        region_parent: str | None = None,
        kept: KeptStore | None = None,
    ) -> None:
        self.single = [r for r in rules if not r.cross_report and not r.region]
        self.series = [r for r in rules if r.cross_report]
        self.regional = [r for r in rules if r.region] if region_parent else []
        # Raises ValueError for a name that is no region's government (示例县财政局).
        self.region = region_of(region_parent) if region_parent else None
        self.region_parent = "".join(region_parent.split()) if region_parent else None
        # What the batch is told of the region (no report of the parent, a body of
        # another place left out): Chinese, one line each.
        self.notes: list[str] = []
        # what the cross-report rules keep of each report: in memory, or (a large batch)
        # a store on disk that hands back one group at a time
        self.kept: KeptStore = kept if kept is not None else KeptList()
        self._prefixes = tuple(p for r in (*self.series, *self.regional) for p in r.needs)
        self._text = any(r.needs_text for r in (*self.series, *self.regional))
        self._tables = any(r.needs_tables for r in (*self.series, *self.regional))

    def check(self, report: Report) -> list[Finding]:
        """The findings of the single-report rules, sorted, with their stable ids."""
        findings = self.check_single(report)
        self.keep(self.slim(report))
        return findings

    def check_single(self, report: Report) -> list[Finding]:
        """The findings of the single-report rules only (what a worker process does;
        the cross-report rules run where the batch is gathered)."""
        ctx = Context.of(report)
        findings: list[Finding] = []
        for rule in self.single:
            findings += _safe(
                rule, ctx, lambda rule=rule, rep=report, ctx=ctx: rule.check(rep, ctx)
            )
        findings.sort(key=Finding.sort_key)
        assign_ids(findings)
        return findings

    def keep(self, slim: KeptReport | None) -> None:
        """Keep what `slim` made of a report for the cross-report rules of `finish`."""
        if slim is not None:
            self.kept.append(slim)

    def slim(self, report: Report) -> KeptReport | None:
        """What the cross-report rules need of `report`, or None when they need nothing
        (no such rule chosen, or no report year)."""
        if not (self.series or self.regional) or report.report_year is None:
            return None
        return self._slim(report)

    def _slim(self, report: Report) -> KeptReport:
        from ogi.check.rules._common import prose, t2_edition, t3_edition

        # The editions the tables follow, decided now from all the cells, so that the
        # cells that tell them apart need not be kept.
        editions = {
            t: ed.name for t, ed in (("t2", t2_edition(report)), ("t3", t3_edition(report))) if ed
        }
        kept = KeptReport(
            source=KeptSource(report.source.path),
            report_year=report.report_year,
            agency=report.agency,
            title=report.title,
            edition=report.edition,
            table_editions=editions,
            cells={
                sys.intern(k): v for k, v in report.cells.items() if k.startswith(self._prefixes)
            },
            prose_z=zlib.compress(prose(report).encode("utf-8")) if self._text else None,
            tables_z=zlib.compress(json.dumps(report.cells).encode()) if self._tables else None,
        )
        return kept

    def finish(self) -> list[Finding]:
        """The findings of the cross-report rules over everything checked so far."""
        findings = [f for group in self.finish_groups() for f in group]
        findings.sort(key=Finding.sort_key)
        return findings

    def finish_groups(self) -> Iterator[list[Finding]]:
        """The same findings one group at a time (an agency's years, a region's year),
        each group sorted and with its ids: a finding's id names its report, so ids
        given per group are those the whole list would get."""
        if self.series:
            for group in self.kept.by_agency():
                if len(group) < 2:
                    continue
                ctx = Context.of(group[-1])
                findings: list[Finding] = []
                for rule in self.series:
                    findings += _safe(rule, ctx, lambda rule=rule, g=group: rule.check_series(g))
                yield _sorted_with_ids(findings)
        if self.regional and self.region_parent and self.region:
            found = False
            for group in self.kept.by_year():
                parents = [r for r in group if is_region_parent(r, self.region_parent)]
                found = found or bool(parents)
                if len(parents) > 1:
                    self.notes.append(
                        f"{parents[0].report_year}年度有 {len(parents)} 份 {self.region_parent} "
                        f"的报告（{'、'.join(p.source.path for p in parents)}），"
                        "无法确定以哪一份与本地区其他机关比较，未作地区汇总核对"
                    )
                if len(parents) != 1:
                    continue
                others = [r for r in group if r is not parents[0]]
                inside = [self.region.holds(agency_key(r)) for r in others]
                members = [r for r, ok in zip(others, inside, strict=True) if ok]
                outside = [
                    agency_key(r) or r.source.path
                    for r, ok in zip(others, inside, strict=True)
                    if not ok
                ]
                if outside:
                    self.notes.append(
                        f"{'、'.join(outside)} 不属于{self.region.name}，"
                        f"未计入 {self.region_parent} {parents[0].report_year}年度的地区汇总核对"
                    )
                ctx = Context.of(parents[0])
                findings = []
                for rule in self.regional:
                    findings += _safe(
                        rule,
                        ctx,
                        lambda rule=rule, p=parents[0], m=members: rule.check_region(p, m),
                    )
                yield _sorted_with_ids(findings)
            if not found:
                self.notes.append(
                    f"本批报告中没有 {self.region_parent} 的报告（--region-parent），"
                    "未作地区汇总核对；请核对机关名称是否与报告所署一致"
                )


def _sorted_with_ids(findings: list[Finding]) -> list[Finding]:
    findings.sort(key=Finding.sort_key)
    assign_ids(findings)
    return findings


class KeptStore(Protocol):
    """Where a `Checker` keeps the slim reports until `finish`."""

    def append(self, kept: KeptReport) -> None: ...

    def by_agency(self) -> Iterable[list[Any]]:
        """One agency's kept reports at a time (agencies in the order first seen), each
        sorted by report year (reports of one year in the order they came)."""
        ...

    def by_year(self) -> Iterable[list[Any]]:
        """One report year's kept reports at a time, years in the order first seen."""
        ...


class KeptList(list):  # type: ignore[type-arg]
    """The kept reports in memory: a batch of one page, a test."""

    def by_agency(self) -> Iterable[list[Any]]:
        groups: dict[str, list[Any]] = defaultdict(list)
        for report in self:
            key = agency_key(report)
            if key is not None:
                groups[key].append(report)
        for group in groups.values():
            yield sorted(group, key=lambda r: r.report_year or 0)

    def by_year(self) -> Iterable[list[Any]]:
        groups: dict[int, list[Any]] = defaultdict(list)
        for report in self:
            groups[report.report_year or 0].append(report)
        yield from groups.values()


@dataclass(slots=True, frozen=True)
class KeptSource:
    path: str


@dataclass(slots=True)
class KeptReport:
    """What a batch keeps of a report for the cross-report rules: the few cells they name
    (keys interned: every report has the same ones), the tables' editions and the prose,
    compressed. It answers the attributes those rules read of a `Report`."""

    source: Any
    report_year: int | None
    agency: str | None
    title: str | None
    edition: str | None
    table_editions: dict[str, str]
    cells: dict[str, Any]
    prose_z: bytes | None = None
    tables_z: bytes | None = None  # every cell, as compressed JSON (`Rule.needs_tables`)
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: tuple[()] = ()
    raw: tuple[()] = ()
    problems: tuple[()] = ()

    def all_cells(self) -> dict[str, Any]:
        """Every cell of the report (kept only for a rule that `needs_tables`)."""
        return json.loads(zlib.decompress(self.tables_z)) if self.tables_z else self.cells


_GOVERNMENT = patterns.compile(r"(人民政府|政府)$")
# A region's own name: a province, city, county, district, banner, township or
# subdistrict (示例县, 示例市示例区, 示例镇), its government being 示例县人民政府.
_REGION_NAME = patterns.compile(r"(省|自治区|市|州|盟|地区|县|区|旗|镇|乡|街道)$")
_LEADING_REGION = patterns.compile(r"^(.+?(?:自治县|县|区|市|旗))")  # 示例县 of 示例县财政局


@dataclass(frozen=True)
class RegionParent:
    """The region a batch is declared to be (`--region-parent`), and which bodies are of
    it: those whose name starts with the region's (示例县财政局, 示例县甲镇人民政府), or
    that the agencies module places inside the region's division (淮安市洪泽区财政局 in
    洪泽区). A body of another place (邻县财政局) is no member."""

    name: str  # 示例县

    def holds(self, agency: str | None) -> bool:
        if not agency:
            return False
        agency = "".join(agency.split())
        if agency.startswith(self.name):
            return True
        return _within(agency, self.name)


def region_of(parent: str) -> RegionParent:
    """The region whose government `parent` names (示例县人民政府, 示例县政府 or 示例县);
    ValueError, in Chinese, for a department or anything else that is no region's
    government: the region's totals are compared with its government's report only."""
    name = "".join(parent.split())
    region = _GOVERNMENT.sub("", name)
    if not region or not _REGION_NAME.search(region):
        m = _LEADING_REGION.match(name)
        example = f"{m[1]}人民政府" if m and m[1] != name else "示例县人民政府"
        raise ValueError(
            f"--region-parent {parent}：不是人民政府的名称。地区汇总核对以区县（或市、乡镇）"
            f"人民政府的报告与同批本地区各机关报告之和比较，请填写人民政府名称，如 {example}"
        )
    return RegionParent(region)


@lru_cache(maxsize=4096)
def _within(agency: str, region: str) -> bool:
    """Whether the agencies module places `agency` in the division `region` names (both
    resolved for certain; a fictional or unknown place never is)."""
    from ogi.agencies import identify_name

    outer, inner = identify_name(region + "人民政府"), identify_name(agency)
    if outer is None or inner is None or outer.region is None or inner.region is None:
        return False
    if not (outer.certain and inner.certain):
        return False
    digits = {"province": 2, "city": 4, "county": 6}[outer.region.rank]
    if {"province": 2, "city": 4, "county": 6}[inner.region.rank] < digits:
        return False  # a body of the city above a county is not the county's
    return inner.region.adcode[:digits] == outer.region.adcode[:digits]


def is_region_parent(report: Report, name: str) -> bool:
    """Whether `report` is the region's own report: its agency is the name given, with or
    without 人民政府 (示例县 = 示例县人民政府)."""
    key = agency_key(report)
    if not key:
        return False
    return _GOVERNMENT.sub("", key) == _GOVERNMENT.sub("", name)


def run_checks(
    reports: Iterable[Report],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    *,
    config: bool | Path = True,
    region_parent: str | None = None,
) -> list[Finding]:
    """Run the selected rules over `reports` and return the findings, sorted.

    `select`/`ignore` given here take precedence over the configuration file's `select`
    and add to its `ignore`. `config=False` skips the configuration file; a Path names
    the directory to search from.
    """
    checker = Checker(chosen_rules(select, ignore, config=config), region_parent=region_parent)
    findings: list[Finding] = []
    for report in reports:
        findings += checker.check(report)
    findings += checker.finish()
    findings.sort(key=Finding.sort_key)
    return findings
