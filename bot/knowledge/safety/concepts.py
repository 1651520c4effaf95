"""Signs composed from an organised lexicon: concept x concept within one clause.

A fixed phrase list only catches the wordings its author thought of. Here each category is a
small grammar over word classes, so a new wording is caught when its parts are known:

* a body part with a lost sensation or function ("thumb gone dead", "leg keeps buckling"),
* a function verb after an inability ("cant lift", "keep dropping things", "wont hold me"),
* a breathing word with an impairment ("breath coming short", "stopping to breathe"),
* a pain word with an intensity, a comparison or a course over time ("pain rly bad", "worse than
  when i broke my leg", "day 5 and still getting worse"),
* two local signs of infection together ("hot swollen lump") or one that spreads, and fever by
  number (38 C or more, 100.4 F or more; see :func:`fever_reading`),
* blood with an escalator (duration, soaking, recurrence) or with an anticoagulant.

Word classes hold stems and spelling variants, not whole messages; they are matched on folded,
spelling-corrected text, so "rly", "bleedin" and "numbbb" reach the same classes. Whether a
matched sign is a current report (and not a question, history or a resolved sign) is decided
afterwards by :mod:`bot.knowledge.safety.context`, the same way for every rule.
"""

from __future__ import annotations

import re

from bot.knowledge.safety.flags import RedFlag, Rule, rule, undenied_gap


def _words(text: str) -> str:
    return "(?:" + "|".join(text.split()) + ")"


def _near(first: str, second: str, gap: int = 4) -> str:
    """`first` then `second` with at most `gap` words between them, in either order; none of
    them a plain denial ("leg is not numb" names the sign only to deny it)."""
    between = r"(?: (?!(?:not|no|isnt|arent|never|nor|aint)\b)\w+){0," + str(gap) + "} "
    return rf"(?:{first}\b{between}{second}\b|{second}\b{between}{first}\b)"


def _then(first: str, second: str, gap: int = 4) -> str:
    """`first` then `second`, in that order only."""
    return rf"{first}\b(?: \w+){{0,{gap}}} {second}\b"


# --- word classes -------------------------------------------------------------------------

_PERSON = _words("i im ive me my he hes his him she shes her they their them we our")
_LIMB = _words(
    r"arms? hands? legs? foot feet fingers? toes? thumbs? wrists? ankles? knees? thighs? calf"
    r" calves shins? elbows? face cheeks? lips? mouth jaw tongue side shoulders? bum butt"
    r" buttocks? bottom groin genitals? privates"
)
# Lost or changed sensation and power, as patients put it.
_SENSATION_LOSS = _words(
    r"numb\w* dead tingl\w* asleep weak\w* floppy limp useless droop\w* buzz\w*"
    r" paralys\w* paralyz\w* wobbly"
)
_GIVE_WAY = r"(?:gave|give|gives|giving|went|goes|keeps? giving|keeps? going) (?:way|out)"
_BUCKLE = r"(?:buckl\w*|collaps\w* under me|folding)"
_FUNCTION = _words(
    r"lift\w* grip\w* hold\w* grasp\w* rais\w* squeez\w* pinch\w* carry\w*"
    r" button\w* write writing type typing feel\w* point\w* wiggl\w* use"
)
_UNABLE = _words(r"cant cannot couldnt unable struggling struggle barely wont")
_DEVICE = _words(
    r"apps? phones? mobile computer laptop website site portal internet link zoom emails?"
    r" cards? online booking system form chat bot telegram whatsapp keyboard mouse tablet ipad"
    r" pens? remote car bus train lift elevator stairs toilet shower bath gym pool machine"
)
_DROPPING = (
    r"(?:dropping|drop|dropped|drops|fumbling)(?: \w+)?"
    r" (?:things|stuff|everything|cups?|mugs?|objects)"
)
_CLUMSY = r"(?:tripping|tripped|trip|stumbl\w*|catching my (?:toes?|foot))"
_HOLD_UP = r"(?:legs?|knees?) (?:wont|doesnt|dont|cant|will not|wouldnt) (?:hold|support|take)"

