"""HTML reading: metadata block, page chrome, main content, tables with spans."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from ogi import limits
from ogi.blocks import Cell, ReadError
from ogi.extract import extract
from ogi.readers.html import blocks_from_fragment, read_html
from tests.shared import SAMPLES, sample_cells

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>示例镇人民政府2023年政府信息公开工作年度报告_示例镇人民政府</title>
<meta name="PubDate" content="2024-01-22 10:00">
<meta name="ContentSource" content="示例镇党政办公室">
<script>var note = "索引号：脚本里的不算";</script><style>p { color: red }</style>
</head>
<body><form id="form1">
<div class="header"><a href="/">示例镇人民政府门户网站</a></div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li></ul></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/nb">年度报告</a></div>
<table class="xxgk">
<tr><td>索 引 号：</td><td>000000000/2024-00003</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>示例镇人民政府</td><td>成文日期：</td><td>2024-01-19</td></tr>
<tr><td>有  效  性：</td><td></td><td>文　　号：</td><td>示政〔2024〕3号</td></tr>
</table>
<div class="article">
<h1>示例镇人民政府2023年政府信息公开工作年度报告</h1>
<!-- 正文开始 -->
<p>　　本报告由示例镇人民政府办公室编制，
内容包括总体情况等六个部分。<br>如对本报告有疑问，请联系示例镇党政办公室。</p>
<p><strong>一、总体情况</strong></p>
<h2>二、主动公开政府信息情况</h2>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
<tr><td rowspan="2">规范性<br/>文件</td><td>3</td><td colspan="2">1</td></tr>
<tr><td>5</td><td>  2 </td><td>7</td></tr>
</table>
</div>
<div class="footer">版权所有：示例镇人民政府　网站标识码：0000000000</div>
</form></body></html>
"""


def without_lines(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [[replace(c, line=None) for c in r] for r in rows]


def test_page_metadata_title_and_blocks() -> None:
    doc = read_html("示例.html", PAGE)
    assert doc.form == "html"
    assert doc.title == "示例镇人民政府2023年政府信息公开工作年度报告"
    assert doc.metadata == {
        "索引号": "000000000/2024-00003",
        "主题分类": "综合政务",
        "发布机构": "示例镇人民政府",
        "成文日期": "2024-01-19",
        "有效性": "",
        "文号": "示政〔2024〕3号",
        "发布日期": "2024-01-22 10:00",
    }
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1),
        ("paragraph", None),
        ("paragraph", None),
        ("heading", 2),
        ("table", None),
    ]
    assert doc.blocks[1].text == (
        "本报告由示例镇人民政府办公室编制，内容包括总体情况等六个部分。\n"
        "如对本报告有疑问，请联系示例镇党政办公室。"
    )
    assert doc.blocks[2].text == "一、总体情况"
    assert doc.blocks[3].text == "二、主动公开政府信息情况"
    assert [b.where.block for b in doc.blocks] == [0, 1, 2, 3, 4]
    assert doc.blocks[0].where.line == 18
    assert doc.blocks[4].where.line == 24
    assert [{c.line for c in r} for r in doc.blocks[4].rows] == [{25}, {26}, {27}, {28}]
    assert without_lines(doc.blocks[4].rows) == [
        [Cell("第二十条第（一）项", 0, 0, 1, 4)],
        [
            Cell("信息内容", 1, 0),
            Cell("本年制发件数", 1, 1),
            Cell("本年废止件数", 1, 2),
            Cell("现行有效件数", 1, 3),
        ],
        [Cell("规范性\n文件", 2, 0, 2, 1), Cell("3", 2, 1), Cell("1", 2, 2, 1, 2)],
        [Cell("5", 3, 1), Cell("2", 3, 2), Cell("7", 3, 3)],
    ]
    assert doc.problems == []


def test_metadata_in_div_and_span_pairs() -> None:
    page = """<html><head><title>示例</title></head><body>
    <ul class="info">
      <li><span>索引号：</span><span>000000000/2024-00007</span></li>
      <li><span>发文机关</span><span>示例镇人民政府</span></li>
      <li><b>发布日期：</b>2024-02-01</li>
      <li><b>主题词：</b></li>
    </ul>
    <div><p>示例镇2023年度政府信息公开工作报告正文第一段，说明本年度工作开展的基本情况。</p></div>
    </body></html>"""
    doc = read_html("x.html", page)
    assert doc.metadata == {
        "索引号": "000000000/2024-00007",
        "发文机关": "示例镇人民政府",
        "发布日期": "2024-02-01",
        "主题词": "",
    }
    assert [b.text for b in doc.blocks] == [
        "示例镇2023年度政府信息公开工作报告正文第一段，说明本年度工作开展的基本情况。"
    ]
    assert doc.title == "示例"


def test_metadata_on_one_line_and_meta_title() -> None:
    page = """<html><head><meta name="ArticleTitle" content="示例镇2023年年报">
    <title>页面标题</title></head><body>
    <p>索引号: 000000000/2024-00009 主题分类: 综合政务 浏览次数: 12 发布机构：示例镇人民政府</p>
    <p>示例镇全年主动公开政府信息一百二十条，各项工作有序推进。</p>
    </body></html>"""
    doc = read_html("x.html", page)
    assert doc.metadata == {
        "索引号": "000000000/2024-00009",
        "主题分类": "综合政务",
        "发布机构": "示例镇人民政府",
        "标题": "示例镇2023年年报",
    }
    assert doc.title == "示例镇2023年年报"
    assert [b.text for b in doc.blocks] == [
        "示例镇全年主动公开政府信息一百二十条，各项工作有序推进。"
    ]


def test_layout_table_is_a_container_and_menus_are_dropped() -> None:
    page = """<html><body>
    <table width="100%"><tr>
      <td class="left"><a href="/1">机构概况</a><br><a href="/2">政策文件</a><br>
        <a href="/3">年度报告</a><br><a href="/4">依申请公开</a></td>
      <td>
        <h3>示例镇2023年政府信息公开工作年度报告</h3>
        <p>示例镇本年度坚持以公开为常态、不公开为例外，持续推进政务公开工作。</p>
        <table><tr><td>收到申请数</td><td>18</td></tr><tr><td>办结数</td><td>17</td></tr></table>
        <div>（一）办理结果</div>
      </td>
    </tr></table>
    <div id="footer">主办：示例镇人民政府</div>
    </body></html>"""
    doc = read_html("x.html", page)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "示例镇2023年政府信息公开工作年度报告"),
        ("paragraph", "示例镇本年度坚持以公开为常态、不公开为例外，持续推进政务公开工作。"),
        ("table", ""),
        ("paragraph", "（一）办理结果"),
    ]
    assert doc.blocks[0].level == 3
    assert without_lines(doc.blocks[2].rows) == [
        [Cell("收到申请数", 0, 0), Cell("18", 0, 1)],
        [Cell("办结数", 1, 0), Cell("17", 1, 1)],
    ]
    assert doc.metadata == {}


