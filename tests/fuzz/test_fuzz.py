"""The short fuzzing run of CI: a few hundred damaged files of every form, each read in its
own worker process, and hypothesis-built structures read in this one. Every case must
give a report or a one-line Chinese reason; nothing else, within its time bound.

The long run is `benchmarks/fuzz.py`."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi.layout.digits import TooComplex, candidates
from tests.fuzz import harness

CASES = 250
SEED = 20261130
FAST = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> harness.Seeds:
    return harness.build_seeds(tmp_path_factory.mktemp("fuzz-seeds"))


def test_short_fuzz_run(seeds: harness.Seeds) -> None:
    outcomes = list(harness.run_cases(seeds, SEED, range(CASES), jobs=2, timeout=60))
    assert len(outcomes) == CASES
    bad = [
        (o.index, o.form, o.mutations, o.detail)
        for o in outcomes
        if o.status in ("failed", "killed")
    ]
    assert bad == []
    assert max(o.cpu for o in outcomes) < 20
    forms = Counter(o.form for o in outcomes)
    assert set(forms) == set(seeds) and min(forms.values()) >= CASES // len(seeds) - 1
    # Most damaged files still give a report: damage is read around, not refused outright.
    assert sum(o.status == "read" for o in outcomes) > CASES // 2


def test_cases_are_reproducible(seeds: harness.Seeds) -> None:
    a = harness.make_case(seeds, SEED, 7)
    b = harness.make_case(seeds, SEED, 7)
    assert (a.form, a.seed, a.mutations, a.data) == (b.form, b.seed, b.mutations, b.data)


def _read(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    status, detail = harness.read_case(p, name.rsplit(".", 1)[-1])
    assert status in ("read", "refused"), detail
    return status


# -- hypothesis: structure --------------------------------------------------------------
_TAGS = ["div", "p", "b", "span", "table", "tr", "td", "th", "ul", "li", "h1", "h2", "br", "pre"]
_ATTR_VALUES = st.sampled_from(["1", "2", "0", "-3", "²", "٣", "1e20", "9" * 30, "", "x"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attr, value, kids, close: (
            f'<{tag} {attr}="{value}">{"".join(kids)}' + (f"</{tag}>" if close else "")
        ),
        st.sampled_from(_TAGS),
        st.sampled_from(["colspan", "rowspan", "class", "style", "hidden"]),
        _ATTR_VALUES,
        st.lists(children, max_size=4),
        st.booleans(),
    )


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("示例镇政府信息公开年度报告一二三0123456789 ，。/\x0b\x00\ufffe<>&")
    ),
    max_size=30,
)
HTML_TREES = st.recursive(_TEXT, _element, max_leaves=40)


@FAST
@given(fragment=HTML_TREES, depth=st.sampled_from([1, 50, 400, 2500]))
def test_html_structures(
    tmp_path_factory: pytest.TempPathFactory, fragment: str, depth: int
) -> None:
    page = (harness.SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    nested = "<div>" * depth + fragment + "</div>" * depth
    page = page.replace("<body>", "<body>" + nested, 1)
    _read(tmp_path_factory.mktemp("h"), "a.html", page.encode("utf-8"))


_W_VALUES = st.sampled_from(["1", "2", "3", "0", "-1", "²", "５", "1e20", "4294967296", "9" * 5000])


@FAST
@given(
    spans=st.lists(_W_VALUES, min_size=1, max_size=6),
    attr=st.sampled_from(["gridSpan", "gridBefore", "ilvl", "numId", "start", "vMerge"]),
    nest=st.sampled_from([0, 10, 300]),
)
def test_docx_structures(
    tmp_path_factory: pytest.TempPathFactory, spans: list[str], attr: str, nest: int
) -> None:
    docx = (harness.SAMPLES / "示例镇-2024.docx").read_bytes()
    values = iter(spans * 1000)

    def edit(xml: bytes) -> bytes:
        xml = re.sub(
            rb"<w:tcPr>",
            lambda _: f'<w:tcPr><w:{attr} w:val="{next(values)}"/>'.encode(),
            xml,
        )
        wrap = b"<w:sdt><w:sdtContent>" * nest + b"</w:sdtContent></w:sdt>" * nest
        return xml.replace(b"<w:body>", b"<w:body>" + wrap, 1)

    _read(tmp_path_factory.mktemp("d"), "a.docx", harness._edit_document(docx, edit))


@FAST
@given(
    lines=st.lists(
        st.one_of(
            st.text(alphabet="0123456789", min_size=1, max_size=90),
            st.text(alphabet="0123456789 -.,|\t", max_size=40),
        ),
        min_size=1,
        max_size=8,
    ),
    at=st.integers(min_value=0, max_value=120),
)
def test_text_rows(tmp_path_factory: pytest.TempPathFactory, lines: list[str], at: int) -> None:
    text = (harness.SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8").split("\n")
    text[at : at + len(lines)] = lines
    _read(tmp_path_factory.mktemp("t"), "a.txt", "\n".join(text).encode("utf-8"))


@FAST
@given(data=st.binary(min_size=1, max_size=400), form=st.sampled_from(["txt", "md", "html"]))
def test_bytes_spliced_into_text(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, form: str
) -> None:
    name = {"txt": "示例镇-2024.txt", "md": "示例镇-2024.md", "html": "示例镇-2024.html"}[form]
    raw = (harness.SAMPLES / name).read_bytes()
    mid = len(raw) // 2
    _read(tmp_path_factory.mktemp("b"), f"a.{form}", raw[:mid] + data + raw[mid:])


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    chunks=st.lists(
        st.text(alphabet="0123456789", min_size=1, max_size=40), min_size=1, max_size=4
    ),
    n=st.integers(min_value=1, max_value=16),
)
def test_digit_splitting_is_bounded(chunks: list[str], n: int) -> None:
    t = time.process_time()
    try:
        got = candidates(chunks, n, lambda v: sum(v[:-1]) == v[-1])
    except TooComplex as e:
        assert "拆分不唯一/过于复杂" in str(e) or "未拆分" in str(e)
    else:
        assert all(len(c) == n for c in got)
    assert time.process_time() - t < 5
