"""Word files older than DOCX: Word 97–2003 `.doc` (and WPS's `.wps`, the same binary
format) and RTF, which many agencies still attach.

No library reads their tables with the merged cells; LibreOffice converts them to DOCX
keeping both, so the file is converted in a private temporary folder, within the
file's time bound (`ogi.libreoffice`), and the DOCX is read as any other: every value
keeps its table, row and column in the original file.

A binary Word file is an OLE compound file; so are an Excel workbook, a PowerPoint
deck and an encrypted DOCX. The names of its streams, stored in UTF-16 in the file's
directory, tell them apart before anything is converted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def is_legacy_word(head: bytes) -> bool:
    """Whether a file's first bytes are an OLE compound file or RTF."""
    return head.startswith(OLE_MAGIC) or head.lstrip()[:5] == b"{\\rtf"


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
    """Read a .doc, .wps or RTF file by way of DOCX, or raise `ReadError` with the
    reason: a file that is not a Word document, no LibreOffice on the machine, or a
    conversion that fails or runs over `timeout` seconds."""
    import tempfile
    from pathlib import Path

    from ogi.libreoffice import ConvertError, convert
    from ogi.readers.docx import read_docx

    if not is_legacy_word(data[:4096]):
        raise ReadError("不是有效的 Word 文件（既不是 .doc 也不是 RTF；文件可能已损坏）")
    rtf = not data.startswith(OLE_MAGIC)
    if not rtf and (kind := ole_kind(data)) != "word":
        raise ReadError(_REFUSED[kind])
    what = "RTF 文件" if rtf else "旧版 Word 文件（.doc）"
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as tmp:
        source = Path(tmp) / ("report.rtf" if rtf else "report.doc")
        source.write_bytes(data)
        try:
            made = convert(source, "docx:MS Word 2007 XML", Path(tmp), timeout)
        except ConvertError as e:
            raise ReadError(f"{what}须经 LibreOffice 转换为 DOCX 后读取：{e}") from None
        docx = made.read_bytes()
    doc = read_docx(path, docx, pictures)
    doc.form = "doc"
    return doc