def test_spans_shift_later_cells_and_do_not_overflow() -> None:
    page = """<html><body><table>
    <tr><td rowspan="3">甲</td><td colspan="2">乙</td></tr>
    <tr><td>丙</td><td rowspan="9">丁</td></tr>
    <tr><td>戊</td></tr>
    <tr><td>己</td><td></td><td>庚</td></tr>
    </table></body></html>"""
    rows = read_html("x.html", page).blocks[0].rows
    assert without_lines(rows) == [
        [Cell("甲", 0, 0, 3, 1), Cell("乙", 0, 1, 1, 2)],
        [Cell("丙", 1, 1), Cell("丁", 1, 2, 3, 1)],
        [Cell("戊", 2, 1)],
        [Cell("己", 3, 0), Cell("", 3, 1), Cell("庚", 3, 3)],  # 丁 still holds column 2
    ]


def test_cell_keeps_line_breaks_from_paragraphs() -> None:
    page = """<html><body><table><tr>
    <td><p>三、政府信息公开行政复议、
      行政诉讼情况</p><p>（单位：件）</p></td><td>0</td></tr></table></body></html>"""
    rows = read_html("x.html", page).blocks[0].rows
    assert rows[0][0].text == "三、政府信息公开行政复议、行政诉讼情况\n（单位：件）"


def test_xml_declaration_is_accepted() -> None:
    page = (
        '<?xml version="1.0" encoding="gb2312"?>'
        "<html><body><p>示例镇年度报告正文。</p></body></html>"
    )
    assert [b.text for b in read_html("x.html", page).blocks] == ["示例镇年度报告正文。"]


def test_empty_page_is_an_error() -> None:
    with pytest.raises(ReadError) as e:
        read_html("x.html", "  \n ")
    assert str(e.value) == "网页文件没有内容"


def test_page_without_content_reports_a_problem() -> None:
    doc = read_html("x.html", "<html><body><nav><a href='/'>首页</a></nav></body></html>")
    assert doc.blocks == []
    assert doc.problems == ["网页中没有找到正文内容"]


def test_fragment_lines_are_offset() -> None:
    blocks = blocks_from_fragment("<table>\n<tr><td>甲</td></tr>\n</table>\n<p>尾注</p>", 41)
    assert [(b.kind, b.where.line) for b in blocks] == [("table", 41), ("paragraph", 44)]
    assert blocks[0].rows == [[Cell("甲", 0, 0, line=42)]]


def test_title_outside_content_div_is_kept() -> None:
    body = "<p>示例镇本年度政府信息公开工作总体平稳，群众满意度较高，各项指标均按时完成。</p>" * 6
    page = f"""<html><head><title>年报_示例镇</title></head><body>
    <div class="tit"><h1>示例镇2023年政府信息公开工作年度报告</h1></div>
    <div class="con">{body}</div>
    </body></html>"""
    doc = read_html("x.html", page)
    assert doc.blocks[0].kind == "heading"
    assert doc.blocks[0].text == "示例镇2023年政府信息公开工作年度报告"
    assert len(doc.blocks) == 7
    assert doc.title == "示例镇2023年政府信息公开工作年度报告"


def test_stray_labels_in_prose_are_not_a_metadata_block() -> None:
    filler = "示例镇坚持依法公开，不断提升政府信息公开工作的规范化水平。" * 30
    page = f"""<html><body><div>
    <p>信息来源：镇党政办公室统计台账。</p>
    <p>{filler}</p>
    <p>标题：示例镇政府信息公开情况说明。</p>
    </div></body></html>"""
    doc = read_html("x.html", page)
    assert doc.metadata == {}
    assert len(doc.blocks) == 3


def test_preformatted_text_keeps_its_lines() -> None:
    page = (
        "<html><body><pre>示例镇年度报告\n一、总体情况\n  本年度工作平稳。\n\n"
        "二、主动公开\n</pre></body></html>"
    )
    doc = read_html("x.html", page)
    assert [(b.text, b.where.line) for b in doc.blocks] == [
        ("示例镇年度报告\n一、总体情况\n本年度工作平稳。", 1),
        ("二、主动公开", 5),
    ]


def test_metadata_values_split_by_inline_markup() -> None:
    page = """<html><body><div class="info">
    <p>发布日期：<span>2024</span>-01-05　<span>来源：</span><span>示例镇</span>人民政府</p>
    <p><span>索 引 号</span><span>000000000/2024-00011</span>
    <span>浏览次数：</span><span>33</span></p>
    </div><p>示例镇年度报告正文。</p></body></html>"""
    doc = read_html("x.html", page)
    assert doc.metadata == {
        "发布日期": "2024-01-05",
        "来源": "示例镇人民政府",
        "索引号": "000000000/2024-00011",
    }
    assert [b.text for b in doc.blocks] == ["示例镇年度报告正文。"]


def test_logo_heading_is_not_the_title() -> None:
    body = "<p>示例镇本年度政府信息公开工作总体平稳，各项指标均按时完成。</p>" * 6
    page = f"""<html><head><meta name="ArticleTitle" content="示例镇2023年政府信息公开年报">
    <title>示例镇人民政府</title></head><body>
    <div class="logo"><h1><a href="/">示例镇人民政府</a></h1></div>
    <div class="con">{body}</div></body></html>"""
    doc = read_html("x.html", page)
    assert doc.title == "示例镇2023年政府信息公开年报"
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 6


def test_content_is_found_past_a_long_menu_of_links() -> None:
    """Link text does not count towards the content: a menu of links holding more Chinese
    than the report (and no class naming it a menu) is left out; a link inside the report
    does not weigh against it either."""
    item = '<p><a href="/{k}">示例镇人民政府政务公开专栏第{k}项</a></p>'
    menu = "".join(item.format(k=k) for k in range(12))
    page = f"""<html><body>
    <div>{menu}</div>
    <div>
      <h2>示例镇2023年政府信息公开工作年度报告</h2>
      <p>示例镇本年度坚持以公开为常态、不公开为例外，<a href="/x">政务公开专栏</a>持续更新。</p>
      <table><tr><td>收到申请数</td><td>18</td></tr><tr><td>办结数</td><td>17</td></tr></table>
    </div>
    </body></html>"""
    doc = read_html("x.html", page)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "示例镇2023年政府信息公开工作年度报告"),
        ("paragraph", "示例镇本年度坚持以公开为常态、不公开为例外，政务公开专栏持续更新。"),
        ("table", ""),
    ]


def test_hidden_elements_are_not_read_but_a_wholly_hidden_article_is() -> None:
    para = "<p>示例镇人民政府坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。</p>" * 8
    table = "<table><tr><td>自然人</td><td>10</td></tr></table>"
    copy = '<div style="display:none"><table><tr><td>自然人</td><td>20</td></tr></table></div>'
    doc = read_html("x.html", f'<html><body><div class="article">{para}{copy}{table}</div>')
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 8 + ["table"]
    assert doc.blocks[-1].rows[0][1].text == "10"
    assert doc.problems == []
    # a page saved before its script showed the article: read as it is, with a problem
    page = f'<html><body><div style="display: none">{para}{table}</div></body></html>'
    doc = read_html("x.html", page)
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 8 + ["table"]
    assert doc.problems == ["网页正文设置为不显示（display:none 等），仍按其内容读取"]


