"""Word documents (DOCX) into blocks, read straight from the OOXML parts.

We read the main document part (found as Word finds it: `_rels/.rels`, usually
`word/document.xml`) with lxml rather than through python-docx because merged
cells, text boxes and automatic numbering all need the raw markup anyway: a report's
section headings ("一、总体情况") are often produced by list numbering and exist in
no run of text, and its tables are full of vertical merges.
"""

from __future__ import annotations

import colorsys
import posixpath
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from io import BytesIO
from typing import TypeVar
from urllib.parse import unquote
from zlib import crc32

from lxml import etree

from ogi import limits, patterns
from ogi.blocks import NEAR_WHITE, Block, Cell, Document, ReadError, Where, raised, right_to_left
from ogi.numerals import chinese
from ogi.readers.pictures import Pictures

_W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MATH, _MATH_RUN, _MATH_TEXT = f"{{{_M}}}oMath", f"{{{_M}}}r", f"{{{_M}}}t"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_PICTURES = frozenset((f"{{{_A}}}blip", f"{{{_V}}}imagedata"))
_EMU_PER_POINT = 12700
_DC = "http://purl.org/dc/elements/1.1/"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = patterns.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
_SPACES = patterns.compile(r"[ \t\u00a0]+")
_CJK = patterns.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Run-level markup whose text is not printed (deletions; a field's code, w:instrText, is
# kept apart to be named in messages: `_Field`) or holds none, or
# is not the text itself: a phonetic guide (w:rt) printed small over its base text, as
# a web page's <rt> (46 with a guide 5 over it is not 546).
_SKIP = {
    *("del", "moveFrom", "delText", "rPr", "pPr", "tblPr", "tcPr", "trPr"),
    *("sectPr", "footnoteReference", "endnoteReference", "commentReference", "rt"),
}


def read_docx(path: str, data: bytes, pictures: Pictures | None = None) -> Document:
    """Read a DOCX file into blocks, or raise `ReadError` with a one-line reason.
    Pictures that hold a table or text are read by `pictures` (default: with OCR)."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError("DOCX 文件已加密，无法读取（请去除密码后重试）")
    try:
        archive = _Archive(zipfile.ZipFile(BytesIO(data)))
    except Exception:  # a damaged directory raises many kinds; all mean the same
        raise ReadError("DOCX 文件已损坏（压缩包无法打开）") from None
    try:
        return _read(path, archive, pictures if pictures is not None else Pictures())
    except RecursionError:
        raise ReadError(DEEP) from None


DEEP = "DOCX 文件结构异常（嵌套层次过深），无法读取"


def _part_key(name: str) -> str:
    """A part name as compared: OPC part names are equal regardless of case and of
    %-escapes, and Word takes a zip name written with backslashes (as some Windows
    zippers write them)."""
    return unquote(name.replace("\\", "/")).lstrip("/").lower()


class _Archive:
    """The DOCX zip, its parts looked up by name as Word does (`_part_key`), unpacked
    within `ZIP_MEMBER_BYTES` per part and `ZIP_TOTAL_BYTES` in all. Sizes are counted
    while unpacking: the sizes a zip's headers state can be falsified, and a small part
    can unpack to gigabytes."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zip = zf
        # part name → the zip's own name for it; None when several zip names are it
        self.parts: dict[str, str | None] = {}
        for name in zf.namelist():
            key = _part_key(name)
            self.parts[key] = None if key in self.parts else name
        self.unpacked = 0

    def has(self, name: str) -> bool:
        return _part_key(name) in self.parts

    def read(self, name: str) -> bytes:
        member = limits.ZIP_MEMBER_BYTES
        total = limits.ZIP_TOTAL_BYTES
        stored = self.parts.get(_part_key(name), "")
        if stored is None:  # which of them Word would take cannot be told
            raise ReadError(
                f"DOCX 文件已损坏：压缩包中有多个名为 {name} 的部件，无法确定读取哪一个"
            )
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(stored) as f:
                while chunk := f.read(limits.ZIP_CHUNK):
                    size += len(chunk)
                    self.unpacked += len(chunk)
                    if size > member.value:
                        raise ReadError(member.say(name=name))
                    if self.unpacked > total.value:
                        raise ReadError(total.say())
                    chunks.append(chunk)
        except RuntimeError:  # zipfile's answer to a password-protected member
            raise ReadError("DOCX 文件已加密，无法读取（请去除密码后重试）") from None
        except ReadError:
            raise
        except Exception:  # bad CRC, negative seek, unknown method or version, truncation
            raise ReadError(f"DOCX 文件已损坏：无法解压 {name}") from None
        return b"".join(chunks)


def _parse_xml(raw: bytes) -> etree._Element | None:
    """Bytes parsed as XML; None when they are not XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError as e:
        # libxml2 stops at its depth bound: the file is not damaged but built to be deep
        if "Excessive depth" in str(e):
            raise ReadError(DEEP) from None
        return None


T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


_REL_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",  # ISO 29500 strict
)
_CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_MAIN = "word/document.xml"


@dataclass
class _Rels:
    """A part's relationships: targets by id (None: outside the file) and by type."""

    by_id: dict[str, str | None] = field(default_factory=dict)
    by_type: dict[str, list[str | None]] = field(default_factory=dict)

    def every(self, kind: str) -> list[str | None]:
        """The parts the relationships of this kind name: `kind` is a type's last
        segment, transitional or strict (styles, numbering, officeDocument …)."""
        return [t for base in _REL_TYPES for t in self.by_type.get(base + kind, ())]

    def one(self, kind: str) -> str | None:
        """The first part in the file a relationship of this kind names."""
        return next((t for t in self.every(kind) if t is not None), None)


def _rels_of(archive: _Archive, part: str, what: str, problems: list[str]) -> _Rels | None:
    """The relationships of `part` ("" for the package), from its `_rels` part; None when
    there is none or it is damaged (said in `problems`)."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    root = _optional_xml(archive, name, what, problems, _parse_xml)
    if root is None:
        return None
    rels = _Rels()
    for rel in root.iter(f"{{{_PKG_R}}}Relationship"):
        rid, target = rel.get("Id"), rel.get("Target") or ""
        name = None if rel.get("TargetMode") == "External" else _part_name(folder, target)
        if rid:
            rels.by_id[rid] = name
        rels.by_type.setdefault(rel.get("Type") or "", []).append(name)
    return rels


def _main_part(archive: _Archive, package: _Rels | None) -> str:
    """The main document part, as Word finds it: by the package's officeDocument
    relationship (`package`); `word/document.xml` when the package names none. A stale
    word/document.xml left beside the part named is not read."""
    named = set(package.every("officeDocument")) if package is not None else set()
    if not named:
        if not archive.has(_MAIN):
            raise ReadError("压缩包中没有 word/document.xml，不是 DOCX 文件")
        return _MAIN
    if len(named) > 1:
        raise ReadError("DOCX 文件已损坏：_rels/.rels 指明了不止一个正文部件，无法确定读取哪一个")
    [main] = named
    if main is None:
        raise ReadError("DOCX 文件的正文部件链接到文件之外，无法读取")
    if not archive.has(main):
        raise ReadError(f"DOCX 文件已损坏：_rels/.rels 指明的正文部件 {main} 不在压缩包中")
    return main


def _read(path: str, archive: _Archive, pictures: Pictures) -> Document:
    doc = Document(path=path, form="docx")
    package = _rels_of(archive, "", "部件关系（正文按 word/document.xml 读取）", doc.problems)
    main = _main_part(archive, package)
    root = _xml(archive, main)
    if root is None:
        raise ReadError(f"DOCX 文件已损坏：{main} 不是有效的 XML")
    ns = etree.QName(root).namespace or _W_TRANSITIONAL
    if ns not in (_W_TRANSITIONAL, _W_STRICT):
        raise ReadError(f"DOCX 文件已损坏：{main} 不是 Word 文档")
    body = root.find(f"{{{ns}}}body")
    if body is None:
        raise ReadError(f"DOCX 文件已损坏：{main} 中没有正文")
    rels = _rels_of(archive, main, "图片与嵌入内容", doc.problems)
    targets = rels.by_id if rels is not None else {}
    reader = _Reader(
        ns,
        _picture_source(archive, pictures, targets),
        _chunk_source(path, archive, pictures, targets, main),
        _sheet_source(archive, targets),
    )
    reader.stores = _store_source(archive, rels)
    styles = _related(archive, main, rels, "styles", "样式", doc.problems)
    _optional_xml(archive, styles, "样式", doc.problems, reader.load_styles_part)
    theme_part = _related(archive, main, rels, "theme", "主题颜色", doc.problems)
    _optional_xml(archive, theme_part, "主题颜色", doc.problems, reader.load_theme_part)
    settings_part = _related(archive, main, rels, "settings", "文档设置", doc.problems)
    _optional_xml(archive, settings_part, "文档设置", doc.problems, reader.load_settings_part)
    numbering_part = _related(archive, main, rels, "numbering", "自动编号", doc.problems)
    numbering = _optional_xml(archive, numbering_part, "自动编号", doc.problems, _parse_xml)
    if numbering is not None:
        reader.load_numbering(numbering)
    reader.survey(body)
    reader.content(body)
    doc.blocks = reader.blocks
    doc.problems += reader.problems
    pictures.finish()
    doc.problems += pictures.problems
    for i, block in enumerate(doc.blocks):
        block.where = Where(block=i)
    core_part = next(iter(package.by_type.get(_CORE_TYPE, ())), None) if package else None
    core = _optional_xml(
        archive, core_part or "docProps/core.xml", "文档属性", doc.problems, _parse_xml
    )
    title = core.findtext(f"{{{_DC}}}title") if core is not None else None
    doc.title = title.strip() if title and title.strip() else None
    return doc


def _related(
    archive: _Archive, main: str, rels: _Rels | None, kind: str, what: str, problems: list[str]
) -> str:
    """The part of the main part's relationship of this kind (styles, numbering), as
    Word takes it; when the main part has no relationships part, the usual name beside
    it. A part the relationship names that is not in the file is said in `problems`."""
    if rels is None:
        return posixpath.join(posixpath.dirname(main), f"{kind}.xml")
    name = rels.one(kind)
    if name is None:
        return ""
    if not archive.has(name):
        problems.append(f"文档的{what}部件 {name} 不在压缩包中，已忽略其中的{what}")
    return name


def _chunk_source(
    path: str, archive: _Archive, pictures: Pictures, targets: dict[str, str | None], main: str
) -> Callable[[str], tuple[list[Block], list[str]]]:
    """What an embedded chunk (w:altChunk) holds, by relationship id, with the problems
    of reading it. Web-to-Word exporters put the whole report in one: a web page or a
    web archive (`ogi.readers.mht`), read as a page is, its pictures with the
    document's own within their time; any other kind is said not read."""

    def read(rid: str) -> tuple[list[Block], list[str]]:
        name = targets.get(rid)
        if name is None or not archive.has(name):
            return [], ["文档中嵌入的外部内容（altChunk）不在文件中，未读取"]
        if _part_key(name) == _part_key(main):  # the document itself: not read twice
            return [], ["文档中嵌入的外部内容（altChunk）指向正文本身，未读取"]
        from ogi.readers.html import read_web_page
        from ogi.readers.mht import looks_like_mht

        data = archive.read(name)
        head = data[:4096].lstrip().lower()
        if not (
            looks_like_mht(head)
            or name.lower().endswith((".htm", ".html", ".xhtml"))
            or head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        ):
            return [], [f"文档中嵌入的外部内容（{posixpath.basename(name)}）不是网页，未读取"]
        # its own count of pictures (its problems name them), on the document's budget
        own = replace(pictures, problems=[], seen=0, skipped=0, spent=0.0, why=set())
        own.total = max(0.0, pictures.total - pictures.spent)
        page = read_web_page(path, data, own, name)
        pictures.spent += own.spent
        return page.blocks, page.problems

    return read


def _sheet_source(
    archive: _Archive, targets: dict[str, str | None]
) -> Callable[[str, str], tuple[list[Block], list[str]] | None]:
    """The table of an embedded worksheet object, by relationship id and object type,
    with the problems of reading it; None for an object that holds no workbook ogi
    reads (its picture is read instead). Objects are numbered in the order the body
    shows them (第1个嵌入的 Excel 表格 …)."""
    count = legacy = 0

    def read(rid: str, progid: str) -> tuple[list[Block], list[str]] | None:
        nonlocal count, legacy
        from ogi.readers import docx_sheets as sheets
        from ogi.readers.legacy_word import OLE_MAGIC

        name = targets.get(rid)
        if not sheets.is_sheet_object(progid) or name is None or not archive.has(name):
            return None
        data = archive.read(name)
        if data.startswith(OLE_MAGIC):  # an Excel 97-2003 workbook
            count += 1
            where = f"第{count}个嵌入的 Excel 表格"
            if legacy == sheets.LEGACY_SHEETS:
                many = f"文档中 Excel 97-2003 格式的嵌入表格超过 {sheets.LEGACY_SHEETS} 个"
                return [], [f"{where}未转换读取：{many}"]
            legacy += 1
            table, problems = sheets.legacy_sheet_table(data, where)
        elif data.startswith(b"PK\x03\x04"):
            count += 1
            table, problems = sheets.sheet_table(data, f"第{count}个嵌入的 Excel 表格")
        else:
            return None
        return ([table] if table is not None else []), problems

    return read


def _picture_source(
    archive: _Archive, pictures: Pictures, targets: dict[str, str | None]
) -> Callable[[str, float | None], list[Block]]:
    """What the body's pictures hold, by relationship id: the picture's part looked up in
    the document's relationships and read by `pictures`. Pictures are numbered in the
    order the body shows them (第1张图片 …), linked ones (outside the file) included."""
    count = 0

    def read(rid: str, width_pt: float | None) -> list[Block]:
        nonlocal count
        count += 1
        name = targets.get(rid)
        if name is None or not archive.has(name):
            return []
        return pictures.blocks(archive.read(name), f"第{count}张图片", width_pt)

    return read


_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_PREFIX_MAPPING = patterns.compile(r"""xmlns:([\w.-]+)\s*=\s*['"]([^'"]*)['"]""")


def _store_source(archive: _Archive, rels: _Rels | None) -> Callable[[str], etree._Element | None]:
    """The custom XML parts of the document (data content controls are bound to), by
    the store item id their properties part gives (ds:itemID), read when a bound
    control first asks. A part that is damaged binds nothing, as in Word."""
    found: dict[str, etree._Element] | None = None

    def store(item_id: str) -> etree._Element | None:
        nonlocal found
        if found is None:
            found = {}
            for name in rels.every("customXml") if rels is not None else ():
                quiet: list[str] = []  # (a part no text depends on)
                own = _rels_of(archive, name, "", quiet) if name else None
                props_part = own.one("customXmlProps") if own is not None else None
                props = _optional_xml(archive, props_part or "", "", quiet, _parse_xml)
                data = _optional_xml(archive, name or "", "", quiet, _parse_xml)
                key = props.get(f"{{{_DS}}}itemID") if props is not None else None
                if key and data is not None:
                    found.setdefault(key.strip().upper(), data)
        return found.get(item_id.strip().upper())

    return store


def _part_name(folder: str, target: str) -> str:
    """A relationship's target (a URI) as a part name: relative to the part's folder, or
    from the package root when it starts with a slash; a target that climbs above the
    root stops there, as a URI's path does."""
    path = target.replace("\\", "/").split("#", 1)[0]  # (escapes: see `_part_key`)
    return posixpath.normpath(posixpath.join("/" + folder, path)).lstrip("/")


def _optional_xml(
    archive: _Archive,
    name: str,
    what: str,
    problems: list[str],
    parse: Callable[[bytes], T | None],
) -> T | None:
    """A part the text does not depend on: when broken, say so and read on without it.
    `parse` makes the part's bytes into what is needed of it (None: not XML)."""
    if not name or not archive.has(name):
        return None
    try:
        raw = archive.read(name)
    except ReadError as e:
        if "解压后" in str(e):  # a size limit is the file's fault, not a damaged part
            raise
        raw = None
    tree = parse(raw) if raw is not None else None
    if tree is None:
        problems.append(f"{name} 已损坏，已忽略其中的{what}")
    return tree


def _xml(archive: _Archive, name: str) -> etree._Element | None:
    """A part parsed as XML; None when it is not XML. Unreadable archives raise."""
    return _parse_xml(archive.read(name))


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    style: str | None = None
    # w:lvlRestart: the (1-based) level whose use starts this one again; 0 never, None
    # any higher level
    restart: int | None = None


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_link: dict[str, str] = field(default_factory=dict)  # abstract id → numStyleLink
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → start
    # numId → the levels it defines anew (w:lvlOverride/w:lvl)
    redefined: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # per abstract list
    started: set[str] = field(default_factory=set)  # numIds whose overrides are applied


@dataclass(frozen=True)
class _Paint:
    """A colour as written: RGB in capitals or "auto" (`rgb`, None when not one), and
    the theme colour it names (w:themeColor, w:themeFill) with its tint or shade
    (0–255), which Word shows in place of the RGB written beside it."""

    rgb: str | None
    theme: str | None = None
    tint: int | None = None
    shade: int | None = None


@dataclass(frozen=True)
class _Region:
    """What a table style gives the cells of one region of its tables (the whole table,
    a band of rows, the first row … : w:tblStylePr): whether their text is hidden, its
    colour and the cells' shading; None where it does not say."""

    hidden: bool | None = None
    color: _Paint | None = None
    ground: _Paint | None = None


# A table style's regions in the order Word lays them over each other (ECMA-376
# 17.7.6): "" is the style's own properties.
_REGIONS = (
    *("", "wholeTable", "band1Vert", "band2Vert", "band1Horz", "band2Horz"),
    *("firstCol", "lastCol", "firstRow", "lastRow", "neCell", "nwCell", "seCell", "swCell"),
)
# w:tblLook's bits in its older form (w:val, hexadecimal)
_LOOK_BITS = {
    "firstRow": 0x20,
    "lastRow": 0x40,
    "firstColumn": 0x80,
    "lastColumn": 0x100,
    "noHBand": 0x200,
    "noVBand": 0x400,
}
# the theme's colour each w:themeColor names (the usual w:clrSchemeMapping)
_THEME_SLOTS = {
    **{"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2"},
    **{"text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2"},
    **{f"accent{i}": f"accent{i}" for i in range(1, 7)},
    **{"hyperlink": "hlink", "followedHyperlink": "folHlink"},
}
# w:clrSchemeMapping: the names of the document's theme colours each of its attributes
# maps, and the theme's colour each of its values names
_MAPPED = {
    **{"t1": "text1", "bg1": "background1", "t2": "text2", "bg2": "background2"},
    **{f"accent{i}": f"accent{i}" for i in range(1, 7)},
    **{"hyperlink": "hyperlink", "followedHyperlink": "followedHyperlink"},
}
_SCHEME_INDEX = {
    **{"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2"},
    **{f"accent{i}": f"accent{i}" for i in range(1, 7)},
    **{"hyperlink": "hlink", "followedHyperlink": "folHlink"},
}
# a document without a theme part is shown with Office's, whose text is black on white
_PLAIN_THEME = {"dk1": "000000", "lt1": "FFFFFF"}


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    # a character style's run properties: hidden text (w:vanish), raised (superscript or
    # subscript), struck through (w:strike, w:dstrike); None when the style does not say
    hidden: bool | None = None
    raised: bool | None = None
    struck: bool | None = None
    color: _Paint | None = None  # the colour of its text (`_Reader._colors`)
    size: int | None = None  # the size of its text in half-points (w:sz)
    moved: bool | None = None  # set off the baseline (w:position)
    # a table style's regions by w:tblStylePr's type ("": its own), and its bands' sizes
    # in rows and columns (w:tblStyleRowBandSize, w:tblStyleColBandSize)
    regions: dict[str, _Region] = field(default_factory=dict)
    bands: tuple[int | None, int | None] = (None, None)


_OFF = frozenset(("0", "false", "off"))
# highlight colours by name (w:highlight), as RGB
_HIGHLIGHTS = {
    **{"white": "FFFFFF", "black": "000000", "lightGray": "C0C0C0", "darkGray": "808080"},
    **{"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF"},
    **{"blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080"},
    **{"darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000"},
    "darkYellow": "808000",
}
_HEX_COLOR = patterns.compile("[0-9A-F]{6}")
# the share in percent of a dotted shading's pattern (w:shd w:val="pct90") in its colour
_PATTERN_SHARE = {f"pct{n}": n for n in (5, 10, 12, 15, 20, 25, 30, 35, 37, 40, 45, 50)}
_PATTERN_SHARE.update({f"pct{n}": n for n in (55, 60, 62, 65, 70, 75, 80, 85, 87, 90, 95)})


def _whitish(color: str) -> bool:
    """Whether an RGB colour is white or nearly (each channel NEAR_WHITE or more)."""
    return all(int(color[i : i + 2], 16) >= NEAR_WHITE for i in (0, 2, 4))


@lru_cache(maxsize=256)  # a document has few colours, asked of every run in its cells
def _alike(a: str, b: str) -> bool:
    """Whether two RGB colours cannot be told apart: each channel within as much as
    `_whitish` lets white be (which also takes in a theme's tint worked out a unit
    off Word's)."""
    near = 255 - NEAR_WHITE
    return all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= near for i in (0, 2, 4))


