from dataclasses import replace

import pytest

from bot.knowledge.safety import RedFlag, first_sign, someone_elses_mind, told_as_now, triage
from bot.knowledge.safety.topics import is_warning_question
from bot.knowledge.triage_loader import default_model


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("can't catch my breath", RedFlag.BREATHING),
        ("short of breath since the needles in my upper back", RedFlag.BREATHING),
        ("tight chest", RedFlag.BREATHING),
        ("sharp pain when i breathe in", RedFlag.BREATHING),
        ("I CANT BREATH", RedFlag.BREATHING),
        ("the redness is spreading", RedFlag.INFECTION),
        ("its hot and swollen where she needled", RedFlag.INFECTION),
        ("there's pus", RedFlag.INFECTION),
        ("got a feaver and chills", RedFlag.INFECTION),
        ("red streaks up my arm", RedFlag.INFECTION),
        ("bleeding won't stop", RedFlag.BLEEDING),
        ("it keeps bleeding", RedFlag.BLEEDING),
        ("i fainted in the car park", RedFlag.FAINTING),
        ("passed out after", RedFlag.FAINTING),
        ("dizzy and collapsed", RedFlag.FAINTING),
        ("my arm has gone dead", RedFlag.NUMBNESS),
        ("can't grip anything", RedFlag.NUMBNESS),
        ("numbness in my fingers", RedFlag.NUMBNESS),
        ("pain getting worse every day", RedFlag.SEVERE_PAIN),
        ("pain is 10/10", RedFlag.SEVERE_PAIN),
        ("this is unbearable", RedFlag.SEVERE_PAIN),
        ("worst pain ever", RedFlag.SEVERE_PAIN),
        ("i want to kill myself", RedFlag.SELF_HARM),
        ("i'm not suicidal, but i don't want to be alive anymore", RedFlag.SELF_HARM),
    ],
)
def test_red_flags_are_recognised(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "is it normal to feel a bit sore",
        "does needling help with chest muscles?",
        "how long does the pain last",
        "can I exercise",
        "I felt a twitch",
        "i have a bleeding disorder, can i have it",
        "can dry needling help with severe chronic pain",
        "is there a risk of infection",
        "what should i wear to my appointment",
        "feels like i got hit by a truck",
        "",
        "😀",
    ],
)
def test_ordinary_questions_are_not_urgent(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "no fever, just achy",
        "not bleeding anymore",
        "i didn't faint",
        "the bleeding has stopped now",
        "no numbness or tingling",
    ],
)
def test_denied_or_resolved_signs_are_not_urgent(message):
    assert triage(message) is None


def test_a_red_flag_in_a_later_clause_is_still_caught():
    assert triage("no fever, but i can't breathe properly") == RedFlag.BREATHING


def test_self_harm_is_never_cancelled_by_a_negation():
    assert triage("not sure why but i keep thinking about ending it all") == RedFlag.SELF_HARM


def test_flag_values_name_the_urgent_message_keys():
    assert {flag.value for flag in RedFlag} == {
        "breathing",
        "infection",
        "bleeding",
        "fainting",
        "numbness",
        "severe_pain",
        "self_harm",
    }


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("prob nothing but my chest feels weird and its hard to get a full breath", "breathing"),
        ("my wife cant catch her breath after her appointment", "breathing"),
        ("feel like i cant get enough air", "breathing"),
        ("my foot has no feeling at all", "numbness"),
        ("hand is asleep since the treatment", "numbness"),
        ("the pain is so bad im crying", "severe_pain"),
        ("after needle i have big pain very strong cannot stand", "severe_pain"),
        ("severe pain in my back since the needling", "severe_pain"),
        ("im scared i cant breathe", "breathing"),
    ],
)
def test_understated_third_person_and_non_native_reports_are_caught(message, flag):
    assert triage(message) == RedFlag(flag)


@pytest.mark.parametrize(
    "message",
    [
        "pain came back after a week",  # "week" is a word, not a typo of "weak"
        "can i get a cortisone injection too",  # nor "injection" of "infection"
        "im sleeping badly since",  # nor "sleeping" of "bleeding"
        "felt faint-hearted about needles lol",
        "i was scared i'd faint but i was fine",
        "can you pass out from dry needling? just wondering",
        "is infection a risk with dry needling",
        "slightly lightheaded when i sat up but it passed in a second",
        "numb feeling? no. just tender",
        "tight chest muscles from bench press, would needling help",
        "this neck pain is killing me, will needling help",
        "severe back pain is why i came in, how many sessions do i need",
    ],
)
def test_worries_questions_idioms_and_reasons_for_treatment_are_not_urgent(message):
    assert triage(message) is None


def test_a_weak_sign_stays_urgent_without_a_question_about_treatment():
    assert triage("this neck pain is killing me") == RedFlag.SEVERE_PAIN


def test_a_sign_admitted_before_a_question_is_still_urgent():
    assert triage("i fainted, is that common?") == RedFlag.FAINTING
    assert triage("is it infected? its red hot and swollen") == RedFlag.INFECTION


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("my breathing feels really shallow", RedFlag.BREATHING),
        ("a pressure at the front of my chest", RedFlag.BREATHING),
        ("getting winded on the stairs since the needles", RedFlag.BREATHING),
        ("temp is 38 and the spot is sore", RedFlag.INFECTION),
        (
            "the bleeding from my calf started again tonight and just will not stop",
            RedFlag.BLEEDING,
        ),
        ("blood keeps running down my back", RedFlag.BLEEDING),
        ("my son was not conscious for a minute", RedFlag.FAINTING),
        ("they found him on the floor after his session", RedFlag.FAINTING),
        ("i've lost grip in my right hand", RedFlag.NUMBNESS),
        ("can't even hold my phone properly", RedFlag.NUMBNESS),
        ("my hand is still sleeping since tuesday", RedFlag.NUMBNESS),
        ("can't sleep at all it hurts that much", RedFlag.SEVERE_PAIN),
        ("my back is much worse today than after the session", RedFlag.SEVERE_PAIN),
        ("honestly what's the point of going on", RedFlag.SELF_HARM),
        ("no one would care about me if i disappeared", RedFlag.SELF_HARM),
        ("i want to swallow all the tablets", RedFlag.SELF_HARM),
        ("the pain is every day, i want to finish my life", RedFlag.SELF_HARM),
        ("lately i've been having thoughts about just disappearing", RedFlag.SELF_HARM),
        ("i don't want to be around anymore", RedFlag.SELF_HARM),
        ("since the needles near my ribs he's a bit gaspy", RedFlag.BREATHING),
        ("one of the spots hasn't stopped bleeding, is that common?", RedFlag.BLEEDING),
        ("there's a little white head where the needle went in", RedFlag.INFECTION),
        ("the spot is a weeping sore now and it feels warm", RedFlag.INFECTION),
        ("every time i take the plaster off it starts dripping again", RedFlag.BLEEDING),
        ("a dull ache across my chest since the session", RedFlag.BREATHING),
        ("honestly i don't see the point in waking up anymore", RedFlag.SELF_HARM),
        ("what's the point anymore, i'm so done with everything", RedFlag.SELF_HARM),
        (
            "i have a little short breath since the needles in my neck",
            RedFlag.BREATHING,
        ),
        ("my heart area is very painful since the needle treatment", RedFlag.BREATHING),
        ("it's been getting steadily worse since saturday, i'm in tears", RedFlag.SEVERE_PAIN),
        (
            "her hip pain has been escalating since her session and she can hardly walk",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_understated_and_indirect_reports_are_recognised(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "the infection control at your place looks great",
        "had a fever years ago, is needling ok for me",
        "i go weak in the knees just thinking about needles",
        "my mum fainted at the dentist, does that happen with dry needling?",
        "what happens if i feel faint during the session?",
        "some people get dizzy after, is that right?",
        "it may get a bit worse before it gets better, right?",
        "would it stop my life from being so limited by my back?",
        "my dad finished his life story book last week",
        "my aunt got a nasty infection after acupuncture abroad. does that happen at your clinic?",
        "my coworker said she got a punctured lung from needling, should i be scared",
        "a friend felt breathless after needling, it was a cold. could needling cause that?",
        "back in high school i had a panic attack where i couldn't breathe. none since.",
        "i had a small infection from a splinter last summer. the doctor sorted it.",
    ],
)
def test_history_hypotheticals_and_idioms_are_not_urgent(message):
    assert triage(message) is None


def test_a_sign_the_patient_reports_stays_urgent_when_they_ask_about_it():
    assert triage("I fainted, does that happen often?") == RedFlag.FAINTING
    assert triage("I fainted 2 days ago") == RedFlag.FAINTING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # Symptoms in everyday words, no medical vocabulary.
        ("it feels like someone is sitting on my chest", RedFlag.BREATHING),
        ("I feel like I'm drowning, can't get air in", RedFlag.BREATHING),
        ("my lips have gone a bit blue", RedFlag.BREATHING),
        ("there's greenish gunk on the plaster", RedFlag.INFECTION),
        ("the hole is weeping and warm", RedFlag.INFECTION),
        ("spitting up blood since this morning", RedFlag.BLEEDING),
        ("swelling up quickly on my calf", RedFlag.BLEEDING),
        ("TRIED TO STAND UP AND WENT DOWN EVERYTHING WENT BLACK", RedFlag.FAINTING),
        ("she dropped to the floor in the hallway", RedFlag.FAINTING),
        ("my legs gave out on the stairs after needling", RedFlag.NUMBNESS),
        ("can't feel his toes since the session", RedFlag.NUMBNESS),
        # Pain scores from 8 up, and pain that does not let up.
        ("rating it a solid 9 right now, the pain", RedFlag.SEVERE_PAIN),
        ("pain level is an 8 and rising", RedFlag.SEVERE_PAIN),
        ("the hurt won't let up at all", RedFlag.SEVERE_PAIN),
        # Indirect self-harm wordings.
        ("I've got enough tablets to end it", RedFlag.SELF_HARM),
        ("wrote a suicide note", RedFlag.SELF_HARM),
        ("i just want to vanish for good", RedFlag.SELF_HARM),
    ],
)
def test_symptoms_in_everyday_words_are_recognised(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "he fainted but he's fine now",  # a loss of consciousness stays urgent when over
        "is it normal to be short of breath since the needling?",  # anchored: a report
        "the tingling hasn't gone away, it's been 2 days and my hand is weak",
    ],
)
def test_reports_stay_urgent_despite_resolution_or_question_words(message):
    assert triage(message) is not None


@pytest.mark.parametrize(
    "message",
    [
        "10/10 would recommend the physio!",
        "on a scale of 1 to 10 how sore should I expect to be?",
        "is it 10 minutes or 30?",
        "my phone fell and hit the floor lol",
        "doubled over laughing at the twitch",
        "I want this knot to disappear forever",
        "drowning in work lately which is why my neck is tight",
        "my dog was panting after our walk, anyway how long is a session",
        "pain used to be 9/10, now it's a 2",
        "my pain went from 8 to 3 after two sessions",
        "had numb toes for a couple of minutes after, then nothing",
        "the soreness lasted two days and is now gone",
        "was dizzy after the gym because I skipped breakfast, fine now",
        "what if my arm goes numb after?",
        "if I get a fever after, should I call?",
        "scared he'll faint, he hates needles",
        "before my first session - is it normal to feel faint?",
        "I always feel a bit lightheaded when I stand up fast, nothing new",
        "I fainted once as a kid at the dentist",
        "the spot was red, it has faded now",
    ],
)
def test_history_habits_hypotheticals_and_relief_are_not_urgent(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # body part x lost sensation or power, in any order
        ("my left wrist feels weak and floppy", RedFlag.NUMBNESS),
        ("struggling to raise my arm since this morning", RedFlag.NUMBNESS),
        # breathing word x impairment
        ("my breaths are coming really short", RedFlag.BREATHING),
        # pain x comparison, intensity, course
        ("hurts more than the time i dislocated my knee", RedFlag.SEVERE_PAIN),
        ("still sore after a week and no better", RedFlag.SEVERE_PAIN),
        # two local signs of infection together
        ("the area is puffy and inflamed", RedFlag.INFECTION),
        # fever by number
        ("temp is 38.4", RedFlag.INFECTION),
        ("fever of 101F", RedFlag.INFECTION),
        # blood with an escalator or an anticoagulant
        ("on warfarin and now there is a bruise", RedFlag.BLEEDING),
    ],
)
def test_signs_composed_from_the_lexicon(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "cant raise my arm much, it's too stiff",
        "temp was 37.6, totally normal",
        "I'm 40 years old, is it ok at my age",
        "the sauna at my gym is 90 degrees",
        "the ache is horrendous but it's improving",
        "I get woozy around needles, any tips?",
    ],
)
def test_lexicon_signs_with_a_calm_reading_are_not_urgent(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "what's the point of carrying on",
        "no point carrying on",
        "i dont see the point in anything anymore",
        "honestly whats the point in going on",
    ],
)
def test_hopelessness_without_an_object_is_a_self_harm_red_flag(message: str) -> None:
    assert triage(message) is RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "is there any point carrying on with sessions",
        "whats the point of keeping going with appointments",
        "what is the point of stretching",
    ],
)
def test_asking_whether_treatment_is_worth_continuing_stays_calm(message: str) -> None:
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("feel a bit puffed since the needles near my shoulder blade", RedFlag.BREATHING),
        ("weird pressure in my chest since this afternoon, prob nothing", RedFlag.BREATHING),
        ("went hot and sweaty and next thing i know i was on the floor", RedFlag.FAINTING),
        ("nothing works, ive been thinking about how id do it", RedFlag.SELF_HARM),
        # An ordinary cause does not calm a sign anchored to the treatment.
        (
            "out of breath walking up the stairs since the session, never happens",
            RedFlag.BREATHING,
        ),
    ],
)
def test_understated_present_reports_after_needling_are_urgent(message, flag):
    assert triage(message) is flag


