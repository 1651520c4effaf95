"""Clinic staff: invites, the patient list, one patient's record, alerts, logging a session.

Every callback here is wrapped in ``staff_only``: the user is looked up in ``clinic_staff``
again, on every call, and everything after that is scoped to *their* clinic in SQL. Callback
data names an object (an alert, an invite, a page) but grants nothing: a button forged or
replayed by the staff of another clinic finds no object of theirs and changes nothing. Staff
commands answer in private chats only, so patient data never lands in a group.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Coroutine
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, InputFile, Update

from bot.aftercare.service import SessionRejected, log_session
from bot.aftercare.session_time import TimeRejected, parse_treatment_time
from bot.clinics.alerts import alert_text, handled_line, update_copies
from bot.clinics.invites import MULTI_USE_DAYS, PATIENT, SINGLE_USE_DAYS, format_code
from bot.clinics.keyboards import Labels, new_invite_keyboard, pages_keyboard, revoke_keyboard
from bot.clinics.questions import history_text, overdue_line
from bot.clinics.render import PAGE_SIZE, patient_record_text, patients_page_text
from bot.clinics.rules import StaffMember
from bot.clinics.service import issue_patient_invite, qr_png
from bot.clinics.views_store import PageCursor
from bot.content import Markup
from bot.ids import looks_like_a_number, parse_number
from bot.telegram.callbacks import MAX_PAGE, MarkAlertHandled, NewInvite, PageTurn, RevokeInvite
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import pressed
from bot.telegram.replies import reply

log = logging.getLogger(__name__)


def _staff(update: Update, context: AftercareContext) -> StaffMember | None:
    """The clinic membership of whoever sent this update, read from the database now."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE:
        return None
    return context.repo.clinics.staff_of_user(user.id)


async def _refuse(update: Update, context: AftercareContext) -> None:
    text = context.messages.text("staff.not_staff", context.locale)
    if update.callback_query is not None:
        await update.callback_query.answer(
            context.messages.raw("staff.not_staff"), show_alert=True
        )
        log.warning(
            "staff button refused: user %s is not staff (update %s)",
            update.effective_user.id if update.effective_user else None,
            update.update_id,
        )
        return
    await reply(update, text)


StaffCallback = Callable[[Update, AftercareContext, StaffMember], Coroutine[Any, Any, None]]


def staff_only(
    callback: StaffCallback,
) -> Callable[[Update, AftercareContext], Coroutine[Any, Any, None]]:
    """Check clinic membership in the database on this very call; refuse anyone else."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: AftercareContext) -> None:
        member = _staff(update, context)
        if member is None:
            await _refuse(update, context)
            return
        await callback(update, context, member)

    return guarded


# -- invites ------------------------------------------------------------------------------------


@staff_only
async def ask_invite_kind(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """Offer a single-use invite for one patient or a multi-use one for the front desk."""
    messages, locale = context.messages, context.locale
    args = [a.lower() for a in (context.args or [])]
    if args[:1] in (["single"], ["one"], ["multi"], ["poster"]):
        await _send_invite(update, context, member, multi_use=args[0] in ("multi", "poster"))
        return
    labels = Labels(
        messages.raw(
            "invites.single_button",
            locale,
            days=messages.plural("count.days", SINGLE_USE_DAYS, locale),
        ),
        messages.raw(
            "invites.multi_button",
            locale,
            days=messages.plural("count.days", MULTI_USE_DAYS, locale),
        ),
    )
    await reply(
        update, messages.text("invites.choose", locale), reply_markup=new_invite_keyboard(labels)
    )


@staff_only
async def create_invite(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """Make the invite chosen with the button (membership checked again)."""
    found = await pressed(update, context, NewInvite)
    if found is None:
        return
    query, button = found
    await query.answer()
    await _send_invite(update, context, member, multi_use=button.multi_use)


async def _send_invite(
    update: Update, context: AftercareContext, member: StaffMember, *, multi_use: bool
) -> None:
    repo, messages, locale = context.repo, context.messages, context.locale
    clinic = repo.clinics.get(member.clinic_id)
    chat = update.effective_chat
    if clinic is None or chat is None:
        return
    issued = issue_patient_invite(
        repo,
        clinic_id=clinic.id,
        created_by=member.telegram_user_id,
        multi_use=multi_use,
        bot_username=context.bot.username,
        now=context.now,
    )
    kind = messages.raw("invites.kind_multi" if multi_use else "invites.kind_single", locale)
    expires = messages.when(
        issued.invite.expires_at, "date_time", locale, zone=_zone(clinic.timezone)
    )
    await context.bot.send_message(
        chat.id,
        messages.text(
            "invites.created",
            locale,
            clinic=clinic.name,
            kind=kind,
            link=issued.link,
            code=format_code(issued.secrets.code),
            expires=expires,
        ),
    )
    await context.bot.send_photo(
        chat.id,
        photo=InputFile(qr_png(issued.link), filename=f"invite-{issued.invite.id}.png"),
        caption=messages.text("invites.qr_caption", locale, clinic=clinic.name),
    )


@staff_only
async def list_invites(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """List the clinic's open patient invites, each with a revoke button."""
    repo, messages, locale = context.repo, context.messages, context.locale
    clinic = repo.clinics.get(member.clinic_id)
    if clinic is None:
        return
    invites = repo.clinics.invites(clinic.id, PATIENT, active_at=context.now)[:20]
    if not invites:
        await reply(update, messages.text("invites.list_empty", locale))
        return
    zone = _zone(clinic.timezone)
    lines = [messages.text("invites.list_header", locale, clinic=clinic.name)]
    for invite in invites:
        kind = "invites.kind_single" if invite.max_uses == 1 else "invites.kind_multi"
        lines.append(
            messages.text(
                "invites.list_item",
                locale,
                id=invite.id,
                kind=messages.raw(kind, locale),
                uses=Markup(messages.plural("count.uses", invite.uses, locale)),
                expires=messages.when(invite.expires_at, "date", locale, zone=zone),
            )
        )
    buttons = [(i.id, messages.raw("invites.revoke_button", locale, id=i.id)) for i in invites]
    await reply(update, "\n".join(lines), reply_markup=revoke_keyboard(buttons))


