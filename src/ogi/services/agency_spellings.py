"""Every stored spelling of the agencies' names (a name, the name without its city, the
other names it was printed under), indexed so that the spellings one character away
from a name are found without comparing the name with each of them.

An ingest writer keeps one index from its first batch to its last (`SpellingIndex`):
read from the store once, told of what the writer adds, and brought up to date with
what others stored at each batch. Matching a name against it gives what
comparing the name with every spelling read from the store gives
(`ogi.services.agencies._spellings_from_store`), which cost each batch a read of every
stored spelling and each new agency a pass over them: quadratic in the agencies. It
also names the agencies without a place one character away from a new placed one
(`ogi.services.agencies._misread_before`), which read every agency without a place
of the same length for each.

How it stays the store's: when a batch first asks it something (its writer holding
the write lock), it reads the rows stored since it last looked (ids above the highest
it saw), then compares a few figures of each table (rows, sum of ids, codes, places,
total length of names and cities; for other names their agencies) and the rows a
person decided (`decided_by`, `source`: a rename or merge changes those rows) with its
own. Anything else changed (a row deleted, an id given out of order, a place filled in
by another ingest) shows in those figures, and the index is read again whole. So a
batch matches against the store as it is when the batch first needs it, as reading
every spelling at that point did; only a change made outside ogi that keeps every one
of those figures could go unseen. The figures are summed by the database (no row is
read out): with 100,000 agencies about 20 ms a batch, where reading their spellings
took several hundred. A person's change committed while a batch is written
(PostgreSQL; SQLite lets no other writer in) is seen from the next batch on: before,
it was seen by the lengths of spelling the batch had not read yet.

A spelling is keyed by each of its characters blotted out in turn, so the spellings
under a name's keys are exactly those one character away (and the name itself): a
name is matched with as many look-ups as it has characters, however many agencies
are stored. Keys blotting out more at a time (a third of the name) would be fewer, but
names are a place and a common ending (县人民政府): a third blotted out leaves every
county's government under one key. The spellings of a length are keyed once names of
that length have been asked about `KEY_AFTER` times, and compared one by one until
then: with 100,000 agencies (and an other name each), reading them costs 0.4 s of
CPU, asking about a name 70 ms before its length is keyed and 20 µs after, keying
every length 1 s, which one file added to a large store should not pay. A spelling
costs about 300 bytes, 700 once keyed. Spellings shorter than `MIN_LENGTH` are left
out: no name that short is matched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogi.store.models import Agency, AgencyName

MIN_LENGTH = 5  # a shorter name is not matched one character away (too many neighbours)

Entry = tuple[int, str, str]  # (agency id, a spelling, the agency's name)


def own_spellings(aid: int, name: str, city: str | None) -> list[Entry]:
    """An agency's spellings of its own name: the name, and the name without its city."""
    out = [(aid, name, name)]
    if city and name.startswith(city):
        out.append((aid, name[len(city) :], name))
    return out