@pytest.mark.parametrize(
    "message",
    [
        "back in 2019 i had a chest infection that put me in hospital, all cleared up",
        "i was a bit dizzy in the clinic on monday, i was fine in five minutes, no problems since",
        "the dizziness i had after the first appointment hasnt come back at all",
        "my legs feel numb from sitting through a three hour meeting",
        "i felt a bit light headed from nerves during the session",
        "my friend felt faint after hers, will that happen to me?",
        "my dad once had a punctured lung, could that happen to me?",
        "i want to die of embarrassment, i kicked the physio",
        "numb to needles now",
        "my physio said i might feel faint, is that common?",
    ],
)
def test_past_resolved_borrowed_and_figurative_signs_are_not_urgent(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("since the needles near my ribs i can only get half a breath in", RedFlag.BREATHING),
        ("my chest is killing me since the session, deep inside", RedFlag.BREATHING),
        ("my leg won't move properly since the needling", RedFlag.NUMBNESS),
        ("the tablets are not helping at all, the pain is so strong", RedFlag.SEVERE_PAIN),
        ("took ibuprofen and codeine and it's done nothing for the pain", RedFlag.SEVERE_PAIN),
        ("he is in so much pain after his session he can't get out of bed", RedFlag.SEVERE_PAIN),
        ("honestly i dont wanna be here anymore", RedFlag.SELF_HARM),
        ("staring at my tablets thinking i could just swallow all of them", RedFlag.SELF_HARM),
        ("she says she doesn't want to be alive any more", RedFlag.SELF_HARM),
        ("my husband keeps pressing on his chest saying it feels heavy", RedFlag.BREATHING),
        ("can't see myself still being around by christmas", RedFlag.SELF_HARM),
        ("some nights i want to go to sleep and never wake up", RedFlag.SELF_HARM),
        ("there's no reason to keep going", RedFlag.SELF_HARM),
        ("nosebleed since the neck needling that won't stop", RedFlag.BLEEDING),
        ("the spot has bled through the plaster twice", RedFlag.BLEEDING),
        ("went pale and sweaty and dropped to the floor", RedFlag.FAINTING),
        ("had a funny turn and ended up on the floor", RedFlag.FAINTING),
        ("he slumped in the chair and didn't respond for a minute", RedFlag.FAINTING),
        ("i've lost the strength in my hand since yesterday", RedFlag.NUMBNESS),
        ("keep dropping my cup, my grip has gone", RedFlag.NUMBNESS),
        (
            "is it normal to feel short of breath after neck needles? it's still not gone away",
            RedFlag.BREATHING,
        ),
        # Someone else's sign happening now is theirs to act on: never a story.
        ("my husband says his arm has gone numb since his session", RedFlag.NUMBNESS),
        ("messaging for my wife, she has a fever and the spot is oozing", RedFlag.INFECTION),
        # "still" turns a condition back into a report.
        ("if my arm is still numb tonight what should i do?", RedFlag.NUMBNESS),
        # Self-harm is never read as a condition.
        ("what should i do if i keep wanting to end it all", RedFlag.SELF_HARM),
        # A history mentioned beside a new sign does not calm the new one.
        (
            "i had a collapsed lung years ago and since the needling i'm short of breath",
            RedFlag.BREATHING,
        ),
    ],
)
def test_new_wordings_of_present_reports_are_urgent(message, flag):
    assert triage(message) is flag


@pytest.mark.parametrize(
    "message",
    [
        # Hearsay, long ago, elsewhere.
        "my neighbour reckons she nearly fainted when she had it done",
        "my sister's lung collapsed once, years before she tried needling",
        "my gran passed out at her physio at another clinic, she was fine",
        "i had a kidney infection back in 2018, fully recovered",
        "got really breathless with covid when i was 30, fine now",
        "blacked out once, a long time ago",
        # Someone else's illness and the patient's own visit.
        "my daughter has a fever, is it ok if she comes with me to my appointment?",
        # What to do if a sign comes later.
        "if the spot starts bleeding again tomorrow, how long should i press it?",
        "should i be worried if my chest feels tight later in the week?",
        "how do i know if the area is getting infected?",
        "what do i do if my hand goes numb after i get home?",
        "what would happen if a needle hit a nerve, would i lose feeling in my hand?",
        "numbness after needling, how long is too long?",
        "hypothetically if i fainted at home, who do i call?",
        # Negated across "or"; figures of speech.
        "i didnt feel dizzy or faint this time, just tired",
        "totally numb to the idea of needles now",
        "just gonna chill on the sofa tonight",
        "no reason to keep going with the sessions if it's working, is there?",
        "my phone slipped and hit the floor, can you resend the link?",
        "my chest feels less tight at my desk since the upper back sessions",
    ],
)
def test_stories_conditions_and_denials_are_not_urgent(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("the needle spot is still bleeding, it not stop", RedFlag.BLEEDING),
        ("pressed on it for ten minutes and it's soaked through the gauze", RedFlag.BLEEDING),
        ("my chest is pressing hard since the session, like a heavy stone", RedFlag.BREATHING),
        ("crushing pain behind my breastbone since the needles", RedFlag.BREATHING),
        ("i cannot bear it, the pain in my back after the needles", RedFlag.SEVERE_PAIN),
        ("my calf is painful and getting more and more every hour", RedFlag.SEVERE_PAIN),
        ("since the needling i can't put weight on my leg", RedFlag.SEVERE_PAIN),
        ("couldn't get off the sofa without screaming this morning", RedFlag.SEVERE_PAIN),
        ("the red is creeping up my forearm from the needle spot", RedFlag.INFECTION),
        ("my fingers won't do what i tell them since the session", RedFlag.NUMBNESS),
        (
            "arm feels dead since last night and my hand won't listen. otherwise all good",
            RedFlag.NUMBNESS,
        ),
        ("i've written letters to my family in case i'm not around", RedFlag.SELF_HARM),
        ("i don't think i'll be needing any of it for much longer", RedFlag.SELF_HARM),
        ("been giving my stuff away to friends this week", RedFlag.SELF_HARM),
        (
            "my hand went numb after the neck needling and the feeling hasn't come back",
            RedFlag.NUMBNESS,
        ),
        ("the blood is still not stopping from the needle spot on my arm", RedFlag.BLEEDING),
        ("been bleeding ever since i got home, over an hour now", RedFlag.BLEEDING),
        (
            "the pain after the needles is just too much and it is only increasing",
            RedFlag.SEVERE_PAIN,
        ),
        ("my hip is paining very badly, i cannot walk straight", RedFlag.SEVERE_PAIN),
        ("reception: a patient just came back clutching his chest", RedFlag.BREATHING),
        ("i've written letters to my kids, i'm done", RedFlag.SELF_HARM),
        ("how many of the sleeping pills would it take", RedFlag.SELF_HARM),
        ("nothing works, i wanna just disappear", RedFlag.SELF_HARM),
        ("it would be easier for everyone if i just wasn't here", RedFlag.SELF_HARM),
        ("sorted things out, gave the dog to my brother and wrote a will", RedFlag.SELF_HARM),
    ],
)
def test_plain_and_indirect_wordings_from_fresh_sets_are_urgent(message, flag):
    assert triage(message) is flag


@pytest.mark.parametrize(
    "message",
    [
        # The whole message is history, however its clauses fall.
        "about nine years ago i had a pneumothorax, collapsed lung basically, never came back",
        "had chest pains like 6 yrs ago, turned out to be stress, all good now",
        "he fainted at the dentist when he was about 8, fine with needles since",
        "two weeks after my first session i had tingling for an hour then it went away and"
        " never came back",
        # Someone else's story, a post, a figure of speech.
        "my workmate panics and can barely breathe around needles, would he be able to have this?",
        "saw a video of someone screaming during needling, does it really hurt that much?",
        "my roommate was dizzy after hers and had to lie down, will that happen also to me?",
        "my cousin had acupuncture abroad and got an infection, is dry needling also like this?",
        "my housemate said her arm felt dead for ages after acupuncture, does dn do that too?",
        "i nearly passed out from happiness when the pain went",
        "honestly i'm numb to monday mornings at this point",
        "the coastal walk had me gasping at the views",
        # A question about a condition, not a report of a sign.
        "i have a problem with my blood, it not stop easy when i cut, can i have needling?",
        "if im on blood thinners could the needling make me bleed a lot?",
        "i was a bit worried about the numbness since you were near the nerve, but nothing at all",
        "i want to dance at the wedding without feeling like i did a heavy workout",
        "if it bleeds and not stop, how long do i press before i call someone?",
        "my wife fainted at her flu jab last month, she's fine, just nervous about needling",
        "the intake form asks about fainting, do i tick yes?",
        "my son has a temperature today so i might need to cancel, is there a cancellation fee?",
        "i've been on pins and needles all week waiting to hear about my scan",
        "i'm dead on my feet after work, can i move my session?",
        "honestly thought i was going to die on that last hill, legs felt great after",
        "a guy at the gym said he couldn't walk right for days after needling, is that a thing?",
        # A denial inside a sign read from its parts.
        "leg is not numb and not weak, only a bit tender",
        # A denial carried across "or", several words on.
        "i don't have any shortness of breath or chest pain, just achy between my shoulders",
    ],
)
def test_history_stories_figures_and_conditions_from_fresh_sets_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "my back pain become too severe after needle, i am not able to get up",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "sometimes i feel i should jump from the balcony, this pain is finishing me",
            RedFlag.SELF_HARM,
        ),
        ("i've been giving away my things and i've made my peace with it all", RedFlag.SELF_HARM),
        ("there's an ache behind my breastbone since this afternoon's session", RedFlag.BREATHING),
        ("the needle spot keeps bleeding, it's gone thru 2 bandaids", RedFlag.BLEEDING),
        ("my hand is numb since the needling and it's still not back to normal", RedFlag.NUMBNESS),
        # Someone nearby in the story, but the sign is the patient's own and goes on now.
        (
            "i was on the ground with a lady asking if i was okay, apparently i was out for a few"
            " seconds. i'm on a bench now and still feel lightheaded",
            RedFlag.FAINTING,
        ),
        # Self-harm told as past but brought near again stays urgent.
        (
            "i used to self harm years ago and was doing well but the urges are back",
            RedFlag.SELF_HARM,
        ),
        ("i'm not suicidal, i just don't want to wake up tomorrow", RedFlag.SELF_HARM),
    ],
)
def test_wordings_from_the_fourth_rounds_read_sets_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "i didn't faint or even feel lightheaded this time, which was a nice change!",
        "my cousin had fever after cupping treatment. is dry needling also giving fever?",
        "neighbour's lung collapsed. my risk?",
        "my cousin did the needle treatment and she fainted. why this happen to some people?",
        "suppose i have fever on the day of appointment, i can still come?",
        "had chest pains back in march, got checked in hospital and it was all clear",
        # Self-harm: the patient's own past, over and said to be over, or denied outright.
        "i used to self-harm as a teenager and i'm in a really good place now, will the physio"
        " mind the old scars?",
        "a few years back i had thoughts of ending my life. i'm doing well now with good support."
        " does the clinic need to know?",
        "for the form: no, i've never had thoughts of harming myself",
    ],
)
def test_denials_stories_and_a_past_said_to_be_over_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "sir, bleeding from needle place in my hand is continuing, towel is red now",
            RedFlag.BLEEDING,
        ),
        (
            "the pain after needling is very very severe, pain tablet not working",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "my sister just texted me saying goodbye and that she's sorry, i can't reach her",
            RedFlag.SELF_HARM,
        ),
        ("i've been dizzy since last week after the needling", RedFlag.FAINTING),
        ("my husband had needling today and fainted, he's fine now", RedFlag.FAINTING),
    ],
)
def test_wordings_from_blind23_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "went a bit woozy in the waiting room last wk b4 my appt cos i hadnt eaten lol",
        "my hand went tingly for like 10 secs but it went straight away, totally normal since",
        "before my first session i had high fever and infection in tooth. now i am healthy.",
        "friend fainted after needling. common?",
        "wat if i bleed loads, im on aspirin",
        "last weekend the climb nearly killed me, my legs were screaming, but the view was great",
        "the physio's jokes were so bad i nearly passed out laughing",
        "back in 2012 i had a collapsed lung, and have been running half marathons since. my gp"
        " says my lungs are completely fine now.",
        # Someone else's sign, over or asked about out of curiosity.
        "a guy at my gym said his back was in agony for a week after dry needling. just curious.",
        "my grandma fainted at church yesterday, she's fine now but i'm a bit worried about her",
        "my friend in running group get a chest infection after the race. she is ok now.",
        "if i pass out at home after needling, what then?",
    ],
)
def test_history_figures_and_questions_from_blind23_are_calm(message):
    assert triage(message) is None


def test_the_second_opinion_may_not_silence_a_sign_said_to_go_on():
    shipped = default_model()
    assert shipped is not None
    model = replace(shipped, veto_below=1.0, urgent_at=2.0)
    # With every sign overrulable, only one said to go on now stays urgent.
    assert triage("my chest has felt heavy and squeezed, it hasn't let up", model) is not None
    assert triage("chest feels a bit tight after the gym", model) is None


@pytest.mark.parametrize(
    "message",
    [
        "my arm is numb, what should i do?",
        "my arm is numb. what should i do?",
        "my face is drooping, what do i do",
        "i have chest pain, what should i do?",
    ],
)
def test_the_second_opinion_may_not_silence_a_plain_report_of_the_patients_own_body(message):
    shipped = default_model()
    assert shipped is not None
    assert triage(message, replace(shipped, veto_below=1.0, urgent_at=2.0)) is not None
    assert triage(message, shipped) is not None


@pytest.mark.parametrize(
    "message",
    [
        "i cant breathe properly, if it gets worse should i call 999?",
        "bleeding a lot from the spot, if it doesnt stop should i go to a&e?",
    ],
)
def test_a_sign_told_before_a_condition_is_urgent_not_a_warning_question(message):
    assert triage(message, default_model()) is not None
    assert not is_warning_question(message)


