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

    一份报告的编号问题报一条，列出每个编号不对的标题。未读到标题、只按位置识别的部分，
    作为读取疑点交审核人员核对原文。

    反例：“1、 总体情况”“5、 存在的主要问题及改进情况”。

    正例：“一、总体情况”“五、存在的主要问题及改进情况”。
    """

    id = "S-SECTION-NUMBERING"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = report_edition(report)
        spec = {s.key: s.ordinal for s in ed.sections} if ed else {}
        wrong: list[tuple[str, str, str]] = []  # (printed heading, printed number, wanted)
        for i, s in enumerate(top_sections(report), start=1):
            # Right by its place among the printed parts, or right by the format: a part
            # missing or added upstream is S-SECTIONS' finding, not a numbering fault.
            by_place, by_format = cn_ordinal(i), spec.get(s.key or "")
            want = by_format or by_place
            printed = clean(s.ordinal)
            if printed in (by_place, by_format):
                continue
            if not s.ordinal and not s.title and ed and s.key:
                # The reader placed the part by its position and saw no heading: most often
                # a heading lost in conversion. A doubt to check against the original.
                title = next(x.title for x in ed.sections if x.key == s.key)
                yield self.finding(
                    ctx,
                    f"未读到第{want.rstrip('、')}部分的标题（按位置识别为“{want}{title}”），"
                    "请对照原文确认报告是否缺少该标题",
                    f"No heading read for part {want} (recognised by its place)",
                    severity="info",
                    audience="supervisor",
                    section=s.key,
                    expected=want,
                    found="",
                    hint=f"原文确无标题的，请机关补上“{want}{title}”。",
                )
                continue
            wrong.append((f"{s.ordinal.strip()}{s.title}", s.ordinal.strip(), want))
        if not wrong:
            return
        # One finding for the report's numbering: its headings are one decision.
        listed = "；".join(f"“{h}”应为“{w}”" for h, _, w in wrong)
        yield self.finding(
            ctx,
            f"部分标题编号与格式不符：{listed}",
            "Part headings numbered otherwise than 一、 to 六、: "
            + "; ".join(f"{p!r} → {w!r}" for _, p, w in wrong),
            expected=[w for _, _, w in wrong] if len(wrong) > 1 else wrong[0][2],
            found=[p for _, p, _ in wrong] if len(wrong) > 1 else wrong[0][1],
            hint="六个部分依次用“一、”至“六、”编号："
            + "；".join(f"{h} → {w}" for h, _, w in wrong),
        )
