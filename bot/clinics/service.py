"""Clinic services shared by the clinic CLI and the staff handlers: issuing and opening invites.

Opening an invite is one decision with three outcomes the patient must be able to tell apart —
usable, not usable (expired, revoked, used up, unknown), or "slow down" — and every wrong or
unusable attempt counts toward the throttle, so a guesser learns nothing faster by trying
revoked tokens. Typed codes are also held to budgets shared by everyone (see
``bot.clinics.invites``): many accounts guess no faster than one budget allows. Logs carry
invite and user ids, never the token or code.
"""

from __future__ import annotations

import html
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from telegram.helpers import create_deep_linked_url

from bot.clinics.invites import (
    DEFAULT_CODE_BUDGET,
    PATIENT,
    STAFF,
    STAFF_INVITE_HOURS,
    STAFF_INVITE_USES,
    CodeBudget,
    Invite,
    InviteSecrets,
    InviteStatus,
    ThrottleDecision,
    budget_decision,
    invite_status,
    new_secrets,
    normalize_code,
    patient_invite_terms,
    throttle,
)
from bot.content import Markup, Messages
from bot.storage.repository import Repository

log = logging.getLogger(__name__)

DEMO_BOT_USERNAME = "aftercare_demo_bot"


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    secrets: InviteSecrets
    link: str


@dataclass(frozen=True)
class OpenedInvite:
    """The result of opening a token or code: ``invite`` is set only when ``status`` is OK."""

    status: InviteStatus
    invite: Invite | None = None
    throttled: ThrottleDecision | None = None


def invite_link(bot_username: str, token: str) -> str:
    return create_deep_linked_url(bot_username, token)


def qr_png(link: str) -> bytes:
    """The link as a QR code PNG, large enough to print at a front desk."""
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def issue_patient_invite(
    repo: Repository,
    *,
    clinic_id: int,
    created_by: int | None,
    multi_use: bool,
    bot_username: str,
    now: datetime,
) -> IssuedInvite:
    expires_at, max_uses = patient_invite_terms(multi_use=multi_use, now=now)
    return _issue(repo, clinic_id, PATIENT, created_by, expires_at, max_uses, bot_username, now)


def issue_staff_invite(
    repo: Repository,
    *,
    clinic_id: int,
    bot_username: str,
    now: datetime,
    hours: int = STAFF_INVITE_HOURS,
    uses: int | None = STAFF_INVITE_USES,
) -> IssuedInvite:
    expires_at = now + timedelta(hours=hours)
    return _issue(repo, clinic_id, STAFF, None, expires_at, uses, bot_username, now)


def _issue(
    repo: Repository,
    clinic_id: int,
    purpose: str,
    created_by: int | None,
    expires_at: datetime,
    max_uses: int | None,
    bot_username: str,
    now: datetime,
) -> IssuedInvite:
    secrets = new_secrets()
    invite = repo.clinics.create_invite(
        clinic_id=clinic_id,
        purpose=purpose,
        token=secrets.token,
        code=secrets.code,
        created_by=created_by,
        expires_at=expires_at,
        max_uses=max_uses,
        now=now,
    )
    log.info("clinic %s: %s invite %s issued", clinic_id, purpose, invite.id)
    return IssuedInvite(invite, secrets, invite_link(bot_username, secrets.token))


def open_invite(
    repo: Repository,
    *,
    telegram_user_id: int,
    token: str | None,
    code: str | None,
    now: datetime,
    budget: CodeBudget = DEFAULT_CODE_BUDGET,
) -> OpenedInvite:
    """Look up a token (deep link) or a typed code for a user, within the guessing limits.

    Checked in order: the account's own throttle, then (codes only) the overall budget of wrong
    codes, then — once the code names a clinic — that clinic's budget. A refusal looks nothing
    up and records nothing; a wrong or unusable attempt is recorded for the account and, for a
    code, in the shared budgets.
    """
    decision = throttle(repo.clinics.recent_failures(telegram_user_id, now), now)
    if not decision.allowed:
        log.warning(
            "invite attempt by user %s throttled for %ds",
            telegram_user_id,
            int(decision.retry_after.total_seconds()),
        )
        return OpenedInvite(InviteStatus.UNKNOWN, throttled=decision)
    if code is not None:
        spent = _budget_spent(repo, now, budget, telegram_user_id, clinic_id=None)
        if spent is not None:
            return OpenedInvite(InviteStatus.UNKNOWN, throttled=spent)
    invite: Invite | None = None
    if token is not None:
        invite = repo.clinics.invite_by_token(token)
    elif code is not None:
        normalized = normalize_code(code)
        invite = repo.clinics.invite_by_code(normalized) if normalized else None
    if code is not None and invite is not None:
        spent = _budget_spent(repo, now, budget, telegram_user_id, clinic_id=invite.clinic_id)
        if spent is not None:
            return OpenedInvite(InviteStatus.UNKNOWN, throttled=spent)
    status = invite_status(invite, now)
    if status is not InviteStatus.OK:
        repo.clinics.record_failure(
            telegram_user_id,
            now,
            kind="token" if token is not None else "code",
            clinic_id=invite.clinic_id if invite else None,
        )
        failures = len(repo.clinics.recent_failures(telegram_user_id, now))
        log.warning(
            "invite attempt by user %s failed: %s (invite %s, %d recent failures)",
            telegram_user_id,
            status.value,
            invite.id if invite else None,
            failures,
        )
        return OpenedInvite(status)
    return OpenedInvite(status, invite)


def _budget_spent(
    repo: Repository,
    now: datetime,
    budget: CodeBudget,
    telegram_user_id: int,
    *,
    clinic_id: int | None,
) -> ThrottleDecision | None:
    """The refusal when the overall (``clinic_id`` None) or a clinic's budget is spent."""
    allowed = budget.overall if clinic_id is None else budget.per_clinic
    wrong = repo.clinics.recent_wrong_codes(now, allowed, clinic_id=clinic_id)
    decision = budget_decision(wrong, allowed, now, budget.window)
    if decision.allowed:
        return None
    log.warning(
        "invite codes paused (%s): %d wrong codes in the last %d min; user %s refused for %ds",
        "overall" if clinic_id is None else f"clinic {clinic_id}",
        len(wrong),
        int(budget.window.total_seconds() // 60),
        telegram_user_id,
        int(decision.retry_after.total_seconds()),
    )
    return decision


def clinic_text(
    repo: Repository,
    messages: Messages,
    clinic_id: int | None,
    key: str,
    locale: str | None = None,
    **params: object,
) -> str:
    """The message ``key`` as the patient's clinic worded it (``clinic text``), else the catalog's.

    Overrides are checked by the CLI to use only the default's placeholders; values are
    HTML-escaped exactly as ``Messages.text`` does.
    """
    template = (
        repo.clinics.text_override(clinic_id, key, locale or messages.default_locale)
        if clinic_id is not None
        else None
    )
    if template is None:
        return messages.text(key, locale, **params)
    escaped = {
        name: str(value) if isinstance(value, Markup) else html.escape(str(value), quote=False)
        for name, value in params.items()
    }
    try:
        return template.format(**escaped)
    except (KeyError, IndexError, ValueError):
        log.error("clinic %s: override of %s does not fit its placeholders", clinic_id, key)
        return messages.text(key, locale, **params)
