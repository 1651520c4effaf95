"""Questions ABOUT warning signs: "what signs of infection should I watch for?".

Such a message is neither an emergency (triage finds no current symptom in it) nor a question
the articles leave uncovered: the clinic's own safety guidance answers it — what to watch for,
when to call the clinic, when to call the emergency number. This module only says which red-flag
topic a calm message is about and whether it asks what to watch for; the words of the guidance
live in the message catalog, reviewed by the clinic.
"""

from __future__ import annotations

import re

from bot.knowledge.safety.flags import RedFlag
from bot.knowledge.text import fold

_TOPICS: tuple[tuple[RedFlag, str], ...] = (
    (
        RedFlag.SELF_HARM,
        r"suicid\w*|self ?harm\w*"
        r"|(?:hurt|harm|kill)(?:ing|s)? (?:myself|himself|herself|themselves|themself)"
        r"|end(?:ing)? (?:it|my life|his life|her life|their life)|dark thoughts|low mood"
        # Said of someone else, as a carer asks: "if he talks about not wanting to be here".
        r"|(?:not|never) (?:wanting|want|wants) to (?:be here|be alive|live|wake up)"
        r"|(?:want|wants|wanting|wanted) to die|better off (?:dead|without (?:me|him|her|them))"
        r"|take (?:his|her|their|my) (?:own )?life"
        r"|dark (?:patch|place|time|period|spell)(?:e?s)?"
        r"|(?:not|didnt|dont|never) (?:wanting|want|wants|wanted) to go on"
        r"|(?:those|these|that) (?:kinds? of |sorts? of )?thoughts|mental health",
    ),
    (
        RedFlag.BREATHING,
        r"breath\w*|breathing|short of puff|puffed|lungs?|pneumothorax|wheez\w*|chest",
    ),
    (
        RedFlag.INFECTION,
        # "pus", not "push"; "nerves", not "nervous"; "numb", not "number".
        r"infect\w*|pus\b|fever\w*|temperature|redness|red streaks?|swollen|swelling|hot to the"
        r" touch|oozing|septic|(?:goes|go|gets|get|turns|turn) red|red and (?:hot|warm|swollen)"
        r"|hot and red"
        # "the red bit round the needle spot is totally gone now".
        r"|red (?:bit|patch|patches|mark|marks|area|ring|circle|blotch|blotches|rash)",
    ),
    (
        RedFlag.BLEEDING,
        # A condition or a test is no sign: "i have a bleeding disorder, can i have needling?",
        # "does it improve blood flow?" are for the articles.
        r"(?:bleed\w*|bled)\b(?! disorders?| problems? (?:like|such as))"
        r"|blood(?! (?:thinn\w*|pressure|tests?|sugars?|work|type|flow|donation|count|group|bank"
        r"|disorders?|circulation|supply))\w*"
        r"|haemorrhag\w*|hemorrhag\w*",
    ),
    (
        RedFlag.FAINTING,
        r"faint\w*|pass(?:ed|ing|in)? out|black(?:ed|ing|in)? out|dizz\w*|light ?headed|woozy"
        r"|collaps\w*",
    ),
    (
        RedFlag.NUMBNESS,
        r"numb(?!er)\w*|tingl\w*|pins and needles|nerves?\b|weakness|weak|paralys\w*|cant feel",
    ),
    (
        RedFlag.SEVERE_PAIN,
        r"severe|unbearable|excruciating|agony|worse|worsening|getting worse|too much pain"
        r"|pain(?: \w+){0,6} (?:stronger|more strong|much more)"
        r"|pain(?: \w+)? too (?:much|bad|strong)|pain levels?|(?:too|2) (?:sore|painful)"
        # "what level of pain after needling should make us phone you".
        # Not "what kind of pain is this for?": a question about treatment.
        r"|(?:level|amount|degree) of (?:pain|soreness)"
        r"|(?:kind|sort|type) of (?:pain|soreness) (?:after|afterwards|following|later)"
        # "when the pain after the session is too much", "how bad is 2 bad for pain", "if the
        # soreness isn't getting better".
        r"|(?:pain|soreness|ache)(?: \w+){0,5} (?:is|gets|becomes) too (?:much|bad|strong)"
        r"|how (?:bad|much) (?:is|does|should) (?:too|2|to) (?:bad|much)"
        # "at what point does the soreness stop being normal".
        r"|(?:pain|soreness|sore|ache)(?: \w+){0,3} (?:stop|stops) being normal"
        r"|(?:pain|soreness|ache)(?: \w+){0,4} (?:isnt|is not|not|doesnt|does not) (?:getting"
        r" better|get better|improving|improve|easing|ease)",
    ),
)
_TOPIC = [(flag, re.compile(rf"\b(?:{words})")) for flag, words in _TOPICS]
# "what should i watch for", "red flags", "when should i call someone", "what if ... later".
_WATCH = re.compile(
    r"\b(?:warning signs?|red flags?|signs? (?:of|to|that|i should|i need)|symptoms? (?:of|to"
    r" watch|i should)|watch (?:out )?for|look(?:ing)? out for|keep an eye (?:out )?(?:on|for)"
    r"|what (?:should|do|would) (?:i|we|she|he|they) do if|what (?:i|we) do if|what if|wat if"
    r"|wot if|what happens if"
    r"|in case"
    # "if my leg become weak after the needles, this is dangerous?".
    r"|(?:is (?:this|that|it)|(?:this|that|it) is) (?:dangerous|serious|an emergency)"
    r"|how (?:do|will|would) i know"
    r"|when (?:should|do|would) (?:i|we|she|he|they) (?:call|ring|phone|contact|go|worry|see|get"
    r"|be (?:concerned|worried))|when to"
    r" (?:call|worry|go|seek|get)|should (?:i|we) (?:be )?worr\w*"
    r"|at what point (?:should|do|does|would|must|is) |is it (?:serious|dangerous|an"
    r" emergency)|what counts as|what is (?:not )?normal|anything (?:to|i should) (?:watch|look"
    r"|worry)|emergency|what (?:is |s )?not normal|whats not normal"
    r"|^what not normal"
    r"|(?:which|what) (?:signs?|symptoms?)(?: \w+){0,8} (?:mean|means|worry|serious|wrong|doctor)"
    r"|means? (?:i|we|she|he) (?:should|shld|shud|need to|must|have to) (?:call|ring|contact|see"
    r"|worry|seek)"
    # "what chest symptoms after treatment should make her seek help", "what numbness or
    # weakness afterwards would mean she needs help", "when is bleeding a problem".
    r"|(?:what|which|wat) (?:\w+ ){0,6}(?:would|should|could|will|does|do) (?:mean|make (?:me|her"
    r"|him|them|us|you) (?:seek|get|call|go|phone|ring|contact|text))"
    r"|when is (?:\w+ ){1,4}(?:a problem|a worry|serious|dangerous|an emergency|too much)"
    r"|before (?:its|it s|it is|thats|that s|that is) (?:a problem|serious|a worry|dangerous"
    r"|an emergency)"
    r"|(?:what|wat|which) (?:level|amount|degree) of (?:\w+ ){0,4}(?:means?|is|would)"
    r"|(?:look|watch) (?:out )?4|when (?:i|we) (?:should|must|shud) (?:contact|call|ring|phone"
    r"|worry|go|see)|(?:seek|get) (?:medical )?help"
    # "how bad would the pain have to get before i should be ringing someone", "how long would
    # be too long before i ring".
    r"|before (?:i|we|she|he|they) (?:should|shld|need to|have to|must)(?: be)? (?:call|ring"
    r"|phone|contact)\w*|how long (?:would|is|will) be too long)\b"
)


