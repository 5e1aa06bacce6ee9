"""Every column of every export is described in the dictionary it points to, under its
exact name, with a Chinese name and a meaning; the Chinese names are unique; counts are
whole numbers in every form (CSV, Excel, Parquet), amounts stay decimals."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app
from tests.shared import SAMPLES

runner = CliRunner(env={"COLUMNS": "200"})
CJK = re.compile("[\u4e00-\u9fff]")

# what each export is told to write, and the columns beyond the report's cells/measures
EXPORTS = {
    "wide": [],
    "wide-harmonised": ["--harmonised"],
    "long": ["--long"],
    "long-harmonised": ["--long", "--harmonised"],
}


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _xlsx(path: Path) -> dict[str, list[list[object]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def _described(columns: list[str], dic: dict[str, tuple[str, str]], what: str) -> None:
    """Each column has its entry: a Chinese name and a meaning."""
    missing = [c for c in columns if c not in dic]
    assert not missing, f"{what}：字典未载明 {missing}"
    bad = [c for c in columns if not CJK.search(dic[c][0]) or not dic[c][1].strip()]
    assert not bad, f"{what}：中文名或含义为空 {bad}"


def _columns_and_dictionaries(out: Path) -> list[tuple[str, list[str], dict[str, tuple[str, str]]]]:
    """(what, columns, dictionary) of the data and findings written to `out`."""
    import pyarrow.parquet as pq

    if out.suffix == ".csv":
        dic = {
            d["key"]: (d["label"], d["meaning"])
            for d in _csv(out.with_name(out.stem + "-dictionary.csv"))
        }
        got = [(out.name, list(_csv(out)[0]), dic)]
        findings = out.with_name(out.stem + "-findings.csv")
        if findings.exists():
            with findings.open(encoding="utf-8-sig") as f:
                got.append((findings.name, next(csv.reader(f)), dic))
        return got
    if out.suffix == ".xlsx":
        sheets = _xlsx(out)
        head, *entries = sheets["字典"]
        assert head == ["列名", "中文名", "表格", "格式版本", "单位", "类型", "含义"]
        dic = {str(r[0]): (str(r[1] or ""), str(r[6] or "")) for r in entries}
        got = [(f"{out.name} 数据", [str(c) for c in sheets["数据"][0]], dic)]
        if "问题" in sheets:  # the findings sheet is headed in Chinese: the dictionary's names
            zh = {label: key for key, (label, _) in dic.items()}
            heads = [str(c) for c in sheets["问题"][0]]
            assert all(h in zh for h in heads), heads
            got.append((f"{out.name} 问题", [zh[h] for h in heads], dic))
        return got
    got = []
    for p in (out, out.with_name(out.stem + "-findings.parquet")):
        if p.exists():
            schema = pq.read_schema(p)
            dic = {
                f.name: (
                    (f.metadata or {}).get(b"label", b"").decode(),
                    (f.metadata or {}).get(b"meaning", b"").decode(),
                )
                for f in schema
            }
            got.append((p.name, schema.names, {k: v for k, v in dic.items() if v[0]}))
    return got


@pytest.fixture
def samples_db(db_url: str) -> str:
    r = runner.invoke(app, ["ingest", str(SAMPLES), "--db", db_url])
    assert r.exit_code == 0, r.stdout + r.stderr
    return db_url


def test_every_column_of_every_export_is_in_its_dictionary(samples_db: str, tmp_path: Path) -> None:
    for name, options in EXPORTS.items():
        for suffix in (".csv", ".xlsx", ".parquet"):
            d = tmp_path / f"{name}{suffix}"
            d.mkdir()
            out = d / f"数据{suffix}"
            r = runner.invoke(app, ["export", str(out), *options, "--db", samples_db])
            assert r.exit_code == 0, r.stdout + r.stderr
            written = _columns_and_dictionaries(out)
            assert len(written) == 2  # the data and its findings
            for what, columns, dic in written:
                _described(columns, dic, f"{name} {what}")
    # the long export's own columns, as the tester found them undescribed
    dic = {d["key"]: d for d in _csv(tmp_path / "long-harmonised.csv" / "数据-dictionary.csv")}
    assert dic["value"]["label"] == "数值" and dic["value"]["type"] == "小数"
    assert dic["printed"]["label"] == "印制原文"
    assert dic["table"]["meaning"].startswith("单元格所在的表格。t2：表二（主动公开政府信息情况）")
    # comparability: every value it takes is explained, with its Chinese name
    meaning = dic["comparability"]["meaning"]
    for value, zh in (
        ("same", "同义"),
        ("derived", "由各行相加"),
        ("approx", "口径相近"),
        ("none", "不可比"),
    ):
        assert f"{value}：{zh}，" in meaning
    rows = _csv(tmp_path / "long-harmonised.csv" / "数据.csv")
    assert {r["comparability"] for r in rows} == {"same", "derived"}  # 2021 edition only
    # as printed, every value is the cell itself: no column claiming "same" for all
    assert "comparability" not in _csv(tmp_path / "long.csv" / "数据.csv")[0]


def test_every_column_of_stats_is_in_its_dictionary(samples_db: str, tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx", ".parquet"):
        for by in ("agency", "region", "level", "year"):
            d = tmp_path / f"{by}{suffix}"
            d.mkdir()
            out = d / f"stats{suffix}"
            r = runner.invoke(app, ["stats", "--by", by, "-o", str(out), "--db", samples_db])
            assert r.exit_code == 0, r.stdout + r.stderr
            written = _columns_and_dictionaries(out)
            assert len(written) == 1
            what, columns, dic = written[0]
            assert len(columns) > 40
            _described(columns, dic, f"stats --by {by} {what}")
    r = runner.invoke(app, ["stats", "-o", str(tmp_path / "s.parquet"), "--db", samples_db])
    assert "（列的含义见 各列的元数据）" in r.stdout
    r = runner.invoke(app, ["stats", "-o", str(tmp_path / "s.csv"), "--db", samples_db])
    assert f"（列的含义见 {tmp_path / 's-dictionary.csv'}）" in r.stdout
    dic = {d["key"]: d for d in _csv(tmp_path / "s-dictionary.csv")}
    assert list(dic)[:4] == ["agency_id", "agency", "report_year", "reports"]
    assert (dic["reports"]["label"], dic["reports"]["unit"]) == ("报告数", "份")
    assert dic["granted_share"]["label"] == "公开率（予以公开与部分公开占办理结果总计）"
    assert dic["granted_share"]["meaning"] == (
        "组内各报告分子、分母分别相加后之比；由 granted、partially_granted、results_total 计算"
    )
    assert dic["received_yoy"]["type"] == "小数"
    assert dic["received_yoy"]["meaning"].startswith("与同一组上一年度相比的相对变化")


def test_counts_are_whole_numbers_and_amounts_decimals(db_url: str, tmp_path: Path) -> None:
    """Types per cell from the format data: in Parquet, counts (件) int64 with nulls and
    the amount in 万元 a double; a count read as 12.0 is written 12 in CSV too."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ogi.extract import extract
    from ogi.render import render_html

    report = extract(SAMPLES / "示例镇-2024.txt")
    report.cells["t3.new_received.natural_person"] = 12.0  # printed "12.0"
    report.cells["t3.new_received.total"] = 15.0
    report.cells["t2.art20_8.admin_fees.fee_amount"] = 1.5
    report.cells["t3.new_received.legal_service_org"] = None  # left blank
    d = tmp_path / "reports"
    d.mkdir()
    (d / "示例镇-2024.html").write_text(render_html(report), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(d), "--db", db_url]).exit_code == 0

    out = tmp_path / "e.parquet"
    assert runner.invoke(app, ["export", str(out), "--db", db_url]).exit_code == 0
    schema = pq.read_schema(out)
    types = {f.name: f.type for f in schema}
    assert types["t3.new_received.natural_person"] == pa.int64()
    assert types["t4.review.corrected"] == pa.int64()
    assert types["m.received"] == pa.int64()
    assert types["report_year"] == pa.int64()
    assert types["t2.art20_8.admin_fees.fee_amount"] == pa.float64()
    assert types["m.granted_share"] == pa.float64()
    assert types["t2.art20_9.central_procurement.procurement_amount"] == pa.float64()  # 2019
    assert sum(t == pa.float64() for t in types.values()) == 4  # these two amounts, 2 shares
    row = pq.read_table(out).to_pylist()[0]
    assert row["t3.new_received.natural_person"] == 12
    assert row["t3.new_received.total"] == 15
    assert row["t2.art20_8.admin_fees.fee_amount"] == 1.5
    assert row["t3.new_received.legal_service_org"] is None  # nulls stay nulls, not NaN

    for options in ([], ["--long"]):
        csv_out = tmp_path / "e.csv"
        assert runner.invoke(app, ["export", str(csv_out), *options, "--db", db_url]).exit_code == 0
        with csv_out.open(encoding="utf-8-sig") as f:
            text = f.read()
        assert ",12.0" not in text and ",15.0" not in text and ",1.5" in text
    rows = _csv(tmp_path / "e.csv")  # the long export
    cells = {r["cell"]: r["value"] for r in rows}
    assert (cells["t3.new_received.natural_person"], cells["t3.new_received.total"]) == ("12", "15")


