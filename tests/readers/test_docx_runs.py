"""What the runs of a DOCX paragraph print: fields, struck and lowered text, symbols."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

from ogi.blocks import Cell, Document
from ogi.readers import docx as docx_reader
from ogi.readers.docx import read_docx
from tests.shared import SAMPLES, sample_cells

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _append(p: object, runs: str) -> None:
    """Append `runs` (w: markup) to python-docx paragraph element `p`."""
    for el in parse_xml(f'<w:p xmlns:w="{W}">{runs}</w:p>'):
        p.append(el)  # type: ignore[attr-defined]


def _read(tmp_path: Path, d: docx.document.Document) -> Document:
    out = tmp_path / "报告.docx"
    d.save(str(out))
    return read_docx(str(out), out.read_bytes())


def _cell_with(tmp_path: Path, runs: str) -> str:
    """The text read from a one-cell table whose paragraph holds `runs` (w: markup)."""
    d = docx.Document()
    _append(d.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]._p, runs)
    d.add_paragraph("表后说明。")
    doc = _read(tmp_path, d)
    assert doc.blocks[-1].text == "表后说明。"
    return doc.blocks[0].rows[0][0].text


def _run(text: str, props: str = "") -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _mark(kind: str, attrs: str = "") -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}" {attrs}/></w:r>'


def _code(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'


def test_a_formula_field_prints_its_result_not_its_nested_fields(tmp_path: Path) -> None:
    # { = { REF a } + { REF b } } with the saved result 10: the inner results 4 and 6
    # stand in the outer field's code and are not printed
    runs = (
        _mark("begin") + _code(" = ")
        + _mark("begin") + _code(" REF a ") + _mark("separate") + _run("4") + _mark("end")
        + _code(" + ")
        + _mark("begin") + _code(" REF b ") + _mark("separate") + _run("6") + _mark("end")
        + _mark("separate") + _run("10") + _mark("end")
    )  # fmt: skip
    assert _cell_with(tmp_path, runs) == "10"


def test_a_field_without_its_separate_mark_prints_nothing_of_its_code(tmp_path: Path) -> None:
    runs = _mark("begin") + _code(" PAGE ") + _run("3") + _mark("end") + _run("12")
    assert _cell_with(tmp_path, runs) == "12"


def test_a_field_left_open_does_not_hide_the_paragraphs_after_it(tmp_path: Path) -> None:
    d = docx.Document()
    _append(d.add_paragraph()._p, _mark("begin") + _code(" MERGEFIELD 名称 "))
    d.add_paragraph("一、总体情况")
    doc = _read(tmp_path, d)
    assert [b.text for b in doc.blocks] == ["一、总体情况"]


def test_a_fields_result_over_several_paragraphs_is_printed(tmp_path: Path) -> None:
    d = docx.Document()
    toc = _mark("begin") + _code(" TOC ") + _mark("separate")
    _append(d.add_paragraph()._p, toc + _run("一、总体情况"))
    _append(d.add_paragraph()._p, _run("二、主动公开") + _mark("end"))
    doc = _read(tmp_path, d)
    assert [b.text for b in doc.blocks] == ["一、总体情况", "二、主动公开"]


@pytest.mark.parametrize("strike", ["<w:strike/>", '<w:dstrike w:val="1"/>'])
def test_struck_digits_are_left_out(tmp_path: Path, strike: str) -> None:
    assert _cell_with(tmp_path, _run("8", strike) + _run("10")) == "10"


def test_strike_turned_off_prints_plain(tmp_path: Path) -> None:
    assert _cell_with(tmp_path, _run("8", '<w:strike w:val="0"/>') + _run("10")) == "810"


def test_a_subscript_mark_is_given_raised_as_a_superscript_one_is(tmp_path: Path) -> None:
    low = _run("1", '<w:vertAlign w:val="subscript"/>')
    assert _cell_with(tmp_path, _run("10") + low) == "10¹"


def test_a_character_style_that_strikes_through(tmp_path: Path) -> None:
    d = docx.Document()
    style = d.styles.add_style("作废", 2)  # WD_STYLE_TYPE.CHARACTER
    style.font.strike = True
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("8", style="作废")
    cell.paragraphs[0].add_run("10")
    assert _read(tmp_path, d).blocks[0].rows[0][0].text == "10"


@pytest.mark.parametrize(
    ("char", "shown"), [("0031", "10"), ("F0FC", "0"), ("zz", "0"), ("D800", "0")]
)
def test_a_symbol_prints_its_character_unless_a_symbol_fonts_glyph(
    tmp_path: Path, char: str, shown: str
) -> None:
    sym = f'<w:r><w:sym w:font="Arial" w:char="{char}"/></w:r>'
    assert _cell_with(tmp_path, sym + _run("0")) == shown


@pytest.mark.parametrize(("position", "shown"), [("6", "10¹"), ("-4", "10¹"), ("0", "101")])
def test_a_digit_moved_off_the_baseline_is_given_raised(
    tmp_path: Path, position: str, shown: str
) -> None:
    # a note mark set higher (or lower) in a small size: Word prints 10 with a small 1
    moved = _run("1", f'<w:position w:val="{position}"/><w:sz w:val="12"/>')
    assert _cell_with(tmp_path, _run("10") + moved) == shown


def test_text_marked_always_hidden_is_left_out(tmp_path: Path) -> None:
    assert _cell_with(tmp_path, _run("46") + _run("5", "<w:specVanish/>")) == "46"


def _cell(tmp_path: Path, runs: str, shading: str = "") -> Cell:
    """The cell read from a one-cell table whose paragraph holds `runs`, the cell shaded
    with `shading` (a w:shd fill) when given."""
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    if shading:
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd xmlns:w="{W}" w:val="clear" w:color="auto" w:fill="{shading}"/>')
        )
    _append(cell.paragraphs[0]._p, runs)
    return _read(tmp_path, d).blocks[0].rows[0][0]


UNSEEN_5 = "单元格中有以与底色相同的颜色印出、看不见的文字“5”，未取数"
_SHD_DARK = f'<w:shd xmlns:w="{W}" w:val="clear" w:color="auto" w:fill="1F3864"/>'


@pytest.mark.parametrize(
    ("color", "shading"),
    [
        ('<w:color w:val="FFFFFF"/>', ""),
        ('<w:color w:val="FFFFFF" w:themeColor="background1"/>', ""),
        ('<w:color w:val="D9D9D9"/>', "D9D9D9"),
        ('<w:color w:val="FFFF00"/><w:highlight w:val="yellow"/>', ""),
    ],
)
def test_a_digit_printed_in_the_colour_it_stands_on_withholds_the_cell(
    tmp_path: Path, color: str, shading: str
) -> None:
    # a reader sees 46; the file holds 465
    cell = _cell(tmp_path, _run("46") + _run("5", color), shading)
    assert (cell.text, cell.doubt) == ("465", UNSEEN_5)


def test_a_character_style_that_prints_white_withholds_the_cell(tmp_path: Path) -> None:
    d = docx.Document()
    style = d.styles.add_style("白字", 2)  # WD_STYLE_TYPE.CHARACTER
    style.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("46")
    cell.paragraphs[0].add_run("5", style="白字")
    assert _read(tmp_path, d).blocks[0].rows[0][0].doubt == UNSEEN_5


@pytest.mark.parametrize(
    ("runs", "shading"),
    [
        # white on a dark cell shows
        (_run("46") + _run("5", '<w:color w:val="FFFFFF"/>'), "1F3864"),
        # a cell wholly white (its dark shading from a table style) is read
        (_run("465", '<w:color w:val="FFFFFF"/>'), ""),
        # Word picks the automatic colour to show
        (_run("46") + _run("5", '<w:color w:val="auto"/>'), "000000"),
    ],
)
def test_text_that_shows_against_its_ground_is_read(
    tmp_path: Path, runs: str, shading: str
) -> None:
    cell = _cell(tmp_path, runs, shading)
    assert (cell.text, cell.doubt) == ("465", None)


@pytest.mark.parametrize(("requires", "shown"), [("w14", "99"), ("zz", "18")])
def test_alternate_content_is_read_from_the_branch_word_shows(
    tmp_path: Path, requires: str, shown: str
) -> None:
    # a Choice for an extension Word does not know is not shown: its Fallback is
    alternate = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
        ' xmlns:zz="urn:example:unknown-extension">'
        f'<mc:Choice Requires="{requires}">{_run("99")}</mc:Choice>'
        f"<mc:Fallback>{_run('18')}</mc:Fallback></mc:AlternateContent>"
    )
    assert _cell_with(tmp_path, alternate) == shown


def test_text_set_to_print_right_to_left_is_read_as_printed(tmp_path: Path) -> None:
    # w:bdo overrides the direction: Word prints 64 as 46; w:dir only embeds, and digits
    # keep their order
    override = f'<w:bdo w:val="rtl">{_run("64")}</w:bdo>'
    embedded = f'<w:dir w:val="rtl">{_run("18")}</w:dir>'
    assert _cell_with(tmp_path, override + _run("（") + embedded + _run("）")) == "46（18）"


def test_a_cell_wholly_moved_off_the_baseline_is_printed_as_it_is(tmp_path: Path) -> None:
    # a run shifted to line up with another font: no mark beside it
    shifted = '<w:position w:val="-2"/>'
    assert _cell_with(tmp_path, _run("4", shifted) + _run("6", shifted)) == "46"


def test_a_table_style_that_hides_text_hides_its_tables_text(tmp_path: Path) -> None:
    """A table style's run properties apply to the text of its tables: a copy of a
    table hidden by its style is not printed."""
    d = docx.Document()
    d.styles.element.append(
        parse_xml(
            f'<w:style xmlns:w="{W}" w:type="table" w:styleId="隐藏表"><w:name w:val="隐藏表"/>'
            "<w:rPr><w:vanish/></w:rPr></w:style>"
        )
    )
    hidden = d.add_table(rows=1, cols=2)
    hidden._tbl.tblPr.append(parse_xml(f'<w:tblStyle xmlns:w="{W}" w:val="隐藏表"/>'))
    hidden.cell(0, 0).text, hidden.cell(0, 1).text = "行政许可", "45"
    shown = d.add_table(rows=1, cols=2)
    shown.cell(0, 0).text, shown.cell(0, 1).text = "行政许可", "46"
    tables = [b for b in _read(tmp_path, d).blocks if b.kind == "table"]
    assert [[c.text for c in b.rows[0]] for b in tables] == [["", ""], ["行政许可", "46"]]


def test_a_phonetic_guide_over_digits_is_not_read_into_them(tmp_path: Path) -> None:
    # Word prints 46 with a small 5 over it (w:ruby): the guide is no part of the number
    ruby = (
        '<w:ruby><w:rubyPr><w:rubyAlign w:val="center"/><w:hps w:val="10"/></w:rubyPr>'
        f"<w:rt>{_run('5')}</w:rt><w:rubyBase>{_run('46')}</w:rubyBase></w:ruby>"
    )
    assert _cell_with(tmp_path, ruby + _run("件")) == "46件"


@pytest.mark.parametrize(
    ("runs", "shown", "doubt"),
    [
        # a 5 of 1 pt after 46 is a speck: a reader sees 46
        (
            _run("46") + _run("5", '<w:sz w:val="2"/>'),
            "465",
            "单元格中有以极小字号印出、看不见的文字“5”，未取数",
        ),
        (
            _run("46")
            + _run("5", '<w:sz w:val="2"/><w:color w:val="FFFFFF"/>')
            + _run("7", '<w:color w:val="FFFFFF"/>'),
            "4657",
            "单元格中有以与底色相同的颜色或以极小字号印出、看不见的文字“57”，未取数",
        ),
        # small print that can be read (5 pt), and a cell wholly small, are read
        (_run("46") + _run("5", '<w:sz w:val="10"/>'), "465", None),
        (_run("46", '<w:sz w:val="2"/>'), "46", None),
    ],
)
def test_digits_too_small_to_read_withhold_the_cell(
    tmp_path: Path, runs: str, shown: str, doubt: str | None
) -> None:
    cell = _cell(tmp_path, runs)
    assert (cell.text, cell.doubt) == (shown, doubt)


def test_a_character_style_too_small_to_read_withholds_the_cell(tmp_path: Path) -> None:
    d = docx.Document()
    d.styles.add_style("小字", 2).font.size = Pt(1)  # WD_STYLE_TYPE.CHARACTER
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("46")
    cell.paragraphs[0].add_run("5", style="小字")
    doubt = _read(tmp_path, d).blocks[0].rows[0][0].doubt
    assert doubt == "单元格中有以极小字号印出、看不见的文字“5”，未取数"


@pytest.mark.parametrize(
    ("mark", "shown"),
    [
        ("<w:vanish/>", "46"),  # a hidden paragraph mark: Word runs the two together
        ('<w:del w:id="7" w:author="审核" w:date="2024-01-05T00:00:00Z"/>', "46"),  # deleted
        ("<w:specVanish/>", "46"),  # hidden always
        ('<w:moveFrom w:id="7" w:author="审核" w:date="2024-01-05T00:00:00Z"/>', "46"),  # moved
        ('<w:vanish w:val="0"/>', "4\n6"),
        ("", "4\n6"),
    ],
)
def test_a_paragraph_whose_mark_is_not_printed_runs_on_into_the_next(
    tmp_path: Path, mark: str, shown: str
) -> None:
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("4")
    cell.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(f'<w:rPr xmlns:w="{W}">{mark}</w:rPr>'))
    cell.add_paragraph("6")
    assert _read(tmp_path, d).blocks[0].rows[0][0].text == shown


PLAIN_5 = "<w:r><w:t>5</w:t></w:r>"  # a run without properties of its own


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the paragraph's style: white in the second cell only
        ("", '<w:pStyle w:val="白字段落"/>'),
        # the paragraph's shading: the first dark, the second none
        (f'<w:pStyle w:val="白字段落"/>{_SHD_DARK}', '<w:pStyle w:val="白字段落"/>'),
    ],
)
def test_a_run_without_properties_is_seen_or_not_by_its_own_paragraph(
    tmp_path: Path, first: str, second: str
) -> None:
    # two cells alike but for their paragraph's properties (`first`, `second`): a plain
    # 5 white on a dark paragraph shows, white on white beside a black 46 does not
    d = docx.Document()
    d.styles.add_style("白字段落", 1).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    table = d.add_table(rows=1, cols=2)
    for c, props in enumerate((first, second)):
        p = table.cell(0, c).paragraphs[0]._p
        _append(p, f"<w:pPr>{props}</w:pPr>" + _run("46", '<w:color w:val="000000"/>') + PLAIN_5)
    cells = _read(tmp_path, d).blocks[0].rows[0]
    assert [(c.text, c.doubt) for c in cells] == [("465", None), ("465", UNSEEN_5)]


def test_a_run_without_properties_is_seen_or_not_by_its_own_cell(tmp_path: Path) -> None:
    # a plain 5 white by its paragraph's style shows in a dark cell, not in a white one
    d = docx.Document()
    d.styles.add_style("白字段落", 1).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0)._tc.get_or_add_tcPr().append(parse_xml(_SHD_DARK))
    for c in range(2):
        p = table.cell(0, c).paragraphs[0]._p
        runs = _run("46", '<w:color w:val="000000"/>') + PLAIN_5
        _append(p, '<w:pPr><w:pStyle w:val="白字段落"/></w:pPr>' + runs)
    cells = _read(tmp_path, d).blocks[0].rows[0]
    assert [(c.text, c.doubt) for c in cells] == [("465", None), ("465", UNSEEN_5)]


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _math(content: str) -> str:
    return f'<m:oMath xmlns:m="{M}">{content}</m:oMath>'


@pytest.mark.parametrize(
    ("runs", "shown"),
    [
        # a number typed as an equation shows as that number
        (_math("<m:r><m:t>46</m:t></m:r>"), "46"),
        (_run("4") + _math("<m:r><m:t>6</m:t></m:r>"), "46"),
        (
            _math(
                "<m:r><m:t>4</m:t></m:r>"
                "<w:ins w:id='1' w:author='a'><m:r><m:t>6</m:t></m:r></w:ins>"
            ),
            "46",
        ),
    ],
)
def test_an_equation_of_runs_is_read_as_its_text(tmp_path: Path, runs: str, shown: str) -> None:
    cell = _cell(tmp_path, runs)
    assert (cell.text, cell.doubt) == (shown, None)


def test_digits_set_out_in_an_equations_form_withhold_the_cell(tmp_path: Path) -> None:
    # 4 with a power 6: not 46
    power = _math(
        "<m:sSup><m:e><m:r><m:t>4</m:t></m:r></m:e><m:sup><m:r><m:t>6</m:t></m:r></m:sup></m:sSup>"
    )
    cell = _cell(tmp_path, power)
    assert cell.doubt == "单元格中的数字写在公式中（46），无法确定单元格的值，未取数"


STALE_SUM = (
    "单元格中的数字是标记为待更新的域（=SUM(LEFT)）保存的结果，"
    "Word 打开文档时会重新计算，无法确定单元格的值，未取数"
)


@pytest.mark.parametrize(
    ("runs", "doubt"),
    [
        # a formula whose saved result Word is told to work out again: it shows that
        (_mark("begin", 'w:dirty="true"') + _code(" =SUM(LEFT) ") + _mark("separate")
         + _run("47") + _mark("end"), STALE_SUM),
        (f'<w:fldSimple w:instr=" =SUM(LEFT) " w:dirty="1">{_run("47")}</w:fldSimple>',
         STALE_SUM),
        # a clean field nested in the stale one's result is printed as part of it
        (_mark("begin", 'w:dirty="on"') + _code(" =SUM(LEFT) ") + _mark("separate")
         + _mark("begin") + _code(" QUOTE 47 ") + _mark("separate") + _run("47")
         + _mark("end") + _mark("end"), STALE_SUM),
        # a locked field is not worked out again; one not marked keeps its result
        (_mark("begin", 'w:dirty="true" w:fldLock="true"') + _code(" =SUM(LEFT) ")
         + _mark("separate") + _run("47") + _mark("end"), None),
        (_mark("begin", 'w:dirty="false"') + _code(" =SUM(LEFT) ") + _mark("separate")
         + _run("47") + _mark("end"), None),
        (f'<w:fldSimple w:instr=" =SUM(LEFT) ">{_run("47")}</w:fldSimple>', None),
    ],
)  # fmt: skip
def test_a_stale_fields_saved_result_withholds_its_cell(
    tmp_path: Path, runs: str, doubt: str | None
) -> None:
    cell = _cell(tmp_path, runs)
    assert (cell.text, cell.doubt) == ("47", doubt)


def test_a_stale_field_outside_a_cell_is_read(tmp_path: Path) -> None:
    # a page number in the text, marked to be worked out again: no table value
    d = docx.Document()
    page = _mark("begin", 'w:dirty="true"') + _code(" PAGE ") + _mark("separate") + _run("3")
    _append(d.add_paragraph()._p, _run("第") + page + _mark("end") + _run("页"))
    doc = _read(tmp_path, d)
    assert [b.text for b in doc.blocks] == ["第3页"]
    assert doc.problems == []


def _sample_with_cell_runs(tmp_path: Path, runs: str) -> Path:
    """The 示例镇 sample with table 三's 本年新收 · 自然人 cell (10) holding `runs`."""
    d = docx.Document(str(SAMPLES / "示例镇-2024.docx"))
    p = d.tables[1].rows[3].cells[3].paragraphs[0]
    assert p.text == "10"
    for r in list(p._p.iterchildren(f"{{{W}}}r")):
        p._p.remove(r)
    _append(p._p, runs)
    out = tmp_path / "示例镇-2024.docx"
    d.save(str(out))
    return out


