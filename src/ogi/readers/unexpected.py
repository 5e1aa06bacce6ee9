"""A one-line Chinese reason for an error no reader foresaw.

Readers raise `ReadError` for what they recognise. Anything else that escapes reading a
file is still the file's doing as far as a user can tell (the same code reads other
files), so the user is told what kind of file could not be read and in what way; the
exception itself goes to the log (`--verbose` on the command line).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ogi.readers.suffixes import IMAGE_SUFFIXES

_FORMS = {
    ".docx": "DOCX 文件",
    ".doc": "Word 文件",
    ".wps": "Word 文件",
    ".rtf": "RTF 文件",
    ".pdf": "PDF 文件",
    ".html": "网页文件",
    ".htm": "网页文件",
    ".shtml": "网页文件",
    ".xhtml": "网页文件",
    ".mht": "网页存档文件",
    ".mhtml": "网页存档文件",
    ".md": "Markdown 文件",
    ".markdown": "Markdown 文件",
    ".txt": "文本文件",
    **dict.fromkeys(IMAGE_SUFFIXES, "图片文件"),
}


def explain(exc: BaseException, path: Path | str) -> str:
    """What went wrong with the file, in one line, without the exception's own text."""
    what = _FORMS.get(Path(path).suffix.lower(), "文件")
    if isinstance(exc, MemoryError):
        return f"{what}内容过于庞大，读取时内存不足（文件可能已损坏）"
    if isinstance(exc, RecursionError):
        return f"{what}结构嵌套过深，无法读取"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error)):
        return "DOCX 文件已损坏（压缩包中的内容无法解压）"
    if isinstance(exc, UnicodeError):
        return f"{what}中有无法识别的字符，无法读取"
    return f"{what}内容异常，无法读取（文件可能已损坏）"
