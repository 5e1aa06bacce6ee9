"""A report laid out as the format prints it (the three tables with their merged headers
and the six parts), with every finding and reading doubt attached to the cells, rows,
headings and sentences it is about.

Places come from `Report.origins` where a reader recorded them, and otherwise from the
finding's table/row/column/section on the official grid (`ogi.render.tables`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ogi.check import Finding
from ogi.check.rules.s_labels import normalize as label_words
from ogi.format.labels import table_label
from ogi.model import Problem, Report
from ogi.render.tables import Grid, metadata_items, outline, report_title, table_edition
from ogi.services.check_workbook import readable
from ogi.services.compare import is_table_line, table_words
from ogi.services.finding_places import Place, location_zh, place_of


@dataclass
class Mark:
    """One finding or doubt as the page lists it."""

    id: str  # f-<fid> for findings, p-<n> for reading doubts
    kind: str  # error / warning / info / doubt
    rule: str
    message: str
    hint: str
    where: str
    expected: str = ""
    found: str = ""
    targets: list[str] = field(default_factory=list)  # element ids marked on the page
    decision: str | None = None
    history: list = field(default_factory=list)
    fid: str = ""
    change: str = ""  # 新增 / 仍存在 against the previous round
    broad: bool = False  # about a whole row or column, not one cell


@dataclass
class Cell:
    text: str
    role: str
    rowspan: int
    colspan: int
    path: str | None = None
    id: str | None = None
    marks: list[str] = field(default_factory=list)  # Mark ids
    printed: str | None = None  # a label printed differently from the format
    worst: str | None = None  # the gravest finding about this very cell
    band: str | None = None  # the gravest finding about its whole row or column


@dataclass
class Table:
    key: str
    name: str
    edition: str
    id: str
    rows: list[list[Cell]]
    marks: list[str] = field(default_factory=list)
    worst: str | None = None


@dataclass
class Segment:
    text: str
    marks: list[str] = field(default_factory=list)
    id: str | None = None
    worst: str | None = None


@dataclass
class Block:
    kind: str  # heading / paragraph / table
    segments: list[Segment] = field(default_factory=list)
    table: Table | None = None
    id: str | None = None
    marks: list[str] = field(default_factory=list)
    worst: str | None = None


@dataclass
class ReportView:
    title: str
    metadata: list[tuple[str, str]]
    blocks: list[Block]
    findings: list[Mark]
    doubts: list[Mark]
    overall: list[str]  # marks about the report as a whole (no place on the page)


ORDER = {"error": 0, "warning": 1, "info": 2, "doubt": 3}


def _worst(kinds: list[str]) -> str | None:
    return min(kinds, key=lambda k: ORDER.get(k, 9)) if kinds else None


def cell_id(path: str) -> str:
    return "c-" + path.replace(".", "-")


def row_id(table: str, row: str) -> str:
    return f"r-{table}-" + row.replace(".", "-")


def _row_paths(grid: Grid) -> dict[int, str]:
    """Grid row index → spec row path, from the value cells the row holds."""
    out = {}
    for i, row in enumerate(grid.rows):
        paths = [c.path for c in row if c.path]
        if not paths:
            continue
        parts = paths[0].split(".")
        out[i] = ".".join(parts[1:-1]) if grid.table != "t4" else ""
    return out


def _printed_labels(report: Report, table: str) -> dict[str, str]:
    """Row path → the label as printed, where it differs from the format's words."""
    ed = table_edition(report, table)
    out = {}
    for key, printed in report.labels.items():
        t, _, path = key.partition(".")
        if t != table:
            continue
        row = ed.row(table, path)
        if row is None:
            continue
        want = row.text
        if label_words(printed) not in {label_words(want), label_words(want.split("（", 1)[0])}:
            out[path] = " ".join(printed.split())
    return out


def _table(
    report: Report,
    grid: Grid,
    marks_of: dict[str, list[str]],
    kind_of: dict[str, str],
    broad: set[str],
) -> Table:
    ed_rows = {r.label: r.path for r in table_edition(report, grid.table).t3_rows if r.group}
    paths = _row_paths(grid)
    printed = _printed_labels(report, grid.table) if grid.table != "t4" else {}
    rows: list[list[Cell]] = []
    for i, row in enumerate(grid.rows):
        out_row = []
        for c in row:
            cell = Cell(c.text, c.role, c.rowspan, c.colspan, c.path)
            if c.path:
                cell.id = cell_id(c.path)
            elif c.role == "label":
                path = paths.get(i) if c.rowspan == 1 else ed_rows.get(c.text)
                if path is not None and grid.table != "t4":
                    cell.id = row_id(grid.table, path)
                    cell.printed = printed.get(path)
            if cell.id:
                cell.marks = marks_of.get(cell.id, [])
                cell.worst = _worst([kind_of[m] for m in cell.marks if m not in broad])
                cell.band = _worst([kind_of[m] for m in cell.marks if m in broad])
            out_row.append(cell)
        rows.append(out_row)
    tid = f"t-{grid.table}"
    marks = marks_of.get(tid, [])
    return Table(
        grid.table,
        table_label(grid.table),
        grid.edition,
        tid,
        rows,
        marks,
        _worst([kind_of[m] for m in marks]),
    )


def _targets(place: Place, report: Report) -> list[str]:
    out = [cell_id(p) for p in place.cells]
    if (place.table and place.row and not place.cells) or (
        place.table and place.row and place.cells and len(place.cells) > 1
    ):
        out.append(row_id(place.table, place.row))
    if place.table and not out:
        out.append(f"t-{place.table}")
    if place.section:
        out.append(f"s-{place.section}")
    return out


