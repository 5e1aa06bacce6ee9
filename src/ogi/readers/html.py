"""HTML pages (as saved from government portals) into blocks.

A portal page is mostly chrome: navigation, search forms, footers, share buttons. The
report sits in one content element, usually preceded by a metadata block (索引号,
发布机构 …). We read the metadata first, drop the chrome, find the content element by
the amount of Chinese text it holds, and walk it in document order.

The table and flow logic here is also used for HTML tables embedded in Markdown.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from ogi import limits, patterns
from ogi.blocks import (
    NEAR_WHITE,
    Block,
    Cell,
    Document,
    ReadError,
    Where,
    raised,
    right_to_left,
)
from ogi.memo import short_memo
from ogi.readers.html_css import (
    FIRST,
    IN_SIGHT,
    UNSEEN_ALPHA,
    Rules,
    alpha,
    cut,
    far,
    far_indent,
    floated,
    generated_text,
    out_of_line,
    overriding,
    page_rules,
    pixels,
    see_through,
    tiny_size,
    transparent,
    unchanged,
    zero_size,
)
from ogi.readers.pictures import MIN_SIDE, Pictures

# Characters XML (and so lxml) refuses in text: C0 controls other than tab/newline/CR,
# surrogates and U+FFFE/U+FFFF. Browsers ignore them; we read them as spaces.
_NOT_XML = patterns.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CJK = patterns.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BR = "\x02"  # a <br> or block boundary inside inline text, turned into "\n" at the end
# Boundaries while reading the metadata block: between blocks or cells, and between
# inline elements (<span>索引号</span><span>X</span>, but also <span>2024</span>-01-05).
_SEP = "\x01"
_INLINE_SEP = "\x03"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = _words(
    "address article aside blockquote body center dd details dir div dl dt fieldset "
    "figcaption figure footer form header hr html li main menu nav ol p pre section "
    "summary ul tbody thead tfoot tr td th caption"
)
# rt, rtc and rp hold ruby annotations (the pinyin over 據), not the text itself; del, s and
# strike hold text struck out (an edit's old value: <del>17</del><ins>18</ins>); video
# and audio hold what only a browser without them shows (您的浏览器不支持视频播放), as
# noframes holds what only a browser without frames shows.
_ALWAYS_DROP = _words(
    "script style noscript template iframe frame object embed svg canvas nav aside button "
    "select input textarea head rt rtc rp del s strike video audio noframes"
)
# Dropped only when small: ASP.NET portals wrap the whole page in one <form>, and some
# templates put the article inside <header>-like containers.
_DROP_IF_SMALL = frozenset({"header", "footer", "form"})
_CHROME_TOKENS = _words(
    "nav navbar menu header footer foot breadcrumb breadcrumbs crumb crumbs sidebar "
    "share copyright toolbar topbar position location"
)
_SMALL_CJK = 200
_META_MAX_CHARS = 800

# Labels of the metadata block; the pattern tries longer ones first (信息来源 before 来源).
_META_LABELS = _words(
    "索引号 主题分类 信息分类 组配分类 体裁分类 服务对象分类 发布机构 发文机关 "
    "发文机构 成文日期 发布日期 发布时间 生成日期 公开日期 实施日期 废止日期 "
    "文件编号 发文字号 文号 有效性 时效性 主题词 关键词 信息来源 来源 "
    "公开方式 公开范围 公开时限 标题 名称"
)
_LABEL_RE = "|".join(
    r"[ \t\u3000\xa0]*".join(map(re.escape, label))
    for label in sorted(_META_LABELS, key=lambda s: (-len(s), s))
)
# A label counts when a colon follows or when it fills a whole piece (a cell, a span).
_META_RE = patterns.compile(
    rf"(?P<label>{_LABEL_RE})\s*[:：]"
    rf"|(?<=[\x01\x03])\s*(?P<bare>{_LABEL_RE})\s*(?=[\x01\x03])"
)
_UNKNOWN_LABEL = patterns.compile(r"[\x01\x03\s][\u4e00-\u9fff]{2,8}\s*[:：]")
_META_TAGS = {"articletitle": "标题", "pubdate": "发布日期", "contentsource": "发布机构"}
# Every label starts with one of these: a piece of text without any holds no label.
_META_FIRST = patterns.compile("[" + "".join(sorted({label[0] for label in _META_LABELS})) + "]")
# What may stand between the characters of a label (the spaces of `_LABEL_RE`).
_LABEL_GAPS = str.maketrans("", "", " \t\u3000\xa0")
_CLASS_SPLIT = patterns.compile(r"[\s_\-]+")
# A source line break between two Chinese characters is not a space (CSS Text 3).
_SOURCE_BREAK = patterns.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r]*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])"
)
_SPACES = patterns.compile(r"\s+")
_SPACE = patterns.compile(r"\s")
_XML_DECLARATION = patterns.compile(r"^\s*<\?xml[^>]*\?>")
# The end of the body or of the page. A browser reads on past either (templates that
# include a fragment with its own </body></html> are common), while libxml2 puts what
# follows </body> beside the body and drops what follows </html>: they are taken out.
_PAGE_END = patterns.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)
# The text nodes below an element, each knowing the element it is the text or tail of.
_TEXT_NODES = etree.XPath("descendant::text()")
# All the text of an element, as lxml.html's text_content() gives it.
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)


def _text_content(el: etree._Element) -> str:
    return _TEXT_CONTENT(el)  # type: ignore[no-any-return]


def read_web_page(
    path: str, data: bytes, pictures: Pictures, name: str = "", archive: bool = False
) -> Document:
    """A web page's bytes read: a page, or a web archive (.mht) holding one with its
    pictures (`ogi.readers.mht`), told by its first bytes or, with `archive`, named one;
    `name` names the bytes in messages (default `path`)."""
    from ogi.readers.encoding import decode
    from ogi.readers.mht import looks_like_mht, read_archive

    resources = None
    problems: list[str] = []
    if archive or looks_like_mht(data[:4096]):
        web = read_archive(data, name or path)
        text, resources = web.html, web.resource
    else:
        text = decode(data, name or path, _declared_charset(data[:4096]), problems)
    if len(text) > limits.HTML_CHARS.value:
        raise ReadError(limits.HTML_CHARS.say(n=len(text)))
    doc = read_html(path, text, pictures, resources)
    doc.problems[:0] = problems
    return doc


_CHARSET = patterns.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.IGNORECASE)


def _declared_charset(head: bytes) -> str | None:
    """The encoding a page declares in a <meta> element (utf-8, gbk …), in lower case;
    utf8 is utf-8."""
    m = _CHARSET.search(head)
    if m is None:
        return None
    name = m.group(1).decode("ascii").lower()
    return "utf-8" if name == "utf8" else name


def read_html(
    path: str,
    text: str,
    pictures: Pictures | None = None,
    resources: Callable[[str], bytes | None] | None = None,
) -> Document:
    """Read an HTML page into blocks, with its title and metadata block. Pictures saved
    with the page (beside it, inline as data: addresses, or in the same web archive:
    `resources` gives a picture's bytes by its address) that hold a table or text are
    read by `pictures` (default: with OCR)."""
    root, too_deep = _parse(text)
    doc = Document(path=path, form="html")
    if too_deep:
        doc.problems.append(limits.HTML_PARSER_DEPTH.say())
    if _flatten_deep(root):
        doc.problems.append(limits.HTML_DEPTH.say())
    title_el = root.find(".//title")
    page_title = _one_line(_text_content(title_el)) if title_el is not None else ""
    meta_tags = _meta_tags(root)
    source = _PictureSource(Path(path), pictures if pictures is not None else Pictures(), resources)
    _linked_sheets(root, source)
    rules = page_rules(root)  # (before `_unprinted` drops the <style> elements)
    doc.problems += rules.problems
    embedded = _unprinted(root)
    body = root.find("body")
    if body is None:
        body = root
    doc.metadata = _take_metadata(body)
    for key, value in meta_tags.items():
        doc.metadata.setdefault(key, value)
    if not _drop_hidden(body, rules):
        doc.problems.append("网页正文设置为不显示（display:none 等），仍按其内容读取")
    _generate(body, rules)
    frames = _FrameReading(doc.problems, source.page)
    _frames(body, frames, ("" if resources is not None else Path(path).name,))
    frames.finish()
    _drop_chrome(body)
    doc.attachments = _attachments(body, embedded)
    # (the rows of each table, found once: nothing changes the page after this)
    rows: dict[etree._Element, list[list[etree._Element]]] = {}
    main = _main_content(body, rows)
    flow = _Flow(pictures=source.read, rows=rows)
    outside = _title_before(body, main)
    if outside is not None:
        flow.visit(outside)
    outside_blocks = len(flow.blocks)
    flow.visit(main)
    flow.flush()
    doc.blocks = flow.blocks
    doc.problems += flow.problems
    source.finish(doc.problems)
    for i, block in enumerate(doc.blocks):
        block.where.block = i
    h1s = [(i, b.text) for i, b in enumerate(doc.blocks) if b.kind == "heading" and b.level == 1]
    inside = next((t for i, t in h1s if i >= outside_blocks), None)
    before = next((t for i, t in h1s if i < outside_blocks), None)
    doc.title = inside or meta_tags.get("标题") or before or page_title or None
    if not doc.blocks:
        doc.problems.append("网页中没有找到正文内容")
    return doc


_SHEET_BYTES = 2_000_000  # a site's whole style sheet is some hundreds of kilobytes


def _linked_sheets(root: etree._Element, source: _PictureSource) -> None:
    """Put each style sheet the page links to (<link rel="stylesheet">) that was saved
    with it (beside it, as a browser's 网页，全部 saves 页面_files/style.css, or in its
    web archive) in the link's place, as a <style> element: its rules hide and show
    as the page's own do. A sheet not saved with the page is passed over, as a browser
    without it shows the page."""
    for style in list(root.iter("style")):
        if style.text and "@import" in style.text:
            style.text = _imported(style.text, source)
    for link in list(root.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "stylesheet" not in rel or "alternate" in rel or not href:
            continue
        text = _sheet_text(href, source)
        if text is None:
            continue
        style = etree.Element("style")
        if link.get("media"):
            style.set("media", link.get("media") or "")
        style.text = _imported(text, source, posixpath.dirname(href.split("?", 1)[0]))
        link.addprevious(style)


# a sheet's @import of another, with the media it holds for (none: all)
_IMPORT = patterns.compile(
    r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?\s*([^;]*);""", re.IGNORECASE
)


def _sheet_text(href: str, source: _PictureSource) -> str | None:
    """The text of a style sheet saved with the page (`_PictureSource.sheet`)."""
    from ogi.readers.encoding import decode

    data = source.sheet(href)
    if data is None:
        return None
    try:
        return decode(data, href)
    except ReadError:
        return None


def _imported(css: str, source: _PictureSource, folder: str = "") -> str:
    """A style sheet with the sheets it imports (@import url(site.css), named from the
    `folder` the sheet is in) and that were saved with the page put in their place,
    inside @media when the import names media; those not saved are left out, as
    before. (Sheets they import in turn are not read.)"""

    def put(m: re.Match[str]) -> str:
        href = m.group(1)
        if folder and not _SCHEME.match(href) and not href.startswith("/"):
            href = posixpath.join(folder, href)
        text = _sheet_text(href, source)
        if text is None:
            return ""
        media = m.group(2).strip()
        return f"@media {media}{{{text}}}" if media else text

    return _IMPORT.sub(put, css)