@pytest.mark.parametrize(
    "message",
    [
        "my legs are dead after leg day",
        "in my childhood i had problem of fainting sometimes. now since many years no problem.",
        "i had covid in march n was rly short of breath for a couple weeks but all sorted now",
        "i hadn't thought about my back at all, i nearly fainted from shock, ha!",
        "if after the treatment i have difficult breathing, where i must go?",
        # Another person's thoughts asked about as a condition.
        "if he ever talked about hurting himself, what should i do?",
        "what support is there if someone feels like harming themselves because of long term pain",
        # A past told plainly as over, with a wish that is not a wish to die.
        "i want to be upfront: when i was 19 i had thoughts of suicide. i've been well for over a"
        " decade, i'm in a good place now.",
    ],
)
def test_read_held_out_calm_messages_stay_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "nothing works n im kinda over being alive ngl",
        "my son keeps talking about hurting himself, what should i do?",
        "what do i do if my son is talking about killing himself right now",
        "i used to self harm and was well for years but i want to die again",
    ],
)
def test_self_harm_about_now_stays_urgent(message):
    assert triage(message) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "my dad's been admitted to hospital with chest pains so i'll need to cancel my session",
        "my uncle had some needle treatment and he got infection in leg. is it same like dry"
        " needling?",
        "my friend told me after needle her hand was numb for some days. i am worried to do the"
        " same treatment.",
        "my wife is on warfarin. if she had dry needling, would she bleed a lot?",
        "the needle marks look totally normal and my foot isn't numb or tingly at all",
    ],
)
def test_other_peoples_signs_questions_and_denials_from_blind26_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "my daughter said after her session that she wants it all to stop for good, and she's"
        " been giving her things away",
        "he rang to say he's got a rope in the shed and doesn't see the point anymore",
    ],
)
def test_self_harm_reported_by_someone_close_is_urgent(message):
    assert triage(message) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "blood coming too much from my back after needle, my shirt is wet with blood",
            RedFlag.BLEEDING,
        ),
        ("i went down - my friend says i was out for maybe ten seconds", RedFlag.FAINTING),
        ("sorry for message. i am not wanting to live more.", RedFlag.SELF_HARM),
        ("if i ever feel like killing myself what should i do", RedFlag.SELF_HARM),
    ],
)
def test_wordings_from_blind27_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "when i was child i was in hospital with very high fever, now i am adult, 40 years old",
        "my cousin had very bad pain after needles. why this happens? i am worried for my"
        " appointment.",
        "what should i do if my husband ever starts talking about not wanting to be here?",
        "i went down to the shops after the session and felt fine",
    ],
)
def test_history_and_questions_from_blind27_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        # Over, said later in the message: "been fine since", "no trouble since", "now no problem".
        "my husband felt woozy at his session a fortnight ago but he's been fine ever since",
        "i got breathless after my appointment in june, the gp said asthma, haven't had any"
        " trouble with it since",
        "three years back i had a chest infection with fever, now no problems. is needling ok?",
        # A past mind, now well, told with "but now".
        "some years before i had dark thoughts of dying but now i am doing well for a long time",
        # A figure of fear, before the first visit.
        "before the first one i was sure i'd faint from nerves lol, all good",
        # A relative's worry about what may come, with every sign denied.
        "my dad is convinced it's going to get infected. no redness, no heat, no fever, just"
        " tender",
    ],
)
def test_history_figures_and_worries_from_blind29_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "dunno why i booked again, i'm not planning on being around much longer",
        "please cancel everything, i won't be here much longer",
        "no need for more sessions. i've said my goodbyes already",
    ],
)
def test_not_expecting_to_be_here_is_urgent(message):
    assert triage(message) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    ("message", "theirs"),
    [
        ("my son keeps talking about hurting himself, what should i do?", True),
        ("i'm worried about my wife, she said she wants to end it all", True),
        ("she texted me saying goodbye and that she's sorry", True),
        ("i think my dad wants to die", True),
        # The patient's own words, whoever else the message names.
        ("i want to end it all", False),
        ("my husband thinks nobody would miss me", False),
        ("my wife says i should just end it all", False),
        ("he made me want to kill myself", False),
        ("my husband left and i want to die", False),
        ("my son is talking about killing himself and honestly i want to die too", False),
        # No sign the rules can place: the patient's reply is the safe one.
        ("feeling really low", False),
    ],
)
def test_whose_mind_a_self_harm_sign_speaks_of(message, theirs):
    assert someone_elses_mind(message) is theirs


@pytest.mark.parametrize(
    "message",
    [
        "I hurt myself at the gym last week, can needling help?",
        "my son hurt himself playing rugby, can he book in?",
        "cut myself shaving this morning, can i still come in?",
        "will i need more sessions than someone who just hurt themselves?",
        "i've had a sore lower back for years, i hurt myself lifting a sofa",
    ],
)
def test_an_injury_told_with_hurt_or_cut_is_not_self_harm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "i hurt myself again last night on purpose",
        "i keep hurting myself",
        "i cut myself in the bathroom last night",
        "i feel like cutting myself at work",
        "i want to hurt myself",
    ],
)
def test_hurting_oneself_with_intent_or_a_habit_stays_urgent(message):
    assert triage(message) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "i'm a wimp with needles, i fainted getting my nose pierced years back, what does it feel"
        " like?",
        "i've had really bad neck pain for about ten years, on and off. will needling help?",
    ],
)
def test_a_faint_elsewhere_and_long_standing_pain_are_the_story_not_a_report(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        # Someone else's story, asked about as a risk for the patient.
        "my flatmate's uncle got a fever after acupuncture, is the same risk with needling?",
        "my sister's friend ended up with a collapsed lung in the 80s, she is fine now. is that"
        " a real risk?",
        "my dad had a bad reaction to needling a while back, dizzy and sick, could i get the same"
        " thing?",
        "my gf's cousin got a massive bruise from it, will that happen 2 me",
        # History told with a question about treatment.
        "i had chest pain back in 2018, it was reflux, fine ever since. is needling still ok?",
        # Figures of speech and a sign said to be fine.
        "the meeting was so long i thought i'd pass out from boredom",
        "i'm numb to the pain of hill sprints by now lol",
        "breathing fine, chest fine, just my calves feel like i ran a marathon",
    ],
)
def test_stories_history_figures_and_fine_signs_from_blind33_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("room spinnin, gotta lie down or i'll hit the deck", RedFlag.FAINTING),
        # Someone else as a witness of the patient: the patient's own report.
        (
            "had the needles this morning. at work now and i keep nearly passing out, my"
            " colleague says i'm grey",
            RedFlag.FAINTING,
        ),
        (
            "thanks for friday, my boss says hi. since then my lower back has got much worse,"
            " i'm on the floor and the tablets do nothing. ok to drive to my appointment?",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_reports_from_blind33_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        # A past told over several clauses, then the present: the frame holds the past ones.
        "hi, i'm new. about six years ago, at another clinic, i had needling on my neck and i"
        " fainted, i went hot and clammy and blacked out for a second. i've got my first session"
        " with you next week, should i tell the physio?",
        "when i was in my thirties i had a collapsed lung, playing football. never since. is"
        " needling on my upper back ok?",
        "a few weeks ago, after my session, i felt a bit dizzy walking to the car, i sat down and"
        " it passed. it hasn't happened since, anything i should do next time?",
        # Real words the speller must leave alone, and figures of speech.
        "i bet my mate a fiver it was a bot",
        "breaking my running streak would hurt my soul",
        "is scraping better than needling?",
        "sorry for dragging you into this, my husband thinks needling is a scam",
        "from my end it looks like you just put a needle in a knot",
        "i don't want to wake up tomorrow having undone all her work, can i sleep on that side?",
        "i don't want to hurt myself or make the needling not work, is a massage ok the same day?",
        "does that old infection mean i'm more likely to get another one?",
        "my coach was screaming like a madman when i got the lift",
        "my friend says you can't feel it at all, is that true?",
    ],
)
def test_long_past_speller_and_figures_from_blind32_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # The frame closes at the present.
        (
            "years ago i had asthma. since the needling today i'm short of breath",
            RedFlag.BREATHING,
        ),
        (
            "years ago i had asthma. i went for a walk, really short of breath and my chest is"
            " tight",
            RedFlag.BREATHING,
        ),
        ("red streaks going up my arm from the needle spot", RedFlag.INFECTION),
        ("i was not awake for a bit after the session, my wife found me", RedFlag.FAINTING),
    ],
)
def test_a_past_frame_ends_at_the_present(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "years ago i had asthma. really short of breath and my chest is tight",
        "years ago i had asthma. i went for a walk, i'm really short of breath",
    ],
)
def test_history_with_the_body_told_in_the_present_stays_urgent_with_the_second_opinion(message):
    assert triage(message, default_model()) == RedFlag.BREATHING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("pls cancel everything, i've decided to leave this world", RedFlag.SELF_HARM),
        ("won't need my next appt, won't be around. thanks for trying x", RedFlag.SELF_HARM),
        (
            "i've sorted out my affairs and given my bike to my nephew. you can give my slot to"
            " someone else",
            RedFlag.SELF_HARM,
        ),
        ("since this afternoon there's a tight pain right behind my sternum", RedFlag.BREATHING),
    ],
)
def test_wordings_read_from_the_held_out_sets_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "i won't be around next week, can we move my appt?",
        "had an infected toenail last yr, all healed",
        "my arm went numb for about ten minutes in the session but it came right and it's been"
        " fine since",
        "a girl at work says needling gave her a huge bruise, does that happen a lot?",
        "my legs were dead after spin class but feel great now",
        "had glandular fever at uni, no issues now",
        "your receptionist has such an infectious laugh",
        "my mate fainted, will i?",
        "my gf said it hurt like hell for days, is that gonna be me",
        "i've gone numb to the chaos at work lol, can i book for the 14th?",
    ],
)
def test_calm_wordings_read_from_the_held_out_sets_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        # Someone else's story: another place, a decade of their life, a risk asked about.
        "my cousin had needling at another place and said it hurt like hell, will mine be like"
        " that?",
        "my nan had a collapsed lung in her sixties, does that run in families?",
        "my uncle did cupping abroad and he got a fever after, is it possible same for me?",
        "a lady at work got an infection from needles. me?",
        # A year written out is a year past, and "sorted" closes it.
        "had an infected finger 2021, sorted",
        # Over, told a clause or two later.
        "straight after the session i felt a bit faint, the physio got me a glass of water, i sat"
        " for a bit and was right as rain",
        "the spot was a bit red and warm that night, i kept an eye on it, by morning it had"
        " completely settled",
        "before i came to you i'd had tingling in my foot for years, the surgeon fixed it and"
        " it's been gone ever since",
        # Figures of speech, denials and questions.
        "i nearly passed out when i saw the bill for my car service lol",
        "i'm numb to all this talk about posture honestly",
        "no i'm not having any thoughts of hurting myself, just tired",
        "is there anything i should be worried about like feeling faint?",
        "if i go to the gym after my session could i hurt myself?",
    ],
)
def test_stories_and_history_told_in_new_ways_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # The patient's own sign, in a message that also tells someone else's story.
        (
            "my brother had a heart attack in his fifties. i've been feeling a heavy pressure"
            " across my chest for the last hour",
            RedFlag.BREATHING,
        ),
        # The patient's own session, then an event now: no story about someone else's visit.
        (
            "had my session this morning, my colleague says i went down at my desk just now and"
            " i still feel really dizzy",
            RedFlag.FAINTING,
        ),
        # "Before the needle it was ok" is no resolution of the weakness now.
        ("my arm is weak now, can't hold a cup. before the needle it was fine", RedFlag.NUMBNESS),
        # A resolution further on does not count when the sign comes back.
        (
            "felt faint after the session, sat down, was completely fine, then it came back worse",
            RedFlag.FAINTING,
        ),
    ],
)
def test_own_signs_beside_stories_and_later_clauses_stay_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "one spot bled a little when i got in, it stopped once i pressed on it and it's been"
        " fine since",
        "felt dizzy in the car park earlier, gone now",
        "my hand was tingly for an hour after, it went away completely and it's normal now",
    ],
)
def test_the_second_opinion_may_not_add_a_sign_said_to_have_stopped(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("gone all clammy and grey since the needles, need to lie down", RedFlag.FAINTING),
        (
            "the bleeding stopped for a minute then started again and won't stop now",
            RedFlag.BLEEDING,
        ),
    ],
)
def test_a_sign_that_comes_back_or_a_change_for_the_worse_stays_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "can we push my appt to next weak? work is mad",
        "my husband takes blood thinners and is starting needling on friday, anything to know?",
        "used to cut myself as a teen but that's way behind me, the form asked",
        "i had thoughts of ending it back then, years ago, got help and i'm in a good place now",
        "heard needling can puncture a lung?",
        "my brother's been saying it gave him the worst pain of his life, does that happen?",
        "saw a facebook post where someone fainted from needling, bit nervous for my appt",
        "my old knee pain is dead and buried",
        "the leaflet mentions side effects like a collapsed lung, what would that feel like?",
    ],
)
def test_homophones_medicines_a_past_behind_and_hearsay_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("the needle spot on my calf is bleeding and bleeding, what do i do", RedFlag.BLEEDING),
        ("the spot on my wrist has been bleeding steadily since i got home", RedFlag.BLEEDING),
        # A long past beside a sign now, told without "now" or "today".
        (
            "had a heart stent put in back in 2018. i've had a crushing pressure in my chest for"
            " the last half hour",
            RedFlag.BREATHING,
        ),
        (
            "had a knee op two years ago. since about lunchtime my calf pain has ramped up, 9/10"
            " and worse every hour",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_bleeding_that_goes_on_and_signs_now_beside_a_long_past_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "we did suicides at football training, are my needled calves ok for that?",
        "had a chest infection in february, antibiotics, chest clear since march",
        "my sister's neighbour had a collapsed lung after needling somewhere, what are the odds?",
        "no more of the tingling down my arm i used to get, no weakness either, just stiff",
        "his needle mark stopped bleeding hours ago, he's fine",
        "my uncle is having sciatica and his leg is numb, could needling help him?",
        "say i get bad pain the day after, do i just wait it out?",
        "if after the session i feel chest pain, is that the needle or something else?",
        "it's just a faint ache now, like an old bruise",
        "my breathing is totally normal, no chest pain, just a stiff upper back",
        "the kids were shrieking all party and my ears are ringing from the screaming",
    ],
)
def test_drills_months_odds_fillers_and_stops_told_first_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("needles didn't help so i'll just off myself lol. not joking", RedFlag.SELF_HARM),
        ("got the blades out again tonight, first time in ages", RedFlag.SELF_HARM),
        (
            "my friend sent me a picture of all her tablets and now she won't answer",
            RedFlag.SELF_HARM,
        ),
        ("the spot is getting redder and bigger, and hot", RedFlag.INFECTION),
        ("the red patch is getting bigger every day", RedFlag.INFECTION),
        ("my father say he have big pressure on the chest since one hour", RedFlag.BREATHING),
    ],
)
def test_new_wordings_of_self_harm_and_a_spreading_spot_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "the leaflet says to call if any bleeding won't stop. none of that, all good",
        "writing my son a note on what's normal, like bruising versus infection",
        "my aunt have a needle treatment overseas and she say she feel dizzy after",
        "my friend tell me after needles he have fever, this was in another country",
        "my dad had bleeding from acupuncture because of his blood thinners. is it ok for me?",
        "i faint one time when i was pregnant, now i am ok",
        "in the morning i feel little dizzy because i not eat breakfast, now everything is fine",
        "the printer has collapsed again and the heatwave is suffocating",
        "the whole town has grand final fever",
        "the match was at fever pitch",
        "i was dead to the world last night, slept ten hours",
        "bruise aint hot or spreadin, just purple",
        "last year my back pain was severe, i could not walk. now only a little stiff",
        "my uncle has chest pain sometimes, he is not your patient. is needling safe for heart"
        " patients?",
        "my brother had suicidal thoughts years ago, now he is stable. is needling ok for his"
        " back?",
    ],
)
def test_instructions_comparisons_others_abroad_and_things_that_collapse_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "thank you for trying, i've made my decision and it's for the best",
        "my sister texted me saying goodbye and she's not answering her phone",
        "she keeps saying she's a burden and we'd be better off if she was gone",
    ],
)
def test_a_decision_a_goodbye_and_a_burden_are_self_harm(message):
    assert triage(message) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("pls call me back, i have chest pressure and it's going into my jaw", RedFlag.BREATHING),
        ("a pressure in the centre of my chest since an hour ago", RedFlag.BREATHING),
        (
            "i have haemophilia and the needle spot is bleeding, not stopped till now",
            RedFlag.BLEEDING,
        ),
        ("the needle point on my neck is bleeding continuous", RedFlag.BLEEDING),
        ("not just doms, my back is in bits and i can barely walk", RedFlag.SEVERE_PAIN),
        ("i'm about to pass out, everything's gone fuzzy", RedFlag.FAINTING),
    ],
)
def test_spreading_chest_pain_bleeding_not_stopped_and_pain_in_bits_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "my partner saw a video where a man got a collapsed lung and now he's telling me not to"
        " go, is that a real risk?",
        "my mum fainted watching my session last time, can she wait outside next time?",
        "sister passed out at acupuncture",
        "is possible the needle touch a nerve and my hand become weak?",
        "hypothetically, could it make my legs feel dead on race day?",
        "my calf was tingly for an hour that night but it wore off before bed",
        "the week before last i had chest pain, turned out to be reflux, settled now",
        "i've gone numb to the back pain jokes at the office",
        "fainted at my last session, fine since",
        "if it make blood and not stop, how long i press before i call someone?",
        "can you tell me what an infection would look like?",
    ],
)
def test_videos_last_time_hypotheticals_and_pasts_that_wore_off_are_calm(message):
    assert triage(message) is None


