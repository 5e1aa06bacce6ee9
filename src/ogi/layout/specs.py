"""What the layout step looks for in a table, from the format data, and what it hands
on: row specifications (labels and columns of every statutory row), the printed text
that is header rather than value, and one table's result with where each cell was
printed."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Protocol, TypeVar

from ogi import limits, patterns
from ogi.format import YUAN_PER_UNIT, Column, Edition, editions, observed_variants
from ogi.layout import digits
from ogi.layout.match import find
from ogi.layout.values import Chunk
from ogi.memo import short_memo
from ogi.model import Origin, Problem, RawCell
from ogi.normalize import clean

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


UNFOUND = "未找到以下行："  # how the problem naming a table's rows not found begins


def unfound(table: str, rows: Sequence[str]) -> Problem:
    """The problem naming the rows of a table that its reading did not find."""
    return Problem(where=TABLE_NAMES[table], message=UNFOUND + "、".join(rows))


def shown_values(values: Sequence[object]) -> str:
    """A row's values as a problem quotes them: 10｜1｜空."""
    return "｜".join(str(v) if v not in (None, "") else "空" for v in values)


def two_copies(what: str, first: Sequence[object], second: Sequence[object]) -> str:
    """The problem of a row or table that two copies print with other values."""
    return (
        f"{what}在文中出现两次，数值不同（{shown_values(first)}；{shown_values(second)}），"
        "无法确定哪一处是报告的数值，未取值"
    )


# A block with this many rows of a table is a copy of that table, not a stray row (an
# extra table in the text that happens to name 行政许可).
COPY_ROWS = 3


@dataclass
class RowSpec:
    key: str  # e.g. t3.results.granted, t2.art20_1.rules
    texts: list[str]  # clean label alternatives, ordinal removed
    ordinal: str  # ordinal as in the format, e.g. "1." / "（一）" / "一、"
    official: str  # official label text
    columns: list[Column]
    group: bool = False


@dataclass
class TableResult:
    table: str
    edition: str | None
    cells: dict[str, int | float | None] = field(default_factory=dict)
    raw: list[RawCell] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    extra_rows: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    # cells read from the token stream: path → (token, text shown), made into origins
    # once the table is chosen (`Stream.resolve`)
    pending: dict[str, tuple[int, str | None, tuple[int, int] | None]] = field(default_factory=dict)
    start: int = 0  # clean span the table occupies in the document's stream
    end: int = 0
    rows_found: int = 0  # statutory data rows found, for choosing between readings
    # values the reader was unsure of: path → (why, where, weak), kept only where the
    # table's own sums vouch for them (`ogi.layout.verify.check_unsure`)
    vouch: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    # the reading is final though values are missing: two copies of the table disagree,
    # and no other reading may take one of them instead
    settled: bool = False

    def unsure(self) -> int:
        """How many problems say a value was not emitted or a row not found."""
        return sum(1 for p in self.problems if p.path or "未找到" in p.message)


# ---------------------------------------------------------------------------------------
# Row specifications from the format data
# ---------------------------------------------------------------------------------------
def _variants() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in observed_variants():
        if v.get("official") and v.get("seen"):
            out.setdefault(clean(v["official"]), []).append(clean(v["seen"]))
    return out


def core(text: str) -> str:
    """Label text without a trailing explanatory note in brackets."""
    c = clean(text)
    if c.endswith(")") and "(" in c:
        head = c[: c.index("(")]
        if len(head) >= 2:
            return head
    return c


@cache
def t2_specs(name: str) -> tuple[RowSpec, ...]:
    ed = editions()[name]
    other = [e for e in editions().values() if e.name != ed.name]
    var = _variants()
    out = []
    for b in ed.t2_blocks:
        for r in b.rows:
            texts = [clean(r.text)]
            for e in other:
                o = e.row("t2", r.path)
                if o and clean(o.text) not in texts:
                    texts.append(clean(o.text))
            texts += var.get(clean(r.text), [])
            out.append(RowSpec(f"t2.{r.path}", texts, "", r.label, list(b.columns)))
    return tuple(out)


