"""``python -m bot``: run the bot, the local demo, or ask the knowledge base from a terminal.

Subcommands:
  (none) / run   run against Telegram when TELEGRAM_BOT_TOKEN is set, else the local demo
  demo           the local demo (a terminal chat with the bot over a local Bot API stand-in)
  ask            print the reply the bot would give to a question (``--json``; ``-`` = stdin)
  clinic         clinics: create (prints the staff invite link), list, staff, invites, overrides
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.settings import Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    command = args.command or "run"
    if command == "ask":
        return ask(settings, args.question, as_json=args.json, out=sys.stdout)
    if command == "clinic":
        from bot.clinics import cli as clinic_cli

        return clinic_cli.run(settings, args, sys.stdout)
    if command == "demo" or settings.token is None:
        return run_demo(settings)
    return run_polling(settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the local demo when no token is set)")
    sub.add_parser("demo", help="the local demo: chat with the bot in this terminal")
    ask_parser = sub.add_parser("ask", help="print the bot's reply to a question")
    ask_parser.add_argument("question", help="the question, or - to read one per line from stdin")
    ask_parser.add_argument("--json", action="store_true", help="print JSON objects")
    from bot.clinics.cli import add_parser as add_clinic_parser

    add_clinic_parser(sub)
    return parser


def ask(settings: Settings, question: str, *, as_json: bool, out: TextIO) -> int:
    """Print exactly what the bot would answer, in plain text or JSON (one object per line)."""
    from bot.app import build_services
    from bot.content import html_to_plain
    from bot.knowledge.answer import answer_question

    services = build_services(settings, wait_for_index=True)
    try:
        questions = sys.stdin if question == "-" else [question]
        for line in questions:
            # One output line for every input line: a blank line gets the blank-input reply.
            line = line.rstrip("\n")
            reply = answer_question(line, services.matcher, services.messages)
            if as_json:
                out.write(json.dumps(reply.to_json(), ensure_ascii=False) + "\n")
            else:
                out.write(html_to_plain(reply.text) + "\n")
            out.flush()
    finally:
        services.repo.close()
    return 0


def run_polling(settings: Settings) -> int:
    from telegram import Update

    from bot.app import build_application
    from bot.logs import configure_logging

    assert settings.token is not None
    configure_logging(settings.log_level, secrets=(settings.token.reveal(),))
    application = build_application(settings)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def run_demo(settings: Settings) -> int:
    from bot.devtools.demo import run_demo as demo
    from bot.devtools.standin import DEMO_TOKEN
    from bot.logs import configure_logging

    # The terminal is the patient's chat: only errors may interrupt it (an alert raised for the
    # clinic is a warning in production logs, but in the demo the chat itself shows it).
    configure_logging("ERROR", secrets=(DEMO_TOKEN,))
    return asyncio.run(demo(settings))


if __name__ == "__main__":
    sys.exit(main())
