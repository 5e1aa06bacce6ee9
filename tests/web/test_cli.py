"""`ogi users` and `ogi serve` from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ogi.cli import app
from ogi.services.accounts import authenticate
from ogi.store import open_store

runner = CliRunner()


def test_users_add_list_set(tmp_path: Path) -> None:
    db = str(tmp_path / "ogi.db")
    r = runner.invoke(
        app,
        ["users", "add", "zhang", "--role", "admin", "--password-stdin", "--db", db],
        input="long-secret\n",
    )
    assert r.exit_code == 0 and r.stdout.strip() == "已建立用户 zhang（admin）"
    r = runner.invoke(
        app, ["users", "add", "li", "--role", "supervisor", "--password", "long-secret", "--db", db]
    )
    assert r.exit_code == 2 and "审核人（supervisor）须指定所审核的地区（--region）" in r.stderr
    r = runner.invoke(
        app,
        [
            "users",
            "add",
            "li",
            "--role",
            "supervisor",
            "--region",
            "示例县",
            "--password",
            "long-secret",
            "--db",
            db,
        ],
    )
    assert r.exit_code == 0 and r.stdout.strip() == "已建立用户 li（supervisor，示例县）"
    r = runner.invoke(
        app, ["users", "add", "zhang", "--role", "viewer", "--password", "long-secret", "--db", db]
    )
    assert r.exit_code == 2 and "用户 zhang 已存在" in r.stderr
    r = runner.invoke(app, ["users", "add", "wang", "--password", "short", "--db", db])
    assert r.exit_code == 2 and "密码至少 8 个字符" in r.stderr
    listing = runner.invoke(app, ["users", "list", "--db", db]).stdout
    assert "zhang" in listing and "管理员" in listing and "示例县" in listing
    r = runner.invoke(app, ["users", "set", "li", "--disabled", "--db", db])
    assert r.exit_code == 0
    r = runner.invoke(
        app, ["users", "set", "zhang", "--password-stdin", "--db", db], input="another-secret\n"
    )
    assert r.exit_code == 0
    store = open_store(db)
    with store.session() as s:
        assert authenticate(s, "li", "long-secret") is None  # disabled
        assert authenticate(s, "zhang", "long-secret") is None
        user = authenticate(s, "zhang", "another-secret")
        assert user is not None and user.password_hash.startswith("$argon2id$")
    store.close()
    r = runner.invoke(app, ["users", "set", "nobody", "--role", "viewer", "--db", db])
    assert r.exit_code == 2 and "没有用户 nobody" in r.stderr


def test_serve_refuses_several_processes_on_sqlite(tmp_path: Path) -> None:
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "ogi.db"), "--workers", "4"])
    assert r.exit_code == 2
    assert "多进程需要 PostgreSQL（--db postgresql+psycopg://…）；SQLite 请用单进程" in r.stderr


def test_users_of_an_agency(tmp_path: Path) -> None:
    from ogi.services.ledger import init_agency

    db = str(tmp_path / "ogi.db")
    base = ["users", "add", "clerk", "--role", "filler", "--password", "long-secret", "--db", db]
    r = runner.invoke(app, base)
    assert r.exit_code == 2 and "填报人（filler）须指定所属机关（--agency）" in r.stderr
    r = runner.invoke(app, [*base, "--agency", "示例镇人民政府"])
    assert r.exit_code == 2
    assert "没有机关“示例镇人民政府”：请先用 ogi ledger init 建立，或核对全称" in r.stderr
    with open_store(db).session() as s:
        ag, _ = init_agency(s, "示例镇人民政府")
        agency_id = ag.id
    r = runner.invoke(app, [*base, "--agency", "示例镇人民政府"])
    assert r.exit_code == 0, r.stderr
    with open_store(db).session() as s:
        user = authenticate(s, "clerk", "long-secret")
        assert user is not None and (user.role, user.agency_id) == ("filler", agency_id)


def test_users_list_shows_the_agency_of_its_staff(tmp_path: Path) -> None:
    from ogi.services.ledger import init_agency

    db = str(tmp_path / "ogi.db")
    with open_store(db).session() as s:
        init_agency(s, "示例镇人民政府")
    for name, role in (("lisi", "filler"), ("wangwu", "reviewer")):
        r = runner.invoke(
            app,
            ["users", "add", name, "--role", role, "--agency", "示例镇人民政府",
             "--password", "long-secret", "--db", db],
        )  # fmt: skip
        assert r.exit_code == 0, r.output
    listing = runner.invoke(app, ["users", "list", "--db", db], env={"COLUMNS": "200"}).stdout
    rows = [" ".join(line.strip("│ ").split()) for line in listing.splitlines() if "│" in line]
    assert "机关" in listing.splitlines()[1]  # the heading
    assert rows[0] == "lisi │ │ 填报人 │ │ 示例镇人民政府 │ 正常"
    assert rows[1].startswith("wangwu │ │ ") and rows[1].endswith(" │ │ 示例镇人民政府 │ 正常")


def test_users_set_to_an_agency_role_names_the_agency(tmp_path: Path) -> None:
    from ogi.store.models import Agency

    db = str(tmp_path / "ogi.db")
    r = runner.invoke(
        app, ["users", "add", "wang", "--role", "viewer", "--password", "long-secret", "--db", db]
    )
    assert r.exit_code == 0
    store = open_store(db)
    with store.session() as s:
        s.add(Agency(name="示例镇人民政府"))
    store.close()
    r = runner.invoke(app, ["users", "set", "wang", "--role", "filler", "--db", db])
    assert r.exit_code == 2 and "填报人（filler）须指定所属机关（--agency）" in r.stderr
    r = runner.invoke(
        app, ["users", "set", "wang", "--role", "filler", "--agency", "示例镇人民政府", "--db", db]
    )
    assert r.exit_code == 0 and r.stdout.strip() == "已更新用户 wang"
    r = runner.invoke(app, ["users", "list", "--db", db])
    assert "示例镇人民政府" in r.stdout and "填报人" in r.stdout
