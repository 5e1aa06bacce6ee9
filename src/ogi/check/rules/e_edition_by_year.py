from __future__ import annotations

from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import TABLE_ZH, t2_edition, t3_edition, year_edition
from ogi.model import Report


class EditionByYear(Rule):
    """规则说明：报告年度2019、2020年适用2019版格式（试行）；2021年度及以后适用2021版格式。

    为何重要：2021版格式改了表二的全部列、表三（六）其他处理的分项；
    用错版本的表格，数据无法与同年度其他机关比较，也缺少新版要求的项目。

    表格混用两版的（一张对、一张错）由 E-EDITION-CONSISTENT 一条报告，本规则不重复。

    反例：2021年度报告仍用2019版表格（表二“本年新制作数量”“上一年项目数量”）。

    正例：2021年度报告用2021版表格（表二“本年制发件数”“本年废止件数”“现行有效件数”）。
    """

    id = "E-EDITION-BY-YEAR"
    group = "edition"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        year = report.report_year
        if year is None:
            return
        want = year_edition(report)
        if want is None:
            yield self.finding(
                ctx,
                f"{year}年度报告早于2019版格式（适用旧条例），不按现行格式核查",
                f"A {year} report predates the 2019 format and is out of scope",
                severity="info",
                found=year,
                hint="2019年以前的年度报告按旧条例编制，只作归档分类。",
            )
            return
        e2, e3 = t2_edition(report), t3_edition(report)
        if report.edition == "mixed" or (e2 and e3 and e2.name != e3.name):
            # Tables of two editions: E-EDITION-CONSISTENT names the one that is wrong.
            return
        if report.edition in ("2019", "2021"):
            pairs = [(None, report.edition)]
        else:
            # Edition not decided for the whole report: judge the tables that say theirs.
            pairs = [(t, report.table_editions.get(t)) for t in ("t2", "t3")]
        for table, name in pairs:
            if name is None or name == want.name:
                continue
            what = TABLE_ZH[table] if table else "报告"
            yield self.finding(
                ctx,
                f"{year}年度报告应使用{want.name}版格式（{want.document_number}），"
                f"但{what}使用的是{name}版格式",
                f"A {year} report must use the {want.name} edition, but "
                f"{'table ' + table if table else 'the report'} follows the {name} edition",
                table=table,
                expected=want.name,
                found=name,
                hint=f"按{want.name}版格式重新制表：表二、表三的行列以该版为准。",
            )