_BREATH = _words(r"breath breathe breathing breaths inhal\w* exhal\w* lungs? air")
_BREATH_TROUBLE = _words(
    r"cant cannot couldnt unable struggl\w* hard harder difficult difficulty trouble short"
    r" shallow rapid fast quick laboured labored heavy tight gasp\w* catch stop stopping half"
    r" halfway"
    r" funny weird wrong odd strange noisy rattl\w* raspy barely less"
)
_PUFFING = (
    r"(?:puffing|puffin|panting|pantin|huffing|gasping|winded|out of puff|out of breath"
    r"|breathless)"
)
_LITTLE_EFFORT = (
    r"(?:only|just|barely|hardly) (?:walked|walking|went|gone|climbed|got up|stood up|moved"
    r"|(?:\d+|ten|twenty|thirty|fifty|a few|a couple of) (?:metres|meters|steps|yards|paces))"
)
_BREATH_IDIOM = r"breathe a word|breath of fresh air|breathing exercises?|catch up"

_PAIN = _words(
    r"pain pains painful paining hurt hurts hurting ache aches aching sore soreness throb\w*"
)
_INTENSE = (
    r"(?:(?:so|really|rly|very|super|too|v|real|awfully|extremely) bad|terrible|terribly"
    r"|horrendous|horrific|horrible|awful|dreadful|brutal|insane|insanely|extreme|intense|unreal"
    r"|severe|mental|tripled|ten times worse|10 times worse|10x worse"
    r"|off the (?:charts?|scale)|(?:through|thru) the roof|like crazy|like mad"
    r"|killing (?:me|him|her)"
    # "the pain after needle is very very much", "paining too much", "paining like anything".
    r"|(?:very )+much(?! (?:better|less|easier|improved|lower|milder))|too (?:much|strong)"
    r"(?! (?:to ask|of a|for me to (?:ask|bother)))|like anything)"
)
_MAJOR_HURT = _words(
    r"broke broken fracture\w* labou?r childbirth birth surgery operation kidney stones?"
    r" dislocat\w* gallstones?"
)
_COURSE = (
    r"(?:still|keeps?|kept|only|just) (?:getting|gets|got) worse"
    r"|(?:worse|worsening) (?:than yesterday|than this morning|than before|every|each|by the)"
    # "sharper today than yesterday and keeps building".
    # "getting more and more sore every day", "can't put my foot down", "hurts more every day".
    r"|(?:hurts?|hurting|sore|painful|aching|aches) (?:a bit |a little |even )?more (?:every|each"
    r"|by the) (?:day|hour)"
    r"|more and more (?:sore|painful|tender|achy)(?: \w+){0,2} (?:every|each|by the) (?:day|hour)"
    r"|(?:cant|cannot|can not|couldnt|unable to) put (?:my|his|her) (?:foot|leg|heel) (?:down"
    r"|on the (?:floor|ground))"
    # "hurts more than before the session? i couldn't sleep at all last night because of it".
    r"|(?:hurts?|hurting|painful|sore|aching) more than (?:before|it did before) (?:the |my )?"
    r"(?:session|needling|treatment|needles)"
    r"|(?:couldnt|could not|cant|cannot|didnt|did not) sleep (?:at all |a wink )?(?:last night )?"
    r"(?:because of|from|with|for) (?:it|the pain|the ache)"
    r"|(?:sharper|stronger|more intense|more painful|worse)(?: \w+){0,2} than (?:yesterday"
    r"|this morning|last night|before)(?: \w+){0,3} (?:keeps?|still) (?:building|growing"
    r"|climbing|getting (?:worse|stronger|sharper))"
    r"|(?:pain|ache|aching|soreness)(?: \w+){0,5} keeps? (?:building|climbing|ramping up)"
)
_LIMB_OR_TRUNK = (
    r"(?:" + _LIMB + r"|back|neck|glutes?|hips?|traps?|hamstrings?|quads?|shoulder ?blades?"
    r"|spine|ribs?|chest|arse|ass)"
)
_CANT_REST = (
    r"(?:cant|cannot|couldnt|unable to)(?: even)?(?: \w+)? (?:sit|lie|lay|sleep|walk|stand|move"
    r"|get up|get comfy|get comfortable)"
)
_DAYS = r"(?:[3-9]|1\d|three|four|five|six|seven)"
_DAY_COUNT = rf"(?:(?:day|days) {_DAYS}|{_DAYS} days|a week)"
_NOT_EASING = r"(?:worse|no better|not better|not any better|not improving|getting worse)"

