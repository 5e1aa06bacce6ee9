"""A national corpus made up for benchmarks: consistent reports of fictional agencies.

    python benchmarks/national_corpus.py OUT_DIR [--agencies 50] [--years 2020-2024]
        [--forms txt,md,html,docx:40,pdf:5] [--defects 0.1] [--misspelt 0] [--seed 1]

`form:N` renders only the first N reports in that form (DOCX and PDF are slow to make).

Agencies sit across fictional provinces, cities and counties at every level (a county
government, a township, a county or city department). Each has a random ledger
(applications with their dates, types and outcomes; reconsideration and litigation
cases; table 二 counts) from which `ogi.compose` counts the tables of each year, with a
short narrative under the format's own section titles; `ogi.render` prints each report
in every requested form (PDF through LibreOffice, a few only: it is slow). A share of
the reports get a defect (a total off by one, a part left empty), so checking finds
something. With `--misspelt R`, a share R of the reports print their agency's name with
one character taken for a look-alike (枫峰市 as 枫锋市), as OCR and typing do, so that
ingest meets names one character apart from a stored agency's (the same seed gives the
same corpus otherwise). Files go to OUT_DIR/<form>/; OUT_DIR/reports.jsonl keeps the composed
reports themselves (the truth of every file).
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ogi.model import Report

# Fictional places, none of them (nor any part of them) the name of a real division, so
# that identification keeps every agency apart and finds no real place for it: no real
# body's report is imitated, and no two fictional agencies are merged into one.
PROVINCES = ["岚川省", "霁岭省", "翠湖省", "澜原省", "蘅峰省"]
CITIES = ["枫峰市", "檀屿市", "栖泽市", "溪谷市", "黛野市", "岫洲市"]
COUNTIES = ["芷陵县", "蘅川县", "苓岭县", "澜湖区", "榕原县", "翠谷区", "栖峰县"]
TOWNS = ["芷溪镇", "蘅野乡", "苓泽镇", "檀峰镇"]
DEPARTMENTS = ["教育局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局", "卫生健康委员会"]


def agencies(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(name, region as province+city, level) for `n` distinct fictional agencies. A
    name that identification would place in a real division, or take for an agency
    chosen already, is not used (ogi's division data may grow)."""
    from ogi.agencies import identify_name

    out: dict[str, tuple[str, str, str]] = {}
    tried: set[str] = set()
    while len(out) < n:
        prov, city, county = rng.choice(PROVINCES), rng.choice(CITIES), rng.choice(COUNTIES)
        kind = rng.random()
        if kind < 0.3:
            name, level = f"{prov}{city}{county}人民政府", "县级政府"
        elif kind < 0.5:
            name, level = f"{prov}{city}{county}{rng.choice(TOWNS)}人民政府", "乡镇"
        elif kind < 0.8:
            name, level = f"{prov}{city}{county}{rng.choice(DEPARTMENTS)}", "县级部门"
        else:
            name, level = f"{prov}{city}{rng.choice(DEPARTMENTS)}", "市级部门"
        if name in tried:
            continue
        tried.add(name)
        if len(tried) > 2 * len(PROVINCES) * len(CITIES) * len(COUNTIES) * 11:
            raise SystemExit(f"只找到 {len(out)} 个可用的虚构机关名称")
        ident = identify_name(name)
        if ident is None or ident.region is not None or ident.code in out:
            continue
        out[ident.code] = (name, prov + city, level)
    return list(out.values())


