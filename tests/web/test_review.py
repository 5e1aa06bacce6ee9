"""Batches at the HTTP level: uploads and their limits, the report page with findings on
their cells, decisions, rounds, workbooks, escaping of report text."""

from __future__ import annotations

import io
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from ogi.services.uploads import Limits
from ogi.web import create_app
from tests.shared import SAMPLES
from tests.web.helpers import (
    add_user,
    corrected_txt,
    login,
    new_batch,
    sample_files,
    token,
    upload,
    upload_ids,
    with_overview_line,
    zipped,
)


@pytest.fixture
def admin(app: FastAPI, client: TestClient) -> TestClient:
    add_user(app, "admin", "admin")
    login(client, "admin")
    return client


def _flashes(html: str) -> list[str]:
    return re.findall(r'<div class="flash error">([^<]+)</div>', html)


def test_upload_limits_and_types(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    big = b"x" * (1024 * 1024 + 1)
    html = upload(
        admin,
        app,
        bid,
        [
            ("big.txt", big),
            ("virus.exe", b"MZ\x90\x00"),
            ("fake.pdf", b"not a pdf at all"),
            ("fake.doc", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
            ("empty.txt", b""),
            ("no-suffix", b"abc"),
        ],
    )
    assert _flashes(html) == [
        "big.txt：超过单个文件 1 MB 的上限",
        "virus.exe：不支持的文件类型“.exe”（可上传：.doc、.docx、.htm、.html、.markdown、.md、"
        ".mht、.mhtml、.odt、.pdf、.rtf、.shtml、.txt、.wps、.zip）",
        "fake.pdf：内容不是 .pdf 文件（扩展名与内容不符）",
        "fake.doc：内容不是 .doc 文件（扩展名与内容不符）",
        "empty.txt：文件为空（0 字节）",
        "no-suffix：不支持的文件类型（可上传：.doc、.docx、.htm、.html、.markdown、.md、.mht、"
        ".mhtml、.odt、.pdf、.rtf、.shtml、.txt、.wps、.zip）",
    ]
    assert "还没有上传报告" in html
    # More files than allowed (the fixture allows 8): nothing is taken.
    many = [(f"{i}.txt", b"abc") for i in range(9)]
    html = upload(admin, app, bid, many)
    assert _flashes(html) == ["（全部）：一次最多上传 8 个文件，本次有 9 个"]
    # A request that says it is larger than an upload may be is refused before reading.
    r = admin.post(
        f"/batches/{bid}/upload",
        content=b"--x--",
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(600 * 1024 * 1024),
        },
    )
    assert r.status_code == 413
    assert "一次上传合计超过 500 MB 的上限" in r.text


def test_upload_without_csrf_token_is_refused(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    r = admin.post(f"/batches/{bid}/upload", files=[("files", ("a.txt", b"abc"))])
    assert r.status_code == 403
    with app.state.store.session() as s:
        from ogi.store.review import Upload

        assert s.query(Upload).count() == 0


def test_zip_folder_names_are_never_paths(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    txt = (SAMPLES / "示例镇-2024.txt").read_bytes()
    archive = zipped(
        {
            "县直/../../etc/示例镇-2024.txt": txt,
            "县直/说明.exe": b"MZ",
            "__MACOSX/._x.txt": b"junk",
            "inner.zip": b"PK\x03\x04",
        }
    )
    html = upload(admin, app, bid, [("../../报告.zip", archive)])
    assert _flashes(html) == [
        "报告.zip/说明.exe：不支持的文件类型“.exe”（可上传：.doc、.docx、.htm、.html、"
        ".markdown、.md、.mht、.mhtml、.odt、.pdf、.rtf、.shtml、.txt、.wps、.zip）",
        "报告.zip/inner.zip：压缩包中的压缩包不展开，请解压后再上传",
    ]
    assert upload_ids(html).keys() == {"报告.zip/示例镇-2024.txt"}


def test_report_page_marks_the_wrong_total_on_its_cell(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    html = upload(admin, app, bid, [(p.name, p.read_bytes()) for p in sample_files()])
    ids = upload_ids(html)
    assert set(ids) == {p.name for p in sample_files()}
    page = admin.get(f"/uploads/{ids['示例镇-2024.txt']}").text
    cell = re.search(r'<td id="c-t3-results-total-natural_person"[^>]*>', page)
    assert cell, "the cell of 表三 （七）总计 自然人 is on the page"
    assert 'class="value mk-error' in cell.group(0)
    marks = re.search(r'data-marks="([^"]+)"', cell.group(0)).group(1).split()
    # Its findings: T3-RESULTS-SUM on this very cell, T3-BALANCE on its whole column.
    rules = {
        m: re.search(
            rf'id="{m}".*?<span class="muted small">([A-Z0-9-]+)</span>', page, re.S
        ).group(1)
        for m in marks
    }
    assert sorted(rules.values()) == ["T3-BALANCE", "T3-RESULTS-SUM"]
    sum_id = next(m for m, r in rules.items() if r == "T3-RESULTS-SUM")
    item = re.search(rf'<div class="finding error" id="{sum_id}" data-targets="([^"]+)"', page)
    assert item.group(1) == "c-t3-results-total-natural_person"
    assert "应为 11 · 实为 10" in page
    # The label typo of the Markdown sample: a warning on the row's label cell, with the
    # label as printed.
    md = admin.get(f"/uploads/{ids['示例镇-2024.md']}").text
    label = re.search(r'<td id="r-t3-results-withheld-security_stability"[^>]*>(.*?)</td>', md)
    assert "mk-warning" in label.group(0)
    assert (
        label.group(1)
        == '3.危及“三安全一稳定”<span class="printed">原文：危机“三安全一稳定”</span>'
    )
    # The batch row: one agency-year, four files, four errors and one warning.
    row = re.search(r'<tr data-agency="示例镇人民政府">.*?</tr>', html, re.S)
    assert row is not None
    # Each file's workbook of findings: named by its file where an agency-year has
    # several, "下载" where it has one (the 2023 report)
    links = dict(re.findall(r'<a href="/uploads/(\d+)/workbook.xlsx">([^<]+)</a>', html))
    names = {str(i): n for n, i in ids.items()}
    for n in ("示例镇-2024.docx", "示例镇-2024.html", "示例镇-2024.md", "示例镇-2024.txt"):
        assert links[str(ids[n])] == n
    assert links[str(ids["示例镇-2023.txt"])] == "下载"
    assert set(links) == set(names)


def test_dismiss_confirm_and_workbook(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    txt = (SAMPLES / "示例镇-2024.txt").read_bytes()
    up = upload_ids(upload(admin, app, bid, [("示例镇-2024.txt", txt)]))["示例镇-2024.txt"]
    page = admin.get(f"/uploads/{up}").text
    fids = re.findall(r'action="/uploads/\d+/findings/([0-9A-Za-z.-]+)"', page)
    assert len(fids) == 4
    tok = token(admin, f"/uploads/{up}")
    r = admin.post(
        f"/uploads/{up}/findings/{fids[0]}",
        data={"decision": "dismissed", "comment": "  ", "csrf_token": tok},
    )
    assert "排除一条问题须写明理由" in r.text
    admin.post(
        f"/uploads/{up}/findings/{fids[0]}",
        data={"decision": "dismissed", "comment": "合计列另有说明", "csrf_token": tok},
    )
    admin.post(
        f"/uploads/{up}/findings/{fids[1]}",
        data={"decision": "confirmed", "comment": "请改正", "csrf_token": tok},
    )
    page = admin.get(f"/uploads/{up}").text
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d admin 排除：合计列另有说明", page)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d admin 确认：请改正", page)
    batch = admin.get(f"/batches/{bid}").text
    cells = re.findall(r'<td class="n">(?:<span class="badge \w+">)?(\d+)', batch)
    assert cells[:6] == [
        "2024",
        "1",
        "3",
        "0",
        "0",
        "1",
    ]  # year, round, errors, warnings, doubts, confirmed
    r = admin.get(f"/uploads/{up}/workbook.xlsx")
    assert r.headers["content-disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(r.content))
    # The workbook `ogi check` writes, with the supervisor's decisions.
    assert wb.sheetnames == ["问题清单", "报告汇总", "读取疑点"]
    ws = wb["问题清单"]
    assert ws["A1"].value == (
        "示例镇人民政府2024年度政府信息公开工作年度报告核查意见\n错误 3 条，警告 0 条，提示 0 条"
    )
    head = [c.value for c in ws[2]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == 3  # the dismissed one is left out
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    opinions = [r[head.index("审核意见")] for r in rows]
    assert sorted(o or "" for o in opinions) == ["", "", "已确认。请改正"]
    assert "合计列另有说明" not in str(rows)
    summary = [c.value for c in wb["报告汇总"][3]]
    assert summary[:3] == ["示例镇人民政府", 2024, "示例镇-2024.txt"]
    assert summary[4:8] == [3, 0, 0, "需修改"]


def test_corrected_report_is_compared_with_the_previous_round(
    app: FastAPI, admin: TestClient
) -> None:
    bid = new_batch(admin)
    upload(admin, app, bid, [("示例镇-2024.txt", (SAMPLES / "示例镇-2024.txt").read_bytes())])
    html = upload(admin, app, bid, [("示例镇-2024-修改稿.txt", corrected_txt())])
    second = upload_ids(html)["示例镇-2024-修改稿.txt"]
    row = re.search(r'<tr data-agency="示例镇人民政府">.*?</tr>', html, re.S).group(0)
    assert re.search(r'<td class="n">2</td>', row)  # round 2
    assert "已修正 4</span>" in row and "仍存在 0</span>" in row and "新增 0</span>" in row
    assert "此前各轮 1 个文件" in row
    page = admin.get(f"/uploads/{second}").text
    assert "与第 1 轮（示例镇-2024.txt）相比" in page
    assert page.count('<span class="badge fixed">已修正</span>') == 4
    wb = load_workbook(io.BytesIO(admin.get(f"/uploads/{second}/workbook.xlsx").content))
    assert wb.sheetnames == ["问题清单", "报告汇总", "已修正", "读取疑点"]
    assert wb["问题清单"]["B3"].value == "未发现需要机关修改的问题"
    assert wb["已修正"].max_row == 2 + 4
    assert wb["问题清单"]["A1"].value.endswith("与上一轮相比：新增 0 条，仍存在 0 条，已修正 4 条")


def test_a_changed_value_persists_and_a_dismissed_finding_is_not_counted(
    app: FastAPI, admin: TestClient
) -> None:
    """Round 2 prints （七）总计 自然人 9 instead of 10: still not the sum (仍存在, its value
    changed), and a new T3-TOTAL-COLUMN the supervisor dismisses. The batch row, the
    report page and the workbook say the same."""
    bid = new_batch(admin)
    upload(admin, app, bid, [("示例镇-2024.txt", (SAMPLES / "示例镇-2024.txt").read_bytes())])
    lines = (SAMPLES / "示例镇-2024.txt").read_text("utf-8").split("\n")
    at = lines.index("（七）总计")
    assert lines[at + 1] == "10"
    lines[at + 1] = "9"
    html = upload(admin, app, bid, [("示例镇-2024-修改稿.txt", "\n".join(lines).encode())])
    second = upload_ids(html)["示例镇-2024-修改稿.txt"]
    page = admin.get(f"/uploads/{second}").text
    fids = re.findall(r'action="/uploads/\d+/findings/([0-9A-Za-z.-]+)"', page)
    assert sorted(f.rsplit("-", 1)[0] for f in fids) == [
        "T3-BALANCE", "T3-BALANCE", "T3-RESULTS-SUM", "T3-RESULTS-SUM", "T3-TOTAL-COLUMN",
    ]  # fmt: skip
    assert page.count("仍存在（数值有变化）") == 2
    (total_column,) = [f for f in fids if f.startswith("T3-TOTAL-COLUMN")]
    admin.post(
        f"/uploads/{second}/findings/{total_column}",
        data={
            "decision": "dismissed",
            "comment": "申请人另有分类",
            "csrf_token": token(admin, f"/uploads/{second}"),
        },
    )
    row = re.search(
        r'<tr data-agency="示例镇人民政府">.*?</tr>', admin.get(f"/batches/{bid}").text, re.S
    ).group(0)
    assert "已修正 0</span>" in row and "仍存在 4</span>" in row and "新增 0</span>" in row
    wb = load_workbook(io.BytesIO(admin.get(f"/uploads/{second}/workbook.xlsx").content))
    assert wb["问题清单"]["A1"].value.endswith("与上一轮相比：新增 0 条，仍存在 4 条，已修正 0 条")


def test_an_upload_page_names_its_own_file_when_another_batch_sent_the_same_bytes(
    app: FastAPI, admin: TestClient
) -> None:
    # one file's bytes are read once and shared; each upload keeps the name it came with
    data = (SAMPLES / "示例镇-2023.txt").read_bytes()
    first = upload_ids(upload(admin, app, new_batch(admin), [("甲镇-送审稿.txt", data)]))
    second = upload_ids(upload(admin, app, new_batch(admin), [("乙镇-修改稿.txt", data)]))
    page = admin.get(f"/uploads/{second['乙镇-修改稿.txt']}").text
    head = re.search(r'<p class="small muted">\s*([^·<]+?) ·', page)
    assert head and head.group(1) == "乙镇-修改稿.txt"
    assert "甲镇-送审稿.txt" not in page
    page = admin.get(f"/uploads/{first['甲镇-送审稿.txt']}").text
    assert "乙镇-修改稿.txt" not in page


def test_report_text_is_escaped(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    evil = with_overview_line("<script>alert('x')</script><img src=x onerror=alert(1)>")
    html = upload(admin, app, bid, [("<i onmouseover=alert(1)>名.txt", evil)])
    assert "<i onmouseover" not in html and "&lt;i onmouseover=alert(1)&gt;名.txt" in html
    up = next(iter(upload_ids(html).values()))
    page = admin.get(f"/uploads/{up}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    )
    # The original text beside it is escaped too; every page forbids inline scripts.
    assert page.count("&lt;script&gt;") == 2
    r = admin.get(f"/uploads/{up}")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    rid = re.search(r'href="/reports/(\d+)/findings.csv"', page).group(1)
    for path in (f"/compare?a={rid}&b={rid}", "/corpus", "/agency?name=示例镇人民政府"):
        assert "<script>alert" not in admin.get(path).text, path


def test_html_original_is_sandboxed(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    html = upload(
        admin, app, bid, [("示例镇-2024.html", (SAMPLES / "示例镇-2024.html").read_bytes())]
    )
    page = admin.get(f"/uploads/{upload_ids(html)['示例镇-2024.html']}").text
    rid = re.search(r'src="/reports/(\d+)/original/view"', page).group(1)
    assert '<iframe class="original" sandbox src=' in page
    r = admin.get(f"/reports/{rid}/original/view")
    assert r.headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    r = admin.get(f"/reports/{rid}/original")
    assert r.headers["content-type"] == "text/plain; charset=utf-8"  # never served as a page
    assert r.content == (SAMPLES / "示例镇-2024.html").read_bytes()


def test_unreadable_file_is_listed_not_fatal(app: FastAPI, admin: TestClient) -> None:
    bid = new_batch(admin)
    html = upload(
        admin,
        app,
        bid,
        [
            ("空白.txt", "这不是年度报告。".encode()),
            ("示例镇-2023.txt", (SAMPLES / "示例镇-2023.txt").read_bytes()),
        ],
    )
    assert (
        '空白.txt <span class="err small">'
        "没有找到年度报告的表格或章节，可能不是政府信息公开工作年度报告</span>" in html
    )
    assert "示例镇-2023.txt" in upload_ids(html)
    assert '<span class="badge failed">无法读取</span>' in html


def test_pages_of_missing_things_are_chinese(admin: TestClient) -> None:
    for path in ("/batches/99", "/uploads/99", "/reports/99", "/agency?name=无此机关", "/nothing"):
        r = admin.get(path)
        assert r.status_code == 404 and "没有这个页面或记录" in r.text, path
    r = admin.get("/compare")
    assert r.status_code == 400 and "请在报告库中勾选两份报告" in r.text


def test_internal_error_shows_no_traceback(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    app = create_app(f"sqlite:///{tmp_path / 'e.db'}", worker=False, limits=Limits())
    add_user(app, "admin", "admin")
    import ogi.web.routes.review as review

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret detail")

    monkeypatch.setattr(review, "can_create_batch", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        login(c, "admin")
        r = c.get("/batches")
    assert r.status_code == 500
    assert "服务器内部错误，已记录在服务器日志中" in r.text
    assert "secret detail" not in r.text and "Traceback" not in r.text
    app.state.store.close()
