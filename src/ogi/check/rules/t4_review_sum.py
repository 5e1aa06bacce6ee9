from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import t4_sum
from ogi.model import Report


class T4ReviewSum(Rule):
    """规则说明：表四 行政复议 的总计等于结果维持、结果纠正、其他结果、尚未审结四项之和。

    为何重要：总计与四项不符，说明复议案件被漏计，或总计栏误填。

    反例：结果维持 10、结果纠正 1、其他结果 0、尚未审结 0，总计 0。

    正例：同样四项，总计 11。
    """

    id = "T4-REVIEW-SUM"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return t4_sum(self, report, ctx, "review")
