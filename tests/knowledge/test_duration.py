"""Which questions ask for a length of time, and which sentences give one."""

import pytest

from bot.knowledge.duration import asks_duration, states_duration


@pytest.mark.parametrize(
    "question",
    [
        "how long does the relief last?",
        "hw long til the soreness goes lol",
        "For how long will it stay?",
        "how many days the relief will stay?",
        "how much time the good effect is staying?",
        "when will the ache settle down?",
        "how soon does it start working",
        "I'd like to know how long it lasts",
    ],
)
def test_questions_asking_for_a_length_of_time(question):
    assert asks_duration(question)


@pytest.mark.parametrize(
    "question",
    [
        "Does stress affect how long it lasts?",
        "does that mess w how long the needling lasts",
        "Does diet matter for how long it lasts",
        "Does it make a difference which muscle is treated to how long the results hold?",
        "how long ago was my last session?",
        "what is dry needling?",
        "",
    ],
)
def test_questions_that_do_not_ask_for_a_length_of_time(question):
    assert not asks_duration(question)


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("Some soreness may occur for 24–48 hours.", True),
        ("A session typically lasts 15 to 30 minutes.", True),
        ("Relief can range from a few days to several weeks.", True),
        ("Relief duration varies significantly.", False),
        ("Multiple sessions are typically necessary.", False),
    ],
)
def test_sentences_giving_a_length_of_time(sentence, states):
    assert states_duration(sentence) is states
