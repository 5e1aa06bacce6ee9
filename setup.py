"""The package's compiled parts, both optional: `ogi.readers._pdfium_map`, a C loop that
asks pdfium about all the chars, objects and path segments of a page in one call (see
`ogi/readers/pdf_calls.py`), and `ogi.readers._layout`, the per-char loops of the PDF
reader's line grouping (see `ogi/readers/pdf_chars.py`). Where no C compiler is at hand
the build goes on without them and ogi runs the same work in Python: the same answers,
more slowly.
Everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # (its `chars` does `pdf_chars`'s arithmetic too: no multiply-add fused)
        Extension(
            "ogi.readers._pdfium_map",
            ["src/ogi/readers/_pdfium_map.c"],
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        ),
        # the per-char loops of line grouping (`pdf_chars`): their arithmetic must be
        # Python's to the bit, so no multiply-add is fused
        Extension(
            "ogi.readers._layout",
            ["src/ogi/readers/_layout.c"],
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        ),
    ]
)
