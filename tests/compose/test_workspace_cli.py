"""What a clerk meets at the command line: Chinese framework messages, help that is not
cut, no tracebacks, exit codes, one agency per ledger, cases of table 四 kept by hand,
table 二 by its printed labels, the narrative's opening, signature and draft, and
`ledger stats` agreeing with `ledger due`."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ogi.cli import app

AGENCY = "示例镇人民政府"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OGI_DB", raising=False)
    monkeypatch.delenv("OGI_LEDGER_YEARS", raising=False)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, width: int = 80) -> str:
        result = runner.invoke(app, list(args), env={"COLUMNS": str(width)}, prog_name="ogi")
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        return result.output

    return invoke


# -- the framework speaks Chinese ------------------------------------------------------------
def test_help_and_errors_in_chinese(run) -> None:  # type: ignore[no-untyped-def]
    out = run("--help")
    assert "用法：ogi [选项] 命令 [参数]..." in out
    assert "显示本帮助并退出。" in out and "─ 命令 ─" in out
    assert "Usage" not in out and "Show this message" not in out
    out = run("ledger", "add", "--help")
    assert "用法：ogi ledger add [选项]" in out and "─ 选项 ─" in out
    assert "[必填]" in out and "[默认：网络]" in out
    # Help wraps at 80 columns instead of cutting the text with "…".
    assert "…" not in out
    flat = "".join(line.strip("│ ") for line in out.splitlines())
    assert "申请方式：当面、信函、网络、传真、电话、其他" in flat
    out = run(
        "ledger",
        "add",
        "--serial",
        "1",
        "--type",
        "自然人",
        "--received",
        "x",
        "--extension-days",
        "abc",
        code=2,
    )
    assert "“--extension-days”的值无效：应为整数" in out and "Invalid value" not in out
    assert "运行 “ogi ledger add --help” 查看帮助。" in out
    out = run("ledger", "update", code=2)
    assert "缺少参数“系统编号”" in out and "Missing" not in out
    out = run("ledger", "add", code=2)
    assert "缺少选项“--serial”" in out
    out = run("no-such-command", code=2)
    assert "没有命令“no-such-command”" in out


def test_no_help_screen_speaks_english(run) -> None:  # type: ignore[no-untyped-def]
    """Every command's and every group's help, down to each subcommand: no option the
    framework adds in English (shell completion), no English sentence."""
    from ogi.cli import COMMANDS, load_command

    english = re.compile(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{3,}")
    commands = re.compile(r"ogi(?: [a-z][a-z-]*)+")  # `ogi ledger init`: a command, not prose
    # a kind of value as Python spells it (<int>, <list[Path]>), or an argument named by
    # its Python name in the usage line ({files}, [rule_id])
    words = re.compile(r"<(?:[a-z]+|list\[\w+\])(?: range)?>|<[A-Z]\w*>|[{\[][a-z_]+[}\]]")
    screens = 0
    for name in COMMANDS:
        command = load_command(name)
        subs = list(getattr(command, "commands", {}))
        for args in [(name,), *((name, sub) for sub in subs)]:
            out = run(*args, "--help", width=200)
            assert "completion" not in out, args
            prose = english.search(commands.sub("", out))
            assert prose is None, (args, prose)
            assert words.findall(out) == [], args
            screens += 1
    assert screens > len(COMMANDS)  # the groups' subcommands were looked at too


def test_help_names_arguments_and_kinds_of_value_in_chinese(run) -> None:  # type: ignore[no-untyped-def]
    out = run("extract", "--help", width=200)
    assert "用法：ogi extract [选项] {文件}..." in out
    # each option's row of the options panel, by its long name
    rows = {line.split()[1]: line for line in out.splitlines() if line.startswith("│ --")}
    assert "<整数>" in rows["--max-pages"] and "<数>" in rows["--time-limit"]
    assert "<路径>" in rows["--out"] and "<文字>" in rows["--dask"]
    # an on/off switch takes no value: no kind is shown for it
    assert "<" not in rows["--ocr"] and "<" not in rows["--help"]
    files = next(line for line in out.splitlines() if "│ *" in line)
    assert files.split()[2:4] == ["文件", "<路径…>"]
    out = run("check", "--help", width=200)
    assert "<text|json|xlsx>" in out  # (a choice shows what is typed)
    out = run("agencies", "merge", code=2)
    assert "缺少参数“保留机关”" in out


def test_kinds_of_value_in_chinese() -> None:
    from ogi.cli.zh import type_label

    assert type_label("<int>") == "<整数>"
    assert type_label("<int range>") == "<整数>"
    assert type_label("<float>") == "<数>"
    assert type_label("<str>") == "<文字>"
    assert type_label("<path>") == "<路径>"
    assert type_label("<list[Path]>") == "<路径…>"
    assert type_label("<list[str]>") == "<文字…>"
    assert type_label("<datetime>") == "<日期时间>"
    # what the kinds do not name is shown as Typer prints it
    assert type_label("<csv|xlsx>") == "<csv|xlsx>"
    assert type_label("<%Y-%m-%d>") == "<%Y-%m-%d>"
    assert type_label("<list[Path>") == "<list[Path>"
    assert type_label("<Decimal>") == "<Decimal>"


def test_every_option_is_described() -> None:
    import typer.main

    missing: list[str] = []

    def walk(command, name: str) -> None:  # type: ignore[no-untyped-def]
        for sub, c in getattr(command, "commands", {}).items():
            walk(c, f"{name} {sub}")
        missing.extend(f"{name} {p.name}" for p in command.params if not getattr(p, "help", None))

    walk(typer.main.get_command(app), "ogi")
    assert missing == []


# -- input that cannot be used ---------------------------------------------------------------
def test_missing_and_damaged_files_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    assert run("ledger", "import", "无.xlsx", code=2) == "无.xlsx 未导入：\n无.xlsx：文件不存在\n"
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    out = run("ledger", "import", "坏.xlsx", code=2)
    assert out == "坏.xlsx 未导入：\n坏.xlsx：不是 Excel 工作簿（.xlsx），或文件已损坏\n"
    assert run("render", "无.json", code=2) == "无.json：文件不存在\n"
    assert run("compose", "--year", "2024", "--narrative", "无.md", code=2) == "无.md：文件不存在\n"
    assert run(
        "ledger", "add", "--serial", "1", "--type", "企业", "--received", "2024-01-02", code=2
    ) == (
        "“企业”不是有效的申请人类型（可选：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）\n"
    )


def test_fees_and_dates_are_validated(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    (tmp_path / "台账.csv").write_text(
        "申请编号,申请人类型,收到申请日期,申请方式,收费金额（元）\n"
        "1,自然人,2024-01-02,网络,NaN\n"
        "2,自然人,2024-01-02,网络,inf\n"
        "3,自然人,2024-01-02,网络,1e400\n"
        "4,自然人,0001-01-01,网络,0\n"
        "5,自然人,9999-12-31,网络,0\n",
        encoding="utf-8",
    )
    out = run("ledger", "import", "台账.csv", code=2)
    last = date.today().year + 1
    assert out.splitlines() == [
        "台账.csv 未导入：",
        "第2行“收费金额（元）”：“NaN”不是有限的金额",
        "第3行“收费金额（元）”：“inf”不是有限的金额",
        "第4行“收费金额（元）”：“1e400”不是有限的金额",
        f"第5行：收到申请日期 0001-01-01 不在台账的合理年份范围（2008—{last}年）内",
        f"第6行：收到申请日期 9999-12-31 不在台账的合理年份范围（2008—{last}年）内",
    ]
    out = run(
        "ledger",
        "add",
        "--serial",
        "1",
        "--type",
        "自然人",
        "--received",
        "2024-01-02",
        "--fee",
        "nan",
        code=2,
    )
    assert out == "收费金额“nan”不是有限的数\n"
    # The range is configurable.
    monkeypatch.setenv("OGI_LEDGER_YEARS", "2020-2030")
    out = run(
        "ledger", "add", "--serial", "1", "--type", "自然人", "--received", "2019-12-31", code=1
    )
    assert out == "申请 1：收到申请日期 2019-12-31 不在台账的合理年份范围（2020—2030年）内\n"


def test_second_agency_needs_new_agency(run) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    run("ledger", "init", "--agency", AGENCY)  # the same name again is fine
    out = run("ledger", "init", "--agency", "示例镇政府", code=1)
    assert out == (
        "台账中已有机关“示例镇人民政府”，没有“示例镇政府”。名称写错的，请改用已有名称；"
        "确要在同一台账中再建一个机关的，请加 --new-agency\n"
    )
    run("ledger", "init", "--agency", "示例街道办事处", "--new-agency")
    assert "台账中有多个机关" in run("ledger", "list", code=1)


# -- the statutory clock: one day for every command ------------------------------------------
def test_stats_and_due_agree_on_an_open_case(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # On 2024-11-25 an application received on 2024-11-20 has used 3 of its 20 working
    # days. `ledger stats` used to judge it on 31 December (overdue); both commands now
    # judge it on the same day.
    monkeypatch.setattr("ogi.compose.workdays.today", lambda: date(2024, 11, 25))
    run("ledger", "init", "--agency", AGENCY)
    out = run(
        "ledger", "add", "--serial", "2024-050", "--type", "自然人", "--received", "2024-11-20"
    )
    assert "答复期限 2024-12-18" in out
    # 17 working days left: nothing due within the usual 5
    assert run("ledger", "due") == "截至 2024-11-25，没有已超期或5个工作日内到期的未办结申请。\n"
    out = run("ledger", "due", "--days", "20", width=200)
    assert (
        "│ 2024-050 │        │ 2024-11-20 │ 2024-12-18 │ 3          │ 17         │ 办理中 │" in out
    )
    out = run("ledger", "stats", "--year", "2024", width=200)
    assert "超期：无" in out
    # Past its due date, both say overdue, by the same count.
    monkeypatch.setattr("ogi.compose.workdays.today", lambda: date(2024, 12, 20))
    out = run("ledger", "due", width=200)
    assert "已超期" in out and "│ -2 " in out
    out = run("ledger", "stats", "--year", "2024", width=200)
    assert "超期（1件）" in out and "│ 2024-050 │ 2024-11-20 │ 2024-12-18 │ 未答复   │ 2 " in out


# -- cases of table 四 -----------------------------------------------------------------------
def test_review_cases_listed_edited_deleted(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    run(
        "ledger",
        "review-add",
        "--kind",
        "行政复议",
        "--filed",
        "2024-04-01",
        "--case-no",
        "复2024-1",
    )
    run(
        "ledger",
        "review-add",
        "--kind",
        "litigation_direct",
        "--filed",
        "2024-05-01",
        "--case-no",
        "诉2024-9",
    )
    out = run("ledger", "review-list", width=200)
    assert "复2024-1" in out and "行政诉讼（未经复议直接起诉）" in out and "尚未审结" in out
    out = run("ledger", "review-update", "1", "--outcome", "结果纠正", "--concluded", "2024-07-01")
    assert out == "已更新案件：系统编号 1 复2024-1，行政复议，结果纠正\n"
    assert run("ledger", "review-delete", "2") == "已删除案件：系统编号 2 诉2024-9\n"
    assert "没有系统编号为 2 的案件" in run("ledger", "review-delete", "2", code=1)
    run("compose", "--year", "2024", "-o", "r.json")
    cells = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["cells"]
    assert (cells["t4.review.corrected"], cells["t4.review.total"]) == (1, 1)
    assert cells["t4.litigation.direct.total"] == 0


# -- table 二 --------------------------------------------------------------------------------
def test_table_two_by_printed_labels(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    out = run(
        "ledger",
        "proactive-set",
        "--year",
        "2024",
        "规章 本年制发件数=0",
        "行政规范性文件.现行有效件数=3",
        "行政许可=46",
        "行政事业性收费 本年收费金额（单位：万元）=0.35",
    )
    assert "表二 行政规范性文件 现行有效件数 = 3（2024年）" in out
    assert "表二 行政事业性收费 本年收费金额（单位：万元） = 0.35（2024年）" in out
    out = run("ledger", "proactive-set", "--year", "2024", "规章 本年制发=1", code=1)
    assert out.startswith(
        "“规章 本年制发”不是表二的单元格（2021年版表二：行 规章、行政规范性文件、"
    )
    assert "规章 本年制发件数=1.5" and "应为整数" in run(
        "ledger", "proactive-set", "--year", "2024", "规章 本年制发件数=1.5", code=1
    )
    (tmp_path / "表二.yaml").write_text(
        "规章:\n  本年废止件数: 0\n  现行有效件数: 0\n行政处罚: 18\n行政强制 本年处理决定数量: 0\n",
        encoding="utf-8",
    )
    assert (
        run("ledger", "proactive-import", "表二.yaml", "--year", "2024")
        == "已登记表二 4 格（2024年）\n"
    )
    out = run("compose", "--year", "2024", "-o", "r.json")
    # Two cells were never entered: printed as 0, and said so.
    assert out.count("未填写，按 0 印出") == 2
    assert "注意：表二 行政规范性文件 本年制发件数：未填写" in out
    cells = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["cells"]
    assert cells["t2.art20_5.licensing.decisions"] == 46
    assert cells["t2.art20_6.penalty.decisions"] == 18
    assert cells["t2.art20_8.admin_fees.fee_amount"] == 0.35
    out = run("ledger", "proactive-show", "--year", "2024", width=200)
    assert "未填写" in out and "表二有 2 格尚未填写" in out

    # The Excel template's 表二 sheet, filled and imported with the ledger.
    run("ledger", "template", "模板.xlsx", "--year", "2024")
    wb = load_workbook(tmp_path / "模板.xlsx")
    ws = wb["表二"]
    rows = {(r[2].value, r[3].value): r for r in ws.iter_rows(min_row=2)}
    rows[("行政规范性文件", "本年制发件数")][4].value = 1
    rows[("行政规范性文件", "本年废止件数")][4].value = 0
    rows[("规章", "本年制发件数")][4].value = 0
    wr = wb["复议诉讼"]
    wr.append([None, "复2024-3", "行政复议", "2024-03-01", "结果维持", "2024-05-01", ""])
    wb.save(tmp_path / "模板.xlsx")
    out = run("ledger", "import", "模板.xlsx")
    assert (
        out
        == "已导入 模板.xlsx：新增 0 件，更新 0 件；表二 3 格；复议诉讼案件新增 1 件，更新 0 件\n"
    )
    out = run("compose", "--year", "2024", "-o", "r.json")
    assert "未填写" not in out
    cells = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["cells"]
    assert cells["t2.art20_1.normative_documents.issued"] == 1
    assert cells["t4.review.upheld"] == 1


# -- the narrative ---------------------------------------------------------------------------
NARRATIVE = """\
---
落款: 示例镇人民政府
日期: 2025-01-20
---
# 示例镇人民政府2024年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》编制。

