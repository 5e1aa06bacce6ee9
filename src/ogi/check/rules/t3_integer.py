from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import cell_label, fmt, is_number, is_whole, t3_edition
from ogi.model import Report


class T3Integer(Rule):
    """规则说明：表三各单元格为非负整数，单位为“件”。

    为何重要：申请件数不可能是小数或负数；这类数字多是录入错误或把别的量填进了表三。

    反例：（一）予以公开 自然人 填 -1 或 2.5，或填“/”。

    正例：（一）予以公开 自然人 填 2。
    """

    id = "T3-INTEGER"
    group = "arithmetic"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t3_edition(report)
        for path, value in report.cells.items():
            if type(value) is int and value >= 0:
                continue  # the usual case, decided without further calls
            if not path.startswith("t3.") or not is_number(value):
                continue
            if is_whole(value) and value >= 0:  # type: ignore[operator]
                continue
            row, _, col = path[3:].rpartition(".")
            yield self.finding(
                ctx,
                f"表三 {cell_label(ed, path)} = {fmt(value)}，应为非负整数（件）",
                f"Table 3 cell {path} = {fmt(value)}; must be a non-negative integer",
                table="t3",
                row=row,
                column=col,
                expected="非负整数",
                found=value,
                hint="申请件数只能填0或正整数。",
            )
        for raw in report.raw:
            if not raw.path.startswith("t3."):
                continue
            row, _, col = raw.path[3:].rpartition(".")
            yield self.finding(
                ctx,
                f"表三 {cell_label(ed, raw.path)} 印作“{raw.text}”，应为非负整数（件）",
                f"Table 3 cell {raw.path} is printed as {raw.text!r}, not an integer",
                table="t3",
                row=row,
                column=col,
                expected="非负整数",
                found=raw.text,
                hint="没有申请的单元格填0，不要用“/”“—”“无”或文字。",
            )
