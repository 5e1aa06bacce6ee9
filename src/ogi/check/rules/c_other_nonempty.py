from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import meaningful, section_body
from ogi.model import Report


class OtherNonempty(Rule):
    """规则说明：第六部分“其他需要报告的事项”不得缺失；无事项的应写“无”。

    为何重要：《条例》第五十条第（五）项列有这一法定事项；空着标题或干脆没有这一部分，
    读者无法判断是没有事项还是漏报。

    反例：报告止于“五、存在的主要问题及改进情况”；或“六、其他需要报告的事项”下没有文字。

    正例：“六、其他需要报告的事项 无。”
    """

    id = "C-OTHER-NONEMPTY"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        if not report.sections:
            return
        body = section_body(report, "other_matters")
        # A missing part is S-SECTIONS' one finding; this rule speaks of an empty one.
        if body is None or meaningful(body):
            return
        yield self.finding(
            ctx,
            "“六、其他需要报告的事项”下没有文字",
            "Part 6 (other matters) is empty",
            section="other_matters",
            expected="内容或“无”",
            found="空白",
            hint="在第六部分写明需要报告的事项；没有的写“无”，并写明信息处理费收取情况。",
        )
