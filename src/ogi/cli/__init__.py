"""The `ogi` command line.

Commands are mounted lazily: `ogi extract one.txt` imports the extract command's module
and nothing else (no database layer, no check rules), so a small job starts fast. Each
entry of `COMMANDS` names where a command lives and the line `ogi --help` shows for it;
its module is imported only when that command runs (or its own help is asked for), so
listing the commands imports none of them.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# numpy's OpenBLAS starts a thread for each core when numpy is imported, and each spins
# a while before it sleeps: 0.1–0.2 s of another core's CPU in every process that reads
# a PDF, for nothing, as ogi does no linear algebra worth threads and a batch already
# runs one process a core. Set before any command imports numpy (its workers inherit
# it); a user's own setting stands.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import typer
from typer.core import TyperGroup

from ogi.cli.zh import install as _chinese_framework_messages

# name → (module, attribute, the line `ogi --help` shows). A group's line is its help
# too; a command's must be the first paragraph of its own help (a test compares them).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": (
        "ogi.cli.extract",
        "extract",
        "读取年度报告，输出结构化数据（JSON；多个文件为 JSON Lines）。",
    ),
    "check": ("ogi.cli.check", "check", "核查年度报告：表格勾稽关系、格式版本、结构、内容与时限。"),
    "rules": ("ogi.cli.check", "rules", "列出核查规则；给出编号时显示该规则的说明、反例和正例。"),
    "ledger": ("ogi.cli.ledger", "ledger_app", "依申请公开台账、复议诉讼案件与主动公开数据"),
    "compose": (
        "ogi.cli.report",
        "compose_cmd",
        "由台账编制年度报告（表格由台账统计得出），输出报告 JSON。",
    ),
    "render": (
        "ogi.cli.report",
        "render_cmd",
        "把报告排版输出为 DOCX、HTML、Markdown、PDF 或纯文本。",
    ),
    "ingest": (
        "ogi.cli.corpus",
        "ingest_cmd",
        "读取报告并存入数据库（按文件内容去重，已存入的文件不再读取；可反复执行，中断后重跑即可补全）。",
    ),
    "export": (
        "ogi.cli.dataset",
        "export_cmd",
        "导出库中的报告：数据表，附数据字典（每列的中文名、表格、版本、单位、含义）和问题表。",
    ),
    "stats": (
        "ogi.cli.dataset",
        "stats_cmd",
        "统计指标：收到申请、予以公开与部分公开、不予公开理由、不掌握、结转、复议诉讼及纠错率、同比变化。",
    ),
    "agencies": ("ogi.cli.dataset", "agencies_app", "机关：列出、合并、改名（人工的决定会保留）"),
    "corpus": ("ogi.cli.dataset", "corpus_app", "库中的报告：列出、查找、查看"),
    "db": ("ogi.cli.db", "db_app", "数据库：查看状态、升级与修复"),
    "serve": ("ogi.cli.serve", "serve_cmd", "启动网页应用：上传与核查、报告库、统计分析。"),
    "users": ("ogi.cli.users", "users_app", "网页应用的账户"),
}


def command_group(help: str) -> typer.Typer:
    """A group of commands mounted under `ogi` (`ogi ledger …`). It offers no shell
    completion of its own: Typer would put its options, in English, in the group's
    help, and completion is the top command's business."""
    return typer.Typer(help=help, no_args_is_help=True, add_completion=False)


def load_command(name: str) -> Any:
    """The click command `name` stands for, importing its module now."""
    module, attribute, line = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        cmd = typer.main.get_command(target)
        cmd.name = name
        cmd.help = cmd.short_help = line
        return cmd
    one = typer.Typer(add_completion=False)
    one.command(name)(target)
    return typer.main.get_command(one)


def listed_command(name: str) -> Any:
    """What `ogi --help` needs of command `name` (its name and line), without importing
    its module."""
    from typer.core import TyperCommand  # on the Click Typer runs on, vendored or not

    return TyperCommand(name, short_help=COMMANDS[name][2], help=COMMANDS[name][2])


class LazyGroup(TyperGroup):
    """A command group whose commands are imported on first use."""

    _listing = False  # while the group's own help is written: commands need only a line

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            if self._listing:
                return listed_command(cmd_name)
            self.commands[cmd_name] = load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

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
