from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, is_number, t2_edition
from ogi.format import YUAN_PER_UNIT
from ogi.model import Report

PATH = "t2.art20_8.admin_fees.fee_amount"


class T2FeeUnit(Rule):
    """规则说明：2021版表二“本年收费金额”以万元为单位，为非负数，可有小数；
    以“元”书写的数值应换算为万元。

    为何重要：单位印在列标签里（单位：万元）；按元填写会把金额放大一万倍，
    汇总和比较都会出错。

    反例：行政事业性收费 本年收费金额 填“77302800元”，或填 -3。

    正例：填 7730.28（万元）。
    """

    id = "T2-FEE-UNIT"
    group = "table2"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t2_edition(report)
        if ed is None or ed.name != "2021":
            return
        value = report.cells.get(PATH)
        unit = (report.units.get(PATH) or "").strip()
        if is_number(value) and value < 0:  # type: ignore[operator]
            yield self.finding(
                ctx,
                f"表二 行政事业性收费 本年收费金额 = {fmt(value)}，不能为负数",
                f"Table 2 fee amount is {fmt(value)}; must not be negative",
                table="t2",
                row="art20_8.admin_fees",
                column="fee_amount",
                expected="≥0（万元）",
                found=value,  # type: ignore[arg-type]
                hint="填本年实际收费金额，单位万元；没有收费填0。",
            )
        if unit and unit != "万元":
            yield self._unit_finding(ctx, value, unit)

    def _unit_finding(self, ctx: Context, value: object, unit: str) -> Finding:
        # The reader has already converted the amount to 万元 (the cell holds 0.12 for a
        # printed 1200元); the message quotes the printed amount, recovered from the unit.
        known = is_number(value) and unit in YUAN_PER_UNIT
        if known:
            wan = float(value)  # type: ignore[arg-type]
            printed = f"{fmt(wan * YUAN_PER_UNIT['万元'] / YUAN_PER_UNIT[unit])}{unit}"
            advice = f"换算为万元后填 {fmt(wan)}（{printed} = {fmt(wan)}万元）。"
        else:
            printed = f"{fmt(value)}{unit}" if is_number(value) else unit
            advice = "换算为万元后填写。"
        return self.finding(
            ctx,
            f"表二 行政事业性收费 本年收费金额 以“{unit}”书写（{printed}），格式规定单位为万元",
            f"Table 2 fee amount is written in {unit!r}; the format's unit is 万元",
            table="t2",
            row="art20_8.admin_fees",
            column="fee_amount",
            expected="万元",
            found=unit,
            hint=advice,
        )
