from pathlib import Path

import pytest

from bot.content import Messages, html_to_plain
from bot.knowledge.answer import Reply, Source, answer_question
from bot.knowledge.loader import lexical_ranker_from_files
from bot.knowledge.retrieval import Ranker
from bot.knowledge.safety import RedFlag
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def messages() -> Messages:
    return Messages.load(ROOT / "messages")


@pytest.fixture(scope="module")
def ranker() -> Ranker:
    return lexical_ranker_from_files(Settings())


def test_a_red_flag_gets_the_urgent_message_and_no_article(ranker, messages):
    reply = answer_question("i can't breathe since the session", ranker, messages)
    assert reply.kind == "urgent"
    assert reply.red_flag is RedFlag.BREATHING
    assert reply.text == messages.text("urgent.breathing")
    assert reply.sources == ()


def test_triage_comes_before_the_articles_even_for_an_answerable_question(ranker, messages):
    reply = answer_question(
        "how long does soreness last? also the pain is unbearable", ranker, messages
    )
    assert reply.kind == "urgent"
    assert reply.red_flag is RedFlag.SEVERE_PAIN


def test_an_answer_quotes_the_passage_and_cites_article_and_section(ranker, messages):
    reply = answer_question("how long will i be sore", ranker, messages)
    assert reply.kind == "answer"
    section = "What to Expect During a Dry Needling Session"
    assert reply.sources == (Source("Dry Needling for Effective Pain Relief", section),)
    plain = html_to_plain(reply.text)
    assert "24–48 hours" in plain
    assert plain.endswith(f"section “{section}”")


def test_an_uncovered_question_gets_the_not_covered_reply(ranker, messages):
    reply = answer_question("is it covered by my insurance", ranker, messages)
    assert reply == Reply("unknown", messages.text("answers.not_covered"))


@pytest.mark.parametrize("message", ["", "   ", "😀🙏"])
def test_a_message_without_words_asks_for_words(ranker, messages, message):
    reply = answer_question(message, ranker, messages)
    assert reply.kind == "unknown"
    assert reply.text == messages.text("input.empty")


@pytest.mark.parametrize("message", ["Сколько длится сеанс?", "针刺后疼痛会持续多久？"])
def test_a_question_in_another_script_is_told_the_bot_reads_english_only(
    ranker, messages, message
):
    reply = answer_question(message, ranker, messages)
    assert reply.kind == "unknown"
    assert reply.text == messages.text("input.other_language")


def test_the_json_form_has_kind_text_and_sources(ranker, messages):
    reply = answer_question("what is dry needling", ranker, messages)
    data = reply.to_json()
    assert set(data) == {"kind", "text", "sources"}
    assert data["kind"] == "answer"
    assert data["sources"] == [{"article": s.article, "section": s.section} for s in reply.sources]


def test_article_text_is_escaped_for_telegram_html(ranker, messages):
    reply = answer_question("how does dry needling work", ranker, messages)
    assert reply.kind == "answer"
    assert "&quot;" not in reply.text  # quotes need no escaping in Telegram HTML
    assert "<" not in reply.text.replace("<i>", "").replace("</i>", "")
