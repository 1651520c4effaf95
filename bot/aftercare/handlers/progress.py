"""/progress: the patient's soreness scores over time, as a chart image or a text chart.

The chart is drawn in a worker thread (``bot.aftercare.chart``: tens of ms, half a second the first
time), so other patients' updates and the reminder sends go on meanwhile.
"""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.aftercare.chart import soreness_png
from bot.aftercare.checkins import summarise
from bot.aftercare.views import local_time, progress_text
from bot.content import Markup
from bot.telegram.context import AftercareContext
from bot.telegram.replies import reply

MAX_SESSIONS = 5


async def show_progress(update: Update, context: AftercareContext) -> None:
    """Send the chart (or the text chart) and a one-line summary of the latest session."""
    patient = context.patient
    message = update.effective_message
    if patient is None or message is None:
        return
    locale = context.locale
    messages = context.messages
    repo = context.repo
    answers = [a for a in repo.aftercare.scores_for_patient(patient.id) if a.score is not None]
    if not answers:
        await reply(update, messages.text("progress.none", locale))
        return
    sessions = {}
    for answer in answers:
        if answer.session_id not in sessions:
            session = repo.aftercare.session(answer.session_id)
            if session is not None:
                sessions[answer.session_id] = session
    recent = sorted(sessions.values(), key=lambda s: s.treated_at)[-MAX_SESSIONS:]
    keep = {s.id for s in recent}
    answers = [a for a in answers if a.session_id in keep]
    zone = context.care.zone
    latest = recent[-1]
    points = [
        ((a.answered_at - latest.treated_at).total_seconds() / 3600, a.score or 0)
        for a in answers
        if a.session_id == latest.id
    ]
    key, params = summarise(points)
    hours = params.get("hours")
    if isinstance(hours, int):
        params["hours"] = Markup(messages.plural("count.hours", hours, locale))
    summary = messages.text(f"progress.summary_{key}", locale, **params)
    series = [
        (
            local_time(messages, locale, s.treated_at, zone),
            [
                ((a.answered_at - s.treated_at).total_seconds() / 3600, a.score or 0)
                for a in answers
                if a.session_id == s.id
            ],
        )
        for s in recent
    ]
    png = await asyncio.to_thread(soreness_png, series)
    if png is not None:
        caption = "\n".join(filter(None, (messages.text("progress.caption", locale), summary)))
        await message.reply_photo(png, caption=caption)
        return
    text = progress_text(messages, locale, answers, {s.id: s for s in recent}, zone)
    await reply(update, text + "\n\n" + summary)
