"""How ingest's writer stores a batch of reports its workers prepared.

Everything about one report that needs no database is done where the report was read
(`ogi.services.ingest_prepare.prepare`): its row, its agency's identity, the findings of
the single-report rules, the few cells the cross-year rules need, and its figures. The
writer (`store_prepared`) then only does what needs the store: it matches each distinct
identity to a stored agency, inserts the rows, runs the cross-year rules over each
agency's years, inserts findings and figures in bulk and chooses each agency-year's
primary source.

The result is the one `ogi.services.dataset.index` gives report by report: the same
agencies, findings (with the same ids) and figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, bindparam, delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType, TypeDecorator

from ogi.check.finding import Finding, assign_ids, report_identity
from ogi.check.registry import (
    Checker,
    KeptList,
    KeptReport,
    KeptSource,
    agency_key,
)
from ogi.services.ingest_prepare import (
    JSON_COLUMNS,
    UNSET_FILE,
    cross_rule_ids,
    figures_of,
    store_rules,
)
from ogi.store import in_chunks
from ogi.store.models import ReportRecord
from ogi.store.review import FindingRecord, ReportIndex

if TYPE_CHECKING:
    from ogi.services.agency_spellings import SpellingIndex
    from ogi.services.dataset import Settled

KNOWN_MAX = 50_000  # reports whose cross-year cells a writer remembers (~1 KB each)


def warm_up() -> None:
    """Load what the writer's first batch needs (its modules, the rules): done by ingest
    while the workers' server loads, when this process would otherwise wait."""
    import ogi.agencies
    import ogi.services.agencies
    import ogi.services.dataset  # noqa: F401

    store_rules()
    cross_rule_ids()


@dataclass
class _Member:
    """One stored report of an agency, as the cross-year rules and the writer see it."""

    rid: int
    year: int | None
    sha: str
    kept: KeptReport | None
    own: list[Finding] | None  # None: a report indexed before, whose own findings stay
    figures: dict[str, Any] | None = None  # set for a report indexed now
    public: bool | None = None


def _renamed(findings: list[Finding], key: str | None, year: int | None, rid: int) -> None:
    """Finding ids of a report with no agency or year are made of its file name: in the
    store, its row id."""
    for f in findings:
        f.file = f"#{rid}"
    if report_identity(key, year, UNSET_FILE) == UNSET_FILE:
        assign_ids(findings)


def _cross(kept: list[KeptReport]) -> dict[int, list[Finding]]:
    """The cross-year findings over these reports, by row id."""
    cross = store_rules()[1]
    out: dict[int, list[Finding]] = defaultdict(list)
    if not cross or len(kept) < 2:
        return out
    checker = Checker(cross, kept=KeptList(kept))
    for f in checker.finish():
        out[int(f.file[1:])].append(f)
    return out


def year_groups(
    members: list[tuple[int, int | None, str | None]],
) -> Iterator[tuple[list[int], int | None]]:
    """How one agency's stored reports, (row id, year, sha256), are checked together by
    the cross-year rules, which take one report per year: the newest of each year
    together (None: every report's findings are wanted), then each older report of a
    year stored more than once with the other years' newest (its findings only)."""
    ordered = sorted(members)
    newest: dict[int | None, tuple[int, int | None, str | None]] = {}
    for m in ordered:
        newest[m[1]] = m
    latest = sorted(m[0] for m in newest.values())
    yield latest, None
    chosen = set(latest)
    for rid, year, sha in ordered:
        if rid in chosen:
            continue
        others = [o[0] for y, o in newest.items() if y != year and not (sha and o[2] == sha)]
        yield [rid, *others], rid


