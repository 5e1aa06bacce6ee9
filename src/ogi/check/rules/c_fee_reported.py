from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import all_text, meaningful, section_body, year_edition
from ogi.model import Report

# Reports write 信息处理费, 信息公开处理费 or 收费情况; any of them reports the fee.
_FEE = patterns.compile(r"处理费|收费|收取[^。]{0,8}费")


class FeeReported(Rule):
    """规则说明：2021版第六部分须报告本年度信息处理费收取情况，未收取也应写明。

    为何重要：依申请公开原则上不收费，收取信息处理费须公开；写明“未收取”
    才能让读者知道本机关没有收费，而不是漏报。

    反例：“六、其他需要报告的事项”下只写“无”。

    正例：“本年度未收取信息处理费。”
    """

    id = "C-FEE-REPORTED"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = year_edition(report)
        if ed is None or ed.name not in self.editions or not report.sections:
            return
        body = section_body(report, "other_matters")
        # One cause, one finding: a missing part 六 is S-SECTIONS' finding and an empty one
        # C-OTHER-NONEMPTY's (whose hint asks for the fee statement too).
        if body is None or not meaningful(body) or _FEE.search(body):
            return
        if _FEE.search(all_text(report)):
            return  # the fee is reported, only in another part
        found = meaningful(body)
        yield self.finding(
            ctx,
            f"“六、其他需要报告的事项”未报告信息处理费收取情况（该部分为：{found[:30]}）",
            "Part 6 does not report information-processing fees",
            section="other_matters",
            expected="信息处理费收取情况",
            found=found[:30],
            hint="写明本年度是否收取信息处理费及金额，例如“本年度未收取信息处理费”。",
        )
