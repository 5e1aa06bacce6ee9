"""The corpus as a dataset: one report per agency-year whatever the number of files,
agencies with region and level, exports that explain themselves and load as they are."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from ogi.cli import app
from tests.shared import need_shared

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def two_forms(tmp_path: Path) -> Path:
    """Every shared report as published, and the same report again as a web page."""
    from ogi.extract import extract
    from ogi.render import render_html

    shared = need_shared()
    d = tmp_path / "reports"
    d.mkdir()
    for src in sorted((shared / "corpus").glob("*.*")) + sorted((shared / "seeds").glob("0*.txt")):
        if src.suffix not in (".pdf", ".txt", ".md") or src.stem == "README":
            continue
        (d / src.name).write_bytes(src.read_bytes())
        (d / (src.stem + "-网页.html")).write_text(render_html(extract(src)), encoding="utf-8")
    return d


def test_one_report_per_agency_year_and_a_dataset_that_answers_in_one_group_by(
    two_forms: Path, tmp_path: Path, db_url: str
) -> None:
    import pandas as pd
    import polars as pl

    r = runner.invoke(app, ["ingest", str(two_forms), "--db", db_url])
    assert r.exit_code == 0, r.stdout + r.stderr
    assert r.stdout.startswith("已存入 22 份报告")

    out = tmp_path / "data.csv"
    r = runner.invoke(app, ["export", str(out), "--db", db_url])
    assert r.exit_code == 0, r.stderr
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    named = [x for x in rows if x["agency_id"]]
    # 11 reports in two forms each: one row per agency-year, each with two sources
    keys = [(x["agency_id"], x["report_year"]) for x in named]
    assert len(keys) == len(set(keys)) == 10
    assert {x["sources"] for x in named} == {"2"}
    by_name = {(x["agency"], x["report_year"]): x for x in named}
    hz = by_name[("淮安市洪泽区人民政府", "2023")]
    assert (hz["province"], hz["city"], hz["county"], hz["adcode"]) == (
        "江苏省",
        "淮安市",
        "洪泽区",
        "320813",
    )
    assert (hz["level"], hz["kind"]) == ("county", "government")
    assert hz["agency_id"].startswith("320813-")
    sh = by_name[("上海市人民政府办公厅", "2025")]
    assert (sh["province"], sh["level"], sh["kind"]) == ("上海市", "province", "department")
    pt = [x for (a, _), x in by_name.items() if a == "平潭综合实验区管理委员会"]
    assert sorted(x["report_year"] for x in pt) == ["2020", "2022"]  # one agency, two years
    # the dictionary explains every column
    with (tmp_path / "data-dictionary.csv").open(encoding="utf-8-sig") as f:
        dic = {d["key"]: d for d in csv.DictReader(f)}
    assert set(rows[0]) <= set(dic)
    assert dic["t3.results.granted.total"]["label"] == "予以公开/总计"
    assert dic["m.granted_share"]["unit"] == "比例（0–1）"

    # "received and granted share per agency per year", in one group-by, both libraries
    pq_out = tmp_path / "data.parquet"
    assert (
        runner.invoke(app, ["export", str(pq_out), "--harmonised", "--db", db_url]).exit_code == 0
    )
    pdf = pd.read_parquet(pq_out)
    got = pdf.groupby(["agency", "report_year"])[["m.received", "m.granted_share"]].sum()
    assert got.loc[("淮安市洪泽区人民政府", 2023), "m.received"] == 21
    # (予以公开 0 + 部分公开 4) / 办结 21
    assert got.loc[("淮安市洪泽区人民政府", 2023), "m.granted_share"] == pytest.approx(4 / 21)
    # (206 + 2) / 1191
    assert got.loc[("上海市人民政府办公厅", 2025), "m.granted_share"] == pytest.approx(208 / 1191)
    pol = (
        pl.read_parquet(pq_out)
        .group_by(["agency", "report_year"])
        .agg(pl.col("m.received").sum(), pl.col("m.granted_share").sum())
        .sort(["agency", "report_year"])
    )
    pingtan = pol.filter(pl.col("agency") == "平潭综合实验区管理委员会")
    assert pingtan["report_year"].to_list() == [2020, 2022]
    assert pingtan["m.received"].to_list() == [21.0, 74.0]
    # 2020: (7 + 6) / 21; 2022: (21 + 9) / 75
    assert pingtan["m.granted_share"].to_list() == pytest.approx([0.619, 0.4], abs=1e-3)
    # every column carries its dictionary entry in the Parquet schema
    import pyarrow.parquet as pq

    field = pq.read_schema(pq_out).field("t3.results.other_total.total")
    assert field.metadata[b"label"].decode() == "（六）其他处理（合计）/总计"


def test_sources_that_disagree_are_a_finding(tmp_path: Path, db_url: str) -> None:
    from ogi.extract import extract
    from ogi.render import render_html
    from tests.shared import SAMPLES

    report = extract(SAMPLES / "示例镇-2023.txt")
    changed = report.model_copy(deep=True)
    changed.cells["t3.new_received.natural_person"] = 99
    (tmp_path / "a.html").write_text(render_html(report), encoding="utf-8")
    (tmp_path / "b.html").write_text(render_html(changed), encoding="utf-8")
    runner.invoke(app, ["ingest", str(tmp_path), "--db", db_url])
    out = tmp_path / "x.csv"
    r = runner.invoke(app, ["export", str(out), "--db", db_url])
    assert r.exit_code == 0
    with (tmp_path / "x-findings.csv").open(encoding="utf-8-sig") as f:
        differ = [x for x in csv.DictReader(f) if x["rule"] == "X-SOURCES-DIFFER"]
    assert [x["cell"] for x in differ] == ["t3.new_received.natural_person"]
    assert "99" in differ[0]["message"]


def test_a_filter_that_matches_nothing_says_what_is_there(tmp_path: Path) -> None:
    from tests.shared import SAMPLES

    db = str(tmp_path / "x.db")
    runner.invoke(app, ["ingest", str(SAMPLES / "示例镇-2023.txt"), "--db", db])
    r = runner.invoke(
        app, ["export", str(tmp_path / "x.csv"), "--agency", "示例", "--year", "2019", "--db", db]
    )
    assert r.exit_code == 1
    assert (
        "没有符合条件（机关“示例”、2019年度）的报告。库中有 1 个文件、1 个机关，2023–2023 年度"
        in r.stderr
    )
    assert "名称相近的机关：示例镇人民政府" in r.stderr
    r = runner.invoke(app, ["corpus", "list", "--region", "江苏", "--db", db])
    assert r.exit_code == 1 and "没有符合条件（地区“江苏”）的报告" in r.stderr


def test_stats_and_show(tmp_path: Path) -> None:
    from tests.shared import SAMPLES

    db = str(tmp_path / "x.db")
    runner.invoke(app, ["ingest", str(SAMPLES), "--db", db])
    out = tmp_path / "stats.csv"
    r = runner.invoke(app, ["stats", "-o", str(out), "--db", db])
    assert r.exit_code == 0, r.stderr
    # on an 80-column terminal (a process of its own: the console takes its width when
    # it starts): short headings explained below, no number cut in two
    shown = subprocess.run(
        [sys.executable, "-c", "from ogi.cli import app; app()", "stats", "--db", db],
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    *table, legend = shown.stdout.splitlines()
    assert max(map(cell_len, table)) <= 80  # columns on screen (a CJK character takes two)
    assert "71.4%" in shown.stdout and "53.8%" in shown.stdout  # 公开率 of 2023 and 2024
    assert "公开率：予以公开与部分公开占办理结果总计；" in legend
    assert "结转下年：结转下年度继续办理；" in legend
    assert "纠错率：复议诉讼纠错率（结果纠正占复议诉讼总计）。" in legend
    with out.open(encoding="utf-8-sig") as f:
        rows = {x["report_year"]: x for x in csv.DictReader(f)}
    assert sorted(rows) == ["2023", "2024"]
    assert rows["2024"]["agency"] == "示例镇人民政府"
    r = runner.invoke(app, ["corpus", "show", "示例镇", "--db", db])
    assert r.exit_code == 0
    assert "本年新收政府信息公开申请数量" in r.stdout and "4 个来源文件" in r.stdout


def _export_rows(
    tmp_path: Path, db_url: str
) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    """The exported rows by year, and the findings about publication dates."""
    out = tmp_path / "out" / "x.csv"
    out.parent.mkdir(exist_ok=True)
    r = runner.invoke(app, ["export", str(out), "--db", db_url])
    assert r.exit_code == 0, r.stdout + r.stderr
    with out.open(encoding="utf-8-sig") as f:
        rows = {x["report_year"]: x for x in csv.DictReader(f)}
    with (tmp_path / "out" / "x-findings.csv").open(encoding="utf-8-sig") as f:
        dates = [x for x in csv.DictReader(f) if "发布日期" in x["message"]]
    return rows, dates


def test_a_date_the_primary_lacks_is_taken_from_the_other_sources(
    tmp_path: Path, db_url: str
) -> None:
    """示例镇 2024: the .docx is the primary and states no date; its .html and .txt both
    state 2025-01-18, which the row takes, saying from which file."""
    from tests.shared import SAMPLES

    d = tmp_path / "reports"
    d.mkdir()
    for name in ("示例镇-2024.docx", "示例镇-2024.html", "示例镇-2024.txt"):
        (d / name).write_bytes((SAMPLES / name).read_bytes())
    assert runner.invoke(app, ["ingest", str(d), "--db", db_url]).exit_code == 0
    rows, dates = _export_rows(tmp_path, db_url)
    row = rows["2024"]
    assert (row["source"], row["sources"]) == (str(d / "示例镇-2024.docx"), "3")
    assert row["published"] == "2025-01-18"
    assert row["published_source"] == str(d / "示例镇-2024.html")  # a web page before text
    assert dates == []


def test_sources_that_state_different_dates_leave_it_empty_and_say_why(
    tmp_path: Path, db_url: str
) -> None:
    from tests.shared import SAMPLES

    d = tmp_path / "reports"
    d.mkdir()
    (d / "a.docx").write_bytes((SAMPLES / "示例镇-2024.docx").read_bytes())
    (d / "b.html").write_bytes((SAMPLES / "示例镇-2024.html").read_bytes())
    text = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
    assert "成文日期：2025-01-18" in text
    (d / "c.txt").write_text(text.replace("成文日期：2025-01-18", "成文日期：2025-01-19"), "utf-8")
    assert runner.invoke(app, ["ingest", str(d), "--db", db_url]).exit_code == 0
    rows, dates = _export_rows(tmp_path, db_url)
    assert (rows["2024"]["published"], rows["2024"]["published_source"]) == ("", "")
    assert [(x["rule"], x["severity"], x["message"]) for x in dates] == [
        (
            "X-SOURCES-DIFFER",
            "warning",
            f"同一报告的来源载明的发布日期不同：{d / 'a.docx'} 未载明，"
            f"{d / 'b.html'} 为 2025-01-18，{d / 'c.txt'} 为 2025-01-19；发布日期留空",
        )
    ]


def test_a_primary_that_states_a_date_keeps_it_when_another_source_differs(
    tmp_path: Path, db_url: str
) -> None:
    from tests.shared import SAMPLES

    d = tmp_path / "reports"
    d.mkdir()
    (d / "b.html").write_bytes((SAMPLES / "示例镇-2024.html").read_bytes())
    text = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
    (d / "c.txt").write_text(text.replace("成文日期：2025-01-18", "成文日期：2025-01-19"), "utf-8")
    assert runner.invoke(app, ["ingest", str(d), "--db", db_url]).exit_code == 0
    rows, dates = _export_rows(tmp_path, db_url)
    row = rows["2024"]
    assert (row["source"], row["published"], row["published_source"]) == (
        str(d / "b.html"),
        "2025-01-18",
        str(d / "b.html"),
    )
    assert [x["message"] for x in dates] == [
        f"同一报告的来源载明的发布日期不同：{d / 'b.html'} 为 2025-01-18，"
        f"{d / 'c.txt'} 为 2025-01-19；取 {d / 'b.html'} 所载"
    ]
