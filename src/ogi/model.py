"""The typed report: what every reader produces and every checker, renderer and
store consumes. Its JSON form is the output of `ogi extract`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Value = int | float | None


# Default factories written in Python: pydantic asks each factory for its signature, and
# for the builtins `dict` and `list` Python finds it by tokenising their text signature,
# compiling the tokenizer's patterns in every process that builds these models.
def _dict() -> dict:
    return {}


def _list() -> list:
    return []


class Source(BaseModel):
    path: str
    sha256: str
    form: Literal["txt", "md", "html", "docx", "doc", "pdf", "image", "ledger"]


class Origin(BaseModel):
    """Where a value or a passage was printed, as exactly as its form allows: page and box
    for PDF (points, origin top-left of the page), the table element and its row and
    column for DOCX/HTML/PDF grids (0-based, counting printed rows and columns), the
    line for text forms (1-based), and the text as printed. A finding or a web page points
    at the place through it.

    `table` counts the tables of the document as `ogi.readers` gives them, in reading
    order: DOCX tables in body order (a table nested in a cell right after its parent);
    HTML data tables (tables used for page layout and those in navigation are not
    counted); PDF grids, ruled or standing in aligned columns, a table run over a page
    break being one table whose rows go on counting. `row` and `col` are the position of
    the cell's top-left corner in its table. A value read from a line of text (a form
    without tables) has `line`, and for PDF the box of its own characters in that line."""

    page: int | None = None
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom
    table: int | None = None  # index of the table element in the document
    row: int | None = None
    col: int | None = None
    line: int | None = None
    text: str | None = None


class RawCell(BaseModel):
    """A cell printed with something other than a number (`/`, `—`, `无`, text)."""

    path: str
    text: str


class Section(BaseModel):
    key: str | None  # spec key, or None for a heading the format does not have
    ordinal: str  # numbering as printed: 一、 / 1、 / （一）
    title: str  # heading as printed, without its numbering
    text: str = ""
    origin: Origin | None = None  # where the heading was printed


class Signature(BaseModel):
    """The closing of a report (落款): the body that signs it and the date written."""

    name: str
    date: str  # ISO date, 2025-01-20


class Problem(BaseModel):
    """Something that could not be read, or was read with a doubt."""

    where: str  # e.g. "表三 （七）总计" or "第3页"
    message: str
    path: str | None = None  # cell path when the problem is about one cell
    origin: Origin | None = None


class Report(BaseModel):
    source: Source
    report_year: int | None = None
    agency: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    metadata: dict[str, str | None] = Field(default_factory=_dict)
    edition: Literal["2019", "2021", "mixed"] | None = None
    table_editions: dict[str, str | None] = Field(default_factory=_dict)
    cells: dict[str, Value] = Field(default_factory=_dict)
    raw: list[RawCell] = Field(default_factory=_list)
    units: dict[str, str] = Field(default_factory=_dict)  # cell path → unit as printed
    labels: dict[str, str] = Field(default_factory=_dict)  # row key → label as printed
    extra_rows: list[str] = Field(default_factory=_list)  # printed rows the format lacks
    origins: dict[str, Origin] = Field(default_factory=_dict)  # cell path → where printed
    sections: list[Section] = Field(default_factory=_list)
    problems: list[Problem] = Field(default_factory=_list)
    # Composed reports: the opening paragraph above the first section (本报告根据…编制)
    # and the closing signature; readers leave them empty.
    preamble: str = ""
    signature: Signature | None = None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def table_edition(self, table: str) -> str | None:
        return self.table_editions.get(table)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sections)
