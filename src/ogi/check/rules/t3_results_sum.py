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
    t3_column_keys,
    t3_edition,
    t3_row_label,
)
from ogi.model import Report


class T3ResultsSum(Rule):
    """规则说明：表三每一列，（七）总计等于（一）至（六）所有末级办理结果之和（2019版19项，
    2021版21项；组行（三）（四）（五）及2021版（六）本身不计入）。

    为何重要：（七）总计是“本年度办理结果”的合计，也是表头勾稽关系里的第三项；
    它与各项结果对不上，说明某件申请被重复计入或漏计。

    反例：自然人列 予以公开 3、部分公开 1、本机关不掌握相关政府信息 1，（七）总计 却为 4。

    正例：同样三项结果，（七）总计为 5。
    """

    id = "T3-RESULTS-SUM"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t3_edition(report)
        if ed is None:
            return
        blanks: dict[str, list[str]] = {}
        cells = report.cells
        fast = dict((c, (p, t)) for c, p, t in t3_column_keys(ed.name))
        for col in ed.t3_columns:
            c = col.key
            if ints_add_up(cells, *fast[c]):
                continue
            parts = Sum()
            for leaf in ed.t3_outcome_leaves:
                parts.add(report, f"t3.{leaf}.{c}", t3_row_label(ed, leaf))
            total = get(report, f"t3.results.total.{c}")
            if parts.blanks or not is_number(total):
                blanks[c] = parts.blanks + ([] if is_number(total) else [f"t3.results.total.{c}"])
                continue
            if same(total, parts.total):
                continue
            name = t3_col_label(ed, c)
            yield self.finding(
                ctx,
                f"表三 （七）总计 {name} = {fmt(total)}，但各项办理结果之和 = "
                f"{fmt(parts.total)}（{parts.nonzero()}）",
                f"Table 3, column {c}: outcome total is {fmt(total)} but the outcome rows "
                f"add up to {fmt(parts.total)}",
                table="t3",
                row="results.total",
                column=c,
                expected=parts.total,
                found=total,  # type: ignore[arg-type]
                hint="逐项核对（一）至（六）各末级办理结果；每件申请只计入一种办理结果，"
                "（七）总计应等于它们之和。",
            )
        yield from not_evaluable(self, ctx, ed, "t3", blanks, "column")
