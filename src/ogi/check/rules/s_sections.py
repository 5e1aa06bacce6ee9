from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import report_edition, top_sections
from ogi.model import Report
from ogi.normalize import clean


def ordinal_of(ed: object, key: str) -> str:
    spec = next(x for x in ed.sections if x.key == key)  # type: ignore[attr-defined]
    return spec.ordinal.rstrip("、")


class Sections(Rule):
    """规则说明：报告正文依次包含六个部分：一、总体情况；二、主动公开政府信息情况；
    三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；
    五、存在的主要问题及改进情况；六、其他需要报告的事项。缺少或顺序颠倒为错误，
    多出格式以外的部分为警告。

    为何重要：六个部分对应《条例》第五十条的法定内容；缺一部分就是漏报法定事项，
    自加部分会使表格编号错位，读者和汇总程序都找不到对应内容。

    反例：一、总体情况；二、2021年政务公开工作完成情况及成效；三、主动公开政府信息情况；
    ……；六、存在的主要问题及改进情况（多出一部分，缺少“其他需要报告的事项”）。

    正例：一至六按格式的标题和顺序排列。
    """

    id = "S-SECTIONS"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = report_edition(report)
        if ed is None:
            return
        if not report.sections:
            yield self.finding(
                ctx,
                "未识别出报告正文的各个部分，无法核对六个部分是否齐全",
                "No parts of the report body were recognised; the six parts cannot be checked",
                severity="info",
                hint="确认报告正文带有“一、总体情况”至“六、其他需要报告的事项”的标题。",
            )
            return
        tops = top_sections(report)
        found_titles = "；".join(f"{s.ordinal}{s.title}" for s in tops) or "无"
        keys: list[str] = []
        for s in tops:
            if s.key and s.key not in keys:
                keys.append(s.key)
        expected = [s.key for s in ed.sections]
        for spec in ed.sections:
            if spec.key in keys:
                continue
            yield self.finding(
                ctx,
                f"缺少第{spec.ordinal.rstrip('、')}部分“{spec.title}”（报告中的部分：{found_titles}）",
                f"Part {spec.ordinal} {spec.title} ({spec.key}) is missing",
                section=spec.key,
                expected=spec.title,
                found=[f"{s.ordinal}{s.title}" for s in tops],
                hint=f"补上“{spec.ordinal}{spec.title}”一部分；没有内容的写明“无”。",
            )
        in_order = [k for k in expected if k in keys]
        if keys != in_order:
            yield self.finding(
                ctx,
                f"各部分顺序与格式不符：报告中为 {found_titles}",
                "Parts are out of order: " + ", ".join(keys),
                expected=in_order,  # type: ignore[arg-type]
                found=keys,  # type: ignore[arg-type]
                hint="按格式顺序排列：" + "；".join(f"{s.ordinal}{s.title}" for s in ed.sections),
            )
        official = {spec.key: spec.title for spec in ed.sections}
        for s in tops:
            # A statutory part whose heading is misspelt (行政法复议 for 行政复议): the
            # official wording must appear in it; words added around it are tolerated.
            if s.key and s.title and clean(official[s.key]) not in clean(s.title):
                yield self.finding(
                    ctx,
                    f"第{ordinal_of(ed, s.key)}部分标题“{s.title}”"
                    f"与格式原文“{official[s.key]}”不一致",
                    f"Heading of part {s.key} differs from the official wording",
                    severity="warning",
                    section=s.key,
                    expected=official[s.key],
                    found=s.title,
                    hint=f"改为格式原文“{official[s.key]}”。",
                )
        for s in tops:
            if s.key is None:
                yield self.finding(
                    ctx,
                    f"格式以外的部分：{s.ordinal}{s.title}",
                    f"Part not in the format: {s.ordinal}{s.title}",
                    severity="warning",
                    found=f"{s.ordinal}{s.title}",
                    hint="把该部分内容并入“一、总体情况”或“六、其他需要报告的事项”，"
                    "保持六个部分的编号。",
                )
