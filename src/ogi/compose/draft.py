"""A first draft of the report's prose, with the year's counts already in its sentences.

The office edits the draft and passes it to `ogi compose --narrative`. Every number in
it is computed from the same records as the tables (`compose_report`), so the text and
the tables agree until someone changes one of them. What only the office knows is left
as a bracketed prompt 【请填写…】, which `ogi check` reports as a placeholder (an error,
C-PLACEHOLDER) until it is replaced.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ogi import patterns
from ogi.compose.narrative import Narrative
from ogi.compose.stats import compute_stats
from ogi.compose.tables import compose_report
from ogi.format import Edition
from ogi.model import Report, Source
from ogi.numerals import chinese
from ogi.render.tables import report_title
from ogi.store.ledger import edition_of, find_agency


def _n(report: Report, path: str) -> int:
    value = report.cells.get(path)
    return int(value or 0)


def _preamble(ed: Edition, agency: str, year: int) -> str:
    title = ed.raw.get("title", "")
    number = f"（{ed.document_number}）" if ed.document_number else ""
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《{title}》"
        f"{number}要求，由{agency}编制。本报告中所列数据的统计期限自{year}年1月1日起"
        f"至{year}年12月31日止。"
    )


def _applications(report: Report, ed: Edition, year: int, fees: float) -> str:
    new = _n(report, "t3.new_received.total")
    carried = _n(report, "t3.carried_over.total")
    done = _n(report, "t3.results.total.total")
    forward = _n(report, "t3.carried_forward.total")
    parts = []
    for row in ed.t3_rows:
        if row.level == 2 and row.path.count(".") == 1 and row.path != "results.total":
            n = sum(
                _n(report, f"t3.{leaf}.total")
                for leaf in ed.t3_outcome_leaves
                if leaf == row.path or leaf.startswith(row.path + ".")
            )
            if n:
                parts.append(f"{row.text.split('（', 1)[0]}{n}件")
    people = [
        f"{c.label}{_n(report, f't3.new_received.{c.key}')}件"
        for c in ed.t3_columns
        if c.key != "total" and _n(report, f"t3.new_received.{c.key}")
    ]
    sentence = f"{year}年，本机关共收到政府信息公开申请{new}件"
    if people:
        sentence += f"（其中{'、'.join(people)}）"
    sentence += f"，上年结转{carried}件；本年度办结{done}件"
    if parts:
        sentence += f"，其中{'、'.join(parts)}"
    sentence += f"；结转下年度继续办理{forward}件。"
    fee = f"本年度收取信息处理费{fees:g}元。" if fees else "本年度未收取信息处理费。"
    return sentence + fee


def _reviews(report: Report) -> str:
    review = _n(report, "t4.review.total")
    direct = _n(report, "t4.litigation.direct.total")
    after = _n(report, "t4.litigation.after_review.total")
    if not review and not direct and not after:
        return "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    corrected = _n(report, "t4.review.corrected")
    litigation = direct + after
    return (
        f"本年度因政府信息公开工作被申请行政复议{review}件，其中结果纠正{corrected}件；"
        f"被提起行政诉讼{litigation}件。"
    )


def draft_parts(session: Session, agency: str | None, year: int, signed: date) -> Narrative:
    """The draft as parts, one text per section plus the opening and the signature: what
    a form per part is prefilled with. Sub-headings of 一、总体情况 are lines of their own
    (（一）主动公开 …)."""
    ag = find_agency(session, agency)
    ed = edition_of(year)
    report = compose_report(session, ag.name, year)
    stats = compute_stats(session, ag, year, date(year, 12, 31))
    raw = next((r for r in ed.raw["sections"] if r["key"] == "overview"), {})
    subtopics = (raw.get("requirement") or {}).get("subtopics") or []
    fee = (
        f"本年度收取信息处理费{stats.fees_total:g}元。"
        if stats.fees_total
        else "本年度未收取信息处理费。"
    )
    texts: dict[str, str] = {}
    for s in ed.sections:
        parts: list[str] = []
        if s.key == "overview":
            parts.append(f"{year}年，{ag.name}【请填写全年工作概述】。")
            for i, topic in enumerate(subtopics, start=1):
                parts.append(f"（{chinese(i)}）{topic['zh']}")
                if topic["key"] == "on_application":
                    parts += [_applications(report, ed, year, stats.fees_total), _reviews(report)]
                else:
                    parts.append(f"【请填写{topic['zh']}情况】")
        elif s.key == "problems_improvements":
            parts.append("【请填写主要问题及改进措施】")
        elif s.key == "other_matters":
            parts += [fee, "【请填写其他需要报告的事项】"]
        texts[s.key] = "\n\n".join(parts)
    return Narrative(texts, _preamble(ed, ag.name, year), ag.name, signed.isoformat())


_SOURCE = Source(path="", sha256="", form="ledger")
_SUBHEADING = patterns.compile(r"^（[一二三四五六七八九十]+）\S{2,14}$")


def draft_narrative(session: Session, agency: str | None, year: int, signed: date) -> str:
    """The draft as Markdown, in the form `compose --narrative` reads."""
    ag = find_agency(session, agency)
    ed = edition_of(year)
    found = draft_parts(session, ag.name, year, signed)
    lines = [
        "---",
        f"落款: {found.signer}",
        f"日期: {found.signed}",
        "---",
        "",
        f"# {report_title(Report(source=_SOURCE, agency=ag.name, report_year=year))}",
        "",
        found.preamble,
        "",
    ]
    for s in ed.sections:
        lines += [f"## {s.ordinal}{s.title}", ""]
        for para in filter(None, found.sections.get(s.key, "").split("\n\n")):
            lines += [f"### {para}" if _SUBHEADING.match(para) else para, ""]
    return "\n".join(lines)
