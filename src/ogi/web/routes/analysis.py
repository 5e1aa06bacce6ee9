"""Charts over the corpus: outcomes and refusal grounds by year, how often each rule
fails, reports with errors by region. Each chart's marks link to the reports behind them
(and from there to the cells), and each chart's data downloads as CSV or xlsx."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from ogi.services.analysis import (
    GROUND_KEYS,
    OUTCOME_KEYS,
    STATUSES,
    Filter,
    facets,
    rule_rates,
    year_figures,
)
from ogi.services.measures import BY_KEY
from ogi.web.charts import lines, stacked_bars
from ogi.web.downloads import table_response
from ogi.web.permissions import Reader
from ogi.web.routes.corpus import read_filter
from ogi.web.templating import page

router = APIRouter()


def _corpus_href(flt: Filter, **more: object) -> str:
    params = {
        k: v
        for k, v in {
            "q": flt.q,
            "region": flt.region,
            "level": flt.level,
            "edition": flt.edition,
            "status": flt.status,
            "rule": flt.rule,
            "sources": "all" if flt.all_sources else "",
            **more,
        }.items()
        if v not in ("", None)
    }
    return "/corpus?" + urlencode(params)


def _data(request: Request, user: object) -> dict:
    flt = read_filter(request, public_only=user is None)
    flt.year = None  # charts run over the years
    with request.app.state.store.session() as s:
        # both charts' sums, the reports of each year and each region's errors in one
        # pass over the reports
        both, regions = year_figures(s, flt, OUTCOME_KEYS + GROUND_KEYS)
        outcomes = {y: {k: v[k] for k in ("reports", *OUTCOME_KEYS)} for y, v in both.items()}
        grounds = {y: {k: v[k] for k in ("reports", *GROUND_KEYS)} for y, v in both.items()}
        rates = rule_rates(s, flt, {y: v["reports"] for y, v in both.items()})
        found = facets(s, flt.public_only)
    return {
        "flt": flt,
        "outcomes": outcomes,
        "grounds": grounds,
        "rates": rates,
        "regions": regions,
        "facets": found,
    }


@router.get("/analysis")
def analysis_page(request: Request, user: Reader) -> Response:
    d = _data(request, user)
    flt: Filter = d["flt"]
    years = sorted(d["outcomes"])

    def by_measure(year: int, key: str) -> str:
        return _corpus_href(flt, year=year, sort=key, desc=1)

    outcome_chart = stacked_bars(
        years, [(k, BY_KEY[k].label) for k in OUTCOME_KEYS], d["outcomes"], by_measure
    )
    ground_chart = lines(
        sorted(d["grounds"]),
        [(k, BY_KEY[k].label) for k in GROUND_KEYS],
        d["grounds"],
        lambda y, k: _corpus_href(flt, year=y, sort=k, desc=1, detail="grounds"),
    )
    region_years = sorted({y for per in d["regions"].values() for y in per})
    return page(
        request,
        "analysis.html",
        title="统计分析",
        outcome_chart=outcome_chart,
        ground_chart=ground_chart,
        region_years=region_years,
        statuses=STATUSES,
        corpus_href=lambda **kw: _corpus_href(flt, **kw),
        **d,
    )


@router.get("/analysis/{chart}.{fmt}")
def analysis_download(request: Request, chart: str, fmt: str, user: Reader) -> Response:
    d = _data(request, user)
    rows: list[list[object]]
    if chart in ("outcomes", "grounds"):
        keys = OUTCOME_KEYS if chart == "outcomes" else GROUND_KEYS
        header = ["年度", "报告数", *(BY_KEY[k].label for k in keys)]
        rows = [[y, v["reports"], *(v[k] for k in keys)] for y, v in sorted(d[chart].items())]
        name = "办理结果" if chart == "outcomes" else "不予公开理由"
    elif chart == "rules":
        rates = d["rates"]
        header = ["规则", *(f"{y}年未通过报告数" for y in rates.years)]
        rows = [[r, *(per.get(y, 0) for y in rates.years)] for r, per in rates.rules.items()]
        rows.append(["报告数", *(rates.reports[y] for y in rates.years)])
        name = "各规则未通过情况"
    elif chart == "regions":
        years = sorted({y for per in d["regions"].values() for y in per})
        header = ["地区"]
        for y in years:
            header += [f"{y}年有错误的报告", f"{y}年报告数"]
        rows = []
        for region, per in d["regions"].items():
            row: list[object] = [region]
            for y in years:
                bad, n = per.get(y, (0, 0))
                row += [bad, n]
            rows.append(row)
        name = "各地区错误情况"
    else:
        raise HTTPException(404)
    return table_response(header, rows, fmt, name)