# Clean characters a label's first clause needs to stand for the whole label.
MIN_CLAUSE = 10


@cache
def t3_specs(name: str) -> tuple[RowSpec, ...]:
    ed = editions()[name]
    var = _variants()
    out = []
    for r in ed.t3_rows:
        texts = [core(r.text)]
        texts += [core(v) for v in var.get(clean(r.text), [])]
        # a wording of two clauses printed with its first only (2021's
        # 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 as
        # 1.申请人无正当理由逾期不补正): the first clause is long enough to name the row
        first = texts[0].split("、")[0]
        if first != texts[0] and len(first) >= MIN_CLAUSE:
            texts.append(first)
        cols = [] if r.group else list(ed.t3_columns)
        out.append(RowSpec(f"t3.{r.path}", texts, r.ordinal, r.label, cols, r.group))
    return tuple(out)


@cache
def row_texts(table: str) -> tuple[tuple[str, str, str], ...]:
    """(key, clean ordinal, clean text) of every row of table 二 or 三, in every edition and
    every wording its specification knows."""
    out: set[tuple[str, str, str]] = set()
    for name in editions():
        specs = t2_specs(name) if table == "t2" else t3_specs(name)
        out.update((s.key, clean(s.ordinal), t) for s in specs for t in s.texts)
    return tuple(sorted(out))


@cache
def noise() -> tuple[str, ...]:
    """Printed text inside tables that is not a value: headers and notes."""
    phrases: set[str] = set()
    for e in editions().values():
        t = e.raw["tables"]
        phrases.add(clean(t["t3"]["corner_note"]))
        phrases.update({clean(t["t3"]["column_header"]), clean(t["t2"]["row_label_header"])})
        for b in e.t2_blocks:
            phrases.add(clean(b.label))
            phrases.update(clean(c.label) for c in b.columns)
        for c in e.t3_columns:
            phrases.add(clean(c.label))
        phrases.update(clean(c["label"]) for c in t["t3"]["columns"])
        for c in e.raw["tables"]["t4"]["outcome_columns"]:
            phrases.add(clean(c["label"]))
        for s in e.sections:
            phrases.add(clean(s.title))
    return tuple(sorted((p for p in phrases if len(p) >= 2), key=len, reverse=True))


@cache
def header_words() -> frozenset[str]:
    """Clean texts of every header cell of the three tables (column labels, block labels,
    notes), including the one-character-wide ones such as 其他."""
    words: set[str] = set(noise())
    for e in editions().values():
        t = e.raw["tables"]
        words.update(clean(c.label) for c in e.t3_columns)
        words.add(clean(t["t3"]["column_header"]))

        def walk(cols: list[dict]) -> None:
            for c in cols:
                words.add(clean(c["label"]))
                walk(c.get("children") or [])

        walk(t["t4"]["columns"])
        walk(t["t3"]["columns"])
    return frozenset(words)


@cache
def table_header_words(table: str) -> frozenset[str]:
    """Clean texts of the cells a table prints above its rows, in every edition: table
    二's block labels, 信息内容 and column names; table 三's note, 申请人情况 and column
    names; table 四's column names."""
    words: set[str] = set()

    def walk(cols: list[dict]) -> None:
        for c in cols:
            words.add(clean(c["label"]))
            walk(c.get("children") or [])

    for e in editions().values():
        t = e.raw["tables"]
        if table == "t2":
            words.add(clean(t["t2"]["row_label_header"]))
            for b in e.t2_blocks:
                words.add(clean(b.label))
                words.update(clean(c.label) for c in b.columns)
        elif table == "t3":
            words.update({clean(t["t3"]["corner_note"]), clean(t["t3"]["column_header"])})
            walk(t["t3"]["columns"])
        else:
            walk(t["t4"]["columns"])
    return frozenset(words)