_LOCAL_SIGN = _words(r"red redness swollen swelling puffy lump hot warm inflamed tender throbbing")
_SITE = _words(r"spot site hole holes mark marks puncture wound area skin it lump needle")
_SPREAD = _words(r"spread(?!sheet)\w* growing bigger larger getting")
_SYSTEMIC = (
    r"(?:burning up|(?:night|cold|hot and cold) sweats|rigou?rs|flu ?(?:ish|like|y)"
    r"|shaking chills)"
)
_SMELL = _words(r"smell\w* stink\w* pong\w*")

# Blood, not a test, a medicine or a pressure reading: "on blood thinners and starting needling".
_BLOOD = (
    r"(?:bleed|bleeds|bleeding|bled|bloody|blood(?! (?:thinn\w*|pressure|tests?|sugars?|work"
    r"|donation|donors?|type|count|group|bank|orange|clots?|draws?|and guts)\b))"
)
# "bleeding for hours", not "stopped bleeding hours ago".
_BLOOD_MORE = _words(
    r"everywhere pouring gushing spurting pumping dripping streaming soaked soaking through"
    r" heavily again restart\w* start\w* continuing continues nonstop"
    r" hours(?!\sago|\searlier|\sbefore|\sback)"
)
_STILL_FLOWING = (
    r"(?:(?:wont|will not|doesnt|does not|isnt|is not|not|cant get it to|cannot get it to)"
    r" (?:stop|stopping|let up|quit|ease up|slow down|slowing)"
    r"|(?:is |s |its |it s )?still (?:coming|going|dripping|running|leaking|pouring|oozing|flowing"
    r"|seeping|dribbling|trickling|welling|weeping)"
    # "one of the little holes just keeps welling up with blood".
    r"|(?:keeps?|kept) (?:on )?(?:welling|dribbling|trickling|seeping|oozing) (?:up )?(?:with )?)"
)
_THINNER = (
    r"(?:warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|clopidogrel|heparin|eliquis|xarelto"
    r"|blood thinners?|anticoagulants?|ha?emophilia|von willebrand)"
)
_BRUISE = _words(r"bruise bruises bruising bruised haematoma hematoma")
# A bruise or swelling that grows after needling is a bleed under the skin: "the bruise on my
# calf is getting massive", "bruise is like doubling every hour", "a swelling ... it grow very
# fast", "a small purple mark at dinner, now it's spread to the size of my palm".
_LUMP = r"(?:bruis\w*|swelling|swollen|lump|bump|ha?ematoma|purple (?:mark|patch|spot|area))"
_GROWTH = (
    r"(?:doubl\w*|tripl\w*|grow|grows|growing|grown|grew|spread(?!sheet)\w*|expand\w*|bigger|larger"
    r"|massive|huge|enormous|ballooned|ballooning|balloons|mushroomed|mushrooming)"
)
# Growing fast, said of "it": "now it become very big very fast".
_GROWING_FAST = (
    r"(?:become|became|becoming|getting|got|gets|grown|growing|grow|grows|grew|gone|went)"
    r" (?:very |really |so |too |much )?(?:big|bigger|large|larger|huge|massive)"
    r"(?: (?:and|n) \w+(?: \w+)?)?(?: very| really| so)? (?:fast|quickly|quick|rapidly)"
    r"|(?:doubling|doubled|tripling|tripled)(?: in size)? (?:every|in|by the|within|since)"
    # Said of "it": "it has grown very fast in the last thirty minutes", "it keeps growing",
    # "it's now bigger than my fist" (not "my hair is growing fast").
    r"|(?:it|its|it s|it has|it is|it was|and)(?: \w+){0,2} (?:grown|grew|growing|grows|grow)"
    r" (?:very |really |so |super |too )?(?:fast|quickly|quick|rapidly)"
    r"|(?:it|its|it s|and) keeps? (?:on )?(?:growing|getting bigger)"
    # "a rapidly expanding swelling".
    r"|(?:rapidly|quickly|fast|visibly) (?:expanding|growing|spreading|enlarging)"
    r" (?:swelling|lump|bump|bruise|haematoma|hematoma)"
    r"|(?:its|it s|it is|now|and) (?:\w+ )?bigger than (?:my|a|an) (?:fist|hand|palm|golf ball"
    r"|orange|egg|tennis ball)"
    # "in one hour it is double", "very big and hard, like a ball".
    r"|(?:in|within) (?:one|an|1|half an?|the last|the past) (?:hour|hr)(?: \w+){0,3}"
    r" (?:double|doubled|twice (?:as big|the size))"
    r"|(?:very |really |so )?(?:big|huge|swollen) and hard(?: \w+){0,2} like a (?:ball|golf ball"
    r"|egg|rock|stone)"
    # "in the last hour it's grown to the size of my fist".
    r"|(?:grown|grew|swollen|swelled|blown up|come up|gone up|spread) (?:up )?to (?:about |nearly"
    r" |almost )?the size of (?:a |an |my )?(?:fist|hand|palm|golf ball|orange|egg|tennis ball"
    r"|plum|lemon|satsuma|apple)"
)


