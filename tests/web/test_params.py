"""Odd numbers in addresses and queries — digits of other scripts that `str.isdigit`
accepts and `int` refuses (“²”, “٣”), numbers too big for SQLite — are ignored or
answered with a Chinese 400/404 page, never a server error."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ogi.web.params import MAX_INT, int_param
from tests.web.helpers import add_user, login, publish, sample_files

BIG = "99999999999999999999"  # beyond SQLite's integers (2**63 - 1)
SUPER = "%C2%B2"  # “²”


@pytest.fixture
def logged_in(app: FastAPI, client: TestClient) -> TestClient:
    """An administrator with the 2023 sample published (report 1)."""
    add_user(app, "admin", "admin")
    login(client, "admin")
    (first, *_) = sample_files()
    publish(client, app, [(first.name, first.read_bytes())])
    return client


IGNORED = [  # the odd value is dropped: the page is the one without it
    (f"/corpus?year={SUPER}", "/corpus"),
    (f"/corpus?page={SUPER}", "/corpus"),
    (f"/corpus?year={BIG}", "/corpus"),
    (f"/corpus?page={BIG}", "/corpus"),
    (f"/corpus.csv?year={SUPER}", "/corpus.csv"),
    (f"/corpus.csv?year={BIG}", "/corpus.csv"),
    (f"/analysis?year={SUPER}", "/analysis"),
    (f"/analysis?year={BIG}", "/analysis"),
    (f"/analysis/outcomes.csv?year={BIG}", "/analysis/outcomes.csv"),
    (f"/ws/cases?agency=1&year={SUPER}", "/ws/cases?agency=1"),
    (f"/ws/cases?agency=1&year={BIG}", "/ws/cases?agency=1"),
    (f"/ws?agency={BIG}", "/ws"),
]


@pytest.mark.parametrize(("odd", "plain"), IGNORED)
def test_odd_filter_values_are_ignored(logged_in: TestClient, odd: str, plain: str) -> None:
    r, expected = logged_in.get(odd), logged_in.get(plain)
    assert (r.status_code, expected.status_code) == (200, 200), r.text
    if plain.endswith(".csv"):
        assert r.content == expected.content
    elif plain == "/corpus":
        assert "共 1 份报告" in r.text
    elif plain == "/analysis":
        assert "<title>2023年 予以公开：4</title>" in r.text


NOT_FOUND = [
    f"/reports/{BIG}",
    f"/reports/{BIG}/original",
    f"/reports/{BIG}/findings.csv",
    f"/reports/1/pages/{BIG}.png",
    f"/batches/{BIG}",
    f"/uploads/{BIG}",
    f"/jobs/{BIG}",
    f"/ws/cases/{BIG}",
    f"/reports/{SUPER}",
    f"/batches/{SUPER}",
]


@pytest.mark.parametrize("url", NOT_FOUND)
def test_odd_ids_are_not_found(logged_in: TestClient, url: str) -> None:
    r = logged_in.get(url)
    assert r.status_code == 404
    assert "没有这个页面或记录" in r.text and "Traceback" not in r.text


REFUSED = [
    f"/corpus?job={BIG}",
    f"/batches/1?job={BIG}",
    f"/corpus?job={SUPER}",
]


@pytest.mark.parametrize("url", REFUSED)
def test_odd_query_values_are_refused_in_chinese(logged_in: TestClient, url: str) -> None:
    r = logged_in.get(url)
    assert r.status_code == 400
    assert "请求中的参数不正确（数字过大或不是数字），请检查后重试" in r.text
    assert "job" not in r.text.split("<main", 1)[-1]


@pytest.mark.parametrize(
    "url",
    [
        f"/compare?a={SUPER}&b=1",
        f"/compare?ids={SUPER}&ids=1",
        f"/compare?a={BIG}&b=1",
        f"/compare?a=1&b={BIG}",
    ],
)
def test_a_comparison_without_two_numbers_asks_for_them(logged_in: TestClient, url: str) -> None:
    r = logged_in.get(url)
    assert r.status_code == 400
    assert "请在报告库中勾选两份报告后点“对比所选”，或在机关页面选择两个年度" in r.text


@pytest.mark.parametrize("url", [f"/compare.csv?a={SUPER}&b=1", f"/compare.csv?a=1&b={BIG}"])
def test_a_comparison_download_without_two_numbers_is_not_found(
    logged_in: TestClient, url: str
) -> None:
    r = logged_in.get(url)
    assert r.status_code == 404 and "没有这个页面或记录" in r.text


def test_int_param() -> None:
    assert [int_param(v) for v in ("7", " 7 ", "²", "٣", "-1", "+1", "1_0", "", None)] == [
        7,
        7,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    assert int_param(str(MAX_INT)) == MAX_INT and int_param(str(MAX_INT + 1)) is None
    assert int_param(BIG) is None
    assert int_param("2007", 2008, 2100) is None and int_param("2024", 2008, 2100) == 2024
