"""The semantic index's arithmetic, with hand-made vectors instead of the model: which passage a
question is closest to, by its text, its sentences or its examples."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.knowledge.articles import Passage
from bot.knowledge.decision import RERANK_CANDIDATES
from bot.knowledge.loader import load_knowledge
from bot.knowledge.matcher import SemanticMatcher
from bot.knowledge.semantic import SemanticIndex, sentences_of
from bot.knowledge.shortlist import ReducedCopy
from bot.settings import Settings

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "devset"

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


def test_scoring_many_questions_equals_one_matrix_product_for_all(index):
    questions = embed(["sore", "stretch sessions", "wine", "needle water"])
    # What the index used to compute for several parts at once, one product per kind.
    per_sentence = index.sentence_vectors @ questions.T
    text = index.text_vectors @ questions.T
    for j, scores in enumerate(index.scores_many(questions)):
        np.testing.assert_allclose(scores.per_sentence, per_sentence[:, j], atol=1e-6)
        np.testing.assert_allclose(scores.text, text[:, j], atol=1e-6)
        alone = index.scores(questions[j])
        for name in ("text", "example", "sentence", "per_sentence"):
            np.testing.assert_allclose(getattr(scores, name), getattr(alone, name), atol=1e-6)
        assert scores.not_covered == pytest.approx(alone.not_covered)


def test_a_small_index_is_compared_in_full_and_keeps_no_reduced_copy(index):
    assert index._reduced is None
    assert (index.scores(vector("needle")).combined > -1.5).all()


def test_a_shortlisted_index_compares_only_the_closest_sections_exactly(index):
    shortlisted = replace(index, shortlist_above=0, shortlist_size=1)
    exact = index.scores(vector("sore water"))
    scores = shortlisted.scores(vector("sore water"))
    # The closest passage's section is compared exactly ...
    assert scores.example[0] == pytest.approx(exact.example[0], abs=1e-6)
    assert scores.text[0] == pytest.approx(exact.text[0], abs=1e-6)
    own = [k for k, owner in enumerate(index.sentence_of) if owner == 0]
    np.testing.assert_allclose(scores.per_sentence[own], exact.per_sentence[own], atol=1e-6)
    # ... and every other passage is as far as can be, never ahead of it.
    assert scores.text[1:].tolist() == [-1.0, -1.0]
    assert scores.example[1:].tolist() == [-1.0, -1.0]
    assert int(np.argmax(scores.combined)) == 0


def test_the_shortlist_skips_an_example_as_the_full_comparison_does(index):
    shortlisted = replace(index, shortlist_above=0, shortlist_size=3)
    skipped = shortlisted.scores(vector("sore how long"), skip_example="sore how long")
    exact = index.scores(vector("sore how long"), skip_example="sore how long")
    np.testing.assert_allclose(skipped.example, exact.example, atol=1e-6)


def test_a_reduced_copy_of_vectors_in_few_directions_loses_nothing():
    rng = np.random.default_rng(3)
    directions = rng.standard_normal((4, 12)).astype(np.float32)
    kinds = [rng.standard_normal((n, 4)).astype(np.float32) @ directions for n in (30, 50)]
    copy = ReducedCopy.fit(kinds, 4)
    question = rng.standard_normal(12).astype(np.float32)
    for vectors, approximate in zip(kinds, copy.similarities(question), strict=True):
        np.testing.assert_allclose(approximate, vectors @ question, atol=1e-3)
    assert copy.nbytes == (12 * 4 + 12 + 80 * 4) * 4


@pytest.fixture(scope="module")
def shipped() -> SemanticMatcher:
    _, matcher = load_knowledge(Settings(), wait=True, cache=False)
    assert isinstance(matcher, SemanticMatcher) and matcher.ready
    return matcher


def test_on_the_shipped_vectors_a_short_shortlist_keeps_the_closest_passages(shipped):
    """The reduced copy ranks well enough on real vectors: shortlisting 12 of the 36 shipped
    passages (and so their sections) still finds, for every question of the dev set, the
    passage and the example closest to it exactly as the full comparison does, and the same
    candidates to quote from for all but one in a hundred."""
    index, embed = shipped.index, shipped.embed
    assert index is not None and embed is not None
    shortlisted = replace(index, shortlist_above=0, shortlist_size=12)
    assert shortlisted._reduced is not None
    questions = [
        json.loads(line)["q"]
        for name in ("answerable", "uncovered")
        for line in (DEVSET / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    differ = 0
    for question in questions:
        vector = embed([question])[0]
        exact, approximate = index.scores(vector), shortlisted.scores(vector)
        best = int(np.argmax(exact.combined))
        assert int(np.argmax(approximate.combined)) == best
        assert approximate.combined[best] == pytest.approx(exact.combined[best], abs=1e-5)
        assert approximate.example.max() == pytest.approx(exact.example.max(), abs=1e-6)
        top = np.argsort(-exact.combined)[:RERANK_CANDIDATES].tolist()
        differ += np.argsort(-approximate.combined)[:RERANK_CANDIDATES].tolist() != top
    assert differ <= len(questions) // 100


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
