from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import (
    TABLE_ZH,
    cells_text,
    report_edition,
    t2_other_blocks,
    t3_row_full,
    table_edition,
)
from ogi.model import Report


class TablesPresent(Rule):
    """规则说明：第二、三、四部分须以本版规定的表格报告，行列齐全。

    为何重要：缺行缺列的表格无法汇总，也无法核对勾稽关系；
    2021年度起表三（六）其他处理须分三项填报。

    反例：2021年度报告的表三只有一行“（六）其他处理”，缺少2021版的三个分项。

    正例：表三印出2021版的全部25行、7列。
    """

    id = "S-TABLES-PRESENT"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        if report_edition(report) is None:
            return
        present = set(report.cells) | {r.path for r in report.raw}
        for table in ("t2", "t3", "t4"):
            # Each table against the edition it follows: a table of the wrong edition is
            # the edition rules' one finding, not a list of missing cells as well.
            ed = table_edition(report, table) or report_edition(report)
            assert ed is not None
            wanted = ed.cell_paths(table)
            missing = [p for p in wanted if p not in present]
            if table == "t2":
                # a block in another edition's columns is E-EDITION-CONSISTENT's finding
                odd = {f"t2.{b.key}." for _, b in t2_other_blocks(report)}
                missing = [p for p in missing if not any(p.startswith(o) for o in odd)]
            # A row the reader saw but could not read (digits run together ambiguously,
            # cells torn out by a conversion) is printed: it cannot be checked, it is not
            # missing from the report.
            unread_rows = {p.path for p in report.problems if p.path}
            unread = [p for p in missing if p.rsplit(".", 1)[0] in unread_rows]
            missing = [p for p in missing if p not in unread]
            if unread:
                # A doubt about the reading, not a defect of the report: for the supervisor.
                yield self.finding(
                    ctx,
                    f"{TABLE_ZH[table]}有 {len(unread)} 格印出但未能读取，无法核对："
                    + cells_text(ed, unread),
                    f"{len(unread)} cells of table {table} are printed but could not be read",
                    severity="info",
                    audience="supervisor",
                    table=table,
                    found=unread,
                    hint="对照原文核对这些单元格；若原文清楚，可把读出的数值补入后重新核查。",
                )
            if not missing:
                continue
            name = TABLE_ZH[table]
            if len(missing) == len(wanted):
                detail = f"未印出{name}"
            elif table == "t3":
                rows = list(dict.fromkeys(p[3:].rsplit(".", 1)[0] for p in missing))
                detail = f"{name}缺少 {len(missing)} 格，涉及行：" + "；".join(
                    t3_row_full(ed, r) for r in rows
                )
            else:
                detail = f"{name}缺少 {len(missing)} 格：" + cells_text(ed, missing, 10)
            yield self.finding(
                ctx,
                f"{detail}（按{ed.name}版格式）",
                f"Table {table} lacks {len(missing)} of its {len(wanted)} cells "
                f"({ed.name} edition)",
                table=table,
                expected=len(wanted),
                found=len(wanted) - len(missing),
                hint=f"按{ed.name}版格式印出{name}的全部行列，没有数据的填0。",
            )
