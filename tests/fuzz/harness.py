"""Hostile and broken files, made from the project's own reports, and a runner that reads
each one in its own process.

Seeds are the sample reports in `samples/` and documents built from them the way the
tests build documents (rendered to DOCX, HTML, Markdown and text by `ogi.render`, and
printed to PDF by LibreOffice when it is installed). A case is a seed changed by one or
two mutations: byte-level damage that any download or disk can cause (flipped bytes,
truncation, chunks deleted or repeated, inserted garbage) and structural damage made to
hurt a particular form (deep nesting, huge spans, zip bombs, falsified zip headers,
numbers of thousands of digits, run-together digits). Every case is a pure function of
(seed, index), so a failure is reproduced by its number.

Reading a case either gives a report, or a `ReadError` whose message is one Chinese
line. Anything else is a failure, identified by its signature (exception type and the
innermost ogi frame). `run_cases` forks one child per case from a warmed-up parent,
bounds its time and address space, and measures its wall time, CPU time and peak memory,
so that no case can take the harness down.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import resource
import select
import signal
import struct
import subprocess
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FORMS = ("txt", "md", "html", "docx", "pdf")
SUFFIX = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx", "pdf": ".pdf"}
MAX_CASE_BYTES = 8_000_000  # mutations that grow a file stop here (bombs are compressed)

Seeds = dict[str, list[tuple[str, bytes]]]


# -- seeds ------------------------------------------------------------------------------
def build_seeds(cache: Path | None = None, pdf: bool = True) -> Seeds:
    """The samples, the same reports rendered by ogi to every form, and (with LibreOffice
    installed and `pdf`) the DOCX ones printed to PDF, cached in `cache`."""
    from ogi.extract import extract
    from ogi.render import render_docx
    from ogi.render.html import render_html
    from ogi.render.markdown import render_markdown
    from ogi.render.text import render_text

    seeds: Seeds = {form: [] for form in FORMS}
    for p in sorted(SAMPLES.iterdir()):
        form = p.suffix.lstrip(".")
        if form in seeds and p.name.startswith("示例"):
            seeds[form].append((p.name, p.read_bytes()))
    for p in sorted(SAMPLES.glob("示例*.*")):
        if p.suffix not in (".txt", ".docx"):
            continue
        report = extract(p)
        stem = f"built-{p.stem}-{p.suffix.lstrip('.')}"
        seeds["html"].append((f"{stem}.html", render_html(report).encode("utf-8")))
        seeds["md"].append((f"{stem}.md", render_markdown(report).encode("utf-8")))
        seeds["txt"].append((f"{stem}.txt", render_text(report).encode("utf-8")))
        buf = io.BytesIO()
        render_docx(report, buf)
        seeds["docx"].append((f"{stem}.docx", buf.getvalue()))
    if pdf:
        seeds["pdf"] = _pdf_seeds(seeds["docx"], cache)
    return {form: items for form, items in seeds.items() if items}


def _pdf_seeds(docx: list[tuple[str, bytes]], cache: Path | None) -> list[tuple[str, bytes]]:
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    cache = cache or Path(tempfile.gettempdir()) / "ogi-fuzz-seeds"
    cache.mkdir(parents=True, exist_ok=True)
    want = [cache / (Path(name).stem + ".pdf") for name, _ in docx]
    if soffice and not all(p.exists() for p in want):
        for name, data in docx:
            (cache / name).write_bytes(data)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{cache / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(cache),
                *(str(cache / name) for name, _ in docx),
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
    return [(p.name, p.read_bytes()) for p in want if p.exists()]


# -- byte-level mutations (any form) ----------------------------------------------------
def flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def delete_chunk(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, 2000) :]


def repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data))
    chunk = data[a : a + rng.randint(1, 500)]
    times = rng.choice((2, 10, 1000, 100_000))
    times = max(1, min(times, (MAX_CASE_BYTES - len(data)) // max(len(chunk), 1)))
    return data[:a] + chunk * times + data[a:]


def insert_garbage(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data))
    return data[:a] + rng.randbytes(rng.randint(1, 200)) + data[a:]


def insert_controls(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        b.insert(rng.randrange(len(b)), rng.choice([*range(0, 9), 11, 12, *range(14, 32), 127]))
    return bytes(b)


def huge_number(rng: random.Random, data: bytes) -> bytes:
    """A run of digits replaced by thousands of digits."""
    runs = list(re.finditer(rb"[0-9]+", data))
    if not runs:
        return data
    m = rng.choice(runs)
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice((16, 80, 5000, 20000))))
    return data[: m.start()] + digits.encode() + data[m.end() :]


BYTES: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": flip,
    "truncate": truncate,
    "delete_chunk": delete_chunk,
    "repeat_chunk": repeat_chunk,
    "insert_garbage": insert_garbage,
    "insert_controls": insert_controls,
    "huge_number": huge_number,
}


# -- text forms -------------------------------------------------------------------------
def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def cut_last_char(rng: random.Random, data: bytes) -> bytes:
    """A download cut inside its last (multi-byte) character."""
    text = _text(data).rstrip() + rng.choice("示例。年度")
    raw = text.encode(rng.choice(("utf-8", "gb18030")))
    return raw[:-1]


def run_together(rng: random.Random, data: bytes) -> bytes:
    """Separators between the numbers of some rows removed, as crawlers do; sometimes
    with one number changed so that no split satisfies the arithmetic."""
    lines = _text(data).split("\n")
    idx = [i for i, ln in enumerate(lines) if re.search(r"\d[\s|\t]+\d", ln)]
    for i in rng.sample(idx, min(len(idx), rng.randint(1, 8))):
        ln = re.sub(r"(?<=\d)[ \t|]+(?=\d)", "", lines[i])
        if rng.random() < 0.5:
            ln = re.sub(r"\d", lambda _: rng.choice("0123456789"), ln, count=rng.randint(1, 3))
        lines[i] = ln
    return "\n".join(lines).encode("utf-8")


def one_line(rng: random.Random, data: bytes) -> bytes:
    """The whole text run into one line, sometimes repeated to a very long line."""
    text = re.sub(r"\s+", rng.choice(("", " ")), _text(data))
    return (text * rng.choice((1, 1, 50))).encode("utf-8")[:MAX_CASE_BYTES]


def long_digit_row(rng: random.Random, data: bytes) -> bytes:
    """A table row whose cells are one run of digits, long enough to make splitting hard."""
    lines = _text(data).split("\n")
    idx = [i for i, ln in enumerate(lines) if re.search(r"\d", ln)] or [0]
    i = rng.choice(idx)
    n = rng.choice((20, 30, 45, 79, 81, 300))
    digits = "".join(rng.choice("0123456789" if rng.random() < 0.5 else "01") for _ in range(n))
    lines[i] = re.sub(r"[\d\s|\t]+$", "", lines[i]) + " " + digits
    return "\n".join(lines).encode("utf-8")


def _long_run(rng: random.Random) -> str:
    """A run of one character, long enough that a pattern reading it many ways stalls."""
    return rng.choice(("0", "1", " ", "\u3000", "\t")) * rng.choice((2000, 20000, 100000))


def long_run_line(rng: random.Random, data: bytes) -> bytes:
    """A line that starts as a page mark, an ordinal or a count does, then runs on."""
    lines = _text(data).split("\n")
    start = rng.choice(("第1页", "续表", "（二）", "二、", "2.", "其中", "共收到"))
    end = rng.choice(("x", "件", "件，占", "%", "页", ""))
    lines.insert(rng.randrange(len(lines) + 1), start + _long_run(rng) + end)
    return "\n".join(lines).encode("utf-8")


TEXT: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "cut_last_char": cut_last_char,
    "run_together": run_together,
    "one_line": one_line,
    "long_digit_row": long_digit_row,
    "long_run_line": long_run_line,
}


# -- HTML -------------------------------------------------------------------------------
def _insert_html(rng: random.Random, data: bytes, piece: str) -> bytes:
    text = _text(data)
    at = [m.end() for m in re.finditer(r"<(?:body|div|p|td|table|tr)[^>]*>", text)] or [0]
    a = rng.choice(at)
    return (text[:a] + piece + text[a:]).encode("utf-8")


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    tag = rng.choice(("b", "div", "span", "table><tr><td", "ul><li", "font"))
    n = rng.choice((300, 1000, 3000, 20000))
    close = "".join(f"</{t}>" for t in reversed(tag.split("><")))
    opened = "".join(f"<{t}>" for t in tag.split("><"))
    return _insert_html(rng, data, opened * n + "示例" + close * rng.choice((0, n)))


def huge_spans(rng: random.Random, data: bytes) -> bytes:
    value = rng.choice(("1e20", "99999999999999999999", "²", "٣", "-5", "100000", "0", "３"))
    text = re.sub(
        r"<(td|th)\b",
        lambda m: (
            f'<{m.group(1)} {rng.choice(("colspan", "rowspan"))}="{value}"'
            if rng.random() < 0.3
            else m.group(0)
        ),
        _text(data),
    )
    return text.encode("utf-8")


def html_controls(rng: random.Random, data: bytes) -> bytes:
    chars = "\x00\x01\x08\x0b\x0c\x1b\x7f\ufffe\uffff"
    return _insert_html(rng, data, "".join(rng.choice(chars) for _ in range(rng.randint(1, 9))))


def broken_markup(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    tags = list(re.finditer(r"</?[a-z]+[^>]*>", text))
    for m in sorted(rng.sample(tags, min(len(tags), rng.randint(1, 30))), key=lambda m: -m.start()):
        text = (
            text[: m.start()]
            + rng.choice(("", "<", "<td", "</table>", "<table>"))
            + text[m.end() :]
        )
    return text.encode("utf-8")


def many_cells(rng: random.Random, data: bytes) -> bytes:
    row = "<tr>" + "<td rowspan=100 colspan=100>1</td>" * rng.choice((10, 100)) + "</tr>"
    return _insert_html(rng, data, "<table>" + row * rng.choice((10, 300, 3000)) + "</table>")


def long_style_run(rng: random.Random, data: bytes) -> bytes:
    """A cell whose style gives a property a long run for its value."""
    prop = rng.choice(
        ("font-size", "font", "width", "height", "text-indent", "margin-left", "transform")
    )
    value = rng.choice(("", "translate(", "a", "-", ".")) + _long_run(rng)
    value += rng.choice(("", "x", "px", "!", ")", "q"))
    text = _text(data)
    cells = [m.end() - 1 for m in re.finditer(r"<td\b[^>]*>", text)] or [0]
    at = rng.choice(cells)
    return (text[:at] + f' style="{prop}:{value}"' + text[at:]).encode("utf-8")


HTML: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "long_style_run": long_style_run,
    "deep_nesting": deep_nesting,
    "huge_spans": huge_spans,
    "html_controls": html_controls,
    "broken_markup": broken_markup,
    "many_cells": many_cells,
}


# -- DOCX -------------------------------------------------------------------------------
def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(n, z.read(n)) for n in z.namelist()]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, raw in members:
            z.writestr(name, raw)
    return buf.getvalue()


def _edit_document(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    members = _members(data)
    return _zip([(n, edit(raw) if n == "word/document.xml" else raw) for n, raw in members])


def superscript_attrs(rng: random.Random, data: bytes) -> bytes:
    bad = rng.choice(("²", "³", "١", "５", "1e20", "-1", "99999999999"))
    attr = rng.choice((b"gridSpan", b"ilvl", b"numId", b"gridBefore", b"start"))

    def edit(xml: bytes) -> bytes:
        pat = re.compile(rb"(<w:" + attr + rb' w:val=")[^"]*(")')
        if not pat.search(xml) and attr == b"gridSpan":
            xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2"/>', 3)
        return pat.sub(lambda m: m.group(1) + bad.encode() + m.group(2), xml)

    return _edit_document(data, edit)


def huge_grid_span(rng: random.Random, data: bytes) -> bytes:
    value = rng.choice((b"100000000000000000000", b"4294967295", b"100000", b"2"))
    return _edit_document(
        data, lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + value + b'"/>')
    )


def docx_deep(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice((500, 3000, 100000))
    wrap = rng.choice((b"w:sdt><w:sdtContent", b"w:r", b"w:hyperlink", b"w:tbl><w:tr><w:tc"))
    opened = b"".join(b"<" + t + b">" for t in wrap.split(b"><"))
    closed = b"".join(b"</" + t + b">" for t in reversed(wrap.split(b"><")))
    return _edit_document(
        data, lambda xml: xml.replace(b"<w:body>", b"<w:body>" + opened * n + closed * n, 1)
    )


def docx_xml_damage(rng: random.Random, data: bytes) -> bytes:
    """Byte damage inside document.xml, repacked into a sound zip."""
    op = rng.choice((flip, truncate, delete_chunk, insert_controls, huge_number, repeat_chunk))
    return _edit_document(data, lambda xml: op(rng, xml))


def zip_bomb(rng: random.Random, data: bytes) -> bytes:
    """document.xml that unpacks to hundreds of MB, mostly one run of text."""
    size = rng.choice((70, 140, 280)) * 1_000_000
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    members = [(n, raw) for n, raw in _members(data) if n != "word/document.xml"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, raw in members:
            z.writestr(name, raw)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            block = b"a" * 1_000_000
            for _ in range(size // len(block)):
                f.write(block)
            f.write(tail)
    return buf.getvalue()


def falsified_size(rng: random.Random, data: bytes) -> bytes:
    """The sizes a zip's headers state for document.xml changed (local and central)."""
    b = bytearray(data)
    value = rng.choice((0, 1, 100, 0x7FFFFFFF, 0xFFFFFFFE))
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for m in re.finditer(re.escape(sig), bytes(b)):
            name_at = m.start() + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(b[name_at : name_at + 17]) == b"word/document.xml":
                b[m.start() + off : m.start() + off + 4] = struct.pack("<I", value)
    return bytes(b)


