"""Joining a clinic: deep-link ``/start <token>``, ``/join CODE``, and the privacy notice.

A staff invite makes the user staff at once. A patient invite first shows the clinic's name,
what the bot does and the privacy notice; the invite is remembered server side (not in the
button), and only the "join" press uses it up. Then the patient is offered reminders (opt-in)
and asked for their time zone. Wrong, expired, revoked and used-up invites get a clear message
and count toward the per-user throttle (a later success does not wipe them) and, for typed
codes, toward budgets shared by all users. Logs carry ids, never tokens, codes or names.
"""

from __future__ import annotations

import logging
import math

from telegram import BotCommand, BotCommandScopeChat, Message, Update
from telegram.error import TelegramError

from bot.aftercare.consent import offer_reminders
from bot.clinics.invites import STAFF, Invite, InviteStatus, invite_status
from bot.clinics.keyboards import Labels, join_keyboard
from bot.clinics.service import open_invite
from bot.clinics.store import ClinicError
from bot.content import Markup
from bot.telegram.callbacks import JoinClinic
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import pressed
from bot.telegram.replies import reply

log = logging.getLogger(__name__)

# /start followed by a payload: registered before the plain /start.
START_WITH_PAYLOAD = r"^/start(@\w+)?\s+\S"

# Staff commands shown in a staff member's own chat menu: (command, catalog key).
STAFF_COMMANDS: tuple[tuple[str, str], ...] = (
    ("invite", "staff.command_invite"),
    ("invites", "staff.command_invites"),
    ("patients", "staff.command_patients"),
    ("patient", "staff.command_patient"),
    ("logsession", "staff.command_logsession"),
    ("questions", "staff.questions.command"),
    ("answers", "staff.questions.answers_command"),
)


async def reset_removed_staff_menu(update: Update, context: AftercareContext) -> None:
    """Before anything else: someone removed from the staff by the CLI (which may have had no
    way to reach Telegram) loses their staff command menu on their next update."""
    user = update.effective_user
    if user is None:
        return
    chat_id = context.repo.clinics.menu_reset_due(user.id)
    if chat_id is None:
        return
    try:
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        log.info("user %s: staff menu not reset yet (%s)", user.id, type(exc).__name__)
        return
    context.repo.clinics.menu_reset_done(user.id)
    log.info("user %s: staff command menu reset after removal", user.id)


async def start_with_invite(update: Update, context: AftercareContext) -> None:
    """Open the invite carried by a deep link (``/start <token>``)."""
    payload = context.args[0] if context.args else ""
    await _open(update, context, token=payload, code=None)


async def join_with_code(update: Update, context: AftercareContext) -> None:
    """Open the invite behind a code typed by hand (``/join K7QXM-2P9RT``)."""
    if not context.args:
        await reply(update, context.messages.text("onboarding.join_usage", context.locale))
        return
    await _open(update, context, token=None, code="".join(context.args))


async def _open(
    update: Update, context: AftercareContext, *, token: str | None, code: str | None
) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE:
        return
    locale = context.locale
    messages = context.messages
    now = context.now
    opened = open_invite(context.repo, telegram_user_id=user.id, token=token, code=code, now=now)
    if opened.throttled is not None:
        minutes = max(1, math.ceil(opened.throttled.retry_after.total_seconds() / 60))
        wait = Markup(messages.plural("count.minutes", minutes, locale))
        if opened.throttled.budget_spent:
            await reply(update, messages.text("invites.codes_paused", locale, minutes=minutes))
        else:
            await reply(update, messages.text("invites.slow_down", locale, minutes=wait))
        return
    if opened.invite is None:
        await reply(update, messages.text(f"invites.{opened.status.value}", locale))
        return
    if opened.invite.purpose == STAFF:
        await _join_staff(update, context, opened.invite)
    else:
        await _offer_patient_join(update, context, opened.invite)


