"""Clause status: is a sign a current report, or negated, resolved, history, hypothetical?"""

from __future__ import annotations

import re

_NEGATOR_TEXT = """no not never without didnt dont doesnt havent hasnt isnt wasnt arent werent nor
none zero nothing hardly aint neither"""
_NEGATORS = frozenset(_NEGATOR_TEXT.split())
# Words that deny a sign outright ("no chest pain", "haven't had any pins and needles"); not
# "without" ("can't climb the stairs without stopping to breathe") nor "hardly".
DENIERS = _NEGATORS - {"without", "hardly"}
# A resolution later in the clause ("the tingling i had for months is gone") or at the start of the
# next one ("dizzy but it passed"); "hasnt gone away" is no resolution, "gone numb" is a new sign.
_RESOLVED = re.compile(
    r"^(?: \w+){0,12}? (?P<word>gone|went (?:straight |right )?away|stopped|passed|cleared"
    # "numbness went after an hour": went away, said short.
    r"|went(?= (?:after|within|overnight|by itself|on its own|once|as soon as|when the needle"
    r"|the moment)\b)"
    r"|resolved|settled|disappeared|vanished|eased|faded|calmed(?: right)? down|back to normal"
    # "after some minutes it finish": the sign, not the treatment, is what finished.
    r"|finished|(?<=\bit )finish|wore off|worn off)\b"
    r"(?! (?:numb|dead|weak|limp|floppy|red|hot|worse|black|dark|grey|gray|white|pale|purple|blue"
    r"|bad|cold|stiff|swollen|yellow|green|funny|weird|strange|up|into|through|thru|to|down|from"
    # "gone so numb", not "gone so i'm happy".
    r"|out|all|a bit|a little|quite|very|really|so(?! (?:i|im|i m|we|that|now|glad|happy))"
    r"|sweaty|clammy|blotchy|tingly|pale|wobbly|fuzzy"
    r"|blurry|hazy|dim|muffled|weird|heavy|tight|past|way|well|quiet|silent|beyond|further"
    r"|bigger|over the"
    # "it's gone right across", "gone all round my thigh": spread, not resolved.
    r"|right|across|everywhere|round|around|along|halfway|half way"
    # "we've stopped him driving": someone stopped, not the sign.
    r"|him|her|them|me|us)\b)"
)
_UNRESOLVED_TEXT = (
    "not hasnt havent hadnt isnt wasnt didnt doesnt dont wont never yet cant cannot couldnt unable"
)
_UNRESOLVED = frozenset(_UNRESOLVED_TEXT.split())
_FINE_AFTER = re.compile(
    r"^ ?(?:and |so )?(?:(?:its|it is|it|im|i am|theyre|they are) )?(?:getting better|improving"
    r"|easing(?: off)?|settling(?: down)?)\b"
    r"|^ ?(?:and |so )?(?:(?:then|after that|afterwards) (?:nothing|fine|ok|okay|normal|gone)"
    r"|(?:(?:im|i am|i m|its|it|all|feel|felt|was) )?(?:way |much |loads |a lot |so much )?"
    r"(?:fine|ok|okay|good|gd|better|normal|sorted) now"
    r"|(?:all )?back to normal)\b"
    r"|^ ?(?:all |long |since )?(?:sorted|resolved|fixed|cleared|healed)"
    r"(?: now| since| long ago)?$"
    # "screaming ... but they feel so loose now".
    r"|^ ?(?:and |but |so )?(?:(?:it|they|its|theyre|it s|they re) )?(?:feels?|felt|is|are)"
    r" (?:so |really |much |way |a lot |loads )?(?:loose|looser|better|great|amazing|brand new)"
    r" now\b"
)
# "now its just stiff", "now it hovers around 2": the sign was the past this clause contrasts with.
_NOW_BETTER = re.compile(
    r"^ ?(?:and |but |so )?(?:now|nowadays|these days)(?: its| it| it is| im| i am| they| theyre"
    r"| ive| i)?(?: \w+)? (?:just|only|fine|ok|okay|better|much better|nothing|barely|hardly"
    # "and now he's gone quiet and pale": a change for the worse, not a sign gone.
    r"|gone(?! (?:very |really |all |a bit |so )?(?:quiet|pale|grey|gray|white|blue|cold|clammy"
    r"|floppy|limp|dizzy|numb|weak|red|purple|sweaty|hot|funny|strange|weird|vacant|silent"
    r"|drowsy|sleepy|confused|off|down|worse"
    # "now its gone up to my shoulder too": spread, not gone.
    r"|up|into|to|right|across|everywhere|further|round|around|along))"
    r"|mild|manageable|(?:(?:about|around|down to|at|like|more like) )?(?:an? )?[0-5])\b"
    r"(?!.*\bworse\b)"
    # "pain was unbearable. not anymore."
    r"|^ ?(?:but |and )?(?:not|no) (?:any ?more|any more|no more|now|these days|nowadays)$"
)
# A sign that lasted seconds or minutes and was not a loss of consciousness.
_BRIEF = re.compile(
    r"^(?: \w+){0,3}? (?:for|lasted)(?: just| only| like| about| around| maybe)? (?:a |one |two "
    r"|three |four |five |ten |fifteen |twenty |thirty |\d+ |a few |some "
    r"|few |a couple of |couple of |couple )?(?:seconds?|secs?|minutes?|mins?|moment|second)\b"
)
_TOPIC = re.compile(
    r"\b(?:help|helps|treat|treats|treating|good for|work for|works for|used for|fix|cure"
    r"|risk|risks|chance|prevent|avoid|cause|causes|signs? of|symptoms? of|asks? about|asking"
    r"|side effects?(?: like| such as| including| of)?|mentions?|mentioned|talks? about"
    r"|versus|vs|notes? on|list of|questions? about|box for|section on"
    r"|(?:said|says|mentioned|mentions)(?: something| a bit| stuff| a lot)? about"
    # "wat signs mean the needle spot is infected?".
    r"|(?:what|wat|wot|which) (?:signs?|symptoms?) (?:mean|means|show|shows|tell)(?: you| me)?"
    r"|(?:and|or|plus|also) (?:something|stuff|a bit|bits) about"
    # "i'd read a bit online about collapsed lungs", "i know about".
    r"|(?:read|reading|heard|know|knew|learned|learnt|googled|researched|looked up)(?: \w+){0,3}"
    r" about"
    # "i read in the leaflet that chest pain ... should be reported", "the form asks about".
    r"|(?:leaflet|sheet|form|website|booklet|handout|aftercare notes?)(?: \w+){0,3} (?:says?|said"
    r"|mentions?|mentioned|asks?|asked|lists?|listed|that))\b(?: \w+){0,4} $"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:what if|wat if|wot if|what happens if|what would happen if|if i ever|in case|will i"
    r"|suppose|supposing|imagine|lets say|let s say"
    r"|could i|might i|would i|do people"
    # "his brother said it can cause numbness in the arm": what needling may do, in general.
    r"|\b(?:can|could|may|might|will|does|do) (?:\w+ )?(?:cause|give you|lead to|result in)"
    r"(?: \w+)?(?= $)"
    # "could it bleed a lot?", "could the needles near my shoulder blade ever collapse a lung":
    # a clause that opens by asking what needling might do.
    r"|^(?:so |and |but )?(?:could|can|might|will|would|does|do) (?:it|this|that|needling|dry"
    r" needling|the needles?|the needle (?:spots?|sites?)|the spots?|the sites?)\b"
    # Not "can it be normal that i'm still bleeding": asked of what is happening.
    r"(?! (?:be|been|have been|really be|still|normally)\b)"
    # "i swear if i see another spreadsheet i'll faint": a consequence of a condition.
    r"|\bif\b(?: \w+){1,6} (?:ill|i ll|i will|id|i d|i would|i might|i may)(?= $)"
    # "my wife's worried that because i'm on aspirin i might bleed a lot".
    r"|\b(?:worried|scared|afraid|nervous|concerned|asking|wondering|wants to know)(?: \w+){0,8}"
    r" (?:i|she|he|they|we|you) (?:might|could|would|will|may)(?= $)"
    # "i'm quite nervous about needles and i'd hate to pass out".
    r"|\b(?:hate|afraid|scared|terrified|worried|nervous|dread\w*) (?:to|of|about|that i"
    r" (?:might|will|would|could|ll))(?= $)"
    # "at her age she's more likely to bruise or feel faint".
    r"|\b(?:more|less) likely to"
    # "is it poss to pass out", "wondering if the needles could make me bleed a lot".
    r"|\bis it poss?\b"
    # "she'd like to know if the needling makes her feel faint".
    r"|\bif (?:the needl\w*|needling|dry needling|it|the needles?|the treatment|the session)"
    r" (?:makes?|leaves?|gets?) (?:me|him|her|them|you)(?: feel| go| get| feeling)?(?= $)"
    # "i'm on blood thinners, is that going to make me bleed a lot?".
    r"|\b(?:is|will|would|could|might|can) (?:that|it|this|they|needling|the needles?|the \w+)"
    r" (?:going to|gonna|likely to|ever) (?:make|leave|cause|give) (?:me|him|her|them|you)(?= $)"
    r"|\b(?:if|whether) (?:the needles?|needling|dry needling|it|they|that|this) (?:could|might"
    r"|would|will|can) (?:make|leave|cause|give) (?:me|him|her|them|you)?"
    # "cld i get like an infection from the needles??".
    r"|\b(?:cld|cud|could|can|might) i (?:get|catch)\b"
    # "you said to report if it got worse, and it didn't".
    r"|\b(?:report|tell (?:you|u)|let (?:you|u) know|call|ring|contact|message|text)(?: \w+){0,3}"
    r" if (?:it|the \w+|things|anything|my \w+)(?= $)"
    # "i'm on aspirin, does that mean i'll bleed a lot when you do the needles".
    r"|(?:does|would|will) (?:that|this|it) mean (?:that )?(?:ill|i will|i might|i may|i could"
    r"|i would|id|i am going to|im going to|im gonna)(?: \w+)?"
    r"|(?:would|will|could|might) (?:she|he|they|my \w+)"
    r"|does it cause|can it cause"
    r"|is it possible|(?:^| )is possible|is there a chance"
    # "she wants to know if she might bleed a lot", "can u get an infection from it?".
    r"|(?:if|whether) (?:she|he|they|i|you|we) (?:might|could|would|will)"
    r"|can u(?! (?:call|ring|phone|text|message|help|please|pls|tell|send|get back|advise"
    r"|come|check|see me))"
    # "i was wondering if it's possible to get an infection from the needles".
    r"|(?:its|it is|it s|it) possible (?:to|that|you|i|for)"
    r"|(?:could|cud|cld|can|might|would|will) (?:the |my |a |that |this )?(?:needle )?(?:spot|site"
    r"|mark|hole|area|point) (?:get|become|go)"
    # "if i will have very strong pain after", "if one day i have the fever".
    r"|if (?:i|you|he|she|they|we) (?:will|would|should) (?:have|get|feel|be)"
    r"|if (?:one day|some day|someday|ever) (?:i|you|he|she|they|we)"
    # "can you get...", not "can you call me back".
    r"|can you(?! (?:call|ring|phone|text|message|help|please|pls|tell|send|get back|advise"
    r"|come|check|see me))"
    r"|can people|can anyone|does anyone|do you ever"
    # "can you tell me what an infection would look like".
    r"|what (?:an?|the)(?= $)"
    r"|is it common|how common|how likely|chance of|risk of|can i get|can i catch"
    r"|some people|other people|most people|many people|patients"
    r"|normal to|(?:what|who) (?:should|do|would|can) (?:i|we|you|they)(?: \w+)? if"
    r"|if (?:i|you|he|she|they|we|my \w+|the \w+)(?: ever| do| did| start to| happen to"
    r"| suddenly)?"
    r" (?:get|gets|got|feel|feels|felt|have|has|had|start|starts|started|notice|notices|develop"
    r"|develops|experience|experiences|go|goes|become|becomes|am|is|are|were|was)"
    r"|people (?:can|may|might|could|sometimes|do|get|often)|read (?:online|that|about|somewhere)"
    r"|heard (?:that|about|of)|look out for|watch (?:out )?for|any chance|what are the chances"
    r"|heard (?:that )?(?:\w+ ){0,3}(?:can|could|may|might|sometimes)"
    # An instruction read: "your leaflet says to call if any bleeding won't stop".
    r"|(?:call|ring|phone|contact|seek help|come back|go to a e)(?: \w+){0,3} if"
    r"|if im|(?:could|can|would|will|might|does) (?:the |dry )?(?:needling|needles?|it|this|that)"
    r" make (?:me|you|him|her|people|someone|my|your)\b"
    r"|(?:could|cud|cld|can|would|will|might) (?:the |dry )?(?:needl\w*|it|this|that)(?: \w+){1,5}"
    r" (?:n |and )?make (?:me|my|you|your|him|her)\b"
    r"|hypothetically|(?<!\bi )suppose|supposing|lets say|in the event"
    # "if i started bleeding at home, would pressing be enough": the sign's own verb follows.
    r"|(?<!sure )(?<!know )(?<!wondering )(?<!wonder )(?<!unsure )(?<!asking )\bif (?:i|you|he"
    r"|she|they|we)(?: ever| suddenly| later| then)?(?= $)"
    r"|^ ?(?:so |ok |okay |and |but |hmm )?say (?:i|you|we|he|she|my \w+) (?:get|got|have|had|feel"
    r"|felt|start|notice)"
    r"|\bif (?:after|during|later|tomorrow|tonight|at home)(?: \w+){0,3} (?:i|you|he|she|they|we)"
    r" (?:get|feel|have|start|notice)"
    # "asks at what temperature a fever would be worth calling about".
    r"|(?:at )?what (?:temperature|temp|point|stage|level)"
    r"|keep an eye (?:out )?(?:for|on)|how (?:do|would|will|can|could) (?:i|we|you)"
    r" (?:know|tell)"
    r"|(?:something|anything|things?|signs?) (?:that )?(?:i |we |you )?(?:should|need to|must"
    r"|ought to|would|to) (?:be )?(?:worr(?:y|ied)|concerned) about"
    r"|(?:said|says|told me|warned me|mentioned) (?:that )?(?:i|you|we)"
    r" (?:might|may|could|would))\b"
)
# "is infection a risk", "is fainting common": a question about the sign, not a report of it.
_QUESTION_START = re.compile(
    r"^ ?(?:so |and |just )?(?:is|are|can|could|does|do|will|would|might) $"
)
_ABOUT_SIGN = re.compile(
    r"^(?: \w+){0,3}? (?:a |an |the )?(?:risk|risks|common|rare|possible|side effects?|likely"
    # "is breathlessness after needling a thing?".
    r"|thing|known thing|real thing|common thing"
    r"|normal side effect|ever (?:normal|ok|okay|fine|serious|dangerous|a (?:worry|concern"
    r"|problem|bad sign)))\b"
)
# Asking how a sign shows: "what does an infected needle site look like", "how would a
# collapsed lung feel".
_WHAT_DOES = re.compile(
    r"\b(?:what|how) (?:does|do|would|will|should|might|could) (?:an? |the |my |your )?$"
)
_LOOKS_LIKE = re.compile(r"^(?: \w+){0,3} (?:look|looks|feel|feels|present|show) (?:like)?\b")
_WORD_REST = re.compile(r"^\w+")
_ABOUT_AFTER = re.compile(
    # "chest pain: when worry?": when to worry about it, asked.
    r"^ (?:when|wen) (?:to |should i |do i |must i )?(?:worry|be worried|call|ring|phone|get"
    r" help)\b|"
    # "it said something about infection signs": the sign's name, as a heading.
    r"^ (?:risk|risks|rates?|chances?|control|prevention|signs|symptoms|warning signs)\b"
)
# Worry about a sign that has not happened: "scared i'd faint", "worried she'll bleed".
_WORRY = re.compile(
    r"\b(?:scared|afraid|worried|nervous|anxious|terrified|frightened|fear|feared|worry|worries"
    r"|convinced|paranoid)"
    r"(?: that)?(?:(?: (?:i|she|he|they|we|you|it|my \w+|the needles?|needling|the needling"
    r"|the treatment|the session))?(?: id| would| might| could| will"
    r"| gonna| going to| was going to| of| about)| (?:id|ill|shell|hell|shed|hed|theyll|theyd"
    r"|youll|itll))(?: be| get| start| give me| cause| leave me with)?(?: the| any| that| this"
    r"| some| an| a)? $"
    # "worried about everything to do with hearts and chest pain", "i don't want to cause any
    # problems or end up with huge bruises".
    r"|\b(?:worried|scared|anxious|nervous|paranoid) about (?:everything|anything) (?:to do with"
    r"|related to|involving)(?: \w+){0,4}? $"
    r"|\b(?:dont|do not|wouldnt|would not) want to(?: \w+){0,8}? (?:end up with|end up|get"
    r"|have)(?: any| a| an| the| some)? $"
)
# The message asks whether treatment would help: weak signs then describe why they came.
TREATMENT_QUESTION = re.compile(
    r"\b(?:will|would|could|can|does|do|might|should)(?: \w+)?(?: it| this| needling| dry needling"
    r"| the needling| needles| the needles| treatment| a session| sessions| you| physio)"
    r"(?: \w+)? (?:help|work|fix|treat|sort)\b"
    r"|\bhow many (?:sessions|treatments|appointments)\b|\bworth (?:it|trying)\b"
    r"|\b(?:is|was) (?:why|the reason) (?:i|im|we)\b|\b(?:thats|that is|which is) why (?:i|we)\b"
    r"|\b(?:can|could|may|should) (?:\w+ ){0,3}(?:have|get|do|make|try|book) (?:the |a )?"
    r"(?:dry )?needling\b"
    r"|\bis (?:it|dry needling|needling) (?:allowed|safe|ok|okay|suitable) for\b"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Times long past, wherever they stand: the history rules below and someone else's story.
_LONG_AGO = (
    r"(?:years|yrs|yr) (?:ago|back)|(?:a )?long time ago"
    # A year written out is a year past: "had chest pain 2019, sorted".
    r"|(?<![\d.,])(?:19[5-9]\d|20[01]\d|202[0-5])(?![\d.,]| (?:steps|ml|mg|calories|kcal"
    r"|metres|meters|m|km|feet|ft|words|times|people|patients|pounds|dollars)\b)"
    r"|last (?:month|year|yr|summer|winter|spring|autumn|christmas)|in (?:19|20)\d\d"
    # "i've fainted a couple of times in my life" (not "never felt pain like this in my life").
    r"|(?:once|twice|(?:a couple of|a few|several|two|three|many|\d+) times) in my life"
    r"|when (?:i|he|she|they|we) (?:was|were) (?:like |about |around |only |just )?(?:\d+|a kid"
    r"|a child|child|a kid|kid|little|young|a teenager|a baby|in school|at school)"
    # "when i was in my twenties", "down the mines in the eighties".
    # "i had pneumonia two winters ago".
    r"|(?:two|three|four|five|a few|several|many|\d+) (?:winters|summers|springs|autumns"
    r"|christmases) (?:ago|back)"
    r"|in (?:my|his|her|their|our) (?:early |late |mid )?(?:teens|twenties|thirties|forties"
    r"|fifties|sixties|20s|30s|40s|50s|60s)"
    r"|in the (?:sixties|seventies|eighties|nineties|60s|70s|80s|90s)"
)
# A sign placed months or years back is history, not a report: "had a fever last month".
_PAST = re.compile(
    r"^(?: \w+){0,6}? (?:" + _LONG_AGO + r"|(?:\d+|a|few|a few|couple of|a couple of|several"
    r"|many) (?:months|years) ago|a (?:month|year) ago"
    r"|as an? (?:kid|child|teenager|teen|baby|toddler)|as (?:kid|child|teenager|teen)"
    r"|in the past|when i was (?:young|little|a kid|a child|\d+|a teenager|at school|pregnant)"
    r"|for (?:years|months|decades)"
    # "really bad back pain for maybe eight years": long-standing, the reason for treatment.
    r"|for (?:maybe |about |around |over |nearly |almost |like |roughly |the (?:past|last) )?"
    r"(?:\d+|a few|few|several|many|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)"
    r" (?:years|yrs|decades)|back in (?:\d{4}|the day|school|college|uni|" + _MONTHS + r")"
    r"|(?:years|months|ages) back"
    # "had pneumonia in march" (not "in may", which is also a verb).
    r"|in (?:january|february|march|april|june|july|august|september|october|november"
    r"|december)"
    # "short of breath after my session in march": a visit placed in a named month.
    r"|(?:session|appointment|treatment|visit|needling) (?:back )?in (?:" + _MONTHS + r")"
    # "woozy in the waiting room last wk": not "since last week", "for the last week".
    r"|(?<!since )(?<!from )(?<!the )(?<!this )last (?:week|wk|weekend)"
    r"|(?:the )?(?:weekend|week) before last|a fortnight ago"
    # "in absolute agony before xmas".
    r"|before (?:xmas|christmas|easter|the summer|the holidays|new year|the new year)"
    r"|(?<!than) (?:before|prior to) (?:i |we |starting|treatment|the first|my first|needling"
    r"|coming|any|all this))\b"
)
# "the worst i've ever had, worse than when i dislocated it years ago": the past is the yardstick.
_COMPARED = re.compile(r"^(?:\w+ ){0,2}(?:than|compared (?:to|with))\b")
_ONCE_AFTER = re.compile(
    r"^(?: \w+){0,3}? (?:once|one time|1 time)(?: before| or twice| only| in my life)?$"
    # "did faint one time when mi was pickney".
    r"|^(?: \w+){0,3}? (?:once|one time|1 time) (?:when (?:i|mi|me) was|when (?:they|the|a|my"
    r"|someone|somebody|we) (?:took|did|gave|had|drew|were|was)|as a (?:kid|child)"
    r"|years ago|back)\b"
)
_PAST_BEFORE = re.compile(
    r"\b(?:" + _LONG_AGO + r"|used to|use to|last time|one time|back when|as a (?:kid|child)"
    r"|in (?:my )?childhood|(?:when i was|back) in my (?:teens|twenties|thirties|forties|fifties"
    r"|sixties|\d0s|youth|younger days)|back in (?:\d{4}|the day|(?:high |secondary |primary )?"
    r"school|college|uni|university"
    r"|" + _MONTHS + r")"
    r"|before (?:\w+ )?years|before (?:my|the) (?:very )?first (?:session|appointment|treatment"
    r"|needling|visit|one|time)|before i (?:started|began|ever had|came to you|first came"
    r"|started coming|started seeing|saw you|was referred)"
    r"|(?:\d+|two|three|a few|few|several|many) (?:years|months) (?:ago|back|before|earlier)"
    r"|remember (?:when|that time|the time|how)|back in (?:twenty|nineteen) \w+"
    r"|^before (?:i|we) (?:had|was|felt|got)\b(?!.*\b(?:now|since|today|still)\b)"
    r"|when i (?:first |1st )?came in|when i (?:first|1st) (?:came|started|saw you|walked in"
    r"|visited|rang|called|contacted|booked|got in touch|met you)"
    r"|when i started (?:coming|seeing you|treatment|the needling|needling|here))\b"
)
# The time before treatment began, told after the sign: "had pins and needles in my hand before i
# started seeing you guys".
_BEFORE_TREATMENT_AFTER = re.compile(
    # Not a comparison: "far worse than anything i had before i started treatment".
    r"^(?: (?!than\b|worse\b|more\b)\w+){0,5}? before (?:i|we) (?:(?:started|began)"
    r" (?:seeing|coming|having|treatment|the needling|needling|physio|with you)|first came"
    r"|ever (?:came|had|started))\b"
)
# Said to happen elsewhere: "fainted when giving blood", "nearly fainted at the sight of needles".
_ELSEWHERE_AFTER = re.compile(
    r"^ (?:with|around|near|at the sight of|when i see) (?:needles|blood|injections)\b"
    r"|^(?: \w+){0,3}? (?:when (?:giving|donating|having|getting|i (?:gave|had|saw|see|got))"
    r" (?:blood|a blood|jabs?|vaccin\w*|injections?|my bloods)|at the sight of|at the dentist"
    r"|giving blood|donating blood|(?:at|during|after) (?:a |my |the |his |her |their )?(?:flu"
    r" |covid |tetanus )?(?:blood (?:test|tests"
    r"|donation|draw)|vaccin\w*|jab|injection|dentist)"
    # "fainted getting my ears pierced at 14".
    r"|(?:when )?(?:getting|having|got|had) (?:my |his |her )?(?:ears?|nose|belly button|tongue)"
    r" (?:pierced|done)|(?:when )?(?:getting|having|got|had) (?:a |my )?(?:tattoo|piercing))\b"
)
# Habit, not an event: "i always get a dead arm when i sleep on it".
_HABIT = re.compile(
    r"\b(?:sometimes|usually|always|often|normally|tend to|tends to|every time i see)"
    r"(?: \w+){0,3} $"
)
# An ordinary cause given right after a mild sign: "breathless from running for the bus".
_BENIGN_CAUSE = re.compile(
    r"^(?: \w+){0,4}? (?:(?:before|without) (?:i d |id |i had |having |eating )?(?:eaten|eating"
    r"|breakfast|lunch|food|anything to eat)|when i (?:run|ran|go running|jog|exercise|climb)"
    r"|(?:from|because of|due to) (?:the )?(?:nerves|nervousness|anxiety|being nervous"
    r"|sitting|sat|crossing my legs))\b"
    r"|^(?: \w+){0,2}? (?:from|after|because of|because i|cos i|cause i|coz i|due to|as i)"
    r"(?: \w+)? (?:running|ran|rushing|rushed|exercise|exercising|gym|laughing|laughed|climbing"
    r"|stairs|sprinting|run|jogging|hurrying|skipped|skipping|hunger|workout|sleeping on|slept on"
    r"|hadnt eaten|had not eaten|didnt eat|did not eat|not eaten|hadnt had|not eat|no breakfast"
    r"|skipped breakfast|empty stomach"
    r"|(?:leg|arm|chest|back|shoulder) day|spin|spin class|class|training|the match|a match"
    r"|park ?run|parkrun|race|marathon|half marathon|ride|game"
    r"|netball"
    r"|football|hiking|the hike|a hike|a run|my run|the run"
    r"|standing up too)\b"
)
_PREVIOUS_VISIT = re.compile(
    r"^(?: \w+){0,2}? (?:at |during |after )?(?:my |the )?(?:last|previous) (?:visit|session"
    r"|appointment|appt|treatment|time)\b"
)
# A loss of consciousness stays urgent when it is over ("fainted, fine now"); a near-faint not.
_EVENT = re.compile(
    r"^(?:faint(?:ed)?\b|pass(?:ed)? out|black(?:ed)? out|collaps|unconscious|lost consciousness"
    r"|keeled|hit the|fell to|dropped to|slumped|crumpled|woke|out cold|everything)"
)
# "felt kinda faint", "went a bit faint": feeling faint, not a faint.
_NEAR = re.compile(
    r"\b(?:nearly|almost|about to|close to|bit|slightly|little|feel|feeling|felt|kinda|kind of"
    r"|sorta|sort of|quite|pretty|rather|abit|very|really|super)$"
)
# "kinda passed out at the bus stop": a hedge on a loss of consciousness is still one; only
# "nearly" and its kin make it a near miss.
_ALMOST = re.compile(r"\b(?:nearly|almost|about to|close to)$")


def _near_miss(before: str, sign: str) -> bool:
    """The words before an event make it a feeling or a near miss, not the event."""
    if sign.startswith("faint"):
        return bool(_NEAR.search(before))
    return bool(_ALMOST.search(before))


# "since the needling": the sign is happening now; hypothetical and worry guards do not apply.
_ANCHOR = re.compile(
    r"\bsince (?:the|my|his|her|their|this|that|yesterday|last|having|i had|he had|she had"
    r"|they had|we had|getting)\b"
)
BEFOREHAND = re.compile(
    r"\b(?:before|ahead of) (?:my|the|our|his|her|their) (?:very )?(?:first |next )?(?:session"
    r"|appointment|appt|treatment|needling)\b(?! (?:yesterday|today|this|last|on (?:monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)))"
    r"|\b(?:havent|hasnt|not yet|never) (?:had|started|tried|been needled)\b"
    # "before we start needling my upper back on monday".
    r"|\bbefore (?:we|i|you) (?:start|begin|have|get|do)(?: \w+)? (?:needling|the needling"
    r"|dry needling|treatment|the treatment|sessions?)\b"
)
_ASKS = re.compile(
    r"\b(?:normal|is that|is it|should|what|could|would|can|will|expect|usual)\b"
    # "she'd like to know: if the needling makes her feel faint, can i sit with her?".
    r"|\b(?:know|wondering|asking|ask|wonder) (?:if|whether)\b"
)
_ELSEWHERE = re.compile(
    r"^ ?(?:does|can|could|would|will) (?:that|this|it) (?:happen|occur)(?: \w+)?"
    r" (?:with|from|during|after|because of) (?:dry )?(?:needling|needles|the needles)\b"
)
# Said later in the message: it passed ("i was fine in five minutes", "no problems since",
# "hasn't come back", "now it is all fine", "a chest infection that's clearing up").
_RESOLVED_LATER = re.compile(
    # Not "a lady was asking if i was okay": someone asking is no answer.
    r"(?<!if )(?<!whether )\b(?:i|it|was|and|n) (?:was|were|felt)"
    r" (?:totally |completely |absolutely |perfectly )?(?:fine|grand"
    # "it was fine before the needles" is the baseline, not the sign passing.
    r"|ok|okay|better|good|normal|back to normal)\b(?! (?:before|until|till|prior|this morning"
    # "it was fine the first day": how it began, not how it ended.
    r"|(?:on )?the first (?:day|night|evening|morning)|at the start|to begin with|initially"
    r"|on day (?:one|1)"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)"
    r"|earlier|yesterday|last night|at first|when i woke|this afternoon"
    # "it was fine leaving the clinic", "fine when i left": how it was then, not now.
    r"|leaving|when (?:i|we) left|as (?:i|we) left|walking out|on the way (?:home|out)"
    r"|at the time|in the clinic|at the clinic|during))"
    r"|\bno (?:problems?|issues?|trouble|symptoms?) since\b|\b(?:none|nothing|never) since\b"
    # "had a lil dizzy spell ... but was fine after a sip of water".
    r"|(?:\b(?:but|and|then) |^ ?)(?:was|felt) (?:totally |completely |perfectly )?(?:fine|ok"
    r"|okay|better|good|normal) (?:after|again|once|within|by)\b"
    r"|\b(?:been|felt|was|were|is|s) (?:totally |completely |absolutely |perfectly )?(?:fine|ok"
    r"|okay|good|great|normal|well|alright|all right|clear|sweet|grand|golden|sound)"
    r"(?: (?:w|with|around) needles| every time| each time)? (?:ever )?since\b"
    r"|\b(?:havent|have not|hasnt|has not|not|never) (?:had|been) (?:any |a )?(?:trouble|problems?"
    r"|issues?|symptoms?|bother|recurrence|episodes?|repeats?)(?: \w+){0,2} since\b"
    r"|\bnow no (?:problems?|issues?|trouble|symptoms?|pain)\b"
    # "had a biscuit n im grand now", "sat down and was fine after".
    r"|\b(?:im|i m|i am)(?: totally| completely| absolutely| perfectly| all)? (?:fine|grand|ok"
    r"|okay|good|alright|all right|better) now\b"
    # "and it's been fine all day".
    r"|\b(?:its|it s|it has|it|s|has) been (?:totally |completely |perfectly )?(?:fine|ok|okay"
    r"|good|normal) (?:all (?:day|evening|night|week|afternoon|morning)|ever since)\b"
    r"|\b(?:totally|completely|fully|entirely) (?:gone|settled|cleared|resolved|disappeared)\b"
    r"|\bwent back to normal\b|\b(?:it|that) went (?:away )?(?:completely|totally)\b"
    # "only lasted about ten minutes and then went away completely", "it stop after one minute".
    r"|\b(?:then|and) went away(?: completely| totally| fully| on its own)?\b"
    # Not "it stop in the middle": a breath cut short, not a sign over.
    r"|(?<!if )(?<!wont )(?<!doesnt )(?<!dont )\bit stop (?:after|in|within)\b"
    r"(?! the (?:middle|half)| half)"
    # "i drink water and it pass", "it went in like 20 min": over, in other words.
    # Not "should i wait to see if it pass?": a hope, not an end.
    r"|(?<!if )(?<!whether )(?<!until )(?<!till )(?<!til )(?<!when )(?<!for )\b(?:it|that|this)"
    r" pass\b"
    r"|(?<!if )(?<!whether )(?<!until )(?<!till )(?<!til )(?<!when )\b(?:it|that|this|they)"
    r" (?:went|passed|cleared|settled|wore off|faded|was gone|eased)"
    r"(?: away| off)? (?:in|after|within) (?:like |about |around |maybe |only |just )?(?:\d+"
    r"|a few|few|some|a couple of|ten|five|twenty|thirty) ?(?:min|mins|minutes|seconds|secs"
    r"|hours?|hrs?)\b"
    r"|\b(?:didnt|did not|hasnt|has not|havent|have not) happen(?:ed)? (?:at all|again)\b"
    r"|^ ?(?:and |but )?(?:all |totally |completely )?(?:fine|ok|okay|good|normal|great)"
    r" (?:ever )?since\b"
    # "haven't had one in like 3 yrs".
    r"|\b(?:havent|hasnt|not|never) (?:had|been|felt)(?: one| any| it| that| them)?"
    r" (?:in|for) (?:like |about |over |nearly |almost )?(?:\d+|a few|few|many|several|two|three"
    r"|four|five|ages|years|yrs|months)\b"
    r"|\b(?<!otherwise )(?<!other than that )(?<!apart from that )everything (?:is |s |was )?"
    r"(?:fine|ok|okay|good|normal)\b"
    r"|\b(?:surgeon|doctor|gp|consultant|nurse|specialist) (?:said|says|told me) (?:that|it|this)"
    r"(?: s| is| was)? (?:normal|expected|nothing to worry about|fine)\b"
    r"|\b(?:the |your )?(?:needling|treatment|session)(?: \w+){0,5}? (?:was|were) (?:amazing"
    r"|brilliant|fantastic|magic|a miracle|a game changer)\b"
    r"|\bturned out (?:to be|it was) (?:just |only )?(?:reflux|heartburn|indigestion|muscular|a"
    r" (?:pulled |strained )?muscle|anxiety|a panic attack|nothing|gas|wind)\b"
    r"|\b(?:doctor|gp|nurse|pharmacist|antibiotics?|surgeon|surgery|operation|specialist"
    r"|consultant) (?:sorted|cleared|fixed|cured) (?:it|that)\b"
    r"|\b(?:gone|fine|clear|normal|nothing) ever since\b"
    r"|\bright as rain\b|\bgood as new\b|\bback to (?:my )?(?:normal|old) self\b"
    r"|\b(?:got )?sorted (?:it )?out (?:fine|quickly|in the end)\b"
    r"|\b(?:its|it s|it is|all|all been|been) sorted(?: now| out)?\b"
    # "hasn't come back" is over for a sign, not for what the sign took: "the feeling hasn't
    # come back" is numbness still there.
    r"|\b(?<!feeling )(?<!sensation )(?<!strength )(?<!power )(?<!grip )(?<!movement )"
    r"(?:hasnt|has not|havent|have not|didnt|did not) come back\b|\bnever came back\b"
    # "otherwise all good": the rest is fine, not the sign.
    r"|\b(?<!otherwise )(?<!other than that )(?<!apart from that )(?<!besides that )"
    r"(?:totally|completely|perfectly|all) (?:fine|normal|ok|okay|good)(?: now)?\b"
    r"|\bnow (?:it |its |it is |is |im |i am |i feel )?(?:all |much |so much )?(?:fine|finish\w*"
    r"|over|gone|better|normal|good)\b"
    # "now it's gone past the line i drew" has spread further.
    r"(?! (?:past|beyond|over|up|into|through|bigger|worse|further|wider|redder|right round)\b)"
    # "should i come down off the roof" is no fever coming down.
    # "the purple has gone down past my ankle" is spreading, not settling.
    # "tingling going down from my back to my foot" travels; it does not settle.
    r"|\b(?:clearing up|cleared up|cleared|dropped from"
    r"|(?<!go )(?<!goes )(?<!going )(?<!went )(?<!gone )(?<!run )(?<!runs )(?<!running )"
    r"(?<!ran )(?<!shoot )(?<!shoots )(?<!shooting )(?<!shot )(?<!travel )(?<!travels )"
    r"(?<!travelling )(?<!traveling )(?<!spread )(?<!spreads )(?<!spreading )(?<!move )"
    r"(?<!moves )(?<!moving )(?<!radiates )(?<!radiating )(?<!all the way )down from"
    # "must have gone down for a few seconds" is a faint, not a swelling settling.
    r"|(?<!must have )(?<!might have )(?<!i )(?<!ive )(?<!he )(?<!she )"
    r"gone down(?! (?:past|to|towards?|into|my|the|below|onto|over|round|around|for|like)\b)"
    r"|(?<!i )(?<!we )(?<!you )come down) ?"
    r"|\b(?:was|were|came back|all) (?:all )?clear\b"
)
# Said a clause or two further on, in words that leave no doubt it is over: "he got me lying
# down, i had a cup of tea and was right as rain", "by friday it had completely settled".
_SETTLED_BEYOND = re.compile(
    r"\b(?<!before )(?:right as rain|good as new|back to (?:my )?(?:normal|old) self"
    r"|(?:had|has|have|it|its|they|theyre|it s|was|were|is|all) (?:\w+ )?(?:completely|totally"
    r"|fully|entirely) (?:settled|gone|cleared|disappeared|passed|resolved|fine|normal|better)"
    r"|(?:was|were|felt|feel|i am|im|i m) (?:totally|completely|absolutely|perfectly)"
    r" (?:fine|normal|ok|okay|well)|(?:none|nothing|never) since"
    # "they check the heart, everything is normal, it was from the muscles".
    r"|everything (?:is|was|s|came back|looked|looks) (?:normal|fine|ok|okay|clear)"
    r"|no (?:problems?|issues?|trouble|symptoms?) since"
    # "i pressed on it for a minute and it stopped and hasn't bled since".
    r"|(?:hasnt|has not|havent|have not|hadnt|had not) (?:bled|happened|come back|returned"
    r"|recurred|been back)(?: again)?(?: \w+){0,2} since"
    r"|(?:gone|fine|clear|normal|nothing) ever since"
    r"|(?:it|its|it s|they|theyve|that|which) (?:\w+ )?(?:passed|settled|cleared|went away"
    r"|resolved|disappeared) (?:completely|totally|fully|entirely)"
    r"|(?:felt|been|was|were) (?:totally |completely |perfectly )?(?:fine|normal|ok|okay|well)"
    r" (?:for|in) (?:the |all the )?(?:\w+ )?(?:days|weeks|hours) since"
    r"|^ ?(?:and |but )?(?:all |been |totally )?(?:fine|normal|ok|okay|good) (?:ever )?since)\b"
)
# Said right after a question about a sign: the sign is going on ("is it normal to be short of
# breath? it started an hour after and still not go away").
_PERSISTS = re.compile(
    r"\bstill (?:not|hasnt|havent|isnt|there|going|here|bad|happening)\b"
    r"|\b(?:not|hasnt|havent|wont|doesnt|didnt|isnt) (?:go|gone|going|went) away\b"
)
# The sign, not the patient, come back: "it's come back twice since" ("come back" alone is a
# visit: "should i come back next week").
_COME_BACK = r"(?:its|it s|it|it has|has|have|they ve|theyve|they have|its just|it just) come back"
# "it came back and has been normal since": what returned is the feeling, normal ever since.
_NORMAL_SINCE = r"(?!(?: \w+){0,4} (?:normal|fine|ok|okay|good)(?: ever)? since\b)"
_STILL_BAD = re.compile(
    r"\b(?:worse|again"
    # "back" of the body ("the spot on my back") or of a posture ("lie back down") is no return.
    r"|(?<!my )(?<!the )(?<!his )(?<!her )(?<!their )(?<!your )(?<!lower )(?<!upper )(?<!mid )"
    r"(?<!sore )(?<!stiff )(?<!bad )(?<!lie )(?<!lay )(?<!laid )(?<!lying )(?<!sit )(?<!sat )"
    r"(?<!sitting )(?<!lean )(?<!leaned )(?<!leant )"
    r"back(?! (?:to (?:normal|my normal|my old self|my usual)|home|down)\b)"
    + _NORMAL_SINCE
    + r"|still(?! (?:ok|okay|fine|safe|good|alright|allowed|possible))"
    r"|(?:returned|came back|coming back)" + _NORMAL_SINCE + r")\b(?<!come back)"
    # "it eased off but it's come back twice since": the sign's return, not a visit.
    r"|\b" + _COME_BACK + r"\b"
)
# "never came back" says it is over: not a return.
_NEVER_BACK = re.compile(
    r"\b(?:never|not|hasnt|havent|didnt|did not|has not) (?:came|come) back\b"
)
# Figures of speech: "numb to needles", "can't breathe a word", "nearly fainted at the price".
# "the boss has been breathing down my neck": said of breathing only, not "bleeding down my
# neck".
_DOWN_MY_NECK = re.compile(r"^ down (?:my|his|her|our|their) necks?\b")
_IDIOM_AFTER = re.compile(
    # "going to pass out from boredom": the sign's own word ("out") may stand before the figure.
    r"^\w*(?: out)? (?:on (?:my|his|her|their) feet"
    # "i couldnt breathe just watching it": a fright at the screen.
    r"|just (?:watching|reading|listening to|thinking about) (?:it|that|this|them)\b"
    # "lowkey passed out on the couch watching netflix": asleep.
    r"|on (?:the|my) (?:couch|sofa|settee) (?:watching|in front of)\b"
    # "dead to the world", "knocked her out cold, she slept ten hours".
    r"|to the world|(?:cold )?(?:(?:she|he|i|they) )?(?:slept|sleeping|snoring|sleep like)"
    r"|(?:cold )?(?:the )?(?:best|great|good|deep|deepest) (?:sleep|nap|kip)"
    r"|all (?:week|day|morning|night) (?:waiting|wondering)"
    r"|waiting (?:for|to)|(?:to|about) (?:hear|know|see)"
    r"|to (?:needles|it|them|the needles|pain|that|the (?:idea|thought|whole)|mondays?"
    r"|monday mornings|mornings|work|everything|it all|stress|the news)|a word"
    r"|at the (?:price|bill|cost|invoice|views?|scenery|sight of (?:the )?(?:view|sea|mountains)"
    r"|sunset)|(?:from|with) (?:happiness|joy|excitement|laughing|laughter|delight)"
    # "the drummer nearly passed out laughing", "died laughing".
    r"|laughing|with laughter|from laughing"
    r"|to the (?:pain|needles|needle|sight|cold|feeling) of\b"
    r"|(?:from|of) (?:the )?(?:sheer |utter |pure )?boredom"
    r"|to the (?:chaos|noise|stress|madness|drama|news|criticism)"
    r"|and (?:buried|gone)\b"
    r"|to (?:the |all the |my )?(?:worry|worries|fear|fears|anxiety|nerves)\b"
    r"|to (?:the|my) (?:\w+ )?pain (?:over|after|for|by)\b"
    r"|to (?:the|all the|those|these) (?:\w+ ){0,2}(?:jokes|comments|talk|remarks|questions"
    r"|banter)\b"
    r"|to all (?:this|that|the|of (?:it|this|that))\b|to (?:this|that) (?:\w+ )?(?:talk|stuff|chat"
    r"|drama|noise|business|news)"
    # "nearly fainted when i saw the bill".
    r"|(?:when|after|once) (?:i |we |he |she )?(?:saw|seen|see|got|read|opened|heard|looked at)"
    r" (?:the|my|that|this|our) (?:\w+ ){0,2}?(?:price|prices|bill|cost|costs|invoice|receipt"
    r"|quote|total|fees?|amount|statement)\b"
    # "nearly fainted when i saw what parking costs".
    r"|(?:when|after|once) (?:i |we |he |she )?(?:saw|seen|see|heard|found out|read)"
    r" (?:what|how much) (?:\w+ ){0,3}(?:costs?|charges?|prices?|fees?)"
    r"|at (?:every|each) (?:turn|corner|view|bend)"
    # "nearly fainted at the thought", "legs are dead, but in a good way".
    r"|at the (?:thought|idea|prospect|mere thought)"
    # "cant feel my legs lmao (in a good way)".
    r"|(?:(?!not\b|no\b)\w+ ){0,4}?in a (?:good|nice) way"
    # "the boss has been breathing down my neck", "suffocatingly hot", "numb to the cold",
    # "driving me to the point of collapse".
    r"|(?:hot|warm|humid|muggy|stuffy|close) (?:out|today|in here|outside|weather)"
    r"|to the cold"
    # "collapsing on stage covered in fake blood", "faints in act two".
    r"|on stage|in (?:the |a |our )?(?:play|show|panto|pantomime|rehearsal|scene)|in act \w+"
    # "i couldn't breathe watching that last over": suspense.
    r"|watching (?:that|the|this) (?:last|final|match|game|penalt\w*|shoot ?out|ending|finale"
    r"|over|innings|race|fight|episode)"
    # "gone numb from the neck up watching the cricket": bored, not numb.
    r"|from the neck up"
    # "can't breathe through his nose with this cold": a blocked nose.
    r"|(?:through|thru|out of) (?:my|his|her|their|the|one) (?:nose|nostrils?)"
    # "nearly fainted when i saw how much better my neck moves".
    r"|(?:when|after) (?:i |we )?(?:saw|seen|heard|read|found out|realised|realized)"
    r" (?:how|what|that) (?:much |well |good |great |far |cheap |expensive |little |long |big )"
    r"|(?:from|with) (?:the )?(?:stress|tension|excitement)"
    r"|laughing|with laughter|(?:from|with|in) (?:shock|surprise|relief|fright|fear|nerves"
    r"|terror|panic|excitement|the nerves|sheer fright))\b"
)
# A thing, not a person, as the subject: "the printer has collapsed", "the tent collapsed".
_THING_BEFORE = re.compile(
    r"\b(?:printer|computer|laptop|system|server|website|tent|deal|market|economy|plans?"
    r"|heat|heatwave|weather|humidity|traffic|office|room|air|atmosphere|crowd|bus|train"
    r"|roof|bridge|wall|shelf|chair|table|network|business|company|project|government|talks"
    r"|scaffolding|fence|cake|souffle|sandcastle|stocks?|shares|defence|defense|season"
    r"|signal|wifi|internet|inbox|wallet|bank account|budget|bank balance|overdraft"
    # A bake: "my choux collapsed, my custard split"; a stage: "fake blood everywhere".
    r"|choux|pastry|pastries|bread|loaf|meringues?|sponge|pudding|trifle|custard|eclairs?"
    r"|pavlova|gazebo|trampoline|bouncy castle|fake|pretend|stage|halloween"
    # "red jam oozing everywhere".
    r"|jam|sauce|syrup|cheese|filling|ketchup|gravy|icing|caramel|chocolate|lava|glue|paint"
    # A part played: "lay there pretending to be unconscious", "cast as the victim who collapses".
    r"|pretending to be|pretended to be|pretend to be|playing dead|the victim who"
    r"|(?:cast|playing|play|played) (?:as )?the (?:\w+ )?(?:victim|casualty|corpse|body|patient)"
    r"(?: who)?)"
    r"(?: (?:has|had|have|just|is|was|totally|completely|finally|then"
    r"|a|an|like a|like an|such an?|basically|literally))* $"
)
_LAUGHED_BEFORE = re.compile(
    r"\b(?:laugh\w*|giggl\w*|cracking up|cried laughing) so(?: (?:hard|much))?(?: \w+){0,6} $"
    # "watched a horror film last night and nearly fainted": a fright on screen.
    r"|\b(?:watch\w*|saw|seeing) (?:a |the |that )?(?:\w+ )?(?:film|movie|show|episode|match|game)"
    r"(?: \w+){0,4} (?:and )?(?:i )?(?:nearly|almost|practically) $"
    # "the new horror movie had me screaming n nearly fainting".
    r"|\b(?:film|movie|show|episode|game|series|season|match|horror|thriller|book|finale)s?"
    r" (?:\w+ )?"
    r"(?:had|has|got|left) (?:me|us)(?: \w+){0,4} $"
    # "the prices in the supermarket now are making me faint".
    r"|\b(?:bill|bills|price|prices|cost|costs)(?: \w+){0,4} (?:(?:are|is|was|were) )?(?:making"
    r"|make|makes|made) (?:me|us)"
    r"(?: \w+){0,2} $"
    # "the kids are driving me to the point of collapse".
    r"|\bto the point of $"
    # "this heat can make a stone faint": a saying.
    r"|\b(?:make|makes|made|making) (?:a|the) (?:stone|rock|statue|saint|horse|camel|elephant)"
    r" $"
    # "some of those essays made my eyes bleed".
    r"|\b(?:made|make|makes|making) my (?:eyes|ears) $"
    # "i'm ready to collapse on the sofa": tired at the end of a day, not "fainted on the sofa".
    r"|\bready to $"
    # "the exam results were so bad i nearly fainted", "we scored in the ninety third minute i
    # nearly fainted": a shock at news or a match.
    r"|\b(?:results?|grades?|marks|scores?|news|exams?|match|game|final)(?: \w+){0,3} (?:so|that)"
    r" (?:bad|good|close|tense|awful|terrible|shocking)(?: that)? (?:i|we) (?:nearly|almost"
    r"|practically|basically|just about) $"
    r"|\b(?:scored|won|lost|equali[sz]ed|penalt\w*|last minute|final whistle|injury time"
    r"|(?:\w+ )?minute (?:winner|goal|equali[sz]er))(?: \w+){0,6} (?:i|we) (?:nearly|almost"
    r"|practically|basically|just about) $"
    # "my boss is giving me chest pains with this new rota".
    r"|\b(?:boss|manager|job|work|rota|kids|exams?|traffic|commute|landlord|team|class|tax"
    r"|mortgage|news|bills?|in laws|inlaws)(?: \w+){0,2} (?:is|are|s|was|were|keeps?|kept)?"
    r" ?(?:giving|gives|gave|give) (?:me|us|him|her)(?: a| an)?(?: literal)? $"
    # "that film was so scary i couldn't breathe", "this playlist slaps so hard i can't breathe",
    # "my singing was so bad it gave her chest pains".
    r"|\b(?:scary|funny|hilarious|tense|intense|exciting|good|slaps|slapped|bad|awful|terrible)"
    r" so hard (?:i|we|it) $|\b(?:so|too) (?:scary|funny|hilarious|tense|intense|exciting|good"
    r"|gripping|addictive) (?:that )?(?:i|we)(?: literally| actually| genuinely| honestly)? $"
    r"|\bso bad (?:that )?it gave (?:her|him|me|them|us) $"
    # "just saw the invoice and nearly fainted": a shock at a price, told before the figure.
    r"|\b(?:bill|bills|price|prices|cost|costs|invoice|quote|receipt|total|fees?)(?: of \w+)?"
    r" (?:made|makes|nearly made|almost made|had) (?:me|us)(?: \w+){0,2} $"
    # "just saw the invoice and nearly fainted": a shock at a price, told before the figure.
    r"|\b(?:saw|seen|see|got|opened|read|looked at|checked) (?:the|my|that|this|our) (?:price"
    r"|prices|bill|cost|costs|invoice|receipt|quote|total|fees?|statement)(?: \w+){0,3}"
    r" (?:and )?(?:i )?(?:nearly|almost|practically|basically|just about) $"
)
_UNRELATED = re.compile(r"\b(?:unrelated|not related|nothing to do with)\b")
# Someone else's story and a question whether it could happen to the patient: "my friend felt
# faint after hers, will that happen to me?", "my dad had a punctured lung, could I get that?".
# The people around a patient, one list for every rule that asks whose story a sign is.
_RELATIONS = (
    r"(?:friend|mate|sister|brother|mum|mom|mam|dad|father|mother|grandma|gran|nan|nana|grandad"
    r"|grandpa|aunt|auntie|uncle|cousin|colleague|coworker|neighbour|neighbor|boss|husband|wife"
    r"|partner|son|daughter|kid|child|teen|teenager|boy|girl|boyfriend|girlfriend|fiance"
    r"|fiancee|flatmate|housemate|roommate|teammate|workmate|relative|gf|bf|hubby|missus|cusin"
    r"|cuz|buddy|granny|grandmother|grandfather|grandson|granddaughter|toddler|baby|little one"
    r"|niece|nephew|stepson|stepdaughter|stepmum|stepdad|dog|cat|puppy|kitten|pet|horse|sis"
    r"|teacher|coach|trainer|client|customer|student|parent|manager|supervisor|foreman"
    # "my roomie", "bestie", "my bandmate", "father in law", "an apprentice on site".
    r"|roomie|bestie|bff|best friend|(?:band|class|room|house|team|gym|uni|school|running|flat"
    r"|ship|play)mate|(?:mother|father|brother|sister|son|daughter) in law|in laws|apprentice"
    r"|grandkids?|grandchild|grandchildren|co (?:teacher|worker|worker)|fella|m8|m8s"
    r"|technician|lab tech|tech"
    # Family words patients use in other languages: "my tita who lives with us".
    r"|tita|tito|lola|lolo|abuela|abuelo|oma|opa|nani|dadi"
    # "my little lad", "the wee one", "our youngest", "the bairn".
    r"|lad|lass|laddie|bairn|wee one|kiddo|youngest|eldest|oldest|hubs|wifey"
    # "my lil one", "one of the other residents".
    r"|lil one|lil un|little un|lil man|residents?"
    # Animals on a farm or in a home: "my collie tore his paw", "one of the ewes".
    # Not "calf" nor "lab": a calf is the patient's own as often as a farm's.
    r"|collie|spaniel|terrier|labrador|greyhound|pup|ewe|lamb|sheep|cow|heifer|bullock|mare"
    r"|foal|pony|goat|pig|chicken|parrot|rabbit|bunny|hamster|guinea pig"
    r"|sheepdog|sheep dog|lurcher|beagle|pug|dachshund|alsatian|westie|retriever|poodle|whippet)"
)
_SOMEONE_ELSE = re.compile(
    # Not a simile: "like someone's got a red hot poker in it".
    r"\b(?<!like )(?<!as if )(?<!as though )(?:" + _RELATIONS + r"|someone|somebody|guy|bloke"
    r"|a lady|a woman|a man|people"
    r"|(?<!the )others"
    r"|bro|dude|lad|buddy|pal|one (?:woman|man|guy|lady|person)"
    # "one of the veterans collapsed on court three", "one of the older chaps said".
    r"|one of (?:the|our|my) (?:older |other |younger |new )?(?:veteran|player|lad|guy|girl|lady"
    r"|ladies|women|men|member|runner|kid|student|parent|staff|regular|patient|customer|chap"
    r"|bloke|fella|volunteer|teacher|nurse|worker|swimmer|climber|rider|dancer)"
    r"|another (?:woman|man|guy|lady"
    r"|person))s?\b"
    r"(?: \w+){0,8}? (?:had|has|got|gets|felt|said|says|say|fainted|passed out|ended up|went"
    r"|once|was|reckons|reckoned|swears|swore|claims|claimed|told me|nearly|almost|developed"
    r"|sayin|saying|telling|told (?:her|him|them|us)|is having|has had|has been|suffers|suffering"
    r"|is suffering|is on|having"
    r"|have|take|go|tell me|tells me|telling me|been"
    r"|needed|panics|panicked|did|collapsed|get|been admitted|admitted|was admitted|rushed"
    # "his wife's gone into labour" (the possessive folds away).
    r"|gone"
    # "bf cut his finger makin dinner", "tore his pec benching", "my wife is feeling dizzy".
    r"|cut|burnt|burned|sliced|tore|torn|twisted|sprained|snapped|broke|hurt|is feeling|feels"
    r"|feeling"
    # "my brother in law ... woke up with his arm numb", "my colleague keeps getting chest pains".
    r"|woke|wakes|keeps|kept"
    # "my dad's in hospital with chest pains", "my daughter fell off her bike".
    r"|(?:is |s )?in (?:hospital|the hospital|a ?&? ?e|a and e|the er|icu|intensive care)"
    r"|was taken|got taken|fell|is off|off with|down with|came down with|caught|split|cut|ran"
    r"|broke|burnt|burned|sprained|twisted|banged|bumped|scraped|grazed|slipped|tripped|crashed"
    r"|took|bleeds|bruises"
    # "mate of mine from footy tore his hamstring", "my brother did his knee".
    r"|tore|torn|pulled|injured|snapped|dislocated|did (?:his|her|their)|sliced|slashed|gashed"
    r"|chopped"
    # "mum's feverish", "my husband cannot breathe well since some days".
    r"|feverish|sick|ill|unwell|poorly|cant|cannot|can not|couldnt"
    # "missus is laid up w flu", "my cat won't stop wheezing".
    r"|is laid up|s laid up|laid up|wont stop|won t stop|will not stop"
    r"|on (?:warfarin|blood thinners|thinners|apixaban|rivaroxaban|eliquis|xarelto|clopidogrel"
    r"|heparin|insulin|chemo)"
    # "saw someone collapse after needles on a drama".
    r"|collapse|faint|pass out|black out"
    # "my husband he is very dizzy": the subject told twice, as in several first languages.
    r"|(?:he|she|they) (?:is|was|are|were|has|had|have|s|feels?|felt)"
    r")\b"
    # Their body, the possessive folded away: "husband's back worse", "wife's hand numb".
    r"|\b(?<!like )(?:" + _RELATIONS + r")s? (?:lower |upper |left |right )?(?:back|neck"
    r"|shoulders?|arms?|legs?|hands?|feet|foot|knees?|hips?|chest|head|calf|calves|face|skin"
    r"|wrists?|ankles?|fingers?|toes?|stomach|tummy|temp|temperature)\b"
    # Seen in a video or a post: "saw a tiktok of someone screaming during needling".
    r"|\b(?:tiktok|video|youtube|reel|post|clip|documentary|article|story)s?"
    r" (?:of|about|where|with) (?:someone|somebody|people|a \w+|this \w+|some \w+)\b"
)
_ABOUT_ME = re.compile(
    r"\b(?:happen (?:to|2) me|happen with me"
    r"|(?:will|could|would|can|might) (?:that|this|it|the same)(?: \w+)? happen"
    r"|could i get (?:that|it|one)|how likely|how common|is (?:that|this|it)"
    r" common|any chance|what are the chances|risk of that|(?:am|is) i at risk"
    r"|does (?:that|this|it) (?:\w+ )?happen|(?:should|do) i (?:be )?(?:scared|worried|worry)"
    r"|will (?:mine|i)(?: also| too)? (?:be|get|feel|have)|mine (?:will|would|could|might)"
    r"|(?:could|can|does|do|would|might) (?:dry )?(?:needling|the needles?|it|that|this) cause"
    r" (?:that|this|it)|(?:could|can|would|will|might) (?:dry )?(?:needling|it|the needles?)"
    r" help (?:him|her|them)|(?:dry )?(?:needling|it|the needles?) (?:would|could|can|might"
    r"|will) (?:\w+ )?help (?:him|her|them)"
    r"|(?:^| )(?:common|normal|likely|rare)$"
    r"|is (?:it|this|that) (?:the )?same (?:like|as)"
    r"|(?:worried|scared|nervous|afraid) (?:for|about) my (?:appointment|session|treatment"
    r"|needling)"
    r"|(?:worried|scared|nervous|afraid) (?:to|about|of) (?:do|doing|have|having|get|getting)"
    r" (?:the same|it|this|that)"
    r"|happens? (?:also |too |as well )?to me|(?:also|too) happen|happen also|my risk"
    r"|(?:why|how) (?:does |do |did |would |can )?(?:this|that|it) happens?(?: to| with| in)"
    r"|(?:is|does|can|could|will|would) (?:dry needling|needling|it|this|dn|the needles?)"
    r" (?:also )?(?:giving|give|gives|causing|cause)\b"
    r"|something that happens|happens? (?:a lot|often)|is (?:that|this|it) (?:a|really a) thing"
    r"|(?:is|does|will|would|could) (?:dry needling|needling|it|this|dn) (?:also )?(?:like (?:this"
    r"|that)|the same|do the same)"
    r"|(?:does|do|can|could|will|would) (?:dn|dry needling|needling|it|this) (?:do|cause)"
    r" (?:that|this)(?: too| as well)?"
    r"|(?:would|could|can|is) (?:she|he|they) (?:be able to |be allowed to |be ok to )?(?:have"
    r"|get|try|do) (?:this|it|that|needling|dry needling)"
    r"|is (?:it|this|needling|dry needling) (?:ok|okay|safe|suitable) for (?:her|him|them)"
    # "would needling be okay for someone on antidepressants", "can she also come for this".
    r"|(?:would|will|is) (?:it|this|needling|dry needling) (?:be )?(?:ok|okay|safe|suitable|fine)"
    r" for (?:someone|somebody|a \w+|him|her|them)"
    r"|(?:can|could|may) (?:she|he|they) (?:also |too )?come (?:for|in for|to) (?:this|the|a)"
    r" (?:treatment|needling|session|appointment)"
    # "is that a real risk", "is the same risk with dry needling", "could he have the same thing".
    r"|(?:a )?real risk|same risk|(?:the )?same (?:thing|reaction|problem|issue)"
    r"|will i$|(?:gonna|going to) be me|is it safe (?:here|for me)|(?:is )?this (?:is )?possible"
    r"|contagious|infectious|can i catch|could i catch"
    # "maybe he can come also to you? he is not patient yet".
    r"|(?:can|could|may) (?:he|she|they) (?:also )?(?:come|do|have|try) (?:also )?(?:to you|the"
    r" needl\w*|needl\w*|for (?:this|the|a|needl\w*))|not (?:a |your )?patients? yet"
    r"|happens? to (?:everyone|everybody|every one)"
    r"|(?:would|will|is) (?:that|it|this) (?:be )?(?:safe|ok|okay) for (?:him|her|them)"
    r"|(?:would|will) (?:that|it|this) be safe"
    r"|(?:is )?(?:it |this |that )?(?:ok|okay|safe|fine|dangerous|risky) for me"
    r"|(?:kind|sort) of thing that (?:could|can|might|would) happen"
    r"|(?:that|this) (?:kind|sort) of thing (?:common|normal|likely|rare)"
    r"|(?:it|this) is (?:ok|okay|safe|suitable) for (?:her|him|them)"
    r"|(?:should|do|will|would) i (?:expect|get|see) (?:that|this|the same|one)(?: too| as well)?"
    r"|something (?:i|we) (?:should|need to) (?:be )?(?:worry|worried|concerned) about"
    r"|(?:is|was) (?:that|this|it) (?:unusual|normal|common|rare|typical)"
    r"|safe for (?:him|her|them|people|heart patients|\w+ patients)"
    # "is that even realistic", "is that likely for her", "can a kid even have dry needling".
    r"|(?:is|was) (?:that|this|it) (?:even |really |actually )?(?:realistic|accurate|true|legit)"
    r"|(?:is )?(?:that|this|it) likely (?:for|with|to happen to) (?:me|her|him|them)"
    r"|(?:can|could|should|would) (?:a|my) (?:kid|child|teen|teenager|\w+) (?:even |still |also )?"
    r"(?:have|get|try|do) (?:dry )?needling"
    r"|is (?:that|this|it) (?:a )?risk|odds|(?:what|how) (?:are|is) the (?:actual |real )?(?:odds"
    r"|chances|risks?)"
    # "is it possible same for me", "is this a danger for me also", "does it run in families".
    r"|(?:is )?(?:it|that) (?:is )?(?:even |really |actually )?possible|same (?:for|with|to) me"
    r"|(?:for|to) me (?:too|also"
    r"|as well)|me also|(?:a )?danger (?:for|to) me|runs? in (?:the |my |our )?famil(?:y|ies)"
    r"|hereditary|genetic|should i (?:mention|tell you about|flag) (?:it|that|this)"
    r"|(?:is|will|would) (?:yours|urs|mine|it|this|that|my \w+)(?: \w+)? (?:gonna |going to )?be"
    r" like (?:that|this|his|hers|theirs))\b"
)
# A report about the other person happening now ("my dad had needles this morning and now he's
# a bit gaspy") is theirs to act on, not a story: it stays urgent.
_NOW = re.compile(
    r"\b(?:(?<!fine )(?<!ok )(?<!okay )(?<!well )(?<!better )(?<!alright )now (?:he|she|they|hes"
    r"|shes|theyre|his|her|their)(?! (?:is |s |are |re )?(?:back|fine|better|ok|okay|well|great"
    r"|pleased|happy|doing (?:well|great|fine|better)|on antibiotics|on the mend|stable"
    r"|improving|home|in good hands|being looked after"
    # "now he's telling me not to come": what they say, not how they are.
    r"|telling|saying|says|thinks|wants|worried|worrying|insisting|convinced|reckons|asking"
    r"|told|scared|afraid|nervous|anxious|terrified|frightened|freaked|panicking about"
    r"|(?:doesnt|does not|dont|wont|will not) (?:want|like|trust|think|let)))"
    r"|(?<!at all )(?<!problems )(?<!anything )right now|today|tonight"
    r"|this (?:morning|afternoon|evening)|since (?:the|his|her|their) (?:session|needl\w*"
    r"|treatment|appointment)|hasnt stopped|wont stop"
    # Not "keeps refusing to see a doctor": what they say or do, not how they are.
    r"|keeps(?! (?:refusing|saying|telling|asking|going on about|nagging|worrying|insisting"
    r"|putting off|ignoring))"
    # The patient's own present: "i'm sat on a bench and still feel lightheaded".
    r"|(?:i still|im still|i am still)(?! (?:coming|going|on|booked|keen|up for|planning|happy"
    r"|going ahead|want|ok|okay|fine|good|a bit nervous|nervous|in)\b)|still feel|still feeling)\b"
)