def test_the_sample_with_a_stale_total_withholds_that_cell_only(tmp_path: Path) -> None:
    from ogi.extract import extract

    stale = _mark("begin", 'w:dirty="true"') + _code(" =SUM(LEFT) ") + _mark("separate")
    report = extract(_sample_with_cell_runs(tmp_path, stale + _run("11") + _mark("end")))
    assert report.cells == {
        **sample_cells("示例镇-2024.docx"),
        "t3.new_received.natural_person": None,
    }
    assert [(p.path, p.message) for p in report.problems] == [
        ("t3.new_received.natural_person", STALE_SUM)
    ]


def _control(runs: str, shown: str = "<w:showingPlcHdr/>") -> str:
    """A content control holding `runs`, showing its placeholder unless `shown` says."""
    return f"<w:sdt><w:sdtPr>{shown}</w:sdtPr><w:sdtContent>{runs}</w:sdtContent></w:sdt>"


PLACEHOLDER_0 = "单元格中是未填写的内容控件显示的提示文字（0），不是填写的值，未取数"


@pytest.mark.parametrize(
    ("runs", "text", "doubt"),
    [
        # the prompt of a control left empty is no part of the number beside it
        (_run("46") + _control(_run("单击此处输入文字")), "46", None),
        # a prompt with a digit cannot be told from a value filled in
        (_control(_run("0")), "", PLACEHOLDER_0),
        (_run("46") + _control(_run("0")), "46", PLACEHOLDER_0),
        # a control filled in (the mark off, or not there) is read
        (_control(_run("46"), '<w:showingPlcHdr w:val="0"/>'), "46", None),
        (_control(_run("46"), '<w:alias w:val="数值"/>'), "46", None),
    ],
)
def test_a_content_controls_placeholder_is_no_value(
    tmp_path: Path, runs: str, text: str, doubt: str | None
) -> None:
    cell = _cell(tmp_path, runs)
    assert (cell.text, cell.doubt) == (text, doubt)


