"""``python -m bot clinic answers export|import CLINIC FILE`` and ``clinic replies CLINIC``.

A clinic's own answers travel as a JSON file (answer text plus the ways of asking it), so a
clinic can review them, keep them in version control, or bring them to a second bot. Nothing
about patients is in the file: approved answers keep no link to the question they came from.
``clinic replies`` sets the reply window patients are promised (and after which staff are
nudged) and whether the answering staff member's first name is shown to patients.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot.clinics.rules import Clinic, ClinicSettingError
from bot.storage.repository import Repository

FORMAT = "aftercare clinic answers, version 1"
MAX_TEXT = 1500
MAX_ANSWERS = 1000
MAX_WINDOW_HOURS = 24 * 14


def add_parsers(csub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    answers = csub.add_parser("answers", help="export or import a clinic's own answers (JSON)")
    asub = answers.add_subparsers(dest="answers_command", required=True)
    for name, what in (("export", "write them to FILE"), ("import", "add the ones in FILE")):
        command = asub.add_parser(name, help=what)
        command.add_argument("clinic")
        command.add_argument("file", type=Path)
    replies = csub.add_parser("replies", help="reply window and staff names shown to patients")
    replies.add_argument("clinic")
    replies.add_argument("--window", type=int, help="hours patients are told to expect")
    replies.add_argument("--names", choices=("on", "off"), help="show staff first names")


def run_answers(
    repo: Repository, clinic: Clinic, args: argparse.Namespace, out: TextIO, now: datetime
) -> int:
    if args.answers_command == "export":
        answers = repo.questions.clinic_answers(clinic.id)
        document = {
            "format": FORMAT,
            "clinic": clinic.name,
            "answers": [{"answer": a.answer, "examples": list(a.examples)} for a in answers],
        }
        args.file.write_text(
            json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        out.write(f"{clinic.name}: {len(answers)} answers written to {args.file}\n")
        return 0
    try:
        entries = _read(args.file)
    except (OSError, ValueError) as exc:
        out.write(f"error: {args.file} is not a clinic answers file ({exc})\n")
        return 2
    known = {(a.answer, a.examples) for a in repo.questions.clinic_answers(clinic.id)}
    added = 0
    for answer, examples in entries:
        if (answer, tuple(examples)) in known:
            continue
        repo.questions.add_clinic_answer(clinic.id, answer, examples, now)
        added += 1
    out.write(f"{clinic.name}: {added} answers added, {len(entries) - added} already there\n")
    return 0


def _read(path: Path) -> list[tuple[str, list[str]]]:
    document: Any = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"the format must be {FORMAT!r}")
    answers = document.get("answers")
    if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
        raise ValueError(f"'answers' must be a list of at most {MAX_ANSWERS}")
    entries = []
    for number, entry in enumerate(answers, 1):
        answer = entry.get("answer") if isinstance(entry, dict) else None
        examples = entry.get("examples") if isinstance(entry, dict) else None
        if (
            not isinstance(answer, str)
            or not 1 <= len(answer.strip()) <= MAX_TEXT
            or not isinstance(examples, list)
            or not examples
            or not all(isinstance(e, str) and 1 <= len(e.strip()) <= MAX_TEXT for e in examples)
        ):
            raise ValueError(f"answer {number} needs a text and at least one example question")
        entries.append((answer.strip(), [e.strip() for e in examples]))
    return entries


def run_replies(repo: Repository, clinic: Clinic, args: argparse.Namespace, out: TextIO) -> int:
    if args.window is not None and not 1 <= args.window <= MAX_WINDOW_HOURS:
        raise ClinicSettingError(f"the reply window is 1 to {MAX_WINDOW_HOURS} hours")
    show = None if args.names is None else args.names == "on"
    repo.questions.set_reply_settings(clinic.id, hours=args.window, show_names=show)
    settings = repo.questions.reply_settings(clinic.id)
    names = "on" if settings.show_staff_names else "off"
    out.write(
        f"{clinic.name}: reply window {settings.reply_window_hours} h, staff names {names}\n"
    )
    return 0
