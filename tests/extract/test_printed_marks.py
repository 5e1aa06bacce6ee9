"""What is printed beside a value but is not part of it: a note mark after a number
(57①, a raised 1), text struck out or hidden. Each document is a whole report of
示例镇人民政府 (`phenomena.report_parts`) with one cell printed differently: every other
cell must read exactly, and that cell must be its number or, when ogi cannot tell
the number, nothing at all with a problem that names it. Never 571."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml import parse_xml

from ogi.extract import extract
from ogi.model import Report
from ogi.readers.pdf_chars import extract_chars
from tests.extract.phenomena import (
    PENALTY,
    PENALTY_WHERE,
    base_values,
    html_table,
    report_parts,
    to_pdf_chromium,
    to_pdf_libreoffice,
    write_docx,
    write_html,
    write_text,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _html(tmp_path: Path, raw: dict[str, str], head: str = "", before_t3: str = "") -> Report:
    parts = report_parts(base_values(), raw)
    path = write_html(parts, tmp_path / "r.html")
    page = path.read_text(encoding="utf-8")
    if head:
        page = page.replace("</head>", head + "</head>")
    if before_t3:
        page = page.replace("<h3>三、", before_t3 + "<h3>三、", 1)
    path.write_text(page, encoding="utf-8")
    return extract(path)


def _withheld(got: Report, path: str, where: str, message: str) -> None:
    """Every cell but `path` as printed; `path` empty, and one problem, about it."""
    want = {**base_values(), path: None}
    assert got.cells == want
    assert [(p.where, p.path, p.message) for p in got.problems] == [(where, path, message)]


def _exact(got: Report) -> None:
    assert got.cells == base_values()
    assert got.problems == []


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("57<sup>1</sup>", "57¹"),
        ("57<sup>①</sup>", "57①"),
        ("57①", "57①"),
        ("57⑴", "57⑴"),
        ("57<sup>*</sup>", "57*"),
        ("57*", "57*"),
        ("57<sup>12</sup>", "57¹²"),
        # lowered, or raised or lowered by a style, as a mark is printed too
        ("57<sub>1</sub>", "57¹"),
        ('57<span style="vertical-align:super">1</span>', "57¹"),
        ('57<span style="VERTICAL-ALIGN: sub">1</span>', "57¹"),
        ('57<span class="MsoFootnoteReference">1</span>', "57¹"),
        ('57<span class="fn"><span>1</span></span>', "57¹"),
    ],
)
def test_html_note_mark_after_a_number_is_not_a_digit(
    tmp_path: Path, printed: str, shown: str
) -> None:
    rules = "<style>.MsoFootnoteReference{vertical-align:super} .fn{vertical-align:sub}</style>"
    got = _html(tmp_path, {PENALTY: printed}, head=rules)
    _withheld(got, PENALTY, PENALTY_WHERE, f"单元格印有注释标记：{shown}，未取数")
    assert got.origins[PENALTY].text == shown


def test_a_cell_that_is_not_one_plain_number_is_a_problem(tmp_path: Path) -> None:
    path = "t3.new_received.total"  # 21
    got = _html(tmp_path, {path: "2,1"})
    _withheld(
        got,
        path,
        "表三 一、本年新收政府信息公开申请数量 总计",
        "单元格印有的不是单纯的数字：2,1，未取数",
    )
    assert [(r.path, r.text) for r in got.raw] == [(path, "2,1")]


@pytest.mark.parametrize(
    "printed",
    [
        "<del>56</del><ins>57</ins>",
        "<s>56</s>57",
        "<strike>5</strike>57",
        '<span style="display: none">9</span>57',
        "<span hidden>9</span>57",
        '<span style="visibility:hidden">9</span>57',
        '<span class="old">9</span>57',
        # struck out by a style, as editors strike out: a struck cell is read as <s> is
        '<span style="text-decoration:line-through">56</span>57',
        '<span style="text-decoration-line: line-through">56</span>57',
        '<span class="struck">56</span>57',
        '<span class="struck"><span style="text-decoration:none">56</span></span>57',
        # printed at size 0: takes no room, and is not seen
        '<span style="font-size:0">9</span>57',
        '<span style="font-size: 0px">9<b>9</b></span>57',
        '<span class="tiny">9<span style="font-size:2em">9</span></span>57',
        '<span class="tiny"><span style="font-size:13px">57</span></span>',
        '<span style="font-size:0">9</span><span style="font-size:13px">57</span>',
        # at size 0 by the font shorthand, as text hidden behind a picture is (font: 0/0 a)
        '<span style="font:0/0 a">9</span>57',
        '57<span class="replaced">9</span>',
    ],
)
def test_html_struck_out_and_hidden_text_is_not_read(tmp_path: Path, printed: str) -> None:
    rules = (
        "<style>p{margin:0} .old{ display:none } .struck{text-decoration: underline"
        " line-through red} .tiny{font-size:0pt} .replaced{font:bold 0px/0 serif}</style>"
    )
    got = _html(tmp_path, {PENALTY: printed}, head=rules)
    _exact(got)


@pytest.mark.parametrize(
    ("printed", "faint"),
    [
        ('57<font color="#ffffff">9</font>', "9"),
        ('<span style="color: #FFF">1</span>57', "1"),
        ('57<span style="font-weight:bold;color:white">9</span>', "9"),
        ('57<span style="color:rgba(0,0,0,0)">9</span>', "9"),
        ('<span style="color:#fff">5<b style="color:#000">7</b></span>', "5"),
    ],
)
def test_html_white_text_beside_a_number_is_not_read(
    tmp_path: Path, printed: str, faint: str
) -> None:
    """White or transparent text does not show on a white page; whether the cell is
    white under it is not known here, so a number printed partly so is withheld."""
    got = _html(tmp_path, {PENALTY: printed})
    message = f"单元格中有以白色或透明印出、在白底上看不见的文字“{faint}”，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    ("printed", "faint"),
    [
        ('57<span class="w">9</span>', "9"),
        ('<span class="clear">1</span>57', "1"),
        ('57<span class="x"><i>9</i></span>', "9"),
        ('<span class="w">5<b class="dark">7</b></span>', "5"),
    ],
)
def test_html_text_a_style_rule_prints_white_beside_a_number_is_not_read(
    tmp_path: Path, printed: str, faint: str
) -> None:
    rules = (
        "<style>.w{color:#FFFFFF} .clear{color: rgba(0, 0, 0, 0)} td .x{color:#fafafa}"
        " .dark{color:#333}</style>"
    )
    got = _html(tmp_path, {PENALTY: printed}, head=rules)
    message = f"单元格中有以白色或透明印出、在白底上看不见的文字“{faint}”，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    ("rules", "printed", "kind"),
    [
        # in the colour of the row or the table it stands on, by a rule
        ("tr{background-color:#cccccc}", '57<span style="color:#ccc">9</span>', "ground"),
        ("table{background:#ddd} .g{color:#DDD}", '57<span class="g">9</span>', "ground"),
        ("td{background:rgb(238,238,238)}", '<font color="#eeeeee">1</font>57', "ground"),
        # in the colour of its own fill
        ("", '57<span style="color:#eee;background-color:#eee">9</span>', "ground"),
        (".h{color:#eee;background:#eee}", '57<span class="h">9</span>', "ground"),
        # its letters filled clear or white, whatever its color
        ("", '57<span style="-webkit-text-fill-color:transparent">9</span>', "white"),
        (".f{-webkit-text-fill-color:#fff}", '57<span class="f">9</span>', "white"),
    ],
)
def test_html_text_in_the_colour_it_stands_on_beside_a_number_is_not_read(
    tmp_path: Path, rules: str, printed: str, kind: str
) -> None:
    got = _html(tmp_path, {PENALTY: printed}, head=f"<style>{rules}</style>")
    faint = "1" if printed.startswith("<font") else "9"
    if kind == "ground":
        message = f"单元格中有以单元格底色印出、看不见的文字“{faint}”，未取数"
    else:
        message = f"单元格中有以白色或透明印出、在白底上看不见的文字“{faint}”，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


def test_html_text_whose_letters_are_filled_dark_is_read_as_shown(tmp_path: Path) -> None:
    printed = '57<span style="color:#fff;-webkit-text-fill-color:#000">9</span>'
    got = _html(tmp_path, {PENALTY: printed})
    assert got.cells == {**base_values(), PENALTY: 579}
    assert got.problems == []


@pytest.mark.parametrize(
    "printed",
    [
        '<span class="w">57</span>',  # wholly white, as on a dark cell
        '57<span class="w" style="color:#000">9</span>',  # its own style over the rule
        '57<span class="w"><b class="dark">9</b></span>',
    ],
)
def test_html_text_a_style_rule_does_not_print_white_beside_a_number_is_read(
    tmp_path: Path, printed: str
) -> None:
    rules = "<style>.w{color:white} .dark{color:#333}</style>"
    got = _html(tmp_path, {PENALTY: printed}, head=rules)
    assert got.cells[PENALTY] == (57 if printed.startswith("<") else 579)
    assert got.problems == []


@pytest.mark.parametrize(
    "printed",
    [
        '<font color="#ffffff">57</font>',  # white on a dark cell, as headings are
        '<span style="color:#fefefe">5</span><span style="color:white">7</span>',
        '<span style="background-color:#fff;color:#333">57</span>',
        '57<span style="color:#f0f0e0">&nbsp;</span>',
    ],
)
def test_html_a_number_wholly_in_one_colour_is_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}))


@pytest.mark.parametrize(
    "printed",
    [
        '<input type="text" readonly value="57">',
        '<input value="57" style="border:0">',
        '<input type="hidden" value="9">57',
        '<input value="9" style="display:none">57',
        "<textarea>57</textarea>",
        "<select><option>9</option><option selected>57</option></select>",
        # a ruby's annotation in a container of its own is not printed on the line
        "<ruby><rb>57</rb><rtc>9</rtc></ruby>",
        "<button>57</button>",
        # what a browser's own style sheet does not show, or draws as a bar
        "57<dialog>9</dialog>",
        "57<datalist><option>9</option></datalist>",
        '57<progress value="9" max="10">9</progress>',
        '57<meter value="0.9">9</meter>',
        "57<details><summary></summary>9</details>",
        "<details open><summary></summary>57</details>",
        "<dialog open>57</dialog>",
    ],
)
def test_html_a_number_in_a_form_field_is_read_as_shown(tmp_path: Path, printed: str) -> None:
    """A page exported from a form shows a cell's number in a field: the field shows its
    value, and nothing of a hidden one."""
    _exact(_html(tmp_path, {PENALTY: printed}))


@pytest.mark.parametrize(
    "printed",
    [
        '<span style="opacity:0">9</span>57',
        '57<span class="gone">9<b style="opacity:1">9</b></span>',
        # printed right to left whatever it is: 75 shows as 57
        '<bdo dir="rtl">75</bdo>',
        '<span style="unicode-bidi:bidi-override; direction:rtl">75</span>',
        '<span dir="rtl"><span class="turned">75</span></span>',
        # embedded right to left only: digits keep their order
        '<span style="unicode-bidi:embed; direction:rtl">57</span>',
    ],
)
def test_html_text_unseen_or_turned_is_read_as_shown(tmp_path: Path, printed: str) -> None:
    rules = "<style>.gone{opacity:0.0} .turned{unicode-bidi:isolate-override}</style>"
    _exact(_html(tmp_path, {PENALTY: printed}, head=rules))


@pytest.mark.parametrize(
    ("printed", "message"),
    [
        (
            '57<span style="position:absolute;left:-9999px">9</span>',
            "单元格中有另行定位、不在行内显示的文字“9”（position:absolute），"
            "无法确定单元格显示的值，未取数",
        ),
        (
            '57<span class="sr">9</span>',
            "单元格中有另行定位、不在行内显示的文字“9”（position:fixed），"
            "无法确定单元格显示的值，未取数",
        ),
        (
            '57<span style="display:inline-block;text-indent:-9999px">9</span>',
            "单元格中有以负缩进移出原位的文字“9”（text-indent:-9999px），"
            "无法确定单元格显示的值，未取数",
        ),
        (
            '57<span style="display:inline-block;transform:scale(0)">9</span>',
            "单元格中有经变形显示的文字“9”（transform:scale(0)），无法确定单元格显示的值，未取数",
        ),
        (
            '57<span style="clip-path: inset(50%)">9</span>',
            "单元格中有被裁剪显示的文字“9”（clip-path:inset(50%)），无法确定单元格显示的值，未取数",
        ),
        # floated to a side of the cell: 5 and a 7 floated left show 75, read 57 before
        (
            '5<span style="float:left">7</span>',
            "单元格中有浮动到一侧显示、不在文字原位的文字“7”（float:left），"
            "无法确定单元格显示的值，未取数",
        ),
        (
            '<span style="FLOAT: right">5</span>7',  # (as old editors write it)
            "单元格中有浮动到一侧显示、不在文字原位的文字“5”（float:right），"
            "无法确定单元格显示的值，未取数",
        ),
    ],
)
def test_html_text_drawn_out_of_its_line_withholds_the_cell(
    tmp_path: Path, printed: str, message: str
) -> None:
    """Text put out of its line (an off-screen copy, a screen reader's text) shows
    anywhere or nowhere: the number a reader sees beside it cannot be told."""
    rules = "<style>.sr{position:fixed;clip:rect(0,0,0,0)}</style>"
    got = _html(tmp_path, {PENALTY: printed}, head=rules)
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        '<script>document.write("57")</script>',
        "5<script type='text/javascript'>\n  document.writeln( '7' );\n</script>",
        "57<script>var seen = 1;</script>",  # (writes nothing)
    ],
)
def test_html_plain_text_a_script_writes_in_a_cell_is_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}))


def test_html_plain_text_a_script_writes_beside_a_number_is_read_as_shown(
    tmp_path: Path,
) -> None:
    got = _html(tmp_path, {PENALTY: '57<script>document.write("9")</script>'})
    assert got.cells == {**base_values(), PENALTY: 579}


@pytest.mark.parametrize(
    ("printed", "how"),
    [
        ("<script>document.write(total + 1)</script>", "document.write"),
        ('<script>document.write("<b>57</b>")</script>', "document.write"),
        ('<i id="v"></i><script>document.all.v.innerHTML = 57;</script>', "innerHTML"),
        ('<i id="v"></i><script>$("#v").text("57")</script>', "text"),
    ],
)
def test_html_a_cell_a_script_writes_into_is_withheld(
    tmp_path: Path, printed: str, how: str
) -> None:
    """What a browser shows of a script's writing is not known here: an empty cell is no
    sure nothing."""
    got = _html(tmp_path, {PENALTY: printed})
    message = f"单元格中有网页脚本写出的内容（{how}），未能读取，无法确定单元格显示的值，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    ("printed", "why", "moved", "css"),
    [
        (
            '57<span style="position:relative;left:-9999px">9</span>',
            "相对原位移开显示",
            "9",
            "position:relative;left:-9999px",
        ),
        ('<span class="off">1</span>57', "相对原位移开显示", "1", "position:relative;top:-9999px"),
        (
            '<span style="position:relative;left:-9999px">57</span>',  # (whole, out of sight)
            "相对原位移开显示",
            "57",
            "position:relative;left:-9999px",
        ),
        (
            '57<span style="display:inline-block;margin-left:-9999px">9</span>',
            "以负外边距移出原位",
            "9",
            "margin-left:-9999px",
        ),
        ('<span style="margin:0 -3em">9</span>57', "以负外边距移出原位", "9", "margin:-3em"),
        (
            '5<span style="letter-spacing:-1em">79</span>',
            "字距为负、字符相互重叠",
            "79",
            "letter-spacing:-1em",
        ),
        (
            '57<span style="-webkit-mask-image:linear-gradient(transparent,transparent)">9</span>',
            "经遮罩显示",
            "9",
            "-webkit-mask-image:linear-gradient(transparent,transparent)",
        ),
    ],
)
def test_html_text_moved_from_its_place_withholds_the_cell(
    tmp_path: Path, printed: str, why: str, moved: str, css: str
) -> None:
    """Text moved off by an offset or a margin, drawn over its neighbours or seen
    through a mask shows anywhere or nowhere: 579, 57 or 5 cannot be told."""
    head = "<style>.off{position:relative;top:-9999px}</style>"
    got = _html(tmp_path, {PENALTY: printed}, head=head)
    message = f"单元格中有{why}的文字“{moved}”（{css}），无法确定单元格显示的值，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        '57<span style="filter: opacity(0)">9</span>',
        '57<span class="cv">9</span>',
        # a cell's text moved whole, and by little, as Word and editors align it
        "<p style='margin-left:-5.4pt'>57</p>",
        '<span style="position:relative;top:1px">57</span>',
        '<span style="position:relative;left:-20px">57</span>',
        # a paragraph moved a little, beside another: its lines keep their order
        '<p style="margin-top:-6px">57</p><p style="position:relative;left:-8px">件</p>',
    ],
)
def test_html_text_unseen_or_moved_little_is_read_as_shown(tmp_path: Path, printed: str) -> None:
    head = "<style>.cv{content-visibility:hidden}</style>"
    _exact(_html(tmp_path, {PENALTY: printed}, head=head))


@pytest.mark.parametrize(
    ("rules", "css"),
    [
        ("td span.n::first-letter{font-size:0}", "::first-letter font-size:0"),
        (".n::first-letter { color: #FFF }", "::first-letter color:#fff"),
        ("span.n::first-line{visibility:hidden;display:none}", "::first-line visibility:hidden"),
    ],
)
def test_html_a_number_whose_first_letter_is_styled_apart_is_withheld(
    tmp_path: Path, rules: str, css: str
) -> None:
    """A rule on the first letter (or line) of 57 may hide its 5: which characters it
    takes in is not worked out, and the number is not taken."""
    got = _html(tmp_path, {PENALTY: '<span class="n">57</span>'}, head=f"<style>{rules}</style>")
    message = f"单元格中有首{'行' if 'line' in css else '字'}另以样式印出的文字“57”（{css}），"
    _withheld(got, PENALTY, PENALTY_WHERE, message + "无法确定单元格显示的值，未取数")


def test_html_a_number_only_hinted_in_an_empty_field_is_withheld(tmp_path: Path) -> None:
    """An empty box shows its placeholder greyed out: a hint, not a value typed in."""
    got = _html(tmp_path, {PENALTY: '<input type="text" placeholder="57">'})
    message = (
        "单元格中有输入框中以提示文字显示的文字“57”（placeholder），无法确定单元格显示的值，未取数"
    )
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ('57<span style="opacity:0.03">9</span>', 57),
        ('57<span class="ghost">9</span>', 57),
        ('57<span style="opacity:0.5">9</span>', 579),  # (faint, but seen)
    ],
)
def test_html_text_all_but_transparent_is_not_read(tmp_path: Path, printed: str, read: int) -> None:
    got = _html(tmp_path, {PENALTY: printed}, head="<style>.ghost{opacity:4%}</style>")
    assert got.cells == {**base_values(), PENALTY: read}
    assert got.problems == []


def test_html_text_in_an_all_but_clear_colour_beside_a_number_is_withheld(tmp_path: Path) -> None:
    got = _html(tmp_path, {PENALTY: '57<span style="color:rgba(0, 0, 0, .02)">9</span>'})
    message = "单元格中有以白色或透明印出、在白底上看不见的文字“9”，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    ("printed", "indent"),
    [
        ('57<span style="display:inline-block;text-indent:9999px">9</span>', "9999px"),
        ('<span class="out">1</span>57', "100%"),
    ],
)
def test_html_text_indented_out_of_sight_withholds_the_cell(
    tmp_path: Path, printed: str, indent: str
) -> None:
    head = "<style>.out{display:inline-block;width:9px;text-indent:100%;overflow:hidden}</style>"
    got = _html(tmp_path, {PENALTY: printed}, head=head)
    shown = "1" if "out" in printed else "9"
    message = (
        f"单元格中有以缩进移出原位的文字“{shown}”（text-indent:{indent}），"
        "无法确定单元格显示的值，未取数"
    )
    _withheld(got, PENALTY, PENALTY_WHERE, message)


def test_html_a_number_indented_as_paragraphs_are_is_read(tmp_path: Path) -> None:
    got = _html(tmp_path, {PENALTY: '<p style="text-indent:2em">57</p>'})
    _exact(got)


@pytest.mark.parametrize(
    ("printed", "tiny", "size"),
    [
        ('57<span style="font-size:1px">9</span>', "9", "1px"),
        ('<span style="FONT-SIZE: 1.5pt">1</span>57', "1", "1.5pt"),
        ('57<span class="speck">9</span>', "9", ".1em"),
        ('57<font style="font-size:10%">9</font>', "9", "10%"),
    ],
)
def test_html_text_too_small_to_read_withholds_the_cell(
    tmp_path: Path, printed: str, tiny: str, size: str
) -> None:
    """A 9 at a pixel's size beside 57 shows as a speck a reader passes over: 579 or 57
    cannot be told."""
    got = _html(tmp_path, {PENALTY: printed}, head="<style>.speck{font-size:.1em}</style>")
    message = (
        f"单元格中有以极小字号印出、难以看清的文字“{tiny}”（font-size:{size}），"
        "无法确定单元格显示的值，未取数"
    )
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        '57<span style="font-size:3px">&nbsp;</span>',
        '<span style="font-size:9pt">57</span>',
        '<span style="font-size:75%">57</span>',
    ],
)
def test_html_text_small_but_legible_or_blank_is_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}))


@pytest.mark.parametrize(
    ("printed", "hidden"),
    [
        ("57<span style='mso-hide:all'>9</span>", "9"),
        ("<span style='font-size:10.5pt;MSO-HIDE: screen'>1</span>57", "1"),
        ("<span style='mso-hide:all'>57</span>", "57"),
    ],
)
def test_html_text_word_hides_and_a_browser_shows_withholds_the_cell(
    tmp_path: Path, printed: str, hidden: str
) -> None:
    """A page Word saved marks its hidden text mso-hide: Word does not show it, a browser
    does; which of the two the number is cannot be told."""
    got = _html(tmp_path, {PENALTY: printed})
    message = (
        f"单元格中有在 Word 中隐藏、在网页中显示的文字“{hidden}”"
        f"（mso-hide:{'screen' if 'screen' in printed else 'all'}），"
        "无法确定单元格显示的值，未取数"
    )
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        "57<span style='display:none;mso-hide:all'>9</span>",  # Word's hidden text, hidden
        "57<span style='mso-hide:all'><o:p>&nbsp;</o:p></span>",
        "57<span style='mso-hide:none'></span>",
    ],
)
def test_html_text_word_hides_that_shows_no_digit_is_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}))


@pytest.mark.parametrize(
    "printed",
    [
        # as Xiumi's and 135's editors wrap text: drawn where it stands
        '<section style="transform: rotate(0deg);-webkit-transform: rotate(0deg);">57</section>',
        '<span style="display:inline-block;transform:translate3d(1px, 0px, 0px)">57</span>',
        '5<span style="transform: translateZ(0px) scale(1)">7</span>',
    ],
)
def test_html_text_transformed_by_nothing_is_read(tmp_path: Path, printed: str) -> None:
    """A transform that turns by 0 degrees, moves by a pixel or scales by 1 draws the
    text as it stands: every such cell was withheld (经变形显示)."""
    _exact(_html(tmp_path, {PENALTY: printed}))


@pytest.mark.parametrize(
    "printed",
    ['<div style="float:right">57</div>', '<span style="float:none">5</span>7'],
)
def test_html_a_cell_floated_whole_or_not_at_all_is_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}))


FLOATING = (
    "<style>td span.n{float:right} .num{FLOAT: left} .top{float:left}"
    " td span.n.kept{float:none}</style>"
)


@pytest.mark.parametrize(
    ("printed", "shown", "side"),
    [
        # 5 and a 7 the page's rule floats right show 57 apart, read 75 before
        ('<span class="n">7</span>5', "7", "right"),
        ('7<span class="num">5</span>', "5", "left"),
        # (the rule over the cell's own style only when !important)
        ('5<span class="top" style="float:right">7</span>', "7", "right"),
    ],
)
def test_html_text_floated_by_the_pages_rules_withholds_the_cell(
    tmp_path: Path, printed: str, shown: str, side: str
) -> None:
    """A float set by the page's style rules draws text apart from the rest of its cell
    as one set by the text's own style does: the order a reader sees cannot be told."""
    message = (
        f"单元格中有浮动到一侧显示、不在文字原位的文字“{shown}”（float:{side}），"
        "无法确定单元格显示的值，未取数"
    )
    _withheld(_html(tmp_path, {PENALTY: printed}, head=FLOATING), PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        '<span class="n">57</span>',  # the cell's only text: nothing is reordered
        '5<span class="n kept">7</span>',  # floated by one rule, and not by a weightier one
        '5<span class="num" style="float:none">7</span>',
    ],
)
def test_html_text_the_pages_rules_float_in_place_is_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}, head=FLOATING))


