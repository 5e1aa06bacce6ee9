"""Word files older than DOCX (Word 97–2003 .doc, WPS's .wps, RTF) read through
LibreOffice as DOCX, or refused with the reason: a file that is not a Word document, no
LibreOffice, a conversion that fails or runs over its time."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ogi import limits
from ogi.blocks import ReadError
from ogi.extract import extract
from ogi.readers import PdfOptions, read_file, sniff_form
from ogi.readers.legacy_word import OLE_MAGIC
from tests.extract.phenomena import SOFFICE, save_as_libreoffice
from tests.shared import SAMPLES, sample_cells

SAMPLE = "示例镇-2024.docx"
CELLS = sample_cells(SAMPLE)
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


WORD_2003_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<?mso-application progid="Word.Document"?>'
    b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">'
)
FLAT_OPC = "http://schemas.microsoft.com/office/2006/xmlPackage"
FLAT_OPC_HEAD = (
    b'<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
    b'<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
)


def _flat_opc(docx: bytes) -> bytes:
    """A DOCX as Word saves it as "Word XML 文档" (Flat OPC): every part but the content
    types in one XML file, XML parts as they are, others in base64."""
    import base64
    import zipfile
    from io import BytesIO

    from lxml import etree

    root = etree.Element(f"{{{FLAT_OPC}}}package", nsmap={"pkg": FLAT_OPC})
    with zipfile.ZipFile(BytesIO(docx)) as z:
        for name in z.namelist():
            if name == "[Content_Types].xml":
                continue
            part = etree.SubElement(
                root, f"{{{FLAT_OPC}}}part", {f"{{{FLAT_OPC}}}name": "/" + name}
            )
            data = z.read(name)
            if name.endswith((".xml", ".rels")):
                etree.SubElement(part, f"{{{FLAT_OPC}}}xmlData").append(etree.fromstring(data))
            else:
                binary = etree.SubElement(part, f"{{{FLAT_OPC}}}binaryData")
                binary.text = base64.b64encode(data).decode()
    head = b'<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
    return head + etree.tostring(root)


def _odf(kind: str) -> bytes:
    """An OpenDocument package of `kind`: its mimetype first and stored, as the format
    requires, then its content."""
    import zipfile
    from io import BytesIO

    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        z.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _ole(*streams: str) -> bytes:
    """An OLE compound file's header and a directory naming `streams` (as UTF-16, as
    a real directory stores them), padded to a few sectors."""
    names = b"".join(s.encode("utf-16-le").ljust(128, b"\0") for s in ("Root Entry", *streams))
    return (OLE_MAGIC + bytes(504) + names).ljust(4096, b"\0")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample DOCX saved by LibreOffice as Word 97–2003, as RTF and as OpenDocument
    text."""
    folder = tmp_path_factory.mktemp("legacy")
    docx = Path(shutil.copy(SAMPLES / SAMPLE, folder / "sample.docx"))
    [doc] = save_as_libreoffice("doc", docx)
    [rtf] = save_as_libreoffice("rtf", docx)
    [odt] = save_as_libreoffice("odt", docx)
    return {"doc": doc.read_bytes(), "rtf": rtf.read_bytes(), "odt": odt.read_bytes()}


