"""Patterns that read a string one way only.

A regular expression that can split a run of digits or spaces in many ways (`\\d*\\.?\\d+`,
`\\s*;?\\s*`, `\\d+件` tried from every digit of a run) tries every way before it fails:
a hostile file with one long run in a style, a frameset or a sentence held a read or a
check for seconds at 20,000 characters and for hours at a million. Each pattern below
was rewritten to read such a run one way; each test holds the new pattern to the old
one (typed here as it was) on generated strings, and reads a long run within a bound of
CPU time in a child process, which the old patterns went far over."""

from __future__ import annotations

import multiprocessing
import re
import resource
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.check import run_checks
from ogi.check.rules import c_text_table
from ogi.extract import extract
from ogi.layout import _CONTINUED, _RUNNING_TITLE, values
from ogi.layout.tables import strip_ordinal
from ogi.readers import html, html_css
from tests.shared import SAMPLES, sample_cells

# The bound: each call below takes well under a second; the old patterns took minutes.
CPU_SECONDS = 20
RUN = 200_000  # characters in each long run


def bounded(fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args) in a forked child limited to CPU_SECONDS of CPU: what it returns, or a
    failed test where the child is stopped at the bound."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
        send.send(fn(*args))

    process = ctx.Process(target=child)
    process.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        result = None
    process.join()
    if process.exitcode != 0:
        pytest.fail(f"over {CPU_SECONDS} s of CPU (exit code {process.exitcode})")
    return result


def groups(m: re.Match[str] | None) -> tuple[Any, ...] | None:
    return None if m is None else (m.span(), m.groups())


# -- the same answers as the old patterns ----------------------------------------------
_CSS = st.text(alphabet="0123456789.+- pxemra%/()", max_size=14)

OLD_ZERO_SIZE = re.compile(r"[+-]?(?:0+\.?0*|\.0+)(?:[a-z]+|%)?")
OLD_FONT_SIZE = re.compile(r"(0|[+-]?\d*\.?\d+(?:[a-z]+|%))(?:/\S*)?", re.IGNORECASE)
OLD_NOTHING = re.compile(r"[+-]?(?:0*\.?0+)(?:deg|rad|grad|turn|px|%|em|rem)?")
OLD_SIZE = re.compile(r"\+?(\d*\.?\d+)(px|pt|em|rem|%|mm|cm|in|pc)")
OLD_LENGTH = re.compile(r"([+-]?\d*\.?\d+)(px|pt|em|rem|%|mm|cm|in|pc)?")
OLD_FUNCTION = re.compile(r"([a-z0-9]+)\(([^()]*)\)")


@given(_CSS)
def test_css_numbers_match_as_before(value: str) -> None:
    for old, new in (
        (OLD_ZERO_SIZE, html_css._ZERO_SIZE),
        (OLD_FONT_SIZE, html_css._FONT_SIZE),
        (OLD_NOTHING, html_css._NOTHING),
        (OLD_SIZE, html_css._SIZE),
        (OLD_LENGTH, html_css._LENGTH),
    ):
        assert groups(new.fullmatch(value)) == groups(old.fullmatch(value)), new.pattern


@given(st.text(alphabet="ab09() ,.x", max_size=16))
def test_transform_functions_are_found_as_before(value: str) -> None:
    new = html_css._FUNCTION
    assert new.findall(value) == OLD_FUNCTION.findall(value)
    assert new.sub("", value) == OLD_FUNCTION.sub("", value)


def test_css_numbers_are_read_as_written() -> None:
    # (typed independently of both patterns)
    assert html_css._SIZE.fullmatch("10.5pt").groups() == ("10.5", "pt")  # type: ignore[union-attr]
    assert html_css._SIZE.fullmatch(".5em").groups() == (".5", "em")  # type: ignore[union-attr]
    assert html_css._SIZE.fullmatch("1.em") is None
    assert html_css._font_size("bold 12px/1.5 宋体") == "12px"
    assert html_css.zero_size("0.00px") and html_css.zero_size(".0em")
    assert not html_css.zero_size("0.01px")
    assert html_css.pixels("-2em") == 32.0


OLD_WRITES_TEXT = re.compile(
    r"\s*document\s*\.\s*write(?:ln)?\s*\(\s*(?:\"([^\"\\<&]*)\"|'([^'\\<&]*)')\s*\)\s*;?\s*"
)


@given(
    st.sampled_from(['document.write("46")', "document.writeln('4')", 'document.write("")']),
    st.text(alphabet=" ;\n\tx", max_size=8),
    st.text(alphabet=" \n", max_size=3),
)
def test_a_script_writing_text_is_known_as_before(call: str, tail: str, head: str) -> None:
    code = head + call + tail
    assert groups(html._WRITES_TEXT.fullmatch(code)) == groups(OLD_WRITES_TEXT.fullmatch(code))


