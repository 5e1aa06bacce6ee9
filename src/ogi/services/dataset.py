"""The corpus as a dataset researchers can use as it comes.

After a file is stored, `index` gives its report an agency entity, its findings, and a
place in its agency-year: several files of the same report (the web page and its PDF,
two encodings) are sources of one report, the most complete reading is the primary, and
cells where the sources disagree are kept as findings. Exports then have one row per
agency-year, agency ids and regions, the harmonised view, the measures, findings, and a
data dictionary that explains every column.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ogi.format.labels import TABLE_ZH
from ogi.model import Report
from ogi.store import Store, in_chunks
from ogi.store.models import Agency, ReportRecord
from ogi.store.reports import REPORT_ROWS, report_of

SOURCES_DIFFER = "X-SOURCES-DIFFER"
# When readings are equally complete, the form that keeps most structure wins.
_FORM_RANK = {"docx": 0, "doc": 1, "html": 2, "pdf": 3, "image": 4, "md": 5, "txt": 6, "ledger": 7}


# -- indexing ------------------------------------------------------------------------------
def index(s: Session, row: ReportRecord, report: Report) -> None:
    """Agency entity, findings and figures (`ogi.services.indexing`), and the report's
    place in its agency-year, for one stored report. It rewrites the agency-year's
    findings, so it takes the writers' lock first (`serialise_writes`)."""
    from ogi.agencies import identify
    from ogi.services.agencies import agency_for
    from ogi.services.indexing import index_reports

    serialise_writes(s)
    ident = identify(report)
    agency = None
    if ident is not None:
        agency = agency_for(s, ident)
        row.agency_id = agency.id
        row.agency = agency.name
    s.flush()
    index_reports(s, [row.id], public=True)  # ingested reports are published ones
    if agency is not None:
        _place(s, row.id, agency)
    regroup(s, row.agency_id, row.year)


def publish_drafts(s: Session, hashes: Iterable[str]) -> int:
    """File as published the stored reports of these contents that are drafts only (sent
    to a review batch), as `ogi ingest` files what it reads; how many there were. A file
    ingested after it was sent for review is a published report all the same."""
    from ogi.store.reports import report_of
    from ogi.store.review import draft_report_ids

    wanted = list(dict.fromkeys(hashes))
    ids: list[int] = []
    for chunk in in_chunks(wanted):
        q = select(ReportRecord.id).where(
            ReportRecord.sha256.in_(chunk), ReportRecord.id.in_(draft_report_ids())
        )
        ids += s.scalars(q)
    for rid in sorted(ids):
        row = s.get(ReportRecord, rid)
        assert row is not None
        index(s, row, report_of(row))
    return len(ids)


_INDEX_LOCK = 0x6F6769  # PostgreSQL advisory lock: one indexing transaction at a time


def serialise_writes(s: Session) -> None:
    """Indexing rewrites the findings of an agency's other reports and its agency-years:
    two ingests doing it at once on PostgreSQL would each miss the other's rows. SQLite
    writers are serialised already (BEGIN IMMEDIATE)."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _INDEX_LOCK})


def regroup_stored(s: Session, hashes: list[str], settled: Settled | None = None) -> None:
    """Choose the primaries again for the agency-years of these files: run after an
    ingest has committed, so that one running beside it (whose rows an earlier
    transaction could not see) still ends with every agency-year settled on all sources.
    An agency-year `settled` on the very reports it has now is left as it is: the
    choice depends on nothing else."""
    serialise_writes(s)
    pairs = set()
    for chunk in in_chunks(hashes):
        q = select(ReportRecord.agency_id, ReportRecord.year).where(ReportRecord.sha256.in_(chunk))
        pairs.update(s.execute(q).all())
    if settled:
        wanted = {(a, y) for a, y in pairs if a is not None and y is not None}
        now = _members(s, wanted)
        pairs = {p for p in wanted if settled.get(p) != frozenset(now.get(p, ()))}
    regroup_many(s, pairs)


def _members(s: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], dict[int, bool]]:
    """The stored reports of each agency-year, with whether each is its primary. Asked by
    agency (indexed) and sorted out here: a database scans the whole table for a list
    of (agency, year) pairs."""
    R = ReportRecord
    out: dict[tuple[int, int], dict[int, bool]] = {}
    agencies = sorted({a for a, _ in pairs})
    for chunk in in_chunks(agencies):
        q = select(R.agency_id, R.year, R.id, R.primary).where(R.agency_id.in_(chunk))
        for a, y, rid, primary in s.connection().execute(q):
            if (a, y) in pairs:
                out.setdefault((a, y), {})[rid] = bool(primary)
    return out


def _place(s: Session, report_id: int, agency: Agency) -> None:
    """Region and level of the agency on the report's figures, unless a batch set them."""
    from ogi.agencies.names import LEVELS_ZH
    from ogi.store.review import ReportIndex

    ix = s.get(ReportIndex, report_id)
    if ix is None:
        return
    region = "".join(x for x in (agency.province, agency.city, agency.county) if x)
    ix.region = ix.region or region or None
    ix.level = ix.level or LEVELS_ZH.get(agency.level or "") or None


@dataclass
class _Source:
    """One source of an agency-year, as choosing its primary needs it: the cells are kept
    as stored (JSON text) and decoded only when its sources' texts differ."""

    id: int
    agency_id: int
    year: int
    form: str
    sha256: str
    source_path: str
    cells_text: str | None
    doubts: int
    decoded: _Decoded
    published: str | None = None

    @property
    def cells(self) -> dict[str, Any]:
        return self.decoded(self.cells_text) or {}


