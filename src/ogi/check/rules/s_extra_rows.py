from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import report_edition
from ogi.format import editions
from ogi.format.labels import header_texts
from ogi.model import Report
from ogi.normalize import clean


class ExtraRows(Rule):
    """规则说明：表格中出现格式以外的行或列（如地方自加的“其他主动公开文件”），
    标注为非标准内容，不计入校验。

    为何重要：自加行不属于全国统一口径，汇总时不能与格式内的行相加；
    提示出来，读者才知道这些数字没有被核对。

    反例：表二第二十条第（一）项下多出一行“其他主动公开文件”。

    正例：表二只有“规章”“行政规范性文件”两行。表头中格式本身印有的文字（表二的
    “信息内容”、表三的“申请人情况”）不是自加的行。
    """

    id = "S-EXTRA-ROWS"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        ed = report_edition(report)
        # Words the format itself prints in a table's heading (信息内容 heads the rows of
        # table 二, 申请人情况 the columns of table 三) are not rows added by the report.
        headings = {clean(h) for e in (ed, *editions().values()) if e for h in header_texts(e)}
        for label in report.extra_rows:
            shown = " ".join(label.split())
            if clean(label) in headings:
                continue
            yield self.finding(
                ctx,
                f"表格中有格式以外的行或列“{shown}”，未计入校验",
                f"Row or column not in the format: {shown!r}; not checked",
                found=shown,
                hint="格式以外的内容可写入正文或第六部分；表格只保留格式规定的行列。",
            )
