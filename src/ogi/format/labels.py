"""Labels as the format prints them, for messages, workbooks and web pages.

A finding names a place with keys (``t3``, ``results.total``, ``natural_person``); a
person reads it as 表三 （七）总计 / 自然人. Every label here is looked up in an `Edition`,
never retyped, so a new edition brings its own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from ogi.format import Edition, edition

# Table numbers as the report's parts print them (二、主动公开… holds 表二); the format
# names tables by their part, so the numbering follows the part's ordinal.
TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}


def table_label(table: str | None) -> str:
    return TABLE_ZH.get(table or "", table or "")


def number_text(v: int | float) -> str:
    """A number as a clerk writes it: no exponent (0.000012, 7730280), no trailing
    zeros or .0, at most six decimals (amounts converted between units carry float
    noise beyond that)."""
    if isinstance(v, float):
        v = round(v, 6)
        if v.is_integer():
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def short_text(text: str) -> str:
    """Row text without the explanatory note in brackets: 部分公开（区分处理的…）→ 部分公开."""
    return re.split(r"[（(]", text, maxsplit=1)[0] or text


# -- table 三 --------------------------------------------------------------------------
@cache
def _t3_row_short(name: str, path: str) -> str:
    ed = edition(name)
    row = ed.row("t3", path)
    if row is None:
        return path
    text = short_text(row.text)
    if text == "其他" and "." in path:
        parent = ed.row("t3", path.rsplit(".", 1)[0])
        if parent is not None:
            return f"{parent.text}—其他"
    return text


def t3_row_label(ed: Edition, path: str) -> str:
    """Short words of a table 三 row, for sums in a message: 予以公开, 其他处理—其他."""
    return _t3_row_short(ed.name, path)


def t3_row_full(ed: Edition, path: str) -> str:
    row = ed.row("t3", path)
    return row.label if row else path


@cache
def _t3_row_printed(name: str, path: str) -> str:
    ed = edition(name)
    row = ed.row("t3", path)
    if row is None:
        return path
    own = f"{row.ordinal}{short_text(row.text)}"
    if row.level >= 3 and "." in path:
        parent = ed.row("t3", path.rsplit(".", 1)[0])
        if parent is not None:
            return f"{parent.ordinal}{short_text(parent.text)} {own}"
    return own


def t3_row_printed(ed: Edition, path: str) -> str:
    """A table 三 row as a clerk finds it in the table, with its numbering and, for an
    item of a group, the group: （三）不予公开 1.属于国家秘密; （七）总计."""
    return _t3_row_printed(ed.name, path)


@cache
def _t3_col_label(name: str, key: str) -> str:
    ed = edition(name)
    col = next((c for c in ed.t3_columns if c.key == key), None)
    if col is None:
        return key
    # 其他 is both a legal-person column and a row; name its group to keep it unambiguous.
    return "其他（法人或其他组织）" if col.label == "其他" else col.label


def t3_col_label(ed: Edition, key: str) -> str:
    return _t3_col_label(ed.name, key)


# -- table 四 --------------------------------------------------------------------------
def _column_labels(
    cols: list[dict[str, Any]], prefix: str = "", names: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...]]]:
    for c in cols:
        key = f"{prefix}{c['key']}"
        here = (*names, c["label"])
        if c.get("children"):
            yield from _column_labels(c["children"], key + ".", here)
        else:
            yield key, here


@cache
def _t4_col_label(name: str, key: str) -> str:
    ed = edition(name)
    for k, names in _column_labels(ed.raw["tables"]["t4"]["columns"]):
        if k == key:
            return " ".join(names)
    # A group of columns (review, litigation.direct): the words of its leaves' heads.
    for k, names in _column_labels(ed.raw["tables"]["t4"]["columns"]):
        if k.startswith(key + "."):
            return " ".join(names[:-1])
    return key


def t4_col_label(ed: Edition, key: str) -> str:
    """A table 四 column with its group headings: 行政诉讼 复议后起诉 总计."""
    return _t4_col_label(ed.name, key)


# -- table 二 --------------------------------------------------------------------------
def t2_row_label(ed: Edition, path: str) -> str:
    """第二十条第（一）项 规章 for ``art20_1.rules``; the block alone for ``art20_1``."""
    block_key, _, row_key = path.partition(".")
    block = next((b for b in ed.t2_blocks if b.key == block_key), None)
    if block is None:
        return path
    if not row_key:
        return block.label
    row = next((r for r in block.rows if r.path == path), None)
    return f"{block.label} {row.label if row else row_key}"


def t2_col_label(ed: Edition, key: str) -> str:
    for b in ed.t2_blocks:
        col = next((c for c in b.columns if c.key == key), None)
        if col is not None:
            return col.label
    return key


def t2_cell_label(ed: Edition, path: str) -> str:
    parts = path.split(".")
    if len(parts) != 4:
        return path
    _, block_key, row_key, col_key = parts
    for b in ed.t2_blocks:
        if b.key == block_key:
            row = next((r for r in b.rows if r.path == f"{block_key}.{row_key}"), None)
            col = next((c for c in b.columns if c.key == col_key), None)
            return f"{b.label} {row.label if row else row_key} {col.label if col else col_key}"
    return path


# -- any table -------------------------------------------------------------------------
def row_label(ed: Edition | None, table: str | None, path: str | None) -> str:
    """A row key in the printed words of its table ("" when there is none)."""
    if not path:
        return ""
    if ed is None or table not in TABLE_ZH:
        return path
    if table == "t3":
        return t3_row_printed(ed, path)
    if table == "t2":
        return t2_row_label(ed, path)
    return path


def column_label(ed: Edition | None, table: str | None, key: str | None) -> str:
    """A column key in the printed words of its table ("" when there is none)."""
    if not key:
        return ""
    if ed is None or table not in TABLE_ZH:
        return key
    if table == "t3":
        return t3_col_label(ed, key)
    if table == "t4":
        return t4_col_label(ed, key)
    return t2_col_label(ed, key)


def cell_label(ed: Edition | None, path: str) -> str:
    """A cell path in the official words: 总计/自然人 for t3.results.total.natural_person."""
    table = path.split(".", 1)[0]
    if ed is None:
        return path
    if table == "t3":
        row, _, col = path[3:].rpartition(".")
        return f"{t3_row_label(ed, row)}/{t3_col_label(ed, col)}"
    if table == "t4":
        return t4_col_label(ed, path[3:])
    if table == "t2":
        return t2_cell_label(ed, path)
    return path


def section_label(ed: Edition | None, key: str | None) -> str:
    """A part of the report as the format heads it: 五、存在的主要问题及改进情况."""
    if not key:
        return ""
    spec = next((s for s in (ed or edition("2021")).sections if s.key == key), None)
    return f"{spec.ordinal}{spec.title}" if spec else key


@cache
def _header_texts(name: str) -> frozenset[str]:
    ed = edition(name)
    out: set[str] = set()
    for t in ed.raw["tables"].values():
        for field in ("row_label_header", "column_header", "title", "corner_note"):
            if isinstance(t.get(field), str):
                out.add(t[field])
        for _, names in _column_labels(t.get("columns") or []):
            out.update(names)
    for b in ed.t2_blocks:
        out.add(b.label)
        out.update(c.label for c in b.columns)
    return frozenset(out)


def header_texts(ed: Edition) -> frozenset[str]:
    """Words the format prints in table headings rather than as data rows: 信息内容,
    申请人情况, 法人或其他组织, the table titles and column heads."""
    return _header_texts(ed.name)
