from __future__ import annotations

from collections.abc import Iterable, Sequence

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import TABLE_ZH, cell_label, fmt, year_edition
from ogi.format import Edition
from ogi.format.labels import t3_col_label, t3_row_printed
from ogi.model import Report, Value

SHOWN = 5  # differing cells named in the message; the rest are counted


def _shown(v: Value) -> str:
    return "空白" if v is None else fmt(v)


def _cells(report: Report) -> dict[str, Value]:
    """Every cell: a report kept for the cross-report rules holds them compressed."""
    every = getattr(report, "all_cells", None)
    return every() if every is not None else report.cells


def _where(ed: Edition | None, path: str) -> str:
    """A cell as a clerk finds it: 表三 （七）总计 自然人."""
    table, _, rest = path.partition(".")
    if table == "t3" and ed is not None:
        row, _, col = rest.rpartition(".")
        return f"表三 {t3_row_printed(ed, row)} {t3_col_label(ed, col)}"
    return f"{TABLE_ZH.get(table, '')} {cell_label(ed, path)}"


class SourcesDiffer(Rule):
    """规则说明：同一机关同一年度的报告在一批中以多个文件出现、而表格读数不同时，后出现的文件
    逐一列出与先前各文件不同的单元格（先前文件中印出而此文件中没有的，记为空白）。表格读数完全
    相同的文件只是同一报告的另一种形式，只核查一次。

    为何重要：一年只有一份年度报告。网页正文与附件、送审稿与修改稿数字不一，读者不知以哪份为准；
    按文件名只核查其中一份，另一份的错误就无人看到。两份都核查，并指出不同之处。

    反例：示例镇人民政府2024年度报告的网页版表三（七）总计为 13，同时提交的 PDF 版为 12。

    正例：网页版与 PDF 版表三（七）总计都是 13。
    """

    id = "X-SOURCES-DIFFER"
    group = "cross-report"
    cross_report = True
    needs_tables = True

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        by_year: dict[int, list[Report]] = {}
        for r in reports:
            if r.report_year is not None:
                by_year.setdefault(r.report_year, []).append(r)
        for versions in by_year.values():
            if len(versions) < 2:
                continue
            cells = [_cells(r) for r in versions]
            for k, this in enumerate(versions):
                told: list[dict[str, Value]] = []  # the other readings already named
                for j, other in enumerate(versions[:k]):
                    if cells[j] == cells[k] or cells[j] in told:
                        continue
                    told.append(cells[j])
                    yield self._finding(this, other, cells[k], cells[j])

    def _finding(
        self, this: Report, other: Report, mine: dict[str, Value], theirs: dict[str, Value]
    ) -> Finding:
        ed = year_edition(this)
        differ = sorted(p for p in mine.keys() | theirs.keys() if mine.get(p) != theirs.get(p))
        shown = "；".join(
            f"{_where(ed, p)} 为 {_shown(mine.get(p))}（另一份为 {_shown(theirs.get(p))}）"
            for p in differ[:SHOWN]
        )
        more = f"，共 {len(differ)} 格不同" if len(differ) > SHOWN else ""
        first = differ[0]
        table, _, rest = first.partition(".")
        row, _, column = rest.rpartition(".") if table != "t4" else ("", "", rest)
        return self.finding(
            Context.of(this),
            f"同一机关同一年度另有一份表格读数不同的报告 {other.source.path}，两份都已核查："
            f"{shown}{more}",
            f"Another file of the same agency and year, {other.source.path}, reads "
            f"differently in {len(differ)} cells",
            table=table,
            row=row or None,
            column=column,
            cell=first,
            expected=theirs.get(first),
            found=mine.get(first),
            hint="确认以哪一份为准，撤回或更正另一份，使发布的各个文件数字一致。",
        )
