from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import Sum, fmt, not_evaluable, same, t3_col_label, t3_edition
from ogi.model import Report


class T3Balance(Rule):
    """规则说明：表三每一列，一（本年新收）加二（上年结转）之和，等于三（本年度办理结果的（七）总计）
    加四（结转下年度继续办理）之和。格式在表头角注中印明了这一勾稽关系。

    为何重要：收到的申请要么办结、要么结转，两边不等说明有申请被漏计或重复计入。

    反例：自然人列 一 = 5、二 = 0、（七）总计 = 4、四 = 0：5 + 0 ≠ 4 + 0。

    正例：自然人列 一 = 4、二 = 0、（七）总计 = 4、四 = 0。
    """

    id = "T3-BALANCE"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t3_edition(report)
        if ed is None:
            return
        blanks: dict[str, list[str]] = {}
        for col in ed.t3_columns:
            c = col.key
            left, right = Sum(), Sum()
            left.add(report, f"t3.new_received.{c}", "一")
            left.add(report, f"t3.carried_over.{c}", "二")
            right.add(report, f"t3.results.total.{c}", "（七）总计")
            right.add(report, f"t3.carried_forward.{c}", "四")
            if left.blanks or right.blanks:
                blanks[c] = left.blanks + right.blanks
                continue
            if same(left.total, right.total):
                continue
            a, b = (v for _, _, v in left.terms)
            t, f = (v for _, _, v in right.terms)
            name = t3_col_label(ed, c)
            yield self.finding(
                ctx,
                f"表三 {name} 列：一 + 二 = {fmt(a)} + {fmt(b)} = {fmt(left.total)}，"
                f"但 （七）总计 + 四 = {fmt(t)} + {fmt(f)} = {fmt(right.total)}",
                f"Table 3, column {c}: new {fmt(a)} + carried over {fmt(b)} = "
                f"{fmt(left.total)}, but outcome total {fmt(t)} + carried forward {fmt(f)} = "
                f"{fmt(right.total)}",
                table="t3",
                column=c,
                expected=left.total,
                found=right.total,
                hint="核对本年新收、上年结转、（七）总计和结转下年度四行的该列数字，"
                "使第一项加第二项之和等于第三项加第四项之和。",
            )
        yield from not_evaluable(self, ctx, ed, "t3", blanks, "column")
