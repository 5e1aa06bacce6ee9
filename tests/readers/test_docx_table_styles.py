"""What a DOCX table's style and the document's theme do to its cells' text: shading,
colour and hidden text by the style's regions (w:tblStylePr, turned on by w:tblLook),
and theme colours with their tints and shades."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import docx.document
import pytest
from docx.oxml import parse_xml

from ogi.blocks import Cell
from ogi.readers.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
UNSEEN_5 = "单元格中有以与底色相同的颜色印出、看不见的文字“5”，未取数"
LOOK_ATTRS = (
    '<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
    ' w:noHBand="0" w:noVBand="1"/>'
)


def _run(text: str, props: str = "") -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _style(sid: str, body: str) -> str:
    return (
        f'<w:style xmlns:w="{W}" w:type="table" w:styleId="{sid}">'
        f'<w:name w:val="{sid}"/>{body}</w:style>'
    )


def _shd(fill: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


# Rows after the first alternate: odd bands shaded light blue (Word's "Light Shading
# Accent 1" writes its band so: accent1 4F81BD tinted 3F is D3DFEE), even ones not.
BANDED = _style(
    "条纹表",
    "<w:tblPr><w:tblStyleRowBandSize w:val='1'/></w:tblPr>"
    '<w:tblStylePr w:type="band1Horz"><w:tcPr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="D3DFEE"'
    ' w:themeFill="accent1" w:themeFillTint="3F"/>'
    "</w:tcPr></w:tblStylePr>",
)
DARK = _style("深色表", f"<w:tcPr>{_shd('1F3864')}</w:tcPr>")


def _table(
    tmp_path: Path,
    rows: list[str],
    styles: tuple[str, ...] = (),
    table_style: str = "",
    look: str = LOOK_ATTRS,
    cell_props: str = "",
    accent1: str = "",
) -> list[Cell]:
    """The second cells of a table of `rows` (each the runs of a row's second cell; its
    first holds a label), the table set in `table_style` with `look`, each second cell
    with `cell_props` (w:tcPr markup); `styles` are added to the document's, and the
    theme's accent1 is made `accent1` when given."""
    d = docx.Document()
    for markup in styles:
        d.styles.element.append(parse_xml(markup))
    table = d.add_table(rows=len(rows), cols=2)
    if table_style:
        table._tbl.tblPr.append(parse_xml(f'<w:tblStyle xmlns:w="{W}" w:val="{table_style}"/>'))
    for old in table._tbl.tblPr.findall(f"{{{W}}}tblLook"):
        table._tbl.tblPr.remove(old)
    if look:
        table._tbl.tblPr.append(
            parse_xml(look.replace("<w:tblLook ", f'<w:tblLook xmlns:w="{W}" '))
        )
    for r, runs in enumerate(rows):
        table.cell(r, 0).text = f"第{r}行"
        cell = table.cell(r, 1)
        if cell_props:
            for el in parse_xml(f'<w:tcPr xmlns:w="{W}">{cell_props}</w:tcPr>'):
                cell._tc.get_or_add_tcPr().append(el)
        for el in parse_xml(f'<w:p xmlns:w="{W}">{runs}</w:p>'):
            cell.paragraphs[0]._p.append(el)
    out = tmp_path / "报告.docx"
    d.save(str(out))
    if accent1:
        _set_accent1(out, accent1)
    block = read_docx(str(out), out.read_bytes()).blocks[0]
    return [row[1] for row in block.rows]


def _set_accent1(path: Path, rgb: str) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    theme = parts["word/theme/theme1.xml"].decode()
    theme = re.sub(
        r"<a:accent1>.*?</a:accent1>", f'<a:accent1><a:srgbClr val="{rgb}"/></a:accent1>', theme
    )
    parts["word/theme/theme1.xml"] = theme.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _first_cell_read(tmp_path: Path, d: docx.document.Document, cell: Any, runs: str) -> Cell:
    """`runs` (a paragraph's XML) put in `cell`, the document saved and read back: the
    first cell of its first table as read."""
    for el in parse_xml(f'<w:p xmlns:w="{W}">{runs}</w:p>'):
        cell.paragraphs[0]._p.append(el)
    out = tmp_path / "报告.docx"
    d.save(str(out))
    return read_docx(str(out), out.read_bytes()).blocks[0].rows[0][0]


def _shown(cells: list[Cell]) -> list[tuple[str, str | None]]:
    return [(c.text, c.doubt) for c in cells]


HEAD = _run("数量")
SAME_AS_BAND = _run("46") + _run("5", '<w:color w:val="D3DFEE"/>')


@pytest.mark.parametrize(
    "look",
    [
        LOOK_ATTRS,
        '<w:tblLook w:val="04A0"/>',  # the older form: first row, first column, no vBand
    ],
)
def test_a_digit_in_the_colour_of_its_table_styles_band_withholds_the_cell(
    tmp_path: Path, look: str
) -> None:
    # row 0 is the header row; rows 1 and 3 are the first band (shaded D3DFEE), row 2
    # the second (not shaded): a 5 in D3DFEE is unseen on the band, seen off it
    cells = _table(
        tmp_path, [HEAD, SAME_AS_BAND, SAME_AS_BAND, SAME_AS_BAND], (BANDED,), "条纹表", look
    )
    assert _shown(cells) == [("数量", None), ("465", UNSEEN_5), ("465", None), ("465", UNSEEN_5)]


