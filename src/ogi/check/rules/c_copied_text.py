from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import prose
from ogi.check.rules.t3_carry_chain import consecutive
from ogi.model import Report

THRESHOLD = 0.9
MIN_CHARS = 200  # short parts ("无。") are alike in every report and prove nothing
SHINGLE = 5


@lru_cache(maxsize=8)  # a long text's shingles take a few hundred KB
def _shingles(text: str) -> frozenset[str]:
    # Years and figures change every year even in a copied text; compare the wording.
    s = re.sub(r"\d+", "#", re.sub(r"[\s\u3000]+", "", text))
    return frozenset([s[i : i + SHINGLE] for i in range(max(0, len(s) - SHINGLE + 1))])


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of 5-character shingles: linear in length, unlike edit distance.
    A report's text is compared with the year before and the year after: the shingles
    of the last few texts are kept."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


class CopiedText(Rule):
    """规则说明：文字部分与本机关上一年度报告高度雷同（相似度90%以上，不计数字）的，
    提示“内容雷同”。

    为何重要：国办公开办函〔2021〕30号把“内容雷同”列为追责情形；
    照搬上年文字的报告不反映本年工作。

    反例：2022年报告的总体情况、问题及改进与2021年报告只差年份和数字。

    正例：各年报告写本年的具体工作与问题。
    """

    id = "C-COPIED-TEXT"
    group = "cross-year"
    cross_report = True
    needs_text = True

    def check_series(self, reports: Sequence[Report]) -> Iterable[Finding]:
        for prev, this in consecutive(reports):
            a, b = prose(prev), prose(this)
            if min(len(a), len(b)) < MIN_CHARS:
                continue
            sim = similarity(a, b)
            if sim < THRESHOLD:
                continue
            yield self.finding(
                Context.of(this),
                f"文字部分与{prev.report_year}年度报告高度雷同（相似度 {sim:.0%}，不计数字）",
                f"Text parts are {sim:.0%} similar to the {prev.report_year} report",
                expected=f"<{THRESHOLD:.0%}",
                found=f"{sim:.0%}",
                hint="按本年度实际工作重写总体情况、存在的主要问题及改进情况。",
            )
