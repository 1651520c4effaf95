"""Greetings, thanks and "ok": a short friendly reply, never "my guide doesn't cover that".

Only a message made of nothing but small talk counts ("thanks!", "hi there", "ok cool 👍",
"thank you so much doc"): "hi, how long will I be sore?" is a question and goes to the articles.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.knowledge.text import fold


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    OK = "ok"
    GOODBYE = "goodbye"


_PHRASES: dict[SmallTalk, tuple[str, ...]] = {
    SmallTalk.GREETING: (
        "hi+",
        "hello+",
        "hey+",
        "hiya",
        "heya",
        "howdy",
        "yo",
        "g ?day",
        "good (?:morning|afternoon|evening|day)",
        "morning",
        "evening",
        "greetings",
        "hi there",
        "hello there",
        "hey there",
    ),
    SmallTalk.THANKS: (
        "thanks?",
        "thank you",
        "thank u",
        "thankyou",
        "thanx",
        "thx",
        "tx",
        "ty",
        "tysm",
        "cheers",
        "ta",
        "much appreciated",
        "appreciate (?:it|that|you)",
        "many thanks",
        "thanks a lot",
        "that helps",
        "that helped",
        "very helpful",
        "helpful",
    ),
    SmallTalk.OK: (
        "ok+",
        "okay",
        "okey",
        "k+",
        "kk",
        "alright",
        "all right",
        "right",
        "got it",
        "gotcha",
        "understood",
        "noted",
        "cool",
        "great",
        "good",
        "perfect",
        "nice",
        "awesome",
        "brilliant",
        "lovely",
        "fine",
        "sure",
        "yes",
        "yep",
        "yeah",
        "yup",
        "no worries",
        "sounds good",
        "will do",
        "makes sense",
        "i see",
        "ah",
        "oh",
        "haha",
        "lol",
        "wow",
    ),
    SmallTalk.GOODBYE: (
        "bye+",
        "goodbye",
        "bye bye",
        "good ?night",
        "nite",
        "night",
        "see (?:you|ya|u)(?: later| soon)?",
        "later",
        "take care",
        "talk (?:to you|soon)",
        "ttyl",
        "have a good (?:one|day|night|evening)",
    ),
}
# Words that may stand around small talk without making it a question.
_FILLER = (
    r"(?:so|very|really|soo+|much|a lot|lots|again|for (?:that|this|the (?:info|information|help"
    r"|advice|answer|reply)|your help|everything)|you|u|doc|doctor|mate|friend|bot|guys|all|then"
    r"|and|just|ok|oh|ah|well|that's|thats|it|is|was|its)"
)
_ALL = "|".join(f"(?:{p})" for phrases in _PHRASES.values() for p in phrases)
_WHOLE = re.compile(rf"^(?:(?:{_ALL}|{_FILLER})\s*)+$")
_KIND = {kind: re.compile(rf"\b(?:{'|'.join(p)})\b") for kind, p in _PHRASES.items()}
# Thanks and goodbye say more than a greeting or an "ok" when they come together.
_PRECEDENCE = (SmallTalk.THANKS, SmallTalk.GOODBYE, SmallTalk.GREETING, SmallTalk.OK)
_MAX_WORDS = 8
# A reply of friendly emoji alone ("👍", "🙏🙏") is an acknowledgement or thanks.
_FRIENDLY = {
    "👍": SmallTalk.OK,
    "👌": SmallTalk.OK,
    "🙂": SmallTalk.OK,
    "😊": SmallTalk.OK,
    "🙏": SmallTalk.THANKS,
    "❤": SmallTalk.THANKS,
    "👋": SmallTalk.GREETING,
}


def small_talk(text: str) -> SmallTalk | None:
    """Which kind of small talk the whole message is, or None if it says anything more."""
    folded = fold(text)
    words = folded.split()
    if not words:
        marks = [c for c in text if not c.isspace() and c not in "\ufe0f!."]
        kinds = {_FRIENDLY.get(c) for c in marks}
        return kinds.pop() if marks and len(kinds) == 1 and None not in kinds else None
    if len(words) > _MAX_WORDS or ("?" in text and len(words) > 2):
        return None
    if not _WHOLE.match(folded):
        return None
    for kind in _PRECEDENCE:
        if _KIND[kind].search(folded):
            return kind
    return None
