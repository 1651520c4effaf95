"""The clinic's daily digest: new patients, check-ins answered, open alerts, silent patients.

Called from the reminder sweep (``bot.aftercare.sweep``) every few seconds; cheap when nothing is
due
(one query for clinics with a digest time). A clinic's digest for a local date is claimed in
the database before it is sent, so a restart or a second process never sends it twice; if the
bot was down for more than a few hours past digest time the day is skipped, not sent at night.
The period covered runs from the previous digest (or 24 hours back) to now.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.clinics.render import digest_text
from bot.clinics.rules import digest_due
from bot.telegram.context import Services
from bot.telegram.send_budget import SendBudget

log = logging.getLogger(__name__)


async def send_due_digests(
    services: Services, bot: Bot, now: datetime, *, budget: SendBudget | None = None
) -> int:
    """Send every digest that is due; returns how many staff messages went out.

    ``bot`` is the sweep's unpaced bot, so each message first takes its turn from ``budget``."""
    repo, messages = services.repo, services.messages
    sent = 0
    for clinic in repo.clinics.with_digest():
        local_date = digest_due(clinic, now)
        if local_date is None:
            continue
        staff = repo.clinics.staff(clinic.id)
        if not staff:
            continue
        since = repo.clinics.last_digest_at(clinic.id, local_date) or now - timedelta(days=1)
        if not repo.clinics.claim_digest(clinic.id, local_date, now):
            continue
        figures = repo.clinic_views.digest_figures(clinic.id, since, now)
        text = digest_text(messages, clinic.name, local_date, figures)
        unanswered = repo.questions.count_open(clinic.id)
        if unanswered:
            text += "\n" + messages.text("staff.questions.digest_part", count=unanswered)
        for member in staff:
            try:
                if budget is None:
                    await bot.send_message(member.chat_id, text)
                else:
                    async with budget.turn(member.chat_id):
                        await bot.send_message(member.chat_id, text)
                sent += 1
            except TelegramError as exc:
                log.warning(
                    "digest of clinic %s: staff %s not reached (%s)",
                    clinic.id,
                    member.id,
                    type(exc).__name__,
                )
        log.info("digest of clinic %s for %s sent to %d staff", clinic.id, local_date, sent)
    return sent