# what a report can be attached as
_ATTACHED = (".pdf", ".doc", ".docx", ".wps", ".rtf", ".ofd", ".xls", ".xlsx", ".et")
_ATTACHED += (".zip", ".rar", ".7z")
MAX_ATTACHMENTS = 10


def _attached_name(address: str | None) -> str | None:
    """The name of the file at `address` when it is one a report can be attached as: the
    last part of its path, or of its `file=` parameter (a PDF viewer's page,
    viewer.html?file=/up/报告.pdf)."""
    try:
        parts = urlsplit((address or "").strip())
    except ValueError:  # not an address (an unclosed [ of an IPv6 host)
        return None
    for path in (parts.path, *parse_qs(parts.query).get("file", [])[:1]):
        name = unquote(urlsplit(path).path if "?" in path else path).rsplit("/", 1)[-1]
        if name.lower().endswith(_ATTACHED):
            return name
    return None


def _attachments(body: etree._Element, embedded: list[str]) -> list[str]:
    """The files the page shows (`embedded`) or links to that can hold a report, a link
    by its text or, where that says nothing (下载, 点击查看), by its file name; at most
    MAX_ATTACHMENTS, each once."""
    out: list[str] = []
    found = [(name, name) for name in embedded]
    found += [(_attached_name(a.get("href")), _one_line(_text_content(a))) for a in body.iter("a")]
    for name, shown in found:
        if not name:
            continue
        label = shown if _CJK.search(shown) and len(shown) > 4 else name
        if label not in out:
            out.append(label)
            if len(out) == MAX_ATTACHMENTS:
                break
    return out


def _title_before(body: etree._Element, main: etree._Element) -> etree._Element | None:
    """The article's <h1> when it sits just outside the content element (templates often
    print title, metadata and body in sibling <div>s)."""
    if next(main.iter("h1"), None) is not None:
        return None
    last = None
    for el in body.iter():
        if el is main:
            return last
        if el.tag == "h1" and _CJK.search(_unlinked_text(el)):
            last = el  # a site logo is an <h1> too, but its text is a link
    return None


def _unlinked_text(el: etree._Element) -> str:
    """Text without the text directly inside links."""
    parts: list[str] = []
    for event, node in _Walk(el):
        if event == "start":
            if isinstance(node.tag, str) and node.tag != "a":
                parts.append(node.text or "")
        elif node is not el:
            parts.append(node.tail or "")
    return "".join(parts)


class _Walk:
    """("start" | "end", node) in document order, without recursion: a page nested
    thousands of elements deep must not exhaust the stack. Comments and other non-element
    nodes are reported too (their tails are text). `skip()` just after a "start" leaves
    that element's children out; its "end" still comes."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._skip = False

    def skip(self) -> None:
        self._skip = True

    def __iter__(self) -> Iterator[tuple[str, etree._Element]]:
        self._skip = False
        yield "start", self.root
        if self._skip:
            yield "end", self.root
            return
        nodes = [self.root]
        kids = [iter(self.root)]
        while kids:
            ch = next(kids[-1], None)
            if ch is None:
                kids.pop()
                yield "end", nodes.pop()
                continue
            self._skip = False
            yield "start", ch
            if self._skip or not isinstance(ch.tag, str):
                yield "end", ch
            else:
                nodes.append(ch)
                kids.append(iter(ch))


def _flatten_deep(root: etree._Element) -> bool:
    """Replace elements nested deeper than `HTML_DEPTH` by their text, so that every
    walk below is bounded; True when something was flattened."""
    if not _deeper_than(root, limits.HTML_DEPTH.value):
        return False
    doomed: list[etree._Element] = []
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        for ch in el:
            if not isinstance(ch.tag, str):
                continue
            if depth + 1 >= limits.HTML_DEPTH.value:
                doomed.append(ch)
            else:
                stack.append((ch, depth + 1))
    for el in doomed:
        text = _text_content(el)
        for ch in list(el):
            el.remove(ch)
        el.text = text
    return bool(doomed)


_DEPTH_PATHS: dict[int, etree.XPath] = {}


def _deeper_than(root: etree._Element, depth: int) -> bool:
    """Whether an element stands `depth` levels below `root` (an XPath of `depth` steps,
    evaluated by libxml2 rather than by walking the tree in Python)."""
    if depth <= 0:
        return True
    found = _DEPTH_PATHS.get(depth)
    if found is None:
        found = _DEPTH_PATHS[depth] = etree.XPath("boolean(" + "/".join(["*"] * depth) + ")")
    return bool(found(root))


def blocks_from_fragment(fragment: str, first_line: int = 1) -> list[Block]:
    """Blocks of an HTML fragment (e.g. a <table> inside Markdown); lines are counted
    from `first_line`, the fragment's first line in its file."""
    try:
        wrapper = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    _unprinted(wrapper)
    _drop_hidden(wrapper, Rules())
    flow = _Flow(line_offset=first_line - 1)
    flow.walk(wrapper)
    flow.flush()
    return flow.blocks


def table_rows(
    table: etree._Element,
    line_offset: int = 0,
    found: list[list[etree._Element]] | None = None,
    spanned: list[etree._Element] | None = None,
) -> list[list[Cell]]:
    """The rows of one HTML table, each cell placed once at its grid origin, with the
    source line it starts on (counted from `line_offset` + 1); `found`: its rows'
    cells (`_rows_of`), when known. The cells that print a rowspan or colspan are added
    to `spanned`, in order, when given."""
    trs = _rows_of(table) if found is None else found
    taken: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = []
    grid = limits.TABLE_GRID.value
    for r, tr in enumerate(trs):
        cells: list[Cell] = []
        col = 0
        for td in tr:
            while (r, col) in taken:
                col += 1
            # (the names of its attributes asked once, each value only where it is set:
            # a cell has a class at most, and each question of lxml costs)
            names = td.keys()
            kids = len(td)
            # Spans past the last row would invent rows that the page does not show.
            span = td.get("rowspan") if "rowspan" in names else None
            rowspan = 1 if span is None else min(_span(span), len(trs) - r)
            across = td.get("colspan") if "colspan" in names else None
            colspan = 1 if across is None else _span(across)
            if spanned is not None and (span is not None or across is not None):
                spanned.append(td)
            line = td.sourceline
            text = td.text
            doubt = None
            if kids or not text or _BR in text or _SPACE.search(text) is not None:
                text = _cell_text(td)  # (a cell of one word, as most are, is its text)
                if kids and _COLORED(td):
                    doubt = _faint_beside(td, text)
            if doubt is None and (kids or _UNSURE in names):
                doubt = _unsure_cell(td, text)
            if (
                doubt is None
                and _SCRIPTED in names
                and (writes := td.get(_SCRIPTED))
                and _CJK.search(text) is None
            ):
                doubt = (
                    f"单元格中有网页脚本写出的内容（{writes.lstrip('.').rstrip('(')}），"
                    "未能读取，无法确定单元格显示的值，未取数"
                )
            if doubt is None and kids and _CJK.search(text) is None:
                doubt = _pictured(td)
                if doubt is not None and not text and (words := _pictured_words(td)):
                    text, doubt = words, None
            if doubt is None and not text and _backdrop(td):
                doubt = "单元格以图片为背景、没有文字，背景图片中的内容未能读取，未取数"
            # (positional, as keywords cost on every cell: text, row, col, rowspan,
            # colspan, confidence, page, box, line, doubt)
            at = line + line_offset if line else None
            cells.append(Cell(text, r, col, rowspan, colspan, None, None, None, at, doubt))
            if len(taken) + rowspan * colspan > grid:
                raise ReadError(limits.TABLE_GRID.say())
            if rowspan == 1 and colspan == 1:
                taken.add((r, col))
            else:
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, col + dc))
            col += colspan
        rows.append(cells)
    return rows


# an element below a cell that sets a colour of text (by <font color> or its style)
_COLORED = etree.XPath(
    "boolean(descendant::*[@color or contains(translate(@style, 'COLR', 'colr'), 'color')])"
)
_COLOR = patterns.compile(r"(?:^|;)\s*color\s*:\s*([^;!]*)", re.IGNORECASE)
_HEX = patterns.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})")
_RGB = patterns.compile(
    r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)"
)


_BACKGROUND = patterns.compile(r"(?:^|;)\s*background(?:-color)?\s*:\s*([^;!]*)", re.IGNORECASE)
_HEX_OR_RGB = patterns.compile(r"#[0-9a-f]{3}\b|#[0-9a-f]{6}\b|rgba?\([^)]*\)")


def _rgb_of(value: str) -> tuple[int, int, int] | None:
    """A colour written as #rgb, #rrggbb or rgb(…), as its channels; None for any other
    (a name, a colour with some transparency)."""
    if m := _HEX.fullmatch(value):
        digits = m.group(1)
        pairs = (
            [d * 2 for d in digits] if len(digits) == 3 else [digits[:2], digits[2:4], digits[4:]]
        )
        return int(pairs[0], 16), int(pairs[1], 16), int(pairs[2], 16)
    if (m := _RGB.fullmatch(value)) and m.group(4) in (None, "1", "100%"):
        r, g, b = (min(round(float(c)), 255) for c in m.group(1, 2, 3))
        return r, g, b
    return None


def _ground_of(el: etree._Element) -> tuple[int, int, int] | None:
    """The colour an element is filled with, by its style's background or its bgcolor."""
    found = _BACKGROUND.findall(el.get("style") or "")
    value = found[-1] if found else el.get("bgcolor") or ""
    m = _HEX_OR_RGB.search(value.lower())
    return _rgb_of(m.group()) if m else None


_GROUNDS = frozenset(("tr", "thead", "tbody", "tfoot", "table"))


def _cell_ground(td: etree._Element) -> tuple[int, int, int] | None:
    """The colour a cell shows behind its text: its own fill, or else its row's, its
    row group's or its table's, which shows through a cell not filled."""
    ground = _ground_of(td)
    for el in td.iterancestors():
        if ground is not None or el.tag not in _GROUNDS:
            break
        ground = _ground_of(el)
        if el.tag == "table":
            break
    return ground


# how faint text is (`_faint`): not, white (or transparent), or the cell's own colour
Faint = str


def _faint(value: str, ground: tuple[int, int, int] | None = None) -> Faint:
    """Whether a colour of text is white or nearly (each channel NEAR_WHITE or more), or
    transparent ("white": text that does not show on a white page), or the colour the
    cell is filled with (`ground`; "ground": grey on grey); "" for any other."""
    value = value.strip().lower()
    if value in ("white", "transparent"):
        return "white"
    rgba = _RGB.fullmatch(value)
    seen = alpha(rgba.group(4)) if rgba and rgba.group(4) is not None else None
    if seen is not None and seen <= UNSEEN_ALPHA:
        return "white"
    rgb = _rgb_of(value)
    if rgb is not None and rgb == ground:
        return "ground"
    channels = rgb or (tuple(float(c) for c in rgba.group(1, 2, 3)) if rgba else None)
    return "white" if channels is not None and all(c >= NEAR_WHITE for c in channels) else ""


