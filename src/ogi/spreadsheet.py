"""Text written to a spreadsheet stays text.

Every workbook and CSV the project writes holds text that came from outside: a ledger
typed by an office, a report read from the web, a finding quoting a cell. A spreadsheet
program runs text that looks like a formula (``=cmd|'/c calc'!A1``, ``=HYPERLINK(…)``):
openpyxl itself stores any string starting with "=" as a formula, and Excel evaluates a
CSV field starting with = + - @ (or a tab or CR before one). So every writer goes
through here: xlsx text cells are written as strings, CSV text is neutralised with a
leading apostrophe (OWASP, "CSV Injection"), and numbers are left as numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

# What a spreadsheet program reads as the start of a formula in a CSV field.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"  # shown by nobody, read by every spreadsheet as "this is text"
# Text that is a plain number ("-5", "+1.5") is read as that number, never as a
# formula: it is left as it is, so a column of numbers written as text stays numeric.
_NUMBER = regex.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def text_cell(ws: Any, value: object) -> Any:
    """`value` for `ws.append` (normal or write-only sheet): a string as a cell whose
    type is string, whatever it starts with; any other value as it is."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=xml_text(value))
    # openpyxl types "=…" as a formula and "#N/A" as an error; both are typed text.
    cell.data_type = "s"
    return cell


def xml_text(value: str) -> str:
    """Text a worksheet can hold: control characters (which XML 1.0 cannot carry, and
    openpyxl refuses with an exception) are shown as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)


def text_cells(ws: Any, values: Iterable[object]) -> list[Any]:
    """A row for `ws.append` with every string typed as text."""
    return [text_cell(ws, v) for v in values]


def set_text(cell: Any, value: object) -> Any:
    """Assign `value` to an existing cell, a string as text; the cell is returned."""
    if isinstance(value, str):
        value = xml_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_text(value: object) -> object:
    """A CSV field that no spreadsheet program runs: text starting with = + - @, a tab
    or a CR is prefixed with an apostrophe; numbers (and text that is a plain number)
    are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return QUOTE + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_text(v) for v in values]


def csv_unquote(value: str) -> str:
    """A CSV field as written before `csv_text`: the apostrophe it added is removed, so
    that an exported CSV imported back gives the same text."""
    if value.startswith(QUOTE) and csv_text(value[1:]) == value:
        return value[1:]
    return value