def _cross_of_agency(members: list[_Member]) -> dict[int, list[Finding]]:
    """The cross-year findings of one agency's reports, grouped as `year_groups` says."""
    by_id = {m.rid: m for m in members}
    out: dict[int, list[Finding]] = defaultdict(list)
    latest: list[int] = []
    for group, only in year_groups([(m.rid, m.year, m.sha) for m in members]):
        if only is None:
            latest = group
            out.update(_cross([by_id[i].kept for i in group if by_id[i].kept is not None]))
            continue
        twin = _twin(by_id, group, latest)
        if twin is not None:
            # the same cells as the year's newest source, among the same other years: the
            # rules find what they found for that one (ids name the agency and year)
            out[only] = [f.model_copy(update={"file": f"#{only}"}) for f in out.get(twin, [])]
            continue
        found = _cross([by_id[i].kept for i in group if by_id[i].kept is not None])
        out[only] = found.get(only, [])
    return out


def _twin(by_id: dict[int, _Member], group: list[int], latest: list[int]) -> int | None:
    """The newest source of the year of `group`'s first report when the group is the
    newest sources' group with that one in its place and what the cross-year rules keep
    of the two is alike: the group's findings for it are then that source's."""
    only = by_id[group[0]]
    twin = next((i for i in latest if by_id[i].year == only.year), None)
    if twin is None or only.kept is None or by_id[twin].kept is None:
        return None
    if sorted(group[1:]) != sorted(i for i in latest if i != twin):
        return None
    theirs = by_id[twin].kept
    return twin if replace(only.kept, source=theirs.source) == theirs else None


def finding_row(rid: int, f: Finding) -> dict[str, Any]:
    return {
        "report_id": rid,
        "fid": f.id,
        "rule": f.rule,
        "severity": f.severity,
        "tbl": f.table,
        "row": f.row,
        "col": f.column,
        "section": f.section,
        "audience": f.audience,
        "cell": f.cell,
        "quote": f.quote,
        "message": f.message,
        "message_en": f.message_en,
        "hint": f.hint,
        "expected": f.expected,
        "found": f.found,
    }


def index_row(
    rid: int, figures: dict[str, Any], findings: list[Finding], public: bool
) -> dict[str, Any]:
    """The `ReportIndex` row of a report: its figures and the counts of its findings."""
    c = _counts(findings)
    return {
        **figures,
        "problems": figures.get("problems", 0) + c["doubts"],
        "report_id": rid,
        "errors": c["error"],
        "warnings": c["warning"],
        "infos": c["info"],
        "public": public,
        "region": None,
        "level": None,
    }


def insert_indexed(
    session: Session, index_rows: list[dict[str, Any]], finding_rows: list[dict[str, Any]]
) -> None:
    """Figures and findings of reports just inserted, each kind in one statement."""
    if index_rows:
        insert_many(session, ReportIndex.__table__, index_rows)
    if finding_rows:
        insert_many(session, FindingRecord.__table__, finding_rows)
    session.flush()


def insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Rows (dicts of the same keys) inserted by one statement handed to the driver's
    executemany as they are: SQLAlchemy would first build and convert every row's
    parameters in Python. JSON columns are encoded as their type encodes them (json.dumps,
    None as JSON null). A table whose omitted columns have defaults made in Python goes
    the usual way."""
    import json

    keys = list(rows[0])
    if any(c.default is not None and c.key not in keys for c in table.columns):
        session.execute(table.insert(), rows)
        return
    encoded = {c.key for c in table.columns if isinstance(c.type, JSON)}
    conn = session.connection()
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=keys)
    dumps = json.dumps
    if compiled.positional:
        order = list(compiled.positiontup or ())
        params: list[Any] = [
            tuple(dumps(r[k]) if k in encoded else r[k] for k in order) for r in rows
        ]
    else:
        params = [{k: dumps(v) if k in encoded else v for k, v in r.items()} for r in rows]
    conn.exec_driver_sql(compiled.string, params)


def _counts(findings: Iterable[Any]) -> Counter[str]:
    """Errors, warnings and infos of the agency, and the reading doubts (``doubts``)."""
    c: Counter[str] = Counter()
    for f in findings:
        if f.audience == "agency":
            c[f.severity] += 1
        elif f.audience == "supervisor":
            c["doubts"] += 1
    return c


class _JsonText(TypeDecorator[str]):
    """JSON text bound as it is (no cast to VARCHAR, so PostgreSQL takes it as json)."""

    impl = NullType
    cache_ok = True


def insert_new(session: Session, bundles: list[dict[str, Any]]) -> dict[str, int]:
    """Insert each report unless one with its sha256 is stored: {sha256: row id} of those
    added. One statement, compiled once and sent as batches of many rows."""
    from ogi.store.reports import _insert

    if not bundles:
        return {}
    table = ReportRecord.__table__
    names = list(bundles[0]["report"])
    stmt = (
        _insert(session)(table)
        .values(
            {
                n: bindparam(n, type_=_JsonText()) if n in JSON_COLUMNS else bindparam(n)
                for n in names
            }
        )
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(table.c.sha256, table.c.id)
    )
    rows = [b["report"] for b in bundles]
    return {sha: rid for sha, rid in session.connection().execute(stmt, rows)}


def store_prepared(
    session: Session,
    bundles: list[dict[str, Any]],
    known: Known | None = None,
    settled: Settled | None = None,
    spellings: SpellingIndex | None = None,
) -> int:
    """Insert prepared reports not stored yet, with agencies, findings, figures and their
    agency-years, in the caller's transaction; how many were added. `known` (kept by the
    caller from one batch to the next) remembers what the cross-year rules need of the
    reports stored, so an agency's later files do not read its earlier ones back;
    `settled` is told on which reports each agency-year was settled (`regroup_many`);
    `spellings` (kept by the caller too) holds the stored agencies' spellings, which a
    new agency's name is matched one character away against (`SpellingIndex`)."""
    from ogi.services.agencies import Lookup, agency_for
    from ogi.services.dataset import regroup_many, serialise_writes
    from ogi.store.models import Agency
    from ogi.store.reports import stored_hashes

    serialise_writes(session)
    bundles = list({b["report"]["sha256"]: b for b in bundles}.values())
    # (writers take turns from here on: what is not stored now is this writer's to add)
    stored = stored_hashes(session, [b["report"]["sha256"] for b in bundles])
    fresh = [b for b in bundles if b["report"]["sha256"] not in stored]
    if not fresh:
        return 0

    # agencies: each distinct identity matched (or created) once; those whose region is
    # known first, so that a misread name in the same batch is found one character away
    # from theirs whatever order the files were read in
    agencies: dict[Any, Agency] = {}
    idents = {b["identity"] for b in fresh if b["identity"] is not None}
    lookup = Lookup(session, idents, index=spellings)
    for ident in sorted(idents, key=lambda i: (i.region is None, not i.certain, i.canonical)):
        agencies[ident] = agency_for(session, ident, lookup)
    session.flush()
    # rows go in with their agency: naming it afterwards rewrote each whole row (its
    # document included) a second time
    added = insert_new(session, [_with_agency(b, agencies.get(b["identity"])) for b in fresh])
    new = [(added[b["report"]["sha256"]], b) for b in fresh if b["report"]["sha256"] in added]
    if not new:
        return 0
    stored_name = {
        rid: (agencies[b["identity"]].name if b["identity"] is not None else b["report"]["agency"])
        for rid, b in new
    }

    # the agency's other stored reports: the cross-year rules take them in
    members: dict[int, tuple[str | None, _Member]] = {}
    for rid, b in new:
        kept = b["kept"]
        if kept is not None:
            kept.source = KeptSource(f"#{rid}")
        own = list(b["own"])
        _renamed(own, b["key"], b["figures"]["year"], rid)
        members[rid] = (
            b["key"],
            _Member(
                rid, b["figures"]["year"], b["report"]["sha256"], kept, own, b["figures"], True
            ),
        )
    names = {n for n in stored_name.values() if n}
    placed: dict[int, Agency] = {}  # rows of an older ogi given their agency now
    if names:
        placed = _add_siblings(session, names, members, {} if known is None else known)

    groups: dict[str, list[_Member]] = defaultdict(list)
    for rid, (key, m) in members.items():
        groups[key or f"#{rid}"].append(m)
    finding_rows: list[dict[str, Any]] = []
    index_rows: list[dict[str, Any]] = []
    cross_ids = cross_rule_ids()
    resettled: dict[int, list[Finding]] = {}
    for group in groups.values():
        cross = _cross_of_agency(group) if len(group) > 1 else {}
        for m in group:
            found = cross.get(m.rid, [])
            if m.own is None:  # indexed before: only its cross-year findings change
                resettled[m.rid] = found
                continue
            every = [*m.own, *found]
            finding_rows += [finding_row(m.rid, f) for f in every]
            index_rows.append(index_row(m.rid, m.figures or {}, every, bool(m.public)))
    _resettle(session, resettled, cross_ids)
    inserted = {rid for rid, _ in new}
    renewed = [r["report_id"] for r in index_rows if r["report_id"] not in inserted]
    if renewed:  # a report once stored without figures (an older ogi) gets them now
        session.execute(delete(FindingRecord).where(FindingRecord.report_id.in_(renewed)))
        session.execute(delete(ReportIndex).where(ReportIndex.report_id.in_(renewed)))
    agency_of = {rid: agencies.get(b["identity"]) for rid, b in new}
    _place(session, index_rows, {**agency_of, **placed})
    insert_indexed(session, index_rows, finding_rows)
    pairs = {
        (agencies[b["identity"]].id, b["figures"]["year"])
        for _, b in new
        if b["identity"] is not None
    }
    pairs |= {(a.id, members[rid][1].year) for rid, a in placed.items()}
    regroup_many(session, pairs, settled)
    if known is not None:
        if len(known) > KNOWN_MAX:
            known.clear()  # memory stays bounded; what is forgotten is read back if needed
        for rid, (key, m) in members.items():
            known[rid] = (key, m.year, m.sha, m.kept)
    return len(new)


