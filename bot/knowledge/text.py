"""Text handling shared by the ranker and the safety triage: folding, tokens, stems, spelling.

Patients type on phones: lowercase, no apostrophes, emoji, typos. Everything here maps such text
and the article text onto the same plain tokens, so matching can stay a set comparison.

Own code or a library, by measurement (``bench/library_choices.py``; figures in bench/RESULTS.md):

* the stemmer stays hand-written. Snowball English is five to ten times faster per word as
  ``PyStemmer`` (twenty times slower as pure-Python ``snowballstemmer``) and answered better on
  blind8 and blind9, the sets most tuned on, but worse on those least tuned on: blind6 declined
  57 instead of 59 of 70 uncovered questions, blind11 answered one fewer right, declined one
  fewer and gave one more calm message the urgent reply (the triage model's features are stems
  too). The synonym groups, the answer decision and the triage model were all fitted with these
  stems; Snowball behind the irregular-forms table lost the same way. Stems only need to be the
  same on both sides, and at about a microsecond a word this stemmer costs nothing that matters.
* the edit distance is ``rapidfuzz``'s optimal string alignment. It agrees with the hand-written
  code it replaced on all 970 distinct comparisons the three spellers make reading the dev sets
  (equal within the limit, both past it otherwise), about ninety times faster per comparison.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

_APOSTROPHES = re.compile(r"[\u2018\u2019\u201b\u02bc`´']")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b")

# Function words plus the filler of chat messages ("hi", "thanks", "wondering"): they say nothing
# about which passage answers, and leaving them in would make every question look half-covered.
_STOPWORD_TEXT = """
if into onto because since whether per via
a about above again against all also am an and any anyone anything are aren arent as at be
been being below between both but by can cant could couldnt did didnt do does doesnt doing
don dont down each either else even ever every few for from further get gets getting got had
hadnt has hasnt have havent having he her here hers herself him himself his how i id ill im
is isnt it its itself ive just me might more most much must mustnt my myself no nor not now
of off on once only or other ought our ours ourselves out over own same shall she should
shouldnt so some such than that thats the their theirs them themselves then there theres
these they theyre this those through to too under until up upon us very was wasnt we were
werent what whats when where which while who whom why will with wont would wouldnt you youre
your yours yourself yourselves u ur r ya yeah yes yep ok okay okey hi hey hello thanks thank
thx pls please plz wondering wonder wondered question questions quick quickly lol haha hmm
um uh oh really actually basically bit little kind sort like kinda sorta maybe perhaps
probably anyway anyways still something someone somebody thing things stuff guys guy doc
dear sir madam mate know tell say said ask asking asked want wanted wants need needs let
lets go going gonna wanna gotta one ones yet already today tonight yesterday tomorrow
morning evening night think thought way well good great fine sure right bad lot lots exactly
exact tip tips advice hell super massive huge totally pretty quite keep put take takes use
using done etc ever supposed many wat wut hw wht abt bc cuz coz
plus in inside kept ppl sorry apologies kindly regards sincerely cheers greetings
afternoon yo ngl tbh fr idk imo lowkey highkey bro bruh dude omg btw rn tho though w wks hrs
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Words that never say which passage answers: numbers spelt out ("two days") and words about the
# clinic's material itself ("what does your guide say about ..."). They weigh nothing in a
# question, whether or not an article happens to use them.
_IGNORED_TEXT = """
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred half dozen guide guides guideline guidelines article articles leaflet leaflets handout
handouts brochure booklet info information material materials website site page pages blog
resource resources document documents faq says
"""
IGNORED_WORDS = frozenset(_IGNORED_TEXT.split())

