from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import cn_ordinal, report_edition, top_sections
from ogi.model import Report
from ogi.normalize import clean


class SectionNumbering(Rule):
    """规则说明：六个部分的标题使用“一、”至“六、”编号：或与格式中该部分的编号相同，
    或与它在报告中的位置相符（多出、缺少部分由 S-SECTIONS 报告）。

    为何重要：格式以汉字序号加顿号标示六个部分，表格内的各项又以（一）、1. 编号；
    混用阿拉伯数字会与表内编号混淆。

    反例：“1、 总体情况”“5、 存在的主要问题及改进情况”。

    正例：“一、总体情况”“五、存在的主要问题及改进情况”。
    """

    id = "S-SECTION-NUMBERING"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = report_edition(report)
        spec = {s.key: s.ordinal for s in ed.sections} if ed else {}
        for i, s in enumerate(top_sections(report), start=1):
            # Right by its place among the printed parts, or right by the format: a part
            # missing or added upstream is S-SECTIONS' finding, not a numbering fault.
            by_place, by_format = cn_ordinal(i), spec.get(s.key or "")
            want = by_format or by_place
            printed = clean(s.ordinal)
            if printed in (by_place, by_format):
                continue
            title = s.title
            if not s.ordinal and not s.title and ed and s.key:
                title = next(x.title for x in ed.sections if x.key == s.key)
                message = f"第{i}部分没有标题（按位置识别），应为“{want}{title}”"
            else:
                message = f"第{i}部分标题“{s.ordinal.strip()}{s.title}”编号应为“{want}”"
            yield self.finding(
                ctx,
                message,
                f"Heading {i} ({s.title}) is numbered {s.ordinal.strip()!r}; expected {want!r}",
                section=s.key,
                expected=want,
                found=s.ordinal.strip(),
                hint=f"改为“{want}{title}”。",
            )