def _tinted(rgb: str, tint: int | None, shade: int | None) -> str:
    """A theme colour lightened by a tint or darkened by a shade (0–255, as Word writes
    w:themeTint and w:themeShade): its lightness scaled toward white or black."""
    h, light, s = colorsys.rgb_to_hls(*(int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)))
    if tint is not None:
        light = light * tint / 255 + 1 - tint / 255
    if shade is not None:
        light = light * shade / 255
    r, g, b = colorsys.hls_to_rgb(h, light, s)
    return "".join(f"{int(c * 255):02X}" for c in (r, g, b))  # (Word truncates)


# Text of at most this size in half-points (2 pt, as `pdf_unseen.TINY`) is too small
# to be read.
_TINY = 4
_NONZERO = patterns.compile("[1-9]")
# around text set off the baseline while its paragraph is read (`_moved`)
_MOVED, _MOVED_END = "\x0e", "\x0f"
_MOVED_SPAN = patterns.compile("\x0e([^\x0e\x0f]*)\x0f")


def _moved(text: str) -> str:
    """A paragraph's text with the text w:position sets off its baseline given raised
    (`ogi.blocks.raised`) where other text stays on it: a note mark set higher in a
    small size (10 with a raised 1 is not 101). A paragraph wholly moved (a run shifted
    to line up with another font) is printed as it is."""
    if _MOVED not in text:
        return text
    if not _MOVED_SPAN.sub("", text).strip():
        return text.replace(_MOVED, "").replace(_MOVED_END, "")
    marked = _MOVED_SPAN.sub(lambda m: raised(m.group(1)), text)
    return marked.replace(_MOVED, "").replace(_MOVED_END, "")


@dataclass
class _Field:
    """A field open in the text read (a complex field between its begin and end marks,
    or a w:fldSimple): whether in its code (between its begin and separate marks),
    whose text, nested fields' results included, is not printed; whether its saved
    result is taken as stale, and why (`_Reader._stale`); and its code as read."""

    code: bool
    stale: str | None
    instr: list[str] = field(default_factory=list)
    said: bool = False  # whether a cell was withheld for its result
    printed: bool = False  # whether its result printed any text
    chosen: str | None = None  # a drop-down form field's entry shown (`_Reader._chosen`)


def _field_code(field: _Field) -> str:
    """A field's code as said in messages: on one line, cut at 30 characters."""
    code = " ".join("".join(field.instr).split())
    return code if len(code) <= 30 else code[:30] + "…"


@dataclass(frozen=True)
class _Defaults:
    """What the styles part says of every paragraph: whether the document's default run
    properties hide text (w:docDefaults/w:rPrDefault), and the style of a paragraph that
    names none (the last paragraph style marked w:default, as Word takes it); and the
    style of a table that names none (the last table style so marked)."""

    hidden: bool = False
    paragraph_style: str | None = None
    table_style: str | None = None


