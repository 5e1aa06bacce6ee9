"""Log-in, roles, CSRF and public access, at the HTTP level."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.helpers import (
    add_user,
    login,
    new_batch,
    sample_files,
    token,
    upload,
    upload_ids,
)

CSRF_MESSAGE = "表单缺少有效的安全令牌（CSRF），可能已过期或来自其他网站；请刷新页面后重试"


def test_login_with_wrong_and_right_password(app: FastAPI, client: TestClient) -> None:
    add_user(app, "zhang", "admin")
    r = client.post(
        "/login",
        data={"username": "zhang", "password": "wrong-pass", "csrf_token": token(client)},
    )
    assert r.status_code == 401
    assert "用户名或密码不正确，或账户已停用" in r.text
    login(client, "zhang")
    assert client.get("/batches").status_code == 200
    # Log-out is a form too, and needs the token.
    assert client.post("/logout", data={}).status_code == 403
    r = client.post(
        "/logout", data={"csrf_token": token(client, "/batches")}, follow_redirects=False
    )
    assert r.headers["location"] == "/login"
    assert client.get("/batches", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(app: FastAPI, client: TestClient) -> None:
    add_user(app, "zhang", "admin")
    client.get("/login")
    r = client.post("/login", data={"username": "zhang", "password": "correct-horse-1"})
    assert r.status_code == 403
    assert CSRF_MESSAGE in r.text
    r = client.post(
        "/login",
        data={"username": "zhang", "password": "correct-horse-1", "csrf_token": "forged"},
    )
    assert r.status_code == 403


def test_login_redirects_only_within_the_site(app: FastAPI, client: TestClient) -> None:
    add_user(app, "zhang", "admin")
    for target, expected in (
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/corpus", "/corpus"),
    ):
        client.cookies.clear()
        r = client.post(
            "/login",
            data={
                "username": "zhang",
                "password": "correct-horse-1",
                "next": target,
                "csrf_token": token(client),
            },
            follow_redirects=False,
        )
        assert r.headers["location"] == expected


def test_disabled_user_cannot_log_in(app: FastAPI, client: TestClient) -> None:
    from ogi.services.accounts import update_user

    add_user(app, "li", "viewer")
    with app.state.store.session() as s:
        update_user(s, "li", active=False)
    r = client.post(
        "/login",
        data={"username": "li", "password": "correct-horse-1", "csrf_token": token(client)},
    )
    assert r.status_code == 401


def test_anonymous_visitor_is_sent_to_login(client: TestClient) -> None:
    for path in ("/batches", "/corpus", "/analysis", "/agency?name=x", "/reports/1", "/admin"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next=")
    assert "尚无任何账户" in client.get("/login").text


def test_roles(app: FastAPI, client: TestClient) -> None:
    add_user(app, "admin", "admin")
    add_user(app, "sup", "supervisor", "示例县")
    add_user(app, "other", "supervisor", "邻县")
    add_user(app, "view", "viewer")
    login(client, "admin")
    bid = new_batch(client)
    html = upload(client, app, bid, [("示例镇-2024.txt", (sample_files()[-1]).read_bytes())])
    up = upload_ids(html)["示例镇-2024.txt"]
    fid = _first_fid(client.get(f"/uploads/{up}").text)

    def as_(name: str) -> str:
        client.cookies.clear()
        login(client, name)
        return token(client, "/batches")

    # A viewer reads the batch but changes nothing.
    tok = as_("view")
    assert client.get(f"/batches/{bid}").status_code == 200
    assert "上传并核查" not in client.get(f"/batches/{bid}").text
    r = client.post(
        "/batches", data={"name": "x", "region": "示例县", "year": "2024", "csrf_token": tok}
    )
    assert r.status_code == 403 and "只有管理员或该地区的审核人可以建立批次" in r.text
    r = client.post(
        f"/batches/{bid}/upload",
        data={"csrf_token": tok},
        files=[("files", ("a.txt", b"x"))],
    )
    assert r.status_code == 403 and "只有管理员或“示例县”的审核人可以修改此批次" in r.text
    r = client.post(
        f"/uploads/{up}/findings/{fid}",
        data={"decision": "dismissed", "comment": "不是错误", "csrf_token": tok},
    )
    assert r.status_code == 403
    assert client.get("/admin").status_code == 403

    # A supervisor of another region neither sees nor edits the batch.
    tok = as_("other")
    assert client.get(f"/batches/{bid}").status_code == 403
    assert client.get(f"/uploads/{up}").status_code == 403
    r = client.post(
        f"/uploads/{up}/findings/{fid}",
        data={"decision": "confirmed", "comment": "", "csrf_token": tok},
    )
    assert r.status_code == 403
    r = client.post(
        "/batches", data={"name": "x", "region": "示例县", "year": "2024", "csrf_token": tok}
    )
    assert r.status_code == 403 and "（您审核的地区：邻县）" in r.text

    # The supervisor of the region may, in it and in the places under it.
    tok = as_("sup")
    r = client.post(
        f"/uploads/{up}/findings/{fid}",
        data={"decision": "confirmed", "comment": "", "csrf_token": tok},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = client.post(
        "/batches",
        data={"name": "乡镇", "region": "示例县示例镇", "year": "2024", "csrf_token": tok},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get("/admin").status_code == 403


def _first_fid(html: str) -> str:
    import re

    found = re.search(r'action="/uploads/\d+/findings/([0-9A-Za-z.-]+)"', html)
    assert found, "no decision form on the page"
    return found.group(1)


def test_admin_manages_users_and_public_access(app: FastAPI, client: TestClient) -> None:
    add_user(app, "admin", "admin")
    login(client, "admin")
    tok = token(client, "/admin")
    r = client.post(
        "/admin/users",
        data={"username": "wang", "password": "short", "role": "viewer", "csrf_token": tok},
    )
    assert "密码至少 8 个字符" in r.text
    r = client.post(
        "/admin/users",
        data={
            "username": "wang",
            "password": "long-enough",
            "role": "supervisor",
            "csrf_token": tok,
        },
    )
    assert "审核人须填写所审核的地区" in r.text and "--region" not in r.text
    r = client.post(
        "/admin/users",
        data={
            "username": "wang",
            "password": "long-enough",
            "role": "supervisor",
            "region": "示例县",
            "csrf_token": tok,
        },
    )
    assert "已创建用户 wang" in r.text
    r = client.post("/admin/users/admin", data={"role": "viewer", "active": "1", "csrf_token": tok})
    assert "不能取消自己的管理员角色或停用自己的账户" in r.text
    r = client.post("/admin/users/wang", data={"role": "viewer", "region": "", "csrf_token": tok})
    assert "已更新用户 wang" in r.text
    assert re.search(
        r"<td>wang</td><td></td><td>查看人</td><td></td><td></td>\s*<td>已停用</td>", r.text
    )
    # Public access: off by default, on when the administrator says so.
    client.cookies.clear()
    assert client.get("/corpus", follow_redirects=False).status_code == 303
    login(client, "admin")
    r = client.post("/admin/settings", data={"public": "1", "csrf_token": token(client, "/admin")})
    assert "已开放公众访问已发布的报告" in r.text
    client.cookies.clear()
    assert client.get("/corpus").status_code == 200
    assert client.get("/batches", follow_redirects=False).status_code == 303


def test_nothing_editable_anonymously(app: FastAPI, client: TestClient) -> None:
    """With public access on, a visitor reads published reports only, and every form
    that changes something answers 401 even with a valid token of the visitor's own."""
    add_user(app, "admin", "admin")
    login(client, "admin")
    client.post("/admin/settings", data={"public": "1", "csrf_token": token(client, "/admin")})
    bid = new_batch(client)
    html = upload(client, app, bid, [("示例镇-2024.txt", sample_files()[-1].read_bytes())])
    up = upload_ids(html)["示例镇-2024.txt"]
    fid = _first_fid(client.get(f"/uploads/{up}").text)
    client.cookies.clear()
    tok = token(client, "/login")
    attempts = [
        ("/batches", {"name": "x", "region": "示例县", "year": "2024"}),
        (f"/batches/{bid}/upload", {}),
        (f"/uploads/{up}/findings/{fid}", {"decision": "dismissed", "comment": "x"}),
        ("/corpus/upload", {}),
        ("/admin/users", {"username": "evil", "password": "12345678", "role": "admin"}),
        ("/admin/settings", {"public": "0"}),
    ]
    for path, data in attempts:
        r = client.post(path, data={**data, "csrf_token": tok}, files=[("files", ("a.txt", b"1"))])
        assert r.status_code == 401, path
        assert "请先登录" in r.text
    # The batch's report is not published: the visitor cannot read it.
    rid = app.state.store.session
    with rid() as s:
        from ogi.store.review import Upload

        report_id = s.get(Upload, up).report_id
    assert client.get(f"/reports/{report_id}", follow_redirects=False).status_code == 303
    assert client.get(f"/uploads/{up}", follow_redirects=False).status_code == 303
    assert "没有符合条件的报告" in client.get("/corpus").text