@cache
def t4_labels() -> tuple[str, str, str]:
    """Table 四's first header cells, from the format: 行政复议, 行政诉讼, 结果维持."""
    cols = editions()["2021"].raw["tables"]["t4"]["columns"]
    return clean(cols[0]["label"]), clean(cols[1]["label"]), clean(cols[0]["children"][0]["label"])


@cache
def t2_anchor() -> tuple[str, str]:
    """The first block label of table 二 (第二十条第（一）项), and its article part."""
    label = clean(editions()["2021"].t2_blocks[0].label)
    return label, label.split("第(")[0]


@cache
def after_t4_titles() -> tuple[str, ...]:
    """Titles of the parts after table 四, whose heading ends the table's values."""
    ed = editions()["2021"]
    keys = [s.key for s in ed.sections]
    after = ed.sections[keys.index("review_litigation") + 1 :]
    # the title's core without 及改进情况 etc.: converters and typos cut titles short
    return tuple(clean(s.title)[:6] for s in after)


def pick_t2_edition(text: str, year_edition: str | None) -> Edition:
    """The edition whose table-二 markers the text holds (the report year's on a tie)."""
    best: tuple[int, Edition] | None = None
    for ed in editions().values():
        score = sum(1 for m in ed.markers_present if clean(m) in text)
        if best is None or score > best[0] or (score == best[0] and ed.name == year_edition):
            best = (score, ed)
    assert best is not None
    return best[1]


# ---------------------------------------------------------------------------------------
# Where a row's values stand among its cells
# ---------------------------------------------------------------------------------------
# Why a row whose values fit more than one place is not read (after "本行应有…读到…").
PADDING_DOUBT = "首尾都有空单元格，可能是空值，也可能是合并单元格留下的空位，无法确定各列，未取值"


def padding_offsets(blank: Sequence[bool], n: int) -> list[int]:
    """Where a row's `n` values can start among its cells (`blank` tells which cells are
    empty) when the cells left over are padding: Markdown and text print a merged label
    once and leave the rest of its span empty. The cells before and after the values
    must all be empty; with empty cells at both ends several starts fit."""
    m = len(blank)
    if m == n:
        return [0]  # (most rows: as many cells as values)
    return [k for k in range(m - n + 1) if all(blank[:k]) and all(blank[k + n :])]


class _Kinded(Protocol):
    kind: str


K = TypeVar("K", bound=_Kinded)


def trim_blank_ends(cells: Sequence[K], n: int) -> list[K]:
    """A row's cells less the empty ones at its ends (right first), down to `n`: how a
    row whose values fit nowhere is shown."""
    out = list(cells)
    while len(out) > n and out[-1].kind == "blank":
        out.pop()
    while len(out) > n and out[0].kind == "blank":
        out.pop(0)
    return out


# ---------------------------------------------------------------------------------------
# Storing values
# ---------------------------------------------------------------------------------------
def convert(
    res: TableResult, path: str, col: Column, v: int | float, unit: str | None
) -> int | float:
    """Money in the format's unit; counts as int."""
    if col.type == "decimal":
        if unit:
            res.units[path] = unit
        target = col.unit  # 万元 for the 2021 fee; None (keep 元) for 2019 procurement
        if unit and (target or "元") != unit:
            v = v * YUAN_PER_UNIT[unit] / YUAN_PER_UNIT[target or "元"]
            v = round(v, 6)
        return int(v) if isinstance(v, float) and v.is_integer() and "." not in str(v) else v
    return v


