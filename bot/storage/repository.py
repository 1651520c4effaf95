"""One object that hands out every store, so handlers take a single dependency."""

from __future__ import annotations

from sqlite_utils import Database

from bot.aftercare.store import AftercareStore
from bot.clinics.alerts_store import AlertStore
from bot.clinics.questions_store import QuestionStore
from bot.clinics.store import ClinicStore
from bot.clinics.views_store import ClinicViewStore
from bot.knowledge.store import EmbeddingCache
from bot.outbox.store import OutboxStore
from bot.patients.store import PatientStore
from bot.privacy.store import PrivacyStore
from bot.storage.clock_anchor import ClockAnchorStore
from bot.storage.lock_wait import LockWait


class Repository:
    def __init__(self, db: Database) -> None:
        self.db = db
        # Waiting for another process's write lock without blocking the event loop.
        self.lock_wait = LockWait(db)
        self.patients = PatientStore(db)
        self.alerts = AlertStore(db)
        self.embeddings = EmbeddingCache(db)
        self.clock_anchor = ClockAnchorStore(db)
        self.clinics = ClinicStore(db)
        self.clinic_views = ClinicViewStore(db)
        self.privacy = PrivacyStore(db)
        self.aftercare = AftercareStore(db)
        self.outbox = OutboxStore(db)
        self.questions = QuestionStore(db)

    def close(self) -> None:
        self.db.close()