_ALTERNATE = f"{{{_MC}}}AlternateContent"
# What a run-level element of the document's namespace is, by local name (see `_runs`).
_RUN_KINDS = {
    "txbxContent": "box",
    "object": "box",  # an embedded object: a worksheet, or its picture (`embedded`)
    "t": "text",
    "tab": "tab",
    "ptab": "tab",
    "br": "break",
    "cr": "break",
    "noBreakHyphen": "hyphen",
    "fldChar": "field",
    "instrText": "code",
    "subDoc": "subdocument",
    "sym": "sym",
    **dict.fromkeys(_SKIP, "skip"),
}
_WRAPPERS = ("sdt", "sdtContent", "customXml")
# the elements whose use in the body `_Reader.survey` finds out
_SURVEYED = (
    *("sdt", "shd", "highlight", "vanish", "specVanish", "del", "moveFrom"),
    *("trHeight", "numPr"),
)
# the run-level kinds that print characters
_PRINTED = frozenset(("text", "tab", "break", "hyphen", "sym"))


class _QNames(dict[str, str]):
    """Local name → qualified name in one namespace, worked out once each."""

    def __init__(self, ns: str) -> None:
        super().__init__()
        self.ns = ns

    def __missing__(self, name: str) -> str:
        found = self[name] = f"{{{self.ns}}}{name}"
        return found


class _Styles:
    """A document's styles by id, each read from its definition the first time it is
    asked for (the last definition of an id counts, as when all were read in order)."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        # a definition as an element, or as its markup cut from the part (see `_StyleCuts`)
        self.elements: dict[str, etree._Element | bytes] = {}
        self.read: dict[str, _Style] = {}
        self.cuts: _StyleCuts | None = None

    def define(self, sid: str, el: etree._Element) -> None:
        self.elements[sid] = el

    def get(self, sid: str) -> _Style | None:
        found = self.read.get(sid)
        if found is None:
            el = self.elements.get(sid)
            if el is None:
                return None
            if isinstance(el, bytes):
                el = self.cuts.element(el)  # type: ignore[union-attr]
            found = self.read[sid] = self.reader.style(el)
        return found

    def every(self) -> dict[str, _Style]:
        """Every style, read."""
        return {sid: st for sid in self.elements if (st := self.get(sid)) is not None}


class _NoTree:
    """A parser target that builds nothing: libxml2 only checks the markup."""

    def close(self) -> bool:
        return True


def _name_ends(raw: bytes, at: int) -> bool:
    """Whether a tag's name ends at `at` (`<w:style ` or `<w:style>`, not `<w:styles`)."""
    return raw[at : at + 1] in (b" ", b"\t", b"\r", b"\n", b">", b"/")


def _well_formed(raw: bytes) -> bool:
    """Whether `_parse_xml` would parse `raw` (the same parser, without the tree)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, target=_NoTree()
    )
    try:
        return bool(etree.fromstring(raw, parser=parser))
    except etree.XMLSyntaxError:
        return False


_XML_DECL = patterns.compile(rb"<\?xml[^>]*\?>")
_DECL_ENCODING = patterns.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_ROOT_TAG = patterns.compile(
    rb"\s*<([A-Za-z_][\w.-]*):styles(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>"
)
_ATTRS = rb"(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>"


class _StyleCuts:
    """The style definitions of a styles part cut out of its bytes, each parsed when a
    paragraph first names its style. A template's styles part is mostly table styles no
    report uses (350 KB, 2.8 ms to parse whole); libxml2 still checks the whole part.
    Only plain markup is cut: a part with comments, CDATA, a DOCTYPE, processing
    instructions, another encoding than UTF-8, a namespace declared twice or anything
    else unusual is parsed whole instead (`of` returns None)."""

    def __init__(
        self,
        head: bytes,
        tail: bytes,
        markup: dict[str, bytes],
        defaults: bytes | None = None,
        paragraph_style: str | None = None,
        table_style: str | None = None,
    ) -> None:
        self.head, self.tail, self.markup = head, tail, markup
        # the w:docDefaults element's markup, and the default paragraph and table styles' ids
        self.defaults, self.paragraph_style = defaults, paragraph_style
        self.table_style = table_style

    def element(self, markup: bytes) -> etree._Element:
        root = _parse_xml(self.head + markup + self.tail)
        return root[0]  # type: ignore[index]

    @classmethod
    def of(cls, raw: bytes, ns: str) -> _StyleCuts | None:
        # (each test is a pass over the bytes: comments, CDATA and a DOCTYPE start "<!")
        if b"<!" in raw:
            return None
        at = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        decl = _XML_DECL.match(raw, at)
        if decl is not None:
            enc = _DECL_ENCODING.search(decl.group())
            if enc is not None and enc.group(1).lower() not in (b"utf-8", b"utf8"):
                return None
            at = decl.end()
        if raw.find(b"<?", at) != -1:
            return None
        root = _ROOT_TAG.match(raw, at)
        if root is None:
            return None
        prefix = root.group(1)
        uri = ns.encode()
        head = root.group().strip()
        # Namespaces declared on the root only, the document's once, under its prefix.
        if (
            raw.find(b"xmlns", root.end()) != -1
            or b"xmlns=" in head
            or head.count(uri) != 1
            or head.count(b"xmlns:" + prefix + b"=") != 1
            or not re.search(
                rb"xmlns:"
                + re.escape(prefix)
                + rb"""\s*=\s*["']"""
                + re.escape(uri)
                + rb"""["']""",
                head,
            )
        ):
            return None
        tail = b"</" + prefix + b":styles>"
        opening = b"<" + prefix + b":style"
        closing = b"</" + prefix + b":style>"
        start_tag = re.compile(re.escape(opening) + _ATTRS)
        sid_attr = re.compile(
            rb"\s" + re.escape(prefix) + rb""":styleId\s*=\s*(?:"([^"]*)"|'([^']*)')"""
        )
        markup: dict[str, bytes] = {}
        defaults = _cut_element(raw, prefix + b":docDefaults", root.end())
        by_kind: dict[bytes, str] = {}  # the default style of paragraphs and of tables
        kind = re.compile(
            rb"\s" + re.escape(prefix) + rb""":type\s*=\s*["'](paragraph|table)["']"""
        )
        default = re.compile(
            rb"\s" + re.escape(prefix) + rb""":default\s*=\s*["'](?:1|true|on)["']""", re.I
        )
        pos = root.end()
        while (pos := raw.find(opening, pos)) != -1:
            if not _name_ends(raw, pos + len(opening)):
                pos += len(opening)  # <w:styles, <w:styleLink …
                continue
            tag = start_tag.match(raw, pos)
            if tag is None:
                return None
            if tag.group(1):
                end = tag.end()
            else:
                close = raw.find(closing, tag.end())
                if close == -1:
                    return None
                inner = raw.find(opening, tag.end(), close)
                while inner != -1:
                    if _name_ends(raw, inner + len(opening)):
                        return None  # a style inside a style
                    inner = raw.find(opening, inner + len(opening), close)
                end = close + len(closing)
            sid = sid_attr.search(tag.group())
            if sid is not None:
                value = sid.group(1) if sid.group(1) is not None else sid.group(2)
                # (a reference or a tab/line break would be replaced by the parser)
                if any(c in value for c in (b"&", b"<", b"\t", b"\n", b"\r")):
                    return None
                try:
                    text = value.decode()
                except UnicodeDecodeError:
                    return None
                if text:
                    markup[text] = raw[pos:end]
                    typed = kind.search(tag.group())
                    if typed and default.search(tag.group()):
                        by_kind[typed.group(1)] = text
            pos = end
        if not raw.rstrip().endswith(tail):
            return None
        return cls(head, tail, markup, defaults, by_kind.get(b"paragraph"), by_kind.get(b"table"))


def _cut_element(raw: bytes, name: bytes, at: int) -> bytes | None:
    """The markup of the first element `name` (prefixed) from `at` on, when it has
    content and a closing tag; None otherwise (a part that is not well-formed is refused
    later, as a whole)."""
    opening = b"<" + name
    pos = raw.find(opening, at)
    while pos != -1 and not _name_ends(raw, pos + len(opening)):
        pos = raw.find(opening, pos + len(opening))
    if pos == -1:
        return None
    tag = re.compile(re.escape(opening) + _ATTRS).match(raw, pos)
    if tag is None or tag.group(1):
        return None
    closing = b"</" + name + b">"
    close = raw.find(closing, tag.end())
    return None if close == -1 else raw[pos : close + len(closing)]


# Styles parts already read, by namespace, size and CRC-32 of their bytes, the bytes kept
# to be compared: a part is taken as kept only when it is the same, byte for byte (a
# CRC is no proof, and cheaper than a digest that would be). Documents made from one
# template (an office's, a publishing system's) carry the same styles part, often of
# hundreds of KB of definitions; a part is kept once it has been seen twice, so a batch
# of one-off templates costs no more than the CRCs.
_STYLES_KEPT: dict[tuple[str, int, int], tuple[bytes, dict[str, _Style], _Defaults]] = {}
_STYLES_SEEN: dict[tuple[str, int, int], None] = {}
_KEEP_STYLES, _REMEMBER_SEEN = 16, 512


_STYLES_LOCK = threading.Lock()  # a Dask worker reads files in several threads

# Theme and settings parts already read, by their bytes (and the document's namespace):
# documents made from one template carry the same theme, often the same settings.
_THEMES_KEPT: dict[bytes, dict[str, str]] = {}
_SETTINGS_KEPT: dict[tuple[str, bytes], tuple[bool, dict[str, str]]] = {}
_KEEP_PARTS = 16


def _theme_colours(root: etree._Element) -> dict[str, str]:
    """The colours of a theme part's colour scheme (a:clrScheme), as RGB, by name."""
    colours: dict[str, str] = {}
    scheme = next(root.iter(f"{{{_A}}}clrScheme"), None)
    for slot in scheme if scheme is not None else ():
        for value in slot:
            rgb = _rgb(value.get("lastClr") or value.get("val"))
            if rgb is not None and rgb != "auto" and isinstance(slot.tag, str):
                colours[etree.QName(slot).localname] = rgb
                break
    return colours


def _remember(store: dict[K, V], key: K, value: V, size: int) -> None:
    """Put `key` in `store`, dropping the oldest entry when it holds `size` of them."""
    with _STYLES_LOCK:
        if len(store) >= size:
            store.pop(next(iter(store)))
        store[key] = value


