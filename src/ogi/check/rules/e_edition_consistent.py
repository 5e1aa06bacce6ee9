from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import (
    TABLE_ZH,
    t2_edition,
    t2_other_blocks,
    t3_edition,
    t3_row_full,
    table_edition,
    year_edition,
)
from ogi.format import Edition, T2Block
from ogi.format.labels import t2_col_label
from ogi.model import Report


class EditionConsistent(Rule):
    """规则说明：同一份报告的各张表须出自同一版格式，不得混用。

    为何重要：混用版本的报告表二、表三口径不一致，（六）其他处理的分项也对不上，
    通常是沿用了旧模板的一部分。

    一个原因只报一条：沿用旧版的那张表连同它因此缺少的行列在这一条中写明，
    不再另报“报告年度应使用的版本”和“缺少单元格”。

    表二中的一部分沿用另一版的列（2022年度报告表二第二十条第（五）项仍印“上一年项目
    数量、本年增/减、处理决定数量”），同样由本规则报告，S-TABLES-PRESENT 不再列出该部分
    缺少的单元格。

    反例：表二用2021版（本年制发件数…），表三却只有2019版的单行“（六）其他处理”。

    正例：表二、表三都用2021版。
    """

    id = "E-EDITION-CONSISTENT"
    group = "edition"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        yield from self._tables(report, ctx)
        yield from self._blocks(report, ctx)

    def _blocks(self, report: Report, ctx: Context) -> Iterable[Finding]:
        """Blocks of table 二 in another edition's columns than the rest of the table
        (a 2022 table 二 whose 第二十条第（五）项 still has 2019's 上一年项目数量 …)."""
        own = t2_edition(report)
        found: dict[str, list[T2Block]] = {}
        for ed, block in t2_other_blocks(report):
            found.setdefault(ed.name, []).append(block)
        if own is None or not found:
            return
        want = year_edition(report) or own
        year = f"{report.report_year}年度报告" if report.report_year else "报告"
        for name, blocks in found.items():
            where = "、".join(b.label for b in blocks)
            cols = "、".join(dict.fromkeys(c.label for b in blocks for c in b.columns))
            yield self.finding(
                ctx,
                f"表二{where}按{name}版格式的列印制（{cols}），与表二其余部分"
                f"（{own.name}版）不一致；{year}应全部按{want.name}版填报"
                f"（{want.document_number}）",
                f"In table t2, {len(blocks)} block(s) follow the {name} edition's columns "
                f"while the rest of the table follows {own.name}",
                table="t2",
                expected=want.name,
                found=name if want.name != name else own.name,
                hint=f"按{want.name}版格式重印表二{where if want.name != name else ''}，"
                "各部分的列以该版为准，没有数据的填0。",
            )

    def _tables(self, report: Report, ctx: Context) -> Iterable[Finding]:
        has_t2 = any(p.startswith("t2.") for p in report.cells) or "t2" in report.table_editions
        has_t3 = any(p.startswith("t3.") for p in report.cells) or "t3" in report.table_editions
        if not (has_t2 and has_t3):
            return
        e2, e3 = t2_edition(report), t3_edition(report)
        if e2 is None or e3 is None or e2.name == e3.name:
            return
        # One cause, one finding: the table that left the edition of the year is named
        # with what it lacks; E-EDITION-BY-YEAR and S-TABLES-PRESENT stay silent on it.
        want = year_edition(report)
        if want is not None and want.name in (e2.name, e3.name):
            wrong, right = ("t3", e2) if e3.name != want.name else ("t2", e3)
        else:
            wrong, right = "t3", e2
        found = table_edition(report, wrong)
        assert found is not None
        lacks = edition_difference(right, found, wrong)
        year = f"{report.report_year}年度报告" if report.report_year else "报告"
        name = TABLE_ZH[wrong]
        other = TABLE_ZH["t2" if wrong == "t3" else "t3"]
        yield self.finding(
            ctx,
            f"{name}沿用{found.name}版格式，与{other}（{right.name}版）不一致；"
            f"{year}应全部按{right.name}版填报（{right.document_number}）" + lacks,
            f"Table {wrong} follows the {found.name} edition while the other tables follow "
            f"{right.name}",
            table=wrong,
            expected=right.name,
            found=found.name,
            hint=f"按{right.name}版格式重印{name}，补齐所缺的行列，没有数据的填0。",
        )


def edition_difference(right: Edition, found: Edition, table: str) -> str:
    """What a table of edition `found` lacks against `right`, in the format's words:
    "，表三缺少2021版（六）其他处理下的3项：…"."""
    have = set(found.cell_paths(table))
    missing = [p for p in right.cell_paths(table) if p not in have]
    if not missing:
        return ""
    if table == "t3":
        rows = list(dict.fromkeys(p[3:].rsplit(".", 1)[0] for p in missing))
        groups = {r.rsplit(".", 1)[0] for r in rows}
        where = ""
        if len(groups) == 1:
            parent = right.row("t3", next(iter(groups)))
            where = f"{parent.label}下的" if parent else ""
        return (
            f"：{TABLE_ZH[table]}缺少{right.name}版{where}{len(rows)}项（"
            + "；".join(t3_row_full(right, r) for r in rows)
            + "）"
        )
    cols = list(dict.fromkeys(t2_col_label(right, p.rsplit(".", 1)[-1]) for p in missing))
    return f"：{TABLE_ZH[table]}缺少{right.name}版的列（" + "、".join(cols) + "）"
