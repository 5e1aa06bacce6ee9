"""The `ogi` command line."""

from __future__ import annotations

import typer

from ogi.cli.zh import install as _chinese_framework_messages

_chinese_framework_messages()

app = typer.Typer(
    help="政府信息公开工作年度报告：读取（extract）、核查（check）、编制与分析。",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """政府信息公开工作年度报告工具。"""


def _mount() -> None:
    from ogi.cli.check import check, rules
    from ogi.cli.extract import extract
    from ogi.cli.ledger import ledger_app
    from ogi.cli.report import compose_cmd, render_cmd

    app.command("extract")(extract)
    app.command("check")(check)
    app.command("rules")(rules)
    app.add_typer(ledger_app, name="ledger", help="依申请公开台账、复议诉讼案件与主动公开数据")
    app.command("compose")(compose_cmd)
    app.command("render")(render_cmd)

    from ogi.cli.corpus import ingest_cmd
    from ogi.cli.dataset import agencies_app, corpus_app, export_cmd, stats_cmd

    app.command("ingest")(ingest_cmd)
    app.command("export")(export_cmd)
    app.command("stats")(stats_cmd)
    app.add_typer(agencies_app, name="agencies", help="机关：列出、合并、改名（人工的决定会保留）")
    app.add_typer(corpus_app, name="corpus", help="库中的报告：列出、查找、查看")

    from ogi.cli.serve import serve_cmd
    from ogi.cli.users import users_app

    app.command("serve")(serve_cmd)
    app.add_typer(users_app, name="users", help="网页应用的账户")


_mount()


def main() -> None:  # pragma: no cover
    app()
