"""Ingest prepares each report in the worker that read it and stores batches of them;
the store must end exactly as indexing the same reports one by one leaves it
(`ogi.services.dataset.index_all`, then every agency-year regrouped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ogi.services.corpus import ingest
from ogi.store import open_store
from tests.conftest import pg_database
from tests.corpus.corpus_files import TEXT_SAMPLES, make_corpus
from tests.shared import SAMPLES


def _files(folder: Path) -> list[Path]:
    """One agency's files over two years, in several forms and several copies (sources of
    one agency-year that disagree, cross-year rules), a second agency made from the same
    text, and the bundled samples."""
    files = make_corpus(folder / "a", 10)
    other = folder / "b"
    other.mkdir()
    for i, name in enumerate(TEXT_SAMPLES):
        data = (SAMPLES / name).read_bytes().replace("示例镇".encode(), "示例乡".encode())
        p = other / f"{i}-{name}"
        p.write_bytes(data)
        files.append(p)
    files += sorted(p for p in SAMPLES.iterdir() if p.name.startswith("示例镇"))
    return files


def _snapshot(url: str) -> dict[str, Any]:
    """Everything ingest writes, keyed by content, not by row ids or insertion order."""
    from ogi.store.models import Agency, AgencyCandidate, AgencyName, ReportRecord
    from ogi.store.review import FindingRecord, ReportIndex

    store = open_store(url)
    with store.session() as s:
        code = {a.id: a.code for a in s.scalars(select(Agency))}
        sha = {i: h for i, h in s.execute(select(ReportRecord.id, ReportRecord.sha256))}
        agencies = sorted(
            (a.name, a.code, a.level, a.kind, a.province, a.city, a.county, a.adcode)
            for a in s.scalars(select(Agency))
        )
        names = sorted((code[n.agency_id], n.name, n.source) for n in s.scalars(select(AgencyName)))
        candidates = sorted(
            (code[c.agency_id], c.candidate, c.reason, c.status)
            for c in s.scalars(select(AgencyCandidate))
        )
        reports = sorted(
            (r.sha256, r.agency, code.get(r.agency_id), r.year, r.primary)
            for r in s.scalars(select(ReportRecord))
        )
        findings = sorted(
            (
                sha[f.report_id],
                f.fid,
                f.rule,
                f.severity,
                f.audience,
                f.tbl or "",
                f.row or "",
                f.col or "",
                f.section or "",
                f.cell or "",
                f.quote or "",
                f.message,
                f.message_en,
                f.hint,
                repr(f.expected),
                repr(f.found),
            )
            for f in s.scalars(select(FindingRecord))
        )
        columns = [c.key for c in ReportIndex.__table__.columns if c.key != "indexed"]
        index = sorted(
            (sha[ix.report_id], *(getattr(ix, c) for c in columns if c != "report_id"))
            for ix in s.scalars(select(ReportIndex))
        )
    store.close()
    return {
        "agencies": agencies,
        "names": names,
        "candidates": candidates,
        "reports": reports,
        "findings": findings,
        "index": index,
    }


def _one_by_one(url: str, files: list[Path]) -> None:
    """The reports stored, then indexed one at a time, then every agency-year settled."""
    from ogi.extract import extract
    from ogi.services.dataset import index_all, regroup_stored
    from ogi.store.reports import bundle, insert_reports

    store = open_store(url)
    with store.session() as s:
        insert_reports(s, [bundle(extract(p)) for p in files])
    index_all(store)
    with store.session() as s:
        regroup_stored(s, [bundle(extract(p))["report"]["sha256"] for p in files])
    store.close()


def test_batched_ingest_stores_what_indexing_one_by_one_stores(tmp_path: Path, db_url: str) -> None:
    if db_url.startswith("sqlite"):
        _compare(tmp_path, db_url, f"sqlite:///{tmp_path / 'one-by-one.db'}")
        return
    second = pg_database()
    try:
        _compare(tmp_path, db_url, next(second))
    finally:
        second.close()


def _compare(tmp_path: Path, db_url: str, reference: str) -> None:
    files = _files(tmp_path / "files")
    store = open_store(db_url)
    # small batches: later batches meet the agency's reports stored by earlier ones
    got = ingest(store, files, jobs=1, batch=3)
    store.close()
    assert (got.added, got.already, got.failed) == (len(files), 0, [])
    _one_by_one(reference, files)
    new, old = _snapshot(db_url), _snapshot(reference)
    assert len(new["reports"]) == len(files)
    assert {r[2] for r in new["reports"]} != {None}  # the agencies were identified
    assert any(f[2] == "X-SOURCES-DIFFER" for f in new["findings"])
    assert any(f[2] == "T3-CARRY-CHAIN" for f in new["findings"]) or len(new["findings"]) > 10
    for part in new:
        assert new[part] == old[part], part


def test_final_settling_redoes_only_the_agency_years_whose_reports_changed(
    tmp_path: Path, db_url: str, monkeypatch: Any
) -> None:
    """After the reading, ingest settles its agency-years again for the rows another
    ingest may have added beside it; one settled on the very reports it holds now is
    not read again."""
    from ogi.services import dataset
    from ogi.store.models import ReportRecord

    files = _files(tmp_path / "files")
    store = open_store(db_url)
    ingest(store, files, jobs=1, batch=3)
    with store.session() as s:
        rows = s.execute(
            select(ReportRecord.agency_id, ReportRecord.year, ReportRecord.id, ReportRecord.sha256)
        ).all()
    members: dict[tuple[int, int], set[int]] = {}
    for a, y, rid, _sha in rows:
        members.setdefault((a, y), set()).add(rid)
    several = sorted(p for p, ids in members.items() if len(ids) > 1)
    assert several  # the corpus has agency-years of several sources
    settled = {p: frozenset(ids) for p, ids in members.items()}
    seen: list[set[tuple[int, int]]] = []
    real = dataset.regroup_many
    monkeypatch.setattr(
        dataset,
        "regroup_many",
        lambda s, pairs, settled=None: (seen.append(set(pairs)), real(s, pairs)),
    )
    hashes = [sha for *_, sha in rows]
    with store.session(write=True) as s:
        dataset.regroup_stored(s, hashes, settled)
    # one agency-year settled before a report of it was stored (by another ingest)
    pair = several[0]
    settled[pair] = frozenset(sorted(members[pair])[:-1])
    with store.session(write=True) as s:
        dataset.regroup_stored(s, hashes, settled)
    # without a record of the settling, every agency-year is settled again
    with store.session(write=True) as s:
        dataset.regroup_stored(s, hashes)
    store.close()
    assert seen == [set(), {pair}, set(members)]


def test_reports_stored_by_an_older_version_are_indexed_when_their_agency_comes_again(
    tmp_path: Path,
) -> None:
    """A store written before reports were indexed holds rows without agency, findings
    or figures: ingesting more of an agency's files indexes those too, agency included,
    and the store holds what indexing all of them one by one gives."""
    from ogi.extract import extract
    from ogi.store.reports import bundle, insert_reports

    files = _files(tmp_path / "files")
    url, reference = f"sqlite:///{tmp_path / 'old.db'}", f"sqlite:///{tmp_path / 'ref.db'}"
    store = open_store(url)
    with store.session() as s:  # rows only, as an older ogi stored them
        insert_reports(s, [bundle(extract(p)) for p in files[::2]])
    got = ingest(store, files, jobs=1, batch=4)
    assert (got.added, got.already) == (len(files) - len(files[::2]), len(files[::2]))
    store.close()
    _one_by_one(reference, files)
    new, old = _snapshot(url), _snapshot(reference)
    for part in new:
        assert new[part] == old[part], part


DISAGREEMENTS = [  # the sample web page against the sample text, written with errors to find
    ("X-SOURCES-DIFFER", "t3", "results.total", "natural_person", 11, 10),
    ("X-SOURCES-DIFFER", "t3", "results.total", "total", 13, 12),
]


def _primary_2024(store: Any) -> tuple[str, list[tuple[Any, ...]], int]:
    """The 2024 primary's file, its findings (rule, place, expected, found) and warnings."""
    from ogi.store.models import ReportRecord
    from ogi.store.review import FindingRecord, ReportIndex

    with store.session() as s:
        primary = s.scalars(
            select(ReportRecord).where(ReportRecord.year == 2024, ReportRecord.primary)
        ).one()
        found = sorted(
            (f.rule, f.tbl, f.row, f.col, f.expected, f.found)
            for f in s.scalars(select(FindingRecord).where(FindingRecord.report_id == primary.id))
        )
        index = s.get(ReportIndex, primary.id)
        assert index is not None
        return primary.source_path, found, index.warnings


