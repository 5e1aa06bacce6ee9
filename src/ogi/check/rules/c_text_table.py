from __future__ import annotations

import re
from collections.abc import Iterable

from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.check.rules._common import fmt, get, is_number, prose
from ogi.model import Report

_SENTENCE = re.compile(r"[^。；;！!\n]+")
# "共受理依申请公开4件", "收到政府信息公开申请75件", "全年共收到0件依申请公开事项"
_RECEIVED = (re.compile(r"(?:受理|收到|接收|接到)(?P<span>[^。；，,;：:]{0,14}?)(?P<n>\d+)件"),)
# Counts of other things that share the words 受理/收到: they are not applications.
_NOT_APPLICATIONS = re.compile(r"复议|诉讼|建议|提案|信访|咨询|留言|来电|投诉|举报|件次")
_ALL_NATURAL = re.compile(r"(?:均|全部|全)(?:为|是|来自|系)自然人")
_NO_CASES = re.compile(
    r"(?:未|没有|无)(?:收到|发生|接到|出现|有)[^。；]{0,20}?(?:行政复议|行政诉讼)"
)

_CLAUSE_END = re.compile(r"[。；;，,]")
_LOST = re.compile(r"纠错|纠正|败诉|撤销|确认违法")


def _received_claims(text: str) -> Iterable[tuple[int, str]]:
    for sentence in _SENTENCE.findall(text):
        for m in _RECEIVED[0].finditer(sentence):
            after = sentence[m.end() : m.end() + 8]
            window = m.group("span") + after[:8]
            if "申请" not in window or _NOT_APPLICATIONS.search(m.group(0) + after):
                continue
            yield int(m.group("n")), sentence.strip()


class TextTable(Rule):
    """规则说明：正文中出现的数字（如受理申请件数、均为自然人、未发生行政复议诉讼）
    应与表格一致。只在明确矛盾时提示：受理/收到申请的件数可以等于本年新收，
    也可以等于本年新收加上年结转。

    为何重要：正文与表格各说各话，读者无法判断哪个是真的，说明其中之一填错。

    反例：正文“全年共受理依申请公开4件”，表三 一、本年新收 总计 6。

    正例：正文“全年共受理依申请公开4件，均为自然人申请”，表三 本年新收 自然人 4、总计 4。
    """

    id = "C-TEXT-TABLE"
    group = "content"

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        text = prose(report)
        if not text:
            return
        new = get(report, "t3.new_received.total")
        over = get(report, "t3.carried_over.total")
        if is_number(new):
            allowed = {new}
            if is_number(over):
                allowed.add(new + over)  # type: ignore[operator]
            done = get(report, "t3.results.total.total")
            if is_number(done):
                allowed.add(done)
            for n, sentence in _received_claims(text):
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
                    expected=new,  # type: ignore[arg-type]
                    found=n,
                    hint="核对正文中的申请件数与表三是否一致，改正其中错误的一处。",
                )
            natural = get(report, "t3.new_received.natural_person")
            m = _ALL_NATURAL.search(text)
            if m and is_number(natural) and natural != new:
                yield self.finding(
                    ctx,
                    f"正文称申请“{m.group(0)}”，但表三 一、本年新收 自然人 = {fmt(natural)}、"
                    f"总计 = {fmt(new)}",
                    "The text says all applicants were natural persons, but table 3 disagrees",
                    table="t3",
                    row="new_received",
                    column="natural_person",
                    expected=new,  # type: ignore[arg-type]
                    found=natural,  # type: ignore[arg-type]
                    hint="核对表三各类申请人的件数与正文表述。",
                )
        yield from self._no_cases(report, ctx, text)

    def _no_cases(self, report: Report, ctx: Context, text: str) -> Iterable[Finding]:
        for m in _NO_CASES.finditer(text):
            # The whole clause: "未发生…被行政复议纠错或行政诉讼败诉情形" speaks of
            # corrected outcomes only, not of cases as such.
            end = _CLAUSE_END.search(text, m.end())
            said = "".join(text[m.start() : end.start() if end else len(text)].split())
            outcome = "corrected" if _LOST.search(said) else "total"
            name = {"corrected": "结果纠正", "total": "总计"}[outcome]
            checks = []
            if "行政复议" in said:
                checks.append((f"review.{outcome}", f"行政复议 {name}"))
            if "行政诉讼" in said:
                checks += [
                    (f"litigation.direct.{outcome}", f"行政诉讼 未经复议直接起诉 {name}"),
                    (f"litigation.after_review.{outcome}", f"行政诉讼 复议后起诉 {name}"),
                ]
            for key, label in checks:
                value = get(report, f"t4.{key}")
                if is_number(value) and value > 0:  # type: ignore[operator]
                    yield self.finding(
                        ctx,
                        f"正文称“{said}”，但表四 {label} = {fmt(value)}",
                        f"The text says there were no such cases, but table 4 {key} = {fmt(value)}",
                        table="t4",
                        column=key,
                        expected=0,
                        found=value,  # type: ignore[arg-type]
                        hint="核对表四与正文对行政复议、行政诉讼的表述。",
                    )
            break  # one statement settles it; later sentences usually repeat it
