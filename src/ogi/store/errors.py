"""Why a store cannot be used, in one Chinese line a user can act on.

A wrong URL, a server that is down, a missing role or database, a file that is not a
database: each becomes `StoreError` with the URL (password hidden), what failed and
what to check, never a driver's traceback.
"""

from __future__ import annotations

import re


class StoreError(Exception):
    """A store that cannot be opened or used; the message is one line, in Chinese."""


def mask_password(url: str) -> str:
    """The URL with its password replaced by ***, safe to print."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


# (pattern in the driver's message, what failed, what to check); first match wins
_CAUSES: tuple[tuple[str, str, str], ...] = (
    (
        r"connection refused",
        "连接被拒绝，该主机和端口上没有数据库服务器在运行",
        "服务器是否已启动，URL 中的主机和端口是否正确",
    ),
    (
        r"password authentication failed|password authentication|no password supplied",
        "用户名或密码不对",
        "URL 中的用户名和密码",
    ),
    (
        r'role "([^"]+)" does not exist',
        "服务器上没有用户（角色）{0}",
        "URL 中的用户名，或请数据库管理员建立该用户",
    ),
    (
        r'database "([^"]+)" does not exist',
        "服务器上没有数据库 {0}",
        "URL 中的数据库名，或先建立该数据库（createdb {0}）",
    ),
    (
        r"could not translate host name|failed to resolve host|name or service not known"
        r"|nodename nor servname|temporary failure in name resolution",
        "无法解析主机名",
        "URL 中的主机名",
    ),
    (
        r"timeout expired|timed out|network is unreachable|no route to host",
        "连接超时或网络不通",
        "网络、防火墙以及 URL 中的主机和端口",
    ),
    (
        r"no pg_hba\.conf entry",
        "服务器不接受来自本机的连接（pg_hba.conf）",
        "服务器的访问控制设置",
    ),
    (
        r"server closed the connection|connection is lost|terminating connection",
        "与数据库服务器的连接中断",
        "服务器是否在运行，稍后重试",
    ),
    (
        r"unable to open database file",
        "无法打开数据库文件（所在目录不存在或没有权限）",
        "路径是否正确、目录是否存在、是否有写权限",
    ),
    (
        r"file is not a database|file is encrypted",
        "该文件不是 SQLite 数据库",
        "--db 或 OGI_DB 是否指向了别的文件",
    ),
    (
        r"readonly database|read-only",
        "数据库只读，无法写入",
        "文件和所在目录的写权限",
    ),
    (
        r"database is locked",
        "数据库被另一个程序长时间占用，等待超时",
        "是否有其他 ogi 命令或程序正在写入，稍后重试",
    ),
    (
        r"disk is full|disk i/o error|no space left",
        "磁盘已满或读写出错",
        "磁盘空间和文件系统",
    ),
    (
        r"database disk image is malformed",
        "数据库文件已损坏",
        "用备份恢复该文件",
    ),
)


def describe(url: str, error: BaseException) -> str:
    """One line: which database, what failed, what to check."""
    where = mask_password(url)
    if isinstance(error, ModuleNotFoundError) and "psycopg" in str(error):
        return (
            f"无法打开数据库 {where}：没有安装 PostgreSQL 驱动 psycopg；"
            "请安装：pip install 'ogi[pg]'"
        )
    if isinstance(error, ModuleNotFoundError):
        return (
            f"无法打开数据库 {where}：没有安装该数据库的驱动（{error.name}）；"
            "ogi 支持 SQLite（sqlite:///文件路径）和 PostgreSQL（postgresql+psycopg://…）"
        )
    kind = type(error).__name__
    if kind == "NoSuchModuleError":
        scheme = url.split("://", 1)[0]
        return (
            f"无法打开数据库 {where}：不认识的数据库类型“{scheme}”；"
            "请检查 URL（可用 sqlite:///文件路径 或 postgresql+psycopg://用户:密码@主机:端口/库名）"
        )
    if kind == "ArgumentError":
        return (
            f"无法打开数据库 {where}：URL 格式不对；"
            "请检查 URL（如 postgresql+psycopg://用户:密码@主机:端口/库名）"
        )
    text = str(getattr(error, "orig", None) or error)
    for pattern, what, check in _CAUSES:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            args = m.groups() or ("",)
            check = check.format(*args)
            gap = " " if check[0].isascii() else ""
            return f"无法打开数据库 {where}：{what.format(*args)}；请检查{gap}{check}"
    first = (text.strip().splitlines() or [kind])[0]
    return f"无法打开数据库 {where}：{first}"
