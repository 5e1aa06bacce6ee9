"""Ledgers of the fictional 示例镇人民政府, built in a fresh SQLite store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ogi.store import Application, Review, Store, open_store
from ogi.store.ledger import check_application, find_agency

AGENCY = "示例镇人民政府"


def application(serial: str, received: date, **fields: object) -> Application:
    app = Application(
        serial_no=serial,
        received=received,
        applicant_name=fields.pop("applicant_name", "张三"),
        applicant_type=fields.pop("applicant_type", "natural_person"),
        channel=fields.pop("channel", "online"),
    )
    for k, v in fields.items():
        setattr(app, k, v)
    check_application(app)
    return app


def store_with(tmp_path: Path, apps: list[Application] = (), reviews: list[Review] = ()) -> Store:
    store = open_store(str(tmp_path / "ogi.db"))
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        for a in apps:
            a.agency_id = ag.id
            s.add(a)
        for r in reviews:
            r.agency_id = ag.id
            s.add(r)
    return store


# Two years of the town's ledger. At the end of 2023, 2023-005 (natural person) and
# 2023-006 (legal-service provider) are open; 2023-006 is answered in 2024, 2023-005 in
# 2025. 2022-009 was received in 2022 and answered in 2023.
def two_years() -> list[Application]:
    d = date
    return [
        application(
            "2022-009", d(2022, 12, 26), reply_date=d(2023, 1, 10), outcome="results.granted"
        ),
        application(
            "2023-001", d(2023, 2, 3), reply_date=d(2023, 2, 20), outcome="results.granted"
        ),
        application(
            "2023-002",
            d(2023, 3, 8),
            applicant_type="commercial_enterprise",
            reply_date=d(2023, 3, 30),
            outcome="results.partially_granted",
        ),
        application(
            "2023-003", d(2023, 6, 1), reply_date=d(2023, 6, 20), outcome="results.unable.not_held"
        ),
        application(
            "2023-004",
            d(2023, 9, 27),
            applicant_type="research_institution",
            reply_date=d(2023, 10, 31),
            outcome="results.withheld.process_info",
        ),
        application("2023-005", d(2023, 12, 18)),
        application(
            "2023-006",
            d(2023, 12, 22),
            applicant_type="legal_service_org",
            reply_date=d(2024, 1, 15),
            outcome="results.not_processed.duplicate",
        ),
        application("2024-001", d(2024, 2, 1), reply_date=d(2024, 3, 5), outcome="results.granted"),
        application(
            "2024-002",
            d(2024, 5, 6),
            applicant_type="other_org",
            correction_start=d(2024, 5, 8),
            reply_date=d(2024, 6, 20),
            outcome="results.other.no_correction",
        ),
        application("2024-003", d(2024, 12, 23), applicant_type="social_welfare_org"),
        application(
            "2024-004",
            d(2024, 11, 4),
            reply_date=d(2024, 12, 2),
            outcome="results.other.fee_unpaid",
            fee=200.0,
        ),
    ]
