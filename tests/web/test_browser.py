"""The application in a real browser: Playwright drives Debian's Chromium (launched by
its path: Playwright's own browser download needs the internet). A supervisor logs in,
uploads the samples, finds the wrong total on its cell, dismisses a finding, drops a
corrected report and sees the round comparison, opens an agency page and a comparison,
downloads a workbook and a CSV; an anonymous visitor can neither upload nor edit.

Screenshots of every page are taken; with ``OGI_SCREENSHOTS=DIR`` they are also kept in
DIR (the ones in docs/screenshots come from here)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.shared import SAMPLES
from tests.web.helpers import add_user, corrected_txt, serve

CHROMIUM = os.environ.get("OGI_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT = 60_000  # ms: reading the samples in the background on a busy machine


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, object]]:
    pytest.importorskip("uvicorn")
    from ogi.services.corpus import ingest
    from ogi.store import open_store
    from ogi.web import create_app

    # the published corpus: the samples as `ogi ingest` stores them (a batch's uploads
    # are drafts under review, never part of it)
    url = f"sqlite:///{tmp_path / 'ogi.db'}"
    store = open_store(url)
    assert ingest(store, sorted(SAMPLES.glob("示例镇-*")), jobs=1).added == 5
    store.close()
    app = create_app(url)
    add_user(app, "admin", "admin")
    add_user(app, "sup", "supervisor", "示例县")
    yield from serve(app)


@pytest.fixture
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (OGI_TEST_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Shots:
    def __init__(self, tmp: Path) -> None:
        self.dir = tmp
        self.keep = os.environ.get("OGI_SCREENSHOTS")

    def __call__(self, page, name: str, full: bool = False) -> None:  # type: ignore[no-untyped-def]
        path = self.dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        assert path.stat().st_size > 5000, f"{name}: a blank screenshot"
        if self.keep:
            from PIL import Image

            # A palette of 256 colours keeps the pictures small enough for the repository.
            Image.open(path).convert("RGB").quantize(256).save(
                Path(self.keep) / f"{name}.png", optimize=True
            )


def _login(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "correct-horse-1")
    page.click("button[type=submit]")


def _drop(page, selector: str, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """Drag a file onto the drop zone, as a person would from the file manager."""
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, {type: "text/plain"}));
            return dt;
        }""",
        [name, list(data)],
    )
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def test_supervisor_round_trip_in_the_browser(server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    shot = Shots(tmp_path)
    context = browser.new_context(viewport={"width": 1360, "height": 860}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)

    page.goto(f"{base}/login")
    shot(page, "login")
    _login(page, base, "sup")
    page.wait_for_url(f"{base}/batches")
    page.fill("input[name=name]", "示例县2024年度年报核查")
    page.click("text=建立")
    page.wait_for_selector("h1:has-text('示例县2024年度年报核查')")
    page.set_input_files("input[name=files]", sorted(str(p) for p in SAMPLES.glob("示例镇-*")))
    assert page.locator(".dropzone li").count() == 5
    shot(page, "batch-upload")
    page.click("text=上传并核查")
    # The page follows the background reading and reloads when it is done.
    page.wait_for_selector("#rows a[href^='/uploads/']")
    page.wait_for_selector("[data-job]", state="detached")
    shot(page, "batch", full=True)

    # The wrong total of the text sample, marked on its cell.
    page.click("#rows >> text=示例镇-2024.txt")
    cell = page.locator("#c-t3-results-total-natural_person")
    assert "mk-error" in (cell.get_attribute("class") or "")
    item = page.locator(".finding.error", has_text="T3-RESULTS-SUM").first
    item.locator(".summary").click()
    assert "flashing" in (cell.get_attribute("class") or "")
    assert cell.is_visible()
    box = cell.bounding_box()
    assert box is not None and 0 <= box["y"] <= 860
    shot(page, "report-finding")
    cell.click()
    popover = page.locator(".popover li")
    assert popover.count() == 2
    assert any("T3-RESULTS-SUM" in t for t in popover.all_inner_texts())
    shot(page, "report-cell-popover")
    page.keyboard.press("Escape")
    page.mouse.click(5, 5)

    # Dismiss the column finding, with the reason.
    balance = page.locator(".finding.error", has_text="自然人 列").first
    balance.locator("summary").click()
    balance.locator("textarea[name=comment]").fill("自然人列的勾稽关系已由单位书面说明")
    balance.locator("button[value=dismissed]").click()
    page.wait_for_selector("text=排除：自然人列的勾稽关系已由单位书面说明")
    assert page.locator(".finding.dismissed").count() == 1
    page.click(".tabs button[data-pane=original]")
    assert page.locator("pre.original").is_visible()
    shot(page, "report-original")

    # The workbook for the agency.
    with page.expect_download() as dl:
        page.click("text=下载核查意见（Excel）")
    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    rows = list(wb["问题清单"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 3  # four findings, one dismissed

    # The corrected report, dropped onto the batch page: round 2 against round 1.
    page.click("text=示例县2024年度年报核查")
    _drop(page, ".dropzone", "示例镇-2024-修改稿.txt", corrected_txt())
    assert page.locator(".dropzone li").all_inner_texts() == ["示例镇-2024-修改稿.txt（5 KB）"]
    page.click("text=上传并核查")
    page.wait_for_selector("#rows >> text=示例镇-2024-修改稿.txt")
    page.wait_for_selector("[data-job]", state="detached")
    row = page.locator("#rows tr[data-agency='示例镇人民政府']", has_text="修改稿")
    assert "已修正 4" in row.inner_text() and "新增 0" in row.inner_text()
    shot(page, "batch-round2", full=True)
    page.click("#rows >> text=示例镇-2024-修改稿.txt")
    page.wait_for_selector("#round")
    assert "与第 1 轮（示例镇-2024.txt）相比" in page.inner_text("#round")
    shot(page, "report-round2")

    # The corpus, an agency, two reports side by side, the analysis; a CSV download.
    page.goto(f"{base}/corpus")
    shot(page, "corpus", full=True)
    with page.expect_download() as dl:
        page.click("text=CSV")
    data = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text("utf-8-sig"))))
    # one report per agency-year: the batch's drafts are not among them
    assert [(r["机关"], r["年度"]) for r in data] == [
        ("示例镇人民政府", "2023"),
        ("示例镇人民政府", "2024"),
    ]
    page.click("table.corpus >> text=示例镇人民政府 >> nth=0")
    page.wait_for_selector("h1:has-text('示例镇人民政府')")
    assert "+4（+50%）" in page.inner_text("table.agency")
    shot(page, "agency", full=True)
    page.click("text=2023年与2024年逐格对比")
    page.wait_for_selector("h1:has-text('报告对比')")
    assert page.locator("td.diff").count() > 0
    assert page.locator("mark.copied").count() > 0
    shot(page, "compare")
    page.goto(f"{base}/analysis")
    assert page.locator("svg.chart rect").count() > 0
    # two charts side by side fit the window (they scale down, the page does not widen)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1360
    page.set_viewport_size({"width": 1024, "height": 860})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.set_viewport_size({"width": 1360, "height": 860})
    shot(page, "analysis", full=True)
    context.close()

    # The administrator turns public access on; a visitor reads but cannot change.
    admin = browser.new_context(viewport={"width": 1360, "height": 860})
    apage = admin.new_page()
    _login(apage, base, "admin")
    apage.goto(f"{base}/admin")
    apage.check("input[name=public]")
    apage.click("text=保存")
    apage.wait_for_selector("text=已开放公众访问已发布的报告")
    shot(apage, "admin")
    # The 2023 report, published: into the public corpus.
    apage.goto(f"{base}/corpus")
    apage.set_input_files("input[name=files]", str(SAMPLES / "示例镇-2023.txt"))
    # the job's page first (before it, no job box is there to go), then the job done
    with apage.expect_navigation(url="**/corpus?job=*"):
        apage.click("text=上传并核查")
    apage.wait_for_selector("[data-job]", state="detached")
    admin.close()

    visitor = browser.new_context(viewport={"width": 1360, "height": 860})
    vpage = visitor.new_page()
    vpage.goto(f"{base}/batches")
    assert vpage.url.startswith(f"{base}/login?next=")
    vpage.goto(f"{base}/corpus")
    assert vpage.locator("input[type=file]").count() == 0
    # The published reports only: the two agency-years ingested (the 2023 upload to the
    # corpus is the same file again); the batch's six uploads are drafts under review.
    assert "共 2 份报告" in vpage.inner_text("h1")
    shot(vpage, "corpus-public")
    vpage.click("table.corpus >> text=2023")
    vpage.wait_for_selector("#c-t3-new_received-total")
    assert vpage.locator("details, textarea, form[action^='/uploads']").count() == 0
    token = vpage.evaluate(
        'fetch(\'/login\').then(r => r.text()).then(t => t.match(/csrf_token" value="([^"]+)/)[1])'
    )
    for path in ("/batches/1/upload", "/uploads/1/findings/x", "/batches", "/admin/settings"):
        status = vpage.evaluate(
            """([path, token]) => { const f = new FormData(); f.append('csrf_token', token);
                f.append('decision', 'dismissed'); f.append('comment', 'x');
                f.append('name', 'x'); f.append('region', 'x'); f.append('year', '2024');
                return fetch(path, {method: 'POST', body: f}).then(r => r.status); }""",
            [path, token],
        )
        assert status == 401, path
    visitor.close()
