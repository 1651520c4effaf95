"""The one button codec (``bot/telegram/callbacks.py``), checked over every verb of its registry:
every button round-trips at every field bound and at random values within them, no data is
longer than 64 bytes even at maximal values, buttons already in chats are still read, hostile
data reads as nothing — and the real Application answers such a press as an expired button.

This is the one test file that spells callback data out: to pin the formats already sent.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import Messages
from bot.ids import MAX_ID
from bot.storage.repository import Repository
from bot.telegram import callbacks as cb
from bot.telegram.callbacks import (
    EPOCH,
    MAX_BYTES,
    MAX_MINUTE,
    REGISTRY,
    Button,
    CallbackDataError,
    CallbackDataTooLong,
    Choice,
    Code,
    Edge,
    Field,
    Minute,
    Number,
    Registry,
    Verb,
    decode,
    decode_as,
    encode,
    pattern,
)
from tests.fakes import Person, callback_update

PATIENT = 7_600_000_051
VERBS = REGISTRY.verbs
WRITERS = [verb for verb in VERBS if verb.writes]


def _name(verb: Verb) -> str:
    return f"{verb.tag}/{len(verb.fields)}"


# -- what each field may hold -------------------------------------------------------------------


def _values(field: Field[Any]) -> st.SearchStrategy[Any]:
    """Any value the field writes."""
    if isinstance(field, Number):
        return st.integers(field.minimum, field.maximum)
    if isinstance(field, Minute):
        return st.integers(0, MAX_MINUTE).map(lambda m: EPOCH + timedelta(minutes=m))
    if isinstance(field, Code):
        return st.from_regex(field.pattern, fullmatch=True).filter(
            lambda c: len(c) <= field.longest
        )
    if isinstance(field, Choice):
        return st.sampled_from(list(field.tokens.values()))
    if isinstance(field, Edge):
        return st.builds(cb.PageEdge, st.booleans(), st.integers(0, MAX_ID))
    raise AssertionError(f"a field with no strategy: {field!r}")


def _extremes(field: Field[Any]) -> list[Any]:
    """Every bound of the field: its smallest and largest values, or all of a choice."""
    if isinstance(field, Number):
        return [field.minimum, field.maximum]
    if isinstance(field, Minute):
        return [EPOCH, EPOCH + timedelta(minutes=MAX_MINUTE)]
    if isinstance(field, Code):
        return ["ab", "a" * field.longest]
    if isinstance(field, Choice):
        return list(field.tokens.values())
    if isinstance(field, Edge):
        return [cb.PageEdge(True, 0), cb.PageEdge(False, MAX_ID)]
    raise AssertionError(f"a field with no bounds: {field!r}")


def _outside(field: Field[Any]) -> list[Any]:
    """Values just past the field's bounds, or of the wrong type."""
    wrong_type: list[Any] = ["1", 1.0, None]
    if isinstance(field, Number):
        return [field.minimum - 1, field.maximum + 1, True, *wrong_type]
    if isinstance(field, Minute):
        past = EPOCH + timedelta(minutes=MAX_MINUTE + 1)
        return [EPOCH - timedelta(minutes=1), past, past.replace(tzinfo=None), *wrong_type]
    if isinstance(field, Code):
        return ["A", "a:b", "a" * (field.longest + 1), "", 1, None]
    if isinstance(field, Choice):
        return ["not offered", 99, object()]
    if isinstance(field, Edge):
        return [cb.PageEdge(True, -1), cb.PageEdge(False, MAX_ID + 1), None, "a1"]
    raise AssertionError(f"a field with no bounds: {field!r}")


def _build(verb: Verb, values: tuple[Any, ...]) -> Button:
    return verb.kind(**{name: value for (name, _), value in zip(verb.fields, values, strict=True)})


def _longest(field: Field[Any]) -> Any:
    return max(_extremes(field), key=lambda value: len(field.format(value)))


def _widest(verb: Verb) -> Button:
    """The button of ``verb`` with the longest data: each field at its longest value."""
    return _build(verb, tuple(_longest(field) for _, field in verb.fields))


