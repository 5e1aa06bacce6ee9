"""`ogi db`: the store's schema version, upgrade and repair."""

from __future__ import annotations

from typing import Annotated

import typer

from ogi.cli import command_group

db_app = command_group("数据库：查看版本、升级与修复。")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"),
]


@db_app.command("upgrade")
def upgrade_cmd(db: DbOpt = None) -> None:
    """把数据库升级到最新版本；修复上次建立时被中断的 SQLite 数据库。"""
    from ogi.store import resolve_url
    from ogi.store.database import head_revision, make_engine, upgrade
    from ogi.store.errors import StoreError, describe, mask_password

    url = resolve_url(db)
    engine = make_engine(url)
    try:
        before, after = upgrade(engine, lambda m: typer.echo(m, err=True))
    except StoreError:
        raise
    except Exception as e:
        raise StoreError(describe(url, e)) from None
    finally:
        engine.dispose()
    where = mask_password(url)
    if before == after == head_revision():
        typer.echo(f"数据库 {where} 已是最新版本（{after}）")
    else:
        typer.echo(f"数据库 {where} 已升级：{before or '空库'} → {after}")


@db_app.command("status")
def status_cmd(db: DbOpt = None) -> None:
    """显示数据库的版本和存有的报告数。"""
    from sqlalchemy import text

    from ogi.store import resolve_url
    from ogi.store.database import current_revision, head_revision, make_engine
    from ogi.store.errors import StoreError, describe, mask_password

    url = resolve_url(db)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rev = current_revision(conn)
            reports = conn.execute(text("SELECT count(*) FROM reports")).scalar() if rev else None
    except Exception as e:
        raise StoreError(describe(url, e)) from None
    finally:
        engine.dispose()
    head = head_revision()
    state = "最新" if rev == head else f"需要升级到 {head}（ogi db upgrade）"
    typer.echo(f"数据库：{mask_password(url)}")
    typer.echo(f"版本：{rev or '（空库）'}，{state}")
    if reports is not None:
        typer.echo(f"报告：{reports} 份")