def test_going_away_from_this_world_is_self_harm():
    assert triage("cancel my sessions, i have decided to go away from this world") == (
        RedFlag.SELF_HARM
    )


@pytest.mark.parametrize(
    "message",
    [
        "laughed so hard at the comedy night i couldn't breathe, abs still sore",
        "before we start needling next week, which would mean get help? like chest pain or"
        " dizziness",
    ],
)
def test_laughing_and_examples_asked_before_any_session_are_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("my chest keeps clenching right behind the breastbone since service", RedFlag.BREATHING),
        (
            "i've been counting the pills in the cupboard, working out if it would be enough",
            RedFlag.SELF_HARM,
        ),
        (
            "she said it won't matter after this weekend, she's made her peace with it",
            RedFlag.SELF_HARM,
        ),
        # A sign no one is named before is the patient's when they are named after it.
        (
            "my other spots were fine but the one on my thigh started bleeding when i stood up"
            " and it's still soaking through",
            RedFlag.BLEEDING,
        ),
    ],
)
def test_clenching_counting_pills_and_peace_made_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "the tingling in my foot i mentioned last week has totally gone, went back to normal",
        "my neighbour's cousin got an infection at some dodgy place abroad, something i should"
        " worry about?",
        "one of my players copped a big bruise from needling last season, was that unusual?",
        "legs are dead after the park run in a good way, can i still come at 4?",
        "if the bruise gets bigger over the next few days should i tell you?",
        "my brother's been in hospital with a kidney infection and fever, he's in good hands."
        " could needling help his back later?",
        "cud the needles hit a nerve n make my arm go numb?",
    ],
)
def test_over_abroad_last_season_after_a_run_and_if_questions_are_calm(message):
    assert triage(message) is None


def test_fine_before_the_needles_is_the_baseline_not_the_sign_passing():
    message = "my back is in agony, 9 out of 10, and it was fine before the needles"
    assert triage(message, default_model()) == RedFlag.SEVERE_PAIN


@pytest.mark.parametrize(
    "message",
    [
        # Another person's story: what they now fear or refuse is not how they are now.
        "my wife saw a documentary about a man who got a collapsed lung from needling and now she"
        " doesn't want me to go, does that happen a lot?",
        "my son's friend's mum fainted at the dentist last week and now he's nervous about"
        " needles, can a teenager have dry needling?",
        "a friend told her the needling left a massive bruise for days. my sister's booked in"
        " next week, is that likely for her?",
        "saw someone collapse after needles on a hospital drama last night, is that realistic?",
        # Neither ... nor denies both.
        "pleased to say i've had neither dizziness nor any breathlessness",
        # A question about the sign in general, even when anchored to needling.
        "is chest pain after needling ever normal?",
        # Over, said a long clause later, and normal for days since.
        "felt a little lightheaded as i sat up at the end, but after lying back down with some"
        " water for ten minutes it passed completely, and i've felt totally normal for the two"
        " days since",
        # A comparison, softened.
        "a bit achy where you needled, like a dead arm but much milder",
        # Figures of speech: a title, a deal ended.
        "we're off to see saturday night fever on friday, can i dance after my session?",
        "the manager wants to end it with our cleaning contractor after that mess",
    ],
)
def test_others_fears_neither_nor_passed_completely_and_titles_are_calm(message):
    assert triage(message) is None


def test_a_spot_on_my_back_that_stopped_bleeding_is_over_for_the_second_opinion():
    # "back" the body part is not the bleeding coming back.
    message = (
        "there was a tiny bit of blood on my top when i got in, from the spot on my back."
        " it had already stopped and there's been nothing since."
    )
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # "it was fine this morning" is the baseline, not the pain passing.
        (
            "the pain is so bad i'm in tears and can't get off the bed, it was fine this morning,"
            " it's where you needled my back",
            RedFlag.SEVERE_PAIN,
        ),
        # A break-up is no figure of speech when the life is named.
        ("i want to end it with pills tonight", RedFlag.SELF_HARM),
        # A range of movement wanted back is a reason to book; a limb that stopped working
        # since the session is not.
        ("can needling help? since the session i can't lift my arm at all", RedFlag.NUMBNESS),
    ],
)
def test_a_baseline_the_means_named_and_a_limb_stopped_since_stay_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # Pain put as an amount, in the words of English learners.
        ("my shoulder is paining too much since the needles, i can't sleep", RedFlag.SEVERE_PAIN),
        ("the pain after treatment is very very much, tablets not helping", RedFlag.SEVERE_PAIN),
        ("my back is paining like anything since yesterday's session", RedFlag.SEVERE_PAIN),
        ("the pain's gone thru the roof since the session", RedFlag.SEVERE_PAIN),
        # Breath and blood in everyday words.
        ("since the needles near my ribs i'm sucking air just lying here", RedFlag.BREATHING),
        ("huffing and puffing in bed since the session and i haven't moved", RedFlag.BREATHING),
        ("the needle mark keeps soaking through every plaster i put on", RedFlag.BLEEDING),
        ("i've lost the feeling down the back of my arm since the session", RedFlag.NUMBNESS),
    ],
)
def test_pain_as_an_amount_sucking_air_soaking_through_and_lost_feeling_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "when is the pain too much after needling?",
        "if the pain is too much during the session, can i ask her to stop?",
        "how would i know if the soreness is too much?",
        "my pain is very much better since the second session",
    ],
)
def test_asking_when_pain_is_too_much_is_calm(message):
    assert triage(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # "chest pressure" is no "chest press" machine.
        ("heavy chest pressure since the session", RedFlag.BREATHING),
        ("can't seem to get a full breath in since the needles in my back", RedFlag.BREATHING),
        ("feels like im breathin through a straw since the session", RedFlag.BREATHING),
        # Dropped g's are read as the words they are.
        ("been thinkin bout endin it all", RedFlag.SELF_HARM),
        ("the spot's still bleedin n pourin after half an hour", RedFlag.BLEEDING),
        ("pins n needles in my hand since the needling, not going away", RedFlag.NUMBNESS),
        ("all my sleeping pills are lined up on the table tonight", RedFlag.SELF_HARM),
    ],
)
def test_chest_pressure_dropped_gs_and_pills_lined_up_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "had pins n needles in my foot before i started seein you, it's way better now",
        "saw a video of some lad passin out during needling, is that even possible?",
    ],
)
def test_before_treatment_and_a_video_of_some_lad_are_calm(message):
    assert triage(message) is None


def test_worse_than_before_treatment_is_no_history():
    message = (
        "since 4am the pain is far worse than anything i had before i started treatment and"
        " it's still climbing"
    )
    assert triage(message) == RedFlag.SEVERE_PAIN


@pytest.mark.parametrize(
    "message",
    ["needle spot warm, swollen, spreading", "the site's red, really swollen, and hot"],
)
def test_a_comma_list_of_signs_is_one_description(message):
    assert triage(message) == RedFlag.INFECTION


def test_a_denial_before_a_comma_list_denies_only_its_own_sign():
    assert triage("no fever, but the spot is red, hot") == RedFlag.INFECTION
    assert triage("no redness, no heat, just sore") is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "i've a bleed from the needle spot on my wrist that just won't stop, pressed it"
            " twenty minutes",
            RedFlag.BLEEDING,
        ),
        ("the blood from where she needled my calf is still coming through", RedFlag.BLEEDING),
        ("my chest it has tightness since the needles today", RedFlag.BREATHING),
        ("a heavy feeling in the middle of my chest since this morning", RedFlag.BREATHING),
        ("since the session my hip pain is severe, i can't sit", RedFlag.SEVERE_PAIN),
        ("pain's ten times worse than yesterday since the session", RedFlag.SEVERE_PAIN),
    ],
)
def test_bleeding_that_will_not_stop_far_from_its_word_and_severe_pain_are_urgent(message, flag):
    assert triage(message) == flag


def test_pain_gone_from_severe_to_mild_is_no_rule_sign():
    assert first_sign("my neck pain has gone from severe to mild since the second session") is None


@pytest.mark.parametrize(
    "message",
    [
        "been thinking of taking my own life lately",
        "honestly i don't think i want to be alive anymore",
        "i keep thinking about steering into a wall on the motorway",
        "stood on the bridge for an hour thinking about jumping",
        "i keep thinking about taking all my painkillers at once",
        "i've been saving up my sleeping tablets",
        "some nights i want to go to sleep and not wake up",
        "sometimes i think better i am not alive",
        "my family would be better off without me",
        "thinking about topping myself tbh",
    ],
)
def test_the_means_and_the_wish_in_plain_words_are_self_harm(message):
    assert first_sign(message) is not None
    assert triage(message) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "thinking about jumping back into training next week",
        "i keep thinking about jumping in the pool after, is that ok",
        "my mate drove into a wall last year and he's fine now",
        "I've been saving up for a standing desk",
        "my brother-in-law tried to take his own life years ago, should i mention it?",
    ],
)
def test_jumping_into_training_and_a_crash_long_over_are_no_rule_sign(message):
    assert first_sign(message) is None


def test_a_simile_of_someone_is_no_other_persons_story():
    message = "back's in bits, like someone's got a red hot poker in it, can barely walk"
    assert triage(message, default_model()) == RedFlag.SEVERE_PAIN


def test_fainting_told_plainly_is_never_silenced_by_the_second_opinion():
    assert triage("i passed out lol is that normal", default_model()) == RedFlag.FAINTING
    assert triage("i blacked out the memory of that session lol", default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "The stabbing pain I had bending over is gone!",
        "the burning ache down my arm I came in with has calmed right down",
    ],
)
def test_pain_said_to_be_gone_is_over_for_the_second_opinion(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "been smashing it at parkrun since the needling, new PB!",
        "the view from the top was breathtaking and my knee held up fine",
    ],
)
def test_praise_in_the_words_of_harm_is_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "my colleague said she passed out during needling haha",
        "auntie fainted at church on sunday",
        "my grandad has copd and gets short of breath on the stairs, could needling help his"
        " back?",
        "my neighbour's wife gets chest pains a lot, i wonder if needling would help her",
        "my mum's hands go numb at night, her gp says carpal tunnel",
        "i'd read online about collapsed lungs so i've been keeping an eye on myself, all fine",
        "in a really good place now, married again, thoughts of suicide were eight years ago",
    ],
)
def test_other_peoples_events_illnesses_and_hearsay_and_reading_about_a_sign_are_calm(message):
    assert first_sign(message) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # The other person is the one treated: their sign now is theirs to act on.
        (
            "my dad is a patient of yours, had needles in his back on monday. he has diabetes and"
            " the spot is red and swollen with pus",
            RedFlag.INFECTION,
        ),
        (
            "our colleague just fainted at the office, she'd had dry needling at lunch",
            RedFlag.FAINTING,
        ),
        (
            "sit in the car in the garage thinking about leaving the engine running",
            RedFlag.SELF_HARM,
        ),
    ],
)
def test_the_treated_persons_sign_and_the_means_in_a_garage_are_urgent(message, flag):
    assert triage(message) == flag


