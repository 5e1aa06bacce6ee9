"""The national format as data: one loader for every edition file.

Nothing else in ogi hard-codes a label, key or section title; it asks an `Edition`.
A new edition is a new YAML file in `data/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

TABLES = ("t2", "t3", "t4")
DATA = Path(__file__).parent / "data"  # the package is installed as files (package-data)
# Money units a report may print, in 元: readers convert to the format's unit with them,
# and a finding converts back to quote what was printed.
YUAN_PER_UNIT: dict[str, int] = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    text: str  # label without its unit note, for matching
    type: str = "int"
    unit: str | None = None
    signed: bool = False


@dataclass(frozen=True)
class Row:
    """One labelled row of a table; `path` is the dotted key path inside the table."""

    table: str
    path: str
    label: str
    text: str
    ordinal: str
    level: int = 1
    group: bool = False
    block: str | None = None  # table 二 only: the block (art20_1 …) the row belongs to
    columns: tuple[Column, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.table}.{self.path}"


@dataclass(frozen=True)
class Section:
    key: str
    ordinal: str
    title: str
    kind: str
    table: str | None = None


@dataclass(frozen=True)
class T2Block:
    key: str
    label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass
class Edition:
    """One edition of the format (2019 trial or 2021)."""

    name: str
    raw: dict[str, Any] = field(repr=False)
    sections: tuple[Section, ...] = ()
    t2_blocks: tuple[T2Block, ...] = ()
    t3_rows: tuple[Row, ...] = ()  # all rows, group rows included, in printed order
    t3_columns: tuple[Column, ...] = ()  # leaf columns, in printed order
    t3_outcome_leaves: tuple[str, ...] = ()
    t4_columns: tuple[Column, ...] = ()  # leaf cells of the single data row, in order
    markers_present: tuple[str, ...] = ()
    markers_absent: tuple[str, ...] = ()
    first_year: int = 0
    last_year: int | None = None
    document_number: str = ""
    # answers to column_of and cell_paths, asked for every cell of every report checked
    _column_cache: dict[str, object] = field(default_factory=dict, repr=False)

    # -- cells -------------------------------------------------------------------------
    @cached_property  # (asked for every table 三 read)
    def t3_data_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.t3_rows if not r.group)

    def t2_cell_paths(self) -> list[str]:
        return [f"t2.{p}" for p in self.raw["tables"]["t2"]["cell_paths"]]

    def t3_cell_paths(self) -> list[str]:
        return [f"t3.{r.path}.{c.key}" for r in self.t3_data_rows for c in self.t3_columns]

    def t4_cell_paths(self) -> list[str]:
        return [f"t4.{c.key}" for c in self.t4_columns]

    def cell_paths(self, table: str | None = None) -> list[str]:
        """Every cell path of the edition (or of one table), in printed order."""
        key = f"paths:{table}"
        if key not in self._column_cache:
            self._column_cache[key] = self._cell_paths(table)  # type: ignore[assignment]
        return list(self._column_cache[key])  # type: ignore[arg-type]

    def _cell_paths(self, table: str | None) -> list[str]:
        out: list[str] = []
        if table in (None, "t2"):
            out += self.t2_cell_paths()
        if table in (None, "t3"):
            out += self.t3_cell_paths()
        if table in (None, "t4"):
            out += self.t4_cell_paths()
        return out

    def column_of(self, path: str) -> Column | None:
        """The column definition of a cell path such as ``t2.art20_8.admin_fees.fee_amount``."""
        # Checkers ask this for every cell of every report: remember the answers.
        try:
            return self._column_cache[path]  # type: ignore[return-value]
        except KeyError:
            col = self._column_of(path)
            self._column_cache[path] = col
            return col

    def _column_of(self, path: str) -> Column | None:
        table, _, rest = path.partition(".")
        if table == "t2":
            block_key, _row, col_key = rest.split(".")
            for b in self.t2_blocks:
                if b.key == block_key:
                    return next((c for c in b.columns if c.key == col_key), None)
            return None
        if table == "t3":
            col_key = rest.rsplit(".", 1)[-1]
            return next((c for c in self.t3_columns if c.key == col_key), None)
        if table == "t4":
            return next((c for c in self.t4_columns if c.key == rest), None)
        return None

    def row(self, table: str, path: str) -> Row | None:
        rows: list[Row] = (
            list(self.t3_rows) if table == "t3" else [r for b in self.t2_blocks for r in b.rows]
        )
        return next((r for r in rows if r.path == path), None)

    def applies_to(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


def _strip_unit(label: str) -> str:
    for opener in ("（", "("):
        if opener in label:
            return label.split(opener, 1)[0]
    return label


def _column(d: dict[str, Any]) -> Column:
    return Column(
        key=d["key"],
        label=d["label"],
        text=d.get("text") or _strip_unit(d["label"]),
        type=d.get("type", "int"),
        unit=d.get("unit"),
        signed=bool(d.get("signed", False)),
    )


def _leaf_columns(
    cols: list[dict[str, Any]], prefix: str = "", nested: bool = True
) -> list[Column]:
    """Leaf columns in printed order; `nested` keys them by their group path (table 四)."""
    out: list[Column] = []
    for c in cols:
        key = f"{prefix}{c['key']}"
        if c.get("children"):
            out += _leaf_columns(c["children"], key + "." if nested else "", nested)
        else:
            col = _column(c)
            out.append(Column(key=key, label=col.label, text=col.text, type=col.type))
    return out


def _build(name: str, raw: dict[str, Any]) -> Edition:
    tables = raw["tables"]
    sections = tuple(
        Section(s["key"], s["ordinal"], s["title"], s["kind"], s.get("table"))
        for s in raw["sections"]
    )
    blocks = []
    for b in tables["t2"]["blocks"]:
        cols = tuple(_column(c) for c in b["columns"])
        rows = tuple(
            Row(
                "t2", f"{b['key']}.{r['key']}", r["label"], r["label"], "", 1, False, b["key"], cols
            )
            for r in b["rows"]
        )
        blocks.append(T2Block(b["key"], b["label"], cols, rows))
    t3 = tables["t3"]
    t3_cols = {c.key: c for c in _leaf_columns(t3["columns"], nested=False)}
    t3_rows = tuple(
        Row(
            "t3",
            r["path"],
            r["label"],
            r["text"],
            r["ordinal"],
            int(r.get("level", 1)),
            bool(r.get("group", False)),
        )
        for r in t3["rows"]
    )
    # A 2019 （六）其他处理 is a data row; the 2021 one is a group of three. The YAML marks
    # group rows explicitly, so trust it but keep data_rows as the authority.
    data = set(t3["data_rows"])
    t3_rows = tuple(
        Row(r.table, r.path, r.label, r.text, r.ordinal, r.level, r.path not in data)
        for r in t3_rows
    )
    t4_cols = tuple(_leaf_columns(tables["t4"]["columns"]))
    applies = raw.get("applies_to_report_years") or {}
    return Edition(
        name=name,
        raw=raw,
        sections=sections,
        t2_blocks=tuple(blocks),
        t3_rows=t3_rows,
        t3_columns=tuple(t3_cols[k] for k in t3["leaf_columns"]),
        t3_outcome_leaves=tuple(t3["outcome_leaves"]),
        t4_columns=t4_cols,
        markers_present=tuple(raw["edition_markers"]["present"]),
        markers_absent=tuple(raw["edition_markers"]["absent"]),
        first_year=int(applies.get("first") or 0),
        last_year=applies.get("last"),
        document_number=raw.get("document_number", ""),
    )


def load_yaml(text: str) -> Any:
    """YAML through libyaml's C loader when PyYAML has it (ten times the pure-Python
    parser's speed)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def _data_files() -> list[Path]:
    return sorted(DATA.glob("*.yaml"))