def _flash(r) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'<div class="flash (?:ok|error)">([^<]*)</div>', r.text)


def test_admin_gives_an_agency_role_only_with_its_agency(app: FastAPI, client: TestClient) -> None:
    from ogi.services.accounts import find_user
    from ogi.store.models import Agency

    add_user(app, "admin", "admin")
    add_user(app, "wang", "viewer")
    with app.state.store.session() as s:
        s.add(Agency(name="示例镇人民政府"))
    login(client, "admin")
    tok = token(client, "/admin")
    for role, label in (("filler", "填报人"), ("reviewer", "机关审核人")):
        r = client.post("/admin/users/wang", data={"role": role, "active": "1", "csrf_token": tok})
        assert _flash(r) == [f"{label}须填写所属机关全称"]
    r = client.post(
        "/admin/users/wang",
        data={"role": "filler", "active": "1", "agency": "示例镇政府", "csrf_token": tok},
    )
    assert _flash(r) == ["没有机关“示例镇政府”：请核对全称（机关须先在库中建立）"]
    r = client.post("/admin/users/wang", data={"role": "supervisor", "csrf_token": tok})
    assert _flash(r) == ["审核人须填写所审核的地区"]
    with app.state.store.session() as s:
        user = find_user(s, "wang")
        assert user is not None and (user.role, user.agency_id) == ("viewer", None)
    r = client.post(
        "/admin/users/wang",
        data={"role": "filler", "active": "1", "agency": "示例镇人民政府", "csrf_token": tok},
    )
    assert _flash(r) == ["已更新用户 wang"]
    assert re.search(
        r"<td>wang</td><td></td><td>填报人</td><td></td><td>示例镇人民政府</td>", r.text
    )
    # the filler's workspace opens: the account is usable
    client.cookies.clear()
    login(client, "wang")
    assert client.get("/ws").status_code == 200
    client.cookies.clear()
    login(client, "admin")
    # to 机关审核人 keeping its agency: nothing more to fill in
    again = {"role": "reviewer", "active": "1", "csrf_token": token(client, "/admin")}
    r = client.post("/admin/users/wang", data=again)
    assert _flash(r) == ["已更新用户 wang"]


def test_a_password_of_spaces_is_refused(app: FastAPI, client: TestClient) -> None:
    add_user(app, "admin", "admin")
    add_user(app, "wang", "viewer")
    login(client, "admin")
    tok = token(client, "/admin")
    blank = " " * 12
    r = client.post(
        "/admin/users",
        data={"username": "li", "password": blank, "role": "viewer", "csrf_token": tok},
    )
    assert _flash(r) == ["密码不能为空，也不能只有空格"]
    r = client.post(
        "/admin/users/wang",
        data={"role": "viewer", "active": "1", "password": blank, "csrf_token": tok},
    )
    assert _flash(r) == ["密码不能为空，也不能只有空格"]
    client.cookies.clear()
    r = client.post(
        "/login",
        data={"username": "wang", "password": blank, "csrf_token": token(client), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code != 303