class _Reader:
    def __init__(
        self,
        ns: str,
        pictures: Callable[[str, float | None], list[Block]] | None = None,
        chunks: Callable[[str], tuple[list[Block], list[str]]] | None = None,
        sheets: Callable[[str, str], tuple[list[Block], list[str]] | None] | None = None,
    ) -> None:
        self.ns = ns
        self.pictures = pictures
        self.chunks = chunks
        self.sheets = sheets
        self.blocks: list[Block] = []
        self.problems: list[str] = []
        # Styles are read when a paragraph first names one: a template defines hundreds.
        self.styles: _Styles = _Styles(self)
        self._chains: dict[str | None, tuple[tuple[str, _Style], ...]] = {}  # `_style_chain`
        self.defaults = _Defaults()
        self.numbering = _Numbering()
        # Qualified names worked out once: a report has thousands of elements.
        self._q = _QNames(ns)
        self._prefix = f"{{{ns}}}"
        self._run_kinds = {self.q(k): v for k, v in _RUN_KINDS.items()}
        self._run_kinds.update(dict.fromkeys(_PICTURES, "box"))
        self._wrappers = frozenset(self.q(k) for k in _WRAPPERS)
        self._p, self._tbl, self._val = self.q("p"), self.q("tbl"), self.q("val")
        self._chunk, self._object = self.q("altChunk"), self.q("object")
        self._txbx = self.q("txbxContent")
        self._ppr, self._type = self.q("pPr"), self.q("type")
        self._r, self._rpr, self._rstyle = self.q("r"), self.q("rPr"), self.q("rStyle")
        self._vanish, self._vert_align = self.q("vanish"), self.q("vertAlign")
        self._spec_vanish, self._position = self.q("specVanish"), self.q("position")
        self._color, self._shd, self._fill = self.q("color"), self.q("shd"), self.q("fill")
        self._highlight, self._bdo = self.q("highlight"), self.q("bdo")
        self.theme = dict(_PLAIN_THEME)  # the theme's colours (`load_theme_part`)
        # the theme's colour each theme colour named in the document shows (`_settings`)
        self.slots = dict(_THEME_SLOTS)
        # while a cell is read: the text of its runs printed unseen (`_unseen`), the
        # shading its paragraph stands on, and that paragraph's style
        self._faint: list[tuple[str, str]] | None = None  # (text, why: `_unseen`)
        self._doubts: list[str] | None = None  # why the cell's value cannot be taken
        self._ground: _Paint | None = None
        self._cell_ground: _Paint | None = None
        self._paragraph_style: str | None = None
        self._styled_runs: dict[tuple[str | None, str | None], tuple[int | None, _Paint | None]]
        self._styled_runs = {}  # (`_styled`)
        # what its table's style gives the cell read (`_cell_look`): whether it hides
        # its text, and the colour of its text
        self._table_hidden = False
        self._table_color: _Paint | None = None
        self._table_ground: _Paint | None = None
        # the table read: its style and the styles it is based on, and its w:tblLook
        self._table_style: tuple[list[_Style], frozenset[str]] | None = None
        self._table_shading: _Paint | None = None  # its own (w:tblPr/w:shd)
        self._strikes = frozenset((self.q("strike"), self.q("dstrike")))
        self._removed = frozenset((self.q("del"), self.q("moveFrom")))
        self._field_type, self._sym_char = self.q("fldCharType"), self.q("char")
        self._sym_font = self.q("font")
        # while a cell is read: the fonts of the symbols in it that print no character
        # that can be read (`_symbol`)
        self._glyphs: list[str] | None = None
        # fields open in the text read so far, innermost last (`_Field`)
        self._fields: list[_Field] = []
        self._fld_simple, self._dirty = self.q("fldSimple"), self.q("dirty")
        self._locked, self._instr = self.q("fldLock"), self.q("instr")
        # whether the document's settings have Word update its fields when it opens it
        self.update_fields = False
        self._sdt, self._sdt_pr = self.q("sdt"), self.q("sdtPr")
        # the custom XML parts content controls are bound to, by store item id
        self.stores: Callable[[str], etree._Element | None] | None = None
        # Whether the body's markup holds what some checks of every cell, paragraph or
        # row look for (`survey`); until it is surveyed, each is taken as held.
        self._has_controls = True  # w:sdt (`_controls_around`)
        self._has_shading = True  # w:shd, w:highlight (`_colors`' shading)
        self._has_hiding = True  # w:vanish, w:specVanish, w:del, w:moveFrom (`_mark_gone`)
        self._has_row_rules = True  # w:del, w:trHeight (`_row_shown`)
        self._has_list_marks = True  # w:numPr (`number`)
        # whether a run without properties is unseen, by what it stands in (`_unseen`)
        self._plain_unseen: dict[tuple[object, ...], str | None] = {}

    def survey(self, body: etree._Element) -> None:
        """Find once which of the elements some checks look for the body holds at all: a
        check made of every cell, paragraph or row finds nothing where the element it
        looks for is nowhere in the markup, and is then not made."""
        q = self._q
        left = {q[n] for n in _SURVEYED}
        found: set[str] = set()
        # (lxml matches the names in C: one pass over the body finds none, and each
        # one found is looked for no further)
        while left and (hit := next(body.iter(*left), None)) is not None:
            found.add(hit.tag)
            left.discard(hit.tag)

        def holds(*names: str) -> bool:
            return any(q[n] in found for n in names)

        self._has_controls = holds("sdt")
        self._has_shading = holds("shd", "highlight")
        self._has_hiding = holds("vanish", "specVanish", "del", "moveFrom")
        self._has_row_rules = holds("del", "trHeight")
        self._has_list_marks = holds("numPr")

    def q(self, name: str) -> str:
        return self._q[name]

    def val(self, el: etree._Element | None, child: str) -> str | None:
        if el is None:
            return None
        found = _child(el, self._q[child])
        return None if found is None else found.get(self._val)

    # --- styles and numbering -------------------------------------------------------

    def load_styles_part(self, raw: bytes) -> bool | None:
        """The styles part: True when read, None when it is not XML."""
        self._chains.clear()
        key = (self.ns, len(raw), crc32(raw))
        kept = _STYLES_KEPT.get(key)
        if kept is not None and kept[0] == raw:
            # (never changed: every id in it is read)
            self.styles.read, self.defaults = kept[1], kept[2]
            return True
        cuts = _StyleCuts.of(raw, self.ns)
        if cuts is not None:
            if not _well_formed(raw):
                return None
            self.styles.cuts = cuts
            self.styles.elements.update(cuts.markup)
            found = cuts.element(cuts.defaults) if cuts.defaults is not None else None
            self.defaults = _Defaults(
                self._default_hidden(found), cuts.paragraph_style, cuts.table_style
            )
        else:
            root = _parse_xml(raw)
            if root is None:
                return None
            self.load_styles(root)
        if key in _STYLES_SEEN:
            kept = (raw, self.styles.every(), self.defaults)
            _remember(_STYLES_KEPT, key, kept, _KEEP_STYLES)
        else:
            _remember(_STYLES_SEEN, key, None, _REMEMBER_SEEN)
        return True

    def load_styles(self, root: etree._Element) -> None:
        self._chains.clear()
        q = self._q
        by_kind: dict[str, str] = {}  # the default style of paragraphs and of tables
        for st in root.iter(q["style"]):
            sid = st.get(q["styleId"])
            if sid:
                self.styles.define(sid, st)
                default = (st.get(q["default"]) or "").strip().lower()
                if default in ("1", "true", "on"):
                    by_kind[st.get(q["type"]) or ""] = sid
        self.defaults = _Defaults(
            self._default_hidden(_child(root, q["docDefaults"])),
            by_kind.get("paragraph"),
            by_kind.get("table"),
        )

    def _default_hidden(self, doc_defaults: etree._Element | None) -> bool:
        """Whether w:docDefaults hides text (its w:rPrDefault/w:rPr/w:vanish)."""
        if doc_defaults is None:
            return False
        r_pr_default = _child(doc_defaults, self.q("rPrDefault"))
        r_pr = _child(r_pr_default, self._rpr) if r_pr_default is not None else None
        return bool(self._run_properties(r_pr)[0])

    def load_settings_part(self, raw: bytes) -> bool | None:
        """The settings part (`_settings`): True when read, None when it is not XML."""
        key = (self.ns, raw)
        found = _SETTINGS_KEPT.get(key)
        if found is None:
            root = _parse_xml(raw)
            if root is None:
                return None
            found = self._settings(root)
            _remember(_SETTINGS_KEPT, key, found, _KEEP_PARTS)
        self.update_fields, slots = found
        self.slots.update(slots)
        return True

    def _settings(self, root: etree._Element) -> tuple[bool, dict[str, str]]:
        """What the settings part says of how the document is shown: whether Word
        updates its fields when it opens it (w:updateFields), and which of the theme's
        colours its text, background and accent colours are (w:clrSchemeMapping: a
        document set light on dark prints text1 in the theme's light colour), by the
        name of the colour in the document."""
        update = _child(root, self.q("updateFields"))
        update_fields = update is not None and (
            update.get(self._val, "1").strip().lower() not in _OFF
        )
        slots: dict[str, str] = {}
        mapping = _child(root, self.q("clrSchemeMapping"))
        for attr, name in _MAPPED.items() if mapping is not None else ():
            slot = _SCHEME_INDEX.get(mapping.get(self.q(attr)) or "")  # type: ignore[union-attr]
            if slot is not None:
                slots[name] = slot
        return update_fields, slots

    def load_theme_part(self, raw: bytes) -> bool | None:
        """The theme part (`_theme_colours`): True when read, None when it is not XML."""
        found = _THEMES_KEPT.get(raw)
        if found is None:
            root = _parse_xml(raw)
            if root is None:
                return None
            found = _theme_colours(root)
            _remember(_THEMES_KEPT, raw, found, _KEEP_PARTS)
        self.theme.update(found)
        return True

    def style(self, st: etree._Element) -> _Style:
        """What a paragraph or a table needs of one style definition."""
        p_pr = _child(st, self._ppr)
        num_pr = _child(p_pr, self.q("numPr")) if p_pr is not None else None
        ilvl = self.val(num_pr, "ilvl")
        r_pr = _child(st, self._rpr)
        hidden, lifted, crossed, _, moved = self._run_properties(r_pr)
        regions: dict[str, _Region] = {}
        bands: tuple[int | None, int | None] = (None, None)
        if st.get(self._type) == "table":
            regions[""] = self._region(st)
            for cond in st.iterchildren(self.q("tblStylePr")):
                kind = cond.get(self._type) or ""
                if kind in _REGIONS and kind:
                    regions[kind] = self._region(cond)
            tbl_pr = _child(st, self.q("tblPr"))
            bands = (
                limits.strict_int(self.val(tbl_pr, "tblStyleRowBandSize")),
                limits.strict_int(self.val(tbl_pr, "tblStyleColBandSize")),
            )
        return _Style(
            regions=regions,
            bands=bands,
            moved=moved,
            color=self._colors(r_pr)[0],
            size=self._size(r_pr),
            name=(self.val(st, "name") or "").strip(),
            based_on=self.val(st, "basedOn"),
            num_id=self.val(num_pr, "numId"),
            ilvl=limits.strict_int(ilvl),
            hidden=hidden,
            raised=lifted,
            struck=crossed,
        )

    def _run_properties(
        self, r_pr: etree._Element | None
    ) -> tuple[bool | None, bool | None, bool | None, str | None, bool | None]:
        """Whether run properties hide the text, raise or lower it (w:vertAlign), and
        strike it through (None: not said), the character style they name, and whether
        they move it off the baseline (w:position: `_moved`); w:specVanish hides it
        always."""
        hidden = lifted = crossed = style = moved = None
        if r_pr is not None:
            for ch in r_pr:
                tag = ch.tag
                if tag == self._vanish:
                    hidden = ch.get(self._val, "1").strip().lower() not in _OFF
                elif tag == self._spec_vanish:
                    hidden = hidden or ch.get(self._val, "1").strip().lower() not in _OFF
                elif tag == self._vert_align:
                    lifted = ch.get(self._val) in ("superscript", "subscript")
                elif tag == self._position:
                    # (half-points, or a measure with its unit: 3pt): any but zero
                    moved = _NONZERO.search(ch.get(self._val) or "") is not None
                elif tag in self._strikes:
                    on = ch.get(self._val, "1").strip().lower() not in _OFF
                    crossed = bool(crossed) or on
                elif tag == self._rstyle:
                    style = ch.get(self._val)
        return hidden, lifted, crossed, style, moved

    def _region(self, el: etree._Element) -> _Region:
        """What a table style's own properties, or one of its w:tblStylePr, give the
        cells of its region."""
        r_pr = _child(el, self._rpr)
        tc_pr = _child(el, self.q("tcPr"))
        return _Region(
            self._run_properties(r_pr)[0],
            self._colors(r_pr)[0],
            self._colors(tc_pr)[1] if tc_pr is not None else None,
        )

    def _colors(self, r_pr: etree._Element | None) -> tuple[_Paint | None, _Paint | None]:
        """The colour run properties (or a paragraph's or a cell's properties) give their
        text and the colour they shade it with (w:shd, w:highlight), as written (see
        `_shown`); "auto" for the colour Word picks to show against the shading, or for
        no shading; None: not said."""
        color = ground = lit = None
        if r_pr is None:
            return None, None
        for ch in r_pr:
            tag = ch.tag
            if tag == self._color:
                color = self._paint(ch, "val", "themeColor", "themeTint", "themeShade")
            elif tag == self._shd:
                # a solid pattern is its colour, and so is a dotted one mostly of it
                # (pct90: nine in ten dots in w:color); any other shows mostly its fill
                pattern = ch.get(self._val) or ""
                if pattern == "solid" or _PATTERN_SHARE.get(pattern, 0) >= 50:
                    ground = self._paint(ch, "color", "themeColor", "themeTint", "themeShade")
                    if ground.rgb == "auto" and ground.theme is None:
                        ground = _Paint("000000")  # (Word draws an automatic pattern black)
                elif pattern == "nil":
                    ground = _Paint("auto")
                else:
                    ground = self._paint(ch, "fill", "themeFill", "themeFillTint", "themeFillShade")
            elif tag == self._highlight:
                rgb = _HIGHLIGHTS.get(ch.get(self._val) or "")
                lit = _Paint(rgb) if rgb else None
        return color, lit or ground  # (a highlight is drawn over the shading)

    def _paint(self, el: etree._Element, rgb: str, theme: str, tint: str, shade: str) -> _Paint:
        """A colour written in these attributes of `el` (w:color's val, themeColor …)."""
        q = self._q
        return _Paint(
            _rgb(el.get(q[rgb])),
            el.get(q[theme]),
            _byte(el.get(q[tint])),
            _byte(el.get(q[shade])),
        )

    def _shown(self, paint: _Paint | None) -> str | None:
        """The RGB (or "auto") a colour is shown in: a theme colour by the document's
        theme, tinted or shaded, in place of the RGB written beside it, as Word shows
        it; the RGB written when the theme has no such colour."""
        if paint is None:
            return None
        base = self.theme.get(self.slots.get(paint.theme or "", ""))
        if base is None:
            return paint.rgb
        return _tinted(base, paint.tint, paint.shade)

    def _size(self, r_pr: etree._Element | None) -> int | None:
        """The size run properties give their text, in half-points (w:sz)."""
        size = limits.strict_int(self.val(r_pr, "sz"))
        return size if size is not None and size >= 0 else None

    def _unseen(self, r_pr: etree._Element | None) -> str | None:
        """Why the text of a run (of properties `r_pr`) is not seen: "size" when printed
        too small to read (`_TINY`), "colour" when printed in the colour it stands on
        (`_same_colour`); None when it is seen. Its size is its own, its character
        style's or its paragraph style's."""
        if r_pr is None:
            # (then all that counts is what it stands in, the same for many runs)
            key = (self._paragraph_style, self._table_color, self._ground, self._cell_ground)
            if key in self._plain_unseen:
                return self._plain_unseen[key]
            found = self._plain_unseen[key] = self._unseen_by(None)
            return found
        return self._unseen_by(r_pr)

    def _unseen_by(self, r_pr: etree._Element | None) -> str | None:
        """`_unseen`, worked out."""
        styled = self._styled(self.val(r_pr, "rStyle"), self._paragraph_style)
        size = self._size(r_pr)
        if size is None:
            size = styled[0]
        if size is not None and size <= _TINY:
            return "size"
        return "colour" if self._same_colour(r_pr, styled[1]) else None

    def _styled(
        self, char_style: str | None, paragraph_style: str | None
    ) -> tuple[int | None, _Paint | None]:
        """The size and colour a run's character style, else its paragraph's style (the
        default one when it names none), give its text; worked out once a pair."""
        key = (char_style, paragraph_style)
        found = self._styled_runs.get(key)
        if found is None:
            chain = self._style_chain(char_style) + (
                self._style_chain(paragraph_style)
                or self._style_chain(self.defaults.paragraph_style)
            )
            found = self._styled_runs[key] = (
                next((st.size for _, st in chain if st.size is not None), None),
                next((st.color for _, st in chain if st.color is not None), None),
            )
        return found

    def _same_colour(self, r_pr: etree._Element | None, styled: _Paint | None) -> bool:
        """Whether a run's text is printed in the colour it stands on (white on a white
        page, grey on a cell shaded that grey, or as near as cannot be told apart): its
        colour by its own properties (`r_pr`), else its styles' (`styled`), else its
        table's (`_cell_look`); its ground by its own shading, its paragraph's or its
        cell's (its own, else its table style's), else the white page. Theme colours
        are taken as the theme shows them (`_shown`)."""
        paint, shading = self._colors(r_pr)
        if paint is None:
            paint = styled if styled is not None else self._table_color
        color = self._shown(paint)
        if color is None or color == "auto":
            return False
        # (a run or paragraph shaded "auto" is not shaded: what is behind it shows)
        ground = next(
            (
                shown
                for g in (shading, self._ground, self._cell_ground)
                if (shown := self._shown(g)) is not None and shown != "auto"
            ),
            "FFFFFF",
        )
        return _alike(color, ground) or (_whitish(color) and _whitish(ground))

    def _paragraph_hidden(self, style_id: str | None) -> bool:
        """Whether the text of a paragraph of this style is hidden before its runs say
        otherwise: by the document's defaults and its table's style, then by the
        paragraph's style (its own
        w:rPr, or the nearest style it is based on that says). Hidden text is a toggle
        (ECMA-376 17.7.3): a style that hides it turns what the level before gives over,
        one that says not hidden leaves it."""
        # (a table style that hides its text turns the defaults over as well)
        hidden = self.defaults.hidden != self._table_hidden
        # (a style the part does not define is the default one, as in Word)
        chain = self._style_chain(style_id) or self._style_chain(self.defaults.paragraph_style)
        for _, st in chain:
            if st.hidden is not None:
                return hidden != st.hidden
        return hidden

    def _run_look(self, r_pr: etree._Element | None, base: bool) -> tuple[bool, bool, bool]:
        """Whether a run (of properties `r_pr`) is left out, whether it is raised (or
        lowered), and whether it is moved off the baseline (`_moved`): by its own
        properties (which say so outright), else by its character style's, which turns
        over what its paragraph gives (`base`, `_paragraph_hidden`). Word prints neither
        hidden text nor, on the baseline, a note mark set above or below it. Text struck
        through is left out as well: the writer took it back, as HTML's <s> and <del>
        say (`readers.html`)."""
        hidden, lifted, crossed, style, moved = self._run_properties(r_pr)
        if style and None in (hidden, lifted, crossed, moved):
            styled: bool | None = None
            for _, st in self._style_chain(style):
                styled = st.hidden if styled is None else styled
                lifted = st.raised if lifted is None else lifted
                crossed = st.struck if crossed is None else crossed
                moved = st.moved if moved is None else moved
            if hidden is None:
                hidden = base != bool(styled)
        gone = (base if hidden is None else hidden) or bool(crossed)
        return gone, bool(lifted), bool(moved)

    def load_numbering(self, root: etree._Element) -> None:
        num = self.numbering
        for ab in root.iter(self.q("abstractNum")):
            aid = ab.get(self.q("abstractNumId"), "")
            levels: dict[int, _Level] = {}
            for lvl in ab.iter(self.q("lvl")):
                ilvl = limits.strict_int(lvl.get(self.q("ilvl")), 0) or 0
                levels[ilvl] = self._level(lvl)
            num.abstract[aid] = levels
            link = self.val(ab, "numStyleLink")
            if link:
                num.style_link[aid] = link
        for n in root.iter(self.q("num")):
            nid = n.get(self.q("numId"), "")
            num.nums[nid] = self.val(n, "abstractNumId") or ""
            for ov in n.iter(self.q("lvlOverride")):
                start = limits.strict_int(self.val(ov, "startOverride"))
                ilvl = limits.strict_int(ov.get(self.q("ilvl"), "0"))
                if ilvl is None or ilvl < 0:
                    continue
                if start is not None and start >= 0:
                    num.overrides.setdefault(nid, {})[ilvl] = start
                lvl = _child(ov, self.q("lvl"))
                if lvl is not None:
                    num.redefined.setdefault(nid, {})[ilvl] = self._level(lvl)

    def _level(self, lvl: etree._Element) -> _Level:
        """One level of a list as its w:lvl defines it."""
        return _Level(
            start=limits.strict_int(self.val(lvl, "start"), 1) or 0,
            fmt=self.val(lvl, "numFmt") or "decimal",
            text=self.val(lvl, "lvlText") or "",
            suffix=self.val(lvl, "suff") or "tab",
            style=self.val(lvl, "pStyle"),
            restart=limits.strict_int(self.val(lvl, "lvlRestart")),
        )

    def _levels(self, num_id: str, aid: str) -> dict[int, _Level]:
        """The levels of a w:num: its list's, as its w:lvlOverride redefine them or set
        where they start. (Its own: another w:num of the list keeps the list's.)"""
        num = self.numbering
        levels = {**num.abstract[aid], **num.redefined.get(num_id, {})}
        for ilvl, start in num.overrides.get(num_id, {}).items():
            levels[ilvl] = replace(levels.get(ilvl, _Level()), start=start)
        return levels

    def _style_chain(self, sid: str | None) -> tuple[tuple[str, _Style], ...]:
        """A style and the styles it is based on, nearest first (at most 20); worked out
        once a style, as every paragraph asks for its style's."""
        found = self._chains.get(sid)
        if found is not None:
            return found
        start = sid
        chain: list[tuple[str, _Style]] = []
        while sid and len(chain) < 20 and (st := self.styles.get(sid)) is not None:
            chain.append((sid, st))
            sid = st.based_on
        found = self._chains[start] = tuple(chain)
        return found

    def _abstract_of(self, num_id: str) -> str | None:
        aid = self.numbering.nums.get(num_id)
        # A list defined by a numbering style points to that style's own list.
        for _ in range(3):
            if aid is None or aid not in self.numbering.style_link:
                break
            styled = self.styles.get(self.numbering.style_link[aid])
            aid = self.numbering.nums.get(styled.num_id or "") if styled else None
        return aid if aid in self.numbering.abstract else None

    def number(self, p_pr: etree._Element | None, style_id: str | None) -> str:
        """The list number Word would show before this paragraph, counting as it goes."""
        # (a paragraph's own w:numPr: none where the body holds none)
        num_pr = (
            _child(p_pr, self.q("numPr")) if p_pr is not None and self._has_list_marks else None
        )
        num_id = self.val(num_pr, "numId")
        ilvl_s = self.val(num_pr, "ilvl")
        from_style: str | None = None
        if num_id is None:
            for sid, st in self._style_chain(style_id):
                if st.num_id is not None:
                    num_id, from_style = st.num_id, sid
                    # (a level the paragraph gives itself stands over its style's)
                    if ilvl_s is None and st.ilvl is not None:
                        ilvl_s = str(st.ilvl)
                    break
        if not num_id or num_id == "0":
            return ""
        aid = self._abstract_of(num_id)
        if aid is None:
            return ""
        levels = self._levels(num_id, aid)
        ilvl_n = limits.strict_int(ilvl_s)
        if ilvl_n is not None and ilvl_n >= 0:
            ilvl = ilvl_n
        else:
            # A style-linked list finds the level whose pStyle is the paragraph's style.
            ilvl = next((i for i, lv in levels.items() if lv.style == from_style), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.numbering.counters.setdefault(aid, {})
        if num_id not in self.numbering.started:
            self.numbering.started.add(num_id)
            for o_lvl in self.numbering.overrides.get(num_id, {}):
                counters.pop(o_lvl, None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl and _restarts(levels.get(k), ilvl)]:
            del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            return _format_number(counters.get(k, lv.start), lv.fmt)

        prefix = re.sub(r"%([1-9])", render, level.text)
        # A tab or space after "1." separates it from the text; after "一、" or "（一）"
        # the Chinese punctuation already does, and layout reads it better without.
        if prefix and level.suffix != "nothing" and prefix[-1].isascii():
            prefix += " "
        return prefix

    def _heading_level(self, style_id: str | None) -> tuple[bool, int | None]:
        for _sid, st in self._style_chain(style_id):
            m = _HEADING_STYLE.match(st.name)
            if m:
                return True, max(int(m.group(1)), 1)
            if st.name.lower() in _TITLE_STYLES:
                return True, None
        return False, None

    # --- body ---------------------------------------------------------------------

    def content(self, parent: etree._Element) -> None:
        """Paragraphs and tables of a body, cell or text box, in order."""
        for el in parent:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if tag == _ALTERNATE:
                chosen = _choose(el)
                if chosen is not None:
                    self.content(chosen)
            elif tag == self._p:
                self.paragraph(el)
            elif tag == self._tbl:
                self.table(el)
            elif tag in self._wrappers:
                self.content(el)
            elif tag == self._chunk:
                self.chunk(el)

    def chunk(self, el: etree._Element) -> None:
        """What an embedded chunk holds, where it stands."""
        rid = el.get(f"{{{_R}}}id")
        if not rid or self.chunks is None:
            self.problems.append("文档中嵌有外部内容（altChunk），这部分未读取")
            return
        blocks, problems = self.chunks(rid)
        self.blocks += blocks
        self.problems += problems

    def paragraph(self, p: etree._Element) -> None:
        p_pr = _child(p, self._ppr)
        style_id = self.val(p_pr, "pStyle")
        text, boxes = self.paragraph_text(p, p_pr, style_id)
        if text:
            is_heading, level = self._heading_level(style_id)
            self.blocks.append(
                Block(kind="heading" if is_heading else "paragraph", text=text, level=level)
            )
        for box in boxes:
            self.anchored(box)

    def anchored(self, el: etree._Element) -> None:
        """What a paragraph holds besides its text: a text box's content, a picture, or
        an embedded object."""
        if el.tag in _PICTURES:
            self.picture(el)
        elif el.tag == self._object:
            self.embedded(el)
        else:
            self.content(el)

    def embedded(self, el: etree._Element) -> None:
        """An embedded object: the worksheet it holds, read as a table where it can be
        (`docx_sheets`); else what its picture shows."""
        ole = next(el.iter(f"{{{_O}}}OLEObject"), None)
        if ole is not None and self.sheets is not None:
            found = self.sheets(ole.get(f"{{{_R}}}id") or "", ole.get("ProgID") or "")
            if found is not None:
                blocks, problems = found
                self.problems += problems
                if blocks:
                    self.blocks += blocks
                    return
        for pic in el.iter(*_PICTURES):
            self.picture(pic)

    def picture(self, el: etree._Element) -> None:
        rid = el.get(f"{{{_R}}}embed") or el.get(f"{{{_R}}}id") or el.get(f"{{{_R}}}link")
        if rid and self.pictures is not None:
            self.blocks += self.pictures(rid, _shown_width(el))

    def paragraph_text(
        self, p: etree._Element, p_pr: etree._Element | None, style_id: str | None
    ) -> tuple[str, list[etree._Element]]:
        """A paragraph's text (numbered as displayed) and the text boxes anchored in it;
        `p_pr` and `style_id` are its properties and style."""
        parts: list[str] = []
        boxes: list[etree._Element] = []
        if self._faint is not None:  # in a cell: what its runs' text stands on
            self._paragraph_style = style_id
            # (`_colors` finds no shading where the body holds none)
            self._ground = self._colors(p_pr)[1] if self._has_shading else None
        self._runs(p, parts, boxes, self._paragraph_hidden(style_id))
        if self._fields and any(f.code for f in self._fields):
            # a field's code ends within its paragraph: one left open here is damaged,
            # and must not hide the rest of the document
            self._fields = [f for f in self._fields if not f.code]
        joined = "".join(parts)
        if _MOVED in joined:  # (`_moved` leaves text without it as it is)
            joined = _moved(joined)
        if "\n" in joined:
            body = "\n".join(_spaced(s).strip() for s in joined.split("\n"))
            body = body.strip("\n")
        else:  # (one line: the same, without the splitting)
            body = _spaced(joined).strip()
        # Word numbers an empty paragraph too (its label printed with nothing after),
        # so it advances its list's count; one whose mark is not printed either (hidden
        # or deleted) is no line at all. The bare label is no text worth a block.
        if body:
            return self.number(p_pr, style_id) + body, boxes
        if self._line_shown(p_pr, style_id):
            self.number(p_pr, style_id)
        return "", boxes

    def _line_shown(self, p_pr: etree._Element | None, style_id: str | None) -> bool:
        """Whether an empty paragraph is still printed as a line: its mark is neither
        deleted as a tracked change nor hidden, by its own w:rPr (direct formatting sets
        w:vanish outright) or, when that does not say, by its style (`_paragraph_hidden`)."""
        r_pr = _child(p_pr, self._rpr) if p_pr is not None else None
        if r_pr is not None and any(ch.tag in self._removed for ch in r_pr):
            return False
        own = self._run_properties(r_pr)[0]
        return not (self._paragraph_hidden(style_id) if own is None else own)

    def _runs(
        self,
        el: etree._Element,
        parts: list[str],
        boxes: list[etree._Element],
        hidden: bool = False,
    ) -> None:
        """The text of the runs in `el` into `parts`, and its text boxes into `boxes`;
        `hidden`: whether the paragraph hides its runs' text (`_paragraph_hidden`). (A
        w:vanish in the paragraph's own w:pPr/w:rPr hides only its mark, not its text:
        see `_mark_gone`.)"""
        kinds = self._run_kinds
        for ch in el:
            tag = ch.tag
            if not isinstance(tag, str):
                continue
            kind = kinds.get(tag)
            if kind == "skip":  # (properties, deletions …: nothing below is done of them)
                continue
            if kind == "field":
                parts.append(self._field_mark(ch))
                continue
            if self._fields:
                if kind == "code" and self._fields[-1].code:
                    self._fields[-1].instr.append(ch.text or "")
                if kind in _PRINTED and any(f.code for f in self._fields):
                    continue  # a field's code, or what a field nested in it shows
                if kind in _PRINTED:
                    for open_field in self._fields:
                        open_field.printed = True
                if kind == "text":
                    self._stale_result(ch.text or "")
            if kind == "text":
                parts.append(ch.text or "")
            elif kind == "sym":
                font = ch.get(self._sym_font) or ""
                shown = _symbol(ch.get(self._sym_char), font)
                if not shown and self._glyphs is not None:
                    self._glyphs.append(font.strip() or "未注明")
                parts.append(shown)
            elif kind is None:
                if tag == self._r:
                    r_pr = _child(ch, self._rpr)
                    if r_pr is None:  # (as its paragraph gives it: see `_run_look`)
                        gone, lifted, moved = hidden, False, False
                    else:
                        gone, lifted, moved = self._run_look(r_pr, hidden)
                    if gone:
                        continue
                    faint = self._unseen(r_pr) if self._faint is not None else None
                    if lifted or moved or faint:
                        own: list[str] = []
                        self._runs(ch, own, boxes, hidden)
                        shown = raised("".join(own)) if lifted else "".join(own)
                        parts.append(f"{_MOVED}{shown}{_MOVED_END}" if moved else shown)
                        if faint and self._faint is not None:
                            self._faint.append((shown, faint))
                        continue
                    self._runs(ch, parts, boxes, hidden)
                elif tag == _ALTERNATE:
                    chosen = _choose(ch)
                    if chosen is not None:
                        self._runs(chosen, parts, boxes, hidden)
                elif tag == _MATH:
                    self._math(ch, parts)
                elif tag == self._sdt and self._faint is not None:
                    own = []
                    self._runs(ch, own, boxes, hidden)
                    parts.append(self._controlled(ch, "".join(own)))
                elif tag == self._fld_simple:
                    code = [ch.get(self._instr) or ""]
                    self._fields.append(_Field(False, self._stale(ch), code))
                    try:
                        self._runs(ch, parts, boxes, hidden)
                    finally:
                        self._field_closed(self._fields.pop())
                elif tag == self._bdo and ch.get(self._val) == "rtl":
                    own = []
                    self._runs(ch, own, boxes, hidden)
                    parts.append(right_to_left("".join(own)))
                else:
                    # runs, hyperlinks, and drawing and VML wrappers around text boxes
                    self._runs(ch, parts, boxes, hidden)
            elif kind == "box":
                boxes.append(ch)
            elif kind == "tab":
                parts.append(" ")
            elif kind == "break":
                if ch.get(self._type) not in ("page", "column"):
                    parts.append("\n")
            elif kind == "hyphen":
                parts.append("-")
            elif kind == "subdocument":
                # a master document's part kept in a file of its own, not in this one
                self.problems.append("文档中链接了子文档（subDoc），其内容不在本文件中，未读取")

    def _math(self, el: etree._Element, parts: list[str]) -> None:
        """An equation (m:oMath) into `parts`: the text of its runs as printed when it is
        runs only (a number typed as an equation shows as that number). One that sets
        its text out in a form (a fraction, a power, a root, brackets …) is not read:
        in a cell that holds a digit so, the cell is withheld (`_doubts`)."""
        texts: list[str] = []
        if self._plain_math(el, texts):
            parts.append("".join(texts))
            return
        shown = "".join(t.text or "" for t in el.iter(_MATH_TEXT))
        if self._doubts is not None and any("0" <= c <= "9" for c in shown):
            shown = " ".join(shown.split())
            shown = shown if len(shown) <= 30 else shown[:30] + "…"
            self._doubts.append(f"单元格中的数字写在公式中（{shown}），无法确定单元格的值，未取数")

    def _plain_math(self, el: etree._Element, texts: list[str]) -> bool:
        """Whether an equation's content is runs only, their text put in `texts`;
        tracked insertions are read, deletions and the document's markers passed over."""
        for ch in el:
            tag = ch.tag
            if tag == _MATH_RUN:
                texts.extend(t.text or "" for t in ch.iter(_MATH_TEXT))
            elif tag in (self.q("ins"), self.q("moveTo")):
                if not self._plain_math(ch, texts):
                    return False
            elif (
                isinstance(tag, str)
                and not tag.startswith(self._prefix)
                and tag not in (f"{{{_M}}}oMathPr", f"{{{_M}}}ctrlPr")
            ):
                return False
        return True

    def _field_mark(self, mark: etree._Element) -> str:
        """A complex field's begin, separate or end mark (w:fldChar), and what Word
        prints at it: at the end of a drop-down form field that saved no result, the
        entry chosen in it (`_chosen`), which Word shows in its place."""
        kind = mark.get(self._field_type)
        if kind == "begin":
            self._fields.append(_Field(True, self._stale(mark), chosen=self._chosen(mark)))
        elif kind == "separate":
            if self._fields:
                self._fields[-1].code = False
        elif kind == "end" and self._fields:
            field = self._fields.pop()
            self._field_closed(field)
            # (nested in another field's code, it prints nothing)
            if field.chosen is not None and not field.printed:
                return "" if any(f.code for f in self._fields) else field.chosen
        return ""

    def _chosen(self, mark: etree._Element) -> str | None:
        """The entry a drop-down form field (w:ffData/w:ddList) shows: the one its
        w:result names (counted from 0), else its w:default, else the first; None for
        a field that is no drop-down list."""
        data = _child(mark, self.q("ffData"))
        listed = _child(data, self.q("ddList")) if data is not None else None
        if listed is None:
            return None
        entries = [e.get(self._val) or "" for e in listed.iterchildren(self.q("listEntry"))]
        at = limits.strict_int(self.val(listed, "result"))
        if at is None:
            at = limits.strict_int(self.val(listed, "default"))
        at = at or 0
        return entries[at] if 0 <= at < len(entries) else ""

    def _stale(self, el: etree._Element) -> str | None:
        """Why a field's saved result may not be what Word shows (None: it is): Word
        works the field out again when it opens the document if the field is marked
        no longer right (w:dirty on its w:fldSimple or its begin mark), or if the
        document's settings say to update every field (w:updateFields), unless the
        field is locked (w:fldLock)."""
        if _said(el.get(self._locked)):
            return None
        if _said(el.get(self._dirty)):
            return "标记为待更新的域（{}）保存的结果，Word 打开文档时会重新计算"
        if self.update_fields:
            return "域（{}）保存的结果，而文档设置为打开时更新域，Word 会重新计算"
        return None

    def _stale_result(self, text: str) -> None:
        """In a cell, a digit printed as the result of a field marked stale (`_stale`),
        its own or one it stands in, withholds the cell (`_doubts`): Word shows what
        it works out again, which the saved result need not be (a total of 46 saved
        as 47)."""
        if self._doubts is None or not any("0" <= c <= "9" for c in text):
            return
        field = next((f for f in reversed(self._fields) if f.stale), None)
        if field is None or field.stale is None:
            return
        field.said = True
        why = field.stale.format(_field_code(field))
        self._doubts.append(f"单元格中的数字是{why}，无法确定单元格的值，未取数")

    def _field_closed(self, field: _Field) -> None:
        """A field's end: in a cell, a formula (a code starting "=") Word works out
        again (`_stale`) whose saved result printed no digit withholds the cell as well:
        Word shows the number it works out there (a total saved empty)."""
        code = _field_code(field)
        if field.stale and not field.said and self._doubts is not None and code[:1] == "=":
            self._doubts.append(
                f"单元格中的域（{code}）由 Word 打开文档时重新计算，保存的结果中没有数字，"
                "无法确定单元格的值，未取数"
            )

    def table(self, tbl: etree._Element) -> None:
        """A table, its cells' text hidden, coloured and shaded where its table style
        says (w:tblStyle, a level of the style hierarchy below the paragraph's style:
        its own properties and those of the regions its w:tblLook turns on)."""
        tbl_pr = _child(tbl, self.q("tblPr"))
        # (a table that names no style is in the document's default table style)
        named = self.val(tbl_pr, "tblStyle") or self.defaults.table_style
        chain = [st for _, st in self._style_chain(named)]
        outer = self._table_style, self._table_shading
        cell = self._table_hidden, self._table_color, self._table_ground
        # (a style that gives its cells nothing, as Word's own default, is passed over)
        said = any(g != _Region() for st in chain for g in st.regions.values())
        self._table_style = (chain, self._look(tbl_pr)) if said else None
        # (the table's own shading lies under its cells', its style's included)
        self._table_shading = self._colors(tbl_pr)[1] if self._has_shading else None
        try:
            self._table(tbl)
        finally:
            self._table_style, self._table_shading = outer
            self._table_hidden, self._table_color, self._table_ground = cell

    def _look(self, tbl_pr: etree._Element | None) -> frozenset[str]:
        """The regions of its style a table turns on (w:tblLook: firstRow, lastRow,
        firstColumn, lastColumn, and noHBand, noVBand turning banding off), by its
        attributes or else the bits of its w:val; banding alone when it says nothing."""
        look = _child(tbl_pr, self.q("tblLook")) if tbl_pr is not None else None
        if look is None:
            return frozenset(("band1Horz", "band1Vert"))
        said = {k: look.get(self.q(k)) for k in _LOOK_BITS if look.get(self.q(k)) is not None}
        if said:
            on = {k for k, v in said.items() if v.strip().lower() not in _OFF}
        else:
            try:
                bits = int(look.get(self._val) or "0", 16)
            except ValueError:
                bits = 0
            on = {k for k, bit in _LOOK_BITS.items() if bits & bit}
        flags = on - {"noHBand", "noVBand"}
        flags |= {"band1Horz"} - ({"band1Horz"} if "noHBand" in on else set())
        flags |= {"band1Vert"} - ({"band1Vert"} if "noVBand" in on else set())
        return frozenset(flags)

    def _cell_look(self, r: int, c: int, rows: int, cols: int) -> None:
        """What its table's style gives the cell in row `r`, `c`th of its row (of `rows`
        and `cols`): whether its text is hidden, its text's colour, its shading; for
        each, the region laid last over the cell that says (`_REGIONS`), looking
        through the styles the table's is based on."""
        if self._table_style is None:
            self._table_hidden, self._table_color, self._table_ground = False, None, None
            return
        chain, look = self._table_style
        rows_band = next((st.bands[0] for st in chain if st.bands[0]), 1)
        cols_band = next((st.bands[1] for st in chain if st.bands[1]), 1)
        first_row, last_row = "firstRow" in look and r == 0, "lastRow" in look and r == rows - 1
        first_col = "firstColumn" in look and c == 0
        last_col = "lastColumn" in look and c == cols - 1
        kinds = ["", "wholeTable"]
        if "band1Vert" in look and not (first_col or last_col):
            band = max(c - ("firstColumn" in look), 0) // max(cols_band, 1)
            kinds.append("band2Vert" if band % 2 else "band1Vert")
        if "band1Horz" in look and not (first_row or last_row):
            band = max(r - ("firstRow" in look), 0) // max(rows_band, 1)
            kinds.append("band2Horz" if band % 2 else "band1Horz")
        kinds += [k for k, on in (("firstCol", first_col), ("lastCol", last_col)) if on]
        kinds += [k for k, on in (("firstRow", first_row), ("lastRow", last_row)) if on]
        corners = (("neCell", first_row and last_col), ("nwCell", first_row and first_col))
        corners += (("seCell", last_row and last_col), ("swCell", last_row and first_col))
        kinds += [k for k, on in corners if on]
        found = [st.regions[k] for k in reversed(kinds) for st in chain if k in st.regions]
        self._table_hidden = next((g.hidden for g in found if g.hidden is not None), False)
        self._table_color = next((g.color for g in found if g.color is not None), None)
        self._table_ground = next((g.ground for g in found if g.ground is not None), None)

    def _table(self, tbl: etree._Element) -> None:
        rows: list[list[Cell]] = []
        after: list[Block] = []  # what the cells hold besides their text (`cell_text`)
        open_merge: dict[int, Cell] = {}  # grid column → cell a vertical merge continues
        # (a row deleted as a tracked change, or squeezed flat, is not shown)
        trs = self._children(tbl, "tr")
        if self._has_row_rules:  # (else no row is deleted or squeezed: `survey`)
            trs = [tr for tr in trs if self._row_shown(tr)]
        q = self._q
        tr_pr_tag, tc_pr_tag, span_tag, merge_tag = q["trPr"], q["tcPr"], q["gridSpan"], q["vMerge"]
        styled = self._table_style is not None
        if not styled:  # (every cell alike: `_cell_look` once for all)
            self._cell_look(0, 0, len(trs), 0)
        for r, tr in enumerate(trs):
            cells: list[Cell] = []
            before = limits.strict_int(self.val(_child(tr, tr_pr_tag), "gridBefore"), 0) or 0
            col = min(max(before, 0), limits.SPAN.value)
            tcs = self._children(tr, "tc")
            for i, tc in enumerate(tcs):
                tc_pr = _child(tc, tc_pr_tag)
                grid_span, v_merge = _children_named(tc_pr, span_tag, merge_tag)
                span_val = grid_span.get(self._val) if grid_span is not None else None
                span = 1 if span_val is None else limits.strict_int(span_val, 1) or 1
                if span > limits.SPAN.value:
                    self.problems.append(limits.SPAN.say(what="列", n=span))
                span = limits.capped(span)
                v_val = v_merge.get(self._val) if v_merge is not None else None
                origin = open_merge.get(col)
                if v_merge is not None and v_val != "restart" and origin is not None:
                    origin.rowspan = r - origin.row + 1
                else:
                    if styled:
                        self._cell_look(r, i, len(trs), len(tcs))
                    text, doubt = self.cell_text(tc, tc_pr, after)
                    cell = Cell(text, r, col, 1, span, doubt=doubt)
                    cells.append(cell)
                    for c in range(col, col + span):
                        open_merge.pop(c, None)
                    if v_merge is not None:
                        open_merge[col] = cell
                col += span
            rows.append(cells)
        if any(rows):
            self.blocks.append(Block(kind="table", rows=rows))
        # Tables and text boxes inside cells come after their table: a cell holds text.
        self.blocks += after

    def _row_shown(self, tr: etree._Element) -> bool:
        """Whether Word shows a row's text: not when the row is deleted as a tracked
        change (w:trPr/w:del), nor when its height is set exactly (w:hRule="exact") to
        2 pt or less, which clips its text away (last year's figures kept in a row
        squeezed to a line above this year's)."""
        tr_pr = _child(tr, self.q("trPr"))
        if tr_pr is None:
            return True
        if _child(tr_pr, self.q("del")) is not None:
            return False
        height = _child(tr_pr, self.q("trHeight"))
        if height is None or height.get(self.q("hRule")) != "exact":
            return True
        twips = limits.strict_int(height.get(self._val))
        # (twips: a half-point is 10; a height of 0 is none set)
        return twips is None or twips == 0 or twips > _TINY * 10

    def _children(self, el: etree._Element, name: str) -> list[etree._Element]:
        """Direct children named `name`, looking through content controls."""
        found: list[etree._Element] = []
        want = self.q(name)
        for ch in el:
            tag = ch.tag
            if tag == want:
                found.append(ch)
            elif tag in self._wrappers:
                found.extend(self._children(ch, name))
        return found

    def cell_text(
        self, tc: etree._Element, tc_pr: etree._Element | None, after: list[Block]
    ) -> tuple[str, str | None]:
        """A cell's paragraphs joined by "\n", and why its value cannot be taken (None
        when it can); `tc_pr` is its properties. Its tables, text boxes, embedded chunks
        (w:altChunk, a web page Word shows in their place) and pictures are read where
        they stand (in the document's order: list numbers, pictures' numbers) into
        `after`, to come after the table; but a cell of no text of its own that holds
        one small table, text box or chunk of one short text shows that text, and reads
        it (`_held_text`)."""
        lines: list[str] = []
        held: list[etree._Element] = []
        faint: list[tuple[str, str]] = []
        doubts: list[str] = []  # (`_math`)
        outer = self._faint, self._cell_ground, self._doubts, self._glyphs
        glyphs: list[str] = []
        own = self._colors(tc_pr)[1] if self._has_shading else None
        # (a cell's own shading "auto" is none: it takes the place of its style's)
        unshaded = own is not None and own.rgb == "auto" and own.theme is None
        self._faint, self._doubts, self._glyphs = faint, doubts, glyphs
        ground = own or self._table_ground or self._table_shading
        self._cell_ground = _Paint("FFFFFF") if unshaded else ground
        run_on = False  # whether the paragraph read goes on the line before it
        try:
            for ch in self._children_any(tc):
                if ch.tag == self._p:
                    p_pr = _child(ch, self._ppr)
                    text, boxes = self.paragraph_text(ch, p_pr, self.val(p_pr, "pStyle"))
                    # (no content control around it where the body holds none)
                    for control in self._controls_around(ch) if self._has_controls else ():
                        text = self._controlled(control, text)
                    if text and run_on and lines:
                        lines[-1] += text
                    elif text:
                        lines.append(text)
                    # (no mark is hidden or deleted where the body holds no element saying so)
                    gone = self._has_hiding and self._mark_gone(p_pr)
                    run_on = gone and (bool(text) or run_on)
                    held.extend(boxes)
                elif ch.tag in (self._tbl, self._chunk):
                    held.append(ch)
        finally:
            self._faint, self._cell_ground, self._doubts, self._glyphs = outer
        text = "\n".join(lines)
        unseen = _unseen_beside(text, faint) if faint else None
        if unseen is not None:
            return text, unseen
        if doubts:
            return text, doubts[0]
        if glyphs and not _CJK.search(text):
            # (a symbol font's glyph may be a digit: Wingdings' circled ones …)
            glyph = f"单元格中有以符号字体（{glyphs[0]}）印出、无法识别的字符"
            return text, f"{glyph}，无法确定单元格的值，未取数"
        if not held:
            return text, None
        saved, self.blocks = self.blocks, []
        try:
            framed: list[Block] = []  # what its tables and text boxes hold
            boxed: list[Block] = []  # what its text boxes hold
            unread = False  # whether a chunk in it was not read (not a web page …)
            for el in held:
                start = len(self.blocks)
                if el.tag == self._tbl:
                    self.table(el)
                elif el.tag == self._chunk:
                    self.chunk(el)
                    unread = unread or len(self.blocks) == start
                else:
                    self.anchored(el)
                if el.tag in (self._tbl, self._txbx, self._chunk):
                    framed += self.blocks[start:]
                if el.tag == self._txbx:
                    boxed += self.blocks[start:]
            blocks = self.blocks
        finally:
            self.blocks = saved
        if unread:  # what Word shows there cannot be told
            after += blocks
            return text, "单元格中有未能读取的嵌入外部内容（altChunk），无法确定单元格的值，未取数"
        drawn = self._drawn(held) if not _CJK.search(text) else None
        if drawn is not None:
            after += blocks
            return text, f"单元格中有{drawn}，其中的内容未能读取，无法确定单元格显示的值，未取数"
        beside = _digits_in(boxed) if any(c.isdigit() for c in text) else None
        if beside is not None:
            # (a text box sits in the line, or floats where its anchor does not tell:
            # 46 and a box of 5 may print 465)
            after += blocks
            boxes = f"单元格中的数字旁有文本框，其中也有数字（{beside}）"
            return text, f"{boxes}，无法确定单元格的值，未取数"
        if text or not framed:
            after += blocks
            return text, None
        if len(blocks) == 1 and len(framed) == 1 and (shown := _held_text(framed[0])):
            return shown, None
        after += blocks
        doubted = any(c.doubt for b in framed for r in b.rows for c in r)
        if not doubted and _digits_in(framed) is None:
            return text, None  # words only (headings set out in a table): no value lost
        shown = _shown_text(framed)
        chunked = any(el.tag == self._chunk for el in held)
        within = "嵌入的外部内容" if chunked else "嵌套的表格或文本框"
        return text, f"单元格中的数字写在{within}中（{shown}），无法确定单元格的值，未取数"

    def _drawn(self, held: list[etree._Element]) -> str | None:
        """What a cell shows drawn rather than written, of what it holds (`cell_text`):
        a picture or an embedded object (an old equation, a worksheet), whose content
        may be all of the cell's value or part of it (a number pasted as a picture read
        as a blank cell, or 46 beside a pictured 5 as 46); None when nothing is. A
        spacer (a picture under 2 pt wide) shows nothing. (Asked only of a cell without
        Chinese text: an icon beside a label takes nothing from it.)"""
        for el in held:
            if el.tag == self._object:
                return "嵌入的对象"
            if el.tag in _PICTURES and ((width := _shown_width(el)) is None or width >= 2):
                return "图片"
        return None

    def _shows_placeholder(self, sdt: etree._Element) -> bool:
        """Whether a content control shows its placeholder (w:showingPlcHdr): nothing is
        filled in, and what it holds is the prompt its template gives."""
        sdt_pr = _child(sdt, self._sdt_pr)
        shown = _child(sdt_pr, self.q("showingPlcHdr")) if sdt_pr is not None else None
        return shown is not None and shown.get(self._val, "1").strip().lower() not in _OFF

    def _controls_around(self, p: etree._Element) -> list[etree._Element]:
        """The content controls a cell's paragraph stands in, around the paragraph, its
        cell or its row, innermost first."""
        found: list[etree._Element] = []
        for up in p.iterancestors():
            if up.tag == self._tbl:
                break
            if up.tag == self._sdt:
                found.append(up)
        return found

    def _controlled(self, sdt: etree._Element, text: str) -> str:
        """What a cell shows of the text a content control holds: nothing of a
        placeholder (`_placeholder`); else its text, the cell withheld when the control
        is bound to data that differ from it (`_bound`)."""
        if self._shows_placeholder(sdt):
            return self._placeholder(text)
        bound = self._bound(sdt)
        if bound is not None and self._doubts is not None and text:
            shown, data = " ".join(text.split()), " ".join(bound.split())
            if shown != data and any("0" <= c <= "9" for c in shown + data):
                shown = shown if len(shown) <= 30 else shown[:30] + "…"
                data = data if len(data) <= 30 else data[:30] + "…"
                self._doubts.append(
                    f"单元格中的内容控件绑定的数据（{data}）与文件中保存的文字（{shown}）"
                    "不同，Word 打开文档时显示绑定的数据，无法确定单元格的值，未取数"
                )
        return text

    def _bound(self, sdt: etree._Element) -> str | None:
        """The text of the data a content control is bound to (w:dataBinding: a path in
        one of the document's custom XML parts), which Word shows in place of the text
        saved in it; None when it is bound to none that is in the file."""
        sdt_pr = _child(sdt, self._sdt_pr)
        binding = _child(sdt_pr, self.q("dataBinding")) if sdt_pr is not None else None
        if binding is None or self.stores is None:
            return None
        store = self.stores(binding.get(self.q("storeItemID")) or "")
        if store is None:
            return None
        mappings = binding.get(self.q("prefixMappings")) or ""
        spaces = dict(_PREFIX_MAPPING.findall(mappings))
        try:
            found = store.xpath(binding.get(self.q("xpath")) or "", namespaces=spaces)
        except (etree.XPathError, ValueError, TypeError):
            return None  # a path Word cannot follow either: the saved text stays
        if not isinstance(found, list):
            return None
        if not found:
            return None
        first = found[0]
        if isinstance(first, etree._Element):
            return "".join(first.itertext())
        return str(first)

    def _placeholder(self, text: str) -> str:
        """What a cell shows of a content control's placeholder (`text`): nothing, as it
        is no value filled in ("单击此处输入文字" beside 46 is 46); one with a digit
        withholds the cell, as whether it is the value cannot be told."""
        if self._doubts is not None and any("0" <= c <= "9" for c in text):
            shown = " ".join(text.split())
            shown = shown if len(shown) <= 30 else shown[:30] + "…"
            self._doubts.append(
                f"单元格中是未填写的内容控件显示的提示文字（{shown}），不是填写的值，未取数"
            )
        return ""

    def _mark_gone(self, p_pr: etree._Element | None) -> bool:
        """Whether a paragraph's mark is not printed: hidden (w:vanish in its w:pPr's
        w:rPr) or deleted (w:del, w:moveFrom) as a tracked change. Word then prints the
        paragraph on one line with the next (4 and 6 so marked show 46)."""
        r_pr = _child(p_pr, self._rpr) if p_pr is not None else None
        if r_pr is None:
            return False
        gone = self._run_properties(r_pr)[0]
        return bool(gone) or any(ch.tag in self._removed for ch in r_pr)

    def _children_any(self, el: etree._Element) -> list[etree._Element]:
        found: list[etree._Element] = []
        prefix = self._prefix
        for ch in el:
            tag = ch.tag
            if not isinstance(tag, str):
                continue
            if tag == _ALTERNATE:
                chosen = _choose(ch)
                if chosen is not None:
                    found.extend(self._children_any(chosen))
            elif not tag.startswith(prefix):
                continue
            elif tag in self._wrappers:
                found.extend(self._children_any(ch))
            else:
                found.append(ch)
        return found


_VML_WIDTH = patterns.compile(r"(?:^|;)\s*width\s*:\s*([\d.]+)\s*(pt|px|in|cm|mm)?", re.IGNORECASE)
_UNIT_POINTS = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}


