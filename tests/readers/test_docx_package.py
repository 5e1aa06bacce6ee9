"""DOCX packages: the main part and the parts it uses are found by relationship, as Word
finds them, with part names compared regardless of case and of `\\` for `/`; a package
whose relationships are broken is refused, or read on, with the reason."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from ogi import limits
from ogi.blocks import ReadError
from ogi.readers import read_file
from ogi.readers.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/"


def _document(*paragraphs: str, style: str | None = None) -> bytes:
    p_pr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = "".join(f"<w:p>{p_pr}<w:r><w:t>{t}</w:t></w:r></w:p>" for t in paragraphs)
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def _rels(*rels: tuple[str, str] | tuple[str, str, str]) -> bytes:
    """A relationships part: (type, target) or (type, target, target mode)."""
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{r[0]}" Target="{r[1]}"'
        + (f' TargetMode="{r[2]}"' if len(r) > 2 else "")
        + "/>"
        for i, r in enumerate(rels, 1)
    )
    return f'<Relationships xmlns="{PKG}">{items}</Relationships>'.encode()


def _package(members: dict[str, bytes]) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _texts(data: bytes) -> list[str]:
    return [b.text for b in read_docx("示例镇.docx", data).blocks]


HIDDEN_STYLE = f"""<w:styles xmlns:w="{W}">
  <w:style w:type="paragraph" w:styleId="Note"><w:name w:val="批注说明"/>
    <w:rPr><w:vanish/></w:rPr></w:style>
</w:styles>""".encode()


def test_the_main_part_is_the_one_the_package_names_not_a_stale_document_xml() -> None:
    data = _package(
        {
            "_rels/.rels": _rels((REL + "officeDocument", "word/document2.xml")),
            "word/document.xml": _document("行政许可 99"),  # left over, named by nothing
            "word/document2.xml": _document("行政许可 46"),
        }
    )
    assert _texts(data) == ["行政许可 46"]


def test_a_main_part_under_another_name_reads_through_read_file(tmp_path: Path) -> None:
    path = tmp_path / "示例镇.docx"
    path.write_bytes(
        _package(
            {
                "_rels/.rels": _rels((STRICT_REL + "officeDocument", "/word/main.xml")),
                "word/main.xml": _document("示例镇人民政府"),
            }
        )
    )
    assert [b.text for b in read_file(path).blocks] == ["示例镇人民政府"]


@pytest.mark.parametrize(
    "names",
    [
        ("_rels/.rels", "Word/Document.xml", "Word/_rels/Document.xml.rels", "Word/Styles2.XML"),
        (
            "_rels\\.rels",
            "word\\document.xml",
            "word\\_rels\\document.xml.rels",
            "word\\styles2.xml",
        ),
    ],
    ids=["case", "backslash"],
)
def test_part_names_are_matched_regardless_of_case_and_backslashes(names: tuple[str, ...]) -> None:
    rels, main, main_rels, styles = names
    data = _package(
        {
            rels: _rels((REL + "officeDocument", "word/document.xml")),
            main: _document("说明（不印出）", style="Note"),
            main_rels: _rels((REL + "styles", "styles2.xml")),
            styles: HIDDEN_STYLE,
        }
    )
    doc = read_docx("示例镇.docx", data)
    assert [b.text for b in doc.blocks] == []
    assert doc.problems == []


def test_the_styles_part_is_the_one_the_main_part_names() -> None:
    # the hidden style is in a part not called styles.xml; a stale styles.xml beside it
    # (no relationship names it) does not count
    data = _package(
        {
            "word/document.xml": (
                f'<w:document xmlns:w="{W}"><w:body>'
                '<w:p><w:pPr><w:pStyle w:val="Note"/></w:pPr><w:r><w:t>9</w:t></w:r></w:p>'
                "<w:p><w:r><w:t>收到申请 10</w:t></w:r></w:p>"
                "</w:body></w:document>"
            ).encode(),
            "word/_rels/document.xml.rels": _rels((REL + "styles", "/word/styles-2.xml")),
            "word/styles-2.xml": HIDDEN_STYLE,
            "word/styles.xml": f'<w:styles xmlns:w="{W}"/>'.encode(),
        }
    )
    assert _texts(data) == ["收到申请 10"]


def test_the_numbering_part_is_the_one_the_main_part_names() -> None:
    numbering = f"""<w:numbering xmlns:w="{W}">
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>
        <w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""
    data = _package(
        {
            "word/document.xml": (
                f'<w:document xmlns:w="{W}"><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/>'
                '<w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>'
                "</w:body></w:document>"
            ).encode(),
            "word/_rels/document.xml.rels": _rels((REL + "numbering", "lists.xml")),
            "word/lists.xml": numbering.encode(),
        }
    )
    assert _texts(data) == ["一、总体情况"]


