"""What a page's own style sheets hide or mark: the rules of its <style> elements that
set `display`, `visibility`, `opacity`, `filter: opacity(0)` or `content-visibility`
(hidden text), `text-decoration` (struck-out text), `vertical-align` (raised text),
`font-size` (text printed at size 0, or too small to read), `position`, `text-indent`,
offsets and negative margins (text moved out of its place), `letter-spacing` below
nothing (letters drawn over each other), `float` (text drawn at a side of its table
cell), `transform`, `clip-path` and masks (text drawn changed or cut), `overflow` with
a `width` or `height` of nothing (text folded away in a box of no room), colours of
text and of what it stands on (white or clear text, grey on grey: matched on tables
only), or `unicode-bidi` and `direction` (text printed right to left whatever it is),
the `content` a ::before or ::after adds (text a browser prints beside the
element's), and what a ::first-letter or ::first-line sets, matched against the page's
elements and weighed as a browser weighs them (!important, then specificity, then the
later rule; the element's own style attribute over rules that are not !important).

Selectors are parsed by cssselect and matched here, right to left as browsers do, so
that the work can be counted: type, #id, .class and [attribute] selectors, the four
combinators (descendant, >, +, ~) and :not() of those (td.x, #t .v, table tr.x,
span[class=x], lists a, .b), classes and ids regardless of case on a page a browser
shows in quirks mode. Selectors with anything else (:hover, :nth-child) and selectors
cssselect cannot parse are passed over; where such a selector adds text, that is said.

Only rules that hold on the page as shown count: top-level ones, and those in
`@media all` or `@media screen` without conditions. A rule inside `@media print` hides
on paper, one inside `@media screen and (max-width: …)` on some screens only, one
inside `@supports` where the browser supports something: their text is read. So is a
<style media="print"> element's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from cssselect import SelectorError, parse
from cssselect.parser import (
    Attrib,
    Class,
    CombinedSelector,
    Element,
    Hash,
    Negation,
    Selector,
    Tree,
)
from lxml import etree

from ogi import limits, patterns
from ogi.blocks import NEAR_WHITE
from ogi.memo import short_memo

_COMMENT = patterns.compile(r"/\*.*?\*/", re.S)
# `<!--` and `-->` around a style sheet (old templates hid it from pre-CSS browsers so):
# CSS ignores them, and they must not join the selector of the rule next to them.
_CDO_CDC = patterns.compile(r"<!--|-->")
_IMPORTANT = patterns.compile(r"!\s*important\s*$")
_SPACES = patterns.compile(r"\s+")
_MEDIA = patterns.compile(r"@media\s+([^{]*)$", re.I)
_OFFSETS = ("left", "right", "top", "bottom")
_PROPERTIES = (
    *("display", "visibility", "text-decoration-line", "vertical-align", "font-size"),
    *("opacity", "position", "text-indent", "unicode-bidi", "direction", "transform"),
    *("clip-path", "float"),
    # (a box of no width or height that cuts off what overflows it shows nothing)
    *("overflow", "overflow-x", "overflow-y", "width", "height", "max-width", "max-height"),
    # colours of text white or clear, and of what it stands on (`_acts`)
    *("color", "-webkit-text-fill-color", "background-color", "background"),
    # text moved from its place: by an offset from where it stands (position:relative),
    # a margin or spacing below nothing; text unseen through a filter or a mask
    *_OFFSETS,
    *("margin", "margin-left", "margin-right", "margin-top", "margin-bottom"),
    *("letter-spacing", "filter", "content-visibility"),
    *("mask", "mask-image", "-webkit-mask", "-webkit-mask-image"),
    "content",  # (of a ::before or ::after only: `page_rules`)
)
_KNOWN = frozenset(_PROPERTIES)  # (looked up once for each declaration of each rule)
# (the shorthand sets the line too: text-decoration: line-through red)
_ALIASES = {"text-decoration": "text-decoration-line"}
# A number as CSS writes it (12, 1.5, .5), each string read one way only: `\d*\.?\d+`
# reads a run of digits many ways, and a regular expression tries them all before it
# fails, so that a value of 20,000 digits held a page for seconds (hours at a million).
_DECIMAL = r"(?:\d+(?:\.\d+)?|\.\d+)"
# a font size of zero in any unit (0, 0px, .0em, 0%)
_ZERO_SIZE = patterns.compile(r"[+-]?(?:0+(?:\.0*)?|\.0+)(?:[a-z]+|%)?")
# media a rule holds on for the page as shown (in a list of them: screen, print)
_SHOWN_MEDIA = frozenset(("all", "screen", "only screen"))

Declarations = dict[str, tuple[str, bool]]  # property → (value, !important)
# (importance, specificity, order): the larger wins (`Rules.value`)
Weight = tuple[bool, tuple[int, int, int], int]
Test = Callable[[etree._Element], bool]
# What the rightmost compound of a selector needs an element to have, to look up the
# selectors worth trying on an element: ("id", x), ("class", x), ("tag", x) or ("*",)
Key = tuple[str, ...]
Chain = list[tuple[list[Test], str]]


# the parts of an element's text a rule may style apart from the rest
FIRST = ("first-letter", "first-line")


def declarations(style: str) -> Declarations:
    """The declarations of `_PROPERTIES` in a style attribute or rule body: property →
    (value in lower case, whether !important; `content` as written, for the text it
    holds); the last one of each counts."""
    out: Declarations = {}
    for decl in style.split(";"):
        name, colon, value = decl.partition(":")
        name = name.strip().lower()
        name = _ALIASES.get(name, name)
        if colon and name == "font":  # (the shorthand sets the size: font: 0/0 a)
            name, value = "font-size", _font_size(value) or ""
        if not colon or name not in _KNOWN:
            continue
        # (spaces of any kind made one, as _SPACES does: split() knows the same spaces)
        value = value.strip() if name == "content" else " ".join(value.lower().split())
        important = _IMPORTANT.search(value.lower()) is not None
        if important:  # (else there is nothing to take off, and no space around)
            value = _IMPORTANT.sub("", value).strip()
        if value:
            out[name] = (value, important)
    return out


# a length or percentage, and a line height after it (12px/1.5); a bare number is a
# weight (700), but for 0
_FONT_SIZE = patterns.compile(rf"(0|[+-]?{_DECIMAL}(?:[a-z]+|%))(?:/\S*)?", re.IGNORECASE)


def _font_size(shorthand: str) -> str | None:
    """The size the `font` shorthand gives (12px in `bold 12px/1.5 宋体`)."""
    for word in shorthand.split():
        if m := _FONT_SIZE.fullmatch(word):
            return m.group(1)
    return None


# how long a style attribute is kept for asking again (Word's run a few hundred
# characters; a hostile page's long ones would fill memory)
KEPT_STYLE = 1000


@short_memo(KEPT_STYLE, maxsize=4096)
def _inline_declarations(style: str) -> Declarations:
    """`declarations` of a style attribute, parsed once for each text: a page Word saved
    repeats the same few styles on thousands of elements, each asked for many values.
    (Only read, never changed, by `Rules.value`.)"""
    return declarations(style)


# positions that take an element out of its line, to be drawn elsewhere (or off-screen)
_OUT_OF_LINE = frozenset(("absolute", "fixed"))
# bidi values that print an element's characters in its direction whatever they are
_OVERRIDE = frozenset(("bidi-override", "isolate-override"))


# an opacity at or below which text is not seen (5 %: a digit at it is a faint smudge)
UNSEEN_ALPHA = 0.05


def alpha(value: str) -> float | None:
    """An opacity or a colour's alpha as a fraction: 0.5, or 50%."""
    value = value.strip()
    try:
        return float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        return None