def one_apart(a: str, b: str) -> bool:
    """Whether two spellings of the same length differ in exactly one character."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def blot(spelling: str, i: int) -> str:
    """The spelling with its i-th character blotted out: two spellings of the same
    length one character apart, there, share it."""
    return spelling[:i] + "\0" + spelling[i + 1 :]


def keys(spelling: str) -> list[int]:
    """The spelling's keys in the index: each of its blotted forms, hashed (a key is
    then a number, not a string as long as the name: the index is kept in memory for
    the whole ingest). Two spellings sharing a key are compared, so a hash two blotted
    forms happen to share costs a comparison and changes nothing."""
    return [hash(blot(spelling, i)) for i in range(len(spelling))]


# what a table's figures are made of (see the module's docstring)
_AGENCY_FIGURES = (
    func.count(),
    func.coalesce(func.sum(Agency.id), 0),
    func.count(Agency.code),
    func.count(Agency.adcode),
    func.coalesce(func.sum(func.length(Agency.name)), 0),
    func.coalesce(func.sum(func.length(Agency.city)), 0),
)
_NAME_FIGURES = (
    func.count(),
    func.coalesce(func.sum(AgencyName.agency_id), 0),
    func.coalesce(func.sum(func.length(AgencyName.name)), 0),
)

_Row = tuple[str, str | None, bool, bool]  # an agency: name, city, has code, has place

KEY_AFTER = 20  # names of a length asked before that length's spellings are keyed


class _Length:
    """The spellings of one length: a list, and once names of that length have been
    asked about often enough to pay for it, the list keyed (`keys`). Until then a name
    is compared with each: keying a length costs as many look-ups as its spellings have
    characters, which a small ingest into a large store would pay for a few names."""

    __slots__ = ("asked", "entries", "keyed")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.keyed: dict[int, Entry | list[Entry]] | None = None
        self.asked = 0

    def add(self, e: Entry) -> None:
        self.entries.append(e)
        if self.keyed is not None:
            for k in keys(e[1]):
                found = self.keyed.get(k)
                if found is None:
                    self.keyed[k] = e  # most keys have one entry: kept alone
                elif isinstance(found, list):
                    found.append(e)
                else:
                    self.keyed[k] = [found, e]

    def remove(self, e: Entry) -> None:
        if e not in self.entries:
            return
        self.entries.remove(e)  # one of them: an other name may be spelled as the name is
        if self.keyed is not None:
            for k in keys(e[1]):
                kept = self._under(k)
                if e in kept:
                    kept.remove(e)
                if not kept:
                    self.keyed.pop(k, None)
                else:
                    self.keyed[k] = kept if len(kept) > 1 else kept[0]

    def near(self, x: str, key_after: int) -> list[Entry]:
        """Its spellings that may be one character from `x` (all of them, or those
        sharing one of its keys)."""
        self.asked += 1
        if self.keyed is None and self.asked > key_after:
            self.keyed = {}
            entries, self.entries = self.entries, []
            for e in entries:
                self.add(e)
        if self.keyed is None:
            return self.entries
        return [e for k in keys(x) for e in self._under(k)]

    def _under(self, key: int) -> list[Entry]:
        assert self.keyed is not None
        found = self.keyed.get(key)
        return [] if found is None else list(found) if isinstance(found, list) else [found]


def _row(name: str, city: str | None, code: str | None, adcode: str | None) -> _Row:
    return (name, city, code is not None, adcode is not None)


class SpellingIndex:
    """The spellings of the stored agencies' names, by key (`keys`), with the rows
    they were made of (to tell what changed in the store)."""

    def __init__(self, key_after: int = KEY_AFTER) -> None:
        self.key_after = key_after
        self.built = False
        self.stale = False  # a batch has begun: others may have stored since
        self.rebuilt = 0  # times read whole again after the first (what others changed)
        self._clear()

    def _clear(self) -> None:
        self._lengths: dict[int, _Length] = {}
        self._agencies: dict[int, _Row] = {}
        self._aliases: dict[str, int] = {}  # other name → its agency
        self._top = (0, 0)  # highest agency and other-name ids read
        self._agency_figures = [0, 0, 0, 0, 0, 0]
        self._name_figures = [0, 0, 0]

    # -- what the caller asks -------------------------------------------------------------

    def near(self, s: Session, name: str, not_of: int | None) -> set[str]:
        """The names of the agencies (other than `not_of`) with a spelling one character
        away from `name`."""
        self._ready(s)
        out = set()
        for aid, spelling, owner in self._near(name):
            if aid != not_of and one_apart(spelling, name):
                out.add(owner)
        return out

    def placeless_near(self, s: Session, spellings: set[str], not_of: int) -> set[int]:
        """The agencies (other than `not_of`) with no place whose name is one character
        away from one of these spellings."""
        self._ready(s)
        out = set()
        for x in spellings:
            for aid, spelling, owner in self._near(x):
                placed = self._agencies[aid][3]
                if aid != not_of and not placed and spelling == owner and one_apart(owner, x):
                    out.add(aid)
        return out

    def _near(self, x: str) -> list[Entry]:
        found = self._lengths.get(len(x)) if len(x) >= MIN_LENGTH else None
        return found.near(x, self.key_after) if found is not None else []

    def added(self, a: Agency) -> None:
        """An agency the caller stored, or one whose code and place it just filled in."""
        if self.built:
            self._put_agency(a.id, _row(a.name, a.city, a.code, a.adcode))

    def added_alias(self, name: str, agency_id: int) -> None:
        if self.built:
            self._put_alias(name, agency_id)

    def begin(self) -> None:
        """A batch begins (its writer holding the write lock): the index is brought up
        to date with the store when the batch first asks it something (a batch that
        asks nothing costs nothing), as the spellings were read at a batch's first need."""
        self.stale = True

    def _ready(self, s: Session) -> None:
        if not self.built:
            self._build(s)
        elif self.stale:
            self.sync(s)
        self.stale = False

    def sync(self, s: Session) -> None:
        """Brought up to date with the store (the module's docstring says how)."""
        top_a, top_n = self._top
        A, N = Agency, AgencyName
        q = select(A.id, A.name, A.city, A.code, A.adcode).where(A.id > top_a).order_by(A.id)
        for aid, name, city, code, adcode in s.execute(q):
            if aid in self._agencies and self._agencies[aid][0] != name:
                self._rebuild(s)  # renamed: its other names' entries change too
                return
            self._put_agency(aid, _row(name, city, code, adcode))
            top_a = aid
        q2 = select(N.id, N.agency_id, N.name).where(N.id > top_n).order_by(N.id)
        for nid, aid, name in s.execute(q2):
            self._put_alias(name, aid)
            top_n = nid
        self._top = (top_a, top_n)
        if not self._same_as(s):
            self._rebuild(s)

    def _rebuild(self, s: Session) -> None:
        self.rebuilt += 1
        self._build(s)

    # -- keeping it ----------------------------------------------------------------------

    def _same_as(self, s: Session) -> bool:
        A, N = Agency, AgencyName
        if [int(x) for x in s.execute(select(*_AGENCY_FIGURES)).one()] != self._agency_figures:
            return False
        if [int(x) for x in s.execute(select(*_NAME_FIGURES)).one()] != self._name_figures:
            return False
        q = select(A.id, A.name, A.city, A.code, A.adcode).where(A.decided_by == "person")
        for aid, name, city, code, adcode in s.execute(q):
            if self._agencies.get(aid) != _row(name, city, code, adcode):
                return False
        q2 = select(N.name, N.agency_id).where(N.source == "person")
        return all(self._aliases.get(name) == aid for name, aid in s.execute(q2))

    def _build(self, s: Session) -> None:
        self._clear()
        A, N = Agency, AgencyName
        top_a = top_n = 0
        rows = s.execute(select(A.id, A.name, A.city, A.code, A.adcode))
        for aid, name, city, code, adcode in rows:
            self._put_agency(aid, _row(name, city, code, adcode))
            top_a = max(top_a, aid)
        for nid, aid, name in s.execute(select(N.id, N.agency_id, N.name)):
            self._put_alias(name, aid)
            top_n = max(top_n, nid)
        self._top = (top_a, top_n)
        self.built = True

    def _put_agency(self, aid: int, row: _Row) -> None:
        def figures(r: _Row) -> tuple[int, ...]:
            name, city, coded, placed = r
            return (1, aid, int(coded), int(placed), len(name), len(city or ""))

        def spellings(r: _Row) -> list[Entry]:
            return own_spellings(aid, r[0], r[1])

        self._replace(self._agencies, aid, row, self._agency_figures, figures, spellings)

    def _put_alias(self, name: str, aid: int) -> None:
        def figures(a: int) -> tuple[int, ...]:
            return (1, a, len(name))

        def spellings(a: int) -> list[Entry]:
            # (every stored other name's agency is stored)
            return [(a, name, self._agencies[a][0])] if a in self._agencies else []

        self._replace(self._aliases, name, aid, self._name_figures, figures, spellings)

    def _replace(
        self,
        table: dict[Any, Any],
        key: Any,
        new: Any,
        totals: list[int],
        figures: Callable[[Any], tuple[int, ...]],
        spellings: Callable[[Any], list[Entry]],
    ) -> None:
        """Store `new` under `key` in `table` (agencies or other names): the value it
        replaces takes its figures out of `totals` and its spellings out of the index,
        the new one puts its own in."""
        old = table.get(key)
        if old == new:
            return
        if old is not None:
            for i, x in enumerate(figures(old)):
                totals[i] -= x
            for e in spellings(old):
                self._unkey(e)
        table[key] = new
        for i, x in enumerate(figures(new)):
            totals[i] += x
        for e in spellings(new):
            self._key(e)

    def _key(self, e: Entry) -> None:
        if len(e[1]) >= MIN_LENGTH:
            self._lengths.setdefault(len(e[1]), _Length()).add(e)

    def _unkey(self, e: Entry) -> None:
        found = self._lengths.get(len(e[1]))
        if found is not None:
            found.remove(e)
