"""Questions that ask how long, and the sentences that say how long.

"How long does the relief last?" is closest in meaning to the sentence that *talks about* relief
duration ("Relief duration from dry needling varies significantly …"), but the answer is the
sentence that *gives* one ("Relief can range from a few days … to several weeks"). A sentence
embedding sees the topic, not the kind of answer asked for, so when a question asks for a
length of time, the sentences of the chosen section that state one are preferred when quoting.
"""

from __future__ import annotations

import re

from bot.knowledge.text import fold

_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?)"

# "how long", "how much longer", "how soon", "for how many days", "how much time" (and the
# non-native "how long time", "how many time"), "until when", "when will it stop / settle /
# wear off / kick in". "How long ago" asks when, not how long.
_ASKS = re.compile(
    r"\b(?:"
    r"h(?:ow|w)\s+(?:long|lng|lon)\b(?!\s+ago)"
    r"|how\s+much\s+longer"
    r"|how\s+soon"
    r"|how\s+(?:much|many)\s+time"
    rf"|how\s+many\s+(?:more\s+)?{_UNIT}"
    r"|(?:until|till|til)\s+when"
    r"|when\s+(?:will|does|do|should|would|can)\s+(?:it|this|that|the\s+\w+|my\s+\w+|i|they)\s+"
    r"(?:\w+\s+){0,2}?(?:stop|settle|ease|go\s+away|go|wear\s+off|kick\s+in|start|calm|fade"
    r"|pass|end|be\s+(?:gone|over|better|normal))"
    r")"
)

# "Does stress affect how long it lasts?" asks whether something matters, not for a length of
# time: "how long" after a word of influence is the object of that word.
_INFLUENCE = (
    r"\b(?:affects?|affected|affecting|effects?|change|changes|changing|shortens?|shorten"
    r"|lengthens?|influences?|influence|matters?|difference|impacts?|mess|messes|determines?"
    r"|depends?|depending|extends?|prolongs?|improves?|increases?|reduces?|boosts?|cuts?"
    r"|decides?|alter|alters)"
)
_INFLUENCED = re.compile(
    # "affect how long", "affect the way how long"; "a difference ... to how long", "depends
    # on how long" (a preposition right before, the word of influence further back).
    rf"{_INFLUENCE}\s+(?:\w+\s+){{0,2}}$|{_INFLUENCE}\b.*\b(?:to|on|for)\s+$"
)

_NUMBER = r"\d+(?:\s*(?:[–-]|to)\s*\d+)?"
_STATES = re.compile(
    rf"\b(?:{_NUMBER}|a\s+few|few|several|a\s+couple\s+of|couple\s+of|the\s+following|following"
    rf"|one|two|three|four|five|six|seven)\s+{_UNIT}\b"
)


def asks_duration(question: str) -> bool:
    """Whether ``question`` asks for a length of time ("how long will I be sore?")."""
    text = fold(question)
    return any(
        not _INFLUENCED.search(text[max(0, found.start() - 60) : found.start()])
        for found in _ASKS.finditer(text)
    )


def states_duration(sentence: str) -> bool:
    """Whether ``sentence`` gives a length of time ("for 24–48 hours", "a few days")."""
    return bool(_STATES.search(sentence.lower()))