def test_a_later_run_adding_an_earlier_year_keeps_the_disagreements_found(
    tmp_path: Path, db_url: str
) -> None:
    """Runs that each store part of the files (a killed ingest and its re-run, a folder
    handed over in parts) end as one run over all of them. A run that adds only a 2023
    report settles again the cross-year findings of the 2024 sources stored before; the
    disagreement of those sources (X-SOURCES-DIFFER on the primary, the web page, whose
    表三 （七）总计 reads 13 where the text reads 12) is not a cross-year finding and
    stays, with the primary's warnings."""
    a, b, _md, d = make_corpus(tmp_path / "files", 4)  # 2024 txt, 2023 txt, 2024 md, 2024 html
    extra = make_corpus(tmp_path / "more", 6)[5]  # a second copy of the 2023 text
    store = open_store(db_url)
    for part in ([b], [d, a], [extra]):
        got = ingest(store, part, jobs=1, batch=2)
        assert (got.added, got.failed) == (len(part), [])
    assert _primary_2024(store) == (str(d), DISAGREEMENTS, 2)
    store.close()


def test_indexing_again_keeps_the_disagreements_of_an_agency_years_sources(
    tmp_path: Path, db_url: str
) -> None:
    """`ogi corpus index --all` (and the web application's indexing) checks each report
    again with its agency's other years and replaces their findings: the disagreement of
    a year's sources is the settling's, not the checker's, and stays on the primary."""
    from ogi.services.dataset import index_all

    a, b, _md, d = make_corpus(tmp_path / "files", 4)
    store = open_store(db_url)
    # the 2023 report stored last: indexing it settles the other years of its agency too
    for part in ([a, d], [b]):
        assert ingest(store, part, jobs=1).added == len(part)
    assert _primary_2024(store) == (str(d), DISAGREEMENTS, 2)
    assert index_all(store, only_missing=False) == 3
    assert _primary_2024(store) == (str(d), DISAGREEMENTS, 2)
    store.close()


