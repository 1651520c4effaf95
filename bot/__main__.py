"""``python -m bot``: run the bot, the local demo, backups, or ask the knowledge base.

Subcommands:
  (none) / run   run against Telegram when TELEGRAM_BOT_TOKEN is set; without one, the local
                 demo in a terminal, else a one-line error (exit 2)
  demo           the local demo (a terminal chat with the bot over a local Bot API stand-in)
  ask            print the reply the bot would give to a question (``--json``; ``-`` = stdin)
  clinic         clinics: create (prints the staff invite link), list, staff, invites, overrides
  backup         a consistent copy of the database, also while the bot runs
  restore        replace the database with a backup (refused while a bot holds it)
  healthcheck    ask the running bot's /healthz (the Docker HEALTHCHECK)

Settings come from the environment and from a ``.env`` file (the environment wins).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.settings import PROJECT_ROOT, Settings, SettingsError

HOW_TO_START = (
    "TELEGRAM_BOT_TOKEN is not set: set it to run the bot (see .env.example); to try the local "
    "demo instead, run `python -m bot demo` in a terminal (Docker: `docker run -it --rm "
    "aftercare-bot demo`)"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    load_env_file()
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
    if command in ("backup", "restore", "healthcheck"):
        from bot.ops import cli as ops_cli

        return ops_cli.run(command, settings, args, sys.stdout)
    if command == "demo":
        return run_demo(settings)
    if settings.token is None:
        if _interactive():
            return run_demo(settings)
        print(HOW_TO_START, file=sys.stderr)
        return 2
    from bot.ops.serve import serve

    return serve(settings)


def load_env_file() -> None:
    """Read ``.env`` (``AFTERCARE_ENV_FILE`` names another file; ``off`` reads none) from the
    working directory, else from the project folder. Variables already set are kept."""
    name = os.environ.get("AFTERCARE_ENV_FILE", "").strip() or ".env"
    if name.lower() in ("off", "none"):
        return
    path = Path(name)
    if not path.is_absolute() and not path.is_file():
        path = PROJECT_ROOT / name
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the local demo in a terminal when no token is set)")
    sub.add_parser("demo", help="the local demo: chat with the bot in this terminal")
    ask_parser = sub.add_parser("ask", help="print the bot's reply to a question")
    ask_parser.add_argument("question", help="the question, or - to read one per line from stdin")
    ask_parser.add_argument("--json", action="store_true", help="print JSON objects")
    from bot.clinics.cli import add_parser as add_clinic_parser

    add_clinic_parser(sub)
    from bot.ops.cli import add_parsers as add_ops_parsers

    add_ops_parsers(sub)
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


def run_demo(settings: Settings) -> int:
    from bot.devtools.demo import DemoRefused
    from bot.devtools.demo import run_demo as demo
    from bot.devtools.standin import DEMO_TOKEN
    from bot.logs import configure_logging

    # The terminal is the patient's chat: only errors may interrupt it (an alert raised for the
    # clinic is a warning in production logs, but in the demo the chat itself shows it).
    configure_logging("ERROR", secrets=(DEMO_TOKEN,))
    try:
        return asyncio.run(demo(settings))
    except DemoRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Ctrl-C at the prompt: leave at once, without a traceback (the chat is kept).
        print("\nDemo finished. Bye!")
        return 0


def exit_now(code: int) -> None:
    """Flush and leave without tearing the interpreter down: a native library still busy in
    a daemon thread (the ONNX runtime warming the semantic index) aborts the process with
    SIGABRT when its threads are destroyed at interpreter exit, which turned a clean start-up
    failure (exit 2) or a graceful stop (exit 0) into a crash. Everything the bot owns is
    closed by the time ``main`` returns; SQLite needs no goodbye."""
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
