"""Tables 二, 三 and 四 read from the tables a reader found: a row is a printed row, a
value is a printed cell, and each value keeps the place of its cell.

Every table block of the document is taken row by row, in reading order, whatever block
a row sits in: a table the page break cut in two, or that a converter printed one row
per table, reads like one table. In each row the label is the last text cell before the
values (cells to its left are group labels such as （三）不予公开 that span several
rows); header rows, printed once or again on every page, hold no values and are passed
over. A row cut by a page break (its label half on each page, its numbers on either) is
joined back before it is read.

What this reader is not sure of is not emitted: a row with more or fewer cells than its
columns, or a cell holding two numbers, goes to `problems` with its place. Empty cells
beside a row's values may be the empty span of a merged label (Markdown and text print
it once) or empty values; where both fit, the columns the table's other rows and header
put the values in decide, and a table that does not show them leaves the row unread.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import Any

from ogi import patterns
from ogi.blocks import Block, Cell, Document
from ogi.format import Column, Edition, editions
from ogi.layout.match import find
from ogi.layout.specs import (
    COPY_ROWS,
    ORDINAL,
    PADDING_DOUBT,
    TABLE_NAMES,
    PrintedColumns,
    RowSpec,
    TableResult,
    core,
    drop,
    header_orders,
    header_words,
    noise,
    numbering_level,
    out_of_order,
    padding_offsets,
    pick_t2_edition,
    shown_values,
    store_chunk,
    t2_block_labels,
    t2_specs,
    t3_in_columns,
    t3_specs,
    t4_group_out_of_order,
    t4_labels,
    trim_blank_ends,
    two_copies,
    unfound,
)
from ogi.layout.stream import unchecked_origin
from ogi.layout.values import Chunk, as_read, parse_fragment, worded
from ogi.memo import short_memo
from ogi.model import Origin, Problem
from ogi.normalize import clean

VALUE_KINDS = ("num", "raw", "multi")


@dataclass(slots=True)
class GCell:
    """One printed cell with what it holds: a number, text kept raw (/, —, 无), a blank,
    label text, or several numbers (a doubt)."""

    cell: Cell
    kind: str  # num | raw | blank | text | multi
    chunks: tuple[Chunk, ...]
    block: Block
    table: int
    _origin: Origin | None = None
    grid: int = -1  # the table whose columns the cell stands in (see `grid_rows`)

    @property
    def origin(self) -> Origin:
        o = self._origin
        if o is None:
            o = self._origin = _origin(self.block, self.table, self.cell)
        return o

    @property
    def page(self) -> int | None:
        return self.cell.page or self.block.where.page

    @property
    def col(self) -> int:
        return self.cell.col

    @property
    def text(self) -> str:
        return self.cell.text


@dataclass(slots=True)
class GRow:
    block: int
    table: int  # index among the document's tables
    row: int  # row index in its table block
    cells: list[GCell]
    label: GCell | None = None
    label_text: str = ""  # the label as printed, wrapped lines joined
    values: list[GCell] = field(default_factory=list)
    header: bool = False
    spec: RowSpec | None = None
    errors: int = 0
    orphans_after: bool = False  # blank values, then a row of numbers with no label
    # the same statutory row printed again, with other values, in another copy of the
    # table (`_matched`): which of the two holds the report's values cannot be told
    rival: GRow | None = None
    # its printed cells' headings, worked out when first asked (`_headings`)
    headings: tuple[tuple[GCell, str], ...] | None = None

    @property
    def pages(self) -> set[int]:
        return {p for c in self.cells if (p := c.page) is not None}

    @property
    def has_values(self) -> bool:
        # (a loop, not any() over a generator: asked several times of every row)
        for c in self.values:  # noqa: SIM110
            if c.kind in VALUE_KINDS:
                return True
        return False


def _hit(row: GRow, spec: RowSpec | None, errors: int) -> GRow:
    """A copy of `row` matched to `spec` with `errors` edits (`dataclasses.replace`,
    without its checks: rows are copied for every edition and table a reading tries, so
    each field is copied by name here rather than looked up by a loop over the fields)."""
    return GRow(
        row.block,
        row.table,
        row.row,
        row.cells,
        row.label,
        row.label_text,
        row.values,
        row.header,
        spec,
        errors,
        row.orphans_after,
        row.rival,
        row.headings,
    )


def _with(row: GRow, **changes: Any) -> GRow:
    """A copy of `row` with `changes` (`_hit`'s copy, then the changes)."""
    new = _hit(row, row.spec, row.errors)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


# ---------------------------------------------------------------------------------------
# Rows of every table block
# ---------------------------------------------------------------------------------------
# how long a cell's text is kept for asking again (labels and headings are short; a
# long text would fill memory)
KEPT_CHARS = 200


@short_memo(KEPT_CHARS, maxsize=16384)
def _classify(text: str) -> tuple[str, tuple[Chunk, ...]]:
    """What a cell's text holds (the same text always holds the same: cached)."""
    chunks, other = parse_fragment(text, -1, True, list(noise()))
    if not chunks:
        if other and (word := worded(text, -1)) is not None and not _names_a_row(text):
            # a few words around a number (18份): a label or a header (数据1) where it
            # stands as one, a value printed with words after a row's label (`_shape`)
            return "text", (word,)
        return ("text" if other else "blank"), ()
    if len(chunks) > 1:
        return "multi", tuple(chunks)
    return chunks[0].kind, tuple(chunks)


@cache
def _row_words() -> frozenset[str]:
    """The clean wordings of every row label and header cell of the tables."""
    specs = [s for name in editions() for s in (*t2_specs(name), *t3_specs(name))]
    return header_words() | {t for s in specs for t in s.texts}


def _names_a_row(text: str) -> bool:
    """Whether the words of a cell of words and a number name a row or a column: 3其他
    is the label 3.其他 with its dot lost, not the number 3 with words."""
    return _NUMBER_MARKS.sub("", clean(text)) in _row_words()


def _origin(b: Block, table: int, cell: Cell) -> Origin:
    if cell.box is None and type(cell.text) is str:
        return unchecked_origin(
            {
                "page": cell.page or b.where.page,
                "box": None,
                "table": table,
                "row": cell.row,
                "col": cell.col,
                "line": cell.line or b.where.line,
                "text": cell.text,
            }
        )
    return Origin(
        page=cell.page or b.where.page,
        box=cell.box,
        table=table,
        row=cell.row,
        col=cell.col,
        line=cell.line or b.where.line,
        text=cell.text,
    )


@short_memo(KEPT_CHARS, maxsize=16384)
def _clean(text: str) -> str:
    return clean(text)


@short_memo(KEPT_CHARS, maxsize=16384)
def _heading(text: str) -> str:
    """A header cell's text as compared with the format's headings: its lines joined,
    clean (the same few headings in every report: kept)."""
    return _clean(_join_lines(text))


def _headings(row: GRow) -> tuple[tuple[GCell, str], ...]:
    """The cells of a row that print something, each with its heading (`_heading`); a
    header row is asked by every table's checks of printed order: kept on the row."""
    if row.headings is None:
        row.headings = tuple((c, _heading(c.text)) for c in row.cells if c.text.strip())
    return row.headings


@short_memo(KEPT_CHARS, maxsize=16384)
def _join_lines(text: str) -> str:
    """A label wrapped inside its cell, as one line (CJK lines join without a space)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        if out and out[-1].isascii() and ln[0].isascii() and out[-1].isalnum():
            out += " "
        out += ln
    return out


def _is_header(row: GRow) -> bool:
    """A row of column headings: no values, and either nothing but header wording or more
    text cells than a row label ever has (a converter's 数据1 | 数据2 … included)."""
    # (values first: most rows print one right after their label, and the loop ends there)
    for c in row.cells:
        if c.kind in VALUE_KINDS:
            return False
    texts = [c for c in row.cells if c.kind == "text"]
    if not texts:
        return False
    # exact header wording: "3.其他" with its numbering is a row label, not the column 其他
    words = header_words()
    known = sum(_clean(c.text) in words for c in texts)
    return known == len(texts) or len(texts) >= 4 or known >= 2


@short_memo(KEPT_CHARS, maxsize=16384)
def _stripped(text: str) -> str:
    """A label as compared with the format: clean, without its numbering, its note in
    brackets, or a group label run into it ("（三）不予公开1.属于国家秘密")."""
    s = ORDINAL.sub("", clean(text))
    for group in _group_texts():
        rest = s[len(group) :] if s.startswith(group) else ""
        if rest and ORDINAL.match(rest):
            s = ORDINAL.sub("", rest)
            break
    return core(s)


def _numbering(text: str) -> str:
    """The ordinal printed right before a label's wording ("（六）" of "（六）其他", "1." of
    "（三）不予公开1.属于国家秘密"), or ""."""
    s = clean(text)
    m = ORDINAL.match(s)
    if not m:
        return ""
    rest = s[m.end() :]
    for group in _group_texts():
        after = rest[len(group) :] if rest.startswith(group) else ""
        inner = ORDINAL.match(after) if after else None
        if inner:
            return inner.group(0)
    return m.group(0)


@cache
def _group_texts() -> tuple[str, ...]:
    """Wordings of table 三's group rows (不予公开, 无法提供 …), longest first."""
    words = {t for name in editions() for sp in t3_specs(name) if sp.group for t in sp.texts}
    return tuple(sorted(words, key=len, reverse=True))


def _shape(row: GRow, first_value: int | None = None) -> None:
    """Split a row into its label (the last text cell before the first value) and its
    values (every cell after the label). `first_value`: where the first value stands
    (the number of cells if none), where the caller has told it."""
    cells = row.cells
    if first_value is None:
        first_value = next((i for i, c in enumerate(cells) if c.kind in VALUE_KINDS), len(cells))
    before = cells[first_value - 1] if first_value else None
    if before is not None and before.kind == "text" and not before.chunks:
        label_at: int | None = first_value - 1  # (most rows: the label, then the values)
    else:
        texts = [i for i in range(first_value) if cells[i].kind == "text"]
        # (a cell of words around a number, 18份, is the label only where no other text is)
        plain = [i for i in texts if not cells[i].chunks]
        label_at = (plain or texts)[-1] if texts else None
    if label_at is None:
        # numbers before the label: a column of serial numbers (1, 2, 3 …) printed
        # left of the labels; the label is then the last text before the values
        label_at = next(
            (
                i
                for i in range(len(cells) - 1, -1, -1)
                if cells[i].kind == "text"
                and all(c.kind in (*VALUE_KINDS, "blank") for c in cells[i + 1 :])
            ),
            None,
        )
    if label_at is None:
        row.values = list(cells)
        return
    row.label = cells[label_at]
    row.label_text = _join_lines(row.label.text)
    row.values = cells[label_at + 1 :]
    for c in row.values:
        if c.kind == "text" and c.chunks:
            c.kind = "raw"  # printed where a value is: withheld with its reason (`worded`)


_COL = operator.attrgetter("col")
_NUMBER_MARKS = patterns.compile(r"[\d\s.,()]")  # what a number adds to a label: 3其他
_DIGIT = patterns.compile(r"\d")
_SENTENCE_STOP = patterns.compile(r"[。；]")  # a line of prose between two tables


def grid_rows(doc: Document) -> list[GRow]:
    rows: list[GRow] = []
    kept = _classify.kept
    table = -1
    grid, one_row = -1, -1  # the grid of the block, the last block of one row
    for bi, b in enumerate(doc.blocks):
        if b.kind != "table":
            continue
        table += 1
        # tables of one row printed one after another (a text file's lines of cells) are
        # the rows of one table: their cells share its columns
        if not (len(b.rows) == 1 and one_row == bi - 1):
            grid = bi
        one_row = bi if len(b.rows) == 1 else -1
        for r, cells in enumerate(b.rows):
            gcells: list[GCell] = []
            first_value = -1  # (told as the cells are made: `_is_header` and `_shape` ask)
            for c in sorted(cells, key=_COL):
                if c.doubt:  # the reader could not vouch for it
                    kind, chunks = "raw", (Chunk("raw", c.text, -1, cell=True, doubt=c.doubt),)
                else:
                    text = c.text  # (`_classify`'s bound checked here: asked per cell)
                    kind, chunks = (kept if len(text) <= KEPT_CHARS else _classify)(text)
                    if c.unsure and kind == "num":
                        chunks = tuple(as_read(ch, None, c.unsure, c.weak) for ch in chunks)
                if first_value < 0 and kind in VALUE_KINDS:
                    first_value = len(gcells)
                gcells.append(GCell(c, kind, chunks, b, table, None, grid))
            row = GRow(bi, table, cells[0].row if cells else r, gcells)
            # (a row with a value is no header: most rows, told without asking)
            row.header = first_value < 0 and _is_header(row)
            if not row.header:
                _shape(row, len(gcells) if first_value < 0 else first_value)
            rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------
# Labels to rows of the format
# ---------------------------------------------------------------------------------------
@short_memo(KEPT_CHARS, maxsize=65536)
def _label_errors(label: str, text: str) -> int | None:
    """Edits between a printed label (clean, ordinal and note removed) and one wording of
    a row of the format, or None when the cell is not that label: the wording must make
    up nearly all of the cell, so a sentence that mentions it is not the label."""
    if not label or not text:
        return None
    if label == text:
        return 0
    m = find(label, text)
    if m is None:
        return None
    start, end, errors = m
    rest = len(label) - (end - start)
    if start > 2 or rest > max(2, len(label) // 4):
        return None
    return errors + rest


def label_match(label: str, specs: tuple[RowSpec, ...]) -> tuple[RowSpec, int] | None:
    """The row of the format a printed label names, with its edits; the fewest edits win,
    the earlier row on a tie."""
    # a set of specifications is known by its id (`_spec_set`; checked here, not in a
    # call: a report asks a few hundred times), and `_label_match`'s bound on the label
    # too
    key = id(specs)
    if _SPEC_SETS.get(key) is not specs:
        _spec_set(specs)
    ask = _label_match.kept if len(label) <= KEPT_CHARS else _label_match
    found = ask(label, key)
    return None if found is None else (specs[found[0]], found[1])


_SPEC_SETS: dict[int, tuple[RowSpec, ...]] = {}
_SPEC_LEVELS: dict[int, tuple[int, ...]] = {}  # the level of each one's numbering
Match = tuple[RowSpec, int] | None  # what `label_match` says of a label
# `label_match`'s answers for each set, by label, for the reading of tables to look up
# without a call (`_answers`): every reading asks of every row of a report, and the
# rows of one table ask another table's set in vain three times each (`_join_split_rows`)
_ANSWERS: dict[int, dict[str, Match]] = {}
MOST_ANSWERS = 4096  # labels kept for each set; a full table starts again
_UNSEEN: Any = object()


def _spec_set(specs: tuple[RowSpec, ...]) -> None:
    """Keep a new set of specifications under its id. Sets come from cached builders, so
    one tuple object stands for one set for the whole run and the table stays a handful
    long."""
    _SPEC_SETS[id(specs)] = specs
    _SPEC_LEVELS[id(specs)] = tuple(numbering_level(s.ordinal) for s in specs)
    _ANSWERS[id(specs)] = {}
    _label_match.cache_clear()  # an id reused by a new set must not hit old answers


def _answers(specs: tuple[RowSpec, ...]) -> dict[str, Match]:
    """The answers kept for `specs`: `answers.get(label, _UNSEEN)`, then `_answer`."""
    if _SPEC_SETS.get(id(specs)) is not specs:
        _spec_set(specs)
    return _ANSWERS[id(specs)]


def _answer(answers: dict[str, Match], label: str, specs: tuple[RowSpec, ...]) -> Match:
    """`label_match`, kept in `answers` for a label that is not long."""
    m = label_match(label, specs)
    if len(label) <= KEPT_CHARS:
        if len(answers) >= MOST_ANSWERS:
            answers.clear()
        answers[label] = m
    return m


@short_memo(KEPT_CHARS, maxsize=16384)
def _label_match(label: str, key: int) -> tuple[int, int] | None:
    text = _stripped(label)
    # a label numbered a level above or below a row of the format is not that row
    # (`numbered_above`, `numbered_below`): the levels are told once each, not asked for
    # every pair
    level = numbering_level(_numbering(label))
    levels = _SPEC_LEVELS[key]
    best: tuple[int, int] | None = None
    # (`_label_errors`'s bound checked once here, not for each wording)
    errors = _label_errors.kept if len(text) <= KEPT_CHARS else _label_errors
    for i, spec in enumerate(_SPEC_SETS[key]):
        if level and level + levels[i] == 5:
            continue
        for t in spec.texts:
            e = errors(text, t)
            if e is not None and (best is None or e < best[1]):
                best = (i, e)
    return best


def _join_split_rows(rows: list[GRow], specs: tuple[RowSpec, ...]) -> list[GRow]:
    """Join the halves of rows cut by a page break (or printed over two grid rows): the
    second half has a label fragment that names no row, or, across a page break, no
    label and the numbers the first half lacks."""
    answers = _answers(specs)
    out: list[GRow] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is None or row.header or prev.header or prev.label is None:
            out.append(row)
            continue
        if row.label is not None:
            text = row.label_text
            alone = answers.get(text, _UNSEEN)
            if alone is _UNSEEN:
                alone = _answer(answers, text, specs)
            if alone is not None and alone[1] <= 1:
                out.append(row)
                continue
            label_text = prev.label_text + text
            joined = answers.get(label_text, _UNSEEN)
            if joined is _UNSEEN:
                joined = _answer(answers, label_text, specs)
            if joined is None:
                out.append(row)
                continue
            before = answers.get(prev.label_text, _UNSEEN)
            if before is _UNSEEN:
                before = _answer(answers, prev.label_text, specs)
            if before is not None and before[1] <= joined[1]:
                out.append(row)
                continue
        elif (
            prev.pages and row.pages and max(prev.pages) < min(row.pages)
        ) and not prev.has_values:
            label_text = prev.label_text
        else:
            out.append(row)
            continue
        # the rows are shared by every reading of the document: join into a copy
        out[-1] = _with(prev, label_text=label_text, values=_merge_values(prev.values, row.values))
    return out


def _merge_values(a: list[GCell], b: list[GCell]) -> list[GCell]:
    """The values of a row's two halves, column by column: the printed one of each pair.
    Two printed halves of one cell are one cell holding both (a doubt, reported)."""
    if not any(c.kind != "blank" for c in a):
        return b
    if not any(c.kind != "blank" for c in b):
        return a
    by_col = {c.col: c for c in b}
    out = []
    for c in a:
        other = by_col.get(c.col)
        if other is None or other.kind == "blank":
            out.append(c)
        elif c.kind == "blank":
            out.append(other)
        else:
            # (the cell says what both halves print, as the problem quotes it)
            both = dataclasses.replace(c.cell, text=f"{c.text}\n{other.text}")
            out.append(
                GCell(both, "multi", c.chunks + other.chunks, c.block, c.table, None, c.grid)
            )
    return out


# ---------------------------------------------------------------------------------------
# Values of a row
# ---------------------------------------------------------------------------------------
Start = int | None | Callable[[], int | None]  # a column, or how to find it when needed


def _placed(values: list[GCell], n: int, start: Start) -> list[GCell] | str:
    """The `n` cells of a row's values among the cells right of its label, or why they
    cannot be told. Cells beside the values that are empty are padding: Markdown and text
    print a merged label once and leave the rest of its span empty. When empty cells at
    both ends let the values start at several cells, and these read differently, the one
    in column `start` (where the table's values start, when it shows that) is taken."""
    if len(values) == n:
        return values  # (most rows: as many cells as values, padding_offsets's [0])
    offsets = padding_offsets([c.kind == "blank" for c in values], n)
    if not offsets:
        vals = trim_blank_ends(values, n)
        shown = " ".join(c.text.replace("\n", "/") or "空" for c in vals)
        return f"本行应有{n}个数值，读到{len(vals)}个单元格（{shown}），无法确定各列，未取值"
    if len(offsets) > 1:
        start = start() if callable(start) else start
        at = [k for k in offsets if values[k].col == start]
        if len(at) == 1:
            offsets = at
        elif len({tuple(c.text for c in values[k : k + n]) for k in offsets}) > 1:
            shown = " ".join(c.text.replace("\n", "/") or "空" for c in values)
            return f"本行应有{n}个数值，读到{len(values)}个单元格（{shown}），{PADDING_DOUBT}"
    return values[offsets[0] : offsets[0] + n]


def _value_starts(rows: list[GRow], hits: list[GRow]) -> dict[int, set[int]]:
    """The columns a table shows its values to start in, by grid: where the values of
    each row that fits one place only start, and the column of the header cell naming
    the first value column (自然人, 本年制发件数 …)."""
    starts: dict[int, set[int]] = {}
    firsts: set[str] = set()
    grids = {c.grid for h in hits for c in h.values}
    for h in hits:
        if h.spec is None or not h.spec.columns:
            continue
        n = len(h.spec.columns)
        firsts.add(_clean(h.spec.columns[0].label))
        offsets = padding_offsets([c.kind == "blank" for c in h.values], n)
        if len(offsets) == 1 and len({c.grid for c in h.values}) == 1:
            first = h.values[offsets[0]]
            starts.setdefault(first.grid, set()).add(first.col)
    for r in rows:
        if r.header:
            for c in r.cells:
                if c.grid in grids and _clean(c.text) in firsts:
                    starts.setdefault(c.grid, set()).add(c.col)
    return starts


class _Starts:
    """`_value_starts` of a table, worked out when a row first needs it: most rows fit
    one place only."""

    def __init__(self, rows: list[GRow], hits: list[GRow]) -> None:
        self.rows, self.hits = rows, hits
        self.found: dict[int, set[int]] | None = None

    def of(self, values: list[GCell]) -> Callable[[], int | None]:
        def start() -> int | None:
            if self.found is None:
                self.found = _value_starts(self.rows, self.hits)
            return _start(self.found, values)

        return start


def _start(starts: dict[int, set[int]], values: list[GCell]) -> int | None:
    """The column a row's values start in, when its table shows one (and only one)."""
    grids = {c.grid for c in values}
    cols = starts.get(grids.pop(), set()) if len(grids) == 1 else set()
    return next(iter(cols)) if len(cols) == 1 else None


def _where(table: str, spec: RowSpec | None, origin: Origin | None) -> str:
    name = f"{TABLE_NAMES[table]} {spec.official}" if spec else TABLE_NAMES[table]
    place = _place(origin)
    return f"{name}（{place}）" if place else name


def _place(o: Origin | None) -> str:
    if o is None:
        return ""
    parts = []
    if o.page is not None:
        parts.append(f"第{o.page}页")
    if o.line is not None and o.page is None:
        parts.append(f"第{o.line}行")
    if o.table is not None and o.row is not None:
        parts.append(f"表格{o.table + 1}第{o.row + 1}行")
    return "".join(parts)


_BLANK = Chunk("blank", "", -1)  # an empty cell's value (stored, never changed: shared)
# each row's path of each column ("t3.results.granted" and "natural_person" →
# "t3.results.granted.natural_person"), made once: the format names a few hundred
_PATHS: dict[str, dict[str, str]] = {}


def read_row(
    res: TableResult,
    spec: RowSpec,
    values: list[GCell],
    label: GCell | None,
    start: Start = None,
) -> bool:
    """A row's cells into the result, or into problems when they do not fit its columns;
    returns whether they fit. `start`: the column the table's values start in, if known."""
    n = len(spec.columns)
    vals = _placed(values, n, start)
    if isinstance(vals, str):
        shown = trim_blank_ends(values, n)
        res.problems.append(
            Problem(
                where=_where(res.table, spec, label.origin if label else None),
                path=spec.key,
                message=vals,
                origin=label.origin if label else (shown[0].origin if shown else None),
            )
        )
        return False
    paths = _PATHS.get(spec.key)
    if paths is None:
        paths = _PATHS[spec.key] = {}
    for col, c in zip(spec.columns, vals, strict=True):
        path = paths.get(col.key)
        if path is None:
            path = paths[col.key] = f"{spec.key}.{col.key}"
        if c.kind == "multi":
            res.origins[path] = c.origin
            res.problems.append(
                Problem(
                    where=_where(res.table, spec, label.origin if label else None),
                    path=path,
                    message=f"单元格中印有多个数字（“{c.text.replace(chr(10), '/')}”），"
                    "无法确定其值，未取值",
                    origin=c.origin,
                )
            )
            continue
        if c.kind == "text":
            # words where a number stands (O or l for 0 or 1, 十二): a value was printed and
            # none can be given; the words that say "none" are placeholders, not text
            text = c.text.strip()
            shown = text if len(text) <= 20 else text[:20] + "…"
            doubt = f"单元格印有的不是数字：{shown}，未取数"
            store_chunk(
                res, path, col, Chunk("raw", text, -1, doubt=doubt), c.origin, spec.official
            )
            continue
        store_chunk(res, path, col, c.chunks[0] if c.chunks else _BLANK, c.origin, spec.official)
    return True


# ---------------------------------------------------------------------------------------
# The three tables
# ---------------------------------------------------------------------------------------
@dataclass
class Structured:
    """What the structure gave for each table, and the blocks each was read from."""

    tables: dict[str, TableResult] = field(default_factory=dict)
    blocks: dict[str, set[int]] = field(default_factory=dict)


def _matched(rows: list[GRow], specs: tuple[RowSpec, ...]) -> list[GRow]:
    """Rows whose label names a row of `specs`, each row of the format taken once: from
    the block that holds the most rows of the table (the table itself, not a stray table
    that happens to name 行政许可), then by the closest label, then the row that has
    values, then the first (see `_settle` for a row two copies print differently)."""
    rows = _join_split_rows([r for r in rows if r.header or r.label is not None or r.values], specs)
    answers = _answers(specs)
    every: dict[str, list[tuple[int, GRow]]] = {}  # each row of the format: (place, row)
    for k, row in enumerate(rows):
        if row.header or row.label is None:
            continue
        m = answers.get(row.label_text, _UNSEEN)
        if m is _UNSEEN:
            m = _answer(answers, row.label_text, specs)
        if m is None:
            continue
        # rows are shared by the readings of every edition and table: match a copy
        row = _hit(row, m[0], m[1])
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        if (
            nxt is not None
            and not row.has_values
            and not nxt.header
            and nxt.label is None
            and nxt.has_values
        ):
            row = _with(row, orphans_after=True)
        every.setdefault(m[0].key, []).append((k, row))
    if all(len(found) == 1 for found in every.values()):  # (nearly every report)
        return [row for _, row in sorted(f[0] for f in every.values())]
    per_block: dict[int, int] = {}
    for found in every.values():
        for b in {_copy(row) for _, row in found}:
            per_block[b] = per_block.get(b, 0) + 1
    chosen = []
    for found in every.values():
        ranked = sorted(
            found, key=lambda f: (-per_block[_copy(f[1])], f[1].errors, not f[1].has_values, f[0])
        )
        place, row = ranked[0]
        chosen.append((place, _settle(row, [r for _, r in ranked[1:]], per_block)))
    return [row for _, row in sorted(chosen, key=lambda f: f[0])]


def _copy(row: GRow) -> int:
    """The table a row stands in: its block, or the first of the one-row blocks a text
    file's lines of cells make one table of."""
    return row.cells[0].grid if row.cells else row.block


def _settle(row: GRow, others: list[GRow], per_block: dict[int, int]) -> GRow:
    """`row`, given the first row of another copy of its table that prints other values
    for it (`GRow.rival`). Two copies of a table with different numbers (a copy hidden
    by a style sheet ogi does not see, a corrected table printed after the first, a
    mobile and a desktop version of a page) leave no way to tell the report's values:
    the row is then withheld with both, rather than one taken silently. So is a row
    printed twice in one table with other values (a leftover row, or last year's table
    run into this year's), where both labels are the statutory one exactly."""
    here = _copy(row)
    if not row.has_values or per_block[here] < COPY_ROWS:
        return row
    mine = _value_texts(row)
    rival = next(
        (
            o
            for o in others
            if o.has_values
            and (
                (_copy(o) != here and per_block[_copy(o)] >= COPY_ROWS)
                or (_copy(o) == here and o.errors == 0 and row.errors == 0)
            )
            and _value_texts(o) != mine
        ),
        None,
    )
    return _with(row, rival=rival) if rival is not None else row


def _value_texts(row: GRow) -> tuple[str, ...]:
    """A row's values as printed, spaces aside, without blank cells at the end."""
    texts = ["".join(c.text.split()) for c in row.values]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _two_copies(what: str, row: GRow, other: GRow) -> str:
    """The problem of a row that two copies of its table print differently (`_settle`)."""
    return two_copies(what, _value_texts(row), _value_texts(other))


def _rivals(res: TableResult, row: GRow) -> bool:
    """Say, and return, that `row` has a rival (see `_settle`)."""
    if row.rival is None or row.spec is None:
        return False
    res.problems.append(
        Problem(
            where=_where(res.table, row.spec, row.label.origin if row.label else None),
            path=row.spec.key,
            message=_two_copies("本行", row, row.rival),
            origin=row.label.origin if row.label else None,
        )
    )
    return True


def read_t3(rows: list[GRow], year_edition: str | None) -> tuple[TableResult, set[int]] | None:
    results: list[tuple[tuple[float, int], bool, Edition, list[GRow]]] = []
    # The edition that reads the table best is taken: the most of its own rows found,
    # then the most rows, then the year's edition. The year's is tried first, and an
    # edition that could not come before the best so far even if it found every row
    # is not tried (the 2019 edition, after the 2021 one has found all of its rows).
    for ed in sorted(editions().values(), key=lambda e: e.name != year_edition):
        data, own = _t3_data_keys(ed.name)
        best = (1.0 if own else 0.0, len(data))
        if results and max((r[0], r[1]) for r in results) >= (best, ed.name == year_edition):
            continue
        hits = _matched(rows, t3_specs(ed.name))
        found = {h.spec.key for h in hits if h.spec}
        if not any(k in found for k in data):
            continue
        score = (sum(k in found for k in own) / max(len(own), 1), sum(k in found for k in data))
        results.append((score, ed.name == year_edition, ed, hits))
    if not results:
        return None
    results.sort(key=lambda r: (r[0], r[1]), reverse=True)
    _, _, ed, hits = results[0]
    if len([h for h in hits if h.spec and not h.spec.group]) < 3:
        return None  # a few labels in a table of something else
    res = TableResult("t3", ed.name)
    printed = _printed_leaves(rows, hits, ed)
    if printed is not None:
        printed_as = {s.key: s for s in t3_in_columns(ed.name, printed)}
        hits = [_with(h, spec=printed_as[h.spec.key]) if h.spec else h for h in hits]
        lost = [c.label for c in ed.t3_columns if clean(c.label) not in printed]
        if lost:
            res.problems.append(
                Problem(
                    where=TABLE_NAMES["t3"],
                    path="t3",
                    message=f"表头没有印出“{'、'.join(lost)}”一栏，各行该栏未取值",
                )
            )
    starts = _Starts(rows, hits)
    for h in hits:
        assert h.spec is not None
        res.labels[h.spec.key] = ORDINAL.sub("", h.label_text)
        if h.spec.group:
            if h.has_values:
                res.problems.append(
                    Problem(
                        where=_where("t3", h.spec, h.label.origin if h.label else None),
                        path=h.spec.key,
                        message="合计行（分组行）印有数字，已忽略",
                    )
                )
            continue
        res.rows_found += 1
        if h.orphans_after:
            _orphans(res, h)
            continue
        if _rivals(res, h):
            continue
        read_row(res, h.spec, h.values, h.label, starts.of(h.values))
    read = {h.spec.key for h in hits if h.spec}
    missing = [s.official for s in t3_specs(ed.name) if not s.group and s.key not in read]
    if missing:
        res.problems.append(unfound("t3", missing))
    if printed is None:
        _in_printed_order(res, rows, hits)
    return res, {h.block for h in hits}


@cache
def _t3_data_keys(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of edition `name`'s rows of table 三 that hold values, and those of them
    no other edition has (the same for every report: worked out once)."""
    data = tuple(s.key for s in t3_specs(name) if not s.group)
    others = {f"t3.{r.path}" for o in editions().values() if o.name != name for r in o.t3_data_rows}
    return data, tuple(k for k in data if k not in others)


def _printed_leaves(rows: list[GRow], hits: list[GRow], ed: Edition) -> tuple[str, ...] | None:
    """The order table 三's header prints its columns in (自然人, 商业企业 … 其他, 总计: the
    clean headings over the values) when it is not the format's and the header tells it
    for sure: by the column each heading stands over, each printed once over one column
    of its own in the header of every grid of the table that prints one. A header
    without one of the format's headings gives the six it prints, where the table's
    numbers all stand under them (`_holds_all_values`). None otherwise (the format's
    order, or not told: `_in_printed_order` looks at the header then)."""
    own = tuple(clean(c.label) for c in ed.t3_columns)
    grids = {c.grid for h in hits for c in h.values}
    orders: set[tuple[str, ...]] = set()
    for grid in grids:
        at: dict[str, list[int]] = {}
        for r in rows:
            if r.header and r.cells and r.cells[0].grid == grid:
                for c, text in _headings(r):
                    if text in own:
                        if c.cell.colspan > 1:
                            return None  # one column's heading over several: not told
                        at.setdefault(text, []).append(c.col)
        if not at:
            continue
        cols = [v[0] for v in at.values() if len(v) == 1]
        if len(set(cols)) != len(at):
            return None  # a heading printed twice, or two over one column
        if len(at) != len(own) and not (
            len(at) == len(own) - 1 and _holds_all_values(set(cols), hits, grid)
        ):
            return None
        orders.add(tuple(sorted(at, key=lambda t: at[t][0])))
    if len(orders) != 1:
        return None
    order = orders.pop()
    return None if order == own else order


def _holds_all_values(cols: set[int], hits: list[GRow], grid: int) -> bool:
    """Whether the columns under the headings a header prints are side by side and
    every number of the table's rows in `grid` stands in one of them: a table printed
    without one of the format's columns (总计 left out), not one whose heading for it is
    worded otherwise (合计 for 总计) or misprinted, whose numbers stand beside the
    headings known."""
    low, high = min(cols), max(cols)
    if high - low + 1 != len(cols):
        return False
    return all(
        c.kind == "blank" or low <= c.col <= high for h in hits for c in h.values if c.grid == grid
    )


def read_t2(
    rows: list[GRow], year_edition: str | None, avoid: set[int]
) -> tuple[TableResult, set[int]] | None:
    candidates = [r for r in rows if r.block not in avoid]
    hits = [r for r in _matched(candidates, _all_t2_specs()) if r.spec]
    if len(hits) < 2:
        return None
    blocks = {h.block for h in hits}
    text = "".join(_clean(c.text) for r in rows if r.block in blocks for c in r.cells)
    ed = pick_t2_edition(text, year_edition)
    specs = t2_specs(ed.name)
    hits = [r for r in _matched(candidates, specs) if r.spec]
    if not hits:
        return None
    res = TableResult("t2", ed.name)
    heads = _BlockHeads(rows)
    hits = _in_printed_columns(res, rows, candidates, hits, heads)
    hits, told = _t2_in_printed_order(hits, heads)
    starts = _Starts(rows, hits)
    for h in hits:
        assert h.spec is not None
        res.labels[h.spec.key] = ORDINAL.sub("", h.label_text)
        res.rows_found += 1
        if h.orphans_after:
            _orphans(res, h)
            continue
        if _rivals(res, h):
            continue
        read_row(res, h.spec, h.values, h.label, starts.of(h.values))
    _in_printed_order(res, rows, hits, told)
    return res, {h.block for h in hits}


class _BlockHeads:
    """The header row above each row of table 二 in its block (信息内容 and the block's
    column names), or None where none is printed before the block's label; found when
    a row first asks, from where the row stands (one pass down the rows)."""

    def __init__(self, rows: list[GRow]) -> None:
        self.rows = rows
        self.place: dict[tuple[int, int], int] = {}
        for k, r in enumerate(rows):
            self.place.setdefault((r.block, r.row), k)
        self.found: dict[tuple[int, int], GRow | None] = {}

    def of(self, row: GRow) -> GRow | None:
        key = (row.block, row.row)
        if key not in self.found:
            self.found[key] = self._walk(row, self.place.get(key))
        return self.found[key]

    def _walk(self, row: GRow, at: int | None) -> GRow | None:
        if at is None:
            return None
        for k in range(at - 1, -1, -1):
            r = self.rows[k]
            if r.table != row.table:
                break
            if r.header:
                return r
            text = _row_text(r)  # (once, not once for each block's label)
            if any(b in text for b in t2_block_labels()):
                break
        return None

    def text(self, row: GRow) -> str:
        """Clean text of the header row above `row`, or ""."""
        head = self.of(row)
        return "" if head is None else _row_text(head)


def _row_text(row: GRow) -> str:
    """The clean text of a row's cells, run together."""
    return "".join(_clean(c.text) for c in row.cells)


def _t2_in_printed_order(
    hits: list[GRow], heads: _BlockHeads
) -> tuple[list[GRow], set[tuple[int, int]]]:
    """Rows of table 二 whose block's header prints the block's columns in another order
    than the format's (现行有效件数 first), read in the columns printed where the header
    tells them for sure: every row of the block under a header row that names each of
    its columns once, over a column of its own, all in one order. Returns the rows and
    the header rows so read, by block and row (`_in_printed_order` passes over them); a
    block whose header does not tell is left in the format's order, and withheld there."""
    by_block: dict[str, list[tuple[GRow, GRow | None]]] = {}
    for h in hits:
        assert h.spec is not None
        by_block.setdefault(h.spec.key.split(".")[1], []).append((h, heads.of(h)))
    moved: dict[int, RowSpec] = {}
    told: set[tuple[int, int]] = set()
    for found in by_block.values():
        specs = [h.spec for h, _ in found if h.spec is not None]
        columns = specs[0].columns
        if any(head is None for _, head in found) or any(s.columns != columns for s in specs):
            continue
        # (the rows of a block share its header row: each header asked once)
        heads_of = {id(head): head for _, head in found if head is not None}
        orders = {_printed_order(head, columns) for head in heads_of.values()}
        order = orders.pop() if len(orders) == 1 else None
        if order is None or list(order) == columns:
            continue
        for h, head in found:
            assert h.spec is not None and head is not None
            spec = h.spec
            moved[id(h)] = RowSpec(spec.key, spec.texts, spec.ordinal, spec.official, list(order))
            told.add((head.block, head.row))
    hits = [_with(h, spec=moved[id(h)]) if id(h) in moved else h for h in hits]
    return hits, told


def _printed_order(head: GRow, columns: list[Column]) -> tuple[Column, ...] | None:
    """`columns` in the order a header row prints their headings (clean labels), when it
    prints each once over a column of its own; None otherwise."""
    by_label = {clean(c.label): c for c in columns}
    at: dict[str, list[int]] = {}
    for c, text in _headings(head):
        if text in by_label:
            at.setdefault(text, []).append(c.col)
    cols = {v[0] for v in at.values() if len(v) == 1}
    if len(at) != len(by_label) or len(cols) != len(at):
        return None
    return tuple(by_label[t] for t in sorted(at, key=lambda t: at[t][0]))


def _in_printed_columns(
    res: TableResult,
    rows: list[GRow],
    candidates: list[GRow],
    hits: list[GRow],
    heads: _BlockHeads,
) -> list[GRow]:
    """Rows of a block of table 二 printed in another edition's columns, read with those
    columns, and the rows only that edition has in the block (`PrintedColumns`)."""
    columns = PrintedColumns(res)
    out = []
    for h in hits:
        assert h.spec is not None
        other = columns.spec(h.spec, heads.text(h))
        out.append(h if other is None else _with(h, spec=other))
    have = {h.spec.key for h in out if h.spec}
    for name in columns.editions():
        for r in _matched(candidates, t2_specs(name)):
            if r.spec is not None and columns.only_theirs(name, r.spec, have):
                out.append(r)
    if len(out) == len(hits):
        return out  # (the hits stand in the rows' order: nothing to place among them)
    place = {(r.block, r.row): k for k, r in enumerate(rows)}
    return sorted(out, key=lambda r: place.get((r.block, r.row), len(rows)))


def _orphans(res: TableResult, row: GRow) -> None:
    assert row.spec is not None
    res.problems.append(
        Problem(
            where=_where(res.table, row.spec, row.label.origin if row.label else None),
            path=row.spec.key,
            message="本行没有数值，下一行是没有标签的一行数值，无法确定它们是否属于本行，未取值",
            origin=row.label.origin if row.label else None,
        )
    )


@cache
def _all_t2_specs() -> tuple[RowSpec, ...]:
    return tuple(s for name in editions() for s in t2_specs(name))


def _t4_header(row: GRow) -> bool:
    cells = [c for c in row.cells if c.kind == "text"]
    if len(cells) < 2:
        return False  # (the rows of the other tables: a label, then values)
    review, litigation, _ = t4_labels()
    texts = {_clean(c.text) for c in cells}
    return review in texts and litigation in texts


def read_t4(
    rows: list[GRow], year_edition: str | None, doc: Document
) -> tuple[TableResult, set[int]] | None:
    ed = editions()[year_edition or "2021"]
    at = next((i for i, r in enumerate(rows) if _t4_header(r)), None)
    if at is None:
        return _t4_in_parts(rows, ed, doc)
    head = rows[at]
    value_row = _t4_value_row(rows, at, doc)
    if value_row is not None and all(c.kind == "blank" for c in value_row.values):
        # a row with nothing printed in it (a wrapped line's leftover) above the numbers
        value_row = _t4_numbers_after(rows, value_row, doc) or value_row
    res = TableResult("t4", None)
    if value_row is not None and _t4_rival(rows, at, value_row, doc, res):
        return res, {head.block, value_row.block}
    if value_row is not None and (
        (second := _t4_second_row(rows, value_row, doc)) is not None
        or (second := _t4_numbers_below(rows, value_row, doc)) is not None
    ):
        # two rows of values under one header (last year's and this year's, or a row
        # typed twice): which one is the report's the table does not say
        shown = [shown_values(_value_texts(r)) for r in (value_row, second)]
        res.problems.append(
            Problem(
                where="表四",
                path="t4",
                message=f"表头下有两行数值（{shown[0]}；{shown[1]}），"
                "无法确定哪一行是本年度的数值，未取值",
                origin=head.cells[0].origin,
            )
        )
        res.settled = True
        return res, {head.block, value_row.block, second.block}
    spec = RowSpec("t4", [], "", "行政复议、行政诉讼", list(ed.t4_columns))
    blocks = {head.block}
    if value_row is None:
        res.problems.append(
            Problem(
                where="表四", path="t4", message="表头之后没有数值行", origin=head.cells[0].origin
            )
        )
        return res, blocks
    blocks.add(value_row.block)
    # the values start under the header's 行政复议, when the row stands in its table
    review = t4_labels()[0]
    starts = {c.grid: {c.col} for c in head.cells if _clean(c.text) == review}
    heads = rows[at : _at(rows, value_row)]  # (the header's rows, down to the values)
    printed = _t4_printed_columns(heads, ed)
    if printed is not None:
        spec.columns = [col for col, _ in printed]
        starts = {c.grid: {printed[0][1]} for c in head.cells[:1]}
    start = _start(starts, value_row.values)
    res.rows_found = 1 if read_row(res, spec, value_row.values, None, start) else 0
    if printed is not None:
        return res, blocks
    _in_printed_order(res, rows, [value_row])
    group = None if res.settled else _t4_group_otherwise(heads, ed)
    if group is not None:
        # (the rows' order held where each heading is first printed: a later group's did not)
        name, run = group
        drop(res, list(res.cells))
        res.problems = [
            Problem(
                where="表四",
                path="t4",
                message=f"表头“{name}”下各列的次序与法定格式不同（{'、'.join(run)}），"
                "无法确定各数值所在的列，未取值",
                origin=head.cells[0].origin,
            )
        ]
        res.settled = True
    return res, blocks


def _t4_printed_columns(heads: list[GRow], ed: Edition) -> tuple[tuple[Column, int], ...] | None:
    """Table 四's columns, each with the column it stands in, in the order its header
    (`heads`, the rows from 行政复议 / 行政诉讼 down to the values) prints them, when that
    is not the format's and the header tells it for sure: each heading of a group (the
    two groups, the two kinds of suit, a group's five outcomes) printed once in one row,
    over a column of its own, within the columns its group's heading spans in a row
    above (its merged cell, or in Markdown up to the next heading of its row). None
    otherwise (`_in_printed_order` looks at the header then)."""
    # (what the walk asks of each heading: its row, column, span and clean text)
    cells = tuple(
        (i, c.col, c.cell.colspan, text) for i, r in enumerate(heads) for c, text in _headings(r)
    )
    return _t4_columns(cells, ed.name)


Heading = tuple[int, int, int, str]  # a header cell's row, column, span and clean text


def _headings_length(cells: tuple[Heading, ...], edition: str) -> int:
    return sum(len(t) for *_, t in cells)


# (reports print the same few headers: the answer is kept, for a header not long)
@short_memo(4 * KEPT_CHARS, maxsize=1024, size=_headings_length)
def _t4_columns(cells: tuple[Heading, ...], edition: str) -> tuple[tuple[Column, int], ...] | None:
    """`_t4_printed_columns` of a header's cells (`Heading`)."""
    ed = editions()[edition]
    leaves: dict[str, int] = {}

    def walk(nodes: list[dict[str, Any]], lo: float, hi: float, below: int, path: str) -> bool:
        """Place the headings of `nodes` (siblings of the format) printed in rows from
        `below` on and in columns `lo` to `hi`, and what is under them."""
        labels = {clean(n["label"]): n for n in nodes}
        at: dict[str, list[tuple[int, int, int]]] = {}
        for i, col, span, text in cells:
            if i >= below and lo <= col < hi and text in labels:
                at.setdefault(text, []).append((i, col, span))
        if len(at) != len(labels) or any(len(v) != 1 for v in at.values()):
            return False
        placed = sorted(((t, *v[0]) for t, v in at.items()), key=lambda t: t[2])
        if len({p[1] for p in placed}) != 1 or len({p[2] for p in placed}) != len(placed):
            return False
        for k, (text, i, col, span) in enumerate(placed):
            node = labels[text]
            key = f"{path}{node['key']}"
            if not node.get("children"):
                leaves[key] = col
                continue
            # a merged cell spans its columns; Markdown prints it once, then empty cells
            after = placed[k + 1][2] if k + 1 < len(placed) else hi
            end = col + span if span > 1 else after
            if not walk(node["children"], col, end, i + 1, key + "."):
                return False
        return True

    if not walk(ed.raw["tables"]["t4"]["columns"], 0, float("inf"), 0, ""):
        return None
    by_key = {col.key: col for col in ed.t4_columns}
    if set(leaves) != set(by_key):
        return None
    printed = sorted(((by_key[k], at) for k, at in leaves.items()), key=lambda p: p[1])
    return None if [col for col, _ in printed] == list(ed.t4_columns) else tuple(printed)


def _t4_group_otherwise(heads: list[GRow], ed: Edition) -> tuple[str, list[str]] | None:
    """A group of table 四's outcomes its header (`heads`) prints otherwise than the
    format (an outcome twice, 总计 left out), taken in the order of the columns the
    headings stand in, whatever their row (`t4_group_out_of_order`); None when it does
    not. A header row checked on its own sees each heading where it is first printed:
    结果维持 twice in place of 总计 under 未经复议直接起诉 leaves the row's first
    printings in the format's order."""
    # (a heading merged down over two header rows, repeated in each row's cell as some
    # converters write it, is one heading: the same text in the same column once)
    outcomes = dict.fromkeys(
        (c.col, text) for r in heads for c, text in _headings(r) if c.cell.colspan <= 1
    )
    texts = [t for _, t in sorted(outcomes, key=lambda ct: ct[0])]
    return t4_group_out_of_order(texts, ed.name)


def _t4_value_row(rows: list[GRow], at: int, doc: Document) -> GRow | None:
    """The row of values under table 四's header at `at` (a header printed over several
    one-row tables, as a text file's lines of cells are, goes on from block to block)."""
    last = rows[at].block
    for r in rows[at + 1 :]:
        if r.block != last and not _adjacent(doc, last, r.block):
            return None
        last = r.block
        if r.header:
            continue
        if r.label is not None and r.label.kind == "text" and not r.has_values:
            return None  # a row of something else
        return r
    return None


def _in_printed_order(
    res: TableResult,
    rows: list[GRow],
    hits: list[GRow],
    told: set[tuple[int, int]] | None = None,
) -> None:
    """Withhold a table whose header prints the format's columns in another order (总计
    first, the kinds of 法人 shuffled): its values are placed by the format's order,
    which would put every number under another heading. The reading is final. Header
    rows in `told` (block, row) are passed over: their columns were read as printed."""
    grids = {c.grid for h in hits for c in h.values}
    for r in rows:
        if not (r.header and r.cells and r.cells[0].grid in grids):
            continue
        if (r.block, r.row) in (told or ()):
            continue
        texts = [text for _, text in _headings(r)]
        if not out_of_order(texts, header_orders(res.table, res.edition or "2021")):
            continue
        drop(res, list(res.cells))
        where = TABLE_NAMES[res.table]
        res.problems = [
            Problem(
                where=where,
                path=res.table,
                message=f"表头各列的次序与法定格式不同（{'、'.join(texts)}），"
                "无法确定各数值所在的列，未取值",
                origin=r.cells[0].origin,
            )
        ]
        res.settled = True
        return


def _at(rows: list[GRow], row: GRow) -> int:
    """Where `row` stands in `rows` (by identity: `list.index` compares every field of
    every row before it)."""
    return list(map(operator.is_, rows, repeat(row))).index(True)


def _t4_second_row(rows: list[GRow], value_row: GRow, doc: Document) -> GRow | None:
    """The row right after table 四's row of values when it is one more row of values,
    of other numbers."""
    k = _at(rows, value_row) + 1
    if k >= len(rows):
        return None
    nxt = rows[k]
    if nxt.block != value_row.block and not _adjacent(doc, value_row.block, nxt.block):
        return None
    if nxt.header or not nxt.has_values or _t4_header(nxt):
        return None
    if nxt.label is not None and nxt.label.kind == "text" and not _DIGIT.search(nxt.label.text):
        return None  # a labelled row of something else (a row labelled 2023年 is a year's)
    mine, other = _value_texts(value_row), _value_texts(nxt)
    if sum(bool(t) for t in other) < 3 or other == mine:
        return None
    return nxt


def _t4_numbers_below(rows: list[GRow], value_row: GRow, doc: Document) -> GRow | None:
    """A row of numbers further down table 四's header when the row taken for its values
    holds none but dashes (a rule typed under the header's first row, or a row left
    blank above the one filled in): which one is the report's is not told."""
    kinds = {c.kind for c in value_row.values}
    if "num" in kinds or "raw" not in kinds:
        return None
    return _t4_numbers_after(rows, value_row, doc)


def _t4_numbers_after(rows: list[GRow], row: GRow, doc: Document) -> GRow | None:
    """The next row with a number after `row`, header rows passed over, in its table or
    one right after it; None where another row or table comes first."""
    last = row.block
    for r in rows[_at(rows, row) + 1 :]:
        if (r.block != last and not _adjacent(doc, last, r.block)) or _t4_header(r):
            return None
        last = r.block
        if r.header:
            continue
        return r if any(c.kind == "num" for c in r.values) else None
    return None


def _t4_rival(rows: list[GRow], at: int, value_row: GRow, doc: Document, res: TableResult) -> bool:
    """Whether table 四 is printed again further on with other numbers (see
    `_settle`): then neither copy's numbers are taken, the problem quotes both, and the
    reading is final."""
    mine = _value_texts(value_row)
    for k in range(at + 1, len(rows)):
        r = rows[k]
        if r.block in (rows[at].block, value_row.block) or not _t4_header(r):
            continue
        other = _t4_value_row(rows, k, doc)
        if other is None or not other.has_values or _value_texts(other) == mine:
            continue
        res.problems.append(
            Problem(
                where="表四",
                path="t4",
                message=_two_copies("表四", value_row, other),
                origin=rows[at].cells[0].origin,
            )
        )
        res.settled = True
        return True
    return False


def _t4_in_parts(
    rows: list[GRow], ed: Edition, doc: Document
) -> tuple[TableResult, set[int]] | None:
    """Table 四 printed as three small tables, one per group of five outcomes, each under
    a caption naming its group (行政复议 / …未经复议直接起诉 / …复议后起诉), as converters
    print it. Each value is placed by its own column heading."""
    outcomes = {clean(c["label"]): c["key"] for c in ed.raw["tables"]["t4"]["outcome_columns"]}
    groups = _t4_groups(ed)
    parts: dict[str, tuple[GRow, GRow]] = {}
    for i, head in enumerate(rows[:-1]):
        if not head.header:
            continue
        names = [_clean(c.text) for c in head.cells]
        value = rows[i + 1]
        if (
            not head.header
            or value.block != head.block
            or value.header
            or not set(names) <= set(outcomes)
            or len(names) != len(value.cells)
        ):
            continue
        caption = _caption(doc, head.block)
        group = next((g for g, words in groups if all(w in caption for w in words)), None)
        if group is None or group in parts:
            return None
        parts[group] = (head, value)
    if len(parts) != len(groups):
        return None
    res = TableResult("t4", None, rows_found=1)
    for group, (head, value) in parts.items():
        for h, c in zip(head.cells, value.cells, strict=True):
            key = f"{group}.{outcomes[_clean(h.text)]}"
            col = next(col for col in ed.t4_columns if col.key == key)
            if c.kind in ("multi", "text"):
                res.problems.append(
                    Problem(
                        where="表四",
                        path=f"t4.{key}",
                        message=f"单元格内容无法读作数值（“{c.text}”），未取值",
                        origin=c.origin,
                    )
                )
                continue
            store_chunk(res, f"t4.{key}", col, c.chunks[0] if c.chunks else _BLANK, c.origin)
    return res, {h.block for h, _ in parts.values()}


def _t4_groups(ed: Edition) -> list[tuple[str, tuple[str, ...]]]:
    """Each group of table 四 and the words its caption holds: 行政复议; 行政诉讼 and
    未经复议直接起诉; 行政诉讼 and 复议后起诉 (the most specific group first)."""
    out: list[tuple[str, tuple[str, ...]]] = []

    def walk(cols: list[dict], path: list[str], words: list[str]) -> None:
        for c in cols:
            kids = c.get("children") or []
            if kids and all(not k.get("children") for k in kids):
                out.append((".".join([*path, c["key"]]), (*words, clean(c["label"]))))
            elif kids:
                walk(kids, [*path, c["key"]], [*words, clean(c["label"])])

    walk(ed.raw["tables"]["t4"]["columns"], [], [])
    return sorted(out, key=lambda g: -len(g[1]))


def _caption(doc: Document, block: int) -> str:
    """The short text right above a table block."""
    for b in reversed(doc.blocks[:block]):
        if b.kind == "table":
            return ""
        if b.text.strip():
            return clean(b.text)[-40:]
    return ""


def _adjacent(doc: Document, a: int, b: int) -> bool:
    """Whether only short lines (a caption, a unit note, a page header) separate two
    table blocks, so a table continued in the second is still the same table."""
    for blk in doc.blocks[a + 1 : b]:
        if blk.kind == "table" or len(clean(blk.text)) > 30 or _SENTENCE_STOP.search(blk.text):
            return False
    return True


def read_structured(doc: Document, year_edition: str | None) -> Structured:
    out = Structured()
    if not any(b.kind == "table" for b in doc.blocks):
        return out
    rows = grid_rows(doc)
    t3 = read_t3(rows, year_edition)
    if t3:
        out.tables["t3"], out.blocks["t3"] = t3
    t2 = read_t2(rows, year_edition, set())
    if t2:
        out.tables["t2"], out.blocks["t2"] = t2
    t4 = read_t4(rows, year_edition, doc)
    if t4:
        out.tables["t4"], out.blocks["t4"] = t4
    return out


def complete(res: TableResult) -> bool:
    """Whether a table was read whole: every row found and every value sure."""
    if res.unsure():
        return False
    if res.table == "t4":
        return res.rows_found == 1
    ed = editions()[res.edition or "2021"]
    if res.table == "t3":
        return res.rows_found == len(ed.t3_data_rows)
    return res.rows_found == sum(len(b.rows) for b in ed.t2_blocks)
