from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import TABLE_ZH
from ogi.model import Report

# Printed marks that say "nothing here" rather than a number.
_BLANKISH = patterns.compile(r"^[\s/／\\—–\-－_]*$|^无$")


class TableBlank(Rule):
    """规则说明：表格印出但数字全部空白的，不能据以核对，应填0或实数。

    为何重要：全空白的表格既不是“没有数据”的0，也不是数据；读者无从判断，
    勾稽关系全部无法核对。

    反例：表三印出了全部行列，但每一格都空着（或都是“/”）。

    正例：没有申请的格子填0。
    """

    id = "S-TABLE-BLANK"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        by_table: dict[str, list[object]] = {t: [] for t in TABLE_ZH}
        for p, v in report.cells.items():
            by_table.setdefault(p[:2], []).append(v)
        for table, name in TABLE_ZH.items():
            prefix = table + "."
            values = by_table[table]
            raws = [r.text for r in report.raw if r.path.startswith(prefix)]
            if not values and not raws:
                continue
            if any(v is not None for v in values) or any(not _BLANKISH.match(t) for t in raws):
                continue
            yield self.finding(
                ctx,
                f"{name}印出但 {len(values) + len(raws)} 格数字全部空白，无法核对",
                f"Table {table} is printed with every number cell blank",
                table=table,
                expected="0或实数",
                found="全部空白",
                hint=f"在{name}每一格填入实数，没有的填0。",
            )
