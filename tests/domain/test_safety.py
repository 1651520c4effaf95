import pytest

from bot.domain.safety import RedFlag, triage


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("can't catch my breath", RedFlag.BREATHING),
        ("short of breath since the needles in my upper back", RedFlag.BREATHING),
        ("tight chest", RedFlag.BREATHING),
        ("sharp pain when i breathe in", RedFlag.BREATHING),
        ("I CANT BREATH", RedFlag.BREATHING),
        ("the redness is spreading", RedFlag.INFECTION),
        ("its hot and swollen where she needled", RedFlag.INFECTION),
        ("there's pus", RedFlag.INFECTION),
        ("got a feaver and chills", RedFlag.INFECTION),
        ("red streaks up my arm", RedFlag.INFECTION),
        ("bleeding won't stop", RedFlag.BLEEDING),
        ("it keeps bleeding", RedFlag.BLEEDING),
        ("i fainted in the car park", RedFlag.FAINTING),
        ("passed out after", RedFlag.FAINTING),
        ("dizzy and collapsed", RedFlag.FAINTING),
        ("my arm has gone dead", RedFlag.NUMBNESS),
        ("can't grip anything", RedFlag.NUMBNESS),
        ("numbness in my fingers", RedFlag.NUMBNESS),
        ("pain getting worse every day", RedFlag.SEVERE_PAIN),
        ("pain is 10/10", RedFlag.SEVERE_PAIN),
        ("this is unbearable", RedFlag.SEVERE_PAIN),
        ("worst pain ever", RedFlag.SEVERE_PAIN),
        ("i want to kill myself", RedFlag.SELF_HARM),
        ("i'm not suicidal, but i don't want to be alive anymore", RedFlag.SELF_HARM),
    ],
)
def test_red_flags_are_recognised(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "is it normal to feel a bit sore",
        "does needling help with chest muscles?",
        "how long does the pain last",
        "can I exercise",
        "I felt a twitch",
        "i have a bleeding disorder, can i have it",
        "can dry needling help with severe chronic pain",
        "is there a risk of infection",
        "what should i wear to my appointment",
        "feels like i got hit by a truck",
        "",
        "😀",
    ],
)
def test_ordinary_questions_are_not_urgent(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "no fever, just achy",
        "not bleeding anymore",
        "i didn't faint",
        "the bleeding has stopped now",
        "no numbness or tingling",
    ],
)
def test_denied_or_resolved_signs_are_not_urgent(message):
    assert triage(message) is None


def test_a_red_flag_in_a_later_clause_is_still_caught():
    assert triage("no fever, but i can't breathe properly") == RedFlag.BREATHING


def test_self_harm_is_never_cancelled_by_a_negation():
    assert triage("not sure why but i keep thinking about ending it all") == RedFlag.SELF_HARM


def test_flag_values_name_the_urgent_message_keys():
    assert {flag.value for flag in RedFlag} == {
        "breathing",
        "infection",
        "bleeding",
        "fainting",
        "numbness",
        "severe_pain",
        "self_harm",
    }
