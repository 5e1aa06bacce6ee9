from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import t4_integer
from ogi.model import Report


class T4Integer(Rule):
    """规则说明：表四各单元格为非负整数，单位为“件”。

    为何重要：案件数不可能是小数或负数；这类数字多是录入错误。

    反例：行政复议 结果维持 填 1.5。

    正例：行政复议 结果维持 填 1。
    """

    id = "T4-INTEGER"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return t4_integer(self, report, ctx)