OLD_ROOM = re.compile(r"\s*(\d*\.?\d*)\s*(?:px|%|\*)?\s*")


@given(st.lists(st.text(alphabet="0123456789. px%*\t", max_size=8), min_size=1, max_size=4))
def test_frame_sizes_are_read_as_before(sizes: list[str]) -> None:
    def old(sizes: str) -> list[bool]:
        rooms = []
        for size in sizes.split(","):
            m = OLD_ROOM.fullmatch(size)
            rooms.append(m is None or m.group(1) in ("", ".") or float(m.group(1)) > 0)
        return rooms

    value = ",".join(sizes)
    assert html._frame_rooms(value) == old(value)


OLD_CONTINUED = re.compile(r"^\s*[（(]?\s*续\s*表\s*[一二三四1-4]?\s*[）)]?\s*$")


@given(st.text(alphabet="续表（）() 一三1x", max_size=10))
def test_a_continued_table_is_known_as_before(text: str) -> None:
    assert bool(_CONTINUED.match(text)) == bool(OLD_CONTINUED.match(text))
    assert _CONTINUED.match(" （ 续表三 ） ") and not _CONTINUED.match("续表五")


@given(
    st.sampled_from(["二", "(三)", "十二", "2", "12", "(2)", "(十一)"]),
    st.text(alphabet="一二三十()（） .、,，．0122\n\u3000x", max_size=12),
)
def test_an_ordinal_is_taken_off_as_before(ordinal: str, text: str) -> None:
    # (one pattern for each ordinal, as the ordinal was once looked for)
    num = ordinal.strip("()")
    if ordinal.startswith("("):
        old = re.compile(rf"[(（]\s*{num}\s*[)）]\s*[.．、,，]?\s*$")
    elif num.isdigit():
        old = re.compile(rf"{num}\s*[.．、]\s*$|[(（]\s*{num}\s*[)）]\s*$")
    else:
        old = re.compile(rf"{num}\s*[、.．]?\s*$")
    assert strip_ordinal(text, ordinal) == old.sub("", text)


def test_an_ordinal_is_taken_off_the_end_of_a_run_only() -> None:
    assert strip_ordinal("00000002.", "2") == "0000000"
    assert strip_ordinal("112 、 ", "12") == "1"
    assert strip_ordinal("12.", "3") == "12."
    assert strip_ordinal("5 （2）", "2") == "5 "
    assert strip_ordinal("5 （12）", "(2)") == "5 （12）"
    assert strip_ordinal("有 （十一）、", "(十一)") == "有 "
    assert strip_ordinal("二十一、", "一") == "二十"
    assert strip_ordinal("２.", "2") == "２."  # (a full-width digit is not the ordinal)


OLD_SHARE = re.compile(r"(?P<n>\d+)件[^。；;\d%]{0,6}?占[^，,。；;\d%]{0,10}?(?P<p>\d+(?:\.\d+)?)%")


@given(st.text(alphabet="0123件占其中，。%.x", max_size=20))
def test_a_share_in_the_text_is_found_as_before(text: str) -> None:
    def found(p: re.Pattern[str]) -> list[tuple[Any, ...]]:
        return [(m.span(), m.groups()) for m in p.finditer(text)]

    assert found(c_text_table._SHARE) == found(OLD_SHARE)


_NUM = r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?"
OLD_SEPARATED = re.compile(r"^[+-]?[\d,、.]*[,、][\d,、.]*$")
OLD_NOTED = re.compile(rf"^({_NUM})\s*((?:万元|亿元|元)|[件项个条次])?\s*[(（\[](.+)[)）\]]$")
OLD_MARKED = re.compile(
    rf"^[\U000f0000-\U000fffff]*\s*({_NUM})\s*(?:(?:万元|亿元|元)|[件项个条次])?\s*"
    rf"[\U000f0000-\U000fffff]*$"
)


@given(st.text(alphabet="0129,、.+- 件元万（）()注\U000f0001", max_size=14))
def test_values_in_a_cell_are_told_as_before(text: str) -> None:
    for old, new in (
        (OLD_SEPARATED, values._SEPARATED),
        (OLD_NOTED, values._NOTED),
        (OLD_MARKED, values._MARKED),
    ):
        assert groups(new.match(text)) == groups(old.match(text)), new.pattern


# -- a long run within the bound --------------------------------------------------------
HTML = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
TXT = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")


def _cells(path: Path) -> dict[str, Any]:
    return extract(path).cells


