"""What a file's name says it is: the reader each report suffix names, in one table for
the readers (`sniff_form`, where the content does not tell), the batch engine (which
files of a folder are reports), uploads and the web application's originals.

Pictures of pages are read when named, but a folder is not searched for them (a saved
page's folder holds its own pictures): their suffixes are kept apart.
"""

from __future__ import annotations

SUFFIX_FORMS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".mht": "mht",
    ".mhtml": "mht",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "doc",
    ".rtf": "doc",
    ".odt": "doc",
    ".pdf": "pdf",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")


def suffixes_of(*forms: str) -> frozenset[str]:
    """The report suffixes that name any of `forms`."""
    return frozenset(s for s, f in SUFFIX_FORMS.items() if f in forms)