class _Decoded:
    """JSON texts decoded once each: the sources of one report usually hold the very same
    cells, and their doubts are mostly none."""

    def __init__(self) -> None:
        self.seen: dict[str, Any] = {"[]": []}

    def __call__(self, text: str | None) -> Any:
        if text is None:
            return None
        value = self.seen.get(text)
        if value is None:
            import json

            value = self.seen[text] = json.loads(text)
        return value


def _completeness(row: _Source, cells: bool = True) -> tuple[int, int, int, str]:
    """Most cells read, fewest doubts, the most structured form; then the file's hash, so
    the choice does not depend on the order files were stored in. Sources whose cells
    are the same text are as complete in cells (`cells=False`: not counted)."""
    filled = 0
    if cells:
        values = list(row.cells.values())
        filled = len(values) - values.count(None)
    return (-filled, row.doubts, _FORM_RANK.get(row.form, 9), row.sha256)


def _split_path(path: str) -> tuple[str, str | None, str]:
    table, _, rest = path.partition(".")
    if table == "t4":
        return table, None, rest
    row, _, col = rest.rpartition(".")
    return table, row, col


def regroup(s: Session, agency_id: int | None, year: int | None) -> None:
    """Choose the primary source of an agency-year and record, as findings of the primary,
    the cells where its sources disagree (X-SOURCES-DIFFER)."""
    regroup_many(s, [(agency_id, year)])


Settled = dict[tuple[int, int], frozenset[int]]  # agency-year → the reports it was settled on


def findings_of(
    s: Session, report_ids: Sequence[int], rules: Collection[str], columns: Sequence[Any]
) -> Iterator[Any]:
    """`columns` of the stored findings of these reports whose rule is one of `rules`,
    as plain rows (no ORM loading for thousands of them), in the order stored. Asked by
    report and sorted out here, then the rows of those only: by rule, SQLite would walk
    every finding of that rule in the store."""
    from ogi.store.review import FindingRecord as F

    conn = s.connection()
    ids: list[int] = []
    for chunk in in_chunks(report_ids):
        q = select(F.id, F.rule).where(F.report_id.in_(chunk))
        ids += [fid for fid, rule in conn.execute(q) if rule in rules]
    for chunk in in_chunks(ids):
        yield from conn.execute(select(*columns).where(F.id.in_(chunk)).order_by(F.id))


def regroup_many(
    s: Session, pairs: Iterable[tuple[int | None, int | None]], settled: Settled | None = None
) -> None:
    """`regroup` for many agency-years at once, in a few statements whatever their number:
    the primary of each is chosen, the findings of disagreeing sources replaced, and the
    warning counts of the primaries whose disagreements changed set again. `settled`, when
    given, is told which reports each agency-year was settled on."""
    from collections import defaultdict

    from sqlalchemy import Text, cast, delete, func, update

    from ogi.store.review import FindingRecord, ReportIndex

    wanted = sorted({(a, y) for a, y in pairs if a is not None and y is not None})
    if not wanted:
        return
    R = ReportRecord
    s.flush()  # what the caller changed goes in first: plain statements below skip autoflush
    members = _members(s, set(wanted))
    primary_was = {rid: p for group in members.values() for rid, p in group.items()}
    ids = sorted(primary_was)
    if settled is not None:
        settled.update({pair: frozenset(group) for pair, group in members.items()})
    # only an agency-year of several sources needs its reports' cells read (a report
    # alone is its own primary, with nothing to disagree with)
    # read as the JSON text stored: the same text is decoded once (`_Decoded`), and two
    # sources whose texts are equal agree without comparing their cells one by one
    cols = (
        R.id,
        R.agency_id,
        R.year,
        cast(R.cells, Text),
        cast(R.problems, Text),
        R.form,
        R.sha256,
        R.source_path,
        R.published,
    )
    several = sorted(rid for group in members.values() if len(group) > 1 for rid in group)
    groups: dict[tuple[int, int], list[_Source]] = defaultdict(list)
    decoded = _Decoded()
    for chunk in in_chunks(several):
        q = select(*cols).where(R.id.in_(chunk))
        for rid, aid, year, cells, problems, form, sha, path, date in s.connection().execute(q):
            doubts = len(decoded(problems) or [])
            groups[(aid, year)].append(
                _Source(rid, aid, year, form, sha, path, cells, doubts, decoded, date)
            )
    # the disagreements stored now: (report, fid, message) → finding row id
    stored: dict[tuple[int, str, str], int] = {}
    F = FindingRecord
    for r in findings_of(s, ids, {SOURCES_DIFFER}, [F.id, F.report_id, F.fid, F.message]):
        stored[(r.report_id, r.fid, r.message)] = r.id
    primaries = {next(iter(group)) for group in members.values() if len(group) == 1}
    added: list[dict[str, Any]] = []
    for rows in groups.values():
        differ = len({r.cells_text for r in rows}) > 1
        rows.sort(key=lambda r: _completeness(r, cells=differ))
        primary, others = rows[0], rows[1:]
        primaries.add(primary.id)
        if len({r.published for r in rows if r.published}) > 1:
            added.append(_dates_differ(primary, rows))
        seen: set[str] = set()
        for other in others:
            if other.cells_text == primary.cells_text:
                continue  # the usual case: the sources agree
            mine, theirs = primary.cells, other.cells
            if theirs == mine:
                continue
            for path in sorted(p for p, v in mine.items() if theirs.get(p, v) != v):
                v, w = mine[path], theirs[path]
                if not (isinstance(v, int | float) and isinstance(w, int | float) and v != w):
                    continue
                finding = _differ(
                    primary.id,
                    f"{path}|{v}|{w}",
                    f"同一报告的两个来源读数不同：{path} 在 {primary.source_path} "
                    f"中为 {v}，在 {other.source_path} 中为 {w}",
                    v,
                    w,
                    _split_path(path),
                )
                if finding["fid"] in seen:
                    continue
                seen.add(finding["fid"])
                added.append(finding)
    changed = [
        {"id": rid, "primary": rid in primaries}
        for rid, was in primary_was.items()
        if was != (rid in primaries)
    ]
    if changed:
        s.execute(update(ReportRecord), changed)
    # only what changed is written: a batch settles the same agency-years again and again
    wanted = {(a["report_id"], a["fid"], a["message"]) for a in added}
    obsolete = [fid for key, fid in stored.items() if key not in wanted]
    # the reports whose disagreements change: those are counted again below
    recount = {key[0] for key in stored if key not in wanted}
    recount.update(rid for rid, _fid, _message in wanted - stored.keys())
    for chunk in in_chunks(obsolete):
        s.execute(delete(FindingRecord).where(FindingRecord.id.in_(chunk)))
    added = [a for a in added if (a["report_id"], a["fid"], a["message"]) not in stored]
    if added:
        s.execute(FindingRecord.__table__.insert(), added)
    gone: dict[int, int] = defaultdict(int)
    for rid, _fid, _message in stored:
        gone[rid] += 1
    # a report that stops being primary loses its disagreements from its warnings too
    ix = ReportIndex.__table__.c
    for rid, n in gone.items():
        if rid not in primaries:
            s.execute(
                update(ReportIndex.__table__)
                .where(ix.report_id == rid)
                .values(
                    warnings=func.max(0, ix.warnings - n)
                    if _sqlite(s)
                    else func.greatest(0, ix.warnings - n)
                )
            )
    first = sorted(primaries & recount)
    for chunk in in_chunks(first):
        counts = dict.fromkeys(chunk, 0)
        q = select(FindingRecord.report_id, func.count()).where(
            FindingRecord.report_id.in_(chunk), FindingRecord.severity == "warning"
        )
        counts.update(dict(s.execute(q.group_by(FindingRecord.report_id)).all()))  # type: ignore[arg-type]
        s.execute(
            update(ReportIndex.__table__)
            .where(ix.report_id == bindparam("rid"))
            .values(warnings=bindparam("n")),
            [{"rid": rid, "n": n} for rid, n in counts.items()],
        )
    s.expire_all()  # rows and figures changed underneath any object loaded before


