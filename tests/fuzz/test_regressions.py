"""One test per class of failure that fuzzing found: each input is built from the samples
with the harness's own mutations, and each answer is exact (the values read, or the
one-line Chinese reason)."""

from __future__ import annotations

import json
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app
from ogi.extract import extract
from tests.fuzz import harness
from tests.shared import SAMPLES, truth

runner = CliRunner()
TRUTH = {t["file"]: t for t in truth(SAMPLES / "truth.jsonl")}
DOCX = (SAMPLES / "示例镇-2024.docx").read_bytes()
HTML = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
TXT = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
CELLS = TRUTH["示例镇-2024.txt"]["cells"]


def refused(path: Path) -> str:
    """The one line `ogi extract` prints for a file it cannot read (exit status 2)."""
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    return lines[0].removeprefix(f"{path}: ")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


def set_member_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """The unpacked size the local and central headers state for one member."""
    b = bytearray(data)
    for sig, off, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for m in re.finditer(re.escape(sig), data):
            if data[m.start() + name_at : m.start() + name_at + len(name)] == name:
                b[m.start() + off : m.start() + off + 4] = struct.pack("<I", size)
    return bytes(b)


def big_document(chars: int) -> bytes:
    """The sample DOCX with a document.xml of one run of `chars` characters."""
    head = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    )
    return harness._edit_document(
        DOCX, lambda _: head + b"a" * chars + b"</w:t></w:r></w:p></w:body></w:document>"
    )


# -- DOCX -------------------------------------------------------------------------------
def test_docx_with_a_chunk_deleted(tmp_path: Path) -> None:
    # 2,000 bytes gone before the zip directory: member offsets point before the start
    # (zipfile: "ValueError: negative seek value").
    p = write(tmp_path, "a.docx", DOCX[:8000] + DOCX[10000:])
    assert refused(p) == "DOCX 文件已损坏：无法解压 word/document.xml"


def test_docx_zip_directory_with_an_unknown_version(tmp_path: Path) -> None:
    # "version needed to extract" 9.9 (zipfile: "NotImplementedError: zip file version").
    b = bytearray(DOCX)
    for m in re.finditer(re.escape(b"PK\x01\x02"), DOCX):
        b[m.start() + 6 : m.start() + 8] = struct.pack("<H", 99)
    p = write(tmp_path, "a.docx", bytes(b))
    assert refused(p) == "DOCX 文件已损坏（压缩包无法打开）"


def test_docx_directory_that_cannot_be_read_at_all(tmp_path: Path) -> None:
    cut = DOCX.rindex(b"PK\x05\x06")
    p = write(tmp_path, "a.docx", DOCX[: cut + 10] + b"\xff" * 12)
    assert refused(p) == "DOCX 文件已损坏（压缩包无法打开）"


@pytest.mark.parametrize("value", ["²", "٣", "５", "1e20", "99999999999"])
def test_docx_numeric_attributes_that_are_not_ascii_integers(tmp_path: Path, value: str) -> None:
    # '²'.isdigit() is true but int('²') fails; very long ints exceed Python's limit.
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>'.encode())
        return re.sub(rb'(<w:ilvl w:val=")[^"]*', rb"\g<1>" + value.encode(), xml)

    p = write(tmp_path, "a.docx", harness._edit_document(DOCX, edit))
    assert extract(p).cells == TRUTH["示例镇-2024.docx"]["cells"]


def test_docx_grid_span_of_1e20_finishes_at_once(tmp_path: Path) -> None:
    span = b'<w:tcPr><w:gridSpan w:val="100000000000000000000"/>'
    data = harness._edit_document(DOCX, lambda xml: xml.replace(b"<w:tcPr>", span, 1))
    p = write(tmp_path, "a.docx", data)
    t = time.process_time()
    extract(p)
    assert time.process_time() - t < 5  # a loop over the span would never end


def test_docx_span_over_the_bound_is_capped_and_said(tmp_path: Path) -> None:
    span = b'<w:tcPr><w:gridSpan w:val="100000"/>'
    data = harness._edit_document(DOCX, lambda xml: xml.replace(b"<w:tcPr>", span, 1))
    r = extract(write(tmp_path, "a.docx", data))
    assert "表格单元格跨列数为 100000，超过上限 100，已按 100 读取" in [
        p.message for p in r.problems
    ]


def test_docx_part_that_unpacks_past_the_bound(tmp_path: Path) -> None:
    # 65 MB of one run, a few hundred KB packed.
    data = big_document(65_000_000)
    assert len(data) < 1_000_000
    p = write(tmp_path, "a.docx", data)
    assert refused(p) == "DOCX 文件异常：word/document.xml 解压后超过 64 MB，不像一份年度报告"


