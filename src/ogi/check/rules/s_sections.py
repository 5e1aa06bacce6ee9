from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import report_edition, statutory_parts, top_sections
from ogi.model import Report
from ogi.normalize import clean


def ordinal_of(ed: object, key: str) -> str:
    spec = next(x for x in ed.sections if x.key == key)  # type: ignore[attr-defined]
    return spec.ordinal.rstrip("、")


class Sections(Rule):
    """规则说明：报告正文依次包含六个部分：一、总体情况；二、主动公开政府信息情况；
    三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；
    五、存在的主要问题及改进情况；六、其他需要报告的事项。缺少或顺序颠倒为错误，
    多出格式以外的部分为警告（一并列为一条）。标题用词不同、但编号或位置正是某一部分的
    （如“五、存在的问题及下一步工作打算”），按该部分标题用词不一致报一条警告，
    不报缺少该部分。

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
        parts = statutory_parts(report)
        found_titles = "；".join(f"{x.ordinal}{x.title}" for x in tops) or "无"
        # Parts in printed order, each under the key of the format's part it stands for.
        keys: list[str] = []
        for x in tops:
            key = next((k for k, p in parts.items() if p is x), None)
            if key and key not in keys:
                keys.append(key)
        expected = [x.key for x in ed.sections]
        for spec in ed.sections:
            if spec.key in keys:
                continue
            yield self.finding(
                ctx,
                f"缺少第{spec.ordinal.rstrip('、')}部分“{spec.title}”（报告中的部分：{found_titles}）",
                f"Part {spec.ordinal} {spec.title} ({spec.key}) is missing",
                section=spec.key,
                expected=spec.title,
                found=[f"{x.ordinal}{x.title}" for x in tops],
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
                hint="按格式顺序排列：" + "；".join(f"{x.ordinal}{x.title}" for x in ed.sections),
            )
        official = {spec.key: spec.title for spec in ed.sections}
        for key, x in sorted(parts.items(), key=lambda kv: expected.index(kv[0])):
            # A statutory part whose heading is misspelt (行政法复议 for 行政复议) or worded
            # its own way: the official wording must appear in it; words added around it
            # are tolerated.
            if x.title and clean(official[key]) not in clean(x.title):
                yield self.finding(
                    ctx,
                    f"第{ordinal_of(ed, key)}部分标题“{x.title}”与格式原文“{official[key]}”不一致",
                    f"Heading of part {key} differs from the official wording",
                    severity="warning",
                    section=key,
                    expected=official[key],
                    found=x.title,
                    hint=f"改为格式原文“{official[key]}”。",
                )
        adopted = {id(p) for p in parts.values()}
        extra = [x for x in tops if x.key is None and id(x) not in adopted]
        if extra:
            # One finding for all of them: they are one way of writing the report.
            names = [f"{x.ordinal}{x.title}" for x in extra]
            yield self.finding(
                ctx,
                f"格式以外的部分{'' if len(extra) == 1 else f'（{len(extra)}个）'}："
                + "；".join(names),
                "Parts not in the format: " + "; ".join(names),
                severity="warning",
                found=names if len(names) > 1 else names[0],
                hint="把这些内容并入“一、总体情况”或“六、其他需要报告的事项”，保持六个部分的编号。",
            )
