"""One codec for the data behind every inline button of every feature.

Telegram hands a button's callback data back verbatim when it is pressed, and a hostile client
can send any data at all (up to 64 bytes) with a forged press. So the data only *names* an
action and an object, and it is read strictly. Each kind of button is a small frozen dataclass
(``CheckinScore(reminder_id=42, score=3)``) registered below with its tag and typed fields, in
the order they are written:

* ``encode(button)`` writes the data (``a1:ck:16:3``) or raises ``CallbackDataError``: a value
  outside its field's bounds, a choice not offered, or more than 64 bytes
  (``CallbackDataTooLong``; registration already refuses a kind whose widest data would be);
* ``decode(data)`` reads it back, or gives None for anything ``encode`` could not have written:
  an unknown tag, a field missing or extra, a number in another spelling (``007``, ``٣``, ``²``)
  or out of bounds, a choice not offered, more than 64 bytes;
* ``pattern(kind)`` is the ``CallbackQueryHandler`` pattern (PTB calls it with the data) of one
  kind, so data that does not decode reaches no flow: the catch-all answers it as a button that
  no longer works (``bot.telegram.fallbacks``), and no press is left spinning.

The wire formats are the ones the bot has always sent (``a1:…`` aftercare, ``cl:``/``ob:`` the
clinic and onboarding flows, ``pv:`` privacy, ``qa:``/``qs:`` questions to the clinic), so
buttons already sitting in patients' and staff's chats keep working after a deploy; an older
form still in chats is read as a ``legacy`` verb and never written again. Numbers are read
with the bot's one strict rule (``bot.ids``). The data never carries authority: handlers look
the presser up again and check the object is theirs.

A rule module: no Telegram, no SQLite. Keyboards put ``encode``'s data on buttons; handlers
read a press back with ``bot.telegram.fallbacks.pressed``.
"""

from __future__ import annotations

import dataclasses
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from re import Pattern
from typing import Any, Generic, TypeVar

from bot.aftercare.plan import AREA_CODE, KINDS
from bot.ids import MAX_ID, parse_base36, parse_number

#: Telegram's limit for a button's callback data.
MAX_BYTES = 64
SEPARATOR = ":"

T = TypeVar("T")
E = TypeVar("E", bound=Enum)
B = TypeVar("B", bound="Button")


class CallbackDataError(ValueError):
    """A button the codec cannot write: a value outside its field, a kind nobody registered,
    or a registration that would make data ambiguous."""


class CallbackDataTooLong(CallbackDataError):
    """Data over 64 bytes: Telegram would refuse the whole message (``BUTTON_DATA_INVALID``)."""


class _Refused(Exception):
    """A token a field does not read; ``decode`` turns it into None."""


# -- fields --------------------------------------------------------------------------------------


class Field(ABC, Generic[T]):
    """One typed part of the data, between separators: one spelling per value."""

    @abstractmethod
    def parse(self, token: str) -> T:
        """The value ``token`` names; raises ``_Refused`` for anything else."""

    @abstractmethod
    def format(self, value: T) -> str:
        """The token for ``value`` (may raise ``TypeError``/``ValueError``/``KeyError``)."""

    @property
    @abstractmethod
    def widest(self) -> int:
        """The longest token this field writes (the 64-byte check at registration)."""

    def read(self, token: str) -> T:
        value = self.parse(token)
        if self.format(value) != token:  # "007" is not 7's spelling: not our data
            raise _Refused(token)
        return value

    def write(self, value: T) -> str:
        try:
            token = self.format(value)
            self.parse(token)
        except (_Refused, TypeError, ValueError, KeyError) as exc:
            raise CallbackDataError(f"{value!r} is not a value of {self!r}") from exc
        return token


def _whole_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not a whole number: {value!r}")
    return value


def base36(number: int) -> str:
    """``number`` in base 36, lower case (long ids and times written short)."""
    if number < 0:
        raise ValueError("only non-negative numbers")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


