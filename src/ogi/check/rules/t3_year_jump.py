from __future__ import annotations

from collections.abc import Iterable, Sequence

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, get, is_number
from ogi.check.rules.t3_carry_chain import consecutive
from ogi.model import Report

FACTOR = 5
FLOOR = 20  # below this, a county office going from 2 to 12 applications is ordinary
ROWS = (
    ("t3.new_received.total", "一、本年新收 总计"),
    ("t3.results.total.total", "（七）总计 总计"),
)


class T3YearJump(Rule):
    """规则说明：同一机关表三“一、本年新收”总计或“（七）总计”总计与上一年度相比增减5倍以上
    （且较大一年不少于20件）的，提示核实。

    为何重要：申请量年年有起伏，但五倍以上的跳动多半是填错了行、多写或漏写了一位数，
    或把其他机关、其他年度的数据填了进来；评议机构逐年比较时首先会问到。

    反例：2022年本年新收 12 件，2023年 150 件，正文未作说明。

    正例：2022年 12 件，2023年 18 件。
    """

    id = "T3-YEAR-JUMP"
    group = "cross-year"
    cross_report = True
    needs = ("t3.new_received.total", "t3.results.total.total")

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        for prev, this in consecutive(reports):
            for path, label in ROWS:
                before, now = get(prev, path), get(this, path)
                if not (is_number(before) and is_number(now)):
                    continue
                low, high = sorted((before, now))  # type: ignore[type-var]
                if high < FLOOR or high < FACTOR * low:
                    continue
                # a rise as a multiple of last year, a fall as a share lost (倍 says
                # nothing of a fall: 减少5倍 is no amount)
                if now > before:  # type: ignore[operator]
                    change = f"为上年的{now / before:.1f}倍" if before else "上年为0"  # type: ignore[operator]
                else:
                    change = f"比上年减少{(before - now) / before:.1%}"  # type: ignore[operator]
                yield self.finding(
                    Context.of(this),
                    f"表三 {label}：{this.report_year}年 {fmt(now)} 件，{prev.report_year}年 "
                    f"{fmt(before)} 件，{change}，请核实",
                    f"Table 3 {path}: {fmt(now)} in {this.report_year} against {fmt(before)} "
                    f"in {prev.report_year}",
                    table="t3",
                    row=path[3:].rsplit(".", 1)[0],
                    column="total",
                    expected=before,  # type: ignore[arg-type]
                    found=now,  # type: ignore[arg-type]
                    hint="核对本年数字是否填错行、多写或漏写一位；确为实际变化的，可在正文说明原因。",
                )
