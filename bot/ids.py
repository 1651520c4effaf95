"""Reading a number a person typed or a button carried: one strict rule for the whole bot.

Python's ``int()`` and ``str.isdigit()`` are far more generous than an id: ``"²".isdigit()`` is
true but ``int("²")`` raises, ``int("٣")`` is 3, ``int(" 1_0 ")`` is 10, and a number of
twenty digits is a fine Python int that SQLite refuses with ``OverflowError``. Every command,
callback payload and CLI argument that names a patient, a page, an invite or a staff member
goes through ``parse_number``: ASCII digits only, nothing else, within bounds — or ``None``,
which the caller answers kindly ("no such patient"). Buttons that write a number in base 36 to
keep their data short read it back with ``parse_base36``, the same rule for that alphabet.
"""

from __future__ import annotations

import re

#: The largest value SQLite stores in an INTEGER column (a larger one raises OverflowError).
MAX_ID = 2**63 - 1

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# Base 36 (``0-9a-z``, lower case only): 13 places hold MAX_ID, so none is ever longer.
_BASE36_DIGITS = re.compile(r"[0-9a-z]{1,13}")


def parse_number(text: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``text`` as a number in ``minimum..maximum``, or None.

    Only ASCII digits are accepted: no sign, spaces, underscores, superscripts or other
    scripts' digits, and at most 19 of them, so no caller ever converts an unbounded string.
    """
    if text is None or not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_base36(text: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``text`` read as base 36 (how buttons write long numbers short), or None.

    The same rule as ``parse_number`` for another alphabet: ASCII ``0-9`` and ``a-z`` only
    (``int(text, 36)`` would also take capitals, signs, spaces, underscores and other scripts'
    digits), at most 13 places, within bounds.
    """
    if text is None or not _BASE36_DIGITS.fullmatch(text):
        return None
    number = int(text, 36)
    return number if minimum <= number <= maximum else None


def looks_like_a_number(text: str) -> bool:
    """Whether someone meant a number (any script's digits), even one ``parse_number`` refuses.

    Lets a handler say "there is no patient #99999999999999999999" rather than explain the
    command's usage to someone who did type a number.
    """
    return bool(text) and text.isnumeric()
