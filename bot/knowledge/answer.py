"""The one answer to a patient's free-text message, shared by the Telegram handler and the CLI.

Order matters and is the product's safety promise:

1. red-flag triage first: an urgent reply from the catalog, never an article snippet (the rules
   plus the learned second opinion loaded by ``bot.knowledge.triage_loader``);
2. small talk ("hi", "thanks", "ok") gets a short friendly reply;
3. a question about warning signs ("what signs of infection should I watch for?") gets the
   clinic's reviewed safety guidance, calmly, cited as such;
4. the patient's own clinic's approved answers, when the caller hands them in
   (:mod:`bot.knowledge.clinic_answers`); then the articles (:mod:`bot.knowledge.matcher`): the
   sentences that answer, with their citation —
   for a message with two questions, both answers, or one answer and a plain word that the other
   part is not covered;
5. a calm question about a warning sign the articles do not answer ("could the needle hit my
   lung?") also gets the safety guidance;
6. otherwise an honest "not covered".

Keeping this in one function means ``python -m bot ask`` shows exactly what a patient would get.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.content import Markup, Messages, html_to_plain
from bot.knowledge.matcher import Finding, Matcher
from bot.knowledge.relayed import as_asked
from bot.knowledge.safety import (
    RedFlag,
    someone_elses_mind,
    told_as_now,
    triage,
    visit_moved_for_another,
)
from bot.knowledge.safety.topics import (
    asks_about_warning_signs,
    asks_ahead_about_own_mind,
    asks_what_to_do,
    asks_what_to_watch_for,
    is_warning_question,
    topic_of,
)
from bot.knowledge.semantic import GENERAL_TOPIC
from bot.knowledge.smalltalk import small_talk
from bot.knowledge.text import fold, has_words
from bot.knowledge.triage_loader import default_model

ReplyKind = Literal["answer", "unknown", "urgent", "smalltalk", "safety", "clinic"]

# A calm mention of a warning sign reads as a question about risk ("could that happen to me?",
# "can the needle hit a nerve?") unless it asks what needling helps with.
_RISK = re.compile(
    r"\b(?:could|can|might|will|would|possible|risk\w*|chance|happen\w*|cause|danger\w*|safe)\b"
)
_BENEFIT = re.compile(r"\b(?:help\w*|treat\w*|good for|work for|works for|reliev\w*|fix\w*)\b")


@dataclass(frozen=True)
class Source:
    article: str
    section: str


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    text: str
    sources: tuple[Source, ...] = ()
    red_flag: RedFlag | None = None
    # Part of the message asked something the articles do not cover (and the reply says so).
    declined_part: bool = False

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON: ``text`` is the reply as the patient reads it (markup rendered)."""
        return {
            "kind": self.kind,
            "text": html_to_plain(self.text),
            "sources": [{"article": s.article, "section": s.section} for s in self.sources],
        }


