from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import all_text
from ogi.layout.meta import to_iso
from ogi.model import Report

# The dates of a web page's metadata block, by key, as the page labels them.
_META_DATES = {"written": "成文日期", "published": "发布日期"}

# A year run into the month or day: "20241月1日", "202111日".
_GLUED = patterns.compile(r"(?<![\d年月.．/-])(?:19|20)\d{3,6}(?=[月日])")
# 年 followed straight by a day: "2021年111日".
_NO_MONTH = patterns.compile(r"(?<!\d)(?:19|20)\d{2}年\d{1,3}日")
_FULL = patterns.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
# the rest of a date-like string after where one of those stops, up to and including 日
_TAIL = patterns.compile(r"\d*月?\d*日?")
_MONTH = patterns.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(?!\d)")


def malformed(text: str) -> Iterable[str]:
    for pattern in (_GLUED, _NO_MONTH):
        for m in pattern.finditer(text):
            # the whole date-like string shown (matched where it stops: a copy of the
            # text after each of thousands of them took the text's length squared)
            tail = _TAIL.match(text, m.end())
            yield m.group(0) + (tail.group(0) if tail else "")
    for m in _FULL.finditer(text):
        y, mo, d = (int(x) for x in m.groups())
        try:
            date(y, mo, d)
        except ValueError:
            yield m.group(0)
    for m in _MONTH.finditer(text):
        if not 1 <= int(m.group(2)) <= 12:
            yield m.group(0)


class DateWellformed(Rule):
    """规则说明：文中日期应完整规范（如“2024年1月1日”），不得缺年、月、日字样或数字，
    也不得是不存在的日期。

    为何重要：残缺的日期多是排版或模板替换出错，统计期和发布日期因此不可读。

    页面元数据中的成文日期、发布日期也应是存在的日期。

    反例：“20241月1日”“202111日”“2021年2月30日”；网页元数据“成文日期：2025-13-45”。

    正例：“2024年1月1日”。
    """

    id = "D-DATE-WELLFORMED"
    group = "timeliness"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        seen: set[str] = set()
        for bad in malformed(all_text(report)):
            if bad in seen:
                continue
            seen.add(bad)
            yield self.finding(
                ctx,
                f"日期“{bad}”不完整或不存在",
                f"Malformed date {bad!r}",
                expected="YYYY年M月D日",
                found=bad,
                hint="写成完整的“YYYY年M月D日”。",
            )
        for key, label in _META_DATES.items():
            value = (report.metadata.get(key) or "").strip()
            if value and any(ch.isdigit() for ch in value) and to_iso(value) is None:
                yield self.finding(
                    ctx,
                    f"页面元数据{label}“{value}”不是有效日期",
                    f"Metadata {key} {value!r} is not a valid date",
                    expected="YYYY-MM-DD",
                    found=value,
                    hint=f"在发布页面上把{label}改为实际日期，如“2025-01-18”。",
                )