@pytest.mark.parametrize("stated", [0xFFFFFFFE, 0x7FFFFFFF])
def test_docx_part_with_a_falsified_size(tmp_path: Path, stated: int) -> None:
    # The headers claim a size; unpacking counts what really comes out.
    data = set_member_sizes(big_document(65_000_000), b"word/document.xml", stated)
    p = write(tmp_path, "a.docx", data)
    assert refused(p) == "DOCX 文件异常：word/document.xml 解压后超过 64 MB，不像一份年度报告"


def test_docx_part_whose_stated_size_is_too_small(tmp_path: Path) -> None:
    data = set_member_sizes(DOCX, b"word/document.xml", 100)
    p = write(tmp_path, "a.docx", data)
    assert refused(p) == "DOCX 文件已损坏：无法解压 word/document.xml"


# -- HTML -------------------------------------------------------------------------------
def test_control_characters_in_html(tmp_path: Path) -> None:
    # In the tail of an element that is dropped (lxml: "All strings must be XML
    # compatible") and in the text.
    page = HTML.replace("</head>", "</head>\x0b\x01", 1).replace("<body>", "<body>\x1b\x00", 1)
    page = page.replace("<nav", "<script>x</script>\x0c\ufffe<nav", 1)
    p = write(tmp_path, "a.html", page)
    assert extract(p).cells == TRUTH["示例镇-2024.html"]["cells"]


def test_html_nested_1000_b_inside_the_report(tmp_path: Path) -> None:
    page = HTML.replace("<body>", "<body>" + "<b>" * 1000 + "示例" + "</b>" * 1000, 1)
    r = extract(write(tmp_path, "a.html", page))
    assert r.cells == TRUTH["示例镇-2024.html"]["cells"]
    assert "网页元素嵌套超过 300 层，更深层次的元素只读取其文字" in [p.message for p in r.problems]


def test_html_nested_3000_div_after_the_report(tmp_path: Path) -> None:
    page = HTML.replace("</body>", "<div>" * 3000 + "示例" + "</div>" * 3000 + "</body>", 1)
    r = extract(write(tmp_path, "a.html", page))
    assert r.cells == TRUTH["示例镇-2024.html"]["cells"]
    messages = [p.message for p in r.problems]
    assert "网页元素嵌套超过 2,048 层（解析器上限），其后的内容无法读取" in messages


def test_html_nested_3000_div_before_the_report(tmp_path: Path) -> None:
    # The parser stops at 2,048 levels and keeps nothing after: the reason says so.
    page = HTML.replace("<body>", "<body>" + "<div>" * 3000, 1)
    p = write(tmp_path, "a.html", page)
    assert refused(p) == (
        "没有找到年度报告的表格或章节"
        "（网页元素嵌套超过 2,048 层（解析器上限），其后的内容无法读取）"
    )


def test_html_spans_covering_too_much(tmp_path: Path) -> None:
    row = "<tr>" + "<td rowspan=100 colspan=100>1</td>" * 30 + "</tr>"
    page = HTML.replace("<body>", "<body><table>" + row * 100 + "</table>", 1)
    p = write(tmp_path, "a.html", page)
    assert refused(p) == "表格过大（合并单元格覆盖超过 200,000 个位置），不像一份年度报告"


# -- numbers and digits -------------------------------------------------------------------
def test_number_of_5000_digits(tmp_path: Path) -> None:
    lines = TXT.split("\n")
    assert lines[34] == "46"  # 许可 处理决定数量
    lines[34] = "9" * 5000
    r = extract(write(tmp_path, "a.txt", "\n".join(lines)))
    assert r.cells["t2.art20_5.licensing.decisions"] is None
    assert [x.text for x in r.raw if x.path == "t2.art20_5.licensing.decisions"] == ["9" * 5000]
    assert [p.message for p in r.problems] == [
        "数值“99999999999999999999…”位数过多（5,000 位，上限 15 位），未取值"
    ]
    expected = {k: v for k, v in CELLS.items() if k != "t2.art20_5.licensing.decisions"}
    assert {k: v for k, v in r.cells.items() if k != "t2.art20_5.licensing.decisions"} == expected


