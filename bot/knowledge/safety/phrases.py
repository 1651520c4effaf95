"""Signs read from whole phrases: the everyday wordings a word list cannot compose.

The organised lexicon in :mod:`bot.knowledge.safety.concepts` composes most signs from body parts,
sensations, functions and escalators; what stays here are fixed expressions ("pins and needles",
"elephant on my chest", "better off without me") and the negation-is-the-symptom rules.
"""

from __future__ import annotations

from bot.knowledge.safety.flags import RedFlag, Rule, rule, undenied_gap

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
_CHEST = (
    r"(?:chest(?! muscles?\b| press\b| day\b| workout| exercises?\b| stretch)|breastbone"
    r"|breast ?bones?|sternum)"
)
_CHEST_LINK = (
    r"(?: is| feels?| felt| has| been| kinda| kind of| a bit| bit| little| really| so| still"
    # "my chest it has tightness", "chest is having pain".
    r"| it| having| got| have)*"
)

# Considering an act: "keep thinking about", "tempted to", "could just".
_CONSIDER = (
    r"(?:thinking|thinkin|thought|think|tempted|urge|want|wanted|wanna|feel like|felt like"
    r"|could just|might just|going to|gonna|planning|plan)"
)

# Dwelling on an act: "keep thinking about jumping", "sat there for ages thinking about it".
_BROODING = r"(?:thinking|thinkin|thought|tempted|urge|could just|might just|planning)"

