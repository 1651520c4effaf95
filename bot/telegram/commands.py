"""/start, /help and /sources: what the bot is, and what it knows."""

from __future__ import annotations

from telegram import Update

from bot.aftercare import keyboards
from bot.aftercare.service import resume_patient
from bot.content import Markup
from bot.telegram.context import AftercareContext
from bot.telegram.replies import current_patient, locale_of, reply


async def show_welcome(update: Update, context: AftercareContext) -> None:
    """Greet the patient, say what the bot does, and give the short disclaimer."""
    patient = current_patient(update, context)
    locale = locale_of(update, context)
    messages = context.messages
    if patient is not None and patient.blocked:
        context.repo.patients.mark_blocked(patient.id, False)
        # Reminders cancelled by the block come back if they are still useful.
        resume_patient(
            context.repo, context.plan, patient.id, context.clock.now(),
            context.services.settings.default_timezone,
        )  # fmt: skip
    user = update.effective_user
    first_name = user.first_name if user else ""
    name_part = messages.text("start.name_part", locale, name=first_name) if first_name else ""
    await reply(
        update,
        messages.text("start.welcome", locale, name_part=Markup(name_part)),
        reply_markup=keyboards.log_session_button(messages, locale),
    )


async def show_help(update: Update, context: AftercareContext) -> None:
    """Explain how to ask questions and which commands exist."""
    current_patient(update, context)
    await reply(update, context.messages.text("help.text", locale_of(update, context)))


async def list_sources(update: Update, context: AftercareContext) -> None:
    """List the articles answers come from."""
    current_patient(update, context)
    locale = locale_of(update, context)
    messages = context.messages
    articles = context.services.articles
    if not articles:
        await reply(update, messages.text("sources.empty", locale))
        return
    lines = [messages.text("sources.header", locale)]
    for article in articles:
        author_part = (
            messages.text("sources.author_part", locale, author=article.author)
            if article.author
            else ""
        )
        sections = messages.plural(
            "count.sections", len({passage.section for passage in article.passages}), locale
        )
        lines.append(
            messages.text(
                "sources.item",
                locale,
                title=article.title,
                author_part=Markup(author_part),
                sections=Markup(sections),
            )
        )
    await reply(update, "\n".join(lines))
