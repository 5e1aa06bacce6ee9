from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import deadline
from ogi.model import Report


class DeadlineDept(Rule):
    """规则说明：县级以上人民政府部门（含政府办公室、办公厅）应于次年1月31日前
    公布上一年度报告。发布机关按名称判断：不是“××人民政府”本身、也不是乡镇街道的，
    按部门对待。

    为何重要：《条例》第四十九条第一款规定的法定期限。

    反例：某县人民政府办公室2021年度报告于2022年2月15日公布。

    正例：于2022年1月31日公布。
    """

    id = "D-DEADLINE-DEPT"
    group = "timeliness"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        return deadline(self, report, ctx, "department", 1, 31, "县级以上人民政府部门")