GENERATING = (
    "<style>.plus::after{content:'7'} .pre::before{content:\"\\35\"}"
    " .off::after{content:'9'; display:none} .clear::after{content:'';display:table}"
    " .n::after{content:counter(item)}</style>"
)


@pytest.mark.parametrize(
    "printed",
    [
        '<span class="plus">5</span>',  # a browser shows 57
        '<span class="pre">7</span>',
        '57<span class="off"></span>',
        '<span class="clear">57</span>',
    ],
)
def test_html_text_a_style_adds_is_read_as_shown(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}, head=GENERATING))


def test_html_text_a_style_adds_that_cannot_be_told_withholds_the_cell(tmp_path: Path) -> None:
    got = _html(tmp_path, {PENALTY: '<span class="n">57</span>'}, head=GENERATING)
    message = (
        "单元格中有由样式在后面加入内容的文字“57”（::after content:counter(item)），"
        "无法确定单元格显示的值，未取数"
    )
    _withheld(got, PENALTY, PENALTY_WHERE, message)


def _doubled_t3(hide: str) -> str:
    """A second table 三, every value doubled, in an element hidden by `hide`."""
    values = {k: v * 2 for k, v in base_values().items() if isinstance(v, int)}
    parts = report_parts({**base_values(), **values})
    table = next(p for p in parts if not isinstance(p, tuple) and p.key == "t3")
    return f"<div {hide}>{html_table(table)}</div>"