def _shown_width(pic: etree._Element) -> float | None:
    """A picture's width on the page in points: the extent of the drawing that holds it
    (DrawingML, in EMU), or the width in the style of its VML shape."""
    for up in pic.iterancestors():
        if up.tag in (f"{{{_WP}}}inline", f"{{{_WP}}}anchor"):
            extent = up.find(f"{{{_WP}}}extent")
            cx = limits.strict_int(extent.get("cx")) if extent is not None else None
            return cx / _EMU_PER_POINT if cx and cx > 0 else None
        if isinstance(up.tag, str) and up.tag.startswith(f"{{{_V}}}"):
            m = _VML_WIDTH.search(up.get("style") or "")
            if m:
                try:
                    width = float(m.group(1)) * _UNIT_POINTS[(m.group(2) or "px").lower()]
                except ValueError:
                    return None
                return width if width > 0 else None
            return None
    return None


def _shown_text(blocks: list[Block]) -> str:
    """The text of `blocks` (read from a cell's tables or text boxes) as said in a
    message: their paragraphs and cells apart by " | ", cut at 30 characters."""
    printed = [t for b in blocks for t in (b.text, *(c.text for r in b.rows for c in r)) if t]
    shown = " | ".join(" ".join(t.split()) for t in printed)
    return shown if len(shown) <= 30 else shown[:30] + "…"


