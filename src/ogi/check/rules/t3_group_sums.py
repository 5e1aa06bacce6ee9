from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import (
    Sum,
    fmt,
    get,
    is_number,
    same,
    t3_col_label,
    t3_edition,
    t3_row_full,
    t3_row_label,
)
from ogi.format import Edition
from ogi.model import Report


def _children(ed: Edition, group: str) -> list[str]:
    """Data rows a group row adds up: outcome leaves below it (for 三、本年度办理结果, all)."""
    return [leaf for leaf in ed.t3_outcome_leaves if leaf.startswith(group + ".")]


class T3GroupSums(Rule):
    """规则说明：（三）不予公开、（四）无法提供、（五）不予处理（2021版还有（六）其他处理）
    以及“三、本年度办理结果”都是组行，只是其下各项之和，组行本身不填数。

    为何重要：组行填数不合格式，且容易被汇总程序当作一项办理结果重复计算；
    填了却与下级之和不一致，更说明某一项填错。

    反例：（三）不予公开 行的自然人列填了 2，而其下 8 项之和为 1。

    正例：（三）不予公开 行不填数，只在 1.属于国家秘密 … 8.属于行政查询事项 各行填数。
    """

    id = "T3-GROUP-SUMS"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t3_edition(report)
        if ed is None:
            return
        for row in ed.t3_rows:
            if not row.group:
                continue
            written: list[str] = []
            for col in ed.t3_columns:
                c = col.key
                value = get(report, f"t3.{row.path}.{c}")
                if not is_number(value):
                    continue
                written.append(c)
                parts = Sum()
                for leaf in _children(ed, row.path):
                    parts.add(report, f"t3.{leaf}.{c}", t3_row_label(ed, leaf))
                if parts.blanks or same(value, parts.total):
                    continue
                yield self.finding(
                    ctx,
                    f"表三 组行 {t3_row_full(ed, row.path)} {t3_col_label(ed, c)} 填了 "
                    f"{fmt(value)}，但其下各项之和 = {fmt(parts.total)}（{parts.nonzero()}）",
                    f"Table 3, group row {row.path}, column {c}: holds {fmt(value)} but its "
                    f"items add up to {fmt(parts.total)}",
                    table="t3",
                    row=row.path,
                    column=c,
                    expected=parts.total,
                    found=value,  # type: ignore[arg-type]
                    hint="组行不应填数；删去组行的数字，并核对其下各项。",
                )
            if written:
                yield self.finding(
                    ctx,
                    f"表三 组行 {t3_row_full(ed, row.path)} 不应填数，却在 "
                    f"{'、'.join(t3_col_label(ed, c) for c in written)} 列填了数字",
                    f"Table 3, group row {row.path} should hold no numbers but has some in "
                    f"{', '.join(written)}",
                    table="t3",
                    row=row.path,
                    found=[f"t3.{row.path}.{c}" for c in written],
                    hint="按格式，组行只起分组作用，数字只填在其下各项。",
                )