# Told as a story: hearsay ("my mate reckons", "horror stories") or placed long ago or elsewhere.
_STORY = re.compile(
    r"\b(?:" + _LONG_AGO + r"|reckons|reckoned|swears|swore|claims|claimed|apparently"
    r"|a while (?:back|ago)|ages ago"
    r"|horror stor\w*|heard (?:that|about|of)|once|back in|(?:a )?(?:different|another|other)"
    r"|not here|not at your (?:clinic|place)|not with you|(?:super|very|really|extremely|pretty)"
    r" rare"
    r" (?:clinic|place|physio|practice|practitioner|therapist|centre|center)|somewhere else"
    r"|a other (?:place|clinic)|overseas|abroad|(?:in )?another country|back home|backstreet"
    r"|not (?:your|a|one of your) (?:patient|client)s?|not you guys|last time|last season"
    r"|last term|dodgy (?:place|clinic|guy|bloke)"
    r"|(?:at|during|after|from) (?:her |his |their )?acupuncture"
    r"|(?:watching|watched|saw|seen|read|reading)(?: \w+){0,4} (?:documentar\w*|tv show"
    r"|programme|program|episode|podcast|news|video|youtube|tiktok|reel|clip)"
    r"|elsewhere|in (?:his|her|their) (?:teens|twenties|thirties|forties|fifties|sixties"
    r"|seventies|eighties|nineties|\d0s)"
    r"|saw (?:a|an|this|that|some) (?:\w+ )?(?:tiktok|video|youtube|reel|post|clip|documentary"
    r"|thread|article|story)|(?:reddit|facebook|instagram|tiktok|youtube) (?:post|thread|video"
    r"|group)"
    r"|on (?:tiktok|youtube|instagram|facebook|reddit|tv|the news)"
    # "reading way too much on forums", "binge watching a medical drama".
    r"|(?:read|reading)(?: \w+){0,4} (?:on )?(?:forums?|online|the internet|message boards?)"
    r"|(?:watching|watched|watch|binge watching|saw|seen)(?: \w+){0,4} (?:drama|series|film"
    r"|movie|show|box set|soap)"
    # "i saw stories about people having trouble breathing after needling".
    r"|(?:saw|seen|read|reading|heard) (?:some |lots of |loads of |a few |these |those )?"
    r"stories)\b"
)
# The patient asks about their own visit: "my son has a fever, can i bring him to my appointment".
# A story only when the other person is not the one treated (:data:`_FOR_THEM`): at an event
# elsewhere ("uncle passed out at wedding"), a long illness of theirs ("my grandma has copd and
# gets breathless easily"), hearsay from outside the home ("my coworker said she fainted").
# People outside the patient's home, whose events a patient hears about.
_OUTSIDE_HOME = (
    r"(?:friend|mate|coworker|co worker|colleague|neighbour|neighbor|boss|cousin|aunt|auntie"
    r"|uncle|teammate|workmate|classmate|manager|supervisor|foreman|team leader)"
)
_THEIR_OWN_STORY = re.compile(
    r"\bat (?:a |the |his |her |their |my |our )?(?:wedding|party|church|funeral|concert|pub|bar"
    r"|dentist|blood bank|football|match|game|school|festival|christening|barbecue|bbq"
    r"|gp|gps|gp surgery|doctors|doctor s|surgery|work|office)\b"
    # "my husband has been short of breath for weeks": a long trouble of theirs.
    r"|\b(?:has|have|s|had) been (?!bleed\w*)(?:\w+ ){1,4}for (?:weeks|months|years)\b(?! now)"
    r"|\b(?:has|have|with|got) (?:(?:his|her|their) )?(?:copd|asthma|emphysema|diabetes|angina"
    r"|heart failure|a heart"
    r" condition|parkinson\w*|ms|multiple sclerosis|arthritis|fibromyalgia|epilepsy|dementia"
    r"|carpal tunnel|sciatica|vertigo|migraines?)\b"
    r"|\b(?:" + _OUTSIDE_HOME + r"|someone|somebody) (?:said|says|told me|tells me)\b"
    # A past event of someone outside the home: "my friend fainted during needling".
    r"|\b" + _OUTSIDE_HOME + r"s? (?:\w+ )?(?:once |also |even )?(?:fainted|passed out|collapsed"
    r"|blacked out|bled|got (?:an? )?(?:infection|infected))\b"
)
_SHORT_NEWS_WORDS = 8
_OUTSIDE_EVENT = re.compile(
    r"\b" + _OUTSIDE_HOME + r"s?(?: of mine)?(?: \w+){0,5}? (?:fainted|passed out|collapsed"
    r"|blacked out|keeled over)\b"
    # "my daughter fainted at school this morning, so i might need to leave early tomorrow".
    r"|\b(?:my|our) (?:\w+ )?" + _RELATIONS + r"s?(?: \w+){0,2}? (?:fainted|passed out"
    r"|collapsed|blacked out|keeled over) (?:at|in) (?:the )?(?:school|nursery|college|uni|work"
    r"|church|assembly|practice|training|the match)\b"
)
_MY_VISIT = re.compile(
    r"\b(?:should|can|could|do|shall) i (?:still )?(?:come|go|attend|keep|bring|cancel"
    r"|reschedule|move|make it)\b"
    # "just wondering if i should still come in", "can i do a phone check-in instead of coming in".
    r"|\bi (?:should|can|could) (?:still )?(?:come|attend|make it)\b"
    # "am i ok to still come in", "can i still have my treatment friday".
    r"|\b(?:am i|is it|are we) (?:ok|okay|fine|alright|all right|safe) (?:for me )?(?:to )?"
    r"(?:still )?(?:come|attend|go ahead|keep)\b"
    r"|\b(?:can|could|should|shall) i still (?:have|get|do|keep) (?:my|the|our|it)\b"
    r"|\binstead of (?:coming|comin) in\b|\b(?:phone|video|online) (?:check in|appointment|call"
    r"|consult\w*)\b"
    r"|(?<!after )(?<!since )(?<!from )(?<!before )(?<!had )(?<!during )(?<!at )(?<!in )"
    r"\bmy (?:\w+ )?(?:appointment|appt|session|booking|slot)\b"
    r"|\b(?:keep|rebook|move|push) my (?:\w+ )?(?:slot|spot|time)\b"
    r"|\b(?:can|could|may) i book\b|\b(?:have you got|do you have|any chance of) (?:anything"
    r"|any (?:slots?|space|appointments?|availability)|an? (?:\w+ )?(?:slot|appointment))\b"
    r"|\b(?:might|may|will|must|need to|have to|going to|gonna) (?:need to |have to )?(?:cancel"
    r"|reschedule|move|miss) (?:my|the|our|it|today|tomorrow)?"
    r"|\b(?:late )?cancellation fee\b"
    # "so i might be a bit distracted at my session tomorrow", "that's why i missed tuesday".
    r"|\b(?:distracted|late|quiet|tired|teary|knackered|rubbish) at my (?:\w+ )?(?:session"
    r"|appointment|appt)\b"
    r"|\bmissed (?:my |our |the )?(?:\w+ )?(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|appointment|appt|session|booking)\b"
    # "i might be a bit distracted at my next appointment".
    r"|\b(?:at|to|for) my (?:next|upcoming|following) (?:appointment|appt|session|visit)\b"
    # "might have to bring her with me tomorrow".
    r"|\bbring (?:him|her|them) (?:with me|along|in with me)\b"
    # "so i'll not be at my friday session".
    r"|\b(?:not|wont|cant|cannot|unable to|will not) be at my\b"
    # "anyway, i'm still good for thursday", "is my session still on".
    r"|\b(?:im|i m|i am|i|we|were) still (?:good|ok|okay|on|fine|booked|alright|coming|set)"
    r" for\b|\bis (?:my |our |the )?(?:\w+ )?still on\b"
)
# The patient rearranging a visit: "cancelling", "won't make thursday", "bring him with me".
_REARRANGE = re.compile(
    r"\b(?:cancel\w*|rebook\w*|re book\w*|reschedul\w*|resched|postpone\w*|move my)\b"
    # "mrs kennedy's appointment needs to move".
    r"|\b(?:appointment|appt|session|booking)s? (?:needs|has|have|need) to (?:move|change"
    r"|be moved|be changed)\b"
    # "can i change the appointment?", "i'll have to miss my appointment tomorrow".
    r"|\b(?:change|miss) (?:my|the|our|tomorrows|todays) (?:appointment|appt|booking|session)\b"
    r"|\b(?:can|could|may) (?:he|she|they) (?:come|tag along|sit in)(?: with me| along| in)\b"
    r"|\b(?:cant|cannot|wont|will not) get in\b"
    r"|\b(?:wont|cant|cannot|will not|not going to|might not|may not|unable to) (?:make|attend"
    r"|come)(?: it)?\b|\bbring (?:him|her|them) (?:with me|along|in)\b"
    r"|\b(?:be|b|im|i m|i am|running|might be|might b) (?:a bit |a little |slightly |abit )?late\b"
    # "so i'm running behind", "i might have to leave early tomorrow".
    r"|\brunning behind\b|\b(?:leave|leaving|come|coming) (?:a bit |a little )?(?:early|late)\b"
    r"|\brunning (?:about |around )?(?:\w+ ){1,2}(?:minutes?|mins?|hours?) late\b"
    # "gotta skip today", "i'll call when i return to book again".
    r"|\b(?:skip|skipping|miss|missing) (?:today|tomorrow|this week|my|todays|tomorrows)\b"
    r"|\bbook (?:again|another|a new)\b"
    # "he'll be staying home to look after her this week".
    r"|\b(?:stay|staying|stays|stopping|stop) (?:at )?home (?:to (?:look after|care for|mind)"
    r"|with) (?:him|her|them)\b"
    # "so sunita won't be coming this week".
    r"|\b(?:wont|will not|not|cant|cannot) be (?:coming|attending|able to (?:come|make it|attend))"
    r"\b"
    # "can he come also with me to the clinic?".
    r"|\b(?:can|could|may) (?:he|she|they) (?:come|tag along) (?:also |too )?(?:with me|along)\b"
)
# Not "pins and needles", which is a sign, not the treatment.
_NEEDLED = re.compile(r"(?<!pins and )(?<!pins n )(?<!pin and )\b(?:needl\w*|dry n\w*|dn)\b")
# The everyday trouble of someone never needled, named: "daughter's got a fever", "son cut his
# hand", "dad's in hospital". Without such a word ("dad is really breathless, we'll cancel") the
# writer may be speaking for the patient, and the message stays the patient's.
_EVERYDAY_TROUBLE = re.compile(
    r"\b(?:fever|temperature|temp|flu|cold|colds|bug|virus|covid|infection|infected|sick|vomit\w*"
    r"|poorly|unwell|ill|hospital|a ?&? ?e|a and e|stitches|cut|cuts|fell|fall|split|broke|broken"
    r"|surgery|op|operation|dog|cat|pet|puppy|kitten|teething|chickenpox|measles|tonsillitis"
    # "i take her to the doctor": the other person's care is why the visit moves.
    r"|(?:take|taking|took|bring|bringing|drive|driving) (?:him|her|them) to (?:the )?(?:doctor"
    r"|doctors|gp|hospital|vet|dentist|a ?&? ?e|emergency)"
    r"|feverish|rash|asthma|stroke|mini stroke|tia|icu|intensive care|admitted"
    # "my little one has been throwing up all night", "the doctor check him".
    r"|throwing up|threw up|thrown up|being sick|puking|puked|diarrh\w*|tummy bug|stomach bug"
    r"|norovirus|croup|conjunctivitis|gastro|(?:doctor|gp|doc) (?:\w+ )?(?:check\w*|saw|see"
    r"|seeing|seen|examin\w*) (?:him|her|them)"
    # "is seeing the gp today", "got taken to a&e", "we're at the emergency department".
    r"|(?:seeing|see|saw|seen|going to|gone to|went to|off to|taken to|at) (?:the |a |his |her"
    r" |their )?(?:gp|doctor|doctors|dr|hospital|er|emergency|emergency department|dentist)"
    r"|wisdom teeth|paramedics|ambulance|vet|vets"
    # "she is with the doctor now", "the gp is looking into it", "the doctor wants her to get a
    # nerve test": in someone else's care.
    r"|with (?:the |a |her |his |their )?(?:doctor|gp|nurse|specialist)"
    r"|(?:doctor|gp|doc|hospital|specialist)s? (?:is |are |s )?(?:looking into|checking"
    r"|investigating|running tests|wants? (?:him|her|them)|wanted (?:him|her|them)|referred)"
    # "sliced his finger open cooking", far away: "my father in the village", "travelling to
    # see her".
    r"|sliced|slashed|gashed"
    # "pins n needles in her foot from sittin on it".
    r"|(?:from|after) (?:sitting|sat|kneeling|lying) on (?:it|her \w+|his \w+|their \w+)"
    r"|in the (?:village|province|hometown)|back home in|travel\w* to (?:see )?(?:him|her|them)"
    # "my mother in jaipur is having chest pain and i must fly there tonight", "they've kept
    # him in for tests".
    r"|(?:fly|flying|travel|travelling|traveling|drive|driving|go|going|get) (?:out |over |up"
    r" |down |back )?(?:there|to (?:her|him|them))(?: tonight| today| tomorrow| asap| now)?"
    r"|kept (?:him|her|them) in|(?:for|having|doing|waiting for) (?:some )?tests"
    r"|nursing duty|nurse duty|pregnan\w*|morning sickness"
    # "his wife's gone into labour": a birth, not an illness.
    r"|labour|labor|giving birth|gave birth|having (?:the|a|her|their) baby)\b"
)
# Someone else's visit that took place: "she had a physio appointment at lunch and just
# collapsed" (not "she had her appointment moved"). They are the one treated.
_THEY_HAD_A_VISIT = (
    r"\b(?:he|she|they) (?:had|has had|just had) (?:a|her|his|their|the) (?:physio |first |dry"
    r" needling |needling )?(?:appointment|appt|session|treatment)\b"
    r"(?! (?:moved|cancelled|canceled|rescheduled|booked|tomorrow|next|on|for))"
)
# The other person is the patient: "messaging for my husband", "after her session".
_FOR_THEM = re.compile(
    # Not "i'm just cooking for my mum": doing something for them is no writing for them.
    r"(?<!cooking )(?<!shopping )(?<!caring )(?<!cleaning )(?<!babysitting )(?<!covering )"
    r"(?<!worried )(?<!scared )(?<!sorry )(?<!looking out )(?<!waiting )(?<!carer )(?<!care )"
    r"\b(?:for|on behalf of|behalf of) (?:my|our)"
    # Not a time: "late for my four o'clock", "for my 2pm".
    r" (?!(?:own|appointment|appt|session|booking|slot|visit|needling|treatment|one|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve|half|quarter|\d\w*|morning|afternoon"
    r"|evening|next|first|last|usual|regular)\b)\w+\b"
    r"(?! (?:appointment|session|booking))"
    r"|\b(?:his|her|their) (?:session|needling|treatment|appointment|physio)\b"
    # "one of our drivers had dry needling with you at lunch", "she'd been to you for needling".
    r"|\b(?:had|has had|got|gets|getting|having) (?:some |the |a )?(?:dry )?needl\w*"
    r" (?:\w+ )?(?:with|from|by|at) (?:you|u|your|the clinic|ur)\b"
    # Been, not "can she also come to your clinic for needles?": asking for her is no visit.
    r"|\b(?:been|came|went) (?:in )?to (?:you|u|your clinic|the clinic) for"
    r" (?:some |the |a |her |his |their )?(?:dry )?needl"
    # "my husband had needling in his buttock this morning".
    r"|\b(?:my|our) (?:\w+ )?" + _RELATIONS + r" (?:had|has had|got|just had|has been having"
    r"|was having|went for)(?: \w+){0,2} (?:dry )?needl"
    r"|\b(?:he|she|they|hed|shed|theyd) (?:had|has had|got|d had)(?: \w+)? (?:the |some |his |her"
    r" |their )?(?:dry )?needl"
    r"|\b(?:is|s) (?:a|one of your) patients? of yours\b|\byour patient\b"
    r"|" + _THEY_HAD_A_VISIT
)


