"""Agencies in the store: found or created from a report's identity, listed, merged and
renamed. A person's decision (merge, rename, accepting a candidate) is kept: automatic
matching only ever adds names and candidates, it never undoes what a person did."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ogi.agencies.identify import Identity, stable_id
from ogi.agencies.names import normalise_name
from ogi.store.models import Agency, AgencyCandidate, AgencyName, ReportRecord


class AgencyError(ValueError):
    """A request about agencies that cannot be done; the message says why, in Chinese."""


def _by_name(s: Session, name: str) -> Agency | None:
    a = s.scalar(select(Agency).where(Agency.name == name))
    if a is not None:
        return a
    alias = s.scalar(select(AgencyName).where(AgencyName.name == name))
    return s.get(Agency, alias.agency_id) if alias else None


def _remember(s: Session, agency: Agency, name: str, source: str = "seen") -> None:
    if name and name != agency.name:
        found = s.scalar(select(AgencyName).where(AgencyName.name == name))
        if found is None:
            s.add(AgencyName(agency_id=agency.id, name=name, source=source))
        elif source == "person":
            found.agency_id, found.source = agency.id, "person"


def agency_for(s: Session, ident: Identity) -> Agency:
    """The stored agency an identity names, created when new. An uncertain identity gets
    an agency of its own under the printed name, with the candidate kept for a person."""
    found = (
        s.scalar(select(Agency).where(Agency.code == ident.code))
        or _by_name(s, ident.canonical)
        or _by_name(s, ident.printed)
    )
    if found is None:
        r = ident.region
        found = Agency(
            name=ident.canonical,
            code=ident.code,
            level=ident.level,
            kind=ident.kind,
            province=r.province if r else None,
            city=r.city if r and r.city != r.province else None,
            county=r.county if r else None,
            adcode=r.adcode if r else None,
        )
        s.add(found)
        s.flush()
        if r is not None:
            _misread_before(s, found)
    elif found.code is None:
        # an agency the ledger created by name: give it what identification knows
        found.code = ident.code
        found.level = found.level or ident.level
        found.kind = found.kind or ident.kind
        if ident.region and found.adcode is None:
            r = ident.region
            found.province, found.county, found.adcode = r.province, r.county, r.adcode
            found.city = r.city if r.city != r.province else None
    _remember(s, found, ident.printed)
    candidate = ident.candidate if not ident.certain else None
    if candidate is None and ident.region is None:
        candidate = _one_character_apart(s, found)
    if candidate:
        exists = s.scalar(
            select(AgencyCandidate).where(
                AgencyCandidate.agency_id == found.id, AgencyCandidate.candidate == candidate
            )
        )
        if exists is None:
            s.add(
                AgencyCandidate(
                    agency_id=found.id,
                    candidate=candidate,
                    reason=f"“{ident.printed}”可能是“{candidate}”（错字或重名），未自动合并",
                )
            )
    return found


def _misread_before(s: Session, agency: Agency) -> None:
    """An agency whose place is known, new in the store, may be what an agency stored
    earlier without a place misread by one character: that one gets it as a candidate,
    as it would had the two come in the other order."""
    spellings = {agency.name}
    if agency.city and agency.name.startswith(agency.city):
        spellings.add(agency.name[len(agency.city) :])
    q = select(Agency).where(
        Agency.id != agency.id,
        Agency.adcode.is_(None),
        func.length(Agency.name).in_({len(x) for x in spellings}),
    )
    for other in s.scalars(q):
        name = other.name
        if len(name) < 5 or not any(
            len(x) == len(name) and sum(a != b for a, b in zip(x, name, strict=True)) == 1
            for x in spellings
        ):
            continue
        if _one_character_apart(s, other) != agency.name:
            continue  # more than one agency it may be: left for a person to search
        exists = s.scalar(
            select(AgencyCandidate).where(
                AgencyCandidate.agency_id == other.id, AgencyCandidate.candidate == agency.name
            )
        )
        if exists is None:
            s.add(
                AgencyCandidate(
                    agency_id=other.id,
                    candidate=agency.name,
                    reason=f"“{name}”可能是“{agency.name}”（错字或重名），未自动合并",
                )
            )


def _one_character_apart(s: Session, agency: Agency) -> str | None:
    """A stored agency whose name differs from this one's by a single character (an OCR
    or typing error in one of them: 沐阳县人民政府 and 沭阳县人民政府), if exactly one."""
    name = agency.name
    if len(name) < 5:
        return None
    n = len(name)
    hits: set[str] = set()
    spellings: list[tuple[str, str]] = []  # (a spelling, the agency's name)
    # only names of the right length (alone, or once their city is taken off) come back:
    # the store may hold tens of thousands of agencies
    q = select(Agency.name, Agency.city).where(
        Agency.id != agency.id,
        or_(
            func.length(Agency.name) == n,
            func.length(Agency.name) - func.length(Agency.city) == n,
        ),
    )
    for other, city in s.execute(q):
        spellings.append((other, other))
        if city and other.startswith(city):
            spellings.append((other[len(city) :], other))
    for alias, owner_name in s.execute(
        select(AgencyName.name, Agency.name)
        .join(Agency, Agency.id == AgencyName.agency_id)
        .where(AgencyName.agency_id != agency.id, func.length(AgencyName.name) == n)
    ):
        spellings.append((alias, owner_name))
    for cand, owner_name in spellings:
        if len(cand) == n and sum(a != b for a, b in zip(cand, name, strict=True)) == 1:
            hits.add(owner_name)
    return hits.pop() if len(hits) == 1 else None


@dataclass
class AgencyRow:
    agency: Agency
    reports: int
    years: list[int]
    names: list[str]
    candidates: list[str]


def list_agencies(s: Session, query: str | None = None) -> list[AgencyRow]:
    """Agencies with their reports, years, names seen and open candidates; `query`
    matches any part of a name, a region or the stable id."""
    q = select(Agency).order_by(Agency.adcode, Agency.name)
    if query:
        like = f"%{normalise_name(query)}%"
        alias_ids = select(AgencyName.agency_id).where(AgencyName.name.like(like))
        q = q.where(
            or_(
                Agency.name.like(like),
                Agency.code.like(like),
                Agency.province.like(like),
                Agency.city.like(like),
                Agency.county.like(like),
                Agency.id.in_(alias_ids),
            )
        )
    out = []
    for a in s.scalars(q):
        years = sorted(
            {
                y
                for y in s.scalars(select(ReportRecord.year).where(ReportRecord.agency_id == a.id))
                if y is not None
            }
        )
        n = s.scalar(select(func.count()).where(ReportRecord.agency_id == a.id)) or 0
        names = list(s.scalars(select(AgencyName.name).where(AgencyName.agency_id == a.id)))
        cands = list(
            s.scalars(
                select(AgencyCandidate.candidate).where(
                    AgencyCandidate.agency_id == a.id, AgencyCandidate.status == "open"
                )
            )
        )
        out.append(AgencyRow(a, n, years, names, cands))
    return out


def find(s: Session, key: str) -> Agency:
    """An agency by id number, stable id or any of its names."""
    key = key.strip()
    a = None
    if key.isascii() and key.isdigit():
        a = s.get(Agency, int(key))
    a = a or s.scalar(select(Agency).where(Agency.code == key)) or _by_name(s, normalise_name(key))
    if a is None:
        raise AgencyError(f"没有找到机关“{key}”；用 `ogi agencies list` 查看库中的机关")
    return a


def merge(s: Session, keep_key: str, other_key: str) -> Agency:
    """Fold `other` into `keep`: its reports, ledger, names and candidates move over, its
    name becomes a name of `keep`, and the decision is a person's."""
    from ogi.store.models import Application, ProactiveCount, Review

    keep, other = find(s, keep_key), find(s, other_key)
    if keep.id == other.id:
        raise AgencyError(f"“{keep.name}”与“{other_key}”已是同一机关")
    for model in (ReportRecord, Application, Review, ProactiveCount, AgencyName):
        s.execute(update(model).where(model.agency_id == other.id).values(agency_id=keep.id))
    s.execute(
        update(AgencyCandidate)
        .where(AgencyCandidate.agency_id == other.id)
        .values(agency_id=keep.id, status="accepted")
    )
    s.execute(update(Agency).where(Agency.parent_id == other.id).values(parent_id=keep.id))
    old_name = other.name
    s.delete(other)
    s.flush()
    _remember(s, keep, old_name, "person")
    keep.decided_by = "person"
    return keep