@needs_libreoffice
@pytest.mark.parametrize(
    "saved_as, name",
    [
        ("doc", "示例镇-2024.doc"),
        ("doc", "示例镇-2024.wps"),  # WPS saves the same binary format under .wps
        ("doc", "示例镇-2024.docx"),  # a .doc renamed: read by its content
        ("rtf", "示例镇-2024.rtf"),
        ("rtf", "示例镇-2024.doc"),  # an RTF saved as .doc, as WordPad and portals do
        ("odt", "示例镇-2024.odt"),
        ("odt", "示例镇-2024.docx"),  # an OpenDocument file named .docx: by its content
    ],
)
def test_a_legacy_word_file_reads_as_the_docx_it_was_saved_from(
    saved: dict[str, bytes], tmp_path: Path, saved_as: str, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(saved[saved_as])
    r = extract(path)
    assert r.source.form == "doc"
    assert r.source.path == str(path)
    assert r.cells == CELLS
    assert (r.report_year, r.agency, r.edition) == (2024, "示例镇人民政府", "2021")
    assert r.problems == []
    # each value keeps its table, row and column (table 二's first value: 规章 制发件数)
    origin = r.origins["t2.art20_1.rules.issued"]
    assert (origin.table, origin.row, origin.col, origin.text) == (0, 2, 1, "0")


@needs_libreoffice
def test_a_damaged_doc_is_refused_with_the_reason(saved: dict[str, bytes], tmp_path: Path) -> None:
    data = bytearray(saved["doc"])
    directory = data.find("WordDocument".encode("utf-16-le"))
    data[512 : directory - 64] = b"\xff" * (directory - 64 - 512)  # the streams wiped
    path = tmp_path / "坏.doc"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "旧版 Word 文件（.doc）须经 LibreOffice 转换为 DOCX 后读取："
        "LibreOffice 无法打开该文件（文件可能已损坏或已加密）"
    )