def _digits_in(blocks: list[Block]) -> str | None:
    """The text of `blocks` as said in a message (`_shown_text`) when any of it holds
    a digit; None when none does."""
    printed = [t for b in blocks for t in (b.text, *(c.text for r in b.rows for c in r)) if t]
    return _shown_text(blocks) if any(ch.isdigit() for t in printed for ch in t) else None


def _unseen_beside(text: str, faint: list[tuple[str, str]]) -> str | None:
    """Why a cell's number is not taken when part of its text (`faint`, of `text`, each
    with why it is not seen: `_Reader._unseen`) is printed in the colour it stands on,
    or too small to read, beside text that is not: unseen, it is no part of the number
    a reader sees (46 and a white 5), and the rest may be unseen as well. A cell
    wholly unseen is read: what it stands on may be drawn by what is not read here (a
    shape behind the table, the page's colour), and a producer may set a whole table
    small."""
    joined = "".join(t for t, _ in faint)
    shown = " ".join(joined.split())
    if not shown or not any("0" <= c <= "9" for c in text):
        return None
    if len("".join(text.split())) <= len("".join(joined.split())):
        return None
    whys = {why for _, why in faint}
    how = {"colour": "以与底色相同的颜色", "size": "以极小字号"}
    said = "或".join(how[w] for w in how if w in whys)
    return f"单元格中有{said}印出、看不见的文字“{shown}”，未取数"