def topic_pattern(flag: RedFlag) -> re.Pattern[str]:
    """The words that name ``flag``'s topic (over folded text)."""
    return next(pattern for topic, pattern in _TOPIC if topic is flag)


def topic_of(text: str) -> RedFlag | None:
    """The first red-flag topic a message names, in the order above (self-harm first)."""
    folded = fold(text)
    for flag, pattern in _TOPIC:
        if pattern.search(folded):
            return flag
    return None


# Asks what to do or where to turn: guidance when triage found nothing happening now ("if he
# ever talked about hurting himself, what should i do?"). Never used to read a report as a
# question: "my arm is numb, what should i do?" stays urgent.
_WHAT_TO_DO = re.compile(
    r"\bwhat (?:should|do|must|would|can) (?:i|we) (?:do|say|tell (?:them|him|her))\b"
    r"|\bwhat (?:support|help) is (?:there|available)\b"
    # "what would you recommend i do", "what i should do if", "any numbers or services".
    r"|\bwhat (?:would|do|can) you (?:recommend|suggest|advise)\b"
    r"|\bwhat (?:i|we) (?:should|must|need to|ought to) do\b"
    r"|\bwhat (?:s|is) the (?:best|right) (?:thing|way) to do\b"
    # "if i ever started having those thoughts again, what should i do, is there someone".
    r"|\bis there (?:someone|somebody|anyone) (?:at the clinic |there |here )?(?:i|we) (?:could"
    r"|can|should) (?:tell|talk to|speak to|call)\b"
    r"|\bwhere (?:would|should|could|can|do) (?:we|i) (?:go|turn) for help\b"
    r"|\b(?:support|help|crisis) (?:info|information|numbers?|lines?|services?)\b"
    r"|\b(?:any|what) (?:numbers|helplines?|services|support)(?: or (?:numbers|helplines?"
    r"|services|support))? (?:i|we) (?:should|could|can)\b"
)


