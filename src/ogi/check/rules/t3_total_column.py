from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import (
    Sum,
    fmt,
    get,
    ints_add_up,
    is_number,
    not_evaluable,
    same,
    t3_col_label,
    t3_edition,
    t3_row_full,
    t3_row_keys,
)
from ogi.model import Report


class T3TotalColumn(Rule):
    """规则说明：表三每一数据行，总计列等于自然人加商业企业、科研机构、社会公益组织、
    法律服务机构、其他六列之和。

    为何重要：总计列是“申请人情况”各列的合计；对不上说明某类申请人漏填或多填。

    反例：（一）予以公开 自然人 3、商业企业 1，总计 3。

    正例：（一）予以公开 自然人 3、商业企业 1，总计 4。
    """

    id = "T3-TOTAL-COLUMN"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t3_edition(report)
        if ed is None:
            return
        parts_cols = [c.key for c in ed.t3_columns if c.key != "total"]
        blanks: dict[str, list[str]] = {}
        cells = report.cells
        for r, part_keys, total_key in t3_row_keys(ed.name):
            if ints_add_up(cells, part_keys, total_key):
                continue
            parts = Sum()
            for c in parts_cols:
                parts.add(report, f"t3.{r}.{c}", t3_col_label(ed, c))
            total = get(report, f"t3.{r}.total")
            if parts.blanks or not is_number(total):
                blanks[r] = parts.blanks + ([] if is_number(total) else [f"t3.{r}.total"])
                continue
            if same(total, parts.total):
                continue
            yield self.finding(
                ctx,
                f"表三 {t3_row_full(ed, r)} 总计 = {fmt(total)}，但各类申请人之和 = "
                f"{fmt(parts.total)}（{parts.nonzero()}）",
                f"Table 3, row {r}: total column is {fmt(total)} but the applicant columns "
                f"add up to {fmt(parts.total)}",
                table="t3",
                row=r,
                column="total",
                expected=parts.total,
                found=total,  # type: ignore[arg-type]
                hint="核对该行各类申请人的件数，总计列应等于自然人与五类法人或其他组织之和。",
            )
        yield from not_evaluable(self, ctx, ed, "t3", blanks, "row")
