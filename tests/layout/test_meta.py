"""Year, issuing body and dates from what a page states: its title, or its opening
sentence; its metadata lines; the signature. What is not stated stays None."""

from __future__ import annotations

from ogi.blocks import Block, Document
from ogi.layout import build_report
from ogi.model import Report


def read(lines: list[str], title: str | None = None, metadata: dict | None = None) -> Report:
    doc = Document(
        path="x.html",
        form="html",
        blocks=[Block("paragraph", text=ln) for ln in lines],
        title=title,
        metadata=metadata or {},
    )
    return build_report(doc, "")


BODY = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "一是公开内容还不够丰富。",
    "六、其他需要报告的事项",
    "无。",
]


def test_without_a_title_the_opening_sentence_gives_year_and_body() -> None:
    r = read(
        [
            "首页 > 政务公开 > 政府信息公开年报",
            "一、总体情况",
            "2023年，在区委、区政府的坚强领导下，示例街道办事处认真贯彻落实《条例》，"
            "依托区门户网站，扎实推进政府信息公开工作。",
            *BODY,
        ]
    )
    assert (r.title, r.report_year, r.agency) == (None, 2023, "示例街道办事处")


def test_a_guiding_body_and_we_name_nobody() -> None:
    r = read(
        [
            "一、总体情况",
            "2021年，在县人民政府办公室的悉心指导下，我镇认真贯彻国务院和省、州、县关于"
            "政府信息公开的工作要求。",
            *BODY,
        ]
    )
    assert (r.report_year, r.agency) == (2021, None)


def test_a_breadcrumb_is_not_a_title_and_a_wrapped_line_is_not_a_signature() -> None:
    r = read(
        [
            "当前位置：首页 > 政务公开 > 政府信息公开年报",
            "一、总体情况",
            "本年度信息公开工作总体平稳。",
            *BODY[:-1],
            "本机关将继续优化栏目设置，完善信息发布审核机制，",
            "依托区门户网站",
        ],
        title="首页>政务公开>政府信息公开年报",
    )
    assert (r.title, r.report_year, r.agency, r.published) == (None, None, None, None)


def test_traditional_title_with_pinyin_gives_a_simplified_name() -> None:
    r = read(
        [
            "示例縣人民政府辦(bàn)公室2024年政府信息公開(kāi)工作年度報告",
            "根據(jù)《條例》。",
            *BODY,
        ]
    )
    assert r.title == "示例县人民政府办公室2024年政府信息公开工作年度报告"
    assert (r.report_year, r.agency) == (2024, "示例县人民政府办公室")
    assert r.sections[0].title == "主动公开政府信息情况"


def test_publication_date_from_a_metadata_line() -> None:
    for line in (
        "发布时间：2024-01-20 10:31",
        "日期：2024年1月20日",
        "发布日期: 2024/1/20",
        "时间：2024.01.20 来源：示例镇人民政府",
        "2024-01-20 10:31:05 来源：示例镇党政办公室 浏览次数：128 字号：大 中 小",
    ):
        r = read(["示例镇人民政府2023年政府信息公开工作年度报告", line, *BODY])
        assert r.published == "2024-01-20", line


def test_a_date_in_a_sentence_is_not_the_publication_date() -> None:
    r = read(
        [
            "示例镇人民政府2023年政府信息公开工作年度报告",
            "本报告统计日期：2023年1月1日至2023年12月31日。",
            *BODY,
        ]
    )
    assert r.published is None


def test_publication_date_from_the_signature() -> None:
    r = read(
        ["示例镇人民政府2023年政府信息公开工作年度报告", *BODY, "示例镇人民政府", "2024年1月18日"]
    )
    assert (r.agency, r.published, r.metadata["signed"]) == (
        "示例镇人民政府",
        "2024-01-18",
        "2024-01-18",
    )


def test_the_page_metadata_wins_over_the_signature() -> None:
    r = read(
        ["示例镇人民政府2023年政府信息公开工作年度报告", *BODY, "示例镇人民政府", "2024年1月18日"],
        metadata={"发布日期": "2024-01-22"},
    )
    assert (r.published, r.metadata["signed"]) == ("2024-01-22", "2024-01-18")


def test_a_long_name_wrapped_over_the_lines_above_the_title_is_the_titles_body() -> None:
    name = "示例县示例镇人民政府政务服务中心政府信息公开管理办公室"
    # the name on the line above, whole (a DOCX title with a line break)
    r = read([name, "2023年政府信息公开工作年度报告", "一、总体情况", "无。", *BODY])
    assert (r.title, r.agency) == (f"{name}2023年政府信息公开工作年度报告", name)
    # wrapped by a PDF's width over two lines above the year, or its end on the year's line
    r = read([name[:16], name[16:], "2023年政府信息公开工作年度报告", "一、总体情况", *BODY])
    assert (r.title, r.agency) == (f"{name}2023年政府信息公开工作年度报告", name)
    r = read([name[:-2], name[-2:], "2023年政府信息公开工作年度报告", "一、总体情况", *BODY])
    assert r.agency == name
    # the signature wrapped too: its last line is the end of the title's name
    r = read(
        [name, "2023年政府信息公开工作年度报告", "一、总体情况", "无。", *BODY,
         name[:16], name[16:], "2024年1月20日"]
    )  # fmt: skip
    assert r.agency == name


def test_a_sites_header_above_the_title_is_not_taken_into_it() -> None:
    # the site's own name above a title that names its body after the year, and a short
    # heading above a wrapped name, stay out of the title
    r = read(
        ["示例县人民政府", "2023年示例县财政局政府信息公开工作年度报告", "一、总体情况", *BODY]
    )
    assert (r.title, r.agency) == ("2023年示例县财政局政府信息公开工作年度报告", "示例县财政局")
    r = read(
        ["示例县人民政府", "示例县财政局", "2023年政府信息公开工作年度报告", "一、总体情况", *BODY]
    )
    assert (r.title, r.agency) == ("示例县财政局2023年政府信息公开工作年度报告", "示例县财政局")
    r = read(
        [
            "通知公告",
            "示例县财政局政务服务中心办公室",
            "2023年政府信息公开工作年度报告",
            *BODY,
        ]
    )
    assert r.title == "示例县财政局政务服务中心办公室2023年政府信息公开工作年度报告"


def test_the_opening_above_part_one_is_the_preamble() -> None:
    opening = (
        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        "要求编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    )
    # the title on lines of its own, then metadata and a date line: none of it is the
    # opening; the title's last line joined to it (no full stop ends it) is cut off
    r = read(
        [
            "示例镇人民政府",
            "2023年政府信息公开工作年度报告",
            "发布机构：示例镇人民政府",
            "2024-01-20",
            opening,
            "一、总体情况",
            "无。",
            *BODY,
        ]
    )
    assert r.preamble == opening
    r = read(["示例镇人民政府2023年政府信息公开工作年度报告" + opening, "一、总体情况", *BODY])
    assert r.preamble == opening
    # no opening: nothing
    assert (
        read(["示例镇人民政府2023年政府信息公开工作年度报告", "一、总体情况", *BODY]).preamble == ""
    )