def asks_what_to_do(text: str) -> bool:
    """Whether a message asks what to do or what support there is (see above)."""
    return bool(_WHAT_TO_DO.search(fold(text)))


# Asking in so many words which warning signs to look for after treatment: the clinic's general
# guidance answers it, however long the story around it ("...what sort of things should i be
# watching out for in the days after needling that would mean something's wrong?").
_WARNING_SIGNS = re.compile(
    r"\b(?:warning signs?|red flags?|(?:things|signs?|symptoms?) (?:i|we|she|he|they) (?:should"
    r"|need to|ought to) (?:be )?(?:watch|look)\w*(?: out)? for|(?:be |been )?(?:watching|looking)"
    r" out for|what (?:should|do|must) (?:i|we|she|he|they) (?:be )?(?:watch|look)\w*(?: out)? for"
    r"|what (?:i|she|he|they|we) should (?:be )?(?:watch|look)\w*(?: out)? for"
    r"|(?:which|what|wat) (?:signs?|symptoms?|things)(?: \w+){0,8} (?:mean|means|concerning"
    r"|worrying|serious|wrong)"
    # "which problems after treatment are dangerous", "how do i know if something's gone wrong",
    # "when is soreness not normal anymore", "how bad would the pain need to get before...".
    r"|(?:which|what) (?:problems?|signs?|symptoms?|reactions?)(?: \w+){0,6} (?:dangerous|serious"
    r"|emergency|hospital|a e|worry)"
    r"|(?:something|anything) (?:has |s )?gone wrong|when is (?:\w+ ){0,4}not normal"
    r"|(?:would|could|might) (?:mean|indicate) (?:that )?(?:something|anything) (?:is |s )?"
    r"(?:actually |really )?wrong"
    r"|(?:what|which|wat) (?:\w+ ){1,4}(?:is|are|s) not normal"
    r"|(?:what|wat) (?:level|amount|kind|sort|type) of (?:\w+ ){0,4}(?:means?|would mean|is too)"
    r"|not normal any ?more|how bad (?:\w+ ){0,12}(?:before|until|till)"
    # "when pain after needles is too much and i must call you?".
    r"|when (?:\w+ ){0,6}(?:is |gets |becomes )?too (?:much|bad|strong) (?:and|that|so) (?:i|we)"
    r" (?:must|should|need to|have to|ought to) (?:call|ring|contact|phone|see)"
    r"|(?:signs?|symptoms?)(?: \w+){0,4} (?:watch|look) (?:out )?for"
    # "which side effects are actually bad vs normal?".
    r"|(?:side ?effects?|reactions?)(?: \w+){0,3} (?:bad|serious|dangerous|worrying|concerning)"
    # "which side effects are serious enough to phone about", "what chest symptoms afterwards
    # would be serious", "at what point does the soreness stop being normal".
    r"|(?:which|what) (?:\w+ )?(?:side ?effects?|signs?|symptoms?|reactions?)(?: \w+){0,4}"
    r" (?:serious|bad|worrying) enough"
    r"|(?:what|which) (?:\w+ ){0,6}(?:would|could|might) be (?:serious|dangerous|a worry|worrying"
    r"|an emergency|a problem)"
    r"|(?:stop|stops|stopped) being normal"
    r" (?:vs|versus|or|and|compared)\b"
    # "at what point does the soreness become a reason to call the clinic", "how much bleeding
    # is normal vs call-someone bleeding", "which side effects should our staff report to you",
    # "what level of pain should make me insist he calls you".
    r"|(?:become|becomes|be|is|a|the) reason to (?:call|ring|contact|phone|worry|see|go)"
    r"|(?:normal|ok|okay|fine) (?:vs|versus|or) (?:\w+ ){0,3}(?:call|calling|worry|worrying"
    r"|dangerous|serious|bad|emergency)"
    r"|(?:which|what) (?:side ?effects?|reactions?|problems?|symptoms?)(?: \w+){0,6}"
    r" (?:report|tell you|call|ring|ambulance)"
    r"|(?:what|which) (?:level|amount|degree) of (?:\w+ ){0,4}(?:should|would|means?)"
    r" (?:\w+ ){0,4}(?:call|ring|insist|contact|worry|see)"
    # "when bleeding after needling should be reported", "what numbness or weakness after
    # needling should we report", "when's pain worth calling about?", "when i need to call".
    r"|(?:when|what|which) (?:\w+ ){0,8}should (?:we |i |be )?report(?:ed)?"
    r"|worth (?:calling|ringing|phoning|a call|reporting|worrying)(?: about)?"
    r"|when (?:i|we) (?:need to|must|should|have to) (?:call|ring|phone|contact)"
    r")\b"
)


