from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import t4_sum
from ogi.model import Report


class T4DirectSum(Rule):
    """规则说明：表四 行政诉讼 未经复议直接起诉 的总计等于结果维持、结果纠正、其他结果、
    尚未审结四项之和。

    为何重要：总计与四项不符，说明诉讼案件被漏计，或总计栏误填。

    反例：结果维持 2、尚未审结 1，总计 2。

    正例：结果维持 2、尚未审结 1，总计 3。
    """

    id = "T4-DIRECT-SUM"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return t4_sum(self, report, ctx, "litigation.direct")