@pytest.mark.parametrize(
    "hide",
    ['style="display:none"', "hidden", 'style="visibility: hidden"', 'class="print-copy"'],
)
def test_html_hidden_copy_of_a_table_is_not_read(tmp_path: Path, hide: str) -> None:
    style = "<style>@media print{.screen{display:none}} .print-copy{display:none}</style>"
    got = _html(tmp_path, {}, head=style, before_t3=_doubled_t3(hide))
    _exact(got)


@pytest.mark.parametrize(
    "printed",
    [
        # a box of no width or height that cuts off or scrolls what it holds shows nothing
        '57<span style="display:inline-block;overflow:hidden;width:0">9</span>',
        '57<div style="height:0;overflow:hidden">9</div>',
        '57<span class="fold">9</span>',
        '57<div style="max-height:0px;overflow-y:auto">9</div>',
        '57<div style="overflow-x:hidden;height:0">9</div>',  # (y: visible turns auto)
        # or of a pixel: a sliver of the 9 shows, which no one reads
        '57<span style="display:inline-block;width:1px;height:1px;overflow:hidden">9</span>',
        '57<span class="sliver">9</span>',
    ],
)
def test_html_text_in_a_box_of_no_room_is_not_read(tmp_path: Path, printed: str) -> None:
    rules = (
        "<style>.fold{display:inline-block;max-width:0;overflow:hidden}"
        " .sliver{display:inline-block;height:1px;overflow:hidden}</style>"
    )
    _exact(_html(tmp_path, {PENALTY: printed}, head=rules))


