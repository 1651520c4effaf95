"""The red-flag categories and the shape of a sign rule, shared by the rule modules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class RedFlag(StrEnum):
    # Values are the keys of the urgent messages in the catalog (urgent.<value>).
    SELF_HARM = "self_harm"
    BREATHING = "breathing"
    BLEEDING = "bleeding"
    FAINTING = "fainting"
    INFECTION = "infection"
    NUMBNESS = "numbness"
    SEVERE_PAIN = "severe_pain"


@dataclass(frozen=True)
class Rule:
    flag: RedFlag
    pattern: re.Pattern[str]
    can_be_negated: bool = True
    # A weak sign gives way when the message asks whether needling would help (see module doc).
    weak: bool = False
    # The rule only counts in a message that also matches this (a bare "it's a 9" needs pain).
    context: re.Pattern[str] | None = None
    # The rule does not count when its clause or the next matches this: "cant lift it, too
    # stiff" is pain, not lost power.
    veto: re.Pattern[str] | None = None
    # The learned second opinion may silence this sign when it is nearly sure the message is
    # calm. Not for wordings that are never figurative: self-harm, bleeding that will not stop,
    # "unbearable" pain, a measured fever.
    overrulable: bool = True


def rule(
    flag: RedFlag,
    *alternatives: str,
    can_be_negated: bool = True,
    weak: bool = False,
    context: str | None = None,
    veto: str | None = None,
    overrulable: bool = True,
) -> Rule:
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")")
    return Rule(
        flag,
        pattern,
        can_be_negated,
        weak,
        re.compile(context) if context else None,
        re.compile(veto) if veto else None,
        overrulable,
    )


# A word between two parts of a sign that is no denial: "the bruise is getting bigger" is a
# sign, "the bruise hasn't got any bigger" names it only to deny it.
_DENIAL_WORDS = (
    r"not|no|isnt|arent|never|nor|aint|hasnt|havent|didnt|doesnt|wasnt|wont|any|stopped|stop"
)


def undenied_gap(most: int) -> str:
    """Up to ``most`` words, none of them a denial (see above), each after a space."""
    return rf"(?: (?!(?:{_DENIAL_WORDS})\b)\w+){{0,{most}}}"
