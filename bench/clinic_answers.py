"""A clinic's own answers: how well paraphrases find them, and what it costs on the event loop.

Two sets, with the real encoder (the matcher the bot uses):

* ``clinic set`` (``bench/clinic_answer_set.py``): questions a clinic answers itself (parking,
  dogs, payment …), each approved from its first wording; the other wordings are what other
  patients type. Every example question of the shipped articles must find none of them.
* ``article proxy``: half the articles' passages become clinic answers known by their first
  example only; their other examples should find them, the other half's examples nothing. A
  pessimistic set: every question there is about dry needling, so all of them are close.

Printed per set: ``hit`` (the right clinic answer), ``wrong`` (another clinic answer), ``false``
(an unrelated question answered at all); then the time to build a clinic's index from scratch,
to rebuild it after one more approval (vectors are reused), and per lookup through
``clinic_answer_lookup`` (database read, cached index, one question vector) — all of it on the
event loop.

    .venv/bin/python bench/clinic_answers.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from clinic_answer_set import ANSWERS, TOPICS

from bot.clinics.questions import clinic_answer_lookup
from bot.content import Messages
from bot.knowledge import clinic_answers
from bot.knowledge.clinic_answers import ClinicAnswer, index_for
from bot.knowledge.loader import load_knowledge
from bot.knowledge.semantic import Embed
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.db import open_database
from bot.storage.repository import Repository

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def main() -> None:
    settings = replace(Settings(), embeddings=True)
    articles, matcher = load_knowledge(settings, wait=True, cache=False)
    embed = getattr(matcher, "embed", None)
    if embed is None:
        print("the encoder is not available: nothing to measure")
        return
    passages = [p for a in articles for p in a.passages if len(p.examples) >= 2]
    everything = [q for a in articles for p in a.passages for q in p.examples]
    clinic_set = [
        ClinicAnswer(i, a, t[:1]) for i, (a, t) in enumerate(zip(ANSWERS, TOPICS, strict=True), 1)
    ]
    started = time.perf_counter()
    index_for(clinic_set, embed)
    build = time.perf_counter() - started
    _quality(
        "clinic set",
        clinic_set,
        [(i, q) for i, t in enumerate(TOPICS, 1) for q in t[1:]],
        everything,
        embed,
    )
    kept, left_out = passages[::2], passages[1::2]
    answers = [ClinicAnswer(i, p.text, p.examples[:1]) for i, p in enumerate(kept, 1)]
    _quality(
        "article proxy",
        answers,
        [(i, q) for i, p in enumerate(kept, 1) for q in p.examples[1:]],
        [q for p in left_out for q in p.examples],
        embed,
    )
    print(f"threshold {clinic_answers.SEMANTIC_THRESHOLD}")

    one_more = [*answers, ClinicAnswer(len(answers) + 1, "Dogs are welcome.", ("My dog?",))]
    started = time.perf_counter()
    index_for(one_more, embed)
    rebuild = time.perf_counter() - started
    print(
        f"clinic set index built from scratch in {build * 1000:.0f} ms (the first model run "
        f"included); article proxy rebuilt after one more approval in {rebuild * 1000:.0f} ms"
    )

    with tempfile.TemporaryDirectory() as folder:
        repo = Repository(open_database(Path(folder) / "bench.db"))
        messages = Messages.load(PROJECT_ROOT / "messages")
        clinic = repo.clinics.create(name="Bench", timezone="UTC", digest_time=None, now=NOW)
        patient = repo.patients.register(
            telegram_user_id=1, chat_id=1, display_name=None, locale="en", now=NOW
        )
        repo.db.execute("UPDATE patients SET clinic_id = ? WHERE id = ?", [clinic.id, patient.id])
        patient = repo.patients.get(patient.id) or patient
        for answer in one_more:
            repo.questions.add_clinic_answer(clinic.id, answer.answer, list(answer.examples), NOW)
        questions = [q for p in kept for q in p.examples[1:]] * 3
        timings = []
        for question in questions:
            started = time.perf_counter()
            lookup = clinic_answer_lookup(repo, messages, matcher, patient, "en")
            if lookup is not None:
                lookup(question)
            timings.append(time.perf_counter() - started)
        repo.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"lookup per message ({len(timings)} runs): median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"
    )


def _quality(
    name: str,
    answers: list[ClinicAnswer],
    paraphrases: list[tuple[int, str]],
    unrelated: list[str],
    embed: Embed,
) -> None:
    index = index_for(answers, embed)
    hits = wrong = 0
    for answer_id, question in paraphrases:
        found = index.find(question, embed)
        hits += found is not None and found.id == answer_id
        wrong += found is not None and found.id != answer_id
    false = sum(index.find(q, embed) is not None for q in unrelated)
    print(
        f"{name}: {len(answers)} answers, {len(paraphrases)} paraphrases, {len(unrelated)} "
        f"unrelated — hit {hits / len(paraphrases):.1%}, wrong {wrong / len(paraphrases):.1%}, "
        f"false {false / len(unrelated):.1%}"
    )


if __name__ == "__main__":
    main()
