"""Web archives (.mht, .mhtml) and the web pages web-to-Word exporters embed in a DOCX
(w:altChunk): read as the page they hold, or refused with the reason."""

from __future__ import annotations

import base64
import quopri
import re
from pathlib import Path

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ogi.blocks import ReadError
from ogi.extract import extract
from ogi.readers import read_file, sniff_form
from ogi.readers.mht import MAX_PARTS, WebArchive, read_archive
from tests.shared import SAMPLES, sample_cells

PAGE = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
CELLS = sample_cells("示例镇-2024.html")


def _archive(*parts: str, head: str = "") -> bytes:
    """A MIME message of related parts, each given with its own headers and body."""
    body = "".join(f"\r\n------=_Part_7\r\n{p}" for p in parts)
    return (
        f"{head}MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----=_Part_7"\r\n'
        f"{body}\r\n------=_Part_7--\r\n"
    ).encode("ascii")


def _qp_page(html: str, charset: str, location: str) -> str:
    encoded = quopri.encodestring(html.encode(charset)).decode("ascii")
    return (
        f'Content-Type: text/html; charset="{charset}"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {location}\r\n\r\n{encoded}"
    )


def test_a_page_saved_by_a_browser_reads_as_the_page(tmp_path: Path) -> None:
    # Chrome's MHTML: its own headers before MIME-Version, the page in UTF-8
    data = _archive(
        _qp_page(PAGE, "utf-8", "https://www.example.gov.cn/zwgk/2025/nb.html"),
        head="From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://www.example.gov.cn/zwgk/2025/nb.html\r\n"
        "Subject: =?utf-8?Q?=E5=B9=B4=E6=8A=A5?=\r\n",
    )
    path = tmp_path / "年报.mhtml"
    path.write_bytes(data)
    assert sniff_form(path, data[:4096]) == "mht"
    r = extract(path)
    assert r.source.form == "html"
    assert r.cells == CELLS
    assert r.title == "示例镇人民政府2024年政府信息公开工作年度报告"
    assert r.problems == []


def test_a_page_saved_by_word_in_gbk_labelled_gb2312_reads(tmp_path: Path) -> None:
    # Word labels its pages gb2312 and writes GBK: 镕 is GBK only
    page = PAGE.replace("示例镇人民政府坚持", "示例镇人民政府（镕）坚持", 1)
    data = _archive(_qp_page(page, "gbk", "file:///C:/D3A1F0/nb.htm").replace("gbk", "gb2312"))
    path = tmp_path / "年报.doc.mht"
    path.write_bytes(data)
    r = extract(path)
    assert r.cells == CELLS
    assert "（镕）" in r.sections[0].text


def test_resources_are_found_by_address_cid_or_a_unique_file_name() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(20)
    data = _archive(
        _qp_page("<html><body><p>x</p></body></html>", "utf-8", "file:///C:/D3/nb.htm"),
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: file:///C:/D3/nb.files/image001.png\r\n\r\n"
        + base64.b64encode(png).decode(),
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-ID: <img2@example>\r\n\r\n" + base64.b64encode(png[::-1]).decode(),
    )
    archive = read_archive(data)
    assert archive.location == "file:///C:/D3/nb.htm"
    assert archive.resource("nb.files/image001.png") == png
    assert archive.resource("file:///C:/D3/nb.files/image001.png") == png
    assert archive.resource("cid:img2@example") == png[::-1]
    # the page renamed on copying: its folder's name changed, the picture's did not
    assert archive.resource("年报.files/image001.png") == png
    assert archive.resource("image002.png") is None
    two = WebArchive("", "", {"a/x.png": b"1", "b/x.png": b"2"})
    assert two.resource("c/x.png") is None  # two parts of that name: neither is taken


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello",
            "网页存档（.mht）中没有网页内容",
        ),
        (
            _archive("Content-Type: text/plain\r\n\r\nonly text"),
            "网页存档（.mht）中没有网页内容",
        ),
        (_archive("Content-Type: text/html\r\n\r\n  \r\n"), "网页存档（.mht）中的网页内容为空"),
        (
            _archive(*["Content-Type: image/png\r\n\r\nx"] * (MAX_PARTS + 1)),
            f"网页存档（.mht）的部分超过 {MAX_PARTS} 个，不像一个保存的网页",
        ),
    ],
    ids=["not-multipart", "no-page", "empty-page", "too-many-parts"],
)
def test_what_holds_no_page_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "a.mht"
    path.write_bytes(data)
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == message


def test_a_page_that_speaks_of_mime_is_a_page() -> None:
    page = (
        b"<!DOCTYPE html><html><body><p>MIME-Version: 1.0</p>"
        b"<p>Content-Type: multipart/related</p></body></html>"
    )
    assert sniff_form(Path("a.html"), page) == "html"
    assert sniff_form(Path("a.txt"), b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed") == "mht"


def _chunked_docx(path: Path, name: str, content_type: str, data: bytes) -> Path:
    """A DOCX with a paragraph, then one embedded chunk holding `data`."""
    document = docx.Document()
    document.add_paragraph("示例镇人民政府办公室")
    part = Part(PackURI(f"/word/{name}"), content_type, data, document.part.package)
    rid = document.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    )
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), rid)
    document.element.body.insert(1, chunk)
    document.save(path)
    return path