def _compile() -> dict[str, Any]:
    """Every edition and the rules, built from the YAML files."""
    eds: dict[str, Edition] = {}
    for path in _data_files():
        if path.name.startswith("format-"):
            raw = load_yaml(path.read_text(encoding="utf-8"))
            eds[str(raw["edition"])] = _build(str(raw["edition"]), raw)
    rules = load_yaml((DATA / "rules.yaml").read_text("utf-8"))
    return {"editions": eds, "rules": rules}


@cache
def _format_data() -> dict[str, Any]:
    # Every process that reads or checks a report needs these: keep them compiled.
    from ogi.format.compiled import cached

    return cached("format", [*_data_files(), Path(__file__)], _compile)


def editions() -> dict[str, Edition]:
    """All editions shipped with ogi, keyed by name ("2019", "2021")."""
    return _format_data()["editions"]


def edition(name: str) -> Edition:
    try:
        return editions()[name]
    except KeyError:
        raise KeyError(f"未知的格式版本：{name}（可用：{', '.join(editions())}）") from None


def edition_for_year(year: int) -> Edition | None:
    """The edition a report for `year` must follow, or None before the first edition."""
    for e in editions().values():
        if e.applies_to(year):
            return e
    return None


def rules_spec() -> dict[str, Any]:
    return _format_data()["rules"]


def observed_variants() -> list[dict[str, Any]]:
    """Label variants seen in real reports, from every edition file."""
    out: list[dict[str, Any]] = []
    for e in editions().values():
        out += e.raw.get("observed_variants") or []
    return out