def zip_version(rng: random.Random, data: bytes) -> bytes:
    """A 'version needed' or compression method the zip reader does not know."""
    b = bytearray(data)
    sig = rng.choice((b"PK\x03\x04", b"PK\x01\x02"))
    hits = [m.start() for m in re.finditer(re.escape(sig), bytes(b))]
    if hits:
        at = rng.choice(hits)
        off = rng.choice((4, 6, 8, 10) if sig == b"PK\x01\x02" else (4, 8))
        b[at + off : at + off + 2] = struct.pack("<H", rng.choice((0xFFFF, 99, 63, 14, 12)))
    return bytes(b)


DOCX: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "superscript_attrs": superscript_attrs,
    "huge_grid_span": huge_grid_span,
    "docx_deep": docx_deep,
    "docx_xml_damage": docx_xml_damage,
    "zip_bomb": zip_bomb,
    "falsified_size": falsified_size,
    "zip_version": zip_version,
}


# -- PDF --------------------------------------------------------------------------------
def pdf_numbers(rng: random.Random, data: bytes) -> bytes:
    """Object numbers, lengths and counts replaced by absurd values."""
    value = rng.choice((b"0", b"-1", b"99999999999", b"1e20", b"4294967296"))
    key = rng.choice((b"/Length", b"/Count", b"/Size", b"/W", b"/Index", b"/MediaBox"))
    return re.sub(re.escape(key) + rb"\s*[\[\d. ]+", key + b" " + value + b" ", data, count=3)