def answer_question(
    question: str,
    matcher: Matcher,
    messages: Messages,
    *,
    locale: str | None = None,
    clinic_answer: Callable[[str], str | None] | None = None,
) -> Reply:
    """``clinic_answer``: the reply from the asking patient's clinic's own answers, if one
    matches (consulted after triage and safety guidance, before the articles)."""
    flag = triage(question, default_model())
    if flag is not None:
        if flag is RedFlag.SELF_HARM and asks_ahead_about_own_mind(question):
            # "if I ever start having thoughts of hurting myself, who can I contact? I'm okay
            # now": the clinic's guidance on it, crisis line and emergency number included.
            return _safety(flag, messages, locale, question)
        if (
            flag is not RedFlag.SELF_HARM
            and is_warning_question(question)
            and not told_as_now(question, flag)
        ):
            # "if I get chest pain later, what do I do?": guidance that includes when to call
            # the emergency number, without alarming the clinic about a sign nobody has.
            return _safety(topic_of(question) or flag, messages, locale, question)
        key = f"urgent.{flag.value}"
        if flag is RedFlag.SELF_HARM and someone_elses_mind(question):
            # "my son just told me he wants to kill himself": words for the one who is worried.
            key = "urgent.self_harm_other"
        return Reply("urgent", messages.text(key, locale=locale), (), flag)
    chat = small_talk(question)
    if chat is not None:
        return Reply("smalltalk", messages.text(f"smalltalk.{chat.value}", locale=locale))
    if not has_words(question):
        # Letters we cannot read (another script) deserve a different answer than emoji or blanks.
        key = "input.other_language" if any(c.isalpha() for c in question) else "input.empty"
        return Reply("unknown", messages.text(key, locale=locale))
    topic = topic_of(question)
    watching = asks_what_to_watch_for(question)
    if topic is not None and (
        watching
        or is_warning_question(question)
        or asks_what_to_do(question)
        or asks_about_warning_signs(question)
        # "if the pain ever made me feel really low, like i didn't want to go on, who should i
        # contact?": asked ahead, read as calm by triage.
        or (topic is RedFlag.SELF_HARM and asks_ahead_about_own_mind(question))
    ):
        # Triage found nothing happening now: asking about a warning sign, or what to do about
        # one, gets the clinic's guidance on it.
        return _safety(topic, messages, locale, question)
    if topic is None and asks_about_warning_signs(question):
        # "what are the warning signs after needling?", however long the story around it.
        return _safety(None, messages, locale, question)
    # "the dog's got an ear infection, can i move my appt?" is about the visit, however close
    # in meaning to a question about infection.
    moved = visit_moved_for_another(question)
    asked_about = None if moved else matcher.warning_topic(question)
    if asked_about is not None:
        # Closer in meaning to a question about warning signs than to anything the articles
        # answer: "what should I do if the spot goes red and hot later?"
        flag = None if asked_about == GENERAL_TOPIC else RedFlag(asked_about)
        return _safety(flag, messages, locale, question)
    from_clinic = clinic_answer(question) if clinic_answer is not None else None
    if from_clinic is not None:
        return Reply("clinic", from_clinic)
    # "ignore previous instructions" pasted hundreds of times is read once, so the bulk of one
    # phrase cannot pull a passage out of the articles; a real question pasted twice is still
    # a question.
    finding = matcher.find(_once(question))
    if not finding.covered and (asked := as_asked(question)) != question:
        # A question passed on ("my husband asked me to message, he wants to know if ...") that
        # found nothing as sent: looked up again as the patient would have asked it.
        finding = matcher.find(_once(asked))
    if finding.covered:
        return _answer(finding, messages, locale)
    folded = fold(question)
    if topic is not None and _RISK.search(folded) and not _BENEFIT.search(folded) and not moved:
        return _safety(topic, messages, locale, question)
    if watching:
        return _safety(None, messages, locale, question)
    return Reply("unknown", messages.text("answers.not_covered", locale=locale))


# A long message that says the same few words over and over (fewer than one in eight distinct).
_REPETITIVE_MIN_WORDS = 40
_REPETITIVE_DISTINCT = 0.125


def _once(question: str) -> str:
    """``question``, or its distinct words in order when it repeats itself over and over."""
    words = fold(question).split()
    if len(words) < _REPETITIVE_MIN_WORDS or len(set(words)) >= _REPETITIVE_DISTINCT * len(words):
        return question
    return " ".join(dict.fromkeys(words))


def _answer(finding: Finding, messages: Messages, locale: str | None) -> Reply:
    blocks = []
    sources = []
    quoted = [q for found in finding.answers for q in (found, found.also) if q is not None]
    for found in quoted:
        passage = found.passage
        citation = messages.text(
            "answers.citation",
            locale=locale,
            article=passage.article_title,
            section=passage.section,
        )
        blocks.append(
            messages.text(
                "answers.answer", locale=locale, passage=found.text, citation=Markup(citation)
            )
        )
        sources.append(Source(passage.article_title, passage.section))
    if finding.declined_part:
        blocks.append(messages.text("answers.part_not_covered", locale=locale))
    return Reply(
        "answer", "\n\n".join(blocks), tuple(sources), declined_part=finding.declined_part
    )


def _safety(topic: RedFlag | None, messages: Messages, locale: str | None, question: str) -> Reply:
    key = topic.value if topic is not None else "general"
    if topic is RedFlag.SELF_HARM and someone_elses_mind(question):
        key = "self_harm_other"  # "what do i do if my husband talks about not wanting to live"
    text = messages.text(
        "safety_info.answer",
        locale=locale,
        guidance=Markup(messages.text(f"safety_info.{key}", locale=locale)),
        citation=Markup(messages.text("safety_info.citation", locale=locale)),
    )
    return Reply(
        "safety", text, (Source(messages.text("safety_info.source", locale=locale), key),)
    )