def asks_about_warning_signs(text: str) -> bool:
    """Whether a message asks in so many words which warning signs to look for (see above)."""
    return bool(_WARNING_SIGNS.search(fold(text)))


def asks_what_to_watch_for(text: str) -> bool:
    """Whether a message asks about warning signs or what to do if something happens."""
    return bool(_WATCH.search(fold(text)))


# A sign placed in a question about the future or a condition: "if i get short of breath later",
# "what does an infected spot look like", "how would i know", "chest pain later?".
# "later" after a duration ("5 hours later", "three days later") is the past, not a what-if.
_LATER = (
    r"(?<!hours )(?<!hour )(?<!days )(?<!day )(?<!hrs )(?<!hr )(?<!weeks )(?<!week )(?<!mins )"
    r"(?<!min )(?<!minutes )(?<!minute )(?<!secs )(?<!seconds )later"
)
_FRAME = re.compile(
    r"\bif\b(?: \w+){0,12}? (?:"
    + _LATER
    + r"|tonight|this evening|tomorrow|in the next|in a few|after"
    r" (?:some|a few|a couple)|next (?:few )?(?:days?|week|time)|again|over the weekend|at night"
    r"|in (?:a|the) (?:days?|weeks?))\b"
    r"|\bif (?:i|it|my|the|she|he|they|we|one|place|spot|area|skin|blood|bleeding|somebody"
    r"|someone|a person|anyone|you)\b(?: \w+){0,12}? (?:what"
    r" (?:should|do|must|would|can)|do i|should i|who do|who should|is that|is it|when|how long"
    r"|call|ring|go to|worry|problem|bad|normal|what then|then what)\b"
    r"|\bhow (?:would|do|will|can|could) (?:i|we|you|she|he) (?:know|tell)\b"
    # "he wants to know how he'd tell if chest pain afterwards was serious".
    r"|\bhow (?:hed|shed|id|theyd|youd|wed) (?:know|tell)\b"
    # "wat if i pass out after?".
    r"|\b(?:what|wat|wot) if (?:i|you|he|she|they|we)\b(?: \w+){1,8}? (?:after|afterwards)$"
    r"|\b(?:what|wat|wot) (?:does|do|would|will) (?:an? |the )?\w+(?: \w+){0,3} look like\b"
    # "which kind of chest pain is dangerous", "at what point should i worry", "when i must
    # worry", "is chest tightness after needling something to worry about".
    r"|\b(?:which|what) (?:kind|sort|type|kinds|sorts|types) of (?:\w+ ){0,5}?(?:is|are|would"
    r"|counts?|should|means?)\b"
    r"|\bat what point (?:should|do|would|must|is|does) \w+\b"
    # "chest pain: when worry?".
    r"|\b(?:when|wen) (?:to |should i |do i |must i )?(?:worry|be worried|get help)$"
    r"|\bwhen (?:(?:i|we) )?(?:must|should)(?: (?:i|we))? (?:worry|be worried|start to worry"
    r"|call|ring|get help|see (?:a|the) doctor|go to (?:a |the )?(?:doctor|hospital|er|a e))\b"
    r"|^(?:is|are) (?!(?:my|this|that|it|these|those|mine|his|her)\b)(?:\w+ ){1,5}?(?:something"
    r"|anything) to (?:worry|be worried) about\b"
    r"|\b(?:which|what) (?:signs?|symptoms?|problems?)\b|\b(?:signs?|symptoms?)$"
    # "is breathing stuff a risk w needling near the chest?", "wat would it even feel like".
    r"|^(?:\w+ )?(?:is|are) (?:\w+ ){1,4}(?:a )?(?:risk|danger)s? (?:w|with|of|from|after|when"
    r"|for)\b"
    r"|\b(?:what|wat|wot) (?:would|does|will|might) (?:it|that|this|one) (?:even |actually )?"
    r"(?:feel|look) like\b"
    r"|\b(?:counts? as|considered) (?:abnormal|not normal|an emergency)\b"
    # "if after needles in the back i have difficulty to breathe, what i must do?", "what she
    # should do if a needle spot keeps bleeding", "is chest pain after dn ever a thing?".
    r"|\bif\b(?: \w+){1,14}? (?:what (?:i|we) (?:must|should|do|can|need to)|what (?:must"
    r"|should|do|can) (?:i|we)|who (?:do|should) (?:i|we)|should (?:i|we)|do (?:i|we) (?:call|ring"
    r"|go))\b"
    r"|\bwhat (?:(?:i|she|he|they|we|you|one) )?(?:should|must|would|can|need to|needs to|has to"
    r"|have to|ought to) (?:(?:i|she|he|they|we) )?do (?:if|when|in case)\b"
    r"|\b(?:is|are|does|do|can|could) (?:\w+ ){1,6}ever (?:a thing|happen|happens|common|normal"
    r"|serious)\b"
    # "could needling ever make my pain worse?": a question about a risk.
    r"|\b(?:could|can|would|might|will|does) (?:dry )?(?:needling|it|this|the needles?|treatment)"
    r" (?:ever|possibly|sometimes) (?:make|cause|give|lead to)\b"
)
# "how much pain is too much?", "when is it too long?": a frame only in a clause that asks ("the
# pain is too much, very severe" is a report).
_ASKED_FRAME = re.compile(
    r"\bhow (?:much|long|bad)\b(?: \w+){0,6}? (?:too|before|until|till)\b"
    # "how dizzy is too dizzy?", "how red is too red".
    r"|\bhow (\w+) (?:is|s|would be|gets?) (?:too|2) \1\b"
    r"|\btoo (?:much|long|sore|painful|bad)\b"
)
_ASKING = re.compile(r"^(?:\w+ ){0,3}?(?:how|when|what|whats|wondering|wonder|is it|is there)\b")
# Asking whether a sign is serious is no frame for a clause that reports it: "my chest is really
# tight like someone sitting on it, should i be worried".
_CONCERN = re.compile(
    r"\b(?:should i (?:be )?worr\w*|is (?:it|this|that) (?:serious|dangerous|an emergency|bad"
    r"|normal)|(?:something|anything) to worry about)\b"
)
# "chest pain later?": a time to come at the end frames a question only when asked ("he's got a
# fever tonight" is a report).
_TIME_AFTER = re.compile(r"\b(?:" + _LATER + r"|tonight|next time|in the next few days)$")
# A clause that reports how things are now: "my arm is numb", "it's bleeding since this morning".
_PRESENT = re.compile(
    r"\b(?:i have|ive got|i got|i am|im|i feel|i think i|feels?|feeling|is|are|has|have been"
    r"|started|keeps?|wont|since|right now|rn|at the moment|currently|now|still|been"
    r"|mine (?:does|is|has)|getting worse|gettin worse)\b"
)
_CLAUSE = re.compile(r"(?<=[.!?;])\s+|\n+|\s+but\s+", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|in case|incase|what if|wat if)\b")
# A clause saying the sign asked about has befallen the writer: "is it normal to black out
# after needling? it happened to me twice this afternoon", "that's what's happening to me".
_BEFELL = re.compile(
    r"\b(?:it|this|that|thats|that s|which|what s|whats)(?: just| has| has just| s| is| keeps?"
    r"| already)? (?:happened|happening|happens|happen) to me\b"
    r"|\b(?:it|this|that) (?:just |has |has just |already )?happened (?:twice|again|once|\w+ times"
    r"|today|tonight|this (?:morning|afternoon|evening)|just now|earlier|an hour ago)\b"
    r"|\b(?:and|because|cos|coz|cause) (?:it s|its|it is|that s|thats) (?:me|happening)"
    r"(?: right)? now\b"
)