PDF: dict[str, Callable[[random.Random, bytes], bytes]] = {"pdf_numbers": pdf_numbers}

MUTATIONS: dict[str, dict[str, Callable[[random.Random, bytes], bytes]]] = {
    "txt": {**BYTES, **TEXT},
    "md": {**BYTES, **TEXT},
    "html": {**BYTES, **TEXT, **HTML},
    "docx": {**BYTES, **DOCX},
    "pdf": {**BYTES, **PDF},
}
# Bombs cost seconds to build; they are rare, like the other costly cases.
WEIGHT = {"zip_bomb": 0.1, "many_cells": 0.3, "deep_nesting": 0.5, "docx_deep": 0.5}


@dataclass
class Case:
    index: int
    form: str
    seed: str
    mutations: list[str]
    data: bytes = field(repr=False)


def make_case(seeds: Seeds, seed: int, index: int, forms: tuple[str, ...] = FORMS) -> Case:
    """Case `index` of run `seed`: a pure function of both."""
    rng = random.Random(f"{seed}:{index}")
    usable = [f for f in forms if f in seeds]
    form = usable[index % len(usable)]
    name, data = rng.choice(seeds[form])
    table = MUTATIONS[form]
    names = list(table)
    weights = [WEIGHT.get(n, 1.0) for n in names]
    applied = rng.choices(names, weights, k=1 if rng.random() < 0.7 else 2)
    for m in applied:
        try:
            data = table[m](rng, data) or data
        except Exception:  # an earlier mutation left no sound zip to work on
            data = flip(rng, data)
    return Case(index, form, name, applied, data[: max(len(data), 1)])


