"""Every bound on reading, in one place: its value and what the user is told.

A supervisor's folder or an upload form receives damaged downloads, hand-edited files
and now and then something made to hurt. Each reader and the layout stop at these
bounds, so that no single file can take unbounded time or memory; the message says
which bound a file exceeded, in terms a user can act on. Values are far above anything
a real annual report needs (a report is a few dozen KB of text with tables of at most
a few dozen columns).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ogi import patterns


@dataclass(frozen=True)
class Limit:
    """A named bound. `message` is a Chinese template; `{limit}` is the bound as shown to
    users, other fields are given by the caller."""

    value: int
    message: str
    shown: str = ""  # how the bound is written in messages (default: the value with commas)

    def say(self, **fields: object) -> str:
        return self.message.format(limit=self.shown or f"{self.value:,}", **fields)


MB = 1_000_000  # sizes are shown in decimal megabytes, as file managers show them


def megabytes(n: int) -> str:
    """A size in MB, rounded up to one decimal, so a size over a limit never prints as
    equal to it."""
    return f"{math.ceil(n / (MB / 10)) / 10:.1f} MB"


# -- files ---------------------------------------------------------------------------
FILE_BYTES = Limit(200 * MB, "文件过大（{size}，上限 {limit}）", "200 MB")
# A report is some 10,000 characters in a few hundred paragraphs and cells; reading time
# grows with the text, so these bounds also bound the time (a few seconds at most).
TEXT_CHARS = Limit(1_000_000, "文本过长（{n:,} 字符，上限 {limit}），不像一份年度报告")
# A page's markup (with styles, scripts and inline images) may be far longer than its text.
HTML_CHARS = Limit(5_000_000, "网页过大（{n:,} 字符，上限 {limit}），不像一份年度报告")
# The pages a page's frames show, all together (a frame counts at least 1,000): many
# frames may name one large page of a web archive, each read anew.
HTML_FRAME_CHARS = Limit(
    5_000_000, "网页框架（iframe 或 frame）中的网页合计超过 {limit} 字符，其余框架的内容未读取"
)
BLOCKS = Limit(50_000, "段落和单元格过多（{n:,} 个，上限 {limit}），不像一份年度报告")
LINE_CHARS = Limit(200_000, "第{line}段文字过长（{n:,} 字符，上限 {limit}），超出部分未读取")

# -- zip archives given to a batch command (`ogi.services.archives`) ------------------
ARCHIVE_MEMBER_BYTES = Limit(
    FILE_BYTES.value, "解压后超过 {limit}（单个文件的上限），未读取", "200 MB"
)
ARCHIVE_BYTES = Limit(
    2000 * MB, "压缩包解压后合计超过 {limit}（可能是压缩炸弹），其余文件未解压", "2 GB"
)
ARCHIVE_MEMBERS = Limit(20_000, "压缩包中文件过多（{n:,} 个，上限 {limit}），未展开")

# -- DOCX (a zip archive) ------------------------------------------------------------
# Unpacked sizes are counted while unpacking, never taken from the archive's headers,
# which a damaged or hostile file can falsify.
ZIP_MEMBER_BYTES = Limit(
    64 * MB, "DOCX 文件异常：{name} 解压后超过 {limit}，不像一份年度报告", "64 MB"
)
ZIP_TOTAL_BYTES = Limit(
    128 * MB, "DOCX 文件异常：各部分解压后合计超过 {limit}，不像一份年度报告", "128 MB"
)
ZIP_CHUNK = 1 << 20  # bytes unpacked at a time
# An Excel workbook embedded in a DOCX as an object (`ogi.readers.docx_sheets`): a
# statutory table's sheet unpacks to a few hundred KB; openpyxl holds every cell of a
# sheet in memory, so a bigger one is not opened.
EMBEDDED_SHEET_BYTES = Limit(8 * MB, "{where}解压后超过 {limit}，不像统计表，未读取", "8 MB")

# -- LibreOffice (legacy Word files converted to DOCX, reports rendered to PDF) ---------
# Converting the sample report takes some 200 MB and well under 500 MB of address space;
# a hostile .doc can make the office grow without end, so its address space is bounded
# (where the system can bound it: POSIX).
SOFFICE_MEMORY = Limit(
    2000 * MB, "LibreOffice 转换中途异常退出，可能是所需内存超过上限 {limit}", "2 GB"
)

# -- tables --------------------------------------------------------------------------
# Statutory tables have at most a few dozen columns; a span beyond this is damage.
SPAN = Limit(100, "表格单元格跨{what}数为 {n}，超过上限 {limit}，已按 {limit} 读取")
TABLE_GRID = Limit(200_000, "表格过大（合并单元格覆盖超过 {limit} 个位置），不像一份年度报告")

# -- numbers -------------------------------------------------------------------------
# A count or an amount in a report never has more than 15 digits (a trillion yuan has 13).
NUMBER_DIGITS = Limit(15, "数值“{text}”位数过多（{n:,} 位，上限 {limit} 位），未取值")
# What the ledger stores is bound the same way: a count or an amount typed with more
# digits (or as 1e20) is a typing error, and beyond 2**53 a float would silently store
# another number (12345678901234567 → 12345678901234568).
LEDGER_NUMBER = Limit(
    999_999_999_999_999, "{what}“{text}”超出上限（{limit}），请核对", "999,999,999,999,999"
)
# Digit runs longer than this are not taken apart at all (cells run together).
RUN_DIGITS = Limit(80, "数字连写过长（{n:,} 位，上限 {limit} 位），未拆分")
# Work (steps of the enumeration) allowed to split one row's run-together digits; beyond
# it the row is reported instead of read, so one row cannot stall a batch.
SPLIT_STEPS = Limit(1_000_000, "数字连写“{text}”拆分不唯一/过于复杂（超过 {limit} 步），未取值")
# The same for all rows of one report together (a row may be tried for each edition).
SPLIT_STEPS_TOTAL = Limit(
    6_000_000,
    "数字连写“{text}”未拆分：本报告拆分连写数字的总工作量已超过 {limit} 步（拆分不唯一/过于复杂）",
)

# -- PDF -------------------------------------------------------------------------------
# A dense A4 page holds some 3,000 characters; a page's drawing of a table a few hundred
# objects. Pages beyond these are skipped (reading them takes minutes), with this reason.
# Opening a PDF whose cross-reference table is damaged makes pdfium rebuild it; some
# damage makes that take minutes, in C code that cannot be interrupted.
PDF_OPEN_SECONDS = Limit(10, "PDF 文件已损坏：文件结构需要重建，{limit} 秒内未能打开", "10")
PDF_PAGE_CHARS = Limit(50_000, "第{page}页文字过多（{n:,} 个字符，上限 {limit}），已跳过")
PDF_PAGE_OBJECTS = Limit(100_000, "第{page}页图形对象过多（{n:,} 个，上限 {limit}），已跳过")
# One stream of the file (a page's content, an image) once inflated: a page scanned at
# 600 dpi in colour is some 100 MB; pdfium would inflate a bomb whole, into memory
# (`ogi.readers.pdf_streams`).
PDF_STREAM_BYTES = Limit(
    256 * MB, "PDF 文件中有数据流解压后超过 {limit}（可能是压缩炸弹），未读取", "256 MB"
)

# -- markup --------------------------------------------------------------------------
# The HTML parser itself stops at 2,048 levels; beyond this bound only the text is kept.
# A picture in a DOCX or web page (a table's screenshot) is OCR'd: a few million pixels.
PICTURE_PIXELS = Limit(
    40_000_000, "{where}像素过多（上限 {limit}像素），不像表格截图，未识别", "4,000 万"
)
HTML_PARSER_DEPTH = Limit(2048, "网页元素嵌套超过 {limit} 层（解析器上限），其后的内容无法读取")
HTML_DEPTH = Limit(300, "网页元素嵌套超过 {limit} 层，更深层次的元素只读取其文字")
# Each style rule that sets display or visibility is one pass over the page to find what
# it hides (`ogi.readers.html_css`); a report's page has a few dozen, a whole site's
# style sheet pasted into it some hundreds.
CSS_RULES = Limit(
    500,
    "网页样式表中设置显示或隐藏的规则过多（{n:,} 条，上限 {limit}），"
    "只按前 {limit} 条判断哪些内容不显示",
)
# @media blocks inside one another: a style sheet nests two or three; each level is read
# over again, so that thousands (a hostile page's) took seconds and then overflowed the
# stack. The rules deeper than this are not used.
CSS_MEDIA_DEPTH = Limit(
    20, "网页样式表的 @media 嵌套超过 {limit} 层，更深层的规则未用于判断哪些内容不显示"
)
# Steps of matching those rules' selectors against the page's elements, all together
# (a selector of descendants over deeply nested elements tries many ancestors).
CSS_STEPS = Limit(
    300_000, "网页样式表的选择器过于复杂（超过 {limit} 步），其余部分未用于判断哪些内容不显示"
)
# The same for the rules that float text, matched apart against what is inside tables'
# cells (a float there draws a digit apart from the number beside it).
CSS_FLOAT_RULES = Limit(
    500,
    "网页样式表中设置浮动（float）的规则过多（{n:,} 条，上限 {limit}），"
    "只按前 {limit} 条判断表格中哪些文字浮动到一侧显示",
)
CSS_FLOAT_STEPS = Limit(
    300_000,
    "网页样式表中设置浮动（float）的选择器过于复杂（超过 {limit} 步），"
    "其余部分未用于判断表格中哪些文字浮动到一侧显示",
)
# The same for the rules that colour text white or clear, matched apart against tables'
# cells and what is inside them (white text beside a number is not seen).
CSS_COLOR_RULES = Limit(
    500,
    "网页样式表中把文字设为白色或透明的规则过多（{n:,} 条，上限 {limit}），"
    "只按前 {limit} 条判断表格中哪些文字看不见",
)
CSS_COLOR_STEPS = Limit(
    300_000,
    "网页样式表中把文字设为白色或透明的选择器过于复杂（超过 {limit} 步），"
    "其余部分未用于判断表格中哪些文字看不见",
)
NUMBER_ATTR_DIGITS = 9  # a numeric attribute (span, level, start) of more digits is damage
# -- the ledger (依申请公开台账) ----------------------------------------------------
# A township receives a few dozen applications a year, a ministry some thousands; a
# ledger file of all years of a large agency stays far below these bounds. Each message
# is given the file's name, so it reads as one line of the import's answer.
LEDGER_FILE_BYTES = Limit(
    64 * MB, "{name}：文件过大（{size}，上限 {limit}），不像一个机关的台账", "64 MB"
)
# An xlsx is a zip archive: its parts are checked before anything is unpacked. Python's
# zipfile never unpacks more of a part than the size its directory declares (it stops
# there and reports the part damaged), so the declared sizes bound the work.
LEDGER_XLSX_BYTES = Limit(
    256 * MB,
    "{name}：工作簿解压后过大（{size}，上限 {limit}），不像一个机关的台账，或文件已损坏",
    "256 MB",
)
LEDGER_ROWS = Limit(
    100_000,
    "{name}：{sheet}数据超过 {limit} 行，超出一个机关台账的合理规模；"
    "请检查文件，或按年度拆分后分别导入",
)
# Columns read of a sheet (the ledger has 18): a cell far to the right is damage, and
# reading rows 16,384 cells wide would take minutes.
LEDGER_COLUMNS = 64
# Python's csv module refuses longer fields; a ledger cell is at most a few hundred
# characters (Excel itself holds at most 32,767 in a cell).
LEDGER_FIELD_CHARS = Limit(
    131_072, "{name}：第{row}行有一格超过 {limit} 个字符，不像台账的内容，或文件已损坏"
)
# A value quoted in a message is cut to this many characters: a cell of 5,000 digits
# quoted in full would bury the message (and repeat in every list of errors).
ECHO_CHARS = 20
# Errors listed by one import: a file wrong throughout (another table, a shifted column)
# would otherwise list millions of lines; the first ones say what is wrong.
LEDGER_ERRORS = Limit(50, "……另有 {n:,} 处错误未列出（只列出前 {limit} 处）")

_ASCII_INT = patterns.compile(rf"[+-]?[0-9]{{1,{NUMBER_ATTR_DIGITS}}}")


def strict_int(value: str | None, default: int | None = None) -> int | None:
    """An attribute as an integer: ASCII digits only ('²'.isdigit() is true, but int()
    refuses it), at most NUMBER_ATTR_DIGITS of them; anything else is `default`."""
    if value is None:
        return default
    s = value.strip()
    return int(s) if _ASCII_INT.fullmatch(s) else default


def capped(n: int, limit: Limit = SPAN) -> int:
    """n within 1 … limit.value."""
    return min(max(n, 1), limit.value)
