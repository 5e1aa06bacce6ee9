from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import t2_edition, t3_edition
from ogi.model import Report


class EditionConsistent(Rule):
    """规则说明：同一份报告的各张表须出自同一版格式，不得混用。

    为何重要：混用版本的报告表二、表三口径不一致，（六）其他处理的分项也对不上，
    通常是沿用了旧模板的一部分。

    反例：表二用2021版（本年制发件数…），表三却只有2019版的单行“（六）其他处理”。

    正例：表二、表三都用2021版。
    """

    id = "E-EDITION-CONSISTENT"
    group = "edition"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        has_t2 = any(p.startswith("t2.") for p in report.cells) or "t2" in report.table_editions
        has_t3 = any(p.startswith("t3.") for p in report.cells) or "t3" in report.table_editions
        if not (has_t2 and has_t3):
            return
        e2, e3 = t2_edition(report), t3_edition(report)
        if e2 is None or e3 is None or e2.name == e3.name:
            return
        detail = (
            "表三（六）其他处理只有一行（2019版）"
            if e3.name == "2019"
            else "表三（六）其他处理分为三项（2021版）"
        )
        yield self.finding(
            ctx,
            f"表格混用两版格式：表二为{e2.name}版，表三为{e3.name}版（{detail}）",
            f"Tables mix editions: table 2 follows {e2.name}, table 3 follows {e3.name}",
            table="t3",
            expected=e2.name,
            found=e3.name,
            hint="按报告年度适用的版本统一表二、表三、表四。",
        )
