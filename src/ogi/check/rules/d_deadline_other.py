from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import deadline
from ogi.model import Report


class DeadlineOther(Rule):
    """规则说明：第四十九条未点名的机关（乡镇人民政府、街道办事处、管委会等）没有法定日期；
    通常按次年1月31日掌握，地方通知可另定。晚于1月31日的仅作提示。

    为何重要：没有法定期限不等于可以不按时公布；多数地方按1月31日要求。

    反例：某镇2021年度报告于2022年3月1日公布（提示）。

    正例：于2022年1月31日前公布。
    """

    id = "D-DEADLINE-OTHER"
    group = "timeliness"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return deadline(self, report, ctx, "other", 1, 31, "乡镇、街道、管委会等机关")
