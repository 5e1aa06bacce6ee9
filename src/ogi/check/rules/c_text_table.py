from __future__ import annotations

import bisect
from collections.abc import Iterable

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import (
    fmt,
    get,
    is_number,
    is_top,
    same,
    short_text,
    t3_edition,
)
from ogi.model import Report

_SENTENCE = patterns.compile(r"[^。；;！!\n]+")
# "共受理依申请公开4件", "收到政府信息公开申请75件", "全年共收到0件依申请公开事项"
_RECEIVED = (
    patterns.compile(r"(?:受理|收到|接收|接到)(?P<span>[^。；，,;：:]{0,14}?)(?P<n>\d+)件"),
)
# Counts of other things that share the words 受理/收到: they are not applications.
_NOT_APPLICATIONS = patterns.compile(r"复议|诉讼|建议|提案|信访|咨询|留言|来电|投诉|举报|件次")
_ALL_NATURAL = patterns.compile(r"(?:均|全部|全)(?:为|是|来自|系)自然人")
_NO_CASES = patterns.compile(
    r"(?:未|没有|无)(?:收到|发生|接到|出现|有)[^。；]{0,20}?(?:行政复议|行政诉讼)"
)

_CLAUSE_END = patterns.compile(r"[。；;，,]")
_CLAUSE = patterns.compile(r"[^，,；;。]+")
# Three or more bare numbers in a row are table cells, not a sentence.
_TABLE_LIKE = patterns.compile(r"(?:(?<![\d.])\d+(?:\.\d+)?\s+){2,}\d+")
_APPLICANT = patterns.compile(r"自然人|法人|企业|机构|组织")
# Outcomes the text counts, and the table 三 rows (their 总计 column) that count them.
_OUTCOMES = (
    (patterns.compile(r"予以公开(?:及|和|、|与|或)部分公开[^\d。；，,]{0,6}?(?P<n>\d+)件"),
     ("results.granted", "results.partially_granted"), "予以公开及部分公开"),
    (patterns.compile(r"(?<![不及和、与或])予以公开[^\d。；，,及和、与或]{0,4}?(?P<n>\d+)件"),
     ("results.granted",), "予以公开"),
    (patterns.compile(r"(?<![予以公开及和、与或])部分公开[^\d。；，,]{0,4}?(?P<n>\d+)件"),
     ("results.partially_granted",), "部分公开"),
    (patterns.compile(r"不予公开[^\d。；，,]{0,4}?(?P<n>\d+)件"),
     ("results.withheld.",), "不予公开"),
    (patterns.compile(r"无法提供[^\d。；，,]{0,4}?(?P<n>\d+)件"),
     ("results.unable.",), "无法提供"),
    (patterns.compile(r"不予处理[^\d。；，,]{0,4}?(?P<n>\d+)件"),
     ("results.not_processed.",), "不予处理"),
)  # fmt: skip
# The wording the format's own note and most reports use for the four counts of table
# 三's balance, and for the cases of table 四: each names one count, so it must equal
# it exactly ("本年度新收政府信息公开申请12件，上年结转2件；办结13件，结转下年度继续办理
# 1件", "另发生行政诉讼2件"). (pattern, table cells summed, their name, needs 申请)
_STATED = (
    (patterns.compile(r"新收(?P<span>[^。；，,;：:\d]{0,14}?)(?P<n>\d+)\s*件"),
     ("t3.new_received.total",), "表三 一、本年新收 总计", True),
    (patterns.compile(r"上一?年度?结转(?P<span>[^。；，,;：:\d]{0,10}?)(?P<n>\d+)\s*件"),
     ("t3.carried_over.total",), "表三 二、上年结转 总计", False),
    (patterns.compile(r"(?:^|共|已)办结(?P<span>[^。；，,;：:\d]{0,10}?)(?P<n>\d+)\s*件"),
     ("t3.results.total.total",), "表三 （七）总计 总计", False),
    (patterns.compile(r"结转下一?年度?(?:继续办理)?(?P<span>[^。；，,;：:\d]{0,6}?)(?P<n>\d+)\s*件"),
     ("t3.carried_forward.total",), "表三 四、结转下年度继续办理 总计", False),
    (patterns.compile(r"发生(?:政府信息公开)?行政复议(?P<span>[^。；，,;：:\d]{0,6}?)(?P<n>\d+)\s*件"),
     ("t4.review.total",), "表四 行政复议 总计", False),
    (patterns.compile(r"发生(?:政府信息公开)?行政诉讼(?P<span>[^。；，,;：:\d]{0,6}?)(?P<n>\d+)\s*件"),
     ("t4.litigation.direct.total", "t4.litigation.after_review.total"),
     "表四 行政诉讼 未经复议直接起诉 总计 + 复议后起诉 总计", False),
)  # fmt: skip
# Clauses about other counts that share those words.
_NOT_STATED = patterns.compile(r"建议|提案|信访|咨询|留言|来电|投诉|举报|件次|依申请以外|主动公开")
# "其中自然人20件，占35.2%": a count and its share.
# (A count starts where its digits start: tried from each digit of a long run, the
# search took the run's length squared.)
_SHARE = patterns.compile(
    r"(?<!\d)(?P<n>\d+)件[^。；;\d%]{0,6}?占[^，,。；;\d%]{0,10}?(?P<p>\d+(?:\.\d+)?)%"
)
_BASE = patterns.compile(r"(?:共|合计|总计|累计|收到|受理)[^。；;\d]{0,20}?(?P<m>\d+)件")
_LOST = patterns.compile(r"纠错|纠正|败诉|撤销|确认违法")
# A count the text states has this many digits at most: a longer run is no count (and
# Python refuses to read one of over 4,300 digits as a number).
MOST_DIGITS = 15