@pytest.mark.parametrize(
    "message",
    [
        "can i put a cream on before to numb it?",
        "does the needling fix the muscle or just numb the pain?",
    ],
)
def test_numb_the_verb_is_no_sign(message):
    assert first_sign(message) is None


def test_numb_the_state_is_still_a_sign():
    assert triage("my hand has gone numb since the session and it won't come back") == (
        RedFlag.NUMBNESS
    )


def test_a_bleed_that_keeps_going_whatever_the_pressure_is_urgent():
    message = "the sink looks like a crime scene, the spot keeps going however hard i press"
    assert triage(message) == RedFlag.BLEEDING


@pytest.mark.parametrize(
    "message",
    [
        "sat on the floor at the shops, my vision keeps tunnelling, i'm going to go down",
        "everything's going grey and I'm about to black out, had needling this morning",
    ],
)
def test_a_faint_coming_on_in_plain_words_is_urgent(message):
    assert triage(message) == RedFlag.FAINTING


@pytest.mark.parametrize(
    "message",
    [
        "suppose my hand goes numb after the needling, is that permanent?",
        "my colleague fainted during needling once",
        "my neighbour got an infection after a tattoo, could that happen with needles?",
    ],
)
def test_supposing_and_a_past_event_of_someone_outside_the_home_are_calm(message):
    assert first_sign(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "Suppose the needle hits a nerve, my leg will be weak forever?",
        "what if it goes in too deep, could I get a punctured lung?",
    ],
)
def test_the_consequence_of_a_supposed_condition_is_no_report(message):
    assert first_sign(message) is None


def test_a_sign_now_after_a_supposed_condition_is_still_a_report():
    message = "what if it's infected, the spot is hot, red and spreading up my arm"
    assert triage(message) == RedFlag.INFECTION


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "the ache hasn't eased — it's got steadily worse and I can't turn my head",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "today the pain in my knee is the worst I've ever had, worse than when I broke it"
            " years ago",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "when I stand up everything become dark in my eyes, twice I nearly fell",
            RedFlag.FAINTING,
        ),
        ("after the needles I fell in the bathroom, I don't remember it", RedFlag.FAINTING),
        ("my chest feels like a brick is sitting on it since the session", RedFlag.BREATHING),
        ("dont plan on being here much longer so cancel everything", RedFlag.SELF_HARM),
        ("I keep thinking about the bridge on my drive home", RedFlag.SELF_HARM),
        ("a bruise from the session is growing fast on my thigh", RedFlag.BLEEDING),
        (
            "every deep breath gives me a sharp stab under the shoulder blade should i come down"
            " off the scaffold",
            RedFlag.BREATHING,
        ),
    ],
)
def test_wordings_from_the_ninth_rounds_read_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "son has a chest infection, need to rebook",
        "my little girl's got a fever so I'm cancelling Thursday",
        "pain was unbearable at first. not anymore.",
        "remember when I nearly passed out on your table? not happening again",
        "couldn't breathe from laughing at the video",
        "my brain has gone numb from all the paperwork",
        "so if, hypothetically, I fainted on the table, what would you do?",
        "if i started bleeding at home would pressing be enough?",
        "my mate's arm got infected after a tattoo, now he's scared of needles",
        "watched a scary film last night and nearly fainted",
        "my husband has a chest infection, is it contagious?",
    ],
)
def test_other_peoples_trouble_pasts_and_figures_from_the_ninth_round_are_calm(message):
    assert triage(message, default_model()) is None


def test_someone_elses_trouble_in_care_is_not_made_urgent_by_the_second_opinion():
    message = (
        "sorry i can't make my appointment, my dad was taken to hospital with chest pains"
        " yesterday, he's stable now and they're keeping him in"
    )
    assert triage(message, default_model()) is None


def test_the_patients_own_faint_in_a_story_about_family_stays_urgent():
    message = (
        "my gran was a fainter too. at the shops I went all hot and next thing I was on the"
        " floor. can I move my appointment?"
    )
    assert triage(message, default_model()) == RedFlag.FAINTING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "the bruise on my thigh is getting massive and the purple has gone down past my knee",
            RedFlag.BLEEDING,
        ),
        ("bruise is like doubling every hour, is that ok", RedFlag.BLEEDING),
        (
            "the swelling on my arm grew very fast after the needles, big and tight",
            RedFlag.BLEEDING,
        ),
        (
            "after the needle my arm bruised, but now it become very big very fast",
            RedFlag.BLEEDING,
        ),
        (
            "didn't think a bruise could spread this quickly, it's swollen right down my shin",
            RedFlag.BLEEDING,
        ),
        (
            "since the needling in my upper back I'm puffed on the stairs, I'm never out of breath"
            " like this",
            RedFlag.BREATHING,
        ),
        (
            "this is Tom's wife, he had his session this morning and he's now complaining of"
            " chest pain",
            RedFlag.BREATHING,
        ),
        ("i don't think the bleeding is going to stop", RedFlag.BLEEDING),
    ],
)
def test_wordings_from_the_tenth_rounds_read_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "i don't think i have a fever, just tired",
        "no chest pain, no trouble breathing, nothing like that, just an ache",
        "does swelling usually grow after needling?",
        "small bruise about the size of a coin, doesn't hurt",
        "the bruise hasn't got any bigger since dinner, I measured it",
        "my temperature has gone down and I feel fine",
    ],
)
def test_hedged_denials_a_list_of_denials_and_a_question_about_swelling_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "Mum's feverish, need to reschedule",
        "my roomie has a fever, can i still come tomorrow",
        "my bestie fainted at a gig last night, she's ok now, can she come with me next time?",
        "my bandmate has numbness in his fingers from playing, would needling help him?",
        "my girlfriend's got a nasty chest infection, not me, am I still ok to come?",
        "my son cut his hand and it bled everywhere, he's fine himself, just shaken",
    ],
)
def test_other_peoples_trouble_named_in_everyday_words_is_calm(message):
    assert triage(message, default_model()) is None


def test_a_treated_person_who_is_fine_himself_now_after_a_faint_is_still_urgent():
    message = "my husband had needling yesterday and fainted in the kitchen, he is fine himself"
    assert triage(message, default_model()) == RedFlag.FAINTING


@pytest.mark.parametrize(
    "message",
    [
        "If I passed out during the session, would the physio know what to do?",
        "if i collapsed on the table what would happen",
        "i take aspirin, does that mean i'll bleed a lot when you do the needles?",
        "back home I fainted one time when they took my blood. after that no problem.",
    ],
)
def test_a_supposed_faint_a_question_about_bleeding_and_a_single_old_faint_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("i just fainted in the car park, would you know what to do", RedFlag.FAINTING),
        ("the bleeding won't stop, does that mean i'll need stitches", RedFlag.BLEEDING),
    ],
)
def test_a_report_with_the_same_words_of_asking_stays_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("honestly i'm in a really dark place, like i have a plan dark", RedFlag.SELF_HARM),
        ("since the needles my breath is not complete", RedFlag.BREATHING),
        ("when I draw a deep breath it is paining me in the back", RedFlag.BREATHING),
        (
            "there's a lump where she needled, it was small but it has grown very fast in the"
            " last half hour",
            RedFlag.BLEEDING,
        ),
        ("I'm crying from the pain in my glute tonight", RedFlag.SEVERE_PAIN),
    ],
)
def test_a_plan_a_breath_not_complete_a_lump_that_grows_and_tears_of_pain_are_urgent(
    message, flag
):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    ["my hair is growing fast lol", "i have a plan for my stretches this week"],
)
def test_growing_hair_and_an_exercise_plan_are_calm(message):
    assert triage(message, default_model()) is None


def test_passing_out_laughing_is_a_figure_of_speech():
    assert triage("our drummer nearly passed out laughing at the gig", default_model()) is None


def test_feeling_kind_of_faint_that_passed_is_calm_and_a_faint_after_it_is_not():
    calm = "felt kinda faint during the session yesterday but it passed quickly, fine since"
    assert triage(calm, default_model()) is None
    assert triage("felt kinda faint and then i was on the floor") == RedFlag.FAINTING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "a needle spot started bleeding and it simply hasn't stopped, I'm on Eliquis after"
            " my heart scare last year, not sure what else to do",
            RedFlag.BLEEDING,
        ),
        ("some nights I think it would be easier to just not wake up", RedFlag.SELF_HARM),
        (
            "went to put the kettle on and next thing I knew I was on the lino looking up at"
            " the ceiling",
            RedFlag.FAINTING,
        ),
        ("bruise on my calf is growin every time i look at it, all puffed up", RedFlag.BLEEDING),
        (
            "how long should a needle spot bleed for? mine's been going since i got home",
            RedFlag.BLEEDING,
        ),
    ],
)
def test_wordings_missed_at_the_tenth_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


def test_a_question_whether_a_sign_is_normal_that_started_an_hour_ago_is_told_as_now():
    message = (
        "just wondering if it's normal to feel short of breath after the session, it started"
        " about an hour after I got home"
    )
    assert told_as_now(message)


def test_bearable_pain_and_a_bruise_that_isnt_growing_name_no_sign():
    assert first_sign("the pain is bearable now, less than this morning") is None
    assert (
        triage("bruise isnt getting bigger or anything, just kinda yellow now", default_model())
        is None
    )


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "Message on behalf of my dad. He had his upper back needled at 2pm. He's now wheezing"
            " and can't finish a sentence without stopping for air.",
            RedFlag.BREATHING,
        ),
        (
            "Is it normal to black out after dry needling? It happened to me twice this"
            " afternoon.",
            RedFlag.FAINTING,
        ),
        (
            "Is it normal to feel so low after treatment that you want to hurt yourself? Because"
            " I do tonight.",
            RedFlag.SELF_HARM,
        ),
        (
            "day 4 n my back is absolutely wrecked, like 10/10, cant even get off the couch",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "I feel tingling go down from my back to my foot, all the leg, and is more strong"
            " today. Is normal after needles?",
            RedFlag.NUMBNESS,
        ),
        (
            "sat down for lunch and the next thing I remember the barman was standing over me."
            " Apparently I slid off the stool. Feel fine-ish now, just foggy.",
            RedFlag.FAINTING,
        ),
        (
            "in the queue I went hot and next thing I was on the floor. I'm home now. Still"
            " pretty lightheaded and my hands are shaky. I had low blood pressure years ago but"
            " nothing since.",
            RedFlag.FAINTING,
        ),
        (
            "went to hang the washing out and the next thing I remember I was lying on the grass",
            RedFlag.FAINTING,
        ),
        (
            "since the treatment I cannot finish my sentences without to stop, the breath is"
            " short",
            RedFlag.BREATHING,
        ),
    ],
)
def test_wordings_of_the_eleventh_rounds_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "I'm booking for my mum, she'd like Thursday morning. She can't use the app.",
        "back in my twenties I had a collapsed lung after a car accident, it's been fine for"
        " thirty years, is that a problem for needles near my shoulder",
        "Yesterday after treatment I feel little dizzy in the bus, but after some minutes it"
        " finish. Today all is good.",
        "the new horror movie had me screaming n nearly fainting 😂 anyway see u tmrw",
    ],
)
def test_things_devices_long_ago_and_films_are_not_urgent(message):
    assert triage(message, default_model()) is None


def test_a_cancellation_for_someone_elses_illness_is_no_farewell():
    model = default_model()
    son = "My son has a fever and a rash so I'll have to cancel today, sorry."
    assert triage(son, model) is None
    assert (
        triage("My brother got high fever and vomiting, so please cancel my appointment.", model)
        is None
    )
    # A cancellation with no one else's reason may be a farewell, and stays urgent.
    assert triage("Cancel everything. Won't need it.", model) is RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "My husband had chest pain last night, the doctor says it is muscle. Can he also have dry"
        " needling for this?",
        "her sister's arm has gone numb, she wants to know if dry needling would help with that",
    ],
)
def test_someone_elses_trouble_asked_about_as_a_reason_to_book_is_not_urgent(message):
    assert triage(message, default_model()) is None


def test_someone_already_having_needling_whose_breathing_is_bad_stays_urgent():
    message = "my husband cant breathe properly, can he still have needling tomorrow?"
    assert triage(message, default_model()) is RedFlag.BREATHING