def test_html_a_box_of_no_room_that_may_be_inline_withholds_the_cell(tmp_path: Path) -> None:
    """A <span> takes no width unless the page displays it as a box: whether the 9 shows
    cannot be told."""
    got = _html(tmp_path, {PENALTY: '57<span style="width:0;overflow:hidden">9</span>'})
    message = (
        "单元格中有放在宽或高为零、超出部分不显示的框中的文字“9”"
        "（overflow:hidden;width:0），无法确定单元格显示的值，未取数"
    )
    _withheld(got, PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        # inline: the width does not apply; clipped one way only: shown the other
        '5<span style="display:inline;width:0;overflow:hidden">7</span>',
        '5<span style="display:inline-block;overflow:clip visible;height:0">7</span>',
    ],
)
def test_html_text_in_a_box_with_room_is_read(tmp_path: Path, printed: str) -> None:
    got = _html(tmp_path, {PENALTY: printed})
    assert got.cells == {**base_values(), PENALTY: 57}


def test_html_class_hidden_only_in_print_is_read(tmp_path: Path) -> None:
    style = "<style>@media print{.screen{display:none}}</style>"
    got = _html(tmp_path, {PENALTY: '<span class="screen">57</span>'}, head=style)
    _exact(got)


@pytest.mark.parametrize(
    ("rules", "printed"),
    [
        ("#h{display:none}", '<span id="h">9</span>57'),
        ("span.x{display:none}", '<span class="x">9</span>57'),
        (".a .b{display:none}", '<span class="a"><span class="b">9</span></span>57'),
        ("table tr span.x{display:none}", '<span class="x">9</span>57'),
        ("td > span{display:none}", "<span>9</span>57"),
        ("span[class=x]{display:none}", '<span class="x">9</span>57'),
        ("span[data-v]{display:none}", '<span data-v="1">9</span>57'),
        ("h6, .x{display:none}", '<span class="x">9</span>57'),
        (".x{display: none !important}", '<span class="x">9</span>57'),
        (".x{DISPLAY:NONE}", '<span class="x">9</span>57'),
        (".x{color:red;\n  display:\n none}", '<span class="x">9</span>57'),
        ("span.x{visibility:hidden}", '<span class="x">9</span>57'),
        ("@media screen{.x{display:none}}", '<span class="x">9</span>57'),
        ("@media all{.x{display:none}}", '<span class="x">9</span>57'),
        # nested as deep as the bound (limits.CSS_MEDIA_DEPTH)
        ("@media screen{" * 20 + ".x{display:none}" + "}" * 20, '<span class="x">9</span>57'),
        # a style sheet inside <!-- -->, as old templates and Word's 网页 write it
        ("<!--\n.x{display:none}\n-->", '<span class="x">9</span>57'),
        ("<!-- .x{display:none} --> <!-- .y{display:none} -->", '<span class="y">9</span>57'),
        # what cssselect cannot parse is passed over, and the rules after it still count
        ("span[{display:none} ::{display:none} .x{display:none}", '<span class="x">9</span>57'),
        # the later of two rules as specific as each other wins; !important wins anyway
        (".x{display:inline} .x{display:none}", '<span class="x">9</span>57'),
        (".x{display:none !important} span.x{display:inline}", '<span class="x">9</span>57'),
    ],
)
def test_html_text_hidden_by_a_style_rule_is_not_read(
    tmp_path: Path, rules: str, printed: str
) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}, head=f"<style>{rules}</style>"))