def test_superscript_and_struck_out_text_in_a_fragment() -> None:
    blocks = blocks_from_fragment(
        "<table><tr><td>18<sup>1</sup></td><td><del>7</del>8</td></tr></table>"
    )
    assert [c.text for c in blocks[0].rows[0]] == ["18¹", "8"]


def test_a_struck_cell_keeps_its_column_and_a_cell_is_not_raised() -> None:
    """A cell struck out by its style is read empty, not taken out of its row (which
    would move the cells after it one column left); vertical-align on a cell places its
    content, it does not raise it."""
    (table,) = blocks_from_fragment(
        "<table><tr><td>行政许可</td>"
        '<td style="text-decoration:line-through">45</td><td>46</td>'
        '<td style="vertical-align:super">47</td></tr></table>'
    )
    assert [(c.text, c.col) for c in table.rows[0]] == [
        ("行政许可", 0),
        ("", 1),
        ("46", 2),
        ("47", 3),
    ]


def test_text_in_the_colour_its_cell_is_filled_with_withholds_the_cell() -> None:
    (table,) = blocks_from_fragment(
        "<table><tr>"
        '<td style="background:#ccc">57<span style="color:#cccccc">9</span></td>'
        '<td bgcolor="#D9D9D9">57<font color="#d9d9d9">9</font></td>'
        '<td style="background-color: rgb(204, 204, 204)">57<span style="color:#333">9</span></td>'
        "</tr></table>"
    )
    unseen = "单元格中有以单元格底色印出、看不见的文字“9”，未取数"
    assert [(c.text, c.doubt) for c in table.rows[0]] == [
        ("579", unseen),
        ("579", unseen),
        ("579", None),  # dark grey on light grey shows
    ]


def _shown(style: str, body: str) -> str:
    page = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    return "\n".join(b.text for b in read_html("x.html", page).blocks)


@pytest.mark.parametrize(
    "selector",
    [
        "p[",
        "::",
        "p::selection",
        "*:nth-of-type(2)",
        "p:nth-child(foo)",
        "p:unknown-pseudo",
        "a|b c",
        ")",
    ],
)
def test_selectors_that_cannot_be_worked_out_are_passed_over(selector: str) -> None:
    style = f"{selector}{{display:none}} .x{{display:none}}"
    body = '<p>示例镇人民政府<span class="x">隐藏</span></p><p>政务公开</p>'
    assert _shown(style, body) == "示例镇人民政府\n政务公开"


@pytest.mark.parametrize(
    ("doctype", "shown"),
    [
        ("", "示例镇人民政府"),  # no document type: quirks mode
        ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">', "示例镇人民政府"),
        ("<!DOCTYPE html>", "示例镇人民政府78"),
        (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
            ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
            "示例镇人民政府78",
        ),
    ],
)
def test_class_and_id_selectors_match_regardless_of_case_in_quirks_mode(
    doctype: str, shown: str
) -> None:
    """A browser shows a page of no or an old document type in quirks mode, where
    .Hide hides class="hide"; in standards mode it does not."""
    page = (
        f"{doctype}<html><head><style>.HIDE{{display:none}} #Gone{{display:none}}</style>"
        '</head><body><p>示例镇人民政府<span class="hide">7</span><b id="gone">8</b>'
        "</p></body></html>"
    )
    assert "\n".join(b.text for b in read_html("x.html", page).blocks) == shown


def test_text_added_by_a_rule_that_cannot_be_matched_is_said() -> None:
    page = (
        "<html><head><style>p:nth-child(2)::after{content:'9'}</style></head>"
        "<body><p>示例镇人民政府</p><p>政务公开</p></body></html>"
    )
    doc = read_html("x.html", page)
    assert [b.text for b in doc.blocks] == ["示例镇人民政府", "政务公开"]
    assert doc.problems == [
        "网页样式表在元素前后加入了文字（p:nth-child(2)::after），"
        "无法判断加在哪些元素上，这些文字未读取"
    ]


def test_rules_past_the_bound_are_not_applied_and_that_is_said() -> None:
    many = "".join(f".n{i}{{display:block}}" for i in range(20_000))
    page = (
        f"<html><head><style>{many} .x{{display:none}}</style></head>"
        '<body><p>示例镇人民政府<span class="x">7</span></p></body></html>'
    )
    doc = read_html("x.html", page)
    assert [b.text for b in doc.blocks] == ["示例镇人民政府7"]
    assert doc.problems == [
        "网页样式表中设置显示或隐藏的规则过多（20,001 条，上限 500），"
        "只按前 500 条判断哪些内容不显示"
    ]


def test_declarations_of_display_and_visibility() -> None:
    from ogi.readers.html_css import declarations

    got = declarations("color:red; DISPLAY : None ! Important ;visibility:\n hidden;display:block")
    assert got == {
        "color": ("red", False),  # (a rule that prints white is weighed: `_acts`)
        "display": ("block", False),
        "visibility": ("hidden", False),
    }
    assert declarations("display:none !important") == {"display": ("none", True)}
    assert declarations("font-display:none; display") == {}


def test_selectors_that_would_take_long_stop_at_the_bound_and_that_is_said() -> None:
    """A descendant selector over deeply nested elements that fails late backtracks
    through every choice of ancestors; the matching stops at its bound of steps."""
    deep = '<div class="a">' * 200 + '<span class="b">7</span>' + "</div>" * 200
    page = (
        "<html><head><style>.c .a .a .a .b{display:none}</style></head>"
        f"<body><p>示例镇人民政府</p>{deep}</body></html>"
    )
    doc = read_html("x.html", page)
    assert [b.text for b in doc.blocks] == ["示例镇人民政府", "7"]
    assert doc.problems == [
        "网页样式表的选择器过于复杂（超过 300,000 步），其余部分未用于判断哪些内容不显示"
    ]


def test_layout_only_style_rules_are_not_matched() -> None:
    """A style sheet that only lays out (display: block, flex) hides nothing and shows
    nothing an element's own style hides: it is not matched against the page at all."""
    from ogi.readers.html_css import page_rules

    layout = page_rules(
        lxml.html.fromstring(
            "<html><head><style>p{display:block} .a{display:flex}</style>"
            "</head><body><p class='a'>x</p></body></html>"
        )
    )
    assert layout.matched == {} and layout.problems == []
    hiding = page_rules(
        lxml.html.fromstring(
            "<html><head><style>p{display:block} .b{display:none}</style>"
            "</head><body><p class='b'>x</p></body></html>"
        )
    )
    assert [v for d in hiding.matched.values() for v in d] == ["display"]


