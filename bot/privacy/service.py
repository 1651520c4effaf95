"""Erasing a patient, with the scrub of their details from staff chats owed in the same breath.

The rows go and, in the same transaction, one outbox row per staff copy of the patient's alerts
is written to edit the copy down to "the patient asked for their data to be erased". The outbox
retries each edit until Telegram has it (or refuses it for good: a deleted message), so a failed
edit can no longer leave a name and a red-flag message in a staff chat with the rows needed to
retry already gone. Copies still waiting in the outbox are deleted with the patient's rows; one
in flight at that moment is scrubbed when its answer comes back (``bot.clinics.alerting``).
"""

from __future__ import annotations

from bot.outbox.courier import Outbox
from bot.outbox.effects import Effect, Purpose
from bot.privacy.store import Erasure
from bot.storage.repository import Repository


def erase_patient(
    repo: Repository,
    outbox: Outbox,
    scrub_text: str,
    patient_id: int,
    *,
    question_scrub_text: str | None = None,
) -> Erasure:
    """Delete the patient's rows, anonymise their alerts and queue the scrubs, atomically
    (``question_scrub_text``: what staff copies of the patient's questions to the clinic
    become)."""
    now = outbox.clock.now()
    with repo.db.atomic():
        erasure = repo.privacy.erase(patient_id)
        for chat_id, message_id in erasure.staff_messages:
            outbox.add(
                Effect(
                    Purpose.SCRUB, chat_id, scrub_text, due_at=now, deadline_at=None,
                    edit_message_id=message_id,
                )
            )  # fmt: skip
        for chat_id, message_id in erasure.question_messages:
            outbox.add(
                Effect(
                    Purpose.SCRUB, chat_id, question_scrub_text or scrub_text, due_at=now,
                    deadline_at=None, edit_message_id=message_id,
                )
            )  # fmt: skip
    return erasure