@pytest.mark.parametrize("depth", [21, 20_000])
def test_html_rules_nested_past_the_bound_are_not_used_and_that_is_said(
    tmp_path: Path, depth: int
) -> None:
    """Each level of @media was read over again, and 20,000 levels took 7.6 s of CPU
    before the stack overflowed and the page was refused. Past the bound the rules are
    passed over, as past the other bounds of a style sheet, and the reading says so:
    957, the 9 the rule would hide is read."""
    rules = "@media screen{" * depth + ".x{display:none}" + "}" * depth
    got = _html(tmp_path, {PENALTY: '<span class="x">9</span>57'}, head=f"<style>{rules}</style>")
    assert got.cells == {**base_values(), PENALTY: 957}
    assert [p.message for p in got.problems] == [
        "网页样式表的 @media 嵌套超过 20 层，更深层的规则未用于判断哪些内容不显示"
    ]


@pytest.mark.parametrize(
    ("rules", "printed"),
    [
        # hidden on paper or on narrow screens only, not on the page as shown
        ("@media print{.x{display:none}}", '<span class="x">9</span>57'),
        ("@media screen and (max-width:600px){.x{display:none}}", '<span class="x">9</span>57'),
        ("@supports (display:grid){.x{display:none}}", '<span class="x">9</span>57'),
        # shown again by a later rule, a more specific one, or the element's own style
        (".x{display:none} .x{display:inline}", '<span class="x">9</span>57'),
        ("span.x{display:inline} .x{display:none}", '<span class="x">9</span>57'),
        (".x{display:none}", '<span class="x" style="display:inline">9</span>57'),
        # hidden while the pointer is over it: shown on the page
        ("td:hover .x{display:none}", '<span class="x">9</span>57'),
        # a child shown inside a parent made invisible
        (
            ".a{visibility:hidden} .b{visibility:visible}",
            '<span class="a"><span class="b">9</span></span>57',
        ),
    ],
)
def test_html_text_a_style_rule_does_not_hide_is_read(
    tmp_path: Path, rules: str, printed: str
) -> None:
    """957: the 9 is read, which shows the rule did not hide it."""
    got = _html(tmp_path, {PENALTY: printed}, head=f"<style>{rules}</style>")
    assert got.cells == {**base_values(), PENALTY: 957}


def test_html_style_element_for_print_hides_nothing_on_screen(tmp_path: Path) -> None:
    head = '<style media="print">.x{display:none}</style>'
    got = _html(tmp_path, {PENALTY: '<span class="x">9</span>57'}, head=head)
    assert got.cells == {**base_values(), PENALTY: 957}