def _dates_differ(primary: _Source, rows: list[_Source]) -> dict[str, Any]:
    """The finding of an agency-year whose sources state different publication dates: the
    export then gives the primary's own date, or none (`Entry.published`)."""
    dates = sorted({r.published for r in rows if r.published})
    each = "，".join(
        f"{r.source_path} {'为 ' + r.published if r.published else '未载明'}"
        for r in sorted(rows, key=lambda r: r.source_path)
    )
    kept = f"取 {primary.source_path} 所载" if primary.published else "发布日期留空"
    return _differ(
        primary.id,
        f"published|{'|'.join(dates)}",
        f"同一报告的来源载明的发布日期不同：{each}；{kept}",
        primary.published,
        dates,
    )


def _differ(
    report_id: int,
    what: str,
    message: str,
    expected: Any,
    found: Any,
    place: tuple[str | None, str | None, str | None] = (None, None, None),
) -> dict[str, Any]:
    """A finding row of X-SOURCES-DIFFER on the primary `report_id`: `what` differs (its
    id is made of it), at `place` (table, row, column) when it is a cell."""
    import hashlib

    table, row, col = place
    return {
        "report_id": report_id,
        "fid": hashlib.sha1(f"{SOURCES_DIFFER}|{what}".encode()).hexdigest()[:16],
        "rule": SOURCES_DIFFER,
        "severity": "warning",
        "tbl": table,
        "row": row,
        "col": col,
        "section": None,
        "message": message,
        "expected": expected,
        "found": found,
    }


def _sqlite(s: Session) -> bool:
    return s.get_bind().dialect.name == "sqlite"


def index_all(store: Store, only_missing: bool = True) -> int:
    """Index stored reports (those not yet indexed, or all): after an upgrade from a
    store of an older version, or after ogi's identification improved."""
    from ogi.store.review import ReportIndex, published

    n = 0
    with store.session() as s:
        # a batch's draft is not filed under an agency-year: that would make it a source
        q = select(ReportRecord.id).where(published(ReportRecord.id))
        if only_missing:
            done = select(ReportIndex.report_id)
            q = q.where(ReportRecord.id.not_in(done) | ReportRecord.agency_id.is_(None))
        ids = list(s.scalars(q))
    for rid in ids:
        with store.session() as s:
            row = s.get(ReportRecord, rid)
            if row is not None:
                index(s, row, report_of(row))
                n += 1
    return n


# -- querying ------------------------------------------------------------------------------
@dataclass
class Filters:
    agency: str | None = None  # any part of a name, or a stable id
    region: str | None = None  # province, city or county name, or a division code prefix
    level: str | None = None
    year: int | None = None
    rule: str | None = None  # reports with a finding of this rule
    all_sources: bool = False  # every file, not one report per agency-year

    def describe(self) -> str:
        parts = []
        if self.agency:
            parts.append(f"机关“{self.agency}”")
        if self.region:
            parts.append(f"地区“{self.region}”")
        if self.level:
            parts.append(f"层级“{self.level}”")
        if self.year:
            parts.append(f"{self.year}年度")
        if self.rule:
            parts.append(f"违反规则 {self.rule}")
        return "、".join(parts) or "全部"