def test_a_one_column_frame_table_around_the_article_is_layout() -> None:
    """Old portals frame the article in a table of one cell a row: its headings and
    paragraphs are read as such, not as one cell of a table."""
    page = (
        "<html><body><table width='900'><tr><td>"
        "<h1>示例镇人民政府2024年政府信息公开工作年度报告</h1></td></tr><tr><td><p>一、总体情况</p><p>本年度示例镇坚持以公开为常态。</p>"
        "<p>二、主动公开政府信息情况</p></td></tr></table></body></html>"
    )
    doc = read_html("frame.html", page)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "示例镇人民政府2024年政府信息公开工作年度报告"),
        ("paragraph", "一、总体情况"),
        ("paragraph", "本年度示例镇坚持以公开为常态。"),
        ("paragraph", "二、主动公开政府信息情况"),
    ]


ATTACHED_PAGE = """<html><head><title>示例镇人民政府2024年政府信息公开工作年度报告</title></head>
<body><div class="nav"><a href="/">首页</a><a href="/map.html">网站地图</a></div>
<div class="content"><h1>示例镇人民政府2024年政府信息公开工作年度报告</h1><p>详见附件。</p>
<iframe src="/pdfjs/web/viewer.html?file=/up/%E5%B9%B4%E6%8A%A5.pdf"></iframe>
<object data="/up/年报.pdf"></object><embed src="/flash/player.swf">
<p>附件：<a href="/up/2025/P020250120.pdf">示例镇人民政府2024年政府信息公开工作年度报告</a></p>
<p><a href="../files/%E8%A1%A8%E6%A0%BC.xlsx?v=2">下载</a>
<a href="/up/2025/P020250120.pdf">示例镇人民政府2024年政府信息公开工作年度报告</a>
<a href="http://[bad/x.pdf">坏链接</a> <a href="/view.jsp?id=3">查看原文</a>
<a href="mailto:gk@example.cn">联系我们</a></p></div></body></html>"""


def test_files_a_page_links_to_are_its_attachments() -> None:
    doc = read_html("p.html", ATTACHED_PAGE)
    # a file shown in a frame (a PDF viewer's file=) by its name, a link by its text or
    # by the file name where the text says nothing; each once; a link that is no
    # address, a page, a mail address or a player is not a file
    assert doc.attachments == [
        "年报.pdf",
        "示例镇人民政府2024年政府信息公开工作年度报告",
        "表格.xlsx",
    ]


def test_an_unclosed_void_element_does_not_carry_the_article_away(tmp_path: Path) -> None:
    """HTML5's <embed>, <source>, <wbr> … hold nothing, and pages leave them unclosed;
    the HTML 4 parser takes them for containers of what follows. An <embed> of a video
    before the tables dropped the tables with it: the page read as no report."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    video = (
        '<embed src="/media/解读.mp4" width="640" height="360">'
        '<video controls><source src="/media/解读.mp4" type="video/mp4">'
        "您的浏览器不支持视频播放</video>"
    )
    changed = page.replace(
        "<h2>二、主动公开政府信息情况</h2>", video + "<h2>二、主动公开政府信息情况</h2>"
    )
    changed = changed.replace(
        "政府信息公开工作年度报告</h1>", "政府信息<wbr>公开工作年度报告</h1>", 1
    )
    plain, odd = read_html("a.html", page), read_html("b.html", changed)
    assert [(b.kind, b.text, b.rows) for b in odd.blocks] == [
        (b.kind, b.text, b.rows) for b in plain.blocks
    ]
    _reads_as_the_sample(tmp_path, changed)


def test_what_follows_an_early_end_of_the_page_is_read(tmp_path: Path) -> None:
    """A template that includes a header fragment with its own </body></html> ends the
    page early for libxml2, which left out all that follows; a browser shows it."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    early = page.replace("<h1>", "</body></html>\n<h1>", 1)
    _reads_as_the_sample(tmp_path, early)


def _reads_as_the_sample(folder: Path, html: str) -> None:
    """The page, changed from the sample's, reads as the sample: its cells, title and
    six parts."""
    path = folder / "页面.html"
    path.write_text(html, encoding="utf-8")
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.title == "示例镇人民政府2024年政府信息公开工作年度报告"
    assert len(r.sections) == 6


LICENSING = '<tr><td>行政许可</td><td colspan="3" class="v">46</td></tr>'
T3_TOTAL = '<tr><td colspan="2">（七）总计</td>'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (LICENSING, LICENSING.replace("<tr>", '<tr class="row-footer">')),
        (LICENSING, LICENSING.replace("<td>", '<td class="td-header">')),
        (LICENSING, LICENSING.replace("<td>", '<td id="nav">')),
        (T3_TOTAL, T3_TOTAL.replace("<tr>", '<tr class="foot">')),
        ('class="h"', 'class="header"'),
        ('<table class="t4" data-edition="2021">', '<table class="t4"><tbody class="menu">'),
    ],
    ids=["tr-footer", "td-header", "td-nav", "total-foot", "t4-header", "tbody-menu"],
)
def test_rows_and_cells_of_a_data_table_are_not_page_chrome(
    tmp_path: Path, old: str, new: str
) -> None:
    """A row or cell named like page chrome (footer, header, nav …) inside a table of
    the report is part of it: dropped as chrome, it took the row's numbers with it."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    assert old in page
    _reads_as_the_sample(tmp_path, page.replace(old, new))


def _t4_rows(page: str) -> tuple[str, list[str]]:
    """The sample's 表四 opening tag and its four rows (three of headings, one of
    values), one a line."""
    start = page.index('<table class="t4"')
    end = page.index("</table>", start)
    opening, *rows = page[start:end].strip().split("\n")
    assert len(rows) == 4
    return opening, rows


def _t4_rebuilt(page: str, inside: str) -> str:
    """The page with 表四's content replaced by `inside` (in which {head} stands for its
    rows of headings and {values} for its row of values)."""
    opening, rows = _t4_rows(page)
    start = page.index(opening)
    end = page.index("</table>", start)
    inside = inside.format(head="".join(rows[:3]), values=rows[3])
    return page[:start] + opening + inside + page[end:]


@pytest.mark.parametrize(
    "change",
    [
        # rows inside elements a browser moves out of the table, the rows staying
        lambda page: page.replace(LICENSING, f"<form>{LICENSING}</form>"),
        lambda page: page.replace(LICENSING, f'<a href="/xzxk/">{LICENSING}</a>'),
        lambda page: page.replace(LICENSING, f"<div>{LICENSING}</div>"),
        lambda page: page.replace(LICENSING, f"<span>{LICENSING}</span>"),
        lambda page: _t4_rebuilt(page, "<form>{head}{values}</form>"),
        # cells without a row: one row
        lambda page: page.replace(LICENSING, LICENSING[len("<tr>") : -len("</tr>")]),
        # the head drawn first, wherever it stands
        lambda page: _t4_rebuilt(page, "<tbody>{values}</tbody><thead>{head}</thead>"),
    ],
    ids=["form", "a", "div", "span", "t4-form", "no-tr", "thead-last"],
)
def test_rows_are_read_as_a_browser_draws_them(tmp_path: Path, change: Any) -> None:
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    changed = change(page)
    assert changed != page
    _reads_as_the_sample(tmp_path, changed)


def test_table_rows_in_the_order_and_structure_a_browser_draws() -> None:
    (table,) = blocks_from_fragment(
        "<table><tfoot><tr><td>总计</td><td>6</td></tr></tfoot>"
        "<tbody><tr><td>甲</td><td>1</td></tr></tbody>"
        "<thead><tr><th>项目</th><th>数量</th></tr></thead>"
        "<thead><tr><td>乙</td><td>2</td></tr></thead>"
        '<form><tr><td>丙</td><div><td class="v">3</td></div></tr></form>'
        "<td>丁</td><td>0</td>"
        "</table>"
    )
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "数量"],
        ["甲", "1"],
        ["乙", "2"],
        ["丙", "3"],
        ["丁", "0"],
        ["总计", "6"],
    ]


def test_a_page_declared_utf8_with_a_block_in_gbk_is_read_as_utf8(tmp_path: Path) -> None:
    """A page that says it is UTF-8 and is, but for a menu pasted in from a GBK page,
    is read as UTF-8 and the problems say what could not be read; read as GB18030 (which
    decodes any bytes) its Chinese came out as other characters and no report was
    found. A page in GBK that says it is UTF-8 is read as GBK, without a word."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page
    head, rest = page.split("<h1>", 1)
    menu = b"<div>" + ("首页" * 200).encode("gbk") + b"</div><h1>"
    path = tmp_path / "页面.html"
    path.write_bytes(head.encode() + menu + rest.encode())
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert [p.message for p in r.problems] == [
        "网页声明其编码为 UTF-8，但其中有 400 处字节不是 UTF-8"
        "（可能混有其他编码的文字），未能读出，其余按 UTF-8 读取"
    ]
    path.write_bytes(page.encode("gbk"))
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="big5">',
        '<meta http-equiv="Content-Type" content="text/html; charset=BIG5">',
        '<meta charset="x-x-big5">',
    ],
)
def test_a_page_in_big5_that_says_so_is_read(tmp_path: Path, meta: str) -> None:
    """Traditional characters in Big5, as Hong Kong and Taiwan pages are written:
    GB18030 decodes the bytes too, into other characters, and no report was found."""
    import zhconv

    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    page = zhconv.convert(page.replace('<meta charset="utf-8">', meta), "zh-hant")
    assert "示例鎮" in page
    path = tmp_path / "頁面.html"
    path.write_bytes(page.encode("big5", errors="xmlcharrefreplace"))
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


