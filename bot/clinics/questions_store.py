"""Questions patients send to their clinic, the staff's answers, and the clinic's own answers.

A question is a message to the clinic, so its text is stored (``/privacy`` says so) and belongs
to the patient: ``clinic_questions`` carries their ``patient_id``, and the rows hanging off it
(staff copies, deliveries) reference it by foreign key, so ``/export`` and ``/delete`` cover
them all (``bot.privacy.store`` walks the schema). A clinic answer approved from a question
keeps its text but no link back: the question points to the answer, never the other way, so
erasing the question leaves the answer without any trace of the patient.

Deliveries (the question to staff, the answer to the patient) are rows written in the same
transaction as the question or the answer, and retried by ``bot.clinics.question_outbox``.
Staff chat ids are stored as ``staff_chat_id`` on purpose: the privacy walk matches rows by
``chat_id``, and a staff member's chat is not the patient's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database, Migrations

from bot.storage.rows import last_id, present
from bot.storage.timefmt import from_db, maybe_from_db, to_db

QUESTION_MIGRATIONS = Migrations("clinic_questions")

#: Delivery kinds: a question to every staff member, an answer to the patient.
TO_STAFF = "to_staff"
TO_PATIENT = "to_patient"
#: Staff messages of a question: the copy with its buttons, or the "type your answer" prompt.
COPY = "copy"
PROMPT = "prompt"


@QUESTION_MIGRATIONS()
def create_questions_and_clinic_answers(db: Database) -> None:
    db.execute("ALTER TABLE clinics ADD COLUMN reply_window_hours INTEGER NOT NULL DEFAULT 24")
    db.execute("ALTER TABLE clinics ADD COLUMN show_staff_names INTEGER NOT NULL DEFAULT 1")
    db.execute(
        """
        CREATE TABLE question_drafts (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL UNIQUE REFERENCES patients (id),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE clinic_questions (
            id INTEGER PRIMARY KEY,
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            text TEXT NOT NULL,
            asked_at TEXT NOT NULL,
            answer TEXT,
            answered_by INTEGER,
            answerer_name TEXT,
            answered_at TEXT,
            answer_delivered_at TEXT,
            answer_undeliverable INTEGER NOT NULL DEFAULT 0,
            nudged_at TEXT,
            approved_answer_id INTEGER
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_questions_clinic_open ON clinic_questions (clinic_id, answered_at)"
    )
    db.execute("CREATE INDEX idx_questions_patient ON clinic_questions (patient_id, asked_at)")
    db.execute(
        """
        CREATE TABLE question_messages (
            id INTEGER PRIMARY KEY,
            question_id INTEGER NOT NULL REFERENCES clinic_questions (id),
            kind TEXT NOT NULL,
            staff_chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_question_messages_chat ON question_messages "
        "(staff_chat_id, message_id)"
    )
    db.execute("CREATE INDEX idx_question_messages_question ON question_messages (question_id)")
    db.execute(
        """
        CREATE TABLE question_deliveries (
            id INTEGER PRIMARY KEY,
            question_id INTEGER NOT NULL REFERENCES clinic_questions (id),
            kind TEXT NOT NULL,
            due_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            done_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_question_deliveries_due ON question_deliveries (done_at, due_at)")
    db.execute(
        """
        CREATE TABLE clinic_answers (
            id INTEGER PRIMARY KEY,
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            answer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_clinic_answers_clinic ON clinic_answers (clinic_id)")
    db.execute(
        """
        CREATE TABLE clinic_answer_examples (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES clinic_answers (id),
            text TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_clinic_answer_examples ON clinic_answer_examples (answer_id)")


@dataclass(frozen=True)
class Question:
    id: int
    clinic_id: int
    patient_id: int
    text: str
    asked_at: datetime
    answer: str | None
    answered_by: int | None
    answerer_name: str | None
    answered_at: datetime | None
    answer_delivered_at: datetime | None
    answer_undeliverable: bool
    nudged_at: datetime | None
    approved_answer_id: int | None

    @property
    def open(self) -> bool:
        return self.answered_at is None


@dataclass(frozen=True)
class Draft:
    id: int
    patient_id: int
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Delivery:
    id: int
    question_id: int
    kind: str
    attempts: int


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    clinic_id: int
    answer: str
    examples: tuple[str, ...]
    updated_at: datetime


@dataclass(frozen=True)
class ClinicReplySettings:
    reply_window_hours: int
    show_staff_names: bool


class QuestionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- clinic settings -------------------------------------------------------------------

    def reply_settings(self, clinic_id: int) -> ClinicReplySettings:
        row = self.db.execute(
            "SELECT reply_window_hours, show_staff_names FROM clinics WHERE id = ?", [clinic_id]
        ).fetchone()
        if row is None:
            return ClinicReplySettings(24, True)
        return ClinicReplySettings(int(row[0]), bool(row[1]))

    def set_reply_settings(
        self, clinic_id: int, *, hours: int | None = None, show_names: bool | None = None
    ) -> None:
        if hours is not None:
            self.db.execute(
                "UPDATE clinics SET reply_window_hours = ? WHERE id = ?", [hours, clinic_id]
            )
        if show_names is not None:
            self.db.execute(
                "UPDATE clinics SET show_staff_names = ? WHERE id = ?",
                [int(show_names), clinic_id],
            )

    # -- drafts ----------------------------------------------------------------------------

    def save_draft(self, patient_id: int, text: str, now: datetime) -> Draft:
        """One draft per patient: the latest declined question (replaced by the next)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM question_drafts WHERE patient_id = ?", [patient_id])
            table = self.db.table("question_drafts")
            table.insert({"patient_id": patient_id, "text": text, "created_at": to_db(now)})
            draft_id = last_id(table)
        return present(self.draft(draft_id), "the draft just saved")

    def draft(self, draft_id: int) -> Draft | None:
        row = self.db.execute(
            "SELECT id, patient_id, text, created_at FROM question_drafts WHERE id = ?",
            [draft_id],
        ).fetchone()
        return None if row is None else Draft(row[0], row[1], row[2], from_db(row[3]))

    def purge_drafts(self, older_than: datetime) -> int:
        """Drafts never sent are not kept: gone after a day (``/privacy`` says "briefly")."""
        cursor = self.db.execute(
            "DELETE FROM question_drafts WHERE created_at < ?", [to_db(older_than)]
        )
        return cursor.rowcount

    def drop_draft(self, draft_id: int) -> None:
        self.db.execute("DELETE FROM question_drafts WHERE id = ?", [draft_id])

    # -- questions -------------------------------------------------------------------------

    def submit(self, draft: Draft, clinic_id: int, now: datetime) -> Question:
        """The draft becomes a question with its delivery to staff, in one transaction."""
        with self.db.atomic():
            table = self.db.table("clinic_questions")
            table.insert(
                {
                    "clinic_id": clinic_id,
                    "patient_id": draft.patient_id,
                    "text": draft.text,
                    "asked_at": to_db(now),
                }
            )
            question_id = last_id(table)
            self._add_delivery(question_id, TO_STAFF, now)
            self.db.execute("DELETE FROM question_drafts WHERE id = ?", [draft.id])
        return present(self.get(question_id), "the question just asked")

    def get(self, question_id: int) -> Question | None:
        rows = list(self.db["clinic_questions"].rows_where("id = ?", [question_id], limit=1))
        return _question(rows[0]) if rows else None

    def counts_for_patient(self, patient_id: int, since: datetime) -> tuple[int, int]:
        """(open questions, questions asked since ``since``) of one patient."""
        row = self.db.execute(
            "SELECT coalesce(sum(answered_at IS NULL), 0), coalesce(sum(asked_at >= ?), 0) "
            "FROM clinic_questions WHERE patient_id = ?",
            [to_db(since), patient_id],
        ).fetchone()
        return int(row[0]), int(row[1])

    def open_for_clinic(self, clinic_id: int, limit: int = 50) -> list[Question]:
        return [
            _question(r)
            for r in self.db["clinic_questions"].rows_where(
                "clinic_id = ? AND answered_at IS NULL", [clinic_id], order_by="id", limit=limit
            )
        ]

    def count_open(self, clinic_id: int) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM clinic_questions WHERE clinic_id = ? AND answered_at IS NULL",
            [clinic_id],
        ).fetchone()
        return int(row[0])

    def for_patient(self, patient_id: int) -> list[Question]:
        return [
            _question(r)
            for r in self.db["clinic_questions"].rows_where(
                "patient_id = ?", [patient_id], order_by="id"
            )
        ]

    def overdue_not_nudged(self, clinic_id: int, now: datetime) -> list[Question]:
        """Open questions older than the clinic's reply window that staff were not nudged on."""
        hours = self.reply_settings(clinic_id).reply_window_hours
        cutoff = to_db(now - timedelta(hours=hours))
        return [
            _question(r)
            for r in self.db["clinic_questions"].rows_where(
                "clinic_id = ? AND answered_at IS NULL AND nudged_at IS NULL AND asked_at <= ?",
                [clinic_id, cutoff],
                order_by="id",
            )
        ]

    def clinics_with_unnudged(self) -> list[int]:
        """Clinics with open questions staff were not nudged about yet (a cheap first cut)."""
        return [
            int(r[0])
            for r in self.db.execute(
                "SELECT DISTINCT clinic_id FROM clinic_questions "
                "WHERE answered_at IS NULL AND nudged_at IS NULL"
            )
        ]

    def mark_nudged(self, question_ids: list[int], now: datetime) -> None:
        for question_id in question_ids:
            self.db.execute(
                "UPDATE clinic_questions SET nudged_at = ? WHERE id = ?", [to_db(now), question_id]
            )

    def record_answer(
        self,
        question_id: int,
        clinic_id: int,
        *,
        by: int,
        name: str | None,
        text: str,
        now: datetime,
    ) -> bool:
        """The first answer wins: False when the question was answered already (or is not this
        clinic's). The delivery to the patient is written in the same transaction."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE clinic_questions SET answer = ?, answered_by = ?, answerer_name = ?, "
                "answered_at = ? WHERE id = ? AND clinic_id = ? AND answered_at IS NULL",
                [text, by, name, to_db(now), question_id, clinic_id],
            )
            if cursor.rowcount != 1:
                return False
            self._add_delivery(question_id, TO_PATIENT, now)
        return True

    def answer_delivered(self, question_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE clinic_questions SET answer_delivered_at = ? WHERE id = ?",
            [to_db(now), question_id],
        )

    def answer_undeliverable(self, question_id: int) -> None:
        self.db.execute(
            "UPDATE clinic_questions SET answer_undeliverable = 1 WHERE id = ?", [question_id]
        )

    # -- staff messages --------------------------------------------------------------------

    def record_message(self, question_id: int, kind: str, chat_id: int, message_id: int) -> None:
        self.db.table("question_messages").insert(
            {
                "question_id": question_id,
                "kind": kind,
                "staff_chat_id": chat_id,
                "message_id": message_id,
            },
            replace=True,
        )

    def messages_of(self, question_id: int, kind: str = COPY) -> list[tuple[int, int]]:
        return [
            (int(r[0]), int(r[1]))
            for r in self.db.execute(
                "SELECT staff_chat_id, message_id FROM question_messages "
                "WHERE question_id = ? AND kind = ? ORDER BY id",
                [question_id, kind],
            )
        ]

    def question_of_message(self, chat_id: int, message_id: int) -> int | None:
        row = self.db.execute(
            "SELECT question_id FROM question_messages WHERE staff_chat_id = ? AND message_id = ?",
            [chat_id, message_id],
        ).fetchone()
        return None if row is None else int(row[0])

    # -- deliveries ------------------------------------------------------------------------

    def _add_delivery(self, question_id: int, kind: str, now: datetime) -> None:
        self.db.table("question_deliveries").insert(
            {"question_id": question_id, "kind": kind, "due_at": to_db(now)}
        )

    def pending_delivery(self, question_id: int, kind: str) -> Delivery | None:
        row = self.db.execute(
            "SELECT id, question_id, kind, attempts FROM question_deliveries "
            "WHERE question_id = ? AND kind = ? AND done_at IS NULL ORDER BY id LIMIT 1",
            [question_id, kind],
        ).fetchone()
        return None if row is None else Delivery(*row)

    def due_deliveries(self, now: datetime, limit: int = 20) -> list[Delivery]:
        return [
            Delivery(*r)
            for r in self.db.execute(
                "SELECT id, question_id, kind, attempts FROM question_deliveries "
                "WHERE done_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?",
                [to_db(now), limit],
            )
        ]

    def delivery_done(self, delivery_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE question_deliveries SET done_at = ? WHERE id = ?", [to_db(now), delivery_id]
        )

    def delivery_retry(self, delivery_id: int, due_at: datetime) -> None:
        self.db.execute(
            "UPDATE question_deliveries SET attempts = attempts + 1, due_at = ? WHERE id = ?",
            [to_db(due_at), delivery_id],
        )

    def last_soreness(self, patient_id: int) -> int | None:
        return last_soreness(self.db, patient_id)

    # -- clinic answers --------------------------------------------------------------------

    def approve(self, question: Question, now: datetime) -> StoredAnswer | None:
        """Make an answered question clinic knowledge (once); None if it has no answer yet."""
        if question.answer is None:
            return None
        with self.db.atomic():
            current = self.get(question.id)
            if current is not None and current.approved_answer_id is not None:
                return self.clinic_answer(question.clinic_id, current.approved_answer_id)
            answer_id = self.add_clinic_answer(
                question.clinic_id, question.answer, [question.text], now
            )
            self.db.execute(
                "UPDATE clinic_questions SET approved_answer_id = ? WHERE id = ?",
                [answer_id, question.id],
            )
        return self.clinic_answer(question.clinic_id, answer_id)

    def add_clinic_answer(
        self, clinic_id: int, answer: str, examples: list[str], now: datetime
    ) -> int:
        with self.db.atomic():
            table = self.db.table("clinic_answers")
            table.insert(
                {
                    "clinic_id": clinic_id,
                    "answer": answer,
                    "created_at": to_db(now),
                    "updated_at": to_db(now),
                }
            )
            answer_id = last_id(table)
            for example in examples:
                self.db.table("clinic_answer_examples").insert(
                    {"answer_id": answer_id, "text": example}
                )
        return answer_id

    def clinic_answers(self, clinic_id: int) -> list[StoredAnswer]:
        examples: dict[int, list[str]] = {}
        for answer_id, text in self.db.execute(
            "SELECT e.answer_id, e.text FROM clinic_answer_examples e JOIN clinic_answers a "
            "ON a.id = e.answer_id WHERE a.clinic_id = ? ORDER BY e.id",
            [clinic_id],
        ):
            examples.setdefault(int(answer_id), []).append(text)
        return [
            StoredAnswer(
                int(r["id"]),
                int(r["clinic_id"]),
                r["answer"],
                tuple(examples.get(int(r["id"]), [])),
                from_db(r["updated_at"]),
            )
            for r in self.db["clinic_answers"].rows_where(
                "clinic_id = ?", [clinic_id], order_by="id"
            )
        ]

    def clinic_answer(self, clinic_id: int, answer_id: int) -> StoredAnswer | None:
        found = [a for a in self.clinic_answers(clinic_id) if a.id == answer_id]
        return found[0] if found else None

    def edit_clinic_answer(self, clinic_id: int, answer_id: int, text: str, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE clinic_answers SET answer = ?, updated_at = ? WHERE id = ? AND clinic_id = ?",
            [text, to_db(now), answer_id, clinic_id],
        )
        return cursor.rowcount == 1

    def add_example(self, clinic_id: int, answer_id: int, text: str) -> bool:
        if self.clinic_answer(clinic_id, answer_id) is None:
            return False
        self.db.table("clinic_answer_examples").insert({"answer_id": answer_id, "text": text})
        return True

    def remove_clinic_answer(self, clinic_id: int, answer_id: int) -> bool:
        with self.db.atomic():
            if self.clinic_answer(clinic_id, answer_id) is None:
                return False
            self.db.execute("DELETE FROM clinic_answer_examples WHERE answer_id = ?", [answer_id])
            self.db.execute("DELETE FROM clinic_answers WHERE id = ?", [answer_id])
            self.db.execute(
                "UPDATE clinic_questions SET approved_answer_id = NULL "
                "WHERE approved_answer_id = ?",
                [answer_id],
            )
        return True


def _question(row: dict[str, Any]) -> Question:
    return Question(
        id=row["id"],
        clinic_id=row["clinic_id"],
        patient_id=row["patient_id"],
        text=row["text"],
        asked_at=from_db(row["asked_at"]),
        answer=row["answer"],
        answered_by=row["answered_by"],
        answerer_name=row["answerer_name"],
        answered_at=maybe_from_db(row["answered_at"]),
        answer_delivered_at=maybe_from_db(row["answer_delivered_at"]),
        answer_undeliverable=bool(row["answer_undeliverable"]),
        nudged_at=maybe_from_db(row["nudged_at"]),
        approved_answer_id=row["approved_answer_id"],
    )


def last_soreness(db: Database, patient_id: int) -> int | None:
    """The patient's latest soreness score (shown to staff beside a question)."""
    row = db.execute(
        "SELECT score FROM checkin_answers WHERE patient_id = ? AND score IS NOT NULL "
        "ORDER BY answered_at DESC LIMIT 1",
        [patient_id],
    ).fetchone()
    return None if row is None else int(row[0])