# The family of the one written for: "her son is unwell", "his wife has the flu".
_THEIR_RELATIVE = re.compile(
    r"\b(?:his|her|their) (?:little |baby |eldest |youngest |oldest )?(?:"
    + _RELATIONS
    + r")s?\b(?: \w+){0,5}? (?:is|s|has|had|got|was"
    r"|have|are|were|been|came down|woke"
    # "her grandson's in hospital with breathing trouble" (the possessive folds away).
    r"|in (?:the )?(?:hospital|a and e|a e|icu|intensive care|bed))\b"
)
# The writer's own family, in a message written for the patient: "writing for my father, he
# can't come today because my mum has a high fever". The relation is read to tell it from the
# one written for (:func:`writers_other_relative`).
_WRITERS_RELATIVE = re.compile(
    # "she can't come friday because dad's been admitted": the family's own name for them.
    r"\b(?:(?:my|our) (?:\w+ )?|(?:because|cos|coz|cause|bc) )"
    r"(?P<relation>" + _RELATIONS + r")s?\b"
    r"(?: (?!(?:he|she|they|hes|shes|his|her|him)\b)\w+){0,5}? (?:is|s|has|had|got|was|have"
    r"|are|were|been|came down|woke)\b"
)
_WRITTEN_FOR = re.compile(
    r"\b(?:for|on behalf of|behalf of) (?:my|our) (?:\w+ )?(?P<relation>" + _RELATIONS + r")\b"
)


