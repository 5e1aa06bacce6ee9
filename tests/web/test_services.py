"""The services under the pages: background jobs that resume after a restart, the FOI
measures, comparison of two texts, screening of uploads, the original PDF beside a
report, and a whole batch on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
import socket
import struct
import zlib
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from PIL import Image

from ogi.extract import extract
from ogi.model import Origin, Report, Section, Source
from ogi.services.batches import batch_rows, create_batch, read_one
from ogi.services.compare import MIN_RUN, compare_texts
from ogi.services.indexing import index_reports
from ogi.services.jobs import Worker, enqueue
from ogi.services.measures import measures_of
from ogi.services.uploads import Limits, keep, screen
from ogi.store import open_store
from ogi.store.jobs import Job
from ogi.store.models import ReportRecord
from ogi.store.reports import add_report
from ogi.store.review import Blob, Upload
from ogi.web import create_app
from tests.shared import SAMPLES
from tests.web.helpers import (
    add_user,
    corrected_txt,
    login,
    new_batch,
    publish,
    upload,
    upload_ids,
    zipped,
)


def test_measures_of_the_samples() -> None:
    # Values as samples/build.py writes them (VALUES_2024, VALUES_2023), typed again here.
    m = measures_of(extract(SAMPLES / "示例镇-2024.html"))
    assert {k: m[k] for k in ("received", "carried_over", "granted", "partially_granted")} == {
        "received": 12,
        "carried_over": 2,
        "granted": 6,
        "partially_granted": 1,
    }
    assert (m["withheld"], m["withheld_third_party_rights"], m["withheld_state_secret"]) == (
        1,
        1,
        0,
    )
    assert (m["unable"], m["not_held"], m["not_processed"], m["other_handling"]) == (3, 3, 1, 1)
    assert (m["results_total"], m["carried_forward"]) == (13, 1)
    assert (m["reviews"], m["reviews_corrected"], m["lawsuits"], m["lawsuits_corrected"]) == (
        1,
        0,
        0,
        0,
    )
    assert m["granted_share"] == 7 / 13 and m["corrected_share"] == 0.0
    m23 = measures_of(extract(SAMPLES / "示例镇-2023.txt"))
    assert (m23["received"], m23["results_total"], m23["corrected_share"]) == (8, 7, None)


def test_a_missing_cell_makes_no_measure() -> None:
    r = extract(SAMPLES / "示例镇-2024.html")
    cells = dict(r.cells)
    cells["t3.results.withheld.process_info.total"] = None  # printed blank
    m = measures_of(r.model_copy(update={"cells": cells}))
    assert m["withheld"] is None and m["withheld_process_info"] is None
    assert m["granted"] == 6  # the others stand


def test_copied_passages() -> None:
    shared = "围绕惠民政策、乡村建设、安全生产等群众关心的事项持续做好公开"
    assert len(shared) >= MIN_RUN

    def report(text: str) -> Report:
        return Report(
            source=Source(path="x", sha256="", form="txt"),
            report_year=2024,
            edition="2021",
            sections=[Section(key="overview", ordinal="一、", title="总体情况", text=text)],
        )

    a = report(f"第一段：{shared}。全年发布信息186条。")
    b = report(f"其二为{shared}，另有新内容。")
    overview = compare_texts(a, b)[0]
    assert overview.a == [("第一段：", False), (shared, True), ("。全年发布信息186条。", False)]
    assert overview.b == [("其二为", False), (shared, True), ("，另有新内容。", False)]
    assert overview.share == 2 * len(shared) / (len(a.text) + len(b.text))
    # A run shorter than MIN_RUN characters is not a copied passage.
    short = compare_texts(report("共有" + shared[:8] + "甲"), report("另" + shared[:8] + "乙"))[0]
    assert all(not copied for _, copied in short.a)


def test_screen_zip_members_and_gbk_names() -> None:
    txt = (SAMPLES / "示例镇-2023.txt").read_bytes()
    # An archive made on Chinese Windows: GBK names without the UTF-8 flag.
    buf = io.BytesIO()
    import zipfile

    class GbkName(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):  # type: ignore[no-untyped-def]
            return self.filename.encode("gbk"), self.flag_bits & ~0x800

    # Info-ZIP on Linux: UTF-8 names without the flag, which read as GBK would give
    # other characters (甲镇 → 鐢查晣) and as CP437 garbage (示例镇 → τñ║Σ╛ïΘòç).
    class Utf8Name(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):  # type: ignore[no-untyped-def]
            return self.filename.encode("utf-8"), self.flag_bits & ~0x800

    # A GBK name with Info-ZIP's Unicode Path field (0x7075) giving the UTF-8 one.
    with_field = GbkName("乙镇.txt")
    stored = "乙镇.txt".encode("gbk")
    body = b"\x01" + struct.pack("<I", zlib.crc32(stored)) + "乙镇-正式.txt".encode()
    with_field.extra = struct.pack("<HH", 0x7075, len(body)) + body

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(GbkName("示例镇-2023.txt"), txt)
        z.writestr(Utf8Name("甲镇.txt"), txt)
        z.writestr(Utf8Name("示例镇-2024.txt"), txt)
        z.writestr(with_field, txt)
    out = screen([("报告.zip", buf.getvalue())], Limits())
    assert [(f.name, f.suffix, f.data) for f in out.accepted] == [
        ("报告.zip/示例镇-2023.txt", ".txt", txt),
        ("报告.zip/甲镇.txt", ".txt", txt),
        ("报告.zip/示例镇-2024.txt", ".txt", txt),
        ("报告.zip/乙镇-正式.txt", ".txt", txt),
    ]
    # A member larger than allowed is refused however small its declared size.
    big = zipped({"a.txt": b"1" * (1024 * 1024 + 10)})
    out = screen([("b.zip", big)], Limits(max_file_mb=1))
    assert out.rejected == [("b.zip/a.txt", "超过单个文件 1 MB 的上限")]
    assert screen([("c.zip", b"PK\x03\x04broken")], Limits()).rejected == [
        ("c.zip", "压缩包已损坏，无法打开")
    ]


def test_a_job_left_running_by_a_dead_process_resumes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'ogi.db'}")
    files = [
        (p.name, p.read_bytes()) for p in (SAMPLES / "示例镇-2023.txt", SAMPLES / "示例镇-2024.txt")
    ]
    with store.session() as s:
        batch = create_batch(s, "示例县", "示例县", 2024, None)
        _, ids = keep(
            s, screen(files, Limits()).accepted, batch_id=batch.id, public=False, user_id=None
        )
        job = enqueue(s, "read_uploads", {"upload_ids": ids}, total=2)
        # The first file was read before the process died; the job still says running,
        # owned by a process of this machine that no longer exists.
        read_one(s, s.get(Upload, ids[0]))
        first_report = s.get(Upload, ids[0]).report_id
        job.status, job.worker = "running", f"{socket.gethostname()}:999999999:dead"
        job.heartbeat = datetime.now()
        job_id = job.id
    assert Worker(store).drain() == 1
    with store.session() as s:
        done = s.get(Job, job_id)
        assert (done.status, done.done, done.total, done.message) == ("done", 2, 2, "全部读取完毕")
        ups = [s.get(Upload, i) for i in ids]
        assert [u.status for u in ups] == ["done", "done"]
        assert ups[0].report_id == first_report  # not read again
        assert [r.year for r in batch_rows(s, batch.id)] == [2023, 2024]
    store.close()


def test_a_job_of_a_live_worker_elsewhere_is_left_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'ogi.db'}")
    with store.session() as s:
        fresh = enqueue(s, "index_reports", {"ids": []})
        fresh.status, fresh.worker, fresh.heartbeat = "running", "other-host:12:x", datetime.now()
        stale = enqueue(s, "index_reports", {"ids": []})
        stale.status, stale.worker = "running", "other-host:13:y"
        stale.heartbeat = datetime.now() - timedelta(hours=1)
        ids = fresh.id, stale.id
    assert Worker(store).drain() == 1
    with store.session() as s:
        assert s.get(Job, ids[0]).status == "running"
        assert s.get(Job, ids[1]).status == "done"
    store.close()


def test_original_pdf_page_with_the_cell_outlined(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A PDF original: its pages as images, the box a reader recorded for a marked cell
    outlined at its place (percent of the page)."""
    image = Image.new("RGB", (595, 842), "white")
    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=72)
    data = buf.getvalue()
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    report = extract(SAMPLES / "示例镇-2024.txt")
    report = report.model_copy(
        update={
            "source": Source(path="示例镇-2024.pdf", sha256=sha, form="pdf"),
            "origins": {
                "t3.results.total.natural_person": Origin(page=1, box=(119.0, 421.0, 178.5, 463.1))
            },
        }
    )
    app = create_app(f"sqlite:///{tmp_path / 'ogi.db'}", worker=False)
    add_user(app, "admin", "admin")
    with app.state.store.session() as s:
        s.add(Blob(sha256=sha, size=len(data), data=data))
        row, _ = add_report(s, report)
        index_reports(s, [row.id])
        rid = row.id
    with TestClient(app) as c:
        login(c, "admin")
        page = c.get(f"/reports/{rid}").text
        box = re.search(
            r'<div class="box error" id="box-c-t3-results-total-natural_person" style="([^"]+)"',
            page,
        )
        assert box.group(1) == "left:20.00%;top:50.00%;width:10.00%;height:5.00%"
        assert f'<img src="/reports/{rid}/pages/1.png"' in page
        png = c.get(f"/reports/{rid}/pages/1.png")
        assert png.headers["content-type"] == "image/png"
        assert Image.open(io.BytesIO(png.content)).size == (893, 1263)  # 1.5 × the page in points
        assert c.get(f"/reports/{rid}/pages/2.png").status_code == 404
    app.state.store.close()