def _growing(first: str, second: str, gap: int) -> str:
    """`first` then `second` with at most `gap` words between, none of them a denial ("the
    bruise hasn't got any bigger")."""
    return rf"{first}\b{undenied_gap(gap)} {second}\b"


_BRUISE_BIG = _words(
    r"huge massive enormous spreading growing bigger larger darker harder swelling swollen"
)

_UNCONSCIOUS = (
    r"(?:came|come|coming) (?:to|round|around) (?:on|in|lying|and)|conk(?:ed)? out"
    r"|(?:went|go|going) down like|keel(?:ed|s|ing)? over|zonked out"
    r"|(?:unresponsive|not responding)"
    r"|(?:couldnt|cant|could not) wake (?:me|him|her|them)"
)
_WOOZY = (
    r"(?:woozy|giddy|swimmy|spacey|seeing stars|tunnel vision|(?:vision|sight|eyes)(?: \w+){0,3}"
    r" (?:black|dark|grey|gray|dim|blurry|fuzzy)|clammy|going to pass|gonna pass)"
)
_STAND = (
    r"(?:cant|cannot|couldnt|unable to|not able to|struggl\w* to)"
    r" (?:stand|stay upright|stay up|get up)"
)

_DIE = (
    # "die of embarrassment" is a figure of speech, not a wish to die.
    # "going to die on that hill": a place, not a wish.
    # "he says he'd rather die than miss it": a preference, not a wish.
    r"(?:die(?! of (?:embarrassment|shame|boredom|laugh\w*|cringe))"
    r"(?! than (?:miss|go|be seen|wear|admit|lose|watch|eat|sit|listen|pay|work|sing|dance"
    r"|queue))"
    r"(?! (?:on|at|up|in) (?:the|that|this|a|those)\b)|dead"
    # "the new puppy is going to be the death of her": exasperation, not a wish.
    r"|death(?! of (?:me|her|him|us|them|my \w+|the \w+))|be gone"
    r"|not (?:be )?(?:here|alive|around)|not wake up|not exist"
    r"|stop existing|end (?:it|things|everything|my life)"
    # "wants to end it with one of our suppliers": a break-up or a deal, not a life.
    r"(?! with (?:him|her|them|one of|our|your|their|the (?:supplier|client|company|firm"
    r"|contract|landlord|gym|club|agency|bank)|my (?:boyfriend|girlfriend|bf|gf|partner"
    r"|husband|wife|fiance|fiancee|ex|boss|landlord|trainer|coach|gym|job|employer))))"
)
_DESIRE = (
    r"(?:want|wanna|wants|wish|wishing|thinking (?:about|of)|thought (?:about|of)|planning|plan"
    # "am i gonna die lol": a fear asked, not a wish.
    r"|(?<!am i )(?<!are we )(?<!will i )(?:going to|gonna)|ready to|tempted to|rather)"
)