## 一、总体情况

全年收到申请1件。

## 五、存在的主要问题及改进情况

无。

## 六、其他需要报告的事项

未收取信息处理费。
"""


def test_narrative_keeps_opening_and_signature(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    (tmp_path / "正文.md").write_text(NARRATIVE, encoding="utf-8")
    run("compose", "--year", "2024", "--narrative", "正文.md", "-o", "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["preamble"] == "本报告根据《中华人民共和国政府信息公开条例》编制。"
    assert report["signature"] == {"name": AGENCY, "date": "2025-01-20"}
    run("render", "r.json", "-f", "txt", "-o", "r.txt")
    text = (tmp_path / "r.txt").read_text(encoding="utf-8").splitlines()
    assert text[2] == "本报告根据《中华人民共和国政府信息公开条例》编制。"
    assert text[3] == "一、总体情况"
    assert text[-2:] == [AGENCY, "2025年1月20日"]


def test_heading_that_differs_says_what_was_expected(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("ledger", "init", "--agency", AGENCY)
    # A sub-heading numbered like the missing section, and a mistyped first section.
    (tmp_path / "a.md").write_text(
        NARRATIVE.replace("## 五、存在的主要问题及改进情况", "### 五、存在问题"), encoding="utf-8"
    )
    out = run("compose", "--year", "2024", "--narrative", "a.md", code=1)
    assert out.startswith(
        "a.md：标题“五、存在问题”应为“五、存在的主要问题及改进情况”（格式规定的章节：一、总体情况、"
    )
    (tmp_path / "b.md").write_text(
        NARRATIVE.replace("## 一、总体情况", "## 一、总体情况概述"), encoding="utf-8"
    )
    out = run("compose", "--year", "2024", "--narrative", "b.md", code=1)
    assert out.startswith("b.md：标题“一、总体情况概述”应为“一、总体情况”")


def test_draft_states_the_counts_and_composes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
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
        "--fee",
        "20",
    )
    run(
        "ledger",
        "add",
        "--serial",
        "2024-002",
        "--type",
        "商业企业",
        "--received",
        "2024-05-06",
        "--outcome",
        "部分公开",
        "--reply-date",
        "2024-05-20",
    )
    run("ledger", "add", "--serial", "2024-003", "--type", "自然人", "--received", "2024-12-23")
    run(
        "ledger",
        "review-add",
        "--kind",
        "行政复议",
        "--filed",
        "2024-04-01",
        "--case-no",
        "复2024-1",
    )
    out = run("ledger", "draft", "--year", "2024", "-o", "草稿.md", "--date", "2025-01-20")
    assert (
        out == "已生成正文草稿：草稿.md（修改后用 ogi compose --year 2024 --narrative 草稿.md）\n"
    )
    text = (tmp_path / "草稿.md").read_text(encoding="utf-8")
    assert text.startswith("---\n落款: 示例镇人民政府\n日期: 2025-01-20\n---\n")
    assert (
        "2024年，本机关共收到政府信息公开申请3件（其中自然人2件、商业企业1件），上年结转0件；"
        "本年度办结2件，其中予以公开1件、部分公开1件；结转下年度继续办理1件。"
        "本年度收取信息处理费20元。"
    ) in text
    assert "本年度因政府信息公开工作被申请行政复议1件，其中结果纠正0件；被提起行政诉讼0件。" in text
    assert "国办公开办函〔2021〕30号" in text
    assert "已存在" in run("ledger", "draft", "--year", "2024", "-o", "草稿.md", code=2)
    run(
        "ledger",
        "proactive-set",
        "--year",
        "2024",
        *[
            f"{c}=0"
            for c in (
                "规章 本年制发件数",
                "规章 本年废止件数",
                "规章 现行有效件数",
                "行政规范性文件 本年制发件数",
                "行政规范性文件 本年废止件数",
                "行政规范性文件 现行有效件数",
                "行政许可",
                "行政处罚",
                "行政强制",
                "行政事业性收费",
            )
        ],
    )
    # Unedited, the prompts are placeholders the checker refuses.
    run("compose", "--year", "2024", "--narrative", "草稿.md", "-o", "r.json")
    out = run("check", "r.json", width=200, code=1)
    assert out.count("C-PLACEHOLDER") == 7
    # Edited, the report composes with its opening and signature and checks clean.
    edited = re.sub(r"【请填写[^】]*】", "已按要求开展工作。", text)
    (tmp_path / "草稿.md").write_text(edited, encoding="utf-8")
    run("compose", "--year", "2024", "--narrative", "草稿.md", "-o", "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["preamble"].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert report["signature"] == {"name": AGENCY, "date": "2025-01-20"}
    assert report["problems"] == []
    out = run("check", "r.json", width=200)
    assert "错误 0 条" in out


def test_a_fee_is_not_collected_from_an_applicant_who_did_not_pay(run) -> None:  # type: ignore[no-untyped-def]
    # the fee of an application the applicant did not pay for is the one the notice
    # asked for: recorded, never counted as collected (stats, the draft's fee sentence)
    run("ledger", "init", "--agency", AGENCY)
    unpaid = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    base = ["ledger", "add", "--type", "自然人", "--received", "2024-03-01"]
    run(*base, "--serial", "F1", "--outcome", unpaid, "--reply-date", "2024-04-10", "--fee", "150")
    assert "收取信息处理费：0 件，共 0 元" in run("ledger", "stats", "--year", "2024")
    run(
        *base,
        "--serial",
        "F2",
        "--outcome",
        "予以公开",
        "--reply-date",
        "2024-03-20",
        "--fee",
        "30",
    )
    assert "收取信息处理费：1 件，共 30 元" in run("ledger", "stats", "--year", "2024")