def is_warning_question(text: str) -> bool:
    """A calm question about a warning sign ("what if", "how would I know", "signs of"), with
    no clause that reports the sign as happening now. Self-harm is never judged here."""
    clauses = [(clause, fold(clause)) for clause in _CLAUSE.split(text)]
    if not any(_framed(clause, folded) for clause, folded in clauses):
        return False
    if any(_BEFELL.search(folded) for _, folded in clauses):
        return False
    mentioned = False
    for clause, folded in clauses:
        if not folded or topic_of(clause) is None:
            continue
        mentioned = True
        head = _CONDITION.split(folded, maxsplit=1)[0]
        if (
            head != folded
            and topic_of(head) is not None
            and _TELLS.search(head)
            and not _asks(head)
        ):
            # "i cant breathe properly, if it gets worse should i call 999?": the sign is
            # reported before the condition; only what may come next is asked about.
            return False
        if _framed(clause, folded, reporting=bool(_TELLS_NOW.search(folded))):
            continue
        if _TELLS_NOW.search(folded) or "?" not in clause:
            return False
    return mentioned


def _asks(folded: str) -> bool:
    """Whether folded words ask about a sign rather than tell it ("is chest pain normal",
    "what should i do")."""
    return bool(
        _ASKING.match(folded)
        or _FRAME.search(folded)
        or _ASKED_FRAME.search(folded)
        or _WATCH.search(folded)
        or _YES_NO.match(folded)
    )


