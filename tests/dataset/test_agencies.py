"""Agencies as entities: names as printed → canonical name, region, level, kind, stable id;
uncertain matches kept as candidates; a person's merge kept."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ogi.agencies import identify_name
from ogi.agencies.identify import stable_id
from ogi.agencies.regions import locate
from ogi.cli import app

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.mark.parametrize(
    ("printed", "canonical", "adcode", "level", "kind"),
    [
        # a county's bodies get their city; the short and the full form are one agency
        ("洪泽区人民政府", "淮安市洪泽区人民政府", "320813", "county", "government"),
        ("淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "320813", "county", "government"),
        ("沭阳县人民政府办公室", "宿迁市沭阳县人民政府办公室", "321322", "county", "department"),
        ("淮安市教育局", "淮安市教育局", "320800", "city", "department"),
        ("江苏省人民政府", "江苏省人民政府", "320000", "province", "government"),
        # a province-level city: its districts sit right under it
        ("上海市浦东新区人民政府", "上海市浦东新区人民政府", "310115", "county", "government"),
        # a known short form written out
        ("上海市科委", "上海市科学技术委员会", "310000", "province", "department"),
        # traditional characters and full-width spaces as printed
        ("淮安市　洪澤區人民政府", "淮安市洪泽区人民政府", "320813", "county", "government"),
        # townships: a bare 镇 is its government
        (
            "沈阳市辽中区于家房镇人民政府",
            "沈阳市辽中区于家房镇人民政府",
            "210115",
            "township",
            "township",
        ),
        ("示例镇", "示例镇人民政府", None, "township", "township"),
        ("示例街道", "示例街道办事处", None, "township", "township"),
        # a pilot zone named by the short form of its county (平潭县), bare or with 管委会
        ("平潭综合实验区", "平潭综合实验区管理委员会", "350128", "county", "zone"),
        ("平潭综合实验区管委会", "平潭综合实验区管理委员会", "350128", "county", "zone"),
        ("国家统计局", "国家统计局", None, "national", "department"),
    ],
)
def test_identify_name(
    printed: str, canonical: str, adcode: str | None, level: str, kind: str
) -> None:
    i = identify_name(printed)
    assert i is not None and i.certain
    assert (i.canonical, i.level, i.kind) == (canonical, level, kind)
    assert (i.region.adcode if i.region else None) == adcode
    assert i.code == stable_id(canonical, adcode)
    assert i.code.startswith(adcode or "000000")


def test_region_levels_have_their_codes() -> None:
    i = identify_name("洪泽区人民政府")
    assert i is not None and i.region is not None
    assert (i.region.province, i.region.city, i.region.county) == ("江苏省", "淮安市", "洪泽区")
    assert i.region.codes == {"province": "320000", "city": "320800", "county": "320813"}


def test_county_name_several_provinces_have_is_a_candidate_until_context_decides() -> None:
    alone = identify_name("朝阳区人民政府")
    assert alone is not None and not alone.certain and alone.region is None
    assert alone.candidate == "北京市朝阳区、长春市朝阳区"
    told = identify_name("朝阳区人民政府", "长春市朝阳区2024年政府信息公开工作年度报告")
    assert told is not None and told.certain
    assert (told.canonical, told.region and told.region.adcode) == (
        "长春市朝阳区人民政府",
        "220104",
    )


def test_misread_county_is_only_a_candidate_with_evidence() -> None:
    # 沐阳 is one stroke from 沭阳 (and from dozens of other counties): no guess alone
    alone = identify_name("沐阳县人民政府")
    assert alone is not None and alone.certain and alone.candidate is None
    assert alone.canonical == "沐阳县人民政府" and alone.level == "county"
    seen = identify_name("沐阳县人民政府", "宿迁市沭阳县政务公开办")
    assert seen is not None and not seen.certain
    assert seen.candidate == "宿迁市沭阳县人民政府"
    assert seen.canonical == "沐阳县人民政府"  # never silently merged


def test_name_without_region_takes_it_from_the_title() -> None:
    i = identify_name("人民政府办公室", "洪泽区人民政府办公室2024年政府信息公开工作年度报告")
    assert i is not None and i.canonical == "淮安市洪泽区人民政府办公室"


def test_each_reports_context_is_not_kept_for_ever() -> None:
    # a batch worker identifies report after report, each with its own title and opening
    # as context: what is kept of them for asking again stays bounded
    locate.cache_clear()
    for n in range(4200):
        identify_name("人民政府办公室", f"示例县人民政府办公室第{n}期政府信息公开工作年度报告")
    assert locate.cache_info().currsize <= 4096


def _report_text(agency: str, year: int) -> str:
    return (
        f"{agency}{year}年政府信息公开工作年度报告\n"
        f"一、总体情况\n{year}年，{agency}认真贯彻《中华人民共和国政府信息公开条例》。\n"
    )


def test_misread_agency_kept_apart_with_candidate_then_merged_by_a_person(
    tmp_path, db_url: str
) -> None:
    (tmp_path / "a.txt").write_text(_report_text("沭阳县人民政府", 2024), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_report_text("沐阳县人民政府", 2025), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(tmp_path / "b.txt"), "--db", db_url]).exit_code == 0
    listed = runner.invoke(app, ["agencies", "list", "阳县", "--db", db_url])
    assert listed.exit_code == 0  # a table folded to the terminal's width; contents below

    from ogi.services.agencies import list_agencies
    from ogi.store import open_store

    store = open_store(db_url)
    with store.session() as s:
        rows = {r.agency.name: r for r in list_agencies(s)}
    assert rows["沐阳县人民政府"].candidates == ["宿迁市沭阳县人民政府"]
    assert rows["宿迁市沭阳县人民政府"].years == [2024]

    merged = runner.invoke(
        app, ["agencies", "merge", "宿迁市沭阳县人民政府", "沐阳县人民政府", "--db", db_url]
    )
    assert merged.exit_code == 0, merged.stdout
    # ingesting the misread report again does not undo the person's decision
    (tmp_path / "c.txt").write_text(_report_text("沐阳县人民政府", 2025) + "\n", encoding="utf-8")
    runner.invoke(app, ["ingest", str(tmp_path / "c.txt"), "--db", db_url])
    with store.session() as s:
        rows = {r.agency.name: r for r in list_agencies(s)}
    assert list(rows) == ["宿迁市沭阳县人民政府"]
    assert rows["宿迁市沭阳县人民政府"].years == [2024, 2025]
    assert "沐阳县人民政府" in rows["宿迁市沭阳县人民政府"].names
    store.close()


def test_merge_of_unknown_agency_says_so(tmp_path) -> None:
    db = str(tmp_path / "x.db")
    r = runner.invoke(app, ["agencies", "merge", "甲", "乙", "--db", db])
    assert r.exit_code == 2
    assert "没有找到机关“甲”；用 `ogi agencies list` 查看库中的机关" in r.stderr


def test_keep_apart_is_a_person_decision(tmp_path) -> None:
    db = str(tmp_path / "x.db")
    (tmp_path / "a.txt").write_text(_report_text("沭阳县人民政府", 2024), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_report_text("沐阳县人民政府", 2025), encoding="utf-8")
    runner.invoke(app, ["ingest", str(tmp_path), "--db", db])
    r = runner.invoke(app, ["agencies", "keep-apart", "沐阳县人民政府", "--db", db])
    assert r.exit_code == 0
    assert r.stdout.strip() == "已确认“沐阳县人民政府”不是：宿迁市沭阳县人民政府"
    again = runner.invoke(app, ["agencies", "keep-apart", "沐阳县人民政府", "--db", db])
    assert again.stdout.strip() == "“沐阳县人民政府”没有待确认的可能匹配"


def test_reports_stored_before_agencies_are_indexed_on_request(tmp_path) -> None:
    from sqlalchemy import update

    from ogi.store import open_store
    from ogi.store.models import ReportRecord
    from tests.shared import SAMPLES

    db = str(tmp_path / "x.db")
    runner.invoke(app, ["ingest", str(SAMPLES / "示例镇-2023.txt"), "--db", db])
    store = open_store(db)
    from sqlalchemy import delete

    from ogi.store.review import ReportIndex

    with store.session() as s:  # as a store of revision 0002 would have it
        s.execute(update(ReportRecord).values(agency_id=None))
        s.execute(delete(ReportIndex))
    r = runner.invoke(app, ["corpus", "index", "--db", db])
    assert r.stdout.strip() == "已处理 1 份报告"
    with store.session() as s:
        row = s.query(ReportRecord).one()
        assert row.agency_id is not None
        assert s.get(ReportIndex, row.id).errors == 0
    store.close()


def test_misread_name_stored_first_gets_the_candidate_when_the_right_one_comes(
    tmp_path,
) -> None:
    """The order files come in does not decide whether a misread name is noticed."""
    from ogi.services.agencies import list_agencies
    from ogi.store import open_store

    db = str(tmp_path / "x.db")
    (tmp_path / "a.txt").write_text(_report_text("沭阳县人民政府", 2024), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_report_text("沐阳县人民政府", 2025), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "b.txt"), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db]).exit_code == 0
    store = open_store(db)
    with store.session() as s:
        rows = {r.agency.name: r.candidates for r in list_agencies(s)}
    store.close()
    assert rows == {"沐阳县人民政府": ["宿迁市沭阳县人民政府"], "宿迁市沭阳县人民政府": []}


def test_a_batch_matches_agencies_as_one_identity_at_a_time_does(tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    """Ingest matches a batch's identities against what it read of the store once for
    the batch (`Lookup`); the agencies, other names and candidates must be those that
    matching each identity against the store alone gives."""
    batches = [
        # a full and a short form (one agency, the short one kept as another name), two
        # counties one character apart, fictional towns one character apart
        ["淮安市洪泽区人民政府", "洪泽区人民政府", "沐阳县人民政府", "示例镇人民政府", "示范镇"],
        # the right county after the misread one, a third town one character apart from
        # both others, the ledger's own agency given its code, a misread national body
        ["沭阳县人民政府", "宿迁市沭阳县人民政府", "示例乡人民政府", "样板镇", "国家统汁局"],
        ["国家统计局", "沭阳县人民政府办公室", "样板镇人民政府"],
    ]

    in_order = [
        sorted(
            {i for i in map(identify_name, names) if i is not None},
            key=lambda i: (i.region is None, not i.certain, i.canonical),
        )
        for names in batches
    ]
    columns = ("name", "code", "province", "city", "county", "adcode")

    def snapshot(url: str, batched: bool) -> tuple[list, list, list]:  # type: ignore[type-arg]
        return _match(url, "样板镇人民政府", in_order, batched, columns)

    alone = snapshot(f"sqlite:///{tmp_path / 'alone.db'}", batched=False)
    assert snapshot(db_url, batched=True) == alone
    agencies, aliases, candidates = alone
    assert ("淮安市洪泽区人民政府", "洪泽区人民政府") in aliases
    assert any(
        code and code.startswith("000000") for n, code, *_ in agencies if n == "样板镇人民政府"
    )
    assert candidates  # the misread names were kept apart with a candidate


def test_what_a_batch_adds_is_matched_by_the_rest_of_the_batch(tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    """Names a batch adds (a new agency's other name, a place filled in for the ledger's
    agency) are seen by the identities matched after them in the same batch, as they
    would be read from the store."""
    from ogi.agencies.identify import Identity
    from ogi.agencies.regions import Region

    place = Region("岚川省", "枫峰市", "芷陵县", "990101", "county")

    def body(printed: str, canonical: str, region: Region | None = None) -> Identity:
        return Identity(printed, canonical, region, "department", "county" if region else None)

    order = [
        body("一号机关甲", "一号机关甲"),  # reads the five-character spellings first
        body("七号简称机", "丁号机关全称"),  # a new agency, printed under another name
        body("七号简称机", "万号机关全称"),  # that other name: the same agency
        body("七号简称鸡", "七号简称鸡"),  # one character from that other name
        body("芷陵县文化所", "芷陵县文化所"),  # reads the six-character spellings first
        body("枫峰市芷陵县教育局", "枫峰市芷陵县教育局", place),  # the ledger's agency: placed
        body("芷陵县教育司", "芷陵县教育司"),  # one character from it without its city
        body("一号机关甲", "一号机关甲", place),  # the name of an agency the batch made
    ]

    def snapshot(url: str, batched: bool) -> tuple[list, list, list]:  # type: ignore[type-arg]
        return _match(url, "枫峰市芷陵县教育局", [order], batched, ("name", "city"))

    expected = (
        [
            ("一号机关甲", None),
            ("丁号机关全称", None),
            ("七号简称鸡", None),
            ("枫峰市芷陵县教育局", "枫峰市"),
            ("芷陵县教育司", None),
            ("芷陵县文化所", None),
        ],
        [("丁号机关全称", "七号简称机")],
        [("七号简称鸡", "丁号机关全称"), ("芷陵县教育司", "枫峰市芷陵县教育局")],
    )
    assert snapshot(f"sqlite:///{tmp_path / 'alone.db'}", batched=False) == expected
    assert snapshot(db_url, batched=True) == expected


def _match(
    url: str, ledger: str, batches: list, batched: bool, columns: tuple[str, ...]
) -> tuple[list, list, list]:  # type: ignore[type-arg]
    """Identities matched in order, batch by batch (with one `Lookup` for each batch when
    `batched`, else each against the store alone), in a store where the ledger made the
    agency `ledger` by name: the agencies (those columns), other names and candidates."""
    from sqlalchemy import select

    from ogi.services.agencies import Lookup, agency_for
    from ogi.store import open_store
    from ogi.store.models import Agency, AgencyCandidate, AgencyName

    store = open_store(url)
    with store.session(write=True) as s:
        s.add(Agency(name=ledger))  # made by the ledger, by name, no code
    for idents in batches:
        with store.session(write=True) as s:
            lookup = Lookup(s, idents) if batched else None
            for ident in idents:
                agency_for(s, ident, lookup)
    with store.session() as s:
        name = {a.id: a.name for a in s.scalars(select(Agency))}
        agencies = sorted(tuple(getattr(a, c) for c in columns) for a in s.scalars(select(Agency)))
        aliases = sorted((name[n.agency_id], n.name) for n in s.scalars(select(AgencyName)))
        candidates = sorted(
            (name[c.agency_id], c.candidate) for c in s.scalars(select(AgencyCandidate))
        )
    store.close()
    return agencies, aliases, candidates