def transparent(value: str | None) -> bool:
    """Whether an opacity value is at or below `UNSEEN_ALPHA` (the element and all in
    it unseen)."""
    seen = alpha(value) if value is not None else None
    return seen is not None and seen <= UNSEEN_ALPHA


def out_of_line(value: str | None) -> bool:
    """Whether a position value takes an element out of the line it stands in."""
    return value in _OUT_OF_LINE


# one function of a transform and what it holds (its name from where a run of letters
# starts, not from each letter of it)
_FUNCTION = patterns.compile(r"(?<![a-z0-9])([a-z0-9]+)\(([^()]*)\)")
# a length or angle of nothing, or of a pixel or two (editors nudge by 1px)
_NOTHING = patterns.compile(r"[+-]?(?:0+(?:\.0+)?|\.0+)(?:deg|rad|grad|turn|px|%|em|rem)?")
_NUDGE = patterns.compile(r"[+-]?(?:[0-2](?:\.\d+)?|\.\d+)px")


def unchanged(value: str) -> bool:
    """Whether a transform draws its element where and as it stands: turned, skewed or
    moved by nothing (a pixel or two at most) and scaled by 1, as Xiumi's and 135's
    editors wrap text (transform: rotate(0deg), translate3d(1px, 0px, 0px))."""
    value = value.strip().lower()
    found = _FUNCTION.findall(value)
    if not found or _FUNCTION.sub("", value).strip():
        return value == "none"
    for name, held in found:
        args = [a for a in re.split(r"[\s,]+", held.strip()) if a]
        if name.startswith(("rotate", "skew")):
            # (rotate3d(x, y, z, a): the axis is no matter when the angle is nothing)
            if not args or not _NOTHING.fullmatch(args[-1]):
                return False
            if name != "rotate3d" and not all(_NOTHING.fullmatch(a) for a in args):
                return False
        elif name.startswith("translate"):
            if not args or not all(_NOTHING.fullmatch(a) or _NUDGE.fullmatch(a) for a in args):
                return False
        elif name.startswith("scale"):
            if not args or any(a not in ("1", "1.0", "100%") for a in args):
                return False
        else:
            return False
    return True


# floats that draw an element at a side of its line, apart from the text beside it
_FLOATS = frozenset(("left", "right", "inline-start", "inline-end"))


def floated(value: str | None) -> bool:
    """Whether a float value draws its element at a side, apart from the text beside it."""
    return value in _FLOATS


def overriding(value: str | None) -> bool:
    """Whether a unicode-bidi value prints characters in the element's direction."""
    return value in _OVERRIDE


