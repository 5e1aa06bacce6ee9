from __future__ import annotations

from collections.abc import Iterable, Sequence

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import TABLE_ZH, cell_label, fmt, get, is_number, report_edition
from ogi.model import Report

# Counts a region's report adds up from its bodies when it reports for the whole region;
# the same keys in both editions.
TOTALS = (
    "t3.new_received.total",
    "t2.art20_5.licensing.decisions",
    "t2.art20_6.penalty.decisions",
    "t4.review.total",
)


class RegionTotals(Rule):
    """规则说明：批次声明为一个地区（--region-parent 指明区县人民政府）时，区县人民政府报告中
    表三“本年新收”总计、表二行政许可和行政处罚的处理决定数、表四行政复议总计，
    不应小于同一批次、同一年度本地区其他机关报告之和。

    为何重要：汇总全区（县）情况的报告，数字比它所汇总的各部门之和还小，说明漏汇了部门，
    或只报了政府办公室本身却写成全区情况。只报本级的报告合法地小于各部门之和，
    所以只作警告，且只在声明为一个地区时核对。

    反例：示例县人民政府报告本年新收申请 30 件，同批示例县财政局 20 件、示例县自然资源局 25 件。

    正例：示例县人民政府报告本年新收申请 60 件。
    """

    id = "B-REGION-TOTALS"
    group = "cross-report"
    region = True
    needs = TOTALS

    def check_region(self, parent: Report, members: Sequence[Report]) -> Iterable[Finding]:
        if not members:
            return
        ed = report_edition(parent)
        ctx = Context.of(parent)
        for path in TOTALS:
            own = get(parent, path)
            parts = [(m, get(m, path)) for m in members]
            counted = [(m, v) for m, v in parts if is_number(v)]
            if not is_number(own) or not counted:
                continue
            total = sum(v for _, v in counted)  # type: ignore[misc]
            if own >= total:  # type: ignore[operator]
                continue
            largest = sorted(counted, key=lambda mv: -mv[1])[:3]  # type: ignore[operator]
            shown = "、".join(f"{m.agency or m.source.path} {fmt(v)}" for m, v in largest)
            table, _, rest = path.partition(".")
            yield self.finding(
                ctx,
                f"{TABLE_ZH[table]} {cell_label(ed, path)} = {fmt(own)}，"
                f"小于同批 {len(counted)} 个本地区机关报告之和 {fmt(total)}（其中 {shown}）",
                f"{path} = {fmt(own)}, less than the sum {fmt(total)} of {len(counted)} bodies "
                "of the region in the batch",
                table=table,
                row=rest.rsplit(".", 1)[0] if table != "t4" else None,
                column=rest.rsplit(".", 1)[1] if table != "t4" else rest,
                cell=path,
                expected=total,
                found=own,  # type: ignore[arg-type]
                hint="报告汇总全区（县）情况的，应计入各部门、乡镇的数字；只报本级的，"
                "在总体情况中写明统计范围。",
            )