# A verb that tells, in words before a condition: "i cant breathe properly", "bleeding a lot";
# "numbness in hand after neck needle, if it happen" names a topic and tells nothing.
_TELLS = re.compile(_PRESENT.pattern + r"|\b(?:cant|cannot|couldnt|wont|\w+ing|\w+ed)\b")
# The same in a clause that asks no more than whether to worry: verbs that tell, not the "-ing"
# of a sign's name ("breathing problem?", "chest pain or fainting?").
_TELLS_NOW = re.compile(
    _PRESENT.pattern + r"|\b(?:cant|cannot|couldnt|wont|hurts|aches|bleeds|throbs|stings|burns"
    r"|fainted|passed out|going up|spreading|spread|(?:hard|difficult|painful) to"
    r"|when i (?:breathe|breath|move|walk|stand|cough))\b"
)
_YES_NO = re.compile(r"^(?:\w+ ){0,2}(?:is|are|does|do|can|could|will|would|should)\b")


def _framed(clause: str, folded: str, *, reporting: bool = False) -> bool:
    """Whether a clause asks about a sign rather than reports it: a future or conditional
    frame, a question about what to watch for, or a time to come at the end of a question. For
    a clause that also reports (``reporting``), asking whether it is serious is no frame."""
    asking = "?" in clause or bool(_ASKING.match(folded))
    if _FRAME.search(folded) or (asking and _ASKED_FRAME.search(folded)):
        return True
    if "?" in clause and _TIME_AFTER.search(folded):
        return True
    watch = _WATCH.search(_CONCERN.sub(" ", folded) if reporting else folded)
    return bool(watch)