def writers_other_relative(whole: str) -> bool:
    """In a message written for the patient, a relative of the writer other than the one written
    for is the subject of news ("writing for my father ... my mum has a high fever")."""
    written_for = {m.group("relation") for m in _WRITTEN_FOR.finditer(whole)}
    return bool(written_for) and any(
        m.group("relation") not in written_for for m in _WRITERS_RELATIVE.finditer(whole)
    )


# The other person is well again: "my grandma fainted at church, she's fine now".
_THEIRS_OVER = re.compile(
    r"\b(?:shes|hes|she is|he is|she|he|theyre|they are|they)(?: (?:was|were|is|s))?"
    r" (?:fine|ok|okay|well|better|alright|all good|all right)(?: now| again)?\b"
    r"|\b(?:just curious|out of curiosity|in good hands)\b"
    # In care already: "he's stable now and they're keeping him in", "gp seeing him tomorrow".
    r"|\b(?:he|she|they) (?:was|were) (?:home|discharged|sent home|fine|ok|okay)\b"
    r"|\b(?:in a cast|home now)\b"
    r"|\b(?:sent|referred) (?:him|her|them) (?:for|to) (?:tests|a scan|scans|an? \w+)\b"
    r"|\b(?:is|s|are|re) (?:having|getting|waiting for) (?:some )?(?:tests|scans|results)\b"
    r"|\bparamedics? (?:said|say|says) (?:it was|its|it s) (?:just|only)\b"
    r"|\b(?:hes|shes|theyre|he is|she is|they are|is|he|she|they) (?:stable|home|comfortable"
    r"|on antibiotics"
    r"|being looked after|in hospital)\b|\bkeeping (?:him|her|them) in\b"
    r"|\b(?:seeing|sees|see) (?:a|the|his|her|their) surgeon\b"
    r"|\b(?:gp|doctor|doc|vet|nurse|dentist) (?:is )?(?:seeing|sorted|glued|stitched|checked)"
    r" (?:him|her|them|it)\b|\bright as rain\b|\b(?:he|she|they) (?:s |is |are )?on antibiotics\b"
    r"|\bis (?:fine|ok|okay|well|alright|all good|doing (?:fine|well|great)) now\b"
    # "he's on the mend now", "she's in the general now, doing okay".
    r"|\bon the mend\b|\b(?:(?:he|she|they)(?: is| s| are)? )?doing (?:ok|okay|alright|well)\b"
    # "she's on oxygen but improving".
    r"|\b(?:he|she|they)(?: is| s| are)?(?: \w+){0,3} (?:but |and )?(?:improving|picking up"
    r"|getting better|recovering)\b"
    # Already in a doctor's care, and not the question: "he's seeing the cardiologist next week,
    # it's not about him".
    # "the doctor says carpal tunnel": already diagnosed.
    r"|\b(?:the|his|her|their) (?:\w+ )?(?:doctor|gp|specialist|consultant|neurologist|nurse)"
    r"(?: \w+){0,4} (?:says|said"
    r"|thinks|reckons|diagnosed)\b"
    r"|\b(?:already )?(?:seeing|under|seen by|sees) (?:a |the |his |her |their )?(?:cardiologist"
    r"|specialist|consultant|gp|doctor|neurologist|psychiatrist)\b|\bnot about (?:him|her|them)\b"
)


