"""Questions asked of the corpus: which reports match a filter, an agency's years side by
side, totals of outcomes and refusal grounds over years, how often each rule fails by
year and region. All are SQL over `ReportIndex` (one row of figures per report) and the
stored findings, so they stay fast with a province's reports in the store."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, distinct, false, func, select
from sqlalchemy.orm import Session

from ogi.services.measures import BY_KEY, COUNT_KEYS, MEASURES
from ogi.store.models import ReportRecord
from ogi.store.review import FindingRecord, ReportIndex, published

STATUSES = {"errors": "有错误", "warnings": "仅有警告", "passed": "未发现问题"}
SORTABLE = {"agency", "year", "region", "level", "edition", "errors", "warnings", *BY_KEY}


@dataclass
class Filter:
    q: str = ""  # part of the agency's name
    region: str = ""
    level: str = ""
    year: int | None = None
    edition: str = ""
    status: str = ""
    rule: str = ""
    public_only: bool = True
    all_sources: bool = False  # every file of an agency-year, not only its primary

    def where(self, query: Select[Any]) -> Select[Any]:
        R = ReportIndex
        query = query.where(published(R.report_id))  # never a batch's draft
        if not self.all_sources:
            query = query.where(R.report_id.not_in(_NOT_PRIMARY))
        if self.public_only:
            query = query.where(R.public.is_(True))
        if self.q:
            query = query.where(R.agency.contains(self.q.strip(), autoescape=True))
        if self.region:
            query = query.where(R.region == self.region)
        if self.level:
            query = query.where(R.level == self.level)
        if self.year:
            query = query.where(R.year == self.year)
        if self.edition:
            query = query.where(R.edition == self.edition)
        if self.status == "errors":
            query = query.where(R.errors > 0)
        elif self.status == "warnings":
            query = query.where(and_(R.errors == 0, R.warnings > 0))
        elif self.status == "passed":
            query = query.where(and_(R.errors == 0, R.warnings == 0))
        if self.rule:
            having = select(FindingRecord.report_id).where(FindingRecord.rule == self.rule)
            query = query.where(R.report_id.in_(having))
        return query


# the sources that are not their agency-year's primary (few: found through their index,
# which `= false` uses on both databases and `IS false` would not on PostgreSQL)
_NOT_PRIMARY = select(ReportRecord.id).where(ReportRecord.primary == false())


# an ordering that puts an agency-year's primary before its other sources
_PRIMARY_FIRST = (
    select(ReportRecord.primary)
    .where(ReportRecord.id == ReportIndex.report_id)
    .scalar_subquery()
    .desc()
)


@dataclass
class Facets:
    regions: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def facets(session: Session, public_only: bool) -> Facets:
    R = ReportIndex

    def values(col: Any) -> list[Any]:
        q = select(col).distinct().where(col.is_not(None), published(R.report_id))
        if public_only:
            q = q.where(R.public.is_(True))
        return sorted(session.scalars(q))

    rules_q = select(FindingRecord.rule).distinct()
    rules_q = rules_q.where(published(FindingRecord.report_id))
    if public_only:
        shown = select(R.report_id).where(R.public.is_(True))
        rules_q = rules_q.where(FindingRecord.report_id.in_(shown))
    rules = sorted(session.scalars(rules_q))
    return Facets(values(R.region), values(R.level), values(R.year), values(R.edition), rules)


def corpus_rows(
    session: Session,
    flt: Filter,
    sort: str = "agency",
    descending: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[ReportIndex], int]:
    """One page of the reports matching `flt`, and how many match in all."""
    R = ReportIndex
    total = session.scalar(flt.where(select(func.count()).select_from(R))) or 0
    col = getattr(R, sort if sort in SORTABLE else "agency")
    order = [col.desc().nulls_last() if descending else col.asc().nulls_last()]
    order += [R.agency.asc(), R.year.asc(), R.report_id.asc()]
    q = flt.where(select(R)).order_by(*order)
    if per_page:
        q = q.offset(max(0, page - 1) * per_page).limit(per_page)
    return list(session.scalars(q)), total


def trends(
    session: Session, agencies: list[str], public_only: bool, key: str = "received"
) -> dict[str, list[tuple[int, float | int | None, int]]]:
    """For each agency: (year, value of measure `key`, report id) over its years."""
    if not agencies:
        return {}
    R = ReportIndex
    q = (
        select(R.agency, R.year, getattr(R, key), R.report_id)
        .where(R.agency.in_(agencies), R.year.is_not(None), published(R.report_id))
        .order_by(R.agency, R.year, _PRIMARY_FIRST, R.report_id)
    )
    if public_only:
        q = q.where(R.public.is_(True))
    out: dict[str, list[tuple[int, Any, int]]] = defaultdict(list)
    for agency, year, value, rid in session.execute(q):
        series = out[agency]
        if series and series[-1][0] == year:
            continue  # one point a year: its primary
        series.append((year, value, rid))
    return out


# -- an agency ---------------------------------------------------------------------------------
@dataclass
class AgencyYears:
    name: str
    reports: list[ReportIndex]  # one per year (its primary), by year
    others: list[ReportIndex]  # the other sources of a year shown
    changes: dict[str, list[tuple[int | float | None, float | None]]]  # key → (Δ, Δ%) per year


def agency_years(session: Session, name: str, public_only: bool) -> AgencyYears | None:
    R = ReportIndex
    q = select(R).where(R.agency == name, published(R.report_id))
    q = q.order_by(R.year.asc().nulls_last(), _PRIMARY_FIRST, R.report_id)
    if public_only:
        q = q.where(R.public.is_(True))
    rows = list(session.scalars(q))
    if not rows:
        return None
    shown: list[ReportIndex] = []
    others: list[ReportIndex] = []
    for r in rows:
        (others if shown and shown[-1].year == r.year else shown).append(r)
    changes: dict[str, list[tuple[Any, float | None]]] = {}
    for m in MEASURES:
        per = []
        for prev, cur in zip([None, *shown[:-1]], shown, strict=True):
            a = getattr(prev, m.key) if prev is not None else None
            b = getattr(cur, m.key)
            if a is None or b is None or prev is None or prev.year != (cur.year or 0) - 1:
                per.append((None, None))
                continue
            delta = b - a
            per.append((delta, (delta / a) if a else None))
        changes[m.key] = per
    return AgencyYears(name, shown, others, changes)


# -- charts ------------------------------------------------------------------------------------
OUTCOME_KEYS = (
    "granted",
    "partially_granted",
    "withheld",
    "unable",
    "not_processed",
    "other_handling",
)
GROUND_KEYS = tuple(m.key for m in MEASURES if m.group == "grounds")


def year_figures(
    session: Session, flt: Filter, keys: tuple[str, ...]
) -> tuple[dict[int, dict[str, int]], dict[str, dict[int, tuple[int, int]]]]:
    """In one pass over the reports matching `flt`: per report year, the sums of measures
    `keys` and the number of reports (a report missing a measure adds nothing to it);
    and per region and year, (reports with an error, reports)."""
    R = ReportIndex
    bad = func.sum(case((R.errors > 0, 1), else_=0)).label("bad")
    cols = [func.sum(getattr(R, k)).label(k) for k in keys]
    q = flt.where(
        select(R.region, R.year, func.count().label("n"), bad, *cols).where(R.year.is_not(None))
    )
    totals: dict[int, dict[str, int]] = {}
    regions: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in session.execute(q.group_by(R.region, R.year)):
        year = totals.setdefault(row.year, {"reports": 0, **dict.fromkeys(keys, 0)})
        year["reports"] += row.n
        for k in keys:
            year[k] += int(getattr(row, k) or 0)
        regions[row.region or "（未知）"][row.year] = (int(row.bad or 0), int(row.n))
    return dict(sorted(totals.items())), dict(sorted(regions.items()))


@dataclass
class RuleRates:
    years: list[int]
    reports: dict[int, int]  # reports per year
    rules: dict[str, dict[int, int]]  # rule → year → reports failing it


def rule_rates(
    session: Session, flt: Filter, per_year: dict[int, int], limit: int = 15
) -> RuleRates:
    """How many reports of each year fail each rule (errors and warnings), the rules
    failed most often first. `per_year`: the reports of each year matching `flt`
    (`year_figures` counts them)."""
    R, F = ReportIndex, FindingRecord
    q = flt.where(
        select(F.rule, R.year, func.count(distinct(F.report_id)))
        .join(R, R.report_id == F.report_id)
        .where(
            R.year.is_not(None),
            F.severity.in_(("error", "warning")),
            F.audience == "agency",
        )
    ).group_by(F.rule, R.year)
    rules: dict[str, dict[int, int]] = defaultdict(dict)
    for rule, year, n in session.execute(q):
        rules[rule][year] = n
    top = sorted(rules, key=lambda r: -sum(rules[r].values()))[:limit]
    return RuleRates(sorted(per_year), per_year, {r: rules[r] for r in top})


def report_ids_matching(session: Session, flt: Filter, limit: int = 5000) -> list[int]:
    q = flt.where(select(ReportIndex.report_id)).limit(limit)
    return list(session.scalars(q))


__all__ = [
    "COUNT_KEYS",
    "GROUND_KEYS",
    "OUTCOME_KEYS",
    "STATUSES",
    "Filter",
    "agency_years",
    "corpus_rows",
    "facets",
    "rule_rates",
    "trends",
    "year_figures",
]