def test_a_docx_that_embeds_the_page_reads_as_the_page(tmp_path: Path) -> None:
    path = _chunked_docx(tmp_path / "导出.docx", "afchunk.htm", "text/html", PAGE.encode())
    r = extract(path)
    assert r.source.form == "docx"
    assert r.cells == CELLS
    assert r.problems == []


def test_an_embedded_chunk_that_is_not_a_page_is_said_not_read(tmp_path: Path) -> None:
    path = _chunked_docx(tmp_path / "导出.docx", "afchunk.rtf", "application/rtf", b"{\\rtf1 x}")
    doc = read_file(path)
    assert [b.text for b in doc.blocks] == ["示例镇人民政府办公室"]
    assert doc.problems == ["文档中嵌入的外部内容（afchunk.rtf）不是网页，未读取"]


def test_tables_in_frames_saved_as_parts_of_the_archive_are_read(tmp_path: Path) -> None:
    """Chrome saves the page a frame shows as a part of its own, and points the frame's
    src at it (cid:): a browser opening the archive shows the tables. All three were
    dropped with their frames and the page said only that no table was found."""
    page, frames = PAGE, []
    for k, table in enumerate(re.findall(r"<table.*?</table>", PAGE, re.S)):
        cid = f"frame-{k}E2F5@mhtml.blink"
        page = page.replace(table, f'<iframe src="cid:{cid}" width="100%" height="480"></iframe>')
        inner = f'<html><head><meta charset="utf-8"></head><body>{table}</body></html>'
        encoded = quopri.encodestring(inner.encode("utf-8")).decode("ascii")
        frames.append(
            "Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            f"Content-ID: <{cid}>\r\n\r\n{encoded}"
        )
    # a frame whose page was not saved is passed over, with what only a browser without
    # frames shows (as before)
    page = page.replace(
        "<h2>四、",
        '<iframe src="https://www.example.gov.cn/share.html">您的浏览器不支持框架，请点击</iframe>'
        "<h2>四、",
    )
    assert page.count("<iframe") == 4
    location = "https://www.example.gov.cn/zwgk/2025/nb.html"
    path = tmp_path / "年报.mhtml"
    path.write_bytes(_archive(_qp_page(page, "utf-8", location), *frames))
    r = extract(path)
    assert r.cells == CELLS
    assert r.problems == []
    assert "不支持框架" not in "".join(s.text for s in r.sections)


def test_a_frameset_saved_as_parts_of_the_archive_is_read(tmp_path: Path) -> None:
    """Internet Explorer's archive of a <frameset> page: each frame's page a part by its
    address, and a frame within a frame's page named from that page's address
    (nb/outer.html shows nb/report.html as report.html). Nothing was read."""
    site = "https://www.example.gov.cn/zwgk/"
    frameset = (
        '<html><head><meta charset="utf-8"></head><frameset rows="80,*">'
        '<frame src="top.html"><frame src="nb/outer.html"></frameset></html>'
    )
    outer = '<frameset cols="200,*"><frame src="menu.html"><frame src="report.html"></frameset>'
    parts = [
        _qp_page(frameset, "utf-8", f"{site}index.html"),
        _qp_page("<p>示例镇人民政府门户网站</p>", "utf-8", f"{site}top.html"),
        _qp_page(outer, "utf-8", f"{site}nb/outer.html"),
        _qp_page("<p>栏目</p>", "utf-8", f"{site}nb/menu.html"),
        _qp_page(PAGE, "utf-8", f"{site}nb/report.html"),
    ]
    path = tmp_path / "年报.mht"
    path.write_bytes(_archive(*parts))
    r = extract(path)
    assert r.cells == CELLS
    assert r.problems == []


_VALUE = r'<td class="v">([^<]*)</td>'  # a value cell of the sample


def test_a_style_sheet_in_the_archive_hides_as_the_pages_own_rules(tmp_path: Path) -> None:
    """Chrome's MHTML keeps the page's style sheets as parts: their rules hide the 9s."""
    page = re.sub(_VALUE, r'<td class="v">\1<span class="gone">9</span></td>', PAGE)
    page = page.replace("</head>", '<link rel="stylesheet" href="css/site.css"></head>')
    sheet = (
        "Content-Type: text/css\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://www.example.gov.cn/zwgk/2025/css/site.css\r\n\r\n"
        ".gone{display:none}"
    )
    data = _archive(_qp_page(page, "utf-8", "https://www.example.gov.cn/zwgk/2025/nb.html"), sheet)
    path = tmp_path / "年报.mhtml"
    path.write_bytes(data)
    r = extract(path)
    assert r.cells == CELLS
    assert r.problems == []