@pytest.mark.parametrize("meta", ["", '<meta charset="gb2312">'])
def test_a_page_in_big5_that_does_not_say_so_is_read(tmp_path: Path, meta: str) -> None:
    """Undeclared, or declared GB2312 by a template: as GB18030 its characters are
    other, rare ones, and no report was found."""
    import zhconv

    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    page = zhconv.convert(page.replace('<meta charset="utf-8">', meta), "zh-hant")
    path = tmp_path / "頁面.html"
    path.write_bytes(page.encode("big5", errors="xmlcharrefreplace"))
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


def test_a_page_in_gbk_that_says_big5_is_read_as_gbk(tmp_path: Path) -> None:
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    path = tmp_path / "页面.html"
    path.write_bytes(page.replace('<meta charset="utf-8">', '<meta charset="big5">').encode("gbk"))
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


def _in_frames(page: str, frame: str) -> str:
    """The page with each of its tables in a frame: `frame` with {doc} standing for the
    table as a page written into srcdoc."""
    for table in re.findall(r"<table.*?</table>", page, re.S):
        page = page.replace(table, frame.format(doc=html.escape(table)))
    return page


def test_tables_in_a_frame_written_into_the_page_are_read(tmp_path: Path) -> None:
    """<iframe srcdoc="…">, as an editor embeds a table: a browser shows the page
    written into the attribute. All three tables were dropped with the frame."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    framed = _in_frames(page, '<iframe srcdoc="{doc}" width="100%" height="600"></iframe>')
    assert framed.count("<iframe") == 3
    _reads_as_the_sample(tmp_path, framed)
    r = extract(tmp_path / "页面.html")
    # (the line the cell stands on in the file, inside the attribute)
    line = next(k for k, s in enumerate(framed.split("\n"), 1) if "行政许可&lt;" in s)
    assert r.origins["t2.art20_5.licensing.decisions"].line == line


def test_a_frame_hides_and_shows_by_its_own_rules(tmp_path: Path) -> None:
    """Inside the frame its own style rules hold (an old 行政许可 row hidden there) and
    the page's do not (its .now hides nothing in the frame); a frame the page hides, or
    draws without size, shows nothing (a stale copy of 表四 with other numbers)."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    t2 = re.search(r'<table class="t2".*?</table>', page, re.S)
    t4 = re.search(r'<table class="t4".*?</table>', page, re.S)
    assert t2 is not None and t4 is not None
    row = '<tr><td>行政许可</td><td colspan="3" class="v">46</td></tr>'
    inner = t2.group().replace(
        row, '<tr class="old"><td>行政许可</td><td colspan="3">45</td></tr>' + row
    )
    inner = "<style>.old{display:none}</style>" + inner.replace("<tr>", '<tr class="now">')
    stale = html.escape(t4.group().replace('<td class="v">1</td>', '<td class="v">7</td>'))
    changed = page.replace(t2.group(), f'<iframe srcdoc="{html.escape(inner)}"></iframe>')
    changed = changed.replace("</style>", ".now{display:none}</style>", 1)
    changed = changed.replace(
        "<h2>四、",
        f'<iframe srcdoc="{stale}" style="display:none"></iframe>'
        f'<iframe srcdoc="{stale}" width="0" height="0"></iframe><h2>四、',
    )
    _reads_as_the_sample(tmp_path, changed)