PHRASE_RULES: tuple[Rule, ...] = (
    rule(
        RedFlag.SELF_HARM,
        r"(?:kill|killing|kills|hurt|hurting|hurts|harm|harming|harms|cut|cutting|cuts)"
        r" (?:myself|my self|himself|herself|themselves|themself)\b",
        # Not the sprint drill: "coach has us doing suicides at training".
        r"(?<!doing )(?<!doin )(?<!running )(?<!run )(?<!ran )(?<!did )suicid"
        r"(?!es (?:at|in|for|during|after) (?:training|practice|drills?|the gym|football|soccer"
        r"|basketball|netball|rugby|hockey|the track|pe))",
        # "guess i'll just off myself", "gonna unalive myself".
        r"(?:just|gonna|going to|will|ill|might|wanna|want to|could) (?:off|unalive) (?:myself"
        r"|meself|my self)\b",
        r"unaliv\w*",
        # "been thinking of taking my own life", "topping myself".
        r"(?:take|taking|end|ending) my (?:own )?life\b",
        r"(?:top|topping|topped) (?:myself|meself|my self|himself|herself)\b",
        # "i don't think i want to be here anymore", "don't really want to be alive".
        r"(?:dont|do not) (?:think|feel like|know if|know that) i (?:really )?(?:want|wanna) to"
        r" (?:be (?:here|alive|around)|live|wake up|go on|carry on|keep going)\b"
        r"(?! (?:tomorrow |in the morning |the next day )?(?:having|with|and find|to find|sore"
        r"|stiff|in pain|feeling|and undo|undoing|to a|for|at|until|till|if|when)\b)",
        # The means, considered: "keep thinking about driving into a wall", "thinking about
        # jumping", "think about taking all my painkillers at once".
        _CONSIDER + r"(?: \w+){0,3} (?:driv\w*|steer\w*|crash\w*|swerv\w*)(?: \w+){0,3}"
        r" (?:into|off|in front of) (?:a |the |an )?(?:tree|wall|bridge|cliff|edge|lorry|truck"
        r"|bus|train|river|sea|water|something|oncoming|barrier|pillar|lamp ?post|motorway)\b",
        _BROODING + r"(?: about| of)?(?: just)? (?:jumping|jump|stepping off|step off"
        r"|stepping in front|step in front)(?: off| from| in front of| of)?"
        r"(?: (?:a|the|it|that|there)\b.*)?$",
        _CONSIDER + r"(?: \w+){0,3} (?:take|taking|swallow\w*|down|downing) (?:all|every one of"
        r"|the whole (?:box|packet|bottle) of) (?:my |the |those |these )?(?:\w+ )?(?:pills"
        r"|tablets|meds|medicines?|medication|painkillers|pain killers)\b",
        # Taken already: "took a bunch of my pills earlier. prob shouldnt of".
        r"(?:took|taken|swallowed|downed|necked) (?:a (?:bunch|load|handful|lot|pile|few too many)"
        r" of|loads of|lots of|too many|all (?:of )?|the whole (?:box|packet|bottle|strip) of"
        r"|every one of|extra) (?:my |the |those |these |his |her )?(?:\w+ )?(?:pills|tablets|meds"
        r"|medicines?|medication|painkillers|pain killers|sleeping pills)\b",
        r"(?:saving|saved|stockpil\w*|hoarding|collecting) (?:up )?(?:my |all my |the )?(?:\w+ )?"
        r"(?:pills|tablets|meds|medicines?|tramadol|codeine|painkillers|sleeping tablets)\b",
        r"(?:sleep|sleeping) (?:and|n) (?:not|never) wak(?:e|ing) up\b",
        # "she said she's got no reason to go on and has pills ready".
        r"no (?:reason|point|reasons) (?:to|in) (?:go on|going on|live|living|carry on|carrying on"
        r"|keep going|be here|being here|stay|staying alive)\b(?! (?:about|at|with|and on)\b)",
        # "sit in the car in the garage and think about just leaving the engine running".
        _CONSIDER + r"(?: \w+){0,3} (?:leaving|leave|left|running|run|keeping|keep) the (?:engine"
        r"|car|motor) (?:running|on)\b",
        r"in (?:the|my) car in (?:the|my) garage(?: \w+){0,6} (?:think\w*|thought)\b",
        r"(?:hose|hosepipe|pipe) (?:on|to|from|into|onto) the exhaust\b",
        r"(?:hoping|hope|wish|wishing|if i just|if i|pray) (?:i )?(?:just )?(?:wont|will not"
        r"|dont|didnt|did not|never|not) wake up\b",
        # "wonder if it would be easier to just not wake up".
        r"(?:easier|better|best) (?:if i |to )?(?:just )?(?:didnt|did not|dont|not|never)"
        r" (?:to |2 )?(?:wake up|be here|exist|be around)\b",
        # "he just rang me saying he doesn't want to go on": told of the patient.
        r"(?:he|she|they|dad|mum|mom|husband|wife|partner|son|daughter)"
        r" (?:just )?(?:doesnt|does not|dont|do not|no longer) (?:want|wanna) to (?:go on|carry on"
        r"|keep going|live|be here|be alive)\b(?! (?:with|to|for|at|the|holiday|trip|like))",
        # "i've decided i don't want to carry on", said to end a message, not a plan.
        r"(?:dont|do not|no longer) (?:want|wanna) to (?:carry on|go on|keep going)"
        r"(?: (?:anymore|any more|living))?$",
        # "better i am not alive", "better i die than live with this", "better if i was dead".
        r"better (?:if )?i (?:am|was|were|m) (?:not (?:alive|here|in this world|around)|dead"
        r"|gone)\b",
        r"better (?:that )?i (?:die|am dead)\b",
        # "i think it is better if i die, and i already decide how i will do it".
        r"better (?:if|that) i (?:die|died|was dead|were dead|am dead|just die|just died)\b",
        # "sat in the car for a long time thinking about not coming home".
        r"(?:thinking|thought|think|thinkin) (?:about|of|abt) not (?:coming|going|getting) (?:home"
        r"|back)\b",
        r"(?:world|everyone|everybody|family|they) (?:would|wud|will|d) be (?:easier|better)"
        r"(?: off)? (?:without|w o|wo|w out) me\b",
        r"(?:make|making|do|doing) harm (?:to )?myself\b",
        # "got the razor out again", "a photo of a load of pills and said sorry for everything".
        r"(?:got|get|getting|took|taken|had) (?:the|my) (?:razor|razors|blade|blades) out\b"
        r"(?! to (?:shave|trim))",
        r"(?:photo|picture|pic|pics|photos|pictures) of (?:\w+ ){0,3}(?:pills|tablets)\b",
        # Putting things in order: "written letters to my kids in case i'm not around", "i don't
        # think i'll be needing any of it for long".
        r"in case i(?:m| am)? (?:not|no longer) (?:around|here)\b(?! (?:when|at|on|to|for|tomorrow"
        r"|next|this|that|today|tonight|in the))",
        r"need(?:ing)? (?:it|any of it|them|any of them|this|that|my \w+)"
        r" (?:for long|(?:for )?much longer)\b",
        r"(?:written|wrote|writing|write|left) (?:some |a few |the )?(?:goodbye )?"
        r"(?:letters|notes) (?:to|for) (?:my |the )?(?:kids|children|family|wife|husband|partner"
        r"|son|daughter|parents|loved ones|everyone|everybody|all of them)\b",
        r"(?:want|wish|wanting|wished) (?:it all|everything) to (?:end|stop|be over)\b",
        r"(?:nobody|no one|noone|no body) (?:would|will|d) (?:notice|care|mind)(?: \w+)? if i"
        r" (?:was|were|m|am|wasnt|werent) (?:gone|dead|not here|not around|here)\b",
        r"(?:want|wanna|wish i could|like) to (?:go to )?sleep (?:forever|for ever|for good"
        r"|and never wake)\b",
        # Asking about the means: "how many of the pain pills would it take".
        r"how many (?:of (?:the|my|these|those) )?(?:\w+ )?(?:pills|tablets|meds|painkillers)"
        r"(?: \w+){0,3} (?:would it take|it would take|would take|does it take|it takes|to take to"
        r"|would kill|to overdose)\b",
        r"(?:(?:want|wants|wanted|wanting|going) to|wanna) (?:just )?(?:disappear|vanish)"
        r"(?: forever| for good)?\b",
        r"(?:easier|better) for (?:everyone|everybody|them|all|my family|my kids|the kids|my \w+)"
        r" if i (?:just )?(?:wasnt|was not|werent|were not|was gone|didnt exist|was dead)\b",
        r"(?:giving|given|gave|give) (?:away )?(?:some of |all of |most of )?my (?:things|stuff"
        r"|belongings|possessions)(?:(?: \w+){0,2} away\b| to (?:my )?(?:friends|family|kids"
        r"|children))",
        r"(?:giving|given|gave|give) away (?:some of |all of |most of )?(?:my|all my|his|her"
        r"|their) (?:things|stuff|belongings|possessions)\b",
        r"(?:giving|given|gave|give) (?:his|her|their) (?:things|stuff|belongings|possessions)"
        r" away\b",
        # Told by someone close: "she just texted me saying goodbye and that she's sorry".
        r"(?:texted|text|messaged|message|called|rang|phoned|wrote)(?: to)? (?:me|us)"
        r" (?:saying |to say )?(?:goodbye|good bye|bye forever)\b",
        r"(?:over|done with|tired of|sick of) (?:being alive|living|life|existing)\b",
        r"made (?:my |her |his |their )?peace with (?:it|it all|everything|dying|death|the world"
        r"|leaving)\b",
        r"(?:wont|will not|doesnt|wouldnt|wont even) matter after (?:this|the|tonight|today"
        r"|tomorrow)\b",
        # "looking at the pills in the cupboard and counting them, working out if it'd be enough".
        r"(?:counting|counted|count) (?:the |my |all the |all my )?(?:pills|tablets|meds)\b",
        r"(?:pills|tablets|meds)(?: \w+){0,6} (?:and )?counting them\b",
        # "sitting here with all my tablets lined up", "the pills laid out on the table".
        r"(?:pills|tablets|meds|sleeping pills|painkillers)(?: \w+){0,2} (?:lined up|laid out"
        r"|all (?:out|lined up|in front of me)|out in front of me"
        r"|out on the (?:table|bed|counter))\b",
        r"working out (?:if|whether) (?:it|they|that) (?:would|will|d) be enough\b",
        # "i have decided to leave this world".
        r"(?:leave|leaving|exit|exiting|depart|departing) (?:this|the) (?:world|life|earth)\b",
        # "i have decided to go away from this world".
        r"(?:go|going|gone|goes|went)(?: away)? from (?:this|the) (?:world|life|earth)\b",
        r"(?:sorted|sorting|put|putting|got|getting) (?:out )?(?:all )?my affairs(?: in order)?\b",
        # Not expecting to be here: "not planning on being around much longer anyway", "said my
        # goodbyes already".
        r"(?:not|dont|do not|didnt) (?:planning|plan|planing|intending|intend|going|gonna)"
        r"(?: on| to)? (?:being|be)"
        r" (?:around|here|alive)\b",
        r"(?:wont|will not|not going to|not gonna) be (?:around|here|alive)"
        r" (?:for )?much longer\b",
        r"(?:said|say|saying) (?:all )?my goodbyes?(?: to (?:everyone|everybody|my family"
        r"|the family|my kids|the kids|them all|all of them|my \w+))?(?: already)?$",
        r"already (?:said|say) (?:all )?my goodbyes?\b",
        # The means, named: "i feel i should jump from the balcony".
        r"(?:jump|jumping|throw myself|step|stepping) (?:off|from|in front of)"
        r" (?:the |a |my |our )?(?:balcony|bridge|roof|building|cliff|train|window|car|bus"
        r"|ledge)\b",
        r"(?<!my )(?<!your )(?<!our )(?<!their )(?<!the )(?<!his )(?<!her )(?<!either )"
        r"end(?:ing)? (?:it all|it|my life|things)\b"
        # "end it with one of our suppliers", "ending things with him": a break-up or a deal.
        r"(?! with (?:him|her|them|one of|our|your|their|the (?:supplier|client|company|firm"
        r"|contract|landlord|gym|club|agency|bank)|my (?:boyfriend|girlfriend|bf|gf|partner"
        r"|husband|wife|fiance|fiancee|ex|boss|landlord|trainer|coach|gym|job|employer)))",
        # "mi nah waan live no more".
        r"(?:nah|na|no|dont|do not) (?:waan|wan|wanna|want to|want) (?:to )?live"
        r" (?:no more|nomore|anymore|any more|no longer)\b",
        r"not (?:wanting|want) to (?:live|be alive|be here)"
        r"(?: more| anymore| any more| longer)?\b",
        r"(?:dont|do not|doesnt|does not|didnt|did not)(?: really)? (?:want to|wanna|wants to)"
        r" (?:be alive|live|be here|wake up)\b"
        # "don't want to wake up tomorrow having undone all her hard work".
        r"(?! (?:tomorrow |in the morning |the next day )?(?:having|with|and find|to find|sore"
        r"|stiff|in pain|feeling|and undo|undoing|to a)\b)",
        r"(?:cant|cannot|can not|dont) see (?:myself|me) (?:still )?(?:being|staying) (?:around"
        r"|here|alive)\b",
        r"(?:go to sleep|sleep|fall asleep) and (?:not|never) wake(?: up)?\b",
        # "thought i was going to die on that hill" is a figure of speech, not a wish.
        r"(?<!thought i was )(?<!felt like i was )(?<!i was )"
        r"(?:want|wants|wanted|wanna|going) to die\b(?! (?:on|at|in|from|laughing)\b)"
        r"(?! of (?:embarrassment|shame|boredom|laugh\w*"
        r"|cringe))",
        # Thinking about the means: "i've been thinking about how i'd do it".
        r"(?:thinking|thought|thinks|planning|planned|worked out|figured out|decided)"
        r" (?:about |of )?how (?:i d|id|i would|i could|to|i might|i will|ill) (?:do it|end it"
        r"|go about it)\b",
        r"(?:i|me|myself)(?: (?!it\b|this\b|that\b|pain\b|the\b|knots?\b)\w+){0,3} (?:disappear"
        r"|vanish) (?:forever|for ever|for good)\b",
        # "i had a dark patch before and it's happening again right now".
        r"dark (?:patch|place|period|time|spell|thoughts)(?:e?s)?(?: \w+){0,6}"
        r" (?:happening|coming|creeping|starting|back) again\b",
        # "feel like jus disappearin for good fr, no point".
        r"(?:feel|feels|feeling|felt) like (?:just |jus )?(?:disappearing|vanishing|disappear"
        r"|vanish)(?: \w+){0,2}? (?:forever|for ever|for good)\b",
        r"never (?:to )?wake (?:up|again)\b",
        r"(?:goodbye|farewell|suicide) (?:letter|note|message)s?\b",
        r"(?:jump|jumping|throw myself|step) (?:off|from|in front of) (?:a|the|that)"
        r" (?:bridge|building|roof|cliff|train|bus|car|lorry|truck|tower|balcony)\b",
        r"(?:(?:saved|saving|collecting|collected) up|stockpil\w*|hoard\w*) (?:\w+ )?(?:pills"
        r"|tablets|meds|painkillers)\b",
        r"(?:pills|tablets|meds|painkillers)(?: \w+)? (?:(?:saved|stashed) up|stockpiled"
        r"|hoarded)\b",
        r"enough (?:pills|tablets|meds|painkillers) to\b",
        # "i've got the pills ready", "the tablets are ready".
        r"(?:got|have|ive got|sorted) (?:the|my|all the|all my) (?:pills|tablets|meds"
        r"|painkillers) (?:ready|out|together|lined up)\b",
        # "keep thinking about the bridge ... how easy it would be to just stop the car there".
        r"how easy it (?:would|d|will|could) be to (?:just )?(?:stop|end|jump|step|let go|drive"
        r"|crash|swerve|do it|not)\b",
        _BROODING + r"(?: about| of) (?:the|that) (?:bridge|cliff|cliffs|edge|tracks|railway"
        r"|train line|motorway bridge|overpass|river)\b",
        r"wanna die\b(?! of (?:embarrassment|shame|boredom|laugh\w*|cringe))",
        r"better off (?:dead|without (?:me|him|her|them))\b",
        # "every1 wud b better off w/o me".
        r"better off (?:w o|wo|w out|witout|wivout) (?:me|him|her|them)\b",
        # "some days i kind of wish i just wouldn't wake up".
        r"wish (?:i|that i) (?:just |simply )?(?:wouldnt|would not|didnt|did not|wont|will not"
        r"|could not|couldnt) wake(?: up)?\b",
        # "no1 would notice if i wasnt here tbh. got a plan n everything".
        r"(?:no ?one|no1|nobody|noone) (?:would|will|d|wud|wld) (?:even )?(?:notice|care|miss me)"
        r"(?: \w+){0,2} if i (?:wasnt|was not|werent|was gone|died|disappeared|wasnt around)\b",
        r"(?:got|have|ive got|made) (?:a|the) plan (?:n|and) (?:everything|all)\b",
        # "last night i sat in the shed with a rope for a long time".
        r"(?:sat|sitting|sit|stood|standing|was|been|went) (?:\w+ ){0,5}with (?:a|the) (?:rope"
        r"|noose)\b",
        r"(?:bought|got|found|tied|holding|held|looking at|looked at) (?:a|the|some)"
        r" (?:rope|noose)\b(?! (?:ladder|swing|course|bridge|light|lights))",
        # "i'd be better off not waking up", "looking at my tablets tonight".
        r"better off (?:not (?:waking up|wake up|being here|being alive|here|alive|existing"
        r"|around)|never waking up|asleep (?:for ever|forever))\b",
        r"(?:looking|staring|stared|looked) at (?:my|the|all my|all the|those|these) (?:\w+ )?"
        r"(?:pills|tablets|meds|painkillers|pain killers|sleeping tablets)(?: \w+){0,2}"
        r" (?:tonight|again|and thinking|and wondering|for a long time|for ages)\b",
        # "we'd be better off if she was gone", "she keeps saying she's a burden".
        r"better off if (?:i|he|she|they) (?:was|were|wasnt|werent) (?:gone|dead|here|around)\b",
        r"(?:im|i am|shes|she is|hes|he is|theyre|feel like|feels like|felt like|being|am)"
        r" (?:such |just |only )?(?:a |an )?(?:burden|burdens)\b(?! of proof)",
        r"no (?:point|reason)(?: in| to)?(?: keep| keeping| carry| carrying| go| going)?(?: on)?"
        r" (?:living|going on|being alive|live)\b",
        r"no (?:point|reason) (?:to |in )?(?:keep|keeping|carry|carrying) (?:going|on)\b"
        r"(?! (?:with|at|to|the|my|these|those|this)\b)",
        r"point (?:of|in) (?:living|going on|being alive|life)\b",
        # "feeling like there's no point to anything lately".
        r"no point (?:to|in|of) (?:anything|everything|it all|any of it)\b(?! (?:i|we|you) )",
        # Hopelessness with no object: "what's the point of carrying on" (but "any point carrying
        # on with the sessions" is a question about treatment).
        r"point(?: (?:of|in|to))? (?:carrying on|carry on|keeping going|going on|being here)\b"
        r"(?! (?:with|at|to|the|my|these|those|this)\b)",
        r"(?:dont|do not|cant|cannot|can not) see (?:the|any) point (?:in|of|to) (?:anything"
        r"|life|it all|going on|carrying on)\b",
        # "doesn't see the point anymore", said of oneself or by someone close.
        r"(?:dont|do not|doesnt|does not|cant|cannot|can not) see (?:the|any) point"
        r" (?:anymore|any more|in anything|of anything)\b",
        # "she wants it all to stop for good".
        r"(?:want|wants|wanted|wanting|wish|wishes) (?:it all|everything|it|things|the pain and"
        r" everything) to (?:stop|end) (?:for good|forever|permanently|for ever)\b",
        r"(?:rope|noose)(?: \w+){0,6} (?:shed|garage|loft|attic|tree|beam)\b",
        r"(?:nobody|no one|noone|no body) (?:would|will|wd|is going to|gonna)"
        r" (?:miss|care about) me",
        r"(?:take|taking|swallow|swallowing) (?:all|every one|the whole (?:box|bottle|pack))"
        r"(?: of)? (?:my|the|these|those)? ?(?:pills|tablets|meds|medication|painkillers)",
        # "looking at my pills and thinking it'd be easier to just take all of them".
        r"(?:pills|tablets|meds|medication|painkillers)(?: \w+){0,10} (?:take|taking|swallow"
        r"|swallowing) (?:all|every one|the lot)(?: of)? (?:them|it)\b",
        r"overdos",
        r"take my (?:own )?life\b",
        # "I want to finish my life", "stop my life": the verb varies, the object does not.
        r"(?:end|ending|finish|finishing|stop|stopping) (?:my|his|her) (?:own )?life\b"
        r"(?! (?:from|being|getting|savings|story|stor(?:y|ies)))",
        # "having thoughts about just disappearing", "thinking of not waking up".
        r"(?:thoughts?|thinking|think) (?:of|about) (?:just )?(?:disappearing|vanishing"
        r"|not (?:being (?:here|around|alive)|waking up|existing)|ending it"
        r"|dying\b(?! (?:my|her|his|the|it) hair))",
        r"(?:dont|do not) want to (?:be around|exist|go on) (?:any ?more|anymore)\b",
        r"self harm",
        r"(?:see|seeing|sees) (?:the|any) point (?:in|of) (?:waking up|getting up|living|going on"
        r"|being here|anything)\b",
        r"(?:whats|what is) the point (?:anymore|any more)\b",
        r"(?:im|i am|i m) (?:so |just |totally |completely )?done with"
        r" (?:everything|it all|life)\b",
        can_be_negated=False,
        overrulable=False,
    ),
    rule(
        # A crushing or squeezing chest is never a figure of speech: the learned second opinion
        # may not silence it ("is it normal for my chest to feel crushed? mine does rn").
        RedFlag.BREATHING,
        _CHEST + r"(?: \w+){0,5} (?:crushed|crushing|squeezed|squeezing|clench\w*)\b",
        r"(?:crushed|crushing|squeezed|squeezing)(?: \w+){0,3} (?:my|his|her|the) " + _CHEST,
        # "my chest feels like an elephant's parked on it".
        _CHEST
        + r"(?: \w+){0,3} like (?:an? |some |the )?(?:\w+ )?(?:elephants?|weight|brick|bricks"
        r"|ton|tonne|someone|somebody|something heavy|car|truck|bus|anvil|vice|vise|band)\b",
        overrulable=False,
    ),
    rule(
        # "after needles i go to toilet and i fall, i don't remember": a fall with a gap in
        # memory is a loss of consciousness.
        RedFlag.FAINTING,
        r"(?:i|he|she) (?:fall|fell|fallen|collapse|collapsed|went down|go down)\b"
        r"(?! (?:asleep|over laughing|in love|for|off (?:my|the|a) (?:bike|horse|ladder|chair)))",
        context=r"\b(?:dont|do not|didnt|did not|cant|cannot) (?:remember|recall)\b",
    ),
    rule(
        # "i fall down in the street after treatment, people help me".
        RedFlag.FAINTING,
        r"(?:i|he|she) (?:fall|fell|fallen|falled) down\b(?! (?:the|some|a|my) (?:stairs|steps"
        r"|hill|ladder|step))",
        context=r"\bafter (?:the |my |his |her )?(?:needl\w*|treatment|session|appointment)"
        # "after she come from the needle session".
        r"|\bafter (?:she|he|i) (?:come|came|got back|get back|returned) from"
        r" (?:the |my |his |her )?(?:\w+ )?(?:needl\w*|session|treatment|appointment)",
    ),
    rule(
        # "have blood all the time, i press many minutes but it come again": pressure held, and
        # the blood back (the clause after "but" is read alone).
        RedFlag.BLEEDING,
        r"^(?:and |then )?(?:it|the blood|blood)(?: just| still)? (?:come|comes|came|coming"
        r"|keeps coming|starts?|started) (?:again|back|out again)\b",
        context=r"\b(?:press|pressed|pressing|pressure)\b.*\b(?:blood|bleed\w*|bled)\b"
        r"|\b(?:blood|bleed\w*|bled)\b.*\b(?:press|pressed|pressing|pressure)\b",
    ),
    rule(
        # "she fall down and not answer for little time": unresponsive, however briefly.
        RedFlag.FAINTING,
        r"(?:not|didnt|did not|wasnt|was not|no) (?:answer|answering|respond|responding"
        r"|responsive)(?: to (?:me|us|anyone))?(?: for)? (?:a )?(?:little|short|few|couple of)"
        r" (?:time|while|moment|moments|seconds?|secs?|minutes?|mins?)\b",
    ),
    rule(
        # Blood coughed up after needling near the chest.
        RedFlag.BREATHING,
        r"cough(?:ed|ing|s)? up (?:some |a bit of |a little |a lot of |bits of )?blood\b",
        overrulable=False,
    ),
    rule(
        RedFlag.BREATHING,
        # "can't seem to get a full breath in".
        _UNABLE + r"(?: quite| really)?(?: seem to| seem| manage to)?(?: (?:to|with|in))?"
        r"(?: (?:catch|get|take))?"
        r"(?: (?:my|a|deep|full|proper|good|his|her|their|your))* breath",
        r"(?:cant|cannot|can not|couldnt|unable to|struggling to|hard to|not|no)"
        r" (?:get|getting|take|taking|catch|catching|enough) (?:enough |any |much )?air\b",
        r"gasping",
        r"air hunger|hungry for air|starved of air|starving for air",
        r"gaspy",
        # "my boss is suffocating me with deadlines": a figure of speech.
        r"suffocat(?!\w* (?:me|him|her|us|them) with\b)",
        r"drowning\b(?! in)",
        r"(?:not|isnt|stopped|stops|barely) breathing\b",
        r"(?:sips|gulps|gasps|mouthfuls) of air\b",
        r"lungs? (?:wont|will not|doesnt|does not|dont|cant|not|arent|isnt)"
        r" (?:fill|filling|inflate|expand|open)",
        r"puffing and panting\b",
        # "sucking air just sitting on the couch", "huffing and puffing lying down".
        r"sucking (?:in )?(?:air|wind)\b",
        r"(?:breath\w*|air) (?:thru|through) a (?:straw|pillow|wet towel|sock)\b",
        r"huffing and puffing (?:just|even|while|when|at rest|sitting|lying|on the (?:couch|sofa"
        r"|bed)|in bed|for)\b",
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
        # Non-native English: "have a little short breath after the needles".
        r"\bshort breath\b",
        # "also chest been sore n tight all nite since session".
        # "ma chest is pure sore" (Scots "my"): "a" only as a word of its own.
        r"(?<!your )(?<!\bur )(?<!\byr )(?<!\ba )(?<!the )chest (?:been|is|s|feels?|felt|has been"
        r"|feeling|gone)(?: (?!(?:less|not|no|never|hardly|barely|any)\b)\w+){0,2}"
        r" (?:sore|tight|achy|painful|heavy)\b(?! (?:from|after)"
        r" (?:the )?(?:gym|workout|bench|press|push ?ups))",
        # "mi chest a hurt sharp when mi twist" (Jamaican: "my chest is hurting sharply").
        r"(?:my|mi) (?:chest|ribs?) (?:a |is |s )?(?:hurt|hurting|a hurt|pain|paining)"
        r"(?: \w+)? (?:sharp|bad|when|every)\b",
        # "i can't seem to fill my lungs all the way", "puffing like i've run somewhere".
        r"(?:cant|cannot|can not|couldnt|unable to)(?: seem to| quite)? (?:fill|expand|get air"
        r" into) (?:my|his|her) lungs?\b",
        r"(?:puffing|panting|gasping)(?: \w+){0,2} like (?:i ve|ive|i have|i d|id|i had)"
        r" (?:just )?(?:run|ran|been running|sprinted|climbed)\b",
        # "a stabbing pain in my ribs ... when i take a deep breath".
        r"(?:stabbing|sharp|shooting|catching|knife like) pain (?:in|on|under|around|across)"
        r" (?:my |the )?(?:ribs?|chest|side|rib cage)(?: \w+){0,5} (?:when|if|as|every time) i"
        r" (?:take a (?:deep |big )?breath|breathe|breath in|inhale|cough)\b",
        # "is it normal for my chest to hurt", asked of one that goes on.
        r"my (?:chest|ribs?|rib cage|sternum|breast ?bone) (?:hurt|hurts|hurting|ache|aches|aching"
        r"|achy|tight|sore)\b",
        # "my heart area is very painful": where the chest is, in the patient's words.
        r"(?:heart|heart area|heart region)(?: is| feels?| has been)?(?: very| so| really| a bit)?"
        r" (?:painful|pain|hurts?|hurting|aches?|aching|tight|pressure|squeez\w*)\b",
        # Understated: "bit puffed just walking up the stairs", "short of puff".
        r"(?:a |bit |a bit |little |a little |kinda |so |really |quite )puffed\b",
        r"(?:short|out) of puff\b",
        # Breathless at rest: "puffed out just from talkin", "winded just sitting here".
        r"(?:puffed|out of breath|breathless|winded|short of breath|gasping|panting)(?: out)?"
        r" (?:just |even )?(?:(?:from|by|when|while|after) )?(?:just )?(?:talking|talkin|speaking"
        r"|sitting|sittin|lying|resting|doing nothing|standing still)\b",
        # "puffed out just walking to the kitchen": breathless on the smallest effort.
        r"(?:puffed|out of breath|breathless|winded|short of breath|gasping|panting)(?: out)?"
        r" just (?:walking|walkin|going|getting) (?:to|up|across|around|into|from|out of)"
        r" (?:the |my )?(?:kitchen|bathroom|toilet|loo|door|car|bedroom|stairs|next room|fridge"
        r"|sofa|couch|bed|shop|shops|post box|letterbox)\b",
        # "a tight feeling in my chest", "weird pressure in my chest since this arvo".
        r"(?:tight|tightness|pressure|heavy|heaviness|squeez\w*|crushing|weird|funny|strange)"
        r"(?: \w+){0,2} (?:in|on|across|around)"
        # "a heavy feeling in the middle of my chest".
        r"(?: the (?:middle|centre|center|front|left side|right side|left|right) of)?"
        r" (?:my|his|her|the) " + _CHEST,
        # "my chest is pressing very strong, like heavy stone".
        _CHEST + r"(?: is| feels?| keeps?| has been)?(?: \w+)? (?:pressing|pressed|heavy like)\b",
        _CHEST + r"(?: \w+){0,6} like (?:a )?(?:heavy )?(?:stone|rock|weight|brick|elephant)\b",
        r"out of breath",
        r"breathless",
        r"(?<!long )winded\b",
        r"breath(?:ing)?(?: is| feels?| has been| got)?(?: very| so| really| a bit| bit)?"
        r" (?:shallow|laboured|labored|rapid|difficult|hard|wheezy|noisy)\b",
        _CHEST + _CHEST_LINK + r" (?:pain|hurts?|hurting|tight|tightness|pressure|heavy"
        r"|killing|sore|aches?|aching|pains|weird|funny|strange|odd|wrong|off|crushing|crushed"
        r"|squeezed)\b",
        r"(?:tight|tightness|pain|pains|pressure|heaviness|heavy|stab|stabs|stabbing|crushing"
        r"|ache|aching)"
        # "pain right behind my breastbone".
        r"(?: right| just| deep| somewhere)?"
        r" (?:in|at|on|across|around|through|behind|beneath)"
        r"(?: the (?:side|front|middle|centre|center|left|right|top|bottom|base)(?: side)? of)?"
        r"(?: my| the| his| her)? " + _CHEST + r"\b",
        r"tight " + _CHEST + r"\b",
        # "rubbing his chest saying it feels tight": the feeling said a few words later.
        _CHEST + r"(?: \w+){0,4} (?:feels?|felt|feeling|is|was|gone|going|getting)"
        r"(?: (?!less\b|not\b|no\b|never\b|less\b)\w+)? (?:tight|crushed|crushing|squeezed"
        r"|heavy|pressure)\b",
        # Not "breathing totally normal, no chest pain".
        r"breath(?:e|ing)?(?: (?!(?:no|not|normal|fine|ok|okay|good|great)\b)\w+){0,4}"
        r" (?:hurts?|pain|painful|sharp|stabbing|stabs?|knife"
        r"|knives|agony)\b",
        r"(?:pain|hurts?|hurting|sharp|stabbing|stabs?|knife|knives|sore)" + _W + r"{0,7}"
        r" (?:breathe|breath|breathing|inhale|inhaling|breathe in)\b",
        r"(?:punctured|collapsed|pierced) lung",
        r"lung" + _W + r"{0,3} (?:punctured|collapsed|pierced)",
        r"pneumothorax",
        r"wheez",
    ),
    rule(
        RedFlag.BLEEDING,
        r"(?:nose ?)?bleed(?:ing)?"
        + _W
        + r"{0,8} (?:wont|will not|doesnt|does not|didnt|cant|hasnt|has not"
        r"|isnt|not) stop",
        r"(?:cant|cannot|can not|wont|unable to|couldnt) stop(?: the| it)? (?:bleed|blood)",
        # "i don't think the bleeding is going to stop".
        r"(?:dont|do not) think (?:the |this |it |its )?(?:bleeding|blood|it|bleed)"
        r"(?: is| will| s| its)?(?: ever)?(?: going to| gonna)? stop",
        # "one of the spots hasn't stopped bleeding": the negation is the sign, not its denial.
        r"(?:hasnt|has not|havent|have not|wont|will not|doesnt|does not|didnt|did not|not)"
        r" (?:stopped|stop|stopping|quit) (?:bleed|blood)",
        # "every time I lift the tissue it starts dripping again".
        r"(?:starts?|started|starting) (?:dripping|bleeding|oozing blood) again\b",
        r"(?:been|still|keeps?) bleeding (?:ever )?since\b",
        # "the blood is not stop coming": said as it is happening ("if it bleeds and not stop"
        # asks).
        r"blood(?: \w+)? (?:is|s|keeps|still)(?: still)? (?:not|no|never) (?:stop|stopping)\b",
        r"(?:keeps?|kept|still|constantly|wont stop|non stop|nonstop) (?:bleed|pouring)",
        r"(?:bled|bleeding|bleeds) (?:thru|through)\b",
        # "the plaster's soaked again, third one in an hour", "can't get it to stop bleeding".
        r"(?:plasters?|bandages?|dressings?|gauze|tissues?|cotton wool)(?: \w+){0,2}"
        r" (?:soaked|soaking|drenched|full of blood)\b",
        r"(?:cant|cannot|can not|couldnt) (?:get|make) it (?:to )?stop bleeding\b",
        # "been drippin for like 45 mins, pressed it the whole time".
        r"(?:dripping|oozing|leaking|seeping)(?: blood)? for (?:like |about |over |nearly"
        r" |almost )?(?:\d+|twenty|thirty|forty|forty five|an?|half an?)"
        r" (?:mins?|minutes|hours?|hrs?)\b",
        r"(?:gone|soaked|bled) (?:through|thru) (?:the |all the |a |every )?(?:\w+ ){0,3}"
        r"(?:dressings?|plasters?|bandages?|gauze|tissues?)\b",
        r"(?:bleeding|bled|bleeds|blood) all over (?:the place|everywhere|me|my|the floor"
        r"|the sheets)\b",
        r"soaked (?:thru|through) (?:the |my )?(?:cloth|plaster|bandage|gauze|tissue|towel"
        r"|dressing|cotton)\b",
        # "keeps soaking through every tissue".
        r"(?:keeps?|kept|still|is|s|its|it s) soaking (?:thru|through)\b",
        r"bleed(?:ing|s)? (?:a lot|heavily|loads|badly|profusely|everywhere|through|non stop"
        r"|for hours|for an hour|for over)",
        # "sheep hearts, blood and guts everywhere": a lesson or a film, not a wound.
        r"blood(?! and guts)"
        + _W
        + r"{0,3} (?:wont stop|everywhere|pouring|gushing|spurting|soaked"
        r"|keeps coming|keeps dripping|dripping)",
        r"blood(?: is| keeps| still| keep)+ (?:coming|running|flowing|seeping|oozing)",
        # "the bathroom looks like a crime scene", "the spot just keeps going no matter how hard i
        # press".
        r"(?:looks?|looking) like a (?:crime scene|murder scene|slaughterhouse|massacre)\b",
        r"(?:keeps?|kept) (?:going|coming|leaking|dripping)(?: \w+){0,5} (?:press|pressing"
        r"|pressure|hold it|holding it)\b",
        r"soaked" + _W + r"{0,3} (?:blood|plaster|bandage)",
        # "still dribbling blood", "changed the plaster twice and it's soaked again".
        r"still (?:dribbling|trickling|oozing|seeping|leaking|dripping|welling up with) (?:blood"
        r"|red)\b",
        r"(?:changed|replaced|swapped) (?:the|my|a) (?:plaster|bandage|dressing|gauze|tissue)s?"
        r"(?: \w+){0,5} (?:soaked|soaking|full of blood|filled with blood)\b",
        r"(?:heavy|lots of|so much|a lot of|loads of|tons of|pool of|covered in|full of)"
        # Not "loads of blood tests": a test, not a bleed.
        r" (?:bleeding|blood)\b(?! (?:tests?|work|draws?|donations?|pressure|sugars?|results?))",
        r"(?:cough|coughing|coughed|spit|spitting|spat|vomit|vomiting|vomited|throwing up|threw up"
        r"|bringing up)(?: up)? (?:blood|bloody)\b",
        r"blood(?:y)? (?:in|when|with) (?:my |his |her |the )?(?:spit|phlegm|sputum|saliva|cough"
        r"|coughing|mucus|vomit|sick|pee|urine|wee|poo|stool)\b",
        r"(?:filling|filled|fill|full) (?:up )?with blood\b",
        # Not "the bruise isn't getting bigger".
        r"(?:bruise|bruising|swelling|lump|bump)" + undenied_gap(3) + r" (?:growing"
        r"|getting bigger|swelling (?:fast|quickly|up))\b",
        r"(?:getting|growing|gets|got) (?:bigger|larger)(?: and bigger)? (?:fast|quickly|rapidly"
        r"|by the)\b",
        r"swell(?:ing|s)? (?:up )?(?:fast|quickly|rapidly|by the)\b",
        # "my bum cheek where u needled has like ballooned up n gone purple in an hr".
        r"(?:ballooned|ballooning|balloons|blown up|blew up|puffed up)(?: up)?(?: \w+){0,4}"
        r" (?:purple|black|blue|tight|huge|massive|hard"
        r"|in (?:an? |the )?(?:hr|hour|few|minutes?))\b",
        # "it's gone from a little bump to the size of a tennis ball in about an hour".
        r"(?:gone|grown|went|got|swelled|swollen|grew) from (?:a |the )?(?:\w+ ){0,3}(?:bump|lump"
        r"|spot|dot|mark|swelling|bruise)(?: \w+){0,2} to (?:the size of|a|an"
        r"|about the size of)\b",
        # "a swelling ... it's gone from nothing to the size of an orange since tea".
        r"(?:gone|grown|went|got|swelled|grew) from (?:nothing|next to nothing|almost nothing"
        r"|barely anything|flat) to (?:the size of|about the size of|the size of)\b",
        r"swelling(?: \w+){0,8} (?:going|puffing|coming|blowing) up like\b",
        # "the bruise on my bum from the needles today is spreading really fast".
        r"(?:bruise|bruising|swelling|lump)" + undenied_gap(10) + r" (?:spreading|spreads"
        r"|growing|grows|getting bigger|expanding)(?: really| so| very| super)?"
        r" (?:fast|quickly|rapidly)\b",
        overrulable=False,
    ),
    rule(
        # "i fainted lol is that normal": the patient's own loss of consciousness, told plainly,
        # is never silenced by the second opinion.
        RedFlag.FAINTING,
        r"(?:i|ive|i ve|i have|i had|i just|i actually|i literally)"
        r" (?:just |actually |literally )?(?:fainted|passed out|blacked out|collapsed"
        r"|lost consciousness)\b(?! (?:the|that|those|these|all|any|my memory|a lot|parts?"
        r"|at the (?:price|bill|sight))\b)",
        overrulable=False,
    ),
    rule(
        RedFlag.FAINTING,
        # Not "a faint ache", "a faint mark".
        r"faint(?:ed|ing)?\b(?! hearted| heart| ache| aches| pain| mark| marks| line| bruise"
        r"| smell| sound| hint| trace| twinge| soreness| tenderness| throb| outline| scar| memory"
        r"| idea| glow| taste| tingle| itch"
        # "a faint yellowish bruise", "a faint greenish mark": a colour, not a faint.
        r"| (?:yellow\w*|green\w*|purple\w*|blue\w*|brown\w*|red\w*|pink\w*|grey\w*|gray\w*)"
        r"(?: \w+)? (?:bruise|bruising|mark|marks|patch|tinge|shadow|stain|colour|color|ring"
        r"|line))",
        r"pass(?:ed|ing)? out\b",
        r"black(?:ed|ing)? out\b(?! (?:the|that|those|these|all|any|my memory|a lot|parts?)\b)",
        # Not "the batting collapse", "the stock market collapsed".
        r"(?<!batting )(?<!market )(?<!economic )(?<!economy )(?<!team )(?<!tent )(?<!roof )"
        r"collaps(?:e|ed|ing)\b",
        r"dizz(?:y|iness)",
        r"light ?headed",
        r"(?:room|head)(?: is| was| keeps)? spinning",
        # "every time i stand up the room spins ... i'd have gone down".
        r"(?:the )?room (?:spins|spun|starts spinning|goes spinning)\b",
        r"(?:i d|id|i would|i would ve|i would of|i d of|i d have) (?:have )?(?:gone down"
        r"|hit the (?:floor|deck|ground)|keeled over|passed out|fainted)\b",
        # "everythin spinnin bad, gotta lie down or ill hit the deck".
        r"(?:everything|every thing|everythin|room|world|head)(?: is| was| keeps| s)? spinn?in",
        r"(?:gonna|going to|about to|will|ill|i ll|could|might|nearly|almost)(?: \w+)? (?:hit the"
        r" (?:deck|floor|ground)|keel over)\b",
        r"(?:getting|gettin|get|got|keep getting|keep gettin) the greys\b",
        r"vertigo",
        r"lost consciousness",
        # "i lost my consciousness for short time", "lost conscious in the shop".
        r"(?:lost|lose|losing) (?:my |his |her )?conscious(?:ness)?\b",
        r"unconscious",
        r"keeled over",
        r"(?:i|he|she|they|we|mum|mom|dad|wife|husband|son|daughter|partner|grey and|gray and"
        r"|white and|pale and|dizzy and|faint and|wobbly and)(?: \w+)?"
        r" (?:hit|fell to|dropped to|slumped to|crumpled to|collapsed on) the"
        r" (?:floor|ground|deck)\b(?! running)",
        r"woke(?: up)? (?:on|lying on) the (?:floor|ground)\b",
        r"(?:grey|gray|white|pale|sweaty|clammy|faint|dizzy|wobbly|woozy|light ?headed)"
        r"(?: and \w+)? (?:and|then) (?:hit|fell to|dropped to|slumped to|crumpled to"
        r"|collapsed on) the (?:floor|ground|deck)\b",
        r"ended up (?:on|lying on|flat on) the (?:floor|ground)\b",
        # "everything become dark in eyes when i stand".
        r"(?:everything|vision|world|it all|eyes|sight)(?: \w+)? (?:went|goes|go|going|gone"
        r"|become|became|becomes|becoming|turned|turns|turning|got|gets|getting)"
        r" (?:all )?(?:black|dark|grey|gray|white|fuzzy|blurry|dim)\b",
        r"out cold\b",
        # "i basically slid down the wall", "two more near-blackouts getting out of bed".
        r"(?:slid|slumped|sank|slipped|crumpled) (?:down|to) (?:the )?(?:wall|door|floor|ground"
        r"|counter)\b",
        r"near (?:black ?outs?|faints?|fainting|collapses?)\b",
        # "my vision keeps tunnelling and i think i'm going to go down".
        r"(?:greying|graying|blacking|whiting) out\b",
        r"(?:vision|sight|eyes)(?: \w+){0,2} (?:tunnel\w*|closing in|going (?:dark|black|grey"
        r"|gray|fuzzy|blurry)|greying out|graying out)\b",
        r"(?:going to|gonna|about to|goin to) (?:go down|drop|keel over|hit the floor|black out"
        r"|pass out|faint|collapse)\b(?! (?:on|to|at|in) (?:the|my|a) (?:sofa|couch|bed|price"
        r"|bill)\b| (?:from|of|with) (?:boredom|laughter|laughing|shock)\b)",
    ),
    rule(
        RedFlag.INFECTION,
        r"pus\b",
        # "gunk comin out, kinda yellowy green".
        r"(?:gunk|goo|gooey stuff|yellow\w* stuff|green\w* stuff|cloudy stuff)(?: \w+){0,2}"
        r" (?:coming|comin|leaking|oozing|weeping|seeping) (?:out|from)\b",
        r"(?:yellowy|greeny|yellow|green)(?: \w+)? (?:gunk|goo|discharge|crust)\b",
        r"abscess",
        r"boil\b(?! the| some| water| a kettle| the kettle| an egg| myself| yourself| himself"
        r"| herself| alive)",
        r"angry(?: looking)?(?: and)? (?:red|hot|swollen)\b",
        # A spot that grows: "redder and bigger each day", "getting bigger every day".
        r"(?:redder|bigger|larger|wider|hotter|angrier) and (?:redder|bigger|larger|wider|hotter"
        r"|angrier|more swollen)\b",
        r"(?:getting|got|gets|grown|growing) (?:redder|bigger|wider|larger|hotter)(?: \w+){0,3}"
        r" (?:each|every|by the) (?:day|hour)\b",
        r"(?:hot|red|swollen|sore) and angry\b",
        r"(?:yellow|yellowish|green|greenish|cloudy|creamy|smelly)(?: \w+)?"
        r" (?:stuff|gunk|goo|gunge|liquid|fluid|head|heads|crust|ooze|discharge)\b",
        r"leaking\b(?! tears)",
        # "small wound with liquid yellow and bad smell": the colour after the noun, a smell.
        r"(?:liquid|fluid|stuff|discharge|goo|gunk) (?:yellow|yellowish|green|greenish|white"
        r"|cloudy|milky)\b",
        r"(?:wound|spot|site|hole|mark|cut|bump|needle point)(?: \w+){0,6} (?:bad|foul|horrible"
        r"|funny|strange|awful|nasty) (?:smell|smells|smelling|odou?r)\b",
        # "a small bump ... it has white liquid inside": pus in other words.
        r"(?:white|whitish|milky)(?: \w+)? (?:liquid|fluid|gunk|goo|gunge|ooze|discharge"
        r"|heads?)\b",
        r"(?:spot|site|hole|mark|wound|area|point|dot|skin|it)"
        r"(?: is| was| has been| keeps| started)? (?:weeping|seeping)\b",
        r"oozing",
        r"white ?heads?\b",
        r"weeping (?:sore|wound|spot|blister|patch)\b",
        # Not "my gp discharged me", which the speller reads as "discharge me".
        r"discharge\b(?! (?:me|him|her|them|us)\b)",
        r"infected\b",
        r"infection\b(?! control| prevention| procedures?)",
        # Not "grand final fever", "cabin fever".
        r"(?<!glandular )(?<!hay )(?<!scarlet )(?<!cabin )(?<!yellow )(?<!dengue )(?<!final )"
        r"(?<!footy )(?<!football )(?<!cup )(?<!election )(?<!spring )(?<!gold )(?<!disco )"
        r"(?<!christmas )(?<!holiday )(?<!wedding )(?<!baby )(?<!olympic )(?<!dance )"
        r"(?<!saturday night )(?<!world cup )(?<!derby )(?<!playoff )(?<!finals )"
        r"fever(?:ish)?\b(?! pitch| dream| tree)",
        r"chills\b",
        r"shiver(?:ing|y|s)?\b",
        r"(?:high|running a|have a|got a) temperature\b",
        r"red(?:ness)?" + _W + r"{0,3} (?:spreading|spread|bigger|wider|growing|hot|warm"
        r"|swollen)\b",
        r"spreading red",
        # "the red is creeping up my arm": a red line travelling from the spot.
        r"(?:red|redness|rash|red streaks?|red lines?)(?: \w+){0,2} (?:is |are )?(?:creeping"
        r"|spreading|moving|tracking|travelling|traveling|going|running) (?:up|down|along"
        r"|across|towards?)\b",
        r"red (?:streaks?|lines?)\b",
        # Streaks along the skin, not "breaking the streak" or "a streak of 212 days".
        r"streaks?\b(?= (?:going|running|spreading|coming|creeping|up|from|along|down|on|across"
        r"|around|near|towards|out|moving|travelling|traveling)\b)",
    ),
    rule(
        RedFlag.NUMBNESS,
        # Not the verb: "can i take paracetamol before to numb it", "cream to numb the area".
        # "my brain has gone numb from the forms": a tired mind, not a limb.
        r"(?<!brain )(?<!brain has gone )(?<!brain went )(?<!brain is )(?<!mind )"
        r"(?<!mind has gone )(?<!mind went )(?<!mind is )"
        r"numb(?:ness)?\b(?! with (?:boredom|cold|shock|fear|grief)| it\b"
        # "my hands are numb from the boda ride", "numb from the cold".
        r"| from the (?:cold|ride|bike|boda|weather|wind|frost|snow|ice|motorbike)\b"
        r"| (?:the|my) (?:pain|area"
        r"|spot|skin|site)\b)",
        r"tingl(?:e|es|ing|y)\b",
        r"pins (?:and|n|an|&) needles",
        r"(?:arm|leg|hand|foot|fingers?|toes?|face)(?: has| have| is| feels?)? (?:gone|went)"
        r"(?: all)? (?:dead|numb|weak|limp|floppy)\b",
        r"dead arm\b",
        _BODY + r"(?: (?!(?:not|no|isnt|arent|never|nor|wasnt|werent)\b)\w+)?(?: is| are| feels?"
        r"| felt| has| have| still| gone| went| been| all"
        r"| keeps?| going| fell)* (?:asleep|sleep|sleeping|dead|numb|limp|floppy)\b",
        r"(?<!you )(?<!u )(?<!people )(?:cant|cannot|can not|unable to|couldnt)"
        r"(?: even| really| properly)?"
        r" (?:grip|hold|lift|feel|grasp|move|bend|use) (?:(?:my|his|her|their|the|any|your) )?"
        r"(?:anything|things|it|objects|" + _BODY + r"|cup|mug|pen|phone|bottom|groin|lips?)\b",
        r"(?:belongs?|belonging) to someone else\b",
        # "my foot has felt like it's made of cotton wool".
        r"(?:feels?|felt|feeling) like (?:it s |its |it is |it |they re |theyre |they )?"
        r"(?:made of |full of )?(?:cotton wool|wood|rubber|a block of wood)\b",
        # "my fingers won't do what i tell them".
        r"(?:fingers?|hands?|arms?|legs?|feet|foot|toes?)(?: \w+)? (?:wont|will not|doesnt|dont"
        r"|do not|does not|arent|isnt) (?:do what i|doing what i|listen|listening|respond"
        r"|responding|obey)\b",
        r"(?:legs?|knees?)(?: \w+)? (?:gave|give|gives|giving|went) (?:way|out)\b",
        r"flopping\b",
        r"slurr(?:ed|ing)\b",
        r"(?:face|eye|eyelid|mouth|lip|smile)(?: \w+){0,2} droop(?:y|ed|s)\b",
        r"foot drop",
        # "sorry for dragging you into my marriage" is no dragging limb.
        r"dragging\b(?! (?:you|him|her|them|me|us|everyone|my \w+)\b)",
        r"weak(?:ness)?\b(?! in the knees)",
        r"paraly",
        r"drooping",
    ),
    rule(
        RedFlag.FAINTING,
        # The negation is the symptom: "i was not conscious", "found me on the floor".
        r"(?:wasnt|werent|(?:was|were) not|not) (?:conscious|awake|responding|responsive)\b",
        r"(?:didnt|did not|wouldnt|would not|couldnt|could not) respond\b",
        r"found (?:me|him|her|them) (?:on|lying on) the (?:floor|ground)",
        # "after needles i go to toilet and i fall, i don't remember".
        r"(?:i|he|she) (?:fall|fell|fallen|go down|went down|collapse|collapsed)(?: \w+){0,3}"
        r" (?:i |he |she )?(?:dont|do not|didnt|cant|cannot|dont even) (?:remember|recall)\b",
        r"(?:next thing i (?:know|knew)|next thing|came round|came to|woke up|found myself)"
        r"(?: \w+){0,5}"
        r" on the (?:floor|ground|lino|tiles|carpet|deck|pavement|kitchen floor|bathroom floor"
        r"|grass|lawn|path|footpath|driveway|patio|road|sidewalk|bathroom tiles)\b",
        r"(?:on|lying on) the (?:floor|ground|lino|tiles|carpet) looking up at the ceiling\b",
        # "next thing i remember the barman was standing over me", "apparently i slid off the
        # stool": time lost, told by what the patient woke to.
        r"next thing i (?:know|knew|remember|remembered|recall)(?: \w+){0,8} (?:standing|leaning"
        r"|bending|kneeling|crouching|crouched|stood) over me\b",
        r"next thing(?: i (?:know|knew|remember|remembered|recall))?(?: \w+){0,6} (?:asking|asked)"
        r" (?:me )?(?:if|whether) i (?:was|m|am|were) (?:ok|okay|alright|all right)\b",
        r"(?:apparently|they said|she said|he said|they told me|someone said) i (?:slid|slipped"
        r"|fell|keeled|toppled|slumped) (?:off|out of|from) (?:the|my|a|me) (?:\w+ )?"
        r"(?:stool|chair|seat|bench|bed|couch|table)\b",
        r"(?:i|he|she) (?:dont|do not|didnt) think (?:i|he|she) (?:was|were) out (?:for )?long\b",
        # "i went down - my friend says i was out for maybe ten seconds".
        r"(?:i|he|she|they) (?:was|were) out for (?:a few |about |maybe |like |around |only )?"
        r"(?:\w+ )?(?:seconds?|secs?|minutes?|mins?|a bit|a while|a moment)\b",
        r"(?:i|he|she|they) went down\b(?! (?:to|the|a|stairs|town|with|for|well|in|there"
        r"|here|on))",
        # "i went out for a moment on the sofa and i don't remember it".
        r"(?:i|he|she) (?:went|was) out for (?:a|one) (?:moment|second|sec|few seconds|minute|bit)"
        r"(?: \w+){0,8} (?:dont|do not|didnt|did not|cant|cannot|cant) (?:remember|recall)\b",
        # "didn't fully pass out i think, but close": a hedge on a near faint, no denial.
        r"(?:didnt|did not|never) (?:quite|fully|completely|totally) (?:pass(?:ed)? out"
        r"|black(?:ed)? out|faint(?:ed)?)\b",
        # "stood up and the room went sideways".
        r"(?:room|world|everything|floor|kitchen|ceiling) (?:went|tilted|tipped|lurched|swung"
        r"|turned) (?:sideways|on its side|upside down)\b",
        can_be_negated=False,
    ),
    rule(
        RedFlag.NUMBNESS,
        # The negation is the symptom: "no feeling in my hand", "lost all sensation".
        r"(?:lost|lost all|lose|losing|loss of) (?:the |my |all the |all my )?(?:strength|power"
        r"|grip)\b",
        r"(?:grip|strength|power)(?: in (?:my|his|her|the) \w+)?(?: has| is| just| has just)?"
        r" (?:gone|disappeared|vanished)\b",
        r"(?:no|lost|lost all|lose|losing|loss of|without|without any|zero)"
        r" (?:the |all )?(?:feeling|sensation)\b"
        r"(?! (?:of|sick|faint|dizzy|well|great|good|fine|better|worse|bad|anything|any pain"
        # "dance without feeling like i did a workout", "without feeling sore": a comparison
        # or a mood, not the lost sense.
        r"|like|as if|as though|tired|sore|stiff|achy|guilty|rushed|awkward|nervous|self))",
        can_be_negated=False,
    ),
    rule(
        # "how long is a needle spot supposed to bleed? mine's been going since i got home".
        RedFlag.BLEEDING,
        r"(?:been|still|keeps?|kept) (?:going|dripping|oozing|running|leaking)(?: \w+){0,2}"
        r" (?:since|for)\b",
        context=r"\b(?:bleed\w*|bled|blood\w*)\b",
    ),
    rule(
        # "climbing the stairs just now i had to stop halfway", said of being short of puff.
        RedFlag.BREATHING,
        r"(?:had to|have to|having to|needed to) stop (?:halfway|half way|every few steps"
        r"|on the stairs|to catch my breath)\b",
        context=r"\b(?:puff|puffed|breath|breathe|breathing|breathless|winded|wheez\w*"
        r"|air)\b",
    ),
    rule(
        # "when i draw breath it is paining me", "my breath is not complete".
        RedFlag.BREATHING,
        r"(?:draw|draws|drawing|take|takes|taking) (?:a |my )?(?:deep |big |full )?breath"
        r"(?: \w+){0,3} (?:paining|pains|hurting|hurts|painful|stabbing|sharp)\b",
        r"breath (?:is |s )?(?:not|no) (?:complete|completing|full|finishing)\b",
    ),
    rule(
        # "i'm in a really dark place, like i have a plan dark", "i've made a plan to end it".
        RedFlag.SELF_HARM,
        r"(?:dark place|dark thoughts?|suicidal|end it all|not want to be here)(?: \w+){0,8}"
        r" (?:i have|ive got|i got|i ve got|got|have|made|i made|ive made) a plan\b",
        r"(?:i have|ive got|i ve got|ive made|i made|i have made) a plan (?:to (?:end|kill|hurt"
        r"|do it|not be)|for (?:how|when) (?:to|i)|for ending)\b",
        r"\ba plan(?: \w+)? dark\b",
    ),
    rule(
        # "crying from the pain", "in tears with it".
        RedFlag.SEVERE_PAIN,
        r"(?:crying|cry|cried|in tears|sobbing|weeping|bawling) (?:from|with|because of|cos of"
        r"|bc of|coz of|over) (?:the |this |my )?(?:pain|hurt|ache|aching|agony)\b",
    ),
    rule(
        RedFlag.SEVERE_PAIN,
        # "he's unbearable now": a person's manner, not pain.
        r"(?<!hes )(?<!he s )(?<!he is )(?<!shes )(?<!she s )(?<!she is )(?<!theyre )"
        r"(?<!they re )(?<!they are )(?<!youre )(?<!you re )(?<!you are )(?<!hes been )"
        r"(?<!shes been )(?<!hes being )(?<!shes being )(?<!he was )(?<!she was )(?<!\bhe )"
        r"(?<!\bshe )(?<!\bthey )(?<!\byou )unbearable",
        # "on the floor because it's the only place i can bear to lie": unbearable, told around.
        r"only (?:place|position|way|spot|thing) i can (?:bear|stand|tolerate|manage) to"
        r" (?:lie|sit|be|stand)\b",
        r"excruciating",
        r"agony",
        r"agoni[sz]ing",
        r"intolerable",
        r"worst pain",
        r"worst (?:headache|ache)\b",
        # "the pain in my shoulder is honestly the worst i've ever had".
        r"(?:pain|ache|hurts?|hurting|it|its|soreness)(?: \w+){0,6} the worst (?:i ?ve|i have|i d"
        r"|id|i had) ever (?:had|felt|known|experienced)\b",
        # "the pain is the worst it's ever been".
        r"(?:pain|ache|hurts?|hurting|soreness)(?: \w+){0,4} the worst (?:it|its|it s|it has"
        r"|it is) ever (?:been|was)\b",
        r"thunderclap",
        r"(?:cant|cannot|can not|unable to|couldnt) (?:even )?(?:put|bear|take) (?:any )?weight",
        r"(?:hurts?|hurting|pain|aching|sore) like hell\b",
        r"worse and worse",
        r"worse (?:every|each|by the)",
        r"so bad (?:that )?(?:i |im |i am |ive )?(?:cant|cannot|crying|in tears|screaming|shaking"
        r"|sobbing|throwing up|threw up|vomiting|vomited|being sick|was sick|puked|passed out)",
        r"(?:crying|in tears|sobbing|screaming) (?:from|with|because of|in|of)(?: the| this)?"
        r" pain",
        # "its thurs n im cryin its so bad".
        r"(?:im|i m|i am) (?:crying|cryin|in tears|sobbing)(?: \w+){0,2} (?:its|it s|it is"
        r"|cos its|because its|coz its) (?:so|too|really) (?:bad|painful|sore)\b",
        r"(?:in|with) (?:so much|such|that much|this much|a world of|agonising) pain\b",
        r"pain" + _W + r"{0,6} (?:cant|cannot|can not) (?:stand|bear|take)\b",
        r"cant sleep (?:because|from|with|due to)" + _W + r"{0,2} pain",
        r"(?:pain ?killers?|painkillers?|medication|meds|ibuprofen|paracetamol|tablets?|pills?"
        r"|nurofen|panadol|codeine|tylenol|advil|co codamol)"
        r"(?: are| is| do| does| did| have| has)? (?:arent|not|dont|doesnt|didnt|isnt|no longer"
        r"|havent|hasnt|wont) (?:even )?(?:touch\w*|work\w*|help\w*|do anything|doing anything"
        r"|made a difference|making a difference)",
        r"(?:pain ?killers?|painkillers?|medication|meds|ibuprofen|paracetamol|tablets?|pills?"
        r"|nurofen|panadol|codeine|tylenol|advil|co codamol)(?: \w+){0,5}"
        r" (?:done|did|doing|do|does) (?:nothing|zilch|zero|sod all|nada)\b",
        r"(?:cant|cannot|can not|couldnt) bear\b"
        r"(?! (?:to (?:wait|miss|watch|look)|needles|the thought))",
        r"(?:cant|cannot|can not|unable to|not able to) (?:even )?(?:walk|stand up|move|sleep"
        r"|function|work|get out of bed|get up)" + _W + r"{0,4} (?:pain|painful|hurts?|sore)\b",
        r"(?:pain|painful|hurts?|sore)" + _W + r"{0,4} (?:cant|cannot|can not|unable to)"
        r" (?:even )?(?:walk|stand up|move|sleep|function|work)\b",
        # "my legs were screaming by the top of the climb": effort, told as past.
        # "my coach was screaming like a madman": someone else's voice, not pain.
        r"(?<!legs were )(?<!legs was )(?<!muscles were )(?<!lungs were )(?<!calves were )"
        r"(?<!quads were )(?<!thighs were )(?<!coach was )(?<!crowd was )(?<!he was )"
        r"(?<!she was )(?<!they were )(?<!kids were )(?<!baby was )(?<!fans were )"
        # "my ears are bleeding from the screaming": other people's noise.
        r"(?<!the )(?<!their )(?<!his )(?<!her )"
        # "quads r screaming after leg day", "my feet are screaming after a double shift".
        r"(?<!feet are )(?<!feet r )(?<!quads are )(?<!quads r )(?<!legs are )(?<!legs r )"
        r"(?<!calves are )(?<!calves r )(?<!glutes are )(?<!hamstrings are )(?<!abs are )"
        r"(?<!lungs are )(?<!shes )(?<!hes )(?<!she s )(?<!he s )(?<!baby )(?<!baby s )"
        # "small children screaming that they're dying": other people's noise.
        r"(?<!children )(?<!kids )(?<!kid )(?<!toddlers )(?<!people )(?<!crowd )(?<!fans )"
        # "my wife was screaming whole time" at a horror film: someone else's fright.
        r"(?<!wife was )(?<!husband was )(?<!partner was )(?<!son was )(?<!daughter was )"
        r"(?<!mum was )(?<!mom was )(?<!dad was )(?<!friend was )(?<!everyone was )(?<!we were )"
        r"(?<!audience was )"
        r"screaming"
        r"(?! (?:like a|at (?:me|him|her|them|the)|for joy|with (?:joy|laughter|delight)"
        r"|blue murder|the (?:house|place) down))",
        # "couldn't get out of bed without screaming": the negations are the sign.
        r"(?:cant|cannot|can not|couldnt|could not)(?: \w+){1,8} without (?:screaming|crying out"
        r"|yelling|howling)\b",
        overrulable=False,
    ),
    rule(
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
        # "my back is absolutely wrecked, like 10/10".
        r"|agony|scale|out of|wrecked|killing|killin|murdering|throbbing|stabbing)\b",
    ),
    rule(
        RedFlag.SEVERE_PAIN,
        r"(?:getting|gotten|got|gets|keeps getting|is getting) worse",
        r"worsening",
        r"(?:much|way|far|a lot|lots|even|so much|bit|getting) worse\b(?! before)",
        # "tuesday worse, wednesday worse again, today it's the worst it's ever been".
        r"worse again\b",
        r"(?:its|it s|it is|it|this is|thats|that s) the worst (?:it|its|it s|it has|ive|i ve"
        r"|i have|i) ever (?:been|had|felt)\b",
        r"(?:had to|have to|having to) crawl (?:to|up|into|around|across|out of)\b",
        r"(?:getting|gotten|got|gets) (?:steadily|progressively|gradually) worse",
        r"(?:its|it s|it is|it|pain is|soreness is|ache is) (?:steadily|progressively|gradually)"
        r" worse\b",
        r"escalat(?:ing|ed|es) (?:badly|quickly|fast|a lot)?",
        r"(?:can|could) (?:hardly|barely|not|no longer) walk\b",
        # "couldn't get my boots on".
        r"(?:couldnt|could not|cant|cannot|can not) (?:even )?(?:get|put|pull) my (?:boots|shoes"
        r"|socks|trousers|pants|jeans|top|shirt|bra|coat) on\b",
        r"(?:cant|cannot|couldnt) (?:even )?walk(?: straight| properly| normally| at all)?\b",
        # "day 3 n my back is killin me ... cant get off the sofa".
        r"(?:cant|cannot|can not|couldnt|unable to) (?:even )?(?:get|move|get up) (?:off|up off"
        r"|up from|out of|off of) (?:the |my )?(?:sofa|couch|settee|bed|floor)\b",
        # "can't sit or lie down": no position left to bear it in.
        r"(?:cant|cannot|can not|couldnt|unable to) (?:even )?(?:sit|lie|lay|sleep|stand)"
        r"(?: down| up)? (?:or|nor|and|n) (?:even )?(?:sit|lie|lay|sleep|stand)\b"
        r"(?!(?: down| up)? (?:without|for (?:long|more than|hours)))",
        r"(?:paining|hurting|aching) (?:very |so |really |extremely )?(?:badly|terribly)\b",
        # "pain after needling is too much": a report ("how much pain is too much?" asks).
        r"(?<!how much )(?<!when is )(?<!what if )(?<!if the )(?<!if my )pain(?: \w+){0,3}"
        r" (?:is|s|has been|getting|became) (?:just |really |way )?too much\b",
        r"(?:pain|it) is (?:only |just |still )?(?:increasing|worsening)\b",
        # "my back after needling is more painful than before, not less".
        r"(?:more painful|sorer|more sore|hurts more) than (?:before|it was before)"
        r"(?: the (?:session|needling|treatment))?(?!(?: \w+)? (?:but|though|tho))\b",
        # "day four it is ramping up", "the ache's ramped right up".
        r"(?:pain|ache|soreness|it|its|it s)(?: is| has| s| has been| been| keeps?)? ramp(?:ing"
        r"|ed|s) (?:right )?up\b",
        # "had to get my roommate to help me downstairs": the pain takes the patient's legs.
        r"(?:had to|have to|having to|needed to|need to) (?:get|ask) (?:my |the |a )?\w+"
        r" (?:to )?help me (?:get )?(?:up|down|downstairs|upstairs|up the stairs"
        r"|down the stairs|walk|to the (?:toilet|loo|bathroom|car)|dress|get dressed|out of bed"
        r"|stand up|sit up)\b",
        r"(?:worse|more painful|sorer) (?:today|now|this morning|tonight) than (?:yesterday"
        r"|last night|this morning|before)\b",
        # "now i can not step on it at all": no weight on the limb that was needled.
        r"(?:cant|cannot|can not|couldnt|unable to) (?:even )?(?:step|put (?:any )?weight|stand)"
        r" on (?:it|my \w+)\b",
        r"(?:pain|painful|hurts?|hurting|sore)(?: \w+){0,3} more and more\b",
        r"pain(?: is| keeps?)?(?: \w+){0,4} (?:growing|spreading)\b",
        r"severe" + _W + r"{0,2} (?:pain|headache|ache)",
        r"pain (?:(?:is|s|has|have|become|became|becomes|becoming|getting|got|gone|now|just)"
        r" ){0,3}(?:(?:too|so|very|really|more|extremely|quite) )*(?:severe|horrendous|horrible"
        r"|awful|terrible|killing me)\b",
        r"(?:big|strong|huge|extreme|intense|terrible|horrible|awful|horrendous|insane) pain\b"
        r"(?! relief| ?killers?| management)",
        r"pain" + _W + r"{0,4}(?: very| so| extremely| really| too)+ (?:strong|big|intense)\b",
        weak=True,
    ),
    rule(
        RedFlag.BLEEDING,
        # "bleeding from needle place in my hand is continuing".
        r"(?:bleeding|blood)(?: \w+){0,8} (?:is|keeps|still|has been|been) (?:still )?"
        r"(?:continuing|going on|coming|pouring|running)\b",
        # "bleeding from one of the marks that seems to keep going".
        r"(?:bleeding|blood)(?: \w+){0,8} (?:seems to|seem to|appears to) keep"
        r" (?:going|coming|on)\b",
        # "there is blood that continue from long time", "blood which keeps coming".
        r"(?:bleeding|blood) (?:that|which|what) (?:is )?(?:continues?|continuing|keeps? coming"
        r"|keeps? going)\b",
        # "the place of needle is bleeding and bleeding".
        r"(?:bleeding|bleeds|bled) and (?:bleeding|bleeds|bled)\b",
        r"bleed(?:ing|s)? (?:constantly|continuously|continuous|constant|steadily|without stopping"
        r"|and not stopping|again and again|on and off)\b",
        # "blood coming too much from my back, my shirt is wet with blood".
        r"blood (?:is |keeps )?(?:coming|pouring|running)(?: out)?(?: \w+)? (?:too much|so much"
        r"|a lot|lots|heavily|non stop)\b",
        r"(?:shirt|top|clothes|bandage|towel|sheets?|bed|plaster|dressing|sleeve)(?: is| are| got"
        r"| has got)? (?:all )?(?:wet|soaked|drenched|covered|full) (?:with|in|of) blood\b",
        overrulable=False,
    ),
    rule(
        # "bleeding from where the needle was, it not stop": the stopping said in its own clause.
        RedFlag.BLEEDING,
        # "bleeding, not stopped till now": a clause of its own may drop the "it".
        r"(?:^ ?|\band )(?:and )?(?:(?:it|its|it is|still|and still)(?: still)? )?(?:not|no|doesnt"
        r"|does not|dont"
        r"|wont|will not|cant|cannot|can not|never|hasnt|has not|didnt) (?:stop|stopping|stops"
        r"|stopped|slowing|slow|slowed|easing|letting up)\b(?! (?:easy|easily|quickly|fast|well"
        r"|normally|when|if))",
        context=r"\b(?:bleed\w*|bled|blood\w*)\b",
    ),
    rule(
        # "holding his chest": what a receptionist sees, without the patient's words for it.
        RedFlag.BREATHING,
        r"(?:holding|clutching|grabbing|gripping|clasping) (?:at )?(?:his|her|my|their|the) "
        + _CHEST,
    ),
    rule(
        # Putting things in order with letters or a will: "given the dog to my sister and written
        # some letters".
        RedFlag.SELF_HARM,
        r"(?:given|gave|giving) (?:away )?(?:the|my|our) (?:dog|cat|pets?)(?: away| to)\b",
        context=r"\b(?:letters|will|sorted (?:things|everything|it all)"
        r"|(?:wont|not) be needing)\b",
        overrulable=False,
    ),
    rule(
        # Putting things in order and not expecting to be here: "given my good watch to my
        # brother ... sorted out my affairs", "won't need next week's appt, won't be around".
        RedFlag.SELF_HARM,
        r"(?:given|gave|giving) (?:away )?(?:my|our|his|her|their) (?:\w+ )?(?:watch|ring"
        r"|jewellery|jewelry"
        r"|guitar|car|bike|things|stuff|collection|books|clothes)(?: away)? to\b",
        r"(?:dont|do not) think (?:ill|i will|i ll|id|i d|i would) (?:still )?be"
        r" (?:around|here)\b",
        r"(?:wont|will not|not going to|wont be) (?:be )?(?:around|here)\b(?! (?:next|this|on|for"
        r"|until|till|tomorrow|today|in the|at|when|between|after|before|that))",
        r"said (?:goodbye|bye) to (?:my|the) (?:dog|cat|pets?|kids|children|family)\b",
        context=r"\b(?:sorted (?:out )?(?:my )?(?:affairs|things|everything|it all)"
        r"|affairs in order"
        r"|(?:wont|will not|not) (?:need|be needing)|cancel (?:all|every)|thx for trying"
        r"|thanks for trying|said goodbye|given my)\b",
        overrulable=False,
    ),
    rule(
        # How many tablets would be too many, asked by someone tired of it all: "how many of
        # the co-codamol would be too many ... i just want it to be over".
        RedFlag.SELF_HARM,
        r"how many(?: \w+){0,5} (?:would be|is|are|would|is it) too many\b",
        context=r"\b(?:tired of|sick of|done with|want it (?:all )?to (?:be over|end|stop)"
        r"|cant (?:go on|do this|cope)|no point)\b",
        overrulable=False,
    ),
    rule(
        # Chest pain that spreads: "chest pressure and it's going into my jaw".
        RedFlag.BREATHING,
        r"(?:spreading|spreads|spread|going|goes|radiating|moving|shooting)(?: \w+)? (?:in)?to"
        r" (?:my|his|her|the) (?:jaw|left arm|neck and jaw|arm and jaw)\b",
        context=r"\bchest\b",
        overrulable=False,
    ),
    rule(
        # The whole back "in bits", "can barely walk", "like a red hot poker".
        RedFlag.SEVERE_PAIN,
        r"(?:back|neck|shoulder|leg|hip|knee|arm)(?: is| s)? in (?:absolute |total |complete )?"
        r"(?:bits|pieces|tatters)\b",
        r"(?:can|could) (?:barely|hardly) (?:walk|move|stand|sit)\b",
        r"red hot poker",
    ),
    rule(
        # A decision or a goodbye with no way to reach them: "i've made my decision and it's for
        # the best", "he texted me saying goodbye and that he's sorry, he's not answering".
        RedFlag.SELF_HARM,
        r"(?:made|make|making) (?:my|a|the|up my) (?:decision|choice|mind)\b",
        r"(?:saying|said|say|to say) (?:goodbye|bye|sorry)\b",
        r"sorry for everything\b",
        context=r"\b(?:for the best|(?:wont|will not) be needing|thank you for trying|thanks for"
        r" trying|thx for trying|not answering|isnt answering|wont answer|no answer|cant reach"
        r"|cant get hold|phone (?:is )?off|not picking up|pills|tablets|letters)\b",
        overrulable=False,
    ),
)