_STRING = patterns.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*""", re.S)
_ESCAPE = patterns.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)


def generated_text(value: str) -> str | None:
    """The text a `content` value prints: its strings, escapes read ("" for none or
    normal); None when it holds anything else (a counter, an attribute's value, a
    picture), whose text cannot be told here."""
    if value.strip().lower() in ("none", "normal"):
        return ""
    out: list[str] = []
    at = 0
    while at < len(value):
        m = _STRING.match(value, at)
        if m is None or m.end() == at:
            return None
        raw = m.group(1) if m.group(1) is not None else m.group(2)
        out.append(_ESCAPE.sub(_unescape, raw))
        at = m.end()
    return "".join(out)


def _unescape(m: re.Match[str]) -> str:
    if m.group(2) is not None:
        return "" if m.group(2) == "\n" else m.group(2)  # (an escaped newline: nothing)
    point = int(m.group(1), 16)
    return chr(point) if 0 < point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF else "\ufffd"


def zero_size(value: str | None) -> bool:
    """Whether a length is zero: a font size (the text takes no room: not printed), a
    width or a height."""
    return value is not None and _ZERO_SIZE.fullmatch(value) is not None


# what keeps the content of a box within it: cut off (hidden, clip) or scrolled to
_CUT = frozenset(("hidden", "clip", "auto", "scroll", "overlay"))
_DIMENSIONS = frozenset(("width", "height", "max-width", "max-height"))


def cut(overflow: str | None, across: str | None, down: str | None) -> tuple[bool, bool]:
    """Whether what overflows a box is kept within it across (x) and down (y), by
    `overflow` (hidden, or hidden visible: across only) and `overflow-x`/`-y`: a box
    that cuts off or scrolls one way does both unless it clips (CSS Overflow 3)."""
    words = (overflow or "").split()
    x = across or (words[0] if words else "visible")
    y = down or (words[-1] if words else "visible")
    if x == "visible" and y not in ("visible", "clip"):
        x = "auto"
    if y == "visible" and x not in ("visible", "clip"):
        y = "auto"
    return x in _CUT, y in _CUT


_LIGHT_HEX = patterns.compile(
    r"#([0-9a-f])([0-9a-f])([0-9a-f])|#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})"
)
_RGBA_ALPHA = patterns.compile(r"rgba\([^)]*[,/]\s*([\d.]+%?)\s*\)")
_RGB_CHANNELS = patterns.compile(r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)")


_COLORED = patterns.compile(r"#[0-9a-f]{3}\b|#[0-9a-f]{6}\b|rgba?\(")
_COLORED_VALUE = patterns.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|rgba?\([^)]*\)")


def channels(value: str) -> tuple[float, float, float] | None:
    """The red, green and blue of a colour written #rgb, #rrggbb or rgb(…)."""
    value = value.strip()
    if m := _LIGHT_HEX.fullmatch(value):
        digits = [d * 2 for d in m.group(1, 2, 3)] if m.group(1) else list(m.group(4, 5, 6))
        return int(digits[0], 16), int(digits[1], 16), int(digits[2], 16)
    if m := _RGB_CHANNELS.match(value):
        return float(m.group(1)), float(m.group(2)), float(m.group(3))
    return None


def light(value: str) -> bool:
    """Whether a colour of text is white or nearly (each channel NEAR_WHITE or more), or
    clear: text in it does not show on a white page."""
    value = value.strip()
    if value in ("white", "transparent"):
        return True
    if (m := _RGBA_ALPHA.fullmatch(value)) and (seen := alpha(m.group(1))) is not None:
        return seen <= UNSEEN_ALPHA
    rgb = channels(value)
    return rgb is not None and all(c >= NEAR_WHITE for c in rgb)


# the fills a page's tables and their parts are given by attribute or style (each
# attribute looked for apart: a step that tests each element's type and then the
# names of all its attributes costs ten times as much on a page of a few hundred cells)
_IN_TABLE = "[parent::table or parent::thead or parent::tbody or parent::tfoot"
_IN_TABLE += " or parent::tr or parent::td or parent::th]"
_BGCOLORS = etree.XPath(f"//@bgcolor{_IN_TABLE}")
_STYLES = etree.XPath(f"//@style{_IN_TABLE}")
_FILL_PROP = "-webkit-text-fill-color"
_FILLED = patterns.compile(r"background(?:-color)?\s*:\s*([^;!]*)", re.IGNORECASE)


def _grounds(root: etree._Element, found: list[tuple[str, Declarations]]) -> set[tuple]:
    """The colours a page fills tables or their parts with, by its rules or attributes:
    text in one of them may stand on it unseen."""
    values = [d[0] for _, decls in found for p, d in decls.items() if p.startswith("background")]
    values += [str(attr) for attr in _BGCOLORS(root)]
    for attr in _STYLES(root):
        values += _FILLED.findall(str(attr))
    out = set()
    for value in values:
        for word in _COLORED_VALUE.findall(value.lower()):
            if (rgb := channels(word)) is not None:
                out.add(rgb)
    return out


# a font size and its unit, and how many pixels the unit is (em, rem and % of a 16px
# font, as a browser's default is)
_SIZE = patterns.compile(rf"\+?({_DECIMAL})(px|pt|em|rem|%|mm|cm|in|pc)")
_PIXELS = {"px": 1, "pt": 4 / 3, "em": 16, "rem": 16, "%": 0.16, "mm": 3.78, "cm": 37.8}
_PIXELS |= {"in": 96, "pc": 16}
_LEAST_LEGIBLE = 3  # pixels: text smaller than this shows as a dot or a line


