"""pdfium is not safe to call from two threads at once; ogi's PDF reading and the web
application's drawing of pages take one lock (`ogi.readers.pdfium_lock`), so PDFs read
and drawn in several threads at once give what they give one at a time. Run in a child
process: without the lock, the process crashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.readers.test_pdf import build_pdf, text_page, two_page_table

CHILD = r"""
import json, sys, threading
from dataclasses import asdict
from ogi.readers.pdf import read_pdf
from ogi.web.originals import render_page

files = [open(p, "rb").read() for p in sys.argv[1:]]

def dump(data):
    return json.dumps(asdict(read_pdf("x.pdf", data, ocr=False)), ensure_ascii=False)

alone = [dump(d) for d in files]
pngs = [render_page(d, 1) for d in files]
wrong = []

def reader(k):
    for n in range(15):
        i = (k + n) % len(files)
        if dump(files[i]) != alone[i]:
            wrong.append(("read", i))

def drawer(k):
    for n in range(15):
        i = (k + n) % len(files)
        if render_page(files[i], 1) != pngs[i]:
            wrong.append(("draw", i))

threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
threads += [threading.Thread(target=drawer, args=(k,)) for k in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("wrong", wrong)
"""


def test_pdfs_read_and_drawn_in_several_threads_at_once(tmp_path: Path) -> None:
    paths = []
    for k, pages in enumerate([[text_page(1)], two_page_table(repeat_header=False)]):
        p = tmp_path / f"{k}.pdf"
        p.write_bytes(build_pdf(pages))
        paths.append(str(p))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *paths], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "wrong []"