def test_tables_in_frames_saved_beside_the_page_are_read(tmp_path: Path) -> None:
    """A browser's 网页，全部 saves the page a frame shows in the page's folder and
    points the frame at it: the tables were dropped with their frames. A frame naming a
    page outside that folder is not opened."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    folder = tmp_path / "站点" / "页面_files"
    folder.mkdir(parents=True)
    for k, table in enumerate(re.findall(r"<table.*?</table>", page, re.S)):
        name = f"saved_resource({k}).html"
        (folder / name).write_text(f'<meta charset="utf-8"><body>{table}</body>', "utf-8")
        page = page.replace(table, f'<iframe src="页面_files/{name}" height="480"></iframe>')
    (tmp_path / "外面.html").write_text("<p>框架外的文件不应读取</p>", encoding="utf-8")
    page = page.replace("<h2>五、", '<iframe src="../外面.html"></iframe><h2>五、')
    _reads_as_the_sample(tmp_path / "站点", page)
    r = extract(tmp_path / "站点" / "页面.html")
    assert "框架外" not in "".join(s.text for s in r.sections)


def test_what_frames_hold_in_all_is_bounded_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """Frames may each name one large page of an archive, read anew for each: past the
    bound the rest are not read, and the problems say so once."""
    monkeypatch.setattr(
        limits, "HTML_FRAME_CHARS", limits.Limit(2500, limits.HTML_FRAME_CHARS.message)
    )
    frame = '<iframe srcdoc="&lt;p&gt;框架{k}中的段落&lt;/p&gt;"></iframe>'
    page = "<html><body>" + "".join(frame.format(k=k) for k in range(4)) + "</body></html>"
    doc = read_html("框架.html", page)
    assert [b.text for b in doc.blocks] == ["框架0中的段落", "框架1中的段落"]
    assert doc.problems == [
        "网页框架（iframe 或 frame）中的网页合计超过 2,500 字符，其余框架的内容未读取"
    ]


def test_a_frameset_of_pages_saved_beside_it_is_read(tmp_path: Path) -> None:
    """An old portal's <frameset>: the page holds only frames, each showing a page a
    browser saves in the page's folder; the report was in one of them and nothing was
    read. A frame in a frame's page names its page from that page's folder; a frame
    given no room shows nothing, nor does <noframes>."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    folder = tmp_path / "页面_files"
    folder.mkdir()
    (folder / "top.html").write_text("<body><p>示例镇人民政府门户网站</p></body>", "utf-8")
    (folder / "stale.html").write_text(page.replace('class="v">46<', 'class="v">45<'), "utf-8")
    (folder / "main.html").write_text(
        '<frameset cols="20%,*"><frame src="left.html"><frame src="report.html"></frameset>',
        "utf-8",
    )
    (folder / "left.html").write_text("<body><p>栏目导航</p></body>", "utf-8")
    (folder / "report.html").write_text(page, "utf-8")
    framed = (
        '<html><head><meta charset="utf-8"><title>示例镇人民政府</title></head>'
        '<frameset rows="80,0,*"><frame src="页面_files/top.html" name="top">'
        '<frame src="页面_files/stale.html"><frame src="页面_files/main.html">'
        "<noframes><body><p>您的浏览器不支持框架</p></body></noframes></frameset></html>"
    )
    _reads_as_the_sample(tmp_path, framed)
    r = extract(tmp_path / "页面.html")
    assert r.problems == []


def test_frames_of_a_frameset_that_cannot_be_read_are_said(tmp_path: Path) -> None:
    """A frame naming a file outside the page's folder (../../etc/passwd) is not
    opened, one showing the page itself or a page it is in is not read again, frames
    past the bound on their depth are not read, and pages not saved are counted."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    folder = tmp_path / "站点" / "页面_files"
    folder.mkdir(parents=True)
    (tmp_path / "外面.html").write_text("<p>框架外的文件不应读取</p>", encoding="utf-8")
    (folder / "report.html").write_text(page, "utf-8")
    (folder / "loop.html").write_text(
        '<frameset rows="50%,*"><frame src="loop.html"><frame src="../页面.html"></frameset>',
        "utf-8",
    )
    for k in range(1, 5):
        (folder / f"d{k}.html").write_text(f'<frameset><frame src="d{k + 1}.html"></frameset>')
    (folder / "d5.html").write_text("<p>很深的框架中的段落</p>", "utf-8")
    framed = (
        '<frameset rows="1,1,1,1,1,*"><frame src="../外面.html"><frame src="页面_files/loop.html">'
        '<frame src="页面_files/d1.html"><frame src="http://www.example.gov.cn/top.html">'
        '<frame src="about:blank"><frame src="页面_files/report.html"></frameset>'
    )
    _reads_as_the_sample(tmp_path / "站点", framed)
    r = extract(tmp_path / "站点" / "页面.html")
    assert "框架外" not in "".join(s.text for s in r.sections)
    assert [p.message for p in r.problems] == [
        "网页的框架（frame）指向网页所在文件夹以外的文件（../外面.html），未读取",
        "网页的框架（frame）显示的是网页自身或其外层网页（页面_files/loop.html），未重复读取",
        "网页的框架（frame）显示的是网页自身或其外层网页（页面.html），未重复读取",
        "网页中的框架（frame）嵌套超过 3 层，更深的框架内容未读取",
        "网页中有 1 个框架（frame）中的网页未随网页保存，未能读取（请连同框架中的网页一起保存）",
    ]


def test_float_rules_are_bounded_apart_from_the_rules_that_hide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rules that float text are matched inside tables' cells, under a bound of their
    own: past it the rest are not applied and that is said, and the rules that hide are
    applied all the same."""
    monkeypatch.setattr(limits, "CSS_FLOAT_RULES", limits.Limit(3, limits.CSS_FLOAT_RULES.message))
    floats = "".join(f".m{k}{{float:left}}" for k in range(5))
    page = (
        f"<html><head><style>{floats} .gone{{display:none}}</style></head><body><table>"
        '<tr><td>行政许可</td><td>4<span class="m0">6</span></td></tr>'
        '<tr><td>行政处罚</td><td>5<span class="m4">7</span><span class="gone">9</span></td></tr>'
        "</table></body></html>"
    )
    doc = read_html("x.html", page)
    rows = doc.blocks[0].rows
    assert [c.text for c in rows[0]] == ["行政许可", "46"]
    assert rows[0][1].doubt == (
        "单元格中有浮动到一侧显示、不在文字原位的文字“6”（float:left），"
        "无法确定单元格显示的值，未取数"
    )
    assert [(c.text, c.doubt) for c in rows[1]] == [("行政处罚", None), ("57", None)]
    assert doc.problems == [
        "网页样式表中设置浮动（float）的规则过多（5 条，上限 3），"
        "只按前 3 条判断表格中哪些文字浮动到一侧显示"
    ]


T3_HEAD = (
    '<tr><td rowspan="2" class="h">自然人</td><td colspan="5" class="h">法人或其他组织</td>'
    '<td rowspan="2" class="h">总计</td></tr>\n<tr><td class="h">商业企业</td>'
    '<td class="h">科研机构</td><td class="h">社会公益组织</td><td class="h">法律服务机构</td>'
    '<td class="h">其他</td></tr>'
)