# Someone else as a witness of the patient, not the subject: "my colleague says i'm really pale",
# "my husband said i was not answering", "my partner told me to message", "my partner says it's
# probably nothing".
_WITNESS = re.compile(
    r"\b(?:\w+ )?(?:" + _RELATIONS + r"|family|someone|somebody)s?"
    r" (?:says|said|told me|tells me|thinks|thought|reckons|noticed|saw|noticed that|made me"
    r"|wants me to|asked me to|is making me|insisted)"
    r"(?: that)? (?:i|im|i m|ive|id|me|my|to (?:message|text|call|ring|write|contact|ask|check)"
    r"|(?:it|its|it s|this|that) (?:is |s )?(?:probably |just |only |prob )?(?:nothing|fine|normal"
    r"|ok|okay))\b"
)
# The patient's own body, for a message that also speaks of their own visit: "the pain in my
# lower back has got much worse ... is it ok to drive to my appointment tomorrow?".
_OWN_BODY = re.compile(
    r"\b(?:my|in my|on my)(?: (?:lower|upper|left|right|whole|mid))? (?:back|neck|shoulders?"
    r"|arms?|legs?|hands?|feet|foot|knees?|hips?|chest|head|calf|calves|thighs?|glutes?"
    r"|hamstrings?|traps|side|wrists?|elbows?|ankles?|spine|bum|buttock|shin|ears?|eyes?|face"
    r"|skin|stomach|tummy|jaw|throat|lungs?|heart|ribs?|traps?|collar ?bones?|shoulder ?blades?"
    r"|armpits?|groin|forearms?|biceps?|triceps?|quads?|lats?|pecs?|temp|temperature)\b"
    r"|\bi(?:ve| have)?(?: got)? (?:a )?(?:temp|temperature|fever)\b"
    # The patient's own state now: "i still feel really dizzy".
    r"|\b(?:(?:i still|im still|i am still) (?:feel|feeling|have|got|am|dizzy|numb|bleeding"
    r"|short|cant|really|so|very)|still feel|still feeling)\b"
)


def speaks_of_own_body(whole: str) -> bool:
    """The patient speaks of a part of their own body, or of how they feel or what happened to
    them ("i went all hot and sweaty", "i feel like it's going to happen again")."""
    whole = _OWN_WELL.sub(" ", whole)  # "my shoulder's held up fine": no trouble of theirs
    return bool(_OWN_BODY.search(whole) or _SELF_STATE.search(whole))


_SELF_STATE = re.compile(
    # Not "can i keep my tuesday slot": a visit kept, not a sign that keeps coming.
    r"\b(?:i|im|ive|i m|i ve)(?: \w+)? (?:feel|felt|feeling|went|go"
    r"|(?:keep|kept)(?! (?:my|the|our) (?:\w+ )?(?:slot|appointment|appt|session|booking|time)\b)"
    r"|started|woke|fell"
    r"|fall|fainted|collapsed|passed out|blacked out|was on|ended up|bled|am bleeding"
    r"|m bleeding)\b"
)


def borrowed(whole: str, last_clause: str = "") -> bool:
    """Another person's story, not a report about the patient (see above).

    Someone else's sign counts as theirs to tell, not an emergency, when it is hearsay or long
    ago ("my mate reckons he nearly passed out", "friend's lung collapsed once"), when the
    patient asks about their own risk ("could that happen to me?"), or when the patient asks
    about their own visit and the other person is not the one treated ("my son has a fever, can
    i bring him along to my appointment"), whatever the time. Otherwise a report happening now
    ("now he's a bit gaspy", "since her session") is never a story.
    """
    whole = _WITNESS.sub(" ", whole)
    if _PET_TROUBLE.search(whole) and not _OWN_BODY.search(whole):
        return True  # "the dog's got an ear infection": a pet is never the one treated
    if not _SOMEONE_ELSE.search(whole):
        return False
    if (
        _THEIR_BENIGN_CAUSE.search(whole)
        and not _NEEDLED.search(whole)
        and not _FOR_THEM.search(whole)
        and not speaks_of_own_body(whole)
    ):
        return True  # "my lil one has pins n needles in her foot from sittin on it all thru bluey"
    if (
        _NOT_ME.search(whole)
        and not _OWN_BODY.search(whole)
        and not _FOR_THEM.search(whole)
        and not _NEEDLED.search(whole)
    ):
        # "my bf's got a mad chest infection lol, not me", "he's fine himself".
        return True
    # "my daughter's got a temperature today, i might need to cancel": the patient's own
    # visit, whatever the time, when the other person is not the one treated and the patient
    # speaks of no part of their own body.
    # "daughter's got a fever, cancelling", "son has chest infection, rebook?": the patient
    # rearranging their own visit for someone who was never needled.
    rearranged = _rearranged(whole)
    # Neither written for the one treated nor about the patient's own body, unless to say it is
    # well ("my shoulder's held up fine though", "no cuts on my hands").
    bystander = not _FOR_THEM.search(whole) and not _OWN_BODY.search(_OWN_WELL.sub(" ", whole))
    if bystander and (_MY_VISIT.search(whole) or rearranged):
        return True
    if (
        rearranged
        and (_THEIR_RELATIVE.search(whole) or writers_other_relative(whole))
        and not _OWN_BODY.search(whole)
    ):
        # "your patient mrs lim asked us to pass on that her son is unwell with a high fever, so
        # she needs to cancel": written for the patient, about the patient's own family.
        return True
    if (
        _FOR_THEM.search(whole)
        and _THEIR_RELATIVE.search(whole)
        and _NOT_ME.search(_OTHERWISE.sub(" ", whole))
        and not _THEY_WERE_NEEDLED.search(whole)
    ):
        # "writing for my nan. her friend betty got an infection after her hip replacement ...
        # nan's fine herself and will see you thursday": the patient's friend, not the patient.
        return True
    if bystander and _FOR_THEIR_TREATMENT.search(whole) and not _THEY_WERE_NEEDLED.search(whole):
        # "her sister's arm has gone numb, she wants to know if dry needling would help with
        # that": someone never needled, whose trouble is why they might book.
        return True
    if (
        len(whole.split()) <= _SHORT_NEWS_WORDS
        and _EVERYDAY_TROUBLE.search(whole)
        and not _NEEDLED.search(whole)
        and not _FOR_THEM.search(whole)
        and not speaks_of_own_body(whole)
    ):
        # "my son's got a fever", "wife's got the flu": a relative's everyday trouble in a line,
        # no needling named.
        return True
    if (
        _OUTSIDE_EVENT.search(whole)
        and not _FOR_THEM.search(whole)
        and not _THEY_WERE_NEEDLED.search(whole)
        and not speaks_of_own_body(whole)
    ):
        # "my colleague fainted at work today, it's made me nervous about friday", "my mate
        # collapsed at 5 a side last nite": someone outside the home, never needled, whatever
        # the time.
        return True
    if (
        _NEEDLED_ELSEWHERE.search(whole)
        and _THEIRS_OVER.search(whole)
        and not speaks_of_own_body(whole)
        and not _FOR_THEM.search(whole)
    ):
        # "he went to some bloke for needles and now his leg keeps going numb, he's seeing his
        # gp about it": needled elsewhere, in a doctor's care, and asking about the clinic.
        return True
    if _NOW.search(whole):
        return False
    # "where you needled it ... she's fine herself otherwise": the one treated, well apart from
    # the sign, which stands.
    needled = bool(_THEY_WERE_NEEDLED.search(whole))
    return bool(
        _STORY.search(whole)
        or (_THEIR_OWN_STORY.search(whole) and not _FOR_THEM.search(whole))
        or _ABOUT_ME.search(whole)
        # "my husband had needling yesterday and fainted, he's fine now": the one treated, whose
        # faint after needling the clinic must hear of, however it ended.
        or (
            _THEIRS_OVER.search(_OTHERWISE.sub(" ", whole) if needled else whole)
            and not (needled and _OUT_COLD.search(whole))
        )
        or _ME_TOO.match(last_clause)
    )


# Well apart from the sign: "her neck is red and hot where you needled it ... she's fine
# herself otherwise" keeps the sign.
_OTHERWISE = re.compile(
    r"\b(?:shes|hes|she is|he is|she|he|theyre|they are|they|im|i am|i)(?: s| is| am| are)?"
    r" (?:fine|ok|okay|well|good|grand)(?: in)?(?: herself| himself| themselves| myself)?"
    r" (?:otherwise|apart from (?:that|this|it)|other than (?:that|this|it))\b"
)


# A harmless cause of someone else's sign, said with it.
_THEIR_BENIGN_CAUSE = re.compile(
    r"\b(?:from|after) (?:sitting|sat|kneeling|lying) on (?:it|her \w+|his \w+|their \w+)\b"
    # An everyday cause, named: "got his ear pierced n its all infected", "cant stop bleeding from
    # a shaving cut", "had a fall and she's got a massive bruise", "an infected cut on his knee".
    r"|\bgot (?:his|her|their) (?:\w+ )?pierced\b"
    r"|\b(?:from|after) (?:a |the |his |her |their )?(?:shaving|shave|piercing|tattoo|bite|sting"
    r"|scratch|splinter|thorn|rose bush|broken glass|glassware|hedge trimmer|football boots)\b"
    r"|\b(?:he|she|they)(?: \w+)? (?:had|took) a (?:bad |nasty )?(?:fall|tumble)\b"
    r"|\b(?:nan|gran|granny|grandma|grandad|grandpa|mum|mom|dad|son|daughter|boy|girl|husband"
    r"|wife|bro|brother|sister|sis|bf|gf|partner)s? (?:had|took) a (?:bad |nasty )?(?:fall"
    r"|tumble)\b"
    r"|\b(?:cut|graze|scrape|gash) on (?:his|her|their) (?:\w+ )?(?:knee|hand|finger|arm|leg|foot"
    r"|head|elbow|shin)\b"
)


# Someone needled by another practitioner: "went to some bloke for needles".
_NEEDLED_ELSEWHERE = re.compile(
    r"\b(?:went|gone|been|goes|go) to (?:some|another|a different|a|this|that) (?:other )?"
    r"(?:bloke|guy|fella|place|clinic|practitioner|physio|chiro\w*|acupuncturist|therapist)"
    r"(?: \w+){0,3} (?:for|to get|to have) (?:some |the )?(?:dry )?(?:needl\w*|acupunct\w*)"
    r"|\b(?:needl\w*|acupunct\w*) (?:somewhere else|elsewhere|at another (?:clinic|place))\b"
)


# A pet's trouble: "the dog's got an ear infection n keeps shaking his head".
_PET_TROUBLE = re.compile(
    r"\b(?:dog|dogs|cat|cats|puppy|kitten|rabbit|bunny|horse|pony|hamster|budgie|parrot"
    r"|guinea pig|pet|retriever|labrador|spaniel|terrier|collie|poodle|greyhound|whippet"
    r"|staffie|pup|heifer|cow|cows|sheep|lamb|ewe|goat|bull|pig|sheepdog|lurcher|beagle|pug"
    r"|dachshund|alsatian|westie)s?(?: \w+){0,2} (?:has|had|got"
    r"|is|was|keeps|kept|been|have|s|cut|bit|that|who)"
    r" (?:\w+ ){0,4}?"
    r"(?:infect\w*|ill|sick|poorly|bleed\w*|bled|limp\w*|collaps\w*|swollen|lump|abscess|fever"
    r"|vomit\w*|injured|hurt|paw|bite|bitten|wound|scrap|giving way|breathe)\b"
)


def rearranged_for_another(whole: str) -> bool:
    """The patient moves or cancels their own visit for someone else's everyday trouble ("my
    son has a fever and a rash so i'll have to cancel today, sorry"), someone never needled,
    and says nothing of their own body. A cancellation with an apology reads to the second
    opinion like a farewell; one with another person's reason is not."""
    return bool(_SOMEONE_ELSE.search(whole) and _rearranged(whole) and not _OWN_BODY.search(whole))


def _rearranged(whole: str) -> bool:
    """A visit moved or cancelled for everyday trouble of someone never needled."""
    return bool(
        _REARRANGE.search(whole) and _EVERYDAY_TROUBLE.search(whole) and not _NEEDLED.search(whole)
    )