# -- reading one case -------------------------------------------------------------------
@dataclass
class Outcome:
    index: int
    form: str
    seed: str
    mutations: list[str]
    status: str  # "read" | "refused" | "failed" | "killed"
    detail: str = ""  # refusal message, or failure signature
    seconds: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0


_CJK = re.compile(r"[\u4e00-\u9fff]")
_RULE_FAILED = re.compile(r"规则 \S+ 未能运行：(\w+)")  # (ogi.check.registry._safe)


def signature(exc: BaseException) -> str:
    """Exception type and the innermost frame inside ogi: one class of failure."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/ogi/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def read_case(path: Path, form: str) -> tuple[str, str]:
    """("read" | "refused" | "failed", detail): a refusal must be one Chinese line."""
    from ogi.blocks import ReadError
    from ogi.check import run_checks
    from ogi.extract import PdfOptions, extract

    try:
        report = extract(path, PdfOptions(ocr=False, time_limit=15.0))
        report.model_dump_json()
        findings = run_checks([report])
    except ReadError as e:
        msg = str(e)
        if "\n" in msg or not _CJK.search(msg) or re.search(r"[A-Za-z]+Error|Traceback", msg):
            return "failed", f"bad refusal: {msg[:80]}"
        return "refused", re.sub(r"[\d,.]+", "N", msg)[:60]
    except Exception as e:  # what the fuzzing is looking for
        return "failed", signature(e)
    # a rule that failed is said as a finding (the others' findings are kept): a failure
    for f in findings:
        if (m := _RULE_FAILED.match(f.message)) is not None:
            return "failed", f"rule {f.rule}: {m.group(1)}"
    return "read", ""


def _peak_mb() -> float:
    """This process's peak resident memory since the last `_reset_peak` (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current size