def test_ingest_in_parts_ends_as_one_ingest_over_all_files(tmp_path: Path, db_url: str) -> None:
    """Whatever parts and batches the files are stored in (runs killed and re-run, a
    folder handed over in pieces, another year's file coming later), the store ends as
    one ingest over all of them leaves it. The histories are drawn with fixed seeds."""
    import random

    files = _files(tmp_path / "files")
    reference = f"sqlite:///{tmp_path / 'whole.db'}"
    store = open_store(reference)
    ingest(store, files, jobs=1, batch=50)
    store.close()
    want = _snapshot(reference)
    for seed in (2, 5):
        rng = random.Random(seed)
        left = rng.sample(files, len(files))
        url = db_url if seed == 2 else f"sqlite:///{tmp_path / f'parts-{seed}.db'}"
        store = open_store(url)
        while left:
            k = rng.randint(1, 6)
            part, left = left[:k], left[k:]
            got = ingest(store, part, jobs=1, batch=rng.choice([1, 2, 3, 5]))
            assert (got.added, got.failed) == (len(part), [])
        store.close()
        got = _snapshot(url)
        # of two agencies one character apart the one stored later is asked about the
        # other: the direction follows the order they came in, the question is the same
        pair = (("示例乡人民政府", "示例镇人民政府"), "open")
        assert _questions(got) == _questions(want) == [pair]
        assert {**got, "candidates": []} == {**want, "candidates": []}, seed


def _questions(snapshot: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    """The candidates of a snapshot as the pairs of names a person is asked about."""
    name = {a[1]: a[0] for a in snapshot["agencies"]}  # code → name
    return sorted(
        (tuple(sorted((name[code], other))), status)
        for code, other, _reason, status in snapshot["candidates"]
    )
