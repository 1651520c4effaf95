"""The embedding second opinion's rules, with a deterministic bag-of-words stand-in for the model.

The stand-in knows a few paraphrases the lexical ranker does not ("wiped out" = tired), which is
exactly what a sentence-embedding model adds; it never loads anything and takes no time.
"""

import math
import re
from collections import Counter

import pytest

from bot.knowledge.articles import parse_article
from bot.knowledge.hybrid import HybridRanker
from bot.knowledge.retrieval import Ranker

ARTICLE = """---
title: Aftercare
source: aftercare.txt
---

## Soreness

Some soreness may occur for 24 to 48 hours after the session, where a muscle was needled.

## Twitching

A muscle may twitch when the needle reaches a trigger point; a twitch is a good sign, and some
soreness there afterwards is normal.

## Tiredness

Feeling tired or drowsy on the evening after needling is common; rest if you can.

## Hydration

Drink water and keep moving gently after the session.
"""

QUESTIONS = """
[[passage]]
section = "Soreness"
contains = "24 to 48 hours"
questions = ["how long will i be sore"]

[[passage]]
section = "Twitching"
contains = "trigger point"
questions = ["why did my muscle twitch"]

[[passage]]
section = "Tiredness"
contains = "drowsy"
questions = ["why am i so tired after needling"]

[[passage]]
section = "Hydration"
contains = "Drink water"
questions = ["should i drink water after"]
"""

SYNONYMS = {"sore": ["sore", "soreness", "ache"]}
OUT_OF_SCOPE = ["sauna", "alcohol"]
# Paraphrases the stand-in model "knows" and the lexical ranker does not.
PARAPHRASES = {
    "wiped": "tired",
    "exhausted": "tired",
    "knackered": "tired",
    "jumped": "twitch",
    "jerked": "twitch",
    "flinched": "twitch",
}
_STOP = {"a", "i", "is", "it", "my", "the", "so", "after", "am", "why", "did", "to", "or", "and"}


class BagOfWords:
    """Unit-length word-count vectors; counts every question it is asked to compare."""

    def __init__(self) -> None:
        self.questions: list[str] = []

    def vector(self, text: str) -> Counter[str]:
        words = re.findall(r"[a-z]+", text.lower())
        return Counter(PARAPHRASES.get(w, w) for w in words if w not in _STOP)

    def index(self, texts):
        vectors = [self.vector(t) for t in texts]
        encoder = self

        class Index:
            def similarities(self, question):
                encoder.questions.append(question)
                q = encoder.vector(question)
                return [_cosine(q, v) for v in vectors]

        return Index()


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(a[w] * b[w] for w in a)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


@pytest.fixture(scope="module")
def lexical() -> Ranker:
    article = parse_article("aftercare.md", ARTICLE, QUESTIONS)
    return Ranker.build(article.passages, SYNONYMS, OUT_OF_SCOPE)


@pytest.fixture
def encoder() -> BagOfWords:
    return BagOfWords()


def _section(match):
    return match.passage.section if match else None


def test_a_hybrid_is_a_ranker_so_answer_question_takes_it_unchanged(lexical, encoder):
    hybrid = HybridRanker.wrap(lexical, encoder)
    assert isinstance(hybrid, Ranker)
    assert _section(hybrid.best("how long will i be sore")) == "Soreness"


def test_a_confident_lexical_answer_with_no_close_rival_never_asks_the_model(lexical, encoder):
    hybrid = HybridRanker.wrap(lexical, encoder)
    for question in ("how long will i be sore", "should i drink water after"):
        assert _section(hybrid.best(question)) == _section(lexical.best(question))
    assert encoder.questions == []


def test_among_close_lexical_candidates_the_model_decides_the_order(lexical, encoder):
    # Both sections speak of muscles and soreness; the stand-in matches "why did my muscle
    # twitch" better than "how long will i be sore".
    question = "why is my muscle sore"
    before = lexical.search(question, limit=2)
    assert [m.confidence for m in before] == [1.0, 1.0]
    assert before[0].score - before[1].score <= 0.08
    assert _section(before[0]) == "Soreness"
    hybrid = HybridRanker.wrap(lexical, encoder, rerank_margin=0.08, rerank_weight=0.35)
    assert _section(hybrid.best(question)) == "Twitching"
    assert [_section(m) for m in hybrid.search(question, limit=2)] == ["Twitching", "Soreness"]


def test_a_candidate_outside_the_margin_is_never_promoted(lexical, encoder):
    question = "why is my muscle sore"
    hybrid = HybridRanker.wrap(lexical, encoder, rerank_margin=0.0, rerank_weight=10.0)
    assert _section(hybrid.best(question)) == "Soreness"


def test_a_lexical_decline_is_rescued_only_above_the_similarity_bar(lexical, encoder):
    question = "why am i so wiped out after needling"
    assert lexical.best(question) is None
    assert lexical.search(question)  # the articles do share some of its words
    strict = HybridRanker.wrap(lexical, encoder, rescue_similarity=0.99)
    assert strict.best(question) is None
    rescued = HybridRanker.wrap(lexical, encoder, rescue_similarity=0.8).best(question)
    assert rescued is not None
    assert rescued.passage.section == "Tiredness"
    assert rescued.confidence == 1.0
    assert "drowsy" in rescued.answer_text


def test_rescue_can_be_turned_off_leaving_only_the_re_rank(lexical, encoder):
    hybrid = HybridRanker.wrap(lexical, encoder, rescue_similarity=None)
    assert hybrid.best("why am i so wiped out after needling") is None


def test_an_out_of_scope_topic_is_declined_however_similar(lexical, encoder):
    # Word for word an example question but for the listed topic: the model would say 0.9+.
    question = "should i drink alcohol after the sauna"
    hybrid = HybridRanker.wrap(lexical, encoder, rescue_similarity=0.1, rerank_weight=10.0)
    assert hybrid.best(question) is None
    assert all(m.confidence == 0.0 for m in hybrid.search(question))


def test_a_question_sharing_no_word_with_the_articles_is_never_rescued(lexical, encoder):
    hybrid = HybridRanker.wrap(lexical, encoder, rescue_similarity=0.0)
    assert hybrid.best("knackered") is None
    assert hybrid.search("") == []


def test_a_message_answered_from_one_of_its_parts_stays_the_lexical_answer(lexical, encoder):
    question = "muscle soreness, it jumped"
    assert lexical.search(question, limit=1)[0].confidence < 1.0
    assert _section(lexical.best(question)) == "Soreness"
    hybrid = HybridRanker.wrap(lexical, encoder, rescue_similarity=0.0)
    assert _section(hybrid.best(question)) == "Soreness"


def test_search_respects_the_limit_and_keeps_lexical_candidates(lexical, encoder):
    hybrid = HybridRanker.wrap(lexical, encoder)
    question = "why is my muscle sore"
    assert len(hybrid.search(question, limit=1)) == 1
    assert {m.passage.id for m in hybrid.search(question, limit=3)} == {
        m.passage.id for m in lexical.search(question, limit=3)
    }
