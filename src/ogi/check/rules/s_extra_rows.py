from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.model import Report


class ExtraRows(Rule):
    """规则说明：表格中出现格式以外的行或列（如地方自加的“其他主动公开文件”），
    标注为非标准内容，不计入校验。

    为何重要：自加行不属于全国统一口径，汇总时不能与格式内的行相加；
    提示出来，读者才知道这些数字没有被核对。

    反例：表二第二十条第（一）项下多出一行“其他主动公开文件”。

    正例：表二只有“规章”“行政规范性文件”两行。
    """

    id = "S-EXTRA-ROWS"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        for label in report.extra_rows:
            shown = " ".join(label.split())
            yield self.finding(
                ctx,
                f"表格中有格式以外的行或列“{shown}”，未计入校验",
                f"Row or column not in the format: {shown!r}; not checked",
                found=shown,
                hint="格式以外的内容可写入正文或第六部分；表格只保留格式规定的行列。",
            )
