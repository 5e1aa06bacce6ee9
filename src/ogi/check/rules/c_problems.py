from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import meaningful, section_body
from ogi.model import Report

PROBLEM_WORDS = patterns.compile(r"问题|不足|差距|短板|薄弱|有待|不够|欠缺|不到位|不高|不强|滞后")
IMPROVE_WORDS = patterns.compile(r"改进|整改|下一步|今后|加强|提升|完善|推进|强化|加大|将")


class Problems(Rule):
    """规则说明：第五部分须同时写明存在的主要问题和改进情况，不得空缺。
    空缺为错误；只写了其中一方面为警告（按关键词判断）。

    为何重要：《条例》第五十条第（四）项要求报告存在的主要问题及改进情况；
    空着这一部分等于没有履行报告义务。

    反例：“五、存在的主要问题及改进情况”下没有任何文字，或只写“无”。

    正例：“一是信息公开意识有待加强……下一步，我镇将加强培训……”。
    """

    id = "C-PROBLEMS"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        body = section_body(report, "problems_improvements")
        if body is None:
            return  # a missing part is reported by S-SECTIONS
        text = meaningful(body)
        if len(text) <= 2:  # empty, or just 无 / 暂无
            yield self.finding(
                ctx,
                "“五、存在的主要问题及改进情况”内容空缺"
                + ("（无文字）" if not text else f"（只写“{text}”）"),
                "Part 5 (problems and improvements) is empty",
                section="problems_improvements",
                expected="问题及改进情况",
                found=text,
                hint="写明本年度政府信息公开工作存在的主要问题，以及已采取或将采取的改进措施。",
            )
            return
        lacking = [
            what
            for what, words in (("存在的主要问题", PROBLEM_WORDS), ("改进情况", IMPROVE_WORDS))
            if not words.search(text)
        ]
        if lacking:
            yield self.finding(
                ctx,
                f"“五、存在的主要问题及改进情况”未写{'、'.join(lacking)}",
                "Part 5 does not state: " + ", ".join(lacking),
                severity="warning",
                section="problems_improvements",
                expected=["存在的主要问题", "改进情况"],
                found=[w for w in ("存在的主要问题", "改进情况") if w not in lacking],
                hint="问题和改进两方面都要写。",
            )