# Asking whether someone else could have needling, or whether it would help them.
_FOR_THEIR_TREATMENT = re.compile(
    r"\b(?:can|could|would|should|may) (?:he|she|they|him|her|them) (?:also |too )?"
    r"(?:have|get|try|book|do|start|take|come (?:in )?for) (?:some |the |a )?(?:dry )?needl"
    # "could she see you, or is that one for her gp?", "can i give her your number".
    # "he can also do this treatment?", "she can come to you also?", "would you do needling
    # for him too", "do you think dry needling could help her, should she book".
    r"|\b(?:he|she|they) can (?:also )?(?:do|have|try|get|come)(?: also)? (?:this|the|to you"
    r"|dry|needl\w*|in)\b"
    r"|\b(?:would|could|can|will) you (?:also )?(?:do|try) (?:dry )?needl\w* (?:for|on) (?:him|her"
    r"|them)\b"
    r"|\b(?:dry )?needl\w* (?:could|would|can|might|will) (?:\w+ )?help (?:him|her|them)\b"
    r"|\bshould (?:he|she|they) book\b"
    # "she's asked me if your clinic does lung stuff", "he's asking if you do first aid".
    r"|\b(?:asked|asking|asks|wants to know|wondering) (?:me |us )?(?:if|whether) (?:you|u"
    r"|your clinic|the clinic|your physios|you guys) (?:do|does|treat|can|could|offer|see)\b"
    # "my daughter keeps getting pins and needles from her new boots, can your physio have a look
    # at her".
    r"|\b(?:can|could|would|will) (?:your|the|a|one of your) (?:physio|physios|physiotherapist"
    r"|therapist|clinic|practitioner)s? (?:\w+ )?(?:have a look at|look at|see|check|treat|assess)"
    r" (?:her|him|them)\b"
    # "can she also come to your clinic for needles?", "can you treat also him?".
    r"|\b(?:can|could|may) (?:he|she|they) (?:also |too )?come (?:also |too )?(?:to|in to|into)"
    r" (?:your|the) (?:clinic|practice|place)\b"
    r"|\b(?:can|could|would|will) (?:you|u) (?:also )?(?:treat|help|see|look at) (?:also )?"
    r"(?:him|her|them)\b"
    # "i told him about you, do you take new patients", "if you also treat older people".
    r"|\b(?:do|would|can|could) you (?:also |still )?(?:take|treat|see|accept)"
    r" (?:new|older|elderly|young|other) (?:patients|people|clients)\b"
    r"|\bif you (?:also |still )?(?:take|treat|see) (?:new|older|elderly|young|other)"
    r" (?:patients|people|clients)\b"
    # "my mother in nairobi ... do you know a good physiotherapist there?".
    r"|\b(?:know|recommend|suggest) (?:a|any|some) (?:good )?(?:physio\w*|doctors?|clinics?"
    r"|therapists?|specialists?)(?: \w+){0,3} (?:there|over there|near (?:him|her|them))\b"
    # "can he come also with me to the clinic?".
    r"|\b(?:can|could|may) (?:he|she|they) (?:also |too )?come (?:also |too )?with me\b"
    r"|\b(?:can|could|may|should) (?:he|she|they) (?:also |too )?(?:see|visit) (?:you|u|the clinic"
    r"|your clinic|a physio|the physio)\b"
    r"|\b(?:give|pass|send) (?:him|her|them) (?:your|the clinic s|the clinics|the) (?:number"
    r"|details|contact)\b"
    # "can he also take appointment with you?", "he asks if you can look at it".
    r"|\b(?:can|could|may) (?:he|she|they) (?:also |too )?(?:take|book|make|get|have)"
    r" (?:an? |the )?(?:appointment|appt|session|booking)\b"
    r"|\b(?:he|she|they) (?:ask|asks|asked|asking|wants? to know|wanted to know|wonders?"
    r"|wondering) (?:if|whether) you (?:(?:can|could|would) )?(?:look at|see|check|treat|help)\b"
    # "whether dry needling is something he could do during rehab", "he might get in touch".
    r"|\b(?:dry )?needl\w* (?:is|would be|might be) (?:something|an option|ok|okay|safe)"
    r" (?:that )?(?:for )?(?:he|she|they|him|her|them)\b"
    r"|\b(?:he|she|they) (?:might|may|will|could|should|wants to) (?:get in touch|book in|ring"
    r" you|call you|contact you|give you a (?:call|ring))\b"
    r"|\b(?:would|could|does|do|can|will|might) (?:dry )?needl\w* (?:\w+ )?(?:help|work for"
    r"|be good for|fix) (?:him|her|them|with (?:that|this|it|his|her|their))\b"
    r"|\b(?:he|she|they)(?: (?:is|was|s|are|were))? (?:wants?|wanted|asking|asked|wondering"
    r"|wondered)(?: to know)? (?:if|whether) (?:dry )?needl\w*(?: \w+)? (?:help|helps|work|works"
    r"|would|could|can)\b"
)


# The patient's own body said to be well: no trouble of theirs beside someone else's.
_OWN_WELL = re.compile(
    r"\b(?:my|on my|in my)(?: own)? (?:\w+ )?(?:back|neck|shoulders?|arms?|legs?|hands?|knees?"
    r"|hips?|calf|calves|thighs?|glutes?|hamstrings?|traps)(?: is| s| has| have| are| feels?"
    r"| been)*(?: \w+)? (?:fine|ok|okay|good|great|grand|better|brilliant|amazing|held up"
    r"|holding up|doing (?:fine|well|great|ok|okay))\b"
    r"|\bno (?:\w+ )?(?:cuts?|wounds?|marks?|scratches|problems?|issues?) (?:on|with) my \w+\b"
    # "anyway that's why i was late today. back's feeling good by the way": the owner left out.
    r"|(?<!his )(?<!her )(?<!their )(?<!your )(?<!ur )(?<!the )\b(?:back|neck|shoulders?"
    r"|knees?|hips?|calf|calves|hamstrings?|traps)(?: is| s| has| feels?| feeling| been)+"
    r"(?: \w+)? (?:fine|good|great|grand|better|brilliant|amazing)"
    r" (?:by the way|btw|though|tho|thanks to you|since)\b"
)
_OUT_COLD = re.compile(r"\b(?:faint\w*|passed out|blacked out|collapsed|keeled over|came to)\b")
_THEY_WERE_NEEDLED = re.compile(
    r"\b(?:" + _RELATIONS + r"|he|she|they)s?(?: \w+){0,2}? (?:had|has had|got|just had|was|were)"
    r"(?: (?:his|her|their|the|some|dry|a))* needl"
    # "her neck is red and hot where you needled it on monday".
    r"|\b(?:where|after|since) (?:you|u) needled\b|\b(?:you|u) needled (?:her|him|them)\b"
    r"|" + _THEY_HAD_A_VISIT
)


# The writer says outright the trouble is not theirs, or that the one they write for is well.
_NOT_ME = re.compile(
    r"\b(?:(?:im|i am|hes|he is|he|shes|she is|she|theyre|they are|they|" + _RELATIONS + r")"
    r" (?:totally |perfectly |all )?(?:fine|ok|okay|grand|well|good)"
    r" (?:myself|himself|herself|themselves)"
    r"|not me\b(?! (?:too|as well|either))|(?:its|it is|thats) not (?:for )?me\b"
    # "husband's back worse, not mine", "it's hers, not mine".
    r"|not mine\b(?! (?:too|as well|either))|(?:its|it is|thats) (?:his|hers|theirs)\b)"
)


# The message ends by asking the same of the patient in a clause of its own: "mate's needling got
# infected. me?", "... and what about me?".
_ME_TOO = re.compile(r"^ ?(?:and |what about |how about |same for |so )?me(?: too| also)?$")


# A whole message told as history: a time long past ("about eight years ago", "in 2020") and
# nothing that places a sign now. Its signs are the patient's past, however the clauses fall
# ("eight years ago i had a spontaneous pneumothorax, collapsed lung basically").
_LONG_AGO_ANYWHERE = re.compile(r"\b(?:" + _LONG_AGO + r")\b")
_HERE_AND_NOW = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening|arvo)|yesterday|last night|right now"
    r"|rn|at the moment|currently|still|now|anymore|again|after (?:the|my|this|todays|that)"
    r" (?:session|needl\w*|treatment|appointment|visit)"
    # "since about lunchtime it's ramped up", "for the last 20 minutes", "worse every hour".
    r"|since (?:about |around )?(?:lunch\w*|breakfast|dinner|tea(?: ?time)?|midday|noon|earlier"
    r"|then|\d+)|(?:minutes?|mins?|hours?|hrs?) ago"
    r"|for the (?:last|past) (?:\w+ )?(?:minutes?|mins?|hours?|hrs?)|(?:every|each|by the) hour"
    r"|this time|just now|ramped up|worse|worsening"
    # "it simply hasn't stopped", "for the best part of an hour".
    r"|hasnt stopped|has not stopped|wont stop|for the best part of)\b"
)
_OVER_NOW = re.compile(
    # "is needling still ok for me?" asks about treatment; it places no sign now.
    r"\bstill (?:ok|okay|safe|fine|alright|suitable|allowed|possible)\b|"
    r"\b(?:all |totally |completely )?(?:good|gd|fine|ok|okay|better|well|normal|gone|over"
    r"|clear) now\b|\bnow (?:im |i am |its |it is |it s )?(?:all )?(?:fine|ok|okay|good|better"
    r"|gone|over|normal|clear)\b"
)


# The patient's body now, in the present tense: "i'm really short of breath", "my chest is
# tight". A message that says so is no history, whatever it tells of years ago.
_BODY_NOW = re.compile(
    r"\b(?:(?:im|i m|i am|i feel|i keep|i cant|i can t|ive got|i have got|i have)(?: \w+){0,2}"
    r" (?:short|breathless|dizzy|faint|fainting|numb|bleeding|in pain|in agony|sweating|shaking"
    r"|burning|swollen|tight|weak|feverish|unwell|breathe|breath|breathing|tingling|spinning"
    r"|chest pain|a fever|a temperature)"
    r"|my (?:\w+ )?(?:chest|arm|arms|leg|legs|hand|hands|back|neck|shoulder|breathing|breath|skin"
    r"|spot|head|face|foot|feet|side|knee|hip|heart) (?:is|are|keeps?|feels?|wont|cant|s)"
    r"(?! (?:fine|ok|okay|good|well|great|normal|better|all good|perfectly|totally|absolutely"
    r"|completely|doing (?:fine|well|great)|getting better)))\b"
)


def told_as_history(clauses: list[str]) -> bool:
    """The message speaks of long ago only (see above); "all good now" is no present sign, and
    the patient's body told in the present ("my chest is tight") is.
    An anchor is read within a clause: "...half marathons since. my gp says..." is none."""
    whole = " ".join(clauses)
    if not _LONG_AGO_ANYWHERE.search(whole) or any(_ANCHOR.search(c) for c in clauses):
        return False
    if _BODY_NOW.search(whole):
        return False
    # Clause by clause: "i walked home fine. now there's a swelling" is no "fine now".
    return not _HERE_AND_NOW.search(" ".join(_OVER_NOW.sub(" ", c) for c in clauses))


# A past told over several clauses: "about five years ago, at a different clinic, i had needling
# and i fainted during the session, i went all hot and clammy". The frame opens at a time long
# past (or weeks ago) and holds for each clause told in the past tense; a clause with any word of
# the present ("now", "still", "i'm", "is", "since the session") closes it. A clause without a
# past-tense verb is not held ("years ago i had asthma. really short of breath") either.
# "seven years ago now": the "now" counts the years; it does not end the past.
_AGO_NOW = re.compile(r"\b(ago|back) now\b")
_FRAME_START = re.compile(
    r"\b(?:" + _LONG_AGO + r"|(?:a few|few|several|a couple of|couple of|\d+|two|three|four|five"
    r"|six) weeks ago|(?:\d+|two|three|a few|few|several|many|some) (?:years|months|yrs)"
    r" (?:ago|back|before|earlier)|when i was in my \w+|in the past|last (?:year|month))\b"
)
_FRAME_PAST = re.compile(
    r"\b(?:was|were|wasnt|werent|could|couldnt|had|felt|got|went|fainted|ended|turned|did|came"
    r"|took|passed|blacked"
    r"|collapsed|spent|laid|sat|drove|said|gave|cleared|called|told|thought|seemed|started"
    r"|lasted|happened|needed|kept|tried|found|saw|made|ran|woke|put|checked)\b"
)
_FRAME_ENDS = re.compile(
    r"\b(?:now|today|tonight|yesterday|last night|this (?:morning|afternoon|evening|week|arvo)"
    r"|still|currently|at the moment|right now|rn|again|anymore|im|i am|i m|ive|i have|is|are|am"
    r"|feel|feels|feeling|keeps?|cant|wont|getting|has|have|since)\b"
)


def past_frames(clauses: list[str]) -> list[bool]:
    """Which clauses a long-past frame holds (see above); never the clause that opens it, whose
    own words the per-clause history rules read."""
    held = []
    frame = False
    for clause in clauses:
        clause = _AGO_NOW.sub(r"\1", clause)
        ends = bool(_FRAME_ENDS.search(clause) or _ANCHOR.search(clause))
        held.append(frame and not ends and bool(_FRAME_PAST.search(clause)))
        start = _FRAME_START.search(clause)
        if start and not _FRAME_ENDS.search(clause[start.end() :]):
            frame = True
        elif ends:
            frame = False
    return held


# Said to go on now, or to be worsening: the second opinion may not silence such a sign ("my
# chest has felt heavy ... it hasn't let up and it's worse when i walk").
_GOING_ON = re.compile(
    r"\b(?:hasnt let up|not letting up|wont let up"
    r"|(?<!if its )(?<!if it )(?<!if it is )getting worse|worse when|worse if|worse now"
    r"|still there|still (?:feel|feels|have|has|got|hurts|hurting|tight|heavy|numb|there)"
    # "he's now complaining of chest pain", "now having trouble breathing".
    r"|(?<!if )(?<!if hes )(?<!if shes )(?<!if im )now (?:complaining|having|getting|feeling"
    r"|struggling)"
    # Not "nothing since then", "fine since yesterday": over since.
    r"|(?<!nothing )(?<!none )(?<!never )(?<!fine )(?<!normal )(?<!okay )(?<!ok )"
    r"since (?:about |around )?(?:lunch\w*|this morning|this afternoon|this evening"
    r"|last night|the session|the needling|yesterday|then)|keeps? (?:getting|coming)"
    # "much more than before, I can not stand": severity told as it is now.
    r"|(?:much )?(?:more|worse) than before|(?:can not|cannot|cant) (?:stand|walk|sleep|move)"
    # "the pain is the worst it's ever been".
    r"|worst (?:its|it s|it|it is|it has|ive|i ve|i|i have) ever (?:been|had|felt))\b"
)


def going_on(whole: str) -> bool:
    """The message says a sign goes on now or worsens (see above)."""
    return bool(_GOING_ON.search(whole))


# The message asks what to do, or when to worry: "if the spot starts bleeding later tonight how
# long should i press on it", "should i be worried if my chest feels tight later on". A sign in
# its "if" clause is a condition, not a report; "still" or "right now" make it one again.
ADVICE = re.compile(
    r"\b(?:what|wat|wot) (?:should|do|must|would|shall|can) (?:i|we|you|he|she|they) do\b"
    r"|\bwhat (?:i|we) (?:should|must|have to|need to) do\b"
    # "what i do if there is bleeding that does not stop?": the auxiliary left out.
    r"|\bwhat (?:i|we) do if\b"
    r"|\bhow (?:do|would|will|can|could) (?:i|we|you) (?:know|tell)\b"
    r"|\bhow long (?:should|do|must|would|can) (?:i|we|you)\b|\bhow long is too long\b"
    r"|\bhow long (?:i|we) (?:press|wait|hold|keep)\b|\bbefore (?:i|we) (?:call|ring|phone)\b"
    r"|\b(?:should|do|must) (?:i|we) (?:be )?(?:worr(?:y|ied)|concerned|call|ring|phone|contact"
    r"|come)\b|\bat what point\b|\bwhat (?:i|we) (?:do|to do)$"
    r"|\b(?:something|anything) to worry about\b"
    r"|\bwhen (?:should|do|must|would) i (?:worry|call|ring|phone|contact|seek|go|get|come)\b"
    r"|\b(?:who|where) (?:should|do|can|could|would) i (?:call|ring|contact|go|turn|speak)\b"
    r"|\b(?:who|where) (?:i|we) (?:must|should|need to|have to) (?:call|ring|contact|go)\b"
    r"|\bis there (?:someone|somebody|anyone|a number)\b|\b(?:what then|then what|what next)\b"
    # "if i fainted during the session, would the physio know what to do?".
    r"|\bwould (?:the |you |your |a |someone |somebody |anyone |they )?(?:\w+ )?(?:know what to do"
    r"|be able to (?:help|cope|deal)|know how to (?:help|deal|cope))\b"
    r"|\bwhat (?:would|will) (?:happen|you do|they do|the physio do)\b"
)
# Not "if anything it's steadily worse": "if anything" is "in fact", no condition.
_IF_BEFORE = re.compile(r"\bif(?! anything\b| so\b| not\b)(?: \w+){0,6} $")
_CURRENT = re.compile(r"\b(?:still|right now|rn|at the moment|currently|already)\b")
_TOO_LONG = re.compile(r"\bhow long is too (?:long|much)\b")
# "how much soreness is too much after the needling": a question about a limit, the sign in it.
_HOW_MUCH_TOO = re.compile(
    r"\bhow (?:much|bad|sore|painful)(?: \w+){0,3}? (?:is|are|would be|counts as|becomes)"
    r" too (?:much|bad|sore|painful|far)\b"
)


def _idiom_after(after: str, match: re.Match[str]) -> bool:
    """The words after a sign make it a figure of speech (see :data:`_IDIOM_AFTER`)."""
    if _DOWN_MY_NECK.match(after):
        return "breath" in match.group()
    if _CROWD_AFTER.match(after):
        return match.group().startswith("scream")  # "screaming actors", "screaming kids"
    return bool(_IDIOM_AFTER.match(after))


_CROWD_AFTER = re.compile(
    r"^ (?:actors?|kids|children|fans|crowds?|toddlers?|babies|baby|goats?|headlines?|match)\b"
)


def figure_of_speech(clause: str, match: re.Match[str]) -> bool:
    """The sign's words are a figure of speech, as :func:`cancelled` reads them: "nearly
    fainted at the price", "the printer has collapsed", "laughed so hard i couldn't breathe"."""
    before = clause[: match.start()]
    return bool(
        _idiom_after(clause[match.end() :], match)
        or _THING_BEFORE.search(before)
        or _LAUGHED_BEFORE.search(before)
    )


def conditional(clause: str, match: re.Match[str]) -> bool:
    """The sign sits in an "if" clause of a message asking what to do (see :data:`ADVICE`)."""
    if _CURRENT.search(clause) or _ANCHOR.search(clause):
        return False
    return bool(_IF_BEFORE.search(clause[: match.start()]))


def hypothetical(clause: str, match: re.Match[str]) -> bool:
    """The words just before the sign ask about it rather than report it ("what would happen
    if ...", "hypothetically if i ...")."""
    before = clause[: match.start()]
    if _asked_of_ongoing(before, clause):
        return False
    return bool(_HYPOTHETICAL.search(before)) and not _ANCHOR.search(clause)


def _asked_of_ongoing(before: str, clause: str) -> bool:
    """ "Is it normal to still be in agony 4 days after needling?": whether a sign is normal,
    asked of one that goes on, is a report."""
    return bool(_NORMAL_TO.search(before) and _STILL_NOW.search(clause))


