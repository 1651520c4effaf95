"""Invite tokens and codes: how they are made, when they are valid, and how guessing is slowed.

Two secrets open one invite. The *token* goes into a Telegram deep link
(``https://t.me/<bot>?start=<token>``): 32 URL-safe characters from
``secrets.token_urlsafe(24)``, 192 bits, so guessing is useless. The *code* is the fallback a
patient types (``/join K7QXM-2P9RT``): 10 characters from a 31-letter alphabet without
look-alikes (no 0/O, 1/I/L), about 49.5 bits (31^10, about 8·10^14 codes).
That is far less than the token on purpose — people type it — and is safe only because wrong
attempts are limited twice over:

* per Telegram account (``throttle``): about a dozen wrong tries an hour. A success never
  wipes the count, so alternating with a public poster code buys a guesser nothing;
* for everyone together (``CodeBudget``): at most ``overall`` wrong codes an hour across all
  accounts, so fifty fresh accounts get no more guesses than one budget; and at most
  ``per_clinic`` wrong attempts an hour on codes that name a clinic (its expired, revoked or
  used-up invites). A budget spent pauses typed codes (deep links still work: a token cannot
  be guessed) until the hour has moved on.

With 100 wrong codes an hour overall and even a thousand live codes, hitting one takes about
8·10^14 / (1000 · 100) hours on average: close to a million years.

Only a SHA-256 digest of either secret is stored; lookups hash what the user sent. A digest
without a salt is enough here: the token has 192 bits, and a stolen database already holds
everything an invite code would unlock.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

TOKEN_BYTES = 24  # 192 bits -> 32 characters of A-Za-z0-9_-
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_GROUP = 5

STAFF = "staff"
PATIENT = "patient"

SINGLE_USE_DAYS = 14
MULTI_USE_DAYS = 90
STAFF_INVITE_HOURS = 72
STAFF_INVITE_USES = 5


class InviteStatus(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED_UP = "used_up"


@dataclass(frozen=True)
class Invite:
    """An invite as stored: never the token or code themselves, only their digests."""

    id: int
    clinic_id: int
    purpose: str  # STAFF or PATIENT
    created_by: int | None  # Telegram user id of the staff member; None for the CLI
    created_at: datetime
    expires_at: datetime
    max_uses: int | None  # None: any number of patients (a front-desk poster)
    uses: int
    revoked_at: datetime | None


@dataclass(frozen=True)
class InviteSecrets:
    """What a new invite hands out once; only ``digest(...)`` of each is kept."""

    token: str
    code: str


def new_secrets() -> InviteSecrets:
    return InviteSecrets(token=secrets.token_urlsafe(TOKEN_BYTES), code=new_code())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``K7QXM2P9RT`` -> ``K7QXM-2P9RT``: easier to read out and type."""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalize_code(typed: str) -> str | None:
    """What the patient typed, upper-cased without spaces or dashes; None if it cannot be a code.

    ``k7qxm-2p9rt`` and ``K7QXM 2P9RT`` both work. Something that cannot be a code at all still
    counts as a wrong attempt for throttling (the caller decides).
    """
    cleaned = re.sub(r"[\s\-_.]", "", typed).upper()
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def looks_like_token(payload: str) -> bool:
    """A /start payload Telegram could have carried (≤ 64 of ``A-Za-z0-9_-``)."""
    return bool(TOKEN_PATTERN.match(payload))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invite_status(invite: Invite | None, now: datetime) -> InviteStatus:
    """Whether an invite can be used now; revoked wins over expired wins over used up."""
    if invite is None:
        return InviteStatus.UNKNOWN
    if invite.revoked_at is not None:
        return InviteStatus.REVOKED
    if invite.expires_at <= now:
        return InviteStatus.EXPIRED
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return InviteStatus.USED_UP
    return InviteStatus.OK


def patient_invite_terms(*, multi_use: bool, now: datetime) -> tuple[datetime, int | None]:
    """Expiry and use limit for a patient invite: one patient for two weeks, or a poster."""
    if multi_use:
        return now + timedelta(days=MULTI_USE_DAYS), None
    return now + timedelta(days=SINGLE_USE_DAYS), 1


@dataclass(frozen=True)
class ThrottlePolicy:
    """``free_attempts`` wrong tries per ``window``; after that each try doubles the wait."""

    free_attempts: int = 5
    window: timedelta = timedelta(hours=1)
    base_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(hours=1)


DEFAULT_THROTTLE = ThrottlePolicy()


@dataclass(frozen=True)
class CodeBudget:
    """Wrong codes allowed per ``window`` for all accounts together: overall and per clinic."""

    overall: int = 100
    per_clinic: int = 20
    window: timedelta = timedelta(hours=1)


DEFAULT_CODE_BUDGET = CodeBudget()


@dataclass(frozen=True)
class ThrottleDecision:
    allowed: bool
    retry_after: timedelta = timedelta()
    #: True when a shared budget (``CodeBudget``) is spent rather than the account's own.
    budget_spent: bool = False


def throttle(
    failures: list[datetime], now: datetime, policy: ThrottlePolicy = DEFAULT_THROTTLE
) -> ThrottleDecision:
    """May this user try another invite now, given the times of their recent wrong attempts?

    Counting happens over ``window`` (older failures are forgiven); past the free attempts the
    user must wait ``base_delay * 2**extra`` after their latest failure, capped at ``max_delay``.
    """
    recent = sorted(f for f in failures if now - f < policy.window)
    if len(recent) < policy.free_attempts:
        return ThrottleDecision(True)
    extra = len(recent) - policy.free_attempts
    delay = min(policy.base_delay * (2 ** min(extra, 20)), policy.max_delay)
    unlock = recent[-1] + delay
    if unlock <= now:
        return ThrottleDecision(True)
    return ThrottleDecision(False, unlock - now)


def budget_decision(
    wrong_codes: list[datetime], budget: int, now: datetime, window: timedelta
) -> ThrottleDecision:
    """May anyone try a code now, given the times of recent wrong codes in one shared budget?

    Spent when ``budget`` wrong codes fall within ``window``; it comes back as the oldest of
    them leaves the window.
    """
    recent = sorted(f for f in wrong_codes if now - f < window)
    if len(recent) < budget:
        return ThrottleDecision(True)
    unlock = recent[-budget] + window
    return ThrottleDecision(False, max(unlock - now, timedelta(seconds=1)), budget_spent=True)
