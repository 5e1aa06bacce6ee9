"""Two reports side by side: the cells that differ in each statutory table, and for each
part of the text how much of it the two share and which passages are copied.

Copied passages are runs of at least `MIN_RUN` characters present in both texts, found
with fixed-length shingles (linear in the texts' length, so any two reports compare in
milliseconds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ogi import patterns
from ogi.check.rules.s_labels import normalize as label_words
from ogi.model import Report
from ogi.render.tables import cell_text, empty_grid, table_edition

SHINGLE = 10
MIN_RUN = 14


@dataclass
class CellPair:
    text: str  # a label or header, or report A's value
    role: str
    rowspan: int
    colspan: int
    path: str | None = None
    other: str = ""  # report B's value
    differs: bool = False


@dataclass
class TablePair:
    key: str
    edition_a: str
    edition_b: str
    rows: list[list[CellPair]]
    differing: int = 0
    compared: int = 0


@dataclass
class TextPair:
    key: str
    title: str
    a: list[tuple[str, bool]]  # (text, copied) segments of A's text
    b: list[tuple[str, bool]]
    share: float | None  # characters in shared passages / all characters; None if both empty


@dataclass
class Comparison:
    tables: list[TablePair] = field(default_factory=list)
    texts: list[TextPair] = field(default_factory=list)

    @property
    def differing(self) -> int:
        return sum(t.differing for t in self.tables)


def compare_tables(a: Report, b: Report) -> list[TablePair]:
    out = []
    for table in ("t2", "t3", "t4"):
        ea, eb = table_edition(a, table), table_edition(b, table)
        grid = empty_grid(table, ea.name)
        pair = TablePair(table, ea.name, eb.name, [])
        b_paths = set(eb.cell_paths(table))
        for row in grid.rows:
            cells = []
            for c in row:
                if not c.path:
                    cells.append(CellPair(c.text, c.role, c.rowspan, c.colspan))
                    continue
                va = cell_text(a, c.path)
                vb = cell_text(b, c.path) if c.path in b_paths else "（无此格）"
                differs = va.strip() != vb.strip()
                pair.compared += 1
                pair.differing += differs
                cells.append(CellPair(va, c.role, c.rowspan, c.colspan, c.path, vb, differs))
            pair.rows.append(cells)
        out.append(pair)
    return out


def _marks(text: str, other: set[str]) -> list[bool]:
    marked = [False] * len(text)
    for i in range(len(text) - SHINGLE + 1):
        if text[i : i + SHINGLE] in other:
            for j in range(i, i + SHINGLE):
                marked[j] = True
    # Only runs long enough to be a copied passage count.
    i = 0
    while i < len(text):
        if not marked[i]:
            i += 1
            continue
        j = i
        while j < len(text) and marked[j]:
            j += 1
        if j - i < MIN_RUN:
            for k in range(i, j):
                marked[k] = False
        i = j
    return marked


def _segments(text: str, marked: list[bool]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for ch, m in zip(text, marked, strict=True):
        if out and out[-1][1] == m:
            out[-1] = (out[-1][0] + ch, m)
        else:
            out.append((ch, m))
    return out


def shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


@cache
def _grid_words(table: str, edition_name: str) -> frozenset[str]:
    grid = empty_grid(table, edition_name)
    return frozenset(label_words(c.text) for row in grid.rows for c in row if not c.path)


def table_words(report: Report, table: str) -> frozenset[str]:
    """The headers and labels of a statutory table, compared on wording: lines of a part's
    text that are only these are the table read as text, not prose."""
    return _grid_words(table, table_edition(report, table).name) | frozenset(
        label_words(v) for k, v in report.labels.items() if k.startswith(table + ".")
    )


_ORDINAL_ONLY = patterns.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?$")


def is_table_line(line: str, words: frozenset[str]) -> bool:
    text = line.strip()
    return not text or label_words(text) in words or bool(_ORDINAL_ONLY.match(text))


def section_prose(report: Report, key: str) -> str:
    """A part's text without the lines that are its table's labels."""
    section = report.section(key)
    if section is None:
        return ""
    spec = next((s for s in table_edition(report, "t2").sections if s.key == key), None)
    if spec is None or not spec.table:
        return section.text
    words = table_words(report, spec.table)
    return "\n".join(ln for ln in section.text.splitlines() if not is_table_line(ln, words))


def compare_texts(a: Report, b: Report) -> list[TextPair]:
    spec = table_edition(a, "t2").sections
    keys = [s.key for s in spec]
    titles = {s.key: f"{s.ordinal}{s.title}" for s in spec}
    for r in (a, b):
        for s in r.sections:
            if s.key and s.key not in titles:
                keys.append(s.key)
                titles[s.key] = f"{s.ordinal}{s.title}"
    out = []
    for key in keys:
        ta, tb = section_prose(a, key), section_prose(b, key)
        ma, mb = _marks(ta, shingles(tb)), _marks(tb, shingles(ta))
        total = len(ta) + len(tb)
        share = (sum(ma) + sum(mb)) / total if total else None
        out.append(TextPair(key, titles[key], _segments(ta, ma), _segments(tb, mb), share))
    return out


def compare(a: Report, b: Report) -> Comparison:
    return Comparison(compare_tables(a, b), compare_texts(a, b))
