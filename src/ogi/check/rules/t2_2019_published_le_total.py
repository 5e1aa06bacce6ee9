from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, get, is_number, t2_edition
from ogi.model import Report

ROWS = {"rules": "规章", "normative_documents": "规范性文件"}


class T2PublishedLeTotal2019(Rule):
    """规则说明：2019版表二第二十条第（一）项，“本年新公开数量”不应大于“对外公开总数量”。

    为何重要：对外公开总数量是累计数，本年新公开的文件包含在内；
    新公开数大于总数，说明两列填反或填错。

    反例：规范性文件 本年新公开数量 12，对外公开总数量 10。

    正例：本年新公开数量 12，对外公开总数量 150。
    """

    id = "T2-2019-PUBLISHED-LE-TOTAL"
    group = "table2"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t2_edition(report)
        if ed is None or ed.name != "2019":
            return
        for row, label in ROWS.items():
            new = get(report, f"t2.art20_1.{row}.newly_published")
            total = get(report, f"t2.art20_1.{row}.total_published")
            if not (is_number(new) and is_number(total)) or new <= total:  # type: ignore[operator]
                continue
            yield self.finding(
                ctx,
                f"表二 第二十条第（一）项 {label} 本年新公开数量 = {fmt(new)}，"
                f"大于对外公开总数量 = {fmt(total)}",
                f"Table 2, {row}: newly published {fmt(new)} exceeds total published {fmt(total)}",
                table="t2",
                row=f"art20_1.{row}",
                column="newly_published",
                expected=f"≤{fmt(total)}",
                found=new,  # type: ignore[arg-type]
                hint="对外公开总数量是累计数，应包含本年新公开的文件；核对两列是否填反。",
            )
