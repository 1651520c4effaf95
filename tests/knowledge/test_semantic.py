"""The semantic index's arithmetic, with hand-made vectors instead of the model: which passage a
question is closest to, by its text, its sentences or its examples."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bot.knowledge.articles import Passage
from bot.knowledge.semantic import SemanticIndex, sentences_of

# A tiny vocabulary: each word is one axis, a text's vector is the unit sum of its words' axes.
AXES = ("sore", "water", "needle", "sessions", "wine", "stretch")


def embed(texts: Sequence[str]) -> np.ndarray:
    rows = np.zeros((len(texts), len(AXES)), dtype=np.float32)
    for r, text in enumerate(texts):
        for word in text.lower().replace(".", " ").replace("?", " ").split():
            if word in AXES:
                rows[r, AXES.index(word)] += 1.0
        norm = np.linalg.norm(rows[r])
        if norm:
            rows[r] /= norm
    return rows


def passage(pid: str, section: str, text: str, examples: tuple[str, ...] = ()) -> Passage:
    return Passage(pid, "article", "Article", section, text, examples)


@pytest.fixture
def index() -> SemanticIndex:
    passages = [
        passage(
            "a",
            "Soreness",
            "You may be sore for a day or two after treatment. Drink water and rest well today.",
            ("sore how long",),
        ),
        passage("b", "Sessions", "Most people need several sessions.", ("how many sessions",)),
        passage("c", "Stretching", "Stretch gently the next day.", ()),
    ]
    return SemanticIndex.build(passages, embed, not_covered=["wine tonight"])


def vector(text: str) -> np.ndarray:
    return embed([text])[0]


def test_a_question_is_closest_to_the_passage_whose_example_it_repeats(index):
    scores = index.scores(vector("sessions"))
    assert int(np.argmax(scores.combined)) == 1
    assert scores.example[1] == pytest.approx(1.0)
    # A passage without examples has none to match.
    assert scores.example[2] == -1.0


def test_a_sentence_of_a_passage_can_carry_the_match(index):
    scores = index.scores(vector("water"))
    assert int(np.argmax(scores.combined)) == 0
    best_sentence = int(np.argmax(scores.per_sentence))
    assert "water" in index.sentence_texts[best_sentence].lower()
    assert index.sentence_of[best_sentence] == 0


def test_the_not_covered_list_gives_its_closeness_and_can_be_skipped(index):
    assert index.scores(vector("wine")).not_covered == pytest.approx(1.0)
    assert index.scores(vector("wine"), skip_example="wine tonight").not_covered == -1.0


def test_scoring_many_questions_at_once_equals_scoring_each(index):
    questions = embed(["sore", "stretch sessions", "wine", "needle water"])
    together = index.scores_many(questions)
    for row, scores in zip(questions, together, strict=True):
        alone = index.scores(row)
        for name in ("text", "example", "sentence", "per_sentence"):
            np.testing.assert_allclose(getattr(scores, name), getattr(alone, name), atol=1e-6)
        assert scores.not_covered == pytest.approx(alone.not_covered)


def test_short_sentences_say_nothing_on_their_own():
    assert sentences_of(passage("x", "S", "Yes. Drink plenty of water after treatment.")) == [
        "Drink plenty of water after treatment."
    ]


def test_sentences_are_grouped_by_section_for_quoting(index):
    by_section = index.section_sentences(0)
    assert by_section and all(index.sentence_of[k] == 0 for k in by_section)


def test_a_list_is_quoted_with_its_introduction_and_its_closest_items():
    from bot.knowledge.matcher import quote

    intro = "A session lasts 15 to 30 minutes. Here is what to expect:"
    passages = [
        Passage("i", "article", "Article", "Session", intro),
        Passage(
            "a", "article", "Article", "Session", "Assessment: sore spots are found.", (), intro
        ),
        Passage("b", "article", "Article", "Session", "Needling: a needle is placed.", (), intro),
        Passage("c", "article", "Article", "Session", "Aftercare: drink water.", (), intro),
    ]
    index = SemanticIndex.build(passages, embed)
    scores = index.scores(vector("water"))
    # The introduction chosen: all of it, then the items closest to the question.
    text = quote(index, scores, 0)
    assert text.startswith(intro) and "• Aftercare: drink water." in text
    assert text.count("•") == 2
    # An item chosen: the sentence leading into the list, the item first.
    text = quote(index, scores, 2)
    assert text.startswith("Here is what to expect:\n• Needling: a needle is placed.")


def test_two_parts_one_section_answers_quote_each_sentence_once():
    from bot.knowledge.matcher import Found, _joined

    section = Passage("p", "article", "Article", "Session", "A session lasts 20 minutes.")
    first = Found(section, "Here is what to expect:\n• Needling: a prick.\n• Soreness: a day.")
    second = Found(
        section, "A session lasts 20 minutes. Here is what to expect:\n• Soreness: a day."
    )
    assert _joined(first, second).text == (
        "Here is what to expect:\n• Needling: a prick.\n• Soreness: a day.\n"
        "A session lasts 20 minutes."
    )
    assert _joined(first, first) is first
    prose = Found(section, "Drink water.")
    assert _joined(prose, Found(section, "Rest today. Drink water.")).text == (
        "Drink water. Rest today."
    )