async def _join_staff(update: Update, context: AftercareContext, invite: Invite) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:  # a /start always has both; nothing to join without them
        return
    repo, messages, locale = context.repo, context.messages, context.locale
    clinic = repo.clinics.get(invite.clinic_id)
    if clinic is None:
        await reply(update, messages.text("invites.unknown", locale))
        return
    current = repo.clinics.staff_of_user(user.id)
    if current is not None:
        key = "staff.already_staff" if current.clinic_id == clinic.id else "staff.staff_elsewhere"
        await reply(update, messages.text(key, locale, clinic=clinic.name))
        return
    try:
        member = repo.clinics.join_as_staff(
            invite_id=invite.id,
            clinic_id=clinic.id,
            telegram_user_id=user.id,
            chat_id=chat.id,
            display_name=user.full_name or None,
            now=context.now,
        )
    except ClinicError:
        await reply(update, messages.text("staff.staff_elsewhere", locale))
        return
    if member is None:
        await reply(update, messages.text("invites.used_up", locale))
        return
    log.info(
        "user %s joined clinic %s as staff %s (invite %s)",
        user.id,
        clinic.id,
        member.id,
        invite.id,
    )
    await reply(update, messages.text("staff.welcome", locale, clinic=clinic.name))
    commands = [BotCommand(name, messages.raw(key, locale)) for name, key in STAFF_COMMANDS]
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat.id))
    except TelegramError as exc:
        log.info("staff %s: command menu not set (%s)", member.id, type(exc).__name__)


async def _offer_patient_join(update: Update, context: AftercareContext, invite: Invite) -> None:
    repo, messages, locale = context.repo, context.messages, context.locale
    patient = context.patient
    clinic = repo.clinics.get(invite.clinic_id)
    if patient is None or clinic is None:
        return
    if patient.clinic_id == clinic.id:
        await reply(update, messages.text("onboarding.already_member", locale, clinic=clinic.name))
        return
    repo.clinics.set_pending(patient.id, invite.id, context.now)
    switch = ""
    if patient.clinic_id is not None:
        current = repo.clinics.get(patient.clinic_id)
        if current is not None:
            switch = messages.text(
                "onboarding.switch_part", locale, current=current.name, clinic=clinic.name
            )
    labels = Labels(
        messages.raw("onboarding.join_button", locale, clinic=clinic.name),
        messages.raw("onboarding.skip_button", locale),
    )
    log.info("patient %s opened invite %s of clinic %s", patient.id, invite.id, clinic.id)
    await reply(
        update,
        messages.text("onboarding.notice", locale, clinic=clinic.name, switch_part=Markup(switch)),
        reply_markup=join_keyboard(labels),
    )


async def answer_join(update: Update, context: AftercareContext) -> None:
    """Join (or decline) the invite this patient opened; the button itself proves nothing."""
    found = await pressed(update, context, JoinClinic)
    if found is None:
        return
    query, button = found
    await query.answer()
    patient = context.patient
    if patient is None:
        return
    repo, messages, locale = context.repo, context.messages, context.locale
    if not button.join:
        repo.clinics.clear_pending(patient.id)
        await query.edit_message_text(messages.text("onboarding.declined", locale))
        return
    now = context.now
    invite_id = repo.clinics.pending(patient.id)
    invite = repo.clinics.invite(invite_id) if invite_id is not None else None
    if invite is None:
        await query.edit_message_text(messages.text("onboarding.nothing_pending", locale))
        return
    status = invite_status(invite, now)
    if status is InviteStatus.OK and not repo.clinics.join(
        patient_id=patient.id, invite=invite, now=now
    ):
        status = InviteStatus.USED_UP
    if status is not InviteStatus.OK:
        repo.clinics.clear_pending(patient.id)
        await query.edit_message_text(messages.text(f"invites.{status.value}", locale))
        return
    clinic = repo.clinics.require(invite.clinic_id)
    log.info("patient %s joined clinic %s (invite %s)", patient.id, clinic.id, invite.id)
    await query.edit_message_text(messages.text("onboarding.joined", locale, clinic=clinic.name))
    context.refresh_patient()  # now with their clinic: its zone, plan and wording
    joined = context.patient or patient
    message = query.message
    if isinstance(message, Message) and joined.reminders_consent is None:
        # Reminders are opt-in: ask (then the time zone) with the aftercare flow's own question.
        await offer_reminders(message, context)
    else:
        await context.bot.send_message(joined.chat_id, messages.text("onboarding.done", locale))
