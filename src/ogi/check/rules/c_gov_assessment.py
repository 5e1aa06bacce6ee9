from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import all_text, issuer_kind, issuer_name
from ogi.model import Report

# (what the Regulation names, the shortest wording that still shows it was reported)
_TOWNSHIP_GOV = patterns.compile(r"(镇|乡|苏木)(人民政府|政府)?$")


def is_government(report: Report) -> bool:
    """A people's government's own report (county and above, or a township); not its
    offices or departments, not a sub-district office (街道办事处 is an agency of one)."""
    kind = issuer_kind(report)
    if kind == "government":
        return True
    return kind == "other" and bool(_TOWNSHIP_GOV.search(issuer_name(report) or ""))


ITEMS = (("工作考核", "考核"), ("社会评议", "评议"), ("责任追究", "追究"))


class GovAssessment(Rule):
    """规则说明：各级人民政府（不含其部门）的年度报告应报告工作考核、社会评议和责任追究
    结果情况；2021版放在“总体情况”的监督保障中。

    为何重要：《条例》第五十条第（四）项专门要求人民政府报告这三项结果。

    反例：某镇人民政府的报告通篇没有提到考核、评议或责任追究。

    正例：“监督保障方面，将政务公开纳入年度绩效考核；开展社会评议……；本年度未发生
    责任追究情况。”
    """

    id = "C-GOV-ASSESSMENT"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        if not is_government(report):
            return
        text = all_text(report)
        if not report.sections or not text:
            return
        missing = [full for full, core in ITEMS if core not in text]
        if not missing:
            return
        yield self.finding(
            ctx,
            f"人民政府的年度报告未报告{'、'.join(missing)}结果情况",
            "A people's government's report does not state the results of: " + ", ".join(missing),
            section="overview",
            expected=[full for full, _ in ITEMS],
            found=[full for full, _ in ITEMS if full not in missing],
            hint="在“一、总体情况”的监督保障部分写明工作考核、社会评议和责任追究结果"
            "（没有的也写明）。",
        )