CONCEPT_RULES: tuple[Rule, ...] = (
    rule(
        RedFlag.SELF_HARM,
        _then(_DESIRE, _DIE, 4),
        r"(?:kms|kys|unalive\w*)\b",
        r"(?:no|dont see a|cant see a|cant find a|there is no|theres no) way out\b",
        r"(?:thoughts?|thinking) (?:about|of) (?:not being (?:alive|here|around)|dying|death"
        r"|suicide|ending)",
        r"(?:been|started|keep|still|back to) (?:cutting|burning) (?:myself|again|my)\b",
        r"cutting again\b",
        can_be_negated=False,
        overrulable=False,
    ),
    rule(
        RedFlag.NUMBNESS,
        # "weak in the knees" (smitten), "dead on my feet" (exhausted): figures of speech.
        r"(?!weak in the knees|dead on (?:my|his|her|their|our) feet)"
        + _near(_LIMB, _SENSATION_LOSS, 3),
        _near(_LIMB, _GIVE_WAY, 2),
        _near(_LIMB, _BUCKLE, 2),
        _HOLD_UP,
        # "you can't feel it at all": said of needling in general, not of the patient's body.
        r"(?<!you )(?<!u )(?<!people )(?<!most people )(?:cant|cannot|couldnt|unable to) feel\b"
        # "that spin class was literally death, i can't feel my soul": a figure.
        r"(?! (?:my|your|the) (?:soul|sanity|will to live)\b)",
    ),
    rule(
        # Lost function without a sensation word: weak, since "cant lift my arm high, will it
        # help" is why a patient books.
        RedFlag.NUMBNESS,
        r"(?<!you )(?<!u )(?<!people )"
        + _then(_UNABLE, _FUNCTION, 2)
        # "she can't use the app", "can't hold the phone steady for a video call": a thing.
        + r"(?! (?:the|a|an|my|his|her|their|our|this|that|your|any) (?:\w+ )?"
        + _DEVICE
        + r")"
        # "i can't feel my soul", "can't feel my will to live": figures, not a limb.
        + r"(?! (?:my|your|the) (?:soul|sanity|will to live)\b)"
        + r"(?= (?:"
        + _LIMB
        + r"|my|his|her|anything|things|a|the"
        r"|it|up|straight|properly|over|without)\b)",
        _DROPPING,
        r"(?:keep|keeps|kept|been|always) " + _CLUMSY,
        # "arm won't work properly": a limb that does not obey.
        _LIMB + r"(?: \w+)? (?:wont|doesnt|dont|isnt|arent|will not|does not|is not) (?:work"
        r"|working|move|moving|respond\w*|cooperat\w*|obey\w*)",
        weak=True,
        # Movement limited by pain or stiffness is no loss of power.
        veto=r"\b(?:hurts?|hurting|pain|painful|sore|stiff|stiffness|tight)\b",
    ),
    rule(
        RedFlag.BREATHING,
        r"(?!" + _BREATH_IDIOM + ")" + _near(_BREATH, _BREATH_TROUBLE, 3),
        r"(?:cant|cannot|couldnt) (?:lie|lay|lying) (?:flat|down)(?: \w+){0,3} (?:breath\w*|air)",
        # "puffing like i'd run a marathon and i only walked twenty metres": out of breath for
        # next to no effort.
        _near(_PUFFING, _LITTLE_EFFORT, 10),
    ),
    rule(
        # "short of puff after the neck session? climbing the stairs just now i had to stop
        # halfway, which never happens": stopped on the stairs, in a message about breath.
        RedFlag.BREATHING,
        r"(?:climbing|walking up|going up|got up|get up) (?:the |a flight of |our |my )?stairs"
        r"(?: \w+){0,5} (?:had to|have to|needed to|need to) stop\b",
        context=r"\b(?:puff\w*|breath\w*|breathless|winded|wheez\w*|air)\b",
        veto=r"\b(?:knees?|hips?|ankles?|calf|calves|legs?|hurts?|pain|sore|stiff)\b",
    ),
    rule(
        RedFlag.FAINTING,
        _UNCONSCIOUS,
        _WOOZY,
        _STAND,
    ),
    rule(
        RedFlag.INFECTION,
        _SYSTEMIC,
        _near(_SITE, _SMELL, 3),
        # Two different local signs ("warm to touch and swollen"), not a hot bath or a warm day.
        rf"(?P<sign>{_LOCAL_SIGN})\b(?: \w+){{0,4}} (?!(?P=sign)\b){_LOCAL_SIGN}\b"
        r"(?! (?:bath|shower|water|day|weather|drink|tea|pack|packs|compress|towel|yoga))",
        _near(_LOCAL_SIGN, _SPREAD, 3),
    ),
    rule(
        RedFlag.BLEEDING,
        _near(_BLOOD, _BLOOD_MORE, 3),
        _near(
            _BLOOD, r"(?:for|after) (?:\d+|twenty|thirty|forty|an?) (?:mins?|minutes|hours?)", 4
        ),
        # "a huge bruise", "the bruise is spreading", not "the bruise hasn't got any bigger".
        _then(_BRUISE_BIG, _BRUISE, 3),
        _growing(_BRUISE, _BRUISE_BIG, 3),
        # "a bruise on my thigh from this afternoon's session that is growing fast".
        _then(
            _BRUISE,
            r"(?:growing|spreading|getting bigger|swelling)(?: up)? (?:fast|quickly|rapidly"
            r"|by the (?:minute|hour))",
            10,
        ),
        # "a bleed from the needle spot on my neck that just won't stop", "bleeding from my calf
        # where they did the needling wont stop", "the blood ... is still coming".
        _then(_BLOOD, _STILL_FLOWING, 9),
        _then(_THINNER, r"(?:and|but|so)(?: \w+){0,4} (?:bleed\w*|bruis\w*|blood)", 2),
        overrulable=False,
    ),
    # Wider and new: the second opinion may overrule it ("does swelling usually grow after?").
    rule(RedFlag.BLEEDING, _growing(_LUMP, _GROWTH, 8), _GROWING_FAST),
    rule(
        RedFlag.SEVERE_PAIN,
        _near(_PAIN, _INTENSE, 3),
        r"(?:worse|more|harder) than (?:\w+ ){0,4}" + _MAJOR_HURT,
        r"(?:worse|harder) than (?:\w+ ){0,2}(?:ever|anything)",
        # Not "writing to reassure myself more than anything": "more" says how much it hurts.
        r"(?:hurts?|hurting|pain\w*|aches?|aching|sore|throbbing)(?: \w+){0,2} more than"
        r" (?:\w+ ){0,2}(?:ever|anything)",
        _COURSE,
        _near(_DAY_COUNT, _NOT_EASING, 6),
        # "my glute is killing me, like proper can't sit or lie down": a body part's pain told
        # by what it stops the patient doing.
        _near(
            _LIMB_OR_TRUNK + r" (?:is|s|are|re)(?: \w+){0,2} (?:killing|killin) me", _CANT_REST, 8
        ),
        weak=True,
        # "when is the pain too much?", "if i feel pain too much, can i say stop?": the limit
        # asked about, not reached.
        veto=r"\b(?:when (?:is|does|would)|how (?:do|would|will|can) (?:i|you) (?:know|tell)|if"
        r"|would be|ever gets?|kind of pain)\b(?: \w+){0,5}? too much\b"
        # "my pain has gone from severe to mild": the course is down.
        r"|\bfrom (?:\w+ )?(?:severe|bad|terrible|awful|horrendous|\d+) (?:down )?to (?:a )?"
        r"(?:mild|manageable|nothing|ok|okay|fine|[0-4])\b",
    ),
)