def test_table_three_is_read_in_the_columns_its_header_prints(tmp_path: Path) -> None:
    """总计 printed first and 科研机构 before 商业企业, each number under its heading: the
    header names every column once, over a column of its own, and tells which number is
    whose. The table was withheld whole (175 cells), its values placed by the format's
    order."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    assert page.count(T3_HEAD) == 1
    page = page.replace(
        T3_HEAD,
        '<tr><td rowspan="2" class="h">总计</td><td rowspan="2" class="h">自然人</td>'
        '<td colspan="5" class="h">法人或其他组织</td></tr>\n<tr><td class="h">科研机构</td>'
        '<td class="h">商业企业</td><td class="h">社会公益组织</td>'
        '<td class="h">法律服务机构</td><td class="h">其他</td></tr>',
    )
    values = re.compile(r'((?:<td class="v">\d+</td>){7})</tr>')

    def moved(m: re.Match[str]) -> str:
        v = re.findall(r'<td class="v">\d+</td>', m.group(1))
        return "".join([v[6], v[0], v[2], v[1], *v[3:6]]) + "</tr>"

    t3 = re.search(r'<table class="t3".*?</table>', page, re.S)
    assert t3 is not None
    table, rows = values.subn(moved, t3.group())
    assert rows == 25
    page = page.replace(t3.group(), table)
    _reads_as_the_sample(tmp_path, page)
    assert extract(tmp_path / "页面.html").problems == []


def _cells(texts: str, attrs: str = "") -> str:
    return "".join(f"<td{attrs}>{t}</td>" for t in texts.split())


def test_table_four_is_read_in_the_columns_its_header_prints(tmp_path: Path) -> None:
    """行政诉讼 printed before 行政复议, 总计 first among the outcomes of suits without
    review, each number under its heading: each outcome stands under its group's merged
    heading and tells which number is whose. The table was withheld whole (15 cells)."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    t4 = re.search(r'<table class="t4".*?</table>', page, re.S)
    assert t4 is not None
    outcomes = "结果维持 结果纠正 其他结果 尚未审结 总计"
    table = (
        '<table class="t4"><tr><td colspan="10">行政诉讼</td><td colspan="5">行政复议</td></tr>'
        '<tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td>'
        + _cells(outcomes, ' rowspan="2"')
        + "</tr><tr>"
        + _cells("总计 结果维持 结果纠正 其他结果 尚未审结 " + outcomes)
        + "</tr><tr>"
        + _cells("26 5 6 7 8 9 11 12 13 45 1 2 3 4 10")
        + "</tr></table>"
    )
    path = tmp_path / "页面.html"
    path.write_text(page.replace(t4.group(), table), encoding="utf-8")
    got = extract(path)
    assert {k: v for k, v in got.cells.items() if k.startswith("t4.")} == {
        "t4.review.upheld": 1,
        "t4.review.corrected": 2,
        "t4.review.other": 3,
        "t4.review.pending": 4,
        "t4.review.total": 10,
        "t4.litigation.direct.upheld": 5,
        "t4.litigation.direct.corrected": 6,
        "t4.litigation.direct.other": 7,
        "t4.litigation.direct.pending": 8,
        "t4.litigation.direct.total": 26,
        "t4.litigation.after_review.upheld": 9,
        "t4.litigation.after_review.corrected": 11,
        "t4.litigation.after_review.other": 12,
        "t4.litigation.after_review.pending": 13,
        "t4.litigation.after_review.total": 45,
    }
    want = sample_cells("示例镇-2024.html")
    assert {k: v for k, v in got.cells.items() if not k.startswith("t4.")} == {
        k: v for k, v in want.items() if not k.startswith("t4.")
    }
    assert got.problems == []


def test_colour_rules_are_bounded_apart_from_the_rules_that_hide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rules that print text white are matched on tables' cells, under a bound of their
    own; rules that set overflow and sizes count only where they make a box of no room.
    Neither crowds out the rules that hide (a site's style sheet holds hundreds)."""
    monkeypatch.setattr(limits, "CSS_RULES", limits.Limit(3, limits.CSS_RULES.message))
    monkeypatch.setattr(limits, "CSS_COLOR_RULES", limits.Limit(3, limits.CSS_COLOR_RULES.message))
    site = "".join(f".w{k}{{color:#fff;overflow:hidden;width:{k}0px}}" for k in range(5))
    page = (
        f"<html><head><style>{site} .gone{{display:none}}</style></head><body><table>"
        '<tr><td>行政许可</td><td>4<span class="w0">6</span></td></tr>'
        '<tr><td>行政处罚</td><td>5<span class="w4">7</span><span class="gone">9</span></td></tr>'
        "</table></body></html>"
    )
    doc = read_html("x.html", page)
    rows = doc.blocks[0].rows
    assert [c.text for c in rows[0]] == ["行政许可", "46"]
    assert rows[0][1].doubt == "单元格中有以白色或透明印出、在白底上看不见的文字“6”，未取数"
    assert [(c.text, c.doubt) for c in rows[1]] == [("行政处罚", None), ("57", None)]
    assert doc.problems == [
        "网页样式表中把文字设为白色或透明的规则过多（5 条，上限 3），"
        "只按前 3 条判断表格中哪些文字看不见"
    ]


_VALUE = r'<td class="v">([^<]*)</td>'  # a value cell of the sample


def _with_a_hidden_nine(page: str, link: str) -> str:
    """The sample with a 9 of class gone after each value, and `link` in its head."""
    page = re.sub(_VALUE, r'<td class="v">\1<span class="gone">9</span></td>', page)
    return page.replace("</head>", link + "</head>")


@pytest.mark.parametrize("href", ["页面_files/site.css", "./页面_files/site.css?v=3"])
def test_style_sheets_saved_beside_the_page_hide_as_its_own_rules(
    tmp_path: Path, href: str
) -> None:
    """A browser's 网页，全部 saves the site's style sheet in the page's folder: its rule
    .gone{display:none} hid the 9s, which were read (469, …)."""
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    (tmp_path / "页面_files").mkdir()
    (tmp_path / "页面_files" / "site.css").write_text(".gone{display:none}", encoding="utf-8")
    link = f'<link rel="stylesheet" type="text/css" href="{href}">'
    (tmp_path / "页面.html").write_text(_with_a_hidden_nine(page, link), encoding="utf-8")
    r = extract(tmp_path / "页面.html")
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


@pytest.mark.parametrize(
    "link",
    [
        '<link rel="stylesheet" href="页面_files/site.css" media="print">',
        '<link rel="alternate stylesheet" href="页面_files/site.css">',
        '<link rel="stylesheet" href="页面_files/absent.css">',
        '<link rel="stylesheet" href="../site.css">',  # (outside the page's folder)
        '<link rel="stylesheet" href="https://www.example.gov.cn/site.css">',
    ],
)
def test_style_sheets_not_shown_or_not_saved_with_the_page_hide_nothing(
    tmp_path: Path, link: str
) -> None:
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    (tmp_path / "site.css").write_text(".gone{display:none}", encoding="utf-8")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "页面_files").mkdir()
    (tmp_path / "page" / "页面_files" / "site.css").write_text(".gone{display:none}")
    path = tmp_path / "page" / "页面.html"
    path.write_text(_with_a_hidden_nine(page, link), encoding="utf-8")
    r = extract(path)
    assert r.cells["t3.new_received.total"] == 129  # (12 and the 9 beside it)
    assert r.problems == []