# -- round trips and size -----------------------------------------------------------------------


def test_every_verb_is_registered_once() -> None:
    """19 kinds of button (aftercare 11, clinics and onboarding 5, questions 2, privacy 1),
    and the page turn's older form, read only; ``SENT_BEFORE`` below names each one."""
    assert len(WRITERS) == len({verb.kind for verb in WRITERS}) == 19
    assert [verb.tag for verb in VERBS if not verb.writes] == ["cl:pg"]


@pytest.mark.parametrize("verb", VERBS, ids=_name)
@given(data=st.data())
@settings(max_examples=80, database=None, derandomize=True, deadline=None)
def test_any_button_round_trips(verb: Verb, data: st.DataObject) -> None:
    values = data.draw(st.tuples(*(_values(f) for _, f in verb.fields)))
    button = _build(verb, values)
    written = encode(button) if verb.writes else verb.write(button)
    assert decode(written) == button
    assert len(written.encode()) <= MAX_BYTES


@pytest.mark.parametrize("verb", VERBS, ids=_name)
def test_every_field_bound_round_trips_and_the_widest_data_fits(verb: Verb) -> None:
    longest = len(verb.tag)
    for values in itertools.product(*(_extremes(f) for _, f in verb.fields)):
        button = _build(verb, values)
        written = verb.write(button)
        assert decode(written) == button, written
        longest = max(longest, len(written.encode()))
    assert len(verb.write(_widest(verb)).encode()) == longest == verb.widest <= MAX_BYTES


@pytest.mark.parametrize("verb", WRITERS, ids=_name)
def test_a_value_past_a_bound_is_refused_with_a_named_error(verb: Verb) -> None:
    widest = _widest(verb)
    for name, field in verb.fields:
        for bad in _outside(field):
            with pytest.raises(CallbackDataError):
                encode(dataclasses.replace(widest, **{name: bad}))


def test_a_time_is_written_to_the_minute() -> None:
    at = EPOCH + timedelta(days=2345, minutes=7, seconds=59, microseconds=1)
    assert decode(encode(cb.SessionHour(at))) == cb.SessionHour(
        at.replace(second=0, microsecond=0)
    )


def test_the_older_page_turn_is_read_but_never_written() -> None:
    assert decode("cl:pg:3") == cb.PageTurn(3)
    with pytest.raises(CallbackDataError):
        encode(cb.PageTurn(3))


# -- buttons already in chats ---------------------------------------------------------------------

MINUTE = EPOCH + timedelta(minutes=int("a1b2c", 36))

