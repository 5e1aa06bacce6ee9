from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import issuer_name
from ogi.check.rules.c_agency_consistent import _CLAIM, _ISSUER_KEYS
from ogi.model import Report

# The body a report opens with: "2024年，示例镇人民政府认真贯彻…" (not 本机关, 我局).
_OPENING = patterns.compile(
    r"^\s*(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年度?[，,]?\s*)?"
    r"(?![本我])[^\s，。、,；;：:“”《》（）()]{2,20}?"
    r"(?:人民政府|政府|局|委员会|委|办公室|办公厅|办|厅|镇|乡|街道办事处|街道|中心|院|署|管委会)"
)


class IssuerNamed(Rule):
    """规则说明：报告的标题或正文应写明发布机关；标题只写“20××年度政府信息公开工作年度报告”、
    正文也通篇只说“本机关”“我单位”的，看不出是哪个机关的报告。

    为何重要：《条例》第四十九条要求各机关公布本机关的年度报告；不写机关名称的报告
    转载、汇总后无法归属，也无法与其他机关或上一年度比较。

    反例：标题“2024年度政府信息公开工作年度报告”，正文“本机关认真贯彻……”。

    正例：标题“示例县财政局2024年度政府信息公开工作年度报告”。
    """

    id = "C-ISSUER-NAMED"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        if issuer_name(report) or any(report.metadata.get(k) for k in _ISSUER_KEYS):
            return
        text = "\n".join(s.text for s in report.sections)
        opening = next((s.text for s in report.sections if s.text.strip()), "")
        if _CLAIM.search(text) or _OPENING.search(opening):
            return
        yield self.finding(
            ctx,
            "报告的标题和正文都没有写明发布机关",
            "Neither the title nor the text names the issuing body",
            expected="发布机关名称",
            found=report.title or "",
            hint="在标题中写明机关全称，如“××县××局20××年度政府信息公开工作年度报告”。",
        )