_NORMAL_TO = re.compile(r"\b(?:normal|usual|ok|okay|common) to\b")
_STILL_NOW = re.compile(
    r"\bstill\b|\b(?:\d+|two|three|four|five|six|seven|a few|several) days (?:after|since|post"
    r"|on)\b|\bday (?:\d+|two|three|four|five|six|seven)\b"
    r"|\b(?:right now|rn|at the moment|currently)\b"
    # "is it normal for ur chest to hurt ... been achy n tight all nite".
    r"|\bbeen(?: \w+){0,4} all (?:night|nite|day|morning|evening|afternoon)\b"
    # "is it normal to feel short of breath ... it started about an hour after i got home".
    r"|\b(?:it|this|that) started (?:about |around |maybe )?(?:an? |half an? |\d+ |two |three )?"
    r"(?:hours?|hrs?|minutes?|mins?) (?:after|ago)\b"
    # "is it normal to pass out after dry needling bc i def just did": owned in the same breath.
    r"|\b(?:bc|cos|coz|cause|because|as) i (?:\w+ ){0,2}(?:did|do|am|m|have|just have)$"
)


_DENIAL = re.compile(r"^ ?(?:no|nope|nah|not really|none|not at all|i didnt|i did not|didnt)$")
# An emoji between words ends a clause as a full stop would: "spreadin up to my hip now 😕
# normal?" asks whether it is normal; it does not say it is now normal.
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u200d\ufe0f"
CLAUSES = re.compile(
    rf"(?:[!?;,\n{_EMOJI}]|\.(?!\d))+|\b(?:but|however|although|though|except)\b", re.IGNORECASE
)


_SUBJECTS = frozenset(["it", "its", "i", "im", "she", "he", "they", "now"])
_OF_FILLER = frozenset(["of", "the", "those", "these", "that"])
# Words that may stand between "or" and the sign it carries a denial to ("or even feel").
_OR_LEAD_TEXT = "even feel felt get got have had any a an the was been really"
_OR_LEAD = frozenset(_OR_LEAD_TEXT.split())


def denied_before(words: list[str], negators: frozenset[str] = _NEGATORS) -> bool:
    """The words before a sign deny it: a negation among the last three, or carried across
    "or" ("didn't feel faint or dizzy", "i don't have any shortness of breath or chest pain",
    "i didn't faint or even feel lightheaded")."""
    if _denies(words[-3:], negators):
        return True
    if _HEDGED_DENIAL.search(" ".join(words[-7:])):
        return True  # "i don't think i have a fever"
    # "haven't had any of the pins and needles": "of the" between the denial and the sign.
    plain = [word for word in words if word not in _OF_FILLER]
    if len(plain) < len(words) and _denies(plain[-3:], negators):
        return True
    lead = 0
    while lead < 3 and lead < len(words) and words[-1 - lead] in _OR_LEAD:
        lead += 1
    at = len(words) - 1 - lead
    return (
        at >= 0
        and words[at] in ("or", "nor")
        and bool(negators.intersection(words[max(0, at - 8) : at]))
    )


def _denies(last: list[str], negators: frozenset[str]) -> bool:
    """A denial among ``last`` with no subject after it: in "hasn't eased it got steadily
    worse" the denial ends with "eased" and "it" starts a new report."""
    at = max((i for i, word in enumerate(last) if word in negators), default=-1)
    if (
        at >= 0
        and last[at] in ("didnt", "never")
        and last[at + 1 : at + 2] in (["think"], ["thought"], ["expect"], ["expected"], ["knew"])
        and not _SELF_OR_IT.intersection(last[at + 2 : at + 3])
    ):
        return False  # "i didn't think a bruise could grow this quick": surprise, no denial
    if at >= 0 and last[at] == "not" and last[at + 1 : at + 2] in _NOT_AS_USUAL:
        return False  # "this is not normal soreness, my glute is killing me": alarm, no denial
    return at >= 0 and not _SUBJECTS.intersection(last[at + 1 :])


_NOT_AS_USUAL = [["normal"], ["right"], ["ok"], ["okay"], ["usual"], ["good"], ["great"]]


_HEDGED_DENIAL = re.compile(
    r"\b(?:dont|do not|didnt|did not) (?:think|believe|reckon) (?:i|im|ive|its|it|theres|there)"
    r"(?: (?:have|had|has|got|is|was|am|any|a|an|much|really|actually)){0,3}$"
)
_SELF_OR_IT = frozenset(["i", "im", "ive", "id", "it", "its", "that", "there", "this"])


_OLD_SIGN = re.compile(r"\b(?:that|the|my|an|this|his|her|a) (?:old|previous|former|earlier) $")


# "i'm never out of breath like this", "never felt dizzy like that": the denial is of the usual,
# and says this is new.
_NOVEL_AFTER = re.compile(
    r"^(?: (?!(?:nothing|anything|or|and|something|everything|none)\b)\w+){0,3}? like"
    r" (?:this|that|now|today|tonight)\b"
)


def novel(after: str) -> bool:
    """The words after a denied sign say it is new now (see above)."""
    return bool(_NOVEL_AFTER.match(after))


# A sign the patient was told to expect, said not to have come.
_NEVER_CAME = re.compile(
    r"^(?: \w+){0,5}? (?:did not|didnt|never|has not|hasnt|have not|havent|does not|doesnt)"
    r" (?:come|came|happen|happened|appear|appeared|show up|showed up|turn up|kick in)\b"
    r"(?! (?:back|and go|and went|down|off|out|to|until|till))"
)


# The writer takes the words back as a saying: "not literally", "figuratively speaking", "it's
# just an expression".
_NOT_LITERAL = re.compile(
    r"^(?:(?:but|and|ok|okay|well|haha+|lol|obviously|of course) )*(?:not literally"
    r"|(?:only |just )?figuratively|(?:its|it s|thats|that s) (?:just |only )?(?:a|an)"
    r" (?:saying|expression|figure of speech))\b"
)


def cancelled(clause: str, match: re.Match[str], following: str, beyond: str = "") -> bool:
    before = clause[: match.start()]
    after = clause[match.end() :]
    if denied_before(before.split()) and not novel(after):
        return True
    if _PAST.match(after) or _ELSEWHERE.match(following):
        return True
    if _BEFORE_TREATMENT_AFTER.match(after):
        return True
    if _OLD_SIGN.search(before):
        return True  # "that old infection", "my previous faint"
    past = _PAST_BEFORE.search(before)
    # "a collapsed lung years ago and since the needling i'm short of breath": the anchor after
    # the history places this sign now.
    if past and not _ANCHOR.search(clause[past.end() :]):
        return True
    # "fainted once", "fainted, years ago": the time is the clause's end or the next clause.
    if _ONCE_AFTER.match(after) or (
        _PAST.match(f" {following}") and not _COMPARED.match(following)
    ):
        return True
    if _ELSEWHERE_AFTER.match(after) or _ABOUT_AFTER.match(after):
        return True
    # "is breathlessness after needling a thing": the sign's word may run on past the match.
    if (
        _QUESTION_START.match(before)
        and _ABOUT_SIGN.match(_WORD_REST.sub("", after))
        # "is fainting after needling a thing? i just did. twice": asked, then owned.
        and not _OWNED.match(following)
    ):
        return True
    if _WHAT_DOES.search(before) and _LOOKS_LIKE.match(after):
        return True  # "what does an infected needle site look like": how to recognise it
    if _TOO_LONG.search(f"{after} {following}") or _HOW_MUCH_TOO.search(clause):
        return True
    if _idiom_after(after, match) or _UNRELATED.search(f"{clause} {following}"):
        return True
    if _NEVER_CAME.match(after):
        return True  # "the tingling you told about did not come"
    if any(_NOT_LITERAL.match(c) for c in (after.lstrip(), following, beyond.split(" ; ")[0])):
        # "the humidity is suffocating, you can't breathe by 10am. not literally, i'm fine".
        return True
    if _LIKE_BEFORE.search(before) and (
        _MILDER_AFTER.match(after)
        or (_FEELING_ONLY.match(after) and _MILDER_AFTER.match(f" {following}"))
    ):
        return True  # "kinda like a dead leg but way milder": a comparison, softened
    if _THING_BEFORE.search(before) or _LAUGHED_BEFORE.search(before):
        return True  # "the printer has collapsed again", "laughed so hard i couldn't breathe"
    event = bool(_EVENT.match(match.group())) and not _near_miss(before.rstrip(), match.group())
    if event and _PREVIOUS_VISIT.match(after) and _RESOLVED_LATER.search(following):
        return True  # "fainted last visit, fine since": a past visit's event, over
    # "a bit faint and sweaty, he got me lying down, i had a cup of tea and was right as rain":
    # the resolution may come a clause or two after the next one.
    later = f"{after} {following}"
    resolved_later = _resolved_later(after, following) and not _STILL_BAD.search(
        _NEVER_BACK.sub(" ", later)
    )
    settled_beyond = _settled_beyond(beyond) and not _STILL_BAD.search(
        _NEVER_BACK.sub(" ", f"{later} {beyond}")
    )
    if not event and (resolved_later or settled_beyond):
        return True
    anchored = bool(_ANCHOR.search(f"{clause} {following}"))
    # "it eased off but it's come back twice since": eased, then returned.
    returned = bool(_RETURNED.search(_NEVER_BACK.sub(" ", f"{later} {beyond}")))
    if (
        not event
        and not returned
        and (
            _resolved(after)
            or _resolved(" " + following)
            or _DENIAL.match(following)
            or _FINE_AFTER.match(following)
            or _NOW_BETTER.match(following)
            or _BRIEF.match(after)
            or (_BENIGN_CAUSE.match(after) and not anchored)
            or (_HABIT.search(before) and not _ANCHOR.search(clause))
        )
    ):
        return True
    if _ANCHOR.search(after) or _PERSISTS.search(following) or _SAYS_SO.match(following):
        return False
    if _WHEN_ASKED.search(before) and _WORTH_WORRY.match(after):
        return True  # "when would numbness be something to worry about?"
    if _asked_of_ongoing(before, clause):
        return False
    if _IF_NOUN.search(before) and not _CURRENT.search(clause):
        return True  # "if the bruise gets bigger over the next few days, should i tell you?"
    return bool(_TOPIC.search(before) or _HYPOTHETICAL.search(before) or _WORRY.search(before))


_WHEN_ASKED = re.compile(
    r"^(?:so |and |but |ok )?(?:when|at what point) (?:would|does|do|should|is|might|could|will)"
    r"(?: the| any| my)? $"
)
_WORTH_WORRY = re.compile(
    r"^(?: \w+){0,4}? (?:be|become|becomes|get|gets|turn|turns|count as) (?:something |anything )?"
    r"(?:to worry about|serious|worrying|a (?:concern|problem|worry|red flag)|dangerous"
    r"|an emergency|worth)\b"
)


_RETURNED = re.compile(
    # Not "the feeling came back": what numbness took, returning, is the sign passing.
    r"(?<!feeling )(?<!sensation )(?<!strength )(?<!power )(?<!grip )(?<!movement )(?<!colour )"
    r"(?<!color )(?<!it all )"
    r"\b(?:" + _COME_BACK + r"|came back|coming back|returned"
    r"|(?:started|starting|kicked off|flared up) again"
    # "a tight pain across my chest that's come and gone three or four times since".
    r"|(?:come|came|comes|coming) and (?:gone|go|goes|going)(?: \w+){0,3} (?:times|since|all"
    r" (?:night|day|evening|afternoon|morning)))\b"
    # "it came back and has been completely normal since": the feeling, back to normal.
    r"(?!(?: \w+){0,5} (?:normal|fine|ok|okay|good)\b)"
)


# "is it normal to be crying from the pain? cos i am": the question is the patient's own state.
_SAYS_SO = re.compile(
    r"^ ?(?:cos|cause|coz|because|bc) (?:i am|im|i m|i do|i have|ive got)"
    r"(?: (?:lol|haha|tbh|ngl))?$"
)


_LIKE_BEFORE = re.compile(r"\blike (?:a |an |having a |having an )?$")
_MILDER_AFTER = re.compile(
    r"^ (?:but |only |just )?(?:way |much |far |a lot |a bit |slightly |so much )?(?:milder"
    r"|less (?:bad|intense|severe|strong))\b"
    # "like a dead leg type feeling, but it's already better than last night".
    r"|^ (?:but )?(?:it |its |it s |it is )?(?:already |now )?(?:better|easing|easier|fading)\b"
)
# What may follow the compared sign before the comparison goes on: "like a dead leg type feeling".
_FEELING_ONLY = re.compile(r"^(?: (?:type|kind|sort)(?: of)?)?(?: feeling| sensation| thing)?$")


# An "if" whose subject is the sign's own noun: "if the bruise gets bigger", "if my arm goes numb".
_IF_NOUN = re.compile(r"\bif (?:the|my|your|his|her|their|a|an) $")


# "the needle mark stopped bleeding ages ago": the stop told before the sign's word.
_STOPPED_BEFORE = re.compile(
    r"(?<!hasnt )(?<!has not )(?<!havent )(?<!not )(?<!never )(?<!wont )(?<!didnt )"
    r"\b(?:stopped|has stopped|had stopped|quit|no longer|finished)(?: \w+)? $"
)


def _resolved_later(after: str, following: str) -> bool:
    """Said to be over later in the clause or in the next one, each read alone: "chest pain
    now. normal?" is no "now normal"."""
    return bool(_RESOLVED_LATER.search(after) or _RESOLVED_LATER.search(f" {following}"))


def said_to_be_over(clause: str, match: re.Match[str], following: str, beyond: str) -> bool:
    """The sign is said to have stopped, in its clause or the next two or three ("bled for a
    minute but it stopped with pressure and hasn't bled since"), and nothing brings it back."""
    after = clause[match.end() :]
    later = f"{after} {following}"
    if _STILL_BAD.search(_NEVER_BACK.sub(" ", f"{later} {beyond}")) or _PERSISTS.search(later):
        return False
    if _STILL_BEFORE.search(clause[: match.start()]):
        return False  # "still pretty lightheaded": whatever settled later in the message
    return bool(
        _STOPPED_BEFORE.search(clause[: match.start()])
        # "it stopped and hasn't bled since": the sign's own word, denied ever since.
        or (_NOT_SINCE_BEFORE.search(clause[: match.start()]) and _SINCE_AFTER.match(after))
        or _resolved_later(after, following)
        or _settled_beyond(beyond)
        or _resolved(after)
        or _resolved(" " + following)
        or _FINE_AFTER.match(following)
        or _NOW_BETTER.match(following)
    )


def _settled_beyond(beyond: str) -> bool:
    """Said to be settled in a clause or two later, unless what settled there is the trouble the
    patient was treated for: "now i'm a bit breathless ... the knot you found is totally gone
    though!" is the knot, not the breath."""
    for found in _SETTLED_BEYOND.finditer(beyond):
        clause = beyond[: found.start()].rsplit(" ; ", 1)[-1]
        if not _TREATED_TROUBLE.search(clause):
            return True
    return False


# What needling treats, never a red flag: "the knot", "the tension in my traps".
_TREATED_TROUBLE = re.compile(
    r"\b(?:knot|knots|trigger points?|tension|stiffness|tightness in my (?:\w+ )?(?:neck|back"
    r"|shoulders?|traps|hips?|calf|calves|glutes?)|spasms?)\b"
)


_NOT_SINCE_BEFORE = re.compile(r"\b(?:hasnt|has not|havent|have not|hadnt|had not|never) $")
_SINCE_AFTER = re.compile(r"^ (?:again|since|any ?more|at all)\b")
_EXAMPLES = re.compile(r"^ ?(?:like|such as|for example|for instance|eg|e g)\b")
_STILL_BEFORE = re.compile(
    r"\bstill(?: (?:a|bit|a bit|pretty|very|really|quite|so|feeling|feel|feels|am|im|i m|is|its"
    r"|kinda|kind of|slightly|little|a little|super|proper|well|dead|bloody))* $"
)


def asked_beforehand(clause: str, match: re.Match[str]) -> bool:
    """A question in a message sent before any session, about a sign that is no event; or an
    example in a list ("like chest pain, breathing stuff, dizziness")."""
    if _ANCHOR.search(clause) or not (_ASKS.search(clause) or _EXAMPLES.match(clause)):
        return False
    return not _EVENT.match(match.group())


def _resolved(text: str) -> bool:
    found = _RESOLVED.match(text)
    if found is None:
        return False
    # "hasn't gone away", "still not back to normal": the two words before deny the resolution.
    words = text[: found.start("word")].split()
    return not _UNRESOLVED.intersection(words[-2:])


# Self-harm is never silenced by the ordinary guards: "i don't want to be here any more" carries
# its own negation. Two narrow exceptions, both the patient speaking plainly of their own mind:
# the thoughts denied outright ("no, i've never had thoughts of harming myself", "not
# suicidal") and a past the patient says is over ("i used to self-harm as a teenager, i'm in a
# really good place now"). Anything that brings the thoughts near again keeps it urgent.
_MIND_NEAR = re.compile(
    # "married again", "running again" are a life, not the thoughts returning.
    r"\b(?:(?<!married )(?<!running )(?<!walking )(?<!working )(?<!dating )(?<!happy )again"
    r"|lately|recently|these days"
    r"|(?<!years )(?<!months )(?<!ages )back(?! then| in| when| at| before)|returning"
    r"|return|creeping|still|today|tonight"
    r"|right now|rn|at the moment|currently|anymore|any more|sometimes|until now|till now"
    r"|start|starting|started|plan|planning|thinking about|think about"
    r"|but now(?! (?:im |i am |i feel |i m |feeling |doing )?(?:\w+ )?(?:good|fine|well|better|ok"
    r"|okay|great|happy|stable))"
    r"|(?:want|wanna|wish|wishing)(?: to| i)? (?:die|be dead|end|disappear|not be|not wake|hurt"
    r"|harm|kill|cut|be gone|was dead|were dead)"
    r"|cant cope|struggling|worse)\b"
)
_THOUGHTS_DENIED = re.compile(
    r"\b(?:no|not|never|dont|havent|hasnt|didnt|nor|none)(?: (?:ever|had|have|having|any|really"
    r"|been|got|getting|experienced|experiencing|felt|feel|feeling|such|a|history of))*"
    r" (?:thoughts?|ideas?|urges?|intentions?"
    r"|plans?|feelings?)(?: of| about| to)? $"
    r"|\b(?:not|never been|never felt|havent been|wasnt|am not|im not) $"
)
_PAST_MIND = re.compile(
    r"\b(?:used to|as a (?:teenager|teen|kid|student|young \w+)|in my (?:teens|twenties|youth)"
    r"|when i was (?:younger|a teenager|a teen|at uni|at school|in school|\d+)|years ago"
    r"|years back|years before|years earlier|long time ago|in the past"
    r"|dark (?:time|patch|period|place|spell))\b"
)
_WELL_NOW = re.compile(
    r"\b(?:(?:im|i am|ive been|i have been|been|doing|feeling|feel)(?: \w+){0,2} (?:well|good"
    r"|great|fine|better|stable|ok|okay|happy)|(?:good|better|great|happy|healthy) place"
    r"|recovered|good support|well supported|well now|fine now"
    r"|(?:is|s|are) (?:now )?stable|now (?:he|she|they) (?:is|are|s) (?:\w+ )?(?:well|stable|fine"
    r"|better|ok|okay)"
    r"|(?:long |way |well |far |all )?behind me|moved on|long gone|(?:all )?over now"
    r"|past (?:that|it) now)\b"
)


# Asked about someone else's thoughts as a condition, not reported: "if he ever talked about
# hurting himself, what should i do?", "what support is there if someone feels like harming
# themselves". "right now" or "still" make it a report again.
_OTHERS_IF = re.compile(
    r"\bif (?:he|she|they|someone|somebody|anyone|anybody|a patient|a client|patients|people"
    r"|my \w+|our \w+|a friend|a family member)\b(?: \w+){0,8} $"
)


def mind_of_others_asked(clause: str, match: re.Match[str]) -> bool:
    """Self-harm words about another person, inside an "if" (see above)."""
    if _CURRENT.search(clause) or _FIRST_PERSON.search(match.group()):
        return False
    return bool(_OTHERS_IF.search(clause[: match.start()]))


