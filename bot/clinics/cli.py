"""``python -m bot clinic ...``: create clinics, issue staff links, manage staff and overrides.

Run on the machine that holds the database (the bot may be running: the database is in WAL
mode). Invite links need the bot's @username: ``AFTERCARE_BOT_USERNAME`` if set, else the bot
is asked (getMe) when a token is set, else the local demo's username is used.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.aftercare.plan import PlanError
from bot.clinics import answers_cli
from bot.clinics.invites import STAFF, format_code
from bot.clinics.rules import (
    Clinic,
    ClinicSettingError,
    check_clinic_name,
    check_digest_time,
    check_timezone,
)
from bot.clinics.service import DEMO_BOT_USERNAME, issue_staff_invite
from bot.content import Messages, parse_plan_text, template_fields
from bot.ids import MAX_ID, parse_number
from bot.settings import Secret, Settings
from bot.storage.db import open_database
from bot.storage.repository import Repository

Now = Callable[[], datetime]

MAX_STAFF_INVITE_HOURS = 24 * 365
MAX_STAFF_INVITE_USES = 1_000


def _number(maximum: int, minimum: int = 1) -> Callable[[str], int]:
    """An argparse type: ASCII digits within bounds (``bot.ids``), else a usage error."""

    def parse(text: str) -> int:
        number = parse_number(text, minimum=minimum, maximum=maximum)
        if number is None:
            raise argparse.ArgumentTypeError(
                f"{text[:24]!r} is not a number from {minimum} to {maximum}"
            )
        return number

    return parse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``clinic`` subcommand group to the main parser."""
    clinic = sub.add_parser("clinic", help="clinics: create, list, staff, invites, overrides")
    csub = clinic.add_subparsers(dest="clinic_command", required=True)

    create = csub.add_parser("create", help="create a clinic and print its staff invite link")
    create.add_argument("name")
    create.add_argument("--timezone", required=True, help="IANA name, e.g. Europe/London")
    create.add_argument("--digest-time", help="HH:MM (clinic time) for the daily staff digest")

    csub.add_parser("list", help="list clinics with staff and patient counts")

    invite = csub.add_parser("invite", help="print a new staff invite link for a clinic")
    invite.add_argument("clinic", help="clinic id or exact name")
    invite.add_argument(
        "--hours",
        type=_number(MAX_STAFF_INVITE_HOURS),
        default=72,
        help="valid for this long (72)",
    )
    invite.add_argument(
        "--uses",
        type=_number(MAX_STAFF_INVITE_USES),
        default=5,
        help="how many people may use it (5)",
    )

    invites = csub.add_parser("invites", help="list a clinic's open staff invites")
    invites.add_argument("clinic")
    revoke = csub.add_parser("revoke", help="revoke one of a clinic's invites")
    revoke.add_argument("clinic")
    revoke.add_argument("invite_id", type=_number(MAX_ID))

    staff = csub.add_parser("staff", help="list or remove a clinic's staff")
    ssub = staff.add_subparsers(dest="staff_command", required=True)
    slist = ssub.add_parser("list", help="list staff of a clinic")
    slist.add_argument("clinic")
    sremove = ssub.add_parser(
        "remove",
        help="remove a staff member (staff id or Telegram id); revokes their open invites",
    )
    sremove.add_argument("clinic")
    sremove.add_argument("user")

    digest = csub.add_parser("digest", help="set the daily digest time (or 'off')")
    digest.add_argument("clinic")
    digest.add_argument("time", help="HH:MM in the clinic's time zone, or off")

    plan = csub.add_parser("plan", help="override the aftercare plan for a clinic")
    plan.add_argument("clinic")
    group = plan.add_mutually_exclusive_group(required=True)
    group.add_argument("--file", type=Path, help="a plan TOML file in the default plan's format")
    group.add_argument("--reset", action="store_true", help="go back to the default plan")

    text = csub.add_parser("text", help="override one message (e.g. a reminder) for a clinic")
    text.add_argument("clinic")
    text.add_argument("key", help="catalog key, e.g. reminders.hydrate")
    text.add_argument("template", nargs="?", help="the new text; omit with --reset")
    text.add_argument("--locale", default="en")
    text.add_argument("--reset", action="store_true")

    answers_cli.add_parsers(csub)