Known = dict[int, tuple[str | None, int | None, str, KeptReport | None]]


def _with_agency(bundle: dict[str, Any], agency: Any) -> dict[str, Any]:
    """The bundle with its row's agency: the stored agency's id and name when it has one,
    else the name as printed."""
    row = {**bundle["report"], "agency_id": None}
    if agency is not None:
        row["agency_id"], row["agency"] = agency.id, agency.name
    return {**bundle, "report": row}


def _add_siblings(
    session: Session,
    names: set[str],
    members: dict[int, tuple[str | None, _Member]],
    known: Known,
) -> dict[int, Any]:
    """The stored reports of the agencies named: those indexed before join with what the
    cross-year rules need (taken from `known` when this writer stored them, else read
    from the store); one never indexed (stored by an older ogi) is indexed whole and
    given its agency, as `ogi index` would: {row id: agency} of those."""
    from ogi.agencies import identify
    from ogi.services.agencies import agency_for
    from ogi.store.reports import report_of

    R = ReportRecord
    ids = select(R.id).where(R.agency.in_(sorted(names)), R.id.not_in(list(members)))
    siblings = list(session.scalars(ids))
    placed: dict[int, Any] = {}
    if not siblings:
        return placed
    have = set(
        session.scalars(select(ReportIndex.report_id).where(ReportIndex.report_id.in_(siblings)))
    )
    for rid in siblings:
        if rid in have and rid in known:
            key, year, sha, kept = known[rid]
            members[rid] = (key, _Member(rid, year, sha, kept, None))
    unknown = [rid for rid in siblings if rid not in members]
    for i in range(0, len(unknown), 200):
        for row in session.scalars(select(R).where(R.id.in_(unknown[i : i + 200]))):
            r = report_of(row)
            r = r.model_copy(update={"source": r.source.model_copy(update={"path": f"#{row.id}"})})
            key = agency_key(r)
            if row.id in have:  # its own findings stay as stored
                kept = Checker(store_rules()[1])._slim(r) if r.report_year is not None else None
                members[row.id] = (key, _Member(row.id, r.report_year, row.sha256, kept, None))
                continue
            checker = Checker([*store_rules()[0], *store_rules()[1]])
            own = checker.check(r)
            kept = checker.kept[0] if checker.kept else None
            members[row.id] = (
                key,
                # (stored by ingest: a published report, as `index` takes it)
                _Member(row.id, r.report_year, row.sha256, kept, own, figures_of(r), True),
            )
            ident = identify(r) if row.agency_id is None else None
            if ident is not None:
                agency = agency_for(session, ident)  # (asks the store itself: rare rows)
                row.agency_id, row.agency = agency.id, agency.name
                placed[row.id] = agency
    return placed


