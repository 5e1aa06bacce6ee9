"""Chinese for the command-line framework's own words: usage lines, panel titles, the help
option, and the errors Typer reports for bad options ("Invalid value", "Missing
argument" …), plus help text that wraps instead of being cut with "…" at 80 columns.

Typer prints these from module constants and exception messages in English only; this
module sets the constants and rewrites the messages in one place, `install()`, which
`ogi.cli` calls before any command runs.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

USAGE = "用法："
HELP_OPTION = "显示本帮助并退出。"

_PANELS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行 [blue]“{command_path} {help_option}”[/] 查看帮助。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已停用）",
}

# (Patterns are kept as text: `re` compiles one when a message first needs it, so a
# command that prints no error compiles none.)
_TYPES = [
    (r"^Input should be a valid integer.*$", "应为整数"),
    (r"^Input should be a valid number.*$", "应为数字"),
    (r"^Input should be a valid boolean.*$", "应为是或否（true/false）"),
    (r"^Value (.+) is not a valid (\w+)\.$", r"\1 不是有效的值"),
    (r"^(?:File|Path|Directory) '?(.+?)'? does not exist\.$", r"“\1”不存在"),
]

# Whole messages, after the option name has been put in Chinese quotes.
_MESSAGES: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (
        r"(?s)^Invalid value for (.+?): (.*)$",
        lambda m: f"{_quoted(m[1])}的值无效：{_detail(m[2])}",
    ),
    (r"(?s)^Invalid value: (.*)$", lambda m: f"值无效：{_detail(m[1])}"),
    (
        r"(?s)^Missing (option|argument|parameter) (.+?)\.(?: (.*))?$",
        lambda m: f"缺少{_KIND[m[1]]}{_quoted(m[2])}" + (f"：{m[3]}" if m[3] else ""),
    ),
    (r"^Missing command\.$", lambda m: "缺少命令"),
    (
        r"^No such option: (\S+)(?: Did you mean (.+)\?)?(?: \(Possible options: (.+)\))?$",
        lambda m: (
            f"没有选项 {m[1]}"
            + (f"，是否要用 {m[2]}？" if m[2] else "")
            + (f"（可能是：{m[3]}）" if m[3] else "")
        ),
    ),
    (
        r"^No such command '(.+?)'\.?(?: Did you mean (.+)\?)?$",
        lambda m: f"没有命令“{m[1]}”" + (f"，是否要用 {m[2]}？" if m[2] else ""),
    ),
    (
        r"^Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$",
        lambda m: f"多余的参数：{m[1]}",
    ),
    (
        r"^Option '(.+?)' requires (?:an argument|(\d+) arguments)\.$",
        lambda m: f"选项“{m[1]}”需要{m[2] or '一'}个值",
    ),
    (
        r"^Option '(.+?)' does not take a value\.$",
        lambda m: f"选项“{m[1]}”不带值",
    ),
]
_KIND = {"option": "选项", "argument": "参数", "parameter": "参数"}

# The kinds of value Typer names in a parameter's help (<int>, <path>, <list[Path]>), as
# Python spells its types; a choice (<csv|xlsx>) shows what is typed and stays.
_TYPE_WORDS = {
    "int": "整数",
    "float": "数",
    "str": "文字",
    "path": "路径",
    "Path": "路径",
    "file": "文件",
    "dir": "目录",
    "datetime": "日期时间",
    "bool": "是或否",
}
_TYPE_LABEL = r"^<(list\[)?(\w+)(\])?( range)?>$"


def type_label(label: str) -> str:
    """A parameter's kind of value as its help shows it, in Chinese: <int> → <整数>,
    <list[Path]> → <路径…> (several), <int range> → <整数> (the range is shown beside
    it). A label of other words (a choice, a date format) is returned as it is."""
    m = re.match(_TYPE_LABEL, label)
    if m is None or m[2] not in _TYPE_WORDS or bool(m[1]) != bool(m[3]):
        return label
    return f"<{_TYPE_WORDS[m[2]]}{'…' if m[1] else ''}>"


def _quoted(hint: str) -> str:
    names = [n.strip().strip("'\"") for n in hint.split("/")]
    return "“" + "”或“".join(n for n in names if n) + "”"


def _detail(text: str) -> str:
    for pattern, repl in _TYPES:
        if re.match(pattern, text):
            return re.sub(pattern, repl, text)
    return text


def translate(message: str) -> str:
    """A framework error message in Chinese; ogi's own (already Chinese) unchanged."""
    for pattern, build in _MESSAGES:
        m = re.match(pattern, message)
        if m:
            return build(m)
    return message