#: Data the bot has sent before this codec (and still sends): a deploy must not break them.
SENT_BEFORE: dict[str, Button] = {
    "a1:sw:m": cb.SessionWhen(cb.When.MENU),
    "a1:sw:n": cb.SessionWhen(cb.When.NOW),
    "a1:sw:e": cb.SessionWhen(cb.When.EARLIER),
    "a1:sw:y": cb.SessionWhen(cb.When.YESTERDAY),
    "a1:sw:t": cb.SessionWhen(cb.When.TYPED),
    "a1:sh:a1b2c": cb.SessionHour(MINUTE),
    "a1:ar:a1b2c:lower_back": cb.SessionArea(MINUTE, "lower_back"),
    "a1:ck:21i3v9:10": cb.CheckinScore(123_456_789, 10),
    "a1:ck:21i3v9:0": cb.CheckinScore(123_456_789, 0),
    "a1:ck:z:s": cb.CheckinScore(35, None),
    "a1:br:z:y": cb.BreathingAnswer(35, trouble=True),
    "a1:br:z:n": cb.BreathingAnswer(35, trouble=False),
    "a1:rd:z:d": cb.RoutineAnswer(35, done=True),
    "a1:rd:z:z": cb.RoutineAnswer(35, done=False),
    "a1:op:y": cb.ReminderConsent(agreed=True),
    "a1:op:n": cb.ReminderConsent(agreed=False),
    "a1:tz:k": cb.KeepTimeZone(),
    "a1:qh:2108": cb.QuietHoursPreset("2108"),
    "a1:qh:off": cb.QuietHoursPreset("off"),
    "a1:rk:stretch": cb.ToggleKind("stretch"),
    "a1:rs:p1": cb.ChangeReminders(cb.ReminderChange.PAUSE_1),
    "a1:rs:p7": cb.ChangeReminders(cb.ReminderChange.PAUSE_7),
    "a1:rs:re": cb.ChangeReminders(cb.ReminderChange.RESUME),
    "a1:rs:st": cb.ChangeReminders(cb.ReminderChange.STOP),
    "ob:join": cb.JoinClinic(join=True),
    "ob:skip": cb.JoinClinic(join=False),
    "pv:del:yes": cb.ConfirmDelete(erase=True),
    "pv:del:no": cb.ConfirmDelete(erase=False),
    "cl:inv:1": cb.NewInvite(multi_use=False),
    "cl:inv:n": cb.NewInvite(multi_use=True),
    "cl:ah:42": cb.MarkAlertHandled(42),
    "cl:rv:7": cb.RevokeInvite(7),
    "cl:pg:3:a42": cb.PageTurn(3, cb.PageEdge(forward=True, patient_id=42)),
    "cl:pg:2:b9": cb.PageTurn(2, cb.PageEdge(forward=False, patient_id=9)),
    "qa:ask:5": cb.AskClinic(cb.AskStep.SHOW, 5),
    "qa:send:5": cb.AskClinic(cb.AskStep.SEND, 5),
    "qa:no:5": cb.AskClinic(cb.AskStep.CANCEL, 5),
    "qs:r:9": cb.StaffQuestion(cb.StaffStep.REPLY, 9),
    "qs:k:9": cb.StaffQuestion(cb.StaffStep.KEEP, 9),
}


@pytest.mark.parametrize(("data", "button"), SENT_BEFORE.items())
def test_buttons_already_in_chats_read_and_write_as_before(data: str, button: Button) -> None:
    assert decode(data) == button
    assert encode(button) == data


def test_every_verb_that_writes_has_a_button_already_in_chats() -> None:
    assert {type(b) for b in SENT_BEFORE.values()} == {verb.kind for verb in WRITERS}


# -- hostile data -------------------------------------------------------------------------------


def _mutations(verb: Verb) -> list[str]:
    """Data a forged press could carry that is almost this verb's."""
    data = verb.write(_widest(verb))
    tokens = data.removeprefix(verb.tag).split(":")[1:]
    out = [data + ":", data + ":1", data + "\n", data + " ", " " + data, data.upper()]
    out += ["zz" + data[2:], data.replace(":", "::", 1), data.replace(":", ";"), data[:-1] + "²"]
    if tokens and not any(v.tag == verb.tag and len(v.fields) == len(tokens) - 1 for v in VERBS):
        out.append(data.rsplit(":", 1)[0])  # a field missing
    for index, ((_, field), token) in enumerate(zip(verb.fields, tokens, strict=True)):
        bad = ["", "²", "٣", "１", "1_0", "9" * 20, "0" + token, "-" + token, "+" + token]
        bad += [" " + token, token + "\n", token.upper() + "Z"]
        if not isinstance(field, Code):
            bad.append("z" * 14)  # a number past MAX_ID in base 36 (but a fine area code)
        for other in bad:
            out.append(":".join((verb.tag, *tokens[:index], other, *tokens[index + 1 :])))

    return [d for d in out if d != data]


HOSTILE = sorted(
    {
        *(d for verb in VERBS for d in _mutations(verb)),
        "",
        ":",
        "a1",
        "a1:",
        "cl",
        "x" * (MAX_BYTES + 1),
        "a1:ck:1:" + "1" * (MAX_BYTES - 7),
        "a1:sh:zzzzzzzz",  # minutes past 2200: overflowed datetime before strict bounds
        "a1:ar:zzzzzzzz:neck",
        "a1:ck:01:3",
        "a1:ar:1:Neck",
        "cl:ah:٣",
        "cl:ah:99999999999999999999",
        "cl:pg:0:a1",
        "cl:pg:1000000",
        "cl:rv:-1",
        "ob:join:" + "9" * 56,
        "garbage::data",
        "<b>&",
    }
)


