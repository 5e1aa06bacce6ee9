"""One lock for every use of pdfium in a process.

pdfium keeps global state and is not safe to call from two threads at once: two PDFs
read in two threads at the same time crash the process. The web application reads
uploads in a background thread while request threads draw pages of originals; each of
them takes this lock around its pdfium calls, never around OCR's recognition (which
does not touch pdfium), so a long scan does not hold up the pages being drawn.
"""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
