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

Patients rarely use the medical word, so signs are also read in everyday language ("like someone
sitting on my chest", "yellow stuff", "went grey and hit the floor", "pain's an 8"). A sign is
also calm when it is history ("used to", "before i started", "now it's a 2"), a habit ("i always
get a dead arm"), brief and over ("for a minute, then nothing"), given an ordinary cause
("breathless from running for the bus"), or asked about before a first session. Two exceptions
keep real reports urgent: a loss of consciousness stays urgent when it is over ("fainted, fine
now"), and a sign anchored to the treatment ("since the needling") is a report even when phrased
as a question.
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
    # The rule only counts in a message that also matches this (a bare "it's a 9" needs pain).
    context: re.Pattern[str] | None = None


def _rule(
    flag: RedFlag,
    *alternatives: str,
    can_be_negated: bool = True,
    weak: bool = False,
    context: str | None = None,
) -> _Rule:
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")")
    return _Rule(flag, pattern, can_be_negated, weak, re.compile(context) if context else None)


_W = r"(?: \w+)"  # one more word
# A number that starts a span or a time ("8 10 hours", "9 am"), not a pain score.
_NOT_A_SPAN = (
    r"(?! (?:to |or |\d+ )?(?:hours?|hrs?|days?|mins?|minutes?|weeks?|wks?|months?|years?"
)
_NOT_A_SPAN += r"|sessions?|times|am|pm|oclock|percent|people|needles|of them)\b)"
_UNABLE = (
    r"(?:cant|cannot|can not|couldnt|unable to|struggling to|struggle to|hard to|difficult to"
)
_UNABLE += r"|trouble|difficulty|problems?|hurts? to|painful to|no can|not can|not able to)"
_BODY = r"(?:arms?|hands?|legs?|foot|feet|fingers?|toes?|face|side|thumbs?|wrists?|shoulder)"
# "chest" in a gym or muscle sense ("tight chest muscles from bench press") is no chest symptom.
_CHEST = r"chest(?! muscles?| press| day| workout| exercises?| stretch)"
_CHEST_LINK = (
    r"(?: is| feels?| felt| has| been| kinda| kind of| a bit| bit| little| really| so| still)*"
)

_RULES: tuple[_Rule, ...] = (
    _rule(
        RedFlag.SELF_HARM,
        r"(?:kill|killing|kills|hurt|hurting|hurts|harm|harming|harms|cut|cutting|cuts)"
        r" (?:myself|my self|himself|herself|themselves|themself)\b",
        r"suicid",
        r"end(?:ing)? (?:it all|it|my life|things)\b",
        r"(?:dont|do not) want to (?:be alive|live|be here|wake up)\b",
        r"(?:want|wants|wanted|wanna|going) to die\b",
        r"(?:i|me|myself)(?: (?!it\b|this\b|that\b|pain\b|the\b|knots?\b)\w+){0,3} (?:disappear"
        r"|vanish) (?:forever|for ever|for good)\b",
        r"never (?:to )?wake (?:up|again)\b",
        r"(?:goodbye|farewell|suicide) (?:letter|note|message)s?\b",
        r"(?:jump|jumping|throw myself|step) (?:off|from|in front of) (?:a|the|that)"
        r" (?:bridge|building|roof|cliff|train|bus|car|lorry|truck|tower|balcony)\b",
        r"(?:(?:saved|saving|collecting|collected) up|stockpil\w*|hoard\w*) (?:\w+ )?(?:pills"
        r"|tablets|meds|painkillers)\b",
        r"(?:pills|tablets|meds|painkillers)(?: \w+)? (?:(?:saved|stashed) up|stockpiled"
        r"|hoarded)\b",
        r"enough (?:pills|tablets|meds|painkillers) to\b",
        r"wanna die\b",
        r"better off (?:dead|without me)\b",
        r"no (?:point|reason)(?: in| to)?(?: keep| keeping| carry| carrying| go| going)?(?: on)?"
        r" (?:living|going on|being alive|live)\b",
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
        _UNABLE + r"(?: (?:to|with|in))?(?: (?:catch|get|take))?"
        r"(?: (?:my|a|deep|full|proper|good|his|her|their|your))* breath",
        r"(?:cant|cannot|can not|couldnt|unable to|struggling to|hard to|not|no)"
        r" (?:get|getting|take|taking|catch|catching|enough) (?:enough |any |much )?air\b",
        r"gasping",
        r"suffocat",
        r"drowning\b(?! in)",
        r"(?:not|isnt|stopped|stops|barely) breathing\b",
        r"(?:sips|gulps|gasps|mouthfuls) of air\b",
        r"lungs? (?:wont|will not|doesnt|does not|dont|cant|not|arent|isnt)"
        r" (?:fill|filling|inflate|expand|open)",
        r"puffing and panting\b",
        r"(?:im|i am|i was|hes|shes|he is|she is|keeps?|kept|still|been|cant stop) panting\b",
        r"panting (?:just|even|while|when|at rest|sitting|lying|for)\b",
        r"sit (?:up|upright|up straight) to (?:breathe|breath|get air)",
        r"throat(?: is| feels?| feeling| has)?(?: \w+)? (?:tight|swollen|swelling|closing)\b",
        r"(?:tongue|lips?) (?:is |are |feels? |has |have )?(?:swollen|swelling|puffing up)\b",
        r"(?:lips?|face|fingertips)(?: \w+){0,4} (?:blue|bluish|blueish)\b",
        r"(?:elephant|weight|brick|bricks|ton|tonne|boulder|vice|vise|band|someone|something)"
        r"(?: \w+){0,2} (?:on|onto|crushing|squeezing|pressing|across|around)(?: on| down on)?"
        r" (?:my|his|her|the) chest",
        r"short(?:ness)? of breath",
        r"out of breath",
        r"breathless",
        r"winded\b",
        r"breath(?:ing)?(?: is| feels?| has been| got)?(?: very| so| really| a bit| bit)?"
        r" (?:shallow|laboured|labored|rapid|difficult|hard|wheezy|noisy)\b",
        _CHEST + _CHEST_LINK + r" (?:pain|hurts?|hurting|tight|tightness|pressure|heavy"
        r"|sore|aches?|aching|pains|weird|funny|strange|odd|wrong|off|crushing|crushed|squeezed)\b",
        r"(?:tight|tightness|pain|pains|pressure|heaviness|heavy|stab|stabs|stabbing|crushing)"
        r" (?:in|at|on|across|around|through)"
        r"(?: the (?:side|front|middle|left|right)(?: side)? of)?(?: my| the| his| her)? "
        + _CHEST
        + r"\b",
        r"tight " + _CHEST + r"\b",
        r"breath(?:e|ing)?" + _W + r"{0,4} (?:hurts?|pain|painful|sharp|stabbing|stabs?|knife"
        r"|knives|agony)\b",
        r"(?:pain|hurts?|hurting|sharp|stabbing|stabs?|knife|knives|sore)" + _W + r"{0,7}"
        r" (?:breathe|breath|breathing|inhale|inhaling|breathe in)\b",
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
        r"(?:heavy|lots of|so much|a lot of|loads of|tons of|pool of|covered in|full of)"
        r" (?:bleeding|blood)\b",
        r"(?:cough|coughing|coughed|spit|spitting|spat|vomit|vomiting|vomited|throwing up|threw up"
        r"|bringing up)(?: up)? (?:blood|bloody)\b",
        r"blood(?:y)? (?:in|when|with) (?:my |his |her |the )?(?:spit|phlegm|sputum|saliva|cough"
        r"|coughing|mucus|vomit|sick|pee|urine|wee|poo|stool)\b",
        r"(?:filling|filled|fill|full) (?:up )?with blood\b",
        r"(?:bruise|bruising|swelling|lump|bump)" + _W + r"{0,3} (?:growing"
        r"|getting bigger|swelling (?:fast|quickly|up))\b",
        r"(?:getting|growing|gets|got) (?:bigger|larger)(?: and bigger)? (?:fast|quickly|rapidly"
        r"|by the)\b",
        r"swell(?:ing|s)? (?:up )?(?:fast|quickly|rapidly|by the)\b",
    ),
    _rule(
        RedFlag.FAINTING,
        r"faint(?:ed|ing)?\b(?! hearted| heart)",
        r"pass(?:ed|ing)? out\b",
        r"black(?:ed|ing)? out\b(?! (?:the|that|those|these|all|any|my memory|a lot|parts?)\b)",
        r"collaps(?:e|ed|ing)\b",
        r"dizz(?:y|iness)",
        r"light ?headed",
        r"(?:room|head)(?: is| was| keeps)? spinning",
        r"vertigo",
        r"lost consciousness",
        r"unconscious",
        r"keeled over",
        r"(?:i|he|she|they|we|mum|mom|dad|wife|husband|son|daughter|partner|grey and|gray and"
        r"|white and|pale and|dizzy and|faint and|wobbly and)(?: \w+)?"
        r" (?:hit|fell to|dropped to|slumped to|crumpled to|collapsed on) the"
        r" (?:floor|ground|deck)\b(?! running)",
        r"woke(?: up)? (?:on|lying on) the (?:floor|ground)\b",
        r"(?:everything|vision|world|it all|eyes|sight)(?: \w+)? went"
        r" (?:black|dark|grey|gray|white|fuzzy|blurry|dim)\b",
        r"out cold\b",
    ),
    _rule(
        RedFlag.INFECTION,
        r"pus\b",
        r"abscess",
        r"boil\b(?! the| some| water| a kettle| the kettle| an egg)",
        r"angry(?: looking)?(?: and)? (?:red|hot|swollen)\b",
        r"(?:hot|red|swollen|sore) and angry\b",
        r"(?:yellow|yellowish|green|greenish|cloudy|creamy|smelly)(?: \w+)?"
        r" (?:stuff|gunk|goo|gunge|liquid|fluid|head|heads|crust|ooze|discharge)\b",
        r"leaking\b(?! tears)",
        r"(?:spot|site|hole|mark|wound|area|point|dot|skin|it)"
        r"(?: is| was| has been| keeps| started)? (?:weeping|seeping)\b",
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
        r"numb(?:ness)?\b(?! with (?:boredom|cold|shock|fear|grief))",
        r"tingl(?:e|es|ing|y)\b",
        r"pins and needles",
        r"(?:arm|leg|hand|foot|fingers?|toes?|face)(?: has| have| is| feels?)? (?:gone|went)"
        r"(?: all)? (?:dead|numb|weak|limp|floppy)\b",
        r"dead arm\b",
        _BODY + r"(?: \w+)?(?: is| are| feels?| felt| has| have| still| gone| went| been| all"
        r"| keeps?| going| fell)* (?:asleep|sleep|sleeping|dead|numb|limp|floppy)\b",
        r"(?:cant|cannot|can not|unable to|couldnt)(?: even| really| properly)?"
        r" (?:grip|hold|lift|feel|grasp|move|bend|use) (?:(?:my|his|her|their|the|any|your) )?"
        r"(?:anything|things|it|objects|" + _BODY + r"|cup|mug|pen|phone|bottom|groin|lips?)\b",
        r"(?:belongs?|belonging) to someone else\b",
        r"(?:legs?|knees?)(?: \w+)? (?:gave|give|gives|giving|went) (?:way|out)\b",
        r"flopping\b",
        r"slurr(?:ed|ing)\b",
        r"(?:face|eye|eyelid|mouth|lip|smile)(?: \w+){0,2} droop(?:y|ed|s)\b",
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
        r"(?:no|lost|lost all|lose|losing|loss of|without|without any|zero)"
        r" (?:feeling|sensation)\b"
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
        r"worst (?:headache|ache)\b",
        r"thunderclap",
        r"(?:cant|cannot|can not|unable to|couldnt) (?:even )?(?:put|bear|take) (?:any )?weight",
        r"(?:hurts?|hurting|pain|aching|sore) like hell\b",
        r"worse and worse",
        r"worse (?:every|each|by the)",
        r"so bad (?:that )?(?:i |im |i am |ive )?(?:cant|cannot|crying|in tears|screaming|shaking"
        r"|sobbing|throwing up|threw up|vomiting|vomited|being sick|was sick|puked|passed out)",
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
        # "pain's an 8", "it's a 9 now": a score from 8 up, in a message that is about pain.
        r"(?:10|ten|9|nine|8|eight) (?:10|out of (?:10|ten)|outta 10|of 10)\b" + _NOT_A_SPAN,
        r"(?:pain|pains|hurts?|hurting|sore|soreness|ache|aching|agony|it|its|level|score|rating"
        r"|now)(?: (?:is|was|s|at|of|about|around|like|now|easily|solid|prob|probably|a|an"
        r"|currently|honestly|definitely|literally|already|still|at least))*"
        r" (?:8|9|10|eight|nine|ten)\b(?! (?:out of|of|outta) )" + _NOT_A_SPAN,
        r"(?:wont|will not|doesnt|does not|not) let up\b",
        r"doubled over\b(?! (?:laughing|with laughter|in laughter))",
        # A message about pain, not one rating the session ("10/10 would recommend").
        context=r"^(?!.*\b(?:recommend|recommended|rated|rate (?:the|my|this|you|her|him|them)"
        r"|stars?|service)\b).*\b(?:pain|pains|painful|hurts?|hurting|sore|soreness|ache|aching"
        r"|agony|scale|out of)\b",
    ),
    _rule(
        RedFlag.SEVERE_PAIN,
        r"(?:getting|gotten|got|gets|keeps getting|is getting) worse",
        r"worsening",
        r"(?:much|way|far|a lot|lots|even|so much|bit|getting) worse\b(?! before)",
        r"severe" + _W + r"{0,2} (?:pain|headache|ache)",
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
# A resolution later in the clause ("the tingling i had for months is gone") or at the start of the
# next one ("dizzy but it passed"); "hasnt gone away" is no resolution, "gone numb" is a new sign.
_RESOLVED = re.compile(
    r"^(?: \w+){0,8}? (?:gone|went away|stopped|passed|cleared|resolved|settled|disappeared"
    r"|vanished|eased|faded|calmed(?: right)? down|back to normal)\b"
    r"(?! (?:numb|dead|weak|limp|floppy|red|hot|worse|black|dark|grey|gray|white|pale|purple|blue"
    r"|bad|cold|stiff|swollen|yellow|green|funny|weird|strange|up|into|through|to|down|from|out"
    r"|all over)\b)"
)
_UNRESOLVED_TEXT = "not hasnt havent hadnt isnt wasnt didnt doesnt dont wont never yet"
_UNRESOLVED = frozenset(_UNRESOLVED_TEXT.split())
_FINE_AFTER = re.compile(
    r"^ ?(?:and |so )?(?:(?:then|after that|afterwards) (?:nothing|fine|ok|okay|normal|gone)"
    r"|(?:(?:im|i am|i m|its|it|all|feel|felt|was) )?(?:fine|ok|okay|good|better|normal) now"
    r"|(?:all )?back to normal)\b"
)
# "now its just stiff", "now it hovers around 2": the sign was the past this clause contrasts with.
_NOW_BETTER = re.compile(
    r"^ ?(?:and |but |so )?(?:now|nowadays|these days)(?: its| it| it is| im| i am| they| theyre"
    r"| ive| i)?(?: \w+)? (?:just|only|fine|ok|okay|better|much better|gone|nothing|barely|hardly"
    r"|mild|manageable|(?:(?:about|around|down to|at|like|more like) )?(?:an? )?[0-5])\b"
    r"(?!.*\bworse\b)"
)
# A sign that lasted seconds or minutes and was not a loss of consciousness.
_BRIEF = re.compile(
    r"^(?: \w+){0,3}? (?:for|lasted)(?: just| only)? (?:a |one |two |a few |few |a couple of"
    r" |couple of |couple )?(?:seconds?|secs?|minutes?|mins?|moment|second)\b"
)
_TOPIC = re.compile(
    r"\b(?:help|helps|treat|treats|treating|good for|work for|works for|used for|fix|cure"
    r"|risk|risks|chance|prevent|avoid|cause|causes|signs? of|symptoms? of)\b(?: \w+){0,4} $"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:what if|what happens if|if i ever|in case|will i|could i|might i|do people"
    r"|does it cause|can it cause"
    r"|is it possible|is there a chance|can you|can people|can anyone|does anyone|do you ever"
    r"|is it common|how common|how likely|chance of|risk of|can i get|can i catch"
    r"|some people|other people|most people|many people|patients"
    r"|normal to|(?:what|who) (?:should|do|would|can) (?:i|we|you|they)(?: \w+)? if"
    r"|if (?:i|you|he|she|they|we|my \w+)(?: ever| do| did| start to| happen to| suddenly)?"
    r" (?:get|gets|got|feel|feels|felt|have|has|had|start|starts|notice|notices|develop|develops"
    r"|experience|experiences|go|goes|become|becomes|am|is|are|were|was)"
    r"|people (?:can|may|might|could|sometimes|do|get|often)|read (?:online|that|about|somewhere)"
    r"|heard (?:that|about|of)|look out for|watch (?:out )?for)\b"
)
# "is infection a risk", "is fainting common": a question about the sign, not a report of it.
_QUESTION_START = re.compile(
    r"^ ?(?:so |and |just )?(?:is|are|can|could|does|do|will|would|might) $"
)
_ABOUT_SIGN = re.compile(
    r"^(?: \w+){0,3}? (?:a |an |the )?(?:risk|risks|common|rare|possible|side effects?|likely"
    r"|normal side effect)\b"
)
_ABOUT_AFTER = re.compile(r"^ (?:risk|risks|rates?|chances?|control|prevention)\b")
# Worry about a sign that has not happened: "scared i'd faint", "worried she'll bleed".
_WORRY = re.compile(
    r"\b(?:scared|afraid|worried|nervous|anxious|terrified|frightened|fear|feared|worry|worries)"
    r"(?: that)?(?:(?: (?:i|she|he|they|we|you|it|my \w+))?(?: id| would| might| could| will"
    r"| gonna| going to| was going to| of| about)| (?:id|ill|shell|hell|shed|hed|theyll|theyd"
    r"|youll|itll))(?: be| get| start)? $"
)
# The message asks whether treatment would help: weak signs then describe why they came.
_TREATMENT_QUESTION = re.compile(
    r"\b(?:will|would|could|can|does|do|might|should)(?: \w+)?(?: it| this| needling| dry needling"
    r"| the needling| needles| the needles| treatment| a session| sessions| you| physio)"
    r"(?: \w+)? (?:help|work|fix|treat|sort)\b"
    r"|\bhow many (?:sessions|treatments|appointments)\b|\bworth (?:it|trying)\b"
    r"|\b(?:is|was) (?:why|the reason) (?:i|im|we)\b"
)
# A sign placed months or years back is history, not a report: "had a fever last month".
_PAST = re.compile(
    r"^(?: \w+){0,6}? (?:last (?:month|year)|(?:\d+|a|few|a few|couple of|a couple of|several"
    r"|many) (?:months|years) ago|a (?:month|year) ago|years ago|as a (?:kid|child|teenager)"
    r"|in the past|when i was (?:young|little|a kid|a child)|for (?:years|months|ages|decades)"
    r"|(?<!than) (?:before|prior to) (?:i |we |starting|treatment|the first|my first|needling"
    r"|coming|any|all this))\b"
)
_PAST_BEFORE = re.compile(
    r"\b(?:used to|use to|last time|one time|back when|as a (?:kid|child)|years ago)\b"
)
# Said to happen elsewhere: "fainted when giving blood", "nearly fainted at the sight of needles".
_ELSEWHERE_AFTER = re.compile(
    r"^(?: \w+){0,3}? (?:when (?:giving|donating|having|getting|i (?:gave|had|saw|see|got))"
    r" (?:blood|a blood|jabs?|vaccin\w*|injections?|my bloods)|at the sight of|at the dentist"
    r"|giving blood|donating blood|(?:at|during|after) (?:a |my |the )?(?:blood (?:test|tests"
    r"|donation|draw)|vaccin\w*|jab|injection|dentist))\b"
)
# Habit, not an event: "i always get a dead arm when i sleep on it".
_HABIT = re.compile(
    r"\b(?:sometimes|usually|always|often|normally|tend to|tends to|every time i see)"
    r"(?: \w+){0,3} $"
)
# An ordinary cause given right after a mild sign: "breathless from running for the bus".
_BENIGN_CAUSE = re.compile(
    r"^(?: \w+){0,2}? (?:from|after|because of|because i|cos i|cause i|coz i|due to|as i)"
    r"(?: \w+)? (?:running|ran|rushing|rushed|exercise|exercising|gym|laughing|laughed|climbing"
    r"|stairs|sprinting|run|jogging|hurrying|skipped|skipping|hunger|workout|sleeping on|slept on"
    r"|standing up too)\b"
)
# A loss of consciousness stays urgent when it is over ("fainted, fine now"); a near-faint not.
_EVENT = re.compile(
    r"^(?:faint(?:ed)?\b|pass(?:ed)? out|black(?:ed)? out|collaps|unconscious|lost consciousness"
    r"|keeled|hit the|fell to|dropped to|slumped|crumpled|woke|out cold|everything)"
)
_NEAR = re.compile(r"\b(?:nearly|almost|about to|close to|bit|slightly|little|feel|feeling|felt)$")
# "since the needling": the sign is happening now; hypothetical and worry guards do not apply.
_ANCHOR = re.compile(
    r"\bsince (?:the|my|his|her|their|this|that|yesterday|last|having|i had|he had|she had"
    r"|they had|we had|getting)\b"
)
_BEFOREHAND = re.compile(
    r"\b(?:before|ahead of) (?:my|the|our|his|her|their) (?:very )?(?:first |next )?(?:session"
    r"|appointment|treatment|needling)\b(?! (?:yesterday|today|this|last|on (?:monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)))"
    r"|\b(?:havent|hasnt|not yet|never) (?:had|started|tried|been needled)\b"
)
_ASKS = re.compile(r"\b(?:normal|is that|is it|should|what|could|would|can|will|expect|usual)\b")
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
    whole = " ".join(clauses)
    # "asking before my first session": questions in such a message are about what may happen.
    beforehand = bool(_BEFOREHAND.search(whole))
    asks_treatment = any(_TREATMENT_QUESTION.search(c) for c in clauses)
    for position, folded in enumerate(clauses):
        following = clauses[position + 1] if position + 1 < len(clauses) else ""
        for rule in _RULES:
            if rule.context is not None and not rule.context.search(whole):
                continue
            for match in rule.pattern.finditer(folded):
                if rule.weak and asks_treatment:
                    continue
                if rule.can_be_negated and _cancelled(folded, match, following):
                    continue
                if rule.can_be_negated and beforehand and _asked_beforehand(folded, match):
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
    if _PAST.match(after) or _PAST_BEFORE.search(before) or _ELSEWHERE.match(following):
        return True
    if _ELSEWHERE_AFTER.match(after) or _ABOUT_AFTER.match(after):
        return True
    if _QUESTION_START.match(before) and _ABOUT_SIGN.match(after):
        return True
    event = bool(_EVENT.match(match.group())) and not _NEAR.search(before.rstrip())
    if not event and (
        _resolved(after)
        or _resolved(" " + following)
        or _DENIAL.match(following)
        or _FINE_AFTER.match(following)
        or _NOW_BETTER.match(following)
        or _BRIEF.match(after)
        or _BENIGN_CAUSE.match(after)
        or (_HABIT.search(before) and not _ANCHOR.search(clause))
    ):
        return True
    if _ANCHOR.search(after):
        return False
    return bool(_TOPIC.search(before) or _HYPOTHETICAL.search(before) or _WORRY.search(before))


def _asked_beforehand(clause: str, match: re.Match[str]) -> bool:
    """A question in a message sent before any session, about a sign that is no event."""
    if not _ASKS.search(clause) or _ANCHOR.search(clause):
        return False
    return not _EVENT.match(match.group())


def _resolved(text: str) -> bool:
    found = _RESOLVED.match(text)
    if found is None:
        return False
    words = found.group().split()
    return not _UNRESOLVED.intersection(words[-3:-1])