def test_a_table_without_a_look_is_banded_from_its_first_row(tmp_path: Path) -> None:
    cells = _table(tmp_path, [SAME_AS_BAND, SAME_AS_BAND], (BANDED,), "条纹表", look="")
    assert _shown(cells) == [("465", UNSEEN_5), ("465", None)]


def test_a_cells_own_shading_takes_the_place_of_its_styles_band(tmp_path: Path) -> None:
    # the cell says it has no shading ("auto"): its 5 in D3DFEE stands on white and shows
    cells = _table(tmp_path, [HEAD, SAME_AS_BAND], (BANDED,), "条纹表", cell_props=_shd("auto"))
    assert _shown(cells) == [("数量", None), ("465", None)]


def test_white_on_the_dark_shading_of_its_table_style_is_read(tmp_path: Path) -> None:
    # a white 5 and digits of the automatic colour (white on dark) all show: 465
    white = _run("46", '<w:color w:val="auto"/>') + _run("5", '<w:color w:val="FFFFFF"/>')
    assert _shown(_table(tmp_path, [white], (DARK,), "深色表")) == [("465", None)]


def test_a_digit_in_the_colour_of_its_table_styles_shading_withholds_the_cell(
    tmp_path: Path,
) -> None:
    dark = _run("46", '<w:color w:val="FFFFFF"/>') + _run("5", '<w:color w:val="1F3864"/>')
    assert _shown(_table(tmp_path, [dark], (DARK,), "深色表")) == [("465", UNSEEN_5)]


def test_the_colour_a_region_of_its_table_style_gives_is_the_texts(tmp_path: Path) -> None:
    # the style prints text in the colour of its shading, but white in its first row:
    # there 46 and a white 5 show; below, 46 is unseen and only the 5 shows
    style = _style(
        "首行表",
        f"<w:rPr><w:color w:val='1F3864'/></w:rPr><w:tcPr>{_shd('1F3864')}</w:tcPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:tblStylePr>',
    )
    runs = _run("46") + _run("5", '<w:color w:val="FFFFFF"/>')
    unseen_46 = "单元格中有以与底色相同的颜色印出、看不见的文字“46”，未取数"
    cells = _table(tmp_path, [runs, runs], (style,), "首行表")
    assert _shown(cells) == [("465", None), ("465", unseen_46)]


def test_a_run_without_properties_takes_the_colour_of_its_own_cells_region(
    tmp_path: Path,
) -> None:
    # the style prints its second band white: a plain 5 beside a black 46 shows in the
    # first band, not in the second
    style = _style(
        "白字条纹",
        "<w:tblPr><w:tblStyleRowBandSize w:val='1'/></w:tblPr>"
        '<w:tblStylePr w:type="band2Horz"><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:tblStylePr>',
    )
    runs = _run("46", '<w:color w:val="000000"/>') + "<w:r><w:t>5</w:t></w:r>"
    cells = _table(tmp_path, [HEAD, runs, runs], (style,), "白字条纹")
    assert _shown(cells) == [("数量", None), ("465", None), ("465", UNSEEN_5)]


@pytest.mark.parametrize(
    "color",
    [
        # white darkened 5% (F2F2F2), written by its theme colour only
        '<w:color w:val="auto" w:themeColor="background1" w:themeShade="F2"/>',
        # the theme's colour shows, not the RGB written beside it
        '<w:color w:val="000000" w:themeColor="background1" w:themeTint="99"/>',
    ],
)
def test_a_digit_in_a_theme_colour_as_white_as_the_page_withholds_the_cell(
    tmp_path: Path, color: str
) -> None:
    assert _shown(_table(tmp_path, [_run("46") + _run("5", color)])) == [("465", UNSEEN_5)]


def test_a_cell_shaded_by_a_theme_colour_is_shaded_in_the_documents_theme(
    tmp_path: Path,
) -> None:
    # accent1 of this document's theme is 1F3864; the cell is shaded accent1 (its RGB
    # written as "auto"), and the 5 printed in accent1 with a stale RGB beside it
    shading = '<w:shd w:val="clear" w:color="auto" w:fill="auto" w:themeFill="accent1"/>'
    five = _run("5", '<w:color w:val="FFFFFF" w:themeColor="accent1"/>')
    cells = _table(
        tmp_path,
        [_run("46", '<w:color w:val="FFFFFF"/>') + five],
        cell_props=shading,
        accent1="1F3864",
    )
    assert _shown(cells) == [("465", UNSEEN_5)]


