from __future__ import annotations

from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import TABLE_ZH, table_edition
from ogi.format import Edition, editions
from ogi.model import Report
from ogi.normalize import to_simplified

# 、 and ， both separate list items; converters swap them, so neither counts as a typo.
_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", "、": "，"})
_QUOTES = patterns.compile(r"[“”\"'‘’「」]")
_ORDINAL = patterns.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．]?)"
)


def normalize(label: str) -> str:
    """Printed and official labels compared on wording only: no whitespace or line breaks,
    full-width brackets/colon/comma (、 counted as ，), simplified characters, no leading
    ordinal. Quote marks are dropped because reports print “” and "" interchangeably."""
    s = "".join(label.split()).translate(_WIDTH)
    if to_simplified(s) != s:  # zhconv (and the pkg_resources it imports) only when needed
        import zhconv

        s = zhconv.convert(s, "zh-cn")
    s = _QUOTES.sub("", s)
    return _ORDINAL.sub("", s, count=1)


def official(ed: Edition, key: str) -> str | None:
    """The official wording for a label key: a row, a table-二 block, or a column."""
    table, _, rest = key.partition(".")
    if table == "t3":
        row = ed.row("t3", rest)
        return row.text if row else None
    if table == "t2":
        depth = rest.count(".")
        if depth == 0:
            return next((b.label for b in ed.t2_blocks if b.key == rest), None)
        if depth == 1:
            row = ed.row("t2", rest)
            return row.label if row else None
        if depth == 2:
            col = ed.column_of(key)
            return col.label if col else None
    if table == "t4":
        col = ed.column_of(key)
        return col.label if col else None
    return None


class Labels(Rule):
    """规则说明：表格行列标签应与格式原文一致；错字、漏字按原文指出。比较时不计空白和换行、
    半角与全角括号冒号逗号、繁简字体、行首编号。

    为何重要：标签是数据的含义；改动了字的标签（如“危机”代替“危及”）说明表格不是从
    正式格式制作的，其他行也可能错位。

    反例：“3.危机“三安全一稳定””“7.属于行政法案卷”。

    正例：“3.危及“三安全一稳定””“7.属于行政执法案卷”。
    """

    id = "S-LABELS"
    group = "structure"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        for key, printed in report.labels.items():
            table = key.split(".", 1)[0]
            if table not in TABLE_ZH:
                continue
            ed = table_edition(report, table)
            want = official(ed, key) if ed else None
            if want is None:
                # A row of the other edition printed in this table: judge it by its own.
                want = next((w for e in editions().values() if (w := official(e, key))), None)
            if want is None or not printed:
                continue
            if normalize(printed) in {normalize(want), normalize(want.split("（", 1)[0])}:
                continue
            shown = " ".join(printed.split())
            yield self.finding(
                ctx,
                f"{TABLE_ZH[table]} 标签“{shown}”与格式原文“{want}”不一致",
                f"Table {table} label {shown!r} differs from the official {want!r}",
                table=table,
                row=key.split(".", 1)[1],
                expected=want,
                found=shown,
                hint=f"改为格式原文“{want}”。",
            )