def store_chunk(
    res: TableResult,
    path: str,
    col: Column,
    ch: Chunk,
    origin: Origin | None,
    row: str | None = None,
) -> None:
    """One printed cell into the result: a number, a blank (None) or text kept raw. A
    raw cell that looks like a number (18①, 1,2) is also a problem naming its table, row
    (`row`, the row's label) and column: a value was printed there and none is given."""
    text = ch.text
    if (
        ch.kind == "num"
        and len(text) <= limits.NUMBER_DIGITS.value
        and text.isascii()
        and text.isdigit()
        and not (ch.unit or ch.measure or ch.unsure or ch.note)
        and col.type != "decimal"
    ):
        # (most cells: a count printed as plain digits, which every branch below would
        # store as its int; a report has a few hundred)
        res.cells[path] = int(text)
        if origin is not None:
            res.origins[path] = origin
        return
    if ch.kind == "blank":
        res.cells[path] = None
    elif ch.kind == "raw":
        res.cells[path] = None
        res.raw.append(RawCell(path=path, text=ch.text))
        if ch.doubt:
            where = " ".join(w for w in (TABLE_NAMES[res.table], row, col.label) if w)
            res.problems.append(Problem(where=where, path=path, message=ch.doubt, origin=origin))
    elif (ch.unit or ch.measure or "." in ch.text) and (misfit := _unit_misfit(ch, col)):
        # (a misfit needs a unit, a measure word or a point: most cells have none)
        res.cells[path] = None
        res.raw.append(RawCell(path=path, text=misfit[0]))
        where = " ".join(w for w in (TABLE_NAMES[res.table], row, col.label) if w)
        res.problems.append(Problem(where=where, path=path, message=misfit[1], origin=origin))
    elif (value := _value(ch.text, limits.NUMBER_DIGITS.value)) is None:
        # more digits than any count or amount has: damage, and Python refuses huge ints
        res.cells[path] = None
        res.raw.append(RawCell(path=path, text=ch.text))
        n = len(ch.text.lstrip("+-").replace(".", ""))
        msg = limits.NUMBER_DIGITS.say(text=ch.text[:20] + "…", n=n)
        res.problems.append(Problem(where=TABLE_NAMES[res.table], path=path, message=msg))
    else:
        res.cells[path] = convert(res, path, col, value, ch.unit)
        if ch.unsure:
            where = " ".join(w for w in (TABLE_NAMES[res.table], row, col.label) if w)
            res.vouch[path] = (ch.unsure, where, ch.weak)
        if ch.note:
            res.raw.append(RawCell(path=path, text=f"{ch.text}（{ch.note}）"))
    if origin is not None:
        res.origins[path] = origin


def _unit_misfit(ch: Chunk, col: Column) -> tuple[str, str] | None:
    """A number printed with a unit its column does not count in, as printed and why it
    is not read: a money unit in a count column (57万元), a measure word in an amount
    column (12.5件). None when the unit fits (3件 counts, 12.5万元 is money)."""
    money = col.type == "decimal"
    if ch.unit and not money:
        shown, why = f"{ch.text}{ch.unit}", "本栏不是金额"
    elif ch.measure and money:
        shown, why = f"{ch.text}{ch.measure}", "本栏是金额"
    elif not money and _fractional(ch.text):
        # a count with a fraction: a thousands mark typed as a point (1．193), or a
        # misprint; which number was meant is not for a reader to guess
        return ch.text, f"单元格印有小数，本栏是件数：{ch.text}，未取数"
    else:
        return None
    return shown, f"单元格印有的单位与本栏不符（{why}）：{shown}，未取数"


def _fractional(number: str) -> bool:
    """Whether a number printed with a point has digits other than 0 after it."""
    if "." not in number:  # (nearly every count: asked of every cell)
        return False
    _, point, after = number.partition(".")
    return bool(point) and after.strip("0") != ""


@lru_cache(maxsize=4096)
def _value(number: str, widest: int) -> int | float | None:
    """The number printed as `number`, None beyond `widest` digits. A report prints the
    same few numbers over and over."""
    if len(number.lstrip("+-").replace(".", "")) > widest:
        return None
    return digits.number(number)


def drop(res: TableResult, paths: list[str]) -> None:
    """Take values back out (they turned out unsure); their origins stay for the problem
    that names them."""
    for p in paths:
        res.cells.pop(p, None)
        res.units.pop(p, None)
    res.raw = [r for r in res.raw if r.path not in paths]


ORDINAL = patterns.compile(
    r"^\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[、.．])\s*"
)


