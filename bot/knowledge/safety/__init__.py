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
cancelled, and self-harm only by the patient's own plain word that the thoughts are absent
("never had thoughts of harming myself") or long over ("i'm in a good place now").

Patients rarely use the medical word, so signs are also read in everyday language ("like someone
sitting on my chest", "yellow stuff", "went grey and hit the floor", "pain's an 8"). A sign is
also calm when it is history ("used to", "before i started", "now it's a 2"), a habit ("i always
get a dead arm"), brief and over ("for a minute, then nothing"), given an ordinary cause
("breathless from running for the bus"), or asked about before a first session. Two exceptions
keep real reports urgent: a loss of consciousness stays urgent when it is over ("fainted, fine
now"; only one told at a past visit and over since is calm: "fainted at my last session, fine
since"), and a sign anchored to the treatment ("since the needling") is a report even when phrased
as a question.

Someone else's story ("my mum had a collapsed lung in her seventies, does it run in families?")
is calm, sign by sign: a sign the patient tells in their own voice beside it ("my dad had a heart
problem; i've been feeling a tight pressure across my chest for the last half hour") is still
theirs (:func:`~bot.knowledge.safety.context.told_by_patient`).

Structure (one module each):

* :mod:`~bot.knowledge.safety.concepts` composes signs from an organised lexicon: body part x lost
  sensation or function, breathing word x impairment, pain word x intensity / comparison / course
  over time, local infection signs in pairs or spreading, blood x escalator, and a fever read as
  a number (38 C / 100.4 F and up).
* :mod:`~bot.knowledge.safety.phrases` holds the fixed expressions a word grammar cannot compose.
* :mod:`~bot.knowledge.safety.context` decides whether a matched sign is a current report.

Rule table, applied per clause (the first sign that survives wins, phrase rules first):

====================  ===============================================  =======================
sign kind             cancelled by                                     not cancelled by
====================  ===============================================  =======================
self-harm             only an outright denial of the thoughts, or      negation, questions,
                      a past the patient says is over ("used to ...,   history brought near
                      in a good place now")                            ("again", "lately")
negation-is-symptom   nothing ("no feeling in my hand")
strong sign           a negation just before it; resolved after it     a question whether
                      or in the next clause (said plainly to be over,  treatment would help
                      two or three clauses on); history; habit; brief
                      or with an ordinary cause; a question about the
                      sign, a hypothetical or a worry (unless anchored
                      "since the needling"); a question asked before
                      any session
weak sign (severity,  all of the above, and a question whether
course, lost function treatment would help (the reason for booking)
without a sensation)
====================  ===============================================  =======================

A loss of consciousness stays urgent even when it is over. When in doubt about a genuine
symptom report, urgent wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.knowledge.safety.concepts import CONCEPT_RULES, fever_reading
from bot.knowledge.safety.context import (
    ADVICE,
    BEFOREHAND,
    CLAUSES,
    DENIERS,
    TREATMENT_QUESTION,
    asked_beforehand,
    borrowed,
    cancelled,
    conditional,
    denied_before,
    figure_of_speech,
    going_on,
    hurt_by_accident,
    hypothetical,
    mind_at_peace,
    mind_denied,
    mind_of_others_asked,
    not_lived,
    novel,
    owned_question,
    past_frames,
    rearranged_for_another,
    relatives_trouble,
    said_of_another,
    said_to_be_over,
    someone_untreated,
    speaks_of_own_body,
    told_as_history,
    told_by_patient,
    told_of_another,
)
from bot.knowledge.safety.flags import RedFlag, Rule
from bot.knowledge.safety.phrases import PHRASE_RULES
from bot.knowledge.safety.topics import is_warning_question, topic_pattern
from bot.knowledge.safety.triage_model import Opinion, TriageModel
from bot.knowledge.text import STOPWORDS, Speller, fold, without_titles

__all__ = [
    "RedFlag",
    "Rule",
    "first_sign",
    "may_overrule",
    "nothing_now",
    "only_denied",
    "rules_triage",
    "second_opinion",
    "someone_elses_mind",
    "told_as_now",
    "triage",
    "visit_moved_for_another",
]

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
week weeks chill chilling injection injections injected inserted insertion affected infect
    long longer
    sleeping soreness treating creating reaching speaking spelling wore step steps stops wellness
    letter warn passes paused blocked needle needled streams threading feel feels breed fiver
    breaking scraping backed spending blessing inspected steaming alice infectious
    blend bleed bleeds blind blond brief tingle tight chess chesty worst weal wean wear weary
    bearable tolerable welling
"""
_REAL_WORDS = frozenset(_REAL_TEXT.split())


_RULES: tuple[Rule, ...] = PHRASE_RULES + CONCEPT_RULES
_FEVER = Rule(RedFlag.INFECTION, re.compile(r"\d+"), overrulable=False)
_SELF_HARM_PATTERNS = [sign.pattern for sign in _RULES if sign.flag is RedFlag.SELF_HARM]
_MIND_PATTERNS = [*_SELF_HARM_PATTERNS, topic_pattern(RedFlag.SELF_HARM)]
# Words of the mind beyond the topic's: despair said plainly ("done with everything, no point").
_MIND_WORDS = re.compile(
    topic_pattern(RedFlag.SELF_HARM).pattern
    + r"|\b(?:no point|done with (?:everything|it all|life|all of it)|give up|giving up|hopeless"
    r"|cant go on|cant do this|whats the point|nobody would|better off)\b"
)


def triage(text: str, model: TriageModel | None = None) -> RedFlag | None:
    """The red flag a message raises, or None for an ordinary message.

    Without a model, the rules alone decide. With the learned second opinion
    (:mod:`bot.knowledge.safety.triage_model`), the rules keep deciding the category when they
    fire, unless the model is nearly sure the message is ordinary (p(flag) below
    ``veto_below``) and the sign is one it may overrule (:attr:`Rule.overrulable`: never
    self-harm, bleeding, "unbearable" pain or a measured fever); a message the rules pass is
    urgent, in the model's category, when p(flag) reaches ``urgent_at``. Both thresholds travel
    with the model (chosen by ``bench/train_triage.py``).
    """
    # The clauses are folded and spelled once: every check below reads them.
    pairs = _clauses(text)
    clauses = [folded for folded, _ in pairs]
    sign = _first_sign(pairs)
    if model is None:
        return None if sign is None else sign.flag
    opinion = second_opinion(model, text)
    if sign is not None:
        keep = not _may_overrule(clauses, sign) or opinion.p_flag >= model.veto_below
        return sign.flag if keep else None
    if (
        opinion.p_flag >= model.urgent_at
        and not _nothing_now(clauses, RedFlag(opinion.flag))
        and not (opinion.flag != "self_harm" and _not_theirs_to_tell(clauses))
        and not (opinion.flag == "self_harm" and rearranged_for_another(" ".join(clauses)))
        and not (opinion.flag != "self_harm" and _only_work_or_screen(clauses))
        and not (opinion.flag != "self_harm" and _only_of_another(clauses))
        and not (opinion.flag != "self_harm" and _only_figures(clauses))
        and not _settling(clauses)
        and not (opinion.flag != "self_harm" and _BARE_TOPIC.match(" ".join(clauses)))
        # "at what point should i be worried about pain getting worse?": a calm question about
        # a warning sign (:func:`is_warning_question`) that the rules read no sign in, with
        # nothing said to go on now ("it started about an hour after i got home").
        and not (
            opinion.flag != "self_harm"
            and is_warning_question(text)
            and not _told_now(clauses, None, RedFlag(opinion.flag))
        )
    ):
        return RedFlag(opinion.flag)
    return None


# A topic named in a few words, with nothing said of how bad it is or since when: "neck pain?",
# "neck pain needling?", "pain came back" ask about treating it or how long relief lasts; the
# second opinion may not make them urgent. (The rules still read a sign in them: "chest pain?".)
_BARE_TOPIC = re.compile(
    r"^(?:(?:lower|upper|my|the) )?(?:neck|back|shoulder|hip|knee|calf|leg|arm|heel|foot|wrist"
    r"|elbow|glute|hamstring|jaw|trap)s? (?:pain|pains|ache|aches|stiffness|tension)"
    r"(?: (?:needl\w*|dry needling|treatment|help))?$"
    r"|^(?:the |my )?(?:pain|ache|stiffness)(?: has| s| is)? (?:came|come|coming) back$"
)


def visit_moved_for_another(text: str) -> bool:
    """The patient moves or cancels their own visit for someone else's trouble ("the dog's got
    an ear infection, can i move my appt to friday"): logistics, not a question about a sign."""
    return rearranged_for_another(" ".join(folded for folded, _ in _clauses(text)))


def _settling(clauses: list[str]) -> bool:
    """A short message that says how well things are going ("a bit sore but it's easing off",
    "it doesn't hurt, just weird", "killing it at the gym since the needling"), where the rules
    read no sign: the second opinion, which weighs words like "sore", "twitch" and "killing",
    may not make it urgent. A sign the rules read is never silenced by this."""
    whole = " ".join(clauses)
    return len(whole.split()) <= _SETTLING_WORDS and bool(_GOING_WELL.search(whole))


# Longer messages may tell a new sign after the good news ("the calves feel so loose now ...
# then my vision went"): only short ones are read as settling.
_SETTLING_WORDS = 30
_GOING_WELL = re.compile(
    r"(?<!not )(?<!hasnt )(?<!isnt )(?<!wasnt )(?<!never )(?<!rather than )(?<!instead of )"
    r"(?<!no )(?<!without )\b(?:easing|eased|getting better|better every|better than"
    r" (?:yesterday|this morning|before|last night)"
    r"|less than (?:this )?(?:morning|yesterday|before)"
    r"|(?<!un)bearable|(?:doesnt|does not|didnt|not) hurt|not painful"
    r"|feels? (?:amazing|great|brand new|unreal|so loose|loads better|much better)"
    r"|nothing i cant handle|killing it|crushing it|smashing it|lifesaver|life saver"
    # "a bit sore getting out of bed but it loosens up once i'm walking around", "getting
    # easier as the day goes on".
    r"|getting easier"
    # "lil bruise on my arm, kinda purple, looks worse than it feels tbh".
    r"|looks? worse than (?:it|they) (?:feels?|is|are|really is)"
    # "the bruise hasn't got any bigger since dinner", "it's the same size as last night".
    r"|(?:hasnt|has not|isnt|is not|not) (?:got|getting|grown|gotten|growing|spread|spreading)"
    r" (?:any )?(?:bigger|larger|wider)|(?:the )?same size as"
    # "feeling quite tired after the session, going to have an early night".
    r"|(?:an|a) early night|(?:have|having|take|taking|gonna|going to) (?:a )?(?:nap|kip|lie down)"
    # "very painful two days ago, but now is much better, almost nothing".
    r"|now (?:is |its |it s |it is |s )?(?:much|a lot|loads|way|so much) better"
    r"|(?:almost|practically|nearly) nothing (?:now|left)?"
    r"|(?:loosens?|loosened|loosening|freed|frees|eases?) (?:up|off)? ?(?:once|when|after|as"
    r" soon as)|wears? off (?:once|when|after|as soon as))\b"
)


def _only_work_or_screen(clauses: list[str]) -> bool:
    """Every sign the rules read in the message is the patient's work or something watched
    (:func:`not_lived`: "my week is basically chest pain calls and people who can't breathe"),
    and there is at least one: the second opinion may not make the patient's job theirs."""
    return _every_sign(clauses, not_lived)


def _only_figures(clauses: list[str]) -> bool:
    """Every sign the rules read is a figure of speech (:func:`figure_of_speech`: "nearly
    fainted at the price 😂"), and there is at least one: the second opinion, which reads the
    words and not the figure, may not make it urgent."""
    return _every_sign(clauses, lambda folded, match, _previous: figure_of_speech(folded, match))


def _only_of_another(clauses: list[str]) -> bool:
    """Every sign the rules read is told of someone else in an aside beside the patient's own
    news (:func:`someone_untreated`, :func:`told_of_another`: "his face is drooping ... my
    shoulder's fine though"), and there is at least one: the second opinion may not make it
    the patient's."""
    whole = " ".join(clauses)
    if not someone_untreated(whole):
        return False
    relatives = relatives_trouble(whole)
    return _every_sign(
        clauses,
        lambda folded, match, previous: told_of_another(
            folded, match, relatives=relatives, previous=previous
        ),
    )


def _every_sign(clauses: list[str], belongs: Callable[[str, re.Match[str], str], bool]) -> bool:
    """Whether the rules read at least one sign other than self-harm in ``clauses`` and
    ``belongs(clause, match, previous clause)`` holds for every one of them."""
    found = False
    for position, folded in enumerate(clauses):
        previous = clauses[position - 1] if position else ""
        for sign in _RULES:
            if sign.flag is RedFlag.SELF_HARM:
                continue
            for match in sign.pattern.finditer(folded):
                if not belongs(folded, match, previous):
                    return False
                found = True
    return found


def _not_theirs_to_tell(clauses: list[str]) -> bool:
    """Someone else's story (:func:`borrowed`) that says nothing of the patient's own body: the
    second opinion, which reads words and not whose they are, may not make it the patient's
    emergency ("my dad was taken to hospital with chest pains, he's stable now")."""
    whole = " ".join(clauses)
    return (
        borrowed(whole, clauses[-1])
        and not speaks_of_own_body(whole)
        # "liam had needling before training ... we can't get it to stop": someone in the story
        # was needled, so the story may be the patient's own, told by someone else.
        and not _SOMEONE_NEEDLED.search(whole)
    )


_SOMEONE_NEEDLED = re.compile(
    r"\b(?:had|has had|got|just had|after)(?: (?:his|her|their|the|some|dry|a|my))* needl\w*"
    # "frank had his session this morning and he's now complaining of chest pain".
    r"|\b(?:had|has had|just had|after) (?:his|her|their) (?:session|treatment|appointment)\b"
    # "he had his upper back needled at 2pm", "she was needled yesterday".
    r"|\b(?:had|has had|just had|got|gets|getting) (?:his|her|their) (?:\w+ ){1,3}needled\b"
    r"|\b(?:was|were|been|got|gets|getting) (?:dry )?needled\b"
)


def second_opinion(model: TriageModel, text: str) -> Opinion:
    """The learned model's opinion of ``text``, read as the triage reads it (figures of speech
    put as what they mean, below): one home for the bot and for the bench that chooses its
    thresholds."""
    return model.opinion(_for_the_model(text))


def _for_the_model(text: str) -> str:
    """``text`` with figures of speech in the words of harm put as what they mean (below)."""
    text = _PRAISE.sub(" doing great", text)
    text = _TIRED_MIND.sub(" my brain is tired", text)
    text = _TWITCH.sub(" the twitch response", text)
    text = _GYM.sub(" gym day", text)
    text = _GROWING_THINGS.sub(r" \1 doing well", text)
    text = _PAIN_IN_THE_NECK.sub(" so annoying", text)
    return _BLOCKED_NOSE.sub(" a blocked nose", text)


# A tired mind in the words of numbness: "my brain has gone numb from the paperwork".
_TIRED_MIND = re.compile(
    r"\b(?:my )?(?:brain|mind|head)(?: has| is|'s| s)?(?: gone| went| going)? numb\b",
    re.IGNORECASE,
)


# The muscle twitching the articles describe, not a sign: "my calf keeps doing little twitches
# every now and then, it doesn't hurt".
_TWITCH = re.compile(
    r"\b(?:keeps? |kept )?(?:doing )?(?:little |small |tiny )?twitch(?:es|ing|in|y|ed)?\b",
    re.IGNORECASE,
)


# A cold's blocked nose in the words of breathing: "can't breathe through his nose with this
# cold". The rules read it as a figure (``_IDIOM_AFTER``); the second opinion reads "breathe".
_BLOCKED_NOSE = re.compile(
    r"\b(?:cant|can't|cannot|can not|couldnt|couldn't|struggling to|hard to) breathe"
    r" (?:through|thru|out of) (?:my|his|her|their|the|one) (?:nose|nostrils?)\b",
    re.IGNORECASE,
)


# Things that grow as they should, read by the second opinion as doing well: "my hair is growing
# fast lol" is no swelling that grows. The rules read the text as it is.
_GROWING_THINGS = re.compile(
    r"\b(hair|nails|beard|fringe|plants?|tomatoes|garden|grass|lawn|kids?|baby|puppy|kitten"
    r"|business|savings|hedge|weeds)(?: (?:is|are|s|has|have))?(?: been)?(?: so| really)?"
    r" (?:growing|grown|grows|grew)\b",
    re.IGNORECASE,
)


# A nuisance in the words of pain: "my boss is a real pain in the neck 😂".
_PAIN_IN_THE_NECK = re.compile(
    r"\b(?:a|such a|real|total|right|proper|absolute|bit of a)(?: real| total| right| proper)?"
    r" pain in the (?:neck|arse|ass|backside|bum|butt|rear)\b",
    re.IGNORECASE,
)


# The gym's words for a muscle group, read by the second opinion as the gym: "chest day",
# "my chest press". The rules read the text as it is.
_GYM = re.compile(
    r"\bchest (?:day|press|presses|workouts?|fly|flies|exercises?|session at the gym)\b",
    re.IGNORECASE,
)


# Praise in the words of harm, read by the second opinion as what it means: "killing it at the
# gym", "crushing it on the bike", "the view was breathtaking". The rules read the text as it is.
_PRAISE = re.compile(
    r"\b(?:killing|killed|kill|crushing|crushed|smashing|smashed|nailing|nailed|slaying"
    r"|slayed) it\b|\bbreath ?taking\b|\b(?:took|takes|taking|take) my breath away\b",
    re.IGNORECASE,
)


def may_overrule(text: str, sign: Rule) -> bool:
    """Whether the second opinion may silence ``sign`` in ``text``: only a sign of a kind it
    may overrule (:attr:`Rule.overrulable`), and not when the message says it goes on now or
    worsens ("it hasn't let up", "worse when i walk")."""
    return _may_overrule([folded for folded, _ in _clauses(text)], sign)


def _may_overrule(clauses: list[str], sign: Rule) -> bool:
    if not sign.overrulable or going_on(" ".join(clauses)):
        return False
    # "my arm is numb, what should i do?": a plain report of the patient's own body, whatever
    # question follows it. The second opinion reads "what should i do" as a calm question about
    # warning signs; its veto is for figures of speech and stories, which this is not.
    reported = next((c for c in clauses if sign.pattern.search(c)), "")
    return not _PLAIN_OWN_REPORT.match(reported)


_BODY_PART = (
    r"(?:(?:lower|upper|left|right|whole|mid) )?(?:back|neck|shoulders?|arms?|legs?|hands?|feet"
    r"|foot|knees?|hips?|chest|head|calf|calves|thighs?|glutes?|hamstrings?|traps|side|wrists?"
    r"|elbows?|ankles?|spine|face|skin|fingers?|toes?|lips?|jaw|throat|lungs?|heart|ribs?"
    r"|forearms?|breathing|breath|needle (?:spot|site|hole|mark)s?|spots?|site)"
)
_PLAIN_OWN_REPORT = re.compile(
    r"^(?:(?:so|and|ok|okay|hi|hey|help|um|erm|sorry|please) )*(?:"
    r"my " + _BODY_PART + r" (?:is|are|s|has|have|feels?|keeps?|went|wont|will not|cant"
    r"|cannot|just)\b"
    r"|i (?:have|ve got|got|feel|m feeling|am feeling|cant|cannot|keep)\b"
    r"|ive got\b"
    r"|(?:its|it s|it is|it) (?:hard|difficult|painful|hurting|a struggle) to\b"
    # Not "i'm weak" (willpower: "two pints and a kebab, i'm weak"), a role or a figure.
    r"|(?:im|i m|i am) (?!(?:an?|the|so|not|just|only|like|numb from|weak)\b)"
    r")"
)


# Told as going on now: "really tight for the last half hour", "since the session", "right now".
_ONGOING = re.compile(
    r"\bfor the (?:last|past) (?:\w+ ){0,2}(?:minutes?|mins?|hours?|hrs?|half hour|hour|days?"
    r"|night)\b|\b(?:right now|rn|at the moment|currently)\b"
    # "for the best part of an hour", "it simply hasn't stopped", "it started about an hour
    # after i got home".
    r"|\bfor (?:the best part of |about |over |nearly |almost |like )(?:an? |half an? |\d+ )"
    r"(?:hours?|minutes?|mins?|hrs?)\b|\b(?:hasnt|has not|havent|have not) (?:stopped|let up)\b"
    r"|\b(?:it|this|that) started (?:about |around |maybe )?(?:an? |half an? |\d+ )?(?:hours?"
    r"|minutes?|mins?|hrs?) (?:after|ago)\b"
    r"|\bsince (?:the session|the needling|my session|this morning|last night|yesterday|lunch"
    r"|i got home|i left)\b"
)


def told_as_now(text: str, flag: RedFlag | None = None) -> bool:
    """The message says a sign goes on now (see above), or reports the sign the rules read as
    a plain fact of the patient's own body ("my chest is very tight feeling after the
    treatment, i am not sure if i must go to hospital"): a question in it about whether to
    worry does not make it a question about the future. When the rules read no sign, a clause
    that tells of the patient's body in words of ``flag``'s topic reports it ("ma chest is pure
    sore the nite ... that normal or nah")."""
    pairs = _clauses(text)
    return _told_now([folded for folded, _ in pairs], _first_sign(pairs), flag)


def _told_now(clauses: list[str], sign: Rule | None, flag: RedFlag | None) -> bool:
    """:func:`told_as_now` for clauses whose sign (``sign``) the rules have already read."""
    if _ONGOING.search(" ".join(clauses)):
        return True
    if sign is None:
        topic = topic_pattern(flag) if flag is not None else None
        return topic is not None and any(
            _OWN_BODY_NOW.match(c) and topic.search(c) for c in clauses
        )
    reported = next((c for c in clauses if sign.pattern.search(c)), "")
    return bool(_OWN_BODY_NOW.match(reported))


# A part of the patient's own body said to be so now: "my chest is very tight feeling".
_OWN_BODY_NOW = re.compile(
    r"^(?:(?:so|and|ok|okay|hi|hey|help|um|erm|sorry|please|now) )*(?:my|ma|mah|me) "
    + _BODY_PART
    + r" (?:is|are|s|feels?|keeps?|has gone|went|has been|have been|still)\b"
)


def only_denied(text: str, flag: RedFlag | None = None) -> bool:
    """Every sign the rules see in ``text``, and every word of ``flag``'s topic, is denied
    outright ("no chest pain, no trouble breathing, just sore", "now i don't have any breathing
    problem"): the patient has said what is not happening, and the second opinion, which reads
    words and not their negation, may not add a flag the patient denied."""
    return _only_denied([folded for folded, _ in _clauses(text)], flag)


def nothing_now(text: str, flag: RedFlag) -> bool:
    """The patient has said ``flag`` is not happening now: its signs denied outright
    (:func:`only_denied`), or, for any flag but self-harm, the whole message told as long-past
    history ("i had some chest pain back in 2019, it was reflux, fine ever since"). The second
    opinion, which reads words and not their time, may not add such a flag."""
    return _nothing_now([folded for folded, _ in _clauses(text)], flag)


def _nothing_now(clauses: list[str], flag: RedFlag) -> bool:
    if flag is not RedFlag.SELF_HARM and (
        told_as_history(clauses) or _all_over(clauses, flag) or _every_sign_over(clauses)
    ):
        return True
    if flag is RedFlag.SELF_HARM and _every_sign_over(clauses):
        # "used to faint, not anymore": the only signs named are of another kind and over, and
        # no word of the mind is said; the second opinion's "not anymore" is no wish.
        mind = topic_pattern(RedFlag.SELF_HARM)
        if not any(mind.search(folded) or _SEEKING_MEANS.search(folded) for folded in clauses):
            return True
    return _only_denied(clauses, flag)


# Looking for the means, whatever the words for it: "i've been looking up ways to do it online
# tonight" after "the one thing i was ever good at is gone" (a loss, not a sign that is over).
_SEEKING_MEANS = re.compile(
    r"\b(?:looking up|looked up|look up|googling|googled|searching|searched|researching"
    r"|researched|reading up on|read up on) (?:\w+ )?(?:ways|how|methods) to\b"
)


_SITE_NAMED = re.compile(
    r"\b(?:needl\w*|needles?|treat\w*|work(?:ed|ing)?(?: on)?|done|massag\w*)"
    r" (?:near|on|in|around|over|into|under|by) (?:my|the|his|her|their) (?:\w+ )?$"
)


_ANY_PAIN = re.compile(r"\b(?:pain|pains|ache|aches|aching|hurt|hurts|hurting|soreness|sore)\b")


def _all_over(clauses: list[str], flag: RedFlag) -> bool:
    """Every word of ``flag``'s topic and every sign of it is said to have stopped ("the spot
    bled for a minute when i got home but it stopped with pressure and hasn't bled since"):
    the second opinion, which reads words and not whether they are over, may not add such a
    flag. A sign said to go on now keeps it free to."""
    if going_on(" ".join(clauses)):
        return False
    patterns = _WORDS_OF[flag]
    found = False
    for position, folded in enumerate(clauses):
        following = clauses[position + 1] if position + 1 < len(clauses) else ""
        beyond = " ; ".join(clauses[position + 2 : position + 4])
        for pattern in patterns:
            for match in pattern.finditer(folded):
                if _SITE_NAMED.search(folded[: match.start()]):
                    continue  # "ok to get needled near my chest?" names a place, not a sign
                if not said_to_be_over(folded, match, following, beyond):
                    return False
                found = True
    return found


def _every_sign_over(clauses: list[str]) -> bool:
    """Every sign of every kind but self-harm, and every word of pain, is said to be over ("the
    burning ache down my arm i came in with has calmed right down"): the second opinion's
    category may name none of them."""
    kinds = [flag for flag in RedFlag if flag is not RedFlag.SELF_HARM]
    found = [flag for flag in kinds if _any_sign_of(clauses, flag)]
    return bool(found) and all(_all_over(clauses, flag) for flag in found)


def _any_sign_of(clauses: list[str], flag: RedFlag) -> bool:
    return any(pattern.search(folded) for folded in clauses for pattern in _WORDS_OF[flag])


def _words_of(flag: RedFlag) -> tuple[re.Pattern[str], ...]:
    """Every word of ``flag``'s topic and every sign of it; for pain, any word of pain ("the
    sharp pain i had turning my head is gone!")."""
    patterns = [topic_pattern(flag)] + [sign.pattern for sign in _RULES if sign.flag is flag]
    if flag is RedFlag.SEVERE_PAIN:
        patterns.append(_ANY_PAIN)
    return tuple(patterns)


# Built once: read for every message the second opinion would flag.
_WORDS_OF = {flag: _words_of(flag) for flag in RedFlag}


def _only_denied(clauses: list[str], flag: RedFlag | None) -> bool:
    spans: list[list[tuple[int, int]]] = [[] for _ in clauses]
    if flag is RedFlag.SELF_HARM and any(_MIND_WORDS.search(folded) for folded in clauses):
        # "not dizzy, not faint, just done with everything": other signs denied say nothing of
        # the mind; only its own words denied do ("no, never had thoughts of hurting myself").
        return _all_denied(clauses, _MIND_PATTERNS, spans)
    if _all_denied(clauses, [sign.pattern for sign in _RULES], spans):
        return True
    # A word of the topic inside a sign the rules read as denied is denied with it: "no pain
    # when i take a deep breath" denies the breath too.
    if flag is None:
        return False
    topic = topic_pattern(flag)
    if any(topic.search(folded) for folded in clauses):
        return _all_denied(clauses, [topic], spans)
    # No word of the topic at all: the one-word signs the second opinion read ("the place of
    # needle is not red, not hot, no liquid"). Never for self-harm, whose words these are not.
    return flag is not RedFlag.SELF_HARM and _all_denied(clauses, [_ONE_WORD_SIGN], spans)


# Said to be fine right after the sign: "breathin fine, chest fine, just my traps".
_FINE_AFTER_SIGN = re.compile(
    r"^ (?:is |are |feels? |s |seems? |totally |completely |all |been |has been |was )*(?:fine"
    r"|ok|okay|normal|good"
    r"|all good|clear|great|perfect)\b(?! (?:until|till|but|except|apart))"
)


def _all_denied(
    clauses: list[str], patterns: list[re.Pattern[str]], spans: list[list[tuple[int, int]]]
) -> bool:
    """Some pattern matches in ``clauses``, and every match is denied just before it, as the
    rules read a denial ("no chest pain", "never had thoughts of harming myself"), said to be
    fine just after it ("chest fine"), or lies in a sign already denied (``spans``, which
    collects the denied matches). Words of a sign that only name what the patient read about
    or was told to watch for ("scary stories about collapsed lungs", "said to message if i got
    any breathlessness") neither deny nor report; self-harm words always count."""
    denied = False
    for position, folded in enumerate(clauses):
        previous = clauses[position - 1] if position else ""
        for pattern in patterns:
            for match in pattern.finditer(folded):
                before = folded[: match.start()].split()
                fine = bool(_FINE_AFTER_SIGN.match(folded[match.end() :]))
                denial = denied_before(before, DENIERS) and not novel(folded[match.end() :])
                listed = _denial_listed_on(previous, folded, match)
                within = any(s <= match.start() and match.end() <= e for s, e in spans[position])
                if fine or denial or listed or within or mind_denied(folded, match):
                    spans[position].append(match.span())
                    denied = True
                    continue
                if pattern not in _MIND_PATTERNS and (
                    not_lived(folded, match, previous) or conditional(folded, match)
                ):
                    continue
                return False
    return denied


def someone_elses_mind(text: str) -> bool:
    """Every self-harm sign the rules see in ``text`` is said of another person ("my son keeps
    talking about hurting himself", "what do i do if my husband talks about not wanting to be
    here"): the reply then speaks to someone worried about them. Any sign in the patient's own
    words, or none the rules can place, keeps the reply to the patient."""
    found = False
    for folded, _ in _clauses(text):
        for pattern in _SELF_HARM_PATTERNS:
            for match in pattern.finditer(folded):
                if not said_of_another(folded, match):
                    return False
                found = True
    return found


_NOT_JOKING = re.compile(
    r"\b(?:not|no|im not|i m not|i am not) (?:joking|kidding|lying|exaggerating|even joking"
    r"|a joke)\b|\bno joke\b"
)


# A sign word written for a time word: "can i move it to next weak".
_HOMOPHONES = re.compile(
    r"\b(next|this|last|per|every|each|a|one|two|the whole) weak\b(?! \w+ing)"
)


# A list of signs split by commas is one description: "needle site red, hot, spreading".
_LISTED_SIGN_TEXT = """
red hot warm swollen swelling spreading puffy oozing weeping throbbing pus fever feverish chills
shivery bigger growing tight dizzy numb tingly sweaty clammy pale grey gray shaky weak bleeding
painful angry inflamed hard lumpy streaky
"""
_LISTED_SIGNS = frozenset(_LISTED_SIGN_TEXT.split())
_LIST_FILLER = frozenset(
    ["and", "very", "really", "so", "super", "bit", "a", "getting", "now", "still", "all"]
)
_SEPARATOR = re.compile(f"({CLAUSES.pattern})", re.IGNORECASE)


def _clauses(text: str) -> list[tuple[str, str]]:
    """Each clause of ``text`` folded and spelled as the rules read it, beside its original."""
    pieces = _SEPARATOR.split(without_titles(text))
    pairs: list[tuple[str, str]] = []
    for at in range(0, len(pieces), 2):
        piece = pieces[at]
        if not piece:
            continue
        folded = _HOMOPHONES.sub(r"\1 week", " ".join(_correct(w) for w in fold(piece).split()))
        # "like for real not joking": an intensifier, never a denial.
        folded = _NOT_JOKING.sub("honestly", folded)
        if not folded:
            continue
        comma = at > 0 and pieces[at - 1].strip() == ","
        if comma and pairs and _listed(folded) and not DENIERS.intersection(pairs[-1][0].split()):
            pairs[-1] = (f"{pairs[-1][0]} {folded}", f"{pairs[-1][1]}, {piece}")
            continue
        pairs.append((folded, piece))
    # A question whether a sign is normal, owned in the next clause or the one after ("is it
    # normal to be wheezing? only walked to the shop lol. started after my session").
    return [
        (
            owned_question(folded, pairs[at + 1][0] if at + 1 < len(pairs) else "")
            or owned_question(folded, pairs[at + 2][0] if at + 2 < len(pairs) else "")
            or folded,
            piece,
        )
        for at, (folded, piece) in enumerate(pairs)
    ]


def _listed(folded: str) -> bool:
    """A clause that is only a sign or two from a comma list ("hot", "really swollen")."""
    words = folded.split()
    return (
        len(words) <= 3
        and any(w in _LISTED_SIGNS for w in words)
        and all(w in _LISTED_SIGNS or w in _LIST_FILLER for w in words)
    )


def rules_triage(text: str) -> RedFlag | None:
    """The hand-built rules' verdict alone (the rule table above)."""
    sign = first_sign(text)
    return None if sign is None else sign.flag


def first_sign(text: str) -> Rule | None:
    """The first rule whose sign is a current report in ``text`` (the rule table above)."""
    return _first_sign(_clauses(text))


def _first_sign(pairs: list[tuple[str, str]]) -> Rule | None:
    clauses = [folded for folded, _ in pairs]
    # Only the rules whose sign a clause names can fire there. Most messages name none, and
    # then the readings of the whole message below (whose story, how long ago) are not needed.
    named = [[sign for sign in _RULES if sign.pattern.search(folded)] for folded in clauses]
    if not any(named) and all(fever_reading(original) is None for _, original in pairs):
        return None
    whole = " ".join(clauses)
    # "asking before my first session": questions in such a message are about what may happen.
    beforehand = bool(BEFOREHAND.search(whole))
    asks_treatment = any(TREATMENT_QUESTION.search(c) for c in clauses)
    advice = bool(ADVICE.search(whole))
    # Someone else's story (sign by sign: one the patient tells as their own still counts) or the
    # patient's own long-ago history: otherwise only self-harm counts.
    story = borrowed(whole, clauses[-1] if clauses else "")
    # Someone else named and no one needled: a sign told of "he" or "her arm" is theirs.
    untreated = someone_untreated(whole)
    relatives = untreated and relatives_trouble(whole)
    history = told_as_history(clauses)
    at_peace = mind_at_peace(whole)
    framed = past_frames(clauses)
    for position, (folded, original) in enumerate(pairs):
        previous = clauses[position - 1] if position else ""
        following = clauses[position + 1] if position + 1 < len(clauses) else ""
        beyond = " ; ".join(clauses[position + 2 : position + 4])
        long_past = history or framed[position]
        # "suppose the needle touch the nerve, my hand will be numb forever?": the consequence
        # of a condition set in the clause before, not a report.
        supposed = (
            (
                position > 0
                and _SUPPOSED.match(previous)
                and _CONSEQUENCE.search(folded)
                and not _NOT_SUPPOSED.search(folded)
            )
            or (
                # "so if, hypothetically, i fainted on the table, or bled loads": a bare opener
                # in a clause or two of its own sets the condition.
                any(_BARE_IF.match(c) for c in clauses[max(0, position - 2) : position])
                and not _NOT_SUPPOSED.search(folded)
            )
            or (
                # "if he has a reaction to the needles, like feeling faint, is there someone on
                # site?": an example of the condition set in the clause before.
                # "is numbness after needling ever serious? like tingly hands n stuff": an
                # example of what the question before asks about, naming no one.
                position > 0
                and (
                    _CONDITION_IN.search(previous)
                    or (_ASKED_BEFORE.search(previous) and not _FIRST_PERSON_WORD.search(folded))
                )
                and _EXAMPLE_OF.match(folded)
                and not _NOT_SUPPOSED.search(folded)
            )
        )
        for sign in named[position]:
            if (long_past or supposed) and sign.flag is not RedFlag.SELF_HARM:
                continue
            if at_peace and sign.flag is RedFlag.SELF_HARM:
                continue
            if sign.context is not None and not sign.context.search(whole):
                continue
            if sign.veto is not None and sign.veto.search(f"{folded} {following}"):
                continue
            for match in sign.pattern.finditer(folded):
                if (
                    story
                    and sign.flag is not RedFlag.SELF_HARM
                    and not told_by_patient(folded, match)
                ):
                    continue
                if sign.flag is not RedFlag.SELF_HARM and not_lived(folded, match, previous):
                    continue
                if (
                    untreated
                    and sign.flag is not RedFlag.SELF_HARM
                    and told_of_another(folded, match, relatives=relatives, previous=previous)
                ):
                    continue
                if _denial_listed_on(previous, folded, match):
                    continue
                if _counts(
                    sign, match, folded, following, beyond, beforehand, asks_treatment, advice
                ):
                    return sign
        degrees = None if long_past or story else fever_reading(original)
        if degrees is not None:
            number = re.search(rf"\b{degrees}\b", folded)
            if number and _counts(
                _FEVER, number, folded, following, beyond, beforehand, asks_treatment, advice
            ):
                return _FEVER
    return None


_SUPPOSED = re.compile(
    r"^(?:so |and |but |ok |okay )?(?:what if|wat if|suppose|supposing|imagine|lets say|let s say"
    r"|if|in case|what happens if|what would happen if)\b"
)
_EXAMPLE_OF = re.compile(r"^(?:like|such as|say|for example|for instance|eg|e g)\b")
_CONDITION_IN = re.compile(r"\b(?:if|in case|suppose|supposing|what if|wat if)\b")
_ASKED_BEFORE = re.compile(
    r"\bever (?:serious|dangerous|a problem|normal|a thing)$|\ba thing$"
    r"|^(?:is|are|can|could|does|do) (?:\w+ ){1,5}(?:serious|dangerous|normal|common)$"
)
_FIRST_PERSON_WORD = re.compile(r"\b(?:i|im|ive|id|my|me|mine)\b")
_BARE_IF = re.compile(
    r"^(?:so |and |but |ok |okay )?(?:if|what if|wat if|hypothetically|suppose|supposing"
    r"|lets say|let s say|say|in theory|theoretically)(?: (?:if|say|hypothetically))?$"
)
_CONSEQUENCE = re.compile(
    r"\b(?:will|would|could|might|can|gonna|going to|forever|permanent\w*)\b"
)
_NOT_SUPPOSED = re.compile(r"\b(?:still|right now|rn|already|at the moment|currently|since)\b")


def _denial_listed_on(previous: str, clause: str, match: re.Match[str]) -> bool:
    """A short clause that only goes on listing, with "or", signs the clause before denied:
    "the needle spot isn't red, swollen or hot": the comma splits the list, not the denial."""
    if (
        _LIST_LEAD.fullmatch(clause[: match.start()]) is None
        or len(clause.split()) > 5
        or not _OR.search(clause)
        or _CONTRAST.search(clause)
    ):
        return False
    words = previous.split()
    listed = len(words) >= 2 and bool(_LISTED_SIGN.fullmatch(words[-1]))
    return listed and denied_before(words[:-1])


# What may stand before a sign that carries on a list: nothing, or "or", "and", "nor".
_LIST_LEAD = re.compile(r" ?(?:(?:or|and|nor|or even|and no|or any) )?")
# A denied list goes on with "or": "isn't red, swollen or hot"; without it ("isn't numb,
# tingling a lot") the second clause may be the report the first made room for.
_OR = re.compile(r"\b(?:or|nor)\b")
# "isn't numb, tingling or burning though": the list turns.
_CONTRAST = re.compile(r"\b(?:though|tho|but|however|although|yet|except|apart from)\b")
# A sign named in one word, as lists of them end: "isn't red", "no fever", "not dizzy".
_LISTED_SIGN = re.compile(
    r"red|redness|hot|warm|swollen|swelling|puffy|numb|numbness|tingly|tingling|dizzy|faint"
    r"|bleeding|feverish|fever|temperature|pus|oozing|weeping|breathless|weak|weakness|streaks"
    r"|lightheaded|clammy|shaky|sweaty|chills"
)
_ONE_WORD_SIGN = re.compile(rf"\b(?:{_LISTED_SIGN.pattern})\b")


def _counts(
    sign: Rule,
    match: re.Match[str],
    clause: str,
    following: str,
    beyond: str,
    beforehand: bool,
    asks_treatment: bool,
    advice: bool,
) -> bool:
    """Whether a matched sign is a current report under the rule table above."""
    if sign.weak and asks_treatment:
        return False
    if asks_treatment and sign.flag is RedFlag.NUMBNESS and _RANGE.match(clause[match.end() :]):
        # "can needling help my shoulder, i can't lift my arm over my head properly": a range
        # of movement the patient wants back, the reason for booking.
        return False
    if sign.flag is RedFlag.SELF_HARM:
        return not (
            mind_denied(clause, match)
            or mind_of_others_asked(clause, match)
            or hurt_by_accident(clause, match)
        )
    if advice and conditional(clause, match):
        return False
    if not sign.can_be_negated:
        # "no feeling in my hand" is a report; "what if i lost feeling" is a question.
        return not hypothetical(clause, match)
    if cancelled(clause, match, following, beyond):
        return False
    return not (beforehand and asked_beforehand(clause, match))


_RANGE = re.compile(
    r"^(?: \w+){0,2}? (?:over|above|past|behind) (?:my |his |her |their |the )?(?:head|shoulders?"
    r"|back)\b|^(?: \w+)? (?:all the way|fully|as (?:high|far) as|properly|high enough)\b"
)


# Dropped g's as patients type them ("bleedin", "thinkin bout endin it"): the -ing words the
# rules read, restored before anything else.
_ING_TEXT = """
bleeding thinking hurting stopping ending breathing coming going feeling cutting killing dying
passing fainting spreading swelling throbbing burning tingling pissing getting pouring gushing
crying sobbing screaming disappearing vanishing
dripping spinning shaking sweating struggling choking gasping wanting planning seeing doing
having being starting taking walking sitting lying sleeping working moving trying saying telling
talking waiting holding pressing growing
"""
_G_DROPPED = {word[:-1]: word for word in _ING_TEXT.split()}


def _correct(word: str) -> str:
    if word in _G_DROPPED:
        return _G_DROPPED[word]
    if len(word) < 4 or word in STOPWORDS or word in _REAL_WORDS or not word.isalpha():
        return word
    return _SPELLER.correct(word) or word
