from __future__ import annotations

from collections.abc import Iterable, Sequence

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, get, is_number, same, t3_col_label, t3_edition
from ogi.model import Report


def consecutive(reports: Sequence[Report]) -> Iterable[tuple[Report, Report]]:
    """(previous year, this year) pairs of one agency's reports."""
    by_year = {r.report_year: r for r in reports if r.report_year is not None}
    for year, report in sorted(by_year.items()):
        prev = by_year.get(year - 1)
        if prev is not None:
            yield prev, report


class T3CarryChain(Rule):
    """规则说明：本年表三“二、上年结转政府信息公开申请数量”应逐列等于同一机关上一年度报告的
    “四、结转下年度继续办理”。

    为何重要：结转到下一年的申请必然出现在下一年的“上年结转”里；对不上说明其中一年填错，
    或有申请在两年之间丢失。

    反例：2021年报告 四、结转下年度继续办理 总计 2，2022年报告 二、上年结转 总计 0。

    正例：2021年结转 2，2022年上年结转 2。
    """

    id = "T3-CARRY-CHAIN"
    group = "cross-year"
    cross_report = True
    needs = ("t3.carried_over.", "t3.carried_forward.")

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        for prev, this in consecutive(reports):
            ed = t3_edition(this)
            if ed is None:
                continue
            ctx = Context.of(this)
            for col in ed.t3_columns:
                c = col.key
                now = get(this, f"t3.carried_over.{c}")
                before = get(prev, f"t3.carried_forward.{c}")
                if not (is_number(now) and is_number(before)) or same(now, before):
                    continue
                yield self.finding(
                    ctx,
                    f"表三 {t3_col_label(ed, c)} 列：{this.report_year}年“上年结转” = {fmt(now)}，"
                    f"但{prev.report_year}年报告“结转下年度继续办理” = {fmt(before)}",
                    f"Table 3, column {c}: carried over in {this.report_year} is {fmt(now)} "
                    f"but {prev.report_year} carried forward {fmt(before)}",
                    table="t3",
                    row="carried_over",
                    column=c,
                    expected=before,  # type: ignore[arg-type]
                    found=now,  # type: ignore[arg-type]
                    hint=f"核对{prev.report_year}年结转的申请是否全部计入本年“上年结转”。",
                )