_READING = re.compile(
    r"(?<![\d.])(\d{2,3}(?:\.\d)?) ?(?:°|º|deg\w*)? ?([cf])?\b(?! ?(?:weeks?|days?|years?|yrs?"
    r"|y o|kg|kgs|lbs|mins?|minutes|hours?|hrs?|percent|%|times|sessions?|am|pm|mg|ml|miles|k"
    r"|km|steps|out of|/))",
    re.IGNORECASE,
)
_TEMPERATURE_WORD = re.compile(
    r"\b(?:fever\w*|temp|temps|temperature|thermometer|feverish|febrile|burning up|hot|chills)\b",
    re.IGNORECASE,
)
_NOT_A_BODY = re.compile(
    r"\b(?:room|clinic|weather|outside|bath|shower|water|pack|oven|car|office|gym|sauna|day"
    r"|summer)\b",
    re.IGNORECASE,
)


def fever_reading(text: str) -> str | None:
    """The whole degrees of a body temperature of 38 C (100.4 F) or more in a raw clause.

    A decimal in the fever range ("38.6") reads as a temperature on its own; a whole number needs
    a temperature word ("fever 39", "temp 101"), and a room or bath is not a body.
    """
    if _NOT_A_BODY.search(text):
        return None
    worded = bool(_TEMPERATURE_WORD.search(text))
    for found in _READING.finditer(text):
        value = float(found.group(1))
        unit = (found.group(2) or "").lower()
        decimal = "." in found.group(1)
        celsius = 38.0 <= value <= 43.0 and unit != "f"
        fahrenheit = 100.4 <= value <= 108.0 and unit != "c"
        if (celsius or fahrenheit) and (worded or unit or (decimal and celsius)):
            return found.group(1).split(".")[0]
    return None