@dataclass
class Entry:
    """One stored report with its agency entity and the checker's counts."""

    row: ReportRecord
    agency: Agency | None
    sources: int
    errors: int | None = None
    warnings: int | None = None
    # the other sources of the agency-year that state a publication date: date → (form,
    # sha256, path) of each (`query` gives them only for a primary that states none)
    dates: dict[str, list[tuple[str, str, str]]] | None = None

    @property
    def published(self) -> tuple[str | None, str | None]:
        """The publication date and the file it is taken from: the primary's own, else the
        date the other sources of the same report agree on; none when they disagree (the
        disagreement is a finding, X-SOURCES-DIFFER)."""
        if self.row.published:
            return self.row.published, self.row.source_path
        if not self.dates or len(self.dates) > 1:
            return None, None
        (date, stating), *_ = self.dates.items()
        _form, _sha, path = min(stating, key=lambda x: (_FORM_RANK.get(x[0], 9), x[1]))
        return date, path

    @property
    def report(self) -> Report:
        return report_of(self.row)

    def findings(self, s: Session) -> list[Any]:
        """The report's stored findings (`FindingRecord`), in the checker's order."""
        from ogi.store.review import FindingRecord

        q = select(FindingRecord).where(FindingRecord.report_id == self.row.id)
        return list(s.scalars(q.order_by(FindingRecord.id)))


def query(s: Session, f: Filters) -> Iterator[Entry]:
    """Stored reports matching the filters, one per agency-year unless `all_sources`,
    ordered by region, agency and year; streamed."""
    from ogi.agencies.names import LEVELS_ZH, normalise_name
    from ogi.store.models import AgencyName
    from ogi.store.review import FindingRecord, ReportIndex, published

    q = (
        select(ReportRecord, Agency, ReportIndex.errors, ReportIndex.warnings)
        .outerjoin(Agency, Agency.id == ReportRecord.agency_id)
        .outerjoin(ReportIndex, ReportIndex.report_id == ReportRecord.id)
        .order_by(Agency.adcode, ReportRecord.agency, ReportRecord.year, ReportRecord.id)
    )
    if f.rule:
        broken = select(FindingRecord.report_id).where(FindingRecord.rule == f.rule.upper())
        q = q.where(ReportRecord.id.in_(broken))
    q = q.where(published(ReportRecord.id))  # never a batch's draft
    if not f.all_sources:
        q = q.where(ReportRecord.primary.is_(True))
    if f.year:
        q = q.where(ReportRecord.year == f.year)
    if f.agency:
        like = f"%{normalise_name(f.agency)}%"
        alias = select(AgencyName.agency_id).where(AgencyName.name.like(like))
        q = q.where(ReportRecord.agency.like(like) | Agency.code.like(like) | Agency.id.in_(alias))
    if f.region:
        r = normalise_name(f.region)
        q = q.where(
            Agency.province.like(f"%{r}%")
            | Agency.city.like(f"%{r}%")
            | Agency.county.like(f"%{r}%")
            | Agency.adcode.like(f"{r}%")
        )
    if f.level:
        wanted = {k for k, v in LEVELS_ZH.items() if f.level in (k, v, v.removesuffix("级"))}
        q = q.where(Agency.level.in_(wanted or {f.level}))
    counts: dict[tuple[int | None, int | None], int] = {}
    dates: dict[tuple[int, int], dict[str, list[tuple[str, str, str]]]] = {}
    if not f.all_sources:
        R = ReportRecord
        for aid, year in s.execute(select(R.agency_id, R.year)):
            counts[(aid, year)] = counts.get((aid, year), 0) + 1
        # the dates the other sources state, for a primary that states none
        stated = select(R.agency_id, R.year, R.published, R.form, R.sha256, R.source_path).where(
            R.primary.is_(False), R.published.is_not(None), R.agency_id.is_not(None)
        )
        for aid, year, date, form, sha, path in s.execute(stated):
            dates.setdefault((aid, year), {}).setdefault(date, []).append((form, sha, path))
    for row, agency, errors, warnings in s.execute(q.execution_options(yield_per=REPORT_ROWS)):
        n = counts.get((row.agency_id, row.year), 1) if row.agency_id is not None else 1
        others = dates.get((row.agency_id, row.year)) if row.primary else None
        yield Entry(row, agency, n, errors, warnings, others)


def what_is_there(s: Session) -> str:
    """A short description of the store's contents, for a filter that matched nothing."""
    from sqlalchemy import func

    from ogi.store.review import published

    n = s.scalar(select(func.count()).where(published(ReportRecord.id))) or 0
    if not n:
        return "库中还没有报告：先用 `ogi ingest 目录/` 存入报告"
    q = select(ReportRecord.year).distinct().where(published(ReportRecord.id))
    years = [y for y in s.scalars(q) if y is not None]
    agencies = s.scalar(select(func.count()).select_from(Agency)) or 0
    provinces = sorted({p for p in s.scalars(select(Agency.province).distinct()) if p})
    yr = f"{min(years)}–{max(years)} 年度" if years else "年度不明"
    prov = f"，地区：{'、'.join(provinces[:8])}" if provinces else ""
    return f"库中有 {n} 个文件、{agencies} 个机关，{yr}{prov}"