def test_chinese_names_are_unique(db_url: str, tmp_path: Path) -> None:
    """A --zh header names each column once, without falling back to its key, and the
    dictionary never gives two columns the same Chinese name."""
    from collections import Counter

    from ogi.services.dataset import _other_columns, dictionary, stats_dictionary
    from ogi.services.measures import MEASURES

    for harmonised in (False, True):
        labels = Counter(e["label"] for e in dictionary(harmonised, list(_other_columns())))
        assert [x for x, n in labels.items() if n > 1] == []
    header = ["reports", *[m.key for m in MEASURES], *[f"{m.key}_yoy" for m in MEASURES]]
    labels = Counter(e["label"] for e in stats_dictionary(header))
    assert [x for x, n in labels.items() if n > 1] == []

    runner.invoke(app, ["ingest", str(SAMPLES / "示例镇-2024.txt"), "--db", db_url])
    out = tmp_path / "e.csv"
    assert runner.invoke(app, ["export", str(out), "--zh", "--db", db_url]).exit_code == 0
    with out.open(encoding="utf-8-sig") as f:
        head = next(csv.reader(f))
    assert len(head) == len(set(head))
    assert [h for h in head if "（m." in h or "（t" in h] == []  # no key needed to tell apart
    assert "行政复议 结果纠正" in head  # t4.review.corrected, as printed
    assert "行政复议 结果纠正（指标）" in head  # m.reviews_corrected
    assert "公开率（予以公开与部分公开占办理结果总计）" in head  # a share: a measure by name


def test_stats_beside_an_export_leaves_the_export_its_dictionary(
    samples_db: str, tmp_path: Path
) -> None:
    """Each CSV points to a dictionary of its own: stats written into the directory of an
    export used to overwrite the export's dictionary.csv with its own columns."""
    out = tmp_path / "e.csv"
    r = runner.invoke(app, ["export", str(out), "--long", "--db", samples_db])
    assert f"数据字典和问题表：{tmp_path / 'e-dictionary.csv'}、" in r.stdout
    r = runner.invoke(app, ["stats", "-o", str(tmp_path / "s.csv"), "--db", samples_db])
    assert r.exit_code == 0
    for name in ("e.csv", "s.csv"):
        what, columns, dic = _columns_and_dictionaries(tmp_path / name)[0]
        _described(columns, dic, what)
