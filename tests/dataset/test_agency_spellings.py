"""The index of stored spellings an ingest matches new agencies' names against, one
character away (`ogi.services.agency_spellings`): the candidates it gives must be those
comparing each name with every spelling read from the store gives, batch after batch,
whatever another process stored or a person changed between them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ogi.agencies.identify import Identity
from ogi.agencies.regions import Region
from ogi.services.agency_spellings import SpellingIndex, blot, keys, one_apart

PLACE = Region("岚川省", "枫峰市", "芷陵县", "990101", "county")


def body(printed: str, canonical: str | None = None, region: Region | None = None) -> Identity:
    level = "county" if region else None
    return Identity(printed, canonical or printed, region, "department", level)


def test_keys_blot_out_each_character() -> None:
    assert blot("沐阳县人民政府", 0) == "\0阳县人民政府"
    assert blot("沐阳县人民政府", 6) == "沐阳县人民政\0"
    assert len(keys("沐阳县人民政府")) == 7
    # one character apart: they share the key of that character, and only that one
    a, b = keys("沐阳县人民政府"), keys("沭阳县人民政府")
    assert [i for i in range(7) if a[i] == b[i]] == [0]
    assert keys("沐阳县人民政府") == keys("沐阳县人民政府")


def test_one_apart() -> None:
    assert one_apart("沐阳县人民政府", "沭阳县人民政府")
    assert not one_apart("沐阳县人民政府", "沐阳县人民政府")  # the same spelling
    assert not one_apart("沐阳县人民政府", "沭阳区人民政府")  # two apart
    assert not one_apart("沐阳县人民政府", "沐阳县人民政")  # lengths differ


def _candidates(url: str) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from ogi.store import open_store
    from ogi.store.models import Agency, AgencyCandidate

    store = open_store(url)
    with store.session() as s:
        name = {a.id: a.name for a in s.scalars(select(Agency))}
        out = sorted((name[c.agency_id], c.candidate) for c in s.scalars(select(AgencyCandidate)))
    store.close()
    return out


def _write(url: str, idents: list[Identity], index: SpellingIndex | None) -> None:
    """One batch of a writer, matched in this order: with the index it keeps from one
    batch to the next, or (None) against the store alone."""
    from ogi.services.agencies import Lookup, agency_for
    from ogi.store import open_store

    store = open_store(url)
    with store.session(write=True) as s:
        lookup = Lookup(s, idents, index=index) if index is not None else Lookup(s, idents)
        for ident in idents:
            agency_for(s, ident, lookup)
    store.close()


def _elsewhere(url: str, change: Callable) -> None:  # type: ignore[type-arg]
    """A change made by another process (its own session, no index)."""
    from ogi.store import open_store

    store = open_store(url)
    with store.session(write=True) as s:
        change(s)
    store.close()


def _index(how: str) -> SpellingIndex | None:
    """Keyed from the first name asked, compared with each spelling of the length (as
    until names of a length were asked often), or none: the store alone."""
    return {"keyed": SpellingIndex(key_after=0), "listed": SpellingIndex(), "store": None}[how]


HOW = ["keyed", "listed", "store"]


@pytest.mark.parametrize("how", HOW)
def test_candidates_one_character_apart_batch_after_batch(db_url: str, how: str) -> None:
    index = _index(how)
    _write(
        db_url,
        [
            body("一号机关甲"),
            body("枫峰市芷陵县教育局", region=PLACE),  # placed: its city is 枫峰市
            body("七号简称机", "丁号机关全称"),  # printed under another name
            body("四号单位甲"),
            body("四号单位乙"),  # one character from the one before, in the same batch
            body("五号机构甲", "五号机构乙"),  # its other name is one from its own name
            body("芷陵县民政司"),  # no place: stored before the one it may be
        ],
        index,
    )
    assert _candidates(db_url) == [("四号单位乙", "四号单位甲")]
    _write(
        db_url,
        [
            # placed: 芷陵县民政司 (stored before, no place) is one from it without its city
            body("枫峰市芷陵县民政局", region=PLACE),
            body("一号机关乙"),  # one from an agency of the batch before
            body("二号机关甲"),  # the same, in its first character
            body("一号部关甲"),  # the same, in its third
            body("芷陵县教育司"),  # one from 枫峰市芷陵县教育局 without its city
            body("七号简称鸡"),  # one from another name of 丁号机关全称
            body("四号单位丙"),  # one from two agencies: for a person to search
            body("五号机构丙"),  # one from two spellings of the same agency
            # placed, one from 枫峰市芷陵县教育局 (placed: not its candidate) and from
            # 芷陵县教育司 without its city (one from two agencies now: none)
            body("枫峰市芷陵县教育厅", region=PLACE),
        ],
        index,
    )
    assert _candidates(db_url) == [
        ("一号机关乙", "一号机关甲"),
        ("一号部关甲", "一号机关甲"),
        ("七号简称鸡", "丁号机关全称"),
        ("二号机关甲", "一号机关甲"),
        ("五号机构丙", "五号机构乙"),
        ("四号单位乙", "四号单位甲"),
        ("芷陵县教育司", "枫峰市芷陵县教育局"),
        ("芷陵县民政司", "枫峰市芷陵县民政局"),
    ]
    # one from two agencies, one of them under two spellings (three under a key)
    _write(db_url, [body("五号机构丁")], index)
    assert [c for c in _candidates(db_url) if c[0] == "五号机构丁"] == []
    if index is not None:
        assert index.rebuilt == 0  # what the writer added itself kept it up to date


@pytest.mark.parametrize("how", ["keyed", "listed"])
def test_a_place_changed_takes_the_old_spelling_without_the_city_away(
    db_url: str, how: str
) -> None:
    from ogi.store import open_store
    from ogi.store.models import Agency

    store = open_store(db_url)
    with store.session(write=True) as s:
        a = Agency(name="枫峰市芷陵县教育局", city="枫峰市")
        s.add(a)
        s.flush()
        index = _index(how)
        assert index is not None
        assert index.near(s, "芷陵县教育司", None) == {"枫峰市芷陵县教育局"}
        assert index.near(s, "芷陵县教育司", a.id) == set()  # its own spelling
        a.city = "枫峰市芷陵县"
        index.added(a)
        assert index.near(s, "芷陵县教育司", None) == set()
        assert index.near(s, "枫峰市芷陵县教育厅", None) == {"枫峰市芷陵县教育局"}
    store.close()


@pytest.mark.parametrize("how", HOW)
def test_what_others_change_between_batches_is_seen(db_url: str, how: str) -> None:
    """Another ingest stores an agency or fills in a place, a person renames or merges:
    the next batch matches against the store as it is then."""
    from ogi.services.agencies import agency_for, merge, rename
    from ogi.store.models import Agency

    index = _index(how)
    _elsewhere(db_url, lambda s: s.add(Agency(name="枫峰市芷陵县财政局")))  # by the ledger
    _write(db_url, [body("北岭机关甲"), body("东湖部门甲"), body("西川单位乙")], index)
    assert _candidates(db_url) == []

    def rebuilt(n: int) -> None:
        if index is not None:
            assert index.built and index.rebuilt == n

    _elsewhere(db_url, lambda s: agency_for(s, body("中山机关别称", "中山机关甲")))
    _write(db_url, [body("中山机关乙"), body("中山机关别名")], index)
    assert _candidates(db_url) == [
        ("中山机关乙", "中山机关甲"),
        ("中山机关别名", "中山机关甲"),  # one from its other name
    ]
    rebuilt(0)  # rows added past the ids it saw: read alone

    # a name of the same length: only the person's rows tell
    _elsewhere(db_url, lambda s: rename(s, "北岭机关甲", "南岭机关甲"))
    _write(db_url, [body("南岭机关乙")], index)
    assert ("南岭机关乙", "南岭机关甲") in _candidates(db_url)
    rebuilt(1)

    _elsewhere(db_url, lambda s: merge(s, "西川单位乙", "东湖部门甲"))
    _write(db_url, [body("东湖部门丙")], index)  # one from what is another name now
    assert ("东湖部门丙", "西川单位乙") in _candidates(db_url)
    rebuilt(2)

    _elsewhere(db_url, lambda s: agency_for(s, body("枫峰市芷陵县财政局", region=PLACE)))
    _write(db_url, [body("芷陵县财政厅")], index)  # one from it without its city
    assert _candidates(db_url) == [
        ("东湖部门丙", "西川单位乙"),
        ("中山机关乙", "中山机关甲"),
        ("中山机关别名", "中山机关甲"),
        ("南岭机关乙", "南岭机关甲"),
        ("芷陵县财政厅", "枫峰市芷陵县财政局"),
    ]
    rebuilt(3)


@pytest.mark.parametrize("how", HOW)
def test_two_agencies_one_character_apart_are_one_question(db_url: str, how: str) -> None:
    """The one stored later is asked about the one before; a later file of the first does
    not ask the same question the other way round."""
    index = _index(how)
    _write(db_url, [body("八号机关甲")], index)
    _write(db_url, [body("八号机关乙")], index)
    _write(db_url, [body("八号机关甲"), body("八号机关乙")], index)
    assert _candidates(db_url) == [("八号机关乙", "八号机关甲")]
