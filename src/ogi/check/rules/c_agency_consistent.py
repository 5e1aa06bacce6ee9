from __future__ import annotations

import re
from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.model import Report

# "现公布XX局2025年度政府信息公开工作年度报告", "特向社会公布XX镇2023年…"
_CLAIM = patterns.compile(
    r"(?:现|特|予以|向社会)公布(?:的)?(?P<name>[^\s，。、,；;：:“”《》]{2,30}?"
    r"(?:局|委|委员会|办|办公室|办公厅|厅|镇|乡|街道|街道办事处|政府|人民政府|中心|院|署|部|会|所|站|队))"
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年"
)
_YEAR = patterns.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年")
_ISSUER_KEYS = ("发布机构", "issuer", "publisher", "来源")


def _norm(name: str) -> str:
    return re.sub(r"人民政府|政府|\s", "", name)


def _subsequence(short: str, long: str) -> bool:
    """Abbreviations keep the characters in order: 宽城县政府办 ⊂ 宽城满族自治县人民政府办公室."""
    it = iter(long)
    return all(ch in it for ch in short)


def compatible(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return True
    return _subsequence(a, b) or _subsequence(b, a)


class AgencyConsistent(Rule):
    """规则说明：正文中自称的机关（如“现公布XX局2025年度报告”）应与标题、发布机构一致；
    出现其他机关名称多为照抄他人报告。

    为何重要：照抄他人报告而忘改机关名称，说明报告内容未必反映本机关的实际工作。

    反例：建水县面甸镇的报告开头写“现公布建水县民族宗教事务局2025年度政府信息公开
    工作年度报告”。

    正例：开头写“现公布建水县面甸镇2025年度政府信息公开工作年度报告”。
    """

    id = "C-AGENCY-CONSISTENT"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        title_head = _YEAR.split(report.title or "", maxsplit=1)[0]
        known = [report.agency, title_head, *(report.metadata.get(k) for k in _ISSUER_KEYS)]
        names = [n for n in known if n]
        if not names or not report.sections:
            return
        text = "\n".join(s.text for s in report.sections)
        seen: set[str] = set()
        for m in _CLAIM.finditer(text):
            claimed = m.group("name")
            if claimed in seen or any(compatible(claimed, n) for n in names):
                continue
            seen.add(claimed)
            yield self.finding(
                ctx,
                f"正文自称“{claimed}”，与报告机关“{report.agency or report.title}”不一致",
                f"The text names {claimed!r} as the reporting body, not "
                f"{report.agency or report.title!r}",
                section="overview",
                expected=report.agency or report.title,
                found=claimed,
                hint="核对报告是否照抄了其他机关的文本，改为本机关名称。",
            )
