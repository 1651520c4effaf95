"""A patient's data rights: /privacy (what, why, how long), /export (a JSON file), /delete.

/delete asks first; the "yes" button acts only on the presser's own record and only within
``CONFIRM_WINDOW`` of a /delete this process saw (kept in ``user_data``, server side), so a
replayed or years-old confirmation erases nothing. The window is measured on the monotonic
clock, not the application clock: it is a UI timeout, and a fast-forwarded demo clock would
otherwise expire it at once. After erasing, nothing here touches the patient's record again —
replying must not recreate the row that was just deleted.
"""

from __future__ import annotations

import json
import logging
import time

from telegram import InputFile, Update

from bot.clinics.keyboards import Labels, delete_keyboard
from bot.content import Markup
from bot.privacy.service import erase_patient
from bot.telegram.callbacks import ConfirmDelete
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import pressed
from bot.telegram.replies import reply

log = logging.getLogger(__name__)

CONFIRM_WINDOW_SECONDS = 600
_ASKED = "privacy.delete_asked_at"


async def show_privacy(update: Update, context: AftercareContext) -> None:
    """Say what is stored, why, who sees it and for how long."""
    patient = context.patient
    messages, locale = context.messages, context.locale
    clinic = (
        context.repo.clinics.get(patient.clinic_id)
        if patient is not None and patient.clinic_id is not None
        else None
    )
    who = (
        messages.text("privacy.who_clinic", locale, clinic=clinic.name)
        if clinic
        else messages.text("privacy.who_no_clinic", locale)
    )
    await reply(update, messages.text("privacy.text", locale, who=Markup(who)))


async def export_data(update: Update, context: AftercareContext) -> None:
    """Send the patient everything stored about them as a JSON file."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE:
        return
    messages, locale = context.messages, context.locale
    patient = context.known_patient  # asking for one's data stores nothing new
    if patient is None:
        await reply(update, messages.text("privacy.export_empty", locale))
        return
    document = {
        "format": "aftercare-companion export, version 1",
        "exported_at": context.now.isoformat(),
        "patient_id": patient.id,
        "tables": context.repo.privacy.export(patient.id),
    }
    payload = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()
    log.info("patient %s exported their data (%d bytes)", patient.id, len(payload))
    await context.bot.send_document(
        chat.id,
        document=InputFile(payload, filename="aftercare-data.json"),
        caption=messages.text("privacy.export_caption", locale),
    )


async def ask_delete(update: Update, context: AftercareContext) -> None:
    """Ask the patient to confirm that everything should be erased."""
    messages, locale = context.messages, context.locale
    labels = Labels(
        messages.raw("privacy.delete_yes", locale), messages.raw("privacy.delete_no", locale)
    )
    if context.user_data is not None:
        context.user_data[_ASKED] = time.monotonic()
    await reply(
        update,
        messages.text("privacy.delete_confirm", locale),
        reply_markup=delete_keyboard(labels),
    )


async def confirm_delete(update: Update, context: AftercareContext) -> None:
    """Erase the presser's own data on "yes" (if the question is recent), or keep it."""
    found = await pressed(update, context, ConfirmDelete)
    user = update.effective_user
    if found is None or user is None:
        return
    query, button = found
    await query.answer()
    messages, locale = context.messages, context.locale
    asked = context.user_data.pop(_ASKED, None) if context.user_data is not None else None
    if not button.erase:
        await query.edit_message_text(messages.text("privacy.delete_cancelled", locale))
        return
    if not isinstance(asked, float) or time.monotonic() - asked > CONFIRM_WINDOW_SECONDS:
        await query.edit_message_text(messages.text("privacy.delete_expired", locale))
        return
    patient = context.known_patient  # never registered again, not even to be erased
    if patient is not None:
        erasure = erase_patient(
            context.repo,
            context.outbox,
            messages.text("staff.alert.erased"),
            patient.id,
            question_scrub_text=messages.text("staff.questions.erased"),
        )
        log.info(
            "patient %s erased: %d rows deleted, %d alerts anonymised, %d staff copies to scrub",
            patient.id,
            erasure.rows_deleted,
            erasure.alerts_anonymised,
            len(erasure.staff_messages),
        )
        context.outbox.wake()
    await query.edit_message_text(messages.text("privacy.deleted", locale))
