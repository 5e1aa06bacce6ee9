"""Word files older than DOCX: Word 97–2003 `.doc` (and WPS's `.wps`, the same binary
format) and RTF, which many agencies still attach; and OpenDocument text (`.odt`), as
LibreOffice and the office suites of domestic operating systems save by default.

No library reads their tables with the merged cells; LibreOffice converts them to DOCX
keeping both, so the file is converted in a private temporary folder, within the
file's time bound (`ogi.libreoffice`), and the DOCX is read as any other: every value
keeps its table, row and column in the original file.

Word also saves a document as one XML file: Word 2003 XML (WordprocessingML, root
`w:wordDocument`), converted by LibreOffice as a .doc is, and Flat OPC (a DOCX package
as XML, root `pkg:package`), whose parts are put back in a zip here. Either is named
`.xml` or `.doc`; an XML file that is neither is refused.

An OpenDocument file is a zip archive whose first member, stored as it is, is
`mimetype`, naming the kind of document: only text is a report (a spreadsheet or a
presentation is refused, saying what it is).

A binary Word file is an OLE compound file; so are an Excel workbook, a PowerPoint
deck and an encrypted DOCX. The names of its streams, stored in UTF-16 in the file's
directory, tell them apart before anything is converted.
"""

from __future__ import annotations

import re
import struct
from typing import TYPE_CHECKING

from ogi import patterns
from ogi.blocks import Document, ReadError

if TYPE_CHECKING:
    from ogi.readers.pictures import Pictures

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _stream(name: str) -> bytes:
    return name.encode("utf-16-le")


# what an OLE compound file is, by a stream only it has (the first found wins)
_OLE_KINDS = (
    (_stream("EncryptedPackage"), "encrypted"),  # a DOCX or XLSX with a password
    (_stream("WordDocument"), "word"),
    (_stream("Workbook"), "excel"),
    (_stream("Book"), "excel"),  # Excel 5/95
    (_stream("PowerPoint Document"), "powerpoint"),
)


_ODF_TYPE = b"application/vnd.oasis.opendocument."


def odf_kind(head: bytes) -> str | None:
    """text, spreadsheet, presentation … when a file's first bytes are an OpenDocument
    package (its `mimetype` member first, uncompressed, as the format requires); None
    otherwise."""
    if not head.startswith(b"PK\x03\x04") or len(head) < 30:
        return None
    method, name_len, extra_len = struct.unpack_from("<H16xHH", head, 8)
    if method != 0 or head[30 : 30 + name_len] != b"mimetype":
        return None
    body = head[30 + name_len + extra_len :][:100]
    if not body.startswith(_ODF_TYPE):
        return None
    m = re.match(rb"[a-z-]+", body[len(_ODF_TYPE) :])
    return m.group().decode() if m else None


_ODF_REFUSED = {
    "spreadsheet": "这是 OpenDocument 电子表格（.ods），不是年度报告全文",
    "presentation": "这是 OpenDocument 演示文稿（.odp），不是年度报告全文",
}
_ODF_TEXT = ("text", "text-template", "text-master")


def is_legacy_word(head: bytes) -> bool:
    """Whether a file's first bytes are an OLE compound file, RTF or Word's XML."""
    return head.startswith(OLE_MAGIC) or head.lstrip()[:5] == b"{\\rtf" or bool(word_xml(head))


_WORD_2003_NS = b"http://schemas.microsoft.com/office/word/2003/wordml"
_FLAT_OPC_NS = b"http://schemas.microsoft.com/office/2006/xmlPackage"
# the root element's start tag, after the XML declaration, processing instructions
# (<?mso-application progid="Word.Document"?>), comments and a document type
_ROOT = patterns.compile(
    rb"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*"
    rb"<([\w.-]+:)?([\w.-]+)[^>]*>",
    re.S,
)


