"""The harmonised view: 2019-edition reports on the 2021 keys, with expected values typed
by hand from the reports' hand-checked truth."""

from __future__ import annotations

from ogi.format import edition, editions
from ogi.format.harmonise import dropped, harmonise, harmonised_keys
from ogi.model import Report, Source
from tests.shared import need_shared, truth


def _report(t: dict) -> Report:
    return Report(
        source=Source(path=t["file"], sha256="", form="txt"),
        report_year=t["report_year"],
        edition=t["edition"],
        table_editions=t["table_editions"],
        cells=t["cells"],
    )


def _truth(name: str) -> dict:
    shared = need_shared()
    rows = truth(shared / "corpus" / "truth.jsonl") + truth(shared / "seeds" / "truth.jsonl")
    return next(t for t in rows if t["file"] == name)


def test_every_cell_of_every_edition_is_accounted_for() -> None:
    """A new edition (or a change to one) must be described in harmonise.yaml: every
    older cell is carried over, feeds a newer key, or is listed as dropped."""
    target = edition("2021")
    keys = {k.key: k for k in harmonised_keys()}
    assert set(target.cell_paths()) <= set(keys)
    for old in (e for e in editions().values() if e.name != target.name):
        used = {p for k in keys.values() for p in k.sources.get(old.name, ())}
        missing = set(old.cell_paths()) - used - set(dropped())
        assert missing == set(), f"{old.name}: {sorted(missing)}"


def test_pingtan_2020_on_2021_keys() -> None:
    h = harmonise(_report(_truth("pingtan-2020.txt")))  # 2019 edition throughout
    # shared keys carry over
    assert h["t3.new_received.total"] == (21, "same")
    assert h["t3.results.granted.total"] == (7, "same")
    assert h["t4.review.total"] == (0, "same")
    # 2019's single （六）其他处理 row is the 2021 total of its three rows
    assert h["t3.results.other_total.total"] == (4, "derived")
    # group totals printed without numbers: 不掌握 4 + 另行制作 0 + 仍不明确 3
    assert h["t3.results.unable_total.total"] == (7, "derived")
    assert h["t3.results.withheld_total.total"] == (0, "derived")
    # 本年新制作数量 77 feeds 本年制发件数, marked approximate
    assert h["t2.art20_1.normative_documents.issued"] == (77, "approx")
    # what 2019 did not count stays empty
    assert h["t2.art20_1.normative_documents.in_force"] == (None, "none")
    assert h["t2.art20_8.admin_fees.fee_amount"] == (None, "none")
    assert h["t3.results.other.fee_unpaid.total"] == (None, "none")


def test_mixed_edition_report_uses_each_tables_edition() -> None:
    # 洪泽区 2023: table 二 of 2021, table 三 of 2019
    h = harmonise(_report(_truth("huaian-hongze-2023.pdf")))
    assert h["t2.art20_1.normative_documents.in_force"] == (5, "same")
    assert h["t2.art20_1.normative_documents.repealed"] == (5, "same")
    assert h["t3.results.other_total.total"] == (0, "derived")
    assert h["t3.results.other.no_correction.total"] == (None, "none")
    # 国家秘密 1 + 过程性信息 1 + 行政执法案卷 1
    assert h["t3.results.withheld_total.total"] == (3, "derived")
    # 不掌握 10 + 另行制作 3 + 仍不明确 0
    assert h["t3.results.unable_total.total"] == (13, "derived")


def test_2021_report_derives_the_same_totals() -> None:
    h = harmonise(_report(_truth("pingtan-2022.txt")))
    t = _truth("pingtan-2022.txt")["cells"]
    three = sum(t[f"t3.results.other.{k}.total"] for k in ("no_correction", "fee_unpaid", "other"))
    assert h["t3.results.other_total.total"] == (three, "derived")
    assert h["t3.results.other.fee_unpaid.total"][1] == "same"


def test_a_blank_part_leaves_the_derived_total_empty() -> None:
    t = dict(_truth("pingtan-2020.txt"))
    t["cells"] = dict(t["cells"], **{"t3.results.unable.needs_creation.total": None})
    h = harmonise(_report(t))
    assert h["t3.results.unable_total.total"] == (None, "derived")


def test_seed_of_the_2019_edition_on_2021_keys() -> None:
    # seed 003: a 2020 township report in the 2019 edition, every count printed as 0
    h = harmonise(_report(_truth("003_d6f47a2b38dcf6cb.txt")))
    assert h["t3.results.other_total.total"] == (0, "derived")
    assert h["t3.results.not_processed_total.natural_person"] == (0, "derived")
    assert h["t2.art20_1.rules.issued"] == (0, "approx")
    assert h["t2.art20_1.rules.in_force"] == (None, "none")
    assert h["t3.results.other.no_correction.total"] == (None, "none")
