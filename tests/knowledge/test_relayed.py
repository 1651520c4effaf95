"""A question passed on for someone else is looked up as the patient would have asked it."""

import pytest

from bot.knowledge.relayed import as_asked, is_relayed


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        (
            "Hi, this is Jess, Tom's girlfriend. He asked me to message - his hamstring was"
            " twitching a lot during the session and he wants to know if that's normal?",
            "my hamstring was twitching a lot during the session and if that normal?",
        ),
        (
            "Reception here. A patient asked whether she needs to keep coming back once she"
            " feels better.",
            "whether i needs to keep coming back once i feels better.",
        ),
        (
            "Passing on from my dad: he'd like to know if there's anything he should be doing"
            " at home after needling.",
            "if there anything i should be doing at home after needling.",
        ),
    ],
)
def test_a_passed_on_question_is_put_in_the_patients_own_words(message, asked):
    assert is_relayed(message)
    assert as_asked(message) == asked


@pytest.mark.parametrize(
    "message",
    [
        "how long will i be sore?",
        "my husband thinks it's all placebo, is it?",
        "She said I should drink more water, why is that?",
    ],
)
def test_a_question_asked_directly_is_left_as_it_is(message):
    assert as_asked(message) == message