def tiny_size(value: str | None) -> bool:
    """Whether a size is above zero but too small to read text at or through: a font
    size (font-size:1px), a box's width or height."""
    m = _SIZE.fullmatch(value or "")
    return m is not None and 0 < float(m.group(1)) * _PIXELS[m.group(2)] < _LEAST_LEGIBLE


_LENGTH = patterns.compile(rf"([+-]?{_DECIMAL})(px|pt|em|rem|%|mm|cm|in|pc)?")
_NUDGE_PX = 2  # an editor's nudge of a pixel or two moves no text apart


def pixels(length: str) -> float:
    """How far a length (10px, -2em, 5.4pt) reaches, in pixels, either way."""
    m = _LENGTH.fullmatch(length)
    return abs(float(m.group(1)) * _PIXELS.get(m.group(2) or "px", 1)) if m else 0.0


def far(value: str | None, pulled: bool = False) -> str | None:
    """The first length of a value (of an offset, a margin) that moves text more than a
    nudge; with `pulled`, only one below nothing (margin-left:-9999px)."""
    for word in (value or "").split():
        if pulled and not word.startswith("-"):
            continue  # (margin: 0 auto, as most are: nothing to measure)
        if _LENGTH.fullmatch(word) and pixels(word) > _NUDGE_PX:
            return word
    return None


# how far text may stand from its place and still be seen where it stands (pixels)
IN_SIGHT = 100


def far_indent(value: str) -> bool:
    """Whether a text indent pushes the first line out of sight to the right (9999px;
    100% of the box, as text is hidden behind a picture), not as paragraphs indent
    (2em)."""
    if value.endswith("%"):
        return (alpha(value) or 0) >= 0.5
    return _LENGTH.fullmatch(value) is not None and pixels(value) > IN_SIGHT


_MARGINS = frozenset(("margin", "margin-left", "margin-right", "margin-top", "margin-bottom"))
_MASKS = frozenset(("mask", "mask-image", "-webkit-mask", "-webkit-mask-image"))
# positions that draw an element moved by its offsets from where it stands
_MOVED = frozenset(("relative", "sticky"))


_SEE_THROUGH = patterns.compile(r"opacity\(\s*(?:0+\.?0*|\.0+)%?\s*\)")


def see_through(filter_value: str | None) -> bool:
    """Whether a filter draws its element fully transparent (filter: opacity(0))."""
    return _SEE_THROUGH.search(filter_value or "") is not None


def _acts(prop: str, value: str) -> bool:
    """Whether a declaration changes what is read: hides, strikes out, raises, or
    (visibility) may show again what an ancestor hides."""
    if prop == "display":
        return value == "none"
    if prop == "text-decoration-line":
        return "line-through" in value.split()
    if prop == "vertical-align":
        return value in ("super", "sub")
    if prop == "font-size":
        return zero_size(value) or tiny_size(value)
    if prop == "opacity":
        return transparent(value)
    if prop == "position":
        return value in _OUT_OF_LINE
    if prop == "text-indent":
        return value.startswith("-") or far_indent(value)
    if prop == "transform":
        return not unchanged(value)
    if prop == "clip-path":
        return value != "none"
    if prop == "float":
        return floated(value)
    if prop == "unicode-bidi":
        return value in _OVERRIDE
    if prop == "direction":
        return value == "rtl"
    if prop.startswith("overflow"):
        return any(w in _CUT for w in value.split())
    if prop in _DIMENSIONS:
        return zero_size(value) or tiny_size(value)
    if prop in ("color", "-webkit-text-fill-color"):
        return light(value)
    if prop.startswith("background"):
        return _COLORED.search(value) is not None
    if prop in _OFFSETS:
        return far(value) is not None
    if prop in _MARGINS or prop == "letter-spacing":
        return far(value, pulled=True) is not None
    if prop == "filter":
        return see_through(value)
    if prop == "content-visibility":
        return value == "hidden"
    if prop in _MASKS:
        return value != "none"
    if prop == "content":  # text with a digit, or what cannot be told here
        text = generated_text(value)
        return text is None or any("0" <= c <= "9" for c in text)
    return True


