"""Web archives: a page and its pictures in one MIME message (`.mht`, `.mhtml`), as
Word ("单个文件网页"), Internet Explorer and Chrome save them, and as the HTML that
web-to-Word exporters embed in a DOCX (`ogi.readers.docx`, altChunk).

The page is the archive's first HTML part, read as any web page; the other parts are
its resources, by the address the page names them with (Content-Location, or cid: and
the Content-ID), so that the pictures of tables in it are read as a saved page's are,
and the pages its frames show (saved by Chrome as parts of their own) in their place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from ogi.blocks import ReadError
from ogi.readers.encoding import decode

if TYPE_CHECKING:
    from email.message import Message

MAX_PARTS = 2000  # an archive of more parts is not a saved page


@dataclass
class WebArchive:
    html: str
    location: str  # the page's own address in the archive ("" when it gives none)
    parts: dict[str, bytes] = field(default_factory=dict)  # resources by address

    def resource(self, src: str) -> bytes | None:
        """The bytes of the resource a page names `src`: by its address taken against
        the page's, as given, or as cid:; else by its file name alone when one part only
        has that name (Word names the folder by the page's name, which a copy changes)."""
        for key in (urljoin(self.location, src), src, unquote(src)):
            if key in self.parts:
                return self.parts[key]
        name = unquote(src).replace("\\", "/").rsplit("/", 1)[-1]
        found = [v for k, v in self.parts.items() if unquote(k).rsplit("/", 1)[-1] == name]
        return found[0] if name and len(found) == 1 else None


def looks_like_mht(head: bytes) -> bool:
    """Whether a file's first bytes are the headers of a MIME message of related parts."""
    low = head[:4096].lower()
    at = low.find(b"mime-version:")
    # the headers come before the page's markup (a page may speak of MIME in its text)
    markup = [k for k in map(low.find, (b"<html", b"<!doctype", b"<body")) if k >= 0]
    return (
        at >= 0
        and (not markup or at < min(markup))
        and b"multipart/" in low
        and b"content-type:" in low
    )


def read_archive(data: bytes, name: str = "") -> WebArchive:
    """The page and resources of a web archive, or `ReadError` with the reason."""
    from email import message_from_bytes, policy  # (only a web archive needs it)

    msg = message_from_bytes(data, policy=policy.compat32)
    if not msg.is_multipart():
        raise ReadError("网页存档（.mht）中没有网页内容")
    page: Message | None = None
    resources: list[Message] = []
    for k, part in enumerate(msg.walk()):
        if k > MAX_PARTS:
            raise ReadError(f"网页存档（.mht）的部分超过 {MAX_PARTS} 个，不像一个保存的网页")
        if part.is_multipart():
            continue
        if page is None and part.get_content_type() in ("text/html", "application/xhtml+xml"):
            page = part
        else:
            resources.append(part)
    if page is None:
        raise ReadError("网页存档（.mht）中没有网页内容")
    html = _text(page, name)
    archive = WebArchive(html, _location(page))
    for part in resources:
        body = part.get_payload(decode=True)
        if not isinstance(body, bytes):
            continue
        where = _location(part)
        if where:
            archive.parts[urljoin(archive.location, where)] = body
        cid = (part.get("Content-ID") or "").strip().strip("<>")
        if cid:
            archive.parts[f"cid:{cid}"] = body
    return archive


def _location(part: Message) -> str:
    return (part.get("Content-Location") or "").strip()


def _text(part: Message, name: str) -> str:
    """A text part decoded by its charset, or as `decode` takes any text when it names
    none or one Python does not know."""
    body = part.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise ReadError("网页存档（.mht）中的网页内容为空")
    charset = part.get_content_charset()
    if charset:
        try:
            # (GB2312 pages hold GBK characters: read them as the superset)
            wide = {"gb2312": "gb18030", "gbk": "gb18030"}.get(charset.lower(), charset)
            return body.decode(wide)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body, name)
