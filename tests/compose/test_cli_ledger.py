"""The ledger, compose and render commands, mounted as the CLI mounts them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ogi.cli.ledger import ledger_app
from ogi.cli.report import compose_cmd, render_cmd
from ogi.extract import extract

app = typer.Typer()
app.add_typer(ledger_app, name="ledger")
app.command("compose")(compose_cmd)
app.command("render")(render_cmd)

AGENCY = "示例镇人民政府"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OGI_DB", raising=False)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_ledger_workflow(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = run("ledger", "init", "--agency", AGENCY)
    assert "sqlite:///ogi.db" in out and (tmp_path / "ogi.db").exists()
    out = run(
        "ledger",
        "add",
        "--serial",
        "2024-001",
        "--type",
        "自然人",
        "--received",
        "2024-02-01",
        "--applicant",
        "张三",
        "--content",
        "村道修缮资金",
    )
    assert "答复期限 2024-03-05" in out
    run("ledger", "add", "--serial", "2024-002", "--type", "商业企业", "--received", "2024-12-20")
    out = run(
        "ledger",
        "add",
        "--serial",
        "2024-003",
        "--type",
        "企业",
        "--received",
        "2024-12-20",
        code=2,
    )
    assert "“企业”不是有效的申请人类型" in out

    # nothing matches: a sentence naming what was asked, not an empty table
    assert run("ledger", "list", "--year", "2023") == "台账中没有符合条件（2023年收到）的申请。\n"
    out = run("ledger", "list", "--open", "--type", "科研机构", "--search", "集市")
    assert out == "台账中没有符合条件（未办结、申请人类型“科研机构”、与“集市”相符）的申请。\n"
    assert run("ledger", "review-list") == "没有行政复议、行政诉讼案件。\n"
    out = run("ledger", "due", "--today", "2024-03-04", "--days", "3")
    assert "2024-001" in out and "2024-03-05" in out and "办理中" in out
    out = run("ledger", "due", "--today", "2024-03-06")
    assert "已超期" in out and "-1" in out

    out = run("ledger", "update", "1", "--outcome", "予以公开", "--reply-date", "2024-03-05")
    assert "已办结" in out
    out = run("ledger", "list", "--open")
    assert "2024-002" in out and "2024-001" not in out
    out = run("ledger", "list", "--year", "2024")
    assert "2024-001" in out and "予以公开" in out

    run(
        "ledger",
        "review-add",
        "--kind",
        "review",
        "--filed",
        "2024-04-01",
        "--outcome",
        "upheld",
        "--concluded",
        "2024-06-01",
        "--case-no",
        "复2024-1",
    )
    run("ledger", "proactive-set", "art20_1.normative_documents.issued", "2", "--year", "2024")
    out = run("ledger", "stats", "--year", "2024")
    assert "本年答复 1 件" in out and "在期限最后一天答复：1 件（100.0%）" in out

    run("ledger", "export", "台账.xlsx", "--year", "2024")
    run("ledger", "export", "台账.csv")
    assert "2024-002" in (tmp_path / "台账.csv").read_text(encoding="utf-8-sig")
    out = run("ledger", "import", "台账.xlsx")
    assert "新增 0 件，更新 2 件" in out
    run("ledger", "template", "模板.xlsx", "--year", "2024")
    assert (tmp_path / "模板.xlsx").exists()

    narrative = tmp_path / "正文.yaml"
    narrative.write_text(
        "总体情况: 全年收到申请2件。\n"
        "存在的主要问题及改进情况: 无。\n"
        "其他需要报告的事项: 未收取信息处理费。\n",
        encoding="utf-8",
    )
    run("compose", "--year", "2024", "--narrative", str(narrative), "-o", "report.json")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["cells"]["t3.new_received.total"] == 2
    assert report["cells"]["t3.carried_forward.commercial_enterprise"] == 1
    assert report["cells"]["t4.review.upheld"] == 1
    assert report["cells"]["t2.art20_1.normative_documents.issued"] == 2

    for fmt in ("txt", "md", "html", "docx"):
        run("render", "report.json", "--format", fmt, "-o", f"report.{fmt}")
        assert extract(tmp_path / f"report.{fmt}").cells == report["cells"]


def test_render_pdf_without_libreoffice(
    run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    run("compose", "--year", "2024", "-o", "r.json")
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr("ogi.libreoffice._USUAL_PLACES", ())
    out = run("render", "r.json", "--format", "pdf", "-o", "r.pdf", code=1)
    assert "生成 PDF 需要 LibreOffice：请安装 LibreOffice" in out
    out = run("render", "r.json", "--format", "odt", code=2)
    assert "不支持的格式“odt”" in out


def test_import_errors_are_shown(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    (tmp_path / "错.csv").write_text(
        "申请编号,申请人类型,收到申请日期,申请方式\n1,企业,2024-01-02,网络\n", encoding="utf-8"
    )
    out = run("ledger", "import", "错.csv", code=2)
    assert "错.csv 未导入" in out and "第2行“申请人类型”：“企业”不是有效的申请人类型" in out


def test_compose_names_missing_sections(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    (tmp_path / "正文.md").write_text("# 一、总体情况\n\n概述。\n", encoding="utf-8")
    out = run("compose", "--year", "2024", "--narrative", "正文.md", code=1)
    assert (
        "正文.md：缺少章节或章节没有正文：五、存在的主要问题及改进情况、六、其他需要报告的事项"
        "（每个章节以标题行开头，如“## 五、存在的主要问题及改进情况”，其下写正文）"
    ) in out


def test_render_pdf_through_soffice(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A stand-in soffice that checks it was asked for a headless PDF of a DOCX.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(
        "#!/usr/bin/env python3\n"
        "import sys, pathlib\n"
        "a = sys.argv[1:]\n"
        "assert a[0].startswith('-env:UserInstallation=file://')\n"
        "assert '--headless' in a and a[a.index('--convert-to') + 1] == 'pdf'\n"
        "out = pathlib.Path(a[a.index('--outdir') + 1])\n"
        "src = pathlib.Path(a[-1])\n"
        "assert src.suffix == '.docx' and src.read_bytes()[:2] == b'PK'\n"
        "out.mkdir()\n"
        "(out / (src.stem + '.pdf')).write_bytes(b'%PDF-1.7\\n%%EOF\\n')\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    run("ledger", "init", "--agency", AGENCY)
    run("compose", "--year", "2024", "-o", "r.json")
    out = run("render", "r.json", "--format", "pdf", "-o", "年报.pdf")
    assert "已输出：年报.pdf" in out
    assert (tmp_path / "年报.pdf").read_bytes().startswith(b"%PDF")


def test_year_without_schedule_is_noted(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OGI_LEDGER_YEARS", "2008-2035")
    run("ledger", "init", "--agency", AGENCY)
    out = run(
        "ledger", "add", "--serial", "2031-001", "--type", "自然人", "--received", "2031-01-02"
    )
    assert "注意：2031年的法定节假日安排尚未收录" in out


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed here",
)
def test_render_pdf_with_libreoffice(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    run(
        "ledger",
        "add",
        "--serial",
        "2024-001",
        "--type",
        "自然人",
        "--received",
        "2024-02-01",
        "--outcome",
        "予以公开",
        "--reply-date",
        "2024-03-05",
    )
    run("compose", "--year", "2024", "-o", "r.json")
    out = run("render", "r.json", "--format", "pdf", "-o", "r.pdf")
    # `render` says which faces printed the PDF.
    assert "PDF 字体：" in out
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert extract(tmp_path / "r.pdf").cells == report["cells"]


@pytest.mark.parametrize("serial", ["", "   "])
def test_a_blank_serial_is_refused_as_the_import_refuses_it(run, serial: str) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    add = ("ledger", "add", "--type", "自然人", "--received", "2024-02-01")
    assert run(*add, "--serial", serial, code=2) == "申请编号不能为空\n"
    out = run(*add, "--serial", " 2024-001 ")
    assert "申请编号 2024-001，" in out  # stored without the spaces
    assert run("ledger", "update", "1", "--serial", serial, code=2) == "申请编号不能为空\n"
    assert "已更新：系统编号 1（2024-001）" in run("ledger", "update", "1", "--notes", "x")


def test_a_case_without_a_number_is_not_called_none(run) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    out = run(
        "ledger", "review-add", "--kind", "行政复议", "--filed", "2025-03-01",
        "--outcome", "结果维持", code=1,
    )  # fmt: skip
    assert out == "案件：已有结果，但没有审结日期\n"


def test_composed_and_rendered_report_meet_the_same_deadline_rules(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ogi.model import Report
    from ogi.services.check import check_one

    run("ledger", "init", "--agency", AGENCY)
    run("ledger", "add", "--serial", "2024-001", "--type", "自然人", "--received", "2024-02-01")
    (tmp_path / "正文.md").write_text(
        "---\n落款: 示例镇人民政府\n日期: 2025-06-30\n---\n\n"
        "# 示例镇人民政府2024年政府信息公开工作年度报告\n\n"
        "## 一、总体情况\n\n全年收到申请1件。\n\n"
        "## 五、存在的主要问题及改进情况\n\n无。\n\n"
        "## 六、其他需要报告的事项\n\n无。\n",
        encoding="utf-8",
    )
    run("compose", "--year", "2024", "--narrative", "正文.md", "-o", "r.json")
    composed = Report.model_validate_json((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert composed.published == "2025-06-30"
    run("render", "r.json", "--format", "docx", "-o", "r.docx")
    rendered = extract(tmp_path / "r.docx")
    assert rendered.published == "2025-06-30"

    def rules(report: Report) -> set[str]:
        return {f.rule for f in check_one(report)}

    late = {r for r in rules(composed) if r.startswith("D-DEADLINE")}
    assert late == {r for r in rules(rendered) if r.startswith("D-DEADLINE")}
    assert late == {"D-DEADLINE-OTHER"}  # not a government above the county: 31 January
    assert rules(composed) == rules(rendered)


FORM = "应写成“{日期: 2027-01-01, 类型: 休}”（类型为 休 或 班）"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- 2027-01-01", f"第1条：“2027-01-01”{FORM}"),
        (
            "- {日期: 2027-01-01, 至: 9999-12-31, 类型: 休}",
            "第1条：2027-01-01 至 9999-12-31 共 2,912,078 天，一条最多 366 天",
        ),
        (
            "- {日期: 2027-05-05, 至: 2027-05-01, 类型: 休}",
            "第1条：至 2027-05-01 早于日期 2027-05-05",
        ),
        ("- {类型: 休}", "第1条：缺少日期"),
        ("- {日期: 2027-01-01, 类型: 休}\n- [2027-01-02]", f"第2条：{FORM}"),
    ],
)
def test_a_holiday_entry_that_cannot_be_used_is_named(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, entry: str, message: str
) -> None:
    (tmp_path / "假.yaml").write_text(entry + "\n", encoding="utf-8")
    assert run("ledger", "holidays", "假.yaml", code=2) == f"假.yaml {message}\n"
    assert not (tmp_path / "ogi.db").exists()  # nothing was saved


def test_a_holiday_range_of_a_year_is_saved(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "假.yaml").write_text(
        "- {日期: ２０２７－０１－０１, 至: 2027-12-31, 类型: 休}\n", encoding="utf-8"
    )
    assert run("ledger", "holidays", "假.yaml") == "已保存 365 天的节假日安排\n"


def test_counts_beyond_any_report_are_refused_not_rounded(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    cell = "表二“行政许可 本年处理决定数量”："
    for typed in ("12345678901234567", "1e20", "99999999999999999999"):
        out = run("ledger", "proactive-set", "--year", "2024", f"行政许可={typed}", code=1)
        assert out == f"{cell}“{typed}”超出上限（999,999,999,999,999），请核对\n"
    out = run("ledger", "proactive-set", "--year", "2024", "行政许可=999999999999999")
    assert out == "表二 行政许可 本年处理决定数量 = 999999999999999（2024年）\n"
    run("compose", "--year", "2024", "-o", "r.json")
    cells = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["cells"]
    assert cells["t2.art20_5.licensing.decisions"] == 999999999999999
    add = ("ledger", "add", "--serial", "1", "--type", "自然人", "--received", "2024-01-02")
    out = run(*add, "--fee", "1e20", code=2)
    assert out == "收费金额“1e+20”超出上限（999,999,999,999,999），请核对\n"


def test_full_width_digits_are_read_as_typed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    out = run(
        "ledger", "add", "--serial", "2024-001", "--type", "自然人",
        "--received", "２０２４－０２－０１", "--fee", "０．５",
        "--reply-date", "２０２４年２月２０日", "--outcome", "予以公开",
    )  # fmt: skip
    assert out.startswith("已登记：系统编号 1，申请编号 2024-001，")
    out = run("ledger", "proactive-set", "--year", "2024", "行政许可=４６")
    assert out == "表二 行政许可 本年处理决定数量 = 46（2024年）\n"
    out = run("ledger", "stats", "--year", "2024", "--today", "２０２５－０１－０１")
    assert "收取信息处理费：1 件，共 0.5 元" in out
    assert "│ 2024-02-01 │" in run("ledger", "list")