@dataclass
class Rules:
    """The page's rules that set display or visibility, matched against its elements:
    for each element any of them selects, its rules' values with their weights."""

    matched: dict[etree._Element, dict[str, list[tuple[Weight, str]]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def value(self, el: etree._Element, prop: str, inline: str | None) -> str | None:
        """The value of `prop` (one of `_PROPERTIES`) that holds for `el`: the heaviest
        rule's, or its own style attribute's (`inline`) over rules not !important."""
        own = _inline_declarations(inline).get(prop) if inline else None
        found = self.matched.get(el, {}).get(prop)
        best = max(found) if found else None
        if own is not None and (best is None or own[1] or not best[0][0]):
            return own[0]
        return best[1] if best else None


# ---------------------------------------------------------------------------------------
# Style sheets
# ---------------------------------------------------------------------------------------
def _shown(media: str) -> bool:
    """Whether a media query list holds for the page as shown on a screen without
    conditions (all, screen); `screen and (max-width: …)` does not."""
    return any(_SPACES.sub(" ", m.strip()) in _SHOWN_MEDIA for m in media.lower().split(","))


_BRACES = patterns.compile(r"[{}]")


def _rules(css: str, out: list[tuple[str, Declarations]], nested: int = 0) -> bool:
    """The rules of a style sheet that set any of `_PROPERTIES`, as (selectors,
    declarations), in order: top-level rules and those of `@media` blocks that hold on
    screen (`_shown`); other at-rules are passed over with all they hold. `nested`: the
    @media blocks around `css`; those past `limits.CSS_MEDIA_DEPTH` are passed over too,
    and False is returned."""
    whole = True
    depth, start, opened = 0, 0, 0
    head = ""
    for brace in _BRACES.finditer(css):  # (the braces only: a rule's text is long)
        i, c = brace.start(), brace.group()
        if c == "{":
            if depth == 0:
                # (after the last ; before it: @import …; @charset …;)
                before = css[start:i]
                head, opened = before[before.rfind(";") + 1 :].strip(), i + 1
            depth += 1
        elif c == "}":
            if depth == 0:
                start = i + 1  # a stray brace
                continue
            depth -= 1
            if depth == 0:
                body = css[opened:i]
                if head.startswith("@"):
                    m = _MEDIA.match(head)
                    if m and _shown(m.group(1)):
                        if nested >= limits.CSS_MEDIA_DEPTH.value:
                            whole = False
                        else:
                            whole = _rules(body, out, nested + 1) and whole
                elif head and (decls := declarations(body)):
                    out.append((head, decls))
                start = i + 1
    return whole


# ---------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------
class _Unsupported(Exception):
    """A selector with a part not matched here (a pseudo-class, a namespace)."""


def _words(value: str | None) -> list[str]:
    return value.split() if value else []


def _attribute(node: Attrib) -> Test:
    if node.namespace is not None:
        raise _Unsupported
    name = node.attrib.lower()
    op = node.operator
    if op == "exists":
        return lambda el: el.get(name) is not None
    want = str(node.value.value) if node.value is not None else ""
    fold = node.flag == "i" if hasattr(node, "flag") else False
    if fold:
        want = want.lower()
    tests: dict[str, Callable[[str], bool]] = {
        "=": lambda v: v == want,
        "~=": lambda v: want in v.split(),
        "|=": lambda v: v == want or v.startswith(want + "-"),
        "^=": lambda v: bool(want) and v.startswith(want),
        "$=": lambda v: bool(want) and v.endswith(want),
        "*=": lambda v: bool(want) and want in v,
        "!=": lambda v: v != want,
    }
    if op not in tests:
        raise _Unsupported
    check = tests[op]

    def test(el: etree._Element) -> bool:
        v = el.get(name)
        if v is None:
            return op == "!="
        return check(v.lower() if fold else v)

    return test


def _compound(node: Tree, fold: bool) -> tuple[list[Test], Key]:
    """The tests of one compound selector (td.x#y[z]:not(.w)), every one must hold, and
    its key (`Key`: the id, else a class, else the type it needs); with `fold`, classes
    and ids are matched regardless of case (`_quirks`), the key in lower case."""
    tests: list[Test] = []
    keys: list[Key] = []
    while True:
        if isinstance(node, Element):
            if node.namespace is not None:
                raise _Unsupported
            if node.element not in (None, "*"):
                tag = node.element.lower()
                tests.append(lambda el, tag=tag: el.tag == tag)
                keys.append(("tag", tag))
            keys.append(("*",))
            return tests, min(keys, key=lambda k: ["id", "class", "tag", "*"].index(k[0]))
        if isinstance(node, Class):
            name = node.class_name.lower() if fold else node.class_name
            if fold:
                tests.append(lambda el, name=name: name in _words(el.get("class", "").lower()))
            else:
                tests.append(lambda el, name=name: name in _words(el.get("class")))
            keys.append(("class", name))
        elif isinstance(node, Hash):
            ident = node.id.lower() if fold else node.id
            if fold:
                tests.append(lambda el, ident=ident: el.get("id", "").lower() == ident)
            else:
                tests.append(lambda el, ident=ident: el.get("id") == ident)
            keys.append(("id", ident))
        elif isinstance(node, Attrib):
            tests.append(_attribute(node))
        elif isinstance(node, Negation):
            if isinstance(node.subselector, CombinedSelector):
                raise _Unsupported
            inner, _ = _compound(node.subselector, fold)
            tests.append(lambda el, inner=inner: not all(t(el) for t in inner))
        else:
            raise _Unsupported  # pseudo-classes, functions, :has(), :is() …
        node = node.selector


def _chain(selector: Selector, fold: bool) -> tuple[Chain, Key]:
    """A selector as its compounds right to left, each with the combinator that joins it
    to the next one on its left ("" for the leftmost), and its rightmost compound's key."""
    compounds: list[list[Test]] = []
    combinators: list[str] = []
    node: Tree = selector.parsed_tree
    key: Key | None = None
    while isinstance(node, CombinedSelector):
        tests, found = _compound(node.subselector, fold)
        key = key or found
        compounds.append(tests)
        combinators.append(node.combinator)
        node = node.selector
    tests, found = _compound(node, fold)
    compounds.append(tests)
    combinators.append("")
    return list(zip(compounds, combinators, strict=True)), key or found


class _Budget:
    """Steps of matching left for the page (`limits.CSS_STEPS`)."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _OutOfSteps


class _OutOfSteps(Exception):
    pass


def _preceding(el: etree._Element) -> Iterator[etree._Element]:
    return (s for s in el.itersiblings(preceding=True) if isinstance(s.tag, str))


def _matches(el: etree._Element, chain: Chain, i: int, budget: _Budget) -> bool:
    budget.spend()
    tests, combinator = chain[i]
    if not all(t(el) for t in tests):
        return False
    if i + 1 == len(chain):
        return True
    if combinator == ">":
        parent = el.getparent()
        return parent is not None and _matches(parent, chain, i + 1, budget)
    if combinator == " ":
        return any(_matches(a, chain, i + 1, budget) for a in el.iterancestors())
    if combinator == "+":
        before = next(_preceding(el), None)
        return before is not None and _matches(before, chain, i + 1, budget)
    if combinator == "~":
        return any(_matches(s, chain, i + 1, budget) for s in _preceding(el))
    return False


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------
# (lower case, spaces taken out: a cheap test that may say yes to 0.8em too)
_ZERO_SIZED = etree.XPath(
    "boolean(//@style[contains(translate(., 'FONTSIZE ', 'fontsize'), 'font-size:0')"
    " or contains(translate(., 'FONTSIZE ', 'fontsize'), 'font-size:.0')])"
)


def page_rules(root: etree._Element) -> Rules:
    """The rules of the page's <style> elements, matched against the whole page (before
    anything is dropped from it)."""
    rules = Rules()
    found: list[tuple[str, Declarations]] = []
    for style in root.iter("style"):
        media = style.get("media")
        if media and media.strip() and not _shown(media):
            continue
        if not _rules(_CDO_CDC.sub(" ", _COMMENT.sub("", style.text or "")), found):
            rules.problems.append(limits.CSS_MEDIA_DEPTH.say())
    # A property no rule makes act (`_acts`) changes nothing of what is read (display:
    # flex, text-decoration: none, vertical-align: middle): a stylesheet undoes what an
    # element's own style does only with !important, and what an ancestor hides only
    # through visibility. A font size that is not zero shows again text inside an
    # element sized 0, by a rule or by its own style.
    acting: set[str] = set()
    for _, decls in found:
        for prop, (value, important) in decls.items():
            if prop not in acting and (important or _acts(prop, value)):
                acting.add(prop)
    # A colour of text acts where it is white, or the colour of something it may stand on.
    colors = [decls for _, decls in found if "color" in decls or _FILL_PROP in decls]
    # (only a colour written as channels can be a ground's: with none, none is looked for)
    written = any(channels(d[p][0]) for d in colors for p in ("color", _FILL_PROP) if p in d)
    if written and (grounds := _grounds(root, found)):
        for decls in colors:
            for p in ("color", _FILL_PROP):
                if p in decls and channels(decls[p][0]) in grounds:
                    acting.add(p)
    if (
        "font-size" not in acting
        and any("font-size" in decls for _, decls in found)
        and _ZERO_SIZED(root)
    ):
        acting.add("font-size")
    # A box of no room (overflow:hidden;height:0) hides what it holds, when it is
    # displayed as a box: such a rule's overflow, sizes and display are kept together,
    # and no other rule's (sites' style sheets set overflow and sizes by the hundred).
    # So are a rule's offsets, with the position that moves its elements by them.
    found = [
        (selectors, kept)
        for selectors, decls in found
        if (
            kept := {
                p: d
                for p, d in decls.items()
                if (p in _FOLDING and _folds(decls))
                or (p in _MOVING and _moves(decls))
                or (p in acting and p not in _BY_RULE and (p != "content" or _acts(p, d[0])))
            }
        )
    ]
    # A float or a colour matters only for text inside a table's cell (`ogi.readers.html`),
    # and the page's rules float menus and colour them by the hundred: they are matched
    # apart, against tables (colours: with their rows, and the cells) and what is inside
    # their cells only, so that they do not crowd out the rules that hide.
    apart = {
        group: [
            (selectors, kept)
            for selectors, decls in found
            if (kept := {p: d for p, d in decls.items() if p in props})
        ]
        for group, props in (("float", {"float"}), ("color", _COLORS))
    }
    found = [
        (selectors, rest)
        for selectors, decls in found
        if (rest := {p: d for p, d in decls.items() if p != "float" and p not in _COLORS})
    ]
    if not found and not any(apart.values()):
        return rules
    fold = _quirks(root)
    if found:
        bounds = (limits.CSS_RULES, limits.CSS_STEPS)
        _apply(found, lambda tags: _of_types(root, tags), fold, rules, bounds)
    if apart["float"]:
        bounds = (limits.CSS_FLOAT_RULES, limits.CSS_FLOAT_STEPS)
        _apply(apart["float"], lambda tags: _in_cells(root, tags), fold, rules, bounds)
    if apart["color"]:
        bounds = (limits.CSS_COLOR_RULES, limits.CSS_COLOR_STEPS)
        # (tables, their parts and cells, and what is inside the cells)
        _apply(apart["color"], lambda tags: _on_tables(root, tags), fold, rules, bounds)
    return rules


# Which of the page's elements rules are matched on, given the types of element their
# selectors need (`_types`; None: any).
Elements = Callable[[frozenset[str] | None], Iterable[etree._Element]]
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


def _of_types(root: etree._Element, tags: frozenset[str] | None) -> Iterator[etree._Element]:
    """`root` and all in it, or those of the types `tags`, in the page's order."""
    return root.iter() if tags is None else root.iter(*tags)


def _on_tables(root: etree._Element, tags: frozenset[str] | None) -> Iterator[etree._Element]:
    """The page's tables, their parts and cells, and then what is inside the cells (of
    the types `tags`, when given)."""
    parts = _TABLE_PARTS if tags is None else [t for t in _TABLE_PARTS if t in tags]
    return chain(root.iter(*parts) if parts else (), _in_cells(root, tags))


# what a box of no room is told by (`_folds`)
_OVERFLOWS = ("overflow", "overflow-x", "overflow-y")
_FOLDING = frozenset((*_OVERFLOWS, *_DIMENSIONS, "display"))
# what counts only as part of a rule that folds or moves (`_folds`, `_moves`)
_BY_RULE = frozenset((*_OVERFLOWS, *_DIMENSIONS, *_OFFSETS))


def _folds(decls: Declarations) -> bool:
    """Whether a rule's declarations make a box of no room: what overflows cut off or
    scrolled, and a width or height of nothing (`ogi.readers.html._no_room`)."""
    cuts = any(_acts(p, decls[p][0]) for p in _OVERFLOWS if p in decls)
    sizes = [decls[p][0] for p in _DIMENSIONS if p in decls]
    return cuts and any(zero_size(size) or tiny_size(size) for size in sizes)


_MOVING = frozenset(("position", *_OFFSETS))


def _moves(decls: Declarations) -> bool:
    """Whether a rule's declarations move its elements from where they stand, further
    than a nudge (position:relative;left:-9999px)."""
    position = decls.get("position")
    return (
        position is not None
        and position[0] in _MOVED
        and any(far(decls[p][0]) for p in _OFFSETS if p in decls)
    )


# the cells not inside another cell (one step, in the page's order: no union of sets)
_OUTER_CELLS = etree.XPath(
    "descendant-or-self::*[self::td or self::th][not(ancestor::td or ancestor::th)]"
)


def _in_cells(root: etree._Element, tags: frozenset[str] | None = None) -> Iterator[etree._Element]:
    """What is inside a table's cell, each once, in the page's order: the descendants of
    each cell not inside another; with `tags`, those of these types only, which are the
    elements of these types with a cell above them. (The XPath union //td//* | //th//*
    said the same, but libxml2 merges the two sets in time squared: 9 s for a page of
    100,000 cells.)"""
    if tags is None:
        for cell in _OUTER_CELLS(root):
            yield from cell.iterdescendants()
    elif tags:
        for el in root.iter(*tags):
            if next(el.iterancestors("td", "th"), None) is not None:
                yield el


_COLORS = frozenset(("color", "-webkit-text-fill-color", "background-color", "background"))


def _apply(
    found: list[tuple[str, Declarations]],
    elements: Elements,
    fold: bool,
    rules: Rules,
    bounds: tuple[limits.Limit, limits.Limit],
) -> None:
    """Match rules (`found`, in order) against `elements` (of the types their selectors
    need, `_types`) into `rules`; with `fold`, classes and ids regardless of case
    (`_quirks`)."""
    # Matching is bounded twice over, so that a page cannot make it slow: by the number
    # of rules applied (a report's page has a few dozen, a site's whole style sheet
    # pasted into it some hundreds) and by the steps of matching all of them together
    # (descendant selectors on deeply nested elements backtrack). Past either bound the
    # rest is not applied, and the reading says so: the text they would hide is read.
    most_rules, most_steps = bounds
    if len(found) > most_rules.value:
        rules.problems.append(most_rules.say(n=len(found)))
        found = found[: most_rules.value]
    # selectors by the key of their rightmost compound: an element is tried only against
    # those its id, classes and type could satisfy
    by_key: dict[Key, list[tuple[Chain, Weight, Declarations]]] = {}
    unknown: list[str] = []  # a rule adding text whose selector is not matched here
    for order, (selectors, decls) in enumerate(found):
        try:
            parsed = parse(selectors)
        except SelectorError:
            continue
        for selector in parsed:
            # ::before and ::after print their content beside the element's text: the
            # element holds their content and display as "after:content" …
            pseudo = selector.pseudo_element
            if pseudo is None:
                own = {p: d for p, d in decls.items() if p != "content"}
            elif pseudo in ("before", "after") and "content" in decls:
                own = {f"{pseudo}:{p}": decls[p] for p in ("content", "display") if p in decls}
            elif pseudo in FIRST:
                # (the first letter or line of the element's text, styled apart)
                own = {f"{pseudo}:{p}": d for p, d in decls.items() if p != "content"}
            else:
                continue
            if not own:
                continue
            try:
                chain, key = _chain(selector, fold)
            except _Unsupported:
                if pseudo is not None and not unknown:
                    unknown.append(selectors.strip())
                continue
            entry = (chain, (False, selector.specificity(), order), own)
            by_key.setdefault(key, []).append(entry)
    if unknown:
        rules.problems.append(
            f"网页样式表在元素前后加入了文字（{unknown[0][:40]}），"
            "无法判断加在哪些元素上，这些文字未读取"
        )
    budget = _Budget(most_steps.value)
    tags = _types(by_key)
    if tags is not None and not tags:
        return  # (no selector left to match)
    try:
        for el in elements(tags):
            if not isinstance(el.tag, str):
                continue
            for chain, weight, decls in _candidates(el, by_key, fold):
                if not _matches(el, chain, 0, budget):
                    continue
                mine = rules.matched.setdefault(el, {})
                for prop, (value, important) in decls.items():
                    mine.setdefault(prop, []).append(((important, *weight[1:]), value))
    except _OutOfSteps:
        rules.problems.append(most_steps.say())


# a type of element as lxml looks it up by name (no namespace, no wildcard)
_TYPE = patterns.compile(r"[a-z][a-z0-9_-]*")


def _types(by_key: dict[Key, list[tuple[Chain, Weight, Declarations]]]) -> frozenset[str] | None:
    """The types of element that selectors keyed by type only (`Key`: p, td.x, div p) can
    match, to look up only those elements (an element of another type has no selector to
    try, and is passed over without a step counted); None when a selector is keyed by an
    id, a class or nothing (*, [x]), or by a name looked up otherwise."""
    tags = set()
    for key in by_key:
        if key[0] != "tag" or not _TYPE.fullmatch(key[1]):
            return None
        tags.add(key[1])
    return frozenset(tags)


def _candidates(
    el: etree._Element, by_key: dict[Key, list[tuple[Chain, Weight, Declarations]]], fold: bool
) -> Iterator[tuple[Chain, Weight, Declarations]]:
    """The selectors whose rightmost compound `el` could match (`Key`; in lower case
    with `fold`)."""
    keys: list[Key] = [("*",), ("tag", el.tag)]
    ident = el.get("id")
    if ident:
        keys.append(("id", ident.lower() if fold else ident))
    names = el.get("class")
    keys += [("class", c) for c in _words(names.lower() if fold and names else names)]
    for k in keys:
        yield from by_key.get(k, ())


# Public identifiers of the document types that put a page in quirks mode (HTML
# Living Standard, 13.2.6.4.1): by these beginnings, or whole …
_QUIRKS_PUBLIC = (
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    *(f"-//ietf//dtd html 2.0 {v}//" for v in ("level 1", "level 2", "strict level 1")),
    *(f"-//ietf//dtd html {v}//" for v in ("2.0 strict level 2", "2.0 strict", "2.0")),
    *(f"-//ietf//dtd html {v}//" for v in ("2.1e", "3.0", "3.2 final", "3.2", "3")),
    *(f"-//ietf//dtd html level {v}//" for v in "0123"),
    *(f"-//ietf//dtd html strict level {v}//" for v in "0123"),
    *("-//ietf//dtd html strict//", "-//ietf//dtd html//"),
    "-//metrius//dtd metrius presentational//",
    *(f"-//microsoft//dtd internet explorer {v}//" for v in ("2.0 html strict", "2.0 html")),
    *(f"-//microsoft//dtd internet explorer {v}//" for v in ("2.0 tables", "3.0 html strict")),
    *(f"-//microsoft//dtd internet explorer {v}//" for v in ("3.0 html", "3.0 tables")),
    *("-//netscape comm. corp.//dtd html//", "-//netscape comm. corp.//dtd strict html//"),
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//",
    "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    *(f"-//w3c//dtd html {v}//" for v in ("3 1995-03-24", "3.2 draft", "3.2 final", "3.2")),
    *(f"-//w3c//dtd html {v}//" for v in ("3.2s draft", "4.0 frameset", "4.0 transitional")),
    *(f"-//w3c//dtd html experimental {v}//" for v in ("19960712", "970421")),
    *("-//w3c//dtd w3 html//", "-//w3o//dtd w3 html 3.0//"),
    *("-//webtechs//dtd mozilla html 2.0//", "-//webtechs//dtd mozilla html//"),
)
_QUIRKS_WHOLE = (
    "-//w3o//dtd w3 html strict 3.0//en//",
    "-/w3c/dtd html 4.0 transitional/en",
    "html",
)
# … or these without a system identifier
_QUIRKS_NO_SYSTEM = ("-//w3c//dtd html 4.01 frameset//", "-//w3c//dtd html 4.01 transitional//")


def _quirks(root: etree._Element) -> bool:
    """Whether a browser shows the page in quirks mode, where class and id selectors
    match regardless of case (.Hide hides class="hide"): a page of no document type
    (which libxml2 reads as HTML 4.0 Transitional, a quirks one too) or of an old one."""
    info = root.getroottree().docinfo
    if not info.doctype or (info.root_name or "").lower() != "html":
        return True
    public = (info.public_id or "").lower()
    system = info.system_url
    if public in _QUIRKS_WHOLE or public.startswith(_QUIRKS_PUBLIC):
        return True
    if system and system.lower() == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd":
        return True
    return not system and public.startswith(_QUIRKS_NO_SYSTEM)