def test_a_batch_with_rounds_on_each_store(db_url: str) -> None:
    """The whole round trip, on SQLite and on PostgreSQL."""
    app = create_app(db_url, worker=False)
    add_user(app, "sup", "supervisor", "示例县")
    with TestClient(app) as c:
        login(c, "sup")
        bid = new_batch(c)
        upload(c, app, bid, [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("示例镇-*"))])
        html = upload(c, app, bid, [("修改稿.txt", corrected_txt())])
        assert "已修正 4</span>" in html
        up = upload_ids(html)["修改稿.txt"]
        assert c.get(f"/uploads/{up}/workbook.xlsx").status_code == 200
        assert "共 0 份报告" in c.get("/corpus").text  # drafts under review are not published
        assert c.get("/analysis").status_code == 200
    app.state.store.close()


def test_reports_published_from_the_web_are_filed_by_agency_year_on_each_store(
    db_url: str,
) -> None:
    """Uploaded to the public corpus, the four forms of the 2024 sample are one report of
    four sources, on SQLite and on PostgreSQL (where filing takes the writers' lock)."""
    app = create_app(db_url, worker=False)
    add_user(app, "admin", "admin")
    with TestClient(app) as c:
        login(c, "admin")
        publish(c, app, [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("示例镇-*"))])
        assert "共 2 份报告" in c.get("/corpus").text
        assert "共 5 份报告" in c.get("/corpus?sources=all").text
        outcomes = c.get("/analysis/outcomes.csv").content.decode("utf-8-sig").splitlines()
    assert outcomes[1:] == ["2023,1,4,1,0,2,0,0", "2024,1,6,1,1,3,1,1"]
    with app.state.store.session() as s:
        primaries = {
            row.source_path: row.primary for row in s.query(ReportRecord).order_by(ReportRecord.id)
        }
    assert primaries == {
        "示例镇-2023.txt": True,
        "示例镇-2024.docx": True,
        "示例镇-2024.html": False,
        "示例镇-2024.md": False,
        "示例镇-2024.txt": False,
    }
    app.state.store.close()