def similar_agencies(s: Session, text: str, limit: int = 5) -> list[str]:
    """Agency names sharing the most characters with `text`, for a hint."""
    names = list(s.scalars(select(Agency.name)))
    want = set(text)
    scored = sorted(names, key=lambda n: -len(want & set(n)))
    return [n for n in scored[:limit] if want & set(n)]


# -- export --------------------------------------------------------------------------------
META = (
    (
        "agency_id",
        "机关编号",
        "机关的稳定编号：行政区划代码（GB/T 2260，无则 000000）加机关名称的摘要",
    ),
    ("agency", "机关", "机关规范全称（地名补全到所在的市、县）"),
    ("province", "省", "所在省级行政区"),
    ("city", "市", "所在地级行政区"),
    ("county", "县", "所在县级行政区"),
    ("adcode", "行政区划代码", "所在最细一级行政区的 GB/T 2260 代码"),
    ("level", "层级", "national/province/city/county/township：国家级、省级、市级、县级、乡镇级"),
    (
        "kind",
        "机关类别",
        "government/department/township/zone：人民政府、政府部门、乡镇（街道）、开发区管委会",
    ),
    ("report_year", "年度", "报告年度"),
    ("edition", "格式版本", "报告采用的格式版本：2019、2021，或 mixed（表二、表三版本不同）"),
    (
        "published",
        "发布日期",
        "报告的发布日期（ISO 格式）。所取读数的文件未载明时，取同一报告其他来源文件一致载明的日期"
        "（见 published_source）；各来源载明的日期不同或都未载明为空",
    ),
    (
        "published_source",
        "发布日期来源",
        "发布日期所取自的文件路径：通常即 source；所取读数的文件未载明发布日期时为载明它的"
        "另一来源文件；各来源载明的日期不同时为空，问题表中记 X-SOURCES-DIFFER",
    ),
    ("sources", "来源文件数", "同一机关同一年度的报告被存入的文件数（网页、PDF 等）"),
    ("form", "文件形式", "所取读数的文件形式"),
    ("source", "来源文件", "所取读数的文件路径"),
    ("sha256", "文件摘要", "所取读数的文件内容的 SHA-256 摘要"),
    ("errors", "错误数", "ogi check 发现的错误条数"),
    ("warnings", "警告数", "ogi check 发现的警告条数（含各来源读数不一致）"),
    ("problems", "读取问题数", "读取时未能确定的地方的条数"),
)


# The dictionary's 类型 of a column: how a program should load it (Parquet: int64 with
# nulls, double, string).
INTEGER, DECIMAL, TEXT = "整数", "小数", "文本"
_META_INTEGERS = frozenset({"report_year", "sources", "errors", "warnings", "problems"})
DICTIONARY_COLUMNS = ("key", "label", "table", "edition", "unit", "type", "meaning")
DICTIONARY_COLUMNS_ZH = ("列名", "中文名", "表格", "格式版本", "单位", "类型", "含义")


def _entry(
    key: str,
    label: str,
    meaning: str,
    type_: str = TEXT,
    *,
    table: str = "",
    edition: str = "",
    unit: str = "",
) -> dict[str, str]:
    return {
        "key": key,
        "label": label,
        "table": table,
        "edition": edition,
        "unit": unit,
        "type": type_,
        "meaning": meaning,
    }


def _meta_entries() -> list[dict[str, str]]:
    return [
        _entry(key, zh, meaning, INTEGER if key in _META_INTEGERS else TEXT)
        for key, zh, meaning in META
    ]


def _other_columns() -> dict[str, tuple[str, str, str]]:
    """The columns of the long export and of the findings table, which are not a report's
    own: key → (Chinese name, type, meaning)."""
    from ogi.check.finding import SEVERITY_ZH
    from ogi.format import edition
    from ogi.format.harmonise import comparability_meanings
    from ogi.services.measures import CURRENT_EDITION

    titles = {s.table: s.title for s in edition(CURRENT_EDITION).sections if s.table}
    tables = "；".join(f"{t}：{TABLE_ZH[t]}（{titles.get(t, '')}）" for t in TABLE_ZH)
    comp = "；".join(f"{k}：{zh}，{m}" for k, (zh, m) in comparability_meanings().items())
    severity = "；".join(f"{k}：{zh}" for k, zh in SEVERITY_ZH.items())
    return {
        "table": ("表格", TEXT, f"单元格所在的表格。{tables}"),
        "cell": (
            "单元格",
            TEXT,
            "单元格的键（如 t3.new_received.total），其中文名、单位和含义见本字典以它为列名的一行；"
            "问题表中为问题所在的单元格，不指某一单元格的为空",
        ),
        "value": (
            "数值",
            DECIMAL,
            "单元格的数值：件数为整数，金额可有小数（单位见本字典该单元格的一行）；"
            "未填、印作数字以外的内容或未能读出为空",
        ),
        "printed": (
            "印制原文",
            TEXT,
            "单元格印作数字以外的内容时（如“/”“—”“无”）印制的原文；印作数字的为空",
        ),
        "comparability": (
            "可比性",
            TEXT,
            f"统一口径（--harmonised）下该报告的数值从其格式版本怎样得出。{comp}",
        ),
        "id": ("问题编号", TEXT, "问题的稳定编号：同一报告的同一问题每次核查编号相同"),
        "audience": (
            "面向",
            TEXT,
            "agency：报告机关应改正的问题；supervisor：对 ogi 读数的疑问，由核查的人确认",
        ),
        "rule": (
            "规则",
            TEXT,
            "发现问题的规则编号（ogi rules 列出各条规则）；X-SOURCES-DIFFER："
            "同一报告的几个来源文件读数或载明的信息不同",
        ),
        "severity": ("严重程度", TEXT, severity),
        "row": ("行", TEXT, "问题所在的行（格式的行键），不指某一行的为空"),
        "column": ("列", TEXT, "问题所在的列（格式的列键），不指某一列的为空"),
        "section": ("部分", TEXT, "问题所在的正文部分（格式的部分键），不指正文的为空"),
        "message": ("说明", TEXT, "问题的中文说明，含两边的数值"),
    }


