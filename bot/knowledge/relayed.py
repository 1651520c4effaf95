"""A question passed on for someone else, read as they would have asked it themselves.

Partners, parents and receptionists write on a patient's behalf: "Hi, this is Jess, Tom's
girlfriend. He's in the shower and asked me to message: his hamstring was twitching during
yesterday's session and he wants to know if that's normal?". The articles' example questions
are in the patient's own words ("my muscle twitched, is that normal?"), and the sender's
introduction and the third person pull the comparison away from them: such messages were
answered far less often than the same questions asked directly.

:func:`as_asked` drops the introduction and the words of passing on, and puts the patient back
in the first person, only when the message says it is passed on. The answer is looked up with
that reading; triage and everything else read the message as it was sent.
"""

from __future__ import annotations

import re

from bot.knowledge.text import fold

_PEOPLE = (
    r"(?:partner|wife|husband|hubby|boyfriend|girlfriend|bf|gf|fiance|fiancee|mum|mom|mam|mother"
    r"|dad|father|son|daughter|carer|caregiver|brother|sister|friend|flatmate|roommate|parent"
    r"|grandson|granddaughter|nephew|niece)"
)
_SENDERS = (
    r"(?:reception|receptionist|front desk|front office|admin|office|welfare officer|coach"
    r"|manager|nurse|staff)"
)
_CLIENTS = r"(?:patient|member|resident|client|player|athlete|runner|customer|guest)s?"

# The message says it is passed on.
_RELAYED = re.compile(
    r"\b(?:(?:texting|messaging|writing|asking|message|messages|msg|text|typing|emailing)"
    r" (?:for|on behalf of)|on behalf of|passing (?:on|along)|passed on|forwarding|forwarded"
    r"|(?:asked|wants|wanted|told) me to (?:message|text|write|ask|send|check|find out|get in"
    r" touch)|message from|question from"
    rf"|\w+ (?:s )?{_PEOPLE}\b(?= (?:here|speaking|writing|texting)\b|$| (?:he|she|they)\b)"
    rf"|(?:im|i am|this is) (?:\w+ )?(?:\w+ s )?{_PEOPLE}\b"
    rf"|{_SENDERS} (?:here|at|from|speaking)\b|(?:this is|im|i am) (?:the |a )?{_SENDERS}\b"
    rf"|(?:a|an|our|one of our|my) {_CLIENTS}\b"
    rf"|^{_CLIENTS} (?:asks|asked|wants|emailed|called)\b"
    rf"|\b(?:he|she|they|my {_PEOPLE})(?: s| is| was| d| would)?"
    r" (?:asking|asked (?:me )?(?:if|whether|to find out|to check|to ask)|wants to know"
    r"|wanted to know|like to know|wondering)\b)"
)

# Sentences that only say who writes: "hi, this is jess, tom's girlfriend", "reception at
# ironworks gym here", "he's in the shower and asked me to message".
_INTRODUCTION = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning)\b ?)*"
    r"(?:(?:this is|its|it s|im|i am|we are|were)\b(?: \w+){1,12}"
    rf"|{_SENDERS}(?: \w+){{0,5}} here|(?:\w+ ){{0,2}}{_SENDERS}(?: \w+){{0,5}}"
    r"|(?:\w+ ){0,8}(?:asked|wants|wanted) me to (?:message|text|write|ask|send|get in touch)"
    r"(?: \w+){0,3})$"
)

# The words of passing a question on: "he'd like to know", "a member asked", "she wants to know".
_PASSING_ON = re.compile(
    rf"\b(?:(?:one of )?(?:our|a|an|my|the) (?:\w+ )?{_CLIENTS}(?: \w+){{0,2}}"
    rf"|(?:he|she|they|him|her|them|hes|shes|hed|shed|theyre|theyd|my {_PEOPLE})"
    r"(?: would| is| was| were| are)?)"
    r" (?:asking|asks|asked|wants|wanted|would like|d like|like|wondering|wonders|wondered"
    r"|(?=needs? to (?:know|find out)))(?: me| us| you)?"
    r"(?: (?:needs? )?to (?:know|find out|check|ask))?\b"
    r"|\b(?:on behalf of|texting for|messaging for|writing for|asking for|forwarding for"
    r"|passing on from|message from|question from)(?: \w+){1,4}?(?= [a-z]+ (?:he|she|they)\b|$)"
    r"|\b(?:could|can) (?:you|u) (?:tell|let) (?:him|her|them) (?:know )?"
)

_FIRST_PERSON = (
    (re.compile(r"\b(?:hes|shes|theyre)\b"), "i am"),
    (re.compile(r"\b(?:hed|theyd)\b"), "i would"),
    (re.compile(r"\b(?:theyll)\b"), "i will"),
    (re.compile(r"\b(?:he|she|they) (?:s|is|are)\b"), "i am"),
    (re.compile(r"\b(?:he|she|they) (?:d|would)\b"), "i would"),
    (re.compile(r"\b(?:he|she|they) (?:has|have)\b"), "i have"),
    (re.compile(r"\b(?:does|do) (?:he|she|they)\b"), "do i"),
    (re.compile(r"\b(?:is|are) (?:he|she|they)\b"), "am i"),
    (re.compile(r"\b(?:he|she|they)\b"), "i"),
    (re.compile(r"\b(?:his|her|their)\b"), "my"),
    (re.compile(r"\b(?:him|them)\b"), "me"),
    (re.compile(r"\b(?:himself|herself|themselves|themself)\b"), "myself"),
)
_SENTENCE = re.compile(r"(?<=[.!?:;\u2014])\s+|\s+[-\u2013\u2014]+\s+|\n+")


def is_relayed(message: str) -> bool:
    """The message says it is passed on for someone else."""
    return bool(_RELAYED.search(fold(message)))


def as_asked(message: str) -> str:
    """The question as the patient would have asked it, when ``message`` passes it on;
    otherwise ``message`` unchanged."""
    if not is_relayed(message):
        return message
    kept = []
    for sentence in _SENTENCE.split(message):
        folded = fold(sentence)
        if not folded or _INTRODUCTION.match(folded):
            continue
        folded = _PASSING_ON.sub(" ", folded)
        for pattern, first in _FIRST_PERSON:
            folded = pattern.sub(first, folded)
        folded = " ".join(folded.split())
        if folded:
            kept.append(folded + ("?" if sentence.rstrip().endswith("?") else "."))
    return " ".join(kept) or message
