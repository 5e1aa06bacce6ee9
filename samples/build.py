"""Build the bundled sample reports of the fictional 示例镇人民政府.

Run `python samples/build.py` from the repository root. It writes the 2024 report as
HTML, DOCX, Markdown and text, the 2023 report as text, and `truth.jsonl` with one line
per file: the values as printed and the mistakes deliberately put into some files, so
readers and checkers can be tested against a known answer. Rerunning it reproduces every
file byte for byte.

The text files are shaped as a copy of the report's web page, every table cell on its
own line, as most text copies of real reports are (`ogi render -f txt` prints a table's
rows instead).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ogi.format import edition
from ogi.model import Report, Section, Source, Value
from ogi.render import grid, outline, render_docx, render_html, render_markdown, report_title
from ogi.render.tables import metadata_items

HERE = Path(__file__).resolve().parent
AGENCY = "示例镇人民政府"
EDITION = "2021"
TABLES = ("t2", "t3", "t4")

TEXT_2024 = {
    "overview": """\
2024年，示例镇人民政府坚持以公开为常态、不公开为例外，围绕惠民政策、乡村建设、安全生产等群众关心的事项，持续做好政府信息公开工作。
（一）主动公开。全年通过镇政府信息公开专栏发布各类信息186条，其中政策文件及解读12条、财政预决算信息6条、乡村振兴项目信息23条。
（二）依申请公开。全年新收政府信息公开申请12件，上年结转2件，均在法定期限内答复，没有超期答复的情况。
（三）政府信息管理。对镇政府制发的文件开展集中清理，本年新制发行政规范性文件1件，现行有效3件，并在专栏中逐件标注有效性。
（四）平台建设。调整信息公开专栏栏目设置，新增“惠民补贴”栏目，方便群众查询各类补贴的申领条件和发放结果。
（五）监督保障。调整政务公开工作领导小组，把信息公开工作纳入各村年度考核，全年组织业务培训2次。工作考核结果为良好，群众对公开工作的社会评议满意率为96%，本年度未发生因信息公开工作被责任追究的情况。""",
    "proactive_disclosure": "本年度主动公开政府信息的有关数据如下。",
    "applications": """\
本年度新收政府信息公开申请12件，上年结转2件；办结13件，结转下年度继续办理1件。""",
    "review_litigation": """\
本年度因政府信息公开工作被申请行政复议1件，复议机关维持了原答复；未发生行政诉讼。""",
    "problems_improvements": """\
一是部分栏目更新不够及时，个别村务信息发布滞后；二是政策解读形式较为单一，图解、问答等材料偏少。
下一步，示例镇将建立栏目更新台账，明确每个栏目的责任人和更新时限；围绕群众关注的补贴、救助政策制作图解和问答，让解读更易懂。""",
    "other_matters": """\
本年度，示例镇人民政府未收取政府信息公开信息处理费。
全年办理镇人大代表建议5件，办理结果均已按规定公开。""",
}

TEXT_2023 = {
    "overview": """\
2023年，示例镇人民政府按照《中华人民共和国政府信息公开条例》要求，扎实推进政府信息公开各项工作。
（一）主动公开。全年在镇政府信息公开专栏发布信息152条，重点公开了农村危房改造、耕地地力保护补贴等惠民信息。
（二）依申请公开。全年新收政府信息公开申请8件，上年结转1件，办结7件，2件因需征求第三方意见结转下年度办理。
（三）政府信息管理。本年新制发行政规范性文件2件，废止1件，现行有效2件。
（四）平台建设。完成信息公开专栏适老化改造，放大字号并简化栏目层级。
（五）监督保障。镇政府主要负责同志听取信息公开工作汇报1次，组织业务培训1次。本年度工作考核、社会评议结果均为合格，未发生因信息公开工作被责任追究的情况。""",
    "proactive_disclosure": "本年度主动公开政府信息的有关数据如下。",
    "applications": "本年度新收政府信息公开申请8件，上年结转1件；办结7件，结转下年度继续办理2件。",
    "review_litigation": "本年度未发生因政府信息公开工作引起的行政复议和行政诉讼。",
    "problems_improvements": """\