def run(settings: Settings, args: argparse.Namespace, out: TextIO, now: Now | None = None) -> int:
    """Run one ``clinic`` subcommand; returns the process exit code."""
    clock = now or (lambda: datetime.now(UTC))
    repo = Repository(open_database(settings.db_path))
    try:
        return _dispatch(settings, repo, args, out, clock)
    except ClinicSettingError as exc:
        out.write(f"error: {exc}\n")
        return 2
    finally:
        repo.close()


def _dispatch(
    settings: Settings, repo: Repository, args: argparse.Namespace, out: TextIO, now: Now
) -> int:
    command = args.clinic_command
    if command == "create":
        return create_clinic(
            settings, repo, args.name, args.timezone, args.digest_time, out=out, now=now()
        )
    if command == "list":
        return list_clinics(repo, out)
    clinic = repo.clinics.find(args.clinic)
    if clinic is None:
        out.write(f"error: no clinic {args.clinic!r} (use an id from `clinic list`)\n")
        return 1
    if command == "invite":
        _print_staff_invite(settings, repo, clinic, out, now(), args.hours, args.uses)
        return 0
    if command == "invites":
        for invite in repo.clinics.invites(clinic.id, STAFF, active_at=now()):
            uses = f"{invite.uses}/{invite.max_uses or '∞'}"
            out.write(f"{invite.id}\tuses {uses}\texpires {invite.expires_at:%Y-%m-%d %H:%M}Z\n")
        return 0
    if command == "revoke":
        if repo.clinics.revoke_invite(clinic.id, args.invite_id, now()):
            out.write(f"invite {args.invite_id} revoked\n")
            return 0
        out.write(f"error: clinic {clinic.id} has no open invite {args.invite_id}\n")
        return 1
    if command == "staff":
        return _staff(settings, repo, clinic, args, out, now)
    if command == "digest":
        value = None if args.time.lower() == "off" else check_digest_time(args.time)
        repo.clinics.set_digest_time(clinic.id, value)
        out.write(f"{clinic.name}: daily digest {value or 'off'}\n")
        return 0
    if command == "plan":
        return _plan(settings, repo, clinic, args, out)
    if command == "text":
        return _text(settings, repo, clinic, args, out)
    if command == "answers":
        return answers_cli.run_answers(repo, clinic, args, out, now())
    if command == "replies":
        return answers_cli.run_replies(repo, clinic, args, out)
    raise ValueError(f"no clinic command {command!r}")


def create_clinic(
    settings: Settings,
    repo: Repository,
    name: str,
    timezone: str,
    digest_time: str | None,
    *,
    out: TextIO,
    now: datetime,
) -> int:
    name = check_clinic_name(name)
    if repo.clinics.name_taken(name):
        raise ClinicSettingError(
            f"a clinic named {name!r} already exists (names are unique, whatever the case)"
        )
    clinic = repo.clinics.create(
        name=name,
        timezone=check_timezone(timezone),
        digest_time=check_digest_time(digest_time) if digest_time else None,
        now=now,
    )
    out.write(f"Created clinic {clinic.id}: {clinic.name} ({clinic.timezone})\n")
    _print_staff_invite(settings, repo, clinic, out, now)
    return 0


def list_clinics(repo: Repository, out: TextIO) -> int:
    out.write("id\tname\ttimezone\tdigest\tstaff\tpatients\n")
    for clinic in repo.clinics.all():
        staff, patients = repo.clinics.counts(clinic.id)
        digest = clinic.digest_time or "-"
        out.write(
            f"{clinic.id}\t{clinic.name}\t{clinic.timezone}\t{digest}\t{staff}\t{patients}\n"
        )
    return 0


def _staff(
    settings: Settings,
    repo: Repository,
    clinic: Clinic,
    args: argparse.Namespace,
    out: TextIO,
    now: Now,
) -> int:
    if args.staff_command == "list":
        out.write("staff id\ttelegram user id\tname\tjoined\n")
        for member in repo.clinics.staff(clinic.id):
            out.write(
                f"{member.id}\t{member.telegram_user_id}\t{member.display_name or '-'}\t"
                f"{member.joined_at:%Y-%m-%d}\n"
            )
        return 0
    removal = repo.clinics.remove_staff(clinic.id, args.user, now())
    if removal is None:
        out.write(f"error: {args.user[:24]} is not staff of clinic {clinic.id}\n")
        return 1
    member = removal.member
    out.write(f"removed staff {member.id} (Telegram user {member.telegram_user_id})\n")
    if removal.revoked_joined_with is not None:
        out.write(f"revoked the staff invite they joined with: {removal.revoked_joined_with}\n")
    if removal.revoked_created:
        ids = ", ".join(str(i) for i in removal.revoked_created)
        out.write(f"revoked the invites they made: {ids}\n")
    if settings.token is not None and _reset_menu_now(settings, member.chat_id):
        repo.clinics.menu_reset_done(member.telegram_user_id)
        out.write("their staff command menu is gone\n")
    else:
        out.write("their staff command menu goes with their next message to the bot\n")
    return 0