def test_number_of_5000_digits_in_a_row_of_table_three(tmp_path: Path) -> None:
    # the check for a page number after the row turned every value into an int, and
    # Python refuses a 5000-digit string (ValueError): the file was not read at all
    lines = TXT.split("\n")
    at = lines.index("一、本年新收政府信息公开申请数量")
    assert lines[at + 1 : at + 8] == ["10", "1", "0", "0", "1", "0", "12"]
    lines[at + 1] = "9" * 5000
    r = extract(write(tmp_path, "a.txt", "\n".join(lines)))
    t2 = {k: v for k, v in CELLS.items() if k.startswith("t2.")}
    assert {k: v for k, v in r.cells.items() if k.startswith("t2.")} == t2
    assert r.cells.get("t3.new_received.natural_person") is None
    assert (r.problems[0].where, r.problems[0].message) == (
        "表三",
        "数值“99999999999999999999…”位数过多（5,000 位，上限 15 位），未取值",
    )


def test_one_changed_row_cannot_stall_digit_splitting(tmp_path: Path) -> None:
    # The seven cells of 本年新收 run together into 40 digits that no split satisfies.
    lines = TXT.split("\n")
    assert lines[59] == "一、本年新收政府信息公开申请数量" and lines[66] == "12"
    lines[60:67] = ["1234567890" * 4]
    t = time.process_time()
    r = extract(write(tmp_path, "a.txt", "\n".join(lines)))
    assert time.process_time() - t < 15
    assert [(p.path, p.message) for p in r.problems] == [
        (
            "t3.new_received",
            "数字连写“1234567890123456789012345678901234567890”"
            "拆分不唯一/过于复杂（超过 1,000,000 步），未取值",
        )
    ]
    assert not any(k.startswith("t3.new_received.") and v is not None for k, v in r.cells.items())


def test_a_text_repeating_its_parts_past_a_hundred_is_checked(tmp_path: Path) -> None:
    # the 110th part's ordinal was looked up past the ten numerals it knew (IndexError):
    # S-SECTION-NUMBERING could not run, and said so in English
    from ogi.check import run_checks

    found = run_checks([extract(write(tmp_path, "a.txt", TXT * 20))])
    assert not [f.message for f in found if "未能运行" in f.message]
    (numbering,) = [f.message for f in found if f.rule == "S-SECTION-NUMBERING"]
    assert numbering.startswith("部分标题编号与格式不符：“一、总体情况”应为“七、”；")
    assert "应为“一百零一、”" in numbering and numbering.count("应为“一百九十六、”") == 1


def test_digit_run_past_the_bound_is_not_split(tmp_path: Path) -> None:
    lines = TXT.split("\n")
    lines[60:67] = ["1" * 81]
    r = extract(write(tmp_path, "a.txt", "\n".join(lines)))
    assert [p.message for p in r.problems] == ["数字连写过长（81 位，上限 80 位），未拆分"]


# -- text -------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_text_with_its_last_character_cut(tmp_path: Path, encoding: str) -> None:
    data = (TXT.rstrip() + "\n示例镇人民政府").encode(encoding)[:-1]
    r = extract(write(tmp_path, "a.txt", data))
    assert r.cells == CELLS


def test_text_with_a_few_damaged_bytes(tmp_path: Path) -> None:
    data = bytearray(TXT.encode("utf-8"))
    at = TXT.encode("utf-8").index("信息公开工作年度报告".encode())
    data[at + 1] = 0xFF  # one character of the title
    r = extract(write(tmp_path, "a.txt", bytes(data)))
    assert r.cells == CELLS


def test_file_size_shown_as_it_is(tmp_path: Path) -> None:
    p = tmp_path / "big.pdf"
    with p.open("wb") as f:
        f.truncate(210_000_000)  # sparse: no disk space used
    assert refused(p) == "文件过大（210.0 MB，上限 200 MB）"
    with p.open("wb") as f:
        f.truncate(200_000_001)
    assert refused(p) == "文件过大（200.1 MB，上限 200 MB）"


# -- unexpected errors ------------------------------------------------------------------
def test_unexpected_error_is_one_chinese_line_and_detail_with_verbose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ogi.readers.docx

    def broken(path: str, data: bytes, pictures: object = None) -> None:
        raise ValueError("negative seek value -232")

    monkeypatch.setattr(ogi.readers.docx, "read_docx", broken)
    p = write(tmp_path, "a.docx", DOCX)
    good = SAMPLES / "示例镇-2024.txt"
    # -j 1: read in this process, where the reader is replaced
    result = runner.invoke(app, ["extract", "-j", "1", str(p), str(good)])
    assert result.exit_code == 2
    first, summary = result.stderr.strip().split("\n")
    assert first == f"{p}: DOCX 文件内容异常，无法读取（文件可能已损坏）"
    assert summary.startswith("共 2 个文件：成功 1，失败 1；")
    assert json.loads(result.stdout)["cells"] == CELLS
    verbose = runner.invoke(app, ["extract", "--verbose", str(p)])
    assert verbose.exit_code == 2
    assert "ValueError: negative seek value -232" in verbose.stderr
    assert verbose.stderr.strip().endswith(f"{p}: DOCX 文件内容异常，无法读取（文件可能已损坏）")


