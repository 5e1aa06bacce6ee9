"""Compose a report's tables from the ledger: counted, never typed.

Table 三, for report year Y and each applicant type:
* 一、本年新收 — applications received in Y;
* 二、上年结转 — applications received before Y and not replied to by 31 December of
  Y-1 (exactly what Y-1's 四、结转下年度 counted, so the two years chain);
* 三、outcome rows — applications of 一 or 二 replied to in Y, by their outcome;
  （七）总计 — the sum of the outcome rows;
* 四、结转下年度 — applications of 一 or 二 not replied to by 31 December of Y;
* 总计 column — the sum of the six applicant columns.
Each application of 一 + 二 lands in exactly one of 三 or 四, so every column balances.

Table 四: a case belongs to year Y when it was filed in Y, or filed earlier and not
concluded before 1 January of Y. It counts under its outcome if concluded in Y, else
under 尚未审结. A case pending at the end of Y therefore appears again in Y+1 — the
table reports the cases the agency dealt with in the year, like table 三's 上年结转.
总计 = 维持 + 纠正 + 其他 + 尚未审结 for each of the three case kinds.

Table 二: the counts the office recorded for the year. A cell nothing was entered for
prints as 0 (a blank cell would make the printed table unreadable) and is listed in
`problems`, which `ogi compose` shows as a warning: a 0 nobody entered is never silent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.compose import workdays
from ogi.compose.narrative import Narrative, read_narrative_file
from ogi.format import Edition
from ogi.model import Problem, Report, Section, Signature, Source, Value
from ogi.store.ledger import (
    LedgerError,
    application_errors,
    edition_of,
    find_agency,
    review_errors,
)
from ogi.store.models import Application, ProactiveCount, Review

REVIEW_PREFIX = {
    "review": "review",
    "litigation_direct": "litigation.direct",
    "litigation_after_review": "litigation.after_review",
}
REVIEW_OUTCOMES = ("upheld", "corrected", "other", "pending")


def t3_cells(apps: Iterable[Application], year: int, ed: Edition) -> dict[str, Value]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    people = [c.key for c in ed.t3_columns if c.key != "total"]
    counts: dict[tuple[str, str], int] = {(r.path, c): 0 for r in ed.t3_data_rows for c in people}
    errors: list[str] = []
    for a in apps:
        if a.received > end:
            continue
        if a.received >= start:
            row = "new_received"
        elif a.reply_date is None or a.reply_date >= start:
            row = "carried_over"
        else:
            continue  # concluded in an earlier year
        problems = application_errors(a)
        if (
            a.reply_date is not None
            and a.reply_date <= end
            and a.outcome not in (ed.t3_outcome_leaves)
        ):
            problems.append(f"办理结果“{a.outcome}”不是{ed.name}年版格式表三的办理结果")
        if problems:
            errors.append(f"申请 {a.serial_no}：" + "；".join(dict.fromkeys(problems)))
            continue
        counts[(row, a.applicant_type)] += 1
        if a.reply_date is not None and a.reply_date <= end:
            counts[(a.outcome, a.applicant_type)] += 1  # type: ignore[index]
        else:
            counts[("carried_forward", a.applicant_type)] += 1
    if errors:
        raise LedgerError("台账有误，无法编制表三：\n" + "\n".join(errors))
    for c in people:
        counts[("results.total", c)] = sum(counts[(leaf, c)] for leaf in ed.t3_outcome_leaves)
    cells: dict[str, Value] = {}
    for r in ed.t3_data_rows:
        for c in people:
            cells[f"t3.{r.path}.{c}"] = counts[(r.path, c)]
        cells[f"t3.{r.path}.total"] = sum(counts[(r.path, c)] for c in people)
    return cells


def t4_cells(reviews: Iterable[Review], year: int, ed: Edition) -> dict[str, Value]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells: dict[str, Value] = {p: 0 for p in ed.t4_cell_paths()}
    errors: list[str] = []
    for r in reviews:
        if r.filed > end or (r.concluded is not None and r.concluded < start):
            continue
        problems = review_errors(r)
        if problems:
            errors.append(f"案件 {r.case_no or r.id}：" + "；".join(problems))
            continue
        done = r.concluded is not None and r.concluded <= end
        outcome = r.outcome if done else "pending"
        cells[f"t4.{REVIEW_PREFIX[r.kind]}.{outcome}"] += 1  # type: ignore[operator]
    if errors:
        raise LedgerError("案件登记有误，无法编制表四：\n" + "\n".join(errors))
    for prefix in REVIEW_PREFIX.values():
        cells[f"t4.{prefix}.total"] = sum(cells[f"t4.{prefix}.{o}"] or 0 for o in REVIEW_OUTCOMES)
    return cells


def t2_unentered(counts: Iterable[ProactiveCount], ed: Edition) -> list[str]:
    """Table 二 cell paths nothing was entered for."""
    have = {f"t2.{c.path}" for c in counts}
    return [p for p in ed.t2_cell_paths() if p not in have]


def t2_cells(counts: Iterable[ProactiveCount], ed: Edition) -> dict[str, Value]:
    """Table 二 from the recorded counts; a cell with no count is 0 (see `t2_unentered`)."""
    cells: dict[str, Value] = {}
    for p in ed.t2_cell_paths():
        col = ed.column_of(p)
        cells[p] = 0.0 if col is not None and col.type == "decimal" else 0
    unknown: list[str] = []
    for c in counts:
        path = f"t2.{c.path}"
        if path not in cells:
            unknown.append(c.path)
            continue
        col = ed.column_of(path)
        decimal = col is not None and col.type == "decimal"
        cells[path] = float(c.value) if decimal else round(c.value)
    if unknown:
        raise LedgerError(f"表二登记的单元格不属于{ed.name}年版格式：{'、'.join(unknown)}")
    return cells


def compose_report(
    session: Session, agency: str | None, year: int, narrative_path: str | Path | None = None
) -> Report:
    """The report of `agency` for `year`, its tables counted from the store."""
    ag = find_agency(session, agency)
    ed = edition_of(year)
    end = date(year, 12, 31)
    apps = session.scalars(
        select(Application)
        .where(Application.agency_id == ag.id, Application.received <= end)
        .order_by(Application.received, Application.id)
    )
    reviews = session.scalars(
        select(Review).where(Review.agency_id == ag.id, Review.filed <= end).order_by(Review.id)
    )
    counts = list(
        session.scalars(
            select(ProactiveCount).where(
                ProactiveCount.agency_id == ag.id, ProactiveCount.year == year
            )
        )
    )
    cells = {**t2_cells(counts, ed), **t3_cells(apps, year, ed), **t4_cells(reviews, year, ed)}
    problems = [
        Problem(
            where=f"表二 {_t2_label(ed, p)}",
            message="未填写，按 0 印出；请核实后填写（ogi ledger proactive-set）",
            path=p,
        )
        for p in t2_unentered(counts, ed)
    ]
    narrative = read_narrative_file(narrative_path, ed) if narrative_path else Narrative()
    texts = narrative.sections
    signature = None
    if narrative.signer or narrative.signed:
        signature = Signature(
            name=narrative.signer or ag.name,
            date=narrative.signed or workdays.today().isoformat(),
        )
    sections = [
        Section(key=s.key, ordinal=s.ordinal, title=s.title, text=texts.get(s.key, ""))
        for s in ed.sections
    ]
    digest = hashlib.sha256(
        json.dumps(
            {
                "agency": ag.name,
                "year": year,
                "cells": cells,
                "texts": texts,
                "preamble": narrative.preamble,
                "signature": signature.model_dump() if signature else None,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")
    ).hexdigest()
    return Report(
        source=Source(path=f"ledger:{ag.name}/{year}", sha256=digest, form="ledger"),
        report_year=year,
        agency=ag.name,
        # The date printed under the signature is the one a reader of the rendered
        # report takes as its publication date, so the deadline rules see the same here.
        published=signature.date if signature else None,
        edition=ed.name,  # type: ignore[arg-type]
        table_editions={t: ed.name for t in ("t2", "t3", "t4")},
        cells=cells,
        sections=sections,
        problems=problems,
        preamble=narrative.preamble,
        signature=signature,
    )


def _t2_label(ed: Edition, path: str) -> str:
    """“规章 本年制发件数” for ``t2.art20_1.rules.issued``: labels from the edition."""
    _, block_key, row_key, col_key = path.split(".")
    block = next(b for b in ed.t2_blocks if b.key == block_key)
    row = next(r for r in block.rows if r.path == f"{block_key}.{row_key}")
    col = next(c for c in block.columns if c.key == col_key)
    return f"{row.label} {col.label}"