_LEVEL_TWO = patterns.compile(r"^\s*[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]")
_LEVEL_THREE = patterns.compile(r"^\s*\d{1,2}\s*[、.．]")


@short_memo(200)
def numbering_level(numbering: str) -> int:
    """The level of a numbering as `numbered_above` and `numbered_below` tell it: 2 for
    （一）…（七）, 3 for 1.…8., 0 for any other (kept: a label is weighed against every row
    of the format, and the same few numberings are printed)."""
    if _LEVEL_TWO.match(numbering):
        return 2
    return 3 if _LEVEL_THREE.match(numbering) else 0


def numbered_above(printed: str, ordinal: str) -> bool:
    """Whether a label printed with the numbering `printed` names a row of the level above
    the row of the format numbered `ordinal`: a （一）…（七） numbering on a wording of a
    sub-row 1.…8. (2019's single row （六）其他处理 printed as "（六）其他" is not 2021's
    row 3.其他 under （六））."""
    return bool(_LEVEL_TWO.match(printed)) and bool(_LEVEL_THREE.match(ordinal))


def numbered_below(printed: str, ordinal: str) -> bool:
    """Whether a label printed with the numbering `printed` names a row of the level below
    the row of the format numbered `ordinal`: a 1.…8. numbering on a wording of a row
    （一）…（七） (2021's sub-row 3.其他 printed as "3.其他处理" is not the row （六）其他处理,
    neither 2021's group nor 2019's single row)."""
    return bool(_LEVEL_THREE.match(printed)) and bool(_LEVEL_TWO.match(ordinal))


# ---------------------------------------------------------------------------------------
# Table 二's blocks printed in the other edition's columns
# ---------------------------------------------------------------------------------------
@cache
def t2_block_labels() -> tuple[str, ...]:
    """Clean labels of table 二's blocks (第二十条第（一）项 …), in every edition."""
    return tuple(sorted({clean(b.label) for e in editions().values() for b in e.t2_blocks}))


# (every row of a block asks of the same header, and reports print the same few
# headers: kept, for a header that is not long)
@short_memo(400)
def _columns_named(header: str, name: str, block: str) -> float:
    """The share of edition `name`'s columns of table 二's `block` that `header` (clean
    text of the block's header row) names, typos allowed (本年制发数 for 本年制发件数)."""
    b = next((b for b in editions()[name].t2_blocks if b.key == block), None)
    if b is None or not b.columns:
        return 0.0
    named = sum(
        find(header, clean(c.label)) is not None or find(header, core(c.label)) is not None
        for c in b.columns
    )
    return named / len(b.columns)


def t2_block_spec(spec: RowSpec, edition: str, header: str) -> tuple[RowSpec, str] | None:
    """A row of table 二 whose block's header row names every column of another edition
    and not every one of `edition`'s (2021's 本年制发件数 | 本年废止件数 | 现行有效件数
    above a row of a 2019 table): the row as that edition prints it and that edition's
    name, so that its values go under the columns printed. None where the header is the
    table's own edition's, names no edition's columns, or the other edition has no such
    row."""
    block = spec.key.split(".")[1]
    if not header or _columns_named(header, edition, block) == 1:
        return None
    for name in editions():
        if name == edition or _columns_named(header, name, block) < 1:
            continue
        other = next((s for s in t2_specs(name) if s.key == spec.key), None)
        if other is not None:
            return other, name
    return None


def t2_block_problem(spec: RowSpec, edition: str, printed: str) -> Problem:
    """What is said of a block of table 二 read in edition `printed`'s columns."""
    block = spec.key.split(".")[1]
    b = next(b for b in editions()[printed].t2_blocks if b.key == block)
    return Problem(
        where=f"表二 {b.label}",
        message=f"本部分按{printed}版格式的列印制（{'、'.join(c.label for c in b.columns)}），"
        f"与表二其余部分（{edition}版）不同，已按所印的列取值",
    )