def test_a_theme_colour_tinted_as_its_band_is_unseen_on_it(tmp_path: Path) -> None:
    # accent1 4F81BD tinted 3F is the band's D3DFEE (within Word's rounding)
    five = _run("5", '<w:color w:val="auto" w:themeColor="accent1" w:themeTint="3F"/>')
    cells = _table(tmp_path, [_run("46") + five], (BANDED,), "条纹表", look="", accent1="4F81BD")
    assert _shown(cells) == [("465", UNSEEN_5)]


@pytest.mark.parametrize("region", ["wholeTable", "band1Horz"])
def test_text_hidden_by_a_region_of_its_table_style_is_left_out(
    tmp_path: Path, region: str
) -> None:
    # a stale 9 hidden by the style beside a 46 its run shows (hidden text is a toggle
    # between style levels, but a run's own w:vanish says outright)
    style = _style(
        "隐藏表", f'<w:tblStylePr w:type="{region}"><w:rPr><w:vanish/></w:rPr></w:tblStylePr>'
    )
    shown = _run("46", '<w:vanish w:val="0"/>') + _run("9")
    cells = _table(tmp_path, [shown], (style,), "隐藏表", look="")
    assert _shown(cells) == [("46", None)]


@pytest.mark.parametrize(
    ("cell_props", "shown"),
    [
        ("", ("465", UNSEEN_5)),  # the 5 in the table's shading, on it
        (_shd("FFFFFF"), ("465", None)),  # the cell's own white shading lies over it
    ],
)
def test_a_tables_own_shading_lies_under_its_cells(
    tmp_path: Path, cell_props: str, shown: tuple[str, str | None]
) -> None:
    d = docx.Document()
    table = d.add_table(rows=1, cols=1)
    table._tbl.tblPr.append(parse_xml(f'<w:shd xmlns:w="{W}" w:val="clear" w:fill="D9D9D9"/>'))
    cell = table.cell(0, 0)
    if cell_props:
        cell._tc.get_or_add_tcPr().append(
            parse_xml(cell_props.replace("<w:shd ", f'<w:shd xmlns:w="{W}" '))
        )
    runs = _run("46") + _run("5", '<w:color w:val="D9D9D9"/>')
    got = _first_cell_read(tmp_path, d, cell, runs)
    assert (got.text, got.doubt) == shown


@pytest.mark.parametrize(
    ("color", "shown"),
    [
        # text1 mapped to the theme's light colour (FFFFFF) prints white on the page
        ('<w:color w:val="000000" w:themeColor="text1"/>', ("465", UNSEEN_5)),
        # background1 mapped to its dark one (000000) prints black
        ('<w:color w:val="FFFFFF" w:themeColor="background1"/>', ("465", None)),
        # a theme colour named outright is not mapped
        ('<w:color w:val="FFFFFF" w:themeColor="light1"/>', ("465", UNSEEN_5)),
    ],
)
def test_theme_colours_are_taken_as_the_documents_colour_mapping_says(
    tmp_path: Path, color: str, shown: tuple[str, str | None]
) -> None:
    d = docx.Document()
    for old in d.settings.element.findall(f"{{{W}}}clrSchemeMapping"):
        d.settings.element.remove(old)  # the template's, the usual mapping
    d.settings.element.append(
        parse_xml(
            f'<w:clrSchemeMapping xmlns:w="{W}" w:bg1="dark1" w:t1="light1" w:bg2="dark2"'
            ' w:t2="light2" w:accent1="accent1" w:hyperlink="hyperlink"/>'
        )
    )
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    runs = _run("46", '<w:color w:val="000000"/>') + _run("5", color)
    got = _first_cell_read(tmp_path, d, cell, runs)
    assert (got.text, got.doubt) == shown
    # read again, its theme and settings as kept from the first reading
    out = tmp_path / "报告.docx"
    again = read_docx(str(out), out.read_bytes()).blocks[0].rows[0][0]
    assert (again.text, again.doubt) == shown


@pytest.mark.parametrize("named", [False, True])
def test_a_table_naming_no_style_is_in_the_documents_default_table_style(
    tmp_path: Path, named: bool
) -> None:
    # the default table style hides its text: a stale 5 beside the 46 shown outright
    d = docx.Document()
    d.styles.element.append(
        parse_xml(
            f'<w:style xmlns:w="{W}" w:type="table" w:default="1" w:styleId="默认表">'
            '<w:name w:val="默认表"/><w:rPr><w:vanish/></w:rPr></w:style>'
        )
    )
    d.styles.element.append(parse_xml(_style("普通表", "")))
    table = d.add_table(rows=1, cols=1)
    for old in table._tbl.tblPr.findall(f"{{{W}}}tblStyle"):
        table._tbl.tblPr.remove(old)
    if named:  # a table in a style of its own is not in the default one
        table._tbl.tblPr.append(parse_xml(f'<w:tblStyle xmlns:w="{W}" w:val="普通表"/>'))
    runs = _run("46", '<w:vanish w:val="0"/>') + _run("5")
    got = _first_cell_read(tmp_path, d, table.cell(0, 0), runs)
    assert got.text == ("465" if named else "46")