_HELD_CHARS = 20  # a count or an amount, with its unit at most


def _held_text(block: Block) -> str | None:
    """The text a cell shows when all it holds is `block` (read from a table or text box
    in it): a paragraph of one short line, or a table with one cell of one (its other
    cells empty); None for anything more, whose place in the cell cannot be told."""
    if block.kind == "table":
        cells = [c for row in block.rows for c in row if c.text or c.doubt]
        if len(cells) != 1 or cells[0].doubt:
            return None
        text = cells[0].text
    else:
        text = block.text
    return text if text and "\n" not in text and len(text) <= _HELD_CHARS else None


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child element with this qualified name (`el.find(tag)`, without the
    path machinery `find` goes through). Properties (pPr, tcPr …) come first in their
    parent, so the first child is looked at before the others are searched (none when
    it is the only one: a run of text alone, a paragraph without properties)."""
    for ch in el:
        if ch.tag == tag:
            return ch
        break
    else:
        return None  # (no children)
    return next(el.iterchildren(tag), None) if len(el) > 1 else None


def _children_named(
    el: etree._Element | None, a: str, b: str
) -> tuple[etree._Element | None, etree._Element | None]:
    """The first child named `a` and the first named `b` (`_child` of each), in one pass."""
    found_a = found_b = None
    if el is not None:
        for ch in el:
            tag = ch.tag
            if tag == a and found_a is None:
                found_a = ch
            elif tag == b and found_b is None:
                found_b = ch
    return found_a, found_b


# The characters the Symbol font prints as ASCII does at the same codes (its letters
# are Greek, and some of its punctuation mathematical).
_SYMBOL_AS_ASCII = frozenset("0123456789 !#%&()+,./:;<=>?")


def _symbol(code: str | None, font: str = "") -> str:
    """The character a w:sym prints in `font`. Symbol fonts place their glyphs at U+F000
    and up, which name no character: those print nothing that can be read, but for
    the Symbol font's digits and the punctuation it shares with ASCII (F035 is 5)."""
    try:
        point = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF020 <= point <= 0xF0FF and font.strip().lower() == "symbol":
        return chr(point - 0xF000) if chr(point - 0xF000) in _SYMBOL_AS_ASCII else ""
    if not 0x20 <= point <= 0x10FFFF or 0xE000 <= point <= 0xF8FF or 0xD800 <= point <= 0xDFFF:
        return ""
    return chr(point)