def test_hostile_data_decodes_to_nothing() -> None:
    assert len(HOSTILE) > 400
    read = {data: decode(data) for data in HOSTILE}
    assert {data: b for data, b in read.items() if b is not None} == {}


@pytest.mark.parametrize("data", [None, 42, b"a1:op:y", ["a1:op:y"]])
def test_data_that_is_not_text_decodes_to_nothing(data: object) -> None:
    assert decode(data) is None
    assert not pattern(cb.ReminderConsent)(data)


async def test_a_press_of_hostile_data_is_answered_and_changes_nothing(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    """Through the real Application: no handler claims it, the catch-all answers it (the
    client stops spinning), nothing is said in the chat and nothing is stored."""
    patient = person(PATIENT)
    welcome = (await patient.command("start")).only(PATIENT)
    before = {table: repo.db[table].count for table in repo.db.table_names()}
    expired = messages.text("input.stale_button")
    for data in HOSTILE:
        sent = await patient.press(data, message_id=welcome.message_id)
        assert [a.params.get("text") for a in sent.answers] == [expired], repr(data)
        assert sent.to(PATIENT) == [], repr(data)
    after = {table: repo.db[table].count for table in repo.db.table_names()}
    assert after == before


# -- patterns and the registry's rules ----------------------------------------------------------


def test_a_pattern_takes_only_data_of_its_kinds() -> None:
    consent = pattern(cb.ReminderConsent)
    assert consent(encode(cb.ReminderConsent(agreed=True)))
    assert not consent(encode(cb.KeepTimeZone()))
    assert not consent("a1:op:x")
    both = pattern(cb.SessionWhen, cb.SessionHour)
    assert both(encode(cb.SessionHour(EPOCH))) and both(encode(cb.SessionWhen(cb.When.NOW)))
    assert decode_as(cb.SessionHour, encode(cb.SessionWhen(cb.When.NOW))) is None


@dataclass(frozen=True)
class _Probe(Button):
    number: int


@dataclass(frozen=True)
class _Other(Button):
    number: int


def test_the_registry_refuses_verbs_that_could_be_confused_or_not_fit() -> None:
    registry = Registry()
    registry.add(Verb("t:a", _Probe, (("number", Number()),)))
    confusing = [
        Verb("t", _Other, (("number", Number()),)),  # a tag that starts another
        Verb("t:a:b", _Other, (("number", Number()),)),
        Verb("t:a", _Other, (("number", Number()),)),  # the same wire twice
        Verb("u", _Probe, (("number", Number()),)),  # a second writer of one kind
        Verb("v", _Other, (("count", Number()),)),  # a field the kind does not have
        Verb("w", _Other, ()),  # a field of the kind not written
        Verb("x::y", _Other, (("number", Number()),)),
    ]
    for verb in confusing:
        with pytest.raises(CallbackDataError):
            registry.add(verb)
    with pytest.raises(CallbackDataTooLong):
        registry.add(Verb("w" * 45, _Other, (("number", Number()),)))
    with pytest.raises(CallbackDataError):
        registry.pattern(_Other)
    with pytest.raises(CallbackDataError):
        registry.encode(_Other(1))
    with pytest.raises(CallbackDataError):
        Choice({"a:b": 1})
    with pytest.raises(CallbackDataError):
        Number(base=16)


async def test_a_press_by_someone_who_is_no_patient_is_answered_and_changes_nothing(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    """A well-formed button pressed by a bot account (no patient behind it) still gets its
    answer: nothing is left spinning."""
    patient = person(PATIENT)
    update = callback_update(PATIENT, encode(cb.SessionWhen(cb.When.NOW)), message_id=1)
    update["callback_query"]["from"]["is_bot"] = True
    sent = await patient.send(update)
    assert [a.params.get("text") for a in sent.answers] == [messages.text("input.stale_button")]
    assert sent.to(PATIENT) == [] and repo.db["patients"].count == 0
