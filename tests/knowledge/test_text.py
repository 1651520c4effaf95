from bot.knowledge.text import (
    GENERIC_WORDS,
    Speller,
    content_stems,
    fold,
    has_words,
    spelled_out,
    stem,
)


def test_folding_joins_apostrophes_and_drops_accents_emoji_and_punctuation():
    assert fold("Can’t I'm Café 😀 — 10/10!!") == "cant im cafe 10 10"


def test_possessive_s_is_dropped():
    assert fold("yesterday's session") == "yesterday session"


def test_word_forms_share_a_stem():
    assert stem("soreness") == stem("sore")
    assert stem("needles") == stem("needling") == stem("needle")
    assert stem("aching") == stem("ache")
    assert stem("hydration") == stem("hydrate")


def test_content_stems_leave_out_chat_filler():
    assert content_stems("hi, quick question, how long is the soreness?") == ["long", "sor"]


def test_speller_fixes_common_typos_against_the_vocabulary():
    speller = Speller.build(["soreness", "acupuncture", "exercise", "twitch", "stretching"])
    assert speller.correct("sorness") == "soreness"
    assert speller.correct("accupuncture") == "acupuncture"
    assert speller.correct("excercise") == "exercise"
    assert speller.correct("twich") == "twitch"
    assert speller.correct("strecthing") == "stretching"


def test_speller_does_not_turn_real_words_into_article_words():
    speller = Speller.build(["post", "prick", "slower"])
    assert speller.correct("cost") is None
    assert speller.correct("price") is None
    assert speller.correct("shower") is None


def test_text_without_latin_letters_has_no_words():
    assert not has_words("😀👍")
    assert not has_words("   ")
    assert not has_words("привет")
    assert has_words("sore?")


def test_irregular_forms_share_a_stem_with_their_base_word():
    assert stem("felt") == stem("feel") == stem("feels")
    assert stem("goes") == stem("went") == "go"
    assert stem("longer") == stem("long")


def test_everyday_words_are_listed_but_topic_words_are_not():
    assert {"mum", "couple", "weeks", "notice"} <= GENERIC_WORDS
    assert not {"alcohol", "insurance", "shower", "ibuprofen"} & GENERIC_WORDS


def test_speller_accepts_letters_that_sound_alike():
    speller = Speller.build(["muscle", "exercise"])
    assert speller.correct("mussle") == "muscle"
    assert speller.correct("exersize") == "exercise"


def test_body_parts_and_relatives_are_everyday_words():
    # "my dad's neck": who and where rarely say which passage answers.
    assert {"neck", "back", "shoulder", "calves", "daughter", "grandson"} <= GENERIC_WORDS
    assert not {"name", "clinic"} & GENERIC_WORDS


def test_phone_shorthand_is_spelled_out_for_the_sentence_model():
    assert spelled_out("hw many sesh till its fixed tho") == (
        "how many session till its fixed though"
    )
    assert spelled_out("r u ok 2day n tmrw?") == "are you ok today and tomorrow?"
    assert spelled_out("is it ok 2 drive, pain 2 much?") == "is it ok to drive, pain too much?"
    assert spelled_out("had 2 sessions, 4 days apart") == "had 2 sessions, 4 days apart"


def test_initials_numbers_and_words_inside_others_are_left_alone():
    assert spelled_out("U.S. and R&D w/ K-pop, 2 days, 4 weeks") == (
        "U.S. and R&D with K-pop, 2 days, 4 weeks"
    )
    assert spelled_out("urgent run in the rain") == "urgent run in the rain"