def test_a_reading_doubt_is_the_supervisors_not_the_agencys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A finding for the supervisor (cells printed but not read) is stored with its
    audience, counted with the reading doubts, kept out of the agency's counts and shown
    as a reading doubt on the page, not as one of the agency's findings."""
    from ogi.store.review import FindingRecord, ReportIndex
    from tests.check.check_builders import build

    report = build(
        {
            "agency": "示例镇人民政府",
            "file": "示例镇-2021.txt",
            "drop": ["t2.art20_1.rules."],
            "problems": [
                {"where": "表二 规章", "message": "数字连在一起", "path": "t2.art20_1.rules"}
            ],
            "cells": {"t3.results.total.natural_person": 3},
        }
    )
    app = create_app(f"sqlite:///{tmp_path / 'ogi.db'}", worker=False)
    add_user(app, "admin", "admin")
    with app.state.store.session() as s:
        row, _ = add_report(s, report)
        index_reports(s, [row.id])
        rid = row.id
        stored = {f.rule: f for f in s.query(FindingRecord).filter_by(report_id=rid)}
        index = s.get(ReportIndex, rid)
        counts = (index.errors, index.warnings, index.infos, index.problems)
    assert stored["S-TABLES-PRESENT"].audience == "supervisor"
    assert stored["T3-RESULTS-SUM"].audience == "agency"
    assert stored["T3-RESULTS-SUM"].cell == "t3.results.total.natural_person"
    assert stored["T3-RESULTS-SUM"].fid.startswith("T3-RESULTS-SUM-")
    # Three errors of the agency; the info for the supervisor is a doubt, with the
    # reader's own problem.
    assert counts == (3, 0, 0, 2)
    with TestClient(app) as c:
        login(c, "admin")
        page = c.get(f"/reports/{rid}").text
    findings, doubts = page.split('id="pane-doubts"', 1)
    assert "表二有 3 格印出但未能读取" not in findings
    assert "表二有 3 格印出但未能读取" in doubts
    assert re.search(r'<button type="button" data-pane="doubts">读取疑问（2）</button>', page)
    app.state.store.close()