# Asking ahead about one's own mind: "if I ever start having thoughts of hurting myself, who can
# I contact? I'm okay right now". The clinic's reviewed guidance on it (crisis line, emergency
# number) answers; only an unmistakable frame about the future and a request for help qualify.
_MIND_AHEAD = re.compile(
    r"\b(?:(?:if|in case) (?:\w+ ){0,3}(?:ever|at any point|one day|some day|someday)"
    r"|should i ever"
    r"|if (?:i|it) (?:\w+ )?(?:start|started|starts|get|got|gets) (?:to )?(?:having|feeling"
    r"|feel|have|the point|so)|in (?:the )?future"
    # "i've had dark periods in the past ... if that happens again during my treatment".
    r"|if (?:that|it|this|they) (?:ever )?(?:happens?|comes? back|returns?|starts?) again)\b"
)
_HELP_ASKED = re.compile(
    r"\b(?:who (?:can|could|should|do|would) i (?:even |actually |best )?(?:contact|call|ring"
    r"|talk to|speak to|reach out to"
    r"|text|go to)|what (?:should|do|would|can|must) i do|where (?:can|could|should|would|do) i"
    r" (?:go|get|find|turn|call)|where i (?:can|could|should|must) (?:go|get|find|turn|call)"
    r"|is there (?:a |any )?(?:number|someone|somebody|anyone|helpline"
    r"|line|service|support)|(?:a |any )?(?:number|helpline) (?:i can|to) (?:call|ring|text|save)"
    r"|who (?:is|would be) (?:the )?(?:best|right) (?:person|people) to)\b"
)
# Said to be now, or ongoing: then it is no question about the future.
_MIND_NOW = re.compile(
    r"\b(?:right now (?!(?:i m|im|i am) (?:ok|okay|fine|good|alright))(?:i|im|i m|i am) (?:feel"
    r"|have|want|think)|tonight|already|again|lately|these days|been having|been thinking|keep"
    r" having|keep thinking|at the moment i (?:feel|have|want))\b"
)


def asks_ahead_about_own_mind(text: str) -> bool:
    """A question about what to do if thoughts of self-harm ever came, asked ahead (see
    above): answered with the clinic's guidance, not as a report. Anything said to be now or
    ongoing keeps it urgent."""
    folded = fold(text)
    return bool(
        _MIND_AHEAD.search(folded)
        and _HELP_ASKED.search(folded)
        and not _MIND_NOW.search(_AGAIN_AHEAD.sub(" ", folded))
    )


# "if i ever start feeling like i don't want to be here again": "again" in a condition about
# the future is the past returning, not the thoughts now.
_AGAIN_AHEAD = re.compile(
    r"\b(?:if|in case|should)(?: \w+){0,3} ever(?: \w+){1,12}? again\b"
    r"|\bif (?:that|it|this|they) (?:ever )?(?:happens?|comes? back|returns?|starts?) again\b"
)