# Everyday words that say little about which topic a question is on: "my mum", "a couple of
# months", "will i notice". When the articles never use one, the ranker counts it as a light
# unknown word instead of a heavy one, so chat around a covered question does not make it look
# uncovered. Topic words the articles lack ("alcohol", "insurance") are NOT listed here: they
# stay heavy, and that is how uncovered questions are declined. Keep this list to general
# English; clinic-specific words belong in data/synonyms.toml or data/out_of_scope.toml.
_GENERIC_TEXT = """
come came comes coming went goes make makes made making give gave given see saw seen seeing
look looks looked looking seem seems seemed notice noticed noticing suggest suggested talk
talks talked talking check checked checking mean means meant happen happens happened
happening worry worried worrying try tried trying start started starting call called find
found hear heard read stick sticking stuck poke poked poking calm rid speed combine combined
change changed changing become stay stayed wait waiting hope hoping guess believe understand
explain explained describe remember forget plan manage handle deal cope realise realize
figure end finish begin continue carry bring send show turn leave sit stand lie hold
pull push reach touch pick drop expect expected mention mentioned hate love prefer
tiny small big large whole full real normal normally usual usually typical typically common
weird strange odd funny crazy insane silly nice glad happy sad new old certain possible
likely general main major minor slow fast short early late soon later next previous
always never sometimes honestly seriously literally definitely completely properly
especially generally worth alright fair proper
part parts people person folks home house table bed couch room place time times day days
week weeks month months year years hour hours couple piece side reason idea fact type case
example mum mom mother dad father wife husband partner friend friends sister brother aunt
uncle grandma grandad gran boss colleague coworker lower upper left
son daughter grandson granddaughter grandchild nephew niece neighbour neighbor lady man woman
young elderly receptionist monday tuesday wednesday thursday friday
away along alongside extra step steps true truth called call correct context
told tells telling sent ago till til enough others rough roughly length play playing plays
basic nervous patient patients asks wonders wanted bothering stuff tale tales myth story
neck back shoulder shoulders arm arms leg legs calf calves thigh thighs hamstring hamstrings
quad quads shin shins glute glutes bum butt foot knee knees hip hips elbow wrist ankle hand
hands jaw spine
"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())

_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("fulness", "ful"),
    ("iveness", "ive"),
    ("nesses", ""),
    ("ness", ""),
    ("ments", ""),
    ("ment", ""),
    ("ingly", ""),
    ("edly", ""),
    ("ings", ""),
    ("ing", ""),
    ("ions", ""),
    ("ion", ""),
    ("ied", "y"),
    ("ies", "y"),
    ("ed", ""),
    ("ly", ""),
    ("es", "e"),
    ("s", ""),
)
_VOWELS = frozenset("aeiouy")


# A quoted title is a name, not a sign nor news of the body: "our single's called 'Numb'", "her
# play 'Breathless' opens friday", "we're learning 'There Is Power in the Blood'".
_TITLE = re.compile(
    r"\b(?:called|titled|named|name was|name is|play|song|single|album|film|movie|track|hymn"
    r"|learning|singing"
    r"|sang|sing|did|book|show|musical|opera|piece)\s+['‘\"“][^'’\"”\n]{1,40}['’\"”]",
    re.IGNORECASE,
)


# Titles written without quotes, as capitalised words: "a cover of Breathless", "the choir's
# doing Numb by Linkin Park". Only capitals count, so "a cover of breathless" is left alone,
# and "Numb by Tuesday" is a time, not a band.
_BARE_TITLE = re.compile(
    r"\b(?:[Cc]over of|[Ss]ong|[Ss]ingle|[Tt]rack|[Aa]lbum|[Ff]ilm|[Mm]ovie|[Pp]lay|[Mm]usical"
    r"|[Cc]alled|[Tt]itled|[Nn]amed)\s+[A-Z][\w']*(?:\s+[A-Z][\w']*){0,3}"
    # "our team name was Pins and Needles": a name may join its words with a small one.
    r"|\b[Nn]ame (?:was|is)\s+[A-Z][\w']*(?:\s+(?:(?:and|of|the|in|on|&)\s+)?[A-Z][\w']*){0,3}"
    r"|\b[A-Z][\w']*(?:\s+[A-Z][\w']*){0,3}\s+by\s+(?!(?:Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Christmas|Easter|Dr|Doctor)\b)[A-Z][\w']+(?:\s+[A-Z][\w']+){0,2}"
)


def without_titles(text: str) -> str:
    """``text`` with titles blanked out: quoted ones after a word that names one, and
    capitalised ones after such a word or before "by" and their maker."""
    return _BARE_TITLE.sub(" ", _TITLE.sub(" ", text))


@lru_cache(maxsize=64)
def fold(text: str) -> str:
    """Lowercase ASCII text: accents dropped, apostrophes joined, emoji and punctuation gone.

    Remembered for the latest few texts only: every reader of a message (triage, ranker,
    matcher) folds it and its parts again, but a patient's words are not kept for long."""
    if not text.isascii():  # plain ASCII has no accents to drop (most messages: much faster)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("'", text.casefold())
    text = _POSSESSIVE.sub("", text).replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    return fold(text).split()


def has_words(text: str) -> bool:
    """Whether the text holds any letters we can read (Latin script); emoji-only does not."""
    return any(ch.isalpha() for ch in fold(text))


