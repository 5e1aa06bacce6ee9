from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import deadline
from ogi.model import Report


class DeadlineGov(Rule):
    """规则说明：县级以上地方人民政府本级的年度报告，应于次年3月31日前公布。
    发布机关名称以“人民政府”结尾（不含办公室、办公厅，不含乡镇）的按本级政府报告对待。

    为何重要：《条例》第四十九条第二款规定的法定期限。

    反例：某县人民政府2021年度报告于2022年4月8日公布。

    正例：于2022年3月31日前公布。
    """

    id = "D-DEADLINE-GOV"
    group = "timeliness"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return deadline(self, report, ctx, "government", 3, 31, "县级以上地方人民政府")
