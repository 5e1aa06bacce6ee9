from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, is_number, is_whole, t2_cell_label, t2_edition
from ogi.model import Report


class T2Integer(Rule):
    """规则说明：表二的件数、处理决定数、项目数为非负整数；只有2019版的“本年增/减”可为负。
    金额列（2021版本年收费金额、2019版采购总金额）不在此列。

    为何重要：件数为小数或负数，多是把金额或别的量填错了列。

    反例：2021版 第二十条第（一）项 规章 本年制发件数 填 -2。

    正例：填 2；2019版 行政处罚 本年增/减 填 -18 也合格。
    """

    id = "T2-INTEGER"
    group = "table2"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = t2_edition(report)
        if ed is None:
            return
        raw = {r.path: r.text for r in report.raw}
        paths = dict.fromkeys([*report.cells, *raw])  # a path may be in both; report it once
        for path in (p for p in paths if p.startswith("t2.")):
            col = ed.column_of(path) if path.count(".") == 3 else None
            if col is None or col.type != "int":
                continue
            value = report.cells.get(path)
            row = path[3:].rsplit(".", 1)[0]
            if path in raw:
                problem, found = f"印作“{raw[path]}”", raw[path]
            elif not is_number(value):
                continue
            elif not is_whole(value):
                problem, found = f"= {fmt(value)}，不是整数", value
            elif value < 0 and not col.signed:  # type: ignore[operator]
                problem, found = f"= {fmt(value)}，不能为负数", value
            else:
                continue
            yield self.finding(
                ctx,
                f"表二 {t2_cell_label(ed, path)} {problem}",
                f"Table 2 cell {path}: {found!r} is not a "
                + ("integer" if col.signed else "non-negative integer"),
                table="t2",
                row=row,
                column=col.key,
                expected="整数" if col.signed else "非负整数",
                found=found,  # type: ignore[arg-type]
                hint="件数、项目数只填整数，没有的填0；只有“本年增/减”可以为负。",
            )