def test_a_sign_that_passed_after_a_few_things_done_is_over_and_a_line_passed_is_not():
    model = default_model()
    over = (
        "I felt a bit light headed in the waiting room after the session but I had a biscuit and"
        " a drink and it was gone in five minutes, I've been fine all day"
    )
    assert triage(over, model) is None
    spreading = (
        "the needle spot is red and swollen, I drew round it with a pen this morning and it's"
        " gone way past the line"
    )
    assert triage(spreading, model) is RedFlag.INFECTION


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "walking from the car I was puffing like I'd run a marathon and I only walked twenty"
            " metres, that's not me",
            RedFlag.BREATHING,
        ),
        (
            "is it normal to still be in agony 4 days after needling?? it was meant to settle"
            " after 48hrs",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "ok this is NOT normal soreness, day 3 n my glute is killing me worse than b4, cant"
            " sit down to feed the baby",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "day 3 n my glute is killin me, like proper can't sit or lie down killin me",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_wordings_missed_at_the_eleventh_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


def test_asking_whether_a_sign_is_normal_with_nothing_going_on_stays_a_question():
    assert triage("is it normal to still be a bit sore 3 days after?", default_model()) is None
    assert triage("not normal? i feel fine, no pain at all", default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "I'm a paramedic so my week is basically chest pain calls and people who can't breathe,"
        " and I swear my own shoulders are the only thing not getting attention.",
        "I work in A&E, so my week is basically bleeding, broken bones and folk who've fainted in"
        " the queue",
        "I was watching Grey's Anatomy last night and someone had a collapsed lung and I was like"
        " ha I've got needling tomorrow",
        "Watched a hospital drama last night, blood everywhere and I still couldn't look away.",
    ],
)
def test_signs_that_are_the_patients_work_or_something_watched_are_not_urgent(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "I was watching TV and suddenly my chest got really tight and I cant breathe",
        "watching a film and I fainted on the sofa",
        "I'm a nurse and since my session today I can't catch my breath",
    ],
)
def test_a_sign_of_ones_own_told_beside_work_or_the_telly_stays_urgent(message):
    assert triage(message, default_model()) is not None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "halfway up the hill i got a crushing feeling in my chest. it eased off but it's come"
            " back twice since",
            RedFlag.BREATHING,
        ),
        ("stood up after tea and the room went sideways, still feel floaty", RedFlag.FAINTING),
        ("i didn't quite pass out but it was close, an hour after the needles", RedFlag.FAINTING),
        ("the bruise on my calf has ballooned since lunch and it's tight", RedFlag.BLEEDING),
        ("on aspirin. after needling there is blood that continues a long time", RedFlag.BLEEDING),
        ("tightness in my breast bone since the session, not going away", RedFlag.BREATHING),
    ],
)
def test_wordings_from_the_twelfth_rounds_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        # A denied list split by a comma.
        "the needle spot isn't red, swollen or hot, just a bit tender",
        # A limit asked about, not reported.
        "how much soreness is too much after needling, and when should i worry?",
        # Said to have gone.
        "the tingling went after ten minutes",
        "the red patch round the needle spot has gone now",
        # Short news that things are going well.
        "legs feel amazing since the needling, smashing it at the gym",
        "my calf twitches now and then since the session, it doesn't hurt",
        "achy today but it's easing off already",
        # Someone else's trouble that moves the patient's visit or asks for one.
        "sorry, i must cancel. my father has very strong pain and i take him to the doctor",
        "my wife has strong pain in her back for a week, can she also book an appointment?",
        "my colleague has a red swollen finger, he asks if you can look at it",
        "my uncle fainted at the gp yesterday, they say it was his tablets. should he still come"
        " next week?",
        "i'm just cooking for my gran, she has a bad infection in her leg so i'll have to move my"
        " session",
        # Returned to normal is no sign's return; an upper back is no return at all.
        "my hand went numb for a minute after the session but the feeling came back quickly",
        "my arm went numb briefly on monday but it came back and has been normal since",
        "the chest infection i had in winter is totally gone so i'm happy to have my upper back"
        " done again",
        "my calves were screaming bloody murder but they feel so loose now",
        "my sister has numb hands from her carpal tunnel, she wants to know if you see pregnant"
        " people",
    ],
)
def test_denied_lists_limits_good_news_and_relatives_trouble_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # "or" carries the denial; without it the second clause may be the report.
        ("my arm isn't numb, tingling a lot though", RedFlag.NUMBNESS),
        ("my chest is tight and it's not easing", RedFlag.BREATHING),
        ("the pain is unbearable and not easing at all", RedFlag.SEVERE_PAIN),
        ("my dad had needling this morning and now he's collapsed at work", RedFlag.FAINTING),
    ],
)
def test_a_sign_beside_those_calm_wordings_stays_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "my vision went grey in the queue and the next thing a man was asking if i was ok"
            " and i was on the floor",
            RedFlag.FAINTING,
        ),
        ("sorry for the drama but it's still bleeding, pressed it for ages", RedFlag.BLEEDING),
        ("the needle site on her calf has a rapidly expanding swelling", RedFlag.BLEEDING),
        (
            "my back has locked and the pain is the worst it's ever been, it was better on"
            " saturday",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "it's the only position i can bear to lie in, couldn't get my socks on",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "a little bleeding from one mark that seems to keep going, is that ok?",
            RedFlag.BLEEDING,
        ),
        (
            "my son says i went out for a second after my session and i don't remember",
            RedFlag.FAINTING,
        ),
        (
            "is it normal to be short of breath after the neck session? going up the stairs just"
            " now i had to stop",
            RedFlag.BREATHING,
        ),
    ],
)
def test_wordings_missed_at_the_twelfth_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("voicemail from a patient: she said she has no reason to go on", RedFlag.SELF_HARM),
        ("i see no point in living like this", RedFlag.SELF_HARM),
        (
            "monday sore, tuesday worse, wednesday worse again, today it's the worst it's ever"
            " been",
            RedFlag.SEVERE_PAIN,
        ),
        ("i had to crawl to the bathroom this morning after the needling", RedFlag.SEVERE_PAIN),
    ],
)
def test_wordings_missed_at_the_twelfth_rounds_second_check_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "the cat's got an infected paw and keeps limping, vet bills will finish me off",
        "my son has had a fever for two days, i must stay home, can i change the appointment?",
        "my gran keeps getting pins and needles in her hands, could she see you?",
        "my friend has terrible back pain and can't sleep for it, can i give her your number?",
        "my father has severe knee pain, can he also take dry needling? he is on blood thinners",
        "my dad was in hospital with a chest infection, he's on the mend now",
        "is it possible to get an infection from the needles? my mum keeps asking",
        "cud the needle spot get infected if i swim after?",
        "if i will have very strong pain after, can i take ibuprofen?",
        "if one day i have a fever, can i still come for the needles?",
        "i nearly fainted at the thought of needles but it was nothing at all",
        "the batting collapse nearly finished him off, he'll see you tuesday",
        "she says her legs are dead after the gym, but in a good way",
        "the toddler's got a temperature of 39, wondering if i should still come in tomorrow",
        "my son has a fever of 39 so i'm home with him, can i do a phone appointment instead?",
        "my gran is on blood thinners and wants to know if she might bleed a lot from the needles",
        "can u get an infection from it? off camping next week",
        "nearly passed out when i heard what parking costs round here, see you friday",
    ],
)
def test_pets_relatives_questions_and_figures_from_the_twelfth_rounds_read_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "there's a little bump where the needle went in, white liquid inside and red around"
            " it, what do i do?",
            RedFlag.INFECTION,
        ),
        ("lol is it normal to pass out after needling bc i just did", RedFlag.FAINTING),
        (
            "is it normal to be puffed out just from talking? had needles in my neck today",
            RedFlag.BREATHING,
        ),
        ("in the queue i went hot and sweaty and slid down the wall", RedFlag.FAINTING),
        ("two more near-blackouts getting out of bed this morning", RedFlag.FAINTING),
        (
            "pressure in my chest since an hour after the needles, should i wait and see if it"
            " pass?",
            RedFlag.BREATHING,
        ),
    ],
)
def test_wordings_from_the_thirteenth_rounds_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "husband's back worse, not mine",
        "my toddler has been throwing up all night so i've got to cancel today, sorry",
        "my boyfriend can't breathe through his nose with this cold, such a baby",
        "my husband he is very dizzy since some days, the doctor check him. can i change my"
        " appointment?",
        "your patient mrs khan asked us to pass on that her daughter is unwell with a high"
        " fever, so she needs to cancel friday",
        "a mate from rugby tore his calf and was screaming on the pitch, he asked whether dry"
        " needling is something he could do in rehab",
        "my colleague fainted at work today, gave me a fright. anyway i'm still good for monday",
        "got the bill and nearly fainted, joking, can i pay by card",
        "i play a character who faints every night in the panto, hence my back",
        "this week the kids were screaming that they're dying of boredom, is my session still on",
        "my hobby is horror films, last night i watched one with a lot of blood, slept fine",
        "little dizzy for some minutes after the session but i drank water and it pass",
        "tingly hand after the neck session but it went in like 20 min, all gd now",
        "the spot bled onto my collar when i got home, i pressed on it, it stopped and hasn't"
        " bled since",
        "if he has a reaction to the needles, like feeling faint, is someone there to help?",
        "what does an infected needle site look like? everything looks fine at the moment",
        "writing to reassure myself more than anything, no fever, sleeping fine",
    ],
)
def test_relatives_figures_and_settled_signs_from_the_thirteenth_rounds_sets_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "a bit stiff getting out of bed but it loosens up once i'm walking around",
        "fainted at a blood drive years ago, had loads of blood tests since without a wobble",
        "at what point should i be worried about pain getting worse after needling?",
    ],
)
def test_easing_stiffness_blood_tests_and_asked_limits_are_calm(message):
    assert triage(message, default_model()) is None


def test_a_question_whether_breathlessness_is_normal_that_started_an_hour_ago_stays_urgent():
    message = (
        "just wondering if it's normal to feel short of breath, my wife says i sound puffed just"
        " talking, it started about an hour after i got home"
    )
    assert triage(message, default_model()) is RedFlag.BREATHING


