"""LibreOffice as a converter: found on the machine, run with a private profile, bounded
in time, and stopped with every process it started.

ogi converts two ways through it: its own DOCX rendering to PDF (`ogi.render.pdf`), and
an agency's legacy Word file to DOCX so that it reads as any DOCX
(`ogi.readers.legacy_word`). LibreOffice is the one converter that keeps merged cells.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from ogi import limits
from ogi.oserrors import reason

# where LibreOffice installs itself when its program is not on the path
_USUAL_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


# On POSIX the office starts as this small program: it bounds its own address space
# (what it starts inherits the bound), then becomes LibreOffice. A bound the system
# refuses is left off; a program that cannot be started says its errno on stderr.
_NOT_STARTED = "ogi-exec-errno:"
_BOUNDED = f"""
import os, resource, sys
n = int(sys.argv[1])
try:
    resource.setrlimit(resource.RLIMIT_AS, (n, n))
except (ValueError, OSError):
    pass
try:
    os.execvp(sys.argv[2], sys.argv[2:])
except OSError as e:
    sys.stderr.write("{_NOT_STARTED}" + str(e.errno))
    sys.exit(127)
"""


class ConvertError(Exception):
    """A conversion that did not give its file; the message says why, in Chinese."""


def soffice() -> str | None:
    """The LibreOffice program: OGI_SOFFICE when set (even if it is not there, so that
    a wrong setting is reported rather than passed over), else soffice or libreoffice on
    the path, else a usual install place; None when there is none."""
    named = os.environ.get("OGI_SOFFICE")
    if named:
        return named
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((p for p in _USUAL_PLACES if Path(p).is_file()), None)


def convert(source: Path, to: str, folder: Path, timeout: float) -> Path:
    """Convert `source` with the export filter `to` (`pdf`, `docx:MS Word 2007 XML`) into
    `folder`, within `timeout` seconds; return the file made. The profile is a private
    one in `folder`: a user's settings or a LibreOffice already running must neither
    change nor block the conversion. Raises `ConvertError`."""
    program = soffice()
    if program is None:
        raise ConvertError(
            "本机未安装 LibreOffice（soffice 命令；也可用环境变量 OGI_SOFFICE 指定）"
        )
    out = folder / "converted"
    command = [
        program,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(out),
        str(source),
    ]
    if os.name == "posix":
        memory = str(limits.SOFFICE_MEMORY.value)
        command = [sys.executable, "-I", "-S", "-c", _BOUNDED, memory, *command]
    try:
        # a session of its own: on time-out the launcher and the office it started are
        # stopped together (killing the launcher alone leaves the office running)
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=os.name == "posix",
        )
    except OSError as e:
        raise ConvertError(f"无法启动 LibreOffice（{program}）：{reason(e)}") from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise ConvertError(f"LibreOffice 转换超时（超过 {timeout:g} 秒）") from None
    made = out / (source.stem + "." + to.split(":", 1)[0])
    if made.is_file():
        return made
    if proc.returncode == 127 and err.startswith(_NOT_STARTED.encode()):
        code = int(err[len(_NOT_STARTED) :].split()[0])
        why = reason(OSError(code, os.strerror(code)))
        raise ConvertError(f"无法启动 LibreOffice（{program}）：{why}")
    # killed by a signal (negative), or by one its shell script reports as 128 + n: an
    # office that ran out of its address space aborts (SIGABRT) or is killed
    if proc.returncode < 0 or proc.returncode > 128:
        raise ConvertError(limits.SOFFICE_MEMORY.say())
    if b"could not be loaded" in err:
        raise ConvertError("LibreOffice 无法打开该文件（文件可能已损坏或已加密）")
    raise ConvertError(f"LibreOffice 未能转换该文件（退出码 {proc.returncode}）")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the conversion and every process it started."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()
    proc.communicate()
