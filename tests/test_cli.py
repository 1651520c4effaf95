"""``python -m bot ask`` as a real process: plain text, JSON lines from stdin, and the promise
that it shows exactly what the bot sends a patient through Telegram (here, the stand-in)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.devtools.standin.records import SentRecord
from tests.e2e.harness import open_world, said

ROOT = Path(__file__).resolve().parent.parent
PATIENT = 7_700_000_001

ANSWERABLE = "how long will I be sore?"
UNCOVERED = "is it covered by my insurance"
RED_FLAG = "I can't breathe since the session"
TYPO = "wat is dry needling"


def cli_env(db_path: Path) -> dict[str, str]:
    """The caller's environment without a token or any bot setting, and a fresh database."""
    env = {
        k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN" and "AFTERCARE" not in k
    }
    env["AFTERCARE_DB"] = str(db_path)
    return env


def start_ask(db_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", *args],
        cwd=ROOT,
        env=cli_env(db_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def finish(process: subprocess.Popen[str], stdin: str | None = None) -> str:
    out, err = process.communicate(stdin, timeout=60)
    assert process.returncode == 0, err
    assert err == ""
    return out


def ask_json(db_path: Path, questions: list[str]) -> list[dict[str, Any]]:
    out = finish(start_ask(db_path, "--json", "-"), "".join(f"{q}\n" for q in questions))
    return [json.loads(line) for line in out.splitlines()]


def test_ask_prints_the_answer_with_its_source_as_plain_text(tmp_path: Path) -> None:
    out = finish(start_ask(tmp_path / "cli.db", ANSWERABLE))
    assert "24–48 hours" in out
    assert out.rstrip("\n").endswith(
        "— from “Dry Needling for Effective Pain Relief”, "
        "section “What to Expect During a Dry Needling Session”"
    )
    assert "<i>" not in out and "&" not in out


def test_ask_json_reads_stdin_and_writes_one_object_per_question_in_order(
    tmp_path: Path,
) -> None:
    questions = [ANSWERABLE, UNCOVERED, RED_FLAG, "", "   ", TYPO, "😀🙏", "Сколько?"]
    replies = ask_json(tmp_path / "cli.db", questions)
    # Every line gets exactly one object, in order (a blank line gets the blank-input reply),
    # so outputs stay aligned with inputs.
    assert [r["kind"] for r in replies] == [
        "answer",
        "unknown",
        "urgent",
        "unknown",
        "unknown",
        "answer",
        "unknown",
        "unknown",
    ]
    assert all(set(r) == {"kind", "text", "sources"} for r in replies)
    assert replies[0]["sources"] == [
        {
            "article": "Dry Needling for Effective Pain Relief",
            "section": "What to Expect During a Dry Needling Session",
        }
    ]
    assert replies[5]["sources"][0]["section"] == "What is Dry Needling?"
    assert [r["sources"] for r in replies[1:3]] == [[], []]
    assert "emergency number" in replies[2]["text"]
    assert replies[3]["text"] == said("input.empty")
    assert replies[4]["text"] == said("input.empty")
    assert replies[6]["text"] == said("input.empty")
    assert replies[7]["text"] == said("input.other_language")


def test_ask_json_without_any_question_prints_nothing(tmp_path: Path) -> None:
    assert ask_json(tmp_path / "cli.db", []) == []


async def test_the_cli_says_exactly_what_the_bot_sends_through_telegram(tmp_path: Path) -> None:
    questions = [ANSWERABLE, UNCOVERED, RED_FLAG, TYPO]
    stdin = "".join(f"{q}\n" for q in questions)
    # The CLI runs in two other processes meanwhile, one in plain text and one in JSON.
    plain_run = start_ask(tmp_path / "plain.db", "-")
    json_run = start_ask(tmp_path / "json.db", "--json", "-")
    sent: list[SentRecord] = []
    async with open_world(tmp_path / "bot.db") as world:
        for question in questions:
            replies = (await world.say(PATIENT, question)).to(PATIENT)
            sent.append(replies[0])  # a red flag's note about the clinic follows separately
    assert [r.method for r in sent] == ["sendMessage"] * len(questions)
    assert finish(plain_run, stdin) == "".join(f"{r.plain_text}\n" for r in sent)
    as_json = [json.loads(line) for line in finish(json_run, stdin).splitlines()]
    assert [reply["text"] for reply in as_json] == [r.plain_text for r in sent]