def _with_stand_in(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shell script standing in for LibreOffice (OGI_SOFFICE), and a .doc to give it."""
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}")
    fake.chmod(0o755)
    monkeypatch.setenv("OGI_SOFFICE", str(fake))
    path = tmp_path / "报告.doc"
    path.write_bytes(_ole("WordDocument", "1Table"))
    return path


@pytest.mark.skipif(os.name != "posix", reason="the bound is set where POSIX sets it")
def test_the_office_runs_within_its_memory_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a stand-in LibreOffice that writes down the address-space bound it was started
    # with (in KB, as the shell's ulimit shows it) and converts nothing
    seen = tmp_path / "ulimit.txt"
    path = _with_stand_in(f"ulimit -v > {seen}\n", tmp_path, monkeypatch)
    monkeypatch.setattr(limits, "SOFFICE_MEMORY", replace(limits.SOFFICE_MEMORY, value=300_000_000))
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "旧版 Word 文件（.doc）须经 LibreOffice 转换为 DOCX 后读取："
        "LibreOffice 未能转换该文件（退出码 0）"
    )
    assert seen.read_text().strip() == "292968"  # 300,000,000 bytes in KB, rounded down


@needs_libreoffice
@pytest.mark.skipif(os.name != "posix", reason="the bound is set where POSIX sets it")
def test_an_office_that_outgrows_its_memory_bound_is_stopped_with_the_reason(
    saved: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the sample needs some 200 MB of address space to convert: with a bound below
    # that the office aborts, as it would on a file made to grow without end
    small = replace(limits.SOFFICE_MEMORY, value=200_000_000, shown="200 MB")
    monkeypatch.setattr(limits, "SOFFICE_MEMORY", small)
    path = tmp_path / "报告.doc"
    path.write_bytes(saved["doc"])
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "旧版 Word 文件（.doc）须经 LibreOffice 转换为 DOCX 后读取："
        "LibreOffice 转换中途异常退出，可能是所需内存超过上限 200 MB"
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (_ole("Workbook"), "这是 Excel 表格文件（.xls/.et），不是 Word 文档；请提供年度报告全文"),
        (_ole("Book"), "这是 Excel 表格文件（.xls/.et），不是 Word 文档；请提供年度报告全文"),
        (_ole("PowerPoint Document"), "这是 PowerPoint 演示文稿（.ppt），不是年度报告全文"),
        # a DOCX with a password is an OLE file holding the encrypted package
        (_ole("EncryptionInfo", "EncryptedPackage"), "文件已加密，无法读取（请提供未加密的文件）"),
        (_ole("Contents"), "不是 Word 文档：OLE 复合文件中没有 Word 正文（WordDocument）"),
        (bytes(range(256)) * 8, "不是有效的 Word 文件（既不是 .doc 也不是 RTF；文件可能已损坏）"),
        (_odf("spreadsheet"), "这是 OpenDocument 电子表格（.ods），不是年度报告全文"),
        (_odf("presentation"), "这是 OpenDocument 演示文稿（.odp），不是年度报告全文"),
        (_odf("graphics"), "这是 OpenDocument 文件（graphics），不是文字文档"),
    ],
    ids=["xls", "xls95", "ppt", "encrypted", "other-ole", "garbage", "ods", "odp", "odg"],
)
def test_what_is_not_a_word_document_is_refused_before_any_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, message: str
) -> None:
    monkeypatch.setenv("OGI_SOFFICE", str(tmp_path / "never-run"))
    path = tmp_path / "附件.doc"
    path.write_bytes(data)
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == message


def test_without_libreoffice_the_reason_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OGI_SOFFICE", raising=False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr("ogi.libreoffice._USUAL_PLACES", ())
    path = tmp_path / "报告.doc"
    path.write_bytes(_ole("WordDocument", "1Table"))
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "旧版 Word 文件（.doc）须经 LibreOffice 转换为 DOCX 后读取："
        "本机未安装 LibreOffice（soffice 命令；也可用环境变量 OGI_SOFFICE 指定）"
    )
    monkeypatch.setenv("OGI_SOFFICE", str(tmp_path / "无此程序"))
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "旧版 Word 文件（.doc）须经 LibreOffice 转换为 DOCX 后读取："
        f"无法启动 LibreOffice（{tmp_path / '无此程序'}）：文件不存在"
    )


def _state(pid: int) -> str | None:
    """A process's state letter (Z for one that has ended but is not yet reaped), or None
    when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_conversion_that_hangs_is_stopped_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a stand-in LibreOffice whose launcher starts the office and waits on it forever,
    # as soffice waits on soffice.bin
    office = tmp_path / "office.pid"
    path = _with_stand_in(f"tail -f /dev/null &\necho $! > {office}\nwait\n", tmp_path, monkeypatch)
    with pytest.raises(ReadError) as e:
        read_file(path, PdfOptions(time_limit=1.0))
    assert str(e.value) == (
        "旧版 Word 文件（.doc）须经 LibreOffice 转换为 DOCX 后读取："
        "LibreOffice 转换超时（超过 1 秒）"
    )
    assert _state(int(office.read_text())) in (None, "Z")


@pytest.mark.parametrize(
    "name, head, form",
    [
        ("a.doc", OLE_MAGIC + bytes(8), "doc"),
        ("a.wps", OLE_MAGIC + bytes(8), "doc"),
        ("a.pdf", OLE_MAGIC + bytes(8), "doc"),  # by content first
        ("a.rtf", b"{\\rtf1\\ansi\\ansicpg936", "doc"),
        ("a.txt", b"  {\\rtf1\\ansi", "doc"),
        ("a.doc", b"PK\x03\x04rest", "docx"),  # a DOCX named .doc
        ("a.odt", _odf("text")[:4096], "doc"),  # converted as a .doc is
        ("a.docx", _odf("text")[:4096], "doc"),
        ("a.docx", _odf("spreadsheet")[:4096], "doc"),  # refused there, saying what it is
        ("a.doc", b"<html><body>", "html"),  # a web page named .doc (Word's 'web page')
        ("a.doc", b"\x00\x01garbage", "doc"),  # refused by the Word reader, with its reason
        ("a.docx", OLE_MAGIC, "doc"),
        # Word's own XML, by its root element, whatever its name
        ("a.xml", WORD_2003_HEAD, "doc"),
        ("a.txt", WORD_2003_HEAD, "doc"),
        ("a.xml", FLAT_OPC_HEAD, "doc"),
        ("a.xml", b'<?xml version="1.0"?>\n<urlset><url/></urlset>', "doc"),  # refused there
        ("a.txt", b'<?xml version="1.0"?>\n<urlset><url/></urlset>', "txt"),
        ("a.xml", b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    ],
)
def test_forms_are_told_by_content_then_by_name(name: str, head: bytes, form: str) -> None:
    assert sniff_form(Path(name), head) == form


@needs_libreoffice
def test_a_folder_batch_reads_legacy_word_files_beside_the_others(
    saved: dict[str, bytes], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from ogi.cli import app

    (tmp_path / "示例镇-2024.wps").write_bytes(saved["doc"])
    shutil.copy(SAMPLES / "示例镇-2023.txt", tmp_path)
    result = CliRunner().invoke(app, ["extract", "-j", "1", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = sorted(json.loads(line)["source"]["form"] for line in result.stdout.splitlines())
    assert out == ["doc", "txt"]


@needs_libreoffice
def test_a_doc_holding_its_tables_as_excel_objects_reads_them(tmp_path: Path) -> None:
    """Word 97–2003 keeps an embedded worksheet as an OLE object; LibreOffice's DOCX
    keeps it as a workbook, read as the table it is (`docx_sheets`)."""
    from tests.extract.phenomena import build_all, wrong_cells

    built = build_all(["excel_objects_docx"], tmp_path)["excel_objects_docx"]
    [doc] = save_as_libreoffice("doc", built.path)
    r = extract(doc)
    assert r.source.form == "doc"
    assert wrong_cells(built.doc, r.cells) == {}
    assert r.cells == built.doc.cells


@pytest.fixture(scope="module")
def word_2003_xml(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample DOCX saved by LibreOffice as Word 2003 XML (root w:wordDocument)."""
    folder = tmp_path_factory.mktemp("word2003")
    docx = Path(shutil.copy(SAMPLES / SAMPLE, folder / "sample.docx"))
    save_as_libreoffice("xml:MS Word 2003 XML", docx)
    return docx.with_suffix(".xml").read_bytes()


@needs_libreoffice
@pytest.mark.parametrize("name", ["示例镇-2024.xml", "示例镇-2024.doc"])
def test_a_word_2003_xml_document_reads_as_the_docx_it_was_saved_from(
    word_2003_xml: bytes, tmp_path: Path, name: str
) -> None:
    assert word_2003_xml.startswith(b"<?xml")
    path = tmp_path / name
    path.write_bytes(word_2003_xml)
    r = extract(path)
    assert r.source.form == "doc"
    assert r.cells == CELLS
    assert r.problems == []


@pytest.mark.parametrize("name", ["示例镇-2024.xml", "示例镇-2024.doc"])
def test_a_flat_opc_document_reads_without_any_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("OGI_SOFFICE", str(tmp_path / "never-run"))
    path = tmp_path / name
    path.write_bytes(_flat_opc((SAMPLES / SAMPLE).read_bytes()))
    r = extract(path)
    assert r.source.form == "doc"
    assert r.cells == CELLS
    assert r.problems == []


@pytest.mark.parametrize("name", ["sitemap.xml", "附件.doc"])
def test_xml_that_word_did_not_save_is_refused_before_any_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("OGI_SOFFICE", str(tmp_path / "never-run"))
    path = tmp_path / name
    path.write_bytes(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset><url>示例镇 2024</url></urlset>'.encode()
    )
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "不是 Word 文档：这是一个 XML 文件，但不是 Word 保存的 XML 文档"
        "（Word 2003 XML 或 Word XML 文档）"
    )


def test_a_damaged_flat_opc_document_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "报告.xml"
    path.write_bytes(FLAT_OPC_HEAD + b'<pkg:part pkg:name="/word/document.xml"><pkg:xmlData>')
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == "Word XML 文档已损坏（不是有效的 XML）"


def test_a_word_2003_xml_document_with_a_doctype_is_not_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Word writes none; its entities could pull this machine's files into the text
    monkeypatch.setenv("OGI_SOFFICE", str(tmp_path / "never-run"))
    path = tmp_path / "报告.xml"
    path.write_bytes(
        WORD_2003_HEAD.replace(
            b"?>\n", b'?>\n<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        )
        + b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:wordDocument>"
    )
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(e.value) == (
        "Word 2003 XML 文档中有文档类型声明（DOCTYPE），Word 不会这样保存，未读取"
    )