@pytest.mark.parametrize(
    "message",
    [
        "wat if i feel like passin out after? when shud i get help",
        "how sore is 2 sore after needling? when do i ring u",
        "what level of pain after needling should make us phone you?",
        "is breathing stuff a risk w needling near the chest?? wat would it even feel like",
    ],
)
def test_warning_questions_in_everyday_words_are_recognised(message):
    assert is_warning_question(message)


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "the pain's gone on so long i think i'd be better off not waking up, been looking at"
            " my tablets tonight",
            RedFlag.SELF_HARM,
        ),
        (
            "is it normal for ur chest to hurt after dn on the back?? been achy n tight all nite",
            RedFlag.BREATHING,
        ),
        (
            "i know some soreness is expected but it's sharper today than yesterday and keeps"
            " building",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_wordings_from_the_thirteenth_rounds_later_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "my sister's husband has been having chest pains, they've kept him in for tests, so i'll"
        " not be at my friday session. my own neck is fine, i'll need to rebook",
        "my husband's gout is so bad he says it's the worst pain he's ever had. my shoulder's"
        " held up fine though. can i keep my tuesday slot?",
        "my father is having fever since two days, so i will come late for my appointment",
        "my lola who lives with us has diabetes and her foot wound is red with pus, now she's on"
        " antibiotics. is it ok for me to have my needling tuesday? i'm fine myself, no cuts on"
        " my hands",
        "the gas bill made me faint",
        "dad says he's gone numb from the neck up watching the cricket",
        "after a shift full of chest pains and fainting patients my stiff neck feels like a"
        " holiday",
        "felt woozy when i sat up but had a biscuit and it went completely",
        "thigh's sore going up the stairs but it's getting easier as the day goes on",
    ],
)
def test_relatives_figures_and_easing_from_the_thirteenth_rounds_later_sets_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "watched some tv. woke up at 3am with a sharp pain in my chest under the left side, it"
            " eased a little but it's still there now",
            RedFlag.BREATHING,
        ),
        (
            "my leg where needle was put have small wound with liquid yellow and bad smell",
            RedFlag.INFECTION,
        ),
        (
            "i'm on rivaroxaban and the swelling on my hip has grown to the size of my fist",
            RedFlag.BLEEDING,
        ),
        (
            "my calf has been getting more and more sore every day since the session, now i can't"
            " put my foot down. it was fine the first day",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "no fever no bleeding nothing like that but i'm puffed out just walking to the kitchen"
            " since tuesday",
            RedFlag.BREATHING,
        ),
        ("neck was needled tues its thurs n im cryin its so bad", RedFlag.SEVERE_PAIN),
    ],
)
def test_wordings_from_the_thirteenth_rounds_last_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "had a dizzy spell in the waiting room on tues but was fine after a sip of water",
        "writing for my wife who is your patient. her mother passed out at home and is in icu,"
        " so she won't be coming this week",
        "the new puppy is going to be the death of her, but her knee is great",
        "could it bleed a lot?",
        "work's been brutal, i swear if i see another spreadsheet i'll faint",
        "my mum was convinced the needles would give me an infection, nothing red or warm",
        "my husband has been short of breath for weeks and keeps refusing to see a doctor, any"
        " tips for persuading him?",
        "my colleague fainted at work today and it's made me nervous about friday",
        "my daughter fainted at netball today, she's fine now, can i bring her with me tomorrow?",
        "my husband he has big pain in the back since one week. can he come also with me?",
        "our retriever's wound got infected, she's on antibiotics, is there shaded parking?",
        "there's a faint yellowish bruise on the inside of my knee, otherwise fine",
        "he nearly passed out from the stress of the cricket, ha",
        "binge-watching a hospital drama, now i'm an expert in collapsed lungs",
        "that spin class was literally death, i can't feel my soul",
    ],
)
def test_relatives_questions_and_figures_from_the_thirteenth_rounds_last_sets_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "can it be normal that i'm still bleeding from the spot",
        "my husband's needling spot has been bleeding steadily for ages now, towel soaked",
    ],
)
def test_questions_and_long_bleeds_told_as_going_on_stay_urgent(message):
    assert triage(message, default_model()) is RedFlag.BLEEDING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "from sione's partner: he came home from his session saying his chest feels tight,"
            " and now he's gone quiet and pale",
            RedFlag.BREATHING,
        ),
        ("its day 3 n my hamstring hurts more every day, limping lol", RedFlag.SEVERE_PAIN),
        (
            "can i bring my wife 2 next appt? also chest been sore n tight all nite since session",
            RedFlag.BREATHING,
        ),
        (
            "my mum is on warfarin and one of her needle spots hasn't stopped bleeding since she"
            " got home",
            RedFlag.BLEEDING,
        ),
        (
            "went home, watched the game. around midnight the pain started ramping up, now it's"
            " the worst pain i've ever felt",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_wordings_from_the_thirteenth_rounds_fourth_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "my father-in-law had a stroke on sunday, his face is drooping and he can't move his"
        " right arm. my shoulder's fine though",
        "my dad's in hospital with chest pain, so i might be distracted at my next appointment",
        "my wife's worried that because i'm on aspirin i might bleed a lot, is that likely?",
        "she's asking whether at her age she's more likely to bruise or feel faint",
        "feeling quite tired this evening after the session. going to have an early night.",
        "i couldn't breathe watching that last over! can i come in at ten tomorrow",
        "yesterday i watch a film about hospital, a man faint in the first minute",
        "my mum has had a lot of trouble breathing this week with her asthma",
        "i saw stories about people having trouble breathing after needling, could that happen"
        " to me?",
        "my sons got a fever",
        "my mother has very strong pain in the back since one week, can she also come to your"
        " clinic for needles?",
        "my husband has numbness in the leg from long time, the doctor say sciatica. can you"
        " treat also him?",
        "cld i get like an infection from the needles?? kinda paranoid",
        "he says he'd rather die than miss the final",
        "it's day three and it's not worse, you said to report if it got worse, and it didn't",
    ],
)
def test_other_people_asides_and_what_ifs_from_the_fourth_tuning_sets_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("no1 would notice if i wasnt here tbh. got a plan n everything", RedFlag.SELF_HARM),
        (
            "last night i sat in the shed with a rope for a long time. i reckon i'm alright now",
            RedFlag.SELF_HARM,
        ),
        (
            "the bruise on my thigh is very big and hard, like a ball, in one hour it is double",
            RedFlag.BLEEDING,
        ),
        (
            "three days later my shoulder hurts more than before the session? i couldn't sleep at"
            " all last night because of it",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "my back is killing me, like for real not joking, day 3 n its worse",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "mi chest a hurt sharp when mi twist, start last night after di needles",
            RedFlag.BREATHING,
        ),
        (
            "tonight i'm puffing like i've run somewhere and i can't seem to fill my lungs",
            RedFlag.BREATHING,
        ),
        (
            "a stabbing pain in my ribs on the right when i take a deep breath, started after"
            " yesterday's session. expected?",
            RedFlag.BREATHING,
        ),
        (
            "on blood thinners, one of the holes keeps welling up with blood, changed the plaster"
            " twice and it's soaked again",
            RedFlag.BLEEDING,
        ),
        (
            "the needle mark on my leg is still dribbling blood after quite a while",
            RedFlag.BLEEDING,
        ),
        (
            "next thing i know i'm on the pavement with a lady asking if i'm alright. must have"
            " gone down for a few seconds",
            RedFlag.FAINTING,
        ),
    ],
)
def test_red_flags_missed_at_the_thirteenth_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "our single is called 'Numb', very emo, i know",
        "her play 'Breathless' opens friday, she'd love to give you a ticket",
        "it's suffocatingly hot out today, is the clinic air conditioned?",
        "i'm numb to the cold after twenty years in scotland",
        "the prices in the supermarket now are making me faint, haha",
        "the kids are driving me to the point of collapse with the school holidays",
        "that film was so scary i couldn't breathe",
        "our collie cut her paw on some wire and it's bled everywhere, might be late",
        "my daughter has a chest infection so i might be distracted at my session tomorrow",
        "my brother he is feeling numbness in the legs since long time. he can also do this"
        " treatment?",
        "is it poss to pass out from the needles? im a massive wimp",
        "on blood thinners so just wondering if the needles could make me bleed a lot",
        "the tingling in his fingers only lasted about ten minutes and then went away completely",
        "the small bleeding from the needle point, it stop after one minute. now no problem",
    ],
)
def test_titles_figures_pets_and_questions_from_the_thirteenth_rounds_read_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "My daughter has been having needling with you for her back. She just texted me"
            " saying she wants to disappear forever and now she's gone quiet.",
            RedFlag.SELF_HARM,
        ),
        (
            "the bruise on my bum from the needles today is spreading really fast it's gone right"
            " across and it's swollen and tight is that meant to happen",
            RedFlag.BLEEDING,
        ),
        (
            "feel kinda feverish n shivery and the calf where u did needles is red n hot, is that"
            " a thing",
            RedFlag.INFECTION,
        ),
        # Unbearable, told around: the second opinion may not silence it.
        (
            "it's the only position i can bear to lie in, couldn't get my socks on",
            RedFlag.SEVERE_PAIN,
        ),
        # A relative's sign after their own needling stays urgent.
        ("my husband has chest pains since his needling this morning", RedFlag.BREATHING),
        (
            "My husband had needling in his buttock this morning and now his leg is numb from the"
            " knee down and he's struggling to walk. Should I bring him in?",
            RedFlag.NUMBNESS,
        ),
        (
            "Sorry for my english. Today therapist put needle near my shoulder blade, now I cannot"
            " make long breath, it stop in the middle and is sharp.",
            RedFlag.BREATHING,
        ),
        (
            "tingly arm since yday, now its gone up to my shoulder too 😬 normal?? kinda freakin"
            " out",
            RedFlag.NUMBNESS,
        ),
        (
            "ma chest is pure sore the nite, sorta sharp stabby feelin. had the needlin yday. that"
            " normal or nah",
            RedFlag.BREATHING,
        ),
        (
            "Hello, I'm the office manager at Delta Freight. One of our drivers, Harpreet, had dry"
            " needling with you at lunch and now says his right hand is numb and he can't grip the"
            " steering wheel. We've stopped him driving. What should he do?",
            RedFlag.NUMBNESS,
        ),
        (
            "day 3 n my glute is killin me, like proper can't sit or lie down killin me. was meant"
            " to get better after 2 days no?? 😫",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_wordings_from_the_fourteenth_rounds_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "My husband has chest pains and is seeing the GP today, so I might be a bit late.",
        "my colleague just collapsed at work and got taken to A&E so I'm going to be late for my"
        " four o'clock sorry",
        "sorry I can't come today my little lad has a high temperature and a rash and I'm taking"
        " him to the GP",
        "Running 20 minutes late, my collie tore his paw on barbed wire and it was bleeding all"
        " over the yard. The vet has him now.",
        "the bruise hasn't got any bigger since dinner, I measured it",
        "Fainted as kid, fine since",
        "I had a bit of tingling in my fingers during the session but it went as soon as the"
        " needle came out and it's been fine all day",
        "My class were an absolute nightmare today, I'm ready to collapse on the sofa. Shoulder's"
        " grand though.",
        "the match last night was a heart attack waiting to happen we scored in the ninety third"
        " minute I nearly fainted",
        "my boss is giving me chest pains with this new rota honestly but anyway can I keep my"
        " Friday slot",
        "the exam results were so bad I nearly fainted but whatever I'll resit in summer",
        "Hiya, Sian here. My dad had a funny turn on Sunday, went all numb down one side and his"
        " face dropped, so we rang 999 and they said it was a stroke. He's in hospital now and"
        " doing better, bless him. So I won't make my needling on Wednesday. My own shoulder's"
        " fine, actually. Can we rebook for the week after?",
        "My daughter fainted at school today. The nurse thinks she just skipped breakfast and"
        " she's fine now, but I might be a bit late tomorrow.",
        "gran's got a chest infection so im on nursing duty this wk 😩 might b late",
        "omg my bf just sliced his finger open cooking, blood everywhere 😂 hes fine just"
        " dramatic. can i move my appt to wed",
        "Hello madam. My father in the village has chest pain and I am travelling to Kerala"
        " tonight. Please cancel my sessions for two weeks.",
    ],
)
def test_relatives_and_pets_beside_the_patients_own_visit_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "ummm my bum cheek where u needled has like ballooned up n gone purple in an hr?? 😳"
            " is that ok",
            RedFlag.BLEEDING,
        ),
        (
            "honestly cryin with the pain in my back rn, no sleep, is this normal after needles??",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "not gonna lie im done. took a bunch of my pills earlier. prob shouldnt of",
            RedFlag.SELF_HARM,
        ),
    ],
)
def test_red_flags_missed_at_the_fourteenth_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "Nearly fainted at the price 😂",
        "We went to see horror movie, there was so much blood, my wife was screaming whole time.",
        "Hello, reception at Lime Street Salon writing on behalf of our stylist Dee: her little"
        " boy's been taken to hospital with breathing trouble so she needs to cancel today's"
        " session.",
        "took a couple of paracetamol for the soreness",
    ],
)
def test_figures_and_a_colleagues_child_from_the_fourteenth_rounds_read_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "pins n needles all down my leg since monday n its spreadin up to my hip now 😕"
            " normal?",
            RedFlag.NUMBNESS,
        ),
        ("tingling up my arm since yesterday and its spreading now 😬 normal?", RedFlag.NUMBNESS),
        (
            "the one thing I was ever good at is gone. I've been looking up ways to do it online"
            " tonight.",
            RedFlag.SELF_HARM,
        ),
        ("feel like jus disappearin for good fr, no point", RedFlag.SELF_HARM),
        (
            "Neck feels amazing. But I can only breathe in halfway before it pinches under my"
            " shoulder blade, and now I'm a bit breathless just talking. The knot you found is"
            " totally gone though!",
            RedFlag.BREATHING,
        ),
        (
            "the back of my thigh has gone really swollen and the bruise is spreading down"
            " towards my knee as I watch. It was fine leaving the clinic.",
            RedFlag.BLEEDING,
        ),
        (
            "lol i kinda passed out at the bus stop after needling 🙈 feel ok now i think",
            RedFlag.FAINTING,
        ),
        ("i sort of blacked out for a sec after the session but im fine now", RedFlag.FAINTING),
    ],
)
def test_wordings_from_the_fifteenth_rounds_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        # A faint feeling over, after a biscuit or a sit-down.
        "lol had a lil wobble after my appt like went a bit faint but had a biscuit n im grand"
        " now 🍪",
        "was a bit woozy after but had a biscuit n was grand",
        "I felt a bit lightheaded in the car park after yesterday but I sat down for five minutes"
        " and it went and I've been absolutely fine since",
        "Two weeks ago I had the chest pain and I go to hospital, they check the heart,"
        " everything is normal, it was from the muscles. Now I am good.",
        # Someone else's trouble beside the patient's own visit.
        "My daughter fainted at school this morning, so I might need to leave early tomorrow.",
        "my son passed out at football training, might have to leave early on thursday",
        "Hi, this is Sana writing for my father. He can't come today because my mum has a high"
        " fever and he is looking after her.",
        "Writing for my granddad: his wife (my nan) has a bad chest infection so he'll be"
        " staying home to look after her this week.",
        "Texting for my auntie who's your patient. Her grandson's in hospital with breathing"
        " trouble so she's staying with him and won't make Wednesday.",
        "Writing about our foreman's appointment: he can't come in today because his wife's gone"
        " into labour.",
        "My mother in Nairobi has strong pain in the back and she cannot walk. Do you know a good"
        " physiotherapist there?",
        "my sheepdog has a big swelling on her leg that the vet thinks is an abscess, could I"
        " move my slot to the afternoon? My back's been good.",
        "Mate asked me to ask you something. He went to some bloke for needles and now his leg"
        " keeps going numb, he's seeing his GP about it. He wants to know if you're better"
        " qualified.",
        # Figures of speech, titles, screens and stages.
        "Update on the baking competition: my choux collapsed, my custard split. See you"
        " Thursday, shoulder's good.",
        "we're rehearsing a cover of Breathless for the festival so could we do the needling on"
        " Monday",
        "some of those essays made my eyes bleed. Then the choir's doing Numb by Linkin Park for"
        " the concert. The back's been good since you needled it.",
        "hypothetically if i go hard at legs day after needling am i gonna die lol 💀",
        "lowkey passed out on the couch watching netflix after lol, best nap of my life 😴",
        "My office did an escape room, zombie hospital theme, fake blood everywhere, screaming"
        " actors. My manager fainted in the first two minutes (acting). Can I push my session to"
        " the afternoon?",
        "that new season had me screamin n cryin 😭😭 anyway cya tmrw",
        "The price of the parking make me almost faint, haha. Is there cheaper parking?",
        # Read about, or told to watch for, and denied.
        "I've been reading online and there are a lot of scary stories about collapsed lungs from"
        " needling. I'm booked in next Tuesday.",
        "I had a panic reading stuff online last night about collapsed lungs after needling near"
        " the shoulder blade. I'm not short of breath at all, no pain when I take a deep breath.",
        "your colleague said to message if I got any breathlessness after the shoulder blade"
        " work. I haven't, breathing's been completely normal, no pain on deep breaths.",
    ],
)
def test_past_scares_others_trouble_and_figures_from_the_fifteenth_rounds_sets_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        # A capitalised sign before "by" a day is no title.
        (
            "Numb by Friday, still can't feel my thumb properly since the needling",
            RedFlag.NUMBNESS,
        ),
        # Means sought beside a loss is never read as over.
        (
            "lost my job and my pain's gone nowhere. been googling ways to end it",
            RedFlag.SELF_HARM,
        ),
    ],
)
def test_what_the_fifteenth_rounds_fixes_leave_urgent(message, flag):
    assert triage(message, default_model()) == flag


