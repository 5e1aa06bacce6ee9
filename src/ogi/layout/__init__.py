"""Blocks → Report: map what a reader found onto the national format."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ogi.blocks import Document
from ogi.format import edition_for_year
from ogi.layout import digits, meta
from ogi.layout.sections import Heading, build_sections, find_headings
from ogi.layout.stream import Stream
from ogi.layout.tables import TableResult, read_tables
from ogi.model import Problem, Report, Source


def _narrative(stream: Stream, spans: list[tuple[int, int]]) -> str:
    c = stream.clean.text
    keep, cur = [], 0
    for a, b in sorted(spans):
        keep.append(c[cur:a])
        cur = max(cur, b)
    keep.append(c[cur:])
    return "\n".join(keep)


def _infer_part_five(
    stream: Stream, headings: list[Heading], t4: TableResult | None, report: Report
) -> None:
    """Part 五 whose heading was lost (PDF conversions drop it): the text between
    table 四 and the next heading is part 五 by the format's order."""
    keys = [h.key for h in headings]
    if t4 is None or "problems_improvements" in keys or "review_litigation" not in keys:
        return
    nxt = next((h.start for h in headings if h.start >= t4.end), len(stream.clean.text))
    body = stream.clean.text[t4.end : nxt]
    if sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff") < 20:
        return
    headings.append(Heading("problems_improvements", "", "", t4.end, t4.end))
    headings.sort(key=lambda h: h.start)
    report.problems.append(
        Problem(
            where="第五部分",
            message="未找到“存在的主要问题及改进情况”标题；表四之后的文字按格式顺序视为第五部分",
        )
    )


def build_report(doc: Document, sha256: str | None = None) -> Report:
    stream = Stream(doc)
    if sha256 is None:
        try:
            sha256 = hashlib.sha256(Path(doc.path).read_bytes()).hexdigest()
        except OSError:
            sha256 = ""
    md = meta.normalise_metadata(doc.metadata)
    for tok in stream.tokens[:6]:
        for k, v in meta.parse_metadata_line(tok.text).items():
            md.setdefault(k, v)
    title = meta.find_title(doc, stream) or md.get("title")
    md.pop("title", None)
    body = "\n".join(t.text for t in stream.tokens if not t.is_cell)
    year = meta.report_year(title, body)
    ed = edition_for_year(year) if year else None
    year_edition = ed.name if ed else None

    with digits.report_budget():
        tables = read_tables(stream, year_edition, "")
        spans = [(t.start, t.end) for t in tables]
        if any("歧义" in p.message for t in tables for p in t.problems):
            tables = read_tables(stream, year_edition, _narrative(stream, spans))
            spans = [(t.start, t.end) for t in tables]

    report = Report(
        source=Source(path=doc.path, sha256=sha256, form=doc.form),
        report_year=year,
        title=title,
        metadata=md,
    )
    by_name: dict[str, TableResult] = {t.table: t for t in tables}
    for t in tables:
        report.cells.update(t.cells)
        report.raw += t.raw
        report.units.update(t.units)
        report.labels.update(t.labels)
        report.extra_rows += t.extra_rows
        report.problems += t.problems
    report.table_editions = {k: by_name[k].edition for k in ("t2", "t3") if k in by_name}
    eds = {e for e in report.table_editions.values() if e}
    report.edition = eds.pop() if len(eds) == 1 else ("mixed" if eds else None)  # type: ignore[assignment]
    for k in ("t2", "t3", "t4"):
        if k not in by_name:
            report.problems.append(
                Problem(where={"t2": "表二", "t3": "表三", "t4": "表四"}[k], message="未找到该表格")
            )

    headings = find_headings(stream, spans)
    _infer_part_five(stream, headings, by_name.get("t4"), report)
    report.sections = build_sections(stream, headings, spans)
    report.agency = (
        meta.agency_from_signature(stream) or meta.agency_from_title(title) or md.get("issuer")
    )
    report.published = meta.published_date(doc, md, stream)
    signed = meta.signed_date(stream)
    if signed:
        report.metadata.setdefault("signed", signed)
    report.problems = [*[Problem(where="文件", message=p) for p in doc.problems], *report.problems]
    return report
