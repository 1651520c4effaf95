"""Red-flag triage: does a patient's message describe something that needs a human now?

Runs before any answer is looked up. Missing a real red flag is far worse than an unnecessary
urgent reply, so when a message reads like a genuine symptom report, urgent wins; but ordinary
questions that merely share a word ("does needling help chest muscles?", "no fever, just sore")
must pass, or patients learn to ignore the warnings.

The rules are plain regular expressions over folded, spelling-corrected text, checked clause by
clause: a negation just before a sign ("no fever", "didn't faint") or a resolution just after it
("the bleeding has stopped", also in the next clause: "dizzy but it passed") cancels it, and a
question about what needling treats ("can it help with numbness"), whether a sign can happen
("can you pass out from it?", "is infection a risk"), or a worry about it ("scared i'd faint")
is not a symptom report. Weak signs (severity words, "getting worse") also give way when the
message asks whether needling can help: "severe back pain is why i came, will it help" describes
the reason for treatment. Signs that carry their own negation ("no feeling in my hand") are never
cancelled, and neither is self-harm.
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
    # A weak sign gives way when the message asks whether needling would help (see module doc).
    weak: bool = False


def _rule(
    flag: RedFlag, *alternatives: str, can_be_negated: bool = True, weak: bool = False
) -> _Rule:
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")")
    return _Rule(flag, pattern, can_be_negated, weak)


_W = r"(?: \w+)"  # one more word
_UNABLE = (
    r"(?:cant|cannot|can not|couldnt|unable to|struggling to|struggle to|hard to|difficult to"
)
_UNABLE += r"|trouble|difficulty|problems?|hurts? to|painful to|no can|not can|not able to)"
_BODY = r"(?:arms?|hands?|legs?|foot|feet|fingers?|toes?|face|side|thumb|wrist|shoulder)"
# "chest" in a gym or muscle sense ("tight chest muscles from bench press") is no chest symptom.
_CHEST = r"chest(?! muscles?| press| day| workout| exercises?| stretch)"
_CHEST_LINK = (
    r"(?: is| feels?| felt| has| been| kinda| kind of| a bit| bit| little| really| so| still)*"
)

_RULES: tuple[_Rule, ...] = (
    _rule(
        RedFlag.SELF_HARM,
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) (?:myself|my self)\b",
        r"suicid",
        r"end(?:ing)? (?:it all|it|my life|things)\b",
        r"(?:dont|do not) want to (?:be alive|live|be here|wake up)\b",
        r"(?:want|wanna|going) to die\b",
        r"wanna die\b",
        r"better off (?:dead|without me)\b",
        r"no (?:point|reason) (?:in )?(?:living|going on|being alive)\b",
        r"point (?:of|in) (?:living|going on|being alive|life)\b",
        r"(?:nobody|no one|noone|no body) (?:would|will|wd|is going to|gonna)"
        r" (?:miss|care about) me",
        r"(?:take|taking|swallow|swallowing) (?:all|every one|the whole (?:box|bottle|pack))"
        r"(?: of)? (?:my|the|these|those)? ?(?:pills|tablets|meds|medication|painkillers)",
        r"overdos",
        r"take my (?:own )?life\b",
        r"self harm",
        can_be_negated=False,
    ),
    _rule(
        RedFlag.BREATHING,
        _UNABLE
        + r"(?: (?:catch|get|take))?(?: (?:my|a|deep|full|proper|good|his|her|their|your))*"
        r" breath",
        r"(?:cant|cannot|can not|couldnt|unable to|struggling to|hard to|not|no)"
        r" (?:get|getting|take|taking|catch|catching|enough) (?:enough |any |much )?air\b",
        r"gasping",
        r"short(?:ness)? of breath",
        r"out of breath",
        r"breathless",
        r"winded\b",
        r"breath(?:ing)?(?: is| feels?| has been| got)?(?: very| so| really| a bit| bit)?"
        r" (?:shallow|laboured|labored|rapid|difficult|hard|wheezy|noisy)\b",
        _CHEST + _CHEST_LINK + r" (?:pain|hurts?|hurting|tight|tightness|pressure|heavy"
        r"|sore|aches?|aching|pains|weird|funny|strange|odd|wrong|off|crushing|squeezed)\b",
        r"(?:tight|tightness|pain|pains|pressure|heaviness|heavy) (?:in|at|on|across|around)"
        r"(?: the (?:side|front|middle|left|right)(?: side)? of)?(?: my| the| his| her)? "
        + _CHEST
        + r"\b",
        r"tight " + _CHEST + r"\b",
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
        r"bleed(?:ing)?" + _W + r"{0,8} (?:wont|will not|doesnt|does not|didnt|cant|hasnt|has not"
        r"|isnt|not) stop",
        r"(?:cant|cannot|can not|wont|unable to|couldnt) stop(?: the| it)? (?:bleed|blood)",
        r"(?:keeps?|kept|still|constantly|wont stop|non stop|nonstop) (?:bleed|pouring)",
        r"bleed(?:ing|s)? (?:a lot|heavily|loads|badly|profusely|everywhere|through|non stop"
        r"|for hours|for an hour|for over)",
        r"blood" + _W + r"{0,3} (?:wont stop|everywhere|pouring|gushing|spurting|soaked"
        r"|keeps coming|keeps dripping|dripping)",
        r"blood(?: is| keeps| still| keep)+ (?:coming|running|flowing|seeping|oozing)",
        r"soaked" + _W + r"{0,3} (?:blood|plaster|bandage)",
        r"(?:heavy|lots of|so much) (?:bleeding|blood)\b",
    ),
    _rule(
        RedFlag.FAINTING,
        r"faint(?:ed|ing)?\b(?! hearted| heart)",
        r"pass(?:ed|ing)? out\b",
        r"black(?:ed|ing)? out\b",
        r"collaps(?:e|ed|ing)\b",
        r"dizz(?:y|iness)",
        r"light ?headed",
        r"(?:room|head)(?: is| was| keeps)? spinning",
        r"vertigo",
        r"lost consciousness",
        r"unconscious",
        r"keeled over",
    ),
    _rule(
        RedFlag.INFECTION,
        r"pus\b",
        r"oozing",
        r"discharge\b",
        r"infected\b",
        r"infection\b(?! control| prevention| procedures?)",
        r"temp(?:erature)?(?: is| of| was)? (?:3[89]|4[01]|10[0-5])\b",
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
        _BODY + r"(?: \w+)?(?: is| are| feels?| felt| has| have| still| gone| went| been| all"
        r"| keeps?| going| fell)* (?:asleep|sleep|sleeping|dead|numb|limp|floppy)\b",
        r"(?:cant|cannot|can not|unable to|couldnt)(?: even| really| properly)?"
        r" (?:grip|hold|lift|feel|grasp|move) "
        r"(?:my|anything|things|it|objects)",
        r"foot drop",
        r"dragging",
        r"weak(?:ness)?\b(?! in the knees)",
        r"paraly",
        r"drooping",
    ),
    _rule(
        RedFlag.FAINTING,
        # The negation is the symptom: "i was not conscious", "found me on the floor".
        r"(?:was|were|wasnt|werent|not) (?:not )?(?:conscious|awake|responding|responsive)\b",
        r"found (?:me|him|her|them) (?:on|lying on) the (?:floor|ground)",
        can_be_negated=False,
    ),
    _rule(
        RedFlag.NUMBNESS,
        # The negation is the symptom: "no feeling in my hand", "lost all sensation".
        r"(?:lost|lost all|lose|losing|loss of) (?:strength|power|grip)\b",
        r"(?:no|lost|lost all|lose|losing|loss of|without any|zero) (?:feeling|sensation)\b"
        r"(?! (?:of|sick|faint|dizzy|well|great|good|fine|better|worse|bad|anything|any pain))",
        can_be_negated=False,
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
        r"worse and worse",
        r"worse (?:every|each|by the)",
        r"so bad (?:that )?(?:i |im |i am )?(?:cant|cannot|crying|in tears|screaming|shaking"
        r"|sobbing|throwing up|vomiting|being sick)",
        r"(?:crying|in tears|sobbing|screaming) (?:from|with|because of|in|of)(?: the| this)?"
        r" pain",
        r"pain" + _W + r"{0,6} (?:cant|cannot|can not) (?:stand|bear|take)\b",
        r"cant sleep (?:because|from|with|due to)" + _W + r"{0,2} pain",
        r"(?:pain ?killers?|painkillers?|medication|meds|ibuprofen|paracetamol)"
        r"(?: are| is| do| does)? (?:arent|not|dont|doesnt|isnt|no longer) (?:touching|working"
        r"|helping)",
        r"cant bear",
        r"(?:cant|cannot|can not|unable to) (?:even )?(?:walk|stand up|move|sleep|function|work)"
        + _W
        + r"{0,4} (?:pain|painful|hurts?|sore)\b",
        r"(?:pain|painful|hurts?|sore)" + _W + r"{0,4} (?:cant|cannot|can not|unable to)"
        r" (?:even )?(?:walk|stand up|move|sleep|function|work)\b",
        r"screaming",
    ),
    _rule(
        RedFlag.SEVERE_PAIN,
        r"(?:getting|gotten|got|gets|keeps getting|is getting) worse",
        r"worsening",
        r"(?:much|way|far|a lot|lots|even|so much|bit|getting) worse\b(?! before)",
        r"severe" + _W + r"{0,2} pain",
        r"pain(?: is)? (?:severe|horrendous|horrible|awful|terrible|killing me)",
        r"(?:big|strong|huge|extreme|intense|terrible|horrible|awful|horrendous|insane) pain\b"
        r"(?! relief| ?killers?| management)",
        r"pain" + _W + r"{0,2}(?: very| so| extremely| really)+ (?:strong|big|intense)\b",
        weak=True,
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
    r"\b(?:what if|what happens if|if i ever|in case|will i|could i|might i|do people"
    r"|does it cause|can it cause"
    r"|is it possible|is there a chance|can you|can people|can anyone|does anyone|do you ever"
    r"|is it common|how common|how likely|chance of|risk of|can i get|can i catch"
    r"|some people|other people|most people|many people|patients)\b"
)
# "is infection a risk", "is fainting common": a question about the sign, not a report of it.
_QUESTION_START = re.compile(
    r"^ ?(?:so |and |just )?(?:is|are|can|could|does|do|will|would|might) $"
)
_ABOUT_SIGN = re.compile(
    r"^(?: \w+){0,3}? (?:a |an |the )?(?:risk|risks|common|rare|possible|side effects?|likely"
    r"|normal side effect)\b"
)
# Worry about a sign that has not happened: "scared i'd faint", "afraid of passing out".
_WORRY = re.compile(
    r"\b(?:scared|afraid|worried|nervous|anxious|terrified|frightened|fear|feared|worry)"
    r"(?: that)?(?: i)?(?: id| would| might| could| will| gonna| going to| was going to| of"
    r"| about)(?: be)? $"
)
# The message asks whether treatment would help: weak signs then describe why they came.
_TREATMENT_QUESTION = re.compile(
    r"\b(?:will|would|could|can|does|do|might|should)(?: \w+)?(?: it| this| needling| dry needling"
    r"| the needling| needles| the needles| treatment| a session| sessions| you| physio)"
    r"(?: \w+)? (?:help|work|fix|treat|sort)\b"
    r"|\bhow many (?:sessions|treatments|appointments)\b|\bworth (?:it|trying)\b"
    r"|\b(?:is|was) (?:why|the reason) (?:i|we)\b"
)
# A sign placed months or years back is history, not a report: "had a fever last month".
_PAST = re.compile(
    r"^(?: \w+){0,6}? (?:last (?:month|year)|(?:\d+|a|few|a few|couple of|a couple of|several"
    r"|many) (?:months|years) ago|a (?:month|year) ago|years ago|as a (?:kid|child|teenager)"
    r"|in the past|when i was (?:young|little|a kid|a child))\b"
)
# The next clause asks whether needling causes it: the sign happened elsewhere ("my friend passed
# out at a blood test, does that happen with needling?"). "I fainted, is that ok?" stays urgent.
_ELSEWHERE = re.compile(
    r"^ ?(?:does|can|could|would|will) (?:that|this|it) (?:happen|occur)(?: \w+)?"
    r" (?:with|from|during|after|because of) (?:dry )?(?:needling|needles|the needles)\b"
)
_DENIAL = re.compile(r"^ ?(?:no|nope|nah|not really|none|not at all)$")
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
# Strict: a changed letter must be a neighbouring key or a vowel for a vowel. A lenient speller
# read real words as signs ("sleeping" -> "bleeding", "treating" -> "breathing", "soreness" ->
# "shortness"), which makes patients with ordinary questions get urgent replies.
_SPELLER = Speller.build(_LEXICON.split())
# Real words one plausible typo away from a sign word: never "corrected" ("week" is not "weak").
_REAL_TEXT = """
week weeks injection injections injected inserted insertion affected infect long longer
    sleeping soreness treating creating reaching speaking spelling wore step steps stops wellness
    letter warn passes paused blocked needle needled streams threading feel feels breed
    blend bleed bleeds blind blond brief tingle tight chess chesty worst weal wean wear weary