# Irregular forms a suffix stripper cannot reach: "felt" is "feel", "went" is "go".
_IRREGULAR = {
    "goes": "go",
    "went": "go",
    "gone": "go",
    "felt": "feel",
    "feels": "feel",
    "did": "do",
    "does": "do",
    "done": "do",
    "made": "make",
    "makes": "make",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "came": "come",
    "comes": "come",
    "ran": "run",
    "slept": "sleep",
    "stood": "stand",
    "sat": "sit",
    "bled": "bleed",
    "feet": "foot",
    "people": "person",
    "children": "child",
    "kids": "kid",
    "knees": "knee",
    "calves": "calf",
    "lives": "life",
    "longer": "long",
    "longest": "long",
    "faster": "fast",
    "quicker": "quick",
    "sooner": "soon",
    "stronger": "strong",
    "tighter": "tight",
    "sorer": "sore",
    "stiffer": "stiff",
}


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: consistent on both sides matters more than linguistic truth.

    Remembered per word: a long message is read by the ranker, the triage and the answer
    decision, each stemming the same few dozen words again (a tenth of the answer's time on the
    slowest messages, ``bench/answer_quality.py --latency``)."""
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix):
            base = word[: -len(suffix)] + replacement
            if len(base) < 3 or not _VOWELS.intersection(base):
                continue
            if suffix == "ed" and word.endswith("eed"):
                return word
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return _trim_e(word)
            doubled = len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz"
            if suffix in ("ing", "ed", "ings", "edly", "ingly") and doubled:
                base = base[:-1]
            return _trim_e(base)
    return _trim_e(word)


def _trim_e(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 1}
        found |= frontier
    return found


def allowed_distance(word: str) -> int:
    """Short words tolerate fewer edits: "cost" must not become "post"."""
    if len(word) <= 3:
        return 0
    if len(word) <= 7:
        return 1
    return 2


@dataclass(frozen=True)
class Speller:
    """A SymSpell-style corrector: every word's deletions point back at the word.

    Candidates are ranked by optimal-string-alignment distance (a swap of neighbours costs 1),
    then by how often the vocabulary uses them.

    Lookup costs a handful of dictionary probes, so it stays fast for any vocabulary size.
    """

    counts: Mapping[str, int]
    index: Mapping[str, tuple[str, ...]]
    # Strict: a changed letter must be a neighbouring key or vowel-for-vowel (see _plausible_typo).
    strict: bool = True

    def __post_init__(self) -> None:
        # Corrections already looked up, the most recent _MEMO_SIZE: a message's words are
        # corrected several times over (whole message, each part, the answer decision).
        object.__setattr__(self, "_closest", lru_cache(maxsize=_MEMO_SIZE)(self._closest))

    @classmethod
    def build(cls, vocabulary: Iterable[str], *, strict: bool = True) -> Speller:
        counts: dict[str, int] = {}
        for word in vocabulary:
            if word.isalpha() and len(word) > 3:
                counts[word] = counts.get(word, 0) + 1
        index: dict[str, set[str]] = {}
        for word in counts:
            for variant in _deletes(word, allowed_distance(word)):
                index.setdefault(variant, set()).add(word)
        return cls(counts, {k: tuple(sorted(v)) for k, v in index.items()}, strict)

    def knows(self, word: str) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The closest known word, or None when nothing is close enough to trust."""
        if word in self.counts:
            return word
        return self._closest(word)

    def _closest(self, word: str) -> str | None:
        limit = allowed_distance(word)
        if limit == 0 or not word.isalpha():
            return None
        best: tuple[int, int, str] | None = None
        for variant in _deletes(word, limit):
            for candidate in self.index.get(variant, ()):
                if candidate[0] != word[0] and len(word) < 6:
                    continue
                distance = OSA.distance(word, candidate, score_cutoff=limit)
                if distance > min(limit, allowed_distance(candidate)):
                    continue
                if self.strict and not _plausible_typo(word, candidate):
                    continue
                key = (distance, -self.counts[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


# How many corrections a speller remembers (words; a few megabytes at most).
_MEMO_SIZE = 20_000

_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, set[str]] = {}
for _row, _keys in enumerate(_KEYBOARD):
    for _col, _key in enumerate(_keys):
        near = _NEIGHBOURS.setdefault(_key, set())
        for _other_row in (_row - 1, _row, _row + 1):
            if 0 <= _other_row < len(_KEYBOARD):
                for _shift in (-1, 0, 1):
                    if 0 <= _col + _shift < len(_KEYBOARD[_other_row]):
                        near.add(_KEYBOARD[_other_row][_col + _shift])


# Letters people swap because they sound the same: "mussle" is "muscle", "exersize" "exercise".
_SOUND_ALIKE = frozenset({("s", "c"), ("c", "s"), ("k", "c"), ("c", "k"), ("z", "s"), ("s", "z")})


def _plausible_typo(word: str, candidate: str) -> bool:
    """A changed letter must be a neighbouring key, a vowel for a vowel or a sound-alike.

    Without an English dictionary this is what keeps real words the articles never use from
    being "corrected" into article words: "price" is not a typo of "prick", nor "cost" of "post".
    Dropped, doubled and swapped letters are always plausible.
    """
    if len(word) != len(candidate) or sorted(word) == sorted(candidate):
        return True
    for typed, meant in zip(word, candidate, strict=True):
        if typed == meant:
            continue
        both_vowels = typed in "aeiou" and meant in "aeiou"
        sound_alike = (typed, meant) in _SOUND_ALIKE
        if not both_vowels and not sound_alike and typed not in _NEIGHBOURS.get(meant, set()):
            return False
    return True


# Phone shorthand, spelled out before a message is embedded: the sentence model learned from
# edited text, where "how many sesh till its fixed tho" never appears and "how many sessions
# until it's fixed though" does. Only whole words are replaced, and only ones that mean one
# thing ("r", "u", "b4"); initials are left alone, and "2" and "4" only stand for "to", "too"
# and "for" between words, never before a count's unit (below).
_SHORTHAND = {
    "u": "you",
    "ur": "your",
    "urs": "yours",
    "r": "are",
    "b4": "before",
    "2day": "today",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "tomoz": "tomorrow",
    "2nite": "tonight",
    "tonite": "tonight",
    "nite": "night",
    "wat": "what",
    "wot": "what",
    "hw": "how",
    "wen": "when",
    "whn": "when",
    "shld": "should",
    "shud": "should",
    "cud": "could",
    "cld": "could",
    "wud": "would",
    "wld": "would",
    "sesh": "session",
    "seshes": "sessions",
    "seshs": "sessions",
    "appt": "appointment",
    "appts": "appointments",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "idk": "i don't know",
    "rn": "right now",
    "tho": "though",
    "thru": "through",
    "abt": "about",
    "n": "and",
    "w": "with",
    "w/": "with",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "have to",
    "dunno": "don't know",
    "l8r": "later",
    "gr8": "great",
    "ppl": "people",
    "sth": "something",
    "smth": "something",
    "probs": "probably",
    "def": "definitely",
    "tbh": "to be honest",
    "ngl": "not going to lie",
    "btw": "by the way",
    "rite": "right",
    "gud": "good",
    "luv": "love",
    "bcoz": "because",
    "becoz": "because",
    "ok2": "okay to",
}
_SHORTHAND_WORD = re.compile(
    # Not inside "U.S.", "R&D", "K-pop" or "his w/e".
    r"(?<![\w'’.&/-])(?:"
    + "|".join(sorted(map(re.escape, _SHORTHAND), key=len, reverse=True))
    + r")(?![\w'’&-]|[./]\w)",
    re.IGNORECASE,
)


# "2" and "4" between words are "to" and "for" ("have 2 get", "wait 4 it"), and "2 much" is
# "too much"; before a count's unit ("2 days", "4 sessions") they stay numbers.
_UNITS = (
    r"(?:days?|weeks?|wks?|hours?|hrs?|h|mins?|minutes?|secs?|seconds?|months?|years?|yrs?"
    r"|times?|x|sessions?|seshs?|visits?|appointments?|needles?|kids?|people|of|or|and|to|more"
    r"|kg|km|miles?|cups?|glasses|litres?|liters?|l|pm|am|nights?|goes|rounds?|sets?|reps?|days?)"
)
_TOO = re.compile(r"(?<=[a-z] )2 (?=(?:much|many|long|bad|sore)\b)", re.IGNORECASE)
_TO_FOR = re.compile(rf"(?<=[a-z] )([24]) (?!{_UNITS}\b)(?=[a-z])", re.IGNORECASE)


def spelled_out(text: str) -> str:
    """``text`` with phone shorthand written out in full ("how many sesh tho" -> "how many
    session though"), for the sentence model; everything else is left as typed."""
    text = _TOO.sub("too ", text)
    text = _TO_FOR.sub(lambda m: "to " if m.group(1) == "2" else "for ", text)
    return _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group().lower()], text)