def _ledger(session, agency: str, years: list[int], rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from ogi.store.ledger import applicant_types, check_application, edition_of, find_agency
    from ogi.store.models import Application, ProactiveCount, Review

    ag = find_agency(session, agency, create=True)
    for year in years:
        ed = edition_of(year)
        types = list(applicant_types(ed))
        for i in range(rng.choice([0, 2, 5, 12, 30, 60])):
            received = date(year, 1, 2) + timedelta(days=rng.randrange(360))
            app = Application(
                agency_id=ag.id,
                year=year,
                serial_no=f"{year}-{i + 1:04d}",
                applicant_name="申请人",
                applicant_type=rng.choice(types),
                received=received,
                channel="online",
            )
            if rng.random() < 0.9:  # most are answered, some over new year
                app.reply_date = received + timedelta(days=rng.randrange(5, 40))
                # counted in the year it is answered, in that year's edition
                app.outcome = rng.choice(list(edition_of(app.reply_date.year).t3_outcome_leaves))
            check_application(app)
            session.add(app)
        for k in range(rng.choice([0, 0, 1, 3])):
            filed = date(year, rng.randrange(1, 12), 5)
            outcome = rng.choice(["upheld", "corrected", "other", "pending"])
            session.add(
                Review(
                    agency_id=ag.id,
                    case_no=f"{year}-复-{k}",
                    kind=rng.choice(["review", "litigation_direct", "litigation_after_review"]),
                    filed=filed,
                    outcome=outcome,
                    concluded=None if outcome == "pending" else filed + timedelta(days=60),
                )
            )
        for path in ed.raw["tables"]["t2"]["cell_paths"]:
            if rng.random() < 0.5:
                session.add(
                    ProactiveCount(
                        agency_id=ag.id, year=year, path=path, value=float(rng.randrange(0, 50))
                    )
                )
    session.flush()


def _narrative(folder: Path, agency: str, year: int) -> Path:
    """A short text under the format's own section titles."""
    from ogi.store.ledger import edition_of

    ed = edition_of(year)
    parts = [f"# {agency}{year}年政府信息公开工作年度报告", ""]
    for s in ed.sections:
        parts += [f"## {s.ordinal}{s.title}", ""]
        if s.kind != "table":
            parts += [f"{year}年，{agency}按照条例要求做好本部分工作。", ""]
    path = folder / f"narrative-{year}.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def _defect(report: Report, rng: random.Random) -> Report:
    """A defect a supervisor would find: a total one off, or a part left empty."""
    if rng.random() < 0.5:
        cells = dict(report.cells)
        key = "t3.results.total.total"
        if isinstance(cells.get(key), int | float):
            cells[key] = cells[key] + 1
        return report.model_copy(update={"cells": cells})
    sections = [s.model_copy(update={"text": ""}) for s in report.sections]
    return report.model_copy(update={"sections": sections[:-1] + sections[-1:]})


# Characters of the fictional place names and a look-alike each (OCR and typing errors)
LOOKALIKES = {
    "峰": "锋", "川": "州", "湖": "潮", "陵": "凌", "岭": "龄", "原": "源", "谷": "各",
    "溪": "蹊", "泽": "择", "野": "墅", "屿": "峙", "洲": "州", "翠": "翆", "澜": "斓",
}  # fmt: skip


def _misspelt(report: Report, rng: random.Random) -> Report:
    """The report with its agency's name printed one character wrong, where a place name
    has a character with a look-alike and the wrong name still names no real place."""
    from ogi.agencies import identify_name

    name = report.agency or ""
    spots = [i for i, ch in enumerate(name) if ch in LOOKALIKES]
    if not spots:
        return report
    i = rng.choice(spots)
    wrong = name[:i] + LOOKALIKES[name[i]] + name[i + 1 :]
    ident = identify_name(wrong)
    if ident is None or ident.region is not None:
        return report
    return report.model_copy(update={"agency": wrong})


def composed(
    n_agencies: int,
    years: list[int],
    seed: int = 1,
    defects: float = 0.1,
    misspelt: float = 0.0,
) -> Iterator[Report]:
    """Composed reports of `n_agencies` fictional agencies for `years`, with defects."""
    from ogi.compose import compose_report
    from ogi.store import open_store

    rng = random.Random(seed)
    typos = random.Random(f"{seed}-misspelt")  # its own stream: the rest stays the same
    with tempfile.TemporaryDirectory(prefix="ogi-national-") as tmp:
        folder = Path(tmp)
        store = open_store(str(folder / "ledger.db"), notify=lambda _m: None)
        for name, _region, _level in agencies(n_agencies, rng):
            with store.session() as s:
                _ledger(s, name, years, rng)
            for year in years:
                with store.session() as s:
                    r = compose_report(s, name, year, _narrative(folder, name, year))
                r = _defect(r, rng) if rng.random() < defects else r
                yield _misspelt(r, typos) if misspelt and typos.random() < misspelt else r
        store.close()


def render(report: Report, form: str, path: Path) -> None:
    from ogi.render import render_docx, render_html, render_markdown, render_text

    if form == "docx":
        render_docx(report, path)
    elif form == "pdf":
        from ogi.render.pdf import render_pdf

        render_pdf(report, path)
    else:
        text = {"txt": render_text, "md": render_markdown, "html": render_html}[form](report)
        path.write_text(text, encoding="utf-8")


def write(
    out: Path,
    n_agencies: int,
    years: list[int],
    forms: dict[str, int | None],
    seed: int = 1,
    defects: float = 0.1,
    misspelt: float = 0.0,
) -> dict[str, int]:
    """Render the corpus into OUT/<form>/ (at most `forms[form]` files of a form when
    not None); how many files of each form."""
    counts = dict.fromkeys(forms, 0)
    for form in counts:
        (out / form).mkdir(parents=True, exist_ok=True)
    with (out / "reports.jsonl").open("w", encoding="utf-8") as truth:
        for k, r in enumerate(composed(n_agencies, years, seed, defects, misspelt)):
            truth.write(r.model_dump_json() + "\n")
            stem = f"{k:06d}-{r.agency}-{r.report_year}"
            for form, limit in forms.items():
                if limit is None or counts[form] < limit:
                    render(r, form, out / form / f"{stem}.{form}")
                    counts[form] += 1
    return counts


def parse_forms(text: str) -> dict[str, int | None]:
    """ "txt,docx:40" → {"txt": None, "docx": 40}."""
    out: dict[str, int | None] = {}
    for item in text.split(","):
        form, _, limit = item.partition(":")
        out[form] = int(limit) if limit else None
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--agencies", type=int, default=50)
    ap.add_argument("--years", default="2020-2024")
    ap.add_argument("--forms", default="txt,md,html,docx:40")
    ap.add_argument("--defects", type=float, default=0.1)
    ap.add_argument("--misspelt", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    first, last = (int(x) for x in a.years.split("-"))
    years = list(range(first, last + 1))
    counts = write(a.out, a.agencies, years, parse_forms(a.forms), a.seed, a.defects, a.misspelt)
    print("，".join(f"{form} {n} 份" for form, n in counts.items()))


if __name__ == "__main__":
    main()
