"""Jinja2 pages: autoescaped (every text from a report is escaped), with the user, the
CSRF token and the navigation available to every template."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from ogi.check.finding import SEVERITY_ZH, STATUS_ZH
from ogi.store.accounts import ROLES
from ogi.web.permissions import is_public_on
from ogi.web.security import csrf_token, current_user, take_flashes


def number(v: object, places: int = 0) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return f"{v:,.{places}f}" if places else (f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}")
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def percent(v: object) -> str:
    if v is None:
        return "—"
    return f"{float(v) * 100:.1f}%"  # type: ignore[arg-type]


def signed(v: object) -> str:
    if v is None:
        return "—"
    return f"{v:+,}" if isinstance(v, int) else f"{v:+.1f}"


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("ogi.web", "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = number
    env.filters["pct"] = percent
    env.filters["signed"] = signed
    env.filters["sev"] = lambda s: SEVERITY_ZH.get(s, s)
    env.globals["ROLES"] = ROLES
    env.globals["STATUS_ZH"] = STATUS_ZH  # 新增 / 仍存在 / 已修正, as ogi check prints them
    return env


templates = Jinja2Templates(env=_env())


def query(request: Request, **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return "?" + urlencode(params) if params else "?"


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    user = current_user(request)
    base = {
        "request": request,
        "user": user,
        "csrf": csrf_token(request),
        "flashes": take_flashes(request),
        "public_on": is_public_on(request),
        "query": lambda **kw: query(request, **kw),
        "title": "",
    }
    base.update(context)
    return templates.TemplateResponse(request, name, base, status_code=status_code)