@pytest.mark.parametrize("around", ["paragraph", "cell", "row"])
def test_a_placeholder_around_a_cells_paragraph_cell_or_row_is_no_value(
    tmp_path: Path, around: str
) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    for r, (label, value) in enumerate([("行政许可", "46"), ("行政处罚", "0")]):
        table.cell(r, 0).text, table.cell(r, 1).text = label, value
    wrapped = {
        "paragraph": table.cell(1, 1).paragraphs[0]._p,
        "cell": table.cell(1, 1)._tc,
        "row": table.rows[1]._tr,
    }[around]
    control = parse_xml(
        f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    wrapped.addprevious(control)
    control[1].append(wrapped)
    rows = _read(tmp_path, d).blocks[0].rows
    assert rows[0][1] == Cell("46", 0, 1)
    assert (rows[1][1].text, rows[1][1].doubt) == ("", PLACEHOLDER_0)


def test_the_sample_with_a_placeholder_for_a_value_withholds_that_cell(tmp_path: Path) -> None:
    from ogi.extract import extract

    report = extract(_sample_with_cell_runs(tmp_path, _control(_run("0"))))
    assert report.cells == {
        **sample_cells("示例镇-2024.docx"),
        "t3.new_received.natural_person": None,
    }
    assert [(p.path, p.message) for p in report.problems] == [
        ("t3.new_received.natural_person", PLACEHOLDER_0)
    ]


@pytest.mark.parametrize(
    ("update", "lock", "doubt"),
    [
        (
            "true",
            "",
            "单元格中的数字是域（=SUM(LEFT)）保存的结果，而文档设置为打开时更新域，"
            "Word 会重新计算，无法确定单元格的值，未取数",
        ),
        ("true", 'w:fldLock="1"', None),
        ("false", "", None),
    ],
)
def test_a_fields_result_in_a_document_set_to_update_its_fields_withholds_its_cell(
    tmp_path: Path, update: str, lock: str, doubt: str | None
) -> None:
    # Word works out every field again when it opens such a document (a generator sets
    # it to refresh a table of contents): a total saved as 47 may show 46
    d = docx.Document()
    d.settings.element.append(parse_xml(f'<w:updateFields xmlns:w="{W}" w:val="{update}"/>'))
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    field = _mark("begin", lock) + _code(" =SUM(LEFT) ") + _mark("separate") + _run("47")
    _append(cell.paragraphs[0]._p, field + _mark("end"))
    read = _read(tmp_path, d).blocks[0].rows[0][0]
    assert (read.text, read.doubt) == ("47", doubt)


STORE_ID = "{6A1B2C3D-0000-4000-8000-00000000AB01}"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _with_store(d: docx.document.Document, data: str) -> None:
    """A custom XML part holding `data`, under the store item id STORE_ID."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = d.part.package
    item = Part(PackURI("/customXml/item9.xml"), "application/xml", data.encode(), package)
    props = Part(
        PackURI("/customXml/itemProps9.xml"),
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        f'<ds:datastoreItem xmlns:ds="{DS}" ds:itemID="{STORE_ID.lower()}"/>'.encode(),
        package,
    )
    item.relate_to(props, REL + "customXmlProps")
    d.part.relate_to(item, REL + "customXml")


def _bound(runs: str, xpath: str = "/报告[1]/许可[1]") -> str:
    """A content control bound to `xpath` in the store, holding `runs`."""
    binding = (
        f'<w:dataBinding w:prefixMappings="xmlns:ns0=&apos;urn:x&apos;" w:xpath="{xpath}"'
        f' w:storeItemID="{STORE_ID}"/>'
    )
    return _control(runs, binding + "<w:text/>")


@pytest.mark.parametrize(
    ("data", "xpath", "doubt"),
    [
        # Word shows the data the control is bound to, not the text saved in it
        (
            "<报告><许可>45</许可></报告>",
            "/报告[1]/许可[1]",
            "单元格中的内容控件绑定的数据（45）与文件中保存的文字（46）不同，"
            "Word 打开文档时显示绑定的数据，无法确定单元格的值，未取数",
        ),
        ("<报告><许可> 46 </许可></报告>", "/报告[1]/许可[1]", None),
        # a path that finds nothing, or is no path, leaves the saved text
        ("<报告><许可>45</许可></报告>", "/报告[1]/处罚[1]", None),
        ("<报告><许可>45</许可></报告>", "/报告[", None),
        (
            '<报告 xmlns="urn:x"><许可>45</许可></报告>',
            "/ns0:报告[1]/ns0:许可[1]",
            "单元格中的内容控件绑定的数据（45）与文件中保存的文字（46）不同，"
            "Word 打开文档时显示绑定的数据，无法确定单元格的值，未取数",
        ),
    ],
)
def test_a_content_control_bound_to_other_data_withholds_its_cell(
    tmp_path: Path, data: str, xpath: str, doubt: str | None
) -> None:
    d = docx.Document()
    _with_store(d, data)
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    _append(cell.paragraphs[0]._p, _bound(_run("46"), xpath))
    got = _read(tmp_path, d).blocks[0].rows[0][0]
    assert (got.text, got.doubt) == ("46", doubt)


EMPTY_SUM = (
    "单元格中的域（=SUM(ABOVE)）由 Word 打开文档时重新计算，保存的结果中没有数字，"
    "无法确定单元格的值，未取数"
)


@pytest.mark.parametrize(
    ("runs", "text", "doubt"),
    [
        # a generator leaves the total for Word to work out: the cell read blank, unsaid
        ('<w:fldSimple w:instr=" =SUM(ABOVE) " w:dirty="true"/>', "", EMPTY_SUM),
        (_mark("begin", 'w:dirty="1"') + _code(" =SUM(ABOVE) ") + _mark("separate")
         + _mark("end"), "", EMPTY_SUM),
        (_mark("begin", 'w:dirty="1"') + _code(" =SUM(ABOVE) ") + _mark("end"), "", EMPTY_SUM),
        # a field Word does not work out again shows what it saved: nothing
        (_mark("begin") + _code(" =SUM(ABOVE) ") + _mark("separate") + _mark("end"), "", None),
        # a stale field that is no formula, saved without digits, is text
        (_mark("begin", 'w:dirty="1"') + _code(" REF 单位 ") + _mark("separate")
         + _run("件") + _mark("end"), "件", None),
    ],
)  # fmt: skip
def test_a_stale_formula_saved_without_a_number_withholds_its_cell(
    tmp_path: Path, runs: str, text: str, doubt: str | None
) -> None:
    cell = _cell(tmp_path, runs)
    assert (cell.text, cell.doubt) == (text, doubt)


def _symbol(font: str, char: str) -> str:
    return f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>'


@pytest.mark.parametrize(
    ("runs", "text", "doubt"),
    [
        # the Symbol font prints its digits as ASCII does: 46 typed as symbols was blank
        (_symbol("Symbol", "F034") + _symbol("Symbol", "F036"), "46", None),
        (_run("46") + _symbol("symbol", "F035"), "465", None),
        # Symbol's letters are Greek, and another font's glyphs cannot be told
        (
            _run("46") + _symbol("Symbol", "F061"),
            "46",
            "单元格中有以符号字体（Symbol）印出、无法识别的字符，无法确定单元格的值，未取数",
        ),
        (
            _run("46") + _symbol("Wingdings", "F081"),
            "46",
            "单元格中有以符号字体（Wingdings）印出、无法识别的字符，无法确定单元格的值，未取数",
        ),
        # a check mark beside a label takes nothing from it
        (_run("已办结") + _symbol("Wingdings", "F0FC"), "已办结", None),
    ],
)
def test_a_symbol_fonts_glyph_in_a_cell_is_read_or_withholds_it(
    tmp_path: Path, runs: str, text: str, doubt: str | None
) -> None:
    cell = _cell(tmp_path, runs)
    assert (cell.text, cell.doubt) == (text, doubt)


@pytest.mark.parametrize(
    ("shading", "doubt"),
    [
        # nine in ten dots black: a black 5 is lost on it, the yellow 46 shows
        ('w:val="pct90" w:color="000000" w:fill="FFFFFF"', UNSEEN_5),
        ('w:val="pct75" w:color="auto" w:fill="FFFFFF"', UNSEEN_5),  # auto dots are black
        # one in ten dots black: the cell is mostly white, the black 5 shows
        ('w:val="pct10" w:color="000000" w:fill="FFFFFF"', None),
    ],
)
def test_a_dotted_shading_is_taken_as_the_colour_most_of_it_is(
    tmp_path: Path, shading: str, doubt: str | None
) -> None:
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd xmlns:w="{W}" {shading}/>'))
    runs = _run("46", '<w:color w:val="FFFF00"/>') + _run("5", '<w:color w:val="000000"/>')
    _append(cell.paragraphs[0]._p, runs)
    got = _read(tmp_path, d).blocks[0].rows[0][0]
    assert (got.text, got.doubt) == ("465", doubt)


def _dropdown(chosen: str, result: str = "") -> str:
    """A drop-down form field of the entries 0, 46 and 99, `chosen` its w:result (or
    none), its saved result `result` (or none)."""
    entries = "".join(f'<w:listEntry w:val="{v}"/>' for v in ("0", "46", "99"))
    picked = f'<w:result w:val="{chosen}"/>' if chosen else ""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="数量"/>'
        f"<w:ddList>{picked}{entries}</w:ddList></w:ffData></w:fldChar></w:r>"
    )
    saved = _mark("separate") + _run(result) if result else ""
    return begin + _code(" FORMDROPDOWN ") + saved + _mark("end")


@pytest.mark.parametrize(
    ("runs", "text"),
    [
        (_dropdown("1"), "46"),  # Word shows the entry chosen: it was read blank, unsaid
        (_dropdown(""), "0"),  # none chosen: the first
        (_dropdown("1", "46"), "46"),  # a result saved is printed once
        (_dropdown("7"), ""),  # a choice past the entries shows nothing
        # in another field's code it prints nothing
        (_mark("begin") + _code(" = ") + _dropdown("1") + _mark("separate") + _run("18")
         + _mark("end"), "18"),
    ],
)  # fmt: skip
def test_a_drop_down_form_field_prints_its_chosen_entry(
    tmp_path: Path, runs: str, text: str
) -> None:
    assert _cell_with(tmp_path, runs) == text


def test_a_kept_styles_part_is_taken_only_for_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every styles part given one CRC: only its bytes tell the white style from the black
    monkeypatch.setattr(docx_reader, "crc32", lambda raw: 0)

    def cell(rgb: RGBColor) -> Cell:
        d = docx.Document()
        d.styles.add_style("数字", 2).font.color.rgb = rgb  # WD_STYLE_TYPE.CHARACTER
        p = d.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
        p.add_run("46").font.color.rgb = RGBColor(0, 0, 0)
        p.add_run("5", style="数字")
        return _read(tmp_path, d).blocks[0].rows[0][0]

    white, black = RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0, 0, 0)
    for _ in range(3):  # seen, kept, taken as kept
        assert cell(white).doubt == UNSEEN_5
    assert cell(black).doubt is None
    assert cell(white).doubt == UNSEEN_5