# An injury, not self-harm: "i hurt myself at the gym", "my son hurt himself playing rugby",
# "cut myself shaving", "someone who just hurt themselves". Only "hurt"/"cut" words, and never
# with intent, a habit or a return near ("on purpose", "keep", "again").
_INJURED = re.compile(r"^(?:hurt|hurts|hurting|cut|cuts|cutting) ")
_ACCIDENT = re.compile(
    r"\b(?:gym|workout|working out|exercis\w*"
    r"|(?:at|to) (?:the )?(?:work|football|training|practice|netball|rugby|soccer|cricket|hockey)"
    r"|playing|training|lifting|running|jogging|shaving|cooking|chopping|slicing|gardening"
    r"|climbing|skiing|cycling|riding|surfing|dancing|moving (?:house|furniture)|diy"
    r"|in a fall|fell|falling|slipped|tripped|accident|accidentally|by accident|sports? injury"
    r"|on (?:a|the|some) (?:tin|can|knife|nail|glass|door|edge|corner|step|stairs|ice)"
    # "is it better to get needled early, like right after i hurt myself?": when to treat an
    # injury.
    r"|(?:right|straight|soon|just|shortly|immediately|days|weeks) after i (?:hurt|injure|injured)"
    r"|(?:needled|needling|treated|treatment|seen) early)\b"
)
_WHO_GOT_HURT = re.compile(
    r"\b(?:someone|somebody|people|a person|anyone|those|others) (?:who|that) (?:just |recently"
    r" |has |have |had )?$"
)
_ON_PURPOSE = re.compile(
    r"\b(?:on purpose|deliberately|intentionally|keep|keeps|kept|been|urge|urges|tempted|want"
    r"|wants|wanted|wanna|going to|gonna|thinking|thought|feel like|felt like)\b"
)


# "back" the body part, not the thoughts come back: "a stiff lower back".
_BODY_BACK = re.compile(r"\b(?:lower|upper|my|his|her|their|the|sore|bad|stiff|mid|middle) back\b")


# Care not to be injured: "i don't want to hurt myself or make the needling not work".
_CAREFUL = re.compile(
    r"\b(?:dont|do not) want to (?:hurt|injure) (?:myself|himself|herself) (?:or|and) (?:make"
    r"|undo|ruin|damage|set|overdo|strain|pull|mess|break|cause)\b"
)


def hurt_by_accident(clause: str, match: re.Match[str]) -> bool:
    """The self-harm words tell of an injury (see above)."""
    if _CAREFUL.search(clause):
        return True
    near = _MIND_NEAR.search(_BODY_BACK.sub(" ", clause))
    if not _INJURED.match(match.group()) or near or _ON_PURPOSE.search(clause):
        return False
    before = clause[: match.start()]
    return bool(_ACCIDENT.search(clause) or _WHO_GOT_HURT.search(before))


def mind_denied(clause: str, match: re.Match[str]) -> bool:
    """The self-harm words are denied outright just before them ("never had thoughts of")."""
    return bool(_THOUGHTS_DENIED.search(clause[: match.start()])) and not _MIND_NEAR.search(clause)


def mind_at_peace(whole: str) -> bool:
    """The whole message tells self-harm as the patient's past, now over (see above)."""
    if _MIND_NEAR.search(_BODY_BACK.sub(" ", whole)):
        return False  # "for his back" is no return of the thoughts
    return bool(_PAST_MIND.search(whole) and _WELL_NOW.search(whole))


# Whose mind a self-harm sign speaks of, for the words of the reply (never for whether it is
# urgent: it always is). The nearest person named before the sign is its subject: "my son keeps
# talking about hurting himself", "i'm worried about my wife, she says she wants to end it all".
_ANOTHER = (
    r"(?:my|our) (?:\w+ )?(?:" + _RELATIONS + r"|patient|other half)s?"
    r"|he|she|they|hes|shes|theyre|theyve|hed|shed|theyd|someone|somebody|anyone|anybody"
)
_SUBJECT = re.compile(r"\b(?:(?P<other>" + _ANOTHER + r")|i|im|id|ive|ill|me|myself)\b")
_OF_ANOTHER = re.compile(
    r"\b(?:himself|herself|themselves|themself|his life|her life|their life)\b"
)
# "she texted me saying goodbye": the reporter as the one told, not the one at risk.
_TOLD_ME = re.compile(
    r"\b(?:texted|text|messaged|message|called|rang|phoned|wrote|told)(?: to)?"
    r" (?:me|us)\b"
)


def told_by_patient(clause: str, match: re.Match[str]) -> bool:
    """The person named last before the sign in its clause is the patient ("i've been feeling
    a tight pressure across my chest"): in a message that also tells someone else's story, such
    a sign is still the patient's own."""
    if _FIRST_PERSON.search(match.group()):
        return True  # "next thing i know i'm on the pavement": the sign's own words say whose
    people = list(_WHO_FEELS.finditer(_TOLD_ME.sub(" ", clause[: match.start()])))
    if not people:
        # No one named before it: "the one on my thigh started bleeding when i stood up",
        # "still pretty lightheaded and my hands are shaky".
        people = list(_WHO_AFTER.finditer(clause[match.end() :]))[:1]
    if not people and _ASIDE.match(clause):
        return True  # "can i bring my wife? also chest been sore n tight all nite": the writer's
    return bool(people) and people[-1].group("other") is None


# A clause that turns to the writer's own news, naming no one: "also chest been sore ...".
_ASIDE = re.compile(r"^(?:also|plus|btw|ps|oh and|and also|on another note|separately|oh also)\b")


def someone_untreated(whole: str) -> bool:
    """The message speaks of someone else, is not written for the clinic's patient, and
    names no needling but the writer's own ("my shoulder's fine, the needling's done wonders"):
    a sign told of them is theirs (:func:`told_of_another`). "her needle spots haven't stopped
    bleeding" keeps it the clinic's to hear."""
    return bool(
        _SOMEONE_ELSE.search(whole)
        and not _FOR_THEM.search(whole)
        and not _NEEDLED.search(_MY_NEEDLING.sub(" ", whole))
        # An aside beside the patient's own news: their own visit, or their own body said to be
        # well. "my husband keeps pressing on his chest saying it feels heavy" alone is his
        # emergency, told by the one beside him.
        and (
            _MY_VISIT.search(whole)
            or _OWN_WELL.search(whole)
            or _rearranged(whole)
            or _moved_beside_theirs_over(whole)
        )
    )


# The writer's own needling: "my needling", "the needling's helped me loads".
_MY_NEEDLING = re.compile(
    r"\b(?:my|i had|ive had|i ve had|i got|me|i m having|im having)(?: \w+){0,2}"
    r" (?:dry )?needl\w*"
    r"|\b(?:the )?(?:dry )?needl\w* (?:has |s |had |have )?(?:helped|done wonders|worked"
    r"|been great|made a difference)(?: \w+){0,3} (?:me|my)\b"
    r"|\b(?:the )?(?:dry )?needl\w* (?:has |s |had )?done wonders\b"
    # "my shoulder's been great since the needling".
    r"|\bmy \w+(?: \w+){0,4} (?:since|after) (?:the|my) (?:dry )?needl\w*"
)


def told_of_another(
    clause: str, match: re.Match[str], *, relatives: bool = False, previous: str = ""
) -> bool:
    """The sign is told of a third person right before it: "his face is drooping and he can't
    move his right arm", with no first person between. With ``relatives`` (see
    :func:`relatives_trouble`), a relative named as its subject counts too ("my husband has
    chest pains and is seeing the gp, so i might be late"), and so does a clause that names no
    one, carrying on from one about the relative ("my dad had a funny turn on sunday, went all
    numb down one side")."""
    before = clause[: match.start()]
    if _THIRD_BEFORE.search(before) or (relatives and _RELATIVE_BEFORE.search(before)):
        return True
    if not relatives or _WHO_AFTER.search(before):
        return False
    named = list(_RELATIVE_SUBJECT.finditer(previous))
    return bool(named) and not _FIRST_PERSON.search(previous[named[-1].end() :])


_RELATIVE_SUBJECT = re.compile(r"\b(?:my|our) (?:\w+ )?" + _RELATIONS + r"s?\b")


def relatives_trouble(whole: str) -> bool:
    """In a message :func:`someone_untreated` holds for, the patient moves their own visit for
    someone's everyday trouble, or says their own body is well. "my husband has chest pains,
    should i bring him in?" is not enough: he may be the clinic's patient, and his sign is
    urgent."""
    return bool(
        _rearranged(whole)
        or _OWN_WELL.search(whole)
        or _moved_beside_theirs_over(whole)
        # "bf cut his finger makin dinner n there's blood everywhere lol, anyway can i book fri":
        # the patient's own visit (:data:`_MY_VISIT`) beside someone's everyday trouble.
        or (
            _MY_VISIT.search(whole)
            and _EVERYDAY_TROUBLE.search(whole)
            and not _NEEDLED.search(whole)
        )
    )


def _moved_beside_theirs_over(whole: str) -> bool:
    """The patient moves their visit, and the other person is said to be fine now ("my
    daughter fainted at school today ... she's fine now, but i might be a bit late")."""
    return bool(
        _REARRANGE.search(whole) and _THEIRS_OVER.search(whole) and not _NEEDLED.search(whole)
    )


# "my neighbours cat got into a fight and has a big swollen lump", "gran's got a chest
# infection": the relative as the subject a few words before, or opening the clause.
_RELATIVE_BEFORE = re.compile(
    r"(?:(?:\b(?:my|our|the) (?:\w+ )?|^(?:\w+ )?)" + _RELATIONS + r"s?\b"
    # "one of the veterans collapsed on court three".
    r"|\bone of (?:the|our) (?:older |other |younger )?(?!(?:needles?|spots?|sites?|points?)\b)"
    r"\w+s)"
    r"(?: (?!(?:i|im|ive|id|my|me|mine)\b)\w+){0,6} $"
)
_THIRD_BEFORE = re.compile(
    r"\b(?:his|her|their|he|she|they|hes|shes|theyre|him)\b"
    r"(?: (?!(?:i|im|ive|id|my|me|mine)\b)\w+){0,3} $"
)


# Who a sign belongs to, for :func:`told_by_patient`: the patient as a subject ("i", "i've"),
# or anyone else as subject, object or owner ("his brother", "gave him", "her arm", "a woman
# who").
_OTHER_PERSON = (
    r"(?P<other>" + _ANOTHER + r"|his|her|hers|him|them|their|who|people"
    r"|(?:a|an|the|this|that|one|some) (?:\w+ )?(?:woman|man|lady|guy|girl|boy|bloke|person"
    r"|patient|chap|fella|friend|kid|child|baby|toddler|twins|dog|cat|puppy))"
)
_WHO_FEELS = re.compile(r"\b(?:" + _OTHER_PERSON + r"|i|im|id|ive|ill)\b")
# After a sign no one was named before, "my" names the patient too: "still pretty lightheaded
# and my hands are shaky".
_WHO_AFTER = re.compile(r"\b(?:" + _OTHER_PERSON + r"|i|im|id|ive|ill|my|me)\b")


def said_of_another(clause: str, match: re.Match[str]) -> bool:
    """The self-harm words in ``match`` are said of another person (see above): the words are
    theirs ("himself", "her life"), or the person named last before them is someone else, and
    the words themselves are not the patient's own ("nobody would miss me")."""
    own = _TOLD_ME.sub(" ", match.group())
    if _FIRST_PERSON.search(own):
        return False
    if _OF_ANOTHER.search(own):
        return True
    subjects = list(_SUBJECT.finditer(_TOLD_ME.sub(" ", clause[: match.start()])))
    return bool(subjects) and subjects[-1].group("other") is not None


# "Is it normal to black out after needling? It happened to me twice this afternoon", "is it
# normal to feel so low that you want to hurt yourself? because I do tonight": a question about
# a sign, then a clause owning it. The question is the report, in the writer's own person.
_ASKED_LEAD = re.compile(
    r"^(?:so |and |but |ok |okay |hi |hey |yo |hiya |um |erm |sorry )?(?:is it|is that|its|it s"
    r"|isnt it|is this)"
    r" (?:\w+ )?(?:normal|ok|okay|common|usual|typical|expected|possible)"
    # "is it normal for ur chest to hurt after dn?": the body part asked about is kept.
    r" (?:to|for me to|for (?:ur|your|my|the|yr) (?P<part>\w+) to) "
)
_OWNED = re.compile(
    r"^(?:and |but |well |because |cos |coz |cause |bc |as )?(?:it|this|that|thats|that s|which)"
    r"(?: just| has| has just| s| is| keeps?| already)? (?:happened|happening|happens|happen)"
    r" to me\b"
    # "is it normal to black out for a sec? happened twice since lunch".
    r"|^(?:and |but |well )?(?:(?:it|this|that|its|it s) )?(?:just |has |has just |already )?"
    r"happened"
    r" (?:twice|again|once|\w+ times|today|tonight|this (?:morning|afternoon|evening)|just now"
    r"|earlier)\b"
    r"|^(?:because|cos|coz|cause|bc|as|and|coz) i (?:do|did|am|have|m|feel|felt)\b"
    r"|^(?:i (?:just |actually |literally |really )?(?:do|did)|i am|i have|that s me|thats me"
    r"|this is me)(?: now| right now| tonight"
    r"| today| rn)?$"
    # "... been achy n tight all nite lol sorry".
    # "... only walked to the shop lol. started after my upper back session".
    r"|^(?:and |but |so )?(?:(?:it|its|it s|this|that|they|it all|it just) )?(?:started|began"
    r"|came on|kicked in|kicked off)(?: \w+){0,3} (?:after|since|during|when) (?:my|the|this|that"
    r"|i|her|his|their)\b"
    r"|^(?:(?:its|it s|it|mine|my \w+) )?(?:has )?been(?: \w+){0,4} (?:all (?:night|nite|day"
    r"|morning|evening|afternoon)|since (?:the session|last night|this morning|yesterday))\b"
)
_GENERIC_YOU = (
    (re.compile(r"\byourself\b"), "myself"),
    (re.compile(r"\byour\b"), "my"),
    (re.compile(r"\byou\b"), "i"),
)


def owned_question(clause: str, following: str) -> str | None:
    """``clause`` put as the writer's own report when it asks whether a sign is normal and
    ``following`` owns it ("it happened to me twice", "because i do"), else None."""
    lead = _ASKED_LEAD.match(clause)
    if lead is None or not _OWNED.match(following):
        return None
    part = lead.group("part")
    own = (f"my {part} " if part else "i ") + clause[lead.end() :]
    for generic, mine in _GENERIC_YOU:
        own = generic.sub(mine, own)
    return own


# Signs that are the patient's work or what they watched, not their body: "my week is basically
# chest pain calls and people who can't breathe", "nothing but fainting drunks", "watching
# grey's anatomy and someone had a collapsed lung", "a hospital drama, blood everywhere".
_AT_WORK_BEFORE = re.compile(
    # "came home really shaken after a patient with chest pain last night".
    r"\b(?:a|the|one|another|his|her|their) (?:\w+ )?(?:patient|customer|client|passenger"
    r"|casualty|resident|caller)s? (?:with|who had|who has|having|in) $|"
    r"\bmy (?:whole )?(?:day|days|week|weeks|job|shift|shifts|night|nights|work|life)"
    r"(?: \w+){0,2}? (?:is|was|are|were|has been|s|been) (?:\w+ ){0,2}?(?:basically|just|all"
    r"|full of|nothing but|mostly|spent)\b(?: \w+){0,12} $"
    r"|\bnothing but(?: \w+){0,3} $"
    # "binge-watching a hospital drama, now i'm an expert in collapsed lungs".
    r"|\b(?:an |the )?(?:expert|experts|specialist|authority) (?:in|on)(?: \w+){0,2} $"
    # "i work on the front desk in a&e and every day i'm surrounded by blood".
    r"|\bi work (?:on|in|at|for)\b(?: \w+){0,12}? (?:surrounded by|dealing with|full of)"
    r"(?: \w+){0,6} $"
    # "after a shift full of chest pains and fainting patients".
    r"|\b(?:a|the|every|another) (?:\w+ )?shifts? (?:full of|of nothing but)"
    r"(?: (?!(?:i|my|me|im|ive|mine)\b)\w+){0,6} $"
    # What the patient read or heard about: "scary stories about collapsed lungs from needling",
    # "reading stuff online last night about collapsed lungs".
    r"|\b(?:stories|story|articles?|posts?|videos?|reading|read|reviews?|threads?|forums?"
    r"|heard|hearing)(?: \w+){0,4}? (?:about|of|on) (?:\w+ ){0,2}$"
)
_WORK_NOUN_AFTER = re.compile(
    r"^ (?:calls?|patients?|cases?|drunks?|jobs?|shouts?|admissions?|victims?|callouts?)\b"
)
_ON_SCREEN = re.compile(
    # Not "sorry 4 the drama", "i hate the drama": a fuss, not a programme.
    r"\b(?:(?<!the )(?<!of )(?<!no )(?<!much )drama|dramas|series|film|films|movie|movies"
    r"|podcast|documentary|telly|tv|netflix"
    # On a stage: "i play a character who faints", "every rehearsal collapsing on stage".
    r"|character|characters|rehearsal|rehearsals|am dram|amdram|amateur dramatics|panto"
    r"|pantomime|audition|auditions"
    r"|greys anatomy|grey s anatomy|grey anatomy|tiktok|youtube|horror|thriller|zombie"
    # "the new zombie video game", "bleeding out at the boss fight" ("watched the game" may be
    # a match, whose evening goes on to the patient's own pain).
    r"|video game|video games|gaming|boss fight|playstation|xbox|console"
    # "an escape room, zombie hospital theme, fake blood everywhere, screaming actors".
    r"|escape rooms?|haunted house|scare maze|fright night"
    # "i had to play the casualty who'd fainted" at a first aid day; "i had a dream i'd
    # collapsed"; "that netflix doc about the guy who blacked out".
    r"|first aid (?:day|course|training|class)|casualty|cpr|dream|dreamt|dreamed|nightmare"
    r"|doc|docs|documentaries)\b"
)
# The writer in the first person: a sign in these words is the patient's own; self-harm words
# in them are the patient's own mind, never another person's.
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|my|me|mine|myself)\b")


def not_lived(clause: str, match: re.Match[str], previous: str) -> bool:
    """The sign belongs to the patient's work or to something watched (see above), and no
    first person stands between that and the sign."""
    before = clause[: match.start()]
    if _AT_WORK_BEFORE.search(before) or _WORK_NOUN_AFTER.match(clause[match.end() :]):
        return True
    if _DREAMT.search(before):
        return True  # "i had a dream i'd collapsed at work"
    screens = list(_ON_SCREEN.finditer(before))
    if screens:
        return not _FIRST_PERSON.search(before[screens[-1].end() :])
    told_before = _ON_SCREEN.search(previous) or _AT_WORK_BEFORE.search(f"{previous} ")
    # "my hobby is horror movies, last night i see one with a lot of blood": the patient as
    # the one watching is no first person in the scene. "watched some tv. woke up at 3am with a
    # sharp pain in my chest": the sign's own words are the patient's, and a clause that opens
    # on what the patient did is theirs too.
    own = _I_WATCHED.sub(" ", before) + " " + match.group()
    return bool(told_before) and not _FIRST_PERSON.search(own) and not _OWN_DOING.match(clause)


_DREAMT = re.compile(
    r"\b(?:dream|dreamt|dreamed|nightmare)(?: last night)?(?: that| where| about)?"
    r" (?:i|id|i d|i had|i was|im|i m|ive)(?: \w+){0,2} $"
)


# A clause that opens on what the writer did, the "i" left out: "woke up at 3am with ...".
_OWN_DOING = re.compile(
    r"^(?:(?:and|then|so|but) )?(?:woke|woken|got|went|came|felt|had|was|been|tried|started"
    r"|ended|lay|sat|stood|walked)\b"
)


_I_WATCHED = re.compile(
    r"\b(?:i|we) (?:see|saw|seen|watch|watched|was watching|were watching|am watching|re watching"
    r"|m watching|caught|binged|streamed)\b"
)