def _count(digits: str) -> int | None:
    return int(digits) if len(digits) <= MOST_DIGITS else None


def _received_claims(text: str) -> Iterable[tuple[int, str]]:
    for sentence in _SENTENCE.findall(text):
        for m in _RECEIVED[0].finditer(sentence):
            after = sentence[m.end() : m.end() + 8]
            window = m.group("span") + after[:8]
            if "申请" not in window or _NOT_APPLICATIONS.search(m.group(0) + after):
                continue
            if (n := _count(m.group("n"))) is not None:
                yield n, sentence.strip()


def sentences(report: Report) -> Iterable[tuple[str | None, str]]:
    """(key of the part, sentence) for every sentence of the text; a sub-heading's text
    belongs to its part. Runs of table cells are left out."""
    key: str | None = None
    for sec in report.sections:
        if is_top(sec):
            key = sec.key
        for sentence in _SENTENCE.findall(sec.text or ""):
            sentence = sentence.strip()
            if sentence and not _TABLE_LIKE.search(sentence):
                yield key, sentence


def row_total(report: Report, rows: tuple[str, ...]) -> int | float | None:
    """Sum of the 总计 column over the rows (a prefix ending in "." takes every row under
    it); None when a cell is blank or not printed."""
    ed = t3_edition(report)
    if ed is None:
        return None
    paths = [
        r.path
        for r in ed.t3_data_rows
        if any(r.path == x or (x.endswith(".") and r.path.startswith(x)) for x in rows)
    ]
    values = [get(report, f"t3.{p}.total") for p in paths]
    if not values or not all(is_number(v) for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def rows_text(report: Report, rows: tuple[str, ...]) -> str:
    """（一）予以公开、（二）部分公开 for the rows a claim names (a group by its heading)."""
    ed = t3_edition(report)
    names = []
    for r in rows:
        row = ed.row("t3", r.rstrip(".")) if ed else None
        names.append(f"{row.ordinal}{short_text(row.text)}" if row else r)
    return "、".join(names) + ("之和" if len(rows) > 1 else "")


def _outcomes_add_up_to(report: Report, cells: tuple[str, ...], n: int) -> bool:
    """Whether the text's 办结 count is the sum of table 三's outcome rows: then the text
    is right and （七）总计 is wrong, which T3-RESULTS-SUM reports already."""
    ed = t3_edition(report)
    if cells != ("t3.results.total.total",) or ed is None:
        return False
    values = [get(report, f"t3.{leaf}.total") for leaf in ed.t3_outcome_leaves]
    return all(is_number(v) for v in values) and same(sum(values), n)  # type: ignore[arg-type]


def _share_ok(n: int, m: int, printed: str) -> bool:
    """Whether n of m is the printed percentage, rounded or cut to its decimals."""
    decimals = len(printed.split(".", 1)[1]) if "." in printed else 0
    share, p, unit = n * 100 / m, float(printed), 10**-decimals
    return abs(share - p) <= unit / 2 + 1e-9 or 0 <= share - p < unit


class TextTable(Rule):
    """规则说明：正文中出现的数字应与表格一致：受理/收到申请的件数、“均为自然人”、
    各办理结果的件数（予以公开、部分公开、予以公开及部分公开、不予公开、无法提供、
    不予处理）、未发生行政复议诉讼，以及“××件，占××%”的百分比与它自己的件数。
    按格式说明的写法（“本年度新收政府信息公开申请××件，上年结转××件；办结××件，
    结转下年度继续办理××件”）和“发生行政复议/行政诉讼××件”逐项与表三、表四对应的格核对。
    任何部分的文字都核对（包括第三部分表格前后的说明）；只在明确矛盾时提示：
    受理/收到申请的件数可以等于本年新收，也可以等于本年新收加上年结转。

    为何重要：正文与表格各说各话，读者无法判断哪个是真的，说明其中之一填错。

    反例：正文“全年共受理依申请公开4件”，表三 一、本年新收 总计 6；
    “予以公开及部分公开120件”，表三两行合计131；“共收到申请57件，其中自然人20件，占35.2%”
    （20÷57＝35.1%）；“本年度新收政府信息公开申请15件”，表三 一、本年新收 总计 12；
    “另发生行政诉讼2件”，表四 行政诉讼两个总计之和 0。

    正例：正文“全年共受理依申请公开4件，均为自然人申请”，表三 本年新收 自然人 4、总计 4。
    """

    id = "C-TEXT-TABLE"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        said = list(sentences(report))
        if not said:
            return
        yield from self._stated(report, ctx, said)
        yield from self._received(report, ctx, said)
        yield from self._outcomes(report, ctx, said)
        yield from self._shares(ctx, said)
        text = "。\n".join(x for _, x in said)
        yield from self._no_cases(report, ctx, text, said)

    def _stated(
        self, report: Report, ctx: Context, said: list[tuple[str | None, str]]
    ) -> Iterable[Finding]:
        seen: set[tuple[tuple[str, ...], int]] = set()
        for key, sentence in said:
            for clause in _CLAUSE.findall(sentence):
                if _NOT_STATED.search(clause) or _APPLICANT.search(clause):
                    continue  # another count, or one kind of applicant's (one column)
                for pattern, cells, name, needs_application in _STATED:
                    m = pattern.search(clause.strip())
                    if m is None or (needs_application and "申请" not in m.group("span")):
                        continue
                    values = [get(report, c) for c in cells]
                    if not all(is_number(v) for v in values):
                        continue
                    table, n = sum(values), _count(m.group("n"))  # type: ignore[arg-type]
                    if (
                        n is None
                        or same(table, n)
                        or (cells, n) in seen
                        or _outcomes_add_up_to(report, cells, n)
                    ):
                        continue
                    seen.add((cells, n))
                    one = cells[0] if len(cells) == 1 else None
                    tbl, _, rest = cells[0].partition(".")
                    yield self.finding(
                        ctx,
                        f"正文称“{clause.strip()}”，但{name} = "
                        + (" + ".join(fmt(v) for v in values) + " = " if one is None else "")
                        + fmt(table),
                        f"The text says {n}, table {tbl} {', '.join(cells)} gives {fmt(table)}",
                        table=tbl,
                        row=rest.rsplit(".", 1)[0] if one and tbl == "t3" else None,
                        column=(rest.rsplit(".", 1)[1] if tbl == "t3" else rest) if one else None,
                        cell=one,
                        section=key,
                        quote=sentence,
                        expected=table,
                        found=n,
                        hint="核对正文中的件数与表格是否一致，改正其中错误的一处。",
                    )

    def _received(
        self, report: Report, ctx: Context, said: list[tuple[str | None, str]]
    ) -> Iterable[Finding]:
        new = get(report, "t3.new_received.total")
        over = get(report, "t3.carried_over.total")
        if not is_number(new):
            return
        allowed = {new}
        if is_number(over):
            allowed.add(new + over)  # type: ignore[operator]
        done = get(report, "t3.results.total.total")
        if is_number(done):
            allowed.add(done)
        for key, sentence in said:
            for n, _ in _received_claims(sentence):
                if n in allowed:
                    continue
                yield self.finding(
                    ctx,
                    f"正文称“{sentence[:60]}”（{n}件），但表三 一、本年新收 总计 = {fmt(new)}"
                    + (f"，上年结转 {fmt(over)}" if is_number(over) else ""),
                    f"The text says {n} applications but table 3 shows {fmt(new)} new applications",
                    table="t3",
                    row="new_received",
                    column="total",
                    section=key,
                    quote=sentence,
                    expected=new,  # type: ignore[arg-type]
                    found=n,
                    hint="核对正文中的申请件数与表三是否一致，改正其中错误的一处。",
                )
        natural = get(report, "t3.new_received.natural_person")
        for key, sentence in said:
            m = _ALL_NATURAL.search(sentence)
            if m and is_number(natural) and natural != new:
                yield self.finding(
                    ctx,
                    f"正文称申请“{m.group(0)}”，但表三 一、本年新收 自然人 = {fmt(natural)}、"
                    f"总计 = {fmt(new)}",
                    "The text says all applicants were natural persons, but table 3 disagrees",
                    table="t3",
                    row="new_received",
                    column="natural_person",
                    section=key,
                    quote=sentence,
                    expected=new,  # type: ignore[arg-type]
                    found=natural,  # type: ignore[arg-type]
                    hint="核对表三各类申请人的件数与正文表述。",
                )
                break

    def _outcomes(
        self, report: Report, ctx: Context, said: list[tuple[str | None, str]]
    ) -> Iterable[Finding]:
        seen: set[tuple[str, int]] = set()
        for key, sentence in said:
            for clause in _CLAUSE.findall(sentence):
                # A count for one kind of applicant is one column, not the row's total.
                if _APPLICANT.search(clause) or _NOT_APPLICATIONS.search(clause):
                    continue
                for pattern, rows, words in _OUTCOMES:
                    m = pattern.search(clause)
                    if m is None:
                        continue
                    n = _count(m.group("n"))
                    table = row_total(report, rows)
                    if n is None or table is None or same(table, n) or (words, n) in seen:
                        continue
                    seen.add((words, n))
                    row = rows[0].rstrip(".")
                    yield self.finding(
                        ctx,
                        f"正文称“{clause.strip()}”（{words}{n}件），"
                        f"但表三 {rows_text(report, rows)} 总计 = {fmt(table)}",
                        f"The text says {n} for {rows}, table 3 gives {fmt(table)}",
                        table="t3",
                        row=row if len(rows) == 1 else None,
                        column="total",
                        cell=f"t3.{row}.total"
                        if len(rows) == 1 and not rows[0].endswith(".")
                        else None,
                        section=key,
                        quote=sentence,
                        expected=table,
                        found=n,
                        hint=f"核对正文“{words}”的件数与表三是否一致，改正其中错误的一处。",
                    )

    def _shares(self, ctx: Context, said: list[tuple[str | None, str]]) -> Iterable[Finding]:
        previous: int | None = None
        for key, sentence in said:
            # (where each count a share is of ends, and the count: the last one before a
            # share is its base; looked for once, not again before each share)
            found = [(b.end(), _count(b.group("m"))) for b in _BASE.finditer(sentence)]
            ends = [end for end, _ in found]
            bases = [c for _, c in found if c is not None]
            for m in _SHARE.finditer(sentence):
                n = _count(m.group("n"))
                before = bisect.bisect_right(ends, m.start())
                base = found[before - 1][1] if before else previous
                if n is None or not base or n > base or _share_ok(n, base, m.group("p")):
                    continue
                yield self.finding(
                    ctx,
                    f"正文称“{m.group(0)}”，但 {n} ÷ {base} = {n * 100 / base:.1f}%",
                    f"The text gives {m.group('p')}% for {n} of {base} ({n * 100 / base:.1f}%)",
                    section=key,
                    quote=sentence,
                    expected=f"{n * 100 / base:.1f}%",
                    found=f"{m.group('p')}%",
                    hint="按件数重新计算百分比，或改正件数。",
                )
            if bases:
                previous = bases[-1]

    def _no_cases(
        self, report: Report, ctx: Context, text: str, said: list[tuple[str | None, str]]
    ) -> Iterable[Finding]:
        for m in _NO_CASES.finditer(text):
            # The whole clause: "未发生…被行政复议纠错或行政诉讼败诉情形" speaks of
            # corrected outcomes only, not of cases as such.
            end = _CLAUSE_END.search(text, m.end())
            said_text = "".join(text[m.start() : end.start() if end else len(text)].split())
            where = next(((k, x) for k, x in said if m.group(0) in x), (None, None))
            outcome = "corrected" if _LOST.search(said_text) else "total"
            name = {"corrected": "结果纠正", "total": "总计"}[outcome]
            checks = []
            if "行政复议" in said_text:
                checks.append((f"review.{outcome}", f"行政复议 {name}"))
            if "行政诉讼" in said_text:
                checks += [
                    (f"litigation.direct.{outcome}", f"行政诉讼 未经复议直接起诉 {name}"),
                    (f"litigation.after_review.{outcome}", f"行政诉讼 复议后起诉 {name}"),
                ]
            for key, label in checks:
                value = get(report, f"t4.{key}")
                if is_number(value) and value > 0:  # type: ignore[operator]
                    yield self.finding(
                        ctx,
                        f"正文称“{said_text}”，但表四 {label} = {fmt(value)}",
                        f"The text says there were no such cases, but table 4 {key} = {fmt(value)}",
                        table="t4",
                        column=key,
                        section=where[0],
                        quote=where[1],
                        expected=0,
                        found=value,  # type: ignore[arg-type]
                        hint="核对表四与正文对行政复议、行政诉讼的表述。",
                    )
            break  # one statement settles it; later sentences usually repeat it
