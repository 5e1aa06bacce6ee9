from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import (
    TABLE_ZH,
    t2_edition,
    t3_edition,
    t3_row_full,
    table_edition,
    year_edition,
)
from ogi.format import Edition
from ogi.format.labels import t2_col_label
from ogi.model import Report


class EditionConsistent(Rule):
    """规则说明：同一份报告的各张表须出自同一版格式，不得混用。

    为何重要：混用版本的报告表二、表三口径不一致，（六）其他处理的分项也对不上，
    通常是沿用了旧模板的一部分。

    一个原因只报一条：沿用旧版的那张表连同它因此缺少的行列在这一条中写明，
    不再另报“报告年度应使用的版本”和“缺少单元格”。

    反例：表二用2021版（本年制发件数…），表三却只有2019版的单行“（六）其他处理”。

    正例：表二、表三都用2021版。
    """

    id = "E-EDITION-CONSISTENT"
    group = "edition"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
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