def measure_label(m: Any) -> str:
    """A measure's Chinese name in the dictionary: a count is marked as a measure (it adds
    up cells), so it is never taken for the printed cell of the same name."""
    return str(m.label) if m.table == "share" else f"{m.label}（指标）"


def _measure_entries(prefix: str = "m.") -> list[dict[str, str]]:
    from ogi.services.measures import MEASURES, cells_for_edition

    out = []
    for m in MEASURES:
        share = m.table == "share"
        parts = "、".join(m.rows) if share else " + ".join(cells_for_edition(m.key, "2021"))
        out.append(
            _entry(
                f"{prefix}{m.key}",
                measure_label(m),
                f"由 {parts} 计算" if share else f"2021版：{parts}",
                DECIMAL if share else INTEGER,
                table="派生指标",
                edition="各版（按各自表格相加）",
                unit="比例（0–1）" if share else "件",
            )
        )
    return out


def dictionary(harmonised: bool = False, columns: Iterable[str] = ()) -> list[dict[str, str]]:
    """One entry per export column: key, Chinese name, table, edition(s), unit, type,
    meaning. The report's columns and every cell (as printed or harmonised) and measure;
    then those of `columns` (the long export's, the findings table's) among them."""
    from ogi.format import editions
    from ogi.format.harmonise import comparability_meanings, harmonised_keys
    from ogi.format.labels import cell_label
    from ogi.services.corpus import cell_columns

    out = _meta_entries()
    if harmonised:
        names = {k: zh for k, (zh, _) in comparability_meanings().items()}
        for k in harmonised_keys():
            comp = "；".join(f"{e}版：{names[c]}" for e, c in sorted(k.comparability.items()))
            out.append(
                _entry(
                    k.key,
                    k.label,
                    k.note or _meaning(k.key),
                    _cell_type(k.key),
                    table=TABLE_ZH[k.table],
                    edition=comp,
                    unit=_unit(k.key),
                )
            )
    else:
        for path in cell_columns():
            eds = [e for e in editions().values() if path in e.cell_paths()]
            out.append(
                _entry(
                    path,
                    cell_label(eds[0], path),
                    _meaning(path),
                    _cell_type(path),
                    table=TABLE_ZH[path[:2]],
                    edition="、".join(e.name for e in eds),
                    unit=_unit(path),
                )
            )
    out += _measure_entries()
    have = {e["key"] for e in out}
    others = _other_columns()
    for key in dict.fromkeys(columns):
        if key not in have and key in others:
            zh, type_, meaning = others[key]
            out.append(_entry(key, zh, meaning, type_))
    return out


def stats_dictionary(header: Sequence[str]) -> list[dict[str, str]]:
    """The entries of `ogi stats`' columns, in the header's order: the grouping columns,
    the number of reports, each measure summed over the group and its change on the
    year before."""
    from ogi.services.measures import MEASURES

    known = {e["key"]: e for e in _meta_entries()}
    known["reports"] = _entry(
        "reports", "报告数", "该组汇总的报告份数（每个机关每年度一份）", INTEGER, unit="份"
    )
    for e in _measure_entries(prefix=""):
        share = e["unit"] != "件"
        how = "组内各报告分子、分母分别相加后之比" if share else "组内各报告之和"
        known[e["key"]] = {**e, "meaning": f"{how}；{e['meaning']}"}
    for m in MEASURES:
        if m.table != "share":
            known[f"{m.key}_yoy"] = _entry(
                f"{m.key}_yoy",
                f"{measure_label(m)}同比变化",
                "与同一组上一年度相比的相对变化（0.25 即增长 25%）；上一年度没有数据或为 0 时为空",
                DECIMAL,
                table="派生指标",
                unit="比例",
            )
    return [known[h] for h in header if h in known]


@cache
def _cell_type(path: str) -> str:
    """Whole numbers (件) or decimals (amounts), as the format data types the column."""
    from ogi.format import editions

    for e in sorted(editions().values(), key=lambda e: e.name, reverse=True):
        col = e.column_of(path)
        if col is not None:
            return DECIMAL if col.type == "decimal" else INTEGER
    return INTEGER


def _unit(path: str) -> str:
    from ogi.format import editions

    for e in sorted(editions().values(), key=lambda e: e.name, reverse=True):
        col = e.column_of(path)
        if col is not None:
            if col.type == "decimal":
                return col.unit or "元（按原文）"
            return "件" if path[:2] != "t2" else (col.unit or "件")
    return "件"