def _said(value: str | None) -> bool:
    """Whether an on/off attribute is written on (an attribute left out is off)."""
    return (value or "").strip().lower() in ("1", "true", "on")


def _byte(value: str | None) -> int | None:
    """A tint or shade as Word writes it (two hexadecimal digits); None when not one."""
    try:
        n = int(value or "", 16)
    except ValueError:
        return None
    return n if 0 <= n <= 255 else None


def _rgb(value: str | None) -> str | None:
    """A colour attribute as RGB in capitals, or "auto"; None when it is neither."""
    value = (value or "").strip().upper()
    if value == "AUTO":
        return "auto"
    return value if _HEX_COLOR.fullmatch(value) else None


def _spaced(s: str) -> str:
    """Runs of spaces, tabs and no-break spaces as one space."""
    if "\t" in s or "\u00a0" in s or "  " in s:
        return _SPACES.sub(" ", s)
    return s


def _choose(alt: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent Word shows: all hold the same content (e.g. a
    text box as DrawingML and again as VML), so reading both would print it twice. It
    is the first mc:Choice whose required namespaces (`Requires`, by prefix) are all
    Office's, else mc:Fallback: a Choice for an extension Word does not know is not
    shown, whatever it holds."""
    for ch in alt:
        if ch.tag == f"{{{_MC}}}Choice":
            needs = (ch.get("Requires") or "").split()
            if all(_understood(ch.nsmap.get(p)) for p in needs):
                return ch
        elif ch.tag == f"{{{_MC}}}Fallback":
            return ch
    return None


def _understood(uri: str | None) -> bool:
    """Whether a namespace is one Word reads: OOXML's own, or an Office extension's."""
    return uri is not None and uri.startswith(_OFFICE_NAMESPACES)


_OFFICE_NAMESPACES = (
    *("http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/"),
    *("http://schemas.microsoft.com/office/", "urn:schemas-microsoft-com:"),
)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _restarts(level: _Level | None, used: int) -> bool:
    """Whether a list level starts again when the (0-based) level `used`, higher than
    it, is used (w:lvlRestart, ECMA-376 17.9.11): by default, and when it names that level
    or a deeper one; never when it says 0. One naming no higher level is ignored."""
    if level is None or level.restart is None:
        return True
    return level.restart != 0 and used < level.restart


def _format_number(n: int, fmt: str) -> str:
    """A list counter as Word prints it in the given w:numFmt."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    ):
        return chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese(n).translate(
            str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
        )
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return _PAREN[n - 1]
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return _FULLSTOP[n - 1]
    if fmt == "ideographDigital" and n >= 0:  # digit by digit: 10 → 一〇
        return str(n).translate(str.maketrans("0123456789", "〇一二三四五六七八九"))
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3280 + n - 1)  # ㊀ … ㊉
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 780:  # Word stops at ZZ…
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += sym
            n -= value
    return out