_FILL = patterns.compile(r"(?:^|;)\s*-webkit-text-fill-color\s*:\s*([^;!]*)", re.IGNORECASE)


def _own_color(el: etree._Element) -> str | None:
    """The colour an element's style paints its text in: the fill of its letters
    (-webkit-text-fill-color, which a browser paints over the color), its color, or
    its color attribute (<font>); None when it sets none."""
    style = el.get("style") or ""
    found = _FILL.findall(style) or _COLOR.findall(style)
    if found:
        return found[-1]  # type: ignore[no-any-return]
    return el.get("color") if el.tag == "font" else None


def _faint_beside(td: etree._Element, text: str) -> str | None:
    """Why a cell's number is not taken when part of its text is printed faint (white,
    transparent, or in the colour it stands on: the cell's, its row's or table's, or an
    element's own) beside text that is not: unseen, the faint part is no part of the
    number (46 and a white 9), and a page that prints white text on a dark cell may as
    well have its other text unseen. A cell wholly faint (white headings on a dark row)
    is read."""
    if not any("0" <= c <= "9" for c in text):
        return None
    faint: list[str] = []
    plain: list[str] = []
    kinds: set[Faint] = set()
    todo = [(td, _own_color(td), _cell_ground(td))]
    while todo:
        node, color, ground = todo.pop()
        kind = _faint(color, ground) if color is not None else ""
        into = faint if kind else plain
        if kind and (node.text or "").strip():
            kinds.add(kind)
        into.append(node.text or "")
        for ch in node:
            if isinstance(ch.tag, str):
                todo.append((ch, _own_color(ch) or color, _ground_of(ch) or ground))
            into.append(ch.tail or "")
    shown = _one_line("".join(faint))
    if not shown or not "".join(plain).strip():
        return None
    if "ground" in kinds:
        return f"单元格中有以单元格底色印出、看不见的文字“{shown}”，未取数"
    return f"单元格中有以白色或透明印出、在白底上看不见的文字“{shown}”，未取数"


