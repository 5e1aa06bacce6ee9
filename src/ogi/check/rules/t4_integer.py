from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import cell_label, fmt, is_number, is_whole, t4_edition
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
        ed = t4_edition(report)
        for path, value in report.cells.items():
            if not path.startswith("t4.") or not is_number(value):
                continue
            if is_whole(value) and value >= 0:  # type: ignore[operator]
                continue
            yield self.finding(
                ctx,
                f"表四 {cell_label(ed, path)} = {fmt(value)}，应为非负整数（件）",
                f"Table 4 cell {path} = {fmt(value)}; must be a non-negative integer",
                table="t4",
                column=path[3:],
                expected="非负整数",
                found=value,
                hint="案件数只能填0或正整数。",
            )
        for raw in report.raw:
            if raw.path.startswith("t4."):
                yield self.finding(
                    ctx,
                    f"表四 {cell_label(ed, raw.path)} 印作“{raw.text}”，应为非负整数（件）",
                    f"Table 4 cell {raw.path} is printed as {raw.text!r}, not an integer",
                    table="t4",
                    column=raw.path[3:],
                    expected="非负整数",
                    found=raw.text,
                    hint="没有案件的单元格填0，不要用“/”“—”“无”或文字。",
                )