def word_xml(head: bytes) -> str | None:
    """word2003 or flatopc when a file's first bytes are the start of Word's XML (the
    root element and its namespace tell, the mso-application mark alone does not);
    None otherwise. Word writes it in UTF-8, or in UTF-16 with a byte order mark."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode()
    m = _ROOT.match(head.removeprefix(b"\xef\xbb\xbf"))
    if m is None:
        return None
    if m.group(2) == b"wordDocument" and _WORD_2003_NS in m.group():
        return "word2003"
    if m.group(2) == b"package" and _FLAT_OPC_NS in m.group():
        return "flatopc"
    return None


def looks_like_xml(head: bytes) -> bool:
    """Whether a file begins as an XML document does (its declaration)."""
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"<?xml", "<?xml".encode("utf-16")))  # (UTF-16 with its BOM)


def ole_kind(data: bytes) -> str:
    """word, excel, powerpoint or encrypted for an OLE compound file; other for one
    that is none of these."""
    return next((kind for name, kind in _OLE_KINDS if name in data), "other")


_REFUSED = {
    "encrypted": "文件已加密，无法读取（请提供未加密的文件）",
    "excel": "这是 Excel 表格文件（.xls/.et），不是 Word 文档；请提供年度报告全文",
    "powerpoint": "这是 PowerPoint 演示文稿（.ppt），不是年度报告全文",
    "other": "不是 Word 文档：OLE 复合文件中没有 Word 正文（WordDocument）",
}


def read_legacy_word(
    path: str, data: bytes, pictures: Pictures | None = None, timeout: float = 120.0
) -> Document:
    """Read a .doc, .wps, RTF or Word XML file by way of DOCX, or raise `ReadError` with
    the reason: a file that is not a Word document, no LibreOffice on the machine, or a
    conversion that fails or runs over `timeout` seconds (Flat OPC needs none)."""
    import tempfile
    from pathlib import Path

    from ogi.libreoffice import ConvertError, convert
    from ogi.readers.docx import read_docx

    xml = word_xml(data[:4096])
    odf = odf_kind(data[:4096])
    if odf is not None and odf not in _ODF_TEXT:
        raise ReadError(_ODF_REFUSED.get(odf, f"这是 OpenDocument 文件（{odf}），不是文字文档"))
    if xml == "flatopc":
        doc = read_docx(path, flat_opc_to_docx(data), pictures)
        doc.form = "doc"
        return doc
    if xml is None and looks_like_xml(data[:4096]):
        raise ReadError(
            "不是 Word 文档：这是一个 XML 文件，但不是 Word 保存的 XML 文档"
            "（Word 2003 XML 或 Word XML 文档）"
        )
    if odf is None and not is_legacy_word(data[:4096]):
        raise ReadError("不是有效的 Word 文件（既不是 .doc 也不是 RTF；文件可能已损坏）")
    rtf = xml is None and odf is None and not data.startswith(OLE_MAGIC)
    if not rtf and xml is None and odf is None and (kind := ole_kind(data)) != "word":
        raise ReadError(_REFUSED[kind])
    what, suffix = ("RTF 文件", "rtf") if rtf else ("旧版 Word 文件（.doc）", "doc")
    if odf is not None:
        what, suffix = "OpenDocument 文本（.odt）", "odt"
    if xml == "word2003":
        # Word writes no DOCTYPE; one could have LibreOffice's parser fetch entities
        # from this machine's files into the text
        if any("<!DOCTYPE".encode(enc) in data for enc in ("utf-8", *_UTF16)):
            raise ReadError(
                "Word 2003 XML 文档中有文档类型声明（DOCTYPE），Word 不会这样保存，未读取"
            )
        what, suffix = "Word 2003 XML 文档", "xml"
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as tmp:
        source = Path(tmp) / f"report.{suffix}"
        source.write_bytes(data)
        try:
            made = convert(source, "docx:MS Word 2007 XML", Path(tmp), timeout)
        except ConvertError as e:
            raise ReadError(f"{what}须经 LibreOffice 转换为 DOCX 后读取：{e}") from None
        docx = made.read_bytes()
    doc = read_docx(path, docx, pictures)
    doc.form = "doc"
    return doc


_PKG = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
_UTF16 = ("utf-16-le", "utf-16-be")


def flat_opc_to_docx(data: bytes) -> bytes:
    """A Flat OPC document (Word's "Word XML 文档") as the DOCX package it writes out:
    each pkg:part into the zip under its name, its XML as written, its binary data
    decoded from base64. The zip is read as any DOCX, within the same bounds."""
    import base64
    import binascii
    import zipfile
    from io import BytesIO

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        raise ReadError("Word XML 文档已损坏（不是有效的 XML）") from None
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for part in root.iter(f"{_PKG}part"):
            name = (part.get(f"{_PKG}name") or "").lstrip("/")
            xml = part.find(f"{_PKG}xmlData")
            binary = part.find(f"{_PKG}binaryData")
            if not name:
                continue
            if xml is not None and len(xml):
                z.writestr(name, etree.tostring(xml[0], xml_declaration=True, encoding="UTF-8"))
            elif binary is not None:
                try:
                    z.writestr(name, base64.b64decode("".join((binary.text or "").split())))
                except (binascii.Error, ValueError):
                    raise ReadError(f"Word XML 文档已损坏：{name} 的数据无法解码") from None
    return buf.getvalue()
