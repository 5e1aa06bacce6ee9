"""Operating-system errors in Chinese: `OSError.strerror` is the C library's English
("No such file or directory"), which must not reach a user. Every message that explains
why a file could not be read or written takes its reason from here."""

from __future__ import annotations

import errno
from pathlib import Path

REASONS: dict[int, str] = {
    errno.ENOENT: "文件不存在",
    errno.EEXIST: "文件已存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有同名文件，不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "只读文件系统，不能写入",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "磁盘读写错误",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "打开的文件过多",
    errno.EINVAL: "文件名或参数无效",
    errno.EXDEV: "不能跨磁盘移动文件",
}


def reason(e: OSError) -> str:
    """Why the operation failed, in Chinese: 文件不存在, 没有权限, 文件已存在 …"""
    if e.errno in REASONS:
        return REASONS[e.errno]
    return f"操作系统错误（错误码 {e.errno}）" if e.errno else "操作系统错误"


def describe(e: OSError) -> str:
    """The file and the reason: ``r1：路径中有同名文件，不是目录``."""
    return f"{e.filename}：{reason(e)}" if e.filename else reason(e)


def ensure_folder(folder: Path) -> None:
    """Make `folder` (and its parents); a file of that name is ENOTDIR, not EEXIST, so
    the message says what is in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, "", str(folder)) from None