class PrintedColumns:
    """The blocks of a reading of table 二 printed in another edition's columns, as the
    reading meets their rows (`spec`): each such row read as that edition prints it,
    and each block said once. The grid's reading and the text's share it."""

    def __init__(self, res: TableResult) -> None:
        self.res = res
        self.printed: dict[str, str] = {}  # block → the edition its columns are

    def spec(self, spec: RowSpec, header: str) -> RowSpec | None:
        """The row `spec` as its block's header (`header`, clean text) prints its columns
        where they are another edition's; None where they are the table's own."""
        found = t2_block_spec(spec, self.res.edition or "", header)
        if found is None:
            return None
        other, name = found
        block = other.key.split(".")[1]
        if block not in self.printed:
            self.printed[block] = name
            self.res.problems.append(t2_block_problem(other, self.res.edition or "", name))
        return other

    def editions(self) -> list[str]:
        """The other editions whose columns a block is printed in."""
        return sorted(set(self.printed.values()))

    def only_theirs(self, name: str, spec: RowSpec, have: set[str]) -> bool:
        """Whether `spec`, a row of edition `name`, is to be looked for as well: its block
        is printed in `name`'s columns and no row read is it (2019's 其他对外管理服务事项
        under a 2019-shaped 第二十条第（五）项 of a 2021 table)."""
        return spec.key not in have and self.printed.get(spec.key.split(".")[1]) == name


# What `t3_printed_columns` finds of table 三's column headings
T3_IN_ORDER = "format"  # printed in the format's order, or not told
T3_UNKNOWN = "unknown"  # printed in another order, which cannot be told for sure


