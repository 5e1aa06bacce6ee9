"""Agencies in the store: found or created from a report's identity, listed, merged and
renamed. A person's decision (merge, rename, accepting a candidate) is kept: automatic
matching only ever adds names and candidates, it never undoes what a person did."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ogi.agencies.identify import Identity, stable_id
from ogi.agencies.names import normalise_name
from ogi.services.agency_spellings import MIN_LENGTH, SpellingIndex, one_apart, own_spellings
from ogi.store import in_chunks
from ogi.store.models import Agency, AgencyCandidate, AgencyName, ReportRecord


class AgencyError(ValueError):
    """A request about agencies that cannot be done; the message says why, in Chinese."""


class Lookup:
    """The agencies and other names some identities (and `names`) may match, read from
    the store in a few statements for all of them rather than several for each, and
    kept up to date as the caller adds to them: ingest makes one for a whole batch.
    Codes and names are unique in the store, so each is one entry. `index` (kept by the
    caller from one batch to the next) answers which spellings are one character away,
    brought up to date with the store when first asked: made after the write lock is
    taken."""

    def __init__(
        self,
        s: Session,
        idents: Iterable[Identity] = (),
        names: Iterable[str] = (),
        index: SpellingIndex | None = None,
    ) -> None:
        self.s = s
        self.index = index
        if index is not None:
            index.begin()
        self.by_code: dict[str, Agency] = {}
        self.by_name: dict[str, Agency] = {}
        self.aliases: dict[str, AgencyName] = {}
        self._spellings: dict[int, list[tuple[int, str, str]]] = {}  # by length
        idents = list(idents)
        codes = sorted({i.code for i in idents})
        wanted = sorted({n for i in idents for n in (i.canonical, i.printed) if n} | set(names))
        for chunk in in_chunks(codes):
            for a in s.scalars(select(Agency).where(Agency.code.in_(chunk))):
                self.by_code[a.code] = a  # type: ignore[index]
        for chunk in in_chunks(wanted):
            for a in s.scalars(select(Agency).where(Agency.name.in_(chunk))):
                self.by_name[a.name] = a
            for n in s.scalars(select(AgencyName).where(AgencyName.name.in_(chunk))):
                self.aliases[n.name] = n

    def code(self, code: str) -> Agency | None:
        return self.by_code.get(code)

    def named(self, name: str) -> Agency | None:
        """The agency of that name, or of which it is another name."""
        a = self.by_name.get(name)
        if a is not None:
            return a
        alias = self.aliases.get(name)
        return self.s.get(Agency, alias.agency_id) if alias else None

    def alias(self, name: str) -> AgencyName | None:
        return self.aliases.get(name)

    def spellings(self, n: int) -> list[tuple[int, str, str]]:
        """(agency, spelling, the agency's name) of the spellings of n characters
        (`_spellings_from_store`): read once, with what was added since."""
        if n not in self._spellings:
            self._spellings[n] = _spellings_from_store(self.s, n)
        return self._spellings[n]

    def added(self, a: Agency, new: bool = True) -> None:
        """A new agency, or (`new=False`) one whose code and place were just filled in."""
        if a.code:
            self.by_code[a.code] = a
        self.by_name[a.name] = a
        if self.index is not None:
            self.index.added(a)
        if not new:
            self._spellings.clear()  # its spelling without its city may be another now
            return
        for n, kept in self._spellings.items():
            kept += [x for x in own_spellings(a.id, a.name, a.city) if len(x[1]) == n]

    def added_alias(self, alias: AgencyName, owner: Agency) -> None:
        self.aliases[alias.name] = alias
        if self.index is not None:
            self.index.added_alias(alias.name, owner.id)
        kept = self._spellings.get(len(alias.name))
        if kept is not None:
            kept.append((owner.id, alias.name, owner.name))


def _by_name(s: Session, name: str) -> Agency | None:
    return Lookup(s, names=[name]).named(name)


def _remember(
    s: Session, agency: Agency, name: str, source: str = "seen", lookup: Lookup | None = None
) -> None:
    if name and name != agency.name:
        lookup = lookup or Lookup(s, names=[name])
        found = lookup.alias(name)
        if found is None:
            alias = AgencyName(agency_id=agency.id, name=name, source=source)
            s.add(alias)
            lookup.added_alias(alias, agency)
        elif source == "person":
            found.agency_id, found.source = agency.id, "person"


def agency_for(s: Session, ident: Identity, lookup: Lookup | None = None) -> Agency:
    """The stored agency an identity names, created when new. An uncertain identity gets
    an agency of its own under the printed name, with the candidate kept for a person.
    `lookup` holds what a batch of identities was matched against (`Lookup`)."""
    lookup = lookup or Lookup(s, [ident])
    found = lookup.code(ident.code) or lookup.named(ident.canonical) or lookup.named(ident.printed)
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
        lookup.added(found)
        if r is not None:
            _misread_before(s, found, lookup)
    elif found.code is None:
        # an agency the ledger created by name: give it what identification knows
        found.code = ident.code
        found.level = found.level or ident.level
        found.kind = found.kind or ident.kind
        if ident.region and found.adcode is None:
            r = ident.region
            found.province, found.county, found.adcode = r.province, r.county, r.adcode
            found.city = r.city if r.city != r.province else None
        lookup.added(found, new=False)
    _remember(s, found, ident.printed, lookup=lookup)
    candidate = ident.candidate if not ident.certain else None
    if candidate is None and ident.region is None:
        candidate = _one_character_apart(s, found, lookup)
    if candidate:
        C = AgencyCandidate
        # one question for a person either way round: two agencies one character apart,
        # each seen again after the other was stored, would otherwise each name the other
        reverse = (C.candidate == found.name) & C.agency_id.in_(
            select(Agency.id).where(Agency.name == candidate)
        )
        exists = s.scalar(
            select(C.id)
            .where(((C.agency_id == found.id) & (C.candidate == candidate)) | reverse)
            .limit(1)
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


def _misread_before(s: Session, agency: Agency, lookup: Lookup | None = None) -> None:
    """An agency whose place is known, new in the store, may be what an agency stored
    earlier without a place misread by one character: that one gets it as a candidate,
    as it would had the two come in the other order. `lookup`'s index, when it has one,
    names those agencies, rather than every agency without a place read again."""
    spellings = {agency.name}
    if agency.city and agency.name.startswith(agency.city):
        spellings.add(agency.name[len(agency.city) :])
    index = lookup.index if lookup is not None else None
    if index is not None:
        near = index.placeless_near(s, spellings, agency.id)
        found = (s.get(Agency, aid) for aid in sorted(near))
        others: Iterable[Agency] = [a for a in found if a is not None]
    else:
        others = s.scalars(
            select(Agency).where(
                Agency.id != agency.id,
                Agency.adcode.is_(None),
                func.length(Agency.name).in_({len(x) for x in spellings}),
            )
        )
    for other in others:
        name = other.name
        if len(name) < MIN_LENGTH or not any(one_apart(x, name) for x in spellings):
            continue
        if _one_character_apart(s, other, lookup if index is not None else None) != agency.name:
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


def _one_character_apart(s: Session, agency: Agency, lookup: Lookup | None = None) -> str | None:
    """A stored agency whose name differs from this one's by a single character (an OCR
    or typing error in one of them: 沐阳县人民政府 and 沭阳县人民政府), if exactly one."""
    name = agency.name
    if len(name) < MIN_LENGTH:
        return None
    if lookup is not None and lookup.index is not None:
        hits = lookup.index.near(s, name, agency.id)
    else:
        hits = {
            owner_name
            for owner_id, cand, owner_name in (lookup or Lookup(s)).spellings(len(name))
            if owner_id != agency.id and one_apart(cand, name)
        }
    return hits.pop() if len(hits) == 1 else None


def _spellings_from_store(s: Session, n: int) -> list[tuple[int, str, str]]:
    """(agency, a spelling of n characters, the agency's name) of every stored agency: its
    name, its name without its city, and its other names. Only names of the right
    length (alone, or once their city is taken off) are read: the store may hold tens
    of thousands of agencies."""
    out: list[tuple[int, str, str]] = []
    q = select(Agency.id, Agency.name, Agency.city).where(
        or_(
            func.length(Agency.name) == n,
            func.length(Agency.name) - func.length(Agency.city) == n,
        )
    )
    for aid, other, city in s.execute(q):
        out += own_spellings(aid, other, city)
    q2 = (
        select(AgencyName.agency_id, AgencyName.name, Agency.name)
        .join(Agency, Agency.id == AgencyName.agency_id)
        .where(func.length(AgencyName.name) == n)
    )
    out += [(aid, alias, owner) for aid, alias, owner in s.execute(q2)]
    return out


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