def _meaning(path: str) -> str:
    """The English gloss the format file gives the row and the column."""
    from ogi.format import editions

    for e in sorted(editions().values(), key=lambda e: e.name, reverse=True):
        raw = e.raw["tables"]
        table, _, rest = path.partition(".")
        if table == "t3":
            row, _, col = rest.rpartition(".")
            r = next((x for x in raw["t3"]["rows"] if x.get("path") == row), None)
            c = _find_en(raw["t3"]["columns"], col)
            if r:
                return f"{r.get('en', '')} / {c}".strip(" /")
        elif table == "t2":
            parts = rest.split(".")
            for b in raw["t2"]["blocks"]:
                if b["key"] == parts[0]:
                    r = next((x for x in b["rows"] if x["key"] == parts[1]), None)
                    c = next((x for x in b["columns"] if x["key"] == parts[2]), None)
                    if r and c:
                        return f"{r.get('en', '')} / {c.get('en', '')}"
        elif table == "t4":
            names = [_find_en(raw["t4"]["columns"], k, nested=True) for k in [rest]]
            return names[0]
    return ""


def _find_en(cols: list[dict[str, Any]], key: str, nested: bool = False) -> str:
    for c in cols:
        if not nested and c.get("key") == key:
            return str(c.get("en", ""))
        if c.get("children"):
            if nested and key.startswith(c["key"] + "."):
                inner = _find_en(c["children"], key[len(c["key"]) + 1 :], True)
                return f"{c.get('en', '')} / {inner}"
            got = _find_en(c["children"], key, nested)
            if got:
                return got
        elif nested and c.get("key") == key:
            return str(c.get("en", ""))
    return ""


def meta_row(e: Entry) -> dict[str, Any]:
    r, a = e.row, e.agency
    return {
        "agency_id": a.code if a else None,
        "agency": a.name if a else r.agency,
        "province": a.province if a else None,
        "city": a.city if a else None,
        "county": a.county if a else None,
        "adcode": a.adcode if a else None,
        "level": a.level if a else None,
        "kind": a.kind if a else None,
        "report_year": r.year,
        "edition": r.edition,
        "published": e.published[0],
        "published_source": e.published[1],
        "sources": e.sources,
        "form": r.form,
        "source": r.source_path,
        "sha256": r.sha256,
        "errors": e.errors,
        "warnings": e.warnings,
        "problems": len(r.problems or []),
    }


def wide(
    entries: Iterable[Entry], harmonised: bool = False
) -> tuple[list[str], Iterator[list[Any]]]:
    """Header and rows (streamed): one row per report, meta columns, cells (as printed
    or harmonised) and the measures."""
    from ogi.format.harmonise import harmonise, harmonised_keys
    from ogi.services.corpus import cell_columns
    from ogi.services.measures import MEASURES, measures_of

    cols = [k.key for k in harmonised_keys()] if harmonised else cell_columns()
    types = [_cell_type(c) for c in cols]
    ms = [m.key for m in MEASURES]
    header = [k for k, _, _ in META] + cols + [f"m.{k}" for k in ms]

    def rows() -> Iterator[list[Any]]:
        for e in entries:
            rep = e.report
            meta = meta_row(e)
            if harmonised:
                h = harmonise(rep)
                cells = [h[c][0] for c in cols]
            else:
                cells = [rep.cells.get(c) for c in cols]
            cells = [as_type(v, t) for v, t in zip(cells, types, strict=True)]
            m = measures_of(rep)
            yield [meta[k] for k, _, _ in META] + cells + [m[k] for k in ms]

    return header, rows()


def long(
    entries: Iterable[Entry], harmonised: bool = False
) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per cell: agency id, year, table, key, value, printed text; harmonised, how
    the value was obtained (comparability: as printed, every value is the cell itself)."""
    from ogi.format.harmonise import harmonise

    header = ["agency_id", "agency", "report_year", "sha256", "table", "cell", "value", "printed"]
    if harmonised:
        header.append("comparability")

    def rows() -> Iterator[list[Any]]:
        for e in entries:
            rep = e.report
            meta = meta_row(e)
            raw = {x.path: x.text for x in rep.raw}
            base = [meta["agency_id"], meta["agency"], rep.report_year, rep.source.sha256]
            if harmonised:
                for key, (v, comp) in harmonise(rep).items():
                    yield [*base, key[:2], key, _whole(v, key), raw.get(key), comp]
            else:
                for path, v in rep.cells.items():
                    yield [*base, path[:2], path, _whole(v, path), raw.get(path)]

    return header, rows()


def as_type(v: Any, type_: str) -> Any:
    """A value of a whole-number column as an int (12, never 12.0); one printed with a
    fraction is no count, and is left empty (the long export and the checker's finding
    keep it as read)."""
    if type_ != INTEGER or not isinstance(v, float):
        return v
    return int(v) if v.is_integer() else None


def _whole(v: Any, path: str) -> Any:
    """A count of the long export as an int (12, never 12.0); anything else as read."""
    if isinstance(v, float) and v.is_integer() and _cell_type(path) == INTEGER:
        return int(v)
    return v


def _cell_of(f: Any) -> str | None:
    if f.tbl == "t4" and f.col:
        return f"t4.{f.col}"
    if f.tbl and f.row and f.col:
        return f"{f.tbl}.{f.row}.{f.col}"
    return None


def _write_parquet(path: Any, schema: Any, rows: Iterable[list[Any]]) -> int:
    """`rows` into a Parquet file of `schema`, `BATCH` rows per row group, so memory stays
    flat however many rows come; how many rows were written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def batch(chunk: list[list[Any]]) -> pa.RecordBatch:
        cols = []
        for i, fld in enumerate(schema):
            vals = [r[i] for r in chunk]
            if pa.types.is_integer(fld.type):
                vals = [as_type(v, INTEGER) for v in vals]
            elif pa.types.is_floating(fld.type):
                vals = [None if v is None else float(v) for v in vals]
            elif pa.types.is_string(fld.type):
                vals = [None if v is None else str(v) for v in vals]
            cols.append(pa.array(vals, fld.type))
        return pa.RecordBatch.from_arrays(cols, schema=schema)

    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[list[Any]] = []
        for row in rows:
            chunk.append(row)
            n += 1
            if len(chunk) >= BATCH:
                writer.write_batch(batch(chunk))
                chunk = []
        if chunk or n == 0:
            writer.write_batch(batch(chunk))
    return n


