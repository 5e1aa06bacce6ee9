"""`ogi users`: accounts of the web application, from the server's command line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ogi.cli import command_group

users_app = command_group("网页应用的账户：建立、列出、修改、停用")

DB_OPTION = typer.Option(
    "--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _password(given: str | None, stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    if given:
        return given
    first = typer.prompt("密码", hide_input=True)
    again = typer.prompt("再输一遍", hide_input=True)
    if first != again:
        err.print("两次输入的密码不一致")
        raise typer.Exit(2)
    return first


def _store(db: str | None):  # type: ignore[no-untyped-def]
    try:
        from ogi.store import open_store
    except ImportError:  # pragma: no cover
        err.print("需要额外的依赖：pip install -e '.[web]'")
        raise typer.Exit(2) from None
    return open_store(db)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(metavar="用户名", help="用户名")],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="admin（管理员）、supervisor（审核人）、viewer（查看人）、"
            "filler（机关填报人）、reviewer（机关审核人）",
        ),
    ] = "viewer",
    region: Annotated[str | None, typer.Option("--region", help="审核人所审核的地区")] = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="填报人、机关审核人所属机关的全称")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="姓名")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="密码（不给则提示输入）")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读密码")
    ] = False,
    db: Annotated[str | None, DB_OPTION] = None,
) -> None:
    """建立账户。"""
    from ogi.services.accounts import AccountError, create_user

    secret = _password(password, password_stdin)
    store = _store(db)
    try:
        with store.session() as s:
            create_user(s, username, secret, role, region, name, agency)
    except AccountError as e:
        err.print(str(e))
        raise typer.Exit(2) from None
    typer.echo(f"已建立用户 {username}（{role}{'，' + region if region else ''}）")


@users_app.command("list")
def list_cmd(db: Annotated[str | None, DB_OPTION] = None) -> None:
    """列出账户。"""
    from sqlalchemy import select

    from ogi.services.accounts import list_users
    from ogi.store.accounts import ROLES
    from ogi.store.models import Agency

    store = _store(db)
    with store.session() as s:
        agencies = {a.id: a.name for a in s.scalars(select(Agency))}
        rows = [
            (
                u.username,
                u.display_name,
                ROLES[u.role],
                u.region or "",
                agencies.get(u.agency_id, "") if u.agency_id else "",  # a filler's, a reviewer's
                u.active,
            )
            for u in list_users(s)
        ]
    t = Table("用户名", "姓名", "角色", "地区", "机关", "状态")
    for username, display, role, region, agency, active in rows:
        t.add_row(username, display, role, region, agency, "正常" if active else "已停用")
    Console(highlight=False).print(t)


@users_app.command("set")
def set_cmd(
    username: Annotated[str, typer.Argument(metavar="用户名", help="用户名")],
    role: Annotated[str | None, typer.Option("--role", help="新角色")] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="新地区（空字符串表示清除）")
    ] = None,
    active: Annotated[bool | None, typer.Option("--active/--disabled", help="启用或停用")] = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="所属机关全称（填报人、机关审核人）")
    ] = None,
    password: Annotated[bool, typer.Option("--password", help="改密码（提示输入）")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读新密码")
    ] = False,
    db: Annotated[str | None, DB_OPTION] = None,
) -> None:
    """修改账户的角色、地区、所属机关、状态或密码。"""
    from ogi.services.accounts import AccountError, update_user

    secret = _password(None, password_stdin) if (password or password_stdin) else None
    store = _store(db)
    try:
        with store.session() as s:
            update_user(
                s,
                username,
                role=role,
                region=region,
                active=active,
                password=secret,
                agency=agency,
            )
    except AccountError as e:
        err.print(str(e))
        raise typer.Exit(2) from None
    typer.echo(f"已更新用户 {username}")