@dataclass(frozen=True)
class Number(Field[int]):
    """A whole number within bounds, in ASCII digits (``bot.ids.parse_number``) or, written
    short, in base 36 (``bot.ids.parse_base36``)."""

    minimum: int = 0
    maximum: int = MAX_ID
    base: int = 10

    def __post_init__(self) -> None:
        if self.base not in (10, 36):
            raise CallbackDataError(f"numbers are written in base 10 or 36, not {self.base}")

    def parse(self, token: str) -> int:
        read = parse_number if self.base == 10 else parse_base36
        number = read(token, minimum=self.minimum, maximum=self.maximum)
        if number is None:
            raise _Refused(token)
        return number

    def format(self, value: int) -> str:
        number = _whole_number(value)
        return str(number) if self.base == 10 else base36(number)

    @property
    def widest(self) -> int:
        return len(self.format(self.maximum))


#: A time on a button is whole minutes since 2020 (UTC), in base 36.
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
#: Past 2200 a time is forged (and a big enough one would overflow ``datetime``).
MAX_MINUTE = int((datetime(2200, 1, 1, tzinfo=UTC) - EPOCH).total_seconds() // 60)


@dataclass(frozen=True)
class Minute(Field[datetime]):
    """An aware time, to the minute (seconds are dropped when written)."""

    def parse(self, token: str) -> datetime:
        minutes = parse_base36(token, maximum=MAX_MINUTE)
        if minutes is None:
            raise _Refused(token)
        return EPOCH + timedelta(minutes=minutes)

    def format(self, value: datetime) -> str:
        return base36(int((value - EPOCH).total_seconds() // 60))

    @property
    def widest(self) -> int:
        return len(base36(MAX_MINUTE))


@dataclass(frozen=True)
class Code(Field[str]):
    """A short code spelled exactly as ``pattern`` says (an area of the plan)."""

    pattern: Pattern[str]
    longest: int

    def parse(self, token: str) -> str:
        if len(token) > self.longest or not self.pattern.fullmatch(token):
            raise _Refused(token)
        return token

    def format(self, value: str) -> str:
        if not isinstance(value, str):
            raise TypeError(f"not a code: {value!r}")
        return value

    @property
    def widest(self) -> int:
        return self.longest


class Choice(Field[T]):
    """One of a few values, each with its own token (``{"y": True, "n": False}``)."""

    def __init__(self, tokens: Mapping[str, T]) -> None:
        if not tokens or any(not t or SEPARATOR in t or not t.isascii() for t in tokens):
            raise CallbackDataError(f"choice tokens must be short plain text: {list(tokens)}")
        self.tokens = dict(tokens)
        # Keyed by type too: True == 1 and hash(True) == hash(1), but they are different values.
        self._by_value = {(type(v), v): t for t, v in self.tokens.items()}

    @classmethod
    def of(cls, *tokens: str) -> Choice[str]:
        """Each token stands for itself."""
        return Choice({t: t for t in tokens})

    @classmethod
    def enum(cls, members: type[E]) -> Choice[E]:
        """An Enum whose values are the tokens."""
        return Choice({m.value: m for m in members})

    def parse(self, token: str) -> T:
        if token not in self.tokens:
            raise _Refused(token)
        return self.tokens[token]

    def format(self, value: T) -> str:
        return self._by_value[(type(value), value)]

    @property
    def widest(self) -> int:
        return max(len(t) for t in self.tokens)

    def __repr__(self) -> str:
        return f"Choice({sorted(self.tokens)})"


# -- verbs and the registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    """What a button means. Each subclass is registered with its tag and fields (``@verb``)."""


@dataclass(frozen=True)
class Verb:
    """One kind of button on the wire: ``tag:field:field…``.

    ``writes``: False for an older form still in chats, read (into the same kind, the missing
    fields at their defaults) and never written again.
    """

    tag: str
    kind: type[Button]
    fields: tuple[tuple[str, Field[Any]], ...]
    writes: bool = True

    @property
    def widest(self) -> int:
        """The length of the longest data this verb can write (ASCII: bytes = characters)."""
        return len(self.tag) + sum(len(SEPARATOR) + f.widest for _, f in self.fields)

    def read(self, tokens: list[str]) -> Button:
        values = {
            name: field.read(token)
            for (name, field), token in zip(self.fields, tokens, strict=True)
        }
        return self.kind(**values)

    def write(self, button: Button) -> str:
        tokens = [field.write(getattr(button, name)) for name, field in self.fields]
        return SEPARATOR.join((self.tag, *tokens))


class Registry:
    """Every verb the bot reads or writes, and the one way to read and write them."""

    def __init__(self) -> None:
        self._by_wire: dict[tuple[str, int], Verb] = {}
        self._writers: dict[type[Button], Verb] = {}
        self._tag_parts = 1
        # A press is tried against each handler's pattern in turn, and a check-in's data is
        # decoded a dozen times: the answers are kept (buttons are immutable; hostile data
        # only churns a bounded cache).
        self._read = functools.lru_cache(maxsize=1024)(self._read_text)

    @property
    def verbs(self) -> tuple[Verb, ...]:
        return tuple(self._by_wire.values())

    def add(self, verb: Verb) -> None:
        """Register ``verb``; refuses one that could be confused with another or not fit."""
        self._check(verb)
        self._by_wire[(verb.tag, len(verb.fields))] = verb
        if verb.writes:
            self._writers[verb.kind] = verb
        self._tag_parts = max(self._tag_parts, len(verb.tag.split(SEPARATOR)))
        self._read.cache_clear()

    def _check(self, verb: Verb) -> None:
        parts = verb.tag.split(SEPARATOR)
        if not verb.tag.isascii() or not all(parts):
            raise CallbackDataError(f"a tag is plain text between separators: {verb.tag!r}")
        names = [name for name, _ in verb.fields]
        settable = [f.name for f in dataclasses.fields(verb.kind) if f.init]
        if not set(names) <= set(settable) or (verb.writes and sorted(names) != sorted(settable)):
            raise CallbackDataError(f"{verb.tag}: fields {names} do not match {settable}")
        if (verb.tag, len(names)) in self._by_wire or (verb.writes and verb.kind in self._writers):
            raise CallbackDataError(f"{verb.tag}: registered twice")
        for other in self._by_wire.values():
            theirs = other.tag.split(SEPARATOR)
            shorter = min(len(parts), len(theirs))
            if other.tag != verb.tag and parts[:shorter] == theirs[:shorter]:
                raise CallbackDataError(f"{verb.tag} and {other.tag}: one tag starts the other")
        if verb.widest > MAX_BYTES:
            raise CallbackDataTooLong(f"{verb.tag}: up to {verb.widest} bytes")

    def encode(self, button: Button) -> str:
        verb = self._writers.get(type(button))
        if verb is None:
            raise CallbackDataError(f"no verb writes {type(button).__name__}")
        data = verb.write(button)
        if len(data.encode()) > MAX_BYTES:
            raise CallbackDataTooLong(f"{verb.tag}: {len(data.encode())} bytes")
        return data

    def decode(self, data: object) -> Button | None:
        """The button ``data`` names, or None for anything ``encode`` could not have written."""
        return self._read(data) if isinstance(data, str) else None

    def _read_text(self, data: str) -> Button | None:
        if not 0 < len(data) <= MAX_BYTES or not data.isascii():
            return None
        parts = data.split(SEPARATOR)
        # Tags never start one another, so at most one cut finds a verb.
        for cut in range(1, min(len(parts), self._tag_parts) + 1):
            verb = self._by_wire.get((SEPARATOR.join(parts[:cut]), len(parts) - cut))
            if verb is not None:
                try:
                    return verb.read(parts[cut:])
                except (_Refused, ValueError, TypeError, ArithmeticError):
                    return None  # hostile data never raises out of a handler's pattern
        return None

    def pattern(self, *kinds: type[Button]) -> Callable[[object], bool]:
        """A ``CallbackQueryHandler`` pattern: data that decodes to one of ``kinds``."""
        known = {verb.kind for verb in self._by_wire.values()}
        unknown = [kind.__name__ for kind in kinds if kind not in known]
        if unknown or not kinds:
            raise CallbackDataError(f"not registered: {unknown}")

        def matches(data: object) -> bool:
            return isinstance(self.decode(data), kinds)

        return matches


REGISTRY = Registry()


def verb(tag: str, **fields: Field[Any]) -> Callable[[type[B]], type[B]]:
    """Register a button kind: ``tag``, then its fields in the order they are written."""

    def register(kind: type[B]) -> type[B]:
        REGISTRY.add(Verb(tag, kind, tuple(fields.items())))
        return kind

    return register


def legacy(tag: str, kind: type[Button], **fields: Field[Any]) -> None:
    """Read an older form of ``kind`` still on buttons in chats; never written again."""
    REGISTRY.add(Verb(tag, kind, tuple(fields.items()), writes=False))


def encode(button: Button) -> str:
    """The callback data for ``button`` (at most 64 bytes; ``CallbackDataError`` otherwise)."""
    return REGISTRY.encode(button)


def decode(data: object) -> Button | None:
    """The button ``data`` names, or None for anything not written by ``encode``."""
    return REGISTRY.decode(data)


def decode_as(kind: type[B], data: object) -> B | None:
    """``decode``, for a handler that takes one kind of button."""
    button = REGISTRY.decode(data)
    return button if isinstance(button, kind) else None


def pattern(*kinds: type[Button]) -> Callable[[object], bool]:
    """The ``CallbackQueryHandler`` pattern of ``kinds``: data that decodes to one of them."""
    return REGISTRY.pattern(*kinds)


# Fields several verbs share.
ID = Number(maximum=MAX_ID)
REMINDER_ID = Number(maximum=MAX_ID, base=36)  # ids grow: written short
YES_NO = Choice({"y": True, "n": False})


# -- aftercare (``a1``: aftercare, format 1) -----------------------------------------------------


class When(Enum):
    """The "when was your session?" buttons."""

    MENU = "m"  # "Log a session" under /start's welcome: ask when
    NOW = "n"
    EARLIER = "e"  # an hour earlier today
    YESTERDAY = "y"
    TYPED = "t"  # "type a time"


@verb("a1:sw", when=Choice.enum(When))
@dataclass(frozen=True)
class SessionWhen(Button):
    when: When


@verb("a1:sh", at=Minute())
@dataclass(frozen=True)
class SessionHour(Button):
    """An hour picked for the session (one of ``recent_hours``)."""

    at: datetime


@verb("a1:ar", at=Minute(), area=Code(AREA_CODE, longest=24))
@dataclass(frozen=True)
class SessionArea(Button):
    """The area treated, with the session's time; the plan must still know the area."""

    at: datetime
    area: str


SCORES = range(11)


@verb("a1:ck", reminder_id=REMINDER_ID, score=Choice({**{str(n): n for n in SCORES}, "s": None}))
@dataclass(frozen=True)
class CheckinScore(Button):
    """A soreness score 0–10 under a check-in, or None: skipped."""

    reminder_id: int
    score: int | None


@verb("a1:br", reminder_id=REMINDER_ID, trouble=YES_NO)
@dataclass(frozen=True)
class BreathingAnswer(Button):
    """Breathing difficulty or chest pain? (after a high score)"""

    reminder_id: int
    trouble: bool


@verb("a1:rd", reminder_id=REMINDER_ID, done=Choice({"d": True, "z": False}))
@dataclass(frozen=True)
class RoutineAnswer(Button):
    """Done (True) or snooze (False) under a water, stretching or follow-up reminder."""

    reminder_id: int
    done: bool


@verb("a1:op", agreed=YES_NO)
@dataclass(frozen=True)
class ReminderConsent(Button):
    agreed: bool


@verb("a1:tz:k")
@dataclass(frozen=True)
class KeepTimeZone(Button):
    """Keep the suggested time zone."""


#: Quiet hours offered as buttons: ``HHhh`` from-to hours, or none.
QUIET_PRESETS = ("2108", "2207", "2309", "off")


@verb("a1:qh", preset=Choice.of(*QUIET_PRESETS))
@dataclass(frozen=True)
class QuietHoursPreset(Button):
    preset: str


@verb("a1:rk", kind=Choice.of(*KINDS))
@dataclass(frozen=True)
class ToggleKind(Button):
    """Turn one kind of reminder on or off (under /reminders)."""

    kind: str


#: The pauses offered as buttons, in days.
PAUSE_DAYS = (1, 3, 7)


class ReminderChange(Enum):
    PAUSE_1 = "p1"
    PAUSE_3 = "p3"
    PAUSE_7 = "p7"
    RESUME = "re"
    STOP = "st"

    @classmethod
    def pause(cls, days: int) -> ReminderChange:
        return cls(f"p{days}")

    @property
    def pause_days(self) -> int | None:
        """How long a pause holds reminders; None for resume and stop."""
        return int(self.value[1:]) if self.value.startswith("p") else None


@verb("a1:rs", change=Choice.enum(ReminderChange))
@dataclass(frozen=True)
class ChangeReminders(Button):
    """Pause, resume or stop reminders (under /reminders and /pause)."""

    change: ReminderChange


# -- clinics and onboarding ----------------------------------------------------------------------

#: The highest page number a button or ``/patients N`` may name.
MAX_PAGE = 999_999


@verb("ob", join=Choice({"join": True, "skip": False}))
@dataclass(frozen=True)
class JoinClinic(Button):
    """Join the clinic whose invite the patient opened, or not."""

    join: bool


@verb("cl:inv", multi_use=Choice({"1": False, "n": True}))
@dataclass(frozen=True)
class NewInvite(Button):
    """A single-use invite for one patient, or a multi-use one for the front desk."""

    multi_use: bool


@verb("cl:rv", invite_id=ID)
@dataclass(frozen=True)
class RevokeInvite(Button):
    invite_id: int


@verb("cl:ah", alert_id=ID)
@dataclass(frozen=True)
class MarkAlertHandled(Button):
    alert_id: int


@dataclass(frozen=True)
class PageEdge:
    """The patient at one edge of the page on screen: the next page starts after them
    (``forward``) or ends before them."""

    forward: bool
    patient_id: int


class Edge(Field[PageEdge]):
    """``a42``: the page after patient 42; ``b42``: the page before them."""

    def parse(self, token: str) -> PageEdge:
        forward = {"a": True, "b": False}.get(token[:1])
        patient_id = parse_number(token[1:])
        if forward is None or patient_id is None:
            raise _Refused(token)
        return PageEdge(forward, patient_id)

    def format(self, value: PageEdge) -> str:
        if not isinstance(value, PageEdge):
            raise TypeError(f"not a page edge: {value!r}")
        return ("a" if value.forward else "b") + str(_whole_number(value.patient_id))

    @property
    def widest(self) -> int:
        return 1 + len(str(MAX_ID))


PAGE = Number(minimum=1, maximum=MAX_PAGE)


@verb("cl:pg", page=PAGE, edge=Edge())
@dataclass(frozen=True)
class PageTurn(Button):
    """◀ / ▶ under the patient list: the page to show and the patient it is next to (None:
    a button sent before page turns named a patient, which shows the page by number)."""

    page: int
    edge: PageEdge | None = None


legacy("cl:pg", PageTurn, page=PAGE)


# -- questions to the clinic ---------------------------------------------------------------------


class AskStep(Enum):
    SHOW = "ask"  # "Ask my clinic" under a declined question: show what would be sent
    SEND = "send"
    CANCEL = "no"


@verb("qa", step=Choice.enum(AskStep), draft_id=ID)
@dataclass(frozen=True)
class AskClinic(Button):
    """A patient's own draft question: show, send or drop it."""

    step: AskStep
    draft_id: int


class StaffStep(Enum):
    REPLY = "r"  # asks for the answer (a ForceReply prompt)
    KEEP = "k"  # "add to our answers": an answered question becomes clinic knowledge


@verb("qs", step=Choice.enum(StaffStep), question_id=ID)
@dataclass(frozen=True)
class StaffQuestion(Button):
    step: StaffStep
    question_id: int


# -- privacy -------------------------------------------------------------------------------------


@verb("pv:del", erase=Choice({"yes": True, "no": False}))
@dataclass(frozen=True)
class ConfirmDelete(Button):
    """The answer to /delete's "are you sure?"."""

    erase: bool