@cache
def _t3_heads(edition: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Table 三's column headings as the format prints them: those over the values
    (自然人, 法人或其他组织, 总计), the one of them over a group, and the group's."""
    columns = editions()[edition].raw["tables"]["t3"]["columns"]
    top = tuple(clean(c["label"]) for c in columns)
    group = next(c for c in columns if c.get("children"))
    return top, clean(group["label"]), tuple(clean(c["label"]) for c in group["children"])


@cache
def _t3_readings(edition: str) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """For each order the headings of table 三 can be read in as text, the orders of its
    columns that print them so. A header of two rows is read row by row (自然人 法人或其他组织
    总计 商业企业 … 其他), or, as a PDF's text puts the headings that span both rows, with
    them on the lower row's line (法人或其他组织 自然人 商业企业 … 其他 总计) or on a line
    of their own between the two (法人或其他组织 自然人 总计 商业企业 … 其他)."""
    top, group, kids = _t3_heads(edition)
    out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for tops in itertools.permutations(top):
        spanning = tuple(t for t in tops if t != group)
        for inner in itertools.permutations(kids):
            leaves = tuple(x for t in tops for x in (inner if t == group else (t,)))
            for read in ((*tops, *inner), (group, *leaves), (group, *spanning, *inner)):
                if leaves not in out.setdefault(read, []):
                    out[read].append(leaves)
    return out


def t3_column_heads(printed: Sequence[str], edition: str) -> list[str]:
    """The headings of table 三's columns among words of its header (`printed`, clean)."""
    top, _, kids = _t3_heads(edition)
    return [w for w in printed if w in top or w in kids]


def t3_printed_columns(printed: Sequence[str], edition: str) -> tuple[str, ...] | str:
    """The order of table 三's leaf columns (自然人, 商业企业 … 其他, 总计) as its header
    prints them, told from the headings in the order a text reads them (`printed`, clean;
    other words are passed over): `T3_IN_ORDER` when that is the format's, or when the
    headings do not tell (some not printed or printed twice, or in an order no layout
    of the columns is read in) and the group's (商业企业 … 其他) are in order;
    `T3_UNKNOWN` when they are not, or when more than one layout is read so."""
    kids = _t3_heads(edition)[2]
    heads = t3_column_heads(printed, edition)
    layouts = _t3_readings(edition).get(tuple(heads), [])
    if not layouts:
        inner = [w for w in heads if w in kids]
        shuffled = sorted(inner) == sorted(kids) and tuple(inner) != kids
        return T3_UNKNOWN if shuffled else T3_IN_ORDER
    if len(layouts) > 1:
        return T3_UNKNOWN
    own = tuple(clean(c.label) for c in editions()[edition].t3_columns)
    return T3_IN_ORDER if layouts[0] == own else layouts[0]


def t3_in_columns(edition: str, order: Sequence[str]) -> tuple[RowSpec, ...]:
    """Table 三's rows (`t3_specs`) with their values in the columns as printed
    (`order`: the leaf columns' clean labels, left to right)."""
    by_label = {clean(c.label): c for c in editions()[edition].t3_columns}
    columns = [by_label[label] for label in order]
    return tuple(
        s if s.group else RowSpec(s.key, s.texts, s.ordinal, s.official, columns, s.group)
        for s in t3_specs(edition)
    )


@cache
def header_orders(table: str, edition: str) -> tuple[tuple[str, ...], ...]:
    """The column headings of a table that the format prints side by side, each set in
    its order: 自然人 / 法人或其他组织 / 总计, then the kinds of 法人; 行政复议 / 行政诉讼,
    the two kinds of suit, the five outcomes; 表二's columns of each item."""
    ed = editions()[edition]
    if table == "t2":
        return tuple(dict.fromkeys(tuple(clean(c.label) for c in b.columns) for b in ed.t2_blocks))
    found: dict[tuple[str, ...], None] = {}

    def walk(columns: list[dict]) -> None:
        found[tuple(clean(c["label"]) for c in columns)] = None
        for c in columns:
            if c.get("children"):
                walk(c["children"])

    walk(ed.raw["tables"][table]["columns"])
    return tuple(o for o in found if len(o) > 1)


def out_of_order(texts: Sequence[str], orders: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a header row prints headings of one set in another order than the
    format's, each heading where it is first printed (表四's outcomes repeat)."""
    return _out_of_order(tuple(texts), orders)


def _texts_length(texts: tuple[str, ...], orders: tuple[tuple[str, ...], ...]) -> int:
    return sum(map(len, texts))


# (every table's header rows are asked, and reports print the same few headers: kept,
# when the row is not long)
@short_memo(400, size=_texts_length)
def _out_of_order(texts: tuple[str, ...], orders: tuple[tuple[str, ...], ...]) -> bool:
    first = list(dict.fromkeys(texts))
    for order in orders:
        at = [order.index(t) for t in first if t in order]
        if any(b < a for a, b in itertools.pairwise(at)):
            return True
    return False


@cache
def t4_leaf_groups(edition: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Table 四's groups of outcome columns in the format's order, each as its heading
    and its outcomes' headings (clean texts): 行政复议, 未经复议直接起诉, 复议后起诉."""
    out: list[tuple[str, tuple[str, ...]]] = []

    def walk(columns: list[dict]) -> None:
        for c in columns:
            kids = c.get("children") or []
            if kids and all(not k.get("children") for k in kids):
                out.append((clean(c["label"]), tuple(clean(k["label"]) for k in kids)))
            else:
                walk(kids)

    walk(editions()[edition].raw["tables"]["t4"]["columns"])
    return tuple(out)


def t4_group_out_of_order(texts: Sequence[str], edition: str) -> tuple[str, list[str]] | None:
    """A group of table 四's outcome columns its header prints otherwise than the format
    (总计 first, an outcome twice), as that group's heading and the outcomes printed,
    or None. `out_of_order` looks at each heading where it is first printed, so it sees
    the first group only; here the header's outcomes, when it prints each group's in
    full, are taken group by group in the format's order of the groups, as its columns
    stand (a header that prints fewer or more is not looked at)."""
    groups = t4_leaf_groups(edition)
    outcomes = {t for _, leaves in groups for t in leaves}
    printed = [t for t in texts if t in outcomes]
    if len(printed) != sum(len(leaves) for _, leaves in groups):
        return None
    at = 0
    for name, leaves in groups:
        run = printed[at : at + len(leaves)]
        at += len(leaves)
        if tuple(run) != leaves:
            return name, run
    return None
