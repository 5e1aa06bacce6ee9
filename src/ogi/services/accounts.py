"""Accounts and operator settings of the web application, shared by `ogi users` and the
administrator's pages. Passwords are kept as Argon2id hashes (argon2-cffi)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ogi import patterns
from ogi.store.accounts import AGENCY_ROLES, ROLES, Setting, User
from ogi.store.models import Agency

MIN_PASSWORD = 8
_USERNAME = patterns.compile(r"^[\w.@-]{2,80}$")
_hasher = PasswordHasher()
# Verified against when the user does not exist, so both cases take the same time.
_DUMMY = _hasher.hash("ogi-no-such-user")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message is Chinese, one line.
    `str()` is the command line's (naming its options), `web` the page's (naming the
    form's fields)."""

    def __init__(self, message: str, web: str | None = None) -> None:
        super().__init__(message)
        self.web = web or message


def _check_password(password: str) -> None:
    if not password.strip():
        raise AccountError("密码不能为空，也不能只有空格")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")


def _check_role(role: str, region: str | None) -> None:
    if role not in ROLES:
        raise AccountError(
            f"未知的角色：{role}（可选：{'、'.join(ROLES)}）",
            f"未知的角色（可选：{'、'.join(ROLES.values())}）",
        )
    if role == "supervisor" and not (region or "").strip():
        raise AccountError(
            "审核人（supervisor）须指定所审核的地区（--region）", "审核人须填写所审核的地区"
        )


def _agency_id(session: Session, role: str, agency: str | None) -> int | None:
    """The agency a filler or reviewer belongs to (by its full name); None for others."""
    if role not in AGENCY_ROLES:
        return None
    name = (agency or "").strip()
    if not name:
        raise AccountError(
            f"{ROLES[role]}（{role}）须指定所属机关（--agency）",
            f"{ROLES[role]}须填写所属机关全称",
        )
    found = session.scalar(select(Agency).where(Agency.name == name))
    if found is None:
        raise AccountError(
            f"没有机关“{name}”：请先用 ogi ledger init 建立，或核对全称",
            f"没有机关“{name}”：请核对全称（机关须先在库中建立）",
        )
    return found.id


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    region: str | None = None,
    display_name: str = "",
    agency: str | None = None,
) -> User:
    username = username.strip()
    if not _USERNAME.match(username):
        raise AccountError("用户名须为 2 至 80 个字母、数字、汉字或 . _ @ -")
    if find_user(session, username) is not None:
        raise AccountError(f"用户 {username} 已存在")
    _check_role(role, region)
    agency_id = _agency_id(session, role, agency)
    _check_password(password)
    user = User(
        username=username,
        display_name=display_name.strip(),
        password_hash=_hasher.hash(password),
        role=role,
        region=(region or "").strip() or None,
        agency_id=agency_id,
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def update_user(
    session: Session,
    username: str,
    *,
    role: str | None = None,
    region: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    password: str | None = None,
    agency: str | None = None,
) -> User:
    """Change what is given; `agency` (a full name) is the agency of a filler or reviewer,
    required when the role becomes one and the account has none, as on creation."""
    user = find_user(session, username)
    if user is None:
        raise AccountError(f"没有用户 {username}")
    new_role = role or user.role
    new_region = user.region if region is None else (region.strip() or None)
    _check_role(new_role, new_region)
    if new_role not in AGENCY_ROLES:
        agency_id = None
    elif (agency or "").strip() or user.agency_id is None:
        agency_id = _agency_id(session, new_role, agency)
    else:
        agency_id = user.agency_id  # keeps the agency it has
    user.role, user.region, user.agency_id = new_role, new_region, agency_id
    if active is not None:
        user.active = active
    if display_name is not None:
        user.display_name = display_name.strip()
    if password is not None:
        _check_password(password)
        user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None."""
    user = find_user(session, username.strip())
    try:
        if user is None:
            _hasher.verify(_DUMMY, password)
            return None
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


# -- settings --------------------------------------------------------------------------------
def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def public_access(session: Session) -> bool:
    """Whether visitors who are not logged in may read the published reports."""
    return get_setting(session, "public_access", "0") == "1"


def session_secret(session: Session) -> str:
    """The key that signs session cookies: made once and kept in the store, so that every
    process serving the store accepts the same cookies."""
    value = get_setting(session, "session_secret")
    if value:
        return value
    try:
        session.add(Setting(key="session_secret", value=secrets.token_urlsafe(48)))
        session.commit()
    except IntegrityError:
        # Another process made it first: its key is the key.
        session.rollback()
    return get_setting(session, "session_secret") or ""