@pytest.mark.parametrize("command", ["check", "ingest"])
def test_verbose_on_the_other_reading_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    import ogi.readers.html

    def broken(*args: object, **kwargs: object) -> None:  # read_html's stand-in
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(ogi.readers.html, "read_html", broken)
    monkeypatch.chdir(tmp_path)
    p = write(tmp_path, "a.html", HTML)
    result = runner.invoke(app, [command, "--verbose", str(p)])
    assert result.exit_code == 2
    assert f"{p}: 网页文件结构嵌套过深，无法读取" in result.stderr
    assert "RecursionError: maximum recursion depth exceeded" in result.stderr
    quiet = runner.invoke(app, [command, str(p)])
    assert "RecursionError" not in quiet.output


def test_unexpected_reasons_by_kind() -> None:
    from ogi.readers.unexpected import explain

    assert (
        explain(MemoryError(), "a.pdf") == "PDF 文件内容过于庞大，读取时内存不足（文件可能已损坏）"
    )
    assert explain(zipfile.BadZipFile("x"), "a.docx") == "DOCX 文件已损坏（压缩包中的内容无法解压）"
    assert explain(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "x"), "a.md") == (
        "Markdown 文件中有无法识别的字符，无法读取"
    )
    assert explain(KeyError("x"), "a") == "文件内容异常，无法读取（文件可能已损坏）"


def test_every_limit_has_a_chinese_message() -> None:
    from ogi import limits

    found = {k: v for k, v in vars(limits).items() if isinstance(v, limits.Limit)}
    assert len(found) >= 12
    for name, limit in found.items():
        assert re.search(r"[\u4e00-\u9fff]", limit.message), name
        assert "{limit}" in limit.message, name


# -- PDF --------------------------------------------------------------------------------
def _pdf_with_rects(tmp_path: Path, rects: int) -> bytes:
    """A one-page PDF drawing `rects` small rectangles (pdfium writes it)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for i in range(rects):
        obj = pdfium_c.FPDFPageObj_CreateNewRect(i % 500, i // 500 % 800, 1, 1)
        pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_ALTERNATE, 0)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = tmp_path / "rects.pdf"
    pdf.save(out)
    return out.read_bytes()


def test_pdf_page_with_too_many_objects_is_skipped(tmp_path: Path) -> None:
    # A chunk repeated thousands of times in a page's content: reading it took minutes.
    from ogi.readers.pdf import read_pdf

    doc = read_pdf("a.pdf", _pdf_with_rects(tmp_path, 100_001), ocr=False)
    assert doc.problems == ["第1页图形对象过多（100,001 个，上限 100,000），已跳过"]


def test_pdf_page_that_fails_unexpectedly_is_skipped_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ogi.readers.pdf

    def broken(page: object, number: int) -> None:
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(ogi.readers.pdf, "read_page", broken)
    doc = ogi.readers.pdf.read_pdf("a.pdf", _pdf_with_rects(tmp_path, 1), ocr=False)
    assert doc.problems == ["第1页内容异常，读取出错，已跳过"]


def test_pdf_that_pdfium_cannot_open_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fuzz case 14009 (seed 2026): thousands of copies of an unterminated stream made
    # pdfium rebuild the cross-reference table for minutes. Opening is tried in a child
    # process that is killed at the bound; here the child's pdfium hangs on purpose.
    import pypdfium2 as pdfium

    import ogi.readers.pdf
    from ogi import limits
    from ogi.blocks import ReadError

    real = pdfium.PdfDocument

    def hangs(data: bytes) -> object:
        if data.startswith(b"%PDF-hang"):
            time.sleep(600)
        return real(data)

    monkeypatch.setattr(ogi.readers.pdf.pdfium, "PdfDocument", hangs)
    monkeypatch.setattr(
        limits, "PDF_OPEN_SECONDS", limits.Limit(1, limits.PDF_OPEN_SECONDS.message, "1")
    )
    t = time.perf_counter()
    with pytest.raises(ReadError) as e:
        ogi.readers.pdf.read_pdf("a.pdf", b"%PDF-hang", ocr=False)
    assert str(e.value) == "PDF 文件已损坏：文件结构需要重建，1 秒内未能打开"
    assert time.perf_counter() - t < 30
