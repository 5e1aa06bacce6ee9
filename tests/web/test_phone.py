"""The pages at a phone's width (390 × 844) in a real browser: nothing scrolls sideways
and the header's name stays on one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.helpers import add_user, sample_files, serve
from tests.web.test_browser import TIMEOUT, _login, browser  # noqa: F401  (fixture)

WIDTH = 390
PAGES = ["/corpus", "/compare?a=1&b=2", "/reports/1", "/admin", "/analysis", "/batches"]


@pytest.fixture
def published(tmp_path: Path) -> Iterator[tuple[str, object]]:
    pytest.importorskip("uvicorn")
    from ogi.services.corpus import ingest
    from ogi.store import open_store
    from ogi.web import create_app

    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    store = open_store(url)
    assert ingest(store, sample_files(), jobs=1).added == 5
    store.close()
    app = create_app(url)
    add_user(app, "admin", "admin")
    yield from serve(app)


def test_pages_fit_a_phone(published, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ = published
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    _login(page, base, "admin")
    page.wait_for_url(f"{base}/**")
    widths = {}
    for path in PAGES:
        page.goto(base + path)
        widths[path] = page.evaluate("document.scrollingElement.scrollWidth")
        brand = page.locator("header.top .brand").bounding_box()
        assert brand is not None and brand["height"] < 30, (path, brand)  # one line
        nav = page.locator("header.top nav").bounding_box()
        assert nav is not None and nav["x"] >= 0 and nav["x"] + nav["width"] <= WIDTH, path
    assert widths == dict.fromkeys(PAGES, WIDTH)
    context.close()
