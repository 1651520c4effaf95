"""Red-flag triage: does a patient's message describe something that needs a human now?

Runs before any answer is looked up. Missing a real red flag is far worse than an unnecessary
urgent reply, so when a message reads like a genuine symptom report, urgent wins; but ordinary
questions that merely share a word ("does needling help chest muscles?", "no fever, just sore")
must pass, or patients learn to ignore the warnings.

The rules are plain regular expressions over folded, spelling-corrected text, checked clause by
clause: a negation just before a sign ("no fever", "didn't faint") or a resolution just after it
("the bleeding has stopped") cancels it, and a question about what needling treats ("can it
help with numbness") is not a symptom report. Self-harm is never cancelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.text import STOPWORDS, Speller, fold


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
class _Rule:
    flag: RedFlag
    pattern: re.Pattern[str]
    can_be_negated: bool = True


def _rule(flag: RedFlag, *alternatives: str, can_be_negated: bool = True) -> _Rule:
    return _Rule(flag, re.compile(r"\b(?:" + "|".join(alternatives) + r")"), can_be_negated)


_W = r"(?: \w+)"  # one more word
_UNABLE = (
    r"(?:cant|cannot|can not|couldnt|unable to|struggling to|struggle to|hard to|difficult to"
)
_UNABLE += r"|trouble|difficulty|problems?|hurts? to|painful to)"

_RULES: tuple[_Rule, ...] = (
    _rule(
        RedFlag.SELF_HARM,
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) (?:myself|my self)\b",
        r"suicid",
        r"end(?:ing)? (?:it all|my life|things)\b",
        r"(?:dont|do not) want to (?:be alive|live|be here|wake up)\b",
        r"(?:want|wanna|going) to die\b",
        r"wanna die\b",
        r"better off (?:dead|without me)\b",
        r"no (?:point|reason) (?:in )?(?:living|going on|being alive)\b",
        r"take my (?:own )?life\b",
        r"self harm",
        can_be_negated=False,
    ),
    _rule(
        RedFlag.BREATHING,
        _UNABLE + r"(?: (?:catch|get|take))?(?: (?:my|a|deep))* breath",
        r"short(?:ness)? of breath",
        r"out of breath",
        r"breathless",
        r"chest(?: is| feels| has| been)* (?:pain|hurts?|hurting|tight|tightness|pressure|heavy"
        r"|sore|aches?|aching|pains)\b",
        r"(?:tight|tightness|pain|pains|pressure|heaviness|heavy) in(?: my| the)? chest\b",
        r"tight chest\b",
        r"breath(?:e|ing)?" + _W + r"{0,4} (?:hurts?|pain|painful|sharp|stabbing)\b",
        r"(?:pain|hurts?|hurting|sharp|stabbing|sore)" + _W + r"{0,5} (?:breathe|breath|breathing"
        r"|inhale|inhaling|breathe in)\b",
        r"(?:punctured|collapsed|pierced) lung",
        r"lung" + _W + r"{0,3} (?:punctured|collapsed|pierced)",
        r"pneumothorax",
        r"wheez",
    ),
    _rule(
        RedFlag.BLEEDING,
        r"bleed(?:ing)?" + _W + r"{0,3} (?:wont|will not|doesnt|does not|didnt|cant|hasnt|has not"
        r"|isnt|not) stop",
        r"(?:cant|cannot|can not|wont|unable to|couldnt) stop(?: the| it)? (?:bleed|blood)",
        r"(?:keeps?|kept|still|constantly|wont stop|non stop|nonstop) (?:bleed|pouring)",
        r"bleed(?:ing|s)? (?:a lot|heavily|loads|badly|profusely|everywhere|through|non stop"
        r"|for hours|for an hour|for over)",
        r"blood" + _W + r"{0,3} (?:wont stop|everywhere|pouring|gushing|spurting|soaked"
        r"|keeps coming|keeps dripping|dripping)",
        r"soaked" + _W + r"{0,3} (?:blood|plaster|bandage)",
        r"(?:heavy|lots of|so much) (?:bleeding|blood)\b",
    ),
    _rule(
        RedFlag.FAINTING,
        r"faint(?:ed|ing)?\b",
        r"pass(?:ed|ing)? out\b",
        r"black(?:ed|ing)? out\b",
        r"collaps(?:e|ed|ing)\b",
        r"dizz(?:y|iness)",
        r"light ?headed",
        r"(?:room|head)(?: is| was| keeps)? spinning",
        r"vertigo",
        r"lost consciousness",
        r"keeled over",
    ),
    _rule(
        RedFlag.INFECTION,
        r"pus\b",
        r"oozing",
        r"discharge\b",
        r"infected\b",
        r"infection\b",
        r"fever(?:ish)?\b",
        r"chills\b",
        r"shiver(?:ing|y|s)?\b",
        r"(?:high|running a|have a|got a) temperature\b",
        r"red(?:ness)?" + _W + r"{0,3} (?:spreading|spread|bigger|growing|hot|warm|swollen)\b",
        r"spreading red",
        r"red (?:streaks?|lines?)\b",
        r"streaks?\b",
        r"(?:hot|warm)" + _W + r"{0,4} (?:swollen|swelling|red)\b",
        r"swollen" + _W + r"{0,4} (?:hot|warm|red)\b",
    ),
    _rule(
        RedFlag.NUMBNESS,
        r"numb(?:ness)?\b",
        r"tingl(?:e|es|ing|y)\b",
        r"pins and needles",
        r"(?:arm|leg|hand|foot|fingers?|toes?|face)(?: has| have| is| feels?)? (?:gone|went)"
        r"(?: all)? (?:dead|numb|weak|limp|floppy)\b",
        r"dead arm\b",
        r"(?:cant|cannot|can not|unable to|couldnt) (?:grip|hold|lift|feel|grasp|move) "
        r"(?:my|anything|things|it|objects)",
        r"foot drop",
        r"dragging",
        r"weak(?:ness)?\b",
        r"paraly",
        r"drooping",
    ),
    _rule(
        RedFlag.SEVERE_PAIN,
        r"unbearable",
        r"excruciating",
        r"agony",
        r"agoni[sz]ing",
        r"intolerable",
        r"worst pain",
        r"(?:10|ten|9|nine) (?:10|out of (?:10|ten))\b",
        r"(?:getting|gotten|got|gets|keeps getting|is getting) worse",
        r"worse and worse",
        r"worse (?:every|each|by the)",
        r"worsening",
        r"severe" + _W + r"{0,2} pain",
        r"pain(?: is)? (?:severe|horrendous|horrible|awful|terrible|killing me)",
        r"so bad (?:i|that i) (?:cant|cannot)",
        r"cant sleep (?:because|from|with|due to)" + _W + r"{0,2} pain",
        r"(?:pain ?killers?|painkillers?|medication|meds|ibuprofen|paracetamol)"
        r"(?: are| is| do| does)? (?:arent|not|dont|doesnt|isnt|no longer) (?:touching|working"
        r"|helping)",
        r"cant bear",
        r"screaming",
    ),
)

_NEGATOR_TEXT = """no not never without didnt dont doesnt havent hasnt isnt wasnt arent werent nor
none zero nothing hardly"""
_NEGATORS = frozenset(_NEGATOR_TEXT.split())
_RESOLVED = re.compile(
    r"^(?: \w+){0,3}? (?:gone|went away|stopped|passed|cleared|resolved|settled)\b"
)
_TOPIC = re.compile(
    r"\b(?:help|helps|treat|treats|treating|good for|work for|works for|used for|fix|cure"
    r"|risk|risks|chance|prevent|avoid|cause|causes)\b(?: \w+){0,4} $"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:what if|in case|will i|could i|might i|do people|does it cause|can it cause"
    r"|is it possible|is there a chance)\b"
)
_CLAUSES = re.compile(r"[.!?;,\n]+|\b(?:but|however|although|though|except)\b", re.IGNORECASE)

_LEXICON = """
shortness breathe breath breathing breathless chest tight tightness inhale lung lungs
punctured collapsed wheezing redness spreading swollen swelling warm discharge fever
feverish temperature chills shivering shivery streaks infected infection bleeding blood
stop soaked plaster bandage faint fainted fainting passed collapse dizzy dizziness
lightheaded blacked spinning vertigo consciousness numb numbness tingling tingly needles
weak weakness grip dragging paralysed unbearable excruciating agony agonising intolerable
severe worse worsening worst painkillers screaming suicidal myself alive living better
without
"""
# Lenient for long words (a missed red flag costs more than a misread word); short words only
# forgive dropped, doubled or swapped letters, so "wear" never becomes "weak".
_LENIENT = Speller.build(_LEXICON.split(), strict=False)
_STRICT = Speller.build(_LEXICON.split())


def triage(text: str) -> RedFlag | None:
    """The red flag a message raises, or None for an ordinary message."""
    for clause in _CLAUSES.split(text):
        if not clause or not clause.strip():
            continue
        words = [_correct(w) for w in fold(clause).split()]
        folded = " ".join(words)
        for rule in _RULES:
            for match in rule.pattern.finditer(folded):
                if rule.can_be_negated and _cancelled(folded, match):
                    continue
                return rule.flag
    return None


def _correct(word: str) -> str:
    if len(word) < 4 or word in STOPWORDS or not word.isalpha():
        return word
    speller = _LENIENT if len(word) >= 6 else _STRICT
    return speller.correct(word) or word


def _cancelled(clause: str, match: re.Match[str]) -> bool:
    before = clause[: match.start()]
    if _NEGATORS.intersection(before.split()[-3:]):
        return True
    if _RESOLVED.match(clause[match.end() :]):
        return True
    return bool(_TOPIC.search(before) or _HYPOTHETICAL.search(before))
