"""Sessions, the logged-in user and CSRF protection.

A session is a signed cookie (Starlette's SessionMiddleware) holding the user's id and a
random CSRF token; every form carries the token and every state-changing request is
refused without it.
"""

from __future__ import annotations

import secrets

from fastapi import Request

from ogi.store.accounts import User

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """The page needs a logged-in user."""


class Forbidden(Exception):
    """The user may not do this; the message says why, in Chinese."""

    def __init__(self, message: str = "没有权限进行此操作") -> None:
        super().__init__(message)
        self.message = message


class CsrfFailed(Exception):
    pass


def current_user(request: Request) -> User | None:
    """The active user of this session, loaded once per request."""
    if hasattr(request.state, "user"):
        return request.state.user  # type: ignore[no-any-return]
    user = None
    uid = request.session.get("uid")
    if isinstance(uid, int):
        with request.app.state.store.session() as s:
            found = s.get(User, uid)
            if found is not None and found.active:
                s.expunge(found)
                user = found
    request.state.user = user
    return user


def login(request: Request, user: User) -> None:
    # A new session on log-in, so a token planted before it is worthless afterwards.
    request.session.clear()
    request.session["uid"] = user.id
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.state.user = user


def logout(request: Request) -> None:
    request.session.clear()
    request.state.user = None


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request whose token is missing or wrong."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfFailed()


def flash(request: Request, message: str, kind: str = "info") -> None:
    """A message shown once on the next page."""
    items = list(request.session.get("flash") or [])
    items.append([kind, message])
    request.session["flash"] = items[-20:]


def take_flashes(request: Request) -> list[list[str]]:
    items = list(request.session.get("flash") or [])
    if items:
        request.session["flash"] = []
    return items