@pytest.mark.parametrize(
    ("hide", "rules"),
    [
        ('id="copy"', "#copy{display:none}"),
        ('class="copy"', "div.copy{display:none}"),
        ('class="copy"', "body .article > .copy{display:none}"),
    ],
)
def test_html_hidden_copy_of_a_table_by_selector_is_not_read(
    tmp_path: Path, hide: str, rules: str
) -> None:
    got = _html(tmp_path, {}, head=f"<style>{rules}</style>", before_t3=_doubled_t3(hide))
    _exact(got)


def test_html_too_many_display_rules_are_said_to_be_left_out(tmp_path: Path) -> None:
    """A page cannot make the reader apply selectors without end: past the bound the
    rules are not applied, and the problems say so."""
    many = "".join(f".n{i}{{display:none}}" for i in range(600))  # no element has these
    got = _html(tmp_path, {}, head=f"<style>{many}</style>")
    assert got.cells == base_values()
    assert [p.message for p in got.problems] == [
        "网页样式表中设置显示或隐藏的规则过多（601 条，上限 500），只按前 500 条判断哪些内容不显示"
    ]


INVISIBLE = [
    "5\u20607",  # word joiner
    "\u200e57",  # left-to-right mark
    "57\u200e",
    "5\u200b7\ufeff",  # zero-width space, byte order mark (read so before)
    "\u202a57\u202c",  # left-to-right embedding … pop
    "\u202d57\u202c",  # left-to-right override … pop
    "\u206657\u2069",  # left-to-right isolate … pop
]
# marks and embeddings that set text right to left: 75 in an override shows 57, 12 and
# 34 parted by a right-to-left mark inside an embedding show 3412
RIGHT_TO_LEFT = ["\u202e75\u202c", "\u202b5\u200f7\u202c", "\u200f57", "\u206757\u2069"]


@pytest.mark.parametrize("printed", INVISIBLE)
def test_invisible_characters_in_a_number_are_not_read(tmp_path: Path, printed: str) -> None:
    _exact(_html(tmp_path, {PENALTY: printed}))
    parts = report_parts(base_values(), {PENALTY: printed})
    _exact(extract(write_text(parts, tmp_path / "r.txt")))


@pytest.mark.parametrize("printed", RIGHT_TO_LEFT)
def test_a_number_set_right_to_left_is_not_read(tmp_path: Path, printed: str) -> None:
    got = _html(tmp_path, {PENALTY: printed})
    _withheld(got, PENALTY, PENALTY_WHERE, f"单元格印有的不是单纯的数字：{printed}，未取数")


@pytest.mark.parametrize(
    ("printed", "drawn"),
    [
        # a number drawn as a picture, not saved with the page
        ('<img src="/upload/57.png">', "图片"),
        ('<img src="/upload/57.png" alt="57">', "图片"),  # (its alt is the page's word)
        ('<img src="/upload/1.png" width="9" height="14">57', "图片"),
        ('57<img src="new.gif" width="16" height="16">', "图片"),
        # drawn by the page, or shown from elsewhere, and read as nothing
        ('<svg width="24" height="16"><text x="0" y="14">57</text></svg>', "矢量图形（svg）"),
        ('5<svg width="8" height="16"><text y="14">7</text></svg>', "矢量图形（svg）"),
        ('<canvas width="24" height="16"></canvas>', "画布（canvas）"),
        ('<object data="/upload/57.png" type="image/png"></object>', "嵌入对象（object）"),
        ('<embed src="/upload/57.svg" type="image/svg+xml">', "嵌入对象（embed）"),
        ('<input type="image" src="/upload/57.png">', "图片按钮（input）"),
        ('<iframe src="/upload/57.html" width="40" height="20"></iframe>', "内嵌框架（iframe）"),
    ],
)
def test_html_picture_in_a_value_cell_is_not_read_as_nothing(
    tmp_path: Path, printed: str, drawn: str
) -> None:
    """A browser shows the picture, which may be all of the value or part of it: the
    cell was read blank (or 57, or 5) without a word."""
    got = _html(tmp_path, {PENALTY: printed})
    message = f"单元格中有{drawn}，其中的内容未能读取，无法确定单元格显示的值，未取数"
    _withheld(got, PENALTY, PENALTY_WHERE, message)


# a formula field in a cell as Word saves it as a web page: its code, then its result
FIELD = (
    "<![if supportFields]><span lang=EN-US><span style='mso-element:field-begin'></span>"
    "<span style='mso-spacerun:yes'> </span>=SUM(LEFT) <span style='mso-element:"
    "field-separator'></span></span><![endif]><span lang=EN-US>57</span>"
    "<![if supportFields]><span lang=EN-US><span style='mso-element:field-end'></span>"
    "</span><![endif]>"
)


def test_html_word_field_reads_as_its_result(tmp_path: Path) -> None:
    """A browser shows the field's code beside its result (=SUM(LEFT) 57), which read as
    no plain number; Word prints the result alone."""
    _exact(_html(tmp_path, {PENALTY: FIELD}))


def test_html_word_field_marks_that_do_not_pair_up_take_nothing_out(tmp_path: Path) -> None:
    """An editor that dropped the field's end leaves marks that cannot be told: the
    cell is read as shown, and withheld (and the page after it is not taken out)."""
    broken = FIELD.replace("<span style='mso-element:field-end'></span>", "")
    got = _html(tmp_path, {PENALTY: broken})
    _withheld(got, PENALTY, PENALTY_WHERE, "单元格印有的不是单纯的数字：=SUM(LEFT) 57，未取数")


@pytest.mark.parametrize(
    "cell",
    [
        '<td colspan="3" style="background: url(/upload/57.png) no-repeat center"></td>',
        '<td colspan="3" style="BACKGROUND-IMAGE: url(\'57.gif\')">&nbsp;</td>',
        '<td colspan="3" background="/upload/57.png"></td>',
    ],
)
def test_html_empty_cell_with_a_picture_behind_it_is_withheld(tmp_path: Path, cell: str) -> None:
    """A number drawn as a picture and set behind an empty cell: read as a blank cell,
    without a word."""
    path = write_html(report_parts(base_values()), tmp_path / "r.html")
    page = path.read_text(encoding="utf-8")
    printed = '<td>行政处罚</td><td colspan="3">57</td>'
    assert printed in page
    path.write_text(page.replace(printed, "<td>行政处罚</td>" + cell), encoding="utf-8")
    message = "单元格以图片为背景、没有文字，背景图片中的内容未能读取，未取数"
    _withheld(extract(path), PENALTY, PENALTY_WHERE, message)