def _reset_menu_now(settings: Settings, chat_id: int) -> bool:
    """Delete the staff command menu of one chat through the Bot API; False if that failed."""
    return asyncio.run(_delete_chat_commands(settings, chat_id))


async def _delete_chat_commands(settings: Settings, chat_id: int) -> bool:
    from telegram import Bot, BotCommandScopeChat
    from telegram.error import TelegramError

    if settings.token is None:
        return False
    base_url = settings.api_base_url or "https://api.telegram.org/bot"
    try:
        async with Bot(settings.token.reveal(), base_url=base_url) as bot:
            return await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    except TelegramError:
        return False


def _plan(
    settings: Settings, repo: Repository, clinic: Clinic, args: argparse.Namespace, out: TextIO
) -> int:
    if args.reset:
        repo.clinics.set_plan_override(clinic.id, None)
        out.write(f"{clinic.name}: default aftercare plan\n")
        return 0
    text = Path(args.file).read_text(encoding="utf-8")
    try:
        parse_plan_text(text, source=Path(args.file).name)
    except PlanError as exc:
        out.write(f"error: {exc}\n")
        return 2
    repo.clinics.set_plan_override(clinic.id, text)
    out.write(f"{clinic.name}: aftercare plan overridden from {Path(args.file).name}\n")
    return 0


def _text(
    settings: Settings, repo: Repository, clinic: Clinic, args: argparse.Namespace, out: TextIO
) -> int:
    messages = Messages.load(settings.messages_dir, settings.locale)
    if not messages.has(args.key):
        out.write(f"error: there is no message {args.key!r} in the catalog\n")
        return 2
    if args.reset or args.template is None:
        repo.clinics.set_text(clinic.id, args.key, args.locale, None)
        out.write(f"{clinic.name}: {args.key} back to the default text\n")
        return 0
    allowed = messages.catalog(messages.default_locale).placeholders(args.key)
    unknown = template_fields(args.template) - allowed
    if unknown:
        out.write(
            f"error: {args.key} can only use the placeholders "
            f"{', '.join(sorted(allowed)) or '(none)'}; not {', '.join(sorted(unknown))}\n"
        )
        return 2
    repo.clinics.set_text(clinic.id, args.key, args.locale, args.template)
    out.write(f"{clinic.name}: {args.key} ({args.locale}) overridden\n")
    return 0


def _print_staff_invite(
    settings: Settings,
    repo: Repository,
    clinic: Clinic,
    out: TextIO,
    now: datetime,
    hours: int = 72,
    uses: int | None = 5,
) -> None:
    issued = issue_staff_invite(
        repo,
        clinic_id=clinic.id,
        bot_username=bot_username(settings),
        now=now,
        hours=hours,
        uses=uses,
    )
    out.write(
        f"Staff invite link (valid {hours} h, {uses} uses): {issued.link}\n"
        f"Or in the bot: /join {format_code(issued.secrets.code)}\n"
    )


def bot_username(settings: Settings) -> str:
    """The @username invite links point at (see the module docstring for the order)."""
    if settings.bot_username:
        return settings.bot_username
    if settings.token is None:
        return DEMO_BOT_USERNAME
    return asyncio.run(_ask_username(settings.token, settings.api_base_url))


async def _ask_username(token: Secret, api_base_url: str | None) -> str:
    from telegram import Bot

    base_url = api_base_url or "https://api.telegram.org/bot"
    async with Bot(token.reveal(), base_url=base_url) as bot:
        me = await bot.get_me()
    if not me.username:
        raise ClinicSettingError("the bot has no username; set AFTERCARE_BOT_USERNAME")
    return me.username