"""
_REAL_WORDS = frozenset(_REAL_TEXT.split())


def triage(text: str) -> RedFlag | None:
    """The red flag a message raises, or None for an ordinary message."""
    clauses = [" ".join(_correct(w) for w in fold(c).split()) for c in _CLAUSES.split(text) if c]
    clauses = [c for c in clauses if c]
    asks_treatment = any(_TREATMENT_QUESTION.search(c) for c in clauses)
    for position, folded in enumerate(clauses):
        following = clauses[position + 1] if position + 1 < len(clauses) else ""
        for rule in _RULES:
            for match in rule.pattern.finditer(folded):
                if rule.weak and asks_treatment:
                    continue
                if rule.can_be_negated and _cancelled(folded, match, following):
                    continue
                return rule.flag
    return None


def _correct(word: str) -> str:
    if len(word) < 4 or word in STOPWORDS or word in _REAL_WORDS or not word.isalpha():
        return word
    return _SPELLER.correct(word) or word


def _cancelled(clause: str, match: re.Match[str], following: str) -> bool:
    before = clause[: match.start()]
    after = clause[match.end() :]
    if _NEGATORS.intersection(before.split()[-3:]):
        return True
    if _RESOLVED.match(after) or _RESOLVED.match(" " + following) or _DENIAL.match(following):
        return True
    if _PAST.match(after) or _ELSEWHERE.match(following):
        return True
    if _QUESTION_START.match(before) and _ABOUT_SIGN.match(after):
        return True
    return bool(_TOPIC.search(before) or _HYPOTHETICAL.search(before) or _WORRY.search(before))