def _parse(text: str) -> tuple[etree._Element, bool]:
    """The page's tree, and whether the parser stopped at its depth limit."""
    # lxml refuses str input that still declares a byte encoding.
    text = _XML_DECLARATION.sub("", text)
    text = _NOT_XML.sub(" ", text)
    text = _PAGE_END.sub("", text)
    if not text.strip():
        raise ReadError("网页文件没有内容")
    # libxml2's HTML parser without lxml.html's element classes, whose Python lookup
    # would run for every element touched; the two methods used here are `_text_content`
    # and `_drop`.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, ValueError):
        raise ReadError("无法解析网页：文件中没有可读的网页内容") from None
    if root is None:
        raise ReadError("无法解析网页：文件中没有可读的网页内容")
    return root, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _meta_tags(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = _META_TAGS.get((meta.get("name") or "").strip().lower())
        value = (meta.get("content") or "").strip()
        if key and key not in found:
            found[key] = value
    return found


def _drop(el: etree._Element) -> None:
    """Remove an element with its content; its tail text belongs to the parent and
    stays, joined to the text before it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        before = el.getprevious()
        if before is None:
            parent.text = (parent.text or "") + el.tail
        else:
            before.tail = (before.tail or "") + el.tail
    parent.remove(el)


def _unprinted(root: etree._Element) -> list[str]:
    """Drop what a page does not print (scripts, struck-out text …) and give raised
    text as superscript characters (`ogi.blocks.raised`: 18<sup>1</sup> is not 181).
    Returns the names of the files the page shows in a frame (<iframe>, <embed>,
    <object>) that can hold a report (see `_attachments`)."""
    embedded = []
    _framesets(root)
    _unshown(root)
    for el in list(root.iter(*_ALWAYS_DROP, *_SWALLOWING)):
        tag = el.tag
        if tag in _FIELDS and (shown := _field_text(el)):
            # its text in its place, as a <span> that its style and the page's rules
            # (matched already) still hide or strike
            for ch in list(el):
                el.remove(ch)
            el.tag, el.text = "span", shown
            continue
        if tag in _SWALLOWING:
            _unwrap(el)
            if tag != "embed":
                continue
        if tag in _FRAMES:
            name = _attached_name(el.get("src") or el.get("data"))
            if name:
                embedded.append(name)
            elif tag in ("iframe", "frame") and _shown_frame(el):
                el.tag = "div"  # its page read in its place (`_frames`), as a browser shows it
                el.set(_FRAME, tag)
                continue
        if _drawn_in_cell(el):
            _as_drawn(el)
            continue
        if tag == "script" and _scripted(el):
            continue
        _drop(el)
    if _FIELD_BEGINS(root):
        _field_codes(root)
    # (a mark set lowered is a note mark as a raised one is: 18<sub>1</sub> is not 181)
    for sup in root.iter("sup", "sub"):
        _raise(sup)
    for bdo in list(root.iter("bdo")):
        if (bdo.get("dir") or "").strip().lower() == "rtl":
            _reversed(bdo)
    return embedded


# what marks a table's cell with a script inside that writes into the page: what it
# writes (and so what the cell shows) is not known here
_SCRIPTED = "data-ogi-scripted"
_WRITES = patterns.compile(
    r"document\s*\.\s*write(?:ln)?|\.\s*(?:innerHTML|innerText|outerHTML|textContent)\b"
    r"|insertAdjacent(?:HTML|Text)|\.\s*(?:html|text|append)\s*\("
)


# a script that only writes one piece of plain text where it stands (the space around
# its closing ; read one way only: `\s*;?\s*` tries each split of a run of spaces)
_WRITES_TEXT = patterns.compile(
    r"\s*document\s*\.\s*write(?:ln)?\s*\(\s*(?:\"([^\"\\<&]*)\"|'([^'\\<&]*)')\s*\)\s*(?:;\s*)?"
)


def _scripted(script: etree._Element) -> bool:
    """In a table's cell, a script that writes into the page: one that only writes a
    piece of plain text (document.write("46")) is turned into that text, as a browser
    shows it, and True is returned; any other marks the cell, as what it writes is not
    known here."""
    cell = next(script.iterancestors("td", "th"), None)
    code = script.text or ""
    if cell is None or (writes := _WRITES.search(code)) is None:
        return False
    if m := _WRITES_TEXT.fullmatch(code):
        script.attrib.clear()
        script.tag, script.text = "span", m.group(1) if m.group(1) is not None else m.group(2)
        return True
    cell.set(_SCRIPTED, _SPACES.sub("", writes.group()))
    return False


# elements a browser does not show, or shows a drawing of (a bar) in place of what they
# hold: a <dialog> not opened, a <datalist>'s options, a <progress>'s or <meter>'s text
_UNSHOWN = _words("dialog datalist progress meter details")


def _unshown(root: etree._Element) -> None:
    """Drop what a browser's own style sheet does not show: a dialog not open, a list of
    suggestions, the text inside a bar, and all of a closed <details> but its summary
    (<details><summary>…</summary>9</details> shows the summary only)."""
    for el in list(root.iter(*_UNSHOWN)):
        if el.tag == "details":
            if el.get("open") is None:
                _close(el)
        elif el.tag != "dialog" or el.get("open") is None:
            _drop(el)


def _close(details: etree._Element) -> None:
    """Keep of a closed <details> only its first <summary>."""
    summary = next((ch for ch in details if ch.tag == "summary"), None)
    details.text = None
    for ch in list(details):
        if ch is not summary:
            details.remove(ch)
    if summary is not None:
        summary.tail = None


# Word's fields (a formula =SUM(LEFT) in a table's cell, a page number): Word saves a
# field's code and its result, marked by empty spans (mso-element:field-begin, then
# field-separator before the result, field-end), the code inside <![if supportFields]>
_FIELD_BEGINS = etree.XPath(
    "boolean(//span[contains(translate(@style, 'FIELDBGN', 'fieldbgn'), 'field-begin')])"
)
_FIELD_MARK = patterns.compile(r"mso-element\s*:\s*field-(begin|separator|end)", re.IGNORECASE)


def _field_codes(root: etree._Element) -> None:
    """Take out the codes of Word's fields (=SUM(LEFT) before the 13 it gives) and keep
    their results, as Word prints them: a browser shows the code beside the result
    (the markers that hid it from Internet Explorer are no more), which reads as no
    number. A field inside another's code is part of that code. Marks that do not pair
    up (an editor dropped some of the empty spans) take nothing out: what the code is
    cannot be told, and all of the page after it would go."""
    open_fields = 0
    for span in root.iter("span"):
        style = span.get("style")
        mark = _FIELD_MARK.search(style) if style else None
        if mark is not None and mark.group(1).lower() != "separator":
            open_fields += 1 if mark.group(1).lower() == "begin" else -1
            if open_fields < 0:
                return
    if open_fields:
        return
    coding: list[bool] = []  # for each field open, whether its code is being read
    for event, node in _Walk(root):
        if not isinstance(node.tag, str):
            if event == "end" and any(coding):
                node.tail = None
            continue
        if event == "start":
            style = node.get("style")
            mark = _FIELD_MARK.search(style) if style and node.tag == "span" else None
            if mark is not None:
                kind = mark.group(1).lower()
                if kind == "begin":
                    coding.append(True)
                elif coding and kind == "separator":
                    coding[-1] = False
                elif coding and kind == "end":
                    coding.pop()
            if any(coding):
                node.text = None
        elif any(coding) and node is not root:
            node.tail = None


# what marks a frame (an <iframe>, or a <frameset>'s <frame>) whose page is read in its
# place (`_frames`): its kind
_FRAME = "data-ogi-frame"
_FRAMES_IN = etree.XPath(f"descendant::*[@{_FRAME}]")
_FRAME_NAMES = {"iframe": "内嵌框架（iframe）", "frame": "框架（frame）"}
# frames within frames read, each a page written inside its parent's attribute or named
# by it
_FRAME_DEPTH = 3
_LAST_LINE = 65535  # the last line number libxml2 keeps for an element
_FRAME_COST = 1000  # what the least frame counts against `limits.HTML_FRAME_CHARS`
_NO_PAGE = patterns.compile(r"^\s*(?:about|javascript)\s*:", re.IGNORECASE)  # (frames left empty)
# a frameset's row or column size, its spaces stripped (80, 20%, 2*, *): its number read
# one way only, as `\d*\.?\d*` between spaces tried every split of a run of spaces
_ROOM = patterns.compile(r"(\d*(?:\.\d*)?)\s*(?:px|%|\*)?")


def _shown_frame(el: etree._Element) -> bool:
    """Whether an <iframe> shows a page, written into it (srcdoc, which a browser shows
    rather than its src) or by its address (src), in a box of some size."""
    if not (el.get("srcdoc") or el.get("src") or "").strip():
        return False
    return all(
        (el.get(side) or "").strip().lower().removesuffix("px") not in ("0", "0.0")
        for side in ("width", "height")
    )


def _framesets(root: etree._Element) -> None:
    """Lay each <frameset>'s frames out in its order (row by row), as a browser shows
    them, one below or beside another: a frame given no room (rows="0,*"), or past the
    rows and columns the frameset has, shows nothing and goes."""
    for frameset in list(root.iter("frameset")):
        rows = _frame_rooms(frameset.get("rows"))
        cols = _frame_rooms(frameset.get("cols"))
        panes = [ch for ch in frameset if ch.tag in ("frame", "frameset")]
        for k, pane in enumerate(panes):
            row, col = divmod(k, len(cols))
            if row >= len(rows) or not (rows[row] and cols[col]):
                _drop(pane)
        frameset.tag = "div"


def _frame_rooms(sizes: str | None) -> list[bool]:
    """Whether each row (or column) of a frameset's rows="80,*" has any room; one row
    when it says none."""
    rooms = []
    for size in (sizes or "*").split(","):
        m = _ROOM.fullmatch(size.strip())
        rooms.append(m is None or m.group(1) in ("", ".") or float(m.group(1)) > 0)
    return rooms


@dataclass
class _FrameReading:
    """What reading a page's frames needs and finds: the problems said, the pages their
    src names (`_PictureSource.page`), what is left of the bound on what they hold in
    all, and how many <frame> pages were not saved with the page."""

    problems: list[str]
    resources: Callable[[str], bytes | None] | None
    budget: int = field(default_factory=lambda: limits.HTML_FRAME_CHARS.value)
    missing: int = 0

    def finish(self) -> None:
        if self.missing:
            self.problems.append(
                f"网页中有 {self.missing} 个框架（frame）中的网页未随网页保存，"
                "未能读取（请连同框架中的网页一起保存）"
            )


def _frames(
    body: etree._Element, reading: _FrameReading, chain: tuple[str, ...], depth: int = 0
) -> None:
    """Read the page each frame shows (`_unprinted` marks them) in the frame's place, as
    a browser shows it: the page written into its srcdoc, or the page its src names,
    taken against the address of the page it is in (`chain`: the page's own, then its
    frames' down to this one): a part of the same web archive, or a file saved beside
    the page, as browsers save a frame's page. The frame's own style rules hide and show
    within it only. The lines of a srcdoc page are counted from the frame's; a page from
    a file or part of its own is given the frame's line. A frame whose page is not at
    hand is not read, as before; frames deeper than `_FRAME_DEPTH`, past the bound on
    what frames hold in all, showing the page itself or one it is in, or naming a file
    outside the page's folder are not read, and that is said."""
    problems = reading.problems
    for frame in _FRAMES_IN(body):
        kind = frame.attrib.pop(_FRAME) or "iframe"
        srcdoc = frame.attrib.pop("srcdoc", None)
        if depth >= _FRAME_DEPTH:
            problems.append(
                f"网页中的{_FRAME_NAMES[kind]}嵌套超过 {_FRAME_DEPTH} 层，更深的框架内容未读取"
            )
            _drop(frame)
            continue
        address = chain[-1]
        if srcdoc and srcdoc.strip():
            text: str | None = srcdoc
        else:
            address = _joined(chain[-1], (frame.get("src") or "").strip())
            text = _frame_page(address, kind, chain, reading)
        if text is not None:
            cost = max(len(text), _FRAME_COST)
            if 0 <= reading.budget < cost:
                problems.append(limits.HTML_FRAME_CHARS.say())
                reading.budget = -1  # (said once)
            if reading.budget < 0:
                _drop(frame)
                continue
            reading.budget -= cost
        inner = _frame_body(text, kind, problems) if text is not None else None
        if inner is None:
            if _in_cell(frame):
                _as_drawn(frame, kind)
            else:
                _drop(frame)  # (with what only a browser without frames shows)
            continue
        _frames(inner, reading, (*chain, address), depth + 1)
        # (libxml2 gives an element the line its start tag ends on: the page in srcdoc
        # began that many lines before, less any spread over the tag after it)
        line = frame.sourceline or 1
        first = max(line - text.count("\n") - 1, 0) if text is srcdoc else None
        for el in inner.iter():
            if isinstance(el.tag, str) and el.sourceline:
                at = line if first is None else el.sourceline + first
                el.sourceline = min(at, _LAST_LINE)
        for ch in list(frame):  # (what only a browser without frames shows)
            frame.remove(ch)
        frame.text = inner.text
        for ch in list(inner):
            frame.append(ch)


def _frame_body(text: str, kind: str, problems: list[str]) -> etree._Element | None:
    """The body of a frame's page, with what it does not print or hides by its own rules
    dropped; None when it is no page."""
    try:
        root, too_deep = _parse(text)
    except ReadError:
        return None
    if too_deep:
        problems.append(limits.HTML_PARSER_DEPTH.say())
    if _flatten_deep(root):
        problems.append(limits.HTML_DEPTH.say())
    rules = page_rules(root)
    problems += rules.problems
    _unprinted(root)
    inner = root.find("body")
    if inner is None:
        inner = root
    if not _drop_hidden(inner, rules):
        problems.append(
            f"网页{_FRAME_NAMES[kind]}中的内容设置为不显示（display:none 等），仍按其内容读取"
        )
    _generate(inner, rules)
    return inner


def _joined(base: str, src: str) -> str:
    """The address `src` names in a page at `base`: as a browser takes it on the web,
    or, for a page's file, against the folder that file is in, kept going up past the
    page's own (../../x.html), so that a name outside that folder stays outside."""
    if not src or _SCHEME.match(src) or src.startswith(("/", "#")):
        return src
    if _SCHEME.match(base):
        return urljoin(base, src)
    folder = posixpath.dirname(base.split("#", 1)[0].split("?", 1)[0].replace("\\", "/"))
    return posixpath.normpath(posixpath.join(folder, src.replace("\\", "/")))


def _same_page(a: str, b: str) -> bool:
    """Whether two addresses name one page (a part of it, #, aside)."""
    return bool(a) and unquote(a.split("#", 1)[0]) == unquote(b.split("#", 1)[0])


def _frame_page(
    address: str, kind: str, chain: tuple[str, ...], reading: _FrameReading
) -> str | None:
    """The page a frame's src names (`address`, taken against the page's), when there is
    one and it is a page; a <frame> whose page is not saved is counted (`reading`)."""
    if not address or reading.resources is None:
        return None
    shown = address if len(address) <= 80 else address[:80] + "…"
    if any(_same_page(address, page) for page in chain):
        reading.problems.append(
            f"网页的{_FRAME_NAMES[kind]}显示的是网页自身或其外层网页（{shown}），未重复读取"
        )
        return None
    try:
        found = reading.resources(address)
    except ReadError as outside:
        reading.problems.append(f"网页的{_FRAME_NAMES[kind]}{outside}（{shown}），未读取")
        return None
    if found is None:
        reading.missing += kind == "frame" and _NO_PAGE.match(address) is None
        return None
    if not found.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    from ogi.readers.encoding import decode

    try:
        return decode(found, address, _declared_charset(found[:4096]))
    except ReadError:
        return None


# form fields, dropped with the page's search boxes, but read in a table's cell: a
# page exported from a form shows its numbers in them (<td><input value="46"></td>)
_FIELDS = frozenset(("input", "textarea", "select", "button"))
# the kinds of <input> that show their value as text in a box
_TEXT_INPUTS = frozenset(("", "text", "number", "search", "tel", "url", "email"))


def _field_text(el: etree._Element) -> str:
    """The text a form field inside a table's cell shows: an input's value (or, empty,
    its hint, marked `_unsure`), a text area's text, a list's chosen (else first)
    option, a button's text; "" for any other field."""
    if next(el.iterancestors("td", "th"), None) is None:
        return ""
    if el.tag == "input":
        kind = (el.get("type") or "").strip().lower()
        if kind not in _TEXT_INPUTS:
            return ""
        if not el.get("value") and (hint := el.get("placeholder") or ""):
            # greyed out in an empty box: a hint, which may or may not be the number
            el.set(_UNSURE, "输入框中以提示文字显示\tplaceholder")
            return hint
        return el.get("value") or ""
    if el.tag == "button":
        return _text_content(el)
    if el.tag == "textarea":
        return _text_content(el)
    options = list(el.iter("option"))
    chosen = next((o for o in options if o.get("selected") is not None), None)
    chosen = chosen if chosen is not None else next(iter(options), None)
    return _text_content(chosen) if chosen is not None else ""


# Elements that hold nothing in HTML5, that libxml2's HTML parser (of HTML 4) takes for
# containers of what follows them up to their parent's end: an unclosed <embed> of a
# video would carry the rest of the article away with it when dropped.
_SWALLOWING = _words("embed source track wbr keygen bgsound command image")
_FRAMES = frozenset(("iframe", "frame", "embed", "object"))


def _unwrap(el: etree._Element) -> None:
    """Put what the parser placed inside a void element back after it, as a browser
    places it; an <image> is an <img>, as browsers read it."""
    if el.tag == "image":
        el.tag = "img"
    kids = list(el)
    if not kids and not el.text:
        return
    parent = el.getparent()
    if parent is None:
        return
    text, tail = el.text, el.tail
    el.text = None
    at = parent.index(el)
    for k, child in enumerate(kids, 1):
        parent.insert(at + k, child)
    if kids:
        kids[-1].tail = (kids[-1].tail or "") + (tail or "") or None
        el.tail = text
    else:
        el.tail = (text or "") + (tail or "")


# What a style attribute must hold to change what is read (`_styled`); a rule's
# properties are weighed for the elements it matches.
_STYLING = patterns.compile(
    r"display|visibility|line-through|vertical-align|font-size\s*:\s*[+-]?\.?0|opacity"
    r"|position|text-indent|unicode-bidi|transform|clip-path|float|overflow"
    r"|font\s*:|mso-hide|text-fill-color|margin|letter-spacing\s*:\s*-|filter|content-visibility|mask|font-size\s*:\s*\+?(?:0*\.\d|[0-2](?:\.\d+)?(?:px|pt|mm)|1?\d(?:\.\d+)?%)",
    re.IGNORECASE,
)
# elements vertical-align raises (it applies to inline elements, and does not raise a
# table cell's content)
_NOT_INLINE = _BLOCK_TAGS | frozenset(_HEADINGS) | {"table", "img"}


def _hidden(el: etree._Element, rules: Rules, style: str | None) -> bool:
    """Whether an element is not shown: the `hidden` attribute, or display:none,
    opacity:0, a box of no room (`_no_room`) or visibility:hidden (unless something
    inside is made visible again) by its own style attribute or by the page's style
    rules (`ogi.readers.html_css`)."""
    if el.get("hidden") is not None:
        return True
    if rules.value(el, "display", style) == "none":
        return True
    if transparent(rules.value(el, "opacity", style)):
        return True
    if _no_room(el, rules, style) and _boxed(el, rules, style):
        return True
    if see_through(rules.value(el, "filter", style)):
        return True
    if rules.value(el, "content-visibility", style) == "hidden":
        return True
    if rules.value(el, "visibility", style) in ("hidden", "collapse"):
        return not any(
            rules.value(d, "visibility", d.get("style")) == "visible"
            for d in el.iterdescendants()
            if isinstance(d.tag, str)
        )
    return False


def _no_room(el: etree._Element, rules: Rules, style: str | None) -> str | None:
    """The style that gives an element's content no room, when it does: a width (or
    height) of nothing or of a pixel or two, and what overflows it cut off or scrolled
    (overflow:hidden;height:0, as editors fold text away). That hides the content of a box only
    (`_boxed`): an inline element takes no width or height."""
    kept = [rules.value(el, p, style) for p in ("overflow", "overflow-x", "overflow-y")]
    across, down = cut(*kept)
    if not (across or down):
        return None
    overflow = next(v for v in kept if v)
    for prop in ("width", "max-width", "height", "max-height"):
        if across if "width" in prop else down:
            value = rules.value(el, prop, style)
            if zero_size(value) or tiny_size(value):
                return f"overflow:{overflow};{prop}:{value}"
    return None


def _moved(el: etree._Element, rules: Rules, style: str | None, position: str | None) -> None:
    """Mark (`_unsure`) an element drawn away from where its text stands: moved by an
    offset (position:relative;left:-9999px), pulled by a margin below nothing, its
    letters drawn over each other (letter-spacing:-1em), or seen through a mask. A
    paragraph, or a cell's text, moved whole by less than `_IN_SIGHT` (Word's
    margin-left:-5.4pt) is still seen in its order."""
    moves: list[tuple[str, str, str]] = []
    if position in ("relative", "sticky"):
        for side in ("left", "right", "top", "bottom"):
            if moved := far(rules.value(el, side, style)):
                moves.append(("相对原位移开显示", f"position:{position};{side}:{moved}", moved))
    for prop in ("margin-left", "margin-right", "margin-top", "margin-bottom", "margin"):
        if pulled := far(rules.value(el, prop, style), pulled=True):
            moves.append(("以负外边距移出原位", f"{prop}:{pulled}", pulled))
    in_sight = all(pixels(length) <= _IN_SIGHT for *_, length in moves)
    if moves and in_sight and _block_level(el, rules, style):
        return  # (a paragraph moved a little, whole: its lines keep their order)
    if moves:
        why, css, _ = moves[0]
        _unsure(el, why, css, whole=in_sight)
        return
    if spacing := far(rules.value(el, "letter-spacing", style), pulled=True):
        _unsure(el, "字距为负、字符相互重叠", f"letter-spacing:{spacing}")
        return
    for prop in ("mask", "mask-image", "-webkit-mask", "-webkit-mask-image"):
        value = rules.value(el, prop, style)
        if value is not None and value != "none":
            _unsure(el, "经遮罩显示", f"{prop}:{value}")
            return


# what a box is displayed as: one that takes the width and height it is given
_BOXES = _words("block inline-block flex inline-flex grid inline-grid list-item flow-root")
# elements that are such a box unless their style says otherwise (a table's cell is
# not: it grows to hold its text whatever its width)
_BOXED_TAGS = _words(
    "div p section article main header footer center blockquote address figure "
    "ul ol li dl dd dt pre form h1 h2 h3 h4 h5 h6"
)


# what a box that stands on lines of its own is displayed as
_BLOCKS = _words("block flex grid list-item flow-root table")


def _block_level(el: etree._Element, rules: Rules, style: str | None) -> bool:
    """Whether an element stands on lines of its own (a <p>, a <div>), not within a
    line of text (a <span>, an inline-block)."""
    display = rules.value(el, "display", style)
    return display in _BLOCKS if display is not None else el.tag in _BOXED_TAGS


def _boxed(el: etree._Element, rules: Rules, style: str | None) -> bool | None:
    """Whether an element is a box that takes its width and height (a <div>, an
    inline-block); False when it is inline, where neither applies; None when that
    cannot be told here (a table's cell; a <span>, which the page's rules may display
    as a box: only rules that hide are matched)."""
    display = rules.value(el, "display", style)
    if display is None:
        return True if el.tag in _BOXED_TAGS else None
    if display in _BOXES:
        return True
    return False if display == "inline" else None


def _drop_hidden(body: etree._Element, rules: Rules) -> bool:
    """Drop the elements the page does not show (a hidden copy of a table, a value
    hidden in a cell), and read the rest as styled (`_styled`). When dropping would
    leave no content (a page saved while its script had yet to show the article), only
    small hidden elements go, and False is returned."""
    hidden: list[etree._Element] = []
    turned: list[etree._Element] = []
    for el in body.iter():
        if el is body or not isinstance(el.tag, str):
            continue
        if el in rules.matched:
            style = el.get("style")
        elif not el.attrib:
            continue  # (most elements: no attribute, and no rule says anything)
        else:
            style = el.get("style")
            if el.get("hidden") is None and (style is None or not _STYLING.search(style)):
                continue
        if _hidden(el, rules, style):
            hidden.append(el)
        else:
            _styled(el, rules, style, turned)
    for el in turned:
        _reversed(el)
    if not hidden:
        return True
    # the outermost only: an element inside a hidden one goes with it
    ids = {id(el) for el in hidden}
    outer = [el for el in hidden if not any(id(a) in ids for a in el.iterancestors())]
    big = [el for el in outer if not _is_small(el)]
    if big:
        kept = _cjk_count(body) - sum(_cjk_count(el) for el in outer)
        tables = sum(1 for _ in body.iter("table")) - sum(
            1 for el in outer for _ in el.iter("table")
        )
        if kept < _SMALL_CJK and tables == 0:
            for el in outer:
                if _is_small(el):
                    _drop(el)
            return False
    for el in outer:
        _drop(el)
    return True


def _first_styled(el: etree._Element, rules: Rules) -> None:
    """Mark (`_unsure`) an element whose first letter or line the page's rules style
    apart in a way that changes what is read (td::first-letter{font-size:0} shows 46
    as 6): which characters it takes in is not worked out here."""
    for key in rules.matched[el]:
        pseudo, _, prop = key.partition(":")
        if pseudo in FIRST and (value := rules.value(el, key, None)) is not None:
            part = "首字" if pseudo == "first-letter" else "首行"
            _unsure(el, f"{part}另以样式印出", f"::{pseudo} {prop}:{value}")
            return


def _colored(el: etree._Element, rules: Rules, style: str | None) -> None:
    """Write into an element's style the colours the page's rules give it, where a
    cell's faint text is looked for (`_faint_beside`: 57 and a 9 that a rule prints
    white, or in the colour its row is filled with)."""
    added = []
    for prop, pattern in (("color", _COLOR), ("-webkit-text-fill-color", _FILL)):
        value = rules.value(el, prop, style)
        if value is not None and (pattern.findall(style or "") or [None])[-1] != value:
            added.append(f"{prop}:{value}")
    ground = rules.value(el, "background-color", style) or rules.value(el, "background", style)
    m = _HEX_OR_RGB.search(ground) if ground is not None else None
    if m is not None and _ground_of(el) != _rgb_of(m.group()):
        added.append(f"background-color:{m.group()}")
    if added:
        el.set("style", ";".join([style or "", *added]))


# Word's mark on text it hides on screen (its hidden text, saved as a web page): a
# browser knows no such property and shows the text
_WORD_HIDDEN = patterns.compile(r"mso-hide\s*:\s*(all|screen)", re.IGNORECASE)


def _styled(
    el: etree._Element, rules: Rules, style: str | None, turned: list[etree._Element]
) -> None:
    """Read an element's text as its style prints it: struck out (text-decoration:
    line-through, as <s>) or at font size 0, not at all; raised or lowered
    (vertical-align: super or sub), as <sup>; printed right to left whatever it is
    (unicode-bidi: bidi-override), into `turned` (`_reversed`, once the page is walked);
    drawn out of its line, or hidden by Word and shown by a browser, marked (`_unsure`).
    Struck text is blanked rather than its element dropped, so that a struck cell stays
    in its row and the cells after it keep their columns."""
    if el in rules.matched:
        _colored(el, rules, style)
        _first_styled(el, rules)
    if "line-through" in (rules.value(el, "text-decoration-line", style) or "").split():
        _blank(el, lambda _: True)
        return
    size = rules.value(el, "font-size", style)
    if zero_size(size):
        _blank_unsized(el, rules)
    elif tiny_size(size):
        _unsure(el, "以极小字号印出、难以看清", f"font-size:{size}")
    if el.tag not in _NOT_INLINE and rules.value(el, "vertical-align", style) in ("super", "sub"):
        _raise(el)
    position = rules.value(el, "position", style)
    indent = rules.value(el, "text-indent", style) or ""
    if out_of_line(position):
        _unsure(el, "另行定位、不在行内显示", f"position:{position}")
    elif indent.startswith("-"):
        _unsure(el, "以负缩进移出原位", f"text-indent:{indent}")
    elif far_indent(indent):
        _unsure(el, "以缩进移出原位", f"text-indent:{indent}")
    for prop, why in (("transform", "经变形显示"), ("clip-path", "被裁剪显示")):
        value = rules.value(el, prop, style)
        if value is not None and value != "none" and not (prop == "transform" and unchanged(value)):
            _unsure(el, why, f"{prop}:{value}")
    if style and (hide := _WORD_HIDDEN.search(style)):
        _unsure(el, "在 Word 中隐藏、在网页中显示", f"mso-hide:{hide.group(1).lower()}")
    _moved(el, rules, style, position)
    room = _no_room(el, rules, style)
    if room is not None and _boxed(el, rules, style) is None:
        _unsure(el, "放在宽或高为零、超出部分不显示的框中", room)
    side = rules.value(el, "float", style)
    if floated(side) and el.tag not in _NOT_FLOATED:
        _unsure(el, _FLOATED, f"float:{side}", whole=True)
    bidi = rules.value(el, "unicode-bidi", style)
    if el.tag != "bdo" and overriding(bidi) and _direction(el, rules) == "rtl":
        turned.append(el)


# elements whose ::before and ::after a browser does not draw
_VOID = _words("img br hr area col embed source track wbr meta link")


def _generate(body: etree._Element, rules: Rules) -> None:
    """Put in the text the page's rules add before or after elements (td::after
    { content: "0" } shows 460 for 46), where they add a digit (`html_css`); text that
    cannot be told (a counter, an attribute's value) marks its element (`_unsure`)."""
    for el, props in list(rules.matched.items()):
        if el.tag in _VOID or not any(p.startswith(("before:", "after:")) for p in props):
            continue
        if el is not body and not any(a is body for a in el.iterancestors()):
            continue  # dropped, or outside the content
        for pseudo in ("before", "after"):
            value = rules.value(el, f"{pseudo}:content", None)
            if value is None or rules.value(el, f"{pseudo}:display", None) == "none":
                continue
            text = generated_text(value)
            if text is None:
                place = "前" if pseudo == "before" else "后"
                _unsure(el, f"由样式在{place}面加入内容", f"::{pseudo} content:{value}")
            elif pseudo == "before":
                el.text = text + (el.text or "")
            elif len(el):
                el[-1].tail = (el[-1].tail or "") + text
            else:
                el.text = (el.text or "") + text


# what an element is marked with when a cell holding it may show a number other than
# its text (`_unsure`)
_UNSURE = "data-ogi-unsure"
_UNSURE_IN = etree.XPath(f"descendant-or-self::*[@{_UNSURE}]")
# text floated to a side of its cell: drawn apart from the text beside it, in an order
# that cannot be told here (46 and a 9 floated left show 946)
_FLOATED = "浮动到一侧显示、不在文字原位"
_WHOLE = "whole"  # (`_unsure`)
# how far a cell's text may be moved whole and still be seen in it (pixels)
_IN_SIGHT = IN_SIGHT
# (a cell itself, a table or a picture floated moves no text apart from other text)
_NOT_FLOATED = frozenset(("td", "th", "table", "img"))


def _unsure(el: etree._Element, why: str, css: str, whole: bool = False) -> None:
    """Mark an element of text that a browser draws where it cannot be told here (`why`,
    by the style `css`): a table's cell that holds it and a number is withheld
    (`_unsure_cell`); with `whole`, not when it holds all the cell's text (drawn apart
    from no other text, a number's digits keep their order)."""
    if next(el.iterancestors("td", "th"), None) is not None or el.tag in ("td", "th"):
        el.set(_UNSURE, f"{why}\t{css}" + ("\t" + _WHOLE if whole else ""))


def _unsure_cell(td: etree._Element, text: str) -> str | None:
    """Why a cell's number is not taken when it holds text a browser draws elsewhere
    (`_unsure`): an element out of the line (position:absolute, as an off-screen copy
    of a value is put), its first line pulled out by a negative indent, or drawn
    changed (transform: scale(0), a turn) or cut (clip-path), shows anywhere or nowhere
    or otherwise, and is no part of the number beside it that a reader sees; text
    floated to a side of the cell is drawn apart from the rest, before or after it."""
    if not any("0" <= c <= "9" for c in text):
        return None
    for el in _UNSURE_IN(td):
        shown = _one_line(_text_content(el))
        why, css, *whole = (el.get(_UNSURE) or "").split("\t")
        if not shown or (whole and shown == _one_line(text)):
            continue  # (nothing, or all the cell's text floated together)
        return f"单元格中有{why}的文字“{shown}”（{css}），无法确定单元格显示的值，未取数"
    return None


_PICTURES_IN = etree.XPath("descendant::img")


def _pictured(td: etree._Element) -> str | None:
    """Why a cell's value is not taken when it shows a picture, or a drawing or object
    in a picture's place (`_as_drawn`): what it shows (digits, a number drawn as an
    image) is not read here, and may be all of the cell's value or part of it. A spacer
    (a picture a pixel or two wide or high) shows nothing. (Asked only of a cell without
    Chinese text: an icon beside a label or heading takes nothing from it.)"""
    for img in _PICTURES_IN(td):
        width, height = _css_width(img), _css_width(img, "height")
        if (width is not None and width < 2) or (height is not None and height < 2):
            continue
        if _set_to_nothing(img, "width") or _set_to_nothing(img, "height"):
            continue  # (width="0": drawn as nothing)
        drawn = _DRAWN.get(img.get(_DRAWN_AS) or "", "图片")
        return f"单元格中有{drawn}，其中的内容未能读取，无法确定单元格显示的值，未取数"
    return None


# a picture set as a cell's background: by its style (url(…)), or its background
# attribute (a picture's address)
_BACKGROUND_IMAGE = patterns.compile(r"(?:^|;)\s*background(?:-image)?\s*:\s*([^;]*)", re.I)
_BACKDROP = patterns.compile(r"url\s*\(|\.(?:png|jpe?g|gif|bmp|webp)\b", re.IGNORECASE)


def _backdrop(td: etree._Element) -> bool:
    """Whether a cell's own style or attribute sets a picture behind it, which may show
    a value (a number drawn and set behind an empty cell)."""
    values = [*_BACKGROUND_IMAGE.findall(td.get("style") or ""), td.get("background") or ""]
    return any(_BACKDROP.search(v) for v in values)


def _pictured_words(td: etree._Element) -> str | None:
    """The words a cell of pictures alone says by their alt text, as a heading or label
    drawn as a picture is described (<img alt="自然人">): read as its text when every
    picture names Chinese words and no digit, which no value is. None for any other."""
    alts = []
    for img in _PICTURES_IN(td):
        alt = _one_line(img.get("alt") or "")
        if img.get(_DRAWN_AS) is not None or not _CJK.search(alt):
            return None
        if any(c.isdigit() for c in alt):
            return None
        alts.append(alt)
    return " ".join(alts) or None


# what a browser draws in a cell that is read as nothing here: it stands there as an
# <img> marked with what it was (`_as_drawn`), for `_pictured`
_DRAWN_AS = "data-ogi-drawn"
_DRAWN = {
    "svg": "矢量图形（svg）",
    "canvas": "画布（canvas）",
    "object": "嵌入对象（object）",
    "embed": "嵌入对象（embed）",
    "iframe": "内嵌框架（iframe）",
    "video": "视频（video）",
    "input": "图片按钮（input）",
}


def _in_cell(el: etree._Element) -> bool:
    return next(el.iterancestors("td", "th"), None) is not None


def _drawn_in_cell(el: etree._Element) -> bool:
    """Whether `el` is drawn in a table's cell and not read (`_DRAWN`); a frame is
    read when its page is at hand (`_frames`)."""
    tag = el.tag
    if tag not in _DRAWN or tag == "iframe" or not _in_cell(el):
        return False
    return tag != "input" or (el.get("type") or "").strip().lower() == "image"


def _as_drawn(el: etree._Element, tag: str | None = None) -> None:
    """Put an empty <img> in the place of what a page draws in a table's cell that is
    not read (`_DRAWN`; `tag`, what it was, when it is no longer that), keeping what
    hides it or sizes it; the picture it shows, if any, is not looked for (its address
    goes)."""
    tag = tag or el.tag
    for ch in list(el):
        el.remove(ch)
    el.text = None
    for name in ("src", "data", "srcset", "srcdoc"):
        el.attrib.pop(name, None)
    el.tag = "img"
    el.set(_DRAWN_AS, tag)


def _direction(el: etree._Element, rules: Rules) -> str | None:
    """An element's direction: by its style or the page's rules, or its dir attribute,
    else its parent's."""
    for node in (el, *el.iterancestors()):
        found = rules.value(node, "direction", node.get("style"))
        if found is None and node.get("dir") is not None:
            found = (node.get("dir") or "").strip().lower()
        if found is not None:
            return found
    return None


def _reversed(el: etree._Element) -> None:
    """Give an element's text as printed right to left whatever it is (<bdo dir="rtl">,
    unicode-bidi: bidi-override): its characters reversed on its one line (64 printed
    as 46). What is in it is read as its text: its marks and emphasis are gone."""
    text = _text_content(el)
    for ch in list(el):
        el.remove(ch)
    el.text = right_to_left(text)


def _blank(top: etree._Element, blank: Callable[[etree._Element], bool]) -> None:
    """Take out the text of `top` and of the elements below it for which `blank` holds
    (an element's text and its children's tails are its own), keeping the elements."""
    todo = [top]
    while todo:
        node = todo.pop()
        if not blank(node):
            todo += [ch for ch in node if isinstance(ch.tag, str)]
            continue
        node.text = None
        for ch in node:
            ch.tail = None
            if isinstance(ch.tag, str):
                todo.append(ch)


def _blank_unsized(top: etree._Element, rules: Rules) -> None:
    """Take out the text printed at font size 0 under `top`, whose size is 0: all but
    that of elements given a size again (font-size:14px; a size relative to 0 is 0).
    A common layout sets 0 on a list and a size on its items."""
    sized: set[etree._Element] = set()

    def unsized(node: etree._Element) -> bool:
        parent = node.getparent()
        if node is not top and parent in sized:
            sized.add(node)
            return False
        value = rules.value(node, "font-size", node.get("style")) if node is not top else "0"
        if value is None or zero_size(value) or value.endswith(("em", "%")):
            return True  # (a relative size, or none, inherits the 0)
        if value in ("inherit", "smaller", "larger", "unset", "revert"):
            return True
        sized.add(node)
        return False

    _blank(top, unsized)


def _raise(el: etree._Element) -> None:
    """Give an element's text as raised (`ogi.blocks.raised`), as a <sup>'s."""
    for node in el.iter():
        if node.text:
            node.text = raised(node.text)
        if node is not el and node.tail:
            node.tail = raised(node.tail)


# (runs of them: counted by their lengths, a page's text is not copied to count)
_CJK_RUN = patterns.compile(_CJK.pattern + "+")


def _cjk_count(el: etree._Element) -> int:
    """Chinese characters in the element's text."""
    return sum(map(len, _CJK_RUN.findall(_text_content(el))))


def _is_small(el: etree._Element) -> bool:
    return next(el.iter("table"), None) is None and _cjk_count(el) < _SMALL_CJK


def _drop_chrome(body: etree._Element) -> None:
    """Drop page chrome: small <header>, <footer> and <form> elements and small
    elements whose class or id names chrome (`_chrome_names`), but nothing inside a
    data table: its rows and cells are the report's, whatever they are named
    (<tr class="foot"> for a 总计 row, <td class="header">)."""
    if not _may_hold_chrome(body):
        return
    doomed = []
    layout: dict[etree._Element, bool] = {}
    for el in body.iter():
        tag = el.tag
        if not isinstance(tag, str) or el is body:
            continue
        tag = tag.lower()
        if not el.attrib:
            # (no style, hidden, class or id: most elements of a page)
            if tag in _DROP_IF_SMALL and _is_small(el) and _outside_data(el, layout):
                doomed.append(el)
            continue
        chrome = _chrome_names(el.get("class", ""), el.get("id", "")) and (
            next(el.iter("h1"), None) is None
        )
        if (tag in _DROP_IF_SMALL or chrome) and _is_small(el) and _outside_data(el, layout):
            doomed.append(el)
    for el in doomed:
        _drop(el)


# the classes and ids of the elements below one, as plain strings
_CLASSES = etree.XPath("descendant::*/@class", smart_strings=False)
_IDS = etree.XPath("descendant::*/@id", smart_strings=False)


def _may_hold_chrome(body: etree._Element) -> bool:
    """Whether `_drop_chrome` may find anything below `body`: an element of a type it
    drops when small (the parser gives types in lower case), or a class or id that names
    chrome, each of the page's few told once. (A report's page of neither is not walked
    element by element.)"""
    if next(body.iterdescendants(*_DROP_IF_SMALL), None) is not None:
        return True
    # (_chrome_names of a class and an id: the tokens of either, as they are split apart)
    return any(_chrome_names(c, "") for c in set(_CLASSES(body))) or any(
        _chrome_names("", i) for i in set(_IDS(body))
    )


def _outside_data(el: etree._Element, layout: dict[etree._Element, bool]) -> bool:
    """Whether `el` is outside any data table: the nearest table around it, if any, is
    page layout (`_is_container`, known ones in `layout`)."""
    table = next(el.iterancestors("table"), None)
    if table is None:
        return True
    found = layout.get(table)
    if found is None:
        found = layout[table] = _is_container(table)
    return found


# how long a class and id are kept for asking again (a hostile page's long ones would
# fill memory)
KEPT_NAMES = 200


def _names_length(cls: str, ident: str) -> int:
    return len(cls) + len(ident)


@short_memo(KEPT_NAMES, maxsize=4096, size=_names_length)
def _chrome_names(cls: str, ident: str) -> bool:
    """Whether a class and id name page chrome (nav, footer, breadcrumb …); a page
    repeats a few class names over and over."""
    names = f"{cls} {ident}"
    return names != " " and not _CHROME_TOKENS.isdisjoint(_CLASS_SPLIT.split(names.lower()))


def _main_content(
    body: etree._Element, rows: dict[etree._Element, list[list[etree._Element]]] | None = None
) -> etree._Element:
    """The tightest element that holds nearly all of the page's (non-link) Chinese text
    and all its data tables. Link text is not counted because menus are made of links.
    The bar is high on purpose: a stray footer line costs less than a lost paragraph.
    The rows of the tables looked at (`_rows_of`) are put in `rows`."""
    score = _Scores(rows)
    node = body
    while score.text(node) > 0:
        if node.tag == "table" and not _is_container(node):
            break  # a data table is read whole, never one of its rows
        kids = [ch for ch in node if isinstance(ch.tag, str)]
        if not kids:
            break
        best = max(kids, key=score.text)
        if score.text(best) < 0.9 * score.text(node) or score.tables(best) < score.tables(node):
            break
        if not any(_is_blockish(ch) for ch in best):
            break  # one long paragraph is part of the content, not the content
        node = best
    return node


class _Scores:
    """What `_main_content` weighs an element by, worked out for the elements it looks
    at only (those on its way down and their children), each from its whole text at
    once rather than node by node."""

    def __init__(self, rows: dict[etree._Element, list[list[etree._Element]]] | None) -> None:
        self._text: dict[etree._Element, int] = {}
        self._tables: dict[etree._Element, int] = {}
        self._data: dict[etree._Element, bool] = {}
        self._rows = rows if rows is not None else {}

    def text(self, el: etree._Element) -> int:
        """Chinese characters in the element's text, less those inside links."""
        found = self._text.get(el)
        if found is None:
            found = self._text[el] = 0 if el.tag == "a" else _cjk_count(el) - _link_cjk(el)
        return found

    def tables(self, el: etree._Element) -> int:
        """Data tables in the element, itself included."""
        found = self._tables.get(el)
        if found is None:
            found = self._tables[el] = sum(1 for t in el.iter("table") if self._is_data(t))
        return found

    def _is_data(self, table: etree._Element) -> bool:
        found = self._data.get(table)
        if found is None:
            rows = self._rows.get(table)
            if rows is None:
                rows = self._rows[table] = _rows_of(table)
            found = self._data[table] = not _is_container(table, rows) and len(rows) >= 2
        return found


def _link_cjk(el: etree._Element) -> int:
    """Chinese characters inside the links in `el` (a link inside a link counted once)."""
    n = 0
    outer: etree._Element | None = None
    for a in el.iter("a"):
        if outer is not None and any(anc is outer for anc in a.iterancestors()):
            continue
        outer = a
        n += _cjk_count(a)
    return n


def _is_blockish(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    tag = el.tag.lower()
    return tag in _BLOCK_TAGS or tag in _HEADINGS or tag == "table"


def _take_metadata(body: etree._Element) -> dict[str, str]:
    """Find the metadata block, read it, and remove it so it is not read as content."""
    labels_under: dict[etree._Element, set[str]] = {}
    # Each piece of text (an element's text or a child's tail) in document order, with
    # the element it belongs to: libxml2 lists them, Python looks only at the few that
    # may hold a label.
    for piece in _TEXT_NODES(body):
        if not _META_FIRST.search(piece):
            continue
        if (
            "：" not in piece
            and ":" not in piece
            and "\x01" not in piece
            and "\x03" not in piece
            and piece.strip().translate(_LABEL_GAPS) not in _META_LABELS
        ):
            continue  # no colon after a label, and not a label alone
        found = {
            _norm_label(m.group("label") or m.group("bare"))
            for m in _META_RE.finditer(f"{_SEP}{piece.strip()}{_SEP}")
        }
        if not found:
            continue
        el = piece.getparent()
        if piece.is_tail:
            el = el.getparent()
        for anc in [el, *el.iterancestors()]:
            labels_under.setdefault(anc, set()).update(found)
    # A metadata block is short. Without this limit two stray "来源：" and "标题：" in
    # the report's prose would make the whole article look like one. An element's text
    # holds its children's, so the ancestors of a long element are long too: their
    # text (the whole page's, at the top) is not built.
    is_short: dict[etree._Element, bool] = {}
    for el in labels_under:
        if el in is_short:
            continue
        if len(_text_content(el).strip()) <= _META_MAX_CHARS:
            is_short[el] = True
            continue
        is_short[el] = False
        for anc in el.iterancestors():
            if is_short.get(anc) is False:
                break
            is_short[anc] = False
    short = [el for el in labels_under if is_short[el]]
    if not short:
        return {}
    depth = {el: sum(1 for _ in el.iterancestors()) for el in short}
    best = max(short, key=lambda el: (len(labels_under[el]), depth[el]))
    if len(labels_under[best]) < 2:
        return {}
    # Widen to the outermost wrapper with the same text, so nothing of it is left behind.
    text = _text_content(best).strip()
    while (parent := best.getparent()) is not None and parent is not body:
        if _text_content(parent).strip() != text:
            break
        best = parent
    meta = _read_metadata(best)
    _drop(best)
    return meta


def _read_metadata(el: etree._Element) -> dict[str, str]:
    parts: list[str] = []
    _meta_text(el, parts)
    joined = _SEP + "".join(parts) + _SEP
    matches = list(_META_RE.finditer(joined))
    meta: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(joined)
        rest = joined[m.end() : end]
        cut = _UNKNOWN_LABEL.search(rest)
        if cut:
            rest = rest[: cut.start()]
        # The value is the first block piece with text; inline pieces within it join up.
        pieces = [p.replace(_INLINE_SEP, "").strip() for p in rest.split(_SEP)]
        value = next((p for p in pieces if p), "")
        meta.setdefault(_norm_label(m.group("label") or m.group("bare")), _one_line(value))
    return meta


def _meta_text(el: etree._Element, out: list[str]) -> None:
    walk = _Walk(el)
    for event, node in walk:
        if not isinstance(node.tag, str):
            if event == "end" and node is not el:
                out.append(node.tail or "")
            continue
        tag = node.tag.lower()
        cell = tag in ("td", "th")
        sep = _SEP if tag in _BLOCK_TAGS or tag in _HEADINGS or tag == "br" else _INLINE_SEP
        if event == "start":
            if cell:
                out += [_SEP, _text_content(node), _SEP]  # a cell is one piece whatever it holds
                walk.skip()
            else:
                out += [sep, node.text or ""]
            continue
        if not cell:
            out.append(sep)
        if node is not el:
            out.append(node.tail or "")


def _norm_label(label: str) -> str:
    return _SPACES.sub("", label)


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _span(value: str | None) -> int:
    if value is None:
        return 1
    return limits.capped(limits.strict_int(value, 1) or 1)


_SECTIONS = frozenset(("thead", "tbody", "tfoot"))
# what is read neither as rows nor through: a table's own caption and columns, and a
# table standing outside its cells (a browser moves it out before the table)
_NOT_ROWS = frozenset(("caption", "colgroup", "col", "table"))


def _rows_of(table: etree._Element) -> list[list[etree._Element]]:
    """The table's own rows, each as its cells (not those of tables nested in cells), in
    the order a browser draws them: the first <thead>'s rows first and the first
    <tfoot>'s last, wherever they stand. As in a browser, rows and cells are found
    through the elements it moves out of a table's structure (a <form>, <div> or <a>
    around a <tr> or a <td>), and cells standing outside any row make one row."""
    rows = []
    for ch in table:  # (most tables: <tr>s, in one <tbody> or none)
        tag = ch.tag
        if tag == "tr":
            rows.append(_cells_in(ch))
        elif tag == "tbody":
            for tr in ch:
                if tr.tag == "tr":
                    rows.append(_cells_in(tr))
                elif isinstance(tr.tag, str):
                    return _rows_through(table)
        elif isinstance(tag, str) and tag not in ("caption", "colgroup", "col"):
            return _rows_through(table)
    return rows


def _rows_through(table: etree._Element) -> list[list[etree._Element]]:
    """`_rows_of` for any table."""
    head: list[list[etree._Element]] | None = None
    foot: list[list[etree._Element]] | None = None
    body: list[list[etree._Element]] = []
    loose: list[etree._Element] | None = None  # the row of cells outside any <tr>
    todo = [(iter(table), body)]
    while todo:
        ch = next(todo[-1][0], None)
        if ch is None:
            todo.pop()
            continue
        tag = ch.tag
        if not isinstance(tag, str):
            continue
        tag = tag.lower()
        rows = todo[-1][1]
        if tag == "tr":
            rows.append(_cells_in(ch))
            loose = None
        elif tag in ("td", "th"):
            if loose is None:
                loose = []
                rows.append(loose)
            loose.append(ch)
        elif tag in _SECTIONS:
            if tag == "thead" and head is None:
                rows = head = []
            elif tag == "tfoot" and foot is None:
                rows = foot = []
            elif rows is head or rows is foot:
                rows = body
            todo.append((iter(ch), rows))
            loose = None
        elif tag not in _NOT_ROWS:
            todo.append((iter(ch), rows))
    return (head or []) + body + (foot or [])


def _cells_in(tr: etree._Element) -> list[etree._Element]:
    """A row's cells, found through elements around them (`_rows_of`)."""
    cells = []
    for ch in tr:  # (most rows: cells alone)
        tag = ch.tag
        if tag == "td" or tag == "th":
            cells.append(ch)
        elif isinstance(tag, str):
            return _cells_through(tr)
    return cells


def _cells_through(tr: etree._Element) -> list[etree._Element]:
    cells = []
    todo = [iter(tr)]
    while todo:
        ch = next(todo[-1], None)
        if ch is None:
            todo.pop()
            continue
        tag = ch.tag
        if not isinstance(tag, str):
            continue
        tag = tag.lower()
        if tag in ("td", "th"):
            cells.append(ch)
        elif tag not in _NOT_ROWS and tag != "tr" and tag not in _SECTIONS:
            todo.append(iter(ch))
    return cells


# what only a frame's cell holds, not a cell of data
_FRAMED = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "img", "ul", "ol", "section")


def _is_container(table: etree._Element, rows: list[list[etree._Element]] | None = None) -> bool:
    """A table with tables in its cells, or of one column whose cells hold paragraphs,
    headings or pictures (a portal's frame around the article, one cell a row), is page
    layout, not data: we read inside it. No table of the report has fewer than two
    columns."""
    if rows is None:
        rows = _rows_of(table)
    if all(len(row) <= 1 for row in rows) and any(
        next(td.iter(*_FRAMED), None) is not None for row in rows for td in row
    ):
        return True
    if next(table.iterdescendants("table"), None) is None:
        return False
    return any(next(td.iter("table"), None) is not None for row in rows for td in row)


def _cell_text(td: etree._Element) -> str:
    if len(td) == 0:  # text only, as most cells are
        return _finish([td.text] if td.text else [])
    parts: list[str] = []
    _inline(td, parts, blocks_break=True)
    return _finish(parts)


def _inline(el: etree._Element, parts: list[str], blocks_break: bool) -> None:
    """Text of an element with <br> (and, inside cells, block boundaries) as breaks."""
    walk = _Walk(el)
    for event, node in walk:
        if node is el:
            if event == "start" and el.text:
                parts.append(el.text)
            continue
        if not isinstance(node.tag, str):
            if event == "end" and node.tail:
                parts.append(node.tail)
            continue
        tag = node.tag.lower()
        brk = blocks_break and (tag in _BLOCK_TAGS or tag in _HEADINGS or tag == "table")
        if event == "start":
            if tag == "br":
                parts.append(_BR)
                walk.skip()
                continue
            if brk:
                parts.append(_BR)
            if node.text:
                parts.append(node.text)
            continue
        if brk and tag != "br":
            parts.append(_BR)
        if node.tail:
            parts.append(node.tail)


def _finish(parts: list[str]) -> str:
    """Collapse whitespace as a browser would, keeping breaks as "\\n"."""
    text = "".join(parts)
    if _BR not in text and _SPACE.search(text) is None:
        return text  # one line without spaces, as most cells are
    if "\n" in text:
        text = _SOURCE_BREAK.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split(_BR))
    return "\n".join(line for line in lines if line)


_PICTURE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"))
_PICTURE_FILE_BYTES = 20_000_000  # a screenshot of a table is well under a megabyte
_PAGE_SUFFIXES = frozenset((".html", ".htm", ".shtml", ".xhtml"))
_SCHEME = patterns.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_DATA_URI = patterns.compile(r"^data:image/[\w.+-]+(?:;[\w=.-]+)*;base64,", re.IGNORECASE)


class _PictureSource:
    """The pictures of a page, by their <img> elements: the bytes of a data: address, of
    the archive's part the address names (a page read from a web archive), or of a file
    the address names inside the page's own folder (a page saved with its pictures:
    报告_files/image001.png). Nothing is fetched from the network and nothing outside
    that folder is opened; pictures not saved with the page are counted and said."""

    def __init__(
        self,
        path: Path,
        pictures: Pictures,
        resources: Callable[[str], bytes | None] | None = None,
    ) -> None:
        # (a page read out of an archive has its pictures there, not beside the file)
        self.folder = path.resolve().parent if path.name and resources is None else None
        self.resources = resources
        self.pictures = pictures
        self.count = 0
        self.missing = 0

    def read(self, img: etree._Element) -> list[Block]:
        src = (img.get("src") or img.get("data-src") or img.get("data-original") or "").strip()
        if not src:
            return []
        self.count += 1
        width = _css_width(img)
        data = self._bytes(src)
        if data is None:
            height = _css_width(img, "height")
            small = (width or 1e9) < MIN_SIDE * 0.75 or (height or 1e9) < MIN_SIDE * 0.75
            if not src.lower().startswith("data:") and not small:
                self.missing += 1
            return []
        return self.pictures.blocks(data, f"第{self.count}张图片", width)

    def _bytes(self, src: str) -> bytes | None:
        data_uri = _DATA_URI.match(src)
        if data_uri:
            try:
                return base64.b64decode(re.sub(r"\s+", "", src[data_uri.end() :]))
            except (binascii.Error, ValueError):
                return None
        if self.resources is not None:
            found = self.resources(src)
            return found if found is not None and len(found) <= _PICTURE_FILE_BYTES else None
        return self._beside(src, _PICTURE_SUFFIXES, _PICTURE_FILE_BYTES)

    def page(self, src: str) -> bytes | None:
        """The bytes of the page a frame's src names: in the archive, or a page file
        saved beside the page (a browser's 网页，全部 saves a frame's page in the page's
        folder, 页面_files/saved_resource.html); `ReadError` saying why when it names a
        file outside that folder, which is not opened."""
        if self.resources is not None:
            return self.resources(src)
        file = self._named(src)
        if file is not None and self.folder is not None and not file.is_relative_to(self.folder):
            raise ReadError("指向网页所在文件夹以外的文件")
        return self._beside(src, _PAGE_SUFFIXES, limits.HTML_CHARS.value * 4)

    def sheet(self, href: str) -> bytes | None:
        """The bytes of the style sheet a <link> names: in the archive, or a file saved
        in the page's folder."""
        if self.resources is not None:
            found = self.resources(href)
            return found if found is not None and len(found) <= _SHEET_BYTES else None
        return self._beside(href, frozenset((".css",)), _SHEET_BYTES)

    def _named(self, src: str) -> Path | None:
        """The file `src` names, taken from the page's folder; None for an address
        elsewhere (on the web, or from the site's root)."""
        if _SCHEME.match(src) or self.folder is None:
            return None
        name = unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        if not name or name.startswith("/"):
            return None
        try:
            return (self.folder / name).resolve()
        except (OSError, ValueError):
            return None

    def _beside(self, src: str, suffixes: frozenset[str], most: int) -> bytes | None:
        """The bytes of the file `src` names inside the page's folder, when its name
        ends in one of `suffixes` and it holds at most `most` bytes."""
        file = self._named(src)
        if file is None or self.folder is None:
            return None
        try:
            if (
                file.suffix.lower() not in suffixes
                or not file.is_relative_to(self.folder)
                or not file.is_file()
                or file.stat().st_size > most
            ):
                return None
            return file.read_bytes()
        except (OSError, ValueError):
            return None

    def finish(self, problems: list[str]) -> None:
        self.pictures.finish()
        problems += self.pictures.problems
        if self.missing:
            problems.append(
                f"正文中有 {self.missing} 张图片未随网页保存，"
                "图片中若有表格或文字，未能读取（请连同图片一起保存网页）"
            )


def _size_set(img: etree._Element, what: str) -> tuple[float, str] | None:
    """An <img>'s width (or height) as the page sets it: the number and its unit ("px",
    or "" for a style's bare number); None when the page leaves it to the picture."""
    value = (img.get(what) or "").strip().lower()
    if value:
        try:
            return float(value.removesuffix("px")), "px"
        except ValueError:
            return None
    # (a length in px, or a bare number: CSS's unitless 0)
    m = re.search(
        rf"(?:^|;)\s*{what}\s*:\s*([\d.]+)\s*(px|(?=\s*(?:;|!|$)))", img.get("style") or "", re.I
    )
    if m is None:
        return None
    try:
        return float(m.group(1)), (m.group(2) or "").lower()
    except ValueError:
        return None


def _set_to_nothing(img: etree._Element, what: str) -> bool:
    """Whether an <img>'s width (or height) is set to 0 by its attribute or style."""
    found = _size_set(img, what)
    return found is not None and found[0] == 0


def _css_width(img: etree._Element, what: str = "width") -> float | None:
    """An <img>'s width (or height) as the page sets it, in points (a CSS pixel is 0.75
    pt); None when the page leaves it to the picture."""
    found = _size_set(img, what)
    if found is None or found[1] != "px":
        return None
    px = found[0]
    return px * 0.75 if 0 < px < 100_000 else None


class _Flow:
    """Walks content in document order, gathering inline text into paragraphs."""

    def __init__(
        self,
        line_offset: int = 0,
        pictures: Callable[[etree._Element], list[Block]] | None = None,
        rows: dict[etree._Element, list[list[etree._Element]]] | None = None,
    ) -> None:
        """`rows`: the rows of tables, found already (`_rows_of`) in the page as it
        stands."""
        self.pictures = pictures
        self.rows = rows if rows is not None else {}
        self.blocks: list[Block] = []
        self.problems: list[str] = []
        self.parts: list[str] = []
        self.line: int | None = None
        self.offset = line_offset

    def _where(self, el: etree._Element) -> Where:
        line = getattr(el, "sourceline", None)
        return Where(line=line + self.offset if line else None)

    def _text(self, text: str | None, el: etree._Element) -> None:
        if text:
            self.parts.append(text)
            if self.line is None and text.strip():
                self.line = getattr(el, "sourceline", None)

    def flush(self) -> None:
        text = _finish(self.parts)
        if text:
            line = self.line + self.offset if self.line else None
            self.blocks.append(Block(kind="paragraph", text=text, where=Where(line=line)))
        self.parts = []
        self.line = None

    def walk(self, el: etree._Element) -> None:
        """Read an element's content (its text and children, with their tails)."""
        self._run(el, whole=False)

    def visit(self, ch: etree._Element) -> None:
        """Read one element (not its tail) as a heading, table or flow."""
        self._run(ch, whole=True)

    def _run(self, root: etree._Element, whole: bool) -> None:
        walk = _Walk(root)
        for event, node in walk:
            if node is root and not whole:
                if event == "start":
                    self._text(node.text, node)
                continue
            if not isinstance(node.tag, str):
                if event == "end":
                    self._text(node.tail, node.getparent())
                continue
            tag = node.tag.lower()
            if event == "start":
                if self._atomic(node, tag):
                    walk.skip()
                elif tag in _BLOCK_TAGS:
                    self.flush()
                    self._text(node.text, node)
                else:
                    self._text(node.text, node)
                continue
            if tag in _BLOCK_TAGS and not self._is_atomic_tag(node, tag):
                self.flush()
            if node is not root:
                self._text(node.tail, node.getparent())

    @staticmethod
    def _is_atomic_tag(el: etree._Element, tag: str) -> bool:
        return (
            tag in ("br", "table")
            or tag in _HEADINGS
            or (tag == "pre" and next(el.iter("table"), None) is None)
        )

    def _atomic(self, ch: etree._Element, tag: str) -> bool:
        """Read elements that are read whole (a break, heading, table, preformatted
        text); False for elements whose children make up the flow."""
        if tag == "br":
            self.parts.append(_BR)
        elif tag in _HEADINGS:
            self.flush()
            parts: list[str] = []
            _inline(ch, parts, blocks_break=True)
            text = _finish(parts)
            if text:
                self.blocks.append(
                    Block(kind="heading", text=text, level=_HEADINGS[tag], where=self._where(ch))
                )
        elif tag == "table":
            self.flush()
            self._table(ch)
        elif tag == "pre" and next(ch.iter("table"), None) is None:
            self.flush()
            self._pre(ch)
        elif tag == "img":
            # an icon inside a sentence must not cut it in two: only a picture that
            # holds something ends the paragraph before it
            found = self.pictures(ch) if self.pictures is not None else []
            if found:
                self.flush()
                for b in found:
                    b.where = self._where(ch)
                self.blocks += found
        else:
            return False
        return True

    def _pre(self, pre: etree._Element) -> None:
        """Preformatted text keeps its lines: some sites paste a plain-text report into
        one <pre>. Each run of non-blank lines becomes a paragraph."""
        start = getattr(pre, "sourceline", None)
        run: list[str] = []
        first = 0
        lines = _text_content(pre).split("\n")
        for k, raw in enumerate([*lines, ""]):
            line = re.sub(r"\s+", " ", raw).strip()
            if line:
                first = first if run else k
                run.append(line)
            elif run:
                where = Where(line=start + first + self.offset if start else None)
                self.blocks.append(Block(kind="paragraph", text="\n".join(run), where=where))
                run = []

    def _table(self, table: etree._Element) -> None:
        for cap in table:
            if isinstance(cap.tag, str) and cap.tag.lower() == "caption":
                self.walk(cap)
                self.flush()
        found = self.rows.get(table)
        if found is None:
            found = _rows_of(table)
        if _is_container(table, found):
            for td in [td for row in found for td in row]:
                self.walk(td)
                self.flush()
            return
        spanned: list[etree._Element] = []
        rows = table_rows(table, self.offset, found, spanned)
        for td in spanned:  # (only a cell that prints a span can print one past the bound)
            for attr, what in (("colspan", "列"), ("rowspan", "行")):
                value = td.get(attr)
                if value is None:
                    continue
                n = limits.strict_int(value, 1) or 1
                if n > limits.SPAN.value:
                    self.problems.append(limits.SPAN.say(what=what, n=n))
        if any(rows):
            self.blocks.append(Block(kind="table", rows=rows, where=self._where(table)))
