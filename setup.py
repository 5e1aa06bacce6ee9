"""The package's one compiled part, optional: `ogi.readers._pdfium_map`, a C loop that
asks pdfium about all the chars, objects and path segments of a page in one call (see
`ogi/readers/pdf_calls.py`). Where no C compiler is at hand the build goes on without it
and ogi asks pdfium through ctypes, item by item: the same answers, more slowly.
Everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "ogi.readers._pdfium_map",
            ["src/ogi/readers/_pdfium_map.c"],
            optional=True,
        )
    ]
)