def findings_rows(s: Session, entries: Iterable[Entry]) -> tuple[list[str], Iterator[list[Any]]]:
    header = [
        "agency_id",
        "agency",
        "report_year",
        "sha256",
        "id",
        "audience",
        "rule",
        "severity",
        "table",
        "row",
        "column",
        "section",
        "cell",
        "message",
    ]

    def rows() -> Iterator[list[Any]]:
        for e in entries:
            meta = meta_row(e)
            for f in e.findings(s):
                yield [
                    meta["agency_id"],
                    meta["agency"],
                    e.row.year,
                    e.row.sha256,
                    f.fid,
                    getattr(f, "audience", None) or "agency",
                    f.rule,
                    f.severity,
                    f.tbl,
                    f.row,
                    f.col,
                    f.section,
                    _cell_of(f),
                    f.message,
                ]

    return header, rows()


# -- writing -------------------------------------------------------------------------------
BATCH = 500  # rows per Parquet row group: memory stays flat however large the corpus


def _zh_header(header: list[str], dic: list[dict[str, str]]) -> list[str]:
    labels = {d["key"]: d["label"] for d in dic}
    out, seen = [], set()
    for h in header:
        zh = labels.get(h) or h
        if zh in seen:  # the same column in two tables (the data and its findings) never is
            zh = f"{zh}（{h}）"
        seen.add(zh)
        out.append(zh)
    return out


@dataclass
class Written:
    rows: int
    files: list[str]


def write(
    path: Any,
    header: list[str],
    rows: Iterable[list[Any]],
    findings: tuple[list[str], Iterable[list[Any]]] | None,
    *,
    harmonised: bool = False,
    chinese: bool = False,
    dic: list[dict[str, str]] | None = None,
) -> Written:
    """Rows to CSV (UTF-8 with BOM, with `*-dictionary.csv` and `*-findings.csv` beside it),
    Excel (sheets 数据 / 字典 / 问题) or Parquet (the dictionary in the column metadata,
    each column of its type, findings in `*-findings.parquet`), streamed. `dic` describes
    the columns (by default the export's `dictionary`, the findings' columns included)."""
    import csv
    from pathlib import Path

    from ogi.spreadsheet import csv_row, text_cells

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".parquet"):
        raise ValueError(f"不支持的导出格式：{path.suffix}（可选：.csv、.xlsx、.parquet）")
    if dic is None:
        dic = dictionary(harmonised, [*header, *(findings[0] if findings else [])])
    names = _zh_header(header, dic) if chinese else header
    files = [str(path)]
    n = 0
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(csv_row(names))
            for row in rows:
                # text read from a report is never run as a formula by a spreadsheet
                w.writerow(csv_row(row))
                n += 1
        # a dictionary of its own per file: stats written beside an export must not
        # replace the one the export points to
        d = path.with_name(path.stem + "-dictionary.csv")
        with d.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(DICTIONARY_COLUMNS_ZH if chinese else DICTIONARY_COLUMNS)
            for e in dic:
                w.writerow(csv_row(e[k] for k in DICTIONARY_COLUMNS))
        files.append(str(d))
        if findings:
            fp = path.with_name(path.stem + "-findings.csv")
            with fp.open("w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                fh, frows = findings
                w.writerow(csv_row(_zh_header(fh, dic) if chinese else fh))
                w.writerows(csv_row(r) for r in frows)
            files.append(str(fp))
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("数据")
        ws.append(text_cells(ws, names))
        for row in rows:
            ws.append(text_cells(ws, row))
            n += 1
        ds = wb.create_sheet("字典")
        ds.append(text_cells(ds, DICTIONARY_COLUMNS_ZH))
        for e in dic:
            ds.append(text_cells(ds, [e[k] for k in DICTIONARY_COLUMNS]))
        if findings:
            fs = wb.create_sheet("问题")
            fh, frows = findings
            fs.append(text_cells(fs, _zh_header(fh, dic)))
            for row in frows:
                fs.append(text_cells(fs, row))
        wb.save(path)
    else:
        n = _write_parquet(path, _schema(header, names, dic), rows)
        if findings:
            fh, frows = findings
            fp = path.with_name(path.stem + "-findings.parquet")
            _write_parquet(fp, _schema(fh, fh, dic), frows)
            files.append(str(fp))
    return Written(n, files)


def _schema(header: list[str], names: list[str], dic: list[dict[str, str]]) -> Any:
    """The Parquet schema of the columns: each of the type its dictionary entry gives
    (whole numbers as int64 with nulls, decimals as double), the entry in its metadata."""
    import pyarrow as pa

    types = {INTEGER: pa.int64(), DECIMAL: pa.float64(), TEXT: pa.string()}
    by_key = {e["key"]: e for e in dic}
    fields = []
    for h, name in zip(header, names, strict=True):
        e = by_key.get(h)
        meta = {"key": h}
        if e:
            meta |= {"label": e["label"], "meaning": e["meaning"], "unit": e["unit"]}
        typ = types[e["type"]] if e else pa.string()
        fields.append(pa.field(name, typ, metadata=meta))
    return pa.schema(fields)
