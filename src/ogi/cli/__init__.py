"""The `ogi` command line.

Commands are mounted lazily: `ogi extract one.txt` imports the extract command's module
and nothing else (no database layer, no check rules), so a small job starts fast. Each
entry of `COMMANDS` names where a command lives; its module is imported only when that
command runs or when `ogi --help` lists the commands.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from ogi.cli.zh import install as _chinese_framework_messages

# name → (module, attribute, help shown in `ogi --help` for a group, or None)
COMMANDS: dict[str, tuple[str, str, str | None]] = {
    "extract": ("ogi.cli.extract", "extract", None),
    "check": ("ogi.cli.check", "check", None),
    "rules": ("ogi.cli.check", "rules", None),
    "ledger": ("ogi.cli.ledger", "ledger_app", "依申请公开台账、复议诉讼案件与主动公开数据"),
    "compose": ("ogi.cli.report", "compose_cmd", None),
    "render": ("ogi.cli.report", "render_cmd", None),
    "ingest": ("ogi.cli.corpus", "ingest_cmd", None),
    "export": ("ogi.cli.dataset", "export_cmd", None),
    "stats": ("ogi.cli.dataset", "stats_cmd", None),
    "agencies": ("ogi.cli.dataset", "agencies_app", "机关：列出、合并、改名（人工的决定会保留）"),
    "corpus": ("ogi.cli.dataset", "corpus_app", "库中的报告：列出、查找、查看"),
    "db": ("ogi.cli.db", "db_app", "数据库：查看状态、升级与修复"),
    "serve": ("ogi.cli.serve", "serve_cmd", None),
    "users": ("ogi.cli.users", "users_app", "网页应用的账户"),
}


def load_command(name: str) -> Any:
    """The click command `name` stands for, importing its module now."""
    module, attribute, group_help = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        cmd = typer.main.get_command(target)
        cmd.name = name
        if group_help:
            cmd.help = cmd.short_help = group_help
        return cmd
    one = typer.Typer(add_completion=False)
    one.command(name)(target)
    return typer.main.get_command(one)


class LazyGroup(TyperGroup):
    """A command group whose commands are imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: Any) -> Any:
        from ogi.store.errors import StoreError

        try:
            return super().invoke(ctx)
        except StoreError as e:  # a database that cannot be opened: one line, no traceback
            typer.echo(str(e), err=True)
            raise typer.Exit(2) from None


_chinese_framework_messages()

app = typer.Typer(
    cls=LazyGroup,
    help="政府信息公开工作年度报告：读取（extract）、核查（check）、编制与分析。",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """政府信息公开工作年度报告工具。"""


def main() -> None:  # pragma: no cover
    app()
