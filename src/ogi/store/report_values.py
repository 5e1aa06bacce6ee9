"""The column values of a report's row, as plain data: made in the worker process that
read the report (which loads no database layer) and sent to the one that writes."""

from __future__ import annotations

from typing import Any

from ogi.model import Report


def record_values(report: Report) -> dict[str, Any]:
    """The column values of `report`'s row (plain data: made in a worker process, sent
    to the one that writes)."""
    return {
        "agency": report.agency,
        "year": report.report_year,
        "sha256": report.source.sha256,
        "form": report.source.form,
        "edition": report.edition,
        "source_path": report.source.path,
        "cells": dict(report.cells),
        "sections": [s.model_dump(mode="json") for s in report.sections],
        "problems": [p.model_dump(mode="json") for p in report.problems],
        "document": report.model_dump(mode="json"),
        "published": report.published,
    }