@staff_only
async def revoke_invite(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """Revoke one invite of the presser's own clinic; another clinic's id changes nothing."""
    found = await pressed(update, context, RevokeInvite)
    if found is None:
        return
    query, button = found
    invite_id = button.invite_id
    messages, locale = context.messages, context.locale
    if not context.repo.clinics.revoke_invite(member.clinic_id, invite_id, context.now):
        log.warning("staff %s: revoke of invite %s refused", member.id, invite_id)
        await query.answer(messages.raw("invites.not_found", locale), show_alert=True)
        return
    log.info("staff %s revoked invite %s", member.id, invite_id)
    await query.answer()
    await reply(update, messages.text("invites.revoked_ok", locale, id=invite_id))


# -- patients -----------------------------------------------------------------------------------


@staff_only
async def list_patients(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """Show the clinic's patients, open alerts first, one page at a time."""
    page = parse_number(context.args[0] if context.args else None, maximum=MAX_PAGE) or 1
    text, markup = _patients_page(context, member, page, context.locale)
    await reply(update, text, reply_markup=markup)


@staff_only
async def turn_patients_page(
    update: Update, context: AftercareContext, member: StaffMember
) -> None:
    """Show another page of the patient list in the same message."""
    found = await pressed(update, context, PageTurn)
    if found is None:
        return
    query, turn = found
    await query.answer()
    edge = turn.edge
    cursor = PageCursor(edge.patient_id, edge.forward) if edge is not None else None
    text, markup = _patients_page(context, member, turn.page, context.locale, cursor)
    await query.edit_message_text(text, reply_markup=markup)


def _patients_page(
    context: AftercareContext,
    member: StaffMember,
    page: int,
    locale: str,
    cursor: PageCursor | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    repo, messages = context.repo, context.messages
    clinic = repo.clinics.require(member.clinic_id)
    result = repo.clinic_views.patients_page(clinic.id, page, PAGE_SIZE, cursor)
    text = patients_page_text(messages, clinic.name, clinic.timezone, result, locale)
    late = overdue_line(repo, messages, clinic.id, context.now)
    if late:
        text = late + "\n\n" + text
    labels = Labels(
        messages.raw("staff.previous_button", locale), messages.raw("staff.next_button", locale)
    )
    first_id = result.rows[0].id if result.rows else None
    last_id = result.rows[-1].id if result.rows else None
    return text, pages_keyboard(
        result.page, result.pages, labels, first_id=first_id, last_id=last_id
    )


@staff_only
async def show_patient(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """One patient's sessions, check-ins, reminders and alerts — only a patient of this clinic."""
    messages, locale = context.messages, context.locale
    typed = context.args[0].removeprefix("#") if context.args else ""
    if not looks_like_a_number(typed):
        await reply(update, messages.text("staff.patient_usage", locale))
        return
    patient_id = parse_number(typed)
    clinic = context.repo.clinics.get(member.clinic_id)
    record = (
        context.repo.clinic_views.patient_record(member.clinic_id, patient_id)
        if patient_id is not None
        else None
    )
    if record is None or clinic is None:
        log.info("staff %s: patient %s not in clinic %s", member.id, patient_id, member.clinic_id)
        await reply(update, _no_such_patient(context, locale, typed))
        return
    text = patient_record_text(messages, record, clinic.timezone, locale)
    history = history_text(context.repo, messages, record.id, clinic.timezone, locale)
    await reply(update, text + "\n\n" + history if history else text)


# -- alerts -------------------------------------------------------------------------------------


@staff_only
async def mark_alert_handled(
    update: Update, context: AftercareContext, member: StaffMember
) -> None:
    """Close an alert of the presser's clinic and show who handled it on every staff copy."""
    found = await pressed(update, context, MarkAlertHandled)
    if found is None:
        return
    query, button = found
    repo, messages, locale = context.repo, context.messages, context.locale
    alert_id = button.alert_id
    alert = repo.alerts.get(alert_id)
    if alert is None or alert.clinic_id != member.clinic_id:
        log.warning(
            "staff %s: alert button for alert %s of another clinic refused", member.id, alert_id
        )
        await query.answer(messages.raw("staff.alert.not_yours", locale), show_alert=True)
        return
    clinic = repo.clinics.require(member.clinic_id)
    now = context.now
    if not repo.clinics.mark_alert_handled(
        alert_id=alert.id, clinic_id=member.clinic_id, handled_by=member.telegram_user_id, now=now
    ):
        current = repo.alerts.get(alert.id)
        who = _staff_name(context, current.handled_by if current else None)
        when = current.handled_at if current and current.handled_at else now
        await query.answer(
            messages.raw(
                "staff.alert.already_handled",
                locale,
                who=who,
                time=messages.when(when, "day_time", locale, zone=_zone(clinic.timezone)),
            ),
            show_alert=True,
        )
        return
    log.info("alert %s handled by staff %s", alert.id, member.id)
    await query.answer(messages.raw("staff.alert.handled_ok", locale))
    if alert.patient_id is None:
        return
    patient = repo.patients.get(alert.patient_id)
    text = alert_text(
        repo, messages, alert, patient.display_name if patient else None, clinic.timezone
    )
    text += "\n\n" + handled_line(messages, member.display_name, now, clinic.timezone)
    await update_copies(context.bot, repo.clinics.notifications(alert.id), text)


def _staff_name(context: AftercareContext, telegram_user_id: int | None) -> str | None:
    if telegram_user_id is None:
        return None
    member = context.repo.clinics.staff_of_user(telegram_user_id)
    return member.display_name if member else None


# -- sessions -----------------------------------------------------------------------------------


@staff_only
async def log_patient_session(
    update: Update, context: AftercareContext, member: StaffMember
) -> None:
    """Log a session for a patient of this clinic: ``/logsession ID AREA [when]``."""
    repo, messages, locale = context.repo, context.messages, context.locale
    args = context.args or []
    typed = args[0].removeprefix("#") if args else ""
    if len(args) < 2 or not looks_like_a_number(typed):
        await reply(update, messages.text("staff.logsession_usage", locale))
        return
    patient_id = parse_number(typed)
    patient = repo.patients.get(patient_id) if patient_id is not None else None
    if patient is None or patient.clinic_id != member.clinic_id:
        await reply(update, _no_such_patient(context, locale, typed))
        return
    care, now = context.care_of(patient), context.now
    plan = care.plan
    area = args[1].lower()
    if plan.area(area) is None:
        areas = ", ".join(a.code for a in plan.areas)
        await reply(
            update, messages.text("staff.logsession_bad_area", locale, area=area, areas=areas)
        )
        return
    treated_at = (
        parse_treatment_time(" ".join(args[2:]), now, care.zone, plan.max_session_age)
        if len(args) > 2
        else now
    )
    if isinstance(treated_at, TimeRejected):
        await reply(update, messages.text("staff.logsession_bad_time", locale))
        return
    message = update.effective_message
    key = f"staff:{member.id}:{message.message_id if message else secrets.token_hex(8)}"
    try:
        logged = log_session(
            repo,
            plan,
            patient,
            treated_at=treated_at,
            area=area,
            logged_by=f"staff:{member.id}",
            idempotency_key=key,
            now=now,
            default_timezone=context.services.settings.default_timezone,
        )
    except SessionRejected:
        await reply(update, messages.text("staff.logsession_bad_time", locale))
        return
    clinic = repo.clinics.get(member.clinic_id)
    tz = _zone(clinic.timezone if clinic else "UTC")
    await reply(
        update,
        messages.text(
            "staff.logsession_done",
            locale,
            session=logged.session.id,
            id=patient.id,
            area=area,
            date=messages.when(logged.session.treated_at, "day_time", locale, zone=tz),
        ),
    )


def _no_such_patient(context: AftercareContext, locale: str, typed: str) -> str:
    """The "no such patient" reply quoting what was typed (clipped), so a number too large to
    be an id gets the same kind answer as an id that is not in this clinic."""
    shown = typed if len(typed) <= 24 else typed[:23] + "…"
    return context.messages.text("staff.no_such_patient", locale, id=shown)


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