def test_without_relationships_the_usual_names_are_read() -> None:
    data = _package(
        {"word/document.xml": _document("说明", style="Note"), "word/styles.xml": HIDDEN_STYLE}
    )
    assert _texts(data) == []


@pytest.mark.parametrize(
    "members, message",
    [
        (
            {"_rels/.rels": _rels((REL + "officeDocument", "word/gone.xml"))},
            "DOCX 文件已损坏：_rels/.rels 指明的正文部件 word/gone.xml 不在压缩包中",
        ),
        (
            # a target climbing out of the package stops at its root, as a URI does
            {"_rels/.rels": _rels((REL + "officeDocument", "../../etc/passwd"))},
            "DOCX 文件已损坏：_rels/.rels 指明的正文部件 etc/passwd 不在压缩包中",
        ),
        (
            {
                "_rels/.rels": _rels(
                    (REL + "officeDocument", "http://example.com/report.xml", "External")
                )
            },
            "DOCX 文件的正文部件链接到文件之外，无法读取",
        ),
        (
            {
                "_rels/.rels": _rels(
                    (REL + "officeDocument", "word/document.xml"),
                    (REL + "officeDocument", "word/document2.xml"),
                ),
                "word/document2.xml": _document("99"),
            },
            "DOCX 文件已损坏：_rels/.rels 指明了不止一个正文部件，无法确定读取哪一个",
        ),
        (
            # the package's own relationships named as the main part
            {"_rels/.rels": _rels((REL + "officeDocument", "_rels/.rels"))},
            "DOCX 文件已损坏：_rels/.rels 不是 Word 文档",
        ),
        (
            {"Word/Document.xml": _document("99")},
            "DOCX 文件已损坏：压缩包中有多个名为 word/document.xml 的部件，无法确定读取哪一个",
        ),
    ],
    ids=["missing", "outside", "external", "two", "itself", "twice"],
)
def test_broken_package_relationships_are_refused_with_the_reason(
    members: dict[str, bytes], message: str
) -> None:
    data = _package({"word/document.xml": _document("46"), **members})
    with pytest.raises(ReadError) as e:
        read_docx("示例镇.docx", data)
    assert str(e.value) == message


def test_broken_part_relationships_are_said_and_the_text_read() -> None:
    data = _package(
        {
            "word/document.xml": _document("收到申请 10"),
            "word/_rels/document.xml.rels": _rels(
                (REL + "styles", "../styles.xml"),  # not there
                (REL + "numbering", "document.xml"),  # the document itself
            ),
        }
    )
    doc = read_docx("示例镇.docx", data)
    assert [b.text for b in doc.blocks] == ["收到申请 10"]
    assert doc.problems == ["文档的样式部件 styles.xml 不在压缩包中，已忽略其中的样式"]


def test_damaged_package_relationships_fall_back_to_document_xml() -> None:
    data = _package({"_rels/.rels": b"<Relationships", "word/document.xml": _document("46")})
    doc = read_docx("示例镇.docx", data)
    assert [b.text for b in doc.blocks] == ["46"]
    assert doc.problems == [
        "_rels/.rels 已损坏，已忽略其中的部件关系（正文按 word/document.xml 读取）"
    ]


def test_a_huge_main_part_is_refused_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    small = limits.Limit(1000, limits.ZIP_MEMBER_BYTES.message, "1 KB")
    monkeypatch.setattr(limits, "ZIP_MEMBER_BYTES", small)
    data = _package(
        {
            "_rels/.rels": _rels((REL + "officeDocument", "word/big.xml")),
            "word/big.xml": _document("0" * 5000),
        }
    )
    with pytest.raises(ReadError) as e:
        read_docx("示例镇.docx", data)
    assert str(e.value) == "DOCX 文件异常：word/big.xml 解压后超过 1 KB，不像一份年度报告"