@pytest.mark.parametrize(
    "printed",
    [
        '<img src="spacer.gif" width="1" height="1">57',
        '57<img src="x.gif" width="0" height="0">',
        '57<img src="x.gif" style="height: 0px">',
        '<svg style="display:none"><text>9</text></svg>57',
        '57<canvas hidden width="24" height="16"></canvas>',
    ],
)
def test_html_picture_that_shows_nothing_beside_a_number(tmp_path: Path, printed: str) -> None:
    """A picture a pixel wide or set to no size, or a drawing the page hides, shows
    nothing."""
    _exact(_html(tmp_path, {PENALTY: printed}))


def test_html_pictures_in_headers_and_beside_labels(tmp_path: Path) -> None:
    """Header cells drawn as pictures (表三's 申请人 columns, all of 表四's headings) take
    no value, and read as the words their alt text gives: 表四, known by its headings,
    was not found. An icon beside a row's label or a heading takes nothing from it."""
    parts = report_parts(base_values())
    path = write_html(parts, tmp_path / "h.html")
    page = path.read_text(encoding="utf-8")
    before, t3, after = re.split("(<h3>三、.*?<h3>四、)", page, maxsplit=1, flags=re.S)
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计"):
        picture = f'<img src="t3/{label}.png" alt="{label}">'
        t3 = re.sub(f"(<td[^>]*>){label}</td>", rf"\1{picture}</td>", t3)
    assert t3.count("<img") == 6
    icon = '<img src="/images/dot.png" width="8" height="8">'
    before = before.replace("<td>行政处罚</td>", f"<td>{icon}行政处罚</td>")
    t3 = t3.replace("<td>2.重复申请</td>", '<td>2.重复申请<svg width="12"></svg></td>')
    after = after.replace('<td colspan="5">行政复议</td>', f'<td colspan="5">{icon}行政复议</td>')
    t4, rest = after.split("</table>", 1)
    t4 = re.sub(
        r"(<td[^>]*>)(结果维持|结果纠正|其他结果|尚未审结|总计|行政诉讼|未经复议直接起诉|复议后起诉)</td>",
        r'\1<img src="t4/\2.png" alt="\2"></td>',
        t4,
    )
    after = t4 + "</table>" + rest
    assert (before + t3 + after).count("<img") == 8 + 18 and "<svg" in t3
    path.write_text(before + t3 + after, encoding="utf-8")
    _exact(extract(path))


@pytest.mark.parametrize("mark", ["①", "¹", "*"])
def test_text_note_mark_after_a_number_is_not_a_digit(tmp_path: Path, mark: str) -> None:
    parts = report_parts(base_values(), {PENALTY: f"57{mark}"})
    got = extract(write_text(parts, tmp_path / "r.txt"))
    _withheld(got, PENALTY, PENALTY_WHERE, f"单元格印有注释标记：57{mark}，未取数")


def _docx_with_run(tmp_path: Path, r_pr: str, text: str, styles: str = "") -> Report:
    """The report as DOCX, its 行政处罚 cell printed 57 and then a run of `text` with
    run properties `r_pr`; `styles` are added to the styles part."""
    return extract(_docx_path_with_run(tmp_path, r_pr, text, styles))


def _penalty_cell(document: Any) -> Any:
    """The python-docx cell of 行政处罚's decisions, printed 57."""
    cell = next(
        row.cells[1]
        for table in document.tables
        for row in table.rows
        if row.cells[0].text == "行政处罚"
    )
    assert cell.text == "57"
    return cell


def _docx_path_with_run(tmp_path: Path, r_pr: str, text: str, styles: str = "") -> Path:
    path = write_docx(report_parts(base_values()), tmp_path / "r.docx")
    document = docx.Document(str(path))
    cell = _penalty_cell(document)
    cell.paragraphs[0]._p.append(
        parse_xml(f'<w:r xmlns:w="{W}"><w:rPr>{r_pr}</w:rPr><w:t>{text}</w:t></w:r>')
    )
    if styles:
        document.styles.element.append(parse_xml(styles))
    document.save(str(path))
    return path


def test_docx_superscript_run_is_a_note_mark(tmp_path: Path) -> None:
    got = _docx_with_run(tmp_path, '<w:vertAlign w:val="superscript"/>', "1")
    _withheld(got, PENALTY, PENALTY_WHERE, "单元格印有注释标记：57¹，未取数")


@pytest.mark.parametrize(
    "r_pr", ["<w:vanish/>", '<w:vanish w:val="true"/>', '<w:rStyle w:val="Hidden"/>']
)
def test_docx_hidden_run_is_not_read(tmp_path: Path, r_pr: str) -> None:
    hidden_style = (
        f'<w:style xmlns:w="{W}" w:type="character" w:styleId="Hidden">'
        '<w:name w:val="Hidden Note"/><w:rPr><w:vanish/></w:rPr></w:style>'
    )
    _exact(_docx_with_run(tmp_path, r_pr, "7", hidden_style))


def test_docx_run_unhidden_is_read(tmp_path: Path) -> None:
    """w:vanish w:val="0" prints the run (57 then 0: 570, which is not the printed 57)."""
    got = _docx_with_run(tmp_path, '<w:vanish w:val="0"/>', "0")
    assert got.cells[PENALTY] == 570


def _docx_styled(
    tmp_path: Path,
    text: str,
    *,
    p_pr: str = "",
    r_pr: str = "",
    printed_r_pr: str = "",
    styles: str = "",
    defaults: str = "",
    everywhere: str = "",
) -> Report:
    """The report as DOCX, its 行政处罚 cell printed 57 and then a run of `text`: the
    cell's paragraph given properties `p_pr`, the run `r_pr`, the run of 57
    `printed_r_pr`; `styles` added to the styles part, `defaults` to the document's
    default run properties, and `everywhere` to every other run of the document."""
    path = write_docx(report_parts(base_values()), tmp_path / "r.docx")
    document = docx.Document(str(path))
    ns = {"w": W}
    if everywhere:
        for run in document.element.body.iterfind(".//w:r", ns):
            _add_properties(run, everywhere)
    cell = _penalty_cell(document)
    p = cell.paragraphs[0]._p
    if printed_r_pr:
        (run,) = p.iterfind("w:r", ns)
        _add_properties(run, printed_r_pr)
    if p_pr:
        p_pr_el = p.get_or_add_pPr()
        for el in parse_xml(f'<w:pPr xmlns:w="{W}">{p_pr}</w:pPr>'):
            if el.tag.endswith("}pStyle"):
                p_pr_el.insert(0, el)  # (the schema's order: the style first)
            else:
                p_pr_el.append(el)
    p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:rPr>{r_pr}</w:rPr><w:t>{text}</w:t></w:r>'))
    for style in re.findall(r"<w:style .*?</w:style>", styles, re.S):
        document.styles.element.append(
            parse_xml(style.replace("<w:style ", f'<w:style xmlns:w="{W}" ', 1))
        )
    if defaults:
        r_pr_default = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", ns)
        for el in parse_xml(f'<w:rPr xmlns:w="{W}">{defaults}</w:rPr>'):
            r_pr_default.append(el)
    document.save(str(path))
    return extract(path)