def test_a_finding_is_placed_by_its_cell_and_its_sentence() -> None:
    """The page marks the cell and the sentence the checker names (Finding.cell, quote);
    a quotation in a message is not taken for the sentence; a finding about a whole row
    marks every cell of the row."""
    from ogi.check import Finding
    from ogi.services.check import check_one
    from ogi.services.finding_places import Place, location_zh, place_of
    from ogi.web.report_view import build as build_view
    from tests.check.check_builders import build

    said = "全年共收到政府信息公开申请25件，均按时答复"
    report = build(
        {
            "agency": "示例镇人民政府",
            "sections": [
                ["overview", "一、", "总体情况", f"本机关认真贯彻落实《条例》。{said}。"],
                ["proactive_disclosure", "二、", "主动公开政府信息情况", ""],
                ["applications", "三、", "收到和处理政府信息公开申请情况", ""],
                ["review_litigation", "四、", "政府信息公开行政复议、行政诉讼情况", ""],
                ["problems_improvements", "五、", "存在的主要问题及改进情况", "问题是宣传不够。"],
                ["other_matters", "六、", "其他需要报告的事项", "本年度未收取信息处理费。"],
            ],
        }
    )
    found = check_one(report)
    text = next(f for f in found if f.rule == "C-TEXT-TABLE")
    assert place_of(text, report) == Place(
        table="t3",
        cells=("t3.new_received.total",),
        row="new_received",
        section="overview",
        quote=said,
    )
    assert location_zh(text, report) == "表三 一、本年新收政府信息公开申请数量 总计"
    quoted = Finding(
        rule="C-X", severity="warning", section="overview", message="正文“本机关认真贯彻落实”有误"
    )
    assert place_of(quoted, report) == Place(section="overview")
    row = place_of(
        Finding(rule="T-X", severity="error", table="t3", row="results.total", message="m"), report
    )
    assert (len(row.cells), row.cells[0], row.cells[-1]) == (
        7,
        "t3.results.total.natural_person",
        "t3.results.total.total",
    )
    view = build_view(report, [(f.id, f) for f in found])
    marked = [s for b in view.blocks for s in b.segments if s.marks]
    assert [(s.id, s.text) for s in marked] == [(f"q-{text.id}", said)]
    mark = next(m for m in view.findings if m.fid == text.id)
    assert mark.targets == [f"q-{text.id}", "c-t3-new_received-total", "s-overview"]


def test_screen_takes_legacy_word_files_by_their_content() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
    rtf = b"{\\rtf1\\ansi\\ansicpg936 ..."
    docx = b"PK\x03\x04" + bytes(30)
    page = "<html><body>示例镇</body></html>".encode()
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    taken = [("a.doc", ole), ("b.wps", ole), ("c.rtf", rtf), ("d.doc", docx), ("e.doc", page)]
    refused = [("f.doc", exe), ("g.rtf", ole[:4] + b"\x00" * 200)]
    out = screen([*taken, *refused], Limits())
    assert [f.name for f in out.accepted] == ["a.doc", "b.wps", "c.rtf", "d.doc", "e.doc"]
    assert out.rejected == [
        ("f.doc", "内容不是 .doc 文件（扩展名与内容不符）"),
        ("g.rtf", "内容不是 .rtf 文件（扩展名与内容不符）"),
    ]


def test_an_original_is_downloaded_under_its_own_name_and_suffix() -> None:
    from ogi.web.originals import download_name

    assert download_name("下载/报告.wps", "doc") == ("报告.wps", ".wps")
    assert download_name("报告.rtf", "doc") == ("报告.rtf", ".rtf")
    assert download_name("报告.doc", "doc") == ("报告.doc", ".doc")
    assert download_name("附件", "doc") == ("附件.doc", ".doc")
    assert download_name("报告.txt", "md") == ("报告.txt.md", ".md")  # a .txt read as Markdown
    assert download_name("报告.markdown", "md") == ("报告.markdown", ".markdown")
    assert download_name("", "pdf") == ("report.pdf", ".pdf")
