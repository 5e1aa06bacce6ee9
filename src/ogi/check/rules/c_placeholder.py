from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.model import Report

# Each pattern is narrow on purpose: this rule is an error, so it must not fire on the
# artefacts documents legitimately carry (e.g. "[bookmark: _GoBack]" from a DOCX export).
PATTERNS = (
    patterns.compile(
        r"[\[【［](?:具体|请?填写|此处|单位|机关|部门|地名|名称|XX|××)[^\]】］\n]{0,12}[\]】］]"
    ),
    patterns.compile(r"[（(](?:单位|机关|部门|地区|乡镇|县区)名称[）)]"),
    patterns.compile(r"此处(?:填写|输入|插入)"),
    patterns.compile(r"(?<![A-Za-z])[XＸ×]{2,}(?![A-Za-z])"),
)


class Placeholder(Rule):
    """规则说明：正文不得残留模板占位符（如“[具体地名]”“XX镇”“××”“（单位名称）”
    “此处填写”）。

    为何重要：占位符说明报告照抄模板后没有填写完整，公开后损害政府公信力。

    反例：“[具体地名]2025年政府信息公开工作年度报告”“XX镇人民政府”。

    正例：“面甸镇2025年政府信息公开工作年度报告”。
    """

    id = "C-PLACEHOLDER"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        # Each part on its own, so a finding names the part it is in (the workbook's
        # 表格或部分 column, the web page's highlight); the title has no part.
        parts: list[tuple[str | None, str]] = [(None, report.title or "")]
        parts += [(s.key, f"{s.ordinal}{s.title}\n{s.text}") for s in report.sections]
        seen: set[str] = set()
        for pattern in PATTERNS:
            for n, (key, text) in enumerate(parts):
                for m in pattern.finditer(text):
                    hit = m.group(0)
                    if hit in seen:
                        continue
                    seen.add(hit)
                    around = text[max(0, m.start() - 10) : m.end() + 10].replace("\n", " ")
                    where = "正文" if n else "标题"
                    yield self.finding(
                        ctx,
                        f"{where}残留模板占位符“{hit}”（…{around}…）",
                        f"Template placeholder left in the text: {hit!r}",
                        section=key,
                        expected="实际内容",
                        found=hit,
                        hint="用实际的名称、数字或文字替换占位符。",
                    )
