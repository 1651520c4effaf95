"""The optional embeddings extra: off the default install's path, wired only when present and on.

The tests that load the real model skip unless the extra is installed (``pip install
'.[embeddings]'``); the others run everywhere and never import PyTorch.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.content import Messages
from bot.knowledge import embeddings
from bot.knowledge.answer import answer_question
from bot.knowledge.hybrid import HybridRanker
from bot.knowledge.loader import load_knowledge
from bot.knowledge.retrieval import Ranker
from bot.settings import Settings, SettingsError
from bot.storage.db import open_database
from bot.storage.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "sentence_transformers", "transformers")


class ConstantEncoder:
    """Says every text is this similar to every question; counts what it embeds."""

    def __init__(self, similarity: float = 0.99) -> None:
        self.similarity = similarity
        self.embedded: list[str] = []

    def index(self, texts):
        self.embedded.extend(texts)
        count, similarity = len(texts), self.similarity

        class Index:
            def similarities(self, question):
                return [similarity] * count

        return Index()


class BrokenEncoder:
    def index(self, texts):
        raise OSError("model files missing")


@pytest.fixture
def repo():
    repository = Repository(open_database(None))
    yield repository
    repository.close()


def test_importing_the_bot_imports_no_model_library():
    code = (
        "import sys, bot.app, bot.knowledge.loader, bot.knowledge.embeddings\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_without_the_extra_load_knowledge_returns_the_plain_ranker(monkeypatch, repo):
    monkeypatch.setattr(embeddings, "available", lambda: False)
    monkeypatch.setattr(embeddings, "MiniLMEncoder", BrokenEncoder)
    _, ranker = load_knowledge(Settings(), repo)
    assert type(ranker) is Ranker


def test_with_the_extra_switched_off_load_knowledge_returns_the_plain_ranker(monkeypatch, repo):
    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setattr(embeddings, "MiniLMEncoder", BrokenEncoder)
    settings = Settings.from_env({"AFTERCARE_EMBEDDINGS": "off"})
    _, ranker = load_knowledge(settings, repo)
    assert type(ranker) is Ranker


def test_with_the_extra_load_knowledge_embeds_passages_and_examples_once(monkeypatch, repo):
    encoder = ConstantEncoder()
    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setattr(embeddings, "MiniLMEncoder", lambda: encoder)
    _, ranker = load_knowledge(Settings(), repo)
    assert isinstance(ranker, HybridRanker)
    passages = ranker.docs
    assert len(encoder.embedded) == len(passages) + sum(len(d.passage.examples) for d in passages)


def test_a_model_that_fails_to_load_leaves_the_lexical_ranker(monkeypatch, repo, caplog):
    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setattr(embeddings, "MiniLMEncoder", BrokenEncoder)
    _, ranker = load_knowledge(Settings(), repo)
    assert type(ranker) is Ranker
    assert "lexical ranker only" in caplog.text


def test_the_setting_reads_on_and_off_and_names_itself_when_wrong():
    assert Settings.from_env({}).embeddings is True
    assert Settings.from_env({"AFTERCARE_EMBEDDINGS": "off"}).embeddings is False
    assert Settings.from_env({"AFTERCARE_EMBEDDINGS": "ON"}).embeddings is True
    with pytest.raises(SettingsError, match="AFTERCARE_EMBEDDINGS"):
        Settings.from_env({"AFTERCARE_EMBEDDINGS": "maybe"})


def test_triage_and_out_of_scope_still_win_over_a_model_that_likes_everything(repo):
    lexical = load_knowledge(Settings(embeddings=False), repo)[1]
    hybrid = HybridRanker.wrap(lexical, ConstantEncoder(1.0), rescue_similarity=0.0)
    messages = Messages.load(ROOT / "messages")
    urgent = answer_question("i can't breathe since the session", hybrid, messages)
    assert urgent.kind == "urgent"
    assert answer_question("is it covered by my insurance", hybrid, messages).kind == "unknown"
    assert answer_question("can i go to the sauna after", hybrid, messages).kind == "unknown"
    assert answer_question("how long will i be sore", hybrid, messages).kind == "answer"


# --- the real model: only with the extra installed -------------------------------------------


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip(embeddings.MODEL_PACKAGE)
    return embeddings.MiniLMEncoder()


def test_the_model_ships_inside_its_package(encoder):
    folder = embeddings.model_dir()
    assert (folder / "config.json").is_file()
    assert embeddings.available()


def test_the_real_model_tells_a_paraphrase_from_another_topic(encoder):
    index = encoder.index(["how long will i be sore", "can i drink water after the session"])
    paraphrase, other = index.similarities("how many days does the soreness last")
    assert paraphrase > 0.6 > other


def test_the_real_model_loads_with_no_network_at_all():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip(embeddings.MODEL_PACKAGE)
    dead = "http://127.0.0.1:9"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(HTTP_PROXY=dead, HTTPS_PROXY=dead, HF_ENDPOINT=dead, NO_PROXY="")
    code = textwrap.dedent(
        """
        from bot.knowledge.embeddings import MiniLMEncoder
        vectors = MiniLMEncoder().embed(["does it hurt"])
        print(len(vectors[0]))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "384"


def test_load_knowledge_with_the_real_model_answers_and_declines(repo, encoder):
    _, ranker = load_knowledge(Settings(), repo)
    assert isinstance(ranker, HybridRanker)
    match = ranker.best("how long will i be sore")
    assert match is not None
    assert ranker.best("can i drink alcohol after needling") is None