def _worker(seeds: Seeds, seed: int, forms: tuple[str, ...], inbox: int, outbox: int) -> None:
    """Read the cases whose numbers arrive on `inbox`, one JSON line each on `outbox`."""
    workdir = Path(tempfile.mkdtemp(prefix="ogi-fuzz-"))
    with os.fdopen(inbox, "r") as orders, os.fdopen(outbox, "w") as results:
        for line in orders:
            case = make_case(seeds, seed, int(line), forms)
            path = workdir / f"case-{case.index}{SUFFIX[case.form]}"
            path.write_bytes(case.data)
            del case.data
            _reset_peak()
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                status, detail = read_case(path, case.form)
            except MemoryError:
                status, detail = "failed", "MemoryError (address-space limit)"
            out = Outcome(
                case.index,
                case.form,
                case.seed,
                case.mutations,
                status,
                detail,
                time.perf_counter() - t0,
                time.process_time() - c0,
                _peak_mb(),
            )
            path.unlink(missing_ok=True)
            results.write(json.dumps(asdict(out), ensure_ascii=False) + "\n")
            results.flush()
            if status == "failed":
                break  # a fresh worker for the next case: this one may be in a bad state


@dataclass
class _Lane:
    pid: int
    orders: object  # text file to the worker
    results: object  # text file from the worker
    index: int | None = None
    started: float = 0.0