def test_a_sign_said_to_be_gone_later_is_still_over_when_no_knot_is_named():
    """The knot's exception is narrow: the sign itself said to be gone is over."""
    message = (
        "felt a bit breathless walking to the car after the session. sat down for a while."
        " it's completely gone now"
    )
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "day 3 n my back is killin me, like actually, cant get off the sofa. was meant to get"
            " better?? 😩",
            RedFlag.SEVERE_PAIN,
        ),
        ("neck's agony, can't even get out of bed this morning", RedFlag.SEVERE_PAIN),
        (
            "Writing for my mum. Her neck is red and hot where you needled it on Monday, and her"
            " friend says it looks infected. She's fine herself otherwise.",
            RedFlag.INFECTION,
        ),
        ("not dizzy, not faint, just done with everything, no point anymore", RedFlag.SELF_HARM),
    ],
)
def test_wordings_from_the_fifteenth_rounds_later_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "years ago, maybe when I was thirty, I had a panic attack on a plane where I thought I"
        " couldn't breathe, ended up in A&E, it was all fine, nothing since then, but my wife"
        " said I should tell you because you're working near the chest.",
        "When I was pregnant with my youngest, seven years ago now, I had numbness down my leg for"
        " a few months, it went after she was born and I've never had it since.",
        "Receptionist at the care home: Mrs Kennedy's appointment needs to move, one of the other"
        " residents has a chest infection and we're short of drivers.",
        "In my country we say this heat can make a stone faint! Very hot today.",
        "The place of needle is not red, not hot, no liquid. Everything is okay I think.",
        "bf's got the flu n a fever of like 39 lol so im on nurse duty, resched pls?",
        "Hello, my wife is feeling very dizzy and weak today because of her pregnancy. I stay with"
        " her, so I cannot come to treatment.",
        "Hello, this is Jess writing for my nan. Her friend Betty got an infection after her hip"
        " replacement. Nan's fine herself and will see you Thursday.",
        "Could I faint during the session? I'm quite nervous about needles and I'd hate to pass"
        " out.",
        "Writing for my son, 16. He's got a rugby tournament in a fortnight and wants to know"
        " whether needling could leave him weak or bruised for it.",
        "the nursery did a first aid day and I had to play the casualty who'd fainted and wasn't"
        " breathing. Can I book in for next Tuesday?",
        "I had a dream I'd collapsed at work, woke up and checked myself over, but I'm fine: no"
        " dizziness, no tingling, no pain beyond the usual stiffness.",
        "my colleague hurt his back really badly lifting today, he's in agony and I told him about"
        " you, do you take new patients",
        "my lil one has pins n needles in her foot from sittin on it all thru bluey 😂 kids eh",
        "bf cut his finger makin dinner n there's blood everywhere lol 🙄 he's so dramatic, anyway"
        " can i book fri",
        "my training partner tore his pec benching on Saturday, massive bruise all down his arm,"
        " he's seeing a surgeon Monday. Have you got anything Saturday morning?",
        "my mother-in-law has been feeling very dizzy and faint in the mornings, we've booked her"
        " in with the GP. I just wondered if you also treat older people for neck pain.",
        "on behalf of my grandmother: she's on warfarin and would like to know if that would make"
        " her bleed a lot if she tried dry needling.",
        "update from the pub quiz: our team name was 'The Dead Arms' in honour of my shoulder."
        " Shoulder's fine, see you Thursday.",
        "watched that Netflix doc about the guy who blacked out at the bottom of the pool, I"
        " couldn't breathe just watching it. Any chance of a Saturday slot?",
        "what I do if there is bleeding that does not stop? I don't have it, only to be ready.",
    ],
)
def test_past_scares_others_trouble_and_figures_from_the_later_tuning_sets_are_calm(message):
    assert triage(message, default_model()) is None


def test_pins_and_needles_is_no_needling_named():
    """A relative's pins and needles does not make the message about someone needled."""
    message = "my husband has pins and needles in his hand from sleeping on it, can i move my appt"
    assert triage(message, default_model()) is None


def test_a_faint_denied_beside_pride_is_calm_and_despair_beside_denied_signs_is_urgent():
    """Signs denied silence the second opinion's self-harm reading only when the message says
    nothing of the mind; despair said plainly keeps it urgent."""
    assert triage("didnt pass out this time!! 💪 proud of myself lol", default_model()) is None
    despair = "not dizzy, not faint, just done with everything, no point anymore"
    assert triage(despair, default_model()) is RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "yo is it normal to be wheezing n puffing after dry needling?? only walked to the shop"
        " lol. started after my upper back session",
        "is it normal to be short of breath after needling? asking for my mum, it started after"
        " her session",
    ],
)
def test_a_question_whether_a_sign_is_normal_owned_two_clauses_on_is_urgent(message):
    assert triage(message, default_model()) is RedFlag.BREATHING


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("my beard is growing really fast lol", None),
        ("the lawn has grown loads lol, no time to cut it", None),
        ("the bump is growing fast where she needled", RedFlag.BLEEDING),
    ],
)
def test_things_that_grow_as_they_should_are_no_swelling_that_grows(message, expected):
    assert triage(message, default_model()) is expected


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "Hello, my mother she fall down and not answer for little time, after she come from"
            " the needle session. Now she open the eyes but very tired and pale.",
            RedFlag.FAINTING,
        ),
        (
            "the needle place on my neck have blood all the time, I press many minutes but it"
            " come again",
            RedFlag.BLEEDING,
        ),
    ],
)
def test_a_fall_without_answer_and_blood_back_after_pressure_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "lil bruise on my arm, kinda purple, looks worse than it feels tbh",
        "My boss is a real pain in the neck 😂 shame you can't needle that away.",
        "neck pain?",
        "neck pain needling?",
        "pain came back",
        "i pressed on the knot but it came back again",
    ],
)
def test_a_bruise_that_looks_worse_a_nuisance_and_bare_topics_are_calm(message):
    assert triage(message, default_model()) is None


def test_a_bare_topic_of_a_red_flag_is_still_read_by_the_rules():
    assert triage("chest pain?", default_model()) is RedFlag.BREATHING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "Some days I kind of wish I just wouldn't wake up. Is that a weird thing to say here?",
            RedFlag.SELF_HARM,
        ),
        ("every1 wud b better off w/o me. serious this time", RedFlag.SELF_HARM),
        (
            "Today in the shop I lost conscious for short time, my colleague find me on floor."
            " Yesterday I had needling. Is related?",
            RedFlag.FAINTING,
        ),
        (
            "I lost my consciousness for short time in the toilet, one hour after the needles. Is"
            " this danger?",
            RedFlag.FAINTING,
        ),
        (
            "I noticed a swelling on my calf where you needled, and it's gone from a little bump"
            " to the size of a tennis ball in about an hour. Should I come back in?",
            RedFlag.BLEEDING,
        ),
        (
            "the bruise has gone from a small mark to about the size of my palm since lunch",
            RedFlag.BLEEDING,
        ),
    ],
)
def test_red_flags_missed_at_the_fifteenth_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "I went home fine after the hip session. But now there's a swelling on my hip going"
            " up like dough, and it's gone from nothing to the size of a plum since tea.",
            RedFlag.BLEEDING,
        ),
        ("is it normal to black out for a second? happened twice since breakfast", None),
        (
            "Day three and it is ramping up, I'm limping and I had to get my sister to help me"
            " upstairs last night.",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_wordings_from_the_sixteenth_rounds_tuning_sets_are_urgent(message, flag):
    verdict = triage(message, default_model())
    assert verdict is not None
    assert flag is None or verdict == flag


@pytest.mark.parametrize(
    "message",
    [
        "I'm on warfarin and booked in next week, is that going to make me bleed a lot?",
        "Before her first appointment my mum would like to know if the needling makes her feel"
        " faint, can I sit with her?",
        "squat day destroyed me, can't feel my legs haha in a good way",
        "it's so humid on site you can't breathe by lunch. not literally, i'm fine. can I book"
        " for Friday?",
        "there is no weakness in my arm. The tingling you warned about did not come.",
        "nearly fainted when i opened my phone bill lol",
        "Back in 2018 I had a clot after a flight, my GP discharged me years ago. Does that"
        " matter for needling?",
    ],
)
def test_questions_ahead_sayings_and_signs_that_never_came_are_calm(message):
    assert triage(message, default_model()) is None


def test_an_old_history_does_not_hide_a_sign_told_after_a_fine_walk_home():
    # "walked home fine. now there's a swelling": the clauses are read apart, not as "fine now".
    message = (
        "I started blood thinners last month. I walked home fine. Now there's a swelling at the"
        " needle spot that's gone from nothing to the size of an egg."
    )
    assert triage(message, default_model()) is RedFlag.BLEEDING


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "is it normal to be a bit short of breath after the session? walking up to my flat"
            " just now I had to stop halfway",
            RedFlag.BREATHING,
        ),
        (
            "On my shift I got a tight pain across my chest that's come and gone a few times"
            " since. Anyway I'm home now.",
            RedFlag.BREATHING,
        ),
        (
            "My neck after the needling is more painful than before. I cannot turn it, cannot"
            " work.",
            RedFlag.SEVERE_PAIN,
        ),
        (
            "I work with Mr Evans. He had a physio appointment this morning and just collapsed"
            " at his desk. He came round but he's very dizzy.",
            RedFlag.FAINTING,
        ),
    ],
)
def test_wordings_from_the_sixteenth_rounds_later_tuning_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "cant make it tmrw, missus is laid up with flu and a 39 temp",
        "my dog won't stop wheezing, we're at the vets, can we rebook?",
        "m8 fainted at 5 a side lol hes fine now",
        "Writing for my mum, she can't come Monday because Dad's been admitted with chest pain.",
        "my son gets pins and needles in his feet from his new trainers, can your physio have a"
        " look at him",
        "the kids reckoned they'd pass out from the sheer boredom of the school trip",
        "baked a lava cake, chocolate oozing everywhere. can I book Thursday?",
        "our quiz team name was Pins and Needles, we came last",
        "In my twenties I passed out at a blood donation. Never since. Your form asked.",
        "In the eighties I had a cut that got infected, all healed long ago.",
        "One of the players collapsed at our club today, paramedics checked him and he's fine."
        " I'm okay and my knee's been great since the needling.",
    ],
)
def test_others_trouble_sayings_and_old_history_from_the_later_tuning_sets_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("is passing out after needling a thing? i just did", RedFlag.FAINTING),
        (
            "Everything's in order so my son won't have to sort it. I've decided I don't want"
            " to carry on.",
            RedFlag.SELF_HARM,
        ),
        ("honestly itd be easier not 2 wake up tomorrow", RedFlag.SELF_HARM),
        (
            "after the upper back session I couldn't quite get a full breath on the stairs",
            RedFlag.BREATHING,
        ),
        (
            "The ache hasn't eased, if anything it's steadily worse on day four. Should I worry?",
            RedFlag.SEVERE_PAIN,
        ),
    ],
)
def test_wordings_from_the_sixteenth_rounds_latest_sets_are_urgent(message, flag):
    assert triage(message, default_model()) == flag


@pytest.mark.parametrize(
    "message",
    [
        "My wife is having chest pains and they've kept her in for tests, so I won't make Monday.",
        "my father in Lagos is having chest pain and I must fly there tonight, please cancel",
        "my flatmate keeps saying she can't breathe on the stairs and asked me if your clinic"
        " does lung stuff",
        "My neighbour cut his finger and it keeps bleeding, he's asking if you do first aid",
        "my wife's a nurse and came home upset after a patient with chest pain",
        "this show is so good i literally can't breathe 😂",
        "nearly fainted when i saw how cheap the parking was",
        "my shoulder was very painful two days ago but now is much better, almost nothing",
        "at training I had to lie there pretending to be unconscious for an hour",
        "I'm cast as the victim who collapses in act two of our play",
    ],
)
def test_others_trouble_parts_played_and_pain_now_better_are_calm(message):
    assert triage(message, default_model()) is None


def test_if_anything_is_no_condition():
    message = "the soreness hasn't eased, if anything it's steadily worse. should i be concerned?"
    assert triage(message, default_model()) is RedFlag.SEVERE_PAIN


def test_asking_when_to_treat_an_injury_is_no_self_harm():
    message = "is it better to get needled straight after i hurt myself or does timing not matter"
    assert triage(message, default_model()) is None


def test_the_patients_own_back_said_to_be_good_without_my_leaves_a_relatives_cut_theirs():
    message = (
        "My grandad cut his hand on the roses yesterday and it was bleeding everywhere, we got it"
        " bandaged and he's fine. That's why I was late. Back's feeling great by the way."
    )
    assert triage(message, default_model()) is None


def test_a_relative_saying_the_patient_does_not_want_to_go_on_is_urgent():
    message = (
        "This is Ann's son. Mum had her neck done on Monday. She just phoned saying she doesn't"
        " want to go on. Please help."
    )
    assert triage(message, default_model()) is RedFlag.SELF_HARM


@pytest.mark.parametrize(
    "message",
    [
        "I had a chest infection three winters ago and was breathless for weeks, fully recovered.",
        "my gf has a fever and is being dramatic about it, am i ok to still come in?",
        "my neighbour collapsed in the street yesterday, the ambulance came. I'm ok, can I still"
        " have my treatment Friday?",
        "a bit achy where you did the needles, like a dead leg type feeling, but it's already"
        " better than last night",
        "she doesn't want to go on with the sessions, too busy at work",
    ],
)
def test_old_illness_others_trouble_and_a_comparison_getting_better_are_calm(message):
    assert triage(message, default_model()) is None


@pytest.mark.parametrize(
    "message",
    [
        "my sister got her nose pierced and it's all infected and oozing, she won't see a doctor",
        "ugh my gf can't stop bleeding from a shaving cut, such a drama queen",
        "my grandad had a fall and he's got a massive bruise on his hip, he's on warfarin, the"
        " hospital aren't worried",
        "my little girl has an infected cut on her knee with pus, should I take her to the GP?",
    ],
)
def test_a_relatives_sign_with_an_everyday_cause_named_is_theirs(message):
    assert triage(message, default_model()) is None


def test_a_relatives_fall_after_their_session_is_still_urgent():
    message = "my husband had a fall after his session and his leg won't stop bleeding"
    assert triage(message, default_model()) is not None


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        (
            "Nobody listens. I think it would be better if I died, I've decided how.",
            RedFlag.SELF_HARM,
        ),
        (
            "things are dark. last night I sat in the car a long time thinking about not going"
            " home",
            RedFlag.SELF_HARM,
        ),
        (
            "since the session every time I get up the room spins and I'd have gone down if I"
            " hadn't grabbed the table",
            RedFlag.FAINTING,
        ),
    ],
)
def test_red_flags_missed_at_the_sixteenth_rounds_final_read_are_urgent(message, flag):
    assert triage(message, default_model()) == flag
