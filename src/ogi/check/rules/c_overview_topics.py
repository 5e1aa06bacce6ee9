from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import section_body, year_edition
from ogi.model import Report

# Shorter words that also count as covering a topic: reports write 平台建设 or 监督检查
# rather than the notice's exact phrase.
ALSO = {
    "information_management": ("信息管理",),
    "platforms": ("平台",),
    "supervision": ("监督", "保障"),
}


class OverviewTopics(Rule):
    """规则说明：2021版“一、总体情况”应涵盖主动公开、依申请公开、政府信息管理、
    政府信息公开平台建设、监督保障五个方面（按关键词判断）。

    为何重要：这五个方面是国办公开办函〔2021〕30号对总体情况的要求；
    漏写一项，读者无从了解该方面的工作。

    反例：总体情况只写了主动公开和依申请公开。

    正例：总体情况分（一）主动公开（二）依申请公开（三）政府信息管理
    （四）政府信息公开平台建设（五）监督保障 五段。
    """

    id = "C-OVERVIEW-TOPICS"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = year_edition(report)
        if ed is None or ed.name not in self.editions:
            return
        body = section_body(report, "overview")
        if body is None:
            return
        spec = next(s for s in ed.raw["sections"] if s["key"] == "overview")
        topics = spec.get("requirement", {}).get("subtopics", [])
        missing = [
            t for t in topics if not any(w in body for w in (t["zh"], *ALSO.get(t["key"], ())))
        ]
        if not missing:
            return
        names = "、".join(t["zh"] for t in missing)
        yield self.finding(
            ctx,
            f"“一、总体情况”未涉及：{names}",
            "Overview does not cover: " + ", ".join(t["en"] for t in missing),
            section="overview",
            expected=[t["zh"] for t in topics],
            found=[t["zh"] for t in topics if t not in missing],
            hint=f"在总体情况中补写{names}方面的情况。",
        )
