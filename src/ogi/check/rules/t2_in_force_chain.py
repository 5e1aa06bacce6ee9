from __future__ import annotations

from collections.abc import Iterable, Sequence

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, get, is_number, same, t2_edition
from ogi.check.rules.t3_carry_chain import consecutive
from ogi.model import Report

ROWS = {"rules": "规章", "normative_documents": "行政规范性文件"}


class T2InForceChain(Rule):
    """规则说明：2021版表二第二十条第（一）项，现行有效件数一般应等于上年现行有效件数加本年
    制发件数减本年废止件数（同一机关、逐行）。

    为何重要：三个数字描述同一批文件的存量与增减；对不上时多是某年漏填或填错。
    文件到期自然失效、机构改革也会合法地打破这一关系，所以只作提示。

    反例：2021年现行有效 20，2022年制发 3、废止 1，现行有效却填 30。

    正例：2022年现行有效 22。
    """

    id = "T2-IN-FORCE-CHAIN"
    group = "cross-year"
    cross_report = True
    needs = ("t2.",)

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        for prev, this in consecutive(reports):
            if any(getattr(t2_edition(r), "name", None) != "2021" for r in (prev, this)):
                continue
            ctx = Context.of(this)
            for row, label in ROWS.items():
                base = f"t2.art20_1.{row}"
                before = get(prev, f"{base}.in_force")
                issued = get(this, f"{base}.issued")
                repealed = get(this, f"{base}.repealed")
                now = get(this, f"{base}.in_force")
                if not all(is_number(v) for v in (before, issued, repealed, now)):
                    continue
                expected = before + issued - repealed  # type: ignore[operator]
                if same(expected, now):
                    continue
                yield self.finding(
                    ctx,
                    f"表二 {label} 现行有效件数 = {fmt(now)}，但{prev.report_year}年现行有效 "
                    f"{fmt(before)} + 本年制发 {fmt(issued)} - 本年废止 {fmt(repealed)} = "
                    f"{fmt(expected)}",
                    f"Table 2, {row}: in force {fmt(now)}, but last year's {fmt(before)} + "
                    f"issued {fmt(issued)} - repealed {fmt(repealed)} = {fmt(expected)}",
                    table="t2",
                    row=f"art20_1.{row}",
                    column="in_force",
                    expected=expected,
                    found=now,  # type: ignore[arg-type]
                    hint="核对现行有效件数；如有文件到期失效或机构调整，可在第六部分说明。",
                )