@pytest.mark.parametrize(
    ("head", "hidden"),
    [
        ('<style>@import url("页面_files/site.css");</style>', True),
        ("<style>@import '页面_files/site.css' screen;</style>", True),
        ('<link rel="stylesheet" href="页面_files/main.css">', True),  # (which imports it)
        ("<style>@import url(页面_files/site.css) print;</style>", False),
        ('<style>@import url("页面_files/absent.css");</style>', False),
    ],
)
def test_style_sheets_imported_and_saved_with_the_page_hide_as_its_own_rules(
    tmp_path: Path, head: str, hidden: bool
) -> None:
    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    (tmp_path / "页面_files").mkdir()
    (tmp_path / "页面_files" / "site.css").write_text(".gone{display:none}", encoding="utf-8")
    (tmp_path / "页面_files" / "main.css").write_text("@import url(site.css);", encoding="utf-8")
    (tmp_path / "页面.html").write_text(_with_a_hidden_nine(page, head), encoding="utf-8")
    r = extract(tmp_path / "页面.html")
    assert r.cells["t3.new_received.total"] == (12 if hidden else 129)
    assert r.problems == []


def test_what_is_inside_cells_is_each_element_once_in_the_page_s_order() -> None:
    """The elements the colour and float rules are matched on: inside any cell, a table
    in a cell and its cells included, each once, in the page's order (walked cell by
    cell: the XPath union it replaces took 9 s on a page of 100,000 cells)."""
    from lxml import html as lxml_html

    from ogi.readers.html_css import _in_cells

    doc = lxml_html.document_fromstring(
        "<p><b>0</b></p><table><tr><td><b>1</b><table><tr><th><i>2</i></th>"
        "<td>x<u>3</u></td></tr></table></td><th><s>4</s></th></tr></table>"
    )
    got = [(e.tag, e.text_content()) for e in _in_cells(doc)]
    assert got == [
        ("b", "1"),
        ("table", "2x3"),
        ("tr", "2x3"),
        ("th", "2"),
        ("i", "2"),
        ("td", "x3"),
        ("u", "3"),
        ("s", "4"),
    ]


def test_rules_keyed_by_type_alone_reach_what_is_inside_cells() -> None:
    """Rules whose selectors name a type of element only are matched on the elements of
    those types alone (body and main, on none of the cells): a rule for a type inside
    a cell still prints it white, floats it, prints it in the colour its row is filled
    with, or hides it."""
    page = (
        "<!DOCTYPE html><html><head><style>body{background:#f4f4f4} main{background:#fff}"
        " b{color:#fff} i{float:right} tr{background:#ccc} em{color:#ccc} q{display:none}"
        "</style></head><body><main><p>示例镇人民政府<b>1</b></p><table>"
        "<tr><td>行政许可</td><td>4<b>6</b></td></tr>"
        "<tr><td>行政处罚</td><td>5<i>7</i></td></tr>"
        "<tr><td>行政强制</td><td>3<em>8</em></td></tr>"
        "<tr><td>其他</td><td>2<q>9</q></td></tr>"
        "</table></main></body></html>"
    )
    doc = read_html("x.html", page)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "示例镇人民政府1"),
        ("table", ""),
    ]
    assert [[(c.text, c.doubt) for c in row] for row in doc.blocks[1].rows] == [
        [("行政许可", None), ("46", "单元格中有以白色或透明印出、在白底上看不见的文字“6”，未取数")],
        [
            ("行政处罚", None),
            (
                "57",
                "单元格中有浮动到一侧显示、不在文字原位的文字“7”（float:right），"
                "无法确定单元格显示的值，未取数",
            ),
        ],
        [("行政强制", None), ("38", "单元格中有以单元格底色印出、看不见的文字“8”，未取数")],
        [("其他", None), ("2", None)],
    ]
    assert doc.problems == []


@pytest.mark.parametrize(
    ("types", "inside"),
    [
        (frozenset({"b", "table"}), [("b", "1"), ("table", "2")]),
        (frozenset({"td"}), [("td", "2")]),
        (frozenset({"p"}), []),
        (frozenset(), []),
    ],
)
def test_what_is_inside_cells_of_some_types_is_what_a_cell_holds(
    types: frozenset[str], inside: list[tuple[str, str]]
) -> None:
    """Of given types, the elements inside a cell are those with a cell above them: a
    table's own cells only when the table is inside a cell; none of no type."""
    from lxml import html as lxml_html

    from ogi.readers.html_css import _in_cells

    doc = lxml_html.document_fromstring(
        "<p><b>0</b></p><table><tr><td><b>1</b><table><tr>"
        "<td>2</td></tr></table></td><td>3</td></tr></table>"
    )
    assert [(e.tag, e.text_content()) for e in _in_cells(doc, types)] == inside


@pytest.mark.parametrize(
    ("chrome", "kept"),
    [
        ('<div id="Top-NAV">首页 示例镇人民政府门户</div>', []),  # (named by its id alone)
        ('<div class="x Site_Footer">首页 示例镇人民政府门户</div>', []),
        ("<footer>首页 示例镇人民政府门户</footer>", []),  # (by its type, no class or id)
        ('<div class="x">首页 示例镇人民政府门户</div>', ["首页 示例镇人民政府门户"]),
    ],
)
def test_chrome_inside_the_article_is_dropped_by_type_class_or_id(
    chrome: str, kept: list[str]
) -> None:
    para = "示例镇人民政府坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。"
    page = (
        f'<html><body><div class="article">{chrome}<p>{para}</p>'
        "<table><tr><td>自然人</td><td>10</td></tr></table></div></body></html>"
    )
    doc = read_html("x.html", page)
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [*kept, para]
    assert doc.problems == []


def test_spans_past_the_bound_are_said_cell_by_cell() -> None:
    """Only cells that print a span are asked whether it passes the bound, each in the
    order printed, across and then down."""
    page = (
        "<html><body><table>"
        '<tr><td>示例镇人民政府</td><td colspan="300" rowspan="2">行政许可</td><td>1</td></tr>'
        '<tr><td rowspan="200">规章</td><td colspan="2">0</td></tr>'
        "</table></body></html>"
    )
    assert read_html("x.html", page).problems == [
        "表格单元格跨列数为 300，超过上限 100，已按 100 读取",
        "表格单元格跨行数为 200，超过上限 100，已按 100 读取",
    ]


def test_chinese_characters_are_counted_one_by_one() -> None:
    # what weighs the parts of a page in finding its content: every character of the
    # ranges read as Chinese, in links and outside, each counted once
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ogi.readers.html import _cjk_count

    page = lxml.html.fromstring("<div>示例镇<a>人民政府</a> 2024 年 \u9fff\u3400\uf900\ufb00</div>")
    assert _cjk_count(page) == 11  # 示例镇 人民政府 年, and the first and last of the ranges

    def by_hand(text: str) -> int:
        return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")

    @settings(derandomize=True, max_examples=300)
    @given(
        st.text(alphabet="a 1\u33ff\u3400\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00", max_size=40)
    )
    def same(text: str) -> None:
        el = lxml.html.fromstring("<div></div>")
        el.text = text
        assert _cjk_count(el) == by_hand(text)

    same()
