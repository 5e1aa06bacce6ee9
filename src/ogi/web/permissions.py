"""Who may do what. Every route asks here, never decides by itself, so the agency
workspace and later pages reuse the same rules.

- administrator: everything, accounts and settings included;
- supervisor: creates batches in the region supervised, uploads to them and decides on
  their findings; reads everything else;
- viewer: reads everything, changes nothing;
- a visitor who is not logged in: reads published reports, the corpus and the analysis,
  and only when the operator has turned public access on.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.services.accounts import public_access
from ogi.store.accounts import User
from ogi.store.review import Batch, Upload, draft_report_ids
from ogi.web.security import Forbidden, LoginRequired, current_user


def region_covers(supervised: str | None, region: str | None) -> bool:
    """A supervisor's region covers the same region and the regions named under it
    (“示例县” covers “示例县示例镇”); with division codes the same holds for prefixes."""
    if not supervised or not region:
        return False
    return region.strip().startswith(supervised.strip())


def is_public_on(request: Request) -> bool:
    cached = getattr(request.state, "public_on", None)
    if cached is None:
        with request.app.state.store.session() as s:
            cached = public_access(s)
        request.state.public_on = cached
    return bool(cached)


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


def require_admin(request: Request) -> User:
    user = require_user(request)
    if user.role != "admin":
        raise Forbidden("只有管理员可以进行此操作")
    return user


def reader(request: Request) -> User | None:
    """For read-only pages: the user, or None for a visitor when public access is on."""
    user = current_user(request)
    if user is None and not is_public_on(request):
        raise LoginRequired()
    return user


def can_create_batch(user: User | None, region: str | None = None) -> bool:
    if user is None:
        return False
    if user.role == "admin":
        return True
    return user.role == "supervisor" and (region is None or region_covers(user.region, region))


def can_view_batch(user: User | None, batch: Batch) -> bool:
    if user is None:
        return False
    if user.role in ("admin", "viewer"):
        return True
    return user.role == "supervisor" and region_covers(user.region, batch.region)


def can_edit_batch(user: User | None, batch: Batch) -> bool:
    if user is None:
        return False
    if user.role == "admin":
        return True
    return user.role == "supervisor" and region_covers(user.region, batch.region)


def require_batch_view(user: User | None, batch: Batch) -> None:
    if user is None:
        raise LoginRequired()
    if not can_view_batch(user, batch):
        raise Forbidden(f"您没有查看“{batch.region}”批次的权限")


def require_batch_edit(user: User | None, batch: Batch) -> None:
    if user is None:
        raise LoginRequired()
    if not can_edit_batch(user, batch):
        raise Forbidden(f"只有管理员或“{batch.region}”的审核人可以修改此批次")


def can_read_report(user: User | None, public: bool) -> bool:
    """Logged-in users read every published report; visitors only public ones."""
    return user is not None or public


def require_report_read(session: Session, user: User | None, report_id: int, public: bool) -> None:
    """The one rule for opening a stored report by its id (its page, original, findings,
    a comparison): a published report as `can_read_report` says; a batch's draft only
    for whoever may see a batch it was uploaded to, as its upload page."""
    drafts = draft_report_ids().where(Upload.report_id == report_id)
    batches = list(
        session.scalars(
            select(Batch).where(Batch.id.in_(drafts.with_only_columns(Upload.batch_id)))
        )
    )
    if not batches:
        if not can_read_report(user, public):
            raise LoginRequired()
        return
    if user is None:
        raise LoginRequired()
    if not any(can_view_batch(user, b) for b in batches):
        raise Forbidden("这份报告是核查批次中的送审稿，您没有查看该批次的权限")


# Parameter types for routes: `def page(user: LoggedIn)`.
LoggedIn = Annotated[User, Depends(require_user)]
Admin = Annotated[User, Depends(require_admin)]
Reader = Annotated[User | None, Depends(reader)]