def _resettle(session: Session, found: dict[int, list[Finding]], cross_ids: frozenset[str]) -> None:
    """Replace the cross-year findings of reports indexed before, and move their counts
    by the difference (their own findings, and a primary's X-SOURCES-DIFFER, stay). A
    report whose cross-year findings come out as stored (the usual case: a later year's
    file seldom changes what the earlier years' were found) is left as it is."""
    from ogi.services.dataset import findings_of

    if not found:
        return
    rids = sorted(found)
    old: dict[int, list[Any]] = defaultdict(list)
    doomed: list[int] = []
    F = FindingRecord
    columns = [c for c in F.__table__.columns if c.key != "id"]
    session.flush()  # plain statements below skip the session's autoflush
    for row in findings_of(session, rids, cross_ids, [F.id, *columns]):
        old[row.report_id].append(row)
    rows: list[dict[str, Any]] = []
    ix = ReportIndex.__table__.c
    for rid in rids:
        now = [finding_row(rid, f) for f in found[rid]]
        if _same_rows(old[rid], now, [c.key for c in columns]):
            continue
        doomed += [row.id for row in old[rid]]
        rows += now
        before, after = _counts(old[rid]), _counts(found[rid])
        if before == after:
            continue
        session.execute(
            update(ReportIndex.__table__)
            .where(ix.report_id == rid)
            .values(
                errors=ix.errors + (after["error"] - before["error"]),
                warnings=ix.warnings + (after["warning"] - before["warning"]),
                infos=ix.infos + (after["info"] - before["info"]),
                problems=ix.problems + (after["doubts"] - before["doubts"]),
            )
        )
    for chunk in in_chunks(doomed):
        session.execute(delete(F).where(F.id.in_(chunk)))
    if rows:
        insert_many(session, FindingRecord.__table__, rows)


def _same_rows(stored: list[Any], rows: list[dict[str, Any]], keys: list[str]) -> bool:
    """Whether finding rows read from the store (the row id, then `keys`, in the order
    stored) are exactly `rows` in that order, every column alike, the numbers of
    `expected` and `found` of the same type too (1 is not 1.0)."""
    if len(stored) != len(rows):
        return False
    values = [keys.index("expected"), keys.index("found")]
    for old, new in zip(stored, rows, strict=True):
        was = tuple(old)[1:]
        now = tuple(new.get(k) for k in keys)
        if was != now or any(repr(was[i]) != repr(now[i]) for i in values):
            return False
    return True


def _place(session: Session, index_rows: list[dict[str, Any]], agency_of: dict[int, Any]) -> None:
    """Name, region and level of each report's agency on its figures."""
    from ogi.agencies.names import LEVELS_ZH

    for row in index_rows:
        a = agency_of.get(row["report_id"])
        if a is not None:  # named as the store names the agency, not as one report signs
            row["agency"] = a.name
        region = "".join(x for x in (a.province, a.city, a.county) if x) if a else ""
        row["region"] = region or None
        row["level"] = (LEVELS_ZH.get(a.level or "") if a else None) or None
