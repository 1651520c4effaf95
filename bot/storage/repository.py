"""One object that hands out every store, so handlers take a single dependency."""

from __future__ import annotations

from sqlite_utils import Database

from bot.storage.aftercare import AftercareStore
from bot.storage.alerts import AlertStore
from bot.storage.clinic_views import ClinicViewStore
from bot.storage.clinics import ClinicStore
from bot.storage.clock_anchor import ClockAnchorStore
from bot.storage.knowledge import KnowledgeStore
from bot.storage.patients import PatientStore
from bot.storage.privacy import PrivacyStore


class Repository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.patients = PatientStore(db)
        self.alerts = AlertStore(db)
        self.knowledge = KnowledgeStore(db)
        self.clock_anchor = ClockAnchorStore(db)
        self.clinics = ClinicStore(db)
        self.clinic_views = ClinicViewStore(db)
        self.privacy = PrivacyStore(db)
        self.aftercare = AftercareStore(db)

    def close(self) -> None:
        self.db.close()
