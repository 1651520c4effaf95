"""Questions to the clinic without Telegram: the store, the caps, the clinic's answers matched
by words (the semantic path has its own end-to-end story), and the CLI's export and import."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from bot.__main__ import main
from bot.clinics.questions import DAILY_CAP, MAX_OPEN, refusal
from bot.clinics.questions_store import TO_PATIENT, TO_STAFF
from bot.knowledge.clinic_answers import ClinicAnswer, ClinicAnswerIndex, index_for
from bot.storage.db import open_database
from bot.storage.repository import Repository

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _clinic_and_patient(repo: Repository, user_id: int = 1) -> tuple[int, int]:
    clinic = repo.clinics.create(
        name=f"Clinic {user_id}", timezone="UTC", digest_time=None, now=NOW
    )
    patient = repo.patients.register(
        telegram_user_id=user_id, chat_id=user_id, display_name="P", locale="en", now=NOW
    )
    repo.db.execute("UPDATE patients SET clinic_id = ? WHERE id = ?", [clinic.id, patient.id])
    return clinic.id, patient.id


def test_a_question_and_its_delivery_are_written_together_and_the_first_answer_wins(
    repo: Repository,
) -> None:
    clinic_id, patient_id = _clinic_and_patient(repo)
    draft = repo.questions.save_draft(patient_id, "Can I swim?", NOW)
    question = repo.questions.submit(draft, clinic_id, NOW)
    assert repo.questions.draft(draft.id) is None
    assert [d.kind for d in repo.questions.due_deliveries(NOW)] == [TO_STAFF]
    assert repo.questions.record_answer(
        question.id, clinic_id, by=9, name="Alice", text="Yes", now=NOW
    )
    assert not repo.questions.record_answer(
        question.id, clinic_id, by=8, name="Bob", text="No", now=NOW
    )
    assert not repo.questions.record_answer(
        question.id, clinic_id + 1, by=8, name="Bob", text="No", now=NOW
    )
    answered = repo.questions.get(question.id)
    assert answered is not None and answered.answer == "Yes" and answered.answerer_name == "Alice"
    assert TO_PATIENT in [d.kind for d in repo.questions.due_deliveries(NOW)]


def test_caps_count_open_questions_and_the_last_day(repo: Repository) -> None:
    clinic_id, patient_id = _clinic_and_patient(repo)
    patient = repo.patients.get(patient_id)
    assert patient is not None
    ids = []
    for n in range(MAX_OPEN):
        draft = repo.questions.save_draft(patient_id, f"q{n}", NOW)
        ids.append(repo.questions.submit(draft, clinic_id, NOW).id)
    refused = refusal(repo, patient, NOW)
    assert refused is not None and refused.key == "ask.too_many_open"
    for question_id in ids:
        repo.questions.record_answer(question_id, clinic_id, by=1, name=None, text="a", now=NOW)
    assert refusal(repo, patient, NOW) is None
    for n in range(DAILY_CAP - MAX_OPEN):
        draft = repo.questions.save_draft(patient_id, f"r{n}", NOW)
        question = repo.questions.submit(draft, clinic_id, NOW)
        repo.questions.record_answer(question.id, clinic_id, by=1, name=None, text="a", now=NOW)
    refused = refusal(repo, patient, NOW)
    assert refused is not None and refused.key == "ask.daily_cap"
    assert refusal(repo, patient, NOW + timedelta(days=1, minutes=1)) is None


def test_drafts_are_forgotten_after_a_day(repo: Repository) -> None:
    _, patient_id = _clinic_and_patient(repo)
    draft = repo.questions.save_draft(patient_id, "old", NOW)
    assert repo.questions.purge_drafts(NOW) == 0
    assert repo.questions.purge_drafts(NOW + timedelta(days=1, seconds=1)) == 1
    assert repo.questions.draft(draft.id) is None


def test_an_approved_answer_outlives_the_erased_patient_without_a_link(repo: Repository) -> None:
    clinic_id, patient_id = _clinic_and_patient(repo)
    question = repo.questions.submit(
        repo.questions.save_draft(patient_id, "Can I swim?", NOW), clinic_id, NOW
    )
    repo.questions.record_answer(question.id, clinic_id, by=9, name="A", text="Yes", now=NOW)
    answered = repo.questions.get(question.id)
    assert answered is not None
    stored = repo.questions.approve(answered, NOW)
    assert stored is not None and stored.examples == ("Can I swim?",)
    again = repo.questions.get(question.id)
    assert again is not None and repo.questions.approve(again, NOW) == stored, "approved once"
    repo.privacy.erase(patient_id)
    assert repo.questions.get(question.id) is None
    (kept,) = repo.questions.clinic_answers(clinic_id)
    assert kept.answer == "Yes"
    assert set(repo.db["clinic_answers"].columns_dict) == {
        "id",
        "clinic_id",
        "answer",
        "created_at",
        "updated_at",
    }


def test_clinic_answers_are_edited_extended_and_removed_only_by_their_clinic(
    repo: Repository,
) -> None:
    clinic_id, _ = _clinic_and_patient(repo)
    other_id, _ = _clinic_and_patient(repo, 2)
    answer_id = repo.questions.add_clinic_answer(clinic_id, "Yes", ["Can I swim?"], NOW)
    assert not repo.questions.edit_clinic_answer(other_id, answer_id, "No", NOW)
    assert not repo.questions.add_example(other_id, answer_id, "x")
    assert not repo.questions.remove_clinic_answer(other_id, answer_id)
    assert repo.questions.edit_clinic_answer(clinic_id, answer_id, "Yes, after 48 h", NOW)
    assert repo.questions.add_example(clinic_id, answer_id, "Is the pool ok?")
    (stored,) = repo.questions.clinic_answers(clinic_id)
    assert stored.answer == "Yes, after 48 h" and len(stored.examples) == 2
    assert repo.questions.remove_clinic_answer(clinic_id, answer_id)
    assert repo.questions.clinic_answers(clinic_id) == []


def test_word_matching_finds_a_paraphrase_and_not_another_question() -> None:
    answers = [ClinicAnswer(1, "Dogs are welcome.", ("Can I bring my dog to my appointment?",))]
    index = index_for(answers, None)
    found = index.find("Is it ok to bring my dog along to the appointment?", None)
    assert found is not None and found.id == 1
    assert index.find("How long will I be sore?", None) is None
    assert index.find("🙂", None) is None
    assert ClinicAnswerIndex.build([], None).find("anything", None) is None


def test_meaning_matching_uses_the_example_vectors() -> None:
    vocabulary = {"dog": [1.0, 0.0], "pet": [0.9, 0.436], "sore": [0.0, 1.0]}

    def embed(texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            word = next((w for w in vocabulary if w in text.lower()), "sore")
            rows.append(vocabulary[word])
        return np.array(rows, dtype=np.float32).reshape(len(texts), 2)

    answers = [ClinicAnswer(1, "Dogs are welcome.", ("Can I bring my dog?",))]
    index = index_for(answers, embed)
    assert index.semantic is not None
    found = index.find("May my pet come?", embed)
    assert found is not None and found.id == 1
    assert index.find("Will I be sore?", embed) is None


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("AFTERCARE_DB", str(path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return path


def test_the_cli_exports_and_imports_a_clinics_answers_and_sets_the_reply_window(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clinic", "create", "Riverside", "--timezone", "UTC"]) == 0
    assert main(["clinic", "create", "Hill", "--timezone", "UTC"]) == 0
    repo = Repository(open_database(db_path))
    try:
        repo.questions.add_clinic_answer(1, "Dogs are welcome.", ["Can I bring my dog?"], NOW)
    finally:
        repo.close()
    exported = tmp_path / "answers.json"
    assert main(["clinic", "answers", "export", "1", str(exported)]) == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["answers"] == [
        {"answer": "Dogs are welcome.", "examples": ["Can I bring my dog?"]}
    ]
    assert main(["clinic", "answers", "import", "Hill", str(exported)]) == 0
    assert main(["clinic", "answers", "import", "Hill", str(exported)]) == 0
    assert "0 answers added, 1 already there" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}', encoding="utf-8")
    assert main(["clinic", "answers", "import", "Hill", str(broken)]) == 2
    broken.write_text(json.dumps({**document, "answers": [{"answer": "x"}]}), encoding="utf-8")
    assert main(["clinic", "answers", "import", "Hill", str(broken)]) == 2
    assert main(["clinic", "replies", "Hill", "--window", "4", "--names", "off"]) == 0
    assert "reply window 4 h, staff names off" in capsys.readouterr().out
    assert main(["clinic", "replies", "Hill", "--window", "0"]) == 2
    repo = Repository(open_database(db_path))
    try:
        (imported,) = repo.questions.clinic_answers(2)
        assert imported.examples == ("Can I bring my dog?",)
        settings = repo.questions.reply_settings(2)
        assert settings.reply_window_hours == 4 and not settings.show_staff_names
    finally:
        repo.close()
