"""`ogi agencies`, `ogi corpus`, `ogi stats` and `ogi export`: the stored corpus as a
dataset: its agencies, what it holds, the measures, and files researchers load as they are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ogi.cli import command_group

DB_OPTION = typer.Option(
    "--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"
)
DbOpt = Annotated[str | None, DB_OPTION]
AgencyOpt = Annotated[str | None, typer.Option("--agency", help="机关名称的一部分或机关编号")]
RegionOpt = Annotated[
    str | None, typer.Option("--region", help="省、市、县名称或行政区划代码前几位")
]
LevelOpt = Annotated[
    str | None, typer.Option("--level", help="层级：省级、市级、县级、乡镇级、国家级")
]
YearOpt = Annotated[int | None, typer.Option("--year", help="报告年度")]
RuleOpt = Annotated[str | None, typer.Option("--rule", help="只要违反该规则的报告")]

agencies_app = command_group("机关：列出、合并、改名（人工的决定会保留）")
corpus_app = command_group("库中的报告：列出、查找、查看")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _table(*headers: str) -> Table:
    """A table that folds long names onto more lines rather than cutting them short."""
    t = Table()
    for h in headers:
        t.add_column(h, overflow="fold")
    return t


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from ogi.store import open_store

    return open_store(db)


def _nothing(s, f) -> None:  # type: ignore[no-untyped-def]
    """Say what the store holds when a filter matched nothing."""
    from ogi.services.dataset import similar_agencies, what_is_there

    err.print(f"没有符合条件（{escape(f.describe())}）的报告。{escape(what_is_there(s))}")
    if f.agency:
        near = similar_agencies(s, f.agency)
        if near:
            err.print("名称相近的机关：" + "、".join(near))


# -- ogi agencies ------------------------------------------------------------------------
@agencies_app.command("list")
def agencies_list(
    query: Annotated[
        str | None, typer.Argument(metavar="关键词", help="名称、地区或编号的一部分")
    ] = None,
    db: DbOpt = None,
) -> None:
    """列出机关：编号、规范名称、地区、层级、报告年度、见过的其他名称、待确认的可能匹配。"""
    from ogi.agencies.names import KINDS_ZH, LEVELS_ZH
    from ogi.services.agencies import list_agencies

    store = _store(db)
    with store.session() as s:
        rows = list_agencies(s, query)
        if not rows:
            err.print(f"没有找到机关“{escape(query or '')}”")
            raise typer.Exit(1)
        t = _table("编号", "机关", "地区", "层级", "类别", "报告", "其他名称", "可能是")
        for r in rows:
            a = r.agency
            region = "".join(x for x in (a.province, a.city, a.county) if x) or "—"
            t.add_row(
                a.code or str(a.id),
                a.name,
                region,
                LEVELS_ZH.get(a.level or "", a.level or "—"),
                KINDS_ZH.get(a.kind or "", a.kind or "—"),
                f"{r.reports}（{'、'.join(map(str, r.years))}）" if r.years else str(r.reports),
                "、".join(r.names) or "—",
                "、".join(r.candidates) or "—",
            )
        out.print(t)


@agencies_app.command("merge")
def agencies_merge(
    keep: Annotated[str, typer.Argument(metavar="保留机关", help="保留的机关（编号或名称）")],
    other: Annotated[str, typer.Argument(metavar="并入机关", help="并入的机关（编号或名称）")],
    db: DbOpt = None,
) -> None:
    """把一个机关并入另一个：报告、台账和名称都归入保留的机关。"""
    from ogi.services.agencies import AgencyError, merge

    store = _store(db)
    try:
        with store.session() as s:
            a = merge(s, keep, other)
            out.print(f"已合并：“{escape(other)}”并入“{escape(a.name)}”（{a.code}）")
    except AgencyError as e:
        err.print(str(e))
        raise typer.Exit(2) from None


@agencies_app.command("rename")
def agencies_rename(
    agency: Annotated[str, typer.Argument(metavar="机关", help="机关（编号或名称）")],
    name: Annotated[str, typer.Argument(metavar="新名称", help="新的规范名称")],
    db: DbOpt = None,
) -> None:
    """给机关改用新的规范名称；旧名称保留为它的别名。"""
    from ogi.services.agencies import AgencyError, rename

    store = _store(db)
    try:
        with store.session() as s:
            a = rename(s, agency, name)
            out.print(f"已改名：{escape(a.name)}（{a.code}）")
    except AgencyError as e:
        err.print(str(e))
        raise typer.Exit(2) from None


@agencies_app.command("keep-apart")
def agencies_keep_apart(
    agency: Annotated[str, typer.Argument(metavar="机关", help="机关（编号或名称）")],
    db: DbOpt = None,
) -> None:
    """确认机关与列出的“可能是”不是同一机关（以后不再提示）。"""
    from ogi.services.agencies import AgencyError, reject_candidates

    store = _store(db)
    try:
        with store.session() as s:
            gone = reject_candidates(s, agency)
    except AgencyError as e:
        err.print(str(e))
        raise typer.Exit(2) from None
    if gone:
        out.print(f"已确认“{escape(agency)}”不是：{'、'.join(gone)}")
    else:
        out.print(f"“{escape(agency)}”没有待确认的可能匹配")


@agencies_app.command("parent")
def agencies_parent(
    agency: Annotated[str, typer.Argument(metavar="机关", help="机关（编号或名称）")],
    parent: Annotated[str, typer.Argument(metavar="上级机关", help="上级机关（编号或名称）")],
    db: DbOpt = None,
) -> None:
    """指定机关的上级机关（如县教育局的上级为县人民政府）。"""
    from ogi.services.agencies import AgencyError, set_parent

    store = _store(db)
    try:
        with store.session() as s:
            a = set_parent(s, agency, parent)
            out.print(f"已指定：“{escape(a.name)}”的上级为“{escape(parent)}”")
    except AgencyError as e:
        err.print(str(e))
        raise typer.Exit(2) from None


# -- ogi corpus ----------------------------------------------------------------------------
def _filters(agency, region, level, year, rule, all_sources=False):  # type: ignore[no-untyped-def]
    from ogi.services.dataset import Filters

    return Filters(agency, region, level, year, rule, all_sources)


@corpus_app.command("list")
def corpus_list(
    agency: AgencyOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    year: YearOpt = None,
    rule: RuleOpt = None,
    all_sources: Annotated[
        bool, typer.Option("--all-sources", help="列出每个文件（默认每个机关每年一份）")
    ] = False,
    db: DbOpt = None,
) -> None:
    """列出库中的报告（每个机关每年一份），可按机关、地区、层级、年度、违反的规则筛选。"""
    from ogi.agencies.names import LEVELS_ZH
    from ogi.services.dataset import query

    f = _filters(agency, region, level, year, rule, all_sources)
    store = _store(db)
    with store.session() as s:
        t = _table("机关", "编号", "地区", "层级", "年度", "版本", "来源", "错误", "警告")
        n = 0
        for e in query(s, f):
            a, r = e.agency, e.row
            t.add_row(
                a.name if a else (r.agency or "（未载明）"),
                a.code if a else "—",
                "".join(x for x in ((a.province, a.city, a.county) if a else ()) if x) or "—",
                LEVELS_ZH.get((a.level if a else None) or "", "—"),
                str(r.year or "—"),
                r.edition or "—",
                f"{e.sources}个文件" if e.sources > 1 else r.form,
                str(e.errors if e.errors is not None else "—"),
                str(e.warnings if e.warnings is not None else "—"),
            )
            n += 1
        if not n:
            _nothing(s, f)
            raise typer.Exit(1)
        out.print(t)
        out.print(f"共 {n} 份")


@corpus_app.command("index")
def corpus_index(
    all_: Annotated[
        bool, typer.Option("--all", help="全部重新识别（默认只处理尚未识别的报告）")
    ] = False,
    db: DbOpt = None,
) -> None:
    """为库中的报告识别机关、核查并按机关年度归并（旧版本存入的报告，或 ogi 更新之后）。"""
    from ogi.services.dataset import index_all

    store = _store(db)
    n = index_all(store, only_missing=not all_)
    out.print(f"已处理 {n} 份报告")


@corpus_app.command("search")
def corpus_search(
    text: Annotated[str, typer.Argument(metavar="关键词", help="机关名称、地区名或编号的一部分")],
    year: YearOpt = None,
    rule: RuleOpt = None,
    db: DbOpt = None,
) -> None:
    """按名称或地区查找报告（机关名称、别名、省市县名称、编号均可）。"""
    from ogi.services.dataset import Filters, query

    store = _store(db)
    with store.session() as s:
        hits = {}
        for f in (
            Filters(agency=text, year=year, rule=rule),
            Filters(region=text, year=year, rule=rule),
        ):
            for e in query(s, f):
                hits[e.row.id] = e
        if not hits:
            _nothing(s, Filters(agency=text, year=year, rule=rule))
            raise typer.Exit(1)
        for e in sorted(hits.values(), key=lambda e: ((e.row.agency or ""), e.row.year or 0)):
            a = e.agency
            out.print(
                f"{escape(a.name if a else (e.row.agency or '（未载明）'))}  "
                f"{e.row.year or '—'}年度  {a.code if a else '—'}  "
                f"错误 {e.errors or 0} 警告 {e.warnings or 0}"
            )


@corpus_app.command("show")
def corpus_show(
    agency: Annotated[str, typer.Argument(metavar="机关", help="机关名称、别名或编号")],
    year: YearOpt = None,
    db: DbOpt = None,
) -> None:
    """显示一个机关各年度报告的主要指标、来源文件和发现的问题。"""
    from ogi.services.dataset import Filters, query
    from ogi.services.measures import MEASURES, measures_of, year_on_year

    store = _store(db)
    with store.session() as s:
        entries = list(query(s, Filters(agency=agency, year=year)))
        if not entries:
            _nothing(s, Filters(agency=agency, year=year))
            raise typer.Exit(1)
        by_agency: dict[str, list] = {}  # type: ignore[type-arg]
        for e in entries:
            by_agency.setdefault(e.agency.name if e.agency else (e.row.agency or ""), []).append(e)
        for name, es in by_agency.items():
            a = es[0].agency
            region = "".join(x for x in ((a.province, a.city, a.county) if a else ()) if x)
            out.print(f"[bold]{escape(name)}[/bold]  {a.code if a else ''}  {region}")
            years = [e.row.year for e in es]
            t = _table("指标", *[str(y) for y in years])
            values = [measures_of(e.report) for e in es]
            # year-on-year only against the year before, not against the last year stored
            changes = [
                year_on_year(
                    v, values[i - 1] if i and years[i - 1] == (years[i] or 0) - 1 else None
                )
                for i, v in enumerate(values)
            ]
            for m in MEASURES:
                share = m.table == "share"
                cells = []
                for v, c in zip(values, changes, strict=True):
                    x = v[m.key]
                    shown = "—" if x is None else (f"{x:.1%}" if share else str(x))
                    d = c[m.key]
                    if d is not None and not share:
                        shown += f"（{d:+.0%}）"
                    cells.append(shown)
                t.add_row(m.label, *cells)
            out.print(t)
            for e in es:
                errs = [f for f in e.findings(s) if f.severity == "error"]
                out.print(
                    f"  {e.row.year}年度：{e.sources} 个来源文件，"
                    f"取自 {escape(e.row.source_path)}；"
                    f"错误 {e.errors or 0}，警告 {e.warnings or 0}"
                )
                for f in errs[:10]:
                    out.print(f"    [red]错误[/red] {f.rule} {escape(f.message or '')}")


# -- ogi stats -------------------------------------------------------------------------
def stats_cmd(
    agency: AgencyOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    year: YearOpt = None,
    by: Annotated[
        str, typer.Option("--by", help="汇总口径：agency（机关×年度）、region、level、year")
    ] = "agency",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入文件（.csv、.xlsx、.parquet）")
    ] = None,
    db: DbOpt = None,
) -> None:
    """统计指标：收到申请、予以公开与部分公开、不予公开理由、不掌握、结转、复议诉讼及纠错率、同比变化。"""
    from ogi.services.dataset import Filters, query
    from ogi.services.measures import MEASURES, measures_of, shares_of, year_on_year

    if by not in ("agency", "region", "level", "year"):
        err.print(f"不支持的汇总口径“{by}”（可选：agency、region、level、year）")
        raise typer.Exit(2)
    f = Filters(agency, region, level, year)
    store = _store(db)
    counts = [m for m in MEASURES if m.table != "share"]
    with store.session() as s:
        groups: dict[tuple, dict[str, int | float | None]] = {}  # type: ignore[type-arg]
        for e in query(s, f):
            a = e.agency
            key = {
                "agency": (a.code if a else "", a.name if a else (e.row.agency or ""), e.row.year),
                "region": (a.province if a else "", a.city if a else "", e.row.year),
                "level": (a.level if a else "", e.row.year),
                "year": (e.row.year,),
            }[by]
            m = measures_of(e.report)
            g = groups.setdefault(key, {"reports": 0, **{k.key: 0 for k in counts}})
            g["reports"] = (g["reports"] or 0) + 1
            for k in counts:
                v = m[k.key]
                g[k.key] = None if v is None or g[k.key] is None else g[k.key] + v  # type: ignore[operator]
        if not groups:
            _nothing(s, f)
            raise typer.Exit(1)
    key_cols = {
        "agency": ["agency_id", "agency", "report_year"],
        "region": ["province", "city", "report_year"],
        "level": ["level", "report_year"],
        "year": ["report_year"],
    }[by]
    header = [*key_cols, "reports", *[m.key for m in MEASURES], *[f"{m.key}_yoy" for m in counts]]
    rows = []
    previous: dict[tuple, tuple] = {}  # type: ignore[type-arg]
    for key in sorted(groups, key=lambda k: tuple(str(x) for x in k)):
        g = shares_of(groups[key])  # a group's share is the share of its sums
        last = previous.get(key[:-1])
        prev = last[1] if last and key[-1] is not None and last[0] == key[-1] - 1 else None
        yoy = year_on_year(g, prev)
        previous[key[:-1]] = (key[-1], g)
        rows.append(
            [*key, g["reports"], *[g[m.key] for m in MEASURES], *[yoy[m.key] for m in counts]]
        )
    if output:
        from ogi.services.dataset import stats_dictionary, write

        try:
            w = write(output, header, rows, None, dic=stats_dictionary(header))
        except ValueError as e:
            err.print(str(e))
            raise typer.Exit(2) from None
        where = {".csv": "、".join(w.files[1:]), ".parquet": "各列的元数据"}
        out.print(
            f"已写入 {w.rows} 行到 {output}"
            f"（列的含义见 {where.get(output.suffix.lower(), '字典工作表')}）"
        )
        return
    labels = {m.key: m.label for m in MEASURES}
    # the terminal shows the headline measures under short names, explained below the
    # table (the format's own labels fold into many lines and push numbers onto two);
    # -o writes every measure and its change under its full name
    short = {
        "received": "新收申请",
        "granted_share": "公开率",
        "withheld": "不予公开",
        "not_held": "不掌握",
        "carried_forward": "结转下年",
        "reviews": "行政复议",
        "corrected_share": "纠错率",
    }
    heads = {"agency_id": "编号", "agency": "机关", "report_year": "年度", "province": "省"}
    heads |= {"city": "市", "level": "层级"}
    shown = list(short)
    idx = {h: i for i, h in enumerate(header)}
    # one report a row for an agency's years: the count is shown where rows add up several
    counted = by != "agency"
    body = []
    for r in rows:
        cells = [str(r[idx["reports"]])] if counted else []
        for k in shown:
            v = r[idx[k]]
            cells.append("—" if v is None else (f"{v:.1%}" if k.endswith("_share") else str(v)))
        body.append(([str(x or "—") for x in r[: len(key_cols)]], cells))
    t = _table(*[heads[k] for k in key_cols])
    # a number is never cut over two lines: its column is at least as wide as its values
    for j, h in enumerate([*(["报告"] if counted else []), *short.values()]):
        widest = max((len(cells[j]) for _, cells in body), default=1)
        t.add_column(h, justify="right", overflow="fold", min_width=widest)
    for keys, cells in body:
        t.add_row(*keys, *cells)
    out.print(t)

    def meaning(k: str) -> str:  # "公开率（予以公开…）" under 公开率: what the brackets say
        whole = labels[k]
        if whole.startswith(short[k] + "（") and whole.endswith("）"):
            return whole[len(short[k]) + 1 : -1]
        return whole

    out.print(
        "；".join(f"{short[k]}：{meaning(k)}" for k in shown if short[k] != labels[k])
        + "。用 -o 输出全部指标及同比变化。",
        style="dim",
    )


# -- ogi export ----------------------------------------------------------------------------
def export_cmd(
    output: Annotated[
        Path, typer.Argument(metavar="输出文件", help="输出文件：.csv、.xlsx 或 .parquet")
    ],
    agency: AgencyOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    year: YearOpt = None,
    rule: RuleOpt = None,
    long: Annotated[
        bool, typer.Option("--long", help="每个单元格一行（默认每份报告一行）")
    ] = False,
    harmonised: Annotated[
        bool,
        typer.Option(
            "--harmonised", help="两版格式换算到 2021 版的统一口径（可做 2019 年以来的时间序列）"
        ),
    ] = False,
    chinese: Annotated[bool, typer.Option("--zh", help="列名用中文（默认英文键名）")] = False,
    all_sources: Annotated[
        bool, typer.Option("--all-sources", help="每个文件一行（默认每个机关每年一份报告）")
    ] = False,
    db: DbOpt = None,
) -> None:
    """导出库中的报告：数据表，附数据字典（每列的中文名、表格、版本、单位、含义）和问题表。"""
    from ogi.cli.progress import BatchProgress
    from ogi.services.dataset import Filters, findings_rows, query, wide, write
    from ogi.services.dataset import long as long_rows

    f = Filters(agency, region, level, year, rule, all_sources)
    store = _store(db)
    with store.session() as s, BatchProgress(None, "导出") as bar:

        def counted(entries: Iterable[Any]) -> Iterator[Any]:
            for e in entries:  # the rows stream: the bar counts reports as they go
                yield e
                bar.advance()

        header, rows = (long_rows if long else wide)(counted(query(s, f)), harmonised)
        try:
            w = write(
                output,
                header,
                rows,
                findings_rows(s, query(s, f)),
                harmonised=harmonised,
                chinese=chinese,
            )
        except ValueError as e:
            err.print(str(e))
            raise typer.Exit(2) from None
        if w.rows == 0:
            _nothing(s, f)
            raise typer.Exit(1)
    extra = (
        f"；数据字典和问题表：{'、'.join(w.files[1:])}"
        if len(w.files) > 1
        else "（含数据字典和问题工作表）"
    )
    out.print(f"已导出 {w.rows} 行到 {output}{extra}")