def _usage(text: str) -> str:
    return (
        text.replace("Usage: ", USAGE)
        .replace("[OPTIONS]", "[选项]")
        .replace("COMMAND [ARGS]...", "命令 [参数]...")
    )


_installed = False


def install() -> None:
    """Put the framework's words in Chinese (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    # A Typer release that moved these names prints its own English words: the commands
    # still work, and the test of this module says which words changed.
    with contextlib.suppress(ImportError, AttributeError):
        _install()
    with contextlib.suppress(ImportError, AttributeError):  # (Typer 0.29 names the kinds)
        _install_types()


def _install() -> None:
    try:
        from typer._click import core, formatting
        from typer._click.exceptions import ClickException
    except ImportError:  # Typer releases before it vendored Click
        from click import core, formatting  # type: ignore[no-redef]
        from click.exceptions import ClickException  # type: ignore[assignment]

    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_zh(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, _usage(args), USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_zh  # type: ignore[method-assign]

    get_help_option = core.Command.get_help_option

    def get_help_option_zh(self: Any, ctx: Any) -> Any:
        opt = get_help_option(self, ctx)
        if opt is not None:
            opt.help = HELP_OPTION
        return opt

    core.Command.get_help_option = get_help_option_zh  # type: ignore[method-assign]

    show = ClickException.show

    def show_zh(self: ClickException, file: Any = None) -> None:
        message = translate(self.format_message())
        self.format_message = lambda: message  # type: ignore[method-assign]
        show(self, file)

    ClickException.show = show_zh  # type: ignore[method-assign]
    # Typer imports its rich helpers (and with them rich and pygments) only when it prints
    # help or an error: patch them then, so a command that prints neither stays cheap.
    _when_imported("typer.rich_utils", lambda m: _install_rich(m, ClickException))


def _install_types() -> None:
    """Help names each parameter's kind of value in Chinese (`type_label`), and none for
    an on/off switch (--ocr/--no-ocr takes no value: Typer would print <bool>)."""
    from typer.core import _TyperParameter

    display_type = _TyperParameter.display_type

    def display_type_zh(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False):
            return None
        label = display_type(self, ctx)
        return label if label is None else type_label(label)

    _TyperParameter.display_type = display_type_zh  # type: ignore[method-assign]


def _when_imported(name: str, patch: Any) -> None:
    import importlib.abc
    import importlib.machinery
    import sys

    if name in sys.modules:
        patch(sys.modules[name])
        return

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            exec_module = loader.exec_module

            def exec_and_patch(module: Any) -> None:
                exec_module(module)
                sys.meta_path.remove(finder)
                patch(module)

            loader.exec_module = exec_and_patch  # type: ignore[method-assign]
            return spec

    finder = Finder()
    sys.meta_path.insert(0, finder)


def _install_rich(rich_utils: Any, ClickException: Any) -> None:
    for name, text in _PANELS.items():
        setattr(rich_utils, name, text)
    rich_utils.OptionHighlighter.highlights.append(rf"(?P<usage>{USAGE})")

    format_error = rich_utils.rich_format_error

    def format_error_zh(self: ClickException) -> None:
        message = translate(self.format_message())
        self.format_message = lambda: message  # type: ignore[method-assign]
        format_error(self)

    rich_utils.rich_format_error = format_error_zh

    # Long Chinese help has no spaces to wrap at: fold it rather than cut it with "…".
    parameter_help = rich_utils._get_parameter_help

    def parameter_help_folded(**kwargs: Any) -> Any:
        columns = parameter_help(**kwargs)
        for item in columns.renderables:
            if hasattr(item, "overflow"):
                item.overflow = "fold"
        return columns

    rich_utils._get_parameter_help = parameter_help_folded

    command_help = rich_utils._make_command_help

    def command_help_folded(**kwargs: Any) -> Any:
        text = command_help(**kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    rich_utils._make_command_help = command_help_folded
