"""/start, /help and /sources: what the bot is, and what it knows."""

from __future__ import annotations

from telegram import Update

from bot.aftercare import keyboards
from bot.aftercare.service import unblock_patient
from bot.content import Markup, Messages
from bot.telegram.context import AftercareContext
from bot.telegram.replies import reply


async def show_welcome(update: Update, context: AftercareContext) -> None:
    """Greet the patient, say what the bot does, and give the short disclaimer."""
    patient = context.patient
    locale = context.locale
    messages = context.messages
    if patient is not None and patient.blocked:
        # Reminders cancelled by the block come back if they are still useful.
        unblock_patient(
            context.repo, context.plan, patient.id, context.now,
            context.services.settings.default_timezone,
        )  # fmt: skip
        context.refresh_patient()
    user = update.effective_user
    first_name = user.first_name if user else ""
    name_part = messages.text("start.name_part", locale, name=first_name) if first_name else ""
    await reply(
        update,
        messages.text("start.welcome", locale, name_part=Markup(name_part)),
        reply_markup=keyboards.log_session_button(messages, locale),
    )


# Every command, grouped as /help lists them: (catalog key of the group's title, commands).
# Each command is (name, catalog key of its description).
PATIENT_HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "help.group_questions",
        (
            ("start", "commands.start"),
            ("help", "commands.help"),
            ("sources", "commands.sources"),
        ),
    ),
    (
        "help.group_aftercare",
        (
            ("session", "sessions.command"),
            ("progress", "progress.command"),
            ("reminders", "reminders.command"),
            ("pause", "reminders.pause_command"),
            ("resume", "reminders.resume_command"),
            ("stop", "reminders.stop_command"),
            ("timezone", "reminders.timezone_command"),
        ),
    ),
    ("help.group_clinic", (("join", "onboarding.join_command"), ("ask", "ask.command"))),
    (
        "help.group_data",
        (
            ("privacy", "privacy.command"),
            ("export", "privacy.export_command"),
            ("delete", "privacy.delete_command"),
        ),
    ),
)
STAFF_HELP: tuple[str, tuple[tuple[str, str], ...]] = (
    "help.group_staff",
    (
        ("invite", "staff.command_invite"),
        ("invites", "staff.command_invites"),
        ("patients", "staff.command_patients"),
        ("patient", "staff.command_patient"),
        ("logsession", "staff.command_logsession"),
        ("questions", "staff.questions.command"),
        ("answers", "staff.questions.answers_command"),
    ),
)


async def show_help(update: Update, context: AftercareContext) -> None:
    """Explain how to ask questions and list every command, grouped; staff see theirs too."""
    context.meet_patient()
    locale = context.locale
    user = update.effective_user
    is_staff = user is not None and context.repo.clinics.staff_of_user(user.id) is not None
    await reply(update, help_text(context.messages, locale, staff=is_staff))


def help_text(messages: Messages, locale: str, *, staff: bool) -> str:
    """The /help message: the intro, each group of commands, the safety note."""
    groups = [*PATIENT_HELP, STAFF_HELP] if staff else list(PATIENT_HELP)
    blocks = [messages.text("help.intro", locale)]
    for title, commands in groups:
        lines = [messages.text(title, locale)]
        lines += [
            messages.text(
                "help.line",
                locale,
                command=f"/{name}",
                description=messages.raw(key, locale),
            )
            for name, key in commands
        ]
        blocks.append("\n".join(lines))
    blocks.append(messages.text("help.safety", locale))
    return "\n\n".join(blocks)


async def list_sources(update: Update, context: AftercareContext) -> None:
    """List the articles answers come from."""
    context.meet_patient()
    locale = context.locale
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
