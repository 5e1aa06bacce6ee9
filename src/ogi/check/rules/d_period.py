from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import all_text
from ogi.model import Report

# "统计期限自2021年1月1日起至2021年12月31日止", "统计期为2021年1月1日至12月31日"
_PERIOD = patterns.compile(
    r"统计(?:期限|期|时限|时间|区间)[^。；\d]{0,8}"
    r"(\d{4})年(\d{1,2})月(\d{1,2})日[起]?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)


class Period(Rule):
    """规则说明：报告数据的统计期为报告年度1月1日至12月31日（《条例》第四十九条：上一年度）。

    为何重要：统计期不是完整的报告年度，数据就不能与其他机关、其他年度比较。

    反例：2021年度报告写“统计期限自2021年1月1日起至2021年11月30日止”。

    正例：“统计期限自2021年1月1日起至2021年12月31日止”。
    """

    id = "D-PERIOD"
    group = "timeliness"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        year = report.report_year
        if year is None:
            return
        for m in _PERIOD.finditer(all_text(report)):
            y1, m1, d1, y2, m2, d2 = m.groups()
            start = (int(y1), int(m1), int(d1))
            end = (int(y2 or y1), int(m2), int(d2))
            if start == (year, 1, 1) and end == (year, 12, 31):
                continue
            said = f"{start[0]}年{start[1]}月{start[2]}日至{end[0]}年{end[1]}月{end[2]}日"
            yield self.finding(
                ctx,
                f"统计期为{said}，应为{year}年1月1日至{year}年12月31日",
                f"Period stated as {said}; it must be {year}-01-01 to {year}-12-31",
                expected=f"{year}年1月1日至{year}年12月31日",
                found=said,
                hint="统计期应为报告年度的1月1日至12月31日；核对报告年度与数据。",
            )