信息公开工作人员多为兼职，业务熟练程度不高；部分公开内容专业性强，群众理解有难度。
下一步，示例镇将固定专人负责信息公开工作，加强业务培训；对专业性较强的文件同步发布解读。""",
    "other_matters": "本年度，示例镇人民政府未收取政府信息公开信息处理费。",
}

# Non-zero cells; every other cell of the 2021 edition prints 0.
VALUES_2024: dict[str, Value] = {
    "t2.art20_1.normative_documents.issued": 1,
    "t2.art20_1.normative_documents.in_force": 3,
    "t2.art20_5.licensing.decisions": 46,
    "t2.art20_6.penalty.decisions": 18,
    "t3.new_received.natural_person": 10,
    "t3.new_received.commercial_enterprise": 1,
    "t3.new_received.legal_service_org": 1,
    "t3.new_received.total": 12,
    "t3.carried_over.natural_person": 2,
    "t3.carried_over.total": 2,
    "t3.results.granted.natural_person": 5,
    "t3.results.granted.commercial_enterprise": 1,
    "t3.results.granted.total": 6,
    "t3.results.partially_granted.natural_person": 1,
    "t3.results.partially_granted.total": 1,
    "t3.results.withheld.third_party_rights.natural_person": 1,
    "t3.results.withheld.third_party_rights.total": 1,
    "t3.results.unable.not_held.natural_person": 2,
    "t3.results.unable.not_held.legal_service_org": 1,
    "t3.results.unable.not_held.total": 3,
    "t3.results.not_processed.duplicate.natural_person": 1,
    "t3.results.not_processed.duplicate.total": 1,
    "t3.results.other.no_correction.natural_person": 1,
    "t3.results.other.no_correction.total": 1,
    "t3.results.total.natural_person": 11,
    "t3.results.total.commercial_enterprise": 1,
    "t3.results.total.legal_service_org": 1,
    "t3.results.total.total": 13,
    "t3.carried_forward.natural_person": 1,
    "t3.carried_forward.total": 1,
    "t4.review.upheld": 1,
    "t4.review.total": 1,
}

VALUES_2023: dict[str, Value] = {
    "t2.art20_1.normative_documents.issued": 2,
    "t2.art20_1.normative_documents.repealed": 1,
    "t2.art20_1.normative_documents.in_force": 2,
    "t2.art20_5.licensing.decisions": 39,
    "t2.art20_6.penalty.decisions": 11,
    "t3.new_received.natural_person": 7,
    "t3.new_received.other_org": 1,
    "t3.new_received.total": 8,
    "t3.carried_over.natural_person": 1,
    "t3.carried_over.total": 1,
    "t3.results.granted.natural_person": 3,
    "t3.results.granted.other_org": 1,
    "t3.results.granted.total": 4,
    "t3.results.partially_granted.natural_person": 1,
    "t3.results.partially_granted.total": 1,
    "t3.results.unable.not_held.natural_person": 2,
    "t3.results.unable.not_held.total": 2,
    "t3.results.total.natural_person": 6,
    "t3.results.total.other_org": 1,
    "t3.results.total.total": 7,
    "t3.carried_forward.natural_person": 2,
    "t3.carried_forward.total": 2,
}


def build_report(year: int, values: dict[str, Value], texts: dict[str, str]) -> Report:
    ed = edition(EDITION)
    cells: dict[str, Value] = {path: 0 for path in ed.cell_paths()}
    unknown = set(values) - set(cells)
    if unknown:
        raise ValueError(f"不是{EDITION}版格式的单元格：{sorted(unknown)}")
    cells.update(values)
    return Report(
        source=Source(path=f"samples/build.py#{year}", sha256="", form="ledger"),
        report_year=year,
        agency=AGENCY,
        title=f"{AGENCY}{year}年政府信息公开工作年度报告",
        published=f"{year + 1}-01-20",
        metadata={
            "index_number": f"000000000/{year + 1}-00003",
            "topic": "政务公开",
            "issuer": AGENCY,
            "written": f"{year + 1}-01-18",
            "validity": "有效",
        },
        edition=EDITION,
        table_editions={t: EDITION for t in TABLES},
        cells=cells,
        sections=[
            Section(key=s.key, ordinal=s.ordinal, title=s.title, text=texts[s.key])
            for s in ed.sections
        ],
    )


def pasted_text(report: Report) -> str:
    """The report as text copied from its web page: every paragraph and every table cell
    on its own line, a merged cell once, an empty cell an empty line."""
    out = [report_title(report), ""]
    meta = metadata_items(report)
    if meta:
        out += [f"{k}：{v}" for k, v in meta] + [""]
    for part in outline(report):
        if part.grid is not None:
            out += [cell.text for _, _, cell in part.grid.placed()]
        else:
            out.append(part.text)
    return "\n".join(out) + "\n"


# -- deliberate mistakes ---------------------------------------------------------------------
def total_one_short(report: Report) -> tuple[Report, dict[str, Any]]:
    """表三 （七）总计 of 自然人 and 总计 printed one less than the outcomes add up to."""
    paths = ["t3.results.total.natural_person", "t3.results.total.total"]
    cells = dict(report.cells)
    expected = [cells[p] for p in paths]
    for p in paths:
        cells[p] = int(cells[p] or 0) - 1
    mistake = {
        "kind": "sum_mismatch",
        "paths": paths,
        "printed": [cells[p] for p in paths],
        "expected": expected,
        "note": "表三（七）总计的自然人列和总计列比各项办理结果之和少1，"
        "这两列的勾稽关系（第一项加第二项之和等于第三项加第四项之和）也随之不成立",
    }
    return report.model_copy(update={"cells": cells}), mistake


def label_typo(markdown: str) -> tuple[str, dict[str, Any]]:
    row = edition(EDITION).row("t3", "results.withheld.security_stability")
    assert row is not None
    wrong = row.label.replace("危及", "危机")
    needle = f"| {row.label} |"
    if markdown.count(needle) != 1:
        raise ValueError(f"表三中应恰有一处“{row.label}”")
    mistake = {
        "kind": "label_typo",
        "row": row.key,
        "printed": wrong,
        "expected": row.label,
        "note": "表三行标签错字：“危及”写成“危机”",
    }
    return markdown.replace(needle, f"| {wrong} |"), mistake


def half_width_brackets(report: Report, text: str) -> tuple[str, dict[str, Any]]:
    """Full-width brackets in the table labels become half-width ones; a label is a
    whole line of the text form, so only table lines can match."""
    labels = {
        cell.text
        for t in TABLES
        for row in grid(report, t).rows
        for cell in row
        if cell.role != "value" and ("（" in cell.text or "）" in cell.text)
    }
    changed: list[dict[str, str]] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line in labels:
            lines[i] = line.replace("（", "(").replace("）", ")")
            changed.append({"printed": lines[i], "expected": line})
    mistake = {
        "kind": "half_width_brackets",
        "labels": changed,
        "note": "表格标签中的全角括号“（）”写成了半角括号“()”",
    }
    return "\n".join(lines), mistake


# -- output ----------------------------------------------------------------------------------
def truth_line(name: str, form: str, report: Report, mistakes: list[dict[str, Any]]) -> str:
    ed = edition(EDITION)
    record = {
        "file": name,
        "form": form,
        "report_year": report.report_year,
        "agency": report.agency,
        "edition": EDITION,
        "table_editions": dict(report.table_editions),
        "cells": {p: report.cells.get(p) for p in ed.cell_paths()},
        "mistakes": mistakes,
    }
    return json.dumps(record, ensure_ascii=False)


def main(out: Path = HERE) -> list[Path]:
    r2024 = build_report(2024, VALUES_2024, TEXT_2024)
    r2023 = build_report(2023, VALUES_2023, TEXT_2023)
    stem24, stem23 = "示例镇-2024", "示例镇-2023"
    written: list[Path] = []
    truth: list[str] = []

    def write(name: str, content: str) -> None:
        path = out / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)

    write(f"{stem24}.html", render_html(r2024))
    truth.append(truth_line(f"{stem24}.html", "html", r2024, []))

    docx_path = out / f"{stem24}.docx"
    render_docx(r2024, docx_path)
    written.append(docx_path)
    truth.append(truth_line(docx_path.name, "docx", r2024, []))

    md, typo = label_typo(render_markdown(r2024))
    write(f"{stem24}.md", md)
    truth.append(truth_line(f"{stem24}.md", "markdown", r2024, [typo]))

    short, wrong_total = total_one_short(r2024)
    write(f"{stem24}.txt", pasted_text(short))
    truth.append(truth_line(f"{stem24}.txt", "text", short, [wrong_total]))

    txt23, brackets = half_width_brackets(r2023, pasted_text(r2023))
    write(f"{stem23}.txt", txt23)
    truth.append(truth_line(f"{stem23}.txt", "text", r2023, [brackets]))

    write("truth.jsonl", "\n".join(truth) + "\n")
    return written


if __name__ == "__main__":
    for path in main():
        print(path.relative_to(HERE.parent))