def rename(s: Session, key: str, new_name: str) -> Agency:
    a = find(s, key)
    new = normalise_name(new_name)
    clash = _by_name(s, new)
    if clash is not None and clash.id != a.id:
        raise AgencyError(
            f"已有机关名为“{new}”（编号 {clash.code or clash.id}）；要合并请用 `ogi agencies merge`"
        )
    old = a.name
    a.name = new
    s.flush()
    alias = s.scalar(select(AgencyName).where(AgencyName.name == new))
    if alias is not None:
        s.delete(alias)
    _remember(s, a, old, "person")
    a.decided_by = "person"
    return a


def reject_candidates(s: Session, key: str) -> list[str]:
    """A person's decision that an agency is not the one(s) it was thought to be; the
    candidates are kept, marked rejected, and not offered again."""
    a = find(s, key)
    rows = list(
        s.scalars(
            select(AgencyCandidate).where(
                AgencyCandidate.agency_id == a.id, AgencyCandidate.status == "open"
            )
        )
    )
    for c in rows:
        c.status = "rejected"
    a.decided_by = "person"
    return [c.candidate for c in rows]


def set_parent(s: Session, key: str, parent_key: str) -> Agency:
    a, p = find(s, key), find(s, parent_key)
    a.parent_id = p.id
    a.decided_by = "person"
    return a


__all__ = [
    "AgencyError",
    "AgencyRow",
    "agency_for",
    "find",
    "list_agencies",
    "merge",
    "reject_candidates",
    "rename",
    "set_parent",
    "stable_id",
]
