from __future__ import annotations

from collections.abc import Iterable, Sequence

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, get, is_number, same, t2_cell_label, t2_edition
from ogi.check.rules.t3_carry_chain import consecutive
from ogi.model import Report

BLOCKS = ("art20_5", "art20_6", "art20_8")


class T2ItemChain2019(Rule):
    """规则说明：2019版表二第二十条第（五）（六）（八）项，次年“上一年项目数量”应等于本年
    “上一年项目数量”加“本年增/减”（同一机关、逐行）。

    为何重要：项目数量是逐年接续的存量；对不上说明某一年的项目数或增减填错。

    反例：2019年 行政处罚 上一年项目数量 100、本年增/减 -18，2020年上一年项目数量 100。

    正例：2020年上一年项目数量 82。
    """

    id = "T2-2019-ITEM-CHAIN"
    group = "cross-year"
    cross_report = True
    needs = ("t2.",)

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        for prev, this in consecutive(reports):
            if any(getattr(t2_edition(r), "name", None) != "2019" for r in (prev, this)):
                continue
            ed = t2_edition(this)
            ctx = Context.of(this)
            for block in (b for b in ed.t2_blocks if b.key in BLOCKS):  # type: ignore[union-attr]
                for row in block.rows:
                    base = f"t2.{row.path}"
                    items = get(prev, f"{base}.prev_year_items")
                    change = get(prev, f"{base}.change")
                    now = get(this, f"{base}.prev_year_items")
                    if not all(is_number(v) for v in (items, change, now)):
                        continue
                    expected = items + change  # type: ignore[operator]
                    if same(expected, now):
                        continue
                    yield self.finding(
                        ctx,
                        f"表二 {t2_cell_label(ed, base + '.prev_year_items')} = {fmt(now)}，"  # type: ignore[arg-type]
                        f"但{prev.report_year}年上一年项目数量 {fmt(items)} + 本年增/减 "
                        f"{fmt(change)} = {fmt(expected)}",
                        f"Table 2, {row.path}: items last year {fmt(now)}, but "
                        f"{prev.report_year}'s {fmt(items)} + change {fmt(change)} = "
                        f"{fmt(expected)}",
                        table="t2",
                        row=row.path,
                        column="prev_year_items",
                        expected=expected,
                        found=now,  # type: ignore[arg-type]
                        hint="核对两年的项目数量和本年增/减。",
                    )
