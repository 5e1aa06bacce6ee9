"""A year in the agency workspace, in a real browser (Debian's Chromium): the clerk
imports a ledger of 20 cases (a 补正 pause, an extension and a case across the Spring
Festival among them), enters table 二 and a reconsideration case, edits the drafted
text and sees a contradicting sentence marked, submits; the reviewer returns it, the
clerk fixes it, the reviewer approves; the DOCX and PDF downloaded read back
(`ogi extract`) to exactly the composed tables, and `ogi check` finds no error.

With ``OGI_SCREENSHOTS=DIR`` the screenshots of every workspace page are kept in DIR."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ogi.services.accounts import create_user
from ogi.services.ledger import add_application, export_workbook, init_agency
from ogi.store import open_store
from tests.web.helpers import PASSWORD, serve
from tests.web.test_browser import TIMEOUT, Shots, browser  # noqa: F401 (fixture)

AGENCY = "示例镇人民政府"
GRANTED, PARTIAL, NOT_HELD = (
    "results.granted",
    "results.partially_granted",
    "results.unable.not_held",
)


def cases() -> list[dict[str, object]]:
    """Twenty applications of 2024, all answered in the year."""
    out: list[dict[str, object]] = [
        # Friday 2 February, before the Spring Festival (10–17 February off, 4 and 18
        # February worked): due 6 March, answered 1 March.
        {
            "serial_no": "2024-001",
            "applicant_name": "赵一",
            "applicant_type": "natural_person",
            "received": "2024-02-02",
            "content": "春节集市安排",
            "outcome": GRANTED,
            "reply_date": "2024-03-01",
        },
        # 补正 asked 10 April, received 20 April: the 20 days run again from then.
        {
            "serial_no": "2024-002",
            "applicant_name": "钱二",
            "applicant_type": "natural_person",
            "received": "2024-04-08",
            "content": "某路段改造批复",
            "correction_start": "2024-04-10",
            "correction_end": "2024-04-20",
            "outcome": PARTIAL,
            "reply_date": "2024-05-10",
        },
        # Extended by 20 working days.
        {
            "serial_no": "2024-003",
            "applicant_name": "示例农业有限公司",
            "applicant_type": "commercial_enterprise",
            "received": "2024-06-03",
            "content": "土地流转合同汇总",
            "extension_days": 20,
            "outcome": GRANTED,
            "reply_date": "2024-07-15",
        },
    ]
    for i in range(4, 21):
        month = 1 + (i * 5) % 12
        out.append(
            {
                "serial_no": f"2024-{i:03d}",
                "applicant_name": f"申请人{i}",
                "applicant_type": "natural_person" if i % 4 else "commercial_enterprise",
                "received": f"2024-{month:02d}-{10 + i % 8:02d}",
                "content": f"示例事项{i}",
                "outcome": NOT_HELD if i % 5 == 0 else GRANTED,
                "reply_date": f"2024-{month:02d}-{20 + i % 8:02d}",
            }
        )
    return out


def ledger_workbook(path: Path) -> Path:
    store = open_store(f"sqlite:///{path.parent / 'clerk-ledger.db'}")
    with store.session() as s:
        ag, _ = init_agency(s, AGENCY, "乡镇")
        for values in cases():
            add_application(s, ag, values)
        assert export_workbook(s, ag, path, 2024) == 20
    store.close()
    return path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, object]]:
    pytest.importorskip("uvicorn")
    from ogi.web import create_app

    app = create_app(f"sqlite:///{tmp_path / 'ogi.db'}")
    with app.state.store.session() as s:
        ag, _ = init_agency(s, AGENCY, "乡镇")
        ag.county = "示例县"
        create_user(
            s, "county", PASSWORD, "supervisor", region="示例县", display_name="县政务公开办"
        )
        create_user(s, "clerk", PASSWORD, "filler", display_name="李填报", agency=AGENCY)
        create_user(s, "chief", PASSWORD, "reviewer", display_name="王审核", agency=AGENCY)
    yield from serve(app)


def _login(chromium, base: str, name: str):  # type: ignore[no-untyped-def]
    context = chromium.new_context(
        viewport={"width": 1360, "height": 900}, accept_downloads=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/{'batches' if name == 'county' else 'ws'}")
    return page


PLACEHOLDER = re.compile(r"【请填写([^】]*)】。?")


def _fill_draft(page) -> None:  # type: ignore[no-untyped-def]
    """The clerk writes over every placeholder of the draft."""
    for area in page.locator("#narrative textarea").all():
        text = area.input_value()
        if "【" in text:
            area.fill(
                PLACEHOLDER.sub(lambda m: f"{m.group(1)}按计划完成，各项工作有序推进。", text)
            )


def test_a_year_in_the_workspace(server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = server
    shot = Shots(tmp_path)
    xlsx = ledger_workbook(tmp_path / "台账.xlsx")

    clerk = _login(browser, base, "clerk")
    shot(clerk, "ws-home")
    clerk.goto(f"{base}/ws/cases?year=2024")
    clerk.set_input_files("#import input[type=file]", str(xlsx))
    clerk.click("#import button")
    clerk.wait_for_selector(".flash:has-text('新增 20 件')")
    assert clerk.locator("#cases tbody tr").count() == 20
    shot(clerk, "ws-cases", full=True)
    clerk.fill("input[name=q]", "春节")
    clerk.click("form.filters button")
    assert clerk.locator("#cases tbody tr").count() == 1
    clerk.click("#cases >> text=2024-001")
    assert clerk.inner_text("#due-date") == "2024-03-06"
    shot(clerk, "ws-case")
    clerk.goto(f"{base}/ws/cases?year=2024&q=2024-002")
    clerk.click("#cases >> text=2024-002")
    assert "补正：2024-04-10 告知，2024-04-20 补正" in clerk.inner_text(".clock")
    clerk.goto(f"{base}/ws/cases?year=2024&q=2024-003")
    clerk.click("#cases >> text=2024-003")
    assert "含延期 20 个工作日" in clerk.inner_text(".clock")

    # Table 二: every cell entered (0 where there is nothing), a few with counts.
    clerk.goto(f"{base}/ws/t2?year=2024")
    for cell in clerk.locator("input.num").all():
        cell.fill("0")
    clerk.fill("input[name='t2:art20_1.rules.issued']", "1")
    clerk.fill("input[name='t2:art20_1.rules.in_force']", "6")
    clerk.fill("input[name='t2:art20_1.normative_documents.issued']", "3")
    clerk.fill("input[name='t2:art20_1.normative_documents.in_force']", "12")
    clerk.click("text=保存表二")
    clerk.wait_for_selector(".flash:has-text('已保存表二')")
    shot(clerk, "ws-t2", full=True)

    clerk.goto(f"{base}/ws/reviews?year=2024")
    clerk.fill("input[form=rvnew][name=case_no]", "示复〔2024〕3号")
    clerk.select_option("select[form=rvnew][name=kind]", "review")
    clerk.fill("input[form=rvnew][name=filed]", "2024-05-20")
    clerk.select_option("select[form=rvnew][name=outcome]", "upheld")
    clerk.fill("input[form=rvnew][name=concluded]", "2024-07-18")
    clerk.click("button[form=rvnew]")
    clerk.wait_for_selector(".flash:has-text('已登记案件')")
    shot(clerk, "ws-reviews")

    # The drafted text states the year's counts; the placeholders are errors.
    clerk.goto(f"{base}/ws/report?year=2024")
    overview = clerk.locator("textarea[name='part:overview']")
    assert "共收到政府信息公开申请20件" in overview.input_value()
    clerk.wait_for_selector("#n-errors.error")
    _fill_draft(clerk)
    clerk.fill("input[name='part:signed']", "2025-01-20")
    clerk.wait_for_selector("#n-errors:has-text('错误 0')")
    # A sentence that contradicts table 三 is marked as it is typed.
    other = clerk.locator("textarea[name='part:other_matters']")
    kept = other.input_value()
    other.fill(kept + "\n\n本年度共收到政府信息公开申请25件。")
    # C-TEXT-TABLE is a warning in the rules catalogue: marked, but not blocking.
    mark = clerk.wait_for_selector(".part[data-part=other_matters] mark.q.mk-warning")
    assert "收到政府信息公开申请25件" in mark.inner_text()
    shot(clerk, "ws-report-marked", full=True)
    other.fill(kept)
    clerk.wait_for_selector("#n-errors:has-text('错误 0')")
    clerk.click("text=保存正文")
    clerk.wait_for_selector(".flash:has-text('已保存正文')")
    clerk.click("#submit")
    clerk.wait_for_selector("#status:has-text('待审核')")

    chief = _login(browser, base, "chief")
    chief.goto(f"{base}/ws/report?year=2024")
    chief.fill("textarea[name=comment]", "请补充政府信息管理的具体做法")
    shot(chief, "ws-report-review")
    chief.click("#return")
    chief.wait_for_selector("#status:has-text('已退回')")

    clerk.goto(f"{base}/ws/report?year=2024")
    assert "请补充政府信息管理的具体做法" in clerk.inner_text("#returned")
    overview = clerk.locator("textarea[name='part:overview']")
    overview.fill(
        overview.input_value().replace(
            "政府信息管理按计划完成，各项工作有序推进。",
            "建立政府信息公开属性源头认定机制，公文拟制时即明确公开属性。",
        )
    )
    clerk.click("text=保存正文")
    clerk.wait_for_selector(".flash:has-text('已保存正文')")
    clerk.click("#submit")
    clerk.wait_for_selector("#status:has-text('待审核')")
    # The filler has no approve button, and the route refuses.
    assert clerk.locator("#approve").count() == 0

    chief.goto(f"{base}/ws/report?year=2024")
    chief.click("#approve")
    chief.wait_for_selector("#status:has-text('已审核发布')")
    shot(chief, "ws-report-published", full=True)
    chief.goto(f"{base}/ws/audit?year=2024")
    assert "王审核" in chief.inner_text("#audit") and "李填报" in chief.inner_text("#audit")
    shot(chief, "ws-audit")

    clerk.goto(f"{base}/ws/report/preview?year=2024")
    clerk.wait_for_selector("iframe.printed")
    shot(clerk, "ws-preview")
    files = {}
    for kind in ("docx", "pdf"):
        with clerk.expect_download(timeout=180_000) as dl:
            clerk.click(f"#dl-{kind}")
        files[kind] = tmp_path / f"report.{kind}"
        dl.value.save_as(files[kind])
    clerk.goto(f"{base}/ws?year=2024")
    shot(clerk, "ws-home-done")
    # The county's supervisor sees the agency's report, read only.
    county = _login(browser, base, "county")
    county.goto(f"{base}/ws?year=2024")
    assert "已审核发布" in county.inner_text("table.data")
    shot(county, "ws-agencies")
    county.click("text=预览报告")
    county.wait_for_selector("#dl-pdf")

    from typer.testing import CliRunner

    from ogi.cli import app as cli
    from ogi.extract import extract
    from ogi.services import workspace as ws
    from ogi.services.check import check_one
    from ogi.store.models import Agency

    runner = CliRunner()
    with app.state.store.session() as s:  # type: ignore[attr-defined]
        ag = s.query(Agency).filter_by(name=AGENCY).one()
        composed = ws.compose(s, ag, 2024)
    # 2024-001, -002 and twelve of 2024-004…020 (those not a multiple of 4).
    assert composed.cells["t3.new_received.natural_person"] == 14
    assert composed.cells["t3.new_received.total"] == 20
    assert composed.cells["t4.review.upheld"] == 1
    assert composed.signature is not None and composed.signature.date == "2025-01-20"
    for kind, path in files.items():
        back = extract(path)
        assert back.cells == composed.cells, kind
        assert back.agency == AGENCY and back.report_year == 2024
        errors = [f.message for f in check_one(back) if f.severity == "error"]
        assert errors == [], (kind, errors)
        # The same through the commands a user would run.
        r = runner.invoke(cli, ["extract", str(path)])
        assert r.exit_code == 0, r.stderr
        assert json.loads(r.stdout)["cells"] == composed.model_dump(mode="json")["cells"], kind
    r = runner.invoke(cli, ["check", str(files["docx"]), str(files["pdf"])])
    assert r.exit_code == 0, r.stdout  # 1 would mean an error was found
    if shot.keep:
        _pdf_pages(files["pdf"], Path(shot.keep))


def _pdf_pages(pdf: Path, out: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(pdf))
    for i in range(len(doc)):
        img = doc[i].render(scale=1.2).to_pil()
        img.convert("RGB").quantize(256).save(out / f"ws-pdf-page{i + 1}.png", optimize=True)
        assert isinstance(img, Image.Image)
    doc.close()