@pytest.mark.parametrize(
    "style",
    [
        pytest.param("font-size:" + "0" * RUN + "!", id="zero-size"),
        pytest.param("font:" + "1" * RUN + " serif", id="font"),
        pytest.param("transform:translate(" + "0" * RUN + "x)", id="transform-nothing"),
        pytest.param("transform:a" + "1" * RUN, id="transform-name"),
        pytest.param("text-indent:" + "1" * RUN + "q", id="indent"),
        pytest.param("margin-left:-" + "1" * RUN + "x", id="length"),
    ],
)
def test_a_style_with_a_long_number_is_read_in_bounded_time(tmp_path: Path, style: str) -> None:
    assert HTML.count("<td>规章</td>") == 1
    page = tmp_path / "a.html"
    page.write_text(HTML.replace("<td>规章</td>", f'<td style="{style}">规章</td>'), "utf-8")
    assert bounded(_cells, page) == sample_cells("示例镇-2024.html")


def test_a_frameset_size_with_a_long_run_of_spaces_is_read_in_bounded_time() -> None:
    assert bounded(html._frame_rooms, "1" + " " * RUN + "x," + " " * RUN + "0 ") == [True, False]


def test_lines_with_a_long_run_of_spaces_are_looked_at_in_bounded_time() -> None:
    spaces = " " * RUN

    def looked() -> list[object]:
        return [
            _CONTINUED.match("续表" + spaces + "x"),
            _RUNNING_TITLE.match("第1页" + spaces + "x"),
            html._WRITES_TEXT.fullmatch('document.write("4")' + spaces + "x"),
            strip_ordinal("二" + spaces + "x", "二") == "二" + spaces + "x",
            strip_ordinal("（二）" + spaces + "x", "(二)") == "（二）" + spaces + "x",
            strip_ordinal("2" * RUN + "x", "2") == "2" * RUN + "x",
            strip_ordinal("二" * RUN + "x", "二") == "二" * RUN + "x",
        ]

    assert bounded(looked) == [None, None, None, True, True, True, True]


def test_a_cell_with_a_long_run_is_told_in_bounded_time() -> None:
    def told() -> list[object]:
        return [
            values._SEPARATED.match("1" + "," * RUN + "x"),
            values._NOTED.match("1" + " " * RUN + "x"),
            values._MARKED.match("1" + " " * RUN + "x"),
            groups(values._MARKED.match("1" + " " * RUN + "件" + " " * RUN)),
        ]

    assert bounded(told) == [None, None, None, ((0, 2 * RUN + 2), ("1",))]


def _rules_found(path: Path) -> list[tuple[str, str]]:
    return sorted((f.rule, f.message) for f in run_checks([extract(path)]))


def test_a_sentence_with_a_long_run_of_digits_is_checked_in_bounded_time(tmp_path: Path) -> None:
    # "政策文件" with 200,000 digits before its 件: the share of a count was looked for
    # from each of them
    at = TXT.index("政策文件及解读")
    hostile = tmp_path / "a.txt"
    hostile.write_text(TXT[: at + 3] + "1" * RUN + TXT[at + 3 :], encoding="utf-8")
    plain = tmp_path / "b.txt"
    plain.write_text(TXT, encoding="utf-8")
    assert bounded(_rules_found, hostile) == _rules_found(plain)
    assert [rule for rule, _ in _rules_found(plain)] == [
        "T3-BALANCE",
        "T3-BALANCE",
        "T3-RESULTS-SUM",
        "T3-RESULTS-SUM",
    ]


def _with_text(tmp_path: Path, added: str) -> Path:
    at = TXT.index("政策文件及解读")
    path = tmp_path / "a.txt"
    path.write_text(TXT[:at] + added + TXT[at:], encoding="utf-8")
    return path


def test_a_sentence_of_thousands_of_shares_is_checked_in_bounded_time(tmp_path: Path) -> None:
    # each share's base was looked for again in all the sentence before it
    hostile = _with_text(tmp_path, "共收到20件，其中2件占10%，" * 20_000 + "。")
    plain = tmp_path / "b.txt"
    plain.write_text(TXT, encoding="utf-8")
    assert bounded(_rules_found, hostile) == _rules_found(plain)


def test_a_count_of_5000_digits_is_no_count(tmp_path: Path) -> None:
    """Python reads no number of over 4,300 digits: the rule stopped with an English
    error ("未能运行：ValueError: Exceeds the limit …")."""
    found = _rules_found(_with_text(tmp_path, "共收到" + "1" * 5000 + "件，其中2件占3%。"))
    plain = tmp_path / "b.txt"
    plain.write_text(TXT, encoding="utf-8")
    assert found == _rules_found(plain)
    # a count of 15 digits is still one: 2 of it is not 3%
    found = _rules_found(_with_text(tmp_path, "共收到" + "1" * 15 + "件，其中2件占3%。"))
    assert [m for rule, m in found if rule == "C-TEXT-TABLE"] == [
        "正文称“2件占3%”，但 2 ÷ 111111111111111 = 0.0%"
    ]