def _add_properties(run: Any, r_pr: str) -> None:
    """Add run properties (markup of w:rPr's children) to a run."""
    props = run.find(f"{{{W}}}rPr")
    if props is None:
        props = parse_xml(f'<w:rPr xmlns:w="{W}"/>')
        run.insert(0, props)
    for el in parse_xml(f'<w:rPr xmlns:w="{W}">{r_pr}</w:rPr>'):
        props.append(el)


HIDDEN_PARAGRAPH_STYLES = (
    '<w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="HiddenChild"><w:name w:val="Hidden Child"/>'
    '<w:basedOn w:val="HiddenPara"/></w:style>'
    '<w:style w:type="character" w:styleId="Hidden"><w:name w:val="Hidden Note"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
    '<w:style w:type="character" w:styleId="Shown"><w:name w:val="Shown Note"/>'
    '<w:rPr><w:vanish w:val="0"/></w:rPr></w:style>'
)


@pytest.mark.parametrize("style", ["HiddenPara", "HiddenChild"])
@pytest.mark.parametrize("off", ["0", "false", "off"])
def test_docx_text_hidden_by_its_paragraph_style_is_not_read(
    tmp_path: Path, style: str, off: str
) -> None:
    """The paragraph's style (or the style it is based on) hides its text: the run of 57
    turns that off and prints, the run of 7 after it stays hidden (not 577)."""
    got = _docx_styled(
        tmp_path,
        "7",
        p_pr=f'<w:pStyle w:val="{style}"/>',
        printed_r_pr=f'<w:vanish w:val="{off}"/>',
        styles=HIDDEN_PARAGRAPH_STYLES,
    )
    _exact(got)


def test_docx_text_hidden_by_the_document_defaults_is_not_read(tmp_path: Path) -> None:
    got = _docx_styled(tmp_path, "7", defaults="<w:vanish/>", everywhere='<w:vanish w:val="0"/>')
    _exact(got)


def test_docx_character_style_that_says_shown_does_not_unhide(tmp_path: Path) -> None:
    """In a style, vanish off leaves the text as the paragraph's style has it: hidden."""
    got = _docx_styled(
        tmp_path,
        "7",
        p_pr='<w:pStyle w:val="HiddenPara"/>',
        r_pr='<w:rStyle w:val="Shown"/>',
        printed_r_pr='<w:vanish w:val="0"/>',
        styles=HIDDEN_PARAGRAPH_STYLES,
    )
    _exact(got)


def test_docx_character_style_hiding_in_a_hidden_paragraph_shows(tmp_path: Path) -> None:
    """Hidden text is a toggle (ECMA-376 17.7.3): a character style that hides it inside
    a paragraph whose style hides it too shows it again (57 then 0: 570)."""
    got = _docx_styled(
        tmp_path,
        "0",
        p_pr='<w:pStyle w:val="HiddenPara"/>',
        r_pr='<w:rStyle w:val="Hidden"/>',
        printed_r_pr='<w:vanish w:val="0"/>',
        styles=HIDDEN_PARAGRAPH_STYLES,
    )
    assert got.cells == {**base_values(), PENALTY: 570}


@pytest.mark.parametrize(
    ("p_pr", "r_pr"),
    [
        # hides the paragraph mark only: the text prints
        ("<w:rPr><w:vanish/></w:rPr>", ""),
        # hidden in a web page view only: printed on paper
        ("", "<w:webHidden/>"),
    ],
)
def test_docx_text_hidden_only_elsewhere_is_read(tmp_path: Path, p_pr: str, r_pr: str) -> None:
    """57 then a printed 0: 570, which is not the 57 of the report, shows the 0 read."""
    got = _docx_styled(tmp_path, "0", p_pr=p_pr, r_pr=r_pr)
    assert got.cells == {**base_values(), PENALTY: 570}


def _printed_mark(pdf: Path) -> tuple[float, float]:
    """How the mark after 57 is printed: its size and how far its foot stands above the
    foot of the 7, each as a share of the 7's size."""
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        chars = extract_chars(page.get_textpage(), page.get_height()).chars
        for a, b, c in zip(chars, chars[1:], chars[2:], strict=False):
            if a.text + b.text == "57" and c.text in "1¹":
                return c.size / b.size, (b.bottom - c.bottom) / b.size
    raise AssertionError("57 with a mark not printed")


def test_pdf_printed_from_docx_superscript_is_a_note_mark(tmp_path: Path) -> None:
    source = _docx_path_with_run(tmp_path, '<w:vertAlign w:val="superscript"/>', "1")
    (pdf,) = to_pdf_libreoffice(source)
    size, raise_ = _printed_mark(pdf)
    assert size < 0.7 and raise_ > 0.3  # the phenomenon: a small, raised 1
    _withheld(extract(pdf), PENALTY, PENALTY_WHERE, "单元格印有注释标记：57¹，未取数")


def test_pdf_printed_from_html_sup_is_a_note_mark(tmp_path: Path) -> None:
    parts = report_parts(base_values(), {PENALTY: "57<sup>1</sup>"})
    pdf = to_pdf_chromium(write_html(parts, tmp_path / "r.html"))
    size, raise_ = _printed_mark(pdf)
    assert 0.7 < size < 0.9 and raise_ > 0.3  # Chromium prints <sup> at 5/6 of the size
    _withheld(extract(pdf), PENALTY, PENALTY_WHERE, "单元格印有注释标记：57¹，未取数")


UNSEEN_9 = "单元格中有看不见的文字“9”（以白色或极小字号印出，或在页面显示范围之外），未取数"


@pytest.mark.parametrize(
    "span", ['<span style="color:#fff">9</span>', '<span style="font-size:0.5px">9</span>']
)
def test_pdf_printed_from_html_white_or_tiny_digit_is_not_read(tmp_path: Path, span: str) -> None:
    """57 and a 9 no one sees on the white page: Chromium prints the 9 in the text layer,
    which read 579."""
    parts = report_parts(base_values(), {PENALTY: "57" + span})
    pdf = to_pdf_chromium(write_html(parts, tmp_path / "r.html"))
    _withheld(extract(pdf), PENALTY, PENALTY_WHERE, UNSEEN_9)


def test_pdf_printed_from_html_transparent_digit_is_left_out(tmp_path: Path) -> None:
    parts = report_parts(base_values(), {PENALTY: '57<span style="color:rgba(0,0,0,0)">9</span>'})
    _exact(extract(to_pdf_chromium(write_html(parts, tmp_path / "r.html"))))


def test_pdf_printed_from_docx_white_run_is_not_read(tmp_path: Path) -> None:
    (pdf,) = to_pdf_libreoffice(_docx_path_with_run(tmp_path, '<w:color w:val="FFFFFF"/>', "9"))
    _withheld(extract(pdf), PENALTY, PENALTY_WHERE, UNSEEN_9)