def _label_only(f: Finding) -> bool:
    # A finding about a row's printed label (its values are words, not numbers).
    return bool(f.row) and not f.column and isinstance(f.expected, str)


def build(
    report: Report,
    findings: list[tuple[str, Finding]],
    decisions: dict[str, tuple[str | None, list]] | None = None,
    changes: dict[str, str] | None = None,
) -> ReportView:
    """The page of `report` with `findings` (fid, Finding) and its reading doubts: the
    readers' problems and the findings for the supervisor (audience "supervisor"),
    which are not the agency's errors and are listed and marked apart."""
    decisions = decisions or {}
    changes = changes or {}
    marks: list[Mark] = []
    read_doubts: list[Mark] = []
    quotes: list[tuple[str, str]] = []  # (quoted text, mark id)
    for fid, f in findings:
        place = place_of(f, report)
        if _label_only(f):
            place = Place(table=place.table, row=f.row, section=place.section, quote=place.quote)
        state, history = decisions.get(fid, (None, []))
        ed = table_edition(report, place.table or "t2")
        doubt = f.audience == "supervisor"
        m = Mark(
            id=f"f-{fid}",
            kind="doubt" if doubt else f.severity,
            rule=f.rule,
            message=f.message,
            hint=f.hint,
            where=location_zh(f, report),
            expected=readable(f.expected, ed),
            found=readable(f.found, ed),
            targets=_targets(place, report),
            decision=state,
            history=history,
            fid=fid,
            change=changes.get(fid, ""),
            broad=len(place.cells) > 2,
        )
        if place.quote:
            quotes.append((place.quote, m.id))
        (read_doubts if doubt else marks).append(m)
    doubts = [_doubt(i, p, report) for i, p in enumerate(report.problems, start=1)]
    doubts += read_doubts
    every = marks + doubts
    marks_of: dict[str, list[str]] = defaultdict(list)
    kind_of: dict[str, str] = {}
    broad = {m.id for m in every if m.broad}
    for m in every:
        kind_of[m.id] = m.kind
        for t in m.targets:
            marks_of[t].append(m.id)

    blocks: list[Block] = []
    section_keys = _section_keys(report)
    tables_of = {s.key: s.table for s in table_edition(report, "t2").sections if s.table}
    words: frozenset[str] = frozenset()
    heading_no = 0
    for part in outline(report):
        if part.kind == "heading":
            key = section_keys[heading_no] if heading_no < len(section_keys) else None
            heading_no += 1
            table = tables_of.get(key) if key else None
            words = table_words(report, table) if table else frozenset()
            bid = f"s-{key}" if key else None
            ms = marks_of.get(bid, []) if bid else []
            blocks.append(
                Block(
                    "heading",
                    [Segment(part.text)],
                    id=bid,
                    marks=ms,
                    worst=_worst([kind_of[m] for m in ms]),
                )
            )
        elif part.kind == "paragraph":
            if words and is_table_line(part.text, words):
                continue  # the table's own labels read as text: the table shows them
            blocks.append(Block("paragraph", _segments(part.text, quotes, kind_of, every)))
        elif part.grid is not None:
            blocks.append(Block("table", table=_table(report, part.grid, marks_of, kind_of, broad)))
    placed = {t for b in blocks for t in _ids(b)}
    overall = [m.id for m in every if not any(t in placed for t in m.targets)]
    return ReportView(report_title(report), metadata_items(report), blocks, marks, doubts, overall)


def _ids(b: Block) -> list[str]:
    out = [b.id] if b.id else []
    out += [s.id for s in b.segments if s.id]
    if b.table:
        out.append(b.table.id)
        out += [c.id for row in b.table.rows for c in row if c.id]
    return out


def _section_keys(report: Report) -> list[str | None]:
    """The key of each heading `outline` prints, in order (it inserts a missing part that
    the format puts a table under)."""
    spec = table_edition(report, "t2").sections
    order = {s.key: i for i, s in enumerate(spec)}
    keys: list[str | None] = [s.key for s in report.sections]
    have = set(keys)
    for s in spec:
        if s.table and s.key not in have:
            at = 0
            for i, k in enumerate(keys):
                if k in order and order[k] < order[s.key]:
                    at = i + 1
            keys.insert(at, s.key)
    return keys


def _segments(
    text: str, quotes: list[tuple[str, str]], kind_of: dict[str, str], marks: list[Mark]
) -> list[Segment]:
    """The paragraph split around the sentences findings quote, each quoted sentence a
    segment with an id the findings point at."""
    spans: list[tuple[int, int, str]] = []
    for quote, mid in quotes:
        at = text.find(quote)
        if at >= 0:
            spans.append((at, at + len(quote), mid))
    if not spans:
        return [Segment(text)]
    spans.sort()
    out: list[Segment] = []
    pos = 0
    for start, end, mid in spans:
        if start < pos:  # overlapping quotes: attach to the segment already made
            out[-1].marks.append(mid)
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        sid = f"q-{mid[2:]}"
        out.append(Segment(text[start:end], [mid], sid, kind_of[mid]))
        pos = end
        for m in marks:
            if m.id == mid and sid not in m.targets:
                m.targets.insert(0, sid)
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _doubt(n: int, p: Problem, report: Report) -> Mark:
    targets = [cell_id(p.path)] if p.path else []
    return Mark(
        id=f"p-{n}",
        kind="doubt",
        rule="读取疑问",
        message=p.message,
        hint="",
        where=p.where,
        targets=targets,
    )