_parent_ends: set[int] = set()  # pipe ends the parent holds; a new worker closes them


def _spawn(seeds: Seeds, seed: int, forms: tuple[str, ...], mem_bytes: int) -> _Lane:
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (worker)
        code = 0
        try:
            # Another worker's orders pipe left open here would keep it from ever
            # seeing the end of its orders.
            for fd in _parent_ends | {to_w, from_r}:
                with contextlib.suppress(OSError):
                    os.close(fd)
            resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
            _worker(seeds, seed, forms, to_r, from_w)
        except BaseException:
            code = 3
        os._exit(code)
    os.close(to_r)
    os.close(from_w)
    _parent_ends.update((to_w, from_r))
    return _Lane(pid, os.fdopen(to_w, "w"), os.fdopen(from_r, "r"))


def _close(lane: _Lane) -> None:
    _parent_ends.discard(lane.orders.fileno())  # type: ignore[attr-defined]
    _parent_ends.discard(lane.results.fileno())  # type: ignore[attr-defined]
    lane.orders.close()  # type: ignore[attr-defined]
    lane.results.close()  # type: ignore[attr-defined]


def run_cases(
    seeds: Seeds,
    seed: int,
    indices: range | list[int],
    *,
    jobs: int = 2,
    timeout: float = 60.0,
    mem_bytes: int = 4 << 30,
    forms: tuple[str, ...] = FORMS,
) -> Iterator[Outcome]:
    """Cases read by `jobs` worker processes forked from this (warmed-up) one, with their
    address space capped at `mem_bytes`. A worker over `timeout` seconds on one case is
    killed and replaced, as is one that dies or meets a failure, so no case can take the
    harness down. Peak memory is measured per case (the kernel's high-water mark, reset
    before each case)."""
    import ogi.check  # imported before forking: workers start warm
    import ogi.extract
    import ogi.readers.docx
    import ogi.readers.html
    import ogi.readers.markdown
    import ogi.readers.pdf

    del ogi
    pending = list(indices)[::-1]
    lanes = [_spawn(seeds, seed, forms, mem_bytes) for _ in range(min(jobs, len(pending)))]
    try:
        while pending or any(lane.index is not None for lane in lanes):
            for lane in lanes:
                if lane.index is None and pending:
                    lane.index = pending.pop()
                    lane.started = time.perf_counter()
                    lane.orders.write(f"{lane.index}\n")
                    lane.orders.flush()
            busy = {lane.results.fileno(): lane for lane in lanes if lane.index is not None}
            ready, _, _ = select.select(list(busy), [], [], 1.0)
            for k, lane in enumerate(list(lanes)):
                if lane.index is None:
                    continue
                line = lane.results.readline() if lane.results.fileno() in ready else None
                if line:
                    lane.index = None
                    yield Outcome(**json.loads(line))
                    if json.loads(line)["status"] == "failed":
                        lanes[k] = _replace(lane, seeds, seed, forms, mem_bytes)
                    continue
                waited = time.perf_counter() - lane.started
                if line == "" or waited > timeout:  # died, or too slow: killed
                    os.kill(lane.pid, signal.SIGKILL)
                    _, _, usage = os.wait4(lane.pid, 0)
                    _close(lane)
                    case = make_case(seeds, seed, lane.index, forms)
                    why = f"killed after {waited:.0f} s" if line is None else "worker died"
                    yield Outcome(
                        case.index,
                        case.form,
                        case.seed,
                        case.mutations,
                        "killed",
                        why,
                        waited,
                        usage.ru_utime + usage.ru_stime,
                        usage.ru_maxrss / 1024,
                    )
                    lanes[k] = _spawn(seeds, seed, forms, mem_bytes)
    finally:
        for lane in lanes:
            _close(lane)
            os.waitpid(lane.pid, 0)


def _replace(lane: _Lane, seeds: Seeds, seed: int, forms: tuple[str, ...], mem: int) -> _Lane:
    _close(lane)
    os.waitpid(lane.pid, 0)
    return _spawn(seeds, seed, forms, mem)


def as_dict(o: Outcome) -> dict:
    return asdict(o)
